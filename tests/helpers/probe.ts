import type { RuleDefinition } from "../../src/rules/rule.js";

/**
 * An offer rule that fires on every offer where one of the money `facts` is known (0 or more),
 * so that a test reads the computed amounts from its findings' values.
 */
export function probeRule(facts: readonly string[], id = "test/probe"): RuleDefinition {
  return {
    id,
    description: "reports the offers' amounts",
    severity: "info",
    scope: "offer",
    conditions: { any: facts.map((fact) => ({ fact, operator: "greaterThanInclusive", value: "0" })) },
  } as RuleDefinition;
}
