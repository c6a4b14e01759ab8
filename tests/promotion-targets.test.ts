/**
 * The skus, categories and brands a promotion names that nothing has (promo/unknown-sku,
 * promo/unknown-category): such a promotion runs on nothing, usually through a typo or a slip of
 * case, and says so with the nearest spelling the catalogue has, as promo/unknown-location does
 * for stores.
 */
import { describe, expect, it } from "vitest";
import { check, type Finding } from "../src/index.js";
import { BUILTIN_RULES } from "../src/rules/builtin.js";

type Row = Record<string, unknown>;
const AT = new Date("2026-06-15T12:00:00Z");
const RULES = ["promo/unknown-sku", "promo/unknown-category"];

async function run(feeds: Record<string, Row[]>, rules: unknown[] = RULES): Promise<readonly Finding[]> {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules } as never, { at: AT });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings;
}

const promo = (promo_id: string, target: Row): Row => ({
  promo_id,
  type: "percent_off",
  value: "20",
  channels: "store",
  start: "2026-06-01",
  end: "2026-06-30",
  ...target,
});

const CATALOGUE: Row[] = [
  { sku: "PASTA-1", category: "pasta", brand: "Barilla" },
  { sku: "RICE-1", category: "rice", brand: "Scotti" },
];
const PRICES: Row[] = [
  { sku: "PASTA-1", channel: "store", price: "2.00" },
  { sku: "OLD-7", channel: "store", price: "3.00" }, // priced, in no catalogue entry
];
const summary = (found: readonly Finding[]) => found.map((f) => [f.rule, f.promotion, f.sku, f.message]);

describe("P23 a promotion naming a sku, category or brand that nothing has", () => {
  it("P23 reports each, with the nearest spelling the catalogue has, and leaves what exists alone", async () => {
    const found = await run({
      catalogue: CATALOGUE,
      prices: PRICES,
      promotions: [
        promo("CAT", { categories: "Pasta" }), // pasta
        promo("SKU", { skus: "pasta-1" }), // PASTA-1
        promo("MIX", { skus: "PASTA-1|OLD-7|ZZZ-999", categories: "rice|Fish|Fish" }),
        promo("BR", { brands: "Barila|Scotti" }),
        promo("OK", { skus: "RICE-1", categories: "pasta" }),
        promo("OK2", { brands: "Barilla" }),
      ],
    });
    expect(summary(found)).toStrictEqual([
      // Barila is one letter from Barilla.
      ["promo/unknown-category", "BR", null, "BR names what no catalogue entry has: brand Barila (did you mean Barilla?)"],
      ["promo/unknown-category", "CAT", null, "CAT names what no catalogue entry has: category Pasta (did you mean pasta?)"],
      // Fish, named twice, is far from pasta and rice.
      ["promo/unknown-category", "MIX", null, "MIX names what no catalogue entry has: category Fish"],
      // OLD-7 has a price row: it exists, though the catalogue does not list it. ZZZ-999 is near nothing.
      ["promo/unknown-sku", "MIX", "ZZZ-999", "MIX names sku ZZZ-999, which neither the catalogue nor any price row has"],
      [
        "promo/unknown-sku",
        "SKU",
        "pasta-1",
        "SKU names sku pasta-1 (did you mean PASTA-1?), which neither the catalogue nor any price row has",
      ],
    ]);
  });

  it("without a catalogue, judges skus by the price rows and leaves categories and brands unjudged", async () => {
    const found = await run({
      prices: PRICES,
      promotions: [promo("CAT", { categories: "Pasta" }), promo("SKU", { skus: "pasta-1|PASTA-1|OLD-7", brands: "Nobody" })],
    });
    expect(summary(found)).toStrictEqual([
      ["promo/unknown-sku", "SKU", "pasta-1", "SKU names sku pasta-1, which neither the catalogue nor any price row has"],
    ]);
  });

  it("in a catalogue of more than 10,000 skus, suggests a sku differing only in case", async () => {
    const catalogue: Row[] = [];
    for (let i = 0; i <= 10_000; i++) catalogue.push({ sku: `S-${String(i).padStart(5, "0")}` });
    const found = await run({
      catalogue,
      prices: [{ sku: "S-00001", channel: "store", price: "1.00" }],
      promotions: [promo("P", { skus: "s-00042|S-0004x" })],
    });
    expect(summary(found)).toStrictEqual([
      ["promo/unknown-sku", "P", "S-0004x", "P names sku S-0004x, which neither the catalogue nor any price row has"],
      [
        "promo/unknown-sku",
        "P",
        "s-00042",
        "P names sku s-00042 (did you mean S-00042?), which neither the catalogue nor any price row has",
      ],
    ]);
  });

  it("are warnings in the recommended preset", () => {
    for (const id of RULES) {
      const rule = BUILTIN_RULES.find((r) => r.id === id)!;
      expect([rule.severity, rule.scope, rule.recommended]).toStrictEqual(["warning", "promotion", true]);
    }
  });
});
