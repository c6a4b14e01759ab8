import {
  CONTEXT_FACTS, FAMILY_MEMBER_FACTS, OFFER_FACTS, PRODUCT_FACTS, PROMOTION_FACTS, STORE_FACTS,
  type EvalContext, type FactDef, type FactNeeds, type FactType, type FactValue, type Scope,
} from "./facts.js";
import { disputed } from "../model/offer.js";
import type { OfferState } from "../pricing/offer-state.js";
import type { DateRole } from "../time/instant.js";
import { followPath, type PathStep } from "./json-path.js";

/**
 * Whose currency a money fact of an offer or pair rule is in: the offer's (a pair's first
 * channel's, and the offer's own changes, median and prior price), a pair's second channel's, the
 * config's (`product.cost`, `product.mapPrice`), or the previous state's offer's (`previous.*`).
 * A rule's amounts given per currency are chosen by it (see CompileEnv.sides).
 */
export type CurrencyOf = "offer" | "other" | "config" | "previous";

/** A compiled fact lookup. `currency` is set for money facts. */
export interface Accessor {
  readonly label: string;
  readonly type: FactType;
  readonly get: (ctx: EvalContext) => FactValue;
  readonly currency: ((ctx: EvalContext) => string | null) | null;
  /** Set for money facts but a family member's: whose currency `currency` gives. */
  readonly currencyOf?: CurrencyOf;
  /** Set for an offer's money facts: whether its amounts include tax (see taxIncluded). */
  readonly taxIncluded?: (ctx: EvalContext) => boolean | null;
  /**
   * Set when `get` is `of(ctx[entity])`, missing where that is null or `unless` holds of it:
   * generated predicates read the entity and call `of` themselves, one call less and one V8 can
   * inline.
   */
  readonly on?: EntityRead;
  /** What evaluation must provide for it (see FactNeeds); none when absent. */
  readonly needs?: FactNeeds;
  /** Milliseconds added to an instant fact (`"plus": "P3D"`); none when absent. */
  readonly shift?: number;
  /**
   * How a bare date compared with this instant fact is read: `"end"` for the exclusive end of a
   * window (its FactDef says so), as its feed field reads it; the start of the day when absent.
   */
  readonly dateRole?: DateRole;
}

/** The parts of the context a fact is read from. */
export type Entity = "offer" | "other" | "store" | "product" | "promotion";
/**
 * A fact of an entity: which one, and the fact's function of it (its type depends on the entity;
 * only generated code calls it); where `unless` holds of the entity, the fact is missing.
 */
export type EntityRead = { readonly entity: Entity; readonly of: (value: never) => FactValue; readonly unless?: (value: never) => boolean };

/** Where a rule's facts come from: a fact name and path steps → an accessor, `"option"`, or unknown. */
export interface FactResolver {
  resolve(fact: string, steps: readonly PathStep[]): Accessor | "option" | undefined;
  /** Fact names to suggest when `name` is unknown. */
  known(name: string): string[];
}

/**
 * The typed facts of a scope (the facts table): offer facts, `<channel>.<fact>` in pair scope,
 * `product.*`, `store.*`, the scope's own facts, and `options.<name>`. A path is part of the
 * name: `{fact: "web", path: "$.effectivePrice"}` is `web.effectivePrice`.
 */
export function scopeFacts(scope: Scope, channels: readonly string[]): FactResolver {
  return {
    resolve(fact, steps) {
      const last = steps.at(-1);
      const names = typeof last === "number" ? steps.slice(0, -1) : steps;
      if (names.some((s) => typeof s === "number")) return undefined;
      const found = lookupFact([fact, ...names].join("."), scope, channels);
      return typeof last === "number" ? listItem(found, last) : found;
    },
    known: (name) => knownFacts(scope, channels, name),
  };
}

/** Item `index` of a list fact (`$.listedChannels[0]`), a text; missing past the list's end. Undefined for any other fact. */
function listItem(list: Accessor | "option" | undefined, index: number): Accessor | undefined {
  if (list === undefined || list === "option" || list.type !== "list") return undefined;
  const { get, needs } = list;
  return {
    label: `${list.label}[${index}]`,
    type: "string",
    get: (ctx) => {
      const items = get(ctx);
      return Array.isArray(items) && index < items.length ? (items[index] as FactValue) : null;
    },
    currency: null,
    ...(needs ? { needs } : {}),
  };
}

/** Facts as plain JSON values in `ctx.custom`, compared exactly as json-rules-engine compares them. */
export function jsonFacts(): FactResolver {
  return {
    resolve(fact, steps) {
      if (fact === "options" && steps.length > 0) return "option";
      const label = [fact, ...steps.map((s) => (typeof s === "number" ? `[${s}]` : s))].join(".").replaceAll(".[", "[");
      return {
        label,
        type: "json",
        get: (ctx) => {
          const root = Object.hasOwn(ctx.custom, fact) ? ctx.custom[fact] : undefined;
          const value = steps.length === 0 ? root : followPath(root, steps);
          return value === undefined ? null : (value as FactValue);
        },
        currency: null,
      };
    },
    known: () => [],
  };
}

