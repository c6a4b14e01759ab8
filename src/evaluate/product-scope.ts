import type { SkuGroup } from "../dataset/sku-group.js";
import { formatAmount } from "../money/amount.js";
import {
  addSources,
  holdsAt,
  locationMismatches,
  WindowComparison,
  type LocationSale,
  type PromotionRun,
  type WindowMismatch,
} from "../pricing/window-mismatch.js";
import { fires } from "../rules/compile-rule.js";
import { storePromotedDefaults, type ScopeContext } from "./scope-context.js";
import { compareText } from "../text/compare.js";
import { covers, promotionWindow, promotionZone } from "../pricing/promotions.js";
import { disputed, offerSources, OfferRecord, type Offer } from "../model/offer.js";
import type { Source } from "../model/source.js";
import type { OfferState } from "../pricing/offer-state.js";

/**
 * Product scope: one sku as a whole, after its offers: the channels it is priced in, the listed
 * channels it is not, and (when a rule needs them) its windows compared between channels.
 */
export function evaluateProduct(ev: ScopeContext, group: SkuGroup | undefined): void {
  const ctx = ev.ctx;
  // The windows first: comparing them resolves offers at locations, which moves the context.
  ctx.windowMismatches = ev.needsWindows ? windowMismatches(ev, group) : [];
  ctx.offer = ctx.other = null;
  ctx.location = null;
  ctx.store = null;
  ctx.locationKnown = null;
  ctx.stock = null;
  const priced = group ? group.channels.map((c) => c.channel).sort(compareText) : [];
  ctx.pricedChannels = priced;
  ctx.unpricedListedChannels = (ctx.product?.listedChannels ?? []).filter((c) => !priced.includes(c));
  const sources = ctx.product ? [ctx.product.source] : [];
  let stockSources = sources;
  ctx.unknownLocations = null;
  if (ev.needsUnknownLocations && ctx.locationCodes !== null) {
    const known = ctx.locationCodes;
    // Where the sku also has a price row of its own, price/unknown-location reports the location
    // (a Google local inventory row is both): stock there is not a second problem.
    const priced = (location: string) => {
      const id = ev.store.locations.find(location);
      return id > 0 && group !== undefined && group.channels.some((c) => c.ownAt(id) >= 0);
    };
    const unknown = ev.dataset
      .inventoryLocations(ctx.sku!)
      .filter((l) => !known.has(l) && !priced(l))
      .sort(compareText);
    ctx.unknownLocations = unknown;
    // The inventory rows at those locations are where a rule reading them finds the problem.
    stockSources = [...sources, ...unknown.map((location) => ev.dataset.stockRow(ctx.sku!, location, ev.options.at)!.source)];
  }
  const removed = ctx.removal?.sources ?? [];
  const windowsAt = windowLocation(ctx.windowMismatches);
  for (const rule of ev.productRules) {
    // A finding on the windows stands at the one store its mismatches are all at, if they are.
    ctx.location = rule.needs.windowMismatches ? windowsAt : null;
    if (!fires(rule, ctx)) continue;
    ev.report(
      rule,
      [],
      rule.needs.unknownLocations
        ? stockSources
        : rule.needs.windowMismatches
          ? windowSources(sources, ctx.windowMismatches)
          : rule.needs.previous
            ? [...sources, ...removed]
            : sources,
    );
  }
  ctx.location = null;
}

/** The location all of a sku's window mismatches are at; null when one is over the whole sku, or they are at two or more. */
function windowLocation(mismatches: readonly WindowMismatch[]): string | null {
  const location = mismatches[0]?.location ?? null;
  return mismatches.every((m) => m.location === location) ? location : null;
}

/**
 * The product's rows (its catalogue row), then the price and promotion rows giving the windows
 * compared, each once, by file and line.
 */
function windowSources(product: readonly Source[], mismatches: readonly WindowMismatch[]): Source[] {
  const rows: Source[] = [];
  for (const m of mismatches) for (const w of m.windows) addSources(rows, w.sources);
  rows.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  // A catalogue row may give a price too (a Google item): cited once, first.
  const sources = [...product];
  addSources(sources, rows);
  return sources;
}

/**
 * Where one sku's promotion or sale windows differ between channels: each campaign's window
 * per channel, and the sale window of each sale price of the channels' default rows (an open
 * end: unbounded); then, at each location where a channel has an offer of its own (its own row,
 * or its default row at a store a promotion limited to stores names for it), that offer's sale
 * against each other channel's offer standing there (see locationMismatches). Each is compared
 * whenever its windows are, and kept while it holds at the instant (see holdsAt). A sku priced
 * in no channel then sells nothing whose windows could differ.
 */
