import { mergeOrdered } from "./merge-ordered.js";
import { availableParallelism } from "node:os";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { fileSize } from "../io/read-feed.js";
import { isPathPattern } from "../io/feed-paths.js";
import { prepare, resolvePath } from "../pipeline/inputs.js";
import type { CheckInput } from "../pipeline/options.js";
import { PricelintError, type PricelintErrorCode, type PricelintIssue } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { COUNT_KEYS, noFindings, type LaterStock, type Report } from "../model/report.js";
import { bySource } from "../model/source.js";
import type { FindingFormat, FindingTexts } from "../report/finding-text.js";
import type { ReportFindings } from "../model/report.js";
import type { CheckOptions, Progress } from "../pipeline/options.js";
import { describeKeyOrder, type KeyOrderProblem, type ThreadShard } from "../dataset/shard.js";
import { compareFindings } from "../findings/order.js";
import { firstOfEachRule, outlines, type FindingOutline, type FindingOutlines } from "../findings/finding-outline.js";
import { comparedFindings, type ComparedFinding, type ComparedFindings } from "../findings/baseline.js";
import { emptyHead, headsByRule, type RuleHead, type RuleHeads } from "../findings/rule-heads.js";
import { mergeUnjudged, summarise, sumFeedRows } from "../findings/summarise.js";
import { compareText } from "../text/compare.js";
import { utf8Text } from "../text/utf8-out.js";
import { readSpill, SpillFile } from "../io/spill-file.js";
import { sendableInput, type PutBack } from "./sendable-input.js";
import type { KeyRanges } from "./key-ranges.js";

/** The fewest bytes a feed row takes (`A,web,1\n` is 8): a file's size over this bounds its rows. */
const MIN_ROW_BYTES = 8;

/**
 * How many of `requested` threads a run can use: no more than the machine's cores, nor than its
 * feeds have rows (an in-memory feed's count; a file's size over {@link MIN_ROW_BYTES}; a path
 * pattern or standard input counts as many), read from `feedsDir` when given. `reason` says
 * why fewer, null when all are used.
 */
export function usefulThreads(
  requested: number,
  input: CheckInput,
  feedsDir?: string,
): { readonly count: number; readonly reason: string | null } {
  const cores = availableParallelism();
  const prepared = prepare(input);
  const { config, memory } = prepared;
  // The folder the feeds are read from (CheckOptions.feedsDir, `--feeds DIR`), else the config's.
  const baseDir = feedsDir ?? prepared.baseDir;
  let rows = Number.POSITIVE_INFINITY;
  if (memory !== null) {
    rows = Object.values(memory).reduce((n, list) => n + (Array.isArray(list) ? list.length : 0), 0);
  } else if (!config.feeds.some((f) => f.path === "-" || isPathPattern(f.path))) {
    rows = config.feeds.reduce((n, f) => n + Math.ceil((fileSize(resolvePath(baseDir, f.path)) ?? 0) / MIN_ROW_BYTES), 0);
  }
  rows = Math.max(1, rows);
  if (requested <= Math.min(cores, rows)) return { count: requested, reason: null };
  return cores <= rows
    ? { count: cores, reason: `this machine has ${cores} core${cores === 1 ? "" : "s"}` }
    : { count: rows, reason: `the feeds hold at most ${rows} row${rows === 1 ? "" : "s"}` };
}

/**
 * What says that fewer threads are used than `requested` (null when all are), naming the option
 * as the caller gave it: `--workers 64: 2 used, as this machine has 2 cores`.
 */
export function fewerThreadsNote(option: string, requested: number, useful: ReturnType<typeof usefulThreads>): string | null {
  return useful.reason === null ? null : `${option} ${requested}: ${useful.count} used, as ${useful.reason}`;
}

/** A report without its findings: what each thread sends back once its shard is checked. */
export type ReportHead = Omit<Report, "findings" | "absent">;

/** The run's input as a thread is given it, and the values to put back in it (see sendable-input.ts). */
interface ThreadInput {
  readonly input: unknown;
  readonly putBacks: readonly PutBack[];
}

