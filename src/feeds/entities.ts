import { formatAmount, type Micros } from "../money/amount.js";
import { groupingAmbiguity } from "../money/grouping.js";
import type { Location, LocationStatus } from "../model/location.js";
import { OFFER_AMOUNTS, type OfferFields, type OptionalAmount } from "../model/offer.js";
import type { PricePoint } from "../model/price-point.js";
import { MONEY_PROMOTION_TYPES, type Promotion, type PromotionType } from "../model/promotion.js";
import type { Product } from "../model/product.js";
import type { RowErrorCode, RowProblem } from "../model/row-error.js";
import type { Source } from "../model/source.js";
import type { StockLevel } from "../model/stock.js";
import { FEED_FIELDS, type FeedKind } from "../model/fields.js";
import { SIZE_UNITS, unitOf } from "../model/unit-measure.js";
import { detach } from "../text/string-pool.js";
import { withoutTrailingZeros } from "../io/number-text.js";
import type { FieldValue } from "./row-reader.js";
import { formatInstant, splitInterval, type Instant, type InstantCache } from "../time/instant.js";
import { isLocated } from "../config/channels.js";

function indexes<K extends FeedKind>(kind: K): Record<string, number> {
  return Object.fromEntries(FEED_FIELDS[kind].map((f, i) => [f.name, i]));
}

const P = indexes("prices");
const AMOUNT_FIELDS = Object.entries(OFFER_AMOUNTS) as [OptionalAmount, (typeof OFFER_AMOUNTS)[OptionalAmount]][];
/** Amounts of a price row that no real price is below 0 (price, sale_price and member_price are judged by rules: price/non-positive). */
const NEVER_NEGATIVE = ["reference_price", "lowest_price_30d", "unit_price"] as const;
const C = indexes("catalogue");
const S = indexes("stores");
const I = indexes("inventory");
const R = indexes("promotions");
const H = indexes("price_history");

type Values = readonly FieldValue[];
const str = (v: Values, i: number | undefined) => (v[i!] ?? null) as string | null;
/** A text field kept beyond the row: detached from the chunk it was read from. */
const kept = (v: Values, i: number | undefined) => {
  const s = str(v, i);
  return s === null ? null : detach(s);
};
const num = (v: Values, i: number | undefined) => (v[i!] ?? null) as number | null;
const bool = (v: Values, i: number | undefined) => (v[i!] ?? null) as boolean | null;
const list = (v: Values, i: number | undefined) => (v[i!] ?? null) as readonly string[] | null;

export interface OfferContext {
  /** The currency a row without one takes: its location's, else the config's. */
  defaultCurrency(location: string | null): string | null;
  /** Interns repeated strings (channels, locations, currencies, dates) so millions of rows share them. */
  intern(text: string): string;
  /** The one string the dataset keeps for this sku. */
  sku(text: string): string;
  readonly timezone: string | null;
  /** The zone of a row's times without an offset: the feed's, else its location's, else the config's. */
  zoneOf(location: string | null): string;
  /** The config's zone: that of a channel's default row in a feed without a zone of its own. */
  readonly defaultZone: string;
  readonly instants: InstantCache;
  /** The decimals of a currency's minor unit, as the config sets them (money/currencies.ts minorUnits). */
  minorUnits(currency: string): number;
  /** Whether each channel is located: the config's registry (channelRegistry); default: the built-in channels'. */
  readonly located?: ReadonlyMap<string, boolean> | undefined;
}

/**
 * Why a price or price history row cannot give a channel that is not located (web, app) at a
 * location: that channel has one price everywhere, so the row may be that price with a location
 * that means nothing, or a price at that store alone, which the channel has none of: never
 * guessed (nor is a promotion that names stores for it: storesApart). Null when the row names no
 * location, or its channel is located.
 */
function locationApart(
  channel: string | null,
  location: string | null,
  located: ReadonlyMap<string, boolean> | undefined,
): BuildProblem | null {
  if (location === null || channel === null || isLocated(channel, located)) return null;
  return problem(
    "channel_not_located",
    `${channel} is not located (its price is the same at every store), yet the row gives a ${channel} price at ${location}: it may be ${channel}'s price everywhere or a price at ${location} alone; drop the location to give ${channel}'s price, or declare ${channel} located in the config ("channels": {"${channel}": {"located": true}}) if its prices differ per store`,
    "location",
  );
}

