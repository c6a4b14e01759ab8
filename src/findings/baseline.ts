import { doubled } from "../dataset/columns.js";
import { PricelintError } from "../model/errors.js";
import { describeValue } from "../text/describe-value.js";
import { SEVERITIES, withMember, type Finding } from "../model/finding.js";
import { isCheckReportHead, NOT_A_REPORT, type BaselineFinding } from "../model/report.js";

/** The rule of a rejected row's finding, which is matched by the row's content rather than by its id (see {@link rowKey}). */
const ROW_RULE = "feed/invalid-row";

/**
 * Reads the findings of an earlier pricelint JSON report; anything else is an error naming the
 * file. Each keeps, besides what {@link baselineFinding} reads, what comparing reads of it: its
 * waiver, and for a window's finding its promotion and interval, for a rejected row its values.
 */
export function readBaseline(document: unknown, file: string): BaselineFinding[] {
  const findings = (document as { findings?: unknown } | null)?.findings;
  // A trend is pricelint's JSON too, with findings that carry ids: only a check's report is a baseline.
  if (
    typeof document !== "object" ||
    document === null ||
    !Array.isArray(findings) ||
    !isCheckReportHead(document as Record<string, unknown>)
  ) {
    throw new PricelintError("usage", NOT_A_REPORT, file);
  }
  const head = document as Record<string, unknown>;
  const problem = baselineShardProblem(head);
  if (problem !== null) throw new PricelintError("usage", problem, file);
  const read = findings.map((f, i) => {
    const read: BaselineFinding = baselineFinding(f, i, file);
    const { waived = null, promotion = null, interval = null, values } = f as Record<string, unknown>;
    return {
      ...read,
      ...(waived === null ? {} : { waived }),
      ...(interval === null ? {} : { promotion, interval }),
      ...(read.rule === ROW_RULE && values !== undefined ? { values } : {}),
    };
  });
  const kind = { window: head["window"] !== undefined, file };
  for (const finding of read) baselineKinds.set(finding, kind);
  return read;
}

/**
 * What {@link readBaseline} read each finding of: a window's report or an instant's, and its file
 * (kept by finding, so that a baseline filtered or joined from it is still known).
 */
const baselineKinds = new WeakMap<BaselineFinding, { readonly window: boolean; readonly file: string }>();

/**
 * Why the report with head `head` cannot be a baseline whatever the run: one shard's report holds
 * only that shard's findings (shard 1 of 1, `--shard auto` with one task, checked the whole run).
 */
export function baselineShardProblem(head: Record<string, unknown>): string | null {
  const shard = (head["run"] as { shard?: unknown } | undefined)?.shard;
  const { index, count } = typeof shard === "object" && shard !== null ? (shard as { index?: unknown; count?: unknown }) : {};
  if (count === undefined || count === 1) return null;
  return `the baseline is the report of shard ${String(index)}/${String(count)}, which holds only that shard's findings: compare with the report of a whole run (merge the shards' reports first)`;
}

/** Why a baseline of a window's report (`was`) cannot be that of a run of one instant, or the other way round (`window`); null when both are alike. */
export function baselineKindProblem(was: boolean, window: boolean): string | null {
  if (was === window) return null;
  const [before, now] = window ? ["one instant", "a window"] : ["a window", "one instant"];
  return `the baseline checked ${before} and this run checks ${now}: a finding in a window has another id than at an instant (its id includes when it starts), so every finding would be new; compare with a report of ${now}`;
}

/** {@link baselineKindProblem} of the findings {@link readBaseline} read (those built otherwise are taken as they are), as a usage error naming their file. */
export function checkBaselineKind(baseline: readonly BaselineFinding[], window: boolean): void {
  for (const finding of baseline) {
    const kind = baselineKinds.get(finding);
    const problem = kind === undefined ? null : baselineKindProblem(kind.window, window);
    if (problem !== null) throw new PricelintError("usage", problem, kind!.file);
  }
}

/**
 * What is wrong with the severity of a report's finding read back, or null: pricelint writes
 * error, warning or info, waived or not. `--baseline`, `merge` and `trend` refuse any other alike
 * (`--fail-on` would read it as no severity it knows). Null, too, for what is no object (the
 * reader's other checks name it).
 */
export function severityFault(finding: unknown): string | null {
  if (typeof finding !== "object" || finding === null) return null;
  const { severity } = finding as { severity?: unknown };
  if ((SEVERITIES as readonly unknown[]).includes(severity)) return null;
  return `"severity" is ${severity === undefined ? "missing" : describeValue(severity)}, not error, warning or info`;
}

/**
 * One finding of an earlier report (`findings[i]` of `file`, starting on `line`, null where not
 * known) as far as comparing runs needs it; one without an id, or with a severity pricelint does
 * not write, is refused.
 */
