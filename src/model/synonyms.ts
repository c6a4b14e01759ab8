import { nfc } from "../text/keys.js";
import { FEED_FIELDS, FEED_KINDS, type FeedKind } from "./fields.js";

/**
 * A column name as matched against field names: in NFC, lower case, without spaces, `_`, dashes
 * and characters no one sees (`Sale Price` → `saleprice`; `sale‐price` with U+2010 HYPHEN, or
 * with a zero-width space inside, is `saleprice` too: the header prints as that name).
 */
export function looseName(name: string): string {
  return nfc(name).toLowerCase().replace(LOOSE, "");
}

/** Spaces, `_`, `-` and the other dashes (U+2010–U+2015, minus signs), soft hyphen, zero-width characters and the BOM. */
const LOOSE = /[\s_\-\u00ad\u200b-\u200d\u2010-\u2015\u2060\u2212\ufe58\ufe63\uff0d\ufeff]+/g;

/**
 * Other names that feeds give canonical fields, by field, written as a user would see them and
 * matched by {@link looseName}: common English, Google Merchant Center attribute names, Italian,
 * Croatian, German, French and Spanish, and the headers of the public feeds pricelint is tried on
 * (MIMIT's fuel prices, Konzum's price lists, Open Prices, Hong Kong's Online Price Watch).
 * Within a field, the first names are the likelier ones: when two columns could be one field,
 * the one named earlier here is taken (the field's own name before all). A name stands under
 * one field only; names with letters beyond ASCII stand also without their accents, as exports
 * often drop them.
 */
