/**
 * An unmapped canonical field finds its column ignoring case, spaces, `_` and `-` (Google's local
 * inventory feed writes `sale price`); a mapped field only by its mapping; two candidates are refused.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Report } from "../src/index.js";
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

  it("leaves a mapped field to its mapping", async () => {
    const report = await run("sku,channel,price,sale price,promo", "A,web,2.00,2.00,1.50", { columns: { sale_price: "promo" } });
    expect(report.findings).toHaveLength(0);
  });

  it("refuses two columns that could each be the field", async () => {
    const error = await failure(run("sku,channel,price,sale price,sale-price", "A,web,2.00,2.00,1.50"));
    expect([error.code, error.message]).toStrictEqual([
      "config",
      'p.csv: columns "sale price" and "sale-price" could each be sale_price: map the one meant in "columns"',
    ]);
  });
});
