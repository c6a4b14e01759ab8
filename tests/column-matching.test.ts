/**
 * An unmapped canonical field finds its column ignoring case, spaces, `_` and `-` (Google's local
 * inventory feed writes `sale price`); a mapped field only by its mapping; two candidates are refused.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check, loadConfig, type PricelintError, type Report } from "../src/index.js";
import { failure } from "./helpers/failure.js";

async function run(header: string, row: string, feed: Record<string, unknown> = {}): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-columns-"));
  writeFileSync(join(dir, "p.csv"), `${header}\n${row}\n`);
  const config = { currency: "EUR", feeds: [{ kind: "prices", path: "p.csv", ...feed }], rules: ["price/sale-not-below-regular"] };
  writeFileSync(join(dir, "c.json"), JSON.stringify(config));
  return check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
}

describe("column matching", () => {
  it("finds `Sale Price`, `sale-price` and `SALE_PRICE` for sale_price, in place and as records", async () => {
    for (const name of ["Sale Price", "sale-price", "SALE_PRICE", "sale  price"]) {
      // A sale price equal to the price: found, it fires; ignored, nothing would.
      const report = await run(`SKU,Channel,Price,${name}`, "A,web,2.00,2.00");
      expect([name, report.findings.map((f) => f.rule)]).toStrictEqual([name, ["price/sale-not-below-regular"]]);
      const quoted = await run(`SKU,Channel,Price,"${name}"`, 'A,web,"2.00","2.00"');
      expect(quoted.findings).toHaveLength(1);
    }
  });

  it("leaves a mapped field to its mapping, and warns of the column that looks like it", async () => {
    const report = await run("sku,channel,price,sale price,promo", "A,web,2.00,2.00,1.50", { columns: { sale_price: "promo" } });
    // sale_price is read from promo (1.50 < 2.00: no rule fires); "sale price" (column 4) is left unread.
    expect(report.findings.map((f) => [f.rule, f.severity, f.message, f.sources])).toStrictEqual([
      [
        "feed/unmapped-column",
        "warning",
        'p.csv:1:4: column "sale price" is not read, but it looks like sale_price, and this feed reads sale_price from column "promo": map it under "columns", or list it in "ignoreColumns"',
        [{ file: "p.csv", line: 1 }],
      ],
    ]);
  });

  it("refuses two columns that could each be the field", async () => {
    const error = await failure(run("sku,channel,price,sale price,sale-price", "A,web,2.00,2.00,1.50"));
    expect([error.code, error.message]).toStrictEqual([
      "config",
      'p.csv: columns "sale price" and "sale-price" could each be sale_price: map the one meant in "columns"',
    ]);
  });
});

describe("feed/unmapped-column", () => {
  const warnings = (report: Report) =>
    report.findings
      .filter((f) => f.rule === "feed/unmapped-column")
      .map((f) => [f.values["columnName"], f.values["field"], f.values["instead"]]);

  it("names a synonym's field that the feed reads from nowhere; a constant over a column of its field is refused", async () => {
    // store_code is Google's name for the location; was_price a common one for the reference price.
    const none = await run("sku,channel,price,store_code,was_price", "A,store,2.00,S1,2.50");
    expect(warnings(none)).toStrictEqual([
      ["store_code", "location", null],
      ["was_price", "reference_price", null],
    ]);
    // A constant over a column of its field is refused (either could be meant) unless the column is ignored.
    await expect(run("sku,price,Channel", "A,2.00,web", { constants: { channel: "web" } })).rejects.toThrow(
      'p.csv: column "Channel" gives channel, and the feed\'s constants set it to "web": which is meant?',
    );
    const ignored = await run("sku,price,Channel", "A,2.00,web", { constants: { channel: "web" }, ignoreColumns: ["Channel"] });
    expect(warnings(ignored)).toStrictEqual([]);
  });

  it("is silent for columns read, columns that stand for no field, and columns listed in ignoreColumns", async () => {
    expect(warnings(await run("sku,channel,price,colour,description", "A,web,2.00,red,x"))).toStrictEqual([]);
    expect(warnings(await run("sku,channel,price,store_code", "A,store,2.00,S1", { ignoreColumns: ["store_code"] }))).toStrictEqual([]);
  });

  it("names the line of the first record with the column in a feed without a header", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-columns-"));
    const lines = ['{"sku":"A","channel":"web","price":"2.00"}', '{"sku":"B","channel":"web","price":"3.00","was_price":"3.50"}'];
    writeFileSync(join(dir, "p.jsonl"), lines.join("\n") + "\n");
    writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.jsonl" }], rules: [] }));
    const report = await check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
    const [finding] = report.findings;
    expect([report.findings.length, finding?.sources, finding?.values["column"]]).toStrictEqual([1, [{ file: "p.jsonl", line: 2 }], 4]);
  });

  it("is reported once per feed entry, however many files its path pattern matches", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-columns-"));
    for (const store of ["S1", "S2", "S3"])
      writeFileSync(join(dir, `store_${store}.csv`), "sku,channel,price,was_price\nA,store,2.00,2.50\n");
    const feed = { kind: "prices", path: "store_{location}.csv" };
    writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds: [feed], rules: [] }));
    const report = await check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
    expect(report.findings.map((f) => [f.sources, f.values["files"]])).toStrictEqual([[[{ file: "store_S1.csv", line: 1 }], 3]]);
    expect(report.findings[0]!.message).toMatch(/\(and in 2 more files of this feed\)/);
  });

  it("can be switched off", async () => {
    const report = await run("sku,channel,price,store_code", "A,store,2.00,S1");
    expect(warnings(report)).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), "pricelint-columns-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price,store_code\nA,store,2.00,S1\n");
    const config = {
      currency: "EUR",
      feeds: [{ kind: "prices", path: "p.csv" }],
      rules: [],
      ruleSettings: { "feed/unmapped-column": "off" },
    };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    expect((await check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") })).findings).toStrictEqual([]);
  });
});

describe("a mapping that could mean two things", () => {
  const issues = (feed: Record<string, unknown>) => {
    try {
      validateConfig({ feeds: [{ kind: "prices", path: "p.csv", ...feed }] }, "c.json");
      return [];
    } catch (error) {
      return (error as PricelintError).issues.map((i) => `${i.path}: ${i.message}`);
    }
  };

  it("refuses a column mapped to two fields, but for sale_start and sale_end sharing a window", () => {
    expect(issues({ columns: { price: "amount", sale_price: "amount" } })).toStrictEqual([
      `feeds[0].columns: column "amount" is mapped to price and sale_price: a column gives one field (only a window's ends may share one, sale_start and sale_end or a promotion's start and end; or size and size_unit, a measure)`,
    ]);
    expect(issues({ columns: { sale_start: "window", sale_end: "window" } })).toStrictEqual([]);
    expect(issues({ columns: { sale_start: "window", sale_end: "window", member_price: "window" } })).toHaveLength(1);
  });

  it("refuses a field both mapped to a column and set as a constant", () => {
    expect(issues({ columns: { channel: "Channel" }, constants: { channel: "web" } })).toStrictEqual([
      "feeds[0].constants.channel: channel is both mapped to a column and set as a constant: say it once",
    ]);
  });
});
