import { existsSync } from "node:fs";
import { open, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { version } from "../../package.json";
import { check, checkStream, loadConfig, type StreamedReport } from "../check.js";
import { parseJsonDocument } from "../config/parse-config.js";
import { applyBaseline, readBaseline } from "../findings/baseline.js";
import { mergeReports, readReport } from "../parallel/merge.js";
import { parseShard } from "../dataset/shard.js";
import { readText } from "../io/read-text.js";
import { PricelintError } from "../model/errors.js";
import { SEVERITIES, type Severity } from "../model/finding.js";
import type { Report } from "../model/report.js";
import { relative, sep } from "node:path";
import { formatHtml } from "../report/html.js";
import { formatJson, jsonChunks, type JsonReport } from "../report/json.js";
import { formatJsonl, jsonlChunks } from "../report/jsonl.js";
import { formatJunit } from "../report/junit.js";
import { formatMarkdown } from "../report/markdown.js";
import { formatSarif } from "../report/sarif.js";
import { formatTable } from "../report/table.js";
import { parseInstant } from "../time/instant.js";
import { init } from "./init-command.js";
import { terminalProgress } from "./progress.js";
import { explainRule, listRules } from "./rules-command.js";

const USAGE = `pricelint ${version} — lint omnichannel price feeds

Usage:
  pricelint check [--config FILE] [--at ISO | --from ISO --to ISO] [--format FMT[:FILE]]… [--fail-on LEVEL] [--baseline FILE] [--shard K/N | --workers N] [--explain] [--no-progress] [--debug]
  pricelint rules [--json]          list the rules with scope, severity, description
  pricelint explain RULE_ID         what a rule checks, its options, how to change it
  pricelint init                    write a starter config and house rule file
  pricelint merge A.json B.json …   merge the JSON reports of the shards of one run (--shard K/N)
  pricelint --version | --help

  --config FILE        pricelint.config.json (or .yaml/.yml) in the working directory by default
  --at ISO             check at this instant (default: now); a bare date is 00:00 in the config's zone
  --from ISO --to ISO  check every instant of the window where an input changes; each finding once,
                       with the interval it holds in (a bare --to date means the end of that day)
  --format FMT[:FILE]  table (default), json, jsonl, sarif, junit, markdown or html; to FILE instead of
                       stdout; repeatable
  --fail-on LEVEL      error (default), warning, info or never: the lowest severity that exits 1
  --workers N          run the check as N shards in N threads (same report, more cores)
  --shard K/N          check only shard K of N (skus by a stable hash of their family, else sku);
                       pricelint merge joins the shards' JSON reports into the whole run's
  --baseline FILE      an earlier JSON report: findings are marked new or unchanged, gone ones listed
                       as absent, and --fail-on counts new findings only
  --explain            with each finding, the evaluated conditions that made its rule fire
  --no-progress        no progress line on stderr (there is none when stderr is not a terminal)

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage, config or rule-file error.`;

/** What a formatter may need besides the report: where the config is, for locating findings in files. */
interface FormatContext {
  readonly configFile: string | null;
  readonly baseDir: string;
}

const FORMATTERS: Readonly<Record<string, (report: Report, context: FormatContext) => string>> = {
  table: formatTable,
  json: formatJson,
  jsonl: formatJsonl,
  sarif: (report, { configFile, baseDir }) =>
    // Feed paths are relative to the config's folder; code scanning reads them from the repository root (the working directory).
    formatSarif(report, { configFile, feedBase: relative(process.cwd(), baseDir).split(sep).join("/") }),
  junit: formatJunit,
  markdown: (report) => formatMarkdown(report),
  html: (report) => formatHtml(report),
};

/** Formats written piece by piece as the findings are built, never held whole. */
const STREAMED: Readonly<Record<string, (report: JsonReport) => Iterable<string>>> = { json: jsonChunks, jsonl: jsonlChunks };

/** Runs the CLI and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let debug = argv.includes("--debug");
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: "string" },
        at: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        format: { type: "string", multiple: true },
        "fail-on": { type: "string" },
        "no-progress": { type: "boolean" },
        json: { type: "boolean" },
        explain: { type: "boolean" },
        baseline: { type: "string" },
        shard: { type: "string" },
        workers: { type: "string" },
        debug: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
    debug = values.debug ?? false;
    if (values.help) return print(USAGE);
    if (values.version) return print(version);
    const [command, ...rest] = positionals;
    const expectArguments = (n: number) => {
      if (command === "merge") return;
      if (rest.length > n) throw new PricelintError("usage", `unexpected argument "${rest[n]}"`);
      if (rest.length < n)
        throw new PricelintError("usage", `${command} needs a rule id, e.g. pricelint explain channel/click-collect-above-store`);
    };
    switch (command) {
      case "check":
        expectArguments(0);
        return await runCheck(values);
      case "rules":
        expectArguments(0);
        return print(listRules(values.json ?? false));
      case "explain":
        expectArguments(1);
        return print(explainRule(rest[0]!));
      case "init":
        expectArguments(0);
        return print(await init());
      case "merge":
        return await runMerge(rest, values);
      case undefined:
        return print(USAGE);
      default:
        throw new PricelintError("usage", `unknown command "${command}"; commands: check, rules, explain, init`);
    }
  } catch (error) {
    if (debug) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    if (error instanceof PricelintError) {
      process.stderr.write(`pricelint: ${error.message}\n`);
    } else if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`pricelint: ${(error as Error).message}\n${debug ? "" : "Run pricelint --help for usage.\n"}`);
    } else {
      process.stderr.write(`pricelint: internal error: ${(error as Error).message}${debug ? "" : " (rerun with --debug for details)"}\n`);
    }
    return 2;
  }
}

interface CheckArgs {
  config?: string | undefined;
  at?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  format?: string[] | undefined;
  "fail-on"?: string | undefined;
  "no-progress"?: boolean | undefined;
  explain?: boolean | undefined;
  baseline?: string | undefined;
  shard?: string | undefined;
  workers?: string | undefined;
}

async function runCheck(args: CheckArgs): Promise<number> {
  const failOn = args["fail-on"] ?? "error";
  if (failOn !== "never" && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new PricelintError("usage", `--fail-on takes error, warning, info or never, not "${failOn}"`);
  }
  const outputs = (args.format ?? ["table"]).map(parseFormat);
  const loaded = await loadConfig(args.config ?? findConfig());
  const instant = (flag: string, text: string | undefined, role: "start" | "end" = "start"): Date | undefined => {
    if (text === undefined) return undefined;
    const r = parseInstant(text, loaded.config.timezone, role);
    if (!r.ok) throw new PricelintError("usage", `--${flag}: ${r.reason}`);
    return new Date(r.instant);
  };
  const at = instant("at", args.at);
  const from = instant("from", args.from);
  const to = instant("to", args.to, "end");
  if ((from === undefined) !== (to === undefined)) throw new PricelintError("usage", "--from and --to go together");
  if (at && from) throw new PricelintError("usage", "--at checks one instant, --from/--to a window: give one or the other");
  const window = from && to ? { from, to } : undefined;
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  if (shard === null) throw new PricelintError("usage", `--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8, not "${args.shard}"`);
  if (shard && args.baseline !== undefined) {
    throw new PricelintError("usage", "--baseline compares a whole run: give it to pricelint merge, not to a shard");
  }
  const baseline = args.baseline === undefined ? undefined : readBaseline(await readJsonReport(args.baseline), args.baseline);
  const workers = args.workers === undefined ? 1 : Number(args.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new PricelintError("usage", `--workers takes a whole number from 1 to 64, not "${args.workers}"`);
  if (workers > 1 && shard)
    throw new PricelintError("usage", "--workers splits the run into shards itself: give --workers or --shard, not both");
  const progress = args["no-progress"] || !process.stderr.isTTY ? null : terminalProgress(process.stderr);
  let report: Report | StreamedReport;
  try {
    const options = {
      ...(at ? { at } : {}),
      ...(window ? { window } : {}),
      ...(shard ? { shard } : {}),
      ...(workers > 1 ? { workers } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      explain: args.explain ?? false,
      stdin: process.stdin,
    };
    // Without a baseline, findings are built as each report is written (millions need not fit in memory).
    report = baseline ? await check(loaded, { ...options, baseline }) : await checkStream(loaded, options);
  } finally {
    progress?.done();
  }
  return writeReports(report, outputs, loaded, failOn);
}

/**
 * Writes each requested format, and returns the exit code --fail-on gives. JSON and JSON Lines
 * are written as their findings are built; the other formats need them all, built once.
 */
async function writeReports(
  report: Report | StreamedReport,
  outputs: readonly { format: string; file: string | null }[],
  loaded: { readonly file: string | null; readonly baseDir: string },
  failOn: string,
): Promise<number> {
  let built: Report | null = Array.isArray(report.findings) ? (report as Report) : null;
  for (const { format, file } of outputs) {
    try {
      const stream = STREAMED[format];
      if (stream) {
        await writeChunks(stream(report), file);
        continue;
      }
      built ??= { ...report, findings: [...report.findings] };
      const text = FORMATTERS[format]!(built, { configFile: loaded.file, baseDir: loaded.baseDir });
      if (file === null) process.stdout.write(text);
      else await writeFile(file, text);
    } catch (error) {
      // A report file the system refuses (no such folder, no permission) is the user's to fix.
      const code = (error as NodeJS.ErrnoException).code;
      if (file === null || typeof code !== "string" || !/^E[A-Z]+$/.test(code)) throw error;
      throw new PricelintError("io", `cannot write the ${format} report: ${(error as Error).message}`, file, { cause: error });
    }
  }
  return failOn !== "never" && failing(report, failOn as Severity) ? 1 : 0;
}

/** Writes text pieces to a file (or stdout) in batches of about a megabyte. */
async function writeChunks(chunks: Iterable<string>, file: string | null): Promise<void> {
  const handle = file === null ? null : await open(file, "w");
  const flush = async (text: string) => {
    if (handle) await handle.write(text);
    else if (!process.stdout.write(text)) await once(process.stdout, "drain");
  };
  try {
    let batch = "";
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length < 1 << 20) continue;
      await flush(batch);
      batch = "";
    }
    await flush(batch);
  } finally {
    await handle?.close();
  }
}

