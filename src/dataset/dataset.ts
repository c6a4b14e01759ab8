import { LOCATION_FIELDS, type Location } from "../model/location.js";
import type { Product } from "../model/product.js";
import type { PricePoint } from "../model/price-point.js";
import type { Promotion } from "../model/promotion.js";
import type { StockLevel } from "../model/stock.js";
import { bySource, type Source } from "../model/source.js";
import { OfferStore } from "./offer-store.js";
import { canonicalZone } from "../time/instant.js";
import { disagreeing, GivenRows, type Dispute } from "./disputed-fields.js";
import { holdsFrom, StockRows, type UpdateInstant, type UpdateTime } from "./stock-rows.js";

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
  /** The time of each stock row's `updated_at`, for the rows that have one. */
  private readonly stockUpdated = new Map<StockLevel, UpdateTime>();
  /** Updates that could not be read, of stocks no row has given yet, by sku and location (see {@link addUnreadableStock}). */
  private readonly unreadablePending = new Map<string, Map<string, (UpdateTime | null)[]>>();
  /** The time of each update that could not be read, with its sku. */
  private readonly unreadableUpdates: { readonly sku: string; readonly at: UpdateTime }[] = [];
  /** The rows of each store given more than once: `locations` holds the first with the disputed fields unknown. */
  private readonly locationRows = new Map<string, GivenRows<Location, LocationField>>();
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

  /**
   * Whether the catalogue is partitioned upstream (files by bucket): a shard then holds only its
   * own buckets' entries, so no sku is said to be near another (a "did you mean" that would
   * depend on the shards), in any run of it.
   */
  catalogueInBuckets = false;

  /**
   * With a catalogue partitioned by sku, in the shard that judges promotions as a whole: the
   * categories and brands of the other shards' catalogue entries (their entries are theirs).
   */
  readonly catalogueElsewhere = new CatalogueNames();

  /**
   * The zone every store listed is in, as the runtime names it, where they share one that is not
   * `configZone` (a store without a zone of its own is in the config's); null otherwise. Bare
   * times read in the config's zone (a store channel's rows without a location, `--at`, waivers'
   * ends) then likely mean the stores' (see select-rules.ts `runWarnings`).
   */
  storesZoneBesides(configZone: string): string | null {
    if (!this.storesListed || this.locations.size === 0) return null;
    const config = canonicalZone(configZone) ?? configZone;
    let shared: string | null = null;
    for (const store of this.locations.values()) {
      const zone = store.timezone === null ? config : (canonicalZone(store.timezone) ?? store.timezone);
      if (shared !== null && zone !== shared) return null;
      shared = zone;
    }
    return shared === config ? null : shared;
  }

  /** The stores whose rows were rejected (their id as read), each with its first such row: not listed, for a reason. */
  readonly rejectedStores = new Map<string, Source>();

  /** The skus whose catalogue rows were rejected (as read), each with its first such row: not in the catalogue, for a reason. */
  readonly rejectedProducts = new Map<string, Source>();

  /**
   * The categories and brands of the catalogue rows that were rejected (as read), each with its
   * first such row: a promotion naming one that no entry has is told why (promo/unknown-category).
   */
  readonly rejectedCategories = new Map<string, Source>();
  readonly rejectedBrands = new Map<string, Source>();

  /**
   * The price rows without a location that were rejected, by channel and then sku (as stored),
   * the first of each: a row that takes its amounts from that channel's row (inheritFrom) and
   * finds none is told that it was rejected, and where.
   */
  readonly rejectedDefaultRows = new Map<string, Map<string, Source>>();

  /**
   * Adds a location; returns the earlier one when the id was already given (then the rows of the
   * store are given and the store kept is the first row with each field they disagree on unknown:
   * see {@link giveLocationAgain}).
   */
  addLocation(location: Location): Location | null {
    const previous = this.locations.get(location.location);
    if (previous) return previous;
    this.locations.set(location.location, location);
    return null;
  }

  /**
   * Adds row `location` of a store already given (`keep`: see {@link GivenRows.add}): each field
   * the rows disagree on becomes unknown (null) in the store kept, so that the store is the same
   * whatever the rows' order. Returns the store's rows.
   */
  giveLocationAgain(location: Location, keep: boolean): GivenRows<Location, LocationField> {
    let rows = this.locationRows.get(location.location);
    if (rows === undefined)
      this.locationRows.set(location.location, (rows = new GivenRows(this.locations.get(location.location)!, LOCATION_FIELDS)));
    const before = rows.disputed;
    rows.add(location, keep);
    if (rows.disputed !== before)
      this.locations.set(location.location, { ...rows.rows[0]!, ...Object.fromEntries(rows.disputed.map((f) => [f, null])) });
    return rows;
  }

  /**
   * A store given again (`location`, of a row after the first) read on its own (a view of a file
   * that gives more): where it says otherwise than the first row, that row and the fields they
   * disagree on; null when it says the same (a repeat: nothing to add). It is added as a row of
   * the store (see {@link giveLocationAgain}).
   */
  disputeLocation(location: Location): Dispute<Location> | null {
    const first = this.locationRows.get(location.location)?.rows[0] ?? this.locations.get(location.location)!;
    const fields = disagreeing(first, location, LOCATION_FIELDS);
    if (fields.length === 0) return null;
    this.giveLocationAgain(location, false);
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
   * Adds a stock row. Several rows of a sku at a location give, at each instant, the stock of
   * the update in force then, and where rows that stand together (of one update, or beside one
   * without `updated_at`) differ, the field is unknown: a disputed availability null, disputed
   * units no stock at all (see {@link StockRows}). `instantOf` reads `updated_at` (by default
   * every row is taken as without one); `keep` keeps the row among the stock's rows even when
   * it repeats another (it may have to be rejected: see {@link StockRows.conflicts}). Returns
   * the stock's rows when more than one gives it.
   */
  addStock(level: StockLevel, instantOf: UpdateInstant = UNDATED, keep = false): StockRows | null {
    const at = instantOf(level);
    if (at !== null) this.stockUpdated.set(level, at);
    let bySku = this.stock.get(level.sku);
    if (!bySku) this.stock.set(level.sku, (bySku = new Map()));
    let rows = this.stockRows.get(level.sku)?.get(level.location);
    if (rows === undefined) {
      const earlier = bySku.get(level.location);
      const unreadable = this.unreadablePending.get(level.sku)?.get(level.location);
      if (earlier === undefined && unreadable === undefined) {
        bySku.set(level.location, level);
        return null;
      }
      // A row repeated the same (a file whose views repeat the stock on each channel's row) is one.
      if (earlier !== undefined && !keep && sameRow(earlier, level)) return null;
      rows = this.givenByRows(earlier ?? level, earlier === undefined ? at : (this.stockUpdated.get(earlier) ?? null));
      if (earlier === undefined) return this.latestStock(rows);
    }
    rows.add(level, at, keep);
    return this.latestStock(rows);
  }

  /**
   * Notes a stock row that could not be read for its units or availability (rejected): its
   * update is made all the same, so from its `updated_at` (null: always) until the next update,
   * the stock of `sku` at `location` is unknown, not the last one read. A stock no readable row
   * gives stays not given.
   */
  addUnreadableStock(sku: string, location: string, at: UpdateTime | null): void {
    if (at !== null) this.unreadableUpdates.push({ sku, at });
    let rows = this.stockRows.get(sku)?.get(location);
    const earlier = this.stock.get(sku)?.get(location);
    if (rows === undefined && earlier !== undefined) rows = this.givenByRows(earlier, this.stockUpdated.get(earlier) ?? null);
    if (rows === undefined) {
      let ofSku = this.unreadablePending.get(sku);
      if (!ofSku) this.unreadablePending.set(sku, (ofSku = new Map()));
      ofSku.set(location, [...(ofSku.get(location) ?? []), at]);
      return;
    }
    rows.addUnreadable(at);
    this.latestStock(rows);
  }

  /** The rows of a stock given by `first` (at instant `at`) and more, with the unreadable updates noted of it before. */
  private givenByRows(first: StockLevel, at: UpdateTime | null): StockRows {
    const rows = new StockRows(first, at);
    let ofSku = this.stockRows.get(first.sku);
    if (!ofSku) this.stockRows.set(first.sku, (ofSku = new Map()));
    ofSku.set(first.location, rows);
    for (const unreadable of this.unreadablePending.get(first.sku)?.get(first.location) ?? []) rows.addUnreadable(unreadable);
    this.unreadablePending.get(first.sku)?.delete(first.location);
    return rows;
  }

  /** Keeps the stock the latest update of `rows` gives as the sku's at the location (none when unknown); returns `rows`. */
  private latestStock(rows: StockRows): StockRows {
    const { sku, location } = rows.givenFrom().row;
    let bySku = this.stock.get(sku);
    if (!bySku) this.stock.set(sku, (bySku = new Map()));
    const known = rows.levelAt(Number.POSITIVE_INFINITY);
    if (known === null) bySku.delete(location);
    else bySku.set(location, known);
    return rows;
  }

  /** The sku's latest stock at the location (see {@link addStock}); undefined when no row gives it, or rows dispute its units. */
  stockOf(sku: string, location: string): StockLevel | undefined {
    return this.stock.get(sku)?.get(location);
  }

  /**
   * The sku's stock at the location at instant `at`: that of the update in force then (see
   * {@link StockRows}); undefined when no row gives it then (every update is later), or rows
   * standing together then dispute its units.
   */
  stockAt(sku: string, location: string, at: number): StockLevel | undefined {
    if (this.stock.size === 0) return undefined;
    const rows = this.stockRows.get(sku)?.get(location);
    if (rows !== undefined) return rows.levelAt(at) ?? undefined;
    const level = this.stock.get(sku)?.get(location);
    if (level === undefined) return undefined;
    const updated = this.stockUpdated.get(level);
    return updated !== undefined && holdsFrom(updated) > at ? undefined : level;
  }

  /** Every location an inventory row gives the sku's stock at, whether it is known at a given instant or not. */
  inventoryLocations(sku: string): string[] {
    return [...new Set([...(this.stock.get(sku)?.keys() ?? []), ...(this.stockRows.get(sku)?.keys() ?? [])])];
  }

  /** The inventory row of the sku at the location: the one giving its stock at instant `at`, else the first update's (or a row without `updated_at`). */
  stockRow(sku: string, location: string, at: number): StockLevel | undefined {
    return this.stockAt(sku, location, at) ?? this.stockRows.get(sku)?.get(location)?.givenFrom().row ?? this.stock.get(sku)?.get(location);
  }

  /**
   * The stocks (a sku at a location) that no row gives until after instant `at` (every row of
   * theirs is updated later): how many, and the first of their earliest rows in file order; null
   * when none.
   */
  stockGivenAfter(at: number): { readonly stocks: number; readonly first: StockLevel } | null {
    let stocks = 0;
    let first: StockLevel | null = null;
    const count = (from: number, row: StockLevel) => {
      if (!(from > at)) return;
      stocks++;
      if (first === null || bySource(row, first) < 0) first = row;
    };
    for (const [sku, locations] of this.stock) {
      const multiple = this.stockRows.get(sku);
      for (const [location, level] of locations)
        if (!multiple?.has(location)) {
          const updated = this.stockUpdated.get(level);
          count(updated === undefined ? Number.NEGATIVE_INFINITY : holdsFrom(updated), level);
        }
    }
    for (const locations of this.stockRows.values()) {
      for (const rows of locations.values()) {
        const given = rows.givenFrom();
        count(given.at, given.row);
      }
    }
    return first === null ? null : { stocks, first };
  }

  /** The sku and instant of each stock update, read or not (rows with an `updated_at`): where a sku's stock may change. */
  *stockUpdates(): IterableIterator<{ readonly sku: string; readonly at: UpdateTime }> {
    for (const [level, at] of this.stockUpdated) yield { sku: level.sku, at };
    yield* this.unreadableUpdates;
  }
}

/** A field of a store that rules read: two rows of a store that differ on one dispute it. */
type LocationField = (typeof LOCATION_FIELDS)[number];

/** Every row taken as without `updated_at`. */
const UNDATED: UpdateInstant = () => null;

/** Whether two stock rows say the same, update time included (a repeat). */
function sameRow(a: StockLevel, b: StockLevel): boolean {
  return a.available === b.available && (a.availability ?? null) === (b.availability ?? null) && a.updatedAt === b.updatedAt;
}

/** The categories and brands of catalogue entries. */
export class CatalogueNames {
  readonly categories = new Set<string>();
  readonly brands = new Set<string>();

  add(product: Product): void {
    if (product.category !== null) this.categories.add(product.category);
    if (product.brand !== null) this.brands.add(product.brand);
  }
}
