import type { Dataset } from "../dataset/dataset.js";
import type { OfferStore } from "../dataset/offer-store.js";
import { blankOfferFields, OfferRecord } from "../model/offer.js";
import type { PricePoint } from "../model/price-point.js";
import type { Instant, InstantCache } from "../time/instant.js";
import { finerDecimals } from "./entities.js";

/** What a history row takes from the run where it gives none itself. */
export interface HistoryDefaults {
  /** The zone of its bare valid_from: its location's, else, for a channel that is not located, the config's; null: none. */
  zoneOf(point: PricePoint): string | null;
  /** Its currency: its location's, else the config's; null: none. */
  currencyOf(location: string | null): string | null;
  /** Whether it is its offer's price in force (see {@link priceInForce}). */
  inForce(point: PricePoint): boolean;
}

/**
 * Gives each history row the zone and currency the defaults say it has, and the tax basis of its
 * offer (see {@link OfferBases}), where it names none itself: once, when every feed is loaded (a
 * stores feed may come after the history). The rows of other stores and channels (Omnibus scopes
 * `channel` and `company`, a channel's default rows at a store) are then read in their own zone
 * and compared in their own currency and on their own basis, never the offer's. A row whose
 * currency or basis is still not known keeps none: it follows the offer it is read for.
 */
export function applyHistoryDefaults(dataset: Dataset, defaults: HistoryDefaults): void {
  const bases = new OfferBases(dataset.offers, dataset.history, defaults.inForce);
  for (const points of dataset.history.values()) {
    for (let i = 0; i < points.length; i++) {
      const point = points[i]!;
      if (point.timezone !== null && point.currency !== null && point.taxIncluded !== null) continue;
      const timezone = point.timezone ?? defaults.zoneOf(point);
      const currency = point.currency ?? defaults.currencyOf(point.location);
      const taxIncluded = point.taxIncluded ?? bases.of(point);
      if (timezone !== point.timezone || currency !== point.currency || taxIncluded !== point.taxIncluded)
        points[i] = { ...point, timezone, currency, taxIncluded };
    }
  }
}

/**
 * The tax basis of the offer a history row is the history of. A row that is its offer's price in
 * force is a row of that offer, as a scheduled price row would be: with tax, as a price row that
 * says none is (addHistoryOffers builds the offer on the same basis, so the row stays comparable
 * with it for the Omnibus rules). Any other row takes the basis the rows giving its offer agree
 * on: its price rows', else, where the history in force gives it, those history rows' (each with
 * tax where it says none); at a location whose offer no row gives, its channel's default offer
 * stands, and its basis is taken. Null where no row gives either, or the rows differ. Worked out
 * in one pass over the price rows and history of the skus asked for, at the first ask (the store
 * is not indexed yet: history may still become offers).
 */
class OfferBases {
  /** By sku, then `channel\u0000location` (location "" for the channel's default offer): the basis the rows giving the offer agree on, or null. */
  private bySku: Map<string, Map<string, boolean | null>> | null = null;

  constructor(
    private readonly store: OfferStore,
    private readonly history: ReadonlyMap<string, readonly PricePoint[]>,
    private readonly inForce: (point: PricePoint) => boolean,
  ) {}

  of(point: PricePoint): boolean | null {
    if (this.inForce(point)) return true;
    const offers = this.offersOf(point.sku);
    if (offers === undefined) return null;
    const own = offers.get(offerKey(point.channel, point.location));
    if (own !== undefined || point.location === null) return own ?? null;
    return offers.get(offerKey(point.channel, null)) ?? null;
  }

  private offersOf(sku: string): Map<string, boolean | null> | undefined {
    if (this.bySku === null) this.bySku = this.collect();
    return this.bySku.get(sku);
  }

  private collect(): Map<string, Map<string, boolean | null>> {
    const store = this.store;
    const asked = new Map<string, Map<string, boolean | null>>();
    const askedIds = new Map<number, Map<string, boolean | null>>();
    for (const [sku, points] of this.history) {
      if (!points.some((p) => p.taxIncluded === null)) continue;
      const offers = new Map<string, boolean | null>();
      asked.set(sku, offers);
      const id = store.skus.find(sku);
      if (id !== 0) askedIds.set(id, offers);
    }
    const record = new OfferRecord();
    for (let row = 0; row < store.size; row++) {
      const offers = askedIds.get(store.skuId(row));
      if (offers === undefined) continue;
      const { channel, location, taxIncluded } = store.read(row, record);
      agree(offers, offerKey(channel, location), taxIncluded);
    }
    // The offers the history in force gives (no price row gives them, so no key is the price rows').
    for (const [sku, offers] of asked)
      for (const p of this.history.get(sku)!) if (this.inForce(p)) agree(offers, offerKey(p.channel, p.location), p.taxIncluded ?? true);
    return asked;
  }
}

/** An offer of a sku, as OfferBases keys it. */
const offerKey = (channel: string, location: string | null): string => `${channel}\u0000${location ?? ""}`;

