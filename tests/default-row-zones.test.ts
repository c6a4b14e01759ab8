/**
 * A located channel's default row, with a stores feed, is judged once with no location where it
 * is the same offer at each store, and as a store's own offer at the stores where it is not: where
 * the store's zone reads its bare dates otherwise (a promotion's), or the store's own price
 * history gives another prior price.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { checkFiles } from "./helpers/check-files.js";

type Row = Record<string, unknown>;

describe("a located channel's default row at stores in other zones", () => {
  // Black Friday, 20 % off in store, on 27 November: in New York (the config's zone) from 05:00Z
  // on the 27th to 05:00Z on the 28th; in Los Angeles from 08:00Z to 08:00Z. The store and
  // click-and-collect are 10.00 everywhere, by their default rows alone.
  const feeds = {
    stores: [
      { location: "LAX", timezone: "America/Los_Angeles", status: "open", click_collect: true },
      { location: "NYC", timezone: "America/New_York", status: "open", click_collect: true },
    ],
    prices: [
      { sku: "A", channel: "store", price: "10.00" },
      { sku: "A", channel: "click_collect", price: "10.00" },
    ],
    promotions: [
      { promo_id: "BF", type: "percent_off", value: "20", channels: "store", skus: "A", start: "2026-11-27", end: "2026-11-27" },
    ],
  };
  const config = (prices: Row[] = feeds.prices) => ({
    timezone: "America/New_York",
    currency: "USD",
    feeds: { ...feeds, prices },
    rules: ["channel/click-collect-above-store"],
  });
  const at = async (instant: string, prices?: Row[]) =>
    (await check(config(prices) as never, { at: new Date(instant) })).findings.map((f) => [f.location, f.message]);

  it("T16 is judged at a store whose zone runs a promotion's bare dates otherwise, and once, with no location, where they agree", async () => {
    // 06:00Z on the 28th: over in New York, still the 27th (22:00) in Los Angeles, where the store is 8.00.
    expect(await at("2026-11-28T06:00:00Z")).toStrictEqual([["LAX", "click_collect 10.00 is above store 8.00 at LAX"]]);
    // 06:00Z on the 27th: running in New York, not yet in Los Angeles: at no location only.
    expect(await at("2026-11-27T06:00:00Z")).toStrictEqual([[null, "click_collect 10.00 is above store 8.00 at every location"]]);
    // 12:00Z on the 27th: running in both, the same offer: once.
    expect(await at("2026-11-27T12:00:00Z")).toStrictEqual([[null, "click_collect 10.00 is above store 8.00 at every location"]]);
  });

  it("gives the same verdicts as a row of the store's own that repeats the default price, where the zones disagree", async () => {
    // (Where they agree, a row of its own is judged at its store as ever, and the default row at the others.)
    for (const instant of ["2026-11-27T06:00:00Z", "2026-11-28T06:00:00Z"]) {
      const repeated = [...feeds.prices, { sku: "A", channel: "click_collect", location: "LAX", price: "10.00" }];
      const where = (found: (string | null)[][]) => found.map(([location]) => location);
      expect([instant, where(await at(instant, repeated))]).toStrictEqual([instant, where(await at(instant))]);
    }
  });

  it("holds over a window, incrementally as instant by instant", async () => {
    const window = { from: new Date("2026-11-26T05:00:00Z"), to: new Date("2026-11-29T05:00:00Z") };
    const incremental = await check(config() as never, { window });
    const byInstant = await check(config() as never, { window, windowByInstant: true });
    expect(JSON.stringify(incremental)).toBe(JSON.stringify(byInstant));
    // With no location while New York's day runs; at LAX from New York's end to Los Angeles's, where
    // only its day runs on (between 05:00Z and 08:00Z on the 27th it had not begun there: no finding).
    expect(incremental.findings.map((f) => [f.location, f.interval])).toStrictEqual([
      [null, { from: "2026-11-27T05:00:00.000Z", to: "2026-11-28T05:00:00.000Z" }],
      ["LAX", { from: "2026-11-28T05:00:00.000Z", to: "2026-11-28T08:00:00.000Z" }],
    ]);
  });
});

describe("a located channel's default row at stores with price history of their own", () => {
  // The store's price is 10.00, by its default row. P1 (10 % off in store from 15 April) shows
  // 10.00 as the prior price. New York's own history has 10.00 from 1 March; Rome's, 8.00 (the
  // history is no price in force). The channel has no default history rows. 30 days before 15
  // April reach back to 16 March.
  const run = async (prices: string) => {
    const files = {
      "stores.csv": "location,timezone,currency\nNY,America/New_York,EUR\nRM,Europe/Rome,EUR\n",
      "prices.csv": `sku,channel,location,price\n${prices}`,
      "promos.csv": "promo_id,type,value,channels,skus,start,end,reference_price\nP1,percent_off,10,store,A,2026-04-15,2026-05-30,10.00\n",
      "history.csv": "sku,channel,location,valid_from,price\nA,store,NY,2026-03-01,10.00\nA,store,RM,2026-03-01,8.00\n",
    };
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "stores", path: "stores.csv" },
        { kind: "prices", path: "prices.csv" },
        { kind: "promotions", path: "promos.csv" },
        { kind: "price_history", path: "history.csv", priceInForce: "never" },
      ],
      rules: ["omnibus/prior-price", "omnibus/insufficient-history"],
    };
    const report = await checkFiles(files, config, "2026-04-20T12:00:00Z");
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    return report.findings.map((f) => [f.rule, f.location, f.values.priorPrice ?? null]);
  };

  it("P09 is judged at each store with its own history: a wrong prior price at Rome, none at New York", async () => {
    // At Rome the lowest price of the 30 days is 8.00, not the 10.00 shown; New York's history
    // covers them at 10.00. The row as written, with no location, has no history (the channel has
    // no default rows): it is judged so too, as ever.
    const byDefault = await run("A,store,,10.00\n");
    expect(byDefault).toStrictEqual([
      ["omnibus/insufficient-history", null, null],
      ["omnibus/prior-price", "RM", "8.00"],
    ]);
    // A row at Rome repeating the default price changes nothing.
    expect(await run("A,store,,10.00\nA,store,RM,10.00\n")).toStrictEqual(byDefault);
  });
});
