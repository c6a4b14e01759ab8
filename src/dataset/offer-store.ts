import { OFFER_PRICE_FIELDS, OfferRecord, type OfferFields, type OptionalAmount } from "../model/offer.js";
import type { Source } from "../model/source.js";
import { detach } from "../text/string-pool.js";
import type { Instant, InstantCache } from "../time/instant.js";
import { AmountColumn, doubled, LastId, NullableNumberColumn, OffsetColumn, StringTable, UintColumn } from "./columns.js";

type AmountField = "price" | "salePrice" | OptionalAmount;
const PRICE_FIELDS = Object.entries(OFFER_PRICE_FIELDS) as [keyof typeof OFFER_PRICE_FIELDS, string][];

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
 * the first: they are sources of it, and where they disagree on a price field it is conflicting.
 *
 * A row may hold for a while only (valid_from, valid_to: a scheduled regular price, or a price
 * history row standing for the price in force). Rows of one offer whose validity does not
 * overlap are each the offer in its own time; a row whose validity overlaps an earlier one's is
 * its duplicate, and conflicting if the two differ on a price field or on their validity. At
 * an instant, {@link inForce} gives the rows that hold then, each offer's found by a binary search.
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
  /** Whether any row has a sale window, a tax flag or an amount beyond price and sale price: else read() skips their columns. */
  private extras = false;
  /** Whether any row holds for a while only (valid_from or valid_to): then {@link inForce} picks a sku's rows. */
  private scheduled = false;
  /**
   * With scheduled rows, built by index(): for each sku id with any, its offers (channel and
   * location) in order of their first row, each as its rows (duplicates left out) sorted by
   * valid_from, those starts (-Infinity: none), and its duplicates (see {@link Schedule}).
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
      if (amounts.memberPrice !== null) columns.memberPrice.set(row, amounts.memberPrice);
      if (amounts.referencePrice !== null) columns.referencePrice.set(row, amounts.referencePrice);
      if (amounts.lowestPrice30d !== null) columns.lowestPrice30d.set(row, amounts.lowestPrice30d);
      if (amounts.unitPrice !== null) columns.unitPrice.set(row, amounts.unitPrice);
      if (amounts.validFrom !== null || amounts.validTo !== null) {
        this.scheduled = true;
        this.validFrom.set(row, amounts.validFrom);
        this.validTo.set(row, amounts.validTo);
      }
    }
    return row;
  }

  /** Notes that row `row` took its amounts from row `from` (a feed's inheritFrom): `from` is a source of its offer. */
  inherit(row: number, from: number): void {
    this.inheritedFrom.set(row, from);
  }

  /**
   * The first row of each sku in `channel` without a location, by sku id: the rows a feed's
   * inheritFrom takes amounts from; {@link SCHEDULED_ROWS} for a sku with several such rows of
   * which one holds for a while only (valid_from, valid_to), where no one row is the sku's
   * price. One pass over the rows so far.
   */
  defaultRows(channel: string): Map<number, number> {
    const rows = new Map<number, number>();
    const id = this.texts.find(channel);
    if (id === 0) return rows;
    const timed = (row: number) => this.scheduled && (this.validFrom.get(row) !== null || this.validTo.get(row) !== null);
    for (let row = 0; row < this.size; row++) {
      if (this.channel.get(row) !== id || this.location.get(row) !== 0) continue;
      const sku = this.sku.get(row);
      const first = rows.get(sku);
      if (first === undefined) rows.set(sku, row);
      else if (first !== SCHEDULED_ROWS && (timed(first) || timed(row))) rows.set(sku, SCHEDULED_ROWS);
    }
    return rows;
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

  /** Reads row `row` into `into` (reused: evaluation resolves offers without allocating). */
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
      into.referencePrice = this.amounts.referencePrice.get(row);
      into.lowestPrice30d = this.amounts.lowestPrice30d.get(row);
      into.unitPrice = this.amounts.unitPrice.get(row);
      into.taxIncluded = this.taxExcluded.get(row) === 0;
      into.validFrom = this.validFrom.get(row);
      into.validTo = this.validTo.get(row);
    } else {
      into.validFrom = into.validTo = null;
      into.saleStart = into.saleEnd = null;
      into.availability = into.pickupMethod = into.pickupSla = null;
      into.memberPrice = into.referencePrice = into.lowestPrice30d = into.unitPrice = null;
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

  /** Whether the row repeats an earlier row's (sku, channel, location): it is then one of its sources. */
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
   * The rows of sku id `sku` in force at `at` (duplicates left out), in `out`, when the sku has
   * rows that hold for a while only; false when it has none (every row holds: read them with
   * {@link rowsOf}).
   */
  inForce(sku: number, at: Instant, out: number[]): boolean {
    this.index();
    const offers = this.schedules?.get(sku);
    if (offers === undefined) return false;
    out.length = 0;
    for (const { rows, from, shadowed } of offers) {
      // The last row starting at or before `at`: the rows of one offer do not overlap.
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (from[mid]! <= at) lo = mid + 1;
        else hi = mid;
      }
      const row = lo === 0 ? -1 : rows[lo - 1]!;
      const to = row < 0 ? null : this.validTo.get(row);
      if (row >= 0 && (to === null || at < to)) out.push(row);
      else if (shadowed.length > 0) {
        // None of the offer's own rows holds: a row that overlapped one of them may hold alone now,
        // the earliest (shadowed rows are in order of start, then end), which carries any
        // disagreement with those after it that hold as well.
        const alone = shadowed.find((other) => this.holdsAt(other, at));
        if (alone !== undefined) out.push(alone);
      }
    }
    return true;
  }

  private holdsAt(row: number, at: Instant): boolean {
    const from = this.validFrom.get(row);
    const to = this.validTo.get(row);
    return (from === null || from <= at) && (to === null || at < to);
  }

  /** When row `row` starts and stops holding (null: unbounded). */
  validityOf(row: number): { from: Instant | null; to: Instant | null } {
    return { from: this.validFrom.get(row), to: this.validTo.get(row) };
  }

  /** Marks row `row` a duplicate of the earlier row `earlier`, noting the price fields on which they disagree. */
  private markDuplicate(row: number, earlier: number, a: OfferRecord, b: OfferRecord): void {
    this.duplicate.set(row, 1);
    this.repeated.set(earlier, 1);
    this.anyRepeated = true;
    let sources = this.duplicates.get(earlier);
    if (!sources) this.duplicates.set(earlier, (sources = []));
    sources.push(this.source(row));
    this.read(earlier, a);
    this.read(row, b);
    for (const [field, name] of PRICE_FIELDS) {
      if (
        field === "saleStart" || field === "saleEnd"
          ? this.sameSaleEnd(a, b, field === "saleStart" ? "start" : "end")
          : a[field] === b[field]
      )
        continue;
      let fields = this.conflicts.get(earlier);
      if (!fields) this.conflicts.set(earlier, (fields = []));
      if (!fields.includes(name)) fields.push(name);
    }
  }

  /**
   * Whether two rows of one offer give the same sale start (or end): the same instant in each
   * row's zone (its feed's, else its location's, else the config's), however written
   * (`2026-11-20T00:00:00Z` and `…+00:00`); the same text read in two feeds' zones is two instants.
   */
  private sameSaleEnd(a: OfferRecord, b: OfferRecord, role: "start" | "end"): boolean {
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
   * markDuplicates where rows may hold for a while only: a row duplicates the first (in file
   * order) of the kept rows of its offer whose validity overlaps its own. Builds each sku's
   * schedule as it goes; rows given in order of time are placed without a search.
   */
  private markScheduledDuplicates(): void {
    const a = new OfferRecord();
    const b = new OfferRecord();
    const cursor = new RowCursor();
    const schedules = new Map<number, Schedule[]>();
    const kept = new Map<number, number[]>();
    const shadows = new Map<number, number[]>();
    const start = (row: number) => this.validFrom.get(row) ?? Number.NEGATIVE_INFINITY;
    const end = (row: number) => this.validTo.get(row) ?? Number.POSITIVE_INFINITY;
    const width = this.locations.size;
    for (let s = 1; s < this.skus.size; s++) {
      kept.clear();
      shadows.clear();
      let any = false;
      // Each offer's rows by when they start, then end, then file order: which row is the earlier
      // of two that overlap depends on their validity, never on the order of the file.
      const bySlot = new Map<number, number[]>();
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
      for (const [slot, rows] of bySlot) {
        if (rows.length > 1) rows.sort((x, y) => compareInstants(start(x), start(y)) || compareInstants(end(x), end(y)) || x - y);
        // Kept rows do not overlap and come in order of start: a row can overlap only the last kept.
        // A row it overlaps is a duplicate, and so is every earlier such row it overlaps too: two
        // that may stand alone at once are compared with each other as well.
        const own: number[] = [];
        const shadowed: number[] = [];
        for (const row of rows) {
          const last = own.length === 0 ? -1 : own[own.length - 1]!;
          if (last >= 0 && start(row) < end(last)) {
            this.markDuplicate(row, last, a, b);
            for (const other of shadowed) if (start(row) < end(other)) this.markDuplicate(row, other, a, b);
            shadowed.push(row);
          } else own.push(row);
        }
        kept.set(slot, own);
        if (shadowed.length > 0) shadows.set(slot, shadowed);
      }
      if (!any) continue;
      const offers = [...kept].map(([slot, rows]) => ({
        rows: Int32Array.from(rows),
        from: Float64Array.from(rows, start),
        shadowed: shadows.get(slot) ?? NO_ROWS,
      }));
      schedules.set(s, offers);
    }
    this.schedules = schedules;
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
 * One offer's rows over time: its own rows, which do not overlap, by start; and the rows that
 * overlapped one of them (its duplicates), each the offer where it holds and none of those does.
 */
interface Schedule {
  readonly rows: Int32Array;
  readonly from: Float64Array;
  readonly shadowed: readonly number[];
}

const NO_ROWS: readonly number[] = [];

/** In {@link OfferStore.defaultRows}: a sku whose rows hold at different times, none of them its price. */
export const SCHEDULED_ROWS = -2;

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
export type OfferAmounts = Pick<OfferFields, AmountField | "taxIncluded" | "validFrom" | "validTo">;

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
