import { checkReportInput } from "./report-input.js";
import type { Finding } from "../model/finding.js";
import type { BaselineFinding, Report, ReportToWrite } from "../model/report.js";
import { headsByRule } from "../findings/rule-heads.js";
import { unicodeEscape, visibleBidi } from "../text/terminal.js";

export interface MarkdownOptions {
  /** Findings listed per rule; the rest are counted in "… and K more". Default 10. */
  readonly maxPerRule?: number;
}

const MAX_SOURCES = 3;

/**
 * A Markdown summary for a CI job summary (GitHub's `$GITHUB_STEP_SUMMARY`): totals and row
 * accounting, counts per rule and severity, then the first `maxPerRule` findings of each rule.
 * Every feed- or config-supplied text is escaped: it renders literally, never as markup or HTML.
 */
export function formatMarkdown(report: Report, options: MarkdownOptions = {}): string {
  checkReportInput(report, "formatMarkdown", true);
  return [...markdownChunks(report, options)].join("");
}

/** The Markdown summary in pieces (see {@link formatMarkdown}): one pass keeps each rule's counts and first findings, no more. */
export function* markdownChunks(report: ReportToWrite, { maxPerRule = 10 }: MarkdownOptions = {}): Generator<string> {
  const limit = Number.isNaN(maxPerRule) ? 10 : Math.max(0, Math.floor(maxPerRule));
  const { findings: counts, rows, rules } = report.summary;
  // Waived findings are counted apart from the severities, and are findings all the same.
  const total = counts.error + counts.warning + counts.info + counts.waived;
  const lines: string[] = [
    "## pricelint report",
    "",
    `${total} ${plural(total, "finding")}: ${counts.error > 0 ? `**${counts.error} ${plural(counts.error, "error")}**` : "0 errors"}, ` +
      `${counts.warning} ${plural(counts.warning, "warning")}, ${counts.info} info, ${counts.waived} waived · ` +
      `rows: ${rows.read} read, ${rows.accepted} accepted, ${rows.rejected} rejected · ` +
      `${rules} ${plural(rules, "rule")} · pricelint ${escapeMarkdown(report.tool.version)} ` +
      (report.window
        ? `from ${escapeMarkdown(report.window.from)} to ${escapeMarkdown(report.window.to)}`
        : `at ${escapeMarkdown(report.at)}`),
  ];
  const baseline = report.summary.baseline;
  if (baseline) lines.push("", `Against the baseline: **${baseline.new} new**, ${baseline.unchanged} unchanged, ${baseline.absent} gone.`);

  const byRule = headsByRule(report.findings, limit);
  if (byRule.length > 0) {
    lines.push("", "| Rule | Errors | Warnings | Info | Waived |", "| --- | ---: | ---: | ---: | ---: |");
    for (const { rule, counts: c } of byRule) {
      lines.push(`| ${ruleId(rule)} | ${c.error} | ${c.warning} | ${c.info} | ${c.waived} |`);
    }
    lines.push(`| **Total** | **${counts.error}** | **${counts.warning}** | **${counts.info}** | **${counts.waived}** |`);
  }
  yield lines.join("\n");

  const descriptions = new Map(report.rules.map((r) => [r.id, r.description]));
  // Over a window, a violation may hold over several intervals, waived over some: each is a row.
  const windowed = report.window !== undefined;
  const head = windowed
    ? ["| SKU | Location | Channels | Interval | Message | Source |", "| --- | --- | --- | --- | --- | --- |"]
    : ["| SKU | Location | Channels | Message | Source |", "| --- | --- | --- | --- | --- |"];
  for (const { rule, severities, shown, count } of byRule) {
    const section = ["", `### ${ruleId(rule)} (${[...severities].join(", ")})`];
    const description = descriptions.get(rule);
    if (description) section.push("", escapeMarkdownBlock(description));
    if (shown.length > 0) {
      section.push("", ...head);
      for (const f of shown) {
        const cells = [
          cell(f.sku),
          cell(f.location),
          cell(f.channels.length > 0 ? f.channels.join(", ") : null),
          ...(windowed ? [cell(f.interval && `${f.interval.from} – ${f.interval.to}`)] : []),
          (f.baseline === "new" ? "**new:** " : "") + escapeMarkdown(f.message) + waivedNote(f),
          sources(f),
        ];
        section.push(`| ${cells.join(" | ")} |`);
      }
    }
    const more = count - shown.length;
    if (more > 0) section.push("", `… and ${more} more.`);
    yield `\n${section.join("\n")}`;
  }
  yield* absentChunks(report.absent ?? [], limit);
  yield "\n";
}

