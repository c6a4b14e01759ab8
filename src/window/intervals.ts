import type { Finding } from "../model/finding.js";
import { formatInstant, type Instant } from "../time/instant.js";
import { findingId } from "../findings/finding-id.js";

/**
 * Merges the findings of consecutive checks over a window into one finding per violation:
 * `segments[i]` holds the findings from `points[i]` until `points[i + 1]` (the last until
 * `to`). A finding present in contiguous segments becomes one finding whose `interval` spans
 * them, with the values of its first segment; a violation that stops and comes back, or whose
 * waiver ends, is two findings, whose ids include their interval's start.
 */
export function mergeIntervals(segments: readonly (readonly Finding[])[], points: readonly Instant[], to: Instant): Finding[] {
  const open = new Map<string, { finding: Finding; from: Instant; until: Instant }>();
  const out: Finding[] = [];
  const close = (entry: { finding: Finding; from: Instant; until: Instant }) =>
    out.push(intervalFinding(entry.finding, entry.from, entry.until));
  segments.forEach((findings, i) => {
    const start = points[i]!;
    const end = points[i + 1] ?? to;
    const seen = new Set<string>();
    for (const f of findings) {
      seen.add(f.id);
      const running = open.get(f.id);
      // A waiver that ends inside the window splits the violation: waived until then, not after.
      if (running && running.until === start && sameWaiver(running.finding, f)) running.until = end;
      else {
        if (running) close(running);
        open.set(f.id, { finding: f, from: start, until: end });
      }
    }
    for (const [id, running] of open) {
      if (!seen.has(id) && running.until <= start) {
        close(running);
        open.delete(id);
      }
    }
  });
  for (const running of open.values()) close(running);
  return out;
}

/**
 * The same merging, told as it happens: a violation opens at an instant and closes at a later
 * one, and is then one finding with that `interval` and the values it opened with (what an
 * incremental window builds, see window/incremental.ts).
 */
export class OpenIntervals {
  private readonly running = new Map<string, { finding: Finding; from: Instant }>();
  private readonly out: Finding[] = [];

  isOpen(id: string): boolean {
    return this.running.has(id);
  }

  open(finding: Finding, at: Instant): void {
    this.running.set(finding.id, { finding, from: at });
  }

  close(id: string, at: Instant): void {
    const entry = this.running.get(id);
    if (entry === undefined) return;
    this.running.delete(id);
    this.out.push(intervalFinding(entry.finding, entry.from, at));
  }

  /** Whether some open violation is marked otherwise by `waived` than it is: a waiver's end splits it. */
  splits(waived: (finding: Finding) => Finding): boolean {
    for (const entry of this.running.values()) if (!sameWaiver(waived(entry.finding), entry.finding)) return true;
    return false;
  }

  /**
   * At `at`, where the waivers in force change: each open violation that `waived` marks
   * otherwise than it is closes there and opens again as `waived` gives it.
   */
  rewaive(at: Instant, waived: (finding: Finding) => Finding): void {
    for (const [id, entry] of [...this.running]) {
      const now = waived(entry.finding);
      if (sameWaiver(now, entry.finding)) continue;
      this.close(id, at);
      this.open(now, at);
    }
  }

  /** Closes what is still open at `to`, and gives every finding. */
  finish(to: Instant): Finding[] {
    for (const [id] of this.running) this.close(id, to);
    return this.out;
  }
}

/** Whether two findings of one violation are waived alike (both not, or by the same waiver). */
function sameWaiver(a: Finding, b: Finding): boolean {
  return a.waived?.until === b.waived?.until && a.waived?.reason === b.waived?.reason;
}

/** A violation found from `from` until `until`: its id includes the start, as a violation may come back. */
function intervalFinding(finding: Finding, from: Instant, until: Instant): Finding {
  return {
    ...finding,
    id: findingId([finding.id, formatInstant(from)]),
    interval: { from: formatInstant(from), to: formatInstant(until) },
  };
}
