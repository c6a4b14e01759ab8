/**
 * A report compared with a baseline, in the formats that read it last: the HTML page marks each
 * finding new or unchanged, gives the counts, filters by them and lists the absent findings;
 * JUnit fails only the testcases of new errors, the ones `--fail-on error` counts, so a CI
 * dashboard agrees with the exit code. Expected values are worked out here from the findings.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import type { BaselineFinding, Report, RuleInfo } from "../src/model/report.js";
import { formatHtml } from "../src/report/html.js";
import { formatJunit } from "../src/report/junit.js";
import { openPage, SKIP_BROWSER, suiteBrowser } from "./browser/chromium.js";
import { runCli } from "./helpers/run-cli.js";

const XSS = {
  script: "<script>window.__pwned='script';alert(1)</script>",
  img: `<img src=x onerror="window.__pwned='img';alert(1)">`,
  quotes: `"quotes' onmouseover='window.__pwned=1' x="`,
  breakout: "</script><!--<script>window.__pwned='breakout';alert(1)</script>",
} as const;

function finding(f: Pick<Finding, "id" | "rule" | "severity" | "sku" | "baseline"> & Partial<Finding>): Finding {
  return {
    location: null,
    channels: [],
    promotion: null,
    message: `${f.rule} fired for ${f.sku}`,
    values: {},
    interval: null,
    sources: [],
    waived: null,
    ...f,
  };
}

function rule(id: string, severity: RuleInfo["severity"]): RuleInfo {
  return { id, severity, scope: "offer", description: `${id} described`, help: null, origin: "built-in" };
}

const RULES = [rule("channel/web-vs-store", "warning"), rule("price/below-cost", "error"), rule("promo/overlap", "info")];

/**
 * Seven findings in report order (by rule, then sku), indexes 0–6, against a baseline:
 *
 * | # | rule                 | severity | sku | location | baseline  | waived |
 * |---|----------------------|----------|-----|----------|-----------|--------|
 * | 0 | channel/web-vs-store | warning  | A-1 |          | new       |        |
 * | 1 | channel/web-vs-store | warning  | A-2 |          | unchanged |        |
 * | 2 | price/below-cost     | error    | A-1 | MI01     | unchanged |        |
 * | 3 | price/below-cost     | error    | A-2 | MI01     | new       |        |
 * | 4 | price/below-cost     | error    | A-2 | RM01     | unchanged |        |
 * | 5 | price/below-cost     | error    | B-3 |          | new       | yes    |
 * | 6 | price/below-cost     | error    | C-4 |          | unchanged |        |
 *
 * New 3 (#0 #3 #5), unchanged 4; two baseline findings are absent. What `--fail-on error` counts:
 * new unwaived errors, so #3 alone.
 */
const FINDINGS: Finding[] = [
  finding({ id: "f0", rule: "channel/web-vs-store", severity: "warning", sku: "A-1", baseline: "new" }),
  finding({ id: "f1", rule: "channel/web-vs-store", severity: "warning", sku: "A-2", baseline: "unchanged" }),
  finding({
    id: "f2",
    rule: "price/below-cost",
    severity: "error",
    sku: "A-1",
    location: "MI01",
    channels: ["store"],
    baseline: "unchanged",
    message: "store 9.99 is below cost 10.50 at MI01",
  }),
  finding({
    id: "f3",
    rule: "price/below-cost",
    severity: "error",
    sku: "A-2",
    location: "MI01",
    channels: ["store"],
    baseline: "new",
    message: "store 4.00 is below cost 4.20 at MI01",
    sources: [{ file: "feeds/store.csv", line: 3 }],
  }),
  finding({
    id: "f4",
    rule: "price/below-cost",
    severity: "error",
    sku: "A-2",
    location: "RM01",
    channels: ["store"],
    baseline: "unchanged",
    message: "store 4.10 is below cost 4.20 at RM01",
  }),
  finding({
    id: "f5",
    rule: "price/below-cost",
    severity: "error",
    sku: "B-3",
    baseline: "new",
    waived: { reason: "launch pricing", ticket: null, until: "2026-12-31" },
  }),
  finding({ id: "f6", rule: "price/below-cost", severity: "error", sku: "C-4", baseline: "unchanged" }),
];

