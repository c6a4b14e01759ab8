import { FINDING_MEMBERS, type Finding } from "../model/finding.js";
import { keptJsonBytes } from "../text/kept-json.js";
import { utf8, Utf8Out } from "../text/utf8-out.js";

/**
 * A finding as the JSON report holds it, an element of the `findings` array: exactly the text
 * `JSON.stringify({ findings: [finding] }, null, 2)` holds for it. Findings are plain data of one
 * shape, so their text is written member by member from that shape, about twice as fast as
 * JSON.stringify walks them with an indent. Anything else — members in another order or of
 * another type, a class instance, a `toJSON` — is written by JSON.stringify itself. Each member
 * is read once, in order, as JSON.stringify reads it.
 */
export function findingJson(finding: Finding): string {
  return asText((out) => writeFindingJson(out, finding, false));
}

/**
 * {@link findingJson} of a finding the evaluator has just built, which is plain data of the
 * finding's shape with its twelve members and nothing else (a check's compact findings): written
 * without first proving that shape, which costs as much as writing it.
 */
export function builtFindingJson(finding: Finding): string {
  return asText((out) => writeFindingJson(out, finding, true));
}

/**
 * Writes {@link findingJson}'s text in UTF-8 at the end of `out`, piece by piece: no string holds
 * it. `built`: the evaluator has just built the finding (see {@link builtFindingJson}).
 */
export function writeFindingJson(out: Utf8Out, finding: Finding, built: boolean): void {
  const start = out.used;
  if (built) {
    if (writeMembers(out, finding)) return out.put(CLOSE);
    out.used = start;
  }
  const keys = Object.keys(finding);
  if (!isPlainObject(finding) || !hasShapeKeys(keys)) return writeReference(out, start, finding);
  const { id, rule, severity, sku, location, channels, promotion, message, values, interval, sources, waived } = finding;
  const extra =
    keys.length === FINDING_MEMBERS.length ? NO_MEMBERS : keys.slice(FINDING_MEMBERS.length).map((key) => finding[key as keyof Finding]);
  const read = () =>
    snapshot(keys, [id, rule, severity, sku, location, channels, promotion, message, values, interval, sources, waived, ...extra]);
  if (
    typeof id !== "string" ||
    typeof rule !== "string" ||
    typeof severity !== "string" ||
    typeof message !== "string" ||
    !isTextOrNull(sku) ||
    !isTextOrNull(location) ||
    !isTextOrNull(promotion) ||
    !isPlainArray(channels) ||
    !isPlainArray(sources) ||
    !isPlainObject(values) ||
    !isNestedOrNull(interval) ||
    !isNestedOrNull(waived) ||
    !extra.every(isNestedOrScalar)
  )
    return writeReference(out, start, read());
  // The members as read once, for the text: a getter is not called again.
  const members = { id, rule, severity, sku, location, channels, promotion, message, values, interval, sources, waived } as Finding;
  if (!writeMembers(out, members)) return writeReference(out, start, read());
  for (const [i, value] of extra.entries()) {
    const written = indented(value, 3);
    if (written !== undefined) out.text(`,\n      ${JSON.stringify(keys[FINDING_MEMBERS.length + i])}: ${written}`);
  }
  out.put(CLOSE);
}

/**
 * Writes a finding's twelve members, without its closing brace; false (with part of them
 * written) when a member has a shape only JSON.stringify writes. The layout's pieces come
 * joined to the texts findings repeat (see {@link Pieces}), so a finding takes a few copies.
 */
function writeMembers(out: Utf8Out, finding: Finding): boolean {
  const { id, rule, severity, sku, location, channels, promotion, message, values, interval, sources, waived } = finding;
  out.put(ID);
  out.json(id);
  out.put(pieces.head(rule, severity));
  jsonOrNull(out, sku);
  out.put(location === null ? NULL_LOCATION : pieces.locations.of(location));
  const channelsText = pieces.channels(channels);
  if (channelsText === null) return false;
  out.put(channelsText);
  if (promotion === null) out.put(NULL_PROMOTION);
  else {
    out.json(promotion);
    out.put(MESSAGE);
  }
  out.json(message);
  if (!writeValues(out, values)) return false;
  if (interval === null) out.put(NULL_INTERVAL);
  else {
    out.put(INTERVAL);
    nested(out, interval);
    out.put(SOURCES);
  }
  if (!writeSources(out, sources)) return false;
  if (waived === null) out.put(NULL_WAIVED);
  else {
    out.put(WAIVED);
    nested(out, waived);
  }
  return true;
}

