// Builders for the transcript tests: a message with sensible defaults, overridden per case.
import type { TranscriptMessage } from "./types.ts";

export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

export function message(over: Partial<TranscriptMessage> = {}): TranscriptMessage {
  return {
    id: `${over.time ?? T0}_1`,
    time: T0,
    type: "text",
    sender: { id: "15067889", name: "Scott Fisher" },
    text: "hello",
    file: null,
    comment: null,
    edited: false,
    editedTime: null,
    isThreadParent: false,
    ...over,
  };
}

/** The WhatsApp-export first line, as a TCIS-style parser reads it. */
export const WHATSAPP_LINE = /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\] ([^:\n]+): (.*)$/;
