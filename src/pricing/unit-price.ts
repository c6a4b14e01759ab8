import { MICROS_PER_UNIT, type Micros, type RoundingMode } from "../money/amount.js";
import { scaleAmount } from "../money/ratio.js";
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
export interface ExactQuantity {
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * A product's whole quantity (size × pack_qty) in its measure: in millionths (to show), and
 * exactly (to compare: a fluid ounce is no whole number of millionths of a litre); null when unknown.
 */
export function totalQuantity(product: Product): { measure: UnitMeasure; quantity: Micros; exact: ExactQuantity } | null {
  const m = measureOf(product);
  return m && { measure: m.measure, quantity: Number(m.num / m.den), exact: { num: m.num, den: m.den } };
}

/** Negative, zero or positive as quantity `a` is smaller than, equal to or larger than `b`. */
export function compareQuantities(a: ExactQuantity, b: ExactQuantity): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The price per kg, l, m, m² or item: `price ÷ (size × pack_qty)` in the product's measure,
 * rounded once to `decimals`. Null when the size is unknown or zero.
 */
export function unitPrice(
  price: Micros,
  product: Product,
  decimals: number,
  mode: RoundingMode,
): { measure: UnitMeasure; price: Micros } | null {
  const m = measureOf(product);
  // price ÷ (num/den millionths) = price × 1e6 × den ÷ num
  return m && { measure: m.measure, price: scaleAmount(price, BigInt(MICROS_PER_UNIT) * m.den, m.num, decimals, mode) };
}
