/**
 * The hot paths made faster keep their results: finding ids are SHA-256 as before (a digest
 * worked out by sha256sum, not by the code under test), written out as JSON.stringify writes them, a compact list sorts one sku's
 * entries stably, in the order Array.prototype.sort gives, on both sides of its insertion-sort size,
 * and the JSON report, written and hashed a chunk of findings at a time, is JSON.stringify's
 * document with the digest of its findings one by one.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findingId, ruleFindingId } from "../src/findings/finding-id.js";
import { CompactFindings } from "../src/findings/finding-set.js";
import { withMember, type Finding } from "../src/model/finding.js";
import { FindingsHasher } from "../src/report/digest.js";
import { jsonLine } from "../src/report/finding-text.js";
import { jsonTextChunks, type JsonReport } from "../src/report/json.js";
import { jsonlChunks } from "../src/report/jsonl.js";
import type { CompiledRule } from "../src/rules/rule.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_205);

describe("findingId", () => {
  it("is the first 16 hex digits of the SHA-256 of the parts' JSON", () => {
    // `printf '[]' | sha256sum` → 4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945
    expect(findingId([])).toBe("4f53cda18c2baa0c");
    // `printf '["r","S",null,["app","web"],null]' | sha256sum`
    expect(findingId(["r", "S", null, ["app", "web"], null])).toBe("aa35d16e08700ad4");
    expect(ruleFindingId("r", "S", null, ["app", "web"], null)).toBe("aa35d16e08700ad4");
  });

  it("ruleFindingId is findingId of [rule, sku, location, channels, promotion], whatever the texts", () => {
    // Texts with what JSON escapes (quotes, backslashes, control characters, lone surrogates), drawn
    // from a few so that kept texts are met again, and enough of them to empty the kept ones.
    const text = fc.oneof(fc.string({ maxLength: 8, unit: "binary" }), fc.constantFrom("S1", 'a"b', "\\", "\ud800", "é"));
    const orNull = fc.option(text, { nil: null });
    fc.assert(
      fc.property(text, orNull, orNull, fc.array(text, { maxLength: 3 }), orNull, (rule, sku, location, channels, promotion) => {
        expect(ruleFindingId(rule, sku, location, channels, promotion)).toBe(findingId([rule, sku, location, channels, promotion]));
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });
});

describe("CompactFindings.sortFrom", () => {
  const rule = { id: "test/rule" } as unknown as CompiledRule;

  it("sorts the entries after `from` stably, as Array.prototype.sort does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 })), { maxLength: 150 }),
        fc.integer({ min: 0, max: 3 }),
        (entries, from) => {
          const list = new CompactFindings(rule);
          // rowA is the entry's place (unique), rowB its key, location a second key.
          entries.forEach(([key, location], i) => list.push(i, key, location));
          const keyOf = (row: number) => entries[row]![0];
          const compare = (rowA: number, location: number, rowA2: number, location2: number) =>
            location - location2 || keyOf(rowA) - keyOf(rowA2);
          const start = Math.min(from, entries.length);
          list.sortFrom(start, compare);
          const expected = entries.map(([key, location], i) => ({ row: i, key, location }));
          const tail = expected.slice(start).sort((x, y) => x.location - y.location || x.key - y.key);
          const got = Array.from({ length: list.length }, (_, i) => ({ row: list.rowA(i), key: list.rowB(i), location: list.location(i) }));
          expect(got).toStrictEqual([...expected.slice(0, start), ...tail]);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

function finding(i: number): Finding {
  return {
    id: i.toString(16).padStart(16, "0"),
    rule: "channel/app-differs-from-web",
    severity: "warning",
    sku: `SKU${i}`,
    location: i % 3 === 0 ? null : `S${i % 7}`,
    channels: ["app", "web"],
    promotion: null,
    // Characters JSON escapes, and some it does not.
    message: i % 5 === 0 ? `app "${i}"\n differs — €\u2028` : `app ${i} differs from web`,
    values: { "app.effectivePrice": `${i}.00`, n: i },
    interval: null,
    sources: [{ file: "prices.csv", line: i + 2 }],
    waived: null,
  };
}

describe("withMember", () => {
  it("gives what a spread gives, members in the same order, for a finding's members and for others", () => {
    const plain = finding(1);
    const explained = { ...finding(2), explanation: { kind: "fact" } as unknown as NonNullable<Finding["explanation"]> };
    const other = { ...finding(3), extra: 1 } as Finding;
    const waived = { reason: "r", ticket: null, until: "2099-01-01" };
    for (const f of [plain, explained, other]) {
      for (const [key, value] of [
        ["waived", waived],
        ["waived", null],
        ["baseline", "new"],
        ["explanation", { kind: "fact" }],
      ] as const) {
        const spread = { ...f, [key]: value };
        const copy = withMember(f, key, value as never);
        expect(copy).toStrictEqual(spread);
        expect(Object.keys(copy)).toStrictEqual(Object.keys(spread));
      }
    }
    // The finding itself is left as it was.
    expect(plain).toStrictEqual(finding(1));
  });
});

describe("the JSON report a chunk at a time", () => {
  it("is JSON.stringify's document, its digest the SHA-256 of each finding's text and a line feed", () => {
    // 2,500 findings of about 600 characters: some 20 chunks, the last one short.
    for (const count of [0, 1, 2_500]) {
      const findings = Array.from({ length: count }, (_, i) => finding(i));
      const report = { tool: { name: "pricelint", version: "0" }, at: "2026-11-22T00:00:00.000Z", summary: { rules: 1 }, findings };
      const hash = createHash("sha256");
      for (const f of findings) hash.update(`${JSON.stringify(f, null, 2).replaceAll("\n", "\n    ")}\n`);
      const expected = `${JSON.stringify({ ...report, digest: { findings: count, sha256: hash.digest("hex") } }, null, 2)}\n`;
      const chunks = [...jsonTextChunks(report as unknown as JsonReport)];
      expect(chunks.join("")).toBe(expected);
      // The head, some 20 chunks of findings, the array's end and the digest.
      if (count === 2_500) expect(chunks.length).toBeLessThan(count / 50);
    }
  });

  it("writes the absent findings of a baseline a piece at a time, as JSON.stringify and JSON Lines write the whole", () => {
    for (const count of [0, 1, 5_000]) {
      const absent = Array.from({ length: count }, (_, i) => {
        const { id, rule, severity, sku, location, channels, message } = finding(i);
        return { id, rule, severity, sku, location, channels, message };
      });
      const report = {
        tool: { name: "pricelint", version: "0" },
        at: "2026-11-22T00:00:00.000Z",
        summary: { rules: 1 },
        findings: [],
        absent,
      };
      const digest = { findings: 0, sha256: createHash("sha256").digest("hex") };
      const chunks = [...jsonTextChunks(report as unknown as JsonReport)];
      expect(chunks.join("")).toBe(`${JSON.stringify({ ...report, digest }, null, 2)}\n`);
      // No piece holds them all: 5,000 absent findings of about 300 characters go in some 25 pieces.
      if (count === 5_000) expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(100_000);
      const { tool, at, summary } = report;
      const lines = [...jsonlChunks(report as unknown as JsonReport)];
      expect(lines.join("")).toBe(`${jsonLine({ summary, tool, at, absent })}\n`);
      if (count === 5_000) expect(Math.max(...lines.map((c) => c.length))).toBeLessThan(100_000);
    }
  });

  it("hashes texts added one by one as the hash of their concatenation, each with its line feed, leading spaces left out", () => {
    // Texts past a chunk's size and past the hasher's buffer (as text and as bytes); lone surrogates at the ends of two texts, which must not pair up.
    const texts = [
      "    {}",
      '{"a": 1}',
      `{${"x".repeat(70_000)}}`,
      `{${"€".repeat(400_000)}}`,
      `{${"😀".repeat(300_000)}}`,
      "  {\ud83d",
      "{\ude00}",
      "\n    {é}",
    ];
    const hasher = new FindingsHasher();
    for (const text of texts) hasher.add(text);
    const hash = createHash("sha256");
    for (const text of texts) hash.update(`${text.slice(text.indexOf("{"))}\n`);
    const expected = { findings: texts.length, sha256: hash.digest("hex") };
    expect(hasher.digest()).toStrictEqual(expected);
    // The same texts given as their UTF-8 bytes, inside a larger buffer, alternating with texts.
    const bytesHasher = new FindingsHasher();
    for (const [i, text] of texts.entries()) {
      if (i % 2 === 1) bytesHasher.add(text);
      else {
        const bytes = Buffer.from(`xx${text}yy`, "utf8");
        bytesHasher.addBytes(bytes, 2, bytes.length - 2);
      }
    }
    expect(bytesHasher.digest()).toStrictEqual(expected);
  });
});