/** The findings of the baseline gone since (`--baseline`), rule by rule, the first `limit` of each. */
function* absentChunks(absent: readonly BaselineFinding[], limit: number): Generator<string> {
  if (absent.length === 0) return;
  const byRule = new Map<string, BaselineFinding[]>();
  for (const f of absent) (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule)!).push(f);
  const section = [
    "",
    "### Gone since the baseline",
    "",
    "| Rule | SKU | Location | Channels | Message |",
    "| --- | --- | --- | --- | --- |",
  ];
  let left = 0;
  for (const [rule, list] of byRule) {
    for (const f of list.slice(0, limit))
      section.push(
        `| ${ruleId(rule)} | ${cell(f.sku)} | ${cell(f.location)} | ${cell(f.channels.length > 0 ? f.channels.join(", ") : null)} | ${escapeMarkdown(f.message)} |`,
      );
    left += Math.max(0, list.length - limit);
  }
  if (left > 0) section.push("", `… and ${left} more.`);
  yield `\n${section.join("\n")}`;
}

/**
 * Control characters other than tab and line breaks (C0, DEL, C1 but NEL), and lone surrogates
 * (which UTF-8 cannot encode: each would be written U+FFFD).
 */
const INVISIBLE =
  /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text so that GitHub-flavoured Markdown shows it literally, inline and on one line:
 * backslash-escapes the punctuation of emphasis, code, links, strikethrough, math and table
 * cells (`\ | * _ \` [ ] ~ $`), writes `& < >` as HTML entities (so `<script>` is text, not a
 * tag that GitHub would strip), folds line breaks into spaces, and writes bidi controls, other
 * control characters (a tab too) and lone surrogates as visible escapes (`\u202e`, `\u0009`), as the table
 * does: none can reorder what a reader sees, and no two texts (`bad\u0000nul`, `badnul`) read as one.
 */
export function escapeMarkdown(text: string): string {
  return visibleBidi(text)
    .replace(INVISIBLE, unicodeEscape)
    .replace(/[\r\n\u0085\u2028\u2029]+/g, " ")
    .replace(/[\\|*_`[\]~$]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** {@link escapeMarkdown} for text that starts a paragraph: also escapes a leading `#`, `-`, `+`, `=` or `1.` that would start a heading or a list. */
export function escapeMarkdownBlock(text: string): string {
  return escapeMarkdown(text)
    .replace(/^(\s*)([#+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

function cell(text: string | null): string {
  return text === null || text === "" ? "–" : escapeMarkdown(text);
}

/** A rule id as code when it is plain (the built-ins and well-named custom rules), else escaped text. */
function ruleId(id: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(id) ? `\`${id}\`` : escapeMarkdown(id);
}

function waivedNote(f: Finding): string {
  if (!f.waived) return "";
  const ticket = f.waived.ticket ? `, ${f.waived.ticket}` : "";
  return ` — *waived until ${escapeMarkdown(f.waived.until)}${escapeMarkdown(ticket)}: ${escapeMarkdown(f.waived.reason)}*`;
}

function sources(f: Finding): string {
  if (f.sources.length === 0) return "–";
  const shown = f.sources.slice(0, MAX_SOURCES).map((s) => escapeMarkdown(`${s.file}:${s.line}`));
  const more = f.sources.length - shown.length;
  return shown.join(", ") + (more > 0 ? ` (+${more})` : "");
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
