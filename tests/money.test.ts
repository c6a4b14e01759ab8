import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AmountParser,
  formatAmount,
  MAX_DECIMALS,
  parseAmount,
  roundAmount,
  type Micros,
  type NumberFormat,
  type RoundingMode,
} from "../src/money/amount.js";

/** Enough precision for every safe-integer amount of micros, so the oracle itself never rounds. */
const D = Decimal.clone({ precision: 60 });

/** The reference: a decimal string as integer micros, computed by decimal.js (`+ 0` turns -0 into 0). */
function micros(text: string): Micros {
  return new D(text).times(1_000_000).toNumber() + 0;
}

const DOT: NumberFormat = { decimal: "." };
const DOT_COMMA: NumberFormat = { decimal: ".", thousands: "," };
const COMMA_DOT: NumberFormat = { decimal: ",", thousands: "." };
const DOT_APOSTROPHE: NumberFormat = { decimal: ".", thousands: "'" };
const COMMA_SPACE: NumberFormat = { decimal: ",", thousands: " " };

describe("AmountParser", () => {
  interface Accepted {
    readonly cell: string;
    readonly format: NumberFormat;
    readonly value: string;
    readonly decimals: number;
    readonly currencies: readonly string[] | null;
  }
  const accepted: Accepted[] = [
    { cell: "12.34", format: DOT, value: "12.34", decimals: 2, currencies: null },
    { cell: "-0.5", format: DOT, value: "-0.5", decimals: 1, currencies: null },
    { cell: "0", format: DOT, value: "0", decimals: 0, currencies: null },
    { cell: "2.10", format: DOT, value: "2.1", decimals: 2, currencies: null },
    { cell: "1.123456", format: DOT, value: "1.123456", decimals: 6, currencies: null },
    { cell: "€ 1.234,56", format: COMMA_DOT, value: "1234.56", decimals: 2, currencies: ["EUR"] },
    { cell: "1,234.56 EUR", format: DOT, value: "1234.56", decimals: 2, currencies: ["EUR"] },
    // Google's feeds write the ISO code in lower case too.
    { cell: "15.00 usd", format: DOT, value: "15", decimals: 2, currencies: ["USD"] },
    { cell: "eur 4.99", format: DOT, value: "4.99", decimals: 2, currencies: ["EUR"] },
    { cell: "1,234.56 EUR", format: DOT_COMMA, value: "1234.56", decimals: 2, currencies: ["EUR"] },
    { cell: "2.129", format: DOT, value: "2.129", decimals: 3, currencies: null },
    { cell: "2.129", format: COMMA_DOT, value: "2129", decimals: 0, currencies: null },
    { cell: "1,234", format: DOT_COMMA, value: "1234", decimals: 0, currencies: null },
    { cell: "1,234,567", format: DOT, value: "1234567", decimals: 0, currencies: null },
    { cell: "CHF 10", format: DOT, value: "10", decimals: 0, currencies: ["CHF"] },
    { cell: "10 CHF", format: DOT, value: "10", decimals: 0, currencies: ["CHF"] },
    { cell: "Fr. 10.50", format: DOT, value: "10.5", decimals: 2, currencies: ["CHF"] },
    { cell: "HK$ 7", format: DOT, value: "7", decimals: 0, currencies: ["HKD"] },
    { cell: "-€5", format: DOT, value: "-5", decimals: 0, currencies: ["EUR"] },
    { cell: "€-5", format: DOT, value: "-5", decimals: 0, currencies: ["EUR"] },
    { cell: "+3", format: DOT, value: "3", decimals: 0, currencies: null },
    { cell: "1'234.50", format: DOT_APOSTROPHE, value: "1234.5", decimals: 2, currencies: null },
    { cell: "1 234,50", format: COMMA_SPACE, value: "1234.5", decimals: 2, currencies: null },
    { cell: "1\u00a0234,50", format: COMMA_SPACE, value: "1234.5", decimals: 2, currencies: null },
    { cell: "1\u202f234\u202f567,5", format: COMMA_SPACE, value: "1234567.5", decimals: 1, currencies: null },
    { cell: "\u00a012,50\u00a0€\u00a0", format: COMMA_DOT, value: "12.5", decimals: 2, currencies: ["EUR"] },
    { cell: "9007199254.740991", format: DOT, value: "9007199254.740991", decimals: 6, currencies: null },
  ];

  it.each(accepted)("reads $cell under $format.decimal/$format.thousands as $value", (c) => {
    const parser = new AmountParser(c.format);
    expect(parser.parse(c.cell)).toBe(true);
    expect(parser.error).toBe("");
    expect(parser.value).toBe(micros(c.value));
    expect(parser.decimals).toBe(c.decimals);
    expect(parser.currencies).toEqual(c.currencies);
  });

  it("accepts a bare $ and leaves the row's currency to choose among the dollars", () => {
    const parser = new AmountParser();
    expect(parser.parse("$ 5")).toBe(true);
    expect(parser.value).toBe(5_000_000);
    expect(parser.currencies).toContain("USD");
    expect(parser.currencies).toContain("HKD");
    expect(parser.currencies).not.toContain("EUR");
  });

  interface Rejected {
    readonly cell: string;
    readonly format: NumberFormat;
    readonly error: RegExp;
  }
  const rejected: Rejected[] = [
    { cell: "1,234", format: DOT, error: /ambiguous/ },
    { cell: "1.234", format: { decimal: "," }, error: /ambiguous/ },
    { cell: "12,34", format: DOT, error: /grouping/ },
    { cell: "12.34", format: COMMA_DOT, error: /grouping/ },
    { cell: "1.234,56", format: DOT, error: /not an amount/ },
    { cell: "1234,567.5", format: DOT, error: /grouping/ },
    { cell: "1,,234", format: DOT_COMMA, error: /grouping/ },
    { cell: ",123", format: DOT_COMMA, error: /grouping/ },
    { cell: "1.2.3", format: DOT, error: /not an amount/ },
    { cell: "NaN", format: DOT, error: /not an amount/ },
    { cell: "Infinity", format: DOT, error: /not an amount/ },
    { cell: "-Infinity", format: DOT, error: /not an amount/ },
    { cell: "1e5", format: DOT, error: /not an amount/ },
    { cell: "0x10", format: DOT, error: /not an amount/ },
    { cell: "", format: DOT, error: /empty/ },
    { cell: "   ", format: DOT, error: /empty/ },
    { cell: "--1", format: DOT, error: /not an amount/ },
    { cell: "+-1", format: DOT, error: /not an amount/ },
    { cell: "-+1", format: DOT, error: /not an amount/ },
    { cell: "1.", format: DOT, error: /ends with its decimal separator/ },
    { cell: "1.1234567", format: DOT, error: /more than 6 decimals/ },
    { cell: "0,0000001", format: COMMA_DOT, error: /more than 6 decimals/ },
    { cell: "XYZ 5", format: DOT, error: /unknown currency code "XYZ"/ },
    { cell: "5 XYZ", format: DOT, error: /unknown currency code "XYZ"/ },
    { cell: "15.00 EURO", format: DOT, error: /^"EURO" is not a currency code/ },
    { cell: "EURO 15.00", format: DOT, error: /^"EURO" is not a currency code/ },
    { cell: "15.00 xusd", format: DOT, error: /^"xusd" is not a currency code/ },
    { cell: "15.00 Euro", format: DOT, error: /^"Euro" is not a currency code: write its ISO 4217 code, EUR$/ },
    { cell: "99 kr.", format: DOT, error: /^"kr" is not a currency code, and may be any of SEK, NOK, DKK, ISK/ },
    { cell: "EUR", format: DOT, error: /no number/ },
    { cell: "€ 5 EUR", format: DOT, error: /not an amount/ },
    { cell: "1 234.50", format: DOT, error: /not an amount/ },
    { cell: "9007199254.740992", format: DOT, error: /too large/ },
  ];

  it.each(rejected)("rejects $cell under $format.decimal/$format.thousands", (c) => {
    const parser = new AmountParser(c.format);
    expect(parser.parse(c.cell)).toBe(false);
    expect(parser.error).toMatch(c.error);
  });

  it("refuses a format whose decimal and grouping separators are the same", () => {
    expect(() => new AmountParser({ decimal: ",", thousands: "," })).toThrow(RangeError);
    expect(() => new AmountParser({ decimal: ".", thousands: "." })).toThrow(RangeError);
  });

  it("does not carry a currency or an error from one cell to the next", () => {
    const parser = new AmountParser();
    expect(parser.parse("XYZ 1")).toBe(false);
    expect(parser.parse("€ 2")).toBe(true);
    expect(parser.error).toBe("");
    expect(parser.currencies).toEqual(["EUR"]);
    expect(parser.parse("3")).toBe(true);
    expect(parser.currencies).toBeNull();
    expect(parser.value).toBe(3_000_000);
  });

  it("reads a negative zero as plain zero", () => {
    const parser = new AmountParser();
    expect(parser.parse("-0.00")).toBe(true);
    expect(Object.is(parser.value, 0)).toBe(true);
  });
});

