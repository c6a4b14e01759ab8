import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check, loadConfig } from "../src/index.js";

const AT = new Date("2025-07-03T12:00:00+02:00");
const SHARED = "../shared/realdata/hr_konzum";

/** Splits one CSV line with double-quoted fields (the Konzum files have no newlines in fields). */
function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (cells.push(cell), (cell = ""));
    else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** Counts, without pricelint, the rows on special price above the declared 30-day lowest price. */
function aboveLowest(path: string): { rows: number; count: number } {
  const [header, ...lines] = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((l) => l !== "");
  const columns = splitLine(header!);
  const special = columns.indexOf("SpecialPrice");
  const lowest = columns.indexOf("BestPrice30");
  let count = 0;
  for (const line of lines) {
    const cells = splitLine(line);
    if (cells[special] && cells[lowest] && new Decimal(cells[special]!).greaterThan(cells[lowest]!)) count++;
  }
  return { rows: lines.length, count };
}

async function perStore(configPath: string, pathOf: (file: string) => string) {
  const { config, baseDir } = await loadConfig(configPath);
  const feeds = config.feeds.map((f) => ({ ...f, path: pathOf(f.path) }));
  const report = await check({ config: validateConfig({ ...config, feeds }, "test"), file: null, baseDir }, { at: AT });
  return { report, feeds };
}

describe("Konzum (Croatia) shelf prices: special price against the declared 30-day lowest", () => {
  it("load with a config alone; omnibus/not-a-reduction matches an independent count per store (excerpts)", async () => {
    const { report, feeds } = await perStore("fixtures/hr-konzum/pricelint.config.json", (p) => p);
    expect(report.summary.rows.rejected).toBe(0);
    for (const feed of feeds) {
      const store = (feed.constants as { location: string }).location;
      const expected = aboveLowest(resolve("fixtures/hr-konzum", feed.path));
      expect(expected.count).toBeGreaterThan(0);
      expect(report.summary.feeds.find((f) => f.file === feed.path)?.read).toBe(expected.rows);
      expect(
        report.findings.filter((f) => f.location === store),
        store,
      ).toHaveLength(expected.count);
    }
  });

  it.skipIf(!existsSync(SHARED))("match the independent count per store on the four whole files", async () => {
    const full = (p: string) => resolve(SHARED, p.replace("_excerpt", ""));
    const { report, feeds } = await perStore("fixtures/hr-konzum/pricelint.config.json", full);
    expect(report.summary.rows.rejected).toBe(0);
    const counts: Record<string, number> = {};
    for (const feed of feeds) {
      const store = (feed.constants as { location: string }).location;
      counts[store] = report.findings.filter((f) => f.location === store).length;
      expect(counts[store], store).toBe(aboveLowest(feed.path).count);
    }
    expect(counts).toStrictEqual({ "0204": 67, "0530": 72, "0901": 44, "1601": 3 }); // also counted with Python's decimal
  });
});
