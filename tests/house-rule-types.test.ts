/** A house rule's options and tolerances are read by what they are declared to be, and `explain`/`rules` see house rules. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, PricelintError, type Finding } from "../src/index.js";
import { BUILTIN_RULES } from "../src/rules/builtin.js";
import { compileRule } from "../src/rules/compile-rule.js";
import type { RuleDefinition } from "../src/rules/rule.js";
import { runCli } from "./helpers/run-cli.js";

const AT = new Date("2026-06-10T00:00:00Z");
const ENV = { channels: new Set(["web", "store", "app"]), minorUnits: {} };
type Row = Record<string, unknown>;

/** A rule comparing `fact` with option `x`, declared as given. */
const withOption = (fact: string, operator: string, x: Record<string, unknown>, id = "house/x"): RuleDefinition =>
  ({
    id,
    description: "d",
    severity: "warning",
    scope: "offer",
    options: { x: { description: "x", ...x } },
    conditions: { all: [{ fact, operator, value: { fact: "options", path: "$.x" } }] },
    message: "m",
  }) as unknown as RuleDefinition;

/** The message of compiling the rule (with the settings given) as rule file r.json holds it; null when it compiles. */
function refusal(rule: RuleDefinition, options?: Record<string, string | number | boolean>): string | null {
  try {
    compileRule(rule, options === undefined ? {} : { options }, ENV, "r.json");
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(PricelintError);
    expect((error as PricelintError).code).toBe("rule");
    return (error as PricelintError).message;
  }
}

/** Findings of house rules on an in-memory config. */
async function run(feeds: Record<string, Row[]>, rules: unknown[], ruleSettings: Record<string, unknown> = {}): Promise<Finding[]> {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules, ruleSettings } as Parameters<typeof check>[0], { at: AT });
  return report.findings.filter((f) => f.rule.startsWith("house/"));
}

const PATH = "r.json: house/x: $.conditions.all[0].value.path";

