/**
 * A computed amount is rounded once, to the finer of the currency's minor unit and the decimals
 * of the amounts it comes from: a price in cents gives cents, a price in thousandths (fuel at
 * 2.129 EUR) gives thousandths. So a promotion never rounds a price back up to or above the
 * price it lowers, a feed's own amounts (a fixed price) are never rounded, a declared unit price
 * is judged at the precision it is written in, and two family members' unit prices compare as
 * the exact quotients do. A computed amount beyond the largest amount is missing, not written
 * with wrong digits. Every expected value is worked out by hand in the comments.
 */
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { decimalsOf } from "../src/money/amount.js";
import type { Promotion } from "../src/model/promotion.js";
import { promotedPrice } from "../src/pricing/promotions.js";
import type { RuleDefinition } from "../src/rules/rule.js";
import { checkFiles } from "./helpers/check-files.js";
import { probeRule } from "./helpers/probe.js";

type Row = Record<string, unknown>;
const AT = { at: new Date("2026-06-01T00:00:00Z") };
const promo = (p: Row): Row => ({ start: "2026-01-01", end: "2026-12-31", ...p });

/** Fires on every priced offer and reports the computed amounts of the offer scope. */
const PROBE = probeRule(["effectivePrice", "multibuyUnitPrice", "computedUnitPrice"], "test/amounts");

async function run(config: Row): Promise<Awaited<ReturnType<typeof check>>> {
  const report = await check({ timezone: "UTC", currency: "EUR", ...config } as never, AT);
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report;
}

/** The probe's values by sku. */
async function amounts(feeds: Row, extra: Row = {}): Promise<Record<string, Record<string, unknown>>> {
  const report = await run({ feeds, rules: [PROBE], ...extra });
  return Object.fromEntries(report.findings.map((f) => [f.sku, f.values]));
}

describe("decimalsOf", () => {
  it("counts an amount's decimals, trailing zeros aside", () => {
    expect([2_129_000, 2_100_000, 2_000_000, -1_500_000, 1, 0].map(decimalsOf)).toStrictEqual([3, 1, 0, 1, 6, 0]);
  });
});

