import { PricelintError } from "../model/errors.js";
import { DEFAULT_LIMITS, excerpt, invalidUtf8, type ReadLimits } from "./limits.js";
import type { RowErrorCode } from "../model/row-error.js";
import { numberText, plainDecimal, significantDigits } from "./number-text.js";
import type { Cell, RawRecord, RecordBatch } from "./record.js";
import { foldedName, nfc } from "../text/keys.js";
import { misspeltIgnored } from "../text/ignored-entries.js";
import { shown } from "../text/shown.js";
import { shownText, hasUndecodable, undecodableAt } from "./undecodable.js";

/**
 * Reads a JSON array of objects, streaming: each element is parsed on its own as soon as it is
 * complete, so a large array never sits in memory whole. A record's line is where its element starts.
 * An element longer than `limits.recordChars` is a problem record, skipped without being kept.
 * Its numbers are marked typed, whatever the feed's decimal mark: the row reader writes them in
 * it (RawRecord.typedNumbers).
 */
export async function* readJsonArray(
  chunks: AsyncIterable<string>,
  limits: ReadLimits = DEFAULT_LIMITS,
  ignored: readonly string[] = [],
): AsyncGenerator<RecordBatch> {
  const splitter = new JsonArraySplitter(limits.recordChars);
  const columns = new ColumnSet(limits.jsonKeys);
  const reading = { columns, members: new Members(), ignored: new IgnoredKeys(ignored, limits.jsonKeys) };
  let any = false;
  const read = (e: Element) => (e.text === null ? tooLong(e.line, limits.recordChars, "element") : toRecord(e.text, e.line, reading));
  for await (const chunk of chunks) {
    refuseNul(chunk);
    const records = splitter.push(chunk).map(read);
    any ||= records.length > 0;
    if (records.length > 0) yield { columns: columns.names, records };
  }
  const tail = splitter.end();
  const records = tail.elements.map(read);
  if (tail.problem) {
    const { line, code, reason } = tail.problem;
    records.push({ line, cells: [], problem: { code, reason, column: null } });
  }
  if (any || records.length > 0) reading.ignored.requireSeen(columns.names);
  yield { columns: columns.names, records };
}

/**
 * Reads JSON Lines: one object a line; a line that is not an object is a record with a problem.
 * A line longer than `limits.recordChars` is a problem record, and the rest of it is dropped unread.
 * Its numbers are marked typed whatever the feed's decimal mark, as readJsonArray's.
 */
export async function* readJsonLines(
  chunks: AsyncIterable<string>,
  limits: ReadLimits = DEFAULT_LIMITS,
  ignored: readonly string[] = [],
): AsyncGenerator<RecordBatch> {
  const columns = new ColumnSet(limits.jsonKeys);
  const reading = { columns, members: new Members(), ignored: new IgnoredKeys(ignored, limits.jsonKeys) };
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
    refuseNul(chunk);
    const records = flush(carry + chunk, false);
    if (records.length > 0) yield { columns: columns.names, records };
  }
  const records = flush(carry, true);
  // As a delimited file without a header: a feed with nothing in it is more likely a failed export than no rows.
  if (!seen) throw new PricelintError("io", "no JSON line: the file is empty or blank");
  reading.ignored.requireSeen(columns.names);
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
  /** Each column by its name in NFC, for {@link keyOf}. */
  private readonly byNfc = new Map<string, number>();

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

  /**
   * The column of a JSON key, as {@link indexOf}, but keys that are one text in NFC (`unità` and
   * `unita` + U+0300, which print alike) are one column, named as first written: the reader
   * matches names in NFC, so two columns would leave one unread without a word.
   */
  keyOf(name: string): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    const normal = nfc(name);
    const same = this.byNfc.get(normal);
    if (same !== undefined) {
      // Another spelling of a column: remembered, within the bound on names.
      if (this.index.size < 2 * this.max) this.index.set(name, same);
      return same;
    }
    const i = this.indexOf(name);
    if (i >= 0) this.byNfc.set(normal, i);
    return i;
  }
}

