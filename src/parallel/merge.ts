import { PricelintError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import type { Report } from "../model/report.js";
import { compareFindings } from "../findings/order.js";
import { countFindings, summarise, sumFeedRows } from "../findings/summarise.js";

/** A JSON report as `--format json` writes it (a Report without the rules that ran). */
export type ReportDocument = Omit<Report, "rules">;

/**
 * Merges the JSON reports of the N shards of one run (`--shard K/N`) into the report of the
 * unsharded run: findings together in report order, rows and counts summed. The shards must
 * come from the same version, instant or window, rules and feeds.
 */
export function mergeReports(documents: readonly { readonly file: string; readonly report: ReportDocument }[]): ReportDocument {
  const first = documents[0];
  if (!first) throw new PricelintError("usage", "merge needs at least one JSON report");
  const same = (what: string, get: (r: ReportDocument) => unknown) => {
    const expected = JSON.stringify(get(first.report));
    for (const { file, report } of documents) {
      if (JSON.stringify(get(report)) !== expected) {
        throw new PricelintError("usage", `its ${what} differs from ${first.file}'s: not a shard of the same run`, file);
      }
    }
  };
  same("tool", (r) => r.tool);
  same("instant", (r) => r.at);
  same("window", (r) => r.window ?? null);
  same("rule count", (r) => r.summary.rules);
  same("feeds", (r) => r.summary.feeds.map((f) => [f.file, f.kind]));
  for (const { file, report } of documents) {
    if (report.absent || report.summary.baseline)
      throw new PricelintError("usage", "shards are merged without a baseline; give --baseline to merge instead", file);
  }
  const findings: Finding[] = documents.flatMap((d) => d.report.findings).sort(compareFindings);
  const feeds = sumFeedRows(documents.map((d) => d.report.summary));
  const { tool, at, window } = first.report;
  return {
    tool,
    at,
    ...(window ? { window } : {}),
    summary: summarise(countFindings(findings), feeds, first.report.summary.rules),
    findings,
  };
}

/** Checks that a parsed JSON document is a pricelint JSON report. */
export function readReport(document: unknown, file: string): ReportDocument {
  const r = document as Partial<ReportDocument> | null;
  if (
    typeof r !== "object" ||
    r === null ||
    !Array.isArray(r.findings) ||
    typeof r.summary !== "object" ||
    !Array.isArray(r.summary?.feeds)
  ) {
    throw new PricelintError("usage", "not a pricelint JSON report; write one with --format json:FILE", file);
  }
  return r as ReportDocument;
}
