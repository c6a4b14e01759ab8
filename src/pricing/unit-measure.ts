/** The units a unit price is quoted per (EU Directive 98/6/EC: per kg, l, m, m², or item). */
export type UnitMeasure = "kg" | "l" | "m" | "m2" | "item";

/** Each size unit as a fraction of its measure: 1 g = 1/1000 kg. */
const UNITS: Readonly<Record<string, readonly [UnitMeasure, bigint, bigint]>> = {
  mg: ["kg", 1n, 1_000_000n],
  g: ["kg", 1n, 1000n],
  kg: ["kg", 1n, 1n],
  ml: ["l", 1n, 1000n],
  cl: ["l", 1n, 100n],
  dl: ["l", 1n, 10n],
  l: ["l", 1n, 1n],
  mm: ["m", 1n, 1000n],
  cm: ["m", 1n, 100n],
  m: ["m", 1n, 1n],
  m2: ["m2", 1n, 1n],
  sqm: ["m2", 1n, 1n],
  item: ["item", 1n, 1n],
  ct: ["item", 1n, 1n],
  pc: ["item", 1n, 1n],
};

/** `size_unit` → its measure and the fraction of one measure unit it is; undefined for an unknown unit. */
export function unitOf(sizeUnit: string): readonly [UnitMeasure, bigint, bigint] | undefined {
  const key = sizeUnit.trim().toLowerCase().replace("²", "2");
  return Object.hasOwn(UNITS, key) ? UNITS[key] : undefined;
}
