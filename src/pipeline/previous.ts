import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { looksLikeReport } from "../report/read-report.js";
import { datasetOffers, type ResolveSettings } from "../changes/dataset-offers.js";
import { PreviousOffers, type PreviousEntry } from "../changes/previous-offers.js";
import {
  endLine,
  headerLine,
  looksLikeSnapshot,
  offerLine,
  parseHeader,
  settingsDifferences,
  snapshotSettings,
  SnapshotLines,
  type SnapshotSettings,
} from "../changes/snapshot-format.js";
import { channelRegistry } from "../config/channels.js";
import { loadConfig } from "../config/load-config.js";
import type { Config } from "../config/schema.js";
import { minorUnits } from "../money/currencies.js";
import { fileHead, fileLines, isFolder, writeGzipText } from "../io/lines-file.js";
import { describeFileError } from "../io/read-text.js";
import { PricelintError } from "../model/errors.js";
import { formatInstant, type Instant } from "../time/instant.js";
import { loadDataset } from "./load-dataset.js";
import type { CheckOptions } from "./options.js";

/** Where the previous state comes from (see CheckOptions.previous). */
type PreviousInput = NonNullable<CheckOptions["previous"]>;

/**
 * What a path given as the previous state is: a folder holds the previous feeds; a file is a
 * snapshot when its (decompressed) first line is a snapshot's header, whatever it is called, a
 * config when it ends in .json, .yaml or .yml; anything else is refused, naming what was found.
 */
export async function previousInput(path: string): Promise<PreviousInput> {
  let folder: boolean;
  try {
    folder = await isFolder(path);
  } catch (error) {
    throw new PricelintError("usage", `--previous: ${describeFileError(error)}`, path, { cause: error });
  }
  if (folder) return { feeds: path };
  const head = await fileHead(path);
  if (head.bytes === 0)
    throw new PricelintError("usage", "--previous: the file is empty (a run that stopped before writing its snapshot?)", path);
  if (head.gzip && head.corrupt !== undefined)
    throw new PricelintError(
      "usage",
      `--previous: the gzip data is corrupt (${head.corrupt}): the file was damaged after it was written`,
      path,
    );
  if (looksLikeSnapshot(head.text)) return { snapshot: path };
  if (looksLikeReport(head.text))
    throw new PricelintError(
      "usage",
      "--previous takes a snapshot (check --snapshot), a config or a folder of the previous feeds; this is a pricelint report, which --baseline takes",
      path,
    );
  if ([".json", ".yaml", ".yml"].includes(extname(path).toLowerCase())) return { config: path };
  const what = head.gzip ? "gzip data that is not a pricelint snapshot" : "neither a pricelint snapshot nor a config (.json, .yaml, .yml)";
  throw new PricelintError(
    "usage",
    `--previous takes a snapshot (check --snapshot), a config or a folder of the previous feeds; this is ${what}`,
    path,
  );
}

/** What loading the previous state needs of the run. */
export interface PreviousContext {
  readonly config: Config;
  /** The folder the run's config is in. */
  readonly baseDir: string;
  /** The folder today's feeds are read from: the report names every source's file relative to it. */
  readonly feedsDir: string;
  readonly channels: ReadonlySet<string>;
  /** The settings that make amounts comparable, the run's. */
  readonly settings: SnapshotSettings;
  /** The instant a previous state read from feeds is resolved at. */
  readonly at: Instant;
  readonly owns: (sku: string) => boolean;
}

/** A file of the previous state as the report names it: relative to today's feeds folder, with `/`. */
function citedFrom(feedsDir: string, file: string): string {
  return relative(feedsDir, file).split(sep).join("/");
}

/** The previous state, from a snapshot or from feeds, with the skus this run owns. */
export async function loadPrevious(input: PreviousInput, run: PreviousContext): Promise<PreviousOffers> {
  if ("snapshot" in input) return readSnapshot(input.snapshot, run);
  let config = run.config;
  let baseDir: string;
  let label: string;
  if ("feeds" in input) {
    baseDir = resolve(input.feeds);
    label = input.feeds;
  } else {
    const loaded = await loadConfig(input.config);
    const differences = settingsDifferences(settingsOf(loaded.config), run.settings, "the previous config");
    if (differences.length > 0)
      throw new PricelintError(
        "config",
        `the previous feeds' config is not comparable with this run's: ${differences.join("; ")}`,
        input.config,
      );
    config = loaded.config;
    baseDir = loaded.baseDir;
    label = dirname(input.config);
  }
  const dataset = await previousDataset(
    config,
    baseDir,
    run.channels,
    "feeds" in input ? `folder ${input.feeds}` : `config ${input.config}`,
  );
  const previous = new PreviousOffers(`feeds ${label}`, formatInstant(run.at));
  const settings: ResolveSettings = {
    at: run.at,
    timezone: config.timezone,
    currency: config.currency ?? null,
    minorUnits: config.minorUnits,
    rounding: config.rounding,
    owns: run.owns,
    channels: channelRegistry(config.channels),
  };
  // Given as an absolute path, named by it; else relative to today's feeds, as today's sources are.
  const name = (file: string) =>
    isAbsolute(file) ? file : isAbsolute(label) ? join(label, file) : citedFrom(run.feedsDir, resolve(baseDir, file));
  for (const entry of datasetOffers(dataset, settings, name)) previous.add(entry);
  return previous;
}

