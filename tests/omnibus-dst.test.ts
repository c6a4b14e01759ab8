/**
 * The 30 days an offer's lowest price looks back over are calendar days of its zone, so where
 * the clocks change they do not move as t does: forward, they jump an hour; back, they reach
 * back again during the repeated hour. A window's intervals are what one instant at a time gives.
 */
import { describe, expect, it } from "vitest";
import { check, type Report } from "../src/index.js";

const RULE = "omnibus/not-a-reduction";

function config(historyEnd: string, saleStart: string) {
  return {
    timezone: "Europe/Rome",
    currency: "EUR",
    rules: [RULE],
    feeds: {
      catalogue: [{ sku: "A", title: "thing" }],
      prices: [{ sku: "A", channel: "web", price: "10.00", sale_price: "9.00", sale_start: saleStart, sale_end: "2026-12-31" }],
      // 8.00 applied until `historyEnd`, 10.00 from then: while 8.00 is within the 30 days, 9.00 is no reduction.
      price_history: [
        { sku: "A", channel: "web", valid_from: "2026-01-01", price: "8.00" },
        { sku: "A", channel: "web", valid_from: historyEnd, price: "10.00" },
      ],
    },
  } as never;
}

const fires = async (cfg: never, at: string) => (await check(cfg, { at: new Date(at) })).findings.some((f) => f.rule === RULE);
const intervals = (report: Report) => report.findings.filter((f) => f.rule === RULE).map((f) => [f.interval!.from, f.interval!.to]);

/** Every `step` minutes from `from` to `to`: whether the rule fires at that instant alone, and whether the window says it holds then. */
async function compare(cfg: never, from: string, to: string, window: Report, step: number): Promise<void> {
  const spans = intervals(window).map(([a, b]) => [Date.parse(a!), Date.parse(b!)] as const);
  for (let t = Date.parse(from); t < Date.parse(to); t += step * 60_000) {
    const at = new Date(t).toISOString();
    const held = spans.some(([a, b]) => a <= t && t < b);
    expect([at, held]).toStrictEqual([at, await fires(cfg, at)]);
  }
}

describe("the 30 days looked back over, where the clocks change", () => {
  it("clocks forward: 8.00 until 27 Feb 02:30 CET leaves when the days before t start after it, at 03:00 CEST on 29 March", async () => {
    // At 00:59Z (01:59 CET) the 30 days start on 27 Feb 01:59 CET, before 02:30: 8.00 is in them.
    // At 01:00Z the clocks show 03:00 CEST: they start on 27 Feb 03:00 CET, after 02:30.
    const cfg = config("2026-02-27T02:30", "2026-02-20");
    const window = await check(cfg, { window: { from: new Date("2026-03-28T00:00:00Z"), to: new Date("2026-03-30T00:00:00Z") } });
    expect(intervals(window)).toStrictEqual([["2026-03-28T00:00:00.000Z", "2026-03-29T01:00:00.000Z"]]);
    await compare(cfg, "2026-03-29T00:00:00Z", "2026-03-29T02:30:00Z", window, 5);
  });

  it("clocks back: 8.00 until 25 Sep 02:15 CEST leaves at 02:15 CEST on 25 October, and is back from 02:00 to 02:15 CET", async () => {
    // 02:15 CEST is 00:15Z: from then the 30 days start after 25 Sep 02:15. At 01:00Z the clocks
    // show 02:00 CET again, and the 30 days start on 25 Sep 02:00 CEST, before 02:15, until 01:15Z.
    const cfg = config("2026-09-25T02:15", "2026-09-20");
    const window = await check(cfg, { window: { from: new Date("2026-10-24T00:00:00Z"), to: new Date("2026-10-26T00:00:00Z") } });
    expect(intervals(window)).toStrictEqual([
      ["2026-10-24T00:00:00.000Z", "2026-10-25T00:15:00.000Z"],
      ["2026-10-25T01:00:00.000Z", "2026-10-25T01:15:00.000Z"],
    ]);
    await compare(cfg, "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z", window, 5);
  });
});
