/**
 * A promotion's money is on a tax basis, as a price row's is (`tax_included`, default true): an
 * amount off, a new price, a multi-buy's total or a reference price applies to, and is judged
 * beside, offers on that basis only, as an amount in one currency is (M13); a percentage and free
 * items apply on either. Expected values are worked out by hand from the rows below: the store
 * sells A at 12.20 with tax, click-and-collect at 10.00 without it (12.20 with 22 % VAT).
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

const AT = new Date("2026-06-15T12:00:00Z");
const STORES = [{ location: "S1", click_collect: "true", status: "open" }];
const PRICES = [
  { sku: "A", channel: "store", location: "S1", price: "12.20", tax_included: "true" },
  { sku: "A", channel: "click_collect", location: "S1", price: "10.00", tax_included: "false" },
];
const promo = (p: Row): Row => ({ channels: "store|click_collect", skus: "A", start: "2026-06-01", end: "2026-06-30", ...p });

/** A house rule that shows what the promotions made of each offer. */
const SHOW = {
  id: "house/show",
  description: "show",
  severity: "info",
  scope: "offer",
  conditions: { all: [{ fact: "sku", operator: "notEqual", value: "zzz" }] },
  message: "{effectivePrice} [{promotions}] {multibuyUnitPrice|-}",
};

async function run(feeds: Record<string, Row[]>, rules: unknown[]) {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules } as never, { at: AT });
  return report.findings.map((f) => [f.rule, f.channels.join("|"), f.message]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
}

/** Each channel's effective price, promotions applied and multi-buy unit price under `promotions`. */
const shown = (...promotions: Row[]) => run({ stores: STORES, prices: PRICES, promotions }, [SHOW]);

describe("P20 a promotion's money applies to offers on its tax basis only", () => {
  it("P20 a fixed_price with tax (the default, or written) is no price of the offer without tax", async () => {
    // Before, both offers were 9.99: the click-and-collect one 9.99 without tax (12.19 with it).
    const expected = [
      ["house/show", "click_collect", "10.00 [] -"],
      ["house/show", "store", "9.99 [FIX] -"],
    ];
    expect(await shown(promo({ promo_id: "FIX", type: "fixed_price", value: "9.99", tax_included: "true" }))).toStrictEqual(expected);
    expect(await shown(promo({ promo_id: "FIX", type: "fixed_price", value: "9.99" }))).toStrictEqual(expected);
  });

  it("a fixed_price without tax is the price of the offer without tax only", async () => {
    expect(await shown(promo({ promo_id: "NET", type: "fixed_price", value: "8.19", tax_included: "false" }))).toStrictEqual([
      ["house/show", "click_collect", "8.19 [NET] -"],
      ["house/show", "store", "12.20 [] -"],
    ]);
  });

  it("an amount_off on each basis takes its amount off the offer on that basis: 1.22 with tax, 1.00 without", async () => {
    // Before, the larger amount won on both: click-and-collect was 10.00 − 1.22 = 8.78 without tax.
    const got = await shown(
      promo({ promo_id: "GROSS", type: "amount_off", value: "1.22" }),
      promo({ promo_id: "NETOFF", type: "amount_off", value: "1.00", tax_included: "false" }),
    );
    expect(got).toStrictEqual([
      ["house/show", "click_collect", "9.00 [NETOFF] -"],
      ["house/show", "store", "10.98 [GROSS] -"],
    ]);
  });

  it("a multibuy's total is on its basis: 2 for 19.00 with tax is 9.50 each at the store, nothing without tax", async () => {
    // 2 for 19.00 with tax: 9.50 each at the store (2 × 12.20 = 24.40). Before, click-and-collect
    // had 9.50 too, as 19.00 was below its 2 × 10.00 without tax (24.40 with it).
    expect(await shown(promo({ promo_id: "MB", type: "multibuy", value: "19.00", min_qty: "2" }))).toStrictEqual([
      ["house/show", "click_collect", "10.00 [] -"],
      ["house/show", "store", "12.20 [] 9.50"],
    ]);
  });

  it("a percentage and free items apply on either basis, whatever tax_included says", async () => {
    // 10 % off: 12.20 → 10.98, 10.00 → 9.00. Buy 1 get 1: half the effective price each.
    const got = await shown(
      promo({ promo_id: "PC", type: "percent_off", value: "10", tax_included: "false" }),
      promo({ promo_id: "BOGO", type: "buy_x_get_y", min_qty: "1", get_qty: "1", tax_included: "true" }),
    );
    expect(got).toStrictEqual([
      ["house/show", "click_collect", "9.00 [PC] 4.50"],
      ["house/show", "store", "10.98 [PC] 5.49"],
    ]);
  });
});

