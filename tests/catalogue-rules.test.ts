import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";

const expected = JSON.parse(readFileSync("fixtures/catalogue-rules/expected.json", "utf8")) as {
  rows: unknown;
  findings: unknown[];
};

describe("the catalogue rules fixture (fixtures/catalogue-rules)", () => {
  it("gives the hand-worked findings: each rule fires on its case and not on the cases beside it", async () => {
    const report = await check(await loadConfig("fixtures/catalogue-rules/pricelint.config.json"), {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    expect(report.summary.rows).toStrictEqual(expected.rows);
    const projected = report.findings.map(({ rule, severity, sku, location, channels, message, values, sources }) => ({
      rule,
      severity,
      sku,
      location,
      channels,
      message,
      values,
      sources,
    }));
    expect(projected).toStrictEqual(expected.findings);
  });
});

describe("ladder/pack-size", () => {
  const ladder = async (catalogue: Record<string, unknown>[], prices: [string, string][]) => {
    const feeds = { catalogue, prices: prices.map(([sku, price]) => ({ sku, channel: "web", price })) };
    const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules: ["ladder/pack-size"] } as never, {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    return report.findings.map((f) => f.message);
  };
  const member = (sku: string, size: string, unit: string) => ({ sku, family: "f", size, size_unit: unit });

  it("compares a member with every smaller one, not only the next: the cheapest per unit is named", async () => {
    // 500 g at 2.00/kg, 750 g at 3.00/kg, 1 kg at 2.50/kg: 750 g is dearer than 500 g, and 1 kg
    // is dearer than 500 g too (not than 750 g, its neighbour).
    const found = await ladder(
      [member("S", "500", "g"), member("M", "750", "g"), member("L", "1", "kg")],
      [
        ["S", "1.00"],
        ["M", "2.25"],
        ["L", "2.50"],
      ],
    );
    // (Quantities are shown in the measure's unit, findings in sku order.)
    expect(found).toStrictEqual([
      "web at every location: L (1 kg) costs 2.50 per kg, more than S (0.5 kg) at 2.00",
      "web at every location: M (0.75 kg) costs 3.00 per kg, more than S (0.5 kg) at 2.00",
    ]);
  });

  it("whatever the skus' names when two members have the same quantity", async () => {
    // X 500 g at 1.00/kg, Y 0.5 kg at 2.00/kg, Z 1 kg at 1.50/kg: Z is dearer than X; swapping
    // the prices of X and Y gives the same finding, naming Y.
    const catalogue = [member("X", "500", "g"), member("Y", "0.5", "kg"), member("Z", "1", "kg")];
    expect(
      await ladder(catalogue, [
        ["X", "0.50"],
        ["Y", "1.00"],
        ["Z", "1.50"],
      ]),
    ).toStrictEqual(["web at every location: Z (1 kg) costs 1.50 per kg, more than X (0.5 kg) at 1.00"]);
    expect(
      await ladder(catalogue, [
        ["X", "1.00"],
        ["Y", "0.50"],
        ["Z", "1.50"],
      ]),
    ).toStrictEqual(["web at every location: Z (1 kg) costs 1.50 per kg, more than Y (0.5 kg) at 1.00"]);
  });
});

describe("size units", () => {
  const family = (rows: [string, string, string, string][]) =>
    check(
      {
        timezone: "UTC",
        currency: "USD",
        feeds: {
          catalogue: rows.map(([sku, size, size_unit]) => ({ sku, family: "f", size, size_unit })),
          prices: rows.map(([sku, , , price]) => ({ sku, channel: "web", price })),
        },
        rules: ["ladder/pack-size"],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );

  it("measures US units by their exact definitions, so their ladders are judged", async () => {
    // 16 oz = 0.45359237 kg at 6.00, 2 lb = 0.90718474 kg at 15.00: 6.00 / 0.45359237 = 13.23/kg
    // and 15.00 / 0.90718474 = 16.53/kg, both rounded half up; the larger is dearer per kg.
    const report = await family([
      ["G3", "16", "oz", "6.00"],
      ["G4", "2", "lb", "15.00"],
    ]);
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      "web at every location: G4 (0.907184 kg) costs 16.53 per kg, more than G3 (0.453592 kg) at 13.23",
    ]);
  });

  it("refuses a unit it does not know, rather than leave the product out of the unit-price rules", async () => {
    const report = await family([["D", "12", "dozen", "5.00"]]);
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      expect.stringContaining('(size_unit): "dozen" is not a size unit pricelint knows (mg, g, kg,'),
    ]);
    expect(report.summary.rows).toMatchObject({ rejected: 1 });
  });
});
