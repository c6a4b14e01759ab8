import type { FeedConfig } from "../config/schema.js";
import { RowReader } from "../feeds/row-reader.js";
import { fieldIndex, storedKey } from "../feeds/load-feed.js";
import { fileFormat } from "../config/feed-format.js";
import { isGzip } from "../io/gzip.js";
import { readSamples } from "../io/read-feed.js";
import { isPathPattern } from "../io/feed-paths.js";

/** Where the sku is among a price row's fields. */
const SKU = fieldIndex("prices", "sku");

/** Bytes read at each place sampled: a few lines. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Where to split the skus into `count` key ranges for shards by range (see Shard.bounds): the
 * skus found at 1/count, 2/count… of the bytes of a price feed (`feed`, its file at `path`).
 * Such shards split the work evenly when the feed is sorted by sku, as most exports are;
 * whether it is, the threads check as they read. Null when there is nothing to sample: a format
 * that cannot be sampled mid-file, no sku column, or samples out of order (a feed that is not sorted).
 */
export async function sampleKeyBounds(feed: FeedConfig, path: string, count: number): Promise<string[] | null> {
  // A pattern names several files, each of which every thread reads whole: shards go by hash.
  if (isPathPattern(feed.path)) return null;
  const format = fileFormat(feed, feed.path);
  if (format.binary || format.sampleKeys === undefined) return null;
  const decoder = new TextDecoder(feed.encoding === "utf-8" || feed.encoding === undefined ? "utf-8" : "latin1");
  const fractions = Array.from({ length: count }, (_, k) => k / count);
  const bytes = await readSamples(path, fractions, SAMPLE_BYTES);
  // Compressed data cannot be entered mid-file: such a feed is sharded by hash.
  if (!bytes || isGzip(bytes[0]!)) return null;
  const samples = bytes.map((b) => decoder.decode(b));
  const sample = format.sampleKeys(samples, { delimiter: feed.delimiter, quotes: feed.quotes, skipLines: feed.skipLines ?? 0 });
  if (sample === null) return null;
  const reader = new RowReader({
    kind: "prices",
    file: feed.path,
    numberFormat: { decimal: "." },
    channels: new Set(),
    fixedWidth: false,
    columns: feed.columns,
    constants: feed.constants,
    values: feed.values,
  });
  reader.bind(sample.columns, false);
  const column = reader.columnOf("sku");
  if (column < 0) return null;
  const bounds: string[] = [];
  for (const records of sample.records) {
    // The first sku after the place sampled, as stored (through the feed's values, in NFC), as the threads judge rows.
    let sku: string | null = null;
    for (const cells of records) if ((sku = storedKey(reader, SKU, cells[column])) !== null) break;
    if (sku === null || (bounds.length > 0 && sku <= bounds[bounds.length - 1]!)) return null;
    bounds.push(sku);
  }
  return bounds;
}
