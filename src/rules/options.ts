import { parseAmount, type Micros } from "../money/amount.js";
import { PRIOR_SCOPES } from "../pricing/omnibus.js";
import { nearest } from "../text/nearest.js";
import { shown } from "../text/shown.js";

/** The types a rule option is declared with. */
export const OPTION_TYPES = ["money", "percent", "decimal", "integer", "boolean", "enum", "string"] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

/** A decimal written as a string or a number and read by its text, exactly: `"0.05"`, `90`. */
export type DecimalText = string | number;

/**
 * One option of a rule: its type, its default, and what it means. `money` is an amount,
 * `percent` a number of percent (`"5"` is 5%), `decimal` any other exact number (`"0.1"`); all
 * three are decimal strings or numbers read by their text, never as binary floating point.
 */
export type OptionDeclaration = { readonly description?: string | undefined } & (
  | {
      readonly type: "money" | "percent" | "decimal";
      readonly default: DecimalText;
      readonly min?: DecimalText | undefined;
      readonly max?: DecimalText | undefined;
      readonly atMost?: string | undefined;
    }
  | {
      readonly type: "integer";
      readonly default: number;
      readonly min?: number | undefined;
      readonly max?: number | undefined;
      /** The name of another option of the same type this one may not be above (two thresholds of one scale). */
      readonly atMost?: string | undefined;
    }
  | { readonly type: "boolean"; readonly default: boolean }
  | { readonly type: "enum"; readonly values: readonly string[]; readonly default: string }
  | { readonly type: "string"; readonly default: string }
);

/** A value an option takes: a declaration's default, or a config's `ruleSettings`. */
export type OptionValue = string | number | boolean;

/** An entry of a rule's `options`: a declaration, or for an engine option (see {@link ENGINE_OPTIONS}) its default alone. */
export type OptionEntry = OptionDeclaration | OptionValue;

/**
 * Options whose meaning the engine fixes, not the rule's conditions: `tolerance` and
 * `tolerancePercent` widen the rule's money comparisons (compile-condition.ts), and the
 * prior-price facts read `scope`. A rule has them only when it declares them, with this type;
 * as the type is known, a rule file may give just the default (`"tolerance": "0.01"`).
 */
export const ENGINE_OPTIONS: Readonly<Record<string, OptionDeclaration>> = {
  tolerance: {
    type: "money",
    default: "0",
    min: "0",
    description: "money amounts this close count as equal: equal, notEqual, lessThan and greaterThan widen by it, and in and notIn as equal",
  },
  tolerancePercent: {
    type: "percent",
    default: "0",
    min: "0",
    description: "the same, in percent of the right-hand side",
  },
  scope: {
    type: "enum",
    values: PRIOR_SCOPES,
    default: "offer",
    description: "where the prior price is looked for: offer (its channel and location), channel (all its locations) or company (all channels)",
  },
};

/** A problem in a rule's `options`, at a path below `options`. */
export interface OptionIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const KEYS: Readonly<Record<OptionType, readonly string[]>> = {
  money: ["type", "default", "min", "max", "atMost", "description"],
  percent: ["type", "default", "min", "max", "atMost", "description"],
  decimal: ["type", "default", "min", "max", "atMost", "description"],
  integer: ["type", "default", "min", "max", "atMost", "description"],
  boolean: ["type", "default", "description"],
  enum: ["type", "values", "default", "description"],
  string: ["type", "default", "description"],
};

