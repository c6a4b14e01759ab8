import type { Finding } from "../model/finding.js";

/**
 * A finding as the JSON report holds it, an element of the `findings` array: exactly
 * `JSON.stringify(finding, null, 2)` with every line after the first indented four spaces more.
 * Findings have one shape, so their text is written member by member from that shape, about
 * twice as fast as JSON.stringify walks them with an indent; a finding of another shape (its
 * members in another order, a member of another type) is given to JSON.stringify.
 */
export function findingJson(finding: Finding): string {
  const keys = Object.keys(finding);
  if (!hasShape(finding, keys)) return `    ${indented(finding, 2)!}`;
  let text =
    `    {\n      "id": ${JSON.stringify(finding.id)},\n      "rule": ${recent.json(finding.rule)},` +
    `\n      "severity": ${JSON.stringify(finding.severity)},\n      "sku": ${orNull(finding.sku)},` +
    `\n      "location": ${orNull(finding.location)},\n      "channels": ${channels(finding.channels)},` +
    `\n      "promotion": ${orNull(finding.promotion)},\n      "message": ${JSON.stringify(finding.message)},` +
    `\n      "values": ${values(finding.values)},\n      "interval": ${nested(finding.interval)},` +
    `\n      "sources": ${sources(finding.sources)},\n      "waived": ${nested(finding.waived)}`;
  for (let i = SHAPE.length; i < keys.length; i++) {
    const key = keys[i]!;
    const value = indented(finding[key as keyof Finding], 3);
    if (value !== undefined) text += `,\n      ${JSON.stringify(key)}: ${value}`;
  }
  return `${text}\n    }`;
}

/** The members every finding has, in the order findings are built with. */
const SHAPE = ["id", "rule", "severity", "sku", "location", "channels", "promotion", "message", "values", "interval", "sources", "waived"];

/**
 * Whether the finding's members are SHAPE's in order, then only `baseline` or `explanation`
 * (written by JSON.stringify), with the types the template writes: else the whole finding is.
 */
function hasShape(finding: Finding, keys: readonly string[]): boolean {
  if (keys.length < SHAPE.length) return false;
  for (let i = 0; i < SHAPE.length; i++) if (keys[i] !== SHAPE[i]) return false;
  for (let i = SHAPE.length; i < keys.length; i++) if (keys[i] !== "baseline" && keys[i] !== "explanation") return false;
  return (
    typeof finding.id === "string" &&
    typeof finding.rule === "string" &&
    typeof finding.severity === "string" &&
    typeof finding.message === "string" &&
    isTextOrNull(finding.sku) &&
    isTextOrNull(finding.location) &&
    isTextOrNull(finding.promotion) &&
    Array.isArray(finding.channels) &&
    Array.isArray(finding.sources) &&
    typeof finding.values === "object" &&
    finding.values !== null &&
    !Array.isArray(finding.values) &&
    isObjectOrNull(finding.interval) &&
    isObjectOrNull(finding.waived)
  );
}

const isTextOrNull = (value: unknown): boolean => value === null || typeof value === "string";
const isObjectOrNull = (value: unknown): boolean => typeof value === "object";

const orNull = (text: string | null): string => (text === null ? "null" : JSON.stringify(text));

/**
 * The texts of what the findings of one rule repeat (its id, its channels, the files of its
 * sources, the names of its values), kept from one finding to the next: a rule's findings come
 * together, so most are written once per rule rather than once per finding.
 */
class Recent {
  private readonly texts = new Map<string, string>();
  private channels: readonly unknown[] = [];
  private channelsText = "[]";

  /** JSON.stringify(text), kept for up to MAX_KEPT texts. */
  json(text: string): string {
    let json = this.texts.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      if (this.texts.size >= MAX_KEPT) this.texts.clear();
      this.texts.set(text, json);
    }
    return json;
  }

  /** The text of a channels array: the last one's when it holds the same channels. */
  channelsOf(list: readonly unknown[]): string {
    const last = this.channels;
    let same = list.length === last.length;
    for (let i = 0; same && i < list.length; i++) same = typeof list[i] === "string" && list[i] === last[i];
    if (!same) {
      this.channels = list.slice();
      this.channelsText = strings(list);
    }
    return this.channelsText;
  }
}

const MAX_KEPT = 256;
const recent = new Recent();

/** A rule's findings mostly name the same channels. */
const channels = (list: readonly unknown[]): string => recent.channelsOf(list);

/** An array of texts at depth 3 (a finding's member). */
function strings(list: readonly unknown[]): string {
  if (list.length === 0) return "[]";
  let text = "[";
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    text += `${i === 0 ? "\n        " : ",\n        "}${typeof item === "string" ? JSON.stringify(item) : (indented(item, 4) ?? "null")}`;
  }
  return `${text}\n      ]`;
}

/** The values record at depth 3: money and instants are texts; any other value is JSON.stringify's. */
function values(record: Readonly<Record<string, unknown>>): string {
  let text = "{";
  let empty = true;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const written = typeof value === "string" ? JSON.stringify(value) : indented(value, 4);
    if (written === undefined) continue;
    text += `${empty ? "\n        " : ",\n        "}${recent.json(key)}: ${written}`;
    empty = false;
  }
  return empty ? "{}" : `${text}\n      }`;
}

/** The sources at depth 3: `{ file, line }` each, or JSON.stringify's for any other shape. */
function sources(list: readonly unknown[]): string {
  if (list.length === 0) return "[]";
  let text = "[";
  for (let i = 0; i < list.length; i++) {
    const source = list[i] as { file?: unknown; line?: unknown } | null;
    const plain =
      source !== null &&
      typeof source === "object" &&
      typeof source.file === "string" &&
      typeof source.line === "number" &&
      isFileLine(Object.keys(source));
    text += i === 0 ? "\n        " : ",\n        ";
    text += plain
      ? `{\n          "file": ${recent.json(source.file as string)},\n          "line": ${JSON.stringify(source.line)}\n        }`
      : (indented(source, 4) ?? "null");
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
