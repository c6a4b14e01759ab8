/**
 * Rule evaluation: pricelint's compiled predicates vs json-rules-engine, in one process.
 *
 *   npx tsx bench/rules-engine.ts                       # 100,000 fact sets, JRE on all of them
 *   npx tsx bench/rules-engine.ts --quick               # 10,000 fact sets, fewer rounds
 *   npx tsx bench/rules-engine.ts --facts 200000 --jre-sample 20000 --seed 7 --rounds 5
 *
 * The same 16 rules, written once in json-rules-engine (JRE) condition syntax (the built-in
 * rule files plus four house rules), run over the same deterministic fact sets in both engines:
 *
 * - an *offer* fact set is one offer (any of 5 channels) at its location, as `evaluate.ts`
 *   sees it in offer scope; the rules that apply to its channel run on it;
 * - a *pair* fact set is one sku at one store with an offer in each of web, app, store,
 *   click_collect and e_reservation (web and app as channel-wide default rows, as in the
 *   evaluator); the 4 built-in pair rules each read two of them.
 *
 * Amounts are generated as integer cents. JRE gets plain numbers (cents / 100, instants as ms,
 * onSale and effectivePrice computed here); pricelint gets `Offer`s in micros (cents × 10,000)
 * resolved into `OfferState`s by `OfferState.resolve`. Every comparison the rules make is
 * between two generated amounts or an amount and a literal (no sums, tolerance 0), and division
 * by 100 preserves equality and order of integers this size, so both engines must agree. The
 * data also avoids the inputs on which the two engines are known to differ by design (a money
 * fact missing on the other side of a comparison, a missing store, different currencies in a
 * pair): see the notes in bench/RESULTS.md.
 *
 * Timed, per round and interleaved: pricelint with the OfferStates resolved beforehand (like
 * JRE's prebuilt fact objects), pricelint resolving each OfferState in the loop as the
 * evaluator's `place()` does, and JRE (`await engine.run(facts)` per fact set, sequentially).
 * A full GC and 100 ms idle precede each timed pass, so neither engine pays for the other's
 * garbage (JRE pays for its own), then an untimed warm-up of the same engine: V8 deoptimizes, at a
 * forced full GC, optimized code that embeds objects weakly (`--trace-deopt`: "reason: weak
 * objects"), so without it the timed pass would also time re-optimizing (about a third more for
 * pricelint's 33 ms pass). Each run records a bit mask of the rules that fired per fact set; the
 * per-rule counts and the masks of both engines are compared, and the script exits 1 on any
 * difference. A last, smaller measurement repeats the first 1,000 fact sets (cache-hot) to
 * separate the predicates' own cost from the memory traffic of 100,000 distinct fact sets.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from "json-rules-engine";
import { mulberry32 } from "./generate.js";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Location } from "../src/model/location.js";
import type { Offer, OfferRecord } from "../src/model/offer.js";
import { OfferState, type PricingSettings } from "../src/pricing/offer-state.js";
import { OfferStore } from "../src/dataset/offer-store.js";
import { compileRule, fires } from "../src/rules/compile-rule.js";
import { EvalContext } from "../src/rules/facts.js";
import { builtinRule, type CompiledRule, type RuleDefinition } from "../src/rules/rule.js";
import { InstantCache } from "../src/time/instant.js";
import clickCollectStoreClosed from "../rules/availability/click-collect-store-closed.json";
import eReservationLowStock from "../rules/availability/e-reservation-low-stock.json";
import appDiffersFromWeb from "../rules/channel/app-differs-from-web.json";
import clickCollectAboveStore from "../rules/channel/click-collect-above-store.json";
import eReservationDiffersFromStore from "../rules/channel/e-reservation-differs-from-store.json";
import onlineDiffersFromStore from "../rules/channel/online-differs-from-store.json";
import conflictingDuplicate from "../rules/price/conflicting-duplicate.json";
import currencyMismatch from "../rules/price/currency-mismatch.json";
import invalidSaleWindow from "../rules/price/invalid-sale-window.json";
import nonPositive from "../rules/price/non-positive.json";
import saleNotBelowRegular from "../rules/price/sale-not-below-regular.json";
import unknownSku from "../rules/price/unknown-sku.json";

// ---------------------------------------------------------------------------------------------
// Rules: written once, in JRE syntax

const CHANNELS = ["web", "app", "store", "click_collect", "e_reservation"] as const;
type Channel = (typeof CHANNELS)[number];

/** House rules in the same syntax, to cover `in`, `not`, nested `all` and more money facts. */
const HOUSE_RULES: RuleDefinition[] = [
  {
    id: "house/member-not-below-public",
    description: "The member price is not below the public (effective) price.",
    severity: "warning",
    scope: "offer",
    conditions: { all: [{ fact: "memberPrice", operator: "greaterThanInclusive", value: { fact: "effectivePrice" } }] },
  },
  {
    id: "house/reference-not-above-sale",
    description: "On sale with a reference (was) price that is not above the sale price.",
    severity: "warning",
    scope: "offer",
    conditions: {
      all: [
        { fact: "onSale", operator: "equal", value: true },
        { fact: "referencePrice", operator: "lessThanInclusive", value: { fact: "salePrice" } },
      ],
    },
  },
  {
    id: "house/online-under-one",
    description: "An online price below 1.00.",
    severity: "info",
    scope: "offer",
    conditions: {
      all: [
        { fact: "channel", operator: "in", value: ["web", "app"] },
        { fact: "effectivePrice", operator: "lessThan", value: "1.00" },
      ],
    },
  },
  {
    id: "house/foreign-sale-unmarked",
    description: "On sale in a currency other than EUR with no reference price above 10.00, or taxes excluded.",
    severity: "info",
    scope: "offer",
    conditions: {
      all: [
        { fact: "onSale", operator: "equal", value: true },
        { not: { fact: "currency", operator: "in", value: ["EUR"] } },
        {
          any: [
            { fact: "taxIncluded", operator: "equal", value: false },
            { fact: "price", operator: "greaterThan", value: "10.00" },
          ],
        },
      ],
    },
  },
];

