import { loadConfig, type LoadedConfig } from "../config/load-config.js";
import { configSchema } from "../config/schema.js";
import { PricelintError } from "../model/errors.js";
import { readRuleFiles } from "../pipeline/inputs.js";
import { formatConditions } from "../report/condition-tree.js";
import { BUILTIN_RULES } from "../rules/builtin.js";
import { declarationsOf, describeOption } from "../rules/options.js";
import { PRESETS } from "../rules/presets.js";
import type { RuleDefinition } from "../rules/rule.js";
import { namingConfig } from "../pipeline/config-error.js";
import { configRuleSelection, isAlwaysOn, isRuleFile, readRuleFile } from "../rules/select-rules.js";
import { compareText } from "../text/compare.js";
import { terminalLine } from "../text/terminal.js";
import { defaultConfigsIn, findDefaultConfig } from "./default-config.js";

/** A rule as `rules` and `explain` show it, and where it is defined: `built-in`, or the config's rule file (or `rules[2]`) that holds it. */
export interface ShownRule {
  readonly rule: RuleDefinition;
  readonly origin: string;
}

const BUILTIN: readonly ShownRule[] = BUILTIN_RULES.map((rule) => ({ rule, origin: "built-in" }));

/**
 * The built-in rules and the house rules of a config: those of its rule files, and those written
 * in its `rules`. The config's rules are compiled as `check` compiles them, so that a rule check
 * refuses is refused here too, not explained as if it ran.
 */
export async function configRules(loaded: LoadedConfig): Promise<ShownRule[]> {
  const { config, baseDir } = loaded;
  const files = await readRuleFiles(config.rules, baseDir);
  // Refused as check refuses them, naming the config as check does.
  try {
    configRuleSelection(config, files);
  } catch (error) {
    throw namingConfig(error, loaded.file);
  }
  const house = config.rules.flatMap((entry, i) =>
    typeof entry !== "string"
      ? readRuleFile(entry, `rules[${i}]`).rules.map((rule) => ({ rule, origin: `rules[${i}]` }))
      : isRuleFile(entry)
        ? files.get(entry)!.rules.map((rule) => ({ rule, origin: entry }))
        : [],
  );
  return [...BUILTIN, ...house];
}

/** `pricelint rules [--config FILE]`: the built-in rules, and with a config its house rules too. */
export async function rulesCommand(json: boolean, configFile: string | undefined): Promise<string> {
  return listRules(json, configFile === undefined ? BUILTIN : await configRules(await loadConfig(configFile)));
}

/**
 * `pricelint explain RULE_ID [--config FILE]`: a built-in rule needs no config; any other id is
 * looked for among the house rules of `--config`, or else of the config `check` would read in the
 * working directory, when there is one.
 */
export async function explainCommand(id: string, configFile: string | undefined): Promise<string> {
  const builtin = configFile === undefined && BUILTIN_RULES.some((r) => r.id === id);
  if (builtin || (configFile === undefined && defaultConfigsIn().length === 0)) return explainRule(id);
  return explainRule(id, await configRules(await loadConfig(configFile ?? findDefaultConfig())), true);
}

/**
 * `pricelint rules [--json]`: every rule with its scope, severity, options (type, default,
 * meaning) and preset; a house rule (of `rules` given a config's) with the file that defines it.
 * A rule file may come from others: each line is written as the table of `check` writes one
 * (see terminalLine), so no description can forge a line of the list or move the cursor.
 */
