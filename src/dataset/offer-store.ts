import { OFFER_COMPARED_FIELDS, OfferRecord, type OfferFields, type OptionalAmount } from "../model/offer.js";
import type { Source } from "../model/source.js";
import { detach } from "../text/string-pool.js";
import type { Instant, InstantCache } from "../time/instant.js";
import { AmountColumn, doubled, LastId, NullableNumberColumn, OffsetColumn, StringTable, UintColumn } from "./columns.js";

type AmountField = "price" | "salePrice" | OptionalAmount;
/** The fields on which rows of one offer are compared, with the names their disagreements are reported under. */
const COMPARED_FIELDS = (Object.entries(OFFER_COMPARED_FIELDS) as [keyof OfferFields, string | null][]).filter(
  (entry): entry is [keyof OfferFields, string] => entry[1] !== null,
);

/** How the loader reads a row's sale window: the zone of a location (null: none known), else `fallback`. */
export interface SaleZones {
  ofLocation(location: string | null): string | null;
  readonly fallback: string;
  readonly instants: InstantCache;
}

/** A feed's file and zone, shared by its rows. */
interface FeedOrigin {
  readonly file: string;
  readonly timezone: string | null;
}

/**
 * The index stage for price rows: every offer as one row of paged columns (see columns.ts),
 * about 20 bytes an offer where an object per row took over 300. Strings are numbered once
 * (skus, locations, and channels with currencies and dates, each in a table), amounts kept
 * exactly, in micros.
 *
 * After loading, {@link index} orders the rows by sku (a counting sort, stable, so each sku's
 * rows stay in file order) and marks repeated (sku, channel, location) rows as duplicates of
 * the first: they are sources of it, and where they disagree on a field it is conflicting (see
 * OFFER_COMPARED_FIELDS).
 *
 * A row may hold for a while only (valid_from, valid_to: a scheduled regular price, or a price
 * history row standing for the price in force). Then an offer is, at each instant, its rows in
 * force then: one alone is the offer; of two or more, the first (by when they start, then end,
 * then file order) stands and the others are its duplicates at that instant, conflicting where
 * they differ on a field. At an instant, {@link inForce} gives the rows that hold then,
 * each offer's found by a binary search.
 */
