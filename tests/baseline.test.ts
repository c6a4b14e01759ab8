import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyBaseline, baselineFinding, baselineIds, compareWithBaseline, markedFindings } from "../src/findings/baseline.js";
import type { Finding } from "../src/model/finding.js";
import { readReportEvents } from "../src/report/read-report.js";
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

  it("calls a finding new when the baseline held it waived and its waiver has ended: the night the waiver ends fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-"));
    const config = join(dir, "c.json");
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nB,web,0\nC,web,0\n");
    writeFileSync(
      config,
      JSON.stringify({
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [{ kind: "prices", path: "p.csv" }],
        rules: ["price/non-positive"],
        waivers: [{ rule: "price/non-positive", sku: "B", until: "2026-12-10", reason: "x" }],
      }),
    );
    const base = join(dir, "base.json");
    const check = (...args: string[]) => run(["check", "--config", config, "--no-progress", ...args]);
    // C is an error both nights: unchanged, it does not fail the run. B was waived; on the 11th its waiver has ended.
    await check("--at", "2026-12-05T06:00:00Z", "--format", `json:${base}`);
    const during = await check("--at", "2026-12-08T06:00:00Z", "--baseline", base, "--format", "json");
    expect(during.code).toBe(0);
    const after = await check("--at", "2026-12-11T06:00:00Z", "--baseline", base, "--format", "json");
    expect(after.code).toBe(1);
    const report = JSON.parse(after.stdout) as Report;
    expect(report.findings.filter((f) => f.rule === "price/non-positive").map((f) => [f.sku, f.baseline, f.waived])).toStrictEqual([
      ["B", "new", null],
      ["C", "unchanged", null],
    ]);
    // The library's baseline option says the same.
    const base2 = JSON.parse(readFileSync(base, "utf8")) as Report;
    const marked = applyBaseline(
      report.findings.map(({ baseline: _, ...f }) => f as Finding),
      base2.findings,
    );
    expect(marked.findings.filter((f) => f.rule === "price/non-positive").map((f) => f.baseline)).toStrictEqual(["new", "unchanged"]);
  });

  it("refuses a file that is not a pricelint JSON report", async () => {
    const p = project();
    p.prices(["A,web,1.00"]);
    const bogus = join(p.dir, "bogus.json");
    writeFileSync(bogus, '{"results": []}');
    const { code, stderr } = await run(["check", "--config", p.config, "--baseline", bogus]);
    expect(code).toBe(2);
    expect(stderr).toBe(`pricelint: ${bogus}: not a pricelint JSON report; write one with --format json:FILE\n`);
  });
});

describe("--baseline with --workers", () => {
  it("writes the JSON and JSON Lines reports of one thread", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-workers-"));
    const config = "fixtures/demo/pricelint.config.json";
    const base = join(dir, "base.json");
    // A day earlier: some findings differ, so some are new and some absent.
    await run(["check", "--config", config, "--at", "2026-11-10T12:00:00Z", "--format", `json:${base}`, "--no-progress"]);
    const outputs = async (extra: string[], name: string) => {
      const json = join(dir, `${name}.json`);
      const jsonl = join(dir, `${name}.jsonl`);
      const args = ["check", "--config", config, "--at", "2026-11-20T00:30:00+01:00", "--baseline", base, "--no-progress"];
      const { code } = await run([...args, ...extra, "--format", `json:${json}`, "--format", `jsonl:${jsonl}`]);
      return { code, json: readFileSync(json, "utf8"), jsonl: readFileSync(jsonl, "utf8") };
    };
    const one = await outputs([], "one");
    const report = JSON.parse(one.json) as Report;
    expect(report.summary.baseline!.new).toBeGreaterThan(0);
    expect(report.summary.baseline!.unchanged).toBeGreaterThan(0);
    expect(await outputs(["--workers", "2"], "two")).toStrictEqual(one);
  }, 60_000);
});

