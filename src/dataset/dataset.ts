import { LOCATION_FIELDS, type Location } from "../model/location.js";
import type { Product } from "../model/product.js";
import type { PricePoint } from "../model/price-point.js";
import type { Promotion } from "../model/promotion.js";
import type { StockLevel } from "../model/stock.js";
import { OfferStore } from "./offer-store.js";
import { disagreeing, type Dispute } from "./disputed-fields.js";
import { StockRows, type UpdateInstant } from "./stock-rows.js";

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
  /** The stock known of each sku at each location (one whose units rows dispute is left out: unknown). */
  private readonly stock = new Map<string, Map<string, StockLevel>>();
  /** The rows of each stock given by rows that differ, by sku and location (see {@link StockRows}). */
  private readonly stockRows = new Map<string, Map<string, StockRows>>();
  /** The first row of each store given again saying otherwise: `locations` holds it with the disputed fields unknown. */
  private readonly firstLocations = new Map<string, Location>();
  private readonly promotionIds = new Map<string, Promotion>();

  /** Adds a promotion; returns the earlier one when the id was already given. */
  addPromotion(promotion: Promotion): Promotion | null {
    const previous = this.promotionIds.get(promotion.promoId);
    if (previous) return previous;
    this.promotionIds.set(promotion.promoId, promotion);
    this.promotions.push(promotion);
    return null;
  }

  /** The promotion given with this id, if any. */
  promotionNamed(promoId: string): Promotion | undefined {
    return this.promotionIds.get(promoId);
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

  /**
   * A store given again (`location`, of a row after the first): where it says otherwise than the
   * first row, the first row and the fields they disagree on, which become unknown (null) in
   * the store kept, so that the store is the same whatever the rows' order; null when it says
   * the same (a repeat: nothing to add).
   */
  disputeLocation(location: Location): Dispute<Location> | null {
    const kept = this.locations.get(location.location)!;
    const first = this.firstLocations.get(location.location) ?? kept;
    const fields = disagreeing(first, location, LOCATION_FIELDS);
    if (fields.length === 0) return null;
    this.firstLocations.set(location.location, first);
    this.locations.set(location.location, { ...kept, ...Object.fromEntries(fields.map((f) => [f, null])) });
    return { with: first, fields };
  }

  /**
   * Where stock row `level` disagrees with the rows of its sku's stock at its location read
   * before it (rows of one update, or beside one without `updated_at`: see {@link StockRows}),
   * the row and the fields; null when it does not. Adds nothing.
   */
  stockDispute(level: StockLevel, instantOf: UpdateInstant = UNDATED): Dispute<StockLevel> | null {
    const rows = this.stockRows.get(level.sku)?.get(level.location);
    if (rows !== undefined) return rows.dispute(level, instantOf(level));
    const earlier = this.stockOf(level.sku, level.location);
    if (earlier === undefined || sameRow(earlier, level)) return null;
    return new StockRows(earlier, instantOf(earlier)).dispute(level, instantOf(level));
  }

  /**
   * Adds a stock row. Several rows of a sku at a location give the latest update's stock, and
   * where rows that cannot be ordered by `updated_at` differ, the field is unknown: a disputed
   * availability null, disputed units no stock at all (see {@link StockRows}). `instantOf`
   * reads `updated_at` (by default every row is taken as without one).
   */
  addStock(level: StockLevel, instantOf: UpdateInstant = UNDATED): void {
    let bySku = this.stock.get(level.sku);
    if (!bySku) this.stock.set(level.sku, (bySku = new Map()));
    let rows = this.stockRows.get(level.sku)?.get(level.location);
    if (rows === undefined) {
      const earlier = bySku.get(level.location);
      if (earlier === undefined) bySku.set(level.location, level);
      // A row repeated the same (a file whose views repeat the stock on each channel's row) is one.
      if (earlier === undefined || sameRow(earlier, level)) return;
      rows = new StockRows(earlier, instantOf(earlier));
      let ofSku = this.stockRows.get(level.sku);
      if (!ofSku) this.stockRows.set(level.sku, (ofSku = new Map()));
      ofSku.set(level.location, rows);
    }
    rows.add(level, instantOf(level));
    const known = rows.level();
    if (known === null) bySku.delete(level.location);
    else bySku.set(level.location, known);
  }

  /** Locations where the sku's stock is known: an inventory row gives it (rows that dispute its units give none). */
  stockLocations(sku: string): string[] {
    return [...(this.stock.get(sku)?.keys() ?? [])];
  }

  /** The sku's stock at the location (see {@link addStock}); undefined when no row gives it, or rows dispute its units. */
  stockOf(sku: string, location: string): StockLevel | undefined {
    return this.stock.get(sku)?.get(location);
  }
}

/** Every row taken as without `updated_at`. */
const UNDATED: UpdateInstant = () => null;

/** Whether two stock rows say the same, update time included (a repeat). */
function sameRow(a: StockLevel, b: StockLevel): boolean {
  return a.available === b.available && (a.availability ?? null) === (b.availability ?? null) && a.updatedAt === b.updatedAt;
}
