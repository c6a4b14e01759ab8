import { CHANGE_OPTIONS, changeOptions, flagName, type ChangeArgs } from "./change-options.js";
import { terminalLine } from "../text/terminal.js";
import { isStandardOutput, refuseUnwritable, standardOutputFile } from "./output-guard.js";
import { refuseOverwriting, type Written } from "../pipeline/overwrite-guard.js";
import { inFeedsFolder, refuseFeedsFolder, runInputs } from "../pipeline/run-files.js";
import { readdir, stat, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { version } from "../../package.json";
import { checkStream, loadConfig } from "../check.js";
import { findDefaultConfig } from "./default-config.js";
import { previousInput } from "../pipeline/previous.js";
import { reportFileKind } from "../report/read-report.js";
import { isCheckReportHead, NOT_A_REPORT, type FindingCounts } from "../model/report.js";
import { WrittenFindings } from "../report/digest.js";
import { fileHead, isFolder } from "../io/lines-file.js";
import { parseJsonDocument } from "../config/parse-config.js";
import {
  baselineFinding,
  baselineIds,
  baselineKindProblem,
  baselineShardProblem,
  compareWithBaseline,
  markedFindings,
  type BaselineIds,
} from "../findings/baseline.js";
import { mergeSources } from "../parallel/merge.js";
import { reportFile, streamedReport } from "./report-files.js";
import { MAX_SHARDS, parseShard } from "../dataset/shard.js";
import { shardFromEnvironment } from "./shard-auto.js";
import { writeChunks } from "./write-chunks.js";
import { describeFileError, readText } from "../io/read-text.js";
import { runWarnings } from "../rules/select-rules.js";
import { PricelintError } from "../model/errors.js";
import { SEVERITIES, type Severity } from "../model/finding.js";
import type { BaselineFinding, ReportToWrite } from "../model/report.js";
import { relative, sep } from "node:path";
import { htmlChunks } from "../report/html.js";
import { jsonChunks } from "../report/json.js";
import { jsonlChunks } from "../report/jsonl.js";
import { junitChunks } from "../report/junit.js";
import { markdownChunks } from "../report/markdown.js";
import { mergeRules } from "../report/merge-rules.js";
import { sarifChunks } from "../report/sarif.js";
import { tableChunks } from "../report/table.js";
import { parseInstant, unwritableInstant } from "../time/instant.js";
import { TrendSeries } from "../trend/series.js";
import { formatTrendHtml } from "../trend/trend-html.js";
import { trendJsonChunks } from "../trend/trend-json.js";
import { formatTrendMarkdown } from "../trend/trend-markdown.js";
import { init, initFrom } from "./init-command.js";
import { terminalProgress } from "./progress.js";
import { showProfile } from "./profile-command.js";
import { explainCommand, rulesCommand } from "./rules-command.js";
import { fewerThreadsNote, usefulThreads } from "../parallel/threads.js";

/** An option of the command line: how parseArgs reads it, its argument in usage, and what it does. */
interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** The argument's name in usage (`FILE`); none for a flag. */
  readonly arg?: string;
  readonly help: string;
}

/** A command: its usage lines (after `pricelint`), what it does, and the options it takes. */
interface CommandSpec {
  readonly usage: readonly string[];
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

/** Options every command takes, and `pricelint` alone. */
const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", help: "this text; with a command, that command's usage" },
  version: { type: "boolean", short: "v", help: "the version" },
  debug: { type: "boolean", help: "the stack trace of an error" },
};

const FORMAT_OPTION: OptionSpec = {
  type: "string",
  multiple: true,
  arg: "FMT[:FILE]",
  help: "table (default), json, jsonl, sarif, junit, markdown or html; to FILE instead of\nstdout; repeatable",
};
const FAIL_ON_OPTION: OptionSpec = {
  type: "string",
  arg: "LEVEL",
  help: "error (default), warning, info or never: the lowest severity that exits 1",
};
const BASELINE_OPTION: OptionSpec = {
  type: "string",
  arg: "FILE",
  help: "an earlier JSON report: findings are marked new or unchanged, gone ones listed\nas absent, and --fail-on counts new findings only",
};

/** The formats `pricelint merge` writes, its default first: its help and its refusal name them. */
const MERGE_FORMATS = ["json", "jsonl", "table", "markdown"] as const;
const MERGE_FORMAT_LIST = `${MERGE_FORMATS.slice(0, -1).join(", ")} or ${MERGE_FORMATS[MERGE_FORMATS.length - 1]}`;
/** Why merge writes no other format. */
const MERGE_REFUSED = "need the rules that ran, which JSON reports do not carry";

