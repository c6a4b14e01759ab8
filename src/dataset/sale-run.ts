import { OfferRecord } from "../model/offer.js";
import type { Instant, InstantCache } from "../time/instant.js";
import { SpanUnion, type Span } from "../time/span-union.js";
import { RowCursor, type OfferStore } from "./offer-store.js";

/** When a sale runs (null: from always, or for ever). */
export interface SaleRun {
  readonly from: Instant | null;
  readonly to: Instant | null;
}

/** Where and when a row is read: the location it stands at (0: none), an instant it stands there, and the zone of that place. */
export interface Standing {
  readonly location: number;
  readonly at: Instant;
  /** The place's zone: a row's bare dates are read in its feed's zone, else this one. */
  readonly place: string;
}

/** A row's sale where it stands, each end worked out when first asked. */
export interface SaleRuns {
  /** When the sale began (what an announced reduction reads), without going over the rows where the row's own start does. */
  start(): Instant | null;
  /** When it runs, both ends, as `promo/window-mismatch` compares them. */
  run(): SaleRun;
}

/**
 * When the sale that scheduled row `row` carries runs where it stands, as far as the offer's
 * rows say: from its `sale_start` where the row holds before then, else from when the row starts
 * standing there walked back over the offer's rows whose same sale runs on to it, unbroken from
 * row to row; and to its `sale_end` where the row still holds after then, else to when it stops
 * standing there walked on the same way. The offer's rows are those of the same sku and channel
 * at the location and, at a store, the channel's default rows while the store has no row of
 * its own in force (they stand there as its own; its own rows cut them). A row of the same sale
 * has the same sale price and reference price, in the same currency and on the same tax basis, and runs while it holds:
 * from its `sale_start` (not before its `valid_from`) to its `sale_end` (not after its
 * `valid_to`), each row's dates read in its feed's zone, else the place's. In the whole run,
 * where no row of the offer holds before it (or after it), the offer's listing starts (or ends)
 * there, not its sale: that end is the sale's date as written (open without one), as is a run
 * that would end before it starts (a sale announced for after its row). The rows are gone over
 * only for an end the row's own dates do not give, and then once per offer and place: their
 * sales' spans merged, each end is found by a binary search, since a window asks at every change
 * point.
 */
export function saleRuns(store: OfferStore, row: number, where: Standing, instants: InstantCache): SaleRuns {
  let known = runs.get(store);
  if (known === undefined) runs.set(store, (known = new Map()));
  const zone = store.timezoneOf(row) ?? where.place;
  // A default row standing at a store stands there between the store's own rows: the stretch it stands in at `at`.
  const stands = store.locationId(row) === 0 && where.location !== 0;
  const rowValidity = spanOf(store.validityOf(row));
  const validity = stands ? offerSpans(store, row, where.location).held.pieceAt(rowValidity, where.at) : rowValidity;
  const key = `${row}\u0000${where.location}\u0000${zone}\u0000${where.place}\u0000${validity.from}`;
  let run = known.get(key);
  if (run === undefined) known.set(key, (run = lazyRuns(store, row, where, validity, zone, instants)));
  return run;
}

/** Whether some row of `row`'s offer where it stands holds at `at`: the location's, or a default row standing there. */
function held(store: OfferStore, row: number, where: Standing, at: Instant): boolean {
  return offerSpans(store, row, where.location).held.covers(at) || (where.location !== 0 && offerSpans(store, row, 0).held.covers(at));
}

const runs = new WeakMap<OfferStore, Map<string, SaleRuns>>();

function lazyRuns(store: OfferStore, row: number, where: Standing, validity: Span, zone: string, instants: InstantCache): SaleRuns {
  const sale = store.read(row, scratch.a);
  const saleFrom = instantOf(sale.saleStart, zone, "start", instants);
  const saleTo = instantOf(sale.saleEnd, zone, "end", instants);
  let carried: SpanUnion | undefined;
  const spans = () => (carried ??= sameSale(store, row, where, instants));
  let from: Instant | null | undefined;
  let to: Instant | null | undefined;
  /** The sale's dates as the row writes them. */
  const written: SaleRun = { from: typeof saleFrom === "number" ? saleFrom : null, to: typeof saleTo === "number" ? saleTo : null };
  const start = (): Instant | null => {
    if (from !== undefined) return from;
    // Its own start where the row stands by then; a row that stands from always has nothing run on into it.
    if (typeof saleFrom === "number" && saleFrom > validity.from) return (from = saleFrom);
    if (validity.from === -Infinity) return (from = null);
    // A sale_start before its row stands, or as it starts (an export repeating the row's dates),
    // says no more than the rows do: the sale began when the run did.
    return (from = finite(spans().reachBack(validity.from)));
  };
  const end = (): Instant | null => {
    if (to !== undefined) return to;
    // Likewise a sale_end as the row stops holding: the same sale may run on in the next row.
    if (typeof saleTo === "number" && saleTo < validity.to) return (to = saleTo);
    if (validity.to === Infinity) return (to = null);
    return (to = finite(spans().reachOn(validity.to)));
  };
  return {
    start,
    run: () => {
      const [a, b] = [start(), end()];
      if (a !== null && b !== null && b <= a) return written;
      // Where the offer has no row on the other side, its listing starts (or ends) there, not its sale: the sale's own dates.
      return {
        from: a === null || held(store, row, where, a - 1) ? a : written.from,
        to: b === null || held(store, row, where, b) ? b : written.to,
      };
    },
  };
}

/**
 * The spans over which the offer's rows where `row` stands run its sale, merged (see
 * {@link saleUnions}): those of the same sale price and reference price, in the same currency and
 * on the same tax basis.
 */
