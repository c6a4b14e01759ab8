import { fieldOfColumn, looseName } from "../model/synonyms.js";
import { AmountParser, MICROS_PER_UNIT, type NumberFormat } from "../money/amount.js";
import { countGroupingAmbiguity } from "../money/grouping.js";
import { isCurrencyCode } from "../money/currencies.js";
import { LOCATION_STATUSES } from "../model/location.js";
import { PROMOTION_TYPES } from "../model/promotion.js";
import type { DatePattern } from "../time/date-pattern.js";
import { canonicalZone, parseInstant, splitInterval } from "../time/instant.js";
import type { Cell, RawRecord } from "../io/record.js";
import { numberText, type DecimalMark } from "../io/number-text.js";
import { PricelintError } from "../model/errors.js";
import { FEED_FIELDS, mayShareColumn, type FeedKind, type FieldSpec } from "../model/fields.js";
import type { RowError, RowErrorCode, RowProblem } from "../model/row-error.js";
import { foldedName, nfc, readKey, visibleKey } from "../text/keys.js";
import { ignoredColumns, misspeltIgnored } from "../text/ignored-entries.js";

/** How one feed's columns become canonical fields (README, "Feeds": columns, constants, values). */
export interface FieldMapping {
  readonly columns?: Readonly<Record<string, string>> | undefined;
  readonly constants?: Readonly<Record<string, string | number | boolean | readonly string[]>> | undefined;
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined;
}

export interface RowReaderOptions extends FieldMapping {
  readonly kind: FeedKind;
  readonly file: string;
  readonly numberFormat: NumberFormat;
  /** Channel ids a row may name. */
  readonly channels: ReadonlySet<string>;
  /** Whether every row must have exactly as many cells as the header (delimited text). */
  readonly fixedWidth: boolean;
  /**
   * Source columns the feed knowingly leaves unread (no `feed/unmapped-column` warning for them),
   * matched as a mapped column is: in NFC, exactly, else ignoring case (see {@link ignoredColumns}).
   */
  readonly ignoreColumns?: readonly string[] | undefined;
  /**
   * Whether the format's reader passes over what `ignoreColumns` lists by other names than the
   * columns it gives: XML's, by the element or attribute as the record writes it (`g:sale_price`,
   * whose column is `sale_price`). A column it gives is then named by no entry as written: one
   * that an entry matches as a column name is kept out of `feed/unmapped-column` and off the
   * fields found by their own name, but a profile's mapping still reads it.
   */
  readonly ignoredAsWritten?: boolean | undefined;
  /**
   * Whether another view of the feed reads a row's own time zone (a stores view): then a
   * `timezone` column is that view's, not one the kind's times would be read without.
   */
  readonly zoneReadElsewhere?: boolean | undefined;
  /**
   * Whether a mapped column also matches a header name that differs from it in case, spaces, `_`
   * and `-` only (`sale price` for `sale_price`), as a profile's mappings do.
   */
  readonly looseColumns?: boolean | undefined;
  /**
   * A profile's columns that no field reads (see Profile.quiet), matched as a field's own name is
   * (case, spaces, `_` and `-` aside): no field takes one by its own name (Google's primary-feed
   * `pickup_method` is no web offer's), and none is a feed/unmapped-column warning. A mapping,
   * the profile's or the config's, still reads one.
   */
  readonly quietColumns?: readonly string[] | undefined;
  /** Fields whose mapped column may be absent from the header (a profile's mappings: a feed has the attributes it uses). */
  readonly optionalColumns?: ReadonlySet<string> | undefined;
  /** Required fields without which a row gives nothing of this kind, not a rejection (see FeedView.skipWithout). */
  readonly skipWithout?: readonly string[] | undefined;
  /** How the feed writes dates, when not in ISO 8601 (the feed's `dateFormat`): its cells are read into ISO 8601 text. */
  readonly datePattern?: DatePattern | undefined;
  /** Constants read from the file's path by the feed's path pattern (`store_{location}`), named so in messages. */
  readonly fromPath?: readonly string[] | undefined;
  /**
   * Fields read from an attribute the source lets repeat, of which the field takes the first
   * value: field → the separator of the values in a text cell (see FeedView.repeated).
   */
  readonly repeated?: Readonly<Record<string, string>> | undefined;
  /**
   * The columns a profile maps fields to, for the fields the feed sets as constants instead (a
   * `{location}` path placeholder over google-local-inventory's `store_code`): field → column. A
   * file that has such a column is refused, as one with the field's own column is.
   */
  readonly profileColumns?: Readonly<Record<string, string>> | undefined;
}

/** A parsed field value: strings, exact amounts, integers, booleans or lists. */
export type FieldValue = string | number | boolean | readonly string[] | null;

interface Slot {
  readonly spec: FieldSpec;
  /** Source column index, -1 when unmapped or constant. */
  column: number;
  readonly sourceName: string;
  readonly constant: Cell;
  readonly valueMap: Readonly<Record<string, string>> | undefined;
  /** size and size_unit read from one column (`750 ml`): the part of the cell this field takes; null: the whole cell. */
  part: "amount" | "unit" | null;
  /** Both ends of a window read from this one column (Google's `sale_price_effective_date`): a cell must be `start/end`. */
  window: boolean;
  /** An attribute that may repeat: the separator of its values in a text cell, of which the field takes the first; null: one value. */
  readonly repeat: string | null;
  /** Whether `read` reuses the values of remembered cells (types whose parsing is worth skipping). */
  readonly memo: boolean;
  /** The last few distinct valid cells and their values (see `read`), newest at recentNext - 1. */
  readonly recentTexts: string[];
  readonly recentValues: FieldValue[];
  recentNext: number;
}

/** A field of a plain line, see {@link RowReader.plainFields}. */
export interface PlainField {
  /** In the kind's field list. */
  readonly index: number;
  readonly spec: FieldSpec;
  /** The source column; -1 for a constant. */
  readonly column: number;
  readonly constant: FieldValue;
  /** Whether the field's cells go through a value map. */
  readonly mapped: boolean;
}

/**
 * The mapped and constant fields of a plain line; null when one cannot be read from a plain
 * line's cells (a list, an attribute that may repeat, a constant read() rejects), or a required
 * field has no column.
 * `constantOf` gives a constant's value as read() gives it, undefined when read() rejects it.
 */