/** What the main thread gives a thread (structured-cloned): its shard, and the run to check. */
export interface ThreadData extends ThreadInput {
  readonly options: { readonly at?: Date; readonly window?: { readonly from: Date; readonly to: Date }; readonly explain?: boolean } & Pick<
    CheckOptions,
    "previous" | "previousAt" | "feedsDir"
  >;
  readonly shard: ThreadShard;
  /** Whether to post the thread's progress as it reads. */
  readonly progress: boolean;
  readonly port: MessagePort;
  /**
   * [0] counts the batches of findings the thread has posted on `port`, to wait on with
   * Atomics; [1] is 1 once the main thread has seen the thread stop; [2] counts the batches the
   * main thread has received.
   */
  readonly posted: Int32Array;
  readonly tuning: ThreadTuning;
}

/**
 * How a thread sends its findings: how many a batch holds, how many batches may wait unread
 * before the next is spilled, and where (null: the system's temporary folder).
 */
export interface ThreadTuning {
  readonly batch: number;
  readonly ahead: number;
  readonly spillFolder: string | null;
}

/**
 * 100 findings a batch, about 66 KB of JSON: a batch's text stays below V8's large-object size
 * (128 KiB), so it is freed by the young generation's quick collections instead of waiting for
 * a full one (batches of 2,000, 1.3 MB each, cost 13 % more time and 110 MiB more memory at 42 M
 * rows). 400 batches ahead hold about 26 MB of text per thread; the rest waits on disk. Tests
 * set smaller figures to make a thread spill.
 */
export const threadTuning: { -readonly [K in keyof ThreadTuning]: ThreadTuning[K] } = {
  batch: 100,
  ahead: 400,
  spillFolder: null,
};

/** What a thread sends once its shard is checked: the report without its findings, and the findings' counts. */
interface Done {
  readonly head: ReportHead;
  readonly byRule: Record<string, number>;
  readonly bySeverity: Report["summary"]["findings"];
}

/**
 * A thread's messages: how far it has read; then its shard checked, or (a shard by key range) why
 * the run must be checked by hash, or the PricelintError that stopped it, or a bug.
 */
export type ThreadMessage =
  | { readonly progress: Progress }
  | { readonly done: Done }
  | { readonly keyOrder: KeyOrderProblem }
  | { readonly error: { readonly code: PricelintErrorCode; readonly file: string | null; readonly issues: readonly PricelintIssue[] } }
  | { readonly internal: { readonly message: string; readonly stack: string | undefined } };

/** How a thread's shard ended, short of an error. */
type Outcome = Extract<ThreadMessage, { done: unknown } | { keyOrder: unknown }>;

/**
 * What a read of a thread's findings gives, as objects: the findings (only the first `limit` of
 * each rule, when a limit is given), their outlines, what comparing them with a baseline reads,
 * or each rule's head (its counts and first `limit` findings, see findings/rule-heads.ts).
 */
export interface FindingView {
  readonly view: "findings" | "outlines" | "compared" | "heads";
  readonly limit?: number;
}

/**
 * The objects a read of `view` gives (see {@link FindingView}), lazily: nothing is built before
 * the first batch is asked for, inside `answer`'s try, so a failure reaches the main thread as an
 * answer. (A view built at once would throw in the message handler and stop the thread, leaving
 * the main thread waiting.)
 */
export function viewOf(findings: Iterable<Finding>, { view, limit }: FindingView): Iterable<unknown> {
  if (view === "outlines") return outlines(findings);
  if (view === "compared") return comparedFindings(findings);
  if (view === "heads")
    return (function* () {
      yield* headsByRule(findings, limit ?? Infinity);
    })();
  return limit === undefined ? findings : firstOfEachRule(findings, limit);
}

/**
 * Main thread → thread on the findings port: start reading again (`open`), as objects (of
 * `view`) or as the texts of a report format (into the spill file open as `spillFd`, -1 for
 * none), or send the next batch of objects (texts are sent unasked); or (`cancel`) stop sending
 * a read's texts.
 */
export interface BatchRequest {
  readonly generation: number;
  readonly open: boolean;
  readonly format: FindingFormat | null;
  readonly view?: FindingView;
  readonly spillFd?: number;
  readonly cancel?: true;
}

/**
 * Thread → main thread: the next findings of the read `generation`, and whether they are the
 * last. As objects, or as texts: `bytes` their UTF-8 bytes one after the other (or `spilled`, see
 * io/spill-file.ts), `ends[i]` the end of the i-th, `keys[i]` its rule and sku (see {@link mergeKey}).
 */
