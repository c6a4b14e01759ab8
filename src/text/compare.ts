/**
 * Orders strings by their UTF-16 code units, as JavaScript's `<` and the default `sort()` do:
 * the order of findings in a report, of skus in key ranges, of every sorted list of names.
 * (Not code-point order: the two differ for characters outside the Basic Multilingual Plane.)
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** {@link compareText}, with null before every string. */
export function compareNullableText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
