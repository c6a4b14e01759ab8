import { PricelintError } from "../model/errors.js";
import { DEFAULT_LIMITS, excerpt, invalidUtf8, type ReadLimits } from "./limits.js";
import type { RowErrorCode } from "../model/row-error.js";
import { numberText, type DecimalMark } from "./number-text.js";
import type { Cell, RawRecord, RecordBatch } from "./record.js";

const REPLACEMENT = "\uFFFD";

/**
 * Reads a JSON array of objects, streaming: each element is parsed on its own as soon as it is
 * complete, so a large array never sits in memory whole. A record's line is where its element starts.
 * An element longer than `limits.recordChars` is a problem record, skipped without being kept.
 */
export async function* readJsonArray(
  chunks: AsyncIterable<string>,
  limits: ReadLimits = DEFAULT_LIMITS,
  decimal: DecimalMark = ".",
): AsyncGenerator<RecordBatch> {
  const splitter = new JsonArraySplitter(limits.recordChars);
  const columns = new ColumnSet(limits.jsonKeys);
  const reading = { columns, decimal };
  const read = (e: Element) => (e.text === null ? tooLong(e.line, limits.recordChars, "element") : toRecord(e.text, e.line, reading));
  for await (const chunk of chunks) {
    const records = splitter.push(chunk).map(read);
    if (records.length > 0) yield { columns: columns.names, records };
  }
  const tail = splitter.end();
  const records = tail.elements.map(read);
  if (tail.problem) {
    const { line, code, reason } = tail.problem;
    records.push({ line, cells: [], problem: { code, reason, column: null } });
  }
  yield { columns: columns.names, records };
}

/**
 * Reads JSON Lines: one object a line; a line that is not an object is a record with a problem.
 * A line longer than `limits.recordChars` is a problem record, and the rest of it is dropped unread.
 */
export async function* readJsonLines(
  chunks: AsyncIterable<string>,
  limits: ReadLimits = DEFAULT_LIMITS,
  decimal: DecimalMark = ".",
): AsyncGenerator<RecordBatch> {
  const columns = new ColumnSet(limits.jsonKeys);
  const reading = { columns, decimal };
  const max = limits.recordChars;
  let carry = "";
  let line = 1;
  let discarding = false;
  /** Whether any line was more than white space (a record, or a problem). */
  let seen = false;
  const flush = (text: string, final: boolean): RawRecord[] => {
    const out: RawRecord[] = [];
    let pos = 0;
    if (discarding) {
      const nl = text.indexOf("\n");
      if (nl < 0) {
        carry = "";
        return out;
      }
      discarding = false;
      line++;
      pos = nl + 1;
    }
    for (;;) {
      let nl = text.indexOf("\n", pos);
      if (nl < 0) {
        if (text.length - pos > max) {
          // Whatever follows, this line is too long: say so now and drop the rest of it as it comes.
          out.push(tooLong(line, max, "line"));
          if (!final) discarding = true;
          pos = text.length;
          break;
        }
        if (!final || pos >= text.length) break;
        nl = text.length;
      }
      if (nl - pos > max) out.push(tooLong(line, max, "line"));
      else {
        const body = text.slice(pos, nl).trim();
        if (body !== "") out.push(toRecord(body, line, reading));
      }
      line++;
      pos = nl + 1;
    }
    carry = pos < text.length ? text.slice(pos) : "";
    seen ||= out.length > 0;
    return out;
  };
  for await (const chunk of chunks) {
    const records = flush(carry + chunk, false);
    if (records.length > 0) yield { columns: columns.names, records };
  }
  const records = flush(carry, true);
  // As a delimited file without a header: a feed with nothing in it is more likely a failed export than no rows.
  if (!seen) throw new PricelintError("io", "no JSON line: the file is empty or blank");
  yield { columns: columns.names, records };
}

function tooLong(line: number, max: number, what: "line" | "element"): RawRecord {
  return {
    line,
    cells: [],
    problem: { code: "record_too_long", reason: `the ${what} is longer than ${max} characters, the limit of one record`, column: null },
  };
}

