/**
 * A window over the places a channel's default rows stand at: a store's own row that stops (or
 * starts) holding, or a promotion limited to stores that ends, moves where the default rows
 * stand, and with it their findings "at every location". The incremental window evaluates those
 * again at that instant, as checking every instant does (the `windowByInstant` path).
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Rows = Record<string, unknown>[];

const RULES = ["channel/click-collect-above-store", "channel/online-differs-from-store"];

/** The window's findings as [rule, location, from, to], incrementally and instant by instant. */
async function both(feeds: Record<string, Rows>, from: string, to: string) {
  const config = { timezone: "Europe/Rome", currency: "EUR", feeds, rules: RULES } as never;
  const window = { from: new Date(from), to: new Date(to) };
  const shown = (r: Awaited<ReturnType<typeof check>>) =>
    r.findings.map((f) => [f.rule, f.location, f.interval?.from ?? null, f.interval?.to ?? null]);
  return {
    incremental: shown(await check(config, { window })),
    byInstant: shown(await check(config, { window, windowByInstant: true })),
  };
}

const rome: Rows = [{ location: "S1", timezone: "Europe/Rome", status: "open", click_collect: "true" }];

describe("default rows' findings over a window, where the stores they stand at change", () => {
  it("W26 a store's own row that stops holding: the default rows stand there from then on", async () => {
    // S1's own store row (11.00) holds until 12:00 Rome (11:00Z); then the store's default 9.00
    // stands at S1 beside click-and-collect's default 10.00: above it at every location.
    const prices: Rows = [
      { sku: "A", channel: "store", currency: "EUR", price: "9.00" },
      { sku: "A", channel: "store", location: "S1", currency: "EUR", price: "11.00", valid_to: "2026-11-20T12:00:00" },
      { sku: "A", channel: "click_collect", currency: "EUR", price: "10.00" },
    ];
    const { incremental, byInstant } = await both({ stores: rome, prices }, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    expect(incremental).toStrictEqual([
      ["channel/click-collect-above-store", null, "2026-11-20T11:00:00.000Z", "2026-11-21T00:00:00.000Z"],
    ]);
    expect(incremental).toStrictEqual(byInstant);
  });

  it("a promotion limited to a store that ends: the promoted default row stands there no more", async () => {
    // Until 10:00 Rome (09:00Z) click-and-collect is 9.00 at S1 (10.00 less 1.00), below the
    // store's 9.50; then its default 10.00 is above it at every location.
    const prices: Rows = [
      { sku: "A", channel: "store", currency: "EUR", price: "9.50" },
      { sku: "A", channel: "click_collect", currency: "EUR", price: "10.00" },
    ];
    const promotions: Rows = [
      {
        promo_id: "P0",
        type: "amount_off",
        value: "1.00",
        channels: "click_collect",
        skus: "A",
        start: "2026-11-20",
        end: "2026-11-20T10:00:00",
        locations: "S1",
      },
    ];
    const { incremental, byInstant } = await both({ stores: rome, prices, promotions }, "2026-11-20T00:00:00Z", "2026-11-20T22:00:00Z");
    expect(incremental).toStrictEqual([
      ["channel/click-collect-above-store", null, "2026-11-20T09:00:00.000Z", "2026-11-20T22:00:00.000Z"],
    ]);
    expect(incremental).toStrictEqual(byInstant);
  });

  it("a promotion limited to a store in another zone: its days are that store's", async () => {
    const stores: Rows = [{ location: "NY", timezone: "America/New_York", status: "open", click_collect: "true" }];
    const prices: Rows = [
      { sku: "B", channel: "store", currency: "EUR", price: "9.00" },
      { sku: "B", channel: "click_collect", currency: "EUR", price: "9.50" },
    ];
    const promotions: Rows = [
      {
        promo_id: "P0",
        type: "amount_off",
        value: "0.50",
        channels: "click_collect",
        skus: "B",
        start: "2026-11-20",
        end: "2026-11-22",
        locations: "NY",
      },
    ];
    const { incremental, byInstant } = await both({ stores, prices, promotions }, "2026-11-19T00:00:00Z", "2026-11-25T00:00:00Z");
    // 9.50 above 9.00 but while the promotion runs at NY: from the start of 20 November to the end of 22 November, New York time.
    expect(incremental).toStrictEqual([
      ["channel/click-collect-above-store", null, "2026-11-19T00:00:00.000Z", "2026-11-20T05:00:00.000Z"],
      ["channel/click-collect-above-store", null, "2026-11-23T05:00:00.000Z", "2026-11-25T00:00:00.000Z"],
    ]);
    expect(incremental).toStrictEqual(byInstant);
  });
});
