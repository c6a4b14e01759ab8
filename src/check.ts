import { dirname, isAbsolute, resolve } from "node:path";
import { version } from "../package.json";
import { parseDocument, validateConfig } from "./config/parse-config.js";
import type { Config, ConfigInput, FeedConfig } from "./config/schema.js";
import { channelRegistry } from "./config/channels.js";
import { Dataset } from "./engine/dataset.js";
import { evaluate, type Evaluation } from "./engine/evaluate.js";
import { FindingSet, type ReportFindings } from "./engine/finding-set.js";
import { rowFinding } from "./engine/row-finding.js";
import { summarise } from "./engine/summarise.js";
import { applyWaivers, waiversInForce } from "./engine/waivers.js";
import { applyBaseline, type BaselineFinding } from "./engine/baseline.js";
import { compareFindings } from "./engine/sort-findings.js";
import { PricelintError } from "./errors.js";
import type { FeedKind } from "./feeds/fields.js";
import { loadFeed, type LoadedFeed } from "./feeds/load-feed.js";
import { detach, StringPool } from "./feeds/string-pool.js";
import { recordsFromObjects } from "./io/json.js";
import type { RowSink } from "./io/record.js";
import { FeedFileError } from "./io/limits.js";
import { fileSize, formatOfPath, readFeedFile } from "./io/read-feed.js";
import { readText } from "./io/read-text.js";
import type { Report, RuleInfo } from "./model/report.js";
import { isRuleFile, readRuleFile, selectRules, type RuleFile } from "./rules/select-rules.js";
import { formatInstant, InstantCache, type Instant } from "./time/instant.js";
import { mergeIntervals } from "./engine/intervals.js";
import { changePoints } from "./engine/timeline.js";
import { sampleKeyBounds } from "./engine/key-ranges.js";
import { KeyOrderError, rangeEnd, shardOwner, type Shard } from "./engine/shard.js";
import { checkInThreads } from "./engine/threads.js";

/** A validated config and where it came from: feed and rule paths resolve against `baseDir`. */
export interface LoadedConfig {
  readonly config: Config;
  readonly file: string | null;
  readonly baseDir: string;
}

/** Feeds given as in-memory rows (objects with canonical field names), by kind. */
export type InMemoryFeeds = Partial<Record<FeedKind, readonly Record<string, unknown>[]>>;

/** A config written in code: the file form, or `feeds` as in-memory rows. */
export type CheckInput = LoadedConfig | ConfigInput | (Omit<ConfigInput, "feeds"> & { feeds: InMemoryFeeds });

export interface CheckOptions {
  /** The instant to check at; default: now. */
  readonly at?: Date;
  /**
   * Check every instant of `[from, to)` where an input changes instead: each violation is
   * reported once, with the `interval` in which it holds.
   */
  readonly window?: { readonly from: Date; readonly to: Date };
  /** Findings of an earlier report (see `readBaseline`): each finding is then marked new or unchanged. */
  readonly baseline?: readonly BaselineFinding[];
  /**
   * Check only the skus of shard K of N (by the stable hash of their family, else sku); merging
   * the N reports with `mergeReports` gives the unsharded report exactly.
   */
  readonly shard?: Shard;
  /**
   * Check in N worker threads, each one shard of the skus, for N cores: the same report. Every
   * thread reads every feed; the findings stay in the threads until they are read. Not with
   * `shard`. `onProgress` gets the rows all threads have read.
   */
  readonly workers?: number;
  /** Attach to each finding the evaluated condition tree that made its rule fire. */
  readonly explain?: boolean;
  /** Called as rows are read (once per batch of rows), for a progress display. */
  readonly onProgress?: (progress: Progress) => void;
}

/** How far reading has got: the feed being read, the rows read so far in it and in all, and its bytes read. */
export interface Progress {
  readonly file: string;
  readonly feedRows: number;
  readonly totalRows: number;
  /** Bytes of the feed file read so far, and its size; null for rows given in memory. */
  readonly bytesRead: number | null;
  readonly totalBytes: number | null;
}

