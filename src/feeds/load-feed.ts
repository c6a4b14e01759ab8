import type { Cell, RawRecord, RecordBatch, RowSink } from "../io/record.js";
import type { Dataset } from "../dataset/dataset.js";
import { parseInstant, type InstantCache } from "../time/instant.js";
import { DISPUTED_ROWS, SCHEDULED_ROWS, type InheritedRows } from "../dataset/offer-store.js";
import type { FeedRows } from "../model/report.js";
import { sameUnit } from "../model/unit-measure.js";
import { blankOfferFields, OfferRecord, type OfferFields } from "../model/offer.js";
import { FEED_FIELDS, type FeedKind } from "../model/fields.js";
import { LOCATION_FIELDS, type Location } from "../model/location.js";
import type { PricePoint } from "../model/price-point.js";
import type { ShardOwner } from "../dataset/shard.js";
import { pricedOffers } from "./history-offers.js";
import type { Product } from "../model/product.js";
import type { Promotion } from "../model/promotion.js";
import type { StockLevel } from "../model/stock.js";
import type { Dispute, GivenRows } from "../dataset/disputed-fields.js";
import { STOCK_FIELDS, StockRows, type UpdateInstant, type UpdateTime } from "../dataset/stock-rows.js";
import { withoutTrailingZeros } from "../io/number-text.js";
import { isLocated } from "../config/channels.js";
import type { OfferSpec } from "../profiles/profile.js";
import { bySource, type Source } from "../model/source.js";
import {
  buildLocation,
  buildOffer,
  buildPricePoint,
  buildProduct,
  buildPromotion,
  buildStockLevel,
  type BuildProblem,
  type OfferContext,
  type PromotionContext,
} from "./entities.js";
import { PriceLineReader } from "./price-line.js";
import { RowReader, type RowReaderOptions } from "./row-reader.js";
import { unmappedColumns, type UnmappedColumn } from "./unmapped-columns.js";
import type { RowError } from "../model/row-error.js";
import { nfc } from "../text/keys.js";
import { formatAmount } from "../money/amount.js";

/** A row that could not be used, and why: it becomes a `feed/invalid-row` finding. */
export interface RejectedRow {
  readonly source: Source;
  /** The record's position in its feed (1-based): tells apart records that share a line, as JSON array elements can. */
  readonly record: number;
  readonly sku: string | null;
  readonly error: RowError;
  /**
   * A row without a price whose sku has no row of this channel without a location to take it
   * from (inheritFrom, see noRowToInherit): its reason may then name a price history that gives
   * that price (see loadDataset). Undefined for any other rejection.
   */
  readonly uninherited?: string;
}

export interface LoadedFeed {
  readonly rows: FeedRows;
  readonly rejected: readonly RejectedRow[];
  /**
   * With shards by key range: the first row whose sku comes before the one read just before it
   * (reading stopped there, and the rest of the result is of no use), else null.
   */
  readonly unsorted: { readonly line: number; readonly sku: string; readonly after: string } | null;
  /** Columns left unread whose names stand for a field (see {@link unmappedColumns}), each with the line that names it. */
  readonly unmapped: readonly (UnmappedColumn & { readonly line: number })[];
}

/**
 * Runs one feed through map → validate → normalise → index: every record read is either added
 * to the dataset or rejected with its reason, so read = accepted + rejected.
 */