export function baselineFinding(f: unknown, i: number, file: string, line: number | null = null): BaselineFinding {
  const id = refusedUnlessFinding(f, i, file, line);
  const { rule, severity, sku, location, channels, message } = f as Record<string, unknown>;
  return {
    id,
    rule: String(rule),
    severity: String(severity),
    sku: typeof sku === "string" ? sku : null,
    location: typeof location === "string" ? location : null,
    channels: Array.isArray(channels) ? channels.map(String) : [],
    message: String(message),
  };
}

/**
 * What a run of any size keeps of its baseline (the absent findings are read again, see
 * {@link compareWithBaseline}): each finding's id and standing, and the findings matched by
 * what they are rather than by id.
 */
export interface BaselineIds {
  /** Each id, with the place in the report of the first finding that has it. */
  readonly ids: ReadonlyMap<string, number>;
  /** Per finding, in report order: the place of the first finding with its id (its own, but for an id given twice). */
  readonly firstWithId: Int32Array;
  /**
   * At the place of the first finding with each id: what `--fail-on` read of it (see
   * {@link standingOf}; of an id given twice, the least of its findings'), with {@link BY_CONTENT}
   * set for a rejected row matched by its content.
   */
  readonly standing: Uint8Array;
  /** The places of a window's findings, by the violation they are of (see {@link violationKey}), each with its interval. */
  readonly windows: ReadonlyMap<string, readonly WindowPlace[]>;
  /** The places of rejected rows' findings, by the row's content (see {@link rowKey}), in report order. */
  readonly rows: ReadonlyMap<string, readonly number[]>;
}

/** A window's finding in a baseline: its place, and its interval in milliseconds. */
interface WindowPlace {
  readonly place: number;
  readonly from: number;
  readonly to: number;
}

/** Set in {@link BaselineIds.standing} for a rejected row matched by its content: no other row is matched to it by id. */
const BY_CONTENT = 8;
/** The bits of {@link BaselineIds.standing} that hold the standing itself. */
const STANDING = 7;

/**
 * What `--fail-on` reads of a finding, as one number: 0 waived, else its severity's rank (info 1,
 * warning 2, error 3); a severity that is none of them (a report not pricelint's) counts as any.
 * A finding that stands higher now than in the baseline is new: its waiver ended or its severity rose.
 */
function standingOf(severity: unknown, waived: boolean): number {
  if (waived) return 0;
  const rank = SEVERITIES.indexOf(severity as Finding["severity"]);
  return rank < 0 ? SEVERITIES.length : SEVERITIES.length - rank;
}

/**
 * The id of `findings[i]` of `file`, `f`, starting on `line`; refused when it has none, or its
 * severity is not one pricelint writes (see {@link severityFault}).
 */
function refusedUnlessFinding(f: unknown, i: number, file: string, line: number | null): string {
  const id = (f as { id?: unknown } | null)?.id;
  if (typeof id !== "string")
    throw new PricelintError("usage", `${findingPlace(i, line)} has no id; is this a pricelint JSON report?`, file);
  const fault = severityFault(f);
  if (fault !== null) throw new PricelintError("usage", [{ path: findingPlace(i, line), message: fault }], file);
  return id;
}

/**
 * Where a report's finding is, as merge, trend and --baseline name it: `findings[12] (line 140)`,
 * its place in the array and the line it starts on (null: a report in memory, which has none).
 */
export function findingPlace(index: number, line: number | null): string {
  return `findings[${index}]${line === null ? "" : ` (line ${line})`}`;
}

/**
 * The ids of an earlier report's findings, and what else comparing reads (see {@link
 * BaselineIds}); a finding without an id, or with a severity pricelint does not write, is
 * refused. `lineOf`: the line the finding just given starts on (null: none known).
 */
export function baselineIds(findings: Iterable<unknown>, file: string, lineOf: () => number | null = () => null): BaselineIds {
  const ids = new Map<string, number>();
  const windows = new Map<string, WindowPlace[]>();
  const rows = new Map<string, number[]>();
  let firstWithId: Int32Array = new Int32Array(1024);
  let standing: Uint8Array = new Uint8Array(1024);
  let i = 0;
  for (const f of findings) {
    const id = refusedUnlessFinding(f, i, file, lineOf());
    let first = ids.get(id);
    if (first === undefined) ids.set(id, (first = i));
    if (i === firstWithId.length) {
      firstWithId = doubled(firstWithId);
      standing = doubled(standing);
    }
    firstWithId[i] = first;
    const read = f as Partial<Finding>;
    const row = rowKey(read);
    if (row !== null) pushTo(rows, row, i);
    const interval = intervalOf(read);
    if (interval !== null) pushTo(windows, violationKey(read), { place: i, ...interval });
    const own = standingOf(read.severity, isWaived(f));
    // An id given twice stands as the least of its findings.
    if (first === i) standing[i] = row === null ? own : own | BY_CONTENT;
    else standing[first] = Math.min(standing[first]! & STANDING, own) | (standing[first]! & BY_CONTENT);
    i++;
  }
  return { ids, firstWithId: firstWithId.subarray(0, i), standing: standing.subarray(0, i), windows, rows };
}

