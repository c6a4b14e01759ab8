import type { FeedConfig } from "../config/schema.js";
import { feedViews } from "../config/feed-views.js";
import { viewReaderOptions } from "../feeds/view-reader.js";
import { PricelintError } from "../model/errors.js";
import { RowReader } from "../feeds/row-reader.js";
import { fieldIndex, storedKey } from "../feeds/load-feed.js";
import { fileFormat } from "../config/feed-format.js";
import { isGzip } from "../io/gzip.js";
import { fileSize, readSamples } from "../io/read-feed.js";
import { isPathPattern } from "../io/feed-paths.js";
import type { FileStarts } from "../dataset/shard.js";

/** Where the sku is among a price row's fields. */
const SKU = fieldIndex("prices", "sku");

/** Bytes read at each place sampled: a few lines. */
const SAMPLE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const QUOTE = 0x22;

/** Key ranges for worker threads (see Shard.bounds), and, where they could be found, where each starts in the file (ThreadShard.starts). */
export interface KeyRanges {
  readonly bounds: readonly string[];
  readonly starts: FileStarts | null;
}

/**
 * Where to split the skus into `count` key ranges for shards by range (see Shard.bounds): the
 * skus found at 1/count, 2/count… of the bytes of a price feed (`feed`, its file at `path`).
 * Such shards split the work evenly when the feed is sorted by sku, as most exports are;
 * whether it is, the threads check as they read. Where each sample shows the line where the sku
 * changes after the header, with no quote on the lines read to find it, the ranges start there
 * (`starts`), and each thread reads its own part of the file alone. Null when there is nothing
 * to sample: a format that cannot be entered mid-file, no sku column, or samples out of order (a
 * feed that is not sorted).
 */
export async function sampleKeyRanges(feed: FeedConfig, path: string, count: number): Promise<KeyRanges | null> {
  try {
    return await sampled(feed, path, count);
  } catch (error) {
    // A file the threads cannot read, or whose header or columns are wrong: they meet it as one
    // thread does, which says so naming the feed (shards by hash, read from the file's start).
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof PricelintError || (typeof code === "string" && /^E[A-Z]+$/.test(code))) return null;
    throw error;
  }
}

/** {@link sampleKeyRanges}, which may throw what reading the samples meets. */
async function sampled(feed: FeedConfig, path: string, count: number): Promise<KeyRanges | null> {
  // A pattern names several files, each of which every thread reads whole: shards go by hash.
  if (isPathPattern(feed.path)) return null;
  const format = fileFormat(feed, feed.path);
  if (format.binary || format.sampleKeys === undefined) return null;
  const fractions = Array.from({ length: count }, (_, k) => k / count);
  const size = fileSize(path);
  const bytes = await readSamples(path, fractions, SAMPLE_BYTES);
  // Compressed data cannot be entered mid-file: such a feed is sharded by hash.
  if (size === null || !bytes || isGzip(bytes[0]!)) return null;
  const text = lineDecoder(feed.encoding);
  const samples = bytes.map(text);
  const sample = format.sampleKeys(samples, { delimiter: feed.delimiter, quotes: feed.quotes, skipLines: feed.skipLines ?? 0 });
  if (sample === null) return null;
  // The sku as the feed's prices view reads it: its columns, constants, values and ignored columns.
  const views = feedViews(feed);
  const view = views.find((v) => v.kind === "prices");
  if (view === undefined) return null;
  const reader = new RowReader({
    ...viewReaderOptions(feed, view),
    channels: new Set(),
    fixedWidth: false,
    profileColumns: view.profileColumns,
  });
  reader.bind(sample.columns, false);
  const column = reader.columnOf("sku");
  if (column < 0) return null;
  // A row's sku as stored (through the feed's values, in NFC), as the threads judge rows.
  const skuOf = (cells: readonly string[]) => storedKey(reader, SKU, cells[column]);
  // A file with views other than prices is read whole by every shard: it has no parts.
  const starts = views.length === 1 ? partStarts(feed, format.delimiter, bytes, size, sample.headerLine, text, skuOf) : null;
  if (starts !== null) return starts;
  const bounds: string[] = [];
  for (const records of sample.records) {
    // The first sku after the place sampled.
    let sku: string | null = null;
    for (const cells of records) if ((sku = skuOf(cells)) !== null) break;
    if (sku === null) return null;
    bounds.push(sku);
  }
  return ascending(bounds) ? { bounds, starts: null } : null;
}

