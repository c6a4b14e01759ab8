import { MAX_DECIMALS, MICROS_PER_UNIT, type Micros, type RoundingMode } from "./amount.js";

/**
 * An exact fraction (a percentage, a markup), compared without rounding: `num / den` with
 * `den > 0`. Written out to 6 decimals, half up.
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
    const diff = this.num * other.den - other.num * this.den;
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  }

  /** A ratio equal to an amount of millionths (a rule literal such as "90" or "0.1"). */
  static fromMicros(value: Micros): Ratio {
    return new Ratio(BigInt(value), BigInt(MICROS_PER_UNIT));
  }

  /** Rounded half up (away from zero) to millionths, for display. */
  toMicros(): Micros {
    const scaled = this.num * BigInt(MICROS_PER_UNIT);
    const q = scaled / this.den;
    const r = scaled % this.den;
    const away = (r < 0n ? -r : r) * 2n >= this.den;
    return Number(away ? q + (scaled < 0n ? -1n : 1n) : q);
  }
}

/**
 * `value × multiplier ÷ divisor` (all integers, divisor > 0), rounded once to `decimals`
 * decimals: how computed amounts (unit prices, medians, multi-buy prices) are rounded.
 */
export function scaleAmount(value: Micros, multiplier: bigint, divisor: bigint, decimals: number, mode: RoundingMode): Micros {
  return roundFraction(BigInt(value) * multiplier, divisor, decimals, mode);
}

/** The amount `num ÷ den` millionths (den > 0), rounded once to `decimals` decimals, half up or half even. */
export function roundFraction(num: bigint, den: bigint, decimals: number, mode: RoundingMode): Micros {
  const step = 10n ** BigInt(MAX_DECIMALS - Math.min(decimals, MAX_DECIMALS));
  const d = den * step;
  let q = num / d;
  const r = num % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > d || (twice === d && (mode === "half-up" || q % 2n !== 0n))) q += num < 0n ? -1n : 1n;
  return Number(q * step);
}
