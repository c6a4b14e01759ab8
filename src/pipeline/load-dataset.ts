import type { Config, FeedConfig } from "../config/schema.js";
import { feedViews } from "../config/feed-views.js";
import { profileNamed } from "../profiles/profiles.js";
import { Dataset } from "../dataset/dataset.js";
import { rangeEnd, shardOwner, type KeyOrderProblem, type Shard } from "../dataset/shard.js";
import { loadFeed, type LoadedFeed } from "../feeds/load-feed.js";
import { recordsFromObjects } from "../io/json.js";
import { formatNamed, formatOfPath } from "../io/formats/registry.js";
import { fileSize, readFeedBytes, readFeedFile, type ReadOptions } from "../io/read-feed.js";
import { describeFileError } from "../io/read-text.js";
import type { RowSink } from "../io/record.js";
import { PricelintError } from "../model/errors.js";
import type { FeedKind } from "../model/fields.js";
import { detach, StringPool } from "../text/string-pool.js";
import { feedReadOptions, resolvePath } from "./inputs.js";
import type { CheckOptions, InMemoryFeeds } from "./options.js";
import { feedFiles } from "../io/feed-paths.js";
import { addHistoryOffers } from "../feeds/history-offers.js";
import { InstantCache } from "../time/instant.js";
import { prepareLandingPages, remotePages } from "./landing-pages.js";

/** A feed file as loaded, and the path of the config's feed entry it is read for (a pattern may match many files). */
export interface DatasetFeed extends LoadedFeed {
  readonly entry: string;
}

/**
 * Reads every feed (stores first) through map → validate → normalise into one dataset. With shards
 * by key range, a feed out of sku order (or catalogue families) stops the reading, and `keyOrder`
 * says why: the run is then to be checked by hash.
 */
/** Where a dataset's feeds come from besides the config, and how they are read. */
export interface LoadOptions {
  /** Rows given in memory, by kind, instead of the feeds' files. */
  readonly memory?: InMemoryFeeds | null;
  readonly channels: ReadonlySet<string>;
  readonly onProgress?: CheckOptions["onProgress"];
  /** What a feed whose path is `-` reads. */
  readonly stdin?: CheckOptions["stdin"];
  readonly shard?: Shard | null;
  /** Read plain price lines in place (see loadFeed; the default); false only to compare with reading records. */
  readonly inPlace?: boolean;
  /** The check's instant (default: now): a landing page's priceValidUntil is compared with it. */
  readonly at?: Date;
}

