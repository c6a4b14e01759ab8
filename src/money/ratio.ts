import { MAX_DECIMALS, MICROS_PER_UNIT, type Micros, type RoundingMode } from "./amount.js";

/**
 * An exact fraction (a percentage, a markup), compared without rounding: `num / den` with
 * `den > 0`. Written out exactly where 6 decimals hold it, else to 7 or more (see {@link Ratio.toText}).
 */
export class Ratio {
  constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  /** The ratio `part / whole` of two amounts, times `scale` (100 for a percentage). */
  static of(part: Micros, whole: Micros, scale = 1): Ratio | null {
    if (whole === 0) return null;
    const num = BigInt(part) * BigInt(scale);
    const den = BigInt(whole);
    return den < 0n ? new Ratio(-num, -den) : new Ratio(num, den);
  }

  /** -1, 0 or 1 as this is below, equal to or above `other`. */
  compare(other: Ratio): number {
    return compareFractions(this, other);
  }

  /** A ratio equal to an amount of millionths (a rule literal such as "90" or "0.1"). */
  static fromMicros(value: Micros): Ratio {
    return new Ratio(BigInt(value), BigInt(MICROS_PER_UNIT));
  }

  /**
   * Written out for a finding: exactly, trailing zeros dropped, when 6 decimals hold it (25,
   * 33.5); else rounded half up (away from zero) to 7 decimals, going on to the first digit that
   * is not 0 (50.00000025 % is 50.0000003, not 50), up to 18 decimals. A limit (a literal, an
   * option) has at most 6 decimals, so a value shown beside one is never shown as the limit it
   * passes: 100/3 % is 33.3333333, visibly above a `maxPercent` of 33.333333.
   */
  toText(): string {
    const negative = this.num < 0n;
    const num = negative ? -this.num : this.num;
    // Not held by 6 decimals: written with 7 or more, as no limit is.
    const first = (num * SCALES[MAX_DECIMALS]!) % this.den === 0n ? MAX_DECIMALS : MAX_DECIMALS + 1;
    for (let decimals = first; ; decimals++) {
      const scaled = num * SCALES[decimals]!;
      const rest = scaled % this.den;
      let q = scaled / this.den;
      if (rest * 2n >= this.den) q += 1n;
      const digits = q.toString().padStart(decimals + 1, "0");
      let keep = digits.length;
      while (keep > digits.length - decimals && digits.charCodeAt(keep - 1) === ZERO) keep--;
      const fraction = digits.slice(digits.length - decimals, keep);
      if (rest === 0n || fraction.length === decimals || decimals === MAX_SHOWN_DECIMALS) {
        const units = digits.slice(0, digits.length - decimals);
        return `${negative && q !== 0n ? "-" : ""}${units}${fraction === "" ? "" : "." + fraction}`;
      }
    }
  }
}

/** The most decimals a ratio is written with (see {@link Ratio.toText}). */
const MAX_SHOWN_DECIMALS = 18;
const ZERO = 48;
/** 10 to the power of each number of decimals, 0 to 18. */
const SCALES = Array.from({ length: MAX_SHOWN_DECIMALS + 1 }, (_, i) => 10n ** BigInt(i));

/**
 * A count of millionths exactly, as the fraction `num / den` (den > 0): a computed amount before
 * it is rounded (a unit price, a price after a percentage), or a quantity in another unit.
 */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

/** Negative, zero or positive as `a` is below, equal to or above `b`: cross-multiplied, never rounded. */
export function compareFractions(a: Fraction, b: Fraction): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The amount `num ÷ den` millionths (den > 0), rounded once to `decimals` decimals, half up or
 * half even: how computed amounts (unit prices, prices after a promotion) are rounded. Null
 * from 2^53 millionths on, where a number no longer holds every digit (a feed's amounts stop
 * below it too): a unit price of a tiny size can get there.
 */
export function roundedAmount(num: bigint, den: bigint, decimals: number, mode: RoundingMode): Micros | null {
  const rounded = roundedMillionths(num, den, decimals, mode);
  return rounded > LARGEST || rounded < -LARGEST ? null : Number(rounded);
}

/** The same, for an amount known to be within range: the mean of two amounts, a price a promotion lowered. */
export function roundFraction(num: bigint, den: bigint, decimals: number, mode: RoundingMode): Micros {
  return Number(roundedMillionths(num, den, decimals, mode));
}

const LARGEST = BigInt(Number.MAX_SAFE_INTEGER);

/** `num ÷ den` millionths (den > 0) rounded once to `decimals` decimals, in millionths. */
function roundedMillionths(num: bigint, den: bigint, decimals: number, mode: RoundingMode): bigint {
  const step = 10n ** BigInt(MAX_DECIMALS - Math.min(decimals, MAX_DECIMALS));
  const d = den * step;
  let q = num / d;
  const r = num % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > d || (twice === d && (mode === "half-up" || q % 2n !== 0n))) q += num < 0n ? -1n : 1n;
  return q * step;
}