export class OfferStore {
  readonly skus = new StringTable();
  /** Locations in a table of their own, so their ids stay few and dense (see SkuGroup). */
  readonly locations = new StringTable();
  /** Channels, currencies, sale dates. */
  readonly texts = new StringTable();
  size = 0;
  private readonly sku = new UintColumn();
  private readonly channel = new UintColumn();
  private readonly location = new UintColumn();
  private readonly currency = new UintColumn();
  private readonly saleStart = new UintColumn();
  private readonly saleEnd = new UintColumn();
  /** availability, pickup_method and pickup_sla, as ids in `texts` (0: none). */
  private readonly availability = new UintColumn();
  private readonly pickupMethod = new UintColumn();
  private readonly pickupSla = new UintColumn();
  /** The rows an offer took its amounts from (a feed's inheritFrom), by the offer's row. */
  private readonly inheritedFrom = new Map<number, number>();
  private readonly taxExcluded = new UintColumn();
  /** The decimals each declared unit price is written with (a byte an offer that has one). */
  private readonly unitPriceDecimals = new UintColumn();
  /**
   * The decimals of each price, sale price and member price written finer than its currency's
   * minor unit (OfferFields.priceDecimals): no page at all for a feed that writes none so.
   */
  private readonly priceDecimals = new UintColumn();
  private readonly salePriceDecimals = new UintColumn();
  private readonly memberPriceDecimals = new UintColumn();
  private readonly validFrom = new NullableNumberColumn();
  private readonly validTo = new NullableNumberColumn();
  private readonly feed = new UintColumn();
  private readonly line = new OffsetColumn();
  private readonly duplicate = new UintColumn();
  /** 1 on rows that later rows repeat: only those have duplicates (and maybe conflicts) to look up. */
  private readonly repeated = new UintColumn();
  private readonly amounts: Record<AmountField, AmountColumn> = {
    price: new AmountColumn(),
    salePrice: new AmountColumn(),
    memberPrice: new AmountColumn(),
    referencePrice: new AmountColumn(),
    lowestPrice30d: new AmountColumn(),
    unitPrice: new AmountColumn(),
  };
  private readonly feeds: FeedOrigin[] = [];
  /** The last string numbered for each field: consecutive rows often repeat it (a sku's rows, one currency). */
  private readonly recent = { sku: new LastId(), channel: new LastId(), location: new LastId(), currency: new LastId() };
  /**
   * Whether any row has a sale window, a tax flag, an amount beyond price and sale price, or a
   * price written finer than its currency's minor unit: else read() skips their columns.
   */
  private extras = false;
  /** Whether any row holds for a while only (valid_from or valid_to): then {@link inForce} picks a sku's rows. */
  private scheduled = false;
  /**
   * With scheduled rows, built by index(): for each sku id with any, its offers (channel and
   * location) in order of their first row, each cut into the stretches of time in which the same
   * of its rows hold (see {@link Schedule}).
   */
  private schedules: Map<number, Schedule[]> | null = null;
  /** Whether any row is repeated by a later one, so that some are duplicates (see markDuplicates). */
  private anyRepeated = false;
  /** Reused by `add`. */
  private readonly ids = new OfferIds();
  private readonly duplicates = new Map<number, Source[]>();
  private readonly conflicts = new Map<number, string[]>();
  /**
   * Rows by sku, built by index(), in one of three ways:
   * - one run (each sku's rows together, as one file grouped by sku): the rows of sku id s are
   *   start[s] … start[s + 1];
   * - a few runs (one file per channel, each grouped by sku): in run r, they are
   *   runFirst[r][s] … + runCount[r][s] (8 bytes per run and sku);
   * - else, a counting sort: order[start[s] … start[s + 1]) (4 bytes a row).
   */
  private order: Int32Array | null = null;
  private start: Int32Array | null = null;
  private runFirst: Int32Array[] | null = null;
  private runCount: Int32Array[] | null = null;
  private indexed = false;
  private sortedSkus: Int32Array | null = null;
  /**
   * Runs: stretches of rows in which each sku's rows are together. A run ends where a sku seen in
   * it comes back after another; `runOf[s]` is 1 + the last run sku id s was seen in.
   */
  private readonly runStarts: number[] = [0];
  private runOf: Int32Array = new Int32Array(1024);
  private lastSku = 0;

  /**
   * How a row's sale start and end are read as instants, for telling whether two rows of one offer
   * agree on them (see markDuplicate): the loader sets it once the stores are known. Without it
   * (rows given straight to the store) they are compared as written.
   */
  private saleZones: SaleZones | null = null;

  /** Sets how sale windows are read (see {@link saleZones}): before the store is indexed. */
  readSalesIn(zones: SaleZones): void {
    this.saleZones = zones;
  }

  /** Numbers a feed whose rows are about to be added. */
  addFeed(file: string, timezone: string | null): number {
    this.feeds.push({ file, timezone });
    return this.feeds.length - 1;
  }

  /** Adds one offer (from feed `feed`, at `line`); returns its row. */
  add(fields: OfferFields, feed: number, line: number): number {
    const texts = this.texts;
    const ids = this.ids;
    ids.sku = this.recent.sku.id(this.skus, fields.sku);
    ids.channel = this.recent.channel.id(texts, fields.channel);
    ids.location = fields.location === null ? 0 : this.recent.location.id(this.locations, fields.location);
    ids.currency = this.recent.currency.id(texts, fields.currency);
    ids.saleStart = fields.saleStart === null ? 0 : texts.id(fields.saleStart, detach);
    ids.saleEnd = fields.saleEnd === null ? 0 : texts.id(fields.saleEnd, detach);
    ids.availability = fields.availability === null ? 0 : texts.id(fields.availability, detach);
    ids.pickupMethod = fields.pickupMethod === null ? 0 : texts.id(fields.pickupMethod, detach);
    ids.pickupSla = fields.pickupSla === null ? 0 : texts.id(fields.pickupSla, detach);
    return this.addIds(ids, fields, feed, line);
  }

