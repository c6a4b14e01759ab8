import { CURRENCY_SYMBOLS, CURRENCY_WORDS, isCurrencyCode } from "./currencies.js";
import { codePointName, visibleKey } from "../text/keys.js";

/**
 * An exact amount of money as an integer count of millionths of the currency unit
 * ("micros", as in Google's `amountMicros`). Integers up to 2^53 are exact in a JS
 * number, so comparison and subtraction in the hot path never round.
 */
export type Micros = number;

/** Decimals an amount can carry: 6, the resolution of {@link Micros}. */
export const MAX_DECIMALS = 6;
export const MICROS_PER_UNIT = 1_000_000;
const DOT = 46;
/** Micros per unit of the last of `d` decimals: SCALE[d] = 10^(MAX_DECIMALS - d), a lookup rather than a power per amount. */
const SCALE = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1] as const;

/** Why a cell is not an amount (see model/row-error.ts). */
export type AmountErrorCode =
  "not_an_amount" | "ambiguous_amount" | "wrong_number_format" | "too_many_decimals" | "amount_too_large" | "unknown_currency";

/** How a feed writes numbers: its decimal separator and, optionally, its grouping one. */
export interface NumberFormat {
  readonly decimal: "." | ",";
  /** The grouping separator; `undefined` means none was declared. */
  readonly thousands?: "," | "." | "'" | " " | undefined;
  /**
   * Whether this format is assumed rather than declared: a feed that could set `decimal` and
   * `thousands` and set neither. A `.` followed by three digits may then be a thousands separator
   * as well as a decimal one (see {@link AmountParser.mayGroup}).
   */
  readonly assumed?: boolean | undefined;
  /**
   * A format that takes no `decimal` and `thousands` (a page's schema.org markup, Parquet's
   * text): its name, for the advice an ambiguous amount gets (none of the feed's to set).
   */
  readonly fixedBy?: string | undefined;
}

const ZERO = 48;
const NINE = 57;
const SPACES = new Set([" ", "\t", "\u00a0", "\u202f", "\u2009"]);
const SYMBOLS_LONGEST_FIRST = Object.keys(CURRENCY_SYMBOLS).sort((a, b) => b.length - a.length);

/**
 * Parses money cells without allocating per call: `parse` returns whether it succeeded and
 * leaves the result in `value`, `decimals` and `currencies` (or the reason in `error`, and its
 * code in `errorCode`).
 *
 * It accepts a sign, a currency symbol or ISO code before or after the number, and grouping
 * by the declared `thousands` separator. When no grouping separator is declared the other
 * of `.` and `,` is accepted as grouping only where it cannot be a decimal separator:
 * `1,234.56` is 1234.56 under a `.` decimal, but `1,234` alone is ambiguous and rejected.
 *
 * @example
 * const p = new AmountParser({ decimal: ",", thousands: "." });
 * p.parse("€ 1.234,56"); // true; p.value === 1_234_560_000, p.currencies → ["EUR"]
 */
export class AmountParser {
  value: Micros = 0;
  /** Decimals written in the cell (`2.10` has 2). */
  decimals = 0;
  /** The currency codes the cell's symbol or code can mean, or null when it names none. */
  currencies: readonly string[] | null = null;
  error = "";
  errorCode: AmountErrorCode = "not_an_amount";
  /**
   * After a parse that succeeded, under an assumed format: whether the cell's one separator is a
   * `.` with exactly three digits after it and one to three before, the first not 0 (`1.000`,
   * `¥1.500`), as a thousands separator writes it. It is a decimal separator in a currency with a
   * minor unit, and ambiguous in one without (see money/grouping.ts): the row's currency says.
   */
  mayGroup = false;

  private readonly decimalChar: number;
  private readonly groupChars: string;
  private readonly groupDeclared: boolean;
  /** Whether the format is assumed (see NumberFormat.assumed), with its `.` decimal and no grouping declared. */
  private readonly assumed: boolean;
  private readonly fixedBy: string | undefined;

  constructor(format: NumberFormat = { decimal: "." }) {
    this.fixedBy = format.fixedBy;
    this.decimalChar = format.decimal.charCodeAt(0);
    this.groupDeclared = format.thousands !== undefined;
    if (format.thousands === " ") this.groupChars = " \u00a0\u202f\u2009";
    else if (format.thousands !== undefined) this.groupChars = format.thousands;
    else this.groupChars = format.decimal === "." ? "," : ".";
    if (this.groupChars.includes(format.decimal)) {
      throw new RangeError(`the decimal and thousands separators are both "${format.decimal}"`);
    }
    this.assumed = format.assumed === true && this.decimalChar === DOT && !this.groupDeclared;
  }

