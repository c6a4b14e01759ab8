import { readFileSync } from "node:fs";
/**
 * The HTML report: the string itself (self-contained, escaped, deterministic, CSP hashes right), then the
 * page in a real Chromium (counts, filters, hostile values shown as text and never run).
 *
 * The browser tests take their Chromium from the devDependency @sparticuz/chromium (or PRICELINT_CHROMIUM,
 * or the system's /usr/bin/chromium); PRICELINT_SKIP_BROWSER=1 skips them. See tests/browser/chromium.ts.
 */
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import type { Finding } from "../src/model/finding.js";
import type { Report, RuleInfo } from "../src/model/report.js";
import { escapeHtml, formatHtml, scriptJson } from "../src/report/html.js";
import { suiteBrowser, openPage, SKIP_BROWSER } from "./browser/chromium.js";

/** Payloads that would run script or load an image if any of them reached the page as markup. */
const XSS = {
  script: "<script>window.__pwned='script';alert(1)</script>",
  img: `<img src=x onerror="window.__pwned='img';alert(1)">`,
  quotes: `"quotes' onmouseover='window.__pwned=1' x="`,
  breakout: "</script><!--<script>window.__pwned='breakout';alert(1)</script>",
  svg: "</SCRIPT ><svg onload=window.__pwned='svg';alert(1)>",
} as const;
const PAYLOADS = Object.values(XSS);

const EVIL_RULE = `evil/${XSS.script}`;

let nextId = 0;
function finding(f: Pick<Finding, "rule" | "severity"> & Partial<Finding>): Finding {
  return {
    id: `f${String(nextId++).padStart(2, "0")}`,
    sku: null,
    location: null,
    channels: [],
    promotion: null,
    message: `${f.rule} fired`,
    values: {},
    interval: null,
    sources: [],
    waived: null,
    ...f,
  };
}

function rule(
  id: string,
  severity: RuleInfo["severity"],
  scope: string,
  description: string,
  help: string | null = null,
  origin = "built-in",
): RuleInfo {
  return { id, severity, scope, description, help, origin };
}

/**
 * Seven findings, in report order (by rule, then sku), indexes 0–6:
 *
 * | # | rule                 | severity | sku        | location    | channels   | waived |
 * |---|----------------------|----------|------------|-------------|------------|--------|
 * | 0 | channel/web-vs-store | warning  | A-100      | MI01        | web, store |        |
 * | 1 | channel/web-vs-store | warning  | a-101      | –           | web, app   |        |
 * | 2 | evil/<script>…       | warning  | XSS.script | XSS.img     | XSS.quotes |        |
 * | 3 | price/below-cost     | error    | A-100      | MI01        | store      |        |
 * | 4 | price/below-cost     | error    | A-200      | RM01        | store      |        |
 * | 5 | price/below-cost     | error    | B-300      | –           | web        | yes    |
 * | 6 | promo/overlap        | info     | C-1        | RM01        | app        |        |
 *
 * Summary as the engine counts it (a waived finding under `waived`, not its severity):
 * error 2 (#3, #4), warning 3 (#0–#2), info 1 (#6), waived 1 (#5); 7 in all.
 */
