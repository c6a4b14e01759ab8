import { describe, expect, it } from "vitest";
import { check, type Finding } from "../src/index.js";

type Row = Record<string, unknown>;
const AT = new Date("2026-11-20T12:00:00Z");

async function findings(rules: string[], feeds: Record<string, Row[]>): Promise<Finding[]> {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules } as never, { at: AT });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings.filter((f) => f.rule !== "feed/invalid-row");
}

const promo = (p: Row): Row => ({
  type: "percent_off",
  value: "10",
  channels: "store",
  skus: "A",
  start: "2026-11-01",
  end: "2026-11-30",
  ...p,
});

describe("promo/invalid-window", () => {
  it("fires on a window that ends before it starts or lasts more than 183 days, not on exactly 183", async () => {
    const found = await findings(["promo/invalid-window"], {
      prices: [{ sku: "A", channel: "store", price: "1" }],
      promotions: [
        promo({ promo_id: "BACKWARDS", start: "2026-11-10", end: "2026-11-09" }), // ends at 11-10 00:00, starts at 11-10 00:00
        promo({ promo_id: "D183", start: "2026-01-01", end: "2026-07-02" }), // 181 days to 1 July, +2 = 183
        promo({ promo_id: "D184", start: "2026-01-01", end: "2026-07-03" }),
      ],
    });
    expect(found.map((f) => [f.promotion, f.sku, f.values.durationDays])).toStrictEqual([
      ["BACKWARDS", null, "0"],
      ["D184", null, "184"],
    ]);
    expect(found[1]?.message).toBe(
      "promotion D184: window 2026-01-01T00:00:00.000Z – 2026-07-04T00:00:00.000Z (184 days) ends before it starts or is longer than 183 days",
    );
  });
});

describe("promo/invalid-window counts calendar days in the promotion's zone", () => {
  it("T11 a day the clocks change is one day: a one-day promotion on it passes maxDays 1, and 183 calendar days pass 183 across a change", async () => {
    const report = async (maxDays: number | undefined, ...promotions: Row[]) => {
      const config = {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: { prices: [{ sku: "A", channel: "store", price: "1" }], promotions },
        rules: ["promo/invalid-window"],
        ...(maxDays === undefined ? {} : { ruleSettings: { "promo/invalid-window": { maxDays } } }),
      };
      const found = (await check(config as never, { at: AT })).findings;
      return found.map((f) => [f.promotion, f.values.durationDays]);
    };
    // 25 October 2026: Rome's clocks go back, the day has 25 hours; 29 March 2026: forward, 23 hours.
    expect(
      await report(
        1,
        promo({ promo_id: "FALL", start: "2026-10-25", end: "2026-10-25" }),
        promo({ promo_id: "SPRING", start: "2026-03-29", end: "2026-03-29" }),
        promo({ promo_id: "TWO", start: "2026-10-25", end: "2026-10-26" }),
      ),
    ).toStrictEqual([["TWO", "2"]]);
    // 1 July to 30 December: 31 + 31 + 30 + 31 + 30 + 30 = 183 days, with the October change inside;
    // 1 January to 2 July 2027: 31 + 28 + 31 + 30 + 31 + 30 + 2 = 183, with the March change inside.
    expect(
      await report(
        undefined,
        promo({ promo_id: "D183-FALL", start: "2026-07-01", end: "2026-12-30" }),
        promo({ promo_id: "D184-FALL", start: "2026-07-01", end: "2026-12-31" }),
        promo({ promo_id: "D183-SPRING", start: "2027-01-01", end: "2027-07-02" }),
        promo({ promo_id: "D184-SPRING", start: "2027-01-01", end: "2027-07-03" }),
      ),
    ).toStrictEqual([
      ["D184-FALL", "184"],
      ["D184-SPRING", "184"],
    ]);
  });
});

