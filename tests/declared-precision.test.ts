/**
 * A declared unit price is judged at the precision it is written in, trailing zeros included:
 * `3.990` is written to the thousandth, though its value is 3.99. The decimals are kept with the
 * offer by every reader of a price row (a plain CSV line read in place, a row read as a record,
 * a feed's constant), and a typed number (a JSON number, a spreadsheet's number cell) is written
 * as the number it stores. Every expected value is worked out by hand in the comments.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import { channelRegistry } from "../src/config/channels.js";
import { OfferRecord } from "../src/model/offer.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { checkFiles } from "./helpers/check-files.js";

type Row = Record<string, unknown>;
const AT = "2026-06-01T00:00:00Z";
const RULES = ["price/unit-price-mismatch"];
const CATALOGUE = "sku,size,size_unit\nW,750,ml\nL,1,l\n";

/** The rule's findings as [sku, computed unit price]. */
const judged = (report: Awaited<ReturnType<typeof check>>) => {
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([]);
  return report.findings.map((f) => [f.sku, f.values["computedUnitPrice"]]);
};

describe("M22 a declared unit price written with trailing zeros", () => {
  // 2.99 ÷ 0.75 l = 3.98666… per l: 3.99 to 2 decimals, 3.987 to 3, 3.9867 to 4 (half up).
  // 2.50 ÷ 1 l = 2.5 per l exactly, at any precision.
  it("M22 is judged at the decimals written, in a record: 3.990 is not 3.987, 3.9900 not 3.9867", async () => {
    const report = await check(
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: {
          catalogue: [
            { sku: "W1", size: "750", size_unit: "ml" },
            { sku: "W2", size: "750", size_unit: "ml" },
            { sku: "W3", size: "750", size_unit: "ml" },
            { sku: "L", size: "1", size_unit: "l" },
          ],
          prices: [
            { sku: "W1", channel: "web", price: "2.99", unit_price: "3.99" },
            { sku: "W2", channel: "web", price: "2.99", unit_price: "3.990" },
            { sku: "W3", channel: "web", price: "2.99", unit_price: "3.9900" },
            { sku: "L", channel: "web", price: "2.50", unit_price: "2.500" },
          ],
        },
        rules: RULES,
      } as never,
      { at: new Date(AT) },
    );
    // 3.99 is right to the cent and 2.500 to the thousandth; 3.990 and 3.9900 are not.
    expect(judged(report)).toStrictEqual([
      ["W2", "3.987"],
      ["W3", "3.9867"],
    ]);
  });

  it("is judged at the decimals written in a CSV line read in place, with a dot or a comma decimal", async () => {
    const csv = "sku,channel,price,unit_price\nW,web,2.99,3.990\nL,web,2.50,2.500\n";
    const dot = await checkFiles({ "c.csv": CATALOGUE, "p.csv": csv }, config(), AT);
    expect(judged(dot)).toStrictEqual([["W", "3.987"]]);
    const comma = await checkFiles(
      { "c.csv": CATALOGUE, "p.csv": csv.replaceAll(",", ";").replaceAll(".", ",") },
      config({ delimiter: ";", decimal: "," }),
      AT,
    );
    expect(judged(comma)).toStrictEqual([["W", "3.987"]]);
  });

  it("is judged at the decimals written when the unit price is a feed's constant", async () => {
    const csv = "sku,channel,price\nW,web,2.99\n";
    const report = await checkFiles({ "c.csv": CATALOGUE, "p.csv": csv }, config({ constants: { unit_price: "3.990" } }), AT);
    expect(judged(report)).toStrictEqual([["W", "3.987"]]);
  });

  it("keeps its decimals in the offer store, read in place and as a record", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-declared-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price,unit_price\nW,web,2.99,3.990\nV,web,2.99,3.99\nX,web,2.99,\n");
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }));
    const { config: loaded, baseDir } = await loadConfig(join(dir, "pricelint.config.json"));
    for (const inPlace of [true, false]) {
      const { dataset } = await loadDataset(loaded, baseDir, { channels: new Set(channelRegistry(undefined).keys()), inPlace });
      const store = dataset.offers;
      store.index();
      const got = [0, 1, 2].map((row) => {
        const offer = store.read(row, new OfferRecord());
        return [offer.sku, offer.unitPrice, offer.unitPriceDecimals];
      });
      expect([inPlace, got]).toStrictEqual([
        inPlace,
        [
          ["W", 3_990_000, 3],
          ["V", 3_990_000, 2],
          ["X", null, 0],
        ],
      ]);
    }
  });

  it("is judged at the decimals written in a JSON file, as a number or a string", async () => {
    // A JSON file's number is read as written (not as JSON.parse's double): 3.990 is to the
    // thousandth there too; 3.99 is to the cent, and right.
    const json = `[{"sku": "W", "channel": "web", "price": 2.99, "unit_price": 3.990},
 {"sku": "W", "channel": "app", "price": 2.99, "unit_price": "3.990"},
 {"sku": "W", "channel": "store", "location": "S1", "price": 2.99, "unit_price": 3.99}]`;
    const report = await checkFiles(
      { "c.csv": CATALOGUE, "s.csv": "location\nS1\n", "p.json": json },
      { ...config({}, "p.json"), feeds: [...(config({}, "p.json")["feeds"] as Row[]), { kind: "stores", path: "s.csv" }] },
      AT,
    );
    expect(judged(report)).toStrictEqual([
      ["W", "3.987"],
      ["W", "3.987"],
    ]);
    expect(report.findings.map((f) => f.message.split(":")[0])).toStrictEqual(["app at every location", "web at every location"]);
  });

  it("is the number a program gives when it gives a number: 3.990 in memory is 3.99", async () => {
    const report = await check(
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: {
          catalogue: [{ sku: "W", size: "750", size_unit: "ml" }],
          prices: [{ sku: "W", channel: "web", price: 2.99, unit_price: 3.99 }],
        },
        rules: RULES,
      } as never,
      { at: new Date(AT) },
    );
    expect(judged(report)).toStrictEqual([]);
  });
});

/** A config with the catalogue and a prices feed (`extra` added to it). */
function config(extra: Row = {}, path = "p.csv"): Row {
  return {
    timezone: "UTC",
    currency: "EUR",
    feeds: [
      { kind: "catalogue", path: "c.csv" },
      { kind: "prices", path, ...extra },
    ],
    rules: RULES,
  };
}