/** The problems of a rule file's `options`, an object of option name → declaration (checked by the rule schema). */
export function optionIssues(options: Readonly<Record<string, unknown>>): OptionIssue[] {
  const issues: OptionIssue[] = [];
  for (const [name, entry] of Object.entries(options)) {
    const found = issues.length;
    const add = (message: string, ...path: (string | number)[]) => issues.push({ path: [name, ...path], message });
    if (!NAME.test(name) || name === "severity") {
      add('an option name is letters, digits and _, starting with a letter, and not "severity" (ruleSettings uses it)');
      continue;
    }
    const engine = Object.hasOwn(ENGINE_OPTIONS, name) ? ENGINE_OPTIONS[name]! : undefined;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      if (engine && (typeof entry === "string" || typeof entry === "number" || typeof entry === "boolean")) {
        const problem = valueProblem(engine, entry);
        if (problem !== null) add(problem);
      } else {
        const example = `"${name}": {"type": "${guessType(entry)}", "default": ${shown(entry)}, "description": "…"}`;
        add(`declare the option with its type, e.g. ${example} (types: ${OPTION_TYPES.join(", ")})`);
      }
      continue;
    }
    const declaration = entry as Record<string, unknown>;
    const type = declaration.type;
    if (!isOptionType(type)) {
      const hint = typeof type === "string" ? nearest(type, OPTION_TYPES) : null;
      const what = type === undefined ? "the option has no type" : `unknown type ${shown(type)}`;
      add(`${what}${hint ? `; did you mean "${hint}"?` : ""} (types: ${OPTION_TYPES.join(", ")})`, "type");
      continue;
    }
    const keys = KEYS[type];
    for (const key of Object.keys(declaration)) {
      if (keys.includes(key)) continue;
      const hint = nearest(key, keys);
      add(`unknown key "${key}" in a ${type} option${hint ? `; did you mean "${hint}"?` : ""} (keys: ${keys.join(", ")})`, key);
    }
    if (declaration.description !== undefined && (typeof declaration.description !== "string" || declaration.description === "")) {
      add("a description is a non-empty string", "description");
    }
    if (type === "enum") {
      const values = declaration.values;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string" && v !== "")) {
        add("an enum option lists its values: a non-empty array of strings", "values");
      } else if (new Set(values).size !== values.length) {
        add("the values of an enum option are distinct", "values");
      }
    }
    if (type === "integer" || type === "money" || type === "percent" || type === "decimal") {
      const unbounded = { type, default: 0 } as OptionDeclaration;
      for (const key of ["min", "max"] as const) {
        const problem = declaration[key] === undefined ? null : valueProblem(unbounded, declaration[key]);
        if (problem !== null) add(problem, key);
      }
      if (issues.length === found && declaration.min !== undefined && declaration.max !== undefined) {
        const [min, max] = [declaration.min, declaration.max].map((v) => (type === "integer" ? (v as number) : decimalValue(v as DecimalText)));
        if (min! > max!) add("min is above max", "min");
      }
    }
    if (engine && issues.length === found) {
      if (type !== engine.type) {
        add(`${name} is read by the engine as ${describeOptionType(engine)}: declare it with "type": "${engine.type}"`, "type");
      } else if (engine.type === "enum") {
        const outside = (declaration.values as string[]).find((v) => !engine.values.includes(v));
        if (outside !== undefined) add(`${name} takes only ${engine.values.join(", ")}, not ${shown(outside)}`, "values");
      } else if (declaration.min !== undefined && valueProblem(engine, declaration.min) !== null) {
        add(`${name} cannot be negative: min must be at least 0`, "min");
      }
    }
    if (!("default" in declaration)) add("the option has no default", "default");
    else if (issues.length === found) {
      const problem = valueProblem(declarationOf(name, declaration as OptionDeclaration), declaration.default);
      if (problem !== null) add(problem, "default");
    }
    if (declaration.atMost !== undefined && issues.length === found) {
      const other = declaration.atMost;
      const bound = typeof other === "string" && Object.hasOwn(options, other) ? options[other] : undefined;
      if (other === name || typeof bound !== "object" || bound === null || (bound as { type?: unknown }).type !== type) {
        add(`atMost names another ${type} option of the rule, not ${shown(other)}`, "atMost");
      } else {
        const problem = orderProblem(name, declaration.default as OptionValue, other as string, (bound as { default: OptionValue }).default, type);
        if (problem !== null) add(`the defaults: ${problem}`, "default");
      }
    }
  }
  return issues;
}

/**
 * Where option `name` declares `atMost: other`, what is wrong with their values: null when
 * `value` is not above `bound` (two thresholds of one scale, such as the stock from which an
 * item is limited and from which it is in stock, that would otherwise contradict each other).
 */
export function orderProblem(name: string, value: OptionValue, other: string, bound: OptionValue, type: OptionType): string | null {
  const [a, b] = type === "integer" ? [value as number, bound as number] : [decimalValue(value as DecimalText), decimalValue(bound as DecimalText)];
  return a > b ? `${name} ${shown(value)} is above ${other} ${shown(bound)}: ${name} is at most ${other}` : null;
}

/** A valid `options` entry as a full declaration: an engine option given by its default alone is written out, with the engine's bounds. */
export function declarationOf(name: string, entry: OptionEntry): OptionDeclaration {
  const engine = Object.hasOwn(ENGINE_OPTIONS, name) ? ENGINE_OPTIONS[name] : undefined;
  if (typeof entry !== "object") return { ...engine!, default: entry } as OptionDeclaration;
  if (engine && "min" in engine && !("min" in entry)) return { ...entry, min: engine.min } as OptionDeclaration;
  return entry;
}

