import { decimalsOf, type Micros, type RoundingMode } from "../money/amount.js";
import { disputed, OfferRecord, type Offer } from "../model/offer.js";
import type { Product } from "../model/product.js";
import type { Instant, InstantCache } from "../time/instant.js";
import type { PricePoint } from "../model/price-point.js";
import type { Promotion } from "../model/promotion.js";
import { comparableHistory, lookbackStart, lowestApplied, offerHistory, storesIn } from "./history.js";
import type { SaleRun, SaleRuns } from "../dataset/sale-run.js";
import { announcement, priorPeriodCovered, priorPrice, scopedHistory, type Announcement, type PriorScope } from "./omnibus.js";
import {
  appliesTo,
  canLower,
  covers,
  lowersOneItem,
  multibuyUnitPrice,
  promotedPrice,
  unorderedStacking,
  promotionWindow,
  type CampaignStep,
  type PromotionIndex,
} from "./promotions.js";

const NONE: readonly string[] = [];
/**
 * Fields whose disagreement between duplicate rows leaves the effective price unknown (a member
 * price: the member's only), the tax basis among them: a money promotion applies on one basis,
 * and a price is compared with others on one. Not their validity: rows compared hold at once
 * (see OfferStore).
 */
const PRICE_INPUTS = new Set(["price", "sale_price", "sale_start", "sale_end", "currency", "tax_included"]);
const NO_PROMOTIONS: readonly Promotion[] = [];

/** What computed amounts need: the minor units of a currency, the rounding, the config's currency. */
export interface PricingSettings {
  readonly minorUnits: (currency: string) => number;
  readonly rounding: RoundingMode;
  readonly defaultCurrency: string | null;
  /** The promotions feed, indexed; null when there is none. */
  readonly promotions: PromotionIndex | null;
  /** Price history of a sku, every channel and location. */
  readonly history: (sku: string) => readonly PricePoint[];
  /** The stores feed's locations and the currency of each (its own, else the config's; null: none given): where a channel's default history rows stand. */
  readonly stores?: ReadonlyMap<string, string | null> | null | undefined;
  /**
   * When the sale an offer's row carries runs, as its rows say (see dataset/sale-run.ts): its
   * window where its row holds, else carried over the rows that run the same sale. By default,
   * and for an offer not read from the store's rows (null), the row's sale window within its own validity.
   */
  readonly saleRuns?: (offer: Offer, where: SaleWhere, instants: InstantCache) => SaleRuns | null;
}

/** Where an offer stands when its sale's run is read: its location (null: none), the instant, the place's zone. */
export interface SaleWhere {
  readonly location: string | null;
  readonly at: Instant;
  readonly place: string;
}

const MULTIBUY_TYPES = new Set(["multibuy", "buy_x_get_y"]);

/** An offer's reference price where its duplicate rows dispute it: none known (see announcement). */
const NO_REFERENCE = { referencePrice: null } as const;

/**
 * An offer as it stands at one instant and location: its window resolved, its effective price
 * known. Evaluation reuses two of these (an offer, and the other side of a pair) rather than
 * allocating one per offer and location; findings copy what they report.
 */
export class OfferState {
  offer!: Offer;
  /** The reduction announced where the state was last resolved (undefined: not worked out yet). */
  private announced: Announcement | null | undefined = undefined;
  /** Where the evaluator reads a stored offer before resolving it (one per state, reused). */
  readonly record = new OfferRecord();
  /** The offer's catalogue entry, if any. */
  product: Product | null = null;
  /** The location it is evaluated at (a default row stands at every location). */
  location: string | null = null;
  saleStart: Instant | null = null;
  saleEnd: Instant | null = null;
  onSale = false;
  effectivePrice: Micros | null = null;
  /**
   * The decimals the effective price is written with where finer than the currency's minor unit
   * (else 0), or, where promotions made it, those it was rounded to: `1.780` EUR, or 2.000 less
   * 19 % (1.620), has 3, which its value (1.78, 1.62) cannot say. See {@link computedDecimals}.
   */
  effectiveDecimals = 0;
  /** The member effective price: member price (else the public base) with member promotions too. */
  memberEffectivePrice: Micros | null = null;
  /** Ids of the automatic promotions that made the public effective price. */
  promotions: readonly string[] = [];
  /** Those promotions. */
  applied: readonly Promotion[] = [];
  /** Of those, the stackable ones whose order the feed leaves open and that order changes the price (see promotedPrice). */
  unorderedPromotions: readonly string[] = NONE;
  /** Unit price at the trigger quantity of the best multi-buy promotion that applies (see multibuyUnitPrice), if any. */
  multibuyUnitPrice: Micros | null = null;
  /** The zone its row's bare dates are read in: its feed's, else {@link placeZone}. */
  zone = "UTC";
  /**
   * The zone of the place it stands at: the location's, else the config's. Its calendar (the 30
   * days of its price history are counted in it, whatever zone its price feed's times are read
   * in), and the zone of a promotion's or history row's bare dates unless their feed names one.
   */
  placeZone = "UTC";
  at: Instant = 0;
  private instants: InstantCache | null = null;

