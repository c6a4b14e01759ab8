/**
 * Every report writer at sizes that used to crash (table at ~125,000 findings, JUnit at ~45,000),
 * counted by their content; JSON reports read back as they stream; and `pricelint merge` proving
 * its inputs are the distinct shards of one run (docs/bad-input.md, group S).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, openPage, SKIP_BROWSER } from "./browser/chromium.js";
import { reportFileText } from "../src/cli/report-files.js";
import { readBaseline } from "../src/findings/baseline.js";
import { check, loadConfig } from "../src/index.js";
import type { Finding } from "../src/model/finding.js";
import type { ReportToWrite, RuleInfo } from "../src/model/report.js";
import { htmlChunks, HTML_MAX_PER_RULE } from "../src/report/html.js";
import { formatJson, jsonTextChunks } from "../src/report/json.js";
import { jsonlChunks } from "../src/report/jsonl.js";
import { textPieces } from "../src/text/utf8-out.js";
import { junitChunks } from "../src/report/junit.js";
import { markdownChunks } from "../src/report/markdown.js";
import { readReportEvents } from "../src/report/read-report.js";
import { FindingsHasher } from "../src/report/digest.js";
import { findingText } from "../src/report/finding-text.js";
import { sarifChunks } from "../src/report/sarif.js";
import { tableChunks } from "../src/report/table.js";
import { runCli } from "./helpers/run-cli.js";

const RULES = ["r/a", "r/b", "r/c", "r/d"];
const PER_RULE = 50_000;
const N = RULES.length * PER_RULE;

/**
 * N findings in report order: rule r/a…r/d, each with PER_RULE skus S000000…; the findings of
 * r/a are errors (one waived in ten), the others warnings. Built as they are iterated, again each time.
 */
function synthetic(): ReportToWrite {
  const findings: Iterable<Finding> = {
    *[Symbol.iterator]() {
      for (const [r, rule] of RULES.entries()) {
        for (let i = 0; i < PER_RULE; i++) {
          const sku = `S${String(i).padStart(6, "0")}`;
          yield {
            id: `${r}-${i}`,
            rule,
            severity: r === 0 ? "error" : "warning",
            sku,
            location: `L${i % 7}`,
            channels: ["store"],
            promotion: null,
            message: `${rule} fired for ${sku}`,
            values: { price: "1.00" },
            interval: null,
            sources: [{ file: "p.csv", line: i + 2 }],
            waived: r === 0 && i % 10 === 0 ? { reason: "agreed", ticket: null, until: "2026-12-31" } : null,
          };
        }
      }
    },
  };
  const waived = PER_RULE / 10;
  const rules: RuleInfo[] = RULES.map((id, r) => ({
    id,
    severity: r === 0 ? "error" : "warning",
    scope: "offer",
    description: `rule ${id}`,
    help: null,
    origin: "built-in",
  }));
  return {
    tool: { name: "pricelint", version: "0.1.0" },
    at: "2026-11-20T00:00:00.000Z",
    summary: {
      findings: { error: PER_RULE - waived, warning: 3 * PER_RULE, info: 0, waived },
      rows: { read: N, accepted: N, rejected: 0 },
      feeds: [{ file: "p.csv", kind: "prices", read: N, accepted: N, rejected: 0 }],
      rules: RULES.length,
    },
    findings,
    rules,
  };
}

/** How often `needle` occurs in the pieces (a needle never spans two pieces: each is whole lines or elements here). */
function occurrences(chunks: Iterable<string>, needle: string): { count: number; pieces: number; last: string } {
  let count = 0;
  let pieces = 0;
  let last = "";
  for (const chunk of chunks) {
    pieces++;
    for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + needle.length)) count++;
    last = chunk;
  }
  return { count, pieces, last };
}

