/**
 * A promotion's cells as Google's promotions feed writes them: the whole window in `start`
 * (`promotion_effective_dates`) with no end, and a money `value` with its currency
 * (`money_off_amount` `5.00 USD`); a percentage still takes none.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Report } from "../src/index.js";
import { probeRule } from "./helpers/probe.js";

/** Writes the files and a Rome/EUR config reading them, and checks it over `window` or at `at`. */
async function run(
  files: Record<string, string>,
  promotions: Record<string, unknown>,
  rules: readonly unknown[],
  when: { from: string; to: string } | string,
): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-promotion-cells-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = {
    timezone: "Europe/Rome",
    currency: "EUR",
    feeds: [
      { kind: "prices", path: "p.csv" },
      { kind: "promotions", ...promotions },
    ],
    rules,
  };
  writeFileSync(join(dir, "c.json"), JSON.stringify(config));
  const loaded = await loadConfig(join(dir, "c.json"));
  const report = await check(
    loaded,
    typeof when === "string" ? { at: new Date(when) } : { window: { from: new Date(when.from), to: new Date(when.to) } },
  );
  expect(report.summary.rows.read).toBe(report.summary.rows.accepted + report.summary.rows.rejected);
  return report;
}

const invalid = (r: Report) => r.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message);

describe("T13 a promotion whose start holds the whole window", () => {
  const prices = "sku,channel,currency,price\nG,web,EUR,10.00\nG,app,EUR,10.00\n";
  const WINDOW = { from: "2026-10-20T00:00:00Z", to: "2026-10-31T00:00:00Z" };
  // 2026-10-24 starts at 00:00 CEST (22:00Z the day before); 2026-10-25 is the day the clocks go
  // back, so it ends at 00:00 CET on the 26th, 23:00Z: the sale runs 49 hours.
  const SALE = { from: "2026-10-23T22:00:00.000Z", to: "2026-10-25T23:00:00.000Z" };

  /** The intervals app differs from web (the web promotion's), and the rows rejected. */
  async function differs(file: string, text: string) {
    const report = await run({ "p.csv": prices, [file]: text }, { path: file }, ["channel/app-differs-from-web"], WINDOW);
    return {
      intervals: report.findings.filter((f) => f.rule === "channel/app-differs-from-web").map((f) => f.interval),
      invalid: invalid(report),
    };
  }

  it("runs over that window when the end cell is empty (CSV)", async () => {
    const text = "promo_id,type,value,channels,skus,start,end\nG1,percent_off,10,web,G,2026-10-24/2026-10-25,\n";
    expect(await differs("promos.csv", text)).toStrictEqual({ intervals: [SALE], invalid: [] });
  });

  it("runs over that window when the record has no end (JSON Lines)", async () => {
    const text = `${JSON.stringify({ promo_id: "G1", type: "percent_off", value: 10, channels: ["web"], skus: ["G"], start: "2026-10-24/2026-10-25" })}\n`;
    expect(await differs("promos.jsonl", text)).toStrictEqual({ intervals: [SALE], invalid: [] });
  });

  it("needs no end column when the starts hold their windows, and rejects, by its line, a row whose start does not", async () => {
    const text = [
      "promo_id,type,value,channels,skus,start",
      "G1,percent_off,10,web,G,2026-10-24/2026-10-25",
      "G2,percent_off,50,web,G,2026-10-27",
    ].join("\n");
    expect(await differs("promos.csv", `${text}\n`)).toStrictEqual({
      intervals: [SALE],
      invalid: ["promos.csv:3: end is required, unless start holds the whole window (start/end)"],
    });
  });

  it("rejects a row with one start and an empty end, naming the end's cell", async () => {
    const text = "promo_id,type,value,channels,skus,start,end\nG1,percent_off,10,web,G,2026-10-24,\n";
    expect(await differs("promos.csv", text)).toStrictEqual({
      intervals: [],
      invalid: ["promos.csv:2:7 (end): end is required, unless start holds the whole window (start/end)"],
    });
  });
});

/** Reports each offer's effective price and multi-buy unit price. */
const PROBE = probeRule(["effectivePrice", "multibuyUnitPrice"], "test/prices");

