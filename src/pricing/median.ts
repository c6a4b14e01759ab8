import { MAX_DECIMALS, type Micros, type RoundingMode } from "../money/amount.js";
import { roundFraction } from "../money/ratio.js";

/** Fewer prices than this have no median worth judging a location against. */
export const MIN_MEDIAN_PRICES = 3;

/** One price standing at several locations: a channel's default row at the stores without a row of their own. */
export interface RepeatedPrice {
  readonly price: Micros;
  readonly count: number;
}

/**
 * The median of amounts in one currency and on one tax basis, when there are at least
 * {@link MIN_MEDIAN_PRICES}: the middle one, or the mean of the middle two. The mean is exact
 * (amounts have at most six decimals, so it has a seventh only when both have six; that
 * half-millionth alone is rounded by `rounding`): it keeps every decimal it has, as it is judged
 * against and as messages show it (`median 1.505`, beyond the minor unit, as a feed's own amounts
 * may be). With `repeated`, its price counts `count` times more. Sorts `prices`.
 */
export function medianPrice(prices: Micros[], rounding: RoundingMode, repeated: RepeatedPrice | null = null): Micros | null {
  const extra = repeated?.count ?? 0;
  const total = prices.length + extra;
  if (total < MIN_MEDIAN_PRICES) return null;
  prices.sort((a, b) => a - b);
  // The sorted multiset: the prices below the repeated one, then it `extra` times, then the rest.
  let place = 0;
  if (repeated !== null) while (place < prices.length && prices[place]! < repeated.price) place++;
  const at = (i: number): Micros => (i < place ? prices[i]! : i < place + extra ? repeated!.price : prices[i - extra]!);
  const mid = total >> 1;
  if (total % 2 === 1) return at(mid);
  return roundFraction(BigInt(at(mid - 1)) + BigInt(at(mid)), 2n, MAX_DECIMALS, rounding);
}
