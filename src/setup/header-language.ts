import { withoutAccents } from "../text/keys.js";

/** Languages a header's words can tell apart where a column's name means different things in them. */
export type HeaderLanguage = "hr" | "it" | "es" | "fr";

/** The languages' names, as remarks give them. */
export const LANGUAGE_NAMES: Readonly<Record<HeaderLanguage, string>> = {
  hr: "Croatian",
  it: "Italian",
  es: "Spanish",
  fr: "French",
};

/**
 * Words of feed headers that one of the languages writes and the others do not, lower case and
 * without accents (`šifra` is `sifra`): price, code, name, store, quantity, start words and the like.
 */
const WORDS: Readonly<Record<HeaderLanguage, readonly string[]>> = {
  hr: [
    "cijena",
    "cijene",
    "mpc",
    "sifra",
    "naziv",
    "proizvoda",
    "artikla",
    "akcijska",
    "akcije",
    "sidrena",
    "kolicina",
    "jedinica",
    "mjere",
    "barkod",
    "kategorija",
    "prodavaonica",
    "poslovnica",
    "trgovina",
    "popust",
    "zaliha",
    "vrijedi",
    "pocetak",
    "najniza",
    "posljednjih",
    "ukljucen",
    "azurirano",
  ],
  it: [
    "prezzo",
    "prezzi",
    "codice",
    "articolo",
    "descrizione",
    "denominazione",
    "negozio",
    "vendita",
    "inizio",
    "giacenza",
    "quantita",
    "sconto",
    "scontato",
    "listino",
    "promozione",
    "reparto",
  ],
  es: [
    "precio",
    "codigo",
    "articulo",
    "descripcion",
    "nombre",
    "tienda",
    "sucursal",
    "oferta",
    "existencias",
    "cantidad",
    "moneda",
    "fecha",
    "inicio",
  ],
  fr: ["prix", "libelle", "magasin", "debut", "quantite", "devise", "remise", "enseigne", "solde"],
};

/** Each word → its language. */
const LANGUAGE_OF: ReadonlyMap<string, HeaderLanguage> = new Map(
  Object.entries(WORDS).flatMap(([language, words]) => words.map((word) => [word, language as HeaderLanguage] as const)),
);

/** The languages whose words a header's column names hold (`Šifra;Naziv;MPC` → Croatian). */
export function headerLanguages(columns: readonly string[]): ReadonlySet<HeaderLanguage> {
  const found = new Set<HeaderLanguage>();
  for (const name of columns) {
    for (const word of withoutAccents(name)
      .toLowerCase()
      .split(/[^\p{L}]+/u)) {
      const language = LANGUAGE_OF.get(word);
      if (language !== undefined) found.add(language);
    }
  }
  return found;
}
