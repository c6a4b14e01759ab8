import { checkReportInput } from "./report-input.js";
import { findingTexts, jsonLine } from "./finding-text.js";
import { joinedInPieces, type JsonReport } from "./json.js";

/** JSON Lines (README, "Output"): one finding a line, as in the JSON report, then `{"summary", "tool", "at"}` (and `window`, `run`, `absent` when the JSON report has them); newline-terminated. */
export function formatJsonl(report: JsonReport): string {
  checkReportInput(report, "formatJsonl", false);
  return [...jsonlChunks(report)].join("");
}

/** The JSON Lines report one line at a time (see {@link formatJsonl}). */
export function* jsonlChunks(report: JsonReport): Generator<string> {
  const { tool, at, window, run, summary, findings, absent } = report;
  for (const text of findingTexts(findings, "jsonl")) yield `${text}\n`;
  const last = jsonLine({ summary, tool, at, ...(window ? { window } : {}), ...(run ? { run } : {}) });
  if (!absent) {
    yield `${last}\n`;
    return;
  }
  // The absent findings end the last line, written a piece at a time.
  const texts = function* () {
    for (const a of absent) yield jsonLine(a);
  };
  yield `${last.slice(0, -1)},"absent":[`;
  yield* joinedInPieces(texts(), "", ",");
  yield "]}\n";
}
