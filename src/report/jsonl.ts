import { checkReportInput } from "./report-input.js";
import { findingTexts, hasTexts, jsonLine } from "./finding-text.js";
import { joinedInPieces, type JsonReport } from "./json.js";
import { textPieces, Utf8Out } from "../text/utf8-out.js";

/** JSON Lines (README, "Output"): one finding a line, as in the JSON report, then `{"summary", "tool", "at"}` (and `window`, `run`, `absent` when the JSON report has them); newline-terminated. */
export function formatJsonl(report: JsonReport): string {
  checkReportInput(report, "formatJsonl", false);
  return [...textPieces(jsonlChunks(report))].join("");
}

/**
 * The JSON Lines report one line at a time (see {@link formatJsonl}); the lines of findings that
 * give their texts themselves (a check in threads) as their UTF-8 bytes, about 64 KiB a piece.
 */
export function* jsonlChunks(report: JsonReport): Generator<string | Uint8Array> {
  const { tool, at, window, run, summary, findings, absent } = report;
  if (hasTexts(findings)) {
    const out = new Utf8Out(PIECE_BYTES + (1 << 14));
    for (const bytes of findings.encoded("jsonl")) {
      out.put(bytes);
      out.room(1);
      out.bytes[out.used++] = LINE_FEED;
      if (out.used >= PIECE_BYTES) yield out.take();
    }
    if (out.used > 0) yield out.take();
  } else for (const text of findingTexts(findings, "jsonl")) yield `${text}\n`;
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

/** About 64 KiB of findings' lines a piece. */
const PIECE_BYTES = 1 << 16;
const LINE_FEED = 0x0a;
