/**
 * Scheduled price rows of one offer whose validity overlaps (valid_from, valid_to): at each
 * instant the offer is its rows in force then. One alone is the offer; two or more that differ
 * are a conflict at that instant only, and where they agree the first stands with the others as
 * its sources. `--at`, a window and threads or shards give the same.
 */
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type CheckOptions } from "../src/index.js";
import { mergeReports } from "../src/parallel/merge.js";
import { formatJson } from "../src/report/json.js";

type Row = Record<string, string>;
type Report = Awaited<ReturnType<typeof check>>;

const CONFLICT = "price/conflicting-duplicate";
const ABOVE = "channel/click-collect-above-store";
const DIFFERS = "channel/online-differs-from-store";

const at = (instant: string): CheckOptions => ({ at: new Date(instant) });
const window = (from: string, to: string): CheckOptions => ({ window: { from: new Date(from), to: new Date(to) } });

/** rule, sku, location and interval of each finding, sorted. */
const spans = (report: Report) =>
  report.findings
    .map((f) => [f.rule, f.sku, f.location, f.interval === null ? null : `${f.interval.from} ${f.interval.to}`].join(" "))
    .sort();

describe("T14 overlapping scheduled rows in Europe/Rome, across the clock change", () => {
  // Store 4.00 until the end of 26 October (2026-10-26T23:00Z, after the clocks went back),
  // 5.00 from the start of 25 October (2026-10-24T22:00Z, still summer time): both hold over
  // [10-24T22:00Z, 10-26T23:00Z) only. Click-and-collect is 4.50: above the store's 4.00 before.
  const stores: Row[] = [{ location: "MI01", timezone: "Europe/Rome", click_collect: "true" }];
  const rows = (sku: string): Row[] => [
    { sku, channel: "store", location: "MI01", price: "4.00", valid_to: "2026-10-26" },
    { sku, channel: "store", location: "MI01", price: "5.00", valid_from: "2026-10-25" },
    { sku, channel: "click_collect", location: "MI01", price: "4.50" },
  ];
  const run = (prices: Row[], options: CheckOptions) =>
    check({ timezone: "Europe/Rome", currency: "EUR", feeds: { stores, prices }, rules: [ABOVE, CONFLICT] } as never, options);

  it("where one row holds alone, it is the offer: no conflict, and the click-and-collect price above the earlier is found", async () => {
    for (const prices of [rows("G"), [...rows("G")].reverse()]) {
      const report = await run(prices, at("2026-10-21T12:00:00Z"));
      expect(report.findings.map((f) => [f.rule, f.location, f.message])).toStrictEqual([
        [ABOVE, "MI01", "click_collect 4.50 is above store 4.00 at MI01"],
      ]);
      // The later row alone: 5.00, which click-and-collect is not above.
      expect(spans(await run(prices, at("2026-10-28T12:00:00Z")))).toStrictEqual([]);
    }
  });

  it("where both hold, they conflict on their price alone, and the disputed price is not judged", async () => {
    const report = await run(rows("G"), at("2026-10-25T12:00:00Z"));
    expect(report.findings.map((f) => [f.rule, f.location, f.message])).toStrictEqual([
      [CONFLICT, "MI01", "store at MI01: rows for the same offer disagree on price; the disputed values are not judged by other rules"],
    ]);
    expect(report.findings[0]!.sources.map((s) => s.line)).toStrictEqual([1, 2]);
  });

  it("over a window, the conflict holds over the overlap only, and the violation before it", async () => {
    const expected = [
      `${ABOVE} G MI01 2026-10-20T00:00:00.000Z 2026-10-24T22:00:00.000Z`,
      `${CONFLICT} G MI01 2026-10-24T22:00:00.000Z 2026-10-26T23:00:00.000Z`,
    ];
    for (const prices of [rows("G"), [...rows("G")].reverse()])
      expect(spans(await run(prices, window("2026-10-20T00:00:00Z", "2026-11-01T00:00:00Z")))).toStrictEqual(expected);
  });

  it("worker threads and merged shards give the one-thread report, at an instant and over a window", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-overlap-"));
    const skus = ["G1", "G2", "G3", "G4", "G5", "G6"];
    const csv = (list: Row[], columns: string[]) =>
      `${columns.join(",")}\n${list.map((r) => columns.map((c) => r[c] ?? "").join(",")).join("\n")}\n`;
    writeFileSync(join(dir, "stores.csv"), csv(stores, ["location", "timezone", "click_collect"]));
    writeFileSync(join(dir, "prices.csv"), csv(skus.flatMap(rows), ["sku", "channel", "location", "price", "valid_from", "valid_to"]));
    const path = join(dir, "pricelint.config.json");
    writeFileSync(
      path,
      JSON.stringify({
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "stores", path: "stores.csv" },
          { kind: "prices", path: "prices.csv" },
        ],
        rules: [ABOVE, CONFLICT],
      }),
    );
    const config = await loadConfig(path);
    const cases: [CheckOptions, string[]][] = [
      [at("2026-10-21T12:00:00Z"), skus.map((sku) => `${ABOVE} ${sku} MI01 `)],
      [
        window("2026-10-20T00:00:00Z", "2026-11-01T00:00:00Z"),
        skus.flatMap((sku) => [
          `${ABOVE} ${sku} MI01 2026-10-20T00:00:00.000Z 2026-10-24T22:00:00.000Z`,
          `${CONFLICT} ${sku} MI01 2026-10-24T22:00:00.000Z 2026-10-26T23:00:00.000Z`,
        ]),
      ],
    ];
    for (const [options, expected] of cases) {
      const whole = await check(config, options);
      expect(spans(whole)).toStrictEqual(expected.sort());
      const json = formatJson(whole);
      expect(formatJson(await check(config, { ...options, workers: 2 }))).toBe(json);
      const shards = [];
      for (let index = 1; index <= 3; index++) {
        const report = await check(config, { ...options, shard: { index, count: 3 } });
        shards.push({ file: `shard-${index}.json`, report: JSON.parse(formatJson(report)) });
      }
      expect(formatJson(mergeReports(shards))).toBe(json);
    }
  }, 60_000);
});