export interface Batch {
  readonly generation: number;
  /** Objects: findings, outlines or what a baseline comparison reads, as the read's view asked. */
  readonly findings: readonly unknown[];
  /** Texts: their bytes, in a buffer of their own that the thread gave away (transferred, not copied). */
  readonly bytes: Uint8Array | null;
  readonly ends: Int32Array | null;
  readonly keys: readonly string[];
  readonly end: boolean;
  /**
   * Where the texts are, when they were spilled instead of sent: at `offset` of the read's spill
   * file, their bytes (up to the last of `ends`), then their keys joined in UTF-8 (`keyBytes`
   * bytes), each key ending at `keyEnds[i]` (in UTF-16 code units, once read back).
   */
  readonly spilled: { readonly offset: number; readonly keyBytes: number; readonly keyEnds: Int32Array } | null;
  /** Why the thread could not build the next findings (an internal error). */
  readonly failure?: string;
}

/**
 * A finding's rule and sku as one string ordered as compareFindings orders them (rule, then sku,
 * null first). Shards split the skus, so findings of two threads differ in these, but for those
 * without a sku: rows rejected in threads' parts of one file (see ThreadShard.starts).
 */
export function mergeKey(finding: Pick<Finding, "rule" | "sku">): string {
  // Rule ids hold no U+0000: "rule" sorts before "rule\u0000sku", and both before any longer rule id.
  return finding.sku === null ? finding.rule : `${finding.rule}\u0000${finding.sku}`;
}

/**
 * Checks `input` as `count` shards (by sku, see {@link Shard}), each in its own worker thread,
 * and returns the report of the whole run: the same report, byte for byte, as one thread gives.
 * The findings stay in the threads, which build them in report order as they are read;
 * iterating the report's findings merges the threads' ordered batches, waiting for each batch
 * synchronously.
 *
 * With key `ranges`, the shards are key ranges. Where the ranges' starts in the sampled price
 * file are known, each thread reads only its part of that file, and checks that its rows are in
 * order and in its range. Any other price feed sorted by sku a thread reads only up to the end
 * of its range, passing over the rows before it; the last reads every row, and checks the
 * order. Should a feed not be sorted (or the catalogue have families), the run is checked again
 * with shards by hash, where each thread reads every row and keeps its shard's.
 */
export async function checkInThreads(
  input: unknown,
  options: ThreadData["options"],
  count: number,
  onProgress?: (progress: Progress) => void,
  ranges: KeyRanges | null = null,
): Promise<ReportHead & { readonly findings: ReportFindings }> {
  // Rows holding a value a thread cannot be given as it reads (a function, a Decimal) go as they
  // read, and are read there as in one thread; the others go as they are.
  const sendable = sendableInput(input);
  try {
    return await checkShards(sendable, options, count, onProgress, ranges);
  } catch (error) {
    if (!isDataCloneError(error)) throw error;
  }
  // Rows that still cannot be cloned (a Proxy) go copied, every one. Their toJSON values were
  // read above, once, as one thread reads them: what was sent stays where it was, to be put back.
  const copied = sendableInput(sendable.input, true);
  try {
    return await checkShards(
      { input: copied.input, putBacks: [...sendable.putBacks, ...copied.putBacks] },
      options,
      count,
      onProgress,
      ranges,
    );
  } catch (error) {
    if (!isDataCloneError(error)) throw error;
    const message = `the input holds a value worker threads cannot be given (${error.message}): leave workers out`;
    throw new PricelintError("usage", message, null, { cause: error });
  }
}

/** What a thread could not be given: thrown as it starts, before any thread runs. */
function isDataCloneError(error: unknown): error is DOMException {
  return error instanceof DOMException && error.name === "DataCloneError";
}

/** The run checked in shards by key range when there are ranges (and the feeds are in sku order), else by hash. */
async function checkShards(
  input: ThreadInput,
  options: ThreadData["options"],
  count: number,
  onProgress: ((progress: Progress) => void) | undefined,
  ranges: KeyRanges | null,
): Promise<ReportHead & { readonly findings: ReportFindings }> {
  if (ranges !== null) {
    const ranged = await runThreads(input, options, count, onProgress, ranges);
    if ("report" in ranged) return ranged.report;
  }
  const hashed = await runThreads(input, options, count, onProgress, null);
  if ("report" in hashed) return hashed.report;
  // Shards by hash read every row and never depend on their order.
  throw new Error(`shards by hash met a key order problem: ${describeKeyOrder(hashed.keyOrder)}`);
}