/**
 * Reads and validates a config file (JSON or YAML).
 * @example const config = await loadConfig("pricelint.config.json");
 */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const document = parseDocument(await readText(path, "config"), path, "config");
  return { config: validateConfig(document, path), file: path, baseDir: dirname(resolve(path)) };
}

/**
 * Runs the whole pipeline — read, map, validate, normalise, index, evaluate — and returns the report,
 * every finding built: see {@link checkStream} for runs with millions of findings.
 * Bad rows become `feed/invalid-row` findings; a bad config or rule file throws a {@link PricelintError}.
 * @example
 * const report = await check(await loadConfig("pricelint.config.json"), { at: new Date() });
 * const report2 = await check({ feeds: { prices: rows }, rules: ["recommended"] });
 */
export async function check(input: CheckInput, options: CheckOptions = {}): Promise<Report> {
  const { baseline, ...rest } = options;
  const streamed = await checkStream(input, rest);
  const all = [...streamed.findings];
  if (!baseline) return { ...streamed, findings: all };
  const compared = applyBaseline(all, baseline);
  return { ...streamed, summary: { ...streamed.summary, baseline: compared.counts }, findings: compared.findings, absent: compared.absent };
}

/** A report whose findings are built one by one as they are read (see {@link checkStream}). */
export type StreamedReport = Omit<Report, "findings" | "absent"> & { readonly findings: ReportFindings };

/**
 * {@link check} without building the findings up front: they are kept compactly (about 12 bytes
 * each for offer and pair rules) and built, in report order, as `report.findings` is iterated;
 * `findings.size` and `findings.countByRule()` count them without building any. For feeds with
 * millions of rows and findings, and reports written as they are read.
 * @example
 * const report = await checkStream(await loadConfig("pricelint.config.json"));
 * for (const finding of report.findings) out.write(JSON.stringify(finding) + "\n");
 */
