import { asChunks } from "../io/bytes-in-memory.js";
import { isUtf8 } from "node:buffer";
import { decode, utf8Step, type Encoding } from "../io/decode.js";
import { DelimitedSplitter } from "../io/delimited.js";
import type { FeedFormat, TextFormat } from "../io/formats/format.js";
import { FORMATS, formatOfPath } from "../io/formats/registry.js";
import { gunzipIfCompressed, isGzip, withoutGzipEnding } from "../io/gzip.js";
import { DEFAULT_LIMITS, excerpt } from "../io/limits.js";
import { fileSize, readSamples } from "../io/read-feed.js";
import type { RawRecord } from "../io/record.js";
import { PricelintError } from "../model/errors.js";

/** How a feed file is laid out: what `init --from` found before reading its records. */
export interface Layout {
  readonly format: FeedFormat;
  /** Whether the config must name the format: the file's name implies another (or none). */
  readonly mustNameFormat: boolean;
  readonly gzip: boolean;
  /** Text formats: the encoding the head of the file reads in. */
  readonly encoding: Encoding;
  /** Delimited formats: the delimiter found, when the format's own is another. */
  readonly delimiter: string | undefined;
  /** Delimited formats: lines before the header. */
  readonly skipLines: number;
  /** Workbooks of several sheets: the one to read. */
  readonly sheet?: string;
  /** Remarks for the config, one line each: what was found and how sure it is. */
  readonly remarks: readonly string[];
}

export type Sniffed = { readonly ok: true; readonly layout: Layout } | { readonly ok: false; readonly reason: string };

/** Bytes of a file's start looked at (after gzip): enough lines to tell a delimiter, few enough for any file. */
export const HEAD_BYTES = 64 << 10;

/**
 * Formats told by their first bytes, keyed by the name a format registers under: a format found
 * here but not in the registry is named in the reason the file is skipped. Binary signatures are
 * looked for in the bytes, text ones after a byte order mark and white space.
 */
const SIGNATURES: readonly {
  readonly format: string;
  readonly test: (bytes: Uint8Array, text: string) => boolean;
  readonly shown: string;
}[] = [
  { format: "xlsx", test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]), shown: "PK\\x03\\x04, a zip container" },
  { format: "parquet", test: (b) => startsWith(b, [0x50, 0x41, 0x52, 0x31]), shown: "PAR1" },
  { format: "html", test: (_, t) => /^<(!doctype\s+html|html[\s>])/i.test(t), shown: "<html" },
  { format: "xml", test: (_, t) => t.startsWith("<"), shown: "<" },
  { format: "json", test: (_, t) => t.startsWith("["), shown: "[" },
  { format: "jsonl", test: (_, t) => t.startsWith("{"), shown: "{" },
];

/** The delimiters looked for, in the order a tie is settled. */
const DELIMITERS = [",", ";", "\t", "|"] as const;

/** Lines looked at to tell a delimiter and the header. */
const LINES_LOOKED_AT = 200;

/** Reads the start of a file (decompressed when it is gzip data) and tells its layout. */
export async function sniffFile(path: string): Promise<Sniffed> {
  const head = await readHead(path);
  if (!head.ok) return head;
  return sniffBytes(head.bytes, head.cut, head.gzip, path);
}

/** Up to {@link HEAD_BYTES} of the file's data, decompressed when it is gzip; `cut` when there is more. */
async function readHead(
  path: string,
): Promise<{ ok: true; bytes: Uint8Array; cut: boolean; gzip: boolean } | { ok: false; reason: string }> {
  const raw = (await readSamples(path, [0], HEAD_BYTES))?.[0];
  if (raw === undefined) return { ok: false, reason: "the file cannot be read" };
  const whole = (fileSize(path) ?? 0) <= raw.byteLength;
  if (!isGzip(raw)) return { ok: true, bytes: raw, cut: !whole, gzip: false };
  const chunks: Uint8Array[] = [];
  let length = 0;
  let cut = !whole;
  try {
    for await (const chunk of gunzipIfCompressed(asChunks(raw))) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length >= HEAD_BYTES) {
        cut = true;
        break;
      }
    }
  } catch (error) {
    // Only the start of a larger file was given to gunzip: it ends early there, and that is expected.
    if (!(error instanceof PricelintError) || whole) return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const bytes = Buffer.concat(chunks, length);
  return { ok: true, bytes: bytes.subarray(0, Math.min(length, HEAD_BYTES)), cut, gzip: true };
}

/**
 * The layout of a file from its first bytes (after gzip): its format (by content, else by its
 * name), encoding, delimiter and title lines. `cut`: the bytes are the start of a longer file.
 */
