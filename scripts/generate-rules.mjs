/**
 * Writes what is derived from the built-in rule files (rules/<group>/<name>.json), so that it
 * cannot drift from them:
 *
 * - src/rules/builtin.ts, which bundles every rule file (the presets are derived from the files'
 *   `recommended` in src/rules/presets.ts);
 * - the README's tables of the built-in rules and of their options, between the
 *   `<!-- generated: NAME … -->` and `<!-- end generated: NAME -->` markers.
 *
 * Usage: node scripts/generate-rules.mjs [--check] [--root DIR]   (npm run generate:rules)
 * --check writes nothing and exits 1 when a generated file differs from what it would write;
 * tests/generated-rules.test.ts runs it. Plain Node, no dependency: it reads JSON and writes text.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const BUILTIN = "src/rules/builtin.ts";
const README = "README.md";

/** The rule files under `root`/rules, by their path relative to it with `/`, in code-unit order. */
function ruleFiles(root) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith(".json") ? [relative(root, path).split(sep).join("/")] : [];
    });
  return walk(join(root, "rules")).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What a built-in rule file must hold beyond what any rule file holds (src/rules/rule.ts checks the rest when it loads). */
function builtinProblems(path, rule) {
  const problems = [];
  const id = path.slice("rules/".length, -".json".length);
  if (rule.id !== id) problems.push(`its id is ${JSON.stringify(rule.id)}, but its path says "${id}"`);
  if (typeof rule.recommended !== "boolean") problems.push('"recommended" must be true or false');
  for (const [name, option] of Object.entries(rule.options ?? {})) {
    if (typeof option !== "object" || option === null) problems.push(`options.${name} must be declared with its type`);
    else if (typeof option.description !== "string" || option.description === "") problems.push(`options.${name} needs a description`);
  }
  return problems.map((problem) => `${path}: ${problem}`);
}

const importName = (id) =>
  id
    .split(/[/_.-]/)
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join("");

function builtinModule(paths, rules) {
  const names = rules.map((rule) => importName(rule.id));
  return [
    "// Generated from the rule files in rules/ by scripts/generate-rules.mjs: do not edit. After adding,",
    "// removing or renaming a rule file, run `npm run generate:rules` (tests/generated-rules.test.ts fails until then).",
    'import { builtinRule, type RuleDefinition } from "./rule.js";',
    ...paths.map((path, i) => `import ${names[i]} from "../../${path}";`),
    "",
    "/** The built-in rules, bundled from the package's `rules/` folder (data, not code) and validated as any rule file is. */",
    "export const BUILTIN_RULES: readonly RuleDefinition[] = Object.freeze(",
    "  [",
    ...names.map((name) => `    ${name},`),
    "  ].map(builtinRule),",
    ");",
    "",
  ].join("\n");
}

const cell = (text) => String(text).replaceAll("|", "\\|");
const row = (cells) => `| ${cells.map(cell).join(" | ")} |`;
const code = (text) => `\`${text}\``;

/**
 * The type of an option as the README shows it: `money ≥ 0`, `percent 0–100`, `one of offer,
 * channel, company`, and the option it may not exceed (`integer ≥ 1, at most inStockFrom`).
 */
function typeText(option) {
  if (option.type === "enum") return `one of ${option.values.join(", ")}`;
  return option.atMost === undefined ? bounds(option) : `${bounds(option)}, at most \`${option.atMost}\``;
}

/** An option's type and its bounds: `money ≥ 0`, `percent 0–100`. */
function bounds(option) {
  const { min, max } = option;
  if (min !== undefined && max !== undefined) return `${option.type} ${min}–${max}`;
  if (min !== undefined) return `${option.type} ≥ ${min}`;
  if (max !== undefined) return `${option.type} ≤ ${max}`;
  return option.type;
}

function rulesTable(rules) {
  const lines = ["| id | scope | severity | recommended | fires when | options |", "|---|---|---|---|---|---|"];
  for (const r of rules) {
    const options =
      Object.keys(r.options ?? {})
        .map(code)
        .join(", ") || "—";
    lines.push(row([code(r.id), r.scope, r.severity, r.recommended ? "yes" : "", r.description, options]));
  }
  return lines.join("\n");
}

function optionsTable(rules) {
  const lines = ["| rule | option | type | default | meaning |", "|---|---|---|---|---|"];
  for (const r of rules) {
    for (const [name, option] of Object.entries(r.options ?? {})) {
      lines.push(row([code(r.id), code(name), typeText(option), code(JSON.stringify(option.default)), option.description]));
    }
  }
  return lines.join("\n");
}

/** Replaces the text between `<!-- generated: NAME … -->` and `<!-- end generated: NAME -->`. */
function replaceSection(text, name, body, file) {
  const start = new RegExp(`<!-- generated: ${name}\\b[^>]*-->\\n`);
  const end = `<!-- end generated: ${name} -->`;
  const found = start.exec(text);
  const j = text.indexOf(end);
  if (!found || j < found.index) throw new Error(`${file}: no "<!-- generated: ${name} … -->" … "${end}" markers`);
  const i = found.index + found[0].length;
  return `${text.slice(0, i)}${body}\n${text.slice(j)}`;
}

/** Every generated file's path (relative to `root`) and the content it should have. */
export function generate(root) {
  const paths = ruleFiles(root);
  const rules = paths.map((path) => JSON.parse(readFileSync(join(root, path), "utf8")));
  const problems = paths.flatMap((path, i) => builtinProblems(path, rules[i]));
  if (problems.length > 0) throw new Error(problems.join("\n"));
  let readme = readFileSync(join(root, README), "utf8");
  readme = replaceSection(readme, "rules", rulesTable(rules), README);
  readme = replaceSection(readme, "rule-options", optionsTable(rules), README);
  return new Map([
    [BUILTIN, builtinModule(paths, rules)],
    [README, readme],
  ]);
}

function main(args) {
  const check = args.includes("--check");
  const rootIndex = args.indexOf("--root");
  const root = rootIndex >= 0 ? args[rootIndex + 1] : fileURLToPath(new URL("..", import.meta.url));
  let stale = 0;
  for (const [path, content] of generate(root)) {
    let current = null;
    try {
      current = readFileSync(join(root, path), "utf8");
    } catch {
      // a missing file is stale
    }
    if (current === content) continue;
    stale++;
    if (check) console.error(`${path} is out of date with rules/: run npm run generate:rules`);
    else writeFileSync(join(root, path), content);
  }
  if (!check) console.log(stale === 0 ? "generated files are up to date" : `wrote ${stale} file(s)`);
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}
