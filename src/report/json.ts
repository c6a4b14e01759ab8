import type { Report } from "../model/report.js";

/** The JSON report of SPEC §5: one document, two-space indented, newline-terminated. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
