/**
 * `pricelint trend`: a series of eleven JSON reports whose findings come and go, with every count,
 * age and time to fix worked out by hand below; then what a trend refuses or warns about.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import type { Report } from "../src/model/report.js";
import { formatJson } from "../src/report/json.js";
import { countFindings } from "../src/findings/summarise.js";
import { formatDuration } from "../src/trend/duration.js";
import { fixStats } from "../src/trend/fix-stats.js";
import { TrendSeries } from "../src/trend/series.js";
import { formatTrendJson } from "../src/trend/trend-json.js";
import { formatTrendMarkdown } from "../src/trend/trend-markdown.js";
import type { Trend } from "../src/trend/trend.js";
import { runCli } from "./helpers/run-cli.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Eleven nightly runs in November 2026 (UTC): one night missed (the 7th) and an extra run at
 * 14:00 on the 9th, so the gaps are not all one day.
 *
 * | run | instant          |
 * |-----|------------------|
 * | R1  | 11-01 02:00      |
 * | R2  | 11-02 02:00      |
 * | R3  | 11-03 02:00      |
 * | R4  | 11-04 02:00      |
 * | R5  | 11-05 02:00      |
 * | R6  | 11-06 02:00      |
 * | R7  | 11-08 02:00      |
 * | R8  | 11-09 02:00      |
 * | R9  | 11-09 14:00      |
 * | R10 | 11-10 02:00      |
 * | R11 | 11-11 02:00      |
 */
const RUNS = [
  "2026-11-01T02:00:00.000Z",
  "2026-11-02T02:00:00.000Z",
  "2026-11-03T02:00:00.000Z",
  "2026-11-04T02:00:00.000Z",
  "2026-11-05T02:00:00.000Z",
  "2026-11-06T02:00:00.000Z",
  "2026-11-08T02:00:00.000Z",
  "2026-11-09T02:00:00.000Z",
  "2026-11-09T14:00:00.000Z",
  "2026-11-10T02:00:00.000Z",
  "2026-11-11T02:00:00.000Z",
];

/**
 * The findings and the runs each is in (x):
 *
 * |   | rule                                | sku | location | channels             | 1 2 3 4 5 6 7 8 9 10 11 |
 * |---|-------------------------------------|-----|----------|----------------------|-------------------------|
 * | A | price/below-cost (error)            | A1  | MI01     | store                | x x x . . . . . . .  .  |
 * | B | channel/online-differs-from-store   | B1  | MI01     | store, web           | x x x x x x x x x x  x  |
 * | C | price/below-map (warning)           | C1  | –        | web                  | . x x x x . . x x .  .  |
 * | D | channel/click-collect-above-store   | D1  | RM01     | click_collect, store | . . . . . x . . . .  .  |
 * | E | price/below-cost (error, waived)    | E1  | RM01     | store                | . . . x x x x x . .  .  |
 * | F | price/below-map (warning)           | F1  | –        | web                  | . . . . . . . . x x  x  |
 * | G | promo/missing-in-channel (warning)  | G1  | –        | app                  | . . . . . . . . . x  .  |
 * | H | feed/invalid-row (error)            | –   | –        | –                    | x . . . . . . . . .  .  |
 */
const FINDINGS: Record<string, { finding: Omit<Finding, "id" | "message" | "values" | "interval" | "sources">; runs: number[] }> = {
  A: { finding: f("price/below-cost", "error", "A1", "MI01", ["store"]), runs: [1, 2, 3] },
  B: {
    finding: f("channel/online-differs-from-store", "warning", "B1", "MI01", ["store", "web"]),
    runs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  },
  C: { finding: f("price/below-map", "warning", "C1", null, ["web"]), runs: [2, 3, 4, 5, 8, 9] },
  D: { finding: f("channel/click-collect-above-store", "error", "D1", "RM01", ["click_collect", "store"]), runs: [6] },
  E: {
    finding: {
      ...f("price/below-cost", "error", "E1", "RM01", ["store"]),
      waived: { reason: "supplier deal", ticket: null, until: "2026-12-31" },
    },
    runs: [4, 5, 6, 7, 8],
  },
  F: { finding: f("price/below-map", "warning", "F1", null, ["web"]), runs: [9, 10, 11] },
  G: { finding: f("promo/missing-in-channel", "warning", "G1", null, ["app"]), runs: [10] },
  H: { finding: f("feed/invalid-row", "error", null, null, []), runs: [1] },
};

function f(rule: string, severity: Finding["severity"], sku: string | null, location: string | null, channels: string[]) {
  return { rule, severity, sku, location, channels, promotion: null, waived: null } as const;
}

/** Run n's report (1-based), as `check --format json` writes it; findings in report order (by rule, then sku). */
function report(n: number, overrides: Partial<Report> = {}): Report {
  const findings: Finding[] = Object.entries(FINDINGS)
    .filter(([, { runs }]) => runs.includes(n))
    .map(([name, { finding }]) => ({
      ...finding,
      id: `id-${name}`,
      message: `${finding.rule} fired`,
      values: {},
      interval: null,
      sources: [],
    }))
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return {
    tool: { name: "pricelint", version: "0.1.0" },
    at: RUNS[n - 1]!,
    summary: { findings: countFindings(findings), rows: { read: 10, accepted: 10, rejected: 0 }, feeds: [], rules: 6 },
    findings,
    rules: [],
    ...overrides,
  };
}

