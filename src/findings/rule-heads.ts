import type { Finding } from "../model/finding.js";
import { noFindings, type FindingCounts } from "../model/report.js";

/** One rule's findings as a summary lists them: counts, severities, how many, and the first few. */
export interface RuleHead {
  readonly rule: string;
  /** By severity, waived ones apart. */
  readonly counts: FindingCounts;
  /** The severities its findings have, in the order first met. */
  readonly severities: Set<string>;
  /** Its first findings in report order, no more than the limit asked for. */
  readonly shown: Finding[];
  count: number;
}

/** Findings that can give each rule's head without building the findings past it. */
export interface RuleHeads {
  headsByRule(limit: number): RuleHead[];
}

/** A rule's head with no finding yet. */
export function emptyHead(rule: string): RuleHead {
  return { rule, counts: noFindings(), severities: new Set(), shown: [], count: 0 };
}

/** Counts `finding` into its rule's head, and keeps it if fewer than `limit` are kept. */
export function tally(head: RuleHead, finding: Finding, limit: number): void {
  head.counts[finding.waived ? "waived" : finding.severity]++;
  head.severities.add(finding.severity);
  if (head.shown.length < limit) head.shown.push(finding);
  head.count++;
}

/**
 * Per rule, in the order the findings first name it, its head (see {@link RuleHead}): from the
 * findings themselves where they can give it without building every finding, else in one pass
 * over them.
 */
export function headsByRule(findings: Iterable<Finding>, limit: number): RuleHead[] {
  const own = (findings as Partial<RuleHeads>).headsByRule;
  if (typeof own === "function") return own.call(findings, limit);
  const heads = new Map<string, RuleHead>();
  for (const f of findings) {
    let head = heads.get(f.rule);
    if (!head) heads.set(f.rule, (head = emptyHead(f.rule)));
    tally(head, f, limit);
  }
  return [...heads.values()];
}
