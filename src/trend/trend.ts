import { PricelintError } from "../model/errors.js";
import type { FindingCounts } from "../model/report.js";
import { compareNullableText, compareText } from "../text/compare.js";
import { formatInstant } from "../time/instant.js";
import { formatDuration } from "./duration.js";
import { followEpisodes } from "./episodes.js";
import type { FindingTable, TrackedFinding } from "./finding-table.js";
import { FixGroups, type FixStats } from "./fix-stats.js";
import type { RunDigest } from "./run-digest.js";

/** One run of a trend: its report, its counts, and how its findings changed since the run before. */
export interface TrendRun {
  readonly file: string;
  /** The run's instant: the report's `at`, or its window's end. */
  readonly instant: string;
  readonly window: { readonly from: string; readonly to: string } | null;
  readonly version: string;
  /** Findings the report lists. */
  readonly findings: number;
  readonly severity: FindingCounts;
  readonly rules: readonly { readonly rule: string; readonly findings: number }[];
  readonly channels: readonly { readonly channel: string; readonly findings: number }[];
  readonly locations: readonly { readonly location: string | null; readonly findings: number }[];
  /** Distinct findings in this run (by id; a rejected row by its content): new + still open. */
  readonly open: number;
  readonly new: number;
  /** Findings of the run before that this run no longer has. */
  readonly fixed: number;
  readonly stillOpen: number;
}

/** An episode of a finding: the run it appeared in, the last run it was in, and the run that no longer had it. */
export interface TrendEpisode {
  readonly from: string;
  readonly lastSeen: string;
  /** The first run without it, or null while it is open. */
  readonly fixedAt: string | null;
  /** fixedAt − from; while open, the last run − from. */
  readonly durationMs: number;
}

/**
 * A finding over the series: what identifies it (its id and severity as its latest run gave
 * them: a rejected row is followed by its content, as `--baseline` matches it, so its id is that
 * of the line it was on last), and its runs.
 */
export interface TrendFinding extends TrackedFinding {
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly status: "open" | "fixed";
  /** Open: the last run − the start of its open episode. Fixed: its last episode's time to fix. */
  readonly ageMs: number;
  readonly age: string;
  readonly episodes: readonly TrendEpisode[];
}

/** A series of JSON reports as a trend (README, "Trends over runs"). */
export interface Trend {
  readonly tool: { readonly name: "pricelint"; readonly version: string };
  /** In time order. */
  readonly runs: readonly TrendRun[];
  /** Every finding of any run, by rule, sku, location, promotion, id. */
  readonly findings: readonly TrendFinding[];
  /** Over the episodes fixed within the series; open ones have no time to fix yet. */
  readonly timeToFix: {
    readonly all: FixStats;
    readonly rules: readonly ({ readonly rule: string } & FixStats)[];
    readonly channels: readonly ({ readonly channel: string } & FixStats)[];
    readonly locations: readonly ({ readonly location: string | null } & FixStats)[];
  };
  /** What may make the series say more than the feeds did (a config that changed between runs). */
  readonly warnings: readonly string[];
}

/**
 * The trend of a series of runs, given in any order: they are put in time order, and two of one
 * instant are refused, naming how they differ, unless they are one report given twice, as is a
 * series mixing window and single-instant reports (their ids never match). A config that changed
 * between runs (rules counted, feeds read, version) is a warning: findings new or fixed there
 * may come from the change.
 */
