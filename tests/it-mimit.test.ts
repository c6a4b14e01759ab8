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

  it("read the price events as a price history through dateFormat alone: each price holds from its dtComu (excerpt)", async () => {
    const events = "fixtures/it-mimit/TS_GO_price_events_excerpt.csv";
    const { config } = await loadConfig("fixtures/it-mimit/price-events.config.json");
    // Without pricelint: each event's dtComu as Rome wall-clock text in ISO order, compared as text
    // with the checked instant's Rome wall clock (noon, so no clock change is near).
    const rows = readFileSync(events, "utf8")
      .split("\n")
      .slice(1)
      .filter((l) => l !== "");
    const wall = (cell: string) => {
      const [date, time] = cell.split(" ");
      const [d, m, y] = date!.split("/");
      return `${y}-${m}-${d}T${time}`;
    };
    const rome = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Rome", dateStyle: "short", timeStyle: "medium" });
    let checked = 0;
    for (const day of ["2026-03-20", "2026-04-15", "2026-05-06", "2026-06-01", "2026-07-10", "2026-08-20"]) {
      const at = new Date(`${day}T10:00:00Z`);
      const now = rome.format(at).replace(" ", "T");
      const inForce = new Map<string, { when: string; price: Decimal }>();
      for (const row of rows) {
        const [, station, fuel, isSelf, price, communicated] = row.split(",");
        const when = wall(communicated!);
        const key = `${station}|${fuel}|${isSelf}`;
        if (when <= now && !(when < (inForce.get(key)?.when ?? ""))) inForce.set(key, { when, price: new Decimal(price!) });
      }
      const expected = [...inForce.keys()]
        .filter((key) => key.endsWith("|1"))
        .filter((key) => {
          const attended = inForce.get(key.replace(/\|1$/, "|0"));
          return attended !== undefined && inForce.get(key)!.price.greaterThan(attended.price);
        })
        .map((key) => key.split("|").slice(0, 2).reverse().join("@"))
        .sort();
      const report = await check({ config, file: null, baseDir: "fixtures/it-mimit" }, { at });
      expect(report.summary.rows).toStrictEqual({ read: rows.length, accepted: rows.length, rejected: 0 });
      const found = report.findings.filter((f) => f.rule === "fuel/self-above-attended").map((f) => `${f.sku}@${f.location}`);
      expect(found.sort(), day).toStrictEqual(expected);
      checked += expected.length;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
