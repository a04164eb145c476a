// Name-based UUIDs (RFC 4122 §4.3, version 5 = SHA-1). The scheduler derives each job id from
// (mapping, schedule slot), so every scheduler process — and every re-run — computes the same
// id for the same run, and JetStream de-duplication plus the job projection's upsert keep it one job.
import { createHash } from "node:crypto";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidV5(name: string, namespace: string): string {
  if (!UUID.test(namespace)) throw new TypeError(`uuidV5: namespace must be a UUID (got "${namespace}")`);
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50; // version 5
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Fixed namespace for scheduled job ids. Changing it would re-issue every slot's jobs: never change it. */
export const SCHEDULED_JOB_NAMESPACE = "9a3c5e2e-6f4b-4c43-9b52-0d7a1f5c8e11";

/** The job id of a mapping's scheduled run in one slot: UUIDv5 of `<mappingId>/<slot ISO>`. */
export function scheduledJobId(mappingId: string, slot: Date): string {
  return uuidV5(`${mappingId}/${slot.toISOString()}`, SCHEDULED_JOB_NAMESPACE);
}
