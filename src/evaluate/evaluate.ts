import type { Micros } from "../money/amount.js";
import { minorUnits } from "../money/currencies.js";
import { withMember, type Finding } from "../model/finding.js";
import { disputed, OfferRecord, offerSource, offerSources, type Offer } from "../model/offer.js";
import type { Location } from "../model/location.js";
import type { PricePoint } from "../model/price-point.js";
import type { Product } from "../model/product.js";
import type { Source } from "../model/source.js";
import { MIN_MEDIAN_PRICES, medianPrice, type RepeatedPrice } from "../pricing/median.js";
import { OfferState, type PricingSettings, type SaleWhere } from "../pricing/offer-state.js";
import { isActive, PromotionIndex } from "../pricing/promotions.js";
import { compareText } from "../text/compare.js";
import { fires } from "../rules/compile-rule.js";
import { EvalContext } from "../rules/facts.js";
import { evaluateFamilies, evaluateFamily } from "./family-scope.js";
import { evaluateProduct } from "./product-scope.js";
import { evaluatePromotion, evaluatePromotions, nearestCatalogueSku, promotionPlacesKey, promotionRulesOf } from "./promotion-scope.js";
import { detach } from "../text/string-pool.js";
import { saleRuns, type Standing } from "../dataset/sale-run.js";
import { APART_HISTORY, APART_PREVIOUS, apartDefaults, apartReasons, type ApartEntries } from "./apart-defaults.js";
import { storePromotedDefaults, type EvaluateOptions, type ScopeContext } from "./scope-context.js";
import type { CompiledRule } from "../rules/rule.js";
import { InstantCache, type Instant } from "../time/instant.js";
import type { Promotion } from "../model/promotion.js";
import type { Dataset } from "../dataset/dataset.js";
import { SkuGroup, type ChannelGroup } from "../dataset/sku-group.js";
import { CompactFindings, type FindingSource } from "../findings/finding-set.js";
import { RowCursor, type OfferStore } from "../dataset/offer-store.js";
import { ruleFindingId } from "../findings/finding-id.js";
import { ChangeSite } from "../changes/change-site.js";
import { isLocated } from "../config/channels.js";

export type { EvaluateOptions } from "./scope-context.js";

/** What one sku's channels meet: each channel's offer rules, and the pair rules between two of them (by position). */
interface ChannelPlan {
  readonly channels: readonly string[];
  readonly rules: readonly CompiledRule[][];
  /** Each channel's rules that read what sets a store apart (see apartDefaults), by the reasons' bits: those that read any of them. */
  readonly apart: readonly (readonly CompiledRule[])[][];
  /** The reasons some rule of each channel reads. */
  readonly reasons: readonly number[];
  readonly pairs: readonly { readonly rule: CompiledRule; readonly a: number; readonly b: number }[];
}

/**
 * The median effective price of one channel's offers over its locations in one currency (see
 * medianPrice), and whether it counts the channel's default row at listed stores without a row of
 * their own: the default row is then judged against it too, once, with no location.
 */
interface ChannelMedian {
  readonly price: Micros;
  readonly atDefault: boolean;
}

/**
 * A channel's medians by tax basis (see basisOf), then by currency: each offer is judged against
 * the median of the prices in its own currency on its own tax basis, as two offers' amounts are
 * compared (a price without tax is no nearer or farther from one with tax).
 */
type ChannelMedians = readonly [ReadonlyMap<string | null, ChannelMedian> | null, ReadonlyMap<string | null, ChannelMedian> | null];

/**
 * The index of an offer's tax basis in {@link ChannelMedians}: 1 when its amounts include tax;
 * null when its duplicate rows dispute it (which basis is right is unknown: the offer counts
 * towards no median and is judged against none).
 */
const basisOf = (offer: Offer): 0 | 1 | null => (disputed(offer, "tax_included") ? null : offer.taxIncluded ? 1 : 0);

/** What evaluation found: findings built as objects, and compact lists with what builds theirs. */
export interface Evaluation {
  readonly objects: Finding[];
  readonly compact: readonly CompactFindings[];
  readonly source: FindingSource;
}

/**
 * The evaluate stage: runs every compiled rule on every entity of its scope — offers, pairs of
 * channels and products sku by sku, then families. Pure: the same dataset, rules and instant
 * give the same findings.
 */
export function evaluate(dataset: Dataset, rules: readonly CompiledRule[], options: EvaluateOptions): Evaluation {
  return new Evaluator(dataset, rules, options).run();
}

/**
 * The evaluate stage one entity at a time, at an instant that can be moved: what a window
 * evaluated incrementally asks for (see window/incremental.ts). Each call gives the findings of
 * one sku's offers and pairs at one location, one sku's product scope, one family or one
 * promotion, exactly those that a whole evaluation at the same instant gives for it.
 */
