/**
 * A multi-buy never raises a price: one whose total is not below its items bought one by one at
 * the effective price does not apply, as a fixed price at or above the price does not.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { probeRule } from "./helpers/probe.js";

/** Fires on every priced offer and reports its effective price and multi-buy unit price. */
const PROBE = probeRule(["effectivePrice", "multibuyUnitPrice"], "test/multibuy");

type Row = Record<string, unknown>;
const promo = (p: Row): Row => ({ channels: "web", start: "2026-11-01", end: "2026-11-30", ...p });

/** Each web offer's effective price and multi-buy unit price, by sku. */
async function unitPrices(offers: Row[], promotions: Row[]) {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds: { prices: offers, promotions }, rules: [PROBE] } as never, {
    at: new Date("2026-11-20T12:00:00Z"),
  });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return Object.fromEntries(report.findings.map((f) => [f.sku, f.values]));
}

const web = (sku: string, price: string): Row => ({ sku, channel: "web", price });

describe("multibuyUnitPrice", () => {
  it("is missing for a multi-buy that costs more than its items bought singly", async () => {
    // 3 for 5.00 on an item at 1.00: three singles cost 3.00, so the deal is never taken.
    const got = await unitPrices([web("A", "1.00")], [promo({ promo_id: "3X5", type: "multibuy", value: "5.00", min_qty: 3, skus: "A" })]);
    expect(got["A"]).toStrictEqual({ effectivePrice: "1.00", multibuyUnitPrice: null });
  });

  it("is missing for a multi-buy that costs exactly as much as the singles (as a fixed price equal to the price)", async () => {
    // 3 for 3.00 at 1.00 lowers nothing.
    const got = await unitPrices([web("A", "1.00")], [promo({ promo_id: "3X3", type: "multibuy", value: "3.00", min_qty: 3, skus: "A" })]);
    expect(got["A"]).toStrictEqual({ effectivePrice: "1.00", multibuyUnitPrice: null });
  });

  it("applies a multi-buy below the singles: its total ÷ min_qty", async () => {
    // 3 for 2.70 at 1.00: 2.70 < 3.00, 2.70 / 3 = 0.90.
    const got = await unitPrices(
      [web("A", "1.00")],
      [promo({ promo_id: "3X270", type: "multibuy", value: "2.70", min_qty: 3, skus: "A" })],
    );
    expect(got["A"]).toStrictEqual({ effectivePrice: "1.00", multibuyUnitPrice: "0.90" });
  });

  it("compares with the effective price the price promotions make, not the row's price", async () => {
    // 2.00 with 50 % off is 1.00 an item: 3 for 5.00 (5.00 ≥ 3 × 1.00) no longer applies,
    // while at 2.00 without the reduction it would (5.00 < 6.00, 1.666… → 1.67).
    const got = await unitPrices(
      [web("A", "2.00"), web("B", "2.00")],
      [
        promo({ promo_id: "HALF", type: "percent_off", value: "50", skus: "A" }),
        promo({ promo_id: "3X5", type: "multibuy", value: "5.00", min_qty: 3, skus: "A|B" }),
      ],
    );
    expect(got["A"]).toStrictEqual({ effectivePrice: "1.00", multibuyUnitPrice: null });
    expect(got["B"]).toStrictEqual({ effectivePrice: "2.00", multibuyUnitPrice: "1.67" });
  });

  it("takes the lowest of the multi-buys that apply, passing over one above the singles", async () => {
    // At 2.00: 2 for 5.00 (5.00 ≥ 4.00) does not apply; 3 for 5.40 gives 1.80; buy 3 get 1 gives 6.00 / 4 = 1.50.
    const got = await unitPrices(
      [web("A", "2.00"), web("B", "2.00")],
      [
        promo({ promo_id: "2X5", type: "multibuy", value: "5.00", min_qty: 2, skus: "A|B" }),
        promo({ promo_id: "3X540", type: "multibuy", value: "5.40", min_qty: 3, skus: "A" }),
        promo({ promo_id: "3+1", type: "buy_x_get_y", min_qty: 3, get_qty: 1, skus: "B" }),
      ],
    );
    expect(got["A"]).toStrictEqual({ effectivePrice: "2.00", multibuyUnitPrice: "1.80" });
    expect(got["B"]).toStrictEqual({ effectivePrice: "2.00", multibuyUnitPrice: "1.50" });
  });
});