/**
 * The decimals an amount is written with, `written`, where they are finer than its currency's
 * minor units `minor` (`1.780` EUR: 3), else 0 (`1.78`, `1.7`): what OfferFields.priceDecimals keeps.
 */
export function finerDecimals(written: number, minor: number): number {
  return written > minor ? written : 0;
}

/**
 * The currency of a row's amounts: its currency cell, else the one currency its amounts name
 * (`US$5.00`), else the default at the row's location; a problem when they disagree, null
 * when there is none.
 * `currencies`: the codes the row's money cells named, null when none did.
 */
function rowCurrency(
  written: string | null,
  currencies: readonly string[] | null,
  defaults: Pick<OfferContext, "defaultCurrency">,
  location: string | null,
): string | BuildProblem | null {
  if (written !== null) {
    if (currencies !== null && !currencies.includes(written))
      return problem("currency_mismatch", `the amounts are written in ${currencies.join("/")} but the currency is ${written}`, "currency");
    return written;
  }
  if (currencies !== null && currencies.length === 1) return currencies[0]!;
  const currency = defaults.defaultCurrency(location);
  if (currencies !== null && currency !== null && !currencies.includes(currency))
    return problem(
      "currency_mismatch",
      `the amounts' currency symbol (${currencies.join("/")}) does not fit the default currency ${currency}`,
    );
  return currency;
}

/**
 * Fills `into` (reused for every row) with the offer of a price row's values, or says why the row
 * cannot be one. The strings are the row's own: the offer store keeps its own copies.
 * `decimals`: the decimals each amount is written with (RowReader.decimals); `grouped`: the amounts
 * whose cell may group thousands (RowReader.groupedFields). `channels`: those the row gives, where
 * a view's `offers` say (those whose `when` it meets), else null: the row's own channel.
 */
export function buildOffer(
  v: Values,
  decimals: ArrayLike<number>,
  grouped: number,
  currencies: readonly string[] | null,
  ctx: OfferContext,
  into: OfferFields,
  channels: readonly string[] | null = null,
): OfferFields | BuildProblem {
  const location = str(v, P.location);
  const apart =
    channels === null
      ? locationApart(str(v, P.channel), location, ctx.located)
      : channels.reduce<BuildProblem | null>((found, channel) => found ?? locationApart(channel, location, ctx.located), null);
  if (apart !== null) return apart;
  const price = num(v, P.price);
  const salePrice = num(v, P.sale_price);
  if (price === null && salePrice === null) return problem("required", "a price row needs price or sale_price");
  const currency = rowCurrency(str(v, P.currency), currencies, ctx, location);
  if (typeof currency !== "string")
    return currency ?? problem("required", "no currency: add a currency column or constant, or set the config's currency");
  const ambiguous = groupedAmount(v, grouped, currency, "prices", ctx);
  if (ambiguous !== null) return ambiguous;
  // A price shown as a reference, the lowest of the last 30 days or a unit price below 0 is none a price could be judged against.
  for (const field of NEVER_NEGATIVE) {
    const amount = num(v, P[field]);
    if (amount !== null && amount < 0) {
      return problem("out_of_range", `${field} ${formatAmount(amount, decimals[P[field]!]!)} is negative: no price shown is`, field);
    }
  }
  const sale = windowOf(str(v, P.sale_start), str(v, P.sale_end), "sale_start", "sale_end");
  if ("code" in sale) return sale;
  const [saleStart, saleEnd] = sale;
  const validity = validityOf(v, location, ctx);
  if ("code" in validity) return validity;
  into.validFrom = validity.from;
  into.validTo = validity.to;
  into.sku = str(v, P.sku)!;
  into.channel = str(v, P.channel)!;
  into.location = location;
  into.currency = currency;
  into.price = price;
  into.salePrice = salePrice;
  // As the row writes them; a price taken from another row (a feed's inheritFrom) is written as there (OfferStore.inherit).
  const minor = ctx.minorUnits(currency);
  into.priceDecimals = price === null ? 0 : finerDecimals(decimals[P.price!]!, minor);
  into.salePriceDecimals = salePrice === null ? 0 : finerDecimals(decimals[P.sale_price!]!, minor);
  into.saleStart = saleStart;
  into.saleEnd = saleEnd;
  for (const [field, name] of AMOUNT_FIELDS) into[field] = num(v, P[name]!);
  into.memberPriceDecimals = into.memberPrice === null ? 0 : finerDecimals(decimals[P.member_price!]!, minor);
  into.unitPriceDecimals = into.unitPrice === null ? 0 : decimals[P.unit_price!]!;
  into.taxIncluded = bool(v, P.tax_included) ?? true;
  into.availability = str(v, P.availability);
  into.pickupMethod = str(v, P.pickup_method);
  into.pickupSla = str(v, P.pickup_sla);
  return into;
}