/** The text `write` writes, from a writer of its own: a finding's getter or `toJSON` may write another finding meanwhile. */
function asText(write: (out: Utf8Out) => void): string {
  const out = scratch ?? new Utf8Out();
  scratch = null;
  try {
    out.used = 0;
    write(out);
    return out.textFrom(0);
  } finally {
    scratch = out;
  }
}

let scratch: Utf8Out | null = new Utf8Out();

const NO_MEMBERS: readonly unknown[] = [];

/** Whether the members are FINDING_MEMBERS's in order, then only `baseline` or `explanation`. */
function hasShapeKeys(keys: readonly string[]): boolean {
  if (keys.length < FINDING_MEMBERS.length) return false;
  for (let i = 0; i < FINDING_MEMBERS.length; i++) if (keys[i] !== FINDING_MEMBERS[i]) return false;
  for (let i = FINDING_MEMBERS.length; i < keys.length; i++) if (keys[i] !== "baseline" && keys[i] !== "explanation") return false;
  return true;
}

/** What the document holds for a finding, by JSON.stringify itself (its `toJSON`, if any, called as in the document). */
function reference(finding: unknown): string {
  return JSON.stringify({ findings: [finding] }, null, 2).slice(WRAPPER_HEAD, -WRAPPER_TAIL);
}

const WRAPPER_HEAD = '{\n  "findings": [\n'.length;
const WRAPPER_TAIL = "\n  ]\n}".length;

/** The members as read, in a plain object of their own: JSON.stringify then reads no getter a second time. */
function snapshot(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  keys.forEach((key, i) => (copy[key] = values[i]));
  return copy;
}

/** A plain object (an object literal, or JSON parsed), without a `toJSON` of its own or inherited. */
function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

function isPlainArray(value: unknown): value is readonly unknown[] {
  return (
    Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && typeof (value as { toJSON?: unknown }).toJSON !== "function"
  );
}

/** `interval`, `waived`, `explanation`: null, or data JSON.stringify writes as they are (no `toJSON` at their top). */
const isNestedOrNull = (value: unknown): boolean => value === null || isPlainObject(value) || isPlainArray(value);
const isNestedOrScalar = (value: unknown): boolean => typeof value !== "object" || isNestedOrNull(value);
const isTextOrNull = (value: unknown): boolean => value === null || typeof value === "string";

function jsonOrNull(out: Utf8Out, text: string | null): void {
  if (text === null) out.put(NULL);
  else out.json(text);
}

/** Writes the text of `finding` JSON.stringify gives, where the finding's writing began (at `start`). */
function writeReference(out: Utf8Out, start: number, finding: unknown): void {
  // Worked out before `out` is touched: a `toJSON` it calls may write a finding of its own.
  const text = reference(finding);
  out.used = start;
  out.text(text);
}

/**
 * The layout's pieces joined to the texts findings repeat (rule ids, severities, locations, value
 * names, files), kept: each one then takes one copy.
 */
class Pieces {
  private rule = "";
  private severity = "";
  private headBytes = utf8("");
  private lastChannels: readonly unknown[] = [];
  private channelsBytes = utf8('[],\n      "promotion": ');
  readonly locations = keptJsonBytes(256, ',\n      "location": ', ',\n      "channels": ');
  readonly firstValues = keptJsonBytes(256, ',\n      "values": {\n        ', ": ");
  readonly nextValues = keptJsonBytes(256, ",\n        ", ": ");
  readonly files = keptJsonBytes(256, '{\n          "file": ', ',\n          "line": ');

  /** From the rule's name to the sku's: the last one's when the rule and severity are (a rule's findings come together). */
  head(rule: string, severity: string): Uint8Array {
    if (rule !== this.rule || severity !== this.severity) {
      this.rule = rule;
      this.severity = severity;
      this.headBytes = utf8(`,\n      "rule": ${JSON.stringify(rule)},\n      "severity": ${JSON.stringify(severity)},\n      "sku": `);
    }
    return this.headBytes;
  }

