// Request bodies of the /_sim/ admin routes, and the messages they turn into. A person at a
// terminal gets a 400 that names the field; nothing is applied until the whole body is valid.
import { z } from "zod";
import { generateChat } from "../domain/generate-chat.ts";
import { MAX_HIDDEN_RATE } from "../domain/timeline.ts";
import type { Prng } from "../domain/prng.ts";
import type { SimHiddenEntry, SimMessage, SimUser } from "../types.ts";

export const throttleBody = z
  .object({
    endpoint: z.enum(["messages", "channels", "channel"]),
    /** default: the configured lockMs; 0 lifts a lock */
    lockMs: z.number().int().min(0).optional(),
  })
  .strict();

const explicitMessage = z
  .object({
    text: z.string().min(1).max(5000), // Cliq's post limit (doc §2.9)
    /** a user id of the org, or {id, name}; default the simulated user */
    sender: z.union([z.string().min(1), z.object({ id: z.string().min(1), name: z.string().min(1) }).strict()]).optional(),
    time: z.number().int().min(0).optional(),
  })
  .strict();

const generateRequest = z
  .object({
    generate: z.number().int().min(1).max(10_000),
    seed: z.number().int().optional(),
    hiddenRate: z.number().min(0).max(MAX_HIDDEN_RATE).optional(),
    tieRate: z.number().min(0).max(1).optional(),
  })
  .strict();

const explicitMessages = z.array(explicitMessage).min(1).max(1_000);
export type AppendBody = z.output<typeof explicitMessages> | z.output<typeof generateRequest>;

export type Issue = { path: string; message: string };
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** either form, told apart first so the 400 speaks about the form that was meant (a zod union would only say "invalid input") */
export function parseAppendBody(body: unknown): Checked<AppendBody> {
  if (Array.isArray(body)) return checked(explicitMessages, body);
  if (typeof body === "object" && body !== null && "generate" in body) return checked(generateRequest, body);
  return { ok: false, issues: [{ path: "(body)", message: "expected an array of {text, sender?, time?} or {generate: n}" }] };
}

export function checked<S extends z.ZodType>(schema: S, body: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message })) };
}

export type Appended = { messages: SimMessage[]; hidden: SimHiddenEntry[] };

export type AppendContext = { chatId: string; now: number; users: readonly SimUser[]; defaultSender: SimUser; prng: Prng; nextSeed: () => number };

/** the messages to append, or the problem with the body (a sender that is not a user of the org) */
export function messagesFor(body: AppendBody, c: AppendContext): Checked<Appended> {
  if (!Array.isArray(body)) {
    const opts: Parameters<typeof generateChat>[0] = { seed: body.seed ?? c.nextSeed(), chatId: c.chatId, count: body.generate, endTime: c.now };
    if (body.hiddenRate !== undefined) opts.hiddenRate = body.hiddenRate;
    if (body.tieRate !== undefined) opts.tieRate = body.tieRate;
    const { messages, hidden } = generateChat(opts);
    return { ok: true, value: { messages, hidden } };
  }
  const messages: SimMessage[] = [];
  for (const [i, m] of body.entries()) {
    const sender = typeof m.sender === "object" ? m.sender : m.sender === undefined ? c.defaultSender : c.users.find((u) => u.id === m.sender);
    if (!sender) return { ok: false, issues: [{ path: `${i}.sender`, message: `${String(m.sender)} is not a user of the org (${c.users.map((u) => u.id).join(", ")})` }] };
    // without times, a batch ends at "now" one millisecond apart, so all of it is already sent
    const time = m.time ?? c.now - (body.length - 1 - i);
    messages.push({ id: `${time}_${c.prng.digits(15)}`, time, type: "text", sender: { id: sender.id, name: sender.name }, content: { text: m.text } });
  }
  return { ok: true, value: { messages, hidden: [] } };
}

/** a 400 body naming every problem */
export function badRequest(route: string, issues: readonly Issue[]) {
  return { code: "invalid_request", message: `${route}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues };
}