/** Column names in order of first appearance across the objects of a feed, at most `max` of them. */
export class ColumnSet {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** The column of `name`, added if new; -1 when the feed already has `max` columns. */
  indexOf(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      if (this.names.length >= this.max) return -1;
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}

/** What reading a JSON feed's objects keeps: its columns so far, and the decimal mark its numbers are written in as cells. */
interface Reading {
  readonly columns: ColumnSet;
  readonly decimal: DecimalMark;
}

function toRecord(text: string, line: number, reading: Reading): RawRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, cells: [], problem: { code: "invalid_json", reason: `invalid JSON: ${(error as Error).message}`, column: null } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line, cells: [], problem: { code: "not_an_object", reason: "expected a JSON object", column: null } };
  }
  // Undecodable bytes become U+FFFD in the text; an escaped "\ufffd" is a character the file meant.
  return objectToRecord(value as Record<string, unknown>, line, reading, text.includes(REPLACEMENT));
}

function objectToRecord(value: Record<string, unknown>, line: number, { columns, decimal }: Reading, undecodable = false): RawRecord {
  const cells: Cell[] = [];
  let problem: RawRecord["problem"];
  for (const [key, raw] of Object.entries(value)) {
    const column = columns.indexOf(key);
    if (column < 0) {
      return {
        line,
        cells,
        problem: {
          code: "too_many_keys",
          reason: `the feed has more than ${columns.names.length} distinct keys; "${excerpt(key)}" is one too many`,
          column: null,
        },
      };
    }
    const cell = toCell(raw, decimal);
    if (typeof cell === "object" && cell !== null && "problem" in cell) {
      return { line, cells, problem: { code: cell.code, reason: `field "${excerpt(key)}" ${cell.problem}`, column: column + 1 } };
    }
    cells[column] = cell;
    if (undecodable && problem === undefined) {
      const text = typeof cell === "string" ? cell : Array.isArray(cell) ? cell.find((c) => c.includes(REPLACEMENT)) : undefined;
      if (key.includes(REPLACEMENT)) problem = { code: "invalid_utf8", reason: invalidUtf8(key), column: column + 1 };
      else if (text !== undefined && text.includes(REPLACEMENT))
        problem = { code: "invalid_utf8", reason: invalidUtf8(text), column: column + 1 };
    }
  }
  return problem ? { line, cells, problem } : { line, cells };
}

/** Significant digits a double always keeps: a JSON number with more may not be the number written. */
const EXACT_DIGITS = 15;

/** A field's problem: its code, and what the field holds (the reason names the field before it). */
interface CellProblem {
  readonly code: RowErrorCode;
  readonly problem: string;
}

const unsupported = (problem: string): CellProblem => ({ code: "unsupported_value", problem });

function toCell(raw: unknown, decimal: DecimalMark): Cell | CellProblem {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === "string") return raw;
  if (typeof raw === "boolean" || typeof raw === "bigint") return String(raw);
  if (typeof raw === "number") return numberCell(raw, decimal);
  if (Array.isArray(raw)) {
    const items: string[] = [];
    for (const item of raw) {
      if (Array.isArray(item)) return unsupported("holds a nested list; a field holds text, a number, a boolean or a list of those");
      const cell = toCell(item, decimal);
      if (typeof cell === "object" && cell !== null && "problem" in cell) return cell;
      if (cell === undefined) return unsupported("holds a list with null in it");
      items.push(cell as string);
    }
    return items;
  }
  if (typeof raw === "object") return unsupported("holds a nested object; a field holds text, a number, a boolean or a list of those");
  return unsupported(`holds a ${typeof raw}; a field holds text, a number, a boolean or a list of those`);
}

/**
 * A JSON number as text. JSON.parse reads numbers as binary doubles: what it returns is the number
 * written only up to 15 significant digits, so a longer one is refused rather than silently changed.
 * The text is plain (no exponent) and uses the feed's decimal mark: `2.125` in a feed whose
 * decimal is `,` is `2,125`, two and an eighth, not 2125.
 */
function numberCell(n: number, decimal: DecimalMark): Cell | CellProblem {
  if (!Number.isFinite(n)) {
    return { code: "inexact_number", problem: `holds a number too large for a JSON number (it reads as ${n}); write it as a string` };
  }
  const text = String(n);
  if (significantDigits(text) > EXACT_DIGITS) {
    return {
      code: "inexact_number",
      problem: `holds a number with more than ${EXACT_DIGITS} significant digits, which JSON cannot carry exactly (it reads as ${text}); write it as a string`,
    };
  }
  return numberText(text, decimal);
}

