import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type CheckOptions } from "../src/index.js";
import { mergeReports } from "../src/parallel/merge.js";
import { parseShard, stableHash } from "../src/dataset/shard.js";
import { formatJson } from "../src/report/json.js";

const CASES: [string, CheckOptions][] = [
  ["fixtures/demo/pricelint.config.json", { at: new Date("2026-11-20T00:30:00+01:00") }],
  ["fixtures/demo/pricelint.config.json", { window: { from: new Date("2026-10-20T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") } }],
  ["fixtures/catalogue-rules/pricelint.config.json", { at: new Date("2026-11-20T12:00:00Z") }],
];

describe("--shard K/N and merge", () => {
  it("merged shards give the unsharded JSON report byte for byte", async () => {
    const whole = await Promise.all(CASES.map(async ([path, options]) => formatJson(await check(await loadConfig(path), options))));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: CASES.length - 1 }), fc.integer({ min: 1, max: 5 }), async (c, count) => {
        const [path, options] = CASES[c]!;
        const config = await loadConfig(path);
        const shards = [];
        for (let index = 1; index <= count; index++) {
          const report = await check(config, { ...options, shard: { index, count } });
          shards.push({ file: `shard-${index}.json`, report: JSON.parse(formatJson(report)) });
        }
        expect(formatJson(mergeReports(shards))).toBe(whole[c]);
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it("counts each row in one shard when the sku is a constant, not a column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-shard-"));
    writeFileSync(join(dir, "p.csv"), "channel,location,price\nstore,L1,10.00\nclick_collect,L1,10.50\n");
    const path = join(dir, "pricelint.config.json");
    writeFileSync(
      path,
      JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv", constants: { sku: "ONLY" } }], rules: ["recommended"] }),
    );
    const config = await loadConfig(path);
    const at = new Date("2026-11-20T12:00:00Z");
    const whole = await check(config, { at });
    expect(whole.findings.map((f) => f.rule)).toStrictEqual(["channel/click-collect-above-store"]);
    const shards = [];
    for (let index = 1; index <= 3; index++)
      shards.push({ file: `shard-${index}.json`, report: JSON.parse(formatJson(await check(config, { at, shard: { index, count: 3 } }))) });
    expect(formatJson(mergeReports(shards))).toBe(formatJson(whole));
  });

  it("K03 gives one shard and one thread a sku spelled in NFC in one feed and NFD in another", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-shard-"));
    // café-N in NFC (é) in the click_collect feed, in NFD (e + U+0301) in the store feed: one sku each.
    const skus = Array.from({ length: 12 }, (_, i) => `caf\u00e9-${String(i).padStart(2, "0")}`);
    const rows = (nfd: boolean, price: string) =>
      `sku,location,price\n${skus.map((sku) => `${nfd ? sku.normalize("NFD") : sku},MI01,${price}`).join("\n")}\n`;
    writeFileSync(join(dir, "cc.csv"), rows(false, "2.00"));
    writeFileSync(join(dir, "store.csv"), rows(true, "1.00"));
    const path = join(dir, "pricelint.config.json");
    const feed = (file: string, channel: string) => ({ kind: "prices", path: file, constants: { channel } });
    writeFileSync(
      path,
      JSON.stringify({
        currency: "EUR",
        feeds: [feed("cc.csv", "click_collect"), feed("store.csv", "store")],
        rules: ["channel/click-collect-above-store"],
      }),
    );
    const config = await loadConfig(path);
    const at = new Date("2026-11-20T12:00:00Z");
    const whole = await check(config, { at });
    // Every sku's click_collect 2.00 is above its store 1.00: one finding each.
    expect(whole.findings.map((f) => f.sku)).toStrictEqual(skus);
    for (const count of [2, 3]) {
      const shards = [];
      for (let index = 1; index <= count; index++)
        shards.push({ file: `shard-${index}.json`, report: JSON.parse(formatJson(await check(config, { at, shard: { index, count } }))) });
      expect(formatJson(mergeReports(shards))).toBe(formatJson(whole));
    }
    expect(formatJson(await check(config, { at, workers: 2 }))).toBe(formatJson(whole));
  });

  it("splits the work: each sku's findings come from exactly one shard, a family's from one", async () => {
    const config = await loadConfig("fixtures/catalogue-rules/pricelint.config.json");
    const at = new Date("2026-11-20T12:00:00Z");
    const reports = await Promise.all([1, 2, 3].map((index) => check(config, { at, shard: { index, count: 3 } })));
    const owner = new Map<string, number>();
    reports.forEach((r, i) => {
      for (const f of r.findings) {
        expect(owner.get(f.sku!) ?? i).toBe(i);
        owner.set(f.sku!, i);
      }
    });
    // C1K and C500 are one family (caffe-nera): their ladder finding and their other findings share a shard.
    expect(owner.get("C1K")).toBe(reports.findIndex((r) => r.findings.some((f) => f.rule === "ladder/pack-size" && f.sku === "C1K")));
    expect(reports.reduce((n, r) => n + r.summary.rows.read, 0)).toBe(20);
  });

  it("reads K/N and hashes stably", () => {
    expect(parseShard("2/8")).toStrictEqual({ index: 2, count: 8 });
    for (const bad of ["0/2", "3/2", "2", "a/b", "1/0"]) expect(parseShard(bad)).toBeNull();
    // FNV-1a 32-bit of "a" is 0xe40c292c, of "foobar" 0xbf9cf968 (published test vectors).
    expect(stableHash("a")).toBe(0xe40c292c);
    expect(stableHash("foobar")).toBe(0xbf9cf968);
  });
});

describe("pricelint merge", () => {
  it("joins the shards' JSON reports on the command line and exits by --fail-on", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { runCli } = await import("./helpers/run-cli.js");
    const dir = mkdtempSync(join(tmpdir(), "pricelint-merge-"));
    const base = ["check", "--config", "fixtures/demo/pricelint.config.json", "--at", "2026-11-20T00:30:00+01:00"];
    await runCli([...base, "--format", `json:${join(dir, "whole.json")}`]);
    for (const k of [1, 2, 3]) await runCli([...base, "--shard", `${k}/3`, "--format", `json:${join(dir, `s${k}.json`)}`]);
    const merged = await runCli(["merge", join(dir, "s1.json"), join(dir, "s2.json"), join(dir, "s3.json")]);
    expect(merged.code).toBe(1);
    expect(merged.stdout).toBe(readFileSync(join(dir, "whole.json"), "utf8"));
    const wrong = await runCli(["merge", join(dir, "s1.json"), "fixtures/demo/expected.json"]);
    expect(wrong.code).toBe(2);
  });
});