function plainFieldsOf(slots: readonly Slot[], constantOf: (slot: Slot, index: number) => FieldValue | undefined): PlainField[] | null {
  const out: PlainField[] = [];
  for (const [index, slot] of slots.entries()) {
    const type = slot.spec.type;
    if (slot.constant !== undefined) {
      const constant = constantOf(slot, index);
      if (constant === undefined) return null;
      out.push({ index, spec: slot.spec, column: -1, constant, mapped: false });
    } else if (slot.column < 0) {
      if (slot.spec.required) return null;
    } else if (type === "list" || type === "channel_list" || slot.repeat !== null) {
      return null;
    } else {
      out.push({ index, spec: slot.spec, column: slot.column, constant: null, mapped: slot.valueMap !== undefined });
    }
  }
  return out;
}

/** Distinct texts remembered per field by `read`: a sku's rows repeat one, stores cycle through a few. */
const RECENT = 4;

/** Types whose parsing is a pure function of the cell (money and quantities also note currency symbols). */
const MEMO_TYPES: ReadonlySet<string> = new Set([
  "channel",
  "currency",
  "status",
  "promo_type",
  "timezone",
  "boolean",
  "timestamp",
  "date",
  "integer",
  "enum",
]);

/**
 * Maps, validates and parses the cells of one feed's rows into canonical field values, without
 * allocating per field: `read` fills `values` (indexed like the kind's field list) and returns
 * null, or returns the first problem. Money cells may name a currency; the symbols seen are
 * left in `moneyCurrencies`.
 */
export class RowReader {
  readonly values: FieldValue[];
  /** Currency codes named by the row's money cells (null when none did). */
  moneyCurrencies: readonly string[] | null = null;
  /** The decimals each money cell of the row is written with (`3.990`: 3), by the kind's field index: where `values` holds its amount. */
  readonly decimals: Uint8Array;
  /** The row's money fields whose cell named a currency: bit i for the kind's field i. */
  currencyFields = 0;
  /** The row's money fields whose cell may group thousands (see AmountParser.mayGroup): bit i for the kind's field i. */
  groupedFields = 0;
  /** After read(): the row lacks a field of skipWithout, and gives nothing of this kind. */
  skipped = false;
  private readonly slots: Slot[];
  private readonly amounts: AmountParser;
  private readonly quantities: AmountParser;
  private mappedWidth = -1;
  /** The fields of a plain line for the bound header, see {@link plainFields}. */
  private plain: readonly PlainField[] | null = null;
  /** Each distinct timestamp text: its ISO 8601 text, or why it is none. */
  private readonly timestamps = new Map<string, { readonly iso: string } | RowProblem>();
  /** The bound header's columns that `ignoreColumns` names, in NFC: each with the entry that names it. */
  private ignored: ReadonlyMap<string, string> = new Map();

  constructor(private readonly options: RowReaderOptions) {
    const specs = FEED_FIELDS[options.kind];
    this.values = new Array<FieldValue>(specs.length).fill(null);
    this.decimals = new Uint8Array(specs.length);
    this.slots = specs.map((spec) => ({
      spec,
      column: -1,
      sourceName: options.columns?.[spec.name] ?? spec.name,
      constant: toCell(options.constants?.[spec.name], spec, options.numberFormat.decimal),
      valueMap: nfcKeys(options.values?.[spec.name]),
      part: null,
      window: false,
      repeat: options.repeated?.[spec.name] ?? null,
      memo: MEMO_TYPES.has(spec.type),
      recentTexts: [],
      recentValues: [],
      recentNext: 0,
    }));
    this.amounts = new AmountParser(options.numberFormat);
    this.quantities = new AmountParser(options.numberFormat);
  }

  /**
   * A constant of the config its field cannot read (`tax_included: off`, an availability that is
   * none) is the config's error, said once, not every row's. A value from the file's path is
   * that file's, and its rows are rejected as read. For the reader of a feed's rows (not one
   * built to sample keys, which knows neither the feed's channels nor its number format).
   */
  refuseConstants(): void {
    for (const [i, slot] of this.slots.entries()) {
      if (slot.constant === undefined || this.options.fromPath?.includes(slot.spec.name)) continue;
      const cell = prepared(slot, slot.constant);
      if (cell === undefined) continue;
      const problem = this.parse(slot.spec, cell, i, false);
      this.values[i] = null;
      this.moneyCurrencies = null;
      if (problem !== null) {
        throw new PricelintError("config", `the feed's constant ${slot.spec.name}: ${problem.reason}`, this.options.file);
      }
    }
  }

  /** Whether the feed's `ignoreColumns` names the bound header's column `name` (as columns are mapped: see {@link ignoredColumns}). */
  ignores(name: string): boolean {
    return this.ignored.size > 0 && this.ignored.has(nfc(name));
  }

