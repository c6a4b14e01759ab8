import { isLocated } from "../config/channels.js";
import { wallClockSpan } from "../time/instant.js";
import { availableWhere, channelsMissed, coveredSkus, missedByCampaign, type CampaignCover } from "../pricing/coverage.js";
import { covers, isActive, promotionZone } from "../pricing/promotions.js";
import { fires } from "../rules/compile-rule.js";
import type { KnownTargets, PromotionTarget, TargetKind } from "../rules/facts.js";
import { nearest } from "../text/nearest.js";
import { compareText } from "../text/compare.js";
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
  const activeWhole = start.ok && end.ok && ev.options.at >= start.instant && ev.options.at < end.instant;
  ctx.promotionActive = activeWhole;
  const known = ctx.locationCodes;
  ctx.unknownLocations = ev.needsUnknownLocations && known !== null ? promotion.locations.filter((l) => !known.has(l)) : null;
  const sources = [promotion.source];
  ctx.sku = null;
  ctx.product = null;
  if (ev.owns(null)) for (const rule of once) if (fires(rule, ctx)) ev.report(rule, [], sources);
  if (perSku.length > 0) {
    const named = namedZones(ev, promotion);
    // Whether it runs at the instant in a zone, asked once per zone for all the skus it covers.
    const activeByZone = new Map<string, boolean>();
    const activeIn = (zone: string): boolean => {
      let active = activeByZone.get(zone);
      if (active === undefined) activeByZone.set(zone, (active = isActive(promotion, zone, ev.options.at, ev.instants)));
      return active;
    };
    for (const sku of coveredSkus(promotion, ev.dataset.products)) {
      if (!ev.owns(sku)) continue;
      ctx.sku = sku;
      ctx.product = ev.dataset.products?.get(sku) ?? null;
      ctx.inCatalogue = ev.dataset.products === null ? null : ctx.product !== null;
      // Whether it runs for the sku: somewhere it applies to it, each place read in its own zone.
      ctx.promotionActive = runsForSku(ev, promotion, sku, activeWhole, named, activeIn);
      ctx.missingChannels = channelsMissed(promotion, ctx.product?.listedChannels ?? [], pricedChannels(ev, sku));
      // While it runs, another row of its campaign may run in a channel it leaves out (one that is not running is judged alone).
      if (ctx.missingChannels.length > 0 && promotion.campaign !== null && ctx.promotionActive) {
        // The others' bare dates read at each place the channel is judged at, in its zone (as the offers' prices there read them).
        ctx.missingChannels = missedByCampaign(promotion, ctx.missingChannels, campaignRunsAt(ev, promotion, sku, ctx.product));
      }
      ctx.availableAtLocations = availableWhere(ev.dataset, sku, promotion.locations, ev.options.at);
      for (const rule of perSku) {
        if (fires(rule, ctx)) ev.report(rule, [], rule.needs.channelRows ? channelRows(ev, sources, sku, ctx.missingChannels) : sources);
      }
    }
  }
  ctx.promotion = null;
  ctx.promotionActive = false;
  ctx.knownTargets = null;
  ctx.unknownLocations = null;
  ctx.missingChannels = [];
  ctx.availableAtLocations = null;
}

/**
 * Whether another promotion of `promotion`'s campaign runs for sku `sku` in a channel at a place:
 * read in that place's zone (a store's, else the config's), as the offers' prices there read it.
 * A located channel's places are the stores the promotion names, else those it sells the sku at
 * (see placesOf); a channel that is not located has one.
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
  return {
    placesOf: (channel) => placesOf(ev, promotion, sku, channel),
    runsAt: (channel, location) => partnersIn(zoneAt(ev, location)).some((p) => covers(p, channel, location)),
  };
}

/**
 * Where a promotion applies to sku `sku` in a channel: one place for a channel that is not
 * located (web: read in the config's zone wherever the promotion runs); for a located channel,
 * the stores the promotion names, else the places the channel sells the sku at, as the offers'
 * prices stand (see Evaluator.standingStores): the stores of its own rows, and, where it has a
 * default row, every other store the stores feed lists (without a stores feed, the default row's
 * own place: no store). A channel that does not price the sku has the one place with no store.
 */
