import type { AmountErrorCode } from "../money/amount.js";
import type { InstantErrorCode } from "../time/instant.js";

/**
 * Why a feed row is rejected: one stable code per kind of problem, and what it means. The
 * `feed/invalid-row` finding carries the code in its `values`; docs/errors.md documents each.
 */
export const ROW_ERROR_CODES = {
  // The record as read
  repeated_header: "a row whose cells are the header's names: two exports joined into one file",
  wrong_cell_count: "a delimited row has more or fewer cells than the header; a sheet row with a value right of the header's last column",
  unterminated_quote: "a quote that opens a cell does not close on its line, nor within the record limit",
  text_after_quote: "text between a cell's closing quote and the next delimiter",
  record_too_long: "a record longer than the limit of one record; its text is dropped unread",
  invalid_utf8:
    "bytes that are not valid UTF-8 (the feed may be latin1 or windows-1252: set its encoding); a U+FFFD written in the file (bytes EF BF BD) is a character, never this",
  invalid_json: "a JSON Lines line or JSON array element that is not valid JSON, an array not closed, or text after it",
  not_a_json_array: "a JSON feed that is not an array of objects (empty, or an object)",
  not_an_object: "a JSON element, JSON line or in-memory row that is not an object",
  too_many_keys: "a JSON row that brings a key beyond the limit of distinct keys in one feed",
  unsupported_value:
    "a JSON field holding a nested object, a nested list, a list with null in it, or anything else than text, a number, a boolean or a list of those; a Parquet list with null in it",
  inexact_number:
    "a JSON number longer than 64 characters written out (1e309); a number given in memory that a double cannot carry exactly (a fraction of more than 15 significant digits, an integer beyond 2^53)",
  non_finite_number: "a Parquet FLOAT or DOUBLE value that is NaN or ±Infinity; NaN or ±Infinity given in memory",
  invalid_parquet_value:
    "a Parquet value its type does not allow: a DECIMAL with more digits than its precision or of no bytes, an INT96 time of day beyond a day",
  cell_error: "a spreadsheet cell holding an error value (#N/A, #DIV/0!…), or a formula whose value was never computed",
  invalid_cell:
    "a spreadsheet row or cell that is malformed: a reference that is not one or is out of order, a shared string that does not exist, a value not of its type, a date serial that is no date",
  name_collision: "an XML record in which two different elements or attributes give one column (price and g:price)",
  mixed_content: "an XML element holding both text and child elements, or a record element holding text of its own",
  nested_too_deep: "an XML record whose elements nest more than 32 levels below it",
  nested_record: "an XML record holding another record element (an item inside an item)",
  duplicate_field:
    "a JSON object (a feed's, or a product page's JSON-LD) that gives one key twice (JSON.parse would keep the last value without a word)",
  invalid_json_ld: "a product page's JSON-LD script (type application/ld+json) that is not valid JSON",
  no_product_markup: "a product page with no schema.org Product offer in its JSON-LD",
  conflicting_offers:
    "a product page with two offers matched to one item (by whatever the markup names it with: a sku, a GTIN, both, a url; variants under one sku with GTINs of their own are items of their own) that hold at one instant at different prices or currencies",
  charset_mismatch: "a product page whose meta charset names another encoding than the one it is read with",
  page_not_matched: "a product page's offer that matches no item (by sku, catalogue gtin or link), or two items sharing its gtin or link",
  wrong_variant:
    "a product page that is one item's link but shows only another item's offer (a variant URL showing another variant's price)",
  page_price_expired:
    "a product page's offer whose priceValidUntil (or its own validThrough, or its priceSpecification entry's) is before the check's instant, where the page gives its item no other price then",
  page_unavailable:
    "a product page that could not be fetched or decoded: an error status, a timeout, too large, too many redirects, not http(s), UTF-16",
  // One field
  required:
    "a required field is empty or missing (price or sale_price, a currency, what a promotion applies to, a promotion's end when its start holds no window, a catalogue size's size_unit or a size_unit's size)",
  unexpected_list: "a list for a field that takes one value",
  not_an_amount: "a money or quantity cell that is not a number",
  ambiguous_amount: "an amount whose one separator may be a decimal or a thousands separator (declare decimal and thousands)",
  wrong_number_format: "an amount whose separators do not fit the feed's decimal and thousands",
  too_many_decimals: "an amount with more than 6 decimals",
  amount_too_large: "an amount of 2^53 millionths or more",
  unknown_currency: "a currency code, in a currency cell or beside an amount, that is not ISO 4217",
  currency_mismatch:
    "the currency the amounts are written in differs from the row's, the default one, another amount's, or that of the row an inheritFrom takes them from",
  currency_in_quantity: "a quantity (a size, a percent_off value) written with a currency",
  not_an_integer:
    "a cell that is not a whole number, read as the feed writes numbers (`1.234` under a `.` thousands mark is 1234, `3.0` is 3)",
  not_a_boolean: "a cell that is not true/false, yes/no, y/n or 1/0",
  invalid_date: "not an ISO 8601 date or date-time, not a calendar date, an offset without a time, or a time where a date is taken",
  invalid_time: "a time of day with an hour above 23, or minutes or seconds above 59",
  invalid_utc_offset: "a UTC offset beyond ±18:00, or of 60 minutes or more",
  unknown_time_zone: "not an IANA time zone",
  unknown_channel: "a channel neither built in nor declared under the config's channels",
  unknown_status: "a store status other than open, temporarily_closed or closed",
  unknown_promotion_type: "a promotion type other than percent_off, amount_off, fixed_price, multibuy or buy_x_get_y",
  unknown_unit:
    "a size_unit that is no unit of mass, volume, length, area or count pricelint knows (g, kg, ml, l, m, m2, ct, oz, lb, floz, gal, ft, sqft…)",
  unknown_value: "a cell of a field with a fixed set of values (availability, pickup_method, pickup_sla) that is none of them",
  invisible_character:
    "a key (sku, location, promotion id, gtin, family…) holding a character no one can see: zero-width, bidi control, soft hyphen, BOM",
  // The row as an entity
  out_of_range:
    "a number outside what its field allows: a size of 0 or less, a pack_qty below 1, a negative available, price history price, cost or map_price",
  invalid_promotion:
    "a promotion's value, min_qty or get_qty missing or out of range for its type, or a value given to a buy_x_get_y; categories and brands given together",
  two_sale_ends: "a sale_start that holds a whole interval (start/end) on a row that also gives a sale_end",
  invalid_validity: "a price row whose valid_to is not after its valid_from: it would never hold",
  channel_not_located:
    "a price or price history row that names a location for a channel that is not located (web, app, marketplace, call_center, landing_page, or one the config declares located: false): its one price holds at every store",
  no_inherited_price:
    "a price row without price or sale_price, of a feed that takes them from another channel (inheritFrom), whose sku has no row there, rows in force at different times, or rows that disagree on the price (or on the sale, for a row without one)",
  duplicate_key:
    "a second row for the same catalogue sku, promotion id or store location that says otherwise (a repeat that says the same is the same entry; a store's disputed fields are then unknown), or for the stock of a sku at a location that says otherwise with the same `updated_at`, or beside one without it (the disputed stock is unknown while they stand together; a row of another update is no duplicate: each update is the stock from its `updated_at` until the next)",
  wrong_partition:
    "a row in a file of a feed partitioned upstream whose sku (or its family) hashes, by the partition's declared function, to another bucket than the file's",
} as const satisfies Record<string, string>;

export type RowErrorCode = keyof typeof ROW_ERROR_CODES;

/** The codes the money and time parsers give, all of them in the table (a type error here otherwise). */
export type ParserErrorCode = Covered<AmountErrorCode | InstantErrorCode>;
type Covered<T extends RowErrorCode> = T;

/** A problem found by whatever read the row: its code, and the reason users read. */
export interface RowProblem {
  readonly code: RowErrorCode;
  readonly reason: string;
}

/** Why a row was rejected, and where: the `feed/invalid-row` finding is built from this. */
export interface RowError extends RowProblem {
  /** The canonical field at fault, null when the row as a whole is. */
  readonly field: string | null;
  /** 1-based column of the source, null when the value came from a constant or the row as a whole. */
  readonly column: number | null;
  readonly columnName: string | null;
  readonly value: string | null;
}