/**
 * A JSON feed's `ignoreColumns`: a key is left unread when an entry names it as a mapped column
 * is matched, in NFC and ignoring case. Keys come record by record, so which of two keys that
 * differ in case only an entry means cannot wait for a header: an entry that two such keys
 * match is a config error, as a mapping beside a key in another case is. The verdict on each
 * distinct key is kept (within the bound on keys), so a row costs a lookup per key; an entry
 * that matches no key of a file but is spelt near one is a config error once the file is read,
 * as a mapped key that no record has (J17).
 */
class IgnoredKeys {
  /** The entries by their folded names, each with the first key (in NFC) that matched it. */
  private readonly entries = new Map<string, { readonly entry: string; key: string | null }>();
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    list: readonly string[],
    private readonly max: number,
  ) {
    for (const entry of list) this.entries.set(foldedName(entry), { entry, key: null });
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      const entry = this.entries.get(foldedName(key));
      if (entry !== undefined) {
        const written = nfc(key);
        if (entry.key !== null && entry.key !== written)
          throw new PricelintError(
            "config",
            `the ignoreColumns entry "${entry.entry}" could be key "${entry.key}" or key "${written}", which the file both writes and which differ in case only: which is meant is not known; rename one of them upstream`,
          );
        entry.key = written;
      }
      verdict = entry !== undefined;
      if (this.verdicts.size < this.max) this.verdicts.set(key, verdict);
    }
    return verdict;
  }

  /** After the last record of a file: refuses an entry that no key matched, spelt near a key that one did (see {@link misspeltIgnored}). */
  requireSeen(columns: readonly string[]): void {
    const unseen = [...this.entries.values()].filter((e) => e.key === null).map((e) => e.entry);
    const problem = unseen.length === 0 ? null : misspeltIgnored(unseen, columns, "is in no record of the file");
    if (problem !== null) throw new PricelintError("config", problem);
  }
}

/** What reading a JSON feed's objects keeps: its columns so far. */
interface Reading {
  readonly columns: ColumnSet;
  /** Keys the feed's `ignoreColumns` lists: their values are not read, so none can reject its record. */
  readonly ignored: Pick<IgnoredKeys, "size" | "has">;
  /** The members of the object being read (reused from row to row). */
  readonly members: Members;
}

function toRecord(written: string, line: number, reading: Reading): RawRecord {
  // Undecodable bytes are marked in the text (see decode.ts): the record is read with them shown
  // as U+FFFD, as before it a message shows them, and refused from where they are in `written`.
  // A U+FFFD in the file (as it is, or escaped "\ufffd") is a character like any other.
  const marked = hasUndecodable(written);
  const text = marked ? shownText(written) : written;
  const members = reading.members;
  // A flat object is read in one pass; anything else (nesting, bad JSON, another value) is left
  // to JSON.parse, for its verdict and message, then walked leniently.
  if (!members.readFlat(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Lines ending in CR alone (classic Mac): the whole file, or its rest, would be one line.
      if (valueAfterCarriageReturn(text))
        throw new PricelintError(
          "io",
          `line ${line} holds a carriage return between two JSON values: the file's lines end in CR alone; save it with LF or CRLF line endings`,
        );
      return { line, cells: [], problem: { code: "invalid_json", reason: `invalid JSON: ${(error as Error).message}`, column: null } };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { line, cells: [], problem: { code: "not_an_object", reason: "expected a JSON object", column: null } };
    }
    members.readValid(text);
  }
  return textToRecord(text, line, reading, marked ? written : null);
}

/**
 * A valid JSON object's text as a record, read from the text itself rather than from what
 * JSON.parse made of it: a number's cell is the number as written (JSON.parse would round
 * `10000000000000000001` and `2.00000000000000001` to a double), and a key given twice is a
 * problem (JSON.parse keeps the last value without a word). `marked`: the text as decoded, when
 * it holds undecodable bytes (`text` shows them as U+FFFD): a key or value read that holds them
 * refuses the record.
 */