export async function loadFeed(
  /** Opens the feed's records; given a sink, a delimited feed hands it its rows as they are split. */
  batches: (sink: RowSink | undefined) => AsyncIterable<RecordBatch>,
  /** The views each record goes through (one for a feed of one kind), the file and number format being the same in all. */
  viewOptions: readonly ViewOptions[],
  dataset: Dataset,
  offers: OfferContext & PromotionContext,
  onRows?: (rowsRead: number) => void,
  /** With shards: whether this run owns a sku's rows; null: all of them. */
  owns: ShardOwner | null = null,
  /** Read plain price lines in place (the default); false reads every row as a record. */
  inPlace = true,
  /**
   * With shards by key range: the rows must come in sku order (else reading stops, and the
   * result says where: see {@link LoadedFeed.unsorted}), and reading stops at the first sku at or
   * above `below` (null: reads to the end). `part`: the rows are this shard's part of the file
   * alone (see dataset/shard.ts ThreadShard.starts), so each must be in its range, from `from`
   * (inclusive) to `below`; one that is not stops the reading as a row out of order does.
   */
  ordered: { readonly from: string | null; readonly below: string | null; readonly part: boolean } | null = null,
  /** A file of a feed partitioned upstream: why a row's sku is not of the file's bucket, null when it is (or has no sku). */
  misplaced: ((sku: string | null) => string | null) | null = null,
): Promise<LoadedFeed> {
  const views = viewOptions.map((options) => viewState(options, dataset, offers));
  const options = viewOptions[0]!;
  const single = views.length === 1 ? views[0]! : null;
  const reader = views[0]!.reader;
  const rejected: RejectedRow[] = [];
  const file = options.file;
  let read = 0;
  let seen = 0;
  const kinds = viewOptions.map((v) => v.kind);
  // With shards, a row is counted (and reported if rejected) by the shard that owns its sku;
  // stores, promotions and the catalogue are loaded by every shard, the rest only by the owner.
  const byAll = (kind: string) => kind === "stores" || kind === "promotions" || kind === "catalogue";
  const loadedByAll = kinds.every(byAll);
  /** A file with a view every shard loads is read to its end, whatever its sku range. */
  const readWhole = kinds.some(byAll);
  const skuView = views.find((v) => v.kind !== "stores" && v.kind !== "promotions") ?? null;
  const catalogueView = views.find((v) => v.kind === "catalogue") ?? null;
  const skuOf = (record: RawRecord): string | null => {
    if (skuView === null) return null;
    const cell = skuView.reader.rawCell(record, "sku");
    return typeof cell === "string" && cell.trim() !== "" ? cell.trim() : null;
  };
  // With shards, a row's owner is decided from the key its sku is stored under, never the cell as written.
  const skuIndex = skuView === null ? -1 : fieldIndex(skuView.kind, "sku");
  const keyOfSku = (cell: Cell): string | null => (skuView === null ? null : storedKey(skuView.reader, skuIndex, cell));
  const keyOf = (record: RawRecord): string | null => (skuView === null ? null : keyOfSku(skuView.reader.rawCell(record, "sku")));
  /** The line of the first record with each column, for formats without a header. */
  const firstLines: number[] = [];
  const storesView = views.find((v) => v.kind === "stores") ?? null;
  /** Notes the first rejected row of each key (as read) of a kind's `field`, where the record has one. */
  const noteRejected = (
    view: ViewState | null,
    kind: "stores" | "catalogue",
    field: string,
    record: RawRecord,
    rows: Map<string, Source>,
  ) => {
    if (view === null) return;
    const key = storedKey(view.reader, fieldIndex(kind, field), view.reader.rawCell(record, field));
    if (key !== null && !rows.has(key)) rows.set(key, { file, line: record.line });
  };
  /** The channel the row being built found no row to inherit from (see RejectedRow.uninherited), for reject. */
  let uninherited: string | null = null;
  const reject = (record: RawRecord, error: RowError) => {
    const row = { source: { file, line: record.line }, record: seen, sku: skuOf(record), error };
    rejected.push(uninherited === null ? row : { ...row, uninherited });
    uninherited = null;
    // A store whose row is rejected is not listed, and a sku whose catalogue row is, not in the
    // catalogue: where its id can be read, a row priced there (or of it) is told why.
    noteRejected(storesView, "stores", "location", record, dataset.rejectedStores);
    noteRejected(catalogueView, "catalogue", "sku", record, dataset.rejectedProducts);
    noteRejected(catalogueView, "catalogue", "category", record, dataset.rejectedCategories);
    noteRejected(catalogueView, "catalogue", "brand", record, dataset.rejectedBrands);
    // So is a row that would take its amounts from a channel's row without a location that was rejected (inheritFrom).
    for (const view of views) if (view.kind === "prices" && view.offers === null) noteRejectedDefault(view, record);
  };
  /** Notes a rejected price row without a location as its channel's row of its sku, where both can be read. */
  const noteRejectedDefault = (view: ViewState, record: RawRecord) => {
    const located = view.reader.rawCell(record, "location");
    if (located !== undefined && (typeof located !== "string" || located.trim() !== "")) return;
    const sku = storedKey(view.reader, SKU, view.reader.rawCell(record, "sku"));
    const cell = view.reader.rawCell(record, "channel");
    const channel = typeof cell === "string" ? view.reader.parseCell(CHANNEL, cell) : undefined;
    if (sku === null || typeof channel !== "string") return;
    const rows = dataset.rejectedDefaultRows;
    let bySku = rows.get(channel);
    if (bySku === undefined) rows.set(channel, (bySku = new Map()));
    if (!bySku.has(sku)) bySku.set(sku, { file, line: record.line });
  };
  const problem = (view: ViewState, record: RawRecord, p: BuildProblem): RowError =>
    p.field === undefined
      ? { code: p.code, field: null, column: null, columnName: null, value: null, reason: p.reason }
      : view.reader.fieldProblem(record, p.field, p);
  /**
   * The instant of a stock row's `updated_at` in its zone (the feed's, else its store's, else the
   * config's), null without one; digits below the millisecond (a database's microseconds) order
   * two updates of one millisecond as a fraction of it.
   */
  const updated: UpdateInstant = (level) => updateTime(level.updatedAt, level.location) ?? null;
  /** The time of `updated_at` text at a location, null without one, undefined when it does not read. */
  const updateTime = (updatedAt: string | null, location: string): UpdateTime | null | undefined => {
    if (updatedAt === null) return null;
    const r = offers.instants.resolve(updatedAt, offers.zoneOf(location), "start");
    if (!r.ok) return undefined;
    if (!r.belowMillisecond) return { ms: r.instant, below: "" };
    // The instant is the millisecond after those digits: the one they are a fraction of, and the digits.
    const fraction = /[.,](\d+)/.exec(updatedAt)![1]!;
    return { ms: r.instant - 1, below: withoutTrailingZeros(`0.${fraction.slice(3)}`) };
  };
  /**
   * A stock row rejected for its units or availability (`5 pcs`, none) is an update all the
   * same: where its sku, location and `updated_at` read, the stock there is unknown from then
   * until the next update (see {@link Dataset.addUnreadableStock}), not the update before.
   */
  const unreadableUpdate = (view: ViewState, record: RawRecord, error: RowError): void => {
    if (view.kind !== "inventory" || error.code === "duplicate_key" || (error.field !== "available" && error.field !== "availability"))
      return;
    const read = (field: string) => {
      const cell = view.reader.rawCell(record, field);
      return cell === undefined ? null : typeof cell === "string" ? view.reader.parseCell(fieldIndex("inventory", field), cell) : undefined;
    };
    const sku = read("sku");
    const location = read("location");
    const text = read("updated_at");
    if (typeof sku !== "string" || typeof location !== "string" || (text !== null && typeof text !== "string")) return;
    const at = updateTime(text, location);
    if (at !== undefined) dataset.addUnreadableStock(sku, location, at);
  };
  /** Whether a price row gives the offer a history row is of: worked out at the first ask, the price feeds being read before. */
  let pricedOffer: ((point: PricePoint) => boolean) | null = null;
  const priced = (point: PricePoint): boolean => (pricedOffer ??= pricedOffers(dataset.offers))(point);
  // In sku order: the last sku seen, whether reading is past this shard's range, and the first row out of order.
  let lastKey = "";
  let past = false;
  let unsorted: LoadedFeed["unsorted"] = null;
  /** With key ranges (`ordered`), notes the sku of the row at `line`, or that it comes out of order. */
  const inOrder = (sku: string | null, line: number): void => {
    // Past the range, the rest of the rows are other shards' to check (the last reads them all, but for a file read in parts).
    if (ordered === null || past || unsorted !== null || sku === null) return;
    if (sku < lastKey) {
      unsorted = { line, sku, after: lastKey };
      return;
    }
    const { from, below, part } = ordered;
    if (part && ((from !== null && sku < from) || (below !== null && sku >= below))) {
      // Rows of another shard's range in this one's part: the file is not sorted as it was sampled.
      unsorted = { line, sku, after: from !== null && sku < from ? from : lastKey };
      return;
    }
    lastKey = sku;
    if (below !== null && sku >= below) past = true;
  };
  const source = (record: RawRecord): Source => ({ file, line: record.line });
  /**
   * A stores or inventory feed's rows of an entry given more than once are judged once the file
   * is read, from the set of rows, never their order: the stores and stocks given again by this
   * file's rows, each row's record (of those this run counts), and whether the record being read is counted.
   */
  const disputable = new Set<GivenRows<Location, keyof Location & string> | StockRows>();
  const given = new Map<Location | StockLevel, number>();
  let counting = true;
  /**
   * Builds a view's entity from its reader's values into `view.pending`, checking that it can be
   * added (a key given before is a duplicate); returns the rejection, or null.
   */
  const build = (view: ViewState, record: RawRecord): RowError | null => {
    const v = view.reader.values;
    switch (view.kind) {
      case "prices": {
        let from = -1;
        let whole = false;
        // Google's semantics: a local row without a price takes the primary feed's; without a
        // sale price either, it takes the primary's sale and window as well.
        if (view.inheritFrom !== null && v[PRICE] === null) {
          whole = v[SALE_PRICE] === null;
          view.inherited ??= dataset.offers.defaultRows(view.inheritFrom);
          const sku = v[SKU] as string;
          const skuId = dataset.offers.skus.find(sku);
          from = view.inherited.rows.get(skuId) ?? -1;
          if (from === DISPUTED_ROWS || (whole && view.inherited.saleDisputed.has(skuId))) {
            const what = from === DISPUTED_ROWS ? "price" : "sale";
            const reason = `no ${whole ? "price or sale_price" : "price"}, and sku ${sku} has ${view.inheritFrom} rows (without a location) that disagree on the ${what} (price/conflicting-duplicate): which one to take is not known; give this row its own`;
            return problem(view, record, { code: "no_inherited_price", reason, field: "price" });
          }
          if (from === SCHEDULED_ROWS) {
            const reason = `no ${whole ? "price or sale_price" : "price"}, and sku ${sku} has ${view.inheritFrom} rows (without a location) in force at different times (valid_from, valid_to): no one of them is the price to take; give this row its own`;
            return problem(view, record, { code: "no_inherited_price", reason, field: "price" });
          }
          if (from < 0 && whole) {
            const row = dataset.rejectedDefaultRows.get(view.inheritFrom)?.get(sku);
            const reason =
              row === undefined
                ? noRowToInherit(sku, view.inheritFrom)
                : `no price or sale_price, and sku ${sku}'s ${view.inheritFrom} row (without a location) to take them from, ${row.file}:${row.line}, was rejected: fix that row, or give this row its own price`;
            if (row === undefined) uninherited = view.inheritFrom;
            return problem(view, record, { code: "no_inherited_price", reason, field: "price" });
          }
        }
        // A row with a sale price of its own and no row to take a price from stands as it is.
        if (from >= 0) {
          const earlier = dataset.offers.read(from, view.record);
          const named = v[CURRENCY] as string | null;
          if (named !== null && named !== earlier.currency) {
            const reason = `the ${view.inheritFrom} row it takes its amounts from (${earlier.file}:${earlier.line}) is in ${earlier.currency}, and this row's currency is ${named}: amounts are never converted`;
            return problem(view, record, { code: "currency_mismatch", reason, field: "currency" });
          }
          // An amount of its own written with a currency (`10.00 EUR`) where the taken price is in another.
          const written = named === null ? view.reader.moneyCurrencies?.find((c) => c !== earlier.currency) : undefined;
          if (written !== undefined) {
            const field = PRICE_FIELDS.find((_, i) => (view.reader.currencyFields & (1 << i)) !== 0) ?? "sale_price";
            const reason = `the ${view.inheritFrom} row it takes its price from (${earlier.file}:${earlier.line}) is in ${earlier.currency}, and this row's ${field} is written in ${written}: amounts are never converted`;
            return problem(view, record, { code: "currency_mismatch", reason, field });
          }
          v[PRICE] = earlier.price;
          if (whole) v[SALE_PRICE] = earlier.salePrice;
          // The row's own sale window, if it gives one (Google's local feed overrides the primary's);
          // else the other row's, each end an instant as that row's zone reads it, not this feed's.
          if (whole && v[SALE_START] === null && v[SALE_END] === null) {
            const zone = earlier.timezone ?? offers.defaultZone;
            v[SALE_START] = instantText(earlier.saleStart, zone, "start", offers.instants);
            v[SALE_END] = instantText(earlier.saleEnd, zone, "end", offers.instants);
          }
          v[CURRENCY] ??= earlier.currency;
        }
        // A view with offers gives the channels of those whose `when` the row meets (see commit): a
        // location is judged against them, where one of them may be a channel that is not located.
        const channels =
          view.offers === null
            ? null
            : view.unlocatedOffers && v[LOCATION] !== null
              ? view.offers.filter((o) => meets(o, v)).map((o) => o.channel)
              : NO_CHANNELS;
        const offer = buildOffer(
          v,
          view.reader.decimals,
          view.reader.groupedFields,
          view.reader.moneyCurrencies,
          offers,
          view.fields,
          channels,
        );
        if (offer !== view.fields) return problem(view, record, offer as BuildProblem);
        view.inheritedRow = from;
        return null;
      }
      case "catalogue": {
        const product = buildProduct(
          v,
          source(record),
          view.reader.moneyCurrencies,
          offers.defaultCurrency(null),
          view.reader.groupedFields,
          offers,
        );
        if (!("sku" in product)) return problem(view, record, product);
        const earlier = dataset.products?.get(product.sku);
        // A file that repeats its catalogue columns on every row (one view of several) gives an entry again, the same.
        if (earlier && sameEntry(earlier, product)) {
          view.pending = null;
          return null;
        }
        if (earlier)
          return problem(view, record, {
            code: "duplicate_key",
            reason: catalogueGivenAgain(earlier, product),
          });
        view.pending = product;
        return null;
      }
      case "stores": {
        const location = buildLocation(v, source(record));
        const earlier = dataset.locations.get(location.location);
        // A stores feed's rows of one store are judged once the file is read (see settleDisputes).
        view.pending = earlier === undefined || single !== null ? location : null;
        if (earlier === undefined || single !== null) return null;
        // A file read with several views that repeats its store's columns on every row gives the
        // store again, the same; a row that says otherwise makes the fields it differs on unknown
        // (whichever row comes first), and is rejected with the rest of its row.
        const dispute = dataset.disputeLocation(location);
        if (dispute === null) return null;
        const reason = `location ${location.location} ${disputeReason(dispute, location)}: which is right is unknown, so the store's ${fieldList(dispute.fields)} taken as not given`;
        return problem(view, record, { code: "duplicate_key", reason });
      }
      case "promotions": {
        const promotion = buildPromotion(
          v,
          source(record),
          offers,
          view.reader.moneyCurrencies,
          view.reader.currencyFields,
          view.reader.groupedFields,
          view.reader.decimals,
        );
        if (!("promoId" in promotion)) return problem(view, record, promotion);
        const earlier = dataset.promotionNamed(promotion.promoId);
        view.pending = earlier === undefined ? promotion : null;
        // A file that repeats its promotion's columns on every row (one view of several) gives it again, the same.
        if (earlier === undefined || sameEntry(earlier, promotion)) return null;
        return problem(view, record, { code: "duplicate_key", reason: promotionGivenAgain(earlier, promotion) });
      }
      case "price_history": {
        const point = buildPricePoint(
          v,
          view.reader.decimals,
          source(record),
          offers,
          view.reader.moneyCurrencies,
          view.reader.groupedFields,
        );
        if (!("sku" in point)) return problem(view, record, point);
        // A row with no currency follows the offer it is the history of; one that is the offer's
        // price in force (no price row gives the offer) has none to follow, and a price is in one.
        if (point.currency === null && view.priceInForce && offers.defaultCurrency(point.location) === null && !priced(point)) {
          const offer = `${point.sku}'s ${point.channel} offer${point.location === null ? "" : ` at ${point.location}`}`;
          const reason = `no currency: no price row gives ${offer}, so this row is its price in force ("priceInForce"), and a price is in a currency: add a currency column or constant, or set the config's currency ("priceInForce": "never" keeps the history for the Omnibus rules alone)`;
          return problem(view, record, { code: "required", reason, field: "currency" });
        }
        view.pending = point;
        return null;
      }
      case "inventory": {
        const level = buildStockLevel(v, source(record));
        if (!("sku" in level)) return problem(view, record, level);
        // An inventory feed's rows of one stock are judged once the file is read (see settleDisputes).
        const dispute = single !== null ? null : dataset.stockDispute(level, updated);
        if (dispute === null) {
          view.pending = level;
          return null;
        }
        // A file read with several views that repeats the stock on each channel's row gives it
        // again, the same, and one of another update gives the stock from its own instant; a row
        // standing with others (of the same update, or without updated_at) that says otherwise makes the fields it differs on unknown (whichever row comes
        // first), and is rejected with the rest of its row.
        dataset.addStock(level, updated);
        const stock = dispute.fields.includes("available") ? "stock" : "availability";
        const when = updateReason(dispute.with.updatedAt, level.updatedAt);
        const reason = `stock of ${level.sku} at ${level.location} ${disputeReason(dispute, level)}, ${when}: which is right is unknown, so the ${stock} there is taken as not given`;
        return problem(view, record, { code: "duplicate_key", reason });
      }
    }
  };
  /** Adds what `build` made of a view's values to the dataset. */
  const commit = (view: ViewState, record: RawRecord): void => {
    switch (view.kind) {
      case "prices": {
        const fields = view.fields;
        if (view.offers === null) {
          const row = dataset.offers.add(fields, view.feedId, record.line);
          if (view.inheritedRow >= 0) dataset.offers.inherit(row, view.inheritedRow);
          break;
        }
        const values = view.reader.values;
        for (const offer of view.offers) {
          if (!meets(offer, values)) continue;
          fields.channel = offer.channel;
          const row = dataset.offers.add(fields, view.feedId, record.line);
          if (view.inheritedRow >= 0) dataset.offers.inherit(row, view.inheritedRow);
        }
        break;
      }
      case "catalogue":
        if (view.pending !== null) dataset.addProduct(view.pending as Product);
        break;
      case "stores": {
        const location = view.pending as Location | null;
        if (location === null) break;
        if (single !== null && counting) given.set(location, seen);
        if (dataset.addLocation(location) !== null && single !== null) disputable.add(dataset.giveLocationAgain(location, true));
        break;
      }
      case "promotions":
        if (view.pending !== null) dataset.addPromotion(view.pending as Promotion);
        break;
      case "price_history":
        dataset.addPricePoint(view.pending as PricePoint);
        break;
      case "inventory": {
        const level = view.pending as StockLevel;
        const rows = dataset.addStock(level, updated, single !== null);
        if (single === null) break;
        // Every row counted: an inventory feed's rows are loaded by the shard that owns their sku alone.
        given.set(level, seen);
        if (rows !== null) disputable.add(rows);
        break;
      }
    }
    view.pending = null;
  };
  /** One record through validate → normalise → index in every view, or rejected (once, with the first reason). */
  const handle = (record: RawRecord, columns: readonly string[]): void => {
    if (unsorted !== null) return;
    seen++;
    // Columns are numbered in order of first appearance: those past the widest record so far are this record's.
    while (firstLines.length < record.cells.length) firstLines.push(record.line);
    const key = ordered !== null || misplaced !== null || (owns !== null && catalogueView === null) ? keyOf(record) : null;
    if (ordered !== null) {
      inOrder(key, record.line);
      if (unsorted !== null) return;
    }
    // A catalogue row goes by its key as taken (its family, else its sku): a family may be another sku's name.
    const counted = owns === null || (catalogueView !== null ? owns.ofKey(catalogueKey(catalogueView.reader, record)) : owns(key));
    counting = counted;
    if (!counted && !loadedByAll && !kinds.some(byAll)) return;
    const before = rejected.length;
    if (counted) read++;
    const misfiled = misplaced === null || key === null ? null : misplaced(key);
    if (misfiled !== null)
      return reject(
        record,
        skuView!.reader.fieldProblem(record, "sku", { code: "wrong_partition", reason: misfiledReason(misfiled, skuOf(record), key!) }),
      );
    if (repeatsHeader(record, columns))
      return reject(record, {
        code: "repeated_header",
        field: null,
        column: null,
        columnName: null,
        value: null,
        reason: "the row repeats the header: were files joined together? The header belongs on the first line only",
      });
    if (single !== null) {
      const error = reader.read(record, columns) ?? (reader.skipped ? null : build(single, record));
      if (error !== null) reject(record, error);
      else if (!reader.skipped) commit(single, record);
      if (error !== null && counted) unreadableUpdate(single, record, error);
    } else {
      // Every view reads and builds before any adds: a row rejected by one is added by none. In a
      // shard that does not own the row's sku, its sku views are read too (and added by none), so
      // that its catalogue, promotion or store part stands or falls as in the whole run; but for
      // a price taken from another row (inheritFrom), which only the owner has.
      let error: RowError | null = null;
      let failed: ViewState | null = null;
      for (const view of views) {
        if (!counted && !byAll(view.kind) && view.kind === "prices" && view.inheritFrom !== null) continue;
        error = view.reader.read(record, columns) ?? (view.reader.skipped ? null : build(view, record));
        if (error !== null) {
          failed = view;
          break;
        }
      }
      if (error !== null) reject(record, error);
      else for (const view of views) if ((counted || byAll(view.kind)) && !view.reader.skipped) commit(view, record);
      if (failed !== null && counted) unreadableUpdate(failed, record, error!);
    }
    if (!counted) rejected.length = before;
  };
  // Price rows of a delimited file are read in place as they are split (see PriceLineReader);
  // a line that cannot be comes back as a record.
  let header: readonly string[] = [];
  let plain: PriceLineReader | null = null;
  // With shards, a line is read in place only once its sku cell says this shard owns it.
  let inPlaceLines = true;
  // The last sku cell passed over or not, with shards (see the sink's pass).
  let lastSku: string | null = null;
  let lastOwned = true;
  let lastMisfiled = false;
  const feedId = views[0]!.feedId;
  const sink: RowSink | undefined =
    single !== null && single.kind === "prices" && single.offers === null && single.inheritFrom === null && inPlace
      ? {
          keyColumn: -1,
          header(columns) {
            header = columns;
            reader.bind(columns, options.fixedWidth);
            plain = PriceLineReader.forHeader(reader, dataset.offers, offers, feedId, options.numberFormat);
            if (owns !== null || misplaced !== null || ordered !== null) {
              this.keyColumn = reader.columnOf("sku");
              inPlaceLines = this.keyColumn >= 0;
            }
          },
          pass(text, start, end, line) {
            // Out of order: the rest of the rows are of no use (see `unsorted`).
            if (unsorted !== null) return true;
            // With shards, a row another shard owns is passed over, as handle() would; a sku's
            // rows often follow each other, so the last sku's verdict is kept.
            if (lastSku === null || end - start !== lastSku.length || !text.startsWith(lastSku, start)) {
              lastSku = text.slice(start, end);
              // Once per distinct sku cell: the key it is stored under (see keyOf).
              const key = keyOfSku(lastSku);
              inOrder(key, line);
              if (unsorted !== null) return true;
              lastOwned = key === null || owns === null || owns(key);
              lastMisfiled = misplaced !== null && key !== null && misplaced(key) !== null;
            }
            // A row of another bucket comes back as a record, to be rejected (see handle).
            if (lastMisfiled) return false;
            if (lastOwned) return false;
            seen++;
            return true;
          },
          line(text, bounds, count, line) {
            if (unsorted !== null) return true;
            if (!inPlaceLines || lastMisfiled || plain === null || !plain.read(text, bounds, count, line)) return false;
            seen++;
            read++;
            return true;
          },
          record: (record) => {
            // A line read as a record is judged in handle(), its order noted there: the next
            // line's sku is judged again, though it may be the last passed one's (A, then B in
            // quotes, then A again is out of order).
            lastSku = null;
            handle(record, header);
          },
        }
      : undefined;
  let columns: readonly string[] = [];
  let headerLine: number | null = null;
  for await (const batch of batches(sink)) {
    columns = batch.columns;
    headerLine ??= batch.headerLine ?? null;
    // One part of the file: its records are numbered as in the whole file.
    seen += batch.recordsBefore ?? 0;
    for (const view of views) view.reader.bind(batch.columns, options.fixedWidth);
    for (const record of batch.records) handle(record, batch.columns);
    onRows?.(read);
    // Past this shard's range, in a feed sorted by sku: no later row is this shard's, but for the
    // stores, promotions or catalogue entries every shard reads in full. Out of order: none is of use.
    if ((past && !readWhole) || unsorted !== null) break;
  }
  // Columns that come with the records (JSON, XML): a mapped one must have been in some record.
  if (!options.fixedWidth && read > 0 && unsorted === null && (!past || readWhole))
    for (const view of views) view.reader.requireMapped(columns);
  if (disputable.size > 0) settleDisputes(disputable, given, rejected);
  const rows: FeedRows = { file, kind: kinds.join("+"), read, accepted: read - rejected.length, rejected: rejected.length };
  // A column is named by the header, or (JSON, XML) by the first record that has it; with views, one that no view reads.
  const perView = views.map((view) => unmappedColumns(view.kind, columns, view.reader, options.quietColumns ?? []));
  const readByAny = new Set(views.flatMap((view) => FEED_FIELDS[view.kind].map((f) => view.reader.columnOf(f.name))));
  const unmapped = perView
    .flat()
    .filter((u, i, all) => !readByAny.has(u.column - 1) && all.findIndex((w) => w.column === u.column) === i)
    .map((u) => ({ ...u, line: headerLine ?? firstLines[u.column - 1] ?? 1 }));
  return { rows, rejected, unsorted, unmapped };
}

