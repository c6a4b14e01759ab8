/**
 * The HTML report's charts: the counts behind them (every finding, top N plus the rest, a window's
 * open findings over time), the SVG they draw (marks per number, sizes proportional, hostile text
 * escaped), and the charts of the demo's reports in a real Chromium (marks equal the report's
 * numbers, no CSP violation, no request).
 *
 * Chromium comes from tests/browser/chromium.ts (PRICELINT_SKIP_BROWSER=1 skips those tests).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import type { Finding } from "../src/model/finding.js";
import type { Report } from "../src/model/report.js";
import { ChartCounts, type ChartGrid, type Timeline } from "../src/report/chart-counts.js";
import { locationChart } from "../src/report/chart-locations.js";
import { ruleChart } from "../src/report/chart-rules.js";
import { timeTicks, timelineChart } from "../src/report/chart-timeline.js";
import { formatHtml } from "../src/report/html.js";
import { suiteBrowser, openPage, SKIP_BROWSER } from "./browser/chromium.js";
import { aFinding } from "./helpers/finding.js";

type Mark = Pick<Finding, "rule" | "location" | "channels" | "interval">;
const mark = (rule: string, location: string | null, channels: string[], interval: Finding["interval"] = null): Mark => ({
  rule,
  location,
  channels,
  interval,
});

const HOSTILE = `<script>window.__pwned=1</script>"'&`;
const HOSTILE_ESCAPED = "&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&#39;&amp;";

/** Every match of `re` in `text`, as its first group. */
const all = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1]!);
const attrs = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
const tags = (svg: string, name: string, cls: string): Record<string, string>[] =>
  [...svg.matchAll(new RegExp(`<${name} class="${cls}"[^>]*>`, "g"))].map((m) => attrs(m[0]));

/**
 * Six findings:
 *
 * | rule | location | channels   |
 * |------|----------|------------|
 * | r/a  | S1       | web, store |
 * | r/a  | S1       | web        |
 * | r/a  | S2       | web        |
 * | r/b  | S2       | store      |
 * | r/b  | –        | –          |
 * | r/c  | S3       | app        |
 *
 * Channel totals: web 3, store 2, app 1, none 1 → columns web, store, app, (no channel).
 */
function small(): ChartCounts {
  const counts = new ChartCounts();
  for (const f of [
    mark("r/a", "S1", ["web", "store"]),
    mark("r/a", "S1", ["web"]),
    mark("r/a", "S2", ["web"]),
    mark("r/b", "S2", ["store"]),
    mark("r/b", null, []),
    mark("r/c", "S3", ["app"]),
  ])
    counts.add(f);
  return counts;
}

const shape = (grid: ChartGrid) => grid.rows.map((r) => [r.label, r.total, r.counts]);

