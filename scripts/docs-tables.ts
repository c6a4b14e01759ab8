/**
 * The README's facts table, generated from the code so it cannot drift (the rule tables are
 * generated from the rule files by scripts/generate-rules.mjs):
 * `npx tsx scripts/docs-tables.ts` rewrites them in place; tests/docs.test.ts fails when they
 * are stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
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
  return replaceSection(text, "facts", factsTable());
}

if (process.argv[1]?.endsWith("docs-tables.ts")) {
  writeFileSync("README.md", renderReadme(readFileSync("README.md", "utf8")));
}
