import { parseAmount, type Micros } from "../money/amount.js";
import { parseInstant } from "../time/instant.js";
import { CONTEXT_FACTS, OFFER_FACTS, PRODUCT_FACTS, STORE_FACTS, type EvalContext, type FactType, type FactValue, type Scope } from "./facts.js";

/** Three-valued result: a condition on a missing fact is neither true nor false. */
export const TRUE = 1;
export const FALSE = 0;
export const UNKNOWN = -1;
export type Verdict = typeof TRUE | typeof FALSE | typeof UNKNOWN;

export type Predicate = (ctx: EvalContext) => Verdict;

/** A compiled fact lookup. `currency` is set for money facts. */
export interface Accessor {
  readonly label: string;
  readonly type: FactType;
  readonly get: (ctx: EvalContext) => FactValue;
  readonly currency: ((ctx: EvalContext) => string | null) | null;
}

/** What the compiler needs to know about the rule it compiles. */
export interface CompileEnv {
  readonly scope: Scope;
  /** pair scope: the two channels, in order; offer scope: the channels it applies to (may be empty). */
  readonly channels: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Absolute money tolerance of equality and strict comparisons. */
  readonly tolerance: Micros;
  /** Relative tolerance, in millionths of a percent. */
  readonly tolerancePercent: Micros;
}

/** A rule-file problem at a JSON path; the caller adds the file name. */
export class ConditionError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

const OPERATORS = new Set([
  "equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive",
  "in", "notIn", "contains", "doesNotContain",
]);

/**
 * Compiles a json-rules-engine condition tree into a synchronous predicate, once. Leaves read
 * typed facts; money compares as exact integers with the rule's tolerance; a leaf whose fact
 * is missing is UNKNOWN, `all`/`any`/`not` follow three-valued logic, and a rule fires only on TRUE.
 * `facts` collects the accessors the conditions read, for the finding's `values`.
 */
export function compileCondition(node: unknown, env: CompileEnv, path: string, facts: Map<string, Accessor>): Predicate {
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
    return (ctx) => {
      const v = inner(ctx);
      return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
    };
  }
  if ("condition" in node) throw new ConditionError(`${path}.condition`, "shared condition references are not supported; write the condition out");
  return compileLeaf(node, env, path, facts);
}

function allOf(parts: Predicate[]): Predicate {
  if (parts.length === 1) return parts[0]!;
  return (ctx) => {
    let result: Verdict = TRUE;
    for (let i = 0; i < parts.length; i++) {
      const v = parts[i]!(ctx);
      if (v === FALSE) return FALSE;
      if (v === UNKNOWN) result = UNKNOWN;
    }
    return result;
  };
}

function anyOf(parts: Predicate[]): Predicate {
  if (parts.length === 1) return parts[0]!;
  return (ctx) => {
    let result: Verdict = FALSE;
    for (let i = 0; i < parts.length; i++) {
      const v = parts[i]!(ctx);
      if (v === TRUE) return TRUE;
      if (v === UNKNOWN) result = UNKNOWN;
    }
    return result;
  };
}

function compileLeaf(node: Record<string, unknown>, env: CompileEnv, path: string, facts: Map<string, Accessor>): Predicate {
  for (const key of Object.keys(node)) {
    if (!["fact", "operator", "value", "path", "params", "name", "priority"].includes(key)) {
      throw new ConditionError(`${path}.${key}`, `unknown key "${key}" in a condition`);
    }
  }
  const operator = node.operator;
  if (typeof operator !== "string") throw new ConditionError(`${path}.operator`, "an operator is required");
  if (!OPERATORS.has(operator)) {
    throw new ConditionError(`${path}.operator`, `unknown operator "${operator}"; known: ${[...OPERATORS].join(", ")}`);
  }
  if (!("value" in node)) throw new ConditionError(`${path}.value`, "a value is required");
  const left = resolveFact(node.fact, node.path, env, path);
  if (left === "option") throw new ConditionError(`${path}.fact`, "options are compared as values, not facts");
  facts.set(left.label, left);
  const value = node.value;
  if (isObject(value) && "fact" in value) {
    const right = resolveFact(value.fact, value.path, env, `${path}.value`);
    if (right === "option") {
      const literal = optionValue(value.path, env, `${path}.value`);
      facts.set(`options.${literalOptionName(value.path)}`, constantAccessor(`options.${literalOptionName(value.path)}`, literal));
      return compareLiteral(left, operator, literal, env, `${path}.value`);
    }
    facts.set(right.label, right);
    return compareFacts(left, operator, right, env, path);
  }
  return compareLiteral(left, operator, value, env, `${path}.value`);
}

