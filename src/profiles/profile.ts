import type { FeedKind } from "../model/fields.js";

/** A value a feed's constants may give a field. */
export type ConstantValue = string | number | boolean | readonly string[];

/**
 * An offer a price row yields (see {@link FeedView.offers}): in `channel`, when the row's
 * canonical values meet `when` (field → the values it may have; all fields must match).
 */
export interface OfferSpec {
  readonly channel: string;
  readonly when?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** One way of reading a feed's records: as rows of `kind`, through its own mapping. */
export interface FeedView {
  readonly kind: FeedKind;
  readonly columns?: Readonly<Record<string, string>> | undefined;
  readonly constants?: Readonly<Record<string, ConstantValue>> | undefined;
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined;
  /** prices: the offers each row yields, one per entry whose `when` it meets (instead of a channel column or constant). */
  readonly offers?: readonly OfferSpec[] | undefined;
  /**
   * prices: a row without price and sale_price takes price, sale_price and its window (and the
   * currency, if it names none) from the row of this channel for the same sku without a location.
   */
  readonly inheritFrom?: string | undefined;
  /**
   * Required fields without which a row yields nothing of this view, and is not rejected for
   * them (the row's other views still read it); the file may lack their columns. Google's
   * local inventory `quantity` is optional: a row without it is a store offer and no stock.
   */
  readonly skipWithout?: readonly string[] | undefined;
  /**
   * Fields read from an attribute the source lets repeat, of which the field takes the first value:
   * field → the separator of the values in a text feed's cell (a table's: delimited text, a
   * workbook, Parquet). An XML element repeated gives its first value, as a text cell gives the
   * part before the separator; one XML element (or JSON string) is one value, separator and all.
   * Google's `product_type` (up to five, commas between them in a text feed; only the first
   * organises campaigns) and `gtin` (up to ten) are read so, where a field that takes one value
   * would refuse the item.
   */
  readonly repeated?: Readonly<Record<string, string>> | undefined;
}

/** One attribute of a profile's documentation: what the source calls it, the field it gives, how it is read. */
export interface ProfileAttribute {
  readonly attribute: string;
  readonly fields: string;
  readonly read: string;
}

/**
 * A named reading of a third party's feed: plain data a config names in `profile` and may
 * override part by part (see config/feed-views.ts).
 */
export interface Profile {
  readonly name: string;
  readonly description: string;
  /** The zone of the feed's times without an offset (the feed's `timezone`, unless the config sets one). */
  readonly timezone: string;
  /** Mapped columns match header names that differ in case, spaces, `_` and `-` only; an absent one is no error. */
  readonly looseColumns: boolean;
  readonly views: readonly FeedView[];
  /** Documentation: the source's attributes and how each is read. */
  readonly attributes: readonly ProfileAttribute[];
  /** Documentation: what the profile leaves unread. */
  readonly unread: readonly string[];
  /**
   * The source's own attributes that no field reads though their names are known names of one
   * (Google's `description` is no title, its `mpn` no id of the merchant's, its apparel `size` no
   * net content) or a field's own (the primary feed's `pickup_method`, which Google applies to the
   * store offers, not the web's): no field takes one by its own name, a mapping aside, and none is
   * a feed/unmapped-column warning. As a text header and an XML element (`g:mpn`) write them.
   */
  readonly quiet: readonly string[];
}
