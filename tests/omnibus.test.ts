import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

async function run(prices: Row[], history: Row[], at: string) {
  const report = await check(
    { timezone: "Europe/Rome", currency: "EUR", feeds: { prices, price_history: history }, rules: ["omnibus/not-a-reduction"] } as never,
    { at: new Date(at) },
  );
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => [f.sku, f.values.effectivePrice, f.values.lowestPriceApplied30d]);
}

const history: Row[] = [
  { sku: "A", channel: "web", valid_from: "2026-10-01", price: "9.00" },
  { sku: "A", channel: "web", valid_from: "2026-10-25", price: "7.50" },
  { sku: "A", channel: "web", valid_from: "2026-11-10", price: "10.00" },
];
const onSale: Row[] = [{ sku: "A", channel: "web", price: "10.00", sale_price: "8.00" }];

describe("omnibus/not-a-reduction", () => {
  it("fires when the sale price is above the lowest price applied in the last 30 days of history", async () => {
    // 30 days before 20 Nov reach back to 21 Oct: 9.00 (until 25 Oct), 7.50 (25 Oct – 10 Nov), 10.00 → 7.50.
    expect(await run(onSale, history, "2026-11-20T12:00:00Z")).toStrictEqual([["A", "8.00", "7.50"]]);
  });

  it("counts the current price, so a sale at the lowest price is normal", async () => {
    // 30 days before 15 Dec reach back to 15 Nov: only 10.00 applied, and the sale price 8.00 now → 8.00.
    expect(await run(onSale, history, "2026-12-15T12:00:00Z")).toStrictEqual([]);
  });

  it("prefers the declared lowest_price_30d to the history", async () => {
    const declared = [{ ...onSale[0], lowest_price_30d: "8.50" }];
    expect(await run(declared, history, "2026-11-20T12:00:00Z")).toStrictEqual([]);
  });

  it("judges only offers on sale or promotion", async () => {
    expect(await run([{ sku: "A", channel: "web", price: "10.00" }], history, "2026-11-20T12:00:00Z")).toStrictEqual([]);
  });

  it("does not judge an offer without history or a declared lowest price", async () => {
    expect(await run(onSale, [], "2026-11-20T12:00:00Z")).toStrictEqual([]);
  });
});
