import type { Micros } from "../money/amount.js";
import type { PricePoint } from "../model/price-point.js";
import type { Instant, InstantCache } from "../time/instant.js";

const DAY_MS = 86_400_000;

/**
 * The lowest price applied during `[at − days, at]`: each history point applies from its
 * `valid_from` until the next point of the same offer. Null when no point applies then.
 * Points' bare dates are read in `zone` (their feed's zone first).
 */
export function lowestApplied(points: readonly PricePoint[], zone: string, at: Instant, days: number, instants: InstantCache): Micros | null {
  const timed: { from: Instant; price: Micros }[] = [];
  for (const p of points) {
    const r = instants.resolve(p.validFrom, p.timezone ?? zone, "start");
    if (r.ok) timed.push({ from: r.instant, price: p.price });
  }
  timed.sort((a, b) => a.from - b.from);
  const windowStart = at - days * DAY_MS;
  let lowest: Micros | null = null;
  for (let i = 0; i < timed.length; i++) {
    const point = timed[i]!;
    const until = timed[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    if (point.from > at || until <= windowStart) continue;
    if (lowest === null || point.price < lowest) lowest = point.price;
  }
  return lowest;
}
