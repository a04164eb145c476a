// The gateway API: JSON over fetch with the bearer token. Every failure becomes an ApiError with
// the contract's `{ code, message, details }`, so pages show one kind of error.
import { clearToken, getToken } from "./session.js";

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Called when the gateway answers 401: the page sends the user back to sign in. */
let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

export async function api(method, path, body) {
  const token = getToken();
  const headers = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let res;
  try {
    res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, "network", `the gateway did not answer (${err.message})`);
  }
  const text = await res.text();
  let json;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok) return json;
  const e = json?.error;
  const error =
    e && typeof e.code === "string"
      ? new ApiError(res.status, e.code, e.message ?? res.statusText, e.details)
      : new ApiError(res.status, res.status === 429 ? "rate_limited" : "internal", `HTTP ${res.status} ${res.statusText}`.trim());
  if (error.code === "rate_limited" && error.details === undefined) {
    const after = Number(res.headers.get("retry-after"));
    if (Number.isFinite(after) && after > 0) error.details = { retryAfterMs: after * 1000 };
  }
  if (res.status === 401) {
    clearToken();
    onUnauthenticated(error);
  }
  throw error;
}

export const get = (path) => api("GET", path);
// Commands always carry a JSON body (`{}` when there is nothing to say): the gateway validates
// every body against a strict schema, and an empty object is the one shape each accepts.
export const post = (path, body) => api("POST", path, body ?? {});
export const del = (path) => api("DELETE", path, {});
