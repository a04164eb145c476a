// The ingest document for one batch (DESIGN.md, "The ingest contract") and the values that make
// re-sending it safe: the Idempotency-Key and the ids digest depend only on the mapping and the
// batch's message ids, so the same batch always carries the same key.
import { createHash } from "node:crypto";
import type { MessageRef } from "./cursor.ts";

export type IngestTarget = {
  mappingId: string;
  clientId: string;
  roomId: string;
  channel: { id: string; chatId: string; name: string };
};

export type IngestBody = {
  source: "zoho_cliq";
  client_id: string;
  room_id: string;
  channel: { id: string; chat_id: string; name: string };
  transcript: string;
  message_count: number;
  first_message_time: string;
  last_message_time: string;
  message_ids_digest: string;
  message_ids: string[];
};

export type IngestBatch = { idempotencyKey: string; body: IngestBody };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** sha256 of the ids in delivery order, newline-separated (ids never contain a newline). */
export function messageIdsDigest(ids: readonly string[]): string {
  return sha256(ids.join("\n"));
}

/** sha256(mappingId + ids): the same batch of the same mapping always gets the same key. */
export function idempotencyKey(mappingId: string, ids: readonly string[]): string {
  return sha256(`${mappingId}\n${ids.join("\n")}`);
}

/** The batch document; `transcriptEntries` are the formatted messages (one entry each, oldest first). */
export function buildIngestBatch(target: IngestTarget, messages: readonly MessageRef[], transcriptEntries: readonly string[]): IngestBatch {
  const first = messages[0];
  const last = messages.at(-1);
  if (first === undefined || last === undefined) throw new RangeError("an ingest batch needs at least one message");
  const ids = messages.map((m) => m.id);
  return {
    idempotencyKey: idempotencyKey(target.mappingId, ids),
    body: {
      source: "zoho_cliq",
      client_id: target.clientId,
      room_id: target.roomId,
      channel: { id: target.channel.id, chat_id: target.channel.chatId, name: target.channel.name },
      transcript: transcriptEntries.join("\n"),
      message_count: messages.length,
      first_message_time: new Date(first.time).toISOString(),
      last_message_time: new Date(last.time).toISOString(),
      message_ids_digest: messageIdsDigest(ids),
      message_ids: ids,
    },
  };
}
