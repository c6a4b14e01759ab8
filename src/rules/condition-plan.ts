import type { Explanation } from "../model/explanation.js";
import type { Accessor } from "./fact-lookup.js";
import type { EvalContext } from "./facts.js";
import type { Operator } from "./operators.js";

/** Three-valued result: a condition on a missing fact is neither true nor false. */
export const TRUE = 1;
export const FALSE = 0;
export const UNKNOWN = -1;
export type Verdict = typeof TRUE | typeof FALSE | typeof UNKNOWN;

export type Predicate = (ctx: EvalContext) => Verdict;

/** A fact as a leaf reads it: its accessor, and the entity it is read from when it has one. */
export type FactRead = Pick<Accessor, "get" | "on">;

/** The exact comparisons of integers (money in micros, quantities, instants in ms) made without an operator function. */
export type DirectOperator = "equal" | "notEqual" | "lessThan" | "greaterThan" | "lessThanInclusive" | "greaterThanInclusive";

/** A leaf's part of an explanation: the facts and values it compared. */
export type LeafDescription = Omit<Extract<Explanation, { kind: "leaf" }>, "kind" | "verdict">;

/**
 * A condition tree, checked and resolved by `compileConditions`, before it becomes predicates.
 * A leaf compares its left fact with a right fact or a literal: `direct`ly (integers, with an
 * absolute tolerance on equality and the strict comparisons, as `exactOperator` defines them),
 * or through an operator function (json-rules-engine's, decorated, or an exact one with a
 * percentage tolerance or on ratios). A leaf whose fact is missing is UNKNOWN; so is a money
 * comparison between two currencies, or between an offer's amounts with tax and another's without.
 */
export type PlanNode =
  | { readonly kind: "all" | "any"; readonly children: readonly PlanNode[] }
  | { readonly kind: "not"; readonly child: PlanNode }
  | PlanLeaf;

export interface PlanLeaf {
  readonly kind: "leaf";
  readonly left: FactRead;
  readonly right: FactRead | null;
  /** The right-hand side when `right` is null: an integer for a direct comparison. */
  readonly literal: unknown;
  readonly compare: { readonly direct: DirectOperator; readonly tolerance: number } | { readonly operator: Operator };
  /** Money on both sides: the two currencies, which must be equal for the comparison to be known. */
  readonly currencies: readonly [Currency, Currency] | null;
  /** Two offers' money: whether each includes tax, which must be equal for the comparison to be known. */
  readonly taxBases: readonly [TaxBasis, TaxBasis] | null;
  /** What the leaf compared, for explanations. */
  readonly describe: (ctx: EvalContext) => LeafDescription;
}

type Currency = NonNullable<Accessor["currency"]>;
type TaxBasis = NonNullable<Accessor["taxIncluded"]>;
