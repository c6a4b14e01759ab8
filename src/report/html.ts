import { checkReportInput } from "./report-input.js";
import { SEVERITIES, type Finding, type FindingValue, type Severity } from "../model/finding.js";
import { COUNT_KEYS, noFindings, type BaselineFinding, type Report, type ReportToWrite, type RuleInfo } from "../model/report.js";
import { firstOfEachRule, hasOutlines } from "../findings/finding-outline.js";
import { formatExplanation } from "./condition-tree.js";
import { compareNullableText, compareText } from "../text/compare.js";
import { unicodeEscape } from "../text/terminal.js";
import { ChartCounts, type ChartGrid, type Timeline } from "./chart-counts.js";
import { locationChart } from "./chart-locations.js";
import { ruleChart } from "./chart-rules.js";
import { timelineChart } from "./chart-timeline.js";
import { escapeHtml } from "./svg-text.js";
import { pageHead, pagePolicy } from "./page.js";

export { escapeHtml };

/** Options of the HTML report. */
export interface HtmlOptions {
  /** The page's heading and `<title>`; default `pricelint report`. */
  readonly title?: string;
  /**
   * Findings of each rule the page holds, the first in report order; the counts cover them all,
   * and the page says how many more the JSON report has. Default {@link HTML_MAX_PER_RULE}.
   */
  readonly maxPerRule?: number;
}

/**
 * Findings of one rule an HTML page holds by default: a page of a million findings would be
 * gigabytes that no browser opens, so each rule shows its first thousand (a page of 40 busy
 * rules stays near 40,000 rows) and the JSON report has every one.
 */
export const HTML_MAX_PER_RULE = 1000;

/**
 * One self-contained HTML page for the pricing team (summary, counts per rule, filterable
 * findings); same report, same bytes. With a baseline, as the other formats: each finding marked
 * new or unchanged, the counts, a filter for them, and the baseline's findings that are gone.
 */
export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  checkReportInput(report, "formatHtml", true);
  return [...htmlChunks(report, options)].join("");
}

/**
 * The HTML page in pieces (see {@link formatHtml}): a first pass over the findings' outlines
 * counts them per rule and for the charts, and gathers the locations and channels of those the
 * page holds; a second writes the held findings into the page's data one by one. A check's
 * findings give their outlines and each rule's first findings without building the others (see
 * findings/finding-outline.ts); findings marked against a baseline are read as they are, their
 * outlines having no mark. Memory stays with the rules and the held findings' filters.
 */