/** A thread's shard's key range, and the starts of the parts of the file, as the ranges give them. */
function keyRange(ranges: KeyRanges | null): Pick<ThreadShard, "bounds" | "starts"> {
  if (ranges === null) return {};
  return ranges.starts === null ? { bounds: ranges.bounds } : { bounds: ranges.bounds, starts: ranges.starts };
}

async function runThreads(
  input: ThreadInput,
  options: ThreadData["options"],
  count: number,
  onProgress: ((progress: Progress) => void) | undefined,
  ranges: KeyRanges | null,
): Promise<{ readonly report: ReportHead & { readonly findings: ReportFindings } } | { readonly keyOrder: KeyOrderProblem }> {
  // The bytes read are the last thread's, which reads every feed to its end (a file read in
  // parts: what is before its part, counted, then its part); the rows (each thread counts those of
  // its shard) everyone's.
  const latest: (Progress | null)[] = Array.from({ length: count }, () => null);
  // A progress callback that threw stops the run with its error (see startThread), as in one
  // thread, and is not called again meanwhile.
  let threw = false;
  const progress =
    onProgress &&
    ((k: number, p: Progress) => {
      if (threw) return;
      latest[k] = p;
      const first = latest[count - 1];
      if (!first) return;
      let feedRows = 0;
      let totalRows = 0;
      for (const q of latest) {
        if (q?.file === first.file) feedRows += q.feedRows;
        totalRows += q?.totalRows ?? 0;
      }
      try {
        onProgress({ ...first, feedRows, totalRows });
      } catch (error) {
        threw = true;
        throw error;
      }
    });
  const threads = Array.from({ length: count }, (_, i) =>
    startThread(input, options, { index: i + 1, count, ...keyRange(ranges) }, progress && ((p) => progress(i, p))),
  );
  let settled: Awaited<ReturnType<typeof settle>>;
  try {
    settled = await settle(threads);
  } catch (error) {
    for (const thread of threads) void thread.worker.terminate();
    throw error;
  }
  if ("keyOrder" in settled) {
    for (const thread of threads) void thread.worker.terminate();
    return settled;
  }
  const results = settled.done;
  const heads = results.map((done) => done.head);
  const first = heads[0]!;
  const feeds = sumFeedRows(heads.map((h) => h.summary));
  const bySeverity = noFindings();
  const byRule: Record<string, number> = {};
  for (const done of results) {
    for (const key of COUNT_KEYS) bySeverity[key] += done.bySeverity[key];
    for (const [rule, n] of Object.entries(done.byRule)) byRule[rule] = (byRule[rule] ?? 0) + n;
  }
  const findings = new ThreadFindings(threads, byRule, bySeverity);
  const { tool, at, window, summary: _, rules, unjudged: __, storesZone, laterStock: ___, ...rest } = first;
  // Each thread notes the currencies its own offers were left unjudged in, and the stock of its own skus.
  const unjudged = mergeUnjudged(heads.map((h) => h.unjudged));
  const laterStock = mergeLaterStock(heads.map((h) => h.laterStock));
  // The members in the order one thread's report has them (pipeline/run.ts), so that what a caller
  // sees of the report (JSON.stringify, Object.keys) is the same with threads as without.
  return {
    report: {
      tool,
      at,
      ...(window !== undefined ? { window } : {}),
      summary: summarise(bySeverity, feeds, first.summary.rules),
      findings,
      rules,
      ...(unjudged.length > 0 ? { unjudged } : {}),
      ...(storesZone !== undefined ? { storesZone } : {}),
      ...(laterStock !== undefined ? { laterStock } : {}),
      ...rest,
    },
  };
}

/** The threads' stock given only after the check: their counts added, the first row of all. */
function mergeLaterStock(each: readonly (LaterStock | undefined)[]): LaterStock | undefined {
  let merged: LaterStock | undefined;
  for (const later of each) {
    if (later === undefined) continue;
    if (merged === undefined) merged = later;
    else {
      const first = bySource({ source: later.first }, { source: merged.first }) < 0 ? later : merged;
      merged = { ...first, stocks: merged.stocks + later.stocks };
    }
  }
  return merged;
}

