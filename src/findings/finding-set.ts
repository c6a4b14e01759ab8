import type { Finding, Severity } from "../model/finding.js";
import type { Report, ReportFindings } from "../model/report.js";
import type { CompiledRule } from "../rules/rule.js";
import { doubled } from "../dataset/columns.js";
import { emptyHead, tally, type RuleHead, type RuleHeads } from "./rule-heads.js";
import { outlineOf, type FindingOutline, type FindingOutlines } from "./finding-outline.js";
import type { ComparedFinding, ComparedFindings } from "./baseline.js";
import { countFindings } from "./summarise.js";
import { findWaiver, waive, type Waiver } from "./waivers.js";
import { compareText } from "../text/compare.js";

/**
 * One offer- or pair-scope rule's findings, kept as what identifies each: the offer store rows
 * compared and the location id. Millions of findings then take 12 bytes each; a {@link Finding}
 * with its values, message, sources and id is built only when it is read.
 */
export class CompactFindings {
  length = 0;
  private a: Int32Array = new Int32Array(256);
  private b: Int32Array = new Int32Array(256);
  private at: Int32Array = new Int32Array(256);

  constructor(readonly rule: CompiledRule) {}

  /** A finding on store row `rowA` (and `rowB`, for pairs; else -1) at location id `location`. */
  push(rowA: number, rowB: number, location: number): void {
    if (this.length === this.a.length) {
      this.a = doubled(this.a);
      this.b = doubled(this.b);
      this.at = doubled(this.at);
    }
    this.a[this.length] = rowA;
    this.b[this.length] = rowB;
    this.at[this.length++] = location;
  }

  rowA(i: number): number {
    return this.a[i]!;
  }

  rowB(i: number): number {
    return this.b[i]!;
  }

  location(i: number): number {
    return this.at[i]!;
  }

  /**
   * Sorts the entries from `from` on (one sku's) by `compare` on their row and location, stably.
   * A sku's few (up to INSERTION_MAX, most skus) are sorted in place, without an object per entry.
   */
  sortFrom(from: number, compare: (rowA: number, location: number, rowA2: number, location2: number) => number): void {
    const { a, b, at } = this;
    if (this.length - from > INSERTION_MAX) {
      const entries: { a: number; b: number; at: number }[] = [];
      for (let i = from; i < this.length; i++) entries.push({ a: a[i]!, b: b[i]!, at: at[i]! });
      entries.sort((x, y) => compare(x.a, x.at, y.a, y.at));
      entries.forEach((e, k) => {
        a[from + k] = e.a;
        b[from + k] = e.b;
        at[from + k] = e.at;
      });
      return;
    }
    for (let i = from + 1; i < this.length; i++) {
      const rowA = a[i]!;
      const rowB = b[i]!;
      const location = at[i]!;
      let j = i;
      for (; j > from && compare(a[j - 1]!, at[j - 1]!, rowA, location) > 0; j--) {
        a[j] = a[j - 1]!;
        b[j] = b[j - 1]!;
        at[j] = at[j - 1]!;
      }
      a[j] = rowA;
      b[j] = rowB;
      at[j] = location;
    }
  }
}

/** Findings that say, as they are read, which of them the evaluator has just built (see FindingSet.written). */
export interface WrittenFindings extends Iterable<Finding> {
  written<T>(write: (finding: Finding, built: boolean) => T): Iterable<T>;
}

const asIs = (finding: Finding): Finding => finding;

/** The most entries sorted by insertion (quadratic at worst); more go through Array.prototype.sort. */
const INSERTION_MAX = 64;

/** How compact findings become findings: built by the evaluator that found them. */
export interface FindingSource {
  /** The whole finding (values, message, sources, id) of entry `i` of `list`. */
  finding(list: CompactFindings, i: number): Finding;
  /** Just its sku and location, to match waivers without building it. */
  skuOf(list: CompactFindings, i: number): string;
  locationOf(list: CompactFindings, i: number): string | null;
  /** Just its channels, as the finding has them (for its outline and its id). */
  channelsOf(list: CompactFindings, i: number): readonly string[];
  /** Just its id, as the finding has it (to compare with a baseline). */
  idOf(list: CompactFindings, i: number): string;
}

/**
 * The findings of a check in report order (see findings/order.ts: by rule, then sku, location…), without
 * holding millions of finding objects: `objects` are findings already built (sorted, waivers
 * applied), and each compact list holds all the findings of one rule, already in order (the
 * evaluator visits skus in order and sorts each sku's few). Iterating builds each finding as it
 * is reached.
 */
export class FindingSet implements ReportFindings, WrittenFindings, RuleHeads, FindingOutlines, ComparedFindings {
  readonly size: number;
  private readonly order: { readonly rule: string; readonly compact: CompactFindings | null }[];

  constructor(
    private readonly objects: readonly Finding[],
    private readonly compact: readonly CompactFindings[],
    private readonly source: FindingSource | null,
    private readonly waivers: readonly Waiver[],
  ) {
    this.size = objects.length + compact.reduce((n, c) => n + c.length, 0);
    const rules = new Map<string, CompactFindings | null>();
    for (const f of objects) if (!rules.has(f.rule)) rules.set(f.rule, null);
    for (const c of compact) {
      if (c.length === 0) continue;
      if (rules.has(c.rule.id)) throw new Error(`findings of ${c.rule.id} are both compact and built`);
      rules.set(c.rule.id, c);
    }
    this.order = [...rules].sort(([a], [b]) => compareText(a, b)).map(([rule, compact]) => ({ rule, compact }));
  }

