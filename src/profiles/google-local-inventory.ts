import type { Profile } from "./profile.js";

/**
 * Google Merchant Center's local inventory feed: each row is a sku's store offer, with
 * `pickup_method` buy or reserve a click-and-collect or e-reservation offer at the store too, and
 * its stock there. A row without a price takes the primary feed's (`web`) price, and its sale
 * unless the row gives a sale price of its own.
 */
export const GOOGLE_LOCAL_INVENTORY: Profile = {
  name: "google-local-inventory",
  description: "Google Merchant Center local inventory feed: store and pickup offers, and stock per store",
  timezone: "UTC",
  looseColumns: true,
  views: [
    {
      kind: "prices",
      columns: {
        sku: "id",
        location: "store_code",
        price: "price",
        sale_price: "sale_price",
        sale_start: "sale_price_effective_date",
        sale_end: "sale_price_effective_date",
        availability: "availability",
        pickup_method: "pickup_method",
        pickup_sla: "pickup_sla",
      },
      offers: [
        { channel: "store" },
        { channel: "click_collect", when: { pickup_method: ["buy"] } },
        { channel: "e_reservation", when: { pickup_method: ["reserve"] } },
      ],
      inheritFrom: "web",
    },
    {
      kind: "inventory",
      columns: { sku: "id", location: "store_code", available: "quantity", availability: "availability" },
      // Google: quantity is optional; a row without it is a store offer, and no stock there.
      skipWithout: ["available"],
    },
  ],
  attributes: [
    { attribute: "store_code", fields: "location (prices and inventory)", read: "as written, trimmed" },
    { attribute: "id", fields: "sku (prices and inventory)", read: "as written, trimmed" },
    {
      attribute: "quantity",
      fields: "inventory available",
      read: "a whole number, 0 or more; optional, as Google has it: a row without it gives no stock row",
    },
    {
      attribute: "price",
      fields: "price",
      read: "`15.00 USD`; empty: the row takes the primary feed's price, and, with no sale_price of its own, its sale price and window too (inheritFrom web)",
    },
    { attribute: "sale_price", fields: "sale_price", read: "as price" },
    { attribute: "sale_price_effective_date", fields: "sale_start, sale_end", read: "`start/end`; a time without an offset is UTC" },
    { attribute: "availability", fields: "availability (prices and inventory)", read: "as in the primary feed" },
    {
      attribute: "pickup_method",
      fields: "pickup_method; the offers",
      read: "buy, reserve, ship to store, not supported: the row's store offer, plus click_collect for buy, e_reservation for reserve",
    },
    { attribute: "pickup_sla", fields: "pickup_sla", read: "same day, next day, 2-day … 7-day, multi-week" },
  ],
  quiet: [],
  unread: ["instore_product_location, and any other attribute: no field reads them"],
};