/** `pricelint merge a.json b.json …`: the shards' JSON reports → the unsharded run's report. */
async function runMerge(files: readonly string[], args: CheckArgs): Promise<number> {
  if (files.length === 0)
    throw new PricelintError("usage", "merge needs the JSON reports of the shards, e.g. pricelint merge shard-1.json shard-2.json");
  const failOn = args["fail-on"] ?? "error";
  if (failOn !== "never" && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new PricelintError("usage", `--fail-on takes error, warning, info or never, not "${failOn}"`);
  }
  const documents = [];
  for (const file of files) documents.push({ file, report: readReport(await readJsonReport(file), file) });
  let merged: Report = { ...mergeReports(documents), rules: [] };
  if (args.baseline !== undefined) {
    const compared = applyBaseline(merged.findings, readBaseline(await readJsonReport(args.baseline), args.baseline));
    merged = { ...merged, findings: compared.findings, absent: compared.absent, summary: { ...merged.summary, baseline: compared.counts } };
  }
  const outputs = (args.format ?? ["json"]).map(parseFormat);
  if (outputs.some(({ format }) => !["json", "jsonl", "table", "markdown"].includes(format))) {
    throw new PricelintError(
      "usage",
      "merge writes json, jsonl, table or markdown (the others need the rules, which JSON reports do not carry)",
    );
  }
  return writeReports(merged, outputs, { file: null, baseDir: "." }, failOn);
}

