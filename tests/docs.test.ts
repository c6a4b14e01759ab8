import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FEED_FIELDS, FEED_KINDS } from "../src/model/fields.js";
import { BUILTIN_RULES } from "../src/rules/builtin.js";
import { PRESETS } from "../src/rules/presets.js";
import { CONTEXT_FACTS, OFFER_FACTS, PRODUCT_FACTS, STORE_FACTS } from "../src/rules/facts.js";

const README = readFileSync("README.md", "utf8");

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

describe("the README", () => {
  it("shows the two quick-start commands", () => {
    expect(README).toContain("npm ci && npm run demo");
    expect(README).toContain("npm ci && npm test");
  });

  it("has the facts table generated from the code (npx tsx scripts/docs-tables.ts)", async () => {
    const { renderReadme } = await import("../scripts/docs-tables.js");
    expect(renderReadme(README)).toBe(README);
  });

  it("documents every fact", () => {
    const names = [
      ...CONTEXT_FACTS.map((f) => f.name),
      ...OFFER_FACTS.map((f) => f.name),
      ...PRODUCT_FACTS.map((f) => `product.${f.name}`),
      ...STORE_FACTS.map((f) => `store.${f.name}`),
    ];
    for (const name of names) expect(README, name).toContain(`| \`${name}\` |`);
  });

  it("lists every field of every feed kind in its row of the feeds table", () => {
    for (const kind of FEED_KINDS) {
      const row = README.split("\n").find((line) => line.startsWith(`| \`${kind}\` | `));
      expect(row, kind).toBeDefined();
      for (const field of FEED_FIELDS[kind]) expect(row, `${kind}.${field.name}`).toContain(`\`${field.name}\``);
    }
  });

  it("lists every built-in rule with its scope and severity", () => {
    for (const rule of BUILTIN_RULES) expect(README, rule.id).toContain(`| \`${rule.id}\` | ${rule.scope} | ${rule.severity} |`);
  });
});

describe("the built-in rule files", () => {
  it("are all bundled, and every preset names existing rules", () => {
    const onDisk = files("rules", ".json").map((p) =>
      relative("rules", p)
        .replace(/\.json$/, "")
        .split("\\")
        .join("/"),
    );
    expect(BUILTIN_RULES.map((r) => r.id).sort()).toStrictEqual(onDisk.sort());
    const ids = new Set(BUILTIN_RULES.map((r) => r.id));
    for (const [preset, list] of Object.entries(PRESETS)) for (const id of list) expect(ids.has(id), `${preset}: ${id}`).toBe(true);
  });
});

describe("references", () => {
  it("cite only what the repository has: no section of a SPEC that is not in it", () => {
    const texts = [...files("src", ".ts"), ...files("tests", ".ts"), ...files("docs", ".md"), "README.md"];
    const cited = texts.filter((path) => /\bSPEC §/.test(readFileSync(path, "utf8")));
    expect(cited).toStrictEqual([]);
  });
});

describe("the pipeline's boundaries", () => {
  const sources = files("src", ".ts").map((path) => ({ path: relative("src", path), text: readFileSync(path, "utf8") }));
  const importers = (pattern: RegExp) => sources.filter((s) => pattern.test(s.text)).map((s) => s.path.split("/")[0]);

  it("touches the file system only in io/ and cli/", () => {
    expect(new Set(importers(/from "node:fs(\/promises)?"/))).toStrictEqual(new Set(["io", "cli"]));
  });

  it("reads the process only in cli/", () => {
    expect(new Set(importers(/\bprocess\.(argv|env|stdout|stderr|exit|cwd)/))).toStrictEqual(new Set(["cli"]));
  });

  it("keeps date libraries in time/ and never ships json-rules-engine", () => {
    expect(new Set(importers(/from "(date-fns|@date-fns\/tz)"/))).toStrictEqual(new Set(["time"]));
    expect(importers(/from "json-rules-engine"/)).toStrictEqual([]);
  });
});

describe("docs/bad-input.md", () => {
  it("has a test named by each entry's id", () => {
    const page = readFileSync("docs/bad-input.md", "utf8");
    const ids = [...page.matchAll(/^\| ([A-Z]\d{2}) \|/gm)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(100);
    const names = files("tests", ".ts")
      .map((path) => readFileSync(path, "utf8"))
      .join("\n");
    // A test named "X11–X14 …" covers the entries of that range; a describe named "X11 …", those of its tests.
    const covered = new Set<string>();
    for (const [, first, last] of names.matchAll(
      /\b(?:it|it\.fails|it\.skipIf\(!?\w+\)|test|describe)\(\s*["'`]([A-Z]\d{2})(?:–([A-Z]\d{2}))?\b/g,
    )) {
      const letter = first!.slice(0, 1);
      const to = last === undefined ? Number(first!.slice(1)) : Number(last.slice(1));
      for (let n = Number(first!.slice(1)); n <= to; n++) covered.add(`${letter}${String(n).padStart(2, "0")}`);
    }
    expect(ids.filter((id) => !covered.has(id))).toStrictEqual([]);
  });
});
