/**
 * Waivers take one path for every finding: a waiver of `config/expired-waiver` covers the
 * findings of waivers that ended at an instant as over a window, in one thread or several; and
 * two waivers alike in every member are refused (once ended, they would be one finding twice).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, type CheckOptions, type Finding } from "../src/index.js";
import { failure } from "./helpers/failure.js";
import { runCli } from "./helpers/run-cli.js";

const prices = [
  { sku: "A", channel: "web", price: "10.00" },
  { sku: "A", channel: "store", price: "10.00" },
];
/** Ended on 1 June (at 22:00 UTC, midnight in Rome). */
const ended = { rule: "channel/online-differs-from-store", sku: "A", until: "2026-06-01", reason: "old" };
/** Accepts the expired-waiver finding of `ended` until the last day of the year. */
const renewal = { rule: "config/expired-waiver", sku: "A", until: "2026-12-31", reason: "renewal pending" };
const config = { timezone: "Europe/Rome", currency: "EUR", feeds: { prices }, rules: ["recommended"], waivers: [ended, renewal] };

/** The expired-waiver findings of a run: the waiver each reports (`values.rule`, `values.until`), its interval and its own waiver. */
async function expired(options: CheckOptions) {
  const report = await check(config, options);
  return report.findings
    .filter((f: Finding) => f.rule === "config/expired-waiver")
    .map((f) => ({ of: [f.values["rule"], f.values["until"]], interval: f.interval, waived: f.waived }));
}

const byRenewal = { reason: "renewal pending", ticket: null, until: "2026-12-31" };

describe("a waiver of config/expired-waiver", () => {
  it("C51 waives the expired-waiver finding at an instant, over a window (either way it is computed) and in worker threads alike", async () => {
    const at = new Date("2026-06-03T10:00:00Z");
    const window = { from: at, to: new Date("2026-06-03T11:00:00Z") };
    const interval = { from: "2026-06-03T10:00:00.000Z", to: "2026-06-03T11:00:00.000Z" };
    const waived = (interval: unknown) => [{ of: ["channel/online-differs-from-store", "2026-06-01"], interval, waived: byRenewal }];
    expect(await expired({ at })).toStrictEqual(waived(null));
    expect(await expired({ at, workers: 2 })).toStrictEqual(waived(null));
    expect(await expired({ window })).toStrictEqual(waived(interval));
    expect(await expired({ window, windowByInstant: true })).toStrictEqual(waived(interval));
    // The run's counts and exit code follow: a waived finding does not count for --fail-on.
    const instant = await check(config, { at });
    expect(instant.summary.findings.waived).toBe(1);
    expect(instant.summary.findings.warning).toBe(0);
  });

  it("stops waiving when it ends itself: at an instant after, and from then on over a window that holds its end", async () => {
    // The renewal ends at 2026-12-31T23:00Z (midnight in Rome, in winter time); from then on it is reported too.
    const after = await expired({ at: new Date("2026-12-31T23:00:00Z") });
    expect(after).toStrictEqual([
      { of: ["channel/online-differs-from-store", "2026-06-01"], interval: null, waived: null },
      { of: ["config/expired-waiver", "2026-12-31"], interval: null, waived: null },
    ]);
    const before = await expired({ at: new Date("2026-12-31T22:59:59.999Z") });
    expect(before).toStrictEqual([{ of: ["channel/online-differs-from-store", "2026-06-01"], interval: null, waived: byRenewal }]);
    const window = { from: new Date("2026-12-31T12:00:00Z"), to: new Date("2027-01-01T12:00:00Z") };
    const split = [
      {
        of: ["channel/online-differs-from-store", "2026-06-01"],
        interval: { from: "2026-12-31T12:00:00.000Z", to: "2026-12-31T23:00:00.000Z" },
        waived: byRenewal,
      },
      {
        of: ["channel/online-differs-from-store", "2026-06-01"],
        interval: { from: "2026-12-31T23:00:00.000Z", to: "2027-01-01T12:00:00.000Z" },
        waived: null,
      },
      {
        of: ["config/expired-waiver", "2026-12-31"],
        interval: { from: "2026-12-31T23:00:00.000Z", to: "2027-01-01T12:00:00.000Z" },
        waived: null,
      },
    ];
    const sorted = (list: Awaited<ReturnType<typeof expired>>) =>
      [...list].sort((a, b) => `${String(a.of)} ${a.interval?.from}`.localeCompare(`${String(b.of)} ${b.interval?.from}`));
    expect(sorted(await expired({ window }))).toStrictEqual(split);
    expect(sorted(await expired({ window, windowByInstant: true }))).toStrictEqual(split);
  });

  it("gives the CLI the same exit code at an instant as over a window of the same hour", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-waiver-paths-"));
    writeFileSync(join(dir, "web.csv"), "sku,price,currency\nA,10.00,EUR\n");
    writeFileSync(join(dir, "store.csv"), "sku,location,price,currency\nA,S1,10.00,EUR\n");
    const file = join(dir, "pricelint.config.json");
    writeFileSync(
      file,
      JSON.stringify({
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "web.csv", constants: { channel: "web" } },
          { kind: "prices", path: "store.csv", constants: { channel: "store" } },
        ],
        rules: ["recommended"],
        waivers: [{ ...ended, rule: "channel/click-collect-above-store" }, renewal],
      }),
    );
    const run = (...when: string[]) => runCli(["check", "--config", file, ...when, "--fail-on", "warning", "--format", "json"]);
    const instant = await run("--at", "2026-06-03T10:00:00Z");
    const window = await run("--from", "2026-06-03T10:00:00Z", "--to", "2026-06-03T11:00:00Z");
    expect([instant.code, window.code]).toStrictEqual([0, 0]);
    for (const { stdout } of [instant, window]) {
      const report = JSON.parse(stdout) as { summary: { findings: Record<string, number> } };
      expect(report.summary.findings).toStrictEqual({ error: 0, warning: 0, info: 0, waived: 1 });
    }
  });
});

describe("two waivers alike", () => {
  it("C50 are refused, naming both: also when they differ only in what reading a key drops (spaces around a sku); others are not", async () => {
    const twice = { ...config, waivers: [ended, renewal, { ...ended }] };
    const why =
      "the same waiver as waivers[0] (its rule, sku, location, until, reason and ticket alike): remove one; two waive no more than one, and once they end they would be reported as one finding twice";
    expect((await failure(check(twice, { at: new Date("2026-06-03T10:00:00Z") }))).message).toContain(`waivers[2]: ${why}`);
    const spaced = { ...config, waivers: [ended, { ...ended, sku: " A " }] };
    expect((await failure(check(spaced, { at: new Date("2026-06-03T10:00:00Z") }))).message).toContain(`waivers[1]: ${why}`);
    // A member that tells them apart (another reason, ticket or end): accepted, and each is its own finding once ended.
    const waivers = [ended, { ...ended, reason: "older" }, { ...ended, ticket: "PRC-2" }, { ...ended, until: "2026-05-31" }];
    const report = await check({ ...config, waivers }, { at: new Date("2026-06-03T10:00:00Z") });
    const ids = report.findings.filter((f) => f.rule === "config/expired-waiver").map((f) => f.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });
});
