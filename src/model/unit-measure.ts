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
  // Google's unit_pricing_measure counts in ct, item and sheet (toilet paper, kitchen rolls).
  sheet: ["item", 1n, 1n],
  // Spellings feeds often use: grams and litres abbreviated otherwise, pieces in several languages.
  gr: ["kg", 1n, 1000n],
  lt: ["l", 1n, 1n],
  ltr: ["l", 1n, 1n],
  m3: ["l", 1000n, 1n],
  pcs: ["item", 1n, 1n],
  pce: ["item", 1n, 1n],
  ea: ["item", 1n, 1n],
  each: ["item", 1n, 1n],
  unit: ["item", 1n, 1n],
  stk: ["item", 1n, 1n],
  kom: ["item", 1n, 1n],
  pz: ["item", 1n, 1n],
  // US units, as Google's unit_pricing_measure lists them, by their exact definitions in SI units.
  oz: ["kg", 28_349_523_125n, 1_000_000_000_000n],
  lb: ["kg", 45_359_237n, 100_000_000n],
  floz: ["l", 295_735_295_625n, 10_000_000_000_000n],
  "fl oz": ["l", 295_735_295_625n, 10_000_000_000_000n],
  pt: ["l", 473_176_473n, 1_000_000_000n],
  qt: ["l", 946_352_946n, 1_000_000_000n],
  gal: ["l", 3_785_411_784n, 1_000_000_000n],
  cbm: ["l", 1000n, 1n],
  in: ["m", 254n, 10_000n],
  ft: ["m", 3048n, 10_000n],
  yd: ["m", 9144n, 10_000n],
  sqft: ["m2", 9_290_304n, 100_000_000n],
};

/** The size units known, for messages. */
export const SIZE_UNITS: readonly string[] = Object.keys(UNITS);

/** `size_unit` → its measure and the fraction of one measure unit it is; undefined for an unknown unit. */
export function unitOf(sizeUnit: string): readonly [UnitMeasure, bigint, bigint] | undefined {
  const key = sizeUnit.trim().toLowerCase().replace("²", "2").replace("³", "3");
  return Object.hasOwn(UNITS, key) ? UNITS[key] : undefined;
}

/** Whether two size units are one unit however written (`l` and `L`, `g` and `gr`, `item` and `pcs`); an unknown unit is no other. */
export function sameUnit(a: string, b: string): boolean {
  const x = unitOf(a);
  const y = unitOf(b);
  return x !== undefined && y !== undefined && x[0] === y[0] && x[1] * y[2] === y[1] * x[2];
}
