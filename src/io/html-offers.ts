import type { RowErrorCode } from "../model/row-error.js";
import { excerpt } from "./limits.js";
import { plainDecimal, significantDigits } from "./number-text.js";

/** The columns of a page's offer records (schema.org's names in the feed's snake case). */
export const OFFER_COLUMNS = [
  "sku",
  "gtin",
  "mpn",
  "name",
  "price",
  "currency",
  "high_price",
  "availability",
  "price_valid_until",
  "valid_from",
  "valid_through",
  "offer_valid_from",
  "offer_valid_through",
  "url",
  "page_url",
  "tax_included",
  "offer",
  "product",
] as const;
export type OfferColumn = (typeof OFFER_COLUMNS)[number];

/**
 * One price of an offer of a page's Product markup, its cells as written: `valid_from` and
 * `valid_through` are those of the `priceSpecification` entry it comes from,
 * `offer_valid_from` and `offer_valid_through` the Offer's own, `offer` the
 * ordinal of its Offer on the page, `product` the product it is an offer of (see {@link offersOfJsonLd}).
 */
export type PageOffer = Partial<Record<OfferColumn, string>>;

/** A JSON-LD block's problem (its code and reason), in place of offers. */
export interface MarkupProblem {
  readonly code: RowErrorCode;
  readonly reason: string;
}

/** Nodes of a page's JSON-LD walked at most: a page with more is refused rather than walked for ever. */
const MAX_NODES = 100_000;
/** How deep `mainEntity`, `hasVariant` and `offers` nest at most. */
const MAX_DEPTH = 16;

/** The GTIN properties schema.org defines, the generic one first. */
const GTIN_KEYS = ["gtin", "gtin13", "gtin12", "gtin14", "gtin8"] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };
/** Nodes walked so far (bounded by MAX_NODES), the products read, and the keys given to product groups named by nothing. */
interface Budget {
  nodes: number;
  readonly seen: Set<Node>;
  products: number;
  readonly groups: Map<Node, string>;
}

/**
 * The offers of the Product markup in one JSON-LD block's value: a Product (or `IndividualProduct`,
 * `ProductModel`) at the top, in an array or an `@graph`, or an ItemPage's `mainEntity`; a
 * ProductGroup's `hasVariant` products; `offers` as one Offer, an array of them, or an
 * AggregateOffer (its `lowPrice` is the price; an AggregateOffer listing `offers` gives those). A
 * node that is only `{"@id": …}` is the node of that id elsewhere in the block. An offer's own
 * `sku`, `gtin…` and `url` come before its product's. Each offer is its prices in order: one,
 * unless its price comes from a `priceSpecification` whose entries hold for a time only
 * (`validFrom`, `validThrough`): then each entry that may be its price, in order, up to the
 * first that always holds (its price at an instant is the first holding then).
 *
 * Each offer's `product` says which product it is of: the product group's (`group ` and its
 * `productGroupID`, else its `@id`) for a ProductGroup's variants, a Product whose `isVariantOf`
 * names a group, or one `inProductGroupWithID`; else one of its own (`#` and a number counted in
 * the block). The page's own product is so told from another product it shows (related products).
 */
export function offersOfJsonLd(value: unknown): (readonly PageOffer[] | MarkupProblem)[] {
  const ids = new Map<string, Node>();
  const top = topNodes(value as Json);
  for (const node of top) collectIds(node, ids, 0);
  const out: (readonly PageOffer[] | MarkupProblem)[] = [];
  const budget: Budget = { nodes: 0, seen: new Set<Node>(), products: 0, groups: new Map() };
  // A variant may be a node of its own (in @graph) that its group names by @id: its group is known before it is read.
  const variantOf = new Map<Node, string>();
  for (const node of [...top, ...ids.values()])
    if (typesOf(node).has("ProductGroup"))
      for (const variant of asList(node["hasVariant"])) {
        const v = resolve(variant, ids);
        if (isNode(v) && !variantOf.has(v)) variantOf.set(v, groupKey(node, budget));
      }
  for (const node of top) productsOf(node, ids, out, 0, budget, variantOf);
  if (budget.nodes > MAX_NODES) return [{ code: "unsupported_value", reason: `the JSON-LD has more than ${MAX_NODES} nodes` }];
  return out;
}

function topNodes(value: Json): Node[] {
  if (Array.isArray(value)) return value.flatMap(topNodes);
  if (!isNode(value)) return [];
  const graph = value["@graph"];
  return graph === undefined ? [value] : [value, ...topNodes(graph)];
}

