import { configSchema } from "../config/schema.js";
import { PricelintError } from "../model/errors.js";
import { formatConditions } from "../report/condition-tree.js";
import { BUILTIN_RULES } from "../rules/builtin.js";
import { declarationsOf, describeOptionType } from "../rules/options.js";
import { PRESETS } from "../rules/presets.js";
import { isAlwaysOn } from "../rules/select-rules.js";
import { compareText } from "../text/compare.js";

/** `pricelint rules [--json]`: every built-in rule with its scope, severity, options (type, default, meaning) and preset. */
export function listRules(json: boolean): string {
  const rules = BUILTIN_RULES.map(({ id, scope, severity, description, channels, options, recommended }) => ({
    id,
    scope,
    severity,
    description,
    channels: channels ?? [],
    options: declarationsOf(options),
    recommended: recommended === true,
  })).sort((a, b) => compareText(a.id, b.id));
  if (json) return JSON.stringify(rules, null, 2);
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules
    .map((r) => {
      const options = Object.keys(r.options);
      const head = `${r.id.padEnd(width)}  ${r.scope.padEnd(9)}  ${r.severity.padEnd(7)}  ${(r.recommended ? "recommended" : "").padEnd(11)}`;
      return `${head}  ${r.description}${options.length > 0 ? ` (options: ${options.join(", ")})` : ""}`;
    })
    .join("\n");
}

/** `pricelint explain RULE_ID`: what the rule checks, its options, its conditions, and how to change it. */
export function explainRule(id: string): string {
  const rule = BUILTIN_RULES.find((r) => r.id === id);
  if (!rule) throw new PricelintError("usage", `no built-in rule "${id}"; pricelint rules lists them`);
  const channels = rule.channels?.length ? ` (${rule.channels.join(", ")})` : "";
  const options = Object.entries(declarationsOf(rule.options));
  const lines = [`${rule.id} — ${rule.severity}, ${rule.scope} scope${channels}`, rule.description];
  if (rule.help) lines.push("", rule.help);
  if (options.length > 0) {
    lines.push("", "Options (in ruleSettings):");
    for (const [name, d] of options) {
      lines.push(`  ${name}: ${describeOptionType(d)}, default ${JSON.stringify(d.default)}${d.description ? ` — ${d.description}` : ""}`);
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
  lines.push(
    "",
    "In the config:",
    system
      ? `  (always on, whatever "rules" selects)`
      : `  "rules": ["${rule.id}"]   (this rule alone; the preset${presets.length === 1 ? "" : "s"} ${takers} take${presets.length === 1 ? "s" : ""} it too)`,
    `  "ruleSettings": { "${rule.id}": ${setting} }`,
  );
  // Only what the config's schema accepts: feed/invalid-row cannot be switched off.
  if (configSchema.shape.ruleSettings.safeParse({ [rule.id]: "off" }).success) lines.push(`  "ruleSettings": { "${rule.id}": "off" }`);
  if (!system) {
    // A rule file may not take a built-in's id (it would replace the built-in unseen), nor say whether a preset takes it.
    const { recommended: _, ...house } = { ...rule, id: `house/${rule.id.split("/").pop()}` };
    lines.push("", "As a rule file (copy it to start a house rule):", JSON.stringify(house, null, 2));
  }
  return lines.join("\n");
}
