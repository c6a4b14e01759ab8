import { createReadStream, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { decode, type Encoding } from "./decode.js";
import { readDelimited } from "./delimited.js";
import { readJsonArray, readJsonLines } from "./json.js";
import { PricelintError } from "../model/errors.js";
import { DEFAULT_LIMITS, type ReadLimits } from "./limits.js";
import { describeFileError } from "./read-text.js";
import type { RecordBatch, RowSink } from "./record.js";

export type FeedFormat = "csv" | "tsv" | "json" | "jsonl";

export interface ReadOptions {
  readonly format: FeedFormat;
  readonly encoding: Encoding;
  readonly delimiter?: string | undefined;
  readonly skipLines: number;
  /** Default: {@link DEFAULT_LIMITS}. */
  readonly limits?: ReadLimits | undefined;
  /** Told the bytes read so far, for a progress display. */
  readonly onBytes?: ((bytesRead: number) => void) | undefined;
  /** Delimited formats: where rows go as they are split (see {@link RowSink}); JSON ignores it. */
  readonly sink?: RowSink | undefined;
}

const CHUNK_BYTES = 1 << 20;

/** Streams a feed file as batches of raw records. */
export function readFeedFile(path: string, options: ReadOptions): AsyncGenerator<RecordBatch> {
  return readFeedText(decode(readBytes(path, options.onBytes), options.encoding), options);
}

/**
 * Up to `length` bytes of a file at each of the given fractions of its size (0: its start), or
 * null when it cannot be read (reading it will say why): samples of a large file.
 */
export async function readSamples(path: string, fractions: readonly number[], length: number): Promise<Uint8Array[] | null> {
  let file;
  try {
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

/** The file's bytes; a file system error becomes a PricelintError (`io`) saying what is wrong, which the loader names the feed in. */
async function* readBytes(path: string, onBytes: ((bytesRead: number) => void) | undefined): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array>) {
      bytesRead += chunk.byteLength;
      onBytes?.(bytesRead);
      yield chunk;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new PricelintError("io", describeFileError(error), null, { cause: error });
  }
}

/** Splits decoded text into raw records according to the feed's format. */
export function readFeedText(text: AsyncIterable<string>, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  switch (options.format) {
    case "json":
      return readJsonArray(text, limits);
    case "jsonl":
      return readJsonLines(text, limits);
    case "tsv":
      return readDelimited(text, { delimiter: options.delimiter ?? "\t", skipLines: options.skipLines, limits, sink: options.sink });
    case "csv":
      return readDelimited(text, { delimiter: options.delimiter ?? ",", skipLines: options.skipLines, limits, sink: options.sink });
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
