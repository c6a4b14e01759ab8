import type { LoadedConfig } from "../config/load-config.js";
import type { ConfigInput } from "../config/schema.js";
import type { Shard } from "../dataset/shard.js";
import { PricelintError } from "../model/errors.js";
import type { FeedKind } from "../model/fields.js";
import type { BaselineFinding, Report, ReportFindings } from "../model/report.js";
import { unwritableInstant } from "../time/instant.js";
import { describeValue } from "../text/describe-value.js";

/**
 * Feeds given as in-memory rows (objects with canonical field names), by kind: the rows, or the
 * rows with the keys left unread on purpose (a feed's `ignoreColumns`: nothing in them rejects a
 * row, a nested object say, and no warning names them).
 */
export type InMemoryFeeds = Partial<
  Record<
    FeedKind,
    readonly Record<string, unknown>[] | { readonly rows: readonly Record<string, unknown>[]; readonly ignoreColumns?: readonly string[] }
  >
>;

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
   * thread reads every feed; the findings stay in the threads until they are read. No more
   * threads than the machine's cores or the feeds' rows are started; `onWarning` says so when
   * fewer than N are. Not with `shard`. `onProgress` gets the rows all threads have read.
   */
  readonly workers?: number;
  /**
   * The bytes of standard input, read by the feed whose path is `-` (the CLI passes the
   * process's), or its text (read as UTF-8: a stream after `setEncoding("utf8")`). A run with
   * such a feed reads it in one thread.
   */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  /**
   * @internal With `window`: check every instant where an input changes as a whole and merge
   * the results, rather than evaluate again only what each change reaches. The same report,
   * slower; kept as the reference that tests and the window benchmark compare with.
   */
  readonly windowByInstant?: boolean;
  /**
   * The previous state of the same offers, which the change facts (`previous.*`, `priceChange`…)
   * and the `change/` rules compare with: a snapshot written by `snapshot`, the config's feeds
   * read from another folder, or another config of the previous feeds (see `docs/changes.md`).
   * Not with `window`. Paths as given (relative ones against the working directory).
   */
  readonly previous?: { readonly snapshot: string } | { readonly feeds: string } | { readonly config: string };
  /** The instant a previous state read from feeds is resolved at; default: the check instant. Only with `previous` feeds or a config: a snapshot carries its own. */
  readonly previousAt?: Date;
  /** Read the config's feeds from this folder instead of the config's (a dated export folder); not for feeds given in memory. */
  readonly feedsDir?: string;
  /** Write a snapshot of the run's offers (effective prices at the instant) to this file, for a later run's `previous`. */
  readonly snapshot?: string;
  /** Attach to each finding the evaluated condition tree that made its rule fire. */
  readonly explain?: boolean;
  /** Called as rows are read (once per batch of rows), for a progress display. */
  readonly onProgress?: (progress: Progress) => void;
  /**
   * Called once the run is done with each warning the CLI prints as a `warning:` or `note:`
   * line: a thing the config sets that does nothing (settings of a rule `rules` leaves off, a
   * waiver of a rule that is not on: `ruleSettings["price/below-cost"]: the rules do not switch
   * this rule on, …`), what the data leaves unjudged, fewer `workers` than asked.
   */
  readonly onWarning?: (warning: string) => void;
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

/** A report whose findings are built one by one as they are read (see {@link checkStream}). */
export type StreamedReport = Omit<Report, "findings" | "absent"> & { readonly findings: ReportFindings };

/** The instant a run checks at (a window's start), and the window as milliseconds; a bad one is a usage error. */
export function resolveWhen(options: Pick<CheckOptions, "at" | "window">): { at: Date; window: { from: number; to: number } | null } {
  if (options.window !== undefined) {
    aDate(options.window?.from, "window.from");
    aDate(options.window?.to, "window.to");
  }
  if (options.at !== undefined) aDate(options.at, "at");
  const at = options.window?.from ?? options.at ?? new Date();
  const window = options.window ? { from: options.window.from.getTime(), to: options.window.to.getTime() } : null;
  if (window && !(window.to > window.from))
    throw new PricelintError(
      "usage",
      `the window's end (${options.window!.to.toISOString()}) must be after its start (${options.window!.from.toISOString()})`,
    );
  return { at, window };
}

/** Refuses what is not a valid Date where one is needed (a string would fail deep inside, as a TypeError). */
export function aDate(value: unknown, name: string): void {
  if (!(value instanceof Date)) throw new PricelintError("usage", `${name} must be a Date, not ${describeValue(value)}`);
  if (Number.isNaN(value.getTime())) throw new PricelintError("usage", `${name} is an invalid Date (its time is NaN)`);
  const unwritable = unwritableInstant(value.getTime());
  if (unwritable !== null) throw new PricelintError("usage", `${name}: ${unwritable}`);
}
