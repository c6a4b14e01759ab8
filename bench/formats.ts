/**
 * Reading speed per feed format: the same generated price rows (999,600 by default: 23,800 skus ×
 * 20 stores, one sheet's worth: a worksheet holds at most 1,048,576 rows) as CSV, gzipped CSV, TSV, JSON, JSON Lines, XML, XLSX and Parquet (amounts as
 * strings, and as DECIMAL columns), each checked by
 * the built library in a child process of its own (bench/run-check.mjs), CSV first, in one run.
 * Per format: the file's size, the check's wall time and rows per second, the peak RSS, and the
 * row accounting; every format must read every row (read = accepted + rejected) and give the
 * ground truth's finding counts, computed by the generator independently of pricelint.
 *
 * Usage: npm run bench:formats -- [--quick] [--skus N] [--stores N] [--only csv,xml] [--out DIR]
 *   --quick   500 skus × 5 stores = 6,000 rows (what CI runs: the formats agree, not their speed)
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { createGzip } from "node:zlib";
import { cpus } from "node:os";
import { runChild } from "./child.js";
import { generate, intFlag, parseFlags, RULE_IDS, type GroundTruth } from "./generate.js";
import { writeParquet } from "./formats/parquet.js";
import { writeJson, writeJsonl, writeTsv, type Rows } from "./formats/text.js";
import { writeXlsx } from "./formats/xlsx.js";
import { writeXml } from "./formats/xml.js";

const ROOT = resolve(import.meta.dirname, "..");
const DIST = join(ROOT, "dist/index.js");
const CHILD = join(ROOT, "bench/run-check.mjs");

interface Contender {
  readonly name: string;
  readonly file: string;
  /** Writes the rows in this format; null for the generated CSV itself. */
  readonly write: ((path: string, header: readonly string[], rows: Rows) => Promise<void>) | null;
}

const CONTENDERS: readonly Contender[] = [
  { name: "csv", file: "prices.csv", write: null },
  { name: "csv.gz", file: "prices.csv.gz", write: null },
  { name: "tsv", file: "prices.tsv", write: writeTsv },
  { name: "json", file: "prices.json", write: writeJson },
  { name: "jsonl", file: "prices.jsonl", write: writeJsonl },
  { name: "xml", file: "prices.xml", write: writeXml },
  { name: "xlsx", file: "prices.xlsx", write: writeXlsx },
  { name: "parquet", file: "prices.parquet", write: writeParquet },
  // Amounts as DECIMAL(12,2) columns, as a warehouse exports them, rather than text.
  {
    name: "parquet-decimal",
    file: "prices-decimal.parquet",
    write: (path, header, rows) => writeParquet(path, header, rows, { types: DECIMAL_AMOUNTS }),
  },
];

const DECIMAL_AMOUNTS = { price: { decimal: { precision: 12, scale: 2 } }, sale_price: { decimal: { precision: 12, scale: 2 } } } as const;

/** The generated CSV's rows (it has no quotes: every cell is split on commas). */
async function* csvRows(path: string): AsyncGenerator<readonly string[]> {
  let header = true;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (header) header = false;
    else if (line !== "") yield line.split(",");
  }
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), { quick: "boolean", skus: "value", stores: "value", only: "value", out: "value" });
  if (!existsSync(DIST)) {
    console.error("dist/index.js is missing: the benchmark measures the built library; run `npm run build` first.");
    return 1;
  }
  const quick = flags.has("quick");
  const skus = intFlag(flags, "skus", quick ? 500 : 23_800);
  const stores = intFlag(flags, "stores", quick ? 5 : 20);
  const out = resolve(flags.get("out") ?? join(ROOT, "bench/out", quick ? "formats-quick" : "formats"));
  const only = flags.get("only")?.split(",");
  mkdirSync(out, { recursive: true });
  console.log(`pricelint per-format reading benchmark — node ${process.version}, ${cpus().length} cores`);
  const truth: GroundTruth = generate({ skus, stores, seed: 1, out });
  const csv = join(out, truth.files.feed);
  const header = readFileSync(csv, "utf8").slice(0, 200).split("\n")[0]!.split(",");
  const config = JSON.parse(readFileSync(join(out, truth.files.config), "utf8")) as { feeds: { path: string }[] };
  console.log(`${truth.rows.toLocaleString("en-US")} rows (${skus.toLocaleString("en-US")} skus × ${stores} stores) in ${out}`);
  console.log("");
  console.log("format           file MiB   write s   check s     rows/s   peak RSS MiB   read = accepted + rejected   counts");
  let ok = true;
  for (const contender of CONTENDERS) {
    if (only && !only.includes(contender.name)) continue;
    const path = join(out, contender.file);
    const started = performance.now();
    if (contender.name === "csv.gz") await pipeline(createReadStream(csv), createGzip(), createWriteStream(path));
    else if (contender.write) await contender.write(path, header, csvRows(csv));
    const writeS = (performance.now() - started) / 1000;
    const configPath = join(out, `config.${contender.name}.json`);
    writeFileSync(configPath, JSON.stringify({ ...config, feeds: [{ ...config.feeds[0], path: contender.file }] }));
    const run = await runChild(process.execPath, [CHILD, configPath]);
    const result = run.result;
    if (run.code !== 0 || result === null) {
      console.log(`${contender.name.padEnd(15)}  the check failed (exit ${run.code})`);
      ok = false;
      continue;
    }
    const rows = result.summary.rows;
    const accounted = rows.read === truth.rows && rows.read === rows.accepted + rows.rejected;
    const counted = RULE_IDS.every((id) => (result.counts[id] ?? 0) === truth.counts[id]) && (result.counts["feed/invalid-row"] ?? 0) === 0;
    ok &&= accounted && counted;
    const seconds = result.wallMs / 1000;
    console.log(
      [
        contender.name.padEnd(15),
        (statSync(path).size / 2 ** 20).toFixed(1).padStart(9),
        (contender.write || contender.name === "csv.gz" ? writeS.toFixed(1) : "–").padStart(8),
        seconds.toFixed(2).padStart(8),
        Math.round(rows.read / seconds)
          .toLocaleString("en-US")
          .padStart(10),
        (result.maxRssKiB / 1024).toFixed(0).padStart(13),
        `${rows.read} = ${rows.accepted} + ${rows.rejected}${accounted ? "" : " (WRONG)"}`.padStart(28),
        counted ? "  = truth" : "  DIFFER",
      ].join(" "),
    );
  }
  console.log("");
  console.log(ok ? "PASS: every format reads every row and gives the ground truth's counts" : "FAIL: a format lost rows or counts");
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
