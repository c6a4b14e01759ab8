/**
 * Who owns a sku's rows (a shard, a thread, a partition's bucket) is decided from the key the
 * dataset stores the sku under: mapped through the feed's `values`, in NFC. So one thread,
 * `--workers 2` and merged shards give one report, whatever spelling each feed writes a sku in.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { bucketOf } from "../src/dataset/partition.js";
import { check, type Report } from "../src/index.js";
import { sampleKeyRanges } from "../src/parallel/key-ranges.js";
import { mergeReports } from "../src/parallel/merge.js";
import { formatJson } from "../src/report/json.js";

/** The key ranges' bounds alone. */
const sampleKeyBounds = async (...args: Parameters<typeof sampleKeyRanges>) => (await sampleKeyRanges(...args))?.bounds ?? null;

const AT = new Date("2026-11-20T12:00:00Z");
const json = (report: Report) => formatJson(report);
const nfd = (text: string) => text.normalize("NFD");

/** Writes `files` (name → text) into a new folder, and gives the run of `config` there. */
function runIn(files: Record<string, string>, config: object) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-shard-keys-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { config: validateConfig(config, "test"), file: null, baseDir: dir };
}

type Input = ReturnType<typeof runIn>;

/** The JSON report of each way of checking the run: one thread, two threads, and N shards merged for N = 2 and 3. */
async function everyMode(input: Input): Promise<Record<string, string>> {
  const merged = async (count: number) => {
    const shards = [];
    for (let index = 1; index <= count; index++)
      shards.push({ file: `s${index}.json`, report: JSON.parse(json(await check(input, { at: AT, shard: { index, count } }))) as Report });
    return json(mergeReports(shards) as Report);
  };
  return {
    "one thread": json(await check(input, { at: AT })),
    "--workers 2": json(await check(input, { at: AT, workers: 2 })),
    "2 shards merged": await merged(2),
    "3 shards merged": await merged(3),
  };
}

/** Expects every mode's report to be the one thread's. */
function expectOneReport(reports: Record<string, string>): void {
  const whole = reports["one thread"]!;
  for (const [mode, report] of Object.entries(reports)) expect([mode, report]).toStrictEqual([mode, whole]);
}

const STORES = "location\nS1\n";
const rule = "channel/online-differs-from-store";

/**
 * The run of a web feed and a store feed whose files are partitioned upstream (`store/bucket=N/`,
 * Spark's hash over 4 buckets unless `store` says otherwise), with `files` and `before` the web.
 */
function partitionedRun(files: Record<string, string>, store: object = {}, before: object[] = []) {
  return runIn(files, {
    currency: "EUR",
    feeds: [
      { kind: "stores", path: "stores.csv" },
      ...before,
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      {
        kind: "prices",
        path: "store/bucket={bucket}/*.csv",
        constants: { channel: "store" },
        partition: { by: "sku", hash: "spark", buckets: 4 },
        ...store,
      },
    ],
    rules: [rule],
  });
}

/** The store's files of {@link partitionedRun}: each sku as `written`, at S1 for 6.00, in the file of its `bucket`. */
function storeBuckets(skus: readonly string[], bucket: (sku: string) => number, written = (sku: string) => sku): Record<string, string> {
  const files: Record<string, string> = {};
  for (let b = 0; b < 4; b++)
    files[`store/bucket=${b}/part.csv`] = `sku,location,price\n${skus
      .filter((sku) => bucket(sku) === b)
      .map((sku) => `${written(sku)},S1,6.00\n`)
      .join("")}`;
  return files;
}

