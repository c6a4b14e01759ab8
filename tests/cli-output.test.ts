/**
 * Where the CLI writes: a reader that stops early ends the run quietly; a report file never
 * overwrites what the run reads, nor another report; --workers takes digits only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  symlinkSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/model/report.js";
import { runCli } from "./helpers/run-cli.js";

/** A prices feed of `rows` skus whose sale price equals the price: one finding each. */
function project(rows: number): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-output-"));
  const lines = ["sku,channel,price,sale_price"];
  for (let i = 0; i < rows; i++) lines.push(`S${i},web,2.00,2.00`);
  writeFileSync(join(dir, "p.csv"), `${lines.join("\n")}\n`);
  const config = join(dir, "c.json");
  writeFileSync(
    config,
    JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["price/sale-not-below-regular"] }),
  );
  return { dir, config };
}

const AT = "2026-11-20T12:00:00Z";

/** The CLI from its sources in a process of its own, its standard output a pipe or the file open as `stdout`. */
function cli(args: string[], stdout: "pipe" | number = "pipe"): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { stdio: ["ignore", stdout, "pipe"] });
}

/** The exit code and standard error of a CLI process, once it has ended. */
async function ended(child: ChildProcess): Promise<[number | null, string]> {
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  return [code, stderr];
}

/** Runs the CLI and, like `head -1`, closes its output after the first chunk: its exit code and standard error. */
async function closedEarly(args: string[]): Promise<[number | null, string]> {
  const child = cli(args);
  const end = ended(child);
  await new Promise<void>((done) => child.stdout!.once("data", () => (child.stdout!.destroy(), done())));
  return end;
}

/** Linux's always-full device, to meet a write error on standard output. */
const HAS_DEV_FULL = existsSync("/dev/full");

