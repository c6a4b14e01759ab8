import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, PricelintError } from "../src/index.js";
import { compileRule } from "../src/rules/compile-rule.js";
import type { RuleDefinition } from "../src/rules/rule.js";

const AT = new Date("2026-06-10T00:00:00Z");
const ENV = { channels: new Set(["web", "store", "app"]), minorUnits: {} };

type Leaf = Record<string, unknown>;

const rule = (conditions: unknown, message = "m"): RuleDefinition => ({
  id: "house/x",
  description: "d",
  severity: "info",
  scope: "offer",
  conditions: conditions as RuleDefinition["conditions"],
  message,
});

/** The message of compiling the rule as rule file r.json holds it; null when it compiles. */
function refusal(definition: RuleDefinition): string | null {
  try {
    compileRule(definition, {}, ENV, "r.json");
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(PricelintError);
    expect([(error as PricelintError).code, (error as PricelintError).file]).toStrictEqual(["rule", "r.json"]);
    return (error as PricelintError).message;
  }
}

const leafRefusal = (leaf: Leaf) => refusal(rule({ all: [leaf] }));

describe("R20 an operator that takes a list, given a fact that is not one", () => {
  it("is refused at compile time with the rule file and the JSON path, for every fact type and every decorator", () => {
    const salePrice = { fact: "salePrice" };
    const cases: [Leaf, string][] = [
      // in and notIn look for the fact in the value: a second amount is no list.
      [
        { fact: "price", operator: "in", value: salePrice },
        "$.conditions.all[0].value: in looks for price in salePrice, which is money, not a list",
      ],
      [
        { fact: "price", operator: "notIn", value: salePrice },
        "$.conditions.all[0].value: notIn looks for price in salePrice, which is money, not a list",
      ],
      [
        { fact: "price", operator: "not:in", value: salePrice },
        "$.conditions.all[0].value: not:in looks for price in salePrice, which is money, not a list",
      ],
      [
        { fact: "saleEnd", operator: "in", value: { fact: "now" } },
        "$.conditions.all[0].value: in looks for saleEnd in now, which is an instant, not a list",
      ],
      [
        { fact: "stock", operator: "notIn", value: { fact: "stock" } },
        "$.conditions.all[0].value: notIn looks for stock in stock, which is a number, not a list",
      ],
      // someValue:/everyValue: compare with each item of the value.
      [
        { fact: "price", operator: "someValue:equal", value: salePrice },
        "$.conditions.all[0].value: someValue:equal reads salePrice as a list, and it is money",
      ],
      [
        { fact: "availability", operator: "not:everyValue:notEqual", value: { fact: "pickupMethod" } },
        "$.conditions.all[0].value: not:everyValue:notEqual reads pickupMethod as a list, and it is a string",
      ],
      [
        { fact: "channel", operator: "someValue:in", value: { fact: "product", path: "$.listedChannels" } },
        "$.conditions.all[0].value: someValue:in reads product.listedChannels as a list of lists, and it is a list",
      ],
      // swap:in looks for the value in the fact; swap:contains for the fact in the value.
      [
        { fact: "channel", operator: "swap:in", value: { fact: "sku" } },
        "$.conditions.all[0].operator: swap:in looks for the value in channel, which is a string, not a list",
      ],
      [
        { fact: "price", operator: "swap:in", value: salePrice },
        "$.conditions.all[0].operator: swap:in looks for the value in price, which is money, not a list",
      ],
      [
        { fact: "channel", operator: "swap:contains", value: { fact: "sku" } },
        "$.conditions.all[0].value: swap:contains reads sku as a list, and it is a string",
      ],
      [
        { fact: "product", path: "$.listedChannels", operator: "swap:in", value: { fact: "product", path: "$.listedChannels" } },
        "$.conditions.all[0].value: swap:in reads product.listedChannels as one value, and it is a list",
      ],
      // Literals the other checks let through.
      [
        { fact: "price", operator: "someValue:in", value: ["8.50"] },
        '$.conditions.all[0].value: someValue:in: it takes an array of arrays, got ["8.50"]',
      ],
      [
        { fact: "channel", operator: "someValue:in", value: ["web"] },
        '$.conditions.all[0].value: someValue:in: it takes an array of arrays, got ["web"]',
      ],
      [
        { fact: "channel", operator: "swap:someValue:equal", value: "web" },
        "$.conditions.all[0].operator: swap:someValue:equal reads channel as a list, and it is a string",
      ],
      [
        { fact: "channel", operator: "swap:equal", value: ["web"] },
        '$.conditions.all[0].value: swap:equal: it takes one item, got the list ["web"]',
      ],
    ];
    for (const [leaf, reason] of cases) expect(leafRefusal(leaf), JSON.stringify(leaf)).toBe(`r.json: house/x: ${reason}`);
    // Under a not node, at the node's path.
    expect(refusal(rule({ not: { fact: "price", operator: "in", value: salePrice } }))).toBe(
      "r.json: house/x: $.conditions.not.value: in looks for price in salePrice, which is money, not a list",
    );
  });

  it("names the rule file when the run stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-r20-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price,sale_price\nC,web,8.50,8.50\n");
    writeFileSync(join(dir, "r.json"), JSON.stringify([rule({ not: { fact: "price", operator: "in", value: { fact: "salePrice" } } })]));
    const file = join(dir, "pricelint.config.json");
    writeFileSync(
      file,
      JSON.stringify({ timezone: "UTC", currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["r.json"] }),
    );
    const error = (await check(await loadConfig(file), { at: AT }).catch((e: unknown) => e)) as PricelintError;
    expect(error).toBeInstanceOf(PricelintError);
    expect(error.code).toBe("rule");
    expect(
      error.message.endsWith("r.json: house/x: $.conditions.not.value: in looks for price in salePrice, which is money, not a list"),
    ).toBe(true);
  });

  it("still accepts a list fact there, and compares with its items", async () => {
    const leaves: Leaf[] = [
      { fact: "channel", operator: "in", value: { fact: "product", path: "$.listedChannels" } },
      // Once refused as "cannot compare channel (string) with product.listedChannels (list)".
      { fact: "channel", operator: "someValue:equal", value: { fact: "product", path: "$.listedChannels" } },
      { fact: "product", path: "$.listedChannels", operator: "swap:in", value: { fact: "channel" } },
    ];
    for (const leaf of leaves) {
      const report = await check(
        {
          timezone: "UTC",
          currency: "EUR",
          feeds: {
            prices: [
              { sku: "A", channel: "web", price: "1.00" },
              { sku: "A", channel: "app", price: "1.00" },
            ],
            catalogue: [{ sku: "A", listed_channels: "web|store" }],
          },
          rules: [rule({ all: [leaf] })],
        } as Parameters<typeof check>[0],
        { at: AT },
      );
      // web is listed, app is not.
      expect(
        report.findings.map((f) => [f.sku, ...f.channels]),
        JSON.stringify(leaf),
      ).toStrictEqual([["A", "web"]]);
    }
  });
});