/** Every command and the options it takes: an option of another command is a usage error naming both. */
const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  check: {
    usage: [
      "check [--config FILE] [--at ISO | --from ISO --to ISO] [--format FMT[:FILE]]… [--fail-on LEVEL] [--baseline FILE] [--shard K/N|auto | --workers N] [--explain] [--no-progress] [--debug]",
      "check … [--feeds DIR] [--previous SNAPSHOT|CONFIG|DIR [--previous-at ISO]] [--snapshot FILE]",
    ],
    summary: "check the feeds of a config with its rules",
    options: {
      config: {
        type: "string",
        arg: "FILE",
        help: "the one pricelint.config.json, .yaml or .yml in the working directory by default\n(two of them are refused: name one)",
      },
      at: { type: "string", arg: "ISO", help: "check at this instant (default: now); a bare date is 00:00 in the config's zone" },
      from: {
        type: "string",
        arg: "ISO",
        help: "with --to ISO: check every instant of the window where an input changes; each finding\nonce, with the interval it holds in (a bare --to date means the end of that day)",
      },
      to: { type: "string", arg: "ISO", help: "the end of the window --from starts" },
      format: FORMAT_OPTION,
      "fail-on": FAIL_ON_OPTION,
      workers: { type: "string", arg: "N", help: "run the check as N shards in N threads (same report, more cores)" },
      shard: {
        type: "string",
        arg: "K/N|auto",
        help: "check only shard K of N (skus by a stable hash of their family, else sku);\npricelint merge joins the shards' JSON reports into the whole run's; auto: K and N\nfrom the array job's environment (docs/scale.md)",
      },
      baseline: BASELINE_OPTION,
      explain: { type: "boolean", help: "with each finding, the evaluated conditions that made its rule fire" },
      "no-progress": { type: "boolean", help: "no progress line on stderr (there is none when stderr is not a terminal)" },
      "inside-only": {
        type: "boolean",
        help: "refuse feed and rule paths outside the config's folder, pages fetched and a page cache outside it (a config from others, e.g. in CI)",
      },
      ...CHANGE_OPTIONS,
    },
  },
  rules: {
    usage: ["rules [--json] [--config FILE]"],
    summary: "list the rules with scope, severity, description",
    options: {
      json: { type: "boolean", help: "as JSON, with each rule's options and whether it is recommended" },
      config: { type: "string", arg: "FILE", help: "list the house rules of this config too, with their files" },
    },
  },
  explain: {
    usage: ["explain RULE_ID [--config FILE]"],
    summary: "what a rule checks, its options, how to change it",
    options: {
      config: {
        type: "string",
        arg: "FILE",
        help: "a config whose house rules may be explained too (by default, for an id that is not\na built-in rule's: the config check reads in the working directory, if there is one)",
      },
    },
  },
  profile: {
    usage: ["profile [NAME] [--json]"],
    summary: "the feed profiles (google-products, google-local-inventory); with NAME, what it reads, as data",
    options: { json: { type: "boolean", help: "as JSON: the profile's data, as a config may override it" } },
  },
  init: {
    usage: ["init", "init --from FILE… [--out CONFIG]"],
    summary:
      "write a starter config and house rule file; with --from, a starter config made from your feed files\n(format, encoding, delimiter, title lines, number format, columns and kind guessed, each guess commented)",
    options: {
      from: {
        type: "string",
        multiple: true,
        arg: "FILE…",
        help: "feed files to start from, in any format pricelint reads (gzip too); more files may\nfollow it, and it may be repeated",
      },
      out: {
        type: "string",
        arg: "CONFIG",
        help: 'the config to write: .yaml or .yml (default pricelint.config.yaml, remarks as comments)\nor .json (remarks under "$comment"); never over an existing file',
      },
    },
  },
  merge: {
    usage: ["merge A.json B.json … [--format FMT[:FILE]]… [--fail-on LEVEL] [--baseline FILE]"],
    summary: "merge the JSON reports of the shards of one run (--shard K/N); json by default",
    options: {
      format: {
        ...FORMAT_OPTION,
        // The list with its first, the default, marked so.
        help: `${MERGE_FORMAT_LIST.replace(MERGE_FORMATS[0], `${MERGE_FORMATS[0]} (default)`)}; to FILE instead of stdout;\nrepeatable (sarif, junit and html ${MERGE_REFUSED})`,
      },
      "fail-on": FAIL_ON_OPTION,
      baseline: BASELINE_OPTION,
    },
  },
  trend: {
    usage: ["trend REPORT.json… | FOLDER… [--format FMT[:FILE]]…"],
    summary:
      "findings over time from a series of JSON reports (check --format json:FILE, one per run), in the order\nof their instants: counts per run, new, fixed and still open, each finding's age, times to fix",
    options: {
      format: {
        type: "string",
        multiple: true,
        arg: "FMT[:FILE]",
        help: "markdown (default; a CI job summary with a Mermaid chart), json or html (one page with\nan SVG chart); to FILE instead of stdout; repeatable",
      },
    },
  },
};

