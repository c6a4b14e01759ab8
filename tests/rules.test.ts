import { describe, expect, it } from "vitest";
import { check, PricelintError, type Finding } from "../src/index.js";
import type { RuleDefinition } from "../src/rules/rule.js";

const AT = new Date("2026-11-20T12:00:00Z");

type Row = Record<string, unknown>;

async function findings(prices: Row[], rules: (string | RuleDefinition)[], extra: Record<string, unknown> = {}): Promise<Finding[]> {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds: { prices }, rules, ...extra } as Parameters<typeof check>[0], {
    at: AT,
  });
  return report.findings.filter((f) => f.rule !== "feed/invalid-row");
}

async function ruleError(rule: unknown): Promise<PricelintError> {
  try {
    await findings([], [rule as RuleDefinition]);
  } catch (error) {
    expect(error).toBeInstanceOf(PricelintError);
    return error as PricelintError;
  }
  throw new Error("expected a rule error");
}

const pairRule = (operator: string, options: Record<string, string> = {}): RuleDefinition => ({
  id: "house/web-vs-store",
  description: "web against store",
  severity: "warning",
  scope: "pair",
  channels: ["web", "store"],
  options,
  conditions: { all: [{ fact: "web", path: "$.effectivePrice", operator, value: { fact: "store", path: "$.effectivePrice" } }] },
});

const webAndStore = (web: string, store: string): Row[] => [
  { sku: "A", channel: "web", price: web },
  { sku: "A", channel: "store", price: store },
];

describe("money comparisons", () => {
  it.each([
    // [web, store, tolerance, fires]
    ["1.02", "1.01", "0.01", false], // float |1.02 - 1.01| > 0.01 is true; the exact difference is one cent
    ["1.03", "1.01", "0.01", true],
    ["10.00", "9.99", "0.01", false],
    ["9.99", "10.00", "0", true],
    ["0.30", "0.10", "0.20", false], // 0.1 + 0.2 territory
    ["2.129", "2.128", "0.001", false], // fuel: tenths of a cent
    ["2.130", "2.128", "0.001", true],
  ])("web %s vs store %s with tolerance %s: notEqual fires = %s", async (web, store, tolerance, fires) => {
    const found = await findings(webAndStore(web, store), [pairRule("notEqual", { tolerance })]);
    expect(found.length > 0).toBe(fires);
  });

  it("compares exact decimals, never strings: 9.99 is not greater than 10.00", async () => {
    expect(await findings(webAndStore("9.99", "10.00"), [pairRule("greaterThan")])).toHaveLength(0);
    expect(await findings(webAndStore("10.00", "9.99"), [pairRule("greaterThan")])).toHaveLength(1);
  });

  it("widens greaterThan by the tolerance but leaves greaterThanInclusive alone", async () => {
    expect(await findings(webAndStore("10.05", "10.00"), [pairRule("greaterThan", { tolerance: "0.05" })])).toHaveLength(0);
    expect(await findings(webAndStore("10.06", "10.00"), [pairRule("greaterThan", { tolerance: "0.05" })])).toHaveLength(1);
    expect(await findings(webAndStore("10.00", "10.00"), [pairRule("greaterThanInclusive", { tolerance: "0.05" })])).toHaveLength(1);
  });

  it("applies tolerancePercent to the right-hand side exactly", async () => {
    // 5 % of 20.00 is 1.00: 21.00 is within, 21.01 is not.
    expect(await findings(webAndStore("21.00", "20.00"), [pairRule("notEqual", { tolerancePercent: "5" })])).toHaveLength(0);
    expect(await findings(webAndStore("21.01", "20.00"), [pairRule("notEqual", { tolerancePercent: "5" })])).toHaveLength(1);
  });

  it("widens in and notIn by tolerancePercent, as it widens equal", async () => {
    const rows = ["110.00", "110.01", "90.00", "89.99", "100.00"].map((price, i) => ({ sku: `S${i}`, channel: "web", price }));
    const rule = (operator: string): RuleDefinition => ({
      id: `house/${operator.toLowerCase()}`,
      description: "d",
      severity: "info",
      scope: "offer",
      options: { tolerancePercent: { type: "percent", default: "10", description: "d" } },
      conditions: { all: [{ fact: "price", operator, value: operator === "equal" ? "100" : ["100"] }] },
    });
    // 10 % of 100.00 is 10.00: 90.00 to 110.00 are equal to it, and so in [100].
    const skus = async (operator: string) => (await findings(rows, [rule(operator)])).map((f) => f.sku);
    expect(await skus("equal")).toStrictEqual(["S0", "S2", "S4"]);
    expect(await skus("in")).toStrictEqual(["S0", "S2", "S4"]);
    expect(await skus("notIn")).toStrictEqual(["S1", "S3"]);
  });

  it("never compares amounts in different currencies", async () => {
    const rows = [
      { sku: "A", channel: "web", price: "5.00", currency: "USD" },
      { sku: "A", channel: "store", price: "1.00" },
    ];
    expect(await findings(rows, [pairRule("notEqual")])).toHaveLength(0);
  });

  it("reads literal amounts exactly: lessThanInclusive 0 catches 0.00 and -0.01, not 0.001", async () => {
    const rows = ["0.00", "-0.01", "0.001"].map((price, i) => ({ sku: `S${i}`, channel: "web", price }));
    const found = await findings(rows, ["price/non-positive"]);
    expect(found.map((f) => f.sku)).toStrictEqual(["S0", "S1"]);
  });
});

