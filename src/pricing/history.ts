import type { Micros } from "../money/amount.js";
import type { PricePoint } from "../model/price-point.js";
import { calendarDaysBefore, calendarDaysLaterChanges, type Instant, type InstantCache } from "../time/instant.js";

/** The days that the lowest price applied looks back over (Directive 98/6/EC Art. 6a). */
export const LOOKBACK_DAYS = 30;

/** Where the 30 days before `instant` start, in calendar days of `zone` (the place the offer stands at: its store's, else the config's). */
export const lookbackStart = (instant: Instant, zone: string): Instant => calendarDaysBefore(instant, LOOKBACK_DAYS, zone);

/**
 * Where a history row leaves the 30 days an offer looks back over: its `valid_from` read in its
 * zone (none: in each of `zones`), plus 30 calendar days of each of `zones`, whichever an offer
 * reads it in (an instant where nothing changes is harmless to a window).
 */
export function lookbackEnds(point: PricePoint, zones: readonly string[], instants: InstantCache): Instant[] {
  const ends: Instant[] = [];
  for (const z of point.timezone === null ? zones : [point.timezone]) {
    const r = instants.resolve(point.validFrom, z, "start");
    // When what starts then leaves the 30 days looked back over, in calendar days of each zone (around a change of the clocks, each instant it may).
    if (r.ok) for (const calendar of zones) ends.push(...calendarDaysLaterChanges(r.instant, LOOKBACK_DAYS, calendar));
  }
  return ends;
}

/**
 * Lists worked out from a sku's history, kept with that list (the dataset's, which lives as long
 * as the run) under a key: an offer's or a channel's rows, each offer's timeline in a zone. An
 * offer is resolved at many instants, and this way its history is filtered and sorted once.
 */
const derived = new WeakMap<readonly PricePoint[], { length: number; byKey: Map<string, unknown> }>();

function memo<T>(points: readonly PricePoint[], key: string, make: () => T): T {
  let entry = derived.get(points);
  // A list that has grown since (rows added to a sku's history) is worked out again.
  if (entry === undefined || entry.length !== points.length) derived.set(points, (entry = { length: points.length, byKey: new Map() }));
  let value = entry.byKey.get(key) as T | undefined;
  if (value === undefined) entry.byKey.set(key, (value = make()));
  return value;
}

/**
 * The rows of a sku's history as they read for a price in `currency` on tax basis `taxIncluded`:
 * a row in USD is not the history of a price in EUR, nor a price without tax of one with it, so
 * such a row is a gap (see {@link gaps}): it ends the row before it, as any later row of its
 * offer does, and no price of its own counts. A row's currency is its own, else its location's,
 * else the config's, and its basis its own, else its offer's (set when the feeds are loaded, see
 * applyHistoryDefaults), so another store's or channel's rows count in theirs; a row whose
 * currency (or basis) none of those gives follows the offer it is read for.
 */
export function comparableHistory(points: readonly PricePoint[], currency: string, taxIncluded: boolean): readonly PricePoint[] {
  if (points.length === 0) return points;
  // Worked out once per list, currency and basis: an offer reads its sku's history at each instant,
  // and a sku at thousands of stores has thousands of offers (the list itself when every row is in it).
  return memo(points, `currency\u0000${currency}\u0000${taxIncluded ? 1 : 0}`, () => {
    const inIt = (p: PricePoint) =>
      (p.currency === null || p.currency === currency) && (p.taxIncluded === null || p.taxIncluded === taxIncluded);
    if (points.every(inIt)) return points;
    return points.map((p) => {
      if (inIt(p)) return p;
      const gap = { ...p };
      gaps.add(gap);
      return gap;
    });
  });
}

/**
 * Rows in another currency or on another tax basis than the price they are read for (see
 * comparableHistory): while one applies, the price on the offer's own terms is not known.
 */
const gaps = new WeakSet<PricePoint>();

/**
 * A sku's rows by channel, then location (null: the channel's default rows), each in the order
 * read: grouped once per list, so each offer's history is found without a scan of the sku's.
 */
function byOffer(points: readonly PricePoint[]): ReadonlyMap<string, ReadonlyMap<string | null, readonly PricePoint[]>> {
  return memo(points, "byOffer", () => {
    const channels = new Map<string, Map<string | null, PricePoint[]>>();
    for (const p of points) {
      let locations = channels.get(p.channel);
      if (locations === undefined) channels.set(p.channel, (locations = new Map()));
      const list = locations.get(p.location);
      if (list) list.push(p);
      else locations.set(p.location, [p]);
    }
    return channels;
  });
}

