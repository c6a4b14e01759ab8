import { plainDecimal } from "../io/number-text.js";
import type { RawRecord } from "../io/record.js";
import { AmountParser, type NumberFormat } from "../money/amount.js";

/** Columns whose cells read as amounts, and the decimal separator they need where the feed's is not it. */
export interface AmountColumns {
  readonly columns: readonly number[];
  /** The other decimal separator, where the cells read as amounts only with it; else null. */
  readonly decimal: "." | "," | null;
  /** A cell of the first column, as written. */
  readonly example: string | null;
}

/**
 * Of `columns`, those whose filled sample cells all read as amounts, one of them at least with
 * decimals (a column of whole numbers may be counts or codes): in the feed's number format, else
 * all of them in the one with the other decimal separator.
 */
export function amountColumns(columns: readonly number[], records: readonly RawRecord[], numberFormat: NumberFormat): AmountColumns {
  const read = (format: NumberFormat) => columns.filter((c) => readsAsAmounts(c, records, new AmountParser(format)));
  const own = read(numberFormat);
  const example = (found: readonly number[]) => {
    const cell =
      found.length === 0 ? undefined : records.map((r) => r.cells[found[0]!]).find((c) => typeof c === "string" && c.trim() !== "");
    return typeof cell === "string" ? cell.trim() : null;
  };
  if (own.length > 0) return { columns: own, decimal: null, example: example(own) };
  const other = numberFormat.decimal === "." ? "," : ".";
  const found = read({ decimal: other });
  return { columns: found, decimal: found.length > 0 ? other : null, example: example(found) };
}

function readsAsAmounts(column: number, records: readonly RawRecord[], parser: AmountParser): boolean {
  let filled = 0;
  let decimals = false;
  for (const record of records) {
    const cell = record.cells[column];
    if (cell === undefined || (typeof cell === "string" && cell.trim() === "")) continue;
    // A typed number (JSON, a workbook's numeric cell) is written with a point, whatever the feed's
    // mark; a JSON file's as written (`1.5e1` has no decimals).
    const typed = record.typedNumbers?.includes(column) === true;
    if (typeof cell !== "string") return false;
    filled++;
    if (typed) {
      decimals ||= (plainDecimal(cell) ?? cell).includes(".");
      continue;
    }
    if (!parser.parse(cell)) return false;
    decimals ||= parser.decimals > 0;
  }
  return filled > 0 && decimals;
}