function testReport(at = "2026-11-20T09:00:00.000Z"): Report {
  nextId = 0;
  const findings: Finding[] = [
    finding({
      rule: "channel/web-vs-store",
      severity: "warning",
      sku: "A-100",
      location: "MI01",
      channels: ["web", "store"],
      message: "web 2.49 differs from store 1.99 at MI01",
      values: { "web.effectivePrice": "2.49", "store.effectivePrice": "1.99" },
      sources: [
        { file: "feeds/web.csv", line: 2 },
        { file: "feeds/store.csv", line: 5 },
      ],
    }),
    finding({ rule: "channel/web-vs-store", severity: "warning", sku: "a-101", channels: ["web", "app"] }),
    finding({
      rule: EVIL_RULE,
      severity: "warning",
      sku: XSS.script,
      location: XSS.img,
      channels: [XSS.quotes],
      promotion: XSS.svg,
      message: `${XSS.breakout} ${XSS.img}`,
      values: { [XSS.script]: XSS.img, list: [XSS.breakout, XSS.quotes], n: 3, ok: true, none: null },
      interval: { from: XSS.quotes, to: XSS.svg },
      sources: [{ file: XSS.breakout, line: 7 }],
      explanation: { kind: "leaf", verdict: 1, fact: XSS.script, factValue: XSS.img, operator: "equal", valueFact: null, value: XSS.svg },
    }),
    finding({
      rule: "price/below-cost",
      severity: "error",
      sku: "A-100",
      location: "MI01",
      channels: ["store"],
      message: "store 9.99 is below cost 10.50 at MI01",
      values: { effectivePrice: "9.99", cost: "10.50" },
      sources: [{ file: "feeds/store.csv", line: 3 }],
    }),
    finding({ rule: "price/below-cost", severity: "error", sku: "A-200", location: "RM01", channels: ["store"] }),
    finding({
      rule: "price/below-cost",
      severity: "error",
      sku: "B-300",
      channels: ["web"],
      waived: { reason: XSS.img, ticket: XSS.quotes, until: "2026-12-31T23:00:00.000Z" },
    }),
    finding({ rule: "promo/overlap", severity: "info", sku: "C-1", location: "RM01", channels: ["app"] }),
  ];
  return {
    tool: { name: "pricelint", version: "0.1.0" },
    at,
    summary: {
      findings: { error: 2, warning: 3, info: 1, waived: 1 },
      rows: { read: 15, accepted: 14, rejected: 1 },
      feeds: [
        { file: "feeds/store.csv", kind: "prices", read: 10, accepted: 9, rejected: 1 },
        { file: XSS.svg, kind: XSS.quotes, read: 5, accepted: 5, rejected: 0 },
      ],
      rules: 5,
    },
    findings,
    rules: [
      rule(
        "price/below-cost",
        "error",
        "offer",
        "The effective price is below cost.",
        "See https://example.com/pricing for the margin policy.",
      ),
      rule("channel/web-vs-store", "warning", "pair", "The web price differs from the store price."),
      rule("promo/overlap", "info", "promotion", "Two promotions overlap."),
      rule("price/zero-findings", "warning", "offer", "A rule that found nothing."),
      rule(EVIL_RULE, "warning", XSS.script, XSS.img, XSS.breakout, XSS.quotes),
    ],
  };
}

/** The rules as the page lists them: by id, in code-point order. */
const RULE_ORDER = ["channel/web-vs-store", EVIL_RULE, "price/below-cost", "price/zero-findings", "promo/overlap"];

const DATA_OPEN = '<script type="application/json" id="pricelint-data">';

function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = html.indexOf(close, start + open.length);
  expect(end).toBeGreaterThan(start);
  return html.slice(start + open.length, end);
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("base64");