/** Gone since the baseline: one of hostile text, one whose severity pricelint does not know (read back from a file). */
const ABSENT: BaselineFinding[] = [
  {
    id: "g1",
    rule: `price/below-cost`,
    severity: "error",
    sku: XSS.script,
    location: XSS.img,
    channels: [XSS.quotes, "web"],
    message: XSS.breakout,
  },
  { id: "g2", rule: `evil/${XSS.script}`, severity: `bogus ${XSS.img}`, sku: null, location: null, channels: [], message: "gone" },
];

function compared(absent: BaselineFinding[] = ABSENT): Report {
  return {
    tool: { name: "pricelint", version: "0.1.0" },
    at: "2026-11-20T09:00:00.000Z",
    summary: {
      findings: { error: 4, warning: 2, info: 0, waived: 1 },
      rows: { read: 10, accepted: 10, rejected: 0 },
      feeds: [{ file: "feeds/store.csv", kind: "prices", read: 10, accepted: 10, rejected: 0 }],
      rules: RULES.length,
      baseline: { new: 3, unchanged: 4, absent: absent.length },
    },
    findings: FINDINGS,
    absent,
    rules: RULES,
  };
}

/** The same report with no baseline: no finding marked, no counts, no absent ones. */
function uncompared(): Report {
  const { absent: _, summary, ...report } = compared();
  const { baseline: _b, ...counts } = summary;
  return { ...report, summary: counts, findings: FINDINGS.map(({ baseline: _f, ...f }) => f) };
}

const DATA_OPEN = '<script type="application/json" id="pricelint-data">';

/** The text between `open` and the next `close`. */
function between(text: string, open: string, close: string): string {
  const start = text.indexOf(open);
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start + open.length, text.indexOf(close, start + open.length));
}

const countAttr = (html: string, attr: string, key: string) => Number(between(html, `${attr}="${key}">`, "<"));

