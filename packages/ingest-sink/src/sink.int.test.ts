import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { request } from "undici";
import { startIngestSink, type IngestSink } from "./index.ts";

let sink: IngestSink;
beforeAll(async () => {
  sink = await startIngestSink({ token: "test-token" });
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => sink.reset());

const ROOM_A = "00000000-0000-4000-8000-00000000000a";
const ROOM_B = "00000000-0000-4000-8000-00000000000b";

function doc(ids: string[], roomId = ROOM_A, text = "hello") {
  return {
    source: "zoho_cliq",
    client_id: "00000000-0000-4000-8000-000000000001",
    room_id: roomId,
    channel: { id: "T4000000040005", chat_id: "CT_1", name: "support" },
    transcript: ids.map((id, i) => `[2025-01-02 03:04:0${i}] Ana Lima: ${text} ${id}`).join("\n"),
    message_count: ids.length,
    first_message_time: "2025-01-02T03:04:00.000Z",
    last_message_time: `2025-01-02T03:04:0${ids.length - 1}.000Z`,
    message_ids_digest: `d-${ids.join(",")}`,
    message_ids: ids,
  };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await request(sink.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer test-token", "idempotency-key": "key-1", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, unknown> };
}

describe("ingest sink over HTTP", () => {
  it("when a valid document is posted, then it answers 201 with a job id and stores it", async () => {
    const res = await post(doc(["m1", "m2"]));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ accepted: true, job_id: expect.any(String) });
    expect(sink.records()).toEqual([expect.objectContaining({ key: "key-1", jobId: res.body.job_id })]);
    expect(sink.messageIds()).toEqual(["m1", "m2"]);
  });

  it("when the bearer token is missing or wrong, then it answers 401 JSON and stores nothing", async () => {
    const missing = await post(doc(["m1"]), { authorization: "" });
    const wrong = await post(doc(["m1"]), { authorization: "Bearer nope" });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
    expect(sink.records()).toEqual([]);
    expect(sink.attempts()).toBe(2);
  });

  it("when the Idempotency-Key header is missing, then it answers 400", async () => {
    const res = await post(doc(["m1"]), { "idempotency-key": "" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("Idempotency-Key");
  });

  it("when the body breaks the contract, then it answers 400 validation_failed naming the fields", async () => {
    const { message_ids_digest: _d, ...rest } = doc(["m1"]);
    const res = await post({ ...rest, source: "slack" });
    expect(res.status).toBe(400);
    const error = res.body.error as { code: string; message: string };
    expect(error.code).toBe("validation_failed");
    expect(error.message).toContain("source");
    expect(error.message).toContain("message_ids_digest");
  });

  it("when the same key and body are posted again, then the first answer is replayed and stored once", async () => {
    const first = await post(doc(["m1", "m2"]));
    const again = await post(doc(["m1", "m2"]));
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(sink.records()).toHaveLength(1);
    expect(sink.messageIds()).toEqual(["m1", "m2"]);
    expect(sink.attempts()).toBe(2);
  });

  it("when the same key and body race each other, then the document is still stored once", async () => {
    sink.setLatency(30);
    const answers = await Promise.all([post(doc(["m1"])), post(doc(["m1"])), post(doc(["m1"]))]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.job_id)).size).toBe(1);
    expect(sink.records()).toHaveLength(1);
  });

  it("when a key is reused with a different body, then it answers 422 and keeps the first document", async () => {
    await post(doc(["m1"]));
    const conflict = await post(doc(["m9"]));
    expect(conflict.status).toBe(422);
    expect(sink.messageIds()).toEqual(["m1"]);
  });

  it("when failNext is set, then that many posts fail and a retry with the same key is stored once", async () => {
    sink.failNext(2);
    const a = await post(doc(["m1"]));
    const b = await post(doc(["m1"]));
    const c = await post(doc(["m1"]));
    expect([a.status, b.status, c.status]).toEqual([503, 503, 201]);
    expect(c.headers["idempotent-replayed"]).toBeUndefined();
    expect(sink.messageIds()).toEqual(["m1"]);
    expect(sink.attempts()).toBe(3);
  });

  it("when failNext is given a status and body, then that exact answer is returned", async () => {
    sink.failNext(1, 500, { oops: true });
    const res = await post(doc(["m1"]));
    expect(res).toMatchObject({ status: 500, body: { oops: true } });
  });

  it("when failWhen picks one room, then only that room's documents are rejected", async () => {
    sink.failWhen((body) => (body.room_id === ROOM_B ? { status: 422, body: { error: { code: "room_closed" } } } : null));
    const rejected = await post(doc(["b1"], ROOM_B), { "idempotency-key": "kb" });
    const accepted = await post(doc(["a1"], ROOM_A), { "idempotency-key": "ka" });
    expect(rejected).toMatchObject({ status: 422, body: { error: { code: "room_closed" } } });
    expect(accepted.status).toBe(201);
    expect(sink.messageIds()).toEqual(["a1"]);
  });

  it("when latency is set, then answers take at least that long", async () => {
    sink.setLatency(150);
    const started = performance.now();
    await post(doc(["m1"]));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("when records are listed, then they come newest first and filter by room", async () => {
    await post(doc(["a1"], ROOM_A), { "idempotency-key": "k1" });
    await post(doc(["b1"], ROOM_B), { "idempotency-key": "k2" });
    await post(doc(["a2"], ROOM_A), { "idempotency-key": "k3" });
    const all = (await (await request(`${sink.baseUrl}/ingest/records`)).body.json()) as Array<{ key: string }>;
    const roomA = (await (await request(`${sink.baseUrl}/ingest/records?room_id=${ROOM_A}`)).body.json()) as Array<{ key: string }>;
    expect(all.map((r) => r.key)).toEqual(["k3", "k2", "k1"]);
    expect(roomA.map((r) => r.key)).toEqual(["k3", "k1"]);
  });

  it("when a transcript contains markup, then the HTML page shows it escaped", async () => {
    await post(doc(["x1"], ROOM_A, "<img src=x onerror=alert(1)>"));
    const res = await request(`${sink.baseUrl}/`);
    const html = await res.body.text();
    expect(res.headers["content-type"]).toContain("text/html");
    expect(html).toContain("Ana Lima: &lt;img src=x onerror=alert(1)&gt; x1");
    expect(html).not.toContain("<img");
  });

  it("when the body is over 10 MB, then it answers 413", async () => {
    const res = await post(doc(["m1"], ROOM_A, "x".repeat(10 * 1024 * 1024 + 10)));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: "payload_too_large" } });
  });
});