export function buildTrend(digests: readonly RunDigest[], table: FindingTable, version: string): Trend {
  if (digests.length === 0) throw new PricelintError("usage", "trend needs at least one JSON report");
  const sorted = [...digests].sort((a, b) => a.instant - b.instant);
  const warnings: string[] = [];
  // The same report twice (a nightly folder's latest.json beside its dated copy) is one run.
  const runs = sorted.filter((run, r) => {
    const before = sorted[r - 1];
    if (before === undefined || !sameRun(before, run)) return true;
    warnings.push(`${run.file}: the same report as ${before.file} (the same instant and findings): read once`);
    return false;
  });
  runs.forEach((run, r) => {
    const before = runs[r - 1];
    if (before === undefined) return;
    if (before.instant === run.instant) {
      // Which one the run was, the file names cannot say. (A shard's report is refused before: these are whole runs.)
      const same = `it is of the same instant as ${before.file} (${formatInstant(run.instant)})`;
      const why = `it is not the same report (${differences(before, run).join(", ")}): a trend takes one report per run; give only the one that counts`;
      throw new PricelintError(
        "usage",
        sameIds(before, run) ? `${same} and lists the same findings, but ${why}` : `${same} but ${why}`,
        run.file,
      );
    }
    if ((before.window === null) !== (run.window === null)) {
      const [windowed, single] = run.window === null ? [before, run] : [run, before];
      throw new PricelintError(
        "usage",
        `a window report (--from/--to) cannot be in one trend with a single-instant report (${single.file}): their finding ids never match`,
        windowed.file,
      );
    }
    const changed = [
      before.version !== run.version ? `pricelint ${before.version} → ${run.version}` : null,
      before.rules !== run.rules ? `${before.rules} → ${run.rules} rules` : null,
      before.feeds !== run.feeds ? "other feed files" : null,
      // The config's digest covers its settings too (a rule's tolerance, a waiver), which the counts above do not show.
      before.config !== null && run.config !== null && before.config !== run.config ? "other settings" : null,
    ].filter((c) => c !== null);
    if (changed.length > 0) {
      warnings.push(
        `${run.file}: the config changed since ${before.file} (${changed.join(", ")}): findings new or fixed there may come from the change, not the feeds`,
      );
    }
  });
  for (const run of runs) {
    const s = run.summarySeverity;
    const c = run.severity;
    if (s.error !== c.error || s.warning !== c.warning || s.info !== c.info || s.waived !== c.waived) {
      warnings.push(
        `${run.file}: its summary counts ${s.error}/${s.warning}/${s.info}/${s.waived} findings (error/warning/info/waived) but it lists ${c.error}/${c.warning}/${c.info}/${c.waived}: the findings list may not be the whole run`,
      );
    }
  }
  if (runs[0]!.window !== null) {
    warnings.push(
      "window reports: a finding's id includes the start of its interval, so a violation that lasts from one window into the next counts as fixed and new; trend reports of check --at for times to fix",
    );
  }

  const { changes, episodes } = followEpisodes(runs, table.size);
  const instants = runs.map((run) => formatInstant(run.instant));
  const lastInstant = runs[runs.length - 1]!.instant;
  const all = new FixGroups<null>();
  const byRule = new FixGroups<string>();
  const byChannel = new FixGroups<string>();
  const byLocation = new FixGroups<string | null>();
  const findings: TrendFinding[] = [];
  for (let i = 0; i < episodes.length;) {
    const n = episodes[i]!.finding;
    const f = table.get(n);
    const own: TrendEpisode[] = [];
    for (; i < episodes.length && episodes[i]!.finding === n; i++) {
      const e = episodes[i]!;
      const from = runs[e.start]!.instant;
      const durationMs = (e.end === null ? lastInstant : runs[e.end]!.instant) - from;
      own.push({ from: instants[e.start]!, lastSeen: instants[e.last]!, fixedAt: e.end === null ? null : instants[e.end]!, durationMs });
      if (e.end === null) continue;
      all.add(null, durationMs);
      byRule.add(f.rule, durationMs);
      for (const channel of new Set(f.channels)) byChannel.add(channel, durationMs);
      byLocation.add(f.location, durationMs);
    }
    const latest = own[own.length - 1]!;
    findings.push({
      id: f.id,
      rule: f.rule,
      severity: f.severity,
      sku: f.sku,
      location: f.location,
      channels: f.channels,
      promotion: f.promotion,
      firstSeen: own[0]!.from,
      lastSeen: latest.lastSeen,
      status: latest.fixedAt === null ? "open" : "fixed",
      ageMs: latest.durationMs,
      age: formatDuration(latest.durationMs),
      episodes: own,
    });
  }
  findings.sort(
    (a, b) =>
      compareText(a.rule, b.rule) ||
      compareNullableText(a.sku, b.sku) ||
      compareNullableText(a.location, b.location) ||
      compareNullableText(a.promotion, b.promotion) ||
      compareText(a.id, b.id),
  );

  return {
    tool: { name: "pricelint", version },
    runs: runs.map((run, r) => ({
      file: run.file,
      instant: instants[r]!,
      window: run.window,
      version: run.version,
      findings: run.findings,
      severity: run.severity,
      rules: sortedCounts(run.byRule).map(([rule, findings]) => ({ rule, findings })),
      channels: sortedCounts(run.byChannel).map(([channel, findings]) => ({ channel, findings })),
      locations: sortedCounts(run.byLocation).map(([location, findings]) => ({ location, findings })),
      ...changes[r]!,
    })),
    findings,
    timeToFix: {
      all: all.stats()[0]?.stats ?? { fixed: 0, meanMs: null, medianMs: null, mean: null, median: null },
      rules: byRule.stats().map(({ key, stats }) => ({ rule: key, ...stats })),
      channels: byChannel.stats().map(({ key, stats }) => ({ channel: key, ...stats })),
      locations: byLocation.stats().map(({ key, stats }) => ({ location: key, ...stats })),
    },
    warnings,
  };
}

function sortedCounts<K extends string | null>(counts: ReadonlyMap<K, number>): [K, number][] {
  return [...counts].sort((a, b) => compareNullableText(a[0], b[0]));
}

/** Whether two reports are one run's, given twice: the same instant, config and findings, each as written (its severity, waiver, values). */
function sameRun(a: RunDigest, b: RunDigest): boolean {
  return a.instant === b.instant && differences(a, b).length === 0;
}

/** Whether two runs list the same finding ids. */
function sameIds(a: RunDigest, b: RunDigest): boolean {
  return a.present.length === b.present.length && a.present.every((n, i) => n === b.present[i]);
}

/** How two reports of one instant differ, in words; none when they are the same report. */
function differences(a: RunDigest, b: RunDigest): string[] {
  return [
    (a.window === null) !== (b.window === null) ? "a window report beside a single-instant one" : null,
    a.window !== null && b.window !== null && a.window.from !== b.window.from ? `windows from ${a.window.from} and ${b.window.from}` : null,
    a.version !== b.version ? `pricelint ${a.version} and ${b.version}` : null,
    a.rules !== b.rules ? `${a.rules} and ${b.rules} rules` : null,
    a.feeds !== b.feeds ? "other feed files" : null,
    a.config !== b.config ? "another config digest" : null,
    !sameIds(a, b) ? "other findings" : a.content !== b.content ? "the findings differ in severity, waiver or values" : null,
  ].filter((d) => d !== null);
}
