import { parseAmount, type Micros } from "../money/amount.js";
import type { Explanation } from "../model/explanation.js";
import type { FindingValue } from "../model/finding.js";
import { parseInstant } from "../time/instant.js";
import type { Accessor, FactResolver } from "./fact-lookup.js";
import type { EvalContext, FactType } from "./facts.js";
import { parsePath, type PathStep } from "./json-path.js";
import { Ratio } from "../money/ratio.js";
import { decorate, exactOperator, JRE_OPERATORS, OPERATOR_NAMES, parseOperator, percentOperator, ratioOperator, type Operator } from "./operators.js";

/** Three-valued result: a condition on a missing fact is neither true nor false. */
export const TRUE = 1;
export const FALSE = 0;
export const UNKNOWN = -1;
export type Verdict = typeof TRUE | typeof FALSE | typeof UNKNOWN;

export type Predicate = (ctx: EvalContext) => Verdict;
export type { Explanation };

/** A compiled condition: its predicate, and the same evaluation with its trace. */
export interface CompiledCondition {
  readonly test: Predicate;
  readonly explain: (ctx: EvalContext) => Explanation;
}

/** What the compiler needs to know about the rule it compiles. */
export interface CompileEnv {
  readonly facts: FactResolver;
  /** "offer scope", for messages. */
  readonly where: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** Absolute money tolerance of equality and strict comparisons. */
  readonly tolerance: Micros;
  /** Relative tolerance, in millionths of a percent. */
  readonly tolerancePercent: Micros;
  /** Formats a fact's value as a finding reports it. */
  readonly format: (accessor: Accessor, ctx: EvalContext) => FindingValue;
}

/** A rule-file problem at a JSON path; the caller adds the file name. */
export class ConditionError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const LEAF_KEYS = new Set(["fact", "operator", "value", "path", "params", "name", "priority"]);

/**
 * Compiles a json-rules-engine condition tree into a synchronous predicate, once. Leaves read
 * facts through `env.facts`; money compares as exact integers with the rule's tolerance; a leaf
 * whose fact is missing is UNKNOWN, `all`/`any`/`not` follow three-valued logic, and a rule
 * fires only on TRUE. `facts` collects the accessors the conditions read, for `values`.
 * The root is one `all`, `any` or `not`, as json-rules-engine requires.
 */
export function compileConditions(root: unknown, env: CompileEnv, facts: Map<string, Accessor>): CompiledCondition {
  const path = "$.conditions";
  if (typeof root !== "object" || root === null || !["all", "any", "not"].some((k) => k in root)) {
    throw new ConditionError(path, "the root of the conditions is one all, any or not");
  }
  return compileCondition(root, env, path, facts);
}

function compileCondition(node: unknown, env: CompileEnv, path: string, facts: Map<string, Accessor>): CompiledCondition {
  if (!isObject(node)) throw new ConditionError(path, "a condition must be an object");
  const keys = ["all", "any", "not"].filter((k) => k in node);
  if (keys.length > 1) throw new ConditionError(path, `a condition has one of all, any, not; found ${keys.join(" and ")}`);
  if ("all" in node || "any" in node) {
    const key = "all" in node ? "all" : "any";
    const list = node[key];
    if (!Array.isArray(list)) throw new ConditionError(`${path}.${key}`, "must be an array of conditions");
    const parts = list.map((c, i) => compileCondition(c, env, `${path}.${key}[${i}]`, facts));
    return key === "all" ? allOf(parts) : anyOf(parts);
  }
  if ("not" in node) {
    const inner = compileCondition(node.not, env, `${path}.not`, facts);
    const test: Predicate = (ctx) => negate(inner.test(ctx));
    return { test, explain: (ctx) => ({ kind: "not", verdict: test(ctx), children: [inner.explain(ctx)] }) };
  }
  if ("condition" in node) throw new ConditionError(`${path}.condition`, "shared condition references are not supported; write the condition out");
  return compileLeaf(node, env, path, facts);
}

function negate(v: Verdict): Verdict {
  return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
}

function allOf(parts: CompiledCondition[]): CompiledCondition {
  const tests = parts.map((p) => p.test);
  const test: Predicate = tests.length === 1 ? tests[0]! : (ctx) => {
    let result: Verdict = TRUE;
    for (let i = 0; i < tests.length; i++) {
      const v = tests[i]!(ctx);
      if (v === FALSE) return FALSE;
      if (v === UNKNOWN) result = UNKNOWN;
    }
    return result;
  };
  return { test, explain: (ctx) => ({ kind: "all", verdict: test(ctx), children: parts.map((p) => p.explain(ctx)) }) };
}

/** `any` of nothing is true, as in json-rules-engine. */
function anyOf(parts: CompiledCondition[]): CompiledCondition {
  const tests = parts.map((p) => p.test);
  const test: Predicate = tests.length === 1 ? tests[0]! : (ctx) => {
    if (tests.length === 0) return TRUE;
    let result: Verdict = FALSE;
    for (let i = 0; i < tests.length; i++) {
      const v = tests[i]!(ctx);
      if (v === TRUE) return TRUE;
      if (v === UNKNOWN) result = UNKNOWN;
    }
    return result;
  };
  return { test, explain: (ctx) => ({ kind: "any", verdict: test(ctx), children: parts.map((p) => p.explain(ctx)) }) };
}