function textToRecord(text: string, line: number, { columns, members, ignored }: Reading, marked: string | null): RawRecord {
  const cells: Cell[] = [];
  const typed: number[] = [];
  /** Where each column's value starts, for a key given twice. */
  const seen: number[] = [];
  let problem: RawRecord["problem"];
  const spans = members.spans;
  /** The next undecodable byte mark in `marked` at or after the last place asked (text.length: none). */
  let nextMark = -1;
  const markIn = (from: number, to: number): boolean => {
    if (nextMark < from) {
      nextMark = undecodableAt(marked!, from);
      if (nextMark < 0) nextMark = text.length;
    }
    return nextMark < to;
  };
  for (let m = 0; m < members.count; m++) {
    const member = { start: spans[4 * m + 2]!, end: spans[4 * m + 3]! };
    const key = stringAt(text, spans[4 * m]!, spans[4 * m + 1]!);
    // Not read, and not a column: it uses none of the feed's distinct keys either.
    if (ignored.size > 0 && ignored.has(key)) continue;
    const column = columns.keyOf(key);
    if (column < 0) {
      return { line, cells, problem: tooManyKeys(columns.names.length, key) };
    }
    const before = seen[column];
    if (before !== undefined) {
      const first = excerpt(text.slice(spans[4 * before + 2]!, spans[4 * before + 3]!));
      const second = excerpt(text.slice(member.start, member.end));
      const written = stringAt(text, spans[4 * before]!, spans[4 * before + 1]!);
      return { line, cells, problem: twice(written, key, first, second, column) };
    }
    seen[column] = m;
    const cell = valueCell(text, member.start, member.end);
    if (typeof cell === "object" && cell !== null && "problem" in cell) {
      return { line, cells, problem: { code: cell.code, reason: `field "${excerpt(key)}" ${cell.problem}`, column: column + 1 } };
    }
    cells[column] = cell;
    if (isNumberStart(text.charCodeAt(member.start))) typed.push(column);
    if (marked !== null && problem === undefined) {
      if (markIn(spans[4 * m]!, spans[4 * m + 1]!)) problem = { code: "invalid_utf8", reason: invalidUtf8(key), column: column + 1 };
      else if (markIn(member.start, member.end)) {
        const bad = Array.isArray(cell) ? markedItem(marked, member.start, cell) : String(cell);
        problem = { code: "invalid_utf8", reason: invalidUtf8(bad), column: column + 1 };
      }
    }
  }
  return withTyped(line, cells, problem, typed);
}

/** The item of a list (`items`, read from the list at `start` in `marked`) that holds undecodable bytes. */
function markedItem(marked: string, start: number, items: readonly string[]): string {
  const scan = new MemberScanner(marked, start, false);
  let k = 0;
  for (let item = scan.next(); item !== null; item = scan.next(), k++) {
    const at = undecodableAt(marked, item.start);
    if (at >= 0 && at < item.end) return items[k] ?? "";
  }
  return items.join(", ");
}

/** The problem of a row that brings one more key than a feed may have (J10). */
function tooManyKeys(most: number, key: string): NonNullable<RawRecord["problem"]> {
  return { code: "too_many_keys", reason: `the feed has more than ${most} distinct keys; "${excerpt(key)}" is one too many`, column: null };
}

/**
 * The problem of a key given twice in one object (`first` and `second` its values as written):
 * the same text, which JSON.parse would keep the last of; or one text written two ways (NFC),
 * which are one column.
 */
function twice(written: string, key: string, first: string, second: string, column: number): NonNullable<RawRecord["problem"]> {
  const reason =
    written === key
      ? `key "${excerpt(key)}" appears twice in the object (first ${first}, then ${second}): JSON keeps the last without a word; give it once`
      : `keys "${excerpt(written)}" and "${excerpt(key)}" are one name written two ways (NFC) in the object (first ${first}, then ${second}): give it once`;
  return { code: "duplicate_field", reason, column: column + 1 };
}

/** A JSON value's first character opens a number: a digit or a minus sign. */
const isNumberStart = (c: number): boolean => c === 45 || (c >= 48 && c <= 57);

/**
 * The record, with the columns holding typed numbers when there are any (see
 * RawRecord.typedNumbers): one object, as most rows of a feed with numbers have some.
 */
export function withTyped(line: number, cells: Cell[], problem: RawRecord["problem"] | null, typed: readonly number[]): RawRecord {
  if (typed.length === 0) return problem ? { line, cells, problem } : { line, cells };
  return problem ? { line, cells, typedNumbers: typed, problem } : { line, cells, typedNumbers: typed };
}

