import type { RawRecord } from "../io/record.js";
import { FEED_FIELDS, type FeedKind } from "../model/fields.js";
import { AmountParser, type NumberFormat } from "../money/amount.js";
import { CURRENCY_SYMBOLS, isCurrencyCode } from "../money/currencies.js";
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
  /** Whether that constant is a guess: one of the currencies a sign several use stands for (`$`). */
  readonly guessed?: true;
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
  let signs: Signs | null = null;
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
      if (typeof value !== "string" || !parser.parse(value) || parser.currencies === null) continue;
      if (parser.currencies.length === 1) {
        add(parser.currencies[0]!);
        named = true;
        break;
      }
      // A sign several currencies use (`$12.50`): the currency is one of them, named by no row.
      signs ??= { example: value.trim(), candidates: parser.currencies };
      signs.candidates = signs.candidates.filter((c) => parser.currencies!.includes(c));
    }
    if (amount) unnamed.of++;
    if (amount && !named) unnamed.rows++;
  }
  const taken = FEED_FIELDS[kind].some((f) => f.name === "currency") && currency === undefined;
  const constant = !taken ? { constant: null, remark: null } : (namedByColumns(money, counts, signs) ?? ofSigns(money, counts, signs));
  return { currencies: counts, unnamed, ...constant };
}

/** The currencies a sign in the sample's amounts may mean, of every such amount, and the first amount written so. */
interface Signs {
  readonly example: string;
  candidates: readonly string[];
}

/**
 * The constant of a feed whose amounts' columns name their currency by its code (`Price in USD`):
 * that code, where the rows name no other; a TODO where the columns name two, or the rows another.
 * Null where no column names a code.
 */
function namedByColumns(
  money: readonly ColumnChoice[],
  rows: ReadonlyMap<string, number>,
  signs: Signs | null,
): Pick<FeedCurrency, "constant" | "remark"> | null {
  const named = money.filter((c) => c.withoutCurrency !== undefined && isCurrencyCode(c.withoutCurrency));
  const codes = [...new Set(named.map((c) => c.withoutCurrency!))];
  const names = named.map((c) => JSON.stringify(c.name)).join(", ");
  if (codes.length === 0) return null;
  if (codes.length > 1) {
    return {
      constant: null,
      remark: `TODO ${names} name ${codes.join(" and ")}: a row's amounts are read in one currency: map the amounts of one`,
    };
  }
  const code = codes[0]!;
  const others = [...rows.keys()].filter((c) => c !== code);
  if (signs !== null && !signs.candidates.includes(code)) others.push(signs.candidates.join("/"));
  if (others.length > 0) {
    return {
      constant: null,
      remark: `TODO ${names} name${named.length === 1 ? "s" : ""} ${code}, but amounts in the first rows name ${others.join(", ")}: set the currency meant in constants (currency: <code>)`,
    };
  }
  return { constant: { key: "currency", value: code, note: `the currency ${names} name${named.length === 1 ? "s" : ""}` }, remark: null };
}

/**
 * The constant of a feed whose amounts carry a sign several currencies use (`$12.50`, or a column
 * `Price ($)`), where no row names a currency: the first currency the sign may mean, as a guess
 * (a TODO naming them all), so that the amounts are never read in a currency the sign cannot be.
 */
function ofSigns(
  money: readonly ColumnChoice[],
  rows: ReadonlyMap<string, number>,
  signs: Signs | null,
): Pick<FeedCurrency, "constant" | "remark" | "guessed"> {
  const none = { constant: null, remark: null };
  const signed = money.filter((c) => c.withoutCurrency !== undefined && CURRENCY_SYMBOLS[c.withoutCurrency] !== undefined);
  if (rows.size > 0 || (signs === null && signed.length === 0)) return none;
  let candidates = signs?.candidates ?? CURRENCY_SYMBOLS[signed[0]!.withoutCurrency!]!;
  for (const c of signed) candidates = candidates.filter((code) => CURRENCY_SYMBOLS[c.withoutCurrency!]!.includes(code));
  const names = signed.map((c) => JSON.stringify(c.name)).join(", ");
  const source =
    signs !== null
      ? `the amounts are written with a sign several currencies use (e.g. ${JSON.stringify(signs.example)}`
      : `${names} name${signed.length === 1 ? "s" : ""} a sign several currencies use (${JSON.stringify(signed[0]!.withoutCurrency)}`;
  if (candidates.length === 0) {
    return { constant: null, remark: `TODO ${source}), of no one currency: set the currency meant in constants (currency: <code>)` };
  }
  return {
    constant: {
      key: "currency",
      value: candidates[0]!,
      note: `TODO ${source}: ${candidates.join(", ")}): ${candidates[0]} is taken only for coming first of them: set the one meant`,
    },
    remark: null,
    guessed: true,
  };
}
