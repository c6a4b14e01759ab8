import { z } from "zod";
import { describeIssues } from "../config/parse-config.js";
import { PricelintError } from "../model/errors.js";
import { SEVERITIES, type Severity } from "../model/finding.js";
import { SCOPES, type EvalContext, type FactNeeds } from "./facts.js";
import type { Explanation } from "../model/explanation.js";
import type { UnjudgedOffers } from "../model/report.js";
import type { Predicate } from "./condition-plan.js";
import type { FindingValue } from "../model/finding.js";
import { optionIssues, type OptionEntry, type OptionValue } from "./options.js";

/** Rule ids: lowercase segments separated by `/`, e.g. `house/web-not-above-store`. */
export const RULE_ID = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9._-]*)+$/;

/** Scopes of rules that are not evaluated on entities but raised by the loader or the config. */
export const SYSTEM_SCOPES = ["feed", "config"] as const;

/** The envelope of a rule file entry; `conditions` is checked by the compiler, which knows the facts. */
export const ruleSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(RULE_ID, "a rule id is lowercase segments separated by '/', e.g. house/web-not-above-store"),
  description: z.string().min(1),
  severity: z.enum(SEVERITIES),
  scope: z.enum([...SCOPES, ...SYSTEM_SCOPES]),
  /** Whether the preset `recommended` switches the rule on (built-in rules; a rule file's may not say true). */
  recommended: z.boolean().optional(),
  channels: z.array(z.string().min(1)).optional(),
  /** The options the rule takes, each declared with its type and default (see options.ts). */
  options: z
    .record(z.string(), z.custom<OptionEntry>())
    .superRefine((options, ctx) => {
      for (const issue of optionIssues(options)) ctx.addIssue({ code: "custom", path: [...issue.path], message: issue.message });
    })
    .optional(),
  conditions: z.unknown().optional(),
  message: z.string().min(1).optional(),
  help: z.string().optional(),
});

/** A rule as written: plain data, json-rules-engine conditions. */
export type RuleDefinition = z.infer<typeof ruleSchema>;

/** Validates a built-in rule file's content as any rule file is: the catalogue is typed by this check, not by a cast. */
export function builtinRule(content: unknown): RuleDefinition {
  const result = ruleSchema.safeParse(content);
  if (!result.success) {
    const id = (content as { id?: unknown } | null)?.id;
    throw new PricelintError("rule", `built-in rule ${String(id)}: ${describeIssues(result.error)}`);
  }
  // Frozen through: a caller that changes one (BUILTIN_RULES is exported) would change every later run in the process.
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/** Returns the rule unchanged, typed: for rules written in TypeScript. */
export function defineRule<const R extends RuleDefinition>(rule: R): R {
  return rule;
}

/** A rule ready to run: its conditions compiled once into a synchronous predicate. */
export interface CompiledRule {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly scope: RuleDefinition["scope"];
  readonly channels: readonly string[];
  /** The value of each declared option: its default, or the config's setting. */
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly help: string | null;
  /** Where the rule was defined: `built-in` or its file. */
  readonly origin: string;
  /** null for feed- and config-level rules, which the loader raises. */
  readonly test: Predicate | null;
  /** The evaluation with its trace (what each leaf compared), for `--explain`. */
  readonly explain: ((ctx: EvalContext) => Explanation) | null;
  /** Labels of the facts the conditions read. */
  readonly facts: readonly string[];
  /** Labels of the facts the conditions or the message read. */
  readonly reads: readonly string[];
  /** What evaluation must provide for those facts: the union of their needs. */
  readonly needs: FactNeeds;
  /** The facts the conditions compared, formatted for the finding. */
  readonly values: (ctx: EvalContext) => Record<string, FindingValue>;
  readonly message: (ctx: EvalContext, values: Readonly<Record<string, FindingValue>>) => string;
  /**
   * Where its money options and the amounts its conditions write are amounts in the config's
   * currency (see compileRule): those that are not zero, and the currencies of the offers it left
   * unjudged so far, not given in theirs.
   */
  readonly unjudged?: {
    readonly options: UnjudgedOffers["options"];
    readonly written: UnjudgedOffers["written"];
    readonly currencies: ReadonlySet<string>;
    readonly given: readonly string[];
  };
}