  constructor(readonly pricing: PricingSettings) {}

  /**
   * Resolves `offer` at instant `at`: the sale price while its window holds (no window =
   * always), else the regular price. Bare dates in the window are read in `zone` (the feed's,
   * else the location's, else the config's); the end of a window is exclusive. A promotion's,
   * unless its feed names a zone, in `placeZone` (the location's, else the config's: a price
   * feed's zone is no promotion's, nor the place's calendar).
   */
  resolve(
    offer: Offer,
    product: Product | null,
    location: string | null,
    zone: string,
    at: Instant,
    instants: InstantCache,
    placeZone = zone,
  ): this {
    this.announced = undefined;
    this.offer = offer;
    this.product = product;
    this.location = location;
    this.zone = zone;
    this.placeZone = placeZone;
    this.at = at;
    this.instants = instants;
    this.promotions = NONE;
    this.applied = NO_PROMOTIONS;
    this.unorderedPromotions = NONE;
    this.multibuyUnitPrice = null;
    if (offer.conflicts !== null && offer.conflicts.some((f) => PRICE_INPUTS.has(f))) {
      // Duplicate rows disagree on what makes the price: which is right is unknown.
      this.saleStart = this.saleEnd = null;
      this.onSale = false;
      this.effectivePrice = this.memberEffectivePrice = null;
      this.effectiveDecimals = 0;
      return this;
    }
    this.saleStart = bound(offer.saleStart, zone, "start", instants);
    this.saleEnd = bound(offer.saleEnd, zone, "end", instants);
    this.onSale =
      offer.salePrice !== null && (this.saleStart === null || at >= this.saleStart) && (this.saleEnd === null || at < this.saleEnd);
    const base = this.onSale ? offer.salePrice : offer.price;
    this.effectivePrice = base;
    this.effectiveDecimals = this.onSale ? offer.salePriceDecimals : offer.priceDecimals;
    this.memberEffectivePrice = offer.memberPrice ?? base;
    const index = this.pricing.promotions;
    if (index !== null && base !== null) this.promote(base, index, placeZone, at, instants);
    if (offer.conflicts?.includes("member_price")) this.memberEffectivePrice = null;
    return this;
  }

  /**
   * When the offer's sale runs as its rows say (null ends: open): its window where its row holds,
   * else carried over the offer's rows of the same sale (see dataset/sale-run.ts). A scheduled
   * row's sale runs only while the row holds.
   */
  saleRun(): SaleRun {
    return this.storedRuns()?.run() ?? this.ownRun();
  }

  /** When the offer's sale began: {@link saleRun}'s start, worked out without its end. */
  private saleRunStart(): Instant | null {
    const runs = this.storedRuns();
    return runs === null ? this.ownRun().from : runs.start();
  }

  /** The sale's run over the store's rows, where the offer is read from them (null: it is not). */
  private storedRuns(): SaleRuns | null {
    if (this.instants === null || this.pricing.saleRuns === undefined) return null;
    return this.pricing.saleRuns(this.offer, { location: this.location, at: this.at, place: this.placeZone }, this.instants);
  }

  /** The row's own sale window within its validity. */
  private ownRun(): SaleRun {
    const { validFrom, validTo } = this.offer;
    const from = this.saleStart === null ? validFrom : validFrom === null ? this.saleStart : Math.max(this.saleStart, validFrom);
    const to = this.saleEnd === null ? validTo : validTo === null ? this.saleEnd : Math.min(this.saleEnd, validTo);
    return { from, to };
  }

