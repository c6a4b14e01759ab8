import { describeValue } from "../text/describe-value.js";
import { resolve } from "node:path";
import type { Config, FeedConfig } from "../config/schema.js";
import { feedFormat, fileFormat, settingsNotTaken } from "../config/feed-format.js";
import { feedViews } from "../config/feed-views.js";
import { viewReaderOptions } from "../feeds/view-reader.js";
import { profileNamed } from "../profiles/profiles.js";
import { Dataset } from "../dataset/dataset.js";
import {
  filePart,
  rangeEnd,
  rangeStart,
  shardOwner,
  type ThreadShard,
  type KeyOrderProblem,
  type Shard,
  type ShardOwner,
} from "../dataset/shard.js";
import { loadFeed, noRowToInherit, type LoadedFeed } from "../feeds/load-feed.js";
import { recordsFromObjects } from "../io/json.js";
import { fileSize, readFeedBytes, readFeedFile, type ReadOptions } from "../io/read-feed.js";
import { describeFileError } from "../io/read-text.js";
import { NotARecordStart } from "../io/delimited.js";
import type { RowSink } from "../io/record.js";
import { PricelintError } from "../model/errors.js";
import type { FeedKind } from "../model/fields.js";
import type { PricePoint } from "../model/price-point.js";
import { detach, StringPool } from "../text/string-pool.js";
import { feedReadOptions, resolvePath } from "./inputs.js";
import type { CheckOptions, InMemoryFeeds } from "./options.js";
import { feedFiles, pathPlaceholders } from "../io/feed-paths.js";
import { identity as fileIdentity } from "../io/file-identity.js";
import { addHistoryOffers, applyHistoryDefaults, priceInForce } from "../feeds/history-offers.js";
import { InstantCache } from "../time/instant.js";
import { minorUnits } from "../money/currencies.js";
import { feedDatePattern } from "../time/date-pattern.js";
import { channelRegistry } from "../config/channels.js";
import { prepareLandingPages, remotePages } from "./landing-pages.js";
import { bucketOf, fileBucket, type Partitioning } from "../dataset/partition.js";

/** A feed file as loaded, and the path of the config's feed entry it is read for (a pattern may match many files). */
export interface DatasetFeed extends LoadedFeed {
  readonly entry: string;
}

/** Where a dataset's feeds come from besides the config, and how they are read. */
export interface LoadOptions {
  /** Rows given in memory, by kind, instead of the feeds' files. */
  readonly memory?: InMemoryFeeds | null;
  readonly channels: ReadonlySet<string>;
  readonly onProgress?: CheckOptions["onProgress"];
  /** What a feed whose path is `-` reads. */
  readonly stdin?: CheckOptions["stdin"];
  readonly shard?: ThreadShard | null;
  /** Read plain price lines in place (see loadFeed; the default); false only to compare with reading records. */
  readonly inPlace?: boolean;
  /** The check's instant (default: now): a landing page's priceValidUntil is compared with it. */
  readonly at?: Date;
  /** The end of the window the check is over (from `at`), if it is over one: a landing page's prices are read until then. */
  readonly to?: Date | null;
}

/**
 * Reads every feed (stores first) through map → validate → normalise into one dataset. With shards
 * by key range, a feed out of sku order (or catalogue families) stops the reading, and `keyOrder`
 * says why: the run is then to be checked by hash.
 */
