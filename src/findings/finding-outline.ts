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

/** Findings that can give their outlines, in their order, without building each finding. */
export interface FindingOutlines {
  outlines(): Iterable<FindingOutline>;
}

/** The outline of a finding built. */
export function outlineOf(f: Finding): FindingOutline {
  const { rule, severity, sku, location, channels, interval } = f;
  return { rule, severity, sku, location, channels, interval, waived: f.waived !== null, sourced: f.sources.length > 0 };
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
