// A golden transcript: one channel's worth of the message kinds the simulator generates,
// formatted in Europe/Berlin across the autumn DST change. The expected text is written out
// in full so any change to the line format shows up as a readable diff.
import { describe, expect, it } from "vitest";
import { formatTranscript } from "./format.ts";
import { message } from "./test-messages.ts";
import type { TranscriptMessage } from "./types.ts";

const at = (iso: string) => Date.parse(iso);
const scott = { id: "15067889", name: "Scott Fisher" };
const john = { id: "55743307", name: "John Doe" };
const zoe = { id: "72981255", name: "Zoë Ångström" };
const bot = { id: "b-1735998001178543591", name: "Zylker Deploy Bot" };

const MESSAGES: TranscriptMessage[] = [
  message({ id: "1", time: at("2024-10-26T22:58:00Z"), type: "info", sender: scott, text: "Scott Fisher added Zoë Ångström to this channel." }),
  message({ id: "2", time: at("2024-10-26T23:00:00Z"), sender: zoe, text: "Café ☕ à 10h — ça marche ?" }),
  message({ id: "3", time: at("2024-10-27T00:30:00Z"), sender: john, text: "{@72981255} could you review this before lunch?" }),
  message({ id: "4", time: at("2024-10-27T00:30:00Z"), sender: bot, text: "Build #4471 *failed* ❌ — see [logs](https://ci.zylker.com/4471)" }),
  message({ id: "5", time: at("2024-10-27T01:30:00Z"), sender: scott, text: "Config:\n```\nPORT=8080\nLOG_LEVEL=debug\n```\nRestart after editing." }),
  message({ id: "6", time: at("2024-10-27T01:31:00Z"), sender: john, type: "file", text: null, file: { name: "Feature-overview.jpg", type: "image/jpeg", id: "f3791c22" }, comment: "Hey! Hope you understand the above design" }),
  message({ id: "7", time: at("2024-10-27T01:32:00Z"), sender: zoe, type: "deleted", text: null }),
  message({ id: "8", time: at("2024-10-27T01:33:00Z"), sender: scott, text: "~Old plan~ *new plan*: ship on Friday.", edited: true, editedTime: at("2024-10-27T01:40:00Z") }),
  message({ id: "9", time: at("2024-10-27T01:34:00Z"), sender: { id: "9", name: "Ops: Night\nShift" }, text: "Family offsite 👨‍👩‍👧‍👦 confirmed 🇮🇳🇬🇧\r\nمرحبا بالجميع\n\n" }),
  message({ id: "10", time: at("2024-10-27T01:35:00Z"), sender: john, type: "card", text: "Lunch poll" }),
  message({ id: "11", time: at("2024-10-27T01:36:00Z"), sender: zoe, text: "" }),
  message({ id: "12", time: at("2024-10-27T01:37:00Z"), sender: zoe, text: "[Scott Fisher](zohoid:15067889) please check the *latest* numbers 🙏" }),
];

const EXPECTED = `[2024-10-27 00:58:00] System: Scott Fisher added Zoë Ångström to this channel.
[2024-10-27 01:00:00] Zoë Ångström: Café ☕ à 10h — ça marche ?
[2024-10-27 02:30:00] John Doe: @Zoë Ångström could you review this before lunch?
[2024-10-27 02:30:00] Zylker Deploy Bot: Build #4471 failed ❌ — see logs (https://ci.zylker.com/4471)
[2024-10-27 02:30:00] Scott Fisher: Config:
PORT=8080
LOG_LEVEL=debug
Restart after editing.
[2024-10-27 02:31:00] John Doe: <attached: Feature-overview.jpg> Hey! Hope you understand the above design
[2024-10-27 02:32:00] Zoë Ångström: This message was deleted
[2024-10-27 02:33:00] Scott Fisher: Old plan new plan: ship on Friday. <This message was edited>
[2024-10-27 02:34:00] Ops Night Shift: Family offsite 👨‍👩‍👧‍👦 confirmed 🇮🇳🇬🇧
مرحبا بالجميع
[2024-10-27 02:35:00] John Doe: <unsupported message type: card> Lunch poll
[2024-10-27 02:36:00] Zoë Ångström: <empty message>
[2024-10-27 02:37:00] Zoë Ångström: @Scott Fisher please check the latest numbers 🙏`;

describe("golden transcript", () => {
  it("when a mixed channel history is formatted in Europe/Berlin, then it matches the golden transcript", () => {
    expect(formatTranscript(MESSAGES, { timeZone: "Europe/Berlin" }).join("\n")).toBe(EXPECTED);
  });

  it("when the same history is formatted in UTC, then only the timestamps change", () => {
    const utc = formatTranscript(MESSAGES, { timeZone: "UTC" });
    expect(utc[0]).toBe("[2024-10-26 22:58:00] System: Scott Fisher added Zoë Ångström to this channel.");
    expect(utc.map((e) => e.replace(/^\[[^\]]+\]/, ""))).toEqual(
      formatTranscript(MESSAGES, { timeZone: "Europe/Berlin" }).map((e) => e.replace(/^\[[^\]]+\]/, "")),
    );
  });
});