export async function sniffBytes(bytes: Uint8Array, cut: boolean, gzip: boolean, path: string): Promise<Sniffed> {
  const remarks: string[] = [];
  if (gzip) remarks.push("gzip data: read as it is (pricelint decompresses gzip by its first bytes)");
  if (bytes.byteLength === 0) return { ok: false, reason: gzip ? "the gzip data holds nothing" : "the file is empty" };
  const byName = formatByName(path);
  const [a, b] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
    return { ok: false, reason: "the file is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8" };
  }
  const bom = a === 0xef && b === 0xbb && bytes[2] === 0xbf;
  // Byte for byte: TextDecoder's "latin1" is windows-1252, whose reading of 0x80–0x9F differs between Node versions.
  const ascii = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString("latin1");
  const start = ascii.replace(/^(\xef\xbb\xbf)?\s*/, "");
  const signature = SIGNATURES.find((s) => s.test(bytes, start));
  const named = signature === undefined ? undefined : FORMATS.find((f) => f.name === signature.format);
  if (signature !== undefined && named === undefined) {
    return {
      ok: false,
      reason: `it looks like ${signature.format} (it starts with ${signature.shown}), which this pricelint does not read`,
    };
  }
  if (named?.binary || (named === undefined && byName?.binary)) {
    const format = (named ?? byName)!;
    if (byName !== undefined && byName !== format) remarks.push(`its name says ${byName.name}, its content is ${format.name}`);
    return {
      ok: true,
      layout: {
        format,
        mustNameFormat: formatOfPath(path) !== format,
        gzip,
        encoding: "utf-8",
        delimiter: undefined,
        skipLines: 0,
        remarks,
      },
    };
  }
  if (bytes.subarray(0, 4096).includes(0)) {
    return { ok: false, reason: "binary data (it holds NUL bytes), and no format pricelint reads starts as it does" };
  }
  const encoding = bom ? "utf-8" : textEncoding(bytes, cut, remarks);
  if (bom) remarks.push("UTF-8 with a byte order mark");
  let text = "";
  for await (const piece of decode(asChunks(bytes), encoding)) text += piece;
  if (cut) text = text.slice(0, text.lastIndexOf("\n") + 1);
  let format: TextFormat;
  if (named !== undefined) {
    format = named as TextFormat;
    if (format.name === "jsonl") {
      const first = text.trimStart().split("\n", 1)[0]!.trim();
      if (first !== "" && !first.endsWith("}")) {
        return {
          ok: false,
          reason: "one JSON object over several lines: a json feed is an array of objects ([{…}, {…}]), a jsonl feed one object a line",
        };
      }
    }
  } else {
    const delimited =
      byName !== undefined && !byName.binary && byName.options.includes("delimiter")
        ? byName
        : FORMATS.find((f) => !f.binary && f.options.includes("delimiter"));
    if (delimited === undefined || delimited.binary) return { ok: false, reason: "no delimited text format is registered" };
    format = delimited;
  }
  if (byName !== undefined && byName !== format) remarks.push(`its name says ${byName.name}, its content is ${format.name}`);
  let delimiter: string | undefined;
  let skipLines = 0;
  if (format.options.includes("delimiter")) {
    const own = await ownDelimiter(format);
    const found = findDelimiter(text, own);
    if (found === null) {
      remarks.push(`one column only: no delimiter (${DELIMITERS.map(show).join(", ")}) splits the lines into two or more cells alike`);
    } else {
      if (found.delimiter !== own) delimiter = found.delimiter;
      skipLines = found.skipLines;
      if (skipLines > 0) {
        const titles = text.split("\n", skipLines).map((l) => JSON.stringify(excerpt(l.trim(), 40)));
        remarks.push(
          `skipLines ${skipLines}: ${titles.join(", ")} ${skipLines === 1 ? "is a title" : "are title lines"} before the header`,
        );
      }
      remarks.push(
        `${found.columns} columns split at ${show(found.delimiter)}${found.consistent < 1 ? ` (${Math.round((1 - found.consistent) * 100)}% of the first lines split otherwise)` : ""}`,
      );
    }
  }
  return { ok: true, layout: { format, mustNameFormat: formatOfPath(path) !== format, gzip, encoding, delimiter, skipLines, remarks } };
}

/** The format a file's name implies (under a `.gz`), or undefined when no registered format claims its ending. */
function formatByName(path: string): FeedFormat | undefined {
  const lower = withoutGzipEnding(path).toLowerCase();
  return FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e)));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** UTF-8 when the bytes are valid UTF-8 (a character cut at the end of a partial head aside), else windows-1252. */
function textEncoding(bytes: Uint8Array, cut: boolean, remarks: string[]): Encoding {
  if (isUtf8(bytes)) return "utf-8";
  const at = firstInvalidUtf8(bytes, cut);
  if (at < 0) return "utf-8";
  remarks.push(`not UTF-8 (byte 0x${bytes[at]!.toString(16)} at offset ${at}): read as windows-1252 — check accented letters in a report`);
  return "windows-1252";
}

