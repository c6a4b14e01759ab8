import { MAX_DECIMALS, MICROS_PER_UNIT, type Micros, type RoundingMode } from "../money/amount.js";
import { compareFractions, roundedAmount, roundFraction, type Fraction } from "../money/ratio.js";
import type { Product } from "../model/product.js";
import { unitOf, type UnitMeasure } from "../model/unit-measure.js";

/**
 * A product's whole quantity as a fraction of its measure: size × pack_qty × num ÷ den
 * millionths of a kg, l, m, m² or item. Null when the size, its unit or the pack is unknown.
 */
function measureOf(product: Product): { measure: UnitMeasure; num: bigint; den: bigint } | null {
  if (product.size === null || product.sizeUnit === null || product.size <= 0) return null;
  const unit = unitOf(product.sizeUnit);
  const pack = BigInt(product.packQty ?? 1);
  if (!unit || pack <= 0n) return null;
  const [measure, num, den] = unit;
  return { measure, num: BigInt(product.size) * pack * num, den };
}

/** A quantity exactly: num ÷ den millionths of its measure (den > 0). */
export type ExactQuantity = Fraction;

/**
 * A product's whole quantity (size × pack_qty) in its measure: in millionths (to show), and
 * exactly (to compare: a fluid ounce is no whole number of millionths of a litre); null when unknown.
 */
export function totalQuantity(product: Product): { measure: UnitMeasure; quantity: Micros; exact: ExactQuantity } | null {
  const m = measureOf(product);
  // Shown and compared to a millionth, rounded half up as computed amounts are (2 lb is 0.907185 kg, not 0.907184).
  return m && { measure: m.measure, quantity: roundFraction(m.num, m.den, MAX_DECIMALS, "half-up"), exact: { num: m.num, den: m.den } };
}

/** Negative, zero or positive as quantity `a` is smaller than, equal to or larger than `b`. */
export const compareQuantities: (a: ExactQuantity, b: ExactQuantity) => number = compareFractions;

/**
 * The price per kg, l, m, m² or item exactly: `price ÷ (size × pack_qty)` in the product's
 * measure, in millionths, to compare (see compareFractions) or to round once (see unitPrice).
 * Null when the size is unknown or zero.
 */
export function exactUnitPrice(price: Micros, product: Product): { measure: UnitMeasure; price: Fraction } | null {
  const m = measureOf(product);
  // price ÷ (num/den millionths) = price × 1e6 × den ÷ num
  return m && { measure: m.measure, price: { num: BigInt(price) * BigInt(MICROS_PER_UNIT) * m.den, den: m.num } };
}

/**
 * The same rounded once to `decimals` (see roundedAmount). Null when the size is unknown or
 * zero, or when the unit price is beyond the largest amount (a price for a millionth of a mg).
 */
export function unitPrice(
  price: Micros,
  product: Product,
  decimals: number,
  mode: RoundingMode,
): { measure: UnitMeasure; price: Micros } | null {
  const exact = exactUnitPrice(price, product);
  const rounded = exact && roundedAmount(exact.price.num, exact.price.den, decimals, mode);
  return exact && rounded !== null ? { measure: exact.measure, price: rounded } : null;
}
