/**
 * The cost of comparing with the previous state. Night 1 is the `check` benchmark's feed
 * (bench/generate.ts, seed 1); night 2 is the same feed with planted changes
 * (bench/changes-generate.ts), whose expected change findings the generator computes
 * independently of pricelint: the benchmark fails on a wrong count. Two scenarios:
 * `quiet` (a nightly feed: a few moves, removals, additions, one channel repriced alone) and
 * `bad` (every regular price moved). Each run in a child process of its own: night 1 writing its
 * snapshot, night 2 without a previous state, with `--previous SNAPSHOT` and with
 * `--previous DIR` (night 1's feeds); wall time and peak RSS of each, the median of `--runs`
 * (runs alternate between the variants).
 *
 *   npm run bench:changes                      # 100,000 skus × 20 stores = 4.2 M rows a night
 *   npm run bench:changes -- --quick           # 2,000 skus × 5 stores
 *   npm run bench:changes -- --skus 1000000 --stores 20 --scenario quiet --runs 3
 *   … --reuse                                  # the nights already in --out (bench/out/changes)
 *   … --only SNAPSHOT                          # only the runs whose name has this
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CHANGE_RULE_IDS, nextNight, type NightTruth, type Scenario } from "./changes-generate.js";
import { generate, type GroundTruth } from "./generate.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    skus: { type: "string" },
    stores: { type: "string" },
    out: { type: "string" },
    scenario: { type: "string" },
    runs: { type: "string" },
    only: { type: "string" },
    reuse: { type: "boolean" },
  },
});
const skus = Number(values.skus ?? (values.quick ? 2000 : 100_000));
const stores = Number(values.stores ?? (values.quick ? 5 : 20));
const runs = Number(values.runs ?? 1);
const scenarios: Scenario[] =
  values.scenario === undefined
    ? ["quiet", "bad"]
    : values.scenario.split(",").map((s) => (s === "quiet" || s === "bad" ? s : fail(`unknown scenario ${s}`)));
const out = resolve(values.out ?? "bench/out/changes");
const at = "2026-12-05T06:00:00Z";

function fail(message: string): never {
  throw new Error(message);
}

interface Result {
  wallMs: number;
  maxRssKiB: number;
  findings: number;
  byRule: Record<string, number>;
  rows: number;
}

function child(config: string, options: object): Result {
  const run = spawnSync(
    process.execPath,
    ["--max-old-space-size=16000", "--import", "tsx", "bench/changes-child.ts", config, JSON.stringify({ at, ...options })],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Result;
}

const night1 = join(out, "night-1");
// --reuse: the nights generated before into `out` (with these --skus and --stores), read with their expected counts.
const reused = (file: string) => (values.reuse && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as unknown) : null);
const truth1 = (reused(join(night1, "ground-truth.json")) as GroundTruth | null) ?? generate({ skus, stores, seed: 1, out: night1 });
if (truth1.generator.skus !== skus || truth1.generator.stores !== stores)
  throw new Error(`${night1} holds another size: generate it again`);
const snapshot = join(out, "night-1.snapshot.gz");
const nights: { scenario: Scenario; dir: string; truth: NightTruth }[] = [];
for (const scenario of scenarios) {
  const dir = join(out, `night-2-${scenario}`);
  let truth = reused(join(dir, "expected.json")) as NightTruth | null;
  if (truth === null) {
    truth = await nextNight(night1, dir, scenario, scenario === "quiet" ? 2 : 3);
    writeFileSync(join(dir, "expected.json"), JSON.stringify(truth, null, 2) + "\n");
  }
  if (truth.previousRows !== truth1.rows) throw new Error(`night 2 read ${truth.previousRows} rows of night 1's ${truth1.rows}`);
  nights.push({ scenario, dir, truth });
}
console.log(`${skus.toLocaleString("en-US")} skus × ${stores} stores = ${truth1.rows.toLocaleString("en-US")} rows in night 1`);
for (const { scenario, truth } of nights)
  console.log(
    `night 2 ${scenario}: ${truth.rows.toLocaleString("en-US")} rows; expected ${JSON.stringify(truth.counts)}; planted ${JSON.stringify(truth.planted)}`,
  );

interface Variant {
  name: string;
  config: string;
  options: object;
  rows: number;
  expect?: NightTruth;
}
const config = (dir: string) => join(dir, "pricelint.config.json");
const variants: Variant[] = [{ name: "night 1, writing its snapshot", config: config(night1), options: { snapshot }, rows: truth1.rows }];
for (const { scenario, dir, truth } of nights) {
  variants.push({ name: `night 2 ${scenario} without a previous state`, config: config(dir), options: {}, rows: truth.rows });
  variants.push({
    name: `night 2 ${scenario} --previous SNAPSHOT`,
    config: config(dir),
    options: { previous: { snapshot } },
    rows: truth.rows,
    expect: truth,
  });
  variants.push({
    name: `night 2 ${scenario} --previous DIR`,
    config: config(dir),
    options: { previous: { feeds: night1 } },
    rows: truth.rows,
    expect: truth,
  });
}
// --only TEXT: the runs whose name has TEXT (the snapshot is night 1's, written before).
const selected = values.only === undefined ? variants : variants.filter((v) => v.name.includes(values.only!));
const results = new Map<Variant, Result[]>(selected.map((v) => [v, []]));
for (let r = 0; r < runs; r++) {
  for (const v of selected) {
    if (v !== variants[0] && !existsSync(snapshot)) throw new Error("no snapshot written: run night 1 first");
    const result = child(v.config, v.options);
    if (result.rows !== v.rows) throw new Error(`${v.name}: read ${result.rows} rows, the feed has ${v.rows}`);
    if (v.expect) {
      for (const id of CHANGE_RULE_IDS)
        if ((result.byRule[id] ?? 0) !== v.expect.counts[id])
          throw new Error(`${v.name}: ${id} found ${result.byRule[id] ?? 0}, expected ${v.expect.counts[id]}`);
    } else if (CHANGE_RULE_IDS.some((id) => (result.byRule[id] ?? 0) !== 0))
      throw new Error(`${v.name}: change findings without a previous state`);
    results.get(v)!.push(result);
    console.error(`  ${v.name}: ${(result.wallMs / 1000).toFixed(2)} s, ${Math.round(result.maxRssKiB / 1024)} MiB`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`\n| run | wall s | peak RSS MiB | findings | change findings |\n|---|---|---|---|---|`);
for (const [v, rs] of results) {
  const change = CHANGE_RULE_IDS.reduce((n, id) => n + (rs[0]!.byRule[id] ?? 0), 0);
  const wall = median(rs.map((r) => r.wallMs)) / 1000;
  const rss = median(rs.map((r) => r.maxRssKiB)) / 1024;
  const all = rs.length > 1 ? ` (${rs.map((r) => (r.wallMs / 1000).toFixed(1)).join(", ")})` : "";
  console.log(
    `| ${v.name} | ${wall.toFixed(2)}${all} | ${Math.round(rss).toLocaleString("en-US")} | ${rs[0]!.findings.toLocaleString("en-US")} | ${change.toLocaleString("en-US")} |`,
  );
}
const snapshotBytes = existsSync(snapshot) ? readFileSync(snapshot).length : 0;
console.log(`\nsnapshot: ${(snapshotBytes / 2 ** 20).toFixed(1)} MiB`);
