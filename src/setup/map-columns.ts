import { FEED_FIELDS, type FeedKind, type FieldSpec } from "../model/fields.js";
import { columnMatch } from "../model/synonyms.js";
import { isCurrencyCode } from "../money/currencies.js";
import type { Settled } from "./doubtful-names.js";
import { isItemOrMeasurePrice, qualifiedPrice, type PriceQualifier } from "./price-qualifier.js";

/** A column taken for a canonical field, and by which name. */
export interface ColumnChoice {
  readonly field: string;
  /** In the header. */
  readonly column: number;
  readonly name: string;
  /** 0: the field's own name; 1…: a synonym (lower is likelier); see {@link columnMatch}. */
  readonly rank: number;
  /** Matched once a language suffix (`_en`, ` (it)`) was dropped from the name. */
  readonly withoutLanguage: boolean;
  /** Matched once the currency its amounts are in (`Preis (EUR)`, `Prezzo €`) was dropped from the name: that currency. */
  readonly withoutCurrency?: string;
  /** A name that means the field in some feeds only: why it is taken here (a TODO when the file does not tell). */
  readonly doubt?: string;
  /** Other columns whose names name the field as well as this one's (`price_fr` beside `price_de`): taken first of them by place alone. */
  readonly rivals?: readonly string[];
  /** Matched once a qualifier was dropped from the name (`prix TTC`, `Preis netto`, `Stückpreis`): which, as written. */
  readonly qualifier?: { readonly is: PriceQualifier; readonly words: string };
}

/** A column that names a field another column was taken for. */
export interface PassedOver {
  readonly column: number;
  readonly name: string;
  readonly field: string;
  /** The column taken instead. */
  readonly taken: string;
  /** As {@link ColumnChoice.qualifier}. */
  readonly qualifier?: ColumnChoice["qualifier"];
}

/** The columns of a header that name fields of one kind. */
export interface KindMapping {
  readonly kind: FeedKind;
  /** By field. */
  readonly chosen: ReadonlyMap<string, ColumnChoice>;
  readonly passedOver: readonly PassedOver[];
}

/** Ranks after those of names matched whole: a name found without its language suffix is a weaker match. */
const SUFFIX_RANK = 1000;

/**
 * Maps a header's columns to the fields of `kind` by their names (see {@link columnMatch}); of
 * two columns for one field, the better-ranked name wins, then the first column (the others
 * named as its rivals when their names rank alike). `doubts` settles names that mean the field
 * in some feeds only: a column it leaves out names no field, one it takes carries its note.
 */
