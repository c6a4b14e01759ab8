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

describe("M38 a sale price is the same sale only on the same tax basis", () => {
  it("M38 a sale without tax and one with tax at the same amount are two sale prices, whose windows are not compared", async () => {
    const sale = (sku: string, channel: string, start: string, taxIncluded: string, location?: string): Row => ({
      sku,
      channel,
      ...(location ? { location } : {}),
      price: "10.00",
      sale_price: "8.00",
      sale_start: start,
      sale_end: "2026-11-22",
      tax_included: taxIncluded,
    });
    const found = await mismatches(
      [
        // A: 8.00 with tax in store, 8.00 without tax on the web (9.76 with 22 % VAT): two prices. Before: reported.
        sale("A", "store", "2026-11-16", "true"),
        sale("A", "web", "2026-11-17", "false"),
        // B: 8.00 without tax in both: the same sale, one day apart.
        sale("B", "store", "2026-11-16", "false"),
        sale("B", "web", "2026-11-17", "false"),
        // C: at store S1 a row of its own, 8.00 with tax; the web's 8.00 without tax: both on sale, no same price.
        sale("C", "store", "2026-11-16", "true", "S1"),
        sale("C", "web", "2026-11-17", "false"),
      ],
      [],
    );
    // Rome is UTC+1: 16 Nov 00:00 is 15 Nov 23:00Z; the end of 22 Nov is 22 Nov 23:00Z.
    expect(found).toStrictEqual([
      [
        "B",
        1,
        "B: windows differ between channels: sale price 8.00 EUR without tax: store 2026-11-15T23:00:00.000Z – 2026-11-22T23:00:00.000Z, web 2026-11-16T23:00:00.000Z – 2026-11-22T23:00:00.000Z",
      ],
    ]);
  });

  it("M38 a scheduled row's sale on the other tax basis does not carry on into the next row's: the sale starts with that row", async () => {
    const rows = (sku: string, firstTaxIncluded: string): Row[] => [
      // Until 10 Nov 8.00 from 5 Nov, then 8.00 with tax to the end of 30 Nov; the app runs 8.00 with tax over 10–30 Nov.
      {
        sku,
        channel: "web",
        price: "8.20",
        sale_price: "8.00",
        sale_start: "2026-11-05",
        tax_included: firstTaxIncluded,
        valid_from: "2026-11-01",
        valid_to: "2026-11-10",
      },
      { sku, channel: "web", price: "10.00", sale_price: "8.00", sale_end: "2026-11-30", tax_included: "true", valid_from: "2026-11-10" },
      { sku, channel: "app", price: "10.00", sale_price: "8.00", sale_start: "2026-11-10", sale_end: "2026-11-30", tax_included: "true" },
    ];
    // A: the first row's 8.00 is without tax, another price: the web's sale with tax starts on 10 Nov, as the app's.
    // Before: it was carried back to 5 Nov, and reported. B: the first row's 8.00 is with tax: the sale ran from 5 Nov.
    expect(await mismatches([...rows("A", "false"), ...rows("B", "true")], [])).toStrictEqual([
      [
        "B",
        1,
        "B: windows differ between channels: sale price 8.00 EUR: app 2026-11-09T23:00:00.000Z – 2026-11-30T23:00:00.000Z, web 2026-11-04T23:00:00.000Z – 2026-11-30T23:00:00.000Z",
      ],
    ]);
  });
});
