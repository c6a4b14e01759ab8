import { BUILTIN_CHANNELS } from "../config/channels.js";
import type { RawRecord } from "../io/record.js";
import { FEED_FIELDS, type FeedKind, type FieldType } from "../model/fields.js";
import { LOCATION_STATUSES } from "../model/location.js";
import { PROMOTION_TYPES } from "../model/promotion.js";
import type { NumberFormat } from "../money/amount.js";
import { isTimeZone } from "../time/instant.js";
import { foldedName } from "../text/keys.js";
import { feedDatePattern, type DatePattern } from "../time/date-pattern.js";
import { channelOfFileName } from "./channel-hint.js";
import { CellChecker, type CellCheck } from "./check-cells.js";
import {
  chooseKind,
  fitOf,
  KIND_ORDER,
  mapColumns,
  REFERENCE_KINDS,
  specOf,
  type ColumnChoice,
  type KindFit,
  type KindMapping,
} from "./map-columns.js";
import { amountColumns, type AmountColumns } from "./amount-columns.js";
import { guessDateFormat, isWrittenDate } from "./dates.js";
import { settleDoubts, type Settled } from "./doubtful-names.js";
import { feedCurrency } from "./feed-currency.js";
import { guessNumberFormat } from "./numbers.js";
import { readSample, type Sample } from "./sample.js";
import { sniffFile, type Layout } from "./sniff.js";
import { withTitleRows, worksheetsOf, type Worksheet } from "./workbook.js";
import type { Entry, FeedDraft, Scalar } from "./write-config.js";

/** What `init --from` made of one file: its feed entry, and what it saw that the whole config uses. */
export interface FeedGuess {
  readonly kind: FeedKind;
  readonly draft: FeedDraft;
  /** Canonical field → source column, columns read under their own names included. */
  readonly columns: Readonly<Record<string, string>>;
  readonly constants: Readonly<Record<string, Scalar>>;
  /** Currency codes the rows name, and how often (a currency column, or symbols in amounts). */
  readonly currencies: ReadonlyMap<string, number>;
  /** Rows read whose amounts name no currency (an empty currency cell, no symbol), of those with an amount. */
  readonly unnamed: { readonly rows: number; readonly of: number };
  /** Whether its `currency` constant is a guess among the currencies a sign stands for (see feedCurrency). */
  readonly currencyGuessed: boolean;
  /** Time zones a stores file gives its locations, and how often. */
  readonly zones: ReadonlyMap<string, number>;
  /** A workbook of several worksheets: their names (the one read is the feed's `sheet`). */
  readonly sheets?: readonly string[];
}

export type Inferred = { readonly ok: true; readonly feed: FeedGuess } | { readonly ok: false; readonly reason: string };

/** How each field type's cells must read, for remarks on a column whose cells do not. */
const READ_AS: Readonly<Record<FieldType, string>> = {
  id: "text",
  text: "text",
  money: "amounts in the feed's number format",
  quantity: "numbers in the feed's number format",
  integer: "whole numbers",
  boolean: "true/false, yes/no or 1/0",
  list: "lists",
  channel_list: "lists of channel ids",
  timestamp: "dates or date-times (ISO 8601, or the feed's dateFormat)",
  date: "dates (ISO 8601, or the feed's dateFormat)",
  currency: "ISO 4217 currency codes",
  timezone: "IANA time zones",
  channel: `channel ids (${Object.keys(BUILTIN_CHANNELS).join(", ")})`,
  status: `statuses (${LOCATION_STATUSES.join(", ")})`,
  promo_type: `promotion types (${PROMOTION_TYPES.join(", ")})`,
  enum: "the field's values",
};

/** Types whose few distinct values a `values` map can turn into the ones pricelint reads. */
const CODED: Readonly<Partial<Record<FieldType, string>>> = {
  channel: "<channel>",
  status: LOCATION_STATUSES.join("|"),
  promo_type: PROMOTION_TYPES.join("|"),
  boolean: "true|false",
  currency: "<ISO code>",
};

/** Kinds whose rows need a channel: a constant when no column gives it. */
const CHANNEL_KINDS: ReadonlySet<FeedKind> = new Set(["prices", "price_history"]);

/**
 * Infers the feed entry of one file: its layout, the kind of rows it holds, which columns give
 * which fields (by their names, then checked against the first rows as `check` reads them), and
 * the constants it needs; every guess and every column left out is remarked on. `path` is the
 * file as the config names it. Of a workbook's several sheets, the one that reads as a feed is
 * read (see {@link inferSheet}).
 */
