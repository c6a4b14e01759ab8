import type { FindingValue } from "./finding-value.js";

/** A condition's verdict: 1 true, 0 false, -1 unknown (a fact it reads is missing). */
export type VerdictValue = 1 | 0 | -1;

/** How one evaluation of a condition tree went: each node's verdict, and what each leaf compared. */
export type Explanation =
  | { readonly kind: "all" | "any" | "not"; readonly verdict: VerdictValue; readonly children: readonly Explanation[] }
  | {
      readonly kind: "leaf";
      readonly verdict: VerdictValue;
      readonly fact: string;
      readonly factValue: FindingValue;
      readonly operator: string;
      /** The other side: a fact's label and value, or the literal as the rule wrote it. */
      readonly valueFact: string | null;
      readonly value: unknown;
    };