  parse(text: string): boolean {
    this.currencies = null;
    this.error = "";
    if (isPlainDecimal(text, 0, text.length)) return this.digits(text, 0, text.length, false);
    return this.parseDecorated(text);
  }

  /**
   * Parses text[start, end) when it is a plain decimal (digits, at most one separator between
   * them), as {@link parse} would the cut-out cell; false for anything else, left to `parse`.
   */
  parsePlain(text: string, start: number, end: number): boolean {
    if (this.decimalChar !== DOT) {
      // With a comma decimal, a dot groups thousands: digits() decides what it means.
      if (!isPlainDecimal(text, start, end)) return false;
      this.currencies = null;
      this.error = "";
      return this.digits(text, start, end, false);
    }
    // One pass for the common case: digits, at most one dot between them, at most MAX_DECIMALS
    // after it. Whatever digits() would refuse is left to parse() (false), which says why.
    if (end <= start || end - start > 16) return false;
    let units = 0;
    let fraction = 0;
    let decimals = -1;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= ZERO && c <= NINE) {
        if (decimals < 0) units = units * 10 + (c - ZERO);
        else if (++decimals > MAX_DECIMALS) return false;
        else fraction = fraction * 10 + (c - ZERO);
      } else if (c === DOT && decimals < 0 && i > start && i < end - 1) decimals = 0;
      else return false;
    }
    const places = decimals < 0 ? 0 : decimals;
    const micros = units * MICROS_PER_UNIT + fraction * SCALE[places]!;
    if (!Number.isSafeInteger(micros)) return false;
    this.currencies = null;
    this.error = "";
    this.value = micros;
    this.decimals = places;
    this.mayGroup = places === 3 && this.assumed && units > 0 && units < 1000 && text.charCodeAt(start) !== ZERO;
    return true;
  }

  private parseDecorated(text: string): boolean {
    let start = 0;
    let end = text.length;
    while (start < end && SPACES.has(text[start]!)) start++;
    while (end > start && SPACES.has(text[end - 1]!)) end--;
    let negative = false;
    let signed = false;
    if (text[start] === "-" || text[start] === "+") {
      negative = text[start] === "-";
      signed = true;
      start++;
    }
    const prefix = this.currencyAt(text, start, end, true);
    if (prefix < 0) return false;
    start += prefix;
    while (start < end && SPACES.has(text[start]!)) start++;
    if (!signed && (text[start] === "-" || text[start] === "+")) {
      negative = text[start] === "-";
      start++;
    }
    if (prefix === 0) {
      const suffix = this.currencyAt(text, start, end, false);
      if (suffix < 0) return false;
      end -= suffix;
      while (end > start && SPACES.has(text[end - 1]!)) end--;
    }
    if (start >= end) return this.fail("not_an_amount", text.trim() === "" ? "empty amount" : `no number in "${text}"`);
    return this.digits(text, start, end, negative);
  }

  /** Length of a currency token at the start (or end) of text[start, end), 0 if none, -1 on error. */
  private currencyAt(text: string, start: number, end: number, atStart: boolean): number {
    const first = text.charCodeAt(atStart ? start : end - 1);
    if (first >= ZERO && first <= NINE) return 0;
    if (end - start >= 3) {
      const written = atStart ? text.slice(start, start + 3) : text.slice(end - 3, end);
      // A known ISO code in lower or mixed case too (Google's feeds write "15.00 usd", a
      // spreadsheet "15.00 Eur"); other letters ("nan", "…ity") are no currency, as before.
      const lower = /^[a-zA-Z]{3}$/.test(written) && isCurrencyCode(written.toUpperCase());
      const code = lower ? written.toUpperCase() : written;
      if (/^[A-Z]{3}$/.test(code) && !CURRENCY_SYMBOLS[code]) {
        // Three letters of a longer word ("15.00 EURO", "USDollar 5") are no code of their own.
        const word = letterRun(text, start, end, atStart);
        if (word.length > 3) return this.fail("unknown_currency", currencyWord(word)) ? 0 : -1;
        if (!isCurrencyCode(code)) return this.fail("unknown_currency", `unknown currency code "${code}"`) ? 0 : -1;
        this.currencies = [code];
        return 3;
      }
    }
    for (const symbol of SYMBOLS_LONGEST_FIRST) {
      const hit = atStart ? text.startsWith(symbol, start) : text.endsWith(symbol, end);
      if (hit) {
        this.currencies = CURRENCY_SYMBOLS[symbol]!;
        return symbol.length;
      }
    }
    // A currency's name or sign written as a word (`15.00 Euro`, `99 kr.`): said as such, not as an unexpected letter.
    const word = letterRun(text, start, !atStart && text[end - 1] === "." ? end - 1 : end, atStart);
    if (Object.hasOwn(CURRENCY_WORDS, word.toLowerCase())) return this.fail("unknown_currency", currencyWord(word)) ? 0 : -1;
    return 0;
  }

  private digits(text: string, start: number, end: number, negative: boolean): boolean {
    let units = 0;
    let fraction = 0;
    let fractionDigits = -1; // -1: no decimal separator seen
    let intDigits = 0;
    let groups = 0;
    let sinceGroup = -1; // digits since the last grouping separator, -1 before the first
    let firstGroup = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= ZERO && c <= NINE) {
        if (fractionDigits >= 0) {
          if (++fractionDigits > MAX_DECIMALS) {
            return this.fail("too_many_decimals", `"${text}" has more than ${MAX_DECIMALS} decimals`);
          }
          fraction = fraction * 10 + (c - ZERO);
        } else {
          units = units * 10 + (c - ZERO);
          intDigits++;
          if (sinceGroup >= 0) sinceGroup++;
        }
      } else if (c === this.decimalChar && fractionDigits < 0) {
        if (sinceGroup >= 0 && sinceGroup !== 3) return this.badGrouping(text);
        fractionDigits = 0;
      } else if (fractionDigits < 0 && this.groupChars.includes(text[i]!)) {
        if (intDigits === 0 || (sinceGroup >= 0 && sinceGroup !== 3)) return this.badGrouping(text);
        // No grouping writes a first group with a leading zero: `0.859` is a decimal, not 859.
        if (groups === 0 && text.charCodeAt(i - intDigits) === ZERO) return this.badGrouping(text);
        if (groups === 0) firstGroup = intDigits;
        groups++;
        sinceGroup = 0;
      } else {
        return this.fail("not_an_amount", unexpected(text, i));
      }
    }
    if (intDigits === 0 && fractionDigits <= 0) return this.fail("not_an_amount", `"${text}" is not an amount`);
    if (fractionDigits === 0) return this.fail("not_an_amount", `"${text}" ends with its decimal separator`);
    if (groups > 0) {
      if (sinceGroup !== -1 && fractionDigits < 0 && sinceGroup !== 3) return this.badGrouping(text);
      if (firstGroup > 3) return this.badGrouping(text);
      if (!this.groupDeclared && groups === 1 && fractionDigits < 0) {
        return this.fail(
          "ambiguous_amount",
          `"${text}" is ambiguous: "${this.groupChars}" may be a decimal or a thousands separator; ` +
            (this.fixedBy === undefined
              ? `set the feed's "decimal" and "thousands"`
              : `the feed's format, ${this.fixedBy}, takes no "decimal" or "thousands": its amounts are written with a point as decimal separator and no grouping (1299.00)`),
        );
      }
    }
    const decimals = fractionDigits < 0 ? 0 : fractionDigits;
    const micros = units * MICROS_PER_UNIT + fraction * SCALE[decimals]!;
    if (!Number.isSafeInteger(micros)) return this.fail("amount_too_large", `"${text}" is too large`);
    this.value = negative && micros !== 0 ? -micros : micros;
    this.decimals = decimals;
    this.mayGroup = decimals === 3 && groups === 0 && this.assumed && intDigits <= 3 && units > 0 && text.charCodeAt(start) !== ZERO;
    return true;
  }

  private badGrouping(text: string): boolean {
    return this.fail(
      "wrong_number_format",
      `"${text}" does not fit this feed's number format (decimal "${String.fromCharCode(this.decimalChar)}", grouping "${this.groupChars[0]}")`,
    );
  }

  private fail(code: AmountErrorCode, reason: string): false {
    this.errorCode = code;
    this.error = reason;
    return false;
  }
}