describe("a sku mapped through values", () => {
  // A00…A19: web writes them OLD-A00…, mapped back by values; the store writes them as they are.
  const skus = Array.from({ length: 20 }, (_, i) => `A${String(i).padStart(2, "0")}`);
  const input = () =>
    runIn(
      {
        "stores.csv": STORES,
        "web.csv": `sku,price\n${skus.map((sku) => `OLD-${sku},5.00\n`).join("")}`,
        "store.csv": `sku,location,price\n${skus.map((sku) => `${sku},S1,6.00\n`).join("")}`,
      },
      {
        currency: "EUR",
        feeds: [
          { kind: "stores", path: "stores.csv" },
          {
            kind: "prices",
            path: "web.csv",
            constants: { channel: "web" },
            values: { sku: Object.fromEntries(skus.map((sku) => [`OLD-${sku}`, sku])) },
          },
          { kind: "prices", path: "store.csv", constants: { channel: "store" } },
        ],
        rules: [rule],
      },
    );

  it("K06 is owned as mapped: every sku's web and store prices meet in one thread, two threads and merged shards", async () => {
    const reports = await everyMode(input());
    // After the map every sku has web 5.00 and store 6.00 at S1: one finding each.
    const whole = JSON.parse(reports["one thread"]!) as Report;
    expect(whole.findings.map((f) => [f.rule, f.sku])).toStrictEqual(skus.map((sku) => [rule, sku]));
    expectOneReport(reports);
  });

  it("splits threads by key range at skus as mapped, the keys the threads judge rows by", async () => {
    const { config, baseDir } = input();
    const web = config.feeds[1]!;
    const bounds = await sampleKeyBounds(web, join(baseDir, "web.csv"), 3);
    expect(bounds).not.toBeNull();
    for (const bound of bounds!) expect(skus).toContain(bound);
  });
});

describe("a sku in NFC in a partitioned feed and in NFD in another", () => {
  // café-00…café-11: web (not partitioned) writes them in NFD, the store's files (partitioned by
  // sku, as Spark buckets them over 4) in NFC, as the upstream export writes them.
  const skus = Array.from({ length: 12 }, (_, i) => `caf\u00e9-${String(i).padStart(2, "0")}`);

  it("K03 is one sku owned by one shard and one thread (the bucket of its NFC form)", async () => {
    const files = {
      "stores.csv": STORES,
      "web.csv": `sku,price\n${skus.map((sku) => `${nfd(sku)},5.00\n`).join("")}`,
      ...storeBuckets(skus, (sku) => bucketOf(sku, "spark", 4)),
    };
    const reports = await everyMode(partitionedRun(files));
    const whole = JSON.parse(reports["one thread"]!) as Report;
    expect(whole.findings.map((f) => f.sku)).toStrictEqual(skus);
    expectOneReport(reports);
  });

  it("B13 a partitioned file's row whose sku as read is of another bucket is rejected in every mode, saying how it is read", async () => {
    // The store's files are bucketed by the sku as written, in NFD: where that bucket is not the
    // NFC sku's, the row would lie in another shard than the sku's web row.
    const written = (sku: string) => bucketOf(nfd(sku), "spark", 4);
    const moved = skus.filter((sku) => written(sku) !== bucketOf(sku, "spark", 4));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(skus.length);
    const files = {
      "stores.csv": STORES,
      "web.csv": `sku,price\n${skus.map((sku) => `${sku},5.00\n`).join("")}`,
      ...storeBuckets(skus, written, nfd),
    };
    const reports = await everyMode(partitionedRun(files));
    const whole = JSON.parse(reports["one thread"]!) as Report;
    const rejected = whole.findings.filter((f) => f.rule === "feed/invalid-row");
    expect(rejected.map((f) => [f.sku, f.values["code"]]).sort()).toStrictEqual(moved.map((sku) => [nfd(sku), "wrong_partition"]).sort());
    for (const f of rejected)
      expect(f.message).toContain(
        "(the file writes the sku in another Unicode form than NFC, such as NFD's letter followed by a combining accent: a sku is bucketed as it is read, in NFC",
      );
    // The others are read: their web and store prices differ.
    expect(whole.findings.filter((f) => f.rule === rule).map((f) => f.sku)).toStrictEqual(skus.filter((sku) => !moved.includes(sku)));
    expectOneReport(reports);
  });
});