/** The cell of one member's value, text[start, end) of valid JSON: numbers keep their written digits. */
function valueCell(text: string, start: number, end: number): Cell | CellProblem {
  const c = text.charCodeAt(start);
  if (c === 34 /* " */) return stringAt(text, start, end);
  if (c === 110 /* n */) return undefined;
  if (c === 116 /* t */) return "true";
  if (c === 102 /* f */) return "false";
  if (c === 123 /* { */) return unsupported("holds a nested object; a field holds text, a number, a boolean or a list of those");
  if (c === 91 /* [ */) {
    const items: string[] = [];
    const scan = new MemberScanner(text, start, false);
    for (let item = scan.next(); item !== null; item = scan.next()) {
      const first = text.charCodeAt(item.start);
      if (first === 91) return unsupported("holds a nested list; a field holds text, a number, a boolean or a list of those");
      const cell = valueCell(text, item.start, item.end);
      if (typeof cell === "object" && cell !== null && "problem" in cell) return cell;
      if (cell === undefined) return unsupported("holds a list with null in it");
      items.push(cell as string);
    }
    return items;
  }
  const written = text.slice(start, end);
  const plain = plainDecimal(written);
  if (plain === null || plain.length > MAX_NUMBER_CHARS) {
    const digits = plain === null ? "" : ` (written out, it has ${plain.length} characters)`;
    return {
      code: "inexact_number",
      problem: `holds the number ${excerpt(written)}, beyond any amount or key${digits}; write it as a string`,
    };
  }
  // As written (`1e3`, `12.50`): a key or text field reads the text; the mapping stage writes an amount's in plain notation.
  return written;
}

/** The longest plain text of a JSON number read as a cell: longer ones (1e309) are no amount or key anyone writes. */
const MAX_NUMBER_CHARS = 64;

/** The string a JSON string token text[start, end) stands for. */
function stringAt(text: string, start: number, end: number): string {
  const body = text.slice(start + 1, end - 1);
  return body.includes("\\") ? (JSON.parse(text.slice(start, end)) as string) : body;
}

const isJsonSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/**
 * The members of one JSON object's text: for member m, spans[4m, 4m + 1) is its key's string
 * token and spans[4m + 2, 4m + 3) its value's text. Reused from row to row.
 */
class Members {
  spans = new Int32Array(64);
  count = 0;

  /**
   * Reads `text` as a flat object (values: strings, numbers, literals, lists of those), checking
   * it is valid JSON as it goes; false when it is not valid JSON of that shape.
   */
  readFlat(text: string): boolean {
    this.count = 0;
    let i = skipSpace(text, 0);
    if (text.charCodeAt(i) !== 123 /* { */) return false;
    i = skipSpace(text, i + 1);
    if (text.charCodeAt(i) === 125 /* } */) return skipSpace(text, i + 1) === text.length;
    for (;;) {
      if (text.charCodeAt(i) !== 34) return false;
      const keyEnd = stringTokenEnd(text, i);
      if (keyEnd < 0) return false;
      let j = skipSpace(text, keyEnd);
      if (text.charCodeAt(j) !== 58 /* : */) return false;
      j = skipSpace(text, j + 1);
      const valueEnd = text.charCodeAt(j) === 91 /* [ */ ? flatListEnd(text, j) : scalarEnd(text, j);
      if (valueEnd < 0) return false;
      this.push(i, keyEnd, j, valueEnd);
      i = skipSpace(text, valueEnd);
      const c = text.charCodeAt(i);
      if (c === 125) return skipSpace(text, i + 1) === text.length;
      if (c !== 44 /* , */) return false;
      i = skipSpace(text, i + 1);
    }
  }

  /** Reads the members of an object JSON.parse has found valid (it may nest). */
  readValid(text: string): void {
    this.count = 0;
    const scan = new MemberScanner(text);
    for (let member = scan.next(); member !== null; member = scan.next())
      this.push(member.keyStart, member.keyEnd, member.start, member.end);
  }

