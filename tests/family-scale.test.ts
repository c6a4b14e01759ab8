// A family's members are sorted by unit price once per location (not once for each larger
// member), and "smaller" is read from each member's rank among the sizes: this holds
// ladder/pack-size's findings to the comparison written out member by member, on random small
// families with store rows, and checks by hand which smaller member a finding names.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import type { Product } from "../src/model/product.js";
import { compareFractions } from "../src/money/ratio.js";
import { compareQuantities, exactUnitPrice, totalQuantity } from "../src/pricing/unit-price.js";

type Row = Record<string, unknown>;

/** Sizes, some equal in another unit (500 g and 0.5 kg), some in another measure. */
const SIZES: readonly [string, string][] = [
  ["250", "g"],
  ["500", "g"],
  ["0.5", "kg"],
  ["1", "kg"],
  ["1000", "g"],
  ["2", "kg"],
  ["330", "ml"],
  ["1", "l"],
];

const micros = (text: string) => Math.round(Number(text) * 1_000_000);

interface Member {
  readonly sku: string;
  readonly size: [string, string];
  readonly price: string;
  /** Its price at store L1, when it has a row there. */
  readonly storePrice: string | null;
}

/**
 * ladder/pack-size's findings as `location:larger>smaller`, member by member: at every location
 * (the default rows) and at L1 (where a member stands by its row there, else its default row),
 * each larger member against the members smaller in its measure, one of the two standing there
 * by its own row, the cheapest per unit first (then the larger quantity, then sku).
 */
function expectedFindings(members: readonly Member[]): string[] {
  const found: string[] = [];
  const places: [string, boolean][] = [["-", true]];
  if (members.some((m) => m.storePrice !== null)) places.push(["L1", false]);
  for (const [place, everywhere] of places) {
    const priced = members.map((m) => {
      const product = { sku: m.sku, size: micros(m.size[0]), sizeUnit: m.size[1], packQty: null } as unknown as Product;
      const price = everywhere || m.storePrice === null ? m.price : m.storePrice;
      const quantity = totalQuantity(product)!;
      const own = everywhere || m.storePrice !== null;
      return { sku: m.sku, quantity, own, unitPrice: exactUnitPrice(micros(price), product)!.price };
    });
    for (const larger of priced) {
      const smaller = priced
        .filter(
          (m) =>
            m.quantity.measure === larger.quantity.measure &&
            compareQuantities(m.quantity.exact, larger.quantity.exact) < 0 &&
            (larger.own || m.own),
        )
        .sort(
          (a, b) =>
            compareFractions(a.unitPrice, b.unitPrice) ||
            compareQuantities(b.quantity.exact, a.quantity.exact) ||
            (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0),
        );
      const first = smaller.find((m) => compareFractions(larger.unitPrice, m.unitPrice) > 0);
      if (first) found.push(`${place}:${larger.sku}>${first.sku}`);
    }
  }
  return found.sort();
}

/** What ladder/pack-size reports, as `location:larger>smaller`. */
async function findings(members: readonly Member[]): Promise<string[]> {
  const prices: Row[] = [];
  for (const m of members) {
    prices.push({ sku: m.sku, channel: "store", price: m.price });
    if (m.storePrice !== null) prices.push({ sku: m.sku, channel: "store", location: "L1", price: m.storePrice });
  }
  const report = await check(
    {
      timezone: "UTC",
      currency: "EUR",
      feeds: {
        catalogue: members.map((m) => ({ sku: m.sku, family: "f", size: m.size[0], size_unit: m.size[1] })),
        prices,
      },
      rules: ["ladder/pack-size"],
    } as never,
    { at: new Date("2026-11-15T12:00:00Z") },
  );
  // The first source is the smaller member's row (line n is prices[n - 1]).
  const skuOf = (line: number) => prices[line - 1]!.sku as string;
  return report.findings.map((f) => `${f.location ?? "-"}:${f.sku}>${skuOf(f.sources[0]!.line!)}`).sort();
}

describe("a family's members, sorted by unit price once", () => {
  it("names, for each larger member, the cheapest smaller one per unit, not one of the same size", async () => {
    const members: Member[] = [
      { sku: "A", size: ["250", "g"], price: "0.80", storePrice: null }, // 3.20 per kg
      { sku: "B", size: ["500", "g"], price: "1.20", storePrice: null }, // 2.40
      { sku: "C", size: ["0.5", "kg"], price: "1.10", storePrice: null }, // 2.20: as large as B, so not smaller than it
      { sku: "D", size: ["1", "kg"], price: "2.30", storePrice: "3.50" }, // 2.30; 3.50 at L1
      { sku: "E", size: ["1", "l"], price: "9.00", storePrice: null }, // another measure
    ];
    // At every location D (2.30) costs more than C (2.20), the cheapest smaller one. At L1 D
    // (3.50) costs more than A, B and C, and C is named; none of A, B, C stands there by its own row.
    expect(await findings(members)).toStrictEqual(["-:D>C", "L1:D>C"]);
  });

  it("finds what the comparison written out member by member finds, on random families", async () => {
    const memberArb = fc.record({
      size: fc.constantFrom(...SIZES),
      price: fc.integer({ min: 50, max: 999 }).map((c) => (c / 100).toFixed(2)),
      storePrice: fc.option(fc.integer({ min: 50, max: 999 }).map((c) => (c / 100).toFixed(2))),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(memberArb, { minLength: 2, maxLength: 8 }), async (rows) => {
        const members = rows.map((r, i) => ({ sku: `M${i}`, ...r }));
        expect(await findings(members)).toStrictEqual(expectedFindings(members));
      }),
      { numRuns: 60 },
    );
  });
});