/** One view of a feed: how its reader reads the records, and (prices) the offers each row yields. */
export interface ViewOptions extends RowReaderOptions {
  readonly offers?: readonly OfferSpec[] | undefined;
  readonly inheritFrom?: string | undefined;
  /** price_history: whether its rows are the price in force of the offers no price row gives (the feed's `priceInForce`). */
  readonly priceInForce?: boolean | undefined;
}

/** Whether a row's values meet an offer's `when` (a prices view's `offers`): each field's value is one it allows. */
function meets(offer: NonNullable<ViewState["offers"]>[number], values: readonly unknown[]): boolean {
  return offer.when.every(([index, allowed]) => allowed.includes(values[index] as string));
}

interface ViewState {
  readonly kind: FeedKind;
  readonly reader: RowReader;
  /** prices: the offer store's number of the feed, and the offer fields reused for every row. */
  readonly feedId: number;
  readonly fields: OfferFields;
  /** prices: the offers of each row and their conditions (a price field's index, the values it may have); null: the row's channel. */
  readonly offers: readonly { readonly channel: string; readonly when: readonly (readonly [number, readonly string[]])[] }[] | null;
  /** prices with offers: whether one of the offers' channels is not located (a row's location is then judged against them). */
  readonly unlocatedOffers: boolean;
  readonly inheritFrom: string | null;
  /** price_history: whether its rows are the price in force of the offers no price row gives. */
  readonly priceInForce: boolean;
  /** The rows of the inheritFrom channel by sku id, looked up at the first row that needs them. */
  inherited: InheritedRows | null;
  /** The row the offer being built took its amounts from, -1 for none. */
  inheritedRow: number;
  readonly record: OfferRecord;
  /** What build() made of the record, for commit(). */
  pending: Product | Location | Promotion | PricePoint | StockLevel | null;
}

