import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/run-cli.js";
import type { Report } from "../src/model/report.js";

const run = runCli;

/** A project whose web/store differences are warnings (channel/online-differs-from-store). */
function project(): { dir: string; config: string; prices: (rows: string[]) => void } {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-"));
  const config = join(dir, "pricelint.config.json");
  writeFileSync(
    config,
    JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["channel/online-differs-from-store"] }),
  );
  return { dir, config, prices: (rows) => writeFileSync(join(dir, "p.csv"), ["sku,channel,price", ...rows].join("\n")) };
}

describe("--baseline", () => {
  it("marks findings new or unchanged, lists the gone ones as absent, and fails only on new ones", async () => {
    const p = project();
    const yesterday = join(p.dir, "yesterday.json");
    p.prices(["A,web,1.00", "A,store,1.10", "B,web,2.00", "B,store,2.10"]);
    expect((await run(["check", "--config", p.config, "--format", `json:${yesterday}`, "--fail-on", "warning"])).code).toBe(1);

    // A is unchanged, B is fixed, C is new.
    p.prices(["A,web,1.00", "A,store,1.10", "B,web,2.10", "B,store,2.10", "C,web,3.00", "C,store,3.50"]);
    const today = join(p.dir, "today.json");
    const { code, stdout } = await run([
      "check",
      "--config",
      p.config,
      "--baseline",
      yesterday,
      "--format",
      `json:${today}`,
      "--format",
      "table",
      "--fail-on",
      "warning",
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(today, "utf8")) as Report;
    expect(report.findings.map((f) => [f.sku, f.baseline])).toStrictEqual([
      ["A", "unchanged"],
      ["C", "new"],
    ]);
    expect(report.absent?.map((f) => f.sku)).toStrictEqual(["B"]);
    expect(report.summary.baseline).toStrictEqual({ new: 1, unchanged: 1, absent: 1 });
    expect(stdout).toContain("warning (new)");
    expect(stdout).toContain("baseline: 1 new, 1 unchanged, 1 absent");

    // Only the unchanged finding left: nothing new, so --fail-on passes.
    p.prices(["A,web,1.00", "A,store,1.10"]);
    expect((await run(["check", "--config", p.config, "--baseline", yesterday, "--fail-on", "warning"])).code).toBe(0);
  });

  it("refuses a file that is not a pricelint JSON report", async () => {
    const p = project();
    p.prices(["A,web,1.00"]);
    const bogus = join(p.dir, "bogus.json");
    writeFileSync(bogus, '{"results": []}');
    const { code, stderr } = await run(["check", "--config", p.config, "--baseline", bogus]);
    expect(code).toBe(2);
    expect(stderr).toBe(`pricelint: ${bogus}: not a pricelint JSON report (no findings array); write one with --format json:FILE\n`);
  });
});
