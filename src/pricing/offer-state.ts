import type { Micros } from "../money/amount.js";
import type { Offer } from "../model/offer.js";
import type { Instant, InstantCache } from "../time/instant.js";

/** An offer as it stands at one instant and location: its window resolved, its effective price known. */
export interface OfferState {
  readonly offer: Offer;
  /** The location it is evaluated at (a default row stands at every location). */
  readonly location: string | null;
  readonly saleStart: Instant | null;
  readonly saleEnd: Instant | null;
  readonly onSale: boolean;
  readonly effectivePrice: Micros | null;
}

/**
 * Resolves an offer at instant `at`: the sale price while its window holds (no window = always),
 * else the regular price. Bare dates in the window are read in `zone` (the feed's, else the
 * location's, else the config's); the end of a window is exclusive.
 */
export function resolveOffer(offer: Offer, location: string | null, zone: string, at: Instant, instants: InstantCache): OfferState {
  const saleStart = bound(offer.saleStart, zone, "start", instants);
  const saleEnd = bound(offer.saleEnd, zone, "end", instants);
  const onSale =
    offer.salePrice !== null && (saleStart === null || at >= saleStart) && (saleEnd === null || at < saleEnd);
  return { offer, location, saleStart, saleEnd, onSale, effectivePrice: onSale ? offer.salePrice : offer.price };
}

function bound(text: string | null, zone: string, role: "start" | "end", instants: InstantCache): Instant | null {
  if (text === null) return null;
  const r = instants.resolve(text, zone, role);
  return r.ok ? r.instant : null;
}