const PRICE_FIELDS = FEED_FIELDS.prices.map((f) => f.name);
const SKU = PRICE_FIELDS.indexOf("sku");
const CHANNEL = PRICE_FIELDS.indexOf("channel");
const LOCATION = PRICE_FIELDS.indexOf("location");
const NO_CHANNELS: readonly string[] = [];
const CURRENCY = PRICE_FIELDS.indexOf("currency");
const PRICE = PRICE_FIELDS.indexOf("price");
const SALE_PRICE = PRICE_FIELDS.indexOf("sale_price");
const SALE_START = PRICE_FIELDS.indexOf("sale_start");
const SALE_END = PRICE_FIELDS.indexOf("sale_end");

function viewState(options: ViewOptions, dataset: Dataset, context: OfferContext): ViewState {
  const offers = options.offers ?? null;
  // The row's channel comes from its offers: the reader is given the first, which each offer then replaces.
  const readerOptions = offers === null ? options : { ...options, constants: { ...options.constants, channel: offers[0]!.channel } };
  const reader = new RowReader(readerOptions);
  reader.refuseConstants();
  return {
    kind: options.kind,
    reader,
    feedId: options.kind === "prices" ? dataset.offers.addFeed(options.file, context.timezone) : -1,
    fields: blankOfferFields(),
    offers:
      offers === null
        ? null
        : offers.map((o) => ({
            channel: o.channel,
            when: Object.entries(o.when ?? {}).map(([field, allowed]) => [PRICE_FIELDS.indexOf(field), allowed] as const),
          })),
    unlocatedOffers: offers !== null && offers.some((o) => !isLocated(o.channel, context.located)),
    inheritFrom: options.inheritFrom ?? null,
    priceInForce: options.priceInForce === true,
    inherited: null,
    inheritedRow: -1,
    record: new OfferRecord(),
    pending: null,
  };
}

