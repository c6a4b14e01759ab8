import type { z } from "zod";
import { nearest } from "../text/nearest.js";
import { shown } from "../text/shown.js";

type Schema = z.core.$ZodType;
/** A schema's or a check's definition, read for what it accepts. */
type Def = Readonly<Record<string, unknown>>;

/**
 * pricelint's message for an issue the schema leaves to zod (a value of another type, out of
 * range, not among the values allowed, an unknown key): what was given, and what is accepted
 * there, read from the schema (`expected an integer from 0 to 6, got 7`). An issue the
 * schema words itself (a refinement's message) keeps its own. Passed to every parse of a
 * config or rule file, so that zod's default wording ("Invalid input") never reaches a user.
 */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  const schema = issue.schema ?? (issue.inst as Schema | undefined);
  switch (issue.code) {
    case "unrecognized_keys":
      return unknownKeys(issue.keys, schema);
    case "invalid_key":
      // A record key's own message (its regex's, its refinement's).
      return issue.issues.map((inner) => inner.message).join("; ");
    default: {
      const expected = schema === undefined ? "another value" : accepted(schema);
      if (issue.input === undefined) return `missing: expected ${expected}`;
      // YAML 1.1 reads an unquoted date as a timestamp, and a config built in code may hold a Date: no setting takes one.
      if (issue.input instanceof Date) {
        const text = Number.isNaN(issue.input.getTime()) ? "an invalid date" : issue.input.toISOString().replace("T00:00:00.000Z", "");
        return `expected ${expected}, got the date ${text}, not a string (YAML 1.1 reads an unquoted date so; in code, a Date object): write it as the string "${text}"`;
      }
      if (isDateFormat(schema) && typeof issue.input === "string" && /^\d{4}-\d{2}-\d{2}$/.test(issue.input)) {
        return `"${issue.input}" is written yyyy-mm-dd but is no calendar date`;
      }
      const hint =
        issue.code === "invalid_value" && typeof issue.input === "string" ? nearest(issue.input, issue.values.map(String)) : null;
      return `expected ${expected}, got ${shown(issue.input)}${hint ? `; did you mean "${hint}"?` : ""}`;
    }
  }
};

/** Whether a schema (or the one it makes optional) takes a date written yyyy-mm-dd. */
function isDateFormat(schema: Schema | undefined): boolean {
  const def = schema?._zod.def as unknown as Def | undefined;
  if (def === undefined) return false;
  if (def.type === "optional" || def.type === "default") return isDateFormat(def.innerType as Schema);
  return def.type === "string" && def.format === "date";
}

/** The message for keys an object does not take, with the keys it takes (and the nearest, for one). */
function unknownKeys(keys: readonly string[], schema: Schema | undefined): string {
  const known = Object.keys(((schema?._zod.def as unknown as Def | undefined)?.shape ?? {}) as Def);
  const hint = keys.length === 1 ? nearest(keys[0]!, known) : null;
  const listed = keys.map((key) => JSON.stringify(key)).join(", ");
  return `unknown key${keys.length === 1 ? "" : "s"} ${listed}${hint ? `; did you mean "${hint}"?` : ""} (keys: ${known.join(", ")})`;
}

/**
 * What a schema accepts, as a message says it (as rule options' messages do): `a non-empty
 * string`, `an integer from 0 to 6`, `one of "half-up", "half-even"`, `a list of strings`, `an object`.
 */
function accepted(schema: Schema): string {
  const def = schema._zod.def as unknown as Def;
  const checks = ((def.checks ?? []) as readonly z.core.$ZodCheck[]).map((check) => check._zod.def as unknown as Def);
  const check = (name: string) => checks.find((c) => c.check === name);
  switch (def.type) {
    case "optional":
    case "default":
      return accepted(def.innerType as Schema);
    case "string": {
      if (def.format === "date") return 'a date written yyyy-mm-dd, such as "2026-06-30"';
      const length = check("length_equals")?.length as number | undefined;
      if (length !== undefined) return length === 1 ? "one character" : `${length} characters`;
      return ((check("min_length")?.minimum as number | undefined) ?? 0) > 0 ? "a non-empty string" : "a string";
    }
    case "number":
      return `${def.format === "safeint" ? "an integer" : "a number"}${bounds(check("greater_than"), check("less_than"))}`;
    case "boolean":
      return "a boolean (true or false)";
    case "literal":
    case "enum": {
      const values = def.type === "enum" ? Object.values(def.entries as Record<string, unknown>) : (def.values as readonly unknown[]);
      const listed = values.map((value) => JSON.stringify(value)).join(", ");
      return values.length === 1 ? listed : `one of ${listed}`;
    }
    case "array": {
      const element = (def.element as Schema)._zod.def.type;
      const of = element === "string" ? " of strings" : element === "object" ? " of objects" : "";
      return `a ${((check("min_length")?.minimum as number | undefined) ?? 0) > 0 ? "non-empty list" : "list"}${of}`;
    }
    case "object":
    case "record":
      return "an object";
    case "union":
      return orList([...new Set((def.options as readonly Schema[]).map(accepted))]);
    default:
      return "another value";
  }
}

/** A number's bounds as a message says them: ` from 0 to 6`, ` > 0 and ≤ 300`, ` ≥ 1`, or nothing. */
function bounds(lower: Def | undefined, upper: Def | undefined): string {
  if (lower?.inclusive && upper?.inclusive) return ` from ${String(lower.value)} to ${String(upper.value)}`;
  const parts = [
    ...(lower === undefined ? [] : [`${lower.inclusive ? "≥" : ">"} ${String(lower.value)}`]),
    ...(upper === undefined ? [] : [`${upper.inclusive ? "≤" : "<"} ${String(upper.value)}`]),
  ];
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)!}`;
}
