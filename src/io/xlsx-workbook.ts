import { posix } from "node:path";
import { SaxesParser } from "saxes";
import { PricelintError } from "../model/errors.js";
import { excerpt } from "./limits.js";
import { numberFormat, type NumberFormat } from "./xlsx-formats.js";
import { unescapeOoxml } from "./xlsx-values.js";
import { shownName, type ZipArchive, type ZipEntry } from "./zip.js";
import { MarkingUtf8Decoder } from "./decode.js";
import { checkSaxesFields, SAXES_DISALLOWED, saxesFailedAtUndecodable, shownText, hasUndecodable } from "./undecodable.js";

/**
 * The parts of an .xlsx workbook other than its sheets' rows: the XML parser the reader feeds
 * (elements by their local name), the package's and the workbook's relationships, the sheets in
 * the workbook's order and which part each is, what each cell format does to a number, and the shared
 * strings table. Parts are found through the relationships, as content types may be absent.
 */

/** The workbook's small parts (the workbook, its relationships, the styles) inflate to at most this many bytes each. */
export const MAX_PART_BYTES = 64 << 20;

/** What the shared strings table, held in memory, may hold: characters in all, and strings. */
export interface SharedStringsLimits {
  readonly chars: number;
  readonly strings: number;
}
export const SHARED_STRINGS_LIMITS: SharedStringsLimits = { chars: 1 << 26, strings: 1 << 23 };

/** Characters given to the XML parser at once: what it may hold beyond a limit on a token. */
export const PIECE = 1 << 16;

/** Plain names (no namespaces): elements are told by their local name. */
type PlainSaxes = SaxesParser<{ fileName: string; xmlns: false }>;

/** The events of an XML part that a reader takes: elements by their local name (without a prefix), and text. */
export interface XmlHandler {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text(text: string): void;
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * One part's XML parser, fed pieces of text: it knows the elements open and where its last event
 * was, so a reader can tell a token that runs on (a text or a tag with no end in sight) and, for
 * a row it drops, start again after it.
 */
export class XmlPart {
  private parser!: PlainSaxes;
  /** Where the parser stood at its last event, in the text given to it since it started. */
  mark = 0;
  /** The qualified names of the elements open. */
  readonly open: string[] = [];

  constructor(
    readonly name: string,
    private readonly handler: XmlHandler,
  ) {
    this.restart("");
  }

  get position(): number {
    return this.parser.position;
  }

  /** A new parser, given `prefix` first (the start tags of the elements the text to come is inside). */
  restart(prefix: string): void {
    const parser: PlainSaxes = new SaxesParser({ fileName: this.name, xmlns: false });
    const handler = this.handler;
    const open = this.open;
    open.length = 0;
    parser.on("opentag", (tag) => {
      open.push(tag.name);
      this.mark = parser.position;
      handler.open(localName(tag.name), tag.attributes);
    });
    parser.on("closetag", (tag) => {
      open.pop();
      this.mark = parser.position;
      handler.close(localName(tag.name));
    });
    const text = (t: string) => {
      this.mark = parser.position;
      handler.text(t);
    };
    parser.on("text", text);
    parser.on("cdata", text);
    // Undecodable bytes in a text (see partText) are read on past, to be refused with the cell
    // holding them; anything else that is not XML ends the part.
    checkSaxesFields(parser);
    parser.on("error", (error) => {
      if (!(error.message.endsWith(SAXES_DISALLOWED) && saxesFailedAtUndecodable(parser))) throw error;
    });
    this.parser = parser;
    this.mark = 0;
    if (prefix !== "") this.write(prefix);
  }

  write(text: string): void {
    try {
      this.parser.write(text);
    } catch (error) {
      throw this.wrap(error);
    }
  }

