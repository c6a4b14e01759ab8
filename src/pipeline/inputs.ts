import { isAbsolute, resolve } from "node:path";
import type { LoadedConfig } from "../config/load-config.js";
import { parseDocument, validateConfig } from "../config/parse-config.js";
import type { Config, FeedConfig } from "../config/schema.js";
import type { FeedFormat } from "../io/formats/format.js";
import type { ReadOptions } from "../io/read-feed.js";
import { readText } from "../io/read-text.js";
import { isRuleFile, readRuleFile, type RuleFile } from "../rules/select-rules.js";
import { FEED_KINDS, type FeedKind } from "../model/fields.js";
import { PricelintError } from "../model/errors.js";
import type { CheckInput } from "./options.js";
import { describeValue } from "../text/describe-value.js";

/**
 * A run's validated config, the file it was loaded from (null for a config written in code),
 * the folder its paths resolve against, and its in-memory rows by kind (null: files).
 */
export interface PreparedInput {
  readonly config: Config;
  readonly file: string | null;
  readonly baseDir: string;
  readonly memory: MemoryRows | null;
}

/** The rows given in memory, by kind (each feed's setting is in the config). */
export type MemoryRows = Partial<Record<FeedKind, readonly Record<string, unknown>[]>>;

/** Validates a check's input: a loaded config as it is, a config written in code, or in-memory feeds. */
export function prepare(input: CheckInput): PreparedInput {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new PricelintError(
      "usage",
      `check's input must be a config (loadConfig gives one) or a config object, not ${describeValue(input)}`,
    );
  if ("config" in input && "baseDir" in input) {
    // Validated again: a LoadedConfig may be built by hand (the way to give a config written in
    // code a folder), and validating loadConfig's own again gives the same config.
    const { config, file, baseDir } = input as LoadedConfig;
    if (typeof baseDir !== "string")
      throw new PricelintError("usage", `a loaded config's baseDir must be a folder's path, not ${describeValue(baseDir)}`);
    const named = typeof file === "string" ? file : null;
    return { config: validateConfig(config, named ?? CONFIG), file: named, baseDir, memory: null };
  }
  const given: unknown = input.feeds;
  if (typeof given === "object" && given !== null && !Array.isArray(given)) {
    const { feeds, memory } = inMemory(given);
    return { config: validateConfig({ ...input, feeds }, CONFIG), file: null, baseDir: ".", memory };
  }
  if (given === undefined || Array.isArray(given)) return { config: validateConfig(input, CONFIG), file: null, baseDir: ".", memory: null };
  throw new PricelintError(
    "config",
    [{ path: "feeds", message: `expected a list of feeds, or rows in memory by kind, not ${describeValue(given)}` }],
    CONFIG,
  );
}

/** What a config written in code is called in messages. */
const CONFIG = "(config)";

/** The keys an in-memory feed given with its setting takes. */
const IN_MEMORY_FEED_KEYS: ReadonlySet<string> = new Set(["rows", "ignoreColumns"]);

/**
 * Feeds given in memory, by kind: the feeds of the config (`(prices)`), and the rows of each.
 * A kind left undefined is no feed, as a key left out; null is no array of rows (J13).
 */
function inMemory(given: object): { feeds: object[]; memory: MemoryRows } {
  const feeds: object[] = [];
  const memory: Record<string, unknown> = {};
  const refuse = (path: string, message: string) => new PricelintError("config", [{ path, message }], CONFIG);
  for (const [kind, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(FEED_KINDS as readonly string[]).includes(kind))
      throw refuse(`feeds.${kind}`, `not a feed kind; kinds: ${FEED_KINDS.join(", ")}`);
    const path = `(${kind})`;
    const withSetting = typeof value === "object" && value !== null && !Array.isArray(value) && "rows" in value;
    const { rows, ...setting } = (withSetting ? value : { rows: value }) as { rows: unknown; ignoreColumns?: unknown };
    for (const key of Object.keys(setting))
      if (!IN_MEMORY_FEED_KEYS.has(key))
        throw refuse(`feeds.${kind}.${key}`, `not a setting of an in-memory feed, which takes ${[...IN_MEMORY_FEED_KEYS].join(" and ")}`);
    const { ignoreColumns } = setting;
    if (
      ignoreColumns !== undefined &&
      !(Array.isArray(ignoreColumns) && ignoreColumns.every((key) => typeof key === "string" && key !== ""))
    )
      throw refuse(`feeds.${kind}.ignoreColumns`, `expected a list of keys (text, not empty), not ${describeValue(ignoreColumns)}`);
    // Refused here, before worker threads are given the rows (a function could not go to them).
    if (!Array.isArray(rows))
      throw new PricelintError("io", `expected an array of rows, got ${rows === null ? "null" : typeof rows}`, path);
    feeds.push({
      kind: kind as FeedKind,
      path,
      ...(ignoreColumns === undefined ? {} : { ignoreColumns: [...(ignoreColumns as string[])] }),
    });
    memory[kind] = rows;
  }
  return { feeds, memory: memory as MemoryRows };
}

/**
 * What a run's digest (`run.config`) covers beside its feeds: the config, and the text of each
 * rule file it names, so that shards checked with an edited house rule are not merged as one
 * run. Without rule files, the config alone, as before.
 */
export async function runIdentity(prepared: PreparedInput): Promise<unknown> {
  const files = [...new Set((prepared.config.rules ?? []).filter(isRuleFile))];
  if (files.length === 0) return prepared.config;
  const ruleFiles: Record<string, string> = {};
  for (const file of files) ruleFiles[file] = await readText(resolvePath(prepared.baseDir, file), "rule");
  return { config: prepared.config, ruleFiles };
}

/** Reads and validates the rule files a config's `rules` names, by their entry. */
export async function readRuleFiles(entries: readonly (string | object)[], baseDir: string): Promise<Map<string, RuleFile>> {
  const files = new Map<string, RuleFile>();
  for (const entry of entries) {
    if (!isRuleFile(entry) || files.has(entry)) continue;
    const text = await readText(resolvePath(baseDir, entry), "rule");
    files.set(entry, readRuleFile(parseDocument(text, entry, "rule"), entry));
  }
  return files;
}

/** A config path, resolved against the config's folder unless absolute. */
export function resolvePath(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** How a feed's file is read, from its settings (encoding, delimiter, title lines, numbers, sheet, record element). */
export function feedReadOptions(feed: FeedConfig, format: FeedFormat): ReadOptions {
  return {
    format,
    encoding: feed.encoding ?? "utf-8",
    delimiter: feed.delimiter,
    quotes: feed.quotes,
    skipLines: feed.skipLines ?? 0,
    decimal: feed.decimal,
    sheet: feed.sheet,
    recordElement: feed.recordElement,
    ignoreColumns: feed.ignoreColumns,
  };
}
