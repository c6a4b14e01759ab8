import type { SchemaElement } from "hyparquet";
import { PricelintError } from "../model/errors.js";
import type { RowErrorCode } from "../model/row-error.js";
import { excerpt } from "./limits.js";
import { withoutTrailingZeros } from "./number-text.js";
import {
  dateText,
  decimalText,
  doubleText,
  floatText,
  timeOfDayText,
  timestampText,
  unscaledOf,
  uuidText,
  type TimeUnit,
} from "./parquet-text.js";

/**
 * A Parquet schema as a feed's columns: each leaf is a column named by its path (a struct's fields
 * flatten with a dot, `shipping.price`), a list of primitives is one column of list cells, and each
 * column has the function that turns its decoded values into text. What a feed cannot hold (maps,
 * lists of structs or of lists, binary types without a text form) is refused here, before any row
 * is read.
 */

/** Nesting the schema may have: deeper is refused before anything recurses over it. */
export const MAX_SCHEMA_DEPTH = 64;

/** Why one value is no cell: its row error code and what the column holds (the reason names the column before it). */
export class Fault {
  constructor(
    readonly code: RowErrorCode,
    readonly holds: string,
  ) {}
}

/** A string column's value whose bytes are not UTF-8 (what the decoder gives instead of a string). */
export class Undecodable {
  constructor(readonly bytes: Uint8Array) {}
}

/** One column of the feed. */
export interface ParquetColumn {
  /** Its name: the leaf's path, or the list's, joined with dots. */
  readonly name: string;
  /** The top-level field whose decoded values hold it. */
  readonly field: number;
  /** The struct fields from the top-level value down to it. */
  readonly steps: readonly string[];
  /** Whether each value is a list of values (a list cell). */
  readonly list: boolean;
  /** A decoded value (never null) as its text, or why it has none. */
  readonly text: (value: unknown) => string | Fault;
  /** Whether `ignoreColumns` lists it: its values are never looked at. */
  readonly ignored?: true;
}

export interface ParquetLayout {
  readonly columns: readonly ParquetColumn[];
  /** The top-level fields, in the order of the schema: what is read from each row group. */
  readonly fields: readonly string[];
  /** Leaves of the schema (physical columns): each row group has one column chunk for each. */
  readonly leaves: number;
  /**
   * The schema as the decoder is to see it: leaves without their logical types, so that it gives
   * their stored values (the unscaled integers of a DECIMAL, a time stamp's units) and decodes
   * only text as strings.
   */
  readonly decodable: SchemaElement[];
  /** The top-level fields `ignoreColumns` lists whole: not read at all. */
  readonly ignoredFields: ReadonlySet<number>;
}

/** A node of the schema tree. */
interface Node {
  readonly element: SchemaElement;
  readonly children: Node[];
  readonly path: string[];
}

/**
 * The file's schema as columns; a schema the feed cannot hold is a PricelintError ("io") saying
 * which column and why. A column `ignored` names (an `ignoreColumns` entry) is one column whatever
 * it holds, never read nor refused.
 */
export function parquetLayout(schema: readonly SchemaElement[], ignored: (name: string) => boolean = () => false): ParquetLayout {
  const root = schemaTree(schema);
  const columns: ParquetColumn[] = [];
  const ignoredFields = new Set<number>();
  let leaves = 0;
  const visit = (node: Node, field: number, steps: readonly string[]): void => {
    const { element } = node;
    const name = node.path.join(".");
    if (ignored(name)) {
      columns.push({ name, field, steps, list: false, text: () => "", ignored: true });
      leaves += node.children.length === 0 ? 1 : countLeaves(node);
      if (steps.length === 0) ignoredFields.add(field);
      return;
    }
    const kind = annotation(element, name);
    if (node.children.length === 0) {
      leaves++;
      columns.push({ name, field, steps, list: element.repetition_type === "REPEATED", text: leafText(element, kind, name) });
      return;
    }
    if (kind === "LIST") {
      columns.push({ name, field, steps, list: true, text: listElementText(node, name) });
      leaves += countLeaves(node);
      return;
    }
    if (kind === "MAP" || kind === "MAP_KEY_VALUE") throw refused(name, "is a map");
    if (element.repetition_type === "REPEATED") throw refused(name, "is a list of structs (a repeated group)");
    if (kind !== undefined) throw unsupportedType(name, kind);
    for (const child of node.children) {
      if (child.element.name === "__proto__") {
        throw new PricelintError("io", `column "${excerpt(name)}" has a field named __proto__, which cannot be read: rename it`);
      }
      visit(child, field, [...steps, child.element.name]);
    }
  };
  root.children.forEach((child, field) => visit(child, field, []));
  return { columns, fields: root.children.map((c) => c.element.name), leaves, decodable: schema.map(decodableElement), ignoredFields };
}

