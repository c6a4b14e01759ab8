import { MICROS_PER_UNIT, parseAmount, type Micros } from "../money/amount.js";
import type { Explanation } from "../model/explanation.js";
import type { FindingValue } from "../model/finding.js";
import { parseInstant, type DateRole } from "../time/instant.js";
import type { Accessor, CurrencyOf, FactResolver } from "./fact-lookup.js";
import type { ClockChanges, EvalContext, FactType, FactValue } from "./facts.js";
import { parseDuration, shifted } from "./duration.js";
import { parsePath, type PathStep } from "./json-path.js";
import { Ratio } from "../money/ratio.js";
import { decorate, exactOperator, JRE_OPERATORS, OPERATOR_NAMES, parseOperator, percentOperator, ratioOperator, type Operator } from "./operators.js";
import type { DirectOperator, PlanNode, Predicate } from "./condition-plan.js";
import { emitPredicates } from "./emit-predicate.js";
import { unknownOption, type OptionDeclaration, type OptionType, type OptionValue } from "./options.js";
import { shown } from "../text/shown.js";
import { instantReading, leafNote, TOLERANT, type NotedLeaf } from "./explain-leaf.js";

/** A compiled condition: its predicate, and the same evaluation with its trace. */
export interface CompiledCondition {
  readonly test: Predicate;
  readonly explain: (ctx: EvalContext) => Explanation;
  /** Where comparisons with `now` can turn beyond the data's changes; null when no condition reads `now`. */
  readonly clock: ClockChanges | null;
  /** The amounts written in the conditions that money facts are compared with (not zero, not options): where, and as written. */
  readonly amounts: readonly WrittenAmount[];
  /** Whose currencies the money facts its conditions compare are in (see CurrencyOf). */
  readonly currenciesOf: ReadonlySet<CurrencyOf>;
}

/** An amount written in a rule's conditions: its JSON path, and the value as the rule writes it. */
export interface WrittenAmount {
  readonly path: string;
  readonly value: string;
}

/** What the compiler needs to know about the rule it compiles. */
export interface CompileEnv {
  readonly facts: FactResolver;
  /** "offer scope", for messages. */
  readonly where: string;
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The options' declarations: an option's declared type says which facts it is compared with. */
  readonly declarations: Readonly<Record<string, OptionDeclaration>>;
  /** The config path of each option the config's ruleSettings set: `ruleSettings["house/x"].minStock`. */
  readonly settingPaths: Readonly<Record<string, string>>;
  /** The tolerance options the rule declares: refused when the rule compares no money amounts, all they widen. */
  readonly tolerances: readonly string[];
  /** Absolute money tolerance of equality and strict comparisons. */
  readonly tolerance: Micros;
  /** Relative tolerance, in millionths of a percent. */
  readonly tolerancePercent: Micros;
  /** The zone of instant literals without an offset (the config's). */
  readonly timezone: string;
  /** Formats a fact's value as a finding reports it. */
  readonly format: (accessor: Accessor, ctx: EvalContext) => FindingValue;
  /**
   * The rule as it reads an offer in a currency its money options are not amounts of (see
   * compileRule): a comparison of money that a tolerance, a money option or an amount written in
   * the conditions decides is unknown.
   */
  readonly unknownAmounts?: boolean;
  /**
   * The rule as it reads an offer in a currency its money options are given in, but not the
   * amounts written in its conditions, which are the config currency's: a comparison one of them decides is unknown.
   */
  readonly unknownWritten?: boolean;
  /**
   * A rule whose money facts are in currencies that take other amounts (see compileRule): what
   * a leaf on a money fact reads, by whose currency its fact is in (see CurrencyOf: the offer's,
   * a pair's second channel's, the config's, the previous state's), each the amounts of that
   * currency. Absent, or for a fact whose currency it does not list: the rule's own.
   */
  readonly sides?: Readonly<Partial<Record<CurrencyOf, SideAmounts>>>;
}

/** The amounts of one currency: its options and tolerances, and which comparisons they leave unknown. */
export type SideAmounts = Pick<CompileEnv, "options" | "tolerance" | "tolerancePercent" | "unknownAmounts" | "unknownWritten">;

/** A rule-file problem at a JSON path; the caller adds the file name. */
export class ConditionError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const LEAF_KEYS = new Set(["fact", "operator", "value", "path", "params", "name", "priority", "plus"]);

