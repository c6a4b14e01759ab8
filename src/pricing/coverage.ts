import { LANDING_PAGE_CHANNEL } from "../config/channels.js";
import type { Dataset } from "../dataset/dataset.js";
import type { Product } from "../model/product.js";
import type { Promotion } from "../model/promotion.js";
import { covers } from "./promotions.js";
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
 * Of the channels `missed` that a promotion misses for a sku (see channelsMissed), those where no
 * other promotion of its campaign runs for the sku: a campaign is often written as one row per
 * channel or step, and a channel where another of its rows runs then, at every store the
 * promotion names (or everywhere, when it names none), is not missing. `running`: the promotions
 * that cover the sku and run at the instant judged (PromotionIndex.runningAt).
 */
export function missedByCampaign(promotion: Promotion, missed: readonly string[], running: readonly Promotion[]): readonly string[] {
  const campaign = promotion.campaign;
  if (campaign === null) return missed;
  const others = running.filter((p) => p !== promotion && p.campaign === campaign);
  if (others.length === 0) return missed;
  const runsAt = (channel: string, location: string | null) => others.some((p) => covers(p, channel, location));
  const { locations } = promotion;
  return missed.filter((c) => !(locations.length === 0 ? runsAt(c, null) : locations.every((l) => runsAt(c, l))));
}

/**
 * Units of a sku available over the given locations (none given: every store, else every
 * location with an inventory row for it); null unless each of them has an inventory row. A
 * store the stores feed says is not open sells nothing, nor does a location a stores feed does
 * not list (promo/unknown-location says so): their stock does not count; with none of the
 * locations listed there is nothing to judge (null).
 */
export function availableWhere(dataset: Dataset, sku: string, locations: readonly string[]): number | null {
  const listed = dataset.storesListed;
  const named = locations.length > 0 ? locations : listed ? [...dataset.locations.keys()] : dataset.stockLocations(sku);
  const where = listed ? named.filter((location) => dataset.locations.has(location)) : named;
  if (where.length === 0) return null;
  let total = 0;
  for (const location of where) {
    const status = dataset.locations.get(location)?.status ?? null;
    if (status !== null && status !== "open") continue;
    const level = dataset.stockOf(sku, location);
    if (level === undefined) return null;
    total += level.available;
  }
  return total;
}
