import type { OfferChange, ProductRemoval } from "../changes/offer-change.js";
import type { Source } from "../model/source.js";
import type { Micros } from "../money/amount.js";
import { Ratio } from "../money/ratio.js";
import type { Location } from "../model/location.js";
import type { Product } from "../model/product.js";
import type { Promotion } from "../model/promotion.js";
import type { FamilyMember } from "../pricing/family-member.js";
import type { OfferState } from "../pricing/offer-state.js";
import { isPriorScope, type PriorScope } from "../pricing/omnibus.js";
import { unitPrice } from "../pricing/unit-price.js";
import type { WindowMismatch } from "../pricing/window-mismatch.js";
import { nearest } from "../text/nearest.js";
import { DAY_MS, formatInstant, type DateRole, type Instant } from "../time/instant.js";

/** The scopes a rule can evaluate in. */
export const SCOPES = ["offer", "pair", "product", "family", "promotion"] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * How a fact's values compare: `money` exactly, in its currency, with the rule's tolerance;
 * `quantity` exactly; `instant` as milliseconds; the rest (and `json`, any JSON value) as
 * json-rules-engine compares them.
 */
export type FactType = "money" | "quantity" | "ratio" | "number" | "string" | "boolean" | "instant" | "list" | "json";

/** A fact's value during evaluation; null when the entity does not have it (`json` facts: any JSON value). */
export type FactValue = Micros | number | string | boolean | readonly string[] | Ratio | null | object;

/** What one evaluation sees. Reused between evaluations; the engine fills what the scope needs. */
export class EvalContext {
  /** The check instant (`now`): `--at`, or the window's instant being evaluated. */
  at: Instant = 0;
  /** null in promotion scope for rules that judge the promotion itself. */
  sku: string | null = "";
  location: string | null = null;
  product: Product | null = null;
  store: Location | null = null;
  /** Whether the stores feed lists the location: null at no location, or when no stores feed is given. */
  locationKnown: boolean | null = null;
  /** The stores feed's locations, when one is given (for the nearest known code). */
  locationCodes: ReadonlyMap<string, Location> | null = null;
  /** The stores whose rows the stores feed has but were rejected, each with its first such row. */
  rejectedStores: ReadonlyMap<string, Source> | null = null;
  /** product scope: the locations of the sku's inventory rows; promotion scope: the promotion's; those the stores feed does not list (null: no stores feed). */
  unknownLocations: readonly string[] | null = null;
  stock: number | null = null;
  /** The availability the inventory row at the location gives (null: no row there, or none given). */
  stockAvailability: string | null = null;
  /** null when no catalogue was given. */
  inCatalogue: boolean | null = null;
  /** The skus whose catalogue rows were rejected, each with its first such row (null: no catalogue given). */
  rejectedProducts: ReadonlyMap<string, Source> | null = null;
  /** The categories and brands of the catalogue rows that were rejected, each with its first such row (null: no catalogue given). */
  rejectedCategories: ReadonlyMap<string, Source> | null = null;
  rejectedBrands: ReadonlyMap<string, Source> | null = null;
  /** The currency prices at this location should be in: the location's, else the config's. */
  expectedCurrency: string | null = null;
  /** The currency of amounts that carry none (catalogue cost, MAP): the config's. */
  defaultCurrency: string | null = null;
  /** offer scope: the offer; pair scope: the first channel's offer. */
  offer: OfferState | null = null;
  /** pair scope: the second channel's offer. */
  other: OfferState | null = null;
  /** product scope: channels with a price row, and listed channels without one. */
  pricedChannels: readonly string[] = [];
  unpricedListedChannels: readonly string[] = [];
  /** offer scope: the median effective price of the sku in this channel over its locations. */
  channelMedianPrice: Micros | null = null;
  /** family scope: the family, the channel, and two members of it, the smaller first. */
  family: string | null = null;
  channel: string | null = null;
  smaller: FamilyMember | null = null;
  larger: FamilyMember | null = null;
  /** promotion scope: the promotion, its window in its zone, and (per sku it covers) the channels it misses and the stock where it runs. */
  promotion: Promotion | null = null;
  promotionStart: Micros | null = null;
  promotionEnd: Micros | null = null;
  /** From the promotion's start to its end as the clocks of its zone show it (see wallClockSpan), in milliseconds. */
  promotionSpan: number | null = null;
  promotionActive = false;
  missingChannels: readonly string[] = [];
  availableAtLocations: number | null = null;
  /** promotion scope: what the skus, categories and brands a promotion names are checked against. */
  knownTargets: KnownTargets | null = null;
  /** The catalogue's sku nearest a sku it does not have (null: none close, or no catalogue): see KnownTargets.nearest. */
  nearestSku: ((sku: string) => string | null) | null = null;
  /** product scope: campaigns and sale prices whose windows differ between channels. */
  windowMismatches: readonly WindowMismatch[] = [];
  /** The options of the rule being evaluated (some facts depend on them, e.g. the prior-price scope). */
  ruleOptions: Readonly<Record<string, unknown>> = {};
  /** offer scope, with a previous state: the offer compared with it (null: no previous state given). */
  change: OfferChange | null = null;
  /** product scope, with a previous state: the channels the sku was removed from. */
  removal: ProductRemoval | null = null;
  /** Facts given as plain JSON values, read by rules compiled with `jsonFacts` (tests, embedding). */
  custom: Readonly<Record<string, unknown>> = {};
}