/** The keys of a fact given as a value: json-rules-engine's (params accepted and unused), and plus. */
const REFERENCE_KEYS = new Set(["fact", "path", "params", "plus"]);

/** The shifts and fixed instants of the comparisons with `now` met while planning. */
interface ClockCollector {
  readonly shifts: Set<number>;
  readonly points: Set<number>;
}

/**
 * What planning collects beside the plan: the comparisons with `now`; for the rule's tolerance
 * each comparison and whether one is of money; the amounts written; and whose currencies the money
 * facts compared are in.
 */
interface Collector extends ClockCollector {
  readonly comparisons: string[];
  money: boolean;
  readonly amounts: WrittenAmount[];
  readonly currenciesOf: Set<CurrencyOf>;
}

/**
 * Compiles a json-rules-engine condition tree into a synchronous predicate, once. Leaves read
 * facts through `env.facts`; money compares as exact integers with the rule's tolerance; a leaf
 * whose fact is missing is UNKNOWN, `all`/`any`/`not` follow three-valued logic, and a rule
 * fires only on TRUE. `facts` collects the accessors the conditions read, for `values`.
 * The root is one `all`, `any` or `not`, as json-rules-engine requires.
 *
 * The tree is checked and resolved into a plan here; {@link emitPredicates} makes it code.
 */
export function compileConditions(root: unknown, env: CompileEnv, facts: Map<string, Accessor>): CompiledCondition {
  const path = "$.conditions";
  if (typeof root !== "object" || root === null || !["all", "any", "not"].some((k) => k in root)) {
    throw new ConditionError(path, "the root of the conditions is one all, any or not");
  }
  const seen: Collector = { shifts: new Set(), points: new Set(), comparisons: [], money: false, amounts: [], currenciesOf: new Set() };
  const plan = planCondition(root, env, path, facts, seen);
  if (env.tolerances.length > 0 && !seen.money) throw unusedTolerance(env.tolerances, seen.comparisons);
  const predicates = emitPredicates(plan);
  const explain = (node: PlanNode, ctx: EvalContext): Explanation => {
    const verdict = predicates.get(node)!(ctx);
    switch (node.kind) {
      case "all":
      case "any":
        return { kind: node.kind, verdict, children: node.children.map((c) => explain(c, ctx)) };
      case "not":
        return { kind: "not", verdict, children: [explain(node.child, ctx)] };
      case "leaf":
        return { kind: "leaf", verdict, ...node.describe(ctx) };
    }
  };
  const reads = seen.shifts.size > 0 || seen.points.size > 0;
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return {
    test: predicates.get(plan)!,
    explain: (ctx) => explain(plan, ctx),
    clock: reads ? { shifts: sorted(seen.shifts), points: sorted(seen.points) } : null,
    amounts: seen.amounts,
    currenciesOf: seen.currenciesOf,
  };
}

function planCondition(node: unknown, env: CompileEnv, path: string, facts: Map<string, Accessor>, seen: Collector): PlanNode {
  if (!isObject(node)) throw new ConditionError(path, "a condition must be an object");
  const keys = ["all", "any", "not"].filter((k) => k in node);
  if (keys.length > 1) throw new ConditionError(path, `a condition has one of all, any, not; found ${keys.join(" and ")}`);
  // A node of all, any or not holds nothing else: a leaf's keys beside it would be dropped unseen.
  if (keys.length === 1) {
    const other = Object.keys(node).find((k) => k !== keys[0]);
    if (other !== undefined)
      throw new ConditionError(`${path}.${other}`, `a condition with ${keys[0]} holds nothing else; put "${other}" in a condition of its own`);
  }
  if ("all" in node || "any" in node) {
    const key = "all" in node ? "all" : "any";
    const list = node[key];
    if (!Array.isArray(list)) throw new ConditionError(`${path}.${key}`, "must be an array of conditions");
    return { kind: key, children: list.map((c, i) => planCondition(c, env, `${path}.${key}[${i}]`, facts, seen)) };
  }
  if ("not" in node) return { kind: "not", child: planCondition(node.not, env, `${path}.not`, facts, seen) };
  if ("condition" in node) throw new ConditionError(`${path}.condition`, "shared condition references are not supported; write the condition out");
  return planLeaf(node, env, path, facts, seen);
}