/**
 * The history of one offer: at a location, the channel's default rows until the location's
 * first row, then the location's rows (a location's row overrides the default there, as a
 * price row does); without one, the default rows.
 */
export function offerHistory(points: readonly PricePoint[], channel: string, location: string | null): readonly PricePoint[] {
  if (points.length === 0) return points;
  return memo(points, `offer\u0000${channel}\u0000${location ?? ""}\u0000${location === null ? 0 : 1}`, () => {
    const locations = byOffer(points).get(channel);
    const here = locations?.get(location) ?? [];
    if (location === null) return here;
    const defaults = locations?.get(null) ?? [];
    if (here.length === 0 || defaults.length === 0) return here.length === 0 ? defaults : here;
    const both = [...defaults, ...here];
    standing.add(both);
    return both;
  });
}

/** Lists of one offer's history that hold its channel's default rows and its location's (see offerHistory): one timeline. */
const standing = new WeakSet<readonly PricePoint[]>();

/**
 * Several locations' history (a channel's, a company's) judged over the stores feed's stores: a
 * channel's default rows apply at each store until that store's first row of its own, so once
 * every store has one, they apply nowhere. Without a stores feed, where they stand is not known,
 * and they apply throughout.
 */
export function overStores(points: readonly PricePoint[], stores: ReadonlySet<string> | null): readonly PricePoint[] {
  if (stores === null || stores.size === 0 || points.length === 0) return points;
  // A copy of its own, marked, made once per list and stores: the timelines of the plain list stay the offer scope's.
  return memo(points, `stores\u0000${idOf(stores)}`, () => {
    const marked = points.slice();
    storesOf.set(marked, stores);
    return marked;
  });
}

/**
 * The stores where a channel's default rows in `currency` stand: those in that currency (a store
 * in another takes no price in this one), and those whose currency is not known; where no store
 * is, every store, as the default rows' cut cannot tell a channel that stands at stores from one
 * that does not (see cutDefaults: a web channel's default rows are kept whole because no store
 * has web rows of its own; over no stores at all, every channel's would be cut at once). Null: no
 * stores feed. Worked out once per currency.
 */
export function storesIn(stores: ReadonlyMap<string, string | null> | null, currency: string): ReadonlySet<string> | null {
  if (stores === null) return null;
  let byCurrency = storesByCurrency.get(stores);
  if (byCurrency === undefined) storesByCurrency.set(stores, (byCurrency = new Map()));
  let found = byCurrency.get(currency);
  if (found === undefined) {
    const inCurrency = [...stores].filter(([, own]) => own === null || own === currency).map(([code]) => code);
    found = new Set(inCurrency.length > 0 ? inCurrency : stores.keys());
    byCurrency.set(currency, found);
  }
  return found;
}

const storesByCurrency = new WeakMap<ReadonlyMap<string, string | null>, Map<string, ReadonlySet<string>>>();

/** A number for each set of stores, to key what is worked out over it. */
function idOf(stores: ReadonlySet<string>): number {
  let id = storeSetIds.get(stores);
  if (id === undefined) storeSetIds.set(stores, (id = ++lastStoreSetId));
  return id;
}

const storeSetIds = new WeakMap<ReadonlySet<string>, number>();
let lastStoreSetId = 0;

/** Lists of several locations' history judged over these stores (see overStores). */
const storesOf = new WeakMap<readonly PricePoint[], ReadonlySet<string>>();

/** The history of one channel, every location. */
export function channelHistory(points: readonly PricePoint[], channel: string): readonly PricePoint[] {
  if (points.length === 0) return points;
  return memo(points, `channel\u0000${channel}`, () => points.filter((p) => p.channel === channel));
}

/**
 * An offer's points in order of their start, each applying until the next later start (`until`);
 * a gap's price (`counts` false) is not on the offer's terms, and is never the lowest.
 */
type Timeline = readonly { readonly from: Instant; readonly until: Instant; readonly price: Micros; readonly counts: boolean }[];

/** When each point starts, in its zone, by offer (channel and location), sorted (worked out once per list and zone). */
function timelines(points: readonly PricePoint[], zone: string, instants: InstantCache): readonly Timeline[] {
  return memo(points, `timelines\u0000${zone}`, () => sortedTimelines(points, zone, instants));
}