  private push(keyStart: number, keyEnd: number, start: number, end: number): void {
    if (4 * this.count + 4 > this.spans.length) {
      const grown = new Int32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    const k = 4 * this.count++;
    this.spans[k] = keyStart;
    this.spans[k + 1] = keyEnd;
    this.spans[k + 2] = start;
    this.spans[k + 3] = end;
  }
}

function skipSpace(text: string, i: number): number {
  while (isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The end (past the closing quote) of a valid JSON string token opening at `start`, or -1. */
function stringTokenEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return -1;
    if (c === 92) {
      const e = text.charCodeAt(++i);
      if (e === 117 /* u */) {
        for (let h = 1; h <= 4; h++) if (!isHex(text.charCodeAt(i + h))) return -1;
        i += 4;
      } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) return -1;
    }
  }
  return -1;
}

function isHex(c: number): boolean {
  return isDigitCode(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The end of a valid string, number, true, false or null at `start`, or -1. */
function scalarEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === 34) return stringTokenEnd(text, start);
  if (c === 116) return text.startsWith("true", start) ? start + 4 : -1;
  if (c === 102) return text.startsWith("false", start) ? start + 5 : -1;
  if (c === 110) return text.startsWith("null", start) ? start + 4 : -1;
  // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
  let i = start;
  if (text.charCodeAt(i) === 45 /* - */) i++;
  if (text.charCodeAt(i) === 48) i++;
  else if (isDigitCode(text.charCodeAt(i))) while (isDigitCode(text.charCodeAt(i))) i++;
  else return -1;
  if (text.charCodeAt(i) === 46 /* . */) {
    if (!isDigitCode(text.charCodeAt(++i))) return -1;
    while (isDigitCode(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    const sign = text.charCodeAt(++i);
    if (sign === 43 || sign === 45) i++;
    if (!isDigitCode(text.charCodeAt(i))) return -1;
    while (isDigitCode(text.charCodeAt(i))) i++;
  }
  return i;
}

/** The end of a valid list of scalars at `start` (its `[`), or -1 (invalid, or nested). */
function flatListEnd(text: string, start: number): number {
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === 93 /* ] */) return i + 1;
  for (;;) {
    const end = scalarEnd(text, i);
    if (end < 0) return -1;
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === 93) return i + 1;
    if (c !== 44) return -1;
    i = skipSpace(text, i + 1);
  }
}

/**
 * Walks the members of one JSON object (or the items of one array) in text known to be valid
 * JSON, without recursion: each member's key and the span of its value.
 */
class MemberScanner {
  private pos: number;
  private done = false;

  constructor(
    private readonly text: string,
    start = 0,
    private readonly keyed = true,
  ) {
    let i = start;
    while (isJsonSpace(text.charCodeAt(i))) i++;
    this.pos = i + 1; // past the opening { or [
  }

  next(): { key: string; keyStart: number; keyEnd: number; start: number; end: number } | null {
    if (this.done) return null;
    const text = this.text;
    let i = this.skipSpace(this.pos);
    const c = text.charCodeAt(i);
    if (c === 125 || c === 93 /* } ] */) {
      this.done = true;
      return null;
    }
    let key = "";
    const keyStart = i;
    let keyEnd = i;
    if (this.keyed) {
      keyEnd = this.stringEnd(i);
      key = stringAt(text, i, keyEnd);
      i = this.skipSpace(keyEnd) + 1; // past the :
      i = this.skipSpace(i);
    }
    const start = i;
    const end = this.valueEndOf(start);
    i = this.skipSpace(end);
    if (text.charCodeAt(i) === 44 /* , */) i++;
    this.pos = i;
    return { key, keyStart, keyEnd, start, end };
  }

  /** Where the value starting at `start` ends. */
  valueEndOf(start: number): number {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === 34) return this.stringEnd(start);
    if (c === 123 || c === 91) {
      let depth = 0;
      for (let i = start; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 34) i = this.stringEnd(i) - 1;
        else if (d === 123 || d === 91) depth++;
        else if ((d === 125 || d === 93) && --depth === 0) return i + 1;
      }
      return text.length;
    }
    let i = start;
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || isJsonSpace(d)) break;
      i++;
    }
    return i;
  }

  /** The end (past the closing quote) of the string token that opens at `start`. */
  private stringEnd(start: number): number {
    const text = this.text;
    for (let i = start + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return i + 1;
    }
    return text.length;
  }

  private skipSpace(i: number): number {
    while (isJsonSpace(this.text.charCodeAt(i))) i++;
    return i;
  }
}

