import { LANDING_PAGE_CHANNEL } from "../config/channels.js";
import type { Dataset } from "../dataset/dataset.js";
import type { Product } from "../model/product.js";
import type { Promotion } from "../model/promotion.js";
import { compareText } from "../text/compare.js";

/** The skus a promotion names, and those of the catalogue in its categories or brands, in code-unit order. */
export function coveredSkus(promotion: Promotion, products: ReadonlyMap<string, Product> | null): string[] {
  const skus = new Set(promotion.skus);
  if (products && (promotion.categories.length > 0 || promotion.brands.length > 0)) {
    for (const product of products.values()) {
      if (
        (product.category !== null && promotion.categories.includes(product.category)) ||
        (product.brand !== null && promotion.brands.includes(product.brand))
      ) {
        skus.add(product.sku);
      }
    }
  }
  return [...skus].sort(compareText);
}

/**
 * The channels where a sku is listed or priced but a promotion does not run, sorted. A product
 * page's price (channel landing_page) is the web shop's own page, no channel the sku is sold in.
 */
export function channelsMissed(promotion: Promotion, listed: readonly string[], priced: readonly string[]): string[] {
  const present = new Set([...listed, ...priced]);
  present.delete(LANDING_PAGE_CHANNEL);
  return [...present].filter((c) => !promotion.channels.includes(c)).sort(compareText);
}

/**
 * Where another promotion of a campaign runs, as {@link missedByCampaign} asks: the places a
 * channel is judged at (a store, or null for no store), and whether another promotion of the
 * campaign runs in the channel there.
 */
export interface CampaignCover {
  placesOf(channel: string): readonly (string | null)[];
  runsAt(channel: string, location: string | null): boolean;
}

/**
 * Of the channels a promotion leaves out (`missed`), those where no other promotion of its
 * campaign runs at every place the channel is judged at: a campaign split by channel (store one
 * week, web the next, each its own row) misses nothing where its rows run together.
 */
export function missedByCampaign(promotion: Promotion, missed: readonly string[], cover: CampaignCover): readonly string[] {
  if (promotion.campaign === null) return missed;
  return missed.filter((c) => !cover.placesOf(c).every((l) => cover.runsAt(c, l)));
}

/**
 * Units of a sku available at instant `at` over the given locations (none given: every store,
 * else every location with an inventory row for it); null unless the stock is known at each of
 * them then (an inventory row gives it then: see Dataset.stockAt). A
 * store the stores feed says is not open sells nothing, nor does a location a stores feed does
 * not list (promo/unknown-location says so): their stock does not count; with none of the
 * locations listed there is nothing to judge (null).
 */
export function availableWhere(dataset: Dataset, sku: string, locations: readonly string[], at: number): number | null {
  const listed = dataset.storesListed;
  const named = locations.length > 0 ? locations : listed ? [...dataset.locations.keys()] : dataset.inventoryLocations(sku);
  const where = listed ? named.filter((location) => dataset.locations.has(location)) : named;
  if (where.length === 0) return null;
  let total = 0;
  for (const location of where) {
    const status = dataset.locations.get(location)?.status ?? null;
    if (status !== null && status !== "open") continue;
    const level = dataset.stockAt(sku, location, at);
    if (level === undefined) return null;
    total += level.available;
  }
  return total;
}
