import type { Location } from "../model/location.js";
import { OFFER_PRICE_FIELDS, offerSource, type Offer } from "../model/offer.js";
import type { Product } from "../model/product.js";
import type { PricePoint } from "../model/price-point.js";
import type { Promotion } from "../model/promotion.js";
import type { StockLevel } from "../model/stock.js";

const PRICE_FIELDS = Object.entries(OFFER_PRICE_FIELDS) as [keyof typeof OFFER_PRICE_FIELDS, string][];

/** A channel's offers of one sku: its default row and its per-location rows. */
export interface ChannelOffers {
  readonly channel: string;
  fallback: Offer | null;
  byLocation: Map<string, Offer> | null;
}

/** Everything known about one sku's prices, grouped by channel. */
export interface SkuOffers {
  readonly sku: string;
  readonly channels: ChannelOffers[];
}

/**
 * The index stage: normalised entities keyed for evaluation. Offers are grouped by sku, then
 * channel, then location, so every scope finds what it needs without a scan.
 */
export class Dataset {
  /** null until a catalogue feed is loaded: then an sku outside it is unknown. */
  products: Map<string, Product> | null = null;
  readonly locations = new Map<string, Location>();
  readonly skus = new Map<string, SkuOffers>();
  readonly promotions: Promotion[] = [];
  /** Price history by sku, in the order read (the evaluator sorts per offer). */
  readonly history = new Map<string, PricePoint[]>();
  private readonly stock = new Map<string, Map<string, StockLevel>>();
  private readonly promotionIds = new Map<string, Promotion>();

  /** Adds a promotion; returns the earlier one when the id was already given. */
  addPromotion(promotion: Promotion): Promotion | null {
    const previous = this.promotionIds.get(promotion.promoId);
    if (previous) return previous;
    this.promotionIds.set(promotion.promoId, promotion);
    this.promotions.push(promotion);
    return null;
  }

  addPricePoint(point: PricePoint): void {
    const list = this.history.get(point.sku);
    if (list) list.push(point);
    else this.history.set(point.sku, [point]);
  }

  addProduct(product: Product): Product | null {
    this.products ??= new Map();
    const previous = this.products.get(product.sku);
    if (previous) return previous;
    this.products.set(product.sku, product);
    return null;
  }

  /** Adds a location; returns the earlier one when the id was already given. */
  addLocation(location: Location): Location | null {
    const previous = this.locations.get(location.location);
    if (previous) return previous;
    this.locations.set(location.location, location);
    return null;
  }

  addStock(level: StockLevel): StockLevel | null {
    let bySku = this.stock.get(level.sku);
    if (!bySku) this.stock.set(level.sku, (bySku = new Map()));
    const previous = bySku.get(level.location);
    if (previous) return previous;
    bySku.set(level.location, level);
    return null;
  }

  /** Locations with an inventory row for the sku. */
  stockLocations(sku: string): string[] {
    return [...(this.stock.get(sku)?.keys() ?? [])];
  }

  stockOf(sku: string, location: string): StockLevel | undefined {
    return this.stock.get(sku)?.get(location);
  }

  /**
   * Adds an offer. A second row for the same (sku, channel, location) is kept as a duplicate
   * source of the first; where it disagrees on a price field, the first is marked conflicting.
   */
  addOffer(offer: Offer): void {
    let group = this.skus.get(offer.sku);
    if (!group) this.skus.set(offer.sku, (group = { sku: offer.sku, channels: [] }));
    let channel: ChannelOffers | undefined;
    for (const c of group.channels) if (c.channel === offer.channel) channel = c;
    if (!channel) group.channels.push((channel = { channel: offer.channel, fallback: null, byLocation: null }));
    const existing = offer.location === null ? channel.fallback : (channel.byLocation?.get(offer.location) ?? null);
    if (existing === null) {
      if (offer.location === null) channel.fallback = offer;
      else (channel.byLocation ??= new Map()).set(offer.location, offer);
      return;
    }
    (existing.duplicates ??= []).push(offerSource(offer));
    for (const [field, name] of PRICE_FIELDS) {
      if (existing[field] !== offer[field]) {
        existing.conflicts ??= [];
        if (!existing.conflicts.includes(name)) existing.conflicts.push(name);
      }
    }
  }
}