/**
 * What every thread sent once its shard was checked; or the first key order problem, as soon as
 * a thread reports one (the others' work is then of no use); or the first error.
 */
function settle(threads: readonly Thread[]): Promise<{ readonly done: Done[] } | { readonly keyOrder: KeyOrderProblem }> {
  return new Promise((resolve, reject) => {
    const done: Done[] = [];
    let pending = threads.length;
    threads.forEach((thread, i) => {
      thread.outcome.then((outcome) => {
        if ("keyOrder" in outcome) return resolve(outcome);
        done[i] = outcome.done;
        if (--pending === 0) resolve({ done });
      }, reject);
    });
  });
}

interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly posted: Int32Array;
  readonly outcome: Promise<Outcome>;
}

function startThread(
  { input, putBacks }: ThreadInput,
  options: ThreadData["options"],
  shard: ThreadShard,
  onProgress: ((p: Progress) => void) | undefined,
): Thread {
  const { port1, port2 } = new MessageChannel();
  const posted = new Int32Array(new SharedArrayBuffer(12));
  const data: ThreadData = {
    input,
    putBacks,
    options,
    shard,
    progress: onProgress !== undefined,
    port: port2,
    posted,
    tuning: { ...threadTuning },
  };
  const worker = new Worker(threadScript(), { workerData: data, transferList: [port2] });
  const outcome = new Promise<Outcome>((resolve, reject) => {
    worker.on("message", (message: ThreadMessage) => {
      if ("progress" in message) {
        // The caller's callback, run in an event listener: what it throws rejects the run, never goes uncaught.
        try {
          onProgress?.(message.progress);
        } catch (error) {
          reject(error);
        }
        return;
      }
      if ("done" in message || "keyOrder" in message) return resolve(message);
      if ("error" in message) return reject(new PricelintError(message.error.code, message.error.issues, message.error.file));
      reject(Object.assign(new Error(message.internal.message), { stack: message.internal.stack }));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`a check thread stopped (exit code ${code}) before finishing its shard`)));
  });
  // Once its shard is checked, a thread only answers requests for findings: it must not keep the process alive.
  void outcome.then(
    () => worker.unref(),
    () => undefined,
  );
  // A thread seen to stop is not waited for. (A thread that crashed while the main thread is
  // blocked waiting for its batch cannot be seen: the listener runs only between waits.)
  worker.once("exit", () => Atomics.store(posted, 1, 1));
  return { worker, port: port1, posted, outcome };
}

/** The thread's script: the built `thread.js` beside this bundle, or from the TypeScript sources (tests) thread.ts through tsx. */
function threadScript(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "./thread-from-source.mjs" : "./thread.js", here);
}

/** The threads that hold a run's findings, and their spill files. */
interface HeldBy {
  readonly workers: readonly Worker[];
  readonly spills: readonly (SpillFile | null | undefined)[];
}

/** Stops the threads, then closes their spill files. */
async function stop({ workers, spills }: HeldBy): Promise<void> {
  await Promise.allSettled(workers.map((worker) => worker.terminate()));
  for (const spill of spills) spill?.close();
}

/**
 * The threads stop when the findings they hold are no longer reachable (checkStream's, which
 * may be read again as long as they can be reached), unless they were ended before (check's).
 */
const stopThreads = new FinalizationRegistry<HeldBy>((held) => void stop(held));

/**
 * Ends the threads holding `findings`, if a run in threads gave them: for a caller that has read
 * every finding it will (check, which returns them built), so that threads do not pile up until
 * the findings are collected. They cannot be read after.
 */
export async function endThreads(findings: ReportFindings): Promise<void> {
  if (findings instanceof ThreadFindings) await findings.end();
}

/** The findings of a run in threads: counted from what the threads reported, read by merging their ordered batches. */
class ThreadFindings implements ReportFindings, FindingTexts, FindingOutlines, ComparedFindings, RuleHeads {
  readonly size: number;
  /** Batches read back from the threads' spill files (for tests). */
  spilledBatches = 0;
  private generation = 0;
  private readonly received: number[];
  /** Each thread's spill file, made at its first text read (null: none could be made), closed once the threads have stopped. */
  private readonly spills: (SpillFile | null | undefined)[];

