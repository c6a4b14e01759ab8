/**
 * The Google Merchant Center example (fixtures/gmc-harbor/, see fixtures/README.md): a US
 * retailer's primary feed (22 products), local inventory feed (17 rows at 4 stores, one
 * temporarily closed) and four saved landing pages, with 18 planted problems worked out by hand.
 * The config names the profiles and nothing else: no house rule, no value map, no preprocessing.
 * Every planted problem must be found under the rule that names it, and nothing else, whether the
 * primary feed is Google's XML or its gzipped TSV.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check, type Report } from "../src/index.js";

const DIR = "fixtures/gmc-harbor";
const AT = new Date("2026-11-20T17:00:00Z");

async function run(primary: string): Promise<Report> {
  const file = join(DIR, "pricelint.config.json");
  const input = JSON.parse(readFileSync(file, "utf8")) as { feeds: { path: string }[] };
  input.feeds = input.feeds.map((f) => (f.path === "products.xml" ? { ...f, path: primary } : f));
  return check({ config: validateConfig(input, file), file, baseDir: DIR }, { at: AT });
}

/**
 * The planted problems (fixtures/README.md), at 2026-11-20T17:00Z:
 * rule, sku, location (null: the web's row, or the sku as a whole), and the local inventory
 * line the finding cites (null: none).
 */
const PLANTED: readonly (readonly [string, string, string | null, number | null])[] = [
  // PHL04 is temporarily closed; the row's pickup_method is buy.
  ["availability/click-collect-store-closed", "HG-1003", "PHL04", 6],
  // in_stock with 0 units (out of stock below 1); limited_availability with 12 (in stock from 3).
  ["availability/contradicts-stock", "HG-1005", "CHI03", 8],
  ["availability/contradicts-stock", "HG-1006", "NYC01", 9],
  // reserve (e-reservation) with 0 units, below the rule's minimum of 3.
  ["availability/e-reservation-low-stock", "HG-1004", "BOS02", 7],
  // same-day pickup (buy) with 1 unit, below the rule's minimum of 3.
  ["availability/pickup-low-stock", "HG-1007", "BOS02", 10],
  // click_collect 49.00 at NYC01 (the row's own price, pickup_method buy) above the web's 45.00.
  ["channel/click-collect-above-web", "HG-1002", "NYC01", 5],
  // quantity "ten": rejected once, though the row is read as prices and as inventory.
  ["feed/invalid-row", "HG-1022", null, 18],
  // 34.00 CAD at CHI03, whose currency is USD.
  ["price/currency-mismatch", "HG-1019", "CHI03", 16],
  // sale window 2026-11-30 → 2026-11-01: ends before it starts.
  ["price/invalid-sale-window", "HG-1020", null, null],
  // the page shows 139.00, the feed 129.00; the page shows 54.44, sales tax added to 50.00.
  ["price/landing-page-mismatch", "HG-1014", null, null],
  ["price/landing-page-mismatch", "HG-1015", null, null],
  // 0.00 USD at BOS02.
  ["price/non-positive", "HG-1018", "BOS02", 15],
  // sale price 24.00 equal to the price 24.00.
  ["price/sale-not-below-regular", "HG-1011", null, null],
  // sale 19.99 whose window ended 2026-11-15T00:00Z, before the check.
  ["price/stale-sale", "HG-1009", null, null],
  // store code NYC1, not in the stores list (NYC01 is): one finding, though the row also gives stock there.
  ["price/unknown-location", "HG-1008", "NYC1", 11],
  // HG-9999 is not in the primary feed.
  ["price/unknown-sku", "HG-9999", "NYC01", 17],
  // the web's sale (zone-less window, read as UTC) ends 2026-11-30T00:00Z, CHI03's 2026-11-27T00:00Z.
  ["promo/window-mismatch", "HG-1012", "CHI03", 13],
  // the web's sale runs (2026-11-10 → 11-25), NYC01's own row has none.
  ["promo/window-mismatch", "HG-1013", "NYC01", 14],
];

/** The line of each product's `<item>` in the XML feed, found by reading the file. */
function itemLines(xml: string): Map<string, number> {
  const lines = xml.split("\n");
  const found = new Map<string, number>();
  let item = 0;
  lines.forEach((line, i) => {
    if (line.trim() === "<item>") item = i + 1;
    const id = /<g:id>([^<]+)<\/g:id>/.exec(line);
    if (id) found.set(id[1]!, item);
  });
  return found;
}

describe("the Google Merchant Center example (fixtures/gmc-harbor)", () => {
  it.each(["products.xml", "products.tsv.gz"])(
    "finds every planted problem under the rule that names it, and nothing else, from %s",
    async (primary) => {
      const report = await run(primary);
      expect(report.findings.map((f) => [f.rule, f.sku, f.location])).toStrictEqual(
        PLANTED.map(([rule, sku, location]) => [rule, sku, location]),
      );
      // Each finding at a store cites its local inventory line.
      for (const [rule, sku, , line] of PLANTED) {
        const finding = report.findings.find((f) => f.rule === rule && f.sku === sku)!;
        const local = finding.sources.filter((s) => s.file === "local-inventory.tsv").map((s) => s.line);
        expect(local, `${rule} ${sku}`).toStrictEqual(line === null ? [] : [line]);
      }
      // 4 stores; 22 products; 4 pages; 17 local rows, the one with quantity "ten" rejected once.
      expect(report.summary.rows).toStrictEqual({ read: 47, accepted: 46, rejected: 1 });
      expect(report.summary.feeds.find((f) => f.file === "local-inventory.tsv")).toMatchObject({ read: 17, accepted: 16, rejected: 1 });
    },
  );

  it("cites the primary feed's line too where a local row takes its price (Google's precedence)", async () => {
    const lines = itemLines(readFileSync(join(DIR, "products.xml"), "utf8"));
    const xml = await run("products.xml");
    // HG-1003 at PHL04 and HG-1007 at BOS02 have no price of their own: they take the web's 39.00 and 29.00.
    for (const [rule, sku, line] of [
      ["availability/click-collect-store-closed", "HG-1003", 6],
      ["availability/pickup-low-stock", "HG-1007", 10],
    ] as const) {
      const finding = xml.findings.find((f) => f.rule === rule && f.sku === sku)!;
      expect(finding.sources).toStrictEqual([
        { file: "local-inventory.tsv", line },
        { file: "products.xml", line: lines.get(sku) },
      ]);
    }
    // In the TSV, HG-1003 is the third product (line 4) and HG-1007 the seventh (line 8).
    const tsv = await run("products.tsv.gz");
    expect(tsv.findings.find((f) => f.rule === "availability/pickup-low-stock")!.sources).toStrictEqual([
      { file: "local-inventory.tsv", line: 10 },
      { file: "products.tsv.gz", line: 8 },
    ]);
  });

  it("leaves the controls alone: an inherited price, a per-store price, a scheduled sale, pages that agree", async () => {
    const report = await run("products.xml");
    // HG-1001: NYC01 takes 89.00 (same-day pickup, 8 units), BOS02 prices it 92.00 on purpose, PHL04 sells it
    // without pickup while closed; its page shows 89.00. HG-1010's sale starts 2026-11-27. HG-1002's page shows 45.00.
    for (const sku of ["HG-1001", "HG-1010"]) expect(report.findings.filter((f) => f.sku === sku)).toStrictEqual([]);
    expect(report.findings.filter((f) => f.rule === "price/landing-page-mismatch" && f.sku === "HG-1002")).toStrictEqual([]);
  });
});