describe("M15 a promotion on a price with more decimals than the minor unit", () => {
  it("keeps a fixed price as written, below the store's price: no click-and-collect or Omnibus finding", async () => {
    // Click-and-collect 2.129 with a fixed price 2.127 costs 2.127, below the store's 2.129, and
    // below the lowest price of the last 30 days (2.129): neither rule fires.
    const report = await run({
      feeds: {
        prices: [
          { sku: "F", channel: "store", location: "S1", price: "2.129" },
          { sku: "F", channel: "click_collect", location: "S1", price: "2.129", lowest_price_30d: "2.129" },
        ],
        promotions: [promo({ promo_id: "CC", type: "fixed_price", value: "2.127", channels: "click_collect", skus: "F" })],
      },
      rules: ["channel/click-collect-above-store", "omnibus/not-a-reduction"],
    });
    expect(report.findings.map((f) => f.message)).toStrictEqual([]);
  });

  it("keeps a fixed price of 0.995 on 10.00: 90.05 % off is more than 90 %", async () => {
    const report = await run({
      feeds: {
        prices: [{ sku: "G", channel: "web", price: "10.00" }],
        promotions: [promo({ promo_id: "G1", type: "fixed_price", value: "0.995", channels: "web", skus: "G" })],
      },
      rules: ["price/excessive-discount"],
    });
    // (1.00, rounded, would be exactly 90 %, not more.)
    expect(report.findings.map((f) => [f.sku, f.values["discountPercent"]])).toStrictEqual([["G", "90.05"]]);
  });

  it("rounds a computed price to the price's thousandths, never up to the price", async () => {
    const feeds = {
      prices: [
        { sku: "P", channel: "web", price: "2.129" },
        { sku: "A", channel: "web", price: "2.129" },
        { sku: "M", channel: "web", price: "2.129" },
        { sku: "C", channel: "web", price: "10.01" },
        { sku: "J", channel: "web", price: "999", currency: "JPY" },
      ],
      promotions: [
        // 2.129 × 0.999 = 2.126871 → 2.127.
        promo({ promo_id: "P", type: "percent_off", value: "0.1", channels: "web", skus: "P" }),
        // 2.129 − 0.001 = 2.128.
        promo({ promo_id: "A", type: "amount_off", value: "0.001", channels: "web", skus: "A" }),
        // 4.257 / 2 = 2.1285 → 2.129 half up (the price itself, not 2.13 above it).
        promo({ promo_id: "M", type: "multibuy", value: "4.257", min_qty: 2, channels: "web", skus: "M" }),
        // A price in cents stays in cents: 10.01 / 2 = 5.005 → 5.01.
        promo({ promo_id: "C", type: "percent_off", value: "50", channels: "web", skus: "C" }),
        // A fixed price of 998.6 JPY on 999 JPY is 998.6 as written, not 999.
        promo({ promo_id: "J", type: "fixed_price", value: "998.6", currency: "JPY", channels: "web", skus: "J" }),
      ],
    };
    const got = await amounts(feeds);
    expect(Object.fromEntries(Object.entries(got).map(([sku, v]) => [sku, [v["effectivePrice"], v["multibuyUnitPrice"]]]))).toStrictEqual({
      P: ["2.127", null],
      A: ["2.128", null],
      M: ["2.129", "2.129"],
      C: ["5.01", null],
      J: ["998.6", null],
    });
    // Half even: 2.1285 → 2.128, 5.005 → 5.00.
    const even = await amounts(feeds, { rounding: "half-even" });
    expect([even["M"]!["multibuyUnitPrice"], even["C"]!["effectivePrice"]]).toStrictEqual(["2.128", "5.00"]);
  });

  it("never yields more than the price it lowers, whatever a promotion says", () => {
    // A percentage off of −10 would make 2.00 into 2.20: the price stays 2.00.
    const raise = {
      promoId: "R",
      type: "percent_off",
      value: -10_000_000,
      stackable: false,
      priority: null,
      referencePrice: null,
    } as unknown as Promotion;
    expect(promotedPrice(2_000_000, [raise], 2, "half-up").price).toBe(2_000_000);
  });
});