/** What a promotion names to run on: a sku, or the catalogue's category or brand. */
export type TargetKind = "sku" | "category" | "brand";

/** A sku, category or brand a promotion names. */
export interface PromotionTarget {
  readonly kind: TargetKind;
  readonly name: string;
}

/**
 * What the skus, categories and brands promotions name are checked against: the catalogue, and
 * for skus the price rows too.
 */
export interface KnownTargets {
  /** The catalogue lists the sku, or a price row prices it. */
  hasSku(sku: string): boolean;
  /** The categories and brands `promotion` names that no catalogue entry has, categories first, each once; null without a catalogue. */
  unknown(promotion: Promotion): readonly PromotionTarget[] | null;
  /** The catalogue's sku, category or brand nearest `name` (a likely typo), else null. */
  nearest(kind: TargetKind, name: string): string | null;
}

/**
 * What reading a fact asks of evaluation beyond the entity it is read from. The evaluator asks
 * a compiled rule for these (the union over the facts it reads), never for fact names.
 */
export interface FactNeeds {
  /** Offer scope: the median over the sku's offers in the channel at its locations, computed before the offer rules run. */
  readonly channelMedian?: true;
  /** Product scope: the sku's campaign and sale windows, compared between channels. */
  readonly windowMismatches?: true;
  /** Promotion scope: the value varies with the sku the promotion covers, so the rule runs once per covered sku. */
  readonly coveredSku?: true;
  /** Promotion scope, per covered sku: the value names channels the sku is sold in, so a finding cites the row that sells it in each. */
  readonly channelRows?: true;
  /**
   * Offer and pair scopes: the value depends on more than the offer's row and location (on the
   * sku's other offers), so a finding is built when the rule fires, not rebuilt later from its row.
   */
  readonly wholeGroup?: true;
  /**
   * Offer scope: the value reads the price history around the instant (the 30 days up to it, or
   * before a reduction), so it changes as history rows enter and leave that period.
   */
  readonly history?: true;
  /**
   * Offer scope: the value reads the offer's own price history (its channel and location), so
   * at a store with history of its own a channel's default row has another value (see
   * apartDefaults in the evaluator).
   */
  readonly ownHistory?: true;
  /** Offer scope: the value reads the price history in the rule's `scope` option: the offer's own in the offer scope (the default); compiled into ownHistory there. */
  readonly scopedHistory?: true;
  /** Product and promotion scopes: the locations (of inventory rows, of the promotion) that the stores feed does not list. */
  readonly unknownLocations?: true;
  /**
   * The value depends on the check instant itself (`now`): the instants, beyond those where the
   * inputs change, where a condition comparing with it can turn (see ClockChanges).
   */
  readonly clock?: ClockChanges;
  /** Offer and product scopes: the value compares with the previous state (`check --previous`); missing without one. */
  readonly previous?: true;
  /** Offer and pair scopes: the value reads the inventory row at the location, so a finding cites that row beside the price rows. */
  readonly stock?: true;
}

/**
 * Where a rule reading `now` can change its verdict over a window, beyond the instants where the
 * inputs change. A condition comparing `now` (plus a duration) with an instant of the data (a
 * sale's or a promotion's start or end, plus a duration) turns at that instant shifted by the
 * difference of the two durations: `saleEnd ≤ now + P3D` turns 3 days before each sale's end.
 * One comparing `now` with a literal turns at that literal, less `now`'s duration.
 */
export interface ClockChanges {
  /** Offsets in milliseconds from the instants of the data (0 among them when `now` is compared with one). */
  readonly shifts: readonly number[];
  /** Fixed instants. */
  readonly points: readonly Instant[];
}

/** What `now` needs before the conditions that compare it are known: nothing beyond the data's instants. */
const NOW_NEEDS: FactNeeds = { clock: { shifts: [0], points: [] } };

export interface FactDef<T> {
  readonly name: string;
  readonly type: FactType;
  readonly description: string;
  readonly example: string;
  readonly get: (from: T) => FactValue;
  readonly needs?: FactNeeds;
  /** An instant that ends a window: a bare date there (the feed's, a rule's literal) is the end of that day. */
  readonly dateRole?: DateRole;
}

const f = <T>(name: string, type: FactType, description: string, example: string, get: (from: T) => FactValue): FactDef<T> => ({
  name, type, description, example, get,
});

/**
 * A field of the offer, or missing when the offer's duplicate rows disagree on it: which row is
 * right is unknown, so rules do not judge it (price/conflicting-duplicate reports it), and the
 * findings do not depend on the rows' order.
 */
