/**
 * The check instant as a fact (`now`), durations added to instant facts (`"plus": "P3D"`), the
 * instants where comparisons with it turn over a window, and price/stale-sale.
 */
import { describe, expect, it } from "vitest";
import { check, type Finding } from "../src/index.js";
import { compileRule, type RuleEnv } from "../src/rules/compile-rule.js";
import { parseDuration } from "../src/rules/duration.js";
import type { RuleDefinition } from "../src/rules/rule.js";

type Row = Record<string, unknown>;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const ENV: RuleEnv = { channels: new Set(["store", "web", "click_collect"]), minorUnits: {} };

const offerRule = (conditions: unknown, id = "house/t"): RuleDefinition => ({
  id,
  description: "t",
  severity: "warning",
  scope: "offer",
  conditions,
});
const compiled = (rule: RuleDefinition) => compileRule(rule, {}, ENV, "house.json");

async function run(rules: unknown[], feeds: Record<string, Row[]>, at: string): Promise<readonly Finding[]> {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules } as never, { at: new Date(at) });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings;
}

async function runWindow(
  rules: unknown[],
  feeds: Record<string, Row[]>,
  from: string,
  to: string,
  byInstant: boolean,
): Promise<readonly Finding[]> {
  const window = { from: new Date(from), to: new Date(to) };
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules } as never, { window, windowByInstant: byInstant });
  return report.findings;
}

describe("durations", () => {
  it.each([
    ["P3D", 3 * DAY],
    ["PT36H", 36 * HOUR],
    ["-P1W", -7 * DAY],
    ["P1DT12H30M15S", DAY + 12 * HOUR + 30 * 60_000 + 15_000],
    ["PT1M", 60_000],
    ["P0D", 0],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [
      "P1M",
      '"P1M": months and years have no fixed length; write the duration in weeks (W), days (D), hours (H), minutes (M) or seconds (S)',
    ],
    [
      "P1Y2D",
      '"P1Y2D": months and years have no fixed length; write the duration in weeks (W), days (D), hours (H), minutes (M) or seconds (S)',
    ],
    ["P", '"P" is not an ISO 8601 duration such as "P3D", "PT12H" or "-P1W"'],
    ["PT", '"PT" is not an ISO 8601 duration such as "P3D", "PT12H" or "-P1W"'],
    ["P1.5D", '"P1.5D" is not an ISO 8601 duration such as "P3D", "PT12H" or "-P1W"'],
    ["3 days", '"3 days" is not an ISO 8601 duration such as "P3D", "PT12H" or "-P1W"'],
  ])("%s is refused", (text, reason) => {
    expect(parseDuration(text)).toBe(reason);
  });
});

