/**
 * The domain computations the evaluator calls, each on its own: the median of a channel's
 * prices, windows compared between channels, and what a promotion covers.
 */
import { describe, expect, it } from "vitest";
import { Dataset } from "../src/dataset/dataset.js";
import { parseAmount } from "../src/money/amount.js";
import type { Product } from "../src/model/product.js";
import type { Promotion } from "../src/model/promotion.js";
import { availableWhere, channelsMissed, coveredSkus } from "../src/pricing/coverage.js";
import { medianPrice } from "../src/pricing/median.js";
import { WindowComparison } from "../src/pricing/window-mismatch.js";

const amounts = (...texts: string[]) => texts.map((t) => parseAmount(t));

describe("medianPrice", () => {
  it("is the middle price of an odd count, whatever the order", () => {
    expect(medianPrice(amounts("2.29", "1.89", "1.99"), "half-up")).toBe(parseAmount("1.99"));
  });

  it("is the exact mean of the middle two of an even count, not rounded to the minor unit", () => {
    // (1.89 + 1.90) / 2 = 1.895 and (1.88 + 1.89) / 2 = 1.885, exactly, in either rounding mode.
    expect(medianPrice(amounts("1.89", "1.90", "1.00", "3.00"), "half-up")).toBe(parseAmount("1.895"));
    expect(medianPrice(amounts("1.88", "1.89", "1.00", "3.00"), "half-even")).toBe(parseAmount("1.885"));
    // Two amounts of six decimals: half a millionth, rounded by the mode: 0.0000025 → 0.000003 / 0.000002.
    expect(medianPrice(amounts("0.000002", "0.000003", "0", "1"), "half-up")).toBe(parseAmount("0.000003"));
    expect(medianPrice(amounts("0.000002", "0.000003", "0", "1"), "half-even")).toBe(parseAmount("0.000002"));
  });

  it("adds amounts near the largest exact one without losing a millionth", () => {
    // (9007199254.740990 + 9007199254.740991) / 2 = 9007199254.7409905 → .740991 half up.
    const big = amounts("1", "9007199254.740990", "9007199254.740991", "9007199254.740991");
    expect(medianPrice(big, "half-up")).toBe(parseAmount("9007199254.740991"));
  });

  it("counts a repeated price as many times as it stands", () => {
    // 10, 10, 12 and 12 three more times: 10 10 12 12 12 12, the middle two 12 and 12.
    expect(medianPrice(amounts("10", "10", "12"), "half-up", { price: parseAmount("12"), count: 3 })).toBe(parseAmount("12"));
    // 1, 5, 9 and 4 twice: 1 4 4 5 9, the middle 4.
    expect(medianPrice(amounts("9", "1", "5"), "half-up", { price: parseAmount("4"), count: 2 })).toBe(parseAmount("4"));
    // Two prices and one repeated once: three in all.
    expect(medianPrice(amounts("1", "3"), "half-up", { price: parseAmount("2"), count: 1 })).toBe(parseAmount("2"));
  });

  it("has none below three prices", () => {
    expect(medianPrice(amounts("1.00", "2.00"), "half-up")).toBeNull();
  });
});

describe("WindowComparison", () => {
  it("widens a channel's window over its entries, and reports only what differs between channels", () => {
    const c = new WindowComparison();
    const row = (line: number) => ({ file: "p.csv", line });
    c.add("campaign SALDI", "store", 10, 20);
    c.add("campaign SALDI", "store", 5, 15); // store: 5–20
    c.add("campaign SALDI", "web", 5, 20);
    c.add("sale price 1.49", "web", 0, 7, [row(2)]);
    c.add("sale price 1.49", "store", 0, 9, [row(3)]);
    c.add("sale price 1.49", "store", 0, 9, [row(4), row(3)]); // the rows giving a window, each once
    c.add("sale price 0.99", "web", 1, 2); // one channel: nothing to compare
    expect(c.mismatches()).toStrictEqual([
      {
        what: "sale price 1.49",
        location: null,
        windows: [
          { channel: "store", start: 0, end: 9, sources: [row(3), row(4)] },
          { channel: "web", start: 0, end: 7, sources: [row(2)] },
        ],
      },
    ]);
  });
});

describe("promotion coverage", () => {
  const product = (sku: string, category: string | null, brand: string | null) => ({ sku, category, brand }) as Product;
  const promotion = (over: Partial<Promotion>) =>
    ({ skus: [], categories: [], brands: [], channels: ["store"], locations: [], ...over }) as Promotion;

  it("covers the named skus and the catalogue's in its categories or brands, in code-unit order", () => {
    const products = new Map([
      ["b", product("b", "pasta", null)],
      ["a", product("a", "riso", "Po")],
      ["c", product("c", "olio", null)],
    ]);
    expect(coveredSkus(promotion({ skus: ["z"], categories: ["pasta"], brands: ["Po"] }), products)).toStrictEqual(["a", "b", "z"]);
    expect(coveredSkus(promotion({ categories: ["pasta"] }), null)).toStrictEqual([]);
  });

  it("misses the channels where the sku is listed or priced and the promotion does not run", () => {
    expect(channelsMissed(promotion({ channels: ["store", "web"] }), ["store", "web", "app"], ["click_collect", "web"])).toStrictEqual([
      "app",
      "click_collect",
    ]);
  });

  it("counts stock over the promotion's locations, and none unless every one has an inventory row", () => {
    const dataset = new Dataset();
    dataset.addStock({ sku: "a", location: "MI01", available: 2, updatedAt: null, source: { file: "i.csv", line: 2 } });
    dataset.addStock({ sku: "a", location: "NA01", available: 0, updatedAt: null, source: { file: "i.csv", line: 3 } });
    expect(availableWhere(dataset, "a", ["MI01", "NA01"], 0)).toBe(2);
    expect(availableWhere(dataset, "a", ["NA01"], 0)).toBe(0);
    expect(availableWhere(dataset, "a", ["NA01", "RM01"], 0)).toBeNull();
    expect(availableWhere(dataset, "a", [], 0)).toBe(2); // no stores feed: the locations with a row
  });
});
