/**
 * A sale window written in one cell: `start/end`, Google's Content API `start,end`, or
 * `start end`; read alike by the in-place loader and the record loader.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Report } from "../src/index.js";
import { splitInterval } from "../src/time/instant.js";

describe("splitInterval", () => {
  it("splits at a slash, else a comma, else a space before a date, and trims the ends", () => {
    expect(splitInterval("2026-11-20/2026-11-29")).toStrictEqual(["2026-11-20", "2026-11-29"]);
    expect(splitInterval("2026-11-20T13:00-0800,2026-11-29T15:30-0800")).toStrictEqual(["2026-11-20T13:00-0800", "2026-11-29T15:30-0800"]);
    expect(splitInterval("2026-11-20T13:00Z 2026-11-29T15:30Z")).toStrictEqual(["2026-11-20T13:00Z", "2026-11-29T15:30Z"]);
    expect(splitInterval(" 2026-11-20 / 2026-11-29 ")).toStrictEqual(["2026-11-20", "2026-11-29"]);
  });

  it("leaves one instant whole, a space before its time included, and refuses an empty end", () => {
    expect(splitInterval("2026-11-20 13:00")).toBeNull();
    expect(splitInterval("2026-11-20T13:00Z")).toBeNull();
    expect(splitInterval("2026-11-20/")).toBeNull();
    expect(splitInterval("/2026-11-20")).toBeNull();
    // ISO 8601's comma before a fraction of a second: one instant, not two ends.
    expect(splitInterval("2026-11-20T10:00:00,5Z")).toBeNull();
  });
});

describe("a sale window in one sale_start cell", () => {
  /** Rule hits of the web sale at 1.50 (against the store's 2.00) at `at`, the feed read in place (CSV) or as records (JSON). */
  async function onSale(cell: string, at: string): Promise<{ csv: number; json: number }> {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-interval-"));
    writeFileSync(join(dir, "web.csv"), `sku,channel,price,sale_price,sale_start\nA,web,2.00,1.50,"${cell}"\nA,store,2.00,,\n`);
    const rows = [
      { sku: "A", channel: "web", price: "2.00", sale_price: "1.50", sale_start: cell },
      { sku: "A", channel: "store", price: "2.00" },
    ];
    writeFileSync(join(dir, "web.json"), JSON.stringify(rows));
    const count = async (file: string) => {
      writeFileSync(
        join(dir, "c.json"),
        JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: file }], rules: ["channel/online-differs-from-store"] }),
      );
      const report: Report = await check(await loadConfig(join(dir, "c.json")), { at: new Date(at) });
      expect(report.summary.rows.rejected).toBe(0);
      return report.findings.length;
    };
    return { csv: await count("web.csv"), json: await count("web.json") };
  }

  it("reads Google's comma form with offsets without a colon, in both loaders", async () => {
    const cell = "2026-11-20T13:00-0800,2026-11-29T15:30-0800"; // 21:00Z on the 20th to 23:30Z on the 29th
    expect(await onSale(cell, "2026-11-20T20:59:00Z")).toStrictEqual({ csv: 0, json: 0 });
    expect(await onSale(cell, "2026-11-20T21:00:00Z")).toStrictEqual({ csv: 1, json: 1 });
    expect(await onSale(cell, "2026-11-29T23:29:00Z")).toStrictEqual({ csv: 1, json: 1 });
    expect(await onSale(cell, "2026-11-29T23:30:00Z")).toStrictEqual({ csv: 0, json: 0 });
  });

  it("reads a sale_start with a comma before its fraction of a second as that instant, in both loaders", async () => {
    // The sale starts at 10:00:00.5Z and has no end.
    expect(await onSale("2026-11-20T10:00:00,5Z", "2026-11-20T10:00:00.499Z")).toStrictEqual({ csv: 0, json: 0 });
    expect(await onSale("2026-11-20T10:00:00,5Z", "2026-11-20T10:00:00.500Z")).toStrictEqual({ csv: 1, json: 1 });
  });

  it("reads the slash and space forms alike", async () => {
    for (const cell of ["2026-11-20T21:00Z/2026-11-29T23:30Z", "2026-11-20T21:00Z 2026-11-29T23:30Z"]) {
      expect(await onSale(cell, "2026-11-25T00:00:00Z")).toStrictEqual({ csv: 1, json: 1 });
      expect(await onSale(cell, "2026-11-30T00:00:00Z")).toStrictEqual({ csv: 0, json: 0 });
    }
  });
});