export async function checkStream(input: CheckInput, options: Omit<CheckOptions, "baseline"> = {}): Promise<StreamedReport> {
  const at = options.window?.from ?? options.at ?? new Date();
  if (Number.isNaN(at.getTime())) throw new PricelintError("usage", "the check instant is not a valid date");
  const window = options.window ? { from: options.window.from.getTime(), to: options.window.to.getTime() } : null;
  if (window && !(window.to > window.from)) throw new PricelintError("usage", "the window's end must be after its start");
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new PricelintError("usage", `workers must be a whole number from 1 to 64, not ${workers}`);
  if (workers > 1 && options.shard) throw new PricelintError("usage", "workers split the run into shards themselves: give workers or shard, not both");
  // Checked here first, so a bad config is the same error with workers as without.
  const { config, baseDir, memory } = prepare(input);
  if (workers > 1) {
    // Every thread checks the same instant: "now" is fixed once, here.
    const { window: span, explain } = options;
    // Shards by key range when the price feed looks sorted by sku (the threads check it does).
    const prices = memory === null ? config.feeds.find((f) => f.kind === "prices") : undefined;
    const bounds = prices ? await sampleKeyBounds(prices, resolvePath(baseDir, prices.path), workers) : null;
    return checkInThreads(input, { ...(span ? { window: span } : { at }), ...(explain ? { explain } : {}) }, workers, options.onProgress, bounds);
  }
  const channels = channelRegistry(config.channels);
  const ruleFiles = await readRuleFiles(config.rules, baseDir);
  const rules = selectRules(config.rules, ruleFiles, config.ruleSettings ?? {}, {
    channels: new Set(channels.keys()),
    minorUnits: config.minorUnits ?? {},
  });

  const loadedData = await loadDataset(config, baseDir, memory, new Set(channels.keys()), options.onProgress, options.shard ?? null);
  const { loaded, owns, dataset } = loadedData;
  // The feed- and config-scope rules are raised here rather than evaluated on entities.
  const rowRule = rules.find((r) => r.scope === "feed");
  const waiverRule = rules.find((r) => r.scope === "config");
  const waivers = config.waivers ?? [];
  const evaluateAt = (instant: Instant, compact: boolean): Evaluation => {
    const evaluation = evaluate(dataset, rules, {
      owns,
      at: instant,
      timezone: config.timezone,
      currency: config.currency ?? null,
      minorUnits: config.minorUnits,
      rounding: config.rounding,
      explain: options.explain,
      compact,
    });
    const objects = evaluation.objects;
    if (rowRule) for (const feed of loaded) for (const row of feed.rejected) objects.push(rowFinding(rowRule, row));
    return { ...evaluation, objects: applyWaivers(objects, waivers, instant, config.timezone, owns(null) ? waiverRule : undefined) };
  };
  let findings: FindingSet;
  if (window) {
    const zones = [...new Set([config.timezone, ...config.feeds.flatMap((f) => (f.timezone ? [f.timezone] : [])), ...[...dataset.locations.values()].flatMap((l) => (l.timezone ? [l.timezone] : []))])];
    const points = changePoints(dataset, zones, waivers.map((w) => w.until), window.from, window.to, new InstantCache());
    const merged = mergeIntervals(points.map((point) => evaluateAt(point, false).objects), points, window.to);
    findings = new FindingSet(merged.sort(compareFindings), [], null, []);
  } else {
    const instant = at.getTime();
    const evaluation = evaluateAt(instant, true);
    findings = new FindingSet(evaluation.objects.sort(compareFindings), evaluation.compact, evaluation.source, waiversInForce(waivers, instant, config.timezone));
  }
  return {
    tool: { name: "pricelint", version },
    at: formatInstant(at.getTime()),
    ...(window ? { window: { from: formatInstant(window.from), to: formatInstant(window.to) } } : {}),
    summary: summarise(findings.countBySeverity(), loaded.map((f) => f.rows), rules.length),
    findings,
    rules: rules.map(({ id, severity, scope, description, help, origin }) => ({ id, severity, scope, description, help, origin })),
  };
}