describe("every writer streams, at sizes that used to crash", () => {
  it(`table: ${N} findings, one line each, in pieces`, () => {
    let lines = 0;
    let pieces = 0;
    let widest = 0;
    for (const chunk of tableChunks(synthetic())) {
      pieces++;
      for (const line of chunk.split("\n").slice(0, -1)) {
        if (line.startsWith("error") || line.startsWith("warning")) lines++;
        widest = Math.max(widest, line.indexOf("r/"));
      }
    }
    expect(lines).toBe(N);
    // "warning (waived)" is no finding's severity here: the widest first column is "error (waived)", 14 characters, then two spaces.
    expect(widest).toBe(16);
    expect(pieces).toBeGreaterThan(N);
  });

  it(`JUnit: ${N} findings, one testcase per rule × sku, counted in the opening tags`, () => {
    const text = [...junitChunks(synthetic())];
    const head = text.slice(0, 2).join("");
    // r/a: 45,000 failing skus and 5,000 skipped (waived); the other rules' 150,000 warnings skipped.
    expect(head).toContain(
      `<testsuites name="pricelint" tests="${N}" failures="${PER_RULE - PER_RULE / 10}" errors="0" skipped="${N - PER_RULE + PER_RULE / 10}">`,
    );
    expect(occurrences(text, "<testcase ").count).toBe(N);
    expect(occurrences(text, "<failure ").count).toBe(PER_RULE - PER_RULE / 10);
    expect(occurrences(text, "<testsuite ").count).toBe(RULES.length);
    expect(text.at(-1)).toBe("</testsuites>\n");
  });

  it(`SARIF: ${N} results written one by one`, () => {
    const { count, pieces, last } = occurrences(sarifChunks(synthetic(), { configFile: "pricelint.config.json" }), '"ruleId": ');
    expect(count).toBe(N);
    expect(pieces).toBeGreaterThan(N);
    expect(last.endsWith("}\n")).toBe(true);
  });

  it(`Markdown: ${N} findings kept as ten a rule`, () => {
    const text = [...markdownChunks(synthetic())].join("");
    expect(text.match(/^\| S\d{6} \|/gm)).toHaveLength(RULES.length * 10);
    expect(text.match(new RegExp(`… and ${PER_RULE - 10} more\\.`, "g"))).toHaveLength(RULES.length);
  });

  it(`HTML: ${N} findings counted, the first ${HTML_MAX_PER_RULE} of each rule in the page`, () => {
    const text = [...htmlChunks(synthetic())].join("");
    expect(text.match(/\{"rule":\d/g)).toHaveLength(RULES.length * HTML_MAX_PER_RULE);
    expect(text).toContain(`<td class="num" data-total="all">${N}</td>`);
    expect(text).toContain(
      `This page holds the first ${HTML_MAX_PER_RULE} findings of each rule, ${RULES.length * HTML_MAX_PER_RULE} of ${N}; the JSON report (<code>--format json</code>) has every one.`,
    );
    expect(text.length).toBeLessThan(10_000_000);
  });

  it(`JSON and JSON Lines: ${N} findings, the digest over them as written`, () => {
    const hash = createHash("sha256");
    let elements = 0;
    for (const event of readReportEvents(jsonTextChunks(synthetic()), "r.json")) {
      if (event.kind === "element") {
        // Worked out apart from the writer: the finding's own JSON, indented where it stands.
        hash.update(`${JSON.stringify(event.value, null, 2).replaceAll("\n", "\n    ")}\n`);
        elements++;
      }
      if (event.kind === "member" && event.key === "digest") expect(event.value).toStrictEqual({ findings: N, sha256: hash.digest("hex") });
    }
    expect(elements).toBe(N);
    expect(occurrences(textPieces(jsonlChunks(synthetic())), "\n").count).toBe(N + 1);
  });
});

describe("JSON reports read back as they stream", () => {
  it("gives the members and each finding, whatever the pieces' sizes", () => {
    const report = { ...synthetic(), findings: [...synthetic().findings].slice(0, 40) };
    const text = formatJson(report);
    const whole = JSON.parse(text) as Record<string, unknown>;
    for (const size of [1, 2, 3, 17, 4096, text.length]) {
      const pieces = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      const members: Record<string, unknown> = {};
      const findings: unknown[] = [];
      for (const event of readReportEvents(pieces, "r.json")) {
        if (event.kind === "member") members[event.key] = event.value;
        if (event.kind === "element") findings.push(event.value);
      }
      expect({ ...members, findings }).toStrictEqual({ ...whole, findings: whole["findings"] });
    }
  });

  it("gives every member, element, element text and line on random documents cut anywhere", () => {
    // Texts with quotes, backslashes, brackets and escapes: where a string or a value ends is what the scan finds.
    const text = fc.string({ maxLength: 6, unit: fc.constantFrom("a", '"', "\\", "{", "}", "[", "]", ",", ":", "\n", "é") });
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.constant(null),
        fc.boolean(),
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(text, tie("v"), { maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 4 }).filter((k) => k !== "findings" && k !== "absent"),
          value,
          { maxKeys: 3 },
        ),
        fc.array(value, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        (members, findings, sizes) => {
          const doc = JSON.stringify({ ...members, findings }, null, 2);
          const pieces: string[] = [];
          for (let i = 0, k = 0; i < doc.length; i += sizes[k++ % sizes.length]!) pieces.push(doc.slice(i, i + sizes[k % sizes.length]!));
          // Each element's text as JSON.stringify writes it where it stands, and the line it starts on, found apart from the reader.
          let at = doc.indexOf('"findings": [');
          const expected = findings.map((f) => {
            const written = JSON.stringify(f, null, 2).replaceAll("\n", "\n    ");
            at = doc.indexOf(written, at);
            const line = doc.slice(0, at).split("\n").length;
            at += written.length;
            return { text: written, value: f, line };
          });
          const read: Record<string, unknown> = {};
          const elements: { text: string; value: unknown; line: number | null }[] = [];
          for (const event of readReportEvents(pieces, "r.json")) {
            if (event.kind === "member") read[event.key] = event.value;
            if (event.kind === "element") elements.push({ text: event.text, value: event.value, line: event.line });
          }
          expect(read).toStrictEqual(JSON.parse(JSON.stringify(members)));
          expect(elements).toStrictEqual(expected.map((e) => ({ ...e, value: JSON.parse(JSON.stringify(e.value)) })));
        },
      ),
      { seed: 20_261_205, numRuns: 400 },
    );
  });

  it("S11 reads a file whose multi-byte character straddles two reads, and refuses bytes that are not UTF-8", () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-read-"));
    const good = join(dir, "good.json");
    // "é" is two bytes; it starts on the last byte of the first megabyte read.
    const padding = " ".repeat((1 << 20) - 1 - '{"a": "'.length);
    writeFileSync(good, `{"a": "${padding}é"}`);
    expect([...readReportEvents(reportFileText(good), good)]).toStrictEqual([{ kind: "member", key: "a", value: `${padding}é` }]);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xff]), Buffer.from('"}')]));
    expect(() => [...reportFileText(bad)]).toThrow(`${bad}: not valid UTF-8 text (in the bytes from 0; reports are read as UTF-8)`);
  });
});

