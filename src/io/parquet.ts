import { open } from "node:fs/promises";
import type { AsyncBuffer, Compressors, DecodedArray, FileMetaData, RowGroup, SchemaElement, SchemaTree } from "hyparquet";
import { bytesInMemory } from "./bytes-in-memory.js";
import { PricelintError } from "../model/errors.js";
import type { ByteSource } from "./formats/format.js";
import { excerpt, type ReadLimits } from "./limits.js";
import { decodeText, Fault, MAX_SCHEMA_DEPTH, parquetLayout, type ParquetColumn, type ParquetLayout } from "./parquet-columns.js";
import { CheckedFile, type ParquetChunk } from "./parquet-pages.js";
import type { Cell, RawRecord, RecordBatch } from "./record.js";
import { nfc } from "../text/keys.js";
import { ignoredColumns } from "../text/ignored-entries.js";

/** What a Parquet file may make the reader hold at once. */
export interface ParquetBounds {
  /** Bytes of Parquet data read into memory when it cannot be read at offsets (gzip data, standard input). */
  readonly memoryBytes: number;
  /** Uncompressed bytes of one row group (and so of one page), which is held while its rows are read. */
  readonly rowGroupBytes: number;
  /** Bytes of the footer's metadata (the schema, and where each row group lies). */
  readonly metadataBytes: number;
}

export const PARQUET_BOUNDS: ParquetBounds = { memoryBytes: 512 << 20, rowGroupBytes: 512 << 20, metadataBytes: 64 << 20 };
/** Records in one batch: a row group's rows go to the loader in batches of this many. */
const BATCH_ROWS = 8192;
/**
 * The line of the schema, which names the columns: before row 1 (a row's line is its row number),
 * as a CSV file's header comes before its rows. A message about a column as a whole
 * (`feed/unmapped-column`) is at this line, not at a row's.
 */
const SCHEMA_LINE = 0;

const MAGIC = 0x31524150; // "PAR1", little-endian
const ENCRYPTED = 0x45524150; // "PARE": a footer encrypted with Parquet Modular Encryption

/** A Parquet file's bytes by offset, and how to let go of them. */
interface Bytes extends AsyncBuffer {
  close(): Promise<void>;
}

/**
 * Reads a Parquet file into records, one row group at a time: the footer first (its schema gives the
 * columns, see {@link parquetLayout}), then each row group's column chunks. A plain file is read at
 * offsets, so memory holds one row group, never the file; gzip data and standard input are read
 * into memory first, up to {@link ParquetBounds.memoryBytes}. A record's line is its 1-based row in
 * the file, counted across row groups. A file that is not Parquet, cut short or corrupt is a
 * PricelintError ("io") saying what is wrong; a value with no exact text is a problem record.
 */
