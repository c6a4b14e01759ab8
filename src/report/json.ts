import type { Report } from "../model/report.js";

/** The JSON report of SPEC §5: one document, two-space indented, newline-terminated. */
export function formatJson(report: Omit<Report, "rules">): string {
  const { tool, at, window, summary, findings, absent } = report;
  return `${JSON.stringify({ tool, at, ...(window ? { window } : {}), summary, findings, ...(absent ? { absent } : {}) }, null, 2)}\n`;
}
