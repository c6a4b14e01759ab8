import { version } from "../../package.json";
import { channelRegistry } from "../config/channels.js";
import type { KeyOrderProblem, ThreadShard } from "../dataset/shard.js";
import { evaluate, type EvaluateOptions, type Evaluation } from "../evaluate/evaluate.js";
import type { Finding } from "../model/finding.js";
import { FindingSet } from "../findings/finding-set.js";
import { compareFindings } from "../findings/order.js";
import { unmappedColumnFindings } from "../findings/column-finding.js";
import { rowFinding } from "../findings/row-finding.js";
import { summarise, unjudgedOffers } from "../findings/summarise.js";
import { applyWaivers, waiversInForce } from "../findings/waivers.js";
import { configRuleSelection } from "../rules/select-rules.js";
import { formatInstant, InstantCache, type Instant } from "../time/instant.js";
import { changePoints } from "../window/change-points.js";
import { clockOf } from "../window/clock.js";
import { mergeIntervals } from "../window/intervals.js";
import { incrementalWindow } from "../window/incremental.js";
import { namingConfig } from "./config-error.js";
import { readRuleFiles, type PreparedInput } from "./inputs.js";
import { loadDataset } from "./load-dataset.js";
import { resolveWhen, type CheckOptions, type StreamedReport } from "./options.js";
import { loadPrevious, settingsOf, writeSnapshot } from "./previous.js";
import { refuseRunFiles } from "./run-files.js";
import { datasetOffers } from "../changes/dataset-offers.js";
import { resolve } from "node:path";

/** A run's report; or, for a shard by key range, why it cannot give one (the run is then checked by hash). */
export type InProcessOutcome =
  { readonly report: StreamedReport; readonly keyOrder: null } | { readonly report: null; readonly keyOrder: KeyOrderProblem };

/**
 * The whole pipeline in this thread — read, map, validate, normalise, index, evaluate — on a
 * prepared input: what `checkStream` runs without workers, and what each worker thread runs on its shard.
 * What is found wrong in a loaded config only as it runs (its rules, ruleSettings, waivers, feed
 * paths) names the config's file, as what its schema refuses does.
 */
export async function checkInProcess(prepared: PreparedInput, options: InProcessOptions): Promise<InProcessOutcome> {
  try {
    return await runInProcess(prepared, options);
  } catch (error) {
    throw namingConfig(error, prepared.file);
  }
}

/** What a check in this thread takes: a worker thread's shard may say where its part of a file starts. */
type InProcessOptions = Omit<CheckOptions, "baseline" | "workers" | "shard"> & { readonly shard?: ThreadShard };

