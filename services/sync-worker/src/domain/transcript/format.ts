// One Cliq message → one WhatsApp-export entry: `[YYYY-MM-DD HH:mm:ss] Sender Name: text`,
// continuation lines as-is. The rules (and their examples) are in README.md beside this file.
import { bodyLines, normaliseLineBreaks, sanitiseSenderName } from "./lines.ts";
import { toPlainText, type PlainTextOptions } from "./plain-text.ts";
import { assertTimeZone, formatTimestamp } from "./timestamp.ts";
import { DEFAULT_TRANSCRIPT_OPTIONS, type TranscriptMessage, type TranscriptOptions } from "./types.ts";

/** WhatsApp's own wording, so tools that read WhatsApp exports recognise them. */
export const EDITED_MARKER = "<This message was edited>";
export const DELETED_TEXT = "This message was deleted";
export const EMPTY_TEXT = "<empty message>";
/** Info (system) messages have no real author; this name stands in the sender position. */
export const SYSTEM_SENDER = "System";

export function formatMessage(msg: TranscriptMessage, opts: TranscriptOptions = DEFAULT_TRANSCRIPT_OPTIONS): string {
  if (typeof msg.time !== "number" || !Number.isFinite(msg.time)) {
    throw new RangeError(`message ${msg.id}: invalid time ${String(msg.time)}, expected epoch milliseconds`);
  }
  const names = opts.mentionNames;
  const plain: PlainTextOptions = names ? { mentionName: (id) => names.get(id) } : {};
  const timestamp = formatTimestamp(msg.time, opts.timeZone);
  const sender = msg.type === "info" ? SYSTEM_SENDER : sanitiseSenderName(msg.sender.name, msg.sender.id);
  return `[${timestamp}] ${sender}: ${bodyOf(msg, plain).join("\n")}`;
}

/**
 * The entries of one transcript, oldest first. The sort is stable, so messages sharing a
 * millisecond keep the order they were given in (Zoho's order inside a page).
 */
export function formatTranscript(msgs: TranscriptMessage[], opts: TranscriptOptions = DEFAULT_TRANSCRIPT_OPTIONS): string[] {
  assertTimeZone(opts.timeZone);
  const names = new Map<string, string>();
  for (const m of msgs) if (m.type !== "info" && m.sender.name.trim() !== "") names.set(m.sender.id, m.sender.name);
  for (const [id, name] of opts.mentionNames ?? []) names.set(id, name);
  const withNames: TranscriptOptions = { ...opts, mentionNames: names };
  return [...msgs].sort((a, b) => a.time - b.time).map((m) => formatMessage(m, withNames));
}

function bodyOf(msg: TranscriptMessage, plain: PlainTextOptions): string[] {
  const textLines = (s: string | null) => (s === null ? [] : bodyLines(toPlainText(s, plain)));
  switch (msg.type) {
    case "deleted":
      return [DELETED_TEXT];
    case "text":
    case "info":
      return markEdited(msg, orEmpty(textLines(msg.text)));
    case "file": {
      const caption = textLines(msg.comment ?? msg.text);
      return markEdited(msg, withMarker(attachedMarker(msg.file), caption));
    }
    default: {
      const markers = [`<unsupported message type: ${oneLine(msg.type) || "unknown"}>`];
      if (msg.file) markers.push(attachedMarker(msg.file));
      return markEdited(msg, withMarker(markers.join(" "), textLines(msg.text ?? msg.comment)));
    }
  }
}

function attachedMarker(file: TranscriptMessage["file"]): string {
  const name = file ? oneLine(file.name) : "";
  return `<attached: ${name === "" ? "unnamed file" : name}>`;
}

/** The marker leads the first line; the caption follows it, its further lines as-is. */
function withMarker(marker: string, lines: string[]): string[] {
  const [first, ...rest] = lines;
  return first === undefined ? [marker] : [`${marker} ${first}`, ...rest];
}

function orEmpty(lines: string[]): string[] {
  return lines.length === 0 ? [EMPTY_TEXT] : lines;
}

function markEdited(msg: TranscriptMessage, lines: string[]): string[] {
  if (!msg.edited) return lines;
  const last = lines.length - 1;
  return lines.map((line, i) => (i === last ? `${line} ${EDITED_MARKER}` : line));
}

function oneLine(s: string): string {
  return normaliseLineBreaks(s).replace(/\s+/g, " ").trim();
}
