import { PricelintError } from "../errors.js";
import { formatConditions } from "../report/condition-tree.js";
import { BUILTIN_RULES, PLANNED_RULES, PRESETS } from "../rules/builtin.js";

/** `pricelint rules [--json]`: every built-in rule, and those that need feeds this release does not read. */
export function listRules(json: boolean): string {
  const recommended = new Set(PRESETS.recommended ?? []);
  const rules = [
    ...BUILTIN_RULES.map(({ id, scope, severity, description, channels, options }) => ({
      id, scope, severity, description, channels: channels ?? [], options: options ?? {},
      recommended: recommended.has(id), available: true, needs: [] as readonly string[],
    })),
    ...PLANNED_RULES.map(({ id, scope, severity, description, needs }) => ({
      id, scope, severity, description, channels: [], options: {}, recommended: false, available: false, needs,
    })),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (json) return JSON.stringify(rules, null, 2);
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules
    .map((r) => {
      const note = r.available ? "" : ` (needs ${r.needs.join(" and ")}: not in this release)`;
      return `${r.id.padEnd(width)}  ${r.scope.padEnd(9)}  ${r.severity.padEnd(7)}  ${r.description}${note}`;
    })
    .join("\n");
}

/** `pricelint explain RULE_ID`: what the rule checks, its options, its conditions, and how to change it. */
export function explainRule(id: string): string {
  const rule = BUILTIN_RULES.find((r) => r.id === id);
  if (!rule) {
    const planned = PLANNED_RULES.find((r) => r.id === id);
    if (planned) return `${planned.id} — ${planned.severity}, ${planned.scope} scope\n${planned.description}\n\nIt needs ${planned.needs.join(" and ")} feeds, which this release does not read yet.`;
    throw new PricelintError("usage", `no built-in rule "${id}"; pricelint rules lists them`);
  }
  const channels = rule.channels?.length ? ` (${rule.channels.join(", ")})` : "";
  const options = Object.entries(rule.options ?? {});
  const lines = [`${rule.id} — ${rule.severity}, ${rule.scope} scope${channels}`, rule.description];
  if (rule.help) lines.push("", rule.help);
  if (options.length > 0) lines.push("", "Options:", ...options.map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`));
  if (rule.conditions !== undefined) lines.push("", "Fires when:", ...formatConditions(rule.conditions));
  if (rule.message) lines.push("", `Message: ${rule.message}`);
  const setting = options.length > 0 ? `{ "severity": "${rule.severity}", ${options.map(([k, v]) => `"${k}": ${JSON.stringify(v)}`).join(", ")} }` : `"${rule.severity}"`;
  lines.push(
    "",
    "In the config:",
    `  "rules": ["${rule.id}"]   (this rule alone; the presets "recommended" and "all" take it too)`,
    `  "ruleSettings": { "${rule.id}": ${setting} }`,
    `  "ruleSettings": { "${rule.id}": "off" }`,
    "",
    "As a rule file (copy it to start a house rule):",
    JSON.stringify(rule, null, 2),
  );
  return lines.join("\n");
}
