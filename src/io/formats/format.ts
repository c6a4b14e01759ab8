import type { Encoding } from "../decode.js";
import type { ReadLimits } from "../limits.js";
import type { DecimalMark } from "../number-text.js";
import type { RecordBatch, RowSink } from "../record.js";

/** What a feed's config tells its format's reader. */
export interface FormatReadOptions {
  /** Delimited formats: the feed's delimiter, else the format's own. */
  readonly delimiter?: string | undefined;
  /** Delimited formats: whether a quote opens a quoted cell (default true). */
  readonly quotes?: boolean | undefined;
  /** Physical lines before the header (delimited formats). */
  readonly skipLines: number;
  readonly limits: ReadLimits;
  /** Delimited formats: where rows go as they are split (see {@link RowSink}); the others ignore it. */
  readonly sink?: RowSink | undefined;
  /** The feed's decimal mark: formats with typed numbers (JSON, spreadsheets, Parquet) write their text with it (see io/number-text.ts). */
  readonly decimal?: DecimalMark | undefined;
  /** Spreadsheets: the sheet to read, by name (default: the first). */
  readonly sheet?: string | undefined;
  /** XML: the local name of the elements that are records (default: RSS `item` and Atom `entry`). */
  readonly recordElement?: string | undefined;
  /** Text formats: the encoding the text was decoded with (default: utf-8), for a format whose file declares its own (XML). */
  readonly encoding?: Encoding | undefined;
  /** Columns the feed's `ignoreColumns` lists: formats whose records name their fields (JSON) do not read them. */
  readonly ignoreColumns?: readonly string[] | undefined;
  /**
   * Delimited formats reading one part of a file (a thread's, see dataset/shard.ts): the file's
   * text before that part. Its header is read, and its other lines are counted, not read, so
   * that the part's rows have their lines. Its end must be a record's end.
   */
  readonly before?: AsyncIterable<string> | undefined;
}

/**
 * A binary feed's bytes: as a stream (decompressed if they were gzip data), and, when they are
 * a plain file on disk as it is, that file's path, for formats that read it at offsets (Parquet).
 */
export interface ByteSource {
  readonly chunks: AsyncIterable<Uint8Array>;
  /** The file holding exactly these bytes, or null (gzip data, standard input). */
  readonly file: string | null;
}

/** Samples of a file for key ranges: its column names, and for each later sample the cells of the whole records in it. */
export interface KeySample {
  readonly columns: readonly string[];
  /** The header's line in the first sample (the file's start). */
  readonly headerLine: number;
  readonly records: readonly (readonly (readonly string[])[])[];
}

/** The feed settings that only some formats take: a feed setting one its format does not take is a config error. */
export const FORMAT_OPTIONS = ["delimiter", "quotes", "skipLines", "encoding", "decimal", "thousands", "sheet", "recordElement"] as const;
export type FormatOption = (typeof FORMAT_OPTIONS)[number];

interface FormatBase {
  /** The name a feed's `format` gives. */
  readonly name: string;
  /** The format-specific feed settings this format reads. */
  readonly options: readonly FormatOption[];
  /** Lower-case file name endings that imply the format, with their dot. */
  readonly extensions: readonly string[];
  /**
   * Whether a record's cells stand under one header line by position, so a row with another
   * number of cells is malformed (a JSON object names its fields instead).
   */
  readonly fixedWidth: boolean;
  /** Delimited formats: the delimiter of a feed that sets none. Such a format reads a part of a file (`before`). */
  readonly delimiter?: string;
  /**
   * For key ranges (worker threads on a feed sorted by sku): reads samples of the file, the
   * first from its start and the others from anywhere inside it; null when the format cannot be
   * entered mid-file or the samples show no header. Formats without it get shards by hash.
   */
  readonly sampleKeys?: (
    samples: readonly string[],
    options: Pick<FormatReadOptions, "delimiter" | "quotes" | "skipLines">,
  ) => KeySample | null;
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
  /** Reads the file's bytes into raw records, each with its source line (or record number). */
  read(source: ByteSource, options: FormatReadOptions): AsyncGenerator<RecordBatch>;
}

/** A feed format: one module of io/formats/, listed once in registry.ts. */
export type FeedFormat = TextFormat | BinaryFormat;
