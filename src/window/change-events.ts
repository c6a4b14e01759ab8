import type { Dataset } from "../dataset/dataset.js";
import { holdsFrom } from "../dataset/stock-rows.js";
import { OfferRecord } from "../model/offer.js";
import { lookbackEnds } from "../pricing/history.js";
import { coveredSkus } from "../pricing/coverage.js";
import type { Instant, InstantCache } from "../time/instant.js";
import type { ClockChanges } from "../rules/facts.js";
import { NO_CLOCK } from "./clock.js";

/**
 * What changes at an instant of a window, and so what must be evaluated again then:
 * - `offers`: the offers of a sku at a location id (-1: every location, as a channel's default
 *   row stands at all of them; 0: its default rows' own findings, "at every location"); `rows`
 *   when the sku's product scope changes too: which rows are in force changes (a scheduled price
 *   starts or stops holding), and with them the channels the sku is priced in; or a sale or promotion covering it ends, and a mismatch of windows
 *   between channels that it is the last window of with it (see holdsAt);
 * - `promotion`: a promotion starts or ends (by its position in the feed);
 * - `stock`: an update of the sku's stock somewhere (by its text: a sku may have stock and no
 *   price), which the stock rules read at its offers, in its product scope and in the
 *   promotions covering it;
 * - `waivers`: a waiver ends;
 * - `clock`: a rule comparing `now` with a fixed instant may turn, anywhere.
 */
export type Change =
  | { readonly kind: "offers"; readonly sku: number; readonly location: number; readonly rows: boolean }
  | { readonly kind: "promotion"; readonly promotion: number }
  | { readonly kind: "stock"; readonly sku: string }
  | { readonly kind: "waivers" }
  | { readonly kind: "clock" };

/** The instants of a window at which something changes, ascending, each with its changes. */
export interface ChangeEvents {
  readonly instants: readonly Instant[];
  readonly changes: readonly (readonly Change[])[];
}

/**
 * Every change in `(from, to)` (what holds at `from` is evaluated whole): sale windows opening
 * and closing, scheduled rows starting and stopping, promotions starting and ending (an end
 * reaching the product scope of each sku the sale or promotion covers), waivers
 * ending, and, when `history` (a rule reads the price history), each history row entering and
 * leaving the 30 days looked back over; each stock update (from its `updated_at`, the first
 * millisecond at or after it); with `clock` (rules comparing `now`), each sale's and
 * promotion's start and end shifted by each of its shifts (the same change), and its fixed
 * instants (a `clock` change). An instant without an offset is read in its row's zone,
 * or in every zone of the run when the row has none of its own (a default row, a promotion
 * without a feed zone): a change at an instant where nothing changes is harmless.
 */
