import type { Promotion } from "../../src/model/promotion.js";

/**
 * A promotion as the loader builds it: 10 % off on the web through November 2026, naming nothing
 * yet, from line 1 of promotions.csv; `fields` replace any member.
 */
export function aPromotion(fields: Partial<Promotion> & { promoId: string }): Promotion {
  return {
    type: "percent_off",
    value: 10_000_000,
    minQty: null,
    getQty: null,
    channels: ["web"],
    locations: [],
    skus: [],
    categories: [],
    brands: [],
    start: "2026-11-01",
    end: "2026-11-30",
    memberOnly: false,
    couponCode: null,
    stackable: false,
    priority: null,
    referencePrice: null,
    exclusive: false,
    campaign: null,
    title: null,
    currency: null,
    taxIncluded: true,
    timezone: null,
    source: { file: "promotions.csv", line: 1 },
    ...fields,
  };
}
