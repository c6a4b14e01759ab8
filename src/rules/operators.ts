import { Ratio } from "../money/ratio.js";

/** A comparison of a fact value with a condition value. */
export type Operator = (factValue: unknown, value: unknown) => boolean;

const isNumeric = (v: unknown) => Number.parseFloat(v as string).toString() !== "NaN";
/** `list.indexOf(item)` on an array or a string (as json-rules-engine does); -2 on anything else, where it would throw. */
const indexOf = (list: unknown, item: unknown) =>
  Array.isArray(list) || typeof list === "string" ? (list as { indexOf(x: unknown): number }).indexOf(item) : -2;

/** json-rules-engine 7's operators, fact-value validators included, for values that are not money. */
export const JRE_OPERATORS: Readonly<Record<string, Operator>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => indexOf(b, a) > -1,
  notIn: (a, b) => indexOf(b, a) === -1, // false, like in, where json-rules-engine would throw
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => isNumeric(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumeric(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumeric(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumeric(a) && (a as number) >= (b as number),
};

export const OPERATOR_NAMES = Object.keys(JRE_OPERATORS);

/**
 * json-rules-engine 7's operator decorators, written before an operator and `:`
 * (`someFact:greaterThan`, `not:in`); the first written is the outermost.
 */
export const DECORATORS: Readonly<Record<string, (next: Operator) => Operator>> = {
  someFact: (next) => (a, b) => Array.isArray(a) && a.some((x) => next(x, b)),
  everyFact: (next) => (a, b) => Array.isArray(a) && a.every((x) => next(x, b)),
  someValue: (next) => (a, b) => Array.isArray(b) && b.some((y) => next(a, y)),
  everyValue: (next) => (a, b) => Array.isArray(b) && b.every((y) => next(a, y)),
  swap: (next) => (a, b) => next(b, a),
  not: (next) => (a, b) => !next(a, b),
};

/** Splits `not:someFact:equal` into its decorators (outermost first) and its operator; null if unknown. */
export function parseOperator(name: string): { decorators: string[]; operator: string } | null {
  const parts = name.split(":");
  const operator = parts.pop()!;
  if (!Object.hasOwn(JRE_OPERATORS, operator) || !parts.every((d) => Object.hasOwn(DECORATORS, d))) return null;
  return { decorators: parts, operator };
}

/** Wraps an operator in decorators, innermost last as written. */
export function decorate(operator: Operator, decorators: readonly string[]): Operator {
  let op = operator;
  for (let i = decorators.length - 1; i >= 0; i--) op = DECORATORS[decorators[i]!]!(op);
  return op;
}

/**
 * Exact comparisons of integers (money in micros, quantities, instants): `tolerance` widens
 * equality and the strict comparisons; the inclusive ones are left alone. Non-numbers compare false.
 */
export function exactOperator(name: string, tolerance: number): Operator | undefined {
  // Typed exact facts and their converted literals are numbers: no checks in the hot path.
  type N = (a: number, b: number) => boolean;
  switch (name) {
    case "equal":
      return ((a, b) => Math.abs(a - b) <= tolerance) as N as Operator;
    case "notEqual":
      return ((a, b) => Math.abs(a - b) > tolerance) as N as Operator;
    case "lessThan":
      return ((a, b) => a < b - tolerance) as N as Operator;
    case "greaterThan":
      return ((a, b) => a > b + tolerance) as N as Operator;
    case "lessThanInclusive":
      return ((a, b) => a <= b) as N as Operator;
    case "greaterThanInclusive":
      return ((a, b) => a >= b) as N as Operator;
    case "in":
    case "notIn": {
      const eq = exactOperator("equal", tolerance)!;
      const wanted = name === "in";
      return (a, b) => Array.isArray(b) && b.some((y) => eq(a, y)) === wanted;
    }
    default:
      return undefined;
  }
}

/** 100 % in millionths of a percent: a percentage tolerance's unit, differences are scaled by it to compare. */
export const PERCENT_SCALE = 100_000_000n;

/**
 * How far an amount may be from `b` under a tolerance of `percentMicros` (millionths of a
 * percent) of `b`, or `absolute` (micros) when that is larger: in micros × {@link PERCENT_SCALE}, exact.
 */
export function allowedDifference(b: number, percentMicros: number, absolute: number): bigint {
  const relative = BigInt(Math.abs(b)) * BigInt(percentMicros);
  const floor = BigInt(absolute) * PERCENT_SCALE;
  return relative > floor ? relative : floor;
}

/**
 * The same with a tolerance that is a percentage (in millionths of a percent) of the right-hand
 * side, or the absolute one when larger; exact, in BigInt.
 */
export function percentOperator(name: string, percentMicros: number, absolute: number): Operator | undefined {
  if (percentMicros !== 0 && (name === "in" || name === "notIn")) {
    // Equal to one of them, as equal is: widened alike.
    const eq = percentOperator("equal", percentMicros, absolute)!;
    const wanted = name === "in";
    return (a, b) => Array.isArray(b) && b.some((y) => eq(a, y)) === wanted;
  }
  if (percentMicros === 0 || !["equal", "notEqual", "lessThan", "greaterThan"].includes(name)) return exactOperator(name, absolute);
  const tolerance = (b: number): bigint => allowedDifference(b, percentMicros, absolute);
  const diff = (a: number, b: number) => BigInt(a - b) * PERCENT_SCALE;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const num = (f: (a: number, b: number) => boolean): Operator => (a, b) => typeof a === "number" && typeof b === "number" && f(a, b);
  switch (name) {
    case "equal":
      return num((a, b) => abs(diff(a, b)) <= tolerance(b));
    case "notEqual":
      return num((a, b) => abs(diff(a, b)) > tolerance(b));
    case "lessThan":
      return num((a, b) => -diff(a, b) > tolerance(b));
    default:
      return num((a, b) => diff(a, b) > tolerance(b));
  }
}

/** Exact comparisons of fractions (percentages, markups), by cross-multiplication. */
export function ratioOperator(name: string): Operator | undefined {
  const cmp = (f: (c: number) => boolean): Operator => (a, b) => a instanceof Ratio && b instanceof Ratio && f(a.compare(b));
  switch (name) {
    case "equal":
      return cmp((c) => c === 0);
    case "notEqual":
      return cmp((c) => c !== 0);
    case "lessThan":
      return cmp((c) => c < 0);
    case "lessThanInclusive":
      return cmp((c) => c <= 0);
    case "greaterThan":
      return cmp((c) => c > 0);
    case "greaterThanInclusive":
      return cmp((c) => c >= 0);
    case "in":
    case "notIn": {
      const wanted = name === "in";
      return (a, b) => a instanceof Ratio && Array.isArray(b) && b.some((y) => y instanceof Ratio && a.compare(y) === 0) === wanted;
    }
    default:
      return undefined;
  }
}