/** Every option of every command, for reading the command line before its command is known. */
const ALL_OPTIONS: Readonly<Record<string, OptionSpec>> = (() => {
  const all: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const spec of Object.values(COMMANDS)) {
    for (const [name, option] of Object.entries(spec.options)) {
      const before = all[name];
      // One name in two commands (check's --from ISO, init's --from FILE…): read as the most it can hold.
      all[name] = before === undefined ? option : { ...option, multiple: (before.multiple ?? false) || (option.multiple ?? false) };
    }
  }
  return all;
})();

/** An option as usage shows it: `--config FILE`, `-h, --help`. */
function optionUsage(name: string, option: OptionSpec): string {
  return `${option.short ? `-${option.short}, ` : ""}--${name}${option.arg ? ` ${option.arg}` : ""}`;
}

/** Option lines: the option, then its help, continued lines aligned. */
function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const width = 23;
  return Object.entries(options).flatMap(([name, option]) => {
    const [first, ...rest] = option.help.split("\n");
    const head = `  ${optionUsage(name, option)}`;
    const lines = head.length < width ? [`${head.padEnd(width)}${first}`] : [head, `${" ".repeat(width)}${first}`];
    return [...lines, ...rest.map((line) => `${" ".repeat(width)}${line}`)];
  });
}

const USAGE = `pricelint ${version} — lint omnichannel price feeds

Usage:
  pricelint check [--config FILE] [--at ISO | --from ISO --to ISO] [--format FMT[:FILE]]… [--fail-on LEVEL] [--baseline FILE] [--shard K/N|auto | --workers N] [--explain] [--no-progress] [--debug]
  pricelint rules [--json] [--config FILE]
                                    list the rules with scope, severity, description (a config's house rules too)
  pricelint explain RULE_ID [--config FILE]
                                    what a rule checks, its options, how to change it (a house rule too)
  pricelint profile [NAME]          the feed profiles; with NAME, what it reads, as data
  pricelint init                    write a starter config and house rule file
  pricelint init --from FILE… [--out CONFIG]
                                    write a starter config made from your feed files, every guess commented
  pricelint merge A.json B.json …   merge the JSON reports of the shards of one run (--shard K/N)
  pricelint trend REPORT… | FOLDER  findings over time from the JSON reports of a series of runs
  pricelint COMMAND --help          a command's usage and options
  pricelint --version | --help

check:
${optionLines(COMMANDS["check"]!.options).join("\n")}

init --from:
${optionLines(COMMANDS["init"]!.options).join("\n")}

Each command takes its own options: one of another command is refused (--from is a window's
start for check, the feed files for init).

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage, config or rule-file error.`;

/** `pricelint COMMAND --help`: the command's usage lines and options. */
function commandUsage(name: string): string {
  const spec = COMMANDS[name]!;
  return [
    `pricelint ${name} — ${spec.summary}`,
    "",
    "Usage:",
    ...spec.usage.map((u) => `  pricelint ${u}`),
    "",
    "Options:",
    ...optionLines({ ...spec.options, ...GLOBAL_OPTIONS }),
  ].join("\n");
}

/** Options' names as a refusal lists them. */
function optionNames(options: Readonly<Record<string, OptionSpec>>): string[] {
  return Object.keys(options).map((n) => `--${n}`);
}

/** The commands that take option `name`. */
function takers(name: string): string[] {
  return Object.entries(COMMANDS)
    .filter(([, spec]) => Object.hasOwn(spec.options, name))
    .map(([command]) => command);
}

/**
 * Reads the command line: the command (the first word that is no option's value) and its
 * options, read by that command's own list. An option no command knows is parseArgs' error; one
 * that only other commands take is refused, naming them and what this command takes.
 */