function collectIds(node: Node, ids: Map<string, Node>, depth: number): void {
  const id = node["@id"];
  if (typeof id === "string" && Object.keys(node).length > 1 && !ids.has(id)) ids.set(id, node);
  if (depth >= 2) return;
  for (const key of ["mainEntity", "hasVariant", "offers"])
    for (const child of asList(node[key])) if (isNode(child)) collectIds(child, ids, depth + 1);
}

function resolve(value: Json, ids: ReadonlyMap<string, Node>): Json {
  if (isNode(value) && typeof value["@id"] === "string" && Object.keys(value).length === 1) return ids.get(value["@id"]) ?? value;
  return value;
}

function productsOf(
  node: Node,
  ids: ReadonlyMap<string, Node>,
  out: (readonly PageOffer[] | MarkupProblem)[],
  depth: number,
  budget: Budget,
  variantOf: ReadonlyMap<Node, string>,
): void {
  // A node reached twice (in @graph and as a mainEntity) is read once.
  if (depth > MAX_DEPTH || ++budget.nodes > MAX_NODES || budget.seen.has(node)) return;
  budget.seen.add(node);
  const types = typesOf(node);
  if (types.has("Product") || types.has("IndividualProduct") || types.has("ProductModel"))
    offersOfProduct(node, ids, out, depth, budget, productKey(node, ids, budget, variantOf));
  else if (types.has("ProductGroup")) {
    for (const variant of asList(node["hasVariant"])) {
      const v = resolve(variant, ids);
      if (isNode(v)) productsOf(v, ids, out, depth + 1, budget, variantOf);
    }
    // A group may carry offers of its own (one price for every variant).
    if (node["offers"] !== undefined) offersOfProduct(node, ids, out, depth, budget, groupKey(node, budget));
  } else {
    for (const entity of asList(node["mainEntity"])) {
      const e = resolve(entity, ids);
      if (isNode(e)) productsOf(e, ids, out, depth + 1, budget, variantOf);
    }
  }
}

/** The product a Product's offers are of: its group's (see {@link offersOfJsonLd}), else its own. */
function productKey(product: Node, ids: ReadonlyMap<string, Node>, budget: Budget, variantOf: ReadonlyMap<Node, string>): string {
  const known = variantOf.get(product);
  if (known !== undefined) return known;
  const parent = resolve(asList(product["isVariantOf"])[0] ?? null, ids);
  if (isNode(parent)) return groupKey(parent, budget);
  const group = nameOf(product["inProductGroupWithID"]);
  return group !== null ? `group ${group}` : `#${++budget.products}`;
}

/** A product group's key: its productGroupID, else its @id, else one of its own. */
function groupKey(group: Node, budget: Budget): string {
  const name = nameOf(group["productGroupID"]) ?? nameOf(group["@id"]);
  if (name !== null) return `group ${name}`;
  const known = budget.groups.get(group);
  if (known !== undefined) return known;
  const key = `#${++budget.products}`;
  budget.groups.set(group, key);
  return key;
}

/** A text or number that names something (trimmed), else null. */
function nameOf(value: Json | undefined): string | null {
  const text = typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
  return text === "" ? null : text;
}

/**
 * What an AggregateOffer gives the offers it lists: its `priceCurrency` and
 * `valueAddedTaxIncluded` (else those of an aggregate it is listed in), each standing for a price
 * only where neither the offer nor the `priceSpecification` entry it comes from states its own.
 */
interface Inherited {
  readonly priceCurrency?: Json | undefined;
  readonly valueAddedTaxIncluded?: Json | undefined;
}

function offersOfProduct(
  product: Node,
  ids: ReadonlyMap<string, Node>,
  out: (readonly PageOffer[] | MarkupProblem)[],
  depth: number,
  budget: Budget,
  key: string,
  inherited: Inherited = {},
): void {
  const base: PageOffer = { product: key };
  const problem =
    setText(base, "sku", product["sku"]) ??
    setGtin(base, product) ??
    setText(base, "mpn", product["mpn"]) ??
    setText(base, "name", product["name"]) ??
    setText(base, "url", product["url"]);
  if (problem) {
    out.push(problem);
    return;
  }
  for (const raw of asList(product["offers"])) {
    const offer = resolve(raw, ids);
    if (!isNode(offer) || ++budget.nodes > MAX_NODES) continue;
    const types = typesOf(offer);
    const listed = asList(offer["offers"]);
    if (types.has("AggregateOffer") && listed.length > 0 && depth < MAX_DEPTH) {
      // The offers it lists are in its currency and on its tax basis where they state none of their own.
      const own = (name: keyof Inherited) => (given(offer[name]) ? offer[name] : inherited[name]);
      const passed: Inherited = { priceCurrency: own("priceCurrency"), valueAddedTaxIncluded: own("valueAddedTaxIncluded") };
      const items = listed.map((item) => resolve(item, ids));
      offersOfProduct({ ...product, offers: items }, ids, out, depth + 1, budget, key, passed);
      continue;
    }
    out.push(offerOf(base, offer, types.has("AggregateOffer"), inherited));
  }
}