export const FIELD_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // Identifiers. `id` and `code` alone come last: a file with a product code and a record id means the product's.
  sku: [
    "product_id",
    "product code",
    "item_id",
    "offer_id",
    // Amazon's inventory flat file.
    "item_sku",
    "item code",
    "item number",
    "article",
    "article number",
    "sku code",
    "codice articolo",
    "codice prodotto",
    "cod articolo",
    "articolo",
    "descCarburante",
    "šifra proizvoda",
    "sifra proizvoda",
    "šifra artikla",
    "sifra artikla",
    "šifra",
    "sifra",
    "artikelnummer",
    "artikelnr",
    "artikel",
    "code article",
    "code produit",
    "référence",
    "reference",
    "código",
    "codigo",
    "código de artículo",
    "codigo de articulo",
    "referencia",
    "material number",
    "materialnummer",
    "variant sku",
    "id",
    "code",
    "codice",
    "mpn",
    // Last: an "Item" column is the item's id where nothing else names one.
    "item",
  ],
  gtin: [
    "ean",
    "ean13",
    "gtin13",
    "gtin14",
    "upc",
    "barcode",
    "ean code",
    "codice ean",
    "codice a barre",
    "barkod",
    "bar kod",
    "strichcode",
    "code-barres",
    "code barre",
    "gencod",
    "código de barras",
    "codigo de barras",
  ],
  title: [
    "product name",
    "product title",
    "item name",
    "product",
    "name",
    "nome prodotto",
    "nome",
    "denominazione",
    "naziv proizvoda",
    "naziv",
    "produktname",
    "artikelbezeichnung",
    "bezeichnung",
    "nom du produit",
    "désignation",
    "designation",
    "libellé",
    "libelle",
    "nombre del producto",
    "nombre",
    "description",
    "descrizione",
    "descripción",
    "descripcion",
    "beschreibung",
    "opis",
  ],
  brand: ["brand name", "manufacturer", "marca", "marka proizvoda", "marka", "marke", "hersteller", "marque", "fabricante"],
  category: [
    "product_type",
    "google_product_category",
    "category_tag",
    "product category",
    "department",
    "categoria",
    "reparto",
    "kategorija proizvoda",
    "kategorija",
    "kategorie",
    "warengruppe",
    "catégorie",
    "categorie",
    "categoría",
    "rayon",
  ],
  family: ["item_group_id", "product family", "famiglia", "obitelj", "familie", "produktfamilie", "famille", "familia"],
  size: [
    "net content",
    "net quantity",
    "content",
    "formato",
    "grammatura",
    "contenuto",
    "neto količina",
    "neto kolicina",
    "inhalt",
    "füllmenge",
    "fullmenge",
    "contenance",
    "contenido",
  ],
  size_unit: [
    "unit of measure",
    "uom",
    "unità di misura",
    "unita di misura",
    "jedinica mjere",
    "mjerna jedinica",
    "maßeinheit",
    "masseinheit",
    "unité de mesure",
    "unite de mesure",
    "unidad de medida",
  ],
  pack_qty: [
    "multipack",
    "pack quantity",
    "units per pack",
    "pezzi per confezione",
    "komada u pakiranju",
    "packungsgröße",
    "unités par lot",
  ],
  cost: [
    "cost_of_goods_sold",
    "cogs",
    "unit cost",
    "purchase price",
    "costo",
    "prezzo di acquisto",
    "nabavna cijena",
    "trošak",
    "einkaufspreis",
    "coût",
    "cout",
    "prix d'achat",
    "coste",
    "precio de compra",
  ],
  map_price: ["map", "minimum advertised price", "min advertised price", "prezzo minimo pubblicizzato"],
  perishable: ["deperibile", "kvarljivo", "verderblich", "périssable", "perissable", "perecedero"],
  listed_channels: [
    "listed channels",
    "sales channels",
    "canali di vendita",
    "prodajni kanali",
    "vertriebskanäle",
    "canaux de vente",
    "canales de venta",
  ],
  launch_date: ["release date", "data lancio", "datum lansiranja", "erscheinungsdatum", "date de lancement", "fecha de lanzamiento"],

  // Prices.
  channel: ["sales channel", "isSelf", "canale", "kanal", "canal"],
  location: [
    "store_code",
    "store_id",
    "store number",
    "location code",
    "site",
    "location_id",
    "shop_id",
    "shop code",
    "supermarket code",
    "branch",
    "store",
    "shop",
    "idImpianto",
    "impianto",
    "codice negozio",
    "negozio",
    "punto vendita",
    "pdv",
    "prodavaonica",
    "poslovnica",
    "trgovina",
    "filiale",
    "filialnummer",
    "markt",
    "code magasin",
    "magasin",
    "tienda",
    "sucursal",
  ],
  currency: ["currency code", "valuta", "währung", "wahrung", "devise", "monnaie", "moneda", "divisa"],
  price: [
    "regular_price",
    // Amazon's inventory flat file: the price it sells at (its list_price is the manufacturer's).
    "standard_price",
    // A list price is the regular price in most exports, the manufacturer's in some (see setup/doubtful-names.ts).
    "list_price",
    "retail price",
    "prezzo",
    "prezzo di listino",
    "mpc",
    "maloprodajna cijena",
    "cijena",
    "preis",
    "verkaufspreis",
    "prix",
    "prix de vente",
    "precio",
    "pvp",
  ],
  sale_price: [
    "promo_price",
    "special_price",
    "promo price",
    "discounted price",
    "offer price",
    "prezzo promo",
    "prezzo promozionale",
    "prezzo scontato",
    "mpc za vrijeme posebnog oblika prodaje",
    "akcijska cijena",
    "posebna cijena",
    "aktionspreis",
    "sonderpreis",
    "angebotspreis",
    "prix promo",
    "prix promotionnel",
    "prix soldé",
    "prix solde",
    "precio oferta",
    "precio de oferta",
    "precio promoción",
    "precio promocion",
  ],
  sale_start: [
    "sale_price_effective_date",
    "sale start date",
    "date sale price starts",
    "sale price dates from",
    // Magento's special price window; Amazon's flat file.
    "special_price_from_date",
    "special_from_date",
    "sale_from_date",
    "promo start",
    "inizio promo",
    "inizio promozione",
    "početak akcije",
    "pocetak akcije",
    "aktionsbeginn",
    "début promo",
    "debut promo",
    "inicio oferta",
  ],
  sale_end: [
    "sale end date",
    "date sale price ends",
    "sale price dates to",
    "special_price_to_date",
    "special_to_date",
    "sale_end_date",
    "promo end",
    "fine promo",
    "fine promozione",
    "kraj akcije",
    "aktionsende",
    "fin promo",
    "fin oferta",
  ],
  member_price: [
    "loyalty price",
    "club price",
    "prezzo soci",
    "prezzo fidelity",
    "prezzo carta",
    "cijena za članove",
    "cijena za clanove",
    "mitgliederpreis",
    "prix adhérent",
    "prix adherent",
    "prix fidélité",
    "prix fidelite",
    "precio socio",
  ],
  reference_price: [
    "was price",
    "prior price",
    "previous price",
    "price_without_discount",
    "anchor price",
    "sidrena cijena na 2.5.2025",
    "sidrena cijena",
    "prezzo precedente",
    "prezzo barrato",
    "prezzo di riferimento",
    "prethodna cijena",
    "stara cijena",
    "streichpreis",
    "prix barré",
    "prix barre",
    "prix de référence",
    "prix de reference",
    "precio anterior",
    "precio tachado",
  ],
  lowest_price_30d: [
    "BestPrice30",
    "lowest price 30 days",
    "lowest price last 30 days",
    "lowest price 30d",
    "omnibus price",
    "najniža cijena u posljednjih 30 dana",
    "najniza cijena u posljednjih 30 dana",
    "prezzo più basso 30 giorni",
    "prezzo piu basso 30 giorni",
    "prezzo più basso ultimi 30 giorni",
    "prezzo piu basso ultimi 30 giorni",
    "niedrigster preis 30 tage",
    "prix le plus bas 30 jours",
    "precio más bajo 30 días",
    "precio mas bajo 30 dias",
  ],
  unit_price: [
    "price per unit",
    "cijena za jedinicu mjere",
    "prezzo unitario",
    "prezzo al kg",
    "prezzo per unità di misura",
    "prezzo per unita di misura",
    "grundpreis",
    "prix unitaire",
    "prix au kilo",
    "precio unitario",
    "precio por unidad de medida",
  ],
  tax_included: ["vat included", "tax inclusive", "iva inclusa", "pdv uključen", "pdv ukljucen", "inkl mwst", "ttc", "iva incluido"],

  // Promotions.
  promo_id: [
    "promotion_id",
    "promo code id",
    "id promo",
    "id promozione",
    "codice promozione",
    "šifra akcije",
    "sifra akcije",
    "aktionsnummer",
    "id promotion",
    "id promoción",
    "id promocion",
  ],
  type: [
    "promotion type",
    "promo type",
    "tipo promozione",
    "tipo promo",
    "vrsta akcije",
    "aktionstyp",
    "type de promotion",
    "tipo de promoción",
  ],
  value: ["discount", "sconto", "popust", "rabatt", "remise", "descuento"],
  min_qty: ["minimum_purchase_quantity", "min quantity", "buy quantity", "quantità minima", "quantita minima"],
  get_qty: ["get quantity", "free quantity", "quantità omaggio", "quantita omaggio"],
  // A promotion file naming its lists in the singular (one sku, channel or store a row, or `|` between them).
  channels: ["channel", "promo channels", "promotion channels", "canali", "kanali", "kanäle", "canaux", "canales"],
  locations: ["location", "stores", "store_codes", "punti vendita", "negozi", "prodavaonice", "filialen", "magasins", "tiendas"],
  skus: ["sku", "item ids", "product ids", "sku list", "articoli", "artikli", "artikel liste"],
  categories: ["category", "category list", "promo categories", "categorie promo"],
  brands: ["brand", "brand list", "promo brands", "marche"],
  start: [
    // Google's promotions feed: the whole window, start/end (init gives the column to end too).
    "promotion_effective_dates",
    "start date",
    "valid from date",
    "data inizio",
    "inizio",
    "datum početka",
    "datum pocetka",
    "startdatum",
    "beginn",
    "date de début",
    "date de debut",
    "fecha de inicio",
    "fecha inicio",
  ],
  end: [
    "end date",
    "data fine",
    "fine",
    "datum završetka",
    "datum zavrsetka",
    "enddatum",
    "ende",
    "date de fin",
    "fecha de fin",
    "fecha fin",
  ],
  member_only: ["members only", "loyalty only", "solo soci", "samo za članove", "nur mitglieder", "réservé aux adhérents"],
  coupon_code: ["generic_redemption_code", "coupon", "voucher", "codice coupon", "kupon", "gutschein", "code promo", "cupón", "cupon"],
  stackable: ["combinable", "cumulabile", "kumulativ", "cumulable", "acumulable"],
  priority: ["priorità", "priorita", "prioritet", "priorität", "prioritat", "priorité", "priorite", "prioridad"],
  exclusive: ["esclusiva", "ekskluzivno", "exklusiv", "exclusif", "exclusiva"],
  campaign: ["campaign_id", "campagna", "kampanja", "kampagne", "campagne", "campaña", "campana"],

  // Stores.
  name: [
    "store name",
    "location_name",
    "shop name",
    "nome negozio",
    "nome impianto",
    "naziv prodavaonice",
    "filialname",
    "nom du magasin",
    "nombre de la tienda",
  ],
  timezone: ["time zone", "tz", "fuso orario", "vremenska zona", "zeitzone", "fuseau horaire", "zona horaria"],
  status: ["store status", "stato", "stato negozio", "statut", "estado"],
  click_collect: [
    "click and collect",
    "click & collect",
    "click&collect",
    "ritiro in negozio",
    "abholung",
    "retrait en magasin",
    "recogida en tienda",
  ],
  e_reservation: ["reserve in store", "reservation", "prenotazione", "rezervacija", "reservierung", "réservation", "reserva"],
  region: ["state", "province", "regione", "provincia", "županija", "zupanija", "bundesland", "région", "región"],
  country: ["country code", "location_country_code", "paese", "nazione", "država", "drzava", "land", "pays", "país", "pais"],

  // Stock.
  available: [
    "quantity",
    "qty",
    "stock",
    "available quantity",
    "on hand",
    "qty on hand",
    "quantity on hand",
    "inventory",
    "quantità",
    "quantita",
    "giacenza",
    "zaliha",
    "količina",
    "kolicina",
    "bestand",
    "lagerbestand",
    "menge",
    "quantité",
    "quantite",
    "cantidad",
    "existencias",
  ],
  updated_at: [
    "last updated",
    "updated",
    "data aggiornamento",
    "aggiornato",
    "ažurirano",
    "azurirano",
    "aktualisiert",
    "mis à jour",
    "actualizado",
  ],

  // Prices over time. A scheduled price's end: named so, in any of the languages above.
  valid_to: [
    "valid to",
    "valid until",
    "effective to",
    "effective until",
    "gültig bis",
    "gultig bis",
    "valable jusqu'à",
    "valable jusqu'a",
    "válido hasta",
    "valido hasta",
    "valido al",
    "vrijedi do",
  ],

  // History.
  valid_from: [
    "valid from",
    "effective from",
    "snapshot_utc",
    "snapshot",
    "dtComu",
    "date",
    "data",
    "datum",
    "fecha",
    "gültig ab",
    "gultig ab",
    "valable à partir de",
    "válido desde",
    "valido desde",
    "valido dal",
    "vrijedi od",
  ],
};