/**
 * A catalogue row's shard key: its family (a family goes to one shard as a whole), else its sku,
 * each as stored (see {@link storedKey}).
 */
function catalogueKey(reader: RowReader, record: RawRecord): string | null {
  return (
    storedKey(reader, CATALOGUE_FAMILY, reader.rawCell(record, "family")) ?? storedKey(reader, CATALOGUE_SKU, reader.rawCell(record, "sku"))
  );
}

const CATALOGUE_SKU = fieldIndex("catalogue", "sku");
const CATALOGUE_FAMILY = fieldIndex("catalogue", "family");

/** Where a field is in its kind's field list (the index `RowReader.values` and `parseCell` go by). */
export function fieldIndex(kind: FeedKind, field: string): number {
  return FEED_FIELDS[kind].findIndex((f) => f.name === field);
}

/**
 * The key a key field's cell (a sku, a family) is stored under: trimmed, mapped through the
 * feed's `values`, read as a key (in NFC), as `RowReader.read` reads it; null when the cell gives
 * none (empty, or no key: see text/keys.ts). Shards, threads and partitions decide who owns a row
 * from this key alone, never from the cell as written, so that every spelling of a sku that the
 * dataset holds as one (NFC and NFD, a code and the one `values` maps it to) falls to one owner.
 */
