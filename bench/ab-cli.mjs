// A/B of two builds of the CLI as users run it (`check --format json:FILE`, one thread or
// `--workers N`), runs alternated A, B, A, B… so that a shared machine's load falls on both
// alike: the median wall and CPU time (user + system) of each, and B/A. The reports written
// must count the same findings per rule, or the A/B is refused (a faster wrong build is no gain).
// Plain JavaScript on purpose: no loader (tsx) in the measured processes.
//
// Usage: node bench/ab-cli.mjs CONFIG A/dist/cli.js B/dist/cli.js [--runs N] [--workers N]
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : Number(args.splice(at, 2)[1]);
};
const runs = option("--runs", 3);
const workers = option("--workers", 1);
const [config, a, b] = args;
if (!config || !a || !b || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(workers)) {
  console.error("usage: node bench/ab-cli.mjs CONFIG A/dist/cli.js B/dist/cli.js [--runs N] [--workers N]");
  process.exit(2);
}
const contender = resolve(import.meta.dirname, "contenders/cli.mjs");
const report = join(tmpdir(), `pricelint-ab-${process.pid}.json`);

/** One run of `cli` on the config: {wallMs, cpuMs, maxRssKiB, rows, counts}. */
function run(cli) {
  const extra = workers > 1 ? ["--workers", String(workers)] : [];
  const out = execFileSync(process.execPath, [contender, resolve(cli), resolve(config), report, ...extra], { encoding: "utf8" });
  rmSync(report, { force: true });
  return JSON.parse(out.trim().split("\n").pop());
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = { A: [], B: [] };
for (let i = 0; i < runs; i++) {
  for (const [name, cli] of [
    ["A", a],
    ["B", b],
  ]) {
    const r = run(cli);
    results[name].push(r);
    console.log(
      `run ${i + 1} ${name}: wall ${(r.wallMs / 1000).toFixed(2)} s, CPU ${(r.cpuMs / 1000).toFixed(2)} s, peak RSS ${(r.maxRssKiB / 1024).toFixed(0)} MiB`,
    );
  }
}
const counts = (r) => JSON.stringify(Object.entries(r.counts).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
if (counts(results.A[0]) !== counts(results.B[0])) {
  console.error(`the builds disagree on the findings: A ${counts(results.A[0])}, B ${counts(results.B[0])}`);
  process.exit(1);
}
for (const key of ["wallMs", "cpuMs"]) {
  const ma = median(results.A.map((r) => r[key]));
  const mb = median(results.B.map((r) => r[key]));
  console.log(
    `median ${key === "wallMs" ? "wall" : "CPU "}: A ${(ma / 1000).toFixed(2)} s, B ${(mb / 1000).toFixed(2)} s, B/A ${(mb / ma).toFixed(3)}`,
  );
}
