import type { Finding } from "../model/finding.js";
import type { FeedRows, Report } from "../model/report.js";

/** Counts findings by severity (waived ones apart). */
export function countFindings(findings: readonly Finding[]): { error: number; warning: number; info: number; waived: number } {
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived) counts.waived++;
    else counts[f.severity]++;
  }
  return counts;
}

/** The summary of a report: its finding counts, and rows over all feeds. */
export function summarise(counts: Report["summary"]["findings"], feeds: readonly FeedRows[], rules: number): Report["summary"] {
  const rows = { read: 0, accepted: 0, rejected: 0 };
  for (const feed of feeds) {
    rows.read += feed.read;
    rows.accepted += feed.accepted;
    rows.rejected += feed.rejected;
  }
  return { findings: counts, rows, feeds, rules };
}