/** The series read back from its JSON text, added in an order that is not time order (file names say nothing either). */
const ADD_ORDER = [7, 3, 11, 1, 9, 5, 2, 10, 4, 8, 6];
function fileName(n: number): string {
  return `nightly/${String.fromCharCode(0x60 + ((n * 7) % 11) + 1)}.json`;
}
function scenario(): Trend {
  const series = new TrendSeries();
  for (const n of ADD_ORDER) series.add(fileName(n), JSON.parse(formatJson(report(n))));
  return series.trend("9.9.9");
}

describe("trend of eleven runs whose findings come and go", () => {
  const trend = scenario();

  it("puts the runs in the order of their instants, not of the files", () => {
    expect(trend.runs.map((r) => r.instant)).toStrictEqual(RUNS);
    expect(trend.runs.map((r) => r.file)).toStrictEqual(RUNS.map((_, i) => fileName(i + 1)));
  });

  it("counts per run: open, new, fixed since the run before, still open", () => {
    // From the presence table, run by run:
    // R1  A B H      all 3 new
    // R2  A B C      C new; H fixed; A B still
    // R3  A B C      nothing changes
    // R4  B C E      E new; A fixed; B C still
    // R5  B C E      nothing changes
    // R6  B D E      D new; C fixed; B E still
    // R7  B E        D fixed
    // R8  B C E      C new again; B E still
    // R9  B C F      F new; E fixed; B C still
    // R10 B F G      G new; C fixed; B F still
    // R11 B F        G fixed
    expect(trend.runs.map((r) => [r.open, r.new, r.fixed, r.stillOpen])).toStrictEqual([
      [3, 3, 0, 0],
      [3, 1, 1, 2],
      [3, 0, 0, 3],
      [3, 1, 1, 2],
      [3, 0, 0, 3],
      [3, 1, 1, 2],
      [2, 0, 1, 2],
      [3, 1, 0, 2],
      [3, 1, 1, 2],
      [3, 1, 1, 2],
      [2, 0, 1, 2],
    ]);
  });

  it("counts per run by severity (waived apart), rule, channel and location", () => {
    // R4: B (warning; store, web; MI01), C (warning; web; no location), E (error but waived; store; RM01).
    const r4 = trend.runs[3]!;
    expect(r4.findings).toBe(3);
    expect(r4.severity).toStrictEqual({ error: 0, warning: 2, info: 0, waived: 1 });
    expect(r4.rules).toStrictEqual([
      { rule: "channel/online-differs-from-store", findings: 1 },
      { rule: "price/below-cost", findings: 1 },
      { rule: "price/below-map", findings: 1 },
    ]);
    expect(r4.channels).toStrictEqual([
      { channel: "store", findings: 2 },
      { channel: "web", findings: 2 },
    ]);
    expect(r4.locations).toStrictEqual([
      { location: null, findings: 1 },
      { location: "MI01", findings: 1 },
      { location: "RM01", findings: 1 },
    ]);
    // R1: A (error; store; MI01), B (warning), H (error; no channel, no location).
    const r1 = trend.runs[0]!;
    expect(r1.severity).toStrictEqual({ error: 2, warning: 1, info: 0, waived: 0 });
    expect(r1.channels).toStrictEqual([
      { channel: "store", findings: 2 },
      { channel: "web", findings: 1 },
    ]);
    expect(r1.locations).toStrictEqual([
      { location: null, findings: 1 },
      { location: "MI01", findings: 2 },
    ]);
  });

  it("gives each finding its first and last run, status and age; a finding that comes back is a second episode", () => {
    const byId = new Map(trend.findings.map((x) => [x.id, x]));
    const summary = (id: string) => {
      const x = byId.get(id)!;
      return [x.firstSeen, x.lastSeen, x.status, x.ageMs, x.episodes.length];
    };
    // A: R1–R3, fixed at R4 (11-04 02:00): 3 days.
    expect(summary("id-A")).toStrictEqual([RUNS[0], RUNS[2], "fixed", 3 * DAY, 1]);
    // B: in every run, open; age = R11 − R1 = 10 days.
    expect(summary("id-B")).toStrictEqual([RUNS[0], RUNS[10], "open", 10 * DAY, 1]);
    // C: R2–R5 fixed at R6 (4 days), back R8–R9 fixed at R10 (11-10 02:00 − 11-09 02:00 = 1 day); its age is its last episode's.
    expect(summary("id-C")).toStrictEqual([RUNS[1], RUNS[8], "fixed", 1 * DAY, 2]);
    expect(byId.get("id-C")!.episodes).toStrictEqual([
      { from: RUNS[1], lastSeen: RUNS[4], fixedAt: RUNS[5], durationMs: 4 * DAY },
      { from: RUNS[7], lastSeen: RUNS[8], fixedAt: RUNS[9], durationMs: 1 * DAY },
    ]);
    // D: R6 only, fixed at R7 (11-08 02:00 − 11-06 02:00 = 2 days: the missed night counts).
    expect(summary("id-D")).toStrictEqual([RUNS[5], RUNS[5], "fixed", 2 * DAY, 1]);
    // E: R4–R8, fixed at R9 (11-09 14:00 − 11-04 02:00 = 5 days 12 hours).
    expect(summary("id-E")).toStrictEqual([RUNS[3], RUNS[7], "fixed", 5 * DAY + 12 * HOUR, 1]);
    // F: R9–R11, open; age = 11-11 02:00 − 11-09 14:00 = 1 day 12 hours.
    expect(summary("id-F")).toStrictEqual([RUNS[8], RUNS[10], "open", 1 * DAY + 12 * HOUR, 1]);
    expect(byId.get("id-F")!.age).toBe("1d 12h");
    // G: R10 only, fixed at R11: 1 day. H: R1 only, fixed at R2: 1 day.
    expect(summary("id-G")).toStrictEqual([RUNS[9], RUNS[9], "fixed", 1 * DAY, 1]);
    expect(summary("id-H")).toStrictEqual([RUNS[0], RUNS[0], "fixed", 1 * DAY, 1]);
    // Sorted by rule, then sku (null first).
    expect(trend.findings.map((x) => x.id)).toStrictEqual(["id-D", "id-B", "id-H", "id-A", "id-E", "id-C", "id-F", "id-G"]);
  });

  it("gives mean and median times to fix overall and per rule, channel and location", () => {
    // Fixed episodes, in hours: A 72, C 96 and 24, D 48, E 132, G 24, H 24. B and F are open and not counted.
    // All: sum 420 h over 7 = 60 h (2d 12h); sorted 24 24 24 48 72 96 132, median 48 h (2d).
    expect(trend.timeToFix.all).toStrictEqual({ fixed: 7, meanMs: 60 * HOUR, medianMs: 48 * HOUR, mean: "2d 12h", median: "2d" });
    const stats = (list: readonly { fixed: number; meanMs: number | null; medianMs: number | null }[]) =>
      list.map((s) => [s.fixed, s.meanMs! / HOUR, s.medianMs! / HOUR]);
    // Per rule: click-collect D 48; invalid-row H 24; below-cost A 72, E 132 (mean and median 102);
    // below-map C 96, 24 (60); missing-in-channel G 24. online-differs (B) has nothing fixed.
    expect(trend.timeToFix.rules.map((s) => s.rule)).toStrictEqual([
      "channel/click-collect-above-store",
      "feed/invalid-row",
      "price/below-cost",
      "price/below-map",
      "promo/missing-in-channel",
    ]);
    expect(stats(trend.timeToFix.rules)).toStrictEqual([
      [1, 48, 48],
      [1, 24, 24],
      [2, 102, 102],
      [2, 60, 60],
      [1, 24, 24],
    ]);
    // Per channel (a finding of two channels counts under each; H has none):
    // app G 24; click_collect D 48; store A 72, D 48, E 132 (mean 252/3 = 84, median 72); web C 96, 24 (60).
    expect(trend.timeToFix.channels.map((s) => s.channel)).toStrictEqual(["app", "click_collect", "store", "web"]);
    expect(stats(trend.timeToFix.channels)).toStrictEqual([
      [1, 24, 24],
      [1, 48, 48],
      [3, 84, 72],
      [2, 60, 60],
    ]);
    // Per location: none C 96, 24, G 24, H 24 (mean 168/4 = 42, median of 24 24 24 96 = 24); MI01 A 72; RM01 D 48, E 132 (90).
    expect(trend.timeToFix.locations.map((s) => s.location)).toStrictEqual([null, "MI01", "RM01"]);
    expect(stats(trend.timeToFix.locations)).toStrictEqual([
      [4, 42, 24],
      [1, 72, 72],
      [2, 90, 90],
    ]);
    expect(trend.timeToFix.locations[0]!.mean).toBe("1d 18h");
  });

  it("has no warnings: one config throughout, summaries that match their findings", () => {
    expect(trend.warnings).toStrictEqual([]);
  });

  it("writes JSON that is the trend itself, in pieces or whole", () => {
    const text = formatTrendJson(trend);
    expect(text).toBe(`${JSON.stringify(trend, null, 2)}\n`);
    expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(trend)));
  });

  it("writes Markdown with a Mermaid chart of open findings per run (golden: fixtures/trend/golden.md, UPDATE_GOLDEN=1 rewrites it)", () => {
    const text = formatTrendMarkdown(trend);
    // Labels: every run has its own date but the 9th has two runs, so date and time.
    expect(text).toContain(
      [
        "```mermaid",
        "xychart-beta",
        '  title "Open findings per run"',
        '  x-axis ["2026-11-01 02:00", "2026-11-02 02:00", "2026-11-03 02:00", "2026-11-04 02:00", "2026-11-05 02:00", "2026-11-06 02:00", "2026-11-08 02:00", "2026-11-09 02:00", "2026-11-09 14:00", "2026-11-10 02:00", "2026-11-11 02:00"]',
        '  y-axis "Findings" 0 --> 3',
        "  line [3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 2]",
        "```",
      ].join("\n"),
    );
    // The totals line: the last run has B and F open, nothing new, G fixed; 8 ids; 7 episodes fixed.
    expect(text).toContain(
      "11 runs from 2026-11-01T02:00:00.000Z to 2026-11-11T02:00:00.000Z · **2 open** in the last run (0 new, 1 fixed since the run before) · 8 findings seen · 7 fixed, time to fix: mean 2d 12h, median 2d",
    );
    // Open findings, oldest first: B (10 days) before F (1d 12h).
    expect(text).toContain(
      "| `channel/online-differs-from-store` | B1 | MI01 | store, web | 2026-11-01T02:00:00.000Z | 10d | 1 |\n| `price/below-map` | F1 | – | web | 2026-11-09T14:00:00.000Z | 1d 12h | 1 |",
    );
    // Only the last 10 runs as columns of the per-rule table.
    expect(text).toContain("### Findings per rule (the last 10 runs)");
    const golden = join("fixtures", "trend", "golden.md");
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, "utf8"));
  });
});