  // Every report reads the findings so: through `written`, where the views below go through byRule.
  [Symbol.iterator](): Iterator<Finding> {
    return this.written(asIs)[Symbol.iterator]();
  }

  /**
   * What `write` gives of each finding in report order, told whether the evaluator has just built
   * it from a compact entry: plain data of the finding's shape with its twelve members, which a
   * writer need not prove (see report/finding-text.ts).
   */
  *written<T>(write: (finding: Finding, built: boolean) => T): Iterable<T> {
    let next = 0;
    for (const { rule, compact } of this.order) {
      if (compact === null) {
        while (next < this.objects.length && this.objects[next]!.rule === rule) yield write(this.objects[next++]!, false);
        continue;
      }
      for (let i = 0; i < compact.length; i++) yield write(this.waive(this.source!.finding(compact, i)), true);
    }
  }

  /** Every finding's outline in report order, building no compact finding. */
  outlines(): Iterable<FindingOutline> {
    const source = this.source!;
    return this.byRule(outlineOf, (list, i, waived) => ({
      rule: list.rule.id,
      // A compact list's findings all have its rule's severity, and rows to point at.
      severity: list.rule.severity as Severity,
      sku: source.skuOf(list, i),
      location: source.locationOf(list, i),
      channels: source.channelsOf(list, i),
      interval: null,
      waived: waived(i),
      sourced: true,
    }));
  }

  /** The first `limit` findings of each rule in report order, building no other compact finding. */
  firstOfEachRule(limit: number): Iterable<Finding> {
    return this.byRule(
      (f, n) => (n < limit ? f : undefined),
      (list, i) => this.waive(this.source!.finding(list, i)),
      limit,
    );
  }

  /** Each finding's id, severity and whether it is waived, in report order, building no compact finding (see compareWithBaseline). */
  compared(): Iterable<ComparedFinding> {
    const source = this.source!;
    return this.byRule<ComparedFinding>(
      (f) => f,
      (list, i, waived) => ({ id: source.idOf(list, i), severity: list.rule.severity as Severity, waived: waived(i) }),
    );
  }

  /**
   * In report order, rule by rule: what `object` gives of each finding built (the n-th of its
   * rule; undefined: nothing), and what `compact` gives of each of a compact list's first `upTo`
   * entries, told whether a waiver covers an entry.
   */
  private *byRule<T>(
    object: (f: Finding, n: number) => T | undefined,
    compact: (list: CompactFindings, i: number, waived: (i: number) => boolean) => T,
    upTo = Infinity,
  ): Generator<T> {
    let next = 0;
    for (const { rule, compact: list } of this.order) {
      if (list === null) {
        for (let n = 0; next < this.objects.length && this.objects[next]!.rule === rule; n++) {
          const value = object(this.objects[next++]!, n);
          if (value !== undefined) yield value;
        }
        continue;
      }
      const waived = this.waivedAt(list);
      for (let i = 0; i < Math.min(upTo, list.length); i++) yield compact(list, i, waived);
    }
  }

  /** Findings by rule id, without building any. */
  countByRule(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const f of this.objects) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    for (const c of this.compact) if (c.length > 0) counts[c.rule.id] = (counts[c.rule.id] ?? 0) + c.length;
    return counts;
  }

  toJSON(): Finding[] {
    return [...this];
  }

  /** Findings by severity, waived ones apart, without building any. */
  countBySeverity(): Report["summary"]["findings"] {
    const counts = countFindings(this.objects);
    for (const c of this.compact) {
      const waived = this.waivedIn(c);
      counts.waived += waived;
      counts[c.rule.severity as Severity] += c.length - waived;
    }
    return counts;
  }

  /** Each rule's counts and first `limit` findings (see {@link RuleHead}), building no other compact finding. */
  headsByRule(limit: number): RuleHead[] {
    const heads: RuleHead[] = [];
    let next = 0;
    for (const { rule, compact } of this.order) {
      const head = emptyHead(rule);
      heads.push(head);
      if (compact === null) {
        while (next < this.objects.length && this.objects[next]!.rule === rule) tally(head, this.objects[next++]!, limit);
        continue;
      }
      // A compact list's findings all have its rule's severity.
      const severity = compact.rule.severity as Severity;
      const waived = this.waivedIn(compact);
      head.counts.waived += waived;
      head.counts[severity] += compact.length - waived;
      head.severities.add(severity);
      head.count = compact.length;
      for (let i = 0; i < Math.min(limit, compact.length); i++) head.shown.push(this.waive(this.source!.finding(compact, i)));
    }
    return heads;
  }

  /** How many of a compact list's findings a waiver covers, found by their sku and location alone. */
  private waivedIn(list: CompactFindings): number {
    if (!this.waivers.some((w) => w.rule === list.rule.id)) return 0;
    const waived = this.waivedAt(list);
    let count = 0;
    for (let i = 0; i < list.length; i++) if (waived(i)) count++;
    return count;
  }

  /** Whether a waiver covers a compact list's i-th finding, found by its sku and location alone. */
  private waivedAt(list: CompactFindings): (i: number) => boolean {
    const rule = list.rule.id;
    const waivers = this.waivers.filter((w) => w.rule === rule);
    if (waivers.length === 0) return () => false;
    const source = this.source!;
    return (i) => findWaiver(waivers, rule, source.skuOf(list, i), source.locationOf(list, i)) !== undefined;
  }

  private waive(finding: Finding): Finding {
    const w = findWaiver(this.waivers, finding.rule, finding.sku, finding.location);
    return w ? waive(finding, w) : finding;
  }
}