describe("now and plus in the rule language", () => {
  it("a comparison of an instant of the data with now + P3D turns 3 days before that instant", () => {
    const rule = compiled(offerRule({ all: [{ fact: "saleEnd", operator: "lessThanInclusive", value: { fact: "now", plus: "P3D" } }] }));
    // There, or a millisecond after (where lessThanInclusive turns).
    expect(rule.needs).toStrictEqual({ clock: { shifts: [-3 * DAY, -3 * DAY + 1], points: [] } });
    expect(rule.facts).toStrictEqual(["now+P3D", "saleEnd"]);
  });

  it("now shifted on the left turns after the instant; a literal is a fixed instant, less now's shift", () => {
    const rule = compiled(
      offerRule({
        any: [
          { fact: "now", plus: "-P1D", operator: "lessThan", value: { fact: "saleStart" } },
          { fact: "now", plus: "PT12H", operator: "greaterThanInclusive", value: "2026-12-01T00:00:00Z" },
          { fact: "now", operator: "in", value: ["2026-12-24T00:00:00Z", "2026-12-31T00:00:00Z"] },
        ],
      }),
    );
    const andAfter = (t: number) => [t, t + 1];
    expect(rule.needs.clock).toStrictEqual({
      shifts: andAfter(DAY),
      points: [Date.UTC(2026, 10, 30, 12), Date.UTC(2026, 11, 24), Date.UTC(2026, 11, 31)].flatMap(andAfter),
    });
  });

  it("over a window, each comparison of now with an instant holds exactly where a check at one instant fires", async () => {
    const X = "2026-11-15T00:00:00.000Z";
    const after = "2026-11-15T00:00:00.001Z";
    const [from, to] = ["2026-11-01T00:00:00.000Z", "2026-11-30T00:00:00.000Z"];
    const feeds = { prices: [{ sku: "A", channel: "web", price: "10.00" }] };
    const cases: [string, [string, string][]][] = [
      ["greaterThan", [[after, to]]],
      ["greaterThanInclusive", [[X, to]]],
      ["lessThan", [[from, X]]],
      ["lessThanInclusive", [[from, after]]],
      ["equal", [[X, after]]],
      [
        "notEqual",
        [
          [from, X],
          [after, to],
        ],
      ],
    ];
    for (const [operator, spans] of cases) {
      const rule = offerRule({ all: [{ fact: "now", operator, value: X }] }, `house/${operator.toLowerCase()}`);
      for (const byInstant of [false, true]) {
        const found = await runWindow([rule], feeds, from, to, byInstant);
        const got = found.map((f) => [f.interval!.from, f.interval!.to]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
        expect([operator, byInstant, got]).toStrictEqual([operator, byInstant, spans]);
      }
      // The instants on either side of X, checked alone, agree.
      for (const at of ["2026-11-14T23:59:59.999Z", X, after]) {
        const fires = (await run([rule], feeds, at)).length > 0;
        const inside = spans.some(([a, b]) => at >= a && at < b);
        expect([operator, at, fires]).toStrictEqual([operator, at, inside]);
      }
    }
  });

  it("reads an instant literal without an offset in the config's zone, as the feeds' instants are read", async () => {
    const feeds = { prices: [{ sku: "A", channel: "web", price: "10.00", sale_price: "8.00", sale_start: "2026-12-01" }] };
    const fired = async (operator: string) => {
      const rule = offerRule({ all: [{ fact: "saleStart", operator, value: "2026-12-01" }] }, `house/${operator.toLowerCase()}`);
      const report = await check({ timezone: "Europe/Rome", currency: "EUR", feeds, rules: [rule] } as never, {
        at: new Date("2026-11-20T00:00:00Z"),
      });
      return report.findings.length > 0;
    };
    // Both are 00:00 on 1 December in Rome (2026-11-30T23:00Z): equal, and not before.
    expect([await fired("equal"), await fired("lessThan"), await fired("greaterThanInclusive")]).toStrictEqual([true, false, true]);
  });

  it("a fact reference keeps json-rules-engine's params (accepted, unused)", () => {
    const rule = compiled(
      offerRule({ all: [{ fact: "saleEnd", operator: "lessThan", value: { fact: "now", params: {}, plus: "PT1H" } }] }),
    );
    expect(rule.needs.clock).toStrictEqual({ shifts: [-3_600_000, -3_599_999], points: [] });
  });

  it("a rule that reads now only in its message, or not at all, needs no clock", () => {
    const base = offerRule({ all: [{ fact: "onSale", operator: "equal", value: true }] });
    expect(compiled(base).needs).toStrictEqual({});
    expect(compiled({ ...base, message: "on sale at {now}" }).needs).toStrictEqual({});
  });

  it.each([
    [
      { fact: "price", plus: "P1D", operator: "greaterThan", value: "1" },
      "$.conditions.all[0].plus: plus moves an instant fact (such as now or saleEnd) by a duration; price is not one",
    ],
    [
      { fact: "saleEnd", operator: "lessThan", value: { fact: "now", plus: "P1M" } },
      '$.conditions.all[0].value.plus: "P1M": months and years have no fixed length; write the duration in weeks (W), days (D), hours (H), minutes (M) or seconds (S)',
    ],
    [
      { fact: "saleEnd", operator: "lessThan", value: { fact: "now", plus: 3 } },
      '$.conditions.all[0].value.plus: a duration is a string such as "P3D", got 3',
    ],
    [
      { fact: "saleEnd", operator: "lessThan", value: { fact: "now", plsu: "P1D" } },
      '$.conditions.all[0].value.plsu: unknown key "plsu" in a fact reference (fact, path, params, plus)',
    ],
    [
      { fact: "saleEnd", operator: "lessThan", value: { fact: "options", path: "$.x", plus: "P1D" } },
      "$.conditions.all[0].value.plus: plus moves an instant fact (such as now or saleEnd) by a duration; options is not one",
    ],
    [{ fact: "now", operator: "greaterThan", value: "1" }, '$.conditions.all[0].value: "1" is not an ISO 8601 date or date-time'],
  ])("a bad use is refused with its JSON path: %j", (leaf, message) => {
    expect(() => compiled({ ...offerRule({ all: [leaf] }), options: { x: { type: "string", default: "a", description: "x" } } })).toThrow(
      `house/t: ${message}`,
    );
  });

  it("now is the check instant, in every scope", async () => {
    const at = "2026-11-20T12:00:00.000Z";
    const rule = (scope: string) => ({
      id: `house/now-${scope}`,
      description: "d",
      severity: "info",
      scope,
      ...(scope === "pair" ? { channels: ["web", "store"] } : {}),
      conditions: { all: [{ fact: "now", operator: "equal", value: at }] },
    });
    const found = await run(
      ["offer", "pair", "product", "promotion"].map(rule),
      {
        prices: [
          { sku: "A", channel: "web", price: "1" },
          { sku: "A", channel: "store", price: "1" },
        ],
        promotions: [
          { promo_id: "P", type: "percent_off", value: "10", channels: "web", skus: "A", start: "2026-11-01", end: "2026-11-30" },
        ],
      },
      at,
    );
    expect(found.map((f) => [f.rule, f.values.now])).toStrictEqual([
      ["house/now-offer", at],
      ["house/now-offer", at],
      ["house/now-pair", at],
      ["house/now-product", at],
      ["house/now-promotion", at],
    ]);
  });
});

describe("price/stale-sale", () => {
  const sale = (sku: string, window: Row, salePrice: string | null = "1.00"): Row => ({
    sku,
    channel: "web",
    price: "2.00",
    ...(salePrice ? { sale_price: salePrice } : {}),
    ...window,
  });

  it("fires on a sale price whose window ended by the instant; not on a scheduled, running, endless or backwards one", async () => {
    const found = await run(
      ["price/stale-sale"],
      {
        prices: [
          sale("A", { sale_start: "2026-11-01", sale_end: "2026-11-19" }), // ended at 11-20 00:00 UTC
          sale("B", { sale_start: "2026-11-25", sale_end: "2026-11-30" }), // scheduled
          sale("C", { sale_start: "2026-11-01" }), // no end: never stale
          sale("D", { sale_end: "2026-11-20T12:00:00Z" }), // ends exactly now: the end is exclusive
          sale("E", { sale_start: "2026-11-25", sale_end: "2026-11-10" }), // backwards: price/invalid-sale-window's
          sale("F", { sale_start: "2026-11-01", sale_end: "2026-11-30" }), // running
          sale("G", { sale_end: "2026-11-20T12:00:01Z" }), // ends one second later
          sale("H", { sale_start: "2026-11-01", sale_end: "2026-11-10" }, null), // a window without a sale price
        ],
      },
      "2026-11-20T12:00:00Z",
    );
    expect(found.map((f) => [f.sku, f.values.saleEnd])).toStrictEqual([
      ["A", "2026-11-20T00:00:00.000Z"],
      ["D", "2026-11-20T12:00:00.000Z"],
    ]);
    expect(found[0]!.message).toBe(
      "web at every location: sale price 1.00 is still in the feed; its window ended 2026-11-20T00:00:00.000Z",
    );
  });

  it("over a window, holds from the sale's end to the window's end", async () => {
    const feeds = { prices: [sale("A", { sale_start: "2026-11-05", sale_end: "2026-11-09" })] };
    for (const byInstant of [false, true]) {
      const found = await runWindow(["price/stale-sale"], feeds, "2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z", byInstant);
      expect(found.map((f) => f.interval)).toStrictEqual([{ from: "2026-11-10T00:00:00.000Z", to: "2026-11-20T00:00:00.000Z" }]);
    }
  });
});

describe("days until: an instant fact against now plus a duration, over a window", () => {
  const endsSoon = {
    id: "house/sale-ends-soon",
    description: "A sale ends within 3 days.",
    severity: "info",
    scope: "offer",
    conditions: {
      all: [
        { fact: "onSale", operator: "equal", value: true },
        { fact: "saleEnd", operator: "lessThanInclusive", value: { fact: "now", plus: "P3D" } },
      ],
    },
    message: "{sku} sale ends {saleEnd}",
  };
  const feeds = {
    prices: [
      { sku: "A", channel: "web", price: "2.00", sale_price: "1.00", sale_start: "2026-11-10T00:00:00Z", sale_end: "2026-11-23T12:00:00Z" },
      { sku: "B", channel: "web", price: "2.00", sale_price: "1.00", sale_start: "2026-11-10T00:00:00Z", sale_end: "2026-11-23T13:00:00Z" },
    ],
  };

  it("fires at an instant exactly 3 days before the end, not an hour earlier", async () => {
    const found = await run([endsSoon], feeds, "2026-11-20T12:00:00Z");
    expect(found.map((f) => f.sku)).toStrictEqual(["A"]);
  });

  it("holds from 3 days before each end to the end, incrementally as instant by instant", async () => {
    for (const byInstant of [false, true]) {
      const found = await runWindow([endsSoon], feeds, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", byInstant);
      expect(found.map((f) => [f.sku, f.interval])).toStrictEqual([
        ["A", { from: "2026-11-20T12:00:00.000Z", to: "2026-11-23T12:00:00.000Z" }],
        ["B", { from: "2026-11-20T13:00:00.000Z", to: "2026-11-23T13:00:00.000Z" }],
      ]);
    }
  });

  it("a fixed instant compared with now turns there, for skus without offers too", async () => {
    const after = {
      id: "house/after-the-15th",
      description: "d",
      severity: "info",
      scope: "product",
      conditions: { all: [{ fact: "now", operator: "greaterThanInclusive", value: "2026-11-15T06:00:00Z" }] },
    };
    const withCatalogue = { ...feeds, catalogue: [{ sku: "A" }, { sku: "B" }, { sku: "Z" }] };
    for (const byInstant of [false, true]) {
      const found = await runWindow([after], withCatalogue, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", byInstant);
      expect(found.map((f) => [f.sku, f.interval!.from, f.interval!.to])).toStrictEqual(
        ["A", "B", "Z"].map((sku) => [sku, "2026-11-15T06:00:00.000Z", "2026-12-01T00:00:00.000Z"]),
      );
    }
  });
});
