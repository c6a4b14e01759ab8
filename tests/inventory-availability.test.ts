/**
 * The inventory feed's availability: the store offer's availability where its price row gives
 * none (effectiveAvailability, which availability/contradicts-stock judges), and a fact of its
 * own (stockAvailability) for house rules.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import type { RuleDefinition } from "../src/rules/rule.js";

type Row = Record<string, unknown>;

const RULE = "availability/contradicts-stock";

async function findings(prices: Row[], inventory: Row[], rules: (string | RuleDefinition)[] = [RULE]) {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds: { prices, inventory }, rules } as never, {
    at: new Date("2026-11-20T12:00:00Z"),
  });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings;
}

const store = (location: string, more: Row = {}): Row => ({ sku: "B", channel: "store", location, price: "10.00", ...more });
const stock = (location: string, available: number, availability?: string): Row => ({
  sku: "B",
  location,
  available: String(available),
  ...(availability === undefined ? {} : { availability }),
});

describe("availability/contradicts-stock on the inventory's availability", () => {
  it("judges the inventory row's availability where the price row gives none", async () => {
    // Thresholds 1 and 3: in_stock with 0 units and out_of_stock with 5 contradict; in_stock
    // with 3 and limited_availability with 2 do not.
    const found = await findings(
      [store("S1"), store("S2"), store("S3"), store("S4")],
      [stock("S1", 0, "in_stock"), stock("S2", 5, "out_of_stock"), stock("S3", 3, "in_stock"), stock("S4", 2, "limited_availability")],
    );
    expect(found.map((f) => [f.rule, f.location, f.message, f.values])).toStrictEqual([
      [
        RULE,
        "S1",
        "B is in_stock at S1 with 0 in stock (out of stock below 1, in stock from 3)",
        { effectiveAvailability: "in_stock", "options.inStockFrom": 3, "options.limitedFrom": 1, stock: 0 },
      ],
      [
        RULE,
        "S2",
        "B is out_of_stock at S2 with 5 in stock (out of stock below 1, in stock from 3)",
        { effectiveAvailability: "out_of_stock", "options.inStockFrom": 3, "options.limitedFrom": 1, stock: 5 },
      ],
    ]);
  });

  it("judges the price row's availability where both rows give one", async () => {
    // S1: the row says in_stock with 5 units (consistent), the inventory's out_of_stock is not the
    // offer's. S2: the row says out_of_stock with 5 units, whatever the inventory says.
    const found = await findings(
      [store("S1", { availability: "in_stock" }), store("S2", { availability: "out_of_stock" })],
      [stock("S1", 5, "out_of_stock"), stock("S2", 5, "in_stock")],
    );
    expect(found.map((f) => [f.location, f.message])).toStrictEqual([
      ["S2", "B is out_of_stock at S2 with 5 in stock (out of stock below 1, in stock from 3)"],
    ]);
  });

  it("does not judge an offer whose rows both give no availability", async () => {
    expect(await findings([store("S1")], [stock("S1", 0)])).toStrictEqual([]);
  });
});

describe("stockAvailability", () => {
  /** The price row and the inventory row at the store disagree on the availability. */
  const DISAGREE: RuleDefinition = {
    id: "house/availability-disagrees",
    description: "the price row and the inventory row disagree on the availability",
    severity: "info",
    scope: "offer",
    conditions: { all: [{ fact: "availability", operator: "notEqual", value: { fact: "stockAvailability" } }] },
    message: "{sku} at {location}: {availability} on the price row, {stockAvailability} on the inventory row",
  };

  it("lets a house rule compare the inventory's availability with the price row's", async () => {
    // S1 disagrees; S2 agrees; S3's price row gives none and S4's inventory row none: unknown, not judged.
    const found = await findings(
      [
        store("S1", { availability: "in_stock" }),
        store("S2", { availability: "in_stock" }),
        store("S3"),
        store("S4", { availability: "in_stock" }),
      ],
      [stock("S1", 5, "out_of_stock"), stock("S2", 5, "in_stock"), stock("S3", 5, "in_stock"), stock("S4", 5)],
      [DISAGREE],
    );
    expect(found.map((f) => f.message)).toStrictEqual(["B at S1: in_stock on the price row, out_of_stock on the inventory row"]);
  });

  it("is the availability of the inventory row where the offer stands, in any channel there", async () => {
    const OUT: RuleDefinition = {
      id: "house/pickup-out-of-stock",
      description: "click-and-collect where the inventory says out of stock",
      severity: "warning",
      scope: "offer",
      channels: ["click_collect"],
      conditions: { all: [{ fact: "stockAvailability", operator: "equal", value: "out_of_stock" }] },
      message: "{sku} at {location}",
    };
    const found = await findings(
      [
        { sku: "B", channel: "click_collect", location: "S1", price: "10.00" },
        { sku: "B", channel: "click_collect", location: "S2", price: "10.00" },
      ],
      [stock("S1", 0, "out_of_stock"), stock("S2", 4, "in_stock")],
      [OUT],
    );
    expect(found.map((f) => f.message)).toStrictEqual(["B at S1"]);
  });
});

describe("M19 a whole count written as the feed writes numbers", () => {
  it("reads a JSON 3.0 as 3, and 1.234 under a '.' thousands mark as 1234; 3.5 is no count", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { loadConfig } = await import("../src/index.js");
    const dir = mkdtempSync(join(tmpdir(), "pricelint-counts-"));
    writeFileSync(
      join(dir, "p.csv"),
      "sku,channel,location,price,availability\nB,store,S1,10.00,out_of_stock\nB,store,S2,10.00,out_of_stock\n",
    );
    // Written by hand: JSON.stringify would write 3.0 as 3.
    writeFileSync(
      join(dir, "s1.json"),
      '[{"sku": "B", "location": "S1", "available": 3.0}, {"sku": "C", "location": "S1", "available": 3.5}]',
    );
    writeFileSync(join(dir, "s2.csv"), "sku;location;available\nB;S2;1.234\n");
    const feeds = [
      { kind: "prices", path: "p.csv" },
      { kind: "inventory", path: "s1.json" },
      { kind: "inventory", path: "s2.csv", delimiter: ";", decimal: ",", thousands: "." },
    ];
    writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "UTC", currency: "EUR", feeds, rules: [RULE, "feed/invalid-row"] }));
    const report = await check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
    // Out of stock with 3 and with 1,234 units: both contradict. C's 3.5 is rejected, and said so.
    expect(report.findings.map((f) => [f.rule, f.location, f.values["stock"] ?? f.message])).toStrictEqual([
      [RULE, "S1", 3],
      [RULE, "S2", 1234],
      ["feed/invalid-row", null, 's1.json:1:3 (available): "3.5" is not a whole number'],
    ]);
  });
});

describe("the sources of a finding that reads the stock", () => {
  it("cite the inventory row beside the price row, where the rule reads the stock; not where it does not", async () => {
    // 0 units against in_stock contradict (contradicts-stock reads the stock); the sale not below
    // the price is no matter of stock, and cites the price row alone.
    const found = await findings(
      [store("S1", { availability: "in_stock", sale_price: "10.00" }), store("S2")],
      [stock("S2", 4), stock("S1", 0)],
      [RULE, "price/sale-not-below-regular"],
    );
    expect(found.map((f) => [f.rule, f.location, f.sources])).toStrictEqual([
      [
        RULE,
        "S1",
        [
          { file: "(prices)", line: 1 },
          { file: "(inventory)", line: 2 },
        ],
      ],
      ["price/sale-not-below-regular", "S1", [{ file: "(prices)", line: 1 }]],
    ]);
  });
});