function known<T>(s: OfferState, field: string, value: T): T | null {
  return s.offer.conflicts !== null && s.offer.conflicts.includes(field) ? null : value;
}

/** Facts of one offer: in `offer` scope by name, in `pair` scope as `<channel>.<name>`. */
export const OFFER_FACTS: readonly FactDef<OfferState>[] = [
  f("channel", "string", "the offer's channel", '"click_collect"', (s) => s.offer.channel),
  f("currency", "string", "ISO 4217 code of the offer's amounts", '"EUR"', (s) => known(s, "currency", s.offer.currency)),
  f("price", "money", "regular price", '"12.99"', (s) => known(s, "price", s.offer.price)),
  f("salePrice", "money", "sale price, whether or not its window is open", '"9.99"', (s) => known(s, "sale_price", s.offer.salePrice)),
  f("effectivePrice", "money", "public price at the instant: the sale price inside its window (else the price), with the automatic promotions running then", '"9.99"', (s) => s.effectivePrice),
  f("onSale", "boolean", "the sale price applies at the instant", "true", (s) => s.onSale),
  f("hasSalePrice", "boolean", "a sale price is set", "true", (s) => known(s, "sale_price", s.offer.salePrice !== null)),
  f("hasSaleStart", "boolean", "a sale start is set", "true", (s) => known(s, "sale_start", s.offer.saleStart !== null)),
  f("hasSaleWindow", "boolean", "a sale start or end is set", "false", (s) =>
    known(s, "sale_start", known(s, "sale_end", s.offer.saleStart !== null || s.offer.saleEnd !== null))),
  f("saleStart", "instant", "start of the sale window (a bare date: 00:00 in the offer's zone)", '"2026-11-20T23:00:00.000Z"', (s) => s.saleStart),
  { ...f("saleEnd", "instant", "end of the sale window, exclusive (a bare date: the end of that day)", '"2026-11-30T23:00:00.000Z"', (s) => s.saleEnd), dateRole: "end" },
  f("memberPrice", "money", "price for loyalty members", '"8.99"', (s) => known(s, "member_price", s.offer.memberPrice)),
  f("referencePrice", "money", 'the "was" / prior price shown', '"14.99"', (s) => known(s, "reference_price", s.offer.referencePrice)),
  f("lowestPrice30d", "money", "lowest price of the last 30 days, as declared (lowest_price_30d)", '"11.49"', (s) => known(s, "lowest_price_30d", s.offer.lowestPrice30d)),
  f("hasAnnouncedReduction", "boolean", "a running promotion, or the sale in its window, shows a reference price", "true", (s) => s.announcement() !== null),
  f("announcedReferencePrice", "money", "the reference (\"was\") price the announced reduction shows", '"12.99"', (s) => s.announcement()?.referencePrice ?? null),
  f("reductionStart", "instant", "when the announced reduction started (a campaign: its first step; a sale without a sale_start: its row's valid_from)", '"2026-11-26T23:00:00.000Z"', (s) => s.announcement()?.start ?? null),
  f("exemptPerishable", "boolean", "the product is perishable, so the Omnibus prior-price rule does not apply", "false", (s) => s.product?.perishable === true),
  { ...f("lowestPriceApplied30d", "money", "lowest price applied in the 30 days up to the instant: the declared one, else from price history with the current price", '"11.49"', (s) => s.lowestPrice30d()), needs: { history: true, ownHistory: true } },
  f("unitPrice", "money", "unit price as declared (per kg, l, m, m² or item)", '"3.98"', (s) => known(s, "unit_price", s.offer.unitPrice)),
  f("taxIncluded", "boolean", "amounts include VAT (default true)", "true", (s) => known(s, "tax_included", s.offer.taxIncluded)),
  f("availability", "string", "whether it can be bought, as the row says: in_stock, limited_availability, out_of_stock, on_display_to_order, preorder, backorder", '"in_stock"', (s) => known(s, "availability", s.offer.availability)),
  f("pickupMethod", "string", "how a store offer is picked up, as the row says: buy, reserve, ship_to_store, not_supported", '"buy"', (s) => known(s, "pickup_method", s.offer.pickupMethod)),
  f("pickupSla", "string", "how soon a pickup is ready, as the row says: same_day, next_day, 2_day … 7_day, multi_week", '"same_day"', (s) => known(s, "pickup_sla", s.offer.pickupSla)),
  f("duplicateConflict", "boolean", "another row for the same offer disagrees on a field it gives (a price field, the availability, the pickup)", "false", (s) => s.offer.conflicts !== null),
  f("conflictingFields", "list", "fields on which duplicate rows disagree, by their feed names ([] when they agree); a unit price written to other decimals (3.99 and 3.990) disagrees on unit_price, and a price, sale price or member price written finer than its currency's minor unit on that one (1.78 and 1.780 EUR)", '["price"]', ((agree: readonly string[]) => (s: OfferState) => s.offer.conflicts ?? agree)([])),
  f("memberEffectivePrice", "money", "price for loyalty members at the instant: the member price (else the public base) with member-only promotions", '"8.99"', (s) => s.memberEffectivePrice),
  f("onPromotion", "boolean", "an automatic promotion makes the effective price", "true", (s) => s.promotions.length > 0),
  f("promotions", "list", "ids of the automatic promotions that make the effective price", '["BF-PASTA"]', (s) => s.promotions),
  f("stackingOrderOpen", "boolean", "two stackable promotions that make the effective price have the same priority, or none, and the order they apply in changes it (they apply by promo_id)", "false", (s) => s.unorderedPromotions.length > 0),
  f("unorderedPromotions", "list", "ids of the stackable promotions whose order is open and changes the effective price (see stackingOrderOpen)", '["P-10PCT","P-1EUR"]', (s) => s.unorderedPromotions),
  f("multibuyUnitPrice", "money", "unit price at the trigger quantity of the best running multibuy or buy_x_get_y (a multibuy not below its items at the effective price does not apply)", '"0.83"', (s) => s.multibuyUnitPrice),
  f("discountPercent", "ratio", "how far the effective price is below the price, in percent (exact)", '"25"', (s) =>
    s.offer.price === null || s.effectivePrice === null || s.offer.price <= 0 ? null : Ratio.of(s.offer.price - s.effectivePrice, s.offer.price, 100)),
  f("computedUnitPrice", "money", "effective price ÷ (size × pack_qty) per kg, l, m, m² or item, rounded once to the minor unit, or to the decimals of the effective price or of the declared unit price as written or promoted to (`1.780` and `3.990` have 3) where one has more (2.129 for 1 l is 2.129 per l)", '"2.58"', (s) => {
    if (s.product === null || s.effectivePrice === null) return null;
    // Judged at the precision of the amounts it comes from, and of the declared one it is compared
    // with as written: a declared 3.990 is to the thousandth, though its value is 3.99.
    const declared = known(s, "unit_price", s.offer.unitPrice);
    const decimals = Math.max(s.computedDecimals(), declared === null ? 0 : s.offer.unitPriceDecimals);
    return unitPrice(s.effectivePrice, s.product, decimals, s.pricing.rounding)?.price ?? null;
  }),
  f("unitMeasure", "string", "the unit the unit price is per: kg, l, m, m2 or item", '"kg"', (s) =>
    s.product === null ? null : (unitPrice(0, s.product, 0, "half-up")?.measure ?? null)),
  f("markup", "ratio", "(effective price − cost) ÷ cost, exact; cost is in the config's currency", '"0.25"', (s) => {
    const cost = s.product?.cost ?? null;
    if (cost === null || cost <= 0 || s.effectivePrice === null || s.offer.currency !== s.pricing.defaultCurrency) return null;
    return Ratio.of(s.effectivePrice - cost, cost);
  }),
  f("file", "string", "the file of the offer's row as the config names it; a fetched page's URL", '"pages/0801005.html"', (s) => s.offer.file),
];

