import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import type { RuleDefinition } from "../src/rules/rule.js";

/** A rule that fires on every priced offer and reports the prices promotions make. */
const PROBE: RuleDefinition = {
  id: "test/prices",
  description: "prices",
  severity: "info",
  scope: "offer",
  conditions: {
    any: [
      { fact: "effectivePrice", operator: "greaterThanInclusive", value: "0" },
      { fact: "memberEffectivePrice", operator: "greaterThanInclusive", value: "0" },
      { fact: "multibuyUnitPrice", operator: "greaterThanInclusive", value: "0" },
      { fact: "promotions", operator: "doesNotContain", value: "-" },
    ],
  },
};

type Row = Record<string, unknown>;
const promo = (p: Row): Row => ({ channels: "web", start: "2026-11-01", end: "2026-11-30", ...p });

async function prices(offers: Row[], promotions: Row[], catalogue: Row[] = [], at = "2026-11-20T12:00:00Z") {
  const report = await check(
    {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: { prices: offers, promotions, ...(catalogue.length ? { catalogue } : {}) },
      rules: [PROBE],
    } as never,
    { at: new Date(at) },
  );
  const invalid = report.findings.filter((f) => f.rule === "feed/invalid-row");
  expect(invalid.map((f) => f.message)).toStrictEqual([]);
  return Object.fromEntries(report.findings.map((f) => [`${f.sku}@${f.channels[0]}${f.location ? `@${f.location}` : ""}`, f.values]));
}