export interface EntityEvaluator {
  /** The instant evaluated. */
  at: Instant;
  readonly offerRules: readonly CompiledRule[];
  readonly pairRules: readonly CompiledRule[];
  readonly productRules: readonly CompiledRule[];
  readonly familyRules: readonly CompiledRule[];
  readonly promotionRules: readonly CompiledRule[];
  /**
   * The offer and pair findings of sku id `skuId`, by location id (0: its default rows), at
   * `only` or at every location where it has offers (null); each location's list set in `out`.
   * Returns the sku's priced channels, sorted and joined (what product scope and promotions read).
   */
  offers(skuId: number, only: number | null, out: Map<number, Finding[]>): string;
  /** The product-scope findings of a sku (with or without offers). */
  product(sku: string): Finding[];
  /** The findings of one family (see evaluateFamilies), its members given. */
  family(family: string, members: readonly Product[]): Finding[];
  /** The findings of one promotion, and of it on each sku it covers. */
  promotion(promotion: Promotion): Finding[];
}

/** An evaluator of single entities (see {@link EntityEvaluator}), at `options.at` until moved. */
export function entityEvaluator(dataset: Dataset, rules: readonly CompiledRule[], options: EvaluateOptions): EntityEvaluator {
  return new Evaluator(dataset, rules, options);
}

/**
 * Runs the rules sku by sku. Offer and pair scopes live here, as they share the resolution of
 * each offer location by location; the product, family and promotion scopes are modules of their
 * own that read the evaluator through {@link ScopeContext}.
 */
class Evaluator implements FindingSource, ScopeContext, EntityEvaluator {
  private findings: Finding[] = [];
  readonly ctx = new EvalContext();
  readonly instants = new InstantCache();
  readonly pricing: PricingSettings;
  readonly offerRules: CompiledRule[];
  readonly pairRules: CompiledRule[];
  readonly productRules: CompiledRule[];
  readonly familyRules: CompiledRule[];
  readonly promotionRules: CompiledRule[];
  private readonly offerRulesByChannel = new Map<string, CompiledRule[]>();
  private lastPlan: ChannelPlan | null = null;
  private readonly needsMedian: boolean;
  readonly needsWindows: boolean;
  readonly needsUnknownLocations: boolean;
  /** Some promotion names the stores it runs at (see promotedDefaults). */
  private readonly locatedPromotions: boolean;
  readonly first: OfferState;
  private readonly second: OfferState;
  readonly owns: (sku: string | null) => boolean;
  readonly store: OfferStore;
  readonly group: SkuGroup;
  /** Family members' groups, one per member of the family being evaluated. */
  readonly memberGroups: SkuGroup[] = [];
  /** Whether each channel (by text id) is located (undefined: not looked up yet). */
  private readonly locatedChannel: (boolean | undefined)[] = [];
  /** The stores feed's entry of each location id (undefined: not looked up yet). */
  private readonly locationInfo: (Location | null | undefined)[] = [];
  /** The currencies of the listed stores (each store's, else the config's), sorted; undefined: not worked out yet. */
  private storeCurrencies: readonly string[] | undefined;
  /** How many listed stores are in each currency (see countListed), and a cursor over a sku's rows. */
  private listedCounts: Map<string, number> | undefined;
  private cursor: RowCursor | undefined;
  /** The compact findings of each offer or pair rule that keeps them so. */
  private readonly compactOf = new Map<CompiledRule, CompactFindings>();
  /** The channels of an offer rule's compact findings, one list per channel id (see channelsOf). */
  private readonly channelLists = new Map<number, readonly string[]>();
  /** Rank of each location and text id of the store in code-unit order (findings sort by it). */
  private locationRank: Int32Array | null = null;
  private textRank: Int32Array | null = null;
  /** A state per channel of the sku being evaluated, and the row and location each was last resolved for. */
  private readonly channelStates: OfferState[] = [];
  private resolved: number[] = [];
  /** Locations already visited for the sku being evaluated (seenAt[location] === skuStamp). */
  private seenAt: Int32Array = new Int32Array(0);
  private skuStamp = 0;
  /** The sku's channels standing by their default rows at stores under a promotion (see promotedDefaults). */
  private skuPromoted: Map<number, number[]> | null = null;
  /** Locations counted by standingStores (countedAt[location] === countStamp). */
  private countedAt: Int32Array = new Int32Array(0);
  private countStamp = 0;
  /** With a previous state that some rule reads: each offer compared with it. */
  private readonly changes: ChangeSite | null;

  /** The options, the instant among them: moved by `at`. */
  readonly options: EvaluateOptions & { at: Instant };