  /**
   * Adds one offer whose strings are already numbered in the store's tables (`skus`,
   * `locations`, and `texts` for the rest; 0: none), with its amounts and tax flag as `add` takes them.
   */
  addIds(ids: OfferIds, amounts: OfferAmounts, feed: number, line: number): number {
    if (this.indexed) throw new Error("offers cannot be added after the store is indexed");
    const row = this.size++;
    const sku = ids.sku;
    if (sku !== this.lastSku && this.runStarts.length <= MAX_RUNS) {
      while (sku >= this.runOf.length) this.runOf = doubled(this.runOf);
      const run = this.runStarts.length;
      if (this.runOf[sku] === run) this.runStarts.push(row);
      this.runOf[sku] = this.runStarts.length;
    }
    this.lastSku = sku;
    this.sku.set(row, sku);
    this.channel.set(row, ids.channel);
    this.location.set(row, ids.location);
    this.currency.set(row, ids.currency);
    if (feed !== 0) this.feed.set(row, feed);
    this.line.set(row, line);
    // Written out: a loop over the field names would look each up by a computed key, per row.
    const columns = this.amounts;
    columns.price.set(row, amounts.price);
    columns.salePrice.set(row, amounts.salePrice);
    if (
      ids.saleStart !== 0 ||
      ids.saleEnd !== 0 ||
      ids.availability !== 0 ||
      ids.pickupMethod !== 0 ||
      ids.pickupSla !== 0 ||
      !amounts.taxIncluded ||
      amounts.memberPrice !== null ||
      amounts.referencePrice !== null ||
      amounts.lowestPrice30d !== null ||
      amounts.unitPrice !== null ||
      amounts.priceDecimals !== 0 ||
      amounts.salePriceDecimals !== 0 ||
      amounts.validFrom !== null ||
      amounts.validTo !== null
    ) {
      this.extras = true;
      if (ids.saleStart !== 0) this.saleStart.set(row, ids.saleStart);
      if (ids.saleEnd !== 0) this.saleEnd.set(row, ids.saleEnd);
      if (ids.availability !== 0) this.availability.set(row, ids.availability);
      if (ids.pickupMethod !== 0) this.pickupMethod.set(row, ids.pickupMethod);
      if (ids.pickupSla !== 0) this.pickupSla.set(row, ids.pickupSla);
      if (!amounts.taxIncluded) this.taxExcluded.set(row, 1);
      if (amounts.memberPrice !== null) {
        columns.memberPrice.set(row, amounts.memberPrice);
        this.memberPriceDecimals.set(row, amounts.memberPriceDecimals);
      }
      this.priceDecimals.set(row, amounts.priceDecimals);
      this.salePriceDecimals.set(row, amounts.salePriceDecimals);
      if (amounts.referencePrice !== null) columns.referencePrice.set(row, amounts.referencePrice);
      if (amounts.lowestPrice30d !== null) columns.lowestPrice30d.set(row, amounts.lowestPrice30d);
      if (amounts.unitPrice !== null) {
        columns.unitPrice.set(row, amounts.unitPrice);
        this.unitPriceDecimals.set(row, amounts.unitPriceDecimals);
      }
      if (amounts.validFrom !== null || amounts.validTo !== null) {
        this.scheduled = true;
        this.validFrom.set(row, amounts.validFrom);
        this.validTo.set(row, amounts.validTo);
      }
    }
    return row;
  }

  /**
   * Notes that row `row` took its amounts from row `from` (a feed's inheritFrom): `from` is a
   * source of its offer. The price it took is written as in `from`, and so is its sale price
   * where it is the amount of `from`'s (taken with it, where the row gives none of its own).
   */
  inherit(row: number, from: number): void {
    this.inheritedFrom.set(row, from);
    this.takeDecimals(this.priceDecimals, row, from);
    const sale = this.amounts.salePrice;
    if (sale.get(row) !== null && sale.get(row) === sale.get(from)) this.takeDecimals(this.salePriceDecimals, row, from);
  }

  /** Gives row `row` the decimals `column` holds for row `from`. */
  private takeDecimals(column: UintColumn, row: number, from: number): void {
    const decimals = column.get(from);
    if (decimals !== 0) this.extras = true;
    column.set(row, decimals);
  }