describe("a sku mapped through values in a partitioned feed", () => {
  it("B13 a row whose code maps to a sku of another bucket than its file's is rejected in every mode, saying so", async () => {
    // The store's file holds M1 as a code (bucketed upstream by the code), which values maps to M1.
    const code = Array.from({ length: 40 }, (_, i) => `OLD-${i}`).find((c) => bucketOf(c, "spark", 4) !== bucketOf("M1", "spark", 4))!;
    const bucket = bucketOf(code, "spark", 4);
    const files = {
      "stores.csv": STORES,
      "web.csv": "sku,price\nM1,5.00\n",
      [`store/bucket=${bucket}/part.csv`]: `sku,location,price\n${code},S1,6.00\n`,
    };
    const reports = await everyMode(partitionedRun(files, { values: { sku: { [code]: "M1" } } }));
    const whole = JSON.parse(reports["one thread"]!) as Report;
    expect(whole.findings.map((f) => [f.rule, f.values["code"], f.message])).toStrictEqual([
      [
        "feed/invalid-row",
        "wrong_partition",
        `store/bucket=${bucket}/part.csv:2:1 (sku): sku M1 is in bucket ${bucketOf("M1", "spark", 4)} by the spark hash over 4 buckets, but the file is bucket ${bucket}: check the feed's partition (by, hash, buckets) against how the files were written (the cell "${code}" is mapped to M1 by the feed's values: a sku is bucketed as mapped, the key every feed's rows of it are sharded by; bucket the files upstream by the mapped sku)`,
      ],
    ]);
    expectOneReport(reports);
  });
});

describe("feeds partitioned by family", () => {
  it("B14 a partitioned file's sku written in NFD or mapped through values is bucketed by its family as the catalogue gives it", async () => {
    // Twelve skus in four families; the store's files are bucketed by family (Iceberg's hash over
    // 4) and write even skus in NFD and odd ones as old codes that values maps back.
    const skus = Array.from({ length: 12 }, (_, i) => `caf\u00e9-${String(i).padStart(2, "0")}`);
    const family = (i: number) => `F${i % 4}`;
    const written = (i: number) => (i % 2 === 0 ? nfd(skus[i]!) : `OLD-${i}`);
    const index = (sku: string) => skus.indexOf(sku);
    const files = {
      "stores.csv": STORES,
      "catalogue.csv": `sku,family\n${skus.map((sku, i) => `${sku},${family(i)}\n`).join("")}`,
      "web.csv": `sku,price\n${skus.map((sku) => `${sku},5.00\n`).join("")}`,
      ...storeBuckets(
        skus,
        (sku) => bucketOf(family(index(sku)), "iceberg", 4),
        (sku) => written(index(sku)),
      ),
    };
    const store = {
      values: { sku: Object.fromEntries(skus.map((sku, i) => [`OLD-${i}`, sku]).filter((_, i) => i % 2 === 1)) },
      partition: { by: "family", hash: "iceberg", buckets: 4 },
    };
    const reports = await everyMode(partitionedRun(files, store, [{ kind: "catalogue", path: "catalogue.csv" }]));
    // No row is misplaced: each lies in its family's bucket, and every sku has both prices.
    const whole = JSON.parse(reports["one thread"]!) as Report;
    expect(whole.findings.map((f) => [f.rule, f.sku])).toStrictEqual(skus.map((sku) => [rule, sku]));
    expectOneReport(reports);
  });
});

describe("one thread = --workers 2 = merged shards, whatever spelling each feed gives a sku", () => {
  // Each sku written as it is (NFC), in NFD, or as an old code the feed's values map to it.
  const SKUS = ["K1", "caf\u00e9", "Z\u00fcrich-7", "na\u00efve"];
  const spelling = fc.constantFrom("nfc", "nfd", "code");
  const row = fc.record({ sku: fc.integer({ min: 0, max: SKUS.length - 1 }), spelling, cents: fc.integer({ min: 100, max: 999 }) });
  const feed = fc.array(row, { minLength: 1, maxLength: 8 });
  const cell = (r: { sku: number; spelling: string }) =>
    r.spelling === "nfc" ? SKUS[r.sku]! : r.spelling === "nfd" ? nfd(SKUS[r.sku]!) : `OLD-${r.sku}`;
  const codes = Object.fromEntries(SKUS.map((sku, i) => [`OLD-${i}`, sku]));

  it("the same report in every mode", async () => {
    await fc.assert(
      fc.asyncProperty(feed, feed, feed, async (web, store, stock) => {
        const lines = (rows: typeof web, tail: (r: (typeof web)[number]) => string) => rows.map((r) => `${cell(r)},${tail(r)}\n`).join("");
        const input = runIn(
          {
            "stores.csv": STORES,
            "web.csv": `sku,price\n${lines(web, (r) => (r.cents / 100).toFixed(2))}`,
            "store.csv": `sku,location,price\n${lines(store, (r) => `S1,${(r.cents / 100).toFixed(2)}`)}`,
            "stock.csv": `sku,location,available\n${lines(stock, (r) => `S1,${r.cents % 3}`)}`,
          },
          {
            currency: "EUR",
            feeds: [
              { kind: "stores", path: "stores.csv" },
              { kind: "prices", path: "web.csv", constants: { channel: "web" }, values: { sku: codes } },
              { kind: "prices", path: "store.csv", constants: { channel: "store" }, values: { sku: codes } },
              { kind: "inventory", path: "stock.csv", values: { sku: codes } },
            ],
            rules: ["all"],
          },
        );
        expectOneReport(await everyMode(input));
      }),
      { numRuns: 6, seed: 36, endOnFailure: true },
    );
  });
});