/** Digits of a number's text from its first to its last non-zero digit (`-0.00120e5` has 2). */
function significantDigits(text: string): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 /* e */ || c === 69 /* E */) break;
    if (c < 48 || c > 57) continue;
    if (c !== 48) {
      if (first < 0) first = count;
      last = count;
    }
    count++;
  }
  return first < 0 ? 0 : last - first + 1;
}

interface Element {
  /** The element's text; null when it was longer than the limit and dropped unread. */
  readonly text: string | null;
  readonly line: number;
}

/** Finds the elements of a top-level JSON array in a stream of text, tracking strings and nesting. */
class JsonArraySplitter {
  constructor(private readonly maxChars: number) {}

  private text = "";
  /** Inside an element whose text was dropped for being longer than the limit. */
  private oversized = false;
  private pos = 0;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private done = false;
  private elementStart = -1;
  private elementLine = 0;
  private problem: { line: number; code: RowErrorCode; reason: string } | undefined;

  push(chunk: string): Element[] {
    this.text = this.elementStart >= 0 ? this.text.slice(this.elementStart) + chunk : chunk;
    this.pos = this.elementStart >= 0 ? this.pos - this.elementStart : 0;
    if (this.elementStart >= 0) this.elementStart = 0;
    const out: Element[] = [];
    const text = this.text;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.problem || this.done) {
        if (!this.problem && c !== 10 && c !== 13 && c !== 32 && c !== 9) this.fail("invalid_json", "text after the closing ]");
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (!this.started) {
        if (c === 91 /* [ */) this.started = true;
        else this.fail("not_a_json_array", "a JSON feed must be an array of objects");
        continue;
      }
      if (this.depth === 0) {
        if (c === 93 /* ] */) {
          if (this.elementStart >= 0 || this.oversized) out.push(this.cut(i));
          this.done = true;
          continue;
        }
        if (c === 44 /* , */) {
          if (this.elementStart >= 0 || this.oversized) out.push(this.cut(i));
          continue;
        }
        if (this.elementStart < 0 && !this.oversized) {
          this.elementStart = i;
          this.elementLine = this.line;
        }
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) this.depth--;
    }
    this.pos = text.length;
    if (this.elementStart >= 0 && text.length - this.elementStart > this.maxChars) {
      // Too long already, whatever follows: stop keeping its text, and keep only its place.
      this.oversized = true;
      this.elementStart = -1;
    }
    if (this.elementStart < 0) this.text = "";
    return out;
  }

  end(): { elements: Element[]; problem: { line: number; code: RowErrorCode; reason: string } | undefined } {
    const elements: Element[] = [];
    if (!this.problem && !this.done) {
      if (!this.started) this.fail("not_a_json_array", "empty JSON feed: expected an array of objects");
      else this.fail("invalid_json", "the JSON array is not closed (truncated file?)");
    }
    return { elements, problem: this.problem };
  }

  private cut(end: number): Element {
    const keep = !this.oversized && end - this.elementStart <= this.maxChars;
    const element = { text: keep ? this.text.slice(this.elementStart, end) : null, line: this.elementLine };
    this.elementStart = -1;
    this.oversized = false;
    return element;
  }

  private fail(code: RowErrorCode, reason: string): void {
    this.problem = { line: this.line, code, reason };
  }
}

/** Turns in-memory objects (API callers' rows) into records, as if read from a JSON feed; line = index + 1. */
export async function* recordsFromObjects(objects: readonly unknown[], limits: ReadLimits = DEFAULT_LIMITS): AsyncGenerator<RecordBatch> {
  if (!Array.isArray(objects))
    throw new PricelintError("io", `expected an array of rows, got ${objects === null ? "null" : typeof objects}`);
  const columns = new ColumnSet(limits.jsonKeys);
  const records = objects.map((o, i): RawRecord =>
    typeof o === "object" && o !== null && !Array.isArray(o)
      ? objectToRecord(o as Record<string, unknown>, i + 1, { columns, decimal: "." })
      : { line: i + 1, cells: [], problem: { code: "not_an_object", reason: "expected an object", column: null } },
  );
  yield { columns: columns.names, records };
}
