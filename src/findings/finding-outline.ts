import type { Finding, Severity } from "../model/finding.js";

/**
 * What a pass that counts findings reads of each one (the HTML page's charts, the rules and
 * notifications SARIF lists first, JUnit's testcases): its rule, severity, sku, where and when,
 * whether a waiver covers it and whether it points at any row.
 */
export interface FindingOutline {
  readonly rule: string;
  readonly severity: Severity;
  readonly sku: string | null;
  readonly location: string | null;
  readonly channels: readonly string[];
  readonly interval: Finding["interval"];
  readonly waived: boolean;
  /** Whether it names a row of a feed (findings about a config or a whole feed may name none). */
  readonly sourced: boolean;
}

/** Findings that can give their outlines, and each rule's first findings, in their order, without building the others. */
export interface FindingOutlines {
  outlines(): Iterable<FindingOutline>;
  /** The first `limit` findings of each rule, the findings being grouped by rule. */
  firstOfEachRule(limit: number): Iterable<Finding>;
}

/** The outline of a finding built. */
export function outlineOf(f: Finding): FindingOutline {
  const { rule, severity, sku, location, channels, interval } = f;
  return { rule, severity, sku, location, channels, interval, waived: Boolean(f.waived), sourced: f.sources.length > 0 };
}

/** Whether the findings give their own outlines (see {@link FindingOutlines}). */
export function hasOutlines(findings: Iterable<Finding>): findings is Iterable<Finding> & FindingOutlines {
  return typeof (findings as Partial<FindingOutlines>).outlines === "function";
}

/** The findings' outlines in order: their own where they give them, else each finding's, built. */
export function outlines(findings: Iterable<Finding>): Iterable<FindingOutline> {
  if (hasOutlines(findings)) return findings.outlines();
  return (function* () {
    for (const f of findings) yield outlineOf(f);
  })();
}

/**
 * The first `limit` findings of each rule, in the findings' order: a check's build only those;
 * other findings are read through, each rule's past its first `limit` passed over.
 */
export function firstOfEachRule(findings: Iterable<Finding>, limit: number): Iterable<Finding> {
  if (hasOutlines(findings)) return findings.firstOfEachRule(limit);
  return (function* () {
    const taken = new Map<string, number>();
    for (const f of findings) {
      const n = taken.get(f.rule) ?? 0;
      if (!(n < limit)) continue;
      taken.set(f.rule, n + 1);
      yield f;
    }
  })();
}
