/**
 * Feeds partitioned upstream by sku or family (docs/scale.md, "Feeds partitioned upstream"): the
 * bucketing hashes against the vectors their projects publish, shards that open only their own
 * buckets' files, merged shards equal to the unsharded run, and the refusals.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { bucketOf, fileBucket, shardBuckets } from "../src/dataset/partition.js";
import { check, loadConfig, PricelintError, type Report } from "../src/index.js";
import { mergeReports } from "../src/parallel/merge.js";
import { formatJson } from "../src/report/json.js";
import { murmur3x86_32, sparkHashBytes, sparkHashInt } from "../src/text/murmur3.js";
import { failure } from "./helpers/failure.js";

const AT = new Date("2026-11-20T12:00:00Z");
const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((h) => parseInt(h, 16)));
/** An unsigned 32-bit value as the signed int Java (and our hashes) give. */
const signed = (u: number) => u | 0;

describe("the bucketing hashes", () => {
  it("Murmur3 x86_32 gives the Iceberg spec's Appendix B values and the reference implementation's", () => {
    // Apache Iceberg table spec, Appendix B (32-bit hash requirements): seed 0.
    expect(murmur3x86_32(utf8("iceberg"), 0)).toBe(1210000089);
    expect(murmur3x86_32(hex("00010203"), 0)).toBe(-188683207);
    expect(murmur3x86_32(hex("2200000000000000"), 0)).toBe(2017239379); // long 34, 8 bytes little-endian
    expect(murmur3x86_32(hex("f79c3e09677c4bbda4793f349cb785e7"), 0)).toBe(1488055340); // uuid, 16 bytes big-endian
    // Vectors for the original MurmurHash3_x86_32 (smhasher): seeds, unsigned blocks, byte order, tails.
    expect(murmur3x86_32(new Uint8Array(0), 0)).toBe(0);
    expect(murmur3x86_32(new Uint8Array(0), 1)).toBe(signed(0x514e28b7));
    expect(murmur3x86_32(new Uint8Array(0), 0xffffffff)).toBe(signed(0x81f16f39));
    expect(murmur3x86_32(hex("ffffffff"), 0)).toBe(signed(0x76293b50));
    expect(murmur3x86_32(hex("21436587"), 0)).toBe(signed(0xf55b516b));
    expect(murmur3x86_32(hex("21436587"), 0x5082edee)).toBe(signed(0x2362f9de));
    expect(murmur3x86_32(utf8("a"), 0)).toBe(signed(0x3c2569b2));
    expect(murmur3x86_32(utf8("ab"), 0)).toBe(signed(0x9bbfd75f));
  });

  it("Spark's hash of a string gives the values Spark computes (datafusion-comet's vectors), trailing bytes sign-extended", () => {
    // datafusion-comet hash_funcs test_str: Murmur3Hash(Seq(Literal(s)), 42).eval() in Spark, as unsigned.
    const vectors: [string, number][] = [
      ["hello", 3286402344],
      ["bar", 2486176763],
      ["", 142593372],
      ["😁", 885025535],
      ["天地", 2395000894], // 6 bytes: two trailing bytes above 0x7f, where Spark's tail differs
      ["a", 1485273170],
      ["ab", 0xfa37157b],
      ["abc", 1322437556],
      ["abcd", 0xe860e5cc],
      ["abcde", 814637928],
    ];
    for (const [text, expected] of vectors) expect([text, sparkHashBytes(utf8(text), 42)]).toStrictEqual([text, signed(expected)]);
    // The tail is Spark's own: standard Murmur3 with the same seed gives another hash for "bar".
    expect(murmur3x86_32(utf8("bar"), 42)).not.toBe(signed(2486176763));
  });

  it("Spark's hashInt gives Spark's test vectors, and chains into hash('Spark', array(123), 2) = -1321691492 (Spark's SQL docs)", () => {
    // Murmur3_x86_32Suite.testKnownIntegerInputs, seed 0.
    expect([0, -42, 42, -2147483648, 2147483647].map((n) => sparkHashInt(n, 0))).toStrictEqual([
      593689054, -189366624, -1134849565, -1718298732, -1653689534,
    ]);
    // hash(a, b, c): each value's hash seeds the next, an array's elements one by one.
    expect(sparkHashInt(2, sparkHashInt(123, sparkHashBytes(utf8("Spark"), 42)))).toBe(-1321691492);
  });

  it("buckets: Iceberg's (hash & MAX_VALUE) % N and Spark's pmod(hash, N), from the published hashes", () => {
    // 1210000089 % 8 = 1; % 16 = 9.
    expect(bucketOf("iceberg", "iceberg", 8)).toBe(1);
    expect(bucketOf("iceberg", "iceberg", 16)).toBe(9);
    // "bar": 2486176763 unsigned is -1808790533; its remainder by 2 is -1, pmod makes it 1.
    expect(bucketOf("bar", "spark", 2)).toBe(1);
    // "hello": 3286402344 is -1008564952; % 200 = -152, pmod 48.
    expect(bucketOf("hello", "spark", 200)).toBe(48);
    // "abc": 1322437556, positive: % 8 = 4.
    expect(bucketOf("abc", "spark", 8)).toBe(4);
    // A key of many multi-byte characters (the reused buffer grows): the same as hashing its bytes.
    const long = "天".repeat(300);
    expect(bucketOf(long, "iceberg", 7)).toBe((murmur3x86_32(utf8(long), 0) & 0x7fffffff) % 7);
  });

  it("reads a file's bucket from its path, leading zeros allowed, and shard K of N opens the buckets b mod N = K - 1", () => {
    expect(["00042", "7", "0"].map((t) => fileBucket(t, 64))).toStrictEqual([42, 7, 0]);
    expect(fileBucket("8", 8)).toBe(`bucket "8" is not below the 8 buckets declared`);
    expect(fileBucket("x1", 8)).toBe('"x1" is not a bucket number');
    expect(fileBucket("-1", 8)).toBe('"-1" is not a bucket number');
    expect(shardBuckets(1, 3, 8)).toStrictEqual([0, 3, 6]);
    expect(shardBuckets(3, 3, 8)).toStrictEqual([2, 5]);
  });
});