/** Facts of the catalogue entry, as `product.<name>`. */
export const PRODUCT_FACTS: readonly FactDef<Product>[] = [
  f("gtin", "string", "GTIN as written", '"08001234567890"', (p) => p.gtin),
  f("title", "string", "product title", '"Pasta di Gragnano 500 g"', (p) => p.title),
  f("brand", "string", "brand", '"Amato"', (p) => p.brand),
  f("category", "string", "category", '"pasta"', (p) => p.category),
  f("family", "string", "family of sizes or variants", '"pasta-amato"', (p) => p.family),
  f("size", "quantity", "net size in size_unit", '"500"', (p) => p.size),
  f("sizeUnit", "string", "unit of size (g kg ml cl l m m2 item ct sheet, and US units: oz lb floz pt qt gal in ft yd sqft)", '"g"', (p) => p.sizeUnit),
  f("packQty", "number", "items in the pack", "6", (p) => p.packQty),
  f("cost", "money", "unit cost, in the config's currency (a catalogue row with one is refused when the config sets none)", '"0.62"', (p) => p.cost),
  f("mapPrice", "money", "minimum advertised price, in the config's currency (a catalogue row with one is refused when the config sets none)", '"0.99"', (p) => p.mapPrice),
  f("perishable", "boolean", "perishable (exempt from the Omnibus prior-price rule)", "false", (p) => p.perishable),
  f("listedChannels", "list", "channels the product is meant to be sold in", '["store","web"]', (p) => p.listedChannels),
  f("launchDate", "string", "launch date as written", '"2026-03-01"', (p) => p.launchDate),
];

/** Facts of the location, as `store.<name>`. */
export const STORE_FACTS: readonly FactDef<Location>[] = [
  f("name", "string", "store name", '"Milano Duomo"', (l) => l.name),
  f("timezone", "string", "IANA time zone", '"Europe/Rome"', (l) => l.timezone),
  f("status", "string", "open, temporarily_closed or closed", '"open"', (l) => l.status),
  f("clickCollect", "boolean", "the store offers click-and-collect", "true", (l) => l.clickCollect),
  f("eReservation", "boolean", "the store offers e-reservation", "true", (l) => l.eReservation),
  f("region", "string", "region", '"Lombardia"', (l) => l.region),
  f("country", "string", "country", '"IT"', (l) => l.country),
  f("currency", "string", "the store's currency (in a pair rule on the store channel: that channel's offer's, as its other facts there are; the location's is then expectedCurrency)", '"EUR"', (l) => l.currency),
];