/** Whether a property says something: neither absent, null nor empty text (a template's `"gtin": ""`). */
function given(value: Json | undefined): boolean {
  if (isNode(value) && value["@value"] !== undefined) return given(value["@value"]);
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}

function offerOf(base: PageOffer, offer: Node, aggregate: boolean, inherited: Inherited): readonly PageOffer[] | MarkupProblem {
  // The price is the specification's when the offer gives none of its own (nor an aggregate's lowPrice).
  const fromSpecification = offer["price"] === undefined && !(aggregate && offer["lowPrice"] !== undefined);
  const spec = offer["priceSpecification"] ?? null;
  const specs = fromSpecification ? sellingInTime(spec) : [selling(spec)];
  const out: PageOffer[] = [];
  for (const entry of specs.length === 0 ? [null] : specs) {
    const cells = priceOf(base, offer, aggregate, entry, fromSpecification, inherited);
    if (!isPrice(cells)) return cells;
    out.push(cells);
  }
  return out;
}

function isPrice(found: PageOffer | MarkupProblem): found is PageOffer {
  return !("code" in found && "reason" in found);
}

/** One price of an offer: with `entry`, the selling entry of its `priceSpecification` (its price's when `fromSpecification`). */
function priceOf(
  base: PageOffer,
  offer: Node,
  aggregate: boolean,
  entry: Node | null,
  fromSpecification: boolean,
  inherited: Inherited,
): PageOffer | MarkupProblem {
  const cells: PageOffer = { ...base };
  // What the offer or its entry states, else what a listing aggregate gives.
  const stated = (name: keyof Inherited) => [offer[name], entry?.[name], inherited[name]].find(given);
  // The offer's own identifiers and url come before its product's.
  for (const key of GTIN_KEYS) if (given(offer[key])) delete cells.gtin;
  const price = aggregate && offer["price"] === undefined ? offer["lowPrice"] : (offer["price"] ?? entry?.["price"]);
  return (
    setText(cells, "sku", offer["sku"]) ??
    setGtin(cells, offer) ??
    setText(cells, "url", offer["url"]) ??
    setText(cells, "price", price, "price") ??
    setText(cells, "high_price", aggregate ? offer["highPrice"] : undefined, "highPrice") ??
    twoCurrencies(offer["priceCurrency"], entry?.["priceCurrency"], fromSpecification) ??
    setText(cells, "currency", stated("priceCurrency")) ??
    setText(cells, "availability", enumeration(offer["availability"])) ??
    setText(cells, "price_valid_until", offer["priceValidUntil"]) ??
    setText(cells, "valid_from", fromSpecification ? entry?.["validFrom"] : undefined, "validFrom") ??
    setText(cells, "valid_through", fromSpecification ? entry?.["validThrough"] : undefined, "validThrough") ??
    setText(cells, "offer_valid_from", offer["validFrom"], "validFrom") ??
    setText(cells, "offer_valid_through", offer["validThrough"], "validThrough") ??
    setTaxIncluded(
      cells,
      enumeration(offer["valueAddedTaxIncluded"]),
      enumeration(entry?.["valueAddedTaxIncluded"]),
      fromSpecification,
      enumeration(inherited.valueAddedTaxIncluded),
    ) ??
    cells
  );
}

/**
 * schema.org's price types that are no price a shopper pays for one item: a strikethrough
 * ("was"), list or recommended retail price, the maker's minimum advertised price, the price a
 * dealer is invoiced.
 */
const NOT_SELLING: ReadonlySet<string> = new Set([
  "StrikethroughPrice",
  "ListPrice",
  "SRP",
  "MSRP",
  "MinimumAdvertisedPrice",
  "InvoicePrice",
]);

