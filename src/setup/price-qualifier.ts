import { looseName } from "../model/synonyms.js";
import { withoutAccents } from "../text/keys.js";

/**
 * What a price column's name says of its amounts besides naming the price: without tax (`prix HT`,
 * `Preis netto`, `Price (excl. VAT)`), with tax (`prix TTC`, `Preis brutto`, `IVA inclusa`), or of
 * one unit (`Stückpreis`, `prezzo unitario`: the item's price, or a price per kg).
 */
export type PriceQualifier = "net" | "gross" | "unit";

/** A column's name read as a field's name and a qualifier. */
export interface QualifiedName {
  /** The name without the qualifier (`Price` of `Price (excl. VAT)`). */
  readonly name: string;
  readonly qualifier: PriceQualifier;
  /** The qualifier as the header writes it (`excl. VAT`), for the remarks. */
  readonly words: string;
}

/** Qualifiers after the name, as folded words (lower case, no accents): `prix HT`, `Price (incl. VAT)`. */
const AFTER: Readonly<Record<PriceQualifier, readonly string[]>> = {
  net: [
    "ht",
    "h t",
    "hors taxe",
    "hors taxes",
    "hors tva",
    "net",
    "netto",
    "excl vat",
    "excl tax",
    "excl taxes",
    "excluding vat",
    "excluding tax",
    "ex vat",
    "ex tax",
    "exc vat",
    "excl gst",
    "ex gst",
    "before tax",
    "pre tax",
    "without vat",
    "without tax",
    "iva esclusa",
    "iva escl",
    "esclusa iva",
    "escl iva",
    "senza iva",
    "sin iva",
    "iva excluida",
    "exkl mwst",
    "ohne mwst",
    "zzgl mwst",
    "exkl ust",
    "ohne ust",
    "bez pdv",
    "bez pdv a",
    "excl btw",
  ],
  gross: [
    "ttc",
    "t t c",
    "toutes taxes comprises",
    "gross",
    "brutto",
    "incl vat",
    "incl tax",
    "incl taxes",
    "including vat",
    "including tax",
    "inc vat",
    "inc tax",
    "incl gst",
    "inc gst",
    "with vat",
    "with tax",
    "vat incl",
    "tax incl",
    "vat included",
    "tax included",
    "iva inclusa",
    "iva incl",
    "incl iva",
    "iva compresa",
    "con iva",
    "ivato",
    "ivata",
    "iva incluido",
    "iva incluida",
    "inkl mwst",
    "mit mwst",
    "inkl ust",
    "s pdv",
    "s pdv om",
    "sa pdv",
    "sa pdv om",
    "incl btw",
  ],
  unit: [
    "unit",
    "unitario",
    "unitaria",
    "unitaire",
    "per unit",
    "per item",
    "per piece",
    "par unite",
    "a l unite",
    "al pezzo",
    "per pezzo",
    "pro stuck",
    "je stuck",
    "por unidad",
  ],
};

/** Qualifiers before the name: `Net price`, `Brutto Preis`, `Unit price` (where unit_price is no field). */
const BEFORE: Readonly<Record<PriceQualifier, readonly string[]>> = {
  net: ["net", "netto"],
  gross: ["gross", "brutto"],
  unit: ["unit"],
};

/** Names written as one word: the name each holds, and its qualifier. */
const COMPOUNDS: ReadonlyMap<string, { name: string; qualifier: PriceQualifier }> = new Map([
  ["nettopreis", { name: "Preis", qualifier: "net" }],
  ["bruttopreis", { name: "Preis", qualifier: "gross" }],
  ["nettoverkaufspreis", { name: "Verkaufspreis", qualifier: "net" }],
  ["bruttoverkaufspreis", { name: "Verkaufspreis", qualifier: "gross" }],
  ["netprice", { name: "price", qualifier: "net" }],
  ["grossprice", { name: "price", qualifier: "gross" }],
  ["stuckpreis", { name: "Preis", qualifier: "unit" }],
  ["stueckpreis", { name: "Preis", qualifier: "unit" }],
  ["einzelpreis", { name: "Preis", qualifier: "unit" }],
]);

/**
 * Names of a unit price that may be the price of one item as well as a price per unit of measure
 * (per kg, per l): ERP and shop exports write `Unit Price` and Italian ones `prezzo unitario` for
 * the item's price, shelf labels for the price per kg. By {@link looseName}.
 */
const ITEM_OR_MEASURE: ReadonlySet<string> = new Set(
  ["unit price", "price per unit", "prezzo unitario", "prix unitaire", "precio unitario"].map(looseName),
);

/** Whether a unit price's column name may be the item's price as well (`Unit Price`, `prezzo unitario`). */
export function isItemOrMeasurePrice(name: string): boolean {
  return ITEM_OR_MEASURE.has(looseName(name));
}

/** A word of a header: folded, and where it stands in the name as written. */
interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `Price (excl. VAT)` → `Price` and `net`; null when the name holds no qualifier beside another word. */
export function qualifiedPrice(header: string): QualifiedName | null {
  const name = header.trim();
  const words = wordsOf(name);
  if (words.length === 1) {
    const compound = COMPOUNDS.get(words[0]!.text);
    return compound === undefined ? null : { ...compound, words: name };
  }
  for (const qualifier of QUALIFIERS) {
    for (const phrase of AFTER[qualifier]) {
      const at = words.length - phrase.split(" ").length;
      if (at > 0 && matches(words, at, phrase)) {
        return {
          name: name.slice(words[0]!.start, words[at - 1]!.end),
          qualifier,
          words: name.slice(words[at]!.start, words[words.length - 1]!.end),
        };
      }
    }
  }
  for (const qualifier of QUALIFIERS) {
    for (const phrase of BEFORE[qualifier]) {
      if (words.length > 1 && matches(words, 0, phrase)) {
        return { name: name.slice(words[1]!.start, words[words.length - 1]!.end), qualifier, words: name.slice(0, words[0]!.end) };
      }
    }
  }
  return null;
}

const QUALIFIERS: readonly PriceQualifier[] = ["net", "gross", "unit"];

/** Whether the words from `at` on are `phrase`'s. */
function matches(words: readonly Word[], at: number, phrase: string): boolean {
  const parts = phrase.split(" ");
  return parts.every((p, i) => words[at + i]?.text === p);
}

/** The words of a name: runs of letters and digits, folded (lower case, accents dropped). */
function wordsOf(name: string): Word[] {
  const words: Word[] = [];
  let start = -1;
  let i = 0;
  for (const char of name) {
    const inWord = LETTER_OR_DIGIT.test(char);
    if (inWord && start < 0) start = i;
    if (!inWord && start >= 0) {
      words.push(wordOf(name, start, i));
      start = -1;
    }
    i += char.length;
  }
  if (start >= 0) words.push(wordOf(name, start, i));
  return words;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}\p{M}]$/u;

function wordOf(name: string, start: number, end: number): Word {
  const text = withoutAccents(name.slice(start, end)).toLowerCase();
  return { text, start, end };
}