export function storedKey(reader: RowReader, index: number, cell: Cell): string | null {
  if (typeof cell !== "string") return null;
  const value = reader.parseCell(index, cell);
  return typeof value === "string" ? value : null;
}

/**
 * Why a row of a partitioned file is rejected (`wrong_partition`): the bucket of its sku as
 * stored is not its file's. When the file writes the sku otherwise (not in NFC, or a code the
 * feed's `values` maps), the upstream engine hashed that text, but the run's other feeds' rows
 * of the sku go by the key: the row would lie apart from them, so it is said why.
 */
function misfiledReason(reason: string, written: string | null, key: string): string {
  if (written === null || written === key) return reason;
  return nfc(written) === key
    ? `${reason} (the file writes the sku in another Unicode form than NFC, such as NFD's letter followed by a combining accent: a sku is bucketed as it is read, in NFC, the key every feed's rows of it are sharded by; write it in NFC upstream)`
    : `${reason} (the cell ${JSON.stringify(written)} is mapped to ${key} by the feed's values: a sku is bucketed as mapped, the key every feed's rows of it are sharded by; bucket the files upstream by the mapped sku)`;
}

/** An instant's text as read in `zone` (a bare date as the start or end of that day), written with its offset: null stays null, and text that does not read is left to be judged. */
function instantText(text: string | null, zone: string, role: "start" | "end", instants: InstantCache): string | null {
  if (text === null) return null;
  const r = instants.resolve(text, zone, role);
  return r.ok ? new Date(r.instant).toISOString() : text;
}

