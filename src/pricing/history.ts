import type { Micros } from "../money/amount.js";
import type { PricePoint } from "../model/price-point.js";
import { DAY_MS, type Instant, type InstantCache } from "../time/instant.js";

/** The 30 days that the lowest price applied looks back over (Directive 98/6/EC Art. 6a). */
export const LOOKBACK_MS = 30 * DAY_MS;

/** The history of one offer: its location's rows, else the channel's default rows. */
export function offerHistory(points: readonly PricePoint[], channel: string, location: string | null): PricePoint[] {
  const here = points.filter((p) => p.channel === channel && p.location === location);
  return here.length > 0 || location === null ? here : points.filter((p) => p.channel === channel && p.location === null);
}

/** When each point starts, in its zone, by offer (channel and location), sorted. */
function timelines(points: readonly PricePoint[], zone: string, instants: InstantCache): { from: Instant; price: Micros }[][] {
  const byOffer = new Map<string, { from: Instant; price: Micros }[]>();
  for (const p of points) {
    const r = instants.resolve(p.validFrom, p.timezone ?? zone, "start");
    if (!r.ok) continue;
    const key = `${p.channel}\u0000${p.location ?? ""}`;
    const list = byOffer.get(key);
    if (list) list.push({ from: r.instant, price: p.price });
    else byOffer.set(key, [{ from: r.instant, price: p.price }]);
  }
  const out = [...byOffer.values()];
  for (const list of out) list.sort((a, b) => a.from - b.from);
  return out;
}

/**
 * The lowest price applied during `[from, to]` (`[from, to)` with `endExclusive`): each point
 * applies from its `valid_from` until the next point of the same offer. Several offers' points
 * (a channel over its locations, a company over its channels) give the lowest of all. Null
 * when no point applies then.
 */
export function lowestApplied(
  points: readonly PricePoint[],
  zone: string,
  from: Instant,
  to: Instant,
  instants: InstantCache,
  endExclusive = false,
): Micros | null {
  let lowest: Micros | null = null;
  for (const timeline of timelines(points, zone, instants)) {
    for (let i = 0; i < timeline.length; i++) {
      const point = timeline[i]!;
      const until = timeline[i + 1]?.from ?? Number.POSITIVE_INFINITY;
      if (endExclusive ? point.from >= to : point.from > to) continue;
      if (until <= from) continue;
      if (lowest === null || point.price < lowest) lowest = point.price;
    }
  }
  return lowest;
}

/** Whether the history reaches back to `since`: some point applies from then or earlier. */
export function coversSince(points: readonly PricePoint[], zone: string, since: Instant, instants: InstantCache): boolean {
  return timelines(points, zone, instants).some((timeline) => timeline.length > 0 && timeline[0]!.from <= since);
}