describe("the HTML page with a baseline", () => {
  const html = formatHtml(compared());

  it("gives the counts against the baseline, and per rule how many findings are new", () => {
    expect(html).toContain("<caption>Against the baseline</caption>");
    expect([countAttr(html, "data-baseline", "new"), countAttr(html, "data-baseline", "unchanged")]).toStrictEqual([3, 4]);
    expect(countAttr(html, "data-baseline", "absent")).toBe(2);
    // Per rule, in id order: channel/web-vs-store #0; price/below-cost #3 #5; promo/overlap none.
    expect([0, 1, 2].map((i) => Number(between(html, `data-rule-new="${i}">`, "<")))).toStrictEqual([1, 2, 0]);
    expect(html).toContain("<code>--fail-on</code> counts only new findings that are not waived");
  });

  it("carries each finding's mark in the page's data", () => {
    const data = JSON.parse(between(html, DATA_OPEN, "</script>")) as { findings: { baseline?: string }[] };
    expect(data.findings.map((f) => f.baseline)).toStrictEqual(["new", "unchanged", "unchanged", "new", "unchanged", "new", "unchanged"]);
  });

  it("lists the absent findings, every value escaped, an unknown severity as text", () => {
    const section = between(html, '<section id="absent"', "</section>");
    expect(section).toContain('<h2 id="absent-heading">Absent since the baseline</h2>');
    expect(section).toContain("2 findings of the baseline that this run no longer has.");
    for (const payload of Object.values(XSS)) expect(html).not.toContain(payload);
    const rows = between(section, "<tbody>\n", "\n</tbody>").split("\n");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe(
      '<tr><td><code>price/below-cost</code></td><td><span class="sev sev-error">error</span></td>' +
        "<td>&lt;script&gt;window.__pwned=&#39;script&#39;;alert(1)&lt;/script&gt;</td>" +
        "<td>&lt;img src=x onerror=&quot;window.__pwned=&#39;img&#39;;alert(1)&quot;&gt;</td>" +
        "<td>&quot;quotes&#39; onmouseover=&#39;window.__pwned=1&#39; x=&quot;, web</td>" +
        "<td>&lt;/script&gt;&lt;!--&lt;script&gt;window.__pwned=&#39;breakout&#39;;alert(1)&lt;/script&gt;</td></tr>",
    );
    expect(rows[1]).toBe(
      "<tr><td><code>evil/&lt;script&gt;window.__pwned=&#39;script&#39;;alert(1)&lt;/script&gt;</code></td>" +
        "<td>bogus &lt;img src=x onerror=&quot;window.__pwned=&#39;img&#39;;alert(1)&quot;&gt;</td>" +
        '<td class="none">—</td><td class="none">—</td><td class="none">—</td><td>gone</td></tr>',
    );
  });

  it("lists the absent findings of each rule up to the page's limit, and says so", () => {
    const many = Array.from({ length: 3 }, (_, i): BaselineFinding => ({ ...ABSENT[0]!, id: `m${i}`, sku: `M-${i}` }));
    const page = formatHtml(compared([...many, ABSENT[1]!]), { maxPerRule: 2 });
    // price/below-cost: M-0 and M-1 of its three; the evil rule's one.
    const section = between(page, '<section id="absent"', "</section>");
    expect(between(section, "<tbody>\n", "\n</tbody>").split("\n")).toHaveLength(3);
    expect(section).toContain("This page lists the first 2 absent findings of each rule, 3 of 4;");
    expect(countAttr(page, "data-baseline", "absent")).toBe(4);
    expect(countAttr(page, "data-listed", "absent")).toBe(3);
  });

  it("says when nothing is absent", () => {
    expect(between(formatHtml(compared([])), '<section id="absent"', "</section>")).toContain(
      "None: every finding of the baseline is still here.",
    );
  });

  it("has none of it without a baseline", () => {
    const page = formatHtml(uncompared());
    for (const part of ["Against the baseline", 'id="filter-baseline"', 'id="absent"', "data-rule-new", "--fail-on"]) {
      expect(page).not.toContain(part);
    }
    expect(between(page, DATA_OPEN, "</script>")).not.toContain('"baseline"');
  });
});

