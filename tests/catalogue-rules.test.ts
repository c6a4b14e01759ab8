import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";

const expected = JSON.parse(readFileSync("fixtures/catalogue-rules/expected.json", "utf8")) as {
  rows: unknown;
  findings: unknown[];
};

describe("the catalogue rules fixture (fixtures/catalogue-rules)", () => {
  it("gives the hand-worked findings: each rule fires on its case and not on the cases beside it", async () => {
    const report = await check(await loadConfig("fixtures/catalogue-rules/pricelint.config.json"), {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    expect(report.summary.rows).toStrictEqual(expected.rows);
    const projected = report.findings.map(({ rule, severity, sku, location, channels, message, values, sources }) => ({
      rule,
      severity,
      sku,
      location,
      channels,
      message,
      values,
      sources,
    }));
    expect(projected).toStrictEqual(expected.findings);
  });
});
