// Message bodies for the generated org. They cover what a transcript converter must survive:
// multi-line text, unicode and emoji (incl. ZWJ sequences and astral characters), Cliq markup
// (*bold*, _italic_, ~strike~, `code`, ``` blocks, [text](url)), quotes, and mentions.
// The research doc does not document how mentions appear in retrieved text, so both forms
// seen in Cliq material are generated: `{@<user id>}` and `[Name](zohoid:<user id>)`.
import type { SimFile, SimUser } from "../types.ts";
import type { Prng } from "./prng.ts";

const SENTENCES = [
  "Client reports the app is still very slow this morning.",
  "Deploy finished, monitoring the error rate now.",
  "Can someone take the 3 pm call with Zylker?",
  "Invoice #4471 was sent to the customer.",
  "Thanks, that fixed it!",
  "Let's move the retro to Thursday.",
  "ok",
  "Text with \"double quotes\", 'single quotes', a \\backslash, <angle brackets> & an ampersand.",
  "   leading and trailing spaces   ",
  "Column:\tvalue after a tab",
  "[2025-01-06 10:00:00] Looks like a transcript line but is not one: really.",
];

const UNICODE = [
  "Café ☕ à 10h — ça marche ? Très bien, à tout à l'heure.",
  "会議は午後3時に始まります。資料は共有フォルダにあります。",
  "مرحبا بالجميع، الاجتماع غدا",
  "Grüße aus München! Straße, Größe, Übermaß.",
  "🚀 Deployed v2.3.1 🎉👍🏽",
  "Family offsite 👨‍👩‍👧‍👦 confirmed 🇮🇳🇬🇧",
  "Math: 𝓗𝓮𝓵𝓵𝓸 ∑ x² ≤ ∞",
  "Привет команда, релиз в пятницу.",
];

const MARKUP = [
  "*Release* is _almost_ ready — run `npm test` first.",
  "~Old plan~ *new plan*: ship on Friday.",
  "Config:\n```\nPORT=8080\nLOG_LEVEL=debug\n```\nRestart after editing.",
  "See [the runbook](https://example.com/runbook) or https://status.zylker.com",
  "> Is the export done?\nYes, *all* of it.",
  "Checklist:\n- [x] backup\n- [ ] migrate\n- [ ] _verify_",
];

const MULTILINE = [
  "Standup notes:\n1. API client done\n2. Worker in review\n\nBlockers: none",
  "Line one\nLine two\n\nLine four after a blank line",
  "Summary for today\r\nWindows line ending above",
];

const BOT_TEXTS = [
  "Build #{n} *passed* ✅ on `main`",
  "Build #{n} *failed* ❌ — see [logs](https://ci.zylker.com/{n})",
  "Reminder: timesheets are due today ⏰",
];

export function sampleText(prng: Prng, humans: readonly SimUser[]): string {
  const other = prng.pick(humans);
  switch (prng.int(0, 9)) {
    case 0:
    case 1:
      return prng.pick(UNICODE);
    case 2:
    case 3:
      return prng.pick(MARKUP);
    case 4:
      return prng.pick(MULTILINE);
    case 5:
      return `{@${other.id}} could you review this before lunch?`;
    case 6:
      return `[${other.name}](zohoid:${other.id}) please check the *latest* numbers 🙏`;
    case 7:
      return "{@all} standup starts in 5 minutes";
    default:
      return prng.pick(SENTENCES);
  }
}

export function botText(prng: Prng): string {
  return prng.pick(BOT_TEXTS).replaceAll("{n}", String(prng.int(100, 9999)));
}

export function infoText(prng: Prng, actor: SimUser, subject: SimUser): string {
  return prng.pick([
    `${actor.name} added ${subject.name} to this channel.`,
    `${actor.name} removed ${subject.name} from this channel.`,
    `${actor.name} changed the channel description.`,
    `${subject.name} joined this channel.`,
  ]);
}

export function sampleFile(prng: Prng): { file: SimFile; comment?: string } {
  const id = prng.hex(32);
  const kind = prng.int(0, 3);
  const size = prng.int(1_000, 5_000_000);
  const file: SimFile =
    kind === 0
      ? { name: "Feature-overview.jpg", type: "image/jpeg", id, dimensions: { height: 3510, width: 2552, size } }
      : kind === 1
        ? { name: "Q3 report.pdf", type: "application/pdf", id, dimensions: { size } }
        : kind === 2
          ? { name: "screenshot 2025-01-06 at 10.02.11.png", type: "image/png", id, dimensions: { height: 900, width: 1440, size } }
          : { name: "données_clients.csv", type: "text/csv", id, dimensions: { size } };
  const comment = prng.pick(["", "Hey! Hope you understand the above design", "Numbers for *Q3* 📊", "see attached"]);
  return comment === "" ? { file } : { file, comment };
}
