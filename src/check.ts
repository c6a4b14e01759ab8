import { describeKeyOrder } from "./dataset/shard.js";
import { applyBaseline, checkBaselineKind } from "./findings/baseline.js";
import { PricelintError } from "./model/errors.js";
import type { Finding } from "./model/finding.js";
import type { Report } from "./model/report.js";
import { sampleKeyRanges } from "./parallel/key-ranges.js";
import { checkInThreads, endThreads, fewerThreadsNote, usefulThreads } from "./parallel/threads.js";
import { prepare, resolvePath, runIdentity, type PreparedInput } from "./pipeline/inputs.js";
import { runInfo } from "./report/run-info.js";
import { remotePages } from "./pipeline/landing-pages.js";
import { checkInputOptions, checkOptions } from "./pipeline/check-options.js";
import { resolveWhen, type CheckInput, type CheckOptions, type StreamedReport } from "./pipeline/options.js";
import { checkInProcess } from "./pipeline/run.js";
import { inFeedsFolder } from "./pipeline/run-files.js";
import { runWarnings } from "./rules/select-rules.js";

export { loadConfig, type LoadedConfig } from "./config/load-config.js";
export type { CheckInput, CheckOptions, InMemoryFeeds, Progress, StreamedReport } from "./pipeline/options.js";

/**
 * Runs the whole pipeline — read, map, validate, normalise, index, evaluate — and returns the report,
 * every finding built: see {@link checkStream} for runs with millions of findings. With `workers`,
 * the threads end once every finding is built.
 * Bad rows become `feed/invalid-row` findings; a bad config, rule file, option or input throws a
 * {@link PricelintError} (`usage` for an option), naming what is wrong.
 * @example
 * const report = await check(await loadConfig("pricelint.config.json"), { at: new Date() });
 * const report2 = await check({ feeds: { prices: rows }, rules: ["recommended"] });
 */
export async function check(input: CheckInput, options: CheckOptions = {}): Promise<Report> {
  checkOptions(options);
  const { baseline, ...rest } = options;
  // Refused before the run, as the CLI refuses it: every finding would be new.
  if (baseline) checkBaselineKind(baseline, options.window !== undefined);
  const streamed = await checkStream(input, rest);
  let all: Finding[];
  try {
    all = [...streamed.findings];
  } finally {
    // Every finding is built: threads that held them (workers) are of no more use.
    await endThreads(streamed.findings);
  }
  if (!baseline) return { ...streamed, findings: all };
  const compared = applyBaseline(all, baseline);
  return { ...streamed, summary: { ...streamed.summary, baseline: compared.counts }, findings: compared.findings, absent: compared.absent };
}

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
  checkOptions(options);
  if ("baseline" in options)
    throw new PricelintError("usage", "checkStream takes no baseline: give it to check, or compare the findings as they stream");
  // Checked here first, so a bad config is the same error with workers as without.
  const prepared = prepare(input);
  // More threads than the machine's cores or the feeds' rows only cost memory and start-up time:
  // fewer are used, and said so, as the CLI says it of --workers.
  const requested = options.workers ?? 1;
  const useful = requested > 1 ? usefulThreads(requested, input, options.feedsDir) : null;
  const report = await streamed(input, prepared, options, useful?.count ?? 1).catch((error: unknown) => {
    throw inFeedsFolder(error, prepared.config, options.feedsDir, (option) => option);
  });
  if (options.onWarning) {
    const note = useful && fewerThreadsNote("workers", requested, useful);
    if (note) options.onWarning(note);
    // Settings that do nothing, once the run is done (an error in the config or feeds stops it first).
    for (const warning of runWarnings(prepared.config, report)) options.onWarning(warning);
  }
  return report;
}

/** {@link checkStream} of the input as prepared in `workers` threads (options.workers capped), but for the warnings. */
async function streamed(
  input: CheckInput,
  prepared: PreparedInput,
  options: Omit<CheckOptions, "baseline">,
  workers: number,
): Promise<StreamedReport> {
  // "now" is fixed once, here: every thread, if any, checks the same instant.
  const { at } = resolveWhen(options);
  checkInputOptions(prepared.memory !== null, options);
  // Which run this is, so that merge can prove its shards are of one run.
  const run = runInfo(await runIdentity(prepared), options.shard, options);
  const { config, baseDir, memory } = prepared;
  // Refused as given, before the threads are capped: the same call is refused on every machine.
  if ((options.workers ?? 1) > 1 && config.feeds.some((f) => f.path === "-"))
    throw new PricelintError("usage", 'a feed read from standard input (path "-") is read in one thread: leave workers out');
  if ((options.workers ?? 1) > 1 && config.feeds.some((f) => remotePages(f) !== null))
    throw new PricelintError(
      "usage",
      'product pages fetched from URLs (an html feed whose path is a URL or "links") are fetched once, in one thread: leave workers out',
    );
  if (workers === 1) {
    const { report, keyOrder } = await checkInProcess(prepared, { ...options, at });
    // Only a shard by key range (given with its bounds) depends on the order of the rows.
    if (report === null)
      throw new PricelintError("usage", `a shard by key range needs its feeds in sku order: ${describeKeyOrder(keyOrder)}`);
    return { ...report, run };
  }
  const span = options.window;
  const explain = options.explain;
  // Shards by key range when the price feed looks sorted by sku (the threads check it does);
  // feeds partitioned upstream are shards by bucket.
  const partitioned = config.feeds.some((f) => f.partition !== undefined);
  const prices = memory === null && !partitioned ? config.feeds.find((f) => f.kind === "prices") : undefined;
  const feedsDir = options.feedsDir === undefined ? baseDir : resolvePath(".", options.feedsDir);
  const ranges = prices ? await sampleKeyRanges(prices, resolvePath(feedsDir, prices.path), workers) : null;
  const { previous, previousAt, feedsDir: feeds } = options;
  const changes = {
    ...(previous ? { previous } : {}),
    ...(previousAt ? { previousAt } : {}),
    ...(feeds !== undefined ? { feedsDir: feeds } : {}),
  };
  const report = await checkInThreads(
    input,
    { ...(span ? { window: span } : { at }), ...(explain ? { explain } : {}), ...changes },
    workers,
    options.onProgress,
    ranges,
  );
  return { ...report, run };
}