function objectToRecord(
  value: Record<string, unknown>,
  line: number,
  { columns, ignored }: Pick<Reading, "columns" | "ignored">,
): RawRecord {
  const cells: Cell[] = [];
  const typed: number[] = [];
  /** The key that gave each column, for one written two ways. */
  const seen: string[] = [];
  for (const [key, raw] of Object.entries(value)) {
    if (ignored.size > 0 && ignored.has(key)) continue;
    const column = columns.keyOf(key);
    if (column < 0) {
      return { line, cells, problem: tooManyKeys(columns.names.length, key) };
    }
    const before = seen[column];
    if (before !== undefined) return { line, cells, problem: twice(before, key, shown(value[before]), shown(raw), column) };
    seen[column] = key;
    const cell = toCell(raw);
    if (typeof cell === "object" && cell !== null && "problem" in cell) {
      return { line, cells, problem: { code: cell.code, reason: `field "${excerpt(key)}" ${cell.problem}`, column: column + 1 } };
    }
    cells[column] = cell;
    if (typeof raw === "number") typed.push(column);
  }
  return withTyped(line, cells, null, typed);
}

/** Significant digits a double always keeps: a JSON number with more may not be the number written. */
const EXACT_DIGITS = 15;

/** A field's problem: its code, and what the field holds (the reason names the field before it). */
interface CellProblem {
  readonly code: RowErrorCode;
  readonly problem: string;
}

const unsupported = (problem: string): CellProblem => ({ code: "unsupported_value", problem });

function toCell(raw: unknown): Cell | CellProblem {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === "string") return raw;
  if (typeof raw === "boolean" || typeof raw === "bigint") return String(raw);
  if (typeof raw === "number") return numberCell(raw);
  if (Array.isArray(raw)) {
    const items: string[] = [];
    for (const item of raw) {
      if (Array.isArray(item)) return unsupported("holds a nested list; a field holds text, a number, a boolean or a list of those");
      const cell = toCell(item);
      if (typeof cell === "object" && cell !== null && "problem" in cell) return cell;
      if (cell === undefined) return unsupported("holds a list with null in it");
      items.push(cell as string);
    }
    return items;
  }
  // A boxed primitive (new String("A"), new Number(1.5)) is the value it boxes, as JSON.stringify writes it.
  if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) return toCell(raw.valueOf());
  // A Date (rows given to check() in memory) is an instant: its ISO 8601 text in UTC says it exactly.
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? unsupported("holds an invalid Date") : raw.toISOString();
  // A value with a toJSON (a decimal.js Decimal) is read as JSON.stringify writes it: what toJSON gives, once.
  const toJSON = typeof raw === "object" && raw !== null ? (raw as { toJSON?: unknown }).toJSON : undefined;
  if (typeof toJSON === "function") {
    let json: unknown;
    try {
      json = (toJSON as (key: string) => unknown).call(raw, "");
    } catch (error) {
      return unsupported(`holds an object whose toJSON() threw (${error instanceof Error ? error.message : String(error)})`);
    }
    const object = typeof json === "object" && json !== null && !Array.isArray(json) && !(json instanceof Date);
    return object
      ? unsupported("holds an object whose toJSON() gives a nested object; a field holds text, a number, a boolean or a list of those")
      : toCell(json);
  }
  if (typeof raw === "object") return unsupported("holds a nested object; a field holds text, a number, a boolean or a list of those");
  return unsupported(`holds a ${typeof raw}; a field holds text, a number, a boolean or a list of those`);
}

/**
 * A number given in memory as text. A double is the number written only up to 15 significant
 * digits, so a longer fraction is refused rather than silently changed; an integer is exact up to 2^53.
 * The text is plain (no exponent), with `.` as its decimal mark whatever the feed's: the mapping
 * stage writes it in the feed's notation for an amount (RawRecord.typedNumbers).
 */
