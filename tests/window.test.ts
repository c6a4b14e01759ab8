import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Finding } from "../src/index.js";

const FROM = Date.parse("2026-11-05T00:00:00Z");
const TO = Date.parse("2026-12-05T00:00:00Z");
const key = (f: Finding) => JSON.stringify([f.rule, f.sku, f.location, f.channels, f.promotion]);

describe("--from/--to: windows over time", () => {
  it("reports at a random instant exactly the findings whose merged interval contains it (the demo, a month)", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const windowed = await check(config, { window: { from: new Date(FROM), to: new Date(TO) } });
    // Intervals of one violation never overlap, and contiguous ones are merged.
    const byKey = new Map<string, [number, number][]>();
    for (const f of windowed.findings) {
      expect(f.interval).not.toBeNull();
      const span: [number, number] = [Date.parse(f.interval!.from), Date.parse(f.interval!.to)];
      expect(span[0]).toBeLessThan(span[1]);
      byKey.set(key(f), [...(byKey.get(key(f)) ?? []), span]);
    }
    for (const spans of byKey.values()) {
      spans.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThan(spans[i - 1]![1]);
    }
    // Something does change in this month: the store promotions of 0801004 and 0801013 end.
    expect(
      windowed.findings.some((f) => f.interval!.from !== new Date(FROM).toISOString() || f.interval!.to !== new Date(TO).toISOString()),
    ).toBe(true);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: FROM, max: TO - 1 }), async (t) => {
        const at = await check(config, { at: new Date(t) });
        const expected = windowed.findings
          .filter((f) => Date.parse(f.interval!.from) <= t && t < Date.parse(f.interval!.to))
          .map(key)
          .sort();
        expect(at.findings.map(key).sort()).toStrictEqual(expected);
      }),
      { numRuns: 40, seed: 1122 },
    );
  });

  it("gives a store promotion that ends at the end of a local day the interval up to that midnight, in Rome", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const windowed = await check(config, { window: { from: new Date(FROM), to: new Date(TO) } });
    // 0801004's store price at MI01 is 1.99 from 16 to 22 Nov (Rome), 2.49 before and after: click-and-collect at
    // 2.49 is above it from the start of 16 Nov in Rome (2026-11-15T23:00Z) to the end of 22 Nov (2026-11-22T23:00Z).
    const f = windowed.findings.find((x) => x.rule === "channel/click-collect-above-store" && x.sku === "0801004");
    expect(f?.interval).toStrictEqual({ from: "2026-11-15T23:00:00.000Z", to: "2026-11-22T23:00:00.000Z" });
  });
});

describe("a promotion window across the end of summer time", () => {
  it("runs 73 hours: from 00:00 CEST on 23 Oct to the end of 25 Oct, a 25-hour day, in Rome", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const report = await check(config, { window: { from: new Date("2026-10-20T00:00:00Z"), to: new Date("2026-10-30T00:00:00Z") } });
    // TE-PONTE takes 10% off 0801035 (1.89) in the store only: the store is at 1.70 while click-and-collect and
    // the web stay at 1.89, and the promotion misses the sku's other channels.
    const during = report.findings.filter((f) => f.sku === "0801035");
    expect(during.map((f) => f.rule).sort()).toStrictEqual([
      "channel/click-collect-above-store",
      "channel/online-differs-from-store",
      "promo/missing-in-channel",
    ]);
    for (const f of during) expect(f.interval).toStrictEqual({ from: "2026-10-22T22:00:00.000Z", to: "2026-10-25T23:00:00.000Z" });
    expect(Date.parse("2026-10-25T23:00:00Z") - Date.parse("2026-10-22T22:00:00Z")).toBe(73 * 3_600_000);
  });
});
