import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, PricelintError, type Finding } from "../src/index.js";
import { BUILTIN_RULES } from "../src/rules/builtin.js";
import { PRESETS } from "../src/rules/presets.js";
import type { RuleDefinition } from "../src/rules/rule.js";
import { runCli } from "./helpers/run-cli.js";

const AT = new Date("2026-11-20T12:00:00Z");
type Row = Record<string, unknown>;

async function run(prices: Row[], rules: unknown[], ruleSettings: Record<string, unknown> = {}): Promise<Finding[]> {
  const input = { timezone: "UTC", currency: "EUR", feeds: { prices }, rules, ruleSettings };
  const report = await check(input as Parameters<typeof check>[0], { at: AT });
  return report.findings.filter((f) => f.rule !== "feed/invalid-row");
}

async function refusal(rules: unknown[], ruleSettings: Record<string, unknown> = {}): Promise<PricelintError> {
  try {
    await run([], rules, ruleSettings);
  } catch (error) {
    expect(error).toBeInstanceOf(PricelintError);
    expect((error as Error).message).not.toContain("\n");
    return error as PricelintError;
  }
  throw new Error("expected a PricelintError");
}

const house = (extra: Record<string, unknown>): RuleDefinition =>
  ({
    id: "house/x",
    description: "d",
    severity: "warning",
    scope: "offer",
    conditions: { all: [{ fact: "price", operator: "greaterThan", value: "0" }] },
    ...extra,
  }) as RuleDefinition;

describe("a misspelt option in ruleSettings (the issue's acceptance case)", () => {
  it("exits 2 naming the JSON path and suggesting the declared name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-options-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nA,web,1.00\nA,store,1.04\n");
    const config = join(dir, "pricelint.config.json");
    writeFileSync(
      config,
      JSON.stringify({
        currency: "EUR",
        feeds: [{ kind: "prices", path: "p.csv" }],
        ruleSettings: { "channel/online-differs-from-store": { tolerence: "0.05" } },
      }),
    );
    const { code, stdout, stderr } = await runCli(["check", "--config", config, "--no-progress"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `pricelint: ${config}: ruleSettings["channel/online-differs-from-store"].tolerence: unknown option "tolerence"; did you mean "tolerance"? (options: tolerance, tolerancePercent)\n`,
    );
  });

  it("takes the correctly spelt option: 4 cents apart is within a 0.05 tolerance", async () => {
    const rows = [
      { sku: "A", channel: "web", price: "1.00" },
      { sku: "A", channel: "store", price: "1.04" },
    ];
    expect(await run(rows, ["channel/online-differs-from-store"])).toHaveLength(1);
    const settings = { "channel/online-differs-from-store": { tolerance: "0.05" } };
    expect(await run(rows, ["channel/online-differs-from-store"], settings)).toHaveLength(0);
  });
});

