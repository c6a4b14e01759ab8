import { FALSE, TRUE, UNKNOWN, type DirectOperator, type FactRead, type PlanLeaf, type PlanNode, type Predicate } from "./condition-plan.js";
import type { Entity } from "./fact-lookup.js";
import { interpretPlan } from "./interpret-plan.js";

/** The context fields generated code reads entities from: a fixed table, so no name comes from a rule. */
const ENTITY: Readonly<Record<Entity, string>> = { offer: "offer", other: "other", store: "store", product: "product", promotion: "promotion" };

/** The direct comparisons as code, `a` against `b`: the same as `exactOperator`'s. */
const INLINE: Readonly<Record<DirectOperator, (b: string, tolerance: string) => string>> = {
  equal: (b, t) => `Math.abs(a - ${b}) <= ${t}`,
  notEqual: (b, t) => `Math.abs(a - ${b}) > ${t}`,
  lessThan: (b, t) => `a < ${b} - ${t}`,
  greaterThan: (b, t) => `a > ${b} + ${t}`,
  lessThanInclusive: (b) => `a <= ${b}`,
  greaterThanInclusive: (b) => `a >= ${b}`,
};

/** The source of a plan's predicates and the constants it refers to by index (`k[i]`). */
interface PredicateSource {
  readonly source: string;
  readonly constants: readonly unknown[];
  /** The plan's nodes, in the order of the functions the source returns. */
  readonly nodes: readonly PlanNode[];
}

/**
 * The predicates of a plan, one per node, as JavaScript generated for this rule alone: V8 then
 * sees one fact accessor and one operator at each call site, and inlines them. (Closures built
 * per node from shared function literals share their call sites across all rules, so every
 * call through them stays indirect: about twice as slow.) Where code may not be generated,
 * the same plan runs as closures ({@link interpretPlan}).
 */
export function emitPredicates(root: PlanNode): Map<PlanNode, Predicate> {
  const { source, constants, nodes } = predicateSource(root);
  let factory: (k: readonly unknown[]) => Predicate[];
  try {
    factory = new Function("k", source) as typeof factory;
  } catch (error) {
    if (error instanceof EvalError) return interpretPlan(root);
    throw error;
  }
  const predicates = factory(constants);
  return new Map(nodes.map((node, i) => [node, predicates[i]!]));
}

/**
 * Writes the code of a plan's predicates. The source holds no text from the rule file: facts,
 * operators and literals are constants named by index (`k0`, `k1`…), the entities come from a
 * fixed table, and the only values written into the code are safe integers (money in micros,
 * instants in ms, tolerances), in decimal digits; other numbers are constants too.
 */
function predicateSource(root: PlanNode): PredicateSource {
  const constants: unknown[] = [];
  const names = new Map<unknown, string>();
  const constant = (value: unknown): string => {
    let name = names.get(value);
    if (name === undefined) names.set(value, (name = `k${constants.push(value) - 1}`));
    return name;
  };
  const nodes: PlanNode[] = [];
  const bodies: string[] = [];
  const emit = (node: PlanNode): string => {
    const i = nodes.push(node) - 1;
    bodies.push("");
    bodies[i] = body(node, emit, constant);
    return `n${i}`;
  };
  emit(root);
  const source =
    '"use strict";\n' +
    constants.map((_, i) => `const k${i} = k[${i}];\n`).join("") +
    bodies.map((b, i) => `function n${i}(ctx) {\n  ${b}\n}\n`).join("") +
    `return [${nodes.map((_, i) => `n${i}`).join(", ")}];`;
  return { source, constants, nodes };
}

function body(node: PlanNode, emit: (node: PlanNode) => string, constant: (value: unknown) => string): string {
  switch (node.kind) {
    case "all":
    case "any": {
      const children = node.children.map(emit);
      // all: FALSE decides, UNKNOWN taints TRUE; any: TRUE decides, UNKNOWN taints FALSE. Empty: TRUE.
      const [decides, otherwise] = node.kind === "all" ? [FALSE, TRUE] : [TRUE, FALSE];
      if (children.length === 0) return `return ${TRUE};`;
      if (children.length === 1) return `return ${children[0]}(ctx);`;
      return (
        `let r = ${otherwise}, v;\n` +
        children.map((c) => `  v = ${c}(ctx); if (v === ${decides}) return ${decides}; if (v === ${UNKNOWN}) r = ${UNKNOWN};\n`).join("") +
        "  return r;"
      );
    }
    case "not":
      return `const v = ${emit(node.child)}(ctx); return v === ${UNKNOWN} ? ${UNKNOWN} : ${TRUE} - v;`;
    case "leaf":
      return leaf(node, constant);
  }
}

function leaf(node: PlanLeaf, constant: (value: unknown) => string): string {
  const read = (fact: FactRead): string => {
    if (fact.on === undefined) return `${constant(fact.get)}(ctx)`;
    const entity = `ctx.${ENTITY[fact.on.entity]}`;
    const unless = fact.on.unless === undefined ? "" : `${constant(fact.on.unless)}(${entity}) ? null : `;
    return `(${entity} === null ? null : ${unless}${constant(fact.on.of)}(${entity}))`;
  };
  const lines = [`const a = ${read(node.left)};`, `if (a === null) return ${UNKNOWN};`];
  const compare = node.compare;
  const direct = "direct" in compare;
  let b: string;
  if (node.right === null) {
    b = direct ? number(node.literal, constant) : constant(node.literal);
  } else {
    if (node.currencies !== null) {
      lines.push(`if (${constant(node.currencies[0])}(ctx) !== ${constant(node.currencies[1])}(ctx)) return ${UNKNOWN};`);
    }
    if (node.taxBases !== null) {
      lines.push(`if (${constant(node.taxBases[0])}(ctx) !== ${constant(node.taxBases[1])}(ctx)) return ${UNKNOWN};`);
    }
    lines.push(`const b = ${read(node.right)};`, `if (b === null) return ${UNKNOWN};`);
    b = "b";
  }
  const test = direct ? INLINE[compare.direct](b, number(compare.tolerance, constant)) : `${constant(compare.operator)}(a, ${b})`;
  lines.push(`return ${test} ? ${TRUE} : ${FALSE};`);
  return lines.join("\n  ");
}

/** A number in generated code: a safe integer as decimal digits (and a sign), in parentheses; anything else as a constant. */
function number(value: unknown, constant: (value: unknown) => string): string {
  return typeof value === "number" && Number.isSafeInteger(value) ? `(${value})` : constant(value);
}