const FIXTURES = ["fixtures/partitioned/by-sku", "fixtures/partitioned/by-family"] as const;

/** Every file under a folder, relative to it. */
function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path)];
  });
}

/** The bucket a fixture file's path names (bucket=03, part-00003, family_bucket=3), null for an unpartitioned file. */
function bucketInPath(file: string): number | null {
  const m = /(?:bucket=|part-)(\d+)/.exec(file);
  return m ? Number(m[1]) : null;
}

const json = (report: Report) => formatJson(report);

describe("a run whose feeds are partitioned upstream", () => {
  it("the fixtures' files hold exactly the rows of their bucket", () => {
    for (const fixture of FIXTURES) {
      const byFamily = fixture.endsWith("family");
      const families = new Map(
        readFileSync(join(fixture, "catalogue.csv"), "utf8")
          .trim()
          .split("\n")
          .slice(1)
          .map((line) => [line.split(",")[0]!, line.split(",")[2] ?? ""]),
      );
      for (const file of filesUnder(fixture).filter((f) => bucketInPath(f) !== null)) {
        const skus = readFileSync(join(fixture, file), "utf8").trim().split("\n").slice(1);
        for (const line of skus) {
          const sku = line.split(",")[0]!;
          const key = byFamily ? families.get(sku)! : sku;
          expect([file, sku, bucketOf(key, byFamily ? "iceberg" : "spark", 8)]).toStrictEqual([file, sku, bucketInPath(file)]);
        }
      }
    }
  });

  it("B01 shard K of 4 opens only its buckets' files: the others, made unreadable, change nothing", async () => {
    for (const fixture of FIXTURES) {
      const clean = await loadConfig(join(fixture, "pricelint.config.json"));
      const dir = mkdtempSync(join(tmpdir(), "pricelint-partitions-"));
      cpSync(fixture, dir, { recursive: true });
      const poisoned = await loadConfig(join(dir, "pricelint.config.json"));
      // The whole run reads every file: a UTF-16 file stops it, so reading one would show.
      const files = filesUnder(dir).filter((f) => bucketInPath(f) !== null);
      for (let k = 1; k <= 4; k++) {
        const expected = await check(clean, { at: AT, shard: { index: k, count: 4 } });
        const others = files.filter((f) => bucketInPath(f)! % 4 !== k - 1);
        const own = files.filter((f) => bucketInPath(f)! % 4 === k - 1);
        expect(own.length).toBe(4); // buckets k-1 and k+3, prices and inventory
        for (const f of files) cpSync(join(fixture, f), join(dir, f));
        for (const f of others) writeFileSync(join(dir, f), Buffer.from([0xff, 0xfe, 0x73, 0x00]));
        const report = await check(poisoned, { at: AT, shard: { index: k, count: 4 } });
        expect(json(report)).toBe(json(expected));
        // Its own files' rows are all read (lines less the header), the others' none.
        for (const feed of report.summary.feeds) {
          const path = join(fixture, feed.file);
          const lines = readFileSync(path, "utf8").trim().split("\n").length - 1;
          if (own.includes(feed.file)) expect([feed.file, feed.read]).toStrictEqual([feed.file, lines]);
          if (others.includes(feed.file)) expect([feed.file, feed.read]).toStrictEqual([feed.file, 0]);
        }
      }
      // And unsharded, the poisoned files are read, and refused.
      const error = await failure(check(poisoned, { at: AT }));
      expect(error.message).toMatch(/UTF-16/);
    }
  });

  it("B02 merged shards equal the unsharded report byte for byte, for N = 1 to 4 (3 does not divide the 8 buckets)", async () => {
    for (const fixture of FIXTURES) {
      const config = await loadConfig(join(fixture, "pricelint.config.json"));
      const whole = json(await check(config, { at: AT }));
      const parsed = JSON.parse(whole) as Report;
      // Rows of every kind and findings of several rules: the comparison has something to compare.
      expect(parsed.summary.rows).toStrictEqual({ read: 323, accepted: 323, rejected: 0 });
      expect(new Set(parsed.findings.map((f) => f.rule)).size).toBeGreaterThan(2);
      for (let count = 1; count <= 4; count++) {
        const shards = [];
        for (let index = 1; index <= count; index++)
          shards.push({ file: `s${index}.json`, report: JSON.parse(json(await check(config, { at: AT, shard: { index, count } }))) });
        expect(json(mergeReports(shards) as Report)).toBe(whole);
        // Each shard's rows: read = accepted + rejected, and they sum to the whole run's.
        const read = shards.reduce((n, s) => n + (s.report as Report).summary.rows.read, 0);
        expect(read).toBe(parsed.summary.rows.read);
      }
    }
  });

  it("B03 --workers 2 gives the unsharded report", async () => {
    for (const fixture of FIXTURES) {
      const config = await loadConfig(join(fixture, "pricelint.config.json"));
      expect(json(await check(config, { at: AT, workers: 2 }))).toBe(json(await check(config, { at: AT })));
    }
  });

  it("a shard that opens none of a partitioned catalogue's files still knows a sku missing from it", async () => {
    // Spark writes no file for an empty bucket: here bucket 1 of the catalogue has none, so shard
    // 2 of 2 opens no catalogue file, yet the skus it owns are as unknown as in the whole run.
    const skus = ["A", "B", "C", "D", "E", "F"];
    const inBucket0 = skus.filter((sku) => bucketOf(sku, "spark", 2) === 0);
    const unknown = skus.filter((sku) => bucketOf(sku, "spark", 2) === 1);
    expect(inBucket0.length).toBeGreaterThan(0);
    expect(unknown.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "pricelint-partition-"));
    writeFileSync(join(dir, "cat-0.csv"), `sku,title\n${inBucket0.map((sku) => `${sku},T`).join("\n")}\n`);
    writeFileSync(join(dir, "web.csv"), `sku,channel,price\n${skus.map((sku) => `${sku},web,1.00`).join("\n")}\n`);
    const config = validateConfig(
      {
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat-{bucket}.csv", partition: { by: "sku", hash: "spark", buckets: 2 } },
          { kind: "prices", path: "web.csv" },
        ],
        rules: ["price/unknown-sku"],
      },
      "test",
    );
    const input = { config, file: null, baseDir: dir };
    const whole = await check(input, { at: AT });
    expect(whole.findings.map((f) => f.sku)).toStrictEqual(unknown);
    const shards = [1, 2].map(async (index) => ({
      file: `s${index}.json`,
      report: JSON.parse(json(await check(input, { at: AT, shard: { index, count: 2 } }))) as Report,
    }));
    expect(json(mergeReports(await Promise.all(shards)) as Report)).toBe(json(whole));
    expect(json(await check(input, { at: AT, workers: 2 }))).toBe(json(whole));
  });
});

