import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildIngestBatch, idempotencyKey, messageIdsDigest } from "./ingest-payload.ts";

const target = {
  mappingId: "6f1c1c1e-8f6a-4a43-9a39-3f0e7d2f6a10",
  clientId: "0b8d9a57-2c39-4a8e-93d4-1b9ad2a0f001",
  roomId: "a3f2b5d1-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
  channel: { id: "T400", chatId: "CT_1_2", name: "#support" },
};
const msgs = [
  { id: "1700000000000_1", time: 1_700_000_000_000 },
  { id: "1700000000000_2", time: 1_700_000_000_000 },
  { id: "1700000005000_1", time: 1_700_000_005_000 },
];

describe("ingest payload", () => {
  it("when the same batch is built twice, then it carries the same Idempotency-Key and body", () => {
    const entries = ["[2023-11-14 22:13:20] A: x", "[2023-11-14 22:13:20] B: y", "[2023-11-14 22:13:25] A: z"];
    expect(buildIngestBatch(target, msgs, entries)).toEqual(buildIngestBatch(target, [...msgs], [...entries]));
  });

  it("when the key is derived, then it is sha256 of the mapping and the ids, and changes with either", () => {
    const ids = msgs.map((m) => m.id);
    expect(idempotencyKey(target.mappingId, ids)).toBe(createHash("sha256").update(`${target.mappingId}\n${ids.join("\n")}`).digest("hex"));
    expect(idempotencyKey(target.mappingId, ids)).not.toBe(idempotencyKey(target.mappingId, ids.slice(1)));
    expect(idempotencyKey(target.mappingId, ids)).not.toBe(idempotencyKey("other", ids));
  });

  it("when the digest is computed, then it is sha256 of the ids in delivery order", () => {
    expect(messageIdsDigest(["a", "b"])).toBe(createHash("sha256").update("a\nb").digest("hex"));
    expect(messageIdsDigest(["a", "b"])).not.toBe(messageIdsDigest(["b", "a"]));
  });

  it("when a batch is built, then it states the contract's metadata: source, room, channel, time range, count and ids", () => {
    const b = buildIngestBatch(target, msgs, ["l1", "l2", "l3\ncontinued"]);
    expect(b.body).toMatchObject({
      source: "zoho_cliq",
      client_id: target.clientId,
      room_id: target.roomId,
      channel: { id: "T400", chat_id: "CT_1_2", name: "#support" },
      transcript: "l1\nl2\nl3\ncontinued",
      message_count: 3,
      first_message_time: "2023-11-14T22:13:20.000Z",
      last_message_time: "2023-11-14T22:13:25.000Z",
      message_ids: msgs.map((m) => m.id),
    });
  });

  it("when a batch would be empty, then building it is refused", () => {
    expect(() => buildIngestBatch(target, [], [])).toThrow(/at least one message/);
  });
});