function resolve(env: CompileEnv, fact: unknown, jsonPath: unknown, path: string): Accessor | "option" {
  if (typeof fact !== "string" || fact === "") throw new ConditionError(`${path}.fact`, "a fact name is required");
  let steps: PathStep[] = [];
  if (jsonPath !== undefined) {
    const parsed = typeof jsonPath === "string" ? parsePath(jsonPath) : null;
    if (parsed === null) {
      throw new ConditionError(`${path}.path`, `unsupported path ${JSON.stringify(jsonPath)}: use $.name, $.a.b, $['a b'] or $.list[0]`);
    }
    steps = parsed;
  }
  const accessor = env.facts.resolve(fact, steps);
  if (accessor === undefined) {
    const name = [fact, ...steps].join(".");
    throw new ConditionError(`${path}.fact`, `unknown fact "${name}" in ${env.where}; known: ${env.facts.known(name).join(", ")}`);
  }
  return accessor;
}

function readOption(env: CompileEnv, jsonPath: unknown, path: string): { name: string; value: unknown } {
  const steps = typeof jsonPath === "string" ? parsePath(jsonPath) : null;
  const name = steps?.length === 1 && typeof steps[0] === "string" ? steps[0] : null;
  if (name === null) throw new ConditionError(`${path}.path`, 'an option is read as {"fact": "options", "path": "$.name"}');
  if (!Object.hasOwn(env.options, name)) {
    throw new ConditionError(`${path}.path`, `the rule has no option "${name}"; its options: ${Object.keys(env.options).join(", ") || "none"}`);
  }
  return { name, value: env.options[name] };
}

const isExact = (type: FactType) => type === "money" || type === "quantity" || type === "instant" || type === "ratio";

function compileLeaf(node: Record<string, unknown>, env: CompileEnv, path: string, facts: Map<string, Accessor>): CompiledCondition {
  for (const key of Object.keys(node)) {
    if (!LEAF_KEYS.has(key)) throw new ConditionError(`${path}.${key}`, `unknown key "${key}" in a condition`);
  }
  const operatorName = node.operator;
  if (typeof operatorName !== "string") throw new ConditionError(`${path}.operator`, "an operator is required");
  const parsed = parseOperator(operatorName);
  if (parsed === null) {
    throw new ConditionError(
      `${path}.operator`,
      `unknown operator "${operatorName}"; operators: ${OPERATOR_NAMES.join(", ")}, optionally after decorators someFact:, everyFact:, someValue:, everyValue:, swap:, not:`,
    );
  }
  if (!("value" in node)) throw new ConditionError(`${path}.value`, "a value is required");
  const left = resolve(env, node.fact, node.path, path);
  if (left === "option") throw new ConditionError(`${path}.fact`, "options are compared as values, not facts");
  facts.set(left.label, left);

  // The right-hand side: another fact, an option (a constant of this rule), or a literal.
  let right: Accessor | null = null;
  let literal: unknown = node.value;
  let literalPath = `${path}.value`;
  let optionLabel: string | null = null;
  let optionValue: unknown = null;
  if (isObject(node.value) && "fact" in node.value) {
    const ref = resolve(env, node.value.fact, node.value.path, `${path}.value`);
    if (ref === "option") {
      const option = readOption(env, node.value.path, `${path}.value`);
      literal = option.value;
      literalPath = `${path}.value.path`;
      const label = `options.${option.name}`;
      optionLabel = label;
      optionValue = option.value;
      const v = option.value;
      facts.set(label, { label, type: typeof v === "number" ? "number" : "string", get: () => v as string | number, currency: null });
    } else {
      right = ref;
      facts.set(right.label, right);
    }
  }

  const listOperator = parsed.operator === "in" || parsed.operator === "notIn";
  const overValues = parsed.decorators.includes("someValue") || parsed.decorators.includes("everyValue");
  if (right === null && (listOperator || overValues) && !Array.isArray(literal) && !(listOperator && !overValues && typeof literal === "string")) {
    throw new ConditionError(literalPath, `${operatorName} takes an array`);
  }
  const exact = isExact(left.type) || (right !== null && isExact(right.type));
  let base: Operator | undefined;
  if (exact) {
    if (right !== null && right.type !== left.type) {
      throw new ConditionError(path, `cannot compare ${left.label} (${left.type}) with ${right.label} (${right.type})`);
    }
    if (parsed.decorators.includes("someFact") || parsed.decorators.includes("everyFact")) {
      throw new ConditionError(`${path}.operator`, `${left.label} is one value, not a list: someFact/everyFact do not apply`);
    }
    base =
      left.type === "money"
        ? percentOperator(parsed.operator, env.tolerancePercent, env.tolerance)
        : left.type === "ratio"
          ? ratioOperator(parsed.operator)
          : exactOperator(parsed.operator, 0);
    if (!base) throw new ConditionError(`${path}.operator`, `${parsed.operator} does not apply to ${left.type} facts`);
    if (right === null) literal = toExact(left.type, literal, literalPath);
  } else {
    base = JRE_OPERATORS[parsed.operator]!;
  }
  const op = decorate(base, parsed.decorators);
  const currencies = left.currency !== null && right !== null && right.currency !== null ? ([left.currency, right.currency] as const) : null;
  const fixed = literal;
  const tolerance = left.type === "money" ? env.tolerance : 0;
  const direct =
    exact && left.type !== "ratio" && parsed.decorators.length === 0 && (left.type !== "money" || env.tolerancePercent === 0)
      ? directComparison(parsed.operator, left.get, right === null ? null : right.get, fixed as number, tolerance, currencies)
      : null;

  const test: Predicate =
    direct !== null
      ? direct
      : right === null
      ? (ctx) => {
          const a = left.get(ctx);
          if (a === null) return UNKNOWN;
          return op(a, fixed) ? TRUE : FALSE;
        }
      : (ctx) => {
          const a = left.get(ctx);
          const b = right.get(ctx);
          if (a === null || b === null) return UNKNOWN;
          if (currencies !== null && currencies[0](ctx) !== currencies[1](ctx)) return UNKNOWN;
          return op(a, b) ? TRUE : FALSE;
        };
  return {
    test,
    explain: (ctx) => ({
      kind: "leaf",
      verdict: test(ctx),
      fact: left.label,
      factValue: env.format(left, ctx),
      operator: operatorName,
      valueFact: right?.label ?? optionLabel,
      value: right !== null ? env.format(right, ctx) : optionLabel !== null ? optionValue : node.value,
    }),
  };
}

