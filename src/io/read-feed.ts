import { createReadStream, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { decode, type Encoding } from "./decode.js";
import { gunzipIfCompressed, isGzip } from "./gzip.js";
import { PricelintError } from "../model/errors.js";
import type { FeedFormat, FormatReadOptions } from "./formats/format.js";
import { DEFAULT_LIMITS, type ReadLimits } from "./limits.js";
import { describeFileError, refuseUnending } from "./read-text.js";
import type { DecimalMark } from "./number-text.js";
import type { RecordBatch, RowSink } from "./record.js";

export interface ReadOptions {
  readonly format: FeedFormat;
  readonly encoding: Encoding;
  readonly delimiter?: string | undefined;
  readonly quotes?: boolean | undefined;
  readonly skipLines: number;
  /** Default: {@link DEFAULT_LIMITS}. */
  readonly limits?: ReadLimits | undefined;
  /** Told the bytes read so far, for a progress display. */
  readonly onBytes?: ((bytesRead: number) => void) | undefined;
  /** Delimited formats: where rows go as they are split (see {@link RowSink}); JSON ignores it. */
  readonly sink?: RowSink | undefined;
  /** The feed's decimal mark, for typed numbers (see {@link FormatReadOptions}). */
  readonly decimal?: DecimalMark | undefined;
  /** Spreadsheets: the sheet to read (default: the first). */
  readonly sheet?: string | undefined;
  /** XML: the local name of the record elements (default: `item` and `entry`). */
  readonly recordElement?: string | undefined;
  /** The feed's `ignoreColumns` (see {@link FormatReadOptions}). */
  readonly ignoreColumns?: readonly string[] | undefined;
  /** Delimited formats: read one part of the file alone (see {@link FilePart}). */
  readonly part?: FilePart | undefined;
}

/**
 * The bytes [start, end) of a plain delimited file (end null: to its end), each a record's start:
 * a thread's part of a file sorted by sku (see dataset/shard.ts). The part's rows are read; the
 * text before it gives the header and the lines' numbers, its rows counted, not read.
 */
export interface FilePart {
  readonly start: number;
  readonly end: number | null;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Streams a feed file as batches of raw records, read by its format: from its bytes, or from its
 * text in the feed's encoding; gzip data (told by its first bytes) is decompressed first.
 */
export function readFeedFile(path: string, options: ReadOptions): AsyncGenerator<RecordBatch> {
  return (async function* () {
    // The loader names the feed, as for its other errors.
    refuseUnending(path, "io", null);
    if (options.part !== undefined) return yield* readFilePart(path, options.part, options);
    const bytes = readBytes(path, options.onBytes);
    if (!options.format.binary) yield* readFeedBytes(bytes, null, options);
    // A format that reads at offsets may open the file itself, unless its bytes are gzip data.
    else yield* readFeedBytes(bytes, (await startsAsGzip(path)) ? null : path, options);
  })();
}

/**
 * Streams a feed's bytes from anywhere (standard input) as batches of raw records, as
 * {@link readFeedFile} does; `file` is the plain file holding exactly these bytes, if one does.
 */
export function readFeedBytes(chunks: AsyncIterable<Uint8Array>, file: string | null, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const bytes = gunzipIfCompressed(chunks);
  const format = options.format;
  return format.binary
    ? format.read({ chunks: bytes, file }, formatOptions(options))
    : readFeedText(decode(bytes, options.encoding), options);
}

/** The records of one part of a delimited file (see {@link FilePart}). */
function readFilePart(path: string, part: FilePart, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const { format, encoding, onBytes } = options;
  if (format.binary || format.delimiter === undefined) throw new RangeError(`${format.name} files are not read in parts`);
  const before = part.start === 0 ? undefined : decode(readBytes(path, onBytes, 0, part.start), encoding);
  const rest = readBytes(path, onBytes && ((n) => onBytes(part.start + n)), part.start, part.end);
  return format.read(decode(rest, encoding, part.start > 0), { ...formatOptions(options), before });
}

/** Whether a file's first bytes are gzip's; false when it cannot be read (reading it will say why). */
async function startsAsGzip(path: string): Promise<boolean> {
  const head = await readSamples(path, [0], 2);
  return head !== null && isGzip(head[0]!);
}

/**
 * Up to `length` bytes of a file at each of the given fractions of its size (0: its start), or
 * null when it cannot be read (reading it will say why): samples of a large file.
 */
export async function readSamples(path: string, fractions: readonly number[], length: number): Promise<Uint8Array[] | null> {
  let file;
  try {
    refuseUnending(path, "io", null);
    file = await open(path);
  } catch {
    return null;
  }
  try {
    const size = (await file.stat()).size;
    const samples: Uint8Array[] = [];
    for (const fraction of fractions) {
      const buffer = Buffer.alloc(Math.min(length, size));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, Math.floor(size * fraction));
      samples.push(buffer.subarray(0, bytesRead));
    }
    return samples;
  } catch {
    // A directory opens, but does not read.
    return null;
  } finally {
    await file.close();
  }
}

/** A file's size in bytes, or null when it cannot be read (reading it will say why). */
export function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/**
 * The file's bytes (from `start`, up to `end`, null: its end); a file system error becomes a
 * PricelintError (`io`) saying what is wrong, which the loader names the feed in.
 */
async function* readBytes(
  path: string,
  onBytes: ((bytesRead: number) => void) | undefined,
  start = 0,
  end: number | null = null,
): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  if (end !== null && end <= start) return;
  // createReadStream's end is the last byte's offset.
  const range = { start, ...(end === null ? {} : { end: end - 1 }) };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES, ...range }) as AsyncIterable<Uint8Array>) {
      bytesRead += chunk.byteLength;
      onBytes?.(bytesRead);
      yield chunk;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new PricelintError("io", describeFileError(error), null, { cause: error });
  }
}

/** Splits decoded text into raw records by the feed's (text) format. */
export function readFeedText(text: AsyncIterable<string>, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const format = options.format;
  if (format.binary) throw new RangeError(`${format.name} is read from bytes, not text`);
  return format.read(text, formatOptions(options));
}

function formatOptions(options: ReadOptions): FormatReadOptions {
  return {
    delimiter: options.delimiter,
    quotes: options.quotes,
    skipLines: options.skipLines,
    limits: options.limits ?? DEFAULT_LIMITS,
    sink: options.sink,
    decimal: options.decimal,
    sheet: options.sheet,
    recordElement: options.recordElement,
    encoding: options.encoding,
    ignoreColumns: options.ignoreColumns,
  };
}
