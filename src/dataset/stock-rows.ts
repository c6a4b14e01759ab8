import type { StockLevel } from "../model/stock.js";
import { disagreeing, GivenRows, withFields, type Dispute } from "./disputed-fields.js";

/** The fields of a stock row that rules read: two rows of one update that differ on one dispute it. */
export const STOCK_FIELDS = ["available", "availability"] as const satisfies readonly (keyof StockLevel)[];
export type StockField = (typeof STOCK_FIELDS)[number];

/**
 * When an update was made, to the digit written: its millisecond, and the fraction of it written
 * below (`0.4567`, no trailing zeros; "" for none), which compared as text order as the times they write.
 */
export interface UpdateTime {
  readonly ms: number;
  readonly below: string;
}

/** The time of a row's `updated_at`, null for a row without one. */
export type UpdateInstant = (level: StockLevel) => UpdateTime | null;

/** Orders two update times. */
export function compareUpdates(a: UpdateTime, b: UpdateTime): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.below < b.below ? -1 : a.below > b.below ? 1 : 0;
}

/** The first millisecond an update holds at: its own, or the next when it was made within it. */
export const holdsFrom = (t: UpdateTime): number => (t.below === "" ? t.ms : t.ms + 1);

/** Rows of a stock that stand together and do not all agree: the fields unknown while they do. */
export interface StockConflict {
  readonly rows: readonly StockLevel[];
  readonly fields: readonly StockField[];
}

type Rows = GivenRows<StockLevel, StockField>;

/**
 * The rows that give the stock of one sku at one location when there is more than one. Each
 * update (its `updated_at`) gives the stock from its instant until the next update; a row
 * without `updated_at` holds always, beside every update, as a price row without dates does.
 * At an instant the stock is given by the rows of the update in force then (the latest at or
 * before it) and those without `updated_at`; where those rows do not all agree, the field is
 * unknown there. Before the first update, and with no row without `updated_at`, no stock is
 * given. Worked out from the set of rows, never their order.
 */
export class StockRows {
  /** The updates, by instant (ascending), each with its rows. */
  private readonly updates: { readonly at: UpdateTime; readonly rows: Rows }[] = [];
  /** The rows without `updated_at`. */
  private undated: Rows | null = null;
  /** The updates made by rows that could not be read (rejected for their units or availability), by instant. */
  private readonly unreadable: UpdateTime[] = [];
  /** Whether a row without `updated_at` could not be read: it stands beside every update, so the stock is never known. */
  private unreadableUndated = false;

  constructor(first: StockLevel, at: UpdateTime | null) {
    this.add(first, at, true);
  }

  /**
   * The row `level` (at instant `at`) disagrees with, and on which fields, among those it stands
   * beside (the first of its own update's rows and of those without `updated_at`; without
   * `updated_at`, the first of every update's too); null when none. Adds nothing.
   */
  dispute(level: StockLevel, at: UpdateTime | null): Dispute<StockLevel> | null {
    const beside = at === null ? [this.undated, ...this.updates.map((u) => u.rows)] : [this.updateAt(at)?.rows ?? null, this.undated];
    for (const other of beside) {
      if (other === null) continue;
      const fields = disagreeing(other.rows[0]!, level, STOCK_FIELDS);
      if (fields.length > 0) return { with: other.rows[0]!, fields };
    }
    return null;
  }

  /** Adds row `level` (at instant `at`, null without `updated_at`; `keep`: see {@link GivenRows.add}). */
  add(level: StockLevel, at: UpdateTime | null, keep: boolean): void {
    if (at === null) {
      if (this.undated === null) this.undated = new GivenRows(level, STOCK_FIELDS);
      else this.undated.add(level, keep);
      return;
    }
    const update = this.updateAt(at);
    if (update !== null) return update.rows.add(level, keep);
    let i = this.updates.length;
    while (i > 0 && compareUpdates(this.updates[i - 1]!.at, at) > 0) i--;
    this.updates.splice(i, 0, { at, rows: new GivenRows(level, STOCK_FIELDS) });
  }