/** The demo's shard reports, checked by the library and written as the CLI writes them. */
async function shards(dir: string, count: number, at = "2026-11-20T00:30:00+01:00"): Promise<string[]> {
  const config = await loadConfig("fixtures/demo/pricelint.config.json");
  const files = [];
  for (let index = 1; index <= count; index++) {
    const file = join(dir, `s${index}-of-${count}${at.slice(0, 10)}.json`);
    writeFileSync(file, formatJson(await check(config, { at: new Date(at), shard: { index, count } })));
    files.push(file);
  }
  return files;
}

describe("pricelint merge proves its inputs", () => {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-prove-"));
  const refused = async (args: string[]) => {
    const { code, stdout, stderr } = await runCli(["merge", ...args]);
    expect([code, stdout]).toStrictEqual([2, ""]);
    return stderr;
  };

  it("merges the distinct shards of one run into the whole run's report, with the shard left out of run", async () => {
    const [s1, s2, s3] = await shards(dir, 3);
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const whole = formatJson(await check(config, { at: new Date("2026-11-20T00:30:00+01:00") }));
    const merged = await runCli(["merge", s3!, s1!, s2!]);
    expect(merged.stdout).toBe(whole);
    expect((JSON.parse(whole) as { run: { shard: unknown } }).run.shard).toBeNull();
  });

  it("S01 refuses a shard given twice", async () => {
    const [s1, s2] = await shards(dir, 3);
    const copy = join(dir, "copy-of-s1.json");
    // The same shard given twice, or a copy of it: the same report.
    expect(await refused([s1!, s2!, s1!])).toBe(`pricelint: ${s1}: the same report as ${s1} (shard 1/3), given twice\n`);
    writeFileSync(copy, readFileSync(s1!, "utf8"));
    expect(await refused([s1!, copy])).toBe(`pricelint: ${copy}: the same report as ${s1} (shard 1/3), given twice\n`);
  });

  it("S02 refuses the same unsharded report twice", async () => {
    const whole = join(dir, "whole.json");
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    writeFileSync(whole, formatJson(await check(config, { at: new Date("2026-11-20T00:30:00+01:00") })));
    expect(await refused([whole, whole])).toBe(`pricelint: ${whole}: the same report as ${whole} (shard 1/1), given twice\n`);
  });

  it("S03 refuses shards of different runs: another instant, another shard count, another config", async () => {
    const [a1] = await shards(dir, 2);
    const [, b2] = await shards(dir, 2, "2026-11-21T00:30:00+01:00");
    expect(await refused([a1!, b2!])).toBe(
      `pricelint: ${b2}: its instant differs from ${a1}'s (2026-11-20T23:30:00.000Z, not 2026-11-19T23:30:00.000Z): not a shard of the same run\n`,
    );
    const [, , c3] = await shards(dir, 3);
    expect(await refused([a1!, c3!])).toBe(
      `pricelint: ${c3}: its shard count differs from ${a1}'s (of 3, not of 2): not a shard of the same run\n`,
    );
    const other = join(dir, "other-config.json");
    const doc = JSON.parse(readFileSync(a1!, "utf8")) as { run: { config: string } };
    const [, d2] = await shards(dir, 2);
    const changed = JSON.parse(readFileSync(d2!, "utf8")) as { run: { config: string } };
    changed.run.config = "0".repeat(64);
    writeFileSync(other, `${JSON.stringify(changed, null, 2)}\n`);
    expect(await refused([a1!, other])).toBe(
      `pricelint: ${other}: its config differs from ${a1}'s (digest 000000000000…, not digest ${doc.run.config.slice(0, 12)}…): not a shard of the same run\n`,
    );
  });

  it("S04 refuses a run with a shard missing, naming it", async () => {
    const [s1, , s3] = await shards(dir, 3);
    expect(await refused([s1!, s3!])).toBe(
      `pricelint: shard 2/3 missing: merge takes every shard of the run (given: ${s1} = 1/3, ${s3} = 3/3)\n`,
    );
  });

  it("S05 refuses a report whose summary counts do not match its findings", async () => {
    const [s1, s2] = await shards(dir, 2);
    const doc = JSON.parse(readFileSync(s1!, "utf8")) as { summary: { findings: { error: number } } };
    const errors = doc.summary.findings.error;
    doc.summary.findings.error = errors + 1;
    const doctored = join(dir, "more-errors.json");
    writeFileSync(doctored, `${JSON.stringify(doc, null, 2)}\n`);
    expect(await refused([doctored, s2!])).toBe(
      `pricelint: ${doctored}: its summary counts ${errors + 1} error but its findings hold ${errors}: the report was changed after pricelint wrote it\n`,
    );
  });

  it("S06 refuses a report whose findings were changed, dropped or added after it was written", async () => {
    const [s1, s2] = await shards(dir, 2);
    const doc = JSON.parse(readFileSync(s1!, "utf8")) as { findings: { message: string; waived: unknown }[] };
    const edited = structuredClone(doc);
    edited.findings[0]!.message = "nothing to see";
    const editedFile = join(dir, "edited.json");
    writeFileSync(editedFile, `${JSON.stringify(edited, null, 2)}\n`);
    expect(await refused([editedFile, s2!])).toBe(
      `pricelint: ${editedFile}: its findings do not match its digest: the report was changed after pricelint wrote it\n`,
    );
    const dropped = structuredClone(doc);
    const gone = dropped.findings.pop()!;
    const droppedFile = join(dir, "dropped.json");
    writeFileSync(droppedFile, `${JSON.stringify(dropped, null, 2)}\n`);
    const n = doc.findings.length;
    expect(gone).toBeDefined();
    expect(await refused([droppedFile, s2!])).toBe(
      `pricelint: ${droppedFile}: its digest counts ${n} findings but it holds ${n - 1}: the report was changed after pricelint wrote it\n`,
    );
  });

  it("S07 refuses a report whose findings are out of report order", async () => {
    const [s1, s2] = await shards(dir, 2);
    const doc = JSON.parse(readFileSync(s1!, "utf8")) as { findings: unknown[] };
    doc.findings.reverse();
    const file = join(dir, "reversed.json");
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    // findings[1] starts on the line after findings[0]'s last: the head, then one finding's lines.
    const text = readFileSync(file, "utf8");
    // Elements of the findings array start a line with exactly four spaces and a brace.
    const line = text.slice(0, text.indexOf("\n    {", text.indexOf("\n    {") + 1) + 1).split("\n").length;
    expect(await refused([file, s2!])).toBe(
      `pricelint: ${file}: findings[1] (line ${line}) is out of report order: the report was changed after pricelint wrote it\n`,
    );
  });

  it("S13 refuses a shard relabelled (an index not K of N, or another shard's findings under its index) and a finding of the wrong types, even with its digest redone", async () => {
    const [s1, s2, s3] = await shards(dir, 3);
    type Doc = { run: { shard: unknown }; findings: Record<string, unknown>[]; digest: { sha256: string } };
    const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Doc;
    const write = (name: string, doc: Doc) => {
      // The digest redone over the findings as the document writes them: only the checks of types and shards are left to refuse it.
      const hasher = new FindingsHasher();
      for (const f of doc.findings) hasher.add(findingText(f as unknown as Finding, "json"));
      doc.digest = hasher.digest();
      const file = join(dir, name);
      writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
      return file;
    };
    for (const shard of [
      { index: 5, count: 3 },
      { index: "1", count: 3 },
      { index: -1, count: 3 },
      { index: 1.5, count: 3 },
    ]) {
      const doc = read(s1!);
      doc.run.shard = shard;
      const file = write("relabelled.json", doc);
      expect(await refused([file, s2!, s3!])).toBe(
        `pricelint: ${file}: its run is of shard ${JSON.stringify(shard)}, not K/N with 1 ≤ K ≤ N: the report was changed after pricelint wrote it\n`,
      );
    }
    // Shard 1's report labelled shard 2, in place of the real shard 2.
    const doc = read(s1!);
    doc.run.shard = { index: 2, count: 3 };
    const twin = write("twin.json", doc);
    expect(await refused([s1!, twin, s3!])).toBe(
      `pricelint: ${twin}: it holds the same findings as ${s1} (shard 1/3), yet says it is shard 2/3: each sku's findings come from one shard, so one of them was relabelled\n`,
    );
    for (const [member, value] of [
      ["sku", 5],
      ["message", null],
      ["channels", "web"],
      ["location", ["MI01"]],
    ] as const) {
      const typed = read(s1!);
      typed.findings[0]![member] = value;
      const file = write("typed.json", typed);
      expect(await refused([file, s2!, s3!])).toMatch(/findings\[0\] \(line \d+\) is not a finding: /);
    }
  });

  it("S45 refuses a shard whose summary or tool is not as pricelint writes it, naming the member, where it crashed", async () => {
    const [s1, s2] = await shards(dir, 2);
    type Doc = { tool: Record<string, unknown>; summary: Record<string, unknown> & { feeds: unknown[] } };
    const edited = (name: string, edit: (doc: Doc) => void) => {
      // Outside the findings: their digest still matches.
      const doc = JSON.parse(readFileSync(s1!, "utf8")) as Doc;
      edit(doc);
      const file = join(dir, name);
      writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
      return file;
    };
    const feedNull = edited("feed-null.json", (doc) => (doc.summary.feeds[0] = null));
    expect(await refused([feedNull, s2!])).toBe(
      `pricelint: ${feedNull}: summary.feeds[0]: null, where pricelint writes a feed's file, kind and rows read, accepted and rejected\n`,
    );
    const noRules = edited("no-rules.json", (doc) => delete doc.summary["rules"]);
    expect(await refused([noRules, s2!])).toBe(
      `pricelint: ${noRules}: summary.rules: missing, where pricelint writes the number of rules that ran\n`,
    );
    const noVersion = edited("no-version.json", (doc) => delete doc.tool["version"]);
    expect(await refused([noVersion, s2!])).toBe(
      `pricelint: ${noVersion}: tool: {"name":"pricelint"}, where pricelint writes { "name": "pricelint", "version": … }\n`,
    );
  });

  it("S47 refuses shards whose instant is not written as a report writes it, where they were merged with it as given", async () => {
    const [s1, s2] = await shards(dir, 2);
    // Both shards edited alike (their digests cover the findings only): the second-less form of their instant.
    const edited = [s1!, s2!].map((file, i) => {
      const doc = JSON.parse(readFileSync(file, "utf8")) as { at: string };
      doc.at = "2026-11-19T23:30Z";
      const out = join(dir, `at-${i + 1}.json`);
      writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
      return out;
    });
    expect(await refused(edited)).toBe(
      `pricelint: ${edited[0]}: at: "2026-11-19T23:30Z", where pricelint writes an instant in UTC to the millisecond, such as 2026-11-19T23:30:00.000Z\n`,
    );
  });

  it("S16 refuses shards checked with a rule file edited between them: the run's digest covers its rule files' texts", async () => {
    const project = mkdtempSync(join(tmpdir(), "pricelint-rulefile-"));
    writeFileSync(join(project, "p.csv"), "sku,channel,price\nA,web,1.00\nB,web,2.00\nC,web,3.00\nD,web,4.00\n");
    const rule = (limit: string) =>
      JSON.stringify({
        id: "house/cheap",
        description: "d",
        severity: "error",
        scope: "offer",
        conditions: { all: [{ fact: "effectivePrice", operator: "lessThan", value: limit }] },
      });
    const config = join(project, "c.json");
    writeFileSync(config, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["house.json"] }));
    const shard = async (index: number, limit: string) => {
      writeFileSync(join(project, "house.json"), rule(limit));
      const file = join(project, `s${index}-${limit}.json`);
      const r = await runCli([
        "check",
        "--config",
        config,
        "--at",
        "2026-11-20T00:00:00Z",
        "--shard",
        `${index}/2`,
        "--no-progress",
        "--format",
        `json:${file}`,
      ]);
      expect(r.stderr).toBe("");
      return file;
    };
    const [a1, a2, b2] = [await shard(1, "2.50"), await shard(2, "2.50"), await shard(2, "3.50")];
    expect((await runCli(["merge", a1, a2])).code).toBe(1);
    const digestOf = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { run: { config: string } }).run.config;
    expect(await refused([a1, b2])).toBe(
      `pricelint: ${b2}: its config differs from ${a1}'s (digest ${digestOf(b2).slice(0, 12)}…, not digest ${digestOf(a1).slice(0, 12)}…): not a shard of the same run\n`,
    );
  });

  it("S08 refuses a report that does not say which run it is of", async () => {
    const [s1, s2] = await shards(dir, 2);
    const doc = JSON.parse(readFileSync(s1!, "utf8")) as { run?: unknown };
    delete doc.run;
    const file = join(dir, "no-run.json");
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    expect(await refused([file, s2!])).toBe(
      `pricelint: ${file}: the report does not say which run it is of (no "run" or no "digest": written by an older pricelint, or not by pricelint); check the shard again to merge it\n`,
    );
  });

  it("S09 refuses a report cut short, saying where", async () => {
    const [s1] = await shards(dir, 1);
    const text = readFileSync(s1!, "utf8");
    const file = join(dir, "cut.json");
    writeFileSync(file, text.slice(0, text.length >> 1));
    const lines = text.slice(0, text.length >> 1).split("\n").length;
    expect(await refused([file])).toBe(`pricelint: ${file}: line ${lines}: not a JSON report: it ends before the document does\n`);
  });

  it("S10 refuses a report that gives a member twice", async () => {
    const file = join(dir, "twice.json");
    writeFileSync(file, '{\n  "findings": [],\n  "findings": []\n}\n');
    expect(await refused([file])).toBe(`pricelint: ${file}: line 3: not a JSON report: "findings" is given twice\n`);
    const { code, stderr } = await runCli([
      "check",
      "--config",
      "fixtures/demo/pricelint.config.json",
      "--baseline",
      file,
      "--no-progress",
    ]);
    expect([code, stderr]).toStrictEqual([2, `pricelint: ${file}: line 3: not a JSON report: "findings" is given twice\n`]);
  });

  it("S12 refuses a finding only JSON.parse finds broken, though later reads pass over findings unparsed", async () => {
    // The scan that finds where each finding ends does not judge it; the first read parses every one.
    const file = join(dir, "trailing-comma.json");
    writeFileSync(file, '{"findings": [\n  {"id": "a", "severity": "error"},\n  {"id": "b",}\n]}\n');
    const said = `pricelint: ${file}: line 3: not a JSON report: Expected double-quoted property name in JSON at position 11 (in the value that starts on line 3)\n`;
    const args = ["check", "--config", "fixtures/demo/pricelint.config.json", "--baseline", file, "--no-progress"];
    const { code, stdout, stderr } = await runCli(args);
    expect([code, stdout, stderr]).toStrictEqual([2, "", said]);
  });
});

