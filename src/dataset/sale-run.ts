import { OfferRecord } from "../model/offer.js";
import type { Instant } from "../time/instant.js";
import { RowCursor, type OfferStore } from "./offer-store.js";

/**
 * Where the sale that scheduled row `row` carries without a `sale_start` began: its `valid_from`,
 * walked back over the offer's rows (the same sku, channel and location) that run on to it and
 * carry the same sale, a reduction unbroken from row to row (a row of the same sale price and
 * reference price, in the same currency, without a `sale_start` of its own). null: it holds
 * from always.
 */
export function saleRunStart(store: OfferStore, row: number): Instant | null {
  let start = store.validityOf(row).from;
  if (start === null) return null;
  const sku = store.skuId(row);
  const channel = store.channelId(row);
  const location = store.locationId(row);
  const sale = store.read(row, scratch.a);
  const same: number[] = [];
  const cursor = store.rowsOf(sku, scratch.cursor);
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
        same.push(other);
    }
  // Each step moves the start back to a row that runs on to it; at most once per row.
  for (let moved = true; moved && start !== null;) {
    moved = false;
    for (const other of same) {
      const { from, to } = store.validityOf(other);
      if ((from === null || from < start) && (to === null || to >= start)) {
        start = from;
        moved = true;
        break;
      }
    }
  }
  return start;
}

const scratch = { a: new OfferRecord(), b: new OfferRecord(), cursor: new RowCursor() };
