/**
 * The xlsx format: a workbook's sheet read into records by the zip reader (src/io/zip.ts) and the
 * sheet reader (src/io/xlsx.ts), cell values as the text they hold, and every class of broken
 * workbook with its exact message (docs/bad-input.md, X01…). Workbooks are written by
 * bench/formats/xlsx.ts or built here from hand-written XML; fixtures/xlsx/excel-like is laid out
 * the way Excel saves a workbook (see fixtures/README.md).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type ConfigInput, type Finding, type Report } from "../src/index.js";
import type { FormatReadOptions } from "../src/io/formats/format.js";
import { formatOfPath } from "../src/io/formats/registry.js";
import { DEFAULT_LIMITS } from "../src/io/limits.js";
import type { RawRecord } from "../src/io/record.js";
import { MAX_WORKBOOK_IN_MEMORY, readXlsx } from "../src/io/xlsx.js";
import type { SharedStringsLimits } from "../src/io/xlsx-workbook.js";
import { formatCodeKind } from "../src/io/xlsx-values.js";
import { plainDecimal } from "../src/io/number-text.js";
import { fileAccess, ZipArchive } from "../src/io/zip.js";
import { PricelintError } from "../src/model/errors.js";
import { ROW_ERROR_CODES } from "../src/model/row-error.js";
import { writeXlsx, xlsxBytes, zipBytes, type ZipPart } from "../bench/formats/xlsx.js";
import { failure } from "./helpers/failure.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const AT = new Date("2026-11-20T12:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "pricelint-xlsx-"));
let saves = 0;

/** Bytes saved in a file of their own; its path. */
function saved(bytes: Uint8Array, name = "w.xlsx"): string {
  const path = join(dir, `${saves++}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

interface Sheet {
  readonly columns: readonly string[];
  readonly records: readonly RawRecord[];
}

async function collect(batches: AsyncIterable<{ columns: readonly string[]; records: readonly RawRecord[] }>): Promise<Sheet> {
  let columns: readonly string[] = [];
  const records: RawRecord[] = [];
  for await (const batch of batches) {
    columns = batch.columns;
    records.push(...batch.records);
  }
  return { columns, records };
}

async function* nothing(): AsyncGenerator<Uint8Array> {}

/** The sheet of a workbook file, read at offsets. */
function readPath(path: string, options: Partial<FormatReadOptions> = {}, shared?: SharedStringsLimits): Promise<Sheet> {
  return collect(readXlsx({ chunks: nothing(), file: path }, { skipLines: 0, limits: DEFAULT_LIMITS, ...options }, shared));
}

/** The sheet of a workbook's bytes, saved as a file and read at offsets. */
function read(bytes: Uint8Array, options: Partial<FormatReadOptions> = {}, shared?: SharedStringsLimits): Promise<Sheet> {
  return readPath(saved(bytes), options, shared);
}

/** The sheet of a workbook's bytes read from memory (as gzip data or standard input are). */
function readInMemory(bytes: Uint8Array, options: Partial<FormatReadOptions> = {}): Promise<Sheet> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += 1000) yield bytes.subarray(at, at + 1000);
  }
  return collect(readXlsx({ chunks: chunks(), file: null }, { skipLines: 0, limits: DEFAULT_LIMITS, ...options }));
}

/** Records as [line, cells], and [line, code, reason, column] for those with a problem. */
function lines(sheet: Sheet): unknown[] {
  return sheet.records.map((r) =>
    r.problem ? [r.line, r.problem.code, r.problem.reason, r.problem.column] : [r.line, Array.from(r.cells, (c) => c ?? null)],
  );
}

// Cells and rows of hand-written sheet XML.
const str = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const num = (ref: string, value: string, style?: number) =>
  `<c r="${ref}"${style === undefined ? "" : ` s="${style}"`}><v>${value}</v></c>`;
const row = (r: number | null, ...cells: string[]) => `<row${r === null ? "" : ` r="${r}"`}>${cells.join("")}</row>`;
const HEADER = row(1, str("A1", "sku"), str("B1", "channel"), str("C1", "price"));

/** A styles part whose cell formats (by index) have these number formats, custom ones given by id. */
function styles(formats: readonly number[], custom: Readonly<Record<number, string>> = {}): ZipPart {
  const codes = Object.entries(custom).map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replaceAll('"', "&quot;")}"/>`);
  return {
    name: "xl/styles.xml",
    data:
      `<styleSheet xmlns="${MAIN}"><numFmts count="${codes.length}">${codes.join("")}</numFmts>` +
      `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
      `<cellXfs count="${formats.length}">${formats.map((id) => `<xf numFmtId="${id}" xfId="0"/>`).join("")}</cellXfs></styleSheet>`,
  };
}

function sharedStrings(...items: string[]): ZipPart {
  return { name: "xl/sharedStrings.xml", data: `<sst xmlns="${MAIN}">${items.map((i) => `<si>${i}</si>`).join("")}</sst>` };
}

/** The config of one prices feed `name` (written beside it) holding `bytes`, checked; its report. */
async function reportOf(name: string, bytes: Uint8Array | string, feed: Record<string, unknown> = {}, at = AT): Promise<Report> {
  const folder = mkdtempSync(join(tmpdir(), "pricelint-xlsx-"));
  writeFileSync(join(folder, name), bytes);
  const config = { currency: "EUR", feeds: [{ kind: "prices", path: name, ...feed }], rules: [] };
  writeFileSync(join(folder, "pricelint.config.json"), JSON.stringify(config));
  return check(await loadConfig(join(folder, "pricelint.config.json")), { at });
}

const messages = (report: Report) => report.findings.map((f: Finding) => f.message);

/** Changes the central directory record of the entry `name` in a zip's bytes (a copy). */
function patchCentral(zip: Buffer, name: string, patch: (view: DataView, at: number) => void): Buffer {
  const out = Buffer.from(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    if (out.toString("utf8", at + 46, at + 46 + length) === name) {
      patch(view, at);
      return out;
    }
  }
  throw new Error(`no entry ${name}`);
}

/** Where the data of entry `name` starts in a zip's bytes. */
function dataStart(zip: Buffer, name: string): number {
  let offset = -1;
  patchCentral(zip, name, (view, at) => (offset = view.getUint32(at + 42, true)));
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  return offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
}

const EXCEL_LIKE = "fixtures/xlsx/excel-like.xlsx";

describe("a workbook laid out as Excel saves it (fixtures/xlsx/excel-like)", () => {
  it("reads the sheet named Prices through the workbook's relationships: shared strings, sparse rows, dates by their style", async () => {
    const sheet = await readPath(EXCEL_LIKE, { sheet: "Prices" });
    expect(sheet.columns).toStrictEqual(["sku", "channel", "location", "price", "sale_price", "sale_start", "sale_end"]);
    // Row 4 is not in the sheet and row 9 has a styled empty cell only: neither is a record.
    // F2 is 46346.5625 in "yyyy-mm-dd hh:mm": 2000-01-01 is serial 36526, 2026-01-01 is 26 years
    // (7 of them leap) later, 36526 + 9497 = 46023, and 20 November is day 304 + 20 of 2026: 46346;
    // 0.5625 of a day is 13:30. G2 is 46353 in the short date format 14: seven days later.
    // SKU-003 is rich text in two runs; D7 is a formula's cached value; E3:G3 are styled but empty.
    // D6 is 21.49 in `#,##0.00\ "EUR"`: read as the sheet shows it, its currency with it (X27).
    expect(lines(sheet)).toStrictEqual([
      [2, ["SKU-001", "web", null, "15.99", "12.5", "2026-11-20T13:30:00", "2026-11-27"]],
      [3, ["SKU-001", "store", "MI01", "15.99", null, null, null]],
      [5, ["SKU-002", "web", null, "19.99", null, null, null]],
      [6, ["SKU-002", "store", "MI01", "21.49 EUR", null, null, null]],
      [7, ["SKU-003", "web", null, "9.9", null, null, null]],
      [8, ["SKU-003", "store", "MI01", "9.9", null, null, null]],
    ]);
  });

  it("reads the first sheet in the workbook's order by default (Notes, whose part is sheet2.xml), phonetic runs left out", async () => {
    const sheet = await readPath(EXCEL_LIKE);
    expect(sheet.columns).toStrictEqual(["Prices for week 47"]);
    expect(lines(sheet)).toStrictEqual([[2, ["Sale prices start at 13:30, New York time"]]]);
  });

  it("is the zip of the parts in fixtures/xlsx/excel-like, each entry as the file", async () => {
    const access = await fileAccess(EXCEL_LIKE);
    try {
      const zip = await ZipArchive.open(access);
      const root = "fixtures/xlsx/excel-like";
      const files = readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => join(f.parentPath, f.name).slice(root.length + 1))
        .sort();
      expect(zip.entries.map((e) => e.name).sort()).toStrictEqual(files);
      for (const entry of zip.entries) {
        const chunks: Uint8Array[] = [];
        for await (const chunk of zip.read(entry)) chunks.push(chunk);
        expect(Buffer.concat(chunks).equals(readFileSync(join(root, entry.name))), entry.name).toBe(true);
      }
    } finally {
      await access.close();
    }
  });
});

