import { decimalsOf, MICROS_PER_UNIT, type Micros, type RoundingMode } from "../money/amount.js";
import { compareFractions, roundFraction, type Fraction } from "../money/ratio.js";
import type { Product } from "../model/product.js";
import { MONEY_PROMOTION_TYPES, type Promotion } from "../model/promotion.js";
import type { Instant, InstantCache } from "../time/instant.js";
import { compareText } from "../text/compare.js";
import { IntervalIndex } from "../time/interval-index.js";

/**
 * The promotions that may apply to a sku, found by sku, category or brand; and those of them
 * running at an instant, found through an interval index per list and zone, so that an instant
 * never reads the promotions that do not run then.
 */
export class PromotionIndex {
  private readonly bySku = new Map<string, Promotion[]>();
  private readonly byCategory = new Map<string, Promotion[]>();
  private readonly byBrand = new Map<string, Promotion[]>();
  /** Each promotion's position in the feed. */
  private readonly position = new Map<Promotion, number>();
  /** Per list of candidates, per zone: its windows, indexed (built when first asked). */
  private readonly windows = new Map<readonly Promotion[], Map<string, IntervalIndex>>();
  private readonly found: number[] = [];
  /** Campaign steps by sku, campaign, channel, location and zone (see campaignSteps). */
  private readonly steps = new Map<string, readonly CampaignStep[]>();
  /** Per list of candidates: its promotions split by where they run (built when first asked, see candidatesAt). */
  private readonly byPlace = new Map<readonly Promotion[], PlacedPromotions>();

  constructor(readonly all: readonly Promotion[]) {
    all.forEach((p, i) => this.position.set(p, i));
    const add = (map: Map<string, Promotion[]>, key: string, p: Promotion) => {
      const list = map.get(key);
      // A key written twice in one promotion's list (`A1|A1`) names it once: it applies once.
      if (list === undefined) map.set(key, [p]);
      else if (list[list.length - 1] !== p) list.push(p);
    };
    for (const p of all) {
      for (const sku of p.skus) add(this.bySku, sku, p);
      for (const category of p.categories) add(this.byCategory, category, p);
      for (const brand of p.brands) add(this.byBrand, brand, p);
    }
  }

  /** Promotions naming the sku, its category or its brand, each once, in feed order. */
  candidates(sku: string, product: Product | null): Promotion[] {
    const lists = this.listsOf(sku, product);
    // One list holds each of its promotions once, in feed order (see the constructor).
    if (lists.length < 2) return [...(lists[0] ?? [])];
    return this.inFeedOrder(lists.flat());
  }

  /**
   * The candidates that may cover `location`: those naming no location (they run at every one)
   * and those naming it, each once, in feed order — `candidates` filtered by the location half
   * of {@link covers}. Each list's promotions are split by the stores they name once, so that a
   * location never reads the promotions of every other store (which made a chain of stores
   * with a promotion each cost stores × promotions per sku).
   */
  candidatesAt(sku: string, product: Product | null, location: string): readonly Promotion[] {
    const pieces: (readonly Promotion[])[] = [];
    for (const list of this.listsOf(sku, product)) {
      let placed = this.byPlace.get(list);
      if (placed === undefined) this.byPlace.set(list, (placed = placedPromotions(list)));
      if (placed.everywhere.length > 0) pieces.push(placed.everywhere);
      const here = placed.at.get(location);
      if (here !== undefined) pieces.push(here);
    }
    // One piece is in feed order already; more are put in it.
    return pieces.length < 2 ? (pieces[0] ?? NO_PROMOTIONS) : this.inFeedOrder(pieces.flat());
  }

  /** The lists that name the sku, its category and its brand, in that order. */
  private listsOf(sku: string, product: Product | null): Promotion[][] {
    return [
      this.bySku.get(sku),
      product?.category ? this.byCategory.get(product.category) : undefined,
      product?.brand ? this.byBrand.get(product.brand) : undefined,
    ].filter((list): list is Promotion[] => list !== undefined);
  }

  /**
   * The candidates running at `at` (see {@link isActive}; bare dates in `zone` unless the
   * promotion's feed names one), each once, in feed order: `candidates` filtered by isActive.
   */
  runningAt(sku: string, product: Product | null, zone: string, at: Instant, instants: InstantCache): Promotion[] {
    const lists = this.listsOf(sku, product);
    const out: Promotion[] = [];
    for (const list of lists) {
      let byZone = this.windows.get(list);
      if (byZone === undefined) this.windows.set(list, (byZone = new Map()));
      let index = byZone.get(zone);
      if (index === undefined) byZone.set(zone, (index = windowIndex(list, zone, instants)));
      for (const i of index.at(at, this.found)) out.push(list[i]!);
    }
    if (lists.length < 2 || out.length < 2) return out;
    // Found in more than one list: once each, in feed order.
    return this.inFeedOrder(out);
  }

