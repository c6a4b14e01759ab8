import { PROMOTION_TYPES } from "./promotion.js";

/** The kinds of feed pricelint reads. */
export const FEED_KINDS = ["catalogue", "prices", "promotions", "stores", "inventory", "price_history"] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** How a cell is read. */
export type FieldType =
  | "id" // trimmed text, kept as a string (leading zeros matter)
  | "text"
  | "money" // exact amount in the feed's number format
  | "quantity" // exact non-money decimal, e.g. a size
  | "integer"
  | "boolean"
  | "list" // `|`-separated in CSV, an array in JSON
  | "channel_list" // a list of known channel ids
  | "timestamp" // ISO 8601, resolved in a zone when evaluated
  | "date"
  | "currency"
  | "timezone"
  | "channel"
  | "status"
  | "promo_type" // one of the promotion types, matched as an enum's values are
  | "enum"; // one of the spec's `values`, matched ignoring case, spaces, `_`, `-` and a schema.org prefix

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly required?: boolean;
  /** A timestamp that may also hold a whole window in one cell (`start/end`, `start,end`, `start end`), as Google writes sale windows. */
  readonly interval?: boolean;
  /** An enum field's canonical values (a promotion type's too: matched alike). */
  readonly values?: readonly string[];
}

/** Whether an offer can be bought or ordered (Google Merchant Center's `availability`). */
export const AVAILABILITIES = ["in_stock", "limited_availability", "out_of_stock", "on_display_to_order", "preorder", "backorder"] as const;
/** How a store offer can be picked up (Google's `pickup_method`). */
export const PICKUP_METHODS = ["buy", "reserve", "ship_to_store", "not_supported"] as const;
/** How soon a pickup is ready (Google's `pickup_sla`). */
export const PICKUP_SLAS = ["same_day", "next_day", "2_day", "3_day", "4_day", "5_day", "6_day", "7_day", "multi_week"] as const;

/** Canonical fields of each feed kind (README, "Feeds"). */
export const FEED_FIELDS: Readonly<Record<FeedKind, readonly FieldSpec[]>> = {
  catalogue: [
    { name: "sku", type: "id", required: true },
    { name: "gtin", type: "id" },
    { name: "title", type: "text" },
    { name: "brand", type: "text" },
    { name: "category", type: "text" },
    { name: "family", type: "id" },
    { name: "size", type: "quantity" },
    { name: "size_unit", type: "id" },
    { name: "pack_qty", type: "integer" },
    { name: "cost", type: "money" },
    { name: "map_price", type: "money" },
    { name: "perishable", type: "boolean" },
    { name: "listed_channels", type: "channel_list" },
    { name: "launch_date", type: "date" },
    { name: "link", type: "text" },
  ],
  prices: [
    { name: "sku", type: "id", required: true },
    { name: "channel", type: "channel", required: true },
    { name: "location", type: "id" },
    { name: "currency", type: "currency" },
    { name: "price", type: "money" },
    { name: "sale_price", type: "money" },
    { name: "sale_start", type: "timestamp", interval: true },
    { name: "sale_end", type: "timestamp", interval: true },
    { name: "member_price", type: "money" },
    { name: "reference_price", type: "money" },
    { name: "lowest_price_30d", type: "money" },
    { name: "unit_price", type: "money" },
    { name: "tax_included", type: "boolean" },
    // A scheduled regular price: the row holds from valid_from (inclusive) to valid_to (exclusive).
    { name: "valid_from", type: "timestamp" },
    { name: "valid_to", type: "timestamp" },
    { name: "availability", type: "enum", values: AVAILABILITIES },
    { name: "pickup_method", type: "enum", values: PICKUP_METHODS },
    { name: "pickup_sla", type: "enum", values: PICKUP_SLAS },
    { name: "link", type: "text" },
  ],
  promotions: [
    { name: "promo_id", type: "id", required: true },
    { name: "type", type: "promo_type", required: true, values: PROMOTION_TYPES },
    // Money for amount_off, fixed_price and multibuy (`5.00 USD`, as Google writes money_off_amount);
    // a percentage for percent_off, where the promotion's builder refuses a currency.
    { name: "value", type: "money" },
    { name: "min_qty", type: "integer" },
    { name: "get_qty", type: "integer" },
    { name: "channels", type: "list", required: true },
    { name: "locations", type: "list" },
    { name: "skus", type: "list" },
    { name: "categories", type: "list" },
    { name: "brands", type: "list" },
    { name: "start", type: "timestamp", required: true, interval: true },
    // Required unless start holds the whole window (`start/end`): that is known per row only, so the
    // promotion's builder asks for it, and a feed whose starts all hold their windows needs no end column.
    { name: "end", type: "timestamp", interval: true },
    { name: "member_only", type: "boolean" },
    { name: "coupon_code", type: "text" },
    { name: "stackable", type: "boolean" },
    { name: "priority", type: "integer" },
    { name: "reference_price", type: "money" },
    { name: "exclusive", type: "boolean" },
    { name: "campaign", type: "id" },
    { name: "title", type: "text" },
    { name: "currency", type: "currency" },
    // Whether its money (value, reference_price) includes tax, as a price row's (default true).
    { name: "tax_included", type: "boolean" },
  ],
  stores: [
    { name: "location", type: "id", required: true },
    { name: "name", type: "text" },
    { name: "timezone", type: "timezone" },
    { name: "status", type: "status" },
    { name: "click_collect", type: "boolean" },
    { name: "e_reservation", type: "boolean" },
    { name: "region", type: "text" },
    { name: "country", type: "id" },
    { name: "currency", type: "currency" },
  ],
  inventory: [
    { name: "sku", type: "id", required: true },
    { name: "location", type: "id", required: true },
    { name: "available", type: "integer", required: true },
    { name: "updated_at", type: "timestamp" },
    { name: "availability", type: "enum", values: AVAILABILITIES },
  ],
  price_history: [
    { name: "sku", type: "id", required: true },
    { name: "channel", type: "channel", required: true },
    { name: "location", type: "id" },
    { name: "valid_from", type: "timestamp", required: true },
    { name: "price", type: "money", required: true },
    { name: "currency", type: "currency" },
    { name: "tax_included", type: "boolean" },
  ],
};

/** Pairs of fields one column may give together: a window's two ends (`start/end`), or a measure's amount and unit (`750 ml`). */
export const SHARED_COLUMNS: readonly (readonly [string, string])[] = [
  ["sale_start", "sale_end"],
  ["start", "end"],
  ["size", "size_unit"],
];

/** Whether `fields`, given by one column, may share it (see {@link SHARED_COLUMNS}). */
export function mayShareColumn(fields: readonly string[]): boolean {
  return fields.length === 1 || (fields.length === 2 && SHARED_COLUMNS.some(([a, b]) => fields.includes(a) && fields.includes(b)));
}

/** Whether `field` is a canonical field of `kind`. */
export function isFeedField(kind: FeedKind, field: string): boolean {
  return FEED_FIELDS[kind].some((f) => f.name === field);
}
