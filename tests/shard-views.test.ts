/**
 * One run, three ways: in one thread, with `--workers 2`, and as shards merged. The cases are
 * where a shard could read a part of the data the whole run reads otherwise: a file of several
 * kinds whose row one view rejects, stores and promotions on rows past a thread's sku range, and
 * a catalogue partitioned by sku whose categories promotions name (docs/bad-input.md B15–B17).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/run-cli.js";

const AT = "2026-11-15T12:00:00Z";

/** The JSON report of the whole run, of `--workers 2`, and (unless `shards` is false) of shards 1/N … N/N merged, for N = 2 and 3. */
async function threeWays(
  files: Record<string, string>,
  config: unknown,
  shards = true,
): Promise<{ whole: string; others: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-views-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, "c.json"), JSON.stringify(config));
  const checkTo = async (out: string, ...more: string[]) => {
    const { stderr } = await runCli([
      "check",
      "--config",
      join(dir, "c.json"),
      "--at",
      AT,
      "--fail-on",
      "never",
      "--no-progress",
      "--format",
      `json:${join(dir, out)}`,
      ...more,
    ]);
    expect(stderr).toBe("");
    return readFileSync(join(dir, out), "utf8");
  };
  const whole = await checkTo("whole.json");
  const others: Record<string, string> = { workers: await checkTo("w2.json", "--workers", "2") };
  for (const n of shards ? [2, 3] : []) {
    const parts = [];
    for (let k = 1; k <= n; k++) {
      await checkTo(`s${k}-${n}.json`, "--shard", `${k}/${n}`);
      parts.push(join(dir, `s${k}-${n}.json`));
    }
    const { stderr } = await runCli(["merge", ...parts, "--fail-on", "never", "--format", `json:${join(dir, `m${n}.json`)}`]);
    expect(stderr).toBe("");
    others[`merged ${n}`] = readFileSync(join(dir, `m${n}.json`), "utf8");
  }
  return { whole, others };
}

const rulesOf = (report: string) =>
  (JSON.parse(report) as { findings: { rule: string; sku: string | null }[] }).findings.map((f) => `${f.rule} ${f.sku}`);