  constructor(
    readonly dataset: Dataset,
    rules: readonly CompiledRule[],
    options: EvaluateOptions,
  ) {
    this.options = { ...options };
    this.offerRules = rules.filter((r) => r.scope === "offer");
    this.pairRules = rules.filter((r) => r.scope === "pair");
    this.productRules = rules.filter((r) => r.scope === "product");
    this.familyRules = rules.filter((r) => r.scope === "family");
    this.promotionRules = rules.filter((r) => r.scope === "promotion");
    this.needsMedian = this.offerRules.some((r) => r.needs.channelMedian);
    this.needsWindows = this.productRules.some((r) => r.needs.windowMismatches);
    this.ctx.defaultCurrency = options.currency;
    this.ctx.at = options.at;
    this.ctx.locationCodes = dataset.storesListed ? dataset.locations : null;
    this.ctx.rejectedStores = dataset.storesListed ? dataset.rejectedStores : null;
    this.ctx.rejectedProducts = dataset.products ? dataset.rejectedProducts : null;
    this.ctx.rejectedCategories = dataset.products ? dataset.rejectedCategories : null;
    this.ctx.rejectedBrands = dataset.products ? dataset.rejectedBrands : null;
    // price/unknown-sku's hint: the catalogue's nearest sku, as promo/unknown-sku offers it.
    this.ctx.nearestSku = dataset.products ? (sku) => nearestCatalogueSku(this, sku) : null;
    this.needsUnknownLocations = rules.some((r) => r.needs.unknownLocations);
    this.pricing = {
      minorUnits: (currency) => minorUnits(currency, options.minorUnits),
      rounding: options.rounding ?? "half-up",
      defaultCurrency: options.currency,
      promotions: dataset.promotions.length > 0 ? new PromotionIndex(dataset.promotions) : null,
      history: (sku) => dataset.history.get(sku) ?? NO_POINTS,
      saleRuns: (offer, where, instants) =>
        offer instanceof OfferRecord && offer.row >= 0 ? saleRuns(this.store, offer.row, this.standing(where), instants) : null,
      stores: dataset.storesListed ? new Map([...dataset.locations].map(([code, l]) => [code, l.currency ?? options.currency])) : null,
    };
    this.owns = options.owns ?? (() => true);
    this.locatedPromotions = dataset.promotions.some((p) => p.locations.length > 0);
    this.first = new OfferState(this.pricing);
    this.second = new OfferState(this.pricing);
    this.store = dataset.offers;
    this.store.index();
    this.changes = options.previous && rules.some((r) => r.needs.previous) ? new ChangeSite(options.previous) : null;
    // The stores of the previous state's own offers are places a default row is judged at for the rules that read it (see apartDefaults).
    if (this.changes !== null) for (const code of this.changes.previous.locations()) this.store.locations.id(code, detach);
    this.group = new SkuGroup(this.store);
    this.seenAt = new Int32Array(this.store.locations.size);
    this.countedAt = new Int32Array(this.store.locations.size);
    if (options.compact && !options.explain) {
      for (const rule of [...this.offerRules, ...this.pairRules]) {
        // A rule reading the sku's other offers (a median) could not have its findings rebuilt from their rows alone.
        if (!rule.needs.wholeGroup) this.compactOf.set(rule, new CompactFindings(rule));
      }
    }
  }

  get at(): Instant {
    return this.options.at;
  }

  set at(at: Instant) {
    this.options.at = at;
    this.ctx.at = at;
  }

  offers(skuId: number, only: number | null, out: Map<number, Finding[]>): string {
    const sku = this.store.skus.text(skuId)!;
    if (!this.owns(sku)) return "";
    this.enterSku(sku);
    const group = this.group.fill(skuId, this.options.at);
    this.evaluateOffers(group, only, out);
    const channels = group.channels
      .map((c) => c.channel)
      .sort(compareText)
      .join("\u0000");
    // Where the promotions covering it run depends on its places' zones too (see promotionPlacesKey).
    const places = promotionPlacesKey(this, sku);
    return places === "" ? channels : `${channels}\u0001${places}`;
  }

  product(sku: string): Finding[] {
    if (this.productRules.length === 0 || !this.owns(sku)) return [];
    this.enterSku(sku);
    const skuId = this.store.skus.find(sku);
    const group = skuId === 0 ? undefined : this.group.fill(skuId, this.options.at);
    this.ctx.removal = this.changes?.removal(sku, group, this.ctx.product, this.ctx.inCatalogue) ?? null;
    return this.collect(() => evaluateProduct(this, group));
  }

  family(family: string, members: readonly Product[]): Finding[] {
    return this.collect(() => evaluateFamily(this, family, members));
  }

  promotion(promotion: Promotion): Finding[] {
    return this.collect(() => evaluatePromotion(this, promotion, promotionRulesOf(this.promotionRules)));
  }

  /** The findings that `evaluate` reports, apart from all others. */
  private collect(evaluate: () => void): Finding[] {
    const kept = this.findings;
    this.findings = [];
    evaluate();
    const found = this.findings;
    this.findings = kept;
    return found;
  }

  run(): Evaluation {
    const { products } = this.dataset;
    const { skus } = this.store;
    const owns = this.owns;
    const compact = [...this.compactOf.values()];
    const marks = compact.map(() => 0);
    // Skus in report order, so each compact list comes out sorted once each sku's few are.
    for (const id of this.store.skusInOrder()) {
      const sku = skus.text(id)!;
      if (!owns(sku)) continue;
      for (let k = 0; k < compact.length; k++) marks[k] = compact[k]!.length;
      this.evaluateSku(sku, this.group.fill(id, this.options.at));
      for (let k = 0; k < compact.length; k++) if (compact[k]!.length - marks[k]! > 1) compact[k]!.sortFrom(marks[k]!, this.compareCompact);
    }
    if (products) for (const sku of products.keys()) if (skus.find(sku) === 0 && owns(sku)) this.evaluateSku(sku, undefined);
    if (this.familyRules.length > 0) evaluateFamilies(this);
    if (this.promotionRules.length > 0) evaluatePromotions(this);
    return { objects: this.findings, compact, source: this };
  }