export async function* readParquet(
  source: ByteSource,
  limits: ReadLimits,
  bounds: ParquetBounds = PARQUET_BOUNDS,
  ignoreColumns: readonly string[] = [],
): AsyncGenerator<RecordBatch> {
  const bytes =
    source.file !== null
      ? await fileBytes(source.file)
      : memoryBytes(
          await bytesInMemory(
            source.chunks,
            bounds.memoryBytes,
            `the Parquet data is read into memory (it is gzip-compressed, or comes from standard input), and it is larger than ${bounds.memoryBytes} bytes: save it as a plain .parquet file, which is read one row group at a time`,
          ),
        );
  try {
    const { parquetMetadata, parquetScan, parquetSchema } = await import("hyparquet");
    const metadata = await readFooter(bytes, parquetMetadata, bounds.metadataBytes);
    const ignored = ignoredInSchema(ignoreColumns, metadata.schema);
    const layout = withinMetadata(() => parquetLayout(metadata.schema, (name) => ignored.size > 0 && ignored.has(nfc(name))));
    const columns = layout.columns.map((c) => c.name);
    const compressors = await decompressors(bounds.rowGroupBytes);
    const tree = withinMetadata(() => parquetSchema({ schema: layout.decodable }));
    const [{ parquetHeader }, levels] = await Promise.all([import("hyparquet/src/column.js"), import("hyparquet/src/schema.js")]);
    // The decoder reads the file through this: each column chunk's pages are checked before it decodes them.
    const file = new CheckedFile(bytes, parquetHeader, compressors);
    // The columns read from each top-level field.
    const read = layout.fields.map((_, i) => layout.columns.filter((c) => c.field === i && !c.ignored));
    let start = 0;
    for (const [index, group] of metadata.row_groups.entries()) {
      const rows = withinMetadata(() => checkGroup(group, index, metadata.row_groups.length, layout, bounds.rowGroupBytes));
      if (rows === 0) continue;
      const where = `row group ${index + 1} of ${metadata.row_groups.length} (rows ${start + 1}–${start + rows})`;
      const decodable = decodableGroup(group);
      file.expect(
        withinMetadata(() => readChunks(decodable, tree, layout, rows, levels)),
        bounds.rowGroupBytes,
      );
      let field = "";
      const data: DecodedArray[] = [];
      try {
        const scan = await parquetScan({
          file,
          // One row group at a time: the column chunks' offsets are the file's, whatever the groups around them.
          metadata: { ...metadata, schema: layout.decodable, row_groups: [decodable], num_rows: BigInt(rows) },
          compressors: file.compressors,
          utf8: false,
          geoparquet: false,
          parsers: { stringFromBytes: decodeText },
        });
        for (const [i, name] of layout.fields.entries()) {
          field = name;
          if (layout.ignoredFields.has(i)) {
            data.push(new Array<undefined>(rows));
            continue;
          }
          const values = await scan.readColumn({ column: field, rowStart: 0, rowEnd: rows });
          if (values.length !== rows) throw new Error(`${values.length} values for ${rows} rows`);
          const missing = missingValue(values, read[i]!);
          if (missing !== null) {
            const which = missing.column.steps.length === 0 ? "value" : `"${excerpt(missing.column.name)}"`;
            throw new Error(
              `row ${start + missing.row + 1}'s ${which} is missing from its page: an index past the end of the dictionary, or too few values`,
            );
          }
          data.push(values);
        }
      } catch (error) {
        throw corruptData(field === "" ? where : `${where}, column "${excerpt(field)}"`, error);
      }
      for (let from = 0; from < rows; from += BATCH_ROWS) {
        let batch: RawRecord[];
        try {
          batch = records(layout.columns, data, from, Math.min(rows, from + BATCH_ROWS), start, limits);
        } catch (error) {
          // Values of another shape than the schema says: a decoder fooled by damaged pages.
          throw corruptData(where, error);
        }
        yield { columns, headerLine: SCHEMA_LINE, records: batch };
      }
      start += rows;
    }
    // A file without rows still has its columns: the loader checks the mapping against them.
    if (start === 0) yield { columns, headerLine: SCHEMA_LINE, records: [] };
  } finally {
    await bytes.close();
  }
}

/**
 * The columns of the schema that `ignoreColumns` names, in NFC, matched as row readers match them
 * (see {@link ignoredColumns}) against every name a column goes by, a nested one by its path
 * (`offer.price`); an entry two columns could each be is a config error.
 */
function ignoredInSchema(entries: readonly string[], schema: readonly SchemaElement[]): ReadonlyMap<string, string> {
  if (entries.length === 0) return new Map();
  const ignored = ignoredColumns(entries, schemaNames(schema));
  if ("problem" in ignored) throw new PricelintError("config", ignored.problem);
  return ignored.named;
}

/**
 * The name of each element of the flat schema but its root, a nested one by its path: the names
 * the layout gives columns. The schema is checked by the layout, not here: a name this cannot
 * make (an element past its groups, a group deeper than any the layout takes) ends the list.
 */
function schemaNames(schema: readonly SchemaElement[]): string[] {
  const names: string[] = [];
  // Open groups: the prefix of their fields' names, and how many fields each still expects.
  const open = [{ prefix: "", left: schema[0]?.num_children ?? 0 }];
  for (const element of schema.slice(1)) {
    while (open.length > 0 && open[open.length - 1]!.left === 0) open.pop();
    const parent = open[open.length - 1];
    if (parent === undefined) break;
    parent.left--;
    const name = `${parent.prefix}${element.name}`;
    names.push(name);
    const fields = element.num_children ?? 0;
    if (fields === 0) continue;
    if (open.length >= MAX_SCHEMA_DEPTH) break;
    open.push({ prefix: `${name}.`, left: fields });
  }
  return names;
}