/** Whether a record's cells are the header's names, cell for cell (two exports joined into one file). */
function repeatsHeader(record: RawRecord, columns: readonly string[]): boolean {
  const cells = record.cells;
  if (cells.length !== columns.length || cells.length < 2) return false;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (typeof cell !== "string" || cell.trim().toLowerCase() !== columns[i]!.trim().toLowerCase()) return false;
  }
  return true;
}

/** Whether two catalogue entries or promotions say the same, wherever each was read (a repeat, not a conflict). */
function sameEntry<T extends Product | Promotion>(a: T, b: T): boolean {
  return differingFields(a, b).length === 0;
}

/**
 * The fields two catalogue entries or promotions differ on, their lists read as sets (`web|store`
 * is `store|web`), a promotion's start and end as the instants they are (`2026-05-01` is
 * `2026-05-01T00:00`).
 */
function differingFields<T extends Product | Promotion>(a: T, b: T): (keyof T & string)[] {
  const text = (value: unknown) => JSON.stringify(Array.isArray(value) ? [...new Set(value as unknown[])].sort() : value);
  const same = (key: keyof T & string) =>
    text(a[key]) === text(b[key]) ||
    ((key === "start" || key === "end") && "promoId" in a && sameInstantText(a[key], b[key], key)) ||
    (key === "sizeUnit" && typeof a[key] === "string" && typeof b[key] === "string" && sameUnit(a[key], b[key]));
  // A value written to other decimals (1.78 and 1.780) is another value: a promotion's price computed from it differs.
  const keys = (Object.keys(b) as (keyof T & string)[]).filter((key) => key !== "source" && !same(key));
  return keys.map((key) => (key === "valueDecimals" ? "value" : key) as keyof T & string).filter((key, i, all) => all.indexOf(key) === i);
}

/**
 * Whether two texts of a promotion's start (or end) are one instant wherever the promotion is
 * read: alike in UTC and at +14:00, two zones apart at every instant (a text without an offset
 * reads apart in them, one with an offset alike, so a bare time and an offset are never taken
 * for one, though they may meet in one zone).
 */
function sameInstantText(a: unknown, b: unknown, role: "start" | "end"): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  return APART_ZONES.every((zone) => {
    const x = parseInstant(a, zone, role);
    const y = parseInstant(b, zone, role);
    return x.ok && y.ok && x.instant === y.instant;
  });
}

const APART_ZONES = ["UTC", "Etc/GMT-14"];

/**
 * Why a promotion row whose id an earlier row has is rejected: where, and the fields the two
 * differ on; one written a row per sku (or store, channel…) is told to list them in one cell.
 */
function promotionGivenAgain(earlier: Promotion, row: Promotion): string {
  const keys = differingFields(earlier, row);
  const lists = keys.length > 0 && keys.every((key) => Array.isArray(row[key]));
  const differ = keys.length === 0 ? "" : `, which differs in ${keys.map(feedName).join(", ")}`;
  const hint = lists ? `: a promotion is given once, its ${keys.map(feedName).join(" and ")} in one cell (\`A|B\`)` : "";
  return `promotion ${row.promoId} already given at ${earlier.source.file}:${earlier.source.line}${differ}${hint}`;
}

/**
 * Why a catalogue row whose sku an earlier row has is rejected: where, and what the two say of
 * each field they differ on (a repeat that says the same is taken as the same entry).
 */
function catalogueGivenAgain(earlier: Product, row: Product): string {
  const fields = differingFields(earlier, row);
  const shown = (key: keyof Product, value: unknown): string =>
    value === null
      ? "none"
      : typeof value === "number" && MICROS_FIELDS.has(key)
        ? formatAmount(value, 0)
        : Array.isArray(value)
          ? JSON.stringify(value.join("|"))
          : typeof value === "string"
            ? JSON.stringify(value)
            : String(value);
  const said = (entry: Product) => fields.map((f) => `${feedName(f)} ${shown(f, entry[f])}`).join(" and ");
  const at = `${earlier.source.file}:${earlier.source.line}`;
  return `sku ${row.sku} already in the catalogue at ${at}${fields.length === 0 ? "" : `, which says ${said(earlier)} where this row says ${said(row)}`}`;
}

/** The catalogue's fields held in millionths. */
const MICROS_FIELDS: ReadonlySet<keyof Product> = new Set(["size", "cost", "mapPrice"]);

/**
 * How a row disputes an earlier one: `already given at FILE:LINE, which says F a where this row
 * says F b`, for each field they differ on (as the feed names it).
 */
function disputeReason<T extends { readonly source: Source }>(dispute: Dispute<T>, row: T): string {
  const said = (entry: T) => dispute.fields.map((f) => `${feedName(f)} ${shownValue(entry[f])}`).join(" and ");
  const at = `${dispute.with.source.file}:${dispute.with.source.line}`;
  return `already given at ${at}, which says ${said(dispute.with)} where this row says ${said(row)}`;
}