  /**
   * Notes an update whose row could not be read (at instant `at`, null without `updated_at`):
   * the stock is unknown while it is in force, as where the rows of an update disagree.
   */
  addUnreadable(at: UpdateTime | null): void {
    if (at === null) {
      this.unreadableUndated = true;
      return;
    }
    let i = this.unreadable.length;
    while (i > 0 && compareUpdates(this.unreadable[i - 1]!, at) > 0) i--;
    this.unreadable.splice(i, 0, at);
  }

  /** From when a row gives the stock (-Infinity: a row without `updated_at` does, always), and that row. */
  givenFrom(): { readonly at: number; readonly row: StockLevel } {
    if (this.undated !== null) return { at: Number.NEGATIVE_INFINITY, row: this.undated.rows[0]! };
    const first = this.updates[0]!;
    return { at: holdsFrom(first.at), row: first.rows.rows[0]! };
  }

  /**
   * Each set of rows that stand together at some instant (an update's and those without
   * `updated_at`, or those alone before the first update) and do not all agree, with the
   * fields they dispute.
   */
  conflicts(): StockConflict[] {
    const sets: StockConflict[] = [];
    const undated = this.undated?.rows ?? [];
    for (const { rows } of this.updates) {
      const fields = this.disputedWith(rows);
      if (fields.length > 0) sets.push({ rows: [...rows.rows, ...undated], fields });
    }
    if (this.updates.length === 0 && this.undated !== null && this.undated.disputed.length > 0)
      sets.push({ rows: undated, fields: this.undated.disputed });
    return sets;
  }

  /**
   * The stock at instant `at`: the first row of the update in force then (else the first without
   * `updated_at`), a disputed availability unknown (null); null when no row gives it then, or the
   * units are disputed then, or the update in force then could not be read. At +Infinity, the
   * stock the latest update gives.
   */
  levelAt(at: number): StockLevel | null {
    if (this.unreadableUndated) return null;
    const update = this.inForce(at);
    // An unreadable update in force, made with or after the readable one in force: unknown.
    const lost = latestIndex(this.unreadable, (t) => t, at);
    if (lost >= 0 && (update === null || compareUpdates(this.unreadable[lost]!, update.at) >= 0)) return null;
    const base = update?.rows.rows[0] ?? this.undated?.rows[0];
    if (base === undefined) return null;
    const disputed = update === null ? this.undated!.disputed : this.disputedWith(update.rows);
    if (disputed.includes("available")) return null;
    return disputed.includes("availability") ? { ...base, availability: null } : base;
  }

  /** The fields the rows of an update and those without `updated_at` do not all agree on. */
  private disputedWith(rows: Rows): readonly StockField[] {
    const undated = this.undated;
    if (undated === null) return rows.disputed;
    return withFields(withFields(rows.disputed, undated.disputed), disagreeing(rows.rows[0]!, undated.rows[0]!, STOCK_FIELDS));
  }

  /** The update made at exactly `at`, if any. */
  private updateAt(at: UpdateTime): { readonly at: UpdateTime; readonly rows: Rows } | null {
    return this.updates.find((u) => compareUpdates(u.at, at) === 0) ?? null;
  }

  /** The update in force at instant `at` (ms): the latest holding from it or before, if any. */
  private inForce(at: number): { readonly at: UpdateTime; readonly rows: Rows } | null {
    const i = latestIndex(this.updates, (u) => u.at, at);
    return i < 0 ? null : this.updates[i]!;
  }
}

/** The index of the last of ascending `items` whose time holds at instant `at`, -1 when none. */
function latestIndex<T>(items: readonly T[], timeOf: (item: T) => UpdateTime, at: number): number {
  let i = -1;
  while (i + 1 < items.length && holdsFrom(timeOf(items[i + 1]!)) <= at) i++;
  return i;
}