/** The facts of a comparison with the previous state (`check --previous`): missing without one. */
const CHANGE_FACTS: readonly (FactDef<EvalContext> & { readonly scopes: readonly Scope[] })[] = [
  ...(["price", "salePrice", "effectivePrice"] as const).map((name) =>
    change(`previous.${name}`, "money", `the offer's ${name === "price" ? "regular price" : name === "salePrice" ? "sale price" : "effective price at its instant"} in the previous state`, '"19.99"', (c) => c.previous?.[name] ?? null)),
  change("previous.currency", "string", "the currency of the offer in the previous state", '"EUR"', (c) => c.previous?.currency ?? null),
  change("previous.source", "string", "where the offer was in the previous state: its feed's file and line, or the snapshot's line", '"2026-12-04/prices.csv:12"', (c) => c.previousSource),
  change("isNewOffer", "boolean", "the offer had no row in the previous state (neither its own at the location nor its channel's default)", "false", (c) => c.isNew),
  change("priceChange", "money", "regular price minus the previous state's (missing in another currency or on another tax basis)", '"-18.00"', (c) => c.priceChange),
  change("priceChangeSize", "money", "the size of priceChange, whatever its direction", '"18.00"', (c) => c.priceChangeSize),
  change("priceChangePercent", "ratio", "priceChange in percent of the previous regular price, signed, exact (missing from a previous price of 0: a move from 0 is judged by its size alone)", '"-90.0450225"', (c) => c.priceChangePercent),
  change("priceIncreasePercent", "ratio", "how far the regular price rose, in percent of the previous one (missing unless it rose, and from a previous price of 0)", '"25"', (c) => c.priceIncreasePercent),
  change("priceDecreasePercent", "ratio", "how far the regular price fell, in percent of the previous one (missing unless it fell, and from a previous price of 0)", '"90.0450225"', (c) => c.priceDecreasePercent),
  change("effectivePriceChange", "money", "effective price minus the previous state's effective price", '"-2.00"', (c) => c.effectivePriceChange),
  change("repricedChannels", "list", "channels at the offer's location that had its previous regular price (in its currency, on its tax basis) and changed it while this offer kept it", '["web"]', (c) => c.repricedChannels),
  change("repricedChannelCount", "number", "how many", "1", (c) => c.repricedChannels.length),
  { ...f("removedChannels", "list", "channels the sku had offers in, in the previous state, and has no price row in now", '["app"]', (c) => c.removal?.channels ?? null), scopes: ["product"], needs: { previous: true } },
  { ...f("removedListedChannels", "list", "removed channels where the catalogue still lists the sku (a sku listed in none: every removed channel while it is priced in another; a sku a given catalogue no longer holds: none)", '["app"]', (c) => c.removal?.listed ?? null), scopes: ["product"], needs: { previous: true } },
  { ...f("removedListedChannelCount", "number", "how many", "1", (c) => c.removal?.listed.length ?? null), scopes: ["product"], needs: { previous: true } },
];

/** An offer-scope fact of the comparison with the previous state; built when its rule fires, as it reads the sku's other offers. */
function change(name: string, type: FactType, description: string, example: string, get: (c: OfferChange) => FactValue) {
  return { ...f<EvalContext>(name, type, description, example, (c) => (c.change === null ? null : get(c.change))), scopes: ["offer"] as const, needs: { previous: true, wholeGroup: true } as const };
}