  /**
   * Report order within one sku and rule: location (none first), channel, then row — the keys
   * of compareFindings after rule and sku, on ranks instead of strings (tests/finding-set
   * compares the two orders).
   */
  private readonly compareCompact = (rowA: number, location: number, rowA2: number, location2: number): number => {
    const places = (this.locationRank ??= this.store.locations.ranks());
    const rank = (this.textRank ??= this.store.texts.ranks());
    const store = this.store;
    return (
      (location === location2 ? 0 : location === 0 ? -1 : location2 === 0 ? 1 : places[location]! - places[location2]!) ||
      rank[store.channelId(rowA)]! - rank[store.channelId(rowA2)]! ||
      compareText(store.fileOf(rowA), store.fileOf(rowA2)) ||
      store.lineOf(rowA) - store.lineOf(rowA2)
    );
  };

  finding(list: CompactFindings, i: number): Finding {
    const ctx = this.ctx;
    const rule = list.rule;
    const rowA = list.rowA(i);
    const location = list.location(i);
    const sku = this.store.skus.text(this.store.skuId(rowA))!;
    const products = this.dataset.products;
    ctx.sku = sku;
    ctx.product = products?.get(sku) ?? null;
    ctx.inCatalogue = products === null ? null : ctx.product !== null;
    ctx.channelMedianPrice = null;
    ctx.ruleOptions = rule.options;
    ctx.offer = this.place(rowA, location, this.first);
    if (rule.scope === "offer") {
      if (location === 0) this.expectAtDefault(rowA, ctx.offer);
      ctx.other = null;
      return this.build(rule, [ctx.offer.offer.channel], offerSources(ctx.offer.offer));
    }
    ctx.other = this.place(list.rowB(i), location, this.second);
    return this.build(rule, rule.channels, pairSources(ctx.offer.offer, ctx.other.offer));
  }

  skuOf(list: CompactFindings, i: number): string {
    return this.store.skus.text(this.store.skuId(list.rowA(i)))!;
  }

  locationOf(list: CompactFindings, i: number): string | null {
    return this.store.locations.text(list.location(i));
  }

  channelsOf(list: CompactFindings, i: number): readonly string[] {
    if (list.rule.scope !== "offer") return list.rule.channels;
    // An offer rule's finding names the channel of its offer's row, which `finding` reads.
    const channel = this.store.channelId(list.rowA(i));
    let channels = this.channelLists.get(channel);
    if (!channels) this.channelLists.set(channel, (channels = [this.store.texts.text(channel)!]));
    return channels;
  }

  idOf(list: CompactFindings, i: number): string {
    // As `build` names it: compact findings are of offer and pair rules, with no promotion.
    return ruleFindingId(list.rule.id, this.skuOf(list, i), this.locationOf(list, i), this.channelsOf(list, i), null);
  }

  private evaluateSku(sku: string, group: SkuGroup | undefined): void {
    this.enterSku(sku);
    if (group) this.evaluateOffers(group, null, null);
    this.ctx.removal = this.changes?.removal(sku, group, this.ctx.product, this.ctx.inCatalogue) ?? null;
    if (this.productRules.length > 0) evaluateProduct(this, group);
  }

  /** Points the context at a sku and its catalogue entry. */
  private enterSku(sku: string): void {
    const ctx = this.ctx;
    const products = this.dataset.products;
    ctx.sku = sku;
    ctx.product = products?.get(sku) ?? null;
    ctx.inCatalogue = products === null ? null : ctx.product !== null;
  }

  private rulesForChannel(channel: string): CompiledRule[] {
    let rules = this.offerRulesByChannel.get(channel);
    if (!rules) {
      rules = this.offerRules.filter((r) => r.channels.length === 0 || r.channels.includes(channel));
      this.offerRulesByChannel.set(channel, rules);
    }
    return rules;
  }

  /** The rules of each of these channels, and the pair rules they meet: worked out again only when the channels change. */
  private planFor(channels: readonly ChannelGroup[]): ChannelPlan {
    const last = this.lastPlan;
    if (last !== null && last.channels.length === channels.length) {
      let same = true;
      for (let k = 0; k < channels.length && same; k++) same = last.channels[k] === channels[k]!.channel;
      if (same) return last;
    }
    const names = channels.map((c) => c.channel);
    const pairs = this.pairRules.flatMap((rule) => {
      const a = names.indexOf(rule.channels[0]!);
      const b = names.indexOf(rule.channels[1]!);
      return a < 0 || b < 0 ? [] : [{ rule, a, b }];
    });
    const rules = names.map((c) => this.rulesForChannel(c));
    const apart = rules.map((list) => [0, 1, 2, 3].map((reasons) => list.filter((r) => (reasonsRead(r) & reasons) !== 0)));
    const reasons = apart.map(
      (byReasons) =>
        (byReasons[APART_HISTORY]!.length > 0 ? APART_HISTORY : 0) | (byReasons[APART_PREVIOUS]!.length > 0 ? APART_PREVIOUS : 0),
    );
    return (this.lastPlan = { channels: names, rules, pairs, apart, reasons });
  }