describe("M42 a promotion on a price written in thousandths with a trailing zero", () => {
  /** Reckons in decimal, half up, as the README says the price is: the reference the program is held to. */
  const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
  /** Decimals a cell is written with, trailing zeros included. */
  const written = (cell: string) => cell.split(".")[1]?.length ?? 0;
  /** An amount written as the findings write it: to the cent at least, and every further digit that is not a trailing 0. */
  const shown = (d: Decimal) => {
    let text = d.toFixed(6);
    while (text.endsWith("0") && text.length > text.indexOf(".") + 3) text = text.slice(0, -1);
    return text;
  };
  /**
   * `cell` as a promotion computes from it: times `factor` (exactly), rounded once to the finer
   * of the cent and the decimals `cell` is written with, never above it.
   */
  const computed = (cell: string, factor: Decimal) =>
    shown(D.min(new D(cell).times(factor).toDecimalPlaces(Math.max(2, written(cell))), new D(cell)));

  /** A price in thousandths, 1.000 to 9.999, every other one ending in 0 (`1.780`), from a seeded sequence. */
  function* thousandths(seed: number): Generator<string> {
    let state = seed;
    for (let i = 0; ; i++) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      const n = 1000 + (state % 9000);
      yield ((i % 2 === 0 ? n - (n % 10) : n) / 1000).toFixed(3);
    }
  }

  const PERCENTS = ["5", "10", "12.5", "15", "20", "33.3", "50"];
  type Case = { sku: string; price: string; sale: string; member: string; percent: string; memberPercent: string };
  const cases: Case[] = [];
  const prices = thousandths(42);
  for (let i = 0; i < 60; i++) {
    const next = () => prices.next().value as string;
    cases.push({
      sku: `K${i}`,
      price: next(),
      sale: next(),
      member: next(),
      percent: PERCENTS[i % PERCENTS.length]!,
      memberPercent: PERCENTS[(i * 3 + 1) % PERCENTS.length]!,
    });
  }
  const factor = (percent: string) => new D(100).minus(percent).div(100);
  /**
   * Per offer, the effective and member effective prices: on the web the price less its percent,
   * and the member price less the larger of its percent and the member-only one (they do not
   * combine: the lowest result wins); in the app the sale price less its percent, for members too.
   */
  const expected = Object.fromEntries(
    cases.flatMap((c) => [
      [`web ${c.sku}`, [computed(c.price, factor(c.percent)), computed(c.member, factor(D.max(c.percent, c.memberPercent).toString()))]],
      [`app ${c.sku}`, [computed(c.sale, factor(c.percent)), computed(c.sale, factor(c.percent))]],
    ]),
  );
  const rows = {
    prices: cases.flatMap((c) => [
      { sku: c.sku, channel: "web", price: c.price, member_price: c.member },
      // Always on sale: the sale price is what the promotion lowers.
      { sku: c.sku, channel: "app", price: "10.000", sale_price: c.sale },
    ]),
    promotions: cases.flatMap((c) => [
      promo({ promo_id: `P${c.sku}`, type: "percent_off", value: c.percent, channels: "web|app", skus: c.sku }),
      promo({ promo_id: `M${c.sku}`, type: "percent_off", value: c.memberPercent, channels: "web", skus: c.sku, member_only: "true" }),
    ]),
  };
  /** Rows as a CSV file: a column for each field any row has. */
  const csv = (list: Row[]) => {
    const header = [...new Set(list.flatMap((r) => Object.keys(r)))];
    return [header.join(","), ...list.map((r) => header.map((h) => String(r[h] ?? "")).join(","))].join("\n") + "\n";
  };
  const MEMBER_PROBE = probeRule(["effectivePrice", "memberEffectivePrice"], "test/member");
  const byOffer = (report: Awaited<ReturnType<typeof check>>) =>
    Object.fromEntries(
      report.findings.map((f) => [`${f.channels.join("|")} ${f.sku}`, [f.values["effectivePrice"], f.values["memberEffectivePrice"]]]),
    );

  it("M42 keeps the decimals written, as decimal.js reckons them, in records", async () => {
    // The sequence gives prices that end in 0 (1.780 is exactly 1.78: a value cannot say it is in thousandths).
    expect(cases.filter((c) => c.price.endsWith("0")).length).toBeGreaterThan(20);
    const report = await run({ feeds: rows, rules: [MEMBER_PROBE] });
    expect(byOffer(report)).toStrictEqual(expected);
  });

  it("M42 keeps the decimals written, as decimal.js reckons them, in CSV lines read in place", async () => {
    const report = await checkFiles(
      { "p.csv": csv(rows.prices), "r.csv": csv(rows.promotions) },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "promotions", path: "r.csv" },
        ],
        rules: [MEMBER_PROBE],
      },
      "2026-06-01T00:00:00Z",
    );
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    expect(byOffer(report)).toStrictEqual(expected);
  });

  it("M43 a price history that is the price in force keeps them too, in records and CSV", async () => {
    // Each sku's web offer has no price row: its history row in force on 2026-06-01 (the later
    // one) is its price, and less its percent that is as decimal.js reckons it.
    const history = cases.flatMap((c) => [
      { sku: c.sku, channel: "web", price: "9.990", valid_from: "2026-05-01T00:00:00Z" },
      { sku: c.sku, channel: "web", price: c.price, valid_from: "2026-05-20T00:00:00Z" },
    ]);
    const promotions = cases.map((c) =>
      promo({ promo_id: `P${c.sku}`, type: "percent_off", value: c.percent, channels: "web", skus: c.sku }),
    );
    const want = Object.fromEntries(cases.map((c) => [c.sku, computed(c.price, factor(c.percent))]));
    const effective = (report: Awaited<ReturnType<typeof check>>) =>
      Object.fromEntries(report.findings.map((f) => [f.sku, f.values["effectivePrice"]]));
    expect(effective(await run({ feeds: { price_history: history, promotions }, rules: [PROBE] }))).toStrictEqual(want);
    const report = await checkFiles(
      { "h.csv": csv(history), "r.csv": csv(promotions) },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "price_history", path: "h.csv" },
          { kind: "promotions", path: "r.csv" },
        ],
        rules: [PROBE],
      },
      "2026-06-01T00:00:00Z",
    );
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    expect(effective(report)).toStrictEqual(want);
  });

  it("M43 a store price in force from its history, 1.780 less 10 %, is not below click-and-collect's 1.602", async () => {
    // 1.780 less 10 % is exactly 1.602, what click-and-collect charges; 1.779 less 10 % is
    // 1.6011 → 1.601, below it: only B is a finding, as with price rows (M42).
    const report = await checkFiles(
      {
        "p.csv": "sku,channel,location,currency,price\nA,click_collect,S1,EUR,1.602\nB,click_collect,S1,EUR,1.602\n",
        "h.csv": "sku,channel,location,currency,price,valid_from\nA,store,S1,EUR,1.780,2026-11-01\nB,store,S1,EUR,1.779,2026-11-01\n",
        "r.csv": "promo_id,type,value,channels,locations,skus,start,end\nP1,percent_off,10,store,,A|B,2026-11-20,2026-11-25\n",
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "price_history", path: "h.csv" },
          { kind: "promotions", path: "r.csv" },
        ],
        rules: ["channel/click-collect-above-store"],
      },
      "2026-11-20T10:00:00Z",
    );
    expect(report.findings.map((f) => [f.sku, f.values["store.effectivePrice"]])).toStrictEqual([["B", "1.601"]]);
  });

  it("M42 a multi-buy's unit price keeps them too: buy 2 get 1 at 1.780 is 1.187", async () => {
    // 1.780 × 2 / 3 = 1.18666… → 1.187 (not 1.19); 1.78 in cents stays in cents: 1.19.
    const got = await amounts({
      prices: [
        { sku: "T", channel: "web", price: "1.780" },
        { sku: "C", channel: "web", price: "1.78" },
      ],
      promotions: [promo({ promo_id: "B", type: "buy_x_get_y", min_qty: 2, get_qty: 1, channels: "web", skus: "T|C" })],
    });
    expect([got["T"]!["multibuyUnitPrice"], got["C"]!["multibuyUnitPrice"]]).toStrictEqual(["1.187", "1.19"]);
  });

  it("M42 a dearer store price no longer ends up cheaper: no false click-and-collect finding", async () => {
    // 1.780 less 10 % is exactly 1.602, what click-and-collect charges; 1.779 less 10 % is
    // 1.6011 → 1.601, below click-and-collect's 1.602.
    const report = await checkFiles(
      {
        "p.csv":
          "sku,channel,location,currency,price\nA,store,S1,EUR,1.780\nA,click_collect,S1,EUR,1.602\nB,store,S1,EUR,1.779\nB,click_collect,S1,EUR,1.602\n",
        "r.csv": "promo_id,type,value,channels,locations,skus,start,end\nP1,percent_off,10,store,,A|B,2026-11-20,2026-11-25\n",
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "promotions", path: "r.csv" },
        ],
        rules: ["channel/click-collect-above-store"],
      },
      "2026-11-20T10:00:00Z",
    );
    expect(report.findings.map((f) => [f.sku, f.values["store.effectivePrice"]])).toStrictEqual([["B", "1.601"]]);
  });

  it("M42 a price a feed's constant gives, or one a row takes from another (inheritFrom), keeps them", async () => {
    // The store row takes 1.780 from its web row: less 10 % it is 1.602 at S1, as on the web.
    // C's takes 1.55, in cents, after a row in thousandths: 1.395 → 1.40, as on the web. D's
    // takes the web's sale price of 1.780 with its price: 1.602.
    const report = await checkFiles(
      {
        "web.csv": "sku,price,sale_price\nA,1.780,\nC,1.55,\nD,2.00,1.780\n",
        "const.csv": "sku\nA\n",
        "stores.csv": "sku,location,price,sale_price\nA,S1,,\nB,S1,1.500,1.400\nC,S1,,\nD,S1,,\n",
        "r.csv": "promo_id,type,value,channels,skus,start,end\nP1,percent_off,10,web|app|store,A|C|D,2026-01-01,2026-12-31\n",
      },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "web.csv", constants: { channel: "web" } },
          { kind: "prices", path: "const.csv", constants: { channel: "app", price: "1.780" } },
          { kind: "prices", path: "stores.csv", constants: { channel: "store" }, inheritFrom: "web" },
          { kind: "promotions", path: "r.csv" },
        ],
        rules: [PROBE],
      },
      "2026-06-01T00:00:00Z",
    );
    const prices = (sku: string) =>
      report.findings
        .filter((f) => f.sku === sku)
        .map((f) => [f.channels.join("|"), f.values["effectivePrice"]])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(prices("A")).toStrictEqual([
      ["app", "1.602"],
      ["store", "1.602"],
      ["web", "1.602"],
    ]);
    expect([prices("C"), prices("D")]).toStrictEqual([
      [
        ["store", "1.40"],
        ["web", "1.40"],
      ],
      [
        ["store", "1.602"],
        ["web", "1.602"],
      ],
    ]);
  });

  it("M42 duplicate rows that write one price to other decimals disagree where the decimals are finer than the cent", async () => {
    // 1.78 and 1.780 are one price to the cent and to the thousandth (less 10 %: 1.60 or 1.602):
    // which is meant is not known. 10 and 10.00 are both to the cent: one price.
    const report = await run({
      feeds: {
        prices: [
          { sku: "T", channel: "web", price: "1.78" },
          { sku: "T", channel: "web", price: "1.780" },
          { sku: "C", channel: "web", price: "10" },
          { sku: "C", channel: "web", price: "10.00" },
        ],
      },
      rules: ["price/conflicting-duplicate"],
    });
    expect(report.findings.map((f) => [f.sku, f.message])).toStrictEqual([
      ["T", "web at every location: rows for the same offer disagree on price; the disputed values are not judged by other rules"],
    ]);
  });
});

