/** One step of a path: an object key or an array index. */
export type PathStep = string | number;

// `$`, then `.name`, `['name']` / `["name"]` or `[0]` steps: anchored, no nested quantifiers. An
// index has no leading zero: JSONPath reads `[01]` as the key "01", which no list has.
const STEP = /\.([A-Za-z_$][A-Za-z0-9_$-]*)|\['([^'\\]*)'\]|\["([^"\\]*)"\]|\[(0|[1-9]\d{0,8})\]/y;

/**
 * Parses the JSONPath subset rule paths use: `$.price`, `$.a.b`, `$['a b']`, `$.list[0]`. Each
 * such path selects at most one value, as json-rules-engine's JSONPath does for these forms.
 * Returns null for anything else (wildcards, filters, recursive descent, slices).
 */
export function parsePath(path: string): PathStep[] | null {
  if (!path.startsWith("$")) return null;
  const steps: PathStep[] = [];
  STEP.lastIndex = 1;
  let at = 1;
  while (at < path.length) {
    const m = STEP.exec(path);
    if (!m || m.index !== at) return null;
    steps.push(m[4] !== undefined ? Number(m[4]) : (m[1] ?? m[2] ?? m[3])!);
    at = STEP.lastIndex;
  }
  return steps;
}

/** Follows `steps` into a value; undefined when a step is missing. Only own properties are read. */
export function followPath(value: unknown, steps: readonly PathStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof step === "number") {
      if (!Array.isArray(current) || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}
