/**
 * `pricelint trend` given two reports of one instant: a copy of one report is read once; two
 * that list the same finding ids but are not the same report (another config, severity,
 * waiver, or a window beside an instant) are refused whatever their file names, as the README
 * says, instead of keeping the one whose name sorts first.
 */
import { describe, expect, it } from "vitest";
import { TrendSeries } from "../src/trend/series.js";
import type { Trend } from "../src/trend/trend.js";

const AT = "2026-11-04T02:00:00.000Z";

/** A report of `at` with one finding per sku, of `severity`, checked with the config of digest `config`. */
function report(options: { config?: string; severity?: string; waived?: unknown; at?: string; window?: unknown; skus?: string[] } = {}) {
  const { config = "c-a", severity = "warning", waived = null, at = AT, window = null, skus = ["A", "B"] } = options;
  const findings = skus.map((sku) => ({
    id: `id-${sku}`,
    rule: "channel/online-differs-from-store",
    severity,
    sku,
    location: "MI01",
    channels: ["store", "web"],
    promotion: null,
    message: `web differs from store for ${sku}`,
    values: {},
    interval: null,
    sources: [],
    waived,
  }));
  const counts = { error: 0, warning: 0, info: 0, waived: 0 } as Record<string, number>;
  for (const f of findings) counts[f.waived === null ? f.severity : "waived"]!++;
  return {
    tool: { name: "pricelint", version: "0.1.0" },
    at,
    ...(window === null ? {} : { window }),
    run: { format: 2, config, shard: null },
    summary: { findings: counts, rows: { read: 4, accepted: 4, rejected: 0 }, feeds: [], rules: 6 },
    findings,
  };
}

function trend(...reports: [string, unknown][]): Trend {
  const series = new TrendSeries();
  for (const [file, r] of reports) series.add(file, JSON.parse(JSON.stringify(r)));
  return series.trend("9.9.9");
}

const EARLIER = report({ at: "2026-11-03T02:00:00.000Z" });

describe("two reports of one instant", () => {
  it("S28 refuses two reports of one instant with the same finding ids but another config and severities, whatever their names", () => {
    const warnings = report();
    const errors = report({ config: "c-b", severity: "error" });
    // Either file may sort first: refused both ways, naming both.
    expect(() => trend(["r/2026-11-03.json", EARLIER], ["r/2026-11-04.json", warnings], ["r/latest.json", errors])).toThrow(
      "r/latest.json: it is of the same instant as r/2026-11-04.json (2026-11-04T02:00:00.000Z) and lists the same findings, but it is not the same report (another config digest, the findings differ in severity, waiver or values): a trend takes one report per run; give only the one that counts",
    );
    expect(() => trend(["r/0-latest.json", errors], ["r/2026-11-04.json", warnings])).toThrow(
      "r/2026-11-04.json: it is of the same instant as r/0-latest.json (2026-11-04T02:00:00.000Z) and lists the same findings, but it is not the same report (another config digest, the findings differ in severity, waiver or values): a trend takes one report per run; give only the one that counts",
    );
  });

  it("refuses two reports of one instant and one config whose findings differ only in a waiver", () => {
    const waived = report({ waived: { reason: "supplier deal", ticket: null, until: "2026-12-31" } });
    expect(() => trend(["a.json", report()], ["b.json", waived])).toThrow(
      "b.json: it is of the same instant as a.json (2026-11-04T02:00:00.000Z) and lists the same findings, but it is not the same report (the findings differ in severity, waiver or values): a trend takes one report per run; give only the one that counts",
    );
  });

  it("S29 refuses a window report and a single-instant report that end at one instant, even with no findings in either", () => {
    const instant = report({ at: "2026-11-05T00:00:00.000Z", skus: [] });
    const windowed = report({
      at: "2026-11-03T00:00:00.000Z",
      window: { from: "2026-11-03T00:00:00.000Z", to: "2026-11-05T00:00:00.000Z" },
      skus: [],
    });
    expect(() => trend(["a-instant.json", instant], ["b-window.json", windowed])).toThrow(
      "b-window.json: it is of the same instant as a-instant.json (2026-11-05T00:00:00.000Z) and lists the same findings, but it is not the same report (a window report beside a single-instant one): a trend takes one report per run; give only the one that counts",
    );
  });

  it("S46 names how two reports of one instant with other findings differ (a window beside an instant, another config), not shards", () => {
    const instant = report({ at: "2026-11-05T00:00:00.000Z", skus: ["A"] });
    const windowed = report({
      at: "2026-11-03T00:00:00.000Z",
      window: { from: "2026-11-03T00:00:00.000Z", to: "2026-11-05T00:00:00.000Z" },
      skus: ["A", "B"],
    });
    expect(() => trend(["at.json", instant], ["win.json", windowed])).toThrow(
      "win.json: it is of the same instant as at.json (2026-11-05T00:00:00.000Z) but it is not the same report (a window report beside a single-instant one, other findings): a trend takes one report per run; give only the one that counts",
    );
    // Checked with a waiver config that waives B: another digest, and B waived is the same id; A is gone.
    const waiver = report({ config: "c-w", skus: ["B"], waived: { reason: "supplier deal", ticket: null, until: "2026-12-31" } });
    expect(() => trend(["at.json", report()], ["at-waiver.json", waiver])).toThrow(
      "at-waiver.json: it is of the same instant as at.json (2026-11-04T02:00:00.000Z) but it is not the same report (another config digest, other findings): a trend takes one report per run; give only the one that counts",
    );
  });

  it("reads a copy of one report once, with a warning, and counts the run as that report does", () => {
    const t = trend(
      ["r/2026-11-03.json", EARLIER],
      ["r/2026-11-04.json", report({ severity: "error" })],
      ["r/latest.json", report({ severity: "error" })],
    );
    expect(t.runs.map((r) => [r.file, r.severity.error])).toStrictEqual([
      ["r/2026-11-03.json", 0],
      ["r/2026-11-04.json", 2],
    ]);
    expect(t.warnings).toStrictEqual(["r/latest.json: the same report as r/2026-11-04.json (the same instant and findings): read once"]);
  });

  it("reads a report with --explain and the same one without as one run: an explanation says why a finding fired, it is no other finding", () => {
    const plain = report();
    const explained = { ...plain, findings: plain.findings.map((f) => ({ ...f, explanation: { kind: "all", verdict: 1, children: [] } })) };
    const t = trend(["a.json", plain], ["b.json", explained]);
    expect(t.runs.map((r) => r.file)).toStrictEqual(["a.json"]);
  });
});