/** The previous feeds loaded; what stops them names the previous state (`cat.csv: file not found` could be today's). */
async function previousDataset(config: Config, baseDir: string, channels: ReadonlySet<string>, what: string) {
  // Standard input is today's run's, read once: the previous state's feeds are files.
  if (config.feeds.some((feed) => feed.path === "-"))
    throw new PricelintError(
      "usage",
      `the previous state (${what}): a feed's path is "-", standard input, which is today's feed: give the previous state as files (a folder or a config whose feeds are files) or as a snapshot`,
    );
  try {
    return (await loadDataset(config, baseDir, { channels })).dataset;
  } catch (error) {
    if (!(error instanceof PricelintError)) throw error;
    throw new PricelintError(error.code, `the previous state (${what}): ${error.message}`, null, { cause: error });
  }
}

/** The settings of a config that make its amounts comparable. */
export function settingsOf(config: Config): SnapshotSettings {
  return snapshotSettings(channelRegistry(config.channels).keys(), config.currency ?? null, config.minorUnits, config.rounding);
}

/**
 * Reads a snapshot as it streams (gzip or plain text), keeping the offers of the skus this run
 * owns. Refused, naming what is wrong: not a snapshot, another version, other settings than the
 * run's, a damaged line, data cut short (corrupt gzip, or no end line).
 */
async function readSnapshot(file: string, run: PreviousContext): Promise<PreviousOffers> {
  let previous: PreviousOffers | null = null;
  let lines: SnapshotLines | null = null;
  let number = 0;
  const onLine = (text: string) => {
    number++;
    if (previous === null) {
      const header = parseHeader(text, file);
      const differences = settingsDifferences(header.settings, run.settings, "the snapshot");
      if (differences.length > 0)
        throw new PricelintError("config", `the snapshot was written with other settings than this run's: ${differences.join("; ")}`, file);
      previous = new PreviousOffers(`snapshot ${file}`, header.at, header.defaultsAtStores);
      lines = new SnapshotLines(
        file,
        run.settings.channels,
        header.version,
        isAbsolute(file) ? file : citedFrom(run.feedsDir, resolve(file)),
      );
      return;
    }
    const entry = lines!.read(text, number);
    if (entry === null || !run.owns(entry.sku)) return;
    const problem = previous.add(entry);
    if (problem !== null)
      throw new PricelintError(
        "io",
        [
          {
            path: `line ${number}`,
            message:
              problem === "duplicate"
                ? "an offer repeated: the snapshot is damaged"
                : `the offers of sku ${entry.sku} are not together: the snapshot is damaged`,
          },
        ],
        file,
      );
  };
  try {
    for await (const line of fileLines(file)) {
      onLine(line);
    }
  } catch (error) {
    if (error instanceof PricelintError)
      throw error.file === null ? new PricelintError(error.code, error.issues, file, { cause: error }) : error;
    if (error instanceof TypeError) throw new PricelintError("io", "the snapshot is not UTF-8 text: it is damaged", file, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code))
      throw new PricelintError("io", describeFileError(error), file, { cause: error });
    throw error;
  }
  if (previous === null) throw new PricelintError("io", "not a pricelint snapshot: it is empty", file);
  // Set with `previous`, by the header line.
  if ((lines as SnapshotLines | null)?.ended === null)
    throw new PricelintError("io", `the snapshot ends after ${number} lines without its end line: it was cut short`, file);
  return previous;
}

/** The snapshot's gzip level. */
const SNAPSHOT_GZIP_LEVEL = 1;

/**
 * Writes a snapshot of the run's offers, gzipped, as it goes: a header with the instant and the
 * settings, each offer's line, the end line.
 */
export async function writeSnapshot(
  file: string,
  at: Instant,
  settings: SnapshotSettings,
  entries: Iterable<PreviousEntry>,
): Promise<number> {
  let count = 0;
  function* text(): Generator<string> {
    yield `${headerLine(formatInstant(at), settings)}\n`;
    for (const entry of entries) {
      count++;
      yield `${offerLine(entry, minorUnits(entry.currency, settings.minorUnits))}\n`;
    }
    yield `${endLine(count)}\n`;
  }
  try {
    // Level 1: a third of level 6's time for about 1.4 times the bytes (bench/RESULTS.md, "Changes between runs").
    await writeGzipText(file, text(), SNAPSHOT_GZIP_LEVEL);
  } catch (error) {
    if (error instanceof PricelintError) throw error;
    throw new PricelintError("io", `cannot write the snapshot: ${describeFileError(error)}`, file, { cause: error });
  }
  return count;
}
