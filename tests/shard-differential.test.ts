/**
 * Shards against the whole run on random data: every sku's findings come from the one shard
 * that owns it, so the shards' findings together are the whole run's, whatever the data. Stores
 * in several zones, default rows, promotions with bare dates and a price history as the price
 * in force are where one shard could read what another holds (a zone, a row order).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, string>;

const ZONES = ["Europe/Rome", "Asia/Tokyo", "America/New_York", "UTC"];
const STORES = ["S1", "S2", "S3"];
const SKUS = ["K0", "K1", "K2", "K3", "K4", "K5"];
const DATES = ["2026-10-18", "2026-10-19", "2026-10-20", "2026-10-21"];
const INSTANTS = ["2026-10-18T18:00:00Z", "2026-10-19T02:00:00Z", "2026-10-19T16:00:00Z", "2026-10-20T23:30:00Z"];

const amount = fc.integer({ min: 100, max: 4000 }).map((cents) => (cents / 100).toFixed(2));
const location = fc.option(fc.constantFrom(...STORES), { nil: undefined });

const priceRow = fc.record({
  sku: fc.constantFrom(...SKUS),
  channel: fc.constantFrom("store", "web", "click_collect"),
  location,
  price: amount,
});

const historyRow = fc.record({
  sku: fc.constantFrom(...SKUS),
  channel: fc.constantFrom("store", "web", "click_collect"),
  location,
  valid_from: fc.constantFrom(...DATES),
  price: amount,
});

const promotionRow = fc.record({
  type: fc.constantFrom("fixed_price", "percent_off", "amount_off"),
  value: fc.constantFrom("3.50", "10", "1.00"),
  channels: fc.constantFrom("web", "store", "web|click_collect", "store|web"),
  locations: fc.constantFrom("", "S1", "S2|S3"),
  start: fc.constantFrom(...DATES),
  end: fc.constantFrom("2026-10-20", "2026-10-21", "2026-11-09T23:00:00Z"),
});

const dataset = fc.record({
  zones: fc.array(fc.constantFrom(...ZONES), { minLength: STORES.length, maxLength: STORES.length }),
  prices: fc.array(priceRow, { maxLength: 12 }),
  history: fc.array(historyRow, { maxLength: 10 }),
  promotions: fc.array(promotionRow, { maxLength: 2 }),
  at: fc.constantFrom(...INSTANTS),
});

/** Rows without the fields left out (an undefined location is a default row). */
const rows = (list: readonly Record<string, string | undefined>[]): Row[] =>
  list.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Row);

type Data = typeof dataset extends fc.Arbitrary<infer D> ? D : never;

function configOf(data: Data) {
  const promotions = data.promotions.map((p, i) => {
    const { locations, ...rest } = p;
    return { promo_id: `P${i}`, brands: "A", ...rest, ...(locations === "" ? {} : { locations }) };
  });
  return {
    timezone: "Europe/Rome",
    currency: "EUR",
    feeds: {
      stores: STORES.map((s, i) => ({ location: s, timezone: data.zones[i]! })),
      catalogue: SKUS.map((sku) => ({ sku, brand: "A", listed_channels: "store|web|click_collect" })),
      prices: rows(data.prices),
      promotions,
      price_history: rows(data.history),
    },
    rules: ["all"],
  } as never;
}

/** A finding as the report tells it, and where it stands. */
const told = (f: { id: string; rule: string; message: string; sources: readonly { file: string; line: number }[] }) =>
  `${f.id} ${f.rule} ${f.message} ${f.sources.map((s) => `${s.file}:${s.line}`).join(" ")}`;

describe("shards on random data", () => {
  it("give, together, the whole run's findings, for 2 and 3 shards", async () => {
    await fc.assert(
      fc.asyncProperty(dataset, async (data) => {
        const config = configOf(data);
        const at = new Date(data.at);
        const whole = (await check(config, { at })).findings.map(told).sort();
        for (const count of [2, 3]) {
          const parts: string[] = [];
          for (let index = 1; index <= count; index++)
            parts.push(...(await check(config, { at, shard: { index, count } })).findings.map(told));
          expect(parts.sort()).toStrictEqual(whole);
        }
      }),
      { numRuns: 40, seed: 20261205 },
    );
  });
});