/** Facts of the evaluation itself, by scope. */
export const CONTEXT_FACTS: readonly (FactDef<EvalContext> & { readonly scopes: readonly Scope[] })[] = [
  { ...f("sku", "string", "the sku (family scope: the larger member's; promotion scope: each sku it covers)", '"A-100"', (c) => c.sku), scopes: ["offer", "pair", "product", "family", "promotion"], needs: { coveredSku: true } },
  { ...f("location", "string", "the location evaluated (null for a channel-wide default)", '"MI-01"', (c) => c.location), scopes: ["offer", "pair", "family"] },
  { ...f("stock", "number", "units available at the location (inventory feed)", "4", (c) => c.stock), scopes: ["offer", "pair"], needs: { stock: true } },
  { ...f("stockAvailability", "string", "availability at the location as the inventory feed says (its row's availability)", '"out_of_stock"', (c) => c.stockAvailability), scopes: ["offer", "pair"], needs: { stock: true } },
  { ...f("effectiveAvailability", "string", "the offer's availability where it stands: its row's, else the inventory row's at the location (stockAvailability); missing where the offer's rows disagree on it", '"in_stock"', (c) =>
    c.offer === null ? c.stockAvailability : known(c.offer, "availability", c.offer.offer.availability ?? c.stockAvailability)), scopes: ["offer"], needs: { stock: true } },
  { ...f("inCatalogue", "boolean", "the sku is in the catalogue (missing when no catalogue feed is given)", "true", (c) => c.inCatalogue), scopes: ["offer", "pair", "product"] },
  { ...f("catalogueHint", "string", "the sku, when it is not in the catalogue with the catalogue's row of it that was rejected, else the nearest catalogue sku when one is close (none from a catalogue partitioned upstream, whose buckets a shard holds its own of): for messages", '"0801 (its row in the catalogue, catalogue.csv:12, was rejected)"', (c) => {
    if (c.inCatalogue !== false) return c.sku;
    const rejected = rejectedProduct(c);
    if (rejected !== null) return rejected;
    const near = c.nearestSku?.(c.sku!) ?? null;
    return near === null ? c.sku : `${c.sku!} (did you mean ${near}?)`;
  }), scopes: ["offer"] },
  { ...f("expectedCurrency", "string", "the location's currency, else the config's (a located channel's default row: that of the stores it stands at, those without a row of their own)", '"EUR"', (c) => c.expectedCurrency), scopes: ["offer", "pair"] },
  { ...f("pricedChannels", "list", "channels with at least one price row for the sku", '["store","web"]', (c) => c.pricedChannels), scopes: ["product"] },
  { ...f("unpricedListedChannels", "list", "listed channels without any price row", '["app"]', (c) => c.unpricedListedChannels), scopes: ["product"] },
  { ...f("unpricedListedChannelCount", "number", "how many listed channels have no price row", "1", (c) => c.unpricedListedChannels.length), scopes: ["product"] },
  { ...f("windowMismatches", "list", "campaigns (and sale prices) of the sku whose windows differ between channels, or, at a location where a channel has an offer of its own (its own row, or its default row at a store a promotion limited to stores names), a sale in one channel and none in another; each with its windows, while the last of them has not ended", '["campaign SALDI: store …, web …"]', (c) => c.windowMismatches.map(describeMismatch)), scopes: ["product"], needs: { windowMismatches: true } },
  { ...f("windowMismatchCount", "number", "how many", "1", (c) => c.windowMismatches.length), scopes: ["product"], needs: { windowMismatches: true } },
  { ...f("channelMedianPrice", "money", "median effective price of the sku in the offer's channel, currency and tax basis over its locations, a default row counted at each listed store without its own (3 or more prices; an even count's exact middle mean)", '"1.49"', (c) => c.channelMedianPrice), scopes: ["offer"], needs: { channelMedian: true, wholeGroup: true } },
  { ...f("priorPrice", "money", "lowest price applied in the 30 days before the announced reduction started, in the rule's scope option (offer, channel or company); missing where price history does not cover those 30 days (priorPeriodCovered false)", '"11.49"', (c) =>
    c.offer?.prior(priorScope(c.ruleOptions))?.price ?? null), scopes: ["offer"], needs: { history: true, scopedHistory: true } },
  { ...f("priorPeriodCovered", "boolean", "price history covers the 30 days before the announced reduction, in the rule's scope option", "true", (c) =>
    c.offer?.prior(priorScope(c.ruleOptions))?.covered ?? null), scopes: ["offer"], needs: { history: true, scopedHistory: true } },
  { ...f("start", "instant", "start of the promotion (a bare date: 00:00 in its zone)", '"2026-11-26T23:00:00.000Z"', (c) => c.promotionStart), scopes: ["promotion"] },
  { ...f("end", "instant", "end of the promotion, exclusive (a bare date: the end of that day)", '"2026-11-30T23:00:00.000Z"', (c) => c.promotionEnd), scopes: ["promotion"], dateRole: "end" },
  { ...f("durationDays", "ratio", "length of the window in calendar days of its zone (exact; a day the clocks change is one day)", '"4"', (c) =>
    c.promotionSpan === null ? null : Ratio.of(c.promotionSpan, DAY_MS)), scopes: ["promotion"] },
  {
    ...f("active", "boolean", "the promotion runs at the instant (for a sku it covers: at some place it applies to that sku, in the place's zone)", "true", (c) => c.promotionActive),
    scopes: ["promotion"],
  },
  { ...f("missingChannels", "list", "channels where the sku is listed or priced but the promotion does not run, nor another promotion of its campaign (in a located channel at every store it names, else at every store that sells the sku there: those of its own rows and, where it has a default row, every other listed store, each read in that store's zone as its prices read it; in a channel that is not located, in the config's zone)", '["web"]', (c) => c.missingChannels), scopes: ["promotion"], needs: { coveredSku: true, channelRows: true } },
  { ...f("missingChannelCount", "number", "how many such channels", "1", (c) => c.missingChannels.length), scopes: ["promotion"], needs: { coveredSku: true, channelRows: true } },
  { ...f("unknownSku", "boolean", "the promotion names the sku (its skus column) and neither the catalogue nor any price row has it: it runs on nothing there", "false", skuUnknown), scopes: ["promotion"], needs: { coveredSku: true } },
  { ...f("skuHint", "string", "the sku, when unknownSku with the catalogue's row of it that was rejected, else with the nearest catalogue sku when one is close (in a catalogue of more than 10,000 skus, one differing only in case; none from a catalogue partitioned upstream): for messages", '"pasta-1 (did you mean PASTA-1?)"', (c) => {
    if (skuUnknown(c) !== true) return c.sku;
    return rejectedProduct(c) ?? targetHint({ kind: "sku", name: c.sku! }, c.knownTargets!, false);
  }), scopes: ["promotion"], needs: { coveredSku: true } },
  { ...f("unknownTargets", "list", "the categories and brands the promotion names that no catalogue entry has, as `category <name>` and `brand <name>`; missing when no catalogue is given", '["category Pasta"]', (c) =>
    unknownTargets(c)?.map((t) => `${t.kind} ${t.name}`) ?? null), scopes: ["promotion"] },
  { ...f("unknownTargetCount", "number", "how many", "1", (c) => unknownTargets(c)?.length ?? null), scopes: ["promotion"] },
  { ...f("unknownTargetHints", "list", "each of them, with the catalogue's row that had it where that row was rejected, else the nearest of the catalogue's categories or brands when one is close", '["category Pasta (did you mean pasta?)"]', (c) =>
    unknownTargets(c)?.map((t) => rejectedProduct(c, t) ?? targetHint(t, c.knownTargets!, true)) ?? null), scopes: ["promotion"] },
  { ...f("availableAtLocations", "number", "units of the sku available over the open locations the promotion runs at (a store the stores feed says is not open counts none; missing unless every other one has an inventory row)", "0", (c) => c.availableAtLocations), scopes: ["promotion"], needs: { coveredSku: true } },
  ...CHANGE_FACTS,
  { ...f("family", "string", "the family", '"caffe-torrefazione-nera"', (c) => c.family), scopes: ["family"] },
  { ...f("channel", "string", "the channel both members are priced in", '"store"', (c) => c.channel), scopes: ["family"] },
  { ...f("now", "instant", 'the check instant (--at, or each instant of a window); compare it with another instant, shifted by an ISO 8601 duration with "plus": {"fact": "now", "plus": "P3D"}', '"2026-11-19T23:30:00.000Z"', (c) => c.at), scopes: ["offer", "pair", "product", "family", "promotion"], needs: NOW_NEEDS },
  { ...f("locationKnown", "boolean", "the stores feed lists the location (missing for a default row, or when no stores feed is given)", "false", (c) => c.locationKnown), scopes: ["offer", "pair"] },
  { ...f("nearestLocation", "string", "the listed location code nearest an unlisted one (a likely typo), else missing", '"MI01"', (c) =>
    c.locationKnown === false && c.location !== null && c.locationCodes !== null ? nearest(c.location, c.locationCodes.keys()) : null), scopes: ["offer", "pair"] },
  { ...f("locationHint", "string", "the location, with the nearest listed code when the stores feed does not list it and one is close, or the stores feed's row of it that was rejected (for messages)", '"MI0l (did you mean MI01?)"', (c) =>
    c.location === null ? null : c.locationKnown === false ? locationHint(c.location, c.locationCodes, c.rejectedStores) : c.location), scopes: ["offer", "pair"] },
  { ...f("unknownLocations", "list", "locations the stores feed does not list: of the sku's inventory rows where it has no price row of its own (product scope), named by the promotion (promotion scope); missing when no stores feed is given", '["MI0l"]', (c) => c.unknownLocations), scopes: ["product", "promotion"], needs: { unknownLocations: true } },
  { ...f("unknownLocationCount", "number", "how many", "1", (c) => c.unknownLocations?.length ?? null), scopes: ["product", "promotion"], needs: { unknownLocations: true } },
  { ...f("unknownLocationHints", "list", "each unlisted location, with the nearest listed code when one is close", '["MI0l (did you mean MI01?)"]', (c) => c.unknownLocations?.map((l) => locationHint(l, c.locationCodes, c.rejectedStores)) ?? null), scopes: ["product", "promotion"], needs: { unknownLocations: true } },
];