const BUILTIN_OFFER_RULES = [
  nonPositive,
  saleNotBelowRegular,
  currencyMismatch,
  invalidSaleWindow,
  conflictingDuplicate,
  unknownSku,
  clickCollectStoreClosed,
  eReservationLowStock,
].map(builtinRule);
const BUILTIN_PAIR_RULES = [onlineDiffersFromStore, clickCollectAboveStore, appDiffersFromWeb, eReservationDiffersFromStore].map(
  builtinRule,
);

const RULES: readonly RuleDefinition[] = [...BUILTIN_OFFER_RULES, ...HOUSE_RULES, ...BUILTIN_PAIR_RULES];

/** Rule index (its bit in the masks) → whether it runs on offers of `channel`. */
function appliesTo(rule: RuleDefinition, channel: Channel): boolean {
  return rule.scope === "offer" && (rule.channels === undefined || rule.channels.length === 0 || rule.channels.includes(channel));
}

// ---------------------------------------------------------------------------------------------
// Deterministic fact sets

const AT_ISO = "2026-11-22T00:00:00Z";
const AT = Date.parse(AT_ISO);
const ZONE = "UTC";
const DEFAULT_CURRENCY = "EUR";
const HOUR = 3_600_000;
const MICROS_PER_CENT = 10_000;
/** What OfferState needs for computed amounts: no promotions feed, no price history (no fact used here needs them). */
const PRICING: PricingSettings = {
  minorUnits: () => 2,
  rounding: "half-up",
  defaultCurrency: DEFAULT_CURRENCY,
  promotions: null,
  history: () => [],
};

/** JRE's view of one offer: plain numbers (units, not cents), instants in ms, derived facts computed here. */
interface JreOffer {
  channel: string;
  currency: string;
  price: number | null;
  salePrice: number | null;
  effectivePrice: number | null;
  onSale: boolean;
  hasSalePrice: boolean;
  hasSaleWindow: boolean;
  saleStart: number | null;
  saleEnd: number | null;
  memberPrice: number | null;
  referencePrice: number | null;
  taxIncluded: boolean;
  duplicateConflict: boolean;
}

interface JreStore {
  status: string | null;
  clickCollect: boolean | null;
  eReservation: boolean | null;
  currency: string | null;
}

/** One generated offer, in cents: the source of both engines' inputs. */
interface GenOffer {
  readonly channel: Channel;
  readonly location: string | null;
  readonly currency: string;
  readonly price: number | null;
  readonly salePrice: number | null;
  readonly saleStart: string | null;
  readonly saleEnd: string | null;
  readonly memberPrice: number | null;
  readonly referencePrice: number | null;
  readonly taxIncluded: boolean;
  readonly conflict: boolean;
}

/** One fact set as generated: the source of both engines' inputs, dropped once they are built. */
interface Draft {
  readonly kind: "offer" | "pair";
  readonly channel: number;
  readonly sku: string;
  readonly store: Location | null;
  readonly stock: number | null;
  readonly inCatalogue: boolean | null;
  readonly expectedCurrency: string;
  readonly line: number;
  readonly offers: readonly GenOffer[];
}

/** pricelint's input: what `evaluate.ts` puts in its EvalContext for one offer or one location's pairs. */
interface FactSet {
  readonly kind: "offer" | "pair";
  /** offer: index of the offer's channel in CHANNELS; pair: -1. */
  readonly channel: number;
  readonly sku: string;
  readonly location: string | null;
  readonly store: Location | null;
  readonly stock: number | null;
  readonly inCatalogue: boolean | null;
  readonly expectedCurrency: string;
  /** offer: [the offer]; pair: one per channel, in CHANNELS order. */
  readonly offers: readonly Offer[];
  /** The same offers resolved at AT, for the pre-resolved pricelint run. */
  readonly states: readonly OfferState[];
  /** The offer store row of `offers[0]`; the others follow it, in order. */
  readonly firstRow: number;
}

/** JRE's input: which engine (an offer channel's, or the pair engine) and the runtime facts. */
interface JreSet {
  readonly engine: number;
  readonly facts: Record<string, unknown>;
}

const cents = (c: number | null): number | null => (c === null ? null : c / 100);
const micros = (c: number | null): number | null => (c === null ? null : c * MICROS_PER_CENT);

/** Window bounds: whole hours around AT, written as pricelint reads them (UTC offset explicit). */
function boundText(hoursFromAt: number): string {
  return new Date(AT + hoursFromAt * HOUR).toISOString();
}