describe("formatHtml, the string", () => {
  const html = formatHtml(testReport(), { title: `Nightly ${XSS.script}` });

  it("is one self-contained document: nothing loads from anywhere", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(html.endsWith("</html>\n")).toBe(true);
    // Every "<" from data is escaped, so each "<" left opens a tag of the page's own.
    const tags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
    const attributes = tags.flatMap((tag) => [...tag.matchAll(/\s([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, m[2] ?? ""] as const));
    expect(attributes.length).toBeGreaterThan(50);
    for (const [name, value] of attributes) {
      expect(name).not.toMatch(/^on/i);
      if (/^(?:src|href|action|formaction|srcset|poster|data|background|ping)$/i.test(name)) expect(value).toMatch(/^#[\w-]+$/); // in-page links only
    }
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|<iframe\b|<object\b|<embed\b|@import|url\(/i);
    expect(html.match(/<script\b/gi)).toHaveLength(2); // the data block and the page's own script
    expect(html.match(/<style\b/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<img\b|<image\b|<use\b|<foreignObject\b/i);
    // The only SVG is the page's own charts, drawn inline (tests/html-charts.test.ts): the bar chart and the heat map.
    expect(html.match(/<svg\b[^>]*/gi)?.map((tag) => tag.split(" id=")[1]?.split(" ")[0])).toStrictEqual([
      '"chart-rules"',
      '"chart-locations"',
    ]);
  });

  it("escapes every hostile value: no payload appears as markup", () => {
    for (const payload of PAYLOADS) expect(html).not.toContain(payload);
    expect(html).not.toMatch(/<\/script><!--/i);
    expect(html).not.toMatch(/<!--/);
    // Server-rendered text: the title, the rule table (id, scope, description, origin) and the feeds table.
    expect(html).toContain("<h1>Nightly &lt;script&gt;window.__pwned=&#39;script&#39;;alert(1)&lt;/script&gt;</h1>");
    expect(html).toContain(
      "<title>Nightly &lt;script&gt;window.__pwned=&#39;script&#39;;alert(1)&lt;/script&gt; · 2026-11-20T09:00:00.000Z</title>",
    );
    expect(html).toContain("<td>&lt;img src=x onerror=&quot;window.__pwned=&#39;img&#39;;alert(1)&quot;&gt;</td>");
    expect(html).toContain('<th scope="row">&lt;/SCRIPT &gt;&lt;svg onload=window.__pwned=&#39;svg&#39;;alert(1)&gt;</th>');
    expect(html).toContain("<td>&quot;quotes&#39; onmouseover=&#39;window.__pwned=1&#39; x=&quot;</td>");
  });

  it("escapes attribute values", () => {
    const at = `2026-11-20T09:00:00Z" onmouseover="window.__pwned=1`;
    const page = formatHtml(testReport(at));
    expect(page).toContain(`<time datetime="2026-11-20T09:00:00Z&quot; onmouseover=&quot;window.__pwned=1">`);
    expect(page).not.toContain(at);
  });

  it("carries the findings as JSON that no value can break out of, and that parses back to the values", () => {
    const json = between(html, DATA_OPEN, "</script>");
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(json) as {
      rules: { id: string }[];
      findings: Record<string, unknown>[];
      locations: unknown[];
      channels: unknown[];
    };
    expect(data.rules.map((r) => r.id)).toStrictEqual(RULE_ORDER);
    expect(data.findings).toHaveLength(7);
    const evil = data.findings[2]!;
    expect(evil).toMatchObject({
      rule: 1,
      sku: XSS.script,
      location: XSS.img,
      channels: [XSS.quotes],
      promotion: XSS.svg,
      message: `${XSS.breakout} ${XSS.img}`,
      values: [
        [XSS.script, XSS.img],
        ["list", JSON.stringify([XSS.breakout, XSS.quotes])],
        ["n", "3"],
        ["ok", "true"],
        ["none", "null"],
      ],
      interval: { from: XSS.quotes, to: XSS.svg },
      sources: [`${XSS.breakout}:7`],
    });
    expect(data.findings[5]!.waived).toBe(`${XSS.img} · ticket ${XSS.quotes} · until 2026-12-31T23:00:00.000Z`);
    expect(data.locations).toStrictEqual([null, XSS.img, "MI01", "RM01"]);
    expect(data.channels).toStrictEqual([XSS.quotes, "app", "store", "web"]);
  });

  it("escapeHtml and scriptJson", () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe("a&amp;b&lt;c&gt;d&quot;e&#39;f");
    expect(scriptJson({ s: "</script><!--\u2028&" })).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u2028\\u0026"}');
    expect(JSON.parse(scriptJson({ s: "</script><!--\u2028&" }))).toStrictEqual({ s: "</script><!--\u2028&" });
  });

  it("is deterministic: the same report gives the same bytes", () => {
    expect(formatHtml(testReport(), { title: `Nightly ${XSS.script}` })).toBe(html);
    expect(formatHtml(structuredClone(testReport()), { title: `Nightly ${XSS.script}` })).toBe(html);
    expect(formatHtml(testReport())).toBe(formatHtml(testReport()));
  });

  it("allows only its own inline script and style, by hash", () => {
    const csp = between(html, '<meta http-equiv="Content-Security-Policy" content="', '">');
    const directives = Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));
    expect(directives["default-src"]).toBe("'none'");
    expect(directives["script-src"]).toBe(`'sha256-${sha256(between(html, "<script>", "</script>"))}'`);
    expect(directives["style-src"]).toBe(`'sha256-${sha256(between(html, "<style>", "</style>"))}'`);
    expect(directives["img-src"]).toBe("'none'");
    expect(directives["require-trusted-types-for"]).toBe("'script'");
    expect(csp).not.toMatch(/unsafe|nonce|https?:|\*/);
  });
});