/** Resolves `fact` (+ JSONPath `$.name`) to an accessor; `"option"` for the rule's options. */
export function resolveFact(fact: unknown, jsonPath: unknown, env: CompileEnv, path: string): Accessor | "option" {
  if (typeof fact !== "string" || fact === "") throw new ConditionError(`${path}.fact`, "a fact name is required");
  let name = fact;
  if (jsonPath !== undefined) {
    if (typeof jsonPath !== "string" || !/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(jsonPath)) {
      throw new ConditionError(`${path}.path`, `unsupported path ${JSON.stringify(jsonPath)}: use $.name or $.name.name`);
    }
    name = `${fact}${jsonPath.slice(1)}`;
  }
  const accessor = lookupFact(name, env);
  if (accessor === undefined) {
    throw new ConditionError(`${path}.fact`, `unknown fact "${name}" in ${env.scope} scope; known: ${knownFacts(env, name).join(", ")}`);
  }
  return accessor;
}

/** Looks a dotted fact name up in the scope's tables. */
export function lookupFact(name: string, env: CompileEnv): Accessor | "option" | undefined {
  const dot = name.indexOf(".");
  const root = dot < 0 ? name : name.slice(0, dot);
  const rest = dot < 0 ? "" : name.slice(dot + 1);
  if (root === "options" && rest !== "") return "option";
  if (root === "product" && rest !== "") {
    const def = PRODUCT_FACTS.find((d) => d.name === rest);
    if (!def) return undefined;
    return {
      label: name,
      type: def.type,
      get: (ctx) => (ctx.product === null ? null : def.get(ctx.product)),
      currency: def.type === "money" ? (ctx) => ctx.defaultCurrency : null,
    };
  }
  // In a pair rule on the `store` channel, `store.<offer fact>` is that channel's offer; the
  // location's own facts stay `store.<name>` (their names differ, except `currency`).
  const channelFact = env.scope === "pair" && env.channels.includes(root) ? OFFER_FACTS.find((d) => d.name === rest) : undefined;
  if (root === "store" && rest !== "" && env.scope !== "product" && !channelFact) {
    const def = STORE_FACTS.find((d) => d.name === rest);
    if (!def) return undefined;
    return { label: name, type: def.type, get: (ctx) => (ctx.store === null ? null : def.get(ctx.store)), currency: null };
  }
  if (env.scope === "pair" && rest !== "") {
    const which = env.channels.indexOf(root);
    const def = channelFact;
    if (which < 0 || !def) return undefined;
    const side = which === 0 ? (ctx: EvalContext) => ctx.offer : (ctx: EvalContext) => ctx.other;
    return {
      label: name,
      type: def.type,
      get: (ctx) => {
        const s = side(ctx);
        return s === null ? null : def.get(s);
      },
      currency: def.type === "money" ? (ctx) => side(ctx)?.offer.currency ?? null : null,
    };
  }
  if (rest !== "") return undefined;
  const context = CONTEXT_FACTS.find((d) => d.name === name && d.scopes.includes(env.scope));
  if (context) return { label: name, type: context.type, get: context.get, currency: null };
  if (env.scope === "offer") {
    const def = OFFER_FACTS.find((d) => d.name === name);
    if (!def) return undefined;
    return {
      label: name,
      type: def.type,
      get: (ctx) => (ctx.offer === null ? null : def.get(ctx.offer)),
      currency: def.type === "money" ? (ctx) => ctx.offer?.offer.currency ?? null : null,
    };
  }
  return undefined;
}

