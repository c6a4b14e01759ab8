import { SaxesParser, type SaxesTagPlain, type XMLDecl } from "saxes";
import { PricelintError } from "../model/errors.js";
import type { RowErrorCode } from "../model/row-error.js";
import type { Encoding } from "./decode.js";
import { ColumnSet } from "./json.js";
import { DEFAULT_LIMITS, excerpt, invalidUtf8, type ReadLimits } from "./limits.js";
import {
  GOOGLE_NAMESPACE,
  isNamespaceDeclaration,
  misspeltGoogleNamespace,
  NamespaceScopes,
  splitName,
  type XmlName,
} from "./xml-names.js";
import type { Cell, RawRecord, RecordBatch } from "./record.js";
import { checkSaxesFields, SAXES_DISALLOWED, saxesFailedAtUndecodable, shownText, UNDECODABLE, hasUndecodable } from "./undecodable.js";

/** What an XML feed's reader is told. */
export interface XmlReadOptions {
  /** Default: {@link DEFAULT_LIMITS}. */
  readonly limits?: ReadLimits | undefined;
  /** The local name of the record elements; default: RSS `item` and Atom `entry`. */
  readonly recordElement?: string | undefined;
  /** The encoding the text was decoded with (default: utf-8): the XML declaration must not name another. */
  readonly encoding?: Encoding | undefined;
  /**
   * Elements and attributes passed over unread, named as the record writes them (the feed's
   * `ignoreColumns`): `id` is an Atom `<id>`, `g:id` Google's, `g:shipping` that element and all
   * it holds, `g:price@currency` an attribute. None of them can give a column or reject a record.
   */
  readonly ignored?: readonly string[] | undefined;
}

/** Levels of elements below a record element: a record nested deeper is a problem record. */
export const MAX_RECORD_DEPTH = 32;
/** Levels of elements in the whole document: deeper is an io error (the parser keeps every open element). */
export const MAX_DOCUMENT_DEPTH = 256;
/**
 * Characters one name, entity reference, tag or declaration before the root may have (at least;
 * the record limit when it is higher): the parser holds each whole, so a longer one is an io error.
 */
const MIN_TOKEN_CHARS = 1 << 20;

/**
 * Reads an XML feed (RSS 2.0 items, Atom entries, or the elements `recordElement` names) into
 * records, streaming with saxes: each record is built as its elements arrive and handed on at its
 * end tag; nothing else of the document is kept. A record's line is the line of its start tag.
 *
 * A child element's local name is its column (`g:price` → `price`) when it is in no namespace, the
 * record element's or Google's ({@link GOOGLE_NAMESPACE}); one of another namespace is named as
 * written (a custom attribute's `c:sale_price`), so that an extension never passes for one of the
 * feed's own. Nested elements flatten with a dot (`g:shipping/g:price` → `shipping.price`), an
 * attribute is `element@name` (`link@href`, and `@id` on the record element itself), an element
 * repeated in a record is a list (and so is each of its attributes, one value per element), text
 * is trimmed of XML whitespace, and an empty element is absent. A record in which two different
 * elements give one column (`price` and `g:price`), an element holds both text and elements
 * (mixed content), elements nest deeper than {@link MAX_RECORD_DEPTH}, or whose text is longer
 * than `limits.recordChars` is a problem record. A document that is not well-formed XML, declares
 * entities, declares an encoding other than the one it is read with, binds a prefix to Google's
 * namespace written otherwise (`https:`), or has no record element is a PricelintError (`io`),
 * thrown after the records completed before the fault.
 */
export async function* readXml(chunks: AsyncIterable<string>, options: XmlReadOptions = {}): AsyncGenerator<RecordBatch> {
  const reader = new XmlRecordReader(options);
  for await (const chunk of chunks) {
    const error = reader.write(chunk);
    const records = reader.take();
    if (records.length > 0) yield { columns: reader.columns.names, records };
    if (error !== null) throw error;
  }
  const error = reader.end();
  yield { columns: reader.columns.names, records: reader.take() };
  if (error !== null) throw error;
}

