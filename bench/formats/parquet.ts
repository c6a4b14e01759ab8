/**
 * Writes rows of text cells as a Parquet file, for the benchmark and the tests: a header and its
 * rows (a million of them is fine: rows stream in, and one row group is held at a time), each
 * column a UTF-8 string unless `types` gives it another type. A column of plain decimals can be
 * written as strings or, with `{ decimal: { precision, scale } }`, as DECIMAL from the digits
 * themselves (never through a double). An empty cell is null.
 *
 * Usage as a script: npx tsx bench/formats/parquet.ts FEED.csv OUT.parquet [--decimal price,sale_price] [--row-group N]
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { ParquetWriter, fileWriter } from "hyparquet-writer";

/** A schema element as the writer takes it (hyparquet-writer brings its own hyparquet's types). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

/** A column's Parquet type, for the text of its cells. */
export type ParquetColumnType =
  | "string"
  | "boolean"
  | "int32"
  | "int64"
  | "float"
  | "double"
  | "date"
  | { readonly decimal: { readonly precision: number; readonly scale: number } }
  | { readonly timestamp: "MILLIS" | "MICROS" | "NANOS"; readonly utc: boolean }
  | { readonly list: "string" };

export interface WriteParquetOptions {
  /** Rows in each row group (default 100 000). */
  readonly rowGroupRows?: number;
  /** How pages are compressed (default SNAPPY). */
  readonly codec?: "UNCOMPRESSED" | "SNAPPY" | "GZIP";
  /** Types by column name; a column not named is a string. */
  readonly types?: Readonly<Record<string, ParquetColumnType>>;
}

/** Writes `header` and `rows` as a Parquet file at `path`. */
export async function writeParquet(
  path: string,
  header: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  options: WriteParquetOptions = {},
): Promise<void> {
  const types = header.map((name) => options.types?.[name] ?? "string");
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [{ name: "root", num_children: header.length }, ...header.map((name, i) => schemaElement(name, types[i]!))].flat(),
    codec: options.codec ?? "SNAPPY",
    compressors: { GZIP: (bytes: Uint8Array) => gzipSync(bytes) },
  });
  const groupRows = options.rowGroupRows ?? 100_000;
  let columns: unknown[][] = header.map(() => []);
  let count = 0;
  const flush = async () => {
    if (count === 0) return;
    await writer.write({ columnData: header.map((name, i) => ({ name, data: columns[i]! })), rowGroupSize: count });
    columns = header.map(() => []);
    count = 0;
  };
  let line = 1;
  for await (const row of rows) {
    line++;
    if (row.length !== header.length) throw new RangeError(`row ${line} has ${row.length} cells for ${header.length} columns`);
    for (let i = 0; i < header.length; i++) columns[i]!.push(valueOf(row[i]!, types[i]!, header[i]!, line));
    if (++count === groupRows) await flush();
  }
  await flush();
  await writer.finish();
}

function schemaElement(name: string, type: ParquetColumnType): SchemaElement[] {
  const optional = { name, repetition_type: "OPTIONAL" } as const;
  if (typeof type === "object") {
    if ("decimal" in type) {
      const { precision, scale } = type.decimal;
      const physical =
        precision <= 9 ? { type: "INT32" } : precision <= 18 ? { type: "INT64" } : { type: "FIXED_LEN_BYTE_ARRAY", type_length: 16 };
      return [
        {
          ...optional,
          ...physical,
          converted_type: "DECIMAL",
          precision,
          scale,
          logical_type: { type: "DECIMAL", precision, scale },
        } as SchemaElement,
      ];
    }
    if ("timestamp" in type) {
      return [{ ...optional, type: "INT64", logical_type: { type: "TIMESTAMP", unit: type.timestamp, isAdjustedToUTC: type.utc } }];
    }
    return [
      { ...optional, converted_type: "LIST", num_children: 1 },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      { name: "element", repetition_type: "OPTIONAL", type: "BYTE_ARRAY", converted_type: "UTF8" },
    ];
  }
  switch (type) {
    case "string":
      return [{ ...optional, type: "BYTE_ARRAY", converted_type: "UTF8" }];
    case "boolean":
      return [{ ...optional, type: "BOOLEAN" }];
    case "int32":
      return [{ ...optional, type: "INT32" }];
    case "int64":
      return [{ ...optional, type: "INT64" }];
    case "float":
      return [{ ...optional, type: "FLOAT" }];
    case "double":
      return [{ ...optional, type: "DOUBLE" }];
    case "date":
      return [{ ...optional, type: "INT32", converted_type: "DATE" }];
  }
}

/** A cell's text as the value its column's type stores; "" is null. */
function valueOf(text: string, type: ParquetColumnType, name: string, line: number): unknown {
  if (text === "") return null;
  const wrong = () => new RangeError(`row ${line}, column "${name}": ${JSON.stringify(text)} is not a ${JSON.stringify(type)}`);
  if (typeof type === "object") {
    if ("decimal" in type) {
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
      const { scale } = type.decimal;
      if (!m || (m[3] ?? "").length > scale) throw wrong();
      const unscaled = BigInt(m[2]! + (m[3] ?? "").padEnd(scale, "0"));
      return m[1] ? -unscaled : unscaled;
    }
    if ("timestamp" in type) return timestampUnits(text, type.timestamp) ?? wrong();
    return text.split("|");
  }
  switch (type) {
    case "string":
      return text;
    case "boolean":
      if (text !== "true" && text !== "false") throw wrong();
      return text === "true";
    case "int32":
    case "int64": {
      if (!/^-?\d+$/.test(text)) throw wrong();
      return type === "int32" ? Number(text) : BigInt(text);
    }
    case "float":
    case "double":
      return type === "float" ? Math.fround(Number(text)) : Number(text);
    case "date": {
      const ms = Date.parse(`${text}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(ms)) throw wrong();
      return Math.round(ms / 86_400_000);
    }
  }
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction][Z]` as units since the epoch (the zone, if any, is ignored: the column says). */
function timestampUnits(text: string, unit: "MILLIS" | "MICROS" | "NANOS"): bigint | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z?$/.exec(text);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(seconds)) return null;
  const digits = unit === "MILLIS" ? 3 : unit === "MICROS" ? 6 : 9;
  const fraction = (m[2] ?? "").padEnd(digits, "0");
  if (fraction.length > digits) return null;
  return (BigInt(seconds) / 1000n) * 10n ** BigInt(digits) + BigInt(fraction);
}

/** The lines of a CSV file without quotes, split on commas (the benchmark's feeds are such). */
async function* csvRows(path: string): AsyncGenerator<string[]> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line !== "") yield line.split(",");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [input, output, ...flags] = process.argv.slice(2);
  if (input === undefined || output === undefined)
    throw new Error("usage: bench/formats/parquet.ts FEED.csv OUT.parquet [--decimal a,b] [--row-group N]");
  const flag = (name: string) => {
    const at = flags.indexOf(name);
    return at < 0 ? undefined : flags[at + 1];
  };
  const rows = csvRows(input);
  const first = await rows.next();
  if (first.done) throw new Error(`${input} is empty`);
  const decimals = (flag("--decimal") ?? "").split(",").filter((c) => c !== "");
  await writeParquet(output, first.value, rows, {
    rowGroupRows: Number(flag("--row-group") ?? 100_000),
    types: Object.fromEntries(decimals.map((c) => [c, { decimal: { precision: 18, scale: 2 } }])),
  });
}
