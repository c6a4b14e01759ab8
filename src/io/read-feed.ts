import { createReadStream } from "node:fs";
import { decode, type Encoding } from "./decode.js";
import { readDelimited } from "./delimited.js";
import { readJsonArray, readJsonLines } from "./json.js";
import type { RecordBatch } from "./record.js";

export type FeedFormat = "csv" | "tsv" | "json" | "jsonl";

export interface ReadOptions {
  readonly format: FeedFormat;
  readonly encoding: Encoding;
  readonly delimiter?: string | undefined;
  readonly skipLines: number;
}

const CHUNK_BYTES = 1 << 20;

/** Streams a feed file as batches of raw records. */
export function readFeedFile(path: string, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const bytes = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  return readFeedText(decode(bytes, options.encoding), options);
}

/** Splits decoded text into raw records according to the feed's format. */
export function readFeedText(text: AsyncIterable<string>, options: ReadOptions): AsyncGenerator<RecordBatch> {
  switch (options.format) {
    case "json":
      return readJsonArray(text);
    case "jsonl":
      return readJsonLines(text);
    case "tsv":
      return readDelimited(text, { delimiter: options.delimiter ?? "\t", skipLines: options.skipLines });
    case "csv":
      return readDelimited(text, { delimiter: options.delimiter ?? ",", skipLines: options.skipLines });
  }
}

/** The format a path implies by its extension, csv when it says nothing. */
export function formatOfPath(path: string): FeedFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".tsv") || lower.endsWith(".tab")) return "tsv";
  return "csv";
}