/** Where a record's column comes from: the first element (or attribute) that gave it, and what it gave. */
interface Field {
  /** The element's path by namespace and local name, telling apart elements that give one column name. */
  readonly struct: string;
  /** The path as written (`g:shipping/g:price`, `link@href`), for messages. */
  readonly display: string;
  readonly values: string[];
  /** Whether it is a column: an element with text or none (a leaf), or an attribute; not a mere container. */
  column: boolean;
  /** An element's: how many times it opened in the record. */
  occurrences: number;
  /** An attribute's: the field of its element (null: the record element's own attribute). */
  readonly owner: Field | null;
}

/** An open element of the record being read (the record element first). */
interface Frame {
  /** Its column name: "" for the record element. */
  readonly key: string;
  readonly struct: string;
  readonly display: string;
  /** Null for the record element, and for an element whose column another element already gives. */
  readonly field: Field | null;
  /** Its text so far, while it has no child element. */
  text: string;
  /** Whether a child element opened in it. */
  children: boolean;
  /** Whether it has attributes: without text, it then gives only their columns (`<link href="…"/>`). */
  attributed: boolean;
}

/** A record's first problem, and the column at fault (its name) when there is one. */
interface Problem {
  readonly code: RowErrorCode;
  readonly reason: string;
  readonly key: string | null;
}

/** saxes' buffers that grow with one token (its own fields, read to keep memory bounded: see `guard`). */
interface SaxesBuffers {
  text: string;
  readonly name: string;
  readonly entity: string;
}

/** The names an XML declaration may give the encodings a feed is read with, in lower case (ASCII: a subset of each). */
const ENCODINGS: ReadonlyMap<string, Encoding | "ascii"> = new Map(
  Object.entries({
    "utf-8": "utf-8",
    utf8: "utf-8",
    "iso-8859-1": "latin1",
    "iso_8859-1": "latin1",
    "iso8859-1": "latin1",
    latin1: "latin1",
    "latin-1": "latin1",
    l1: "latin1",
    "windows-1252": "windows-1252",
    cp1252: "windows-1252",
    "x-cp1252": "windows-1252",
    "us-ascii": "ascii",
    ascii: "ascii",
  } as const),
);