describe.skipIf(SKIP_BROWSER)("the HTML page with a baseline, in Chromium", () => {
  const browser = suiteBrowser();
  const rowsShown = (page: Page): Promise<number[]> =>
    page.locator("#findings tbody tr:visible").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-index"))));
  const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim();
  const shownMarks = async (page: Page) => [
    Number(await text(page, '[data-shown="new"]')),
    Number(await text(page, '[data-shown="unchanged"]')),
  ];

  it("marks each finding new or unchanged, filters by the mark, and the counts follow", async () => {
    const { page, log } = await openPage(browser(), formatHtml(compared()));
    expect(await page.getAttribute("html", "data-ready")).toBe("true");
    const marks = await page
      .locator("#findings tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.querySelector("td")!.textContent!.split(" ").slice(1).join(" ")));
    // The severity cell: the severity, "waived" for #5, then the mark.
    expect(marks).toStrictEqual(["new", "unchanged", "unchanged", "new", "unchanged", "waived new", "unchanged"]);
    expect(await shownMarks(page)).toStrictEqual([3, 4]);

    await page.selectOption("#filter-baseline", "new");
    expect(await rowsShown(page)).toStrictEqual([0, 3, 5]);
    expect(await shownMarks(page)).toStrictEqual([3, 0]);
    expect(await text(page, "#status")).toBe("Showing 3 of 7 findings — new only");
    // New and not waived: what --fail-on counts, #3 (an error) and #0 (a warning).
    await page.selectOption("#filter-waived", "no");
    expect(await rowsShown(page)).toStrictEqual([0, 3]);
    await page.selectOption("#filter-baseline", "unchanged");
    expect(await rowsShown(page)).toStrictEqual([1, 2, 4, 6]);
    expect(await shownMarks(page)).toStrictEqual([0, 4]);
    await page.click("#filter-clear");
    expect(await rowsShown(page)).toStrictEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await page.inputValue("#filter-baseline")).toBe("");

    // The absent findings, shown as text; none of their payloads ran.
    const absent = page.locator("#absent-findings tbody tr");
    expect(await absent.count()).toBe(2);
    expect(await absent.nth(0).locator("td").allTextContents()).toStrictEqual([
      "price/below-cost",
      "error",
      XSS.script,
      XSS.img,
      `${XSS.quotes}, web`,
      XSS.breakout,
    ]);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect([log.dialogs, log.requests, log.errors, log.console, await log.violations()]).toStrictEqual([[], [], [], [], []]);
    await page.close();
  });

  it("has no baseline filter without a baseline, and its filters work as before", async () => {
    const { page, log } = await openPage(browser(), formatHtml(uncompared()));
    expect(await page.locator("#filter-baseline").count()).toBe(0);
    await page.selectOption("#filter-severity", "warning");
    expect(await rowsShown(page)).toStrictEqual([0, 1]);
    await page.click("#filter-clear");
    expect(await rowsShown(page)).toStrictEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([log.errors, log.console]).toStrictEqual([[], []]);
    await page.close();
  });
});

interface Element {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: Element[];
  text: string;
}

/** The XML as a tree of elements (saxes checks it is well-formed). */
function parseXml(xml: string): Element {
  const parser = new SaxesParser();
  const stack: Element[] = [{ name: "", attrs: {}, children: [], text: "" }];
  parser.on("opentag", (tag) => {
    const e: Element = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: "" };
    stack.at(-1)!.children.push(e);
    stack.push(e);
  });
  parser.on("text", (t) => (stack.at(-1)!.text += t));
  parser.on("closetag", () => stack.pop());
  parser.write(xml).close();
  return stack[0]!.children[0]!;
}

const counts = (e: Element) => ["tests", "failures", "skipped"].map((k) => Number(e.attrs[k]));