/** Where the first bytes that are not UTF-8 start, -1 where there are none (a character cut at the end of a partial head, `cut`, is none). */
function firstInvalidUtf8(bytes: Uint8Array, cut: boolean): number {
  for (let i = 0; i < bytes.byteLength;) {
    const step = utf8Step(bytes, i);
    if (step > 0) i += step;
    else return step === 0 && cut ? -1 : i;
  }
  return -1;
}

/** A delimited format's own delimiter, told by how its reader splits a header holding each candidate. */
async function ownDelimiter(format: TextFormat): Promise<string> {
  const probe = "a,b;c\td|e\n";
  for await (const batch of format.read(asChunks(probe), { skipLines: 0, limits: DEFAULT_LIMITS })) {
    const first = batch.columns[0] ?? "";
    return probe[first.length] ?? ",";
  }
  return ",";
}

/**
 * The delimiter and header of delimited text: for each candidate, the lines are split as the
 * reader splits them (quotes respected) and the header is the first line with the cell count
 * most lines have, after title lines of at most half as many cells; the delimiter with most lines
 * agreeing wins (then the format's own, then more columns, then the order of {@link DELIMITERS}). Null when no delimiter splits lines into two or more cells.
 */
export function findDelimiter(text: string, own: string): Candidate | null {
  let best: Candidate | null = null;
  for (const delimiter of DELIMITERS) {
    // A made-up header first, so that every line of the text comes back as a record with its line number.
    const records = new DelimitedSplitter({ delimiter, skipLines: 0 }).push(`h\n${text}`, true).slice(0, LINES_LOOKED_AT);
    const counts = records.map((r) => r.cells.length);
    const mode = modeOf(counts);
    if (mode < 2) continue;
    // Lines before the first of that many cells are titles when they have few cells (a title, a
    // date); a header with some fewer cells than its rows (a trailing delimiter on each row) is still the header.
    const first = counts.indexOf(mode);
    const titled = counts.slice(0, first).every((c) => c <= Math.max(1, mode / 2)) ? first : 0;
    const header = pastPaddedTitles(records, titled, mode);
    const after = counts.slice(header);
    const agreeing = after.filter((c) => c === mode).length;
    const candidate = {
      delimiter,
      skipLines: records[header]!.line - 2,
      columns: mode,
      consistent: agreeing / after.length,
      share: agreeing / counts.length,
    };
    if (best === null || better(candidate, best, own)) best = candidate;
  }
  return best;
}

/**
 * Where the header is when the line found for it, and maybe lines after it, are titles padded to
 * the rows' width (`Listino prezzi maggio 2026;;`, as Excel saves a title row as CSV): lines of
 * one filled cell at most, followed by a line of `columns` names, every cell filled and none a
 * number, which a row of data seldom is. Else `header`, as found.
 */
function pastPaddedTitles(records: readonly RawRecord[], header: number, columns: number): number {
  const filled = (record: RawRecord) => record.cells.filter((c) => typeof c === "string" && c.trim() !== "").length;
  let at = header;
  while (at < records.length && filled(records[at]!) <= 1) at++;
  if (at === header || at >= records.length) return header;
  const cells = records[at]!.cells;
  const names = cells.length === columns && cells.every((c) => typeof c === "string" && c.trim() !== "" && !isNumberText(c.trim()));
  return names ? at : header;
}

/** Whether a cell is a number as a row writes one: digits, with separators and a sign at most. */
function isNumberText(text: string): boolean {
  let digits = false;
  for (const c of text) {
    if (c >= "0" && c <= "9") digits = true;
    else if (!".,' +-".includes(c)) return false;
  }
  return digits;
}

/** A delimiter's reading of the lines: where its header is, how many columns, how many lines agree. */
interface Candidate {
  readonly delimiter: string;
  readonly skipLines: number;
  readonly columns: number;
  /** Share of the lines from the header on with as many cells as the header. */
  readonly consistent: number;
  /** Share of all the lines looked at with that many cells (title lines count against it). */
  readonly share: number;
}

/** Whether a reading is likelier: more of all the lines agree with its header, then the format's own delimiter, then more columns. */
function better(a: Candidate, b: Candidate, own: string): boolean {
  if (Math.abs(a.share - b.share) > 1e-9) return a.share > b.share;
  if ((a.delimiter === own) !== (b.delimiter === own)) return a.delimiter === own;
  return a.columns > b.columns;
}

/** The most frequent value (the larger of two as frequent), 0 for none. */
function modeOf(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let mode = 0;
  let most = 0;
  for (const [v, n] of counts) {
    if (n > most || (n === most && v > mode)) {
      mode = v;
      most = n;
    }
  }
  return mode;
}

/** A delimiter as a remark shows it. */
export function show(delimiter: string): string {
  return delimiter === "\t" ? "tab" : `"${delimiter}"`;
}