describe("P73 promotions whose exact results are equal but are rounded differently", () => {
  it("P73 the price charged decides, whatever the promotions' ids", async () => {
    // 1.25 less 10 % and a fixed price of 1.125 are both exactly 1.125: the percentage rounds it
    // to the cent (1.13), the fixed price is never rounded (1.125). The lower, 1.125, is charged;
    // click-and-collect at 1.13 is above it, under either id order.
    for (const [percentId, fixedId] of [
      ["P1", "P2"],
      ["P3", "P2"],
    ]) {
      const report = await run({
        feeds: {
          prices: [
            { sku: "A", channel: "store", location: "S1", price: "1.25" },
            { sku: "A", channel: "click_collect", location: "S1", price: "1.13" },
          ],
          promotions: [
            promo({ promo_id: percentId, type: "percent_off", value: "10", channels: "store", skus: "A" }),
            promo({ promo_id: fixedId, type: "fixed_price", value: "1.125", channels: "store", skus: "A" }),
          ],
        },
        rules: ["channel/click-collect-above-store"],
      });
      expect(report.findings.map((f) => [f.sku, f.values["store.effectivePrice"]])).toStrictEqual([["A", "1.125"]]);
    }
  });

  it("P73 of multi-buys, in either row order", async () => {
    // 3 for 3.375 is 1.125 an item (to the thousandth, as 3.375 is written); buy 9 get 1 at 1.25
    // is 11.25 ÷ 10 = 1.125 exactly too, rounded to the cent: 1.13. The lower, 1.125, both ways.
    const multi = promo({ promo_id: "M1", type: "multibuy", value: "3.375", min_qty: "3", channels: "web", skus: "A|B" });
    const bxgy = promo({ promo_id: "M2", type: "buy_x_get_y", min_qty: "9", get_qty: "1", channels: "web", skus: "A|B" });
    for (const promotions of [
      [multi, bxgy],
      [bxgy, multi],
    ]) {
      const got = await amounts({ prices: [{ sku: "A", channel: "web", price: "1.25" }], promotions });
      expect(got["A"]!["multibuyUnitPrice"]).toBe("1.125");
    }
  });

  it("P73 a lower exact price no longer wins where it is charged more once rounded", () => {
    // 1.25 EUR less 10 % is exactly 1.125, charged 1.13 (to the cent, half up); a fixed price of
    // 1.1255 is above 1.125 exactly, but charged as written (never rounded), less than 1.13.
    const percent = { promoId: "A", type: "percent_off", value: 10_000_000, stackable: false, priority: null, referencePrice: null };
    const fixed = { promoId: "B", type: "fixed_price", value: 1_125_500, stackable: false, priority: null, referencePrice: null };
    const got = promotedPrice(1_250_000, [percent, fixed] as unknown as Promotion[], 2, "half-up");
    expect([got.price, got.applied.map((p) => p.promoId), got.decimals]).toStrictEqual([1_125_500, ["B"], 4]);
  });
});

