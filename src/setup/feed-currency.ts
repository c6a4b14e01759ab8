import type { RawRecord } from "../io/record.js";
import { FEED_FIELDS, type FeedKind } from "../model/fields.js";
import { AmountParser, type NumberFormat } from "../money/amount.js";
import { isCurrencyCode } from "../money/currencies.js";
import type { ColumnChoice } from "./map-columns.js";
import type { Entry, Scalar } from "./write-config.js";

/** What a feed's sample tells of the currency of its amounts. */
export interface FeedCurrency {
  /** Currency codes the rows name, and how often (a currency column, or symbols in amounts). */
  readonly currencies: Map<string, number>;
  /** Rows read whose amounts name no currency (an empty currency cell, no symbol), of those with an amount. */
  readonly unnamed: { rows: number; of: number };
  /** The feed's `currency` constant, where no column gives the currency and its amounts' columns name one. */
  readonly constant: Entry<Scalar> | null;
  /** A TODO where the columns' names and the cells do not tell one currency. */
  readonly remark: string | null;
}

/**
 * The currency of a feed's amounts: the codes its rows name (in a currency column, or as symbols
 * and codes in amounts), how many rows with an amount name none (an empty currency cell names
 * none), and the constant it needs where no column gives the currency but the amounts' columns
 * name one (`Price in USD`, `Preis (CHF)`): their amounts are in it, whatever the config's.
 * `money`: the columns read as amounts; `currency`: the currency column, if one is read.
 */
export function feedCurrency(
  kind: FeedKind,
  money: readonly ColumnChoice[],
  currency: number | undefined,
  records: readonly RawRecord[],
  numberFormat: NumberFormat,
): FeedCurrency {
  const counts = new Map<string, number>();
  const unnamed = { rows: 0, of: 0 };
  const add = (code: string) => counts.set(code, (counts.get(code) ?? 0) + 1);
  const parser = new AmountParser(numberFormat);
  for (const record of records) {
    const cell = currency === undefined ? undefined : record.cells[currency];
    if (typeof cell === "string" && isCurrencyCode(cell.trim().toUpperCase())) {
      add(cell.trim().toUpperCase());
      if (money.length > 0) unnamed.of++;
      continue;
    }
    let amount = false;
    let named = false;
    for (const { column } of money) {
      const value = record.cells[column];
      if (value === undefined || (typeof value === "string" && value.trim() === "")) continue;
      amount = true;
      if (typeof value === "string" && parser.parse(value) && parser.currencies?.length === 1) {
        add(parser.currencies[0]!);
        named = true;
        break;
      }
    }
    if (amount) unnamed.of++;
    if (amount && !named) unnamed.rows++;
  }
  const taken = FEED_FIELDS[kind].some((f) => f.name === "currency") && currency === undefined;
  return { currencies: counts, unnamed, ...(taken ? namedByColumns(money, counts) : { constant: null, remark: null }) };
}

/**
 * The constant of a feed whose amounts' columns name their currency by its code (`Price in USD`):
 * that code, where the rows name no other; a TODO where the columns name two, or the rows another.
 */
function namedByColumns(money: readonly ColumnChoice[], rows: ReadonlyMap<string, number>): Pick<FeedCurrency, "constant" | "remark"> {
  const named = money.filter((c) => c.withoutCurrency !== undefined && isCurrencyCode(c.withoutCurrency));
  const codes = [...new Set(named.map((c) => c.withoutCurrency!))];
  const names = named.map((c) => JSON.stringify(c.name)).join(", ");
  if (codes.length === 0) return { constant: null, remark: null };
  if (codes.length > 1) {
    return {
      constant: null,
      remark: `TODO ${names} name ${codes.join(" and ")}: a row's amounts are read in one currency: map the amounts of one`,
    };
  }
  const code = codes[0]!;
  const others = [...rows.keys()].filter((c) => c !== code);
  if (others.length > 0) {
    return {
      constant: null,
      remark: `TODO ${names} name${named.length === 1 ? "s" : ""} ${code}, but amounts in the first rows name ${others.join(", ")}: set the currency meant in constants (currency: <code>)`,
    };
  }
  return { constant: { key: "currency", value: code, note: `the currency ${names} name${named.length === 1 ? "s" : ""}` }, remark: null };
}