/** A run of one partitioned prices feed: files `p-N.csv` of the given rows (sku,channel,price lines). */
async function partitionedRun(
  files: Record<string, string>,
  partition: object,
  options: { shard?: { index: number; count: number } } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-partition-"));
  for (const [name, rows] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), `sku,channel,price\n${rows}\n`);
  }
  const config = validateConfig({ currency: "EUR", feeds: [{ kind: "prices", path: "p-{bucket}.csv", partition }], rules: [] }, "test");
  return check({ config, file: null, baseDir: dir }, { at: AT, ...options });
}

describe("bad partitions", () => {
  it("B04 a row whose sku hashes to another bucket than its file's is rejected as wrong_partition, in place or as a record", async () => {
    // "iceberg" is bucket 1 of 8 by Iceberg's hash (1210000089 % 8). Line 3's quoted sku is read as a record, not in place.
    const report = await partitionedRun(
      { "p-0.csv": 'iceberg,web,1.00\n"iceberg",web,2.00', "p-1.csv": "iceberg,web,1.00" },
      { by: "sku", hash: "iceberg", buckets: 8 },
    );
    const rejected = report.findings.filter((f) => f.rule === "feed/invalid-row");
    const reason =
      "sku iceberg is in bucket 1 by the iceberg hash over 8 buckets, but the file is bucket 0: check the feed's partition (by, hash, buckets) against how the files were written";
    expect(rejected.map((f) => [f.values["code"], f.message])).toStrictEqual([
      ["wrong_partition", `p-0.csv:2:1 (sku): ${reason}`],
      ["wrong_partition", `p-0.csv:3:1 (sku): ${reason}`],
    ]);
    expect(report.summary.feeds.map((f) => [f.file, f.read, f.accepted, f.rejected])).toStrictEqual([
      ["p-0.csv", 2, 0, 2],
      ["p-1.csv", 1, 1, 0],
    ]);
  });

  it("B05 a wrongly declared hash rejects the rows it misplaces, in every shard and merged alike", async () => {
    const fixture = FIXTURES[0];
    const { config, baseDir } = await loadConfig(join(fixture, "pricelint.config.json"));
    // Written by Spark's hash, declared as Iceberg's.
    const feeds = config.feeds.map((f) => (f.partition ? { ...f, partition: { ...f.partition, hash: "iceberg" as const } } : f));
    const wrong = { config: validateConfig({ ...config, feeds }, "test"), file: null, baseDir };
    const whole = await check(wrong, { at: AT });
    // The rows expected rejected: those of the partitioned files whose sku Iceberg's bucket puts elsewhere.
    let misplaced = 0;
    for (const file of filesUnder(fixture).filter((f) => bucketInPath(f) !== null)) {
      for (const line of readFileSync(join(fixture, file), "utf8").trim().split("\n").slice(1))
        if (bucketOf(line.split(",")[0]!, "iceberg", 8) !== bucketInPath(file)) misplaced++;
    }
    expect(misplaced).toBeGreaterThan(100);
    const codes = whole.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.values["code"]);
    expect(codes.length).toBe(misplaced);
    expect(new Set(codes)).toStrictEqual(new Set(["wrong_partition"]));
    expect(whole.summary.rows).toStrictEqual({ read: 323, accepted: 323 - misplaced, rejected: misplaced });
    const shards = [];
    for (let index = 1; index <= 3; index++)
      shards.push({ file: `s${index}.json`, report: JSON.parse(json(await check(wrong, { at: AT, shard: { index, count: 3 } }))) });
    expect(json(mergeReports(shards) as Report)).toBe(json(whole));
  });

  it("B06 partitioned feeds that declare different partitions are refused, naming both", async () => {
    const error = (() => {
      try {
        validateConfig(
          {
            feeds: [
              { kind: "prices", path: "p/b={bucket}/*.csv", partition: { by: "sku", hash: "spark", buckets: 8 } },
              { kind: "inventory", path: "i/part-{bucket}.csv", partition: { by: "sku", hash: "spark", buckets: 16 } },
            ],
          },
          "c.json",
        );
      } catch (e) {
        return e as PricelintError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PricelintError);
    expect(error!.message).toBe(
      'c.json: feeds[1].partition: feeds[1] ("i/part-{bucket}.csv") is partitioned by sku, hash spark, 16 buckets, feeds[0] ("p/b={bucket}/*.csv") by sku, hash spark, 8 buckets: every partitioned feed of a run must declare the same by, hash and buckets',
    );
  });

  it("B07 a partition whose path gives no bucket, or on a feed without skus, is refused", () => {
    const refuse = (feed: object) => () => validateConfig({ feeds: [feed] }, "c.json");
    expect(refuse({ kind: "prices", path: "p/*.csv", partition: { by: "sku", hash: "spark", buckets: 8 } })).toThrow(
      "c.json: feeds[0].path: partition: the path has no {bucket} to give each file's bucket (prices/bucket={bucket}/*.csv)",
    );
    expect(refuse({ kind: "stores", path: "s-{bucket}.csv", partition: { by: "sku", hash: "spark", buckets: 8 } })).toThrow(
      "c.json: feeds[0].partition: stores rows have no sku of their own to bucket by: only feeds of skus can be partitioned",
    );
  });

  it("B11 a partition placeholder that names a field of the feed's rows is refused", () => {
    const feed = {
      kind: "prices",
      path: "store_{location}/p.csv",
      partition: { by: "sku", hash: "spark", buckets: 8, placeholder: "location" },
    };
    expect(() => validateConfig({ feeds: [feed] }, "c.json")).toThrow(
      'c.json: feeds[0].partition: partition.placeholder "location" is a field of prices rows: the bucket\'s placeholder must be another name (bucket), or the field would be dropped from every row',
    );
  });

  it("B12 a file whose bucket folder reads nothing (bucket=) is refused, naming it, not passed over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-partition-"));
    for (const bucket of ["0", ""]) {
      mkdirSync(join(dir, `bucket=${bucket}`));
      writeFileSync(join(dir, `bucket=${bucket}`, "p.csv"), "sku,channel,price\nA,web,1.00\n");
    }
    const config = validateConfig(
      { currency: "EUR", feeds: [{ kind: "prices", path: "bucket={bucket}/*.csv", partition: { by: "sku", hash: "spark", buckets: 2 } }] },
      "test",
    );
    const error = await failure(check({ config, file: null, baseDir: dir }, { at: AT }));
    expect(error.message).toBe('feed path "bucket={bucket}/*.csv": bucket=/p.csv matches, but a {field} of the path reads nothing in it');
  });

  it("B08 a file whose bucket placeholder is not a bucket number below the buckets declared is refused, naming the file", async () => {
    const bad = await failure(partitionedRun({ "p-08.csv": "A,web,1.00" }, { by: "sku", hash: "spark", buckets: 8 }));
    expect(bad.message).toBe(
      `p-08.csv: the path's {bucket}: bucket "08" is not below the 8 buckets declared: a partitioned feed's files are named by their bucket, 0 to 7`,
    );
    const word = await failure(partitionedRun({ "p-x.csv": "A,web,1.00" }, { by: "sku", hash: "spark", buckets: 8 }));
    expect(word.message).toBe(
      `p-x.csv: the path's {bucket}: "x" is not a bucket number: a partitioned feed's files are named by their bucket, 0 to 7`,
    );
  });

  it("B09 by family: refused without a catalogue, with a partitioned catalogue, or with a catalogue that gives no family", async () => {
    const feed = { kind: "prices", path: "p-{bucket}.csv", partition: { by: "family", hash: "iceberg", buckets: 8 } };
    expect(() => validateConfig({ feeds: [feed] }, "c.json")).toThrow(
      "c.json: feeds[0].partition.by: partitioned by family, but no feed is a catalogue: the catalogue gives each sku its family",
    );
    expect(() => validateConfig({ feeds: [feed, { ...feed, kind: "catalogue", path: "c-{bucket}.csv" }] }, "c.json")).toThrow(
      "c.json: feeds[1].partition: a catalogue cannot be partitioned when feeds are partitioned by family: every shard reads the whole catalogue to know each sku's family",
    );
    const dir = mkdtempSync(join(tmpdir(), "pricelint-partition-"));
    writeFileSync(join(dir, "c.csv"), "sku,title\nA,Pasta\n");
    writeFileSync(join(dir, "p-0.csv"), "sku,channel,price\nA,web,1.00\n");
    const config = validateConfig({ currency: "EUR", feeds: [{ kind: "catalogue", path: "c.csv" }, feed], rules: [] }, "test");
    const error = await failure(check({ config, file: null, baseDir: dir }, { at: AT }));
    expect(error.message).toBe(
      'feeds are partitioned by family, but the catalogue gives no sku a family: map its "family" column, or declare the partition by sku',
    );
  });

  it("B10 by sku with a catalogue with families: refused in shards (a family is judged whole), read as usual without", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-partition-"));
    writeFileSync(join(dir, "c.csv"), "sku,family\nabc,F1\n");
    // "abc" is bucket 4 of 8 by Spark's hash (1322437556 % 8).
    writeFileSync(join(dir, "p-4.csv"), "sku,channel,price\nabc,web,1.00\n");
    const feeds = [
      { kind: "catalogue", path: "c.csv" },
      { kind: "prices", path: "p-{bucket}.csv", partition: { by: "sku", hash: "spark", buckets: 8 } },
    ];
    const input = { config: validateConfig({ currency: "EUR", feeds, rules: [] }, "test"), file: null, baseDir: dir };
    const error = await failure(check(input, { at: AT, shard: { index: 1, count: 2 } }));
    expect(error.message).toBe(
      "feeds are partitioned by sku, but the catalogue has families, which a shard must hold whole (their members' rows lie in other shards' buckets): partition the feeds by family upstream, or check them whole (without --shard or --workers)",
    );
    const whole = await check(input, { at: AT });
    expect(whole.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
  });
});