  /**
   * Offer and pair scopes for one sku, location by location (its default rows first): at each
   * location, each channel's offer there is resolved once, into that channel's state, and every
   * offer rule and pair rule that meets there reads it. `each` is handed each location and what
   * evaluates it there; with `only`, that location alone (if the sku has offers there).
   */
  private evaluateOffers(group: SkuGroup, only: number | null, out: Map<number, Finding[]> | null): void {
    const channels = group.channels;
    const plan = this.planFor(channels);
    const promoted = (this.skuPromoted = this.promotedDefaults(channels));
    const medians = this.needsMedian
      ? channels.map((_, k) => (plan.rules[k]!.length > 0 ? this.medianPrice(channels, k, promoted) : null))
      : null;
    const apart = this.apartDefaults(channels, plan, promoted);
    this.resolved.fill(-1, 0, 2 * channels.length);
    if (only === null || only === 0) this.evaluateAtInto(0, channels, plan, medians, out, null, null);
    const stamp = ++this.skuStamp;
    const at = (location: number) => {
      if (this.seenAt[location] === stamp || (only !== null && location !== only)) return;
      this.seenAt[location] = stamp;
      this.evaluateAtInto(location, channels, plan, medians, out, promoted?.get(location) ?? null, apart?.get(location) ?? null);
    };
    for (const channel of channels) for (const location of channel.locations) at(location);
    if (promoted !== null) for (const location of promoted.keys()) at(location);
    if (apart !== null) for (const location of apart.keys()) at(location);
    this.ctx.channelMedianPrice = null;
  }

  /**
   * Where a promotion limited to some stores runs now for a channel that stands there by its
   * default row only: by location id, those channels (their k in `channels`). Such a default row
   * is an offer of that store while the promotion runs, and is judged there as the store's own
   * row would be (at the default rows' place, no location, the promotion does not apply); not
   * at a store the stores feed does not list. Null when there is none.
   */
  promotedDefaults(channels: readonly ChannelGroup[]): Map<number, number[]> | null {
    const index = this.pricing.promotions;
    if (index === null || !this.locatedPromotions) return null;
    const ctx = this.ctx;
    // A coupon promotion is promoted there too, though it leaves the public price as it is.
    return storePromotedDefaults(this, index.candidates(ctx.sku!, ctx.product), channels, (p, location, code, group) =>
      isActive(p, this.placeZone(group.fallback, this.storeAt(location, code)), this.options.at, this.instants),
    );
  }

  /** Where the sku's channels' default rows are judged at a store for the rules that read its own data (see apartDefaults). */
  private apartDefaults(
    channels: readonly ChannelGroup[],
    plan: ChannelPlan,
    promoted: ReadonlyMap<number, readonly number[]> | null,
  ): Map<number, ApartEntries> | null {
    if (!plan.reasons.some((r) => r !== 0)) return null;
    const sku = this.ctx.sku!;
    const history = this.dataset.history.get(sku) ?? NO_POINTS;
    const previous = this.changes?.previous ?? null;
    if (history.length === 0 && previous === null) return null;
    return apartDefaults({
      store: this.store,
      channels,
      listed: this.ctx.locationCodes,
      isLocated: (row) => this.isLocated(row),
      reasonsFor: (k) => plan.reasons[k]!,
      history,
      previousAt: previous === null ? null : (channel) => previous.locationsOf(sku, channel),
      promoted,
    });
  }

  /** {@link evaluateAt}, its findings kept with the run's, or, given `out`, set there under the location. */
  private evaluateAtInto(
    location: number,
    channels: readonly ChannelGroup[],
    plan: ChannelPlan,
    medians: readonly (ChannelMedians | null)[] | null,
    out: Map<number, Finding[]> | null,
    promoted: readonly number[] | null,
    apart: ApartEntries | null,
  ): void {
    if (out === null) this.evaluateAt(location, channels, plan, medians, promoted, apart);
    else
      out.set(
        location,
        this.collect(() => this.evaluateAt(location, channels, plan, medians, promoted, apart)),
      );
  }

  /**
   * The offer and pair rules that meet at location id `location` (0: the default rows), where
   * the channels `promoted` (see promotedDefaults) stand by their default rows as their own, and
   * those `apart` (see apartDefaults) by their default rows for the rules that read the store's
   * own data.
   */
  private evaluateAt(
    location: number,
    channels: readonly ChannelGroup[],
    plan: ChannelPlan,
    medians: readonly (ChannelMedians | null)[] | null,
    promoted: readonly number[] | null,
    apart: ApartEntries | null,
  ): void {
    const ctx = this.ctx;
    this.stand(location, ctx.sku!);
    const changes = this.changes;
    changes?.enter(this.store, ctx.sku!, location, channels);
    for (let k = 0; k < channels.length; k++) {
      let row = location === 0 ? channels[k]!.fallback : ownRow(channels, k, location, promoted);
      let rules: readonly CompiledRule[] = plan.rules[k]!;
      const reasons = row < 0 ? apartReasons(apart, k) : 0;
      if (reasons !== 0) {
        row = channels[k]!.fallback;
        rules = plan.apart[k]![reasons]!;
      }
      if (row < 0 || rules.length === 0) continue;
      const state = this.stateAt(k, row, location);
      const basis = medians === null ? null : basisOf(state.offer);
      const median = basis === null ? undefined : medians![k]?.[basis]?.get(state.offer.currency);
      // The default row is judged where it stands at listed stores, as the median counts it.
      ctx.channelMedianPrice = median === undefined || (location === 0 && !median.atDefault) ? null : median.price;
      if (location === 0) this.expectAtDefault(row, state);
      if (changes) ctx.change = changes.select(k, state.effectivePrice);
      this.offerRulesOn(state, row, location, rules);
    }
    ctx.channelMedianPrice = null;
    ctx.change = null;
    for (const { rule, a, b } of plan.pairs) {
      const groupA = channels[a]!;
      const groupB = channels[b]!;
      // A pair meets where either channel has a row of its own, the other standing there with its default.
      if (location !== 0 && ownRow(channels, a, location, promoted) < 0 && ownRow(channels, b, location, promoted) < 0) continue;
      const rowA = groupA.offerAt(location);
      const rowB = groupB.offerAt(location);
      if (rowA < 0 || rowB < 0) continue;
      // Two default rows meet where they both stand: a located channel's stands at the listed
      // stores where it has no offer of its own (with no stores feed, anywhere).
      if (location === 0 && this.ctx.locationCodes !== null) {
        const located = [a, b].filter((k) => this.isLocated(channels[k]!.fallback));
        if (located.length > 0 && this.standingStores(channels, located, this.skuPromoted) === 0) continue;
      }
      ctx.offer = this.stateAt(a, rowA, location);
      ctx.other = this.stateAt(b, rowB, location);
      if (!fires(rule, ctx)) continue;
      const compact = this.compactOf.get(rule);
      if (compact) compact.push(rowA, rowB, location);
      else this.report(rule, rule.channels, pairSources(ctx.offer.offer, ctx.other.offer));
    }
  }