describe("a run in one thread, in threads and in shards", () => {
  it("B15 a row of a file of several kinds that one view rejects adds its promotion (or store) in no shard, as in the whole run", async () => {
    const { whole, others } = await threeWays(
      {
        "cat.csv": "sku,category\nX0,pasta\nX1,pasta\n",
        // X0's price is no amount: the row is rejected, and with it the 95 % promotion it carries.
        "shelf.csv":
          "sku,price,promo_id,type,value,channels,categories,start,end\nX0,abc,P1,percent_off,95,web,pasta,2026-11-01,2026-11-30\n",
        "web.csv": "sku,price\nX1,2.00\n",
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.csv" },
          { path: "shelf.csv", views: [{ kind: "prices", constants: { channel: "store", currency: "EUR" } }, { kind: "promotions" }] },
          { kind: "prices", path: "web.csv", constants: { channel: "web", currency: "EUR" } },
        ],
        rules: ["recommended"],
      },
    );
    expect(rulesOf(whole)).toStrictEqual(["feed/invalid-row X0"]);
    for (const [way, report] of Object.entries(others)) expect(report, way).toBe(whole);
  });

  it("B16 stores and promotions on the rows of a sorted file past a thread's sku range are read by every thread", async () => {
    const skus = Array.from({ length: 30_000 }, (_, i) => `K${String(i).padStart(5, "0")}`);
    const shelf = [
      "sku,price,promo_id,type,value,channels,skus,categories,start,end",
      ...skus.slice(0, -1).map((s) => `${s},2.00,PR-${s},amount_off,0.01,store|web,${s},,2026-11-01,2026-11-30`),
      // On the last row: 95 % off every sku of category pasta.
      `${skus.at(-1)},2.00,BIG,percent_off,95,store|web,,pasta,2026-11-01,2026-11-30`,
    ];
    const { whole, others } = await threeWays(
      {
        "cat.csv": `sku,category\n${skus.map((s) => `${s},pasta\n`).join("")}`,
        "web.csv": `sku,price\n${skus.map((s) => `${s},2.00\n`).join("")}`,
        "shelf.csv": `${shelf.join("\n")}\n`,
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.csv" },
          { kind: "prices", path: "web.csv", constants: { channel: "web", currency: "EUR" } },
          { path: "shelf.csv", views: [{ kind: "prices", constants: { channel: "store", currency: "EUR" } }, { kind: "promotions" }] },
        ],
        rules: ["price/excessive-discount"],
      },
      // Shards by hash read every row; threads by sku range are the ones that stop early.
      false,
    );
    // Every sku, in store and on the web: 2.00 less 95 % is 0.10, more than 90 % below.
    expect(rulesOf(whole)).toHaveLength(2 * skus.length);
    expect(others["workers"]).toBe(whole);
  });

  it("B17 a catalogue partitioned by sku: the categories promotions name are judged against the whole catalogue in every shard", async () => {
    const { whole, others } = await threeWays(
      {
        // P0002 and P0009 are in Spark buckets 0 and 1 of 8 (fixtures/partitioned).
        "cat/bucket=0/c.csv": "sku,category,brand\nP0002,common,Acme\n",
        "cat/bucket=1/c.csv": "sku,category,brand\nP0009,rare,Rara\n",
        "web.csv": "sku,price\nP0002,2.00\nP0009,3.00\n",
        "promo.csv":
          "promo_id,type,value,channels,categories,brands,start,end\nPR,percent_off,10,web,rare,,2026-11-01,2026-11-30\nPB,percent_off,10,web,,Rara,2026-11-01,2026-11-30\nPX,percent_off,10,web,nowhere,,2026-11-01,2026-11-30\n",
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat/bucket={bucket}/c.csv", partition: { by: "sku", hash: "spark", buckets: 8 } },
          { kind: "prices", path: "web.csv", constants: { channel: "web" } },
          { kind: "promotions", path: "promo.csv" },
        ],
        rules: ["promo/unknown-category"],
      },
    );
    // Only the category no catalogue entry has.
    expect(rulesOf(whole)).toStrictEqual(["promo/unknown-category null"]);
    expect(whole).toContain("category nowhere");
    for (const [way, report] of Object.entries(others)) expect(report, way).toBe(whole);
  });

  it("B18 a family named as another sku is: its members are judged by the shard of the family, as in the whole run", async () => {
    // X belongs to family Y, and Y is also a sku (of family Z): X's rows go with family Y, not with sku Y's family Z.
    const { whole, others } = await threeWays(
      { "items.csv": "sku,family,price\nY,Z,1.00\nX,Y,0.00\n" },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [{ path: "items.csv", views: [{ kind: "catalogue" }, { kind: "prices", constants: { channel: "web" } }] }],
        rules: ["recommended"],
      },
    );
    expect(rulesOf(whole)).toStrictEqual(["price/non-positive X"]);
    for (const [way, report] of Object.entries(others)) expect(report, way).toBe(whole);
  });

  it("B20 a catalogue partitioned upstream names no nearest sku, in the whole run or in shards, which each hold their own buckets", async () => {
    const { whole, others } = await threeWays(
      {
        "cat/bucket=0/c.csv": "sku\nP0002\n",
        "cat/bucket=1/c.csv": "sku\nP0009\n",
        "web.csv": "sku,price\nP0002X,2.00\n",
      },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat/bucket={bucket}/c.csv", partition: { by: "sku", hash: "spark", buckets: 8 } },
          { kind: "prices", path: "web.csv", constants: { channel: "web" } },
        ],
        rules: ["price/unknown-sku"],
      },
    );
    // P0002 is one letter away, but a shard holding P0009's bucket alone would name P0009, or none.
    expect((JSON.parse(whole) as { findings: { message: string }[] }).findings.map((f) => f.message)).toStrictEqual([
      "P0002X is priced in web but is not in the catalogue",
    ]);
    for (const [way, report] of Object.entries(others)) expect(report, way).toBe(whole);
  });

  it("B19 a file read as prices taking another channel's amounts (inheritFrom) and as a catalogue, stores or promotions is refused in shards and threads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-inherit-"));
    writeFileSync(join(dir, "web.csv"), "sku,price\nA1,2.00\n");
    writeFileSync(join(dir, "shelf.csv"), "sku,price,family\nA1,,\nB1,,FAM\n");
    const config = {
      timezone: "UTC",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "web.csv", constants: { channel: "web" } },
        { path: "shelf.csv", views: [{ kind: "prices", constants: { channel: "store" }, inheritFrom: "web" }, { kind: "catalogue" }] },
      ],
      rules: ["recommended"],
    };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    const run = (...more: string[]) =>
      runCli(["check", "--config", join(dir, "c.json"), "--at", AT, "--no-progress", "--format", "json", ...more]);
    // In one thread the row of B1, whose store price has no web row to take, is rejected whole: its family with it.
    const whole = await run();
    expect(rulesOf(whole.stdout)).toContain("feed/invalid-row B1");
    const message = `pricelint: ${join(dir, "c.json")}: feeds[1] (shelf.csv): its prices take amounts from web rows (inheritFrom), which only the shard of each sku reads, and its catalogue view is read by every shard: whether a row stands depends on both, so it is checked whole: leave out --shard and --workers, or give the catalogue a file of its own\n`;
    for (const more of [
      ["--workers", "2"],
      ["--shard", "1/2"],
      ["--shard", "2/2"],
    ]) {
      const refused = await run(...more);
      expect([more, refused.code, refused.stderr]).toStrictEqual([more, 2, message]);
    }
  });
});
