/**
 * Duplicate price rows of one offer agree on a sale window when they mean the same instants,
 * each read in its own row's zone: not when their texts happen to be the same.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";

const RULES = ["price/conflicting-duplicate", "channel/app-differs-from-web"];

async function run(files: Record<string, string>, feeds: object[], at: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-dup-sale-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "app.csv"), "sku,price\nA,10.00\n");
  const all = [...feeds, { kind: "prices", path: "app.csv", constants: { channel: "app" } }];
  writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "Europe/Rome", currency: "EUR", feeds: all, rules: RULES }));
  const report = await check(await loadConfig(join(dir, "c.json")), { at: new Date(at) });
  expect(report.summary.rows.rejected).toBe(0);
  return report.findings.map((f) => f.rule);
}

const HEADER = "sku,price,sale_price,sale_start,sale_end\n";
const web = (path: string, extra: object = {}) => ({ kind: "prices", path, constants: { channel: "web" }, ...extra });

describe("duplicate rows' sale windows", () => {
  it("agree when written two ways for the same instants: no conflict, and the sale is judged", async () => {
    const rows = [
      "A,10.00,9.00,2026-11-20T00:00:00Z,2026-11-25T00:00:00Z",
      "A,10.00,9.00,2026-11-20T00:00:00+00:00,2026-11-25T00:00:00+00:00",
      // A bare date in the config's zone (Rome, UTC+1 in November) is the same instant as 23:00Z the day before.
      "A,10.00,9.00,2026-11-20T01:00:00+01:00,2026-11-25T00:00:00Z",
    ];
    expect(await run({ "web.csv": HEADER + rows.join("\n") + "\n" }, [web("web.csv")], "2026-11-22T12:00:00Z")).toStrictEqual([
      "channel/app-differs-from-web",
    ]);
    const bare = ["A,10.00,9.00,2026-11-20,2026-11-25", "A,10.00,9.00,2026-11-19T23:00:00Z,2026-11-25T23:00:00Z"];
    expect(await run({ "web.csv": HEADER + bare.join("\n") + "\n" }, [web("web.csv")], "2026-11-22T12:00:00Z")).toStrictEqual([
      "channel/app-differs-from-web",
    ]);
  });

  it("conflict when the same text is read in two feeds' zones, whichever feed comes first", async () => {
    const row = HEADER + "A,10.00,9.00,2026-11-20,2026-11-25\n";
    const files = { "rome.csv": row, "ny.csv": row };
    const rome = web("rome.csv", { timezone: "Europe/Rome" });
    const ny = web("ny.csv", { timezone: "America/New_York" });
    // Rome's sale ends at 23:00Z on the 25th, New York's at 05:00Z on the 26th: the rows disagree for six hours.
    for (const feeds of [
      [rome, ny],
      [ny, rome],
    ])
      expect(await run(files, feeds, "2026-11-22T12:00:00Z")).toStrictEqual(["price/conflicting-duplicate"]);
    // The same text with an offset is one instant in any zone.
    const fixed = HEADER + "A,10.00,9.00,2026-11-20T00:00:00Z,2026-11-25T00:00:00Z\n";
    expect(await run({ "rome.csv": fixed, "ny.csv": fixed }, [rome, ny], "2026-11-22T12:00:00Z")).toStrictEqual([
      "channel/app-differs-from-web",
    ]);
  });
});
