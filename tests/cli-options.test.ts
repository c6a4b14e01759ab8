/** Options per command: each command reads its own options, and refuses another command's by name. */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { version } from "../package.json";
import { runCli } from "./helpers/run-cli.js";

const CHECK_TAKES =
  "--config, --at, --from, --to, --format, --fail-on, --workers, --shard, --baseline, --explain, --no-progress, --inside-only, --feeds, --previous, --previous-at, --snapshot";
const GLOBAL = "--help, --version, --debug";

describe("an option a command does not take", () => {
  it.each([
    [["init", "--from", "x.tsv", "--at", "2026-01-01"], `init does not take --at (an option of check); it takes: --from, --out, ${GLOBAL}`],
    [["init", "--explain"], `init does not take --explain (an option of check); it takes: --from, --out, ${GLOBAL}`],
    [["check", "--out", "c.yaml"], `check does not take --out (an option of init); it takes: ${CHECK_TAKES}, ${GLOBAL}`],
    [
      ["rules", "--format", "json"],
      `rules does not take --format (an option of check, merge and trend); it takes: --json, --config, ${GLOBAL}`,
    ],
    [["rules", "--at", "2026-01-01"], `rules does not take --at (an option of check); it takes: --json, --config, ${GLOBAL}`],
    [
      ["explain", "price/non-positive", "--json"],
      `explain does not take --json (an option of rules and profile); it takes: --config, ${GLOBAL}`,
    ],
    [
      ["merge", "a.json", "--workers", "2"],
      `merge does not take --workers (an option of check); it takes: --format, --fail-on, --baseline, ${GLOBAL}`,
    ],
    [
      ["merge", "a.json", "--from", "2026-01-01"],
      `merge does not take --from (an option of check and init); it takes: --format, --fail-on, --baseline, ${GLOBAL}`,
    ],
    [["--json"], "--json needs a command: it is an option of rules and profile"],
    [["--from", "prices.csv"], "--from needs a command: it is an option of check and init"],
  ])("%j is a usage error naming the option and the command", async (args, message) => {
    expect(await runCli(args)).toStrictEqual({ code: 2, stdout: "", stderr: `pricelint: ${message}\n` });
  });

  it("before init --from: a file given to --from is never taken for check's window start, nor a generic starter written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-options-"));
    writeFileSync(join(dir, "x.tsv"), "sku\tprice\nA\t1.00\n");
    const out = join(dir, "c.yaml");
    const { code, stdout } = await runCli(["init", "--from", join(dir, "x.tsv"), "--out", out]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(`wrote ${out}: 1 feed(s) from 1 file(s)`);
    expect(existsSync(join(dir, "pricelint.config.json"))).toBe(false);
    expect(existsSync("rules/house.json")).toBe(false);
  });

  it("check still reads --from and --to as its window", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-options-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nA,web,1.00\n");
    writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }));
    const { code, stderr } = await runCli(["check", "--config", join(dir, "c.json"), "--from", "2026-01-01", "--to", "2026-01-31"]);
    expect({ code, stderr }).toStrictEqual({ code: 0, stderr: "" });
  });

  it("a window whose end is not after its start names both as given and as read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-options-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nA,web,1.00\n");
    writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "UTC", currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }));
    const config = ["check", "--config", join(dir, "c.json")];
    // A bare --to date is the end of that day (the next midnight); a time is that instant, here the start.
    expect(await runCli([...config, "--from", "2026-10-25", "--to", "2026-10-25"])).toMatchObject({ code: 0 });
    expect(await runCli([...config, "--from", "2026-10-25", "--to", "2026-10-25T00:00Z"])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr:
        "pricelint: --to 2026-10-25T00:00Z (2026-10-25T00:00:00.000Z) must be after --from 2026-10-25 (2026-10-25T00:00:00.000Z): a window's end is after its start\n",
    });
  });

  it.each([
    [["init", "--out", "c.yaml"], "--out names the config that init --from writes: give the feed files with --from"],
    [["init", "extra"], 'unexpected argument "extra"'],
    [["rules", "extra"], 'unexpected argument "extra"'],
  ])("%j is refused too", async (args, message) => {
    expect(await runCli(args)).toStrictEqual({ code: 2, stdout: "", stderr: `pricelint: ${message}\n` });
  });

  it("an option that needs a value still says so", async () => {
    const { code, stderr } = await runCli(["init", "--from"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pricelint: Option '--from <value>' argument missing/);
  });
});

describe("--help", () => {
  it("alone lists every command, init --from among them", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("\n  pricelint init --from FILE… [--out CONFIG]\n");
    expect(stdout).toContain("\n  pricelint COMMAND --help          a command's usage and options\n");
    expect(stdout).toMatch(/\n {2}--out CONFIG {9}the config to write: \.yaml or \.yml/);
  });

  it.each([
    ["init", ["--from FILE…", "--out CONFIG"], ["--config", "--at"]],
    ["check", ["--config FILE", "--at ISO", "--from ISO", "--no-progress"], ["--out", "--json"]],
    ["rules", ["--json", "--config FILE"], ["--from", "--at"]],
    ["explain", ["--config FILE"], ["--json", "--from"]],
    ["merge", ["--format FMT[:FILE]", "--fail-on LEVEL", "--baseline FILE"], ["--workers", "--from"]],
  ])("with %s prints that command's usage and options alone", async (command, takes, others) => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout } = await runCli([command, flag]);
      expect(code).toBe(0);
      expect(stdout.startsWith(`pricelint ${command} — `)).toBe(true);
      expect(stdout).toContain(`\nUsage:\n  pricelint ${command}`);
      for (const option of [...takes, "-h, --help", "--debug"]) expect(stdout).toContain(`\n  ${option} `);
      for (const option of others) expect(stdout).not.toContain(`  ${option} `);
    }
  });

  it("names each command's own default format: table for check, json for merge", async () => {
    expect((await runCli(["check", "--help"])).stdout).toContain("--format FMT[:FILE]  table (default)");
    const merge = (await runCli(["merge", "--help"])).stdout;
    expect(merge).toContain("json by default");
    expect(merge).toContain("--format FMT[:FILE]  json (default)");
    expect(merge).not.toContain("table (default)");
  });

  it("wins over the rest of the line, as before", async () => {
    const { code, stdout } = await runCli(["check", "--config", "/nonexistent.json", "--help"]);
    expect(code).toBe(0);
    expect(stdout.startsWith("pricelint check — ")).toBe(true);
  });

  it("--version is taken with any command", async () => {
    expect(await runCli(["rules", "--version"])).toStrictEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});