describe("three overlapping scheduled rows", () => {
  // Web: A 10.00 over [1, 10) November, B 12.00 over [5, 20), C 12.00 over [12, 15); store 10.00.
  // [1, 5): A alone, as the store. [5, 10): A and B differ: a conflict. [10, 12): B alone, above
  // the store. [12, 15): B and C agree: B stands, C is one of its sources. [15, 20): B alone.
  const prices: Row[] = [
    { sku: "A", channel: "store", location: "S1", price: "10.00" },
    { sku: "A", channel: "web", price: "10.00", valid_from: "2026-11-01T00:00:00Z", valid_to: "2026-11-10T00:00:00Z" },
    { sku: "A", channel: "web", price: "12.00", valid_from: "2026-11-05T00:00:00Z", valid_to: "2026-11-20T00:00:00Z" },
    { sku: "A", channel: "web", price: "12.00", valid_from: "2026-11-12T00:00:00Z", valid_to: "2026-11-15T00:00:00Z" },
  ];
  const run = (options: CheckOptions) =>
    check({ timezone: "UTC", currency: "EUR", feeds: { prices }, rules: [DIFFERS, CONFLICT] } as never, options);
  /** rule and the lines of its sources, at an instant. */
  const found = async (instant: string) =>
    (await run(at(instant))).findings.map((f) => [f.rule, f.sources.map((s) => s.line).sort((x, y) => x - y)]);

  it("give at each instant the rows in force then, each cited only where it holds", async () => {
    expect(await found("2026-11-03T00:00:00Z")).toStrictEqual([]);
    expect(await found("2026-11-07T00:00:00Z")).toStrictEqual([[CONFLICT, [2, 3]]]);
    expect(await found("2026-11-11T00:00:00Z")).toStrictEqual([[DIFFERS, [1, 3]]]);
    expect(await found("2026-11-13T00:00:00Z")).toStrictEqual([[DIFFERS, [1, 3, 4]]]);
    expect(await found("2026-11-17T00:00:00Z")).toStrictEqual([[DIFFERS, [1, 3]]]);
    expect(await found("2026-11-25T00:00:00Z")).toStrictEqual([]);
  });

  it("over a window: the conflict while A and B both hold, the difference from B's own start on", async () => {
    expect(spans(await run(window("2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z")))).toStrictEqual([
      `${DIFFERS} A S1 2026-11-10T00:00:00.000Z 2026-11-20T00:00:00.000Z`,
      `${CONFLICT} A  2026-11-05T00:00:00.000Z 2026-11-10T00:00:00.000Z`,
    ]);
  });
});

describe("property: the rows in force at each instant make the offer", () => {
  // A day's rows hold from its midnight (valid_from) to the next midnight after valid_to's day
  // (a bare valid_to holds to the end of its day), all in UTC: findings change only at midnights,
  // and at each noon they follow from the rows in force then, worked out here without pricelint.
  const days = ["", "2026-11-03", "2026-11-06", "2026-11-09", "2026-11-12"];
  const DAY = 86_400_000;
  const row = fc
    .record({ price: fc.constantFrom("10.00", "11.00", "12.00"), from: fc.constantFrom(...days), to: fc.constantFrom(...days) })
    .filter((r) => r.from === "" || r.to === "" || r.from <= r.to);

  /** The findings at instant `t` (rule and location), from the web rows in force then, against the store's 10.00. */
  const expectedAt = (web: { price: string; from: string; to: string }[], t: number): string[] => {
    const holding = web.filter((r) => (r.from === "" || Date.parse(r.from) <= t) && (r.to === "" || t < Date.parse(r.to) + DAY));
    const prices = new Set(holding.map((r) => r.price));
    if (prices.size > 1) return [`${CONFLICT} `];
    if (prices.size === 1 && !prices.has("10.00")) return [`${DIFFERS} S1`];
    return [];
  };

  it("at each noon, `--at` and the window's findings holding then are the rows in force's", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 2, maxLength: 4 }), async (web) => {
        const prices: Row[] = [
          { sku: "A", channel: "store", location: "S1", price: "10.00" },
          ...web.map((r) => ({ sku: "A", channel: "web", price: r.price, valid_from: r.from, valid_to: r.to })),
        ];
        const run = (options: CheckOptions) =>
          check({ timezone: "UTC", currency: "EUR", feeds: { prices }, rules: [DIFFERS, CONFLICT] } as never, options);
        const from = Date.parse("2026-11-01T00:00:00Z");
        const windowed = await run({ window: { from: new Date(from), to: new Date(from + 15 * DAY) } });
        for (let day = 0; day < 15; day++) {
          const t = from + day * DAY + DAY / 2;
          const expected = expectedAt(web, t);
          const instant = await run({ at: new Date(t) });
          expect(instant.findings.map((f) => `${f.rule} ${f.location ?? ""}`).sort()).toStrictEqual(expected);
          const holding = windowed.findings.filter((f) => Date.parse(f.interval!.from) <= t && t < Date.parse(f.interval!.to));
          expect(holding.map((f) => `${f.rule} ${f.location ?? ""}`).sort()).toStrictEqual(expected);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