  /**
   * The steps of campaign `campaign` for a sku that cover `channel` at `location`, each with its
   * window (bare dates in `zone` unless its feed names one), the latest start first. Kept for
   * the last few thousand asked: over a window an offer asks at every change point, and sorting
   * a campaign's K steps each time made it cost K² log K. Whether a step lowered the offer's
   * price depends on the price, which the steps kept are not asked by: see {@link canLower}.
   */
  campaignSteps(
    sku: string,
    product: Product | null,
    campaign: string,
    offer: { readonly channel: string; readonly currency: string; readonly taxIncluded: boolean },
    location: string | null,
    zone: string,
    instants: InstantCache,
    defaultCurrency: string | null,
  ): readonly CampaignStep[] {
    const { channel, currency, taxIncluded } = offer;
    const key = `${sku}\u0000${campaign}\u0000${channel}\u0000${location ?? ""}\u0000${location === null ? 0 : 1}\u0000${zone}\u0000${currency}\u0000${taxIncluded ? 1 : 0}`;
    let steps = this.steps.get(key);
    if (steps !== undefined) return steps;
    // Only a step that could lower this offer's public price moves its reduction's start: one
    // that applies to it (see appliesTo), to one item, for everyone (not to members only).
    steps = this.candidates(sku, product)
      .filter(
        (p) =>
          p.campaign === campaign &&
          !p.memberOnly &&
          lowersOneItem(p) &&
          covers(p, channel, location) &&
          appliesTo(p, currency, taxIncluded, defaultCurrency),
      )
      .flatMap((p) => {
        const window = promotionWindow(p, zone, instants);
        return window === null ? [] : [{ promotion: p, start: window[0], end: window[1] }];
      })
      .sort((a, b) => b.start - a.start);
    if (this.steps.size >= KEPT_CAMPAIGNS) this.steps.clear();
    this.steps.set(key, steps);
    return steps;
  }

  /**
   * Promotions found for one sku, each once, in feed order: the few found are sorted by their
   * position, never the whole feed filtered for them (that made each sku cost as much as the feed).
   */
  private inFeedOrder(found: readonly Promotion[]): Promotion[] {
    return [...new Set(found)].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }
}

/** A step of a campaign, and when it runs. */
export interface CampaignStep {
  readonly promotion: Promotion;
  readonly start: Instant;
  readonly end: Instant;
}

/** One list's promotions by where they run: those naming no location, and those naming each location; each in feed order. */
interface PlacedPromotions {
  readonly everywhere: readonly Promotion[];
  readonly at: ReadonlyMap<string, readonly Promotion[]>;
}

const NO_PROMOTIONS: readonly Promotion[] = [];

function placedPromotions(list: readonly Promotion[]): PlacedPromotions {
  const everywhere: Promotion[] = [];
  const at = new Map<string, Promotion[]>();
  for (const p of list) {
    if (p.locations.length === 0) everywhere.push(p);
    for (const location of p.locations) {
      const here = at.get(location);
      // A location written twice in one promotion's list names it once.
      if (here === undefined) at.set(location, [p]);
      else if (here[here.length - 1] !== p) here.push(p);
    }
  }
  return { everywhere, at };
}

/** The windows of a list of promotions in a zone, indexed (see isActive: a bound that does not resolve: never runs). */
function windowIndex(list: readonly Promotion[], zone: string, instants: InstantCache): IntervalIndex {
  const starts = new Float64Array(list.length);
  const ends = new Float64Array(list.length);
  list.forEach((p, i) => {
    const window = promotionWindow(p, zone, instants);
    starts[i] = window === null ? Number.NaN : window[0];
    ends[i] = window === null ? Number.NaN : window[1];
  });
  return new IntervalIndex(starts, ends);
}

/** Whether a promotion runs at `at` in its zone (its feed's, else the location's, else the config's). */
export function isActive(promotion: Promotion, zone: string, at: Instant, instants: InstantCache): boolean {
  const window = promotionWindow(promotion, zone, instants);
  return window !== null && at >= window[0] && at < window[1];
}

/**
 * The zone a promotion's bare dates are read in where it is judged as a whole (not at one
 * location): its feed's; else, when every location it names is a store of one zone, that zone;
 * else `fallback` (the config's). At one location, its bare dates are read in that location's zone.
 */
