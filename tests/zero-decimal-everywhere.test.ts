/**
 * `1.000` in a feed that declares no number format, beyond a price row's amounts (M23): every
 * money cell of every kind (a promotion's value and reference_price, a history price, a
 * catalogue's cost and map_price) in a currency without a minor unit is ambiguous, as is any
 * whole count written so (stock, pack and promotion quantities, a priority): `.` then three
 * digits is how European-locale exports group thousands. A typed number (a JSON number, a sheet's
 * number cell) groups nothing: it is the number it is.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";
import { xlsxBytes } from "../bench/formats/xlsx.js";

const AT = new Date("2026-06-15T10:00:00Z");
const STORES = "location,name,timezone,currency\nS1,One,Asia/Tokyo,\n";

/** Checks the files with these feeds (a stores feed of S1 added), in `currency`; the rejected rows and the other findings. */
async function run(
  files: Readonly<Record<string, string | Uint8Array>>,
  feeds: readonly Record<string, unknown>[],
  currency = "JPY",
  rules: readonly string[] = ["price/non-positive"],
) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-everywhere-"));
  for (const [name, data] of Object.entries({ "s.csv": STORES, ...files })) writeFileSync(join(dir, name), data);
  const config = validateConfig(
    { currency, timezone: "Asia/Tokyo", feeds: [{ kind: "stores", path: "s.csv" }, ...feeds], rules: [...rules] },
    "test",
  );
  const report = await check({ config, file: null, baseDir: dir }, { at: AT });
  const invalid = report.findings.filter((f) => f.rule === "feed/invalid-row");
  return {
    rows: report.summary.rows,
    invalid: invalid.map((f) => f.message),
    codes: [...new Set(invalid.map((f) => f.values["code"]))],
    other: report.findings.filter((f) => f.rule !== "feed/invalid-row").map((f) => f.message),
  };
}

/** M23's message, for an amount of `currency` read `decimal` or `grouped`. */
const money = (at: string, amount: string, currency: string, grouped: string, decimal: string) =>
  `${at}: ${amount} is ambiguous in ${currency}, a currency without decimals: "." may group thousands (${grouped} ${currency}) or be a decimal separator (${decimal} ${currency}); set the feed's "decimal" and "thousands"`;

/** The message of a count written `text`, read `decimal` or `grouped`. */
const count = (at: string, text: string, grouped: string, decimal: string) =>
  `${at}: "${text}" is ambiguous: a count has no decimals, so "." may group thousands (${grouped}) or be a decimal separator (${decimal}); set the feed's "decimal" and "thousands"`;

const PROMOS = "promo_id,type,value,channels,skus,start,end,reference_price,min_qty,currency,get_qty,priority\n";
const WINDOW = "2026-06-01,2026-06-30";

