import { FEED_FIELDS, type FeedKind } from "./fields.js";

/** A column name as matched against field names: lower case, without spaces, `_` and `-` (`Sale Price` → `saleprice`). */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/**
 * Other names that feeds give canonical fields, by field (Google Merchant Center attribute
 * names, common English, and the languages of the feeds pricelint is used on), written as a
 * user would see them; they are matched by {@link looseName}. A name stands under one field only.
 */
export const FIELD_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  sku: ["id", "item_id", "product_id", "offer_id", "article", "item number"],
  gtin: ["ean", "upc", "barcode", "ean13"],
  title: ["product name", "product_name"],
  location: ["store_code", "store_id", "store", "shop_id"],
  price: ["regular_price", "list_price"],
  sale_price: ["promo_price", "special_price"],
  sale_start: ["sale_price_effective_date"],
  reference_price: ["was_price", "compare_at_price"],
  available: ["quantity", "qty", "stock"],
};

const BY_LOOSE_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [field, names] of Object.entries(FIELD_SYNONYMS)) {
    for (const name of names) {
      const key = looseName(name);
      const before = map.get(key);
      if (before !== undefined && before !== field) throw new Error(`synonym "${name}" stands under ${before} and ${field}`);
      map.set(key, field);
    }
  }
  return map;
})();

/**
 * The canonical field of `kind` that a source column's name stands for: the field whose name it
 * is but for case, spaces, `_` and `-`, else the field it is a known synonym of; null for none.
 */
export function fieldOfColumn(kind: FeedKind, column: string): string | null {
  const key = looseName(column);
  const fields = FEED_FIELDS[kind];
  const own = fields.find((f) => looseName(f.name) === key);
  if (own !== undefined) return own.name;
  const synonym = BY_LOOSE_NAME.get(key);
  return synonym !== undefined && fields.some((f) => f.name === synonym) ? synonym : null;
}