/**
 * Why a row's amounts in `currency` are ambiguous: the first (in field order) of those whose cell
 * may group thousands (`grouped`, bit i for the kind's field i: RowReader.groupedFields, in a feed
 * that declares no number format), in a currency without a minor unit as the config sets them
 * (`ctx.minorUnits`: ISO 4217 exponent 0, JPY, KRW, CLP…, or one `minorUnits` gives 0 decimals),
 * where `1.000` is as likely 1000 grouped, as European-locale exports group thousands, as 1 with
 * decimals the currency does not have: refused, never guessed. In a currency with a minor unit
 * the `.` is its decimal separator, as the default format says. Null when none is. Every kind's
 * money is judged so, in the currency the row's amounts are in.
 */
function groupedAmount(
  v: Values,
  grouped: number,
  currency: string,
  kind: FeedKind,
  ctx: Pick<OfferContext, "minorUnits">,
): BuildProblem | null {
  const money = grouped & moneyFields(kind);
  if (money === 0 || ctx.minorUnits(currency) !== 0) return null;
  const field = 31 - Math.clz32(money & -money);
  return problem("ambiguous_amount", groupingAmbiguity(num(v, field)!, currency), FEED_FIELDS[kind][field]!.name);
}

/** A kind's money fields, bit i for its field i (as RowReader.groupedFields). */
function moneyFields(kind: FeedKind): number {
  return FEED_FIELDS[kind].reduce((bits, field, i) => (field.type === "money" ? bits | (1 << i) : bits), 0);
}

/**
 * Why a catalogue size written `1.000` or `1.500` in a feed that declares no number format is
 * ambiguous, in a unit no size is given to a thousandth of (mg, g, ml, mm) or that counts items:
 * its "." is as likely to group thousands (1000 g) as to be a decimal separator (1 g). In kg or l,
 * `1.500` is a size as written (1.5 kg), as a price's three decimals are in a currency with cents.
 */
function sizeGroupingAmbiguity(size: Micros, unit: string): string | null {
  const [measure, num, den] = unitOf(unit)!;
  if (measure !== "item" && num * 1000n > den) return null;
  return (
    `size "${formatAmount(size, 3)}" ${unit} is ambiguous: "." may group thousands (${formatAmount(size * 1000, 0)} ${unit}) ` +
    `or be a decimal separator (${withoutTrailingZeros(formatAmount(size, 3))} ${unit}); set the feed's "decimal" and "thousands"`
  );
}

/**
 * When a price row holds (valid_from inclusive, valid_to exclusive; a bare valid_to date holds
 * to the end of that day), resolved in the row's zone; a valid_to not after valid_from is refused.
 */
function validityOf(v: Values, location: string | null, ctx: OfferContext): { from: Instant | null; to: Instant | null } | BuildProblem {
  const fromText = str(v, P.valid_from);
  const toText = str(v, P.valid_to);
  if (fromText === null && toText === null) return NO_VALIDITY;
  const zone = ctx.zoneOf(location);
  const from = fromText === null ? null : ctx.instants.resolve(fromText, zone, "start");
  const to = toText === null ? null : ctx.instants.resolve(toText, zone, "end");
  if (from !== null && !from.ok) return problem(from.code, `valid_from "${fromText}": ${from.reason}`, "valid_from");
  if (to !== null && !to.ok) return problem(to.code, `valid_to "${toText}": ${to.reason}`, "valid_to");
  if (from !== null && to !== null && to.instant <= from.instant) {
    // As read: a time the clocks skip is the instant after the jump, digits below the millisecond the next one.
    const read =
      from.instant === to.instant
        ? `both read as ${formatInstant(to.instant)}`
        : `read as ${formatInstant(from.instant)} and ${formatInstant(to.instant)}`;
    return problem(
      "invalid_validity",
      `valid_to "${toText}" is not after valid_from "${fromText}" (${read} in ${zone}): the row would never hold`,
      "valid_to",
    );
  }
  return { from: from?.instant ?? null, to: to?.instant ?? null };
}

