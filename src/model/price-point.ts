import type { Micros } from "../money/amount.js";
import type { Source } from "./source.js";

/** One row of price history: the price applied to an offer from `validFrom` until its next row. */
export interface PricePoint {
  readonly sku: string;
  readonly channel: string;
  readonly location: string | null;
  readonly validFrom: string;
  readonly price: Micros;
  /** The decimals its price is written with (`1.780`: 3; see OfferFields.priceDecimals). */
  readonly priceDecimals: number;
  readonly currency: string | null;
  /** Whether the price includes tax: its own `tax_included`, else its offer's where its price rows agree (null: not known, it follows the offer judged). */
  readonly taxIncluded: boolean | null;
  readonly timezone: string | null;
  readonly source: Source;
}