describe.skipIf(SKIP_BROWSER)("formatHtml in Chromium", () => {
  const browser = suiteBrowser();

  const rowsShown = (page: Page): Promise<number[]> =>
    page.locator("#findings tbody tr:visible").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-index"))));
  const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim();
  const shownCounts = async (page: Page) =>
    Object.fromEntries(
      await Promise.all(
        ["error", "warning", "info", "waived", "all"].map(async (k) => [k, Number(await text(page, `[data-shown="${k}"]`))] as const),
      ),
    );
  const ruleShown = async (page: Page) => Promise.all(RULE_ORDER.map(async (_, i) => Number(await text(page, `[data-rule-shown="${i}"]`))));

  /** Nothing happened but the page: no request, dialog, error, CSP violation or console error; no payload ran. */
  async function expectQuiet(page: Page, log: Awaited<ReturnType<typeof openPage>>["log"]): Promise<void> {
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(log.dialogs).toStrictEqual([]);
    expect(log.requests).toStrictEqual([]);
    expect(log.errors).toStrictEqual([]);
    expect(log.console).toStrictEqual([]);
    expect(await log.violations()).toStrictEqual([]);
    expect(await page.locator("img, iframe, object, embed, svg image, svg use, svg foreignObject, svg script").count()).toBe(0);
    expect(await page.locator("svg").count()).toBe(await page.locator("svg.chart").count());
    expect(await page.locator("script").count()).toBe(2);
    const handlers = await page.evaluate(
      "[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')).length",
    );
    expect(handlers).toBe(0);
  }

  it("renders the summary counts of the report, and every finding", async () => {
    const { page, log } = await openPage(browser(), formatHtml(testReport()));
    expect(await page.getAttribute("html", "data-ready")).toBe("true");
    for (const [k, n] of Object.entries({ error: 2, warning: 3, info: 1, waived: 1, all: 7 })) {
      expect(await text(page, `[data-total="${k}"]`)).toBe(String(n));
    }
    expect(await shownCounts(page)).toStrictEqual({ error: 2, warning: 3, info: 1, waived: 1, all: 7 });
    expect(await text(page, '[data-rows="read"]')).toBe("15");
    expect(await text(page, '[data-rows="accepted"]')).toBe("14");
    expect(await text(page, '[data-rows="rejected"]')).toBe("1");
    expect(await rowsShown(page)).toStrictEqual([0, 1, 2, 3, 4, 5, 6]);
    // Per rule: findings, and one table per rule that has any (price/zero-findings has none).
    expect(await ruleShown(page)).toStrictEqual([2, 1, 3, 0, 1]);
    expect(await page.locator("section.rule").count()).toBe(4);
    expect(await page.locator("#rule-counts tbody tr").count()).toBe(5);
    expect(await text(page, "#status")).toBe("Showing all 7 findings");
    await expectQuiet(page, log);
    await page.close();
  });

  it("filters by rule, severity, sku, location, channel and waiver, and the counts follow", async () => {
    const { page, log } = await openPage(browser(), formatHtml(testReport()));
    const clear = () => page.click("#filter-clear");

    await page.selectOption("#filter-rule", { label: "price/below-cost (3)" });
    expect(await rowsShown(page)).toStrictEqual([3, 4, 5]);
    expect(await shownCounts(page)).toStrictEqual({ error: 2, warning: 0, info: 0, waived: 1, all: 3 });
    expect(await ruleShown(page)).toStrictEqual([0, 0, 3, 0, 0]);
    expect(await page.locator("section.rule:visible").count()).toBe(1);
    expect(await text(page, "#status")).toBe("Showing 3 of 7 findings — rule price/below-cost");
    expect(await text(page, "#rule-2 .rule-shown")).toBe("3 of 3 findings shown");

    // Rule and location together: only #0 is channel/web-vs-store at MI01.
    await page.selectOption("#filter-rule", { label: "channel/web-vs-store (2)" });
    await page.selectOption("#filter-location", { label: "MI01" });
    expect(await rowsShown(page)).toStrictEqual([0]);
    expect(await text(page, "#rule-0 .rule-shown")).toBe("1 of 2 findings shown");
    await clear();
    expect(await rowsShown(page)).toStrictEqual([0, 1, 2, 3, 4, 5, 6]);

    // Severity matches the finding's own severity, waived or not: #5 is a waived error.
    await page.selectOption("#filter-severity", "error");
    expect(await rowsShown(page)).toStrictEqual([3, 4, 5]);
    expect(await shownCounts(page)).toStrictEqual({ error: 2, warning: 0, info: 0, waived: 1, all: 3 });
    await page.selectOption("#filter-severity", "warning");
    expect(await rowsShown(page)).toStrictEqual([0, 1, 2]);
    expect(await ruleShown(page)).toStrictEqual([2, 1, 0, 0, 0]);
    await page.selectOption("#filter-severity", "info");
    expect(await rowsShown(page)).toStrictEqual([6]);
    await clear();

    // SKU: a case-insensitive substring. "a-10" is in A-100 (#0, #3) and a-101 (#1), not A-200.
    await page.fill("#filter-sku", "a-10");
    expect(await rowsShown(page)).toStrictEqual([0, 1, 3]);
    expect(await shownCounts(page)).toStrictEqual({ error: 1, warning: 2, info: 0, waived: 0, all: 3 });
    await page.fill("#filter-sku", "<SCRIPT>");
    expect(await rowsShown(page)).toStrictEqual([2]);
    await page.fill("#filter-sku", "zzz");
    expect(await rowsShown(page)).toStrictEqual([]);
    expect(await page.locator("section.rule:visible").count()).toBe(0);
    expect(await page.getByText("No findings match the filters.").isVisible()).toBe(true);
    expect(await shownCounts(page)).toStrictEqual({ error: 0, warning: 0, info: 0, waived: 0, all: 0 });
    await clear();
    expect(await page.getByText("No findings match the filters.").isVisible()).toBe(false);

    // Location: MI01 (#0, #3), RM01 (#4, #6), none (#1, #5), and the hostile one (#2).
    for (const [label, rows] of [
      ["MI01", [0, 3]],
      ["RM01", [4, 6]],
      ["(no location)", [1, 5]],
      [XSS.img, [2]],
    ] as const) {
      await page.selectOption("#filter-location", { label });
      expect(await rowsShown(page)).toStrictEqual(rows);
    }
    await clear();

    // Channel: a finding matches when any of its channels is the one chosen.
    for (const [label, rows] of [
      ["web", [0, 1, 5]],
      ["store", [0, 3, 4]],
      ["app", [1, 6]],
      [XSS.quotes, [2]],
    ] as const) {
      await page.selectOption("#filter-channel", { label });
      expect(await rowsShown(page)).toStrictEqual(rows);
    }
    await clear();

    await page.selectOption("#filter-waived", "yes");
    expect(await rowsShown(page)).toStrictEqual([5]);
    await page.selectOption("#filter-waived", "no");
    expect(await rowsShown(page)).toStrictEqual([0, 1, 2, 3, 4, 6]);
    await clear();

    // Enter in the search box must not submit (form-action 'none' would report a violation).
    await page.fill("#filter-sku", "A-2");
    await page.press("#filter-sku", "Enter");
    expect(await rowsShown(page)).toStrictEqual([4]);
    await expectQuiet(page, log);
    await page.close();
  });

  for (const variant of ["with its CSP", "with the CSP removed (escaping alone)"] as const) {
    it(`shows hostile values as text and runs none of them, ${variant}`, async () => {
      let html = formatHtml(testReport(), { title: `Nightly ${XSS.script}` });
      if (variant !== "with its CSP") {
        html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, "");
        expect(html).not.toContain("Content-Security-Policy");
      }
      const { page, log } = await openPage(browser(), html);
      expect(await page.getAttribute("html", "data-ready")).toBe("true");
      expect(await page.title()).toBe(`Nightly ${XSS.script} · 2026-11-20T09:00:00.000Z`);
      expect(await text(page, "h1")).toBe(`Nightly ${XSS.script}`);
      const cells = page.locator('tr[data-index="2"] > td');
      expect(await cells.nth(1).textContent()).toBe(XSS.script);
      expect(await cells.nth(2).textContent()).toBe(XSS.img);
      expect(await cells.nth(3).textContent()).toBe(XSS.quotes);
      expect(await cells.nth(4).textContent()).toContain(`${XSS.breakout} ${XSS.img}`);
      expect(await cells.nth(4).textContent()).toContain(`promotion ${XSS.svg}`);
      expect(await cells.nth(5).textContent()).toContain(`${XSS.script} = ${XSS.img}`);
      expect(await cells.nth(6).textContent()).toBe(`${XSS.breakout}:7`);
      expect(await text(page, 'tr[data-index="5"] > td:nth-child(8)')).toBe(
        `${XSS.img} · ticket ${XSS.quotes} · until 2026-12-31T23:00:00.000Z`,
      );
      expect(await text(page, "#rule-1-heading code")).toBe(EVIL_RULE);
      expect(await text(page, "#rule-1 .desc")).toBe(XSS.img);
      expect(await text(page, "#rule-1 .help")).toBe(XSS.breakout);
      expect(await text(page, "#rule-count-1 th")).toBe(EVIL_RULE);
      expect(await page.locator("#chart-rules text.row-label title").allTextContents()).toContain(`${EVIL_RULE}: 1 finding`);
      expect(await page.locator("#chart-locations text.row-label title").allTextContents()).toContain(`${XSS.img}: 1 finding`);
      expect(await page.locator("#filter-location option").allTextContents()).toContain(XSS.img);
      await page.hover('tr[data-index="2"]');
      await expectQuiet(page, log);
      await page.close();
    });
  }

  it("S18 shows bidi controls in a finding's text as visible escapes: none reorders what the page shows", async () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE would show "sale 99.00 is below 12.99" as "…99.21 woleb si 00.99 elas".
    const report = testReport();
    const message = "sale 99.00 is below \u202e12.99\u202c";
    const findings = report.findings.map((f, i) =>
      i === 0 ? { ...f, message, sku: "A-\u2066100", values: { ...f.values, written: "12.\u202e99" } } : f,
    );
    const html = formatHtml({ ...report, findings }, { title: "Nightly \u202eypoc" });
    // No raw bidi control anywhere in the file: the data carries them as JSON escapes.
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    const { page, log } = await openPage(browser(), html);
    expect(await text(page, "h1")).toBe("Nightly \\u202eypoc");
    const cells = page.locator('tr[data-index="0"] > td');
    expect(await cells.nth(1).textContent()).toBe("A-\\u2066100");
    expect(await cells.nth(4).textContent()).toContain("sale 99.00 is below \\u202e12.99\\u202c");
    expect(await cells.nth(5).textContent()).toContain("written = 12.\\u202e99");
    await expectQuiet(page, log);
    await page.close();
  });

  it("runs under its CSP: its script and style apply, and HTML string sinks are refused", async () => {
    const { page, log } = await openPage(browser(), formatHtml(testReport()));
    expect(await page.getAttribute("html", "data-ready")).toBe("true"); // the script's hash matched
    expect(await page.evaluate("getComputedStyle(document.querySelector('.sev-error')).backgroundColor")).toBe("rgb(255, 235, 233)"); // the style's did
    const sink = await page.evaluate(
      "(() => { try { document.body.innerHTML = '<b>x</b>'; return 'assigned'; } catch (e) { return e.name; } })()",
    );
    expect(sink).toBe("TypeError"); // Trusted Types: no string reaches innerHTML
    // The only violation is the one just provoked.
    expect(await log.violations()).toStrictEqual(["require-trusted-types-for trusted-types-sink"]);
    expect(log.console).toHaveLength(1);
    expect(log.console[0]).toMatch(/TrustedHTML/);
    await page.close();
  });

  it("shows every one of the demo's findings and the summary's counts", async () => {
    const report = await check(await loadConfig("fixtures/demo/pricelint.config.json"), { at: new Date("2026-11-20T00:30:00+01:00") });
    // fixtures/demo/expected.json lists the demo's findings, worked out by hand.
    const expected = (JSON.parse(readFileSync("fixtures/demo/expected.json", "utf8")) as { findings: unknown[] }).findings.length;
    expect(report.findings).toHaveLength(expected);
    const { page, log } = await openPage(browser(), formatHtml(report));
    expect((await rowsShown(page)).length).toBe(expected);
    const { error, warning, info, waived } = report.summary.findings;
    expect(await shownCounts(page)).toStrictEqual({ error, warning, info, waived, all: expected });
    for (const [k, n] of Object.entries({ error, warning, info, waived })) expect(await text(page, `[data-total="${k}"]`)).toBe(String(n));
    expect(await text(page, '[data-rows="read"]')).toBe(String(report.summary.rows.read));
    expect(await page.locator("#rule-counts tbody tr").count()).toBe(report.summary.rules);
    // Severity "warning" shows every warning, waived ones included (the summary counts those apart).
    await page.selectOption("#filter-severity", "warning");
    expect((await rowsShown(page)).length).toBe(report.findings.filter((f) => f.severity === "warning").length);
    expect((await rowsShown(page)).length).toBe(warning + report.findings.filter((f) => f.severity === "warning" && f.waived).length);
    await expectQuiet(page, log);
    await page.close();
  });
});
