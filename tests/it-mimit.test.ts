import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";
import { validateConfig } from "../src/config/parse-config.js";

const EXCERPT = "fixtures/it-mimit/prezzo_alle_8_2026-08-21_excerpt.csv";
const NATIONAL = "../shared/realdata/it_mimit/prezzo_alle_8_2026-08-21_raw.csv";
const AT = new Date("2026-08-21T08:00:00+02:00");

/** Counts, without pricelint, the (station, fuel) pairs where self-service is dearer than attended. */
function selfAboveAttended(path: string): { rows: number; count: number } {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .slice(2)
    .filter((l) => l !== "");
  const prices = new Map<string, { self?: Decimal; attended?: Decimal }>();
  for (const line of lines) {
    const [station, fuel, price, isSelf] = line.split("|");
    const key = `${station}|${fuel}`;
    const entry = prices.get(key) ?? {};
    entry[isSelf === "1" ? "self" : "attended"] = new Decimal(price!);
    prices.set(key, entry);
  }
  let count = 0;
  for (const { self, attended } of prices.values()) if (self && attended && self.greaterThan(attended)) count++;
  return { rows: lines.length, count };
}

describe("the Italian MIMIT fuel prices (self-service vs attended per station)", () => {
  it("load with a config alone, and the house rule matches an independent count (excerpt)", async () => {
    const report = await check(await loadConfig("fixtures/it-mimit/pricelint.config.json"), { at: AT });
    const expected = selfAboveAttended(EXCERPT);
    expect(expected.count).toBeGreaterThan(0);
    expect(report.summary.rows).toStrictEqual({ read: expected.rows, accepted: expected.rows, rejected: 0 });
    const found = report.findings.filter((f) => f.rule === "fuel/self-above-attended");
    expect(found).toHaveLength(expected.count);
    expect(found[0]?.message).toMatch(/^\S.* self \d\.\d{3} is above attended \d\.\d{3} at station \d+$/);
  });

  it.skipIf(!existsSync(NATIONAL))("match the independent count on the whole national file", async () => {
    const { config } = await loadConfig("fixtures/it-mimit/pricelint.config.json");
    const national = validateConfig({ ...config, feeds: [{ ...config.feeds[0], path: resolve(NATIONAL) }] }, "national");
    const report = await check({ config: national, file: null, baseDir: "fixtures/it-mimit" }, { at: AT });
    const expected = selfAboveAttended(NATIONAL);
    expect(report.summary.rows.read).toBe(expected.rows);
    expect(report.summary.rows.rejected).toBe(0);
    expect(report.findings.filter((f) => f.rule === "fuel/self-above-attended")).toHaveLength(expected.count);
  });
});
