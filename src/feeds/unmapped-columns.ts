import type { FeedKind } from "../model/fields.js";
import { FEED_FIELDS } from "../model/fields.js";
import { fieldOfColumn } from "../model/synonyms.js";
import type { RowReader } from "./row-reader.js";

/** A source column no field reads whose name says it is a canonical field's: likely a mapping left out. */
export interface UnmappedColumn {
  /** 1-based. */
  readonly column: number;
  readonly columnName: string;
  /** The field the name stands for (its own name but for case, spaces, `_` and `-`, or a known synonym). */
  readonly field: string;
  /** Where the feed takes that field from instead: a column's name, "constant", or null (nowhere). */
  readonly instead: string | null;
}

/**
 * The columns of a feed's header that no field reads but whose names stand for a field of its
 * kind (`sale price`, `store_code`…), each with where that field comes from instead; the
 * columns listed in `ignore` are left out. `reader` is bound to `columns`.
 */
export function unmappedColumns(
  kind: FeedKind,
  columns: readonly string[],
  reader: RowReader,
  ignore: readonly string[],
): UnmappedColumn[] {
  const read = new Set(FEED_FIELDS[kind].map((f) => reader.columnOf(f.name)));
  const out: UnmappedColumn[] = [];
  columns.forEach((name, index) => {
    if (read.has(index) || ignore.includes(name)) return;
    const field = fieldOfColumn(kind, name);
    if (field === null) return;
    const from = reader.columnOf(field);
    const instead = from >= 0 ? columns[from]! : reader.isConstant(field) ? "constant" : null;
    out.push({ column: index + 1, columnName: name, field, instead });
  });
  return out;
}