describe("M16 a declared unit price with more decimals than the minor unit", () => {
  it("is judged at the precision it is written in", async () => {
    const report = await run({
      feeds: {
        catalogue: [
          { sku: "F1", size: "1", size_unit: "l" },
          { sku: "F2", size: "1", size_unit: "item" },
          { sku: "F3", size: "750", size_unit: "ml" },
          { sku: "F4", size: "750", size_unit: "ml" },
          { sku: "F5", size: "750", size_unit: "ml" },
        ],
        prices: [
          // 2.129 ÷ 1 l = 2.129 and 1.995 ÷ 1 item = 1.995: right.
          { sku: "F1", channel: "web", price: "2.129", unit_price: "2.129" },
          { sku: "F2", channel: "web", price: "1.995", unit_price: "1.995" },
          // 2.99 ÷ 0.75 l = 3.98666…: 3.987 to 3 decimals is right; 3.98 to the cent is not (3.99);
          // 3.986 to 3 decimals is not (3.987).
          { sku: "F3", channel: "web", price: "2.99", unit_price: "3.987" },
          { sku: "F4", channel: "web", price: "2.99", unit_price: "3.98" },
          { sku: "F5", channel: "web", price: "2.99", unit_price: "3.986" },
        ],
      },
      rules: ["price/unit-price-mismatch"],
    });
    expect(report.findings.map((f) => [f.sku, f.values["computedUnitPrice"]])).toStrictEqual([
      ["F4", "3.99"],
      ["F5", "3.987"],
    ]);
  });

  it("without one, a unit price has the effective price's decimals", async () => {
    // 2.129 ÷ 1 l = 2.129 (not 2.13); 2.99 ÷ 0.75 l = 3.99 to the cent.
    const got = await amounts({
      catalogue: [
        { sku: "F1", size: "1", size_unit: "l" },
        { sku: "F3", size: "750", size_unit: "ml" },
      ],
      prices: [
        { sku: "F1", channel: "web", price: "2.129" },
        { sku: "F3", channel: "web", price: "2.99" },
      ],
    });
    expect([got["F1"]!["computedUnitPrice"], got["F3"]!["computedUnitPrice"]]).toStrictEqual(["2.129", "3.99"]);
  });
});

