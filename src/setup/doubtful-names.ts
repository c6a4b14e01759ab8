import { FIELD_SYNONYMS, looseName } from "../model/synonyms.js";
import { headerLanguages, LANGUAGE_NAMES, type HeaderLanguage } from "./header-language.js";

/**
 * A synonym that names its field in some feeds and something else in others: `PDV` is the point
 * of sale in Italian and VAT in Croatian. Where the file's headers tell which, that decides it;
 * where they do not, the column is taken or left out as {@link Doubt.unsure} says, with a TODO.
 */
interface Doubt {
  readonly field: string;
  /** What the name means as the field, for the remarks. */
  readonly as: string;
  /** What else it means, and where, for the remarks. */
  readonly or: string;
  /** Languages in whose headers it is the field, and in whose it is the other thing. */
  readonly fieldIn: readonly HeaderLanguage[];
  readonly orIn: readonly HeaderLanguage[];
  /** Columns (any of them) that show an export in which it is the other thing, and whose export that is. */
  readonly orBeside?: { readonly names: readonly string[]; readonly source: string };
  /** When nothing tells: left out, or taken, with what to do if it is the other thing (a TODO either way). */
  readonly unsure: "leave" | { readonly elseDo: string };
}

const PDV: Doubt = {
  field: "location",
  as: "the point of sale (Italian punto vendita, Spanish punto de venta, French point de vente)",
  or: "VAT (Croatian, Serbian and Bosnian porez na dodanu vrijednost)",
  fieldIn: ["it", "es", "fr"],
  orIn: ["hr"],
  unsure: "leave",
};

const ANCHOR_PRICE: Doubt = {
  field: "reference_price",
  as: "the price before a reduction, which the omnibus rules compare the sale with",
  or: "the price on 2 May 2025 that Croatia's price caps refer to (Konzum's AnchorPrice, sidrena cijena)",
  fieldIn: [],
  orIn: ["hr"],
  unsure: { elseDo: "remove it from columns and list it under ignoreColumns" },
};

const LIST_PRICE: Doubt = {
  field: "price",
  as: "the price the rows sell at",
  or: "the manufacturer's suggested price (Amazon's list_price is; its selling price is standard_price)",
  fieldIn: [],
  orIn: [],
  orBeside: {
    names: ["item_sku", "standard_price", "product_id_type", "fulfillment_latency", "sale_from_date"],
    source: "Amazon's inventory flat file",
  },
  unsure: { elseDo: "map the selling price's column as price instead, and list this one under ignoreColumns" },
};

/** Doubtful synonyms, by {@link looseName}: each a synonym of its doubt's field. */
const DOUBTS: ReadonlyMap<string, Doubt> = new Map(
  (
    [
      ["pdv", PDV],
      ["anchor price", ANCHOR_PRICE],
      ["sidrena cijena", ANCHOR_PRICE],
      ["sidrena cijena na 2.5.2025", ANCHOR_PRICE],
      ["list_price", LIST_PRICE],
    ] as const
  ).map(([name, doubt]) => {
    const key = looseName(name);
    if (!FIELD_SYNONYMS[doubt.field]?.some((n) => looseName(n) === key)) throw new Error(`"${name}" is no synonym of ${doubt.field}`);
    return [key, doubt];
  }),
);

/** How a file settles a doubtful column. */
export interface Settled {
  readonly field: string;
  /** Taken for the field, or left out. */
  readonly take: boolean;
  /** Whether the file told which (else the note says TODO). */
  readonly sure: boolean;
  /** Beside the column when taken, beside it under ignoreColumns when surely left out, else the TODO of an unmapped column. */
  readonly note: string;
}

/** The doubtful columns of a header (by column), each settled by what the header's words tell. */
export function settleDoubts(columns: readonly string[]): ReadonlyMap<number, Settled> {
  const settled = new Map<number, Settled>();
  let languages: ReadonlySet<HeaderLanguage> | undefined;
  columns.forEach((name, column) => {
    const doubt = DOUBTS.get(looseName(name));
    if (doubt === undefined) return;
    languages ??= headerLanguages(columns);
    settled.set(column, settle(doubt, name, columns, languages));
  });
  return settled;
}

function settle(doubt: Doubt, name: string, columns: readonly string[], languages: ReadonlySet<HeaderLanguage>): Settled {
  const { field } = doubt;
  const quoted = JSON.stringify(name);
  const fieldBy = doubt.fieldIn.filter((l) => languages.has(l));
  const orBy = doubt.orIn.filter((l) => languages.has(l));
  const beside =
    doubt.orBeside === undefined ? [] : columns.filter((c) => doubt.orBeside!.names.some((n) => looseName(n) === looseName(c)));
  const or = orBy.length > 0 || beside.length > 0;
  if (or && fieldBy.length === 0) {
    const why =
      orBy.length > 0
        ? `the ${languagesOf(orBy)} headers say so`
        : `${listed(beside.map((c) => JSON.stringify(c)))} show ${doubt.orBeside!.source}`;
    return { field, take: false, sure: true, note: `${doubt.or}, not ${field}: ${why}` };
  }
  if (fieldBy.length > 0 && !or) {
    return {
      field,
      take: true,
      sure: true,
      note: `${doubt.as}: the ${languagesOf(fieldBy)} headers say so; elsewhere it may be ${doubt.or}`,
    };
  }
  const untold = fieldBy.length > 0 ? "the headers point both ways" : "the headers do not tell which";
  if (doubt.unsure !== "leave") {
    return {
      field,
      take: true,
      sure: false,
      note: `TODO taken as ${field} (${doubt.as}), but it may be ${doubt.or}, and ${untold}: if it is, ${doubt.unsure.elseDo}`,
    };
  }
  return {
    field,
    take: false,
    sure: false,
    note: `TODO unmapped: ${quoted} may be ${field}, ${doubt.as}, or ${doubt.or}, and ${untold}: if it is the ${field}, map it (columns: { ${field}: ${quoted} }), else list it under ignoreColumns`,
  };
}

/** `Italian`, `Italian and Croatian`. */
function languagesOf(languages: readonly HeaderLanguage[]): string {
  return listed(languages.map((l) => LANGUAGE_NAMES[l]));
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)!}`;
}
