import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import type { RuleDefinition } from "../src/rules/rule.js";

type Row = Record<string, unknown>;

const AT = new Date("2026-06-10T00:00:00Z");

const rule = (
  id: string,
  conditions: unknown,
  scope: RuleDefinition["scope"] = "offer",
  extra: Partial<RuleDefinition> = {},
): RuleDefinition => ({
  id: `house/${id}`,
  description: "d",
  severity: "info",
  scope,
  conditions: conditions as RuleDefinition["conditions"],
  ...extra,
});

const leaf = (fact: string, operator: string, value: unknown): Record<string, unknown> => ({ fact, operator, value });

/** The findings of the rules, as `rule sku` (promotion scope: `rule promotion`), sorted. */
async function fired(feeds: Record<string, Row[]>, rules: RuleDefinition[], timezone = "UTC"): Promise<string[]> {
  const report = await check({ timezone, currency: "EUR", feeds, rules } as Parameters<typeof check>[0], { at: AT });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings.map((f) => `${f.rule.slice("house/".length)} ${f.promotion ?? f.sku}`).sort();
}

describe("R21 conflictingFields of an offer whose rows agree", () => {
  it("is the empty list, not missing: doesNotContain holds for it", async () => {
    // A: one row; B: two rows that disagree on the sale price; C: the same row twice.
    const prices: Row[] = [
      { sku: "A", channel: "web", price: "10.00" },
      { sku: "B", channel: "web", price: "10.00", sale_price: "8.00" },
      { sku: "B", channel: "web", price: "10.00", sale_price: "7.00" },
      { sku: "C", channel: "web", price: "10.00" },
      { sku: "C", channel: "web", price: "10.00" },
    ];
    const rules = [
      rule("no-price-conflict", { all: [leaf("conflictingFields", "doesNotContain", "price")] }),
      rule("not-sale-conflict", { not: leaf("conflictingFields", "contains", "sale_price") }),
      rule("sale-conflict", { all: [leaf("conflictingFields", "contains", "sale_price")] }),
      rule("no-conflict", { all: [leaf("duplicateConflict", "equal", false)] }),
    ];
    expect(await fired({ prices }, rules)).toStrictEqual([
      "no-conflict A",
      "no-conflict C",
      "no-price-conflict A",
      "no-price-conflict B",
      "no-price-conflict C",
      "not-sale-conflict A",
      "not-sale-conflict C",
      "sale-conflict B",
    ]);
  });
});

describe("R22 an offer whose duplicate rows disagree on the currency alone", () => {
  // Every amount is the same in both rows; only the currency differs, so no amount is known.
  const amounts = {
    price: "10.00",
    sale_price: "8.00",
    member_price: "7.00",
    reference_price: "12.00",
    lowest_price_30d: "9.00",
    unit_price: "20.00",
  };
  const rows = (first: string, second: string): Row[] => [
    { sku: "A", channel: "web", currency: first, ...amounts },
    { sku: "A", channel: "web", currency: second, ...amounts },
    // The control: the same amounts in one row.
    { sku: "B", channel: "web", currency: "EUR", ...amounts },
  ];
  const catalogue: Row[] = [
    { sku: "A", cost: "5.00" },
    { sku: "B", cost: "5.00" },
  ];
  const facts = [
    "price",
    "salePrice",
    "memberPrice",
    "referencePrice",
    "lowestPrice30d",
    "unitPrice",
    "lowestPriceApplied30d",
    "effectivePrice",
  ];
  const id = (fact: string) => fact.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const rules = [
    ...facts.map((fact) => rule(id(fact), { all: [leaf(fact, "greaterThan", "0")] })),
    // Not over an unknown comparison is unknown too.
    rule("not-price-small", { not: leaf("price", "lessThan", "1") }),
    rule("above-cost", { all: [leaf("price", "greaterThan", { fact: "product.cost" })] }),
  ];
  const expected = [...facts.map((fact) => `${id(fact)} B`), "above-cost B", "not-price-small B"].sort();

  it.each([
    ["EUR", "USD"],
    ["USD", "EUR"],
  ])("leaves every amount unknown, whichever row comes first (%s, then %s)", async (first, second) => {
    expect(await fired({ prices: rows(first, second), catalogue }, rules)).toStrictEqual(expected);
  });

  it("in pair scope too", async () => {
    const prices: Row[] = [
      ...rows("EUR", "USD"),
      { sku: "A", channel: "store", price: "9.00" },
      { sku: "B", channel: "store", price: "9.00" },
    ];
    const pair = rule(
      "web-above-store",
      { all: [{ fact: "web", path: "$.price", operator: "greaterThan", value: { fact: "store", path: "$.price" } }] },
      "pair",
      {
        channels: ["web", "store"],
      },
    );
    expect(await fired({ prices }, [pair])).toStrictEqual(["web-above-store B"]);
  });
});