describe("option values in ruleSettings are checked against their declared type", () => {
  const DISCOUNT = "price/excessive-discount";
  it.each([
    // [rule, option, value, message after the path]
    ["channel/online-differs-from-store", "tolerance", "five cents", 'expected money, an amount such as "0.05", got "five cents"'],
    ["channel/online-differs-from-store", "tolerance", "€0.05", 'expected money, an amount such as "0.05", got "€0.05"'],
    ["channel/online-differs-from-store", "tolerance", "1,234", 'expected money, an amount such as "0.05", got "1,234"'],
    [
      "channel/online-differs-from-store",
      "tolerance",
      "0.0000001",
      'expected money, an amount such as "0.05", got "0.0000001": "0.0000001" has more than 6 decimals',
    ],
    ["channel/online-differs-from-store", "tolerance", "-0.01", '"-0.01" is out of range: money ≥ 0'],
    ["channel/online-differs-from-store", "tolerancePercent", -1, "-1 is out of range: percent ≥ 0"],
    [DISCOUNT, "maxPercent", "ninety", 'expected a percent, such as "5" for 5%, got "ninety"'],
    [DISCOUNT, "maxPercent", true, 'expected a percent, such as "5" for 5%, got true'],
    [DISCOUNT, "maxPercent", "100.5", '"100.5" is out of range: percent 0–100'],
    ["price/below-cost", "minMargin", "10%", 'expected a decimal, such as "0.1", got "10%"'],
    ["availability/e-reservation-low-stock", "minStock", 2.5, "expected an integer, such as 3, got 2.5"],
    ["availability/e-reservation-low-stock", "minStock", "3", 'expected an integer, such as 3, got "3"'],
    ["availability/e-reservation-low-stock", "minStock", -1, "-1 is out of range: integer ≥ 0"],
    ["promo/invalid-window", "maxDays", 0, "0 is out of range: integer ≥ 1"],
    ["omnibus/prior-price", "scope", "compny", 'expected one of "offer", "channel", "company", got "compny"; did you mean "company"?'],
    ["omnibus/insufficient-history", "scope", "region", 'expected one of "offer", "channel", "company", got "region"'],
  ])("%s %s = %j is refused", async (rule, option, value, message) => {
    const error = await refusal(["all"], { [rule]: { [option]: value } });
    expect(error.code).toBe("config");
    expect(error.message).toBe(`ruleSettings["${rule}"].${option}: ${message}`);
  });

  it("checks boolean and string options of a house rule", async () => {
    const rule = house({
      options: {
        strict: { type: "boolean", default: false, description: "s" },
        label: { type: "string", default: "x", description: "l" },
      },
    });
    expect((await refusal([rule], { "house/x": { strict: "yes" } })).message).toBe(
      'ruleSettings["house/x"].strict: expected a boolean, true or false, got "yes"',
    );
    expect((await refusal([rule], { "house/x": { label: 5 } })).message).toBe('ruleSettings["house/x"].label: expected a string, got 5');
    expect(await run([{ sku: "A", channel: "web", price: "1" }], [rule], { "house/x": { strict: true, label: "y" } })).toHaveLength(1);
  });

  it("refuses an option the rule does not declare, suggesting only a near name", async () => {
    expect((await refusal(["all"], { "price/below-map": { tolerance: "0.01" } })).message).toBe(
      'ruleSettings["price/below-map"].tolerance: unknown option "tolerance": the rule declares no options',
    );
    expect((await refusal(["all"], { [DISCOUNT]: { tolerance: "1" } })).message).toBe(
      `ruleSettings["${DISCOUNT}"].tolerance: unknown option "tolerance" (options: maxPercent)`,
    );
    expect((await refusal(["all"], { [DISCOUNT]: { "max percent": 50 } })).message).toBe(
      `ruleSettings["${DISCOUNT}"]["max percent"]: unknown option "max percent"; did you mean "maxPercent"? (options: maxPercent)`,
    );
  });

  it("checks the settings of a built-in rule that is not switched on", async () => {
    expect((await refusal(["price/non-positive"], { "price/location-dispersion": { tolerancePercnt: "5" } })).message).toBe(
      'ruleSettings["price/location-dispersion"].tolerancePercnt: unknown option "tolerancePercnt"; did you mean "tolerancePercent"? (options: tolerancePercent)',
    );
  });

  it("accepts a decimal option as a string or a number, read exactly by its text", async () => {
    // 10.00 on sale at 4.00 is 60% off: beyond a maxPercent of 50, within the default 90.
    const rows = [{ sku: "A", channel: "web", price: "10.00", sale_price: "4.00" }];
    expect(await run(rows, ["price/excessive-discount"])).toHaveLength(0);
    for (const maxPercent of ["50", 50, "59.999999"]) {
      const found = await run(rows, ["price/excessive-discount"], { [DISCOUNT]: { maxPercent } });
      expect(found.map((f) => f.message)).toStrictEqual([
        `web at every location: 4.00 is more than ${maxPercent}% below the price 10.00 (discount 60%)`,
      ]);
    }
    expect(await run(rows, ["price/excessive-discount"], { [DISCOUNT]: { maxPercent: "60" } })).toHaveLength(0);
  });
});

describe("options in a rule's conditions and message must be declared", () => {
  const low = (path: string, message = "stock {stock}") =>
    house({
      options: { minStock: { type: "integer", default: 3, description: "m" } },
      conditions: { all: [{ fact: "stock", operator: "lessThan", value: { fact: "options", path } }] },
      message,
    });

  it("names the JSON path and the nearest declared option", async () => {
    expect((await refusal([low("$.minStok")])).message).toBe(
      'rules[0]: house/x: $.conditions.all[0].value.path: unknown option "minStok"; did you mean "minStock"? (options: minStock)',
    );
    expect((await refusal([low("$.minStock", "below {options.minStok}")])).message).toBe(
      'rules[0]: house/x: $.message: unknown option "minStok"; did you mean "minStock"? (options: minStock)',
    );
  });

  it("says so when the rule declares no options", async () => {
    const rule = house({ conditions: { all: [{ fact: "stock", operator: "lessThan", value: { fact: "options", path: "$.minStock" } }] } });
    expect((await refusal([rule])).message).toBe(
      'rules[0]: house/x: $.conditions.all[0].value.path: unknown option "minStock": the rule declares no options',
    );
  });
});

