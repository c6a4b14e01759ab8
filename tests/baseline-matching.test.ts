import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { baselineIds, compareWithBaseline, markedFindings } from "../src/findings/baseline.js";
import { check, loadConfig, readBaseline } from "../src/index.js";
import type { Finding } from "../src/model/finding.js";
import type { Report } from "../src/model/report.js";
import { FindingsHasher } from "../src/report/digest.js";
import { findingText } from "../src/report/finding-text.js";
import { runCli } from "./helpers/run-cli.js";

/** A folder with a config `c.json` of `rules` (and `ruleSettings`) over `p.csv`, and a check run there. */
function project(config: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-match-"));
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const configFile = (name: string, extra: Record<string, unknown> = {}) => {
    write(
      name,
      JSON.stringify({ timezone: "Europe/Rome", currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], ...config, ...extra }),
    );
    return join(dir, name);
  };
  const check = (config: string, ...args: string[]) => runCli(["check", "--config", config, "--no-progress", ...args]);
  const report = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as Report;
  return { dir, write, configFile, check, report, path: (name: string) => join(dir, name) };
}

describe("a finding whose severity rose past --fail-on", () => {
  it("S24 is new against a baseline where it stood lower, so the run fails as one without a baseline does", async () => {
    const p = project({ rules: ["channel/online-differs-from-store"] });
    // A's web price differs from its store price: a warning by default, an error under err.json.
    p.write("p.csv", "sku,channel,price\nA,web,1.00\nA,store,1.10\n");
    const warn = p.configFile("warn.json");
    const err = p.configFile("err.json", { ruleSettings: { "channel/online-differs-from-store": "error" } });
    expect((await p.check(warn, "--at", "2026-11-20", "--format", `json:${p.path("warn-base.json")}`)).code).toBe(0);
    expect((await p.check(err, "--at", "2026-11-20", "--format", `json:${p.path("err-base.json")}`)).code).toBe(1);

    // Raised to error: new against the warning, so --fail-on error fails the night it was raised.
    const raised = await p.check(err, "--at", "2026-11-20", "--baseline", p.path("warn-base.json"), "--format", `json:${p.path("r.json")}`);
    expect(raised.code).toBe(1);
    const report = p.report("r.json");
    expect(report.findings.map((f) => [f.sku, f.severity, f.baseline])).toStrictEqual([["A", "error", "new"]]);
    expect(report.summary.baseline).toStrictEqual({ new: 1, unchanged: 0, absent: 0 });
    // The next night, against the error's own report, it is unchanged.
    expect((await p.check(err, "--at", "2026-11-20", "--baseline", p.path("err-base.json"))).code).toBe(0);
    // Lowered back to a warning: it counts for less than it did, so it is unchanged, even with --fail-on warning.
    const lowered = await p.check(
      warn,
      "--at",
      "2026-11-20",
      "--baseline",
      p.path("err-base.json"),
      "--fail-on",
      "warning",
      "--format",
      "json",
    );
    expect(lowered.code).toBe(0);
    expect((JSON.parse(lowered.stdout) as Report).summary.baseline).toStrictEqual({ new: 0, unchanged: 1, absent: 0 });

    // The library compares so too.
    const baseline = readBaseline(p.report("warn-base.json"), p.path("warn-base.json"));
    const library = await check(await loadConfig(err), { at: new Date("2026-11-20T12:00:00Z"), baseline });
    expect(library.findings.map((f) => f.baseline)).toStrictEqual(["new"]);
  });
});

