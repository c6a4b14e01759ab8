import type { StockLevel } from "../model/stock.js";
import { disagreeing, withFields, type Dispute } from "./disputed-fields.js";

/** The fields of a stock row that rules read: two rows of one update that differ on one dispute it. */
export const STOCK_FIELDS = ["available", "availability"] as const satisfies readonly (keyof StockLevel)[];
export type StockField = (typeof STOCK_FIELDS)[number];

/** The instant of an `updated_at` (ms), null for a row without one. */
export type UpdateInstant = (level: StockLevel) => number | null;

/**
 * The rows that give the stock of one sku at one location when there is more than one that
 * differ. `updated_at` orders two rows that both give it: the latest update is the stock, and an
 * earlier one is history, no dispute. Rows of one update, or beside a row without `updated_at`
 * (which cannot be ordered), must agree: where they differ the field is unknown. The stock is
 * worked out from the set of rows, never their order: the fields the rows of the latest update
 * and those without `updated_at` all agree on, the others unknown.
 */
export class StockRows {
  /** The first row read of the latest update, its instant, and the fields another row of it disputes. */
  private latest: StockLevel | null = null;
  private at = 0;
  private latestDisputed: readonly StockField[] = [];
  /** The first row read without `updated_at`, and the fields another such row disputes. */
  private undated: StockLevel | null = null;
  private undatedDisputed: readonly StockField[] = [];

  constructor(first: StockLevel, at: number | null) {
    this.add(first, at);
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
      const fields = disagreeing(other, level, STOCK_FIELDS);
      if (fields.length > 0) return { with: other, fields };
    }
    return null;
  }

  /** Adds row `level` (at instant `at`, null without `updated_at`). */
  add(level: StockLevel, at: number | null): void {
    if (at === null) {
      if (this.undated === null) this.undated = level;
      else this.undatedDisputed = withFields(this.undatedDisputed, disagreeing(this.undated, level, STOCK_FIELDS));
    } else if (this.latest === null || at > this.at) {
      this.latest = level;
      this.at = at;
      this.latestDisputed = [];
    } else if (at === this.at) this.latestDisputed = withFields(this.latestDisputed, disagreeing(this.latest, level, STOCK_FIELDS));
  }

  /**
   * The stock the rows give: the first row of the latest update (else the first without
   * `updated_at`), a disputed availability unknown (null); null when the units are disputed.
   */
  level(): StockLevel | null {
    const base = (this.latest ?? this.undated)!;
    let disputed = withFields(this.latestDisputed, this.undatedDisputed);
    if (this.latest !== null && this.undated !== null)
      disputed = withFields(disputed, disagreeing(this.latest, this.undated, STOCK_FIELDS));
    if (disputed.includes("available")) return null;
    return disputed.includes("availability") ? { ...base, availability: null } : base;
  }
}
