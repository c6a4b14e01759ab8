import { escapeMarkdown } from "../report/markdown.js";
import { compareNullableText } from "../text/compare.js";
import type { FixStats } from "./fix-stats.js";
import { runLabels } from "./run-labels.js";
import type { Trend, TrendFinding, TrendRun } from "./trend.js";

export interface TrendMarkdownOptions {
  /** Open findings listed, oldest first; default 20. */
  readonly maxOpen?: number;
  /** Runs shown as columns of the per-rule, per-channel and per-location tables (the latest ones); default 10. */
  readonly maxColumns?: number;
}

/**
 * The trend as Markdown for a CI job summary: the totals, a Mermaid line chart of open findings
 * per run (GitHub renders it), the runs with their new, fixed and still-open findings, times to
 * fix per rule, channel and location, counts per run, and the oldest open findings.
 */
export function formatTrendMarkdown(trend: Trend, { maxOpen = 20, maxColumns = 10 }: TrendMarkdownOptions = {}): string {
  const { runs, timeToFix } = trend;
  const labels = runLabels(runs);
  const last = runs[runs.length - 1]!;
  const all = timeToFix.all;
  const lines: string[] = [
    "## pricelint trend",
    "",
    `${runs.length} ${plural(runs.length, "run")} from ${runs[0]!.instant} to ${last.instant} · ` +
      `**${last.open} open** in the last run (${last.new} new, ${last.fixed} fixed since the run before) · ` +
      `${trend.findings.length} ${plural(trend.findings.length, "finding")} seen · ` +
      `${all.fixed} fixed${all.fixed > 0 ? `, time to fix: mean ${all.mean}, median ${all.median}` : ""}`,
  ];
  if (trend.warnings.length > 0) {
    lines.push("", ...trend.warnings.map((w) => `> **Warning:** ${escapeMarkdown(w)}`).flatMap((w, i) => (i === 0 ? [w] : [">", w])));
  }
  const top = runs.reduce((m, r) => Math.max(m, r.open), 1);
  lines.push(
    "",
    "```mermaid",
    "xychart-beta",
    '  title "Open findings per run"',
    `  x-axis [${labels.map((l) => `"${l}"`).join(", ")}]`,
    `  y-axis "Findings" 0 --> ${top}`,
    `  line [${runs.map((r) => r.open).join(", ")}]`,
    "```",
  );

  lines.push(
    "",
    "### Runs",
    "",
    "| # | Run | Report | Open | New | Fixed | Still open | Errors | Warnings | Info | Waived |",
    "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...runs.map((r, i) => {
      const s = r.severity;
      return `| ${i + 1} | ${labels[i]} | ${escapeMarkdown(r.file)} | ${r.open} | ${r.new} | ${r.fixed} | ${r.stillOpen} | ${s.error} | ${s.warning} | ${s.info} | ${s.waived} |`;
    }),
  );

  const fixTable = (title: string, head: string, rows: readonly [string, FixStats][]) => {
    if (rows.length === 0) return;
    lines.push("", `### ${title}`, "", `| ${head} | Fixed | Mean | Median |`, "| --- | ---: | ---: | ---: |");
    for (const [name, s] of rows) lines.push(`| ${name} | ${s.fixed} | ${s.mean ?? "–"} | ${s.median ?? "–"} |`);
  };
  fixTable("Time to fix per rule", "Rule", [["**All**", all], ...timeToFix.rules.map((s): [string, FixStats] => [ruleId(s.rule), s])]);
  fixTable(
    "Time to fix per channel",
    "Channel",
    timeToFix.channels.map((s): [string, FixStats] => [escapeMarkdown(s.channel), s]),
  );
  fixTable(
    "Time to fix per location",
    "Location",
    timeToFix.locations.map((s): [string, FixStats] => [s.location === null ? "–" : escapeMarkdown(s.location), s]),
  );

  const shown = runs.length > maxColumns ? runs.length - maxColumns : 0;
  const columns = runs.slice(shown);
  const note = shown > 0 ? ` (the last ${columns.length} runs)` : "";
  const matrix = <K extends string | null>(
    title: string,
    head: string,
    per: (run: TrendRun) => readonly [K, number][],
    name: (key: K) => string,
  ) => {
    const keys = [...new Set(columns.flatMap((r) => per(r).map(([k]) => k)))].sort(compareNullableText);
    if (keys.length === 0) return;
    lines.push(
      "",
      `### ${title}${note}`,
      "",
      `| ${head} | ${labels.slice(shown).join(" | ")} |`,
      `| --- |${" ---: |".repeat(columns.length)}`,
    );
    const counts = columns.map((r) => new Map(per(r)));
    for (const key of keys) lines.push(`| ${name(key)} | ${counts.map((c) => c.get(key) ?? 0).join(" | ")} |`);
  };
  matrix("Findings per rule", "Rule", (r) => r.rules.map((c) => [c.rule, c.findings] as const), ruleId);
  matrix("Findings per channel", "Channel", (r) => r.channels.map((c) => [c.channel, c.findings] as const), escapeMarkdown);
  matrix(
    "Findings per location",
    "Location",
    (r) => r.locations.map((c) => [c.location, c.findings] as const),
    (l) => (l === null ? "–" : escapeMarkdown(l)),
  );

  const open = oldestOpen(trend.findings);
  if (open.length > 0) {
    const limit = Math.max(0, Math.floor(maxOpen));
    lines.push(
      "",
      "### Open findings, oldest first",
      "",
      "| Rule | SKU | Location | Channels | Open since | Age | Episodes |",
      "| --- | --- | --- | --- | --- | ---: | ---: |",
    );
    for (const f of open.slice(0, limit)) {
      const since = f.episodes[f.episodes.length - 1]!.from;
      lines.push(
        `| ${ruleId(f.rule)} | ${cell(f.sku)} | ${cell(f.location)} | ${cell(f.channels.join(", "))} | ${since} | ${f.age} | ${f.episodes.length} |`,
      );
    }
    if (open.length > limit) lines.push("", `… and ${open.length - limit} more.`);
  }
  return `${lines.join("\n")}\n`;
}

/** Open findings, longest open first; ties in the trend's order. */
export function oldestOpen(findings: readonly TrendFinding[]): TrendFinding[] {
  return findings.filter((f) => f.status === "open").sort((a, b) => b.ageMs - a.ageMs);
}

function cell(text: string | null): string {
  return text === null || text === "" ? "–" : escapeMarkdown(text);
}

/** A rule id as code when it is plain, else escaped text (as the check's Markdown report writes it). */
function ruleId(id: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(id) ? `\`${id}\`` : escapeMarkdown(id);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
