import { findingTexts, jsonLine } from "./finding-text.js";
import type { JsonReport } from "./json.js";

/** JSON Lines (README, "Output"): one finding a line, as in the JSON report, then `{"summary", "tool", "at"}` (and `window`, `run`, `absent` when the JSON report has them); newline-terminated. */
export function formatJsonl(report: JsonReport): string {
  return [...jsonlChunks(report)].join("");
}

/** The JSON Lines report one line at a time (see {@link formatJsonl}). */
export function* jsonlChunks(report: JsonReport): Generator<string> {
  const { tool, at, window, run, summary, findings, absent } = report;
  for (const text of findingTexts(findings, "jsonl")) yield `${text}\n`;
  yield `${jsonLine({ summary, tool, at, ...(window ? { window } : {}), ...(run ? { run } : {}), ...(absent ? { absent } : {}) })}\n`;
}
