/**
 * `--explain`: each leaf says what decided its verdict when the two values it shows do not: a
 * money tolerance, two currencies or tax bases (unknown though both facts have values), an
 * instant literal as it was read. Every expected note is worked out by hand beside it.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import type { Explanation } from "../src/model/explanation.js";
import { formatExplanation } from "../src/report/condition-tree.js";

type Row = Record<string, string>;

async function explained(input: {
  timezone?: string;
  feeds: Record<string, Row[]>;
  rule: Record<string, unknown>;
  setting?: Record<string, unknown>;
  at: string;
}) {
  const config = {
    timezone: input.timezone ?? "UTC",
    currency: "EUR",
    feeds: input.feeds,
    rules: [{ id: "house/x", description: "d", severity: "warning", message: "{sku}", ...input.rule }],
    ...(input.setting ? { ruleSettings: { "house/x": input.setting } } : {}),
  };
  const report = await check(config as Parameters<typeof check>[0], { at: new Date(input.at), explain: true });
  const found = report.findings.filter((f) => f.rule === "house/x");
  return new Map(found.map((f) => [f.sku, leaves(f.explanation!)]));
}

/** Each leaf as [verdict, fact, operator, note]; no note where the values say it all. */
function leaves(node: Explanation): [number, string, string, string | undefined][] {
  if (node.kind !== "leaf") return node.children.flatMap(leaves);
  return [[node.verdict, node.fact, node.operator, node.note]];
}