/** Rows [from, to) of a row group that starts at row `start` of the file, as records. */
function records(
  columns: readonly ParquetColumn[],
  data: readonly DecodedArray[],
  from: number,
  to: number,
  start: number,
  limits: ReadLimits,
): RawRecord[] {
  const out: RawRecord[] = [];
  for (let row = from; row < to; row++) {
    const line = start + row + 1;
    const cells: Cell[] = new Array<Cell>(columns.length);
    let problem: RawRecord["problem"];
    let chars = 0;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      if (column.ignored) continue;
      const value = held(data[column.field]![row], column.steps);
      if (value === null || value === undefined) continue;
      let cell: Cell | Fault;
      if (column.list) {
        const items: string[] = [];
        cell = items;
        for (const item of value as readonly unknown[]) {
          const text =
            item === null || item === undefined ? new Fault("unsupported_value", "holds a list with null in it") : column.text(item);
          if (text instanceof Fault) {
            cell = text;
            break;
          }
          items.push(text);
          chars += text.length;
        }
      } else {
        cell = column.text(value);
        if (typeof cell === "string") chars += cell.length;
      }
      if (cell instanceof Fault) problem ??= { code: cell.code, reason: `column "${excerpt(column.name)}" ${cell.holds}`, column: c + 1 };
      else cells[c] = cell;
    }
    if (chars > limits.recordChars) {
      problem = {
        code: "record_too_long",
        reason: `the row is longer than ${limits.recordChars} characters, the limit of one record`,
        column: null,
      };
      out.push({ line, cells: [], problem });
    } else out.push(problem ? { line, cells, problem } : { line, cells });
  }
  return out;
}

/**
 * The value at a path of struct field names: null when a struct on the way is null, undefined when
 * the decoder gave none.
 */
