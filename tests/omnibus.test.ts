import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

async function run(prices: Row[], history: Row[], at: string) {
  const report = await check(
    { timezone: "Europe/Rome", currency: "EUR", feeds: { prices, price_history: history }, rules: ["omnibus/not-a-reduction"] } as never,
    { at: new Date(at) },
  );
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => [f.sku, f.values.effectivePrice, f.values.lowestPriceApplied30d]);
}

const history: Row[] = [
  { sku: "A", channel: "web", valid_from: "2026-10-01", price: "9.00" },
  { sku: "A", channel: "web", valid_from: "2026-10-25", price: "7.50" },
  { sku: "A", channel: "web", valid_from: "2026-11-10", price: "10.00" },
];
const onSale: Row[] = [{ sku: "A", channel: "web", price: "10.00", sale_price: "8.00" }];

describe("omnibus/not-a-reduction", () => {
  it("fires when the sale price is above the lowest price applied in the last 30 days of history", async () => {
    // 30 days before 20 Nov reach back to 21 Oct: 9.00 (until 25 Oct), 7.50 (25 Oct – 10 Nov), 10.00 → 7.50.
    expect(await run(onSale, history, "2026-11-20T12:00:00Z")).toStrictEqual([["A", "8.00", "7.50"]]);
  });

  it("counts the current price, so a sale at the lowest price is normal", async () => {
    // 30 days before 15 Dec reach back to 15 Nov: only 10.00 applied, and the sale price 8.00 now → 8.00.
    expect(await run(onSale, history, "2026-12-15T12:00:00Z")).toStrictEqual([]);
  });

  it("prefers the declared lowest_price_30d to the history", async () => {
    const declared = [{ ...onSale[0], lowest_price_30d: "8.50" }];
    expect(await run(declared, history, "2026-11-20T12:00:00Z")).toStrictEqual([]);
  });

  it("judges only offers on sale or promotion", async () => {
    expect(await run([{ sku: "A", channel: "web", price: "10.00" }], history, "2026-11-20T12:00:00Z")).toStrictEqual([]);
  });

  it("does not judge an offer without history or a declared lowest price", async () => {
    expect(await run(onSale, [], "2026-11-20T12:00:00Z")).toStrictEqual([]);
  });
});