export async function inferFeed(file: string, path: string): Promise<Inferred> {
  const sniffed = await sniffFile(file);
  if (!sniffed.ok) return sniffed;
  const layout = sniffed.layout;
  const sheets = (layout.format.options as readonly string[]).includes("sheet") ? await worksheetsOf(file, layout.gzip) : null;
  if (sheets !== null && sheets.length > 1) return inferSheet(file, path, layout, sheets);
  const read = await inferLayout(file, path, layout);
  return read.ok ? { ok: true, feed: read.feed } : read;
}

/** A feed inferred from a file read as `layout` says, with how well its kind fits. */
type Read = { readonly ok: true; readonly feed: FeedGuess; readonly fit: KindFit } | { readonly ok: false; readonly reason: string };

async function inferLayout(file: string, path: string, sniffed: Layout): Promise<Read> {
  // Delimited text's title lines are found as it is sniffed; a sheet's are found by reading it.
  const titled = sniffed.format.binary && (sniffed.format.options as readonly string[]).includes("skipLines");
  const layout = titled ? await withTitleRows(file, sniffed) : sniffed;
  const read = await readSample(file, layout);
  if (!read.ok) return read;
  const sample = read.sample;
  if (sample.columns.length === 0) return { ok: false, reason: "no columns: the file holds no header or no object keys" };
  if (sample.records.length === 0 && sample.problems.length > 0) {
    const first = sample.problems[0]!;
    const hint = titled ? `; if rows above the header hold a title, skipLines skips them (docs/feeds.md)` : "";
    return { ok: false, reason: `no record could be read (line ${first.line}: ${first.reason})${hint}` };
  }
  return { ok: true, ...feedOf(path, layout, sample) };
}

/** Worksheets of a workbook read to choose one: more than a workbook kept by hand holds. */
const SHEETS_LOOKED_AT = 20;

/**
 * The feed of a workbook of several worksheets: the sheet whose rows read as priced or counted
 * rows (prices, history, stock, promotions) with all their kind needs, else as a catalogue or
 * stores; of several alike, the first (a TODO naming them), as of none (a TODO too). Hidden
 * sheets are passed over, as the reader passes them over, unless every sheet is hidden. The
 * feed names its sheet, remarked with the workbook's sheets.
 */
async function inferSheet(file: string, path: string, layout: Layout, sheets: readonly Worksheet[]): Promise<Inferred> {
  const shown = sheets.filter((s) => !s.hidden);
  const reads: { sheet: string; read: Read }[] = [];
  for (const { name } of (shown.length > 0 ? shown : sheets).slice(0, SHEETS_LOOKED_AT)) {
    reads.push({ sheet: name, read: await inferLayout(file, path, { ...layout, sheet: name }) });
  }
  const rank = ({ read }: { read: Read }) => {
    if (!read.ok) return 0;
    if (read.fit.missing.length > 0 || read.fit.score === 0) return 1;
    return REFERENCE_KINDS.has(read.fit.kind) ? 2 : 3;
  };
  const best = Math.max(...reads.map(rank));
  const top = reads.filter((r) => rank(r) === best);
  const chosen = top[0]!;
  if (!chosen.read.ok) return chosen.read;
  const names = sheets.map((s) => `${JSON.stringify(s.name)}${s.hidden ? " (hidden)" : ""}`).join(", ");
  const read = JSON.stringify(chosen.sheet);
  const kinds = top.map((r) => `${JSON.stringify(r.sheet)} (${r.read.ok ? r.read.fit.kind : "?"})`).join(", ");
  const note =
    best < 2
      ? `TODO the workbook has sheets ${names}, and none reads as a feed with all its kind needs: ${read} is read for coming first: set sheet to the one that holds the feed`
      : top.length > 1
        ? `TODO the workbook has sheets ${names}; ${kinds} each read as a feed: ${read} is read for coming first: set sheet to the one meant`
        : `the one of the workbook's sheets (${names}) that reads as ${chosen.read.fit.kind}`;
  const feed = chosen.read.feed;
  const settings = feed.draft.settings.map((e) => (e.key === "sheet" ? { ...e, note } : e));
  return { ok: true, feed: { ...feed, draft: { ...feed.draft, settings }, sheets: sheets.map((s) => s.name) } };
}

/** One kind's reading of a file: the columns whose cells read as their fields, and the ones that do not. */
interface KindReading {
  readonly mapping: KindMapping;
  readonly accepted: ReadonlyMap<string, { choice: ColumnChoice; check: CellCheck | null; paired?: string }>;
  readonly refused: readonly { choice: ColumnChoice; check: CellCheck }[];
  readonly fit: KindFit;
}