/**
 * Rejects every row of this file (of `given`: its record) among the rows of a store, or of a
 * stock's rows that stand together at some instant (an update's and those without
 * `updated_at`), that do not all agree (`duplicate_key`), each naming the others and what they
 * say: which is right is unknown, so no row is taken over the others, whatever their order. A
 * row in two such sets is rejected once, naming the rows of both. Rows that agree stand.
 */
function settleDisputes(
  disputable: ReadonlySet<GivenRows<Location, keyof Location & string> | StockRows>,
  given: ReadonlyMap<Location | StockLevel, number>,
  rejected: RejectedRow[],
): void {
  const before = rejected.length;
  for (const entry of disputable) {
    const stock = entry instanceof StockRows;
    // Each row with every row it stands with in a set that disagrees, and the fields they dispute.
    const against = new Map<Location | StockLevel, { rows: Set<Location | StockLevel>; fields: Set<string> }>();
    const conflicts = stock ? entry.conflicts() : entry.disputed.length > 0 ? [{ rows: entry.rows, fields: entry.disputed }] : [];
    for (const conflict of conflicts) {
      for (const row of conflict.rows) {
        const seen = against.get(row) ?? against.set(row, { rows: new Set(), fields: new Set() }).get(row)!;
        for (const other of conflict.rows) seen.rows.add(other);
        for (const field of conflict.fields) seen.fields.add(field);
      }
    }
    for (const [row, { rows: set, fields: disputed }] of against) {
      const record = given.get(row);
      if (record === undefined) continue;
      const rows = [...set].sort(bySource);
      const fields = (stock ? STOCK_FIELDS : LOCATION_FIELDS).filter((f) => disputed.has(f));
      const reason = stock
        ? stockConflictReason(row as StockLevel, rows as StockLevel[], fields)
        : `location ${(row as Location).location} ${conflictReason(row, rows, fields)}: which is right is unknown, so the store's ${fieldList(fields)} taken as not given`;
      const sku = stock ? (row as StockLevel).sku : null;
      const error: RowError = { code: "duplicate_key", field: null, column: null, columnName: null, value: null, reason };
      rejected.push({ source: row.source, record, sku, error });
    }
  }
  // In the order read, as the rows rejected when read.
  if (rejected.length > before) rejected.sort((a, b) => a.record - b.record);
}

/** Why a row of a stock whose rows that stand together (of one update, and without `updated_at`) disagree is rejected. */
function stockConflictReason(row: StockLevel, rows: readonly StockLevel[], fields: readonly string[]): string {
  const stock = fields.includes("available") ? "stock" : "availability";
  const when = updatesReason(rows.map((r) => r.updatedAt));
  return `stock of ${row.sku} at ${row.location} ${conflictReason(row, rows, fields)}, ${when}: which is right is unknown, so the ${stock} there is taken as not given`;
}

/** The most rows named beside the one rejected. */
const NAMED_ROWS = 5;

/**
 * How the rows of an entry disagree, for one of them: `also given at FILE:LINE (F a), … where
 * this row says F b`, the others in file and line order (at most {@link NAMED_ROWS}).
 */
function conflictReason<T extends { readonly source: Source }>(row: T, rows: readonly T[], fields: readonly string[]): string {
  const said = (entry: T) => fields.map((f) => `${feedName(f)} ${shownValue(entry[f as keyof T])}`).join(" and ");
  const others = rows.filter((other) => other !== row);
  const named = others.slice(0, NAMED_ROWS).map((other) => `${other.source.file}:${other.source.line} (${said(other)})`);
  const more = others.length > NAMED_ROWS ? ` and ${others.length - NAMED_ROWS} more rows` : "";
  return `also given at ${named.join(", ")}${more}, where this row says ${said(row)}`;
}

/** Why the `updated_at` of a stock's rows does not say which is the stock: one update, or rows without it. */
function updatesReason(times: readonly (string | null)[]): string {
  const all = times.length === 2 ? "both" : "all";
  if (times.every((t) => t === null)) return "and no updated_at tells which is later";
  if (times.some((t) => t === null))
    return `and ${times.length === 2 ? "one of them gives" : "some give"} no updated_at to tell which is later`;
  const written = [...new Set(times)];
  return written.length === 1 ? `${all} updated at ${written[0]}` : `${all} updated at the same instant (${written.join(", ")})`;
}

/** Why two stock rows' `updated_at` does not say which is the stock: one update, or one row without it. */
function updateReason(earlier: string | null, row: string | null): string {
  if (earlier === null && row === null) return "and no updated_at tells which is later";
  if (earlier === null || row === null) return "and one of them gives no updated_at to tell which is later";
  return earlier === row ? `both updated at ${row}` : `both updated at the same instant (${earlier}, ${row})`;
}

/** `status is`, `status and click_collect are`. */
function fieldList(fields: readonly string[]): string {
  return `${fields.map(feedName).join(" and ")} ${fields.length === 1 ? "is" : "are"}`;
}

/** A model field as the feed names it (clickCollect: click_collect). */
function feedName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A field's value in a message: none when not given. */
function shownValue(value: unknown): string {
  return value === null || value === undefined ? "none" : String(value);
}

/**
 * Why a row of an inheritFrom feed without price or sale_price is rejected when its sku has no
 * `channel` row without a location to take them from. `history`: the file of the price history
 * that gives the sku's price there instead (its rows in force), which the row does not take from:
 * history becomes offers once every feed is read, after the rows that inherit (see loadDataset).
 */
export function noRowToInherit(sku: string, channel: string, history: string | null = null): string {
  const reason = `no price or sale_price, and sku ${sku} has no ${channel} row (without a location) to take them from`;
  if (history === null) return reason;
  return `${reason}: its ${channel} price comes from the price history (${history}), which inheritFrom does not read; give that price as a ${channel} price row, or give this row its own`;
}
