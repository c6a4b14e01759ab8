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

/**
 * The rows that give one entry when more than one does, and the fields they do not all agree
 * on: worked out from the set of rows, never their order. Every row is kept that a caller keeps
 * (`keep`: it may have to be rejected), and otherwise one row of each distinct value (a file
 * that repeats an entry on every row adds no rows).
 */
export class GivenRows<T, F extends keyof T & string> {
  readonly rows: T[];
  /** The fields two of the rows disagree on. */
  disputed: readonly F[] = [];

  constructor(
    first: T,
    private readonly fields: readonly F[],
  ) {
    this.rows = [first];
  }

  /** Adds a row (`keep`: even when another says the same). */
  add(row: T, keep: boolean): void {
    const fields = disagreeing(this.rows[0]!, row, this.fields);
    this.disputed = withFields(this.disputed, fields);
    if (keep || !this.rows.some((other) => disagreeing(other, row, this.fields).length === 0)) this.rows.push(row);
  }
}
