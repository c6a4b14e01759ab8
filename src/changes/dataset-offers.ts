import { isLocated } from "../config/channels.js";
import type { Dataset } from "../dataset/dataset.js";
import { SkuGroup, type ChannelGroup } from "../dataset/sku-group.js";
import type { Micros, RoundingMode } from "../money/amount.js";
import { minorUnits } from "../money/currencies.js";
import type { Location } from "../model/location.js";
import { disputed, type Offer } from "../model/offer.js";
import type { Promotion } from "../model/promotion.js";
import { OfferState } from "../pricing/offer-state.js";
import { isActive, PromotionIndex } from "../pricing/promotions.js";
import { InstantCache, type Instant } from "../time/instant.js";
import type { PreviousEntry } from "./previous-offers.js";

/** How a dataset's offers are resolved: the settings the evaluator resolves them with. */
export interface ResolveSettings {
  readonly at: Instant;
  readonly timezone: string;
  readonly currency: string | null;
  readonly minorUnits?: Readonly<Record<string, number>> | undefined;
  readonly rounding?: RoundingMode | undefined;
  /** Whether this run keeps a sku (shards); default: all. */
  readonly owns?: ((sku: string) => boolean) | undefined;
  /** The channels and whether each is located, as the evaluator's (default: the built-in ones, any other located). */
  readonly channels?: ReadonlyMap<string, boolean> | undefined;
}

/**
 * Each offer of a dataset as the previous state keeps it: every channel's default row and its
 * rows of their own per location, in force at the instant, resolved where the evaluator judges
 * them (sale window, automatic promotions), sku by sku in the store's sku order. A default row
 * comes again at each store where a promotion limited to stores makes it an offer of that store
 * (as the evaluator's `promotedDefaults`) with another effective price there than its own line
 * keeps: its location that store. A located channel's default row whose effective price differs
 * at stores of another zone than the config's (bare dates read there) keeps none: a run may
 * judge it at a store of either zone.
 * `file` names a row's feed as `label(file)` does.
 */
