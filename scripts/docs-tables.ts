/**
 * The README's facts and rule tables, generated from the code so they cannot drift:
 * `npx tsx scripts/docs-tables.ts` rewrites them in place; tests/docs.test.ts fails when they
 * are stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { BUILTIN_RULES, PRESETS } from "../src/rules/builtin.js";
import { CONTEXT_FACTS, FAMILY_MEMBER_FACTS, OFFER_FACTS, PRODUCT_FACTS, PROMOTION_FACTS, STORE_FACTS } from "../src/rules/facts.js";

const cell = (text: string) => text.replaceAll("|", "\\|");
const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;

export function factsTable(): string {
  const lines = ["| fact | type | scope | meaning | example |", "|---|---|---|---|---|"];
  for (const f of CONTEXT_FACTS) lines.push(row([`\`${f.name}\``, f.type, f.scopes.join(", "), f.description, `\`${f.example}\``]));
  for (const f of OFFER_FACTS)
    lines.push(row([`\`${f.name}\``, f.type, `offer; pair as \`<channel>.${f.name}\``, f.description, `\`${f.example}\``]));
  for (const f of PRODUCT_FACTS) lines.push(row([`\`product.${f.name}\``, f.type, "all", f.description, `\`${f.example}\``]));
  for (const f of STORE_FACTS) lines.push(row([`\`store.${f.name}\``, f.type, "offer, pair", f.description, `\`${f.example}\``]));
  for (const f of FAMILY_MEMBER_FACTS)
    lines.push(row([`\`smaller.${f.name}\`, \`larger.${f.name}\``, f.type, "family", f.description, `\`${f.example}\``]));
  for (const f of PROMOTION_FACTS) lines.push(row([`\`${f.name}\``, f.type, "promotion", f.description, `\`${f.example}\``]));
  return lines.join("\n");
}

export function rulesTable(): string {
  const recommended = new Set(PRESETS.recommended ?? []);
  const lines = ["| id | scope | severity | recommended | fires when | options |", "|---|---|---|---|---|---|"];
  for (const r of [...BUILTIN_RULES].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const options =
      Object.entries(r.options ?? {})
        .map(([k, v]) => `\`${k}: ${JSON.stringify(typeof v === "object" ? v.default : v)}\``)
        .join(", ") || "—";
    lines.push(row([`\`${r.id}\``, r.scope, r.severity, recommended.has(r.id) ? "yes" : "", r.description, options]));
  }
  return lines.join("\n");
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`no ${name} section markers`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

export function renderReadme(text: string): string {
  return replaceSection(replaceSection(text, "facts", factsTable()), "rules", rulesTable());
}

if (process.argv[1]?.endsWith("docs-tables.ts")) {
  writeFileSync("README.md", renderReadme(readFileSync("README.md", "utf8")));
}
