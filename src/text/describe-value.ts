/** A value as a message shows it: text quoted, an object as JSON, anything else by its type. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a Date";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return safeJson(value) ?? "an object";
  return typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

/** JSON of an object, or undefined when it has none (a cycle, a bigint inside). */
function safeJson(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