describe("JUnit with a baseline", () => {
  it("fails only the testcases of new unwaived errors; an unchanged error skips its testcase, saying so", () => {
    const root = parseXml(formatJunit(compared()));
    // channel: skipped (warnings). price: A-1 skipped (#2 unchanged), A-2 fails (#3 new),
    // B-3 skipped (waived), C-4 skipped (unchanged). promo: one passing testcase.
    expect(counts(root)).toStrictEqual([7, 1, 5]);
    expect(root.children.map(counts)).toStrictEqual([
      [2, 0, 2],
      [4, 1, 3],
      [1, 0, 0],
    ]);
    const price = root.children[1]!.children;
    const child = (i: number) => price[i]!.children[0]!;
    expect(price.map((c) => [c.attrs["name"], c.children[0]!.name])).toStrictEqual([
      ["A-1", "skipped"],
      ["A-2", "failure"],
      ["B-3", "skipped"],
      ["C-4", "skipped"],
    ]);
    expect(child(0).attrs["message"]).toBe("error, unchanged since the baseline: store 9.99 is below cost 10.50 at MI01");
    expect(child(3).attrs["message"]).toBe("error, unchanged since the baseline: price/below-cost fired for C-4");
    expect(child(2).attrs["message"]).toBe("waived until 2026-12-31: launch pricing — price/below-cost fired for B-3");
    // The failure: the new error's message; the body lists both findings of A-2, each with its mark.
    expect(child(1).attrs["message"]).toBe("store 4.00 is below cost 4.20 at MI01");
    expect(child(1).text.split("\n")).toStrictEqual([
      "[error, new] MI01 store: store 4.00 is below cost 4.20 at MI01 [feeds/store.csv:3]",
      "[error, unchanged since the baseline] RM01 store: store 4.10 is below cost 4.20 at RM01",
    ]);
    const channel = root.children[0]!.children.map((c) => c.children[0]!.attrs["message"]);
    expect(channel).toStrictEqual([
      "warning, new: channel/web-vs-store fired for A-1",
      "warning, unchanged since the baseline: channel/web-vs-store fired for A-2",
    ]);
  });

  it("counts the new errors of a testcase as new", () => {
    const findings = FINDINGS.map((f) => (f.id === "f4" ? { ...f, baseline: "new" as const } : f));
    const failure = parseXml(formatJunit({ ...compared(), findings })).children[1]!.children[1]!.children[0]!;
    expect(failure.attrs["message"]).toBe("2 new errors: store 4.00 is below cost 4.20 at MI01; …");
  });

  it("agrees with the exit code of a nightly run: no failure when nothing is new, one when one error is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-report-baseline-"));
    const config = join(dir, "c.json");
    const prices = (rows: string) => writeFileSync(join(dir, "p.csv"), `sku,channel,price\n${rows}`);
    writeFileSync(config, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["price/non-positive"] }));
    const check = (...args: string[]) => runCli(["check", "--config", config, "--no-progress", "--at", "2026-11-20T00:00:00Z", ...args]);
    const [base, xml, page] = [join(dir, "base.json"), join(dir, "r.xml"), join(dir, "r.html")];
    prices("A,web,0\nB,web,1.00\n");
    expect((await check("--format", `json:${base}`)).code).toBe(1);

    // The same feeds again: A's error is unchanged, the run passes, and no testcase fails.
    const same = await check("--baseline", base, "--format", `junit:${xml}`, "--format", `html:${page}`);
    expect(same.code).toBe(0);
    const none = parseXml(readFileSync(xml, "utf8"));
    expect(counts(none)[1]).toBe(0);
    const a = none.children.flatMap((s) => s.children).find((c) => c.attrs["name"] === "A")!;
    expect(a.children[0]!.name).toBe("skipped");
    expect(a.children[0]!.attrs["message"]).toMatch(/^error, unchanged since the baseline: /);
    const html = readFileSync(page, "utf8");
    expect([countAttr(html, "data-baseline", "new"), countAttr(html, "data-baseline", "unchanged")]).toStrictEqual([0, 1]);

    // B drops to 0 too: one new error; the run fails, and B's testcase is the one failure.
    prices("A,web,0\nB,web,0\n");
    const worse = await check("--baseline", base, "--format", `junit:${xml}`, "--format", `html:${page}`);
    expect(worse.code).toBe(1);
    const one = parseXml(readFileSync(xml, "utf8"));
    expect(counts(one)[1]).toBe(1);
    const failing = one.children.flatMap((s) => s.children).filter((c) => c.children.some((x) => x.name === "failure"));
    expect(failing.map((c) => c.attrs["name"])).toStrictEqual(["B"]);
    const marked = readFileSync(page, "utf8");
    expect([countAttr(marked, "data-baseline", "new"), countAttr(marked, "data-baseline", "unchanged")]).toStrictEqual([1, 1]);
  });

  it("fails the testcases --fail-on counts: none with never, though the findings are errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-report-failon-"));
    const config = join(dir, "c.json");
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nA,web,0\n");
    writeFileSync(config, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["price/non-positive"] }));
    const xml = join(dir, "r.xml");
    const run = await runCli([
      "check",
      "--config",
      config,
      "--no-progress",
      "--at",
      "2026-11-20T00:00:00Z",
      "--fail-on",
      "never",
      "--format",
      `junit:${xml}`,
    ]);
    expect(run.code).toBe(0);
    expect(counts(parseXml(readFileSync(xml, "utf8")))[1]).toBe(0);
  });
});