  /**
   * Resolves source columns against the header. With `complete` (a delimited header, known in
   * full), a mapped column that is missing is a config error; JSON objects may add keys later.
   */
  bind(columns: readonly string[], complete: boolean): void {
    if (columns.length === this.mappedWidth) return;
    this.mappedWidth = columns.length;
    // Names are compared in NFC: a header written in NFD (`unità` as `a` + U+0300) names the column the config spells in NFC.
    const header = headerNames(columns, () => true);
    /** A name's second column, where the header has it twice (as written, or in NFC). */
    const twice = new Map<string, number>();
    columns.forEach((written, index) => {
      const name = nfc(written);
      if (header.exact.get(name) !== index && !twice.has(name)) twice.set(name, index);
    });
    // A header known in full: JSON and XML records never give an ignored key as a column (io/json.ts checks its own).
    if (complete) this.requireIgnored(columns);
    this.ignored = this.ignoredOf(columns);
    // The fields "columns" maps find their columns first, in the whole header; a column one of them
    // takes is that field's alone (by its place: beside `Price` mapped to sale_price, `price` is
    // still price's), as is one the feed leaves unread, which JSON never sees.
    for (const slot of this.slots) {
      if (slot.constant !== undefined || this.options.columns?.[slot.spec.name] === undefined) continue;
      const source = nfc(slot.sourceName);
      slot.column =
        header.exact.get(source) ??
        this.onlyColumn(slot, header.folded.get(foldedName(source)) ?? [], columns) ??
        (this.options.looseColumns ? (this.onlyColumn(slot, header.loose.get(looseName(source)) ?? [], columns) ?? -1) : -1);
      // A profile's mapping over a column ignoreColumns names: the feed leaves it unread, as if the
      // file had none, as JSON never gives it and Parquet and workbooks never read its cells (the
      // config's own mapping is refused: see refuseMappedIgnored).
      if (slot.column >= 0 && !this.isMapped(slot) && !this.options.ignoredAsWritten && this.ignores(columns[slot.column]!))
        slot.column = -1;
    }
    const claimed = new Set(this.slots.filter((s) => s.constant === undefined && s.column >= 0).map((s) => s.column));
    // The columns the config itself maps: a profile's names are matched loosely, and chosen by no one.
    const chosen = new Set(this.slots.filter((s) => s.constant === undefined && s.column >= 0 && this.isMapped(s)).map((s) => s.column));
    const quiet = new Set((this.options.quietColumns ?? []).map(looseName));
    const free = headerNames(
      columns,
      (index) => !claimed.has(index) && !this.ignores(columns[index]!) && (quiet.size === 0 || !quiet.has(looseName(columns[index]!))),
    );
    for (const slot of this.slots) {
      if (slot.constant !== undefined) {
        const own =
          free.exact.get(slot.spec.name) ?? free.folded.get(slot.spec.name)?.[0] ?? free.loose.get(looseName(slot.spec.name))?.[0];
        const profile = this.options.profileColumns?.[slot.spec.name];
        const profiles =
          profile === undefined
            ? undefined
            : (header.exact.get(nfc(profile)) ?? header.folded.get(foldedName(profile))?.[0] ?? header.loose.get(looseName(profile))?.[0]);
        this.refuseShadowed(slot, own ?? profiles, columns, own === undefined);
        continue;
      }
      const mapped = this.options.columns?.[slot.spec.name] !== undefined;
      // A field by its own name: exactly, else ignoring case, else loosely, among the columns no mapping takes nor the feed leaves unread.
      if (!mapped)
        slot.column =
          free.exact.get(nfc(slot.spec.name)) ??
          this.onlyColumn(slot, free.folded.get(foldedName(slot.spec.name)) ?? [], columns) ??
          this.onlyColumn(slot, free.loose.get(looseName(slot.spec.name)) ?? [], columns) ??
          -1;
      this.refuseMappedIgnored(slot, columns);
      if (slot.column >= 0) this.refuseTwice(slot.column, header.exact, twice, columns);
      // A field's own name beside another spelling of it (`sale_price` and `salePrice`, keys that
      // differ from row to row): either could be meant. So with a profile's name for it, matched as
      // loosely (`sale_price` and `Sale Price`): only a column the config maps is the user's choice.
      if (slot.column >= 0 && !this.isMapped(slot))
        this.refuseRivals(slot, header.loose.get(looseName(mapped ? slot.sourceName : slot.spec.name)) ?? [], chosen, columns);
      if (!complete || slot.column >= 0) continue;
      const explicit = this.isMapped(slot);
      if (explicit || (slot.spec.required && !this.options.skipWithout?.includes(slot.spec.name))) {
        const what = explicit
          ? `column "${slot.sourceName}" (mapped to ${slot.spec.name}) is not in the header`
          : `no column for the required field "${slot.spec.name}": map one in "columns" or set it in "constants"${this.likelyColumn(slot.spec.name, columns)}`;
        throw new PricelintError(
          "config",
          `${what}; the header has: ${columns.map((c) => JSON.stringify(c)).join(", ")}`,
          this.options.file,
        );
      }
    }
    this.refuseSharedColumn(columns);
    this.refuseRowZone(columns);
    // size and size_unit from one column: a measure, `750 ml`, its amount and its unit.
    const size = this.slots.find((s) => s.spec.name === "size");
    const unit = this.slots.find((s) => s.spec.name === "size_unit");
    if (size !== undefined && unit !== undefined) {
      const shared = size.column >= 0 && size.column === unit.column;
      size.part = shared ? "amount" : null;
      unit.part = shared ? "unit" : null;
    }
    // A window's start and end from one column: one date there says neither when it starts nor ends.
    for (const [from, until] of WINDOW_ENDS) {
      const start = this.slots.find((s) => s.spec.name === from);
      const end = this.slots.find((s) => s.spec.name === until);
      if (start === undefined || end === undefined) continue;
      start.window = end.window = start.column >= 0 && start.column === end.column;
    }
    this.plain = complete ? plainFieldsOf(this.slots, (slot, i) => this.constantValue(slot, i)) : null;
  }

  /** A hint naming the header's column that is a known name of `field` (`promotion_id` for promo_id), or "". */
  private likelyColumn(field: string, columns: readonly string[]): string {
    const named = columns.find((name) => !this.ignores(name) && fieldOfColumn(this.options.kind, name) === field);
    return named === undefined
      ? ""
      : ` (column ${JSON.stringify(named)} is a known name for it: "columns": {"${field}": ${JSON.stringify(named)}})`;
  }

  /**
   * A column read whose name the header has twice, as written (`price,price`) or once in NFC and
   * once not (`unità` and `unita` + U+0300, which print alike): the field could be either.
   * `exact` and `twice` are each NFC name's first and second column.
   */
  private refuseTwice(
    column: number,
    exact: ReadonlyMap<string, number>,
    twice: ReadonlyMap<string, number>,
    columns: readonly string[],
  ): void {
    const name = nfc(columns[column]!);
    const first = exact.get(name)!;
    const other = first === column ? twice.get(name) : first;
    if (other === undefined) return;
    const [a, b] = [Math.min(column, other), Math.max(column, other)];
    const message =
      columns[a] === columns[b]
        ? `column "${name}" appears more than once in the header (columns ${a + 1} and ${b + 1}): rename one, or map the field to the one meant`
        : `columns ${a + 1} and ${b + 1} of the header are one name, "${name}", written two ways (NFC): rename one`;
    throw new PricelintError("config", message, this.options.file);
  }

  /** An `ignoreColumns` entry that names no column of a header known in full but is spelt near one: see {@link misspeltIgnored}. */
  private requireIgnored(columns: readonly string[]): void {
    if ((this.options.ignoreColumns ?? []).length === 0) return;
    const problem = misspeltIgnored(this.options.ignoreColumns!, columns, "is not in the header");
    if (problem !== null) throw new PricelintError("config", problem, this.options.file);
  }