describe("promotions make the effective price", () => {
  it("applies percent_off and rounds once, half up, to the minor unit", async () => {
    // 2.49 × 0.8 = 1.992 → 1.99
    const got = await prices(
      [{ sku: "A", channel: "web", price: "2.49" }],
      [promo({ promo_id: "P20", type: "percent_off", value: "20", skus: "A" })],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "1.99", promotions: ["P20"], memberEffectivePrice: "1.99" });
  });

  it("lets the lowest of non-stackable promotions win, then stacks the stackable ones by priority", async () => {
    // best of 20% (8.00) and 1.50 off (8.50) is 8.00; then 0.50 off (priority 1) → 7.50; then 5% (priority 2) → 7.125 → 7.13
    const got = await prices(
      [{ sku: "A", channel: "web", price: "10.00" }],
      [
        promo({ promo_id: "NS-20", type: "percent_off", value: "20", skus: "A" }),
        promo({ promo_id: "NS-150", type: "amount_off", value: "1.50", skus: "A" }),
        promo({ promo_id: "ST-5", type: "percent_off", value: "5", skus: "A", stackable: true, priority: 2 }),
        promo({ promo_id: "ST-050", type: "amount_off", value: "0.50", skus: "A", stackable: true, priority: 1 }),
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "7.13", promotions: ["NS-20", "ST-050", "ST-5"] });
  });

  it("starts from the sale price in its window, and never goes below zero", async () => {
    const got = await prices(
      [
        { sku: "A", channel: "web", price: "5.00", sale_price: "4.00" },
        { sku: "B", channel: "web", price: "2.49" },
      ],
      [
        promo({ promo_id: "F", type: "fixed_price", value: "3.00", skus: "A", stackable: true }),
        promo({ promo_id: "OFF5", type: "amount_off", value: "5.00", skus: "B" }),
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "3.00" });
    expect(got["B@web"]).toMatchObject({ effectivePrice: "0.00" });
  });

  it("never raises a price by a fixed price: one at or above the price it meets does not apply", async () => {
    // A's sale of 4.00 is below the fixed 5.00, so 4.00 stands; B's 5.00 equals it; C's member
    // price 3.00 is below it, the public 10.00 is not; D: 20 % off (8.00) wins over the fixed
    // 9.00, and the stackable fixed 8.50 then meets 8.00 and does not apply.
    const got = await prices(
      [
        { sku: "A", channel: "web", price: "10.00", sale_price: "4.00" },
        { sku: "B", channel: "web", price: "5.00" },
        { sku: "C", channel: "web", price: "10.00", member_price: "3.00" },
        { sku: "D", channel: "web", price: "10.00" },
      ],
      [
        promo({ promo_id: "F5", type: "fixed_price", value: "5.00", skus: "A|B|C" }),
        promo({ promo_id: "F9", type: "fixed_price", value: "9.00", skus: "D" }),
        promo({ promo_id: "P20", type: "percent_off", value: "20", skus: "D" }),
        promo({ promo_id: "F850", type: "fixed_price", value: "8.50", skus: "D", stackable: true }),
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "4.00", promotions: [] });
    expect(got["B@web"]).toMatchObject({ effectivePrice: "5.00", promotions: [] });
    expect(got["C@web"]).toMatchObject({ effectivePrice: "5.00", memberEffectivePrice: "3.00", promotions: ["F5"] });
    expect(got["D@web"]).toMatchObject({ effectivePrice: "8.00", promotions: ["P20"] });
  });

  it("reads an amount with no currency in the config's currency, and applies it to offers in that currency only", async () => {
    // 1.00 off is one euro: not one yen off 1500 JPY, nor one dinar off 3.000 KWD. A percentage
    // is no amount: 10 % off applies in every currency (app 1500 → 1350, marketplace → 2.700).
    const offers = [
      { sku: "A", channel: "web", currency: "EUR", price: "10.00" },
      { sku: "A", channel: "app", currency: "JPY", price: "1500" },
      { sku: "A", channel: "marketplace", currency: "KWD", price: "3.000" },
    ];
    const got = await prices(offers, [
      promo({ promo_id: "ONE", type: "amount_off", value: "1.00", channels: "web|app|marketplace", skus: "A" }),
    ]);
    expect([got["A@web"]?.effectivePrice, got["A@app"]?.effectivePrice, got["A@marketplace"]?.effectivePrice]).toStrictEqual([
      "9.00",
      "1500",
      "3.000",
    ]);
    const tenth = await prices(offers, [
      promo({ promo_id: "TEN", type: "percent_off", value: "10", channels: "web|app|marketplace", skus: "A" }),
    ]);
    expect([tenth["A@web"]?.effectivePrice, tenth["A@app"]?.effectivePrice, tenth["A@marketplace"]?.effectivePrice]).toStrictEqual([
      "9.00",
      "1350",
      "2.700",
    ]);
    // A percentage that names its currency is that market's promotion: the JPY offer's alone.
    const yen = await prices(offers, [
      promo({ promo_id: "JP", type: "percent_off", value: "10", currency: "JPY", channels: "web|app|marketplace", skus: "A" }),
    ]);
    expect([yen["A@web"]?.effectivePrice, yen["A@app"]?.effectivePrice, yen["A@marketplace"]?.effectivePrice]).toStrictEqual([
      "10.00",
      "1350",
      "3.000",
    ]);
  });

  it("keeps member-only promotions and member prices out of the public price", async () => {
    // public: 4.00; member: member_price 3.80, then the member 10% → 3.42
    const got = await prices(
      [{ sku: "A", channel: "web", price: "4.00", member_price: "3.80" }],
      [promo({ promo_id: "M10", type: "percent_off", value: "10", skus: "A", member_only: true })],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "4.00", memberEffectivePrice: "3.42", promotions: [] });
  });

  it("never applies a coupon to the public price", async () => {
    const got = await prices(
      [{ sku: "A", channel: "web", price: "4.00" }],
      [promo({ promo_id: "C", type: "percent_off", value: "50", skus: "A", coupon_code: "HALF" })],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "4.00", promotions: [] });
  });

  it("leaves a price promotion that needs more than one item out of the quantity-1 price (SPEC: no quantity above 1)", async () => {
    // "20 % off when you buy 2" and "1.00 off from 3": one item still costs 10.00; from 1 is the quantity-1 price: 9.00
    const got = await prices(
      [
        { sku: "A", channel: "web", price: "10.00" },
        { sku: "B", channel: "web", price: "10.00" },
        { sku: "C", channel: "web", price: "10.00" },
      ],
      [
        promo({ promo_id: "2-FOR-20", type: "percent_off", value: "20", min_qty: 2, skus: "A" }),
        promo({ promo_id: "3-FOR-1", type: "amount_off", value: "1.00", min_qty: 3, skus: "B" }),
        promo({ promo_id: "FROM-1", type: "percent_off", value: "10", min_qty: 1, skus: "C" }),
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "10.00", memberEffectivePrice: "10.00", promotions: [] });
    expect(got["B@web"]).toMatchObject({ effectivePrice: "10.00", memberEffectivePrice: "10.00", promotions: [] });
    expect(got["C@web"]).toMatchObject({ effectivePrice: "9.00", promotions: ["FROM-1"] });
  });

  it("leaves a price promotion on further items (get_qty: the second at half price) out of the quantity-1 price", async () => {
    // "Buy one, get one at half price" and "1.00 off the second": one item alone still costs 10.00.
    const got = await prices(
      [
        { sku: "A", channel: "web", price: "10.00" },
        { sku: "B", channel: "web", price: "10.00" },
      ],
      [
        promo({ promo_id: "BOGO-HALF", type: "percent_off", value: "50", min_qty: 1, get_qty: 1, skus: "A" }),
        promo({ promo_id: "SECOND-1", type: "amount_off", value: "1.00", get_qty: 1, skus: "B" }),
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "10.00", promotions: [] });
    expect(got["B@web"]).toMatchObject({ effectivePrice: "10.00", promotions: [] });
  });

  it("P31 takes a get_qty of 0 as none, as a min_qty of 0 is one item: the promotion is part of the quantity-1 price", async () => {
    // Exports that write 0 for "none" (a NOT NULL column): 10 % off, 1.00 off and a fixed 7.00 on one item.
    const got = await prices(
      [
        { sku: "A", channel: "web", price: "10.00" },
        { sku: "B", channel: "web", price: "10.00" },
        { sku: "C", channel: "web", price: "10.00" },
      ],
      [
        promo({ promo_id: "P10", type: "percent_off", value: "10", min_qty: 1, get_qty: 0, skus: "A" }),
        promo({ promo_id: "A1", type: "amount_off", value: "1.00", min_qty: 0, get_qty: 0, skus: "B" }),
        promo({ promo_id: "F7", type: "fixed_price", value: "7.00", get_qty: 0, skus: "C" }),
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "9.00", promotions: ["P10"] });
    expect(got["B@web"]).toMatchObject({ effectivePrice: "9.00", promotions: ["A1"] });
    expect(got["C@web"]).toMatchObject({ effectivePrice: "7.00", promotions: ["F7"] });
  });

  it("gives multi-buys a unit price at the trigger quantity, not a quantity-1 price", async () => {
    // 3 for 5.00 → 1.666… → 1.67; buy 2 get 1 on 2.49 → 4.98 / 3 = 1.66
    const got = await prices(
      [
        { sku: "A", channel: "web", price: "1.99" },
        { sku: "B", channel: "web", price: "2.49" },
      ],
      [
        promo({ promo_id: "3X5", type: "multibuy", value: "5.00", min_qty: 3, skus: "A" }),
        promo({ promo_id: "2+1", type: "buy_x_get_y", min_qty: 2, get_qty: 1, skus: "B" }),
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "1.99", multibuyUnitPrice: "1.67" });
    expect(got["B@web"]).toMatchObject({ effectivePrice: "2.49", multibuyUnitPrice: "1.66" });
  });

  it("is scoped by channel, location, category and brand", async () => {
    const got = await prices(
      [
        { sku: "A", channel: "web", price: "2.00" },
        { sku: "A", channel: "store", location: "MI01", price: "2.00" },
        { sku: "A", channel: "store", location: "RM01", price: "2.00" },
        { sku: "B", channel: "web", price: "3.00" },
        { sku: "C", channel: "web", price: "4.00" },
      ],
      [
        promo({ promo_id: "STORE-MI", type: "amount_off", value: "0.50", channels: "store", locations: "MI01", skus: "A" }),
        promo({ promo_id: "PASTA", type: "percent_off", value: "10", categories: "pasta" }),
        promo({ promo_id: "BRAND", type: "amount_off", value: "1.00", brands: "Verde" }),
      ],
      [
        { sku: "A", category: "olio" },
        { sku: "B", category: "pasta" },
        { sku: "C", brand: "Verde" },
      ],
    );
    expect(got["A@web"]).toMatchObject({ effectivePrice: "2.00", promotions: [] });
    expect(got["A@store@MI01"]).toMatchObject({ effectivePrice: "1.50", promotions: ["STORE-MI"] });
    expect(got["A@store@RM01"]).toMatchObject({ effectivePrice: "2.00" });
    expect(got["B@web"]).toMatchObject({ effectivePrice: "2.70", promotions: ["PASTA"] });
    expect(got["C@web"]).toMatchObject({ effectivePrice: "3.00", promotions: ["BRAND"] });
  });

  it("runs from the start of its first day to the end of its last, in the zone", async () => {
    const offers = [{ sku: "A", channel: "web", price: "2.00" }];
    const promotions = [promo({ promo_id: "P", type: "amount_off", value: "0.50", skus: "A", start: "2026-11-20", end: "2026-11-22" })];
    // Rome is UTC+1 in November: the promotion runs from 2026-11-19T23:00Z to 2026-11-22T23:00Z.
    expect((await prices(offers, promotions, [], "2026-11-19T22:59:59Z"))["A@web"]).toMatchObject({ effectivePrice: "2.00" });
    expect((await prices(offers, promotions, [], "2026-11-19T23:00:00Z"))["A@web"]).toMatchObject({ effectivePrice: "1.50" });
    expect((await prices(offers, promotions, [], "2026-11-22T22:59:59Z"))["A@web"]).toMatchObject({ effectivePrice: "1.50" });
    expect((await prices(offers, promotions, [], "2026-11-22T23:00:00Z"))["A@web"]).toMatchObject({ effectivePrice: "2.00" });
  });
});