describe("M25 a dot and three digits in money of every kind, in a currency without decimals", () => {
  it("M25 refuses a promotion's value and reference_price, in its own currency or the config's", async () => {
    const r = await run(
      {
        "p.csv": "sku,channel,price\nA,web,2000\nB,web,2000\n",
        "r.csv":
          PROMOS +
          `P1,amount_off,1.000,web,A,${WINDOW},,,,,\n` +
          `P2,percent_off,10,web,B,${WINDOW},2.000,,,,\n` +
          `P3,fixed_price,¥1.500,web,A,${WINDOW},,,,,\n` +
          `P4,multibuy,2.500,web,A,${WINDOW},,2,,,\n` +
          `P5,amount_off,12.500,web,A,${WINDOW},,,KRW,,\n` +
          // A percentage is no money: 1.5 %, as 1500 % is none. 1.500 EUR is one euro fifty.
          `P6,percent_off,1.500,web,B,${WINDOW},,,,,\n` +
          `P7,amount_off,1.500,web,A,${WINDOW},,,EUR,,\n`,
      },
      [
        { kind: "prices", path: "p.csv" },
        { kind: "promotions", path: "r.csv" },
      ],
    );
    expect(r.invalid).toStrictEqual([
      money("r.csv:2:3 (value)", "1.000", "JPY", "1000", "1"),
      money("r.csv:3:8 (reference_price)", "2.000", "JPY", "2000", "2"),
      money("r.csv:4:3 (value)", "1.500", "JPY", "1500", "1.5"),
      money("r.csv:5:3 (value)", "2.500", "JPY", "2500", "2.5"),
      money("r.csv:6:3 (value)", "12.500", "KRW", "12500", "12.5"),
    ]);
    expect(r.codes).toStrictEqual(["ambiguous_amount"]);
    expect(r.rows).toStrictEqual({ read: 10, accepted: 5, rejected: 5 });
  });

  it("refuses a history price in its own currency, its symbol's, the config's or its location's", async () => {
    const prices = "sku,channel,price\nA,web,2000\n";
    const feeds = [
      { kind: "prices", path: "p.csv" },
      { kind: "price_history", path: "h.csv" },
    ];
    const jpy = await run(
      {
        "p.csv": prices,
        "h.csv":
          "sku,channel,location,valid_from,price,currency\n" +
          "A,web,,2026-04-01,1.500,\n" +
          "A,web,,2026-04-02,¥2.000,\n" +
          "A,web,,2026-04-03,9.900,CLP\n" +
          "A,web,,2026-04-04,1.500,EUR\n",
      },
      feeds,
    );
    expect(jpy.invalid).toStrictEqual([
      money("h.csv:2:5 (price)", "1.500", "JPY", "1500", "1.5"),
      money("h.csv:3:5 (price)", "2.000", "JPY", "2000", "2"),
      money("h.csv:4:5 (price)", "9.900", "CLP", "9900", "9.9"),
    ]);
    expect(jpy.rows).toStrictEqual({ read: 6, accepted: 3, rejected: 3 });
    // In EUR, a store whose currency is JPY: its history rows are in yen, the others in euros.
    const stores = "location,name,timezone,currency\nS1,One,Asia/Tokyo,JPY\n";
    const eur = await run(
      {
        "s.csv": stores,
        "p.csv": prices,
        "h.csv": "sku,channel,location,valid_from,price,currency\nA,store,S1,2026-04-01,3.000,\nA,web,,2026-04-01,3.000,\n",
      },
      feeds,
      "EUR",
    );
    expect(eur.invalid).toStrictEqual([money("h.csv:2:5 (price)", "3.000", "JPY", "3000", "3")]);
    expect(eur.rows).toStrictEqual({ read: 4, accepted: 3, rejected: 1 });
  });

  it("refuses a catalogue's cost and map_price in the config's currency", async () => {
    const catalogue = "sku,title,cost,map_price\nA,Tea,1.500,\nB,Tea,1200,1.900\nC,Tea,1500,1900\n";
    const jpy = await run({ "c.csv": catalogue }, [{ kind: "catalogue", path: "c.csv" }]);
    expect(jpy.invalid).toStrictEqual([
      money("c.csv:2:3 (cost)", "1.500", "JPY", "1500", "1.5"),
      money("c.csv:3:4 (map_price)", "1.900", "JPY", "1900", "1.9"),
    ]);
    // In euros, 1.500 is one euro fifty.
    const eur = await run({ "c.csv": catalogue }, [{ kind: "catalogue", path: "c.csv" }], "EUR");
    expect(eur.invalid).toStrictEqual([]);
    expect(eur.rows).toStrictEqual({ read: 4, accepted: 4, rejected: 0 });
    // Under a declared format, the same cells are read as it says.
    const declared = await run(
      {
        "r.csv": PROMOS + `P1,amount_off,1.000,web,A,${WINDOW},,,,,\n`,
        "c.csv": "sku,title,cost\nA,Tea,1.500\n",
      },
      [
        { kind: "promotions", path: "r.csv", decimal: ",", thousands: "." },
        { kind: "catalogue", path: "c.csv", decimal: "." },
      ],
    );
    expect(declared.invalid).toStrictEqual([]);
    expect(declared.rows).toStrictEqual({ read: 3, accepted: 3, rejected: 0 });
  });
});

