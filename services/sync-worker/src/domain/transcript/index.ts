// Cliq messages → WhatsApp-export transcript lines (pure; see README.md for the rules).
export type { TranscriptMessage, TranscriptOptions } from "./types.ts";
export { DEFAULT_TRANSCRIPT_OPTIONS } from "./types.ts";
export { formatMessage, formatTranscript, DELETED_TEXT, EDITED_MARKER, EMPTY_TEXT, SYSTEM_SENDER } from "./format.ts";
export { formatTimestamp, assertTimeZone } from "./timestamp.ts";
export { toPlainText, type PlainTextOptions } from "./plain-text.ts";
export { sanitiseSenderName } from "./lines.ts";