  /** Points the context at location id `locationId` (0: none) for `sku`: the location, its store, stock (units and availability) and currency. */
  private stand(locationId: number, sku: string): void {
    const ctx = this.ctx;
    const location = this.store.locations.text(locationId);
    ctx.location = location;
    ctx.store = location === null ? null : this.storeAt(locationId, location);
    ctx.locationKnown = location === null || ctx.locationCodes === null ? null : ctx.store !== null;
    ctx.expectedCurrency = ctx.store?.currency ?? this.options.currency;
    const level = location === null ? undefined : this.dataset.stockAt(sku, location, this.options.at);
    ctx.stock = level?.available ?? null;
    ctx.stockAvailability = level?.availability ?? null;
  }

  /**
   * The currency a default row (store row `row`, resolved in `state`) should be in. A located
   * channel's default row stands at every listed store: it should be in theirs, as the same
   * prices written once per store would be (stores all in CHF: CHF, whatever the config's);
   * where the stores' currencies differ, no one currency is right everywhere, and the one it
   * misses is named. A channel that is not located, or no stores feed: the config's.
   */
  private expectAtDefault(row: number, state: OfferState): void {
    const listed = this.isLocated(row) ? (this.storeCurrencies ??= this.listedCurrencies()) : NO_CURRENCIES;
    // Where the stores' currencies differ, those of the stores it stands at: not where its channel has rows of their own.
    const currencies = listed.length > 1 ? this.standingCurrencies(row, listed) : listed;
    const own = state.offer.currency;
    this.ctx.expectedCurrency =
      currencies.length === 0
        ? this.options.currency
        : currencies.length === 1
          ? currencies[0]!
          : (currencies.find((c) => c !== own) ?? own);
  }

  /**
   * The currencies of the listed stores where default row `row` stands: those where its channel
   * has no row of its own for the sku (`listed` where it stands nowhere). Counted per currency,
   * so that it costs the sku's rows, not the stores.
   */
  private standingCurrencies(row: number, listed: readonly string[]): readonly string[] {
    const counts = new Map((this.listedCounts ??= this.countListed()));
    const channel = this.store.channelId(row);
    const cursor = this.store.rowsOf(this.store.skuId(row), (this.cursor ??= new RowCursor()));
    const stamp = ++this.countStamp;
    while (this.store.nextStretch(cursor))
      for (let i = cursor.from; i < cursor.to; i++) {
        const other = this.store.rowAt(i);
        const location = this.store.locationId(other);
        if (location === 0 || this.store.channelId(other) !== channel || this.countedAt[location] === stamp) continue;
        this.countedAt[location] = stamp;
        const store = this.dataset.locations.get(this.store.locations.text(location)!);
        const currency = store === undefined ? null : (store.currency ?? this.options.currency);
        if (currency !== null) counts.set(currency, counts.get(currency)! - 1);
      }
    const standing = listed.filter((c) => counts.get(c)! > 0);
    return standing.length > 0 ? standing : listed;
  }

