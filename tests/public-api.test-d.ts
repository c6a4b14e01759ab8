/**
 * Type tests of the public API (run by `vitest --typecheck`): what users write against
 * `pricelint` must keep compiling, and what they must not write must keep failing.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  check,
  checkStream,
  defineRule,
  formatJson,
  formatMarkdown,
  mergeReports,
  type BaselineFinding,
  type CheckInput,
  type CheckOptions,
  type ConfigInput,
  type Explanation,
  type Finding,
  type Report,
  type ReportDocument,
  type ReportFindings,
  type RunInfo,
  type Severity,
  type Shard,
} from "../src/index.js";
import type { FindingsDigest } from "../src/model/report.js";
import * as reportEntry from "../src/report/index.js";

describe("check", () => {
  it("takes a config (file or in-memory rows) and options, and resolves to a report of findings", () => {
    expectTypeOf(check).parameters.toEqualTypeOf<[input: CheckInput, options?: CheckOptions]>();
    expectTypeOf(check).returns.resolves.toEqualTypeOf<Report>();
    expectTypeOf<Report["findings"]>().toEqualTypeOf<readonly Finding[]>();
    expectTypeOf<Finding["severity"]>().toEqualTypeOf<Severity>();
    expectTypeOf<Finding["explanation"]>().toEqualTypeOf<Explanation | undefined>();
    void check({ currency: "EUR", feeds: { prices: [{ sku: "A", channel: "web", price: "1.00" }] }, rules: ["recommended"] });
    // @ts-expect-error: feeds are files or in-memory rows by kind, not a bare array of rows
    void check({ currency: "EUR", feeds: [{ sku: "A" }] });
  });

  it("streams: checkStream's findings are counted without being built, and take no baseline", () => {
    expectTypeOf(checkStream).returns.resolves.toHaveProperty("findings").toEqualTypeOf<ReportFindings>();
    expectTypeOf<ReportFindings["size"]>().toEqualTypeOf<number>();
    expectTypeOf<ReportFindings>().toMatchTypeOf<Iterable<Finding>>();
    // @ts-expect-error: a baseline needs every finding built: check() takes it, checkStream() does not
    void checkStream({ currency: "EUR", feeds: { prices: [] } }, { baseline: [] });
    expectTypeOf<CheckOptions["shard"]>().toEqualTypeOf<Shard | undefined>();
  });
});

describe("defineRule", () => {
  it("returns the rule as written, typed, and refuses an unknown severity or scope", () => {
    const rule = defineRule({
      id: "house/web-not-above-store",
      description: "The web price never exceeds the store price.",
      severity: "warning",
      scope: "pair",
      channels: ["web", "store"],
      conditions: {
        all: [{ fact: "web", path: "$.effectivePrice", operator: "greaterThan", value: { fact: "store", path: "$.effectivePrice" } }],
      },
    });
    expectTypeOf(rule.id).toEqualTypeOf<"house/web-not-above-store">();
    expectTypeOf(rule.severity).toEqualTypeOf<"warning">();
    // @ts-expect-error: "fatal" is not a severity
    defineRule({ id: "house/x", description: "x", severity: "fatal", scope: "offer", conditions: {} });
    // @ts-expect-error: "store" is not a scope
    defineRule({ id: "house/x", description: "x", severity: "error", scope: "store", conditions: {} });
  });
});

describe("the config", () => {
  it("is typed as written: feeds, rules, ruleSettings, waivers", () => {
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [{ kind: "prices", path: "feeds/web.csv", constants: { channel: "web" } }],
      rules: ["recommended"],
      ruleSettings: { "price/excessive-discount": "off" },
      waivers: [{ rule: "ladder/pack-size", sku: "A-100", until: "2026-12-31", reason: "launch pricing" }],
    } satisfies ConfigInput;
    expectTypeOf(config).toMatchTypeOf<ConfigInput>();
    // @ts-expect-error: a feed's kind is one of the feed kinds
    const wrong: ConfigInput = { feeds: [{ kind: "pricez", path: "p.csv" }] };
    void wrong;
  });
});

describe("the report", () => {
  it("formats reports and merges shard reports, from the root and from pricelint/report", () => {
    expectTypeOf(formatMarkdown).parameter(0).toEqualTypeOf<Report>();
    expectTypeOf(formatJson).returns.toEqualTypeOf<string>();
    expectTypeOf(reportEntry.formatMarkdown).toEqualTypeOf(formatMarkdown);
    expectTypeOf(mergeReports).returns.toEqualTypeOf<ReportDocument>();
    // A JSON report read back: the report without its rules, ending with the digest of its findings.
    expectTypeOf<ReportDocument>().toEqualTypeOf<Omit<Report, "rules"> & { readonly digest?: FindingsDigest }>();
  });

  it("L10 declares what a report carries at run time: run's previous state and --explain, a gone finding's interval and values", () => {
    // check writes both (previous null: none); a report of an earlier pricelint read back has neither.
    type Previous = ({ readonly snapshot: string } | { readonly feeds: string } | { readonly config: string }) & {
      readonly at?: string;
    };
    expectTypeOf<RunInfo["previous"]>().toEqualTypeOf<Previous | null | undefined>();
    expectTypeOf<RunInfo["explain"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<NonNullable<Report["run"]>>().toEqualTypeOf<RunInfo>();
    // A baseline's finding that is gone (Report["absent"]) keeps what matching read of it, as the report held it.
    expectTypeOf<NonNullable<Report["absent"]>[number]>().toEqualTypeOf<BaselineFinding>();
    expectTypeOf<BaselineFinding["promotion"]>().toEqualTypeOf<unknown>();
    expectTypeOf<BaselineFinding["interval"]>().toEqualTypeOf<unknown>();
    expectTypeOf<BaselineFinding["values"]>().toEqualTypeOf<unknown>();
  });
});
