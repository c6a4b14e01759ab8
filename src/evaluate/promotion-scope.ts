import { BUILTIN_CHANNELS } from "../config/channels.js";
import { wallClockSpan } from "../time/instant.js";
import { availableWhere, channelsMissed, coveredSkus, missedByCampaign, type CampaignCover } from "../pricing/coverage.js";
import { covers, promotionZone } from "../pricing/promotions.js";
import { fires } from "../rules/compile-rule.js";
import type { KnownTargets, PromotionTarget, TargetKind } from "../rules/facts.js";
import { nearest } from "../text/nearest.js";
import type { Dataset } from "../dataset/dataset.js";
import type { StringTable } from "../dataset/columns.js";
import type { ScopeContext } from "./scope-context.js";
import type { Promotion } from "../model/promotion.js";
import type { Product } from "../model/product.js";
import type { Source } from "../model/source.js";
import { addSources } from "../pricing/window-mismatch.js";
import type { CompiledRule } from "../rules/rule.js";
import type { Instant } from "../time/instant.js";

/**
 * Promotion scope: each promotion once for the rules that judge the promotion itself, and once
 * per sku it covers (by sku, or by category and brand through the catalogue) for the rules
 * that read a sku's facts.
 */
export function evaluatePromotions(ev: ScopeContext): void {
  const rules = promotionRulesOf(ev.promotionRules);
  for (const promotion of ev.dataset.promotions) evaluatePromotion(ev, promotion, rules);
}

/** Promotion rules split: those run once per promotion, and those run per sku it covers. */
export interface PromotionRules {
  readonly once: readonly CompiledRule[];
  readonly perSku: readonly CompiledRule[];
}

export function promotionRulesOf(rules: readonly CompiledRule[]): PromotionRules {
  const perSku = rules.filter((r) => r.needs.coveredSku);
  return { once: rules.filter((r) => !perSku.includes(r)), perSku };
}

/** One promotion: once, then on each sku it covers. */
export function evaluatePromotion(ev: ScopeContext, promotion: Promotion, { once, perSku }: PromotionRules): void {
  const ctx = ev.ctx;
  ctx.offer = ctx.other = null;
  ctx.location = null;
  ctx.store = null;
  ctx.stock = null;
  const zone = promotionZone(promotion, ev.dataset.locations, ev.options.timezone);
  const start = ev.instants.resolve(promotion.start, zone, "start");
  const end = ev.instants.resolve(promotion.end, zone, "end");
  ctx.promotion = promotion;
  ctx.knownTargets = knownTargets(ev);
  ctx.promotionStart = start.ok ? start.instant : null;
  ctx.promotionEnd = end.ok ? end.instant : null;
  ctx.promotionSpan = start.ok && end.ok ? wallClockSpan(start.instant, end.instant, zone) : null;
  ctx.promotionActive = start.ok && end.ok && ev.options.at >= start.instant && ev.options.at < end.instant;
  const known = ctx.locationCodes;
  ctx.unknownLocations = ev.needsUnknownLocations && known !== null ? promotion.locations.filter((l) => !known.has(l)) : null;
  const sources = [promotion.source];
  ctx.sku = null;
  ctx.product = null;
  if (ev.owns(null)) for (const rule of once) if (fires(rule, ctx)) ev.report(rule, [], sources);
  if (perSku.length > 0) {
    for (const sku of coveredSkus(promotion, ev.dataset.products)) {
      if (!ev.owns(sku)) continue;
      ctx.sku = sku;
      ctx.product = ev.dataset.products?.get(sku) ?? null;
      ctx.inCatalogue = ev.dataset.products === null ? null : ctx.product !== null;
      ctx.missingChannels = channelsMissed(promotion, ctx.product?.listedChannels ?? [], pricedChannels(ev, sku));
      // While it runs, another row of its campaign may run in a channel it leaves out (one that is not running is judged alone).
      if (ctx.missingChannels.length > 0 && promotion.campaign !== null && ctx.promotionActive) {
        // The others' bare dates read at each place the channel is judged at, in its zone (as the offers' prices there read them).
        ctx.missingChannels = missedByCampaign(promotion, ctx.missingChannels, campaignRunsAt(ev, promotion, sku, ctx.product));
      }
      ctx.availableAtLocations = availableWhere(ev.dataset, sku, promotion.locations);
      for (const rule of perSku) {
        if (fires(rule, ctx)) ev.report(rule, [], rule.needs.channelRows ? channelRows(ev, sources, sku, ctx.missingChannels) : sources);
      }
    }
  }
  ctx.promotion = null;
  ctx.knownTargets = null;
  ctx.unknownLocations = null;
  ctx.missingChannels = [];
  ctx.availableAtLocations = null;
}

