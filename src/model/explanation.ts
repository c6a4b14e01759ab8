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
      /**
       * What decided the verdict beyond the two values, when they do not say it all: why it is
       * unknown (`unknown: currencies differ, USD vs EUR`), how a money tolerance bore on it
       * (`within tolerance 0.05 of 10.00`), how an instant literal was read (`2026-06-30 read as
       * the end of that day in Europe/Rome: 2026-06-30T22:00:00.000Z`); `; ` between two.
       */
      readonly note?: string;
    };