/** The facts a scope knows, narrowed to the namespace of `name` when it has one (`product.…`). */
function knownFacts(env: CompileEnv, name: string): string[] {
  const root = name.includes(".") ? name.slice(0, name.indexOf(".")) : null;
  const names: string[] = [];
  if (root === null) {
    names.push(...CONTEXT_FACTS.filter((d) => d.scopes.includes(env.scope)).map((d) => d.name));
    if (env.scope === "offer") names.push(...OFFER_FACTS.map((d) => d.name));
    names.push("product.<name>", "options.<name>");
    if (env.scope !== "product") names.push("store.<name>");
    if (env.scope === "pair") names.push(...env.channels.map((c) => `${c}.<name>`));
    return names;
  }
  if (env.scope === "pair" && env.channels.includes(root)) names.push(...OFFER_FACTS.map((d) => `${root}.${d.name}`));
  if (root === "product") names.push(...PRODUCT_FACTS.map((d) => `product.${d.name}`));
  if (root === "store" && env.scope !== "product") names.push(...STORE_FACTS.map((d) => `store.${d.name}`));
  return names.length > 0 ? names : knownFacts(env, "");
}

function literalOptionName(jsonPath: unknown): string {
  return typeof jsonPath === "string" ? jsonPath.slice(2) : "";
}

function optionValue(jsonPath: unknown, env: CompileEnv, path: string): unknown {
  const name = literalOptionName(jsonPath);
  if (!Object.hasOwn(env.options, name)) {
    throw new ConditionError(`${path}.path`, `the rule has no option "${name}"; its options: ${Object.keys(env.options).join(", ") || "none"}`);
  }
  return env.options[name];
}

function constantAccessor(label: string, value: unknown): Accessor {
  const v = (typeof value === "number" || typeof value === "string" || typeof value === "boolean" ? value : null) as FactValue;
  return { label, type: typeof value === "number" ? "number" : "string", get: () => v, currency: null };
}

type Compare = (a: number, b: number) => boolean;

/** Exact comparisons of integers (money, quantities, instants) with an absolute tolerance. */
function exactComparison(operator: string, tolerance: number): Compare | undefined {
  switch (operator) {
    case "equal":
      return (a, b) => Math.abs(a - b) <= tolerance;
    case "notEqual":
      return (a, b) => Math.abs(a - b) > tolerance;
    case "lessThan":
      return (a, b) => a < b - tolerance;
    case "greaterThan":
      return (a, b) => a > b + tolerance;
    case "lessThanInclusive":
      return (a, b) => a <= b;
    case "greaterThanInclusive":
      return (a, b) => a >= b;
    default:
      return undefined;
  }
}

/** Widens a comparison by a percentage of the right-hand side (`tolerancePercent`), exactly. */
function withPercent(operator: string, percentMicros: number, absolute: number): Compare | undefined {
  if (percentMicros === 0) return exactComparison(operator, absolute);
  const scale = 100_000_000n; // 100 % in millionths of a percent
  const pct = BigInt(percentMicros);
  const toleranceOf = (b: number): bigint => {
    const relative = BigInt(Math.abs(b)) * pct;
    const abs = BigInt(absolute) * scale;
    return relative > abs ? relative : abs;
  };
  const diff = (a: number, b: number) => BigInt(a - b) * scale;
  switch (operator) {
    case "equal":
      return (a, b) => abs(diff(a, b)) <= toleranceOf(b);
    case "notEqual":
      return (a, b) => abs(diff(a, b)) > toleranceOf(b);
    case "lessThan":
      return (a, b) => -diff(a, b) > toleranceOf(b);
    case "greaterThan":
      return (a, b) => diff(a, b) > toleranceOf(b);
    default:
      return exactComparison(operator, absolute);
  }
}

