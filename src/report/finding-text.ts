import type { Finding } from "../model/finding.js";
import type { WrittenFindings } from "../findings/finding-set.js";
import { builtFindingJson, findingJson, writeFindingJson } from "./finding-json.js";
import { unicodeEscape } from "../text/terminal.js";
import type { Utf8Out } from "../text/utf8-out.js";

/** The two reports written finding by finding: the JSON document and JSON Lines. */
export type FindingFormat = "json" | "jsonl";

/**
 * Findings that give their texts in either format themselves (those of a check in threads, built
 * there): each finding's text as UTF-8 bytes, in report order.
 */
export interface FindingTexts extends Iterable<Finding> {
  encoded(format: FindingFormat): Iterable<Uint8Array>;
}

/**
 * One finding as its report writes it: in the JSON document, indented where it stands in the
 * findings array; in JSON Lines, one line (without its line break). `built`: the evaluator has
 * just built it (see FindingSet.written), so its shape need not be proved.
 */
export function findingText(finding: Finding, format: FindingFormat, built = false): string {
  return format === "jsonl" ? jsonLine(finding) : built ? builtFindingJson(finding) : findingJson(finding);
}

/** {@link findingText}'s text, written in UTF-8 at the end of `out`. */
export function writeFindingText(out: Utf8Out, finding: Finding, format: FindingFormat, built: boolean): void {
  if (format === "jsonl") out.text(jsonLine(finding));
  else writeFindingJson(out, finding, built);
}

/** The texts of findings in report order, built here (findings that give theirs as bytes: see {@link hasTexts}). */
export function findingTexts(findings: Iterable<Finding>, format: FindingFormat): Iterable<string> {
  return writtenFindings(findings, (f, built) => findingText(f, format, built));
}

/** Whether the findings give their texts themselves (see {@link FindingTexts}). */
export function hasTexts(findings: Iterable<Finding>): findings is FindingTexts {
  return typeof (findings as Partial<FindingTexts>).encoded === "function";
}

/** What `write` gives of each finding in report order, told whether the evaluator has just built it (false when the findings cannot say). */
export function writtenFindings<T>(findings: Iterable<Finding>, write: (finding: Finding, built: boolean) => T): Iterable<T> {
  if (typeof (findings as Partial<WrittenFindings>).written === "function") return (findings as WrittenFindings).written(write);
  return (function* () {
    for (const finding of findings) yield write(finding, false);
  })();
}

/**
 * One JSON value on one line. JSON.stringify already escapes every control character below
 * U+0020; NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are escaped too, since some line readers
 * (Python's `str.splitlines`, for one) break lines on them. They can only occur inside strings,
 * where `\uXXXX` means the same character.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, unicodeEscape);
}