describe("R27 an option compared with a fact of another kind", () => {
  it("R27 is refused by the option's declared type at the condition's value path, whatever JSON type its value has", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      // A count, a percentage or a plain decimal read as an amount of money.
      [
        "price",
        { type: "integer", default: 12 },
        "price is money, and options.x is an integer option: money facts are compared with money options",
      ],
      [
        "price",
        { type: "percent", default: "15" },
        "price is money, and options.x is a percent option: money facts are compared with money options",
      ],
      [
        "price",
        { type: "decimal", default: "2.5" },
        "price is money, and options.x is a decimal option: money facts are compared with money options",
      ],
      // An amount of money read as a percentage, or as a size in grams.
      [
        "discountPercent",
        { type: "money", default: "5.00" },
        "discountPercent is a ratio, and options.x is a money option: ratio facts are compared with percent, decimal or integer options",
      ],
      [
        "product.size",
        { type: "money", default: "1" },
        "product.size is a quantity, and options.x is a money option: quantity facts are compared with decimal or integer options",
      ],
      [
        "stock",
        { type: "money", default: "3" },
        "stock is a number, and options.x is a money option: number facts are compared with integer or decimal options",
      ],
      [
        "stock",
        { type: "percent", default: 3 },
        "stock is a number, and options.x is a percent option: number facts are compared with integer or decimal options",
      ],
      [
        "sku",
        { type: "integer", default: 3 },
        "sku is a string, and options.x is an integer option: string facts are compared with string or enum options",
      ],
      [
        "onSale",
        { type: "string", default: "true" },
        "onSale is a boolean, and options.x is a string option: boolean facts are compared with boolean options",
      ],
    ];
    for (const [fact, option, message] of cases) {
      const operator = fact === "sku" || fact === "onSale" ? "equal" : "lessThan";
      expect(refusal(withOption(fact, operator, option)), `${fact} ${JSON.stringify(option)}`).toBe(`${PATH}: ${message}`);
    }
  });

  it('R27 refuses a decimal that is not a whole number against a number fact, 2.5 and "2.5" alike, naming where it was set', () => {
    const rule = withOption("stock", "lessThan", { type: "decimal", default: "3" });
    const set = (shown: string) =>
      `${PATH}: stock is a number, and options.x is ${shown} (set by ruleSettings["house/x"].x): number facts are compared with integer or decimal options, a decimal one holding a whole number`;
    expect(refusal(rule, { x: 2.5 })).toBe(set("2.5"));
    expect(refusal(rule, { x: "2.5" })).toBe(set('"2.5"'));
    for (const x of [2.5, "2.5"]) {
      expect(refusal(withOption("stock", "lessThan", { type: "decimal", default: x }))).toBe(
        `${PATH}: stock is a number, and options.x is ${JSON.stringify(x)} (its default, $.options.x.default): number facts are compared with integer or decimal options, a decimal one holding a whole number`,
      );
    }
  });

  it("R27 accepts each kind its facts count in, as the built-in rules use them", () => {
    const accepted: [string, string, Record<string, unknown>][] = [
      ["price", "lessThan", { type: "money", default: "5.00" }],
      ["discountPercent", "greaterThan", { type: "percent", default: "90" }],
      ["markup", "lessThan", { type: "decimal", default: "0.1" }],
      ["priceIncreasePercent", "greaterThan", { type: "integer", default: 50 }],
      ["product.size", "lessThan", { type: "decimal", default: "499.5" }],
      ["stock", "lessThan", { type: "integer", default: 3 }],
      ["stock", "lessThan", { type: "decimal", default: "3.000" }],
      ["sku", "equal", { type: "enum", values: ["A", "B"], default: "A" }],
      ["channel", "equal", { type: "string", default: "web" }],
      ["onSale", "equal", { type: "boolean", default: true }],
      ["saleEnd", "lessThan", { type: "string", default: "2026-06-30" }],
    ];
    for (const [fact, operator, option] of accepted) expect(refusal(withOption(fact, operator, option)), fact).toBeNull();
  });

  it('R27 reads a whole decimal the same written 3 or "3", as default or setting', async () => {
    // Stock 2 at MI01 and 3 at RM01: below 3 at MI01 only.
    const feeds = {
      prices: [
        { sku: "A", channel: "store", location: "MI01", price: "10.00" },
        { sku: "A", channel: "store", location: "RM01", price: "10.00" },
      ],
      inventory: [
        { sku: "A", location: "MI01", available: "2" },
        { sku: "A", location: "RM01", available: "3" },
      ],
    };
    const low = (x: unknown) => ({ ...withOption("stock", "lessThan", { type: "decimal", default: x }), message: "{stock} at {location}" });
    const messages = async (rule: unknown, settings: Record<string, unknown> = {}) =>
      (await run(feeds, [rule], settings)).map((f) => f.message);
    expect(await messages(low(3))).toStrictEqual(["2 at MI01"]);
    expect(await messages(low("3"))).toStrictEqual(["2 at MI01"]);
    expect(await messages(low("9"), { "house/x": { x: "3" } })).toStrictEqual(["2 at MI01"]);
    expect(await messages(low("9"), { "house/x": { x: 3 } })).toStrictEqual(["2 at MI01"]);
  });
});

