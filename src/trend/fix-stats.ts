import { compareNullableText } from "../text/compare.js";
import { formatDuration } from "./duration.js";

/** Mean and median of the times to fix in a group, in whole milliseconds (halves rounded up) and as text. */
export interface FixStats {
  /** Episodes fixed. */
  readonly fixed: number;
  readonly meanMs: number | null;
  readonly medianMs: number | null;
  readonly mean: string | null;
  readonly median: string | null;
}

/**
 * The mean and median of durations in whole milliseconds, computed exactly: the sum in a bigint
 * (a million year-long episodes pass 2^53 ms), then one division rounded half up; the median of
 * an even count is the mean of the two middle ones, rounded the same way.
 */
export function fixStats(durations: readonly number[]): FixStats {
  const n = durations.length;
  if (n === 0) return { fixed: 0, meanMs: null, medianMs: null, mean: null, median: null };
  let sum = 0n;
  for (const d of durations) sum += BigInt(d);
  const sorted = Float64Array.from(durations).sort();
  const mid = n >> 1;
  const meanMs = halfUp(sum, BigInt(n));
  const medianMs = n % 2 === 1 ? sorted[mid]! : halfUp(BigInt(sorted[mid - 1]!) + BigInt(sorted[mid]!), 2n);
  return { fixed: n, meanMs, medianMs, mean: formatDuration(meanMs), median: formatDuration(medianMs) };
}

/** a ÷ b rounded half up, for a ≥ 0 and b > 0. */
function halfUp(a: bigint, b: bigint): number {
  return Number((2n * a + b) / (2n * b));
}

/** Durations gathered under keys, then their stats in key order (null first, then UTF-16 code units). */
export class FixGroups<K extends string | null> {
  private readonly groups = new Map<K, number[]>();

  add(key: K, durationMs: number): void {
    const list = this.groups.get(key);
    if (list) list.push(durationMs);
    else this.groups.set(key, [durationMs]);
  }

  stats(): { key: K; stats: FixStats }[] {
    return [...this.groups.keys()].sort(compareNullableText).map((key) => ({ key, stats: fixStats(this.groups.get(key)!) }));
  }
}
