import type { Micros } from "../money/amount.js";
import type { Location } from "../model/location.js";
import type { Product } from "../model/product.js";
import type { OfferState } from "../pricing/offer-state.js";

/** The scopes a rule can evaluate in. */
export const SCOPES = ["offer", "pair", "product"] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * How a fact's values compare: `money` exactly, in its currency, with the rule's tolerance;
 * `quantity` exactly; `instant` as milliseconds; the rest (and `json`, any JSON value) as
 * json-rules-engine compares them.
 */
export type FactType = "money" | "quantity" | "number" | "string" | "boolean" | "instant" | "list" | "json";

/** A fact's value during evaluation; null when the entity does not have it (`json` facts: any JSON value). */
export type FactValue = Micros | number | string | boolean | readonly string[] | null | object;

/** What one evaluation sees. Reused between evaluations; the engine fills what the scope needs. */
export class EvalContext {
  sku = "";
  location: string | null = null;
  product: Product | null = null;
  store: Location | null = null;
  stock: number | null = null;
  /** null when no catalogue was given. */
  inCatalogue: boolean | null = null;
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
  /** Facts given as plain JSON values, read by rules compiled with `jsonFacts` (tests, embedding). */
  custom: Readonly<Record<string, unknown>> = {};
}

export interface FactDef<T> {
  readonly name: string;
  readonly type: FactType;
  readonly description: string;
  readonly example: string;
  readonly get: (from: T) => FactValue;
}

const f = <T>(name: string, type: FactType, description: string, example: string, get: (from: T) => FactValue): FactDef<T> => ({
  name, type, description, example, get,
});

/** Facts of one offer: in `offer` scope by name, in `pair` scope as `<channel>.<name>`. */
export const OFFER_FACTS: readonly FactDef<OfferState>[] = [
  f("channel", "string", "the offer's channel", '"click_collect"', (s) => s.offer.channel),
  f("currency", "string", "ISO 4217 code of the offer's amounts", '"EUR"', (s) => s.offer.currency),
  f("price", "money", "regular price", '"12.99"', (s) => s.offer.price),
  f("salePrice", "money", "sale price, whether or not its window is open", '"9.99"', (s) => s.offer.salePrice),
  f("effectivePrice", "money", "public price at the instant: the sale price inside its window, else the price", '"9.99"', (s) => s.effectivePrice),
  f("onSale", "boolean", "the sale price applies at the instant", "true", (s) => s.onSale),
  f("hasSalePrice", "boolean", "a sale price is set", "true", (s) => s.offer.salePrice !== null),
  f("hasSaleWindow", "boolean", "a sale start or end is set", "false", (s) => s.offer.saleStart !== null || s.offer.saleEnd !== null),
  f("saleStart", "instant", "start of the sale window (a bare date: 00:00 in the offer's zone)", '"2026-11-20T23:00:00.000Z"', (s) => s.saleStart),
  f("saleEnd", "instant", "end of the sale window, exclusive (a bare date: the end of that day)", '"2026-11-30T23:00:00.000Z"', (s) => s.saleEnd),
  f("memberPrice", "money", "price for loyalty members", '"8.99"', (s) => s.offer.memberPrice),
  f("referencePrice", "money", 'the "was" / prior price shown', '"14.99"', (s) => s.offer.referencePrice),
  f("lowestPrice30d", "money", "lowest price of the last 30 days, as declared", '"11.49"', (s) => s.offer.lowestPrice30d),
  f("unitPrice", "money", "unit price as declared (per kg, l, m, m² or item)", '"3.98"', (s) => s.offer.unitPrice),
  f("taxIncluded", "boolean", "amounts include VAT (default true)", "true", (s) => s.offer.taxIncluded),
  f("duplicateConflict", "boolean", "another row for the same offer disagrees on a price field", "false", (s) => s.offer.conflicts !== null),
  f("conflictingFields", "list", "price fields on which duplicate rows disagree", '["price"]', (s) => s.offer.conflicts),
];

/** Facts of the catalogue entry, as `product.<name>`. */
export const PRODUCT_FACTS: readonly FactDef<Product>[] = [
  f("gtin", "string", "GTIN as written", '"08001234567890"', (p) => p.gtin),
  f("title", "string", "product title", '"Pasta di Gragnano 500 g"', (p) => p.title),
  f("brand", "string", "brand", '"Amato"', (p) => p.brand),
  f("category", "string", "category", '"pasta"', (p) => p.category),
  f("family", "string", "family of sizes or variants", '"pasta-amato"', (p) => p.family),
  f("size", "quantity", "net size in size_unit", '"500"', (p) => p.size),
  f("sizeUnit", "string", "unit of size (g kg ml cl l m m2 item)", '"g"', (p) => p.sizeUnit),
  f("packQty", "number", "items in the pack", "6", (p) => p.packQty),
  f("cost", "money", "unit cost, in the config's currency", '"0.62"', (p) => p.cost),
  f("mapPrice", "money", "minimum advertised price, in the config's currency", '"0.99"', (p) => p.mapPrice),
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
  f("currency", "string", "the store's currency", '"EUR"', (l) => l.currency),
];

/** Facts of the evaluation itself, by scope. */
export const CONTEXT_FACTS: readonly (FactDef<EvalContext> & { readonly scopes: readonly Scope[] })[] = [
  { ...f("sku", "string", "the sku", '"A-100"', (c) => c.sku), scopes: ["offer", "pair", "product"] },
  { ...f("location", "string", "the location evaluated (null for a channel-wide default)", '"MI-01"', (c) => c.location), scopes: ["offer", "pair"] },
  { ...f("stock", "number", "units available at the location (inventory feed)", "4", (c) => c.stock), scopes: ["offer", "pair"] },
  { ...f("inCatalogue", "boolean", "the sku is in the catalogue (missing when no catalogue feed is given)", "true", (c) => c.inCatalogue), scopes: ["offer", "pair", "product"] },
  { ...f("expectedCurrency", "string", "the location's currency, else the config's", '"EUR"', (c) => c.expectedCurrency), scopes: ["offer", "pair"] },
  { ...f("pricedChannels", "list", "channels with at least one price row for the sku", '["store","web"]', (c) => c.pricedChannels), scopes: ["product"] },
  { ...f("unpricedListedChannels", "list", "listed channels without any price row", '["app"]', (c) => c.unpricedListedChannels), scopes: ["product"] },
  { ...f("unpricedListedChannelCount", "number", "how many listed channels have no price row", "1", (c) => c.unpricedListedChannels.length), scopes: ["product"] },
];
