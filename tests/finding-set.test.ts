/**
 * Compact findings (offer and pair rules at one instant, built only when read) against the
 * findings built as objects as they are found (the path windows take): on random feeds, both
 * give the same findings, field for field, in the report order (README, "Output"), and the counts that the
 * compact path gives without building any agree with what it builds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, checkStream } from "../src/check.js";
import { compareFindings } from "../src/findings/order.js";
import type { Finding } from "../src/model/finding.js";
import { CompactFindings, FindingSet, type FindingSource } from "../src/findings/finding-set.js";
import type { CompiledRule } from "../src/rules/rule.js";
import { formatMarkdown, markdownChunks } from "../src/report/markdown.js";
import { formatHtml, htmlChunks } from "../src/report/html.js";
import { outlineOf } from "../src/findings/finding-outline.js";
import { formatJunit, junitChunks } from "../src/report/junit.js";
import { formatSarif, sarifChunks } from "../src/report/sarif.js";
import { formatTable, tableChunks } from "../src/report/table.js";
import { formatJson, jsonTextChunks } from "../src/report/json.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_122);
const AT = new Date("2026-11-20T12:00:00Z");
const CHANNELS = ["web", "app", "store", "click_collect"] as const;
const LOCATIONS = [null, "S2", "S10", "S1", "a", "Z"] as const;
const SKUS = ["B-2", "A-10", "A-9", "b-1", "A-1"] as const;

// A channel that is not located (web, app) has a row without a location (one at a store is refused).
const rowArb = fc
  .record({
    sku: fc.constantFrom(...SKUS),
    channel: fc.constantFrom(...CHANNELS),
    location: fc.constantFrom(...LOCATIONS),
    price: fc.integer({ min: 100, max: 140 }),
    sale: fc.option(fc.integer({ min: 90, max: 150 }), { nil: null }),
  })
  .map((r) => (r.channel === "web" || r.channel === "app" ? { ...r, location: null } : r));

const RULES = [
  "channel/click-collect-above-store",
  "channel/online-differs-from-store",
  "channel/app-differs-from-web",
  "price/sale-not-below-regular",
  "price/conflicting-duplicate",
  "price/non-positive",
  "price/excessive-discount",
];

function feed(rows: readonly { sku: string; channel: string; location: string | null; price: number; sale: number | null }[]) {
  return rows.map((r) => ({
    sku: r.sku,
    channel: r.channel,
    location: r.location ?? "",
    currency: "EUR",
    price: (r.price / 100).toFixed(2),
    sale_price: r.sale === null ? "" : (r.sale / 100).toFixed(2),
  }));
}

/** A finding without what a window report adds: its interval, and an id that includes the interval's start. */
function atInstant(f: Finding): Omit<Finding, "id"> {
  const { id: _id, ...rest } = f;
  return { ...rest, interval: null };
}

