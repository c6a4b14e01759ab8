/**
 * Promotions that each run at a few stores are read where they run only: a sku's candidates
 * split once by the stores they name (PromotionIndex.candidatesAt), the channels a covered sku
 * is priced in grouped once per instant (promotion scope), and, over a window, a promotion's
 * start or end evaluating its skus again at the stores it names only. Each is held to the
 * straightforward way on random small feeds with store-limited and chain-wide promotions: the
 * index to the candidates filtered by location, a check to one reading every candidate at every
 * location, and an incremental window to every instant checked whole and merged; and a few
 * cases worked by hand.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { check } from "../src/index.js";
import type { Product } from "../src/model/product.js";
import type { Promotion } from "../src/model/promotion.js";
import { aPromotion } from "./helpers/promotion.js";
import { PromotionIndex } from "../src/pricing/promotions.js";

const STORES = ["L1", "L2", "L3", "L4"];
const SKUS = ["A", "B", "C"];
const AMOUNTS = ["1.00", "1.50", "2.00", "2.50"];

/** A promotion of the store channel. */
function promotion(fields: Partial<Promotion> & { promoId: string }): Promotion {
  return aPromotion({ channels: ["store"], ...fields });
}

describe("PromotionIndex.candidatesAt", () => {
  it("gives the candidates that name no location or name this one, each once, in feed order", () => {
    const fields = fc.record({
      skus: fc.array(fc.constantFrom("A", "B"), { maxLength: 3 }),
      categories: fc.array(fc.constantFrom("c1", "c2"), { maxLength: 2 }),
      brands: fc.array(fc.constantFrom("b1", "b2"), { maxLength: 2 }),
      // A store may be written twice in one list.
      locations: fc.array(fc.constantFrom(...STORES, "X9"), { maxLength: 3 }),
    });
    const product = fc.record({ category: fc.constantFrom(null, "c1", "c2"), brand: fc.constantFrom(null, "b1", "b2") });
    fc.assert(
      fc.property(fc.array(fields, { maxLength: 12 }), fc.option(product, { nil: null }), (list, p) => {
        const all = list.map((f, i) => promotion({ promoId: `P${i}`, ...f }));
        const index = new PromotionIndex(all);
        for (const sku of ["A", "B", "Z"]) {
          const prod = p === null ? null : ({ sku, ...p } as unknown as Product);
          const candidates = index.candidates(sku, prod);
          for (const location of [...STORES, "X9", "Y0"]) {
            const expected = candidates.filter((q) => q.locations.length === 0 || q.locations.includes(location));
            expect(index.candidatesAt(sku, prod, location)).toStrictEqual(expected);
          }
        }
      }),
      { numRuns: 300, seed: 5150 },
    );
  });
});

// Random feeds: stores in two zones, skus priced at some stores by rows of their own, by default
// rows standing at every store, or both, on the web and in the app; promotions at some stores
// or chain-wide, by sku, category or brand, some exclusive, some of a campaign.
const day = fc.integer({ min: 0, max: 20 }).map((d) => new Date(Date.UTC(2026, 10, 1 + d)).toISOString().slice(0, 10));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const priceRow = fc.record(
  {
    sku: fc.constantFrom(...SKUS),
    channel: fc.constantFrom("store", "store", "click_collect", "web", "app"),
    location: fc.option(fc.constantFrom(...STORES), { nil: null }),
    price: fc.constantFrom(...AMOUNTS),
    sale_price: maybe(fc.constantFrom(...AMOUNTS)),
    sale_start: maybe(day),
    sale_end: maybe(day),
    valid_from: maybe(day),
    valid_to: maybe(day),
  },
  { requiredKeys: ["sku", "channel", "location", "price"] },
);