  /** The header's columns that `ignoreColumns` names (see {@link ignoredColumns}); an entry two columns could each be is a config error. */
  private ignoredOf(columns: readonly string[]): ReadonlyMap<string, string> {
    const ignored = ignoredColumns(this.options.ignoreColumns ?? [], columns);
    if ("problem" in ignored) throw new PricelintError("config", ignored.problem, this.options.file);
    return ignored.named;
  }

  /**
   * A column the config maps a field to that `ignoreColumns` also names: read it or leave it? The
   * config refuses an entry spelt as the mapping is; one spelt otherwise (`PRICE` beside a mapped
   * `price`) names the same column only where the header has no `PRICE` of its own.
   */
  private refuseMappedIgnored(slot: Slot, columns: readonly string[]): void {
    if (slot.column < 0 || !this.isMapped(slot) || !this.ignores(columns[slot.column]!)) return;
    const name = columns[slot.column]!;
    throw new PricelintError(
      "config",
      `column "${name}" is mapped to ${slot.spec.name}, and the ignoreColumns entry "${this.ignored.get(nfc(name))!}" names it too: read it or leave it, not both`,
      this.options.file,
    );
  }

  /**
   * A column that gives each row its time zone (`timezone`, `tz`) in a feed whose kind has times
   * but takes no zone per row (prices, promotions, history, inventory): its rows' times without
   * an offset would be read in another zone than the column says, without a word. Refused unless
   * `ignoreColumns` lists it, or another view of the feed (a stores view) reads it.
   */
  private refuseRowZone(columns: readonly string[]): void {
    const specs = FEED_FIELDS[this.options.kind];
    if (this.options.zoneReadElsewhere || specs.some((s) => s.type === "timezone")) return;
    // Without a time, from a column or a constant, the zone has nothing to mislead (a per-store export that carries its store's zone).
    if (!this.slots.some((s) => s.spec.type === "timestamp" && (s.column >= 0 || s.constant !== undefined))) return;
    const read = new Set(this.slots.map((s) => s.column));
    const at = columns.findIndex((name, i) => !read.has(i) && !this.ignores(name) && fieldOfColumn("stores", name) === "timezone");
    if (at < 0) return;
    const name = columns[at]!;
    throw new PricelintError(
      "config",
      `column "${name}" gives each row a time zone, which ${this.options.kind} rows do not take: their times without an offset are read in the feed's "timezone", else their store's, else the config's, whatever the column says; write the offset into the times or set the feed's "timezone", or list "${name}" in "ignoreColumns" if the column is not meant`,
      this.options.file,
    );
  }

  /**
   * Two fields read from one column, where the names the config maps differ only as the header
   * is matched (`PRICE` and `price`, NFD and NFC): both would read the same cells. Only a
   * window's ends or a measure's parts may share one.
   */
  private refuseSharedColumn(columns: readonly string[]): void {
    const byColumn = new Map<number, Slot[]>();
    for (const slot of this.slots)
      if (slot.constant === undefined && slot.column >= 0) byColumn.set(slot.column, [...(byColumn.get(slot.column) ?? []), slot]);
    for (const [column, slots] of byColumn) {
      const fields = slots.map((s) => s.spec.name);
      if (mayShareColumn(fields)) continue;
      const named = slots.map((s) => `${s.spec.name} (as "${s.sourceName}")`).join(" and ");
      throw new PricelintError(
        "config",
        `column "${columns[column]}" gives ${named}: a column gives one field (only a window's ends, or a measure's amount and unit, may share one)`,
        this.options.file,
      );
    }
  }

  /** Whether the config maps the slot's field to a column by name, one it must find. */
  private isMapped(slot: Slot): boolean {
    return this.options.columns?.[slot.spec.name] !== undefined && !this.options.optionalColumns?.has(slot.spec.name);
  }

  /**
   * After the last record of a file whose columns come with its records (JSON, XML): a column the
   * config maps a field to that no record had is a config error, as a delimited header without
   * it is at once (a typo in `columns` would otherwise drop the field from every row unseen).
   */
  requireMapped(columns: readonly string[]): void {
    const missing = this.slots.find((slot) => slot.constant === undefined && slot.column < 0 && this.isMapped(slot));
    if (missing === undefined) return;
    throw new PricelintError(
      "config",
      `column "${missing.sourceName}" (mapped to ${missing.spec.name}) is in no record of the file; the records have: ${columns.map((c) => JSON.stringify(c)).join(", ")}`,
      this.options.file,
    );
  }

  /**
   * A constant for a field the file has a column of (`constants: {channel: "web"}` over a
   * `channel` column, or a `{location}` path placeholder over the `store_code` column a profile
   * maps location to) could mean either: the column's values, or one value for every row. It is
   * refused unless the column is listed in `ignoreColumns` (then the constant is meant).
   */
  private refuseShadowed(slot: Slot, column: number | undefined, columns: readonly string[], byProfile: boolean): void {
    if (column === undefined) return;
    const name = columns[column]!;
    if (this.ignores(name)) return;
    const constant = slot.constant!;
    const field = slot.spec.name;
    const shown = typeof constant === "string" ? JSON.stringify(constant) : JSON.stringify(constant.join("|"));
    const gives = `column "${name}" gives ${field}${byProfile ? " (as the feed's profile maps it)" : ""}`;
    const message = this.options.fromPath?.includes(field)
      ? `${gives}, and the file's path sets it to ${shown} (the path's {${field}}): which is meant? Take {${field}} out of the path to read the column, or list "${name}" in "ignoreColumns" to use the path's`
      : `${gives}, and the feed's constants set it to ${shown}: which is meant? Drop the constant to read the column, or list "${name}" in "ignoreColumns" to use the constant`;
    throw new PricelintError("config", message, this.options.file);
  }

  /**
   * The one column among `found`, the columns whose name is the field's (or its mapping's) but
   * for case, or for case, spaces, `_` and `-` (`Sale Price`, `sale-price` for sale_price);
   * undefined when there is none. Two such columns could each be meant, so they are refused.
   */
  private onlyColumn(slot: Slot, found: readonly number[], columns: readonly string[]): number | undefined {
    if (found.length > 1) {
      const names = found.map((c) => JSON.stringify(columns[c])).join(" and ");
      throw new PricelintError(
        "config",
        `columns ${names} could each be ${slot.spec.name}: map the one meant in "columns"`,
        this.options.file,
      );
    }
    return found[0];
  }