function parseCommandLine(argv: readonly string[]): {
  command: string | undefined;
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  rest: string[];
} {
  const { tokens } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, tokens: true, options: ALL_OPTIONS });
  const command = tokens.find((t) => t.kind === "positional")?.value;
  if (command !== undefined && !Object.hasOwn(COMMANDS, command)) {
    throw new PricelintError("usage", `unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(", ")}`);
  }
  const spec = command === undefined ? null : COMMANDS[command]!;
  // parseArgs keeps the last of an option given twice: `--fail-on error --fail-on never` would pass unseen.
  const given = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== "option" || Object.hasOwn(GLOBAL_OPTIONS, token.name)) continue;
    if (spec !== null && Object.hasOwn(spec.options, token.name)) {
      const option = spec.options[token.name]!;
      // No option takes an empty text (`--config ''`, `--feeds=`): said as the option, not as "file not found".
      if (option.type === "string" && token.value === "")
        throw new PricelintError("usage", `--${token.name} is given an empty value: give it one`);
      if (option.type === "string" && !option.multiple) {
        if (given.has(token.name))
          throw new PricelintError(
            "usage",
            `--${token.name} is given twice (${JSON.stringify(given.get(token.name))} and ${JSON.stringify(token.value)}): give it once`,
          );
        given.set(token.name, token.value);
      }
      continue;
    }
    const names = takers(token.name);
    const owners = names.length > 2 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names.join(" and ");
    if (spec === null) throw new PricelintError("usage", `--${token.name} needs a command: it is an option of ${owners}`);
    const taken = [...optionNames(spec.options), ...optionNames(GLOBAL_OPTIONS)].join(", ");
    throw new PricelintError("usage", `${command} does not take --${token.name} (an option of ${owners}); it takes: ${taken}`);
  }
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { ...GLOBAL_OPTIONS, ...(spec?.options ?? {}) },
  });
  return { command, values, rest: positionals.slice(1) };
}

/** What a formatter may need besides the report: where the config is, for locating findings in files. */
interface FormatContext {
  readonly configFile: string | null;
  /** `--fail-on`: JUnit fails the testcases of the findings that fail the run. */
  readonly failOn: FailOn;
  /** The folder the feeds were read from (the config's, or --feeds DIR): findings name feed files relative to it. */
  readonly baseDir: string;
}

/**
 * Every format, written piece by piece as the findings are built (each pass over them builds
 * them again), never held whole: a million findings in any format, in bounded memory.
 */
const FORMATTERS: Readonly<Record<string, (report: ReportToWrite, context: FormatContext) => Iterable<string | Uint8Array>>> = {
  table: tableChunks,
  json: jsonChunks,
  jsonl: jsonlChunks,
  sarif: (report, { configFile, baseDir }) =>
    // Feed paths are relative to the config's folder; code scanning reads them from the repository root (the working directory).
    sarifChunks(report, { configFile, feedBase: relative(process.cwd(), baseDir).split(sep).join("/") }),
  junit: (report, { failOn }) => junitChunks(report, { failOn }),
  markdown: (report) => markdownChunks(report),
  html: (report) => htmlChunks(report),
};

