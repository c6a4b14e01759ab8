/**
 * Locations the stores feed does not list (price/unknown-location, availability/unknown-location,
 * promo/unknown-location and the facts behind them), pickup and reservation prices against the
 * web, and what the recommended preset leaves out.
 */
import { describe, expect, it } from "vitest";
import { check, type Finding } from "../src/index.js";
import { BUILTIN_RULES } from "../src/rules/builtin.js";

type Row = Record<string, unknown>;
const AT = new Date("2026-11-20T12:00:00Z");

async function run(rules: unknown[], feeds: Record<string, Row[]>): Promise<readonly Finding[]> {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules } as never, { at: AT });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings;
}

const STORES: Row[] = [
  { location: "MI01", status: "open", click_collect: true },
  { location: "RM01", status: "open", click_collect: true },
];
const UNKNOWN = ["price/unknown-location", "availability/unknown-location", "promo/unknown-location"];

describe("locations the stores feed does not list", () => {
  const feeds: Record<string, Row[]> = {
    stores: STORES,
    prices: [
      { sku: "A", channel: "click_collect", price: "1.00" }, // a default row: no location to judge
      { sku: "A", channel: "click_collect", location: "MI01", price: "1.00" },
      { sku: "A", channel: "click_collect", location: "MI0l", price: "1.00" }, // l for 1
      { sku: "A", channel: "click_collect", location: '"MI01"', price: "1.00" }, // the quotes kept
      { sku: "A", channel: "click_collect", location: "ZZ99", price: "1.00" }, // nothing near
    ],
    inventory: [
      { sku: "A", location: "RM01", available: "3" },
      { sku: "A", location: "RMO1", available: "4" }, // O for 0
    ],
    promotions: [
      {
        promo_id: "P1",
        type: "percent_off",
        value: "10",
        channels: "click_collect",
        skus: "A",
        locations: "MI01|MI0l|ZZ99",
        start: "2026-11-01",
        end: "2026-11-30",
      },
      {
        promo_id: "P2",
        type: "percent_off",
        value: "10",
        channels: "click_collect",
        skus: "A",
        locations: "RM01",
        start: "2026-11-01",
        end: "2026-11-30",
      },
    ],
  };

  it("reports each price row, inventory row and promotion at an unlisted location, with the nearest listed code", async () => {
    const found = await run([...UNKNOWN, "availability/click-collect-store-closed"], feeds);
    expect(found.map((f) => [f.rule, f.sku, f.location, f.promotion, f.message])).toStrictEqual([
      [
        "availability/unknown-location",
        "A",
        null,
        null,
        "A has inventory at locations the stores feed does not list: RMO1 (did you mean RM01?)",
      ],
      [
        "price/unknown-location",
        "A",
        '"MI01"',
        null,
        'A is priced in click_collect at "MI01" (did you mean MI01?), which the stores feed does not list',
      ],
      [
        "price/unknown-location",
        "A",
        "MI0l",
        null,
        "A is priced in click_collect at MI0l (did you mean MI01?), which the stores feed does not list",
      ],
      ["price/unknown-location", "A", "ZZ99", null, "A is priced in click_collect at ZZ99, which the stores feed does not list"],
      ["promo/unknown-location", null, null, "P1", "P1 names locations the stores feed does not list: MI0l (did you mean MI01?), ZZ99"],
    ]);
    // The store's facts are unknown at an unlisted location, so the closed-store rule cannot judge it: the reason for the rules above.
    const inventory = found.find((f) => f.rule === "availability/unknown-location")!;
    expect(inventory.sources.map((s) => s.line)).toStrictEqual([2]);
  });

  it("reports a location once where a row gives both a price and stock there (a Google local inventory row)", async () => {
    // ZZ99 is priced (price/unknown-location) and stocked: the stock is the same typo, not a second finding;
    // RMO1 has stock and no price row, so availability/unknown-location reports it.
    const both = { ...feeds, inventory: [...feeds["inventory"]!, { sku: "A", location: "ZZ99", available: "2" }] };
    const found = await run(UNKNOWN, both);
    expect(
      found.filter((f) => f.location === "ZZ99" || f.rule === "availability/unknown-location").map((f) => [f.rule, f.location, f.message]),
    ).toStrictEqual([
      ["availability/unknown-location", null, "A has inventory at locations the stores feed does not list: RMO1 (did you mean RM01?)"],
      ["price/unknown-location", "ZZ99", "A is priced in click_collect at ZZ99, which the stores feed does not list"],
    ]);
  });

  it("runs only when a stores feed is given", async () => {
    const { stores: _, ...withoutStores } = feeds;
    expect(await run(UNKNOWN, withoutStores)).toStrictEqual([]);
  });

  it("gives house rules locationKnown and nearestLocation: true, false, or missing at no location", async () => {
    const rule = (id: string, value: boolean) => ({
      id,
      description: "d",
      severity: "info",
      scope: "offer",
      conditions: { all: [{ fact: "locationKnown", operator: "equal", value }] },
      message: "{location|none} near {nearestLocation|nothing}",
    });
    const found = await run([rule("house/known", true), rule("house/unknown", false)], feeds);
    // The default row is an offer at RM01 too, where P2 runs (see default-row.test.ts).
    expect(found.map((f) => [f.rule, f.message])).toStrictEqual([
      ["house/known", "MI01 near nothing"],
      ["house/known", "RM01 near nothing"],
      ["house/unknown", '"MI01" near MI01'],
      ["house/unknown", "MI0l near MI01"],
      ["house/unknown", "ZZ99 near nothing"],
    ]);
  });
});