describe("an explanation's leaves say what decided them", () => {
  it("names the tolerance that made money equal or in a list, and the currencies or tax bases that made it unknown", async () => {
    const found = await explained({
      feeds: {
        prices: [
          { sku: "A", channel: "web", price: "10.04", currency: "EUR", tax_included: "true" },
          { sku: "D", channel: "web", price: "20.00", currency: "USD", tax_included: "true" },
          { sku: "E", channel: "web", price: "12.00", currency: "EUR", tax_included: "false" },
          { sku: "A", channel: "store", location: "MI01", price: "10.03" },
          { sku: "D", channel: "store", location: "MI01", price: "19.00" },
          { sku: "E", channel: "store", location: "MI01", price: "12.00" },
        ],
      },
      rule: {
        scope: "pair",
        channels: ["web", "store"],
        options: { tolerance: "0.05" },
        conditions: {
          any: [
            { not: { fact: "web.effectivePrice", operator: "equal", value: { fact: "store.effectivePrice" } } },
            { fact: "web.price", operator: "in", value: ["10.00", "30.00"] },
            { fact: "sku", operator: "in", value: ["D", "E"] },
          ],
        },
      },
      // The tolerance in dollars too: D's web price is in USD.
      setting: { currencies: { USD: { tolerance: "0.05" } } },
      at: "2026-11-15T12:00:00Z",
    });
    // A: |10.04 − 10.03| = 0.01 ≤ 0.05, so equal (and its not false); |10.04 − 10.00| = 0.04 ≤ 0.05, so in: it fired on that.
    expect(found.get("A")).toStrictEqual([
      [1, "web.effectivePrice", "equal", "within tolerance 0.05"],
      [1, "web.price", "in", "within tolerance 0.05 of 10.00"],
      [0, "sku", "in", undefined],
    ]);
    // D: dollars against euros are not compared; nor is its dollar price with the list's amounts,
    // written in the rule and so in the config's euros, which no setting gives in dollars (M32).
    expect(found.get("D")).toStrictEqual([
      [-1, "web.effectivePrice", "equal", "unknown: currencies differ, USD vs EUR"],
      [
        -1,
        "web.price",
        "in",
        "unknown: decided by an amount in the config's currency (a tolerance, a money option or an amount the conditions write), which the rule does not give in this offer's currency",
      ],
      [1, "sku", "in", undefined],
    ]);
    // E: 12.00 without tax against 12.00 with it (a store price includes tax unless it says not).
    expect(found.get("E")).toStrictEqual([
      [-1, "web.effectivePrice", "equal", "unknown: tax bases differ, tax excluded vs tax included"],
      [0, "web.price", "in", "beyond tolerance 0.05 of each"],
      [1, "sku", "in", undefined],
    ]);
  });

  it("names a percentage tolerance with the amount it allows, and a strict comparison the tolerance made false", async () => {
    const found = await explained({
      feeds: {
        prices: [
          { sku: "P", channel: "web", price: "1.99" },
          { sku: "L", channel: "web", price: "2.45" },
        ],
      },
      rule: {
        scope: "offer",
        options: { tolerancePercent: "10", tolerance: "0.05" },
        conditions: {
          any: [{ fact: "price", operator: "notEqual", value: "2.49" }, { not: { fact: "price", operator: "lessThan", value: "2.49" } }],
        },
      },
      at: "2026-11-15T12:00:00Z",
    });
    // 10 % of 2.49 is 0.249, more than 0.05: 1.99 is 0.50 from 2.49, beyond it; so 1.99 < 2.49 − 0.249.
    expect(found.get("P")).toStrictEqual([
      [1, "price", "notEqual", "beyond tolerance 10 % of 2.49 = 0.249"],
      [1, "price", "lessThan", "beyond tolerance 10 % of 2.49 = 0.249"],
    ]);
    // 2.45 is 0.04 from 2.49: equal within 0.249, and not below it by more than that.
    expect(found.get("L")).toStrictEqual([
      [0, "price", "notEqual", "within tolerance 10 % of 2.49 = 0.249"],
      [0, "price", "lessThan", "within tolerance 10 % of 2.49 = 0.249"],
    ]);
  });

  it("names the list value a percentage tolerance matched once, as it does an absolute one's", async () => {
    const found = await explained({
      feeds: { prices: [{ sku: "Q", channel: "web", price: "10.04" }] },
      rule: {
        scope: "offer",
        options: { tolerancePercent: "5" },
        conditions: { all: [{ fact: "price", operator: "in", value: ["10.00", "30.00"] }] },
      },
      at: "2026-11-15T12:00:00Z",
    });
    // 5 % of 10.00 is 0.50; 10.04 is 0.04 from it: in the list within that tolerance.
    expect(found.get("Q")).toStrictEqual([[1, "price", "in", "within tolerance 5 % of 10.00 = 0.50"]]);
  });

  it("gives an instant literal as it was read: a bare date as its day's end or start in the config's zone, a local time there", async () => {
    const found = await explained({
      timezone: "Europe/Rome",
      feeds: {
        prices: [{ sku: "A", channel: "web", price: "10.00", sale_price: "8.00", sale_start: "2026-06-01", sale_end: "2026-06-30" }],
      },
      rule: {
        scope: "offer",
        conditions: {
          all: [
            { fact: "saleEnd", operator: "lessThanInclusive", value: "2026-06-30" },
            { fact: "now", operator: "greaterThan", value: "2026-06-10T12:00" },
            { fact: "now", operator: "lessThan", value: "2026-06-20T00:00:00.000Z" },
          ],
        },
      },
      at: "2026-06-15T12:00:00Z",
    });
    // sale_end 2026-06-30 ends at midnight after 30 June in Rome (UTC+2 in summer): 22:00 UTC; 12:00 in Rome is 10:00 UTC.
    expect(found.get("A")).toStrictEqual([
      [1, "saleEnd", "lessThanInclusive", "2026-06-30 read as the end of that day in Europe/Rome: 2026-06-30T22:00:00.000Z"],
      [1, "now", "greaterThan", "2026-06-10T12:00 read as 2026-06-10T10:00:00.000Z (in Europe/Rome)"],
      [1, "now", "lessThan", undefined],
    ]);
  });

  it("M39 writes the amounts of a tolerance note at the fact's currency's minor unit, more where they have more: 1510 yen, 1.510 dinars", async () => {
    const prices = [
      { sku: "J", channel: "web", price: "1500", currency: "JPY" },
      { sku: "J", channel: "store", location: "MI01", price: "1510", currency: "JPY" },
      { sku: "K", channel: "web", price: "1.500", currency: "KWD" },
      { sku: "K", channel: "store", location: "MI01", price: "1.510", currency: "KWD" },
    ];
    const rule = (options: Record<string, string>) => ({
      scope: "pair",
      channels: ["web", "store"],
      options,
      conditions: { all: [{ fact: "web.effectivePrice", operator: "notEqual", value: { fact: "store.effectivePrice" } }] },
    });
    const at = "2026-11-15T12:00:00Z";
    // |1500 − 1510| = 10 > 5 yen; |1.500 − 1.510| = 0.010 > 0.005 dinars. Before: "tolerance 5.00".
    const absolute = await explained({
      feeds: { prices },
      rule: rule({ tolerance: "0.05" }),
      setting: { currencies: { JPY: { tolerance: "5" }, KWD: { tolerance: "0.005" } } },
      at,
    });
    expect(absolute.get("J")).toStrictEqual([[1, "web.effectivePrice", "notEqual", "beyond tolerance 5"]]);
    expect(absolute.get("K")).toStrictEqual([[1, "web.effectivePrice", "notEqual", "beyond tolerance 0.005"]]);
    // 0.5 % of 1510 is 7.55 (10 beyond it); of 1.510, 0.00755 (0.010 beyond it). Before: "of 1510.00", "of 1.51".
    const percent = await explained({ feeds: { prices }, rule: rule({ tolerancePercent: "0.5" }), at });
    expect(percent.get("J")).toStrictEqual([[1, "web.effectivePrice", "notEqual", "beyond tolerance 0.5 % of 1510 = 7.55"]]);
    expect(percent.get("K")).toStrictEqual([[1, "web.effectivePrice", "notEqual", "beyond tolerance 0.5 % of 1.510 = 0.00755"]]);
  });
  it("M41 shows a percentage that passes a limit of 6 decimals with the digits that pass it, in the leaf, the values and the message", async () => {
    // 1.00 off 3.00 is 100/3 % = 33.3333333…%: more than a maxPercent of 33.333333, and shown so.
    const above = await check(
      {
        currency: "EUR",
        feeds: { prices: [{ sku: "A", channel: "web", price: "3.00", sale_price: "2.00" }] },
        rules: ["price/excessive-discount"],
        ruleSettings: { "price/excessive-discount": { maxPercent: "33.333333" } },
      },
      { at: new Date("2026-11-15T12:00:00Z"), explain: true },
    );
    const [discount] = above.findings;
    expect(discount!.values).toStrictEqual({ discountPercent: "33.3333333", "options.maxPercent": "33.333333" });
    expect(discount!.message).toBe("web at every location: 2.00 is more than 33.333333% below the price 3.00 (discount 33.3333333%)");
    expect(formatExplanation(discount!.explanation!, "")).toStrictEqual([
      "[true] all",
      "  [true] discountPercent = 33.3333333 greaterThan options.maxPercent = 33.333333",
    ]);
    // 2.00 off 3.00 is 200/3 % = 66.6666666…%: less than 66.666667, and shown so (66.6666667 < 66.666667).
    const below = await check(
      {
        currency: "EUR",
        feeds: { prices: [{ sku: "A", channel: "web", price: "3.00", sale_price: "1.00" }] },
        rules: [
          {
            id: "house/shallow",
            description: "d",
            severity: "error",
            scope: "offer",
            conditions: { all: [{ fact: "discountPercent", operator: "lessThan", value: "66.666667" }] },
            message: "discount {discountPercent} below 66.666667",
          },
        ],
      },
      { at: new Date("2026-11-15T12:00:00Z"), explain: true },
    );
    const shallow = below.findings.find((f) => f.rule === "house/shallow")!;
    expect(shallow.values).toStrictEqual({ discountPercent: "66.6666667" });
    expect(shallow.message).toBe("discount 66.6666667 below 66.666667");
    expect(formatExplanation(shallow.explanation!, "")).toStrictEqual([
      "[true] all",
      '  [true] discountPercent = 66.6666667 lessThan "66.666667"',
    ]);
  });
});