  /**
   * The columns besides `slot`'s own that are the field's name but for case, spaces, `_` and `-`
   * (`found`), where "columns" gives them to no field and the feed reads them: two spellings of one
   * name, so the field could be either, as two loose spellings could (see onlyColumn).
   */
  private refuseRivals(slot: Slot, found: readonly number[], chosen: ReadonlySet<number>, columns: readonly string[]): void {
    const rivals = found.filter((c) => c !== slot.column && !chosen.has(c) && !this.ignores(columns[c]!));
    if (rivals.length > 0) this.onlyColumn(slot, [slot.column, ...rivals], columns);
  }

  /** Reads one record into `values`; returns null when it is valid, else its first problem. */
  read(record: RawRecord, columns: readonly string[]): RowError | null {
    if (record.problem) {
      const c = record.problem.column;
      // A cell the format could not give (a JSON NaN, an object): the field its column is read as.
      const slot = c === null ? undefined : this.slots.find((s) => s.column === c - 1);
      return {
        code: record.problem.code,
        field: slot?.spec.name ?? null,
        column: c,
        columnName: c === null ? null : (columns[c - 1] ?? null),
        value: null,
        reason: record.problem.reason,
      };
    }
    if (this.options.fixedWidth && record.cells.length !== columns.length) {
      return {
        code: "wrong_cell_count",
        field: null,
        column: null,
        columnName: null,
        value: null,
        reason:
          `the row has ${record.cells.length} fields but the header has ${columns.length}` +
          // Lines ending in CR alone (classic Mac) joined after the header: they read as one row.
          (record.cells.some((c) => typeof c === "string" && c.replaceAll("\r\n", "").includes("\r"))
            ? ": it holds a carriage return, so lines ending in CR alone were read as one; save the file with LF or CRLF line endings"
            : ""),
      };
    }
    this.moneyCurrencies = null;
    this.currencyFields = 0;
    this.groupedFields = 0;
    this.skipped = false;
    const slots = this.slots;
    const typed = record.typedNumbers;
    const decimal = this.options.numberFormat.decimal;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      let given = slot.constant !== undefined ? slot.constant : slot.column >= 0 ? record.cells[slot.column] : undefined;
      if (slot.repeat !== null) given = firstValue(given, this.options.fixedWidth ? slot.repeat : null);
      // A typed number is written in plain notation (`1e3`: 1000) with the feed's decimal mark for
      // the number parser, and as the file writes it for anything else (a key `1e3` is "1e3").
      const typedNumber =
        typed !== undefined &&
        slot.constant === undefined &&
        typeof given === "string" &&
        NUMBER_TYPES.has(slot.spec.type) &&
        typed.includes(slot.column);
      if (typedNumber && (decimal !== "." || hasExponent(given as string))) given = numberText(given as string, decimal);
      // Only a cell's text may group thousands: not a typed number (JSON, a sheet's number cell), nor a constant.
      const written = !typedNumber && slot.constant === undefined;
      // A typed number's text may be a text cell's that means otherwise (`1.000`): not remembered.
      const memo = slot.memo && !typedNumber;
      const whole = prepared(slot, given);
      // One part of a measure (`1.00 ko`) is mapped by its own text too: the map is the field's.
      const cell = slot.part === null || typeof whole !== "string" ? whole : mappedPart(slot, measurePart(whole, slot.part));
      if (cell === undefined) {
        if (slot.spec.required) {
          if (this.options.skipWithout?.includes(slot.spec.name)) {
            this.skipped = true;
            return null;
          }
          return this.problem(slot, record, undefined, fail("required", `${slot.spec.name} is required`));
        }
        this.values[i] = null;
        continue;
      }
      if (typeof cell === "string" && memo) {
        const k = recentIndex(slot, cell);
        if (k >= 0) {
          this.values[i] = slot.recentValues[k]!;
          continue;
        }
      }
      const problem = this.parse(slot.spec, cell, i, written);
      if (problem !== null) return this.problem(slot, record, cell, problem);
      if (written && ((slot.spec.type === "money" && this.amounts.mayGroup) || (slot.spec.type === "quantity" && this.quantities.mayGroup)))
        this.groupedFields |= 1 << i;
      if (typeof cell === "string" && memo) remember(slot, cell, this.values[i]!);
    }
    return null;
  }

  /** A constant's value as read() gives it for every row, or undefined when read() finds a problem in it. */
  private constantValue(slot: Slot, i: number): FieldValue | undefined {
    const cell = prepared(slot, slot.constant);
    if (cell === undefined) return slot.spec.required ? undefined : null;
    this.moneyCurrencies = null;
    if (this.parse(slot.spec, cell, i, false) !== null || this.moneyCurrencies !== null) return undefined;
    const value = this.values[i]!;
    this.values[i] = null;
    return value;
  }

  /**
   * The fields of a plain line for the bound header, in the kind's field order: where each
   * comes from (a column, or a constant and its value), and whether its cells go through a value
   * map (see {@link parseCell}). Null when a field cannot be read from a plain line's cells (a
   * list, a constant that does not parse, a required field without a column).
   */
  plainFields(): readonly PlainField[] | null {
    return this.plain;
  }

  /** How many cells the bound header has: a plain line with any other count is not read in place. */
  get width(): number {
    return this.mappedWidth;
  }

  /**
   * The value `read` gives field `index` for a cell without surrounding spaces, through the
   * field's value map if it has one, or undefined when `read` finds a problem with it.
   */
  parseCell(index: number, cell: string): FieldValue | undefined {
    const slot = this.slots[index]!;
    const text = prepared(slot, cell);
    if (text === undefined) return slot.spec.required ? undefined : null;
    return this.parse(slot.spec, text, index, true) === null ? this.values[index]! : undefined;
  }

  /** A problem with one canonical field of a record that passed `read` (found when building the entity). */
  fieldProblem(record: RawRecord, field: string, problem: RowProblem): RowError {
    const slot = this.slots.find((s) => s.spec.name === field)!;
    const cell = this.rawCell(record, field);
    return this.problem(slot, record, typeof cell === "string" ? cell.trim() : cell, problem);
  }

  /** The source column of a canonical field in the bound header, -1 when none. */
  columnOf(field: string): number {
    return this.slots.find((s) => s.spec.name === field)?.column ?? -1;
  }

  /** Whether a canonical field is set by the feed's constants rather than read from a column. */
  isConstant(field: string): boolean {
    return this.slots.find((s) => s.spec.name === field)?.constant !== undefined;
  }

  /** The cell a canonical field comes from, as read (for naming a rejected row's sku). */
  rawCell(record: RawRecord, field: string): Cell {
    const slot = this.slots.find((s) => s.spec.name === field);
    if (!slot) return undefined;
    return slot.constant !== undefined ? slot.constant : slot.column >= 0 ? record.cells[slot.column] : undefined;
  }

  /**
   * Parses a cell into `values[i]`; returns null, or the problem with it. `written`: the cell is
   * text the feed wrote (not a typed number, nor a constant), whose `.` may group thousands.
   */
  private parse(spec: FieldSpec, cell: string | readonly string[], i: number, written: boolean): RowProblem | null {
    if (spec.type === "list" || spec.type === "channel_list") {
      // A value map names a whole cell or, where it does not, each item (`NEG|WEB`, with NEG and WEB mapped).
      const map = this.slots[i]!.valueMap;
      const items =
        typeof cell !== "string"
          ? listOf(cell).map((item) => mapped(map, item))
          : map !== undefined && Object.hasOwn(map, cell)
            ? listItems(mapped(map, cell))
            : listItems(cell).map((item) => mapped(map, item));
      // A list is a set: an item written twice (`S1|S1`) is one, and counts once.
      if (spec.type === "channel_list") {
        const unknown = items.find((c) => !this.options.channels.has(c));
        if (unknown !== undefined) return unknownChannel(unknown, this.options.channels);
        this.values[i] = [...new Set(items)];
        return null;
      }
      // A list's items are keys (skus, locations, categories a promotion applies to): read as keys.
      const keys = new Set<string>();
      for (const item of items) {
        const key = readKey(item);
        if (!key.ok) return fail("invisible_character", key.reason);
        keys.add(key.key);
      }
      this.values[i] = [...keys];
      return null;
    }
    if (typeof cell !== "string") return fail("unexpected_list", `${spec.name} takes one value, not a list`);
    switch (spec.type) {
      case "id": {
        // One spelling per key: NFC, and nothing invisible in it (text/keys.ts).
        const key = readKey(cell);
        if (!key.ok) return fail("invisible_character", key.reason);
        this.values[i] = key.key;
        return null;
      }
      case "text":
        // Compared with list items (a promotion's categories and brands): one normal form, as keys.
        this.values[i] = nfc(cell);
        return null;
      case "money":
        if (!this.amounts.parse(cell)) return fail(this.amounts.errorCode, this.amounts.error);
        if (this.amounts.currencies !== null) {
          const named = this.amounts.currencies;
          const earlier = this.moneyCurrencies;
          if (earlier !== null && !earlier.some((code) => named.includes(code))) {
            return fail("currency_mismatch", `"${cell}" names another currency than the row's other amounts`);
          }
          // What every money cell of the row can mean: "US$10.00" and "$8.00" are both USD.
          this.moneyCurrencies = earlier === null ? named : earlier.filter((code) => named.includes(code));
          this.currencyFields |= 1 << i;
        }
        this.values[i] = this.amounts.value;
        this.decimals[i] = this.amounts.decimals;
        return null;
      case "quantity":
        if (!this.quantities.parse(cell)) return fail(this.quantities.errorCode, this.quantities.error);
        if (this.quantities.currencies !== null) return fail("currency_in_quantity", `"${cell}" is a quantity, not money`);
        this.values[i] = this.quantities.value;
        return null;
      case "integer": {
        // Read as any number of the feed is (its decimal and thousands marks; a JSON 3.0), then
        // whole: "1.234" under a "." thousands mark is 1234, "3.0" is 3, "3.5" is no count.
        const q = this.quantities;
        const read = q.parse(cell) && q.currencies === null;
        // `1.000` or `1.500` under an assumed format: a count has no decimals, so its "." may group thousands.
        if (read && written && q.mayGroup) return fail("ambiguous_amount", countGroupingAmbiguity(cell, q.value));
        const whole = read && q.value % MICROS_PER_UNIT === 0;
        // An ambiguous grouping, too many decimals or digits are said as for an amount.
        if (!whole && q.error !== "" && q.errorCode !== "not_an_amount") return fail(q.errorCode, q.error);
        if (!whole) return fail("not_an_integer", `"${visibleKey(cell)}" is not a whole number`);
        this.values[i] = q.value / MICROS_PER_UNIT;
        return null;
      }
      case "boolean": {
        const b = BOOLEANS[cell.toLowerCase()];
        if (b === undefined) return fail("not_a_boolean", `"${visibleKey(cell)}" is not a boolean (true/false, yes/no, 1/0)`);
        this.values[i] = b;
        return null;
      }
      case "timestamp":
      case "date": {
        const read = this.timestamp(cell, spec.type === "date", spec.interval === true);
        if (!("iso" in read)) return read;
        if (this.slots[i]!.window && splitInterval(read.iso) === null)
          return fail(
            "invalid_date",
            `"${cell}" is one date or time, where this column gives both ${WINDOW_OF[spec.name]}: write the window as start/end (a sale on that day only, or from that day on, is not known)`,
          );
        this.values[i] = read.iso;
        return null;
      }
      case "currency": {
        const code = cell.toUpperCase();
        if (!isCurrencyCode(code)) return fail("unknown_currency", `"${visibleKey(cell)}" is not an ISO 4217 currency code`);
        this.values[i] = code;
        return null;
      }
      case "timezone": {
        // One name per zone (`europe/rome` is Europe/Rome), as zones are compared by name.
        const zone = canonicalZone(cell);
        if (zone === null) return fail("unknown_time_zone", `"${visibleKey(cell)}" is not an IANA time zone`);
        this.values[i] = zone;
        return null;
      }
      case "channel":
        if (!this.options.channels.has(cell)) return unknownChannel(cell, this.options.channels);
        this.values[i] = cell;
        return null;
      case "status": {
        // Matched as enums are: `Open`, `temporarily closed`.
        const status = LOOSE_STATUSES.get(looseName(cell));
        if (status === undefined) return fail("unknown_status", `"${visibleKey(cell)}" is not a status (${LOCATION_STATUSES.join(", ")})`);
        this.values[i] = status;
        return null;
      }
      case "enum": {
        const value = enumValue(spec, cell);
        if (value === undefined)
          return fail("unknown_value", `"${visibleKey(cell)}" is not a value of ${spec.name} (${spec.values!.join(", ")})`);
        this.values[i] = value;
        return null;
      }
      case "promo_type": {
        // Matched as enums are: `PERCENT_OFF` (Google's), `Percent Off`.
        const type = enumValue(spec, cell);
        if (type === undefined)
          return fail("unknown_promotion_type", `"${visibleKey(cell)}" is not a promotion type (${PROMOTION_TYPES.join(", ")})`);
        this.values[i] = type;
        return null;
      }
    }
  }

  /**
   * A timestamp's ISO 8601 text (the cell itself, unless the feed has a `dateFormat`), worked out
   * once per distinct text; zones are applied at evaluation.
   */
  private timestamp(text: string, dateOnly: boolean, interval: boolean): { readonly iso: string } | RowProblem {
    const key = `${dateOnly ? "d" : interval ? "i" : "t"}${text}`;
    let read = this.timestamps.get(key);
    if (read === undefined) {
      read = readTimestamp(text, dateOnly, interval, this.options.datePattern);
      this.timestamps.set(key, read);
    }
    return read;
  }

  private problem(slot: Slot, record: RawRecord, cell: Cell, { code, reason }: RowProblem): RowError {
    const fromColumn = slot.constant === undefined && slot.column >= 0;
    return {
      code,
      field: slot.spec.name,
      column: fromColumn ? slot.column + 1 : null,
      columnName: fromColumn ? slot.sourceName : null,
      value:
        cell === undefined
          ? fromColumn
            ? ((record.cells[slot.column] as string | undefined) ?? null)
            : null
          : Array.isArray(cell)
            ? cell.join("|")
            : (cell as string),
      reason:
        fromColumn || slot.constant === undefined
          ? reason
          : `${reason} (${this.options.fromPath?.includes(slot.spec.name) ? "from the file's path" : "from the feed's constants"})`,
    };
  }
}