describe("a window baseline of another window", () => {
  it("S25 matches a violation still running by its rule, sku, location, channels and promotion, not by an id that has the window's start", async () => {
    const p = project({ rules: ["price/non-positive"] });
    // A's web price is 0 throughout: one violation, its interval each window whole.
    p.write("p.csv", "sku,channel,price\nA,web,0\nB,web,1.00\n");
    const config = p.configFile("c.json");
    const base = p.path("base.json");
    expect((await p.check(config, "--from", "2026-11-01", "--to", "2026-11-20", "--format", `json:${base}`)).code).toBe(1);
    const [then] = p.report("base.json").findings;

    // The next night's rolling window: the same violation, clipped to another start, so another id.
    const rolled = await p.check(config, "--from", "2026-11-02", "--to", "2026-11-21", "--baseline", base, "--format", "json");
    const [now] = (JSON.parse(rolled.stdout) as Report).findings;
    expect(now!.id).not.toBe(then!.id);
    expect([rolled.code, now!.baseline, (JSON.parse(rolled.stdout) as Report).summary.baseline]).toStrictEqual([
      0,
      "unchanged",
      { new: 0, unchanged: 1, absent: 0 },
    ]);

    // A week after the baseline's: the intervals meet at its end, and it is still the violation the baseline had.
    const weekly = await p.check(config, "--from", "2026-11-20", "--to", "2026-11-27", "--baseline", base, "--format", "json");
    expect([weekly.code, (JSON.parse(weekly.stdout) as Report).summary.baseline]).toStrictEqual([0, { new: 0, unchanged: 1, absent: 0 }]);

    // B's price becomes 0 too: a violation the baseline did not have is new, and fails the run.
    p.write("p.csv", "sku,channel,price\nA,web,0\nB,web,0\n");
    const added = await p.check(config, "--from", "2026-11-02", "--to", "2026-11-21", "--baseline", base, "--format", "json");
    expect(added.code).toBe(1);
    expect((JSON.parse(added.stdout) as Report).findings.map((f) => [f.sku, f.baseline])).toStrictEqual([
      ["A", "unchanged"],
      ["B", "new"],
    ]);
  });

  it("matches only intervals that overlap or meet, and counts one waived then and not now as new", () => {
    const finding = (from: string, to: string, waived = false): Finding => ({
      id: `id-${from}`,
      rule: "r/x",
      severity: "error",
      sku: "A",
      location: "S1",
      channels: ["web"],
      promotion: null,
      message: "m",
      values: {},
      interval: { from, to },
      sources: [],
      waived: waived ? { reason: "r", ticket: null, until: "2026-11-05" } : null,
    });
    // The baseline: waived until the 5th, then not, until the 10th.
    const ids = baselineIds(
      [
        finding("2026-11-01T00:00:00.000Z", "2026-11-05T00:00:00.000Z", true),
        finding("2026-11-05T00:00:00.000Z", "2026-11-10T00:00:00.000Z"),
      ],
      "b.json",
    );
    const marks = (...now: Finding[]) => [...markedFindings(now, ids)].map((f) => f.baseline);
    // Meets the end of the unwaived interval; overlaps only the waived one, unwaived now; after both; of another location.
    expect(marks(finding("2026-11-10T00:00:00.000Z", "2026-11-12T00:00:00.000Z"))).toStrictEqual(["unchanged"]);
    expect(marks(finding("2026-11-02T00:00:00.000Z", "2026-11-04T00:00:00.000Z"))).toStrictEqual(["new"]);
    expect(marks(finding("2026-11-02T00:00:00.000Z", "2026-11-04T00:00:00.000Z", true))).toStrictEqual(["unchanged"]);
    expect(marks(finding("2026-11-11T00:00:00.000Z", "2026-11-12T00:00:00.000Z"))).toStrictEqual(["new"]);
    expect(marks({ ...finding("2026-11-06T00:00:00.000Z", "2026-11-07T00:00:00.000Z"), location: "S2" })).toStrictEqual(["new"]);
    // Both baseline findings are matched by one that spans them, so neither is gone.
    const comparison = compareWithBaseline([finding("2026-11-03T00:00:00.000Z", "2026-11-08T00:00:00.000Z")], ids);
    expect([comparison.counts, comparison.goneAt(0), comparison.goneAt(1)]).toStrictEqual([{ new: 0, unchanged: 1 }, false, false]);
  });
});

describe("a snapshot given where a report goes", () => {
  it("S26 is named as the snapshot --previous takes", async () => {
    const p = project({ rules: ["price/non-positive"] });
    p.write("p.csv", "sku,channel,price\nA,web,1.00\n");
    const config = p.configFile("c.json");
    expect(
      (await p.check(config, "--at", "2026-11-20", "--snapshot", p.path("snap.gz"), "--format", `json:${p.path("r.json")}`)).code,
    ).toBe(0);
    const message = (file: string) =>
      `${file}: not a JSON report: this is a pricelint snapshot (check --snapshot), which --previous takes; write a report with --format json:FILE`;
    // As written (gzip), and decompressed.
    writeFileSync(p.path("snap.txt"), gunzipSync(readFileSync(p.path("snap.gz"))));
    for (const file of [p.path("snap.gz"), p.path("snap.txt")]) {
      expect(await p.check(config, "--at", "2026-11-21", "--baseline", file)).toStrictEqual({
        code: 2,
        stdout: "",
        stderr: `pricelint: ${message(file)}\n`,
      });
      expect((await runCli(["merge", file])).stderr).toBe(`pricelint: ${message(file)}\n`);
    }
    // A report compressed is still told to decompress it first.
    writeFileSync(p.path("r.json.gz"), gzipSync(readFileSync(p.path("r.json"))));
    expect((await runCli(["merge", p.path("r.json.gz")])).stderr).toContain("decompress it first (gunzip)");
  });
});