describe("missing facts", () => {
  const offerRule = (conditions: unknown): RuleDefinition => ({
    id: "house/test",
    description: "test",
    severity: "error",
    scope: "offer",
    conditions,
  });

  it("does not fire a leaf whose fact is missing, nor its negation", async () => {
    const rows = [{ sku: "A", channel: "web", price: "5.00" }];
    const leaf = { fact: "salePrice", operator: "lessThan", value: "1" };
    expect(await findings(rows, [offerRule({ all: [leaf] })])).toHaveLength(0);
    expect(await findings(rows, [offerRule({ not: leaf })])).toHaveLength(0);
  });

  it("lets any() fire on a known true branch beside a missing one", async () => {
    const rows = [{ sku: "A", channel: "web", price: "0" }];
    const rule = offerRule({
      any: [
        { fact: "salePrice", operator: "lessThanInclusive", value: "0" },
        { fact: "price", operator: "lessThanInclusive", value: "0" },
      ],
    });
    expect(await findings(rows, [rule])).toHaveLength(1);
  });

  it("lets all() fail on a known false branch beside a missing one", async () => {
    const rows = [{ sku: "A", channel: "web", price: "5" }];
    const rule = offerRule({
      all: [
        { fact: "salePrice", operator: "lessThanInclusive", value: "0" },
        { fact: "price", operator: "lessThanInclusive", value: "0" },
      ],
    });
    expect(await findings(rows, [rule])).toHaveLength(0);
  });
});

describe("paths", () => {
  it("read an item of a list fact by its index, as documented ($.list[0]); past the end it is missing", async () => {
    // A lists web first, B store first; C lists no channel, so its item 0 is missing and the rule does not fire.
    const rule: RuleDefinition = {
      id: "house/first-listed",
      description: "the first listed channel is web",
      severity: "warning",
      scope: "product",
      conditions: { all: [{ fact: "product", path: "$.listedChannels[0]", operator: "equal", value: "web" }] },
    };
    const report = await check(
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: { catalogue: [{ sku: "A", listed_channels: "web|store" }, { sku: "B", listed_channels: "store|web" }, { sku: "C" }] },
        rules: [rule],
      } as Parameters<typeof check>[0],
      { at: AT },
    );
    expect(report.findings.map((f) => [f.rule, f.sku])).toStrictEqual([["house/first-listed", "A"]]);
  });
});

describe("pair scope", () => {
  it("puts a default row of one channel at every location of the other", async () => {
    const rows: Row[] = [
      { sku: "A", channel: "click_collect", price: "3.00" },
      { sku: "A", channel: "store", location: "MI01", price: "2.50" },
      { sku: "A", channel: "store", location: "RM01", price: "3.00" },
      { sku: "A", channel: "store", location: "TO01", price: "2.99" },
    ];
    const found = await findings(rows, ["channel/click-collect-above-store"]);
    expect(found.map((f) => [f.location, f.values])).toStrictEqual([
      ["MI01", { "click_collect.effectivePrice": "3.00", "store.effectivePrice": "2.50" }],
      ["TO01", { "click_collect.effectivePrice": "3.00", "store.effectivePrice": "2.99" }],
    ]);
  });

  it("compares two defaults once, at no location, and a location override where it exists", async () => {
    const rows: Row[] = [
      { sku: "A", channel: "web", price: "4.00" },
      { sku: "A", channel: "store", price: "4.50" },
      { sku: "A", channel: "store", location: "MI01", price: "4.00" },
    ];
    const found = await findings(rows, ["channel/online-differs-from-store"]);
    expect(found.map((f) => f.location)).toStrictEqual([null]);
  });

  it("uses the sale price inside its window, and the price outside it", async () => {
    const rows: Row[] = [
      { sku: "IN", channel: "click_collect", price: "5.00" },
      { sku: "IN", channel: "store", price: "5.00", sale_price: "4.00", sale_start: "2026-11-20", sale_end: "2026-11-20" },
      { sku: "OUT", channel: "click_collect", price: "5.00" },
      { sku: "OUT", channel: "store", price: "5.00", sale_price: "4.00", sale_start: "2026-11-21", sale_end: "2026-11-30" },
    ];
    const found = await findings(rows, ["channel/click-collect-above-store"]);
    expect(found.map((f) => f.sku)).toStrictEqual(["IN"]);
  });

  it("works for channels the config declares", async () => {
    const rows: Row[] = [
      { sku: "Benzina", channel: "self", location: "1", price: "1.899" },
      { sku: "Benzina", channel: "attended", location: "1", price: "1.889" },
      { sku: "Benzina", channel: "self", location: "2", price: "1.799" },
      { sku: "Benzina", channel: "attended", location: "2", price: "1.999" },
    ];
    const rule: RuleDefinition = {
      id: "fuel/self-above-attended",
      description: "self above attended",
      severity: "warning",
      scope: "pair",
      channels: ["self", "attended"],
      conditions: {
        all: [{ fact: "self", path: "$.effectivePrice", operator: "greaterThan", value: { fact: "attended", path: "$.effectivePrice" } }],
      },
      message: "{sku}: self {self.effectivePrice} above attended {attended.effectivePrice} at {location}",
    };
    const found = await findings(rows, [rule], {
      channels: { self: { located: true }, attended: { located: true } },
      minorUnits: { EUR: 3 },
    });
    expect(found.map((f) => f.message)).toStrictEqual(["Benzina: self 1.899 above attended 1.889 at 1"]);
  });

  it("fills a message's facts of channels whose ids hold : or - (marketplace:amazon, click-collect2)", async () => {
    const rows: Row[] = [
      { sku: "A", channel: "web", price: "10.00" },
      { sku: "A", channel: "marketplace:amazon", price: "12.00" },
    ];
    const rule: RuleDefinition = {
      id: "house/amazon-above-web",
      description: "amazon above web",
      severity: "warning",
      scope: "pair",
      channels: ["marketplace:amazon", "web"],
      conditions: {
        all: [
          {
            fact: "marketplace:amazon",
            path: "$.effectivePrice",
            operator: "greaterThan",
            value: { fact: "web", path: "$.effectivePrice" },
          },
        ],
      },
      message: "amazon {marketplace:amazon.effectivePrice|?} is above web {web.effectivePrice}",
    };
    const found = await findings(rows, [rule], { channels: { "marketplace:amazon": { located: false } } });
    expect(found.map((f) => f.message)).toStrictEqual(["amazon 12.00 is above web 10.00"]);
  });
});