  constructor(
    private readonly threads: readonly Thread[],
    private readonly byRule: Record<string, number>,
    private readonly bySeverity: Report["summary"]["findings"],
  ) {
    this.size = Object.values(byRule).reduce((n, c) => n + c, 0);
    this.received = threads.map(() => 0);
    this.spills = threads.map(() => undefined);
    stopThreads.register(this, this.held(), this);
  }

  /** Stops the threads now, rather than once the findings are collected. */
  end(): Promise<void> {
    stopThreads.unregister(this);
    return stop(this.held());
  }

  private held(): HeldBy {
    return { workers: this.threads.map((t) => t.worker), spills: this.spills };
  }

  countByRule(): Record<string, number> {
    return { ...this.byRule };
  }

  countBySeverity(): Report["summary"]["findings"] {
    return { ...this.bySeverity };
  }

  toJSON(): Finding[] {
    return [...this];
  }

  [Symbol.iterator](): Iterator<Finding> {
    return this.read<Finding>({ view: "findings" }, compareFindings)[Symbol.iterator]();
  }

  /**
   * The findings' outlines in report order, the threads building no finding for them. Merged by
   * rule and sku alone: findings of one rule and sku from two threads (a partitioned run's
   * findings with no sku, or of a row in another bucket's file) have the same outline.
   */
  outlines(): Iterable<FindingOutline> {
    return this.read<FindingOutline>({ view: "outlines" }, (a, b) => compareText(mergeKey(a), mergeKey(b)));
  }

  /** The first `limit` findings of each rule in report order, the threads building only their own first `limit` of each. */
  firstOfEachRule(limit: number): Iterable<Finding> {
    return firstOfEachRule(this.read<Finding>({ view: "findings", limit }, compareFindings), limit);
  }

  /** What comparing the findings with a baseline reads, thread after thread (the comparison does not depend on order). */
  compared(): Iterable<ComparedFinding> {
    return this.read<ComparedFinding>({ view: "compared" }, () => 0);
  }

  /**
   * Each rule's head: the threads' heads of the rule (which come one after the other, ordered by
   * rule as a check's are) with their counts added and their findings merged in report order.
   */
  headsByRule(limit: number): RuleHead[] {
    const heads: RuleHead[] = [];
    let group: RuleHead[] = [];
    const close = () => {
      if (group.length === 0) return;
      const head = emptyHead(group[0]!.rule);
      for (const h of group) {
        for (const key of COUNT_KEYS) head.counts[key] += h.counts[key];
        for (const severity of h.severities) head.severities.add(severity);
        head.count += h.count;
      }
      for (const f of mergeOrdered(
        group.map((h) => h.shown[Symbol.iterator]()),
        compareFindings,
      )) {
        if (head.shown.length >= limit) break;
        head.shown.push(f);
      }
      heads.push(head);
      group = [];
    };
    for (const h of this.read<RuleHead>({ view: "heads", limit }, (a, b) => compareText(a.rule, b.rule))) {
      if (group.length > 0 && group[0]!.rule !== h.rule) close();
      group.push(h);
    }
    close();
    return heads;
  }

  /** The threads' objects of a view, merged in the order `compare` gives: each iteration a read of its own. */
  private read<T>(view: FindingView, compare: (a: T, b: T) => number): Iterable<T> {
    return {
      [Symbol.iterator]: () => {
        const generation = ++this.generation;
        return merge(
          this.threads.map((_, i) => this.batches(i, generation, null, view)),
          (batch) => batch.findings as readonly T[],
          compare,
        );
      },
    };
  }

  /**
   * The findings' texts in a report format, built by the threads as UTF-8 bytes: the main thread
   * only merges them. Each text is a view of the bytes a thread sent, never copied.
   */
  encoded(format: FindingFormat): Iterable<Uint8Array> {
    const generation = ++this.generation;
    const entries = merge(
      this.threads.map((_, i) => this.batches(i, generation, format)),
      function* (batch) {
        const { bytes, ends, keys } = batch;
        for (let k = 0, start = 0; k < keys.length; start = ends![k++]!)
          yield { key: keys[k]!, bytes: bytes!.subarray(start, ends![k]), finding: null as Finding | null };
      },
      // Two threads share a rule and sku only for findings without a sku (see mergeKey): the
      // whole findings decide, each read once however often it is compared.
      (a, b) => compareText(a.key, b.key) || compareFindings((a.finding ??= parsed(a.bytes)), (b.finding ??= parsed(b.bytes))),
    );
    return (function* () {
      for (const entry of entries) yield entry.bytes;
    })();
  }

