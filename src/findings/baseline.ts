import { doubled } from "../dataset/columns.js";
import { PricelintError } from "../model/errors.js";
import { withMember, type Finding } from "../model/finding.js";
import { isCheckReportHead, NOT_A_REPORT, type BaselineFinding } from "../model/report.js";

/** Reads the findings of an earlier pricelint JSON report; anything else is an error naming the file. */
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
  // A finding's waiver is kept: one waived then and not now (its waiver ended) is new.
  return findings.map((f, i) => {
    const waived = (f as { waived?: unknown } | null)?.waived ?? null;
    return waived === null ? baselineFinding(f, i, file) : { ...baselineFinding(f, i, file), waived };
  });
}

/** One finding of an earlier report (`findings[i]` of `file`) as far as comparing runs needs it; one without an id is refused. */
export function baselineFinding(f: unknown, i: number, file: string): BaselineFinding {
  const id = (f as { id?: unknown } | null)?.id;
  if (typeof id !== "string") throw new PricelintError("usage", `findings[${i}] has no id; is this a pricelint JSON report?`, file);
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
 * An earlier report's finding ids: all a run of any size keeps of its baseline (the absent
 * findings are read again, see {@link compareWithBaseline}).
 */
export interface BaselineIds {
  /** Each id, with the place in the report of the first finding that has it. */
  readonly ids: ReadonlyMap<string, number>;
  /** The ids of findings the baseline holds waived: one not waived now (its waiver ended) is new. */
  readonly waived: ReadonlySet<string>;
  /** Per finding, in report order: the place of the first finding with its id (its own, but for an id given twice). */
  readonly firstWithId: Int32Array;
}

/** The ids of an earlier report's findings (see {@link BaselineIds}); a finding without one is refused. */
export function baselineIds(findings: Iterable<unknown>, file: string): BaselineIds {
  const ids = new Map<string, number>();
  const waived = new Set<string>();
  let firstWithId: Int32Array = new Int32Array(1024);
  let i = 0;
  for (const f of findings) {
    const id = (f as { id?: unknown } | null)?.id;
    if (typeof id !== "string") throw new PricelintError("usage", `findings[${i}] has no id; is this a pricelint JSON report?`, file);
    let first = ids.get(id);
    if (first === undefined) ids.set(id, (first = i));
    if (isWaived(f)) waived.add(id);
    if (i === firstWithId.length) firstWithId = doubled(firstWithId);
    firstWithId[i++] = first;
  }
  return { ids, waived, firstWithId: firstWithId.subarray(0, i) };
}

/** How a run's findings compare with a baseline's ids (see {@link compareWithBaseline}). */
export interface BaselineComparison {
  readonly counts: { new: number; unchanged: number };
  /** New findings not waived, by severity: what `--fail-on` counts. */
  readonly newBySeverity: Record<Finding["severity"], number>;
  /** Whether the baseline's finding at this place (its id) is gone from this run. */
  goneAt(place: number): boolean;
}

/** What comparing with a baseline reads of a finding: its id, its severity and whether it is waived. */
export type ComparedFinding = Pick<Finding, "id" | "severity"> & { readonly waived: unknown };

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
 * Compares findings with a baseline's ids in one pass, keeping a byte per baseline finding: how
 * many are new and unchanged, and which baseline findings are gone (the absent ones are read
 * from the baseline again, only they parsed). A check's findings are not built for it.
 */
export function compareWithBaseline(findings: Iterable<Finding>, baseline: BaselineIds): BaselineComparison {
  const { ids, firstWithId } = baseline;
  const matched = new Uint8Array(firstWithId.length);
  const newBySeverity = { error: 0, warning: 0, info: 0 };
  let unchanged = 0;
  let total = 0;
  for (const f of comparedFindings(findings)) {
    total++;
    const i = ids.get(f.id);
    if (i !== undefined) matched[i] = 1;
    if (isNew(f.id, Boolean(f.waived), baseline)) {
      if (!f.waived) newBySeverity[f.severity]++;
    } else unchanged++;
  }
  // A place past the baseline's findings (a file that grew since it was read) is taken for gone, as an unknown id is.
  const goneAt = (place: number) => place >= firstWithId.length || matched[firstWithId[place]!] === 0;
  return { counts: { new: total - unchanged, unchanged }, newBySeverity, goneAt };
}

/** The findings, each marked `new` or `unchanged` against the baseline's ids, as they are iterated (again each time). */
export function markedFindings(findings: Iterable<Finding>, baseline: BaselineIds): Iterable<Finding> {
  return {
    *[Symbol.iterator]() {
      for (const f of findings) yield withMember(f, "baseline", isNew(f.id, f.waived !== null, baseline) ? "new" : "unchanged");
    },
  };
}

/**
 * Whether a finding is new against the baseline: its id is not there, or it was waived there
 * and is not now (its waiver ended): a nightly run with a baseline fails on it, as one without does.
 */
function isNew(id: string, waivedNow: boolean, { ids, waived }: Pick<BaselineIds, "ids" | "waived">): boolean {
  return !ids.has(id) || (!waivedNow && waived.has(id));
}

/** Whether a report's finding, as read back, is waived. */
const isWaived = (f: unknown): boolean => {
  const waived = (f as { waived?: unknown } | null)?.waived;
  return waived !== undefined && waived !== null && waived !== false;
};

/**
 * Compares findings with a baseline by id: each finding is marked `new` or `unchanged`, and the
 * baseline's findings that are gone are returned as `absent`, in their original order.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: readonly BaselineFinding[],
): { findings: Finding[]; absent: BaselineFinding[]; counts: { new: number; unchanged: number; absent: number } } {
  const before = { ids: new Map(baseline.map((f, i) => [f.id, i])), waived: new Set(baseline.filter(isWaived).map((f) => f.id)) };
  const now = new Set(findings.map((f) => f.id));
  const marked = findings.map((f): Finding => ({ ...f, baseline: isNew(f.id, f.waived !== null, before) ? "new" : "unchanged" }));
  const absent = baseline.filter((f) => !now.has(f.id));
  const unchanged = marked.filter((f) => f.baseline === "unchanged").length;
  return { findings: marked, absent, counts: { new: marked.length - unchanged, unchanged, absent: absent.length } };
}