export function mapColumns(kind: FeedKind, columns: readonly string[], doubts?: ReadonlyMap<number, Settled>): KindMapping {
  const chosen = new Map<string, ColumnChoice>();
  const passedOver: PassedOver[] = [];
  const candidates: ColumnChoice[] = [];
  columns.forEach((name, column) => {
    const whole = columnMatch(kind, name);
    const bare = whole === null ? withoutLanguageSuffix(name) : null;
    let match = whole ?? (bare === null ? null : columnMatch(kind, bare));
    // An amount's column may name its currency: `Preis (EUR)`, `Prezzo €`, `Price in USD`.
    const priced = match === null ? withoutCurrencySuffix(name) : null;
    const amount = priced === null ? null : columnMatch(kind, priced.name);
    if (amount !== null && FEED_FIELDS[kind].some((f) => f.name === amount.field && f.type === "money")) match = amount;
    // A price's column may say its tax basis or that it is one unit's: `prix HT`, `Preis brutto`,
    // `Price (incl. VAT)`, `Stückpreis`; its currency too (`Prix TTC (EUR)`). A weaker match
    // than any name matched whole, gross before net before one unit's.
    let qualified = match === null ? qualifiedPrice(name) : null;
    let named = qualified === null ? null : columnMatch(kind, qualified.name);
    let qualifiedPriced = false;
    if (match === null && named === null && priced !== null) {
      qualified = qualifiedPrice(priced.name);
      named = qualified === null ? null : columnMatch(kind, qualified.name);
      qualifiedPriced = named !== null;
    }
    const namedField = named?.field;
    if (!FEED_FIELDS[kind].some((f) => f.name === namedField && f.type === "money")) named = null;
    if (named !== null) match = { field: named.field, rank: QUALIFIED_RANK[qualified!.qualifier] + named.rank };
    if (match === null) return;
    const currency = match === amount || (named !== null && qualifiedPriced) ? priced!.currency : undefined;
    const qualifier = named !== null ? { is: qualified!.qualifier, words: qualified!.words } : undefined;
    const doubt = doubts?.get(column);
    if (doubt?.field === match.field && !doubt.take) return;
    candidates.push({
      field: match.field,
      column,
      name,
      rank: whole === null && qualifier === undefined ? SUFFIX_RANK + match.rank : match.rank,
      withoutLanguage: whole === null && currency === undefined && qualifier === undefined,
      ...(currency === undefined ? {} : { withoutCurrency: currency }),
      ...(qualifier === undefined ? {} : { qualifier }),
      ...(doubt?.field === match.field ? { doubt: doubt.note } : {}),
    });
  });
  const sorted = [...candidates].sort((a, b) => a.rank - b.rank || a.column - b.column);
  for (const c of sorted) {
    const taken = chosen.get(c.field);
    if (taken === undefined) chosen.set(c.field, c);
    else {
      passedOver.push({
        column: c.column,
        name: c.name,
        field: c.field,
        taken: taken.name,
        ...(c.qualifier === undefined ? {} : { qualifier: c.qualifier }),
      });
      // The same name twice is a header check refuses, said so apart; a different name ranked alike is a tie.
      if (c.rank === taken.rank && c.name !== taken.name) chosen.set(c.field, { ...taken, rivals: [...(taken.rivals ?? []), c.name] });
    }
  }
  // A unit price beside no other price (`codice;prezzo unitario`, `SKU,Unit Price`): the item's
  // price in many exports, a price per kg in others. Taken as the price, with a TODO, so the
  // file is still read as prices.
  const unit = chosen.get("unit_price");
  const priceless = FEED_FIELDS[kind].some((f) => f.name === "price") && !chosen.has("price") && !chosen.has("sale_price");
  if (priceless && unit !== undefined && isItemOrMeasurePrice(unit.name)) {
    chosen.delete("unit_price");
    chosen.set("price", { ...unit, field: "price", qualifier: { is: "unit", words: unit.name } });
  }
  return { kind, chosen, passedOver: passedOver.sort((a, b) => a.column - b.column) };
}

/** Ranks of names matched once a qualifier was dropped: after every name matched whole or without a suffix. */
const QUALIFIED_RANK: Readonly<Record<PriceQualifier, number>> = { gross: 2000, net: 3000, unit: 4000 };

/** Language codes that end column names in multilingual files (`name_en`, `brand_zh`). */
const LANGUAGES: ReadonlySet<string> = new Set(
  "en it de fr es hr sl sr bs nl pt pl cs sk hu ro bg el sv da fi no nb et lv lt ga mt zh ja ko ru uk tr ar he".split(" "),
);

/** `name_en`, `name-it`, `Name (de)` → `name`, `Name`; null when the name ends in no language code. */
function withoutLanguageSuffix(name: string): string | null {
  const text = name.trim();
  let code: string;
  let end: number;
  if (text.endsWith(")")) {
    end = text.length - 4;
    if (text[end] !== "(") return null;
    code = text.slice(end + 1, -1);
  } else {
    end = text.length - 2;
    code = text.slice(end);
    if (!isSeparator(text[end - 1])) return null;
  }
  if (!/^[a-zA-Z]{2}$/.test(code) || !LANGUAGES.has(code.toLowerCase())) return null;
  while (end > 0 && isSeparator(text[end - 1])) end--;
  return end > 0 ? text.slice(0, end) : null;
}

/** The symbols of currencies a header may name, and the code of each. */
const CURRENCY_SIGNS: Readonly<Record<string, string>> = { "€": "EUR", "£": "GBP", $: "$", "¥": "¥" };

/**
 * `Preis (EUR)`, `Prezzo €`, `Precio [€]`, `Price in USD`, `price_eur` → the name without the
 * currency, and that currency (a code, or a sign several currencies use); null when the name ends
 * in no ISO 4217 code or currency sign.
 */