/** Facts of a family member, as `smaller.<name>` and `larger.<name>` in `family` scope. */
export const FAMILY_MEMBER_FACTS: readonly FactDef<FamilyMember>[] = [
  f("sku", "string", "the member's sku", '"0801012"', (m) => m.product.sku),
  f("size", "quantity", "net size in size_unit", '"1"', (m) => m.product.size),
  f("sizeUnit", "string", "unit of size", '"kg"', (m) => m.product.sizeUnit),
  f("packQty", "number", "items in the pack (1 when not given)", "1", (m) => m.product.packQty ?? 1),
  f("quantity", "quantity", "size × pack_qty in unitMeasure, to a millionth (rounded half up)", '"1"', (m) => m.quantity),
  f("unitMeasure", "string", "kg, l, m, m2 or item", '"kg"', (m) => m.measure),
  f("effectivePrice", "money", "the member's public effective price in the channel at the location", '"14.99"', (m) => m.state.effectivePrice),
  f("unitPrice", "money", "effective price per unitMeasure, rounded once to the minor unit (to the members' prices' decimals where they have more), and finer, up to 6 decimals, where two members' unit prices would round alike (0.045 and 0.055 per item, not 0.05 twice): two members compare as their exact unit prices do, to a millionth", '"14.99"', (m) => m.unitPrice),
];