  /**
   * The rows a feed's inheritFrom takes amounts from: the first row of each sku in `channel`
   * without a location, by sku id. {@link SCHEDULED_ROWS} for a sku with several such rows of
   * which one holds for a while only (valid_from, valid_to), where no one row is the sku's price;
   * {@link DISPUTED_ROWS} for one whose rows disagree on the price (or its currency or tax
   * basis), where which is right is not known; and, in `saleDisputed`, the skus whose rows agree
   * on the price but not on the sale (price, window), which a row without a sale of its own
   * cannot take. One pass over the rows so far.
   */
  defaultRows(channel: string): InheritedRows {
    const rows = new Map<number, number>();
    const saleDisputed = new Set<number>();
    const id = this.texts.find(channel);
    if (id === 0) return { rows, saleDisputed };
    const timed = (row: number) => this.scheduled && (this.validFrom.get(row) !== null || this.validTo.get(row) !== null);
    const a = new OfferRecord();
    const b = new OfferRecord();
    for (let row = 0; row < this.size; row++) {
      if (this.channel.get(row) !== id || this.location.get(row) !== 0) continue;
      const sku = this.sku.get(row);
      const first = rows.get(sku);
      if (first === undefined) rows.set(sku, row);
      else if (first < 0) continue;
      else if (timed(first) || timed(row)) rows.set(sku, SCHEDULED_ROWS);
      else {
        const x = this.read(first, a);
        const y = this.read(row, b);
        if (x.price !== y.price || x.currency !== y.currency || x.taxIncluded !== y.taxIncluded) rows.set(sku, DISPUTED_ROWS);
        // A window written two ways (with and without seconds, `Z` and `+00:00`) is one window.
        else if (x.salePrice !== y.salePrice || !this.sameSaleInstant(x, y, "start") || !this.sameSaleInstant(x, y, "end"))
          saleDisputed.add(sku);
      }
    }
    return { rows, saleDisputed };
  }

  /** The one string kept for this sku, if any offer has it. */
  skuText(text: string): string | null {
    const id = this.skus.find(text);
    return id === 0 ? null : this.skus.text(id);
  }

  skuId(row: number): number {
    return this.sku.get(row);
  }

  channelId(row: number): number {
    return this.channel.get(row);
  }

  /** The location's id in `locations`, 0 for a channel's default row. */
  locationId(row: number): number {
    return this.location.get(row);
  }

  /**
   * Reads row `row` into `into` (reused: evaluation resolves offers without allocating). A row of
   * a sku with rows that hold for a while only has the duplicates (and conflicts) of the instant
   * {@link inForce} last gave it at: the rows in force with it then.
   */
  read(row: number, into: OfferRecord): OfferRecord {
    const texts = this.texts;
    const origin = this.feeds[this.feed.get(row)]!;
    into.row = row;
    into.sku = this.skus.text(this.sku.get(row))!;
    into.channel = texts.text(this.channel.get(row))!;
    into.location = this.locations.text(this.location.get(row));
    into.currency = texts.text(this.currency.get(row))!;
    into.price = this.amounts.price.get(row);
    into.salePrice = this.amounts.salePrice.get(row);
    if (this.extras) {
      into.saleStart = texts.text(this.saleStart.get(row));
      into.saleEnd = texts.text(this.saleEnd.get(row));
      into.availability = texts.text(this.availability.get(row));
      into.pickupMethod = texts.text(this.pickupMethod.get(row));
      into.pickupSla = texts.text(this.pickupSla.get(row));
      into.memberPrice = this.amounts.memberPrice.get(row);
      into.priceDecimals = this.priceDecimals.get(row);
      into.salePriceDecimals = this.salePriceDecimals.get(row);
      into.memberPriceDecimals = this.memberPriceDecimals.get(row);
      into.referencePrice = this.amounts.referencePrice.get(row);
      into.lowestPrice30d = this.amounts.lowestPrice30d.get(row);
      into.unitPrice = this.amounts.unitPrice.get(row);
      into.unitPriceDecimals = this.unitPriceDecimals.get(row);
      into.taxIncluded = this.taxExcluded.get(row) === 0;
      into.validFrom = this.validFrom.get(row);
      into.validTo = this.validTo.get(row);
    } else {
      into.validFrom = into.validTo = null;
      into.saleStart = into.saleEnd = null;
      into.availability = into.pickupMethod = into.pickupSla = null;
      into.memberPrice = into.referencePrice = into.lowestPrice30d = into.unitPrice = null;
      into.priceDecimals = into.salePriceDecimals = into.memberPriceDecimals = into.unitPriceDecimals = 0;
      into.taxIncluded = true;
    }
    into.timezone = origin.timezone;
    into.file = origin.file;
    into.line = this.line.get(row);
    const repeated = this.anyRepeated && this.repeated.get(row) !== 0;
    into.duplicates = repeated ? (this.duplicates.get(row) ?? null) : null;
    if (this.inheritedFrom.size > 0) {
      const from = this.inheritedFrom.get(row);
      if (from !== undefined) into.duplicates = [this.source(from), ...(into.duplicates ?? [])];
    }
    into.conflicts = repeated ? (this.conflicts.get(row) ?? null) : null;
    return into;
  }

