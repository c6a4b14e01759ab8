import { mergeOrdered } from "./merge-ordered.js";
import { PricelintError } from "../model/errors.js";
import { describeValue } from "../text/describe-value.js";
import type { Finding } from "../model/finding.js";
import { NOT_A_REPORT, REPORT_FORMAT, type FindingCounts, type FindingsDigest, type Report, type RunInfo } from "../model/report.js";
import { findingPlace, severityFault } from "../findings/baseline.js";
import { compareFindings } from "../findings/order.js";
import { summarise, sumFeedRows } from "../findings/summarise.js";
import { WrittenFindings } from "../report/digest.js";
import { findingFault, firstFindingFault } from "../report/finding-fault.js";
import { findingText } from "../report/finding-text.js";
import { describePrevious, isRecordedOptions, wholeRun } from "../report/run-info.js";
import type { JsonReport } from "../report/json.js";
import { checkReportHead, type ReportEvent } from "../report/read-report.js";

/** A JSON report as `--format json` writes it (a Report without the rules that ran), with the digest it ends with. */
export type ReportDocument = Omit<Report, "rules"> & { readonly digest?: FindingsDigest };

/** A JSON report to merge, read as often as needed: its file's name, and its contents as events (see `readReportEvents`). */
export interface ReportSource {
  readonly file: string;
  events(): Iterable<ReportEvent>;
}

/** What one report proved of itself: everything but its findings, which were counted and hashed. */
interface Proof {
  readonly file: string;
  readonly head: Omit<ReportDocument, "findings" | "digest" | "run"> & { readonly run: RunInfo };
  readonly shard: { readonly index: number; readonly count: number };
  readonly digest: FindingsDigest;
}

/**
 * Merges the JSON reports of the N shards of one run (`--shard K/N`) into the report of the
 * unsharded run: findings together in report order, rows and counts summed. The reports are
 * proved first (see {@link mergeSources}).
 */
export function mergeReports(documents: readonly { readonly file: string; readonly report: ReportDocument }[]): ReportDocument {
  // Called from untyped code too: what it was given is named, not met as a TypeError inside.
  if (!Array.isArray(documents))
    throw new PricelintError("usage", `mergeReports takes a list of { file, report }, one per shard, not ${describeValue(documents)}`);
  for (const [i, d] of documents.entries()) {
    const { file, report } = (typeof d === "object" && d !== null ? d : {}) as { file?: unknown; report?: unknown };
    if (typeof file !== "string" || typeof report !== "object" || report === null || Array.isArray(report))
      throw new PricelintError(
        "usage",
        `mergeReports: documents[${i}] must be { file, report } (the file's name, its JSON report parsed), not ${describeValue(d)}`,
      );
    // A report not given through readReport is held to it: a damaged finding is named, not met inside.
    readReport(report, file);
  }
  const merged = mergeSources(documents.map(({ file, report }) => ({ file, events: () => documentEvents(report) })));
  return { ...merged, findings: [...merged.findings] };
}

/**
 * Proves that the reports are the distinct shards of one run, and merges them as they stream:
 * each report must carry the run it is of (`run`) and end with the digest of its findings, its
 * findings must match that digest and its summary's counts, in report order; and together the
 * reports must be of one tool, instant or window, config, rules and feeds, one shard count, with
 * every shard once. Anything else is refused, naming the files. The merged findings are read
 * from the sources again each time they are iterated (a k-way merge: memory of one finding a report).
 */
