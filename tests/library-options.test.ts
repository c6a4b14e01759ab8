/**
 * check() and checkStream() called from code: options a caller could not have meant are refused
 * with a PricelintError (never a TypeError from inside, never passed over), and what the
 * library shares between runs cannot be changed by one of them.
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES, check, checkStream, loadConfig, readBaseline } from "../src/index.js";
import { PricelintError } from "../src/model/errors.js";
import { formatJson } from "../src/report/json.js";

const feeds = {
  prices: [
    { sku: "A", channel: "web", price: "1.00" },
    { sku: "A", channel: "app", price: "2.00" },
  ],
};
const input = { timezone: "UTC", currency: "EUR", feeds, rules: ["channel/app-differs-from-web"] } as never;
const AT = new Date("2026-11-20T12:00:00Z");

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return (error as Error).message;
}

describe("check's options", () => {
  it("refuse a shard that is not K of N, where it was a partial or empty report", async () => {
    for (const shard of [
      {},
      { index: 0, count: 2 },
      { index: 3, count: 2 },
      { index: "1", count: "2" },
      { index: 1, count: 0 },
      { index: 1, count: -1 },
    ]) {
      expect(await refusal(() => check(input, { at: AT, shard: shard as never }))).toMatch(/^shard must be \{ index: K, count: N \}/);
    }
    // A whole shard of one is the whole run.
    expect((await check(input, { at: AT, shard: { index: 1, count: 1 } })).findings).toHaveLength(1);
  });

  it("refuse an unknown key, a string for a Date, at beside window, and options that are no object", async () => {
    expect(await refusal(() => check(input, { att: AT } as never))).toMatch(/^unknown option "att"; check takes at, window/);
    expect(await refusal(() => check(input, { at: "2026-11-20" } as never))).toBe('at must be a Date, not "2026-11-20"');
    expect(await refusal(() => check(input, { window: { from: AT } } as never))).toBe("window.to must be a Date, not undefined");
    expect(await refusal(() => check(input, { at: AT, window: { from: AT, to: new Date("2026-11-21") } }))).toBe(
      "give at (one instant) or window (a span), not both",
    );
    expect(await refusal(() => check(input, null as never))).toBe("check's options must be an object, not null");
    expect(await refusal(() => check(input, { at: AT, baseline: "x" } as never))).toMatch(/^baseline must be an array of findings/);
    expect(await refusal(() => checkStream(input, { at: AT, baseline: [] } as never))).toMatch(/^checkStream takes no baseline/);
  });

  it("take a feed kind left undefined as no feed, as a key left out", async () => {
    const without = await check(input, { at: AT });
    const withUndefined = await check({ ...(input as object), feeds: { ...feeds, catalogue: undefined, stores: undefined } } as never, {
      at: AT,
    });
    expect(withUndefined.findings).toStrictEqual(without.findings);
    expect(withUndefined.summary.feeds.map((f) => f.file)).toStrictEqual(["(prices)"]);
    expect(await refusal(() => check({ ...(input as object), feeds: { ...feeds, catalogue: null } } as never, { at: AT }))).toBe(
      "(catalogue): expected an array of rows, got null",
    );
  });
});

describe("readBaseline", () => {
  it("refuses a trend's JSON, whose findings carry ids too, as --baseline does", () => {
    const trend = { tool: { name: "pricelint", version: "0.1.0" }, runs: [], findings: [{ id: "f3a9", rule: "price/non-positive" }] };
    expect(() => readBaseline(trend, "trend.json")).toThrow("trend.json: not a pricelint JSON report; write one with --format json:FILE");
  });

  it("keeps a finding's waiver: one waived then and not now is new", async () => {
    const loaded = await loadConfig("fixtures/demo/pricelint.config.json");
    const before = await check(loaded, { at: new Date("2026-11-20T12:00:00Z") });
    const waivedThen = before.findings.filter((f) => f.waived !== null).map((f) => f.id);
    expect(waivedThen.length).toBeGreaterThan(0);
    const baseline = readBaseline(JSON.parse(formatJson(before)), "before.json");
    // After every waiver's end, the findings waived before are new, not unchanged.
    const after = await check(loaded, { at: new Date("2027-06-01T12:00:00Z"), baseline });
    for (const id of waivedThen) {
      const now = after.findings.find((f) => f.id === id);
      if (now !== undefined && now.waived === null) expect(now.baseline, id).toBe("new");
    }
    expect(after.findings.some((f) => waivedThen.includes(f.id) && f.waived === null)).toBe(true);
  });
});

describe("the built-in rules", () => {
  it("cannot be changed by a caller: a later run reads them as shipped", () => {
    const rule = BUILTIN_RULES.find((r) => r.id === "channel/app-differs-from-web")!;
    expect(() => {
      (rule as { severity: string }).severity = "info";
    }).toThrow(TypeError);
    expect(() => (BUILTIN_RULES as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(rule.severity).toBe("warning");
  });
});

describe("rows given in memory", () => {
  it("take a Date as the instant it is, where a date or time goes; an invalid Date rejects its row", async () => {
    const onSale = {
      id: "house/on-sale",
      description: "d",
      severity: "info",
      scope: "offer",
      conditions: { all: [{ fact: "onSale", operator: "equal", value: true }] },
    };
    const rows = [
      {
        sku: "A",
        channel: "web",
        price: "2.00",
        sale_price: "1.00",
        sale_start: new Date("2026-11-20T11:00:00Z"),
        sale_end: new Date("2026-11-20T13:00:00Z"),
      },
      { sku: "B", channel: "web", price: "2.00", sale_price: "1.00", sale_start: new Date("2026-11-20T12:30:00Z") },
      { sku: "C", channel: "web", price: "2.00", sale_price: "1.00", sale_start: new Date("nonsense") },
    ];
    const report = await check({ timezone: "Europe/Rome", currency: "EUR", feeds: { prices: rows }, rules: [onSale] } as never, { at: AT });
    // At 12:00 UTC A's sale runs, B's has not begun; C's start is no instant.
    expect(report.findings.map((f) => [f.rule, f.sku])).toStrictEqual([
      ["feed/invalid-row", "C"],
      ["house/on-sale", "A"],
    ]);
    expect(report.findings[0]?.message).toBe('(prices):3:5 (sale_start): field "sale_start" holds an invalid Date');
  });
});