export function* htmlChunks(report: ReportToWrite, options: HtmlOptions = {}): Generator<string> {
  const title = options.title ?? "pricelint report";
  const cap =
    options.maxPerRule === undefined || Number.isNaN(options.maxPerRule) ? HTML_MAX_PER_RULE : Math.max(0, Math.floor(options.maxPerRule));
  // First pass: per rule, its findings, waived ones and new ones; the locations and channels of the findings the page holds.
  const perRuleCount = new Map<string, { count: number; waived: number; new: number }>();
  const shown = noFindings();
  const locationSet = new Set<string | null>();
  const channelSet = new Set<string>();
  const charts = new ChartCounts(report.window);
  const heldMarks = { new: 0, unchanged: 0 };
  let total = 0;
  const counted: Iterable<Counted> = hasOutlines(report.findings) ? report.findings.outlines() : report.findings;
  for (const f of counted) {
    charts.add(f);
    let c = perRuleCount.get(f.rule);
    if (!c) perRuleCount.set(f.rule, (c = { count: 0, waived: 0, new: 0 }));
    if (c.count < cap) {
      locationSet.add(f.location);
      for (const ch of f.channels) channelSet.add(ch);
      if (f.baseline !== undefined) heldMarks[f.baseline]++;
      // What the page's script shows with no filter: the findings it holds (it counts them again as it filters).
      shown[f.waived ? "waived" : f.severity]++;
    }
    c.count++;
    if (f.waived) c.waived++;
    if (f.baseline === "new") c.new++;
    total++;
  }
  const rules = ruleRows(report.rules, perRuleCount.keys());
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const held = rules.reduce((n, r) => n + Math.min(cap, perRuleCount.get(r.id)?.count ?? 0), 0);
  const { findings: counts, rows, feeds, baseline } = report.summary;

  const severityRows = COUNT_KEYS.map(
    (key) =>
      `<tr><th scope="row"><span class="sev sev-${key}">${key}</span></th>` +
      `<td class="num" data-total="${key}">${counts[key]}</td><td class="num" data-shown="${key}">${shown[key]}</td></tr>`,
  ).join("\n");
  const feedRows = feeds
    .map(
      (feed) =>
        `<tr><th scope="row">${esc(feed.file)}</th><td>${esc(feed.kind)}</td>` +
        `<td class="num">${feed.read}</td><td class="num">${feed.accepted}</td><td class="num">${feed.rejected}</td></tr>`,
    )
    .join("\n");
  const ruleCountRows = rules
    .map((r, i) => {
      const { count, waived, new: fresh } = perRuleCount.get(r.id) ?? { count: 0, waived: 0, new: 0 };
      const id = count > 0 ? `<a href="#rule-${i}"><code>${esc(r.id)}</code></a>` : `<code>${esc(r.id)}</code>`;
      return (
        `<tr id="rule-count-${i}"${count === 0 ? ` class="quiet"` : ""}><th scope="row">${id}</th>` +
        `<td>${r.severity === null ? "—" : `<span class="sev sev-${esc(r.severity)}">${esc(r.severity)}</span>`}</td>` +
        `<td>${esc(r.scope ?? "—")}</td><td>${esc(r.description ?? "—")}</td><td>${esc(r.origin ?? "—")}</td>` +
        `<td class="num">${count}</td><td class="num">${waived}</td>${baseline ? `<td class="num" data-rule-new="${i}">${fresh}</td>` : ""}` +
        `<td class="num" data-rule-shown="${i}">${Math.min(count, cap)}</td></tr>`
      );
    })
    .join("\n");
  const capped = held < total;
  // With a baseline: its counts, a note on what --fail-on counts, the filter for new findings and the absent ones.
  const listed = baseline ? listedAbsent(report.absent ?? [], cap) : [];
  const against = baseline
    ? {
        counts: `${baselineCounts(baseline, heldMarks, listed.length)}\n`,
        note: `<p class="note" id="baseline-note">Compared with a baseline, an earlier report: each finding is new or unchanged since then, and <code>--fail-on</code> counts only new findings that are not waived.</p>\n`,
        filter: `<div><label for="filter-baseline">Baseline</label><select id="filter-baseline"><option value="">New or unchanged</option><option value="new">New only</option><option value="unchanged">Unchanged only</option></select></div>\n`,
        absent: `${absentSection(listed, report.absent?.length ?? 0, cap)}\n`,
      }
    : { counts: "", note: "", filter: "", absent: "" };

  // What was checked, as the table and Markdown say it: one instant, or a window.
  const time = (at: string) => `<time datetime="${esc(at)}">${esc(at)}</time>`;
  const when = report.window ? `from ${report.window.from} to ${report.window.to}` : report.at;
  const checked = report.window ? `from ${time(report.window.from)} to ${time(report.window.to)}` : `at ${time(report.at)}`;
  yield `${pageHead({ policy: CSP, generator: `${report.tool.name} ${report.tool.version}`, title: `${title} · ${when}`, style: STYLE })}
<header>
<h1>${esc(title)}</h1>
<p class="meta">Checked ${checked} · ${esc(report.tool.name)} ${esc(report.tool.version)} · ${report.summary.rules} rule${report.summary.rules === 1 ? "" : "s"} ran</p>
</header>
<main>
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<div class="cards">
<table class="counts">
<caption>Findings by severity</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Findings</th><th scope="col">Shown</th></tr></thead>
<tbody>
${severityRows}
</tbody>
<tfoot><tr><th scope="row">all</th><td class="num" data-total="all">${total}</td><td class="num" data-shown="all">${capped ? held : total}</td></tr></tfoot>
</table>
<table class="counts">
<caption>Rows per feed</caption>
<thead><tr><th scope="col">Feed</th><th scope="col">Kind</th><th scope="col">Read</th><th scope="col">Accepted</th><th scope="col">Rejected</th></tr></thead>
<tbody>
${feedRows}
</tbody>
<tfoot><tr><th scope="row" colspan="2">all feeds</th><td class="num" data-rows="read">${rows.read}</td><td class="num" data-rows="accepted">${rows.accepted}</td><td class="num" data-rows="rejected">${rows.rejected}</td></tr></tfoot>
</table>
${against.counts}</div>
<p class="note">Waived findings are counted as waived, not under their severity.</p>
${against.note}${capped ? `<p class="note" id="held">This page holds the first ${cap} findings of each rule, ${held} of ${total}; the JSON report (<code>--format json</code>) has every one.</p>\n` : ""}</section>
${chartSection(charts)}
<section aria-labelledby="rules-heading">
<h2 id="rules-heading">Findings per rule</h2>
<div class="scroll" tabindex="0" role="region" aria-labelledby="rules-heading">
<table id="rule-counts">
<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Scope</th><th scope="col">Description</th><th scope="col">Origin</th><th scope="col">Findings</th><th scope="col">Waived</th>${baseline ? `<th scope="col">New</th>` : ""}<th scope="col">Shown</th></tr></thead>
<tbody>
${ruleCountRows}
</tbody>
</table>
</div>
</section>
<section aria-labelledby="findings-heading">
<h2 id="findings-heading">Findings</h2>
<form id="filters" role="search" aria-label="Filter findings" hidden>
<div><label for="filter-rule">Rule</label><select id="filter-rule"><option value="">All rules</option></select></div>
<div><label for="filter-severity">Severity</label><select id="filter-severity"><option value="">All severities</option><option value="error">error</option><option value="warning">warning</option><option value="info">info</option></select></div>
<div><label for="filter-sku">SKU contains</label><input id="filter-sku" type="search" autocomplete="off" spellcheck="false"></div>
<div><label for="filter-location">Location</label><select id="filter-location"><option value="">All locations</option></select></div>
<div><label for="filter-channel">Channel</label><select id="filter-channel"><option value="">All channels</option></select></div>
<div><label for="filter-waived">Waived</label><select id="filter-waived"><option value="">Waived or not</option><option value="no">Not waived</option><option value="yes">Waived only</option></select></div>
${against.filter}<div><button type="button" id="filter-clear">Clear filters</button></div>
</form>
<p id="status" role="status" aria-live="polite">${total} finding${total === 1 ? "" : "s"}</p>
<noscript><p>The findings tables and their filters are built by this page's script; with scripts off, use <code>--format table</code> or <code>--format markdown</code>.</p></noscript>
<div id="findings"></div>
</section>
${against.absent}</main>
<script type="application/json" id="pricelint-data">`;
  // The page's data, as scriptJson of { rules, findings, locations, channels } would write it, a finding at a time.
  const ruleData = rules.map(({ id, severity, description, help }) => {
    const count = perRuleCount.get(id)?.count ?? 0;
    return { id, severity, description, help, ...(count > cap ? { total: count } : {}) };
  });
  yield `${scriptJson({ rules: ruleData }).slice(0, -1)},"findings":[`;
  let first = true;
  for (const f of firstOfEachRule(report.findings, cap)) {
    yield `${first ? "" : ","}${scriptJson(pageFinding(f, ruleIndex.get(f.rule) ?? 0))}`;
    first = false;
  }
  const tail = {
    locations: [...locationSet].sort(compareNullableText),
    channels: [...channelSet].sort(compareText),
    ...(capped ? { total } : {}),
  };
  yield `],${scriptJson(tail).slice(1)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The charts, drawn as inline SVG from counts over every finding, each followed by its numbers
 * as a table: findings by rule and channel, by location and channel, and with a window, the window's timeline.
 */
function chartSection(charts: ChartCounts): string {
  const head = `<section aria-labelledby="charts-heading">\n<h2 id="charts-heading">Charts</h2>\n`;
  if (charts.total === 0) return `${head}<p class="none">No findings to chart.</p>\n</section>`;
  const columns = charts.columns();
  const rules = charts.ruleGrid(undefined, columns);
  const locations = charts.locationGrid(undefined, columns);
  const timeline = charts.timeline();
  const note = `<p class="note">Counted over every finding, waived ones included, not only those this page holds. A finding with several channels counts under each of them; the "all" column counts it once.</p>`;
  return [
    head + note,
    figure("rules", "Findings by rule and channel", ruleChart(rules, charts.total), gridTable(rules, "Rule")),
    figure("locations", "Findings by location and channel", locationChart(locations), gridTable(locations, "Location")),
    ...(timeline ? [figure("timeline", "Findings over the window (UTC)", timelineChart(timeline), timelineTable(timeline))] : []),
    "</section>",
  ].join("\n");
}

function figure(id: string, caption: string, svg: string, table: string): string {
  return (
    `<figure class="chart-figure" id="figure-${id}">\n<figcaption>${esc(caption)}</figcaption>\n<div class="scroll">\n${svg}\n</div>\n` +
    `<details class="chart-data"><summary>The numbers</summary>\n<div class="scroll">\n${table}\n</div>\n</details>\n</figure>`
  );
}

function gridTable(grid: ChartGrid, what: string): string {
  const head = [what, ...grid.columns.map((c) => c.label), "all"].map((h) => `<th scope="col">${esc(h)}</th>`).join("");
  const body = grid.rows
    .map(
      (r) =>
        `<tr><th scope="row">${r.kind === "rule" || r.kind === "location" ? `<code>${esc(r.label)}</code>` : esc(r.label)}</th>` +
        `${r.counts.map((n) => `<td class="num">${n}</td>`).join("")}<td class="num">${r.total}</td></tr>`,
    )
    .join("\n");
  return `<table class="chart-table"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

function timelineTable(t: Timeline): string {
  const body = t.lanes
    .map((l) => {
      const first = l.segments[0];
      const last = l.segments.at(-1);
      const most = l.segments.reduce((m, s) => Math.max(m, s.open), 0);
      const at = (ms: number | undefined) => (ms === undefined ? "—" : new Date(ms).toISOString());
      return (
        `<tr><th scope="row">${l.kind === "rule" ? `<code>${esc(l.label)}</code>` : esc(l.label)}</th><td class="num">${l.total}</td>` +
        `<td>${at(first?.from)}</td><td>${at(last?.to)}</td><td class="num">${most}</td></tr>`
      );
    })
    .join("\n");
  return (
    `<table class="chart-table"><thead><tr><th scope="col">Rule</th><th scope="col">Findings</th><th scope="col">First open</th>` +
    `<th scope="col">Last open until</th><th scope="col">Most open at once</th></tr></thead>\n<tbody>\n${body}\n</tbody></table>`
  );
}

/**
 * The counts against the baseline, as the table and Markdown give them: new and unchanged (with
 * how many of them the filters show) and absent (with how many the page lists).
 */
function baselineCounts(counts: NonNullable<Report["summary"]["baseline"]>, held: Readonly<Record<Mark, number>>, listed: number): string {
  const row = (mark: Mark) =>
    `<tr><th scope="row"><span class="sev mark-${mark}">${mark}</span></th>` +
    `<td class="num" data-baseline="${mark}">${counts[mark]}</td><td class="num" data-shown="${mark}">${held[mark]}</td></tr>`;
  return `<table class="counts" id="baseline-counts">
<caption>Against the baseline</caption>
<thead><tr><th scope="col">Findings</th><th scope="col">Count</th><th scope="col">Shown</th></tr></thead>
<tbody>
${row("new")}
${row("unchanged")}
<tr><th scope="row"><a href="#absent">absent</a></th><td class="num" data-baseline="absent">${counts.absent}</td><td class="num" data-listed="absent">${listed}</td></tr>
</tbody>
</table>`;
}

/** The absent findings the page lists: the first `cap` of each rule, in the baseline's order, as it holds the findings. */
function listedAbsent(absent: readonly BaselineFinding[], cap: number): BaselineFinding[] {
  const taken = new Map<string, number>();
  return absent.filter((a) => {
    const n = taken.get(a.rule) ?? 0;
    taken.set(a.rule, n + 1);
    return n < cap;
  });
}

/** The baseline's findings that this run no longer has (`total`, of which `listed`), as a table written with the page: they have no filters. */
function absentSection(listed: readonly BaselineFinding[], total: number, cap: number): string {
  const head = `<section id="absent" aria-labelledby="absent-heading">\n<h2 id="absent-heading">Absent since the baseline</h2>\n`;
  if (total === 0) return `${head}<p class="none">None: every finding of the baseline is still here.</p>\n</section>`;
  const text = (value: string) => (value === "" ? `<td class="none">—</td>` : `<td>${esc(value)}</td>`);
  const rows = listed
    .map((a) => {
      // Read back from a file: a severity pricelint does not know is shown as text, never as a class name.
      const severity = (SEVERITIES as readonly string[]).includes(a.severity)
        ? `<span class="sev sev-${a.severity}">${a.severity}</span>`
        : esc(a.severity);
      const waived = a.waived !== undefined && a.waived !== null && a.waived !== false ? ` <span class="sev sev-waived">waived</span>` : "";
      return (
        `<tr><td><code>${esc(a.rule)}</code></td><td>${severity}${waived}</td>${text(a.sku ?? "")}${text(a.location ?? "")}` +
        `${text(a.channels.join(", "))}${text(a.message)}</tr>`
      );
    })
    .join("\n");
  const capped =
    listed.length < total
      ? `<p class="note" id="absent-held">This page lists the first ${cap} absent findings of each rule, ${listed.length} of ${total}; the JSON report (<code>--format json</code>) has every one.</p>\n`
      : "";
  return (
    `${head}<p class="note">${total} finding${total === 1 ? "" : "s"} of the baseline that this run no longer has.</p>\n${capped}` +
    `<div class="scroll" tabindex="0" role="region" aria-labelledby="absent-heading">\n<table id="absent-findings">\n` +
    `<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">SKU</th><th scope="col">Location</th>` +
    `<th scope="col">Channels</th><th scope="col">Message</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>\n</div>\n</section>`
  );
}

/** What a finding is against a baseline. */
type Mark = NonNullable<Finding["baseline"]>;

/** What the first pass reads of a finding, or of its outline (which a check's findings give without being built). */
type Counted = Pick<Finding, "rule" | "severity" | "location" | "channels" | "interval" | "baseline"> & { readonly waived: unknown };

interface RuleRow {
  readonly id: string;
  readonly severity: Severity | null;
  readonly scope: string | null;
  readonly description: string | null;
  readonly help: string | null;
  readonly origin: string | null;
}

/**
 * A finding as the page's script reads it: its rule by index, and its values, sources, waiver and
 * explanation as text; with a baseline, whether it is new (JSON leaves the member out without one).
 */
interface PageFinding extends Pick<Finding, "severity" | "sku" | "location" | "channels" | "promotion" | "message" | "interval"> {
  readonly rule: number;
  readonly values: readonly (readonly [string, string])[];
  readonly sources: readonly string[];
  readonly waived: string | null;
  readonly explanation: readonly string[] | null;
  readonly baseline: Mark | undefined;
}

/** The rules that ran and any rule a finding names that is not among them, by id in UTF-16 code-unit order. */
function ruleRows(ran: readonly RuleInfo[], named: Iterable<string>): RuleRow[] {
  const byId = new Map<string, RuleInfo>();
  for (const r of ran) byId.set(r.id, r);
  const ids = new Set<string>([...byId.keys(), ...named]);
  return [...ids].sort(compareText).map((id) => {
    const r = byId.get(id);
    return r
      ? { id, severity: r.severity, scope: r.scope, description: r.description, help: r.help, origin: r.origin }
      : { id, severity: null, scope: null, description: null, help: null, origin: null };
  });
}

function pageFinding(f: Finding, rule: number): PageFinding {
  const w = f.waived;
  return {
    rule,
    severity: f.severity,
    sku: f.sku,
    location: f.location,
    channels: f.channels,
    promotion: f.promotion,
    message: f.message,
    values: Object.entries(f.values).map(([k, v]) => [k, showValue(v)] as const),
    interval: f.interval,
    sources: f.sources.map((s) => `${s.file}:${s.line}`),
    waived: w
      ? [w.reason, w.ticket === null ? null : `ticket ${w.ticket}`, `until ${w.until}`].filter((s) => s !== null).join(" · ")
      : null,
    explanation: f.explanation ? formatExplanation(f.explanation, "") : null,
    baseline: f.baseline,
  };
}

function showValue(value: FindingValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

const esc = escapeHtml;

/**
 * JSON for a `<script type="application/json">` block: no `<`, `>` or `&` in it, so no value can
 * close or comment out the block; bidi controls as JSON escapes too, so the file holds none raw.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, unicodeEscape);
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--head:#f6f8fa;--error:#a40e26;--error-bg:#ffebe9;--warning:#7d4e00;--warning-bg:#fff8c5;--info:#0a3069;--info-bg:#ddf4ff;--waived:#57606a;--waived-bg:#eaeef2;--new:#6639ba;--new-bg:#fbefff}
*{box-sizing:border-box}
body{margin:0 auto;max-width:110rem;padding:1rem 1.5rem 3rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.6rem;margin:.5rem 0 .25rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.05rem;margin:1.75rem 0 .25rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{margin:.25rem 0 0;white-space:pre-wrap}
a{color:#0550ae}
.meta,.note,.desc,.help,.rule-shown,.sub{color:var(--muted)}
.note{font-size:.9em}
.desc,.help{margin:.15rem 0}
.cards{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
table{border-collapse:collapse;margin:.25rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--head)}
tfoot th,tfoot td{font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.quiet{color:var(--muted)}
.scroll{overflow-x:auto}
.findings-table{width:100%;min-width:60rem;table-layout:fixed}
.findings-table td{overflow-wrap:anywhere}
.findings-table th:nth-child(1){width:8%}
.findings-table th:nth-child(2),.findings-table th:nth-child(4){width:8%}
.findings-table th:nth-child(3){width:7%}
.findings-table th:nth-child(6){width:17%}
.findings-table th:nth-child(7){width:14%}
.findings-table th:nth-child(8){width:11%}
#rule-counts td:nth-child(2),#rule-counts td:nth-child(3),#rule-counts td:nth-child(5){white-space:nowrap}
.sev{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-size:.85em;font-weight:600;white-space:nowrap}
.sev-error{color:var(--error);background:var(--error-bg)}
.sev-warning{color:var(--warning);background:var(--warning-bg)}
.sev-info{color:var(--info);background:var(--info-bg)}
.sev-waived{color:var(--waived);background:var(--waived-bg)}
.mark-new{color:var(--new);background:var(--new-bg);border:1px solid currentColor}
.mark-unchanged{color:var(--waived);background:var(--waived-bg)}
tr.is-waived td{color:var(--muted)}
tr.is-new td:first-child{box-shadow:inset 3px 0 0 var(--new)}
.none{color:var(--muted)}
ul.plain{list-style:none;margin:0;padding:0}
.kv code{font-weight:600}
.sub{font-size:.88em;margin-top:.2rem}
#filters{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:flex-end;padding:.75rem;background:var(--head);border:1px solid var(--line);border-radius:.4rem}
#filters[hidden]{display:none}
#filters label{display:block;font-size:.85em;font-weight:600;margin-bottom:.15rem}
#filters select,#filters input,#filters button{font:inherit;padding:.2rem .35rem}
#status{font-weight:600}
.chart-figure{margin:1rem 0 1.5rem}
.chart-figure figcaption{font-weight:600;margin-bottom:.25rem}
svg.chart{display:block;max-width:100%;height:auto}
.chart-data summary{cursor:pointer;color:var(--muted);font-size:.9em}
.chart-table{font-size:.9em}
:focus-visible{outline:2px solid #0969da;outline-offset:2px}
@media print{
body{max-width:none;padding:0;font-size:10pt}
#filters,noscript{display:none}
a{color:inherit;text-decoration:none}
.scroll{overflow:visible}
.findings-table{table-layout:auto;min-width:0;font-size:8.5pt}
.findings-table th:nth-child(n){width:auto}
.findings-table td{overflow-wrap:break-word}
th,td{padding:.2rem .3rem}
thead{display:table-header-group}
tr{break-inside:avoid}
h2,h3{break-after:avoid}
.sev{border:1px solid currentColor}
}
`;

const SCRIPT = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pricelint-data").textContent);
  var rules = data.rules, findings = data.findings, locations = data.locations, channels = data.channels;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var name in attrs) if (Object.prototype.hasOwnProperty.call(attrs, name)) node.setAttribute(name, attrs[name]);
    if (text !== undefined && text !== null) node.textContent = visible(String(text));
    return node;
  }
  // Bidi controls as visible escapes, as the page's own text has them: none reorders what is shown.
  function visible(text) {
    return text.replace(/[\\u202a-\\u202e\\u2066-\\u2069]/g, function (c) { return "\\\\u" + c.charCodeAt(0).toString(16); });
  }
  function cell(text) {
    return text === null || text === "" ? el("td", { "class": "none" }, "\\u2014") : el("td", null, text);
  }
  function list(items) {
    var td = el("td");
    if (items.length === 0) { td.className = "none"; td.textContent = "\\u2014"; return td; }
    var ul = el("ul", { "class": "plain" });
    items.forEach(function (item) { ul.appendChild(el("li", null, item)); });
    td.appendChild(ul);
    return td;
  }
  function bucket(f) { return f.waived === null ? f.severity : "waived"; }

  var byRule = rules.map(function () { return []; });
  findings.forEach(function (f, i) { byRule[f.rule].push(i); });

  var container = document.getElementById("findings");
  var rowOf = [], sections = [];
  var COLUMNS = ["Severity", "SKU", "Location", "Channels", "Message", "Values", "Sources", "Waived"];
  rules.forEach(function (rule, r) {
    if (byRule[r].length === 0) { sections.push(null); return; }
    var section = el("section", { "class": "rule", "id": "rule-" + r, "aria-labelledby": "rule-" + r + "-heading" });
    var h3 = el("h3", { "id": "rule-" + r + "-heading" });
    h3.appendChild(el("code", null, rule.id));
    if (rule.severity !== null) { h3.appendChild(document.createTextNode(" ")); h3.appendChild(el("span", { "class": "sev sev-" + rule.severity }, rule.severity)); }
    section.appendChild(h3);
    if (rule.description !== null) section.appendChild(el("p", { "class": "desc" }, rule.description));
    if (rule.help !== null) section.appendChild(el("p", { "class": "help" }, rule.help));
    var shown = el("p", { "class": "rule-shown" });
    section.appendChild(shown);
    var wrap = el("div", { "class": "scroll", "tabindex": "0", "role": "region", "aria-labelledby": "rule-" + r + "-heading" });
    var table = el("table", { "class": "findings-table" });
    var headRow = el("tr");
    COLUMNS.forEach(function (c) { headRow.appendChild(el("th", { "scope": "col" }, c)); });
    var thead = el("thead"); thead.appendChild(headRow); table.appendChild(thead);
    var tbody = el("tbody");
    byRule[r].forEach(function (i) {
      var f = findings[i];
      var tr = el("tr", { "data-index": String(i) });
      if (f.waived !== null) tr.className = "is-waived";
      var sev = el("td");
      sev.appendChild(el("span", { "class": "sev sev-" + f.severity }, f.severity));
      if (f.waived !== null) { sev.appendChild(document.createTextNode(" ")); sev.appendChild(el("span", { "class": "sev sev-waived" }, "waived")); }
      if (f.baseline !== undefined) { sev.appendChild(document.createTextNode(" ")); sev.appendChild(el("span", { "class": "sev mark-" + f.baseline }, f.baseline)); }
      if (f.baseline === "new") tr.classList.add("is-new");
      tr.appendChild(sev);
      tr.appendChild(cell(f.sku));
      tr.appendChild(cell(f.location));
      tr.appendChild(cell(f.channels.join(", ")));
      var message = el("td", { "class": "message" }, f.message);
      if (f.promotion !== null) message.appendChild(el("div", { "class": "sub" }, "promotion " + f.promotion));
      if (f.interval !== null) message.appendChild(el("div", { "class": "sub" }, f.interval.from + " \\u2192 " + f.interval.to));
      if (f.explanation !== null) {
        var details = el("details");
        details.appendChild(el("summary", null, "Why it fired"));
        details.appendChild(el("pre", null, f.explanation.join("\\n")));
        message.appendChild(details);
      }
      tr.appendChild(message);
      var values = el("td", { "class": "kv" });
      if (f.values.length === 0) { values.className = "none"; values.textContent = "\\u2014"; }
      else {
        var ul = el("ul", { "class": "plain" });
        f.values.forEach(function (kv) {
          var li = el("li");
          li.appendChild(el("code", null, kv[0]));
          li.appendChild(document.createTextNode(visible(" = " + kv[1])));
          ul.appendChild(li);
        });
        values.appendChild(ul);
      }
      tr.appendChild(values);
      tr.appendChild(list(f.sources));
      tr.appendChild(cell(f.waived));
      tbody.appendChild(tr);
      rowOf[i] = tr;
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    section.appendChild(wrap);
    container.appendChild(section);
    sections.push({ node: section, shown: shown });
  });
  var empty = el("p", { "class": "none", "hidden": "" }, "No findings match the filters.");
  container.appendChild(empty);

  var form = document.getElementById("filters");
  var controls = {
    rule: document.getElementById("filter-rule"),
    severity: document.getElementById("filter-severity"),
    sku: document.getElementById("filter-sku"),
    location: document.getElementById("filter-location"),
    channel: document.getElementById("filter-channel"),
    waived: document.getElementById("filter-waived"),
    baseline: document.getElementById("filter-baseline")
  };
  // The selects: the baseline's only when the report was compared with one.
  var selects = ["rule", "severity", "location", "channel", "waived"].concat(controls.baseline === null ? [] : ["baseline"]);
  rules.forEach(function (rule, r) {
    if (byRule[r].length > 0) controls.rule.appendChild(el("option", { "value": String(r) }, rule.id + " (" + byRule[r].length + ")"));
  });
  locations.forEach(function (loc, i) { controls.location.appendChild(el("option", { "value": String(i) }, loc === null ? "(no location)" : loc)); });
  channels.forEach(function (ch, i) { controls.channel.appendChild(el("option", { "value": String(i) }, ch)); });

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function selectedText(select) { return select.options[select.selectedIndex].textContent; }

  function apply() {
    var rule = controls.rule.value === "" ? null : Number(controls.rule.value);
    var severity = controls.severity.value;
    var sku = controls.sku.value.trim().toLowerCase();
    var location = controls.location.value === "" ? undefined : locations[Number(controls.location.value)];
    var channel = controls.channel.value === "" ? null : channels[Number(controls.channel.value)];
    var waived = controls.waived.value;
    var mark = controls.baseline === null ? "" : controls.baseline.value;
    var counts = { error: 0, warning: 0, info: 0, waived: 0, all: 0, "new": 0, unchanged: 0 };
    var perRule = rules.map(function () { return 0; });
    findings.forEach(function (f, i) {
      var match = (rule === null || f.rule === rule) &&
        (severity === "" || f.severity === severity) &&
        (sku === "" || (f.sku !== null && f.sku.toLowerCase().indexOf(sku) >= 0)) &&
        (location === undefined || f.location === location) &&
        (channel === null || f.channels.indexOf(channel) >= 0) &&
        (waived === "" || (waived === "yes") === (f.waived !== null)) &&
        (mark === "" || f.baseline === mark);
      rowOf[i].hidden = !match;
      if (match) { counts[bucket(f)]++; counts.all++; perRule[f.rule]++; if (f.baseline !== undefined) counts[f.baseline]++; }
    });
    sections.forEach(function (s, r) {
      if (s === null) return;
      s.node.hidden = perRule[r] === 0;
      s.shown.textContent = perRule[r] + " of " + plural(byRule[r].length, "finding") + " shown" +
        (rules[r].total === undefined ? "" : "; the page holds the first " + byRule[r].length + " of " + rules[r].total + ", the JSON report every one");
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-shown]"), function (td) {
      td.textContent = String(counts[td.getAttribute("data-shown")]);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-rule-shown]"), function (td) {
      td.textContent = String(perRule[Number(td.getAttribute("data-rule-shown"))]);
    });
    var active = [];
    if (rule !== null) active.push("rule " + rules[rule].id);
    if (severity !== "") active.push("severity " + severity);
    if (sku !== "") active.push("SKU contains \\u201c" + controls.sku.value.trim() + "\\u201d");
    if (location !== undefined) active.push("location " + selectedText(controls.location));
    if (channel !== null) active.push("channel " + channel);
    if (waived !== "") active.push(selectedText(controls.waived).toLowerCase());
    if (mark !== "") active.push(selectedText(controls.baseline).toLowerCase());
    document.getElementById("status").textContent = visible((active.length === 0
      ? "Showing all " + plural(findings.length, "finding")
      : "Showing " + counts.all + " of " + plural(findings.length, "finding") + " \\u2014 " + active.join("; ")) +
      (data.total === undefined ? "" : " held in this page, of " + data.total + " in the report"));
    empty.hidden = counts.all > 0;
  }

  selects.forEach(function (k) { controls[k].addEventListener("change", apply); });
  controls.sku.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("filter-clear").addEventListener("click", function () {
    selects.forEach(function (k) { controls[k].value = ""; });
    controls.sku.value = "";
    apply();
  });
  form.hidden = false;
  apply();
  document.documentElement.setAttribute("data-ready", "true");
})();
`;

/**
 * Nothing may load; only this module's own script and style run, by hash (a nonce would have to
 * change per page to mean anything, and the page is byte-for-byte deterministic).
 */
const CSP = pagePolicy(STYLE, SCRIPT);