export function mergeSources(sources: readonly ReportSource[]): JsonReport {
  const firstSource = sources[0];
  if (!firstSource) throw new PricelintError("usage", "merge needs at least one JSON report");
  const proofs = sources.map(prove);
  const first = proofs[0]!;
  const differs = (what: string, get: (p: Proof) => unknown, show?: (p: Proof) => string) => {
    const expected = JSON.stringify(get(first));
    for (const p of proofs) {
      if (JSON.stringify(get(p)) !== expected) {
        const values = show ? ` (${show(p)}, not ${show(first)})` : "";
        throw new PricelintError("usage", `its ${what} differs from ${first.file}'s${values}: not a shard of the same run`, p.file);
      }
    }
  };
  differs(
    "tool",
    (p) => p.head.tool,
    (p) => `${p.head.tool.name} ${p.head.tool.version}`,
  );
  differs(
    "report format",
    (p) => p.head.run.format,
    (p) => String(p.head.run.format),
  );
  differs(
    "config",
    (p) => p.head.run.config,
    (p) => `digest ${p.head.run.config.slice(0, 12)}…`,
  );
  // Options that change the findings: a shard compared with another previous state, or explained
  // where the others are not, is of another run (absent: not recorded, see RunInfo).
  differs(
    "previous state",
    (p) => (p.head.run.previous === undefined ? "not recorded" : p.head.run.previous),
    (p) => describePrevious(p.head.run.previous),
  );
  differs(
    "--explain",
    (p) => p.head.run.explain ?? "not recorded",
    (p) =>
      p.head.run.explain === undefined
        ? "not recorded (a report of an earlier pricelint)"
        : p.head.run.explain
          ? "with --explain"
          : "without --explain",
  );
  differs(
    "instant",
    (p) => p.head.at,
    (p) => p.head.at,
  );
  differs(
    "window",
    (p) => p.head.window ?? null,
    (p) => (p.head.window ? `${p.head.window.from}–${p.head.window.to}` : "none"),
  );
  differs(
    "shard count",
    (p) => p.shard.count,
    (p) => `of ${p.shard.count}`,
  );
  differs(
    "rule count",
    (p) => p.head.summary.rules,
    (p) => String(p.head.summary.rules),
  );
  differs("feeds", (p) => p.head.summary.feeds.map((f) => [f.file, f.kind]));
  const count = first.shard.count;
  const byIndex = new Map<number, Proof>();
  for (const [i, p] of proofs.entries()) {
    // Each sku's findings come from one shard: two shards with the same findings are one shard relabelled.
    const twin = p.digest.findings > 0 ? proofs.slice(0, i).find((q) => q.digest.sha256 === p.digest.sha256) : undefined;
    if (twin !== undefined && twin.shard.index !== p.shard.index)
      throw new PricelintError(
        "usage",
        `it holds the same findings as ${twin.file} (shard ${twin.shard.index}/${count}), yet says it is shard ${p.shard.index}/${count}: each sku's findings come from one shard, so one of them was relabelled`,
        p.file,
      );
    const other = byIndex.get(p.shard.index);
    if (other) {
      const same = other.digest.sha256 === p.digest.sha256 && JSON.stringify(other.head.summary) === JSON.stringify(p.head.summary);
      throw new PricelintError(
        "usage",
        same
          ? `the same report as ${other.file} (shard ${p.shard.index}/${count}), given twice`
          : `shard ${p.shard.index}/${count} given twice: ${other.file} is that shard too`,
        p.file,
      );
    }
    byIndex.set(p.shard.index, p);
  }
  const missing: string[] = [];
  for (let k = 1; k <= count; k++) if (!byIndex.has(k)) missing.push(`${k}/${count}`);
  if (missing.length > 0) {
    throw new PricelintError(
      "usage",
      `shard${missing.length === 1 ? "" : "s"} ${missing.join(", ")} missing: merge takes every shard of the run (given: ${proofs
        .map((p) => `${p.file} = ${p.shard.index}/${count}`)
        .join(", ")})`,
    );
  }
  const counts: FindingCounts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const p of proofs) for (const key of Object.keys(counts) as (keyof FindingCounts)[]) counts[key] += p.head.summary.findings[key];
  const feeds = sumFeedRows(proofs.map((p) => p.head.summary));
  const { tool, at, window, run } = first.head;
  const findings: Iterable<Finding> = {
    [Symbol.iterator]: () =>
      mergeOrdered(
        sources.map((s) => findingsOf(s.events())),
        compareFindings,
      ),
  };
  return {
    tool,
    at,
    ...(window ? { window } : {}),
    run: wholeRun(run),
    summary: summarise(counts, feeds, first.head.summary.rules),
    findings,
  };
}

