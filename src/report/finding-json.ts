import { FINDING_MEMBERS, type Finding } from "../model/finding.js";
import { KeptJson } from "../text/kept-json.js";

/**
 * A finding as the JSON report holds it, an element of the `findings` array: exactly the text
 * `JSON.stringify({ findings: [finding] }, null, 2)` holds for it. Findings are plain data of one
 * shape, so their text is written member by member from that shape, about twice as fast as
 * JSON.stringify walks them with an indent. Anything else — members in another order or of
 * another type, a class instance, a `toJSON` — is written by JSON.stringify itself. Each member
 * is read once, in order, as JSON.stringify reads it.
 */
export function findingJson(finding: Finding): string {
  const keys = Object.keys(finding);
  if (!isPlainObject(finding) || !hasShapeKeys(keys)) return reference(finding);
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
    return reference(read());
  // The members as read once, for the text: a getter is not called again.
  let text = membersJson({ id, rule, severity, sku, location, channels, promotion, message, values, interval, sources, waived } as Finding);
  if (text === null) return reference(read());
  for (const [i, value] of extra.entries()) {
    const written = indented(value, 3);
    if (written !== undefined) text += `,\n      ${JSON.stringify(keys[FINDING_MEMBERS.length + i])}: ${written}`;
  }
  return `${text}\n    }`;
}

/**
 * {@link findingJson} of a finding the evaluator has just built, which is plain data of the
 * finding's shape with its twelve members and nothing else (a check's compact findings): written
 * without first proving that shape, which costs as much as writing it.
 */
export function builtFindingJson(finding: Finding): string {
  const text = membersJson(finding);
  return text === null ? findingJson(finding) : `${text}\n    }`;
}

/** The text of a finding's twelve members, without its closing brace; null when a member has a shape only JSON.stringify writes. */
function membersJson(finding: Finding): string | null {
  const { id, rule, severity, sku, location, channels, promotion, message, values, interval, sources, waived } = finding;
  const valuesText = valuesJson(values);
  const channelsText = recent.channelsOf(channels);
  const sourcesText = sourcesJson(sources);
  if (valuesText === null || channelsText === null || sourcesText === null) return null;
  return (
    `    {\n      "id": ${JSON.stringify(id)},\n      "rule": ${recent.json(rule)},` +
    `\n      "severity": ${recent.json(severity)},\n      "sku": ${orNull(sku)},` +
    `\n      "location": ${orNull(location)},\n      "channels": ${channelsText},` +
    `\n      "promotion": ${orNull(promotion)},\n      "message": ${JSON.stringify(message)},` +
    `\n      "values": ${valuesText},\n      "interval": ${nested(interval)},` +
    `\n      "sources": ${sourcesText},\n      "waived": ${nested(waived)}`
  );
}

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

const orNull = (text: string | null): string => (text === null ? "null" : JSON.stringify(text));

/**
 * The texts of what the findings of one rule repeat (its id, its channels, the files of its
 * sources, the names of its values), kept from one finding to the next: a rule's findings come
 * together, so most are written once per rule rather than once per finding.
 */
class Recent extends KeptJson {
  private channels: readonly unknown[] = [];
  private channelsText = "[]";

  /** The text of a channels array (null: one JSON.stringify must write): the last one's when it holds the same channels. */
  channelsOf(list: readonly unknown[]): string | null {
    const last = this.channels;
    let same = list.length === last.length;
    for (let i = 0; same && i < list.length; i++) same = typeof list[i] === "string" && list[i] === last[i];
    if (same) return this.channelsText;
    const text = stringsJson(list);
    if (text !== null) {
      this.channels = list.slice();
      this.channelsText = text;
    }
    return text;
  }
}

const recent = new Recent(256);

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

/** The values record at depth 3: money and instants are texts; null when a value has a `toJSON`. */
function valuesJson(record: Readonly<Record<string, unknown>>): string | null {
  let text = "{";
  let empty = true;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === "object" && value !== null && !isNestedOrNull(value)) return null;
    const written = typeof value === "string" ? JSON.stringify(value) : indented(value, 4);
    if (written === undefined) continue;
    text += `${empty ? "\n        " : ",\n        "}${recent.json(key)}: ${written}`;
    empty = false;
  }
  return empty ? "{}" : `${text}\n      }`;
}

/** The sources at depth 3, each `{ file, line }`; null for any other shape. */
function sourcesJson(list: readonly unknown[]): string | null {
  if (list.length === 0) return "[]";
  let text = "[";
  for (let i = 0; i < list.length; i++) {
    const source = list[i];
    if (!isPlainObject(source) || !isFileLine(Object.keys(source))) return null;
    const { file, line } = source;
    if (typeof file !== "string" || typeof line !== "number") return null;
    text += `${i === 0 ? "\n        " : ",\n        "}{\n          "file": ${recent.json(file)},\n          "line": ${JSON.stringify(line)}\n        }`;
  }
  return `${text}\n      ]`;
}

const isFileLine = (keys: readonly string[]): boolean => keys.length === 2 && keys[0] === "file" && keys[1] === "line";

/** `interval` and `waived`: null, or JSON.stringify's at depth 3. */
const nested = (value: unknown): string => (value === null ? "null" : indented(value, 3)!);

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