/** A header's columns by name (see {@link headerNames}): in NFC as written, in NFC ignoring case, and loosely (see looseName). */
interface HeaderNames {
  readonly exact: ReadonlyMap<string, number>;
  readonly folded: ReadonlyMap<string, readonly number[]>;
  readonly loose: ReadonlyMap<string, readonly number[]>;
}

/**
 * The columns of a header that `within` keeps, by name as fields find them: each name in NFC →
 * its first column; each name in NFC ignoring case, and each loose name, → all their columns.
 */
function headerNames(columns: readonly string[], within: (index: number) => boolean): HeaderNames {
  const exact = new Map<string, number>();
  const folded = new Map<string, number[]>();
  const loose = new Map<string, number[]>();
  columns.forEach((written, index) => {
    if (!within(index)) return;
    const name = nfc(written);
    if (!exact.has(name)) exact.set(name, index);
    const lower = foldedName(name);
    folded.set(lower, [...(folded.get(lower) ?? []), index]);
    const key = looseName(name);
    loose.set(key, [...(loose.get(key) ?? []), index]);
  });
  return { exact, folded, loose };
}

/** The fields that are a window's two ends: one column may give both, as `start/end`. */
const WINDOW_ENDS = [
  ["sale_start", "sale_end"],
  ["start", "end"],
] as const;
const WINDOW_OF: Readonly<Record<string, string>> = {
  sale_start: "sale_start and sale_end",
  sale_end: "sale_start and sale_end",
  start: "start and end",
  end: "start and end",
};