/** Reads one report through: its members, and its findings counted, hashed and checked in order. */
function prove(source: ReportSource): Proof {
  const { file } = source;
  const head: Record<string, unknown> = {};
  const written = new WrittenFindings();
  let previous: Finding | null = null;
  let index = 0;
  let hasFindings = false;
  let hasAbsent = false;
  for (const event of source.events()) {
    if (event.kind === "member") head[event.key] = event.value;
    else if (event.kind === "array") {
      if (event.key === "findings") hasFindings = true;
      else hasAbsent = true;
    } else if (event.key === "findings") {
      const f = event.value as Finding;
      // A report in memory has no lines: its findings are named by their place alone.
      const where = findingPlace(index, event.line);
      // A severity pricelint does not write is refused as --baseline and trend refuse it, waived or not.
      const severity = severityFault(f);
      if (severity !== null) throw new PricelintError("usage", [{ path: where, message: severity }], file);
      const fault = findingFault(f);
      if (fault !== null) throw new PricelintError("usage", `${where} ${fault}: ${NOT_A_REPORT}`, file);
      if (previous !== null && compareFindings(previous, f) > 0)
        throw new PricelintError("usage", `${where} is out of report order: the report was changed after pricelint wrote it`, file);
      written.add(event.text, f);
      previous = f;
      index++;
    }
  }
  if (!hasFindings) throw new PricelintError("usage", NOT_A_REPORT, file);
  checkReportHead(head, file);
  const summary = head["summary"] as Report["summary"];
  if (hasAbsent || summary.baseline)
    throw new PricelintError("usage", "shards are merged without a baseline; give --baseline to merge instead", file);
  const run = head["run"] as RunInfo | undefined;
  const digest = head["digest"] as FindingsDigest | undefined;
  if (typeof run !== "object" || run === null || typeof run.config !== "string" || typeof digest !== "object" || digest === null)
    throw new PricelintError(
      "usage",
      `the report does not say which run it is of (no "run" or no "digest": written by an older pricelint, or not by pricelint); check the shard again to merge it`,
      file,
    );
  if (run.format !== REPORT_FORMAT)
    throw new PricelintError("usage", `report format ${String(run.format)}; this pricelint merges format ${REPORT_FORMAT}`, file);
  if (!isRecordedOptions(run as unknown as Record<string, unknown>))
    throw new PricelintError(
      "usage",
      `its run records the previous state ${JSON.stringify(run.previous)} and --explain ${JSON.stringify(run.explain)}, not as pricelint writes them: the report was changed after pricelint wrote it`,
      file,
    );
  written.prove(digest, summary.findings, file, run);
  const rows = { read: 0, accepted: 0, rejected: 0 };
  for (const feed of summary.feeds) {
    if (feed.read !== feed.accepted + feed.rejected)
      throw new PricelintError(
        "usage",
        `its feed ${feed.file} reads ${feed.read} rows but accepts ${feed.accepted} and rejects ${feed.rejected}: the counts do not add up`,
        file,
      );
    rows.read += feed.read;
    rows.accepted += feed.accepted;
    rows.rejected += feed.rejected;
  }
  if (
    JSON.stringify(rows) !==
    JSON.stringify({ read: summary.rows?.read, accepted: summary.rows?.accepted, rejected: summary.rows?.rejected })
  )
    throw new PricelintError(
      "usage",
      "its rows do not add up to the sum of its feeds': the report was changed after pricelint wrote it",
      file,
    );
  const shard = run.shard ?? { index: 1, count: 1 };
  if (!isShard(shard))
    throw new PricelintError(
      "usage",
      `its run is of shard ${JSON.stringify(shard)}, not K/N with 1 ≤ K ≤ N: the report was changed after pricelint wrote it`,
      file,
    );
  return { file, head: head as unknown as Proof["head"], shard, digest };
}

/** A shard K/N as `--shard` takes it: whole numbers, 1 ≤ K ≤ N. */
function isShard(shard: unknown): shard is { index: number; count: number } {
  const { index, count } = shard as { index?: unknown; count?: unknown };
  return Number.isInteger(index) && Number.isInteger(count) && (index as number) >= 1 && (index as number) <= (count as number);
}

/** The events of a report in memory: its findings' texts as its JSON document writes them (it has no lines). */
function* documentEvents(report: ReportDocument): Generator<ReportEvent> {
  for (const [key, value] of Object.entries(report)) {
    if (key === "findings" || key === "absent") continue;
    yield { kind: "member", key, value };
  }
  if (!Array.isArray(report.findings)) return;
  yield { kind: "array", key: "findings" };
  for (const [index, f] of report.findings.entries())
    yield { kind: "element", key: "findings", index, text: findingText(f, "json"), value: f, line: null };
  if (report.absent) yield { kind: "array", key: "absent" };
}

/** The findings of a report's events. */
function* findingsOf(events: Iterable<ReportEvent>): Generator<Finding> {
  for (const event of events) if (event.kind === "element" && event.key === "findings") yield event.value as Finding;
}

/**
 * Checks that a parsed JSON document is a pricelint JSON report: its findings, its tool, instant
 * and summary as pricelint writes them (see checkReportHead), and each finding one that merge
 * and the writers can read. Anything else is a `usage` error naming `file` (and the member, or
 * the finding by its place in `findings`), as `pricelint merge` names it.
 */
export function readReport(document: unknown, file: string): ReportDocument {
  const r = document as Partial<ReportDocument> | null;
  if (
    typeof r !== "object" ||
    r === null ||
    !Array.isArray(r.findings) ||
    typeof r.summary !== "object" ||
    !Array.isArray(r.summary?.feeds)
  ) {
    throw new PricelintError("usage", NOT_A_REPORT, file);
  }
  checkReportHead(r as Record<string, unknown>, file);
  // A parsed document has no lines to name (JSON.parse keeps none): the finding is named by its place.
  const damaged = firstFindingFault(r.findings);
  if (damaged !== null) throw new PricelintError("usage", `findings[${damaged.index}] ${damaged.fault}: ${NOT_A_REPORT}`, file);
  return r as ReportDocument;
}
