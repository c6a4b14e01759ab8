import { bytesInMemory } from "./bytes-in-memory.js";
import { PricelintError } from "../model/errors.js";
import type { RowErrorCode } from "../model/row-error.js";
import type { ByteSource, FormatReadOptions } from "./formats/format.js";
import { excerpt, invalidUtf8 } from "./limits.js";
import { shownText, hasUndecodable } from "./undecodable.js";
import type { Cell, RawRecord, RecordBatch } from "./record.js";
import { columnLetters, isoDateText, MAX_COLUMNS, parseCellRef, parseRowNumber, serialText, unescapeOoxml } from "./xlsx-values.js";
import { PLAIN_FORMAT, sectionOf, showNumber, type NumberFormat } from "./xlsx-formats.js";
import { plainDecimal, significantDigits, SPREADSHEET_DIGITS, spreadsheetNumber, type DecimalMark } from "./number-text.js";
import { withTyped } from "./json.js";
import { nfc } from "../text/keys.js";
import { ignoredColumns } from "../text/ignored-entries.js";
import {
  chooseSheet,
  partText,
  PIECE,
  readSharedStrings,
  readStyles,
  readWorkbook,
  SHARED_STRINGS_LIMITS,
  XmlPart,
  type SharedStrings,
  type SharedStringsLimits,
  type XmlHandler,
} from "./xlsx-workbook.js";
import { fileAccess, memoryAccess, shownName, type RandomAccess, ZipArchive } from "./zip.js";

