import { SkuGroup, type ChannelGroup } from "../dataset/sku-group.js";
import { MAX_DECIMALS, type Micros } from "../money/amount.js";
import { compareFractions, roundedAmount, type Fraction } from "../money/ratio.js";
import { offerSource } from "../model/offer.js";
import type { Product } from "../model/product.js";
import type { FamilyMember } from "../pricing/family-member.js";
import { OfferState, type PricingSettings } from "../pricing/offer-state.js";
import { compareQuantities, exactUnitPrice, totalQuantity } from "../pricing/unit-price.js";
import { fires } from "../rules/compile-rule.js";
import type { ScopeContext } from "./scope-context.js";
import { compareText } from "../text/compare.js";

/**
 * Family scope: within each family, channel and location, each member priced there is compared,
 * as `larger`, with the members of a smaller quantity (size × pack_qty) in the same measure, as
 * `smaller`, the cheapest per unit first; a rule reports the first that makes it fire.
 */
export function evaluateFamilies(ev: ScopeContext): void {
  const products = ev.dataset.products;
  if (!products) return;
  for (const [family, members] of familiesOf(products)) evaluateFamily(ev, family, members);
}

/** The catalogue's families and their members, in catalogue order. */
export function familiesOf(products: ReadonlyMap<string, Product>): Map<string, Product[]> {
  const families = new Map<string, Product[]>();
  for (const product of products.values()) {
    if (product.family === null) continue;
    const list = families.get(product.family);
    if (list) list.push(product);
    else families.set(product.family, [product]);
  }
  return families;
}

/** One family: its members priced in each channel, compared location by location. */
export function evaluateFamily(ev: ScopeContext, family: string, members: readonly Product[]): void {
  if (members.length < 2 || !ev.owns(members[0]!.sku)) return;
  const ctx = ev.ctx;
  ctx.offer = ctx.other = null;
  const channels = new Map<string, { product: Product; offers: ChannelGroup }[]>();
  for (const [k, product] of members.entries()) {
    const skuId = ev.store.skus.find(product.sku);
    if (skuId === 0) continue;
    const group = (ev.memberGroups[k] ??= new SkuGroup(ev.store)).fill(skuId, ev.options.at);
    for (const offers of group.channels) {
      const list = channels.get(offers.channel);
      if (list) list.push({ product, offers });
      else channels.set(offers.channel, [{ product, offers }]);
    }
  }
  ctx.family = family;
  for (const [channel, priced] of channels) {
    if (priced.length < 2) continue;
    ctx.channel = channel;
    // Where a store-limited promotion makes a member's default row an offer of a store.
    const promoted = priced.map(({ product, offers }) => {
      ctx.sku = product.sku;
      ctx.product = product;
      return ev.promotedDefaults([offers]);
    });
    for (const location of locationsOf(priced, promoted)) evaluateFamilyAt(ev, priced, promoted, location);
  }
  ctx.family = ctx.channel = null;
  ctx.smaller = ctx.larger = null;
}

/**
 * The members at one location (0: their default rows, at every location). Elsewhere a member
 * stands by its own row, or by its default row (promoted there, or as it is everywhere); two
 * members that both stand as they do everywhere were compared at location 0, not again.
 */
function evaluateFamilyAt(
  ev: ScopeContext,
  priced: readonly { product: Product; offers: ChannelGroup }[],
  promoted: readonly (ReadonlyMap<number, unknown> | null)[],
  location: number,
): void {
  const ctx = ev.ctx;
  const members: Member[] = [];
  for (const [i, { product, offers }] of priced.entries()) {
    const row = offers.offerAt(location);
    const quantity = totalQuantity(product);
    if (row < 0 || !quantity) continue;
    ctx.sku = product.sku;
    const state = ev.place(row, location, new OfferState(ev.pricing), product);
    const price = state.effectivePrice;
    const perUnit = price === null ? null : (exactUnitPrice(price, product)?.price ?? null);
    const own = location === 0 || offers.ownAt(location) >= 0 || promoted[i]?.has(location) === true;
    const { measure, exact } = quantity;
    members.push({ product, state, measure, quantity: quantity.quantity, exact, unitPrice: null, perUnit, own, sizeRank: 0, k: i });
  }
  members.sort(
    (a, b) => compareText(a.measure, b.measure) || compareQuantities(a.exact, b.exact) || compareText(a.product.sku, b.product.sku),
  );
  // Each member's rank among the sizes, the members of one size in one measure sharing the first
  // one's: in one measure, a lower rank is a smaller quantity, with no exact quantities to
  // compare again for each larger member.
  members.forEach((m, i) => {
    const before = members[i - 1];
    const sameSize = before !== undefined && before.measure === m.measure && compareQuantities(before.exact, m.exact) === 0;
    m.sizeRank = sameSize ? before.sizeRank : i;
  });
  // Sorted once, not once for each larger member: the members taken from it keep its order.
  const cheapestFirst = [...members].sort(cheaperPerUnit);
  roundUnitPrices(cheapestFirst, ev.pricing);
  ctx.location = ev.store.locations.text(location);
  for (const larger of members) {
    // The members smaller in the same measure, the cheapest per unit first: each rule reports
    // the first of them that makes it fire, at most once for each larger member.
    const smaller = cheapestFirst.filter(
      (m) =>
        m.sizeRank < larger.sizeRank &&
        m.measure === larger.measure &&
        (larger.own || m.own) &&
        (location !== 0 || defaultsMeet(ev, priced, promoted, larger.k, m.k)),
    );
    if (smaller.length === 0) continue;
    ctx.larger = larger;
    ctx.sku = larger.product.sku;
    ctx.product = larger.product;
    for (const rule of ev.familyRules) {
      const found = smaller.find((m) => {
        ctx.smaller = m;
        return fires(rule, ctx);
      });
      if (found) ev.report(rule, [ctx.channel!], [offerSource(found.state.offer), offerSource(larger.state.offer)]);
    }
  }
}