/** Fast check for the common `123` / `12.34` cell (dot decimal, no sign, no decoration). */
function isPlainDecimal(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 16) return false;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT && dot < 0 && i > start && i < end - 1) dot = i;
    else if (c < ZERO || c > NINE) return false;
  }
  return true;
}

/** Parses a dot-decimal amount such as `"12.34"` or `"-0.5"` (config values, rule literals). */
export function parseAmount(text: string): Micros {
  const parser = new AmountParser({ decimal: "." });
  // A rule's or a setting's literal has no feed whose format could say what a "," is.
  if (!parser.parse(text))
    throw new RangeError(
      parser.errorCode === "ambiguous_amount" || parser.errorCode === "wrong_number_format"
        ? `"${text}" may mean two amounts here: a rule or setting writes an amount with "." as its decimal separator and no grouping ("1000", "1.5")`
        : parser.error,
    );
  if (parser.currencies) throw new RangeError(`"${text}" must be a plain number without currency`);
  return parser.value;
}

/**
 * Writes an amount as a decimal string with at least `minDecimals` decimals and every further
 * decimal it has: an amount read from a feed never loses a digit.
 */
export function formatAmount(value: Micros, minDecimals: number): string {
  const negative = value < 0;
  const abs = negative ? -value : value;
  const units = Math.floor(abs / MICROS_PER_UNIT);
  let fraction = String(abs - units * MICROS_PER_UNIT).padStart(MAX_DECIMALS, "0");
  let keep = MAX_DECIMALS;
  while (keep > minDecimals && fraction.charCodeAt(keep - 1) === ZERO) keep--;
  fraction = fraction.slice(0, keep);
  return `${negative ? "-" : ""}${units}${keep > 0 ? "." + fraction : ""}`;
}

