import { describe, expect, it } from "vitest";
import type { ZohoMessage } from "@cliq/zoho-client";
import { formatMessage, formatTranscript } from "./format.ts";
import { message, T0, WHATSAPP_LINE } from "./test-messages.ts";
import type { TranscriptMessage } from "./types.ts";

const UTC = { timeZone: "UTC" };

describe("formatMessage: text", () => {
  it("when a text message is formatted, then it is one line '[ts] Sender: text'", () => {
    expect(formatMessage(message({ text: "Deploy finished." }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: Deploy finished.");
  });

  it("when no options are given, then the time is in UTC", () => {
    expect(formatMessage(message())).toBe("[2025-01-06 08:00:00] Scott Fisher: hello");
  });

  it("when a time zone is configured, then the timestamp is local to it", () => {
    expect(formatMessage(message(), { timeZone: "Asia/Kolkata" })).toBe("[2025-01-06 13:30:00] Scott Fisher: hello");
  });

  it("when text has several lines, then the first carries the prefix and the rest follow as-is", () => {
    const out = formatMessage(message({ text: "Standup notes:\r\n1. API client done\n  2. indented\n\nBlockers: none\n\n" }), UTC);
    expect(out).toBe("[2025-01-06 08:00:00] Scott Fisher: Standup notes:\n1. API client done\n  2. indented\n\nBlockers: none");
  });

  it("when text is empty, blank or missing, then the body reads <empty message>", () => {
    for (const text of ["", " \n ", null]) {
      expect(formatMessage(message({ text }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <empty message>");
    }
  });

  it("when text has Cliq markup and mentions, then the body is plain text", () => {
    expect(formatMessage(message({ text: "[Ryan West](zohoid:631830848) please check the *latest* numbers 🙏" }), UTC)).toBe(
      "[2025-01-06 08:00:00] Scott Fisher: @Ryan West please check the latest numbers 🙏",
    );
  });

  it("when a message was edited, then WhatsApp's <This message was edited> ends its last line", () => {
    expect(formatMessage(message({ text: "v2", edited: true, editedTime: T0 + 5000 }), UTC)).toBe(
      "[2025-01-06 08:00:00] Scott Fisher: v2 <This message was edited>",
    );
    expect(formatMessage(message({ text: "a\nb", edited: true }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: a\nb <This message was edited>");
  });
});

describe("formatMessage: files, deleted, system, other types", () => {
  const file = { name: "Feature-overview.jpg", type: "image/jpeg", id: "f379" };

  it("when a file has a comment, then the line reads <attached: name> followed by the comment", () => {
    const msg = message({ type: "file", text: null, file, comment: "Hey Emily! Hope you understand the above design" });
    expect(formatMessage(msg, UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <attached: Feature-overview.jpg> Hey Emily! Hope you understand the above design");
  });

  it("when a file has no comment, then the line is the attachment marker alone", () => {
    expect(formatMessage(message({ type: "file", text: null, file }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <attached: Feature-overview.jpg>");
  });

  it("when a file's comment has markup and several lines, then it is plain text with continuation lines", () => {
    const msg = message({ type: "file", text: null, file, comment: "Numbers for *Q3* 📊\nsee page 2" });
    expect(formatMessage(msg, UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <attached: Feature-overview.jpg> Numbers for Q3 📊\nsee page 2");
  });

  it("when a file has no name or no file object, then the marker still reads as an attachment", () => {
    expect(formatMessage(message({ type: "file", text: null, file: null }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <attached: unnamed file>");
    const odd = { name: "two\nlines.pdf", type: null, id: null };
    expect(formatMessage(message({ type: "file", text: null, file: odd }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <attached: two lines.pdf>");
  });

  it("when a file comment was edited, then the edited marker follows the comment", () => {
    const msg = message({ type: "file", text: null, file, comment: "see attached", edited: true });
    expect(formatMessage(msg, UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <attached: Feature-overview.jpg> see attached <This message was edited>");
  });

  it("when a message was deleted, then the body is WhatsApp's 'This message was deleted'", () => {
    expect(formatMessage(message({ type: "deleted", text: null, edited: true }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: This message was deleted");
  });

  it("when a message is an info (system) message, then the sender position reads System", () => {
    const msg = message({ type: "info", text: "Scott Fisher added Zoë Ångström to this channel." });
    expect(formatMessage(msg, UTC)).toBe("[2025-01-06 08:00:00] System: Scott Fisher added Zoë Ångström to this channel.");
  });

  it("when the type is unknown, then the body names it and keeps any text", () => {
    expect(formatMessage(message({ type: "card", text: "Poll: *lunch*?" }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <unsupported message type: card> Poll: lunch?");
    expect(formatMessage(message({ type: "widget", text: null }), UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <unsupported message type: widget>");
  });

  it("when an unknown type carries a file, then the attachment marker is kept too", () => {
    const msg = message({ type: "attachment", text: null, file: { name: "a.zip", type: null, id: null } });
    expect(formatMessage(msg, UTC)).toBe("[2025-01-06 08:00:00] Scott Fisher: <unsupported message type: attachment> <attached: a.zip>");
  });

  it("when a message is a thread parent, then it is formatted like any other message", () => {
    expect(formatMessage(message({ isThreadParent: true }), UTC)).toBe(formatMessage(message(), UTC));
  });
});

describe("formatMessage: unambiguous lines", () => {
  it("when sender names contain colons, newlines, brackets, RTL or emoji, then the first line parses to the cleaned name", () => {
    const names: Array<[string, string]> = [
      ["Support: Tier 2", "Support Tier 2"],
      ["Jane\nDoe", "Jane Doe"],
      ["[Bot] Deploy", "[Bot] Deploy"],
      ["محمد", "محمد"],
      ["Zoë 👩🏽‍💻", "Zoë 👩🏽‍💻"],
    ];
    for (const [raw, clean] of names) {
      const out = formatMessage(message({ sender: { id: "1", name: raw }, text: "x: y" }), UTC);
      const parsed = WHATSAPP_LINE.exec(out.split("\n")[0] ?? "");
      expect(parsed?.slice(1)).toEqual(["2025-01-06 08:00:00", clean, "x: y"]);
    }
  });

  it("when the message time is not a number, then the error names the message", () => {
    expect(() => formatMessage(message({ id: "m-7", time: Number.NaN }), UTC)).toThrow(/message m-7: invalid time/);
  });

  it("when the zone is invalid, then the error names the zone", () => {
    expect(() => formatMessage(message(), { timeZone: "Europe/Nowhere" })).toThrow(/invalid time zone "Europe\/Nowhere"/);
  });
});

describe("formatTranscript", () => {
  it("when messages are given, then there is one entry per message, oldest first", () => {
    const out = formatTranscript([message({ id: "b", time: T0 + 1000, text: "second" }), message({ id: "a", text: "first" })], UTC);
    expect(out).toEqual(["[2025-01-06 08:00:00] Scott Fisher: first", "[2025-01-06 08:00:01] Scott Fisher: second"]);
  });

  it("when messages share a millisecond, then they keep the order they were given in", () => {
    const same = ["1", "2", "3", "4", "5"].map((n) => message({ id: `${T0}_${n}`, text: `msg ${n}` }));
    const out = formatTranscript([message({ time: T0 + 1, text: "later" }), ...same], UTC);
    expect(out).toEqual([...same.map((m) => `[2025-01-06 08:00:00] Scott Fisher: ${m.text}`), "[2025-01-06 08:00:00] Scott Fisher: later"]);
  });

  it("when a bare {@id} mention names someone who wrote in the batch, then their name is used", () => {
    const out = formatTranscript(
      [message({ sender: { id: "55743307", name: "John Doe" }, text: "hi" }), message({ time: T0 + 1, text: "{@55743307} could you review?" })],
      UTC,
    );
    expect(out[1]).toBe("[2025-01-06 08:00:00] Scott Fisher: @John Doe could you review?");
  });

  it("when mention names are given in the options, then they win over the batch", () => {
    const out = formatTranscript([message({ text: "{@15067889} {@42}" })], { timeZone: "UTC", mentionNames: new Map([["42", "Ada"]]) });
    expect(out).toEqual(["[2025-01-06 08:00:00] Scott Fisher: @Scott Fisher @Ada"]);
  });

  it("when the list is empty, then the transcript is empty", () => {
    expect(formatTranscript([], UTC)).toEqual([]);
  });

  it("when the zone is invalid, then even an empty transcript fails with the zone named", () => {
    expect(() => formatTranscript([], { timeZone: "Nope/Nope" })).toThrow(/"Nope\/Nope"/);
  });

  it("when the input array is formatted, then it is not reordered in place", () => {
    const input = [message({ id: "b", time: T0 + 1 }), message({ id: "a" })];
    formatTranscript(input, UTC);
    expect(input.map((m) => m.id)).toEqual(["b", "a"]);
  });
});

describe("input from the Zoho client", () => {
  it("when a ZohoMessage (with raw) is passed, then it is accepted as a TranscriptMessage and formatted", () => {
    // Compile-time: a ZohoMessage must stay assignable to TranscriptMessage.
    const zoho: ZohoMessage = { ...message({ text: "*Hi* {@all}" }), raw: { content: { text: "*Hi* {@all}" } } };
    const input: TranscriptMessage[] = [zoho];
    expect(formatTranscript(input, UTC)).toEqual(["[2025-01-06 08:00:00] Scott Fisher: Hi @all"]);
  });
});
