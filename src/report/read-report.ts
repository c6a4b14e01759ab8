import { SNAPSHOT_FORMAT } from "../changes/snapshot-format.js";
import { PricelintError, type PricelintIssue } from "../model/errors.js";
import { COUNT_KEYS, isCheckReportHead, NOT_A_REPORT } from "../model/report.js";
import { describeValue } from "../text/describe-value.js";

/** What {@link readReportEvents} finds in a JSON report, in the order the document has it. */
export type ReportEvent =
  /** A member of the document other than its findings and absent findings, parsed. */
  | { readonly kind: "member"; readonly key: string; readonly value: unknown }
  /** The start of the `findings` or `absent` array. */
  | { readonly kind: "array"; readonly key: "findings" | "absent" }
  /**
   * One element of `findings` or `absent`: its place in the array (from 0), its text as written
   * (from its first to its last character), its value, and the line it starts on (null: a
   * report in memory, which has no lines).
   */
  | {
      readonly kind: "element";
      readonly key: "findings" | "absent";
      readonly index: number;
      readonly text: string;
      readonly value: unknown;
      readonly line: number | null;
    };

/** Which elements of `findings` and `absent` a reader wants (by their place in the array): the others are passed over, not parsed. */
export type WantedElements = (key: "findings" | "absent", index: number) => boolean;

/** The members whose arrays are read element by element. */
const ARRAYS = new Set(["findings", "absent"]);

enum State {
  Start,
  Key,
  Colon,
  Value,
  ArrayStart,
  Element,
  AfterElement,
  AfterValue,
  End,
}

/**
 * Reads a JSON report as it streams, one piece of text after another: every member but the
 * findings is parsed whole (they are small), and the `findings` and `absent` arrays element by
 * element, so a report of any size is read in the memory of one finding. With `wanted`, only the
 * elements it names are parsed and given; the others are passed over unparsed, so a fault inside
 * one of them goes unseen (give `wanted` only on a second read of a file read whole before). Not JSON, or JSON that
 * is not an object, is an `io` error naming the file and line; a member given twice is refused,
 * as the document would mean two things.
 */