describe("a baseline read as it streams", () => {
  const finding = (id: string, severity: Finding["severity"], waived: boolean, explained: boolean): Finding => ({
    id,
    rule: "r/x",
    severity,
    sku: `S-${id}`,
    location: null,
    channels: ["web"],
    promotion: null,
    message: `m ${id}`,
    values: {},
    interval: null,
    sources: [{ file: "p.csv", line: 2 }],
    waived: waived ? { reason: "r", ticket: null, until: "2099-01-01" } : null,
    ...(explained ? { explanation: { kind: "fact", fact: "price", value: "1.00" } as unknown as NonNullable<Finding["explanation"]> } : {}),
  });
  const findingArb = fc
    .tuple(fc.constantFrom("a", "b", "c", "d", "e", "f"), fc.constantFrom("error", "warning", "info"), fc.boolean(), fc.boolean())
    .map(([id, severity, waived, explained]) => finding(id, severity as Finding["severity"], waived, explained));

  /**
   * The comparison worked out directly: a finding is new unless the baseline has its id at a
   * standing (waived lowest, then info, warning, error; of an id given twice, the lower) at least
   * its own now; a baseline finding is absent when no finding now has its id.
   */
  const oracle = (now: readonly Finding[], before: readonly Finding[]) => {
    const rank = (f: Finding) => (f.waived !== null ? 0 : { info: 1, warning: 2, error: 3 }[f.severity]);
    const then = new Map<string, number>();
    for (const f of before) then.set(f.id, Math.min(then.get(f.id) ?? Infinity, rank(f)));
    const findings = now.map((f) => ({ ...f, baseline: (then.get(f.id) ?? -1) < rank(f) ? "new" : "unchanged" }) as Finding);
    const absent = before.filter((f) => !now.some((n) => n.id === f.id)).map((f, i) => baselineFinding(f, i, "b.json"));
    const unchanged = findings.filter((f) => f.baseline === "unchanged").length;
    return { findings, absent, counts: { new: findings.length - unchanged, unchanged, absent: absent.length } };
  };

  it("compares as the whole baseline in memory would, ids given twice included, parsing again only the gone findings", () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 8 }), fc.array(findingArb, { maxLength: 8 }), (now, before) => {
        const expected = oracle(now, before);
        // The library takes the baseline's findings as a report holds them: with their waivers.
        const library = applyBaseline(
          now,
          before.map((f, i) => ({ ...baselineFinding(f, i, "b.json"), waived: f.waived })),
        );
        expect(library.findings).toStrictEqual(expected.findings);
        expect(library.counts).toStrictEqual(expected.counts);
        expect(library.absent.map(({ waived: _, ...gone }) => gone)).toStrictEqual(expected.absent);
        const ids = baselineIds(before, "b.json");
        const comparison = compareWithBaseline(now, ids);
        // The baseline read again, as the CLI reads it: only the elements gone are parsed.
        const text = JSON.stringify({ findings: before }, null, 2);
        const absent = [];
        for (const event of readReportEvents([text], "b.json", (key, place) => key === "findings" && comparison.goneAt(place)))
          if (event.kind === "element") absent.push(baselineFinding(event.value, event.index, "b.json"));
        expect(absent).toStrictEqual(expected.absent);
        expect(comparison.counts).toStrictEqual({ new: expected.counts.new, unchanged: expected.counts.unchanged });
        expect([...markedFindings(now, ids)]).toStrictEqual(expected.findings);
        const failing = { error: 0, warning: 0, info: 0 };
        for (const f of expected.findings) if (f.baseline === "new" && !f.waived) failing[f.severity]++;
        expect(comparison.newBySeverity).toStrictEqual(failing);
      }),
      { seed: 20_261_205, numRuns: 500 },
    );
  });

  it("passes over the elements not wanted without parsing them", () => {
    const text = '{"findings": [{"id": "a"}, [1,], {"id": "c"}], "absent": [{"id": "z"}]}';
    const wanted = (key: "findings" | "absent", place: number) => key === "findings" && place !== 1;
    const read = [...readReportEvents([text], "b.json", wanted)].filter((e) => e.kind === "element");
    expect(read.map((e) => e.kind === "element" && [e.index, e.value])).toStrictEqual([
      [0, { id: "a" }],
      [2, { id: "c" }],
    ]);
    expect(() => [...readReportEvents([text], "b.json")]).toThrow("not a JSON report");
  });
});