  close(): void {
    try {
      this.parser.close();
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private wrap(error: unknown): unknown {
    if (error instanceof PricelintError) return error;
    return new PricelintError(
      "io",
      `${this.name} is not well-formed XML (${excerpt((error as Error).message, 200)}): the workbook is corrupt`,
      null,
      {
        cause: error,
      },
    );
  }
}

/**
 * A part's text, decoded from UTF-8 as it streams. `marked`: bytes that are not UTF-8 are marked
 * UNDECODABLE (see decode.ts), for the cells holding them to be refused (the sheet and its shared
 * strings); else they are U+FFFD (the workbook's own parts, whose names only messages show).
 */
export async function* partText(zip: ZipArchive, entry: ZipEntry, marked = false): AsyncGenerator<string> {
  const decoder = marked ? new MarkingUtf8Decoder() : new TextDecoder("utf-8");
  let first = true;
  for await (const bytes of zip.read(entry)) {
    if (first && bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
      throw new PricelintError(
        "io",
        `${shownName(entry.name)} is UTF-16 XML: pricelint reads the UTF-8 parts Excel writes; save the workbook in Excel`,
      );
    }
    first = false;
    const text = decoder.decode(bytes, { stream: true });
    if (text !== "") yield text;
  }
  const rest = decoder.decode();
  if (rest !== "") yield rest;
}

/** Parses a small part (workbook, relationships, styles), refusing one that inflates beyond {@link MAX_PART_BYTES}. */
async function parsePart(zip: ZipArchive, entry: ZipEntry, handler: XmlHandler): Promise<void> {
  if (entry.size > MAX_PART_BYTES) {
    throw new PricelintError(
      "io",
      `${shownName(entry.name)} inflates to ${entry.size} bytes, more than the ${MAX_PART_BYTES} pricelint reads of such a part: a zip bomb, or not a workbook`,
    );
  }
  const xml = new XmlPart(shownName(entry.name), handler);
  for await (const text of partText(zip, entry)) xml.write(text);
  xml.close();
}

interface Relationship {
  readonly type: string;
  /** The part's path in the archive. */
  readonly target: string;
}

/** The relationships of a part (`dir/_rels/name.rels`), by id; none when the file is absent. */
async function readRelationships(zip: ZipArchive, part: string): Promise<Map<string, Relationship>> {
  const dir = posix.dirname(part);
  const relsPath = posix.join(dir === "." ? "" : dir, "_rels", `${posix.basename(part)}.rels`);
  const rels = new Map<string, Relationship>();
  const entry = zip.entry(relsPath);
  if (entry === undefined) return rels;
  await parsePart(zip, entry, {
    open(name, a) {
      if (name !== "Relationship" || a["Id"] === undefined || a["Target"] === undefined || a["TargetMode"] === "External") return;
      rels.set(a["Id"], { type: a["Type"] ?? "", target: resolveTarget(part, a["Target"]) });
    },
    close() {},
    text() {},
  });
  return rels;
}

/** A relationship's target as a path in the archive: absolute (`/xl/…`), or relative to the part's folder. */
function resolveTarget(part: string, target: string): string {
  const path = target.replaceAll("\\", "/");
  const joined = path.startsWith("/") ? path.slice(1) : posix.join(posix.dirname(part), path);
  return posix.normalize(joined).replace(/^(\.\.\/)+/, "");
}

const isType = (rel: Relationship, name: string) => rel.type.endsWith(`/${name}`);

interface SheetEntry {
  readonly name: string;
  /** The worksheet part's path, or null when the workbook's relationships do not give one; what kind of sheet it is. */
  readonly target: string | null;
  readonly kind: "worksheet" | "chartsheet" | "other";
  /** Hidden in Excel (`state` hidden or veryHidden): not the sheet a user sees first. */
  readonly hidden: boolean;
}

export interface Workbook {
  readonly sheets: readonly SheetEntry[];
  readonly date1904: boolean;
  readonly sharedStrings: ZipEntry | null;
  readonly styles: ZipEntry | null;
}

/** The workbook part (through the package's relationships, else `xl/workbook.xml`), its sheets in order, and its parts. */
export async function readWorkbook(zip: ZipArchive): Promise<Workbook> {
  const root = await readRelationships(zip, "");
  const office = [...root.values()].find((r) => isType(r, "officeDocument"));
  const path = office !== undefined && zip.entry(office.target) !== undefined ? office.target : "xl/workbook.xml";
  const entry = zip.entry(path);
  if (entry === undefined) {
    throw new PricelintError(
      "io",
      "the zip archive is not an Excel workbook: it has no xl/workbook.xml (is it a .docx, an .ods or another zip file?); save the sheet as .xlsx",
    );
  }
  const listed: { name: string; id: string | undefined; hidden: boolean }[] = [];
  let date1904 = false;
  await parsePart(zip, entry, {
    open(name, a) {
      if (name === "sheet" && a["name"] !== undefined) {
        const id = Object.keys(a).find((k) => k.endsWith(":id"));
        const hidden = a["state"] === "hidden" || a["state"] === "veryHidden";
        listed.push({ name: a["name"], id: id === undefined ? undefined : a[id], hidden });
      } else if (name === "workbookPr") {
        date1904 = a["date1904"] === "1" || a["date1904"] === "true";
      }
    },
    close() {},
    text() {},
  });
  const rels = await readRelationships(zip, entry.name);
  const sheets = listed.map(({ name, id, hidden }): SheetEntry => {
    const rel = id === undefined ? undefined : rels.get(id);
    const kind = rel === undefined || isType(rel, "worksheet") ? "worksheet" : isType(rel, "chartsheet") ? "chartsheet" : "other";
    return { name: unescapeOoxml(name), target: rel?.target ?? null, kind, hidden };
  });
  const part = (type: string, fallback: string) => {
    const rel = [...rels.values()].find((r) => isType(r, type));
    return zip.entry(rel?.target ?? fallback) ?? zip.entry(fallback) ?? null;
  };
  const dir = posix.dirname(entry.name);
  return {
    sheets,
    date1904,
    sharedStrings: part("sharedStrings", posix.join(dir, "sharedStrings.xml")),
    styles: part("styles", posix.join(dir, "styles.xml")),
  };
}

/**
 * The sheet named `name` (exactly, else ignoring case as Excel does), or the first worksheet a
 * user sees (a hidden one, often last week's copy or a lookup table, only when all are); its part.
 */
export function chooseSheet(zip: ZipArchive, workbook: Workbook, name: string | undefined): { name: string; entry: ZipEntry } {
  const names = workbook.sheets.map((s) => JSON.stringify(s.name)).join(", ");
  let sheet: SheetEntry | undefined;
  if (name === undefined) {
    sheet = workbook.sheets.find((s) => s.kind === "worksheet" && !s.hidden) ?? workbook.sheets.find((s) => s.kind === "worksheet");
    if (sheet === undefined) {
      throw new PricelintError(
        "io",
        workbook.sheets.length === 0 ? "the workbook lists no sheets" : `the workbook has no worksheet; its sheets: ${names}`,
      );
    }
  } else {
    sheet = workbook.sheets.find((s) => s.name === name) ?? workbook.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (sheet === undefined)
      throw new PricelintError("io", `the workbook has no sheet ${JSON.stringify(name)} ("sheet"); its sheets: ${names}`);
    if (sheet.kind !== "worksheet")
      throw new PricelintError("io", `the sheet ${JSON.stringify(sheet.name)} is a chart or dialog sheet, not a sheet of cells`);
  }
  const entry = sheet.target === null ? undefined : zip.entry(sheet.target);
  if (entry === undefined) {
    throw new PricelintError(
      "io",
      `the sheet ${JSON.stringify(sheet.name)} has no part in the archive${sheet.target === null ? "" : ` (${shownName(sheet.target)} is missing)`}: the workbook is corrupt`,
    );
  }
  return { name: sheet.name, entry };
}

/** For each cell format (`cellXfs`, by index), what its number format does to a number (see xlsx-formats.ts), read once per format. */
export async function readStyles(zip: ZipArchive, entry: ZipEntry): Promise<NumberFormat[]> {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  let inNumFmts = false;
  await parsePart(zip, entry, {
    open(name, a) {
      if (name === "numFmts") inNumFmts = true;
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "numFmt" && inNumFmts) custom.set(Number(a["numFmtId"]), a["formatCode"] ?? "");
      else if (name === "xf" && inCellXfs) formats.push(Number(a["numFmtId"] ?? "0"));
    },
    close(name) {
      if (name === "numFmts") inNumFmts = false;
      else if (name === "cellXfs") inCellXfs = false;
    },
    text() {},
  });
  const read = new Map<number, NumberFormat>();
  return formats.map((id) => {
    let format = read.get(id);
    if (format === undefined) {
      format = numberFormat(id, custom.get(id));
      read.set(id, format);
    }
    return format;
  });
}

/** The shared strings table: its strings, and which of them held bytes that are not UTF-8 (shown with U+FFFD). */
export interface SharedStrings {
  readonly strings: readonly string[];
  readonly undecodable: ReadonlySet<number>;
}

/**
 * The shared strings table, rich text runs joined (phonetic runs left out), held in memory
 * within `limits`: a table beyond them (a zip bomb, or a workbook too large) is an io error.
 */
export async function readSharedStrings(zip: ZipArchive, entry: ZipEntry, limits: SharedStringsLimits): Promise<SharedStrings> {
  const strings: string[] = [];
  const undecodable = new Set<number>();
  let chars = 0;
  let current = "";
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  const tooMany = (what: string) =>
    new PricelintError(
      "io",
      `${shownName(entry.name)} holds more than ${what}, the most pricelint holds of a workbook's shared strings: a zip bomb, or a workbook too large to read as .xlsx; save the sheet as CSV`,
    );
  const xml = new XmlPart(shownName(entry.name), {
    open(name) {
      if (name === "si") {
        inItem = true;
        current = "";
      } else if (name === "rPh") phonetic++;
      else if (name === "t" && inItem && phonetic === 0) inText = true;
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "rPh") phonetic--;
      else if (name === "si") {
        inItem = false;
        // Undecodable bytes are told before the escapes are read: `_xDFFD_` is a character written so.
        const marked = hasUndecodable(current);
        if (marked) undecodable.add(strings.length);
        const text = unescapeOoxml(marked ? shownText(current) : current);
        current = "";
        strings.push(text);
        chars += text.length;
        if (strings.length > limits.strings) throw tooMany(`${limits.strings} strings`);
      }
    },
    text(text) {
      if (inText) current += text;
    },
  });
  for await (const text of partText(zip, entry, true)) {
    for (let at = 0; at < text.length; at += PIECE) {
      xml.write(text.slice(at, at + PIECE));
      // The text held: the strings, the one being read, and what the parser holds since its last event.
      if (chars + current.length + (xml.position - xml.mark) > limits.chars) throw tooMany(`${limits.chars} characters of text`);
    }
  }
  xml.close();
  return { strings, undecodable };
}
