import type { Source } from "./source.js";

/** Units available of a sku at a location. */
export interface StockLevel {
  readonly sku: string;
  readonly location: string;
  readonly available: number;
  readonly updatedAt: string | null;
  /**
   * As the row says (model/fields.ts AVAILABILITIES); null: not said. The fact stockAvailability,
   * and the availability of an offer at the location whose own row says none (effectiveAvailability).
   */
  readonly availability?: string | null;
  readonly source: Source;
}
