import { MICROS_PER_UNIT, type Micros, type RoundingMode } from "../money/amount.js";
import { scaleAmount } from "../money/ratio.js";
import type { Product } from "../model/product.js";
import { unitOf, type UnitMeasure } from "./unit-measure.js";

/** A product's whole quantity (size × pack_qty) in its measure, in millionths; null when unknown. */
export function totalQuantity(product: Product): { measure: UnitMeasure; quantity: Micros } | null {
  if (product.size === null || product.sizeUnit === null || product.size <= 0) return null;
  const unit = unitOf(product.sizeUnit);
  if (!unit) return null;
  const [measure, num, den] = unit;
  const pack = BigInt(product.packQty ?? 1);
  if (pack <= 0n) return null;
  return { measure, quantity: Number((BigInt(product.size) * pack * num) / den) };
}

/**
 * The price per kg, l, m, m² or item: `price ÷ (size × pack_qty)` in the product's measure,
 * rounded once to `decimals`. Null when the size is unknown or zero.
 */
export function unitPrice(price: Micros, product: Product, decimals: number, mode: RoundingMode): { measure: UnitMeasure; price: Micros } | null {
  if (product.size === null || product.sizeUnit === null || product.size <= 0) return null;
  const unit = unitOf(product.sizeUnit);
  if (!unit) return null;
  const [measure, num, den] = unit;
  const pack = BigInt(product.packQty ?? 1);
  if (pack <= 0n) return null;
  // price / (size/1e6 × pack × num/den) = price × 1e6 × den / (size × pack × num)
  const divisor = BigInt(product.size) * pack * num;
  return { measure, price: scaleAmount(price, BigInt(MICROS_PER_UNIT) * den, divisor, decimals, mode) };
}
