/**
 * Benchmark of the whole `check` pipeline on a generated long-format prices feed.
 *
 *   npm run build && npm run bench                 # full size: 100,000 skus × 20 stores = 4.2M rows
 *   npm run bench -- --quick                       # 2,000 skus × 5 stores = 24,000 rows
 *   npm run bench -- --skus 50000 --stores 10 --seed 7 --out bench/out/x
 *   npm run bench -- --cpu-prof                    # also profile the child, print the hot spots
 *   npm run bench -- --max-old-space-size 8192     # heap of the child, in MiB
 *   npm run bench -- --dist /tmp/other/dist/index.js   # measure another build (e.g. of another commit)
 *   npm run bench -- --no-jre                      # leave out json-rules-engine (two minutes on its sample, whatever the size)
 *
 * The check runs in a child process (`node bench/run-check.mjs`) on the built library
 * (dist/index.js), so the figures are those of the shipped code without a TypeScript loader.
 * Then the contenders, each in a process of its own on the same file: pricelint with two worker
 * threads, a tuned single-purpose loop (the floor, counting and writing the report's findings),
 * DuckDB, and json-rules-engine on a sample (see `contenders`). Exits 1 when a count differs from
 * the generator's ground truth (or, for json-rules-engine, from pricelint's on its sample), rows
 * are lost, or the floor's findings are not the CLI report's byte for byte (their digests differ).
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { cpus, totalmem } from "node:os";
import { runChild, type ChildResult } from "./child.js";
import { generate, intFlag, parseFlags, RULE_IDS, type GroundTruth } from "./generate.js";
import { formatProfile, summariseProfile } from "./profile.js";

const ROOT = resolve(import.meta.dirname, "..");
const DEFAULT_DIST = join(ROOT, "dist/index.js");
const CHILD = join(ROOT, "bench/run-check.mjs");

const FULL = { skus: 100_000, stores: 20 };
const QUICK = { skus: 2_000, stores: 5 };

/** A path relative to the working directory when it is under it, else absolute. */
function show(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") ? path : rel;
}

function usage(): string {
  return "usage: npm run bench -- [--quick] [--skus N] [--stores N] [--seed N] [--out DIR] [--max-old-space-size MB] [--cpu-prof] [--dist PATH/index.js] [--no-jre]";
}