  /** How many of the stores feed's stores are in each currency (each store's, else the config's). */
  private countListed(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const store of this.dataset.locations.values()) {
      const currency = store.currency ?? this.options.currency;
      if (currency !== null) counts.set(currency, (counts.get(currency) ?? 0) + 1);
    }
    return counts;
  }

  /** The distinct currencies of the stores feed's locations (each store's, else the config's), sorted. */
  private listedCurrencies(): readonly string[] {
    const currencies = new Set<string>();
    for (const store of this.dataset.locations.values()) {
      const currency = store.currency ?? this.options.currency;
      if (currency !== null) currencies.add(currency);
    }
    return [...currencies].sort(compareText);
  }

  /** Store row `row` resolved into `state` where the context stands. */
  private resolve(row: number, state: OfferState, product: Product | null): OfferState {
    const place = this.placeZone(row, this.ctx.store);
    // Its bare dates in its feed's zone, else the place's.
    const zone = this.store.timezoneOf(row) ?? place;
    // A channel's default row stands at every location: resolved once, then moved along.
    if (state.relocate(row, this.ctx.location, zone, place, product, this.options.at)) return state;
    const offer = this.store.read(row, state.record);
    return state.resolve(offer, product, this.ctx.location, zone, this.options.at, this.instants, place);
  }

  /**
   * The zone of the place row `row` stands at `store`: the store's (not for a channel that is not
   * located: a web row means one thing everywhere), else the config's. A promotion's bare dates
   * are read in it, and the 30 days of its price history counted in it, whatever zone the price
   * row's feed names.
   */
  private placeZone(row: number, store: Location | null): string {
    const zone = store?.timezone ?? null;
    if (zone === null) return this.options.timezone;
    return this.isLocated(row) ? zone : this.options.timezone;
  }

  /** Whether store row `row`'s channel is located (its prices may differ per store). */
  isLocated(row: number): boolean {
    const channel = this.store.channelId(row);
    let located = this.locatedChannel[channel];
    if (located === undefined) {
      const name = this.store.texts.text(channel)!;
      this.locatedChannel[channel] = located = isLocated(name, this.options.channels);
    }
    return located;
  }

  /** The state of the sku's k-th channel's offer (row `row`) at `location`: resolved once per sku and location. */
  private stateAt(k: number, row: number, location: number): OfferState {
    const state = (this.channelStates[k] ??= new OfferState(this.pricing));
    if (this.resolved[2 * k] !== row || this.resolved[2 * k + 1] !== location) {
      this.resolve(row, state, this.ctx.product);
      this.resolved[2 * k] = row;
      this.resolved[2 * k + 1] = location;
    }
    return state;
  }

  /** Where an offer stands, as the offer store's ids say it (a location it has no row at stands on the defaults alone). */
  private standing(where: SaleWhere): Standing {
    return { location: where.location === null ? 0 : this.store.locations.find(where.location), at: where.at, place: where.place };
  }

  /** Points the context at location id `locationId` (0: none) and resolves store row `row` there, into `state`. */
  place(row: number, locationId: number, state: OfferState, product: Product | null = this.ctx.product): OfferState {
    this.stand(locationId, this.store.skus.text(this.store.skuId(row))!);
    return this.resolve(row, state, product);
  }

  private storeAt(id: number, location: string): Location | null {
    let info = this.locationInfo[id];
    if (info === undefined) this.locationInfo[id] = info = this.dataset.locations.get(location) ?? null;
    return info;
  }

  /**
   * The medians of the k-th channel's effective prices over its locations, one per tax basis and
   * currency (see medianPrice): each row of its own at its location, its default row at each store
   * where a promotion makes it an offer of that store (see promotedDefaults), and, with a stores
   * feed, its default row as it stands with no location once for each other listed store without a
   * row of its own. Without a stores feed, where the default stands is not known. A price in
   * another currency, or on another tax basis, is no nearer or farther from a median than any
   * other: it counts towards its own (one whose basis is disputed, towards none).
   */
  private medianPrice(channels: readonly ChannelGroup[], k: number, promoted: Map<number, number[]> | null): ChannelMedians | null {
    const channel = channels[k]!;
    const listed = this.ctx.locationCodes;
    const here: number[] = [];
    if (promoted !== null) for (const [location, ks] of promoted) if (ks.includes(k)) here.push(location);
    const elsewhere = channel.fallback >= 0 && listed !== null ? this.standingStores(channels, [k], promoted) : 0;
    if (channel.locations.length + here.length + elsewhere < MIN_MEDIAN_PRICES) return null;
    const prices: [Map<string | null, Micros[]> | null, Map<string | null, Micros[]> | null] = [null, null];
    const add = (state: OfferState): void => {
      const price = state.effectivePrice;
      const basis = basisOf(state.offer);
      if (price === null || basis === null) return;
      const byCurrency = (prices[basis] ??= new Map());
      const same = byCurrency.get(state.offer.currency);
      if (same === undefined) byCurrency.set(state.offer.currency, [price]);
      else same.push(price);
    };
    for (const location of channel.locations) add(this.place(channel.ownAt(location), location, this.first));
    for (const location of here) add(this.place(channel.fallback, location, this.first));
    let repeated: { readonly basis: 0 | 1; readonly currency: string | null; readonly at: RepeatedPrice } | null = null;
    if (elsewhere > 0) {
      const state = this.place(channel.fallback, 0, this.first);
      const basis = basisOf(state.offer);
      if (state.effectivePrice !== null && basis !== null)
        repeated = { basis, currency: state.offer.currency, at: { price: state.effectivePrice, count: elsewhere } };
    }
    if (repeated !== null) {
      const byCurrency = (prices[repeated.basis] ??= new Map());
      if (!byCurrency.has(repeated.currency)) byCurrency.set(repeated.currency, []);
    }
    let medians: [Map<string | null, ChannelMedian> | null, Map<string | null, ChannelMedian> | null] | null = null;
    for (const basis of [0, 1] as const) {
      const byCurrency = prices[basis];
      if (byCurrency === null) continue;
      for (const [currency, same] of byCurrency) {
        const at = repeated !== null && repeated.basis === basis && repeated.currency === currency ? repeated.at : null;
        const price = medianPrice(same, this.pricing.rounding, at);
        if (price !== null) ((medians ??= [null, null])[basis] ??= new Map()).set(currency, { price, atDefault: at !== null });
      }
    }
    return medians;
  }

  /**
   * How many of the stores feed's stores the default rows of `channels[k]` for each k of `ks`
   * all stand at: where none of them has an offer of its own, a row, or its default row made one
   * by a promotion limited to stores (`promoted`, see promotedDefaults). With a stores feed only.
   */
  standingStores(
    channels: readonly ChannelGroup[],
    ks: readonly number[],
    promoted: ReadonlyMap<number, readonly number[]> | null,
  ): number {
    const listed = this.ctx.locationCodes!;
    const stamp = ++this.countStamp;
    let own = 0;
    const count = (location: number) => {
      if (this.countedAt[location] === stamp) return;
      this.countedAt[location] = stamp;
      if (listed.has(this.store.locations.text(location)!)) own++;
    };
    for (const k of ks) for (const location of channels[k]!.locations) count(location);
    if (promoted !== null) for (const [location, at] of promoted) if (ks.some((k) => at.includes(k))) count(location);
    return listed.size - own;
  }

  /** The offer rules of a channel on one offer, resolved in `state`. */
  private offerRulesOn(state: OfferState, row: number, location: number, rules: readonly CompiledRule[]): void {
    const ctx = this.ctx;
    ctx.offer = state;
    ctx.other = null;
    for (const rule of rules) {
      if (!fires(rule, ctx)) continue;
      const compact = this.compactOf.get(rule);
      if (compact) compact.push(row, -1, location);
      else if (rule.needs.previous && ctx.change) this.report(rule, [state.offer.channel], ctx.change.sources(offerSources(state.offer)));
      else this.report(rule, [state.offer.channel], offerSources(state.offer));
    }
  }

  report(rule: CompiledRule, channels: readonly string[], sources: readonly Source[]): void {
    this.findings.push(this.build(rule, channels, sources));
  }

  /** The finding of `rule` firing on what the context holds now. */
  private build(rule: CompiledRule, channels: readonly string[], sources: readonly Source[]): Finding {
    const ctx = this.ctx;
    if (rule.needs.stock) sources = this.withStockRow(sources);
    const values = rule.values(ctx);
    const promotion = ctx.promotion?.promoId ?? null;
    const finding: Finding = {
      id: ruleFindingId(rule.id, ctx.sku, ctx.location, channels, promotion),
      rule: rule.id,
      severity: rule.severity,
      sku: ctx.sku,
      location: ctx.location,
      channels,
      promotion,
      message: rule.message(ctx, values),
      values,
      interval: null,
      sources,
      waived: null,
    };
    // A finding literal without a spread is built on one shape; `explanation` is added where asked for.
    return this.options.explain && rule.explain ? withMember(finding, "explanation", rule.explain(ctx)) : finding;
  }

  /**
   * `sources` and, after them, the inventory row of the sku's stock at the context's location (a
   * rule reading the stock judges that row too: its line is the one to mend), unless it is
   * among them already (a Google local row gives the price and the stock).
   */
  private withStockRow(sources: readonly Source[]): readonly Source[] {
    const { sku, location } = this.ctx;
    const level = sku === null || location === null ? undefined : this.dataset.stockAt(sku, location, this.options.at);
    if (level === undefined || sources.some((s) => s.file === level.source.file && s.line === level.source.line)) return sources;
    return [...sources, level.source];
  }
}