function resolve(env: CompileEnv, fact: unknown, jsonPath: unknown, path: string, plus?: unknown): Accessor | "option" {
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
  if (plus === undefined) return accessor;
  if (accessor === "option" || accessor.type !== "instant") {
    throw new ConditionError(`${path}.plus`, `plus moves an instant fact (such as now or saleEnd) by a duration; ${accessor === "option" ? "options" : accessor.label} is not one`);
  }
  const ms = typeof plus === "string" ? parseDuration(plus) : `a duration is a string such as "P3D", got ${JSON.stringify(plus)}`;
  if (typeof ms === "string") throw new ConditionError(`${path}.plus`, ms);
  return shifted(accessor, plus as string, ms);
}

function readOption(env: CompileEnv, jsonPath: unknown, path: string): { name: string; value: OptionValue } {
  const steps = typeof jsonPath === "string" ? parsePath(jsonPath) : null;
  const name = steps?.length === 1 && typeof steps[0] === "string" ? steps[0] : null;
  if (name === null) throw new ConditionError(`${path}.path`, 'an option is read as {"fact": "options", "path": "$.name"}');
  if (!Object.hasOwn(env.options, name)) {
    throw new ConditionError(`${path}.path`, unknownOption(name, Object.keys(env.options)));
  }
  return { name, value: env.options[name]! };
}

const isExact = (type: FactType) => type === "money" || type === "quantity" || type === "instant" || type === "ratio";