/** Reads every feed (stores first) through map → validate → normalise into one dataset. */
export async function loadDataset(
  config: Config,
  baseDir: string,
  memory: InMemoryFeeds | null,
  channels: ReadonlySet<string>,
  onProgress: CheckOptions["onProgress"],
  shard: Shard | null = null,
  /** Read plain price lines in place (see loadFeed); false only to compare with reading records. */
  inPlace = true,
): Promise<{ dataset: Dataset; loaded: LoadedFeed[]; owns: (sku: string | null) => boolean }> {
  const dataset = new Dataset();
  // The catalogue loads before prices, so a sku's family is known when its rows are assigned.
  const owns = shardOwner(shard, (sku) => (dataset.families ? (dataset.products!.get(sku)?.family ?? null) : null));
  const loaded: LoadedFeed[] = [];
  const strings = new StringPool();
  const intern = (text: string) => strings.intern(text);
  const sku = (text: string) => dataset.offers.skuText(text) ?? detach(text);
  const defaultCurrency = (location: string | null) =>
    (location === null ? null : dataset.locations.get(location)?.currency) ?? config.currency ?? null;
  let rowsBefore = 0;
  for (const feed of orderFeeds(config.feeds)) {
    if (feed.kind === "catalogue") dataset.products ??= new Map();
    const format = memory ? "json" : (feed.format ?? formatOfPath(feed.path));
    const rows = memory?.[feed.kind];
    const path = resolvePath(baseDir, feed.path);
    const totalBytes = rows || !onProgress ? null : fileSize(path);
    let bytesRead: number | null = null;
    const batches = (sink: RowSink | undefined) =>
      rows
        ? recordsFromObjects(rows)
        : readFeedFile(path, {
            format,
            encoding: feed.encoding ?? "utf-8",
            delimiter: feed.delimiter,
            skipLines: feed.skipLines ?? 0,
            onBytes: onProgress && ((n) => (bytesRead = n)),
            sink,
          });
    const reader = {
      kind: feed.kind,
      file: feed.path,
      numberFormat: { decimal: feed.decimal ?? ".", thousands: feed.thousands },
      channels,
      fixedWidth: format === "csv" || format === "tsv",
      columns: feed.columns,
      constants: feed.constants,
      values: feed.values,
    } as const;
    const progress = onProgress && ((feedRows: number) => onProgress({ file: feed.path, feedRows, totalRows: rowsBefore + feedRows, bytesRead, totalBytes }));
    try {
      // Shards by key range read a price feed only up to their range's end, in sku order.
      const ordered = shard?.bounds && feed.kind === "prices" ? { below: rangeEnd(shard) } : null;
      const result = await loadFeed(batches, reader, dataset, { timezone: feed.timezone ?? null, intern, sku, defaultCurrency, channels }, progress, shard === null || shard.count === 1 ? null : owns, inPlace, ordered);
      loaded.push(result);
      if (shard?.bounds && dataset.families) throw new KeyOrderError("the catalogue has families, which shards keep together by family rather than by sku range");
      rowsBefore += result.rows.read;
    } catch (error) {
      // A file the system cannot read is the user's to fix; anything else is a bug and stays one.
      const code = (error as NodeJS.ErrnoException).code;
      const userFixable = error instanceof FeedFileError || (typeof code === "string" && /^E[A-Z]+$/.test(code));
      if (!userFixable) throw error;
      throw new PricelintError("io", code === "ENOENT" ? "file not found" : (error as Error).message, feed.path, { cause: error });
    }
  }
  return { dataset, loaded, owns };
}

/** The rules a config runs, described as reports describe them (without reading any feed). */
export async function describeRules(input: LoadedConfig): Promise<RuleInfo[]> {
  const { config, baseDir } = input;
  const channels = channelRegistry(config.channels);
  const rules = selectRules(config.rules, await readRuleFiles(config.rules, baseDir), config.ruleSettings ?? {}, {
    channels: new Set(channels.keys()),
    minorUnits: config.minorUnits ?? {},
  });
  return rules.map(({ id, severity, scope, description, help, origin }) => ({ id, severity, scope, description, help, origin }));
}

function prepare(input: CheckInput): { config: Config; baseDir: string; memory: InMemoryFeeds | null } {
  if ("config" in input && "baseDir" in input) return { config: input.config, baseDir: input.baseDir, memory: null };
  if (!Array.isArray(input.feeds)) {
    const memory = input.feeds as InMemoryFeeds;
    const feeds = Object.keys(memory).map((kind) => ({ kind, path: `(${kind})` }));
    return { config: validateConfig({ ...input, feeds }, "(config)"), baseDir: ".", memory };
  }
  return { config: validateConfig(input, "(config)"), baseDir: ".", memory: null };
}

/** Stores first (their currencies and zones apply to prices), then catalogue, prices, promotions, inventory, history. */
const LOAD_ORDER: readonly FeedKind[] = ["stores", "catalogue", "prices", "promotions", "inventory", "price_history"];

function orderFeeds(feeds: readonly FeedConfig[]): FeedConfig[] {
  return [...feeds].sort((a, b) => LOAD_ORDER.indexOf(a.kind) - LOAD_ORDER.indexOf(b.kind));
}

async function readRuleFiles(entries: readonly (string | object)[], baseDir: string): Promise<Map<string, RuleFile>> {
  const files = new Map<string, RuleFile>();
  for (const entry of entries) {
    if (!isRuleFile(entry) || files.has(entry)) continue;
    const text = await readText(resolvePath(baseDir, entry), "rule");
    files.set(entry, readRuleFile(parseDocument(text, entry, "rule"), entry));
  }
  return files;
}

function resolvePath(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