export function* readReportEvents(chunks: Iterable<string>, file: string, wanted?: WantedElements): Generator<ReportEvent> {
  let state = State.Start;
  let line = 1;
  let key = "";
  const seen = new Set<string>();
  // The value or element being read: its text so far, and where the scan is inside it.
  let parts: string[] = [];
  let partStart = -1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let valueLine = 1;
  let scalar = false;
  const scan: ValueScan = { depth: 0, inString: false, escaped: false, lines: 0 };
  const elements = { findings: 0, absent: 0 };
  let first = true;
  const fail = (what: string): never => {
    throw new PricelintError("io", `line ${line}: not a JSON report: ${what}`, file);
  };
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return fail(`${(error as Error).message} (in the value that starts on line ${valueLine})`);
    }
  };
  const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  /** Starts reading a key (a string) or a value whose first character, c, is at `at`. */
  const begin = (at: number, c: number, isKey: boolean): void => {
    partStart = at;
    valueLine = line;
    depth = 0;
    escaped = false;
    inString = false;
    scalar = false;
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth = 1;
    else if (isKey) fail("expected a member's name");
    else scalar = true;
  };

  /** The text of the key, value or element that ends at `end` of this chunk, with its earlier chunks' parts. */
  const take = (text: string, end: number): string => {
    parts.push(text.slice(partStart, end));
    partStart = -1;
    const raw = parts.join("");
    parts = [];
    return raw;
  };

  for (const chunk of chunks) {
    let text = chunk;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (partStart >= 0) partStart = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      // Inside a key, or a value or element that is a string, object or array: find where it ends.
      if (partStart >= 0 && !scalar) {
        scan.depth = depth;
        scan.inString = inString;
        scan.escaped = escaped;
        const end = valueEnd(text, i, scan);
        ({ depth, inString, escaped } = scan);
        line += scan.lines;
        if (end < 0) break;
        i = end;
        yield* finish(take(text, end + 1));
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 0x0a) line++;
      // Inside a number, true, false or null: it ends before the next delimiter.
      if (partStart >= 0) {
        if (scalar) {
          if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) {
            yield* finish(take(text, i));
            i--;
            if (c === 0x0a) line--;
          }
          continue;
        }
      }
      if (isSpace(c)) continue;
      switch (state as State) {
        case State.Start:
          if (c !== 0x7b && startsAsSnapshot(text.slice(i, i + SNAPSHOT_FORMAT.length)))
            throw new PricelintError("usage", SNAPSHOT_NOT_REPORT, file);
          if (c !== 0x7b) fail("it does not start with {");
          state = State.Key;
          break;
        case State.Key:
          if (c === 0x7d && seen.size === 0) state = State.End;
          else if (c === 0x22) begin(i, c, true);
          else fail(`expected a member's name, found ${show(c)}`);
          break;
        case State.Colon:
          if (c !== 0x3a) fail(`expected : after "${key}", found ${show(c)}`);
          state = State.Value;
          break;
        case State.Value:
          if (ARRAYS.has(key) && c === 0x5b) {
            state = State.ArrayStart;
            yield { kind: "array", key: key as "findings" | "absent" };
          } else begin(i, c, false);
          break;
        case State.ArrayStart:
          if (c === 0x5d) state = State.AfterValue;
          else begin(i, c, false);
          break;
        case State.AfterElement:
          if (c === 0x2c) state = State.Element;
          else if (c === 0x5d) state = State.AfterValue;
          else fail(`expected , or ] in "${key}", found ${show(c)}`);
          break;
        case State.Element:
          begin(i, c, false);
          break;
        case State.AfterValue:
          if (c === 0x2c) state = State.Key;
          else if (c === 0x7d) state = State.End;
          else fail(`expected , or } after "${key}", found ${show(c)}`);
          break;
        case State.End:
          fail(`text after the end of the document: ${show(c)}`);
      }
    }
    if (partStart >= 0) parts.push(text.slice(partStart));
  }
  if (partStart >= 0 && scalar) {
    partStart = -1;
    const raw = parts.join("");
    parts = [];
    yield* finish(raw);
  }
  if (state !== State.End || partStart >= 0) fail("it ends before the document does");

  /** A key, value or element read whole: what it is depends on the state it was read in. */
  function* finish(raw: string): Generator<ReportEvent> {
    switch (state as State) {
      case State.Key: {
        key = parse(raw) as string;
        if (seen.has(key)) fail(`"${key}" is given twice`);
        seen.add(key);
        state = State.Colon;
        return;
      }
      case State.Value:
        state = State.AfterValue;
        yield { kind: "member", key, value: parse(raw) };
        return;
      case State.ArrayStart:
      case State.Element: {
        state = State.AfterElement;
        const array = key as "findings" | "absent";
        const index = elements[array]++;
        if (wanted === undefined || wanted(array, index))
          yield { kind: "element", key: array, index, text: raw, value: parse(raw), line: valueLine };
        return;
      }
      default:
        fail("unexpected value");
    }
  }
}

/** Where {@link valueEnd} is inside a value, and the line feeds it passed. */
interface ValueScan {
  depth: number;
  inString: boolean;
  escaped: boolean;
  lines: number;
}

/**
 * Where the string, object or array being read ends in `text`, reading from `from` with the scan
 * where the last chunk left it: the index of its closing quote or bracket, or -1 when it goes on
 * past this chunk. Sets `scan` to where it stopped, and `scan.lines` to the line feeds passed. A
 * loop of its own, on local variables, that looks each character up in {@link CHAR_CLASS}: nearly
 * all of a report's characters are read here, and most of them only need to be passed.
 */
