import type { JsonReport } from "./json.js";

/** JSON Lines (SPEC §5): one finding a line, as in the JSON report, then `{"summary", "tool", "at"}` (and `window`, `absent` when the JSON report has them); newline-terminated. */
export function formatJsonl(report: JsonReport): string {
  return [...jsonlChunks(report)].join("");
}

/** The JSON Lines report one line at a time (see {@link formatJsonl}). */
export function* jsonlChunks(report: JsonReport): Generator<string> {
  const { tool, at, window, summary, findings, absent } = report;
  for (const finding of findings) yield `${line(finding)}\n`;
  yield `${line({ summary, tool, at, ...(window ? { window } : {}), ...(absent ? { absent } : {}) })}\n`;
}

/**
 * One JSON value on one line. JSON.stringify already escapes every control character below
 * U+0020; NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are escaped too, since some line readers
 * (Python's `str.splitlines`, for one) break lines on them. They can only occur inside strings,
 * where `\uXXXX` means the same character.
 */
function line(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