const NO_VALIDITY = { from: null, to: null } as const;

/**
 * Builds a catalogue entry from its row. `currency`: the config's, that of its amounts;
 * `grouped`: its amounts whose cell may group thousands (RowReader.groupedFields).
 */
export function buildProduct(
  v: Values,
  source: Source,
  currencies: readonly string[] | null,
  currency: string | null,
  grouped: number,
  ctx: Pick<OfferContext, "minorUnits">,
): Product | BuildProblem {
  // A catalogue's amounts (cost, map_price) are in the config's currency: one written in another
  // is not comparable, and with no currency in the config they could be compared with nothing.
  if (currencies !== null && currency !== null && !currencies.includes(currency))
    return problem(
      "currency_mismatch",
      `the amounts are written in ${currencies.join("/")}, and the catalogue's are in the config's currency ${currency}`,
    );
  if (currency === null) {
    const amount = num(v, C.cost) !== null ? "cost" : num(v, C.map_price) !== null ? "map_price" : null;
    if (amount !== null)
      return problem("required", `${amount} is an amount in the config's currency, and the config sets none: set its "currency"`, amount);
  }
  const ambiguous = currency === null ? null : groupedAmount(v, grouped, currency, "catalogue", ctx);
  if (ambiguous !== null) return ambiguous;
  const size = num(v, C.size);
  const packQty = num(v, C.pack_qty);
  if (size !== null && size <= 0) return problem("out_of_range", "size must be above 0", "size");
  if (packQty !== null && packQty < 1) return problem("out_of_range", "pack_qty must be 1 or more", "pack_qty");
  // A cost or a minimum advertised price below 0 is none a price could be judged against.
  for (const [field, index] of [
    ["cost", C.cost],
    ["map_price", C.map_price],
  ] as const) {
    const amount = num(v, index);
    if (amount !== null && amount < 0) return problem("out_of_range", `${field} ${formatAmount(amount, 2)} is negative`, field);
  }
  const sizeUnit = kept(v, C.size_unit);
  // A unit the unit-price and ladder rules cannot measure would leave the product out of them unseen.
  if (sizeUnit !== null && unitOf(sizeUnit) === undefined)
    return problem("unknown_unit", `"${sizeUnit}" is not a size unit pricelint knows (${SIZE_UNITS.join(", ")})`, "size_unit");
  // `1.000` g may be a kilogram written with a thousands mark (see sizeGroupingAmbiguity).
  if (size !== null && sizeUnit !== null && (grouped & (1 << C.size!)) !== 0) {
    const reason = sizeGroupingAmbiguity(size, sizeUnit);
    if (reason !== null) return problem("ambiguous_amount", reason, "size");
  }
  // Half a measure (a size without its unit, a unit without its size) would leave it out of them
  // unseen too. A pack_qty alone (Google's multipack) says all it means: a pack of no stated size,
  // as a row without size and size_unit is a product of none.
  if (size !== null && sizeUnit === null)
    return problem("required", "size has no size_unit: give the unit it is written in (g, kg, ml, l, item…)", "size");
  if (size === null && sizeUnit !== null)
    return problem(
      "required",
      `size_unit has no size: give the size in ${sizeUnit}${unitOf(sizeUnit)![0] === "item" ? " (1 for one item; pack_qty counts the items of a pack)" : ""}`,
      "size_unit",
    );
  return {
    sku: kept(v, C.sku)!,
    gtin: kept(v, C.gtin),
    title: kept(v, C.title),
    brand: kept(v, C.brand),
    category: kept(v, C.category),
    family: kept(v, C.family),
    size: num(v, C.size) as Micros | null,
    sizeUnit,
    packQty: num(v, C.pack_qty),
    cost: num(v, C.cost),
    mapPrice: num(v, C.map_price),
    perishable: bool(v, C.perishable),
    listedChannels: list(v, C.listed_channels),
    launchDate: kept(v, C.launch_date),
    source,
  };
}