const abs = (x: bigint) => (x < 0n ? -x : x);

function isExact(type: FactType): boolean {
  return type === "money" || type === "quantity" || type === "instant";
}

function compareFacts(left: Accessor, operator: string, right: Accessor, env: CompileEnv, path: string): Predicate {
  if (isExact(left.type) || isExact(right.type)) {
    if (left.type !== right.type) {
      throw new ConditionError(path, `cannot compare ${left.label} (${left.type}) with ${right.label} (${right.type})`);
    }
    const money = left.type === "money";
    const cmp = money ? withPercent(operator, env.tolerancePercent, env.tolerance) : exactComparison(operator, 0);
    if (!cmp) throw new ConditionError(`${path}.operator`, `${operator} does not apply to ${left.type} facts`);
    const lc = left.currency;
    const rc = right.currency;
    return (ctx) => {
      const a = left.get(ctx);
      const b = right.get(ctx);
      if (a === null || b === null) return UNKNOWN;
      if (lc !== null && rc !== null && lc(ctx) !== rc(ctx)) return UNKNOWN;
      return cmp(a as number, b as number) ? TRUE : FALSE;
    };
  }
  const op = JRE_OPERATORS[operator]!;
  return (ctx) => {
    const a = left.get(ctx);
    const b = right.get(ctx);
    if (a === null || b === null) return UNKNOWN;
    return op(a, b) ? TRUE : FALSE;
  };
}

function compareLiteral(left: Accessor, operator: string, value: unknown, env: CompileEnv, path: string): Predicate {
  if (isExact(left.type)) {
    const convert = (v: unknown, p: string): number => toExact(left.type, v, p);
    if (operator === "in" || operator === "notIn") {
      if (!Array.isArray(value)) throw new ConditionError(path, `${operator} takes an array`);
      const set = value.map((v, i) => convert(v, `${path}[${i}]`));
      const hit = exactComparison("equal", left.type === "money" ? env.tolerance : 0)!;
      const wanted = operator === "in";
      return (ctx) => {
        const a = left.get(ctx);
        if (a === null) return UNKNOWN;
        return set.some((b) => hit(a as number, b)) === wanted ? TRUE : FALSE;
      };
    }
    const b = convert(value, path);
    const cmp = left.type === "money" ? withPercent(operator, env.tolerancePercent, env.tolerance) : exactComparison(operator, 0);
    if (!cmp) throw new ConditionError(path, `${operator} does not apply to ${left.type} facts`);
    return (ctx) => {
      const a = left.get(ctx);
      if (a === null) return UNKNOWN;
      return cmp(a as number, b) ? TRUE : FALSE;
    };
  }
  if ((operator === "in" || operator === "notIn") && !Array.isArray(value) && typeof value !== "string") {
    throw new ConditionError(path, `${operator} takes an array`);
  }
  const op = JRE_OPERATORS[operator]!;
  return (ctx) => {
    const a = left.get(ctx);
    if (a === null) return UNKNOWN;
    return op(a, value) ? TRUE : FALSE;
  };
}

/** Reads a rule literal as an exact value of the fact's type. */
function toExact(type: FactType, value: unknown, path: string): number {
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
    return parseAmount(String(value));
  } catch (error) {
    throw new ConditionError(path, (error as Error).message);
  }
}

/** json-rules-engine 7's default operators, with its fact-value validators. */
const isNumeric = (v: unknown) => Number.parseFloat(v as string).toString() !== "NaN";
const JRE_OPERATORS: Readonly<Record<string, (a: unknown, b: unknown) => boolean>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as { indexOf(x: unknown): number }).indexOf(a) > -1,
  notIn: (a, b) => (b as { indexOf(x: unknown): number }).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => isNumeric(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumeric(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumeric(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumeric(a) && (a as number) >= (b as number),
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
