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
  const hashed = function* () {
    for (const text of findingTexts(findings, "json")) {
      hasher.add(text);
      yield text;
    }
  };
  yield (yield* joinedInPieces(hashed(), "\n", ",\n")) ? "\n  ]" : "]";
  if (absent) {
    // Each absent finding where it stands in the document, as JSON.stringify would indent the array.
    const texts = function* () {
      for (const a of absent) yield `    ${JSON.stringify(a, null, 2).replaceAll("\n", "\n    ")}`;
    };
    yield `,\n  "absent": [`;
    yield (yield* joinedInPieces(texts(), "\n", ",\n")) ? "\n  ]" : "]";
  }
  yield `,\n  "digest": ${JSON.stringify(hasher.digest(), null, 2).replaceAll("\n", "\n  ")}\n}\n`;
}

/**
 * `before` and the texts joined by `between` (nothing at all when there are none), in pieces of
 * about CHUNK_CHARS characters: one flat string a piece, not one a text, and never one string
 * for millions of texts. Returns whether there was any text.
 */
export function* joinedInPieces(texts: Iterable<string>, before: string, between: string): Generator<string, boolean> {
  let first = true;
  const held: string[] = [];
  let chars = 0;
  for (const text of texts) {
    held.push(text);
    chars += text.length;
    if (chars < CHUNK_CHARS) continue;
    yield `${first ? before : between}${held.join(between)}`;
    first = false;
    held.length = 0;
    chars = 0;
  }
  if (held.length > 0) {
    yield `${first ? before : between}${held.join(between)}`;
    first = false;
  }
  return !first;
}

/** About 64 Ki characters a piece. */
const CHUNK_CHARS = 1 << 16;