/**
 * The price a `priceSpecification` gives: the first one that is not a strikethrough ("was"),
 * list, recommended, minimum advertised or invoice price (NOT_SELLING), nor a member tier's price
 * (`validForMemberTier`), one for a quantity above one (`eligibleQuantity` from 2) or a unit price
 * (a `referenceQuantity` other than one item): the public price of one item, as a feed's `price` is.
 */
function selling(spec: Json): Node | null {
  for (const s of asList(spec)) if (isNode(s) && isSelling(s)) return s;
  return null;
}

/**
 * The entries of a `priceSpecification` that may be the price at some time: the selling ones
 * (see {@link selling}) in order, up to the first that holds at every time (no `validFrom` or
 * `validThrough`), as a sale's entry valid through a date before the regular one.
 */
function sellingInTime(spec: Json): Node[] {
  const out: Node[] = [];
  for (const s of asList(spec)) {
    if (!isNode(s) || !isSelling(s)) continue;
    out.push(s);
    if (!given(s["validFrom"]) && !given(s["validThrough"])) break;
  }
  return out;
}

function isSelling(s: Node): boolean {
  for (const kind of asList(s["priceType"])) {
    const name = enumeration(kind);
    if (typeof name === "string" && NOT_SELLING.has(localName(name.trim()))) return false;
  }
  if (s["validForMemberTier"] !== undefined && s["validForMemberTier"] !== null) return false;
  if (!forOneItem(s["eligibleQuantity"])) return false;
  // A unit price (per litre, per kg: a referenceQuantity) prices a measure, not the item.
  return ofOneItem(s["referenceQuantity"]);
}

/** UN/CEFACT codes of one item (`C62` one, `H87` piece, `EA` each) and their names, lower case. */
const ITEM_UNITS = new Set(["c62", "h87", "ea", "item", "piece", "unit", "each"]);

/**
 * Whether a `referenceQuantity` (a QuantitativeValue) is one item, as the price of the item is:
 * none, or a value of 1 in an item's unit (or none). Any other (1 LTR, 100 GRM, 2 C62) is a unit
 * price, what Google reads as `unit_pricing_measure`.
 */
function ofOneItem(quantity: Json | undefined): boolean {
  if (quantity === undefined || quantity === null) return true;
  if (!isNode(quantity)) return false;
  const value = quantity["value"];
  const count = value === undefined ? 1 : typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  const unit = quantity["unitCode"] ?? quantity["unitText"];
  return count === 1 && (unit === undefined || (typeof unit === "string" && ITEM_UNITS.has(unit.trim().toLowerCase())));
}

/** Whether an `eligibleQuantity` (a QuantitativeValue, its `minValue` or `value`) lets one item be bought at the price. */
function forOneItem(quantity: Json | undefined): boolean {
  if (!isNode(quantity)) return true;
  const least = quantity["minValue"] ?? quantity["value"];
  const count = typeof least === "number" ? least : typeof least === "string" ? Number(least.trim()) : Number.NaN;
  return !(count > 1);
}

/**
 * An Offer stating one currency while the specification its price comes from (`fromSpecification`)
 * states another: the page says two things of one price, as of its tax basis (see setTaxIncluded).
 */
function twoCurrencies(own: Json | undefined, specified: Json | undefined, fromSpecification: boolean): MarkupProblem | undefined {
  if (!fromSpecification || typeof own !== "string" || typeof specified !== "string") return undefined;
  if (own.trim().toUpperCase() === specified.trim().toUpperCase()) return undefined;
  return {
    code: "currency_mismatch",
    reason: `the Offer's "priceCurrency" is ${own.trim()} but that of the priceSpecification its price comes from is ${specified.trim()}: the page states two currencies for one price`,
  };
}

/**
 * Sets `tax_included` from schema.org's `valueAddedTaxIncluded` (the offer's own, else its
 * selling price specification's, else that of an AggregateOffer listing it): a JSON boolean, or schema.org's Boolean written as text, as
 * pages and microdata write it (`true`, `"False"`, `"https://schema.org/True"`), in any case. The
 * page's basis is what it states; without a statement, the feed's `constants.tax_included` (else
 * its default). Anything else is a problem: a basis guessed would be a price judged on a guess.
 * So is an offer stating one basis while the specification its price comes from
 * (`fromSpecification`) states the other: the page says two things of one price.
 */
