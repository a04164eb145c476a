// Cliq markup → plain readable text. Each construct is replaced by its readable form; text
// that must not be touched again (code, URLs, mention names) is parked behind a placeholder
// so the emphasis pass cannot eat an underscore in a URL or an asterisk in code.
import { normaliseLineBreaks } from "./lines.ts";

export type PlainTextOptions = {
  /** Display name for a bare `{@id}` mention; the id is shown when this returns nothing. */
  mentionName?: (id: string) => string | undefined;
};

// Placeholders are built from private-use characters; any such character already in the input
// is parked first, so input can never forge a placeholder.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

// A link target: no spaces, one level of balanced parentheses (Wikipedia-style URLs).
const TARGET = String.raw`((?:[^()\s]|\([^()\s]*\))+)`;
const FENCED_BLOCK = /```([\s\S]*?)```/g;
const INLINE_CODE = /`([^`\n]+)`/g;
const IMAGE = new RegExp(String.raw`!\[([^\]\n]*)\]\(${TARGET}\)`, "g");
const ZOHOID_MENTION = /@?\[([^\]\n]+)\]\(zohoid:[^)\s]*\)/g;
const AT_LINK_MENTION = /@\[([^\]\n]+)\]\([^)\n]*\)/g;
const LINK = new RegExp(String.raw`\[([^\]\n]+)\]\(${TARGET}\)`, "g");
const BRACE_MENTION = /\{([@#])([^}|\s]+)(?:\|([^}\n]*))?\}/g;
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>"\uE000\uE001]+/g;
const URL_TRAILING_PUNCTUATION = /[.,;:!?*_~'")\]]+$/;

/** Emphasis markers, double forms first so `**x**` is not read as `*` + `*x*` + `*`. */
const EMPHASIS = ["**", "__", "~~", "*", "_", "~"].map(emphasisPattern);

function emphasisPattern(marker: string): RegExp {
  const m = marker.replace(/\*/g, "\\*");
  const c = marker[0] === "*" ? "\\*" : marker[0] === "~" ? "~" : "_";
  // Opens after a non-letter/digit and before a non-space; closes after a non-space and before
  // a non-letter/digit (WhatsApp's rule), so snake_case, 2*3*4 and "a * b" stay as typed.
  const inner = String.raw`[^\s${c}]|[^\s${c}][^\n]*?[^\s${c}]`;
  return new RegExp(String.raw`(?<![\p{L}\p{N}${c}])${m}(${inner})${m}(?![\p{L}\p{N}${c}])`, "gu");
}

class Parking {
  private readonly values: string[] = [];
  park(value: string): string {
    this.values.push(value);
    return `${OPEN}${this.values.length - 1}${CLOSE}`;
  }
  /** Parked values may hold earlier placeholders (always lower indexes), so this terminates. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (_, i: string) => this.restore(this.values[Number(i)] ?? ""));
  }
}

/**
 * Every construct below needs one of these (emphasis and code markers, `[` of links, images and
 * mentions, `{` of brace mentions, a URL start, a placeholder character); most chat messages
 * have none, and then no pattern can match.
 */
const MAY_HOLD_MARKUP = /[`*_~[{\uE000\uE001]|https?:\/\/|www\./;

export function toPlainText(cliqMarkup: string, opts: PlainTextOptions = {}): string {
  const normalised = normaliseLineBreaks(cliqMarkup);
  if (!MAY_HOLD_MARKUP.test(normalised)) return normalised;
  const parking = new Parking();
  const park = (v: string) => parking.park(v);
  let text = normalised.replace(/[\uE000\uE001]/g, park);

  text = text.replace(FENCED_BLOCK, (_, body: string) => park(body.replace(/^\n/, "").replace(/\n$/, "")));
  text = text.replace(INLINE_CODE, (_, body: string) => park(body));
  text = text.replace(IMAGE, (_, alt: string, url: string) => (alt.trim() === "" ? park(url) : `${alt} (${park(url)})`));
  text = text.replace(ZOHOID_MENTION, (_, name: string) => `@${park(mentionLabel(name))}`);
  text = text.replace(AT_LINK_MENTION, (_, name: string) => `@${park(mentionLabel(name))}`);
  text = text.replace(LINK, (_, label: string, url: string) => (label === url ? park(url) : `${label} (${park(url)})`));
  text = text.replace(BRACE_MENTION, (_, sigil: string, id: string, name: string | undefined) => {
    const label = name?.trim() || (sigil === "@" ? opts.mentionName?.(id) : undefined) || id;
    return `${sigil}${park(mentionLabel(label))}`;
  });
  text = text.replace(BARE_URL, (match: string) => {
    const url = match.replace(URL_TRAILING_PUNCTUATION, "");
    return park(url) + match.slice(url.length);
  });
  for (let round = 0; round < 4; round++) {
    const before = text;
    for (const pattern of EMPHASIS) text = text.replace(pattern, "$1");
    if (text === before) break;
  }
  return parking.restore(text);
}

function mentionLabel(name: string): string {
  return name.trim().replace(/^[@#]+/, "");
}