function feedOf(path: string, layout: Layout, sample: Sample): { feed: FeedGuess; fit: KindFit } {
  const { columns, records } = sample;
  const doubts = settleDoubts(columns);
  const mappings = KIND_ORDER.map((kind) => mapColumns(kind, columns, doubts));
  const takes = (option: string) => (layout.format.options as readonly string[]).includes(option);
  // A format that takes no decimal (Parquet stores its numbers typed) is read one way: its cells tell nothing to set.
  const numbers = guessNumberFormat(takes("decimal") ? cellsOf(mappings, records, NUMBER_TYPES) : []);
  const numberFormat: NumberFormat = { decimal: numbers.decimal, thousands: numbers.thousands };
  const dates = guessDateFormat(cellsOf(mappings, records, DATE_TYPES));
  const datePattern = feedDatePattern(dates.format ?? undefined);
  const readings = mappings.map((mapping) => readingOf(mapping, records, numberFormat, datePattern));
  const chosen = chooseKind(readings.map((r) => r.fit));
  const reading = readings.find((r) => r.fit.kind === chosen.kind)!;
  const kind = chosen.kind;

  const about: string[] = [...layout.remarks];
  const settings: Entry<Scalar>[] = [
    { key: "kind", value: kind, note: kindNote(reading, readings) },
    { key: "path", value: path },
  ];
  if (layout.mustNameFormat) settings.push({ key: "format", value: layout.format.name, note: `from the file's content` });
  if (layout.sheet !== undefined) settings.push({ key: "sheet", value: layout.sheet });
  if (layout.delimiter !== undefined)
    settings.push({ key: "delimiter", value: layout.delimiter, note: layout.delimiter === "\t" ? "tab" : undefined });
  if (layout.skipLines > 0 && takes("skipLines")) settings.push({ key: "skipLines", value: layout.skipLines });
  if (layout.encoding !== "utf-8" && takes("encoding")) settings.push({ key: "encoding", value: layout.encoding });
  if (numbers.known && numbers.decimal !== ".") settings.push({ key: "decimal", value: numbers.decimal });
  if (numbers.known && numbers.thousands !== undefined) settings.push({ key: "thousands", value: numbers.thousands });
  // Where "," is the decimal separator, delimited files are split at ";": a hint, not a reason to set it.
  const semicolon = numbers.decimalUnseen === true && layout.delimiter === ";";
  if (numbers.note !== null) about.push(semicolon ? `${numbers.note}; files split at ";" often write decimals with a comma` : numbers.note);
  if (dates.format !== null) settings.push({ key: "dateFormat", value: dates.format });
  if (dates.note !== null) about.push(dates.note);
  if (sample.problems.length > 0) {
    const first = sample.problems[0]!;
    about.push(
      `${sample.problems.length} of the first ${sample.records.length + sample.problems.length} records cannot be read (line ${first.line}: ${first.reason}): check reports them as invalid rows`,
    );
  }
  if (records.length === 0) about.push("no rows after the header: columns were matched by their names alone");
  const twice = columns.filter((c, i) => c !== "" && columns.indexOf(c) !== i);
  for (const name of new Set(twice)) {
    about.push(
      `TODO the header names ${JSON.stringify(name)} more than once: check refuses a column it reads that appears twice; rename one`,
    );
  }

  // Amounts whose columns' names say they are without tax are read so (tax_included false), unless others say with tax.
  const qualified = [...reading.accepted.values()]
    .map((a) => a.choice)
    .filter((c) => c.qualifier?.is === "net" || c.qualifier?.is === "gross")
    .sort((a, b) => a.column - b.column);
  const bases = new Set(qualified.map((c) => c.qualifier!.is));
  const taxed = FEED_FIELDS[kind].some((f) => f.name === "tax_included") && !reading.accepted.has("tax_included");
  const netOnly = taxed && bases.has("net") && !bases.has("gross");

  const columnEntries: Entry<string>[] = [];
  const own: string[] = [];
  const mapped: Record<string, string> = {};
  for (const spec of FEED_FIELDS[kind]) {
    const taken = reading.accepted.get(spec.name);
    if (taken === undefined) continue;
    const { choice, check } = taken;
    mapped[spec.name] = choice.name;
    const notes: string[] = [];
    if (choice.withoutLanguage) notes.push("by its name without the language suffix");
    if (choice.withoutCurrency !== undefined) notes.push(`by its name without the currency its amounts are in (${choice.withoutCurrency})`);
    if (choice.doubt !== undefined) notes.push(choice.doubt);
    if (choice.rivals !== undefined) notes.push(tieNote(spec.name, choice.name, choice.rivals));
    if (choice.qualifier !== undefined) notes.push(qualifierNote(kind, choice, reading.mapping, netOnly));
    if (taken.paired !== undefined) notes.push(`holds the whole window (start/end), as ${taken.paired} does`);
    if (check !== null && check.filled === 0 && records.length > 0) notes.push(`empty in the first ${records.length} rows`);
    if (check !== null && check.refused > 0) {
      notes.push(
        `TODO ${check.refused} of ${check.filled} cells do not read as ${READ_AS[spec.type]} (e.g. ${JSON.stringify(check.example)}): check rejects their rows`,
      );
    }
    const note = notes.length > 0 ? notes.join("; ") : undefined;
    // A column another field reads too (a window's two ends) is written out: a column the config
    // gives to a field is that field's alone, and would no longer be read by its own name.
    const shared = [...reading.accepted.values()].some((a) => a.choice.column === choice.column && a.choice.field !== spec.name);
    if (choice.name === spec.name && note === undefined && !shared) own.push(spec.name);
    else columnEntries.push({ key: spec.name, value: choice.name, note });
  }

  const after: string[] = [];
  const merchant = merchantCenterProfile(columns);
  if (merchant !== null) {
    about.push(
      `TODO Merchant Center's attribute names (${merchant.names.join(", ")}): "profile": "${merchant.profile}" reads this file as Google does (amounts with their currency, ${merchant.profile === "google-products" ? "times without an offset in UTC, the catalogue and the web offers" : "pickup and stock per store, an empty price the primary feed's"}), in place of what is guessed here`,
    );
  }
  // Google reads a sale window's times without an offset as UTC, whatever the stores' zone.
  const window = reading.accepted.get("sale_start")?.choice.name;
  if (window !== undefined && attributeName(window) === "sale_price_effective_date") {
    settings.push({
      key: "timezone",
      value: "UTC",
      note: "Merchant Center's sale_price_effective_date: Google reads its times without an offset as UTC",
    });
  }
  if (own.length > 0) about.push(`columns read under their own names: ${own.join(", ")}`);
  const constants: Entry<Scalar>[] = [];
  const constantValues: Record<string, Scalar> = {};
  if (CHANNEL_KINDS.has(kind) && !reading.accepted.has("channel")) {
    const hint = channelOfFileName(path);
    const located = reading.accepted.has("location");
    const value = hint ?? (located ? "store" : "web");
    const why = hint !== null ? "from the file's name" : located ? "the rows name a location" : "the rows name no location";
    constants.push({
      key: "channel",
      value,
      note: `TODO which channel are these prices? ${value}: ${why} (built in: ${Object.keys(BUILTIN_CHANNELS).join(", ")})`,
    });
    constantValues["channel"] = value;
    if (BUILTIN_CHANNELS[value] && !located) {
      after.push(
        `TODO location: no column names the ${value}: these prices stand for every location; if the file is one location's, add location to constants`,
      );
    }
  }
  if (netOnly) {
    const net = qualified.find((c) => c.qualifier!.is === "net")!;
    constants.push({ key: "tax_included", value: false, note: `${JSON.stringify(net.name)} says its amounts are without tax` });
    constantValues["tax_included"] = false;
  }
  if (taxed && bases.has("net") && bases.has("gross")) {
    after.push(
      `TODO ${qualified.map((c) => `${JSON.stringify(c.name)} (${c.qualifier!.is === "net" ? "without" : "with"} tax)`).join(", ")}: a row's amounts are read on one tax basis (tax_included, default with tax): map amounts of one basis only`,
    );
  }
  const money = [...reading.accepted.values()].map((a) => a.choice).filter((c) => specOf(kind, c.field).type === "money");
  const currency = feedCurrency(kind, money, reading.accepted.get("currency")?.choice.column, records, numberFormat);
  if (currency.constant !== null) {
    constants.push(currency.constant);
    constantValues["currency"] = currency.constant.value;
  }
  if (currency.remark !== null) after.push(currency.remark);
  for (const { choice, check } of reading.refused) after.push(...refusalNotes(kind, choice, check, constantValues));
  for (const missing of reading.fit.missing) {
    const group = missing.includes(" or ");
    const field = missing.split(" or ")[0]!;
    after.push(
      `TODO ${missing}: no column gives ${group ? "one of these fields" : "this required field"}: map one (columns: { ${field}: <column> })`,
    );
  }
  const taken = new Set([...reading.accepted.values()].map((a) => a.choice.column));
  const ignore: Entry<string>[] = [];
  const left: number[] = [];
  for (const [i, name] of columns.entries()) {
    if (taken.has(i) || reading.refused.some((r) => r.choice.column === i)) continue;
    left.push(i);
    const doubt = leftOut(kind, doubts.get(i));
    if (doubt?.sure) ignore.push({ key: name, value: name, note: doubt.note });
    else if (doubt !== undefined) after.push(doubt.note);
    else after.push(`unmapped: ${JSON.stringify(name)}${unmappedWhy(kind, i, reading, readings)}`);
  }
  // A list of products or stores with amounts in columns no name tells, and no price: prices, maybe, under names init does not know.
  const priced = readings.find((r) => r.fit.kind === "prices")!.accepted;
  if (REFERENCE_KINDS.has(kind) && !priced.has("price") && !priced.has("sale_price") && left.length > 0) {
    const amounts = amountColumns(left, records, numberFormat);
    if (amounts.columns.length > 0) after.push(unknownPricesNote(amounts, columns));
  }
  const windows = WINDOWS[kind] ?? [];
  if (windows.length > 0 && left.length > 0) {
    const checker = new CellChecker(kind, numberFormat, datePattern);
    const dated = left.filter((i) => !doubts.has(i) && isDateColumn(i, windows[0]!.ends[0], readings, records, checker));
    const names = dated.map((i) => columns[i]!);
    after.push(...windowNotes(windows, reading, names));
  }
  const catalogue = readings.find((r) => r.fit.kind === "catalogue")!;
  const described = FEED_FIELDS.catalogue.map((f) => f.name).filter((f) => catalogue.accepted.has(f) && f !== "sku" && !(f in mapped));
  if (kind !== "catalogue" && catalogue.fit.missing.length === 0 && described.length >= 2) {
    const list = described.map((f) => `${f}: ${catalogue.accepted.get(f)!.choice.name}`).join(", ");
    after.push(
      `the file also describes products (${list}): to read them as the catalogue too, replace the feed's "kind" with "views": [{ "kind": "prices" }, { "kind": "catalogue" }] (docs/feeds.md, "One file, several kinds")`,
    );
  }

  const feed: FeedGuess = {
    kind,
    draft: { about, settings, columns: columnEntries, constants, ...(ignore.length > 0 ? { ignore } : {}), after },
    columns: mapped,
    constants: constantValues,
    currencies: currency.currencies,
    unnamed: currency.unnamed,
    currencyGuessed: currency.guessed === true,
    zones: zonesOf(kind, reading, records),
  };
  return { feed, fit: reading.fit };
}