describe("--baseline read as it streams", () => {
  it("marks findings and lists the absent ones as the in-memory comparison does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-"));
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const at = new Date("2026-11-20T00:30:00+01:00");
    const whole = await check(config, { at });
    // The baseline: the run without its first two findings, and with one finding the run does not have.
    const stranger = { ...whole.findings[0]!, id: "0000000000000000", message: "gone since" };
    const findings = [stranger, ...whole.findings.slice(2)];
    // Its summary counts its findings, as a report pricelint wrote does (a baseline that does not is refused, S33).
    const counts = { error: 0, warning: 0, info: 0, waived: 0 };
    for (const f of findings) counts[f.waived ? "waived" : f.severity]++;
    const baseline = { ...whole, summary: { ...whole.summary, findings: counts }, findings };
    const file = join(dir, "baseline.json");
    writeFileSync(file, formatJson(baseline));
    const expected = await check(config, { at, baseline: readBaseline(JSON.parse(readFileSync(file, "utf8")), file) });
    const out = join(dir, "out.json");
    const { code } = await runCli([
      "check",
      "--config",
      "fixtures/demo/pricelint.config.json",
      "--at",
      "2026-11-20T00:30:00+01:00",
      "--baseline",
      file,
      "--format",
      `json:${out}`,
      "--no-progress",
    ]);
    const written = JSON.parse(readFileSync(out, "utf8")) as { summary: { baseline: unknown }; absent: { id: string }[] };
    expect(written.summary.baseline).toStrictEqual({ new: 2, unchanged: whole.findings.length - 2, absent: 1 });
    expect(written.absent.map((f) => f.id)).toStrictEqual(["0000000000000000"]);
    expect(readFileSync(out, "utf8")).toBe(formatJson(expected));
    // Both new findings are errors of the demo, so --fail-on error fails.
    expect(code).toBe(whole.findings.slice(0, 2).some((f) => f.severity === "error" && !f.waived) ? 1 : 0);
  });
});

