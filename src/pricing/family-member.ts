import type { Micros } from "../money/amount.js";
import type { Product } from "../model/product.js";
import type { OfferState } from "./offer-state.js";
import type { UnitMeasure } from "../model/unit-measure.js";
import type { ExactQuantity } from "./unit-price.js";

/** A product of a family as priced in one channel at one location, with its unit price. */
export interface FamilyMember {
  readonly product: Product;
  readonly state: OfferState;
  readonly measure: UnitMeasure;
  /** size × pack_qty in `measure`, in millionths (as shown). */
  readonly quantity: Micros;
  /** The same exactly, to compare (see compareQuantities). */
  readonly exact: ExactQuantity;
  readonly unitPrice: Micros | null;
}