function withoutCurrencySuffix(name: string): { name: string; currency: string } | null {
  let text = name.trim();
  const bracketed = text.endsWith(")") || text.endsWith("]");
  if (bracketed) text = text.slice(0, -1).trimEnd();
  let end = text.length;
  while (end > 0 && !isSeparator(text[end - 1]) && text[end - 1] !== "(" && text[end - 1] !== "[") end--;
  const tail = text.slice(end);
  const currency = CURRENCY_SIGNS[tail] ?? (/^[A-Za-z]{3}$/.test(tail) && isCurrencyCode(tail.toUpperCase()) ? tail.toUpperCase() : null);
  if (currency === null || end === 0) return null;
  let head = text.slice(0, end);
  if (bracketed !== (head.endsWith("(") || head.endsWith("["))) return null;
  if (bracketed) head = head.slice(0, -1);
  head = head.trimEnd();
  if (/ in$/i.test(head)) head = head.slice(0, -3);
  while (head.length > 0 && isSeparator(head[head.length - 1])) head = head.slice(0, -1);
  return head === "" ? null : { name: head, currency };
}

function isSeparator(c: string | undefined): boolean {
  return c === " " || c === "_" || c === "-" || c === "\t";
}

/**
 * Fields a starter config may give as a constant when no column does: which channel a file's
 * prices are of is rarely in the file.
 */
export const CONSTANT_FIELDS: ReadonlySet<string> = new Set(["channel"]);

/**
 * Groups of fields of which a kind's rows need one (besides its required fields). A promotion's
 * `end` is needed unless its `start` holds the whole window, which the feed's builder judges row
 * by row; a start column whose cells hold windows gives `end` too (see infer-feed's readingOf).
 */
const ONE_OF: Readonly<Partial<Record<FeedKind, readonly (readonly string[])[]>>> = {
  prices: [["price", "sale_price"]],
  promotions: [["skus", "categories", "brands"], ["end"]],
};

/** Kinds that describe what is sold and where: chosen only when no kind of priced or counted rows fits. */
export const REFERENCE_KINDS: ReadonlySet<FeedKind> = new Set(["catalogue", "stores"]);

/** The order ties between kinds are settled in. */
export const KIND_ORDER: readonly FeedKind[] = ["prices", "price_history", "inventory", "promotions", "catalogue", "stores"];

/** How well a kind fits the fields a file's columns give. */
export interface KindFit {
  readonly kind: FeedKind;
  /** Fields the kind needs that no column gives (constants aside), `a or b` for a group. */
  readonly missing: readonly string[];
  /** Fields given. */
  readonly score: number;
}

/** How `kind` fits a file whose columns give `fields`. */
export function fitOf(kind: FeedKind, fields: ReadonlySet<string>): KindFit {
  const missing = FEED_FIELDS[kind].filter((f) => f.required && !CONSTANT_FIELDS.has(f.name) && !fields.has(f.name)).map((f) => f.name);
  for (const group of ONE_OF[kind] ?? []) if (!group.some((f) => fields.has(f))) missing.push(group.join(" or "));
  let score = FEED_FIELDS[kind].filter((f) => fields.has(f.name)).length;
  // Prices from an instant on, with no end, are a log of changes: a history. Scheduled prices give both ends.
  if (kind === "prices" && fields.has("valid_from") && !fields.has("valid_to")) score--;
  return { kind, missing, score };
}

/**
 * The kind a file is, from the fields its columns give per kind: a kind with nothing missing,
 * priced or counted rows (prices, history, stock, promotions) before catalogue and stores, more
 * fields first, then {@link KIND_ORDER}; when no kind has all it needs, the one with most fields.
 */
export function chooseKind(fits: readonly KindFit[]): KindFit {
  const order = (a: KindFit, b: KindFit) => b.score - a.score || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  const complete = fits.filter((f) => f.missing.length === 0 && f.score > 0);
  const rows = complete.filter((f) => !REFERENCE_KINDS.has(f.kind)).sort(order);
  if (rows.length > 0) return rows[0]!;
  if (complete.length > 0) {
    const best = complete.sort(order)[0]!;
    // A catalogue needs a sku alone: a store list (Code, Name, City, Time Zone, Status) gives one
    // by a guess, and gives a stores feed more. A kind that many fields richer wins, its TODO said.
    const richer = fits.filter((f) => f.missing.length > 0 && f.score >= best.score + RICHER_BY).sort(order)[0];
    return richer ?? best;
  }
  return [...fits].sort(order)[0]!;
}

/** How many more fields an incomplete kind must give than a complete reference kind to be chosen instead. */
const RICHER_BY = 2;

/** The spec of a field of a kind. */
export function specOf(kind: FeedKind, field: string): FieldSpec {
  return FEED_FIELDS[kind].find((f) => f.name === field)!;
}
