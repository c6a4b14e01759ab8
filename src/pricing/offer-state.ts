import type { Micros, RoundingMode } from "../money/amount.js";
import type { Offer } from "../model/offer.js";
import type { Product } from "../model/product.js";
import type { Instant, InstantCache } from "../time/instant.js";

/**
 * An offer as it stands at one instant and location: its window resolved, its effective price
 * known. Evaluation reuses two of these (an offer, and the other side of a pair) rather than
 * allocating one per offer and location; findings copy what they report.
 */
/** What computed amounts need: the minor units of a currency, the rounding, the config's currency. */
export interface PricingSettings {
  readonly minorUnits: (currency: string) => number;
  readonly rounding: RoundingMode;
  readonly defaultCurrency: string | null;
}

export class OfferState {
  offer!: Offer;
  /** The offer's catalogue entry, if any. */
  product: Product | null = null;
  /** The location it is evaluated at (a default row stands at every location). */
  location: string | null = null;
  saleStart: Instant | null = null;
  saleEnd: Instant | null = null;
  onSale = false;
  effectivePrice: Micros | null = null;

  constructor(readonly pricing: PricingSettings) {}

  /**
   * Resolves `offer` at instant `at`: the sale price while its window holds (no window =
   * always), else the regular price. Bare dates in the window are read in `zone` (the feed's,
   * else the location's, else the config's); the end of a window is exclusive.
   */
  resolve(offer: Offer, product: Product | null, location: string | null, zone: string, at: Instant, instants: InstantCache): this {
    this.offer = offer;
    this.product = product;
    this.location = location;
    this.saleStart = bound(offer.saleStart, zone, "start", instants);
    this.saleEnd = bound(offer.saleEnd, zone, "end", instants);
    this.onSale =
      offer.salePrice !== null && (this.saleStart === null || at >= this.saleStart) && (this.saleEnd === null || at < this.saleEnd);
    this.effectivePrice = this.onSale ? offer.salePrice : offer.price;
    return this;
  }
}

function bound(text: string | null, zone: string, role: "start" | "end", instants: InstantCache): Instant | null {
  if (text === null) return null;
  const r = instants.resolve(text, zone, role);
  return r.ok ? r.instant : null;
}