describe("option declarations in a rule file", () => {
  const TYPES = "(types: money, percent, decimal, integer, boolean, enum, string)";
  it.each([
    [
      { maxGap: "5" },
      `options.maxGap: declare the option with its type, e.g. "maxGap": {"type": "decimal", "default": "5", "description": "…"} ${TYPES}`,
    ],
    [
      { strict: true },
      `options.strict: declare the option with its type, e.g. "strict": {"type": "boolean", "default": true, "description": "…"} ${TYPES}`,
    ],
    [{ gap: { type: "mony", default: "1" } }, `options.gap.type: unknown type "mony"; did you mean "money"? ${TYPES}`],
    [{ gap: { default: "1" } }, `options.gap.type: the option has no type ${TYPES}`],
    [
      { gap: { type: "money", deafult: "1" } },
      'options.gap.deafult: unknown key "deafult" in a money option; did you mean "default"? (keys: type, default, min, max, atMost, description); options.gap.default: the option has no default',
    ],
    [{ n: { type: "integer", default: 2.5 } }, "options.n.default: expected an integer, such as 3, got 2.5"],
    [{ n: { type: "integer", default: 5, min: 1, max: 4 } }, "options.n.default: 5 is out of range: integer 1–4"],
    [{ n: { type: "percent", default: "5", min: "10", max: "1" } }, "options.n.min: min is above max"],
    [{ n: { type: "integer", default: 1, atMost: "m" } }, 'options.n.atMost: atMost names another integer option of the rule, not "m"'],
    [
      { n: { type: "integer", default: 1, atMost: "m" }, m: { type: "percent", default: "3" } },
      'options.n.atMost: atMost names another integer option of the rule, not "m"',
    ],
    [
      { n: { type: "decimal", default: "2.5", atMost: "m" }, m: { type: "decimal", default: "2.25" } },
      'options.n.default: the defaults: n "2.5" is above m "2.25": n is at most m',
    ],
    [{ n: { type: "decimal", default: "1", max: "a lot" } }, 'options.n.max: expected a decimal, such as "0.1", got "a lot"'],
    [{ e: { type: "enum", values: ["a", "b"], default: "c" } }, 'options.e.default: expected one of "a", "b", got "c"'],
    [{ e: { type: "enum", values: [], default: "a" } }, "options.e.values: an enum option lists its values: a non-empty array of strings"],
    [{ e: { type: "enum", values: ["a", "a"], default: "a" } }, "options.e.values: the values of an enum option are distinct"],
    [{ s: { type: "string", default: "x", description: "" } }, "options.s.description: a description is a non-empty string"],
    [
      { severity: { type: "string", default: "x" } },
      'options.severity: an option name is letters, digits and _, starting with a letter, and not "severity" (ruleSettings uses it)',
    ],
    [
      { tolerance: { type: "string", default: "x" } },
      'options.tolerance.type: tolerance is read by the engine as money ≥ 0: declare it with "type": "money"',
    ],
    [
      { tolerance: { type: "money", default: "0", min: "-1" } },
      "options.tolerance.min: tolerance cannot be negative: min must be at least 0",
    ],
    [{ tolerance: { type: "money", default: "-1" } }, 'options.tolerance.default: "-1" is out of range: money ≥ 0'],
    [{ tolerance: "-1" }, 'options.tolerance: "-1" is out of range: money ≥ 0'],
    [{ scope: "region" }, 'options.scope: expected one of "offer", "channel", "company", got "region"'],
    [
      { scope: { type: "enum", values: ["offer", "region"], default: "offer" } },
      'options.scope.values: scope takes only offer, channel, company, not "region"',
    ],
  ])("%j is refused", async (options, message) => {
    const error = await refusal([house({ options })]);
    expect(error.code).toBe("rule");
    expect(error.message).toBe(`rules[0]: ${message}`);
  });

  it("takes an engine option by its default alone", async () => {
    const rule = house({
      scope: "pair",
      channels: ["web", "store"],
      options: { tolerance: "0.01" },
      conditions: {
        all: [{ fact: "web", path: "$.effectivePrice", operator: "greaterThan", value: { fact: "store", path: "$.effectivePrice" } }],
      },
    });
    const pair = (web: string) => [
      { sku: "A", channel: "web", price: web },
      { sku: "A", channel: "store", price: "10.00" },
    ];
    expect(await run(pair("10.01"), [rule])).toHaveLength(0);
    expect(await run(pair("10.02"), [rule])).toHaveLength(1);
    expect(await run(pair("10.02"), [rule], { "house/x": { tolerance: 0.02 } })).toHaveLength(0);
  });
});

