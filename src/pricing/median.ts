import type { Micros, RoundingMode } from "../money/amount.js";
import { scaleAmount } from "../money/ratio.js";

/** Fewer prices than this have no median worth judging a location against. */
export const MIN_MEDIAN_PRICES = 3;

/**
 * The median of amounts in one currency, when there are at least {@link MIN_MEDIAN_PRICES}:
 * the middle one, or the mean of the middle two rounded once to `decimals`. Sorts `prices`.
 */
export function medianPrice(prices: Micros[], decimals: number, rounding: RoundingMode): Micros | null {
  if (prices.length < MIN_MEDIAN_PRICES) return null;
  prices.sort((a, b) => a - b);
  const mid = prices.length >> 1;
  if (prices.length % 2 === 1) return prices[mid]!;
  return scaleAmount(prices[mid - 1]! + prices[mid]!, 1n, 2n, decimals, rounding);
}