describe("R24 a message's braces around what is not a placeholder", () => {
  it("are refused, as an unknown fact is, rather than shown as written", () => {
    const leaf = { all: [{ fact: "price", operator: "greaterThan", value: "1" }] };
    for (const [message, stray] of [
      ["price { price }", "{ price }"],
      ["first {promotions[0]}", "{promotions[0]}"],
      ["{price} and {}", "{}"],
    ]) {
      expect(refusal(rule(leaf, message)), message).toBe(
        `r.json: house/x: $.message: "${stray}" is not a placeholder: write {fact}, {fact.name} or {fact|text when it is missing}, without spaces or indexes`,
      );
    }
    // Braces alone stay text; a fallback may hold a |.
    expect(refusal(rule(leaf, "{{price}} {salePrice|a|b} {price|x}y}"))).toBeNull();
  });
});

describe("R25 a path index with a leading zero", () => {
  it('is refused: JSONPath reads [01] as the key "01", which no list has', () => {
    expect(leafRefusal({ fact: "product", path: "$.listedChannels[01]", operator: "equal", value: "web" })).toBe(
      `r.json: house/x: $.conditions.all[0].path: unsupported path "$.listedChannels[01]": use $.name, $.a.b, $['a b'] or $.list[0]`,
    );
    expect(leafRefusal({ fact: "product", path: "$.listedChannels[0]", operator: "equal", value: "web" })).toBeNull();
    expect(leafRefusal({ fact: "product", path: "$.listedChannels[10]", operator: "equal", value: "web" })).toBeNull();
  });
});
