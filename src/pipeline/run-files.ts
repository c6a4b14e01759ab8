import { resolve } from "node:path";
import { feedKinds } from "../config/feed-views.js";
import { loadConfig } from "../config/load-config.js";
import { pagesToFetch, type Config } from "../config/schema.js";
import { isPathPattern, matchesNoFile, patternFiles } from "../io/feed-paths.js";
import { isFolder } from "../io/lines-file.js";
import { PricelintError } from "../model/errors.js";
import { isRuleFile } from "../rules/select-rules.js";
import type { ChangeOption } from "./check-options.js";
import { resolvePath, type PreparedInput } from "./inputs.js";
import type { CheckOptions } from "./options.js";
import { identity } from "../io/file-identity.js";
import { refuseOverwriting, type InputFile } from "./overwrite-guard.js";

/** How a refusal names an option: the library by its key (`feedsDir`), the CLI by its flag (`--feeds`). */
export type OptionName = (option: ChangeOption) => string;

/** What the files a run reads are found from: its config, where the config is, and whether its feeds are files. */
export type RunSource = Pick<PreparedInput, "config" | "file" | "baseDir" | "memory">;

/** The options that say which files a run reads besides its config's: the folder of its feeds, and the previous state. */
export interface RunFileOptions {
  readonly feedsDir?: string | undefined;
  readonly previous?: CheckOptions["previous"] | undefined;
}

/**
 * Refuses, before a run reads anything, what check() and the command line refuse alike about the
 * files a run reads and writes: a `feedsDir` that is no folder, a previous state that reads
 * today's feed files, a snapshot written over a file the run reads (its config, a feed, a
 * previous feed, a rule file, the previous state). Each would otherwise fail on a feed with a
 * message naming neither the option nor its folder, compare the feeds with themselves and find
 * no change, or write gzip data over the run's own input. Options are named by their keys.
 */
export async function refuseRunFiles(
  source: RunSource,
  { feedsDir, previous, snapshot }: Pick<CheckOptions, "feedsDir" | "previous" | "snapshot">,
): Promise<void> {
  const name: OptionName = (option) => option;
  if (feedsDir !== undefined) await refuseFeedsFolder(feedsDir, name);
  const inputs = await runInputs(source, { feedsDir, previous }, name);
  if (snapshot !== undefined)
    refuseOverwriting([{ asked: `${name("snapshot")} ${snapshot}`, what: "the snapshot", file: snapshot }], inputs);
}

/** The errors {@link inFeedsFolder} made, each the original's (its `cause`) naming the folder. */
const folderErrors = new WeakSet<PricelintError>();

/**
 * A feed file not found, or not read, in the folder `feedsDir` names: the error saying that
 * folder, as `name` names the option (`feedsDir DIR: prices.csv: file not found`), since the
 * file's name alone points at the config's folder. Any other error is given back as it is; one
 * this made already is named again from its original (the CLI names the option as a flag).
 */
export function inFeedsFolder(error: unknown, config: Config, feedsDir: string | undefined, name: OptionName): unknown {
  const original = error instanceof PricelintError && folderErrors.has(error) ? error.cause : error;
  if (feedsDir === undefined || !(original instanceof PricelintError) || original.code !== "io") return error;
  if (!config.feeds.some((feed) => feed.path === original.file)) return error;
  const named = new PricelintError("io", `${name("feedsDir")} ${feedsDir}: ${original.message}`, null, { cause: original });
  folderErrors.add(named);
  return named;
}

/** A `feedsDir` that is no folder: refused naming it, before a feed in it is looked for. */
export async function refuseFeedsFolder(dir: string, name: OptionName): Promise<void> {
  let folder: boolean;
  try {
    folder = await isFolder(dir);
  } catch {
    throw new PricelintError("usage", `${name("feedsDir")} ${dir}: no such folder`);
  }
  if (!folder)
    throw new PricelintError("usage", `${name("feedsDir")} ${dir}: not a folder (the folder the config's feed paths are read in)`);
}

/**
 * The files a run reads, each with what it is: its config, its feed files (in `feedsDir` when
 * given; none for feeds given in memory), the previous state's feed files, the rule files, and
 * the previous state itself. A previous state that reads today's feed files is refused first
 * (see {@link refuseSameFeeds}), its option named as `name` names it.
 */