/** Money and quantities: what tells the number format. */
const NUMBER_TYPES: ReadonlySet<FieldType> = new Set(["money", "quantity"]);
/** Dates and times: what tells the date format. */
const DATE_TYPES: ReadonlySet<FieldType> = new Set(["timestamp", "date"]);

/** The cells of every column some kind would read as one of `types`. */
function cellsOf(mappings: readonly KindMapping[], records: readonly RawRecord[], types: ReadonlySet<FieldType>): string[] {
  const columns = new Set<number>();
  for (const m of mappings) {
    for (const choice of m.chosen.values()) {
      if (types.has(specOf(m.kind, choice.field).type)) columns.add(choice.column);
    }
  }
  const cells: string[] = [];
  for (const record of records) {
    for (const c of columns) {
      const cell = record.cells[c];
      // A typed number (JSON, a workbook's numeric cell) is the number it is, whatever the notation.
      if (typeof cell === "string" && record.typedNumbers?.includes(c) !== true) cells.push(cell);
    }
  }
  return cells;
}

/** The two ends of the window one column may give whole, per kind. */
const WINDOW_ENDS: Readonly<Partial<Record<FeedKind, readonly [string, string]>>> = {
  prices: ["sale_start", "sale_end"],
  promotions: ["start", "end"],
};

