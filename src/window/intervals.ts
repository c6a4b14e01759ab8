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
  /** The open violations waived, by their waiver's `until` day: those its end may split. */
  private readonly byUntil = new Map<string, Set<string>>();

  isOpen(id: string): boolean {
    return this.running.has(id);
  }

  open(finding: Finding, at: Instant): void {
    this.running.set(finding.id, { finding, from: at });
    const until = finding.waived?.until;
    if (until !== undefined) (this.byUntil.get(until) ?? this.byUntil.set(until, new Set()).get(until)!).add(finding.id);
  }

  close(id: string, at: Instant): void {
    const entry = this.running.get(id);
    if (entry === undefined) return;
    this.running.delete(id);
    const until = entry.finding.waived?.until;
    if (until !== undefined) this.byUntil.get(until)?.delete(id);
    this.out.push(intervalFinding(entry.finding, entry.from, at));
  }

  /**
   * The open violations waived by a waiver of an `until` day among `ending` that `waived` marks
   * otherwise than they are: those the waivers' end splits.
   */
  splitting(waived: (finding: Finding) => Finding, ending: ReadonlySet<string>): Finding[] {
    return this.waivedUntil(ending).filter((finding) => !sameWaiver(waived(finding), finding));
  }

  /**
   * At `at`, where waivers of the `until` days `ending` end: each open violation one of them
   * waived that `waived` marks otherwise than it is closes there and opens again as `waived`
   * gives it.
   */
  rewaive(at: Instant, waived: (finding: Finding) => Finding, ending: ReadonlySet<string>): void {
    for (const finding of this.waivedUntil(ending)) {
      const now = waived(finding);
      if (sameWaiver(now, finding)) continue;
      this.close(finding.id, at);
      this.open(now, at);
    }
  }

  /** The open violations waived by a waiver of an `until` day among `days`. */
  private waivedUntil(days: ReadonlySet<string>): Finding[] {
    const found: Finding[] = [];
    for (const day of days) for (const id of this.byUntil.get(day) ?? []) found.push(this.running.get(id)!.finding);
    return found;
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