/** Facts of a promotion, in `promotion` scope (the promotions feed is read by a later release). */
export const PROMOTION_FACTS: readonly FactDef<Promotion>[] = [
  f("promoId", "string", "promotion id", '"BF-2026"', (p) => p.promoId),
  f("type", "string", "percent_off, amount_off, fixed_price, multibuy or buy_x_get_y", '"percent_off"', (p) => p.type),
  f("value", "quantity", "the percentage, the amount off, the new price or the multibuy total", '"20"', (p) => p.value),
  f("channels", "list", "channels it runs in", '["store","web"]', (p) => p.channels),
  f("locations", "list", "locations it runs at (empty: all)", '["MI01"]', (p) => p.locations),
  f("memberOnly", "boolean", "for loyalty members only", "false", (p) => p.memberOnly),
  f("couponCode", "string", "coupon code, if one is needed", '"WELCOME10"', (p) => p.couponCode),
  f("stackable", "boolean", "applies on top of other promotions", "false", (p) => p.stackable),
  f("exclusive", "boolean", "deliberately limited to its channels", "false", (p) => p.exclusive),
  f("campaign", "string", "campaign it belongs to", '"black-friday"', (p) => p.campaign),
  f("title", "string", "title", '"-20% su tutta la pasta"', (p) => p.title),
];

/** An end of a window, "open" when there is none. */
const bound = (instant: number): string => (Number.isFinite(instant) ? formatInstant(instant) : "open");

/**
 * The context's sku, or a category or brand a promotion names (`category pasta`), named with the
 * catalogue row that had it and was rejected (see {@link rejectedRow}); null when none was.
 */
function rejectedProduct(c: EvalContext, target: PromotionTarget = { kind: "sku", name: c.sku! }): string | null {
  const rows = target.kind === "category" ? c.rejectedCategories : target.kind === "brand" ? c.rejectedBrands : c.rejectedProducts;
  const row = rows?.get(target.name);
  return row === undefined ? null : rejectedRow(target.kind === "sku" ? target.name : `${target.kind} ${target.name}`, "the catalogue", row);
}

/** A key named with the row of it a feed rejected: `MI01 (its row in the stores feed, st.csv:2, was rejected)`. */
const rejectedRow = (key: string, feed: string, row: Source): string => `${key} (its row in ${feed}, ${row.file}:${row.line}, was rejected)`;

/**
 * `MI0l (did you mean MI01?)`, or the code alone when no listed one is close; a store whose own
 * row was rejected is said to be so, never offered another store's code.
 */
function locationHint(location: string, known: ReadonlyMap<string, Location> | null, rejected: ReadonlyMap<string, Source> | null): string {
  const row = rejected?.get(location);
  if (row !== undefined) return rejectedRow(location, "the stores feed", row);
  const near = known === null ? null : nearest(location, known.keys());
  return near === null ? location : `${location} (did you mean ${near}?)`;
}

/**
 * Whether the sku a promotion covers is one it names that nothing has: a sku it covers by
 * category or brand is the catalogue's, so one without a catalogue entry is named (null: no sku).
 */
function skuUnknown(c: EvalContext): boolean | null {
  return c.sku === null || c.knownTargets === null ? null : c.product === null && !c.knownTargets.hasSku(c.sku);
}

/** The categories and brands the context's promotion names that the catalogue does not have (null: no promotion, or no catalogue). */
function unknownTargets(c: EvalContext): readonly PromotionTarget[] | null {
  return c.promotion === null || c.knownTargets === null ? null : c.knownTargets.unknown(c.promotion);
}

/** `category Pasta (did you mean pasta?)` (`pasta-1 (did you mean PASTA-1?)` without `kind`), or without the hint when nothing is close. */
function targetHint(target: PromotionTarget, known: KnownTargets, kind: boolean): string {
  const near = known.nearest(target.kind, target.name);
  const named = kind ? `${target.kind} ${target.name}` : target.name;
  return near === null ? named : `${named} (did you mean ${near}?)`;
}

function priorScope(options: Readonly<Record<string, unknown>>): PriorScope {
  return isPriorScope(options.scope) ? options.scope : "offer";
}

/** `campaign SALDI: store 2026-11-01T… – 2026-11-30T…, web …`: what runs, and its window in each channel. */
function describeMismatch({ what, windows }: WindowMismatch): string {
  return `${what}: ${windows.map((w) => (w.none ? `${w.channel} none` : `${w.channel} ${bound(w.start)} – ${bound(w.end)}`)).join(", ")}`;
}
