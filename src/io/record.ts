import type { RowProblem } from "../model/row-error.js";

/** A cell as read: text, a list (JSON arrays), or absent. */
export type Cell = string | readonly string[] | undefined;

/** One row of a feed as read, before any mapping: its cells by column, and where it starts. */
export interface RawRecord {
  /** 1-based line of the file where the record starts. */
  readonly line: number;
  readonly cells: Cell[];
  /**
   * The columns whose cell is a number the file stores typed (a JSON number, a spreadsheet's
   * numeric cell), its text with `.` as decimal mark, whatever the feed's mark: plain, but for a
   * JSON file's number, which is as written (`1e3`). The mapping stage writes it in plain notation
   * with the feed's decimal mark for an amount or a count (`2,125` is two and an eighth where the mark
   * is a comma), keeps it as written for a key (`12.5`, `1e3`), and never reads it as grouping
   * thousands (a JSON `150.000` is 150).
   */
  readonly typedNumbers?: readonly number[];
  /** Set when the record itself is malformed (unterminated quote, bad JSON line…), with the 1-based column at fault if one is. */
  readonly problem?: RowProblem & { readonly column: number | null };
}

/** Records read so far, with the columns known so far (JSON objects may add keys as they go). */
export interface RecordBatch {
  readonly columns: readonly string[];
  /** The line of the header that names the columns, for formats that have one. */
  readonly headerLine?: number;
  readonly records: readonly RawRecord[];
  /** Reading one part of a file (see io/read-feed.ts FilePart): the records before it, given once, before its first. */
  readonly recordsBefore?: number;
}

/**
 * Takes a delimited feed's rows as they are split, in file order, instead of in batches: a
 * loader that can read a plain line in place (no quote, no undecodable byte) takes it as text,
 * without cells being cut out of it; every other record comes as a {@link RawRecord}.
 */
export interface RowSink {
  /** The header's columns, before any row. */
  header(columns: readonly string[]): void;
  /**
   * A plain line, line `line` of the file, as its cells' places: cell c is
   * text[bounds[2c], bounds[2c + 1]) for c < count (bounds is reused for the next line). True
   * when taken; else the line comes again as a record.
   */
  line(text: string, bounds: Int32Array, count: number, line: number): boolean;
  /**
   * With shards: the column whose cell tells whether another shard owns a line (-1: none), set
   * by `header`, and `pass`, which takes such a line (true), from that cell alone, before the
   * line's other cells are found (`line`: the line number); false sends it on to `line`.
   */
  keyColumn?: number;
  pass?(text: string, start: number, end: number, line: number): boolean;
  /** Any record not taken as a line. */
  record(record: RawRecord): void;
}
