import type { OfferStore } from "../dataset/offer-store.js";
import type { ChannelGroup } from "../dataset/sku-group.js";
import type { PricePoint } from "../model/price-point.js";

/**
 * Why a store sets a channel's default row apart (see apartDefaults): bits of an entry's reasons.
 * HISTORY: the store has price history of its own in the channel (the rules that read history).
 * PREVIOUS: the store had an offer of its own in the channel in the previous state (the rules
 * that read it).
 */
export const APART_HISTORY = 1;
export const APART_PREVIOUS = 2;

/** Entries `k * 4 + reasons`: the sku's k-th channel stands apart there for those reasons. */
export type ApartEntries = number[];

/** What apartDefaults reads of the sku being evaluated. */
export interface ApartInput {
  readonly store: OfferStore;
  readonly channels: readonly ChannelGroup[];
  /** The stores feed's locations by code (null: no stores feed, so a default row stands anywhere). */
  readonly listed: { has(code: string): boolean } | null;
  /** Whether store row `row`'s channel is located. */
  readonly isLocated: (row: number) => boolean;
  /** The reasons that matter to the k-th channel: those some of its rules read. */
  readonly reasonsFor: (k: number) => number;
  /** The sku's price history. */
  readonly history: readonly PricePoint[];
  /** The location codes where the sku had an offer of its own in `channel` in the previous state. */
  readonly previousAt: ((channel: string) => readonly string[]) | null;
  /** Where the channels already stand by their default rows as the store's own offer, for every rule (promotedDefaults). */
  readonly promoted: ReadonlyMap<number, readonly number[]> | null;
}

/**
 * Where a located channel's default row must be judged at a store as well as once with no
 * location. The default row stands at every store without a row of its own, and is judged once
 * for all of them; but where another input holds something of one store's own (its price
 * history, or the offer it had there in the previous state), the rules that read that input give
 * that store a verdict of its own: the one a row of its own copying the default row would get.
 * There the default row is judged again as the store's offer, by those rules alone; the others
 * (store status, stock, comparisons with other channels) read nothing of the store's own that
 * the default's verdict lacks, and are not judged again. Not at a store the stores feed does not
 * list (the default row stands at none such). The offer store has a place for every store its
 * rows, the promotions, the price history or the previous state name. By location id; null:
 * nowhere.
 */
export function apartDefaults(input: ApartInput): Map<number, ApartEntries> | null {
  const { store, channels, listed, promoted } = input;
  let found: Map<number, ApartEntries> | null = null;
  const add = (code: string, k: number, reason: number) => {
    const location = store.locations.find(code);
    if (location === 0 || (listed !== null && !listed.has(code))) return;
    if (channels[k]!.ownAt(location) >= 0 || promoted?.get(location)?.includes(k)) return;
    found ??= new Map();
    const entries = found.get(location) ?? found.set(location, []).get(location)!;
    const at = entries.findIndex((e) => e >> 2 === k);
    if (at < 0) entries.push(k * 4 + reason);
    else entries[at]! |= reason;
  };
  for (let k = 0; k < channels.length; k++) {
    const group = channels[k]!;
    if (group.fallback < 0 || !input.isLocated(group.fallback)) continue;
    const reasons = input.reasonsFor(k);
    if (reasons & APART_HISTORY) for (const code of historyLocations(input.history).get(group.channel) ?? NONE) add(code, k, APART_HISTORY);
    if (reasons & APART_PREVIOUS && input.previousAt !== null)
      for (const code of input.previousAt(group.channel)) add(code, k, APART_PREVIOUS);
  }
  return found;
}

/** The reasons the k-th channel stands apart for in `entries` (0: none). */
export function apartReasons(entries: ApartEntries | null, k: number): number {
  if (entries === null) return 0;
  for (const e of entries) if (e >> 2 === k) return e & 3;
  return 0;
}

/** The locations a sku's price history names, by channel: worked out once per history list. */
function historyLocations(points: readonly PricePoint[]): ReadonlyMap<string, readonly string[]> {
  let found = locationsOf.get(points);
  if (found === undefined) {
    const sets = new Map<string, Set<string>>();
    for (const p of points)
      if (p.location !== null) (sets.get(p.channel) ?? sets.set(p.channel, new Set()).get(p.channel)!).add(p.location);
    found = new Map([...sets].map(([channel, codes]) => [channel, [...codes]]));
    locationsOf.set(points, found);
  }
  return found;
}

const locationsOf = new WeakMap<readonly PricePoint[], ReadonlyMap<string, readonly string[]>>();
const NONE: readonly string[] = [];