/**
 * Reads a JSON report given to `--baseline` or `merge`: a file that cannot be read, or is not
 * JSON, is an `io` error naming it; JSON that is not a pricelint report is `usage` (see
 * readBaseline and readReport).
 */
export async function readJsonReport(file: string): Promise<unknown> {
  return parseJsonDocument(await readText(file, "io"), file, "io");
}

function parseFormat(spec: string): { format: string; file: string | null } {
  const colon = spec.indexOf(":");
  const format = colon < 0 ? spec : spec.slice(0, colon);
  const file = colon < 0 ? null : spec.slice(colon + 1);
  if (!Object.hasOwn(FORMATTERS, format)) {
    throw new PricelintError("usage", `--format: unknown format "${format}"; formats: ${Object.keys(FORMATTERS).join(", ")}`);
  }
  if (file === "") throw new PricelintError("usage", `--format ${spec}: the file name is empty`);
  return { format, file };
}

/** Whether a finding at or above `threshold` counts: not waived, and new when there is a baseline. */
function failing(report: Report | StreamedReport, threshold: Severity): boolean {
  const rank = SEVERITIES.indexOf(threshold);
  if (!Array.isArray(report.findings)) {
    // No baseline: the summary's counts of findings not waived tell.
    const counts = report.summary.findings;
    return SEVERITIES.some((severity, i) => i <= rank && counts[severity] > 0);
  }
  return (report as Report).findings.some((f) => f.waived === null && f.baseline !== "unchanged" && SEVERITIES.indexOf(f.severity) <= rank);
}

function findConfig(): string {
  for (const name of ["pricelint.config.json", "pricelint.config.yaml", "pricelint.config.yml"]) {
    if (existsSync(name)) return name;
  }
  throw new PricelintError("config", "no pricelint.config.json (or .yaml/.yml) in the working directory; pass --config FILE");
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}