export function listRules(json: boolean, shown: readonly ShownRule[] = BUILTIN): string {
  const rules = shown
    .map(({ rule: { id, scope, severity, description, channels, options }, origin }) => ({
      id,
      scope,
      severity,
      description,
      channels: channels ?? [],
      options: declarationsOf(options),
      // Whether the preset takes it, as the preset says: its own list of built-in rules.
      recommended: PRESETS["recommended"]!.includes(id),
      ...(origin === "built-in" ? {} : { file: origin }),
    }))
    .sort((a, b) => compareText(a.id, b.id));
  if (json) return JSON.stringify(rules, null, 2);
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules
    .map((r) => {
      const options = Object.keys(r.options);
      const head = `${r.id.padEnd(width)}  ${r.scope.padEnd(9)}  ${r.severity.padEnd(7)}  ${(r.recommended ? "recommended" : "").padEnd(11)}`;
      const file = r.file === undefined ? "" : ` [${r.file}]`;
      return terminalLine(`${head}  ${r.description}${options.length > 0 ? ` (options: ${options.join(", ")})` : ""}${file}`);
    })
    .join("\n");
}

/**
 * What a rule checks, its options, its conditions, and how to change it; `rules` are those there
 * are, the built-in ones unless a config's (`configured`) are given. Each line is written as the
 * table of `check` writes one (see terminalLine): a description's line break is a space, and
 * control and bidi characters are visible escapes.
 */
export function explainRule(id: string, rules: readonly ShownRule[] = BUILTIN, configured = false): string {
  const found = rules.find((r) => r.rule.id === id);
  if (!found) {
    throw new PricelintError(
      "usage",
      configured
        ? `no rule "${id}", built-in or in the config's rules; pricelint rules --config FILE lists them`
        : `no built-in rule "${id}"; pricelint rules lists them, and explain --config FILE explains the house rules of a config`,
    );
  }
  const { rule, origin } = found;
  const channels = rule.channels?.length ? ` (${rule.channels.join(", ")})` : "";
  const options = Object.entries(declarationsOf(rule.options));
  const lines = [`${rule.id} — ${rule.severity}, ${rule.scope} scope${channels}`, rule.description];
  if (rule.help) lines.push("", rule.help);
  if (options.length > 0) {
    lines.push("", "Options (in ruleSettings):");
    for (const [name, d] of options) {
      lines.push(`  ${name}: ${describeOption(d)}, default ${JSON.stringify(d.default)}${d.description ? ` — ${d.description}` : ""}`);
    }
  }
  if (rule.conditions !== undefined) lines.push("", "Fires when:", ...formatConditions(rule.conditions));
  if (rule.message) lines.push("", `Message: ${rule.message}`);
  const setting =
    options.length > 0
      ? `{ "severity": "${rule.severity}", ${options.map(([k, d]) => `"${k}": ${JSON.stringify(d.default)}`).join(", ")} }`
      : `"${rule.severity}"`;
  // The feed's and the config's rules are raised by pricelint itself: always on, and no rule file can copy them.
  const system = isAlwaysOn(rule);
  const presets = Object.keys(PRESETS).filter((name) => PRESETS[name]!.includes(rule.id));
  const takers = presets.map((name) => `"${name}"`).join(" and ");
  const builtin = origin === "built-in";
  lines.push(
    "",
    "In the config:",
    system
      ? `  (always on, whatever "rules" selects)`
      : !builtin
        ? isRuleFile(origin)
          ? `  "rules": [${JSON.stringify(origin)}]   (the rule file that defines it, with its other rules)`
          : `  (written in the config's ${origin})`
        : `  "rules": ["${rule.id}"]   (this rule alone; the preset${presets.length === 1 ? "" : "s"} ${takers} take${presets.length === 1 ? "s" : ""} it too)`,
    `  "ruleSettings": { "${rule.id}": ${setting} }`,
  );
  // Only what the config's schema accepts: feed/invalid-row cannot be switched off.
  if (configSchema.shape.ruleSettings.safeParse({ [rule.id]: "off" }).success) lines.push(`  "ruleSettings": { "${rule.id}": "off" }`);
  if (builtin && !system) {
    // A rule file may not take a built-in's id (it would replace the built-in unseen), nor say that a preset takes it.
    const { recommended: _, ...house } = { ...rule, id: `house/${rule.id.split("/").pop()}` };
    lines.push("", "As a rule file (copy it to start a house rule):", ...JSON.stringify(house, null, 2).split("\n"));
  }
  return lines.map(terminalLine).join("\n");
}
