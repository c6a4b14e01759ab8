/**
 * An amount written `1.000` or `¥1.500` in a currency without a minor unit (ISO 4217 exponent 0),
 * in a feed that declares no number format: `.` then three digits is how European-locale exports
 * group thousands, and JPY has no decimals to carry them, so the cell is ambiguous and refused,
 * never read as 1 or 1.5 yen: an amount that is ambiguous is an error, never a guess. The same
 * cell in a currency with a minor unit, or under a declared format, is read as before (M04).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";
import { AmountParser } from "../src/money/amount.js";

const AT = new Date("2026-06-15T10:00:00Z");

/** Checks one prices file (in-place lines and records alike), with `entry` added to its feed and `settings` to the config. */
async function run(
  name: string,
  content: string,
  entry: Record<string, unknown> = {},
  currency = "JPY",
  settings: Record<string, unknown> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-grouping-"));
  writeFileSync(join(dir, name), content);
  const config = validateConfig(
    { currency, feeds: [{ kind: "prices", path: name, ...entry }], rules: ["price/non-positive"], ...settings },
    "test",
  );
  const report = await check({ config, file: null, baseDir: dir }, { at: AT });
  const invalid = report.findings.filter((f) => f.rule === "feed/invalid-row");
  return {
    rows: report.summary.rows,
    invalid: invalid.map((f) => f.message),
    codes: invalid.map((f) => f.values["code"]),
  };
}

const ambiguous = (at: string, amount: string, currency: string, grouped: string, decimal: string) =>
  `${at}: ${amount} is ambiguous in ${currency}, a currency without decimals: "." may group thousands (${grouped} ${currency}) or be a decimal separator (${decimal} ${currency}); set the feed's "decimal" and "thousands"`;