describe("M44 a unit price from an effective price in thousandths that ends in 0", () => {
  it("M44 has the decimals the price is written or promoted to, not its value's", async () => {
    // 1.780 ÷ 0.75 l = 2.37333… → 2.373 (its value, 1.78, would say 2.37); 2.000 less 19 % is
    // 1.620 (to the thousandth, as 2.000 is written), ÷ 0.7 l = 2.3142857… → 2.314; 2.00 less
    // 19 % is 1.62 (cents), ÷ 0.7 l → 2.31. decimal.js agrees: see the M42 oracle's rounding.
    const got = await amounts({
      catalogue: [
        { sku: "A", size: "750", size_unit: "ml" },
        { sku: "T", size: "700", size_unit: "ml" },
        { sku: "C", size: "700", size_unit: "ml" },
      ],
      prices: [
        { sku: "A", channel: "web", price: "1.780" },
        { sku: "T", channel: "web", price: "2.000" },
        { sku: "C", channel: "web", price: "2.00" },
      ],
      promotions: [promo({ promo_id: "P", type: "percent_off", value: "19", channels: "web", skus: "T|C" })],
    });
    expect(["A", "T", "C"].map((sku) => got[sku]!["computedUnitPrice"])).toStrictEqual(["2.373", "2.314", "2.31"]);
  });

  it("M44 a multi-buy on a promoted price keeps the decimals it was rounded to", async () => {
    // 2.00 less 0.125 and 0.375 (stacked) is 1.500, to the thousandth (the amounts off are); buy 3
    // get 1 on it is 1.500 × 3 ÷ 4 = 1.125 exactly, kept, not rounded to the cent (1.13).
    const got = await amounts({
      prices: [{ sku: "A", channel: "web", price: "2.00" }],
      promotions: [
        promo({ promo_id: "P1", type: "amount_off", value: "0.125", stackable: "true", priority: "1", channels: "web", skus: "A" }),
        promo({ promo_id: "P2", type: "amount_off", value: "0.375", stackable: "true", priority: "2", channels: "web", skus: "A" }),
        promo({ promo_id: "M", type: "buy_x_get_y", min_qty: "3", get_qty: "1", channels: "web", skus: "A" }),
      ],
    });
    expect(got["A"]!["multibuyUnitPrice"]).toBe("1.125");
  });

  it("M46 a fixed price or amount off written in thousandths that ends in 0 keeps them too", async () => {
    // A fixed 1.780 on 1.85 is charged as written (1.780), ÷ 0.75 l = 2.37333… → 2.373; on C,
    // 2.00, then 10 % off (stacked) it is 1.602, not 1.60; D: 2.00 less 0.250 (to the thousandth)
    // less 10 % is 1.575, not 1.58.
    const got = await amounts({
      catalogue: ["A", "C", "D"].map((sku) => ({ sku, size: "750", size_unit: "ml" })),
      prices: [
        { sku: "A", channel: "web", price: "1.85" },
        { sku: "C", channel: "web", price: "2.00" },
        { sku: "D", channel: "web", price: "2.00" },
      ],
      promotions: [
        promo({ promo_id: "PA", type: "fixed_price", value: "1.780", channels: "web", skus: "A|C" }),
        promo({ promo_id: "PD", type: "amount_off", value: "0.250", channels: "web", skus: "D" }),
        promo({ promo_id: "P10", type: "percent_off", value: "10", stackable: "true", channels: "web", skus: "C|D" }),
      ],
    });
    expect(["A", "C", "D"].map((sku) => [got[sku]!["effectivePrice"], got[sku]!["computedUnitPrice"]])).toStrictEqual([
      ["1.78", "2.373"],
      ["1.602", "2.136"],
      ["1.575", "2.10"],
    ]);
  });

  it("M46 a promotion given again as 1.78 and 1.780 differs in its value; 1.50 twice is one", async () => {
    const report = await check(
      {
        currency: "EUR",
        feeds: {
          prices: [{ sku: "A", channel: "web", price: "2.00" }],
          promotions: [
            promo({ promo_id: "P1", type: "fixed_price", value: "1.78", channels: "web", skus: "A" }),
            promo({ promo_id: "P1", type: "fixed_price", value: "1.780", channels: "web", skus: "A" }),
            promo({ promo_id: "P2", type: "fixed_price", value: "1.50", channels: "web", skus: "A" }),
            promo({ promo_id: "P2", type: "fixed_price", value: "1.50", channels: "web", skus: "A" }),
          ],
        },
        rules: ["feed/invalid-row"],
      } as never,
      AT,
    );
    expect(report.findings.map((f) => f.values["reason"])).toStrictEqual([
      "promotion P1 already given at (promotions):1, which differs in value",
    ]);
  });

  it("M44 reports a declared 2.37 against 1.780 for 750 ml, as against 1.781", async () => {
    const report = await checkFiles(
      {
        "cat.csv": "sku,size,size_unit\nA,750,ml\nB,750,ml\n",
        "p.csv": "sku,channel,location,currency,price,unit_price\nA,web,,EUR,1.780,2.37\nB,web,,EUR,1.781,2.37\n",
      },
      {
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.csv" },
          { kind: "prices", path: "p.csv" },
        ],
        rules: ["price/unit-price-mismatch"],
      },
      "2026-11-20T10:00:00Z",
    );
    expect(report.findings.map((f) => [f.sku, f.values["computedUnitPrice"]])).toStrictEqual([
      ["A", "2.373"],
      ["B", "2.375"],
    ]);
  });
});