/** The XML's own whitespace (space, tab, line feed, carriage return): what text is trimmed of. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

function trimSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

class XmlRecordReader {
  readonly columns: ColumnSet;
  // Namespaces are resolved here (xml-names.ts), not by saxes: its namespace mode builds objects
  // for every element and attribute, which slows saxes by a third or more.
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private readonly namespaces = new NamespaceScopes();
  private readonly buffers: SaxesBuffers;
  private readonly max: number;
  private readonly tokenChars: number;
  private readonly recordElement: string | undefined;
  private readonly ignored: ReadonlySet<string>;
  /** The level below the record of the element being passed over as `ignoreColumns` lists it (0: none). */
  private ignoredLevel = 0;
  private readonly encoding: Encoding;
  private out: RawRecord[] = [];
  /** Text before its first character that is not whitespace, while that character is not known to be "<". */
  private head = "";
  private started = false;
  /** Characters handed to the parser so far. */
  private given = 0;
  /** Nothing has been handed to the parser yet (a byte order mark may lead). */
  private fresh = true;
  private failed: PricelintError | null = null;
  private depth = 0;
  private sawRoot = false;
  private rootClosed = false;
  private root = "";
  /** The first names seen below the root, for the message of a document without records. */
  private readonly seen: string[] = [];
  private records = 0;
  /** The name of the element that closed last, and whether that ended a record (until the next event). */
  private closed = "";
  private endedRecord = false;
  /** Between a start tag's name and its end: its attributes are being read. */
  private inTag = false;
  private tagStart = 0;
  private tagLine = 0;
  /** The name of the last start tag (as far as it was read). */
  private tagName = "";
  // The record being read: its depth (-1: none), start tag's line, position and name, open elements, columns.
  private recordDepth = -1;
  private recordLine = 0;
  private recordStart = 0;
  private recordName = "";
  /** The namespace of the record element: its children in it are the record's own. */
  private recordNamespace = "";
  private frames: Frame[] = [];
  private fields = new Map<string, Field>();
  private problem: Problem | null = null;
  /** Longer than the limit: its contents are dropped as they come. */
  private oversized = false;

  constructor(options: XmlReadOptions) {
    const limits = options.limits ?? DEFAULT_LIMITS;
    this.columns = new ColumnSet(limits.jsonKeys);
    this.max = limits.recordChars;
    this.tokenChars = Math.max(limits.recordChars, MIN_TOKEN_CHARS);
    this.recordElement = options.recordElement;
    this.encoding = options.encoding ?? "utf-8";
    this.ignored = new Set(options.ignored ?? []);
    this.buffers = this.parser as unknown as SaxesBuffers;
    if (typeof this.buffers.text !== "string" || typeof this.buffers.name !== "string" || typeof this.buffers.entity !== "string") {
      throw new Error("saxes no longer has the buffers the XML reader bounds (text, name, entity)");
    }
    checkSaxesFields(this.parser);
    const p = this.parser;
    // Seven handlers at most: saxes keeps each in a property set when it is registered, and with
    // an eighth V8 turns the parser into a dictionary, which makes reading five times slower. The
    // XML declaration is read from `xmlDecl` when the root element opens instead.
    p.on("doctype", (doctype) => this.doctype(doctype));
    p.on("opentagstart", (tag) => {
      this.endedRecord = false;
      this.tagName = tag.name;
      this.inTag = true;
      this.tagStart = p.position - tag.name.length - 2;
      // Told after the character that ends the name: when that was a line break, the tag started a line above.
      this.tagLine = p.columnIndex === 0 ? p.line - 1 : p.line;
    });
    p.on("opentag", (tag) => this.open(tag));
    p.on("closetag", (tag) => this.close(tag));
    p.on("text", (text) => this.text(text));
    p.on("cdata", (text) => this.text(text));
    p.on("error", (error) => this.wellFormedness(error));
  }

  /** The records completed since the last call. */
  take(): RawRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  /** Reads the next piece of text; returns the error that ends the document, if one did. */
  write(chunk: string): PricelintError | null {
    if (this.failed !== null) return this.failed;
    try {
      if (!this.started) {
        chunk = this.start(chunk);
        if (!this.started) return null;
      }
      this.given += chunk.length;
      this.parser.write(chunk);
      this.guard();
    } catch (error) {
      if (!(error instanceof PricelintError)) throw error;
      this.failed = error;
    }
    return this.failed;
  }

  /** The end of the text: returns the error that ends the document, if one does. */
  end(): PricelintError | null {
    if (this.failed !== null) return this.failed;
    try {
      if (!this.started) this.notXml(true);
      this.parser.close();
      if (this.records === 0) throw this.noRecords();
    } catch (error) {
      if (!(error instanceof PricelintError)) throw error;
      this.failed = error;
    }
    return this.failed;
  }

  /**
   * Holds the text until its first character that is not whitespace: "<" starts the XML (the
   * text is returned to be parsed); anything else is not XML (a CSV named .xml, a binary file).
   */
  private start(chunk: string): string {
    const text = this.head + chunk;
    let i = this.fresh && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i === text.length) {
      // Blank so far: handed on, for the parser's line count.
      this.head = "";
      if (text.length > 0) {
        this.given += text.length;
        this.parser.write(text);
      }
      this.fresh &&= text.length === 0;
      return "";
    }
    if (text.charCodeAt(i) === 60 /* < */) {
      this.started = true;
      this.head = "";
      return text;
    }
    this.head = text;
    this.notXml(false);
    return "";
  }

  /** Text whose first character that is not whitespace is not "<": once its first line is known, an io error. */
  private notXml(ended: boolean): void {
    const text = this.head;
    let i = this.fresh && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i === text.length) throw new PricelintError("io", "the file is empty or blank: an XML feed has a root element holding its records");
    let end = i;
    while (end < text.length && end - i < 40 && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    if (!ended && end === text.length && end - i < 40) return; // wait for more of its first line
    throw new PricelintError(
      "io",
      `the file is not XML: it starts with ${JSON.stringify(shownText(text.slice(i, end)))}, where XML starts with "<" (is the feed's format right? a .xml file is read as XML)`,
    );
  }

  private declaration(decl: XMLDecl): void {
    const declared = decl.encoding;
    if (declared === undefined) return;
    const named = ENCODINGS.get(declared.toLowerCase());
    if (named === "ascii" || named === this.encoding) return;
    const what = `the XML declares encoding="${excerpt(shownText(declared), 40)}"`;
    if (named === undefined) {
      throw new PricelintError(
        "io",
        `${what}, which pricelint does not read: save the feed as UTF-8 (or as latin1 or windows-1252, and set the feed's "encoding")`,
      );
    }
    const fix = named === "utf-8" ? `remove the feed's "encoding" (UTF-8 is the default)` : `set the feed's "encoding" to "${named}"`;
    throw new PricelintError("io", `${what} but the feed is read as ${this.encoding}: ${fix}`);
  }

  private doctype(doctype: string): void {
    if (!doctype.includes("<!ENTITY")) return;
    throw new PricelintError(
      "io",
      "the XML declares entities in its DOCTYPE (<!ENTITY …>): pricelint never expands or fetches entities, which can read local files or grow without bound; remove the DOCTYPE from the feed",
    );
  }

  /**
   * saxes' first error: the document is not well-formed, and it ends there; but for undecodable
   * bytes in a text or a value, which saxes reads on past (they are no character XML allows), to
   * refuse the record holding them (see toRecord).
   */
  private wellFormedness(error: Error): void {
    if (saxesFailedAtUndecodable(this.parser)) {
      if (error.message.endsWith(SAXES_DISALLOWED)) return;
      // In a name (an element's, an attribute's): what the name is, and so the record, cannot be known.
      // A start tag's name is the tag's by then; another name is still saxes' buffer.
      const read = error.message.endsWith("in tag name.") ? this.tagName : this.buffers.name;
      const name = invalidUtf8(`${read}${UNDECODABLE}`);
      throw new PricelintError(
        "io",
        `the XML is not well-formed at line ${this.parser.line}, column ${this.parser.column}, in a name: ${name}`,
      );
    }
    let said = error.message.slice(error.message.indexOf(": ") + 2);
    if (said.endsWith(".")) said = said.slice(0, -1);
    let hint = "";
    if (said.startsWith("unexpected close tag")) {
      // saxes closes the open element before it says that the end tag does not match it: that
      // record was not whole, and is taken back.
      if (this.endedRecord) this.out.pop();
      hint = ` (the element open there is <${this.closed}>)`;
    } else if (said.startsWith("undefined entity"))
      hint =
        " (XML defines only &amp; &lt; &gt; &quot; &apos; and numeric references: an HTML entity such as &nbsp; is written &#160; in XML)";
    else if (said.startsWith("unclosed tag") || said.startsWith("unexpected end"))
      hint = " (the file ends before its elements close: is it cut short?)";
    else if (
      this.rootClosed &&
      (said.startsWith("text data outside of root node") || said.startsWith("documents may contain only one root"))
    )
      hint = ` (after the end of the root element <${this.root}>)`;
    this.notWellFormed(said + hint);
  }

  private notWellFormed(said: string): never {
    if (said.startsWith("unbound namespace prefix"))
      said += ' (declare it on the root element, e.g. xmlns:g="http://base.google.com/ns/1.0")';
    throw new PricelintError("io", `the XML is not well-formed at line ${this.parser.line}, column ${this.parser.column}: ${said}`);
  }

  private noRecords(): PricelintError {
    const found =
      this.seen.length === 0
        ? `its root <${this.root}> holds no elements`
        : `its root is <${this.root}>, holding ${this.seen.map((n) => `<${n}>`).join(", ")}`;
    return new PricelintError(
      "io",
      this.recordElement === undefined
        ? `no records in the XML: expected <item> (RSS) or <entry> (Atom) elements, but ${found}; if the records are other elements, set the feed's "recordElement" to their name (e.g. "product")`
        : `no records in the XML: expected <${this.recordElement}> elements (the feed's "recordElement"), but ${found}; set "recordElement" to the name of the elements that are records`,
    );
  }

  private isRecord(local: string): boolean {
    return this.recordElement === undefined ? local === "item" || local === "entry" : local === this.recordElement;
  }

  private open(tag: SaxesTagPlain): void {
    this.inTag = false;
    this.depth++;
    if (this.namespaces.open(tag.attributes)) this.googleMisspelt(tag.attributes);
    const name = this.qualified(tag.name);
    if (this.depth > MAX_DOCUMENT_DEPTH) {
      throw new PricelintError(
        "io",
        `the XML nests elements more than ${MAX_DOCUMENT_DEPTH} levels deep (line ${this.tagLine}): a feed's records are elements a few levels down`,
      );
    }
    if (this.recordDepth < 0) {
      if (!this.sawRoot) {
        this.declaration(this.parser.xmlDecl);
        this.sawRoot = true;
        this.root = tag.name;
      } else if (this.records === 0 && this.seen.length < 5 && !this.seen.includes(tag.name)) this.seen.push(tag.name);
      if (this.isRecord(name.local)) this.beginRecord(tag, name);
      return;
    }
    if (this.oversized || this.tooLong()) return;
    // Inside an element passed over as `ignoreColumns` lists it: nothing it holds is read or judged.
    if (this.ignoredLevel > 0) return;
    const level = this.depth - this.recordDepth;
    // Null inside an element passed over (nested too deep): so is this one.
    const parent = level === this.frames.length ? this.frames[level - 1]! : null;
    const display = parent === null || parent.display === "" ? tag.name : `${parent.display}/${tag.name}`;
    if (parent !== null && this.ignored.size > 0 && this.ignored.has(display)) {
      // No frame, so its text is not read (see text); close() ends the passing over.
      this.ignoredLevel = level;
      return;
    }
    // A record element inside a record (an <item> in an <item>) is not a column of it: read as
    // one, the inner record and its values would vanish into columns no rule reads.
    if (this.isRecord(name.local))
      this.note(
        "nested_record",
        `the record <${this.recordName}> holds another <${tag.name}> (line ${this.tagLine}): records do not nest, so neither is read; give each record its own element`,
        null,
      );
    if (parent === null) return;
    if (level > MAX_RECORD_DEPTH) {
      parent.children = true;
      this.note("nested_too_deep", `elements nest more than ${MAX_RECORD_DEPTH} levels deep in the record <${this.recordName}>`, null);
      return;
    }
    if (!parent.children) {
      parent.children = true;
      if (!isBlank(parent.text)) this.mixed(parent, parent.text);
      parent.text = "";
    }
    const uri = this.uri(name, false);
    // An element of another namespace (a custom `c:sale_price`) is named as written: it never passes for the feed's own.
    const column = uri === "" || uri === this.recordNamespace || uri === GOOGLE_NAMESPACE ? name.local : tag.name;
    const key = parent.key === "" ? column : `${parent.key}.${column}`;
    const struct = `${parent.struct}\u0000${uri}\u0000${name.local}`;
    const frame: Frame = { key, struct, display, field: this.field(key, struct, display), text: "", children: false, attributed: false };
    if (frame.field !== null) frame.field.occurrences++;
    this.frames.push(frame);
    this.attributes(frame, tag);
  }

  /**
   * Refuses a prefix bound to Google's namespace written otherwise (`https:`, a trailing `/`):
   * its elements would be another namespace's, none of them Google's attributes, and every item
   * would lack its id.
   */
  private googleMisspelt(attributes: Readonly<Record<string, string>>): void {
    for (const name in attributes) {
      if (!isNamespaceDeclaration(name) || !misspeltGoogleNamespace(attributes[name]!)) continue;
      throw new PricelintError(
        "io",
        `the XML binds ${name} to "${excerpt(attributes[name]!)}" (line ${this.tagLine}), Google's namespace written otherwise: namespace names compare exactly, so none of its elements would be Google's attributes; write ${name}="${GOOGLE_NAMESPACE}"`,
      );
    }
  }

  /** A name split at its prefix, whose prefix is bound; else the document is not well-formed. */
  private qualified(written: string): XmlName {
    const name = splitName(written);
    if (name === null) this.notWellFormed(`malformed name: ${written}`);
    return name;
  }

  /** The namespace of a name's prefix, which must be bound. */
  private uri(name: XmlName, attribute: boolean): string {
    const uri = this.namespaces.uri(name.prefix, attribute);
    if (uri === undefined) this.notWellFormed(`unbound namespace prefix: ${JSON.stringify(name.prefix)}`);
    return uri;
  }

  private beginRecord(tag: SaxesTagPlain, name: XmlName): void {
    this.recordDepth = this.depth;
    this.recordLine = this.tagLine;
    this.recordStart = this.tagStart;
    this.recordName = tag.name;
    this.recordNamespace = this.uri(name, false);
    this.frames = [{ key: "", struct: "", display: "", field: null, text: "", children: false, attributed: false }];
    this.fields = new Map();
    this.problem = null;
    this.oversized = false;
    this.ignoredLevel = 0;
    this.attributes(this.frames[0]!, tag);
  }

  /**
   * The field of column `key` (an attribute's: of the element whose field is `owner`), or null when
   * another element already gives that column (a problem).
   */
  private field(key: string, struct: string, display: string, owner: Field | null = null): Field | null {
    const field = this.fields.get(key);
    if (field === undefined) {
      const created: Field = { struct, display, values: [], column: false, occurrences: 0, owner };
      this.fields.set(key, created);
      return created;
    }
    if (field.struct === struct) return field;
    this.note(
      "name_collision",
      `"${excerpt(field.display)}" and "${excerpt(display)}" both give column "${excerpt(key)}": pricelint does not merge different elements into one column; list the one not meant in "ignoreColumns" as written here, or keep one of them`,
      key,
    );
    return null;
  }

  /**
   * An element's attributes, each a column. Those of an element repeated give one value per
   * element, "" for one that lacks the attribute (see {@link alignedValues}), so that they pair:
   * Atom's `<link href="a"/><link rel="enclosure" href="b"/>` gives link@href `a`, `b` and
   * link@rel "", `enclosure`.
   */
  private attributes(frame: Frame, tag: SaxesTagPlain): void {
    const owner = frame.field;
    // Which of its element's occurrences in the record this one is (0: the first, or the record element).
    const at = owner === null ? 0 : owner.occurrences - 1;
    for (const written in tag.attributes) {
      if (isNamespaceDeclaration(written)) continue;
      const display = `${frame.display}@${written}`;
      if (this.ignored.size > 0 && this.ignored.has(display)) continue;
      frame.attributed = true;
      const name = this.qualified(written);
      const key = `${frame.key}@${name.local}`;
      const field = this.field(key, `${frame.struct}\u0000@${this.uri(name, true)}\u0000${name.local}`, display, owner);
      if (field === null) continue;
      field.column = true;
      const value = trimSpace(tag.attributes[written]!);
      while (field.values.length < at) field.values.push("");
      if (value !== "" || at > 0) field.values.push(value);
    }
  }

  private text(text: string): void {
    this.endedRecord = false;
    if (this.recordDepth < 0 || this.oversized) return;
    const top = this.frames.length - 1;
    // Text inside an element passed over.
    if (this.depth - this.recordDepth !== top) return;
    const frame = this.frames[top]!;
    if (!frame.children) frame.text += text;
    else if (!isBlank(text)) this.mixed(frame, text);
  }

  private close(tag: SaxesTagPlain): void {
    this.namespaces.close();
    this.closed = tag.name;
    this.endedRecord = false;
    if (this.recordDepth < 0) {
      this.depth--;
      if (this.depth === 0) this.rootClosed = true;
      return;
    }
    if (this.depth - this.recordDepth === this.ignoredLevel) this.ignoredLevel = 0;
    if (this.depth === this.recordDepth) this.endRecord();
    else if (!this.oversized && !this.tooLong() && this.depth - this.recordDepth === this.frames.length - 1) {
      const frame = this.frames.pop()!;
      if (frame.field !== null && !frame.children) {
        const value = trimSpace(frame.text);
        if (value !== "" || !frame.attributed) frame.field.column = true;
        if (value !== "") frame.field.values.push(value);
      }
    }
    this.depth--;
    if (this.depth === 0) this.rootClosed = true;
  }

  /** An element holding both text and elements. */
  private mixed(frame: Frame, text: string): void {
    const shown = JSON.stringify(excerpt(shownText(trimSpace(text)), 40));
    if (frame.key === "") {
      this.note(
        "mixed_content",
        `the record <${this.recordName}> holds text of its own (${shown}): a record's values are its elements`,
        null,
      );
      return;
    }
    if (frame.field !== null) frame.field.column = true;
    this.note(
      "mixed_content",
      `<${excerpt(frame.display)}> holds both text (${shown}) and elements: write markup in its text as &lt;b&gt;, or inside <![CDATA[…]]>`,
      frame.key,
    );
  }

  /** Notes the record's first problem; the record is still read, for the cells (the sku) its finding shows. */
  private note(code: RowErrorCode, reason: string, key: string | null): void {
    this.problem ??= { code, reason, key };
  }

  /**
   * Whether the open record is longer than the limit at `position` (default: where the parser is,
   * in an event); if so, it is dropped from here on.
   */
  private tooLong(position = this.parser.position): boolean {
    if (position - this.recordStart <= this.max) return false;
    this.oversized = true;
    this.frames = [];
    this.fields = new Map();
    return true;
  }

  private endRecord(): void {
    this.records++;
    this.endedRecord = true;
    const line = this.recordLine;
    if (this.oversized || this.tooLong()) {
      const reason = `the record <${this.recordName}> is longer than ${this.max} characters, the limit of one record`;
      this.out.push({ line, cells: [], problem: { code: "record_too_long", reason, column: null } });
    } else {
      const own = this.frames[0]!;
      if (!own.children && !isBlank(own.text)) this.mixed(own, own.text);
      this.out.push(this.toRecord(line));
    }
    this.recordDepth = -1;
    this.frames = [];
    this.fields = new Map();
    this.problem = null;
    this.oversized = false;
  }

  private toRecord(line: number): RawRecord {
    const cells: Cell[] = [];
    const noted = this.problem;
    let problem: RawRecord["problem"] = noted === null ? undefined : { code: noted.code, reason: noted.reason, column: null };
    for (const [key, field] of this.fields) {
      if (!field.column) continue;
      const index = this.columns.indexOf(key);
      if (index < 0) {
        const reason = `the feed has more than ${this.columns.names.length} distinct columns; "${excerpt(key)}" is one too many`;
        return { line, cells, problem: problem ?? { code: "too_many_keys", reason, column: null } };
      }
      let values = alignedValues(field);
      if (noted !== null && noted.key === key) problem = { code: noted.code, reason: noted.reason, column: index + 1 };
      // Undecodable bytes are marked in the text (see decode.ts): the record is refused, naming the
      // cell, whose value (shown with U+FFFD) only its finding shows. A U+FFFD in the file is a character.
      const bad = values.find((v) => hasUndecodable(v));
      if (bad !== undefined) {
        problem ??= { code: "invalid_utf8", reason: invalidUtf8(bad), column: index + 1 };
        values = values.map(shownText);
      }
      cells[index] = values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
    }
    return problem === undefined ? { line, cells } : { line, cells, problem };
  }

  /**
   * Keeps saxes' memory within the limits after each piece of text: it holds a text, a comment or
   * CDATA section whole until it ends, so one that belongs to nothing kept (outside the records,
   * or in a record already too long) is emptied once longer than the record limit; a name, an
   * entity reference, a tag or the declarations before the root longer than the token limit are an
   * io error. What this empties is never read, so records do not depend on where chunks are cut.
   */
  private guard(): void {
    // Between writes saxes' position counts the last chunk twice: the characters given it are
    // counted here instead, less one it may hold back (a CR or half a surrogate pair), so the
    // record is never found longer than it is.
    const position = this.given - 1;
    if (this.recordDepth >= 0 && !this.oversized) this.tooLong(position);
    const buffers = this.buffers;
    if (this.inTag) {
      if (position - this.tagStart > this.tokenChars) this.tooBig(`a tag longer than ${this.tokenChars} characters`, this.tagLine);
    } else if (buffers.text.length > this.max) {
      if (!this.sawRoot) {
        if (buffers.text.length > this.tokenChars)
          this.tooBig(`more than ${this.tokenChars} characters of declarations before its root element`, this.parser.line);
      } else if (this.recordDepth < 0 || this.oversized) buffers.text = "";
    }
    if (buffers.name.length > this.tokenChars || buffers.entity.length > this.tokenChars) {
      this.tooBig(`a name or entity reference longer than ${this.tokenChars} characters`, this.parser.line);
    }
  }

  private tooBig(what: string, line: number): never {
    throw new PricelintError("io", `the XML has ${what} (line ${line}): it is not a feed pricelint can read`);
  }
}

/**
 * A field's values as its cell gives them: an attribute of an element repeated has one per
 * element, "" for those after its last one that lack it; none when every one is "" (the attribute
 * given nowhere with a value, as an empty attribute of one element is absent).
 */
function alignedValues(field: Field): string[] {
  const values = field.values;
  if (!values.some((v) => v !== "")) return [];
  if (field.owner !== null) while (values.length < field.owner.occurrences) values.push("");
  return values;
}