class Generator {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = mulberry32(seed);
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.r() * items.length)]!;
  }

  /** A regular price in cents; rarely zero or negative. */
  price(): number {
    if (this.chance(0.004)) return this.pick([0, -1, -199]);
    return this.chance(0.05) ? this.int(10, 150) : this.int(50, 50_000);
  }

  /** The sale part of an offer with regular price `price`. */
  sale(price: number): Pick<GenOffer, "salePrice" | "saleStart" | "saleEnd"> {
    if (!this.chance(0.3)) {
      // 1%: a window without a sale price (invalid-sale-window)
      if (this.chance(0.01)) return { salePrice: null, saleStart: boundText(-this.int(1, 48)), saleEnd: boundText(this.int(1, 48)) };
      return { salePrice: null, saleStart: null, saleEnd: null };
    }
    const roll = this.r();
    const salePrice =
      roll < 0.03
        ? price
        : roll < 0.06
          ? price + this.int(1, 500)
          : roll < 0.065
            ? this.pick([0, -5])
            : Math.max(1, price - this.int(1, Math.max(1, Math.floor(price / 2))));
    const w = this.r();
    if (w < 0.5) return { salePrice, saleStart: null, saleEnd: null };
    if (w < 0.6) return { salePrice, saleStart: boundText(this.int(-72, 72)), saleEnd: null };
    if (w < 0.7) return { salePrice, saleStart: null, saleEnd: boundText(this.int(-72, 72)) };
    if (w < 0.72) {
      // inverted or empty window
      const end = this.int(-72, 72);
      return { salePrice, saleStart: boundText(end + this.int(0, 24)), saleEnd: boundText(end) };
    }
    // a proper window: before, around or after AT, with the bounds at AT exactly now and then
    const start = this.chance(0.05) ? 0 : this.int(-96, 48);
    const end = this.chance(0.05) ? 0 : start + this.int(1, 96);
    return { salePrice, saleStart: boundText(start), saleEnd: boundText(end > start ? end : start + 1) };
  }

  offer(channel: Channel, location: string | null, currency: string, base: number | null): GenOffer {
    const price = base ?? this.price();
    const sale = this.sale(price);
    const effective = sale.salePrice ?? price;
    return {
      channel,
      location,
      currency,
      price,
      ...sale,
      memberPrice: this.chance(0.2)
        ? this.chance(0.01)
          ? 0
          : this.chance(0.2)
            ? effective + this.int(0, 100)
            : Math.max(1, effective - this.int(1, 300))
        : null,
      referencePrice: this.chance(0.25)
        ? sale.salePrice !== null && this.chance(0.3)
          ? sale.salePrice - this.int(0, 50)
          : price + this.int(0, 2_000)
        : null,
      taxIncluded: !this.chance(0.03),
      conflict: this.chance(0.01),
    };
  }

  store(index: number): Location {
    const code = `S${String(index).padStart(3, "0")}`;
    return {
      location: code,
      name: `Store ${code}`,
      timezone: ZONE,
      status: this.chance(0.9) ? "open" : this.pick(["temporarily_closed", "closed"] as const),
      clickCollect: !this.chance(0.08),
      eReservation: !this.chance(0.1),
      region: null,
      country: "IT",
      currency: this.chance(0.95) ? "EUR" : "CHF",
      source: { file: "stores.csv", line: index + 2 },
    };
  }
}

const STORE_CHANNELS: ReadonlySet<Channel> = new Set(["store", "click_collect", "e_reservation"]);

function toOffer(g: GenOffer, sku: string, line: number): Offer {
  return {
    sku,
    channel: g.channel,
    location: g.location,
    currency: g.currency,
    price: micros(g.price),
    salePrice: micros(g.salePrice),
    priceDecimals: 0,
    salePriceDecimals: 0,
    saleStart: g.saleStart,
    saleEnd: g.saleEnd,
    memberPrice: micros(g.memberPrice),
    memberPriceDecimals: 0,
    referencePrice: micros(g.referencePrice),
    lowestPrice30d: null,
    unitPrice: null,
    unitPriceDecimals: 0,
    validFrom: null,
    validTo: null,
    availability: null,
    pickupMethod: null,
    pickupSla: null,
    taxIncluded: g.taxIncluded,
    timezone: null,
    file: "prices.csv",
    line,
    duplicates: g.conflict ? [{ file: "prices.csv", line: line + 1 }] : null,
    // A disagreement on a field no rule here reads: disputed price fields would be unknown to pricelint.
    conflicts: g.conflict ? ["unit_price"] : null,
  };
}

/** What a JRE user would compute before `engine.run`: instants, onSale, effectivePrice. */
function toJre(g: GenOffer): JreOffer {
  const start = g.saleStart === null ? null : Date.parse(g.saleStart);
  const end = g.saleEnd === null ? null : Date.parse(g.saleEnd);
  const onSale = g.salePrice !== null && (start === null || AT >= start) && (end === null || AT < end);
  return {
    channel: g.channel,
    currency: g.currency,
    price: cents(g.price),
    salePrice: cents(g.salePrice),
    effectivePrice: cents(onSale ? g.salePrice : g.price),
    onSale,
    hasSalePrice: g.salePrice !== null,
    hasSaleWindow: g.saleStart !== null || g.saleEnd !== null,
    saleStart: start,
    saleEnd: end,
    memberPrice: cents(g.memberPrice),
    referencePrice: cents(g.referencePrice),
    taxIncluded: g.taxIncluded,
    duplicateConflict: g.conflict,
  };
}

