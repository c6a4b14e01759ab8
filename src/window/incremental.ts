import type { Dataset } from "../dataset/dataset.js";
import { entityEvaluator, type EvaluateOptions } from "../evaluate/evaluate.js";
import { familiesOf } from "../evaluate/family-scope.js";
import { expiredFinding, waive, WaiverTimeline, type Waiver } from "../findings/waivers.js";
import { withMember, type Finding } from "../model/finding.js";
import type { Product } from "../model/product.js";
import { coveredSkus } from "../pricing/coverage.js";
import { promotionWindow, promotionZone } from "../pricing/promotions.js";
import type { CompiledRule } from "../rules/rule.js";
import { InstantCache, type Instant } from "../time/instant.js";
import { changeEvents } from "./change-events.js";
import { OpenIntervals } from "./intervals.js";
import { clockOf } from "./clock.js";

/** What a window is checked on: the run's data, rules and evaluation options, and its findings that hold throughout. */
export interface WindowInput {
  readonly dataset: Dataset;
  readonly rules: readonly CompiledRule[];
  /** Evaluation options; their instant is the window's start. */
  readonly options: EvaluateOptions;
  readonly to: Instant;
  /** Every zone the run's data uses (bare dates without a zone of their own are read in each). */
  readonly zones: readonly string[];
  /** Findings that do not depend on the instant: rejected rows, unmapped columns. */
  readonly fixed: readonly Finding[];
  readonly waivers: readonly Waiver[];
  /** The config's zone, in which waivers end. */
  readonly waiverZone: string;
  /** The rule that reports an expired waiver, when this run reports them. */
  readonly expiredWaiverRule: CompiledRule | undefined;
}

/**
 * An incremental window: every violation in `[from, to)` with the interval it holds in, as
 * checking every instant where an input changes and merging the results (mergeIntervals) gives,
 * at a cost that follows the changes rather than instants × inputs.
 *
 * The findings are kept by the entity they are evaluated on — a sku's offers and pairs at one
 * location, a sku's product scope, a family, a promotion, and the expired waivers. Everything is
 * evaluated once at `from`. Then the window walks the instants where something changes
 * (change-events.ts), and at each one evaluates again only the entities that change can reach,
 * carrying every other verdict over:
 * - a sale window, a promotion's start or end, or (for rules that read it) the price history
 *   reaches the offers of a sku: at the row's location, or at the stores a promotion names, or
 *   at every location for a default row, a promotion naming none, history, or an offer rule
 *   that reads the channel's median; and their family;
 * - a scheduled row that starts or stops holding also reaches the sku's product scope, and, when
 *   the channels it is priced in change, the promotions that cover it (rules per covered sku);
 * - a promotion's start or end reaches the promotion itself;
 * - a stock update reaches the sku's offers at every location, its product scope and family,
 *   and the promotions covering it (a sku without offers: its product scope and family);
 * - a waiver's end reaches the expired-waiver findings, splits each open violation it waived
 *   (waived until then, not after; the sku or promotion of each one split is evaluated again,
 *   so that it goes on with its values at the split, `now` among them), and the waivers of
 *   what opens later;
 * - for rules comparing `now`: a sale's or promotion's start or end shifted by a rule's duration
 *   reaches what the start or end itself reaches (a campaign's first step, where a reduction
 *   announced by a later step starts, covers the same offers); a fixed instant such a rule
 *   compares with reaches everything.
 * An entity evaluated again gives its findings at that instant: a finding that is gone closes
 * its interval, a new one opens one (with its values, and the waiver in force, as they are then),
 * and one still there goes on with the values it opened with, as mergeIntervals keeps them.
 *
 * The entity evaluator uses the indexes that make an instant cheap: each sku's rows in force
 * found by binary search (OfferStore.inForce), promotions running found in an interval index,
 * each offer's history filtered and sorted once. `tests/window-incremental.test.ts` holds this to
 * the instant-by-instant path on random scenarios.
 */
