// A deterministic Cliq organisation: N channels × M messages from a seed. It deliberately
// contains the cases a sync client gets wrong: equal timestamps straddling page edges, file,
// info and deleted messages, edits, thread parents (and their thread chats), mixed time
// forms, numbers-as-strings and a never-opened channel whose chat_id is null.
import { z } from "zod";
import type { GeneratedOrg, SimChannel, SimMessage, SimUser } from "../types.ts";
import { createPrng, type Prng } from "./prng.ts";
import { botText, infoText, sampleFile, sampleText } from "./sample-content.ts";
import { formatTime, type TimeForm } from "./time.ts";
import { summarise } from "./channel-summary.ts";

export const GENERATED_USERS: readonly SimUser[] = [
  { id: "15067889", name: "Scott Fisher", email: "scott.fisher@zylker.com" },
  { id: "55743307", name: "John Doe", email: "john.doe@zylker.com" },
  { id: "631830848", name: "Ryan West", email: "ryan.west@zylker.com" },
  { id: "72981255", name: "Zoë Ångström", email: "zoe.angstrom@zylker.com" },
];
export const GENERATED_BOT: SimUser = { id: "b-1735998001178543591", name: "Zylker Deploy Bot" };

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
  startTime: z.number().int().min(0).default(Date.UTC(2025, 0, 6, 8, 0, 0)),
  spacingMs: z.number().int().min(1).default(60_000),
  organizationId: z.string().min(1).default("4435792"),
});
export type GenerateOrgOptions = z.input<typeof optionsSchema>;

export function generateOrg(opts: GenerateOrgOptions): GeneratedOrg {
  const parsed = optionsSchema.safeParse(opts);
  if (!parsed.success) throw new Error(`generateOrg: ${z.prettifyError(parsed.error)}`);
  const o = parsed.data;
  const prng = createPrng(o.seed);
  const org: GeneratedOrg = { organizationId: o.organizationId, users: [...GENERATED_USERS, GENERATED_BOT], channels: [], messages: {} };
  const usedSlugs = new Set<string>();
  for (let c = 0; c < o.channels; c++) {
    const channelStart = o.startTime + c * 7 * 60_000;
    const channel = makeChannel(prng, c, o.organizationId, channelStart - 86_400_000, usedSlugs);
    const chatId = channel.chat_id as string;
    const msgs = makeMessages(prng, o.messagesPerChannel, channelStart, o.spacingMs, chatId, org.messages);
    org.messages[chatId] = msgs;
    summarise(channel, msgs.length, msgs.at(-1));
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

/** indices whose message shares the previous message's millisecond */
function sameMsRuns(prng: Prng, m: number): Set<number> {
  const same = new Set<number>();
  // 11 equal timestamps across the edge of the newest-100 page (6 inside, 5 outside)...
  if (m >= 110) for (let i = m - 104; i <= m - 95; i++) same.add(i);
  // ...and 5 across the edge of a newest-10 page, for tests with small limits.
  if (m >= 30) for (let i = m - 11; i <= m - 8; i++) same.add(i);
  for (let i = 1; i < m; i++) if (prng.next() < 0.04) same.add(i);
  return same;
}

function makeMessages(prng: Prng, m: number, start: number, spacing: number, chatId: string, all: Record<string, SimMessage[]>): SimMessage[] {
  const same = sameMsRuns(prng, m);
  const out: SimMessage[] = [];
  let t = start;
  for (let i = 0; i < m; i++) {
    if (i > 0 && !same.has(i)) t += Math.max(1, Math.round(spacing * (0.5 + prng.next())));
    const msg = makeMessage(prng, i, t);
    // a few times arrive as numeric strings (doc §2.6)
    if (i % 37 === 17) msg.time = String(t);
    if (msg.type === "text" && i > 0 && i % 29 === 0) addThread(prng, msg, t, chatId, all);
    out.push(msg);
  }
  return out;
}

function makeMessage(prng: Prng, i: number, t: number): SimMessage {
  const id = `${t}_${prng.digits(15)}`;
  const human = prng.pick(GENERATED_USERS);
  const sender = { id: human.id, name: human.name };
  if (i === 0) return { id, time: t, type: "info", sender, content: { text: infoText(prng, human, prng.pick(GENERATED_USERS)) } };
  const r = prng.next();
  if (r < 0.05) return { id, time: t, type: "info", sender, content: { text: infoText(prng, human, prng.pick(GENERATED_USERS)) } };
  if (r < 0.13) return { id, time: t, type: "file", sender, content: sampleFile(prng) };
  if (r < 0.17) return { id, time: t, type: "deleted", sender, content: {} };
  if (r < 0.25) return { id, time: t, type: "text", sender: { id: GENERATED_BOT.id, name: GENERATED_BOT.name }, content: { text: botText(prng) } };
  const text = sampleText(prng, GENERATED_USERS);
  if (prng.next() < 0.1) {
    return { id, time: t, type: "text", sender, content: { text, edited: true, edited_time: t + prng.int(1_000, 900_000) }, revision: 2 };
  }
  return { id, time: t, type: "text", sender, content: { text } };
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