/** Runs the CLI and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let debug = argv.includes("--debug");
  try {
    const { command, values, rest } = parseCommandLine(argv);
    debug = values["debug"] === true;
    if (values["help"]) return print(command === undefined ? USAGE : commandUsage(command));
    if (values["version"]) return print(version);
    const expectArguments = (n: number) => {
      if (rest.length > n) throw new PricelintError("usage", `unexpected argument "${rest[n]}"`);
      if (rest.length < n)
        throw new PricelintError("usage", `${command} needs a rule id, e.g. pricelint explain channel/click-collect-above-store`);
    };
    switch (command) {
      case "check":
        expectArguments(0);
        return await runCheck(values as CheckArgs);
      case "rules":
        expectArguments(0);
        return print(await rulesCommand(values["json"] === true, values["config"] as string | undefined));
      case "explain":
        expectArguments(1);
        return print(await explainCommand(rest[0]!, values["config"] as string | undefined));
      case "profile":
        if (rest.length > 1) throw new PricelintError("usage", `unexpected argument "${rest[1]}"`);
        return print(showProfile(rest[0], values["json"] === true));
      case "init": {
        const from = values["from"] as string[] | undefined;
        const out = values["out"] as string | undefined;
        if (from === undefined) {
          if (out !== undefined)
            throw new PricelintError("usage", "--out names the config that init --from writes: give the feed files with --from");
          expectArguments(0);
          return print(await init());
        }
        // The words after --from's file are files too: `--from feeds/*.csv` as the shell expands it.
        return print(await initFrom([...from, ...rest], out));
      }
      case "merge":
        return await runMerge(rest, values as CheckArgs);
      case "trend":
        return await runTrend(rest, (values["format"] as string[] | undefined) ?? ["markdown"]);
      default:
        return print(USAGE);
    }
  } catch (error) {
    if (debug) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    if (error instanceof PricelintError) {
      // A message quotes the user's input (a fact name, a config value): never raw to the terminal.
      process.stderr.write(`pricelint: ${terminalLine(error.message)}\n`);
    } else if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`pricelint: ${terminalLine((error as Error).message)}\n${debug ? "" : "Run pricelint --help for usage.\n"}`);
    } else {
      process.stderr.write(
        `pricelint: internal error: ${terminalLine((error as Error).message)}${debug ? "" : " (rerun with --debug for details)"}\n`,
      );
    }
    return 2;
  }
}

interface CheckArgs extends ChangeArgs {
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
  "inside-only"?: boolean | undefined;
}

async function runCheck(args: CheckArgs): Promise<number> {
  const failOn = parseFailOn(args["fail-on"]);
  const outputs = (args.format ?? ["table"]).map(parseFormat);
  // The config the user runs may name any file; --inside-only keeps a config from others to its folder.
  const loaded = await loadConfig(args.config ?? findDefaultConfig(), { insideOnly: args["inside-only"] ?? false });
  // Nothing the run writes (reports, a snapshot) may overwrite what it reads, or one another.
  if (args.feeds !== undefined) await refuseFeedsFolder(args.feeds, flagName);
  const feedsDir = args.feeds ?? loaded.baseDir;
  const previous = args.previous === undefined ? undefined : await previousInput(args.previous);
  // The files the run reads, a previous state reading today's refused, as check() finds them (naming the flags).
  const inputs = await runInputs({ ...loaded, memory: null }, { feedsDir: args.feeds, previous }, flagName);
  const writes: Written[] = [
    ...reportFiles(outputs),
    ...(args.snapshot !== undefined ? [{ asked: `--snapshot ${args.snapshot}`, what: "the snapshot" as const, file: args.snapshot }] : []),
  ];
  refuseUnwritable(writes);
  // The baseline is read from its file here; check() is given its findings.
  refuseOverwriting(writes, [...inputs, ...(args.baseline !== undefined ? [[args.baseline, "the baseline"] as const] : [])]);
  const instant = (flag: string, text: string | undefined, role: "start" | "end" = "start"): Date | undefined => {
    if (text === undefined) return undefined;
    const r = parseInstant(text, loaded.config.timezone, role);
    if (!r.ok) throw new PricelintError("usage", `--${flag}: ${r.reason}`);
    // A point in time below the millisecond lies between two the check can stand at: say so (a window's ends are read as bounds).
    if ((flag === "at" || flag === "previous-at") && r.belowMillisecond) {
      throw new PricelintError("usage", `--${flag} ${text}: a check stands at a millisecond; write at most three decimals of a second`);
    }
    const unwritable = unwritableInstant(r.instant);
    if (unwritable !== null) throw new PricelintError("usage", `--${flag} ${text}: ${unwritable}`);
    return new Date(r.instant);
  };
  const at = instant("at", args.at);
  const from = instant("from", args.from);
  const to = instant("to", args.to, "end");
  if ((from === undefined) !== (to === undefined)) throw new PricelintError("usage", "--from and --to go together");
  if (at && from) throw new PricelintError("usage", "--at checks one instant, --from/--to a window: give one or the other");
  // Named as given and as read: a bare --to date is the end of that day, a time is that instant.
  if (from && to && !(to > from)) {
    throw new PricelintError(
      "usage",
      `--to ${args.to} (${to.toISOString()}) must be after --from ${args.from} (${from.toISOString()}): a window's end is after its start`,
    );
  }
  const window = from && to ? { from, to } : undefined;
  const shardText = args.shard === "auto" ? shardFromEnvironment(process.env) : args.shard;
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  if (shard === null) {
    const read = args.shard === "auto" ? ` (${shardText} from the environment)` : "";
    throw new PricelintError("usage", `--shard takes K/N with 1 ≤ K ≤ N ≤ ${MAX_SHARDS}, e.g. 2/8, not "${args.shard}"${read}`);
  }
  // Shard 1 of 1 (`--shard auto` with one task) checks the whole run.
  if (shard && shard.count > 1 && args.baseline !== undefined) {
    throw new PricelintError("usage", "--baseline compares a whole run: give it to pricelint merge, not to a shard");
  }
  // Only the baseline's ids are kept; its absent findings are read from it again once the run is done.
  const baseline = args.baseline === undefined ? undefined : readBaselineIds(args.baseline, window !== undefined);
  // Digits only: Number() would also take 0x10, 1e1 and 0b11.
  const workers = args.workers === undefined ? 1 : /^\d{1,2}$/.test(args.workers) ? Number(args.workers) : NaN;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new PricelintError("usage", `--workers takes a whole number from 1 to 64, not "${args.workers}"`);
  if (workers > 1 && shard)
    throw new PricelintError("usage", "--workers splits the run into shards itself: give --workers or --shard, not both");
  // Refused as given, before the threads are capped: a snapshot is never written by threads.
  if (workers > 1 && args.snapshot !== undefined)
    throw new PricelintError("usage", "a snapshot holds a whole run's offers: write it from a run without workers or shard");
  // More threads than cores or rows only cost memory and start-up time: fewer are used, and said so.
  const useful = workers > 1 ? usefulThreads(workers, loaded, feedsDir) : null;
  const note = useful && fewerThreadsNote("--workers", workers, useful);
  if (note) process.stderr.write(`pricelint: note: ${note}\n`);
  const threads = useful?.count ?? 1;
  const changes = changeOptions(args, previous, instant);
  const progress = args["no-progress"] || !process.stderr.isTTY ? null : terminalProgress(process.stderr);
  let report: ReportToWrite;
  try {
    const options = {
      ...(at ? { at } : {}),
      ...(window ? { window } : {}),
      ...(shard ? { shard } : {}),
      ...(threads > 1 ? { workers: threads } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      explain: args.explain ?? false,
      stdin: process.stdin,
      ...changes,
    };
    // Findings are built as each report is written (millions need not fit in memory).
    report = { ...(await checkStream(loaded, options)) };
  } catch (error) {
    // A feed file not found, or not read, in the folder --feeds names: the folder says where it was looked for.
    throw inFeedsFolder(error, loaded.config, args.feeds, flagName);
  } finally {
    progress?.done();
  }
  // Settings that do nothing: said once the run is under way (a config error stops it first), one line each naming the config.
  for (const warning of runWarnings(loaded.config, report))
    process.stderr.write(`pricelint: warning: ${terminalLine(`${loaded.file === null ? "" : `${loaded.file}: `}${warning}`)}\n`);
  // Findings name feed files relative to the folder they were read from: SARIF points there (--feeds DIR).
  const written = { file: loaded.file, baseDir: feedsDir };
  if (baseline && args.baseline !== undefined) {
    const compared = againstBaseline(report, args.baseline, baseline);
    return writeReports(compared.report, outputs, written, failOn, compared.failing);
  }
  return writeReports(report, outputs, written, failOn, report.summary.findings);
}

/**
 * The ids of a baseline report's findings, read as it streams (see baselineIds). The baseline
 * must be of a run like this one, `window` saying whether it checks a window: a shard's report
 * holds a part of the findings, and a window's findings have other ids than an instant's (an id
 * includes when its interval starts), so either would call findings new that are not.
 */
