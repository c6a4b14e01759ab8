import { resolve } from "node:path";
import { PricelintError } from "../model/errors.js";
import { aDate, type CheckOptions } from "./options.js";
import { describeValue } from "../text/describe-value.js";

/** The options check() and checkStream() take: a key not among them is refused, never passed over. */
const OPTION_KEYS: ReadonlySet<string> = new Set([
  "at",
  "window",
  "baseline",
  "shard",
  "workers",
  "stdin",
  "windowByInstant",
  "previous",
  "previousAt",
  "feedsDir",
  "snapshot",
  "explain",
  "onProgress",
  "onWarning",
]);

/** The members of the options that are objects: a key not among them is refused too (`shard: { index, count, cout }`). */
const MEMBER_KEYS: Readonly<Record<string, readonly string[]>> = { shard: ["index", "count", "bounds"], window: ["from", "to"] };

/** The ways a previous state is given (CheckOptions.previous), one of them. */
const PREVIOUS_KEYS = ["snapshot", "feeds", "config"] as const;

/** The most worker threads a run takes. */
const MAX_WORKERS = 64;

/**
 * Refuses options a caller could not have meant, naming the option and what is wrong: options
 * that are no object, a key check() does not take (`att` for `at`), a value of another type
 * (a string where a Date goes), options that cannot go together. Each would otherwise fail deep
 * inside as a TypeError, or be passed over. What needs the input (feeds in memory or in files)
 * is refused by {@link checkInputOptions}.
 */