describe("M17 family members whose unit prices are one to the cent", () => {
  const family = (members: [string, string, string, string, string][]) => ({
    catalogue: members.map(([sku, size, unit, pack]) => ({
      sku,
      family: "f",
      size,
      size_unit: unit,
      ...(pack === "" ? {} : { pack_qty: pack }),
    })),
    prices: members.map(([sku, , , , price]) => ({ sku, channel: "web", price })),
  });

  it("finds the larger pack dearer per unit, shown to the decimals that tell them apart", async () => {
    const report = await run({
      feeds: family([
        // 0.45 / 10 = 0.045 and 5.49 / 100 = 0.0549 an item: both 0.05 to the cent, 0.045 and
        // 0.055 to the thousandth.
        ["S10", "1", "item", "10", "0.45"],
        ["S100", "1", "item", "100", "5.49"],
        // 0.55 / 0.33 l = 1.6666… and 1.67 / 1 l = 1.67: both 1.67 to the cent, 1.667 and 1.670.
        ["C33", "33", "cl", "", "0.55"],
        ["L1", "1", "l", "", "1.67"],
      ]),
      rules: ["ladder/pack-size"],
    });
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      "web at every location: L1 (1 l) costs 1.67 per l, more than C33 (0.33 l) at 1.667",
      "web at every location: S100 (100 item) costs 0.055 per item, more than S10 (10 item) at 0.045",
    ]);
  });

  it("compares two members' unit prices exactly in a house rule too", async () => {
    // 5.00 / 10 = 0.50 and 50.01 / 100 = 0.5001 an item: not the same unit price, though both
    // are 0.50 to the cent (and 0.500 to the thousandth).
    const same: RuleDefinition = {
      id: "house/same-unit-price",
      description: "same unit price",
      severity: "info",
      scope: "family",
      conditions: { all: [{ fact: "larger", path: "$.unitPrice", operator: "equal", value: { fact: "smaller", path: "$.unitPrice" } }] },
    };
    const report = await run({
      feeds: family([
        ["P10", "1", "item", "10", "5.00"],
        ["P100", "1", "item", "100", "50.01"],
      ]),
      rules: [same, "ladder/pack-size"],
    });
    expect(report.findings.map((f) => [f.rule, f.values["larger.unitPrice"], f.values["smaller.unitPrice"]])).toStrictEqual([
      ["ladder/pack-size", "0.5001", "0.50"],
    ]);
  });
});

describe("M18 a computed unit price beyond the largest amount", () => {
  it("is missing, not written with wrong digits", async () => {
    // 1234567.89 for 0.000001 mg (10^-12 kg) is 1234567890000000000 per kg, beyond 2^53
    // millionths (9007199254.740991): missing, so the declared unit price is not judged.
    // 0.01 for 0.001 g (10^-6 kg) is 10000 per kg, within range.
    const feeds = {
      catalogue: [
        { sku: "T1", size: "0.000001", size_unit: "mg" },
        { sku: "T2", size: "0.001", size_unit: "g" },
      ],
      prices: [
        { sku: "T1", channel: "web", price: "1234567.89", unit_price: "1" },
        { sku: "T2", channel: "web", price: "0.01", unit_price: "1" },
      ],
    };
    const got = await amounts(feeds);
    expect([got["T1"]!["computedUnitPrice"], got["T2"]!["computedUnitPrice"]]).toStrictEqual([null, "10000.00"]);
    const report = await run({ feeds, rules: ["price/unit-price-mismatch"] });
    expect(report.findings.map((f) => f.sku)).toStrictEqual(["T2"]);
  });
});
