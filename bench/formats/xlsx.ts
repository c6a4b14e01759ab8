/**
 * Writes .xlsx workbooks for the benchmark and the tests: a minimal valid workbook of one sheet,
 * streamed row by row into a zip written as it goes (local headers with data descriptors), so a
 * million rows are never held. Cells that look like plain decimal numbers (at most 15 significant
 * digits, no leading zero) are numeric cells; the others are inline strings, or shared strings
 * when asked (then only the distinct strings are held). Empty cells are left out (sparse rows).
 *
 * Also `zipBytes`, a zip archive of given parts in memory (stored or deflated, zip64 if asked),
 * for tests that build a workbook's XML by hand, and a command that zips a folder of parts:
 *
 *     npx tsx bench/formats/xlsx.ts zip fixtures/xlsx/excel-like fixtures/xlsx/excel-like.xlsx
 */
import { open, readdir, readFile, writeFile, type FileHandle } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

export interface XlsxWriteOptions {
  /** Default: `Sheet1`. */
  readonly sheetName?: string;
  /** Text cells as inline strings (the default: nothing held) or in a shared strings table. */
  readonly strings?: "inline" | "shared";
  /** Default: deflate. */
  readonly compression?: "deflate" | "store";
  /** Zip64 records for every entry, as a writer of archives over 4 GiB must. */
  readonly zip64?: boolean;
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A plain decimal number a spreadsheet holds exactly (a double keeps 15 significant digits). */
export function isPlainNumber(text: string): boolean {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return false;
  const digits = text.replace(/[-.]/g, "").replace(/^0+/, "").replace(/0+$/, "");
  return digits.length <= 15;
}

/** Text for an XML element: markup escaped, control characters and carriage returns as OOXML `_xHHHH_` escapes. */
export function xmlText(text: string): string {
  return text
    .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, "_x005F_")
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
    .replace(/[\u0000-\u0008\u000b-\u001f\r]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

function textElement(text: string): string {
  const space = text !== text.trim() || text.includes("\n") ? ' xml:space="preserve"' : "";
  return `<t${space}>${xmlText(text)}</t>`;
}

function attribute(text: string): string {
  return xmlText(text).replace(/"/g, "&quot;");
}

/** A 0-based column's letters (0 → A, 26 → AA). */
export function columnName(column: number): string {
  let out = "";
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** The parts of a one-sheet workbook other than the sheet: content types, relationships, the workbook, styles. */
export function workbookParts(sheetName: string, sharedStrings: boolean): { name: string; data: string }[] {
  const shared = sharedStrings
    ? [
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
        `<Relationship Id="rId3" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`,
      ]
    : ["", ""];
  return [
    {
      name: "[Content_Types].xml",
      data:
        XML_DECL +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        shared[0] +
        "</Types>",
    },
    {
      name: "_rels/.rels",
      data: `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: "xl/workbook.xml",
      data: `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${attribute(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data:
        `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        shared[1] +
        "</Relationships>",
    },
    {
      name: "xl/styles.xml",
      data:
        `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">` +
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        "</styleSheet>",
    },
  ];
}

/** A sheet part's text around its rows: `head + rows + tail`. */
export const SHEET_HEAD = `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>`;
export const SHEET_TAIL = "</sheetData></worksheet>";

/** One row's XML: text cells through `string` (inline, or a shared string's index), numbers as numbers. */
function rowXml(row: number, cells: readonly string[], header: boolean, string: (text: string, ref: string) => string): string {
  let xml = `<row r="${row}">`;
  cells.forEach((cell, c) => {
    if (cell === "") return;
    const ref = `${columnName(c)}${row}`;
    xml += !header && isPlainNumber(cell) ? `<c r="${ref}"><v>${cell}</v></c>` : string(cell, ref);
  });
  return `${xml}</row>`;
}

/**
 * Writes a workbook of one sheet: `header` as row 1, then `rows`, streamed (with inline strings,
 * nothing of the rows is held; with shared strings, their distinct texts are).
 */
export async function writeXlsx(
  path: string,
  header: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  options: XlsxWriteOptions = {},
): Promise<void> {
  const shared = options.strings === "shared";
  const table = new Map<string, number>();
  const inline = (text: string, ref: string) => `<c r="${ref}" t="inlineStr"><is>${textElement(text)}</is></c>`;
  const sharedCell = (text: string, ref: string) => {
    let index = table.get(text);
    if (index === undefined) table.set(text, (index = table.size));
    return `<c r="${ref}" t="s"><v>${index}</v></c>`;
  };
  const string = shared ? sharedCell : inline;
  async function* sheet(): AsyncGenerator<string> {
    let xml = SHEET_HEAD + rowXml(1, header, true, string);
    let row = 1;
    for await (const cells of rows) {
      xml += rowXml(++row, cells, false, string);
      if (xml.length >= 1 << 18) {
        yield xml;
        xml = "";
      }
    }
    yield xml + SHEET_TAIL;
  }
  async function* sharedStrings(): AsyncGenerator<string> {
    let xml = `${XML_DECL}<sst xmlns="${MAIN_NS}" uniqueCount="${table.size}">`;
    for (const text of table.keys()) {
      xml += `<si>${textElement(text)}</si>`;
      if (xml.length >= 1 << 18) {
        yield xml;
        xml = "";
      }
    }
    yield `${xml}</sst>`;
  }
  const zip = await ZipWriter.create(path, options.zip64 === true, options.compression !== "store");
  try {
    for (const part of workbookParts(options.sheetName ?? "Sheet1", shared)) await zip.add(part.name, [part.data]);
    await zip.add("xl/worksheets/sheet1.xml", sheet());
    if (shared) await zip.add("xl/sharedStrings.xml", sharedStrings());
    await zip.finish();
  } finally {
    await zip.close();
  }
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const DESCRIPTOR = 0x08074b50;
const END = 0x06054b50;
const END64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;
const UTF8_NAMES = 0x0800;
const HAS_DESCRIPTOR = 0x0008;
/** 1980-01-01 00:00, the first date a zip can hold: the output depends on its input alone. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX32 = 0xffffffff;

interface EntryRecord {
  readonly name: Buffer;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

function zip64Extra(values: readonly number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return extra;
}

function localHeader(e: Omit<EntryRecord, "offset">, zip64: boolean): Buffer {
  const extra = zip64 ? zip64Extra([e.size, e.compressedSize]) : Buffer.alloc(0);
  const head = Buffer.alloc(30);
  head.writeUInt32LE(LOCAL, 0);
  head.writeUInt16LE(zip64 ? 45 : 20, 4);
  head.writeUInt16LE(e.flags, 6);
  head.writeUInt16LE(e.method, 8);
  head.writeUInt16LE(0, 10);
  head.writeUInt16LE(DOS_DATE, 12);
  head.writeUInt32LE(e.crc >>> 0, 14);
  head.writeUInt32LE(zip64 ? MAX32 : e.compressedSize, 18);
  head.writeUInt32LE(zip64 ? MAX32 : e.size, 22);
  head.writeUInt16LE(e.name.length, 26);
  head.writeUInt16LE(extra.length, 28);
  return Buffer.concat([head, e.name, extra]);
}

function centralHeader(e: EntryRecord, zip64: boolean): Buffer {
  const extra = zip64 ? zip64Extra([e.size, e.compressedSize, e.offset]) : Buffer.alloc(0);
  const head = Buffer.alloc(46);
  head.writeUInt32LE(CENTRAL, 0);
  head.writeUInt16LE(zip64 ? 45 : 20, 4);
  head.writeUInt16LE(zip64 ? 45 : 20, 6);
  head.writeUInt16LE(e.flags, 8);
  head.writeUInt16LE(e.method, 10);
  head.writeUInt16LE(0, 12);
  head.writeUInt16LE(DOS_DATE, 14);
  head.writeUInt32LE(e.crc >>> 0, 16);
  head.writeUInt32LE(zip64 ? MAX32 : e.compressedSize, 20);
  head.writeUInt32LE(zip64 ? MAX32 : e.size, 24);
  head.writeUInt16LE(e.name.length, 28);
  head.writeUInt16LE(extra.length, 30);
  head.writeUInt32LE(zip64 ? MAX32 : e.offset, 42);
  return Buffer.concat([head, e.name, extra]);
}

function endRecords(count: number, directoryOffset: number, directorySize: number, zip64: boolean): Buffer {
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(END64, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(LOCATOR64, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  } else if (directoryOffset + directorySize > MAX32 || count > 0xffff) {
    throw new RangeError("the archive needs zip64 records: write it with { zip64: true }");
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(zip64 ? MAX32 : directorySize, 12);
  end.writeUInt32LE(zip64 ? MAX32 : directoryOffset, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** A zip written to a file as it goes: each entry's local header, its data, then a data descriptor. */
class ZipWriter {
  private position = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly entries: EntryRecord[] = [];

  private constructor(
    private readonly file: FileHandle,
    private readonly zip64: boolean,
    private readonly deflate: boolean,
  ) {}

  static async create(path: string, zip64: boolean, deflate: boolean): Promise<ZipWriter> {
    return new ZipWriter(await open(path, "w"), zip64, deflate);
  }

  private async write(bytes: Buffer): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.position += bytes.length;
    if (this.pendingBytes >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    await this.file.write(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  async add(name: string, texts: AsyncIterable<string> | Iterable<string>): Promise<void> {
    const nameBytes = Buffer.from(name, "utf8");
    const offset = this.position;
    const flags = UTF8_NAMES | HAS_DESCRIPTOR;
    const method = this.deflate ? 8 : 0;
    await this.write(localHeader({ name: nameBytes, flags, method, crc: 0, compressedSize: 0, size: 0 }, this.zip64));
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    async function* bytes(): AsyncGenerator<Buffer> {
      for await (const text of texts) {
        const chunk = Buffer.from(text, "utf8");
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    }
    const sink = async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        compressedSize += chunk.length;
        await this.write(chunk);
      }
    };
    if (this.deflate) await pipeline(bytes(), createDeflateRaw(), sink);
    else await sink(bytes());
    const descriptor = Buffer.alloc(this.zip64 ? 24 : 16);
    descriptor.writeUInt32LE(DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    if (this.zip64) {
      descriptor.writeBigUInt64LE(BigInt(compressedSize), 8);
      descriptor.writeBigUInt64LE(BigInt(size), 16);
    } else {
      if (size > MAX32 || compressedSize > MAX32 || offset > MAX32) throw new RangeError(`${name} needs zip64: write with { zip64: true }`);
      descriptor.writeUInt32LE(compressedSize, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    await this.write(descriptor);
    this.entries.push({ name: nameBytes, flags, method, crc, compressedSize, size, offset });
  }

  async finish(): Promise<void> {
    const directoryOffset = this.position;
    const directory = Buffer.concat(this.entries.map((e) => centralHeader(e, this.zip64)));
    await this.write(directory);
    await this.write(endRecords(this.entries.length, directoryOffset, directory.length, this.zip64));
    await this.flush();
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** One part of an archive built in memory. */
export interface ZipPart {
  readonly name: string;
  readonly data: string | Uint8Array;
  /** Stored rather than deflated. */
  readonly store?: boolean;
}

/** A zip archive of `parts`, in memory, with sizes in the local headers (no data descriptors). */
export function zipBytes(parts: readonly ZipPart[], options: { readonly zip64?: boolean } = {}): Buffer {
  const zip64 = options.zip64 === true;
  const out: Buffer[] = [];
  const entries: EntryRecord[] = [];
  let position = 0;
  for (const part of parts) {
    const data = typeof part.data === "string" ? Buffer.from(part.data, "utf8") : Buffer.from(part.data);
    const body = part.store === true ? data : deflateRawSync(data);
    const entry = {
      name: Buffer.from(part.name, "utf8"),
      flags: UTF8_NAMES,
      method: part.store === true ? 0 : 8,
      crc: crc32(data),
      compressedSize: body.length,
      size: data.length,
      offset: position,
    };
    const head = localHeader(entry, zip64);
    out.push(head, body);
    position += head.length + body.length;
    entries.push(entry);
  }
  const directory = Buffer.concat(entries.map((e) => centralHeader(e, zip64)));
  out.push(directory, endRecords(entries.length, position, directory.length, zip64));
  return Buffer.concat(out);
}

/** A workbook of one sheet, in memory, from the sheet's rows as XML (`<row …>…</row>…`); `extra` parts add to or replace its own. */
export function xlsxBytes(rowsXml: string, extra: readonly ZipPart[] = [], sheetName = "Sheet1"): Buffer {
  const shared = extra.some((p) => p.name === "xl/sharedStrings.xml");
  const sheet = { name: "xl/worksheets/sheet1.xml", data: SHEET_HEAD + rowsXml + SHEET_TAIL };
  return zipBytes([...[...workbookParts(sheetName, shared), sheet].filter((p) => !extra.some((e) => e.name === p.name)), ...extra]);
}

/** The files of a folder of parts, `[Content_Types].xml` first, then by name. */
async function partsOf(dir: string): Promise<ZipPart[]> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  const names = files.map((f) => relative(dir, join(f.parentPath, f.name)).split("\\").join("/"));
  names.sort((a, b) => (a === "[Content_Types].xml" ? -1 : b === "[Content_Types].xml" ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(names.map(async (name) => ({ name, data: await readFile(join(dir, name)) })));
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? "")).href) {
  const [command, dir, out] = process.argv.slice(2);
  if (command !== "zip" || dir === undefined || out === undefined) {
    console.error("usage: npx tsx bench/formats/xlsx.ts zip FOLDER_OF_PARTS OUT.xlsx");
    process.exit(2);
  }
  await writeFile(out, zipBytes(await partsOf(dir)));
}
