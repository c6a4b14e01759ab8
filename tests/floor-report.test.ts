/**
 * The benchmark's floor writing its findings (bench/contenders/floor.mjs with a report file) does
 * the same work as the CLI: its findings are the CLI report's, byte for byte, and so is the
 * digest. Checked on generated feeds (two seeds), and it refuses a feed whose skus are not sorted
 * (its report would be out of order).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../bench/generate.js";
import { runCli } from "./helpers/run-cli.js";

const FLOOR = resolve(import.meta.dirname, "../bench/contenders/floor.mjs");

/** The report from its findings array on: the findings' texts and the digest. */
const findingsPart = (report: string): string => report.slice(report.indexOf('\n  "findings": ['));

describe("the floor writing the report's findings", () => {
  for (const seed of [1, 7]) {
    it(`writes the CLI report's findings and digest byte for byte (seed ${seed})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "pricelint-floor-"));
      const truth = generate({ skus: 400, stores: 6, seed, out: dir });
      const cliReport = join(dir, "cli.json");
      const run = await runCli([
        "check",
        "--config",
        join(dir, truth.files.config),
        "--format",
        `json:${cliReport}`,
        "--no-progress",
        "--fail-on",
        "never",
      ]);
      expect(run.code).toBe(0);
      const floorReport = join(dir, "floor.json");
      const floor = JSON.parse(execFileSync(process.execPath, [FLOOR, join(dir, truth.files.feed), floorReport], { encoding: "utf8" }));
      const cli = readFileSync(cliReport, "utf8");
      const own = readFileSync(floorReport, "utf8");
      // Every rule of the generated feed has findings, so every writer of the floor is compared.
      for (const id of Object.keys(floor.counts)) expect(floor.counts[id]).toBe(truth.counts[id as keyof typeof truth.counts]);
      expect(Object.values(floor.counts).every((n) => (n as number) > 0)).toBe(true);
      expect(findingsPart(own)).toBe(findingsPart(cli));
      expect(floor.sha256).toBe(JSON.parse(cli).digest.sha256);
      expect(JSON.parse(own).findings).toHaveLength(JSON.parse(cli).findings.length);
    });
  }

  it("refuses skus out of order rather than write them out of the report's order", () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-floor-"));
    const feed = join(dir, "prices.csv");
    writeFileSync(feed, "sku,channel,location,currency,price,sale_price\nB,web,,EUR,1.00,\nA,web,,EUR,1.00,\n");
    const run = spawnSync(process.execPath, [FLOOR, feed, join(dir, "floor.json")], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("line 3: skus are not in ascending order");
  });
});