/** Notes a row of the offer `key` on basis `basis`: the offer's basis is the one its rows agree on, else null. */
function agree(offers: Map<string, boolean | null>, key: string, basis: boolean): void {
  const before = offers.get(key);
  if (before === undefined) offers.set(key, basis);
  else if (before !== basis) offers.set(key, null);
}

/** What turning history rows into offers needs of the run: currencies and zones. */
export interface HistoryOfferContext {
  /** The zone of a history row's valid_from without an offset: its feed's, else its location's, else the config's. */
  zoneOf(point: PricePoint): string;
  readonly instants: InstantCache;
  /** The decimals of a currency's minor unit (OfferContext.minorUnits). */
  minorUnits(currency: string): number;
}

/**
 * Whether a price row gives the offer a history row is of (its sku, channel and location): the
 * offers of the store's price rows, gathered once.
 */
export function pricedOffers(store: OfferStore): (point: PricePoint) => boolean {
  const priced = new Set<string>();
  for (let row = 0; row < store.size; row++) priced.add(`${store.skuId(row)}\u0000${store.channelId(row)}\u0000${store.locationId(row)}`);
  return (p) => {
    const sku = store.skus.find(p.sku);
    const channel = store.texts.find(p.channel);
    const location = p.location === null ? 0 : store.locations.find(p.location);
    return sku !== 0 && channel !== 0 && (p.location === null || location !== 0) && priced.has(`${sku}\u0000${channel}\u0000${location}`);
  };
}

/**
 * Whether a history row is its offer's price in force: its feed is (`feedInForce`, the feed's
 * `priceInForce`), and no price row gives its offer. Told from the price rows as they are when
 * called, before any history becomes an offer (see {@link addHistoryOffers}).
 */
export function priceInForce(store: OfferStore, feedInForce: (point: PricePoint) => boolean): (point: PricePoint) => boolean {
  const priced = pricedOffers(store);
  return (point) => feedInForce(point) && !priced(point);
}

/**
 * A price history as the price in force: each offer (sku, channel, location) that the history
 * names and no price row gives becomes one scheduled price row per history row, holding from
 * its `valid_from` until the offer's next later `valid_from` (the last: with no end). The rows
 * cite the history rows, so findings on them point at the history feed.
 *
 * Two history rows of one offer from the same instant overlap, so the second is a duplicate of
 * the first (conflicting if their prices differ, see OfferStore). A row whose currency is not
 * known (no currency field, and neither its location nor the config has one) stands for no offer:
 * reading rejects such a row where it would be one (see loadFeed). `inForce` picks the rows that
 * are their offer's price in force ({@link priceInForce}, told before this adds any).
 */
export function addHistoryOffers(dataset: Dataset, inForce: (point: PricePoint) => boolean, ctx: HistoryOfferContext): void {
  const store = dataset.offers;
  const feeds = new Map<string, number>();
  const fields = blankOfferFields();
  for (const points of dataset.history.values()) {
    const byOffer = new Map<string, { point: PricePoint; from: Instant }[]>();
    for (const point of points) {
      if (!inForce(point)) continue;
      const from = ctx.instants.resolve(point.validFrom, ctx.zoneOf(point), "start");
      if (!from.ok) continue;
      const key = `${point.channel}\u0000${point.location ?? ""}`;
      const list = byOffer.get(key);
      if (list) list.push({ point, from: from.instant });
      else byOffer.set(key, [{ point, from: from.instant }]);
    }
    for (const timeline of byOffer.values()) {
      // Stable: rows from the same instant stay in file order, the first standing.
      timeline.sort((a, b) => a.from - b.from);
      let next: Instant | null = null;
      const ends: (Instant | null)[] = new Array<Instant | null>(timeline.length);
      for (let i = timeline.length - 1; i >= 0; i--) {
        ends[i] = next;
        if (i > 0 && timeline[i - 1]!.from < timeline[i]!.from) next = timeline[i]!.from;
      }
      for (const [i, { point, from }] of timeline.entries()) {
        const currency = point.currency; // its own, else its location's, else the config's (applyHistoryDefaults)
        if (currency === null) continue;
        // The zone an offer's other bare dates (a promotion's, read where it stands) are read in:
        // the row's own (its feed's, else its location's), never another row's of the same file.
        const feedKey = `${point.source.file}\u0000${point.timezone ?? ""}`;
        let feed = feeds.get(feedKey);
        if (feed === undefined) feeds.set(feedKey, (feed = store.addFeed(point.source.file, point.timezone)));
        fields.sku = point.sku;
        fields.channel = point.channel;
        fields.location = point.location;
        fields.currency = currency;
        fields.price = point.price;
        // As the history row writes it: 1.780 less 10 % is 1.602, as for a price row (OfferFields.priceDecimals).
        fields.priceDecimals = finerDecimals(point.priceDecimals, ctx.minorUnits(currency));
        // Its own basis, else with tax, as a price row that says none (and as applyHistoryDefaults
        // gives the row, so that it is comparable with the offer it is for the Omnibus rules).
        fields.taxIncluded = point.taxIncluded ?? true;
        fields.validFrom = from;
        fields.validTo = ends[i]!;
        store.add(fields, feed, point.source.line);
      }
    }
  }
}
