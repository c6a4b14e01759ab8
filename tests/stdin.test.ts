/**
 * A feed whose path is `-` reads standard input: the CLI's, or the bytes `check()` is given as
 * `stdin`; plain or gzip, in any format the feed names.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Report } from "../src/index.js";
import { failure } from "./helpers/failure.js";

const AT = new Date("2026-11-20T12:00:00Z");
// Web 2.00 against store 1.80: one channel/online-differs-from-store finding (a warning), web's source first.
const STORE = "sku,location,price\nA,S1,1.80\n";
const WEB_JSONL = '{"sku":"A","price":"2.00"}\n';

function project(webFeed: Record<string, unknown>, extra: Record<string, unknown>[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-stdin-"));
  writeFileSync(join(dir, "store.csv"), STORE);
  const feeds = [
    { kind: "prices", path: "store.csv", constants: { channel: "store" } },
    { kind: "prices", constants: { channel: "web" }, ...webFeed },
    ...extra,
  ];
  writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds, rules: ["channel/online-differs-from-store"] }));
  return join(dir, "c.json");
}

const summary = (report: Report) => [
  report.findings.map((f) => [f.rule, f.sku, f.sources.map((s) => `${s.file}:${s.line}`)]),
  report.summary.feeds.map((f) => [f.file, f.read, f.accepted, f.rejected]),
];

describe("a feed read from standard input", () => {
  it("is read by check() from the bytes it is given, in the feed's format, gzip or not", async () => {
    const config = await loadConfig(project({ path: "-", format: "jsonl" }));
    for (const bytes of [Buffer.from(WEB_JSONL), gzipSync(WEB_JSONL)]) {
      const report = await check(config, { at: AT, stdin: Readable.from([bytes]) });
      expect(summary(report)).toStrictEqual([
        [["channel/online-differs-from-store", "A", ["-:1", "store.csv:2"]]],
        [
          ["store.csv", 1, 1, 0],
          ["-", 1, 1, 0],
        ],
      ]);
    }
  });

  it("is csv unless the feed names a format", async () => {
    const config = await loadConfig(project({ path: "-" }));
    const report = await check(config, { at: AT, stdin: Readable.from([Buffer.from("sku,price\nA,2.00\n")]) });
    expect(summary(report)[0]).toStrictEqual([["channel/online-differs-from-store", "A", ["-:2", "store.csv:2"]]]);
  });

  it("is what the CLI pipes in", () => {
    const script = `const { main } = await import(${JSON.stringify(pathToFileURL("src/cli/run.ts").href)}); process.exitCode = await main(${JSON.stringify(["check", "--config", project({ path: "-", format: "jsonl" }), "--at", AT.toISOString(), "--format", "json", "--no-progress"])});`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      input: WEB_JSONL,
      encoding: "utf8",
    });
    // The finding is a warning: exit 0 (fail-on error).
    expect([child.status, child.stderr]).toStrictEqual([0, ""]);
    const report = JSON.parse(child.stdout) as Report;
    expect(summary(report)[0]).toStrictEqual([["channel/online-differs-from-store", "A", ["-:1", "store.csv:2"]]]);
  });

  it("is refused when not given, twice in one config, or with worker threads", async () => {
    const config = await loadConfig(project({ path: "-", format: "jsonl" }));
    const absent = await failure(check(config, { at: AT }));
    expect([absent.code, absent.message]).toStrictEqual([
      "usage",
      "-: a feed's path is \"-\", standard input, which this run was not given (check()'s stdin option)",
    ]);
    const twice = await failure(loadConfig(project({ path: "-" }, [{ kind: "inventory", path: "-" }])));
    expect(twice.message).toMatch(/feeds: one feed at most reads standard input \(path "-"\)$/);
    const threads = await failure(check(config, { at: AT, workers: 2, stdin: Readable.from([Buffer.from(WEB_JSONL)]) }));
    expect([threads.code, threads.message]).toStrictEqual([
      "usage",
      'a feed read from standard input (path "-") is read in one thread: leave workers out',
    ]);
  });
});