/** The flat schema as a tree, checked as it is built: no recursion, so no depth can overflow the stack. */
function schemaTree(schema: readonly SchemaElement[]): Node {
  const corrupt = (what: string) => new PricelintError("io", `the Parquet schema is corrupt (${what}); copy or write the file again`);
  if (schema.length === 0) throw corrupt("it has no root");
  const root: Node = { element: schema[0]!, children: [], path: [] };
  // Open groups with how many children each still expects.
  const open: { node: Node; left: number }[] = [{ node: root, left: schema[0]!.num_children ?? 0 }];
  for (let i = 1; i < schema.length; i++) {
    while (open.length > 0 && open[open.length - 1]!.left === 0) open.pop();
    const parent = open[open.length - 1];
    if (parent === undefined) throw corrupt(`element ${i + 1} of ${schema.length} is outside the root`);
    const element = schema[i]!;
    if (typeof element.name !== "string") throw corrupt(`element ${i + 1} has no name`);
    const node: Node = { element, children: [], path: [...parent.node.path, element.name] };
    parent.node.children.push(node);
    parent.left--;
    const children = element.num_children ?? 0;
    if (children > 0) {
      if (open.length >= MAX_SCHEMA_DEPTH) {
        throw new PricelintError(
          "io",
          `the Parquet schema nests more than ${MAX_SCHEMA_DEPTH} levels deep, more than a feed's columns can be`,
        );
      }
      if (element.type !== undefined) throw corrupt(`"${excerpt(node.path.join("."))}" has both a type and fields`);
      open.push({ node, left: children });
    } else if (element.type === undefined) {
      throw corrupt(`"${excerpt(node.path.join("."))}" has neither a type nor fields`);
    }
  }
  if (open.some((o) => o.left > 0)) throw corrupt("a group has fewer fields than it says");
  if (root.children.length === 0) throw new PricelintError("io", "the Parquet file has no columns");
  return root;
}

function countLeaves(node: Node): number {
  let count = 0;
  const stack = [node];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.children.length === 0) count++;
    else stack.push(...next.children);
  }
  return count;
}

/** The element of a LIST group, when it is a primitive, as the column's text function. */
function listElementText(node: Node, name: string): ParquetColumn["text"] {
  const repeated = node.children[0];
  if (node.children.length !== 1 || repeated === undefined || repeated.element.repetition_type !== "REPEATED") {
    throw new PricelintError(
      "io",
      `the Parquet schema is corrupt ("${excerpt(name)}" is a LIST without one repeated field); copy or write the file again`,
    );
  }
  // Three levels (`list` { `element` }), or the legacy two (a repeated primitive).
  const element = repeated.children.length === 0 ? repeated : repeated.children.length === 1 ? repeated.children[0]! : null;
  if (element === null) throw refused(name, "is a list of structs");
  const kind = annotation(element.element, name);
  if (element.children.length > 0 || element.element.repetition_type === "REPEATED") {
    throw refused(
      name,
      kind === "LIST" || element.element.repetition_type === "REPEATED"
        ? "is a list of lists"
        : kind === "MAP"
          ? "is a list of maps"
          : "is a list of structs",
    );
  }
  return leafText(element.element, kind, name);
}