describe("merge refuses shards of runs whose options change the findings", () => {
  const config = "fixtures/demo/pricelint.config.json";
  const at = new Date("2026-11-20T00:30:00+01:00");
  type Doc = Report & { run: Record<string, unknown> };
  /** The demo's two shards as their JSON reports, each `run` given `runs[K - 1]`'s members (undefined: left out). */
  async function shards(runs: readonly Record<string, unknown>[]) {
    const { loadConfig } = await import("../src/index.js");
    const loaded = await loadConfig(config);
    return Promise.all(
      runs.map(async (members, i) => {
        const report = JSON.parse(json(await check(loaded, { at, shard: { index: i + 1, count: runs.length } }))) as Doc;
        for (const [key, value] of Object.entries(members))
          if (value === undefined) delete report.run[key];
          else report.run[key] = value;
        return { file: `s${i + 1}.json`, report };
      }),
    );
  }
  const refusal = async (runs: readonly Record<string, unknown>[]) => {
    try {
      mergeReports(await shards(runs));
    } catch (error) {
      return (error as Error).message;
    }
    return "merged";
  };
  const none = { previous: null, explain: false };
  const snapshot = { previous: { snapshot: "prev.snap.gz" }, explain: false };

  it("records the previous state as given, its instant, and --explain", async () => {
    const { runInfo } = await import("../src/report/run-info.js");
    const previousAt = new Date("2026-11-19T00:00:00Z");
    expect(runInfo({}, null, { previous: { feeds: "prev" }, previousAt, explain: true })).toMatchObject({
      shard: null,
      previous: { feeds: "prev", at: "2026-11-19T00:00:00.000Z" },
      explain: true,
    });
    expect(runInfo({}, { index: 1, count: 2 }, {})).toMatchObject({ shard: { index: 1, count: 2 }, previous: null, explain: false });
    // Given no options, it records none: a report that does not know them.
    expect(Object.keys(runInfo({}, null))).toStrictEqual(["format", "config", "shard"]);
  });

  it("S21 a shard checked against a previous state and one without, or against another", async () => {
    expect(await refusal([snapshot, none])).toBe(
      `s2.json: its previous state differs from s1.json's (none, not snapshot "prev.snap.gz"): not a shard of the same run`,
    );
    expect(await refusal([snapshot, { ...snapshot, previous: { snapshot: "other.snap.gz" } }])).toBe(
      `s2.json: its previous state differs from s1.json's (snapshot "other.snap.gz", not snapshot "prev.snap.gz"): not a shard of the same run`,
    );
    const feeds = (day: string) => ({ ...none, previous: { feeds: "prev", at: day } });
    expect(await refusal([feeds("2026-11-19T00:00:00.000Z"), feeds("2026-11-18T00:00:00.000Z")])).toBe(
      `s2.json: its previous state differs from s1.json's (feeds "prev" at 2026-11-18T00:00:00.000Z, not feeds "prev" at 2026-11-19T00:00:00.000Z): not a shard of the same run`,
    );
  });

  it("S22 a shard checked with --explain and one without", async () => {
    expect(await refusal([none, { ...none, explain: true }])).toBe(
      "s2.json: its --explain differs from s1.json's (with --explain, not without --explain): not a shard of the same run",
    );
  });

  it("S23 reports that do not record the options (an earlier pricelint's) merge with each other, not with reports that do", async () => {
    const unknown = { previous: undefined, explain: undefined };
    const merged = mergeReports(await shards([unknown, unknown]));
    expect(Object.keys(merged.run!)).toStrictEqual(["format", "config", "shard"]);
    expect(await refusal([none, unknown])).toBe(
      "s2.json: its previous state differs from s1.json's (not recorded (a report of an earlier pricelint), not none): not a shard of the same run",
    );
    expect(await refusal([none, { ...none, explain: undefined }])).toBe(
      "s2.json: its --explain differs from s1.json's (not recorded (a report of an earlier pricelint), not without --explain): not a shard of the same run",
    );
  });

  it("the merged report records the shards' options, as the whole run's does", async () => {
    const merged = mergeReports(await shards([snapshot, snapshot]));
    expect(merged.run).toStrictEqual({
      format: 2,
      config: expect.any(String),
      shard: null,
      previous: { snapshot: "prev.snap.gz" },
      explain: false,
    });
  });

  it("a run whose options are not as pricelint writes them is refused as changed", async () => {
    for (const run of [
      { explain: "yes" },
      { previous: "prev.snap.gz" },
      { previous: { snapshot: "a", feeds: "b" } },
      { previous: { snapshot: 1 } },
    ])
      expect(await refusal([{ ...none, ...run }, none])).toMatch(
        /^s1\.json: its run records the previous state .* not as pricelint writes them: the report was changed after pricelint wrote it$/,
      );
  });
});