function jreStore(s: Location): JreStore {
  return { status: s.status, clickCollect: s.clickCollect, eReservation: s.eReservation, currency: s.currency };
}

/** Draws `n` fact sets from one seeded stream: 70% offer, 30% pair. */
function draw(n: number, seed: number): Draft[] {
  const g = new Generator(seed);
  const stores = Array.from({ length: 200 }, (_, i) => g.store(i + 1));
  const drafts: Draft[] = [];
  for (let i = 0; i < n; i++) {
    const sku = `SKU${String(i).padStart(7, "0")}`;
    const inCatalogue = g.chance(0.03) ? null : !g.chance(0.03);
    const line = 2 + i * 8;
    if (g.chance(0.7)) {
      const channel = g.pick(CHANNELS);
      const store = STORE_CHANNELS.has(channel) ? g.pick(stores) : null;
      const expectedCurrency = store?.currency ?? DEFAULT_CURRENCY;
      const currency = g.chance(0.97) ? expectedCurrency : g.pick(["EUR", "USD", "GBP"]);
      const stock = channel === "store" || channel === "e_reservation" ? (g.chance(0.1) ? null : g.int(0, 12)) : null;
      const offer = g.offer(channel, store?.location ?? null, currency, null);
      drafts.push({
        kind: "offer",
        channel: CHANNELS.indexOf(channel),
        sku,
        store,
        stock,
        inCatalogue,
        expectedCurrency,
        line,
        offers: [offer],
      });
    } else {
      // All channels of a pair set share one currency, so every money comparison is defined…
      const store = g.pick(stores);
      const currency = store.currency ?? DEFAULT_CURRENCY;
      const shelf = g.price();
      const near = (base: number, pSame: number): number =>
        g.chance(pSame) ? base : g.chance(0.5) ? base + g.pick([1, -1]) : Math.max(1, base + g.int(-2_000, 2_000));
      const web = near(shelf, 0.6);
      const bases: Record<Channel, number> = {
        web,
        app: near(web, 0.93),
        store: shelf,
        click_collect: near(shelf, 0.75),
        e_reservation: near(shelf, 0.9),
      };
      // …and one tax basis: pricelint never compares two offers' amounts on different bases.
      const drawn = CHANNELS.map((c) => g.offer(c, STORE_CHANNELS.has(c) ? store.location : null, currency, bases[c]));
      const offers = drawn.map((o) => ({ ...o, taxIncluded: drawn[0]!.taxIncluded }));
      const stock = g.chance(0.1) ? null : g.int(0, 12);
      drafts.push({ kind: "pair", channel: -1, sku, store, stock, inCatalogue, expectedCurrency: currency, line, offers });
    }
  }
  return drafts;
}

/**
 * Builds each engine's inputs in its own pass, so that neither engine's objects are interleaved
 * in memory with the other's (at 100,000 fact sets, memory traffic is a large part of pricelint's cost).
 */
function generate(n: number, seed: number): { sets: FactSet[]; jre: JreSet[] } {
  const drafts = draw(n, seed);
  const instants = new InstantCache();
  const rows: { offer: Offer; set: number }[] = [];
  const sets = drafts.map((d, i): FactSet => {
    const location = d.store?.location ?? null;
    const offers = d.offers.map((o, k) => toOffer(o, d.sku, d.line + k));
    const firstRow = rows.length;
    for (const offer of offers) rows.push({ offer, set: i });
    return {
      firstRow,
      kind: d.kind,
      channel: d.channel,
      sku: d.sku,
      location,
      store: d.store,
      stock: d.stock,
      inCatalogue: d.inCatalogue,
      expectedCurrency: d.expectedCurrency,
      offers,
      states: offers.map((o) => new OfferState(PRICING).resolve(o, null, location, ZONE, AT, instants)),
    };
  });
  // The offers as the evaluator keeps them: rows of an offer store, each fact set's under a sku of
  // its own (so no two sets' offers are duplicates of each other). A conflicting offer gets its
  // duplicate row right after all the others, disagreeing on unit_price as toOffer says.
  for (const { offer, set } of rows) OFFERS.add({ ...offer, sku: `set-${set}` }, FEED, offer.line);
  for (const { offer, set } of rows) {
    if (offer.conflicts) OFFERS.add({ ...offer, sku: `set-${set}`, unitPrice: 1 }, FEED, offer.line + 1);
  }
  OFFERS.index();
  const jre = drafts.map((d): JreSet => {
    const location = d.store?.location ?? null;
    if (d.kind === "offer") {
      const facts = {
        ...toJre(d.offers[0]!),
        sku: d.sku,
        location,
        stock: d.stock,
        inCatalogue: d.inCatalogue,
        expectedCurrency: d.expectedCurrency,
        store: d.store === null ? null : jreStore(d.store),
      };
      return { engine: d.channel, facts };
    }
    const facts: Record<string, unknown> = { sku: d.sku, location };
    d.offers.forEach((o, k) => (facts[CHANNELS[k]!] = toJre(o)));
    return { engine: CHANNELS.length, facts };
  });
  return { sets, jre };
}