describe("ChartCounts", () => {
  it("counts each finding once per row and once under each of its channels", () => {
    const counts = small();
    expect(counts.total).toBe(6);
    expect(counts.columns().map((c) => [c.label, c.kind])).toStrictEqual([
      ["web", "channel"],
      ["store", "channel"],
      ["app", "channel"],
      ["(no channel)", "none"],
    ]);
    expect(shape(counts.ruleGrid())).toStrictEqual([
      ["r/a", 3, [3, 1, 0, 0]],
      ["r/b", 2, [0, 1, 0, 1]],
      ["r/c", 1, [0, 0, 1, 0]],
    ]);
    // Locations by count, then id; the finding with no location in its own last row.
    expect(shape(counts.locationGrid())).toStrictEqual([
      ["S1", 2, [2, 1, 0, 0]],
      ["S2", 2, [1, 1, 0, 0]],
      ["S3", 1, [0, 0, 1, 0]],
      ["(no location)", 1, [0, 0, 0, 1]],
    ]);
    expect(counts.timeline()).toBeNull(); // no window
  });

  it("keeps the first channels and folds the rest into one column", () => {
    const counts = new ChartCounts();
    // Channel c<i> has i findings, and c0 one more: c9 first, … c2; c0 and c1 (one each, by name) past the eighth.
    for (let i = 0; i < 10; i++) for (let k = 0; k < i; k++) counts.add(mark("r", "S", [`c${i}`]));
    counts.add(mark("r", "S", ["c0"]));
    const columns = counts.columns();
    expect(columns.map((c) => c.label)).toStrictEqual(["c9", "c8", "c7", "c6", "c5", "c4", "c3", "c2", "other 2 channels"]);
    expect(columns.at(-1)!.channels).toStrictEqual(["c0", "c1"]);
    // 45 + 1 findings; the other column has c1's one and c0's one.
    expect(shape(counts.ruleGrid())).toStrictEqual([["r", 46, [9, 8, 7, 6, 5, 4, 3, 2, 2]]]);
  });

  it("draws the top locations and sums the rest into one row, with thousands of locations", () => {
    const counts = new ChartCounts();
    // Location L0001 … L2000; L<i> has 1 finding, and L0001 … L0040 have i more (L0040: 41).
    for (let i = 1; i <= 2000; i++) {
      const id = `L${String(i).padStart(4, "0")}`;
      const n = i <= 40 ? i + 1 : 1;
      for (let k = 0; k < n; k++) counts.add(mark("r", id, ["web"]));
    }
    const grid = counts.locationGrid();
    expect(grid.rows).toHaveLength(31);
    expect(grid.keys).toBe(2000);
    expect(grid.folded).toBe(1970);
    // The top 30: L0040 (41) down to L0011 (12).
    expect(grid.rows.slice(0, 30).map((r) => r.label)).toStrictEqual(
      Array.from({ length: 30 }, (_, k) => `L${String(40 - k).padStart(4, "0")}`),
    );
    expect(grid.rows[0]!.total).toBe(41);
    // The rest: L0001 … L0010 with 2 … 11 (65), and 1,960 locations with 1.
    const rest = grid.rows[30]!;
    expect([rest.label, rest.kind, rest.total, rest.counts]).toStrictEqual(["other 1970 locations", "other", 65 + 1960, [65 + 1960]]);
    expect(counts.locationGrid(5).rows.map((r) => r.label)).toStrictEqual([
      "L0040",
      "L0039",
      "L0038",
      "L0037",
      "L0036",
      "other 1995 locations",
    ]);
  });

  it("folds the rules past the first fifty (every built-in rule and a few more) into one row", () => {
    const counts = new ChartCounts();
    // r00 … r54, r<i> with 55 - i findings: r00 has 55, r54 has 1.
    for (let i = 0; i < 55; i++) for (let k = 0; k < 55 - i; k++) counts.add(mark(`r${String(i).padStart(2, "0")}`, null, []));
    const grid = counts.ruleGrid();
    expect(grid.rows).toHaveLength(51);
    expect(grid.rows[0]!.label).toBe("r00");
    expect(grid.rows[49]!.label).toBe("r49");
    // r50 … r54: 5 + 4 + 3 + 2 + 1.
    expect([grid.rows[50]!.label, grid.rows[50]!.total]).toStrictEqual(["other 5 rules", 15]);
  });

  it("with a window, gives each rule's open findings over time, intervals clamped to the window", () => {
    const counts = new ChartCounts({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-11T00:00:00.000Z" });
    const iv = (from: string, to: string) => ({ from: `2026-${from}:00:00.000Z`, to: `2026-${to}:00:00.000Z` });
    counts.add(mark("r/a", "S1", ["web"], iv("11-01T00", "11-05T00")));
    counts.add(mark("r/a", "S1", ["web"], iv("11-03T00", "11-08T00")));
    counts.add(mark("r/a", "S1", ["web"], null)); // the whole window
    counts.add(mark("r/a", "S1", ["web"], iv("10-20T00", "11-02T00"))); // starts before the window
    counts.add(mark("r/b", "S2", ["web"], iv("11-09T00", "11-12T00"))); // ends after it
    counts.add(mark("r/b", "S2", ["web"], iv("11-04T00", "11-04T00"))); // empty: counted, not drawn
    const t = counts.timeline()!;
    const at = (s: string) => Date.parse(`2026-${s}:00:00.000Z`);
    expect([t.from, t.to, t.rules, t.folded]).toStrictEqual([at("11-01T00"), at("11-11T00"), 2, 0]);
    // r/a open: 11-01 three (a1, a3, a4), 11-02 a4 closes, 11-03 a2 opens, 11-05 a1 closes, 11-08 a2 closes.
    expect(t.lanes[0]).toStrictEqual({
      label: "r/a",
      kind: "rule",
      total: 4,
      segments: [
        { from: at("11-01T00"), to: at("11-02T00"), open: 3 },
        { from: at("11-02T00"), to: at("11-03T00"), open: 2 },
        { from: at("11-03T00"), to: at("11-05T00"), open: 3 },
        { from: at("11-05T00"), to: at("11-08T00"), open: 2 },
        { from: at("11-08T00"), to: at("11-11T00"), open: 1 },
      ],
    });
    expect(t.lanes[1]).toStrictEqual({
      label: "r/b",
      kind: "rule",
      total: 2,
      segments: [{ from: at("11-09T00"), to: at("11-11T00"), open: 1 }],
    });
  });
});

describe("the charts' SVG", () => {
  it("draws a bar per rule and channel with findings, its length proportional to its count, the count as its label", () => {
    const counts = small();
    const svg = ruleChart(counts.ruleGrid(), counts.total);
    const bars = tags(svg, "rect", "bar");
    // r/a: web 3, store 1; r/b: store 1, none 1; r/c: app 1.
    expect(bars.map((b) => [b["data-row"], b["data-column"], b["data-count"]])).toStrictEqual([
      ["0", "0", "3"],
      ["0", "1", "1"],
      ["1", "1", "1"],
      ["1", "3", "1"],
      ["2", "2", "1"],
    ]);
    // The longest bar is 404 px (the chart's bar room); the others a third of it.
    expect(bars.map((b) => Number(b.width))).toStrictEqual([404, 134.7, 134.7, 134.7, 134.7]);
    expect(all(svg, /<text class="bar-count"[^>]*>(\d+)<\/text>/g)).toStrictEqual(["3", "1", "1", "1", "1"]);
    expect(all(svg, /<text class="row-total"[^>]*>(\d+)<\/text>/g)).toStrictEqual(["3", "2", "1"]);
    // Each bar takes its column's colour, as the legend shows it.
    const legend = all(svg, /<g class="legend-item"><rect [^>]*fill="([^"]+)"/g);
    expect(legend).toHaveLength(4);
    expect(bars.map((b) => b.fill)).toStrictEqual([legend[0], legend[1], legend[1], legend[3], legend[2]]);
    expect(svg).toMatch(
      /^<svg class="chart" id="chart-rules" [^>]*role="img" aria-label="Bar chart of 6 findings by rule and channel: 3 rules with findings, 4 channel columns; most in r\/a \(3\)\. The table below has the numbers\."/,
    );
    expect(svg).toContain("<title>Findings by rule and channel</title>");
  });

  it("draws a heat-map cell per location and channel, shaded by count, and the rows' totals", () => {
    const counts = small();
    const svg = locationChart(counts.locationGrid());
    const cells = tags(svg, "rect", "cell");
    expect(cells).toHaveLength(4 * 4);
    expect(cells.map((c) => Number(c["data-count"]))).toStrictEqual([2, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    // The darkest is S1 · web (2, the most at one location); a count of 1 is 0.12 + 0.88 / 2; an empty cell has no shade.
    const opacity = cells.map((c) => c["fill-opacity"] ?? null);
    expect(opacity.slice(0, 4)).toStrictEqual(["1", "0.56", null, null]);
    expect(cells[2]!.fill).toBe("#f6f8fa");
    expect(all(svg, /<text class="cell-count"[^>]*>(\d+)<\/text>/g)).toStrictEqual(["2", "1", "1", "1", "1", "1"]);
    expect(all(svg, /<text class="row-total"[^>]*>(\d+)<\/text>/g)).toStrictEqual(["2", "2", "1", "1"]);
    expect(svg).toContain(
      'aria-label="Heat map of findings by location and channel: 3 locations with findings, and findings with no location in a row of their own; most at S1 (2). The table below has the numbers."',
    );
  });

  it("draws the top locations and one row for the rest, the rest's shade capped", () => {
    const counts = new ChartCounts();
    for (let i = 0; i < 100; i++) counts.add(mark("r", `S${String(i).padStart(3, "0")}`, ["web"]));
    counts.add(mark("r", "S000", ["web"]));
    const svg = locationChart(counts.locationGrid(3));
    const cells = tags(svg, "rect", "cell");
    expect(cells.map((c) => [c["data-count"], c["fill-opacity"]])).toStrictEqual([
      ["2", "1"],
      ["1", "0.56"],
      ["1", "0.56"],
      ["97", "1"],
    ]);
    expect(all(svg, /<text class="row-label"[^>]*><title>[^<]*<\/title>([^<]*)<\/text>/g)).toStrictEqual([
      "S000",
      "S001",
      "S002",
      "other 97 locations",
    ]);
  });

  it("draws a timeline span per stretch where a rule has open findings, placed by time, with ticks in UTC", () => {
    const from = Date.parse("2026-11-01T00:00:00.000Z");
    const day = 86_400_000;
    const t: Timeline = {
      from,
      to: from + 10 * day,
      rules: 1,
      folded: 0,
      lanes: [
        {
          label: "r/a",
          kind: "rule",
          total: 3,
          segments: [
            { from: from + 2 * day, to: from + 4 * day, open: 2 },
            { from: from + 4 * day, to: from + 5 * day, open: 1 },
          ],
        },
      ],
    };
    const svg = timelineChart(t);
    const spans = tags(svg, "rect", "span");
    // The plot runs from x 300 to 744: 44.4 px a day.
    expect(spans.map((s) => [s.x, s.width, s["data-open"], s["data-from"], s["data-to"]])).toStrictEqual([
      ["388.8", "88.8", "2", "2026-11-03T00:00:00.000Z", "2026-11-05T00:00:00.000Z"],
      ["477.6", "44.4", "1", "2026-11-05T00:00:00.000Z", "2026-11-06T00:00:00.000Z"],
    ]);
    // The most open at once is the darkest; one of two is 0.3 + 0.7 / 2.
    expect(spans.map((s) => s["fill-opacity"])).toStrictEqual(["1", "0.65"]);
    expect(svg).toContain(">UTC</text>");
    expect(svg).toContain("<title>r/a: 2 findings open from 2026-11-03T00:00:00.000Z to 2026-11-05T00:00:00.000Z</title>");
  });

  it("draws a lane of 150,000 segments (a window's staggered findings), the most open the darkest", () => {
    const from = Date.parse("2026-01-01T00:00:00Z");
    const n = 150_000;
    // Segment k is open for k % 7 + 1 findings: the most open at once is 7, the darkest; one open is 0.3 + 0.7 / 7.
    const segments = Array.from({ length: n }, (_, k) => ({ from: from + k * 60_000, to: from + (k + 1) * 60_000, open: (k % 7) + 1 }));
    const t: Timeline = { from, to: from + n * 60_000, rules: 1, folded: 0, lanes: [{ label: "r/a", kind: "rule", total: n, segments }] };
    const svg = timelineChart(t);
    const first = svg.slice(0, svg.indexOf("</rect>", svg.indexOf('data-open="7"')) + 7);
    expect(tags(first, "rect", "span").map((span) => [span["data-open"], span["fill-opacity"]])).toStrictEqual([
      ["1", "0.4"],
      ["2", "0.5"],
      ["3", "0.6"],
      ["4", "0.7"],
      ["5", "0.8"],
      ["6", "0.9"],
      ["7", "1"],
    ]);
    expect(svg.split('class="span"').length - 1).toBe(n);
  });

  it("puts its ticks on round UTC instants", () => {
    const at = (s: string) => Date.parse(s);
    const labels = (from: string, to: string) => timeTicks(at(from), at(to)).map((t) => t.label);
    // 30 days: Mondays (2026-11-02 is one), the last the window's last day at 00:00 UTC.
    expect(labels("2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z")).toStrictEqual(["2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]);
    expect(timeTicks(at("2026-10-31T23:00:00Z"), at("2026-11-30T23:00:00Z"))[0]!.at).toBe(at("2026-11-02T00:00:00Z"));
    // One day: every three hours, both ends included.
    expect(labels("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z")).toStrictEqual([
      "20 Nov 00:00",
      "20 Nov 03:00",
      "20 Nov 06:00",
      "20 Nov 09:00",
      "20 Nov 12:00",
      "20 Nov 15:00",
      "20 Nov 18:00",
      "20 Nov 21:00",
      "21 Nov 00:00",
    ]);
    // A year: every other month's first day.
    expect(labels("2026-01-15T00:00:00Z", "2027-01-15T00:00:00Z")).toStrictEqual([
      "Mar 2026",
      "May 2026",
      "Jul 2026",
      "Sep 2026",
      "Nov 2026",
      "Jan 2027",
    ]);
  });

  it("escapes hostile rule, location and channel text, and cuts long labels with the whole text in the title", () => {
    const counts = new ChartCounts({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" });
    const long = `price/${"x".repeat(60)}`;
    counts.add(mark(HOSTILE, HOSTILE, [HOSTILE]));
    counts.add(mark(long, "S1", ["web"]));
    const svgs = [ruleChart(counts.ruleGrid(), counts.total), locationChart(counts.locationGrid()), timelineChart(counts.timeline()!)];
    for (const svg of svgs) {
      expect(svg).not.toContain("<script");
      expect(svg).not.toContain(`"'&`);
      expect(svg).toContain(HOSTILE_ESCAPED.slice(0, 30)); // cut or not, it is there escaped
      expect(svg).not.toMatch(/ on\w+=/);
    }
    // The bar chart's label column holds 36 characters: 35 and "…".
    expect(svgs[0]).toContain(`<title>${long}: 1 finding</title>${long.slice(0, 35)}…</text>`);
    expect(svgs[0]).toContain(`<title>${HOSTILE_ESCAPED}: 1 finding</title>${HOSTILE_ESCAPED}</text>`);
    // The heat map's label column holds 28: "<script>" (8), "window.__pwned=1" (16), "</s" (3) and "…".
    expect(svgs[1]).toContain(`<title>${HOSTILE_ESCAPED}: 1 finding</title>&lt;script&gt;window.__pwned=1&lt;/s…</text>`);
  });
});

describe("the charts in the HTML page", () => {
  const report = (findings: Finding[], window?: Report["window"]): Report => ({
    tool: { name: "pricelint", version: "0.1.0" },
    at: "2026-11-20T09:00:00.000Z",
    ...(window ? { window } : {}),
    summary: {
      findings: { error: findings.length, warning: 0, info: 0, waived: 0 },
      rows: { read: 0, accepted: 0, rejected: 0 },
      feeds: [],
      rules: 1,
    },
    findings,
    rules: [],
  });
  const finding = (i: number, interval: Finding["interval"] = null): Finding => ({
    id: `f${i}`,
    rule: "r/a",
    severity: "error",
    sku: `S-${i}`,
    location: "S1",
    channels: ["web"],
    promotion: null,
    message: "m",
    values: {},
    interval,
    sources: [],
    waived: null,
  });

  it("has the bar chart and the heat map, a timeline only with a window, and nothing to chart with no findings", () => {
    expect(formatHtml(report([finding(0)])).match(/<svg class="chart" id="chart-(\w+)"/g)).toStrictEqual([
      '<svg class="chart" id="chart-rules"',
      '<svg class="chart" id="chart-locations"',
    ]);
    const windowed = formatHtml(report([finding(0)], { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" }));
    expect(windowed.match(/<svg class="chart" id="chart-(\w+)"/g)).toHaveLength(3);
    expect(windowed).toContain('id="chart-timeline"');
    const empty = formatHtml(report([]));
    expect(empty).not.toContain("<svg");
    expect(empty).toContain('<p class="none">No findings to chart.</p>');
  });

  it("counts every finding, not only the ones the page holds", () => {
    const html = formatHtml(report(Array.from({ length: 25 }, (_, i) => finding(i))), { maxPerRule: 10 });
    expect(html).toContain('data-row="0" data-column="0" data-count="25"');
    expect(html.match(/\{"rule":\d/g)).toHaveLength(10);
  });
});

describe.skipIf(SKIP_BROWSER)("the demo's charts in Chromium", () => {
  const browser = suiteBrowser();

  /** The demo's findings counted apart from the page: per rule, per rule and channel, per location. */
  function expected(findings: readonly Finding[]) {
    const perRule = new Map<string, number>();
    const pairs = new Set<string>();
    const perLocation = new Map<string | null, number>();
    for (const f of findings) {
      perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
      for (const ch of f.channels.length === 0 ? ["(no channel)"] : f.channels) pairs.add(`${f.rule}\u0000${ch}`);
      perLocation.set(f.location, (perLocation.get(f.location) ?? 0) + 1);
    }
    return { perRule, pairs: pairs.size, perLocation };
  }

  /** Each chart's marks as the browser has them: sizes from the layout, texts as shown. */
  const marks = (page: Page, selector: string) =>
    page.locator(selector).evaluateAll((nodes) =>
      nodes.map((n) => ({
        count: Number(n.getAttribute("data-count") ?? n.getAttribute("data-open")),
        row: n.getAttribute("data-row") ?? n.getAttribute("data-lane"),
        column: n.getAttribute("data-column"),
        width: n.getBoundingClientRect().width,
      })),
    );
  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

  async function quiet(page: Page, log: Awaited<ReturnType<typeof openPage>>["log"]) {
    expect(log.requests).toStrictEqual([]);
    expect(log.errors).toStrictEqual([]);
    expect(log.console).toStrictEqual([]);
    expect(await log.violations()).toStrictEqual([]);
    expect(await page.locator("svg image, svg use, svg foreignObject, svg script, svg a").count()).toBe(0);
  }

  for (const run of ["an instant", "a window"] as const) {
    it(`renders the charts of ${run}: as many bars, cells and lanes as the report has numbers, each label its count`, async () => {
      const config = await loadConfig("fixtures/demo/pricelint.config.json");
      const report =
        run === "an instant"
          ? await check(config, { at: new Date("2026-11-20T00:30:00+01:00") })
          : await check(config, { window: { from: new Date("2026-11-01T00:00:00+01:00"), to: new Date("2026-12-01T00:00:00+01:00") } });
      const want = expected(report.findings);
      const { page, log } = await openPage(browser(), formatHtml(report));
      expect(await page.getAttribute("html", "data-ready")).toBe("true");
      expect(await page.locator("svg.chart").count()).toBe(run === "a window" ? 3 : 2);
      for (const id of ["chart-rules", "chart-locations", ...(run === "a window" ? ["chart-timeline"] : [])]) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.height).toBeGreaterThan(60);
        expect(await page.locator(`#${id}`).getAttribute("role")).toBe("img");
      }

      // Bars: one per rule and channel with findings (fewer than 50 rules: none folded).
      const bars = await marks(page, "#chart-rules rect.bar");
      expect(bars).toHaveLength(want.pairs);
      const barLabels = await texts(page, "#chart-rules text.bar-count");
      expect(barLabels).toStrictEqual(bars.map((b) => String(b.count)));
      const widest = Math.max(...bars.map((b) => b.count));
      const unit = bars.find((b) => b.count === widest)!.width / widest;
      for (const b of bars) expect(b.width).toBeCloseTo(unit * b.count, 0);
      // Each rule's total by its bars is the rule table's count.
      const totals = await texts(page, "#chart-rules text.row-total");
      const labels = await page.locator("#chart-rules text.row-label title").allTextContents();
      expect(totals).toHaveLength(want.perRule.size);
      labels.forEach((title, i) => {
        const id = title.slice(0, title.lastIndexOf(": "));
        expect(totals[i]).toBe(String(want.perRule.get(id)));
      });
      const table = await page
        .locator("#rule-counts tbody tr")
        .evaluateAll((rows) =>
          Object.fromEntries(rows.map((r) => [r.querySelector("th")!.textContent, r.querySelectorAll("td")[4]!.textContent])),
        );
      for (const [id, n] of want.perRule) expect(table[id]).toBe(String(n));

      // Heat map: a cell per location row and channel column; each row's "all" its findings.
      const cells = await marks(page, "#chart-locations rect.cell");
      const rows = await texts(page, "#chart-locations text.row-total");
      const columns = await page.locator("#chart-locations text.column-label").count();
      expect(cells).toHaveLength(rows.length * columns);
      expect(rows).toHaveLength(want.perLocation.size); // six locations (one of them "no location"), none folded
      const rowLabels = await page.locator("#chart-locations text.row-label title").allTextContents();
      rowLabels.forEach((title, i) => {
        const id = title.slice(0, title.lastIndexOf(": "));
        expect(rows[i]).toBe(String(want.perLocation.get(id === "(no location)" ? null : id)));
      });
      expect(await texts(page, "#chart-locations text.cell-count")).toStrictEqual(
        cells.filter((c) => c.count > 0).map((c) => String(c.count)),
      );

      if (run === "a window") {
        const lanes = await texts(page, "#chart-timeline text.row-total");
        expect(lanes).toStrictEqual(totals); // the same rules, in the same order, as the bars
        const spans = await marks(page, "#chart-timeline rect.span");
        expect(spans.length).toBeGreaterThanOrEqual(want.perRule.size);
        for (const s of spans) expect(s.count).toBeGreaterThan(0);
      }
      await quiet(page, log);
      await page.close();
    });
  }

  it("shows hostile rule and location text as text in the charts", async () => {
    const f = aFinding({ id: "f0", rule: HOSTILE, location: HOSTILE, channels: [HOSTILE] });
    const html = formatHtml({
      tool: { name: "pricelint", version: "0.1.0" },
      at: "2026-11-20T09:00:00.000Z",
      summary: { findings: { error: 1, warning: 0, info: 0, waived: 0 }, rows: { read: 0, accepted: 0, rejected: 0 }, feeds: [], rules: 1 },
      findings: [f],
      rules: [],
    });
    const { page, log } = await openPage(browser(), html);
    expect(await page.locator("#chart-rules text.row-label title").textContent()).toBe(`${HOSTILE}: 1 finding`);
    expect(await page.locator("#chart-rules .legend-item text").textContent()).toBe(`${HOSTILE.slice(0, 23)}…`);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    await quiet(page, log);
    await page.close();
  });
});
