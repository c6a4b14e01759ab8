// A sku's candidate promotions are sorted among themselves (not found by filtering the whole
// feed), a promotion's locations are looked up in a set (not searched), and a campaign's steps
// are walked back once, latest start first (not over and over until nothing moves). These hold
// each to the straightforward way on random small feeds, and check by hand a campaign whose
// steps the feed gives out of date order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blankOfferFields, type Offer } from "../src/model/offer.js";
import type { Product } from "../src/model/product.js";
import type { Promotion } from "../src/model/promotion.js";
import { aPromotion } from "./helpers/promotion.js";
import { OfferState } from "../src/pricing/offer-state.js";
import { covers, isActive, PromotionIndex } from "../src/pricing/promotions.js";
import { InstantCache, type Instant } from "../src/time/instant.js";

const product = (category: string | null, brand: string | null) => ({ sku: "A", category, brand }) as unknown as Product;

/** The candidates as the whole feed filtered for them: each once, in feed order. */
function candidatesByFilter(all: readonly Promotion[], sku: string, p: Product | null): Promotion[] {
  const names = (q: Promotion) =>
    q.skus.includes(sku) || (p?.category ? q.categories.includes(p.category) : false) || (p?.brand ? q.brands.includes(p.brand) : false);
  return all.filter(names);
}

