// A sku's history is filtered by currency and grouped by offer once per list (not once per offer
// or per instant): these hold the lists and lowest prices to straightforward filters of the whole
// history on random small inputs, and check by hand an offer's lowest 30-day price across
// mixed-currency rows at several stores.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import type { PricePoint } from "../src/model/price-point.js";
import { comparableHistory, lowestApplied, offerHistory, overStores } from "../src/pricing/history.js";
import { InstantCache } from "../src/time/instant.js";

const source = { file: "history.csv", row: 1 } as unknown as PricePoint["source"];
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

/** Whether a row is on the terms of a price in `currency` and on basis `taxIncluded` (its own, or none given). */
const onTerms = (p: PricePoint, currency: string, taxIncluded: boolean) =>
  (p.currency === null || p.currency === currency) && (p.taxIncluded === null || p.taxIncluded === taxIncluded);

/** One offer's rows as a filter of the whole list: its location's, and its channel's default rows. */
const offerRows = (points: readonly PricePoint[], channel: string, location: string | null) => ({
  own: points.filter((p) => p.channel === channel && p.location === location && location !== null),
  defaults: points.filter((p) => p.channel === channel && p.location === null),
});

/**
 * The lowest price applied to the offer during [from, to], straight from the definition: a
 * default row until the location's first row (in any currency), each row until the next later
 * start of the offer, and only the rows on the offer's terms counting (a row on others ends the
 * one before it, and its price is not one of the offer's).
 */
function lowestByDefinition(
  points: readonly PricePoint[],
  terms: { currency: string; taxIncluded: boolean },
  channel: string,
  location: string | null,
  from: number,
  to: number,
): number | null {
  const { own, defaults } = offerRows(points, channel, location);
  const start = (p: PricePoint) => Date.parse(p.validFrom);
  const firstOwn = Math.min(...own.map(start));
  const timeline = [...own, ...defaults.filter((p) => start(p) < firstOwn)];
  let lowest: number | null = null;
  for (const p of timeline) {
    const later = timeline.map(start).filter((s) => s > start(p));
    const until = later.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...later);
    if (!onTerms(p, terms.currency, terms.taxIncluded)) continue;
    if (start(p) <= to && until > from && (lowest === null || p.price < lowest)) lowest = p.price;
  }
  return lowest;
}

const pointArb: fc.Arbitrary<PricePoint> = fc
  .record({
    channel: fc.constantFrom("web", "store"),
    location: fc.constantFrom(null, "L1", "L2", "L3"),
    day: fc.integer({ min: 0, max: 60 }),
    price: fc.integer({ min: 1, max: 40 }),
    currency: fc.constantFrom(null, "EUR", "USD"),
    taxIncluded: fc.constantFrom(null, true, false),
  })
  .map(({ channel, location, day, price, currency, taxIncluded }) => ({
    sku: "S",
    channel,
    location,
    validFrom: new Date(T0 + day * DAY).toISOString(),
    price: price * 100_000,
    priceDecimals: 2,
    currency,
    taxIncluded,
    timezone: null,
    source,
  }));
const queryArb = fc.record({
  currency: fc.constantFrom("EUR", "USD", "GBP"),
  taxIncluded: fc.boolean(),
  channel: fc.constantFrom("web", "store", "app"),
  location: fc.constantFrom(null, "L1", "L2", "L3", "L4"),
  day: fc.integer({ min: -5, max: 70 }),
});