/** Harness check, untimed: pricelint's resolved facts equal the plain ones JRE is given. */
function checkInputs(sets: readonly FactSet[], jre: readonly JreSet[]): string | null {
  for (let i = 0; i < sets.length; i++) {
    const s = sets[i]!;
    const facts = jre[i]!.facts;
    for (let k = 0; k < s.states.length; k++) {
      const st = s.states[k]!;
      const j = (s.kind === "offer" ? facts : facts[CHANNELS[k]!]) as JreOffer;
      const same = (m: number | null, u: number | null) =>
        m === null ? u === null : u !== null && Math.round(u * 100) * MICROS_PER_CENT === m;
      if (
        st.onSale !== j.onSale ||
        !same(st.effectivePrice, j.effectivePrice) ||
        st.saleStart !== j.saleStart ||
        st.saleEnd !== j.saleEnd ||
        !same(st.offer.price, j.price) ||
        !same(st.offer.salePrice, j.salePrice)
      ) {
        return `fact set ${i} (${s.kind}), offer ${k}: pricelint ${JSON.stringify({ onSale: st.onSale, effectivePrice: st.effectivePrice, saleStart: st.saleStart, saleEnd: st.saleEnd })} vs JRE ${JSON.stringify(j)}`;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The two engines

interface Bit {
  readonly rule: CompiledRule;
  readonly bit: number;
}
interface PairBit extends Bit {
  readonly first: number;
  readonly second: number;
}

interface Pricelint {
  /** Per channel index: the offer rules that apply, with their bits. */
  readonly offerRules: readonly (readonly Bit[])[];
  readonly pairRules: readonly PairBit[];
}

function compilePricelint(): Pricelint {
  const env = { channels: new Set<string>(CHANNELS), minorUnits: {} };
  const compiled = RULES.map((r) => compileRule(r, {}, env, "bench"));
  const offerRules = CHANNELS.map((c) => compiled.flatMap((rule, bit) => (appliesTo(RULES[bit]!, c) ? [{ rule, bit }] : [])));
  const pairRules = compiled.flatMap((rule, bit) =>
    rule.scope === "pair"
      ? [{ rule, bit, first: CHANNELS.indexOf(rule.channels[0] as Channel), second: CHANNELS.indexOf(rule.channels[1] as Channel) }]
      : [],
  );
  return { offerRules, pairRules };
}

/** The offers of every fact set in the columns the evaluator reads (filled by generate()). */
const OFFERS = new OfferStore();
const FEED = OFFERS.addFeed("prices.csv", null);

/** Points the reused context at a fact set's sku and location (its offers are set per rule). */
function enter(ctx: EvalContext, s: FactSet): void {
  ctx.sku = s.sku;
  ctx.inCatalogue = s.inCatalogue;
  ctx.location = s.location;
  ctx.store = s.store;
  ctx.expectedCurrency = s.expectedCurrency;
  ctx.stock = s.stock;
}

/** pricelint, OfferStates resolved beforehand: fills the reused context, runs the predicates. */
function runPricelint(p: Pricelint, sets: readonly FactSet[], from: number, to: number, masks: Int32Array): void {
  const ctx = new EvalContext();
  ctx.defaultCurrency = DEFAULT_CURRENCY;
  for (let i = from; i < to; i++) {
    const s = sets[i]!;
    enter(ctx, s);
    let mask = 0;
    if (s.kind === "offer") {
      ctx.offer = s.states[0]!;
      ctx.other = null;
      const rules = p.offerRules[s.channel]!;
      for (let k = 0; k < rules.length; k++) if (fires(rules[k]!.rule, ctx)) mask |= 1 << rules[k]!.bit;
    } else {
      const rules = p.pairRules;
      for (let k = 0; k < rules.length; k++) {
        const r = rules[k]!;
        ctx.offer = s.states[r.first]!;
        ctx.other = s.states[r.second]!;
        if (fires(r.rule, ctx)) mask |= 1 << r.bit;
      }
    }
    masks[i] = mask;
  }
}

/** Where a resolving run gets offer k of a fact set: a prebuilt `Offer`, or a row of the offer store read into `into`. */
type OfferSource = (s: FactSet, k: number, into: OfferRecord) => Offer;
const FROM_OBJECTS: OfferSource = (s, k) => s.offers[k]!;
const FROM_STORE: OfferSource = (s, k, into) => OFFERS.read(s.firstRow + k, into);

/**
 * pricelint resolving each offer (window, onSale, effectivePrice) into reused OfferStates in
 * the loop, as `evaluate.ts` does: from prebuilt offer objects, or (as check runs now) from
 * the offer store's columns.
 */
function runPricelintResolving(
  p: Pricelint,
  sets: readonly FactSet[],
  from: number,
  to: number,
  masks: Int32Array,
  offerOf: OfferSource,
): void {
  const ctx = new EvalContext();
  ctx.defaultCurrency = DEFAULT_CURRENCY;
  const instants = new InstantCache();
  const first = new OfferState(PRICING);
  const second = new OfferState(PRICING);
  for (let i = from; i < to; i++) {
    const s = sets[i]!;
    enter(ctx, s);
    let mask = 0;
    if (s.kind === "offer") {
      ctx.offer = first.resolve(offerOf(s, 0, first.record), null, s.location, ZONE, AT, instants);
      ctx.other = null;
      const rules = p.offerRules[s.channel]!;
      for (let k = 0; k < rules.length; k++) if (fires(rules[k]!.rule, ctx)) mask |= 1 << rules[k]!.bit;
    } else {
      const rules = p.pairRules;
      for (let k = 0; k < rules.length; k++) {
        const r = rules[k]!;
        ctx.offer = first.resolve(offerOf(s, r.first, first.record), null, s.location, ZONE, AT, instants);
        ctx.other = second.resolve(offerOf(s, r.second, second.record), null, s.location, ZONE, AT, instants);
        if (fires(r.rule, ctx)) mask |= 1 << r.bit;
      }
    }
    masks[i] = mask;
  }
}

interface Jre {
  /** Per channel index: an engine with the offer rules that apply to that channel; then the pair engine. */
  readonly engines: readonly Engine[];
  readonly bitOf: ReadonlyMap<string, number>;
}

function buildJre(): Jre {
  // allowUndefinedFacts is left false: every fact a rule reads is in every fact set (null when absent).
  const props = (r: RuleDefinition): RuleProperties => ({
    name: r.id,
    conditions: r.conditions as TopLevelCondition,
    event: { type: r.id },
  });
  const offerEngines = CHANNELS.map((c) => {
    const engine = new Engine([], { allowUndefinedFacts: false });
    for (const r of RULES) if (appliesTo(r, c)) engine.addRule(props(r));
    // e-reservation-low-stock compares with { fact: "options", path: "$.minStock" }: the rule's option values (their defaults) as a fact.
    if (c === "e_reservation") engine.addFact("options", { minStock: eReservationLowStock.options.minStock.default });
    return engine;
  });
  const pairEngine = new Engine([], { allowUndefinedFacts: false });
  for (const r of RULES) if (r.scope === "pair") pairEngine.addRule(props(r));
  return { engines: [...offerEngines, pairEngine], bitOf: new Map(RULES.map((r, i) => [r.id, i])) };
}

async function runJre(j: Jre, sets: readonly JreSet[], from: number, to: number, masks: Int32Array): Promise<void> {
  for (let i = from; i < to; i++) {
    const s = sets[i]!;
    const { events } = await j.engines[s.engine]!.run(s.facts);
    let mask = 0;
    for (const e of events) mask |= 1 << j.bitOf.get(e.type)!;
    masks[i] = mask;
  }
}

// ---------------------------------------------------------------------------------------------
// Main

function countBits(masks: Int32Array, from: number, to: number): number[] {
  const counts = RULES.map(() => 0);
  for (let i = from; i < to; i++) {
    const m = masks[i]!;
    for (let b = 0; b < RULES.length; b++) if (m & (1 << b)) counts[b]!++;
  }
  return counts;
}

function parseArgs(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  const valued = new Set(["facts", "jre-sample", "seed", "rounds"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const name = arg.slice(2);
    if (name === "quick" || name === "help") flags.set(name, "true");
    else if (valued.has(name)) {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) <= 0) throw new Error(`--${name} takes a positive integer`);
      flags.set(name, v);
    } else throw new Error(`unknown flag ${arg}`);
  }
  return flags;
}

/**
 * Before a timed pass: a full GC (without needing node --expose-gc), then 100 ms idle so the
 * collector's concurrent sweeping is over and does not compete for the 2 cores during the pass.
 */
function settler(): () => Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  return async () => {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  };
}

/** pricelint passes per round (a pass takes ~0.1 s; JRE runs once per round). */
const PL_PASSES = 5;
const HOT = 1_000;
const HOT_REPS_PRICELINT = 100;
const HOT_REPS_JRE = 5;

const USAGE = "usage: npx tsx bench/rules-engine.ts [--facts N] [--quick] [--jre-sample N] [--seed N] [--rounds N]";
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
/**
 * On-CPU time of the main thread in ms (Linux: /proc/thread-self/schedstat, in ns), NaN elsewhere.
 * Unlike wall time it leaves out the time other processes had the core; unlike process.cpuUsage()
 * it leaves out V8's helper threads (concurrent GC and compilation).
 */
function threadCpuMs(): number {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

interface Timing {
  readonly wall: number[];
  readonly cpu: number[];
}
const timing = (): Timing => ({ wall: [], cpu: [] });
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<number> {
  let flags: Map<string, string>;
  try {
    flags = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  const quick = flags.has("quick");
  const n = Number(flags.get("facts") ?? (quick ? 10_000 : 100_000));
  const sample = Math.min(n, Number(flags.get("jre-sample") ?? n));
  const seed = Number(flags.get("seed") ?? 1);
  const rounds = Number(flags.get("rounds") ?? (quick ? 2 : 3));

  const t0 = performance.now();
  const { sets, jre } = generate(n, seed);
  const genMs = performance.now() - t0;
  const bad = checkInputs(sets, jre);
  if (bad) {
    console.error(`harness error: the two engines would not see the same facts: ${bad}`);
    return 1;
  }
  const offerSets = sets.filter((s) => s.kind === "offer").length;
  const p = compilePricelint();
  const j = buildJre();

  const cpu = cpus();
  console.log(`rules-engine bench: node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? "?"}, ${process.platform}`);
  console.log(
    `rules: ${RULES.length} (${BUILTIN_OFFER_RULES.length} built-in offer, ${HOUSE_RULES.length} house offer, ${BUILTIN_PAIR_RULES.length} built-in pair); ` +
      `fact sets: ${fmt(n)} (${fmt(offerSets)} offer, ${fmt(n - offerSets)} pair of 5 channel offers), seed ${seed}, generated in ${fmt(genMs)} ms`,
  );
  console.log(
    `check instant ${AT_ISO}; JRE sample: ${sample === n ? `all ${fmt(n)} fact sets` : `first ${fmt(sample)} of ${fmt(n)} fact sets (per-fact-set cost extrapolated)`}; ${rounds} timed rounds\n`,
  );

  const pMasks = new Int32Array(n);
  const rMasks = new Int32Array(n);
  const sMasks = new Int32Array(n);
  const jMasks = new Int32Array(n);

  // Warm-up: both engines, untimed.
  const warm = Math.min(n, 5_000);
  for (let k = 0; k < 3; k++) {
    runPricelint(p, sets, 0, n, pMasks);
    runPricelintResolving(p, sets, 0, n, rMasks, FROM_OBJECTS);
    runPricelintResolving(p, sets, 0, n, sMasks, FROM_STORE);
  }
  for (let k = 0; k < 2; k++) await runJre(j, jre, 0, warm, jMasks);

  // Timed rounds, interleaved: pricelint (pre-resolved) ×PL_PASSES, pricelint (resolving) ×PL_PASSES,
  // JRE ×1; a full GC, 100 ms idle and an untimed warm-up before each timed pass. Medians are taken over all passes.
  const settle = settler();
  const timed = async (into: Timing, pass: () => void | Promise<void>, warm: () => void | Promise<void> = pass): Promise<void> => {
    await settle();
    await warm();
    const cpu0 = threadCpuMs();
    const t0 = performance.now();
    const pending = pass();
    if (pending) await pending;
    into.wall.push(performance.now() - t0);
    into.cpu.push(threadCpuMs() - cpu0);
  };
  const times = { pricelint: timing(), resolving: timing(), store: timing(), jre: timing() };
  let checksum = 0;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < PL_PASSES; k++) await timed(times.pricelint, () => runPricelint(p, sets, 0, n, pMasks));
    for (let k = 0; k < PL_PASSES; k++) await timed(times.resolving, () => runPricelintResolving(p, sets, 0, n, rMasks, FROM_OBJECTS));
    for (let k = 0; k < PL_PASSES; k++) await timed(times.store, () => runPricelintResolving(p, sets, 0, n, sMasks, FROM_STORE));
    await timed(
      times.jre,
      () => runJre(j, jre, 0, sample, jMasks),
      () => runJre(j, jre, 0, warm, jMasks),
    );
    for (let i = 0; i < n; i += 97) checksum = (checksum * 31 + pMasks[i]! + rMasks[i]! + sMasks[i]! + jMasks[i % sample]!) | 0;
  }

  // Cache-hot: the first HOT fact sets again and again (pricelint ×HOT_REPS_PRICELINT, JRE ×HOT_REPS_JRE per pass).
  const hotN = Math.min(HOT, sample);
  const hotP = new Int32Array(hotN);
  const hotJ = new Int32Array(hotN);
  const hot = { pricelint: timing(), jre: timing() };
  let hotMismatches = 0;
  for (let round = 0; round < rounds; round++) {
    await timed(hot.pricelint, () => {
      for (let k = 0; k < HOT_REPS_PRICELINT; k++) runPricelint(p, sets, 0, hotN, hotP);
    });
    await timed(
      hot.jre,
      async () => {
        for (let k = 0; k < HOT_REPS_JRE; k++) await runJre(j, jre, 0, hotN, hotJ);
      },
      () => runJre(j, jre, 0, hotN, hotJ),
    );
    for (let i = 0; i < hotN; i++) if (hotP[i] !== jMasks[i] || hotJ[i] !== jMasks[i]) hotMismatches++;
  }

  // Agreement: per rule over the JRE range, and fact set by fact set.
  const pCounts = countBits(pMasks, 0, sample);
  const rCounts = countBits(rMasks, 0, sample);
  const sCounts = countBits(sMasks, 0, sample);
  const jCounts = countBits(jMasks, 0, sample);
  const pFull = countBits(pMasks, 0, n);
  let mismatches = 0;
  let firstMismatch = -1;
  for (let i = 0; i < sample; i++) {
    if (pMasks[i] !== jMasks[i] || rMasks[i] !== jMasks[i] || sMasks[i] !== jMasks[i]) {
      mismatches++;
      if (firstMismatch < 0) firstMismatch = i;
    }
  }
  const idWidth = Math.max(...RULES.map((r) => r.id.length));
  const range = sample === n ? "" : ` (first ${fmt(sample)})`;
  console.log(
    `${"rule".padEnd(idWidth)}  ${"scope".padEnd(5)}  ${`JRE${range}`.padStart(10)}  ${`pricelint${range}`.padStart(10)}  ${"resolving".padStart(10)}  ${"store".padStart(10)}${sample === n ? "" : `  ${"pricelint (all)".padStart(15)}`}  agree`,
  );
  let countsDiffer = false;
  RULES.forEach((r, b) => {
    const ok = pCounts[b] === jCounts[b] && rCounts[b] === jCounts[b] && sCounts[b] === jCounts[b];
    if (!ok) countsDiffer = true;
    console.log(
      `${r.id.padEnd(idWidth)}  ${r.scope.padEnd(5)}  ${fmt(jCounts[b]!).padStart(10)}  ${fmt(pCounts[b]!).padStart(10)}  ${fmt(rCounts[b]!).padStart(10)}  ${fmt(sCounts[b]!).padStart(10)}` +
        `${sample === n ? "" : `  ${fmt(pFull[b]!).padStart(15)}`}  ${ok ? "yes" : "NO"}`,
    );
  });
  const fired = (c: number[]) => c.reduce((a, b) => a + b, 0);
  console.log(
    `${"total".padEnd(idWidth)}  ${"".padEnd(5)}  ${fmt(fired(jCounts)).padStart(10)}  ${fmt(fired(pCounts)).padStart(10)}  ${fmt(fired(rCounts)).padStart(10)}  ${fmt(fired(sCounts)).padStart(10)}${sample === n ? "" : `  ${fmt(fired(pFull)).padStart(15)}`}\n`,
  );

  const line = (label: string, t: Timing, count: number): { wall: number; cpu: number } => {
    const wall = median(t.wall);
    const cpu = median(t.cpu);
    const us = (wall * 1000) / count;
    console.log(
      `${label.padEnd(34)} ${fmt(wall, 1).padStart(9)} ms for ${fmt(count).padStart(7)} fact sets ${fmt(us, 3).padStart(8)} µs/set ${fmt(1e6 / us).padStart(10)} sets/s` +
        ` | CPU ${fmt((cpu * 1000) / count, 3).padStart(7)} µs/set | ${t.wall.length} passes, wall min ${fmt(Math.min(...t.wall), 1)}, max ${fmt(Math.max(...t.wall), 1)} ms`,
    );
    return { wall: (wall * 1000) / count, cpu: (cpu * 1000) / count };
  };
  console.log(
    `${rounds} rounds; per round ${PL_PASSES} passes of each pricelint run and 1 of JRE; medians (wall clock; CPU = main thread on-CPU time):`,
  );
  const jr = line("json-rules-engine 7.3.1", times.jre, sample);
  if (sample !== n)
    console.log(`${"".padEnd(34)} ≈ ${fmt((jr.wall * n) / 1000, 0)} ms for all ${fmt(n)} fact sets (extrapolated from the sample)`);
  const pl = line("pricelint (OfferStates resolved)", times.pricelint, n);
  const rs = line("pricelint (resolving in the loop)", times.resolving, n);
  const st = line("pricelint (from the offer store)", times.store, n);
  console.log(
    `\nratio, µs per fact set, JRE / pricelint: ${fmt(jr.wall / pl.wall, 0)}× wall, ${fmt(jr.cpu / pl.cpu, 0)}× CPU` +
      ` (resolving in the loop: ${fmt(jr.wall / rs.wall, 0)}× wall, ${fmt(jr.cpu / rs.cpu, 0)}× CPU;` +
      ` from the offer store, as check runs: ${fmt(jr.wall / st.wall, 0)}× wall, ${fmt(jr.cpu / st.cpu, 0)}× CPU); target ≥ 200×`,
  );
  console.log(`\ncache-hot, first ${fmt(hotN)} fact sets repeated (one pass = all repeats; medians):`);
  const hj = line(`json-rules-engine, ×${HOT_REPS_JRE}`, hot.jre, hotN * HOT_REPS_JRE);
  const hp = line(`pricelint (resolved), ×${HOT_REPS_PRICELINT}`, hot.pricelint, hotN * HOT_REPS_PRICELINT);
  console.log(`ratio, cache-hot: ${fmt(hj.wall / hp.wall, 0)}× wall, ${fmt(hj.cpu / hp.cpu, 0)}× CPU`);
  console.log(`checksum ${checksum >>> 0}`);
  if (countsDiffer || mismatches > 0 || hotMismatches > 0) {
    if (hotMismatches > 0) console.log(`cache-hot runs: ${fmt(hotMismatches)} fact-set results differ from the full runs`);
    const i = firstMismatch;
    console.log(`agreement: NO — per-rule counts ${countsDiffer ? "differ" : "agree"}; ${fmt(mismatches)} fact sets differ`);
    if (i >= 0) {
      const names = (m: number) =>
        RULES.filter((_, b) => m & (1 << b))
          .map((r) => r.id)
          .join(", ") || "none";
      console.log(
        `first: fact set ${i}: JRE [${names(jMasks[i]!)}], pricelint [${names(pMasks[i]!)}], resolving [${names(rMasks[i]!)}], store [${names(sMasks[i]!)}]`,
      );
      console.log(`JRE facts: ${JSON.stringify(jre[i]!.facts)}`);
    }
    return 1;
  }
  console.log(
    `agreement: yes — all ${RULES.length} per-rule counts and all ${fmt(sample)} per-fact-set results are identical in both engines`,
  );
  return 0;
}

process.exitCode = await main();
