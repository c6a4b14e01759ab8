import { BUILTIN_CHANNELS } from "../config/channels.js";
import { RowReader } from "../feeds/row-reader.js";
import type { RawRecord } from "../io/record.js";
import { FEED_FIELDS, type FeedKind } from "../model/fields.js";
import type { NumberFormat } from "../money/amount.js";
import type { DatePattern } from "../time/date-pattern.js";
import { splitInterval } from "../time/instant.js";

/** How a column's sample cells read as one field, read as `check` reads them. */
export interface CellCheck {
  readonly field: string;
  readonly column: number;
  /** Sample cells with a value. */
  readonly filled: number;
  /** Of those, the cells the field's reading refuses. */
  readonly refused: number;
  /** The first refused cell, else null. */
  readonly example: string | null;
  /** Distinct filled cells, the first {@link DISTINCT_KEPT}. */
  readonly distinct: readonly string[];
  /** Whether there were more distinct cells than kept. */
  readonly more: boolean;
  /** Filled cells that hold a window in one cell (`start/end`). */
  readonly intervals: number;
}

/** Distinct values kept per column: enough to suggest a value map for a few codes. */
export const DISTINCT_KEPT = 12;

/** The built-in channels: a starter config declares none. */
const CHANNELS: ReadonlySet<string> = new Set(Object.keys(BUILTIN_CHANNELS));

/** Reads the cells of sample records as the fields of one feed kind would be read, one column at a time. */
export class CellChecker {
  private readonly reader: RowReader;

  constructor(
    private readonly kind: FeedKind,
    numberFormat: NumberFormat,
    private readonly datePattern?: DatePattern,
  ) {
    this.reader = new RowReader({ kind, file: "", numberFormat, channels: CHANNELS, fixedWidth: false, datePattern });
  }

  /** How the cells of `column` read as `field`. */
  check(field: string, column: number, records: readonly RawRecord[]): CellCheck {
    const index = FEED_FIELDS[this.kind].findIndex((f) => f.name === field);
    const spec = FEED_FIELDS[this.kind][index]!;
    const list = spec.type === "list" || spec.type === "channel_list";
    let filled = 0;
    let refused = 0;
    let intervals = 0;
    let example: string | null = null;
    const distinct = new Set<string>();
    let more = false;
    for (const record of records) {
      const cell = record.cells[column];
      if (cell === undefined) continue;
      if (typeof cell !== "string") {
        // A JSON list: a value for list fields, one a field of one value refuses.
        filled++;
        if (!list) {
          refused++;
          example ??= cell.join("|");
        }
        continue;
      }
      const text = cell.trim();
      if (text === "") continue;
      filled++;
      if (distinct.size < DISTINCT_KEPT) distinct.add(text);
      else if (!distinct.has(text)) more = true;
      if (spec.interval && (this.datePattern ? this.datePattern.isoInterval(text) : splitInterval(text)) !== null) intervals++;
      if (this.reader.parseCell(index, text) === undefined) {
        refused++;
        example ??= text;
      }
    }
    return { field, column, filled, refused, example, distinct: [...distinct], more, intervals };
  }
}