async function main(): Promise<number> {
  let flags: Map<string, string>;
  try {
    flags = parseFlags(process.argv.slice(2), {
      quick: "boolean",
      skus: "value",
      stores: "value",
      seed: "value",
      out: "value",
      "max-old-space-size": "value",
      "cpu-prof": "boolean",
      dist: "value",
      "no-jre": "boolean",
      help: "boolean",
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage()}`);
    return 2;
  }
  if (flags.has("help")) {
    console.log(usage());
    return 0;
  }
  const dist = resolve(flags.get("dist") ?? DEFAULT_DIST);
  if (!existsSync(dist)) {
    console.error(`${show(dist)} is missing: the benchmark measures the built library; run \`npm run build\` first.`);
    return 1;
  }
  const size = flags.has("quick") ? QUICK : FULL;
  const skus = intFlag(flags, "skus", size.skus);
  const stores = intFlag(flags, "stores", size.stores);
  const seed = intFlag(flags, "seed", 1);
  const out = resolve(flags.get("out") ?? join(ROOT, "bench/out", flags.has("quick") ? "quick" : "full"));
  const heapMiB = flags.has("max-old-space-size") ? intFlag(flags, "max-old-space-size", 0) : null;
  const profile = flags.has("cpu-prof");
  const distAge = statSync(dist).mtime;

  console.log(`pricelint check benchmark — node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
  console.log(`${show(dist)} built ${distAge.toISOString()}; ${gitState(resolve(dist, "../.."))}`);
  console.log(
    `generating ${skus.toLocaleString("en-US")} skus × ${stores} stores (seed ${seed}) into ${relative(process.cwd(), out) || "."} …`,
  );
  const genStarted = performance.now();
  const truth = generate({ skus, stores, seed, out });
  const genSeconds = (performance.now() - genStarted) / 1000;
  console.log(`  ${truth.rows.toLocaleString("en-US")} rows, ${(truth.bytes / 2 ** 20).toFixed(1)} MiB in ${genSeconds.toFixed(1)} s`);

  const nodeArgs: string[] = [];
  if (heapMiB !== null) nodeArgs.push(`--max-old-space-size=${heapMiB}`);
  const profDir = join(out, "prof");
  if (profile) {
    mkdirSync(profDir, { recursive: true });
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${profDir}`);
  }
  const configPath = join(out, truth.files.config);
  const childArgs = [...nodeArgs, CHILD, configPath, ...(dist === DEFAULT_DIST ? [] : [dist])];
  console.log(`running: node ${childArgs.map(show).join(" ")}`);
  if (heapMiB !== null) console.log(`  child heap raised with --max-old-space-size=${heapMiB} (MiB)`);
  const childStarted = performance.now();
  const run = await runChild(process.execPath, childArgs);
  const childSeconds = (performance.now() - childStarted) / 1000;
  if (run.code !== 0 || run.result === null) {
    console.error(
      `the check process failed (exit ${run.code}${run.signal ? `, signal ${run.signal}` : ""}) after ${childSeconds.toFixed(1)} s`,
    );
    if (run.stderr.includes("heap out of memory") || run.stderr.includes("Reached heap limit")) {
      console.error("it ran out of heap: retry with --max-old-space-size MB (e.g. 8192)");
    }
    return 1;
  }
  const result = run.result;
  const own = report(truth, result, { genSeconds, childSeconds, heapMiB, profile: profile ? profDir : null });
  const others = await contenders(
    truth,
    join(out, truth.files.feed),
    result,
    [CHILD, configPath, ...(dist === DEFAULT_DIST ? [] : [dist])],
    !flags.has("no-jre"),
  );
  // The window scenario of real price changes (bench/window.ts), incremental against every instant.
  console.log("");
  const window = spawnSync(
    process.execPath,
    [...process.execArgv, join(ROOT, "bench/window.ts"), "--only", "ts-go", ...(flags.has("quick") ? ["--quick"] : [])],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
  return own === 0 && others && window.status === 0 ? 0 : 1;
}

interface ContenderResult {
  readonly wallMs: number;
  readonly maxRssKiB: number;
  readonly rows: number;
  readonly counts: Readonly<Record<string, number>>;
  /** The digest of the findings a contender wrote as pricelint's report holds them. */
  readonly sha256?: string;
}

/** The floor doing what the CLI does: the same findings' texts and digest, written to a file (bench/contenders/floor-report.mjs). */
const FLOOR_REPORT = "the floor, writing the report's findings and digest";

/**
 * Writes the page cache's dirty pages to disk before a contender starts (`sync`), so that none
 * pays for the last one's report: the kernel makes a process that writes wait for writeback once
 * too much is unwritten. Where there is no `sync` command, nothing.
 */
function settleWrites(): void {
  spawnSync("sync", { stdio: "ignore" });
}

/** The digest's SHA-256 at the end of a JSON report, or null. */
function reportDigest(path: string): string | null {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return /"sha256": "([0-9a-f]{64})"/.exec(tail.toString("latin1"))?.[1] ?? null;
  } finally {
    closeSync(fd);
  }
}

/** DuckDB doing what the CLI does: the findings, sorted, written to a file (bench/contenders/duckdb-report.mjs). */
const DUCKDB_REPORT = "DuckDB, its findings written as JSON";

/**
 * The same four checks by other means, each in its own process on the same file: pricelint in
 * two worker threads (as DuckDB runs on two), a tuned single-purpose loop (the floor: bytes, no
 * string per field) and DuckDB's SQL with DECIMAL columns, each counting and (like the CLI)
 * writing its findings to a file. Their counts must equal the ground truth too, and the floor's
 * report digest the CLI's.
 * json-rules-engine, which would take hours on a whole feed, runs on a sample of its first skus:
 * its counts must equal pricelint's on the same sample, and its time is scaled to the feed's
 * rows (rule evaluation alone is compared in bench/rules-engine.ts).
 */
