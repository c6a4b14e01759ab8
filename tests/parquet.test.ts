/**
 * Parquet feeds (src/io/parquet.ts): each type as the text of its cells, derived by hand from the
 * values written; row groups with lines counted across them; gzip-wrapped files; the files that
 * cannot be read, each with its message (docs/bad-input.md, section Q); and a whole check() of a
 * Parquet feed against the same rows as CSV. The fixtures of fixtures/parquet/ were written by
 * DuckDB (see fixtures/README.md); the other files are written here, by hyparquet-writer.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parquetMetadata } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { writeParquet } from "../bench/formats/parquet.js";
import { check, loadConfig, PricelintError } from "../src/index.js";
import { formatOfPath } from "../src/io/formats/registry.js";
import { DEFAULT_LIMITS, type ReadLimits } from "../src/io/limits.js";
import { PARQUET_BOUNDS, readParquet, type ParquetBounds } from "../src/io/parquet.js";
import { CheckedFile, checkChunk } from "../src/io/parquet-pages.js";
import { readFeedFile } from "../src/io/read-feed.js";
import type { Cell, RawRecord } from "../src/io/record.js";
import { formatJson } from "../src/report/json.js";
import { failure } from "./helpers/failure.js";

const FIXTURES = "fixtures/parquet";
const AT = new Date("2026-11-20T12:00:00Z");

type WriteOptions = Parameters<typeof parquetWriteBuffer>[0];

/** A Parquet file written by hyparquet-writer (its own column types, or an explicit schema). */
function parquetBytes(options: WriteOptions): Uint8Array {
  return new Uint8Array(parquetWriteBuffer(options));
}

/** A fresh folder. */
const folder = () => mkdtempSync(join(tmpdir(), "pricelint-parquet-"));

/** The columns and records of a Parquet file, read through readFeedFile as the loader does (or a file already on disk). */
async function read(
  bytes: Uint8Array | string,
  name = "p.parquet",
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<{ columns: readonly string[]; records: RawRecord[] }> {
  let path = bytes as string;
  if (typeof bytes !== "string") {
    path = join(folder(), name);
    writeFileSync(path, bytes);
  }
  let columns: readonly string[] = [];
  const records: RawRecord[] = [];
  for await (const batch of readFeedFile(path, { format: formatOfPath(path), encoding: "utf-8", skipLines: 0, limits })) {
    columns = batch.columns;
    records.push(...batch.records);
  }
  return { columns, records };
}

/** The cells of each record, by column name (absent cells left out), with the problem if any. */
async function rows(bytes: Uint8Array | string): Promise<Record<string, Cell | string>[]> {
  const { columns, records } = await read(bytes);
  return records.map((r) => {
    const row: Record<string, Cell | string> = {};
    r.cells.forEach((cell, i) => {
      if (cell !== undefined) row[columns[i]!] = cell;
    });
    if (r.problem) row["problem"] = `${r.problem.code} @${r.problem.column}: ${r.problem.reason}`;
    return row;
  });
}

/** The io error a file gives, read by the reader with these bounds. */
async function refusal(bytes: Uint8Array, bounds: ParquetBounds = PARQUET_BOUNDS, inMemory = false): Promise<string> {
  const path = join(folder(), "p.parquet");
  writeFileSync(path, bytes);
  const chunks = (async function* () {
    yield bytes;
  })();
  const error = await failure(
    (async () => {
      for await (const batch of readParquet({ chunks, file: inMemory ? null : path }, DEFAULT_LIMITS, bounds)) void batch;
    })(),
  );
  expect([error.code, error.file]).toStrictEqual(["io", null]);
  return error.message;
}

const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** The metadata of column `name` in the first row group of a Parquet file. */
function chunkMeta(bytes: Uint8Array, name: string) {
  const metadata = parquetMetadata(bytes.slice().buffer);
  return metadata.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema.join(".") === name)!.meta_data!;
}

/** Where column `name`'s first data page (in the first row group) has its data: the byte after its page header. */
function dataPageAt(bytes: Uint8Array, name: string): number {
  const reader = {
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    offset: Number(chunkMeta(bytes, name).data_page_offset),
  };
  parquetHeader(reader);
  return reader.offset;
}

/** 40 channels, three in turn: hyparquet-writer stores them as a dictionary of 3 and indices 0, 1, 2, 0, … 2 bits wide. */
const CHANNELS = Array.from({ length: 40 }, (_, i) => ["web", "store", "app"][i % 3]!);

