/**
 * Report writers at scale: a generated price feed in which every row is one finding (a sale price
 * not below the price: `price/sale-not-below-regular`), checked by the built CLI once per format
 * (table, json, jsonl, sarif, junit, markdown, html), each in a process of its own under
 * /usr/bin/time for its wall time and peak RSS; then the JSON report read back as a baseline
 * (`check --baseline`) and through `pricelint merge`, and `check | head -3` (the CLI must stop
 * quietly on the closed pipe). Every output's findings are counted against the feed's rows.
 *
 * Usage: npm run build && npm run bench:writers -- [--quick] [--findings N] [--jsonl-findings N] [--out DIR]
 *   --quick           20,000 findings, no JSON Lines run of its own (what CI runs: every writer's counts)
 *   --findings        findings of the per-format runs (default 1,000,000)
 *   --jsonl-findings  findings of an extra JSON Lines run (default 10,000,000; 0 for none)
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "dist/cli.js");
const FORMATS = ["table", "json", "jsonl", "sarif", "junit", "markdown", "html"] as const;

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const quick = args.includes("--quick");
const findings = flag("findings", quick ? 20_000 : 1_000_000);
const jsonlFindings = quick ? 0 : flag("jsonl-findings", 10_000_000);
const outIndex = args.indexOf("--out");
const OUT = resolve(outIndex < 0 ? join(ROOT, "bench", "out", "writers") : args[outIndex + 1]!);
if (!existsSync(CLI)) throw new Error("build first: npm run build");
mkdirSync(OUT, { recursive: true });

/** A feed of n price rows, each a sale price above its price at one of 20 stores; and its config. */
async function feed(n: number): Promise<string> {
  const dir = join(OUT, `feed-${n}`);
  const config = join(dir, "pricelint.config.json");
  if (existsSync(config)) return config;
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, "prices.csv"));
  out.write("sku,channel,location,price,sale_price\n");
  let batch = "";
  for (let i = 0; i < n; i++) {
    batch += `S${String(Math.floor(i / 20)).padStart(8, "0")},store,L${String(i % 20).padStart(2, "0")},1.00,1.50\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, "drain");
      batch = "";
    }
  }
  out.end(batch);
  await once(out, "finish");
  writeFileSync(
    config,
    JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "prices.csv" }], rules: ["price/sale-not-below-regular"] }),
  );
  return config;
}

interface Run {
  readonly what: string;
  readonly seconds: number;
  readonly peakMiB: number;
  readonly code: number | null;
  readonly bytes: number | null;
  readonly counted: number | null;
}

/** Runs a shell pipeline under /usr/bin/time: its wall time and peak RSS (of the pricelint process). */
function timed(
  what: string,
  command: string,
  output: string | null,
  count: (file: string) => Promise<number> | number | null,
): Promise<Run> {
  const r = spawnSync("bash", ["-c", `set -o pipefail; /usr/bin/time -f '%e %M' -o ${OUT}/time.txt ${command}`], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const [seconds, kib] = (
    spawnSync("cat", [`${OUT}/time.txt`], { encoding: "utf8" })
      .stdout.trim()
      .split("\n")
      .at(-1) ?? "0 0"
  ).split(" ");
  const bytes = output && existsSync(output) ? statSync(output).size : null;
  return Promise.resolve(output ? count(output) : null).then((counted) => ({
    what,
    seconds: Number(seconds),
    peakMiB: Math.round(Number(kib) / 1024),
    code: r.status,
    bytes,
    counted,
  }));
}

/** Lines of a file that pass `test`, counted as the file streams. */
async function countLines(file: string, test: (line: string) => boolean): Promise<number> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (test(line)) n++;
  return n;
}

/** The number a file's first line matching `pattern` captures. */
async function numberIn(file: string, pattern: RegExp): Promise<number> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const m = pattern.exec(line);
    if (m) return Number(m[1]);
  }
  return -1;
}

const COUNTERS: Readonly<Record<(typeof FORMATS)[number], (file: string) => Promise<number>>> = {
  table: (f) => countLines(f, (l) => l.startsWith("error ")),
  json: (f) => countLines(f, (l) => l.startsWith('      "rule": ')),
  jsonl: (f) => countLines(f, (l) => l.startsWith('{"id":')),
  sarif: (f) => countLines(f, (l) => l.startsWith('          "ruleId": ')),
  junit: (f) => countLines(f, (l) => l.startsWith("      <failure ") || l.startsWith("[error] ")),
  // Markdown shows ten findings a rule and counts them all; the HTML page holds the first thousand of each rule and counts them all.
  markdown: (f) => numberIn(f, /^\| `price\/sale-not-below-regular` \| (\d+) \|/),
  html: (f) => numberIn(f, /data-total="all">(\d+)</),
};

const runs: Run[] = [];
const config = await feed(findings);
const check = `node ${CLI} check --config ${config} --at 2026-11-20T00:00:00Z --no-progress`;
for (const format of FORMATS) {
  const file = join(OUT, `report.${format === "markdown" ? "md" : format === "junit" ? "xml" : format}`);
  runs.push(await timed(`check --format ${format}`, `${check} --format ${format}:${file}`, file, COUNTERS[format]));
}
const json = join(OUT, "report.json");
runs.push(
  await timed(
    "check --baseline report.json",
    `${check} --baseline ${json} --format json:${OUT}/against.json`,
    `${OUT}/against.json`,
    COUNTERS.json,
  ),
);
runs.push(
  await timed("merge report.json", `node ${CLI} merge ${json} --format json:${OUT}/merged.json`, `${OUT}/merged.json`, COUNTERS.json),
);
runs.push(await timed("check | head -3", `${check} | head -3 > ${OUT}/head.txt`, `${OUT}/head.txt`, (f) => countLines(f, () => true)));
if (jsonlFindings > 0) {
  const big = await feed(jsonlFindings);
  const file = join(OUT, "big.jsonl");
  runs.push(
    await timed(
      `check --format jsonl (${jsonlFindings.toLocaleString("en")} findings)`,
      `node ${CLI} check --config ${big} --at 2026-11-20T00:00:00Z --no-progress --format jsonl:${file}`,
      file,
      COUNTERS.jsonl,
    ),
  );
}

console.log(`${findings.toLocaleString("en")} findings (one a price row), node ${process.version}\n`);
console.log("| run | wall s | peak RSS MiB | exit | output MB | findings counted |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of runs)
  console.log(
    `| ${r.what} | ${r.seconds.toFixed(2)} | ${r.peakMiB} | ${r.code} | ${r.bytes === null ? "–" : (r.bytes / 1e6).toFixed(1)} | ${r.counted ?? "–"} |`,
  );

// Every output holds (or counts: markdown, html) every finding, and every run exits as it should.
const failures: string[] = [];
for (const r of runs) {
  if (r.what.startsWith("check | head")) {
    if (r.code !== 141 || r.counted !== 3) failures.push(`${r.what}: exit ${r.code}, ${r.counted} lines (expected 141 and 3)`);
    continue;
  }
  const expected = r.what.includes("(") ? jsonlFindings : findings;
  if (r.counted !== expected) failures.push(`${r.what}: ${r.counted} findings counted, expected ${expected}`);
  const code = r.what.startsWith("check --baseline") ? 0 : 1;
  if (r.code !== code) failures.push(`${r.what}: exit ${r.code}, expected ${code}`);
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
