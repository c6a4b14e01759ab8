/**
 * The trend's HTML page: the string (self-contained, escaped, CSP hash right, deterministic), then
 * the page in a real Chromium: the SVG chart renders one point per run in each series, nothing
 * runs or loads, and hostile text from the reports shows as text.
 *
 * Chromium comes from tests/browser/chromium.ts (PRICELINT_SKIP_BROWSER=1 skips those tests).
 */
import { escapeHtml } from "../src/report/svg-text.js";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { countFindings } from "../src/findings/summarise.js";
import type { Finding } from "../src/model/finding.js";
import { formatJson } from "../src/report/json.js";
import { TrendSeries } from "../src/trend/series.js";
import { formatTrendHtml } from "../src/trend/trend-html.js";
import { suiteBrowser, openPage, SKIP_BROWSER } from "./browser/chromium.js";
import { aFinding } from "./helpers/finding.js";

const XSS = {
  script: "<script>window.__pwned='script'</script>",
  img: `<img src=x onerror="window.__pwned='img'">`,
  quotes: `"quotes' onmouseover='window.__pwned=1' x="`,
  svg: "</svg><svg onload=window.__pwned='svg'>",
} as const;

/**
 * Twelve daily runs (2026-12-01 … 12-12, 03:00 UTC) and five findings, present where x:
 *
 * |   | 1 2 3 4 5 6 7 8 9 10 11 12 |
 * |---|----------------------------|
 * | P | x x x x x x x x x x  x  x  |  a hostile rule, sku, location and channel
 * | Q | x x x . . . . . . .  .  .  |
 * | R | . . x x x x . . x x  .  .  |
 * | S | . . . . . . x x x x  x  x  |
 * | T | x . x . x . x . x .  x  .  |
 *
 * Per run, by hand: open  3 2 4 2 3 2 3 2 4 3 3 2
 *                   new   3 0 2 0 1 0 2 0 2 0 1 0   (R and T back in run 3, S and T in 7, R and T in 9…)
 *                   fixed 0 1 0 2 0 1 1 1 0 1 1 1   (T gone in 2; Q and T in 4; T in 6; R in 7; T in 8; T in 10; R in 11; T in 12)
 */
const PRESENCE: Record<string, string> = {
  P: "xxxxxxxxxxxx",
  Q: "xxx.........",
  R: "..xxxx..xx..",
  S: "......xxxxxx",
  T: "x.x.x.x.x.x.",
};
const OPEN = [3, 2, 4, 2, 3, 2, 3, 2, 4, 3, 3, 2];
const NEW = [3, 0, 2, 0, 1, 0, 2, 0, 2, 0, 1, 0];
const FIXED = [0, 1, 0, 2, 0, 1, 1, 1, 0, 1, 1, 1];

function finding(name: string): Finding {
  const hostile = name === "P";
  return aFinding({
    id: `id-${name}`,
    rule: hostile ? `evil/${XSS.script}` : `price/${name.toLowerCase()}`,
    severity: "warning",
    sku: hostile ? XSS.img : name,
    location: hostile ? XSS.quotes : "MI01",
    channels: hostile ? [XSS.svg] : ["web"],
  });
}

function trendPage(): string {
  const series = new TrendSeries();
  for (let run = 0; run < 12; run++) {
    const findings = Object.keys(PRESENCE)
      .filter((name) => PRESENCE[name]![run] === "x")
      .map(finding);
    const at = `2026-12-${String(run + 1).padStart(2, "0")}T03:00:00.000Z`;
    const text = formatJson({
      tool: { name: "pricelint", version: "0.1.0" },
      at,
      summary: { findings: countFindings(findings), rows: { read: 1, accepted: 1, rejected: 0 }, feeds: [], rules: 3 },
      findings,
    });
    series.add(run === 0 ? `runs/${XSS.quotes}.json` : `runs/${run + 1}.json`, JSON.parse(text));
  }
  return formatTrendHtml(series.trend("9.9.9"));
}

describe("formatTrendHtml, the string", () => {
  const html = trendPage();

  it("is the same bytes for the same trend", () => {
    expect(trendPage()).toBe(html);
  });

  it("carries the check report's CSP with no script at all, and its style by the right hash", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash("sha256").update(style, "utf8").digest("base64");
    expect(csp).toBe(
      `default-src 'none'; script-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'`,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/ style=/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
  });

  it("writes control characters HTML may not hold as visible escapes: an ESC or a NEL in a sku is no parse error", () => {
    expect(escapeHtml("\u001b[31mRED\u001b[0m nel\u0085x del\u007f tab\there\nline")).toBe(
      "\\u001b[31mRED\\u001b[0m nel\\u0085x del\\u007f tab\there\nline",
    );
  });

  it("escapes every text from the reports", () => {
    for (const payload of Object.values(XSS)) expect(html).not.toContain(payload);
    expect(html).toContain("evil/&lt;script&gt;window.__pwned=&#39;script&#39;&lt;/script&gt;");
    expect(html).toContain("runs/&quot;quotes&#39; onmouseover=&#39;window.__pwned=1&#39; x=&quot;.json");
  });
});