describe("the CLI's output", () => {
  it("U01 stops quietly, with the broken pipe's exit code, when its reader closes the pipe early", async () => {
    // 20,000 findings as JSON Lines are megabytes: far more than a pipe holds, so writing meets the closed pipe.
    const { config } = project(20_000);
    expect(await closedEarly(["check", "--config", config, "--format", "jsonl", "--at", AT])).toStrictEqual([141, ""]);
  }, 60_000);

  it("U07 writes every report file asked for before standard output, so a reader that closes the pipe early loses none", async () => {
    const { dir, config } = project(20_000);
    const file = join(dir, "r.json");
    expect(await closedEarly(["check", "--config", config, "--format", "jsonl", "--format", `json:${file}`, "--at", AT])).toStrictEqual([
      141,
      "",
    ]);
    // The JSON report is whole: its digest counts every finding.
    const report = JSON.parse(readFileSync(file, "utf8")) as { findings: unknown[]; digest: { findings: number } };
    expect([report.findings.length, report.digest.findings]).toStrictEqual([20_000, 20_000]);
  }, 60_000);

  it("U02 refuses a report file that is the config, a feed, the baseline, or another report's file", async () => {
    const { dir, config } = project(2);
    const feed = join(dir, "p.csv");
    const before = readFileSync(feed, "utf8");
    const cases: [string[], string][] = [
      [["--format", `json:${config}`], `--format json:${config} would overwrite the config: write the report elsewhere`],
      [["--format", `html:${feed}`], `--format html:${feed} would overwrite the feed p.csv: write the report elsewhere`],
      [
        ["--format", `json:${join(dir, "r.json")}`, "--format", `sarif:${join(dir, "r.json")}`],
        `--format json:${join(dir, "r.json")} and --format sarif:${join(dir, "r.json")} both write ${join(dir, "r.json")}: give each its own file`,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(["check", "--config", config, "--no-progress", ...args]);
      expect([code, stderr]).toStrictEqual([2, `pricelint: ${message}\n`]);
    }
    expect(readFileSync(feed, "utf8")).toBe(before);
    expect(JSON.parse(readFileSync(config, "utf8"))).toHaveProperty("feeds");
  });

  it("S40 refuses two outputs to one new file through a link left dangling, or through a linked folder's parent (link/..)", async () => {
    const { dir, config } = project(2);
    const check = (...args: string[]) => runCli(["check", "--config", config, "--no-progress", "--at", "2026-11-20T10:00:00Z", ...args]);
    // latest.json → out.json, which is not there yet: both would be out.json, the last written kept.
    const [out, latest] = [join(dir, "out.json"), join(dir, "latest.json")];
    symlinkSync(out, latest);
    expect(await check("--format", `json:${out}`, "--format", `markdown:${latest}`)).toMatchObject({
      code: 2,
      stderr: `pricelint: --format json:${out} and --format markdown:${latest} both write ${latest}: give each its own file\n`,
    });
    // dl → other/deep: dl/.. is other (as the system reads it), not dir.
    mkdirSync(join(dir, "other", "deep"), { recursive: true });
    symlinkSync(join(dir, "other", "deep"), join(dir, "dl"));
    const [viaLink, direct] = [`${join(dir, "dl")}/../x.json`, join(dir, "other", "x.json")];
    expect(await check("--format", `json:${viaLink}`, "--format", `markdown:${direct}`)).toMatchObject({
      code: 2,
      stderr: `pricelint: --format json:${viaLink} and --format markdown:${direct} both write ${direct}: give each its own file\n`,
    });
    // Neither run wrote anything.
    expect([existsSync(out), existsSync(direct)]).toStrictEqual([false, false]);
  });

  it("U05 refuses a report over a file a feed's pattern matches or over a rule file, two reports to one new file through a linked folder, and two formats to standard output", async () => {
    const { dir } = project(2);
    writeFileSync(
      join(dir, "house.json"),
      JSON.stringify({
        id: "house/x",
        description: "d",
        severity: "info",
        scope: "offer",
        conditions: { all: [{ fact: "price", operator: "greaterThan", value: "1" }] },
      }),
    );
    const config = join(dir, "g.json");
    writeFileSync(
      config,
      JSON.stringify({
        currency: "EUR",
        feeds: [{ kind: "prices", path: "*.csv" }],
        rules: ["price/sale-not-below-regular", "./house.json"],
      }),
    );
    const feed = join(dir, "p.csv");
    const before = [readFileSync(feed, "utf8"), readFileSync(join(dir, "house.json"), "utf8")];
    const check = (...args: string[]) => runCli(["check", "--config", config, "--no-progress", ...args]);
    const refused = async (run: Promise<{ code: number; stderr: string }>, message: string) =>
      expect(await run).toMatchObject({ code: 2, stderr: `pricelint: ${message}\n` });
    await refused(check("--format", `json:${feed}`), `--format json:${feed} would overwrite the feed *.csv: write the report elsewhere`);
    const rule = join(dir, "house.json");
    await refused(
      check("--format", `sarif:${rule}`),
      `--format sarif:${rule} would overwrite the rule file ./house.json: write the report elsewhere`,
    );
    mkdirSync(join(dir, "out"));
    symlinkSync(join(dir, "out"), join(dir, "alias"));
    const [real, alias] = [join(dir, "out", "r.json"), join(dir, "alias", "r.json")];
    await refused(
      check("--format", `json:${real}`, "--format", `sarif:${alias}`),
      `--format json:${real} and --format sarif:${alias} both write ${alias}: give each its own file`,
    );
    await refused(
      check("--format", "json", "--format", "sarif"),
      "--format json and --format sarif both write to standard output: give all but one a file (--format sarif:FILE)",
    );
    expect([readFileSync(feed, "utf8"), readFileSync(join(dir, "house.json"), "utf8")]).toStrictEqual(before);
  });

  it("U14 refuses a report file that standard output is sent to as well (`--format json:r.json --format table > r.json`)", async () => {
    const { dir, config } = project(2);
    const file = join(dir, "r.json");
    const fd = openSync(file, "w");
    const [code, stderr] = await ended(
      cli(["check", "--config", config, "--no-progress", "--format", `json:${file}`, "--format", "table"], fd),
    );
    closeSync(fd);
    // Refused before anything is written: the file holds neither report, where it held the table and the JSON's tail.
    expect([code, stderr, readFileSync(file, "utf8")]).toStrictEqual([
      2,
      `pricelint: standard output and --format json:${file} both write ${file}: give each its own file\n`,
      "",
    ]);
    // Standard output sent to another file, with the report in its own, is two files.
    const other = join(dir, "table.txt");
    const out = openSync(other, "w");
    const [ok] = await ended(
      cli(["check", "--config", config, "--no-progress", "--format", `json:${file}`, "--format", "table", "--at", AT], out),
    );
    closeSync(out);
    expect([ok, JSON.parse(readFileSync(file, "utf8")).findings.length, readFileSync(other, "utf8")]).toMatchObject([
      1,
      2,
      expect.stringContaining("S1"),
    ]);
  }, 60_000);

  it.skipIf(!HAS_DEV_FULL)(
    "U06 exits 2 with one line, not a stack trace and 1, when standard output cannot be written (a full disk)",
    async () => {
      const { config } = project(200);
      const full = openSync("/dev/full", "w");
      try {
        const child = cli(["check", "--config", config, "--fail-on", "never", "--format", "json", "--at", AT], full);
        expect(await ended(child)).toStrictEqual([
          2,
          "pricelint: cannot write to standard output: ENOSPC: no space left on device, write\n",
        ]);
      } finally {
        closeSync(full);
      }
    },
    60_000,
  );

  it("S41 writes a report to /dev/stderr as standard error stands, appending to the log it is sent to rather than cutting it", async () => {
    const { dir, config } = project(2);
    const log = join(dir, "job.log");
    writeFileSync(log, "old log\n");
    for (const name of ["/dev/stderr", "/dev/fd/2"]) {
      const fd = openSync(log, "a");
      try {
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            "src/cli/bin.ts",
            "check",
            "--config",
            config,
            "--fail-on",
            "never",
            "--no-progress",
            "--at",
            AT,
            "--format",
            `json:${name}`,
          ],
          { stdio: ["ignore", "ignore", fd] },
        );
        expect(await new Promise((done) => child.on("close", done))).toBe(0);
      } finally {
        closeSync(fd);
      }
    }
    // The log as it was, then each run's report after it, whole.
    const text = readFileSync(log, "utf8");
    expect(text.startsWith("old log\n")).toBe(true);
    const reports = text.slice("old log\n".length).split(/\n(?=\{)/);
    expect(reports.map((r) => (JSON.parse(r) as Report).summary.findings.error)).toStrictEqual([2, 2]);
  }, 60_000);

  it("SARIF points at the files read with --feeds DIR, not at the config's folder", async () => {
    const { dir, config } = project(2);
    const night = join(dir, "exports", "2026-12-05");
    mkdirSync(night, { recursive: true });
    writeFileSync(join(night, "p.csv"), readFileSync(join(dir, "p.csv")));
    const out = join(dir, "r.sarif");
    const { code } = await runCli(["check", "--config", config, "--no-progress", "--feeds", night, "--format", `sarif:${out}`]);
    expect(code).toBe(1);
    const log = JSON.parse(readFileSync(out, "utf8")) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    // Relative to the working directory, as code scanning reads them: the night's file, which exists there.
    expect([...uris].map((uri) => [uri.endsWith("exports/2026-12-05/p.csv"), existsSync(resolve(uri))])).toStrictEqual([[true, true]]);
  });

  it("U04 refuses a report or snapshot over an input reached by a symlink or a hard link, over --previous, and a merge's report over a shard it reads", async () => {
    const { dir, config } = project(2);
    const before = readFileSync(config, "utf8");
    symlinkSync(config, join(dir, "link.json"));
    linkSync(config, join(dir, "hard.json"));
    const check = (...args: string[]) => runCli(["check", "--config", config, "--no-progress", ...args]);
    const refused = async (run: Promise<{ code: number; stderr: string }>, message: string) =>
      expect(await run).toMatchObject({ code: 2, stderr: `pricelint: ${message}\n` });
    const link = join(dir, "link.json");
    const hard = join(dir, "hard.json");
    await refused(check("--format", `json:${link}`), `--format json:${link} would overwrite the config: write the report elsewhere`);
    await refused(check("--format", `json:${hard}`), `--format json:${hard} would overwrite the config: write the report elsewhere`);
    // A snapshot of the run, then that snapshot as the previous state, and a report over it.
    const snapshot = join(dir, "snap.json.gz");
    expect((await check("--snapshot", snapshot, "--format", `json:${join(dir, "whole.json")}`)).code).toBe(1);
    const kept = readFileSync(snapshot);
    await refused(
      check("--previous", snapshot, "--format", `json:${snapshot}`),
      `--format json:${snapshot} would overwrite the previous state: write the report elsewhere`,
    );
    await refused(check("--snapshot", config), `--snapshot ${config} would overwrite the config: write the snapshot elsewhere`);
    await refused(
      check("--snapshot", join(dir, "r.json"), "--format", `json:${join(dir, "r.json")}`),
      `--format json:${join(dir, "r.json")} and --snapshot ${join(dir, "r.json")} both write ${join(dir, "r.json")}: give each its own file`,
    );
    expect(readFileSync(snapshot)).toStrictEqual(kept);
    // merge: its report over one of the shards it reads.
    const shard = join(dir, "whole.json");
    const shardText = readFileSync(shard, "utf8");
    await refused(
      runCli(["merge", shard, "--format", `json:${shard}`]),
      `--format json:${shard} would overwrite the report ${shard}: write the report elsewhere`,
    );
    expect(readFileSync(shard, "utf8")).toBe(shardText);
    expect(readFileSync(config, "utf8")).toBe(before);
  });

  it("U03 takes a worker count in digits only", async () => {
    const { config } = project(2);
    for (const workers of ["0x10", "1e1", "0b11", " 2", "2.0"]) {
      const { code, stderr } = await runCli(["check", "--config", config, "--no-progress", "--workers", workers]);
      expect([workers, code, stderr]).toStrictEqual([
        workers,
        2,
        `pricelint: --workers takes a whole number from 1 to 64, not "${workers}"\n`,
      ]);
    }
  });

  it("U10 refuses an option that takes one value given twice, naming it and both values; --format stays repeatable", async () => {
    const { dir, config } = project(1);
    const cases: [string[], string][] = [
      [["check", "--config", config, "--fail-on", "error", "--fail-on", "never"], '--fail-on is given twice ("error" and "never")'],
      [["check", "--config", "a.json", "--config", config], `--config is given twice ("a.json" and "${config}")`],
      [["check", "--config", config, "--at", AT, "--at", "2026-01-01"], `--at is given twice ("${AT}" and "2026-01-01")`],
      [["check", "--config", config, "--baseline", "a.json", "--baseline", "b.json"], '--baseline is given twice ("a.json" and "b.json")'],
      [["check", "--config", config, "--shard", "1/2", "--shard", "2/2"], '--shard is given twice ("1/2" and "2/2")'],
      [["check", "--config", config, "--workers", "2", "--workers", "4"], '--workers is given twice ("2" and "4")'],
      [["merge", "a.json", "--fail-on", "error", "--fail-on=never"], '--fail-on is given twice ("error" and "never")'],
      [["init", "--from", "x.csv", "--out", "a.yaml", "--out", "b.yaml"], '--out is given twice ("a.yaml" and "b.yaml")'],
    ];
    for (const [args, message] of cases) {
      expect(await runCli(args)).toStrictEqual({ code: 2, stdout: "", stderr: `pricelint: ${message}: give it once\n` });
    }
    const file = join(dir, "r.json");
    const twice = await runCli(["check", "--config", config, "--no-progress", "--at", AT, "--format", "table", "--format", `json:${file}`]);
    expect([twice.code, twice.stderr, existsSync(file)]).toStrictEqual([1, "", true]);
  });

  it("U11 takes - and /dev/stdout (/dev/fd/1, /proc/self/fd/1) for standard output: one format there, never a file named -", async () => {
    const { dir, config } = project(1);
    const check = ["check", "--config", config, "--no-progress", "--at", AT, "--fail-on", "never"];
    for (const target of ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]) {
      expect(await runCli([...check, "--format", `json:${target}`, "--format", "table"])).toStrictEqual({
        code: 2,
        stdout: "",
        stderr: `pricelint: --format json:${target} and --format table both write to standard output: give all but one a file (--format table:FILE)\n`,
      });
    }
    const alone = await runCli([...check, "--format", "json:-"]);
    expect([alone.code, alone.stderr, (JSON.parse(alone.stdout || "{}") as { findings?: unknown[] }).findings?.length]).toStrictEqual([
      0,
      "",
      1,
    ]);
    expect(existsSync("-")).toBe(false);
    // A trend's formats too.
    const report = join(dir, "r.json");
    expect((await runCli([...check, "--format", `json:${report}`])).code).toBe(0);
    expect(await runCli(["trend", report, "--format", "json:-", "--format", "markdown"])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr:
        "pricelint: --format json:- and --format markdown both write to standard output: give all but one a file (--format markdown:FILE)\n",
    });
  });

  it("U13 an instant a report could not write (beyond the year 9999, before 0000): exit 2 naming the option, from the CLI and the library", async () => {
    const { config } = project(1);
    const why = "is outside the years 0000 to 9999, which a report's ISO 8601 instants can hold";
    expect(await runCli(["check", "--config", config, "--from", "2026-01-01", "--to", "9999-12-31"])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: `pricelint: --to 9999-12-31: +010000-01-01T00:00:00.000Z ${why}\n`,
    });
    // The last instant a report can write is taken.
    expect((await runCli(["check", "--config", config, "--no-progress", "--at", "9999-12-31T23:59:59.999Z"])).code).toBe(1);
    const { check, loadConfig } = await import("../src/index.js");
    const loaded = await loadConfig(config);
    await expect(check(loaded, { at: new Date(Date.UTC(-1, 11, 31)) })).rejects.toThrow(`at: -000001-12-31T00:00:00.000Z ${why}`);
  });

  it("U12 takes --shard 1/1 with --baseline: one shard of one is the whole run", async () => {
    const { dir, config } = project(2);
    const check = ["check", "--config", config, "--no-progress", "--at", AT];
    const base = join(dir, "base.json");
    expect((await runCli([...check, "--format", `json:${base}`])).code).toBe(1);
    const one = await runCli([...check, "--shard", "1/1", "--baseline", base, "--format", "json"]);
    expect([one.code, one.stderr, (JSON.parse(one.stdout || "{}") as Report).summary?.baseline]).toStrictEqual([
      0,
      "",
      { new: 0, unchanged: 2, absent: 0 },
    ]);
    expect(await runCli([...check, "--shard", "1/2", "--baseline", base])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: "pricelint: --baseline compares a whole run: give it to pricelint merge, not to a shard\n",
    });
  });
});