describe("M26 a whole count written with a dot and three digits", () => {
  it("M26 refuses stock, pack and promotion quantities and a priority as ambiguous", async () => {
    const r = await run(
      {
        "i.csv": 'sku,location,available\nA,S1,1.000\nB,S1,1.500\nC,S1,12\nD,S1,"1,000"\n',
        "c.csv": "sku,title,pack_qty\nA,Tea,2.000\nB,Tea,6\n",
        "r.csv":
          PROMOS +
          `Q1,multibuy,500,web,A,${WINDOW},,3.000,,,\n` +
          `Q2,buy_x_get_y,,web,A,${WINDOW},,1,,1.000,\n` +
          `Q3,percent_off,10,web,A,${WINDOW},,,,,2.000\n`,
      },
      [
        { kind: "catalogue", path: "c.csv" },
        { kind: "promotions", path: "r.csv" },
        { kind: "inventory", path: "i.csv" },
      ],
    );
    expect(r.invalid).toStrictEqual([
      count("r.csv:2:9 (min_qty)", "3.000", "3000", "3"),
      count("r.csv:3:11 (get_qty)", "1.000", "1000", "1"),
      count("r.csv:4:12 (priority)", "2.000", "2000", "2"),
      count("c.csv:2:3 (pack_qty)", "2.000", "2000", "2"),
      count("i.csv:2:3 (available)", "1.000", "1000", "1"),
      count("i.csv:3:3 (available)", "1.500", "1500", "1.5"),
      // M04, as before.
      `i.csv:5:3 (available): "1,000" is ambiguous: "," may be a decimal or a thousands separator; set the feed's "decimal" and "thousands"`,
    ]);
    expect(r.codes).toStrictEqual(["ambiguous_amount"]);
    expect(r.rows).toStrictEqual({ read: 10, accepted: 3, rejected: 7 });
  });

  it("M35 refuses a catalogue size so written in a unit no size is given to a thousandth of (g, mg, ml, mm) or in items; reads it in kg or l", async () => {
    const sizes =
      "sku,title,size,size_unit\nA,Pasta,1.000,g\nB,Rice,1.500,kg\nC,Oil,0.750,l\nD,Eggs,6.000,pcs\nE,Milk,1.000,ml\nF,Salt,250,g\n";
    const r = await run({ "c.csv": sizes }, [{ kind: "catalogue", path: "c.csv" }], "EUR");
    expect(r.invalid).toStrictEqual([
      `c.csv:2:3 (size): size "1.000" g is ambiguous: "." may group thousands (1000 g) or be a decimal separator (1 g); set the feed's "decimal" and "thousands"`,
      `c.csv:5:3 (size): size "6.000" pcs is ambiguous: "." may group thousands (6000 pcs) or be a decimal separator (6 pcs); set the feed's "decimal" and "thousands"`,
      `c.csv:6:3 (size): size "1.000" ml is ambiguous: "." may group thousands (1000 ml) or be a decimal separator (1 ml); set the feed's "decimal" and "thousands"`,
    ]);
    expect(r.codes).toStrictEqual(["ambiguous_amount"]);
    // 1.500 kg, 0.750 l (a leading 0 groups nothing) and 250 g are sizes as written.
    expect(r.rows).toStrictEqual({ read: 7, accepted: 4, rejected: 3 });
    // A declared format says what "." is: a decimal separator (1 g), or a thousands mark (1000 g),
    // where 0.750 is no number (a thousands group never starts 0).
    const dot = await run({ "c.csv": sizes }, [{ kind: "catalogue", path: "c.csv", decimal: "." }], "EUR");
    expect(dot.invalid).toStrictEqual([]);
    const grouped = await run({ "c.csv": sizes }, [{ kind: "catalogue", path: "c.csv", decimal: ",", thousands: "." }], "EUR");
    expect(grouped.invalid).toStrictEqual([`c.csv:4:3 (size): "0.750" does not fit this feed's number format (decimal ",", grouping ".")`]);
  });

  it("reads them under a declared format, and as typed numbers", async () => {
    const inventory = "sku,location,available\nA,S1,1.000\nB,S1,1.500\n";
    const dot = await run({ "i.csv": inventory }, [{ kind: "inventory", path: "i.csv", decimal: "." }]);
    expect(dot.invalid).toStrictEqual([`i.csv:3:3 (available): "1.500" is not a whole number`]);
    const grouped = await run({ "i.csv": inventory }, [{ kind: "inventory", path: "i.csv", decimal: ",", thousands: "." }]);
    expect(grouped.rows).toStrictEqual({ read: 3, accepted: 3, rejected: 0 });
    // A JSON number 1.000 is one; the same text in a string, after it in the same column, is ambiguous.
    const json = await run(
      {
        "i.jsonl": '{"sku":"A","location":"S1","available":1.000}\n{"sku":"B","location":"S1","available":"1.000"}\n',
      },
      [{ kind: "inventory", path: "i.jsonl" }],
    );
    expect(json.invalid).toStrictEqual([count("i.jsonl:2:3 (available)", "1.000", "1000", "1")]);
  });

  it("reads a JSON 3.0 as 3 in a feed whose decimal is a comma", async () => {
    const r = await run({ "i.jsonl": '{"sku":"A","location":"S1","available":3.0}\n' }, [
      { kind: "inventory", path: "i.jsonl", decimal: ",", thousands: "." },
    ]);
    expect(r.invalid).toStrictEqual([]);
    expect(r.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
  });
});

describe("a typed number groups nothing", () => {
  const rules = ["price/sale-not-below-regular"];

  it("reads a JSON number 150.000 in JPY as 150 in every kind, and refuses the string", async () => {
    const r = await run(
      {
        "p.jsonl": '{"sku":"A","channel":"web","price":150.000,"sale_price":200}\n{"sku":"B","channel":"web","price":"1.000"}\n',
      },
      [{ kind: "prices", path: "p.jsonl" }],
      "JPY",
      rules,
    );
    expect(r.invalid).toStrictEqual([money("p.jsonl:2:3 (price)", "1.000", "JPY", "1000", "1")]);
    expect(r.other).toStrictEqual(["web at every location: sale price 200 is not below the price 150"]);
    // So in a promotion, a history and a catalogue.
    const kinds = await run(
      {
        "p.csv": "sku,channel,price\nA,web,2000\n",
        "r.jsonl":
          '{"promo_id":"P1","type":"amount_off","value":1.000,"channels":"web","skus":"A","start":"2026-06-01","end":"2026-06-30"}\n',
        "h.jsonl": '{"sku":"A","channel":"web","valid_from":"2026-04-01","price":1.500}\n',
        "c.jsonl": '{"sku":"A","cost":1.500,"map_price":1.900}\n',
      },
      [
        { kind: "catalogue", path: "c.jsonl" },
        { kind: "prices", path: "p.csv" },
        { kind: "promotions", path: "r.jsonl" },
        { kind: "price_history", path: "h.jsonl" },
      ],
    );
    expect(kinds.invalid).toStrictEqual([]);
    expect(kinds.rows).toStrictEqual({ read: 5, accepted: 5, rejected: 0 });
  });

  it("reads a sheet's number cell 150.000 in JPY as 150", async () => {
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheet = xlsxBytes(
      `<row r="1">${cell("A1", "sku")}${cell("B1", "channel")}${cell("C1", "price")}${cell("D1", "sale_price")}</row>` +
        `<row r="2">${cell("A2", "A")}${cell("B2", "web")}<c r="C2"><v>150.000</v></c><c r="D2"><v>200</v></c></row>`,
    );
    const r = await run({ "p.xlsx": sheet }, [{ kind: "prices", path: "p.xlsx" }], "JPY", rules);
    expect(r.invalid).toStrictEqual([]);
    expect(r.other).toStrictEqual(["web at every location: sale price 200 is not below the price 150"]);
  });
});