function numberCell(n: number): Cell | CellProblem {
  // NaN is what a failed computation gives (Number("abc"), 0/0): no number at all, large or not.
  if (Number.isNaN(n)) return { code: "non_finite_number", problem: "holds NaN, which is not a number" };
  if (!Number.isFinite(n)) return { code: "non_finite_number", problem: `holds ${n}, which is not a number a field can hold` };
  const text = String(n);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    // Beyond 2^53 a double skips integers: 10000000000000000001 is given as 10000000000000000000.
    return {
      code: "inexact_number",
      problem: `holds the integer ${numberText(text)}, beyond 2^53, where a number cannot tell neighbouring integers apart; give it as a string`,
    };
  }
  // An integer up to 2^53 is the integer given, whatever its digits (1234567890123456); a fraction
  // of more than 15 significant digits may not be the number written (0.1 + 0.2 is 0.30000000000000004).
  if (!Number.isInteger(n) && significantDigits(text) > EXACT_DIGITS) {
    return {
      code: "inexact_number",
      problem: `holds a number with more than ${EXACT_DIGITS} significant digits, which a number cannot carry exactly (it reads as ${text}); write it as a string`,
    };
  }
  return numberText(text);
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
        else this.fail("not_a_json_array", notAnArray(c));
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

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Turns in-memory objects (API callers' rows) into records, as if read from a JSON feed; line =
 * index + 1. A hole in a sparse array is a row that is not an object, as undefined is; keys
 * `ignored` are not read.
 */
export async function* recordsFromObjects(
  objects: readonly unknown[],
  ignored: readonly string[] = [],
  limits: ReadLimits = DEFAULT_LIMITS,
): AsyncGenerator<RecordBatch> {
  const reading = {
    columns: new ColumnSet(limits.jsonKeys),
    ignored: ignored.length === 0 ? NO_KEYS : new IgnoredKeys(ignored, limits.jsonKeys),
  };
  // By index: map would skip the holes, and leave holes among the records.
  const records: RawRecord[] = [];
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    records.push(
      typeof o === "object" && o !== null && !Array.isArray(o)
        ? objectToRecord(o as Record<string, unknown>, i + 1, reading)
        : { line: i + 1, cells: [], problem: { code: "not_an_object", reason: "expected an object", column: null } },
    );
  }
  yield { columns: reading.columns.names, records };
}

/**
 * Why a JSON feed that does not open an array cannot be read, by its first character (code unit:
 * the only one sure to be in the chunk read, however the text is cut): an object (a whole document, or one of JSON Lines), or the
 * text of another format (a CSV named .json).
 */
function notAnArray(first: number): string {
  if (first === 123 /* { */)
    return 'a JSON feed must be an array of objects, and this one starts with an object: if it holds one object per line, it is JSON Lines (set the feed\'s "format" to "jsonl", or name the file .jsonl)';
  return `a JSON feed must be an array of objects, and this one starts with ${JSON.stringify(shownText(String.fromCharCode(first)))}, not "[": if it is another format, set the feed's "format" or name the file by its format`;
}

/** Whether a carriage return, then white space only, comes before a `{` or `[` in `text`: one pass. */
function valueAfterCarriageReturn(text: string): boolean {
  let afterReturn = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) afterReturn = true;
    else if (c === 0x20 || c === 0x09 || c === 0x0a) continue;
    else if (afterReturn && (c === 0x7b || c === 0x5b)) return true;
    else afterReturn = false;
  }
  return false;
}

/**
 * A NUL character is no JSON text's (a string writes it `\u0000`): a file with one is binary,
 * or UTF-16 without a byte order mark. Refused as a delimited file is, before any record.
 */
function refuseNul(chunk: string): void {
  const at = chunk.indexOf("\0");
  if (at < 0) return;
  throw new PricelintError(
    "io",
    `the file holds NUL characters (${JSON.stringify(excerpt(shownText(chunk.slice(Math.max(0, at - 8), at + 12)), 20))}): it looks binary or UTF-16, not UTF-8, latin1 or windows-1252 text`,
  );
}
