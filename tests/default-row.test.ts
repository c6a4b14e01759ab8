/**
 * A channel's row without a location stands at every location, and is resolved where it stands:
 * in the location's time zone (a located channel's), with the promotions that cover that location. Evaluation resolves
 * it once and moves it along only where neither can differ.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

async function storesWhereOnlineDiffers(feeds: Record<string, Row[]>, at: Date): Promise<(string | null)[]> {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules: ["channel/online-differs-from-store"] } as never, { at });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => f.location);
}

describe("a channel's default row", () => {
  it("of a located channel is read in each location's time zone; a channel that is not located, in the config's", async () => {
    // The store's default sale ends with 21 November, local time: at 05:00 UTC on the 22nd it
    // is over in Paris (since 23:00 UTC) and still on in Los Angeles (until 08:00 UTC), where
    // the store's 15 is below click-and-collect's 18 (at Paris, 20 is not).
    const stores = [
      { location: "PAR", timezone: "Europe/Paris" },
      { location: "LAX", timezone: "America/Los_Angeles" },
    ];
    const at = new Date("2026-11-22T05:00:00Z");
    const prices = [
      { sku: "A", channel: "store", price: "20.00", sale_price: "15.00", sale_end: "2026-11-21" },
      { sku: "A", channel: "click_collect", location: "PAR", price: "18.00" },
      { sku: "A", channel: "click_collect", location: "LAX", price: "18.00" },
    ];
    const config = { timezone: "UTC", currency: "EUR", feeds: { stores, prices }, rules: ["channel/click-collect-above-store"] };
    const report = await check(config as never, { at });
    expect(report.findings.map((f) => f.location)).toStrictEqual(["LAX"]);
    // The web is not located: its sale ended with 21 November in the config's zone (UTC), at
    // every store alike, so at 05:00 UTC on the 22nd it is 20 everywhere, as the stores are.
    const webSale = await storesWhereOnlineDiffers(
      {
        stores,
        prices: [
          { sku: "A", channel: "web", price: "20.00", sale_price: "15.00", sale_end: "2026-11-21" },
          { sku: "A", channel: "store", location: "PAR", price: "20.00" },
          { sku: "A", channel: "store", location: "LAX", price: "20.00" },
        ],
      },
      at,
    );
    expect(webSale).toStrictEqual([]);
  });

  it("takes the promotions that cover each location", async () => {
    // Half off in store at L1 only: the store's default row is 5 there and 10 at L2, where
    // click-and-collect is 10 too; at L1 click-and-collect's 10 is above it.
    const report = await check(
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: {
          prices: [
            { sku: "A", channel: "store", price: "10.00" },
            { sku: "A", channel: "click_collect", location: "L1", price: "10.00" },
            { sku: "A", channel: "click_collect", location: "L2", price: "10.00" },
          ],
          promotions: [
            {
              promo_id: "P",
              type: "percent_off",
              value: "50",
              channels: "store",
              locations: "L1",
              skus: "A",
              start: "2026-11-01",
              end: "2026-11-30",
            },
          ],
        },
        rules: ["channel/click-collect-above-store"],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    expect(report.findings.map((f) => [f.rule, f.location])).toStrictEqual([["channel/click-collect-above-store", "L1"]]);
  });

  it("is an offer of each store a running promotion names, where no channel has a row of its own", async () => {
    // Only default rows. 10 % off in store at MI01: the store is 9.00 there, click-and-collect 10.00 above it.
    const run = async (at: string, extra: Row = {}) => {
      const report = await check(
        {
          timezone: "Europe/Rome",
          currency: "EUR",
          feeds: {
            stores: [{ location: "MI01", timezone: "Europe/Rome", status: "open", click_collect: true }],
            prices: [
              { sku: "A", channel: "store", price: "10.00" },
              { sku: "A", channel: "click_collect", price: "10.00" },
            ],
            promotions: [
              {
                promo_id: "P1",
                type: "percent_off",
                value: "10",
                channels: "store",
                locations: "MI01",
                skus: "A",
                start: "2026-11-01",
                end: "2026-11-30",
                ...extra,
              },
            ],
          },
          rules: ["channel/click-collect-above-store", "price/excessive-discount"],
          ruleSettings: { "price/excessive-discount": { maxPercent: 5 } },
        } as never,
        { at: new Date(at) },
      );
      return report.findings.map((f) => [f.rule, f.location, f.channels.join(",")]);
    };
    expect(await run("2026-11-20T12:00:00Z")).toStrictEqual([
      ["channel/click-collect-above-store", "MI01", "click_collect,store"],
      ["price/excessive-discount", "MI01", "store"],
    ]);
    // Before it starts, and with a coupon (no public price), the default rows are judged at no location only.
    expect(await run("2026-10-20T12:00:00Z")).toStrictEqual([]);
    expect(await run("2026-11-20T12:00:00Z", { coupon_code: "SAVE" })).toStrictEqual([]);
  });

  it("makes click-and-collect promoted at a closed store a finding there", async () => {
    const report = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: {
          stores: [
            { location: "MI01", status: "open", click_collect: true },
            { location: "TO01", status: "closed", click_collect: true },
          ],
          prices: [{ sku: "A", channel: "click_collect", price: "10.00" }],
          promotions: [
            {
              promo_id: "P1",
              type: "percent_off",
              value: "10",
              channels: "click_collect",
              locations: "TO01",
              skus: "A",
              start: "2026-11-01",
              end: "2026-11-30",
            },
          ],
        },
        rules: ["availability/click-collect-store-closed"],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    expect(report.findings.map((f) => [f.rule, f.location])).toStrictEqual([["availability/click-collect-store-closed", "TO01"]]);
  });

  it("of a located channel should be in its stores' currency, as the same prices written once per store would be; one that is not located, in the config's", async () => {
    const currencyMismatches = async (stores: Row[], prices: Row[]) => {
      const config = { timezone: "UTC", currency: "EUR", feeds: { stores, prices }, rules: ["price/currency-mismatch"] };
      const report = await check(config as never, { at: new Date("2026-11-10T12:00:00Z") });
      return report.findings.map((f) => `${f.sku} ${f.channels.join("/")} ${f.location ?? "-"}: ${f.message}`);
    };
    const swiss = [
      { location: "S1", currency: "CHF" },
      { location: "S2", currency: "CHF" },
    ];
    // Every store is in CHF: A's CHF default row is right wherever it stands, B's EUR one wrong
    // everywhere; web is not located, so it stays in the config's EUR.
    expect(
      await currencyMismatches(swiss, [
        { sku: "A", channel: "store", currency: "CHF", price: "10.00" },
        { sku: "B", channel: "store", currency: "EUR", price: "10.00" },
        { sku: "C", channel: "web", currency: "EUR", price: "10.00" },
        { sku: "D", channel: "web", currency: "CHF", price: "10.00" },
      ]),
    ).toStrictEqual([
      "B store -: store at every location: priced in EUR, expected CHF",
      "D web -: web at every location: priced in CHF, expected EUR",
    ]);
    // The same prices once per store: the same verdicts, store by store.
    expect(
      await currencyMismatches(swiss, [
        { sku: "A", channel: "store", location: "S1", currency: "CHF", price: "10.00" },
        { sku: "A", channel: "store", location: "S2", currency: "CHF", price: "10.00" },
        { sku: "B", channel: "store", location: "S1", currency: "EUR", price: "10.00" },
      ]),
    ).toStrictEqual(["B store S1: store at S1: priced in EUR, expected CHF"]);
    // Stores in CHF and EUR (one by the config's): no one currency is right at both, and the one missed is named.
    const mixed = [{ location: "S1", currency: "CHF" }, { location: "E1" }];
    expect(
      await currencyMismatches(mixed, [
        { sku: "A", channel: "store", currency: "CHF", price: "10.00" },
        { sku: "B", channel: "store", currency: "EUR", price: "10.00" },
      ]),
    ).toStrictEqual([
      "A store -: store at every location: priced in CHF, expected EUR",
      "B store -: store at every location: priced in EUR, expected CHF",
    ]);
    // The Swiss store has a row of its own: the EUR default stands at E1 alone, whose currency it
    // is, and the CHF one is wrong there. The Swiss rows are right.
    expect(
      await currencyMismatches(mixed, [
        { sku: "A", channel: "store", currency: "CHF", price: "10.00" },
        { sku: "A", channel: "store", location: "S1", currency: "CHF", price: "11.00" },
        { sku: "B", channel: "store", currency: "EUR", price: "10.00" },
        { sku: "B", channel: "store", location: "S1", currency: "CHF", price: "11.00" },
      ]),
    ).toStrictEqual(["A store -: store at every location: priced in CHF, expected EUR"]);
  });
});

describe("two channels' default rows", () => {
  const stores = [{ location: "MI01" }, { location: "MI02" }];
  const run = async (prices: Row[], withStores = true) => {
    const feeds = withStores ? { stores, prices } : { prices };
    const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules: ["channel/click-collect-above-store"] } as never, {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    return report.findings.map((f) => [f.location, f.message]);
  };
  const defaults = [
    { sku: "E1", channel: "click_collect", price: "11.00" },
    { sku: "E1", channel: "store", price: "10.00" },
  ];

  it("meet only where both stand: not where every listed store has a store row of its own", async () => {
    // The store's default 10.00 stands at no store (MI01 and MI02 price it 12.00), so click and
    // collect's 11.00 is compared with 12.00 at each: below, no finding. It was "above store 10.00 at every location".
    const own = [
      { sku: "E1", channel: "store", location: "MI01", price: "12.00" },
      { sku: "E1", channel: "store", location: "MI02", price: "12.00" },
    ];
    expect(await run([...defaults, ...own])).toStrictEqual([]);
    // MI02 without a row of its own: both defaults stand there, and 11.00 is above 10.00.
    expect(await run([...defaults, own[0]!])).toStrictEqual([[null, "click_collect 11.00 is above store 10.00 at every location"]]);
    // Without a stores feed, where the defaults stand is not known: they are compared.
    expect(await run([...defaults, ...own], false)).toStrictEqual([[null, "click_collect 11.00 is above store 10.00 at every location"]]);
  });
});