describe("P08 a promotion's money value with its currency", () => {
  const AT = "2026-06-01T12:00:00Z";
  const HEADER = "promo_id,type,value,min_qty,channels,skus,start,end,reference_price,currency";

  /** Each web offer's effective price and multi-buy unit price, and the rows rejected. */
  async function prices(promotionRows: readonly string[], offers = "sku,channel,price\nA,web,10.00\nB,web,10.00\nC,web,10.00\n") {
    const report = await run(
      { "p.csv": offers, "promos.csv": `${[HEADER, ...promotionRows].join("\n")}\n` },
      { path: "promos.csv" },
      [PROBE],
      AT,
    );
    const offersSeen = Object.fromEntries(
      report.findings
        .filter((f) => f.rule === "test/prices")
        .map((f) => [`${f.sku}@${f.channels[0]}`, [f.values.effectivePrice, f.values.multibuyUnitPrice ?? null]]),
    );
    return { offers: offersSeen, invalid: invalid(report) };
  }

  it("reads an amount off, a new price and a multi-buy total written with a symbol or a code", async () => {
    const got = await prices([
      "P1,amount_off,1.50 EUR,,web,A,2026-01-01,2026-12-31,,",
      "P2,fixed_price,€8.00,,web,B,2026-01-01,2026-12-31,,",
      "P3,multibuy,5.00 eur,2,web,C,2026-01-01,2026-12-31,,EUR",
    ]);
    // 10.00 − 1.50; the new price 8.00; 2 for 5.00 is 2.50 each, the price of one still 10.00.
    expect(got).toStrictEqual({ offers: { "A@web": ["8.50", null], "B@web": ["8.00", null], "C@web": ["10.00", "2.50"] }, invalid: [] });
  });

  it("takes the one currency a value names as the promotion's, so it leaves offers in another alone", async () => {
    const offers = "sku,channel,currency,price\nA,web,EUR,10.00\nA,app,USD,10.00\n";
    const got = await prices(["P1,amount_off,US$1.50,,web|app,A,2026-01-01,2026-12-31,,"], offers);
    // The promotion is in USD: 1.50 off the app's 10.00 USD, nothing off the web's 10.00 EUR.
    expect(got).toStrictEqual({ offers: { "A@web": ["10.00", null], "A@app": ["8.50", null] }, invalid: [] });
  });

  it("rejects a value in another currency than the promotion's or than its reference price", async () => {
    const got = await prices([
      "P1,amount_off,1.50 USD,,web,A,2026-01-01,2026-12-31,,EUR",
      "P2,fixed_price,€8.00,,web,B,2026-01-01,2026-12-31,US$12.00,",
    ]);
    expect(got).toStrictEqual({
      offers: { "A@web": ["10.00", null], "B@web": ["10.00", null], "C@web": ["10.00", null] },
      invalid: [
        "promos.csv:2:10 (currency): the amounts are written in USD but the currency is EUR",
        'promos.csv:3:9 (reference_price): "US$12.00" names another currency than the row\'s other amounts',
      ],
    });
  });

  it("still refuses a currency on a percentage, beside a reference price in that currency too", async () => {
    const got = await prices([
      "P1,percent_off,10 EUR,,web,A,2026-01-01,2026-12-31,,",
      "P2,percent_off,€10,,web,B,2026-01-01,2026-12-31,€12.00,",
      "P3,percent_off,10,,web,C,2026-01-01,2026-12-31,€12.00,",
    ]);
    const refused = "percent_off takes a percentage, not money: drop the currency, or make the type amount_off";
    // P3's reference price may carry its symbol: 10 % off 10.00 is 9.00.
    expect(got).toStrictEqual({
      offers: { "A@web": ["10.00", null], "B@web": ["10.00", null], "C@web": ["9.00", null] },
      invalid: [`promos.csv:2:3 (value): ${refused}`, `promos.csv:3:3 (value): ${refused}`],
    });
  });
});

describe("P72 a promotion type written as Google writes it, or in words", () => {
  it("P72 is matched as other values are, ignoring case, spaces, _ and -: PERCENT_OFF and Percent Off are percent_off", async () => {
    const prices = "sku,channel,currency,price\nA,web,EUR,10.00\nB,web,EUR,10.00\nC,web,EUR,10.00\nD,web,EUR,10.00\n";
    const promotions = [
      "promo_id,type,value,min_qty,get_qty,channels,skus,start,end",
      "Q1,PERCENT_OFF,10,,,web,A,2026-11-20,2026-11-25",
      "Q2,Percent Off,20,,,web,B,2026-11-20,2026-11-25",
      "Q3,Buy-X-Get-Y,,2,1,web,C,2026-11-20,2026-11-25",
      "Q4,percent,10,,,web,D,2026-11-20,2026-11-25",
    ].join("\n");
    const report = await run(
      { "p.csv": prices, "r.csv": `${promotions}\n` },
      { path: "r.csv" },
      [probeRule(["effectivePrice", "multibuyUnitPrice"])],
      "2026-11-20T10:00:00Z",
    );
    // 10.00 less 10 % and 20 %; buy 2 get 1 is 20.00 for 3, 6.67 each. `percent` is no type.
    expect(invalid(report)).toStrictEqual([
      'r.csv:5:2 (type): "percent" is not a promotion type (percent_off, amount_off, fixed_price, multibuy, buy_x_get_y)',
    ]);
    const probed = report.findings.filter((f) => f.rule === "test/probe");
    expect(probed.map((f) => [f.sku, f.values["effectivePrice"], f.values["multibuyUnitPrice"]])).toStrictEqual([
      ["A", "9.00", null],
      ["B", "8.00", null],
      ["C", "10.00", "6.67"],
      ["D", "10.00", null],
    ]);
  });
});