describe("AmountParser.parsePlain (cells read in place)", () => {
  it("gives parse()'s value and decimals whenever it takes a cell, and never takes one parse() refuses", () => {
    const cell = fc.stringMatching(/^[0-9.,]{0,18}$/);
    fc.assert(
      fc.property(cell, fc.constantFrom(".", ","), fc.integer({ min: 0, max: 4 }), (text, decimal, pad) => {
        // The cell inside a longer line, as the splitter hands it.
        const line = `${"x".repeat(pad)}${text}${"y".repeat(pad)}`;
        const plain = new AmountParser({ decimal });
        const whole = new AmountParser({ decimal });
        const wholeOk = whole.parse(text);
        if (plain.parsePlain(line, pad, pad + text.length)) {
          expect(wholeOk).toBe(true);
          expect([plain.value, plain.decimals, plain.currencies]).toStrictEqual([whole.value, whole.decimals, whole.currencies]);
        } else if (decimal === "." && /^\d{1,9}(\.\d{1,6})?$/.test(text)) {
          // The common case must not fall back: plain digits with a dot and up to six decimals.
          expect.unreachable(`parsePlain refused "${text}"`);
        }
      }),
      { seed: 20_261_122, numRuns: 3000 },
    );
  });
});

describe("parseAmount", () => {
  it("refuses a currency in a plain number", () => {
    expect(() => parseAmount("€5")).toThrow(/without currency/);
    expect(() => parseAmount("1,234")).toThrow(RangeError);
  });

  /** Decimal strings as config values and rule literals write them: optional sign, digits, up to 6 decimals. */
  const digitString = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
  const decimalString = fc
    .tuple(fc.constantFrom("", "-", "+"), digitString(1, 9), fc.option(digitString(1, MAX_DECIMALS), { nil: undefined }))
    .map(([sign, units, fraction]) => `${sign}${units}${fraction === undefined ? "" : "." + fraction}`);

  it("agrees with decimal.js on random decimal strings", () => {
    fc.assert(
      fc.property(decimalString, (text) => {
        expect(parseAmount(text)).toBe(micros(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the digits the same whatever the feed's separators and currency decoration", () => {
    const formats: NumberFormat[] = [DOT_COMMA, COMMA_DOT, DOT_APOSTROPHE, COMMA_SPACE];
    const groupWith = (units: string, separator: string): string => {
      const digits = units.replace(/^0+(?=\d)/, "");
      let out = "";
      for (let i = 0; i < digits.length; i++) {
        if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
        out += digits[i];
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...formats),
        fc.boolean(),
        digitString(1, 9),
        fc.option(digitString(1, MAX_DECIMALS), { nil: undefined }),
        fc.constantFrom("", "€ ", "EUR ", "€"),
        fc.constantFrom("", " €", " EUR", "€"),
        (format, negative, units, fraction, prefix, suffix) => {
          const plain = `${negative ? "-" : ""}${units}${fraction === undefined ? "" : "." + fraction}`;
          const written =
            (negative ? "-" : "") + groupWith(units, format.thousands!) + (fraction === undefined ? "" : format.decimal + fraction);
          const decorated = prefix !== "" ? prefix + written : written + suffix;
          const parser = new AmountParser(format);
          expect(parser.parse(decorated), `${decorated}: ${parser.error}`).toBe(true);
          expect(parser.value).toBe(micros(plain));
          expect(parser.decimals).toBe(fraction?.length ?? 0);
          expect(parser.currencies).toEqual(prefix === "" && suffix === "" ? null : ["EUR"]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("orders amounts as decimal.js does, to the last micro", () => {
    const cents = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => new D(c).div(100).toFixed(2));
    const pair = fc.oneof(
      fc.tuple(decimalString, decimalString),
      // exactly one cent apart
      cents.map((a): [string, string] => [a, new D(a).plus("0.01").toFixed(2)]),
      cents.map((a): [string, string] => [new D(a).plus("0.01").toFixed(2), a]),
      // the same amount written with a different number of decimals
      cents.map((a): [string, string] => [a, new D(a).toFixed(4)]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const x = parseAmount(a);
        const y = parseAmount(b);
        const expected = new D(a).comparedTo(new D(b));
        expect(Math.sign(x - y) + 0).toBe(expected + 0);
        expect(x < y).toBe(expected < 0);
        expect(x === y).toBe(expected === 0);
        expect(x - y).toBe(micros(new D(a).minus(b).toString()));
      }),
      { numRuns: 2000 },
    );
  });

  it("compares one cent exactly where binary floats do not", () => {
    // In binary floating point 1.02 - 1.01 is 0.010000000000000009, so the "more than a cent" check misfires.
    expect(Math.abs(1.02 - 1.01) > 0.01).toBe(true);
    expect(new D("1.02").minus("1.01").abs().gt("0.01")).toBe(false);
    expect(Math.abs(parseAmount("1.02") - parseAmount("1.01")) > parseAmount("0.01")).toBe(false);
    expect(parseAmount("1.02") - parseAmount("1.01")).toBe(parseAmount("0.01"));
  });
});

describe("formatAmount", () => {
  const anyMicros = fc.oneof(
    fc.maxSafeInteger(),
    fc.integer({ min: -100_000_000, max: 100_000_000 }),
    // whole cents and whole units, so trailing zeros get trimmed and padded
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((c) => c * 10_000),
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((u) => u * 1_000_000),
  );
  const minDecimals = fc.integer({ min: 0, max: MAX_DECIMALS });

  it("is undone by parseAmount for every amount and minimum of decimals", () => {
    fc.assert(
      fc.property(anyMicros, minDecimals, (value, d) => {
        expect(parseAmount(formatAmount(value, d))).toBe(value + 0);
      }),
      { numRuns: 3000 },
    );
  });

  it("writes the exact decimal with at least the minimum decimals and no digit lost", () => {
    fc.assert(
      fc.property(anyMicros, minDecimals, (value, d) => {
        const exact = new D(value).div(1_000_000);
        expect(formatAmount(value, d)).toBe(exact.toFixed(Math.max(d, exact.decimalPlaces())));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    [12_340_000, 2, "12.34"],
    [12_340_000, 0, "12.34"],
    [12_000_000, 2, "12.00"],
    [12_000_000, 0, "12"],
    [-500_000, 2, "-0.50"],
    [1, 0, "0.000001"],
    [-1, 6, "-0.000001"],
    [0, 3, "0.000"],
  ] as const)("formats %i micros with %i decimals as %s", (value, d, text) => {
    expect(formatAmount(value, d)).toBe(text);
  });
});

describe("roundAmount", () => {
  const modes: Record<RoundingMode, Decimal.Rounding> = {
    "half-up": Decimal.ROUND_HALF_UP,
    "half-even": Decimal.ROUND_HALF_EVEN,
  };
  const expected = (value: Micros, d: number, mode: RoundingMode): Micros =>
    new D(value).div(1_000_000).toDecimalPlaces(d, modes[mode]).times(1_000_000).toNumber() + 0;

  it.each([
    ["2.5", 0, "3", "2"],
    ["3.5", 0, "4", "4"],
    ["-2.5", 0, "-3", "-2"],
    ["1.005", 2, "1.01", "1"],
    ["0.125", 2, "0.13", "0.12"],
    ["0.135", 2, "0.14", "0.14"],
    ["-0.005", 2, "-0.01", "0"],
    ["-0.004", 2, "0", "0"],
    ["1.234567", 6, "1.234567", "1.234567"],
    ["1.2345", 3, "1.235", "1.234"],
  ] as const)("rounds %s to %i decimals: half-up %s, half-even %s", (value, d, up, even) => {
    expect(roundAmount(micros(value), d, "half-up")).toBe(micros(up));
    expect(roundAmount(micros(value), d, "half-even")).toBe(micros(even));
  });

  it("defaults to half-up", () => {
    expect(roundAmount(micros("0.125"), 2)).toBe(micros("0.13"));
  });

  it("agrees with decimal.js ROUND_HALF_UP and ROUND_HALF_EVEN", () => {
    const decimals = fc.integer({ min: 0, max: MAX_DECIMALS });
    const value = fc.oneof(
      fc.integer({ min: -1_000_000_000_000_000, max: 1_000_000_000_000_000 }),
      fc.integer({ min: -10_000_000, max: 10_000_000 }),
    );
    // Exact ties (…5 right after the kept decimals) are where the two modes differ.
    const tie = fc
      .tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: MAX_DECIMALS - 1 }))
      .map(([k, d]): [number, number] => {
        const step = 10 ** (MAX_DECIMALS - d);
        return [k * step + Math.sign(k || 1) * (step / 2), d];
      });
    const input = fc.oneof(fc.tuple(value, decimals), tie);
    fc.assert(
      fc.property(input, fc.constantFrom<RoundingMode>("half-up", "half-even"), ([v, d], mode) => {
        const rounded = roundAmount(v, d, mode);
        expect(rounded).toBe(expected(v, d, mode));
        expect(Object.is(rounded, -0)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
