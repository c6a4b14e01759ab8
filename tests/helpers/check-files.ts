import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { check, loadConfig, type Report } from "../../src/index.js";

/** Writes the files and the config into a fresh folder and checks them at `at`; the report. */
export async function checkFiles(files: Record<string, string>, config: Record<string, unknown>, at: string): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-files-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
  const report = await check(await loadConfig(join(dir, "pricelint.config.json")), { at: new Date(at) });
  expect(report.summary.rows.read).toBe(report.summary.rows.accepted + report.summary.rows.rejected);
  return report;
}

/** The findings as rule, sku and location, and an invalid row as its message; sorted. */
export const outline = (r: Report): string[] =>
  r.findings.map((f) => (f.rule === "feed/invalid-row" ? f.message : `${f.rule} ${f.sku ?? "-"} ${f.location ?? "-"}`)).sort();