export function promotionZone(
  promotion: Promotion,
  locations: ReadonlyMap<string, { readonly timezone: string | null }>,
  fallback: string,
): string {
  if (promotion.timezone !== null) return promotion.timezone;
  let zone: string | null = null;
  for (const code of promotion.locations) {
    const own = locations.get(code)?.timezone ?? null;
    if (own === null || (zone !== null && own !== zone)) return fallback;
    zone = own;
  }
  return zone ?? fallback;
}

/** How many offers' campaign steps {@link PromotionIndex.campaignSteps} keeps at most. */
const KEPT_CAMPAIGNS = 4096;

/** A promotion's window, bare dates in `zone` unless its feed names one; null when an end does not read. */
export function promotionWindow(p: Promotion, zone: string, instants: InstantCache): [Instant, Instant] | null {
  const start = instants.resolve(p.start, p.timezone ?? zone, "start");
  const end = instants.resolve(p.end, p.timezone ?? zone, "end");
  return start.ok && end.ok ? [start.instant, end.instant] : null;
}

/** Whether a promotion covers this channel and location (no locations: every location). */
export function covers(promotion: Promotion, channel: string, location: string | null): boolean {
  if (!promotion.channels.includes(channel)) return false;
  return promotion.locations.length === 0 || (location !== null && locationSet(promotion.locations).has(location));
}

/**
 * Whether a promotion applies to an offer on tax basis `taxIncluded`: its amount (off, a new
 * price, a multi-buy's total) includes tax or not as the promotion says, and is never compared
 * with, nor taken from, a price on the other basis; a percentage (or free items) applies on either.
 */
export function onBasis(promotion: Promotion, taxIncluded: boolean): boolean {
  return promotion.taxIncluded === taxIncluded || !MONEY_PROMOTION_TYPES.has(promotion.type);
}

/**
 * Whether an automatic promotion can lower the price of an offer in `currency` on tax basis
 * `taxIncluded`: no coupon; an amount in the offer's currency (a money promotion that names none
 * is in the config's, `defaultCurrency`; a percentage that names none, in any) and on its basis.
 */
export function appliesTo(promotion: Promotion, currency: string, taxIncluded: boolean, defaultCurrency: string | null): boolean {
  if (promotion.couponCode !== null || !onBasis(promotion, taxIncluded)) return false;
  const own = promotion.currency ?? (MONEY_PROMOTION_TYPES.has(promotion.type) ? defaultCurrency : null);
  return own === null || own === currency;
}

/**
 * Whether a promotion lowers the price of one item: a price promotion (not a multi-buy) that
 * needs no more than one in the basket (no min_qty above 1, no get_qty items more, 0 being none: "the second
 * at half price" is no part of it).
 */
export function lowersOneItem(promotion: Promotion): boolean {
  return (
    PRICE_TYPES.has(promotion.type) &&
    (promotion.minQty === null || promotion.minQty <= 1) &&
    (promotion.getQty === null || promotion.getQty === 0)
  );
}

const PRICE_TYPES: ReadonlySet<string> = new Set(["percent_off", "amount_off", "fixed_price"]);

/**
 * Whether price promotion `p` can lower `price` (on its tax basis, in its currency: see
 * appliesTo): a fixed price only a price above it, as it never raises one (see applyOne); a
 * percentage or an amount off, any.
 */
export function canLower(p: Promotion, price: Micros): boolean {
  return p.type !== "fixed_price" || (p.value ?? 0) < price;
}

/** Each list of locations as a set, made when first asked (see locationSet). */
const locationSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * A promotion's locations as a set: a promotion may list thousands of stores and is asked about
 * once per offer, so searching its list each time made every offer cost as much as the list.
 */
function locationSet(locations: readonly string[]): ReadonlySet<string> {
  let set = locationSets.get(locations);
  if (set === undefined) locationSets.set(locations, (set = new Set(locations)));
  return set;
}

const PERCENT = BigInt(100 * MICROS_PER_UNIT);

/** The price after promotion `p`; null for a fixed price that is not below it (it never raises a price). */
function applyOne(price: Fraction, p: Promotion): Fraction | null {
  const value = BigInt(p.value ?? 0);
  switch (p.type) {
    case "percent_off":
      return { num: price.num * (PERCENT - value), den: price.den * PERCENT };
    case "amount_off":
      return { num: price.num - value * price.den, den: price.den };
    default: // fixed_price
      return value * price.den < price.num ? { num: value, den: 1n } : null;
  }
}

const below = (a: Fraction, b: Fraction) => compareFractions(a, b) < 0;

/** What promotions do to one price: the new price, rounded once, and the promotions applied. */
export interface PromotedPrice {
  readonly price: Micros;
  readonly applied: readonly Promotion[];
  /** The decimals the price is rounded to (with none applied, the `decimals` given). */
  readonly decimals: number;
}