/** {@link checkInProcess}, its errors as they are raised. */
async function runInProcess(prepared: PreparedInput, options: InProcessOptions): Promise<InProcessOutcome> {
  const { config, baseDir, memory } = prepared;
  // The options were checked by checkOptions: a previous state or a snapshot never comes with a window.
  const { at, window } = resolveWhen(options);
  // Before anything is read: what the run reads and writes, as the command line refuses it.
  await refuseRunFiles(prepared, options);
  const channels = channelRegistry(config.channels);
  const ruleFiles = await readRuleFiles(config.rules, baseDir);
  const rules = configRuleSelection(config, ruleFiles);

  const feedsDir = options.feedsDir === undefined ? baseDir : resolve(options.feedsDir);
  const loadedData = await loadDataset(config, feedsDir, {
    memory,
    channels: new Set(channels.keys()),
    onProgress: options.onProgress,
    stdin: options.stdin,
    shard: options.shard ?? null,
    at,
    to: window === null ? null : new Date(window.to),
  });
  const { loaded, owns, dataset, keyOrder } = loadedData;
  if (keyOrder !== null) return { report: null, keyOrder };
  // The previous state is loaded after today's feeds, for the skus this run owns (a shard's).
  const previous = options.previous
    ? await loadPrevious(options.previous, {
        config,
        baseDir,
        feedsDir,
        channels: new Set(channels.keys()),
        settings: settingsOf(config),
        at: (options.previousAt ?? at).getTime(),
        owns: (sku) => owns(sku),
      })
    : null;
  // The feed- and config-scope rules are raised here rather than evaluated on entities.
  const rowRule = rules.find((r) => r.id === "feed/invalid-row");
  // Which shard reports a file's unmapped columns, loadDataset decides (see its `unmapped`).
  const columnRule = rules.find((r) => r.id === "feed/unmapped-column");
  const waiverRule = rules.find((r) => r.scope === "config");
  const waivers = config.waivers ?? [];
  const evaluateOptions = (instant: Instant, compact: boolean): EvaluateOptions => ({
    owns,
    at: instant,
    timezone: config.timezone,
    currency: config.currency ?? null,
    channels,
    minorUnits: config.minorUnits,
    rounding: config.rounding,
    explain: options.explain,
    compact,
    previous,
  });
  /** Findings of the feeds themselves, the same at every instant: rejected rows, unmapped columns. */
  const feedFindings = () => [
    ...(rowRule ? loaded.flatMap((feed) => feed.rejected.map((row) => rowFinding(rowRule, row))) : []),
    ...(columnRule ? unmappedColumnFindings(columnRule, loaded) : []),
  ];
  const expiredWaiverRule = owns(null) ? waiverRule : undefined;
  const evaluateAt = (instant: Instant, compact: boolean): Evaluation => {
    const evaluation = evaluate(dataset, rules, evaluateOptions(instant, compact));
    const objects = evaluation.objects;
    // One at a time: a spread of a million rejected rows' findings would overflow the call stack.
    for (const finding of feedFindings()) objects.push(finding);
    return { ...evaluation, objects: applyWaivers(objects, waivers, instant, config.timezone, expiredWaiverRule) };
  };
  let findings: FindingSet;
  if (window) {
    const zones = [
      ...new Set([
        config.timezone,
        ...config.feeds.flatMap((f) => (f.timezone ? [f.timezone] : [])),
        ...[...dataset.locations.values()].flatMap((l) => (l.timezone ? [l.timezone] : [])),
      ]),
    ];
    let merged: Finding[];
    if (options.windowByInstant) {
      // Every instant where an input changes, checked whole, then merged: the reference the incremental window is held to.
      const points = changePoints(
        dataset,
        zones,
        waivers.map((w) => w.until),
        window.from,
        window.to,
        new InstantCache(),
        clockOf(rules),
      );
      merged = mergeIntervals(
        points.map((point) => evaluateAt(point, false).objects),
        points,
        window.to,
      );
    } else {
      merged = incrementalWindow({
        dataset,
        rules,
        options: evaluateOptions(window.from, false),
        to: window.to,
        zones,
        fixed: feedFindings(),
        waivers,
        waiverZone: config.timezone,
        expiredWaiverRule,
      });
    }
    findings = new FindingSet(merged.sort(compareFindings), [], null, []);
  } else {
    const instant = at.getTime();
    const evaluation = evaluateAt(instant, true);
    findings = new FindingSet(
      evaluation.objects.sort(compareFindings),
      evaluation.compact,
      evaluation.source,
      waiversInForce(waivers, instant, config.timezone),
    );
  }
  if (options.snapshot !== undefined) {
    const resolveAt = {
      at: at.getTime(),
      timezone: config.timezone,
      currency: config.currency ?? null,
      minorUnits: config.minorUnits,
      rounding: config.rounding,
      channels,
    };
    await writeSnapshot(options.snapshot, at.getTime(), settingsOf(config), datasetOffers(dataset, resolveAt));
  }
  const report: StreamedReport = {
    tool: { name: "pricelint", version },
    at: formatInstant(at.getTime()),
    ...(window ? { window: { from: formatInstant(window.from), to: formatInstant(window.to) } } : {}),
    summary: summarise(
      findings.countBySeverity(),
      loaded.map((f) => f.rows),
      rules.length,
    ),
    findings,
    rules: rules.map(({ id, severity, scope, description, help, origin }) => ({ id, severity, scope, description, help, origin })),
  };
  const unjudged = unjudgedOffers(rules);
  const storesZone = dataset.storesZoneBesides(config.timezone);
  // Stock no row gives within the check: every update of it is later (a window's stock known anywhere in it is given).
  const last = window ? window.to - 1 : at.getTime();
  const later = dataset.stockGivenAfter(last);
  const laterStock =
    later === null
      ? null
      : {
          stocks: later.stocks,
          first: later.first.source,
          updatedAt: later.first.updatedAt!,
          after: formatInstant(window ? window.to : last),
          window: window !== null,
        };
  return {
    report: {
      ...report,
      ...(unjudged.length > 0 ? { unjudged } : {}),
      ...(storesZone !== null ? { storesZone } : {}),
      ...(laterStock !== null ? { laterStock } : {}),
    },
    keyOrder: null,
  };
}
