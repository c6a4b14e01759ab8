import type { Explanation } from "../model/explanation.js";

const VERDICT = { 1: "true", 0: "false", [-1]: "unknown" } as const;

const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * A literal as the rule writes it, in JSON: a text quoted (`"product.category"`, `""`, `" all"`),
 * so that it never reads as a fact, as nothing, or as part of the line.
 */
const literal = (value: unknown): string => JSON.stringify(value) ?? String(value);

/**
 * A rule's conditions as an indented outline: `all` / `any` / `not`, then one line per
 * comparison, a fact by its name and a literal as written (`sku equal "A"`).
 */
export function formatConditions(node: unknown, indent = "  "): string[] {
  if (typeof node !== "object" || node === null) return [`${indent}${show(node)}`];
  const n = node as Record<string, unknown>;
  for (const key of ["all", "any"] as const) {
    if (Array.isArray(n[key])) return [`${indent}${key}`, ...(n[key] as unknown[]).flatMap((c) => formatConditions(c, `${indent}  `))];
  }
  if ("not" in n) return [`${indent}not`, ...formatConditions(n.not, `${indent}  `)];
  // A fact, its path, and the duration `plus` moves it by, written as --explain labels it (`now+P3D`, `now-PT1H`).
  const side = ({ fact, path, plus }: Record<string, unknown>) =>
    `${String(fact)}${typeof path === "string" ? path.slice(1) : ""}${typeof plus === "string" ? `${plus.startsWith("-") ? "" : "+"}${plus}` : ""}`;
  const value = n.value;
  const right = typeof value === "object" && value !== null && "fact" in value ? side(value as Record<string, unknown>) : literal(value);
  return [`${indent}${side(n)} ${String(n.operator)} ${right}`];
}

/**
 * An evaluated condition tree: each node's verdict, and each comparison with the values it saw
 * (`sku = A equal "A"`: a fact's value as the finding shows it, a literal as the rule writes it).
 */
export function formatExplanation(node: Explanation, indent = "  "): string[] {
  const verdict = `[${VERDICT[node.verdict]}]`;
  if (node.kind !== "leaf")
    return [`${indent}${verdict} ${node.kind}`, ...node.children.flatMap((c) => formatExplanation(c, `${indent}  `))];
  const right = node.valueFact === null ? literal(node.value) : `${node.valueFact} = ${show(node.value)}`;
  // What decided the verdict beyond the two values (a tolerance, two currencies, a literal as read).
  const note = node.note === undefined ? "" : ` (${node.note})`;
  return [`${indent}${verdict} ${node.fact} = ${show(node.factValue)} ${node.operator} ${right}${note}`];
}