function valueEnd(text: string, from: number, scan: ValueScan): number {
  let { depth, inString, escaped } = scan;
  let lines = 0;
  let i = from;
  const n = text.length;
  for (; i < n; i++) {
    const kind = CHAR_CLASS[text.charCodeAt(i)]!;
    // Any other character: it ends an escape (the character escaped, or the first of \uXXXX).
    if (kind === OTHER) escaped = false;
    else if (kind === LINE_FEED) {
      lines++;
      escaped = false;
    } else if (inString) {
      if (escaped) escaped = false;
      else if (kind === BACKSLASH) escaped = true;
      else if (kind === QUOTE_MARK) {
        inString = false;
        // A string on its own (a key, or a member's string value) ends with its quote.
        if (depth === 0) break;
      }
    } else if (kind === QUOTE_MARK) inString = true;
    else if (kind === OPENING) depth++;
    else if (kind === CLOSING && --depth === 0) break;
  }
  scan.depth = depth;
  scan.inString = inString;
  scan.escaped = escaped;
  scan.lines = lines;
  return i < n ? i : -1;
}

const OTHER = 0;
const LINE_FEED = 1;
const QUOTE_MARK = 2;
const BACKSLASH = 3;
const OPENING = 4;
const CLOSING = 5;

/** What each UTF-16 code unit is to {@link valueEnd}: one entry for each, so no code unit needs a bounds check. */
const CHAR_CLASS = (() => {
  const table = new Uint8Array(0x10000);
  table[0x0a] = LINE_FEED;
  table[0x22] = QUOTE_MARK;
  table[0x5c] = BACKSLASH;
  table[0x7b] = table[0x5b] = OPENING;
  table[0x7d] = table[0x5d] = CLOSING;
  return table;
})();

/** A character as an error message shows it. */
function show(c: number): string {
  return c < 0x20 || c === 0x7f ? `U+${c.toString(16).toUpperCase().padStart(4, "0")}` : JSON.stringify(String.fromCharCode(c));
}

/** What a report reader says of a snapshot given to it (the reverse mistake, a report given to `--previous`, is told the like). */
export const SNAPSHOT_NOT_REPORT =
  "not a JSON report: this is a pricelint snapshot (check --snapshot), which --previous takes; write a report with --format json:FILE";

/** Whether a text (a file's start, decompressed) starts as a snapshot does: its header's first field. */
export const startsAsSnapshot = (text: string): boolean => text.trimStart().startsWith(SNAPSHOT_FORMAT);

