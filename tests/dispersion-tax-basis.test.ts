/**
 * price/location-dispersion takes one median per currency and tax basis: a price without tax is
 * no nearer or farther from a median of prices with tax, as P07 and M20 in docs/bad-input.md have
 * it for pair and family rules.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;
const AT = new Date("2026-11-20T12:00:00Z");

/** Each finding as `location effectivePrice median`. */
async function judged(prices: Row[], stores: number): Promise<string[]> {
  const feeds = { stores: Array.from({ length: stores }, (_, i) => ({ location: `S${i + 1}` })), prices };
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules: ["price/location-dispersion"] } as never, { at: AT });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings.map((f) => `${f.location} ${f.values["effectivePrice"]} ${f.values["channelMedianPrice"]}`);
}

const row = (sku: string, location: string | null, price: string, taxIncluded: string): Row => ({
  sku,
  channel: "store",
  ...(location === null ? {} : { location }),
  price,
  tax_included: taxIncluded,
});

describe("P16 price/location-dispersion: one median per tax basis", () => {
  it("P16 does not judge a net price against a median of gross prices", async () => {
    // 8.20 without 22 % VAT is 10.00 with it. Gross 10.00 at S1, S2, S4 (median 10.00); S3's net
    // 8.20 is the only net price: no median on its basis, so it is not judged. (Mixed, the median
    // of 8.20, 10.00, 10.00, 10.00 is 10.00, and 8.20 is 18 % below it.)
    const prices = [
      row("A", "S1", "10.00", "true"),
      row("A", "S2", "10.00", "true"),
      row("A", "S3", "8.20", "false"),
      row("A", "S4", "10.00", "true"),
    ];
    expect(await judged(prices, 4)).toStrictEqual([]);
    // Two net, one gross: no basis has three prices, no median at all.
    const b = [row("B", "S1", "8.20", "false"), row("B", "S2", "8.20", "false"), row("B", "S3", "10.00", "true")];
    expect(await judged(b, 3)).toStrictEqual([]);
  });

  it("judges each price against the median of its own basis", async () => {
    // Gross at S1–S3: 10.00 each, median 10.00. Net at S4–S6: 8.20, 8.20, 7.00, median 8.20;
    // 7.00 is 1.20 / 8.20 = 14.6 % below it. (Over all six the median would be (8.20 + 10.00) / 2
    // = 9.10.)
    const prices = [
      row("C", "S1", "10.00", "true"),
      row("C", "S2", "10.00", "true"),
      row("C", "S3", "10.00", "true"),
      row("C", "S4", "8.20", "false"),
      row("C", "S5", "8.20", "false"),
      row("C", "S6", "7.00", "false"),
    ];
    expect(await judged(prices, 6)).toStrictEqual(["S6 7.00 8.20"]);
  });

  it("counts the default row at listed stores on its own basis", async () => {
    // Gross 10.00 at S1–S3; the net default 8.20 stands at S4 alone: one net price, no median, and
    // the default row is not judged. (Mixed: 8.20, 10.00, 10.00, 10.00, median 10.00.)
    const prices = [
      row("D", "S1", "10.00", "true"),
      row("D", "S2", "10.00", "true"),
      row("D", "S3", "10.00", "true"),
      row("D", null, "8.20", "false"),
    ];
    expect(await judged(prices, 4)).toStrictEqual([]);
    // The default 8.20 net at S3–S6 (four stores) with the net 8.20 at S1 and 6.00 at S2: net
    // prices 6.00, 8.20 × 5, median 8.20; 6.00 is 26.8 % below it. Gross 10.00 nowhere near.
    const e = [row("E", "S1", "8.20", "false"), row("E", "S2", "6.00", "false"), row("E", null, "8.20", "false")];
    expect(await judged(e, 6)).toStrictEqual(["S2 6.00 8.20"]);
  });
});