function held(value: unknown, steps: readonly string[]): unknown {
  for (const step of steps) {
    if (value === null) return null;
    if (typeof value !== "object" || value === undefined || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/**
 * The first row of a field's decoded values in which one of `columns` (read from it) holds
 * undefined, or an item of a list that is undefined, with that column. The decoder gives null for
 * every null, whatever its nesting (a column, a struct, a struct's field, a list, an item), so
 * undefined is a value the page does not hold: a dictionary index past the end of the dictionary
 * (the decoder looks it up without checking), or fewer values than the definition levels count.
 */
function missingValue(values: DecodedArray, columns: readonly ParquetColumn[]): { row: number; column: ParquetColumn } | null {
  // A typed array holds numbers only; a column of plain values is searched at once, as fast as it can be.
  if (!Array.isArray(values)) return null;
  if (columns.every((c) => c.steps.length === 0 && !c.list) && !values.includes(undefined)) return null;
  for (let row = 0; row < values.length; row++) {
    for (const column of columns) {
      const value = held(values[row], column.steps);
      if (value === undefined || (column.list && Array.isArray(value) && value.includes(undefined))) return { row, column };
    }
  }
  return null;
}

/** A row group's rows, once its size, its column chunks and their codecs are known to be readable. */
function checkGroup(group: RowGroup, index: number, count: number, layout: ParquetLayout, maxBytes: number): number {
  const which = `row group ${index + 1} of ${count}`;
  const rows = Number(group.num_rows);
  if (!Number.isSafeInteger(rows) || rows < 0 || group.columns.length !== layout.leaves) {
    throw corruptMetadata(`${which} has ${group.columns.length} column chunks for ${layout.leaves} columns, and ${group.num_rows} rows`);
  }
  let size = 0;
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (meta === undefined) throw corruptMetadata(`${which} has a column chunk without metadata`);
    const name = meta.path_in_schema.join(".");
    if (chunk.file_path !== undefined) {
      throw new PricelintError(
        "io",
        `column "${excerpt(name)}" of ${which} lies in another file (${JSON.stringify(excerpt(chunk.file_path))}), which pricelint does not read: write the feed as one file`,
      );
    }
    if (chunk.crypto_metadata !== undefined || chunk.encrypted_column_metadata !== undefined) {
      throw new PricelintError(
        "io",
        `column "${excerpt(name)}" is encrypted, which pricelint cannot read: write the file without encryption`,
      );
    }
    if (!CODECS.includes(meta.codec)) {
      const codec = meta.codec === undefined ? "a codec Parquet does not define" : meta.codec;
      throw new PricelintError(
        "io",
        `column "${excerpt(name)}" is compressed with ${codec}, which pricelint cannot read: write the file with SNAPPY, ZSTD, GZIP, BROTLI, LZ4_RAW or no compression`,
      );
    }
    size += Number(meta.total_uncompressed_size);
  }
  if (size > maxBytes) {
    throw new PricelintError(
      "io",
      `${which} holds ${size} bytes of uncompressed data, more than the ${maxBytes} pricelint reads at once: write the file with smaller row groups (e.g. 100 000 rows)`,
    );
  }
  return rows;
}

/** A row group as the decoder is to see it: INT96 column chunks read as their 12 bytes each (see {@link ParquetLayout.decodable}). */
function decodableGroup(group: RowGroup): RowGroup {
  if (!group.columns.some((c) => c.meta_data?.type === "INT96")) return group;
  const columns = group.columns.map((c) =>
    c.meta_data?.type === "INT96" ? { ...c, meta_data: { ...c.meta_data, type: "FIXED_LEN_BYTE_ARRAY" as const } } : c,
  );
  return { ...group, columns };
}

/** The decoder's reading of a column's levels from its path in the schema (pages are checked as it reads them). */
type SchemaLevels = typeof import("hyparquet/src/schema.js");

/** The column chunks of a row group the decoder reads (all but those of the fields `ignoreColumns` leaves unread), and what their pages hold. */
function readChunks(group: RowGroup, tree: SchemaTree, layout: ParquetLayout, rows: number, levels: SchemaLevels): ParquetChunk[] {
  const unread = new Set([...layout.ignoredFields].map((i) => layout.fields[i]));
  const chunks: ParquetChunk[] = [];
  for (const { meta_data: meta } of group.columns) {
    if (meta === undefined || unread.has(meta.path_in_schema[0])) continue;
    const path = levels.getTreePath(tree, meta.path_in_schema);
    // Where the decoder starts reading the chunk.
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    chunks.push({
      name: meta.path_in_schema.join("."),
      start,
      end: start + Number(meta.total_compressed_size),
      type: meta.type,
      codec: meta.codec,
      maxDefinition: levels.getMaxDefinitionLevel(path),
      maxRepetition: levels.getMaxRepetitionLevel(path),
      flat: levels.isFlatColumn(path),
      rows,
    });
  }
  return chunks;
}

/** The codecs the decoder has: hyparquet-compressors' (and no compression). */
const CODECS: readonly (string | undefined)[] = ["UNCOMPRESSED", "SNAPPY", "GZIP", "BROTLI", "ZSTD", "LZ4", "LZ4_RAW"];

let loaded: Promise<typeof import("hyparquet-compressors")> | undefined;

/** The page decompressors (loaded once: snappy's WebAssembly is instantiated as they load), each refusing a page larger than a row group may be. */
async function decompressors(maxBytes: number): Promise<Compressors> {
  loaded ??= import("hyparquet-compressors");
  const c = await loaded;
  const guard =
    (decompress: (input: Uint8Array, length: number) => Uint8Array) =>
    (input: Uint8Array, length: number): Uint8Array => {
      if (!(length >= 0 && length <= maxBytes))
        throw new Error(`a page of ${length} bytes uncompressed, more than the ${maxBytes} of a row group`);
      return decompress(input, length);
    };
  return {
    SNAPPY: guard(c.compressors.SNAPPY!),
    GZIP: guard(c.decompressGzip),
    BROTLI: guard(c.decompressBrotli),
    ZSTD: guard((input, length) => c.decompressZstd(input, new Uint8Array(length))),
    LZ4: guard(c.decompressLz4),
    LZ4_RAW: guard(c.decompressLz4Raw),
  };
}

/**
 * The footer: magic bytes at both ends, the metadata's length, and the metadata itself, each
 * checked so that a file that is not Parquet, cut short or damaged says which.
 */
async function readFooter(
  bytes: Bytes,
  parse: (buffer: ArrayBuffer, options: { geoparquet: boolean }) => FileMetaData,
  maxBytes: number,
): Promise<FileMetaData> {
  const size = bytes.byteLength;
  if (size === 0) throw new PricelintError("io", "the file is empty: a Parquet file starts and ends with the magic bytes PAR1");
  const head = new Uint8Array(await bytes.slice(0, Math.min(size, 8)));
  const start = size < 4 ? 0 : new DataView(head.buffer).getUint32(0, true);
  if (start === ENCRYPTED) {
    throw new PricelintError(
      "io",
      "the Parquet file is encrypted (it starts with PARE), which pricelint cannot read: write it without encryption",
    );
  }
  if (start !== MAGIC) {
    const shown = JSON.stringify(String.fromCharCode(...head));
    throw new PricelintError(
      "io",
      `not a Parquet file: it does not start with the magic bytes PAR1 (it starts with ${shown}); if it is another format, set the feed's "format" or name the file by its format`,
    );
  }
  const tail = size >= 12 ? new DataView(await bytes.slice(size - 8, size)) : null;
  if (tail?.getUint32(4, true) === ENCRYPTED) {
    throw new PricelintError(
      "io",
      "the Parquet file is cut short or damaged: it starts with PAR1 but ends with PARE, the mark of an encrypted file; copy or write the file again",
    );
  }
  if (tail === null || tail.getUint32(4, true) !== MAGIC) {
    throw new PricelintError(
      "io",
      "the Parquet file is cut short: it starts with PAR1 but does not end with it, so its footer (the schema, and where the rows lie) is missing; copy or write the file again in full",
    );
  }
  const length = tail.getUint32(0, true);
  if (length > size - 12) {
    throw corruptMetadata(
      `the footer gives its length as ${length} bytes, more than the file's ${size - 12} bytes between its magic bytes`,
    );
  }
  if (length > maxBytes) {
    throw corruptMetadata(`the footer gives its length as ${length} bytes, more than the ${maxBytes} pricelint reads`);
  }
  const footer = await bytes.slice(size - 8 - length, size);
  try {
    return parse(footer, { geoparquet: false });
  } catch (error) {
    throw corruptMetadata(detail(error), error);
  }
}

/** What `read` gives from the metadata; anything else it throws than a PricelintError is the metadata's corruption. */
function withinMetadata<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PricelintError) throw error;
    throw corruptMetadata(detail(error), error);
  }
}

