/**
 * Duplicate price rows of one offer are compared on every field a rule reads (model/offer.ts,
 * OFFER_COMPARED_FIELDS): where they differ, price/conflicting-duplicate reports them and no rule
 * judges the disputed field, so the findings never depend on the rows' order.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";

type Row = Record<string, string>;

const AT = new Date("2026-11-20T10:00:00Z");

/** A house rule of offer scope that fires where `fact` equals `value`. */
const house = (id: string, fact: string, value: unknown) => ({
  id: `house/${id}`,
  description: "d",
  severity: "info",
  scope: "offer",
  message: "{sku}",
  conditions: { all: [{ fact, operator: "equal", value }] },
});

/** Findings as `rule sku channels location: message`, in the report's order. */
function lines(
  findings: readonly { rule: string; sku: string | null; channels: readonly string[]; location: string | null; message: string }[],
) {
  return findings.map((f) => `${f.rule} ${f.sku} ${f.channels.join("+")} ${f.location ?? "-"}: ${f.message}`);
}

/** Checks CSV files (the in-place loader reads them) with `feeds` and `rules`, at AT. */
async function fromFiles(files: Record<string, string>, feeds: object[], rules: unknown[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-dup-fields-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "Europe/Rome", currency: "EUR", feeds, rules }));
  const report = await check(await loadConfig(join(dir, "c.json")), { at: AT });
  expect(report.summary.rows.rejected).toBe(0);
  return lines(report.findings);
}

/** Checks rows given in memory (read as records). */
async function fromRows(feeds: Record<string, Row[]>, rules: unknown[]): Promise<string[]> {
  const report = await check({ timezone: "Europe/Rome", currency: "EUR", feeds, rules } as Parameters<typeof check>[0], { at: AT });
  expect(report.summary.rows.rejected).toBe(0);
  return lines(report.findings);
}

const csv = (header: string, rows: readonly string[]) => `${header}\n${rows.join("\n")}\n`;
/** The rows in file order, and each pair of them swapped. */
const bothOrders = (rows: readonly string[]) => [rows, rows.map((_, i) => rows[i ^ 1]!)];
const conflict = (sku: string, channel: string, location: string | null, fields: string) =>
  `price/conflicting-duplicate ${sku} ${channel} ${location ?? "-"}: ${channel} at ${location ?? "every location"}: rows for the same offer disagree on ${fields}; the disputed values are not judged by other rules`;

describe("duplicate rows writing one unit price to other decimals", () => {
  const UNIT = ["price/unit-price-mismatch", "price/conflicting-duplicate"];
  const catalogue = "sku,size,size_unit\nA,750,ml\n";
  const feeds = [
    { kind: "catalogue", path: "c.csv" },
    { kind: "prices", path: "p.csv" },
  ];
  const HEADER = "sku,channel,currency,price,unit_price";

  it("P13 3.99 and 3.990 for 2.99 per 750 ml dispute unit_price, whichever row comes first: not judged at either precision", async () => {
    // 2.99 / 0.75 l = 3.98666… per l: 3.99 to the cent (right), 3.987 to the thousandth (3.990 is wrong).
    for (const rows of bothOrders(["A,web,EUR,2.99,3.99", "A,web,EUR,2.99,3.990"])) {
      expect(await fromFiles({ "c.csv": catalogue, "p.csv": csv(HEADER, rows) }, feeds, UNIT)).toStrictEqual([
        conflict("A", "web", null, "unit_price"),
      ]);
    }
    for (const values of [
      ["3.99", "3.990"],
      ["3.990", "3.99"],
    ]) {
      const prices = values.map((unit_price) => ({ sku: "A", channel: "web", currency: "EUR", price: "2.99", unit_price }));
      expect(await fromRows({ catalogue: [{ sku: "A", size: "750", size_unit: "ml" }], prices }, UNIT)).toStrictEqual([
        conflict("A", "web", null, "unit_price"),
      ]);
    }
  });

  it("rows that write it alike are one offer, judged at the precision written", async () => {
    const same = (unit: string) => csv(HEADER, [`A,web,EUR,2.99,${unit}`, `A,web,EUR,2.99,${unit}`]);
    expect(await fromFiles({ "c.csv": catalogue, "p.csv": same("3.99") }, feeds, UNIT)).toStrictEqual([]);
    // How the message writes the declared 3.990 is another matter: the verdict and the computed 3.987 are what count here.
    const judged = await fromFiles({ "c.csv": catalogue, "p.csv": same("3.990") }, feeds, UNIT);
    expect(judged.map((line) => [line.slice(0, line.indexOf(":")), line.endsWith("is 3.987 per l")])).toStrictEqual([
      ["price/unit-price-mismatch A web -", true],
    ]);
  });
});

