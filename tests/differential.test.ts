import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileRule, fires } from "../src/rules/compile-rule.js";
import type { DirectOperator, FactRead, PlanNode } from "../src/rules/condition-plan.js";
import { emitPredicates } from "../src/rules/emit-predicate.js";
import { jsonFacts } from "../src/rules/fact-lookup.js";
import { EvalContext, type FactValue } from "../src/rules/facts.js";
import { interpretPlan } from "../src/rules/interpret-plan.js";
import { DECORATORS, JRE_OPERATORS, OPERATOR_NAMES } from "../src/rules/operators.js";
import type { RuleDefinition } from "../src/rules/rule.js";

/**
 * The compiled predicate must give json-rules-engine's verdict on the same conditions and facts.
 * Facts are plain JSON values here (the `json` fact type), so json-rules-engine's semantics apply
 * unchanged; the deliberate differences (exact money, missing facts) have their own tests below.
 */

const PRIMITIVE = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, 1.5, -0.5, 10, 100),
  fc.constantFrom("a", "b", "ab", "", "5", "1.5", "x5", "true"),
  fc.boolean(),
);
const LIST = fc.array(PRIMITIVE, { maxLength: 4 });
const VALUE = fc.oneof(PRIMITIVE, PRIMITIVE, LIST);
/** f0–f2 hold primitives or lists; o0–o1 hold objects that paths reach into. */
const FACTS = fc.record({
  f0: VALUE,
  f1: VALUE,
  f2: VALUE,
  o0: fc.record({ a: VALUE, b: fc.array(PRIMITIVE, { minLength: 1, maxLength: 3 }) }),
  o1: fc.record({ a: VALUE, b: fc.array(PRIMITIVE, { minLength: 1, maxLength: 3 }) }),
});

const FACT_REF = fc.oneof(
  fc.record({ fact: fc.constantFrom("f0", "f1", "f2") }),
  fc.record({ fact: fc.constantFrom("o0", "o1"), path: fc.constantFrom("$.a", "$.b", "$.b[0]", "$['a']") }),
);

const OPERATOR = fc
  .tuple(fc.subarray(Object.keys(DECORATORS), { maxLength: 2 }), fc.constantFrom(...OPERATOR_NAMES))
  .map(([decorators, operator]) => [...decorators, operator].join(":"));

const LEAF = fc
  .tuple(FACT_REF, OPERATOR, fc.oneof(VALUE, VALUE, FACT_REF), fc.boolean())
  .map(([ref, operator, value, withParams]) => ({ ...ref, operator, value, ...(withParams ? { params: { unused: 1 } } : {}) }));

const { tree: TREE } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    LEAF,
    fc.record({ all: fc.array(tie("tree"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("tree"), { maxLength: 3 }) }),
    fc.record({ not: tie("tree") }),
  ),
}));
const ROOT = fc.oneof(
  fc.record({ all: fc.array(TREE, { maxLength: 3 }) }),
  fc.record({ any: fc.array(TREE, { maxLength: 3 }) }),
  fc.record({ not: TREE }),
);

/** json-rules-engine's verdict, or "throws" where it rejects the evaluation. */
async function reference(conditions: unknown, facts: Record<string, unknown>): Promise<boolean | "throws"> {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addRule({ conditions: conditions as never, event: { type: "hit" } });
  try {
    const { events } = await engine.run(structuredClone(facts));
    return events.length > 0;
  } catch {
    return "throws";
  }
}

const env = { channels: new Set<string>(), minorUnits: {}, facts: () => jsonFacts() };

function compiled(conditions: unknown): (facts: Record<string, unknown>) => boolean {
  const rule: RuleDefinition = { id: "test/differential", description: "random", severity: "error", scope: "offer", conditions };
  const compiledRule = compileRule(rule, {}, env, "test");
  const ctx = new EvalContext();
  return (facts) => {
    ctx.custom = facts;
    return fires(compiledRule, ctx);
  };
}

function refusedAtCompileTime(conditions: unknown): boolean {
  try {
    compiled(conditions);
    return false;
  } catch (error) {
    if (/takes an array/.test((error as Error).message)) return true;
    throw error;
  }
}