describe("fixStats and formatDuration", () => {
  it.each([
    { durations: [1, 2], mean: 2, median: 2 }, // 1.5 → 2, halves up
    { durations: [0, 1, 1], mean: 1, median: 1 }, // 2/3 → 1
    { durations: [0, 0, 1], mean: 0, median: 0 }, // 1/3 → 0
    { durations: [5, 1, 3, 2], mean: 3, median: 3 }, // 11/4 = 2.75 → 3; sorted 1 2 3 5, (2 + 3)/2 = 2.5 → 3
    // Past 2^53: (3 × 2^53 − 4) / 3 = 2^53 − 1.33…, to the nearest whole ms 2^53 − 1; a double sum would round first.
    { durations: [2 ** 53 - 1, 2 ** 53 - 1, 2 ** 53 - 2], mean: 2 ** 53 - 1, median: 2 ** 53 - 1 },
  ])("$durations: mean $mean, median $median", ({ durations, mean, median }) => {
    const s = fixStats(durations);
    expect([s.fixed, s.meanMs, s.medianMs]).toStrictEqual([durations.length, mean, median]);
  });

  it("has no mean or median of nothing", () => {
    expect(fixStats([])).toStrictEqual({ fixed: 0, meanMs: null, medianMs: null, mean: null, median: null });
  });

  it.each([
    [0, "0s"],
    [1, "1ms"],
    [DAY, "1d"],
    [DAY + 12 * HOUR, "1d 12h"],
    [3 * DAY + 90_061_001, "4d 1h 1m 1s 1ms"],
    [59_999, "59s 999ms"],
  ])("formatDuration(%i) is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

/** How a refusal says a report writes an instant. */
const INSTANT = "an instant in UTC to the millisecond, such as 2026-11-19T23:30:00.000Z";

describe("what a trend refuses or warns about", () => {
  const series = (...reports: [string, unknown][]) => {
    const s = new TrendSeries();
    for (const [file, r] of reports) s.add(file, JSON.parse(JSON.stringify(r)));
    return s.trend("9.9.9");
  };

  it("refuses two reports of one instant that differ, naming both; the same report twice is read once", () => {
    const other = report(1, { findings: report(2).findings, summary: report(2).summary });
    expect(() => series(["a.json", report(1)], ["b.json", other])).toThrow(
      "b.json: it is of the same instant as a.json (2026-11-01T02:00:00.000Z) but it is not the same report (other findings): a trend takes one report per run; give only the one that counts",
    );
    // A nightly folder's latest.json beside its dated copy.
    const twice = series(["a.json", report(1)], ["latest.json", report(1)], ["c.json", report(2)]);
    expect(twice.runs.map((r) => r.file)).toStrictEqual(["a.json", "c.json"]);
    expect(twice.warnings).toStrictEqual(["latest.json: the same report as a.json (the same instant and findings): read once"]);
  });

  it("refuses one shard's report: its findings missing from the next run were in the other shards, not fixed", () => {
    const shard = report(2, { run: { format: 2, config: "c", shard: { index: 1, count: 3 } } } as Partial<Report>);
    expect(() => series(["a.json", report(1)], ["s1.json", shard])).toThrow(
      "s1.json: it is the report of shard 1 of 3: a trend takes whole runs; merge the run's shards first with pricelint merge",
    );
  });

  it("refuses a series that mixes window reports and single-instant reports", () => {
    const windowed = report(2, { at: "2026-11-01T12:00:00.000Z", window: { from: "2026-11-01T12:00:00.000Z", to: RUNS[1]! } });
    expect(() => series(["instant.json", report(1)], ["window.json", windowed])).toThrow(
      "window.json: a window report (--from/--to) cannot be in one trend with a single-instant report (instant.json): their finding ids never match",
    );
  });

  it("takes a window report's end as its instant, and warns that window ids include their interval's start", () => {
    const w = (n: number) => report(n, { at: "2026-10-01T00:00:00.000Z", window: { from: "2026-10-01T00:00:00.000Z", to: RUNS[n - 1]! } });
    const trend = series(["w2.json", w(2)], ["w1.json", w(1)]);
    expect(trend.runs.map((r) => [r.file, r.instant])).toStrictEqual([
      ["w1.json", RUNS[0]],
      ["w2.json", RUNS[1]],
    ]);
    expect(trend.warnings).toStrictEqual([
      "window reports: a finding's id includes the start of its interval, so a violation that lasts from one window into the next counts as fixed and new; trend reports of check --at for times to fix",
    ]);
  });

  it("warns when the config changed between two runs (rules counted, feeds, version)", () => {
    const changed = report(2, {
      tool: { name: "pricelint", version: "0.2.0" },
      summary: { ...report(2).summary, rules: 7, feeds: [{ file: "web.csv", kind: "prices", read: 1, accepted: 1, rejected: 0 }] },
    });
    expect(series(["r1.json", report(1)], ["r2.json", changed]).warnings).toStrictEqual([
      "r2.json: the config changed since r1.json (pricelint 0.1.0 → 0.2.0, 6 → 7 rules, other feed files): findings new or fixed there may come from the change, not the feeds",
    ]);
  });

  it("warns when only the config's settings changed, which its digest shows (a rule's tolerance raised), not a report without one", () => {
    const run = (config: string) => ({ run: { format: 2, config, shard: null } }) as Partial<Report>;
    expect(series(["r1.json", report(1, run("aaa"))], ["r2.json", report(2, run("bbb"))]).warnings).toStrictEqual([
      "r2.json: the config changed since r1.json (other settings): findings new or fixed there may come from the change, not the feeds",
    ]);
    expect(series(["r1.json", report(1, run("aaa"))], ["r2.json", report(2, run("aaa"))]).warnings).toStrictEqual([]);
    // A report of before the digest was written says nothing about its config's settings.
    expect(series(["r1.json", report(1)], ["r2.json", report(2, run("bbb"))]).warnings).toStrictEqual([]);
  });

  it("warns when a report's summary does not count the findings it lists", () => {
    const cut = report(1, { summary: { ...report(1).summary, findings: { error: 5, warning: 1, info: 0, waived: 0 } } });
    expect(series(["cut.json", cut]).warnings).toStrictEqual([
      "cut.json: its summary counts 5/1/0/0 findings (error/warning/info/waived) but it lists 2/1/0/0: the findings list may not be the whole run",
    ]);
  });

  it.each([
    [{ at: "yesterday" }, `bad.json: at: "yesterday", where pricelint writes ${INSTANT}`],
    [{ at: "2026-11-01" }, `bad.json: at: "2026-11-01", where pricelint writes ${INSTANT}`],
    [{ findings: [{ rule: "r", severity: "error" }] }, 'bad.json: findings[0]: "id" is not a non-empty string'],
    [{ findings: [{ id: "x", rule: "r", severity: "fatal" }] }, 'bad.json: findings[0]: "severity" is "fatal", not error, warning or info'],
    [
      { findings: [{ id: "x", rule: "r", severity: "error", channels: "web" }] },
      'bad.json: findings[0]: "channels" is not a list of strings',
    ],
    [{ findings: [{ id: "x", rule: "r", severity: "error", sku: 12 }] }, 'bad.json: findings[0]: "sku" is neither a string nor null'],
    [{ findings: [7] }, "bad.json: findings[0]: not a finding object"],
  ])("refuses a report it cannot read: %j", (change, message) => {
    expect(() => series(["bad.json", { ...report(1), ...change }])).toThrow(message);
  });

  it.each([
    ["no offset, which --at reads in the config's zone", { at: "2026-11-04T12:00:00" }, 'at: "2026-11-04T12:00:00"'],
    ["a space for T", { at: "2026-11-04 12:00" }, 'at: "2026-11-04 12:00"'],
    ["a tenth of a millisecond, which was rounded up", { at: "2026-11-04T12:00:00.0001Z" }, 'at: "2026-11-04T12:00:00.0001Z"'],
    ["an offset, which pricelint does not write", { at: "2026-11-04T13:00:00.000+01:00" }, 'at: "2026-11-04T13:00:00.000+01:00"'],
    ["a number, which was called missing", { at: 1793793600000 }, "at: number 1793793600000"],
    ["no at", { at: undefined }, "at: missing"],
    [
      "a window's end without an offset",
      { at: "2026-11-03T00:00:00.000Z", window: { from: "2026-11-03T00:00:00.000Z", to: "2026-11-04T00:00:00" } },
      'window.to: "2026-11-04T00:00:00"',
    ],
  ])("S47 refuses an instant not written as a report writes it: %s", (_, change, member) => {
    expect(() => series(["bad.json", { ...report(1), ...change }])).toThrow(`bad.json: ${member}, where pricelint writes ${INSTANT}`);
  });

  it("S47 refuses a report a tenth of a millisecond after another, where the two were read as one run and one dropped", () => {
    const ms = report(1, { at: "2026-11-04T12:00:00.001Z" });
    const subMs = report(1, { at: "2026-11-04T12:00:00.0001Z" });
    expect(() => series(["ms.json", ms], ["subms.json", subMs])).toThrow(
      `subms.json: at: "2026-11-04T12:00:00.0001Z", where pricelint writes ${INSTANT}`,
    );
  });

  const FEED = "a feed's file, kind and rows read, accepted and rejected";
  const RULES = "the number of rules that ran";
  it.each([
    ["summary.feeds: [null]", { feeds: [null] }, `summary.feeds[0]: null, where pricelint writes ${FEED}`],
    [
      "a feed without its rejected rows",
      { feeds: [{ file: "web.csv", kind: "prices", read: 2, accepted: 2 }] },
      `summary.feeds[0]: {"file":"web.csv","kind":"prices","read":2,"accepted":2}, where pricelint writes ${FEED}`,
    ],
    ["no summary.rules", { rules: undefined }, `summary.rules: missing, where pricelint writes ${RULES}`],
    ['summary.rules: "4"', { rules: "4" }, `summary.rules: "4", where pricelint writes ${RULES}`],
    [
      "no summary.findings",
      { findings: undefined },
      "summary.findings: missing, where pricelint writes the findings counted: error, warning, info and waived, each a whole number",
    ],
    ["no tool.version", null, 'tool: {"name":"pricelint"}, where pricelint writes { "name": "pricelint", "version": … }'],
  ])("S45 refuses a report whose head is not as pricelint writes it, naming the member: %s", (_, summary, message) => {
    const r = report(1);
    const edited = summary === null ? { ...r, tool: { name: "pricelint" } } : { ...r, summary: { ...r.summary, ...summary } };
    expect(() => series(["bad.json", edited])).toThrow(`bad.json: ${message}`);
    // Two copies of one such report were "not the same report" (NaN !== NaN): the first is refused, naming what is wrong.
    expect(() => series(["a.json", edited], ["b.json", edited])).toThrow(`a.json: ${message}`);
  });

  it("counts a finding listed twice in one run once as open (a window report may list one id per interval)", () => {
    const twice = report(1);
    const doubled = {
      ...twice,
      findings: [...twice.findings, twice.findings[0]!],
      summary: { ...twice.summary, findings: countFindings([...twice.findings, twice.findings[0]!]) },
    };
    const trend = series(["d.json", doubled]);
    expect([trend.runs[0]!.findings, trend.runs[0]!.open]).toStrictEqual([4, 3]);
  });
});

describe("pricelint trend (CLI)", () => {
  function seriesFolder(): string {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-trend-"));
    for (let n = 1; n <= RUNS.length; n++) writeFileSync(join(dir, `${String.fromCharCode(0x6b - n)}.json`), formatJson(report(n)));
    writeFileSync(join(dir, "notes.txt"), "not a report, not read");
    return dir;
  }

  it("reads a folder's .json reports, in time order, and writes JSON, Markdown and HTML to files", async () => {
    const dir = seriesFolder();
    const out = mkdtempSync(join(tmpdir(), "pricelint-trend-out-"));
    const result = await runCli([
      "trend",
      dir,
      "--format",
      `json:${join(out, "t.json")}`,
      "--format",
      `markdown:${join(out, "t.md")}`,
      "--format",
      `html:${join(out, "t.html")}`,
    ]);
    expect(result).toStrictEqual({ code: 0, stdout: "", stderr: "" });
    const json = JSON.parse(readFileSync(join(out, "t.json"), "utf8")) as Trend;
    expect(json.runs.map((r) => r.instant)).toStrictEqual(RUNS);
    expect(json.runs.map((r) => r.open)).toStrictEqual([3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 2]);
    expect(json.timeToFix.all.meanMs).toBe(60 * HOUR);
    expect(readFileSync(join(out, "t.md"), "utf8")).toContain("line [3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 2]");
    expect(readFileSync(join(out, "t.html"), "utf8")).toContain('<svg id="trend-chart"');
  });

  it("writes Markdown to stdout by default, and takes report files and folders together", async () => {
    const dir = seriesFolder();
    const extra = join(mkdtempSync(join(tmpdir(), "pricelint-trend-")), "r12.json");
    writeFileSync(extra, formatJson(report(11, { at: "2026-11-12T02:00:00.000Z" })));
    const result = await runCli(["trend", dir, extra]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^## pricelint trend\n\n12 runs from 2026-11-01T02:00:00.000Z to 2026-11-12T02:00:00.000Z/);
  });

  it("prints the warnings on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-trend-"));
    writeFileSync(join(dir, "1.json"), formatJson(report(1)));
    writeFileSync(join(dir, "2.json"), formatJson(report(2, { summary: { ...report(2).summary, rules: 9 } })));
    const result = await runCli(["trend", dir, "--format", "json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `pricelint: warning: ${join(dir, "2.json")}: the config changed since ${join(dir, "1.json")} (6 → 9 rules): findings new or fixed there may come from the change, not the feeds\n`,
    );
  });

  it.each([
    [[], "pricelint: trend needs JSON reports or a folder of them, e.g. pricelint trend reports/ --format html:trend.html\n"],
    [["--format", "sarif", "x.json"], 'pricelint: --format: trend writes markdown, json, html, not "sarif"\n'],
    [["--format", "json:", "x.json"], "pricelint: --format json:: the file name is empty\n"],
    [
      ["--fail-on", "error", "x.json"],
      "pricelint: trend does not take --fail-on (an option of check and merge); it takes: --format, --help, --version, --debug\n",
    ],
    [["/no/such/report.json"], "pricelint: /no/such/report.json: file not found\n"],
  ])("exits 2 on %j", async (args, stderr) => {
    const result = await runCli(["trend", ...args]);
    expect(result).toStrictEqual({ code: 2, stdout: "", stderr });
  });

  it("refuses a folder without reports, a file that is not a report, and writing over a report it reads", async () => {
    const empty = mkdtempSync(join(tmpdir(), "pricelint-trend-"));
    expect((await runCli(["trend", empty])).stderr).toBe(`pricelint: ${empty}: no .json report in this folder\n`);
    const other = join(empty, "config.json");
    writeFileSync(other, '{"feeds": []}');
    // Named, a file that is no report is refused; in a folder, passed over and said.
    expect((await runCli(["trend", other])).stderr).toBe(
      `pricelint: ${other}: not a pricelint JSON report; write one with --format json:FILE\n`,
    );
    expect((await runCli(["trend", empty])).stderr).toBe(
      `pricelint: note: ${empty}/config.json: not a pricelint report, passed over\npricelint: ${empty}: no .json report in this folder\n`,
    );
    const dir = seriesFolder();
    const target = join(dir, "a.json");
    expect((await runCli(["trend", dir, "--format", `json:${target}`])).stderr).toBe(
      `pricelint: --format json:${target} would overwrite the report ${target}: write the report elsewhere\n`,
    );
  });

  it("S34 reads a folder's links to reports and its .JSON files, and says which link leads nowhere", async () => {
    const archive = seriesFolder();
    const dir = mkdtempSync(join(tmpdir(), "pricelint-trend-links-"));
    // The last runs linked into a folder of their own, one named in capitals, and a link to nothing.
    writeFileSync(join(dir, "a.json"), readFileSync(join(archive, "a.json")));
    symlinkSync(join(archive, "b.json"), join(dir, "b.json"));
    symlinkSync(join(archive, "c.json"), join(dir, "C.JSON"));
    symlinkSync(join(archive, "gone.json"), join(dir, "d.json"));
    const result = await runCli(["trend", dir, "--format", "json"]);
    expect(result.stderr).toBe(`pricelint: note: ${dir}/d.json: a link to nothing, passed over\n`);
    // a, b and c are the series' last three runs (k - n for run n: c is run 8, b 9, a 10).
    expect((JSON.parse(result.stdout) as Trend).runs.map((r) => r.instant)).toStrictEqual(RUNS.slice(7, 10));
  });

  it("S34 refuses a report whose findings no longer match its digest, as merge and --baseline do", async () => {
    const dir = seriesFolder();
    // A finding dropped by hand, with the summary counted down to match: only the digest tells.
    const text = readFileSync(join(dir, "b.json"), "utf8");
    const edited = JSON.parse(text) as { findings: { severity: string }[]; summary: { findings: Record<string, number> } };
    const dropped = edited.findings.pop()!;
    edited.summary.findings[dropped.severity]!--;
    writeFileSync(join(dir, "b.json"), `${JSON.stringify(edited, null, 2)}\n`);
    const result = await runCli(["trend", dir]);
    expect(result).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: `pricelint: ${join(dir, "b.json")}: its digest counts ${edited.findings.length + 1} findings but it holds ${edited.findings.length}: the report was changed after pricelint wrote it\n`,
    });
  });

  it.each([
    [
      "a report saved as UTF-16 (a Windows shell's >)",
      (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
      "the file is UTF-16 text (as a Windows shell's > writes it): reports are read as UTF-8; write the report with --format json:FILE, or save it as UTF-8",
    ],
    ["an empty file (a disk that filled up)", () => Buffer.alloc(0), "line 1: not a JSON report: it ends before the document does"],
    [
      "a report cut short before its instant",
      // Lines 1–5 are `{` and the tool; the cut leaves line 6's indentation before `"at"`.
      (text: string) => Buffer.from(text.slice(0, text.indexOf('"at"'))),
      "line 6: not a JSON report: it ends before the document does",
    ],
  ])("S44 refuses in a folder, as named, %s, where it was passed over as not a report", async (_, bytes, message) => {
    const dir = seriesFolder();
    // e.json is run 6: its report as the other shape, which the series would silently go without.
    writeFileSync(join(dir, "e.json"), bytes(readFileSync(join(dir, "e.json"), "utf8")));
    const named = await runCli(["trend", join(dir, "e.json")]);
    expect(named).toStrictEqual({ code: 2, stdout: "", stderr: `pricelint: ${join(dir, "e.json")}: ${message}\n` });
    expect(await runCli(["trend", dir])).toStrictEqual(named);
  });

  it("S44 still passes over JSON that is plainly no report: a config, another tool's JSON, an array", async () => {
    const dir = seriesFolder();
    writeFileSync(join(dir, "config.json"), '{"timezone": "UTC", "feeds": []}');
    writeFileSync(join(dir, "lint.json"), '{"tool": {"name": "eslint"}, "at": "2026-11-01"}');
    writeFileSync(join(dir, "list.json"), "[1, 2]");
    const result = await runCli(["trend", dir, "--format", "json"]);
    expect([result.code, result.stderr]).toStrictEqual([
      0,
      ["config.json", "lint.json", "list.json"]
        .map((name) => `pricelint: note: ${dir}/${name}: not a pricelint report, passed over\n`)
        .join(""),
    ]);
    expect((JSON.parse(result.stdout) as Trend).runs).toHaveLength(RUNS.length);
  });

  it("passes over, with a note, a trend written into the folder of the reports it reads", async () => {
    const dir = seriesFolder();
    const written = await runCli(["trend", dir, "--format", `json:${join(dir, "trend.json")}`]);
    expect([written.code, written.stderr]).toStrictEqual([0, ""]);
    const again = await runCli(["trend", dir, "--format", "json"]);
    expect([again.code, again.stderr]).toStrictEqual([0, `pricelint: note: ${dir}/trend.json: not a pricelint report, passed over\n`]);
    expect((JSON.parse(again.stdout) as Trend).runs.map((r) => r.instant)).toStrictEqual(RUNS);
  });

  it("has its own --help", async () => {
    const result = await runCli(["trend", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("pricelint trend REPORT.json… | FOLDER… [--format FMT[:FILE]]…");
    expect(result.stdout).toContain("markdown (default; a CI job summary with a Mermaid chart), json or html");
  });
});

describe("pricelint trend on reports that check wrote at ten instants (fixtures/trend/)", () => {
  /**
   * fixtures/trend/: one store price per sku at MI01, and web prices scheduled with valid_from /
   * valid_to, checked with channel/online-differs-from-store at 12:00 UTC on November 1–10:
   *
   * | sku | store | web                                              | differs on        |
   * |-----|-------|--------------------------------------------------|-------------------|
   * | A   | 10.00 | 10.00 to 11-03, 11.00 11-04–11-06, 10.00 from 11-07 | 4, 5, 6        |
   * | B   |  5.00 | 6.00 to 11-08, 5.00 from 11-09                   | 1 … 8             |
   * | C   |  3.00 | 3.00 to 11-02, 2.00 from 11-03                   | 3 … 10            |
   *
   * Open per run: B; B; B C; A B C; A B C; A B C; B C; B C; C; C → 1 1 2 3 3 3 2 2 1 1.
   * A fixed at run 7: 11-07 − 11-04 = 3 days; B fixed at run 9: 11-09 − 11-01 = 8 days;
   * mean and median of 3 and 8 days: 5d 12h. C open since 11-03: age 11-10 − 11-03 = 7 days.
   */
  it("follows each finding from the reports check wrote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-trend-check-"));
    for (let day = 1; day <= 10; day++) {
      const at = `2026-11-${String(day).padStart(2, "0")}T12:00:00Z`;
      const file = join(dir, `run-${11 - day}.json`);
      const result = await runCli([
        "check",
        "--config",
        "fixtures/trend/pricelint.config.json",
        "--at",
        at,
        "--format",
        `json:${file}`,
        "--fail-on",
        "never",
      ]);
      expect(result.code).toBe(0);
    }
    const out = join(dir, "trend.out");
    expect(await runCli(["trend", dir, "--format", `json:${out}`])).toStrictEqual({ code: 0, stdout: "", stderr: "" });
    const trend = JSON.parse(readFileSync(out, "utf8")) as Trend;
    expect(trend.runs.map((r) => r.open)).toStrictEqual([1, 1, 2, 3, 3, 3, 2, 2, 1, 1]);
    expect(trend.runs.map((r) => [r.new, r.fixed])).toStrictEqual([
      [1, 0],
      [0, 0],
      [1, 0],
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 1],
      [0, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(trend.findings.map((x) => [x.sku, x.location, x.status, x.ageMs, x.firstSeen])).toStrictEqual([
      ["A", "MI01", "fixed", 3 * DAY, "2026-11-04T12:00:00.000Z"],
      ["B", "MI01", "fixed", 8 * DAY, "2026-11-01T12:00:00.000Z"],
      ["C", "MI01", "open", 7 * DAY, "2026-11-03T12:00:00.000Z"],
    ]);
    expect(trend.timeToFix.all).toStrictEqual({ fixed: 2, meanMs: 5.5 * DAY, medianMs: 5.5 * DAY, mean: "5d 12h", median: "5d 12h" });
    expect(trend.timeToFix.channels.map((s) => [s.channel, s.fixed])).toStrictEqual([
      ["store", 2],
      ["web", 2],
    ]);
  });
});

describe("a rejected row that stays in the feed", () => {
  /**
   * web.csv at four nightly runs (UTC, 02:00), its bad rows by line:
   *
   * | run   | rows                                  | BAD,abc #1 | BAD,abc #2 | BAD,xyz |
   * |-------|---------------------------------------|------------|------------|---------|
   * | 11-01 | BAD,abc                               | line 2     |            |         |
   * | 11-02 | NEW,1.00 / BAD,abc (a row added above) | line 3     |            |         |
   * | 11-03 | BAD,abc / NEW,1.00 / BAD,abc          | line 2     | line 4     |         |
   * | 11-04 | NEW,1.00 / BAD,xyz                    |            |            | line 3  |
   *
   * Followed by what it is (file, sku, column, value, problem; the n-th such row to the n-th), as
   * --baseline matches it: the first BAD,abc is one finding from 11-01, fixed at 11-04 (3 days);
   * the second is new at 11-03, fixed at 11-04 (1 day); BAD,xyz is new at 11-04. Open per run:
   * 1, 1, 2, 1; new: 1, 0, 1, 1; fixed: 0, 0, 0, 2. Mean and median of 3 and 1 days: 2 days.
   */
  it("S43 is one finding however its line moves, as --baseline matches it, and the n-th row of one content is the n-th", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-trend-rows-"));
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({
        timezone: "UTC",
        currency: "EUR",
        feeds: [{ kind: "prices", path: "web.csv", constants: { channel: "web" } }],
        rules: ["channel/online-differs-from-store"],
      }),
    );
    const feeds = ["BAD,abc\n", "NEW,1.00\nBAD,abc\n", "BAD,abc\nNEW,1.00\nBAD,abc\n", "NEW,1.00\nBAD,xyz\n"];
    for (const [i, rows] of feeds.entries()) {
      writeFileSync(join(dir, "web.csv"), `sku,price\n${rows}`);
      const file = join(dir, "r", `0${i + 1}.json`);
      const at = `2026-11-0${i + 1}T02:00:00Z`;
      const args = ["check", "--config", join(dir, "c.json"), "--at", at, "--format", `json:${file}`, "--fail-on", "never"];
      if (i === 0) mkdirSync(join(dir, "r"));
      expect((await runCli(args)).code).toBe(0);
    }
    const result = await runCli(["trend", join(dir, "r"), "--format", "json"]);
    expect([result.code, result.stderr]).toStrictEqual([0, ""]);
    const trend = JSON.parse(result.stdout) as Trend;
    expect(trend.runs.map((r) => [r.open, r.new, r.fixed, r.stillOpen])).toStrictEqual([
      [1, 1, 0, 0],
      [1, 0, 0, 1],
      [2, 1, 0, 1],
      [1, 1, 2, 0],
    ]);
    // Each is named by the id of its latest run: the first BAD,abc's on line 2 of 11-03.
    const third = JSON.parse(readFileSync(join(dir, "r", "03.json"), "utf8")) as Report;
    const idAt = (line: number) => third.findings.find((f) => f.sources[0]!.line === line)!.id;
    expect(trend.findings.filter((f) => f.status === "fixed").map((f) => [f.id, f.firstSeen, f.ageMs, f.episodes.length])).toStrictEqual(
      [
        [idAt(2), "2026-11-01T02:00:00.000Z", 3 * DAY, 1],
        [idAt(4), "2026-11-03T02:00:00.000Z", DAY, 1],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(trend.timeToFix.all).toStrictEqual({ fixed: 2, meanMs: 2 * DAY, medianMs: 2 * DAY, mean: "2d", median: "2d" });
  });
});
