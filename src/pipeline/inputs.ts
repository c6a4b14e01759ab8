import { isAbsolute, resolve } from "node:path";
import type { LoadedConfig } from "../config/load-config.js";
import { parseDocument, validateConfig } from "../config/parse-config.js";
import type { Config, FeedConfig } from "../config/schema.js";
import type { FeedFormat } from "../io/formats/format.js";
import type { ReadOptions } from "../io/read-feed.js";
import { readText } from "../io/read-text.js";
import { isRuleFile, readRuleFile, type RuleFile } from "../rules/select-rules.js";
import type { CheckInput, InMemoryFeeds } from "./options.js";

/** A run's validated config, the folder its paths resolve against, and its in-memory feeds (null: files). */
export interface PreparedInput {
  readonly config: Config;
  readonly baseDir: string;
  readonly memory: InMemoryFeeds | null;
}

/** Validates a check's input: a loaded config as it is, a config written in code, or in-memory feeds. */
export function prepare(input: CheckInput): PreparedInput {
  if ("config" in input && "baseDir" in input) return { config: (input as LoadedConfig).config, baseDir: input.baseDir, memory: null };
  if (!Array.isArray(input.feeds)) {
    const given = input.feeds as InMemoryFeeds;
    // A kind left undefined is no feed, as a key left out (null is no array of rows: J13).
    const memory = Object.fromEntries(Object.entries(given).filter(([, rows]) => rows !== undefined)) as InMemoryFeeds;
    const feeds = Object.keys(memory).map((kind) => ({ kind, path: `(${kind})` }));
    return { config: validateConfig({ ...input, feeds }, "(config)"), baseDir: ".", memory };
  }
  return { config: validateConfig(input, "(config)"), baseDir: ".", memory: null };
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