describe.skipIf(SKIP_BROWSER)("a large HTML page in Chromium", () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`renders a report of ${N} findings: every count, the first ${HTML_MAX_PER_RULE} of each rule as rows, and says the rest are in the JSON report`, async () => {
    const { page, log } = await openPage(browser!, [...htmlChunks(synthetic())].join(""));
    await page.waitForSelector("html[data-ready=true]", { timeout: 120_000 });
    expect(await page.locator("#findings tbody tr").count()).toBe(RULES.length * HTML_MAX_PER_RULE);
    expect((await page.locator('[data-total="all"]').textContent())?.trim()).toBe(String(N));
    expect((await page.locator("#status").textContent())?.trim()).toBe(
      `Showing all ${RULES.length * HTML_MAX_PER_RULE} findings held in this page, of ${N} in the report`,
    );
    expect((await page.locator("#rule-0 .rule-shown").textContent())?.trim()).toBe(
      `${HTML_MAX_PER_RULE} of ${HTML_MAX_PER_RULE} findings shown; the page holds the first ${HTML_MAX_PER_RULE} of ${PER_RULE}, the JSON report every one`,
    );
    expect(log.errors).toStrictEqual([]);
    expect(await log.violations()).toStrictEqual([]);
    await page.close();
  });
});

describe("S33 a baseline edited after pricelint wrote it", () => {
  /** Yesterday's report (no finding) with today's error pasted into it (`pasted`, the error's text `added`); `checkTo` checks today's feed against a baseline. */
  async function yesterdayAndToday() {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-"));
    const config = join(dir, "c.json");
    writeFileSync(config, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["recommended"] }));
    const checkTo = (out: string, baseline?: string) =>
      runCli([
        "check",
        "--config",
        config,
        "--at",
        "2026-11-20T10:00:00Z",
        "--format",
        `json:${out}`,
        "--no-progress",
        ...(baseline ? ["--baseline", baseline] : []),
      ]);
    // Yesterday: no finding. Today: B1's sale price is above its price, an error.
    writeFileSync(join(dir, "p.csv"), "sku,channel,price,sale_price\nA1,web,5.00,\n");
    await checkTo(join(dir, "base.json"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price,sale_price\nA1,web,5.00,\nB1,web,5.00,7.00\n");
    expect((await checkTo(join(dir, "today.json"))).code).toBe(1);
    const base = readFileSync(join(dir, "base.json"), "utf8");
    const today = JSON.parse(readFileSync(join(dir, "today.json"), "utf8")) as { findings: { rule: string }[] };
    expect(today.findings.map((f) => f.rule)).toStrictEqual(["price/sale-not-below-regular"]);
    const added = `    ${JSON.stringify(today.findings[0], null, 2).replaceAll("\n", "\n    ")}`;
    const pasted = base.replace('"findings": []', `"findings": [\n${added}\n  ]`);
    return { dir, checkTo, added, pasted };
  }

  it("S33 is refused as merge refuses it, where an error added to it was marked unchanged and the run passed", async () => {
    const { dir, checkTo, added, pasted } = await yesterdayAndToday();
    // The digest as pricelint would write it for the pasted finding: SHA-256 of its text from "{", and a line feed.
    const sha256 = createHash("sha256").update(`${added.trimStart()}\n`).digest("hex");
    const edits: Record<string, readonly [string, string]> = {
      // The finding pasted in, the rest as written: the digest and the summary still count none.
      "added.json": [pasted, "its digest counts 0 findings but it holds 1"],
      // The digest's count edited too: its SHA-256 still hashes none.
      "recounted.json": [pasted.replace(/"findings": 0,/, '"findings": 1,'), "its findings do not match its digest"],
      // The whole digest written again: the summary still counts no error.
      "rehashed.json": [
        pasted.replace(/"findings": 0,\s*"sha256": "[0-9a-f]+"/, `"findings": 1,\n    "sha256": "${sha256}"`),
        "its summary counts 0 error but its findings hold 1",
      ],
    };
    for (const [name, [text, reason]] of Object.entries(edits)) {
      writeFileSync(join(dir, name), text);
      const outcome = await checkTo(join(dir, `out-${name}`), join(dir, name));
      expect(outcome.stderr).toBe(`pricelint: ${join(dir, name)}: ${reason}: the report was changed after pricelint wrote it\n`);
      expect(outcome.code).toBe(2);
    }
    // The baseline as written: the error is new, and fails the run.
    const outcome = await checkTo(join(dir, "out.json"), join(dir, "base.json"));
    expect(outcome.code).toBe(1);
    expect((JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as { summary: { baseline: unknown } }).summary.baseline).toStrictEqual({
      new: 1,
      unchanged: 0,
      absent: 0,
    });
  });

  it("S39 a baseline that says which run it is of but whose digest was taken away is refused, where its pasted error passed as unchanged", async () => {
    const { dir, checkTo, pasted } = await yesterdayAndToday();
    // The summary counting the pasted error, and the digest, which would not match, taken away.
    const undigested = pasted.replace(/"error": 0/, '"error": 1').replace(/,\n  "digest": \{[^}]*\}/, "");
    expect(undigested).not.toContain('"digest"');
    expect(undigested).toContain('"run"');
    writeFileSync(join(dir, "undigested.json"), undigested);
    const outcome = await checkTo(join(dir, "out-undigested.json"), join(dir, "undigested.json"));
    expect(outcome.stderr).toBe(
      `pricelint: ${join(dir, "undigested.json")}: it says which run it is of ("run") but has no digest, which such a report ends with: the report was changed after pricelint wrote it\n`,
    );
    expect(outcome.code).toBe(2);
  });
});