describe("promotion rows", () => {
  it("are rejected with a reason when they cannot be a promotion", async () => {
    const report = await check(
      {
        currency: "EUR",
        feeds: {
          prices: [{ sku: "A", channel: "web", price: "1" }],
          promotions: [
            promo({ promo_id: "X", type: "percent_off", value: "120", skus: "A" }),
            promo({ promo_id: "Y", type: "multibuy", value: "5", min_qty: 1, skus: "A" }),
            promo({ promo_id: "Z", type: "amount_off", value: "1" }),
            promo({ promo_id: "W", type: "discount", value: "1", skus: "A" }),
            promo({ promo_id: "V", type: "amount_off", value: "1", skus: "A", channels: "tv" }),
          ],
        },
        rules: [],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    expect(report.findings.map((f) => f.values.reason)).toStrictEqual([
      "percent_off takes a percentage above 0 and at most 100",
      "multibuy takes a min_qty of 2 or more",
      "a promotion needs skus, categories or brands to apply to",
      '"discount" is not a promotion type (percent_off, amount_off, fixed_price, multibuy, buy_x_get_y)',
      'unknown channel "tv" (declare others under "channels" in the config)',
    ]);
  });

  it("K08 list items given as an array are read as a cell's items are: trimmed, the empty ones dropped", async () => {
    // [" A "] is A, as " A " and "A| " are; 20 % off 10.00 is 8.00.
    for (const skus of [[" A "], ["A", ""], " A "]) {
      const got = await prices(
        [{ sku: "A", channel: "web", price: "10.00" }],
        [promo({ promo_id: "P", type: "percent_off", value: "20", skus })],
      );
      expect(got["A@web"], JSON.stringify(skus)).toMatchObject({ effectivePrice: "8.00", promotions: ["P"] });
    }
    // [""] names nothing, as "" and "|" do: refused, not a promotion for no sku.
    const report = await check(
      {
        currency: "EUR",
        feeds: {
          prices: [{ sku: "A", channel: "web", price: "10.00" }],
          promotions: [promo({ promo_id: "E", type: "percent_off", value: "20", skus: [""] })],
        },
        rules: [],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    expect(report.findings.map((f) => f.values.reason)).toStrictEqual(["a promotion needs skus, categories or brands to apply to"]);
  });

  it("P06 categories and brands together (pasta, Barilla: all pasta and all Barilla, or Barilla's pasta?) are refused, not taken as either", async () => {
    const catalogue = [
      { sku: "G", category: "pasta", brand: "Barilla" },
      { sku: "H", category: "rice", brand: "Barilla" },
      { sku: "I", category: "pasta", brand: "Other" },
    ];
    const report = await check(
      {
        currency: "EUR",
        feeds: {
          catalogue,
          prices: catalogue.map(({ sku }) => ({ sku, channel: "web", price: "10.00" })),
          promotions: [promo({ promo_id: "U", type: "percent_off", value: "20", categories: "pasta", brands: "Barilla" })],
        },
        rules: ["price/non-positive"],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    expect(report.findings.map((f) => [f.rule, f.values.reason])).toStrictEqual([
      [
        "feed/invalid-row",
        "categories and brands together may mean the products of either or only those of both: give one of them, or name the skus",
      ],
    ]);
    expect(report.summary.feeds.find((f) => f.kind === "promotions")).toMatchObject({ read: 1, accepted: 0, rejected: 1 });
  });
});

describe("P74 stackable promotions whose order the feed leaves open", () => {
  /** The skus promo/stacking-order-open reports, each with its message. */
  async function open(promotions: Row[]) {
    const skus = [...new Set(promotions.map((p) => String(p["skus"])))];
    const report = await check(
      {
        currency: "EUR",
        feeds: { prices: skus.map((sku) => ({ sku, channel: "web", price: "10.00" })), promotions },
        rules: ["promo/stacking-order-open"],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    return report.findings.map((f) => [f.sku, f.message]);
  }
  const stack = (p: Row): Row => promo({ stackable: "true", ...p });
  const said = (ids: string) =>
    `web at every location: stackable promotions ${ids} have the same priority or none, and their order changes the price: applied by promo_id it is`;

  it("P74 reports an amount off and a percentage of one priority, or none, whose order changes the price", async () => {
    // A: 10 % then 1.00 off 10.00 is 8.00 (by promo_id, A1 first); the other way 8.10. B: the
    // same under priority 2 for both, 1.00 off first (B1): 8.10. C: 10 % and 5 % commute
    // (8.55 either way); D: their priorities order them; E: a fixed price of 12.00 does not apply.
    expect(
      await open([
        stack({ promo_id: "A1", type: "percent_off", value: "10", skus: "A" }),
        stack({ promo_id: "A2", type: "amount_off", value: "1.00", skus: "A" }),
        stack({ promo_id: "B1", type: "amount_off", value: "1.00", skus: "B", priority: "2" }),
        stack({ promo_id: "B2", type: "percent_off", value: "10", skus: "B", priority: "2" }),
        stack({ promo_id: "C1", type: "percent_off", value: "10", skus: "C" }),
        stack({ promo_id: "C2", type: "percent_off", value: "5", skus: "C" }),
        stack({ promo_id: "D1", type: "percent_off", value: "10", skus: "D", priority: "2" }),
        stack({ promo_id: "D2", type: "amount_off", value: "1.00", skus: "D", priority: "1" }),
        stack({ promo_id: "E1", type: "percent_off", value: "10", skus: "E" }),
        stack({ promo_id: "E2", type: "fixed_price", value: "12.00", skus: "E" }),
      ]),
    ).toStrictEqual([
      ["A", `${said("A1, A2")} 8.00`],
      ["B", `${said("B1, B2")} 8.10`],
    ]);
  });

  it("P74 tries each two applied, past one that does not apply, and names every one whose order counts", async () => {
    // G: 10 % off, a fixed 20.00 that never applies (sorted between them), 1.00 off: 8.00 by id,
    // 8.10 the other way. H: 1.00 off, 0.50 off, 10 % off: by id (H1, H2, H3) 7.65; H3 and H1
    // swapped, 10.00 × 0.9 − 0.50 − 1.00 = 7.50; H3 and H2 swapped, (10.00 − 1.00) × 0.9 − 0.50 =
    // 7.60; H1 and H2 commute. All three are named.
    expect(
      await open([
        stack({ promo_id: "G1", type: "percent_off", value: "10", skus: "G" }),
        stack({ promo_id: "G2", type: "fixed_price", value: "20.00", skus: "G" }),
        stack({ promo_id: "G3", type: "amount_off", value: "1.00", skus: "G" }),
        stack({ promo_id: "H1", type: "amount_off", value: "1.00", skus: "H" }),
        stack({ promo_id: "H2", type: "amount_off", value: "0.50", skus: "H" }),
        stack({ promo_id: "H3", type: "percent_off", value: "10", skus: "H" }),
      ]),
    ).toStrictEqual([
      ["G", `${said("G1, G3")} 8.00`],
      ["H", `${said("H1, H2, H3")} 7.65`],
    ]);
  });

  it("P74 reports none where the other order, the non-stackable one chosen again, charges the same", async () => {
    // 10.00: by id, S1 (fixed 5.00) then S2 (1.00 off) on E2's 5.00 is 4.00 (E1's 9.00 → 5.00 →
    // 4.00 ties it); the other way, on E1's 9.00: 8.00 then 5.00, on E2's 5.00: 4.00 then
    // (5.00 does not lower 4.00) 4.00 — 4.00 either way.
    const exclusive = (p: Row): Row => promo({ stackable: "false", ...p });
    expect(
      await open([
        exclusive({ promo_id: "E1", type: "amount_off", value: "1.00", skus: "I" }),
        exclusive({ promo_id: "E2", type: "fixed_price", value: "5.00", skus: "I" }),
        stack({ promo_id: "S1", type: "fixed_price", value: "5.00", skus: "I" }),
        stack({ promo_id: "S2", type: "amount_off", value: "1.00", skus: "I" }),
      ]),
    ).toStrictEqual([]);
  });

  it("P74 reports none where the two orders round to one price", async () => {
    // 10.00 less 33 % then 0.01 off is 6.69; 0.01 off then 33 % is 6.6933 → 6.69: one price.
    expect(
      await open([
        stack({ promo_id: "F1", type: "percent_off", value: "33", skus: "F" }),
        stack({ promo_id: "F2", type: "amount_off", value: "0.01", skus: "F" }),
      ]),
    ).toStrictEqual([]);
  });
});
