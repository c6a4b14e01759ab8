import type { Location } from "../model/location.js";
import type { Product } from "../model/product.js";
import type { PricePoint } from "../model/price-point.js";
import type { Promotion } from "../model/promotion.js";
import type { StockLevel } from "../model/stock.js";
import { OfferStore } from "./offer-store.js";

/**
 * The index stage: normalised entities keyed for evaluation. Offers are kept in columns and
 * ordered by sku (see OfferStore and SkuGroup), so every scope finds what it needs without a scan.
 */
export class Dataset {
  /** null until a catalogue feed is loaded: then an sku outside it is unknown. */
  products: Map<string, Product> | null = null;
  readonly locations = new Map<string, Location>();
  readonly offers = new OfferStore();
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
    if (product.family !== null) this.families = true;
    return null;
  }

  /** Whether any product belongs to a family (else a sku's family need not be looked up). */
  families = false;

  /**
   * Whether the config gives a stores feed, even one with no row accepted: then `locations` is
   * the list of stores, and a location it does not hold is unknown. Without one, where offers
   * stand is not known, and no location is unknown.
   */
  storesListed = false;

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
}