describe("P21 a promotion's reference price is judged against the history of offers on its tax basis only", () => {
  // 10 % off from 10 June; the 30 days before: the store at 12.20 with tax, click-and-collect at 10.00 without.
  const HISTORY = [
    { sku: "A", channel: "store", location: "S1", valid_from: "2026-04-01", price: "12.20" },
    { sku: "A", channel: "click_collect", location: "S1", valid_from: "2026-04-01", price: "10.00" },
  ];
  const reduction = (p: Row) => promo({ promo_id: "R", type: "percent_off", value: "10", start: "2026-06-10", ...p });
  const judged = (p: Row) =>
    run({ stores: STORES, prices: PRICES, price_history: HISTORY, promotions: [reduction(p)] }, ["omnibus/prior-price"]);

  it("P21 a reference price with tax announces nothing beside the offer without tax", async () => {
    // Before: "the reduction from … shows 12.20 as the prior price, but the lowest price of the 30
    // days before was 10.00" on click-and-collect, whose 10.00 is 12.20 with tax.
    expect(await judged({ reference_price: "12.20" })).toStrictEqual([]);
  });

  it("a reference price without tax is judged on the offer without tax, and not on the store's price with tax", async () => {
    // 11.00 without tax against click-and-collect's 10.00: a false prior price; the store's 12.20 is on the other basis.
    const got = await judged({ reference_price: "11.00", tax_included: "false" });
    expect(got).toHaveLength(1);
    expect(got[0]![0]).toBe("omnibus/prior-price");
    expect(got[0]![1]).toBe("click_collect");
    expect(got[0]![2]).toMatch(/shows 11\.00 as the prior price, but the lowest price of the 30 days before was 10\.00$/);
  });
});

describe("P25 a campaign's earlier step that never lowered the offer's price", () => {
  // The store's 10.00 throughout, but 9.00 from 5 to 8 October. Step S2 (20 % off from 10 November)
  // shows 10.00 as the price before: the 30 days before 10 November are all 10.00, so it is right;
  // from 1 November (the earlier step's start) they hold the 9.00, and 10.00 would be wrong.
  const history = [
    { sku: "A", channel: "store", valid_from: "2026-08-01", price: "10.00" },
    { sku: "A", channel: "store", valid_from: "2026-10-05", price: "9.00" },
    { sku: "A", channel: "store", valid_from: "2026-10-08", price: "10.00" },
  ];
  const second = { promo_id: "S2", type: "percent_off", value: "20", start: "2026-11-10", end: "2026-11-20", reference_price: "10.00" };
  const priorPrice = async (first: Row, sale: Row = {}) => {
    const promotions = [first, second].map((p) => ({ channels: "store", skus: "A", campaign: "C", ...p }));
    const report = await check(
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: { prices: [{ sku: "A", channel: "store", price: "10.00", ...sale }], promotions, price_history: history },
        rules: ["omnibus/prior-price"],
      } as never,
      { at: new Date("2026-11-15T12:00:00Z") },
    );
    return report.findings.map((f) => f.rule);
  };
  const s1 = { promo_id: "S1", type: "amount_off", value: "1.00", start: "2026-11-01", end: "2026-11-10" };

  it("P25 does not move the reduction's start back: on the other tax basis, in another currency, or with a coupon", async () => {
    expect(await priorPrice({ ...s1, tax_included: "false" })).toStrictEqual([]);
    expect(await priorPrice({ ...s1, currency: "USD" })).toStrictEqual([]);
    expect(await priorPrice({ ...s1, coupon_code: "SAVE" })).toStrictEqual([]);
  });

  it("P26 nor does a step for members only, a multi-buy, or one that needs more than one item", async () => {
    expect(await priorPrice({ ...s1, member_only: "true" })).toStrictEqual([]);
    expect(await priorPrice({ ...s1, type: "multibuy", min_qty: "2", value: "18.00" })).toStrictEqual([]);
    expect(await priorPrice({ ...s1, type: "buy_x_get_y", min_qty: "2", get_qty: "1", value: null })).toStrictEqual([]);
    expect(await priorPrice({ ...s1, type: "percent_off", value: "10", min_qty: "2" })).toStrictEqual([]);
    expect(await priorPrice({ ...s1, type: "percent_off", value: "50", get_qty: "1", min_qty: "1" })).toStrictEqual([]);
  });

  it("P71 nor does a fixed price at or above the price it meets, which never applied", async () => {
    // 11.00 and 10.00 are not below the price of 10.00; 9.50 is not below the sale price of 9.00
    // that runs through the whole step (1–10 November).
    expect(await priorPrice({ ...s1, type: "fixed_price", value: "11.00" })).toStrictEqual([]);
    expect(await priorPrice({ ...s1, type: "fixed_price", value: "10.00" })).toStrictEqual([]);
    const sale = { sale_price: "9.00", sale_start: "2026-10-25", sale_end: "2026-11-20" };
    expect(await priorPrice({ ...s1, type: "fixed_price", value: "9.50" }, sale)).toStrictEqual([]);
  });

  it("P71 one that lowered it does: a fixed price below the price, or below it where the sale had not begun", async () => {
    // 9.50 lowers 10.00; with the sale from 5 November, it lowered the price of 1–5 November.
    expect(await priorPrice({ ...s1, type: "fixed_price", value: "9.50" })).toStrictEqual(["omnibus/prior-price"]);
    const later = { sale_price: "9.00", sale_start: "2026-11-05", sale_end: "2026-11-20" };
    expect(await priorPrice({ ...s1, type: "fixed_price", value: "9.50" }, later)).toStrictEqual(["omnibus/prior-price"]);
  });

  it("one that lowered it does: the reduction starts on 1 November, and 10.00 is not the lowest price before", async () => {
    expect(await priorPrice(s1)).toStrictEqual(["omnibus/prior-price"]);
  });
});