  /**
   * From a channels array at depth 3 to the promotion's name; null when an element is not a
   * text. The last one's when the channels are (most findings of a rule have the same), each
   * element read once: a getter that writes another finding meanwhile changes nothing here.
   */
  channels(list: readonly unknown[]): Uint8Array | null {
    const last = this.lastChannels;
    const lastText = this.channelsBytes;
    let read: unknown[] | null = list.length === last.length ? null : [];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (read === null) {
        if (typeof item === "string" && item === last[i]) continue;
        read = last.slice(0, i);
      }
      read.push(item);
    }
    if (read === null) return lastText;
    const text = stringsJson(read);
    if (text === null) return null;
    this.lastChannels = read;
    return (this.channelsBytes = utf8(`${text},\n      "promotion": `));
  }
}

const pieces = new Pieces();

/** An array of texts at depth 3 (a finding's member); null when an element is not a text. */
function stringsJson(list: readonly unknown[]): string | null {
  if (list.length === 0) return "[]";
  let text = "[";
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== "string") return null;
    text += `${i === 0 ? "\n        " : ",\n        "}${JSON.stringify(item)}`;
  }
  return `${text}\n      ]`;
}

/** Writes the values record at depth 3, from its name on (money and instants are texts); false when a value has a `toJSON`. */
function writeValues(out: Utf8Out, record: Readonly<Record<string, unknown>>): boolean {
  let empty = true;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === "string") {
      out.put((empty ? pieces.firstValues : pieces.nextValues).of(key));
      out.json(value);
    } else {
      if (typeof value === "object" && value !== null && !isNestedOrNull(value)) return false;
      const written = indented(value, 4);
      if (written === undefined) continue;
      out.put((empty ? pieces.firstValues : pieces.nextValues).of(key));
      out.text(written);
    }
    empty = false;
  }
  out.put(empty ? EMPTY_VALUES : CLOSE_VALUES);
  return true;
}

/** Writes the sources at depth 3, each `{ file, line }`; false for any other shape. */
function writeSources(out: Utf8Out, list: readonly unknown[]): boolean {
  if (list.length === 0) {
    out.put(EMPTY_ARRAY);
    return true;
  }
  for (let i = 0; i < list.length; i++) {
    const source = list[i];
    if (!isPlainObject(source) || !isFileLine(Object.keys(source))) return false;
    const { file, line } = source;
    if (typeof file !== "string" || typeof line !== "number") return false;
    out.put(i === 0 ? OPEN_SOURCES : NEXT_SOURCE);
    out.put(pieces.files.of(file));
    out.number(line);
  }
  out.put(CLOSE_SOURCES);
  return true;
}

const isFileLine = (keys: readonly string[]): boolean => keys.length === 2 && keys[0] === "file" && keys[1] === "line";

/** `interval` and `waived`: null, or JSON.stringify's at depth 3. */
function nested(out: Utf8Out, value: unknown): void {
  if (value === null) out.put(NULL);
  else out.text(indented(value, 3)!);
}

/**
 * JSON.stringify(value, null, 2) standing `depth` levels deep: its line breaks indented 2 × depth
 * spaces more (a string's line breaks are escaped, so every raw one is the layout's); undefined
 * for what JSON.stringify leaves out (undefined, a function, a symbol).
 */
function indented(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text?.replaceAll("\n", BREAKS[depth]!);
}

const BREAKS = ["\n", "\n  ", "\n    ", "\n      ", "\n        "];

// The layout's other pieces, as JSON.stringify(report, null, 2) places a finding's members.
const ID = utf8('    {\n      "id": ');
const NULL_LOCATION = utf8(',\n      "location": null,\n      "channels": ');
const MESSAGE = utf8(',\n      "message": ');
const NULL_PROMOTION = utf8('null,\n      "message": ');
const EMPTY_VALUES = utf8(',\n      "values": {}');
const CLOSE_VALUES = utf8("\n      }");
const INTERVAL = utf8(',\n      "interval": ');
const SOURCES = utf8(',\n      "sources": ');
const NULL_INTERVAL = utf8(',\n      "interval": null,\n      "sources": ');
const EMPTY_ARRAY = utf8("[]");
const OPEN_SOURCES = utf8("[\n        ");
const NEXT_SOURCE = utf8("\n        },\n        ");
const CLOSE_SOURCES = utf8("\n        }\n      ]");
const WAIVED = utf8(',\n      "waived": ');
const NULL_WAIVED = utf8(',\n      "waived": null');
const NULL = utf8("null");
const CLOSE = utf8("\n    }");
