import type { Dataset } from "../dataset/dataset.js";
import { blankOfferFields } from "../model/offer.js";
import type { PricePoint } from "../model/price-point.js";
import type { Instant, InstantCache } from "../time/instant.js";

/** What a history row takes from the run where it gives none itself. */
export interface HistoryDefaults {
  /** The zone of its bare valid_from: its location's, else, for a channel that is not located, the config's; null: none. */
  zoneOf(point: PricePoint): string | null;
  /** Its currency: its location's, else the config's; null: none. */
  currencyOf(location: string | null): string | null;
}

/**
 * Gives each history row the zone and currency the defaults say it has, where it names none
 * itself: once, when every feed is loaded (a stores feed may come after the history). The rows
 * of other stores and channels (Omnibus scopes `channel` and `company`, a channel's default rows
 * at a store) are then read in their own zone and compared in their own currency, never in the
 * offer's. A row whose currency is still not known keeps none: it follows the offer it is read for.
 */
export function applyHistoryDefaults(dataset: Dataset, defaults: HistoryDefaults): void {
  for (const points of dataset.history.values()) {
    for (let i = 0; i < points.length; i++) {
      const point = points[i]!;
      if (point.timezone !== null && point.currency !== null) continue;
      const timezone = point.timezone ?? defaults.zoneOf(point);
      const currency = point.currency ?? defaults.currencyOf(point.location);
      if (timezone !== point.timezone || currency !== point.currency) points[i] = { ...point, timezone, currency };
    }
  }
}

/** What turning history rows into offers needs of the run: currencies and zones. */
export interface HistoryOfferContext {
  /** The zone of a history row's valid_from without an offset: its feed's, else its location's, else the config's. */
  zoneOf(point: PricePoint): string;
  readonly instants: InstantCache;
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
 * it still counts for the Omnibus rules. `include` picks the rows of feeds that are the price in
 * force (the feed's `priceInForce`).
 */
export function addHistoryOffers(dataset: Dataset, include: (point: PricePoint) => boolean, ctx: HistoryOfferContext): void {
  const store = dataset.offers;
  const priced = new Set<string>();
  for (let row = 0; row < store.size; row++) priced.add(`${store.skuId(row)}\u0000${store.channelId(row)}\u0000${store.locationId(row)}`);
  const pricedKey = (p: PricePoint) => {
    const sku = store.skus.find(p.sku);
    const channel = store.texts.find(p.channel);
    const location = p.location === null ? 0 : store.locations.find(p.location);
    return sku !== 0 && channel !== 0 && (p.location === null || location !== 0) && priced.has(`${sku}\u0000${channel}\u0000${location}`);
  };
  const feeds = new Map<string, number>();
  const fields = blankOfferFields();
  for (const points of dataset.history.values()) {
    const byOffer = new Map<string, { point: PricePoint; from: Instant }[]>();
    for (const point of points) {
      if (!include(point) || pricedKey(point)) continue;
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
        fields.validFrom = from;
        fields.validTo = ends[i]!;
        store.add(fields, feed, point.source.line);
      }
    }
  }
}