describe("compiled conditions agree with json-rules-engine", () => {
  it("on random condition trees and fact objects", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(ROOT, FACTS, async (conditions, facts) => {
        // A literal that someValue/everyValue/in cannot take is refused when the rule compiles
        // (json-rules-engine only throws if it gets that far); it has its own test below.
        fc.pre(!refusedAtCompileTime(conditions));
        const expected = await reference(conditions, facts);
        // Where json-rules-engine throws (`in` on a number fact), pricelint must not: its
        // condition is false there. That case has its own test below.
        fc.pre(expected !== "throws");
        compared++;
        expect(compiled(conditions)(facts)).toBe(expected);
      }),
      { numRuns: 3000, seed: 20261122 },
    );
    expect(compared).toBeGreaterThan(2000);
  });

  it.each([
    ["any of nothing is true", { any: [] }, {}, true],
    ["all of nothing is true", { all: [] }, {}, true],
    ["decorators apply outermost first", { all: [{ fact: "f0", operator: "not:someFact:equal", value: 2 }] }, { f0: [1, 2] }, false],
    ["swap compares the value to the fact", { all: [{ fact: "f0", operator: "swap:contains", value: [1, 2] }] }, { f0: 2 }, true],
    ["everyValue over the value list", { all: [{ fact: "f0", operator: "everyValue:lessThan", value: [5, 6] }] }, { f0: 4 }, true],
    ["numeric strings pass the number check", { all: [{ fact: "f0", operator: "lessThan", value: 10 }] }, { f0: "5" }, true],
    ["a path into an array", { all: [{ fact: "o0", path: "$.b[1]", operator: "equal", value: "y" }] }, { o0: { b: ["x", "y"] } }, true],
    [
      "a fact compared with another fact",
      { all: [{ fact: "f0", operator: "greaterThan", value: { fact: "o0", path: "$.a" } }] },
      { f0: 3, o0: { a: 2 } },
      true,
    ],
  ])("%s", async (_name, conditions, facts, verdict) => {
    expect(await reference(conditions, facts)).toBe(verdict);
    expect(compiled(conditions)(facts)).toBe(verdict);
  });
});

describe("where pricelint deliberately differs from json-rules-engine", () => {
  it("is false where json-rules-engine throws, instead of failing the run", async () => {
    const conditions = { all: [{ fact: "f0", operator: "in", value: { fact: "f1" } }] };
    const facts = { f0: 1, f1: 5 };
    expect(await reference(conditions, facts)).toBe("throws");
    expect(compiled(conditions)(facts)).toBe(false);
  });

  it("treats a missing or null fact as unknown: neither the leaf nor its negation fires", async () => {
    const leaf = { fact: "f0", operator: "equal", value: null };
    // json-rules-engine compares null like any value…
    expect(await reference({ all: [leaf] }, { f0: null })).toBe(true);
    expect(await reference({ not: { fact: "f0", operator: "equal", value: 1 } }, { f0: null })).toBe(true);
    // …pricelint does not fire on facts an entity does not have.
    expect(compiled({ all: [leaf] })({ f0: null })).toBe(false);
    expect(compiled({ not: { fact: "f0", operator: "equal", value: 1 } })({ f0: null })).toBe(false);
    expect(compiled({ not: { fact: "f0", operator: "equal", value: 1 } })({})).toBe(false);
  });

  it("refuses, when the rule compiles, a literal that someValue, everyValue or in cannot take", async () => {
    const conditions = { all: [{ fact: "f0", operator: "someValue:equal", value: 2 }] };
    expect(await reference(conditions, { f0: 1 })).toBe("throws");
    expect(() => compiled(conditions)).toThrow(/\$\.conditions\.all\[0\]\.value: someValue:equal takes an array/);
  });

  it("refuses a leaf as the root of the conditions, as json-rules-engine does, but at compile time", () => {
    expect(() => compiled({ fact: "f0", operator: "equal", value: 1 })).toThrow(/the root of the conditions is one all, any or not/);
  });

  it("compares money exactly where json-rules-engine compares floats (see tests/rules.test.ts)", async () => {
    // json-rules-engine on JS numbers: 1.02 - 1.01 is 0.010000000000000009, above a 0.01 threshold.
    const conditions = { all: [{ fact: "diff", operator: "greaterThan", value: 0.01 }] };
    expect(await reference(conditions, { diff: 1.02 - 1.01 })).toBe(true);
  });
});

