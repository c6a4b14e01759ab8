/**
 * An offer whose duplicate rows dispute its tax basis counts towards no median of
 * `price/location-dispersion` and is judged against none, whichever row comes first (docs/bad-input.md P19).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, type Report } from "../src/index.js";

/** Checks a price file with the dispersion and duplicate rules. */
async function checkPrices(csv: string): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-dispersion-basis-"));
  writeFileSync(join(dir, "p.csv"), csv);
  const config = {
    timezone: "Europe/Rome",
    currency: "EUR",
    feeds: [{ kind: "prices", path: "p.csv" }],
    rules: ["price/location-dispersion", "price/conflicting-duplicate"],
  };
  const { validateConfig } = await import("../src/config/parse-config.js");
  return check({ config: validateConfig(config, "test"), file: null, baseDir: dir }, { at: new Date("2026-11-20T10:00:00Z") });
}

describe("price/location-dispersion beside a disputed tax basis", () => {
  const head = "sku,channel,location,price,tax_included\nA,store,S1,10.00,true\nA,store,S2,10.00,true\nA,store,S3,10.00,true\n";

  it("P19 judges an offer whose rows dispute tax_included against no median, whichever row comes first", async () => {
    for (const s4 of [
      ["A,store,S4,8.20,false", "A,store,S4,8.20,true"],
      ["A,store,S4,8.20,true", "A,store,S4,8.20,false"],
    ]) {
      const r = await checkPrices(`${head}${s4.join("\n")}\n`);
      // S4's basis is unknown: 8.20 is neither compared with the gross median 10.00 nor counted in it.
      expect(r.findings.map((f) => `${f.rule} ${f.location}`)).toStrictEqual(["price/conflicting-duplicate S4"]);
    }
  });

  it("counts a disputed basis towards no median: two gross prices beside it are too few for one", async () => {
    const head = "sku,channel,location,price,tax_included\nA,store,S1,10.00,true\nA,store,S2,5.00,true\n";
    for (const s3 of ["A,store,S3,10.00,false\nA,store,S3,10.00,true", "A,store,S3,10.00,true\nA,store,S3,10.00,false"]) {
      const r = await checkPrices(`${head}${s3}\n`);
      // Counted on the gross basis, S3 would make the median of 10, 5, 10 be 10, and 5.00 is 50% away; without it, two prices make no median.
      expect(r.findings.map((f) => `${f.rule} ${f.location}`)).toStrictEqual(["price/conflicting-duplicate S3"]);
    }
  });
});