function readBaselineIds(file: string, window: boolean): BaselineIds {
  let hasFindings = false;
  const head: Record<string, unknown> = {};
  const written = new WrittenFindings();
  // The line the finding last given starts on, for a message about it.
  let line: number | null = null;
  const values = function* () {
    for (const event of reportFile(file).events()) {
      if (event.kind === "member") head[event.key] = event.value;
      if (event.kind === "array" && event.key === "findings") hasFindings = true;
      if (event.kind === "element" && event.key === "findings") {
        written.add(event.text, (event.value ?? {}) as object);
        line = event.line;
        yield event.value;
      }
    }
  };
  const ids = baselineIds(values(), file, () => line);
  // A trend is pricelint's JSON too, with findings that carry ids: only a check's report is a baseline.
  if (!hasFindings || !isCheckReportHead(head)) throw new PricelintError("usage", NOT_A_REPORT, file);
  // A finding edited, added or dropped after the report was written would be compared as pricelint's own (merge refuses it too).
  written.prove(head["digest"], (head["summary"] as { findings?: FindingCounts }).findings, file, head["run"]);
  const problem = baselineShardProblem(head) ?? baselineKindProblem(head["window"] !== undefined, window);
  if (problem !== null) throw new PricelintError("usage", problem, file);
  return ids;
}

/**
 * A report compared with a baseline file: each finding marked new or unchanged as it is written,
 * the baseline's findings gone since read from it again, and the new findings that --fail-on counts.
 */
function againstBaseline(
  report: ReportToWrite,
  file: string,
  ids: BaselineIds,
): { report: ReportToWrite; failing: Readonly<Record<Severity, number>> } {
  const comparison = compareWithBaseline(report.findings, ids);
  const absent: BaselineFinding[] = [];
  // Read again, the file's findings parsed only where gone: most nights, few are.
  for (const event of reportFile(file).events((key, place) => key === "findings" && comparison.goneAt(place))) {
    if (event.kind === "element" && event.key === "findings") absent.push(baselineFinding(event.value, event.index, file, event.line));
  }
  return {
    report: {
      ...report,
      summary: { ...report.summary, baseline: { ...comparison.counts, absent: absent.length } },
      findings: markedFindings(report.findings, ids),
      absent,
    },
    failing: comparison.newBySeverity,
  };
}

/** `--fail-on`: the least severity that fails the run, or never. */
type FailOn = Severity | "never";

/** `--fail-on`'s value (default error), refused unless it is a severity or never. */
function parseFailOn(given: string | undefined): FailOn {
  const failOn = given ?? "error";
  if (failOn !== "never" && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new PricelintError("usage", `--fail-on takes error, warning, info or never, not "${failOn}"`);
  }
  return failOn as FailOn;
}

/**
 * Writes each requested format, and returns the exit code --fail-on gives. Every format is
 * written as its findings are built, with backpressure: none is held whole.
 */