async function contenders(
  truth: GroundTruth,
  csv: string,
  pricelint: ChildResult,
  checkArgs: readonly string[],
  withJre: boolean,
): Promise<boolean> {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const lines: string[][] = [["contender", "wall (s)", "rows/s", "peak RSS (MiB)", "× pricelint's time", "counts"]];
  const row = (name: string, r: { wallMs: number; maxRssKiB: number; counts: Readonly<Record<string, number>> }, rows: number) => {
    const same = RULE_IDS.every((id) => (r.counts[id] ?? 0) === truth.counts[id]) && rows === truth.rows;
    lines.push([
      name,
      (r.wallMs / 1000).toFixed(2),
      fmt(Math.round((rows * 1000) / r.wallMs)),
      (r.maxRssKiB / 1024).toFixed(0),
      (r.wallMs / pricelint.wallMs).toFixed(2),
      same ? "ok" : "MISMATCH",
    ]);
    return same;
  };
  let ok = row("pricelint check (general, config-driven)", pricelint, pricelint.summary.rows.read);
  const wall = new Map<string, number>();
  const cli = join(dirname(checkArgs[2] ?? DEFAULT_DIST), "cli.js");
  const reportFile = join(dirname(csv), "report.json");
  const asUsers = [join(ROOT, "bench/contenders/cli.mjs"), cli, checkArgs[1]!, reportFile];
  const floorReportFile = join(dirname(csv), "floor-report.json");
  for (const [name, args] of [
    ["pricelint check, workers: 2 (threads)", [...checkArgs, "--workers", "2"]],
    ["pricelint CLI, --format json:FILE, one thread", asUsers],
    ["pricelint CLI, --format json:FILE, --workers 2", [...asUsers, "--workers", "2"]],
    ["tuned single-purpose loop (the floor)", [join(ROOT, "bench/contenders/floor.mjs"), csv]],
    [FLOOR_REPORT, [join(ROOT, "bench/contenders/floor.mjs"), csv, floorReportFile]],
    ["DuckDB, DECIMAL columns (all cores)", [join(ROOT, "bench/contenders/duckdb.mjs"), csv]],
    [DUCKDB_REPORT, [join(ROOT, "bench/contenders/duckdb-report.mjs"), csv, join(dirname(csv), "duckdb-report.json")]],
  ] as const) {
    settleWrites();
    const run = await runChild(process.execPath, args);
    const result = run.result as unknown as (ContenderResult & Partial<ChildResult>) | null;
    if (run.code !== 0 || result === null) {
      console.log(`${name}: failed (exit ${run.code})`);
      ok = false;
      continue;
    }
    ok = row(name, result, result.rows ?? result.summary!.rows.read) && ok;
    wall.set(name, result.wallMs);
    if (name === FLOOR_REPORT) {
      // The same work as the CLI: the same finding texts, so the same digest.
      rmSync(floorReportFile, { force: true });
      const cliDigest = reportDigest(reportFile);
      const same = result.sha256 === cliDigest;
      if (!same) console.log(`${name}: digest ${result.sha256} differs from the CLI report's ${cliDigest}: MISMATCH`);
      ok = same && ok;
    }
  }
  // What writing the report's bytes alone costs this machine, beside the contenders that write it.
  let writeOnly: number | undefined;
  if (existsSync(reportFile)) {
    settleWrites();
    const bytes = statSync(reportFile).size;
    const run = await runChild(process.execPath, [
      join(ROOT, "bench/contenders/write-bytes.mjs"),
      String(bytes),
      join(dirname(csv), "write-bytes.tmp"),
    ]);
    writeOnly = run.code === 0 && run.result !== null ? run.result.wallMs : undefined;
  }
  if (withJre) ok = (await jreOnSample(truth, csv, checkArgs, lines, pricelint.wallMs)) && ok;
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  console.log("");
  for (const l of lines) console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  console.log("");
  console.log(ok ? "PASS: every contender's counts match the ground truth" : "FAIL: a contender's counts differ from the ground truth");
  if (writeOnly !== undefined)
    console.log(
      `writing a file of the JSON report's size (${(statSync(reportFile).size / 1e6).toFixed(1)} MB) and nothing else: ${(writeOnly / 1000).toFixed(2)} s`,
    );
  // The targets (README, "Performance"), as users run pricelint: the CLI writing its JSON report.
  const oneThread = wall.get("pricelint CLI, --format json:FILE, one thread");
  const twoThreads = wall.get("pricelint CLI, --format json:FILE, --workers 2");
  const duckdb = wall.get("DuckDB, DECIMAL columns (all cores)");
  const floor = wall.get("tuned single-purpose loop (the floor)");
  const duckdbReport = wall.get(DUCKDB_REPORT);
  const floorReport = wall.get(FLOOR_REPORT);
  if (oneThread !== undefined && twoThreads !== undefined && duckdb !== undefined && floor !== undefined) {
    console.log(
      `ratios (CLI with its JSON report): one thread / DuckDB ${(oneThread / duckdb).toFixed(2)} (target ≤ 1), ` +
        `--workers 2 / DuckDB ${(twoThreads / duckdb).toFixed(2)} (target ≤ 0.6), one thread / floor ${(oneThread / floor).toFixed(2)} (target ≤ 2.5)`,
    );
    // Like for like: the floor and DuckDB writing the findings, sorted, to a JSON file.
    if (floorReport !== undefined)
      console.log(
        `ratios against the floor writing the same findings and digest: one thread ${(oneThread / floorReport).toFixed(2)}, --workers 2 ${(twoThreads / floorReport).toFixed(2)}`,
      );
    if (duckdbReport !== undefined)
      console.log(
        `ratios against DuckDB writing its findings: one thread ${(oneThread / duckdbReport).toFixed(2)}, --workers 2 ${(twoThreads / duckdbReport).toFixed(2)}`,
      );
  }
  return ok;
}

