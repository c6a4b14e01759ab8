import type { RuleInfo } from "../model/report.js";
import { BUILTIN_RULES } from "../rules/builtin.js";

/**
 * What a merged report can say of the rules that ran. JSON reports do not carry them, but a
 * built-in rule's description is the package's own (a house rule cannot take a built-in's id),
 * so the merged Markdown describes each built-in rule's findings as the unsharded run's does.
 * A house rule's description is in its rule file, which merge does not read: its section has none.
 * Severities are the built-ins' defaults; the formats merge writes read only the descriptions.
 */
export function mergeRules(): RuleInfo[] {
  return BUILTIN_RULES.map(({ id, severity, scope, description, help }) => ({
    id,
    severity,
    scope,
    description,
    help: help ?? null,
    origin: "built-in",
  }));
}