function refused(name: string, what: string): PricelintError {
  return new PricelintError(
    "io",
    `column "${excerpt(name)}" ${what}, which a feed cannot hold (a cell is a value or a list of values): leave it out of the file, or write its parts as columns of their own`,
  );
}

function unsupportedType(name: string, kind: string): PricelintError {
  return new PricelintError(
    "io",
    `column "${excerpt(name)}" has the Parquet type ${kind}, which pricelint does not read as text: leave it out of the file, or write it as a string`,
  );
}

/** The time unit and zone of a legacy converted type, as the logical type it stands for. */
const LEGACY: Record<string, { kind: string; unit?: TimeUnit; utc?: boolean; signed?: boolean; bits?: number }> = {
  UTF8: { kind: "STRING" },
  ENUM: { kind: "ENUM" },
  JSON: { kind: "JSON" },
  BSON: { kind: "BSON" },
  DECIMAL: { kind: "DECIMAL" },
  DATE: { kind: "DATE" },
  TIME_MILLIS: { kind: "TIME", unit: "MILLIS", utc: true },
  TIME_MICROS: { kind: "TIME", unit: "MICROS", utc: true },
  TIMESTAMP_MILLIS: { kind: "TIMESTAMP", unit: "MILLIS", utc: true },
  TIMESTAMP_MICROS: { kind: "TIMESTAMP", unit: "MICROS", utc: true },
  UINT_8: { kind: "INTEGER", signed: false, bits: 8 },
  UINT_16: { kind: "INTEGER", signed: false, bits: 16 },
  UINT_32: { kind: "INTEGER", signed: false, bits: 32 },
  UINT_64: { kind: "INTEGER", signed: false, bits: 64 },
  INT_8: { kind: "INTEGER", signed: true, bits: 8 },
  INT_16: { kind: "INTEGER", signed: true, bits: 16 },
  INT_32: { kind: "INTEGER", signed: true, bits: 32 },
  INT_64: { kind: "INTEGER", signed: true, bits: 64 },
  INTERVAL: { kind: "INTERVAL" },
  MAP: { kind: "MAP" },
  MAP_KEY_VALUE: { kind: "MAP_KEY_VALUE" },
  LIST: { kind: "LIST" },
};

/** What an element's values are beyond their physical type: its logical type, else its converted type, else undefined. */
function annotation(element: SchemaElement, name: string): string | undefined {
  const logical = element.logical_type as { type?: unknown } | undefined;
  if (logical !== undefined) {
    if (typeof logical.type === "string") return logical.type;
    // The decoder leaves a logical type it does not know as the Thrift fields it read.
    const field = Object.keys(logical)[0]?.replace("field_", "") ?? "?";
    throw new PricelintError(
      "io",
      `column "${excerpt(name)}" has a Parquet logical type this version of pricelint does not know (LogicalType field ${field}): leave it out of the file, or write it with a standard type`,
    );
  }
  return element.converted_type === undefined ? undefined : LEGACY[element.converted_type]!.kind;
}

/** The time unit, zone, sign and width a leaf's annotation gives, whichever form it has. */
function details(element: SchemaElement): {
  unit: TimeUnit;
  utc: boolean;
  signed: boolean;
  bits: number;
  precision: number;
  scale: number;
} {
  const logical = element.logical_type;
  const legacy = element.converted_type === undefined ? undefined : LEGACY[element.converted_type];
  return {
    unit: logical && "unit" in logical ? logical.unit : (legacy?.unit ?? "MILLIS"),
    utc: logical && "isAdjustedToUTC" in logical ? logical.isAdjustedToUTC : (legacy?.utc ?? true),
    signed: logical && "isSigned" in logical ? logical.isSigned : (legacy?.signed ?? true),
    bits: logical && "bitWidth" in logical ? logical.bitWidth : (legacy?.bits ?? 64),
    precision: logical && "precision" in logical ? logical.precision : (element.precision ?? 0),
    scale: logical && "scale" in logical ? logical.scale : (element.scale ?? 0),
  };
}