/** A date written day or month first (`20/11/2026`, `8.2.2026`): read only through a dateFormat. */
const WRITTEN_DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)/;

/** See RowReader.timestamp: every end an instant, a date alone where the field is a date. */
function readTimestamp(
  text: string,
  dateOnly: boolean,
  interval: boolean,
  pattern: DatePattern | undefined,
): { readonly iso: string } | RowProblem {
  let parts: readonly string[];
  if (pattern === undefined) parts = (interval ? splitInterval(text) : null) ?? [text];
  else {
    const ends = interval ? pattern.isoInterval(text) : null;
    const one = ends === null ? pattern.iso(text) : null;
    if (ends === null && one === null) {
      return fail(
        "invalid_date",
        `"${visibleKey(text)}" is not written as the feed's dateFormat "${pattern.text}"${interval ? " (or two of them, start/end)" : ""}, nor in ISO 8601`,
      );
    }
    parts = ends ?? [one!];
  }
  for (const part of parts) {
    const r = parseInstant(part, "UTC");
    if (r.ok) {
      if (dateOnly && !r.dateOnly) return fail("invalid_date", `"${text}" must be a date without a time`);
      continue;
    }
    if (pattern === undefined && WRITTEN_DATE.test(text)) {
      return fail(
        r.code,
        `"${text}" is not an ISO 8601 date or date-time: for dates written day or month first, set the feed's dateFormat`,
      );
    }
    if (part === text) return fail(r.code, r.reason);
    // A calendar or clock error names the cell as written, with the reading that failed.
    return fail(
      r.code,
      pattern === undefined ? `${r.reason} (in "${text}")` : `${r.reason.replace(`"${part}"`, `"${text}"`)} (read as ${part})`,
    );
  }
  return { iso: pattern === undefined ? text : parts.join("/") };
}

/** Each enum field's values by their folded text (see {@link enumValue}). */
const ENUM_VALUES = new Map<FieldSpec, ReadonlyMap<string, string>>();

/**
 * The canonical value of an enum field that `cell` names, ignoring case, spaces, `_` and `-` and a
 * schema.org prefix (`in stock`, `In_Stock`, `https://schema.org/InStock` are in_stock); undefined
 * when it names none.
 */
export function enumValue(spec: FieldSpec, cell: string): string | undefined {
  let values = ENUM_VALUES.get(spec);
  if (values === undefined) ENUM_VALUES.set(spec, (values = new Map((spec.values ?? []).map((v) => [looseName(v), v]))));
  const lower = cell.toLowerCase();
  const prefix = SCHEMA_ORG.find((p) => lower.startsWith(p));
  return values.get(looseName(prefix === undefined ? lower : lower.slice(prefix.length)));
}

const SCHEMA_ORG = ["https://schema.org/", "http://schema.org/"];