describe("formatTrendHtml, its per-location table", () => {
  it("has a row for each of the 100 locations with the most findings, and one summing the rest", () => {
    // Two runs over 150 stores: store Sk has k + 1 findings in run 1 and one in run 2 (the last
    // store none there). The 100 with the most are S050 … S149; S000 … S049 sum to
    // 1 + 2 + … + 50 = 1,275 in run 1 and 50 in run 2.
    const series = new TrendSeries();
    for (const run of [1, 2]) {
      const findings: Finding[] = [];
      for (let k = 0; k < 150; k++) {
        const count = run === 1 ? k + 1 : k < 149 ? 1 : 0;
        for (let i = 0; i < count; i++)
          findings.push(aFinding({ id: `id-${k}-${i}`, sku: `K${i}`, location: `S${String(k).padStart(3, "0")}` }));
      }
      const at = `2026-12-0${run}T03:00:00.000Z`;
      const summary = { findings: countFindings(findings), rows: { read: 1, accepted: 1, rejected: 0 }, feeds: [], rules: 1 };
      series.add(`runs/${run}.json`, JSON.parse(formatJson({ tool: { name: "pricelint", version: "0.1.0" }, at, summary, findings })));
    }
    const html = formatTrendHtml(series.trend("9.9.9"));
    const table = html.slice(
      html.indexOf('<table id="per-location">'),
      html.indexOf("</table>", html.indexOf('<table id="per-location">')),
    );
    const rows = [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/g)].map(
      (m) => [m[1], m[2], m[3]],
    );
    expect(rows).toHaveLength(101);
    expect(rows[0]).toStrictEqual(["S050", "51", "1"]);
    expect(rows[99]).toStrictEqual(["S149", "150", "0"]);
    expect(rows[100]).toStrictEqual(["50 others, fewer findings", "1275", "50"]);
  });
});

describe.skipIf(SKIP_BROWSER)("formatTrendHtml in Chromium", () => {
  const browser = suiteBrowser();

  it("draws the chart with one point per run in each series, at the counts worked out by hand", async () => {
    const { page, log } = await openPage(browser(), trendPage());
    const chart = page.locator("#trend-chart");
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(100);
    for (const [series, values] of [
      ["open", OPEN],
      ["new", NEW],
      ["fixed", FIXED],
    ] as const) {
      const points = chart.locator(`g[data-series="${series}"] circle`);
      expect(await points.count()).toBe(12);
      expect(await points.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute("data-value"))))).toStrictEqual(values);
      // Rendered, left to right in run order, and a larger count drawn higher.
      const boxes = await points.evaluateAll((cs) =>
        cs.map((c) => {
          const r = (
            c as unknown as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }
          ).getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      expect(boxes.every((b) => b.width > 0 && b.height > 0)).toBe(true);
      expect(boxes.every((b, i) => i === 0 || b.x > boxes[i - 1]!.x)).toBe(true);
      const y = (v: number) => boxes[values.indexOf(v)]!.y;
      const [low, high] = [Math.min(...values), Math.max(...values)];
      expect(y(high)).toBeLessThan(y(low));
      expect(await chart.locator(`g[data-series="${series}"] polyline`).getAttribute("points")).toMatch(/^(\S+,\S+ ){11}\S+,\S+$/);
    }
    // The runs table: 12 rows, the last one open 2, new 0, fixed 1, still open 2.
    expect(await page.locator("#runs tbody tr").count()).toBe(12);
    const last = await page.locator("#runs tbody tr").nth(11).locator("td").allTextContents();
    expect(last.slice(3, 7)).toStrictEqual(["2", "0", "1", "2"]);
    // The hostile finding is open since run 1 (11 days): first among the open, its texts as text.
    const first = await page.locator("#open tbody tr").first().locator("td").allTextContents();
    expect(first.slice(0, 5)).toStrictEqual([`evil/${XSS.script}`, "warning", XSS.img, XSS.quotes, XSS.svg]);
    expect(first[7]).toBe("11d");
    expect(await page.locator("#runs tbody tr").first().locator("td").nth(2).textContent()).toBe(`runs/${XSS.quotes}.json`);
    // Nothing ran, loaded or was refused.
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(log.requests).toStrictEqual([]);
    expect(log.dialogs).toStrictEqual([]);
    expect(log.errors).toStrictEqual([]);
    expect(log.console).toStrictEqual([]);
    expect(await log.violations()).toStrictEqual([]);
    expect(await page.locator("script, img, iframe, object, embed").count()).toBe(0);
    await page.close();
  });
});
