import type { FeedKind } from "../model/fields.js";
import { FEED_FIELDS } from "../model/fields.js";
import { fieldOfColumn } from "../model/synonyms.js";
import { foldedName } from "../text/keys.js";
import type { RowReader } from "./row-reader.js";

/** A source column no field reads whose name says it is a canonical field's: likely a mapping left out. */
export interface UnmappedColumn {
  /** 1-based. */
  readonly column: number;
  readonly columnName: string;
  /** The field the name stands for (its own name but for case, spaces, `_` and `-`, or a known synonym; an XML attribute's by its own name). */
  readonly field: string;
  /** Where the feed takes that field from instead: a column's name, "constant", or null (nowhere). */
  readonly instead: string | null;
  /** For a field of another kind this kind holds no such thing as (a history row's `valid_to`): why it is not read. */
  readonly note?: string;
}

/**
 * Fields of other kinds that a kind's rows hold no such thing as, by the columns naming them
 * (as the other kind reads them): said, since a user would take them to be read.
 */
const NOT_HELD: Partial<Record<FeedKind, readonly { readonly fields: readonly string[]; readonly note: string }[]>> = {
  price_history: [
    { fields: ["valid_to"], note: "a price_history row applies from its valid_from until the offer's next row, which ends it" },
    {
      fields: ["sale_price", "sale_start", "sale_end"],
      note: "a price_history row gives the price applied then: a sale's price is a row's price, from the sale's start (valid_from)",
    },
  ],
};

/**
 * The columns of a feed's header that no field reads but whose names stand for a field of its
 * kind (`sale price`, `store_code`…), or that are spelt as a column read as a field but for case
 * (`Offerta` beside a mapped `offerta`: a record that spells its key so loses its value), each
 * with where that field comes from instead. Left out: the columns the feed's `ignoreColumns` names,
 * as the reader names them (see RowReader.ignores: beside `Price` and `price`, the entry `Price` is
 * `Price`'s alone), and those `quiet` lists (a profile's, in NFC ignoring case).
 * `reader` is bound to `columns`.
 */
export function unmappedColumns(kind: FeedKind, columns: readonly string[], reader: RowReader, quiet: readonly string[]): UnmappedColumn[] {
  const read = new Set(FEED_FIELDS[kind].map((f) => reader.columnOf(f.name)));
  // A column read as a field, by its name but for case: another record's spelling of it (JSON, XML) is that field's too.
  const readAs = new Map<string, string>();
  for (const f of FEED_FIELDS[kind]) {
    const at = reader.columnOf(f.name);
    if (at >= 0) readAs.set(foldedName(columns[at]!), f.name);
  }
  const silent = new Set(quiet.map(foldedName));
  const out: UnmappedColumn[] = [];
  columns.forEach((name, index) => {
    if (read.has(index) || reader.ignores(name) || (silent.size > 0 && silent.has(foldedName(name)))) return;
    const field = readAs.get(foldedName(name)) ?? fieldOfColumn(kind, name) ?? attributeField(kind, name);
    if (field === null) {
      const held = notHeld(kind, name);
      if (held !== null) out.push({ column: index + 1, columnName: name, ...held, instead: null });
      return;
    }
    const from = reader.columnOf(field);
    const instead = from >= 0 ? columns[from]! : reader.isConstant(field) ? "constant" : null;
    out.push({ column: index + 1, columnName: name, field, instead });
  });
  return out;
}

/**
 * The field an XML attribute column names by its own name (`price@currency`, `g:price@currency`:
 * currency), for the warning only: an attribute is read where the config maps a field to it.
 */
function attributeField(kind: FeedKind, column: string): string | null {
  const at = column.lastIndexOf("@");
  return at < 0 ? null : fieldOfColumn(kind, column.slice(at + 1));
}

/** The field of another kind that column `name` names and rows of `kind` hold no such thing as, with why; else null. */
function notHeld(kind: FeedKind, name: string): { readonly field: string; readonly note: string } | null {
  for (const { fields, note } of NOT_HELD[kind] ?? []) {
    const field = fields.find((f) => fieldOfColumn("prices", name) === f);
    if (field !== undefined) return { field, note };
  }
  return null;
}
