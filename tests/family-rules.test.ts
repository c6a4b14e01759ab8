// Family rules (ladder/pack-size and house rules of family scope) compare two members' amounts as
// pair rules compare two offers': in one currency and on one tax basis only.
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import type { RuleDefinition } from "../src/rules/rule.js";

type Row = Record<string, string>;

const at = new Date("2026-11-20T12:00:00Z");

/** A family's members (sku, size, size_unit, pack_qty) and their web prices (price, tax_included). */
function feeds(members: readonly (readonly [string, string, string, string, string, boolean])[]): { catalogue: Row[]; prices: Row[] } {
  return {
    catalogue: members.map(([sku, size, size_unit, pack_qty]) => ({
      sku,
      family: "f",
      size,
      size_unit,
      ...(pack_qty === "" ? {} : { pack_qty }),
    })),
    prices: members.map(([sku, , , , price, taxIncluded]) => ({ sku, channel: "web", price, tax_included: String(taxIncluded) })),
  };
}

async function messages(members: Parameters<typeof feeds>[0], rules: readonly (string | RuleDefinition)[] = ["ladder/pack-size"]) {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds: feeds(members), rules } as never, { at });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => f.message);
}

describe("M20 family members on different tax bases", () => {
  it("are not compared by ladder/pack-size: 9.00 per kg without tax is not cheaper than 9.50 with it", async () => {
    // S1 4.50 without tax for 500 g: 9.00/kg net, 10.98/kg with 22 % VAT. L1 9.50/kg with tax:
    // the larger pack is in fact the cheaper, and the two amounts cannot be compared as written.
    expect(
      await messages([
        ["S1", "500", "g", "", "4.50", false],
        ["L1", "1", "kg", "", "9.50", true],
      ]),
    ).toStrictEqual([]);
  });

  it("ladder/pack-size passes over a smaller member on another basis to the next one on the larger's", async () => {
    // L1 1 kg at 9.50 with tax. Smaller, cheapest per unit first: S1 500 g at 4.40 without tax
    // (8.80/kg, not comparable), then M1 250 g at 2.25 with tax (9.00/kg): L1 is dearer than
    // M1. S1 and M1 are not compared with each other (without tax, with it).
    expect(
      await messages([
        ["M1", "250", "g", "", "2.25", true],
        ["S1", "500", "g", "", "4.40", false],
        ["L1", "1", "kg", "", "9.50", true],
      ]),
    ).toStrictEqual(["web at every location: L1 (1 kg) costs 9.50 per kg, more than M1 (0.25 kg) at 9.00"]);
  });

  it("a house rule on larger.effectivePrice and smaller.effectivePrice compares members on one basis only", async () => {
    const noDearer: RuleDefinition = {
      id: "house/larger-no-dearer",
      description: "the larger pack costs no more than the smaller",
      severity: "info",
      scope: "family",
      conditions: {
        all: [
          { fact: "larger", path: "$.effectivePrice", operator: "lessThanInclusive", value: { fact: "smaller", path: "$.effectivePrice" } },
        ],
      },
      message: "{larger.sku} at {larger.effectivePrice} costs no more than {smaller.sku} at {smaller.effectivePrice}",
    };
    // L1 9.80 with tax; S1 10.00 without (12.20 with 22 % VAT: not comparable), S2 9.90 with tax.
    // Cheapest per unit first, S1 (20.00/kg) comes before S2 (39.60/kg): the rule passes over
    // it and names S2. S1 is larger than S2, but on another basis: not compared.
    expect(
      await messages(
        [
          ["S2", "250", "g", "", "9.90", true],
          ["S1", "500", "g", "", "10.00", false],
          ["L1", "1", "kg", "", "9.80", true],
        ],
        [noDearer],
      ),
    ).toStrictEqual(["L1 at 9.80 costs no more than S2 at 9.90"]);
  });

  it("a member on another basis does not make the others' unit prices show finer", async () => {
    // With tax, B a 100-pack at 5.49 (0.0549 an item) and C a 200-pack at 13.02 (0.0651): 0.05
    // and 0.07 to the cent (half up), apart, so shown at the cent. A, a 10-pack at 0.45 without
    // tax (0.045, 0.05 to the cent like B), is compared with neither and rounds on its own grid.
    expect(
      await messages([
        ["A", "1", "item", "10", "0.45", false],
        ["B", "1", "item", "100", "5.49", true],
        ["C", "1", "item", "200", "13.02", true],
      ]),
    ).toStrictEqual(["web at every location: C (200 item) costs 0.07 per item, more than B (100 item) at 0.05"]);
  });

  it("members on one basis, both without tax, are compared as before", async () => {
    // 4.50 for 500 g (9.00/kg) and 9.50 for 1 kg, both without tax: the larger is dearer.
    expect(
      await messages([
        ["S1", "500", "g", "", "4.50", false],
        ["L1", "1", "kg", "", "9.50", false],
      ]),
    ).toStrictEqual(["web at every location: L1 (1 kg) costs 9.50 per kg, more than S1 (0.5 kg) at 9.00"]);
  });
});

describe("P40 two members' default rows where one of them stands at no store", () => {
  // Store S1 alone is listed. A 1 kg at 10.00 by default (10.00/kg), B 2 kg at 25.00 by default
  // (12.50/kg) but 18.00 at S1 (9.00/kg): at S1, the only store, B's default never applies.
  const run = (extraStores: string) =>
    check(
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: {
          stores: [{ location: "S1" }, ...(extraStores === "" ? [] : [{ location: extraStores }])],
          catalogue: [
            { sku: "A", family: "F", size: "1", size_unit: "kg" },
            { sku: "B", family: "F", size: "2", size_unit: "kg" },
          ],
          prices: [
            { sku: "A", channel: "store", price: "10.00" },
            { sku: "B", channel: "store", price: "25.00" },
            { sku: "B", channel: "store", location: "S1", price: "18.00" },
          ],
        },
        rules: ["ladder/pack-size"],
      } as never,
      { at },
    );

  it("P40 are not compared at every location: at the one store, B's own 9.00/kg is below A's 10.00", async () => {
    expect((await run("")).findings.map((f) => [f.rule, f.location])).toStrictEqual([]);
  });

  it("P40 are compared where both stand: a second store S2 without rows of its own sees 12.50/kg above 10.00", async () => {
    const report = await run("S2");
    expect(report.findings.map((f) => [f.rule, f.sku, f.location, f.message])).toStrictEqual([
      ["ladder/pack-size", "B", null, "store at every location: B (2 kg) costs 12.50 per kg, more than A (1 kg) at 10.00"],
    ]);
  });
});