describe("duplicate rows that agree on price but not on availability or pickup", () => {
  const RULES = [
    "availability/contradicts-stock",
    "availability/pickup-low-stock",
    "price/conflicting-duplicate",
    house("reserve", "pickupMethod", "reserve"),
    house("has-availability", "effectiveAvailability", "in_stock"),
  ];
  const feeds = [
    { kind: "stores", path: "s.csv" },
    { kind: "prices", path: "p.csv" },
    { kind: "inventory", path: "i.csv" },
  ];
  const stores = "location,status,click_collect\nS1,open,true\n";
  const inventory = "sku,location,available\nA,S1,0\nB,S1,0\nC,S1,0\n";
  const HEADER = "sku,channel,location,currency,price,availability,pickup_method,pickup_sla";

  it("P14 dispute the field, whichever row comes first: neither row's value is judged", async () => {
    const rows = [
      // A in store: in stock, or out of stock (with 0 in stock: contradicts-stock for the first).
      "A,store,S1,EUR,10.00,in_stock,,",
      "A,store,S1,EUR,10.00,out_of_stock,,",
      // A for click-and-collect: same-day pickup with 0 in stock (pickup-low-stock), or next day.
      "A,click_collect,S1,EUR,10.00,,,same_day",
      "A,click_collect,S1,EUR,10.00,,,next_day",
      // B: bought or reserved.
      "B,click_collect,S1,EUR,10.00,,buy,",
      "B,click_collect,S1,EUR,10.00,,reserve,",
      // C: in stock, or nothing said (the inventory then says nothing either): set against empty.
      "C,store,S1,EUR,10.00,in_stock,,",
      "C,store,S1,EUR,10.00,,,",
    ];
    const expected = [
      conflict("A", "click_collect", "S1", "pickup_sla"),
      conflict("A", "store", "S1", "availability"),
      conflict("B", "click_collect", "S1", "pickup_method"),
      conflict("C", "store", "S1", "availability"),
    ];
    for (const order of bothOrders(rows)) {
      const files = { "s.csv": stores, "i.csv": inventory, "p.csv": csv(HEADER, order) };
      expect(await fromFiles(files, feeds, RULES)).toStrictEqual(expected);
    }
  });

  it("rows that agree on them are one offer, judged", async () => {
    const rows = ["A,store,S1,EUR,10.00,in_stock,,", "A,click_collect,S1,EUR,10.00,,reserve,same_day"];
    const files = { "s.csv": stores, "i.csv": inventory, "p.csv": csv(HEADER, [...rows, ...rows]) };
    expect((await fromFiles(files, feeds, RULES)).map((line) => line.slice(0, line.indexOf(":")))).toStrictEqual([
      "availability/contradicts-stock A store S1",
      "availability/pickup-low-stock A click_collect S1",
      "house/has-availability A store S1",
      "house/reserve A click_collect S1",
    ]);
  });
});

describe("duplicate rows that disagree on a sale start alone", () => {
  it("P15 leave hasSaleStart and hasSaleWindow missing, whichever row comes first", async () => {
    const RULES = [
      "price/invalid-sale-window",
      "price/conflicting-duplicate",
      house("starts", "hasSaleStart", true),
      house("no-start", "hasSaleStart", false),
    ];
    // No sale price: a window with one would be price/invalid-sale-window, one without none.
    for (const rows of bothOrders(["A,web,EUR,10.00,2026-11-25", "A,web,EUR,10.00,"])) {
      const files = { "p.csv": csv("sku,channel,currency,price,sale_start", rows) };
      expect(await fromFiles(files, [{ kind: "prices", path: "p.csv" }], RULES)).toStrictEqual([conflict("A", "web", null, "sale_start")]);
    }
  });
});

describe("P24 duplicate rows of one offer that dispute tax_included", () => {
  it("P24 leave its effective price unknown, whichever row comes first: it is compared with no other channel", async () => {
    // Click-and-collect 12.00 with tax; the store 10.00 in two rows, one with tax and one without.
    // With tax, 12.00 is above it; without, the two are on other bases and not compared: which row
    // is right is unknown, so neither is judged, in either order.
    const run = (rows: string[]) =>
      fromRows(
        {
          prices: [
            { sku: "A", channel: "click_collect", location: "S1", price: "12.00", tax_included: "true" },
            ...rows.map((tax) => ({ sku: "A", channel: "store", location: "S1", price: "10.00", tax_included: tax })),
          ],
        },
        ["channel/click-collect-above-store", "price/conflicting-duplicate"],
      );
    const conflict =
      "price/conflicting-duplicate A store S1: store at S1: rows for the same offer disagree on tax_included; the disputed values are not judged by other rules";
    expect(await run(["true", "false"])).toStrictEqual([conflict]);
    expect(await run(["false", "true"])).toStrictEqual([conflict]);
    // Rows that agree are judged: 12.00 above 10.00, both with tax.
    expect((await run(["true", "true"])).map((l) => l.split(":")[0])).toStrictEqual([
      "channel/click-collect-above-store A click_collect+store S1",
    ]);
  });
});
