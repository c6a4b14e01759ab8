import { escapeHtml as esc } from "../report/html.js";
import { pageHead, pagePolicy } from "../report/page.js";
import { compareNullableText } from "../text/compare.js";
import type { FixStats } from "./fix-stats.js";
import { runLabels } from "./run-labels.js";
import { CHART_SERIES, seriesChart } from "./series-chart.js";
import { oldestOpen } from "./trend-markdown.js";
import type { Trend, TrendRun } from "./trend.js";

export interface TrendHtmlOptions {
  /** The page's heading and `<title>`; default `pricelint trend`. */
  readonly title?: string;
  /** Open findings listed, oldest first; default 1000. */
  readonly maxOpen?: number;
}

/** The most rows a per-rule, per-channel or per-location table of the trend page has (the rest are summed in one). */
const MATRIX_ROWS = 100;

/**
 * The trend as one self-contained HTML page: totals, an inline SVG chart of open, new and fixed
 * findings per run, the runs, times to fix, counts per rule, channel and location per run, and the
 * oldest open findings. No script and no request: the CSP of the check's HTML report, with this
 * page's own style by hash. Every text from a report is escaped; same trend, same bytes.
 */
export function formatTrendHtml(trend: Trend, { title = "pricelint trend", maxOpen = 1000 }: TrendHtmlOptions = {}): string {
  const { runs, timeToFix } = trend;
  const labels = runLabels(runs).map(esc);
  const labelOf = new Map(runs.map((run, i) => [run, labels[i]!]));
  const last = runs[runs.length - 1]!;
  const all = timeToFix.all;

  const runRows = runs
    .map((r, i) => {
      const s = r.severity;
      const cells = [r.open, r.new, r.fixed, r.stillOpen, s.error, s.warning, s.info, s.waived].map((n) => `<td class="num">${n}</td>`);
      return `<tr><td class="num">${i + 1}</td><td><time datetime="${esc(r.instant)}">${labels[i]}</time></td><td>${esc(r.file)}</td>${cells.join("")}</tr>`;
    })
    .join("\n");

  const fixTable = (id: string, caption: string, head: string, rows: readonly [string, FixStats][]) =>
    rows.length === 0
      ? ""
      : `<table id="${id}" class="counts">\n<caption>${caption}</caption>\n` +
        `<thead><tr><th scope="col">${head}</th><th scope="col">Fixed</th><th scope="col">Mean</th><th scope="col">Median</th></tr></thead>\n<tbody>\n` +
        rows
          .map(
            ([name, s]) =>
              `<tr><th scope="row">${name}</th><td class="num">${s.fixed}</td>` +
              `<td class="num"${s.meanMs === null ? "" : ` data-ms="${s.meanMs}"`}>${s.mean ?? "—"}</td>` +
              `<td class="num"${s.medianMs === null ? "" : ` data-ms="${s.medianMs}"`}>${s.median ?? "—"}</td></tr>`,
          )
          .join("\n") +
        "\n</tbody>\n</table>";

  const matrix = <K extends string | null>(
    id: string,
    caption: string,
    head: string,
    per: (run: TrendRun) => readonly (readonly [K, number])[],
    name: (key: K) => string,
  ) => {
    const counts = runs.map((r) => new Map(per(r)));
    const totals = new Map<K, number>();
    for (const c of counts) for (const [k, n] of c) totals.set(k, (totals.get(k) ?? 0) + n);
    if (totals.size === 0) return "";
    // A row per key up to MATRIX_ROWS, those with the most findings over the runs; the rest in one
    // row: stores that come and go over hundreds of runs would make a table of runs × every store.
    const ranked = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || compareNullableText(a, b));
    const keys = ranked.slice(0, MATRIX_ROWS).sort(compareNullableText);
    const rest = ranked.slice(MATRIX_ROWS);
    const cells = (count: (c: ReadonlyMap<K, number>) => number) => counts.map((c) => `<td class="num">${count(c)}</td>`).join("");
    const rows = keys.map((k) => `<tr><th scope="row">${name(k)}</th>${cells((c) => c.get(k) ?? 0)}</tr>`);
    if (rest.length > 0) {
      const other = (c: ReadonlyMap<K, number>) => rest.reduce((sum, k) => sum + (c.get(k) ?? 0), 0);
      rows.push(`<tr><th scope="row">${rest.length} other${rest.length === 1 ? "" : "s"}, fewer findings</th>${cells(other)}</tr>`);
    }
    return (
      `<div class="scroll" tabindex="0" role="region" aria-label="${esc(caption)}">\n<table id="${id}">\n<caption>${esc(caption)}</caption>\n` +
      `<thead><tr><th scope="col">${head}</th>${labels.map((l) => `<th scope="col">${l}</th>`).join("")}</tr></thead>\n<tbody>\n` +
      rows.join("\n") +
      "\n</tbody>\n</table>\n</div>"
    );
  };
  const none = (text: string | null) => (text === null || text === "" ? `<span class="none">—</span>` : esc(text));

  const open = oldestOpen(trend.findings);
  const listed = open.slice(0, Math.max(0, Math.floor(maxOpen)));
  const openRows = listed
    .map((f) => {
      const since = f.episodes[f.episodes.length - 1]!.from;
      return (
        `<tr><td><code>${esc(f.rule)}</code></td><td><span class="sev sev-${f.severity}">${f.severity}</span></td>` +
        `<td>${none(f.sku)}</td><td>${none(f.location)}</td><td>${none(f.channels.join(", "))}</td><td>${none(f.promotion)}</td>` +
        `<td><time datetime="${esc(since)}">${esc(since)}</time></td><td class="num" data-ms="${f.ageMs}">${esc(f.age)}</td>` +
        `<td class="num">${f.episodes.length}</td><td><code>${esc(f.id)}</code></td></tr>`
      );
    })
    .join("\n");

  const legend = CHART_SERIES.map(
    (s) => `<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${s.colour}"/></svg> ${s.label}</li>`,
  ).join("");

  return `${pageHead({ policy: CSP, generator: `${trend.tool.name} ${trend.tool.version}`, title: `${title} · ${runs[0]!.instant} – ${last.instant}`, style: STYLE })}
<header>
<h1>${esc(title)}</h1>
<p class="meta">${runs.length} run${runs.length === 1 ? "" : "s"} from <time datetime="${esc(runs[0]!.instant)}">${esc(runs[0]!.instant)}</time> to <time datetime="${esc(last.instant)}">${esc(last.instant)}</time> · ${esc(trend.tool.name)} ${esc(trend.tool.version)}</p>
</header>
<main>
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<p id="totals"><strong>${last.open} open</strong> in the last run (${last.new} new, ${last.fixed} fixed since the run before) · ${trend.findings.length} finding${trend.findings.length === 1 ? "" : "s"} seen · ${all.fixed} fixed${all.fixed > 0 ? `, time to fix: mean ${esc(all.mean!)}, median ${esc(all.median!)}` : ""}</p>
${trend.warnings.length === 0 ? "" : `<ul class="warnings">\n${trend.warnings.map((w) => `<li>${esc(w)}</li>`).join("\n")}\n</ul>`}
<figure>
${seriesChart(runs, (run) => labelOf.get(run)!)}
<figcaption><ul class="legend">${legend}</ul></figcaption>
</figure>
</section>
<section aria-labelledby="runs-heading">
<h2 id="runs-heading">Runs</h2>
<div class="scroll" tabindex="0" role="region" aria-labelledby="runs-heading">
<table id="runs">
<thead><tr><th scope="col">#</th><th scope="col">Run</th><th scope="col">Report</th><th scope="col">Open</th><th scope="col">New</th><th scope="col">Fixed</th><th scope="col">Still open</th><th scope="col">Errors</th><th scope="col">Warnings</th><th scope="col">Info</th><th scope="col">Waived</th></tr></thead>
<tbody>
${runRows}
</tbody>
</table>
</div>
</section>
<section aria-labelledby="fix-heading">
<h2 id="fix-heading">Time to fix</h2>
<p class="note">From the first run a finding was in to the first run without it; a finding that comes back starts a new episode. Open findings are not counted.</p>
<div class="cards">
${fixTable("fix-rules", "Per rule", "Rule", [["all", all], ...timeToFix.rules.map((s): [string, FixStats] => [`<code>${esc(s.rule)}</code>`, s])])}
${fixTable(
  "fix-channels",
  "Per channel",
  "Channel",
  timeToFix.channels.map((s): [string, FixStats] => [esc(s.channel), s]),
)}
${fixTable(
  "fix-locations",
  "Per location",
  "Location",
  timeToFix.locations.map((s): [string, FixStats] => [none(s.location), s]),
)}
</div>
</section>
<section aria-labelledby="counts-heading">
<h2 id="counts-heading">Findings per run</h2>
${matrix(
  "per-rule",
  "Per rule",
  "Rule",
  (r) => r.rules.map((c) => [c.rule, c.findings] as const),
  (k) => `<code>${esc(k)}</code>`,
)}
${matrix("per-channel", "Per channel", "Channel", (r) => r.channels.map((c) => [c.channel, c.findings] as const), esc)}
${matrix("per-location", "Per location", "Location", (r) => r.locations.map((c) => [c.location, c.findings] as const), none)}
</section>
<section aria-labelledby="open-heading">
<h2 id="open-heading">Open findings, oldest first</h2>
${
  open.length === 0
    ? `<p class="none">None: the last run has no findings.</p>`
    : `<p class="note">${open.length > listed.length ? `The ${listed.length} oldest of ${open.length}; the JSON trend lists them all.` : `${open.length} open.`}</p>