export async function loadDataset(
  config: Config,
  baseDir: string,
  { memory = null, channels, onProgress, stdin, shard = null, inPlace = true, at = new Date(), to = null }: LoadOptions,
): Promise<{ dataset: Dataset; loaded: DatasetFeed[]; owns: (sku: string | null) => boolean; keyOrder: KeyOrderProblem | null }> {
  const dataset = new Dataset();
  const familyOf = (sku: string) => (dataset.families ? (dataset.products!.get(sku)?.family ?? null) : null);
  // With feeds partitioned upstream, a sku's shard is its bucket's, for every feed of the run.
  const partitioning = runPartitioning(config);
  if (partitioning !== null && shard?.bounds) return { dataset, loaded: [], owns: () => true, keyOrder: { reason: "partitioned" } };
  const keyOf = (sku: string) => (partitioning?.by === "sku" ? sku : (familyOf(sku) ?? sku));
  const bucketOfKey = partitioning && ((key: string) => bucketOf(key, partitioning.hash, partitioning.buckets));
  // The catalogue loads before prices, so a sku's family is known when its rows are assigned.
  const owns = shardOwner(shard, partitioning?.by === "sku" ? () => null : familyOf, bucketOfKey ?? undefined);
  if (shard !== null && shard.count > 1) refuseSplitInheriting(config);
  const loaded: DatasetFeed[] = [];
  const strings = new StringPool();
  const intern = (text: string) => strings.intern(text);
  const sku = (text: string) => dataset.offers.skuText(text) ?? detach(text);
  const defaultCurrency = (location: string | null) =>
    (location === null ? null : dataset.locations.get(location)?.currency) ?? config.currency ?? null;
  const locationZone = (location: string | null) => (location === null ? null : dataset.locations.get(location)?.timezone) ?? null;
  const instants = new InstantCache();
  // Duplicate price rows agree on a sale window when they mean the same instants, read in the zones
  // their rows are: as the rows are indexed, and as a row of an inheritFrom feed takes one (the
  // stores, and so their zones, are read first).
  dataset.offers.readSalesIn({ ofLocation: locationZone, fallback: config.timezone, instants });
  // Whether each channel is located: a promotion naming stores lists only located ones.
  const located = channelRegistry(config.channels);
  let rowsBefore = 0;
  const expanded: { feed: FeedConfig; entry: string; bucket?: number }[] = memory
    ? orderFeeds(config.feeds).map((feed) => ({ feed, entry: feed.path }))
    : await expandFeeds(orderFeeds(config.feeds), baseDir);
  // Each file of a partitioned feed, and its bucket: a shard opens only those of its own buckets.
  const buckets = new Map<string, number>();
  for (const { feed, bucket } of expanded) if (bucket !== undefined) buckets.set(feed.path, bucket);
  // Product pages (the html format) are matched to the items of the other feeds, and fetched if they are URLs.
  const landing = memory ? null : await prepareLandingPages(expanded, config, baseDir, { from: at.getTime(), to: to?.getTime() ?? null });
  const feeds = landing?.feeds ?? expanded;
  const promotionsGiven = config.feeds.some((f) => feedViews(f).some((v) => v.kind === "promotions"));
  for (const { feed, entry } of feeds) {
    const views = feedViews(feed);
    const kinds = views.map((v) => v.kind);
    const bucket = buckets.get(feed.path) ?? null;
    // A catalogue is given even when none of its files is this shard's: its skus are then unknown, not unchecked.
    if (kinds.includes("catalogue")) {
      dataset.products ??= new Map();
      if (bucket !== null) dataset.catalogueInBuckets = true;
    }
    // So is a stores feed: with no store row accepted, every location is unknown, not unchecked.
    if (kinds.includes("stores")) dataset.storesListed = true;
    // Another shard's bucket of a catalogue, read by the shard that owns rows without a sku for
    // the categories and brands alone: promotions name them, and are judged against the whole catalogue.
    let namesOnly: Dataset | null = null;
    if (bucket !== null && shard !== null && shard.count > 1 && bucket % shard.count !== shard.index - 1) {
      // Another shard's bucket: not opened. Listed with no rows, so that every shard lists the same files.
      const rows = { file: feed.path, kind: kinds.join("+"), read: 0, accepted: 0, rejected: 0 };
      loaded.push({ rows, rejected: [], unsorted: null, unmapped: [], entry: feed.path });
      if (!(kinds.length === 1 && kinds[0] === "catalogue" && promotionsGiven && owns(null))) continue;
      namesOnly = new Dataset();
      namesOnly.products = new Map();
    }
    const profile = feed.profile === undefined ? undefined : profileNamed(feed.profile);
    const timezone = feed.timezone ?? profile?.timezone;
    // Rows given in memory are objects, read as JSON objects are: by name, not by position.
    // Each file of a pattern is read as its own name says (see config/feed-format.ts).
    const format = memory ? null : fileFormat(feed, feed.path);
    const rows = memory?.[kinds[0]!];
    const fromStdin = feed.path === STDIN;
    const path = fromStdin ? STDIN : resolvePath(baseDir, feed.path);
    const totalBytes = format === null || fromStdin || !onProgress ? null : fileSize(path);
    let bytesRead: number | null = null;
    // A worker thread's part of a price file sorted by sku (see ThreadShard.starts): its rows alone are read.
    const part = kinds.length === 1 && kinds[0] === "prices" && format !== null && !fromStdin ? filePart(shard, feed.path) : null;
    const readOptions = (sink: RowSink | undefined): ReadOptions => ({
      ...feedReadOptions(feed, format!),
      onBytes: onProgress && ((n) => (bytesRead = n)),
      sink,
      ...(part === null ? {} : { part }),
    });
    const read = (sink: RowSink | undefined) =>
      format === null
        ? recordsFromObjects(rows as readonly Record<string, unknown>[], feed.ignoreColumns)
        : fromStdin
          ? readFeedBytes(standardInput(stdin), null, readOptions(sink))
          : readFeedFile(path, readOptions(sink));
    const batches = (sink: RowSink | undefined) =>
      landing !== null && format?.name === "html" ? landing.batches(feed, () => read(sink)) : read(sink);
    const datePattern = feedDatePattern(feed.dateFormat);
    // The fields a pattern's {placeholders} read from each file's path, set as constants.
    const fromPath = entry === feed.path ? undefined : pathPlaceholders(entry);
    const readers = views.map((view) => ({
      ...viewReaderOptions(feed, view),
      channels,
      fixedWidth: format?.fixedWidth ?? false,
      offers: view.offers,
      inheritFrom: view.inheritFrom,
      skipWithout: view.skipWithout,
      priceInForce: view.kind === "price_history" && feed.priceInForce !== "never",
      repeated: view.repeated,
      profileColumns: view.profileColumns,
      quietColumns: profile?.quiet,
      datePattern,
      fromPath,
    }));
    const progress =
      onProgress &&
      ((feedRows: number) => onProgress({ file: feed.path, feedRows, totalRows: rowsBefore + feedRows, bytesRead, totalBytes }));
    try {
      // Shards by key range read a price feed only up to their range's end (or their part of it), in sku order.
      const ordered =
        shard?.bounds && kinds.includes("prices") ? { from: rangeStart(shard), below: rangeEnd(shard), part: part !== null } : null;
      // A partitioned file opened is this shard's whole; a row of another bucket's key is rejected.
      const misplaced =
        bucket === null
          ? null
          : (sku: string | null): string | null => {
              if (sku === null) return null;
              const key = keyOf(sku);
              const hashed = bucketOfKey!(key);
              return hashed === bucket ? null : wrongPartition(sku, key, hashed, bucket, partitioning!);
            };
      const result = await loadFeed(
        batches,
        readers,
        namesOnly ?? dataset,
        {
          timezone: timezone ?? null,
          intern,
          sku,
          defaultCurrency,
          channels,
          located,
          zoneOf: (location) => timezone ?? locationZone(location) ?? config.timezone,
          defaultZone: config.timezone,
          instants,
          minorUnits: (currency) => minorUnits(currency, config.minorUnits),
        },
        progress,
        // Its rows are counted (and rejected) by their own shard; those of a shard's part of a file, by that shard.
        namesOnly !== null ? NOT_OWNED : shard === null || shard.count === 1 || bucket !== null || part !== null ? null : owns,
        inPlace,
        ordered,
        misplaced,
      );
      if (namesOnly !== null) {
        for (const product of namesOnly.products!.values()) dataset.catalogueElsewhere.add(product);
        continue;
      }
      if (result.unsorted !== null) return { dataset, loaded, owns, keyOrder: { reason: "unsorted", file: feed.path, ...result.unsorted } };
      // Columns are reported by the shard that owns what has no sku but a file's rows (owns(null): the last, with key ranges), or, for a file of a
      // partitioned feed, by the one shard that opens it (each such file on its own).
      const unmapped = bucket !== null || owns(null) ? result.unmapped : [];
      loaded.push({ ...result, unmapped, entry: bucket === null ? entry : feed.path });
      if (shard?.bounds && dataset.families) return { dataset, loaded, owns, keyOrder: { reason: "families" } };
      rowsBefore += result.rows.read;
    } catch (error) {
      // A shard's part of a file that is not where a record starts: the file is not as sampled.
      if (error instanceof NotARecordStart)
        return { dataset, loaded, owns, keyOrder: { reason: "split", file: feed.path, line: error.line } };
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
  if (partitioning !== null) partitionedKeys(partitioning, dataset.families, shard);
  const inForceFeeds = new Set(
    feeds
      .filter(({ feed }) => feedViews(feed).some((v) => v.kind === "price_history") && feed.priceInForce !== "never")
      .map(({ feed }) => feed.path),
  );
  // The history rows that are their offer's price in force, told before any of them is an offer.
  const inForce = inForceFeeds.size === 0 ? () => false : priceInForce(dataset.offers, (point) => inForceFeeds.has(point.source.file));
  // A history row's bare instants are in its feed's zone, else its location's, else the config's
  // (a channel's default row, as a price row without a location is: read once, so that as the
  // price in force and as the Omnibus rules read it, it starts at one instant); its currency is its
  // own, else its location's, else the config's; its tax basis its own, else its offer's (with
  // tax where it is that offer's price in force): set once here, so the rows of other stores and
  // channels (Omnibus scope "channel" and "company") are neither read in the zone of the offer
  // judged nor compared in its currency or on its basis.
  applyHistoryDefaults(dataset, {
    zoneOf: (point) => (point.location !== null ? locationZone(point.location) : config.timezone),
    currencyOf: defaultCurrency,
    inForce,
  });
  if (inForceFeeds.size > 0) {
    addHistoryOffers(dataset, inForce, {
      // Rows of a location carry its zone already (set above).
      zoneOf: (point) => point.timezone ?? config.timezone,
      instants,
      minorUnits: (currency) => minorUnits(currency, config.minorUnits),
    });
    historyNotInherited(loaded, dataset, inForce);
  }
  // The stores a promotion names are places its channels' default rows are offers too (see evaluateOffers).
  for (const promotion of dataset.promotions) for (const code of promotion.locations) dataset.offers.locations.id(code, detach);
  // So are the stores of their own price history, for the rules that read it (see apartDefaults).
  for (const points of dataset.history.values())
    for (const p of points) if (p.location !== null) dataset.offers.locations.id(p.location, detach);
  return { dataset, loaded, owns, keyOrder: null };
}

/**
 * Names the price history in the rejection of a row that takes its amounts from another
 * channel's row without a location (inheritFrom) and found none, where the sku's price in that
 * channel is a price history's in force (see noRowToInherit): the rows that inherit are read
 * with the price feeds, and take from price rows alone; history becomes offers only once every
 * feed is read, and which offers it gives depends on the price rows, the inheriting ones too.
 */
function historyNotInherited(loaded: DatasetFeed[], dataset: Dataset, inForce: (point: PricePoint) => boolean): void {
  loaded.forEach((feed, i) => {
    if (!feed.rejected.some((r) => r.uninherited !== undefined)) return;
    const rejected = feed.rejected.map((r) => {
      const { sku, uninherited: channel } = r;
      if (sku === null || channel === undefined) return r;
      const history = dataset.history.get(sku)?.find((p) => p.channel === channel && p.location === null && inForce(p));
      return history === undefined ? r : { ...r, error: { ...r.error, reason: noRowToInherit(sku, channel, history.source.file) } };
    });
    loaded[i] = { ...feed, rejected };
  });
}

/** A shard owns none of the rows of another shard's bucket it reads (for the names of a catalogue). */
const NOT_OWNED: ShardOwner = Object.assign(() => false, { ofKey: () => false });

/** The partitioning of a run's partitioned feeds (the config refuses two that differ), or null. */
function runPartitioning(config: Config): Partitioning | null {
  return config.feeds.find((feed) => feed.partition !== undefined)?.partition ?? null;
}

/** A partitioned feed file's bucket, from its path's placeholder: not a bucket number below the buckets declared is a config error naming the file. */
function bucketFromPath(partition: Partitioning, file: string, captured: string): number {
  const bucket = fileBucket(captured, partition.buckets);
  if (typeof bucket === "number") return bucket;
  throw new PricelintError(
    "config",
    `the path's {${partition.placeholder}}: ${bucket}: a partitioned feed's files are named by their bucket, 0 to ${partition.buckets - 1}`,
    file,
  );
}

/**
 * Refuses what the keys of a partitioned run cannot be: by family with a catalogue that gives no
 * family (the buckets would be of nothing the run knows); by sku, in shards, with a catalogue with
 * families (a family is judged whole, but its members' rows lie in other shards' buckets).
 */
function partitionedKeys(partitioning: Partitioning, families: boolean, shard: Shard | null): void {
  if (partitioning.by === "family" && !families)
    throw new PricelintError(
      "config",
      'feeds are partitioned by family, but the catalogue gives no sku a family: map its "family" column, or declare the partition by sku',
    );
  if (partitioning.by === "sku" && families && shard !== null && shard.count > 1)
    throw new PricelintError(
      "config",
      "feeds are partitioned by sku, but the catalogue has families, which a shard must hold whole (their members' rows lie in other shards' buckets): partition the feeds by family upstream, or check them whole (without --shard or --workers)",
    );
}

/**
 * Refuses, in shards, a file read as prices that take amounts from another channel's rows
 * (inheritFrom) and as stores, a catalogue or promotions: only the shard of a sku reads the rows it
 * takes from, every shard the other views, and whether a row stands (a row one view rejects, no
 * view adds) depends on both.
 */
function refuseSplitInheriting(config: Config): void {
  config.feeds.forEach((feed, i) => {
    const views = feedViews(feed);
    const inheriting = views.find((v) => v.kind === "prices" && v.inheritFrom !== undefined);
    const byAll = views.find((v) => v.kind === "stores" || v.kind === "catalogue" || v.kind === "promotions");
    if (inheriting === undefined || byAll === undefined) return;
    throw new PricelintError(
      "config",
      `feeds[${i}] (${feed.path}): its prices take amounts from ${inheriting.inheritFrom} rows (inheritFrom), which only the shard of each sku reads, and its ${byAll.kind} view is read by every shard: whether a row stands depends on both, so it is checked whole: leave out --shard and --workers, or give the ${byAll.kind} a file of its own`,
    );
  });
}

/** Why a row whose key hashes to another bucket than its file's is rejected (`wrong_partition`). */
function wrongPartition(sku: string, key: string, hashed: number, bucket: number, partitioning: Partitioning): string {
  const of = key === sku ? `sku ${sku}` : `sku ${sku} (family ${key})`;
  return `${of} is in bucket ${hashed} by the ${partitioning.hash} hash over ${partitioning.buckets} buckets, but the file is bucket ${bucket}: check the feed's partition (by, hash, buckets) against how the files were written`;
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

/** The path of a feed read from standard input. */
const STDIN = "-";

/**
 * Standard input, which one feed reads once: its bytes, or its text as UTF-8 (a stream after
 * `setEncoding("utf8")` gives strings).
 */
function standardInput(stdin: CheckOptions["stdin"]): AsyncIterable<Uint8Array> {
  if (stdin === undefined)
    throw new PricelintError("usage", "a feed's path is \"-\", standard input, which this run was not given (check()'s stdin option)");
  return (async function* () {
    for await (const chunk of stdin as AsyncIterable<unknown>) {
      if (chunk instanceof Uint8Array) yield chunk;
      else if (typeof chunk === "string") yield Buffer.from(chunk, "utf8");
      else throw new PricelintError("usage", `stdin gave ${describeValue(chunk)}, where it gives bytes (a Buffer) or text`);
    }
  })();
}

/**
 * Refuses a format setting of a feed whose pattern matches files of several formats that the
 * format of `file`, one of them, does not take (`delimiter` over `p/b.json`, which `p/*` matches):
 * the setting would be ignored for that file without a word, as the config refuses it for a
 * feed of one format.
 */
function refuseSettingsNotTaken(feed: FeedConfig, file: string): void {
  const format = fileFormat(feed, file);
  const [first] = settingsNotTaken(feed, format);
  if (first === undefined) return;
  throw new PricelintError(
    "config",
    `feed path "${feed.path}": ${file} matches, a ${format.name} file by its name, but ${first.option} applies to ${first.takers.join(", ")} feeds: give the files of each format a feed of their own, its path ending in their file ending`,
  );
}

/**
 * Each feed whose path is a pattern as one feed per file it matches, in code-unit order, the
 * fields its placeholders captured from the file's path added to its constants.
 */
async function expandFeeds(feeds: readonly FeedConfig[], baseDir: string): Promise<{ feed: FeedConfig; entry: string; bucket?: number }[]> {
  const out: { feed: FeedConfig; entry: string; bucket?: number }[] = [];
  /** Each file named so far, by its identity (see io/file-identity.ts): the entry naming it and the path it was named by. */
  const named = new Map<string, { entry: string; path: string }>();
  for (const feed of feeds) {
    if (feed.path === STDIN || remotePages(feed) !== null) {
      out.push({ feed, entry: feed.path });
      continue;
    }
    // A pattern whose files could be of several formats: each file's settings are judged as it is read.
    const ofOneFormat = feedFormat(feed) !== null;
    for (const file of await feedFiles(feed.path, baseDir)) {
      if (!ofOneFormat) refuseSettingsNotTaken(feed, file.path);
      const identity = fileIdentity(resolve(baseDir, file.path));
      const earlier = named.get(identity);
      if (earlier !== undefined) {
        const entries =
          earlier.entry === feed.path
            ? `feed path "${feed.path}" is given twice, and names`
            : `feed paths "${earlier.entry}" and "${feed.path}" both name`;
        // Reached by two paths (a link, a linked folder): both named.
        const which = earlier.path === file.path ? file.path : `one file, as ${earlier.path} and as ${file.path}`;
        throw new PricelintError(
          "config",
          `${entries} ${which}: a file is read once, as one feed; to read it as several kinds or channels, give it once with views (docs/feeds.md, "One file, several kinds")`,
        );
      }
      named.set(identity, { entry: feed.path, path: file.path });
      // A partitioned feed's bucket placeholder is the file's bucket, no field of its rows.
      const bucketField = feed.partition?.placeholder;
      const fields = Object.fromEntries(Object.entries(file.captured).filter(([field]) => field !== bucketField));
      const captured = Object.keys(fields).length > 0;
      const expanded = { ...feed, path: file.path, ...(captured ? { constants: { ...feed.constants, ...fields } } : {}) };
      if (bucketField === undefined) out.push({ feed: expanded, entry: feed.path });
      else
        out.push({
          feed: expanded,
          entry: feed.path,
          bucket: bucketFromPath(feed.partition!, file.path, file.captured[bucketField] ?? ""),
        });
    }
  }
  return out;
}
