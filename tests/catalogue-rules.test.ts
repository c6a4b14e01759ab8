import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";
import { unitOf } from "../src/model/unit-measure.js";

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

describe("ladder/pack-size where members stand", () => {
  const at = new Date("2026-11-20T12:00:00Z");
  const catalogue = [
    { sku: "S", family: "f", size: "500", size_unit: "g" },
    { sku: "L", family: "f", size: "1", size_unit: "kg" },
    { sku: "X", family: "f", size: "2", size_unit: "kg" },
  ];
  const run = async (feeds: Record<string, unknown>) => {
    const report = await check({ timezone: "UTC", currency: "EUR", feeds: { catalogue, ...feeds }, rules: ["ladder/pack-size"] } as never, {
      at,
    });
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    return report.findings.map((f) => [f.sku, f.location, f.message]);
  };

  it("reports two members' default rows at every location, though a third member has a row at one store only", async () => {
    // S at 2.00/kg, L at 3.00/kg in store everywhere; X (2 kg at 1.00/kg) only at L1, where it breaks nothing.
    const prices = [
      { sku: "S", channel: "store", price: "1.00" },
      { sku: "L", channel: "store", price: "3.00" },
      { sku: "X", channel: "store", location: "L1", price: "2.00" },
    ];
    expect(await run({ prices })).toStrictEqual([
      ["L", null, "store at every location: L (1 kg) costs 3.00 per kg, more than S (0.5 kg) at 2.00"],
    ]);
    // With a default row for X too, its own row at L1 does not repeat the S–L finding there.
    const withDefault = [...prices, { sku: "X", channel: "store", price: "2.00" }];
    expect(await run({ prices: withDefault })).toStrictEqual([
      ["L", null, "store at every location: L (1 kg) costs 3.00 per kg, more than S (0.5 kg) at 2.00"],
    ]);
  });

  it("compares a default row a store-limited promotion makes an offer of that store", async () => {
    // S 500 g at 1.00 (2.00/kg), L 1 kg at 1.80: in order everywhere; at MI01 S is 50 % off, 1.00/kg, and L is dearer.
    const prices = [
      { sku: "S", channel: "store", price: "1.00" },
      { sku: "L", channel: "store", price: "1.80" },
    ];
    const promotions = [
      {
        promo_id: "P1",
        type: "percent_off",
        value: "50",
        channels: "store",
        locations: "MI01",
        skus: "S",
        start: "2026-11-01",
        end: "2026-11-30",
      },
    ];
    expect(await run({ prices, promotions })).toStrictEqual([
      ["L", "MI01", "store at MI01: L (1 kg) costs 1.80 per kg, more than S (0.5 kg) at 1.00"],
    ]);
  });
});

describe("ladder/pack-size compares quantities exactly", () => {
  it("a fluid ounce is larger than 29.5735 ml, though both are 29,574 millionths of a litre, rounded half up", async () => {
    // 1 fl oz = 29.5735295625 ml at 1.00 (33.81/l) against 29.5735 ml at 0.90 (30.43/l): the larger is dearer.
    const catalogue = [
      { sku: "OZ", family: "f", size: "1", size_unit: "floz" },
      { sku: "ML", family: "f", size: "29.5735", size_unit: "ml" },
    ];
    const prices = [
      { sku: "OZ", channel: "web", price: "1.00" },
      { sku: "ML", channel: "web", price: "0.90" },
    ];
    const report = await check({ timezone: "UTC", currency: "EUR", feeds: { catalogue, prices }, rules: ["ladder/pack-size"] } as never, {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    // 1.00 ÷ 0.0295735295625 = 33.814…, 0.90 ÷ 0.0295735 = 30.433…; both quantities show as 0.029574 l
    // (0.0295735 is half a millionth above 0.029573: rounded half up).
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      "web at every location: OZ (0.029574 l) costs 33.81 per l, more than ML (0.029574 l) at 30.43",
    ]);
  });
});