export async function loadDataset(
  config: Config,
  baseDir: string,
  { memory = null, channels, onProgress, stdin, shard = null, inPlace = true, at = new Date() }: LoadOptions,
): Promise<{ dataset: Dataset; loaded: DatasetFeed[]; owns: (sku: string | null) => boolean; keyOrder: KeyOrderProblem | null }> {
  const dataset = new Dataset();
  // The catalogue loads before prices, so a sku's family is known when its rows are assigned.
  const owns = shardOwner(shard, (sku) => (dataset.families ? (dataset.products!.get(sku)?.family ?? null) : null));
  const loaded: DatasetFeed[] = [];
  const strings = new StringPool();
  const intern = (text: string) => strings.intern(text);
  const sku = (text: string) => dataset.offers.skuText(text) ?? detach(text);
  const defaultCurrency = (location: string | null) =>
    (location === null ? null : dataset.locations.get(location)?.currency) ?? config.currency ?? null;
  const locationZone = (location: string | null) => (location === null ? null : dataset.locations.get(location)?.timezone) ?? null;
  const instants = new InstantCache();
  let rowsBefore = 0;
  const expanded = memory
    ? orderFeeds(config.feeds).map((feed) => ({ feed, entry: feed.path }))
    : await expandFeeds(orderFeeds(config.feeds), baseDir);
  // Product pages (the html format) are matched to the items of the other feeds, and fetched if they are URLs.
  const landing = memory ? null : await prepareLandingPages(expanded, config, baseDir, at);
  const feeds = landing?.feeds ?? expanded;
  for (const { feed, entry } of feeds) {
    const views = feedViews(feed);
    const kinds = views.map((v) => v.kind);
    if (kinds.includes("catalogue")) dataset.products ??= new Map();
    const timezone = feed.timezone ?? (feed.profile === undefined ? undefined : profileNamed(feed.profile)?.timezone);
    // Rows given in memory are objects, read as JSON objects are: by name, not by position.
    const format = memory ? null : feed.format === undefined ? formatOfPath(feed.path) : formatNamed(feed.format);
    const rows = memory?.[kinds[0]!];
    const fromStdin = feed.path === STDIN;
    const path = fromStdin ? STDIN : resolvePath(baseDir, feed.path);
    const totalBytes = format === null || fromStdin || !onProgress ? null : fileSize(path);
    let bytesRead: number | null = null;
    const readOptions = (sink: RowSink | undefined): ReadOptions => ({
      ...feedReadOptions(feed, format!),
      onBytes: onProgress && ((n) => (bytesRead = n)),
      sink,
    });
    const read = (sink: RowSink | undefined) =>
      format === null
        ? recordsFromObjects(rows ?? [])
        : fromStdin
          ? readFeedBytes(standardInput(stdin), null, readOptions(sink))
          : readFeedFile(path, readOptions(sink));
    const batches = (sink: RowSink | undefined) =>
      landing !== null && format?.name === "html" ? landing.batches(feed, () => read(sink)) : read(sink);
    const readers = views.map((view) => ({
      kind: view.kind,
      file: feed.path,
      numberFormat: { decimal: feed.decimal ?? ".", thousands: feed.thousands },
      channels,
      fixedWidth: format?.fixedWidth ?? false,
      columns: view.columns,
      constants: view.constants,
      values: view.values,
      ignoreColumns: feed.ignoreColumns,
      looseColumns: view.looseColumns,
      optionalColumns: view.optionalColumns,
      offers: view.offers,
      inheritFrom: view.inheritFrom,
    }));
    const progress =
      onProgress &&
      ((feedRows: number) => onProgress({ file: feed.path, feedRows, totalRows: rowsBefore + feedRows, bytesRead, totalBytes }));
    try {
      // Shards by key range read a price feed only up to their range's end, in sku order.
      const ordered = shard?.bounds && kinds.includes("prices") ? { below: rangeEnd(shard) } : null;
      const result = await loadFeed(
        batches,
        readers,
        dataset,
        {
          timezone: timezone ?? null,
          intern,
          sku,
          defaultCurrency,
          channels,
          zoneOf: (location) => timezone ?? locationZone(location) ?? config.timezone,
          instants,
        },
        progress,
        shard === null || shard.count === 1 ? null : owns,
        inPlace,
        ordered,
      );
      if (result.unsorted !== null) return { dataset, loaded, owns, keyOrder: { reason: "unsorted", file: feed.path, ...result.unsorted } };
      loaded.push({ ...result, entry });
      if (shard?.bounds && dataset.families) return { dataset, loaded, owns, keyOrder: { reason: "families" } };
      rowsBefore += result.rows.read;
    } catch (error) {
      // The readers name no file: the error is built again naming the feed as the config writes it.
      if (error instanceof PricelintError && error.file === null)
        throw new PricelintError(error.code, error.issues, feed.path, { cause: error });
      // A file the system cannot read is the user's to fix; anything else is a bug and stays one.
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === "string" && /^E[A-Z]+$/.test(code))
        throw new PricelintError("io", describeFileError(error), feed.path, { cause: error });
      throw error;
    }
  }
  const inForce = new Set(
    feeds
      .filter(({ feed }) => feedViews(feed).some((v) => v.kind === "price_history") && feed.priceInForce !== "never")
      .map(({ feed }) => feed.path),
  );
  if (inForce.size > 0) {
    addHistoryOffers(dataset, (point) => inForce.has(point.source.file), {
      defaultCurrency,
      zoneOf: (point) => point.timezone ?? locationZone(point.location) ?? config.timezone,
      instants,
    });
  }
  return { dataset, loaded, owns, keyOrder: null };
}

/** Stores first (their currencies and zones apply to prices), then catalogue, prices, promotions, inventory, history. */
const LOAD_ORDER: readonly FeedKind[] = ["stores", "catalogue", "prices", "promotions", "inventory", "price_history"];

/**
 * Feeds in load order: by the first of their kinds in {@link LOAD_ORDER}; a feed whose prices
 * take amounts from another channel (inheritFrom) after every other price feed, so that the rows
 * it takes from are there whatever order the config lists the feeds in.
 */
function orderFeeds(feeds: readonly FeedConfig[]): FeedConfig[] {
  const rank = (feed: FeedConfig) => {
    const views = feedViews(feed);
    const first = Math.min(...views.map((v) => LOAD_ORDER.indexOf(v.kind)));
    return views.some((v) => v.inheritFrom !== undefined) ? Math.max(first, LOAD_ORDER.indexOf("prices")) + 0.5 : first;
  };
  return [...feeds].sort((a, b) => rank(a) - rank(b));
}

/**
 * Each feed whose path is a pattern as one feed per file it matches, in code-unit order, the
 * fields its placeholders captured from the file's path added to its constants.
 */
/** The path of a feed read from standard input. */
const STDIN = "-";

/** Standard input, which one feed reads once. */
function standardInput(stdin: CheckOptions["stdin"]): AsyncIterable<Uint8Array> {
  if (stdin === undefined)
    throw new PricelintError("usage", "a feed's path is \"-\", standard input, which this run was not given (check()'s stdin option)");
  return stdin;
}

async function expandFeeds(feeds: readonly FeedConfig[], baseDir: string): Promise<{ feed: FeedConfig; entry: string }[]> {
  const out: { feed: FeedConfig; entry: string }[] = [];
  for (const feed of feeds) {
    if (feed.path === STDIN || remotePages(feed) !== null) {
      out.push({ feed, entry: feed.path });
      continue;
    }
    for (const file of await feedFiles(feed.path, baseDir)) {
      const captured = Object.keys(file.captured).length > 0;
      const expanded = { ...feed, path: file.path, ...(captured ? { constants: { ...feed.constants, ...file.captured } } : {}) };
      out.push({ feed: expanded, entry: feed.path });
    }
  }
  return out;
}
