import type { Dataset } from "../dataset/dataset.js";
import { SkuGroup } from "../dataset/sku-group.js";
import type { RoundingMode } from "../money/amount.js";
import { minorUnits } from "../money/currencies.js";
import { OfferState } from "../pricing/offer-state.js";
import { PromotionIndex } from "../pricing/promotions.js";
import { InstantCache, type Instant } from "../time/instant.js";
import type { PreviousEntry } from "./previous-offers.js";
import { disputed } from "../model/offer.js";

/** How a dataset's offers are resolved: the settings the evaluator resolves them with. */
export interface ResolveSettings {
  readonly at: Instant;
  readonly timezone: string;
  readonly currency: string | null;
  readonly minorUnits?: Readonly<Record<string, number>> | undefined;
  readonly rounding?: RoundingMode | undefined;
  /** Whether this run keeps a sku (shards); default: all. */
  readonly owns?: ((sku: string) => boolean) | undefined;
}

/**
 * Each offer of a dataset as the previous state keeps it: every channel's default row and its
 * rows of their own per location, in force at the instant, resolved there as the evaluator
 * resolves them (sale window, automatic promotions), sku by sku in the store's sku order.
 * `file` names a row's feed as `label(file)` does.
 */
export function* datasetOffers(
  dataset: Dataset,
  settings: ResolveSettings,
  label: (file: string) => string = (f) => f,
): Generator<PreviousEntry> {
  const store = dataset.offers;
  store.index();
  const state = new OfferState({
    minorUnits: (currency) => minorUnits(currency, settings.minorUnits),
    rounding: settings.rounding ?? "half-up",
    defaultCurrency: settings.currency,
    promotions: dataset.promotions.length > 0 ? new PromotionIndex(dataset.promotions) : null,
    history: (sku) => dataset.history.get(sku) ?? [],
  });
  const instants = new InstantCache();
  const group = new SkuGroup(store);
  for (const skuId of store.skusInOrder()) {
    const sku = store.skus.text(skuId)!;
    if (settings.owns && !settings.owns(sku)) continue;
    const product = dataset.products?.get(sku) ?? null;
    group.fill(skuId, settings.at);
    for (const channel of group.channels) {
      const rows =
        channel.fallback >= 0
          ? [channel.fallback, ...channel.locations.map((l) => channel.ownAt(l))]
          : channel.locations.map((l) => channel.ownAt(l));
      for (const row of rows) {
        const offer = store.read(row, state.record);
        const place = (offer.location === null ? null : dataset.locations.get(offer.location)?.timezone) ?? settings.timezone;
        state.resolve(offer, product, offer.location, store.timezoneOf(row) ?? place, settings.at, instants, place);
        yield {
          sku,
          channel: offer.channel,
          location: offer.location,
          currency: offer.currency,
          // Where duplicate rows disagree, which is right is unknown: none of them is the price kept.
          price: disputed(offer, "price") ? null : offer.price,
          salePrice: disputed(offer, "sale_price") ? null : offer.salePrice,
          effectivePrice: state.effectivePrice,
          file: label(offer.file),
          line: offer.line,
        };
      }
    }
  }
}
