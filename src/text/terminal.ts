/**
 * Text for one line of a terminal, whatever an input put in it: line breaks (U+2028 and U+2029
 * too) become spaces, and control and bidi characters (a tab, an escape sequence, U+202E) and
 * lone surrogates become visible escapes (`\u0009`, `\u001b`, `\ud800`), so no input can move
 * the cursor, recolour, hide or reorder what is shown, a sku with a tab is not shown as one with
 * a space, and two lone surrogates are not both shown as U+FFFD.
 */
export function terminalLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(UNSHOWN, unicodeEscape);
}

/** Control and bidi characters, and surrogates that pair with nothing. */
const UNSHOWN =
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A character as the escape JSON and JavaScript write it, `\u202e`: visible, whatever it does when shown. */
export function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Characters that reorder the text around them (bidi embeddings, overrides and isolates): shown, they can make one text read as another. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The text with each bidi control written as a visible escape (`\u202e`), as {@link terminalLine} writes it. */
export function visibleBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, unicodeEscape);
}

/**
 * Columns a text takes in a terminal: two for East Asian wide and fullwidth characters (CJK,
 * Hangul, kana, fullwidth forms, most emoji), none for combining marks and zero-width
 * characters, one for the rest. A table padded by it stays aligned.
 */
export function displayWidth(text: string): number {
  let width = 0;
  /** Whether the last character counted is an emoji shown as text by default, one column so far (❤). */
  let textEmoji = false;
  for (const char of text) {
    const c = char.codePointAt(0)!;
    if (ZERO_WIDTH.test(char)) {
      // VARIATION SELECTOR-16 asks for the emoji presentation (❤️): two columns, as ✅ is.
      if (c === 0xfe0f && textEmoji) width++;
      textEmoji = false;
      continue;
    }
    const wide = isWide(c) || EMOJI.test(char);
    width += wide ? 2 : 1;
    // Digits, `#` and `*` are Emoji too, but a selector after them alone shows no emoji.
    textEmoji = !wide && c >= 0x80 && ANY_EMOJI.test(char);
  }
  return width;
}

/** Emoji, those shown as text by default too (❤, ☺, ✈, ©), which a VARIATION SELECTOR-16 shows as emoji. */
const ANY_EMOJI = /^\p{Emoji}$/u;

/** Emoji shown as emoji by default (✅, ☕, 🚀, 🛒, 🥐): wide (W) in EastAsianWidth.txt, wherever their block is. */
const EMOJI = /^\p{Emoji_Presentation}$/u;

/** Combining marks, and the zero-width space, joiners and variation selectors. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\u2060\ufe00-\ufe0f]$/u;

/** East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt, in short. */
function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}