/** How a run's findings compare with a baseline's ids (see {@link compareWithBaseline}). */
export interface BaselineComparison {
  readonly counts: { new: number; unchanged: number };
  /** New findings not waived, by severity: what `--fail-on` counts. */
  readonly newBySeverity: Record<Finding["severity"], number>;
  /** Whether the baseline's finding at this place (its id) is gone from this run. */
  goneAt(place: number): boolean;
}

/**
 * What comparing with a baseline reads of a finding: its id, its severity and whether it is
 * waived; and, where the finding is built, what matches a window's finding (its rule, sku,
 * location, channels, promotion and interval) and a rejected row's (its values).
 */
export type ComparedFinding = Pick<Finding, "id" | "severity"> & { readonly waived: unknown } & Partial<
    Pick<Finding, "rule" | "sku" | "location" | "channels" | "promotion" | "values" | "interval">
  >;

/** Findings that can give what comparing them with a baseline reads, in any order, without building each. */
export interface ComparedFindings {
  compared(): Iterable<ComparedFinding>;
}

/** What comparing the findings reads: their own, where they give it without building each finding, else the findings. */
export function comparedFindings(findings: Iterable<Finding>): Iterable<ComparedFinding> {
  const own = (findings as Partial<ComparedFindings>).compared;
  return typeof own === "function" ? own.call(findings) : findings;
}

/**
 * Compares findings with a baseline in one pass, keeping a byte per baseline finding: how many
 * are new and unchanged, and which baseline findings are gone (the absent ones are read from
 * the baseline again, only they parsed). A check's findings are not built for it.
 */
export function compareWithBaseline(findings: Iterable<Finding>, baseline: BaselineIds): BaselineComparison {
  const { firstWithId } = baseline;
  const matched = new Uint8Array(firstWithId.length);
  const isNew = newAgainst(baseline, matched);
  const newBySeverity = { error: 0, warning: 0, info: 0 };
  let unchanged = 0;
  let total = 0;
  for (const f of comparedFindings(findings)) {
    total++;
    if (isNew(f)) {
      if (!f.waived) newBySeverity[f.severity]++;
    } else unchanged++;
  }
  // A place past the baseline's findings (a file that grew since it was read) is taken for gone, as an unknown id is.
  const goneAt = (place: number) => place >= firstWithId.length || matched[firstWithId[place]!] === 0;
  return { counts: { new: total - unchanged, unchanged }, newBySeverity, goneAt };
}

/** The findings, each marked `new` or `unchanged` against the baseline, as they are iterated (again each time). */
export function markedFindings(findings: Iterable<Finding>, baseline: BaselineIds): Iterable<Finding> {
  return {
    *[Symbol.iterator]() {
      const isNew = newAgainst(baseline, null);
      for (const f of findings) yield withMember(f, "baseline", isNew(f) ? "new" : "unchanged");
    },
  };
}

/**
 * Whether each finding of one pass over a run's findings is new against the baseline, marking
 * on `matched` (at the place of the first finding with its id) each baseline finding it matches.
 * A finding matches the baseline's finding with its id; a window's finding, also each baseline
 * window finding of the same violation whose interval overlaps or meets its own (an interval
 * running at the window's start begins there, so its id changes with `--from`); a rejected row,
 * the baseline's row of the same content, the n-th such row now the n-th then (its id has its
 * line, which rows added above move). It is new unless a finding it matches stood as high for
 * `--fail-on` (see {@link standingOf}): one whose waiver ended, or whose severity rose, is new,
 * so a run with a baseline fails on it as one without does.
 */
function newAgainst(baseline: BaselineIds, matched: Uint8Array | null): (f: ComparedFinding) => boolean {
  const { ids, firstWithId, standing, windows, rows } = baseline;
  // Rows of one content seen so far in this pass: the next is matched to the baseline's next.
  const nth = rowOrdinals();
  const match = (place: number): number => {
    const first = firstWithId[place]!;
    if (matched !== null) matched[first] = 1;
    return standing[first]! & STANDING;
  };
  return (f) => {
    const now = standingOf(f.severity, Boolean(f.waived));
    let best = -1;
    const row = nth(f);
    const same = row === null ? undefined : rows.get(row.key);
    if (row !== null && same !== undefined) {
      if (row.n < same.length) best = match(same[row.n]!);
    } else {
      const place = ids.get(f.id);
      // A rejected row's id matches only a baseline row that has no content to match by.
      if (place !== undefined && (row === null || (standing[place]! & BY_CONTENT) === 0)) best = match(place);
      const interval = intervalOf(f);
      // A rejected row with content no baseline row has is new, whatever other rows of its sku the baseline holds.
      if (interval !== null && row === null) {
        for (const then of windows.get(violationKey(f)) ?? []) {
          if (then.from <= interval.to && interval.from <= then.to) best = Math.max(best, match(then.place));
        }
      }
    }
    return best < now;
  };
}