/** A validated rule's options as declarations, in their order. */
export function declarationsOf(options: Readonly<Record<string, OptionEntry>> | undefined): Record<string, OptionDeclaration> {
  const out: Record<string, OptionDeclaration> = {};
  for (const [name, entry] of Object.entries(options ?? {})) out[name] = declarationOf(name, entry);
  return out;
}

/** Why `value` is not a value of the declared option, or null when it is one. */
export function valueProblem(declaration: OptionDeclaration, value: unknown): string | null {
  const expected = () => `expected ${expectedText(declaration)}, got ${shown(value)}`;
  switch (declaration.type) {
    case "money":
    case "percent":
    case "decimal": {
      const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : null;
      if (text === null || !DECIMAL.test(text)) return expected();
      let amount: Micros;
      try {
        amount = parseAmount(text);
      } catch (error) {
        return `${expected()}: ${(error as Error).message}`;
      }
      const below = declaration.min !== undefined && decimalValue(declaration.min) > amount;
      const above = declaration.max !== undefined && decimalValue(declaration.max) < amount;
      return below || above ? `${shown(value)} is out of range: ${describeOptionType(declaration)}` : null;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isSafeInteger(value)) return expected();
      const below = declaration.min !== undefined && declaration.min > value;
      const above = declaration.max !== undefined && declaration.max < value;
      return below || above ? `${shown(value)} is out of range: ${describeOptionType(declaration)}` : null;
    }
    case "boolean":
      return typeof value === "boolean" ? null : expected();
    case "string":
      return typeof value === "string" ? null : expected();
    case "enum": {
      if (typeof value === "string" && declaration.values.includes(value)) return null;
      const hint = typeof value === "string" ? nearest(value, declaration.values) : null;
      return `${expected()}${hint ? `; did you mean "${hint}"?` : ""}`;
    }
  }
}

/** The message for an option the rule does not declare, with the nearest declared name. */
export function unknownOption(name: string, declared: readonly string[]): string {
  if (declared.length === 0) return `unknown option "${name}": the rule declares no options`;
  const hint = nearest(name, declared);
  return `unknown option "${name}"${hint ? `; did you mean "${hint}"?` : ""} (options: ${declared.join(", ")})`;
}

/** The option's type as a reader sees it: `money ≥ 0`, `integer 1–365`, `percent ≤ 100`, `one of offer, channel, company`. */
export function describeOptionType(declaration: OptionDeclaration): string {
  switch (declaration.type) {
    case "enum":
      return `one of ${declaration.values.join(", ")}`;
    case "boolean":
    case "string":
      return declaration.type;
    default: {
      const { min, max } = declaration;
      if (min !== undefined && max !== undefined) return `${declaration.type} ${min}–${max}`;
      if (min !== undefined) return `${declaration.type} ≥ ${min}`;
      if (max !== undefined) return `${declaration.type} ≤ ${max}`;
      return declaration.type;
    }
  }
}

/**
 * An option as `explain` lists it: its type and range, and the option it may not be above, which
 * a setting is held to as to its range (`integer ≥ 1, at most inStockFrom`).
 */
export function describeOption(declaration: OptionDeclaration): string {
  const atMost = "atMost" in declaration ? declaration.atMost : undefined;
  return atMost === undefined ? describeOptionType(declaration) : `${describeOptionType(declaration)}, at most ${atMost}`;
}

/** The JSON path of an option in the config: `ruleSettings["channel/online-differs-from-store"].tolerance`. */
export function settingPath(ruleId: string, name: string): string {
  return `ruleSettings[${JSON.stringify(ruleId)}]${NAME.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`;
}

function expectedText(declaration: OptionDeclaration): string {
  switch (declaration.type) {
    case "money":
      return 'money, an amount such as "0.05"';
    case "percent":
      return 'a percent, such as "5" for 5%';
    case "decimal":
      return 'a decimal, such as "0.1"';
    case "integer":
      return "an integer, such as 3";
    case "boolean":
      return "a boolean, true or false";
    case "string":
      return "a string";
    case "enum":
      return `one of ${declaration.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
}

/** A decimal bound, already checked, in micros. */
function decimalValue(value: DecimalText): Micros {
  return parseAmount(String(value));
}

function isOptionType(value: unknown): value is OptionType {
  return (OPTION_TYPES as readonly unknown[]).includes(value);
}

function guessType(value: unknown): OptionType {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "decimal";
  return typeof value === "string" && DECIMAL.test(value) ? "decimal" : "string";
}

/** A value quoted in a message: JSON, cut to 60 characters so that the message stays one line. */