const NO_POINTS: readonly PricePoint[] = [];

/**
 * The rows of a pair's two offers, each with its own further rows (an inherited price's row, as
 * a Google local row takes the primary feed's), a row given twice cited once: the one row that
 * yields both offers (a local row's store and pickup offers), or the web row a pickup offer
 * inherits from, compared with the web.
 */
function pairSources(a: Offer, b: Offer): Source[] {
  const first = offerSource(a);
  const second = offerSource(b);
  if (!a.duplicates && !b.duplicates) return first.file === second.file && first.line === second.line ? [first] : [first, second];
  const sources: Source[] = [];
  for (const source of [...offerSources(a), ...offerSources(b)])
    if (!sources.some((s) => s.file === source.file && s.line === source.line)) sources.push(source);
  return sources;
}

const NO_CURRENCIES: readonly string[] = [];

/** The reasons of apartDefaults that a rule reads: the offer's own price history, the previous state. */
function reasonsRead(rule: CompiledRule): number {
  return (rule.needs.ownHistory ? APART_HISTORY : 0) | (rule.needs.previous ? APART_PREVIOUS : 0);
}

/** The k-th channel's own row at location id `location`, or its default row where a promotion there makes it an offer (`promoted`, see promotedDefaults); -1: neither. */
function ownRow(channels: readonly ChannelGroup[], k: number, location: number, promoted: readonly number[] | null): number {
  const row = channels[k]!.ownAt(location);
  return row < 0 && promoted !== null && promoted.includes(k) ? channels[k]!.fallback : row;
}
