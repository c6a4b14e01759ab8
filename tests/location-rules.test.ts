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

describe("K07 a stores feed with no store row accepted", () => {
  const feeds = (stores: Row[] | null): Record<string, Row[]> => ({
    ...(stores === null ? {} : { stores }),
    prices: [{ sku: "A", channel: "store", location: "S1", price: "1.00" }],
    inventory: [{ sku: "A", location: "S2", available: "4" }],
  });
  const where = (found: readonly Finding[]) => found.filter((f) => UNKNOWN.includes(f.rule)).map((f) => [f.rule, f.location]);

  it("lists no store: every location is unknown, as with a store row that is not theirs", async () => {
    const listed = [
      ["availability/unknown-location", null],
      ["price/unknown-location", "S1"],
    ];
    expect(where(await run(UNKNOWN, feeds([{ location: "X1" }])))).toStrictEqual(listed);
    // A header alone (no row) lists no store either: the same findings, not none.
    expect(where(await run(UNKNOWN, feeds([])))).toStrictEqual(listed);
    // Without a stores feed, where offers stand is not known: no location is unknown.
    expect(where(await run(UNKNOWN, feeds(null)))).toStrictEqual([]);
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

  it("reads the web's bare sale dates in the config's zone, not in the zone of the store it is compared at", async () => {
    // The web sale is 20 November in Rome: 2026-11-19T23:00Z to 2026-11-20T23:00Z. The web is
    // not located, so New York's zone never applies to it: on sale at 02:00Z (the 19th in New
    // York), over at 03:00Z on the 21st (still the 20th in New York).
    const feeds = {
      stores: [{ location: "NY01", timezone: "America/New_York", status: "open" }],
      prices: [
        { sku: "W1", channel: "web", price: "10.00", sale_price: "8.00", sale_start: "2026-11-20", sale_end: "2026-11-20" },
        { sku: "W1", channel: "click_collect", location: "NY01", price: "9.50" },
      ],
    };
    const config = { timezone: "Europe/Rome", currency: "EUR", feeds, rules: ["channel/click-collect-above-web"] } as never;
    const at = async (instant: string) => (await check(config, { at: new Date(instant) })).findings.map((f) => f.message);
    expect(await at("2026-11-20T02:00:00Z")).toStrictEqual(["click_collect 9.50 at NY01 is above web 8.00"]);
    expect(await at("2026-11-21T03:00:00Z")).toStrictEqual([]);
    const window = await check(config, { window: { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-23T00:00:00Z") } });
    expect(window.findings.map((f) => f.interval)).toStrictEqual([{ from: "2026-11-19T23:00:00.000Z", to: "2026-11-20T23:00:00.000Z" }]);
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

describe("price/location-dispersion", () => {
  const stores = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ location: `L${i + 1}` }));
  const judged = async (prices: Row[], n = 6) =>
    (await run(["price/location-dispersion"], { stores: stores(n), prices })).map((f) => `${f.location} ${f.message}`);

  it("counts a default row at each listed store without a row of its own", async () => {
    // The default 12.00 stands at L4, L5 and L6: 10, 10, 12, 12, 12, 12, median 12.00. L1 and L2
    // are 16.7 % below it; L3 is the median. (Without the default: 10, 10, 12, median 10.00.)
    const found = await judged([
      { sku: "A", channel: "store", price: "12.00" },
      { sku: "A", channel: "store", location: "L1", price: "10.00" },
      { sku: "A", channel: "store", location: "L2", price: "10.00" },
      { sku: "A", channel: "store", location: "L3", price: "12.00" },
    ]);
    expect(found).toStrictEqual([
      "L1 store at L1: 10.00 is more than 10% away from the median 12.00 over the channel's locations",
      "L2 store at L2: 10.00 is more than 10% away from the median 12.00 over the channel's locations",
    ]);
    // One default and one store of its own among two: 12 and 10 at L2, only two prices.
    expect(
      await judged(
        [
          { sku: "E", channel: "store", price: "12.00" },
          { sku: "E", channel: "store", location: "L1", price: "10.00" },
        ],
        2,
      ),
    ).toStrictEqual([]);
  });

  it("judges the default row too where it stands at listed stores, once, with no location", async () => {
    // L1–L3 at 2.00 and the default 1.00 standing at L4: 1.00, 2.00, 2.00, 2.00, median 2.00. The
    // default row is 50 % below it, the stores' own prices on it.
    const prices = [
      { sku: "B", channel: "store", location: "L1", price: "2.00" },
      { sku: "B", channel: "store", location: "L2", price: "2.00" },
      { sku: "B", channel: "store", location: "L3", price: "2.00" },
      { sku: "B", channel: "store", price: "1.00" },
    ];
    expect(await judged(prices, 4)).toStrictEqual([
      "null store at every location without a row of its own: 1.00 is more than 10% away from the median 2.00 over the channel's locations",
    ]);
    // Every listed store has a row of its own: the default stands nowhere, is not in the median, and is not judged.
    expect(await judged(prices, 3)).toStrictEqual([]);
    // Without a stores feed, where the default stands is not known: neither counted nor judged.
    expect(await run(["price/location-dispersion"], { prices })).toStrictEqual([]);
  });

  it("judges each price against the median of its own currency's prices", async () => {
    // EUR at L1–L3: 9.49, 8.79, 5.02, median 8.79; 5.02 is 42.9 % below it. SEK at L4 alone has
    // no median, and no exchange rate makes it one of the EUR prices: it counts for neither.
    const stores = [
      ...["L1", "L2", "L3"].map((location) => ({ location, currency: "EUR" })),
      ...["L4", "L5", "L6"].map((location) => ({ location, currency: "SEK" })),
    ];
    const row = (location: string, price: string, currency: string) => ({ sku: "G", channel: "store", location, price, currency });
    const eur = [row("L1", "9.49", "EUR"), row("L2", "8.79", "EUR"), row("L3", "5.02", "EUR")];
    const found = async (prices: Row[]) =>
      (await run(["price/location-dispersion"], { stores, prices })).map(
        (f) => `${f.location} ${f.values["effectivePrice"]} ${f.values["channelMedianPrice"]}`,
      );
    expect(await found([...eur, row("L4", "59.90", "SEK")])).toStrictEqual(["L3 5.02 8.79"]);
    // SEK at L4–L6: 100.00, 100.00, 150.00, median 100.00; 150.00 is 50 % above it. The EUR
    // median stays 8.79 (a median over all six would be the mean of 9.49 and 100.00).
    const sek = [row("L4", "100.00", "SEK"), row("L5", "100.00", "SEK"), row("L6", "150.00", "SEK")];
    expect(await found([...eur, ...sek])).toStrictEqual(["L3 5.02 8.79", "L6 150.00 100.00"]);
  });

  it("judges against the exact median of an even count, not one rounded to the cent", async () => {
    // 1.00, 1.01, 0.9045, 5.00: median (1.00 + 1.01) / 2 = 1.005. 0.9045 is exactly 10 % below
    // it (0.1005): not more than 10 %. 1.00 and 1.01 are 0.5 % off; 5.00 is far above.
    const f = await judged([
      { sku: "F", channel: "store", location: "L1", price: "1.00" },
      { sku: "F", channel: "store", location: "L2", price: "1.01" },
      { sku: "F", channel: "store", location: "L3", price: "0.9045" },
      { sku: "F", channel: "store", location: "L4", price: "5.00" },
    ]);
    expect(f).toStrictEqual(["L4 store at L4: 5.00 is more than 10% away from the median 1.005 over the channel's locations"]);
    // 1.00, 1.00, 1.01, 1.111: median 1.005; 1.111 is 10.55 % above it (a median rounded up to
    // 1.01 would put it 10.0 % above, not more).
    const d = await judged([
      { sku: "D", channel: "store", location: "L1", price: "1.00" },
      { sku: "D", channel: "store", location: "L2", price: "1.00" },
      { sku: "D", channel: "store", location: "L3", price: "1.01" },
      { sku: "D", channel: "store", location: "L4", price: "1.111" },
    ]);
    expect(d).toStrictEqual(["L4 store at L4: 1.111 is more than 10% away from the median 1.005 over the channel's locations"]);
  });
});

describe("stores that are closed, or do not take an order", () => {
  const stores: Row[] = [
    { location: "S1", status: "open", click_collect: true, e_reservation: true },
    { location: "TO", status: "closed", click_collect: true, e_reservation: true },
    { location: "NR", status: "open", click_collect: true, e_reservation: false },
  ];
  const where = (found: readonly Finding[], rule: string) => found.filter((f) => f.rule === rule).map((f) => f.location);

  it("availability/e-reservation-store-closed: e-reservation priced at a store that is closed or takes no reservations", async () => {
    const prices = ["S1", "TO", "NR"].map((location) => ({ sku: "A", channel: "e_reservation", location, price: "1.00" }));
    const found = await run(["availability/e-reservation-store-closed"], { stores, prices });
    expect(where(found, "availability/e-reservation-store-closed")).toStrictEqual(["NR", "TO"]);
    expect(found.find((f) => f.location === "TO")?.message).toBe("e_reservation is priced at TO, which is closed (e-reservation: true)");
  });

  it("a store's status or pickup flag left blank is said to be not given, not to be 'none'", async () => {
    const blank: Row[] = [
      { location: "NS", click_collect: false, e_reservation: false },
      { location: "NF", status: "closed" },
    ];
    const prices = ["NS", "NF"].flatMap((location) =>
      ["click_collect", "e_reservation"].map((channel) => ({ sku: "A", channel, location, price: "1.00" })),
    );
    const found = await run(["availability/click-collect-store-closed", "availability/e-reservation-store-closed"], {
      stores: blank,
      prices,
    });
    expect(found.map((f) => f.message).sort()).toStrictEqual([
      "click_collect is priced at NF, which is closed (click-and-collect: not given)",
      "click_collect is priced at NS, which is without a status (click-and-collect: false)",
      "e_reservation is priced at NF, which is closed (e-reservation: not given)",
      "e_reservation is priced at NS, which is without a status (e-reservation: false)",
    ]);
  });

  it("a coupon promotion naming a closed store promotes click-and-collect there, as any promotion does", async () => {
    const promotions = [
      {
        promo_id: "P",
        type: "percent_off",
        value: "10",
        channels: "click_collect",
        skus: "A",
        locations: "TO",
        coupon_code: "X",
        start: "2026-11-01",
        end: "2026-11-30",
      },
    ];
    const found = await run(["availability/click-collect-store-closed"], {
      stores,
      prices: [{ sku: "A", channel: "click_collect", price: "1.00" }],
      promotions,
    });
    expect(where(found, "availability/click-collect-store-closed")).toStrictEqual(["TO"]);
  });

  it("promo-without-stock does not count stock at a location the stores feed does not list", async () => {
    const promotions = [
      {
        promo_id: "P",
        type: "percent_off",
        value: "10",
        channels: "store",
        skus: "A",
        locations: "S1|XX",
        start: "2026-11-01",
        end: "2026-11-30",
      },
    ];
    const feeds = (inventory: Row[]) => ({ stores, prices: [{ sku: "A", channel: "store", price: "1.00" }], promotions, inventory });
    // XX's 5 units are at no store: the promotion has none to sell at S1.
    const found = await run(
      ["availability/promo-without-stock"],
      feeds([
        { sku: "A", location: "S1", available: "0" },
        { sku: "A", location: "XX", available: "5" },
      ]),
    );
    expect(found.map((f) => [f.rule, f.promotion, f.sku])).toStrictEqual([["availability/promo-without-stock", "P", "A"]]);
    // Without a row for XX, S1's 0 still counts.
    const without = await run(["availability/promo-without-stock"], feeds([{ sku: "A", location: "S1", available: "0" }]));
    expect(without.map((f) => f.rule)).toStrictEqual(["availability/promo-without-stock"]);
  });
});