export async function runInputs(
  { config, file, baseDir, memory }: RunSource,
  { feedsDir, previous }: RunFileOptions,
  name: OptionName,
): Promise<InputFile[]> {
  // A pattern that matches nothing in the folder feedsDir names is that folder's to answer for, not the config's.
  const folder = feedsDir === undefined ? null : `${name("feedsDir")} ${feedsDir}`;
  const today = memory === null ? await feedFilesOf(config, feedsDir ?? baseDir, "the feed", folder) : [];
  const before = previous === undefined ? [] : await previousFeedFiles(previous, config);
  refuseSameFeeds(today, before, name);
  return [
    ...(file !== null ? [[file, "the config"] as const] : []),
    ...today.map(named),
    ...before.map(named),
    ...(config.rules ?? []).filter(isRuleFile).map((rule) => [resolvePath(baseDir, rule), `the rule file ${rule}`] as const),
    ...(previous !== undefined ? [[previousPath(previous), "the previous state"] as const] : []),
  ];
}

/** The file or folder a previous state is read from. */
function previousPath(previous: NonNullable<CheckOptions["previous"]>): string {
  return "snapshot" in previous ? previous.snapshot : "config" in previous ? previous.config : previous.feeds;
}

/** A feed file: its path, what it is for messages, and whether offers' prices are read from it (see {@link readsPrices}). */
type FeedFile = readonly [path: string, what: string, priced: boolean];

/** A feed file as a file the run reads: its path and what it is. */
const named = ([path, what]: FeedFile): InputFile => [path, what];

/** Whether a feed's rows give offers' prices: a prices view, or a price_history one read as the price in force. */
const readsPrices = (feed: Config["feeds"][number]) =>
  feedKinds(feed).some((kind) => kind === "prices" || (kind === "price_history" && feed.priceInForce !== "never"));

/**
 * The files a config's feeds read in `folder` (each a pattern names), each as a {@link FeedFile}.
 * A pattern that matches nothing there is refused naming the folder as `named` says (`--feeds
 * DIR`, as a feed file not found there is named); with `named` null it is the run's to refuse.
 */
async function feedFilesOf(config: Config, folder: string, what: string, named: string | null): Promise<FeedFile[]> {
  // Each file a feed's pattern names is read; a pattern that cannot be read is the run's to refuse.
  const filesOf = async (path: string): Promise<string[]> => {
    if (!isPathPattern(path)) return [resolve(folder, path)];
    let files: string[];
    try {
      files = (await patternFiles(path, folder)).map((file) => resolve(folder, file.path));
    } catch {
      return [];
    }
    if (files.length === 0 && named !== null) throw new PricelintError("io", `${named}: ${matchesNoFile(path)}`);
    return files;
  };
  const lists = await Promise.all(
    config.feeds
      .filter((feed) => feed.path !== "-" && pagesToFetch(feed.path) === null)
      .map(async (feed) => (await filesOf(feed.path)).map((file) => [file, `${what} ${feed.path}`, readsPrices(feed)] as const)),
  );
  return lists.flat();
}

/** The feed files a previous state given as a folder (this config's feeds there) or as a config reads; none for a snapshot. */
async function previousFeedFiles(previous: NonNullable<CheckOptions["previous"]>, config: Config): Promise<FeedFile[]> {
  if ("feeds" in previous) return feedFilesOf(config, previous.feeds, `the previous feed in ${previous.feeds}:`, null);
  if ("config" in previous) {
    const other = await loadConfig(previous.config);
    return feedFilesOf(other.config, other.baseDir, `the previous config's feed`, null);
  }
  return [];
}

/**
 * Refuses a previous state that reads the very files today's feeds are read from (the same
 * folder by another name or a link, the run's own config, a copy of it): the run would compare
 * the feeds with themselves and find no change, every night. Nor may it read one of today's
 * price files (prices, price_history) for prices: that file's offers would be compared with
 * themselves. A shared catalogue, stores, promotions or inventory file is fine.
 */
function refuseSameFeeds(today: readonly FeedFile[], previous: readonly FeedFile[], name: OptionName): void {
  if (today.length === 0 || previous.length === 0) return;
  const ids = (files: readonly FeedFile[]) => new Set(files.map(([file]) => identity(file)));
  const a = ids(today);
  const b = ids(previous);
  if (a.size === b.size && [...a].every((id) => b.has(id)))
    throw new PricelintError(
      "usage",
      `${name("previous")} reads the same feed files as today's run: the run would compare the feeds with themselves`,
    );
  const pricedBefore = new Map(previous.filter(([, , priced]) => priced).map(([file, what]) => [identity(file), what]));
  for (const [file, what, priced] of today) {
    const before = priced ? pricedBefore.get(identity(file)) : undefined;
    if (before !== undefined)
      throw new PricelintError(
        "usage",
        `${name("previous")} reads a price file of today's run (${what}) too, as ${before}: its offers would be compared with themselves; give the previous state its own copy`,
        file,
      );
  }
}