async function writeReports(
  report: ReportToWrite,
  outputs: readonly Output[],
  loaded: { readonly file: string | null; readonly baseDir: string },
  failOn: FailOn,
  failingCounts: Readonly<Record<Severity, number>>,
): Promise<number> {
  // Files first, standard output last: a reader that closes the pipe early (`| head`) ends the
  // run (exit 141), and every report file asked for is written by then, whatever the options' order.
  const ordered = [...outputs.filter((o) => o.file !== null), ...outputs.filter((o) => o.file === null)];
  for (const { format, file } of ordered) {
    try {
      await writeChunks(FORMATTERS[format]!(report, { configFile: loaded.file, baseDir: loaded.baseDir, failOn }), file);
    } catch (error) {
      // A report file the system refuses (no such folder, no permission) is the user's to fix.
      const code = (error as NodeJS.ErrnoException).code;
      if (file === null || typeof code !== "string" || !/^E[A-Z]+$/.test(code)) throw error;
      throw new PricelintError("io", `cannot write the ${format} report: ${(error as Error).message}`, file, { cause: error });
    }
  }
  return failOn !== "never" && failing(failingCounts, failOn) ? 1 : 0;
}

/** A `--format FMT[:FILE]` option: its format, its file (null for standard output) and the option as given. */
interface Output {
  readonly format: string;
  readonly file: string | null;
  readonly asked: string;
}

/** An output as `--format` gives it: no file, `-` and /dev/stdout (see isStandardOutput) are standard output. */
function output(format: string, file: string | null, asked: string): Output {
  return { format, file: file === null || isStandardOutput(file) ? null : file, asked };
}

/** The report files of `--format FMT:FILE` options, as {@link refuseOverwriting} takes them. */
function reportFiles(outputs: readonly Output[]): Written[] {
  // Standard output is one destination: two documents there make neither readable.
  const [first, second] = outputs.filter((o) => o.file === null);
  if (first !== undefined && second !== undefined) {
    throw new PricelintError(
      "usage",
      `--format ${first.asked} and --format ${second.asked} both write to standard output: give all but one a file (--format ${second.format}:FILE)`,
    );
  }
  const files = outputs.flatMap(({ format, file }) =>
    file === null ? [] : [{ asked: `--format ${format}:${file}`, what: "the report" as const, file }],
  );
  // Standard output sent to a file (`> r.json`) is that file: a report written there too would be mixed with it.
  const redirected = first !== undefined ? standardOutputFile() : null;
  return redirected === null ? files : [redirected, ...files];
}

/** `pricelint merge a.json b.json …`: the shards' JSON reports → the unsharded run's report. */
async function runMerge(files: readonly string[], args: CheckArgs): Promise<number> {
  if (files.length === 0)
    throw new PricelintError("usage", "merge needs the JSON reports of the shards, e.g. pricelint merge shard-1.json shard-2.json");
  const failOn = parseFailOn(args["fail-on"]);
  const outputs = (args.format ?? [MERGE_FORMATS[0]]).map(parseFormat);
  const refused = outputs.find(({ format }) => !(MERGE_FORMATS as readonly string[]).includes(format));
  if (refused !== undefined) {
    throw new PricelintError(
      "usage",
      `--format ${refused.asked}: merge writes ${MERGE_FORMAT_LIST}; sarif, junit and html ${MERGE_REFUSED}`,
    );
  }
  // Every output is proved writable before the reports are read: none is written if one cannot be.
  const writes = reportFiles(outputs);
  refuseUnwritable(writes);
  refuseOverwriting(writes, [
    ...files.map((file) => [file, `the report ${file}`] as const),
    ...(args.baseline !== undefined ? [[args.baseline, "the baseline"] as const] : []),
  ]);
  // The reports are proved, then their findings merged as they are written, read from the files again each pass.
  const merged: ReportToWrite = { ...mergeSources(files.map(reportFile)), rules: mergeRules() };
  if (args.baseline !== undefined) {
    const compared = againstBaseline(merged, args.baseline, readBaselineIds(args.baseline, merged.window !== undefined));
    return writeReports(compared.report, outputs, { file: null, baseDir: "." }, failOn, compared.failing);
  }
  return writeReports(merged, outputs, { file: null, baseDir: "." }, failOn, merged.summary.findings);
}

/** What `pricelint trend` writes. */
const TREND_FORMATS = ["markdown", "json", "html"] as const;

/**
 * `pricelint trend a.json b.json … | FOLDER`: the JSON reports of a series of runs → their trend.
 * Reports are read one at a time and reduced to what the trend needs, so only one is held whole.
 */