/** Text annotations: their bytes are UTF-8 text. */
const TEXT_KINDS: ReadonlySet<string | undefined> = new Set(["STRING", "ENUM", "JSON"]);

/** The function that turns one leaf's decoded values into text; an annotation it cannot read is refused. */
function leafText(element: SchemaElement, kind: string | undefined, name: string): ParquetColumn["text"] {
  const physical = element.type;
  const invalid = () =>
    new PricelintError(
      "io",
      `column "${excerpt(name)}" is ${kind} on ${physical}, which is not a valid Parquet type: the file's schema is corrupt`,
    );
  const d = details(element);
  switch (kind) {
    case undefined:
    case "NULL":
      return plainText(physical);
    case "STRING":
    case "ENUM":
    case "JSON":
      if (physical !== "BYTE_ARRAY") throw invalid();
      return stringText;
    case "INTEGER":
      if (physical === "INT32") return d.signed ? (v) => String(v) : (v) => String((v as number) >>> 0);
      if (physical === "INT64") return d.signed ? (v) => String(v) : (v) => BigInt.asUintN(64, v as bigint).toString();
      throw invalid();
    case "DECIMAL":
      return decimalColumn(physical, d.precision, d.scale, name, invalid);
    case "DATE":
      if (physical !== "INT32") throw invalid();
      return (v) => dateText(v as number);
    case "TIMESTAMP":
      if (physical !== "INT64") throw invalid();
      return (v) => timestampText(v as bigint, d.unit, d.utc);
    case "TIME":
      if (physical === "INT32" && d.unit === "MILLIS") return (v) => timeOfDayText(BigInt(v as number), d.unit, d.utc);
      if (physical === "INT64" && d.unit !== "MILLIS") return (v) => timeOfDayText(v as bigint, d.unit, d.utc);
      throw invalid();
    case "UUID":
      if (physical !== "FIXED_LEN_BYTE_ARRAY" || element.type_length !== 16) throw invalid();
      return (v) => uuidText(v as Uint8Array);
    case "LIST":
    case "MAP":
    case "MAP_KEY_VALUE":
      throw refused(name, `is ${kind} without fields`);
    default:
      // BSON, INTERVAL, FLOAT16, GEOMETRY, GEOGRAPHY, VARIANT, FILE: binary values with no text a feed can use.
      throw unsupportedType(name, kind);
  }
}

/** A leaf without annotation: its physical values as text. */
function plainText(physical: SchemaElement["type"]): ParquetColumn["text"] {
  switch (physical) {
    case "BOOLEAN":
      return (v) => (v ? "true" : "false");
    case "INT32":
    case "INT64":
      return (v) => String(v);
    case "INT96":
      return int96Text;
    case "FLOAT":
      return (v) => finite(v as number) ?? floatText(v as number);
    case "DOUBLE":
      return (v) => finite(v as number) ?? doubleText(v as number);
    default:
      // BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY without annotation: text when they are UTF-8, as older writers store strings.
      return bytesText;
  }
}

/**
 * Spark's and Impala's legacy time stamps, an instant in UTC: 8 bytes of nanoseconds into the day
 * and 4 of the Julian day, little-endian (read as 12 bytes: the decoder would fold them into a
 * number and lose a time of day out of range).
 */
function int96Text(value: unknown): string | Fault {
  const bytes = value as Uint8Array;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 12);
  const nanos = view.getBigUint64(0, true);
  if (nanos >= NANOS_PER_DAY)
    return new Fault("invalid_parquet_value", `holds an INT96 time stamp whose time of day is ${nanos} ns, beyond a day`);
  return timestampText(BigInt(view.getInt32(8, true) - JULIAN_EPOCH) * NANOS_PER_DAY + nanos, "NANOS", true);
}

const NANOS_PER_DAY = 86_400_000_000_000n;
/** The Julian day of 1970-01-01. */
const JULIAN_EPOCH = 2_440_588;

