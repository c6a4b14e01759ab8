import { formatAmount, type Micros } from "../money/amount.js";
import { formatInstant, parseInstant, type DateRole } from "../time/instant.js";
import type { Accessor } from "./fact-lookup.js";
import type { EvalContext } from "./facts.js";
import { allowedDifference, PERCENT_SCALE } from "./operators.js";

/** What a leaf compares, as {@link leafNote} needs it to say what decided its verdict. */
export interface NotedLeaf {
  readonly left: Accessor;
  readonly right: Accessor | null;
  /** The right-hand side when `right` is null, as compared: micros or instants for exact facts. */
  readonly literal: unknown;
  /** The operator without decorators, and whether there were any. */
  readonly operator: string;
  readonly decorated: boolean;
  /** The money tolerances of the rule: absolute, and in millionths of a percent. */
  readonly tolerance: Micros;
  readonly tolerancePercent: Micros;
  /** Money on both sides: each side's currency and tax basis, which must agree for the verdict to be known. */
  readonly currencies: readonly [NonNullable<Accessor["currency"]>, NonNullable<Accessor["currency"]>] | null;
  readonly taxBases: readonly [NonNullable<Accessor["taxIncluded"]>, NonNullable<Accessor["taxIncluded"]>] | null;
  /** How the instant literals were read, when they were written otherwise: fixed when the rule is compiled. */
  readonly reading: string | null;
  /** Unknown whatever its values: an amount of the config's currency decides it, for an offer in another (see CompileEnv.unknownAmounts). */
  readonly byAmount?: boolean;
  /** An amount as the finding's values show the leaf's fact: at its currency's minor unit, more where it has more (`1510`, `1.510`, `7.55`). */
  readonly money: (micros: Micros, ctx: EvalContext) => string;
}

/** The operators a money tolerance widens (equality) or narrows (the strict comparisons); the inclusive ones it leaves alone. */
export const TOLERANT: ReadonlySet<string> = new Set(["equal", "notEqual", "in", "notIn", "lessThan", "greaterThan"]);

/**
 * What decided a leaf's verdict beyond the two values its explanation shows, in words, or null
 * when those values say it all: why it is unknown (a fact without a value, two currencies, two
 * tax bases: checked in the order the predicate checks them), how a money tolerance decided it
 * (`within tolerance 0.05 of 10.00`), and how an instant literal was read (`2026-06-30 read as
 * the end of that day in Europe/Rome: 2026-06-30T22:00:00.000Z`). Only explanations call it.
 */
export function leafNote(leaf: NotedLeaf, ctx: EvalContext): string | null {
  if (leaf.byAmount === true) return "unknown: decided by an amount in the config's currency (a tolerance, a money option or an amount the conditions write), which the rule does not give in this offer's currency";
  const a = leaf.left.get(ctx);
  if (a === null) return `unknown: ${leaf.left.label} has no value`;
  if (leaf.right !== null) {
    if (leaf.currencies !== null) {
      const [x, y] = [leaf.currencies[0](ctx), leaf.currencies[1](ctx)];
      if (x !== y) return `unknown: currencies differ, ${x ?? "none"} vs ${y ?? "none"}`;
    }
    if (leaf.taxBases !== null) {
      const [x, y] = [leaf.taxBases[0](ctx), leaf.taxBases[1](ctx)];
      if (x !== y) return `unknown: tax bases differ, ${taxBasis(x)} vs ${taxBasis(y)}`;
    }
  }
  const b = leaf.right === null ? leaf.literal : leaf.right.get(ctx);
  if (b === null && leaf.right !== null) return `unknown: ${leaf.right.label} has no value`;
  const notes = [leaf.left.type === "money" ? toleranceNote(leaf, a, b, ctx) : null, leaf.reading].filter((n) => n !== null);
  return notes.length === 0 ? null : notes.join("; ");
}

const taxBasis = (included: boolean | null): string => (included === null ? "not given" : included ? "tax included" : "tax excluded");