/** Whether a text starts as a JSON document pricelint writes does (a check's report, a trend): `{ "tool": { "name": "pricelint"`. */
export const looksLikeReport = (text: string): boolean => /^\s*\{\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"pricelint"/.test(text);

/** Whether a text starts as a check's JSON report does: pricelint's `tool`, then the instant `at` (a trend has its `runs` there). */
export const looksLikeCheckReport = (text: string): boolean =>
  /^\s*\{\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"pricelint"[^{}]*\}\s*,\s*"at"\s*:/.test(text);

/**
 * What the start of a `.json` file in a folder of reports (`pricelint trend FOLDER`) shows it to
 * be: `report`, a check's report (see {@link looksLikeCheckReport}); `other`, JSON that is
 * plainly something else: an array, an object whose first member is not `tool`, or whose `tool`
 * is another tool's or is followed by another member than `at` (a config, a trend written
 * there); `unknown`, a start that cannot tell (an empty file, a report cut short, text that is
 * not UTF-8: UTF-16, say). Only `other` may be passed over: an `unknown` file is read as a
 * report, so that what is wrong with it is said as for a report named.
 */
export function reportFileKind(head: string): "report" | "other" | "unknown" {
  if (looksLikeCheckReport(head)) return "report";
  const first = /^\s*(?:\[|\{\s*(?:\}|("(?:[^"\\]|\\.)*")\s*:))/.exec(head);
  if (first === null) return "unknown";
  if (first[1] === undefined) return "other";
  let name: unknown;
  try {
    name = JSON.parse(first[1]);
  } catch {
    return "unknown";
  }
  if (name !== "tool") return "other";
  // The member after `tool`: a check's report has `at` there, a trend `runs`.
  const next = /^\s*\{\s*"tool"\s*:\s*\{[^{}]*\}\s*,\s*"([^"\\]*)"/.exec(head);
  if (next === null) return "unknown";
  return !looksLikeReport(head) || next[1] !== "at" ? "other" : "unknown";
}

/** How a report writes an instant (see {@link isWrittenInstant}), as its refusals say it. */
const INSTANT = "an instant in UTC to the millisecond, such as 2026-11-19T23:30:00.000Z";

/**
 * Whether a value is an instant as a report writes it (`at`, a window's ends): in UTC, to the
 * millisecond, as `Date.prototype.toISOString` writes it. No other form is read: one without an
 * offset would be read in a zone the report does not name, and one past the millisecond rounded
 * into an instant it does not hold.
 */
const isWrittenInstant = (value: unknown): value is string =>
  typeof value === "string" && Number.isFinite(Date.parse(value)) && new Date(value).toISOString() === value;

/** A whole number, 0 or more: a count as a report writes it. */
const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Refuses (a `usage` error naming `file` and the member) the members of a check's JSON report
 * read back, other than its findings, that `merge` and `trend` read and that are not as
 * pricelint writes them: its `tool` (name and version), its instant `at` and its `window` (each
 * instant in UTC to the millisecond), and its summary's `rules`, `findings`
 * (the counts per severity and waived), `rows` and `feeds` (each feed's file, kind and rows).
 * A head that is no check's report (see isCheckReportHead) is refused as such. The findings'
 * digest does not cover these members: one edited by hand would otherwise crash a reader or be
 * compared as `NaN`.
 */
export function checkReportHead(head: Readonly<Record<string, unknown>>, file: string): void {
  if (!isCheckReportHead(head)) throw new PricelintError("usage", NOT_A_REPORT, file);
  const issue = reportHeadIssue(head);
  if (issue !== null) throw new PricelintError("usage", [issue], file);
}

/** The first member of a report's head that is not as pricelint writes it (see {@link checkReportHead}), or null. */
function reportHeadIssue(head: Readonly<Record<string, unknown>>): PricelintIssue | null {
  const fault = (path: string, value: unknown, writes: string): PricelintIssue => ({
    path,
    message: `${value === undefined ? "missing" : describeValue(value)}, where pricelint writes ${writes}`,
  });
  const tool = head["tool"];
  if (!isObject(tool) || tool["name"] !== "pricelint" || typeof tool["version"] !== "string" || tool["version"] === "")
    return fault("tool", tool, `{ "name": "pricelint", "version": … }`);
  if (!isWrittenInstant(head["at"])) return fault("at", head["at"], INSTANT);
  const window = head["window"];
  if (window !== undefined) {
    if (!isObject(window)) return fault("window", window, "the window checked, { from, to }");
    if (!isWrittenInstant(window["from"])) return fault("window.from", window["from"], INSTANT);
    if (!isWrittenInstant(window["to"])) return fault("window.to", window["to"], INSTANT);
  }
  const summary = head["summary"] as Record<string, unknown>;
  if (!isCount(summary["rules"])) return fault("summary.rules", summary["rules"], "the number of rules that ran");
  const findings = summary["findings"];
  if (!isObject(findings) || !COUNT_KEYS.every((key) => isCount(findings[key])))
    return fault("summary.findings", findings, "the findings counted: error, warning, info and waived, each a whole number");
  const rows = summary["rows"];
  if (!isObject(rows) || !ROWS.every((key) => isCount(rows[key])))
    return fault("summary.rows", rows, "the rows read, accepted and rejected, each a whole number");
  for (const [i, feed] of (summary["feeds"] as unknown[]).entries()) {
    if (!isObject(feed) || typeof feed["file"] !== "string" || typeof feed["kind"] !== "string" || !ROWS.every((key) => isCount(feed[key])))
      return fault(`summary.feeds[${i}]`, feed, "a feed's file, kind and rows read, accepted and rejected");
  }
  return null;
}

/** The row counts of a report's summary and of each of its feeds. */
const ROWS = ["read", "accepted", "rejected"] as const;
