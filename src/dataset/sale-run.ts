import { OfferRecord } from "../model/offer.js";
import type { Instant } from "../time/instant.js";
import { RowCursor, type OfferStore } from "./offer-store.js";

/**
 * Where the sale that scheduled row `row` carries without a `sale_start` began: its `valid_from`,
 * walked back over the offer's rows (the same sku, channel and location) that run on to it and
 * carry the same sale, a reduction unbroken from row to row (a row of the same sale price and
 * reference price, in the same currency, without a `sale_start` of its own). null: it holds
 * from always. Worked out once per row: a window asks at every change point.
 */
export function saleRunStart(store: OfferStore, row: number): Instant | null {
  let known = starts.get(store);
  if (known === undefined) starts.set(store, (known = new Map()));
  let start = known.get(row);
  if (start === undefined) known.set(row, (start = walkBack(store, row)));
  return start;
}

const starts = new WeakMap<OfferStore, Map<number, Instant | null>>();

function walkBack(store: OfferStore, row: number): Instant | null {
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
      if (
        b.saleStart === null &&
        b.salePrice === sale.salePrice &&
        b.referencePrice === sale.referencePrice &&
        b.currency === sale.currency
      )
        same.push(store.validityOf(other));
    }
  // Latest start first: a row that starts before the start reached and runs on to it moves it
  // back; one passed over starts at or after a later start reached, so never moves it back.
  const key = (from: Instant | null) => from ?? -Infinity;
  same.sort((a, b) => (key(a.from) === key(b.from) ? 0 : key(a.from) > key(b.from) ? -1 : 1));
  for (const { from, to } of same) {
    if (start === null) break;
    if ((from === null || from < start) && (to === null || to >= start)) start = from;
  }
  return start;
}

const scratch = { a: new OfferRecord(), b: new OfferRecord(), cursor: new RowCursor() };