function corruptData(where: string, error: unknown): PricelintError {
  if (error instanceof PricelintError) return error;
  return new PricelintError(
    "io",
    `${where}: the data is corrupt or cannot be decoded (${detail(error)}); copy or write the file again`,
    null,
    {
      cause: error,
    },
  );
}

function corruptMetadata(what: string, cause?: unknown): PricelintError {
  return new PricelintError("io", `the Parquet metadata is corrupt (${what}); copy or write the file again`, null, { cause });
}

/** An error's message as one short line (the decoder's messages start with "parquet "). */
function detail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return excerpt(message.replace(/^parquet /, ""), 120);
}

/** A plain file, read at offsets. */
async function fileBytes(path: string): Promise<Bytes> {
  const handle = await open(path, "r");
  try {
    const size = (await handle.stat()).size;
    return {
      byteLength: size,
      async slice(start: number, end = size): Promise<ArrayBuffer> {
        const buffer = new Uint8Array(end - start);
        for (let done = 0; done < buffer.length;) {
          const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
          if (bytesRead === 0) throw new PricelintError("io", "the file ends early: it got shorter while it was read");
          done += bytesRead;
        }
        return buffer.buffer;
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Bytes already in memory. */
function memoryBytes(data: Uint8Array): Bytes {
  return {
    byteLength: data.length,
    slice: (start: number, end = data.length) => data.slice(start, end).buffer,
    close: async () => {},
  };
}