/** Skus of the feed that json-rules-engine checks. */
const JRE_SAMPLE_SKUS = 2_000;

/**
 * json-rules-engine on the first skus of the feed (written apart, with a config to match), and
 * pricelint on the same, for the counts; adds its line to `lines`. Its wall time is scaled to
 * the whole feed's rows.
 */
async function jreOnSample(
  truth: GroundTruth,
  csv: string,
  checkArgs: readonly string[],
  lines: string[][],
  pricelintMs: number,
): Promise<boolean> {
  const dir = join(dirname(csv), "jre-sample");
  mkdirSync(dir, { recursive: true });
  const sample: string[] = [];
  let skus = 0;
  let last: string | null = null;
  for await (const line of createInterface({ input: createReadStream(csv) })) {
    const sku = line.slice(0, line.indexOf(","));
    if (sample.length > 0 && sku !== last && ++skus > JRE_SAMPLE_SKUS) break;
    last = sku;
    sample.push(line);
  }
  const rows = sample.length - 1;
  writeFileSync(join(dir, truth.files.feed), `${sample.join("\n")}\n`);
  writeFileSync(join(dir, truth.files.config), readFileSync(join(dirname(csv), truth.files.config)));
  const [, , ...distArg] = checkArgs; // [run-check.mjs, config, dist?]: the same build on the sample
  const pricelint = await runChild(process.execPath, [CHILD, join(dir, truth.files.config), ...distArg]);
  const jre = await runChild(process.execPath, [join(ROOT, "bench/contenders/jre.mjs"), join(dir, truth.files.feed)]);
  const name = `json-rules-engine 7 (${Math.min(skus, JRE_SAMPLE_SKUS).toLocaleString("en-US")} skus, time × ${(truth.rows / rows).toFixed(0)})`;
  if (pricelint.code !== 0 || pricelint.result === null || jre.code !== 0 || jre.result === null) {
    console.log(`${name}: failed (exit ${pricelint.code}, ${jre.code})`);
    return false;
  }
  const result = jre.result as unknown as ContenderResult;
  const same = RULE_IDS.every((id) => (result.counts[id] ?? 0) === (pricelint.result!.counts[id] ?? 0)) && result.rows === rows;
  const scaledMs = (result.wallMs * truth.rows) / rows;
  lines.push([
    name,
    (scaledMs / 1000).toFixed(2),
    Math.round((rows * 1000) / result.wallMs).toLocaleString("en-US"),
    (result.maxRssKiB / 1024).toFixed(0),
    (scaledMs / pricelintMs).toFixed(2),
    same ? "ok (= pricelint on the sample)" : "MISMATCH (with pricelint on the sample)",
  ]);
  return same;
}