describe("a sku's history, filtered and grouped once", () => {
  it("gives the same rows, in the same order, as filters of the whole history, for each currency and offer asked", () => {
    fc.assert(
      fc.property(fc.array(pointArb, { maxLength: 40 }), fc.array(queryArb, { minLength: 1, maxLength: 25 }), (points, queries) => {
        for (const q of queries) {
          const rows = comparableHistory(points, q.currency, q.taxIncluded);
          // Every row, in order: those on the offer's terms as they are, the others as copies (gaps).
          expect(rows).toStrictEqual(points);
          rows.forEach((row, i) => expect(row === points[i]).toBe(onTerms(points[i]!, q.currency, q.taxIncluded)));
          // Every row on those terms: the list itself.
          if (points.every((p) => onTerms(p, q.currency, q.taxIncluded))) expect(rows).toBe(points);
          const { own, defaults } = offerRows(rows, q.channel, q.location);
          const offer = offerHistory(rows, q.channel, q.location);
          expect(offer).toStrictEqual(
            q.location === null ? defaults : own.length === 0 ? defaults : defaults.length === 0 ? own : [...defaults, ...own],
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives each offer its lowest price over the 30 days before any instant, asked in any order", () => {
    const instants = new InstantCache();
    fc.assert(
      fc.property(fc.array(pointArb, { maxLength: 30 }), fc.array(queryArb, { minLength: 1, maxLength: 25 }), (points, queries) => {
        for (const q of queries) {
          const at = T0 + q.day * DAY + 12 * 3_600_000;
          const rows = comparableHistory(points, q.currency, q.taxIncluded);
          const lowest = lowestApplied(offerHistory(rows, q.channel, q.location), "UTC", at - 30 * DAY, at, instants);
          expect(lowest).toBe(lowestByDefinition(points, q, q.channel, q.location, at - 30 * DAY, at));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("works a list out again when rows were added to it since", () => {
    const row = (location: string | null, day: number, price: number, currency: string | null): PricePoint => ({
      sku: "S",
      channel: "store",
      location,
      validFrom: new Date(T0 + day * DAY).toISOString(),
      price,
      priceDecimals: 2,
      currency,
      taxIncluded: null,
      timezone: null,
      source,
    });
    const points = [row(null, 0, 5, "EUR"), row("L1", 3, 7, null)];
    expect(comparableHistory(points, "EUR", true)).toBe(points);
    expect(offerHistory(points, "store", "L2")).toStrictEqual([points[0]]);
    points.push(row("L2", 4, 6, "USD"), row("L2", 5, 8, "EUR"));
    // The USD row is a gap of a EUR price's history: a copy of it, kept in its place.
    const again = comparableHistory(points, "EUR", true);
    expect(again).toStrictEqual(points);
    expect(again).not.toBe(points);
    expect(again[2]).not.toBe(points[2]);
    expect(offerHistory(points, "store", "L2")).toStrictEqual([points[0], points[2], points[3]]);
  });
});

describe("one history judged over two sets of stores", () => {
  it("cuts the default rows over each set, whichever is asked first", () => {
    const source = { file: "h.csv", line: 1 };
    const row = (location: string | null, day: number, price: number): PricePoint => ({
      sku: "S",
      channel: "store",
      location,
      validFrom: new Date(T0 + day * DAY).toISOString(),
      price,
      priceDecimals: 2,
      currency: "EUR",
      taxIncluded: true,
      timezone: null,
      source,
    });
    // The default 7.00 from day 0; L1's own 10.00 from day 3, L2's from day 20.
    const points = [row(null, 0, 7_000_000), row("L1", 3, 10_000_000), row("L2", 20, 10_000_000)];
    const instants = new InstantCache();
    const lowest = (stores: ReadonlySet<string>) =>
      lowestApplied(overStores(points, stores), "UTC", T0 + 10 * DAY, T0 + 30 * DAY, instants);
    // Over L1 and L2 the default stands at L2 until day 20: 7.00 applied in days 10–30.
    expect(lowest(new Set(["L1", "L2"]))).toBe(7_000_000);
    // Over L1 alone it stopped on day 3.
    expect(lowest(new Set(["L1"]))).toBe(10_000_000);
  });
});

describe("the lowest 30-day price of one sku at several stores", () => {
  // 30 days before 20 Nov (UTC) reach back to 21 Oct. A channel default row (7.00, 1 Oct) stands at
  // each store until that store's first row of its own: a row in USD is not the history of a price
  // in EUR, so its price does not count, but it ends the row before it (P41): while it applies,
  // the price in EUR is not known.
  const history = [
    { sku: "F", channel: "store", valid_from: "2026-10-01", price: "7.00", currency: "EUR" },
    { sku: "F", channel: "web", valid_from: "2026-10-01", price: "6.00", currency: "EUR" }, // another channel
    // S1: 9.00 from 15 Oct (the default is over before the 30 days), 7.60 from 5 Nov; the 7.20 in USD does not count.
    { sku: "F", channel: "store", location: "S1", valid_from: "2026-10-15", price: "9.00", currency: "EUR" },
    { sku: "F", channel: "store", location: "S1", valid_from: "2026-11-01", price: "7.20", currency: "USD" },
    { sku: "F", channel: "store", location: "S1", valid_from: "2026-11-05", price: "7.60" },
    // S2: its own rows start on 10 Oct (in USD), so the default 7.00 stood there until then; in EUR only the 9.50 of 10 Nov.
    { sku: "F", channel: "store", location: "S2", valid_from: "2026-10-10", price: "7.40", currency: "USD" },
    { sku: "F", channel: "store", location: "S2", valid_from: "2026-11-10", price: "9.50", currency: "EUR" },
    // S3: no rows of its own: the default throughout.
    // S4: only a row in USD, from 20 Oct: the default until then, then no EUR price known.
    { sku: "F", channel: "store", location: "S4", valid_from: "2026-10-20", price: "5.00", currency: "USD" },
  ];
  const prices = ["S1", "S2", "S3", "S4"].map((location) => ({ sku: "F", channel: "store", location, price: "10.00", sale_price: "8.00" }));

  async function lowest(at: string) {
    const report = await check(
      { timezone: "UTC", currency: "EUR", feeds: { prices, price_history: history }, rules: ["omnibus/not-a-reduction"] } as never,
      { at: new Date(at) },
    );
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    return report.findings.map((f) => [f.location, f.values.effectivePrice, f.values.lowestPriceApplied30d]);
  }

  it("takes each store's own rows in the offer's currency and the channel's defaults until them", async () => {
    // S1: 9.00 (15 Oct – 1 Nov) and 7.60 (from 5 Nov) in the 30 days: 7.60 is below the sale's 8.00.
    // S2: only its 9.50 in EUR in the 30 days, and the sale price itself: 8.00, no finding.
    // S3: the default 7.00. S4: the default ended on 20 Oct, before the 30 days: the sale price alone.
    expect(await lowest("2026-11-20T12:00:00Z")).toStrictEqual([
      ["S1", "8.00", "7.60"],
      ["S3", "8.00", "7.00"],
    ]);
    // From 15 Dec the 30 days reach back to 15 Nov: the same, S1's 7.60 and S3's 7.00 still applying.
    expect(await lowest("2026-12-15T12:00:00Z")).toStrictEqual([
      ["S1", "8.00", "7.60"],
      ["S3", "8.00", "7.00"],
    ]);
  });
});