export function* datasetOffers(
  dataset: Dataset,
  settings: ResolveSettings,
  label: (file: string) => string = (f) => f,
): Generator<PreviousEntry> {
  const store = dataset.offers;
  store.index();
  const index = dataset.promotions.length > 0 ? new PromotionIndex(dataset.promotions) : null;
  const state = new OfferState({
    minorUnits: (currency) => minorUnits(currency, settings.minorUnits),
    rounding: settings.rounding ?? "half-up",
    defaultCurrency: settings.currency,
    promotions: index,
    history: (sku) => dataset.history.get(sku) ?? [],
  });
  const instants = new InstantCache();
  const group = new SkuGroup(store);
  const located = (channel: string) => isLocated(channel, settings.channels);
  // The zone of the place a row of `channel` stands at `where`, as the evaluator's placeZone.
  const placeZone = (channel: string, where: Location | null | undefined) =>
    (located(channel) ? where?.timezone : null) ?? settings.timezone;
  // The zones of the stores other than the config's: where a located default row may stand otherwise.
  const zones = [...new Set([...dataset.locations.values()].map((l) => l.timezone ?? settings.timezone))].filter(
    (z) => z !== settings.timezone,
  );
  const storePromotions = index !== null && dataset.promotions.some((p) => p.locations.length > 0);
  const promotedAt = new Set<string>();
  // Labelled once per file: a path joined per offer cost as much as resolving it.
  const labels = new Map<string, string>();
  const labelOf = (file: string) => {
    let text = labels.get(file);
    if (text === undefined) labels.set(file, (text = label(file)));
    return text;
  };
  const entry = (offer: Offer, location: string | null, effectivePrice: Micros | null): PreviousEntry => {
    // Where duplicate rows disagree, which is right is unknown: none of them is the price kept; on
    // the tax basis, none of the amounts is (which basis they are on is unknown).
    const basisKnown = !disputed(offer, "tax_included");
    return {
      sku: offer.sku,
      channel: offer.channel,
      location,
      currency: offer.currency,
      taxIncluded: offer.taxIncluded,
      price: basisKnown && !disputed(offer, "price") ? offer.price : null,
      salePrice: basisKnown && !disputed(offer, "sale_price") ? offer.salePrice : null,
      effectivePrice: basisKnown ? effectivePrice : null,
      file: labelOf(offer.file),
      line: offer.line,
    };
  };
  for (const skuId of store.skusInOrder()) {
    const sku = store.skus.text(skuId)!;
    if (settings.owns && !settings.owns(sku)) continue;
    const product = dataset.products?.get(sku) ?? null;
    group.fill(skuId, settings.at);
    const promotions = storePromotions ? index!.candidates(sku, product).filter((p) => p.locations.length > 0) : NONE;
    for (const channel of group.channels) {
      const fallback = channel.fallback;
      // The default row's effective price kept: the one at no location, null where a store's zone gives another.
      let kept: Micros | null = null;
      if (fallback >= 0) {
        const offer = store.read(fallback, state.record);
        const feedZone = store.timezoneOf(fallback);
        kept = state.resolve(offer, product, null, feedZone ?? settings.timezone, settings.at, instants, settings.timezone).effectivePrice;
        if (located(offer.channel))
          for (const zone of zones)
            if (state.resolve(offer, product, null, feedZone ?? zone, settings.at, instants, zone).effectivePrice !== kept) {
              kept = null;
              break;
            }
        yield entry(offer, null, kept);
      }
      for (const location of channel.locations) {
        const row = channel.ownAt(location);
        const offer = store.read(row, state.record);
        const zone = placeZone(offer.channel, dataset.locations.get(offer.location!));
        state.resolve(offer, product, offer.location, store.timezoneOf(row) ?? zone, settings.at, instants, zone);
        yield entry(offer, offer.location, state.effectivePrice);
      }
      if (fallback < 0 || promotions.length === 0) continue;
      // Under one promotion naming the channel, the default row's price at a store depends on the store's zone alone.
      const one = promotedStores(dataset, channel, promotions, placeZone, settings.at, instants, promotedAt) === 1;
      if (promotedAt.size === 0) continue;
      const offer = store.read(fallback, state.record);
      const feedZone = store.timezoneOf(fallback);
      let resolvedIn: string | null = null;
      let price: Micros | null = null;
      for (const code of promotedAt) {
        const zone = placeZone(offer.channel, dataset.locations.get(code));
        if (!one || zone !== resolvedIn) {
          price = state.resolve(offer, product, code, feedZone ?? zone, settings.at, instants, zone).effectivePrice;
          resolvedIn = zone;
        }
        // Where it is the one kept (a coupon, a promotion in another currency), the default row's line says it.
        if (price !== kept) yield { ...entry(offer, code, price), defaultAtStore: true };
      }
    }
  }
}

const NONE: readonly Promotion[] = [];

/**
 * Into `out`, the stores where a promotion of `promotions` (the sku's, limited to stores) runs
 * at `at` for `channel`, which stands there by its default row only: the stores feed's, when
 * there is one. As the evaluator's `promotedDefaults`, except that a store no price row names is
 * kept: a run whose feeds name it judges the default row there. Returns how many of
 * `promotions` name the channel.
 */
function promotedStores(
  dataset: Dataset,
  channel: ChannelGroup,
  promotions: readonly Promotion[],
  placeZone: (channel: string, where: Location | null | undefined) => string,
  at: Instant,
  instants: InstantCache,
  out: Set<string>,
): number {
  out.clear();
  const listed = dataset.storesListed ? dataset.locations : null;
  let naming = 0;
  for (const p of promotions) {
    if (!p.channels.includes(channel.channel)) continue;
    naming++;
    for (const code of p.locations) {
      if (out.has(code) || (listed !== null && !listed.has(code))) continue;
      const location = dataset.offers.locations.find(code);
      if (location !== 0 && channel.ownAt(location) >= 0) continue;
      if (isActive(p, placeZone(channel.channel, dataset.locations.get(code)), at, instants)) out.add(code);
    }
  }
  return naming;
}