describe("M23 a dot and three digits in a currency without decimals", () => {
  it("M23 refuses 1.000 and ¥1.500 JPY under the default number format", async () => {
    const r = await run("p.csv", "sku,channel,currency,price,sale_price\nA,web,JPY,1.000,900\nC,web,JPY,¥1.500,\nD,web,JPY,2000,1.999\n");
    expect(r.invalid).toStrictEqual([
      ambiguous("p.csv:2:4 (price)", "1.000", "JPY", "1000", "1"),
      ambiguous("p.csv:3:4 (price)", "1.500", "JPY", "1500", "1.5"),
      ambiguous("p.csv:4:5 (sale_price)", "1.999", "JPY", "1999", "1.999"),
    ]);
    expect(r.codes).toStrictEqual(["ambiguous_amount", "ambiguous_amount", "ambiguous_amount"]);
    expect(r.rows).toStrictEqual({ read: 3, accepted: 0, rejected: 3 });
  });

  it("refuses it in other currencies without decimals, the row's currency deciding (its column, its symbol, the default)", async () => {
    const r = await run(
      "p.csv",
      "sku,channel,currency,price\nA,web,KRW,12.500\nB,web,,9.900\nC,web,ISK,-1.000\nD,web,EUR,1.500\n",
      {},
      "CLP",
    );
    expect(r.invalid).toStrictEqual([
      ambiguous("p.csv:2:4 (price)", "12.500", "KRW", "12500", "12.5"),
      ambiguous("p.csv:3:4 (price)", "9.900", "CLP", "9900", "9.9"),
      ambiguous("p.csv:4:4 (price)", "-1.000", "ISK", "-1000", "-1"),
    ]);
    // 1.500 EUR is one euro fifty: EUR has cents.
    expect(r.rows).toStrictEqual({ read: 4, accepted: 1, rejected: 3 });
  });

  it("M45 judges a currency by the decimals the config's minorUnits gives it, not by ISO 4217 alone", async () => {
    // HUF without fillér ({"HUF": 0}): 1.500 may be 1500 forint grouped, as the store row's 1500
    // suggests, or 1.5; refused, in place and as a record (the quoted cell) alike.
    const huf = await run("p.csv", 'sku,channel,currency,price\nA,web,HUF,1.500\nB,web,HUF,"2.250"\nA,store,HUF,1500\n', {}, "HUF", {
      minorUnits: { HUF: 0 },
    });
    expect(huf.invalid).toStrictEqual([
      ambiguous("p.csv:2:4 (price)", "1.500", "HUF", "1500", "1.5"),
      ambiguous("p.csv:3:4 (price)", "2.250", "HUF", "2250", "2.25"),
    ]);
    expect(huf.rows).toStrictEqual({ read: 3, accepted: 1, rejected: 2 });
    // JPY in hundredths ({"JPY": 2}): the dot is its decimal separator, as in EUR.
    const jpy = await run("p.csv", "sku,channel,currency,price\nA,web,JPY,1.500\n", {}, "JPY", { minorUnits: { JPY: 2 } });
    expect([jpy.invalid, jpy.rows]).toStrictEqual([[], { read: 1, accepted: 1, rejected: 0 }]);
  });

  it("reads what cannot be grouping, a currency with a minor unit, and a declared format as before", async () => {
    // One or two decimals, a leading zero, four digits before the dot, a comma grouping: no doubt.
    const plain = await run(
      "p.csv",
      'sku,channel,price\nA,web,1.5\nB,web,168.5\nC,web,0.500\nD,web,1234.500\nE,web,"1,234.500"\nF,web,1000\n',
    );
    expect(plain.invalid).toStrictEqual([]);
    expect(plain.rows).toStrictEqual({ read: 6, accepted: 6, rejected: 0 });
    // HUF has two decimals (ISO 4217): 1.990 is 1.99 forint, as the default format says.
    const huf = await run("p.csv", "sku,channel,price\nA,web,1.990\n", {}, "HUF");
    expect(huf.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
    // A feed that declares its decimal says what the dot is.
    const declared = await run("p.csv", "sku,channel,price\nA,web,1.000\nB,web,¥1.500\n", { decimal: "." });
    expect(declared.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    const grouped = await run("p.csv", "sku,channel,price\nA,web,1.000\n", { decimal: ",", thousands: "." });
    expect(grouped.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("refuses the same text in a JSON string, not in a feed whose format fixes the dot", async () => {
    const json = await run("p.jsonl", '{"sku":"A","channel":"web","price":"1.000"}\n');
    expect(json.invalid).toStrictEqual([ambiguous("p.jsonl:1:3 (price)", "1.000", "JPY", "1000", "1")]);
  });
});

describe("AmountParser.mayGroup", () => {
  const mayGroup = (text: string, assumed = true) => {
    const p = new AmountParser({ decimal: ".", assumed });
    expect(p.parse(text)).toBe(true);
    const plain = new AmountParser({ decimal: ".", assumed });
    // The in-place reader's path says the same of a plain cell.
    if (plain.parsePlain(text, 0, text.length)) expect(plain.mayGroup).toBe(p.mayGroup);
    return p.mayGroup;
  };

  it("is a lone dot with three digits after it and one to three before, the first not 0", () => {
    expect(["1.000", "12.500", "999.999", "¥1.500", "-1.000", "1.500 JPY"].map((t) => mayGroup(t))).toStrictEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["1.5", "1.50", "1.0000", "0.500", "1234.500", "1,234.500", "1000", "01.500"].map((t) => mayGroup(t))).toStrictEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(mayGroup("1.000", false)).toBe(false);
  });
});

describe("M24 a discount shown to six decimals that rounds onto maxPercent", () => {
  it("M24 says “more than” of maxPercent as written, not of the discount rounded", async () => {
    // 2.00 of 3.00 is 100/3 % = 33.3333333…% off: more than 33.333333 %, and shown with the seventh
    // decimal that says so (M41).
    const dir = mkdtempSync(join(tmpdir(), "pricelint-discount-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price,sale_price\nA,web,3.00,2.00\n");
    const found = async (maxPercent: string) => {
      const config = validateConfig(
        {
          currency: "EUR",
          feeds: [{ kind: "prices", path: "p.csv" }],
          rules: ["price/excessive-discount"],
          ruleSettings: { "price/excessive-discount": { maxPercent } },
        },
        "test",
      );
      return (await check({ config, file: null, baseDir: dir }, { at: AT })).findings.map((f) => f.message);
    };
    expect(await found("33.333333")).toStrictEqual([
      "web at every location: 2.00 is more than 33.333333% below the price 3.00 (discount 33.3333333%)",
    ]);
    expect(await found("33.333334")).toStrictEqual([]);
  });
});
