import type { Finding } from "../model/finding.js";
import type { Report } from "../model/report.js";
import { FindingsHasher } from "./digest.js";
import { findingTexts } from "./finding-text.js";

/** What the JSON report holds: a report whose findings may be built as they are read. */
export type JsonReport = Omit<Report, "rules" | "findings"> & { readonly findings: Iterable<Finding> };

/** The JSON report (README, "Output"): one document, two-space indented, newline-terminated. */
export function formatJson(report: JsonReport): string {
  return [...jsonChunks(report)].join("");
}

/**
 * The JSON report in pieces of about 64 Ki characters, so a report of millions of findings can be
 * written without holding it: the pieces joined are exactly `JSON.stringify(report, null, 2)`
 * and a newline, where the report ends with `digest`, the {@link FindingsHasher} digest of its
 * findings as written.
 */
export function* jsonChunks(report: JsonReport): Generator<string> {
  const { tool, at, window, run, summary, findings, absent } = report;
  const head = JSON.stringify({ tool, at, ...(window ? { window } : {}), ...(run ? { run } : {}), summary }, null, 2);
  const hasher = new FindingsHasher();
  // The head without its closing brace, then the findings as the array inside the document.
  yield `${head.slice(0, -2)},\n  "findings": [`;
  // Findings go out joined by the hundred or so (about CHUNK_CHARS): one flat string a chunk, not a piece each.
  let first = true;
  const texts: string[] = [];
  let chars = 0;
  for (const text of findingTexts(findings, "json")) {
    hasher.add(text);
    texts.push(text);
    chars += text.length;
    if (chars < CHUNK_CHARS) continue;
    yield `${first ? "\n" : ",\n"}${texts.join(",\n")}`;
    first = false;
    texts.length = 0;
    chars = 0;
  }
  if (texts.length > 0) {
    yield `${first ? "\n" : ",\n"}${texts.join(",\n")}`;
    first = false;
  }
  yield first ? "]" : "\n  ]";
  if (absent) yield `,\n  "absent": ${JSON.stringify(absent, null, 2).replaceAll("\n", "\n  ")}`;
  yield `,\n  "digest": ${JSON.stringify(hasher.digest(), null, 2).replaceAll("\n", "\n  ")}\n}\n`;
}

/** About 64 Ki characters of findings per chunk. */
const CHUNK_CHARS = 1 << 16;
