import type { ReadLimits } from "../limits.js";
import type { RecordBatch, RowSink } from "../record.js";

/** What a feed's config tells its format's reader. */
export interface FormatReadOptions {
  /** Delimited formats: the feed's delimiter, else the format's own. */
  readonly delimiter?: string | undefined;
  /** Physical lines before the header (delimited formats). */
  readonly skipLines: number;
  readonly limits: ReadLimits;
  /** Delimited formats: where rows go as they are split (see {@link RowSink}); the others ignore it. */
  readonly sink?: RowSink | undefined;
}

/** Samples of a file for key ranges: its column names, and for each later sample the cells of the whole records in it. */
export interface KeySample {
  readonly columns: readonly string[];
  readonly records: readonly (readonly (readonly string[])[])[];
}

interface FormatBase {
  /** The name a feed's `format` gives. */
  readonly name: string;
  /** Lower-case file name endings that imply the format, with their dot. */
  readonly extensions: readonly string[];
  /**
   * Whether a record's cells stand under one header line by position, so a row with another
   * number of cells is malformed (a JSON object names its fields instead).
   */
  readonly fixedWidth: boolean;
  /**
   * For key ranges (worker threads on a feed sorted by sku): reads samples of the file, the
   * first from its start and the others from anywhere inside it; null when the format cannot be
   * entered mid-file or the samples show no header. Formats without it get shards by hash.
   */
  readonly sampleKeys?: (samples: readonly string[], options: Pick<FormatReadOptions, "delimiter" | "skipLines">) => KeySample | null;
}

/** A format read as text, decoded with the feed's encoding. */
export interface TextFormat extends FormatBase {
  readonly binary: false;
  /** Splits decoded text into raw records, each with its line (or record number). */
  read(text: AsyncIterable<string>, options: FormatReadOptions): AsyncGenerator<RecordBatch>;
}

/** A format read from the file's bytes (a container or compressed layout of its own). */
export interface BinaryFormat extends FormatBase {
  readonly binary: true;
  /** Reads the file's bytes into raw records, each with its record number. */
  read(bytes: AsyncIterable<Uint8Array>, options: FormatReadOptions): AsyncGenerator<RecordBatch>;
}

/** A feed format: one module of io/formats/, listed once in registry.ts. */
export type FeedFormat = TextFormat | BinaryFormat;
