// Reading a response body defensively: Zoho (or a proxy in front of it) can answer with JSON,
// an HTML error page, plain text such as `request_url_invalid`, or a truncated document.

export type ParsedBody =
  | { kind: "json"; value: unknown }
  | { kind: "empty" }
  | { kind: "html"; title: string | null }
  | { kind: "text"; text: string }
  | { kind: "invalid_json"; reason: string };

export function parseBody(text: string, contentType: string | null): ParsedBody {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  if (/^text\/html/i.test(contentType ?? "") || trimmed.startsWith("<")) {
    return { kind: "html", title: htmlTitle(trimmed) };
  }
  const looksJson = trimmed.startsWith("{") || trimmed.startsWith("[") || /json/i.test(contentType ?? "");
  try {
    return { kind: "json", value: JSON.parse(trimmed) };
  } catch (err) {
    if (!looksJson) return { kind: "text", text: trimmed.slice(0, 200) };
    return { kind: "invalid_json", reason: jsonFailure(err, trimmed.length) };
  }
}

// V8 quotes a slice of the input in some parse errors; that slice could hold a token or message
// text, so only the position is kept.
function jsonFailure(err: unknown, length: number): string {
  const message = err instanceof Error ? err.message : "";
  const at = /position (\d+)/.exec(message);
  const pos = at ? Number(at[1]) : null;
  if (/Unexpected end|Unterminated/.test(message) || (pos !== null && pos >= length - 1)) {
    return `truncated at ${length} characters`;
  }
  return pos === null ? `${length} characters` : `invalid at position ${pos} of ${length} characters`;
}

function htmlTitle(html: string): string | null {
  const m = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(html);
  const title = m?.[1]?.replace(/\s+/g, " ").trim();
  return title ? title.slice(0, 80) : null;
}

/** Why a body is not usable JSON, phrased for an error message. Never includes the body itself. */
export function describeNonJson(body: Exclude<ParsedBody, { kind: "json" }>): string {
  switch (body.kind) {
    case "empty":
      return "body is empty, expected JSON";
    case "html":
      return `body is an HTML page${body.title ? ` ("${body.title}")` : ""}, expected JSON`;
    case "text":
      return "body is plain text, expected JSON";
    case "invalid_json":
      return `body is not valid JSON (${body.reason})`;
  }
}

export type ZohoErrorBody = { code: string | null; message: string | null };

/**
 * Zoho's error fields across shapes: v2 `{code, message}`, v3 `{error: {code, message}}`,
 * OAuth `{error, error_description}`, and the plain-text `request_url_invalid`.
 */
export function errorFields(body: ParsedBody): ZohoErrorBody {
  if (body.kind === "text") {
    const word = /^[a-z][a-z0-9_]{2,60}$/.test(body.text) ? body.text : null;
    return { code: word, message: null };
  }
  if (body.kind !== "json" || !isRecord(body.value)) return { code: null, message: null };
  const v = body.value;
  const nested = isRecord(v.error) ? v.error : null;
  const code = str(v.code) ?? str(nested?.code) ?? str(v.error);
  const message = str(v.message) ?? str(nested?.message) ?? str(v.error_description);
  return { code, message };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}