const promotionRow = fc.record(
  {
    type: fc.constantFrom("percent_off", "fixed_price", "amount_off"),
    value: fc.constantFrom("10", "1.00"),
    channels: fc.subarray(["store", "click_collect", "web", "app"], { minLength: 1 }),
    // Mostly one store or two; sometimes every store (none named), or one the stores feed does not list.
    locations: fc.oneof(
      { weight: 3, arbitrary: fc.subarray(STORES, { minLength: 1, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.constant(["X9"]) },
    ),
    skus: fc.subarray(SKUS),
    category: fc.boolean(),
    brand: fc.boolean(),
    start: day,
    end: day,
    exclusive: fc.boolean(),
    reference_price: maybe(fc.constantFrom(...AMOUNTS)),
    campaign: maybe(fc.constantFrom("K1", "K2")),
  },
  { requiredKeys: ["type", "value", "channels", "locations", "skus", "category", "brand", "start", "end", "exclusive"] },
);

const feedArb = fc.record({
  prices: fc.array(priceRow, { minLength: 1, maxLength: 16 }),
  promotions: fc.array(promotionRow, { maxLength: 8 }),
});
type Feed = typeof feedArb extends fc.Arbitrary<infer T> ? T : never;

function configOf(feed: Feed, rules: readonly string[]): object {
  const prices = feed.prices.map(({ location, ...row }) => ({
    ...row,
    ...(location === null || row.channel === "web" || row.channel === "app" ? {} : { location }),
  }));
  const promotions = feed.promotions.map(({ skus, category, brand, exclusive, ...p }, i) => ({
    promo_id: `P${i}`,
    ...p,
    skus: skus.length > 0 || category || brand ? skus : ["A"],
    categories: category ? ["cat"] : [],
    brands: brand ? ["acme"] : [],
    ...(exclusive ? { exclusive: true } : {}),
  }));
  return {
    timezone: "Europe/Rome",
    currency: "EUR",
    rules,
    feeds: {
      stores: STORES.map((location, i) => ({ location, timezone: i % 2 === 0 ? "Europe/Rome" : "America/New_York" })),
      catalogue: [
        { sku: "A", category: "cat", brand: "acme", family: "F", size: "500", size_unit: "g" },
        { sku: "B", category: "cat", family: "F", size: "1", size_unit: "kg", listed_channels: ["store", "web"] },
        { sku: "C", brand: "acme", listed_channels: ["store", "web", "click_collect"] },
      ],
      prices,
      promotions,
    },
  };
}

/** Every rule that reads promotions at stores, but the channel median (which reaches every store of a sku). */
const RULES = ["recommended", "promo/window-mismatch", "promo/missing-in-channel", "channel/online-differs-from-store"];

const json = (report: unknown) => JSON.stringify(report, null, 1);

describe("promotions at some stores, at one instant", () => {
  afterEach(() => vi.restoreAllMocks());

  it("give the report that reading every candidate promotion at every location gives", async () => {
    let found = 0;
    let read = 0;
    await fc.assert(
      fc.asyncProperty(feedArb, fc.integer({ min: 0, max: 20 }), async (feed, d) => {
        const at = new Date(Date.UTC(2026, 10, 1 + d, 12));
        const config = configOf(feed, [...RULES, "price/location-dispersion"]);
        const byStore = await check(config as never, { at });
        // The plain way: each location reads every candidate, and covers() keeps those there.
        const spy = vi.spyOn(PromotionIndex.prototype, "candidatesAt").mockImplementation(function (
          this: PromotionIndex,
          sku: string,
          product: Product | null,
        ) {
          return this.candidates(sku, product);
        });
        const plain = await check(config as never, { at });
        if (spy.mock.calls.length > 0) read++;
        spy.mockRestore();
        expect(json(byStore)).toBe(json(plain));
        found += byStore.findings.filter((f) => f.rule.startsWith("promo/")).length;
      }),
      { numRuns: 60, seed: 7031 },
    );
    // The feeds are not all quiet: many compare windows at stores, and the promotion rules find something.
    expect(read).toBeGreaterThan(20);
    expect(found).toBeGreaterThan(30);
  });

  it("find a channel a store-limited promotion misses where the sku is priced at another store only", async () => {
    const config = {
      timezone: "UTC",
      currency: "EUR",
      rules: ["promo/missing-in-channel"],
      feeds: {
        stores: [{ location: "L1" }, { location: "L2" }],
        prices: [
          { sku: "A", channel: "store", location: "L1", price: "2.00" },
          // click_collect at L2 only, and only from the 10th: the promotion at L1 misses it there from then on.
          { sku: "A", channel: "click_collect", location: "L2", price: "2.00", valid_from: "2026-11-10" },
        ],
        promotions: [
          {
            promo_id: "P1",
            type: "percent_off",
            value: "10",
            channels: ["store"],
            skus: ["A"],
            locations: ["L1"],
            start: "2026-11-01",
            end: "2026-11-30",
          },
          {
            promo_id: "P2",
            type: "percent_off",
            value: "10",
            channels: ["store"],
            skus: ["A"],
            locations: ["L2"],
            start: "2026-11-01",
            end: "2026-11-30",
          },
        ],
      },
    };
    const at = (date: string) => check(config as never, { at: new Date(date) });
    expect((await at("2026-11-05T12:00:00Z")).findings).toStrictEqual([]);
    const later = (await at("2026-11-15T12:00:00Z")).findings;
    expect(later.map((f) => f.message)).toStrictEqual([
      "promotion P1 runs in store but A is also sold in click_collect, where it does not run",
      "promotion P2 runs in store but A is also sold in click_collect, where it does not run",
    ]);
  });
});

describe("promotions at some stores, over a window", () => {
  const FROM = new Date("2026-11-01T00:00:00Z");
  const TO = new Date("2026-11-20T00:00:00Z");

  it("give the report of every instant checked whole and merged, a promotion's start or end reaching its stores only", async () => {
    let changing = 0;
    await fc.assert(
      fc.asyncProperty(feedArb, async (feed) => {
        const config = configOf(feed, RULES);
        const window = { from: FROM, to: TO };
        const incremental = await check(config as never, { window });
        const byInstant = await check(config as never, { window, windowByInstant: true });
        expect(json(incremental)).toBe(json(byInstant));
        if (incremental.findings.some((f) => f.interval!.from !== FROM.toISOString() || f.interval!.to !== TO.toISOString())) changing++;
      }),
      { numRuns: 60, seed: 4411 },
    );
    // Many of them change within the window.
    expect(changing).toBeGreaterThan(20);
  });

  it("opens and closes a default row's finding at the store whose promotion makes it an offer there", async () => {
    const config = {
      timezone: "UTC",
      currency: "EUR",
      rules: ["channel/online-differs-from-store"],
      feeds: {
        stores: [{ location: "L1" }, { location: "L2" }, { location: "L3" }],
        prices: [
          { sku: "A", channel: "store", price: "2.00" },
          { sku: "A", channel: "web", price: "2.00" },
          { sku: "A", channel: "store", location: "L3", price: "2.00" },
        ],
        promotions: [
          // The store's default row is an offer of L2 while P1 runs, at 1.80 there: the web differs.
          {
            promo_id: "P1",
            type: "percent_off",
            value: "10",
            channels: ["store"],
            skus: ["A"],
            locations: ["L2"],
            start: "2026-11-05",
            end: "2026-11-08",
          },
          // At L3, the store's own row, from the 10th to the 12th.
          {
            promo_id: "P2",
            type: "amount_off",
            value: "0.50",
            channels: ["store"],
            skus: ["A"],
            locations: ["L3"],
            start: "2026-11-10",
            end: "2026-11-12",
          },
        ],
      },
    };
    const report = await check(config as never, { window: { from: FROM, to: TO } });
    expect(report.findings.map((f) => [f.location, f.interval!.from, f.interval!.to])).toStrictEqual([
      ["L2", "2026-11-05T00:00:00.000Z", "2026-11-09T00:00:00.000Z"],
      ["L3", "2026-11-10T00:00:00.000Z", "2026-11-13T00:00:00.000Z"],
    ]);
    const byInstant = await check(config as never, { window: { from: FROM, to: TO }, windowByInstant: true });
    expect(json(report)).toBe(json(byInstant));
  });
});
