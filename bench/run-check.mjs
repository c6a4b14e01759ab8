// Child process of the `check` benchmark: runs the built library (dist/index.js) on one config
// and prints one JSON line with timings, peak RSS, findings per rule and the row summary.
// Plain JavaScript on purpose: no loader (tsx) in the measured process.
//
// Usage: node [--max-old-space-size=MB] bench/run-check.mjs CONFIG [DIST_INDEX_JS] [--workers N]
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const workersAt = args.indexOf("--workers");
const workers = workersAt < 0 ? 1 : Number(args.splice(workersAt, 2)[1]);
const configPath = args[0];
if (!configPath || !Number.isInteger(workers)) {
  console.error("usage: node bench/run-check.mjs CONFIG [DIST_INDEX_JS] [--workers N]");
  process.exit(2);
}
const dist = resolve(args[1] ?? resolve(import.meta.dirname, "../dist/index.js"));
if (!existsSync(dist)) {
  console.error(`${dist} is missing: run \`npm run build\` first`);
  process.exit(1);
}

const rssBefore = process.resourceUsage().maxRSS;
const { checkStream, loadConfig } = await import(pathToFileURL(dist).href);
const started = performance.now();
const config = await loadConfig(resolve(configPath));
// The whole check: every row read and indexed, every rule evaluated, the findings in report
// order; they are counted here, not formatted (formatting is measured apart, see RESULTS.md).
// With workers, each thread checks one shard of the skus; the counts come back from the threads.
const report = await checkStream(config, { at: new Date("2026-11-22T00:00:00Z"), workers });
const wallMs = performance.now() - started;
const usage = process.resourceUsage();
const memory = process.memoryUsage();

/** @type {Record<string, number>} */
const counts = report.findings.countByRule();

console.log(
  JSON.stringify({
    node: process.version,
    wallMs,
    cpuUserMs: usage.userCPUTime / 1000,
    cpuSystemMs: usage.systemCPUTime / 1000,
    // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
    maxRssKiB: usage.maxRSS,
    maxRssBeforeImportKiB: rssBefore,
    heapUsedAfterMiB: memory.heapUsed / 2 ** 20,
    heapLimitMiB: (await import("node:v8")).getHeapStatistics().heap_size_limit / 2 ** 20,
    findings: report.findings.size,
    counts,
    summary: report.summary,
  }),
);