function sameSale(store: OfferStore, row: number, where: Standing, instants: InstantCache): SpanUnion {
  const sale = store.read(row, scratch.a);
  return (
    saleUnions(store, row, where, instants).get(saleKey(sale.salePrice, sale.referencePrice, sale.currency, sale.taxIncluded)) ?? NO_SALE
  );
}

const NO_SALE = SpanUnion.of([]);

/**
 * What makes two rows' sales one: the same sale price and reference price, in the same currency
 * and on the same tax basis (8.00 without tax is another price than 8.00 with it).
 */
const saleKey = (salePrice: number | null, referencePrice: number | null, currency: string, taxIncluded: boolean): string =>
  `${salePrice}\u0000${referencePrice}\u0000${currency}\u0000${taxIncluded ? 1 : 0}`;

/**
 * The spans over which the rows of `row`'s offer where it stands run their sales, merged per
 * sale (see {@link saleKey}): the location's rows, and at a store the channel's default rows less
 * the stretches the store's own rows hold (a default row stands there between them), each row's
 * dates read in its feed's zone, else the place's. The row's own pieces count too: a default row
 * whose sale runs on both sides of a store row of the same sale runs it on through that row. A
 * row whose sale dates do not resolve is its own problem, said where it is judged: no run
 * through it. Worked out once per offer and place, not once per row: a window asks at every change point.
 */
function saleUnions(store: OfferStore, row: number, where: Standing, instants: InstantCache): Map<string, SpanUnion> {
  const spans = offerSpans(store, row, where.location);
  let bySale = spans.sales.get(where.place);
  if (bySale !== undefined) return bySale;
  const lists = new Map<string, Span[]>();
  const add = (rows: readonly number[], cut: SpanUnion | null) => {
    for (const other of rows) {
      const b = store.read(other, scratch.b);
      const zone = b.timezone ?? where.place;
      const start = instantOf(b.saleStart, zone, "start", instants);
      const end = instantOf(b.saleEnd, zone, "end", instants);
      if (start === undefined || end === undefined) continue;
      const validity = spanOf(store.validityOf(other));
      const span = { from: Math.max(start ?? -Infinity, validity.from), to: Math.min(end ?? Infinity, validity.to) };
      if (span.from >= span.to) continue;
      const key = saleKey(b.salePrice, b.referencePrice, b.currency, b.taxIncluded);
      let list = lists.get(key);
      if (list === undefined) lists.set(key, (list = []));
      if (cut === null) list.push(span);
      else for (const piece of cut.outside(span)) list.push(piece);
    }
  };
  add(offerRows(store, row, where.location), null);
  if (where.location !== 0) add(offerRows(store, row, 0), spans.held);
  bySale = new Map([...lists].map(([key, list]) => [key, SpanUnion.of(list)]));
  spans.sales.set(where.place, bySale);
  return bySale;
}

/** An offer's rows at one location (0: its default rows): when they hold, and, by place, when each of its sales runs. */
interface OfferSpans {
  readonly held: SpanUnion;
  readonly sales: Map<string, Map<string, SpanUnion>>;
}

/** The {@link OfferSpans} of `row`'s sku and channel at location `location`, worked out once. */
function offerSpans(store: OfferStore, row: number, location: number): OfferSpans {
  let known = spansOfOffers.get(store);
  if (known === undefined) spansOfOffers.set(store, (known = new Map()));
  const key = `${store.skuId(row)}\u0000${store.channelId(row)}\u0000${location}`;
  let spans = known.get(key);
  if (spans === undefined) {
    const rows = offerRows(store, row, location);
    known.set(key, (spans = { held: SpanUnion.of(rows.map((r) => spanOf(store.validityOf(r)))), sales: new Map() }));
  }
  return spans;
}

const spansOfOffers = new WeakMap<OfferStore, Map<string, OfferSpans>>();

/** The rows of `row`'s sku and channel at location `location` (0: the channel's default rows), grouped once per sku. */
function offerRows(store: OfferStore, row: number, location: number): readonly number[] {
  let bySku = grouped.get(store);
  if (bySku === undefined) grouped.set(store, (bySku = new Map()));
  const sku = store.skuId(row);
  let groups = bySku.get(sku);
  if (groups === undefined) {
    bySku.set(sku, (groups = new Map()));
    const cursor = store.rowsOf(sku, scratch.cursor);
    while (store.nextStretch(cursor))
      for (let i = cursor.from; i < cursor.to; i++) {
        const other = store.rowAt(i);
        const key = `${store.channelId(other)}\u0000${store.locationId(other)}`;
        const list = groups.get(key);
        if (list === undefined) groups.set(key, [other]);
        else list.push(other);
      }
  }
  return groups.get(`${store.channelId(row)}\u0000${location}`) ?? [];
}

const grouped = new WeakMap<OfferStore, Map<number, Map<string, number[]>>>();

function spanOf(validity: { from: Instant | null; to: Instant | null }): Span {
  return { from: validity.from ?? -Infinity, to: validity.to ?? Infinity };
}

/** An unbounded end as null. */
function finite(instant: number): Instant | null {
  return Number.isFinite(instant) ? instant : null;
}

/** A sale date of a row as an instant (null: none given; undefined: it does not resolve). */
function instantOf(text: string | null, zone: string, role: "start" | "end", instants: InstantCache): Instant | null | undefined {
  if (text === null) return null;
  const resolved = instants.resolve(text, zone, role);
  return resolved.ok ? resolved.instant : undefined;
}

const scratch = { a: new OfferRecord(), b: new OfferRecord(), cursor: new RowCursor() };