  /**
   * Thread i's batches of one read, in order. Objects are asked for, `ahead` batches before the
   * one being read; texts come unasked, each thread building all of its findings at once, as the
   * report's order would otherwise keep one thread waiting for the other's (see io/spill-file.ts).
   */
  private *batches(i: number, generation: number, format: FindingFormat | null, view?: FindingView): Generator<Batch> {
    const { port } = this.threads[i]!;
    const spill = format === null ? null : this.spillFile(i);
    const ask = (open: boolean) =>
      port.postMessage({ generation, open, format, ...(view && open ? { view } : {}), spillFd: spill?.fd ?? -1 } satisfies BatchRequest);
    ask(true);
    if (format === null) for (let k = 1; k < threadTuning.ahead; k++) ask(false);
    let ended = false;
    try {
      for (;;) {
        let batch = this.nextBatch(i, generation);
        if (format === null && !batch.end) ask(false);
        if (batch.spilled !== null) batch = this.unspill(batch, spill!);
        ended = batch.end;
        if (ended) spill?.empty();
        yield batch;
        if (ended) return;
      }
    } finally {
      // A read left unfinished: the thread stops building its texts.
      if (!ended && format !== null) port.postMessage({ generation, open: false, format, cancel: true } satisfies BatchRequest);
    }
  }

  /** Thread i's spill file, made the first time it is needed. */
  private spillFile(i: number): SpillFile | null {
    if (this.spills[i] === undefined) this.spills[i] = SpillFile.open(threadTuning.spillFolder);
    return this.spills[i]!;
  }

  /** A spilled batch with its texts and keys read back. */
  private unspill(batch: Batch, spill: SpillFile): Batch {
    const { offset, keyBytes, keyEnds } = batch.spilled!;
    const textsEnd = batch.ends!.length === 0 ? 0 : batch.ends![batch.ends!.length - 1]!;
    const read = readSpill(spill.fd, offset, textsEnd + keyBytes);
    const joined = read.toString("utf8", textsEnd);
    const keys: string[] = [];
    for (let k = 0, start = 0; k < keyEnds.length; start = keyEnds[k++]!) keys.push(joined.slice(start, keyEnds[k]));
    this.spilledBatches++;
    return { ...batch, bytes: read.subarray(0, textsEnd), keys, spilled: null };
  }

  /** Waits for thread i's next batch of this iteration (dropping those of an iteration left unfinished). */
  private nextBatch(i: number, generation: number): Batch {
    const { port, posted } = this.threads[i]!;
    // The threads serve one read at a time: a newer one has taken this one's batches.
    if (generation !== this.generation) throw new PricelintError("usage", INTERLEAVED);
    for (;;) {
      if (Atomics.load(posted, 1) !== 0 && Atomics.load(posted, 0) === this.received[i])
        throw new Error("a check thread stopped before sending all its findings");
      while (Atomics.load(posted, 0) === this.received[i]) Atomics.wait(posted, 0, this.received[i]!);
      const message = receiveMessageOnPort(port);
      if (message === undefined) continue;
      Atomics.store(posted, 2, ++this.received[i]!);
      // A thread that could not spill waits for the main thread to read.
      Atomics.notify(posted, 2);
      const batch = message.message as Batch;
      if (batch.failure !== undefined) throw new Error(`a check thread failed while building findings: ${batch.failure}`);
      if (batch.generation === generation) return batch;
    }
  }
}

/** A finding as its text gives it back. */
const parsed = (bytes: Uint8Array): Finding => JSON.parse(utf8Text(bytes)) as Finding;

const INTERLEAVED =
  "these findings were read again from the start before this read was finished: the findings of a check in threads (workers) are read one read at a time; finish or leave one read (break) before the next, or collect them ([...report.findings])";

/** Merges ordered streams (each a series of batches of items) into one ordered stream. */
function* merge<B, T>(streams: Iterator<B>[], items: (batch: B) => Iterable<T>, compare: (a: T, b: T) => number): Generator<T> {
  const sources = streams.map(function* (batches) {
    try {
      for (let b = batches.next(); !b.done; b = batches.next()) yield* items(b.value);
    } finally {
      batches.return?.();
    }
  });
  yield* mergeOrdered(sources, compare);
}