function placesOf(ev: ScopeContext, promotion: Promotion, sku: string, channel: string): readonly (string | null)[] {
  if (!isLocated(channel, ev.options.channels)) return [null];
  if (promotion.locations.length > 0) return promotion.locations;
  const skuId = ev.store.skus.find(sku);
  const priced = skuId === 0 ? undefined : ev.group.fill(skuId, ev.options.at).channels.find((c) => c.channel === channel);
  if (priced === undefined) return [null];
  const own = priced.locations.map((id) => ev.store.locations.text(id)!);
  if (priced.fallback < 0) return own;
  const listed = ev.ctx.locationCodes;
  if (listed === null || listed.size === 0) return [...own, null];
  const ownSet = new Set(own);
  return [...own, ...[...listed.keys()].filter((code) => !ownSet.has(code))];
}

/** The zone of a place: its store's, else the config's. */
function zoneAt(ev: ScopeContext, location: string | null): string {
  return (location === null ? null : (ev.dataset.locations.get(location)?.timezone ?? null)) ?? ev.options.timezone;
}

/**
 * Whether a promotion runs for sku `sku` at the instant somewhere it applies to it: at a place
 * of one of its channels (of those the sku is priced in, where it lists none), its bare dates
 * read in that place's zone, as the offers' prices there read them. A promotion judged whole
 * reads them in one zone (promotionZone): a store promotion naming no store began there at
 * midnight in the config's zone, hours before a store in New York lowered its price. One whose
 * feed gives its zone runs everywhere at once, and where every store is in the config's zone
 * the places agree: `activeWhole`, whether it runs judged whole, is the answer then. `named`:
 * the zones of the stores the promotion names (null: it names none).
 */
function runsForSku(
  ev: ScopeContext,
  promotion: Promotion,
  sku: string,
  activeWhole: boolean,
  named: ReadonlySet<string> | null,
  activeIn: (zone: string) => boolean,
): boolean {
  if (promotion.timezone !== null || !hasOtherZones(ev)) return activeWhole;
  let placed = false;
  for (const channel of promotion.channels.length > 0 ? promotion.channels : pricedChannels(ev, sku)) {
    for (const zone of !isLocated(channel, ev.options.channels) ? [ev.options.timezone] : (named ?? skuZones(ev, sku, channel))) {
      if (activeIn(zone)) return true;
      placed = true;
    }
  }
  return placed ? false : activeWhole;
}

/** The zones of the stores a promotion names (null: it names none). */
function namedZones(ev: ScopeContext, promotion: Promotion): ReadonlySet<string> | null {
  return promotion.locations.length === 0 || !hasOtherZones(ev) ? null : new Set(promotion.locations.map((code) => zoneAt(ev, code)));
}

/**
 * The zones of the places where a located channel prices sku `sku` at the evaluator's instant:
 * the stores of its own rows, and where it has a default row, the default rows' place (the
 * config's zone) and every store the stores feed lists (a default row stands at those without
 * a row of their own); none where it does not price the sku. Worked out once per sku and
 * instant, for every promotion that covers it.
 */
function skuZones(ev: ScopeContext, sku: string, channel: string): readonly string[] {
  return skuPrices(ev, sku).zones.get(channel) ?? NO_ZONES;
}

const NO_ZONES: readonly string[] = [];

/**
 * What of a sku's prices at the evaluator's instant decides where the promotions covering it
 * run (see runsForSku): each channel's zones, where a store of the run is in another zone than
 * the config's (each list of zones by its number); "" where none is. A window evaluates the
 * promotions covering a sku again when it changes.
 */
export function promotionPlacesKey(ev: ScopeContext, sku: string): string {
  return hasOtherZones(ev) ? skuPrices(ev, sku).key : "";
}

/** Whether a store of the run has a zone other than the config's (worked out once per evaluator). */
function hasOtherZones(ev: ScopeContext): boolean {
  let other = otherZones.get(ev);
  if (other === undefined) {
    other = [...ev.dataset.locations.values()].some((l) => l.timezone !== null && l.timezone !== ev.options.timezone);
    otherZones.set(ev, other);
  }
  return other;
}

const otherZones = new WeakMap<ScopeContext, boolean>();

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

/**
 * A sku's prices at an instant as the promotions covering it read them: the channels it is
 * priced in, and, where a store of the run is in another zone than the config's, the zones of
 * each channel's places (see skuZones).
 */