describe("a rejected row against a baseline", () => {
  it("S27 is the same row when rows are added above it, and a second row of the same content is new", async () => {
    const p = project({ feeds: [{ kind: "prices", path: "web.csv", constants: { channel: "web" } }], rules: ["price/non-positive"] });
    const config = p.configFile("c.json");
    p.write("web.csv", "sku,price\nA,1.00\nB,abc\n");
    const base = p.path("base.json");
    expect((await p.check(config, "--at", "2026-11-20", "--format", `json:${base}`)).code).toBe(1);
    const run = async () => {
      const r = await p.check(config, "--at", "2026-11-20", "--baseline", base, "--format", "json");
      const report = JSON.parse(r.stdout) as Report;
      return { code: r.code, marks: report.findings.map((f) => [f.values["line"], f.baseline]), counts: report.summary.baseline };
    };
    // A row added above: B's bad row is now on line 4, and is the row the baseline had.
    p.write("web.csv", "sku,price\nA0,0.90\nA,1.00\nB,abc\n");
    expect(await run()).toStrictEqual({ code: 0, marks: [[4, "unchanged"]], counts: { new: 0, unchanged: 1, absent: 0 } });
    // The same bad row twice: one is the baseline's, the other is new.
    p.write("web.csv", "sku,price\nB,abc\nA,1.00\nB,abc\n");
    expect(await run()).toStrictEqual({
      code: 1,
      marks: [
        [2, "unchanged"],
        [4, "new"],
      ],
      counts: { new: 1, unchanged: 1, absent: 0 },
    });
    // Another bad value on the baseline's line 3: another row, though its line (and so its id) is the same.
    p.write("web.csv", "sku,price\nA,1.00\nB,xyz\n");
    expect(await run()).toStrictEqual({ code: 1, marks: [[3, "new"]], counts: { new: 1, unchanged: 0, absent: 1 } });
  });
});

describe("S42 a window baseline's rejected rows, unmapped columns and expired waivers", () => {
  const window = ["--from", "2026-11-19", "--to", "2026-11-25"];
  const marks = (stdout: string) => (JSON.parse(stdout) as Report).findings.map((f) => [f.rule, f.baseline]);

  it("S42 a rejected row with content the baseline has not is new, though the baseline rejects another row of its sku", async () => {
    const p = project({ rules: ["price/non-positive"] });
    p.write("p.csv", "sku,channel,price\nD,web,abc\n");
    const config = p.configFile("c.json");
    const base = p.path("base.json");
    expect((await p.check(config, ...window, "--format", `json:${base}`)).code).toBe(1);
    // A second bad row of D: new. The same line with another bad value: new, the baseline's absent.
    p.write("p.csv", "sku,channel,price\nD,web,abc\nD,web,xyz\n");
    const added = await p.check(config, ...window, "--baseline", base, "--format", "json");
    expect([added.code, marks(added.stdout)]).toStrictEqual([
      1,
      [
        ["feed/invalid-row", "unchanged"],
        ["feed/invalid-row", "new"],
      ],
    ]);
    p.write("p.csv", "sku,channel,price\nD,web,xyz\n");
    const edited = await p.check(config, ...window, "--baseline", base, "--format", "json");
    expect([edited.code, (JSON.parse(edited.stdout) as Report).summary.baseline]).toStrictEqual([1, { new: 1, unchanged: 0, absent: 1 }]);
  });

  it("S42 an unmapped column of another name, and a waiver that expired besides the baseline's, are new", async () => {
    const waiver = (rule: string, until: string, reason: string) => ({ rule, sku: "A", until, reason });
    const p = project({
      rules: ["price/non-positive", "price/excessive-discount"],
      waivers: [waiver("price/non-positive", "2026-11-20", "old")],
    });
    p.write("p.csv", "sku,channel,price,was_price\nA,web,0,1.00\n");
    const config = p.configFile("c.json");
    const base = p.path("base.json");
    await p.check(config, ...window, "--format", `json:${base}`);
    // A's 0 is waived until the end of 20 November, then reported: two intervals.
    const rules = p.report("base.json").findings.map((f) => f.rule);
    expect(rules.sort()).toStrictEqual(["config/expired-waiver", "feed/unmapped-column", "price/non-positive", "price/non-positive"]);
    // A second unmapped column (list_price), and a second waiver that has expired by the window's end.
    p.write("p.csv", "sku,channel,price,was_price,list_price\nA,web,0,1.00,1.10\n");
    const more = p.configFile("more.json", {
      waivers: [waiver("price/non-positive", "2026-11-20", "old"), waiver("price/excessive-discount", "2026-11-21", "new one")],
    });
    const run = await p.check(more, ...window, "--baseline", base, "--fail-on", "warning", "--format", "json");
    const findings = (JSON.parse(run.stdout) as Report).findings;
    const mark = (rule: string, name: string) => findings.find((f) => f.rule === rule && Object.values(f.values).includes(name))!.baseline;
    expect([
      run.code,
      mark("feed/unmapped-column", "was_price"),
      mark("feed/unmapped-column", "list_price"),
      mark("config/expired-waiver", "old"),
      mark("config/expired-waiver", "new one"),
    ]).toStrictEqual([1, "unchanged", "new", "unchanged", "new"]);
  });
});