export function buildLocation(v: Values, source: Source): Location {
  return {
    location: kept(v, S.location)!,
    name: kept(v, S.name),
    timezone: kept(v, S.timezone),
    status: kept(v, S.status) as LocationStatus | null,
    clickCollect: bool(v, S.click_collect),
    eReservation: bool(v, S.e_reservation),
    region: kept(v, S.region),
    country: kept(v, S.country),
    currency: kept(v, S.currency),
    source,
  };
}

/** Why a row's values cannot make an entity; `field` names the one at fault when there is one. */
export interface BuildProblem extends RowProblem {
  readonly field?: string;
}

function problem(code: RowErrorCode, reason: string, field?: string): BuildProblem {
  return field === undefined ? { code, reason } : { code, reason, field };
}

export function buildStockLevel(v: Values, source: Source): StockLevel | BuildProblem {
  const available = num(v, I.available)!;
  if (available < 0) return problem("out_of_range", `available is ${available}; it cannot be negative`, "available");
  return {
    sku: kept(v, I.sku)!,
    location: kept(v, I.location)!,
    available,
    updatedAt: kept(v, I.updated_at),
    availability: str(v, I.availability),
    source,
  };
}

export interface PromotionContext extends Pick<OfferContext, "defaultCurrency" | "minorUnits" | "located"> {
  readonly channels: ReadonlySet<string>;
  readonly timezone: string | null;
  intern(text: string): string;
}

const PERCENT_MAX = 100 * 1_000_000;

/**
 * A promotion's own currency: its `currency`, else the one its amounts' symbols name (`US$5.00`);
 * null when it names none (its money is then in the config's currency, a percentage applies in
 * any). Amounts in another currency than the row's, a symbol several currencies use beside no
 * currency, or money with no currency at all (none given, none in the config) are problems:
 * the promotion would be applied to, or judged against, offers in another currency.
 */
function promotionCurrency(
  v: Values,
  type: PromotionType,
  currencies: readonly string[] | null,
  ctx: Pick<OfferContext, "defaultCurrency">,
): string | BuildProblem | null {
  const written = str(v, R.currency);
  if (written !== null) {
    if (currencies !== null && !currencies.includes(written))
      return problem("currency_mismatch", `the amounts are written in ${currencies.join("/")} but the currency is ${written}`, "currency");
    return written;
  }
  const fallback = ctx.defaultCurrency(null);
  if (currencies !== null) {
    if (currencies.length === 1) return currencies[0]!;
    if (fallback === null || !currencies.includes(fallback))
      return problem(
        "currency_mismatch",
        `the amounts' currency symbol may mean ${currencies.join("/")}: give the promotion's currency`,
        "currency",
      );
    return fallback;
  }
  const money = MONEY_PROMOTION_TYPES.has(type)
    ? `${type} takes an amount`
    : num(v, R.reference_price) !== null
      ? "its reference_price is an amount"
      : null;
  if (money !== null && fallback === null)
    return problem("required", `${money}, and the promotion names no currency, nor does the config: give its currency`, "currency");
  return null;
}

/**
 * A window's two ends, where the start's cell may hold the whole window in Google's interval form
 * (`start/end`, `start,end` or `start end`): the same cell as both ends (one column mapped to
 * both) is that window; a whole window and another end, or a whole window in the end's cell alone,
 * is a problem.
 */
function windowOf(
  start: string | null,
  end: string | null,
  startField: string,
  endField: string,
): readonly [string | null, string | null] | BuildProblem {
  const interval = start === null ? null : splitInterval(start);
  if (interval !== null && end !== null && end !== start) {
    return problem("two_sale_ends", `${startField} "${start}" is a whole interval, and ${endField} "${end}" gives another end`, endField);
  }
  if (interval === null && end !== null && splitInterval(end) !== null) {
    return problem("invalid_date", `${endField} "${end}" holds a whole window: map that column to ${startField}, or to both`, endField);
  }
  return interval ?? [start, end];
}

/**
 * Why a promotion that names stores cannot list a channel that is not located (web, app): that
 * channel has one price everywhere, so the row may mean it runs there everywhere, or that the
 * stores leave it out; never guessed. Null when every channel it lists is located (without the
 * registry, a declared channel is taken to be).
 */