async function runTrend(paths: readonly string[], formats: readonly string[]): Promise<number> {
  if (paths.length === 0)
    throw new PricelintError(
      "usage",
      "trend needs JSON reports or a folder of them, e.g. pricelint trend reports/ --format html:trend.html",
    );
  const outputs = formats.map((spec) => {
    const colon = spec.indexOf(":");
    const format = colon < 0 ? spec : spec.slice(0, colon);
    const file = colon < 0 ? null : spec.slice(colon + 1);
    if (!(TREND_FORMATS as readonly string[]).includes(format))
      throw new PricelintError("usage", `--format: trend writes ${TREND_FORMATS.join(", ")}, not "${format}"`);
    if (file === "") throw new PricelintError("usage", `--format ${spec}: the file name is empty`);
    return output(format, file, spec);
  });
  const files = await trendReportFiles(paths);
  // Every output is proved writable before the reports are read: none is written if one cannot be.
  const writes = reportFiles(outputs);
  refuseUnwritable(writes);
  refuseOverwriting(
    writes,
    files.map((file) => [file, `the report ${file}`] as const),
  );
  const series = new TrendSeries();
  for (const file of files) series.add(file, streamedReport(file));
  const trend = series.trend(version);
  for (const warning of trend.warnings) process.stderr.write(`pricelint: warning: ${terminalLine(warning)}\n`);
  for (const { format, file } of outputs) {
    try {
      if (format === "json") await writeChunks(trendJsonChunks(trend), file);
      else {
        const text = format === "html" ? formatTrendHtml(trend) : formatTrendMarkdown(trend);
        if (file === null) process.stdout.write(text);
        else await writeFile(file, text);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (file === null || typeof code !== "string" || !/^E[A-Z]+$/.test(code)) throw error;
      throw new PricelintError("io", `cannot write the ${format} trend: ${(error as Error).message}`, file, { cause: error });
    }
  }
  return 0;
}

/** The report files a trend reads: each file named, and the `.json` files directly in each folder named (in code-unit order). */
async function trendReportFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let directory: boolean;
    try {
      directory = await isFolder(path);
    } catch (error) {
      throw new PricelintError("io", describeFileError(error), path, { cause: error });
    }
    if (!directory) {
      files.push(path);
      continue;
    }
    const folder = path.endsWith(sep) || path.endsWith("/") ? path : `${path}/`;
    // A link to a report (an archive's latest runs linked into one folder) is a report; `.JSON` is `.json`.
    const entries = (await readdir(path, { withFileTypes: true })).filter((e) => e.name.toLowerCase().endsWith(".json"));
    const names: string[] = [];
    for (const e of entries) {
      if (e.isFile()) names.push(e.name);
      else if (e.isSymbolicLink()) {
        const target = await stat(`${folder}${e.name}`).catch(() => null);
        if (target?.isFile()) names.push(e.name);
        else if (target === null)
          process.stderr.write(`pricelint: note: ${terminalLine(`${folder}${e.name}`)}: a link to nothing, passed over\n`);
      }
    }
    names.sort();
    // A folder of reports may hold other JSON (a config, a trend written there): passed over, and said. A file
    // whose start cannot tell (empty, cut short, UTF-16) is read as a report: what is wrong with it is said, as named.
    const reports: string[] = [];
    for (const name of names) {
      if (reportFileKind((await fileHead(`${folder}${name}`)).text) !== "other") reports.push(`${folder}${name}`);
      else process.stderr.write(`pricelint: note: ${terminalLine(`${folder}${name}`)}: not a pricelint report, passed over\n`);
    }
    if (reports.length === 0) throw new PricelintError("usage", "no .json report in this folder", path);
    files.push(...reports);
  }
  return files;
}

/**
 * Reads a JSON report given to `--baseline` or `merge`: a file that cannot be read, or is not
 * JSON, is an `io` error naming it; JSON that is not a pricelint report is `usage` (see
 * readBaseline and readReport).
 */
export async function readJsonReport(file: string): Promise<unknown> {
  return parseJsonDocument(await readText(file, "io"), file, "io");
}

function parseFormat(spec: string): Output {
  const colon = spec.indexOf(":");
  const format = colon < 0 ? spec : spec.slice(0, colon);
  const file = colon < 0 ? null : spec.slice(colon + 1);
  if (!Object.hasOwn(FORMATTERS, format)) {
    throw new PricelintError("usage", `--format: unknown format "${format}"; formats: ${Object.keys(FORMATTERS).join(", ")}`);
  }
  if (file === "") throw new PricelintError("usage", `--format ${spec}: the file name is empty`);
  return output(format, file, spec);
}

/** Whether a finding at or above `threshold` counts: the counts are of findings not waived (and new, with a baseline). */
function failing(counts: Readonly<Record<Severity, number>>, threshold: Severity): boolean {
  const rank = SEVERITIES.indexOf(threshold);
  return SEVERITIES.some((severity, i) => i <= rank && counts[severity] > 0);
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}
