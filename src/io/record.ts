/** A cell as read: text, a list (JSON arrays), or absent. */
export type Cell = string | readonly string[] | undefined;

/** One row of a feed as read, before any mapping: its cells by column, and where it starts. */
export interface RawRecord {
  /** 1-based line of the file where the record starts. */
  readonly line: number;
  readonly cells: Cell[];
  /** Set when the record itself is malformed (unterminated quote, bad JSON line…). */
  readonly problem?: { readonly reason: string; readonly column: number | null };
}

/** Records read so far, with the columns known so far (JSON objects may add keys as they go). */
export interface RecordBatch {
  readonly columns: readonly string[];
  readonly records: readonly RawRecord[];
}