export function checkOptions(options: unknown): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw usage(`check's options must be an object, not ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw usage(`unknown option "${key}"; check takes ${[...OPTION_KEYS].join(", ")}`);
  }
  for (const [option, members] of Object.entries(MEMBER_KEYS)) {
    const value = (options as Record<string, unknown>)[option];
    if (typeof value !== "object" || value === null || Array.isArray(value)) continue;
    for (const key of Object.keys(value))
      if (!members.includes(key)) throw usage(`unknown option "${option}.${key}"; ${option} takes ${members.join(", ")}`);
  }
  const { shard, workers, baseline, onProgress, explain, at, window, windowByInstant, stdin, snapshot } = options as CheckOptions;
  if (window !== undefined && at !== undefined) throw usage("give at (one instant) or window (a span), not both");
  if (shard !== undefined) checkShard(shard);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS))
    throw usage(`workers must be a whole number from 1 to ${MAX_WORKERS}, not ${describeValue(workers)}`);
  if (baseline !== undefined && !Array.isArray(baseline))
    throw usage(`baseline must be an array of findings (readBaseline gives one), not ${describeValue(baseline)}`);
  if (onProgress !== undefined && typeof onProgress !== "function")
    throw usage(`onProgress must be a function, not ${describeValue(onProgress)}`);
  const { onWarning } = options as CheckOptions;
  if (onWarning !== undefined && typeof onWarning !== "function")
    throw usage(`onWarning must be a function, not ${describeValue(onWarning)}`);
  aBoolean(explain, "explain");
  aBoolean(windowByInstant, "windowByInstant");
  if (windowByInstant && window === undefined) throw usage("windowByInstant goes with window");
  if (stdin !== undefined && typeof (stdin as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] !== "function")
    throw usage(`stdin must be an async iterable of bytes or text (process.stdin is one), not ${describeValue(stdin)}`);
  checkChangeOptions(options as CheckOptions);
  if ((workers ?? 1) > 1 && shard !== undefined)
    throw usage("workers split the run into shards themselves: give workers or shard, not both");
  // Shard 1 of 1 is the whole run.
  if (snapshot !== undefined && ((workers ?? 1) > 1 || (shard !== undefined && shard.count > 1)))
    throw usage("a snapshot holds a whole run's offers: write it from a run without workers or shard");
  if (baseline !== undefined && shard !== undefined && shard.count > 1)
    throw usage("baseline compares a whole run, and a shard holds only its skus' findings: give baseline to a check without shard");
}

/** A shard is K of N with 1 ≤ K ≤ N; bounds, when given, skus in ascending order. */
function checkShard(shard: unknown): void {
  const { index, count, bounds } = (typeof shard === "object" && shard !== null ? shard : {}) as { [key: string]: unknown };
  if (
    !(typeof index === "number" && typeof count === "number" && Number.isInteger(index) && Number.isInteger(count)) ||
    index < 1 ||
    index > count
  )
    throw usage(`shard must be { index: K, count: N } with whole numbers 1 ≤ K ≤ N, not ${describeValue(shard)}`);
  const ascending = (list: unknown[]) => list.every((sku, i) => typeof sku === "string" && (i === 0 || sku > (list[i - 1] as string)));
  if (bounds !== undefined && !(Array.isArray(bounds) && bounds.length >= count - 1 && ascending(bounds)))
    throw usage(
      `shard.bounds must list at least ${count - 1} sku${count === 2 ? "" : "s"} in ascending order, not ${describeValue(bounds)}`,
    );
}

/** The previous state, its instant and the snapshot to write: each of its type, and together as {@link refuseChangeConflicts} allows. */
function checkChangeOptions({ previous, previousAt, feedsDir, snapshot, window }: CheckOptions): void {
  if (previous !== undefined) {
    const given = typeof previous === "object" && previous !== null && !Array.isArray(previous) ? Object.keys(previous) : [];
    const known = given.filter((key) => (PREVIOUS_KEYS as readonly string[]).includes(key));
    if (known.length > 1) throw usage(`previous gives ${known.join(" and ")}: give one previous state`);
    if (known.length !== 1 || given.length !== 1)
      throw usage(`previous must be { snapshot: FILE }, { feeds: DIR } or { config: FILE }, not ${describeValue(previous)}`);
    aPath((previous as Record<string, unknown>)[known[0]!], `previous.${known[0]}`);
  }
  if (previousAt !== undefined) aDate(previousAt, "previousAt");
  if (feedsDir !== undefined) aPath(feedsDir, "feedsDir");
  if (snapshot !== undefined) aPath(snapshot, "snapshot");
  refuseChangeConflicts({ previous, previousAt, snapshot, window: window !== undefined });
}

/** The options between runs that refusals name: {@link refuseChangeConflicts}'s, and those of the files a run reads (run-files.ts). */
export type ChangeOption = "previous" | "previousAt" | "feedsDir" | "snapshot" | "at" | "window";

/** What {@link refuseChangeConflicts} judges: the options between runs given, and whether a window is checked. */
export interface ChangeSettings {
  readonly previous?: CheckOptions["previous"] | undefined;
  readonly previousAt?: Date | undefined;
  readonly snapshot?: string | undefined;
  readonly window: boolean;
}

/**
 * Refuses options between runs that cannot go together: a previous state or a snapshot beside a
 * window; `previousAt` without a previous state, or beside a snapshot (which carries its own
 * instant); a snapshot written over the previous state the run reads. The CLI refuses its flags
 * with this same check, named as flags.
 */
export function refuseChangeConflicts(
  { previous, previousAt, snapshot, window }: ChangeSettings,
  /** How the caller names each option: the library by its key, the CLI by its flag. */
  name: (option: ChangeOption) => string = (option) => option,
): void {
  if (window && (previous !== undefined || snapshot !== undefined))
    throw usage(`a previous state and a snapshot are of one instant: give them with ${name("at")}, not with ${name("window")}`);
  if (previousAt !== undefined && previous !== undefined && "snapshot" in previous)
    throw usage(`${name("previousAt")} sets the instant of previous feeds; a snapshot carries its own: leave ${name("previousAt")} out`);
  if (previousAt !== undefined && previous === undefined) throw usage(`${name("previousAt")} goes with ${name("previous")}`);
  if (snapshot === undefined || previous === undefined) return;
  const [what, path] =
    "snapshot" in previous
      ? ["snapshot", previous.snapshot]
      : "config" in previous
        ? ["config", previous.config]
        : ["folder", previous.feeds];
  if (resolve(snapshot) === resolve(path))
    throw usage(`${name("snapshot")} would overwrite the ${what} ${name("previous")} reads: write today's to another file`);
}

/**
 * Refuses options that need what the input does not have: feeds given in memory have no files,
 * so no folder to read them from instead (`feedsDir`), nor one holding their previous state.
 */
export function checkInputOptions(inMemory: boolean, { feedsDir, previous }: CheckOptions): void {
  if (!inMemory) return;
  if (feedsDir !== undefined)
    throw usage("feedsDir reads a config's feed files from another folder; feeds given in memory have no files: leave feedsDir out");
  if (previous !== undefined && "feeds" in previous)
    throw usage(
      "previous: { feeds } reads this config's feed files from another folder; feeds given in memory have no files: give the previous state as { snapshot } or { config }",
    );
}

function aBoolean(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== "boolean") throw usage(`${name} must be true or false, not ${describeValue(value)}`);
}

/** A file or folder: text that is not empty (Node refuses a NUL in a path with an error of its own). */
function aPath(value: unknown, name: string): void {
  if (typeof value !== "string" || value === "" || value.includes("\0"))
    throw usage(`${name} must be a path (text, not empty), not ${describeValue(value)}`);
}

const usage = (message: string) => new PricelintError("usage", message);
