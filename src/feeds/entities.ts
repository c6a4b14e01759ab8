import type { Micros } from "../money/amount.js";
import type { Location, LocationStatus } from "../model/location.js";
import type { Offer } from "../model/offer.js";
import type { Product } from "../model/product.js";
import type { Source } from "../model/source.js";
import type { StockLevel } from "../model/stock.js";
import { FEED_FIELDS, type FeedKind } from "./fields.js";
import type { FieldValue } from "./row-reader.js";

function indexes<K extends FeedKind>(kind: K): Record<string, number> {
  return Object.fromEntries(FEED_FIELDS[kind].map((f, i) => [f.name, i]));
}

const P = indexes("prices");
const C = indexes("catalogue");
const S = indexes("stores");
const I = indexes("inventory");

type Values = readonly FieldValue[];
const str = (v: Values, i: number | undefined) => (v[i!] ?? null) as string | null;
const num = (v: Values, i: number | undefined) => (v[i!] ?? null) as number | null;
const bool = (v: Values, i: number | undefined) => (v[i!] ?? null) as boolean | null;
const list = (v: Values, i: number | undefined) => (v[i!] ?? null) as readonly string[] | null;

export interface OfferContext {
  /** The currency a row without one takes: its location's, else the config's. */
  defaultCurrency(location: string | null): string | null;
  /** Interns repeated strings (channels, locations, currencies) so millions of rows share them. */
  intern(text: string): string;
  readonly timezone: string | null;
}

/** Builds an offer from a price row's values, or says why the row cannot be one. */
export function buildOffer(v: Values, currencies: readonly string[] | null, source: Source, ctx: OfferContext): Offer | BuildProblem {
  const location = str(v, P.location);
  const price = num(v, P.price);
  const salePrice = num(v, P.sale_price);
  if (price === null && salePrice === null) return "a price row needs price or sale_price";
  let currency = str(v, P.currency);
  if (currency !== null && currencies !== null && !currencies.includes(currency)) {
    return { field: "currency", reason: `the amounts are written in ${currencies.join("/")} but the currency is ${currency}` };
  }
  if (currency === null) {
    const fallback = ctx.defaultCurrency(location);
    if (currencies !== null && currencies.length === 1) currency = currencies[0]!;
    else if (currencies !== null && fallback !== null && !currencies.includes(fallback)) {
      return `the amounts' currency symbol does not fit the default currency ${fallback}`;
    } else currency = fallback;
  }
  if (currency === null) return "no currency: add a currency column or constant, or set the config's currency";
  let saleStart = str(v, P.sale_start);
  let saleEnd = str(v, P.sale_end);
  if (saleStart !== null && saleEnd === null && saleStart.includes("/")) {
    // Google's `start/end` interval form in one cell.
    const split = saleStart.indexOf("/");
    saleEnd = saleStart.slice(split + 1);
    saleStart = saleStart.slice(0, split);
  }
  return {
    sku: str(v, P.sku)!,
    channel: ctx.intern(str(v, P.channel)!),
    location: location === null ? null : ctx.intern(location),
    currency: ctx.intern(currency),
    price,
    salePrice,
    saleStart,
    saleEnd,
    memberPrice: num(v, P.member_price),
    referencePrice: num(v, P.reference_price),
    lowestPrice30d: num(v, P.lowest_price_30d),
    unitPrice: num(v, P.unit_price),
    taxIncluded: bool(v, P.tax_included) ?? true,
    timezone: ctx.timezone,
    source,
    duplicates: null,
    conflicts: null,
  };
}

export function buildProduct(v: Values, source: Source): Product {
  return {
    sku: str(v, C.sku)!,
    gtin: str(v, C.gtin),
    title: str(v, C.title),
    brand: str(v, C.brand),
    category: str(v, C.category),
    family: str(v, C.family),
    size: num(v, C.size) as Micros | null,
    sizeUnit: str(v, C.size_unit),
    packQty: num(v, C.pack_qty),
    cost: num(v, C.cost),
    mapPrice: num(v, C.map_price),
    perishable: bool(v, C.perishable),
    listedChannels: list(v, C.listed_channels),
    launchDate: str(v, C.launch_date),
    source,
  };
}

export function buildLocation(v: Values, source: Source): Location {
  return {
    location: str(v, S.location)!,
    name: str(v, S.name),
    timezone: str(v, S.timezone),
    status: str(v, S.status) as LocationStatus | null,
    clickCollect: bool(v, S.click_collect),
    eReservation: bool(v, S.e_reservation),
    region: str(v, S.region),
    country: str(v, S.country),
    currency: str(v, S.currency),
    source,
  };
}

/** Why a row's values cannot make an entity; `field` names the one at fault when there is one. */
export type BuildProblem = string | { readonly field: string; readonly reason: string };

export function buildStockLevel(v: Values, source: Source): StockLevel | BuildProblem {
  const available = num(v, I.available)!;
  if (available < 0) return { field: "available", reason: `available is ${available}; it cannot be negative` };
  return { sku: str(v, I.sku)!, location: str(v, I.location)!, available, updatedAt: str(v, I.updated_at), source };
}