describe("pricelint merge of shards checked with other run options", () => {
  it("S21 S22 refuses shards checked with and without --previous or --explain, and merges shards checked alike into the whole run's report", async () => {
    const { readFileSync } = await import("node:fs");
    const { runCli } = await import("./helpers/run-cli.js");
    const dir = mkdtempSync(join(tmpdir(), "pricelint-merge-options-"));
    const at = (file: string) => join(dir, file);
    const base = ["check", "--config", "fixtures/demo/pricelint.config.json", "--at", "2026-11-20T00:30:00+01:00", "--fail-on", "never"];
    const snapshot = at("prev.snap.gz");
    expect((await runCli([...base, "--snapshot", snapshot, "--format", `json:${at("day0.json")}`])).code).toBe(0);
    const previous = ["--previous", snapshot];
    await runCli([...base, ...previous, "--format", `json:${at("whole.json")}`]);
    for (const k of [1, 2]) await runCli([...base, ...previous, "--shard", `${k}/2`, "--format", `json:${at(`p${k}.json`)}`]);
    await runCli([...base, "--shard", "2/2", "--format", `json:${at("n2.json")}`]);
    await runCli([...base, ...previous, "--explain", "--shard", "2/2", "--format", `json:${at("e2.json")}`]);
    const whole = JSON.parse(readFileSync(at("whole.json"), "utf8")) as { run: object };
    expect(whole.run).toMatchObject({ shard: null, previous: { snapshot }, explain: false });
    const mixed = await runCli(["merge", at("p1.json"), at("n2.json"), "--fail-on", "never"]);
    expect([mixed.code, mixed.stdout]).toStrictEqual([2, ""]);
    expect(mixed.stderr).toContain(
      `${at("n2.json")}: its previous state differs from ${at("p1.json")}'s (none, not snapshot ${JSON.stringify(snapshot)}): not a shard of the same run`,
    );
    const explained = await runCli(["merge", at("p1.json"), at("e2.json"), "--fail-on", "never"]);
    expect(explained.code).toBe(2);
    expect(explained.stderr).toContain(
      `${at("e2.json")}: its --explain differs from ${at("p1.json")}'s (with --explain, not without --explain): not a shard of the same run`,
    );
    const merged = await runCli(["merge", at("p1.json"), at("p2.json"), "--fail-on", "never"]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(readFileSync(at("whole.json"), "utf8"));
  });
});
