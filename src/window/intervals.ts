import type { Finding } from "../model/finding.js";
import { formatInstant, type Instant } from "../time/instant.js";
import { findingId } from "../findings/finding-id.js";

/**
 * Merges the findings of consecutive checks over a window into one finding per violation:
 * `segments[i]` holds the findings from `points[i]` until `points[i + 1]` (the last until
 * `to`). A finding present in contiguous segments becomes one finding whose `interval` spans
 * them, with the values of its first segment; a violation that stops and comes back is two
 * findings, whose ids include their interval's start.
 */
export function mergeIntervals(segments: readonly (readonly Finding[])[], points: readonly Instant[], to: Instant): Finding[] {
  const open = new Map<string, { finding: Finding; from: Instant; until: Instant }>();
  const out: Finding[] = [];
  const close = (entry: { finding: Finding; from: Instant; until: Instant }) => {
    out.push({
      ...entry.finding,
      id: findingId([entry.finding.id, formatInstant(entry.from)]),
      interval: { from: formatInstant(entry.from), to: formatInstant(entry.until) },
    });
  };
  segments.forEach((findings, i) => {
    const start = points[i]!;
    const end = points[i + 1] ?? to;
    const seen = new Set<string>();
    for (const f of findings) {
      seen.add(f.id);
      const running = open.get(f.id);
      if (running && running.until === start) running.until = end;
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