/**
 * How the rule's money tolerance bore on `a` against `b` (a list for in and notIn): nothing when
 * there is none or the values are equal, or on the other side of the strict comparison anyway;
 * "within" where it made values count as equal (or not beyond), "beyond" where they are apart by more.
 */
function toleranceNote(leaf: NotedLeaf, a: unknown, b: unknown, ctx: EvalContext): string | null {
  const { tolerance, tolerancePercent: percent, operator } = leaf;
  if ((tolerance === 0 && percent === 0) || !TOLERANT.has(operator)) return null;
  if (leaf.decorated || typeof a !== "number") return `tolerance ${toleranceRule(leaf, ctx)}`;
  const within = (y: number): boolean => BigInt(Math.abs(a - y)) * PERCENT_SCALE <= allowedDifference(y, percent, tolerance);
  if (operator === "in" || operator === "notIn") {
    const list = Array.isArray(b) ? (b as unknown[]).filter((y): y is number => typeof y === "number") : [];
    if (list.includes(a)) return null;
    const near = list.find(within);
    return near === undefined ? `beyond tolerance ${toleranceRule(leaf, ctx)} of each` : `within ${toleranceOf(leaf, near, ctx, true)}`;
  }
  if (typeof b !== "number" || a === b) return null;
  // lessThan holds where a is below b by more than the tolerance; greaterThan, above it.
  if ((operator === "lessThan" && a > b) || (operator === "greaterThan" && a < b)) return null;
  return `${within(b) ? "within" : "beyond"} ${toleranceOf(leaf, b, ctx)}`;
}

/**
 * The tolerance around `b` in words: `tolerance 0.05` (with `named`, `tolerance 0.05 of 10.00`:
 * which of a list's values), or `tolerance 10 % of 2.49 = 0.249`; amounts as the fact's values
 * are shown (see NotedLeaf.money).
 */
function toleranceOf(leaf: NotedLeaf, b: number, ctx: EvalContext, named = false): string {
  const money = (micros: Micros) => leaf.money(micros, ctx);
  const allowed = allowedDifference(b, leaf.tolerancePercent, leaf.tolerance);
  if (allowed === BigInt(leaf.tolerance) * PERCENT_SCALE) return `tolerance ${money(leaf.tolerance)}${named ? ` of ${money(b)}` : ""}`;
  const amount = allowed / PERCENT_SCALE;
  const exact = amount * PERCENT_SCALE === allowed;
  return `tolerance ${formatAmount(leaf.tolerancePercent, 0)} % of ${money(Math.abs(b))} = ${exact ? "" : "about "}${money(Number(amount))}`;
}

/** The rule's tolerance in words, whatever it is compared with: `0.05`, `10 %`, `10 %, at least 0.05`. */
function toleranceRule(leaf: NotedLeaf, ctx: EvalContext): string {
  if (leaf.tolerancePercent === 0) return leaf.money(leaf.tolerance, ctx);
  const percent = `${formatAmount(leaf.tolerancePercent, 0)} %`;
  return leaf.tolerance === 0 ? percent : `${percent}, at least ${leaf.money(leaf.tolerance, ctx)}`;
}

/**
 * How instant literals compared with an instant fact were read, for those not written as the
 * instant itself: a bare date as the start or end of that day in the config's zone (as the
 * fact's feed field reads it), a time without offset in that zone. Null when every one is
 * written as the instant it is.
 */
export function instantReading(written: unknown, zone: string, role: DateRole): string | null {
  const readings = (Array.isArray(written) ? written : [written]).flatMap((text) => {
    if (typeof text !== "string") return [];
    const r = parseInstant(text, zone, role);
    if (!r.ok) return [];
    const instant = formatInstant(r.instant);
    if (instant === text) return [];
    if (r.dateOnly) return [`${text} read as the ${role} of that day in ${zone}: ${instant}`];
    return [`${text} read as ${instant}${OFFSET.test(text.trim()) ? "" : ` (in ${zone})`}`];
  });
  return readings.length === 0 ? null : readings.join("; ");
}

/** A UTC offset ending an ISO 8601 date-time: Z, +02, +02:00, -0530. */
const OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