/** Share of a column's filled cells that may be refused, the column still taken (feeds have bad rows). */
const REFUSED_AT_MOST = 0.5;

/** Attributes only Merchant Center files use by these names (a `g:` prefix aside), and the profile each file kind has. */
const MERCHANT_PRODUCTS = ["id", "availability", "sale_price_effective_date", "image_link", "gtin", "mpn", "condition", "link"];
const MERCHANT_LOCAL = ["store_code", "id", "quantity", "pickup_method", "pickup_sla", "availability"];

/** A column's name as a Merchant Center attribute: lower case, without the `g:` namespace prefix. */
const attributeName = (column: string): string => foldedName(column).replace(/^g:/, "");

/** The Google profile a file's header calls for: three of a kind's attribute names or more, `store_code` telling local inventory. */
function merchantCenterProfile(columns: readonly string[]): { profile: string; names: string[] } | null {
  const names = new Set(columns.map(attributeName));
  const local = names.has("store_code");
  const found = (local ? MERCHANT_LOCAL : MERCHANT_PRODUCTS).filter((n) => names.has(n));
  return found.length >= 3 ? { profile: local ? "google-local-inventory" : "google-products", names: found } : null;
}

function readingOf(
  mapping: KindMapping,
  records: readonly RawRecord[],
  numberFormat: NumberFormat,
  datePattern: DatePattern | undefined,
): KindReading {
  const checker = new CellChecker(mapping.kind, numberFormat, datePattern);
  const accepted = new Map<string, { choice: ColumnChoice; check: CellCheck | null; paired?: string }>();
  const refused: { choice: ColumnChoice; check: CellCheck }[] = [];
  for (const [field, choice] of mapping.chosen) {
    const check = records.length === 0 ? null : checker.check(field, choice.column, records);
    // A column under the field's own name is read by check whatever this says: it stays, with a remark.
    if (check === null || check.refused <= check.filled * REFUSED_AT_MOST || choice.rank === 0) accepted.set(field, { choice, check });
    else refused.push({ choice, check });
  }
  // One column for both ends of a window (Google's sale_price_effective_date, a promotion's
  // promotion_effective_dates): it gives both fields.
  const ends = WINDOW_ENDS[mapping.kind];
  for (const [field, other] of ends === undefined ? [] : [ends, [ends[1], ends[0]] as const]) {
    const taken = accepted.get(field);
    if (taken?.check && !accepted.has(other) && taken.check.intervals * 2 > taken.check.filled) {
      accepted.set(other, { choice: { ...taken.choice, field: other }, check: null, paired: field });
    }
  }
  return { mapping, accepted, refused, fit: fitOf(mapping.kind, new Set(accepted.keys())) };
}

