/**
 * The source layout: src/ folders import one another in one direction only, in the order below
 * (a folder may import its own files and the folders before it), and no file imports itself back
 * through others. Type-only imports count: they are dependencies a reader follows too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** Lowest first. "." is the files directly in src/ (the library's entry points). */
export const FOLDER_ORDER = [
  "text",
  "money",
  "time",
  "model",
  "io",
  "profiles",
  "config",
  "dataset",
  "feeds",
  "pricing",
  "changes",
  "rules",
  "findings",
  "report",
  "evaluate",
  "window",
  "pipeline",
  "parallel",
  "trend",
  "setup",
  ".",
  "cli",
] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"(\.{1,2}\/[^"]+)"/g;

/** Each source file (relative to src/) and the source files it imports. */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles("src").map((f) => relative("src", f));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join("src", file), "utf8");
    const targets: string[] = [];
    for (const [, spec] of text.matchAll(SPECIFIER)) {
      const path = normalize(join(dirname(file), spec!));
      const candidates = [path, path.replace(/\.js$/, ".ts")];
      const target = candidates.find((c) => known.has(c));
      if (target !== undefined) targets.push(target);
      else if (!path.startsWith("..")) throw new Error(`${file}: cannot resolve ${spec}`);
    }
    graph.set(file, targets);
  }
  return graph;
}

const folderOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : ".");

/** The strongly connected components of more than one file, or of a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("the source layout", () => {
  const graph = importGraph();

  it("has every folder of src/ in the declared order, and no other", () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    expect([...folders].sort()).toStrictEqual([...FOLDER_ORDER].sort());
  });

  it("imports only from the same folder or from folders earlier in the order", () => {
    const rank = (file: string) => FOLDER_ORDER.indexOf(folderOf(file) as (typeof FOLDER_ORDER)[number]);
    const backward = [...graph].flatMap(([file, targets]) => targets.filter((t) => rank(t) > rank(file)).map((t) => `${file} -> ${t}`));
    expect(backward).toStrictEqual([]);
  });

  it("has no import cycle between files", () => {
    expect(cycles(graph)).toStrictEqual([]);
  });

  it("is the order docs/architecture.md describes", () => {
    const rows = [...readFileSync("docs/architecture.md", "utf8").matchAll(/^\| (?:`([a-z]+)\/`|\(root\)) \|/gm)];
    expect(rows.map(([, folder]) => folder ?? ".")).toStrictEqual([...FOLDER_ORDER]);
  });

  it("finds what it checks: a cycle and a backward import are seen in a made-up graph", () => {
    const made = new Map([
      ["model/a.ts", ["model/b.ts"]],
      ["model/b.ts", ["model/a.ts", "cli/run.ts"]],
      ["cli/run.ts", []],
    ]);
    expect(cycles(made)).toStrictEqual([["model/a.ts", "model/b.ts"]]);
    expect(graph.get("check.ts")?.length).toBeGreaterThan(0);
  });
});
