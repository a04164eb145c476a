// One HTTP exchange with a hard deadline covering connect, headers and body. Network failures
// become ZohoTransientError; everything else about the answer is judged by domain/classify.ts.
import { type Dispatcher, request } from "undici";
import { type ZohoEndpoint, ZohoMalformedResponseError, ZohoTransientError } from "./errors.ts";
import type { HttpAnswer } from "./domain/classify.ts";

export type HttpDeps = { dispatcher: Dispatcher; timeoutMs: number; userAgent: string };
export type HttpRequest = { method: "GET" | "POST"; url: string; headers?: Record<string, string>; form?: URLSearchParams };

// Far above any real page (100 messages); guards memory against a runaway body.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

// undici/Node codes that mean "no usable answer arrived"; a retry may well succeed.
const NETWORK_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN",
  "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EHOSTDOWN",
  "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED", "UND_ERR_DESTROYED", "UND_ERR_ABORTED", "UND_ERR_INFO",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH", "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

function errorCode(err: unknown): string | null {
  if (typeof err !== "object" || err === null) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause === undefined || cause === err ? null : errorCode(cause);
}

function header(v: string | string[] | undefined): string | null {
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

async function readCapped(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, endpoint: ZohoEndpoint, status: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new ZohoMalformedResponseError(`${endpoint} response: body exceeds ${MAX_BODY_BYTES} bytes`, {
        endpoint,
        status,
        zohoCode: null,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function exchange(deps: HttpDeps, endpoint: ZohoEndpoint, req: HttpRequest): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  const headers: Record<string, string> = { accept: "application/json", "user-agent": deps.userAgent, ...req.headers };
  if (req.form) headers["content-type"] = "application/x-www-form-urlencoded";
  let status: number | null = null;
  try {
    const res = await request(req.url, {
      method: req.method,
      headers,
      body: req.form?.toString() ?? null,
      dispatcher: deps.dispatcher,
      signal: controller.signal,
      // backstops only: the abort above is the deadline, so its message is the one seen
      headersTimeout: deps.timeoutMs + 1_000,
      bodyTimeout: deps.timeoutMs + 1_000,
    });
    status = res.statusCode;
    const text = await readCapped(res.body, endpoint, status);
    return {
      status,
      contentType: header(res.headers["content-type"]),
      retryAfter: header(res.headers["retry-after"]),
      text,
    };
  } catch (err) {
    if (err instanceof ZohoMalformedResponseError) throw err;
    const fields = { endpoint, status, zohoCode: null, cause: err };
    if (controller.signal.aborted) {
      throw new ZohoTransientError(`Zoho ${endpoint} request timed out after ${deps.timeoutMs} ms`, fields);
    }
    const code = errorCode(err);
    if (code === "UND_ERR_CONNECT_TIMEOUT") {
      throw new ZohoTransientError(`Zoho ${endpoint} request failed: connect timed out`, fields);
    }
    if (code !== null && NETWORK_CODES.has(code)) {
      throw new ZohoTransientError(`Zoho ${endpoint} request failed: network error ${code}`, fields);
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
