import type { Micros } from "../money/amount.js";
import type { PricePoint } from "../model/price-point.js";
import type { Promotion } from "../model/promotion.js";
import type { Instant, InstantCache } from "../time/instant.js";
import { channelHistory, coversSince, lookbackStart, lowestApplied, offerHistory, overStores } from "./history.js";

/** A price announced as reduced: the reference ("was") price it shows, and when the reduction started (null: not known). */
export interface Announcement {
  readonly referencePrice: Micros;
  readonly start: Instant | null;
}

/** Where the prior price is looked for: the offer (channel and location), its channel, or the whole company. */
export const PRIOR_SCOPES = ["offer", "channel", "company"] as const;
export type PriorScope = (typeof PRIOR_SCOPES)[number];

export function isPriorScope(value: unknown): value is PriorScope {
  return value === "offer" || value === "channel" || value === "company";
}

/**
 * The reduction an offer announces at the instant: a running promotion that shows a reference
 * price (a campaign's later steps start at its first step's start), else a sale in its window
 * that shows the offer's reference price, from `saleStart()`, asked only then (a sale without a
 * `sale_start` runs from its row's `valid_from`, or an earlier row's that carries the same sale on
 * to it; with neither, its start is not known, and its prior price cannot be worked out). Null
 * when nothing is announced.
 */
export function announcement(
  offer: { readonly referencePrice: Micros | null },
  onSale: boolean,
  saleStart: () => Instant | null,
  applied: readonly Promotion[],
  campaignStart: (promotion: Promotion) => Instant | null,
): Announcement | null {
  const promotion = applied.find((p) => p.referencePrice !== null);
  if (promotion) {
    const start = campaignStart(promotion);
    return start === null ? null : { referencePrice: promotion.referencePrice!, start };
  }
  if (onSale && offer.referencePrice !== null) return { referencePrice: offer.referencePrice, start: saleStart() };
  return null;
}

/** The history a prior-price scope looks at. */
export function scopedHistory(
  points: readonly PricePoint[],
  channel: string,
  location: string | null,
  scope: PriorScope,
  stores: ReadonlySet<string> | null = null,
): readonly PricePoint[] {
  if (scope === "offer") return offerHistory(points, channel, location);
  return overStores(scope === "company" ? points : channelHistory(points, channel), stores);
}

/**
 * The lowest price applied in the 30 days before `start` (Directive 98/6/EC Art. 6a), of the
 * history as it is: what it does not cover is not counted (see {@link priorPeriodCovered}).
 */
export function priorPrice(points: readonly PricePoint[], zone: string, start: Instant, instants: InstantCache): Micros | null {
  return lowestApplied(points, zone, lookbackStart(start, zone), start, instants, true);
}

/** Whether the history covers the whole 30 days before `start`. */
export function priorPeriodCovered(points: readonly PricePoint[], zone: string, start: Instant, instants: InstantCache): boolean {
  return coversSince(points, zone, lookbackStart(start, zone), start, instants);
}