/** Why a kind was chosen, when others came close. */
function kindNote(reading: KindReading, readings: readonly KindReading[]): string | undefined {
  const fields = reading.fit.score;
  if (reading.fit.missing.length > 0) {
    return fields === 0 ? "TODO no column names a field of any kind: prices assumed" : `TODO a guess: no kind has all the fields it needs`;
  }
  const tier = REFERENCE_KINDS.has(reading.fit.kind);
  // A file with prices is no list of stores or products: the sku's column is what is missing.
  const priced = readings.find((r) => r.fit.kind === "prices")?.accepted;
  const price = priced?.get("price") ?? priced?.get("sale_price");
  if (tier && price !== undefined && !priced!.has("sku"))
    return `TODO a guess: column ${JSON.stringify(price.choice.name)} is a price, but no column is known as the sku: map the sku's column in columns, and make the kind prices`;
  const close = readings.filter(
    (r) =>
      r !== reading &&
      REFERENCE_KINDS.has(r.fit.kind) === tier &&
      r.fit.missing.length === 0 &&
      r.fit.score > 0 &&
      r.fit.score >= fields - 1,
  );
  if (close.length === 0) return undefined;
  const tied = close.filter((r) => r.fit.score === fields);
  if (tied.length > 0) return kindTieNote(reading, tied);
  return `${fields} fields; ${close.map((r) => `${r.fit.kind} would take ${r.fit.score}`).join(", ")}`;
}

/**
 * A TODO for kinds that take as many fields as the one chosen, which comes first by
 * {@link KIND_ORDER} alone: what each would read that it leaves out, and how to read both.
 */
function kindTieNote(reading: KindReading, tied: readonly KindReading[]): string {
  const kind = reading.fit.kind;
  const read = new Set([...reading.accepted.values()].map((a) => a.choice.column));
  const more = new Map<string, string>();
  for (const r of tied) for (const a of r.accepted.values()) if (!read.has(a.choice.column)) more.set(a.choice.field, a.choice.name);
  const other = tied[0]!.fit.kind;
  const add = [...more].map(([field, name]) => `${field}: ${JSON.stringify(name)}`).join(", ");
  return `TODO a tie: ${tied.map((r) => r.fit.kind).join(" and ")} would take ${reading.fit.score} fields too, and ${kind} comes first only by the order kinds are tried in: if the rows are ${other}, make that the kind; if they are both, replace "kind" with "views": [{ "kind": "${kind}" }, { "kind": "${other}" }] (docs/feeds.md, "One file, several kinds")${add === "" ? "" : `; either way, add { ${add} } to columns (left out here)`}`;
}

/**
 * A TODO for a field whose column's name matched once its qualifier was dropped: a tax basis
 * (`prix TTC`, `Preis netto`), which of two is the shelf price being the user's call, or one
 * unit's (`prezzo unitario`), which may be the item's price or a price per kg.
 */
