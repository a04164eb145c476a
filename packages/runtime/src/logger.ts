// The one logger factory. Secrets (tokens, client secrets, passwords, auth headers, cookies) are
// censored by key wherever we put them, so a careless `logger.info({ tokens })` cannot leak them.
import { hostname } from "node:os";
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger, DestinationStream };

/** Keys whose values are never logged, at the top level and up to three objects deep. */
export const SECRET_LOG_KEYS = [
  "accessToken",
  "refreshToken",
  "idToken",
  "access_token",
  "refresh_token",
  "id_token",
  "token",
  "tokens",
  "bearer",
  "clientSecret",
  "client_secret",
  "password",
  "passphrase",
  "secret",
  "apiKey",
  "api_key",
  "encryptionKey",
  "privateKey",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "Set-Cookie",
  "x-api-key",
] as const;

const HEADER_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
  "request.headers.authorization",
  "request.headers.cookie",
  "res.headers['set-cookie']",
];

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
}

function redactPaths(keys: readonly string[]): string[] {
  const paths: string[] = [...HEADER_PATHS];
  for (const k of keys) {
    const seg = key(k);
    const join = (prefix: string) => (seg.startsWith("[") ? `${prefix}${seg}` : `${prefix}.${seg}`);
    paths.push(seg.startsWith("[") ? `${seg}` : seg, join("*"), join("*.*"), join("*.*.*"));
  }
  return paths;
}

export type LoggerOptions = {
  service: string;
  level?: string;
  destination?: DestinationStream;
  /** More keys to censor, in addition to SECRET_LOG_KEYS. */
  redactKeys?: readonly string[];
};

export function createLogger(opts: LoggerOptions): Logger {
  const options = {
    level: opts.level ?? "info",
    // hostname is the pod name on Kubernetes: it tells replicas apart.
    base: { service: opts.service, pid: process.pid, hostname: hostname() },
    redact: { paths: redactPaths([...SECRET_LOG_KEYS, ...(opts.redactKeys ?? [])]), censor: "[redacted]" },
    serializers: { err: pino.stdSerializers.err },
  };
  return opts.destination === undefined ? pino(options) : pino(options, opts.destination);
}
