import { createHash } from "node:crypto";
import { findingPlace, rowOrdinals, severityFault } from "../findings/baseline.js";
import { PricelintError } from "../model/errors.js";
import type { Finding, Severity } from "../model/finding.js";
import { noFindings, type FindingCounts } from "../model/report.js";
import { checkReportHead } from "../report/read-report.js";
import type { ReportDocument } from "../parallel/merge.js";
import type { FindingTable, TrackedFinding } from "./finding-table.js";

/** One report reduced to what a trend needs: its instant, its counts, and the numbers of its findings. */
export interface RunDigest {
  readonly file: string;
  /** The run's instant (ms): the report's `at`, or its window's end. */
  readonly instant: number;
  readonly at: string;
  readonly window: { readonly from: string; readonly to: string } | null;
  /** What tells one config from another in a report: the version, the number of rules, the feeds read, and the config's digest (null: the report has none). */
  readonly version: string;
  readonly rules: number;
  readonly feeds: string;
  readonly config: string | null;
  /** Findings listed, and counted as the summary counts them (a waived finding under `waived`). */
  readonly findings: number;
  readonly severity: FindingCounts;
  /** What the report's own summary says; a difference means the findings list is not the whole run. */
  readonly summarySeverity: FindingCounts;
  readonly byRule: ReadonlyMap<string, number>;
  /** A finding of two channels counts under each; one of none under none. */
  readonly byChannel: ReadonlyMap<string, number>;
  readonly byLocation: ReadonlyMap<string | null, number>;
  /** The numbers (in the table) of the distinct findings of the run (by id; a rejected row by its content), ascending. */
  readonly present: Int32Array;
  /**
   * SHA-256 of the findings as the report writes them (each one's fields in order, its
   * explanation and baseline status aside): two copies of one report agree on it, two that list
   * the same ids with another severity, waiver or value do not.
   */
  readonly content: string;
}

/**
 * A JSON report as a trend reads it: its findings may come one at a time, as a large report
 * streams, and `findingLine` then says the line the finding last given starts on.
 */
export type TrendReport = Omit<ReportDocument, "findings"> & {
  readonly findings: Iterable<unknown>;
  readonly findingLine?: () => number | null;
};

/**
 * Reduces a JSON report (as `readReport` returns it) to its digest, numbering its findings in
 * `table`. Anything a trend cannot read (no instant, a summary not as pricelint writes it, a
 * finding without id, rule or severity) is refused, naming the file and the member or finding.
 */
export function digestReport(file: string, report: TrendReport, table: FindingTable): RunDigest {
  // Its head as pricelint writes it (see checkReportHead): its instants, among the rest, are then read exactly.
  checkReportHead(report as unknown as Record<string, unknown>, file);
  // One shard's report is part of a run: its findings missing from the next run were in other shards, not fixed.
  const shard = report.run?.shard;
  if (shard && shard.count > 1)
    throw new PricelintError(
      "usage",
      `it is the report of shard ${shard.index} of ${shard.count}: a trend takes whole runs; merge the run's shards first with pricelint merge`,
      file,
    );
  const window = report.window ?? null;
  const instant = Date.parse(window === null ? report.at : window.to);
  const severity = noFindings();
  const byRule = new Map<string, number>();
  const byChannel = new Map<string, number>();
  const byLocation = new Map<string | null, number>();
  const numbers: number[] = [];
  const content = createHash("sha256");
  const nth = rowOrdinals();
  let count = 0;
  for (const raw of report.findings) {
    const f = readFinding(raw, findingPlace(count++, report.findingLine?.() ?? null), file);
    content.update(findingText(raw as Record<string, unknown>)).update("\n");
    severity[f.waived ? "waived" : f.severity]++;
    bump(byRule, f.rule);
    for (const channel of new Set(f.channels)) bump(byChannel, channel);
    bump(byLocation, f.location);
    // A rejected row is followed by what it is, as --baseline matches it: its id has its line, which rows added above it move.
    const row = nth(raw as Partial<Finding>);
    numbers.push(
      table.intern(
        row === null ? f.id : JSON.stringify([row.key, row.n]),
        { id: f.id, rule: f.rule, severity: f.severity, sku: f.sku, location: f.location, channels: f.channels, promotion: f.promotion },
        instant,
      ),
    );
  }
  const present = Int32Array.from(new Set(numbers)).sort();
  const { error, warning, info, waived } = report.summary.findings;
  return {
    file,
    instant,
    at: report.at,
    window: window === null ? null : { from: window.from, to: window.to },
    version: report.tool.version,
    rules: report.summary.rules,
    feeds: JSON.stringify(report.summary.feeds.map((f) => [f.file, f.kind])),
    config: typeof report.run?.config === "string" ? report.run.config : null,
    findings: count,
    severity,
    summarySeverity: { error, warning, info, waived },
    byRule,
    byChannel,
    byLocation,
    present,
    content: content.digest("hex"),
  };
}

/**
 * A finding's text as a report writes it, less what a run adds about it: its explanation
 * (`--explain` shows why it fired) and whether a baseline had it (`--baseline`).
 */
function findingText(finding: Record<string, unknown>): string {
  if (!("explanation" in finding) && !("baseline" in finding)) return JSON.stringify(finding);
  const { explanation: _e, baseline: _b, ...rest } = finding;
  return JSON.stringify(rest);
}

function bump<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

interface ReadFinding extends TrackedFinding {
  readonly waived: boolean;
}

/** The fields of a report's finding a trend reads, each checked: the first one wrong is refused. */
function readFinding(raw: unknown, path: string, file: string): ReadFinding {
  const refuse = (message: string): never => {
    throw new PricelintError("usage", [{ path, message }], file);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return refuse("not a finding object");
  const f = raw as Record<string, unknown>;
  const text = (key: string): string => {
    const v = f[key];
    return typeof v === "string" && v !== "" ? v : refuse(`"${key}" is not a non-empty string`);
  };
  const orNull = (key: string): string | null => {
    const v = f[key] ?? null;
    return v === null || typeof v === "string" ? v : refuse(`"${key}" is neither a string nor null`);
  };
  const id = text("id");
  const rule = text("rule");
  const severity = severityFault(f);
  if (severity !== null) refuse(severity);
  const channels = f["channels"] ?? [];
  if (!Array.isArray(channels) || !channels.every((c): c is string => typeof c === "string")) {
    refuse(`"channels" is not a list of strings`);
  }
  return {
    id,
    rule,
    severity: f["severity"] as Severity,
    sku: orNull("sku"),
    location: orNull("location"),
    channels: channels as string[],
    promotion: orNull("promotion"),
    waived: f["waived"] !== null && f["waived"] !== undefined,
  };
}
