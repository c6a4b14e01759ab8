import type { Profile } from "./profile.js";

/**
 * Google Merchant Center's primary (products) feed, in XML (`g:` names) or TSV (underscored or
 * spaced names): each item is a catalogue entry and its `web` offer.
 */
export const GOOGLE_PRODUCTS: Profile = {
  name: "google-products",
  description: "Google Merchant Center primary feed: catalogue entries and their web offers",
  timezone: "UTC",
  looseColumns: true,
  views: [
    {
      kind: "catalogue",
      columns: {
        sku: "id",
        gtin: "gtin",
        title: "title",
        brand: "brand",
        category: "product_type",
        size: "unit_pricing_measure",
        size_unit: "unit_pricing_measure",
        link: "link",
      },
      // Google lets both repeat (product_type up to 5 times, gtin up to 10): the element repeated in
      // XML, commas between them in a text feed only (one <g:product_type> may hold a comma).
      repeated: { category: ",", gtin: "," },
    },
    {
      kind: "prices",
      columns: {
        sku: "id",
        price: "price",
        sale_price: "sale_price",
        sale_start: "sale_price_effective_date",
        sale_end: "sale_price_effective_date",
        availability: "availability",
      },
      constants: { channel: "web" },
    },
  ],
  attributes: [
    { attribute: "id", fields: "catalogue sku, prices sku", read: "as written, trimmed" },
    { attribute: "title", fields: "title", read: "text" },
    {
      attribute: "gtin",
      fields: "gtin",
      read: "as written (leading zeros kept); repeated (up to 10: the element repeated in XML, comma-separated in a text feed): the first is the gtin, and every one matches a landing page",
    },
    { attribute: "brand", fields: "brand", read: "text" },
    {
      attribute: "product_type",
      fields: "category",
      read: "text, the whole path (`Home > Wine > Red`); repeated (up to 5: the element repeated in XML, comma-separated in a text feed): the first, the one Google organises campaigns by; one XML element is one value, commas and all",
    },
    {
      attribute: "unit_pricing_measure",
      fields: "size, size_unit",
      read: "`750 ml`, `1.5kg`: the amount into size, the unit (lower case) into size_unit",
    },
    { attribute: "link", fields: "catalogue link", read: "the landing page's URL: an html feed's pages are matched to items by it" },
    { attribute: "price", fields: "price", read: "`15.00 USD`: the amount exactly, the code as the row's currency" },
    { attribute: "sale_price", fields: "sale_price", read: "as price" },
    {
      attribute: "sale_price_effective_date",
      fields: "sale_start, sale_end",
      read: "`start/end` in ISO 8601; a time without an offset is UTC",
    },
    {
      attribute: "availability",
      fields: "availability",
      read: "in_stock, limited_availability, out_of_stock, on_display_to_order, preorder, backorder; spaces for `_`, any case, or schema.org URLs",
    },
  ],
  // size is the apparel size (M, 42), no net content; pickup_method and pickup_sla are Google's
  // "pickup later" attributes, which it applies to the item's store offers: the web offer has no
  // pickup, and the local inventory feed gives them.
  quiet: [
    "description",
    "g:description",
    "mpn",
    "g:mpn",
    "size",
    "g:size",
    "pickup_method",
    "pickup method",
    "g:pickup_method",
    "pickup_sla",
    "pickup sla",
    "g:pickup_sla",
  ],
  unread: [
    "image_link, description, condition, shipping, tax and the other attributes: no field reads them (list them in ignoreColumns to silence feed/unmapped-column; description and mpn, which a feed without the profile would read as a title and an id, never warn)",
    "size: the apparel size (M, 42), not the net content the size field means (unit_pricing_measure gives that); it never warns",
    "unit_pricing_base_measure: the unit price is computed per kg, l, m, m² or item",
    "availability_date, expiration_date, item_group_id (map family to it in columns if you use it)",
    "pickup_method, pickup_sla: Google applies them to the item's store offers (pickup later); they are read from the local inventory feed's rows only, and here neither warn nor reject the item",
  ],
};
