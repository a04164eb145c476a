// One generated chat history: the messages the API returns and the hidden entries it does
// not, from a seed. generateOrg builds each channel this way; generateChat is the same thing
// on its own, for big test channels that an org of equal channels would make too slow.
import { z } from "zod";
import type { SimHiddenEntry, SimMessage } from "../types.ts";
import { GENERATED_BOT, GENERATED_USERS } from "./generated-people.ts";
import { createPrng, hashOf, type Prng } from "./prng.ts";
import { botText, infoText, sampleFile, sampleText } from "./sample-content.ts";
import { layOutTimeline, MAX_HIDDEN_RATE, type TimelineOptions } from "./timeline.ts";

export const GENERATED_START = Date.UTC(2025, 0, 6, 8, 0, 0);
export const DEFAULT_HIDDEN_RATE = 0.06;
export const DEFAULT_TIE_RATE = 0.04;
export const DEFAULT_MAX_PER_MS = 12;

export const historyShape = {
  startTime: z.number().int().min(0).default(GENERATED_START),
  spacingMs: z.number().int().min(1).default(60_000),
  hiddenRate: z.number().min(0).max(MAX_HIDDEN_RATE).default(DEFAULT_HIDDEN_RATE),
  tieRate: z.number().min(0).max(1).default(DEFAULT_TIE_RATE),
};

const chatOptionsSchema = z
  .object({
    seed: z.number().int(),
    chatId: z.string().min(1),
    count: z.number().int().min(0).max(1_000_000),
    ...historyShape,
    maxPerMs: z.number().int().min(1).default(DEFAULT_MAX_PER_MS),
    crowdedMs: z.number().int().min(2).optional(),
    endTime: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((o) => o.crowdedMs === undefined || o.crowdedMs <= o.count, { message: "crowdedMs cannot exceed count", path: ["crowdedMs"] });
export type GenerateChatOptions = z.input<typeof chatOptionsSchema>;

export type GeneratedChat = {
  messages: SimMessage[];
  hidden: SimHiddenEntry[];
  /** the millisecond that holds `crowdedMs` messages, when asked for */
  crowdedTime?: number;
};

export function generateChat(opts: GenerateChatOptions): GeneratedChat {
  const parsed = chatOptionsSchema.safeParse(opts);
  if (!parsed.success) throw new Error(`generateChat: ${z.prettifyError(parsed.error)}`);
  const { seed, chatId, crowdedMs, endTime, ...rest } = parsed.data;
  const timeline: TimelineOptions = { ...rest, pageEdgeRuns: false };
  if (crowdedMs !== undefined) timeline.crowdedMs = crowdedMs;
  if (endTime !== undefined) timeline.endTime = endTime;
  // the chat id is mixed in so that two chats generated with one seed do not repeat each other
  return chatHistory(createPrng(seed ^ hashOf(chatId)), timeline);
}

/** a history on a shared PRNG; onText sees each visible text message (generateOrg hangs threads there). */
export function chatHistory(prng: Prng, o: TimelineOptions, onText?: (msg: SimMessage, index: number) => void): GeneratedChat {
  const { slots, crowdedTime } = layOutTimeline(prng, o);
  const used = new Set<string>();
  const messages: SimMessage[] = [];
  const hidden: SimHiddenEntry[] = [];
  for (const slot of slots) {
    const id = uniqueId(prng, slot.t, used);
    if (slot.hidden) {
      hidden.push({ id, time: slot.t });
      continue;
    }
    const i = messages.length;
    const msg = makeMessage(prng, i, slot.t, id);
    // a few times arrive as numeric strings (doc §2.6)
    if (i % 37 === 17) msg.time = String(slot.t);
    if (msg.type === "text" && onText) onText(msg, i);
    messages.push(msg);
  }
  return crowdedTime === undefined ? { messages, hidden } : { messages, hidden, crowdedTime };
}

/** `<ms>_<15 digits>` (doc §2.2), unique within the chat */
function uniqueId(prng: Prng, t: number, used: Set<string>): string {
  let id = `${t}_${prng.digits(15)}`;
  while (used.has(id)) id = `${t}_${prng.digits(15)}`;
  used.add(id);
  return id;
}

function makeMessage(prng: Prng, i: number, t: number, id: string): SimMessage {
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