  /** Where row `row` is. */
  source(row: number): Source {
    return { file: this.fileOf(row), line: this.lineOf(row) };
  }

  /** The zone of the feed of row `row`, when it declares one. */
  timezoneOf(row: number): string | null {
    return this.feeds[this.feed.get(row)]!.timezone;
  }

  fileOf(row: number): string {
    return this.feeds[this.feed.get(row)]!.file;
  }

  lineOf(row: number): number {
    return this.line.get(row);
  }

  /**
   * Whether the row repeats an earlier row's (sku, channel, location): it is then one of its
   * sources. Never so for the rows of a sku with rows that hold for a while only, which repeat
   * another at some instants only (see {@link inForce}).
   */
  isDuplicate(row: number): boolean {
    return this.anyRepeated && this.duplicate.get(row) !== 0;
  }

  /** Orders rows by sku and marks duplicates; evaluation calls it once loading is done. */
  index(): void {
    if (this.indexed) return;
    this.indexed = true;
    const skuCount = this.skus.size;
    const start = new Int32Array(skuCount + 1);
    for (let row = 0; row < this.size; row++) start[this.sku.get(row) + 1]!++;
    for (let s = 1; s <= skuCount; s++) start[s]! += start[s - 1]!;
    this.start = start;
    const runs = this.runStarts.length;
    this.runOf = new Int32Array(0);
    if (runs > 1 && runs <= MAX_RUNS && 2 * runs * skuCount <= this.size) {
      // A few runs, each sku's rows together in each: where they start and how many, per run.
      this.runFirst = [];
      this.runCount = [];
      for (let r = 0; r < runs; r++) {
        const first = new Int32Array(skuCount).fill(-1);
        const count = new Int32Array(skuCount);
        const end = r + 1 < runs ? this.runStarts[r + 1]! : this.size;
        for (let row = this.runStarts[r]!; row < end; row++) {
          const sku = this.sku.get(row);
          if (first[sku] === -1) first[sku] = row;
          count[sku]!++;
        }
        this.runFirst.push(first);
        this.runCount.push(count);
      }
    } else if (runs > 1) {
      // A counting sort: 4 bytes a row, for rows spread out over many runs.
      const order = new Int32Array(this.size);
      const next = start.slice(0, skuCount);
      for (let row = 0; row < this.size; row++) order[next[this.sku.get(row)]!++] = row;
      this.order = order;
    }
    if (this.scheduled) this.markScheduledDuplicates();
    else this.markDuplicates();
  }

  /** Whether any row holds for a while only (valid_from or valid_to). */
  get hasSchedules(): boolean {
    return this.scheduled;
  }

