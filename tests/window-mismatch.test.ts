import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

async function mismatches(prices: Row[], promotions: Row[]) {
  const report = await check(
    { timezone: "Europe/Rome", currency: "EUR", feeds: { prices, promotions }, rules: ["promo/window-mismatch"] } as never,
    { at: new Date("2026-11-20T12:00:00Z") },
  );
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => [f.sku, f.values.windowMismatchCount, f.message]);
}

const priced = (sku: string): Row[] => ["store", "web"].map((channel) => ({ sku, channel, price: "2.00" }));
const step = (p: Row): Row => ({ type: "percent_off", value: "10", campaign: "BF", start: "2026-11-27", end: "2026-11-30", ...p });

describe("promo/window-mismatch", () => {
  it("fires when a campaign's window differs between channels, not when it is the same", async () => {
    const found = await mismatches(
      [...priced("A"), ...priced("B")],
      [
        step({ promo_id: "BF-STORE-A", channels: "store", skus: "A" }),
        step({ promo_id: "BF-WEB-A", channels: "web", skus: "A", end: "2026-12-01" }), // the web runs one day longer
        step({ promo_id: "BF-B", channels: "store|web", skus: "B" }),
      ],
    );
    // Rome is UTC+1: 27 Nov 00:00 is 26 Nov 23:00Z; the end of 30 Nov is 30 Nov 23:00Z, of 1 Dec 1 Dec 23:00Z.
    expect(found).toStrictEqual([
      [
        "A",
        1,
        "A: windows differ between channels: campaign BF: store 2026-11-26T23:00:00.000Z – 2026-11-30T23:00:00.000Z, web 2026-11-26T23:00:00.000Z – 2026-12-01T23:00:00.000Z",
      ],
    ]);
  });

  it("compares the windows of the same sale price in two channels", async () => {
    const found = await mismatches(
      [
        { sku: "S", channel: "store", price: "2.00", sale_price: "1.50", sale_start: "2026-11-16", sale_end: "2026-11-22" },
        { sku: "S", channel: "web", price: "2.00", sale_price: "1.50", sale_start: "2026-11-17", sale_end: "2026-11-22" },
        { sku: "T", channel: "store", price: "2.00", sale_price: "1.50", sale_start: "2026-11-16", sale_end: "2026-11-22" },
        { sku: "T", channel: "web", price: "2.00", sale_price: "1.50", sale_start: "2026-11-16", sale_end: "2026-11-22" },
      ],
      [],
    );
    expect(found.map(([sku, count]) => [sku, count])).toStrictEqual([["S", 1]]);
  });
});