describe("cell values, as the text the cell holds", () => {
  it("numbers are the numbers stored (X33: no zeros after the point); an exponent moves the point in the digits, never through a double", async () => {
    const header = row(1, ..."ABCDEFG".split("").map((c) => str(`${c}1`, c.toLowerCase())));
    const values = ["15.99", "1.5E-3", "1E+21", "-2.5e2", "0.30000000000000004", "1.50E1", "123456789012345"];
    const sheet = await read(xlsxBytes(header + row(2, ...values.map((v, i) => num(`${"ABCDEFG"[i]}2`, v)))));
    // Beyond 15 significant digits, as Excel shows the cell (its precision): 0.3. A whole number
    // is as stored, 1E+21 (exact) too; one beyond 2^53 with more digits is refused (X24).
    expect(lines(sheet)).toStrictEqual([[2, ["15.99", "0.0015", "1000000000000000000000", "-250", "0.3", "15", "123456789012345"]]]);
    expect([plainDecimal("-0"), plainDecimal("4.6346E4"), plainDecimal("1e-999"), plainDecimal("12,5"), plainDecimal("")]).toStrictEqual([
      "-0",
      "46346",
      null,
      null,
      null,
    ]);
  });

  it("X22 a number Excel wrote with 17 digits is read as the sheet shows it: 19.99 typed is stored 19.989999999999998", async () => {
    // Excel saves a cell's double with 17 significant digits; it shows (and keeps) 15. So typed
    // 19.99, 8.8 and 68.4, and =1.1*3 cached as 3.3000000000000003, are 19.99, 8.8, 68.4 and 3.3;
    // 12.1878 and 0.000001 have fewer digits and stay as written; 99.999999999999999 rounds up to 100.
    const header = row(1, ..."ABCDEFG".split("").map((c) => str(`${c}1`, c.toLowerCase())));
    const values = [
      "19.989999999999998",
      "8.8000000000000007",
      "68.400000000000006",
      "3.3000000000000003",
      "12.1878",
      "0.000001",
      "99.999999999999999",
    ];
    const sheet = await read(xlsxBytes(header + row(2, ...values.map((v, i) => num(`${"ABCDEFG"[i]}2`, v)))));
    expect(lines(sheet)).toStrictEqual([[2, ["19.99", "8.8", "68.4", "3.3", "12.1878", "0.000001", "100"]]]);
  });

  it("X24 a whole number is read as stored up to 2^53 (a 16-digit sku or GTIN); beyond, the row is refused, never rounded", async () => {
    // 1234567890123456 and 1234567890123459 are two skus a program wrote exactly; read to 15 digits both were 1234567890123460.
    const header = row(1, str("A1", "sku"), str("B1", "price"));
    const values = ["1234567890123456", "1234567890123459", "9007199254740992", "9007199254740993", "1.2345678901234568E+18"];
    const rows = values.map((v, i) => row(i + 2, num(`A${i + 2}`, v), num(`B${i + 2}`, "1")));
    const sheet = await read(xlsxBytes(header + rows.join("")));
    const why = (n: string, cell: string) =>
      `cell ${cell} holds the number ${n}, more digits than a spreadsheet number keeps exactly: store it as text`;
    expect(lines(sheet)).toStrictEqual([
      [2, ["1234567890123456", "1"]],
      [3, ["1234567890123459", "1"]],
      [4, ["9007199254740992", "1"]],
      [5, "invalid_cell", why("9007199254740993", "A5"), 1],
      [6, "invalid_cell", why("1234567890123456800", "A6"), 1],
    ]);
  });

  it("X22 by default reads the first sheet a user sees: a hidden sheet before it is passed over", async () => {
    const sheetXml = (rows: string) =>
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
    const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const head = row(1, str("A1", "sku"), str("B1", "price"));
    const parts: ZipPart[] = [
      {
        name: "xl/workbook.xml",
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Old" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Prices" sheetId="2" r:id="rId9"/></sheets></workbook>`,
      },
      {
        name: "xl/_rels/workbook.xml.rels",
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
      },
      { name: "xl/worksheets/sheet2.xml", data: sheetXml(head + row(2, str("A2", "A"), num("B2", "7.99"))) },
    ];
    const sheet = await read(xlsxBytes(head + row(2, str("A2", "A"), num("B2", "9.99")), parts));
    expect(lines(sheet)).toStrictEqual([[2, ["A", "7.99"]]]);
  });

  it("booleans, formula strings, inline and shared strings (runs joined, escapes decoded), ISO dates", async () => {
    const header = row(1, ..."ABCDEFGH".split("").map((c) => str(`${c}1`, c.toLowerCase())));
    const cells = [
      '<c r="A2" t="b"><v>1</v></c>',
      '<c r="B2" t="b"><v>0</v></c>',
      '<c r="C2" t="str"><f>A1&amp;"x"</f><v>ax</v></c>',
      '<c r="D2" t="inlineStr"><is><r><t>Caf</t></r><r><rPr><b/></rPr><t>fè</t></r><rPh sb="0" eb="1"><t>kafe</t></rPh></is></c>',
      '<c r="E2" t="d"><v>2026-11-20T13:30:00</v></c>',
      '<c r="F2" t="inlineStr"><is><t>a_x000D__x000A_b _x005F_x0041_</t></is></c>',
      '<c r="G2" t="s"><v>1</v></c>',
      '<c r="H2" t="str"><f>""</f><v></v></c>',
    ];
    const sheet = await read(xlsxBytes(header + row(2, ...cells), [sharedStrings("<t>x</t>", "<t>  spaced </t>")]));
    // H2 is a formula whose value is the empty text: an absent cell, as an empty CSV cell is.
    expect(lines(sheet)).toStrictEqual([[2, ["true", "false", "ax", "Caffè", "2026-11-20T13:30:00", "a\r\nb _x0041_", "  spaced ", null]]]);
  });

  it("a number in a date or time format is a local date-time without zone, exact to the second (1900 system)", async () => {
    // Cell formats 0…7: General, 14 (m/d/yyyy), 22 (m/d/yyyy h:mm), 20 (h:mm), yyyy-mm-dd,
    // [Red]0.00 (the d of Red is in brackets), "day "0 (quoted text, shown with the number), [h]:mm:ss (elapsed hours).
    const style = styles([0, 14, 22, 20, 164, 165, 166, 167], { 164: "yyyy-mm-dd", 165: "[Red]0.00", 166: '"day "0', 167: "[h]:mm:ss" });
    const refs = "ABCDEFGHIJK".split("");
    const header = row(1, ...refs.map((c) => str(`${c}1`, c.toLowerCase())));
    const cells: [string, number][] = [
      ["46346", 1], // 2026-11-20 (see the fixture's test), a whole day in a date format
      ["46346", 2], // the same day in a format that shows the time: midnight, said so
      ["46346.563194444447", 2], // 13:31 is 48660 s = 0.56319444… of a day, stored rounded: to the second, 13:31:00
      ["0.5", 3], // a time alone: noon
      ["1", 4], // serial 1 is 1900-01-01
      ["59", 4], // 1900-02-28
      ["61", 4], // 1900-03-01: serial 60 is the 29 February 1900 that never was
      ["46346", 5], // not a date format
      ["3", 6], // not a date format: the text shown, "day 3" (X25)
      ["46346.999999999", 1], // 86399.99991 s rounds to the next midnight: 2026-11-21
      ["4.6346E4", 4], // 46346 written with an exponent
    ];
    const bad = [row(3, num("A3", "60", 1)), row(4, num("A4", "-1", 1)), row(5, num("A5", "2958466", 4)), row(6, num("A6", "0.25", 2))];
    // A time in a date format is hidden by it (0.5625 × 24 h = 13:30): refused (X28).
    bad.push(row(7, num("A7", "46346.5625", 1)));
    // 36 elapsed hours (shown 36:00:00): no instant the sheet shows, refused as a time format hiding a day.
    bad.push(row(8, num("A8", "1.5", 7)));
    const sheet = await read(xlsxBytes(header + row(2, ...cells.map(([v, s], i) => num(`${refs[i]}2`, v, s))) + bad.join(""), [style]));
    expect(lines(sheet)).toStrictEqual([
      [
        2,
        [
          "2026-11-20",
          "2026-11-20T00:00:00",
          "2026-11-20T13:31:00",
          "12:00:00",
          "1900-01-01",
          "1900-02-28",
          "1900-03-01",
          "46346",
          "day 3",
          "2026-11-21",
          "2026-11-20",
        ],
      ],
      [
        3,
        "invalid_cell",
        "cell A3 is formatted as a date, but the date serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug)",
        1,
      ],
      [4, "invalid_cell", "cell A4 is formatted as a date, but the date serial -1 is negative, which no date is", 1],
      [5, "invalid_cell", "cell A5 is formatted as a date, but the date serial 2958466 is after 9999-12-31", 1],
      [6, "invalid_cell", "cell A6 is formatted as a date, but the date serial 0.25 is on 1900-01-00, a day that does not exist", 1],
      [
        7,
        "invalid_cell",
        "cell A7 is formatted as a date, but the date serial 46346.5625 holds a time too (2026-11-20 13:30:00), which the format does not show: show the time in the cell's format, or store the date alone",
        1,
      ],
      [
        8,
        "invalid_cell",
        "cell A8 is formatted as a date, but the date serial 1.5 holds a date too (1900-01-01 12:00:00), which the cell's time format does not show: show the date in the cell's format, or store the time alone",
        1,
      ],
    ]);
  });

  it("in the 1904 date system, serial 0 is 1904-01-01 and every serial is 1462 days behind the 1900 system's", async () => {
    const workbook: ZipPart = {
      name: "xl/workbook.xml",
      data:
        `<workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        '<workbookPr date1904="1"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    };
    const header = row(1, str("A1", "a"), str("B1", "b"), str("C1", "c"));
    const sheet = await read(
      xlsxBytes(header + row(2, num("A2", "0", 1), num("B2", "44884", 1), num("C2", "0.75", 2)), [workbook, styles([0, 14, 22])]),
    );
    // 46346 − 1462 = 44884 is 2026-11-20; 0.75 of day 0 is 18:00 on 1904-01-01.
    expect(lines(sheet)).toStrictEqual([[2, ["1904-01-01", "2026-11-20", "1904-01-01T18:00:00"]]]);
  });

  it("X29 a time format shows a time alone in either date system, and refuses a serial whose day it hides", async () => {
    const workbook1904: ZipPart = {
      name: "xl/workbook.xml",
      data:
        `<workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        '<workbookPr date1904="1"/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    };
    // Formats 0…2: General, 20 (h:mm), 14 (a short date).
    const header = row(1, str("A1", "a"));
    const sheet = (serial: string, style: number) => header + row(2, num("A2", serial, style));
    const read1900 = async (serial: string, style: number) => lines(await read(xlsxBytes(sheet(serial, style), [styles([0, 20, 14])])));
    const read1904 = async (serial: string, style: number) =>
      lines(await read(xlsxBytes(sheet(serial, style), [workbook1904, styles([0, 20, 14])])));
    // 0.375 of a day is 09:00, shown 9:00: a time of day, with no date in either system.
    expect(await read1900("0.375", 1)).toStrictEqual([[2, ["09:00:00"]]]);
    expect(await read1904("0.375", 1)).toStrictEqual([[2, ["09:00:00"]]]);
    // 46346.25 is 06:00 on 2026-11-20 (1900 system), shown 6:00: the day is hidden.
    expect(await read1900("46346.25", 1)).toStrictEqual([
      [
        2,
        "invalid_cell",
        "cell A2 is formatted as a date, but the date serial 46346.25 holds a date too (2026-11-20 06:00:00), which the cell's time format does not show: show the date in the cell's format, or store the time alone",
        1,
      ],
    ]);
    // 9999-12-31 is 2958465 in the 1900 system, 2958465 − 1462 = 2957003 in the 1904 one.
    expect(await read1904("2957003", 2)).toStrictEqual([[2, ["9999-12-31"]]]);
    expect(await read1904("2957004", 2)).toStrictEqual([
      [2, "invalid_cell", "cell A2 is formatted as a date, but the date serial 2957004 is after 9999-12-31", 1],
    ]);
  });

  it("a custom number format is a date when it has d, m, y, h or s outside quotes, brackets and escapes", () => {
    expect(formatCodeKind("yyyy\\-mm\\-dd\\ hh:mm")).toBe("datetime");
    expect(formatCodeKind("d-mmm-yy")).toBe("date");
    expect(formatCodeKind("[$-409]mmmm d, yyyy;@")).toBe("date");
    expect(formatCodeKind("mm:ss")).toBe("time");
    expect(formatCodeKind("h:mm AM/PM")).toBe("time");
    expect(formatCodeKind('#,##0.00\\ "EUR";[Red]\\-#,##0.00\\ "EUR"')).toBe(null);
    expect(formatCodeKind('0" days"')).toBe(null);
    expect(formatCodeKind("0.00E+00")).toBe(null);
    expect(formatCodeKind("General")).toBe(null);
    expect(formatCodeKind("\\d0")).toBe(null);
  });
});

describe("rows and the header", () => {
  const sheet =
    row(1, str("A1", "Price list")) +
    row(3, str("A3", "sku"), str("C3", "price")) +
    row(4, str("A4", "A"), str("B4", "web"), num("C4", "1.00"));

  it("skipLines counts the sheet's rows by number; the header is the first row with a value after them", async () => {
    // Rows 1 and 2 skipped (row 2 is not in the sheet): the header is row 3, whose column B is unnamed.
    const skipped = await read(xlsxBytes(sheet), { skipLines: 2 });
    expect(skipped.columns).toStrictEqual(["sku", "", "price"]);
    expect(lines(skipped)).toStrictEqual([[4, ["A", "web", "1"]]]);
    expect((await read(xlsxBytes(sheet), { skipLines: 1 })).columns).toStrictEqual(["sku", "", "price"]);
    expect((await read(xlsxBytes(sheet), { skipLines: 3 })).columns).toStrictEqual(["A", "web", "1"]);
    // Without skipLines the title is the header, and the rows after it have values right of it.
    expect(lines(await read(xlsxBytes(sheet)))).toStrictEqual([
      [3, "wrong_cell_count", "cell C3 holds a value right of the header's last column (A)", 3],
      [4, "wrong_cell_count", "cell B4 holds a value right of the header's last column (A)", 2],
    ]);
  });

  it("rows and cells without a reference follow the one before; empty rows and empty cells are not records", async () => {
    const rows =
      HEADER +
      row(null, "<c><v>1</v></c>", "<c><v>2</v></c>") + // row 2, cells A and B
      row(4, '<c r="A4" s="0"/>', '<c r="B4" t="inlineStr"><is><t></t></is></c>') + // only empty cells
      '<row r="5"/>' +
      row(6, num("B6", "7")) +
      row(null, num("A7", "8")); // row 7
    expect(lines(await read(xlsxBytes(rows)))).toStrictEqual([
      [2, ["1", "2", null]],
      [6, [null, "7", null]],
      [7, ["8", null, null]],
    ]);
  });

  it("X19 a header without a column the feed needs, or with a name twice, is the config error a CSV header gives", async () => {
    const twice = xlsxBytes(
      row(1, str("A1", "sku"), str("B1", "channel"), str("C1", "price"), str("D1", "price")) + row(2, str("A2", "A")),
    );
    const xlsxError = await failure(reportOf("p.xlsx", twice));
    const csvError = await failure(reportOf("p.csv", "sku,channel,price,price\nA,web,1,1\n"));
    expect(xlsxError.message).toBe(
      'p.xlsx: column "price" appears more than once in the header (columns 3 and 4): rename one, or map the field to the one meant',
    );
    expect(xlsxError.message.slice("p.xlsx".length)).toBe(csvError.message.slice("p.csv".length));
    const missing = await failure(reportOf("p.xlsx", xlsxBytes(row(1, str("A1", "sku"), str("C1", "price")) + row(2, str("A2", "A")))));
    expect([missing.code, missing.message]).toStrictEqual([
      "config",
      'p.xlsx: no column for the required field "channel": map one in "columns" or set it in "constants"; the header has: "sku", "", "price"',
    ]);
  });
});

describe("X: broken workbooks (docs/bad-input.md)", () => {
  const plain = () => xlsxBytes(HEADER + row(2, str("A2", "A"), str("B2", "web"), num("C2", "1.50")));

  it("X01 a CSV named .xlsx is not a zip archive: exit 2, saying so", async () => {
    const error = await failure(reportOf("p.xlsx", "sku,channel,price\nA,web,1.00\n"));
    expect([error.code, error.message]).toStrictEqual([
      "io",
      'p.xlsx: not an .xlsx workbook: the file is not a zip archive (it starts with "sku,channel,price"); if it is a text feed, set the feed\'s "format"',
    ]);
    const binary = await failure(reportOf("p.xlsx", Buffer.from([0, 1, 2, 0xff])));
    expect(binary.message).toBe(
      'p.xlsx: not an .xlsx workbook: the file is not a zip archive (it starts with "\\u0000\\u0001\\u0002ÿ"); if it is a text feed, set the feed\'s "format"',
    );
  });

  it("X02 an empty file", async () => {
    expect((await failure(reportOf("p.xlsx", ""))).message).toBe("p.xlsx: the file is empty: an .xlsx workbook is a zip archive");
  });

  it("X03 a legacy .xls or a password-protected workbook (OLE2, D0 CF 11 E0): save it as .xlsx", async () => {
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await failure(reportOf("p.xlsx", ole2))).message).toBe(
      "p.xlsx: the file is an old Excel workbook (.xls) or a password-protected one (both are OLE2 files, not the zip archive of an .xlsx): open it in Excel and save it as .xlsx, without a password",
    );
  });

  it("X04 a zip archive that is not a workbook (no xl/workbook.xml)", async () => {
    const docx = zipBytes([{ name: "word/document.xml", data: "<document/>" }]);
    expect((await failure(reportOf("p.xlsx", docx))).message).toBe(
      "p.xlsx: the zip archive is not an Excel workbook: it has no xl/workbook.xml (is it a .docx, an .ods or another zip file?); save the sheet as .xlsx",
    );
  });

  it("X05 a truncated workbook: the end of the zip (its central directory) is missing", async () => {
    const whole = plain();
    expect((await failure(reportOf("p.xlsx", whole.subarray(0, Math.floor(whole.length / 2))))).message).toBe(
      "p.xlsx: the zip archive is cut short (its end, the central directory, is missing): the file is truncated; copy or download it again",
    );
  });

  it("X06 corrupt compressed data: a deflate stream that is not one, a CRC-32 that does not match", async () => {
    const corrupt = Buffer.from(plain());
    // A deflate block's first three bits: final, then the type; type 3 does not exist.
    corrupt[dataStart(corrupt, "xl/worksheets/sheet1.xml")] = 0b111;
    expect((await failure(reportOf("p.xlsx", corrupt))).message).toBe(
      "p.xlsx: the zip entry xl/worksheets/sheet1.xml is corrupt: its compressed data is not valid deflate data (invalid block type)",
    );
    const crc = patchCentral(plain(), "xl/workbook.xml", (view, at) => view.setUint32(at + 16, view.getUint32(at + 16, true) ^ 1, true));
    expect((await failure(reportOf("p.xlsx", crc))).message).toBe(
      "p.xlsx: the zip entry xl/workbook.xml is corrupt: its CRC-32 does not match its data",
    );
  });

  it("X07 an entry encrypted by the zip itself", async () => {
    const encrypted = patchCentral(plain(), "xl/worksheets/sheet1.xml", (view, at) =>
      view.setUint16(at + 8, view.getUint16(at + 8, true) | 1, true),
    );
    expect((await failure(reportOf("p.xlsx", encrypted))).message).toBe(
      "p.xlsx: the zip entry xl/worksheets/sheet1.xml is encrypted: save the workbook without a password",
    );
  });

  it("X08 zip bombs: a part declared or inflating beyond its limit, shared strings beyond theirs", async () => {
    const declared = patchCentral(plain(), "xl/styles.xml", (view, at) => view.setUint32(at + 24, 100 << 20, true));
    expect((await failure(reportOf("p.xlsx", declared))).message).toBe(
      "p.xlsx: xl/styles.xml inflates to 104857600 bytes, more than the 67108864 pricelint reads of such a part: a zip bomb, or not a workbook",
    );
    const lying = patchCentral(plain(), "xl/styles.xml", (view, at) => view.setUint32(at + 24, 10, true));
    expect((await failure(reportOf("p.xlsx", lying))).message).toBe(
      "p.xlsx: the zip entry xl/styles.xml inflates to more than the 10 bytes it declares: the archive is corrupt",
    );
    // The shared strings table is held in memory: by count and by characters, within its limits.
    const limits = { chars: 1000, strings: 10 };
    const strings = (items: string[]) => xlsxBytes(HEADER, [sharedStrings(...items)]);
    const many = await failure(read(strings(Array.from({ length: 11 }, () => "<t>x</t>")), {}, limits));
    expect(many.message).toBe(
      "xl/sharedStrings.xml holds more than 10 strings, the most pricelint holds of a workbook's shared strings: a zip bomb, or a workbook too large to read as .xlsx; save the sheet as CSV",
    );
    // One string of 100 000 characters: refused before it is read whole.
    const long = await failure(read(strings([`<t>${"x".repeat(100_000)}</t>`]), {}, limits));
    expect(long.message).toBe(
      "xl/sharedStrings.xml holds more than 1000 characters of text, the most pricelint holds of a workbook's shared strings: a zip bomb, or a workbook too large to read as .xlsx; save the sheet as CSV",
    );
  });

  it("X09 a row longer than the record limit is rejected, its text dropped unread, and the rows after it are read", async () => {
    const huge = xlsxBytes(
      HEADER + row(2, str("A2", "A"), str("B2", "x".repeat(2_000_000))) + row(3, str("A3", "B"), str("B3", "web"), num("C3", "2")),
    );
    const report = await reportOf("p.xlsx", huge);
    expect(messages(report)).toStrictEqual(["p.xlsx:2: the row is longer than 1048576 characters, the limit of one record"]);
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 1, rejected: 1 });
    // With elements in a prefix (x:row), and a shared string that makes the row too long.
    const prefixed =
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>` +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>' +
      `<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>${"y".repeat(200_000)}</x:t></x:is></x:c></x:row\n>` +
      '<x:row r="3"><x:c r="A3" t="s"><x:v>0</x:v></x:c></x:row><x:row r="4"><x:c r="A4"><x:v>4</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="A5"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const parts = [{ name: "xl/worksheets/sheet1.xml", data: prefixed }, sharedStrings(`<t>${"z".repeat(1500)}</t>`)];
    const limits = { ...DEFAULT_LIMITS, recordChars: 1000 };
    expect(lines(await read(xlsxBytes("", parts), { limits }))).toStrictEqual([
      [2, "record_too_long", "the row is longer than 1000 characters, the limit of one record", null],
      [3, "record_too_long", "the row is longer than 1000 characters, the limit of one record", null],
      [4, ["4"]],
      [5, ["5"]],
    ]);
    // A row too long that never ends: the sheet is cut short.
    const unended = xlsxBytes(HEADER + `<row r="2"><c r="A2" t="inlineStr"><is><t>${"y".repeat(200_000)}`);
    expect((await failure(read(unended, { limits }))).message).toBe(
      "xl/worksheets/sheet1.xml ends inside row 2: the workbook is cut short or corrupt",
    );
    // Text outside any row that runs on past the limit: the sheet is not one.
    const outside = xlsxBytes(HEADER + "z".repeat(200_000));
    expect((await failure(read(outside, { limits }))).message).toBe(
      "xl/worksheets/sheet1.xml holds a text or tag longer than 1000 characters outside any row: the workbook is corrupt (or a zip bomb)",
    );
  });

  it("X10 a sheet the workbook does not have: the error lists its sheets", async () => {
    const workbook = readFileSync(EXCEL_LIKE);
    expect((await failure(reportOf("p.xlsx", workbook, { sheet: "Preise" }))).message).toBe(
      'p.xlsx: the workbook has no sheet "Preise" ("sheet"); its sheets: "Notes", "Prices"',
    );
    // Excel's sheet names ignore case.
    expect((await readPath(EXCEL_LIKE, { sheet: "PRICES" })).columns[0]).toBe("sku");
    // A sheet the workbook lists whose part is not in the archive.
    const parts = readdirSync("fixtures/xlsx/excel-like", { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const withoutPrices = zipBytes(
      parts
        .map((f) => join(f.parentPath, f.name))
        .filter((path) => !path.endsWith("sheet1.xml"))
        .map((path) => ({ name: path.slice("fixtures/xlsx/excel-like/".length), data: readFileSync(path) })),
    );
    expect((await failure(read(withoutPrices, { sheet: "Prices" }))).message).toBe(
      'the sheet "Prices" has no part in the archive (xl/worksheets/sheet1.xml is missing): the workbook is corrupt',
    );
  });

  it("X23 cells merged below the header (a location merged down its rows): exit 2, saying to unmerge; merged header cells are its names", async () => {
    const sheet = (rows: string, merges: string) =>
      `<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData><mergeCells count="1">${merges}</mergeCells></worksheet>`;
    const head = row(1, str("A1", "location"), str("B1", "sku"), str("C1", "price"));
    // A2 is MI01 merged over A2:A4: A3 and A4 have no cell, as Excel writes them.
    const body =
      row(2, str("A2", "MI01"), str("B2", "A"), num("C2", "1")) +
      row(3, str("B3", "B"), num("C3", "2")) +
      row(4, str("B4", "C"), num("C4", "3"));
    const merged = xlsxBytes("", [{ name: "xl/worksheets/sheet1.xml", data: sheet(head + body, '<mergeCell ref="A2:A4"/>') }]);
    const feed = { constants: { channel: "store" } };
    expect((await failure(reportOf("m.xlsx", merged, feed))).message).toBe(
      "m.xlsx: the cells A2:A4 are merged: Excel shows the first one's value across them, but the others are empty in the file; unmerge them and fill each cell",
    );
    // A title merged across the row above the header (skipLines), or header cells merged: read.
    const title = row(1, str("A1", "Prices")) + row(2, str("A2", "location"), str("B2", "sku"), str("C2", "price"));
    const rows = row(3, str("A3", "MI01"), str("B3", "A"), num("C3", "1"));
    const titled = xlsxBytes("", [{ name: "xl/worksheets/sheet1.xml", data: sheet(title + rows, '<mergeCell ref="A1:C1"/>') }]);
    expect((await reportOf("t.xlsx", titled, { ...feed, skipLines: 1 })).summary.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("X21 a numeric cell in a key column (a sku of 12.5) is the number as written where the feed's decimal is a comma; amounts still read by that comma", async () => {
    const header = row(1, str("A1", "sku"), str("B1", "channel"), str("C1", "price"));
    const bytes = xlsxBytes(
      [
        header,
        row(2, num("A2", "12.5"), str("B2", "web"), num("C2", "0")),
        row(3, str("A3", "12.5"), str("B3", "app"), str("C3", "0,00")),
      ].join(""),
    );
    const folder = mkdtempSync(join(tmpdir(), "pricelint-xlsx-"));
    writeFileSync(join(folder, "p.xlsx"), bytes);
    const config = {
      currency: "EUR",
      feeds: [{ kind: "prices", path: "p.xlsx", decimal: ",", thousands: "." }],
      rules: ["price/non-positive"],
    };
    writeFileSync(join(folder, "pricelint.config.json"), JSON.stringify(config));
    const report = await check(await loadConfig(join(folder, "pricelint.config.json")), { at: AT });
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    expect(report.findings.map((f) => [f.sku, f.channels[0]])).toStrictEqual([
      ["12.5", "app"],
      ["12.5", "web"],
    ]);
  });

  it("X20 an error cell (#N/A), a formula never computed or a bad cell in a column the feed lists in ignoreColumns: the row is read, the cell not", async () => {
    const header = row(1, str("A1", "sku"), str("B1", "channel"), str("C1", "price"), str("D1", "note"));
    const rows = [
      header,
      row(2, str("A2", "A"), str("B2", "web"), num("C2", "0"), '<c r="D2" t="e"><v>#N/A</v></c>'),
      row(3, str("A3", "B"), str("B3", "web"), num("C3", "0"), '<c r="D3"><f>SUM(A1:A2)</f></c>'),
      row(4, str("A4", "C"), str("B4", "web"), num("C4", "0"), '<c r="D4" t="b"><v>2</v></c>'),
      // An error in a column that is read still rejects its row.
      row(5, str("A5", "D"), str("B5", "web"), '<c r="C5" t="e"><v>#DIV/0!</v></c>', '<c r="D5" t="e"><v>#N/A</v></c>'),
      // A row whose only value is in the ignored column is a row, as in CSV: it has no sku.
      row(6, str("D6", "only a note")),
    ];
    const bytes = xlsxBytes(rows.join(""));
    const ignored = await reportOf("p.xlsx", bytes, { ignoreColumns: ["note"] }, AT);
    expect(ignored.summary.rows).toStrictEqual({ read: 5, accepted: 3, rejected: 2 });
    // In report order: the finding with no sku first.
    expect(messages(ignored)).toStrictEqual(["p.xlsx:6:1 (sku): sku is required", "p.xlsx:5:3 (price): cell C5 holds the error #DIV/0!"]);
    // Not listed: every row is rejected, as X11–X14 say.
    expect((await reportOf("p.xlsx", bytes, {}, AT)).summary.rows).toStrictEqual({ read: 5, accepted: 0, rejected: 5 });
  });

  it("X30 an ignoreColumns entry matches its column as mapped columns are matched: ignoring case, in NFC", async () => {
    // The header writes "Notes" and "Café" (e + U+0301, NFD); the entries "notes" and "café" (NFC).
    const header = row(1, str("A1", "sku"), str("B1", "channel"), str("C1", "price"), str("D1", "Notes"), str("E1", "Cafe\u0301"));
    const rows = [
      header,
      row(2, str("A2", "A"), str("B2", "web"), num("C2", "10"), '<c r="D2" t="e"><v>#N/A</v></c>', '<c r="E2" t="e"><v>#REF!</v></c>'),
    ];
    const bytes = xlsxBytes(rows.join(""));
    const report = await reportOf("p.xlsx", bytes, { ignoreColumns: ["notes", "caf\u00e9"] }, AT);
    expect(report.summary.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(messages(report)).toStrictEqual([]);
  });

  it("X11–X14 cells and rows that are not what they say: each row is rejected naming the cell, and the others are read", async () => {
    const rows = [
      HEADER,
      row(2, str("A2", "A"), str("B2", "web"), '<c r="C2" t="e"><v>#N/A</v></c>'),
      row(3, str("A3", "A"), str("B3", "web"), '<c r="C3"><f>SUM(A1:A2)</f></c>'),
      row(4, str("A4", "A"), str("B4", "web"), '<c r="C4" t="s"><v>9</v></c>'),
      row(5, str("A5", "A"), '<c r="5B"><v>1</v></c>'),
      row(6, str("A6", "A"), num("C6", "1"), num("B6", "2")),
      row(7, num("A8", "1")),
      row(10, str("A10", "A")),
      row(9, str("A9", "A")),
      '<row r="x1"><c><v>1</v></c></row>',
      row(12, str("A12", "A"), str("B12", "web"), num("C12", "12,5")),
      row(13, '<c r="A13" t="b"><v>2</v></c>'),
      row(14, '<c r="A14" t="x"><v>1</v></c>'),
      row(15, str("A15", "A"), str("D15", "extra")),
      row(16, str("A16", "B"), str("B16", "web"), num("C16", "2.50")),
    ];
    const sheet = await read(xlsxBytes(rows.join(""), [sharedStrings("<t>only</t>")]));
    expect(lines(sheet)).toStrictEqual([
      [2, "cell_error", "cell C2 holds the error #N/A", 3],
      [
        3,
        "cell_error",
        "cell C3 holds a formula whose value was never computed: open the workbook in Excel (or recalculate it) and save it",
        3,
      ],
      [4, "invalid_cell", 'cell C4 refers to shared string "9", but the workbook has 1', 3],
      [5, "invalid_cell", 'the cell reference "5B" is malformed', null],
      [6, "invalid_cell", "cell B6 comes after C6: the cells are out of order", 2],
      [7, "invalid_cell", "cell A8 is inside row 7", 1],
      [10, ["A", null, null]],
      [9, "invalid_cell", "row 9 comes after row 10: the rows are out of order", null],
      [11, "invalid_cell", 'the row number "x1" is malformed', null],
      [12, "invalid_cell", 'cell C12 holds "12,5", which is not a number', 3],
      [13, "invalid_cell", 'cell A13 holds "2", which is not a boolean (1 or 0)', 1],
      [14, "invalid_cell", 'cell A14 has the unknown type "x"', 1],
      [15, "wrong_cell_count", "cell D15 holds a value right of the header's last column (C)", 4],
      [16, ["B", "web", "2.5"]],
    ]);
    // Through a check: rows read = accepted + rejected, each rejection a finding naming the cell and its column.
    // Row 10 has no channel and no price, rejected by the feed's mapping as a CSV row would be.
    const report = await reportOf("p.xlsx", xlsxBytes(rows.join(""), [sharedStrings("<t>only</t>")]));
    const line = (message: string) => Number(message.split(":")[1]);
    expect(messages(report).sort((a, b) => line(a) - line(b))).toStrictEqual([
      "p.xlsx:2:3 (price): cell C2 holds the error #N/A",
      "p.xlsx:3:3 (price): cell C3 holds a formula whose value was never computed: open the workbook in Excel (or recalculate it) and save it",
      'p.xlsx:4:3 (price): cell C4 refers to shared string "9", but the workbook has 1',
      'p.xlsx:5: the cell reference "5B" is malformed',
      "p.xlsx:6:2 (channel): cell B6 comes after C6: the cells are out of order",
      "p.xlsx:7:1 (sku): cell A8 is inside row 7",
      "p.xlsx:9: row 9 comes after row 10: the rows are out of order",
      "p.xlsx:10:2 (channel): channel is required",
      'p.xlsx:11: the row number "x1" is malformed',
      'p.xlsx:12:3 (price): cell C12 holds "12,5", which is not a number',
      'p.xlsx:13:1 (sku): cell A13 holds "2", which is not a boolean (1 or 0)',
      'p.xlsx:14:1 (sku): cell A14 has the unknown type "x"',
      "p.xlsx:15:4: cell D15 holds a value right of the header's last column (C)",
    ]);
    expect(report.summary.rows).toStrictEqual({ read: 14, accepted: 1, rejected: 13 });
  });

  it("X15 invalid UTF-8 in a string is a rejected row naming the cell", async () => {
    const strings = Buffer.concat([Buffer.from(`<sst xmlns="${MAIN}"><si><t>caff`), Buffer.from([0xe8]), Buffer.from("</t></si></sst>")]);
    const sheet = await read(xlsxBytes(HEADER + row(2, '<c r="A2" t="s"><v>0</v></c>'), [{ name: "xl/sharedStrings.xml", data: strings }]));
    expect(lines(sheet)).toStrictEqual([
      [
        2,
        "invalid_utf8",
        'invalid UTF-8 in "caff\uFFFD" (shown as \uFFFD): if the file is latin1 or windows-1252, set the feed\'s "encoding"',
        1,
      ],
    ]);
  });

  it("X16 a sheet without a header row: empty, or empty after skipLines", async () => {
    expect((await failure(reportOf("p.xlsx", xlsxBytes('<row r="1"><c r="A1" s="0"/></row>')))).message).toBe(
      'p.xlsx: no header row: the sheet "Sheet1" is empty',
    );
    expect((await failure(reportOf("p.xlsx", plain(), { skipLines: 5 }))).message).toBe(
      'p.xlsx: no header row after skipping 5 row(s) ("skipLines"): the rest of the sheet "Sheet1" is empty',
    );
    const header = await failure(reportOf("p.xlsx", xlsxBytes(row(1, str("A1", "sku"), '<c r="B1" t="e"><v>#REF!</v></c>'))));
    expect(header.message).toBe("p.xlsx: the header (row 1): cell B1 holds the error #REF!");
  });

  it("X17 a workbook read in memory (gzip data, standard input) beyond its limit", async () => {
    const mib = Buffer.alloc(1 << 20);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i <= MAX_WORKBOOK_IN_MEMORY >> 20; i++) yield mib;
    }
    const error = await failure(collect(readXlsx({ chunks: chunks(), file: null }, { skipLines: 0, limits: DEFAULT_LIMITS })));
    expect(error.message).toBe(
      "a workbook given as gzip data or on standard input is read in memory, up to 268435456 bytes, and this one is larger: decompress it to a plain .xlsx file",
    );
  });

  it("X18 sheet XML that is not well-formed, a part in UTF-16", async () => {
    const error = await failure(read(xlsxBytes(HEADER + '<row r="2"><c r="A2"><v>1</v></row>')));
    expect(error.message).toMatch(
      /^xl\/worksheets\/sheet1\.xml is not well-formed XML \(xl\/worksheets\/sheet1\.xml:2:\d+: unexpected close tag\.\): the workbook is corrupt$/,
    );
    const utf16: ZipPart = { name: "xl/workbook.xml", data: Buffer.from(`\uFEFF<workbook xmlns="${MAIN}"/>`, "utf16le") };
    expect((await failure(read(xlsxBytes(HEADER, [utf16])))).message).toBe(
      "xl/workbook.xml is UTF-16 XML: pricelint reads the UTF-8 parts Excel writes; save the workbook in Excel",
    );
  });
});

describe("other containers", () => {
  it("a gzipped workbook (.xlsx.gz) is read in memory and gives the same report as the plain file", async () => {
    const workbook = readFileSync(EXCEL_LIKE);
    expect(formatOfPath("feeds/p.XLSX.gz").name).toBe("xlsx");
    expect(await readInMemory(workbook, { sheet: "Prices" })).toStrictEqual(await readPath(EXCEL_LIKE, { sheet: "Prices" }));
    const feed = { sheet: "Prices", timezone: "America/New_York" };
    const at = new Date("2026-11-20T19:00:00Z");
    // The configs name different files: their digests (run) differ.
    const plainReport = JSON.stringify({ ...(await reportOf("p.xlsx", workbook, feed, at)), run: null });
    const gzipped = JSON.stringify({ ...(await reportOf("p.xlsx.gz", gzipSync(workbook), feed, at)), run: null });
    expect(gzipped.replaceAll("p.xlsx.gz", "p.xlsx")).toBe(plainReport);
  });

  it("zip64 records, stored entries and shared strings are read as a plain archive's", async () => {
    const header = ["sku", "channel", "price"];
    const rows = [
      ["A", "web", "1.50"],
      ["B", "", "2"],
    ];
    const expected = [
      [2, ["A", "web", "1.5"]],
      [3, ["B", null, "2"]],
    ];
    for (const options of [{ zip64: true }, { compression: "store" as const }, { strings: "shared" as const }]) {
      const path = join(dir, `${saves++}-w.xlsx`);
      await writeXlsx(path, header, rows, options);
      expect(lines(await readPath(path)), JSON.stringify(options)).toStrictEqual(expected);
    }
  });
});

describe("the benchmark's writer (bench/formats/xlsx.ts)", () => {
  it("writes text as strings and plain decimal numbers as numbers, and they read back as written", async () => {
    const values = [
      "15.99",
      "0015",
      "1E3",
      "-0.5",
      "1234567890123456",
      "a & <b> \"c\" 'd'",
      "  padded ",
      "two\r\nlines\ttab",
      "_x0041_",
      "€ 1,50",
    ];
    const path = join(dir, `${saves++}-w.xlsx`);
    await writeXlsx(
      path,
      values.map((_, i) => `c${i}`),
      [values],
      { strings: "shared" },
    );
    expect(lines(await readPath(path))).toStrictEqual([[2, values]]);
    // Which cells were written as numbers: the plain decimals with at most 15 significant digits and no leading zero.
    const access = await fileAccess(path);
    const zip = await ZipArchive.open(access);
    let xml = "";
    for await (const chunk of zip.read(zip.entry("xl/worksheets/sheet1.xml")!)) xml += Buffer.from(chunk).toString("utf8");
    await access.close();
    expect([...xml.matchAll(/<c r="([A-Z]+)2"><v>/g)].map((m) => m[1])).toStrictEqual(["A", "D"]);
  });

  it("streams: the file grows while the rows are still being given, and every row reads back", async () => {
    const path = join(dir, `${saves++}-stream.xlsx`);
    const count = 200_000;
    let sizeWhileWriting = 0;
    async function* rows(): AsyncGenerator<string[]> {
      for (let i = 0; i < count; i++) {
        if (i === count - 1) sizeWhileWriting = statSync(path).size;
        yield [`S${i}`, i % 2 === 0 ? "web" : "store", `${i % 100}.99`];
      }
    }
    await writeXlsx(path, ["sku", "channel", "price"], rows());
    expect(sizeWhileWriting).toBeGreaterThan(100_000);
    const sheet = await readPath(path);
    expect(sheet.records.length).toBe(count);
    expect(lines({ columns: sheet.columns, records: [sheet.records[0]!, sheet.records[count - 1]!] })).toStrictEqual([
      [2, ["S0", "web", "0.99"]],
      [count + 1, [`S${count - 1}`, "store", "99.99"]],
    ]);
  });
});

describe("a check of prices from a sheet", () => {
  // The same rows in CSV, line 4 blank as row 4 is missing from the sheet, so lines match rows.
  const config = (path: string, feed: Record<string, unknown>): ConfigInput => ({
    currency: "EUR",
    feeds: [{ kind: "prices", path, timezone: "America/New_York", ...feed }],
    rules: ["all"],
  });
  /** The findings, the feed's path written FEED. */
  const findings = (report: Report, path: string): unknown => JSON.parse(JSON.stringify(report.findings).replaceAll(path, "FEED"));

  it("evaluates them exactly as the same rows in CSV, a date-styled sale_start read in the feed's time zone", async () => {
    const xlsx = config(EXCEL_LIKE, { sheet: "Prices" });
    const csv = config("fixtures/xlsx/excel-like.csv", {});
    // SKU-001's web sale (12.50) starts at 13:30 in New York, 18:30Z: not yet at 15:00Z, begun at 19:00Z.
    // SKU-002 is 19.99 on the web and 21.49 in store MI01 at both instants.
    const before = await check(xlsx, { at: new Date("2026-11-20T15:00:00Z") });
    // And SKU-001's web sale (to the end of 27 Nov in New York, 28 Nov 05:00Z) runs on the web, not at MI01, its one store.
    expect(before.findings.map((f) => [f.rule, f.message])).toStrictEqual([
      ["channel/online-differs-from-store", "web 19.99 differs from store 21.49 at MI01"],
      [
        "promo/window-mismatch",
        "SKU-001: windows differ between channels: sale at MI01: store none, web 2026-11-20T18:30:00.000Z – 2026-11-28T05:00:00.000Z",
      ],
    ]);
    const after = await check(xlsx, { at: new Date("2026-11-20T19:00:00Z") });
    expect(after.findings.map((f) => [f.rule, f.message])).toStrictEqual([
      ["channel/online-differs-from-store", "web 12.50 differs from store 15.99 at MI01"],
      ["channel/online-differs-from-store", "web 19.99 differs from store 21.49 at MI01"],
      [
        "promo/window-mismatch",
        "SKU-001: windows differ between channels: sale at MI01: store none, web 2026-11-20T18:30:00.000Z – 2026-11-28T05:00:00.000Z",
      ],
    ]);
    expect(after.summary.rows).toStrictEqual({ read: 6, accepted: 6, rejected: 0 });
    for (const at of [new Date("2026-11-20T15:00:00Z"), new Date("2026-11-20T19:00:00Z")]) {
      const fromSheet = await check(xlsx, { at });
      const fromCsv = await check(csv, { at });
      expect(findings(fromSheet, EXCEL_LIKE)).toStrictEqual(findings(fromCsv, "fixtures/xlsx/excel-like.csv"));
      expect(fromSheet.summary.rows).toStrictEqual(fromCsv.summary.rows);
    }
    // Worker threads read the workbook each (a binary format is sharded by hash): the same report.
    const threads = await check(xlsx, { at: new Date("2026-11-20T19:00:00Z"), workers: 2 });
    expect(threads.findings).toStrictEqual(after.findings);
  });
});

describe("fuzz: mutated workbooks", () => {
  // A sheet with a cell of each kind, shared strings, dates by their style.
  const SHEET =
    HEADER +
    row(2, '<c r="A2" t="s"><v>0</v></c>', str("B2", "web"), num("C2", "15.99", 1)) +
    row(3, '<c r="A3" t="s"><v>1</v></c>', '<c r="B3" t="str"><f>X</f><v>store</v></c>', num("C3", "1.5E-3")) +
    row(5, str("A5", "C &amp; D"), '<c r="B5" t="b"><v>1</v></c>', '<c r="C5" t="e"><v>#DIV/0!</v></c>') +
    row(6, str("A6", "E"), '<c r="B6" t="d"><v>2026-11-20</v></c>', num("C6", "46346.5", 2));
  const STRINGS = ["<t>A</t>", "<r><t>B</t></r><r><t>1</t></r>"];
  const STYLES = styles([0, 14, 22]);
  const TOKENS = [
    "<",
    ">",
    "/",
    '"',
    "=",
    " ",
    'r="',
    "A1",
    "B2",
    "C9",
    't="s"',
    't="e"',
    't="b"',
    't="n"',
    "<v>",
    "</v>",
    "<row>",
    "</row>",
  ];
  TOKENS.push(
    '<row r="4">',
    "<c>",
    "</c>",
    "<f>",
    "<is>",
    "<t>",
    "</t>",
    "&amp;",
    "&#0;",
    "_x0000_",
    "0",
    "9",
    "E",
    "-",
    ".",
    "\n",
    's="2"',
    's="99"',
  );
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 8 }), insert: fc.array(fc.constantFrom(...TOKENS), { maxLength: 4 }) });
  const limits = { ...DEFAULT_LIMITS, recordChars: 300 };

  /** The laws of any outcome: records with a line, cells under the header or a known problem; or an io error of one line. */
  async function lawful(outcome: Promise<Sheet>): Promise<void> {
    let sheet: Sheet;
    try {
      sheet = await outcome;
    } catch (error) {
      expect(error).toBeInstanceOf(PricelintError);
      expect((error as PricelintError).code).toBe("io");
      expect((error as PricelintError).message).not.toContain("\n");
      return;
    }
    for (const record of sheet.records) {
      expect(Number.isInteger(record.line) && record.line >= 1 && record.line <= 1_048_576).toBe(true);
      if (record.problem) {
        expect(Object.keys(ROW_ERROR_CODES)).toContain(record.problem.code);
        expect(record.problem.reason).not.toContain("\n");
        const column = record.problem.column;
        expect(column === null || (Number.isInteger(column) && column >= 1)).toBe(true);
      } else {
        expect(record.cells.length).toBe(sheet.columns.length);
        for (const cell of Array.from(record.cells)) expect(cell === undefined || (typeof cell === "string" && cell !== "")).toBe(true);
      }
    }
  }

  it("edited sheet XML gives lawful records or an io error, never anything else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean(), async (edits, inSharedStrings) => {
        let text = inSharedStrings ? `<sst xmlns="${MAIN}">${STRINGS.map((i) => `<si>${i}</si>`).join("")}</sst>` : SHEET;
        for (const { at, remove, insert } of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert.join("") + text.slice(i + remove);
        }
        const parts = inSharedStrings
          ? [STYLES, { name: "xl/sharedStrings.xml", data: text }]
          : [STYLES, { name: "xl/sharedStrings.xml", data: `<sst xmlns="${MAIN}">${STRINGS.map((i) => `<si>${i}</si>`).join("")}</sst>` }];
        await lawful(read(xlsxBytes(inSharedStrings ? SHEET : text, parts), { limits }));
      }),
      { seed: 20_261_205, numRuns: 300 },
    );
  });

  it("a workbook's bytes flipped or cut give lawful records or an io error", async () => {
    const whole = xlsxBytes(SHEET, [STYLES, sharedStrings(...STRINGS)]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (flips, cut) => {
          const bytes = Buffer.from(cut === undefined ? whole : whole.subarray(0, cut % whole.length));
          for (const [at, xor] of flips) if (bytes.length > 0) bytes[at % bytes.length]! ^= xor;
          await lawful(read(bytes, { limits }));
          await lawful(readInMemory(bytes, { limits }));
        },
      ),
      { seed: 20_261_206, numRuns: 300 },
    );
  });
});
