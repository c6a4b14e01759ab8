import { PricelintError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import type { BaselineFinding } from "../model/report.js";

/** Reads the findings of an earlier pricelint JSON report; anything else is an error naming the file. */
export function readBaseline(document: unknown, file: string): BaselineFinding[] {
  const findings = (document as { findings?: unknown } | null)?.findings;
  if (typeof document !== "object" || document === null || !Array.isArray(findings)) {
    throw new PricelintError("usage", "not a pricelint JSON report (no findings array); write one with --format json:FILE", file);
  }
  return findings.map((f, i) => {
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
  });
}

/**
 * Compares findings with a baseline by id: each finding is marked `new` or `unchanged`, and the
 * baseline's findings that are gone are returned as `absent`, in their original order.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: readonly BaselineFinding[],
): { findings: Finding[]; absent: BaselineFinding[]; counts: { new: number; unchanged: number; absent: number } } {
  const before = new Set(baseline.map((f) => f.id));
  const now = new Set(findings.map((f) => f.id));
  const marked = findings.map((f): Finding => ({ ...f, baseline: before.has(f.id) ? "unchanged" : "new" }));
  const absent = baseline.filter((f) => !now.has(f.id));
  const unchanged = marked.filter((f) => f.baseline === "unchanged").length;
  return { findings: marked, absent, counts: { new: marked.length - unchanged, unchanged, absent: absent.length } };
}