/** The CLI from its sources run in `cwd` (where it looks for the default config): its exit code, standard output and error. */
async function cliIn(cwd: string, args: string[]): Promise<[number | null, string, string]> {
  const tsx = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, resolve("src/cli/bin.ts"), ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += String(chunk)));
  const [code, stderr] = await ended(child);
  return [code, stdout, stderr];
}

describe("what the CLI reads and writes, checked before the work", () => {
  it("U17 merge --help lists the formats merge writes: each one listed is written, each other one refused", async () => {
    const { dir, config } = project(2);
    const whole = join(dir, "whole.json");
    expect((await runCli(["check", "--config", config, "--no-progress", "--at", AT, "--format", `json:${whole}`])).code).toBe(1);
    // The formats check writes; merge reads JSON reports, which do not carry the rules that ran (SARIF's
    // descriptors, JUnit's suites and the page's rule table are the rules that ran, findings or not).
    const formats = ["table", "json", "jsonl", "sarif", "junit", "markdown", "html"];
    const help = (await runCli(["merge", "--help"])).stdout;
    const line = help.split("\n").find((l) => l.trimStart().startsWith("--format FMT[:FILE]"))!;
    const listed = formats.filter((f) => new RegExp(`\\b${f}\\b`).test(line.slice(0, line.indexOf(";"))));
    const written: string[] = [];
    for (const format of formats) {
      const { code } = await runCli(["merge", whole, "--format", `${format}:${join(dir, `m.${format}`)}`]);
      // Exit 1: the two findings are errors; exit 2: refused.
      if (code !== 2) written.push(format);
    }
    expect(written).toStrictEqual(listed);
    expect(listed).toStrictEqual(["table", "json", "jsonl", "markdown"]);
    expect(await runCli(["merge", whole, "--format", `sarif:${join(dir, "x.sarif")}`])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: `pricelint: --format sarif:${join(dir, "x.sarif")}: merge writes json, jsonl, table or markdown; sarif, junit and html need the rules that ran, which JSON reports do not carry\n`,
    });
    expect(existsSync(join(dir, "x.sarif"))).toBe(false);
  });

  it("U18 check without --config refuses two or three default configs in the working directory, naming them", async () => {
    const { dir, config } = project(2);
    copyFileSync(config, join(dir, "pricelint.config.json"));
    // The same feed and rule in YAML: either config alone gives the two findings (exit 1).
    writeFileSync(
      join(dir, "pricelint.config.yaml"),
      "currency: EUR\nfeeds:\n  - { kind: prices, path: p.csv }\nrules: [price/sale-not-below-regular]\n",
    );
    expect(await cliIn(dir, ["check", "--no-progress", "--at", AT])).toStrictEqual([
      2,
      "",
      "pricelint: pricelint.config.json and pricelint.config.yaml are both in the working directory, and check reads one config: pass --config FILE, or remove the other\n",
    ]);
    writeFileSync(join(dir, "pricelint.config.yml"), "{}\n");
    expect((await cliIn(dir, ["check", "--no-progress", "--at", AT]))[2]).toBe(
      "pricelint: pricelint.config.json, pricelint.config.yaml and pricelint.config.yml are all in the working directory, and check reads one config: pass --config FILE, or remove the others\n",
    );
    // --config chooses; one default config alone is read.
    expect((await cliIn(dir, ["check", "--no-progress", "--at", AT, "--config", "pricelint.config.yaml"]))[0]).toBe(1);
    const { findDefaultConfig } = await import("../src/cli/default-config.js");
    const one = mkdtempSync(join(tmpdir(), "pricelint-one-"));
    writeFileSync(join(one, "pricelint.config.yml"), "{}\n");
    expect(findDefaultConfig(one)).toBe(join(one, "pricelint.config.yml"));
  }, 60_000);

  it("U19 init refuses to write a default config beside another one, which check would then refuse to choose from", async () => {
    const { init, initFrom } = await import("../src/cli/init-command.js");
    const dir = mkdtempSync(join(tmpdir(), "pricelint-init-"));
    writeFileSync(join(dir, "pricelint.config.yaml"), "currency: EUR\nfeeds: []\n");
    await expect(init(dir)).rejects.toThrow(
      `${join(dir, "pricelint.config.yaml")} is here already, and check reads one config: pricelint.config.json beside it would leave check (without --config) two to choose from; remove it first if you want the starter config`,
    );
    // Nothing written: neither the config nor the house rule file.
    expect(readdirSync(dir)).toStrictEqual(["pricelint.config.yaml"]);
    const feed = join(dir, "web.csv");
    writeFileSync(feed, "sku,price\nA,1.00\n");
    const yml = join(dir, "pricelint.config.yml");
    await expect(initFrom([feed], yml)).rejects.toThrow(
      `${join(dir, "pricelint.config.yaml")} is here already, and check reads one config: pricelint.config.yml beside it would leave check (without --config) two to choose from; remove it first, or give this config another name with --out (then check --config NAME)`,
    );
    expect(existsSync(yml)).toBe(false);
    // Under another name it is no default config: written.
    expect(await initFrom([feed], join(dir, "starter.yaml"))).toMatch(/^wrote /);
  });

  it("U20 refuses, before any work and any file written, a report file that is a folder, in a folder that is a file or missing (check, merge, trend)", async () => {
    const { dir, config } = project(2);
    const check = ["check", "--config", config, "--no-progress", "--at", AT];
    const md = join(dir, "c.md");
    const folder = join(dir, "adir");
    mkdirSync(folder);
    expect(await runCli([...check, "--format", `markdown:${md}`, "--format", `json:${folder}`])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: `pricelint: --format json:${folder}: ${folder} is a folder: give the name of a file to write (${join(folder, "FILE")})\n`,
    });
    expect(existsSync(md)).toBe(false);
    expect(await runCli([...check, "--format", `json:${join(config, "r.json")}`])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: `pricelint: --format json:${join(config, "r.json")}: ${config} is a file, not a folder\n`,
    });
    const whole = join(dir, "whole.json");
    expect((await runCli([...check, "--format", `json:${whole}`])).code).toBe(1);
    const missing = join(dir, "nodir", "m.json");
    for (const command of [
      ["merge", whole],
      ["trend", whole],
    ]) {
      expect(await runCli([...command, "--format", `markdown:${md}`, "--format", `json:${missing}`])).toStrictEqual({
        code: 2,
        stdout: "",
        stderr: `pricelint: --format json:${missing}: the folder ${join(dir, "nodir")} does not exist: create it first\n`,
      });
      expect(existsSync(md)).toBe(false);
      // A path through a missing folder and back: the system follows `nodir/..` only where nodir exists.
      const back = join(dir, "nodir") + "/../m.json";
      expect(await runCli([...command, "--format", `markdown:${md}`, "--format", `json:${back}`])).toStrictEqual({
        code: 2,
        stdout: "",
        stderr: `pricelint: --format json:${back}: the folder ${join(dir, "nodir")} does not exist: create it first\n`,
      });
      expect(existsSync(md)).toBe(false);
      expect((await runCli([...command, "--format", `json:${folder}`])).stderr).toBe(
        `pricelint: --format json:${folder}: ${folder} is a folder: give the name of a file to write (${join(folder, "FILE")})\n`,
      );
    }
  });

  // The system lets root write anywhere: only another user meets the refusal.
  it.skipIf(process.getuid?.() === 0)("refuses, before the check, a report in a folder it may not write", async () => {
    const { dir, config } = project(2);
    const locked = join(dir, "locked");
    mkdirSync(locked, { mode: 0o555 });
    expect((await runCli(["check", "--config", config, "--no-progress", "--format", `json:${join(locked, "r.json")}`])).stderr).toBe(
      `pricelint: --format json:${join(locked, "r.json")}: the folder ${locked} cannot be written: permission denied\n`,
    );
  });
});
