import type { Micros } from "../money/amount.js";
import type { Instant } from "../time/instant.js";
import type { Source } from "./source.js";

/**
 * The amounts a price row may carry besides its price and sale price, by offer field, with their
 * feed names. The record loader (feeds/entities.ts) reads them from this table; the hot paths
 * (feeds/price-line.ts, dataset/offer-store.ts) write them out one by one, and
 * tests/offer-amounts.test.ts checks that every one goes through both loaders and the store.
 */
export const OFFER_AMOUNTS = {
  memberPrice: "member_price",
  referencePrice: "reference_price",
  lowestPrice30d: "lowest_price_30d",
  unitPrice: "unit_price",
} as const;

/** An offer field of {@link OFFER_AMOUNTS}. */
export type OptionalAmount = keyof typeof OFFER_AMOUNTS;

/**
 * How the rows of one offer are compared, to tell a harmless repeated row from a conflicting one:
 * for every field of {@link OfferFields} (the type makes each one say), the feed name under which
 * rows that differ in it disagree, or null where they are not compared: the offer's key (sku,
 * channel, location), which they share, and when each row holds (valid_from, valid_to), as rows
 * compared hold at once. Every field a rule reads is compared, else the first row's value would
 * be judged: the availability and pickup too, and the decimals a unit price is written with,
 * which set the precision it is judged at (`3.99` to the cent, `3.990` to the thousandth), as
 * those of a price finer than its currency's minor unit set the precision of a price a
 * promotion computes from it (`1.78` to the cent, `1.780` to the thousandth).
 */
export const OFFER_COMPARED_FIELDS: { readonly [K in keyof OfferFields]-?: string | null } = {
  sku: null,
  channel: null,
  location: null,
  currency: "currency",
  price: "price",
  salePrice: "sale_price",
  saleStart: "sale_start",
  saleEnd: "sale_end",
  ...OFFER_AMOUNTS,
  priceDecimals: "price",
  salePriceDecimals: "sale_price",
  memberPriceDecimals: OFFER_AMOUNTS.memberPrice,
  unitPriceDecimals: OFFER_AMOUNTS.unitPrice,
  taxIncluded: "tax_included",
  validFrom: null,
  validTo: null,
  availability: "availability",
  pickupMethod: "pickup_method",
  pickupSla: "pickup_sla",
};

/**
 * Whether the offer's duplicate rows disagree on `field` (a name of OFFER_COMPARED_FIELDS), or on
 * its currency, which every amount is in: which row is right is unknown, so it is not judged.
 */
export function disputed(offer: { readonly conflicts: readonly string[] | null }, field: string): boolean {
  return offer.conflicts !== null && (offer.conflicts.includes(field) || offer.conflicts.includes("currency"));
}

/** The fields a price row gives an offer: what the offer store keeps of each row. */
export interface OfferFields {
  sku: string;
  channel: string;
  /** null: the channel's default for every location. */
  location: string | null;
  currency: string;
  price: Micros | null;
  salePrice: Micros | null;
  /**
   * The decimals the price is written with where they are finer than its currency's minor unit,
   * trailing zeros included (`1.780` EUR: 3), else 0 (`1.78`, `1.7`: a cent is a cent however
   * written): a price a promotion computes from it is rounded no coarser, so a price in
   * thousandths stays in thousandths (see pricing/promotions.ts). Its value alone cannot say
   * so: 1.780 is the amount 1.78. A JSON file's number is as written too; a spreadsheet's
   * number cell, or a number given in memory, is the number it stores.
   */
  priceDecimals: number;
  /** The same of the sale price. */
  salePriceDecimals: number;
  /** Window bounds as written; resolved in the offer's zone when evaluated. */
  saleStart: string | null;
  saleEnd: string | null;
  memberPrice: Micros | null;
  /** The same of the member price (see priceDecimals). */
  memberPriceDecimals: number;
  referencePrice: Micros | null;
  lowestPrice30d: Micros | null;
  unitPrice: Micros | null;
  /**
   * The decimals the unit price is written with, trailing zeros included (`3.990`: 3; 0 without
   * one): a declared unit price is judged at the precision it is written in. A JSON file's number
   * is as written too; a spreadsheet's number cell, or a number given in memory, is the number it
   * stores (Excel stores 3.99 for a cell its format shows as 3.990).
   */
  unitPriceDecimals: number;
  taxIncluded: boolean;
  /**
   * When the row holds, for a scheduled regular price (valid_from, valid_to): resolved when the
   * row is read, in the feed's zone, else its location's, else the config's; null: unbounded.
   */
  validFrom: Instant | null;
  validTo: Instant | null;
  /** Whether it can be bought (in_stock, limited_availability…: model/fields.ts AVAILABILITIES), as the row says; null: not said. */
  availability: string | null;
  /** How a store offer is picked up (buy, reserve…), and how soon (same_day…), as the row says. */
  pickupMethod: string | null;
  pickupSla: string | null;
}