  /**
   * The rows of sku id `sku` in force at `at`, one per offer, in `out`, when the sku has rows
   * that hold for a while only; false when it has none (every row holds: read them with
   * {@link rowsOf}). Where several rows of an offer hold at `at`, the one given stands for them:
   * {@link read} gives it, until the next call for the sku, the others as its duplicates.
   */
  inForce(sku: number, at: Instant, out: number[]): boolean {
    this.index();
    const offers = this.schedules?.get(sku);
    if (offers === undefined) return false;
    out.length = 0;
    for (const { from, rows, overlaps } of offers) {
      // The last stretch starting at or before `at`.
      let lo = 0;
      let hi = from.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (from[mid]! <= at) lo = mid + 1;
        else hi = mid;
      }
      const row = lo === 0 ? -1 : rows[lo - 1]!;
      if (row < 0) continue;
      out.push(row);
      if (overlaps !== null) this.standFor(row, overlaps[lo - 1]!);
    }
    return true;
  }

  /** Makes row `row` stand for the rows of `overlap`, for {@link read} (null: for itself alone). */
  private standFor(row: number, overlap: Overlap | null): void {
    if (overlap === null) {
      this.duplicates.delete(row);
      this.conflicts.delete(row);
      return;
    }
    this.duplicates.set(row, overlap.sources);
    if (overlap.conflicts === null) this.conflicts.delete(row);
    else this.conflicts.set(row, overlap.conflicts);
  }

  /** When row `row` starts and stops holding (null: unbounded). */
  validityOf(row: number): { from: Instant | null; to: Instant | null } {
    return { from: this.validFrom.get(row), to: this.validTo.get(row) };
  }

  /** Marks row `row` a duplicate of the earlier row `earlier`, noting the fields on which they disagree. */
  private markDuplicate(row: number, earlier: number, a: OfferRecord, b: OfferRecord): void {
    this.duplicate.set(row, 1);
    this.repeated.set(earlier, 1);
    this.anyRepeated = true;
    let sources = this.duplicates.get(earlier);
    if (!sources) this.duplicates.set(earlier, (sources = []));
    sources.push(this.source(row));
    const fields = this.disagreements(earlier, row, a, b, this.conflicts.get(earlier) ?? null);
    if (fields !== null) this.conflicts.set(earlier, fields);
  }

  /**
   * `fields` (null: none yet) with the names of the fields on which rows `x` and `y` of one
   * offer disagree added, each once; a new list when there were none and they disagree.
   */
  private disagreements(x: number, y: number, a: OfferRecord, b: OfferRecord, fields: string[] | null): string[] | null {
    this.read(x, a);
    this.read(y, b);
    for (const [field, name] of COMPARED_FIELDS) {
      if (
        field === "saleStart" || field === "saleEnd"
          ? this.sameSaleInstant(a, b, field === "saleStart" ? "start" : "end")
          : a[field] === b[field]
      )
        continue;
      fields ??= [];
      if (!fields.includes(name)) fields.push(name);
    }
    return fields;
  }

  /**
   * Whether two rows of one offer give the same sale start (or end): the same instant in each
   * row's zone (its feed's, else its location's, else the config's), however written
   * (`2026-11-20T00:00:00Z` and `…+00:00`); the same text read in two feeds' zones is two instants.
   */
  private sameSaleInstant(a: OfferRecord, b: OfferRecord, role: "start" | "end"): boolean {
    const x = role === "start" ? a.saleStart : a.saleEnd;
    const y = role === "start" ? b.saleStart : b.saleEnd;
    const zones = this.saleZones;
    if (zones === null || x === null || y === null) return x === y;
    const zoneA = a.timezone ?? zones.ofLocation(a.location) ?? zones.fallback;
    const zoneB = b.timezone ?? zones.ofLocation(b.location) ?? zones.fallback;
    if (x === y && zoneA === zoneB) return true;
    const p = zones.instants.resolve(x, zoneA, role);
    const q = zones.instants.resolve(y, zoneB, role);
    return p.ok && q.ok && p.instant === q.instant;
  }

  /**
   * markDuplicates where rows may hold for a while only: a sku with none is marked as there (each
   * row of an offer after its first repeats it); each offer of a sku with some is cut into its
   * schedule (see {@link scheduleOf}).
   */
  private markScheduledDuplicates(): void {
    const a = new OfferRecord();
    const b = new OfferRecord();
    const cursor = new RowCursor();
    const schedules = new Map<number, Schedule[]>();
    const bySlot = new Map<number, number[]>();
    const holding: number[] = [];
    const width = this.locations.size;
    for (let s = 1; s < this.skus.size; s++) {
      bySlot.clear();
      let any = false;
      this.rowsOf(s, cursor);
      while (this.nextStretch(cursor))
        for (let i = cursor.from; i < cursor.to; i++) {
          const row = this.rowAt(i);
          any ||= this.validFrom.get(row) !== null || this.validTo.get(row) !== null;
          const slot = this.channel.get(row) * width + this.location.get(row);
          const rows = bySlot.get(slot);
          if (rows === undefined) bySlot.set(slot, [row]);
          else rows.push(row);
        }
      if (!any) {
        for (const rows of bySlot.values()) for (let i = 1; i < rows.length; i++) this.markDuplicate(rows[i]!, rows[0]!, a, b);
        continue;
      }
      schedules.set(
        s,
        Array.from(bySlot.values(), (rows) => this.scheduleOf(rows, holding, a, b)),
      );
    }
    this.schedules = schedules;
  }

  /**
   * The schedule of one offer, from its rows: sorted by when they start, then end, then file
   * order (so that which of two rows in force stands never depends on the order of the file),
   * then swept from each instant where one starts or stops holding to the next. `holding` is
   * scratch.
   */
  private scheduleOf(rows: number[], holding: number[], a: OfferRecord, b: OfferRecord): Schedule {
    const start = (row: number) => this.validFrom.get(row) ?? Number.NEGATIVE_INFINITY;
    const end = (row: number) => this.validTo.get(row) ?? Number.POSITIVE_INFINITY;
    if (rows.length > 1) rows.sort((x, y) => compareInstants(start(x), start(y)) || compareInstants(end(x), end(y)) || x - y);
    const from: number[] = [];
    const heads: number[] = [];
    let overlaps: (Overlap | null)[] | null = null;
    holding.length = 0;
    let next = 0;
    let at = start(rows[0]!);
    for (;;) {
      // Those that stop at `at` leave, those that start then join: `holding` stays in the rows' order.
      let kept = 0;
      for (const row of holding) if (end(row) > at) holding[kept++] = row;
      holding.length = kept;
      while (next < rows.length && start(rows[next]!) === at) holding.push(rows[next++]!);
      from.push(at);
      heads.push(holding.length === 0 ? -1 : holding[0]!);
      if (holding.length > 1) (overlaps ??= new Array<Overlap | null>(from.length - 1).fill(null)).push(this.overlapOf(holding, a, b));
      else overlaps?.push(null);
      let until = next < rows.length ? start(rows[next]!) : Number.POSITIVE_INFINITY;
      for (const row of holding) until = Math.min(until, end(row));
      if (until === Number.POSITIVE_INFINITY) break;
      at = until;
    }
    return { from: Float64Array.from(from), rows: Int32Array.from(heads), overlaps };
  }

  /** Rows of one offer in force at once (in their order): the first stands, the others are its sources, compared with it. */
  private overlapOf(holding: readonly number[], a: OfferRecord, b: OfferRecord): Overlap {
    const head = holding[0]!;
    const sources: Source[] = [];
    let conflicts: string[] | null = null;
    for (let i = 1; i < holding.length; i++) {
      sources.push(this.source(holding[i]!));
      // Compared with the first only: two others that disagree cannot both agree with it.
      conflicts = this.disagreements(head, holding[i]!, a, b, conflicts);
    }
    this.repeated.set(head, 1);
    this.anyRepeated = true;
    return { sources, conflicts };
  }

  /** Sku ids in the order findings sort skus (compareFindings), worked out once. */
  skusInOrder(): Int32Array {
    this.index();
    return (this.sortedSkus ??= this.skus.sortedIds());
  }

  /** How many rows sku id `sku` has. */
  rowCount(sku: number): number {
    this.index();
    return this.start![sku + 1]! - this.start![sku]!;
  }

  /**
   * Points `cursor` at the rows of sku id `sku`: each {@link nextStretch} then gives the next
   * stretch of them, positions cursor.from … cursor.to, in file order ({@link rowAt} turns a
   * position into a row).
   */
  rowsOf(sku: number, cursor: RowCursor): RowCursor {
    this.index();
    cursor.sku = sku;
    cursor.run = -1;
    cursor.from = cursor.to = 0;
    return cursor;
  }

  /** Moves `cursor` to the next stretch of its sku's rows; false when there is none left. */
  nextStretch(cursor: RowCursor): boolean {
    const runs = this.runFirst;
    if (runs === null) {
      // One stretch: the sku's positions in start[].
      if (++cursor.run > 0) return false;
      cursor.from = this.start![cursor.sku]!;
      cursor.to = this.start![cursor.sku + 1]!;
      return cursor.to > cursor.from;
    }
    while (++cursor.run < runs.length) {
      const first = runs[cursor.run]![cursor.sku]!;
      if (first < 0) continue;
      cursor.from = first;
      cursor.to = first + this.runCount![cursor.run]![cursor.sku]!;
      return true;
    }
    return false;
  }

  rowAt(position: number): number {
    return this.order === null ? position : this.order[position]!;
  }

  private markDuplicates(): void {
    // (channel, location) as one slot of a table as wide as the locations, channels numbered
    // densely; a slot's entry counts for the sku whose stamp it bears.
    const width = this.locations.size;
    const channelSlot = new Int32Array(this.texts.size).fill(-1);
    let channels = 0;
    let first: Int32Array = new Int32Array(width);
    let stamp: Int32Array = new Int32Array(width);
    const a = new OfferRecord();
    const b = new OfferRecord();
    const cursor = new RowCursor();
    for (let s = 1; s < this.skus.size; s++) {
      if (this.rowCount(s) < 2) continue;
      this.rowsOf(s, cursor);
      while (this.nextStretch(cursor))
        for (let i = cursor.from; i < cursor.to; i++) {
          const row = this.rowAt(i);
          const channel = this.channel.get(row);
          if (channelSlot[channel]! < 0) {
            channelSlot[channel] = channels++;
            if (channels * width > first.length) {
              first = doubled(first);
              stamp = doubled(stamp);
            }
          }
          const slot = channelSlot[channel]! * width + this.location.get(row);
          if (stamp[slot] !== s) {
            stamp[slot] = s;
            first[slot] = row;
            continue;
          }
          this.markDuplicate(row, first[slot]!, a, b);
        }
    }
  }
}

