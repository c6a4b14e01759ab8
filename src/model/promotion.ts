import type { Micros } from "../money/amount.js";
import type { Source } from "./source.js";

export const PROMOTION_TYPES = ["percent_off", "amount_off", "fixed_price", "multibuy", "buy_x_get_y"] as const;
export type PromotionType = (typeof PROMOTION_TYPES)[number];

/** The types whose value is money (an amount off, a new price, a multi-buy's total): in one currency, for offers in it only. */
export const MONEY_PROMOTION_TYPES: ReadonlySet<PromotionType> = new Set(["amount_off", "fixed_price", "multibuy"]);

/**
 * A promotion as the promotions feed gives it (README, "Feeds"). The shape rules in `promotion` scope
 * are written against; the promotions feed itself is read by a later release.
 */
export interface Promotion {
  readonly promoId: string;
  readonly type: PromotionType;
  /** The percentage, the amount off, the new price, or the multibuy total (exact, in millionths). */
  readonly value: Micros | null;
  /** The decimals `value` is written with, trailing zeros too (`1.780`: 3; none: its own, see decimalsOf). */
  readonly valueDecimals?: number;
  readonly minQty: number | null;
  readonly getQty: number | null;
  readonly channels: readonly string[];
  readonly locations: readonly string[];
  readonly skus: readonly string[];
  readonly categories: readonly string[];
  readonly brands: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly memberOnly: boolean;
  readonly couponCode: string | null;
  readonly stackable: boolean;
  readonly priority: number | null;
  readonly referencePrice: Micros | null;
  readonly exclusive: boolean;
  readonly campaign: string | null;
  readonly title: string | null;
  readonly currency: string | null;
  /**
   * Whether its money (an amount off, a new price, a multi-buy's total, a reference price)
   * includes tax, as a price row's (default true): it applies to, and is shown beside, offers on
   * that basis only. A percentage applies on either.
   */
  readonly taxIncluded: boolean;
  /** The feed's zone for times without an offset, when the feed declares one. */
  readonly timezone: string | null;
  readonly source: Source;
}