function planLeaf(node: Record<string, unknown>, ruleEnv: CompileEnv, path: string, facts: Map<string, Accessor>, seen: Collector): PlanNode {
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
  const left = resolve(ruleEnv, node.fact, node.path, path, node.plus);
  if (left === "option") throw new ConditionError(`${path}.fact`, "options are compared as values, not facts");
  // A leaf on a money fact reads the amounts of its fact's currency (a pair's channel's, the config's for product.cost).
  const amounts = left.currencyOf === undefined ? undefined : ruleEnv.sides?.[left.currencyOf];
  const env = amounts === undefined ? ruleEnv : { ...ruleEnv, ...amounts };
  facts.set(left.label, left);

  // The right-hand side: another fact, an option (a constant of this rule), or a literal.
  let right: Accessor | null = null;
  let literal: unknown = node.value;
  let literalPath = `${path}.value`;
  let optionLabel: string | null = null;
  let optionValue: unknown = null;
  /** An option compared with an exact fact, as that fact's type (see below). */
  let optionFact: Accessor | null = null;
  /** Where an option's value was set, for a refusal that depends on it. */
  let optionSet = "";
  if (isObject(node.value) && "fact" in node.value) {
    for (const key of Object.keys(node.value)) {
      if (!REFERENCE_KEYS.has(key)) throw new ConditionError(`${path}.value.${key}`, `unknown key "${key}" in a fact reference (fact, path, params, plus)`);
    }
    const ref = resolve(env, node.value.fact, node.value.path, `${path}.value`, node.value.plus);
    if (ref === "option") {
      const option = readOption(env, node.value.path, `${path}.value`);
      literalPath = `${path}.value.path`;
      literal = optionLiteral(env, left, option.name, option.value, literalPath);
      const label = `options.${option.name}`;
      optionLabel = label;
      optionSet = Object.hasOwn(env.settingPaths, option.name)
        ? `set by ${env.settingPaths[option.name]}`
        : `its default, $.options.${option.name}.default`;
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
  const swapped = parsed.decorators.includes("swap");
  if (right === null && !swapped && (listOperator || overValues) && !Array.isArray(literal)) {
    throw new ConditionError(literalPath, `${operatorName} takes an array, got ${JSON.stringify(literal)}`);
  }
  const exact = isExact(left.type) || (right !== null && isExact(right.type));
  // An exact fact compared with a list by an operator of one value would coerce the list (["9.99"] read as 9.99).
  if (exact && right === null && !listOperator && !overValues && Array.isArray(literal)) {
    throw new ConditionError(
      literalPath,
      `${left.label} is one value (${left.type}): ${operatorName} compares it with one value, got the list ${JSON.stringify(literal)}; compare with a list by in or notIn`,
    );
  }
  const sides: Sides = { left, right, literal, parsed, operatorName, path, literalPath };
  if (!exact) checkTypes(sides);
  checkShapes(sides);
  let base: Operator | undefined;
  let reading: string | null = null;
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
    if (right === null) {
      try {
        literal = toExact(left.type, literal, literalPath, env.timezone, left.dateRole ?? "start");
      } catch (error) {
        // An option's value read as the fact's type: the refusal names where the value was set.
        if (optionLabel === null || !(error instanceof ConditionError)) throw error;
        throw new ConditionError(literalPath, `${optionLabel} is ${JSON.stringify(optionValue)} (${optionSet}): ${error.reason}`);
      }
      if (left.type === "instant") reading = instantReading(optionLabel !== null ? optionValue : node.value, env.timezone, left.dateRole ?? "start");
      // An option compared with an exact fact is shown as that fact's values are (money at the
      // fact's currency's minor unit), whether its setting was written as a number or a text.
      if (optionLabel !== null) {
        const exactValue = literal as FactValue;
        optionFact = { label: optionLabel, type: left.type, get: () => exactValue, currency: left.currency };
        facts.set(optionLabel, optionFact);
      }
    }
  } else {
    base = JRE_OPERATORS[parsed.operator]!;
  }
  noteClock(seen, left, right, literal);
  seen.comparisons.push(`${left.label} (${left.type}) ${operatorName}`);
  if (left.type === "money") seen.money = true;
  if (left.type === "money" && left.currencyOf !== undefined) seen.currenciesOf.add(left.currencyOf);
  const currencies = left.currency !== null && right !== null && right.currency !== null ? ([left.currency, right.currency] as const) : null;
  const taxBases = left.taxIncluded !== undefined && right?.taxIncluded !== undefined ? ([left.taxIncluded, right.taxIncluded] as const) : null;
  // An amount in another currency decides nothing: a comparison a tolerance widens (the inclusive
  // ones it does not), or against a money option, reads its fact as unknown.
  const widened = env.tolerance !== 0 && TOLERANT.has(parsed.operator);
  // An amount written in the conditions is one of the config's currency, as a money option's is (zero is every currency's).
  const written = left.type === "money" && right === null && optionLabel === null && (Array.isArray(literal) ? literal : [literal]).some((v) => v !== 0);
  if (written) seen.amounts.push({ path: literalPath, value: typeof node.value === "string" ? node.value : JSON.stringify(node.value) });
  const byAmount =
    left.type === "money" &&
    ((env.unknownAmounts === true && (widened || (optionLabel !== null && literal !== 0) || written)) || (env.unknownWritten === true && written));
  const noted: NotedLeaf = {
    left,
    right,
    literal,
    operator: parsed.operator,
    decorated: parsed.decorators.length > 0,
    tolerance: env.tolerance,
    tolerancePercent: env.tolerancePercent,
    currencies,
    taxBases,
    reading,
    byAmount,
    // Shown as the finding shows the fact's values: at its currency's minor unit, more where it has more.
    money: (micros, ctx) => String(env.format({ label: left.label, type: "money", get: () => micros, currency: left.currency }, ctx)),
  };
  const direct =
    exact && left.type !== "ratio" && parsed.decorators.length === 0 && (left.type !== "money" || env.tolerancePercent === 0) && isDirect(parsed.operator);
  return {
    kind: "leaf",
    left: byAmount ? { label: left.label, type: left.type, currency: left.currency, get: () => null } : left,
    right,
    literal,
    compare: direct
      ? { direct: parsed.operator as DirectOperator, tolerance: left.type === "money" ? env.tolerance : 0 }
      : { operator: decorate(base, parsed.decorators) },
    currencies,
    taxBases,
    describe: (ctx) => {
      const note = leafNote(noted, ctx);
      return {
        fact: left.label,
        factValue: env.format(left, ctx),
        operator: operatorName,
        valueFact: right?.label ?? optionLabel,
        value:
          right !== null
            ? env.format(right, ctx)
            : optionFact !== null
              ? env.format(optionFact, ctx)
              : optionLabel !== null
                ? optionValue
                : node.value,
        ...(note === null ? {} : { note }),
      };
    },
  };
}

/**
 * Where this leaf can turn as `now` moves: compared with an instant fact of the data, at that
 * fact's instants shifted by the difference of the two sides' durations; with a literal, at the
 * literal less `now`'s duration. Each turns there or one millisecond after: `now lessThan X` at
 * X, `now greaterThan X` and `lessThanInclusive` just after it, `equal` at both.
 */
function noteClock(clock: ClockCollector, left: Accessor, right: Accessor | null, literal: unknown): void {
  const leftNow = left.needs?.clock !== undefined;
  const rightNow = right?.needs?.clock !== undefined;
  if (!leftNow && !rightNow) return;
  const a = left.shift ?? 0;
  if (right !== null) {
    const b = right.shift ?? 0;
    if (leftNow === rightNow) return;
    const shift = leftNow ? b - a : a - b;
    clock.shifts.add(shift);
    clock.shifts.add(shift + 1);
    return;
  }
  for (const v of Array.isArray(literal) ? literal : [literal]) {
    if (typeof v !== "number") continue;
    clock.points.add(v - a);
    clock.points.add(v - a + 1);
  }
}

/**
 * The declared option types a fact of each type is compared with: an option stands for what its
 * declaration counts (an amount, a percent, a count), whatever JSON type its value is written
 * in, so `2.5` and `"2.5"` mean one thing. Money takes money; a ratio a percent, a decimal or an
 * integer (a number of days); a number a count: an integer, or a decimal holding a whole number;
 * an instant a string read as one; a list's items are strings. A json fact is not typed.
 */
const OPTION_KINDS: Readonly<Record<Exclude<FactType, "json">, readonly OptionType[]>> = {
  money: ["money"],
  ratio: ["percent", "decimal", "integer"],
  quantity: ["decimal", "integer"],
  number: ["integer", "decimal"],
  instant: ["string"],
  string: ["string", "enum"],
  list: ["string", "enum"],
  boolean: ["boolean"],
};

/**
 * The value of option `name` as the literal a condition on `left` compares with, or a refusal at
 * `path` when the option's declared type does not fit the fact's; a decimal compared with a number
 * fact must then hold a whole number, and the refusal names where that value was set.
 */
function optionLiteral(env: CompileEnv, left: Accessor, name: string, value: OptionValue, path: string): unknown {
  if (left.type === "json") return value;
  const declared = env.declarations[name]!.type;
  const kinds = OPTION_KINDS[left.type];
  const takes = `${left.type} facts are compared with ${kinds.slice(0, -1).join(", ")}${kinds.length > 1 ? " or " : ""}${kinds.at(-1)} options`;
  if (!kinds.includes(declared)) {
    throw new ConditionError(path, `${left.label} is ${aType(left.type)}, and options.${name} is ${/^[aeiou]/.test(declared) ? "an" : "a"} ${declared} option: ${takes}`);
  }
  if (left.type !== "number" || declared !== "decimal") return value;
  const micros = parseAmount(String(value));
  if (micros % MICROS_PER_UNIT === 0) return micros / MICROS_PER_UNIT;
  const set = Object.hasOwn(env.settingPaths, name) ? `set by ${env.settingPaths[name]}` : `its default, $.options.${name}.default`;
  throw new ConditionError(path, `${left.label} is a number, and options.${name} is ${shown(value)} (${set}): ${takes}, a decimal one holding a whole number`);
}

/**
 * The refusal of a rule that declares a tolerance but compares no money amounts, the only
 * comparisons a tolerance widens: its author meant it to widen something, and nothing is.
 */
function unusedTolerance(names: readonly string[], comparisons: readonly string[]): ConditionError {
  return new ConditionError(
    `$.options.${names[0]}`,
    `only comparisons of money amounts take a tolerance (${names.join(" and ")} widen${names.length === 1 ? "s" : ""} their equal, notEqual, lessThan, greaterThan, in and notIn), and this rule has none: ${comparisons.length === 0 ? "it compares nothing" : `its comparisons are ${comparisons.join(", ")}`}; remove ${names.length === 1 ? "it" : "them"} from the options`,
  );
}

const DIRECT: ReadonlySet<string> = new Set<DirectOperator>(["equal", "notEqual", "lessThan", "greaterThan", "lessThanInclusive", "greaterThanInclusive"]);
const isDirect = (operator: string): operator is DirectOperator => DIRECT.has(operator);

/**
 * Reads a rule literal (or a list of them) as exact values of the fact's type. An instant
 * without an offset is read in the config's zone, as `--at` is; a bare date as the fact's own
 * feed field reads it (`role`): the start of that day, or the end of it beside the end of a
 * window, so `saleEnd equal "2026-06-30"` holds where the feed says `sale_end 2026-06-30`.
 */
function toExact(type: FactType, value: unknown, path: string, zone: string, role: DateRole): unknown {
  if (Array.isArray(value)) return value.map((v, i) => toExact(type, v, `${path}[${i}]`, zone, role));
  if (type === "instant") {
    if (typeof value === "string") {
      const r = parseInstant(value, zone, role);
      if (!r.ok) throw new ConditionError(path, r.reason);
      // Facts are instants to the millisecond: a literal between two of them compares otherwise than written.
      if (r.belowMillisecond) throw new ConditionError(path, `"${value}" has digits below the millisecond; instants are compared to the millisecond`);
      return r.instant;
    }
    // A Date (a rule built in code, a YAML 1.1 timestamp) would show as an ISO string: say what it is.
    const given = value instanceof Date ? `a Date object (${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()}): give its ISO string` : JSON.stringify(value);
    throw new ConditionError(path, `an instant is an ISO 8601 string such as "2026-11-20T12:00:00Z", got ${given}`);
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

/** The JSON type a literal has, as a fact type names it. */
function literalType(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? "number" : "not a finite number";
  return typeof value;
}

/**
 * How deep in lists each side of a decorated operator must be: 0 one value, 1 a list, 2 a list
 * of lists. `in` takes a list as its value, `contains` as its fact; someFact:/everyFact: make
 * the fact a list of what the operator after them takes, someValue:/everyValue: the value; swap:
 * exchanges the two sides.
 */
function listDepths(parsed: { readonly decorators: readonly string[]; readonly operator: string }): { fact: number; value: number } {
  let fact = parsed.operator === "contains" || parsed.operator === "doesNotContain" ? 1 : 0;
  let value = parsed.operator === "in" || parsed.operator === "notIn" ? 1 : 0;
  for (let i = parsed.decorators.length - 1; i >= 0; i--) {
    const d = parsed.decorators[i];
    if (d === "someFact" || d === "everyFact") fact++;
    else if (d === "someValue" || d === "everyValue") value++;
    else if (d === "swap") [fact, value] = [value, fact];
  }
  return { fact, value };
}

/** A fact's depth in lists (see listDepths); null for a json fact, whose shape is not known before it is read. */
const depthOf = (a: Accessor): number | null => (a.type === "json" ? null : a.type === "list" ? 1 : 0);

/** Whether a literal is as deep in lists as `depth`. */
const fits = (value: unknown, depth: number): boolean =>
  depth === 0 ? !Array.isArray(value) : Array.isArray(value) && value.every((v) => fits(v, depth - 1));

const shapeName = (depth: number): string => (depth === 0 ? "one value" : depth === 1 ? "a list" : "a list of lists");
const aType = (type: FactType): string => (type === "money" ? "money" : `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`);

/**
 * A condition's two sides as checkTypes and checkShapes judge them: the fact, the fact given as
 * the value (null: a literal, `literal`, read where `literalPath` says), the operator as parsed and
 * as written, and where the condition stands.
 */
interface Sides {
  readonly left: Accessor;
  readonly right: Accessor | null;
  readonly literal: unknown;
  readonly parsed: { readonly decorators: readonly string[]; readonly operator: string };
  readonly operatorName: string;
  readonly path: string;
  readonly literalPath: string;
}

/**
 * Refuses a condition whose sides are not the shapes its decorated operator reads (see
 * listDepths), whatever the facts' types: json-rules-engine would throw or match part of a text
 * (`"webcam".indexOf("web")`), here the comparison would be false on every offer, and so true
 * on every one under `not` ("price 8.50 is not in 8.50"). It checks a fact given as the value,
 * and a literal the checks before it let through (under swap:, or a list that someValue:in
 * reads as a list of lists); the fact's own side under swap: (checkTypes and the exact
 * operators check it otherwise). Under swap: the value is the operator's first side and the
 * fact its second: `swap:in` looks for the value in the fact, `swap:contains` for the fact in
 * the value.
 */
function checkShapes(sides: Sides): void {
  const { left, right, literal, parsed, operatorName, path, literalPath } = sides;
  const want = listDepths(parsed);
  const swapped = parsed.decorators.includes("swap");
  // Only not: and swap: around the operator: its own words say what it looks for where.
  const plain = parsed.decorators.every((d) => d === "not" || d === "swap");
  const op = parsed.operator;
  const lookIn = plain && (op === "in" || op === "notIn");
  const lookFor = plain && (op === "contains" || op === "doesNotContain");
  if (right !== null) {
    const depth = depthOf(right);
    if (depth !== null && depth !== want.value) {
      throw new ConditionError(
        `${path}.value`,
        lookIn && !swapped
          ? `${operatorName} looks for ${left.label} in ${right.label}, which is ${aType(right.type)}, not a list`
          : `${operatorName} reads ${right.label} as ${shapeName(want.value)}, and it is ${aType(right.type)}`,
      );
    }
  } else if (left.type !== "json" && !fits(literal, want.value)) {
    const lead = swapped && lookIn ? ` looks for the value in ${left.label}` : swapped && lookFor ? ` looks for ${left.label} in the value` : "";
    const wanted = want.value === 0 ? "one item, got the list" : want.value === 1 ? "an array, got" : "an array of arrays, got";
    throw new ConditionError(literalPath, `${operatorName}${lead}: it takes ${wanted} ${JSON.stringify(literal)}`);
  }
  const depth = depthOf(left);
  if (swapped && depth !== null && depth !== want.fact) {
    throw new ConditionError(
      `${path}.operator`,
      lookIn
        ? `${operatorName} looks for the value in ${left.label}, which is ${aType(left.type)}, not a list`
        : `${operatorName} reads ${left.label} as ${shapeName(want.fact)}, and it is ${aType(left.type)}`,
    );
  }
}

/**
 * Refuses a condition on a fact that is not money, a quantity, an instant or a ratio whose
 * operator or value cannot fit the fact's type: such a condition would never fire (`onSale equal
 * "true"`, `sku lessThan 5`, `listedChannels equal "web"`) or fire by accident. Under `swap:` the
 * sides change roles, and only their shapes are checked (checkShapes).
 */
function checkTypes(sides: Sides): void {
  const { left, right, literal, parsed, operatorName, path, literalPath } = sides;
  if (left.type === "json" || right?.type === "json" || parsed.decorators.includes("swap")) return;
  const overFact = parsed.decorators.includes("someFact") || parsed.decorators.includes("everyFact");
  if (overFact && left.type !== "list") {
    throw new ConditionError(`${path}.operator`, `${left.label} is one value (${left.type}), not a list: someFact/everyFact do not apply`);
  }
  const factType = overFact ? "string" : left.type;
  const op = parsed.operator;
  const wanted =
    op === "contains" || op === "doesNotContain"
      ? factType === "list"
        ? "string"
        : null
      : factType === "list"
        ? null
        : op === "equal" || op === "notEqual" || op === "in" || op === "notIn"
          ? factType
          : factType === "number"
            ? "number"
            : null;
  if (wanted === null) {
    const hint =
      factType === "list"
        ? "a list fact takes contains, doesNotContain, or someFact:/everyFact: before another operator"
        : op === "contains" || op === "doesNotContain"
          ? `${op} applies to list facts; compare one value with equal or in`
          : `${op} compares numbers; a ${factType} fact takes equal, notEqual, in or notIn`;
    throw new ConditionError(`${path}.operator`, `${operatorName} does not apply to ${left.label} (${factType}): ${hint}`);
  }
  const values =
    right !== null
      ? null
      : parsed.decorators.includes("someValue") || parsed.decorators.includes("everyValue") || op === "in" || op === "notIn"
        ? (literal as unknown[])
        : [literal];
  if (values === null) {
    // A list fact given to in, notIn, someValue: or everyValue: is compared by its items (checkShapes refuses one that is not a list).
    const overList = op === "in" || op === "notIn" || parsed.decorators.includes("someValue") || parsed.decorators.includes("everyValue");
    const other = right!.type === "list" && overList ? "string" : right!.type;
    if (other !== wanted) throw new ConditionError(path, `cannot compare ${left.label} (${left.type}) with ${right!.label} (${right!.type})`);
    return;
  }
  values.forEach((value, i) => {
    if (literalType(value) === wanted) return;
    const where = values.length === 1 && values[0] === literal && !Array.isArray(literal) ? literalPath : `${literalPath}[${i}]`;
    throw new ConditionError(where, `${left.label} is a ${factType}: ${operatorName} needs a ${wanted} here, got ${JSON.stringify(value)}`);
  });
}
