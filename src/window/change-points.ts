import type { Instant, InstantCache } from "../time/instant.js";
import { lookbackEnds } from "../pricing/history.js";
import type { Dataset } from "../dataset/dataset.js";
import { holdsFrom } from "../dataset/stock-rows.js";
import { OfferRecord } from "../model/offer.js";
import type { ClockChanges } from "../rules/facts.js";
import { NO_CLOCK } from "./clock.js";

/**
 * Every instant in `[from, to)` at which some input changes what a check sees: sale and
 * promotion starts and ends, where scheduled price rows start and stop holding, price-history points (and the day 30 days later, when they leave
 * the 30-day window), stock updates, waiver ends, and where rules comparing `now` turn (`clock`: the sale and
 * promotion starts and ends shifted, and fixed instants). Dates without a time are read in each zone the data uses.
 * Between two consecutive points, every check gives the same findings. Sorted, `from` first.
 */
export function changePoints(
  dataset: Dataset,
  zones: readonly string[],
  waiverEnds: readonly string[],
  from: Instant,
  to: Instant,
  instants: InstantCache,
  clock: ClockChanges = NO_CLOCK,
): Instant[] {
  const points = new Set<Instant>([from]);
  const add = (text: string | null, role: "start" | "end", zone: string | null, shift = 0) => {
    if (text === null) return;
    for (const z of zone === null ? zones : [zone]) {
      const r = instants.resolve(text, z, role);
      if (r.ok && r.instant + shift > from && r.instant + shift < to) points.add(r.instant + shift);
    }
  };
  /** An instant fact's text: where it is, and where each comparison with `now` shifted from it turns. */
  const addFact = (text: string | null, role: "start" | "end", zone: string | null) => {
    add(text, role, zone);
    for (const shift of clock.shifts) add(text, role, zone, shift);
  };
  const addInstant = (instant: Instant) => {
    if (instant > from && instant < to) points.add(instant);
  };
  const offer = new OfferRecord();
  const offers = dataset.offers;
  offers.index();
  for (let row = 0; row < offers.size; row++) {
    // A duplicate repeats a row that holds always (a sku with rows that hold for a while has none).
    if (offers.isDuplicate(row)) continue;
    offers.read(row, offer);
    addFact(offer.saleStart, "start", offer.timezone);
    addFact(offer.saleEnd, "end", offer.timezone);
    if (offer.validTo !== null) addInstant(offer.validTo);
    // A row's valid_from is also the start of the reduction it carries without a sale_start: a comparison with `now` turns shifted from it.
    if (offer.validFrom !== null) {
      addInstant(offer.validFrom);
      for (const shift of clock.shifts) addInstant(offer.validFrom + shift);
    }
  }
  for (const p of dataset.promotions) {
    addFact(p.start, "start", p.timezone);
    addFact(p.end, "end", p.timezone);
  }
  for (const list of dataset.history.values()) {
    for (const point of list) {
      add(point.validFrom, "start", point.timezone);
      for (const leaves of lookbackEnds(point, zones, instants)) if (leaves > from && leaves < to) points.add(leaves);
    }
  }
  // A stock update holds from the first millisecond at or after its `updated_at`.
  for (const update of dataset.stockUpdates()) addInstant(holdsFrom(update.at));
  for (const until of waiverEnds) add(until, "end", null);
  for (const point of clock.points) if (point > from && point < to) points.add(point);
  return [...points].sort((a, b) => a - b);
}