/**
 * Whether another promotion of `promotion`'s campaign runs for sku `sku` in a channel at a place:
 * read in that place's zone (a store's, else the config's), as the offers' prices there read it.
 * A located channel's places are the stores the promotion names, else those it prices the sku at
 * (its default row, if it has only that, with no store); a channel that is not located has one.
 */
function campaignRunsAt(ev: ScopeContext, promotion: Promotion, sku: string, product: Product | null): CampaignCover {
  const index = ev.pricing.promotions;
  const running = new Map<string, readonly Promotion[]>();
  const partnersIn = (zone: string): readonly Promotion[] => {
    let found = running.get(zone);
    if (found === undefined) {
      const all = index === null ? [] : index.runningAt(sku, product, zone, ev.options.at, ev.instants);
      running.set(zone, (found = all.filter((p) => p !== promotion && p.campaign === promotion.campaign)));
    }
    return found;
  };
  const zoneAt = (location: string | null) =>
    (location === null ? null : (ev.dataset.locations.get(location)?.timezone ?? null)) ?? ev.options.timezone;
  return {
    placesOf: (channel) => {
      // A channel that is not located (web) is one offer, read in the config's zone wherever the promotion runs.
      if ((ev.options.channels?.get(channel) ?? BUILTIN_CHANNELS[channel] ?? true) === false) return [null];
      if (promotion.locations.length > 0) return promotion.locations;
      const skuId = ev.store.skus.find(sku);
      const group = skuId === 0 ? null : ev.group.fill(skuId, ev.options.at);
      const stores = group?.channels.find((c) => c.channel === channel)?.locations.map((id) => ev.store.locations.text(id)!) ?? [];
      return stores.length > 0 ? stores : [null];
    },
    runsAt: (channel, location) => partnersIn(zoneAt(location)).some((p) => covers(p, channel, location)),
  };
}

/**
 * The promotion's row, then, for each of `channels`, the row that sells sku `sku` there: the
 * channel's default row, else its first row at a location; in a channel the catalogue lists it
 * in and no row prices it, its catalogue row. Each once.
 */
function channelRows(ev: ScopeContext, promotion: readonly Source[], sku: string, channels: readonly string[]): Source[] {
  const sources = [...promotion];
  const skuId = ev.store.skus.find(sku);
  const group = skuId === 0 ? null : ev.group.fill(skuId, ev.options.at);
  for (const channel of channels) {
    const priced = group?.channels.find((c) => c.channel === channel);
    if (priced !== undefined)
      addSources(sources, [ev.store.source(priced.fallback >= 0 ? priced.fallback : priced.ownAt(priced.locations[0]!))]);
    else if (ev.ctx.product !== null) addSources(sources, [ev.ctx.product.source]);
  }
  return sources;
}

/** Per evaluator: the channels each sku is priced in at the instant `at` (see pricedChannels). */
const priced = new WeakMap<ScopeContext, { at: Instant; bySku: Map<string, readonly string[]> }>();

/**
 * The channels sku `sku` is priced in at the evaluator's instant, at any location (its rows in
 * force grouped), worked out once per sku and instant: a sku covered by a promotion at each of
 * thousands of stores had all its rows, at every store, grouped again for each of them.
 */
function pricedChannels(ev: ScopeContext, sku: string): readonly string[] {
  const at = ev.options.at;
  let kept = priced.get(ev);
  if (kept === undefined || kept.at !== at) priced.set(ev, (kept = { at, bySku: new Map() }));
  let channels = kept.bySku.get(sku);
  if (channels === undefined) {
    const skuId = ev.store.skus.find(sku);
    channels = skuId === 0 ? [] : ev.group.fill(skuId, at).channels.map((c) => c.channel);
    kept.bySku.set(sku, channels);
  }
  return channels;
}

