/**
 * A computed amount is rounded once, to the finer of the currency's minor unit and the decimals
 * of the amounts it comes from: a price in cents gives cents, a price in thousandths (fuel at
 * 2.129 EUR) gives thousandths. So a promotion never rounds a price back up to or above the
 * price it lowers, a feed's own amounts (a fixed price) are never rounded, a declared unit price
 * is judged at the precision it is written in, and two family members' unit prices compare as
 * the exact quotients do. A computed amount beyond the largest amount is missing, not written
 * with wrong digits. Every expected value is worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { decimalsOf } from "../src/money/amount.js";
import type { Promotion } from "../src/model/promotion.js";
import { promotedPrice } from "../src/pricing/promotions.js";
import type { RuleDefinition } from "../src/rules/rule.js";
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