function storesApart(channels: readonly string[], located: ReadonlyMap<string, boolean> | undefined): BuildProblem | null {
  // A channel written twice (`web|web`) is named once.
  const everywhere = channels.filter((c, i) => !isLocated(c, located) && channels.indexOf(c) === i);
  if (everywhere.length === 0) return null;
  const atStores = channels.filter((c, i) => isLocated(c, located) && channels.indexOf(c) === i);
  const them = everywhere.join("|");
  const what =
    atStores.length === 0
      ? `drop the locations to run it in ${them} everywhere, or list the channels the stores sell in`
      : `split it into two rows: one for ${them} without locations, one for ${atStores.join("|")} with the stores`;
  return problem(
    "invalid_promotion",
    `${everywhere.join(" and ")} ${everywhere.length === 1 ? "is not located (its price is" : "are not located (their prices are"} the same at every store), yet the row names stores: it may mean ${them} everywhere or not in ${them} at all; ${what}`,
    "locations",
  );
}

/** The bit of `value` among a row's fields written with a currency (see buildPromotion). */
const VALUE_BIT = 1 << R.value!;

/**
 * Builds a promotion from a promotions row, checking what its type needs.
 * `currencies`: the codes the row's money cells named, null when none did; `withCurrency`: the
 * row's fields (bit i: the kind's field i) whose cell named one; `grouped`: those whose cell may
 * group thousands (RowReader.groupedFields); `decimals`: the decimals each amount is written with
 * (RowReader.decimals).
 */
export function buildPromotion(
  v: Values,
  source: Source,
  ctx: PromotionContext,
  currencies: readonly string[] | null,
  withCurrency: number,
  grouped: number,
  decimals: ArrayLike<number>,
): Promotion | BuildProblem {
  const type = str(v, R.type) as PromotionType;
  // The value is money but for percent_off: a percentage with a currency was meant as an amount off.
  if (type === "percent_off" && (withCurrency & VALUE_BIT) !== 0)
    return problem(
      "currency_in_quantity",
      "percent_off takes a percentage, not money: drop the currency, or make the type amount_off",
      "value",
    );
  const currency = promotionCurrency(v, type, currencies, ctx);
  if (currency !== null && typeof currency !== "string") return currency;
  // Its money is in its own currency, else the config's; a percent_off's value is a percentage
  // (1.500 % cannot be 1500 %), and a buy_x_get_y takes none.
  const money = MONEY_PROMOTION_TYPES.has(type) ? grouped : grouped & ~VALUE_BIT;
  const moneyCurrency = currency ?? ctx.defaultCurrency(null);
  const ambiguous = moneyCurrency === null ? null : groupedAmount(v, money, moneyCurrency, "promotions", ctx);
  if (ambiguous !== null) return ambiguous;
  const value = num(v, R.value);
  const minQty = num(v, R.min_qty);
  const getQty = num(v, R.get_qty);
  const channels = list(v, R.channels) ?? [];
  const unknown = channels.find((c) => !ctx.channels.has(c));
  if (unknown !== undefined) {
    return problem("unknown_channel", `unknown channel "${unknown}" (declare others under "channels" in the config)`, "channels");
  }
  const skus = list(v, R.skus) ?? [];
  const categories = list(v, R.categories) ?? [];
  const brands = list(v, R.brands) ?? [];
  if (skus.length + categories.length + brands.length === 0)
    return problem("required", "a promotion needs skus, categories or brands to apply to");
  // "pasta" and "Barilla" may mean all pasta and all Barilla, or Barilla's pasta: never guessed.
  if (categories.length > 0 && brands.length > 0)
    return problem(
      "invalid_promotion",
      "categories and brands together may mean the products of either or only those of both: give one of them, or name the skus",
      "brands",
    );
  const locations = list(v, R.locations) ?? [];
  const apart = locations.length === 0 ? null : storesApart(channels, ctx.located);
  if (apart !== null) return apart;
  const window = windowOf(str(v, R.start), str(v, R.end), "start", "end");
  if ("code" in window) return window;
  if (window[1] === null) return problem("required", "end is required, unless start holds the whole window (start/end)", "end");
  const terms = (reason: string, field: string) => problem("invalid_promotion", reason, field);
  // A buy_x_get_y gives its get_qty items free: a value (the second at 50 %) would be a deal it
  // does not make, and which one is meant is not known: refused, never dropped.
  if (value !== null && type === "buy_x_get_y")
    return terms(
      "buy_x_get_y gives its get_qty items free and takes no value: a discount on them (the second at 50 %) cannot be written as one",
      "value",
    );
  // A count of items: 0 (or none) asks for no quantity.
  if (minQty !== null && minQty < 0) return terms("min_qty is a number of items: 0 or more", "min_qty");
  if (getQty !== null && getQty < 0) return terms("get_qty is a number of items: 0 or more", "get_qty");
  switch (type) {
    case "percent_off":
      if (value === null || value <= 0 || value > PERCENT_MAX)
        return terms("percent_off takes a percentage above 0 and at most 100", "value");
      break;
    case "amount_off":
      if (value === null || value <= 0) return terms("amount_off takes an amount above 0", "value");
      break;
    case "fixed_price":
      if (value === null || value < 0) return terms("fixed_price takes the new price: an amount of 0 or more", "value");
      break;
    case "multibuy":
      if (value === null || value <= 0) return terms("multibuy takes the total price of min_qty items", "value");
      if (minQty === null || minQty < 2) return terms("multibuy takes a min_qty of 2 or more", "min_qty");
      break;
    case "buy_x_get_y":
      if (minQty === null || minQty < 1) return terms("buy_x_get_y takes the quantity to buy in min_qty", "min_qty");
      if (getQty === null || getQty < 1) return terms("buy_x_get_y takes the free quantity in get_qty", "get_qty");
      break;
  }
  return {
    promoId: kept(v, R.promo_id)!,
    type,
    value,
    valueDecimals: value === null ? 0 : decimals[R.value!]!,
    minQty,
    getQty,
    channels: channels.map((c) => ctx.intern(c)),
    locations: locations.map((l) => ctx.intern(l)),
    skus: skus.map(detach),
    categories: categories.map(detach),
    brands: brands.map(detach),
    start: ctx.intern(window[0]!),
    end: ctx.intern(window[1]),
    memberOnly: bool(v, R.member_only) ?? false,
    couponCode: kept(v, R.coupon_code),
    stackable: bool(v, R.stackable) ?? false,
    priority: num(v, R.priority),
    referencePrice: num(v, R.reference_price),
    exclusive: bool(v, R.exclusive) ?? false,
    campaign: kept(v, R.campaign),
    title: kept(v, R.title),
    currency,
    taxIncluded: bool(v, R.tax_included) ?? true,
    timezone: ctx.timezone,
    source,
  };
}