function setTaxIncluded(
  cells: PageOffer,
  own: Json | undefined,
  specified: Json | undefined,
  fromSpecification: boolean,
  inherited: Json | undefined,
): MarkupProblem | undefined {
  const problem = setBasis(cells, [own, specified, inherited].find(given));
  if (problem !== undefined || own === undefined || specified === undefined || !fromSpecification) return problem;
  // The specification's statement read alone; one that is neither true nor false leaves the offer's standing.
  const spec: PageOffer = {};
  if (setBasis(spec, specified) !== undefined) return undefined;
  const offerBasis = cells.tax_included;
  const specBasis = spec.tax_included;
  if (offerBasis === undefined || specBasis === undefined || offerBasis === specBasis) return undefined;
  return {
    code: "unsupported_value",
    reason: `the Offer's "valueAddedTaxIncluded" is ${offerBasis} but that of the priceSpecification its price comes from is ${specBasis}: the page states two tax bases for one price`,
  };
}

/** Sets `tax_included` from one `valueAddedTaxIncluded` statement, as true or false (see setTaxIncluded). */
function setBasis(cells: PageOffer, value: Json | undefined): MarkupProblem | undefined {
  const problem = setText(cells, "tax_included", value, "valueAddedTaxIncluded");
  if (problem !== undefined || cells.tax_included === undefined) return problem;
  const stated = localName(cells.tax_included).toLowerCase();
  if (stated === "true" || stated === "false") {
    cells.tax_included = stated;
    return undefined;
  }
  return {
    code: "unsupported_value",
    reason: `"valueAddedTaxIncluded" is ${excerpt(JSON.stringify(cells.tax_included))}; it takes true or false (schema.org's True or False)`,
  };
}

function setGtin(cells: PageOffer, node: Node): MarkupProblem | undefined {
  // A template that writes every gtin property, some of them empty, names its product by the one it fills.
  for (const key of GTIN_KEYS) if (given(node[key])) return setText(cells, "gtin", node[key], key);
  return undefined;
}

/**
 * Sets a cell from a JSON-LD value: text as written (trimmed), a number by its digits (a JSON
 * number that a double cannot carry exactly is refused), a boolean as true/false; a `{"@value"}`
 * object is its value; a URL-valued enumeration (`https://schema.org/InStock`) keeps its local name
 * for availability. Anything else is a problem naming the property.
 */
function setText(cells: PageOffer, column: OfferColumn, value: Json | undefined, property: string = column): MarkupProblem | undefined {
  if (value === undefined || value === null) return undefined;
  let v: Json = value;
  if (isNode(v) && v["@value"] !== undefined) v = v["@value"];
  if (Array.isArray(v) && v.length === 1) v = v[0]!;
  if (typeof v === "string") {
    const text = v.trim();
    if (text === "") return undefined;
    cells[column] = column === "availability" ? localName(text) : text;
    return undefined;
  }
  if (typeof v === "number") {
    const text = String(v);
    if (!Number.isFinite(v) || significantDigits(text) > 15)
      return {
        code: "inexact_number",
        reason: `"${property}" is a number a double cannot carry exactly (it reads as ${text}); the page should write it as a string`,
      };
    cells[column] = plainDecimal(text) ?? text;
    return undefined;
  }
  if (typeof v === "boolean") {
    cells[column] = String(v);
    return undefined;
  }
  return {
    code: "unsupported_value",
    reason: `"${property}" holds ${Array.isArray(v) ? "a list" : "an object"} (${excerpt(JSON.stringify(v))}); it takes text or a number`,
  };
}

/**
 * A schema.org enumeration value (an availability, a price type, True or False) as its IRI or
 * name: JSON-LD may write it as a node naming it (`{"@id": "https://schema.org/InStock"}`), a
 * `{"@value": …}`, or a list of one such value, all of which mean the text. Anything else as it is.
 */
function enumeration(value: Json | undefined): Json | undefined {
  const one = Array.isArray(value) && value.length === 1 ? value[0]! : value;
  if (isNode(one) && typeof one["@id"] === "string") return one["@id"];
  if (isNode(one) && one["@value"] !== undefined) return one["@value"];
  return one;
}

/** `https://schema.org/InStock`, `schema:InStock` → `InStock`. */
function localName(text: string): string {
  const cut = Math.max(text.lastIndexOf("/"), text.lastIndexOf(":"), text.lastIndexOf("#"));
  return cut >= 0 && cut < text.length - 1 ? text.slice(cut + 1) : text;
}

function typesOf(node: Node): Set<string> {
  const out = new Set<string>();
  for (const t of asList(node["@type"])) if (typeof t === "string") out.add(localName(t.trim()));
  return out;
}

function asList(value: Json | undefined): Json[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

function isNode(value: Json | undefined): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