/** Every field some kind has: a synonym stands under one of them. */
const ALL_FIELDS: ReadonlySet<string> = new Set(FEED_KINDS.flatMap((kind) => FEED_FIELDS[kind].map((f) => f.name)));

/** Each synonym's loose name → its field and its place in the field's list (1 for the first). */
const BY_LOOSE_NAME: ReadonlyMap<string, { readonly field: string; readonly rank: number }> = (() => {
  const map = new Map<string, { field: string; rank: number }>();
  for (const [field, names] of Object.entries(FIELD_SYNONYMS)) {
    if (!ALL_FIELDS.has(field)) throw new Error(`synonyms for "${field}", which is no field of any feed kind`);
    names.forEach((name, i) => {
      const key = looseName(name);
      const before = map.get(key);
      if (before !== undefined && before.field !== field) throw new Error(`synonym "${name}" stands under ${before.field} and ${field}`);
      if (before === undefined) map.set(key, { field, rank: i + 1 });
    });
  }
  return map;
})();

/**
 * The canonical field of `kind` that a source column's name stands for: the field whose name it
 * is but for case, spaces, `_` and `-`, else the field it is a known synonym of; null for none.
 */
export function fieldOfColumn(kind: FeedKind, column: string): string | null {
  return columnMatch(kind, column)?.field ?? null;
}