function qualifierNote(kind: FeedKind, choice: ColumnChoice, mapping: KindMapping, netOnly: boolean): string {
  const { field, name } = choice;
  const { is, words } = choice.qualifier!;
  if (is === "unit") {
    return `TODO taken as ${field}, the price of one item: ${JSON.stringify(name)} may be that, or a price per unit of measure (per kg, per l), which pricelint reads as a prices feed's unit_price: if it is the latter, map it as unit_price and the item's price as price`;
  }
  const without = `by its name without ${JSON.stringify(words)}`;
  if (is === "net") {
    return netOnly
      ? `TODO taken as ${field} ${without}: amounts without tax, so tax_included is false (constants); if the price with tax is in another column and is the one to check, map that one instead and remove the constant`
      : `TODO taken as ${field} ${without}: amounts without tax`;
  }
  const taxed = FEED_FIELDS[kind].some((f) => f.name === "tax_included");
  const net = mapping.passedOver.filter((p) => p.field === field && p.qualifier?.is === "net").map((p) => JSON.stringify(p.name));
  if (net.length === 0)
    return `TODO taken as ${field} ${without}: amounts with tax, as rows are read by default; check that they are the ${field} meant`;
  return `TODO taken as ${field} ${without}: amounts with tax, as rows are read by default; ${net.join(", ")} beside it ${net.length === 1 ? "is" : "are"} without tax: which is the ${field} to check is your call (for ${net[0]}: map it as ${field}${taxed ? " and add tax_included: false to constants" : ""})`;
}

/**
 * A TODO for amounts in columns no name tells, in a file read as no kind of priced rows: names
 * init does not know (`web_price`, `preço`, a channel's name, a price per kg) may be prices, which
 * would never be checked.
 */
function unknownPricesNote(amounts: AmountColumns, header: readonly string[]): string {
  const names = amounts.columns.map((c) => JSON.stringify(header[c]!));
  const one = names.length === 1;
  const decimal = amounts.decimal === null ? "" : `, set decimal: "${amounts.decimal}" (${one ? "its" : "their"} cells write decimals so)`;
  return `TODO no column is known as a price, but ${names.join(", ")} hold${one ? "s" : ""} amounts (e.g. ${JSON.stringify(amounts.example)}): if ${one ? "it is" : "one is"} the price to check, make the kind prices, map it (columns: { price: ${names[0]!} })${decimal} and give its channel in constants; a price per kg or l is unit_price, read beside the item's price`;
}

/** A TODO for a field whose column was taken over others named as likely, by its place alone. */
function tieNote(field: string, name: string, rivals: readonly string[]): string {
  const all = [name, ...rivals].map((n) => JSON.stringify(n)).join(", ");
  return `TODO ${all} could each be ${field}, by names that rank alike: ${JSON.stringify(name)} is taken only for coming first; map the one meant`;
}

/** A doubtful column's settling where it is left out of a kind that has its field (elsewhere it is just unmapped). */
function leftOut(kind: FeedKind, settled: Settled | undefined): Settled | undefined {
  return settled !== undefined && !settled.take && FEED_FIELDS[kind].some((f) => f.name === settled.field) ? settled : undefined;
}

/** A window the rows give some of their fields: asked for when `of` is read (a sale price), else when one of its ends is. */
interface Window {
  readonly of?: string;
  readonly ends: readonly [string, string];
  /** What the window bounds, for the remark. */
  readonly what: string;
}

/** The windows of each kind whose ends a file may give in columns init cannot name. */
const WINDOWS: Readonly<Partial<Record<FeedKind, readonly Window[]>>> = {
  prices: [
    { of: "sale_price", ends: ["sale_start", "sale_end"], what: "the sale" },
    { ends: ["valid_from", "valid_to"], what: "each scheduled price" },
  ],
};

/**
 * Whether a column left out holds dates: a field of some kind that its name names is a date, or
 * its sample cells all read as `field` (a date) does.
 */
function isDateColumn(
  column: number,
  field: string,
  readings: readonly KindReading[],
  records: readonly RawRecord[],
  checker: CellChecker,
): boolean {
  for (const r of readings) {
    const named = [...r.accepted.values(), ...r.refused].some(
      (a) => a.choice.column === column && DATE_TYPES.has(specOf(r.fit.kind, a.choice.field).type),
    );
    if (named) return true;
  }
  if (records.length === 0) return false;
  const check = checker.check(field, column, records);
  if (check.filled > 0 && check.refused === 0) return true;
  // Dates written day or month first, which no dateFormat reads yet (none was guessed from a column init named).
  const cells = records.map((r) => r.cells[column]).filter((c): c is string => typeof c === "string" && c.trim() !== "");
  return cells.length > 0 && cells.every(isWrittenDate);
}

/**
 * TODOs for windows read without an end while columns of dates were left out: a sale price
 * without its window is in force at every instant, a sale without its end never ends.
 */
