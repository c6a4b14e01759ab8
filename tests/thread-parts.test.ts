/**
 * Threads reading their own part of a sorted price file (ThreadShard.starts) give the one-thread
 * report, byte for byte, whatever lines the file holds around the places its parts start: random
 * sorted files with quoted cells (some over line breaks), CRLF, a BOM, blank lines, lines of
 * delimiters only, rows without a sku and rows rejected for their price. Where a part cannot start
 * where it was sampled, the run is checked by hash shards, and the report is the same too.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";
import { formatJson } from "../src/report/json.js";
import { sampleKeyRanges } from "../src/parallel/key-ranges.js";

const AT = new Date("2026-11-20T12:00:00Z");
const HEADER = "sku,channel,location,currency,price,sale_price";

/** What may follow a sku's rows. */
const EXTRA = ["none", "blank", "delimiters", "no sku", "bad price", "quoted", "quoted over lines"] as const;

const file = fc.record({
  skus: fc.integer({ min: 20, max: 120 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  // Per sku: which extra line follows its rows, mostly none.
  extras: fc.array(fc.constantFrom(...EXTRA, "none", "none", "none", "none", "none", "none"), { minLength: 120, maxLength: 120 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function fileText({ skus, crlf, bom, extras, seed }: typeof file extends fc.Arbitrary<infer F> ? F : never): string {
  const lines = [HEADER];
  for (let n = 0; n < skus; n++) {
    const sku = `S${String(n).padStart(4, "0")}`;
    const cents = 1000 + ((n * 37 + seed) % 500);
    lines.push(`${sku},web,,EUR,${(cents / 100).toFixed(2)},`);
    for (const store of ["L1", "L2"])
      lines.push(`${sku},store,${store},EUR,${((cents + ((n + seed) % 3 === 0 ? 7 : 0)) / 100).toFixed(2)},`);
    const extra = extras[n]!;
    if (extra === "blank") lines.push("");
    if (extra === "delimiters") lines.push(",,,,,");
    if (extra === "no sku") lines.push(",store,L1,EUR,1.00,");
    if (extra === "bad price") lines.push(`${sku},click_collect,L1,EUR,abc,`);
    if (extra === "quoted") lines.push(`${sku},"click_collect",L2,EUR,"${(cents / 100).toFixed(2)}",`);
    if (extra === "quoted over lines") lines.push(`${sku},click_collect,"L1\nS9999,web,,EUR,1.00,\nL2",EUR,1.00,`);
  }
  return (bom ? "\uFEFF" : "") + lines.join(crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n");
}

describe("threads reading their own part of a sorted price file, on random files", () => {
  it("give the one-thread report, byte for byte, parts or hash shards", async () => {
    let parts = 0;
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const dir = mkdtempSync(join(tmpdir(), "pricelint-parts-"));
        writeFileSync(join(dir, "prices.csv"), fileText(f));
        const path = join(dir, "pricelint.config.json");
        const rules = ["recommended", "channel/online-differs-from-store"];
        writeFileSync(path, JSON.stringify({ currency: "EUR", timezone: "UTC", feeds: [{ kind: "prices", path: "prices.csv" }], rules }));
        const config = await loadConfig(path);
        if ((await sampleKeyRanges(config.config.feeds[0]!, join(dir, "prices.csv"), 2))?.starts) parts++;
        const whole = formatJson(await check(config, { at: AT }));
        for (const workers of [2, 3]) expect(formatJson(await check(config, { at: AT, workers }))).toBe(whole);
      }),
      { numRuns: 10, seed: 52 },
    );
    // Most files are read in parts: the property is about them.
    expect(parts).toBeGreaterThanOrEqual(5);
  }, 300_000);
});