/** How well a column's name names a field: rank 0 is the field's own name, 1 its first synonym, and so on. */
export interface ColumnMatch {
  readonly field: string;
  readonly rank: number;
}

/** {@link fieldOfColumn} with the rank of the name it matched: of two columns for one field, the lower rank is the likelier. */
export function columnMatch(kind: FeedKind, column: string): ColumnMatch | null {
  const key = looseName(column);
  const fields = FEED_FIELDS[kind];
  const own = fields.find((f) => looseName(f.name) === key);
  if (own !== undefined) return { field: own.name, rank: 0 };
  const synonym = BY_LOOSE_NAME.get(key);
  if (synonym === undefined || !(SYNONYMS_ONLY_IN.get(key) ?? [kind]).includes(kind)) return null;
  if (fields.some((f) => f.name === synonym.field)) return synonym;
  // A name of one value where the kind holds a list of them (`store_code` in a promotions file:
  // its `locations`), as the field's own singular name is (`location`).
  const list = LIST_OF[synonym.field];
  return list !== undefined && fields.some((f) => f.name === list) ? { field: list, rank: synonym.rank + 1 } : null;
}

/**
 * The list fields (a promotion's) of what one value of a field names: a store's and a channel's
 * names. A sku's are left out: `id` and `code` name a promotion in a promotions file as often.
 */
const LIST_OF: Readonly<Record<string, string>> = { location: "locations", channel: "channels" };

/**
 * Synonyms that name their field in some kinds only: a `date` is when a history row's price
 * starts, but on a price row (an observation, a shelf price) it is no scheduled start. A name
 * that says "from" (`valid from`, `gültig ab`) is a start in either.
 */
const SYNONYMS_ONLY_IN: ReadonlyMap<string, readonly FeedKind[]> = new Map(
  ["snapshot_utc", "snapshot", "dtComu", "date", "data", "datum", "fecha"].map((name) => [looseName(name), ["price_history"]]),
);
