import { checkReportInput } from "./report-input.js";
import { displayWidth, terminalLine } from "../text/terminal.js";
import type { Finding } from "../model/finding.js";
import type { Report, ReportToWrite } from "../model/report.js";
import { hasOutlines } from "../findings/finding-outline.js";
import { formatExplanation } from "./condition-tree.js";

/**
 * The widest a column is padded to: a longer cell (a sku of thousands of characters) is written
 * whole but does not widen every line of the table to its length.
 */
const MAX_WIDTH = 60;

const HEADERS = ["SEVERITY", "RULE", "SKU", "LOCATION", "CHANNELS", "MESSAGE"];
const WINDOW_HEADERS = ["SEVERITY", "RULE", "SKU", "LOCATION", "CHANNELS", "INTERVAL", "MESSAGE"];

/** `2026-11-20T00:30Z`: an interval bound, short. */
const short = (iso: string) => iso.replace(/:00\.000Z$/, "Z").replace(/\.000Z$/, "Z");

/** The terminal table: one line per finding, then the counts and the row accounting per feed. */
export function formatTable(report: Report): string {
  checkReportInput(report, "formatTable", false);
  return [...tableChunks(report)].join("");
}

/**
 * The table in pieces, a line at a time: a first pass over the findings measures the columns
 * (the message, last, is not padded: a check's findings give the others in their outlines,
 * without being built), a second writes the lines, so no row is kept (see {@link ReportToWrite}).
 */
export function* tableChunks(report: ReportToWrite): Generator<string> {
  const windowed = report.window !== undefined;
  const headers = windowed ? WINDOW_HEADERS : HEADERS;
  const widths = headers.map((h) => h.length);
  let any = false;
  // Outlines carry no baseline mark: findings marked against a baseline are measured as they are.
  const measured: Iterable<Placed> = hasOutlines(report.findings) ? report.findings.outlines() : report.findings;
  for (const f of measured) {
    const row = placeCells(f, windowed);
    for (let i = 0; i < row.length; i++) {
      const width = displayWidth(row[i]!);
      if (width > widths[i]!) widths[i] = Math.min(width, MAX_WIDTH);
    }
    any = true;
  }
  if (any) {
    const render = (row: readonly string[]) =>
      row
        // Padded by the columns a cell takes on screen: a wide character takes two.
        .map((c, i) => (i === row.length - 1 ? c : c + " ".repeat(Math.max(0, widths[i]! - displayWidth(c)))))
        .join("  ")
        .trimEnd();
    yield `${render(headers)}\n`;
    for (const f of report.findings) {
      yield `${render(cells(f, windowed))}\n`;
      if (f.explanation) for (const line of formatExplanation(f.explanation, "    ")) yield `${terminalLine(line)}\n`;
    }
    yield "\n";
  }
  const { findings, rows: counted, feeds, rules } = report.summary;
  // Waived findings are counted apart from the severities, and are findings all the same.
  const total = findings.error + findings.warning + findings.info + findings.waived;
  const lines = [
    `${total} finding${total === 1 ? "" : "s"}: ${findings.error} error${findings.error === 1 ? "" : "s"}, ` +
      `${findings.warning} warning${findings.warning === 1 ? "" : "s"}, ${findings.info} info` +
      (findings.waived > 0 ? `, ${findings.waived} waived` : "") +
      ` · ${rules} rule${rules === 1 ? "" : "s"} · ${report.window ? `from ${report.window.from} to ${report.window.to}` : `at ${report.at}`}`,
    `rows: ${counted.read} read, ${counted.accepted} accepted, ${counted.rejected} rejected`,
  ];
  const base = report.summary.baseline;
  if (base) lines.push(`baseline: ${base.new} new, ${base.unchanged} unchanged, ${base.absent} absent`);
  for (const feed of feeds) {
    lines.push(`  ${feed.file} (${feed.kind}): ${feed.read} read, ${feed.accepted} accepted, ${feed.rejected} rejected`);
  }
  // The instant, feed files and kinds come from the run, or from a report merge read: shown as text, never as controls.
  yield `${lines.map(terminalLine).join("\n")}\n`;
}

/** What the columns before the message show of a finding (or of its outline). */
type Placed = Pick<Finding, "severity" | "rule" | "sku" | "location" | "channels" | "interval" | "baseline"> & { readonly waived: unknown };

/** A finding's cells before its message, as the table shows them. */
function placeCells(f: Placed, windowed: boolean): string[] {
  return [
    f.severity + (f.waived ? " (waived)" : "") + (f.baseline === "new" ? " (new)" : ""),
    f.rule,
    terminalLine(f.sku ?? "-"),
    terminalLine(f.location ?? "-"),
    f.channels.length > 0 ? terminalLine(f.channels.join(",")) : "-",
    ...(windowed ? [f.interval ? `${short(f.interval.from)} – ${short(f.interval.to)}` : "-"] : []),
  ];
}

/** One finding's cells, as the table shows them. */
function cells(f: Finding, windowed: boolean): string[] {
  return [...placeCells(f, windowed), terminalLine(f.message)];
}