  /**
   * The lowest price applied in the 30 days up to the instant: the declared lowest_price_30d,
   * else the lowest of the price history and the current effective price; null without either.
   */
  lowestPrice30d(): Micros | null {
    // Duplicate rows that declare different values: which one is shown is not known.
    if (disputed(this.offer, "lowest_price_30d")) return null;
    if (this.offer.lowestPrice30d !== null) return this.offer.lowestPrice30d;
    const points = offerHistory(
      comparableHistory(this.pricing.history(this.offer.sku), this.offer.currency, this.offer.taxIncluded),
      this.offer.channel,
      this.location,
    );
    if (points.length === 0 || this.instants === null) return null;
    const lowest = lowestApplied(points, this.placeZone, lookbackStart(this.at, this.placeZone), this.at, this.instants);
    if (lowest === null) return this.effectivePrice;
    return this.effectivePrice === null ? lowest : Math.min(lowest, this.effectivePrice);
  }

  /**
   * Moves the state, as resolved for row `row` of the offer store, to another location, when
   * nothing resolved depends on where: the same offer, zones, product and instant, and no
   * promotions (which cover some locations only). False when it must be resolved again.
   */
  relocate(row: number, location: string | null, zone: string, placeZone: string, product: Product | null, at: Instant): boolean {
    if (this.offer !== this.record || this.record.row !== row || this.pricing.promotions !== null) return false;
    if (zone !== this.zone || placeZone !== this.placeZone || product !== this.product || at !== this.at) return false;
    this.location = location;
    this.announced = undefined;
    return true;
  }

  /**
   * The reduction this offer announces at the instant (see {@link announcement}): worked out once
   * per resolution, as several facts ask for it (and a campaign's start walks its steps).
   */
  announcement(): Announcement | null {
    if (this.announced === undefined) this.announced = this.announce();
    return this.announced;
  }

  /** The reduction announced, worked out (see announcement). */
  private announce(): Announcement | null {
    const index = this.pricing.promotions;
    const instants = this.instants;
    if (instants === null) return null;
    // A promotion's reference price is in its currency (else the config's) and on its tax basis:
    // shown beside an offer in another, or on the other basis, it announces nothing to judge.
    const shown = this.applied.filter(
      (p) =>
        p.referencePrice === null ||
        ((p.currency ?? this.pricing.defaultCurrency) === this.offer.currency && p.taxIncluded === this.offer.taxIncluded),
    );
    // Duplicate rows that show different reference prices: which one is shown is not known.
    const offer = disputed(this.offer, "reference_price") ? NO_REFERENCE : this.offer;
    // A sale runs from its start where its row holds then, else from when its row (or an earlier one carrying it on) starts holding (null: always).
    return announcement(
      offer,
      this.onSale,
      () => this.saleRunStart(),
      shown,
      (promotion) => {
        const own = promotionWindow(promotion, this.placeZone, instants);
        if (own === null) return null;
        if (promotion.campaign === null || index === null) return own[0];
        // A campaign's later steps use its first step's start: the steps of the campaign that
        // cover this offer and run on, without a break, into this one (the same name a year later
        // is another campaign).
        const steps = index.campaignSteps(
          this.offer.sku,
          this.product,
          promotion.campaign,
          this.offer,
          this.location,
          this.placeZone,
          instants,
          this.pricing.defaultCurrency,
        );
        // Walked back once, the latest start first: a step that starts before the start reached so
        // far, runs on to it and could lower the offer's price moves it back to its own start. A
        // step passed over can never move it later on, as the start reached then is at or before
        // that step's start.
        let first = own[0];
        for (const step of steps) if (step.start < first && step.end >= first && this.lowered(step)) first = step.start;
        return first;
      },
    );
  }

  /**
   * Whether a campaign step could lower the offer's public price while it ran, as the offer's row
   * gives the price: a fixed price at or above the price it meets (the price, or the sale price
   * where the sale runs then) never applies, so a step of "all pasta at 9.99" does not start a
   * reduction of a sku at 8.99.
   */
  private lowered({ promotion, start, end }: CampaignStep): boolean {
    const { price, salePrice } = this.offer;
    // Whether the sale runs at some time of the step, and whether at all of it.
    const sale = salePrice !== null && (this.saleStart === null || this.saleStart < end) && (this.saleEnd === null || this.saleEnd > start);
    const throughout = sale && (this.saleStart === null || this.saleStart <= start) && (this.saleEnd === null || this.saleEnd >= end);
    return (sale && canLower(promotion, salePrice)) || (!throughout && price !== null && canLower(promotion, price));
  }