/** The stores' statuses by their loose names (see looseName). */
const LOOSE_STATUSES: ReadonlyMap<string, string> = new Map(LOCATION_STATUSES.map((s) => [looseName(s), s]));

const BOOLEANS: Readonly<Record<string, boolean>> = Object.assign(Object.create(null) as Record<string, boolean>, {
  true: true,
  false: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  "1": true,
  "0": false,
});

/** A cell as read() parses it: trimmed, mapped through the field's `values`, undefined when empty. */
function prepared(slot: Slot, cell: Cell): Cell {
  if (typeof cell !== "string") return cell === undefined || cell.length === 0 ? undefined : cell;
  // A list's value map is applied in parse, to the whole cell or to each item.
  const list = slot.spec.type === "list" || slot.spec.type === "channel_list";
  const text = list ? cell.trim() : mapped(slot.valueMap, cell.trim());
  return text === "" ? undefined : text;
}

/**
 * A text as the field's value map gives it (itself when the map has no entry for it). The map's
 * keys are in NFC, and so is the text looked up: a cell written in NFD (`Zu` + U+0308 `rich`) is
 * the entry that prints as it does.
 */
function mapped(map: Readonly<Record<string, string>> | undefined, text: string): string {
  if (map === undefined) return text;
  const key = Object.hasOwn(map, text) ? text : nfc(text);
  const value = Object.hasOwn(map, key) ? map[key] : undefined;
  return typeof value === "string" ? value : text;
}

/** A value map with its keys in NFC (the config refuses two keys that are one in NFC). */
function nfcKeys(map: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> | undefined {
  if (map === undefined) return undefined;
  const keys = Object.keys(map);
  if (keys.every((key) => nfc(key) === key)) return map;
  return Object.fromEntries(keys.map((key) => [nfc(key), map[key]!]));
}

/**
 * One part of a measure written in one cell: `750 ml`, `1.5kg`, `1,5 l` → the amount (`750`) or
 * the unit in lower case (`ml`); undefined for a part the cell lacks.
 */
function measurePart(cell: string, part: "amount" | "unit"): string | undefined {
  let at = 0;
  while (at < cell.length && !isLetter(cell.charCodeAt(at))) at++;
  const text = (part === "amount" ? cell.slice(0, at) : cell.slice(at)).trim();
  return text === "" ? undefined : part === "unit" ? text.toLowerCase() : text;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 0xb5 || code === 0x3bc;
}

/**
 * The first value of a cell holding an attribute that may repeat, blank ones passed over: a list's
 * first item (an XML element repeated), or a text's up to `separator` (`Home > Wine,Gifts` →
 * `Home > Wine`); the cell itself when it holds one value. `separator` is null where a text is one
 * value whatever it holds: Google separates repeated values by commas in a text feed's cell only
 * (a table's: delimited text, a workbook, Parquet), and repeats the element in XML, so one
 * `<g:product_type>Apparel &gt; Shirts, Tops</g:product_type>` is one category (as is a JSON string).
 */
function firstValue(cell: Cell, separator: string | null): Cell {
  if (cell === undefined) return undefined;
  if (typeof cell !== "string") return cell.find((item) => item.trim() !== "");
  if (separator === null || !cell.includes(separator)) return cell;
  const values = cell.split(separator);
  return values.find((value) => value.trim() !== "") ?? "";
}

/** The items of a list written in one cell, `|`-separated. */
function listItems(cell: string): string[] {
  return listOf(cell.split("|"));
}

/** A list's items as keys are read, whether written in one cell or given as an array: trimmed, the empty ones dropped. */
function listOf(items: readonly string[]): string[] {
  return items.map((s) => s.trim()).filter((s) => s !== "");
}

function mappedPart(slot: Slot, part: string | undefined): string | undefined {
  return part === undefined ? undefined : mapped(slot.valueMap, part);
}

/** Where `cell` is among the field's remembered cells, newest first; -1 if it is not. */
function recentIndex(slot: Slot, cell: string): number {
  const texts = slot.recentTexts;
  for (let n = 1; n <= texts.length; n++) {
    const k = (slot.recentNext - n + RECENT) % RECENT;
    if (texts[k] === cell) return k;
  }
  return -1;
}

/** Remembers a valid cell and its value, in place of the oldest. */
function remember(slot: Slot, cell: string, value: FieldValue): void {
  const k = slot.recentNext;
  slot.recentTexts[k] = cell;
  slot.recentValues[k] = value;
  slot.recentNext = (k + 1) % RECENT;
}

/** Characters `trim` removes that can open or close a cell (ASCII whitespace, NBSP, BOM and the Unicode spaces above 0x7f). */
export function isSpace(code: number): boolean {
  return (
    code <= 32 ||
    code === 0xa0 ||
    code === 0xfeff ||
    (code >= 0x1680 &&
      (code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000))
  );
}

/** The field types the amount parser reads, in the feed's number notation. */
const AMOUNT_TYPES: ReadonlySet<string> = new Set(["money", "quantity"]);

/** The field types a typed number (RawRecord.typedNumbers) is read for: amounts and counts. */
const NUMBER_TYPES: ReadonlySet<string> = new Set([...AMOUNT_TYPES, "integer"]);

/**
 * A constant as a cell of the feed. A JSON number for an amount is written in the feed's
 * notation, as a typed number in a feed is (io/number-text.ts), so `1.234` stays 1.234 in a feed
 * whose decimal is `,`; for any other field, as JavaScript writes it.
 */
function toCell(value: string | number | boolean | readonly string[] | undefined, spec: FieldSpec, decimal: DecimalMark): Cell {
  if (value === undefined) return undefined;
  if (typeof value === "object") return value;
  if (typeof value === "number" && AMOUNT_TYPES.has(spec.type)) return numberText(String(value), decimal);
  return String(value);
}

const fail = (code: RowErrorCode, reason: string): RowProblem => ({ code, reason });

function unknownChannel(channel: string, known: ReadonlySet<string>): RowProblem {
  return fail(
    "unknown_channel",
    `unknown channel "${channel}"; known: ${[...known].join(", ")} (declare others under "channels" in the config)`,
  );
}

/** Whether a typed number's text is in exponent form (a JSON file's `1e3`, kept as written for a key). */
function hasExponent(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 /* e */ || c === 69 /* E */) return true;
  }
  return false;
}
