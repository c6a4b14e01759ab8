/**
 * An entry given again (a store, the stock of a sku at a location) that says otherwise than the
 * first on some fields: which row is right is unknown, so those fields are unknown, whatever the
 * rows' order.
 */
export interface Dispute<T> {
  /** The earlier row the later one disagrees with. */
  readonly with: T;
  /** The fields on which they disagree (at least one). */
  readonly fields: readonly (keyof T & string)[];
}

/** The fields among `fields` on which two entries disagree (values compared as JSON; a value and none differ, an absent field is none). */
export function disagreeing<T, F extends keyof T & string>(a: T, b: T, fields: readonly F[]): F[] {
  return fields.filter((field) => JSON.stringify(a[field] ?? null) !== JSON.stringify(b[field] ?? null));
}

/** `into` with each field of `more` it lacks added (a small set, kept as an array). */
export function withFields<F>(into: readonly F[], more: readonly F[]): readonly F[] {
  const missing = more.filter((f) => !into.includes(f));
  return missing.length === 0 ? into : [...into, ...missing];
}