function lookupFact(name: string, scope: Scope, channels: readonly string[]): Accessor | "option" | undefined {
  // A channel id may hold dots (`mp.amazon`): in a pair rule, a name that starts with one of the
  // rule's channels and a dot, then names an offer fact, is that channel's fact.
  const channel =
    scope === "pair" ? channels.find((c) => name.startsWith(`${c}.`) && OFFER_FACTS.some((d) => d.name === name.slice(c.length + 1))) : undefined;
  const dot = channel === undefined ? name.indexOf(".") : channel.length;
  const root = dot < 0 ? name : name.slice(0, dot);
  const rest = dot < 0 ? "" : name.slice(dot + 1);
  if (root === "options" && rest !== "") return "option";
  if (root === "product" && rest !== "") {
    const def = PRODUCT_FACTS.find((d) => d.name === rest);
    if (!def) return undefined;
    return {
      label: name,
      type: def.type,
      get: (ctx) => (ctx.product === null ? null : def.get(ctx.product)),
      currency: def.type === "money" ? (ctx) => ctx.defaultCurrency : null,
      ...(def.type === "money" ? { currencyOf: "config" as const } : {}),
      on: { entity: "product", of: def.get },
      // In promotion scope, the product is that of each sku the promotion covers.
      ...(scope === "promotion" ? { needs: { coveredSku: true } } : {}),
    };
  }
  // In a pair rule on the `store` channel, `store.<offer fact>` is that channel's offer; the
  // location's own facts stay `store.<name>` (their names differ, except `currency`).
  const channelFact = scope === "pair" && channels.includes(root) ? OFFER_FACTS.find((d) => d.name === rest) : undefined;
  if (root === "store" && rest !== "" && (scope === "offer" || scope === "pair") && !channelFact) {
    const def = STORE_FACTS.find((d) => d.name === rest);
    if (!def) return undefined;
    return { label: name, type: def.type, get: (ctx) => (ctx.store === null ? null : def.get(ctx.store)), currency: null, on: { entity: "store", of: def.get } };
  }
  if (channelFact) return offerFact(name, channelFact, channels.indexOf(root) !== 0);
  if (scope === "family" && (root === "smaller" || root === "larger") && rest !== "") {
    const def = FAMILY_MEMBER_FACTS.find((d) => d.name === rest);
    if (!def) return undefined;
    const member = root === "smaller" ? (ctx: EvalContext) => ctx.smaller : (ctx: EvalContext) => ctx.larger;
    const money = def.type === "money";
    return {
      label: name,
      type: def.type,
      get: (ctx) => {
        const m = member(ctx);
        return m === null ? null : def.get(m);
      },
      currency: money ? (ctx) => member(ctx)?.state.offer.currency ?? null : null,
      // Two members' amounts compare on one tax basis only, as two offers' do.
      ...(money ? { taxIncluded: (ctx: EvalContext) => member(ctx)?.state.offer.taxIncluded ?? null } : {}),
    };
  }
  if (rest !== "" && root === "previous") return contextFact(name, scope);
  if (rest !== "") return undefined;
  if (scope === "promotion") {
    const def = PROMOTION_FACTS.find((d) => d.name === name);
    if (def) return { label: name, type: def.type, get: (ctx) => (ctx.promotion === null ? null : def.get(ctx.promotion)), currency: null, on: { entity: "promotion", of: def.get } };
  }
  const context = CONTEXT_FACTS.find((d) => d.name === name && d.scopes.includes(scope));
  if (context) return contextAccessor(name, context, scope);
  if (scope === "offer") {
    const def = OFFER_FACTS.find((d) => d.name === name);
    return def ? offerFact(name, def, false) : undefined;
  }
  return undefined;
}

/**
 * An offer fact read on the context's offer (offer scope, a pair's first channel) or, with
 * `other`, on a pair's second channel: two closures rather than a side selector, one call less
 * on the hot path.
 */
function offerFact(label: string, def: FactDef<OfferState>, other: boolean): Accessor {
  const get = def.get;
  const money = def.type === "money";
  // An amount is missing where the offer's currency is disputed; `unless` says so to generated code.
  const unknown = money ? currencyDisputed : noDispute;
  const unless = money ? { unless: currencyDisputed } : {};
  const extra = { ...(def.needs ? { needs: def.needs } : {}), ...(def.dateRole ? { dateRole: def.dateRole } : {}) };
  return other
    ? { label, type: def.type, get: (ctx) => (ctx.other === null || unknown(ctx.other) ? null : get(ctx.other)), currency: money ? (ctx) => ctx.other?.offer.currency ?? null : null, ...(money ? { taxIncluded: otherTaxIncluded, currencyOf: "other" as const } : {}), on: { entity: "other", of: get, ...unless }, ...extra }
    : { label, type: def.type, get: (ctx) => (ctx.offer === null || unknown(ctx.offer) ? null : get(ctx.offer)), currency: money ? (ctx) => ctx.offer?.offer.currency ?? null : null, ...(money ? { taxIncluded: offerTaxIncluded, currencyOf: "offer" as const } : {}), on: { entity: "offer", of: get, ...unless }, ...extra };
}

