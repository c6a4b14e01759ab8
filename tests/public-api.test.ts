/**
 * The public API is what dist/index.d.ts and dist/report.d.ts declare. The declarations are
 * built here as the package builds them (tsup, one bundle per entry point), and listed: a new
 * export, or an internal type or class that an export drags in, changes the list and fails.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Every name the bundled declarations declare at top level, in all the files of `dir`. */
function declaredNames(dir: string): string[] {
  const names = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".d.ts"))
    .flatMap((f) => [
      ...readFileSync(join(dir, f), "utf8").matchAll(/^(?:export )?(?:declare )?(?:const|function|class|interface|type|enum) (\w+)/gm),
    ])
    .map((m) => m[1]!);
  return [...new Set(names)].sort();
}

/** The names an entry point's declaration file exports. */
function exportedNames(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^export \{([^}]*)\}/gm)]
    .flatMap((m) => m[1]!.split(","))
    .map((s) =>
      s
        .trim()
        .replace(/^type /, "")
        .split(/\s+as\s+/)
        .pop()!,
    )
    .filter((s) => s !== "")
    .sort();
}

const PUBLIC_FORMATTERS = ["formatHtml", "formatJson", "formatJsonl", "formatJunit", "formatMarkdown", "formatSarif", "formatTable"];
const PUBLIC_FORMATTER_TYPES = ["HtmlOptions", "JsonReport", "JunitOptions", "MarkdownOptions", "SarifOptions"];

describe("the public API's declarations", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pricelint-dts-"));
    const built = spawnSync(
      process.execPath,
      [
        "node_modules/tsup/dist/cli-default.js",
        "src/index.ts",
        "src/report/index.ts",
        "--dts-only",
        "--format",
        "esm",
        "--out-dir",
        dir,
        "--silent",
      ],
      { encoding: "utf8" },
    );
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exports from pricelint exactly the documented API", () => {
    expect(exportedNames(join(dir, "index.d.ts"))).toStrictEqual(
      [
        "check",
        "checkStream",
        "loadConfig",
        "CheckInput",
        "CheckOptions",
        "InMemoryFeeds",
        "LoadedConfig",
        "Progress",
        "StreamedReport",
        "configJsonSchema",
        "Config",
        "ConfigInput",
        "FeedConfig",
        "PricelintError",
        "PricelintErrorCode",
        "readBaseline",
        "BaselineFinding",
        "defineRule",
        "RuleDefinition",
        "OptionDeclaration",
        "OptionEntry",
        "OptionValue",
        "BUILTIN_RULES",
        "PRESETS",
        ...PUBLIC_FORMATTERS,
        ...PUBLIC_FORMATTER_TYPES,
        "mergeReports",
        "readReport",
        "ReportDocument",
        "Shard",
        "Explanation",
        "VerdictValue",
        "Finding",
        "FindingValue",
        "Severity",
        "FeedRows",
        "FindingCounts",
        "FindingsDigest",
        "LaterStock",
        "Report",
        "ReportFindings",
        "RuleInfo",
        "RunInfo",
        "Source",
        "UnjudgedOffers",
      ].sort(),
    );
  });

  it("exports from pricelint/report the formatters alone", () => {
    expect(exportedNames(join(dir, "report", "index.d.ts"))).toStrictEqual([...PUBLIC_FORMATTERS, ...PUBLIC_FORMATTER_TYPES].sort());
  });

  it("declares nothing else: no class or type of the engine is dragged in by an export", () => {
    // Besides the exports: the zod schemas the config and rule types are inferred from, a decimal option's type, and the
    // constant tuples whose element types are the severities and feed kinds.
    const support = ["configSchema", "feedSchema", "ruleSchema", "SEVERITIES", "FEED_KINDS", "FeedKind", "DecimalText"];
    const exported = new Set([...exportedNames(join(dir, "index.d.ts")), ...support]);
    expect(declaredNames(dir).filter((name) => !exported.has(name))).toStrictEqual([]);
    expect(declaredNames(dir)).not.toContain("FindingSet");
  });
});
