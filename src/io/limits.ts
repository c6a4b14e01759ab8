import { shownText } from "./undecodable.js";

/**
 * What the readers hold at once, whatever the input: memory grows with these limits, never with a
 * broken file (a quote that never closes, a binary file without line breaks, a key per row).
 */
export interface ReadLimits {
  /** Characters one record may span: a line, a quoted multi-line record, a JSON element or JSON line. */
  readonly recordChars: number;
  /** Distinct keys a JSON or JSON Lines feed may use over all its objects (its columns). */
  readonly jsonKeys: number;
}

export const DEFAULT_LIMITS: ReadLimits = { recordChars: 1 << 20, jsonKeys: 10_000 };

/** Bytes a config or rule file may have: they are read whole. */
export const MAX_DOCUMENT_BYTES = 10 << 20;

/** Cuts a value quoted in a message to `max` characters: a message stays one readable line. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

/**
 * The reason of a record or header whose text was not valid UTF-8 (the decoder marks such bytes
 * with UNDECODABLE, shown here as U+FFFD; a U+FFFD written in the file is no reason): code `invalid_utf8`.
 */
export function invalidUtf8(value: string): string {
  return `invalid UTF-8 in ${JSON.stringify(excerpt(shownText(value)))} (shown as \uFFFD): if the file is latin1 or windows-1252, set the feed's "encoding"`;
}