describe("promo/missing-in-channel", () => {
  it("fires per sku sold in a channel the running promotion leaves out, unless it is exclusive", async () => {
    const found = await findings(["promo/missing-in-channel"], {
      catalogue: [
        { sku: "A", listed_channels: "store|web" },
        { sku: "B", listed_channels: "store|app" },
        { sku: "C", listed_channels: "store" },
      ],
      prices: [
        { sku: "A", channel: "store", price: "1" },
        { sku: "A", channel: "web", price: "1" },
        { sku: "B", channel: "store", price: "1" },
        { sku: "C", channel: "store", price: "1" },
      ],
      promotions: [
        promo({ promo_id: "STORE-ONLY", skus: "A|B|C" }), // A misses web (priced); B misses app (listed); C misses nothing
        promo({ promo_id: "EXCLUSIVE", skus: "A", exclusive: true }),
        promo({ promo_id: "OVER", skus: "A", start: "2026-10-01", end: "2026-10-31" }),
      ],
    });
    expect(found.map((f) => [f.promotion, f.sku, f.values.missingChannelCount])).toStrictEqual([
      ["STORE-ONLY", "A", 1],
      ["STORE-ONLY", "B", 1],
    ]);
    expect(found[0]?.message).toBe("promotion STORE-ONLY runs in store but A is also sold in web, where it does not run");
    // The promotion's row, and the row selling the sku in the channel it misses: A's web price
    // row; B is listed in the app with no price there, so its catalogue row.
    expect(found.map((f) => f.sources)).toStrictEqual([
      [
        { file: "(promotions)", line: 1 },
        { file: "(prices)", line: 2 },
      ],
      [
        { file: "(promotions)", line: 1 },
        { file: "(catalogue)", line: 2 },
      ],
    ]);
  });
});

describe("availability/promo-without-stock", () => {
  it("fires when every location the promotion runs at has 0, and not when one has stock or is unknown", async () => {
    const found = await findings(["availability/promo-without-stock"], {
      prices: [{ sku: "A", channel: "store", price: "1" }],
      inventory: [
        { sku: "EMPTY", location: "MI01", available: 0 },
        { sku: "EMPTY", location: "RM01", available: 0 },
        { sku: "SOME", location: "MI01", available: 0 },
        { sku: "SOME", location: "RM01", available: 2 },
        { sku: "HALF", location: "MI01", available: 0 },
      ],
      promotions: [promo({ promo_id: "P", skus: "EMPTY|SOME|HALF", locations: "MI01|RM01" })],
    });
    expect(found.map((f) => [f.promotion, f.sku, f.values.availableAtLocations])).toStrictEqual([["P", "EMPTY", 0]]);
  });

  it("does not count the stock of a store that is not open: it sells nothing", async () => {
    // ALL runs at every store. A has 5 units only at CL01, which is closed, and none at MI01:
    // nothing can be sold, so the finding stands. B has 2 at MI01: no finding.
    const found = await findings(["availability/promo-without-stock"], {
      stores: [
        { location: "MI01", status: "open" },
        { location: "CL01", status: "closed" },
        { location: "TC01", status: "temporarily_closed" },
      ],
      prices: [{ sku: "A", channel: "store", price: "1" }],
      inventory: [
        { sku: "A", location: "MI01", available: 0 },
        { sku: "A", location: "CL01", available: 5 },
        { sku: "A", location: "TC01", available: 3 },
        { sku: "B", location: "MI01", available: 2 },
        { sku: "B", location: "CL01", available: 0 },
        { sku: "B", location: "TC01", available: 0 },
      ],
      promotions: [promo({ promo_id: "ALL", skus: "A|B" })],
    });
    expect(found.map((f) => [f.promotion, f.sku, f.values.availableAtLocations])).toStrictEqual([["ALL", "A", 0]]);
  });

  it("reads a promotion's bare dates in the zone of the stores it names, as the offers it promotes do", async () => {
    // P runs 20–30 November in New York (its only store): from 2026-11-20T05:00Z to 2026-12-01T05:00Z.
    const at = async (instant: string, locations: string) => {
      const config = {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: {
          stores: [
            { location: "NY01", timezone: "America/New_York", status: "open" },
            { location: "NY02", timezone: "America/New_York", status: "open" },
            { location: "MI01", timezone: "Europe/Rome", status: "open" },
          ],
          prices: [{ sku: "A", channel: "store", location: "NY01", price: "10.00" }],
          inventory: [
            { sku: "A", location: "NY01", available: 0 },
            { sku: "A", location: "NY02", available: 0 },
            { sku: "A", location: "MI01", available: 0 },
          ],
          promotions: [promo({ promo_id: "P", start: "2026-11-20", end: "2026-11-30", locations })],
        },
        rules: ["availability/promo-without-stock"],
      };
      const report = await check(config as never, { at: new Date(instant) });
      return report.findings.map((f) => f.values.active);
    };
    // The rule fires on a running promotion. 01:00 New York on 1 December (06:00Z): ended;
    // 23:00 New York on 30 November (04:00Z on 1 December): running, though it ended in Rome.
    expect(await at("2026-12-01T06:00:00Z", "NY01|NY02")).toStrictEqual([]);
    expect(await at("2026-12-01T04:00:00Z", "NY01|NY02")).toStrictEqual([true]);
    // 22:00 New York on 19 November (03:00Z on the 20th): not started there, though it has in Rome.
    expect(await at("2026-11-20T03:00:00Z", "NY01|NY02")).toStrictEqual([]);
    // Stores in two zones: the config's zone, as before (started at 2026-11-19T23:00Z in Rome).
    expect(await at("2026-11-20T03:00:00Z", "NY01|MI01")).toStrictEqual([true]);
  });
});

