// The secrets scan: every log line of every child process, every event stored on the test's
// streams, every command reply the test received, every row of every table of the test schema and
// every document the sink stored must be free of token text. "Token text" is each secret value the
// stack handed out (client secret, encryption keys, ingest token) and anything shaped like a token
// the simulator mints (`1000.<32 hex>.<32 hex>`: access and refresh tokens and grant codes —
// including the ones issued by refreshes inside the services, which the test never sees).
import type { FaultStack } from "./stack.ts";
import { allRowsAsJson } from "./schema.ts";

const ZOHO_TOKEN_SHAPE = /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/;

export type Evidence = { source: string; text: string }[];
export type Finding = { source: string; secret: string; at: number };

export async function collectEvidence(stack: FaultStack): Promise<Evidence> {
  const evidence: Evidence = [];
  for (const log of stack.logs) evidence.push({ source: `log of ${log.name}`, text: log.text() });
  for (const e of await stack.allStoredEvents()) evidence.push({ source: `event #${e.seq} ${e.subject}`, text: `${e.msgId ?? ""} ${e.data}` });
  for (const [i, r] of stack.responses.entries()) evidence.push({ source: `command reply #${i}`, text: r });
  for (const row of await allRowsAsJson(stack.db.pool, stack.db.schema)) evidence.push({ source: `row of ${row.slice(0, row.indexOf(":"))}`, text: row });
  for (const r of stack.sink.records()) evidence.push({ source: `sink document ${r.key.slice(0, 12)}`, text: JSON.stringify(r) });
  return evidence;
}

/** The secret values of the stack, labelled (labels, never values, go into failure messages). */
export function secretsOf(stack: FaultStack, extra: Record<string, string> = {}): Map<string, string> {
  const secrets = new Map<string, string>([
    ["simulator client secret", stack.sim.clientSecret],
    ["TOKEN_ENCRYPTION_KEYS", stack.encryptionKeys],
    ["INGEST_TOKEN", stack.ingestToken],
  ]);
  for (const [i, part] of stack.encryptionKeys.split(",").entries()) secrets.set(`encryption key #${i + 1}`, part.slice(part.indexOf(":") + 1));
  for (const [label, value] of Object.entries(extra)) secrets.set(label, value);
  return secrets;
}

/** Where any secret (or token-shaped text) appears; empty when the evidence is clean. */
export function scanForSecrets(evidence: Evidence, secrets: Map<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const { source, text } of evidence) {
    for (const [label, value] of secrets) {
      const at = text.indexOf(value);
      if (value !== "" && at >= 0) findings.push({ source, secret: label, at });
    }
    const m = ZOHO_TOKEN_SHAPE.exec(text);
    if (m !== null) findings.push({ source, secret: "a Zoho token or grant code (1000.<hex>.<hex>)", at: m.index });
  }
  return findings;
}

/** Proves the scan sees what it looks for: the labels of planted secrets it failed to find (none). */
export function scanBlindSpots(secrets: Map<string, string>): string[] {
  const planted: Evidence = [...secrets].map(([label, value]) => ({ source: label, text: `…${value}…` }));
  planted.push({ source: "token shape", text: `Bearer 1000.${"ab".repeat(16)}.${"cd".repeat(16)}` });
  const found = new Set(scanForSecrets(planted, secrets).map((f) => f.source));
  return planted.map((p) => p.source).filter((s) => !found.has(s));
}
