import type { RawRecord, RecordBatch, RowSink } from "../io/record.js";
import type { Dataset } from "../dataset/dataset.js";
import type { FeedRows } from "../model/report.js";
import { blankOfferFields } from "../model/offer.js";
import type { Source } from "../model/source.js";
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

/** A row that could not be used, and why: it becomes a `feed/invalid-row` finding. */
export interface RejectedRow {
  readonly source: Source;
  /** The record's position in its feed (1-based): tells apart records that share a line, as JSON array elements can. */
  readonly record: number;
  readonly sku: string | null;
  readonly error: RowError;
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
  options: RowReaderOptions,
  dataset: Dataset,
  offers: OfferContext & PromotionContext,
  onRows?: (rowsRead: number) => void,
  /** With shards: whether this run owns a sku's rows; null: all of them. */
  owns: ((sku: string | null) => boolean) | null = null,
  /** Read plain price lines in place (the default); false reads every row as a record. */
  inPlace = true,
  /**
   * With shards by key range: the rows must come in sku order (else reading stops, and the
   * result says where: see {@link LoadedFeed.unsorted}), and reading stops at the first sku at or
   * above `below` (null: reads to the end).
   */
  ordered: { readonly below: string | null } | null = null,
): Promise<LoadedFeed> {
  const reader = new RowReader(options);
  const rejected: RejectedRow[] = [];
  const file = options.file;
  let read = 0;
  let seen = 0;
  const feedId = options.kind === "prices" ? dataset.offers.addFeed(file, offers.timezone) : -1;
  const fields = blankOfferFields();
  // With shards, a row is counted (and reported if rejected) by the shard that owns its sku;
  // stores, promotions and the catalogue are loaded by every shard, the rest only by the owner.
  const loadedByAll = options.kind === "stores" || options.kind === "promotions" || options.kind === "catalogue";
  const skuOf = (record: RawRecord): string | null => {
    if (options.kind === "stores" || options.kind === "promotions") return null;
    const cell = reader.rawCell(record, "sku");
    return typeof cell === "string" && cell.trim() !== "" ? cell.trim() : null;
  };
  /** The line of the first record with each column, for formats without a header. */
  const firstLines: number[] = [];
  const reject = (record: RawRecord, error: RowError) => {
    rejected.push({ source: { file, line: record.line }, record: seen, sku: skuOf(record), error });
  };
  const problem = (record: RawRecord, p: BuildProblem): RowError =>
    p.field === undefined
      ? { code: p.code, field: null, column: null, columnName: null, value: null, reason: p.reason }
      : reader.fieldProblem(record, p.field, p);
  /** A row whose key (sku, location, promotion id, stock of a sku at a location) an earlier row has. */
  const duplicate = (record: RawRecord, reason: string) => reject(record, problem(record, { code: "duplicate_key", reason }));
  // In sku order: the last sku seen, whether reading is past this shard's range, and the first row out of order.
  let lastKey = "";
  let past = false;
  let unsorted: LoadedFeed["unsorted"] = null;
  /** With key ranges (`ordered`), notes the sku of the row at `line`, or that it comes out of order. */
  const inOrder = (sku: string | null, line: number): void => {
    // Past the range, the rest of the rows are other shards' to check (the last reads them all).
    if (ordered === null || past || unsorted !== null || sku === null || sku === "") return;
    if (sku < lastKey) {
      unsorted = { line, sku, after: lastKey };
      return;
    }
    lastKey = sku;
    if (ordered.below !== null && sku >= ordered.below) past = true;
  };
  /** One record through validate → normalise → index, or rejected. */
  const handle = (record: RawRecord, columns: readonly string[]): void => {
    if (unsorted !== null) return;
    seen++;
    // Columns are numbered in order of first appearance: those past the widest record so far are this record's.
    while (firstLines.length < record.cells.length) firstLines.push(record.line);
    if (ordered !== null) {
      inOrder(skuOf(record), record.line);
      if (unsorted !== null) return;
    }
    const counted = owns === null || owns(options.kind === "catalogue" ? catalogueKey(reader, record) : skuOf(record));
    if (!counted && !loadedByAll) return;
    const before = rejected.length;
    if (counted) read++;
    const error = reader.read(record, columns);
    if (error !== null) {
      if (counted) reject(record, error);
      return;
    }
    const v = reader.values;
    switch (options.kind) {
      case "prices": {
        const offer = buildOffer(v, reader.moneyCurrencies, offers, fields);
        if (offer === fields) dataset.offers.add(fields, feedId, record.line);
        else reject(record, problem(record, offer as BuildProblem));
        break;
      }
      case "catalogue": {
        const product = buildProduct(v, { file, line: record.line });
        if (!("sku" in product)) {
          reject(record, problem(record, product));
          break;
        }
        const earlier = dataset.addProduct(product);
        if (earlier) duplicate(record, `sku already in the catalogue at line ${earlier.source.line}`);
        break;
      }
      case "stores": {
        const location = buildLocation(v, { file, line: record.line });
        const earlier = dataset.addLocation(location);
        if (earlier) duplicate(record, `location ${location.location} already given at ${earlier.source.file}:${earlier.source.line}`);
        break;
      }
      case "promotions": {
        const promotion = buildPromotion(v, { file, line: record.line }, offers);
        if (!("promoId" in promotion)) {
          reject(record, problem(record, promotion));
          break;
        }
        const earlier = dataset.addPromotion(promotion);
        if (earlier) duplicate(record, `promotion ${promotion.promoId} already given at ${earlier.source.file}:${earlier.source.line}`);
        break;
      }
      case "price_history":
        dataset.addPricePoint(buildPricePoint(v, { file, line: record.line }, offers));
        break;
      case "inventory": {
        const level = buildStockLevel(v, { file, line: record.line });
        if (!("sku" in level)) {
          reject(record, problem(record, level));
          break;
        }
        const earlier = dataset.addStock(level);
        if (earlier) duplicate(record, `stock of ${level.sku} at ${level.location} already given at line ${earlier.source.line}`);
        break;
      }
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
  const sink: RowSink | undefined =
    options.kind === "prices" && inPlace
      ? {
          keyColumn: -1,
          header(columns) {
            header = columns;
            reader.bind(columns, options.fixedWidth);
            plain = PriceLineReader.forHeader(reader, dataset.offers, offers, feedId, options.numberFormat);
            if (owns !== null) {
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
              const sku = lastSku.trim();
              inOrder(sku, line);
              if (unsorted !== null) return true;
              lastOwned = sku === "" || owns!(sku);
            }
            if (lastOwned) return false;
            seen++;
            return true;
          },
          line(text, bounds, count, line) {
            if (unsorted !== null) return true;
            if (!inPlaceLines || plain === null || !plain.read(text, bounds, count, line)) return false;
            seen++;
            read++;
            return true;
          },
          record: (record) => handle(record, header),
        }
      : undefined;
  let columns: readonly string[] = [];
  let headerLine: number | null = null;
  for await (const batch of batches(sink)) {
    columns = batch.columns;
    headerLine ??= batch.headerLine ?? null;
    reader.bind(batch.columns, options.fixedWidth);
    for (const record of batch.records) handle(record, batch.columns);
    onRows?.(read);
    // Past this shard's range, in a feed sorted by sku: no later row is this shard's. Out of order: none is of use.
    if (past || unsorted !== null) break;
  }
  const rows: FeedRows = { file, kind: options.kind, read, accepted: read - rejected.length, rejected: rejected.length };
  // A column is named by the header, or (JSON, XML) by the first record that has it.
  const unmapped = unmappedColumns(options.kind, columns, reader, options.ignoreColumns ?? []).map((u) => ({
    ...u,
    line: headerLine ?? firstLines[u.column - 1] ?? 1,
  }));
  return { rows, rejected, unsorted, unmapped };
}

/** A catalogue row's shard key: its family (a family goes to one shard as a whole), else its sku. */
function catalogueKey(reader: RowReader, record: RawRecord): string | null {
  const family = reader.rawCell(record, "family");
  if (typeof family === "string" && family.trim() !== "") return family.trim();
  const sku = reader.rawCell(record, "sku");
  return typeof sku === "string" && sku.trim() !== "" ? sku.trim() : null;
}