describe("C40 two thresholds of one scale (atMost)", () => {
  const stock = (availability: string, available: number) => ({
    feeds: {
      prices: [{ sku: "A", channel: "store", location: "S1", price: "1.00", availability }],
      inventory: [{ sku: "A", location: "S1", available }],
    },
  });
  const contradicts = async (ruleSettings: Record<string, unknown>, availability: string, available: number) => {
    const input = {
      timezone: "UTC",
      currency: "EUR",
      rules: ["availability/contradicts-stock"],
      ruleSettings,
      ...stock(availability, available),
    };
    const report = await check(input as Parameters<typeof check>[0], { at: AT });
    return report.findings.map((f) => f.rule);
  };

  it("refuses settings that put the limited threshold above the in-stock one, whichever is set", async () => {
    // limitedFrom 5 with inStockFrom 3 would make 3–4 units both in stock and not yet limited.
    const refused = async (settings: Record<string, unknown>) => {
      try {
        await contradicts({ "availability/contradicts-stock": settings }, "in_stock", 4);
      } catch (error) {
        expect(error).toBeInstanceOf(PricelintError);
        return (error as PricelintError).message;
      }
      throw new Error("expected a refusal");
    };
    expect(await refused({ limitedFrom: 5 })).toBe(
      'ruleSettings["availability/contradicts-stock"].limitedFrom: limitedFrom 5 is above inStockFrom 3: limitedFrom is at most inStockFrom',
    );
    expect(await refused({ inStockFrom: 1, limitedFrom: 2 })).toBe(
      'ruleSettings["availability/contradicts-stock"].limitedFrom: limitedFrom 2 is above inStockFrom 1: limitedFrom is at most inStockFrom',
    );
    // Setting only the upper one below the default of the lower names the one set.
    expect(await refused({ inStockFrom: 0 })).toMatch(/inStockFrom: 0 is out of range/);
  });

  it("takes equal thresholds: no limited band, 0–2 out of stock and 3 or more in stock", async () => {
    const settings = { "availability/contradicts-stock": { limitedFrom: 3, inStockFrom: 3 } };
    expect(await contradicts(settings, "limited_availability", 2)).toStrictEqual(["availability/contradicts-stock"]);
    expect(await contradicts(settings, "out_of_stock", 2)).toStrictEqual([]);
    expect(await contradicts(settings, "in_stock", 3)).toStrictEqual([]);
  });
});

describe("the built-in rules' options and presets", () => {
  it("declare every option with a type, a default and a description", () => {
    for (const rule of BUILTIN_RULES) {
      for (const [name, option] of Object.entries(rule.options ?? {})) {
        expect(typeof option, `${rule.id} ${name}`).toBe("object");
        expect(option, `${rule.id} ${name}`).toMatchObject({ type: expect.any(String), description: expect.any(String) });
      }
    }
  });

  it("keep the presets' membership: everything is recommended but location-dispersion, online-differs-from-store and change/offer-added", () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(ids).toHaveLength(47);
    expect(PRESETS.all).toStrictEqual(ids);
    const left = ["price/location-dispersion", "channel/online-differs-from-store", "change/offer-added"];
    expect(PRESETS.recommended).toStrictEqual(ids.filter((id) => !left.includes(id)));
    expect(Object.keys(PRESETS)).toStrictEqual(["recommended", "all"]);
  });

  it("are listed with type, default and description by pricelint rules --json", async () => {
    const { stdout } = await runCli(["rules", "--json"]);
    const rules = JSON.parse(stdout) as { id: string; options: Record<string, unknown> }[];
    expect(rules.find((r) => r.id === "price/excessive-discount")?.options).toStrictEqual({
      maxPercent: {
        type: "percent",
        default: 90,
        min: 0,
        max: 100,
        description: "the deepest discount below the price, in percent, that is not excessive",
      },
    });
    expect(rules.find((r) => r.id === "price/below-map")?.options).toStrictEqual({});
  });
});