describe("R26 an offer whose duplicate rows disagree on the declared lowest price or on the reference price alone", () => {
  // A rows and their control B: the same two rows, but B's agree. A's first row says 9.00, its
  // second 8.00: which one the page shows is not known, whichever row comes first.
  const rows = (field: "lowest_price_30d" | "reference_price", first: string, second: string): Row[] => [
    { sku: "A", channel: "web", currency: "EUR", price: "10.00", sale_price: "8.50", [field]: first },
    { sku: "A", channel: "web", currency: "EUR", price: "10.00", sale_price: "8.50", [field]: second },
    { sku: "B", channel: "web", currency: "EUR", price: "10.00", sale_price: "8.50", [field]: first },
    { sku: "B", channel: "web", currency: "EUR", price: "10.00", sale_price: "8.50", [field]: first },
  ];
  const lowest = rule("lowest-known", { all: [leaf("lowestPriceApplied30d", "greaterThan", "0")] });
  const announced = rule("reference-known", { all: [leaf("announcedReferencePrice", "greaterThan", "0")] });

  it.each([
    ["9.00", "8.00"],
    ["8.00", "9.00"],
  ])("leaves lowestPriceApplied30d and announcedReferencePrice unknown, whichever row comes first (%s, then %s)", async (first, second) => {
    expect(await fired({ prices: rows("lowest_price_30d", first, second) }, [lowest])).toStrictEqual(["lowest-known B"]);
    // The rows are on sale (8.50 below 10.00) and show a reference price: a reduction announced, at the reference price B shows.
    expect(await fired({ prices: rows("reference_price", first, second) }, [announced])).toStrictEqual(["reference-known B"]);
  });
});

describe("R23 a bare-date literal compared with the end of a window", () => {
  // A writes its end as a bare date (the end of 30 June), B as the start of 30 June, C as the end of 30 June.
  const prices: Row[] = [
    { sku: "A", channel: "web", price: "10.00", sale_price: "8.00", sale_start: "2026-06-01", sale_end: "2026-06-30" },
    { sku: "B", channel: "web", price: "10.00", sale_price: "8.00", sale_start: "2026-06-01T00:00:00", sale_end: "2026-06-30T00:00:00" },
    { sku: "C", channel: "web", price: "10.00", sale_price: "8.00", sale_start: "2026-06-02T00:00:00", sale_end: "2026-07-01T00:00:00" },
  ];
  const rules = [
    rule("ends-on", { all: [leaf("saleEnd", "equal", "2026-06-30")] }),
    rule("ends-before", { all: [leaf("saleEnd", "lessThan", "2026-06-30")] }),
    rule("ends-by", { all: [leaf("saleEnd", "lessThanInclusive", "2026-06-30")] }),
    rule("ends-in", { all: [leaf("saleEnd", "in", ["2026-05-31", "2026-06-30"])] }),
    rule("ends-on-plus", { all: [{ fact: "saleEnd", plus: "P1D", operator: "equal", value: "2026-07-01" }] }),
    // A start is read as the start of the day, as its feed field is; so is now.
    rule("starts-on", { all: [leaf("saleStart", "equal", "2026-06-01")] }),
    rule("now-from", { all: [leaf("now", "greaterThanInclusive", "2026-06-10")] }),
  ];

  it.each(["UTC", "Europe/Rome"])("is the end of that day, as the feed reads the same text there (config zone %s)", async (zone) => {
    expect(await fired({ prices }, rules, zone)).toStrictEqual(
      [
        "ends-on A",
        "ends-on C",
        "ends-before B",
        "ends-by A",
        "ends-by B",
        "ends-by C",
        "ends-in A",
        "ends-in C",
        "ends-on-plus A",
        "ends-on-plus C",
        "starts-on A",
        "starts-on B",
        // At 00:00 of the 10th (UTC; 02:00 in Rome): from the start of that day.
        "now-from A",
        "now-from B",
        "now-from C",
      ].sort(),
    );
  });

  it("and so is a promotion's end", async () => {
    const promotions: Row[] = [
      { promo_id: "P1", type: "percent_off", value: "10", channels: "web", skus: "A", start: "2026-06-01", end: "2026-06-30" },
      { promo_id: "P2", type: "percent_off", value: "10", channels: "web", skus: "A", start: "2026-06-01", end: "2026-06-30T00:00:00" },
    ];
    const ends = rule("ends-on", { all: [leaf("end", "equal", "2026-06-30")] }, "promotion");
    const starts = rule("starts-on", { all: [leaf("start", "equal", "2026-06-01")] }, "promotion");
    expect(await fired({ prices: [{ sku: "A", channel: "web", price: "1.00" }], promotions }, [ends, starts])).toStrictEqual([
      "ends-on P1",
      "starts-on P1",
      "starts-on P2",
    ]);
  });
});