/**
 * Key ranges that start where each sample (but the first, the file's start) shows the sku
 * change (see {@link skuChange}), after the header, in ascending order; null where a sample
 * shows none, or the format is not delimited.
 */
function partStarts(
  feed: FeedConfig,
  formatDelimiter: string | undefined,
  samples: readonly Uint8Array[],
  size: number,
  headerLine: number,
  text: (bytes: Uint8Array) => string,
  skuOf: (cells: readonly string[]) => string | null,
): KeyRanges | null {
  const delimiter = feed.delimiter ?? formatDelimiter;
  if (delimiter === undefined) return null;
  // No part may start before the header's end: the first would hold no header.
  const headerEnd = lineStart(samples[0]!, headerLine + 1);
  if (headerEnd < 0) return null;
  const changes: { offset: number; sku: string }[] = [];
  for (let k = 1; k < samples.length; k++) {
    const bytes = samples[k]!;
    const change = skuChange(bytes, feed.quotes !== false, (from, to) =>
      skuOf(text(bytes.subarray(from, to)).replace(/\r$/, "").split(delimiter)),
    );
    // The place sampled, as readSamples works it out.
    const offset = change === null ? -1 : Math.floor(size * (k / samples.length)) + change.at;
    if (change === null || offset < headerEnd) return null;
    changes.push({ offset, sku: change.sku });
  }
  const skus = changes.map((c) => c.sku);
  return ascending(skus) ? { bounds: skus, starts: { file: feed.path, offsets: changes.map((c) => c.offset) } } : null;
}

/** Where line `line` (1-based) starts in `bytes`, the file's first; -1 when it is not in them. */
function lineStart(bytes: Uint8Array, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const newline = bytes.indexOf(NEWLINE, at);
    if (newline < 0) return -1;
    at = newline + 1;
  }
  return at;
}

/** Bytes of the file (whole lines, or a sample's) as the threads decode them (io/decode.ts). */
function lineDecoder(encoding: FeedConfig["encoding"]): (bytes: Uint8Array) => string {
  if (encoding === "windows-1252") {
    // Streaming, as io/decode.ts does: where it does not, Node 20's decoder reads 0x80–0x9F as
    // the control characters U+0080–U+009F, not as €, Š, œ. One byte a character: nothing is held.
    const decoder = new TextDecoder("windows-1252", { ignoreBOM: true });
    return (bytes) => decoder.decode(bytes, { stream: true });
  }
  const as = encoding === "latin1" ? "latin1" : "utf8";
  return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(as);
}

/** Whether the texts are in strictly ascending order (UTF-16 code units, as shards compare skus). */
const ascending = (texts: readonly string[]): boolean => texts.every((t, i) => i === 0 || texts[i - 1]! < t);

/**
 * In a sample of a file's bytes starting anywhere: where the sku changes, at the start of the
 * first line (after the sample's first line break) whose sku is another than the first one's,
 * with that sku; null when no complete line shows it, or a line read on the way has a quote
 * (`quotes`: the feed's quotes open cells), whose cell could run over a line break, so that a
 * line break may not end a record. Lines without a sku are passed over.
 */
function skuChange(
  bytes: Uint8Array,
  quotes: boolean,
  skuOf: (from: number, to: number) => string | null,
): { readonly at: number; readonly sku: string } | null {
  let at = bytes.indexOf(NEWLINE) + 1;
  if (at === 0) return null;
  let first: string | null = null;
  for (;;) {
    const newline = bytes.indexOf(NEWLINE, at);
    if (newline < 0) return null;
    if (quotes && bytes.subarray(at, newline).includes(QUOTE)) return null;
    const sku = skuOf(at, newline);
    if (sku !== null) {
      if (first === null) first = sku;
      else if (sku !== first) return { at, sku };
    }
    at = newline + 1;
  }
}