describe("compact findings", () => {
  it("equal the findings built as found, in report order, with the same counts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 60 }), fc.boolean(), async (rows, waive) => {
        const input = {
          // A row that cannot be read: its feed/invalid-row finding is built as found, beside the compact ones.
          feeds: {
            prices: [...feed(rows), { sku: "A-1", channel: "web", location: "", currency: "EUR", price: "1,00.0", sale_price: "" }],
          },
          rules: RULES,
          timezone: "UTC",
          // Waivers of a warning and of an error (JUnit counts a waived error as skipped, not failing).
          ...(waive
            ? {
                waivers: [
                  { rule: "channel/online-differs-from-store", sku: "A-10", until: "2027-01-01", reason: "test" },
                  { rule: "price/sale-not-below-regular", sku: "A-9", until: "2027-01-01", reason: "test" },
                ],
              }
            : {}),
        };
        const compact = await check(input, { at: AT });
        expect(compact.findings.filter((f) => f.rule === "feed/invalid-row")).toHaveLength(1);
        // A window of one millisecond checks the same instant through the object path.
        const objects = await check(input, { window: { from: AT, to: new Date(AT.getTime() + 1) } });
        expect(compact.findings.map(atInstant)).toEqual(objects.findings.map(atInstant));
        for (let i = 1; i < compact.findings.length; i++) {
          expect(compareFindings(compact.findings[i - 1]!, compact.findings[i]!)).toBeLessThan(0);
        }
        expect(compact.summary.findings).toEqual(objects.summary.findings);
        const streamed = await checkStream(input, { at: AT });
        const byRule: Record<string, number> = {};
        for (const f of compact.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
        expect(streamed.findings.countByRule()).toEqual(byRule);
        expect(streamed.findings.size).toBe(compact.findings.length);
        // The Markdown summary from each rule's head (building no finding past it) equals the one
        // written from every finding built.
        for (const maxPerRule of [0, 1, 3]) {
          const fromHeads = [...markdownChunks(streamed, { maxPerRule })].join("");
          expect(fromHeads).toBe(formatMarkdown(compact, { maxPerRule }));
          // So does the HTML page, its charts counted from the compact findings' outlines.
          expect([...htmlChunks(streamed, { maxPerRule })].join("")).toBe(formatHtml(compact, { maxPerRule }));
        }
        // Outlines and what a baseline comparison reads, given without building: as the findings built have them.
        const set = streamed.findings as unknown as FindingSet;
        expect([...set.outlines()]).toStrictEqual(compact.findings.map(outlineOf));
        const compared = (f: { id: string; severity: string; waived: unknown }) => ({
          id: f.id,
          severity: f.severity,
          waived: Boolean(f.waived),
        });
        expect([...set.compared()].map(compared)).toStrictEqual(compact.findings.map(compared));
        // SARIF and JUnit count from the outlines, then write every finding.
        expect([...sarifChunks(streamed)].join("")).toBe(formatSarif(compact));
        expect([...junitChunks(streamed)].join("")).toBe(formatJunit(compact));
        expect([...tableChunks(streamed)].join("")).toBe(formatTable(compact));
        // The JSON report writes each compact finding as it is built, in bytes, with the digest
        // over those bytes: the same document as from the findings built as objects.
        expect([...jsonTextChunks(streamed)].join("")).toBe(formatJson(compact));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("give each rule's counts and first findings without building the others", () => {
    const rule = { id: "house/r", severity: "warning" } as CompiledRule;
    const list = new CompactFindings(rule);
    for (let i = 0; i < 50; i++) list.push(i, -1, i % 2);
    const built: number[] = [];
    const source: FindingSource = {
      finding: (_, i) => {
        built.push(i);
        return { id: String(i), rule: rule.id, severity: "warning", sku: `S${i}`, location: i % 2 ? "L1" : null } as Finding;
      },
      skuOf: (_, i) => `S${i}`,
      locationOf: (_, i) => (i % 2 ? "L1" : null),
      channelsOf: () => ["web"],
      idOf: (_, i) => String(i),
    };
    // Waived: the findings at L1 (the odd ones), 25 of 50.
    const waivers = [{ rule: rule.id, location: "L1", until: "2099-01-01", reason: "r" }];
    const [head, ...rest] = new FindingSet([], [list], source, waivers).headsByRule(3);
    expect(rest).toStrictEqual([]);
    expect(built).toStrictEqual([0, 1, 2]);
    expect(head!.count).toBe(50);
    expect(head!.counts).toStrictEqual({ error: 0, warning: 25, info: 0, waived: 25 });
    expect([...head!.severities]).toStrictEqual(["warning"]);
    expect(head!.shown.map((f) => [f.id, f.waived?.reason ?? null])).toStrictEqual([
      ["0", null],
      ["1", "r"],
      ["2", null],
    ]);
  });

  it("give the HTML page its counts and charts, building only the findings the page holds; SARIF, JUnit and the table build each once", () => {
    const rule = { id: "house/r", severity: "warning", scope: "offer" } as CompiledRule;
    const list = new CompactFindings(rule);
    for (let i = 0; i < 50; i++) list.push(i, -1, i % 2);
    const built: number[] = [];
    const finding = (i: number): Finding => ({
      id: String(i),
      rule: rule.id,
      severity: "warning",
      sku: `S${i}`,
      location: i % 2 ? "L1" : null,
      channels: [i % 5 === 0 ? "app" : "web"],
      promotion: null,
      message: `m${i}`,
      values: {},
      interval: null,
      sources: [{ file: "prices.csv", line: i + 2 }],
      waived: null,
    });
    const source: FindingSource = {
      finding: (_, i) => {
        built.push(i);
        return finding(i);
      },
      skuOf: (_, i) => `S${i}`,
      locationOf: (_, i) => (i % 2 ? "L1" : null),
      channelsOf: (_, i) => finding(i).channels,
      idOf: (_, i) => String(i),
    };
    const findings = new FindingSet([], [list], source, []);
    const summary = {
      findings: findings.countBySeverity(),
      rows: { read: 50, accepted: 50, rejected: 0 },
      feeds: [],
      rules: 1,
    };
    const report = { tool: { name: "pricelint", version: "0" }, at: "2026-11-20T12:00:00.000Z", summary, rules: [], findings };
    const page = [...htmlChunks(report as unknown as Parameters<typeof htmlChunks>[0], { maxPerRule: 3 })].join("");
    expect(built).toStrictEqual([0, 1, 2]);
    // The same page as from the 50 findings built: the charts count all 50 (10 on app, 25 at L1).
    built.length = 0;
    expect(page).toBe(formatHtml({ ...report, findings: [...findings] } as unknown as Parameters<typeof formatHtml>[0], { maxPerRule: 3 }));
    expect(built).toHaveLength(50);
    expect(page).toContain('data-total="all">50<');
    // SARIF, JUnit and the table build each finding once, to write it: their counts and widths come from the outlines.
    for (const chunks of [sarifChunks, junitChunks, tableChunks]) {
      built.length = 0;
      expect([...chunks(report as unknown as Parameters<typeof chunks>[0])].join("")).toContain("m49");
      expect(built).toHaveLength(50);
    }
  });

  it("give a fact that only the message shows, such as the channel's median", async () => {
    // Stores S1, S2, S3 at 1.00, 2.00, 3.00: the median is 2.00 (the middle one of three).
    const rule = {
      id: "house/median-note",
      description: "note",
      severity: "info",
      scope: "offer",
      channels: ["store"],
      conditions: { all: [{ fact: "price", operator: "greaterThan", value: 0 }] },
      message: "{location}: {price}, median {channelMedianPrice}",
    };
    const prices = ["1.00", "2.00", "3.00"].map((price, i) => ({
      sku: "A",
      channel: "store",
      location: `S${i + 1}`,
      currency: "EUR",
      price,
    }));
    const report = await check({ feeds: { prices }, rules: [rule], timezone: "UTC" }, { at: AT });
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      "S1: 1.00, median 2.00",
      "S2: 2.00, median 2.00",
      "S3: 3.00, median 2.00",
    ]);
  });
});