function sortedTimelines(points: readonly PricePoint[], zone: string, instants: InstantCache): Timeline[] {
  // One offer's defaults and own rows (see offerHistory) are one timeline: the defaults until its first own row.
  const one = standing.has(points);
  const byOffer = new Map<string, { from: Instant; until: Instant; price: Micros; counts: boolean; own: boolean }[]>();
  for (const p of points) {
    const r = instants.resolve(p.validFrom, p.timezone ?? zone, "start");
    if (!r.ok) continue;
    const key = one ? "" : `${p.channel}\u0000${p.location ?? ""}`;
    const point = { from: r.instant, until: Number.POSITIVE_INFINITY, price: p.price, counts: !gaps.has(p), own: p.location !== null };
    const list = byOffer.get(key);
    if (list) list.push(point);
    else byOffer.set(key, [point]);
  }
  const stores = storesOf.get(points);
  if (stores !== undefined) cutDefaults(byOffer, stores);
  const out = [...byOffer.values()].map((list) => {
    if (!one) return list;
    let first = Number.POSITIVE_INFINITY;
    for (const p of list) if (p.own && p.from < first) first = p.from;
    return list.filter((p) => p.own || p.from < first);
  });
  for (const list of out) {
    list.sort((a, b) => a.from - b.from || a.price - b.price);
    // Points from the same instant (two rows that disagree) all apply until the next later
    // start: whichever comes first in the file, both prices count.
    for (let i = list.length - 2; i >= 0; i--) list[i]!.until = list[i + 1]!.from > list[i]!.from ? list[i + 1]!.from : list[i + 1]!.until;
  }
  return out;
}

/**
 * Each channel's default rows (key `channel\0`) cut where the last of `stores` gets a row of its
 * own in that channel: until then some store still stands on them. Kept whole while a store has none.
 */
function cutDefaults(byOffer: Map<string, { from: Instant; until: Instant }[]>, stores: ReadonlySet<string>): void {
  for (const [key, list] of byOffer) {
    if (!key.endsWith("\u0000")) continue;
    const channel = key.slice(0, -1);
    let last = Number.NEGATIVE_INFINITY;
    for (const store of stores) {
      const own = byOffer.get(`${channel}\u0000${store}`);
      if (own === undefined || own.length === 0) {
        last = Number.POSITIVE_INFINITY;
        break;
      }
      let first = Number.POSITIVE_INFINITY;
      for (const p of own) if (p.from < first) first = p.from;
      if (first > last) last = first;
    }
    if (last === Number.POSITIVE_INFINITY) continue;
    // The last default row then applies until that instant, not for ever.
    const kept = list.filter((p) => p.from < last);
    for (const p of kept) p.until = last;
    byOffer.set(key, kept);
  }
}

/**
 * The lowest price applied during `[from, to]` (`[from, to)` with `endExclusive`): each point
 * applies from its `valid_from` until the next point of the same offer. Several offers' points
 * (a channel over its locations, a company over its channels) give the lowest of all. Null
 * when no point applies then.
 */
export function lowestApplied(
  points: readonly PricePoint[],
  zone: string,
  from: Instant,
  to: Instant,
  instants: InstantCache,
  endExclusive = false,
): Micros | null {
  let lowest: Micros | null = null;
  for (const timeline of timelines(points, zone, instants)) {
    // Points before the last ones starting at or before `from` stopped applying by then.
    let lo = 0;
    let hi = timeline.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (timeline[mid]!.from <= from) lo = mid + 1;
      else hi = mid;
    }
    let first = Math.max(0, lo - 1);
    // With the other points from that same instant.
    while (first > 0 && timeline[first - 1]!.from === timeline[first]!.from) first--;
    for (let i = first; i < timeline.length; i++) {
      const point = timeline[i]!;
      if (endExclusive ? point.from >= to : point.from > to) break;
      if (point.until <= from || !point.counts) continue;
      if (lowest === null || point.price < lowest) lowest = point.price;
    }
  }
  return lowest;
}

/**
 * Whether the history covers `[since, to)`: some offer's points apply from `since` or earlier,
 * with no gap (a row on other terms, see comparableHistory) applying in between.
 */
export function coversSince(points: readonly PricePoint[], zone: string, since: Instant, to: Instant, instants: InstantCache): boolean {
  return timelines(points, zone, instants).some(
    (timeline) => timeline.length > 0 && timeline[0]!.from <= since && !timeline.some((p) => !p.counts && p.from < to && p.until > since),
  );
}
