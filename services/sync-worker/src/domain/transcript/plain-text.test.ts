import { describe, expect, it } from "vitest";
import { toPlainText } from "./plain-text.ts";

describe("toPlainText: emphasis", () => {
  it("when text has *bold*, _italic_ or ~strike~, then the markers are removed", () => {
    expect(toPlainText("*Release* is _almost_ ready, ~not~ yet")).toBe("Release is almost ready, not yet");
  });

  it("when markers are doubled or nested, then all of them are removed", () => {
    expect(toPlainText("**dbl** __under__ ~~gone~~")).toBe("dbl under gone");
    expect(toPlainText("*_both_* and _*both*_ and *~x~*")).toBe("both and both and x");
  });

  it("when emphasis is followed by punctuation, then it is still recognised", () => {
    expect(toPlainText("~Old plan~ *new plan*: ship on Friday.")).toBe("Old plan new plan: ship on Friday.");
  });

  it("when markers sit inside words or between spaces, then they are text, not markup", () => {
    expect(toPlainText("snake_case_name 2*3*4 a * b * c file_v2_.txt")).toBe("snake_case_name 2*3*4 a * b * c file_v2_.txt");
  });

  it("when an emphasis marker has no partner on the same line, then it stays", () => {
    expect(toPlainText("*starts here\nends here*")).toBe("*starts here\nends here*");
  });
});

describe("toPlainText: code", () => {
  it("when text has `inline code`, then the backticks go and the code is kept verbatim", () => {
    expect(toPlainText("run `npm test -- *_x_*` first")).toBe("run npm test -- *_x_* first");
  });

  it("when text has a ``` block, then the fences go and its lines are kept verbatim", () => {
    expect(toPlainText("Config:\n```\nPORT=8080\nLOG_LEVEL=*debug*\n```\nRestart after editing.")).toBe(
      "Config:\nPORT=8080\nLOG_LEVEL=*debug*\nRestart after editing.",
    );
  });

  it("when a ``` block is on one line, then its content is kept", () => {
    expect(toPlainText("```SELECT 1```")).toBe("SELECT 1");
  });

  it("when a ``` fence is never closed, then the text is left as typed", () => {
    expect(toPlainText("```\nhalf")).toBe("```\nhalf");
  });
});

describe("toPlainText: links", () => {
  it("when text has [text](url), then it reads 'text (url)'", () => {
    expect(toPlainText("See [the runbook](https://example.com/runbook) now")).toBe("See the runbook (https://example.com/runbook) now");
  });

  it("when the link text is the url itself, then the url appears once", () => {
    expect(toPlainText("[https://a.io](https://a.io)")).toBe("https://a.io");
  });

  it("when text has ![alt](url), then it reads 'alt (url)', or the url alone without alt", () => {
    expect(toPlainText("![diagram](https://i.io/d.png) ![](https://i.io/e.png)")).toBe("diagram (https://i.io/d.png) https://i.io/e.png");
  });

  it("when a url has underscores, asterisks or parentheses, then it is not touched by emphasis", () => {
    expect(toPlainText("[wiki](https://en.wikipedia.org/wiki/Foo_(bar)) https://x.com/_a_/b*c*")).toBe(
      "wiki (https://en.wikipedia.org/wiki/Foo_(bar)) https://x.com/_a_/b*c*",
    );
  });

  it("when a bare url is wrapped in emphasis, then the markers go and the url stays whole", () => {
    expect(toPlainText("*https://status.zylker.com*.")).toBe("https://status.zylker.com.");
  });

  it("when brackets are not a link, then they stay (checklists)", () => {
    expect(toPlainText("- [x] backup\n- [ ] _verify_")).toBe("- [x] backup\n- [ ] verify");
  });
});

describe("toPlainText: mentions", () => {
  it("when a mention is {@id|Name}, [Name](zohoid:id) or @[Name](…), then it reads @Name", () => {
    expect(toPlainText("{@678|Jane Roe}, [Scott Fisher](zohoid:15067889) and @[Ann Lee](user:1)")).toBe("@Jane Roe, @Scott Fisher and @Ann Lee");
  });

  it("when a mention is a bare {@id}, then the known name is used, else the id", () => {
    const names = new Map([["55743307", "John Doe"]]);
    expect(toPlainText("{@55743307} and {@999}", { mentionName: (id) => names.get(id) })).toBe("@John Doe and @999");
    expect(toPlainText("{@55743307} could you review?")).toBe("@55743307 could you review?");
  });

  it("when the mention is {@all} or a channel {#id|name}, then it reads @all / #name", () => {
    expect(toPlainText("{@all} see {#T123|general}")).toBe("@all see #general");
  });

  it("when a mentioned name has markup characters, then the name is kept exactly", () => {
    expect(toPlainText("hi {@1|_Bob_} and *{@2|Ann}*")).toBe("hi @_Bob_ and @Ann");
  });
});

describe("toPlainText: text that must survive", () => {
  it("when text has emoji, ZWJ sequences, flags, astral and RTL characters, then they are unchanged", () => {
    const samples = ["🚀 Deployed v2.3.1 🎉👍🏽", "Family 👨‍👩‍👧‍👦 🇮🇳🇬🇧", "Math: 𝓗𝓮𝓵𝓵𝓸 ∑ x² ≤ ∞", "مرحبا بالجميع، الاجتماع غدا", "שלום\u200F עולם", "会議は午後3時"];
    for (const s of samples) expect(toPlainText(s)).toBe(s);
  });

  it("when text contains private-use characters, then they cannot forge a placeholder", () => {
    const s = "\uE0000\uE001 and \uE000 alone \uE001";
    expect(toPlainText(s)).toBe(s);
  });

  it("when text has quotes, angle brackets and backslashes, then they are unchanged", () => {
    const s = "Text with \"double quotes\", 'single', a \\backslash, <angle brackets> & an ampersand. > quoted";
    expect(toPlainText(s)).toBe(s);
  });

  it("when text has CRLF line endings, then they become \\n", () => {
    expect(toPlainText("Summary\r\nWindows line")).toBe("Summary\nWindows line");
  });
});

describe("toPlainText: text without markup", () => {
  it("when a text has no markup characters, then it is only line-normalised (controls dropped, breaks unified)", () => {
    expect(toPlainText("Deploy finished.\r\nAll green\u0007 — see you @ 5 (or 6)!")).toBe("Deploy finished.\nAll green — see you @ 5 (or 6)!");
  });

  it("when a control character hides a URL start, then the URL is still recognised after normalising", () => {
    // "ht\u0001tp://x.io/_a_" only becomes a URL once the control is dropped; its underscores must survive
    expect(toPlainText("see ht\u0001tp://x.io/_a_ now")).toBe("see http://x.io/_a_ now");
    expect(toPlainText("see *x*\u0001")).toBe("see x");
  });
});
