import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

const prices = [
  { sku: "A", channel: "web", price: "1.00" },
  { sku: "A", channel: "store", price: "1.10" },
  { sku: "B", channel: "web", price: "2.00" },
  { sku: "B", channel: "store", price: "2.10" },
];
const waiver = { rule: "channel/online-differs-from-store", sku: "A", until: "2026-11-19", reason: "price test", ticket: "PRC-1" };

async function run(at: string) {
  const rules = ["recommended", "channel/online-differs-from-store"]; // not in the preset: per-store prices are often deliberate
  const report = await check(
    { timezone: "Europe/Rome", currency: "EUR", feeds: { prices }, rules, waivers: [waiver] },
    { at: new Date(at) },
  );
  return report;
}

describe("waivers", () => {
  it("waive the matching finding through the last minute of their until day, in the config's zone", async () => {
    const report = await run("2026-11-19T22:59:00Z"); // 23:59 in Rome
    const [a, b] = report.findings;
    expect([a?.sku, a?.waived]).toStrictEqual(["A", { reason: "price test", ticket: "PRC-1", until: "2026-11-19" }]);
    expect([b?.sku, b?.waived]).toStrictEqual(["B", null]);
    expect(report.summary.findings).toStrictEqual({ error: 0, warning: 1, info: 0, waived: 1 });
  });

  it("stop waiving at midnight and are reported as expired", async () => {
    const report = await run("2026-11-19T23:00:00Z"); // 00:00 on the 20th in Rome
    expect(report.findings.map((f) => [f.rule, f.sku, f.waived])).toStrictEqual([
      ["channel/online-differs-from-store", "A", null],
      ["channel/online-differs-from-store", "B", null],
      ["config/expired-waiver", "A", null],
    ]);
    expect(report.summary.findings.waived).toBe(0);
  });

  it("report an expired waiver whatever the rules select, unless ruleSettings switch config/expired-waiver off", async () => {
    const at = new Date("2026-11-19T23:00:00Z");
    const expired = async (extra: Record<string, unknown>) => {
      const input = {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: { prices },
        rules: ["channel/online-differs-from-store"],
        waivers: [waiver],
      };
      const report = await check({ ...input, ...extra }, { at });
      return report.findings.filter((f) => f.rule === "config/expired-waiver").map((f) => [f.sku, f.severity]);
    };
    expect(await expired({})).toStrictEqual([["A", "warning"]]);
    expect(await expired({ ruleSettings: { "config/expired-waiver": "error" } })).toStrictEqual([["A", "error"]]);
    expect(await expired({ ruleSettings: { "config/expired-waiver": "off" } })).toStrictEqual([]);
  });
});