/**
 * Applies price promotions (percent_off, amount_off, fixed_price) to `base`: the non-stackable
 * ones do not combine — the lowest result wins — then the stackable ones apply on top in
 * ascending priority. A fixed price at or above the price it meets does not apply: a promotion
 * never raises a price. Computed exactly; never below zero; rounded once at the end (see
 * computedDecimals: a feed's amounts are never rounded, a fixed price comes back as written)
 * and never above `base`. With no promotion applied, the base comes back untouched.
 * `decimals`: the currency's minor unit, or the decimals `base` is written with where finer
 * (`1.780` EUR: 3, which its value, 1.78, cannot say: OfferFields.priceDecimals).
 *
 * The result is the price charged: of the non-stackable ones, the one whose price, with the
 * stackable ones on top and rounded, is lowest wins; of equal prices, the lower exact one, then
 * the one {@link wins} picks. A percentage and a fixed price that both come to exactly 1.125 then
 * give 1.125 (the fixed price, never rounded), not 1.13, whatever their ids.
 */
export function promotedPrice(base: Micros, promotions: readonly Promotion[], decimals: number, mode: RoundingMode): PromotedPrice {
  if (promotions.length === 0) return { price: base, applied: NO_PROMOTIONS, decimals };
  const exclusive = promotions.filter((p) => !p.stackable);
  const stackable = promotions.filter((p) => p.stackable).sort(byPriority);
  const { price, applied, decimals: places } = chosen(base, exclusive, stackable, decimals, mode);
  return { price, applied, decimals: places };
}

/** What {@link promotedPrice} charges with the stackable promotions applied in the order given. */
function chosen(
  base: Micros,
  exclusive: readonly Promotion[],
  stackable: readonly Promotion[],
  decimals: number,
  mode: RoundingMode,
): Outcome {
  const start: Fraction = { num: BigInt(base), den: 1n };
  let best: Outcome | null = null;
  for (const p of exclusive) {
    const price = applyOne(start, p);
    if (price === null) continue;
    const outcome = stacked(base, price, p, stackable, decimals, mode);
    if (best === null || chargesLess(outcome, best)) best = outcome;
  }
  return best ?? stacked(base, start, null, stackable, decimals, mode);
}

/** What a choice of promotions comes to: the price charged, its exact value, the promotions applied and the decimals it is rounded to. */
interface Outcome extends PromotedPrice {
  readonly exact: Fraction;
}

/**
 * The stackable promotions that `promotedPrice(base, promotions, decimals, mode)` applied (its
 * `result`) whose order the feed leaves open — two of the same priority, or both with none: they
 * go by promo_id — where that order changes the price charged: 10 % off then 1.00 off 10.00 is
 * 8.00, the other way 8.10. Each two such applied promotions are tried the other way round; those
 * named are in the order they applied.
 */
export function unorderedStacking(
  base: Micros,
  promotions: readonly Promotion[],
  decimals: number,
  mode: RoundingMode,
  result: PromotedPrice,
): readonly string[] {
  const applied = result.applied.filter((p) => p.stackable);
  if (applied.length < 2) return NO_IDS;
  const exclusive = promotions.filter((p) => !p.stackable);
  const stackable = promotions.filter((p) => p.stackable).sort(byPriority);
  let ids: Set<string> | null = null;
  for (let i = 0; i < applied.length; i++)
    for (let j = i + 1; j < applied.length; j++) {
      const a = applied[i]!;
      const b = applied[j]!;
      if (a.priority !== b.priority) continue;
      const swapped = [...stackable];
      swapped[stackable.indexOf(a)] = b;
      swapped[stackable.indexOf(b)] = a;
      // Chosen again the other way: which non-stackable one wins may change with it.
      if (chosen(base, exclusive, swapped, decimals, mode).price === result.price) continue;
      ids ??= new Set();
      ids.add(a.promoId).add(b.promoId);
    }
  return ids === null ? NO_IDS : applied.filter((p) => ids.has(p.promoId)).map((p) => p.promoId);
}

const NO_IDS: readonly string[] = Object.freeze([]);

/**
 * `price` (what `first`, a non-stackable promotion, makes of `base`, or `base` itself) with the
 * stackable promotions on top, in order, rounded once (see {@link promotedPrice}).
 */
