import { isAscii } from "node:buffer";
import { PricelintError } from "../model/errors.js";

/** Text encodings a feed may declare. */
export type Encoding = "utf-8" | "latin1" | "windows-1252";

/**
 * Turns a stream of bytes into a stream of text, keeping multi-byte characters whole. A UTF-8 BOM
 * at the start of the file is dropped; one anywhere else is a character as any other. Bytes that are not valid UTF-8 become U+FFFD, which the record readers reject row by row.
 * A file that starts with a byte order mark contradicting `encoding` (UTF-16, or UTF-8 declared as
 * latin1) is a PricelintError (`io`): decoding it would garble every row.
 */
export async function* decode(bytes: AsyncIterable<Uint8Array>, encoding: Encoding): AsyncGenerator<string> {
  let first = true;
  if (encoding === "latin1") {
    for await (const chunk of bytes) {
      if (first && chunk.byteLength > 0) {
        first = false;
        checkByteOrderMark(chunk, encoding);
      }
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    }
    return;
  }
  // The BOM is dropped here, once, at the start of the text: a decoder left to drop it would drop
  // one at the start of the first bytes it sees, which, as ASCII chunks pass it by, may be a U+FEFF
  // in the middle of the file, kept or not by where a chunk ends.
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  let atStart = true;
  // Whether the decoder may hold the first bytes of a character cut at the last chunk's end: not
  // when that chunk ended with an ASCII byte, which ends any sequence.
  let pending = false;
  for await (const chunk of bytes) {
    if (first && chunk.byteLength > 0) {
      first = false;
      checkByteOrderMark(chunk, encoding);
    }
    if (chunk.byteLength === 0) continue;
    // Most chunks are ASCII, the same bytes in both encodings: copied as they are, at memory
    // speed, where the decoder would check every byte.
    if (!pending && isAscii(chunk)) {
      atStart = false;
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
      continue;
    }
    pending = chunk[chunk.byteLength - 1]! >= 0x80;
    const text = withoutBom(decoder.decode(chunk, { stream: true }));
    if (text) yield text;
  }
  const rest = withoutBom(decoder.decode());
  if (rest) yield rest;

  /** The text with the file's leading BOM dropped, if it is the file's first text. */
  function withoutBom(text: string): string {
    if (!atStart || text === "") return text;
    atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

function checkByteOrderMark(chunk: Uint8Array, encoding: Encoding): void {
  const [a, b, c, d] = chunk;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
    throw new PricelintError(
      "io",
      'the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8, or as latin1 or windows-1252 and set the feed\'s "encoding"',
    );
  }
  // A workbook read as text (an .xlsx named .csv, an .ods): every advice about its encoding would mislead.
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04) {
    throw new PricelintError(
      "io",
      'the file is a zip archive (an Excel or OpenDocument workbook?), not text: name an Excel workbook ".xlsx" or set the feed\'s "format": "xlsx"; save any other sheet as .xlsx or CSV',
    );
  }
  // An ASCII character then NUL, or NUL then one: UTF-16 text without a byte order mark.
  if (b !== undefined && ((a! > 0 && a! < 0x80 && b === 0) || (a === 0 && b > 0 && b < 0x80))) {
    throw new PricelintError(
      "io",
      `the file looks UTF-16 without a byte order mark (its first bytes are ${hex(chunk.subarray(0, 4))}): save it as UTF-8, or as latin1 or windows-1252 and set the feed's "encoding"`,
    );
  }
  if (encoding !== "utf-8" && a === 0xef && b === 0xbb && c === 0xbf) {
    throw new PricelintError(
      "io",
      `the file starts with a UTF-8 byte order mark but the feed's "encoding" is ${encoding}: remove "encoding" (UTF-8 is the default)`,
    );
  }
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
