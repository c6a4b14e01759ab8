/**
 * The changes benchmark's generator (bench/changes-generate.ts): its expected change findings,
 * worked out by hand on a few rows, and on a small generated case the same counts as pricelint
 * finds with the previous feeds and with a snapshot of them.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANGE_RULE_IDS, expectSku, nextNight, parseCents, type ChangeRuleId } from "../bench/changes-generate.js";
import { generate } from "../bench/generate.js";
import { check, loadConfig } from "../src/check.js";
import { PreviousOffer, PreviousOffers } from "../src/changes/previous-offers.js";
import type { CheckOptions } from "../src/pipeline/options.js";

const AT = new Date("2026-12-05T06:00:00Z");

type R = { channel: string; location: string; currency: string; price: number; sale: number };
const rows = (...list: [string, string, number][]) =>
  new Map(
    list.map(([channel, location, price]) => [`${channel}\t${location}`, { channel, location, currency: "EUR", price, sale: -1 } as R]),
  );
const zero = (): Record<ChangeRuleId, number> => ({
  "change/offer-added": 0,
  "change/price-move": 0,
  "change/removed-while-listed": 0,
  "change/repriced-alone": 0,
});

describe("the generator's expected change findings, by hand", () => {
  it("reads amounts with two decimals as cents, and refuses others", () => {
    expect(parseCents("12.34")).toBe(1234);
    expect(parseCents("0.05")).toBe(5);
    expect(() => parseCents("12.3")).toThrow("not an amount with two decimals");
  });

  it("a web repricing left behind by the app and the stores: one finding per offer that kept the price", () => {
    const counts = zero();
    // web 10.00 → 10.50 (5 %: no move); app, store and click_collect at S1 kept 10.00; store at S2 had 9.00.
    const before = rows(["web", "", 1000], ["app", "", 1000], ["store", "S1", 1000], ["click_collect", "S1", 1000], ["store", "S2", 900]);
    const after = rows(["web", "", 1050], ["app", "", 1000], ["store", "S1", 1000], ["click_collect", "S1", 1000], ["store", "S2", 900]);
    expectSku(before, after, counts);
    // app (web stands with it at no location), store S1, click_collect S1; not store S2 (another price before).
    expect(counts).toEqual({ ...zero(), "change/repriced-alone": 3 });
  });

  it("a move is more than 0.01 and more than 50 % either way, or more than 1000", () => {
    const counts = zero();
    const before = rows(["a", "", 1000], ["b", "", 1000], ["c", "", 1000], ["d", "", 1000], ["e", "", 200_000], ["f", "", 2]);
    // a: +50 % exactly (no); b: +50.01 % (yes); c: −50 % exactly (no); d: ÷10 (yes); e: +1000.01 (yes, 0.5 %); f: 0.02 → 0.01 (−50 %, 1 cent: no).
    const after = rows(["a", "", 1500], ["b", "", 1501], ["c", "", 500], ["d", "", 100], ["e", "", 300_001], ["f", "", 1]);
    expectSku(before, after, counts);
    expect(counts).toEqual({ ...zero(), "change/price-move": 3 });
  });

  it("a channel removed while the sku is priced in another; new offers; a sku gone entirely is not reported", () => {
    const counts = zero();
    expectSku(rows(["web", "", 1000], ["app", "", 1000]), rows(["web", "", 1000], ["store", "S1", 1000]), counts);
    expect(counts).toEqual({ ...zero(), "change/removed-while-listed": 1, "change/offer-added": 1 });
    expectSku(rows(["web", "", 1000]), new Map(), counts);
    expect(counts["change/removed-while-listed"]).toBe(1);
  });
});

describe("the generator against pricelint, small", () => {
  const tmp = mkdtempSync(join(tmpdir(), "pricelint-changes-bench-"));
  const night1 = join(tmp, "night-1");
  generate({ skus: 3000, stores: 3, seed: 7, out: night1 });

  async function counts(dir: string, options: CheckOptions) {
    const loaded = await loadConfig(join(dir, "pricelint.config.json"));
    const rules = [...loaded.config.rules, ...CHANGE_RULE_IDS];
    const report = await check({ ...loaded, config: { ...loaded.config, rules } }, { at: AT, ...options });
    const out = zero();
    for (const f of report.findings) if (f.rule in out) out[f.rule as ChangeRuleId]++;
    return { counts: out, rows: report.summary.rows.read };
  }

  for (const scenario of ["quiet", "bad"] as const) {
    it(`${scenario} night: pricelint's counts are the generator's, from the previous feeds and from a snapshot`, async () => {
      const dir = join(tmp, `night-2-${scenario}`);
      const truth = await nextNight(night1, dir, scenario, 11);
      const snapshot = join(tmp, `night-1-${scenario}.snapshot.gz`);
      await counts(night1, { snapshot });
      const fromFeeds = await counts(dir, { previous: { feeds: night1 } });
      const fromSnapshot = await counts(dir, { previous: { snapshot } });
      expect(fromFeeds.rows).toBe(truth.rows);
      expect(fromFeeds.counts).toEqual(truth.counts);
      expect(fromSnapshot.counts).toEqual(truth.counts);
      // The planted changes are there: every rule has something to find on a quiet night.
      if (scenario === "quiet") for (const id of CHANGE_RULE_IDS) expect(truth.counts[id]).toBeGreaterThan(0);
      // Every price moved by up to 70 %, beyond 50 % either way for about 2/7 of the rows.
      else expect(truth.counts["change/price-move"]).toBeGreaterThan(truth.rows / 5);
    });
  }
});

describe("the previous index's lookups", () => {
  const entry = (sku: string, channel: string, location: string | null, line: number) => ({
    sku,
    channel,
    location,
    currency: "EUR",
    taxIncluded: true,
    price: 1_000_000 * line,
    salePrice: null,
    effectivePrice: 1_000_000 * line,
    file: "prices.csv",
    line,
  });

  it("finds a sku's own row, else its channel-wide one, also after rows are added between lookups", () => {
    const previous = new PreviousOffers("feeds test", "2026-12-04T06:00:00.000Z");
    expect(previous.add(entry("A", "web", null, 2))).toBeNull();
    expect(previous.rowOf("A", "web", null)).toBe(0);
    expect(previous.rowOf("A", "store", "S1")).toBe(-1);
    // Added after A was looked up: the lookup must see it.
    expect(previous.add(entry("A", "store", "S1", 3))).toBeNull();
    expect(previous.add(entry("A", "web", "S1", 4))).toBeNull();
    expect(previous.add(entry("A", "web", "S1", 5))).toBe("duplicate");
    expect(previous.add(entry("B", "web", null, 6))).toBeNull();
    expect(previous.rowOf("A", "store", "S1")).toBe(1);
    expect(previous.standingAt("A", "web", "S1")).toBe(2);
    expect(previous.standingAt("A", "web", "S2")).toBe(0);
    expect(previous.standingAt("A", "store", "S2")).toBe(-1);
    expect(previous.standingAt("B", "web", "S1")).toBe(3);
    expect(previous.standingAt("C", "web", null)).toBe(-1);
    expect(previous.rowOf("A", "app", null)).toBe(-1);
    expect(previous.read(previous.standingAt("A", "web", "S1"), new PreviousOffer()).line).toBe(4);
  });
});