/** Offer fields with nothing set yet: no location, no amount but what a row gives, tax included. */
export function blankOfferFields(): OfferFields {
  const fields: OfferFields = {
    sku: "",
    channel: "",
    location: null,
    currency: "",
    price: null,
    salePrice: null,
    priceDecimals: 0,
    salePriceDecimals: 0,
    saleStart: null,
    saleEnd: null,
    memberPrice: null,
    memberPriceDecimals: 0,
    referencePrice: null,
    lowestPrice30d: null,
    unitPrice: null,
    unitPriceDecimals: 0,
    taxIncluded: true,
    validFrom: null,
    validTo: null,
    availability: null,
    pickupMethod: null,
    pickupSla: null,
  };
  return fields;
}

/** One (sku, channel, location) with its prices, as a price row gave it, and where it is. */
export interface Offer extends Readonly<OfferFields> {
  /** The feed's zone for times without an offset, when the feed declares one. */
  readonly timezone: string | null;
  /** Where the row is: kept as two fields, not a Source object, to spare an allocation per row. */
  readonly file: string;
  readonly line: number;
  /**
   * Further rows of the offer: rows for the same offer, and the row it took its amounts from (a
   * feed's inheritFrom); and the fields (feed names, see OFFER_COMPARED_FIELDS) on which the
   * repeated rows disagree with the first.
   */
  duplicates: Source[] | null;
  conflicts: string[] | null;
}

/** Where an offer's row is. */
export function offerSource(offer: Offer): Source {
  return { file: offer.file, line: offer.line };
}

/** An offer's rows: its own, then the duplicates repeating it. */
export function offerSources(offer: Offer): Source[] {
  return offer.duplicates ? [offerSource(offer), ...offer.duplicates] : [offerSource(offer)];
}

/** An offer read from the offer store: one object reused for many rows (see OfferStore.read). */
export class OfferRecord implements Offer {
  /** The store's row, -1 before the first read. */
  row = -1;
  sku = "";
  channel = "";
  location: string | null = null;
  currency = "";
  price: Micros | null = null;
  salePrice: Micros | null = null;
  priceDecimals = 0;
  salePriceDecimals = 0;
  saleStart: string | null = null;
  saleEnd: string | null = null;
  memberPrice: Micros | null = null;
  memberPriceDecimals = 0;
  referencePrice: Micros | null = null;
  lowestPrice30d: Micros | null = null;
  unitPrice: Micros | null = null;
  unitPriceDecimals = 0;
  taxIncluded = true;
  validFrom: Instant | null = null;
  validTo: Instant | null = null;
  availability: string | null = null;
  pickupMethod: string | null = null;
  pickupSla: string | null = null;
  timezone: string | null = null;
  file = "";
  line = 0;
  duplicates: Source[] | null = null;
  conflicts: string[] | null = null;
}
