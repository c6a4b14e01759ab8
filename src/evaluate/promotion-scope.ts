import { wallClockSpan } from "../time/instant.js";
import { availableWhere, channelsMissed, coveredSkus } from "../pricing/coverage.js";
import { promotionZone } from "../pricing/promotions.js";
import { fires } from "../rules/compile-rule.js";
import type { ScopeContext } from "./scope-context.js";
import type { Promotion } from "../model/promotion.js";
import type { CompiledRule } from "../rules/rule.js";

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
      const skuId = ev.store.skus.find(sku);
      const group = skuId === 0 ? undefined : ev.group.fill(skuId, ev.options.at);
      ctx.missingChannels = channelsMissed(promotion, ctx.product?.listedChannels ?? [], group?.channels.map((c) => c.channel) ?? []);
      ctx.availableAtLocations = availableWhere(ev.dataset, sku, promotion.locations);
      for (const rule of perSku) if (fires(rule, ctx)) ev.report(rule, [], sources);
    }
  }
  ctx.promotion = null;
  ctx.unknownLocations = null;
  ctx.missingChannels = [];
  ctx.availableAtLocations = null;
}