describe("omnibus/prior-price and omnibus/insufficient-history", () => {
  const RULES = ["omnibus/prior-price", "omnibus/insufficient-history"];
  async function prior(prices: Row[], points: Row[], extra: Record<string, unknown> = {}, feeds: Record<string, Row[]> = {}) {
    const report = await check(
      { timezone: "UTC", currency: "EUR", feeds: { prices, price_history: points, ...feeds }, rules: RULES, ...extra } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    return report.findings.map((f) => [f.rule, f.sku, f.values.announcedReferencePrice ?? null, f.values.priorPrice ?? null]);
  }
  // The sale starts on 15 Nov: the 30 days before it run from 16 Oct to 15 Nov (exclusive).
  const sale = (sku: string, reference: string): Row => ({
    sku,
    channel: "web",
    price: "10.00",
    sale_price: "7.99",
    sale_start: "2026-11-15",
    sale_end: "2026-11-30",
    reference_price: reference,
  });
  const points = (sku: string): Row[] => [
    { sku, channel: "web", valid_from: "2026-09-01", price: "9.49" }, // applies until 20 Oct: inside the 30 days from 16 Oct
    { sku, channel: "web", valid_from: "2026-10-20", price: "10.00" },
    { sku, channel: "web", valid_from: "2026-11-15", price: "7.99" }, // the sale itself: not before it started
  ];

  it("fires when the shown prior price is not the lowest of the 30 days before the start", async () => {
    const found = await prior([sale("HIGH", "10.00"), sale("OK", "9.49")], [...points("HIGH"), ...points("OK")]);
    expect(found).toStrictEqual([["omnibus/prior-price", "HIGH", "10.00", "9.49"]]);
  });

  it("judges a promotion's reference price only beside offers in its currency (its own, else the config's)", async () => {
    // One percentage promotion on web (EUR) and app (USD), showing 10.00: a price in euros, the config's.
    const promo = {
      promo_id: "P",
      type: "percent_off",
      value: "10",
      channels: "web|app",
      skus: "A",
      start: "2026-11-15",
      end: "2026-11-30",
      reference_price: "10.00",
    };
    const prices = [
      { sku: "A", channel: "web", price: "10.00" },
      { sku: "A", channel: "app", price: "10.00", currency: "USD" },
    ];
    // Both channels' lowest before 15 Nov is 9.49, each in its own currency.
    const history = [...points("A"), ...points("A").map((p) => ({ ...p, channel: "app", currency: "USD" }))];
    const feeds = { prices, price_history: history, promotions: [promo] };
    const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules: RULES } as never, {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    // The EUR offer shows 10.00 against a lowest 9.49: found. The USD offer is discounted too, but shows no price in dollars.
    expect(report.findings.map((f) => [f.rule, f.channels, f.values.announcedReferencePrice, f.values.priorPrice])).toStrictEqual([
      ["omnibus/prior-price", ["web"], "10.00", "9.49"],
    ]);
  });

  it("exempts perishable products", async () => {
    const found = await prior([sale("MILK", "10.00")], points("MILK"), {}, { catalogue: [{ sku: "MILK", perishable: true }] });
    expect(found).toStrictEqual([]);
  });

  it("reports a reduction whose 30 days are not covered, instead of judging it", async () => {
    const short = [{ sku: "NEW", channel: "web", valid_from: "2026-11-01", price: "10.00" }];
    expect(await prior([sale("NEW", "10.00")], short)).toStrictEqual([["omnibus/insufficient-history", "NEW", null, null]]);
  });

  it("takes a campaign's first step's start for its later steps", async () => {
    // Step 1 (1–10 Nov, −10%) and step 2 (from 11 Nov, −20%) of one campaign, both showing 10.00 as the prior price.
    // From the first step's start (1 Nov), the 30 days before hold only 10.00: the prior price is right.
    // From the second step's own start (11 Nov) they would include step 1's 9.00.
    const history = [
      { sku: "C", channel: "web", valid_from: "2026-09-01", price: "10.00" },
      { sku: "C", channel: "web", valid_from: "2026-11-01", price: "9.00" },
      { sku: "C", channel: "web", valid_from: "2026-11-11", price: "8.00" },
    ];
    const promotions = [
      {
        promo_id: "STEP1",
        type: "percent_off",
        value: "10",
        channels: "web",
        skus: "C",
        start: "2026-11-01",
        end: "2026-11-10",
        campaign: "SALDI",
        reference_price: "10.00",
      },
      {
        promo_id: "STEP2",
        type: "percent_off",
        value: "20",
        channels: "web",
        skus: "C",
        start: "2026-11-11",
        end: "2026-11-30",
        campaign: "SALDI",
        reference_price: "10.00",
      },
    ];
    expect(await prior([{ sku: "C", channel: "web", price: "10.00" }], history, {}, { promotions })).toStrictEqual([]);
    const alone = promotions.map((p) => ({ ...p, campaign: null }));
    expect(await prior([{ sku: "C", channel: "web", price: "10.00" }], history, {}, { promotions: alone })).toStrictEqual([
      ["omnibus/prior-price", "C", "10.00", "9.00"],
    ]);
  });

  it("takes the start of one uninterrupted campaign only: the same name a year later is another campaign", async () => {
    const step = (promo_id: string, start: string, end: string) => ({
      promo_id,
      type: "percent_off",
      value: "20",
      channels: "web",
      skus: "A",
      start,
      end,
      reference_price: "14.99",
      campaign: "SALDI",
    });
    const report = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: {
          prices: [{ sku: "A", channel: "web", price: "12.99" }],
          promotions: [step("SALDI-25", "2025-07-01", "2025-07-31"), step("SALDI-26", "2026-07-01", "2026-07-31")],
          price_history: [
            { sku: "A", channel: "web", valid_from: "2025-01-01", price: "14.99" },
            { sku: "A", channel: "web", valid_from: "2025-09-01", price: "12.99" },
          ],
        },
        rules: RULES,
      } as never,
      { at: new Date("2026-07-10T10:00:00Z") },
    );
    // The 30 days before 1 July 2026 held 12.99 only: 14.99 is no prior price. Counted from 1 July 2025, they held 14.99.
    expect(report.findings.map((f) => [f.rule, f.sku, f.values.announcedReferencePrice, f.values.priorPrice])).toStrictEqual([
      ["omnibus/prior-price", "A", "14.99", "12.99"],
    ]);
  });

  it("counts both of two history rows from the same instant, in either order", async () => {
    // 12.99 and 9.99 both from 1 Sep, then 10.00 from 20 Oct: before, the row read first lasted no time at all,
    // so 9.99 fell out of the 30 days from 16 Oct when it came first, and was their lowest when it came second.
    const rows = (first: string, second: string): Row[] => [
      { sku: "D", channel: "web", valid_from: "2026-09-01", price: first },
      { sku: "D", channel: "web", valid_from: "2026-09-01", price: second },
      { sku: "D", channel: "web", valid_from: "2026-10-20", price: "10.00" },
    ];
    const expected = [["omnibus/prior-price", "D", "10.00", "9.99"]];
    expect(await prior([sale("D", "10.00")], rows("12.99", "9.99"))).toStrictEqual(expected);
    expect(await prior([sale("D", "10.00")], rows("9.99", "12.99"))).toStrictEqual(expected);
  });

  it("counts the 30 days in calendar days of the offer's zone, across a change of the clocks", async () => {
    const judge = async (saleStart: string, points: Row[], at: string) => {
      const report = await check(
        {
          timezone: "Europe/Rome",
          currency: "EUR",
          feeds: {
            prices: [
              {
                sku: "A",
                channel: "web",
                price: "12.99",
                sale_price: "9.99",
                sale_start: saleStart,
                sale_end: "2026-11-30",
                reference_price: "12.99",
              },
            ],
            price_history: points.map((p) => ({ sku: "A", channel: "web", ...p })),
          },
          rules: RULES,
        } as never,
        { at: new Date(at) },
      );
      return report.findings.map((f) => [f.rule, f.values.priorPrice ?? null]);
    };
    // Autumn: the 30 days before 15 November start at 00:00 on 16 October (CEST), 2026-10-15T22:00Z.
    // 720 hours before would be 01:00 there, past the half hour at 10.99.
    const autumn = [
      { valid_from: "2026-10-01", price: "12.99" },
      { valid_from: "2026-10-16T00:00", price: "10.99" },
      { valid_from: "2026-10-16T00:30", price: "12.99" },
    ];
    expect(await judge("2026-11-15", autumn, "2026-11-20T12:00:00Z")).toStrictEqual([["omnibus/prior-price", "10.99"]]);
    // Spring: the 30 days before 15 April start at 00:00 on 16 March (CET), 719 hours earlier: a history
    // from 16 March covers them, and 10.99 on 15 March is before them.
    const spring = [
      { valid_from: "2026-03-01", price: "10.99" },
      { valid_from: "2026-03-16", price: "12.99" },
    ];
    expect(await judge("2026-04-15", spring, "2026-04-20T12:00:00Z")).toStrictEqual([]);
    expect(await judge("2026-04-15", spring.slice(1), "2026-04-20T12:00:00Z")).toStrictEqual([]);
  });

  it("reads a store's history as its channel's default rows until the store's own first row", async () => {
    // At MI01 the default 9.99 applied from 1 Sep until MI01's own row on 10 Nov: inside the 30 days
    // before the sale (16 Oct – 15 Nov), so the prior price is 9.99, and the history covers them.
    const history = [
      { sku: "S", channel: "store", valid_from: "2026-09-01", price: "9.99" },
      { sku: "S", channel: "store", location: "MI01", valid_from: "2026-11-10", price: "10.00" },
    ];
    const atStore = { ...sale("S", "10.00"), channel: "store", location: "MI01" };
    expect(await prior([atStore], history)).toStrictEqual([["omnibus/prior-price", "S", "10.00", "9.99"]]);
    // A default row after the store's first row does not apply there: the store's own 10.00 does.
    const later = [
      { sku: "S", channel: "store", location: "MI01", valid_from: "2026-09-01", price: "10.00" },
      { sku: "S", channel: "store", valid_from: "2026-10-20", price: "8.00" },
    ];
    expect(await prior([atStore], later)).toStrictEqual([]);
  });

  it("widens the prior price to the channel or the company with the scope option", async () => {
    // The store at MI01 had 9.00 in the 30 days before; the web never went below 10.00.
    const history = [
      { sku: "W", channel: "web", valid_from: "2026-09-01", price: "10.00" },
      { sku: "W", channel: "store", location: "MI01", valid_from: "2026-09-01", price: "9.00" },
    ];
    const prices = [sale("W", "10.00")];
    expect(await prior(prices, history)).toStrictEqual([]);
    expect(await prior(prices, history, { ruleSettings: { "omnibus/prior-price": { scope: "company" } } })).toStrictEqual([
      ["omnibus/prior-price", "W", "10.00", "9.00"],
    ]);
  });

  it("reports a sale showing a reference price with no sale_start as not checkable, rather than passing it over", async () => {
    // No start, so no 30 days before it: the prior price cannot be worked out (prior-price does
    // not judge), and insufficient-history says so. With a start, the same sale is judged.
    const noStart = { ...sale("N", "12.00"), sale_start: undefined };
    const report = await check(
      { timezone: "UTC", currency: "EUR", feeds: { prices: [noStart], price_history: points("N") }, rules: RULES } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    expect(report.findings.map((f) => [f.rule, f.message])).toStrictEqual([
      [
        "omnibus/insufficient-history",
        "web at every location: the reduction from a start not given (no sale_start) cannot be checked: price history does not cover the 30 days before it",
      ],
    ]);
    expect(await prior([sale("N", "12.00")], points("N"))).toStrictEqual([["omnibus/prior-price", "N", "12.00", "9.49"]]);
  });

  it("over the channel, counts its default rows only while a store of the stores feed stands on them", async () => {
    // The default 5.00 from January; S1 and S2, the only stores, have their own 10.00 from
    // 1 September: in the 30 days before the sale (16 Oct – 15 Nov) 5.00 applied nowhere, so the
    // channel's lowest is 10.00. With a third store S3 still on the default, it is 5.00.
    const atStore = { ...sale("S", "10.00"), channel: "store", location: "S1" };
    const history = [
      { sku: "S", channel: "store", valid_from: "2026-01-01", price: "5.00" },
      { sku: "S", channel: "store", location: "S1", valid_from: "2026-09-01", price: "10.00" },
      { sku: "S", channel: "store", location: "S2", valid_from: "2026-09-01", price: "10.00" },
    ];
    const channel = { ruleSettings: { "omnibus/prior-price": { scope: "channel" }, "omnibus/insufficient-history": { scope: "channel" } } };
    const two = { stores: [{ location: "S1" }, { location: "S2" }] };
    expect(await prior([atStore], history, channel, two)).toStrictEqual([]);
    expect(await prior([{ ...atStore, reference_price: "5.00" }], history, channel, two)).toStrictEqual([
      ["omnibus/prior-price", "S", "5.00", "10.00"],
    ]);
    const three = { stores: [{ location: "S1" }, { location: "S2" }, { location: "S3" }] };
    expect(await prior([atStore], history, channel, three)).toStrictEqual([["omnibus/prior-price", "S", "10.00", "5.00"]]);
  });

  it("reads another store's bare history dates in that store's zone, not the zone of the offer judged", async () => {
    // The sale at MI01 (Rome) starts 1 March: its 30 days run from 2026-01-29T23:00Z. NY01 applied 9.99
    // until 30 January 00:00 in New York, 05:00Z: inside them. Read in Rome's zone, it ended at
    // 2026-01-29T23:00Z, exactly when they start, and the prior price 12.99 passed.
    const report = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: {
          stores: [
            { location: "MI01", timezone: "Europe/Rome", status: "open" },
            { location: "NY01", timezone: "America/New_York", status: "open" },
          ],
          prices: [
            {
              sku: "A",
              channel: "store",
              location: "MI01",
              price: "12.99",
              sale_price: "9.49",
              sale_start: "2026-03-01",
              sale_end: "2026-03-10",
              reference_price: "12.99",
            },
          ],
          price_history: [
            { sku: "A", channel: "store", location: "MI01", valid_from: "2026-01-01", price: "12.99" },
            { sku: "A", channel: "store", location: "NY01", valid_from: "2026-01-01", price: "9.99" },
            { sku: "A", channel: "store", location: "NY01", valid_from: "2026-01-30", price: "12.99" },
          ],
        },
        rules: RULES,
        ruleSettings: { "omnibus/prior-price": { scope: "channel" }, "omnibus/insufficient-history": { scope: "channel" } },
      } as never,
      { at: new Date("2026-03-05T12:00:00Z") },
    );
    expect(report.findings.map((f) => [f.rule, f.location, f.values.priorPrice ?? null])).toStrictEqual([
      ["omnibus/prior-price", "MI01", "9.99"],
    ]);
  });

  it("refuses a scope it does not know", async () => {
    await expect(prior([], [], { ruleSettings: { "omnibus/prior-price": { scope: "region" } } })).rejects.toThrow(
      'ruleSettings["omnibus/prior-price"].scope: expected one of "offer", "channel", "company", got "region"',
    );
  });
});
