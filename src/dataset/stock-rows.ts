import type { StockLevel } from "../model/stock.js";
import { disagreeing, GivenRows, withFields, type Dispute } from "./disputed-fields.js";

/** The fields of a stock row that rules read: two rows of one update that differ on one dispute it. */
export const STOCK_FIELDS = ["available", "availability"] as const satisfies readonly (keyof StockLevel)[];
export type StockField = (typeof STOCK_FIELDS)[number];

/** The instant of an `updated_at` (ms), null for a row without one. */
export type UpdateInstant = (level: StockLevel) => number | null;

/**
 * The rows that give the stock of one sku at one location when there is more than one. `updated_at`
 * orders two rows that both give it: the latest update is the stock, and an earlier one is
 * history, no dispute. Rows of one update, or beside a row without `updated_at` (which cannot be
 * ordered), must agree: where they differ the field is unknown. The stock is worked out from the
 * set of rows, never their order: the fields the rows of the latest update and those without
 * `updated_at` all agree on, the others unknown.
 */
export class StockRows {
  /** The rows of the latest update, and its instant. */
  private latest: GivenRows<StockLevel, StockField> | null = null;
  private at = 0;
  /** The rows without `updated_at`. */
  private undated: GivenRows<StockLevel, StockField> | null = null;

  constructor(first: StockLevel, at: number | null) {
    this.add(first, at, true);
  }

  /**
   * The row `level` (at instant `at`) disagrees with, and on which fields, among those it stands
   * beside (the first of the latest update, when it is of that update or has no `updated_at`;
   * the first without `updated_at`, unless it is of an earlier update); null when none. Adds nothing.
   */
  dispute(level: StockLevel, at: number | null): Dispute<StockLevel> | null {
    if (at !== null && this.latest !== null && at < this.at) return null;
    const beside = at !== null && (this.latest === null || at > this.at) ? [this.undated] : [this.latest, this.undated];
    for (const other of beside) {
      if (other === null) continue;
      const fields = disagreeing(other.rows[0]!, level, STOCK_FIELDS);
      if (fields.length > 0) return { with: other.rows[0]!, fields };
    }
    return null;
  }

  /** Adds row `level` (at instant `at`, null without `updated_at`; `keep`: see {@link GivenRows.add}). */
  add(level: StockLevel, at: number | null, keep: boolean): void {
    if (at === null) {
      if (this.undated === null) this.undated = new GivenRows(level, STOCK_FIELDS);
      else this.undated.add(level, keep);
    } else if (this.latest === null || at > this.at) {
      this.latest = new GivenRows(level, STOCK_FIELDS);
      this.at = at;
    } else if (at === this.at) this.latest.add(level, keep);
  }

  /** The fields the rows that give the stock (those of the latest update and those without `updated_at`) do not all agree on. */
  private disputed(): readonly StockField[] {
    let disputed = withFields(this.latest?.disputed ?? [], this.undated?.disputed ?? []);
    if (this.latest !== null && this.undated !== null)
      disputed = withFields(disputed, disagreeing(this.latest.rows[0]!, this.undated.rows[0]!, STOCK_FIELDS));
    return disputed;
  }

  /**
   * Where the rows that give the stock (of the latest update, and without `updated_at`) do not
   * all agree: those rows and the fields; null when they agree. Rows of an earlier update are history.
   */
  conflict(): { readonly rows: readonly StockLevel[]; readonly fields: readonly StockField[] } | null {
    const fields = this.disputed();
    if (fields.length === 0) return null;
    return { rows: [...(this.latest?.rows ?? []), ...(this.undated?.rows ?? [])], fields };
  }

  /**
   * The stock the rows give: the first row of the latest update (else the first without
   * `updated_at`), a disputed availability unknown (null); null when the units are disputed.
   */
  level(): StockLevel | null {
    const base = (this.latest ?? this.undated)!.rows[0]!;
    const disputed = this.disputed();
    if (disputed.includes("available")) return null;
    return disputed.includes("availability") ? { ...base, availability: null } : base;
  }
}