/** No default currency: a history row's is applied when its offer is known (history-offers). */
const NO_DEFAULT: Pick<OfferContext, "defaultCurrency"> = { defaultCurrency: () => null };

/**
 * Builds a price-history point from its row. `decimals`: the decimals each amount is written with
 * (RowReader.decimals); `grouped`: its amounts whose cell may group thousands (RowReader.groupedFields).
 */
export function buildPricePoint(
  v: Values,
  decimals: ArrayLike<number>,
  source: Source,
  ctx: OfferContext,
  currencies: readonly string[] | null,
  grouped: number,
): PricePoint | BuildProblem {
  const location = str(v, H.location);
  const apart = locationApart(str(v, H.channel), location, ctx.located);
  if (apart !== null) return apart;
  // A price applied is never below 0: a negative one would be the lowest of every 30 days it is in.
  if (num(v, H.price)! < 0)
    return problem("out_of_range", `price ${formatAmount(num(v, H.price)!, 2)} is negative: a price applied never is`, "price");
  // A currency its amount names (`US$1.00`) is the row's, as in a price row; the default is applied later (history-offers).
  const currency = rowCurrency(str(v, H.currency), currencies, NO_DEFAULT, location);
  if (currency !== null && typeof currency !== "string") return currency;
  // Judged in the currency the row will have: its own, else its location's or the config's
  // (applyHistoryDefaults). With none of them, it follows the offer it is read for, not known here.
  const judged = currency ?? ctx.defaultCurrency(location);
  const ambiguous = judged === null ? null : groupedAmount(v, grouped, judged, "price_history", ctx);
  if (ambiguous !== null) return ambiguous;
  return {
    sku: ctx.sku(str(v, H.sku)!),
    channel: ctx.intern(str(v, H.channel)!),
    location: location === null ? null : ctx.intern(location),
    validFrom: ctx.intern(str(v, H.valid_from)!),
    price: num(v, H.price)!,
    priceDecimals: decimals[H.price!]!,
    currency,
    taxIncluded: bool(v, H.tax_included) ?? null,
    timezone: ctx.timezone,
    source,
  };
}
