// A deterministic Cliq organisation: N channels × M messages from a seed. It deliberately
// contains the cases a sync client gets wrong: hidden entries that make short pages
// mid-history, equal timestamps anywhere (and straddling the newest page edges), file, info
// and deleted messages, edits, thread parents (and their thread chats), mixed time forms,
// numbers-as-strings and a never-opened channel whose chat_id is null.
import { z } from "zod";
import type { GeneratedOrg, SimChannel, SimHiddenEntry, SimMessage } from "../types.ts";
import { summarise } from "./channel-summary.ts";
import { chatHistory, DEFAULT_MAX_PER_MS, historyShape } from "./generate-chat.ts";
import { GENERATED_BOT, GENERATED_USERS } from "./generated-people.ts";
import { createPrng, type Prng } from "./prng.ts";
import { sampleText } from "./sample-content.ts";
import { formatTime, toEpochMs, type TimeForm } from "./time.ts";

export { GENERATED_BOT, GENERATED_USERS };

const CHANNEL_NAMES = ["Zylker-Support", "Engineering", "Ventes Équipe", "Design 🎨", "Ops-Alerts", "Marketing", "Product", "Random"];
const LEVELS = [
  { level: "organization", prefix: "O" },
  { level: "team", prefix: "T" },
  { level: "private", prefix: "P" },
  { level: "external", prefix: "E" },
] as const;

const optionsSchema = z.object({
  seed: z.number().int(),
  channels: z.number().int().min(0).max(10_000).default(6),
  messagesPerChannel: z.number().int().min(0).max(1_000_000).default(240),
  ...historyShape,
  organizationId: z.string().min(1).default("4435792"),
});
export type GenerateOrgOptions = z.input<typeof optionsSchema>;

export function generateOrg(opts: GenerateOrgOptions): GeneratedOrg {
  const parsed = optionsSchema.safeParse(opts);
  if (!parsed.success) throw new Error(`generateOrg: ${z.prettifyError(parsed.error)}`);
  const o = parsed.data;
  const prng = createPrng(o.seed);
  const hidden: Record<string, SimHiddenEntry[]> = {};
  const org: GeneratedOrg = { organizationId: o.organizationId, users: [...GENERATED_USERS, GENERATED_BOT], channels: [], messages: {}, hidden };
  const usedSlugs = new Set<string>();
  for (let c = 0; c < o.channels; c++) {
    const channelStart = o.startTime + c * 7 * 60_000;
    const channel = makeChannel(prng, c, o.organizationId, channelStart - 86_400_000, usedSlugs);
    const chatId = channel.chat_id as string;
    const history = chatHistory(
      prng,
      { count: o.messagesPerChannel, startTime: channelStart, spacingMs: o.spacingMs, hiddenRate: o.hiddenRate, tieRate: o.tieRate, maxPerMs: DEFAULT_MAX_PER_MS, pageEdgeRuns: true },
      (msg, i) => {
        if (i > 0 && i % 29 === 0) addThread(prng, msg, toEpochMs(msg.time), chatId, org.messages);
      },
    );
    org.messages[chatId] = history.messages;
    hidden[chatId] = history.hidden;
    summarise(channel, history.messages.length + history.hidden.length, history.messages.at(-1));
    org.channels.push(channel);
  }
  org.channels.push(neverOpenedChannel(prng, o.organizationId, o.startTime - 172_800_000));
  return org;
}

function makeChannel(prng: Prng, c: number, orgId: string, created: number, usedSlugs: Set<string>): SimChannel {
  const { level, prefix } = LEVELS[c % LEVELS.length] as (typeof LEVELS)[number];
  const base = CHANNEL_NAMES[c % CHANNEL_NAMES.length] as string;
  const title = c < CHANNEL_NAMES.length ? base : `${base}-${c}`;
  const creator = prng.pick(GENERATED_USERS);
  const form: TimeForm = c % 2 === 0 ? "ms" : "iso";
  const channel: SimChannel = {
    channel_id: prefix + prng.digits(13),
    chat_id: `CT_${prng.digits(19)}_${creator.id}`,
    name: `#${title}`,
    unique_name: uniqueSlug(title, usedSlugs),
    description: `Channel for ${title}`,
    level,
    status: c === 3 ? "archived" : "created",
    invite_only: level === "private",
    joined: true,
    pinned: c === 0,
    organization_id: orgId,
    creator_id: creator.id,
    creator_name: creator.name,
    creation_time: formatTime(created, form),
    last_modified_time: formatTime(created, form),
    participant_count: c % 3 === 1 ? String(prng.int(2, 40)) : prng.int(2, 40),
    total_message_count: "0",
    unread_message_count: prng.int(0, 9),
    current_user_role: c === 0 ? "super_admin" : "member",
  };
  if (level === "team") channel.teams = { [prng.digits(7)]: prng.pick(["SALES", "SUPPORT", "R&D"]) };
  return channel;
}

function neverOpenedChannel(prng: Prng, orgId: string, created: number): SimChannel {
  return {
    channel_id: "O" + prng.digits(13),
    chat_id: null,
    name: "#Never-Opened",
    unique_name: "neveropened",
    level: "organization",
    status: "created",
    joined: false,
    organization_id: orgId,
    creation_time: created,
    last_modified_time: created,
    participant_count: "12",
    total_message_count: "0",
  };
}

function addThread(prng: Prng, parent: SimMessage, t: number, chatId: string, all: Record<string, SimMessage[]>): void {
  const threadChatId = `${chatId}-T-${prng.digits(19)}`;
  const replies: SimMessage[] = [];
  const count = prng.int(2, 5);
  for (let k = 1; k <= count; k++) {
    const at = t + k * 30_000;
    const user = prng.pick(GENERATED_USERS);
    replies.push({ id: `${at}_${prng.digits(15)}`, time: at, type: "text", sender: { id: user.id, name: user.name }, content: { text: sampleText(prng, GENERATED_USERS) } });
  }
  all[threadChatId] = replies;
  parent.thread_information = {
    chat_id: threadChatId,
    title: (parent.content.text ?? "").split("\n")[0]?.slice(0, 40) ?? "",
    message_count: count,
    follower_count: prng.int(1, 4),
    is_follower: prng.next() < 0.5,
    thread_message_id: parent.id.replace("_", "%20"),
  };
}

function uniqueSlug(title: string, used: Set<string>): string {
  const base = title.normalize("NFD").toLowerCase().replace(/[^a-z0-9]/g, "") || "channel";
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}${n}`;
  used.add(slug);
  return slug;
}