/**
 * A member at one location: as rules see it, with its exact unit price (to sort and to round
 * by), whether it stands there by its own row, and its rank among the sizes. Its `unitPrice`,
 * rounded, is set once every member there is known (see roundUnitPrices).
 */
interface Member extends FamilyMember {
  unitPrice: Micros | null;
  readonly perUnit: Fraction | null;
  readonly own: boolean;
  sizeRank: number;
  /** Its place among the family's members priced in the channel. */
  readonly k: number;
}

/**
 * Whether the default rows of two members (`a`, `b`: their k among those priced) meet at some
 * store, so that comparing them "at every location" compares prices a shopper sees side by side:
 * with a stores feed, a located channel's default rows meet where they stand together, as two
 * channels' default rows do in a pair rule. Without a stores feed, or in a channel that is not
 * located, they meet everywhere.
 */
function defaultsMeet(
  ev: ScopeContext,
  priced: readonly { readonly offers: ChannelGroup }[],
  promoted: readonly (ReadonlyMap<number, unknown> | null)[],
  a: number,
  b: number,
): boolean {
  const groups = [priced[a]!.offers, priced[b]!.offers];
  if (ev.ctx.locationCodes === null || !ev.isLocated(groups[0]!.fallback)) return true;
  // Each member's promoted defaults under its place in `groups`.
  const both = new Map<number, number[]>();
  [promoted[a], promoted[b]].forEach((places, k) => {
    for (const location of places?.keys() ?? []) both.set(location, [...(both.get(location) ?? []), k]);
  });
  return ev.standingStores(groups, [0, 1], both) > 0;
}

/** By exact unit price (none last), then the larger quantity, then sku. */
function cheaperPerUnit(a: Member, b: Member): number {
  if (a.perUnit === null || b.perUnit === null) {
    if (a.perUnit !== b.perUnit) return a.perUnit === null ? 1 : -1;
  } else {
    const c = compareFractions(a.perUnit, b.perUnit);
    if (c !== 0) return c;
  }
  return compareQuantities(b.exact, a.exact) || compareText(a.product.sku, b.product.sku);
}

/**
 * Gives the members their unit prices as rules compare and show them, rounded once on one grid
 * for the members of one measure, currency and tax basis (those a rule may compare): the minor
 * unit, or as many decimals as their effective prices have if more, made finer (up to
 * millionths) until members whose exact unit prices differ differ rounded too. Rounding never
 * swaps two prices, so comparing two members' unit prices decides as the exact quotients do (a
 * 100-pack at 5.49 is dearer per item than a 10-pack at 0.45, though both are 0.05 to the cent:
 * 0.055 and 0.045), and each shows at the minor unit wherever that tells the members apart. Only unit
 * prices less than a millionth apart, which no amount can tell apart, may still round alike.
 * `cheapestFirst` is sorted by exact unit price.
 */
function roundUnitPrices(cheapestFirst: readonly Member[], pricing: PricingSettings): void {
  const groups = new Map<string, Member[]>();
  for (const m of cheapestFirst) {
    if (m.perUnit === null) continue;
    const key = `${m.measure} ${m.state.offer.currency} ${m.state.offer.taxIncluded}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  for (const group of groups.values()) {
    let decimals = 0;
    for (const m of group) decimals = Math.max(decimals, m.state.computedDecimals());
    while (decimals < MAX_DECIMALS && !keepsApart(group, decimals, pricing)) decimals++;
    for (const m of group) m.unitPrice = roundedAmount(m.perUnit!.num, m.perUnit!.den, decimals, pricing.rounding);
  }
}

/** Whether rounding to `decimals` keeps apart each two neighbours (sorted by exact unit price) whose exact unit prices differ. */
function keepsApart(group: readonly Member[], decimals: number, pricing: PricingSettings): boolean {
  let before = roundedAmount(group[0]!.perUnit!.num, group[0]!.perUnit!.den, decimals, pricing.rounding);
  for (let i = 1; i < group.length; i++) {
    const { num, den } = group[i]!.perUnit!;
    const here = roundedAmount(num, den, decimals, pricing.rounding);
    if (here === before && compareFractions(group[i - 1]!.perUnit!, group[i]!.perUnit!) !== 0) return false;
    before = here;
  }
  return true;
}

/**
 * Where a channel's members are compared: at every location (0) when two or more have a default
 * row, then where any has a row of its own, or a default row a promotion makes an offer there.
 */
function locationsOf(
  priced: readonly { readonly offers: ChannelGroup }[],
  promoted: readonly (ReadonlyMap<number, unknown> | null)[],
): number[] {
  const out: number[] = [];
  if (priced.filter((p) => p.offers.fallback >= 0).length >= 2) out.push(0);
  const seen = new Set<number>();
  const add = (location: number) => {
    if (seen.has(location)) return;
    seen.add(location);
    out.push(location);
  };
  for (const { offers } of priced) for (const location of offers.locations) add(location);
  for (const places of promoted) if (places !== null) for (const location of places.keys()) add(location);
  return out;
}
