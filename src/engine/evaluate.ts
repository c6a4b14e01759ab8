import type { Finding } from "../model/finding.js";
import { offerSource, type Offer } from "../model/offer.js";
import type { Source } from "../model/source.js";
import { OfferState } from "../pricing/offer-state.js";
import { fires } from "../rules/compile-rule.js";
import { EvalContext } from "../rules/facts.js";
import type { CompiledRule } from "../rules/rule.js";
import { InstantCache, type Instant } from "../time/instant.js";
import type { ChannelOffers, Dataset, SkuOffers } from "./dataset.js";
import { findingId } from "./finding-id.js";

export interface EvaluateOptions {
  readonly at: Instant;
  /** Zone of bare dates when neither the feed nor the location names one. */
  readonly timezone: string;
  /** The config's currency, if any. */
  readonly currency: string | null;
}

/**
 * The evaluate stage: runs every compiled rule on every entity of its scope, sku by sku.
 * Pure: the same dataset, rules and instant give the same findings.
 */
export function evaluate(dataset: Dataset, rules: readonly CompiledRule[], options: EvaluateOptions): Finding[] {
  return new Evaluator(dataset, rules, options).run();
}

class Evaluator {
  private readonly findings: Finding[] = [];
  private readonly ctx = new EvalContext();
  private readonly instants = new InstantCache();
  private readonly offerRules: CompiledRule[];
  private readonly pairRules: CompiledRule[];
  private readonly productRules: CompiledRule[];
  private readonly offerRulesByChannel = new Map<string, CompiledRule[]>();
  private readonly first = new OfferState();
  private readonly second = new OfferState();

  constructor(
    private readonly dataset: Dataset,
    rules: readonly CompiledRule[],
    private readonly options: EvaluateOptions,
  ) {
    this.offerRules = rules.filter((r) => r.scope === "offer");
    this.pairRules = rules.filter((r) => r.scope === "pair");
    this.productRules = rules.filter((r) => r.scope === "product");
    this.ctx.defaultCurrency = options.currency;
  }

  run(): Finding[] {
    const { skus, products } = this.dataset;
    for (const [sku, group] of skus) this.evaluateSku(sku, group);
    if (products) for (const sku of products.keys()) if (!skus.has(sku)) this.evaluateSku(sku, undefined);
    return this.findings;
  }

  private evaluateSku(sku: string, group: SkuOffers | undefined): void {
    const ctx = this.ctx;
    const products = this.dataset.products;
    ctx.sku = sku;
    ctx.product = products?.get(sku) ?? null;
    ctx.inCatalogue = products === null ? null : ctx.product !== null;
    if (group) {
      for (const channel of group.channels) {
        const rules = this.rulesForChannel(channel.channel);
        if (rules.length === 0) continue;
        if (channel.fallback) this.evaluateOffer(channel.fallback, rules);
        if (channel.byLocation) for (const offer of channel.byLocation.values()) this.evaluateOffer(offer, rules);
      }
      for (const rule of this.pairRules) this.evaluatePair(rule, group);
    }
    if (this.productRules.length > 0) this.evaluateProduct(group);
  }

  private rulesForChannel(channel: string): CompiledRule[] {
    let rules = this.offerRulesByChannel.get(channel);
    if (!rules) {
      rules = this.offerRules.filter((r) => r.channels.length === 0 || r.channels.includes(channel));
      this.offerRulesByChannel.set(channel, rules);
    }
    return rules;
  }

  /** Points the context at `location` and resolves the offer there, into `state`. */
  private place(offer: Offer, location: string | null, state: OfferState): OfferState {
    const ctx = this.ctx;
    ctx.location = location;
    ctx.store = location === null ? null : (this.dataset.locations.get(location) ?? null);
    ctx.expectedCurrency = ctx.store?.currency ?? this.options.currency;
    ctx.stock = location === null ? null : (this.dataset.stockOf(ctx.sku, location)?.available ?? null);
    const zone = offer.timezone ?? ctx.store?.timezone ?? this.options.timezone;
    return state.resolve(offer, location, zone, this.options.at, this.instants);
  }

  private evaluateOffer(offer: Offer, rules: readonly CompiledRule[]): void {
    const ctx = this.ctx;
    ctx.offer = this.place(offer, offer.location, this.first);
    ctx.other = null;
    for (const rule of rules) {
      if (fires(rule, ctx)) this.report(rule, [offer.channel], offerSources(offer));
    }
  }

  private evaluatePair(rule: CompiledRule, group: SkuOffers): void {
    const a = findChannel(group, rule.channels[0]!);
    const b = a && findChannel(group, rule.channels[1]!);
    if (!a || !b) return;
    const ctx = this.ctx;
    const evaluateAt = (location: string | null) => {
      const offerA = location === null ? a.fallback : (a.byLocation?.get(location) ?? a.fallback);
      const offerB = location === null ? b.fallback : (b.byLocation?.get(location) ?? b.fallback);
      if (!offerA || !offerB) return;
      ctx.offer = this.place(offerA, location, this.first);
      ctx.other = this.place(offerB, location, this.second);
      if (fires(rule, ctx)) this.report(rule, rule.channels, [offerSource(offerA), offerSource(offerB)]);
    };
    if (a.fallback && b.fallback) evaluateAt(null);
    if (a.byLocation) for (const location of a.byLocation.keys()) evaluateAt(location);
    if (b.byLocation) for (const location of b.byLocation.keys()) if (!a.byLocation?.has(location)) evaluateAt(location);
  }

  private evaluateProduct(group: SkuOffers | undefined): void {
    const ctx = this.ctx;
    ctx.offer = ctx.other = null;
    ctx.location = null;
    ctx.store = null;
    ctx.stock = null;
    const priced = group ? group.channels.map((c) => c.channel).sort() : [];
    ctx.pricedChannels = priced;
    ctx.unpricedListedChannels = (ctx.product?.listedChannels ?? []).filter((c) => !priced.includes(c));
    const sources = ctx.product ? [ctx.product.source] : [];
    for (const rule of this.productRules) if (fires(rule, ctx)) this.report(rule, [], sources);
  }

  private report(rule: CompiledRule, channels: readonly string[], sources: readonly Source[]): void {
    const ctx = this.ctx;
    const values = rule.values(ctx);
    this.findings.push({
      id: findingId([rule.id, ctx.sku, ctx.location, channels, null]),
      rule: rule.id,
      severity: rule.severity,
      sku: ctx.sku,
      location: ctx.location,
      channels,
      promotion: null,
      message: rule.message(ctx, values),
      values,
      interval: null,
      sources,
      waived: null,
    });
  }
}

function findChannel(group: SkuOffers, channel: string): ChannelOffers | undefined {
  for (const c of group.channels) if (c.channel === channel) return c;
  return undefined;
}

function offerSources(offer: Offer): Source[] {
  return offer.duplicates ? [offerSource(offer), ...offer.duplicates] : [offerSource(offer)];
}