describe("R28 a tolerance no comparison of the rule can use", () => {
  const rule = (conditions: unknown, options: Record<string, unknown>): RuleDefinition =>
    ({ id: "house/x", description: "d", severity: "info", scope: "offer", options, conditions, message: "m" }) as RuleDefinition;

  it("R28 is refused at the option's path, naming the rule's comparisons; beside one money comparison it is taken, as by every built-in rule", () => {
    const discount = {
      all: [
        { fact: "onSale", operator: "equal", value: true },
        { fact: "discountPercent", operator: "notEqual", value: "25" },
      ],
    };
    expect(refusal(rule(discount, { tolerancePercent: "1" }))).toBe(
      "r.json: house/x: $.options.tolerancePercent: only comparisons of money amounts take a tolerance (tolerancePercent widens their equal, notEqual, lessThan, greaterThan, in and notIn), and this rule has none: its comparisons are onSale (boolean) equal, discountPercent (ratio) notEqual; remove it from the options",
    );
    const size = { all: [{ fact: "product.size", operator: "equal", value: "499" }] };
    const both = { tolerance: { type: "money", default: "1", description: "t" }, tolerancePercent: "0" };
    expect(refusal(rule(size, both))).toBe(
      "r.json: house/x: $.options.tolerance: only comparisons of money amounts take a tolerance (tolerance and tolerancePercent widen their equal, notEqual, lessThan, greaterThan, in and notIn), and this rule has none: its comparisons are product.size (quantity) equal; remove them from the options",
    );
    expect(refusal(rule({ all: [] }, { tolerance: "0.01" }))).toBe(
      "r.json: house/x: $.options.tolerance: only comparisons of money amounts take a tolerance (tolerance widens their equal, notEqual, lessThan, greaterThan, in and notIn), and this rule has none: it compares nothing; remove it from the options",
    );
    const some = {
      any: [
        { fact: "product.packQty", operator: "greaterThan", value: 1 },
        { fact: "price", operator: "notEqual", value: { fact: "product.cost" } },
      ],
    };
    expect(refusal(rule(some, { tolerancePercent: "1" }))).toBeNull();
    const channels = new Set(["web", "store", "app", "click_collect", "landing_page", "marketplace"]);
    for (const builtin of BUILTIN_RULES) {
      expect(
        () => compileRule(builtin, {}, { ...ENV, channels: new Set([...channels, ...(builtin.channels ?? [])]) }, "built-in"),
        builtin.id,
      ).not.toThrow();
    }
  });
});

