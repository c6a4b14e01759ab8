// pricelint as users run it: the built CLI, `check --format json:FILE`, in this process (so its
// wall time and peak RSS are the CLI's). Prints one JSON line {wallMs, cpuMs, maxRssKiB, rows, counts}:
// the counts per rule are read back from the JSON report after the clock has stopped.
// Also gives the process's CPU time (cpuMs: user + system, all threads), which a shared machine
// disturbs less than wall time (bench/ab-cli.mjs compares builds by both).
// Usage: node bench/contenders/cli.mjs DIST_CLI_JS CONFIG REPORT.json [--workers N]
import { closeSync, openSync, readSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [cli, config, report, ...rest] = process.argv.slice(2);
if (!cli || !config || !report) {
  console.error("usage: node bench/contenders/cli.mjs DIST_CLI_JS CONFIG REPORT.json [--workers N]");
  process.exit(2);
}
const started = performance.now();
process.on("exit", (code) => {
  const wallMs = performance.now() - started;
  const usage = process.resourceUsage();
  const maxRssKiB = usage.maxRSS;
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  if (code !== 0 && code !== 1) return;
  const { rows, counts } = countReport(report);
  process.exitCode = 0;
  console.log(JSON.stringify({ wallMs, cpuMs, maxRssKiB, rows, counts }));
});
process.argv = [
  process.argv[0],
  cli,
  "check",
  "--config",
  config,
  "--format",
  `json:${report}`,
  "--fail-on",
  "never",
  "--no-progress",
  ...rest,
];
await import(pathToFileURL(cli).href);

/** Findings per rule (each finding's `"rule": "…"`) and rows read, by scanning the report's bytes. */
function countReport(path) {
  const counts = {};
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(1 << 22);
  let carry = "";
  let rows = null;
  for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0;) {
    const text = carry + buf.toString("utf8", 0, got);
    const cut = text.lastIndexOf("\n") + 1;
    for (const line of text.slice(0, cut).split("\n")) {
      const rule = line.indexOf('"rule": "');
      if (rule >= 0) {
        const id = line.slice(rule + 9, line.indexOf('"', rule + 9));
        counts[id] = (counts[id] ?? 0) + 1;
      } else if (rows === null && line.trimStart().startsWith('"read": ')) rows = Number.parseInt(line.trim().slice(8), 10);
    }
    carry = text.slice(cut);
  }
  closeSync(fd);
  return { rows, counts };
}
