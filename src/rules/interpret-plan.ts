import { FALSE, TRUE, UNKNOWN, type PlanLeaf, type PlanNode, type Predicate, type Verdict } from "./condition-plan.js";
import { exactOperator } from "./operators.js";

/**
 * The predicates of a plan as closures, one per node. The reference semantics of a plan, and
 * what runs where JavaScript may not generate code (`node --disallow-code-generation-from-strings`,
 * a page whose CSP forbids `unsafe-eval`); {@link emitPredicates} gives the same verdicts faster.
 */
export function interpretPlan(root: PlanNode): Map<PlanNode, Predicate> {
  const predicates = new Map<PlanNode, Predicate>();
  const build = (node: PlanNode): Predicate => {
    const test = predicate(node, build);
    predicates.set(node, test);
    return test;
  };
  build(root);
  return predicates;
}

function predicate(node: PlanNode, build: (node: PlanNode) => Predicate): Predicate {
  switch (node.kind) {
    case "all": {
      const tests = node.children.map(build);
      return (ctx) => {
        let result: Verdict = TRUE;
        for (const test of tests) {
          const v = test(ctx);
          if (v === FALSE) return FALSE;
          if (v === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    case "any": {
      // `any` of nothing is true, as in json-rules-engine.
      const tests = node.children.map(build);
      return (ctx) => {
        if (tests.length === 0) return TRUE;
        let result: Verdict = FALSE;
        for (const test of tests) {
          const v = test(ctx);
          if (v === TRUE) return TRUE;
          if (v === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    case "not": {
      const inner = build(node.child);
      return (ctx) => {
        const v = inner(ctx);
        return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
      };
    }
    case "leaf":
      return leaf(node);
  }
}

function leaf(node: PlanLeaf): Predicate {
  const left = node.left.get;
  const right = node.right?.get ?? null;
  const op = "direct" in node.compare ? exactOperator(node.compare.direct, node.compare.tolerance)! : node.compare.operator;
  const { literal, currencies } = node;
  return (ctx) => {
    const a = left(ctx);
    if (a === null) return UNKNOWN;
    if (right === null) return op(a, literal) ? TRUE : FALSE;
    if (currencies !== null && currencies[0](ctx) !== currencies[1](ctx)) return UNKNOWN;
    const b = right(ctx);
    if (b === null) return UNKNOWN;
    return op(a, b) ? TRUE : FALSE;
  };
}