describe("S49 a report's finding with a severity pricelint does not write", () => {
  it("S49–S50 is refused alike by --baseline, merge and trend, waived or not, naming its line, where --baseline read it and merge took it waived", async () => {
    const p = project({
      rules: ["channel/online-differs-from-store"],
      waivers: [{ rule: "channel/online-differs-from-store", sku: "B", until: "2026-12-31", reason: "known" }],
    });
    const config = p.configFile("c.json");
    // A's and B's web prices differ from their store prices: two warnings, B's waived.
    p.write("p.csv", "sku,channel,price\nA,web,1.00\nA,store,1.10\nB,web,2.00\nB,store,2.10\n");
    expect((await p.check(config, "--at", "2026-11-20", "--format", `json:${p.path("base.json")}`)).code).toBe(0);
    type Doc = { findings: Record<string, unknown>[]; summary: { findings: Record<string, number> }; digest: unknown };
    /** base.json with findings[i]'s severity "fatal", its digest redone: only the check of severities is left to refuse it. */
    const fatal = (i: number, name: string) => {
      const doc = p.report("base.json") as unknown as Doc;
      expect(doc.findings.map((f) => [f["sku"], f["severity"], f["waived"] !== null])).toStrictEqual([
        ["A", "warning", false],
        ["B", "warning", true],
      ]);
      doc.findings[i]!["severity"] = "fatal";
      // A not waived is counted by its severity, which is none now.
      if (i === 0) doc.summary.findings["warning"]!--;
      const hasher = new FindingsHasher();
      for (const f of doc.findings) hasher.add(findingText(f as unknown as Finding, "json"));
      doc.digest = hasher.digest();
      p.write(name, `${JSON.stringify(doc, null, 2)}\n`);
      const text = readFileSync(p.path(name), "utf8");
      // Each finding starts a line with four spaces and a brace.
      let at = -1;
      for (let n = 0; n <= i; n++) at = text.indexOf("\n    {", at + 1);
      return { file: p.path(name), line: text.slice(0, at + 1).split("\n").length };
    };
    const message = '"severity" is "fatal", not error, warning or info';
    for (const [i, name] of [
      [0, "fatal.json"],
      [1, "waived-fatal.json"],
    ] as const) {
      const { file, line } = fatal(i, name);
      const baseline = await p.check(config, "--at", "2026-11-20", "--baseline", file, "--format", "json");
      expect([baseline.code, baseline.stderr]).toStrictEqual([2, `pricelint: ${file}: findings[${i}] (line ${line}): ${message}\n`]);
      expect(await runCli(["merge", file])).toStrictEqual({
        code: 2,
        stdout: "",
        stderr: `pricelint: ${file}: findings[${i}] (line ${line}): ${message}\n`,
      });
      expect(await runCli(["trend", file])).toStrictEqual({
        code: 2,
        stdout: "",
        stderr: `pricelint: ${file}: findings[${i}] (line ${line}): ${message}\n`,
      });
    }
    // From code, readBaseline refuses it too.
    expect(() => readBaseline(p.report("waived-fatal.json"), "w.json")).toThrow(`w.json: findings[1]: ${message}`);
  });
});