const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}`;

const promotionsArb = fc
  .array(
    fc.record({
      skus: fc.array(fc.constantFrom("A", "B"), { maxLength: 3 }),
      categories: fc.array(fc.constantFrom("c1", "c2"), { maxLength: 2 }),
      brands: fc.array(fc.constantFrom("b1", "b2"), { maxLength: 2 }),
      channels: fc.array(fc.constantFrom("web", "store"), { maxLength: 2 }),
      locations: fc.array(fc.constantFrom("L1", "L2", "L3"), { maxLength: 3 }),
      start: fc.integer({ min: 1, max: 20 }),
      days: fc.integer({ min: 0, max: 8 }),
    }),
    { maxLength: 12 },
  )
  .map((rows) => rows.map(({ start, days, ...r }, i) => aPromotion({ promoId: `P${i}`, ...r, start: day(start), end: day(start + days) })));

describe("a sku's candidate promotions, sorted among themselves", () => {
  it("are those a filter of the whole feed gives, each once, in feed order, and those running are the same filtered by isActive", () => {
    const productArb = fc.option(fc.record({ category: fc.constantFrom(null, "c1", "c2"), brand: fc.constantFrom(null, "b1", "b2") }));
    const queryArb = fc.record({ sku: fc.constantFrom("A", "B", "C"), product: productArb, day: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(promotionsArb, fc.array(queryArb, { minLength: 1, maxLength: 10 }), (all, queries) => {
        const index = new PromotionIndex(all);
        const instants = new InstantCache();
        for (const q of queries) {
          const p = q.product === null ? null : product(q.product.category, q.product.brand);
          const expected = candidatesByFilter(all, q.sku, p);
          expect(index.candidates(q.sku, p)).toStrictEqual(expected);
          const at = Date.UTC(2026, 10, q.day, 12);
          const running = expected.filter((r) => isActive(r, "UTC", at, instants));
          expect(index.runningAt(q.sku, p, "UTC", at, instants)).toStrictEqual(running);
        }
      }),
    );
  });
});

describe("whether a promotion covers a channel and location", () => {
  it("is the same as searching its list of locations, asked again and again", () => {
    const queryArb = fc.record({
      channel: fc.constantFrom("web", "store", "app"),
      location: fc.constantFrom(null, "L1", "L2", "L3", "L4"),
    });
    fc.assert(
      fc.property(promotionsArb, fc.array(queryArb, { minLength: 1, maxLength: 10 }), (all, queries) => {
        for (const q of queries)
          for (const p of all) {
            const searched =
              p.channels.includes(q.channel) && (p.locations.length === 0 || (q.location !== null && p.locations.includes(q.location)));
            expect(covers(p, q.channel, q.location)).toBe(searched);
          }
      }),
    );
  });
});

/** An offer of sku A at 10.00 EUR, on the web, at `location`. */
function offerAt(location: string | null): Offer {
  return {
    ...blankOfferFields(),
    sku: "A",
    channel: "web",
    location,
    currency: "EUR",
    price: 10_000_000,
    timezone: null,
    file: "prices.csv",
    line: 2,
    duplicates: null,
    conflicts: null,
  };
}

/** An offer state over these promotions, EUR with two decimals and no history. */
function stateOver(all: readonly Promotion[]): OfferState {
  return new OfferState({
    minorUnits: () => 2,
    rounding: "half-up",
    defaultCurrency: "EUR",
    promotions: new PromotionIndex(all),
    history: () => [],
  });
}

/** The announced reduction's start at `at`, as OfferState finds it. */
function announcedStart(all: readonly Promotion[], location: string | null, at: Instant): Instant | null | undefined {
  const state = stateOver(all);
  return state.resolve(offerAt(location), null, location, "UTC", at, new InstantCache()).announcement()?.start;
}

/**
 * The campaign's start as first written: from the announced step's start, pass over all the
 * campaign's steps covering the offer, moving back to the start of any that runs on into it,
 * until a pass moves nothing.
 */
function startByPasses(all: readonly Promotion[], location: string | null, at: Instant): Instant | null | undefined {
  const instants = new InstantCache();
  const window = (p: Promotion): [Instant, Instant] | null => {
    const start = instants.resolve(p.start, "UTC", "start");
    const end = instants.resolve(p.end, "UTC", "end");
    return start.ok && end.ok ? [start.instant, end.instant] : null;
  };
  const state = stateOver(all);
  const announced = state.resolve(offerAt(location), null, location, "UTC", at, instants).applied.find((p) => p.referencePrice !== null);
  if (announced === undefined) return undefined;
  const steps = all
    .filter((p) => p.skus.includes("A") && p.campaign === announced.campaign && covers(p, "web", location))
    .map(window)
    .filter((w): w is [Instant, Instant] => w !== null);
  let first = window(announced)![0];
  for (let moved = true; moved;) {
    moved = false;
    for (const [start, end] of steps)
      if (start < first && end >= first) {
        first = start;
        moved = true;
      }
  }
  return first;
}

describe("a campaign's start, walked back once", () => {
  const step = (promoId: string, start: string, end: string, more: Partial<Promotion> = {}) =>
    aPromotion({ promoId, skus: ["A"], start, end, campaign: "K1", referencePrice: 12_000_000, ...more });
  const at = Date.UTC(2026, 10, 20, 12);

  it("is the first step's start when the feed gives the steps latest first, or in no order", () => {
    // Bare end dates are whole days: each step ends where the next one starts.
    const steps = [
      step("S4", "2026-11-19", "2026-11-25"),
      step("S3", "2026-11-13", "2026-11-18"),
      step("S2", "2026-11-07", "2026-11-12"),
      step("S1", "2026-11-01", "2026-11-06"),
    ];
    const nov1 = Date.UTC(2026, 10, 1);
    expect(announcedStart(steps, null, at)).toBe(nov1);
    expect(announcedStart([steps[2]!, steps[0]!, steps[3]!, steps[1]!], null, at)).toBe(nov1);
  });

  it("stops at a break, and leaves out steps of another campaign or not covering the offer", () => {
    const steps = [
      step("LATE", "2026-11-15", "2026-11-25"),
      step("MID", "2026-11-10", "2026-11-14"),
      step("STORE", "2026-11-05", "2026-11-09", { channels: ["store"] }),
      step("OTHER", "2026-11-05", "2026-11-09", { campaign: "K2" }),
      step("L2", "2026-11-05", "2026-11-09", { locations: ["L2"] }),
      step("EARLY", "2026-11-01", "2026-11-08"),
    ];
    // EARLY ends with 8 Nov, a day before MID starts: the campaign started again on 10 Nov.
    expect(announcedStart(steps, "L1", at)).toBe(Date.UTC(2026, 10, 10));
    // At L2 its own step runs from 5 Nov on into MID, and EARLY into it.
    expect(announcedStart(steps, "L2", at)).toBe(Date.UTC(2026, 10, 1));
  });

  it("is the start passes over the steps until nothing moves give, on random campaigns", () => {
    const stepsArb = fc
      .array(
        fc.record({
          campaign: fc.constantFrom("K1", "K1", "K2"),
          start: fc.integer({ min: 1, max: 25 }),
          days: fc.integer({ min: 0, max: 6 }),
          locations: fc.array(fc.constantFrom("L1", "L2"), { maxLength: 1 }),
          reference: fc.boolean(),
        }),
        { maxLength: 16 },
      )
      .map((rows) =>
        rows.map((r, i) =>
          step(`S${i}`, day(r.start), day(r.start + r.days), {
            campaign: r.campaign,
            locations: r.locations,
            referencePrice: r.reference ? 12_000_000 : null,
          }),
        ),
      );
    fc.assert(
      fc.property(stepsArb, fc.constantFrom(null, "L1", "L2"), fc.integer({ min: 1, max: 30 }), (steps, location, d) => {
        const when = Date.UTC(2026, 10, d, 12);
        expect(announcedStart(steps, location, when)).toBe(startByPasses(steps, location, when));
      }),
      { numRuns: 500 },
    );
  });
});