describe("Parquet cells as text", () => {
  it("read DuckDB's types as the text of their values, nulls as absent cells", async () => {
    // fixtures/parquet/make-fixtures.mjs writes these values as SQL literals.
    const [first, second, third] = await rows(fixture("types.parquet"));
    expect(first).toStrictEqual({
      sku: "A1",
      // DECIMAL(9,2) in INT32 1599, DECIMAL(18,4) in INT64 -12345678, DECIMAL(38,10) in 16 bytes, DECIMAL(10,0).
      price: "15.99",
      cost: "-1234.5678",
      // Its scale's trailing zero dropped: the number stored (Q14).
      big: "12345678901234567890.123456789",
      whole: "12345",
      qty: "42",
      // 2^53 + 1: no double holds it.
      stock: "9007199254740993",
      // UBIGINT's largest, 2^64 - 1, stored as the INT64 -1.
      huge: "18446744073709551615",
      small: "-5",
      usmall: "200",
      // The DOUBLE and the FLOAT nearest 0.1: each the shortest text that reads back as itself.
      weight: "0.1",
      ratio: "0.1",
      active: "true",
      launch: "2026-11-20",
      // TIMESTAMPTZ is an instant (isAdjustedToUTC); TIMESTAMP a local date-time, with no zone.
      updated: "2026-11-20T13:00:00.123456Z",
      local_at: "2026-11-20T13:00:00",
      at_ns: "2026-11-20T13:00:00.123456789",
      at_ms: "2026-11-20T13:00:00.12",
      opens: "13:00:00.5",
      channels: ["web", "store"],
      "shipping.price": "4.99",
      "shipping.country": "IT",
      id: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
      // A BLOB without a string annotation: text, as it is valid UTF-8.
      raw: "plain text",
    });
    expect(second).toStrictEqual({
      sku: "A2",
      price: "-0.05",
      cost: "0",
      big: "-0.0000000001",
      whole: "-7",
      qty: "-2147483648",
      stock: "-9223372036854775808",
      huge: "0",
      small: "127",
      usmall: "0",
      weight: "1000000000000000000000",
      ratio: "0.0000001",
      active: "false",
      launch: "1969-12-31",
      updated: "1969-12-31T23:59:59.5Z",
      local_at: "0026-01-01T00:00:00",
      at_ns: "1970-01-01T00:00:00.000000001",
      at_ms: "2026-11-20T13:00:00",
      opens: "00:00:00",
      channels: [],
      "shipping.country": "FR",
      // The bytes FF FE are no UTF-8: the row is rejected naming the column (the 24th).
      problem: 'invalid_utf8 @24: column "raw" holds binary data, not UTF-8 text (2 bytes: ff fe)',
    });
    expect(third).toStrictEqual({ sku: "A3" });
  });

  it("give a DECIMAL's unscaled integer its scale, in every physical type, up to 38 digits: the number stored, its scale's trailing zeros dropped (Q14)", async () => {
    const decimal = (name: string, type: string, precision: number, scale: number, length?: number) => ({
      name,
      type,
      ...(length === undefined ? {} : { type_length: length }),
      converted_type: "DECIMAL",
      precision,
      scale,
      logical_type: { type: "DECIMAL", precision, scale },
      repetition_type: "OPTIONAL",
    });
    const bytes = parquetBytes({
      columnData: [
        { name: "int32", data: [1599n, -1599n, 5n, -5n] },
        { name: "int64", data: [1599n, 0n, -100n, 123456789012345678n] },
        { name: "flba", data: [123456789012345678901234567890n, -123456789012345678901234567890n, 10n ** 37n, -1n] },
        { name: "bytes", data: [1599n, -1599n, 127n, -128n] },
        { name: "scale0", data: [1599n, -1599n, 0n, 10n ** 37n] },
      ],
      schema: [
        { name: "root", num_children: 5 },
        decimal("int32", "INT32", 9, 2),
        decimal("int64", "INT64", 18, 2),
        decimal("flba", "FIXED_LEN_BYTE_ARRAY", 38, 10, 16),
        decimal("bytes", "BYTE_ARRAY", 10, 3),
        decimal("scale0", "FIXED_LEN_BYTE_ARRAY", 38, 0, 16),
      ] as never,
    });
    expect(await rows(bytes)).toStrictEqual([
      { int32: "15.99", int64: "15.99", flba: "12345678901234567890.123456789", bytes: "1.599", scale0: "1599" },
      { int32: "-15.99", int64: "0", flba: "-12345678901234567890.123456789", bytes: "-1.599", scale0: "-1599" },
      { int32: "0.05", int64: "-1", flba: "1000000000000000000000000000", bytes: "0.127", scale0: "0" },
      {
        int32: "-0.05",
        int64: "1234567890123456.78",
        flba: "-0.0000000001",
        bytes: "-0.128",
        scale0: "10000000000000000000000000000000000000",
      },
    ]);
  });

  it("refuse a DECIMAL with more digits than its precision, naming the column", async () => {
    const bytes = parquetBytes({
      columnData: [
        { name: "sku", data: ["A", "B"] },
        { name: "price", data: [99999n, 100000n] },
      ],
      schema: [
        { name: "root", num_children: 2 },
        { name: "sku", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "price", type: "INT32", converted_type: "DECIMAL", precision: 5, scale: 2, repetition_type: "REQUIRED" },
      ] as never,
    });
    expect(await rows(bytes)).toStrictEqual([
      { sku: "A", price: "999.99" },
      {
        sku: "B",
        problem: 'invalid_parquet_value @2: column "price" holds 1000.00, which has more digits than its type DECIMAL(5,2) allows',
      },
    ]);
  });

  it("write a FLOAT as the shortest text that reads back as that float32, and a DOUBLE as that double's, never in exponent form", async () => {
    const floats = [0.1, 1 / 3, 16777217, 3.4028234663852886e38, 1.401298464324817e-45, -2.5, 100, 1e-7];
    const doubles = [0.1, 0.30000000000000004, 1 / 3, 1e21, 1.5e-7, -0, 5e-324, 123456789.125];
    const bytes = parquetBytes({
      columnData: [
        { name: "f", data: new Float32Array(floats), type: "FLOAT" },
        { name: "d", data: doubles, type: "DOUBLE" },
      ],
    });
    const read = await rows(bytes);
    // float32(1/3) is 0.3333333432674408; "0.33333334" (8 digits) is the shortest text nearest to it.
    // 16777217 is no float32: it rounds to 16777216. FLT_MAX, and the smallest subnormal (≈1.4e-45).
    expect(read.map((r) => r["f"])).toStrictEqual([
      "0.1",
      "0.33333334",
      "16777216",
      // FLT_MAX is 3.4028234663852886e38: 3.402823e38 and 3.4028236e38 read back as other floats (or infinity).
      "340282350000000000000000000000000000000",
      "0.000000000000000000000000000000000000000000001",
      "-2.5",
      "100",
      "0.0000001",
    ]);
    expect(read.map((r) => r["d"])).toStrictEqual([
      "0.1",
      "0.30000000000000004",
      "0.3333333333333333",
      "1000000000000000000000",
      "0.00000015",
      "-0",
      `0.${"0".repeat(323)}5`,
      "123456789.125",
    ]);
  });

  it("Q12 reject NaN and ±Infinity in a FLOAT or DOUBLE, naming the column", async () => {
    expect(await rows(fixture("special-floats.parquet"))).toStrictEqual([
      { sku: "A1", ratio: "1.5", problem: 'non_finite_number @2: column "weight" holds NaN, which is not a finite number' },
      { sku: "A2", problem: 'non_finite_number @2: column "weight" holds Infinity, which is not a finite number' },
      { sku: "A3", ratio: "2.5", problem: 'non_finite_number @2: column "weight" holds -Infinity, which is not a finite number' },
    ]);
  });

  it("read time stamps in each unit, exactly, as instants or local date-times", async () => {
    const timestamp = (name: string, unit: string, utc: boolean) => ({
      name,
      type: "INT64",
      logical_type: { type: "TIMESTAMP", unit, isAdjustedToUTC: utc },
      repetition_type: "REQUIRED",
    });
    // 1795179600 s is 2026-11-20T13:00:00Z (20777 days and 46800 s after the epoch).
    const bytes = parquetBytes({
      columnData: [
        { name: "ms", data: [1795179600123n, -1n] },
        { name: "us", data: [1795179600123456n, -1n] },
        { name: "ns", data: [1795179600123456789n, 1795179600000000000n] },
        { name: "legacy", data: [1795179600000n, 0n] },
        { name: "day", data: [20777, -719528] },
      ],
      schema: [
        { name: "root", num_children: 5 },
        timestamp("ms", "MILLIS", true),
        timestamp("us", "MICROS", false),
        timestamp("ns", "NANOS", true),
        // The converted type alone (older writers) means an instant.
        { name: "legacy", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "REQUIRED" },
        { name: "day", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" },
      ] as never,
    });
    expect(await rows(bytes)).toStrictEqual([
      {
        ms: "2026-11-20T13:00:00.123Z",
        us: "2026-11-20T13:00:00.123456",
        ns: "2026-11-20T13:00:00.123456789Z",
        legacy: "2026-11-20T13:00:00Z",
        day: "2026-11-20",
      },
      // One unit before the epoch; day -719528 is 0000-01-01 (719528 days from year 0 to 1970).
      {
        ms: "1969-12-31T23:59:59.999Z",
        us: "1969-12-31T23:59:59.999999",
        ns: "2026-11-20T13:00:00Z",
        legacy: "1970-01-01T00:00:00Z",
        day: "0000-01-01",
      },
    ]);
  });

  it("read INT96 time stamps (Spark, Impala) as instants in UTC, and reject a time of day past a day", async () => {
    // fixtures/parquet/make-fixtures.mjs: Julian day 2461365 and 46800123456789 ns; day 2440587 and 86399 s.
    expect(await rows(fixture("int96.parquet"))).toStrictEqual([
      { sku: "A1", at: "2026-11-20T13:00:00.123456789Z" },
      { sku: "A2", at: "1969-12-31T23:59:59Z" },
      {
        sku: "A3",
        problem: 'invalid_parquet_value @2: column "at" holds an INT96 time stamp whose time of day is 86400000000000 ns, beyond a day',
      },
    ]);
  });

  it("read strings as they are, lists of primitives as list cells, structs flattened with a dot", async () => {
    const bytes = parquetBytes({
      columnData: [
        { name: "title", data: ["Caffè 250 g", " spaced ", "", null] },
        { name: "tags", data: [["a", "b"], [], null, ["x", null]] },
        {
          name: "shipping",
          data: [{ price: 499n, zone: { country: "IT" } }, null, { price: null, zone: null }, { price: 1n, zone: { country: "FR" } }],
        },
      ],
      schema: [
        { name: "root", num_children: 3 },
        { name: "title", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "tags", converted_type: "LIST", repetition_type: "OPTIONAL", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "shipping", repetition_type: "OPTIONAL", num_children: 2 },
        { name: "price", type: "INT64", converted_type: "DECIMAL", precision: 10, scale: 2, repetition_type: "OPTIONAL" },
        { name: "zone", repetition_type: "OPTIONAL", num_children: 1 },
        { name: "country", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ] as never,
    });
    const { columns } = await read(bytes);
    expect(columns).toStrictEqual(["title", "tags", "shipping.price", "shipping.zone.country"]);
    expect(await rows(bytes)).toStrictEqual([
      { title: "Caffè 250 g", tags: ["a", "b"], "shipping.price": "4.99", "shipping.zone.country": "IT" },
      { title: " spaced ", tags: [] },
      { title: "" },
      {
        "shipping.price": "0.01",
        "shipping.zone.country": "FR",
        problem: 'unsupported_value @2: column "tags" holds a list with null in it',
      },
    ]);
  });

  it("read bytes without a string annotation as text when they are UTF-8, and reject invalid UTF-8 in a string column", async () => {
    const bytes = parquetBytes({
      columnData: [
        { name: "code", data: [new TextEncoder().encode("EAN-1"), new Uint8Array([0xc3, 0x28])] },
        { name: "title", data: [new TextEncoder().encode("ok"), new Uint8Array([0x63, 0x61, 0x66, 0x66, 0xe8])] },
      ],
      schema: [
        { name: "root", num_children: 2 },
        { name: "code", type: "BYTE_ARRAY", repetition_type: "REQUIRED" },
        // UTF8 written over raw bytes: the writer stores them as they are.
        { name: "title", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      ] as never,
    });
    expect(await rows(bytes)).toStrictEqual([
      { code: "EAN-1", title: "ok" },
      { problem: 'invalid_utf8 @1: column "code" holds binary data, not UTF-8 text (2 bytes: c3 28)' },
    ]);
    // The first problem is the row's; the title's (caff + E8) is "caff\uFFFD" when shown.
    const titleOnly = parquetBytes({
      columnData: [{ name: "title", data: [new Uint8Array([0x63, 0x61, 0x66, 0x66, 0xe8])] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "title", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      ] as never,
    });
    expect(await rows(titleOnly)).toStrictEqual([
      { problem: 'invalid_utf8 @1: column "title" holds text that is not valid UTF-8: "caff\uFFFD" (shown with \uFFFD)' },
    ]);
  });

  it("reject a row longer than the limit of one record, and read the next", async () => {
    const bytes = parquetBytes({ columnData: [{ name: "title", data: ["x".repeat(40), "short"], type: "STRING" }] });
    const { records } = await read(bytes, "p.parquet", { ...DEFAULT_LIMITS, recordChars: 30 });
    expect(records).toStrictEqual([
      {
        line: 1,
        cells: [],
        problem: { code: "record_too_long", reason: "the row is longer than 30 characters, the limit of one record", column: null },
      },
      { line: 2, cells: ["short"] },
    ]);
  });
});

describe("Parquet row groups", () => {
  it("count lines across row groups: DuckDB's 5000 rows in groups of 2048, 2048 and 904", async () => {
    const { columns, records } = await read(fixture("row-groups.parquet"));
    expect(columns).toStrictEqual(["sku", "channel", "price"]);
    expect(records).toHaveLength(5000);
    // Row i is sku S{i} and price i/100 (as stored: 50.00 is 50), at line i: the same across the groups' edges.
    const stored = (cents: number) =>
      `${Math.floor(cents / 100)}${cents % 100 === 0 ? "" : `.${String(cents % 100).padStart(2, "0")}`}`.replace(/(\.\d)0$/, "$1");
    for (const i of [1, 2048, 2049, 4096, 4097, 5000]) {
      expect(records[i - 1]).toStrictEqual({ line: i, cells: [`S${String(i).padStart(4, "0")}`, "web", stored(i)] });
    }
    expect(records.every((r, i) => r.line === i + 1)).toBe(true);
  });

  it("read the writer's row groups of 3 the same, with nulls and an empty group's file", async () => {
    const path = join(folder(), "p.parquet");
    const rowsIn = Array.from({ length: 8 }, (_, i) => [`S${i + 1}`, i === 4 ? "" : `${i + 1}.50`]);
    await writeParquet(path, ["sku", "price"], rowsIn, { rowGroupRows: 3, types: { price: { decimal: { precision: 9, scale: 2 } } } });
    const { records } = await read(path);
    // A DECIMAL(9,2)'s 1.50 is the number 1.5.
    expect(records.map((r) => [r.line, ...r.cells])).toStrictEqual(
      rowsIn.map((row, i) => [i + 1, row[0], row[1] === "" ? undefined : row[1]!.slice(0, -1)]),
    );
    const empty = join(folder(), "e.parquet");
    await writeParquet(empty, ["sku", "price"], []);
    expect(await read(empty)).toStrictEqual({ columns: ["sku", "price"], records: [] });
  });

  it("decompress every codec DuckDB writes to the same records", async () => {
    const expected = [
      { line: 1, cells: ["A1", "web", "1.99"] },
      { line: 2, cells: ["A1", "store", "2.49"] },
    ];
    for (const codec of ["uncompressed", "snappy", "gzip", "zstd", "brotli", "lz4"]) {
      expect((await read(fixture(`codec-${codec}.parquet`))).records, codec).toStrictEqual(expected);
    }
  });

  it("read a gzip-wrapped .parquet.gz from memory to the same records as the plain file", async () => {
    const plain = await read(fixture("row-groups.parquet"));
    expect(formatOfPath("feeds/p.parquet.gz").name).toBe("parquet");
    expect(await read(gzipSync(fixture("row-groups.parquet")), "p.parquet.gz")).toStrictEqual(plain);
  });
});

describe("Parquet files that cannot be read (docs/bad-input.md, Q)", () => {
  it("Q01 a CSV named .parquet, binary garbage, an empty file: not Parquet", async () => {
    expect(await refusal(new TextEncoder().encode("sku,channel,price\nA,web,1.00\n"))).toBe(
      'not a Parquet file: it does not start with the magic bytes PAR1 (it starts with "sku,chan"); if it is another format, set the feed\'s "format" or name the file by its format',
    );
    expect(await refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe(
      'not a Parquet file: it does not start with the magic bytes PAR1 (it starts with "\u0089PNG\\r\\n\\u001a\\n"); if it is another format, set the feed\'s "format" or name the file by its format',
    );
    expect(await refusal(new Uint8Array(0))).toBe("the file is empty: a Parquet file starts and ends with the magic bytes PAR1");
  });

  it("Q02 a file cut short: its footer is missing", async () => {
    const whole = fixture("codec-snappy.parquet");
    const cut =
      "the Parquet file is cut short: it starts with PAR1 but does not end with it, so its footer (the schema, and where the rows lie) is missing; copy or write the file again in full";
    expect(await refusal(whole.subarray(0, whole.length - 1))).toBe(cut);
    expect(await refusal(whole.subarray(0, 100))).toBe(cut);
    expect(await refusal(whole.subarray(0, 4))).toBe(cut);
  });

  it("Q03 a footer whose length or metadata is corrupt", async () => {
    const whole = fixture("codec-snappy.parquet");
    const length = new DataView(whole.buffer).getUint32(whole.length - 8, true);
    const long = whole.slice();
    new DataView(long.buffer).setUint32(whole.length - 8, whole.length, true);
    expect(await refusal(long)).toBe(
      `the Parquet metadata is corrupt (the footer gives its length as ${whole.length} bytes, more than the file's ${whole.length - 12} bytes between its magic bytes); copy or write the file again`,
    );
    const garbled = whole.slice();
    garbled.fill(0xff, whole.length - 8 - length, whole.length - 8);
    expect(await refusal(garbled)).toMatch(/^the Parquet metadata is corrupt \(.+\); copy or write the file again$/);
    expect(await refusal(whole, { ...PARQUET_BOUNDS, metadataBytes: 100 })).toBe(
      `the Parquet metadata is corrupt (the footer gives its length as ${length} bytes, more than the 100 pricelint reads); copy or write the file again`,
    );
  });

  it("Q04 a corrupt compressed page: the row group and the column, and nothing of the file is read", async () => {
    const gzip = fixture("codec-gzip.parquet");
    // The first GZIP page (the sku column's) starts with the gzip magic 1F 8B 08; break it.
    const at = Buffer.from(gzip).indexOf(Buffer.from([0x1f, 0x8b, 0x08]), 4);
    const broken = gzip.slice();
    broken[at] = 0;
    broken[at + 1] = 0;
    expect(await refusal(broken)).toMatch(
      /^row group 1 of 1 \(rows 1–2\), column "sku": the data is corrupt or cannot be decoded \(.+\); copy or write the file again$/,
    );
  });

  it("Q15 a page whose runs or counts go past its values (an RLE run of 2^30 values in 5 bytes): refused before it is decoded, naming the row group and the column", async () => {
    const corrupt = (group: string, why: string) =>
      `row group 1 of 1 (${group}: the data is corrupt or cannot be decoded (${why}); copy or write the file again`;
    // DuckDB's pages (version 1): sku's starts with its definition levels, 2 bytes long (02 00 00 00),
    // one RLE run: its header 04 (2 values, shifted left by one bit), its value 01.
    const duck = fixture("codec-uncompressed.parquet");
    const levels = dataPageAt(duck, "sku");
    expect([...duck.subarray(levels, levels + 6)]).toStrictEqual([2, 0, 0, 0, 4, 1]);
    const long = duck.slice();
    long[levels + 4] = 0x7e; // 63 values
    expect(await refusal(long)).toBe(
      corrupt('rows 1–2), column "sku"', "page 1: its definition levels hold a run of 63 values, where 2 are left"),
    );

    // hyparquet-writer's pages (version 2): channel's dictionary page, then a data page whose values are
    // the indices' width (02) and one bit-packed run of 5 groups of 8 (0b), 10 bytes.
    const written = (codec: "UNCOMPRESSED" | "GZIP", values = (page: Uint8Array) => page) =>
      parquetBytes({ columnData: [{ name: "channel", data: CHANNELS }], codec, compressors: { GZIP: (page) => gzipSync(values(page)) } });
    const plain = written("UNCOMPRESSED");
    const indices = dataPageAt(plain, "channel");
    expect([...plain.subarray(indices, indices + 2)]).toStrictEqual([2, 0x0b]);
    // FE FF FF FF 07 is 2^31 - 2: an RLE run of 2^30 - 1 values, which the decoder wrote into an array
    // grown to hold them (the process died: a V8 fatal error, or out of memory).
    const rle = plain.slice();
    rle.set([0xfe, 0xff, 0xff, 0xff, 0x07], indices + 1);
    const tooLong = corrupt(
      'rows 1–40), column "channel"',
      "page 2: its dictionary indices hold a run of 1073741823 values, where 40 are left",
    );
    expect(await refusal(rle)).toBe(tooLong);
    expect(await refusal(rle, PARQUET_BOUNDS, true)).toBe(tooLong);
    // The same run in a compressed page is found in the page as decompressed.
    const gzip = written("GZIP", (page) =>
      page[0] === 2 && page[1] === 0x0b ? Uint8Array.of(2, 0xfe, 0xff, 0xff, 0xff, 0x07, ...page.subarray(6)) : page,
    );
    expect(await refusal(gzip)).toBe(tooLong);
    // Unchanged, the same bytes read as written.
    for (const bytes of [plain, written("GZIP")]) expect((await rows(bytes)).map((r) => r["channel"])).toStrictEqual(CHANNELS);

    // Definition levels (uncompressed in a page of version 2) whose runs end before the page's values:
    // the decoder would read on into the values. sale_price's 40 levels, 1 bit each: a bit-packed run
    // of 5 groups (0b), then 5 bytes; with 1 group (03), the next bytes make no whole run header.
    const sales = parquetBytes({
      columnData: [{ name: "sale_price", data: CHANNELS.map((_, i) => (i % 4 === 0 ? null : "9.00")) }],
      codec: "UNCOMPRESSED",
    });
    const definitions = dataPageAt(sales, "sale_price");
    expect(sales[definitions]).toBe(0x0b);
    const short = sales.slice();
    short[definitions] = 0x03;
    expect(await refusal(short)).toBe(
      corrupt('rows 1–40), column "sale_price"', "page 2: its definition levels end after 8 of its 40 values"),
    );

    // Pages that hold more bytes uncompressed than the footer says (it was checked, and said less):
    // refused before the page that holds too many is decompressed. channel's dictionary page holds
    // 23 bytes, its data page 12.
    const meta = chunkMeta(plain, "channel");
    const start = Number(meta.dictionary_page_offset);
    const chunk = {
      name: "channel",
      start,
      end: start + Number(meta.total_compressed_size),
      type: meta.type,
      codec: meta.codec,
      maxDefinition: 0,
      maxRepetition: 0,
      flat: true,
      rows: 40,
    };
    const reading = {
      header: parquetHeader,
      decompress: () => {
        throw new Error("not decompressed");
      },
    };
    // A chunk the decoder would read in parts is read whole to be checked, before any part is given.
    const file = new CheckedFile({ byteLength: rle.length, slice: (from, to) => rle.slice(from, to).buffer }, parquetHeader, {});
    file.expect([chunk], PARQUET_BOUNDS.rowGroupBytes);
    await expect(file.slice(chunk.start + 30, chunk.end)).rejects.toThrow("page 2: its dictionary indices hold a run of 1073741823 values");
    const bytes = plain.subarray(chunk.start, chunk.end);
    expect(checkChunk(bytes, chunk, reading, 0, 35)).toBe(35);
    expect(() => checkChunk(bytes, chunk, reading, 0, 34)).toThrow(
      "page 2: with its 12 bytes uncompressed, the row group's pages hold more than 34",
    );
  });

  it("Q16 a dictionary index past the end of the dictionary: refused as corrupt, naming the row, never read as a null", async () => {
    const plain = parquetBytes({ columnData: [{ name: "channel", data: CHANNELS }], codec: "UNCOMPRESSED" });
    // The indices 0, 1, 2, 0 packed 2 bits each from the lowest bits: 24 (00 10 01 00). With 27 (00 10 01 11)
    // row 1's index is 3, and the dictionary holds 3 values (0 to 2).
    const first = dataPageAt(plain, "channel") + 2;
    expect(plain[first]).toBe(0x24);
    const past = plain.slice();
    past[first] = 0x27;
    expect(await refusal(past)).toBe(
      `row group 1 of 1 (rows 1–40), column "channel": the data is corrupt or cannot be decoded (row 1's value is missing from its page: an index past the end of the dictionary, or too few values); copy or write the file again`,
    );
    // In a struct, the row and the column are named.
    const offers = parquetBytes({
      columnData: [{ name: "offer", data: CHANNELS.map((channel) => ({ channel })) }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "offer", repetition_type: "OPTIONAL", num_children: 1 },
        { name: "channel", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ] as never,
      codec: "UNCOMPRESSED",
    });
    // Its page: 40 definition levels at 2 (an RLE run: 50 02), then the indices as above.
    const at = dataPageAt(offers, "offer.channel");
    expect([...offers.subarray(at, at + 5)]).toStrictEqual([0x50, 0x02, 2, 0x0b, 0x24]);
    const inStruct = offers.slice();
    inStruct[at + 4] = 0x27;
    expect(await refusal(inStruct)).toBe(
      `row group 1 of 1 (rows 1–40), column "offer": the data is corrupt or cannot be decoded (row 1's "offer.channel" is missing from its page: an index past the end of the dictionary, or too few values); copy or write the file again`,
    );
    // A null column, struct, struct field or list, and an empty list, are nulls, never missing values:
    // types.parquet's second and third rows are read above, and so are a list with null in it (Q12)
    // and a list of none (the same rejection as in CSV).
  });

  it("Q05 a codec pricelint cannot decompress (LZO)", async () => {
    expect(await refusal(fixture("lzo.parquet"))).toBe(
      'column "sku" is compressed with LZO, which pricelint cannot read: write the file with SNAPPY, ZSTD, GZIP, BROTLI, LZ4_RAW or no compression',
    );
  });

  it("Q06 a logical type unknown to this version, or one without a text form", async () => {
    expect(await refusal(fixture("unknown-logical-type.parquet"))).toBe(
      'column "x" has a Parquet logical type this version of pricelint does not know (LogicalType field 20): leave it out of the file, or write it with a standard type',
    );
    const float16 = parquetBytes({ columnData: [{ name: "h", data: [1.5], type: "FLOAT16" }] });
    expect(await refusal(float16)).toBe(
      'column "h" has the Parquet type FLOAT16, which pricelint does not read as text: leave it out of the file, or write it as a string',
    );
  });

  it("Q13 a column ignoreColumns lists (as mapped columns are matched: ignoring case) is not read: neither its NaN nor its map refuses anything", async () => {
    const cells = async (file: string, ignoreColumns: string[]) => {
      const out: (readonly (Cell | undefined)[] | string)[] = [];
      for await (const batch of readFeedFile(file, {
        format: formatOfPath(file),
        encoding: "utf-8",
        skipLines: 0,
        limits: DEFAULT_LIMITS,
        ignoreColumns,
      }))
        for (const r of batch.records) out.push(r.problem ? r.problem.reason : r.cells);
      return out;
    };
    // special-floats: sku, weight (NaN, Infinity, -Infinity), ratio (1.5, NaN, 2.5): only ratio is read.
    const floats = await cells(join(FIXTURES, "special-floats.parquet"), ["WEIGHT"]);
    expect(floats.map((r) => (typeof r === "string" ? r : r.filter((c) => c !== undefined)))).toStrictEqual([
      ["A1", "1.5"],
      'column "ratio" holds NaN, which is not a finite number',
      ["A3", "2.5"],
    ]);
    // map.parquet's "attributes" is a map: listed, the file is read.
    const map = await cells(join(FIXTURES, "map.parquet"), ["Attributes"]);
    expect(map.length).toBeGreaterThan(0);
    expect(map.every((r) => typeof r !== "string")).toBe(true);
  });

  it("Q07 a map, a list of structs, a list of lists: refused before any row is read", async () => {
    const cannot =
      "which a feed cannot hold (a cell is a value or a list of values): leave it out of the file, or write its parts as columns of their own";
    expect(await refusal(fixture("map.parquet"))).toBe(`column "attributes" is a map, ${cannot}`);
    expect(await refusal(fixture("list-of-structs.parquet"))).toBe(`column "offers" is a list of structs, ${cannot}`);
    const lists = parquetBytes({
      columnData: [{ name: "grid", data: [[[1], [2, 3]]] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "grid", converted_type: "LIST", repetition_type: "OPTIONAL", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", converted_type: "LIST", repetition_type: "OPTIONAL", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "INT32", repetition_type: "OPTIONAL" },
      ] as never,
    });
    expect(await refusal(lists)).toBe(`column "grid" is a list of lists, ${cannot}`);
  });

  it("Q08 a schema nested deeper than 64 levels, and a struct field named __proto__", async () => {
    // Structs s0 { s1 { … s69 { leaf } } }: 70 levels of groups.
    const depth = 70;
    const schema: unknown[] = [{ name: "root", num_children: 1 }];
    for (let i = 0; i < depth; i++) schema.push({ name: `s${i}`, repetition_type: "REQUIRED", num_children: 1 });
    schema.push({ name: "leaf", type: "INT32", repetition_type: "REQUIRED" });
    let value: unknown = { leaf: 1 };
    for (let i = depth - 1; i >= 1; i--) value = { [`s${i}`]: value };
    const deep = parquetBytes({ columnData: [{ name: "s0", data: [value] }], schema: schema as never });
    expect(await refusal(deep)).toBe("the Parquet schema nests more than 64 levels deep, more than a feed's columns can be");
    const proto = parquetBytes({
      columnData: [{ name: "s", data: [JSON.parse('{"__proto__": "x"}')] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "s", repetition_type: "OPTIONAL", num_children: 1 },
        { name: "__proto__", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ] as never,
    });
    expect(await refusal(proto)).toBe('column "s" has a field named __proto__, which cannot be read: rename it');
  });

  it("Q09 an encrypted file", async () => {
    const encrypted = new Uint8Array([
      ...new TextEncoder().encode("PARE"),
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      0,
      0,
      0,
      0,
      ...new TextEncoder().encode("PARE"),
    ]);
    expect(await refusal(encrypted)).toBe(
      "the Parquet file is encrypted (it starts with PARE), which pricelint cannot read: write it without encryption",
    );
  });

  it("Q10 a row group or in-memory data beyond what is held at once", async () => {
    const file = fixture("row-groups.parquet");
    expect(await refusal(file, { ...PARQUET_BOUNDS, rowGroupBytes: 1000 })).toMatch(
      /^row group 1 of 3 holds \d+ bytes of uncompressed data, more than the 1000 pricelint reads at once: write the file with smaller row groups \(e\.g\. 100 000 rows\)$/,
    );
    expect(await refusal(file, { ...PARQUET_BOUNDS, memoryBytes: 1000 }, true)).toBe(
      "the Parquet data is read into memory (it is gzip-compressed, or comes from standard input), and it is larger than 1000 bytes: save it as a plain .parquet file, which is read one row group at a time",
    );
  });

  it("Q11 through check(): the io error names the feed as the config writes it, and a missing file says so", async () => {
    const dir = folder();
    writeFileSync(join(dir, "p.parquet"), "sku,channel,price\nA,web,1.00\n");
    const configOf = (path: string) => {
      writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path }] }));
      return loadConfig(join(dir, "c.json"));
    };
    const error = await failure(check(await configOf("p.parquet"), { at: AT }));
    expect([error.code, error.file]).toStrictEqual(["io", "p.parquet"]);
    expect(error.message).toMatch(/^p\.parquet: not a Parquet file: it does not start with the magic bytes PAR1/);
    const missing = await failure(check(await configOf("none.parquet"), { at: AT }));
    expect([missing.code, missing.message]).toStrictEqual(["io", "none.parquet: file not found"]);
  });
});

describe("damaged Parquet files", () => {
  it("are read whole or refused with an io error, never another exception, whatever bytes are flipped or cut", async () => {
    // A fixed pseudo-random sequence (a linear congruential generator): the same cases on every run.
    let seed = 20261120;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let refused = 0;
    for (const name of ["types.parquet", "codec-gzip.parquet", "codec-zstd.parquet", "row-groups.parquet", "int96.parquet"]) {
      const whole = fixture(name);
      for (let i = 0; i < 60; i++) {
        const bytes = whole.slice(0, i % 5 === 0 ? 8 + next(whole.length - 8) : whole.length);
        for (let flips = 1 + next(4); flips > 0; flips--) bytes[next(bytes.length)] = next(256);
        const outcome = await read(bytes).then(
          () => null,
          (error: unknown) => error,
        );
        if (outcome === null) continue;
        expect(outcome, `${name}, case ${i}`).toBeInstanceOf(PricelintError);
        expect((outcome as PricelintError).code).toBe("io");
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe("a Parquet feed through check()", () => {
  /** The JSON report of one prices feed `name` holding `bytes`, in a folder of its own. */
  async function reportOf(name: string, bytes: Uint8Array | string): Promise<unknown> {
    const dir = folder();
    writeFileSync(join(dir, name), bytes);
    const config = { currency: "EUR", timezone: "Europe/Rome", feeds: [{ kind: "prices", path: name }], rules: ["all"] };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    // A CSV row's line counts the header; a Parquet row's is its row number.
    const text = formatJson(await check(await loadConfig(join(dir, "c.json")), { at: AT })).replaceAll(name, "FEED");
    const lines = name.endsWith(".csv")
      ? text.replace(/("line": |FEED:)(\d+)/g, (_, at: string, n: string) => `${at}${Number(n) - 1}`)
      : text;
    const json = JSON.parse(lines) as {
      findings: { id: string; rule: string }[];
    };
    // A rejected row's id hashes its file's name; so do the config's digest (run) and the findings' (digest).
    return {
      ...json,
      run: null,
      digest: null,
      findings: json.findings.map((f) => (f.rule === "feed/invalid-row" ? { ...f, id: "(row)" } : f)),
    };
  }

  it("gives the same findings as the same rows in CSV: DECIMAL prices, a DOUBLE reference price, a local sale window", async () => {
    const header = ["sku", "channel", "location", "currency", "price", "sale_price", "reference_price", "sale_start", "sale_end"];
    const data = [
      ["A1", "web", "", "EUR", "10.00", "8.00", "12.5", "2026-11-01T00:00:00", "2026-11-30T00:00:00"],
      ["A1", "store", "MI01", "EUR", "10.50", "", "", "", ""],
      ["B2", "web", "", "EUR", "5.00", "5.00", "4.99", "", ""],
      ["B2", "app", "", "EUR", "5.01", "", "", "", ""],
      ["C3", "web", "", "XYZ", "1.00", "", "", "", ""],
      ["D4", "web", "", "EUR", "0.00", "", "0.1", "", ""],
    ];
    const csv = [header, ...data].map((r) => r.join(",")).join("\n") + "\n";
    const path = join(folder(), "p.parquet");
    await writeParquet(path, header, data, {
      rowGroupRows: 4,
      types: {
        price: { decimal: { precision: 18, scale: 2 } },
        sale_price: { decimal: { precision: 9, scale: 2 } },
        reference_price: "double",
        sale_start: { timestamp: "MICROS", utc: false },
        sale_end: { timestamp: "MILLIS", utc: false },
      },
    });
    const fromCsv = await reportOf("p.csv", csv);
    const fromParquet = await reportOf("p.parquet", readFileSync(path));
    expect(fromParquet).toStrictEqual(fromCsv);
    const summary = (fromCsv as { summary: { rows: unknown } }).summary.rows;
    // C3's currency XYZ is rejected in both; the others are read.
    expect(summary).toStrictEqual({ read: 6, accepted: 5, rejected: 1 });
    const rules = new Set((fromCsv as { findings: { rule: string }[] }).findings.map((f) => f.rule));
    expect([...rules]).toEqual(
      expect.arrayContaining(["feed/invalid-row", "price/sale-not-below-regular", "channel/app-differs-from-web"]),
    );
  });

  it("Q14 a DECIMAL(10,4) unit price of 3.9900 is the declared 3.99, not a price declared to four decimals", async () => {
    // 2.99 for 750 ml is 3.98666… per l: declared as 3.99, it is right to its two decimals; judged to four, 3.9867 ≠ 3.9900.
    const header = ["sku", "channel", "currency", "price", "unit_price"];
    const data = [["U1", "web", "EUR", "2.9900", "3.9900"]];
    const path = join(folder(), "p.parquet");
    const decimal = { decimal: { precision: 10, scale: 4 } };
    await writeParquet(path, header, data, { types: { price: decimal, unit_price: decimal } });
    const dir = folder();
    writeFileSync(join(dir, "p.parquet"), readFileSync(path));
    writeFileSync(join(dir, "cat.csv"), "sku,size,size_unit\nU1,750,ml\n");
    const feeds = [
      { kind: "catalogue", path: "cat.csv" },
      { kind: "prices", path: "p.parquet" },
    ];
    writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", timezone: "Europe/Rome", feeds, rules: ["recommended"] }));
    const report = await check(await loadConfig(join(dir, "c.json")), { at: AT });
    expect(report.findings.map((f) => f.message)).toStrictEqual([]);
  });

  it("Q17 feed/unmapped-column names a Parquet column at line 0, its schema's place before row 1, as a CSV file's is at its header's line", async () => {
    const warnings = async (rows: number) => {
      const sku = Array.from({ length: rows }, (_, i) => `A${i + 1}`);
      const bytes = parquetBytes({
        columnData: [
          { name: "sku", data: sku, type: "STRING" },
          { name: "channel", data: sku.map(() => "web"), type: "STRING" },
          { name: "price", data: sku.map(() => "10.00"), type: "STRING" },
          // Null in row 1: the row says nothing of the column.
          { name: "was_price", data: sku.map((_, i) => (i === rows - 1 ? "12.00" : null)), type: "STRING" },
        ],
      });
      const dir = folder();
      writeFileSync(join(dir, "p.parquet"), bytes);
      writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.parquet" }] }));
      const report = await check(await loadConfig(join(dir, "c.json")), { at: AT });
      return report.findings.filter((f) => f.rule === "feed/unmapped-column").map((f) => [f.message, f.sources]);
    };
    const warning = [
      'p.parquet:0:4: column "was_price" is not read, but it looks like reference_price, and this feed reads reference_price from no column: map it under "columns", or list it in "ignoreColumns"',
      [{ file: "p.parquet", line: 0 }],
    ];
    // A file of no rows, and one whose column holds a value in its last row only.
    expect(await warnings(0)).toStrictEqual([warning]);
    expect(await warnings(3)).toStrictEqual([warning]);
  });

  it("refuses a column named like a struct's flattened field twice, as a duplicate header name", async () => {
    const nested = parquetBytes({
      columnData: [
        { name: "sku", data: ["A"] },
        { name: "channel", data: ["web"] },
        { name: "offer.price", data: ["1.00"] },
        { name: "offer", data: [{ price: "2.00" }] },
      ],
      schema: [
        { name: "root", num_children: 4 },
        { name: "sku", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "channel", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "offer.price", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "offer", repetition_type: "REQUIRED", num_children: 1 },
        { name: "price", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      ] as never,
    });
    expect((await read(nested)).columns).toStrictEqual(["sku", "channel", "offer.price", "offer.price"]);
    const dir = folder();
    writeFileSync(join(dir, "p.parquet"), nested);
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.parquet", columns: { price: "offer.price" } }] }),
    );
    const error = await failure(check(await loadConfig(join(dir, "c.json")), { at: AT }));
    expect(error.message).toBe(
      'p.parquet: column "offer.price" appears more than once in the header (columns 3 and 4): rename one, or map the field to the one meant',
    );
  });
});
