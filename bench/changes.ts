/**
 * The cost of comparing with the previous state: two nights of the `check` benchmark's feed
 * (bench/generate.ts, seeds 1 and 2, so most prices move), each run in a child process of its
 * own: today's run without a previous state, writing yesterday's snapshot, and today's run with
 * the previous snapshot and with the previous feeds. Wall time and peak RSS of each.
 *
 *   npm run bench:changes                      # 100,000 skus × 20 stores = 4.2 M rows a night
 *   npm run bench:changes -- --quick           # 2,000 skus × 5 stores
 *   npm run bench:changes -- --skus 1000000 --stores 20
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generate } from "./generate.js";

const { values } = parseArgs({
  options: { quick: { type: "boolean" }, skus: { type: "string" }, stores: { type: "string" }, out: { type: "string" } },
});
const skus = Number(values.skus ?? (values.quick ? 2000 : 100_000));
const stores = Number(values.stores ?? (values.quick ? 5 : 20));
const out = resolve(values.out ?? "bench/out/changes");
const days = [1, 2].map((seed) => {
  const dir = join(out, `night-${seed}`);
  const truth = generate({ skus, stores, seed, out: dir });
  return { dir, config: join(dir, truth.files.config), rows: truth.rows };
});
const snapshot = join(out, "night-1.snapshot.gz");
const at = "2026-12-05T06:00:00Z";

function child(config: string, options: object): { wallMs: number; maxRssKiB: number; findings: number; rows: number } {
  const run = spawnSync(
    process.execPath,
    ["--max-old-space-size=12000", "--import", "tsx", "bench/changes-child.ts", config, JSON.stringify({ at, ...options })],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as ReturnType<typeof child>;
}

console.log(`${skus.toLocaleString("en-US")} skus × ${stores} stores = ${days[1]!.rows.toLocaleString("en-US")} rows a night`);
const rows: [string, ReturnType<typeof child>][] = [];
rows.push(["night 1, writing its snapshot", child(days[0]!.config, { snapshot })]);
rows.push(["night 2 without a previous state", child(days[1]!.config, {})]);
rows.push(["night 2 --previous SNAPSHOT", child(days[1]!.config, { previous: { snapshot } })]);
rows.push(["night 2 --previous CONFIG (night 1's feeds)", child(days[1]!.config, { previous: { config: days[0]!.config } })]);
console.log("| run | wall s | peak RSS MiB | findings |\n|---|---|---|---|");
for (const [name, r] of rows)
  console.log(`| ${name} | ${(r.wallMs / 1000).toFixed(2)} | ${Math.round(r.maxRssKiB / 1024)} | ${r.findings.toLocaleString("en-US")} |`);
if (rows.some(([, r]) => r.rows !== days[1]!.rows)) throw new Error("a run did not read every row");