describe("one column mapped to both sale_start and sale_end", () => {
  it("is read as the window it holds, as Google's sale_price_effective_date is, in both loaders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-interval-"));
    const header = "id\tprice\tsale price\tsale_price_effective_date";
    writeFileSync(join(dir, "p.tsv"), `${header}\nA\t2.00\t1.50\t2026-11-20T21:00Z/2026-11-29T23:30Z\n`);
    const json = [{ id: "A", price: "2.00", "sale price": "1.50", sale_price_effective_date: "2026-11-20T21:00Z/2026-11-29T23:30Z" }];
    writeFileSync(join(dir, "p.json"), JSON.stringify(json));
    const columns = { sku: "id", sale_price: "sale price", sale_start: "sale_price_effective_date", sale_end: "sale_price_effective_date" };
    for (const file of ["p.tsv", "p.json"]) {
      const feeds = [
        { kind: "prices", path: file, columns, constants: { channel: "web" } },
        { kind: "prices", path: "store.csv", constants: { channel: "store" } },
      ];
      writeFileSync(join(dir, "store.csv"), "sku,price\nA,2.00\n");
      writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds, rules: ["channel/online-differs-from-store"] }));
      const config = await loadConfig(join(dir, "c.json"));
      const during = await check(config, { at: new Date("2026-11-25T00:00:00Z") });
      const after = await check(config, { at: new Date("2026-11-30T00:00:00Z") });
      expect([file, during.summary.rows.rejected, during.findings.length, after.findings.length]).toStrictEqual([file, 0, 1, 0]);
    }
  });
});

describe("a window where no window is taken", () => {
  /** Each rejected row's code, the feed read in place (CSV) and as records (JSON). */
  async function rejections(kind: string, header: string[], row: string[]): Promise<string[][]> {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-interval-"));
    writeFileSync(join(dir, "f.csv"), `${header.join(",")}\n${row.map((c) => `"${c}"`).join(",")}\n`);
    writeFileSync(join(dir, "f.json"), JSON.stringify([Object.fromEntries(header.map((h, i) => [h, row[i]]))]));
    const codes: string[][] = [];
    for (const file of ["f.csv", "f.json"]) {
      writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind, path: file }], rules: [] }));
      const report = await check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-25T00:00:00Z") });
      codes.push(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => String(f.values["code"])));
    }
    return codes;
  }

  it("is refused in sale_end alone, in both loaders: it would lose the window's start", async () => {
    const row = ["A", "web", "2.00", "1.50", "2026-11-20/2026-11-29"];
    expect(await rejections("prices", ["sku", "channel", "price", "sale_price", "sale_end"], row)).toStrictEqual([
      ["invalid_date"],
      ["invalid_date"],
    ]);
  });

  it("is refused in a timestamp that takes one instant (a history row's valid_from)", async () => {
    const row = ["A", "web", "2026-11-01,2026-11-30", "2.00"];
    expect(await rejections("price_history", ["sku", "channel", "valid_from", "price"], row)).toStrictEqual([
      ["invalid_date"],
      ["invalid_date"],
    ]);
  });
});

describe("a promotion's window in one cell (Google's promotion_effective_dates)", () => {
  const prices = "sku,channel,price\nA,web,10.00\nA,store,10.00\n";
  const config = (columns: Record<string, string>) => ({
    timezone: "UTC",
    currency: "EUR",
    feeds: [
      { kind: "prices", path: "p.csv" },
      { kind: "promotions", path: "promos.csv", columns },
    ],
    rules: ["channel/online-differs-from-store"],
  });
  const run = async (promos: string, columns: Record<string, string>, at: string) => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-promo-window-"));
    writeFileSync(join(dir, "p.csv"), prices);
    writeFileSync(join(dir, "promos.csv"), promos);
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config(columns)));
    const report = await check(await loadConfig(join(dir, "pricelint.config.json")), { at: new Date(at) });
    return report.findings.map((f) => [f.rule, f.values["code"] ?? f.message]);
  };

  it("is read as that window when one column gives both start and end", async () => {
    const promos =
      "promo_id,type,value,channels,skus,promotion_effective_dates\nP1,percent_off,10,web,A,2026-11-01T00:00:00Z/2026-11-30T00:00:00Z\n";
    const both = { start: "promotion_effective_dates", end: "promotion_effective_dates" };
    // While it runs the web is 9.00 against the store's 10.00; from 30 November, 10.00 again.
    expect(await run(promos, both, "2026-11-20T12:00:00Z")).toStrictEqual([
      ["channel/online-differs-from-store", "web 9.00 differs from store 10.00 at every location"],
    ]);
    expect(await run(promos, both, "2026-11-30T00:00:00Z")).toStrictEqual([]);
  });

  it("rejects a whole window in start beside another end, and a whole window in end alone", async () => {
    const promos =
      "promo_id,type,value,channels,skus,start,end\n" +
      "P1,percent_off,10,web,A,2026-11-01/2026-11-30,2026-11-20\n" +
      "P2,percent_off,10,web,A,2026-11-01,2026-11-01/2026-11-30\n";
    expect(await run(promos, {}, "2026-11-20T12:00:00Z")).toStrictEqual([
      ["feed/invalid-row", "two_sale_ends"],
      ["feed/invalid-row", "invalid_date"],
    ]);
  });
});