  /**
   * The prior price of the announced reduction and whether history covers its 30 days, in
   * `scope`. Not known (null) where history does not cover them: a price from before the history
   * starts may be the lowest, so the reduction is reported as not checkable, never judged.
   */
  prior(scope: PriorScope): { price: Micros | null; covered: boolean } | null {
    const announced = this.announcement();
    if (announced === null || this.instants === null) return null;
    // A start not known: no 30 days to look back over, so nothing covers them.
    if (announced.start === null) return { price: null, covered: false };
    const points = scopedHistory(
      comparableHistory(this.pricing.history(this.offer.sku), this.offer.currency, this.offer.taxIncluded),
      this.offer.channel,
      this.location,
      scope,
      storesIn(this.pricing.stores ?? null, this.offer.currency),
    );
    const covered = priorPeriodCovered(points, this.placeZone, announced.start, this.instants);
    return { price: covered ? priorPrice(points, this.placeZone, announced.start, this.instants) : null, covered };
  }

  /**
   * Applies the automatic promotions running at `at` for this channel and location: price
   * promotions that need no more than one item to the public price, those and member-only ones to the member price, multi-buys
   * to the unit price at their trigger quantity. Coupons never apply to a public price, nor an
   * amount to a price in another currency or on another tax basis (see appliesTo).
   */
  private promote(base: Micros, index: PromotionIndex, zone: string, at: Instant, instants: InstantCache): void {
    const offer = this.offer;
    const candidates = index.runningAt(offer.sku, this.product, zone, at, instants);
    if (candidates.length === 0) return;
    const running = candidates.filter(
      (p) => appliesTo(p, offer.currency, offer.taxIncluded, this.pricing.defaultCurrency) && covers(p, offer.channel, this.location),
    );
    if (running.length === 0) return;
    // Rounded no coarser than the currency's minor unit, nor than the price it starts from is
    // written: 1.780 less 10 % is 1.602, not 1.60 (its value, 1.78, does not say so).
    const minor = this.pricing.minorUnits(offer.currency);
    const decimals = Math.max(minor, this.effectiveDecimals);
    const memberDecimals = offer.memberPrice === null ? decimals : Math.max(minor, offer.memberPriceDecimals);
    const rounding = this.pricing.rounding;
    // The price of one item: a price promotion that needs more than one in the basket (from
    // min_qty items, or on get_qty items more: "the second at half price") is no part of it.
    const prices = running.filter(lowersOneItem);
    const publicPromotions = prices.filter((p) => !p.memberOnly);
    const publicPrice = promotedPrice(base, publicPromotions, decimals, rounding);
    this.effectivePrice = publicPrice.price;
    this.effectiveDecimals = publicPrice.decimals;
    this.applied = publicPrice.applied;
    this.promotions = publicPrice.applied.map((p) => p.promoId);
    this.unorderedPromotions = unorderedStacking(base, publicPromotions, decimals, rounding, publicPrice);
    this.memberEffectivePrice = promotedPrice(offer.memberPrice ?? base, prices, memberDecimals, rounding).price;
    this.multibuyUnitPrice = multibuyUnitPrice(
      publicPrice.price,
      running.filter((p) => MULTIBUY_TYPES.has(p.type) && !p.memberOnly),
      publicPrice.decimals,
      rounding,
    );
  }

  /**
   * The decimals an amount computed from the effective price (a unit price) is rounded to at
   * least: the currency's minor unit, or the decimals the effective price has or is written or
   * rounded to (see {@link effectiveDecimals}) where more.
   */
  computedDecimals(): number {
    return Math.max(this.pricing.minorUnits(this.offer.currency), decimalsOf(this.effectivePrice ?? 0), this.effectiveDecimals);
  }
}

function bound(text: string | null, zone: string, role: "start" | "end", instants: InstantCache): Instant | null {
  if (text === null) return null;
  const r = instants.resolve(text, zone, role);
  return r.ok ? r.instant : null;
}