function windowNotes(windows: readonly Window[], reading: KindReading, dated: readonly string[]): string[] {
  if (dated.length === 0) return [];
  const notes: string[] = [];
  for (const { of, ends, what } of windows) {
    const missing = ends.filter((e) => !reading.accepted.has(e));
    const asked = of !== undefined ? reading.accepted.has(of) : missing.length < ends.length;
    if (!asked || missing.length === 0) continue;
    const name = of === undefined ? undefined : reading.accepted.get(of)?.choice.name;
    const read =
      missing.length === ends.length
        ? `${of} (${JSON.stringify(name)}) is read without its window: no column is known as ${ends.join(" or ")}, so check takes it as in force at every instant`
        : `${what} is read without ${missing[0]}: no column is known as it, so ${what} ${missing[0] === ends[0] ? "has no start" : "never ends"}`;
    const map = missing.map((e, i) => `${e}: ${missing.length === dated.length ? JSON.stringify(dated[i]) : "<column>"}`).join(", ");
    const which = dated.length === 1 ? "it is" : missing.length > 1 ? "they are" : "one is";
    notes.push(
      `TODO ${read}. Date columns left unmapped: ${dated.map((c) => JSON.stringify(c)).join(", ")}: if ${which} ${missing.join(" and ")}, map ${missing.length > 1 ? "them" : "it"} (columns: { ${map} })`,
    );
  }
  return notes;
}

/** Remarks on a column whose name names a field but whose cells do not read as it. */
function refusalNotes(kind: FeedKind, choice: ColumnChoice, check: CellCheck, constants: Readonly<Record<string, Scalar>>): string[] {
  const spec = specOf(kind, choice.field);
  const name = JSON.stringify(choice.name);
  const coded = CODED[spec.type];
  if (coded !== undefined && !check.more && check.distinct.length > 0) {
    const values = check.distinct.map((v) => `${JSON.stringify(v)}: ${coded}`).join(", ");
    const instead = constants[choice.field] !== undefined ? " instead of the constant" : "";
    return [
      `TODO ${name} holds ${check.distinct.map((v) => JSON.stringify(v)).join(", ")}, not ${READ_AS[spec.type]}: if it tells the ${choice.field}, map it${instead} with a value map:`,
      `  columns: { ${choice.field}: ${name} }`,
      `  values: { ${choice.field}: { ${values} } }${spec.type === "channel" ? "  (channels not built in go under channels:, e.g. self: { located: true })" : ""}`,
    ];
  }
  return [
    `TODO unmapped: ${name} looks like ${choice.field}, but ${check.refused} of ${check.filled} cells do not read as ${READ_AS[spec.type]} (e.g. ${JSON.stringify(check.example)}): map it once they do (a dateFormat, a value map), or list it under ignoreColumns`,
  ];
}

/** Why a column is left out: another column gives its field, it gives a field of other kinds only, or nothing. */
function unmappedWhy(kind: FeedKind, column: number, reading: KindReading, readings: readonly KindReading[]): string {
  const passed = reading.mapping.passedOver.find((p) => p.column === column);
  if (passed !== undefined) return `: could be ${passed.field} too, ${JSON.stringify(passed.taken)} was taken`;
  const kinds = new Map<string, string[]>();
  let refusal = "";
  for (const r of readings) {
    if (r.fit.kind === kind) continue;
    const refused = r.refused.find((x) => x.choice.column === column);
    if (refused !== undefined && refusal === "") {
      const type = specOf(r.fit.kind, refused.choice.field).type;
      refusal = `, but its cells do not read as ${READ_AS[type]} (e.g. ${JSON.stringify(refused.check.example)})`;
    }
    const fields = [...r.accepted.values()].filter((a) => a.choice.column === column).map((a) => a.choice.field);
    for (const field of refused === undefined ? fields : [...fields, refused.choice.field])
      kinds.set(field, [...(kinds.get(field) ?? []), r.fit.kind]);
  }
  if (kinds.size === 0) return " (no field of any feed kind)";
  const list = [...kinds].map(([field, of]) => `${field} (${of.join(", ")})`).join(", ");
  return ` (a field of other kinds: ${list}${refusal})`;
}

/** The zones a stores file gives its locations. */
function zonesOf(kind: FeedKind, reading: KindReading, records: readonly RawRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  const column = kind === "stores" ? reading.accepted.get("timezone")?.choice.column : undefined;
  if (column === undefined) return counts;
  for (const record of records) {
    const cell = record.cells[column];
    if (typeof cell === "string" && isTimeZone(cell.trim())) counts.set(cell.trim(), (counts.get(cell.trim()) ?? 0) + 1);
  }
  return counts;
}
