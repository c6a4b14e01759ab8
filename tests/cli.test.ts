import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/run.js";

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((c) => ((stderr += String(c)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function project(prices: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-cli-"));
  writeFileSync(join(dir, "p.csv"), prices);
  const config = join(dir, "pricelint.config.json");
  writeFileSync(config, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }));
  return config;
}

const WARNING_ONLY = "sku,channel,price\nA,web,1.00\nA,store,1.10\n"; // online-differs-from-store: a warning

describe("pricelint check exit codes", () => {
  it("exits 0 when nothing reaches --fail-on, 1 when something does", async () => {
    const config = project(WARNING_ONLY);
    expect((await run(["check", "--config", config])).code).toBe(0);
    expect((await run(["check", "--config", config, "--fail-on", "warning"])).code).toBe(1);
    expect((await run(["check", "--config", config, "--fail-on", "info"])).code).toBe(1);
    expect((await run(["check", "--config", config, "--fail-on", "never"])).code).toBe(0);
  });

  it("exits 1 on an error finding by default", async () => {
    expect((await run(["check", "--config", project("sku,channel,price\nA,web,0\n")])).code).toBe(1);
  });

  it.each([
    [["check", "--format", "yaml"], /--format: unknown format "yaml"; formats: table, json/],
    [["check", "--fail-on", "fatal"], /--fail-on takes error, warning, info or never/],
    [["check", "--bogus"], /Unknown option '--bogus'/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["check", "--at", "2026-13-01"], /--at: "2026-13-01" is not a calendar date/],
    [["check", "--config", "/nonexistent/pricelint.config.json"], /\/nonexistent\/pricelint\.config\.json: file not found/],
  ])("exits 2 with a one-line message for %j", async (args, message) => {
    const needsConfig = args.includes("--at");
    const { code, stderr, stdout } = await run(needsConfig ? [...args, "--config", project(WARNING_ONLY)] : args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(args.includes("--bogus") ? 2 : 1);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    expect(stdout).toBe("");
  });

  it("shows the stack with --debug", async () => {
    const { code, stderr } = await run(["check", "--config", "/nonexistent/x.json", "--debug"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it("writes several formats in one run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-out-"));
    const file = join(dir, "r.json");
    const { stdout } = await run(["check", "--config", project(WARNING_ONLY), "--format", "table", "--format", `json:${file}`]);
    expect(stdout).toMatch(/^SEVERITY/);
    const { readFileSync } = await import("node:fs");
    const report = JSON.parse(readFileSync(file, "utf8")) as { findings: { rule: string }[] };
    expect(report.findings.map((f) => f.rule)).toStrictEqual(["channel/online-differs-from-store"]);
  });
});

describe("pricelint rules", () => {
  it("lists every built-in rule, as text or JSON", async () => {
    const { stdout } = await run(["rules", "--json"]);
    const rules = JSON.parse(stdout) as { id: string; scope: string; severity: string }[];
    expect(rules.map((r) => r.id)).toContain("channel/click-collect-above-store");
    expect(rules.find((r) => r.id === "feed/invalid-row")).toMatchObject({ scope: "feed", severity: "error" });
    const text = await run(["rules"]);
    expect(text.stdout.trim().split("\n")).toHaveLength(rules.length);
  });
});

describe("the progress line", () => {
  it("redraws at most every 250 ms with rows and rows/s, and erases itself at the end", async () => {
    const { terminalProgress } = await import("../src/cli/progress.js");
    const written: string[] = [];
    const stream = { write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    let clock = 1_000;
    const progress = terminalProgress(stream, () => clock);
    clock = 1_300;
    progress.update({ file: "feeds/web.csv", feedRows: 600, totalRows: 600 });
    clock = 1_400; // too soon: not drawn
    progress.update({ file: "feeds/web.csv", feedRows: 800, totalRows: 800 });
    clock = 2_000;
    progress.update({ file: "feeds/store.csv", feedRows: 100, totalRows: 1_000 });
    progress.done();
    expect(written).toStrictEqual([
      "\r\u001b[Kfeeds/web.csv: 600 rows · 600 in all · 2,000 rows/s",
      "\r\u001b[Kfeeds/store.csv: 100 rows · 1,000 in all · 1,000 rows/s",
      "\r\u001b[K",
    ]);
  });

  it("is not drawn when stderr is not a terminal", async () => {
    const { stderr } = await run(["check", "--config", project(WARNING_ONLY)]);
    expect(stderr).toBe("");
  });
});
