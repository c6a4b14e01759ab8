import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { channelRegistry } from "../src/config/channels.js";
import { describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/run.js";
import { runCli } from "./helpers/run-cli.js";
import { selectRules } from "../src/rules/select-rules.js";
import type { Report } from "../src/model/report.js";

const CONFIG = "fixtures/demo/pricelint.config.json";
const AT = "2026-11-20T00:30:00+01:00"; // the nightly run: 00:30 in Rome
const expected = JSON.parse(readFileSync("fixtures/demo/expected.json", "utf8")) as {
  at: string;
  summary: Report["summary"];
  findings: Record<string, unknown>[];
};

const demoArgs = (out: string, ...more: string[]) => [
  "check",
  "--config",
  CONFIG,
  "--at",
  AT,
  "--format",
  `json:${out}`,
  ...more,
  "--no-progress",
];

async function runDemo(...more: string[]): Promise<{ code: number; json: string; table: string }> {
  const out = join(mkdtempSync(join(tmpdir(), "pricelint-demo-")), "report.json");
  let table = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    table += String(chunk);
    return true;
  });
  try {
    const code = await main(demoArgs(out, "--format", "table", ...more));
    return { code, json: readFileSync(out, "utf8"), table };
  } finally {
    write.mockRestore();
  }
}

describe("the demo retailer", () => {
  it("reproduces the hand-worked expected findings exactly and exits 1", async () => {
    const { code, json } = await runDemo();
    expect(code).toBe(1);
    const report = JSON.parse(json) as Report;
    expect(report.at).toBe(expected.at);
    expect(report.summary).toStrictEqual(expected.summary);
    const projected = report.findings.map(({ rule, severity, sku, location, channels, promotion, message, values, sources, waived }) => ({
      rule,
      severity,
      sku,
      location,
      channels,
      promotion,
      message,
      values,
      sources,
      waived,
    }));
    expect(projected).toStrictEqual(expected.findings);
  });

  it("accounts for every row: read = accepted + rejected, and each rejected row is a finding", async () => {
    const report = JSON.parse((await runDemo()).json) as Report;
    for (const feed of report.summary.feeds) expect(feed.read).toBe(feed.accepted + feed.rejected);
    const invalid = report.findings.filter((f) => f.rule === "feed/invalid-row");
    expect(invalid).toHaveLength(report.summary.rows.rejected);
  });

  it("gives the same report, explanations included, where JavaScript may not generate code (rules run as closures)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "pricelint-demo-")), "report.json");
    const script = `const { main } = await import(${JSON.stringify(pathToFileURL("src/cli/run.ts").href)}); process.exitCode = await main(${JSON.stringify(demoArgs(out, "--explain"))});`;
    const child = spawnSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(1);
    const { json } = await runDemo("--explain");
    expect(readFileSync(out, "utf8")).toBe(json);
    expect(json).toContain('"explanation"');
  });

  it("gives byte-identical JSON on every run, with unique stable ids", async () => {
    const first = await runDemo();
    const second = await runDemo();
    expect(second.json).toBe(first.json);
    const ids = (JSON.parse(first.json) as Report).findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("prints the table with one line per finding and the row accounting", async () => {
    const { table } = await runDemo();
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+SKU\s+LOCATION\s+CHANNELS\s+MESSAGE$/);
    expect(lines.filter((l) => /^(error|warning|info)\s/.test(l))).toHaveLength(expected.findings.length);
    expect(table).toContain("rows: 315 read, 312 accepted, 3 rejected");
  });
});

describe("the demo's promises", () => {
  it("has a planted finding of every built-in rule that `pricelint rules --json` lists", async () => {
    const { stdout } = await runCli(["rules", "--json"]);
    const ids = (JSON.parse(stdout) as { id: string }[]).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    const found = new Set(expected.findings.map((f) => f.rule));
    // Rules that compare with a previous state (check --previous) cannot fire in one run: fixtures/changes/ plants them.
    const needsPrevious = new Set(
      selectRules(["all"], new Map(), {}, { channels: new Set(channelRegistry(undefined).keys()), minorUnits: {} })
        .filter((r) => r.needs.previous)
        .map((r) => r.id),
    );
    expect(needsPrevious.size).toBeGreaterThan(0);
    expect(ids.filter((id) => !found.has(id) && !needsPrevious.has(id))).toStrictEqual([]);
    expect(expected.summary.rules).toBe(ids.length);
  });

  it("is what the README says it is: stores, skus and feeds counted from its config", () => {
    const readme = readFileSync("README.md", "utf8").replace(/\s+/g, " ");
    const said =
      /The demo in \[`fixtures\/demo\/`\]\(fixtures\/demo\/\) is a (\w+)-store Italian retailer with (\d+) skus and (\w+) feeds/.exec(
        readme,
      );
    expect(said, "the README's sentence describing the demo").not.toBeNull();
    const words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    const [, stores, skus, feeds] = said!;
    const config = JSON.parse(readFileSync(CONFIG, "utf8")) as { feeds: { kind: string; path: string }[]; rules: string[] };
    const feedOf = (kind: string) => join("fixtures/demo", config.feeds.find((f) => f.kind === kind)!.path);
    const storeRows = readFileSync(feedOf("stores"), "utf8").trim().split("\n").length - 1; // less the header
    const catalogue = JSON.parse(readFileSync(feedOf("catalogue"), "utf8")) as { sku: string }[];
    expect(words.indexOf(stores!)).toBe(storeRows);
    expect(Number(skus)).toBe(new Set(catalogue.map((p) => p.sku)).size);
    expect(words.indexOf(feeds!)).toBe(config.feeds.length);
    // "every built-in rule has a planted case" holds only if the demo runs every built-in rule.
    expect(readme).toContain("every built-in rule has a planted case");
    expect(config.rules).toStrictEqual(["all"]);
  });
});
