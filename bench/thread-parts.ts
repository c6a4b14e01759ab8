/**
 * What a worker thread's shard by key range costs to load as the last of N (2, 4, 8), which
 * reads the most of the file before its own rows: reading only its part of the file (the lines
 * before it counted, see ThreadShard.starts) against passing over those lines from their sku
 * cell (as a thread reads any price feed it has no part of), and the first shard, which reads
 * nothing before its rows, as the cost of a shard's own rows. Each shard is loaded in this
 * thread, one after the other, alternated, after a full collection of the last one's garbage;
 * the median CPU time (user + system, all threads of the process) of each. A diagnostic for
 * RESULTS.md, not the benchmark: it runs the TypeScript sources through tsx and calls the loader
 * as a check thread does.
 *
 * Usage: NODE_OPTIONS=--expose-gc npx tsx bench/thread-parts.ts bench/out/full/pricelint.config.json [--runs 7]
 * (a config whose first feed is a price file sorted by sku, as bench/generate.ts writes)
 */
import { join } from "node:path";
import { loadConfig } from "../src/check.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { channelRegistry } from "../src/config/channels.js";
import { sampleKeyRanges } from "../src/parallel/key-ranges.js";
import type { ThreadShard } from "../src/dataset/shard.js";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt < 0 ? 7 : Number(args.splice(runsAt, 2)[1]);
const configPath = args[0];
if (configPath === undefined || !Number.isInteger(runs) || runs < 1) {
  console.error("usage: NODE_OPTIONS=--expose-gc npx tsx bench/thread-parts.ts CONFIG [--runs N]");
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error("run with NODE_OPTIONS=--expose-gc");
  process.exit(2);
}
const { config, baseDir } = await loadConfig(configPath);
const feed = config.feeds[0]!;
const channels = new Set(channelRegistry(config.channels).keys());
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** CPU milliseconds to load the dataset of `shard`, and the price rows it read. */
async function load(shard: ThreadShard): Promise<{ cpuMs: number; rows: number }> {
  // The last load's dataset collected here, not in the time of this one.
  gc!();
  const before = process.cpuUsage();
  const { loaded, keyOrder } = await loadDataset(config, baseDir, { channels, shard });
  const used = process.cpuUsage(before);
  if (keyOrder !== null) throw new Error(`the feed is not in sku order: ${JSON.stringify(keyOrder)}`);
  return { cpuMs: (used.user + used.system) / 1000, rows: loaded[0]!.rows.read };
}

console.log(`${join(baseDir, feed.path)}, ${runs} runs each, median CPU of loading one shard`);
for (const count of [2, 4, 8]) {
  const ranges = await sampleKeyRanges(feed, join(baseDir, feed.path), count);
  if (ranges?.starts == null) throw new Error(`no part starts found for ${count} shards`);
  const ways = {
    "first shard (its rows alone)": { index: 1, count, bounds: ranges.bounds, starts: ranges.starts },
    "last shard, its part": { index: count, count, bounds: ranges.bounds, starts: ranges.starts },
    "last shard, passing over": { index: count, count, bounds: ranges.bounds },
  };
  const times: Record<string, number[]> = {};
  const rows: Record<string, number> = {};
  for (let run = 0; run < runs; run++)
    for (const [way, shard] of Object.entries(ways)) {
      const { cpuMs, rows: read } = await load(shard);
      (times[way] ??= []).push(cpuMs);
      rows[way] = read;
    }
  for (const way of Object.keys(ways))
    console.log(`  ${count} shards, ${way}: ${rows[way]!.toLocaleString("en")} rows, ${median(times[way]!).toFixed(0)} ms`);
}