/**
 * Rules run as generated code (emit-predicate.ts) or, where code may not be generated, as the
 * plan's closures (interpret-plan.ts). The random trees above go through the generated code with
 * json-rules-engine's operators; here random plans with the exact leaves of typed facts (inline
 * comparisons, tolerances, currencies, facts read from an entity) must get the same verdict from
 * both, at every node.
 */
describe("generated predicates agree with the plan interpreter", () => {
  type Ctx = EvalContext & { custom: Record<string, unknown> };
  const fromCustom = (name: string): FactRead => ({ get: (ctx) => ((ctx as Ctx).custom[name] ?? null) as FactValue });
  // An entity's fact, read as the typed facts are: `of(ctx.store)`, missing where there is no store.
  const ofStore = (name: string): FactRead => {
    const of = (store: Record<string, FactValue>) => store[name] ?? null;
    return { get: (ctx) => (ctx.store === null ? null : of(ctx.store as never)), on: { entity: "store", of } };
  };
  const FACT = fc.constantFrom(fromCustom("x"), fromCustom("y"), ofStore("x"), ofStore("y"));
  const currency = (name: string) => (ctx: EvalContext) => ((ctx as Ctx).custom[name] ?? null) as string | null;
  const taxBasis = (name: string) => (ctx: EvalContext) => ((ctx as Ctx).custom[name] ?? null) as boolean | null;
  const INTEGER = fc.integer({ min: -3, max: 3 });
  const NUMBER = fc.oneof(INTEGER, INTEGER, fc.constantFrom(0.5, -1.5, 2 ** 53, -(2 ** 53)));
  const describeLeaf = () => ({ fact: "x", factValue: null, operator: "equal", valueFact: null, value: null });
  const LEAF: fc.Arbitrary<PlanNode> = fc
    .record({
      left: FACT,
      right: fc.option(FACT, { nil: null }),
      literal: NUMBER,
      compare: fc.oneof(
        fc.record({
          direct: fc.constantFrom<DirectOperator>(
            "equal",
            "notEqual",
            "lessThan",
            "greaterThan",
            "lessThanInclusive",
            "greaterThanInclusive",
          ),
          tolerance: fc.constantFrom(0, 1, 2),
        }),
        fc.constantFrom(...OPERATOR_NAMES).map((name) => ({ operator: JRE_OPERATORS[name]! })),
      ),
      withCurrencies: fc.boolean(),
      withTaxBases: fc.boolean(),
    })
    .map(({ withCurrencies, withTaxBases, ...leaf }) => ({
      kind: "leaf" as const,
      ...leaf,
      currencies: withCurrencies && leaf.right !== null ? ([currency("c0"), currency("c1")] as const) : null,
      taxBases: withTaxBases && leaf.right !== null ? ([taxBasis("t0"), taxBasis("t1")] as const) : null,
      describe: describeLeaf,
    }));
  const { node: NODE } = fc.letrec<{ node: PlanNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      LEAF,
      fc.record({ kind: fc.constantFrom("all" as const, "any" as const), children: fc.array(tie("node"), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant("not" as const), child: tie("node") }),
    ),
  }));
  const VALUE = fc.option(NUMBER, { nil: null });
  const CONTEXT = fc.record({
    custom: fc.record({
      x: VALUE,
      y: VALUE,
      c0: fc.constantFrom("EUR", "USD", null),
      c1: fc.constantFrom("EUR", "USD"),
      t0: fc.constantFrom(true, false, null),
      t1: fc.boolean(),
    }),
    store: fc.option(fc.record({ x: VALUE, y: VALUE }), { nil: null }),
  });

  it("on random plans and contexts, node by node", () => {
    let nodes = 0;
    const verdicts = new Set<number>();
    fc.assert(
      fc.property(NODE, fc.array(CONTEXT, { minLength: 1, maxLength: 4 }), (root, contexts) => {
        const generated = emitPredicates(root);
        const interpreted = interpretPlan(root);
        expect(generated.size).toBe(interpreted.size);
        for (const values of contexts) {
          const ctx = Object.assign(new EvalContext(), values) as Ctx;
          for (const [node, test] of interpreted) {
            const verdict = test(ctx);
            verdicts.add(verdict);
            expect(generated.get(node)!(ctx)).toBe(verdict);
            nodes++;
          }
        }
      }),
      { numRuns: 2000, seed: 20261123 },
    );
    expect(nodes).toBeGreaterThan(10_000);
    expect([...verdicts].sort()).toEqual([-1, 0, 1]);
  });
});