/**
 * One offer over time, as the stretches in which the same of its rows hold, in order: each from
 * `from[k]` (-Infinity: a row without valid_from) until the next one's start, in which `rows[k]`
 * stands (-1: none holds; nor does any before the first); and, where some stretch has several
 * rows in force, `overlaps[k]`: what they make of the one that stands then (null: it holds alone).
 */
interface Schedule {
  readonly from: Float64Array;
  readonly rows: Int32Array;
  readonly overlaps: readonly (Overlap | null)[] | null;
}

/** Rows of one offer in force at once, as the first of them gives them: its sources, and the fields they dispute (null: none). */
interface Overlap {
  readonly sources: Source[];
  readonly conflicts: string[] | null;
}

/** In {@link OfferStore.defaultRows}: a sku whose rows hold at different times, none of them its price. */
export const SCHEDULED_ROWS = -2;
/** In {@link OfferStore.defaultRows}: a sku whose rows disagree on the price, none of them its price. */
export const DISPUTED_ROWS = -3;

/** See {@link OfferStore.defaultRows}. */
export interface InheritedRows {
  readonly rows: Map<number, number>;
  readonly saleDisputed: ReadonlySet<number>;
}

/** An offer's strings as ids in the store's tables (see {@link OfferStore.addIds}); 0 stands for none. */
export class OfferIds {
  sku = 0;
  channel = 0;
  location = 0;
  currency = 0;
  saleStart = 0;
  saleEnd = 0;
  availability = 0;
  pickupMethod = 0;
  pickupSla = 0;
}

/** The rest of an offer as the store takes it. */
export type OfferAmounts = Pick<
  OfferFields,
  | AmountField
  | "priceDecimals"
  | "salePriceDecimals"
  | "memberPriceDecimals"
  | "unitPriceDecimals"
  | "taxIncluded"
  | "validFrom"
  | "validTo"
>;

/** Runs counted at most (one file per channel makes a handful); beyond, rows are counting-sorted. */
const MAX_RUNS = 64;

/** Where reading one sku's rows has got (see OfferStore.rowsOf): reused, so reading allocates nothing. */
export class RowCursor {
  sku = 0;
  /** The current stretch of positions. */
  from = 0;
  to = 0;
  /** The run whose stretch it is (-1: before the first). */
  run = 0;
}

/** Instants in order, the unbounded ends (±Infinity) included: a subtraction of two would be NaN. */
function compareInstants(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