export function changeEvents(
  dataset: Dataset,
  zones: readonly string[],
  waiverEnds: readonly string[],
  from: Instant,
  to: Instant,
  instants: InstantCache,
  history: boolean,
  clock: ClockChanges = NO_CLOCK,
): ChangeEvents {
  const byInstant = new Map<Instant, Change[]>();
  const at = (instant: Instant, change: Change) => {
    if (!(instant > from && instant < to)) return;
    const list = byInstant.get(instant);
    if (list) list.push(change);
    else byInstant.set(instant, [change]);
  };
  const atText = (text: string | null, role: "start" | "end", zone: string | null, change: Change, shift = 0) => {
    if (text === null) return;
    for (const z of zone === null ? zones : [zone]) {
      const r = instants.resolve(text, z, role);
      if (r.ok) at(r.instant + shift, change);
    }
  };
  /** An instant fact's text: where it is, and where each comparison with `now` shifted from it turns. */
  const atFact = (text: string | null, role: "start" | "end", zone: string | null, change: Change) => {
    atText(text, role, zone, change);
    for (const shift of clock.shifts) atText(text, role, zone, change, shift);
  };
  const offers = dataset.offers;
  offers.index();
  const offer = new OfferRecord();
  for (let row = 0; row < offers.size; row++) {
    // A duplicate repeats a row that holds always (a sku with rows that hold for a while has none).
    if (offers.isDuplicate(row)) continue;
    const sku = offers.skuId(row);
    const location = offers.locationId(row) === 0 ? -1 : offers.locationId(row);
    const { from: validFrom, to: validTo } = offers.validityOf(row);
    if (validFrom !== null || validTo !== null) {
      const change: Change = { kind: "offers", sku, location, rows: true };
      // A store's own row starting or stopping moves where the sku's default rows stand (they
      // stand at the stores without one): their findings, at location 0, are evaluated again too.
      if (location > 0) {
        const defaults: Change = { kind: "offers", sku, location: 0, rows: true };
        if (validFrom !== null) at(validFrom, defaults);
        if (validTo !== null) at(validTo, defaults);
      }
      if (validFrom !== null) {
        at(validFrom, change);
        // The start of the reduction a row carries without a sale_start (see OfferState.announcement).
        const reduction: Change = { kind: "offers", sku, location, rows: false };
        for (const shift of clock.shifts) at(validFrom + shift, reduction);
      }
      if (validTo !== null) at(validTo, change);
    }
    offers.read(row, offer);
    if (offer.saleStart === null && offer.saleEnd === null) continue;
    const change: Change = { kind: "offers", sku, location, rows: false };
    atFact(offer.saleStart, "start", offer.timezone, change);
    if (offer.saleEnd === null) continue;
    atText(offer.saleEnd, "end", offer.timezone, { kind: "offers", sku, location, rows: true });
    for (const shift of clock.shifts) atText(offer.saleEnd, "end", offer.timezone, change, shift);
  }
  /** The instants in the window that `text` ends at, in `zone` or in each zone of the run, into `out`. */
  const endsOf = (text: string, zone: string | null, out: Instant[]) => {
    out.length = 0;
    for (const z of zone === null ? zones : [zone]) {
      const r = instants.resolve(text, z, "end");
      if (r.ok && r.instant > from && r.instant < to && !out.includes(r.instant)) out.push(r.instant);
    }
  };
  /** A location id of the codes the offers name (0: none of them, the default rows' place). */
  const placeOf = (codes: readonly string[]) => {
    for (const code of codes) {
      const id = offers.locations.find(code);
      if (id !== 0) return id;
    }
    return 0;
  };
  const ends: Instant[] = [];
  dataset.promotions.forEach((p, promotion) => {
    const change: Change = { kind: "promotion", promotion };
    atFact(p.start, "start", p.timezone, change);
    atFact(p.end, "end", p.timezone, change);
    endsOf(p.end, p.timezone, ends);
    if (ends.length === 0) return;
    // Its end reaches the product scope of each sku it covers, where the promotion's change
    // reaches its offers anyway: at every location, or at one of the stores it names.
    const place = p.locations.length === 0 ? -1 : placeOf(p.locations);
    for (const code of coveredSkus(p, dataset.products)) {
      const sku = offers.skus.find(code);
      if (sku === 0) continue; // priced nowhere: no window of its compared
      const reach: Change = { kind: "offers", sku, location: place, rows: true };
      for (const end of ends) at(end, reach);
    }
  });
  if (history) {
    for (const [sku, points] of dataset.history) {
      const id = offers.skus.find(sku);
      if (id === 0) continue;
      const change: Change = { kind: "offers", sku: id, location: -1, rows: false };
      for (const point of points) {
        atText(point.validFrom, "start", point.timezone, change);
        for (const leaves of lookbackEnds(point, zones, instants)) at(leaves, change);
      }
    }
  }
  for (const update of dataset.stockUpdates()) at(holdsFrom(update.at), { kind: "stock", sku: update.sku });
  const waivers: Change = { kind: "waivers" };
  for (const until of waiverEnds) atText(until, "end", null, waivers);
  const everything: Change = { kind: "clock" };
  for (const point of clock.points) at(point, everything);
  const sorted = [...byInstant.keys()].sort((a, b) => a - b);
  return { instants: sorted, changes: sorted.map((t) => byInstant.get(t)!) };
}
