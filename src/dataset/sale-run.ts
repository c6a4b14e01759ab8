import { OfferRecord } from "../model/offer.js";
import type { Instant, InstantCache } from "../time/instant.js";
import { RowCursor, type OfferStore } from "./offer-store.js";

/**
 * Where the sale that scheduled row `row` carries without a `sale_start` began: its `valid_from`,
 * walked back over the offer's rows (the same sku, channel and location) whose sale runs on to
 * it, unbroken from row to row: a row of the same sale price and reference price, in the same
 * currency, whose sale lasts until the start reached (its `valid_to` and its `sale_end`, read in
 * `zone`, as the row's are) and begins at its `sale_start` if it has one, else at its
 * `valid_from`. null: it holds from always. Worked out once per row and zone: a window asks at
 * every change point.
 */
export function saleRunStart(store: OfferStore, row: number, zone: string, instants: InstantCache): Instant | null {
  let known = starts.get(store);
  if (known === undefined) starts.set(store, (known = new Map()));
  const key = `${row}\u0000${zone}`;
  let start = known.get(key);
  if (start === undefined) known.set(key, (start = walkBack(store, row, zone, instants)));
  return start;
}

const starts = new WeakMap<OfferStore, Map<string, Instant | null>>();

function walkBack(store: OfferStore, row: number, zone: string, instants: InstantCache): Instant | null {
  let start = store.validityOf(row).from;
  if (start === null) return null;
  const channel = store.channelId(row);
  const location = store.locationId(row);
  const sale = store.read(row, scratch.a);
  const same: { from: Instant | null; to: Instant | null }[] = [];
  const cursor = store.rowsOf(store.skuId(row), scratch.cursor);
  while (store.nextStretch(cursor))
    for (let i = cursor.from; i < cursor.to; i++) {
      const other = store.rowAt(i);
      if (other === row || store.channelId(other) !== channel || store.locationId(other) !== location) continue;
      const b = store.read(other, scratch.b);
      if (b.salePrice !== sale.salePrice || b.referencePrice !== sale.referencePrice || b.currency !== sale.currency) continue;
      const validity = store.validityOf(other);
      const saleFrom = b.saleStart === null ? validity.from : instantOf(b.saleStart, zone, "start", instants);
      const saleEnd = b.saleEnd === null ? null : instantOf(b.saleEnd, zone, "end", instants);
      // A date that does not resolve is its row's problem, said where the row is judged: no run through it.
      if (saleFrom === undefined || saleEnd === undefined) continue;
      const to = saleEnd === null ? validity.to : validity.to === null ? saleEnd : Math.min(validity.to, saleEnd);
      same.push({ from: saleFrom, to });
    }
  // Latest start first: a sale that starts before the start reached and runs on to it moves it
  // back; one passed over starts at or after a later start reached, so never moves it back.
  const key = (from: Instant | null) => from ?? -Infinity;
  same.sort((a, b) => (key(a.from) === key(b.from) ? 0 : key(a.from) > key(b.from) ? -1 : 1));
  for (const { from, to } of same) {
    if (start === null) break;
    if ((from === null || from < start) && (to === null || to >= start)) start = from;
  }
  return start;
}

/** A sale date of a row as an instant (undefined: it does not resolve). */
function instantOf(text: string, zone: string, role: "start" | "end", instants: InstantCache): Instant | undefined {
  const resolved = instants.resolve(text, zone, role);
  return resolved.ok ? resolved.instant : undefined;
}

const scratch = { a: new OfferRecord(), b: new OfferRecord(), cursor: new RowCursor() };