describe("explain and rules with a config's house rules", () => {
  /** A folder with a config naming the recommended rules and a rule file of one house rule. */
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-house-explain-"));
    const house = {
      id: "house/web-not-above-store",
      description: "The web price is above the store's.",
      severity: "warning",
      scope: "pair",
      channels: ["web", "store"],
      options: { tolerance: { type: "money", default: "0.05", min: "0", description: "cents that do not count" } },
      conditions: {
        all: [{ fact: "web", path: "$.effectivePrice", operator: "greaterThan", value: { fact: "store", path: "$.effectivePrice" } }],
      },
      message: "web {web.effectivePrice} above store {store.effectivePrice}",
    };
    writeFileSync(join(dir, "house.json"), JSON.stringify(house));
    writeFileSync(
      join(dir, "pricelint.config.json"),
      JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "prices.csv" }], rules: ["recommended", "./house.json"] }),
    );
    writeFileSync(join(dir, "prices.csv"), "sku,channel,price\nA,web,1.00\n");
    return dir;
  }

  it("explains a house rule named by --config, with its options, conditions and file", async () => {
    const config = join(project(), "pricelint.config.json");
    const { code, stdout, stderr } = await runCli(["explain", "house/web-not-above-store", "--config", config]);
    expect([code, stderr]).toStrictEqual([0, ""]);
    const lines = stdout.split("\n");
    expect(lines.slice(0, 2)).toStrictEqual([
      "house/web-not-above-store — warning, pair scope (web, store)",
      "The web price is above the store's.",
    ]);
    expect(lines).toContain('  tolerance: money ≥ 0, default "0.05" — cents that do not count');
    expect(lines).toContain("    web.effectivePrice greaterThan store.effectivePrice");
    expect(lines).toContain('  "rules": ["./house.json"]   (the rule file that defines it, with its other rules)');
    expect(lines).toContain('  "ruleSettings": { "house/web-not-above-store": { "severity": "warning", "tolerance": "0.05" } }');
    expect(stdout).not.toContain("As a rule file");
  });

  it("explains a house rule from the config in the working directory, and a built-in rule with no config at all", async () => {
    const dir = project();
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const house = await runCli(["explain", "house/web-not-above-store"]);
      expect([house.code, house.stdout.split("\n")[0]]).toStrictEqual([0, "house/web-not-above-store — warning, pair scope (web, store)"]);
      process.chdir(mkdtempSync(join(tmpdir(), "pricelint-no-config-")));
      const builtin = await runCli(["explain", "price/non-positive"]);
      expect([builtin.code, builtin.stdout.split("\n")[0]]).toStrictEqual([0, "price/non-positive — error, offer scope"]);
      expect(await runCli(["explain", "house/web-not-above-store"])).toStrictEqual({
        code: 2,
        stdout: "",
        stderr:
          'pricelint: no built-in rule "house/web-not-above-store"; pricelint rules lists them, and explain --config FILE explains the house rules of a config\n',
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it("lists the config's house rules with their file, and refuses a rule check would refuse", async () => {
    const dir = project();
    const { code, stdout } = await runCli(["rules", "--json", "--config", join(dir, "pricelint.config.json")]);
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { id: string; file?: string }[];
    expect(listed.filter((r) => r.file !== undefined).map((r) => [r.id, r.file])).toStrictEqual([
      ["house/web-not-above-store", "./house.json"],
    ]);
    expect(listed.length).toBe(BUILTIN_RULES.length + 1);
    writeFileSync(
      join(dir, "house.json"),
      JSON.stringify({ ...withOption("price", "lessThan", { type: "integer", default: 12 }, "house/web-not-above-store"), message: "m" }),
    );
    const refused = await runCli(["explain", "house/web-not-above-store", "--config", join(dir, "pricelint.config.json")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("$.conditions.all[0].value.path: price is money, and options.x is an integer option");
  });
});

describe("R29 an object with a rules list beside other keys", () => {
  const rule = {
    id: "house/outer",
    description: "d",
    severity: "error",
    scope: "offer",
    conditions: { all: [{ fact: "price", operator: "greaterThan", value: "1" }] },
    message: "price {price}",
  };

  it("R29 is refused, naming the keys, rather than read as an empty list of rules (the rule dropped without a word)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-rules-key-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,currency,price\nA,web,EUR,10.00\n");
    const cases: [string, unknown][] = [
      ["a rule with a stray rules key", { ...rule, rules: [] }],
      ["a list beside settings", { rules: [rule], ruleSettings: {} }],
    ];
    for (const [what, content] of cases) {
      writeFileSync(join(dir, "house.json"), JSON.stringify(content));
      writeFileSync(
        join(dir, "c.json"),
        JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["./house.json"] }),
      );
      const { code, stderr } = await runCli(["check", "--config", join(dir, "c.json"), "--at", "2026-01-01"]);
      const others = Object.keys(content as object).filter((k) => k !== "rules");
      expect([what, code, stderr]).toStrictEqual([
        what,
        2,
        `pricelint: ./house.json: an object with a "rules" list holds the rules of the file and nothing else, but this one also has ${others.map((k) => JSON.stringify(k)).join(", ")}: write one rule (without "rules"), or the list alone\n`,
      ]);
    }
    // The list alone, and the rule alone, are read: the rule fires on 10.00.
    for (const content of [{ rules: [rule] }, rule]) {
      writeFileSync(join(dir, "house.json"), JSON.stringify(content));
      const { code, stdout } = await runCli(["check", "--config", join(dir, "c.json"), "--at", "2026-01-01", "--format", "json"]);
      expect(code).toBe(1);
      expect((JSON.parse(stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toStrictEqual(["house/outer"]);
    }
  });
});

describe("R30 a rule literal or setting written with a comma or a grouping", () => {
  it("R30 is refused saying how a rule writes an amount, not pointing at a feed's number format", () => {
    const rule = (value: string) =>
      ({
        id: "house/big",
        description: "d",
        severity: "error",
        scope: "offer",
        conditions: { all: [{ fact: "price", operator: "greaterThan", value }] },
        message: "m",
      }) as unknown as RuleDefinition;
    for (const value of ["1,000", "1,5", "12,34"])
      expect(refusal(rule(value))).toBe(
        `r.json: house/big: $.conditions.all[0].value: "${value}" may mean two amounts here: a rule or setting writes an amount with "." as its decimal separator and no grouping ("1000", "1.5")`,
      );
    // A grouping with a decimal part says what it is.
    expect(refusal(rule("1,000.50"))).toBeNull();
    expect(refusal(rule("1000"))).toBeNull();
  });
});

describe("R31 an instant option whose value is not an instant", () => {
  it("R31 is refused naming where the value was set: the setting, or the option's default", () => {
    const rule = (fallback: string) =>
      ({
        id: "house/ends-late",
        description: "d",
        severity: "error",
        scope: "offer",
        options: { cutoff: { type: "string", default: fallback, description: "c" } },
        conditions: { all: [{ fact: "saleEnd", operator: "greaterThan", value: { fact: "options", path: "$.cutoff" } }] },
        message: "m",
      }) as unknown as RuleDefinition;
    expect(refusal(rule("2026-01-31"), { cutoff: "31/01/2026" })).toBe(
      'r.json: house/ends-late: $.conditions.all[0].value.path: options.cutoff is "31/01/2026" (set by ruleSettings["house/ends-late"].cutoff): "31/01/2026" is not an ISO 8601 date or date-time',
    );
    expect(refusal(rule("soon"))).toBe(
      'r.json: house/ends-late: $.conditions.all[0].value.path: options.cutoff is "soon" (its default, $.options.cutoff.default): "soon" is not an ISO 8601 date or date-time',
    );
    expect(refusal(rule("2026-01-31"), { cutoff: "2026-02-28" })).toBeNull();
  });
});

describe("R32 a scope option on a rule that reads no prior price", () => {
  it("R32 is refused at the option, as an unused tolerance is (R28); beside priorPrice, in the conditions or the message, it is taken", () => {
    const rule = (fact: string, message = "m") =>
      ({
        id: "house/deep",
        description: "d",
        severity: "error",
        scope: "offer",
        options: { scope: "offer" },
        conditions: { all: [{ fact, operator: "greaterThan", value: "50" }] },
        message,
      }) as unknown as RuleDefinition;
    expect(refusal(rule("discountPercent"), { scope: "company" })).toBe(
      "r.json: house/deep: $.options.scope: only the prior-price facts (priorPrice, priorPeriodCovered) read scope, and this rule reads neither: remove it from the options",
    );
    expect(refusal(rule("priorPrice"), { scope: "company" })).toBeNull();
    expect(refusal(rule("discountPercent", "was {priorPrice}"), { scope: "company" })).toBeNull();
  });
});

describe("R33 a pair rule on a channel whose id holds a dot or starts with a digit", () => {
  it("R33 reads <channel>.<fact> after the whole channel id, in conditions and messages, where it was refused naming the very fact it listed", async () => {
    const rows = [
      { sku: "A", channel: "web", price: "10.00" },
      { sku: "A", channel: "mp.amazon", price: "12.00" },
      { sku: "A", channel: "2nd", price: "11.00" },
      { sku: "B", channel: "web", price: "10.00" },
      { sku: "B", channel: "mp.amazon", price: "9.99" },
      { sku: "B", channel: "2nd", price: "10.00" },
    ];
    const above = (channel: string) => ({
      id: `house/${channel.replace(".", "-")}-above-web`,
      description: "d",
      severity: "error",
      scope: "pair",
      channels: [channel, "web"],
      conditions: {
        all: [{ fact: channel, path: "$.effectivePrice", operator: "greaterThan", value: { fact: "web", path: "$.effectivePrice" } }],
      },
      message: `${channel} {${channel}.effectivePrice} above web {web.effectivePrice}`,
    });
    const report = await check(
      {
        timezone: "UTC",
        currency: "EUR",
        channels: { "mp.amazon": { located: false }, "2nd": { located: false } },
        feeds: { prices: rows },
        rules: [above("mp.amazon"), above("2nd")],
      } as Parameters<typeof check>[0],
      { at: AT },
    );
    // Only A is above web in each: 12.00 and 11.00 against 10.00; B's 9.99 and 10.00 are not.
    expect(report.findings.map((f) => [f.rule, f.sku, f.message, f.values])).toStrictEqual([
      ["house/2nd-above-web", "A", "2nd 11.00 above web 10.00", { "2nd.effectivePrice": "11.00", "web.effectivePrice": "10.00" }],
      [
        "house/mp-amazon-above-web",
        "A",
        "mp.amazon 12.00 above web 10.00",
        { "mp.amazon.effectivePrice": "12.00", "web.effectivePrice": "10.00" },
      ],
    ]);
  });
});

describe("explain's outline of a rule's conditions", () => {
  it("writes the duration plus moves a fact by, on either side, as --explain labels it", async () => {
    const { formatConditions } = await import("../src/report/condition-tree.js");
    const conditions = {
      any: [
        { fact: "saleEnd", operator: "lessThanInclusive", value: { fact: "now", plus: "P3D" } },
        { fact: "now", plus: "-PT1H", operator: "greaterThan", value: "2026-06-01" },
        { fact: "web", path: "$.effectivePrice", operator: "greaterThan", value: { fact: "store", path: "$.effectivePrice" } },
      ],
    };
    expect(formatConditions(conditions)).toStrictEqual([
      "  any",
      "    saleEnd lessThanInclusive now+P3D",
      '    now-PT1H greaterThan "2026-06-01"',
      "    web.effectivePrice greaterThan store.effectivePrice",
    ]);
  });

  it("R36 quotes a text literal, so that it reads neither as a fact nor as nothing, and the evaluated tree alike", async () => {
    const { formatConditions, formatExplanation } = await import("../src/report/condition-tree.js");
    // The brand compared with the category fact, and with the text "product.category": two rules, two outlines.
    expect(formatConditions({ fact: "product.brand", operator: "equal", value: { fact: "product.category" } })).toStrictEqual([
      "  product.brand equal product.category",
    ]);
    expect(formatConditions({ fact: "product.brand", operator: "equal", value: "product.category" })).toStrictEqual([
      '  product.brand equal "product.category"',
    ]);
    // The empty text and one led by a space, as written; a number and a list in JSON as before.
    const conditions = {
      any: [
        { fact: "product.brand", operator: "equal", value: "" },
        { fact: "product.brand", operator: "equal", value: " all" },
        { fact: "stock", operator: "lessThan", value: 3 },
        { fact: "sku", operator: "in", value: ["A", "B"] },
      ],
    };
    expect(formatConditions(conditions)).toStrictEqual([
      "  any",
      '    product.brand equal ""',
      '    product.brand equal " all"',
      "    stock lessThan 3",
      '    sku in ["A","B"]',
    ]);
    // --explain: the fact's value as the finding shows it, the literal as the rule writes it.
    const leaf = (value: unknown, valueFact: string | null = null) =>
      ({ kind: "leaf", verdict: 0, fact: "product.brand", factValue: "acme", operator: "equal", valueFact, value }) as const;
    expect(
      formatExplanation({ kind: "any", verdict: 0, children: [leaf(""), leaf("product.category"), leaf("tools", "product.category")] }, ""),
    ).toStrictEqual([
      "[false] any",
      '  [false] product.brand = acme equal ""',
      '  [false] product.brand = acme equal "product.category"',
      "  [false] product.brand = acme equal product.category = tools",
    ]);
  });
});

describe("R34 an option's value in a finding", () => {
  it("R34 is shown as the fact it is compared with is (money at the minor unit), whether set as a number or a text; in a message alone, money at the config currency's minor unit", async () => {
    const rule = {
      id: "house/cap",
      description: "d",
      severity: "error",
      scope: "offer",
      options: {
        cap: { type: "money", default: "100", description: "the highest price" },
        floor: { type: "money", default: "1", description: "shown only" },
        share: { type: "percent", default: "50", description: "compared with a ratio" },
      },
      conditions: {
        all: [
          { fact: "effectivePrice", operator: "greaterThan", value: { fact: "options", path: "$.cap" } },
          { fact: "discountPercent", operator: "lessThan", value: { fact: "options", path: "$.share" } },
        ],
      },
      message: "{effectivePrice} above {options.cap} (floor {options.floor})",
    };
    const rows = [{ sku: "A", channel: "web", price: "120.00", sale_price: "99.60" }];
    for (const cap of [99.5, "99.5", "99.500"]) {
      for (const share of [50, "50", "50.0"]) {
        const [finding] = await run({ prices: rows }, [rule], { "house/cap": { cap, share, floor: 2.5 } });
        // 99.60 > 99.50, and the discount, 17 % (20.40 of 120.00), is below 50 %.
        expect(finding?.values).toStrictEqual({
          discountPercent: "17",
          effectivePrice: "99.60",
          "options.cap": "99.50",
          "options.share": "50",
        });
        expect(finding?.message).toBe("99.60 above 99.50 (floor 2.50)");
      }
    }
  });
});