<div class="scroll" tabindex="0" role="region" aria-labelledby="open-heading">
<table id="open">
<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">SKU</th><th scope="col">Location</th><th scope="col">Channels</th><th scope="col">Promotion</th><th scope="col">Open since</th><th scope="col">Age</th><th scope="col">Episodes</th><th scope="col">Id</th></tr></thead>
<tbody>
${openRows}
</tbody>
</table>
</div>`
}
</section>
</main>
</body>
</html>
`;
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--head:#f6f8fa;--error:#a40e26;--error-bg:#ffebe9;--warning:#7d4e00;--warning-bg:#fff8c5;--info:#0a3069;--info-bg:#ddf4ff}
*{box-sizing:border-box}
body{margin:0 auto;max-width:110rem;padding:1rem 1.5rem 3rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.6rem;margin:.5rem 0 .25rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.meta,.note,.none{color:var(--muted)}
.note{font-size:.9em}
.cards{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
table{border-collapse:collapse;margin:.25rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--head)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
figure{margin:1rem 0}
svg{max-width:100%;height:auto}
.legend{list-style:none;display:flex;gap:1.25rem;margin:.25rem 0 0 3rem;padding:0}
.legend svg{vertical-align:middle}
.warnings{color:var(--warning);background:var(--warning-bg);padding:.5rem .5rem .5rem 2rem;border-radius:.4rem}
.sev{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-size:.85em;font-weight:600;white-space:nowrap}
.sev-error{color:var(--error);background:var(--error-bg)}
.sev-warning{color:var(--warning);background:var(--warning-bg)}
.sev-info{color:var(--info);background:var(--info-bg)}
:focus-visible{outline:2px solid #0969da;outline-offset:2px}
@media print{body{max-width:none;padding:0;font-size:10pt}.scroll{overflow:visible}tr{break-inside:avoid}h2{break-after:avoid}}
`;

/** The check's HTML report's policy (src/report/page.ts): the page has no script at all, and only its style runs, by hash. */
const CSP = pagePolicy(STYLE, null);