interface SkuPrices {
  readonly channels: readonly string[];
  readonly zones: ReadonlyMap<string, readonly string[]>;
  /** Each channel and the number of its list of zones (see promotionPlacesKey). */
  readonly key: string;
}

/** Per evaluator, at the instant `at`: each sku's {@link SkuPrices}. */
const priced = new WeakMap<ScopeContext, { at: Instant; bySku: Map<string, SkuPrices> }>();

/**
 * {@link SkuPrices} of sku `sku` at the evaluator's instant, from its rows in force grouped once
 * per sku and instant: a sku covered by a promotion at each of thousands of stores had all its
 * rows, at every store, grouped again for each of them.
 */
function skuPrices(ev: ScopeContext, sku: string): SkuPrices {
  const at = ev.options.at;
  let kept = priced.get(ev);
  if (kept === undefined || kept.at !== at) priced.set(ev, (kept = { at, bySku: new Map() }));
  let prices = kept.bySku.get(sku);
  if (prices === undefined) {
    const skuId = ev.store.skus.find(sku);
    const groups = skuId === 0 ? [] : ev.group.fill(skuId, at).channels;
    let zones: Map<string, readonly string[]> = NO_PLACES;
    let key = "";
    if (hasOtherZones(ev)) {
      zones = new Map();
      const table = zoneTable(ev);
      for (const group of groups) {
        const { list, id } = table.of(group.locations, group.fallback >= 0);
        zones.set(group.channel, list);
        key += `${group.channel}=${id};`;
      }
    }
    kept.bySku.set(sku, (prices = { channels: groups.map((c) => c.channel), zones, key }));
  }
  return prices;
}

/** A sku's channels' zones where every store is in the config's zone: none asked for. */
const NO_PLACES = new Map<string, readonly string[]>();

/**
 * The zones of the places of a located channel's prices (see skuZones), by the location ids of
 * its own rows and whether it has a default row: each zone numbered, each location's looked up
 * once, and each distinct list made once and numbered, shared by every sku that has it.
 */
class ZoneTable {
  private readonly zoneOf: (number | undefined)[] = [];
  private readonly lists = new Map<string, { list: readonly string[]; id: number }>();
  private readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  /** The zones where a default row stands (see defaultCodes), once asked. */
  private standing: readonly number[] | undefined;

  constructor(private readonly ev: ScopeContext) {}

  of(locations: readonly number[], withDefault: boolean): { list: readonly string[]; id: number } {
    const codes = new Set<number>(withDefault ? this.defaultCodes() : NO_CODES);
    for (const id of locations) codes.add((this.zoneOf[id] ??= this.code(zoneAt(this.ev, this.ev.store.locations.text(id)))));
    const key = [...codes].sort((a, b) => a - b).join(",");
    let found = this.lists.get(key);
    if (found === undefined) {
      const list = [...codes].map((c) => this.names[c]!).sort(compareText);
      this.lists.set(key, (found = { list, id: this.lists.size }));
    }
    return found;
  }

  /** Where a default row stands: its own place (the config's zone) and every store the stores feed lists. */
  private defaultCodes(): readonly number[] {
    const ev = this.ev;
    return (this.standing ??= [
      ...new Set([
        ev.options.timezone,
        ...(ev.dataset.storesListed ? [...ev.dataset.locations.keys()].map((code) => zoneAt(ev, code)) : []),
      ]),
    ].map((zone) => this.code(zone)));
  }

  private code(zone: string): number {
    let code = this.codes.get(zone);
    if (code === undefined) {
      this.codes.set(zone, (code = this.names.length));
      this.names.push(zone);
    }
    return code;
  }
}

const NO_CODES: readonly number[] = [];
const zoneTables = new WeakMap<ScopeContext, ZoneTable>();

function zoneTable(ev: ScopeContext): ZoneTable {
  let table = zoneTables.get(ev);
  if (table === undefined) zoneTables.set(ev, (table = new ZoneTable(ev)));
  return table;
}

/** The channels sku `sku` is priced in at the evaluator's instant, at any location. */
const pricedChannels = (ev: ScopeContext, sku: string): readonly string[] => skuPrices(ev, sku).channels;

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
    if (products === null || this.dataset.catalogueInBuckets) return null;
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
