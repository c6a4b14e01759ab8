import type { Report } from "../model/report.js";
import { formatExplanation } from "./condition-tree.js";

const HEADERS = ["SEVERITY", "RULE", "SKU", "LOCATION", "CHANNELS", "MESSAGE"];
const WINDOW_HEADERS = ["SEVERITY", "RULE", "SKU", "LOCATION", "CHANNELS", "INTERVAL", "MESSAGE"];

/** `2026-11-20T00:30Z`: an interval bound, short. */
const short = (iso: string) => iso.replace(/:00\.000Z$/, "Z").replace(/\.000Z$/, "Z");

/** The terminal table: one line per finding, then the counts and the row accounting per feed. */
export function formatTable(report: Report): string {
  const rows = report.findings.map((f) => [
    f.severity + (f.waived ? " (waived)" : "") + (f.baseline === "new" ? " (new)" : ""),
    f.rule,
    oneLine(f.sku ?? "-"),
    oneLine(f.location ?? "-"),
    f.channels.length > 0 ? oneLine(f.channels.join(",")) : "-",
    ...(report.window ? [f.interval ? `${short(f.interval.from)} – ${short(f.interval.to)}` : "-"] : []),
    oneLine(f.message),
  ]);
  const headers = report.window ? WINDOW_HEADERS : HEADERS;
  const lines: string[] = [];
  if (rows.length > 0) {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const render = (cells: readonly string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd();
    lines.push(render(headers));
    report.findings.forEach((f, i) => {
      lines.push(render(rows[i]!));
      if (f.explanation) lines.push(...formatExplanation(f.explanation, "    "));
    });
    lines.push("");
  }
  const { findings, rows: counted, feeds, rules } = report.summary;
  const total = findings.error + findings.warning + findings.info;
  lines.push(
    `${total} finding${total === 1 ? "" : "s"}: ${findings.error} error${findings.error === 1 ? "" : "s"}, ` +
      `${findings.warning} warning${findings.warning === 1 ? "" : "s"}, ${findings.info} info` +
      (findings.waived > 0 ? `, ${findings.waived} waived` : "") +
      ` · ${rules} rule${rules === 1 ? "" : "s"} · ${report.window ? `from ${report.window.from} to ${report.window.to}` : `at ${report.at}`}`,
    `rows: ${counted.read} read, ${counted.accepted} accepted, ${counted.rejected} rejected`,
  );
  const base = report.summary.baseline;
  if (base) lines.push(`baseline: ${base.new} new, ${base.unchanged} unchanged, ${base.absent} absent`);
  for (const feed of feeds) {
    lines.push(`  ${feed.file} (${feed.kind}): ${feed.read} read, ${feed.accepted} accepted, ${feed.rejected} rejected`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Keeps a table row on one line whatever a feed put in it, and never sends a control or bidi
 * character to the terminal: line breaks and tabs become spaces, the others visible escapes.
 */
function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
