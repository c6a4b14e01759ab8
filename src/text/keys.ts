import { unicodeEscape } from "./terminal.js";

/**
 * How a key (a sku, a location, a promotion id, a gtin, a family) is read: one policy for every
 * format (docs/feeds.md, "Keys"). A key is compared by its characters, so two spellings that a
 * person reads as one must not become two keys:
 *
 * - it is put in Unicode normalisation form C (NFC): `café` typed as `e` + U+0301 and as `é` is one key;
 * - a key holding a character no one can see (zero-width, joiners, bidi controls, soft hyphen, a
 *   BOM inside it, variation selectors, fillers), a control character or a lone surrogate is
 *   refused: `A1` and `A\u200B1` print alike, and normalisation keeps both.
 *
 * Plain ASCII keys, nearly all of them, are returned as they are after one scan of their code units.
 */

/** The Unicode name of each invisible character refused in keys, for messages. */
const INVISIBLE: ReadonlyMap<number, string> = new Map([
  [0x00ad, "SOFT HYPHEN"],
  [0x034f, "COMBINING GRAPHEME JOINER"],
  [0x061c, "ARABIC LETTER MARK"],
  [0x115f, "HANGUL CHOSEONG FILLER"],
  [0x1160, "HANGUL JUNGSEONG FILLER"],
  [0x17b4, "KHMER VOWEL INHERENT AQ"],
  [0x17b5, "KHMER VOWEL INHERENT AA"],
  [0x180e, "MONGOLIAN VOWEL SEPARATOR"],
  [0x200b, "ZERO WIDTH SPACE"],
  [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"],
  [0x200e, "LEFT-TO-RIGHT MARK"],
  [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x2028, "LINE SEPARATOR"],
  [0x2029, "PARAGRAPH SEPARATOR"],
  [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
  [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
  [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
  [0x2060, "WORD JOINER"],
  [0x2061, "FUNCTION APPLICATION"],
  [0x2062, "INVISIBLE TIMES"],
  [0x2063, "INVISIBLE SEPARATOR"],
  [0x2064, "INVISIBLE PLUS"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"],
  [0x2067, "RIGHT-TO-LEFT ISOLATE"],
  [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"],
  [0x206a, "INHIBIT SYMMETRIC SWAPPING"],
  [0x206b, "ACTIVATE SYMMETRIC SWAPPING"],
  [0x206c, "INHIBIT ARABIC FORM SHAPING"],
  [0x206d, "ACTIVATE ARABIC FORM SHAPING"],
  [0x206e, "NATIONAL DIGIT SHAPES"],
  [0x206f, "NOMINAL DIGIT SHAPES"],
  [0x3164, "HANGUL FILLER"],
  [0xfeff, "ZERO WIDTH NO-BREAK SPACE (BOM)"],
  [0xffa0, "HALFWIDTH HANGUL FILLER"],
]);

/** The name of code unit `c` if a key may not hold it, else null: controls, invisible characters, variation selectors. */
function refusedName(c: number): string | null {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return "a control character";
  if (c >= 0xfe00 && c <= 0xfe0f) return `VARIATION SELECTOR-${c - 0xfe00 + 1}`;
  return INVISIBLE.get(c) ?? null;
}

/** A code point as `U+200B`. */
export function codePointName(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Whether text[i] is half of a surrogate pair without its other half: no character at all (a
 * JSON escape `\ud800`, an xlsx `_xD800_`), which prints as U+FFFD like any other.
 */
function isLoneSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const before = text.charCodeAt(i - 1);
    return !(before >= 0xd800 && before <= 0xdbff);
  }
  return false;
}

/** `text` with every refused character and lone surrogate written as a visible `\u200b` escape, for messages. */
export function visibleKey(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += refusedName(c) === null && !isLoneSurrogate(text, i) ? text[i] : unicodeEscape(text[i]!);
  }
  return out;
}

/** The key a cell's text stands for (in NFC), or why it cannot be one. */
export type KeyResult = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly reason: string };

/** Reads a key: see the module's policy. `text` is the trimmed cell. */
export function readKey(text: string): KeyResult {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    const name = refusedName(c);
    if (name !== null) {
      const what = name.startsWith("a ") ? `${codePointName(c)}, ${name}` : `${codePointName(c)} ${name}`;
      return {
        ok: false,
        reason: `"${visibleKey(text)}" holds ${what}, which no one can see: it would make a key that prints like another; remove it`,
      };
    }
    if (isLoneSurrogate(text, i))
      return {
        ok: false,
        reason: `"${visibleKey(text)}" holds ${codePointName(c)}, half of a surrogate pair without the other half, which is no character: it would make a key that prints like another (as \ufffd); remove it`,
      };
    plain = false;
  }
  return { ok: true, key: plain ? text : text.normalize("NFC") };
}

/** Whether text[start, end) is printable ASCII only, a key {@link readKey} returns as it is. */
export function isPlainKey(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

/** `text` in NFC; ASCII text, which needs none, is returned after one scan. */
export function nfc(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return text.normalize("NFC");
  return text;
}

/** A column name as mapped columns and `ignoreColumns` entries are matched: in NFC, ignoring case. */
export function foldedName(name: string): string {
  return nfc(name).toLowerCase();
}

/** The text without its accents and other combining marks: `Šifra` → `Sifra`, `quantità` → `quantita`. */
export function withoutAccents(text: string): string {
  return text.normalize("NFD").replace(MARKS, "");
}

const MARKS = /\p{M}+/gu;