describe("promotions applied once each, whatever the feed's order, and a product page is no channel of its own", () => {
  it("a sku written twice in a stackable promotion's list takes its amount off once", async () => {
    const found = await findings(["price/below-cost"], {
      catalogue: [{ sku: "A", cost: "9.50" }],
      prices: [{ sku: "A", channel: "web", price: "10.00" }],
      promotions: [promo({ promo_id: "P1", type: "amount_off", value: "1.00", channels: "web", skus: "A|A", stackable: "true" })],
    });
    // 10.00 − 1.00 = 9.00, below 9.50 once; taken off twice it was 8.00.
    expect(found.map((f) => f.message)).toStrictEqual([
      "web at every location: 9.00 is below cost 9.50 plus a 0 margin (markup -0.0526316)",
    ]);
  });

  it("of two promotions giving the same price, the one showing a reference price applies in either order, and Omnibus judges it", async () => {
    const p1 = promo({ promo_id: "P1", type: "percent_off", value: "10", channels: "web" });
    const p2 = promo({ promo_id: "P2", type: "amount_off", value: "1.00", channels: "web", reference_price: "12.00" });
    for (const promotions of [
      [p1, p2],
      [p2, p1],
    ]) {
      const found = await findings(["omnibus/prior-price"], {
        prices: [{ sku: "A", channel: "web", price: "10.00" }],
        price_history: [{ sku: "A", channel: "web", valid_from: "2026-08-01", price: "10.00" }],
        promotions,
      });
      // Both give 9.00; P2 shows 12.00 where the lowest price of the 30 days before 1 November was 10.00.
      expect(found.map((f) => [f.rule, f.sku, f.values.announcedReferencePrice, f.values.priorPrice])).toStrictEqual([
        ["omnibus/prior-price", "A", "12.00", "10.00"],
      ]);
    }
  });

  it("promo/missing-in-channel does not count the product page (landing_page) as a channel the sku is sold in", async () => {
    const feeds = (pageChannel: string) => ({
      catalogue: [{ sku: "A", listed_channels: "web" }],
      prices: [
        { sku: "A", channel: "web", price: "10.00" },
        { sku: "A", channel: pageChannel, price: "10.00" },
      ],
      promotions: [promo({ promo_id: "P1", type: "multibuy", value: "15.00", min_qty: "2", channels: "web" })],
    });
    expect(await findings(["promo/missing-in-channel"], feeds("landing_page"))).toStrictEqual([]);
    // The app is a channel of its own: there the promotion is missing.
    const app = await findings(["promo/missing-in-channel"], feeds("app"));
    expect(app.map((f) => [f.promotion, f.sku])).toStrictEqual([["P1", "A"]]);
  });
});
