import type { SkuGroup } from "../dataset/sku-group.js";
import { formatAmount } from "../money/amount.js";
import { WindowComparison, type WindowMismatch } from "../pricing/window-mismatch.js";
import { fires } from "../rules/compile-rule.js";
import type { ScopeContext } from "./scope-context.js";
import { compareText } from "../text/compare.js";

/**
 * Product scope: one sku as a whole, after its offers: the channels it is priced in, the listed
 * channels it is not, and (when a rule needs them) its windows compared between channels.
 */
export function evaluateProduct(ev: ScopeContext, group: SkuGroup | undefined): void {
  const ctx = ev.ctx;
  ctx.offer = ctx.other = null;
  ctx.location = null;
  ctx.store = null;
  ctx.stock = null;
  const priced = group ? group.channels.map((c) => c.channel).sort(compareText) : [];
  ctx.pricedChannels = priced;
  ctx.unpricedListedChannels = (ctx.product?.listedChannels ?? []).filter((c) => !priced.includes(c));
  ctx.windowMismatches = ev.needsWindows ? windowMismatches(ev, group) : [];
  const sources = ctx.product ? [ctx.product.source] : [];
  const removed = ctx.removal?.sources ?? [];
  for (const rule of ev.productRules) if (fires(rule, ctx)) ev.report(rule, [], rule.needs.previous ? [...sources, ...removed] : sources);
}

/**
 * Where one sku's promotion or sale windows differ between channels: each campaign's window
 * per channel, and the sale window of each sale price of the channels' default rows.
 */
function windowMismatches(ev: ScopeContext, group: SkuGroup | undefined): WindowMismatch[] {
  const ctx = ev.ctx;
  const comparison = new WindowComparison();
  const index = ev.pricing.promotions;
  if (index) {
    for (const p of index.candidates(ctx.sku!, ctx.product)) {
      if (p.campaign === null) continue;
      const zone = p.timezone ?? ev.options.timezone;
      const start = ev.instants.resolve(p.start, zone, "start");
      const end = ev.instants.resolve(p.end, zone, "end");
      if (!start.ok || !end.ok) continue;
      for (const channel of p.channels) comparison.add(`campaign ${p.campaign}`, channel, start.instant, end.instant);
    }
  }
  for (const channel of group?.channels ?? []) {
    if (channel.fallback < 0) continue;
    const state = ev.place(channel.fallback, 0, ev.first);
    const offer = state.offer;
    if (offer.salePrice === null || offer.saleStart === null || offer.saleEnd === null) continue;
    if (state.saleStart === null || state.saleEnd === null) continue;
    const what = `sale price ${formatAmount(offer.salePrice, ev.pricing.minorUnits(offer.currency))}`;
    comparison.add(what, channel.channel, state.saleStart, state.saleEnd);
  }
  return comparison.mismatches();
}
