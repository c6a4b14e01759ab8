/**
 * Names and text in JUnit and Markdown: a character the format cannot carry (NUL, a lone
 * surrogate) is written as a visible escape, as the table writes it, so two skus never become one
 * testcase or one row; and Markdown written by `merge` is the unsharded run's, rule descriptions
 * included (those of built-in rules: a house rule's is in its rule file, which merge does not read).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, formatJunit, formatMarkdown, formatTable } from "../src/index.js";
import { runCli } from "./helpers/run-cli.js";

const prices = [
  { sku: "bad\u0000nul", channel: "web", price: "1.00" },
  { sku: "badnul", channel: "web", price: "x" },
  { sku: "lone\ud800", channel: "web", price: "1.00" },
  { sku: "lone", channel: "web", price: "x" },
];
const config = { timezone: "Europe/Rome", currency: "EUR", feeds: { prices }, rules: ["recommended"] };
const at = new Date("2026-06-03T10:00:00Z");

describe("a sku XML or UTF-8 cannot carry", () => {
  it("S30 is a testcase name of its own in JUnit, and a row of its own in Markdown, written with visible escapes as in the table", async () => {
    const report = await check(config, { at });
    // Four rejected rows, four skus: each its own testcase, named as the table shows the sku.
    const names = [...formatJunit(report).matchAll(/<testcase classname="feed\/invalid-row" name="([^"]*)">/g)].map((m) => m[1]);
    expect(names).toStrictEqual(["bad\\u0000nul", "badnul", "lone", "lone\\ud800"]);
    expect(formatTable(report)).toContain("bad\\u0000nul");
    // In Markdown the escape's backslash is escaped in turn, so it renders as `\u0000`.
    const lines = formatMarkdown(report).split("\n");
    const head = lines.indexOf("| SKU | Location | Channels | Message | Source |");
    const rows = lines.slice(head + 2, lines.indexOf("", head));
    const skus = rows.map((line) => line.split(" | ")[0]!.slice(2));
    expect(skus).toStrictEqual(["bad\\\\u0000nul", "badnul", "lone", "lone\\\\ud800"]);
  });
});

describe("a sku written as JUnit's placeholders are, or with bidi controls", () => {
  it("S35 is a testcase of its own, quoted, never a placeholder's; a bidi control in a name or a waiver's reason is a visible escape", async () => {
    const placeholders = [
      { sku: "", channel: "web", price: "1.00" },
      { sku: "(no sku)", channel: "web", price: "x" },
      { sku: "(all skus)", channel: "web", price: "0" },
      { sku: '"(no sku)"', channel: "web", price: "x" },
      { sku: "abc\u202edcba", channel: "web", price: "x" },
    ];
    const waivers = [{ rule: "price/non-positive", sku: "W", until: "2027-01-01", reason: "ok \u202eevif\u202c done" }];
    const report = await check(
      { ...config, feeds: { prices: [...placeholders, { sku: "W", channel: "web", price: "0" }] }, rules: ["price/non-positive"], waivers },
      { at },
    );
    const junit = formatJunit(report);
    const names = [...junit.matchAll(/<testcase classname="([^"]*)" name="([^"]*)">/g)].map((m) => `${m[1]} ${m[2]}`);
    // The empty sku's row is about no sku; "(no sku)" and "(all skus)" as skus are quoted, and so is a sku that starts with a quote.
    expect(names).toStrictEqual([
      "feed/invalid-row (no sku)",
      "feed/invalid-row &quot;\\&quot;(no sku)\\&quot;&quot;",
      "feed/invalid-row &quot;(no sku)&quot;",
      "feed/invalid-row abc\\u202edcba",
      "price/non-positive &quot;(all skus)&quot;",
      "price/non-positive W",
    ]);
    expect(junit).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(junit).toContain("ok \\u202eevif\\u202c done");
  });
});

describe("a sku with a tab", () => {
  it("S32 is not shown as the sku with a space: the table and Markdown write the tab as a visible escape", async () => {
    const tabbed = [
      { sku: "tab\there", channel: "web", price: "x" },
      { sku: "tab here", channel: "web", price: "x" },
    ];
    const report = await check({ ...config, feeds: { prices: tabbed } }, { at });
    const table = formatTable(report);
    expect(table).toContain("tab\\u0009here");
    expect(table).toContain("tab here");
    const lines = formatMarkdown(report).split("\n");
    const head = lines.indexOf("| SKU | Location | Channels | Message | Source |");
    const skus = lines.slice(head + 2, lines.indexOf("", head)).map((line) => line.split(" | ")[0]!.slice(2));
    // Ordered by sku: a tab (U+0009) before a space.
    expect(skus).toStrictEqual(["tab\\\\u0009here", "tab here"]);
  });
});

describe("merge's Markdown", () => {
  it("S31 is the unsharded run's, each built-in rule's description line included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-merge-md-"));
    const demo = ["--config", "fixtures/demo/pricelint.config.json", "--at", "2026-11-20T10:00:00Z", "--fail-on", "never"];
    for (const k of [1, 2, 3]) {
      expect((await runCli(["check", ...demo, "--shard", `${k}/3`, "--format", `json:${join(dir, `s${k}.json`)}`])).code).toBe(0);
    }
    expect((await runCli(["check", ...demo, "--format", `markdown:${join(dir, "whole.md")}`])).code).toBe(0);
    const shards = [1, 2, 3].map((k) => join(dir, `s${k}.json`));
    expect((await runCli(["merge", ...shards, "--fail-on", "never", "--format", `markdown:${join(dir, "merged.md")}`])).code).toBe(0);
    const whole = readFileSync(join(dir, "whole.md"), "utf8");
    expect(whole).toContain("The web price differs from the store price beyond the tolerance.");
    expect(readFileSync(join(dir, "merged.md"), "utf8")).toBe(whole);
  });
});
