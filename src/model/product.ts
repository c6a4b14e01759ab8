import type { Micros } from "../money/amount.js";
import type { Source } from "./source.js";

/** A catalogue entry. `size` is exact, in millionths like money. */
export interface Product {
  readonly sku: string;
  readonly gtin: string | null;
  readonly title: string | null;
  readonly brand: string | null;
  readonly category: string | null;
  readonly family: string | null;
  readonly size: Micros | null;
  readonly sizeUnit: string | null;
  readonly packQty: number | null;
  readonly cost: Micros | null;
  readonly mapPrice: Micros | null;
  readonly perishable: boolean | null;
  readonly listedChannels: readonly string[] | null;
  readonly launchDate: string | null;
  readonly source: Source;
}