/**
 * The decimals an amount has, trailing zeros aside: 3 for 2.129, 1 for 2.10, 0 for 2. A computed
 * amount is rounded no coarser than the amounts it is computed from (see the pricing modules).
 */
export function decimalsOf(value: Micros): number {
  let fraction = Math.abs(value % MICROS_PER_UNIT);
  if (fraction === 0) return 0;
  let decimals = MAX_DECIMALS;
  while (fraction % 10 === 0) {
    fraction /= 10;
    decimals--;
  }
  return decimals;
}

/** How a computed amount rounds to its minor unit. */
export type RoundingMode = "half-up" | "half-even";

/** Rounds a computed amount to `decimals` decimals: half away from zero, or half to even. */
export function roundAmount(value: Micros, decimals: number, mode: RoundingMode = "half-up"): Micros {
  if (decimals >= MAX_DECIMALS) return value;
  const step = 10 ** (MAX_DECIMALS - decimals);
  const abs = Math.abs(value);
  let quotient = Math.floor(abs / step);
  const remainder = abs - quotient * step;
  const twice = remainder * 2;
  if (twice > step || (twice === step && (mode === "half-up" || quotient % 2 === 1))) quotient++;
  const rounded = quotient * step;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * Why text is no amount, at its i-th character, shown as it can be seen (a control character as
 * its escape); one holding a C1 control character (U+0080–U+009F, which no text has) is said to
 * be windows-1252 read as latin1, where 0x80 is €.
 */
function unexpected(text: string, i: number): string {
  const c1 = /[\u0080-\u009f]/.exec(text);
  const hint =
    c1 === null
      ? ""
      : `; it holds ${codePointName(c1[0].charCodeAt(0))}, a control character no text has: a windows-1252 file read as latin1 has them where it writes € (0x80) and other signs, so set the feed's "encoding" to "windows-1252"`;
  return `"${visibleKey(text)}" is not an amount (unexpected "${visibleKey(text[i]!)}")${hint}`;
}

/** Why a currency written as a word is refused: the code to write, where the word names one. */
function currencyWord(word: string): string {
  const codes = Object.hasOwn(CURRENCY_WORDS, word.toLowerCase()) ? CURRENCY_WORDS[word.toLowerCase()]! : [];
  if (codes.length === 1) return `"${word}" is not a currency code: write its ISO 4217 code, ${codes[0]}`;
  if (codes.length > 1)
    return `"${word}" is not a currency code, and may be any of ${codes.join(", ")}: write the ISO 4217 code of the one meant`;
  return `"${word}" is not a currency code: write its three-letter ISO 4217 code ("EUR") or its symbol`;
}

/** The run of ASCII letters at the start (or end) of text[start, end). */
function letterRun(text: string, start: number, end: number, atStart: boolean): string {
  const isLetter = (i: number) => {
    const c = text.charCodeAt(i) | 0x20;
    return c >= 0x61 && c <= 0x7a;
  };
  if (atStart) {
    let i = start;
    while (i < end && isLetter(i)) i++;
    return text.slice(start, i);
  }
  let i = end;
  while (i > start && isLetter(i - 1)) i--;
  return text.slice(i, end);
}
