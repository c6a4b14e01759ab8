/**
 * Bytes that are not UTF-8, told apart from a U+FFFD written in the file.
 *
 * A decoder shows each maximal run of bytes that are not UTF-8 as U+FFFD, the character a file
 * may also hold as it is (the bytes EF BF BD: a title exported by a system that had already
 * replaced a character). The feed decoder (decode.ts) puts {@link UNDECODABLE} there instead:
 * a lone low surrogate, which no UTF-8 text decodes to, so a reader that finds one knows that
 * the bytes there were not UTF-8, and a U+FFFD is a character like any other. It never leaves a
 * reader: a record holding one is rejected (`invalid_utf8`), and its text shown with U+FFFD
 * ({@link shownText}), as a message and a report show it.
 */
export const UNDECODABLE = "\uDFFD";

/**
 * Where the first mark of bytes that are not UTF-8 is in `text` at or after `from`, -1 where there
 * is none: a lone {@link UNDECODABLE}, as the decoder puts it, and not the low half of a
 * character beyond U+FFFF (U+1F3FD, a skin tone, is the pair D83C DFFD), which no mark follows
 * the high half of (the text before a mark ends with a whole character).
 */
export function undecodableAt(text: string, from = 0): number {
  for (let i = text.indexOf(UNDECODABLE, from); i >= 0; i = text.indexOf(UNDECODABLE, i + 1)) {
    const before = i === 0 ? 0 : text.charCodeAt(i - 1);
    if (before < 0xd800 || before > 0xdbff) return i;
  }
  return -1;
}

/** Whether `text` holds a mark of bytes that are not UTF-8 (see {@link undecodableAt}). */
export const hasUndecodable = (text: string): boolean => undecodableAt(text) >= 0;

/** The text as people are shown it: each mark of bytes that are not UTF-8 as U+FFFD. */
export function shownText(text: string): string {
  let at = undecodableAt(text);
  if (at < 0) return text;
  let shown = "";
  let from = 0;
  for (; at >= 0; at = undecodableAt(text, at + 1)) {
    shown += `${text.slice(from, at)}\uFFFD`;
    from = at + 1;
  }
  return shown + text.slice(from);
}

/**
 * Whether saxes failed on an {@link UNDECODABLE} it had just read (`fail` is called with the
 * character that failed at `chunk[prevI]`): outside any XML text, as the lone surrogate it is.
 * Read from saxes' own fields, checked by {@link checkSaxesFields} when a parser is made.
 */
export function saxesFailedAtUndecodable(parser: object): boolean {
  const { chunk, prevI } = parser as unknown as SaxesPlace;
  return chunk.charCodeAt(prevI) === UNDECODABLE_CODE;
}

/** Throws when saxes no longer has the fields {@link saxesFailedAtUndecodable} reads. */
export function checkSaxesFields(parser: object): void {
  const { chunk, prevI } = parser as unknown as SaxesPlace;
  if (typeof chunk !== "string" || typeof prevI !== "number") {
    throw new Error("saxes no longer has the fields that tell where it failed (chunk, prevI)");
  }
}

/** saxes' message when a character is not one XML allows, which an {@link UNDECODABLE} in a text or a value is. */
export const SAXES_DISALLOWED = "disallowed character.";

const UNDECODABLE_CODE = UNDECODABLE.charCodeAt(0);

interface SaxesPlace {
  readonly chunk: string;
  readonly prevI: number;
}