function windowMismatches(ev: ScopeContext, group: SkuGroup | undefined): WindowMismatch[] {
  if (group === undefined || group.channels.length === 0) return [];
  const ctx = ev.ctx;
  const comparison = new WindowComparison();
  const candidates = ev.pricing.promotions?.candidates(ctx.sku!, ctx.product) ?? [];
  for (const p of candidates) {
    if (p.campaign === null) continue;
    const window = promotionWindow(p, promotionZone(p, ev.dataset.locations, ev.options.timezone), ev.instants);
    if (window === null) continue;
    const rows = [p.source];
    for (const channel of p.channels) comparison.add(`campaign ${p.campaign}`, channel, window[0], window[1], rows);
  }
  for (const channel of group.channels) {
    if (channel.fallback < 0) continue;
    const state = ev.place(channel.fallback, 0, ev.first);
    const offer = state.offer;
    if (offer.salePrice === null || saleDisputed(offer) || !boundsRead(state)) continue;
    const what = `sale price ${saleText(ev, offer.salePrice, offer.currency, offer.taxIncluded)}`;
    // The sale as its rows run it: a scheduled row's only while it holds, carried over rows of the same sale.
    const run = state.saleRun();
    comparison.add(what, channel.channel, run.from ?? -Infinity, run.to ?? Infinity, offerSources(offer));
  }
  const skuWide = comparison.mismatches();
  const found = [...skuWide];
  // An offer's rows are read again only where a mismatch cites them: most offers compared have none.
  let record: OfferRecord | undefined;
  const rows = (row: number) => offerSources(ev.store.read(row, (record ??= new OfferRecord())));
  // At whatever instant the promotions run, not only now: the windows compared are theirs.
  const promoted = storePromotedDefaults(ev, candidates, group.channels);
  for (const location of offerLocations(ev, group, promoted)) {
    const sales = salesAt(ev, group, location, promoted?.get(location) ?? null);
    for (const mismatch of locationMismatches(ev.store.locations.text(location)!, sales, skuWide, rows)) found.push(mismatch);
  }
  const at = ev.options.at;
  return found.filter((m) => holdsAt(m, at));
}

/** Whether the offer's duplicate rows disagree on its sale price or its window: which sale runs is unknown. */
function saleDisputed(offer: Offer): boolean {
  return disputed(offer, "sale_price") || disputed(offer, "sale_start") || disputed(offer, "sale_end");
}

/** Whether the sale bounds the offer's row gives read: one that does not is unknown; one it does not give is open. */
function boundsRead(state: OfferState): boolean {
  const offer = state.offer;
  return (offer.saleStart === null || state.saleStart !== null) && (offer.saleEnd === null || state.saleEnd !== null);
}

/**
 * A sale price as the windows are compared by: its amount at the minor unit, its currency (9.99
 * EUR is not 9.99 USD) and its tax basis (8.00 without tax is not 8.00 with it); a price with tax,
 * as rows are read by default, is written without a word of it.
 */
function saleText(ev: ScopeContext, amount: number, currency: string, taxIncluded: boolean): string {
  return `${formatAmount(amount, ev.pricing.minorUnits(currency))} ${currency}${taxIncluded ? "" : " without tax"}`;
}

/**
 * The locations where some channel of the sku has an offer of its own: a row of its own, or its
 * default row at a store `promoted` (see storePromotedDefaults); in code-unit order of their codes.
 */
function offerLocations(ev: ScopeContext, group: SkuGroup, promoted: ReadonlyMap<number, readonly number[]> | null): number[] {
  const ids = new Set<number>();
  for (const channel of group.channels) for (const location of channel.locations) ids.add(location);
  if (promoted !== null) for (const location of promoted.keys()) ids.add(location);
  const code = (id: number) => ev.store.locations.text(id)!;
  return [...ids].sort((a, b) => compareText(code(a), code(b)));
}

/**
 * What each channel's offer standing at `location` runs there: its sale, and the promotions
 * covering it. The channels `byDefault` (their k) stand there by their default rows as their own.
 */
function salesAt(ev: ScopeContext, group: SkuGroup, location: number, byDefault: readonly number[] | null): LocationSale[] {
  const ctx = ev.ctx;
  const code = ev.store.locations.text(location)!;
  // Only the promotions that can cover the location: those of other stores never do.
  const candidates = ev.pricing.promotions?.candidatesAt(ctx.sku!, ctx.product, code) ?? [];
  const sales: LocationSale[] = [];
  for (let k = 0; k < group.channels.length; k++) {
    const channel = group.channels[k]!;
    const row = channel.offerAt(location);
    if (row < 0) continue;
    const state = ev.place(row, location, ev.first);
    const offer = state.offer;
    const promotions: PromotionRun[] = [];
    for (const p of candidates) {
      if (!covers(p, channel.channel, code)) continue;
      // The zone the offer's own promotions are read in there (see OfferState.resolve).
      const window = promotionWindow(p, state.placeZone, ev.instants);
      if (window !== null) promotions.push({ campaign: p.campaign, exclusive: p.exclusive, window, source: p.source });
    }
    const saleKnown = !saleDisputed(offer) && boundsRead(state);
    const sale = saleKnown ? offer.salePrice : null;
    const run = sale === null ? null : state.saleRun();
    sales.push({
      channel: channel.channel,
      own: channel.ownAt(location) >= 0 || (byDefault !== null && byDefault.includes(k)),
      row,
      salePrice: sale === null ? null : saleText(ev, sale, offer.currency, offer.taxIncluded),
      saleWindow: run === null ? null : [run.from ?? -Infinity, run.to ?? Infinity],
      saleKnown,
      promotions,
    });
  }
  return sales;
}