function finite(value: number): Fault | null {
  if (Number.isFinite(value)) return null;
  return new Fault("non_finite_number", `holds ${value}, which is not a finite number`);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LENIENT = new TextDecoder("utf-8", { ignoreBOM: true });

/** A string column's bytes as text, or {@link Undecodable} when they are not UTF-8 (the decoder's string parser). */
export function decodeText(bytes: Uint8Array | undefined): string | Undecodable | undefined {
  if (bytes === undefined) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return new Undecodable(bytes);
  }
}

function stringText(value: unknown): string | Fault {
  if (typeof value === "string") return value;
  const bytes = (value as Undecodable).bytes;
  return new Fault(
    "invalid_utf8",
    `holds text that is not valid UTF-8: ${JSON.stringify(excerpt(LENIENT.decode(bytes)))} (shown with \uFFFD)`,
  );
}

function bytesText(value: unknown): string | Fault {
  const bytes = value as Uint8Array;
  const text = decodeText(bytes);
  if (typeof text === "string") return text;
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return new Fault("invalid_utf8", `holds binary data, not UTF-8 text (${bytes.length} bytes: ${head}${bytes.length > 8 ? " …" : ""})`);
}

/** A DECIMAL column: each unscaled integer as its exact decimal text, refused when it has more digits than the precision. */
function decimalColumn(
  physical: SchemaElement["type"],
  precision: number,
  scale: number,
  name: string,
  invalid: () => PricelintError,
): ParquetColumn["text"] {
  if (!Number.isInteger(precision) || !Number.isInteger(scale) || precision < 1 || scale < 0 || scale > precision) {
    throw new PricelintError(
      "io",
      `column "${excerpt(name)}" is DECIMAL(${precision},${scale}), which is not a valid decimal type (precision 1 or more, scale from 0 to the precision): the file's schema is corrupt`,
    );
  }
  const type = `DECIMAL(${precision},${scale})`;
  const limit = 10n ** BigInt(precision);
  const check = (unscaled: bigint | number): string | Fault => {
    const magnitude = unscaled < 0 ? -unscaled : unscaled;
    const text = decimalText(unscaled, scale);
    if (typeof magnitude === "number" ? precision < 16 && magnitude >= 10 ** precision : magnitude >= limit) {
      return new Fault("invalid_parquet_value", `holds ${text}, which has more digits than its type ${type} allows`);
    }
    // The number stored: its scale's zeros are the column's, not decimals a price was written with.
    return withoutTrailingZeros(text);
  };
  switch (physical) {
    case "INT32":
    case "INT64":
      return (v) => check(v as number | bigint);
    case "BYTE_ARRAY":
    case "FIXED_LEN_BYTE_ARRAY":
      return (v) => {
        const bytes = v as Uint8Array;
        return bytes.length === 0 ? new Fault("invalid_parquet_value", `holds a ${type} value of no bytes`) : check(unscaledOf(bytes));
      };
    default:
      throw invalid();
  }
}

/**
 * An element as the decoder is to see it: a leaf keeps only its physical type (a text annotation
 * becomes UTF8, which the decoder reads as strings; INT96 is read as its 12 bytes); a group keeps
 * what makes it a list or a map.
 */
function decodableElement(element: SchemaElement): SchemaElement {
  const { logical_type: logical, converted_type: converted, scale: _scale, precision: _precision, ...rest } = element;
  if (element.num_children) {
    const kind = logical?.type ?? (converted === undefined ? undefined : LEGACY[converted]!.kind);
    return kind === "LIST" || kind === "MAP" ? { ...rest, converted_type: kind } : rest;
  }
  const kind = logical?.type ?? (converted === undefined ? undefined : LEGACY[converted]!.kind);
  if (element.type === "INT96") return { ...rest, type: "FIXED_LEN_BYTE_ARRAY", type_length: 12 };
  return element.type === "BYTE_ARRAY" && TEXT_KINDS.has(kind) ? { ...rest, converted_type: "UTF8" } : rest;
}