/**
 * Whether the offer's duplicate rows disagree on its currency (see disputed): each of its amounts
 * is then in one row's currency or another's, so every amount fact is missing, whichever row came
 * first. One function for every amount: generated code calls it, not a wrapper per fact, and inlines it.
 */
const currencyDisputed = (s: OfferState): boolean => disputed(s.offer, "currency");
const noDispute = (): boolean => false;

/** Whether the amounts of the context's offer, or a pair's second offer, include tax. */
const offerTaxIncluded = (ctx: EvalContext): boolean | null => ctx.offer?.offer.taxIncluded ?? null;
/** The previous offer's basis; one not recorded (a version-1 snapshot) is taken as the offer's, as that version compared them. */
const previousTaxIncluded = (ctx: EvalContext): boolean | null => {
  const previous = ctx.change?.previous;
  return previous === null || previous === undefined ? null : (previous.taxIncluded ?? offerTaxIncluded(ctx));
};
const otherTaxIncluded = (ctx: EvalContext): boolean | null => ctx.other?.offer.taxIncluded ?? null;

/** The facts a scope knows, narrowed to the namespace of `name` when it has one (`product.…`). */
function knownFacts(scope: Scope, channels: readonly string[], name: string): string[] {
  const channel = scope === "pair" ? channels.find((c) => name.startsWith(`${c}.`)) : undefined;
  const root = channel ?? (name.includes(".") ? name.slice(0, name.indexOf(".")) : null);
  const names: string[] = [];
  if (root === null) {
    names.push(...CONTEXT_FACTS.filter((d) => d.scopes.includes(scope)).map((d) => d.name));
    if (scope === "offer") names.push(...OFFER_FACTS.map((d) => d.name));
    if (scope === "promotion") names.push(...PROMOTION_FACTS.map((d) => d.name));
    names.push("product.<name>", "options.<name>");
    if (scope === "offer" || scope === "pair") names.push("store.<name>");
    if (scope === "pair") names.push(...channels.map((c) => `${c}.<name>`));
    if (scope === "family") names.push("smaller.<name>", "larger.<name>");
    return names;
  }
  if (scope === "pair" && channels.includes(root)) names.push(...OFFER_FACTS.map((d) => `${root}.${d.name}`));
  if (root === "product") names.push(...PRODUCT_FACTS.map((d) => `product.${d.name}`));
  if (root === "store" && (scope === "offer" || scope === "pair")) names.push(...STORE_FACTS.map((d) => `store.${d.name}`));
  if (scope === "family" && (root === "smaller" || root === "larger")) names.push(...FAMILY_MEMBER_FACTS.map((d) => `${root}.${d.name}`));
  return names.length > 0 ? names : knownFacts(scope, channels, "");
}

/** A fact of the evaluation named with a dot (`previous.price`). */
function contextFact(name: string, scope: Scope): Accessor | undefined {
  const def = CONTEXT_FACTS.find((d) => d.name === name && d.scopes.includes(scope));
  return def ? contextAccessor(name, def, scope) : undefined;
}

/**
 * A fact of the evaluation. Its amounts are in the previous offer's currency and tax basis
 * (`previous.*`), else in the offer's (a change, a median or a prior price of the offer):
 * compared only with amounts in that currency and on that basis, as every amount is.
 */
function contextAccessor(name: string, def: (typeof CONTEXT_FACTS)[number], scope: Scope): Accessor {
  const previous = name.startsWith("previous.");
  const money: Pick<Accessor, "taxIncluded" | "currencyOf"> =
    def.type !== "money" ? {} : { taxIncluded: previous ? previousTaxIncluded : offerTaxIncluded, currencyOf: previous ? "previous" : "offer" };
  const currency: Accessor["currency"] =
    def.type !== "money" ? null : previous ? (ctx) => ctx.change?.previous?.currency ?? null : (ctx) => ctx.offer?.offer.currency ?? null;
  return { label: name, type: def.type, get: def.get, currency, ...money, ...needsIn(scope, def.needs), ...(def.dateRole ? { dateRole: def.dateRole } : {}) };
}

/** A fact's needs as they apply in `scope`: a covered sku matters in promotion scope alone (`sku` is a fact of every scope). */
function needsIn(scope: Scope, needs: FactNeeds | undefined): { needs?: FactNeeds } {
  if (needs === undefined) return {};
  const { coveredSku, ...rest } = needs;
  const kept = scope === "promotion" && coveredSku ? { ...rest, coveredSku } : rest;
  return Object.keys(kept).length > 0 ? { needs: kept } : {};
}
