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
    case "all":
    case "any": {
      // all: FALSE decides, UNKNOWN taints TRUE; any: TRUE decides, UNKNOWN taints FALSE. Empty:
      // TRUE (an empty any too, as in json-rules-engine).
      const tests = node.children.map(build);
      if (tests.length === 0) return () => TRUE;
      const [decides, otherwise]: [Verdict, Verdict] = node.kind === "all" ? [FALSE, TRUE] : [TRUE, FALSE];
      return (ctx) => {
        let result: Verdict = otherwise;
        for (const test of tests) {
          const v = test(ctx);
          if (v === decides) return decides;
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
  const { literal, currencies, taxBases } = node;
  return (ctx) => {
    const a = left(ctx);
    if (a === null) return UNKNOWN;
    if (right === null) return op(a, literal) ? TRUE : FALSE;
    if (currencies !== null && currencies[0](ctx) !== currencies[1](ctx)) return UNKNOWN;
    if (taxBases !== null && taxBases[0](ctx) !== taxBases[1](ctx)) return UNKNOWN;
    const b = right(ctx);
    if (b === null) return UNKNOWN;
    return op(a, b) ? TRUE : FALSE;
  };
}