describe("duplicate rows that differ in member_price only", () => {
  it("leave the public price known: the rules on it still fire, beside price/conflicting-duplicate", async () => {
    const feeds = {
      catalogue: [{ sku: "A", cost: "5.00", map_price: "8.00" }],
      prices: [
        { sku: "A", channel: "web", price: "4.00", member_price: "3.00" },
        { sku: "A", channel: "web", price: "4.00", member_price: "3.50" },
      ],
    };
    const rules = ["price/conflicting-duplicate", "price/below-cost", "price/below-map", "price/member-above-public"];
    const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules } as never, { at: new Date("2026-11-20T12:00:00Z") });
    expect(report.findings.map((f) => f.rule).sort()).toStrictEqual(["price/below-cost", "price/below-map", "price/conflicting-duplicate"]);
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
    // and 15.00 / 0.90718474 = 16.53/kg, both rounded half up; the larger is dearer per kg. The
    // quantities are shown to a millionth, rounded half up: 0.90718474 is 0.907185, 0.45359237 0.453592.
    const report = await family([
      ["G3", "16", "oz", "6.00"],
      ["G4", "2", "lb", "15.00"],
    ]);
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      "web at every location: G4 (0.907185 kg) costs 16.53 per kg, more than G3 (0.453592 kg) at 13.23",
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

describe("M21 Google's count unit sheet", () => {
  it("is measured, as every unit Google's unit_pricing_measure lists is", () => {
    // Google's list (mass, volume, length, area, count); sheet, like ct and item, counts items.
    const google = "mg g kg oz lb ml cl l floz pt qt gal cbm cm m in ft yd sqm sqft ct sheet item".split(" ");
    expect(google.filter((unit) => unitOf(unit) === undefined)).toStrictEqual([]);
    expect(unitOf("sheet")).toStrictEqual(["item", 1n, 1n]);
  });

  it("M31 a unit written with a superscript (m², m³) is the unit written with its digit", () => {
    // 1 m³ is 1000 l; m² is its own measure.
    expect([unitOf("m³"), unitOf("M³"), unitOf("m²")]).toStrictEqual([unitOf("m3"), unitOf("m3"), unitOf("m2")]);
    expect(unitOf("m³")).toStrictEqual(["l", 1000n, 1n]);
  });

  it("a Google feed's 200 sheet and 400sheet are read, and their ladder judged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-sheet-"));
    writeFileSync(
      join(dir, "products.tsv"),
      "id\ttitle\tprice\tunit pricing measure\titem group id\n" +
        "T1\tToilet paper 200 sheets\t2.00 USD\t200 sheet\tTP\n" +
        "T2\tToilet paper 400 sheets\t4.40 USD\t400sheet\tTP\n",
    );
    const feeds = [{ profile: "google-products", path: "products.tsv", columns: { family: "item group id" } }];
    writeFileSync(
      join(dir, "pricelint.config.json"),
      JSON.stringify({ timezone: "UTC", currency: "USD", feeds, rules: ["ladder/pack-size"] }),
    );
    const report = await check(await loadConfig(join(dir, "pricelint.config.json")), { at: new Date("2026-11-20T12:00:00Z") });
    // 2.00 / 200 = 0.01 and 4.40 / 400 = 0.011 a sheet: alike to the cent, so shown to the
    // thousandth where that tells them apart (0.011; 0.010 is 0.01 at the minor unit).
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      "web at every location: T2 (400 item) costs 0.011 per item, more than T1 (200 item) at 0.01",
    ]);
    expect(report.summary.rows).toMatchObject({ rejected: 0 });
  });
});

describe("P10 a catalogue row with half a measure", () => {
  const run = async (files: Record<string, string>, feeds: Record<string, unknown>[]) => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-measure-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const rules = ["ladder/pack-size", "price/unit-price-mismatch"];
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify({ timezone: "UTC", currency: "EUR", feeds, rules }));
    return check(await loadConfig(join(dir, "pricelint.config.json")), { at: new Date("2026-11-20T12:00:00Z") });
  };
  const invalid = (report: Awaited<ReturnType<typeof run>>) =>
    report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => [f.values["code"], f.message]);

  it("a size without size_unit, or a size_unit without size, is rejected, naming the part missing", async () => {
    const catalogue =
      "sku,family,size,size_unit,pack_qty\n" +
      "F1,flour,1000,,\n" +
      "G1,gum,,item,10\n" +
      "K1,kitchen,,kg,\n" +
      "E6,eggs,,,6\n" +
      "T1,,,,\n" +
      "F2,flour,2,kg,\n";
    const report = await run({ "c.csv": catalogue }, [{ kind: "catalogue", path: "c.csv" }]);
    expect(invalid(report)).toStrictEqual([
      ["required", "c.csv:2:3 (size): size has no size_unit: give the unit it is written in (g, kg, ml, l, item…)"],
      [
        "required",
        "c.csv:3:4 (size_unit): size_unit has no size: give the size in item (1 for one item; pack_qty counts the items of a pack)",
      ],
      ["required", "c.csv:4:4 (size_unit): size_unit has no size: give the size in kg"],
    ]);
    // A pack_qty alone (a pack of no stated size) and a row with no measure at all are accepted.
    expect(report.summary.rows).toStrictEqual({ read: 6, accepted: 3, rejected: 3 });
  });

  it("a measure read from one cell with no unit (750) is rejected too", async () => {
    const catalogue = "sku,measure\nA,750\nB,750 ml\n";
    const report = await run({ "c.csv": catalogue }, [
      { kind: "catalogue", path: "c.csv", columns: { sku: "sku", size: "measure", size_unit: "measure" } },
    ]);
    expect(invalid(report)).toStrictEqual([
      ["required", "c.csv:2:2 (measure): size has no size_unit: give the unit it is written in (g, kg, ml, l, item…)"],
    ]);
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 1, rejected: 1 });
  });
});
