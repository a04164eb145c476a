// Messages from GET /api/v2/chats/{chat_id}/messages (doc §2.6), normalised: time as a number,
// ids with a space / %20 rewritten to "_" (§2.2), content as an object or a plain string, edit
// metadata read from content.* (there is no root is_edited).
import { z } from "zod";
import { type Checked, check, describe, f, obj, objectArray, objectField } from "./fields.ts";

export type ZohoMessageFile = { name: string; type: string | null; id: string | null };

export type ZohoMessage = {
  id: string;
  /** Epoch milliseconds. */
  time: number;
  /** text | file | info | deleted | … kept as Zoho sent it. */
  type: string;
  sender: { id: string; name: string };
  text: string | null;
  file: ZohoMessageFile | null;
  comment: string | null;
  edited: boolean;
  editedTime: number | null;
  /** The message started a thread (it carries thread_information). */
  isThreadParent: boolean;
  raw: unknown;
};

/** `1629426730589%2040288830613` and `1629426730589 40288830613` both mean `1629426730589_40288830613`. */
export function normaliseMessageId(id: string): string {
  return id.replace(/%20| /g, "_");
}

const fileSchema = obj({ name: f.string(), type: f.optString(), id: f.optId() })
  .transform((x): ZohoMessageFile => ({ name: x.name, type: x.type, id: x.id }));

const contentObject = obj({
  text: f.optString(),
  file: objectField(fileSchema, "an object", true),
  comment: f.optString(),
  edited: f.optBool(),
  edited_time: f.optEpochMs(),
});

type Content = { text: string | null; file: ZohoMessageFile | null; comment: string | null; edited: boolean; editedTime: number | null };
const EMPTY: Content = { text: null, file: null, comment: null, edited: false, editedTime: null };

// Old spec fragments show `content` as a plain string; deleted messages may have none at all.
const contentSchema = z
  .unknown()
  .optional()
  .transform((c, ctx): Content => {
    if (c === null || c === undefined) return EMPTY;
    if (typeof c === "string") return { ...EMPTY, text: c };
    if (typeof c !== "object" || Array.isArray(c)) {
      ctx.addIssue({ code: "custom", message: `must be an object or a string (got ${describe(c)})` });
      return z.NEVER;
    }
    const parsed = contentObject.safeParse(c);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    }
    const o = parsed.data;
    return { text: o.text, file: o.file, comment: o.comment, edited: o.edited ?? false, editedTime: o.edited_time };
  });

const senderSchema = obj({ id: f.id(), name: f.string() });

const messageSchema = obj({
    id: f.id(),
    time: f.epochMs(),
    type: f.string(),
    sender: objectField(senderSchema, "an object {id, name}", false),
    content: contentSchema,
    thread_information: z.unknown().optional(),
  })
  .transform(
    (m): Omit<ZohoMessage, "raw"> => ({
      id: normaliseMessageId(m.id),
      time: m.time,
      type: m.type,
      sender: { id: m.sender.id, name: m.sender.name },
      text: m.content.text,
      file: m.content.file,
      comment: m.content.comment,
      edited: m.content.edited,
      editedTime: m.content.editedTime,
      isThreadParent: typeof m.thread_information === "object" && m.thread_information !== null,
    }),
  );

const messageListSchema = z.looseObject(
  { data: objectArray(messageSchema, "an array of messages") },
  { error: (iss) => `must be a JSON object (got ${describe(iss.input)})` },
);

/** Parses a messages response body; `raw` keeps each message exactly as Zoho sent it. */
export function parseMessageList(body: unknown): Checked<ZohoMessage[]> {
  const r = check(messageListSchema, body, "messages response");
  if (!r.ok) return r;
  const rawItems = (body as { data: unknown[] }).data;
  return { ok: true, value: sortMessages(r.value.data.map((m, i) => ({ ...m, raw: rawItems[i] }))) };
}

/** Ascending by (time, id); ids compare by code unit so the order is the same everywhere. */
export function sortMessages(messages: ZohoMessage[]): ZohoMessage[] {
  return [...messages].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