export function incrementalWindow(input: WindowInput): Finding[] {
  const { dataset, rules, options, to } = input;
  const from = options.at;
  const ev = entityEvaluator(dataset, rules, options);
  const store = dataset.offers;
  store.index();
  const products = dataset.products;
  const intervals = new OpenIntervals();
  const timeline = new WaiverTimeline(input.waivers, input.waiverZone);
  /** The instant whose waivers are in force: the last where they changed. */
  let waiversAt = from;
  /** A finding marked by the waiver in force, if one covers it. */
  const waived = (finding: Finding): Finding => {
    const w = timeline.find(finding.rule, finding.sku, finding.location, waiversAt);
    return w ? waive(finding, w) : finding.waived === null ? finding : withMember(finding, "waived", null);
  };
  const open = (finding: Finding, at: Instant) => intervals.open(waived(finding), at);
  /** Each violation as last evaluated: what an interval split at a waiver's end goes on with. */
  const latest = new Map<string, Finding>();
  /** An entity's findings `now`, in place of those it had: gone ones close, new ones open. */
  const replace = (before: readonly Finding[] | undefined, now: readonly Finding[], at: Instant) => {
    if (before !== undefined && before.length > 0) {
      const ids = now.length > 8 ? new Set(now.map((f) => f.id)) : null;
      for (const f of before) if (!(ids ? ids.has(f.id) : now.some((g) => g.id === f.id))) intervals.close(f.id, at);
    }
    for (const f of now) {
      latest.set(f.id, f);
      if (!intervals.isOpen(f.id)) open(f, at);
    }
  };

  // What each entity found last, and what reaches what.
  const offers = new Map<number, Map<number, Finding[]>>();
  const pricedIn = new Map<number, string>();
  const productFindings = new Map<number, Finding[]>();
  const families = ev.familyRules.length > 0 && products ? familiesOf(products) : new Map<string, Product[]>();
  const familyFindings = new Map<string, Finding[]>();
  const promotionFindings: Finding[][] = [];
  const perSkuPromotions = ev.promotionRules.some((r) => r.needs.coveredSku);
  const coveredCodes = dataset.promotions.map((p) => coveredSkus(p, products));
  const covered = coveredCodes.map((skus) => skus.map((sku) => store.skus.find(sku)));
  /** The promotions covering each sku (by its text: a sku with stock may have no price), when promotion rules judge each sku. */
  const covering = new Map<string, number[]>();
  if (perSkuPromotions) {
    coveredCodes.forEach((skus, promotion) => {
      for (const sku of skus) (covering.get(sku) ?? covering.set(sku, []).get(sku)!).push(promotion);
    });
  }
  // A promotion that starts or ends changes the channels the other promotions of its campaign
  // miss (see missedByCampaign): those running then are evaluated again, once per campaign and
  // instant (one that is not running is judged alone). Each with the span it may run in, for a
  // sku, somewhere (promotion-scope's runsForSku): from its earliest start to its latest end
  // over the run's zones, where its feed gives it none (else as judged whole): worked out once.
  const byCampaign = new Map<string, { promotion: number; from: Instant; to: Instant }[]>();
  if (ev.promotionRules.some((r) => r.needs.channelRows)) {
    const instants = new InstantCache();
    dataset.promotions.forEach((p, promotion) => {
      if (p.campaign === null) return;
      const zones = p.timezone === null ? [promotionZone(p, dataset.locations, options.timezone), ...input.zones] : [p.timezone];
      let span: readonly [Instant, Instant] | null = null;
      for (const zone of zones) {
        const window = promotionWindow(p, zone, instants);
        if (window !== null) span = span === null ? window : [Math.min(span[0], window[0]), Math.max(span[1], window[1])];
      }
      if (span === null) return;
      const rows = byCampaign.get(p.campaign) ?? byCampaign.set(p.campaign, []).get(p.campaign)!;
      rows.push({ promotion, from: span[0], to: span[1] });
    });
  }
  const familyOf = (sku: number): string | null => (families.size === 0 ? null : (products!.get(store.skus.text(sku)!)?.family ?? null));
  const wholeSku = ev.offerRules.some((r) => r.needs.channelMedian);
  // A promotion that names stores reaches the offers there only (elsewhere, and at the default
  // rows' place, it does not apply), unless an offer rule reads the channel's median, which
  // reaches every offer of the sku. Null: every location.
  const placesOf = dataset.promotions.map((p) => {
    if (p.locations.length === 0 || wholeSku) return null;
    const ids = new Set<number>();
    // A code the offers name nowhere has no offer to reach, of its own or a default row promoted there.
    for (const code of p.locations) {
      const id = store.locations.find(code);
      if (id !== 0) ids.add(id);
    }
    return [...ids];
  });
  const promotionIndex = new Map(dataset.promotions.map((p, i) => [p.promoId, i]));
  /** The expired-waiver findings of the waivers that end at or before `at` and had not before: each opens then, for good. */
  const expire = (at: Instant) => {
    const ended = timeline.passing(at);
    const rule = input.expiredWaiverRule;
    if (rule !== undefined)
      replace(
        undefined,
        ended.map((w) => expiredFinding(w, rule)),
        at,
      );
    return ended;
  };

  // Everything at the start.
  for (const f of input.fixed) open(f, from);
  for (let sku = 1; sku < store.skus.size; sku++) {
    const found = new Map<number, Finding[]>();
    pricedIn.set(sku, ev.offers(sku, null, found));
    offers.set(sku, found);
    for (const list of found.values()) replace(undefined, list, from);
    const product = ev.product(store.skus.text(sku)!);
    productFindings.set(sku, product);
    replace(undefined, product, from);
  }
  // Products without offers: their product scope changes only where their stock is updated, and
  // at a fixed instant a rule compares `now` with.
  const clock = clockOf(rules);
  const unpriced = new Map<string, Finding[]>();
  if (products) {
    for (const sku of products.keys()) {
      if (store.skus.find(sku) !== 0) continue;
      const found = ev.product(sku);
      unpriced.set(sku, found);
      replace(undefined, found, from);
    }
  }
  /** The product scope of a sku without offers, evaluated again at `at`. */
  const unpricedAgain = (sku: string, at: Instant) => {
    const before = unpriced.get(sku);
    if (before === undefined) return;
    const found = ev.product(sku);
    replace(before, found, at);
    unpriced.set(sku, found);
  };
  for (const [family, members] of families) {
    const found = ev.family(family, members);
    familyFindings.set(family, found);
    replace(undefined, found, from);
  }
  dataset.promotions.forEach((p, i) => {
    promotionFindings[i] = ev.promotion(p);
    replace(undefined, promotionFindings[i], from);
  });
  expire(from);

  // Then each change, and what it reaches.
  const history = rules.some((r) => r.needs.history);
  const events = changeEvents(
    dataset,
    input.zones,
    input.waivers.map((w) => w.until),
    from,
    to,
    new InstantCache(),
    history,
    clock,
  );
  const allLocations = new Set<number>();
  const atLocations = new Map<number, Set<number>>();
  const rowsChanged = new Set<number>();
  const promotions = new Set<number>();
  const reachedCampaigns = new Set<string>();
  const reachedFamilies = new Set<string>();
  const stocked = new Set<string>();
  events.instants.forEach((at, k) => {
    ev.at = at;
    allLocations.clear();
    atLocations.clear();
    rowsChanged.clear();
    promotions.clear();
    reachedCampaigns.clear();
    reachedFamilies.clear();
    stocked.clear();
    let waivers = false;
    let everything = false;
    for (const change of events.changes[k]!) {
      if (change.kind === "waivers") waivers = true;
      else if (change.kind === "stock") stocked.add(change.sku);
      else if (change.kind === "clock") everything = true;
      else if (change.kind === "promotion") {
        promotions.add(change.promotion);
        const campaign = dataset.promotions[change.promotion]!.campaign;
        if (campaign !== null && byCampaign.has(campaign)) reachedCampaigns.add(campaign);
        const places = placesOf[change.promotion]!;
        for (const sku of covered[change.promotion]!) {
          if (sku === 0) continue;
          if (places === null) allLocations.add(sku);
          else {
            // With no location to evaluate again, its family is still reached (see reach).
            const here = atLocations.get(sku) ?? atLocations.set(sku, new Set()).get(sku)!;
            for (const location of places) here.add(location);
            // A default row the promotion makes an offer at its stores stands there, not at every
            // location: its default rows' findings (location 0) are evaluated again too.
            here.add(0);
          }
        }
      } else {
        if (change.location < 0 || wholeSku) allLocations.add(change.sku);
        else (atLocations.get(change.sku) ?? atLocations.set(change.sku, new Set()).get(change.sku)!).add(change.location);
        if (change.rows) rowsChanged.add(change.sku);
      }
    }
    let ending: ReadonlySet<string> = NO_DAYS;
    if (waivers) {
      waiversAt = at;
      // Only a violation waived by a waiver that ends here can split (none starts within a window).
      ending = new Set(expire(at).map((w) => w.until));
      // A violation split here opens again with its values here (`now` among them), not those
      // of the instant its entity was last evaluated at: its sku's offers, product and family, or
      // its promotion, are evaluated again.
      for (const split of intervals.splitting(waived, ending)) {
        if (split.promotion !== null) {
          const promotion = promotionIndex.get(split.promotion);
          if (promotion !== undefined) promotions.add(promotion);
        }
        if (split.sku === null) continue;
        const sku = store.skus.find(split.sku);
        if (sku !== 0) {
          allLocations.add(sku);
          rowsChanged.add(sku);
        } else unpricedAgain(split.sku, at);
      }
    }
    if (everything) {
      for (let sku = 1; sku < store.skus.size; sku++) {
        allLocations.add(sku);
        rowsChanged.add(sku);
      }
      dataset.promotions.forEach((_, promotion) => promotions.add(promotion));
      for (const sku of [...unpriced.keys()]) unpricedAgain(sku, at);
    }
    // A stock update reaches the sku's offers at every location, its product scope and family,
    // and the promotions covering it; a sku without offers, its product scope and family.
    for (const code of stocked) {
      for (const promotion of covering.get(code) ?? []) promotions.add(promotion);
      const sku = store.skus.find(code);
      if (sku !== 0) {
        allLocations.add(sku);
        rowsChanged.add(sku);
        continue;
      }
      unpricedAgain(code, at);
      const family = families.size === 0 ? null : (products?.get(code)?.family ?? null);
      if (family !== null && families.has(family)) reachedFamilies.add(family);
    }
    const reach = (sku: number, priced: string) => {
      const family = familyOf(sku);
      if (family !== null) reachedFamilies.add(family);
      if (!rowsChanged.has(sku)) return;
      const product = ev.product(store.skus.text(sku)!);
      replace(productFindings.get(sku), product, at);
      productFindings.set(sku, product);
      if (priced !== pricedIn.get(sku)) {
        pricedIn.set(sku, priced);
        for (const promotion of covering.get(store.skus.text(sku)!) ?? []) promotions.add(promotion);
      }
    };
    for (const sku of allLocations) {
      const found = new Map<number, Finding[]>();
      const priced = ev.offers(sku, null, found);
      const before = offers.get(sku)!;
      for (const [location, list] of before) replace(list, found.get(location) ?? NONE, at);
      for (const [location, list] of found) if (!before.has(location)) replace(undefined, list, at);
      offers.set(sku, found);
      reach(sku, priced);
    }
    for (const [sku, locations] of atLocations) {
      if (allLocations.has(sku)) continue;
      const kept = offers.get(sku)!;
      let priced = pricedIn.get(sku)!;
      for (const location of locations) {
        const found = new Map<number, Finding[]>();
        priced = ev.offers(sku, location, found);
        const now = found.get(location) ?? NONE;
        replace(kept.get(location), now, at);
        if (now.length > 0) kept.set(location, now);
        else kept.delete(location);
      }
      reach(sku, priced);
    }
    for (const campaign of reachedCampaigns)
      for (const { promotion, from, to } of byCampaign.get(campaign)!) if (at >= from && at < to) promotions.add(promotion);
    for (const family of reachedFamilies) {
      const found = ev.family(family, families.get(family)!);
      replace(familyFindings.get(family), found, at);
      familyFindings.set(family, found);
    }
    for (const promotion of promotions) {
      const found = ev.promotion(dataset.promotions[promotion]!);
      replace(promotionFindings[promotion], found, at);
      promotionFindings[promotion] = found;
    }
    // Last, with every entity reached here evaluated: the violations whose waiver ended split.
    if (waivers) intervals.rewaive(at, (f) => waived(latest.get(f.id) ?? f), ending);
  });
  return intervals.finish(to);
}

const NONE: Finding[] = [];
const NO_DAYS: ReadonlySet<string> = new Set();