/** Per evaluator: what the skus, categories and brands promotions name are checked against. */
const targets = new WeakMap<ScopeContext, CatalogueTargets>();

function knownTargets(ev: ScopeContext): CatalogueTargets {
  let known = targets.get(ev);
  if (known === undefined) targets.set(ev, (known = new CatalogueTargets(ev.dataset, ev.store.skus)));
  return known;
}

/** The catalogue's sku nearest `sku`, for price/unknown-sku's hint (see KnownTargets.nearest). */
export function nearestCatalogueSku(ev: ScopeContext, sku: string): string | null {
  return knownTargets(ev).nearestSku(sku);
}

/** A catalogue's skus beyond which a sku's nearest is looked for only among those differing in case (each look is a pass over them all). */
const NEAREST_SKUS = 10_000;

/**
 * The catalogue's skus, categories and brands, and the skus priced (the offer store's, which
 * with shards holds the shard's own: a sku is judged by the shard that owns it). Gathered on
 * first use, once per evaluator; the last promotion's unknown targets kept, as its facts read
 * them more than once.
 */
class CatalogueTargets implements KnownTargets {
  private categories: Set<string> | null = null;
  private brands: Set<string> | null = null;
  /** The catalogue's skus by their lowercase form, the first of each. */
  private folded: Map<string, string> | null = null;
  private last: Promotion | null = null;
  private lastUnknown: readonly PromotionTarget[] | null = null;

  constructor(
    private readonly dataset: Dataset,
    private readonly priced: StringTable,
  ) {}

  hasSku(sku: string): boolean {
    return this.dataset.products?.has(sku) === true || this.priced.find(sku) !== 0;
  }

  unknown(promotion: Promotion): readonly PromotionTarget[] | null {
    if (promotion === this.last) return this.lastUnknown;
    this.last = promotion;
    return (this.lastUnknown = this.unknownOf(promotion));
  }

  nearest(kind: TargetKind, name: string): string | null {
    const products = this.dataset.products;
    if (products === null) return null;
    if (kind === "category") return nearest(name, this.categoriesOf(products));
    if (kind === "brand") return nearest(name, this.brandsOf(products));
    return this.nearestSku(name);
  }

  nearestSku(name: string): string | null {
    const products = this.dataset.products;
    if (products === null) return null;
    if (products.size > NEAREST_SKUS) {
      this.folded ??= foldedKeys(products.keys());
      return this.folded.get(name.toLowerCase()) ?? null;
    }
    return nearest(name, products.keys());
  }

  private unknownOf(promotion: Promotion): readonly PromotionTarget[] | null {
    const products = this.dataset.products;
    if (products === null) return null;
    const out: PromotionTarget[] = [];
    if (promotion.categories.length > 0) {
      const known = this.categoriesOf(products);
      for (const name of new Set(promotion.categories)) if (!known.has(name)) out.push({ kind: "category", name });
    }
    if (promotion.brands.length > 0) {
      const known = this.brandsOf(products);
      for (const name of new Set(promotion.brands)) if (!known.has(name)) out.push({ kind: "brand", name });
    }
    return out;
  }

  private categoriesOf(products: ReadonlyMap<string, Product>): Set<string> {
    return (this.categories ??= namesOf(products, (p) => p.category, this.dataset.catalogueElsewhere.categories));
  }

  private brandsOf(products: ReadonlyMap<string, Product>): Set<string> {
    return (this.brands ??= namesOf(products, (p) => p.brand, this.dataset.catalogueElsewhere.brands));
  }
}

/** The values one field of the catalogue takes (with those of the entries other shards hold). */
function namesOf(
  products: ReadonlyMap<string, Product>,
  field: (p: Product) => string | null,
  elsewhere: ReadonlySet<string>,
): Set<string> {
  const names = new Set<string>(elsewhere);
  for (const product of products.values()) {
    const name = field(product);
    if (name !== null) names.add(name);
  }
  return names;
}

/** Names by their lowercase form, the first of each. */
function foldedKeys(names: Iterable<string>): Map<string, string> {
  const folded = new Map<string, string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (!folded.has(key)) folded.set(key, name);
  }
  return folded;
}
