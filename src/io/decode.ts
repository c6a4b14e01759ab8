import { isAscii } from "node:buffer";
import { PricelintError } from "../model/errors.js";
import { UNDECODABLE } from "./undecodable.js";

/** Text encodings a feed may declare. */
export type Encoding = "utf-8" | "latin1" | "windows-1252";

/**
 * Turns a stream of bytes into a stream of text, keeping multi-byte characters whole. A UTF-8 BOM
 * at the start of the file is dropped; one anywhere else is a character as any other. Each
 * maximal run of bytes that are not UTF-8 becomes {@link UNDECODABLE} (where a decoder puts
 * U+FFFD), which the record readers reject row by row; a U+FFFD written in the file (EF BF BD) is
 * a character as any other.
 * A file that starts with a byte order mark contradicting `encoding` (UTF-16, or UTF-8 declared as
 * latin1), or that is no text (a zip archive, a Parquet file), is a PricelintError (`io`):
 * decoding it would garble every row. `midFile`: the bytes start inside the file, at a
 * character's start, so neither check is made and a U+FEFF there is a character.
 */
export async function* decode(bytes: AsyncIterable<Uint8Array>, encoding: Encoding, midFile = false): AsyncGenerator<string> {
  let first = !midFile;
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
  const decoder = encoding === "utf-8" ? new MarkingUtf8Decoder() : new TextDecoder(encoding, { ignoreBOM: true });
  let atStart = !midFile;
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

const EMPTY = new Uint8Array(0);

/**
 * A streaming UTF-8 decoder (as TextDecoder with `ignoreBOM`) that puts {@link UNDECODABLE} for
 * each maximal subpart of bytes that are not UTF-8, where TextDecoder puts U+FFFD (WHATWG
 * Encoding). A chunk that is valid UTF-8 (the bytes of a character may run on into the next) is
 * decoded natively, as fast as TextDecoder goes; only a chunk with bytes that are not UTF-8 is
 * walked byte by byte to find them.
 */
export class MarkingUtf8Decoder {
  private valid = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  /** The first bytes of a character cut at the last chunk's end, which `valid` holds (at most 3). */
  private held: Uint8Array = EMPTY;

  decode(bytes: Uint8Array = EMPTY, options?: { readonly stream?: boolean }): string {
    const stream = options?.stream === true;
    try {
      const text = this.valid.decode(bytes, { stream });
      this.held = stream ? heldAfter(this.held, bytes) : EMPTY;
      return text;
    } catch {
      // Not UTF-8 somewhere (or a character cut by the end of the text): a decoder that threw holds
      // nothing sure, so a new one takes over, given the start of a character this text ends with.
      this.valid = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
      const all = this.held.length === 0 ? bytes : concat(this.held, bytes);
      const { text, rest } = markUndecodable(all, stream);
      this.held = rest;
      if (rest.length > 0) this.valid.decode(rest, { stream: true });
      return text;
    }
  }
}

/**
 * The bytes a decoder holds after it decoded `bytes` (valid UTF-8, but for a character they may
 * end inside), having held `before`: the start of that character, or none.
 */
function heldAfter(before: Uint8Array, bytes: Uint8Array): Uint8Array {
  const all = bytes.length >= 3 ? bytes : concat(before, bytes);
  const end = all.length;
  for (let i = end - 1; i >= 0 && i >= end - 3; i--) {
    const b = all[i]!;
    if (b < 0x80) return EMPTY;
    if (b >= 0xc0) return end - i < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) ? all.slice(i) : EMPTY;
  }
  return EMPTY;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The UTF-8 character at bytes[i], as WHATWG's decoder reads it: how many bytes it takes (1–4);
 * or, where the bytes there are no character, minus the length of that error (a maximal
 * subpart: the decoder's one U+FFFD); or 0 where the bytes end inside a character that may go on.
 */
export function utf8Step(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let need: number;
  let lower = 0x80;
  let upper = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lower = 0xa0;
    else if (b === 0xed) upper = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lower = 0x90;
    else if (b === 0xf4) upper = 0x8f;
  } else return -1; // A byte no character starts with (a continuation byte, C0, C1, F5–FF).
  let j = i + 1;
  for (let seen = 0; seen < need; seen++, j++) {
    if (j === bytes.length) return 0;
    const c = bytes[j]!;
    if (c < lower || c > upper) return i - j;
    lower = 0x80;
    upper = 0xbf;
  }
  return need + 1;
}

/**
 * Decodes bytes that are not all UTF-8, as WHATWG's UTF-8 decoder does, but with
 * {@link UNDECODABLE} for each error (each maximal subpart) where it puts U+FFFD. `stream`: the
 * start of a character cut at the end is `rest`, for the next bytes; else it is one error.
 */
function markUndecodable(bytes: Uint8Array, stream: boolean): { text: string; rest: Uint8Array } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let text = "";
  /** Where the valid bytes not yet decoded start. */
  let run = 0;
  let i = 0;
  while (i < n) {
    const step = utf8Step(bytes, i);
    if (step > 0) {
      i += step;
      continue;
    }
    text += buffer.toString("utf8", run, i);
    if (step === 0) {
      // The start of a character, cut by the end of these bytes.
      if (stream) return { text, rest: bytes.slice(i) };
      return { text: text + UNDECODABLE, rest: EMPTY };
    }
    // bytes[i, i - step) is one error, and the byte after it is read anew.
    text += UNDECODABLE;
    run = i = i - step;
  }
  return { text: text + buffer.toString("utf8", run, n), rest: EMPTY };
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
      'the file is a zip archive (an Excel or OpenDocument workbook?), not text: name an Excel workbook ".xlsx" or set the feed\'s "format": "xlsx"; save any other sheet as .xlsx or CSV; unzip a zipped CSV or JSON file first',
    );
  }
  // Compressed otherwise than as gzip (which is read as it comes), or gzip twice: no encoding reads it.
  const compression = COMPRESSIONS.find((format) => format.is(chunk));
  if (compression !== undefined) {
    throw new PricelintError(
      "io",
      `the file is ${compression.name} data (its first bytes are ${hex(chunk.subarray(0, 4))}), not text: ${compression.advice}`,
    );
  }
  // A Parquet file read as text (named .csv, or standard input without "format"): its magic bytes
  // PAR1, then the start of its first page header (or of its footer, without rows), which no text has.
  if (a === 0x50 && b === 0x41 && c === 0x52 && d === 0x31 && chunk[4] === 0x15) {
    throw new PricelintError(
      "io",
      'the file is a Parquet file (it starts with PAR1), not text: name it ".parquet" or set the feed\'s "format": "parquet"',
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

/** Whether `chunk` holds `bytes` from `offset` on. */
const holds = (chunk: Uint8Array, bytes: readonly number[], offset = 0): boolean => bytes.every((byte, i) => chunk[offset + i] === byte);

const RECOMPRESS = "decompress it, or compress it with gzip (.gz), which is read as it comes";

/** Compressed data that is no text, told by its first bytes (a text may start "BZh", not with a bzip2 block after it): what it is, and what to do. */
const COMPRESSIONS: readonly { readonly is: (chunk: Uint8Array) => boolean; readonly name: string; readonly advice: string }[] = [
  {
    is: (c) => holds(c, [0x1f, 0x8b, 0x08]),
    name: "gzip",
    advice: "the file was compressed twice; decompress it once (gzip -d) and give the .gz",
  },
  {
    // "BZh", the block size (1 to 9), then a block's magic (π's digits) or the end of an empty stream's.
    is: (c) =>
      holds(c, [0x42, 0x5a, 0x68]) &&
      c[3]! >= 0x31 &&
      c[3]! <= 0x39 &&
      (holds(c, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4) || holds(c, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4)),
    name: "bzip2",
    advice: RECOMPRESS,
  },
  { is: (c) => holds(c, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), name: "xz", advice: RECOMPRESS },
  { is: (c) => holds(c, [0x28, 0xb5, 0x2f, 0xfd]), name: "zstd", advice: RECOMPRESS },
  {
    is: (c) => holds(c, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
    name: "7-Zip",
    advice: "extract it, or compress it with gzip (.gz), which is read as it comes",
  },
];

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
