import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { defaultConfigsIn, DEFAULT_CONFIG_NAMES } from "./default-config.js";
import { validateConfig } from "../config/parse-config.js";
import { isPathPattern, literalPath } from "../io/feed-paths.js";
import { identity } from "../io/file-identity.js";
import { describeFileError } from "../io/read-text.js";
import { PricelintError } from "../model/errors.js";
import { starterConfig } from "../setup/starter.js";
import { configObject, remarksOf, renderJson, renderYaml } from "../setup/write-config.js";

const CONFIG = {
  $schema: "./node_modules/pricelint/dist/config.schema.json",
  timezone: "Europe/Rome",
  currency: "EUR",
  feeds: [
    { kind: "stores", path: "feeds/stores.csv" },
    { kind: "catalogue", path: "feeds/catalogue.csv" },
    { kind: "prices", path: "feeds/store.csv", constants: { channel: "store" } },
    { kind: "prices", path: "feeds/web.csv", constants: { channel: "web" } },
    { kind: "prices", path: "feeds/click_collect.csv", constants: { channel: "click_collect" } },
  ],
  // channel/online-differs-from-store is not in "recommended": named, so that its settings apply.
  rules: ["recommended", "channel/online-differs-from-store", "./rules/house.json"],
  ruleSettings: { "channel/online-differs-from-store": { tolerance: "0.01" } },
};

const HOUSE_RULE = {
  id: "house/web-not-above-store",
  description: "The web price never exceeds the store price at any store.",
  severity: "warning",
  scope: "pair",
  channels: ["web", "store"],
  options: { tolerance: { type: "money", default: "0.01", description: "a web price this much above the store's is fine" } },
  conditions: {
    all: [{ fact: "web", path: "$.effectivePrice", operator: "greaterThan", value: { fact: "store", path: "$.effectivePrice" } }],
  },
  message: "web {web.effectivePrice} is above store {store.effectivePrice} at {location|every location}",
};

/** `pricelint init`: writes a starter config and house rule file, never over existing files. */
export async function init(dir = "."): Promise<string> {
  const files: [string, unknown][] = [
    ["pricelint.config.json", CONFIG],
    ["rules/house.json", HOUSE_RULE],
  ];
  for (const [name] of files) {
    if (existsSync(join(dir, name))) throw new PricelintError("usage", `${name} already exists; pricelint init writes only new files`);
  }
  refuseSecondConfig(join(dir, "pricelint.config.json"), "remove it first if you want the starter config");
  for (const [name, content] of files) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(content, null, 2)}\n`, { flag: "wx" });
  }
  return [
    "wrote pricelint.config.json and rules/house.json",
    "next: point the feeds at your files (columns, constants and values map your column names),",
    "then run: npx pricelint check",
  ].join("\n");
}

/** The config `init --from` writes when `--out` names none. */
const DEFAULT_OUT = "pricelint.config.yaml";

/**
 * `pricelint init --from FILE… [--out CONFIG]`: a starter config made from the user's own files
 * (see setup/starter.ts), as YAML with comments or, for a `.json` path, JSON with its remarks
 * under `$comment`; never over an existing file. Returns what to tell the user.
 */
export async function initFrom(files: readonly string[], out = DEFAULT_OUT): Promise<string> {
  const json = /\.json$/i.test(out);
  if (!json && !/\.ya?ml$/i.test(out)) {
    throw new PricelintError("usage", `--out ${out}: a config is a .yaml, .yml or .json file (pricelint reads it by its ending)`);
  }
  if (existsSync(out))
    throw new PricelintError(
      "usage",
      `${out} already exists; pricelint init writes only new files: remove it or choose another with --out`,
    );
  refuseSecondConfig(out, "remove it first, or give this config another name with --out (then check --config NAME)");
  // A file given twice, however spelled (`data/web.csv ./data/web.csv`, a link), is one feed: check reads a file once.
  const given: string[] = [];
  const dropped: { file: string; as: string }[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let stats;
    try {
      stats = statSync(file);
    } catch (error) {
      throw new PricelintError("io", describeFileError(error), file, { cause: error });
    }
    if (!stats.isFile()) throw new PricelintError("io", "is a directory, not a file: give the feed files in it", file);
    const id = identity(file);
    const earlier = seen.get(id);
    // The same name again is read once without a word; another name for it is said to be dropped.
    if (earlier !== undefined) {
      if (earlier !== file) dropped.push({ file, as: earlier });
    } else {
      seen.set(id, file);
      given.push(file);
    }
  }
  const base = dirname(resolve(out));
  const starter = await starterConfig(given.map((file) => ({ file, path: configPath(base, file) })));
  if (starter.feeds.length === 0) {
    throw new PricelintError("io", `${starter.skipped.map((s) => `${s.file}: ${s.reason}`).join("; ")}; no config written`);
  }
  // What is written must load: a config that does not would be a bug here, not the user's to fix.
  validateConfig(configObject(starter.draft), out);
  const text = json ? renderJson(starter.draft) : renderYaml(starter.draft);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text, { flag: "wx" });
  const todos = remarksOf(starter.draft).filter((r) => r.includes("TODO")).length;
  const lines = [`wrote ${out}: ${starter.feeds.length} feed(s) from ${given.length} file(s)`];
  for (const feed of starter.feeds) {
    const columns = Object.entries(feed.columns).map(([field, column]) => (field === column ? field : `${field} ← ${column}`));
    const constants = Object.entries(feed.constants).map(([field, value]) => `${field} = ${String(value)}`);
    const ignored = (feed.draft.ignore ?? []).map((e) => e.value);
    const left = ignored.length > 0 ? `; left out: ${ignored.join(", ")}` : "";
    // A workbook of several sheets: which one was read, of which.
    const sheet = feed.draft.settings.find((e) => e.key === "sheet")?.value;
    const of =
      sheet === undefined || feed.sheets === undefined
        ? ""
        : ` (sheet ${JSON.stringify(sheet)} of ${feed.sheets.map((s) => JSON.stringify(s)).join(", ")})`;
    lines.push(`  ${feed.file}${of}: ${feed.kind}; ${[...columns, ...constants].join(", ") || "no field"}${left}`);
  }
  for (const s of starter.skipped) lines.push(`  skipped ${s.file}: ${s.reason}`);
  for (const d of dropped) lines.push(`  dropped ${d.file}: the same file as ${d.as}, which is read once`);
  lines.push(
    `${todos} remark(s) in ${out} say TODO: see to them before you rely on the config`,
    `then run: npx pricelint check --config ${out}`,
  );
  return lines.join("\n");
}

/**
 * Refuses to write `config`, a default config's name, beside another default config in its
 * folder: check, given no --config, would not know which of the two to read (and refuses to
 * choose). `advice` says what to do instead.
 */
function refuseSecondConfig(config: string, advice: string): void {
  const name = basename(config);
  if (!(DEFAULT_CONFIG_NAMES as readonly string[]).includes(name)) return;
  const other = defaultConfigsIn(dirname(config)).find((path) => basename(path) !== name);
  if (other === undefined) return;
  throw new PricelintError(
    "usage",
    `${other} is here already, and check reads one config: ${name} beside it would leave check (without --config) two to choose from; ${advice}`,
  );
}

/**
 * A file's path as the config at `base` names it: relative to the config's folder, with `/`. A
 * name a feed's path would read as a pattern (`[2026] prices.csv`) becomes one that matches that
 * file alone (see literalPath: `[[]2026[]] prices.csv`).
 */
function configPath(base: string, file: string): string {
  const path = relative(base, resolve(file)).split(sep).join("/");
  return isPathPattern(path) ? literalPath(path) : path;
}