type Get = Accessor["get"];
type Currencies = readonly [(ctx: EvalContext) => string | null, (ctx: EvalContext) => string | null] | null;

/**
 * The hot path's leaves: an exact comparison (money, quantity, instant) without decorators,
 * written out per operator so the comparison is inline rather than a call through a shared
 * operator closure. Same semantics as the general leaf (missing → UNKNOWN; other currency →
 * UNKNOWN; tolerance on equality and strict comparisons).
 */
function directComparison(operator: string, left: Get, right: Get | null, literal: number, tolerance: number, currencies: Currencies): Predicate | null {
  const other = (ctx: EvalContext): number | null => {
    if (right === null) return literal;
    if (currencies !== null && currencies[0](ctx) !== currencies[1](ctx)) return null;
    return right(ctx) as number | null;
  };
  switch (operator) {
    case "equal":
      return (ctx) => {
        const a = left(ctx) as number | null;
        if (a === null) return UNKNOWN;
        const b = other(ctx);
        return b === null ? UNKNOWN : Math.abs(a - b) <= tolerance ? TRUE : FALSE;
      };
    case "notEqual":
      return (ctx) => {
        const a = left(ctx) as number | null;
        if (a === null) return UNKNOWN;
        const b = other(ctx);
        return b === null ? UNKNOWN : Math.abs(a - b) > tolerance ? TRUE : FALSE;
      };
    case "lessThan":
      return (ctx) => {
        const a = left(ctx) as number | null;
        if (a === null) return UNKNOWN;
        const b = other(ctx);
        return b === null ? UNKNOWN : a < b - tolerance ? TRUE : FALSE;
      };
    case "greaterThan":
      return (ctx) => {
        const a = left(ctx) as number | null;
        if (a === null) return UNKNOWN;
        const b = other(ctx);
        return b === null ? UNKNOWN : a > b + tolerance ? TRUE : FALSE;
      };
    case "lessThanInclusive":
      return (ctx) => {
        const a = left(ctx) as number | null;
        if (a === null) return UNKNOWN;
        const b = other(ctx);
        return b === null ? UNKNOWN : a <= b ? TRUE : FALSE;
      };
    case "greaterThanInclusive":
      return (ctx) => {
        const a = left(ctx) as number | null;
        if (a === null) return UNKNOWN;
        const b = other(ctx);
        return b === null ? UNKNOWN : a >= b ? TRUE : FALSE;
      };
    default:
      return null;
  }
}

/** Reads a rule literal (or a list of them) as exact values of the fact's type. */
function toExact(type: FactType, value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => toExact(type, v, `${path}[${i}]`));
  if (type === "instant") {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string") {
      const r = parseInstant(value, "UTC");
      if (r.ok) return r.instant;
      throw new ConditionError(path, r.reason);
    }
    throw new ConditionError(path, "an instant is an ISO 8601 string");
  }
  if (typeof value !== "string" && typeof value !== "number") {
    throw new ConditionError(path, `a ${type} value is a decimal string such as "9.99", got ${JSON.stringify(value)}`);
  }
  try {
    const amount = parseAmount(String(value));
    return type === "ratio" ? Ratio.fromMicros(amount) : amount;
  } catch (error) {
    throw new ConditionError(path, (error as Error).message);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