describe("rule settings", () => {
  const rows = webAndStore("1.00", "2.00");

  it("turns a rule off, or changes its severity and options", async () => {
    expect(
      await findings(rows, ["recommended", "channel/online-differs-from-store"], {
        ruleSettings: { "channel/online-differs-from-store": "off" },
      }),
    ).toHaveLength(0);
    const [error] = await findings(rows, ["recommended", "channel/online-differs-from-store"], {
      ruleSettings: { "channel/online-differs-from-store": "error" },
    });
    expect(error?.severity).toBe("error");
    const wide = await findings(rows, ["recommended", "channel/online-differs-from-store"], {
      ruleSettings: { "channel/online-differs-from-store": { tolerance: "1.00" } },
    });
    expect(wide).toHaveLength(0);
  });

  it("rejects settings for a rule that does not exist", async () => {
    await expect(findings(rows, ["recommended"], { ruleSettings: { "channel/nope": "off" } })).rejects.toThrow(
      /ruleSettings\["channel\/nope"\]: unknown rule "channel\/nope"/,
    );
  });

  it("rejects an unknown preset or rule id", async () => {
    await expect(findings(rows, ["recomended"])).rejects.toThrow(/"recomended" is neither a preset/);
  });
});

describe("rule errors name the rule and the JSON path", () => {
  const base = { id: "house/x", description: "x", severity: "error", scope: "offer" };

  it.each([
    [
      { ...base, conditions: { all: [{ fact: "prise", operator: "equal", value: "1" }] } },
      /house\/x: \$\.conditions\.all\[0\]\.fact: unknown fact "prise" in offer scope/,
    ],
    [
      { ...base, conditions: { all: [{ fact: "price", operator: "isAbout", value: "1" }] } },
      /\$\.conditions\.all\[0\]\.operator: unknown operator "isAbout"/,
    ],
    [
      { ...base, conditions: { all: [{ fact: "price", operator: "equal", value: "abc" }] } },
      /\$\.conditions\.all\[0\]\.value: "abc" is not an amount/,
    ],
    [{ ...base, conditions: { any: { fact: "price" } } }, /\$\.conditions\.any: must be an array/],
    [{ ...base, conditions: { all: [], any: [] } }, /\$\.conditions: a condition has one of all, any, not/],
    [
      { ...base, scope: "pair", channels: ["web"], conditions: { all: [] } },
      /\$\.channels: a pair rule names exactly two different channels/,
    ],
    [{ ...base, channels: ["webb"], conditions: { all: [] } }, /\$\.channels\[0\]: unknown channel "webb"/],
    [
      { ...base, conditions: { all: [{ fact: "price", operator: "equal", value: { fact: "onSale" } }] } },
      /cannot compare price \(money\) with onSale \(boolean\)/,
    ],
    [{ ...base, conditions: { all: [] }, message: "{nothing}" }, /\$\.message: unknown fact "nothing"/],
    [{ ...base, scope: "galaxy", conditions: { all: [] } }, /scope/],
  ])("rule %# is refused with %s", async (rule, message) => {
    const error = await ruleError(rule);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });
});

describe("the built-in rules", () => {
  it("all compile", async () => {
    const report = await check({ currency: "EUR", feeds: { prices: [] }, rules: ["all"] }, { at: AT });
    expect(report.summary.rules).toBeGreaterThanOrEqual(14);
  });
});