describe("pickup and reservation prices against the web", () => {
  it("channel/click-collect-above-web: each store's row against the web's default, and the two defaults once", async () => {
    const found = await run(["channel/click-collect-above-web"], {
      stores: STORES,
      prices: [
        { sku: "A", channel: "web", price: "2.00" },
        { sku: "A", channel: "click_collect", price: "2.00" },
        { sku: "A", channel: "click_collect", location: "MI01", price: "2.10" }, // above
        { sku: "A", channel: "click_collect", location: "RM01", price: "1.90" }, // below
        { sku: "B", channel: "web", price: "2.00", sale_price: "1.50" }, // the web on sale
        { sku: "B", channel: "click_collect", price: "2.00" }, // so the pickup default is above, at every location
        { sku: "C", channel: "click_collect", location: "MI01", price: "9.00" }, // no web price: nothing to compare
      ],
    });
    expect(found.map((f) => [f.sku, f.location, f.message])).toStrictEqual([
      ["A", "MI01", "click_collect 2.10 at MI01 is above web 2.00"],
      ["B", null, "click_collect 2.00 at every location is above web 1.50"],
    ]);
  });

  it("channel/e-reservation-above-web: only above, equal is fine", async () => {
    const found = await run(["channel/e-reservation-above-web"], {
      stores: STORES,
      prices: [
        { sku: "A", channel: "web", price: "5.00" },
        { sku: "A", channel: "e_reservation", location: "MI01", price: "5.00" },
        { sku: "A", channel: "e_reservation", location: "RM01", price: "5.01" },
      ],
    });
    expect(found.map((f) => [f.sku, f.location, f.severity])).toStrictEqual([["A", "RM01", "warning"]]);
  });
});

describe("the recommended preset", () => {
  it("leaves out channel/online-differs-from-store (per-store prices are often deliberate), which still runs when named", async () => {
    expect(BUILTIN_RULES.find((r) => r.id === "channel/online-differs-from-store")!.recommended).toBe(false);
    const feeds = {
      prices: [
        { sku: "A", channel: "web", price: "2.00" },
        { sku: "A", channel: "store", location: "MI01", price: "1.80" },
      ],
    };
    expect((await run(["recommended"], feeds)).map((f) => f.rule)).toStrictEqual([]);
    expect((await run(["channel/online-differs-from-store"], feeds)).map((f) => [f.rule, f.location])).toStrictEqual([
      ["channel/online-differs-from-store", "MI01"],
    ]);
  });
});