function stacked(
  base: Micros,
  price: Fraction,
  first: Promotion | null,
  stackable: readonly Promotion[],
  decimals: number,
  mode: RoundingMode,
): Outcome {
  const applied: Promotion[] = first === null ? [] : [first];
  for (const p of stackable) {
    const next = applyOne(price, p);
    if (next === null) continue;
    price = next;
    applied.push(p);
  }
  if (applied.length === 0) return { exact: price, price: base, applied, decimals };
  if (price.num < 0n) return { exact: price, price: 0, applied, decimals };
  let places = computedDecimals(decimals, base);
  // The amounts it is computed from: the base, and the amounts off and fixed prices applied.
  for (const p of applied) if (MONEY_PROMOTION_TYPES.has(p.type)) places = amountDecimals(places, p);
  const rounded = roundFraction(price.num, price.den, places, mode);
  return rounded < base ? { exact: price, price: rounded, applied, decimals: places } : { exact: price, price: base, applied, decimals };
}

/** Whether outcome `a` is applied rather than `b`: it charges less, or as much and less exactly, or the same and its promotion wins. */
function chargesLess(a: Outcome, b: Outcome): boolean {
  if (a.price !== b.price) return a.price < b.price;
  const exactly = compareFractions(a.exact, b.exact);
  return exactly !== 0 ? exactly < 0 : wins(a.applied[0]!, b.applied[0]!);
}

/**
 * The decimals a price computed from `amount` is rounded to: the finer of `decimals` (the
 * currency's minor unit, or those the price is written with where finer) and the amount's own.
 * A price in cents gives cents; a price in thousandths (fuel, 2.129 or 1.780 EUR) gives
 * thousandths, so that a reduction of it never rounds back up to it, and an amount the feed
 * wrote (a fixed price of 2.127) is never rounded.
 */
function computedDecimals(decimals: number, amount: Micros): number {
  return Math.max(decimals, decimalsOf(amount));
}

/** {@link computedDecimals} of a promotion's amount (none: `decimals`), and the decimals it is written with (`1.780`: 3). */
function amountDecimals(decimals: number, p: Promotion): number {
  return p.value === null ? decimals : Math.max(computedDecimals(decimals, p.value), p.valueDecimals ?? 0);
}

/**
 * Of two promotions giving the same price, the one applied whatever the feed's order: the one
 * showing a reference price (an announced reduction, which the Omnibus rules then judge), else
 * the first by id.
 */
function wins(p: Promotion, other: Promotion): boolean {
  if ((p.referencePrice !== null) !== (other.referencePrice !== null)) return p.referencePrice !== null;
  return compareText(p.promoId, other.promoId) < 0;
}

function byPriority(a: Promotion, b: Promotion): number {
  const pa = a.priority ?? Number.MAX_SAFE_INTEGER;
  const pb = b.priority ?? Number.MAX_SAFE_INTEGER;
  return pa - pb || compareText(a.promoId, b.promoId);
}

/**
 * The unit price at the trigger quantity of multi-buy promotions: `multibuy` (min_qty for value)
 * gives value ÷ min_qty, `buy_x_get_y` gives price × min_qty ÷ (min_qty + get_qty), each
 * rounded once as promotedPrice rounds: from `base` and the multibuy's value (`decimals` as
 * there), never above `base`. The lowest so rounded wins (of equal ones, the lower exact one,
 * then the first): a multibuy of 3 for 3.375 and a buy 9 get 1 at 1.25 both come to exactly
 * 1.125, which the first keeps (3.375 is written to the thousandth) and the second rounds to
 * 1.13, so 1.125, in either order. A multibuy whose total is not below min_qty items at `base`
 * does not apply, as a fixed price at or above the price does not: a promotion never raises a
 * price (buy_x_get_y never can). Null when none applies.
 */
export function multibuyUnitPrice(base: Micros, promotions: readonly Promotion[], decimals: number, mode: RoundingMode): Micros | null {
  let best: { readonly exact: Fraction; readonly price: Micros } | null = null;
  for (const p of promotions) {
    let unit: Fraction | null = null;
    let places = computedDecimals(decimals, base);
    if (p.type === "multibuy" && p.value !== null && p.minQty && BigInt(p.value) < BigInt(base) * BigInt(p.minQty)) {
      unit = { num: BigInt(p.value), den: BigInt(p.minQty) };
      places = amountDecimals(places, p);
    } else if (p.type === "buy_x_get_y" && p.minQty && p.getQty) {
      unit = { num: BigInt(base) * BigInt(p.minQty), den: BigInt(p.minQty + p.getQty) };
    }
    if (unit === null) continue;
    const price = Math.min(roundFraction(unit.num, unit.den, places, mode), base);
    if (best === null || price < best.price || (price === best.price && below(unit, best.exact))) best = { exact: unit, price };
  }
  return best === null ? null : best.price;
}
