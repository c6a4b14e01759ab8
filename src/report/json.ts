import { checkReportInput } from "./report-input.js";
import type { Finding } from "../model/finding.js";
import type { Report } from "../model/report.js";
import { FindingsHasher } from "./digest.js";
import { hasTexts, writtenFindings } from "./finding-text.js";
import { writeFindingJson } from "./finding-json.js";
import { textPieces, Utf8Out } from "../text/utf8-out.js";

/** What the JSON report holds: a report whose findings may be built as they are read. */
export type JsonReport = Omit<Report, "rules" | "findings"> & { readonly findings: Iterable<Finding> };

/**
 * The JSON report in pieces of about 64 KiB, so a report of millions of findings can be written
 * without holding it: the pieces joined are exactly `JSON.stringify(report, null, 2)` and a
 * newline, where the report ends with `digest`, the {@link FindingsHasher} digest of its findings
 * as written. The findings come as UTF-8 bytes, each piece a buffer of its own ending between two
 * findings; the rest as texts.
 */
export function* jsonChunks(report: JsonReport): Generator<string | Uint8Array> {
  const { tool, at, window, run, summary, findings, absent } = report;
  const head = JSON.stringify({ tool, at, ...(window ? { window } : {}), ...(run ? { run } : {}), summary }, null, 2);
  const hasher = new FindingsHasher();
  try {
    // The head without its closing brace, then the findings as the array inside the document.
    yield `${head.slice(0, -2)},\n  "findings": [`;
    yield (yield* hashedInPieces(findings, hasher)) ? "\n  ]" : "]";
    if (absent) {
      // Each absent finding where it stands in the document, as JSON.stringify would indent the array.
      const texts = function* () {
        for (const a of absent) yield `    ${JSON.stringify(a, null, 2).replaceAll("\n", "\n    ")}`;
      };
      yield `,\n  "absent": [`;
      yield (yield* joinedInPieces(texts(), "\n", ",\n")) ? "\n  ]" : "]";
    }
    yield `,\n  "digest": ${JSON.stringify(hasher.digest(), null, 2).replaceAll("\n", "\n  ")}\n}\n`;
  } finally {
    // A report given up half-way (a write that failed) leaves no thread hashing it.
    hasher.close();
  }
}

/** The JSON report (README, "Output"): one document, two-space indented, newline-terminated (see {@link jsonChunks}). */
export function formatJson(report: JsonReport): string {
  checkReportInput(report, "formatJson", false);
  return [...jsonTextChunks(report)].join("");
}

/** The pieces of {@link jsonChunks}, each as text. */
export function jsonTextChunks(report: JsonReport): Generator<string> {
  return textPieces(jsonChunks(report));
}

/**
 * The findings' texts, each after a line feed (the first) or a comma and a line feed, as UTF-8
 * bytes in pieces of about PIECE_BYTES, each text added to `hasher` from the bytes written: a
 * finding is written as bytes where it is built (see writeFindingJson), and no string joins
 * the findings. Returns whether there was any.
 */
function* hashedInPieces(findings: Iterable<Finding>, hasher: FindingsHasher): Generator<Uint8Array, boolean> {
  const out = new Utf8Out(PIECE_BYTES + FINDING_ROOM);
  let first = true;
  /** Writes the separator before a finding; returns where the finding's text starts. */
  const begin = (): number => {
    out.room(2);
    if (!first) out.bytes[out.used++] = COMMA;
    out.bytes[out.used++] = LINE_FEED;
    first = false;
    return out.used;
  };
  const written: Iterable<void> = hasTexts(findings)
    ? (function* () {
        for (const bytes of findings.encoded("json")) {
          const start = begin();
          out.put(bytes);
          hasher.addBytes(out.bytes, start, out.used);
          yield;
        }
      })()
    : writtenFindings(findings, (finding, built) => {
        const start = begin();
        writeFindingJson(out, finding, built);
        hasher.addBytes(out.bytes, start, out.used);
      });
  for (const _ of written) if (out.used >= PIECE_BYTES) yield out.take();
  if (out.used > 0) yield out.take();
  return !first;
}

/** About 64 KiB of findings a piece. */
const PIECE_BYTES = 1 << 16;
/** Room after a piece for the finding that ends it (most findings): the buffer then need not grow. */
const FINDING_ROOM = 1 << 14;
const COMMA = 0x2c;
const LINE_FEED = 0x0a;

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