/**
 * What identifies the violation a window's finding is of (its id at an instant is a hash of
 * these): its rule, sku, location, channels and promotion; and for the findings whose id holds
 * more, that too: an unmapped column's file and name, an expired waiver's rule, end, reason and
 * ticket. (A rejected row is matched by its content, see {@link rowKey}.)
 */
function violationKey(f: Partial<Pick<Finding, "rule" | "sku" | "location" | "channels" | "promotion" | "values">>): string {
  const values = (typeof f.values === "object" && f.values !== null ? f.values : {}) as Record<string, unknown>;
  const more = (EXTRA_IDENTITY[f.rule ?? ""] ?? []).map((name) => values[name] ?? null);
  return JSON.stringify([f.rule ?? null, f.sku ?? null, f.location ?? null, f.channels ?? [], f.promotion ?? null, ...more]);
}

/** The values beyond rule, sku, location, channels and promotion that a finding's id holds, by rule. */
const EXTRA_IDENTITY: Readonly<Record<string, readonly string[]>> = {
  "feed/unmapped-column": ["file", "columnName"],
  "config/expired-waiver": ["rule", "until", "reason", "ticket"],
};

/** A finding's interval in milliseconds, or null (a finding at an instant, or an interval that is not two instants). */
function intervalOf(f: Partial<Pick<Finding, "interval">>): { from: number; to: number } | null {
  const interval = f.interval as { from?: unknown; to?: unknown } | null | undefined;
  if (typeof interval !== "object" || interval === null) return null;
  const from = typeof interval.from === "string" ? Date.parse(interval.from) : NaN;
  const to = typeof interval.to === "string" ? Date.parse(interval.to) : NaN;
  return Number.isNaN(from) || Number.isNaN(to) ? null : { from, to };
}

/**
 * What identifies a rejected row without its line: its file, its sku, and the column, value and
 * problem its finding names; null for another finding, or one without those values.
 */
function rowKey(f: Partial<Pick<Finding, "rule" | "sku" | "values">>): string | null {
  if (f.rule !== ROW_RULE || typeof f.values !== "object" || f.values === null) return null;
  const { file, columnName, field, value, code } = f.values as Record<string, unknown>;
  if (typeof file !== "string" || typeof code !== "string") return null;
  return JSON.stringify([file, f.sku ?? null, columnName ?? null, field ?? null, value ?? null, code]);
}

/** A rejected row's content (see {@link rowKey}), and how many rows of that content came before it in one pass over a run's findings. */
export interface RowOrdinal {
  readonly key: string;
  readonly n: number;
}

/**
 * Numbers the rejected rows of one pass over a run's findings (in report order) by their
 * content: for each finding, its content and its place among the rows of that content so far,
 * or null for a finding that is no rejected row with content. The n-th row of one content in a
 * run is the n-th of that content in another: its id has its line, which rows added or removed
 * above it move. `--baseline` matches rows so, and `pricelint trend` follows them so.
 */
export function rowOrdinals(): (f: Partial<Pick<Finding, "rule" | "sku" | "values">>) => RowOrdinal | null {
  const seen = new Map<string, number>();
  return (f) => {
    const key = rowKey(f);
    if (key === null) return null;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { key, n };
  };
}

/** Adds `value` to the list of `key`. */
function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Whether a report's finding, as read back, is waived. */
const isWaived = (f: unknown): boolean => {
  const waived = (f as { waived?: unknown } | null)?.waived;
  return waived !== undefined && waived !== null && waived !== false;
};

/**
 * Compares findings with a baseline, as {@link compareWithBaseline} does: each finding is marked
 * `new` or `unchanged`, and the baseline's findings that are gone are returned as `absent`, in
 * their original order.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: readonly BaselineFinding[],
): { findings: Finding[]; absent: BaselineFinding[]; counts: { new: number; unchanged: number; absent: number } } {
  const ids = baselineIds(baseline, "baseline");
  const comparison = compareWithBaseline(findings, ids);
  const absent = baseline.filter((_, place) => comparison.goneAt(place));
  return { findings: [...markedFindings(findings, ids)], absent, counts: { ...comparison.counts, absent: absent.length } };
}