/** A workbook that is not a plain file (gzip data, standard input) is read in memory, up to this many bytes. */
export const MAX_WORKBOOK_IN_MEMORY = 256 << 20;
/** The longest a closing tag split between two chunks is looked for across them. */
const MAX_CLOSE_TAG = 256;

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads one sheet of an .xlsx workbook into raw records: the header is the first row with a value
 * after `skipLines` rows, and each later row with a value is a record whose line is its row number
 * and whose cells stand by their column letter under the header (missing cells are absent).
 * A plain file is read at offsets (the zip's central directory, then the parts needed); other
 * bytes (gzip data, standard input) are read into memory first, up to {@link MAX_WORKBOOK_IN_MEMORY}.
 * The sheet streams through the XML parser: it is never held whole, and a row longer than
 * `limits.recordChars` is a problem record whose text is dropped unread.
 */
export async function* readXlsx(
  source: ByteSource,
  options: FormatReadOptions,
  sharedLimits: SharedStringsLimits = SHARED_STRINGS_LIMITS,
): AsyncGenerator<RecordBatch> {
  const access =
    source.file === null
      ? memoryAccess(
          await bytesInMemory(
            source.chunks,
            MAX_WORKBOOK_IN_MEMORY,
            `a workbook given as gzip data or on standard input is read in memory, up to ${MAX_WORKBOOK_IN_MEMORY} bytes, and this one is larger: decompress it to a plain .xlsx file`,
          ),
        )
      : await fileAccess(source.file);
  try {
    await checkSignature(access);
    const zip = await ZipArchive.open(access);
    const workbook = await readWorkbook(zip);
    const sheet = chooseSheet(zip, workbook, options.sheet);
    const formats = workbook.styles === null ? [] : await readStyles(zip, workbook.styles);
    const shared = workbook.sharedStrings === null ? NO_STRINGS : await readSharedStrings(zip, workbook.sharedStrings, sharedLimits);
    const reader = new SheetReader(shownName(sheet.entry.name), {
      strings: shared.strings,
      undecodable: shared.undecodable,
      formats,
      date1904: workbook.date1904,
      skipRows: options.skipLines,
      maxChars: options.limits.recordChars,
      sheetName: sheet.name,
      decimal: options.decimal ?? ".",
      ignored: options.ignoreColumns ?? [],
    });
    yield* reader.read(partText(zip, sheet.entry, true));
  } finally {
    await access.close();
  }
}

/** Refuses, by its first bytes, a file that is not a zip archive: empty, an OLE2 file (.xls, encrypted), text. */
async function checkSignature(access: RandomAccess): Promise<void> {
  const head = await access.read(0, 32);
  if (head.length === 0) throw new PricelintError("io", "the file is empty: an .xlsx workbook is a zip archive");
  if (OLE2.every((b, i) => head[i] === b)) {
    throw new PricelintError(
      "io",
      "the file is an old Excel workbook (.xls) or a password-protected one (both are OLE2 files, not the zip archive of an .xlsx): open it in Excel and save it as .xlsx, without a password",
    );
  }
  const zip = head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  if (!zip) {
    const start = Buffer.from(head)
      .toString("latin1")
      .split(/[\r\n]/)[0]!;
    throw new PricelintError(
      "io",
      `not an .xlsx workbook: the file is not a zip archive (it starts with ${JSON.stringify(excerpt(start, 20))}); if it is a text feed, set the feed's "format"`,
    );
  }
}

const NO_STRINGS: SharedStrings = { strings: [], undecodable: new Set() };

interface SheetOptions {
  readonly strings: readonly string[];
  /** The shared strings that held bytes that are not UTF-8 (shown with U+FFFD), by index. */
  readonly undecodable: ReadonlySet<number>;
  /** Per cell format (a cell's `s`), what its number format does to a number. */
  readonly formats: readonly NumberFormat[];
  readonly date1904: boolean;
  /** Rows (by row number) before the header. */
  readonly skipRows: number;
  readonly maxChars: number;
  readonly sheetName: string;
  /** The feed's decimal mark: a number its cell's format shows with text (a currency, a percent) is written in it. */
  readonly decimal: DecimalMark;
  /** The feed's `ignoreColumns` entries: their columns' cells are not read, so none (`#N/A`) can reject its row. */
  readonly ignored: readonly string[];
}

type Problem = NonNullable<RawRecord["problem"]>;

/**
 * A cell's value: its text (undefined: absent; `undecodable`: it held bytes that are not UTF-8,
 * shown with U+FFFD), or why it has none.
 */
type CellValue =
  { readonly text: string | undefined; readonly undecodable?: boolean } | { readonly code: RowErrorCode; readonly reason: string };
const NO_TEXT: CellValue = { text: undefined };

/** The rows of one worksheet part, as records; fed its text, it parses it with an {@link XmlPart}. */
class SheetReader implements XmlHandler {
  private readonly xml: XmlPart;
  private readonly out: RawRecord[] = [];
  private columns: string[] | null = null;
  /** Per column of the header, whether `ignoreColumns` lists it. */
  private ignoredAt: boolean[] = [];
  private inSheetData = false;

  // The row being read.
  private rowOpen = false;
  private row = 0;
  /** The header's row number, once read. */
  private headerRow = 0;
  private lastRow = 0;
  private rowStart = 0;
  /** The row's element and how deep it is, to start again after a row dropped unread. */
  private rowTag = "row";
  private rowDepth = 0;
  private cells: Cell[] = [];
  /** The row's columns holding numbers (see RawRecord.typedNumbers). */
  private typed: number[] = [];
  private hasValue = false;
  private problem: Problem | null = null;
  private lastColumn = -1;
  /** Characters of shared strings the row's cells hold (its XML holds only their numbers). */
  private sharedChars = 0;

  // The cell being read.
  private inCell = false;
  private column = -1;
  private ref = "";
  private type = "n";
  private style = 0;
  private value = "";
  private hasV = false;
  private inV = false;
  private hasFormula = false;
  private inline: string | null = null;
  /** The cell's value is a number as stored (see RawRecord.typedNumbers), not a date or a text its format shows. */
  private typedNumber = false;
  private inText = false;
  private phonetic = 0;

  constructor(
    private readonly part: string,
    private readonly options: SheetOptions,
  ) {
    this.xml = new XmlPart(part, this);
  }

  async *read(texts: AsyncIterable<string>): AsyncGenerator<RecordBatch> {
    const max = this.options.maxChars;
    /** Skipping the rest of a row longer than the limit: its end tag, and the text before that may hold its start. */
    let skip: { needle: string; carry: string } | null = null;
    /** The start tags of the elements the row dropped is inside, to start the parser again after it. */
    let ancestors = "";
    let yielded = false;
    for await (const text of texts) {
      let at = 0;
      while (at < text.length) {
        if (skip !== null) {
          const hay = skip.carry + text.slice(at);
          const end = closeTagEnd(hay, skip.needle);
          if (end < 0) {
            const lt = hay.lastIndexOf("<");
            skip.carry = lt >= 0 && hay.length - lt <= MAX_CLOSE_TAG ? hay.slice(lt) : "";
            break;
          }
          at += end - skip.carry.length;
          skip = null;
          this.xml.restart(ancestors);
          continue;
        }
        const end = Math.min(text.length, at + PIECE);
        this.xml.write(text.slice(at, end));
        at = end;
        if (this.rowOpen) {
          if (this.xml.position - this.rowStart + this.sharedChars > max) {
            // Too long already, whatever follows: say so now, and drop the rest of the row unread.
            this.rowOpen = false;
            this.inCell = false;
            this.inV = false;
            this.inText = false;
            this.lastRow = Math.max(this.lastRow, this.row);
            if (this.row > this.options.skipRows) this.tooLong();
            skip = { needle: `</${this.rowTag}`, carry: "" };
            ancestors = this.xml.open
              .slice(0, this.rowDepth)
              .map((name) => `<${name}>`)
              .join("");
          }
        } else if (this.xml.position - this.xml.mark > max) {
          throw new PricelintError(
            "io",
            `${this.part} holds a text or tag longer than ${max} characters outside any row: the workbook is corrupt (or a zip bomb)`,
          );
        }
      }
      if (this.columns !== null && this.out.length > 0) {
        yielded = true;
        yield { columns: this.columns, records: this.out.splice(0) };
      }
    }
    if (skip !== null) throw new PricelintError("io", `${this.part} ends inside row ${this.row}: the workbook is cut short or corrupt`);
    this.xml.close();
    if (this.columns === null) {
      const sheet = JSON.stringify(this.options.sheetName);
      throw new PricelintError(
        "io",
        this.options.skipRows > 0
          ? `no header row after skipping ${this.options.skipRows} row(s) ("skipLines"): the rest of the sheet ${sheet} is empty`
          : `no header row: the sheet ${sheet} is empty`,
      );
    }
    // At least one batch, so a sheet without rows still shows its header.
    if (this.out.length > 0 || !yielded) yield { columns: this.columns, records: this.out.splice(0) };
  }

  open(name: string, a: Readonly<Record<string, string>>): void {
    if (this.inCell) {
      if (name === "v") {
        this.inV = true;
        this.hasV = true;
        this.value = "";
      } else if (name === "f") this.hasFormula = true;
      else if (name === "is") this.inline = "";
      else if (name === "rPh") this.phonetic++;
      else if (name === "t" && this.inline !== null && this.phonetic === 0) this.inText = true;
    } else if (name === "c" && this.rowOpen) this.startCell(a);
    else if (name === "row" && this.inSheetData) this.startRow(a);
    else if (name === "sheetData") this.inSheetData = true;
    else if (name === "mergeCell" && a["ref"] !== undefined) this.merged(a["ref"]);
  }

  /**
   * A merged range (listed after the rows): Excel shows its first cell's value across it, while
   * the file holds the others empty, so a row under a merged location or sku would be read as
   * having none. One that reaches below the header is refused; the header's own are its names.
   */
  private merged(ref: string): void {
    const rows = /^\$?[A-Za-z]{1,3}\$?(\d+)(?::\$?[A-Za-z]{1,3}\$?(\d+))?$/.exec(ref);
    if (rows === null || this.columns === null) return;
    const last = Number(rows[2] ?? rows[1]);
    if (last <= this.headerRow) return;
    throw new PricelintError(
      "io",
      `the cells ${ref} are merged: Excel shows the first one's value across them, but the others are empty in the file; unmerge them and fill each cell`,
    );
  }

  close(name: string): void {
    if (this.inCell) {
      if (name === "v") this.inV = false;
      else if (name === "t") this.inText = false;
      else if (name === "rPh") this.phonetic--;
      else if (name === "c") this.endCell();
    } else if (name === "row" && this.rowOpen) this.endRow();
    else if (name === "sheetData") this.inSheetData = false;
  }

  text(text: string): void {
    if (this.inV) this.value += text;
    else if (this.inText) this.inline += text;
  }

  private startRow(a: Readonly<Record<string, string>>): void {
    this.rowOpen = true;
    this.rowStart = this.xml.position;
    this.rowDepth = this.xml.open.length - 1;
    this.rowTag = this.xml.open[this.rowDepth]!;
    this.cells = [];
    this.typed = [];
    this.hasValue = false;
    this.problem = null;
    this.lastColumn = -1;
    this.sharedChars = 0;
    const r = a["r"];
    const number = r === undefined ? this.lastRow + 1 : parseRowNumber(r.trim());
    if (number === null) {
      this.row = this.lastRow + 1;
      this.malformed("the row number", r!);
    } else {
      this.row = number;
      if (number <= this.lastRow)
        this.fail("invalid_cell", `row ${number} comes after row ${this.lastRow}: the rows are out of order`, null);
    }
  }

  private startCell(a: Readonly<Record<string, string>>): void {
    this.inCell = true;
    this.value = "";
    this.hasV = false;
    this.inV = false;
    this.hasFormula = false;
    this.inline = null;
    this.inText = false;
    this.phonetic = 0;
    this.type = a["t"] ?? "n";
    const s = a["s"];
    this.style = s === undefined ? 0 : Number(s);
    const r = a["r"];
    this.column = -1;
    if (r === undefined) {
      const column = this.lastColumn + 1;
      this.ref = `${columnLetters(column)}${this.row}`;
      if (column >= MAX_COLUMNS) this.fail("invalid_cell", `the row has more than ${MAX_COLUMNS} cells`, null);
      else this.column = this.lastColumn = column;
      return;
    }
    const ref = r.trim();
    this.ref = ref;
    const at = parseCellRef(ref);
    if (at === null) this.malformed("the cell reference", r);
    else if (at.row !== this.row) this.fail("invalid_cell", `cell ${ref} is inside row ${this.row}`, at.column + 1);
    else if (at.column <= this.lastColumn) {
      this.fail(
        "invalid_cell",
        `cell ${ref} comes after ${columnLetters(this.lastColumn)}${this.row}: the cells are out of order`,
        at.column + 1,
      );
    } else this.column = this.lastColumn = at.column;
  }

  private endCell(): void {
    this.inCell = false;
    this.inV = false;
    const column = this.column;
    if (column < 0) return;
    if (this.ignoredAt[column] === true) {
      // Not read; but a row holding it is not blank, and is counted as the other formats count it.
      if (this.hasV || this.hasFormula || this.inline !== null) this.hasValue = true;
      return;
    }
    const value = this.cellValue();
    if ("code" in value) {
      this.fail(value.code, value.reason, column + 1);
      return;
    }
    const text = value.text;
    if (text === undefined || text === "") return;
    if (value.undecodable === true) this.fail("invalid_utf8", invalidUtf8(text), column + 1);
    else if (this.columns !== null && column >= this.columns.length) {
      const last = columnLetters(this.columns.length - 1);
      this.fail("wrong_cell_count", `cell ${this.ref} holds a value right of the header's last column (${last})`, column + 1);
    }
    this.cells[column] = text;
    this.hasValue = true;
    if (this.typedNumber) this.typed.push(column);
  }

  /** The cell's text by its type (ECMA-376 Part 1, §18.18.11), or why it has none. */
  private cellValue(): CellValue {
    const raw = this.value.trim();
    this.typedNumber = false;
    // Bytes that are not UTF-8 in a value or type that is no text (a text cell's are told by stringValue).
    if (this.type !== "inlineStr" && this.type !== "str" && (hasUndecodable(raw) || hasUndecodable(this.type)))
      return { code: "invalid_utf8", reason: invalidUtf8(hasUndecodable(raw) ? raw : this.type) };
    switch (this.type) {
      case "n": {
        if (!this.hasV || raw === "") return this.absent();
        const plain = plainDecimal(raw);
        if (plain === null) return this.invalid(`holds ${JSON.stringify(excerpt(raw, 20))}, which is not a number`);
        const format = this.options.formats[this.style] ?? PLAIN_FORMAT;
        if (format.type === "date") {
          const date = serialText(plain, format.kind, this.options.date1904);
          return "text" in date ? date : this.invalid(`is formatted as a date, but ${date.problem}`);
        }
        const whole = !plain.includes(".");
        // A whole number is exact as stored up to 2^53 (a 16-digit GTIN or sku written by a program);
        // beyond, its last digits are the double's, not the writer's.
        if (whole && inexactInteger(plain)) {
          return this.invalid(`holds the number ${plain}, more digits than a spreadsheet number keeps exactly: store it as text`);
        }
        // As the sheet shows it: Excel stores 19.99 as 19.989999999999998.
        const number = whole ? plain : spreadsheetNumber(plain);
        if (format.type === "refused") return this.invalid(`holds ${number}, ${format.reason}`);
        const section = format.type === "shown" ? sectionOf(format, number) : null;
        if (section === null || section.numeric) {
          this.typedNumber = true;
          return { text: section === null ? number : showNumber(number, section, ".") };
        }
        if (section.refused !== null) return this.invalid(`holds ${number}, ${section.refused}`);
        // Text, a currency or a percent the sheet shows with the number: read as that text, in the feed's notation.
        return { text: showNumber(number, section, this.options.decimal) };
      }
      case "s": {
        if (!this.hasV || raw === "") return this.absent();
        const index = parseIndex(raw);
        const text = index === null ? undefined : this.options.strings[index];
        if (text === undefined) {
          return this.invalid(
            `refers to shared string ${JSON.stringify(excerpt(raw, 20))}, but the workbook has ${this.options.strings.length}`,
          );
        }
        this.sharedChars += text.length;
        return this.options.undecodable.has(index!) ? { text, undecodable: true } : { text };
      }
      case "inlineStr":
        return stringValue(this.inline ?? this.value);
      case "str":
        return this.hasV ? stringValue(this.value) : this.absent();
      case "b":
        if (!this.hasV || raw === "") return this.absent();
        if (raw === "1" || raw === "true") return { text: "true" };
        if (raw === "0" || raw === "false") return { text: "false" };
        return this.invalid(`holds ${JSON.stringify(excerpt(raw, 20))}, which is not a boolean (1 or 0)`);
      case "d": {
        if (!this.hasV || raw === "") return this.absent();
        // Shown through its format, as a serial is: a date format shows the day alone.
        const format = this.options.formats[this.style] ?? PLAIN_FORMAT;
        const date = isoDateText(raw, format.type === "date" ? format.kind : null);
        return "text" in date
          ? date
          : this.invalid(`is formatted as a ${format.type === "date" ? format.kind : "date"}, but ${date.problem}`);
      }
      case "e":
        return { code: "cell_error", reason: `cell ${this.ref} holds the error ${raw === "" ? "(none given)" : excerpt(raw, 20)}` };
      default:
        return this.invalid(`has the unknown type ${JSON.stringify(excerpt(this.type, 20))}`);
    }
  }

  /** A cell without a value: absent, unless it holds a formula, whose value was then never computed. */
  private absent(): CellValue {
    if (!this.hasFormula) return NO_TEXT;
    return {
      code: "cell_error",
      reason: `cell ${this.ref} holds a formula whose value was never computed: open the workbook in Excel (or recalculate it) and save it`,
    };
  }

  private invalid(what: string): CellValue {
    return { code: "invalid_cell", reason: `cell ${this.ref} ${what}` };
  }

  private endRow(): void {
    this.rowOpen = false;
    this.lastRow = Math.max(this.lastRow, this.row);
    if (this.row <= this.options.skipRows) return;
    if (this.xml.position - this.rowStart + this.sharedChars > this.options.maxChars) {
      this.tooLong();
      return;
    }
    if (this.columns === null) {
      if (this.problem !== null) throw new PricelintError("io", `the header (row ${this.row}): ${this.problem.reason}`);
      if (!this.hasValue) return;
      const width = this.cells.length;
      this.headerRow = this.row;
      this.columns = Array.from({ length: width }, (_, i) => {
        const cell = this.cells[i];
        return typeof cell === "string" ? cell.trim() : "";
      });
      // Named as the row reader names them (see ignoredColumns): exactly, else ignoring case.
      const ignored = ignoredColumns(this.options.ignored, this.columns);
      if ("problem" in ignored) throw new PricelintError("config", ignored.problem);
      this.ignoredAt = this.columns.map((name) => ignored.named.has(nfc(name)));
      return;
    }
    if (this.problem === null && !this.hasValue) return;
    // The header's width: cells after the last one given are absent, those right of the header dropped.
    const cells = this.cells;
    cells.length = this.columns.length;
    this.out.push(withTyped(this.row, cells, this.problem, this.typed));
  }

  private tooLong(): void {
    const max = this.options.maxChars;
    if (this.columns === null) throw new PricelintError("io", `the header (row ${this.row}) is longer than ${max} characters`);
    this.out.push({
      line: this.row,
      cells: [],
      problem: { code: "record_too_long", reason: `the row is longer than ${max} characters, the limit of one record`, column: null },
    });
  }

  /** Notes a malformed row number or cell reference (`written`): as invalid UTF-8 where its bytes are not UTF-8. */
  private malformed(what: string, written: string): void {
    if (hasUndecodable(written)) this.fail("invalid_utf8", invalidUtf8(written), null);
    else this.fail("invalid_cell", `${what} ${JSON.stringify(excerpt(written, 20))} is malformed`, null);
  }

  /** Notes the row's first problem (whose reason may quote the sheet's text: undecodable bytes are shown as U+FFFD). */
  private fail(code: RowErrorCode, reason: string, column: number | null): void {
    this.problem ??= { code, reason: shownText(reason), column };
  }
}

/**
 * A text cell's value from its text as written: undecodable bytes (see decode.ts) are told before
 * the escapes are read (`_xDFFD_` is a character written so), and shown as U+FFFD.
 */
function stringValue(written: string): CellValue {
  if (!hasUndecodable(written)) return { text: unescapeOoxml(written) };
  return { text: unescapeOoxml(shownText(written)), undecodable: true };
}

/** A shared string's index (digits only), or null. */
function parseIndex(text: string): number | null {
  if (text.length > 9) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(text);
}

/** Where the first closing tag `needle…>` in text ends (after its `>`), or -1 when none is complete. */
function closeTagEnd(text: string, needle: string): number {
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    let j = i + needle.length;
    while (j < text.length && (text[j] === " " || text[j] === "\t" || text[j] === "\n" || text[j] === "\r")) j++;
    if (j >= text.length) return -1;
    if (text[j] === ">") return j + 1;
  }
  return -1;
}

/** The largest whole number every double below it holds exactly: 2^53. */
const EXACT_LIMIT = "9007199254740992";

/**
 * Whether a whole number's text may not be the number written: beyond {@link EXACT_LIMIT}, where a
 * double no longer holds every whole number, with more significant digits than a spreadsheet
 * shows (1E+21 is exact; 1234567890123456789 was stored as 1234567890123456800).
 */
function inexactInteger(plain: string): boolean {
  const digits = plain.startsWith("-") ? plain.slice(1) : plain;
  const beyond = digits.length > EXACT_LIMIT.length || (digits.length === EXACT_LIMIT.length && digits > EXACT_LIMIT);
  return beyond && significantDigits(plain) > SPREADSHEET_DIGITS;
}
