import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/run-cli.js";

describe("--workers N", () => {
  it("gives the same report as one process, with the same exit code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-workers-"));
    const base = ["check", "--config", "fixtures/demo/pricelint.config.json", "--at", "2026-11-20T00:30:00+01:00", "--no-progress"];
    const one = await runCli([...base, "--format", `json:${join(dir, "one.json")}`]);
    const three = await runCli([
      ...base,
      "--workers",
      "3",
      "--format",
      `json:${join(dir, "three.json")}`,
      "--format",
      "sarif:" + join(dir, "three.sarif"),
    ]);
    // On a machine of fewer than 3 cores, fewer threads are used and the note says so.
    expect(three.stderr).toMatch(/^(pricelint: note: --workers 3: [12] used, as this machine has [12] cores?\n)?$/);
    expect(three.code).toBe(one.code);
    expect(readFileSync(join(dir, "three.json"), "utf8")).toBe(readFileSync(join(dir, "one.json"), "utf8"));
    // Formats that describe the rules get them from the config, not from the shards' JSON.
    const sarif = JSON.parse(readFileSync(join(dir, "three.sarif"), "utf8")) as { runs: { tool: { driver: { rules: unknown[] } } }[] };
    expect(sarif.runs[0]!.tool.driver.rules.length).toBeGreaterThan(0);
  }, 60_000);

  it("refuses --workers with --shard, and a count that is not a whole number", async () => {
    const base = ["check", "--config", "fixtures/demo/pricelint.config.json"];
    expect((await runCli([...base, "--workers", "2", "--shard", "1/2"])).stderr).toContain("give --workers or --shard, not both");
    expect((await runCli([...base, "--workers", "two"])).stderr).toContain('--workers takes a whole number from 1 to 64, not "two"');
  });
});
