import { terminalLine } from "../text/terminal.js";
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
    terminalLine(f.sku ?? "-"),
    terminalLine(f.location ?? "-"),
    f.channels.length > 0 ? terminalLine(f.channels.join(",")) : "-",
    ...(report.window ? [f.interval ? `${short(f.interval.from)} – ${short(f.interval.to)}` : "-"] : []),
    terminalLine(f.message),
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