function report(
  truth: GroundTruth,
  result: ChildResult,
  extra: { genSeconds: number; childSeconds: number; heapMiB: number | null; profile: string | null },
): number {
  const seconds = result.wallMs / 1000;
  const rows = result.summary.rows;
  const fmt = (n: number) => n.toLocaleString("en-US");
  const figures: [string, string][] = [
    ["rows generated", fmt(truth.rows)],
    ["rows read / accepted / rejected", `${fmt(rows.read)} / ${fmt(rows.accepted)} / ${fmt(rows.rejected)}`],
    ["feed size", `${(truth.bytes / 2 ** 20).toFixed(1)} MiB`],
    ["check wall time (loadConfig + check)", `${seconds.toFixed(2)} s`],
    ["child process wall time (incl. startup)", `${extra.childSeconds.toFixed(2)} s`],
    ["CPU user + system", `${(result.cpuUserMs / 1000).toFixed(2)} s + ${(result.cpuSystemMs / 1000).toFixed(2)} s`],
    ["throughput", `${fmt(Math.round(rows.read / seconds))} rows/s`],
    ["peak RSS (maxRSS)", `${(result.maxRssKiB / 1024).toFixed(0)} MiB`],
    ["heap used after check", `${result.heapUsedAfterMiB.toFixed(0)} MiB`],
    [
      "heap limit",
      `${result.heapLimitMiB.toFixed(0)} MiB${extra.heapMiB === null ? " (node default)" : ` (--max-old-space-size=${extra.heapMiB})`}`,
    ],
    ["findings", fmt(result.findings)],
  ];
  const width = Math.max(...figures.map(([k]) => k.length));
  console.log("");
  for (const [k, v] of figures) console.log(`${k.padEnd(width)}  ${v}`);

  let ok = true;
  const ids = [...RULE_IDS, "feed/invalid-row"] as const;
  const other = Object.keys(result.counts).filter((id) => !(ids as readonly string[]).includes(id));
  const ruleWidth = Math.max(...ids.map((id) => id.length), ...other.map((id) => id.length), 4);
  console.log("");
  console.log(`${"rule".padEnd(ruleWidth)}  ${"expected".padStart(10)}  ${"got".padStart(10)}`);
  for (const id of ids) {
    const expected = truth.counts[id];
    const got = result.counts[id] ?? 0;
    const same = expected === got;
    ok &&= same;
    console.log(`${id.padEnd(ruleWidth)}  ${fmt(expected).padStart(10)}  ${fmt(got).padStart(10)}  ${same ? "ok" : "MISMATCH"}`);
  }
  for (const id of other) {
    ok = false;
    console.log(`${id.padEnd(ruleWidth)}  ${"0".padStart(10)}  ${fmt(result.counts[id]!).padStart(10)}  UNEXPECTED`);
  }
  const rowsOk = rows.read === truth.rows && rows.accepted === truth.rows && rows.rejected === 0;
  if (!rowsOk) console.log(`rows: generated ${fmt(truth.rows)}, read ${fmt(rows.read)}, accepted ${fmt(rows.accepted)}: MISMATCH`);
  ok &&= rowsOk;
  const b = truth.boundaries;
  console.log(
    `boundaries exercised: web/store 0.01 apart ${fmt(b.webStoreOneCent)} (not findings), app/web 0.01 apart ${fmt(b.appWebOneCent)}, ` +
      `cc 0.01 above store ${fmt(b.ccStoreOneCentAbove)}, cc = store ${fmt(b.ccStoreEqual)}, sale = price ${fmt(b.saleEqualsPrice)}`,
  );

  if (extra.profile !== null) {
    const files = readdirSync(extra.profile)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => join(extra.profile!, f))
      .sort((x, y) => statSync(y).mtimeMs - statSync(x).mtimeMs);
    if (files[0]) {
      console.log("");
      console.log(`profile: ${relative(process.cwd(), files[0])}`);
      console.log(formatProfile(summariseProfile(files[0])));
    }
  }
  console.log("");
  console.log(ok ? "PASS: every count matches the ground truth" : "FAIL: counts or rows differ from the ground truth");
  return ok ? 0 : 1;
}

/** The commit checked out where the build is, and whether src/ or rules/ differ from it (dist/ may still not match). */
function gitState(dir: string): string {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return "not a git checkout";
  const dirty = git("status", "--porcelain", "--", "src", "rules", "package.json").stdout.trim();
  return `HEAD ${head.stdout.trim()}${dirty === "" ? ", src/ and rules/ clean" : ", src/ or rules/ modified"}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
