import { describe, expect, it } from "vitest";
import { describeIssues, ingestBodySchema } from "./ingest-body.ts";

const valid = {
  source: "zoho_cliq",
  client_id: "00000000-0000-0000-0000-000000000001",
  room_id: "00000000-0000-0000-0000-000000000002",
  channel: { id: "T4000000040005", chat_id: "CT_1234", name: "support" },
  transcript: "[2025-01-02 03:04:05] Ana Lima: hello\n[2025-01-02 03:04:06] Bo: hi",
  message_count: 2,
  first_message_time: "2025-01-02T03:04:05.000Z",
  last_message_time: "2025-01-02T03:04:06.000Z",
  message_ids_digest: "sha256:abc",
  message_ids: ["m1", "m2"],
};

function problemsOf(body: unknown) {
  const result = ingestBodySchema.safeParse(body);
  return result.success ? [] : describeIssues(result.error);
}

describe("ingest body contract", () => {
  it("when every field is right, then the document is accepted", () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it("when fields are missing or mistyped, then each one is named by its path", () => {
    const { room_id: _omit, ...rest } = valid;
    const paths = problemsOf({ ...rest, channel: { id: "x", name: "n" }, message_count: "2" }).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["room_id", "channel.chat_id", "message_count"]));
  });

  it("when the transcript uses a locale date instead of the WhatsApp line format, then it is refused", () => {
    const problems = problemsOf({ ...valid, transcript: "[1/2/2025, 3:04:05 AM] Ana: hello" });
    expect(problems).toEqual([expect.objectContaining({ path: "transcript" })]);
  });

  it("when an unknown field is sent, then it is refused rather than silently dropped", () => {
    expect(problemsOf({ ...valid, messageCount: 2 })).toEqual([expect.objectContaining({ message: expect.stringContaining("messageCount") })]);
  });

  it("when message_ids disagree with message_count, then message_ids is named", () => {
    expect(problemsOf({ ...valid, message_ids: ["m1"] })).toEqual([expect.objectContaining({ path: "message_ids" })]);
  });

  it("when the first message is after the last, then first_message_time is named", () => {
    expect(problemsOf({ ...valid, first_message_time: "2025-01-03T00:00:00Z" })).toEqual([
      expect.objectContaining({ path: "first_message_time" }),
    ]);
  });
});
