// Line handling shared by the markup converter and the line formatter: what counts as a line
// break, which characters are dropped, and how a sender name is made safe for the line prefix.

/**
 * Every sequence a reader (or Python's `str.splitlines`, which TCIS-style parsers use) treats
 * as a line break becomes "\n", so the transcript's line structure is explicit and identical
 * for every consumer.
 */
const LINE_BREAKS = /\r\n|[\r\v\f\u0085\u2028\u2029]/g;
/** C0/C1 controls other than tab and newline carry no text and can corrupt a line-based file. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

export function normaliseLineBreaks(text: string): string {
  return text.replace(LINE_BREAKS, "\n").replace(CONTROLS, "");
}

/** Splits a body into lines, dropping blank lines at the start and the end. */
export function bodyLines(text: string): string[] {
  const lines = normaliseLineBreaks(text).split("\n");
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start++;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end);
}

/**
 * A WhatsApp line is `[ts] Sender: text` and parsers split the sender off at the first ": ",
 * so a name may contain neither a colon nor a line break. Colons (ASCII and full-width) and any
 * whitespace run become one space; what remains is trimmed. Letters of every script, emoji and
 * direction marks are kept.
 */
export function sanitiseSenderName(name: string, id: string): string {
  const clean = normaliseLineBreaks(name)
    .replace(/[:\uFF1A\uFE55\uFE13]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (clean !== "") return clean;
  const cleanId = id.replace(/[:\s]+/g, " ").trim();
  return cleanId === "" ? "Unknown" : `Unknown (${cleanId})`;
}
