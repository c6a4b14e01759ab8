/**
 * XML feeds (src/io/xml.ts, format "xml"): RSS 2.0 items and Atom entries as records, their child
 * elements as columns by local name, streamed with saxes; what is refused, and why.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { writeXml } from "../bench/formats/xml.js";
import { validateConfig } from "../src/config/parse-config.js";
import { formatNamed, formatOfPath } from "../src/io/formats/registry.js";
import { xml } from "../src/io/formats/xml.js";
import type { ReadLimits } from "../src/io/limits.js";
import { readFeedFile } from "../src/io/read-feed.js";
import type { RawRecord, RecordBatch } from "../src/io/record.js";
import { MAX_DOCUMENT_DEPTH, MAX_RECORD_DEPTH, readXml, type XmlReadOptions } from "../src/io/xml.js";
import { check, formatJson, type ConfigInput, type PricelintError } from "../src/index.js";
import { failure } from "./helpers/failure.js";
import { UNDECODABLE } from "../src/io/undecodable.js";

async function* fromChunks(pieces: readonly string[]): AsyncGenerator<string> {
  for (const piece of pieces) yield piece;
}

interface Read {
  readonly columns: readonly string[];
  readonly records: RawRecord[];
  /** The io error that ended the document, if one did (after the records before it). */
  readonly error: string | null;
}

/** Every record a text gives (holes in cells as undefined), and the error that ends it, if any. */
async function read(pieces: string | readonly string[], options: XmlReadOptions = {}): Promise<Read> {
  return collect(readXml(fromChunks(typeof pieces === "string" ? [pieces] : pieces), options));
}

async function collect(batches: AsyncIterable<RecordBatch>): Promise<Read> {
  let columns: readonly string[] = [];
  const records: RawRecord[] = [];
  try {
    for await (const batch of batches) {
      columns = [...batch.columns];
      records.push(...batch.records.map((r) => ({ ...r, cells: [...r.cells] })));
    }
  } catch (error) {
    if ((error as PricelintError).name !== "PricelintError" || (error as PricelintError).code !== "io") throw error;
    return { columns, records, error: (error as Error).message };
  }
  return { columns, records, error: null };
}

/** The io error a text gives. */
async function ioError(text: string | readonly string[], options: XmlReadOptions = {}): Promise<string> {
  const { error } = await read(text, options);
  expect(error).not.toBeNull();
  return error!;
}

const G = 'xmlns:g="http://base.google.com/ns/1.0"';
/** An RSS document holding these items. */
const rss = (...items: string[]) =>
  `<rss ${G} version="2.0"><channel><title>t</title>${items.map((i) => `<item>${i}</item>`).join("")}</channel></rss>`;
const fixture = (name: string) => readFileSync(join("fixtures/xml", name), "utf8");

describe("XML records and columns", () => {
  it("RSS 2.0 with the g: namespace: local names are columns, nested elements flatten with a dot, repeats are lists", async () => {
    const { columns, records, error } = await read(fixture("rss.xml"));
    expect(error).toBeNull();
    expect(columns).toStrictEqual(["id", "title", "price", "sale_price", "shipping.country", "shipping.price", "additional_image_link"]);
    expect(records).toStrictEqual([
      { line: 7, cells: ["A1", "Kettle & toaster <2 pieces>", "15.00 USD", undefined, ["US", "CA"], ["4.99 USD", "6.99 USD"]] },
      {
        line: 21,
        cells: [
          "B2",
          "Café & crème",
          "20.00 USD",
          "25.00 USD",
          undefined,
          undefined,
          ["https://shop.example/b2-1.jpg", "https://shop.example/b2-2.jpg"],
        ],
      },
      { line: 31, cells: ["C3", "Mug", "0.00 USD", undefined] },
      { line: 37, cells: ["D4", "Spoon", "1,5 USD"] },
    ]);
  });

  it("Atom 1.0 entries, in the Atom namespace beside g:; attributes are element@name columns", async () => {
    const { columns, records } = await read(fixture("atom.xml"));
    expect(columns).toStrictEqual([
      "id",
      "title",
      "title@type",
      "link@rel",
      "link@href",
      "price",
      "sale_price",
      "sale_price_effective_date",
    ]);
    expect(records).toStrictEqual([
      {
        line: 6,
        cells: [
          "A1",
          "Kettle",
          "text",
          "alternate",
          "https://shop.example/a1",
          "15.00 EUR",
          "12.00 EUR",
          "2026-11-01T00:00+01:00/2026-11-30T23:59+01:00",
        ],
      },
      {
        line: 14,
        cells: [
          "B2",
          "Toaster",
          "text",
          ["alternate", "enclosure"],
          ["https://shop.example/b2", "https://shop.example/b2.jpg"],
          "30.00 EUR",
        ],
      },
    ]);
  });

  it("recordElement names other record elements by local name; the record's own attributes are @name columns", async () => {
    // A latin1 file declaring ISO-8859-1, read with the feed's "encoding": "latin1".
    const options = { format: xml, encoding: "latin1", skipLines: 0, recordElement: "product" } as const;
    const { columns, records } = await collect(readFeedFile("fixtures/xml/supplier.xml", options));
    expect(columns).toStrictEqual(["@sku", "@currency", "name", "prices.list", "prices.promo", "channels.channel"]);
    expect(records).toStrictEqual([
      { line: 5, cells: ["S-1", "EUR", "Caffè in grani", "3.50", "2.99", ["web", "store"]] },
      { line: 10, cells: ["S-2", "EUR", "Tè verde", "4.20", undefined, "web"] },
    ]);
    // Any namespace: a prefixed record element is a record too; the default names are then not records.
    const prefixed = await read(`<x:list xmlns:x="urn:x"><x:product><x:id>1</x:id></x:product><item><id>2</id></item></x:list>`, {
      recordElement: "product",
    });
    expect(prefixed.records).toStrictEqual([{ line: 1, cells: ["1"] }]);
  });

  it("reads CDATA, the predefined entities and numeric references as the text they stand for, trimmed of XML whitespace only", async () => {
    const { records } = await read(
      rss(
        "<title>&lt;b&gt; &quot;A&quot; &apos;B&apos; &amp; &#233;&#x20AC;&#x1F600;</title>" +
          "<description><![CDATA[ <p>Tom & Jerry</p> ]]></description>" +
          "<note>one <![CDATA[two]]> three<!-- a comment --> four</note>" +
          "<nbsp>&#160;12.00&#160;</nbsp><lines>\n\t  a\r\n  b  \n</lines>",
      ),
    );
    expect(records[0]!.cells).toStrictEqual([
      "<b> \"A\" 'B' & é€😀",
      "<p>Tom & Jerry</p>",
      "one two three four",
      "\u00a012.00\u00a0",
      "a\n  b",
    ]);
  });

  it("numbers a record by the line of its start tag, with LF, CRLF or CR line ends, and a start tag over two lines", async () => {
    const text = '<r>\r\n<item>\r\n<id>1</id></item>\r<item\n  a="x"><id>2</id></item>\n<item\r\n/></r>';
    const { columns, records } = await read(text);
    expect(columns).toStrictEqual(["id", "@a"]);
    expect(records).toStrictEqual([
      { line: 2, cells: ["1"] },
      { line: 4, cells: ["2", "x"] },
      { line: 6, cells: [] },
    ]);
  });

  it("reads an empty element as absent, like an empty CSV cell; an element with attributes and no text gives only their columns", async () => {
    const { columns, records } = await read(
      rss(`<g:id>A</g:id><g:sale_price/><g:price>  </g:price><g:size></g:size><link href="u"/><g:price currency="EUR"></g:price>`),
    );
    expect(columns).toStrictEqual(["id", "sale_price", "price", "size", "link@href", "price@currency"]);
    // The attribute of the second <g:price>, the first having none: one value per element, so that a repeated element's attributes pair (W28).
    expect(records[0]!.cells).toStrictEqual(["A", undefined, undefined, undefined, "u", ["", "EUR"]]);
    // An empty repeat is no list item; one value left is one value.
    const repeats = await read(rss("<tag>a</tag><tag/><tag> </tag>", "<tag/><tag>b</tag><tag>c</tag>"));
    expect(repeats.records.map((r) => r.cells)).toStrictEqual([["a"], [["b", "c"]]]);
  });

  it("gives the same records, and the same error, however the text is cut", async () => {
    const latin1 = readFileSync("fixtures/xml/supplier.xml").toString("latin1");
    const texts: [string, XmlReadOptions][] = [
      [fixture("rss.xml"), {}],
      [fixture("atom.xml"), {}],
      [latin1, { recordElement: "product", encoding: "latin1" }],
      [`\uFEFF  <r><item a="1">x<b>y</b></item><item><price>1</price><g:price ${G}>2</g:price></item></r>`, {}],
      [rss("<g:id>A</g:id>", "<g:id>B</g:id><g:price>1", "<g:id>C</g:id>"), {}],
      [rss("<id>1</id>", "<id>2</id></itm>"), {}],
      ["sku,channel,price\nA,web,1.00\n", {}],
      [rss("<id>1</id>", `<id>${"x".repeat(40)}</id>`, "<id>3</id>"), { limits: { recordChars: 60, jsonKeys: 10 } }],
    ];
    for (const [text, options] of texts) {
      const whole = await read(text, options);
      for (let cut = 0; cut <= text.length; cut++) {
        expect(await read([text.slice(0, cut), text.slice(cut)], options), `cut at ${cut} of ${text.slice(0, 30)}`).toStrictEqual(whole);
      }
      expect(await read([...text], options)).toStrictEqual(whole);
    }
  });
});

describe("XML records refused", () => {
  it("W14 two different elements giving one column are a problem record naming both: namespaces are not merged", async () => {
    const { columns, records } = await read(
      rss(
        "<g:id>A</g:id><price>1.00</price><g:price>2.00</g:price>",
        "<g:id>B</g:id><g:shipping><g:price>1</g:price></g:shipping><g:shipping><price>2</price></g:shipping>",
        '<g:id>C</g:id><a.b>1</a.b><a><b>2</b></a><link g:href="x" href="y"/>',
        "<g:id>D</g:id><g:price>1.00</g:price><g:price>2.00</g:price>",
      ),
    );
    expect(columns).toStrictEqual(["id", "price", "shipping.price", "a.b", "link@href"]);
    expect(records).toStrictEqual([
      {
        line: 1,
        cells: ["A", "1.00"],
        problem: {
          code: "name_collision",
          reason:
            '"price" and "g:price" both give column "price": pricelint does not merge different elements into one column; list the one not meant in "ignoreColumns" as written here, or keep one of them',
          column: 2,
        },
      },
      {
        line: 1,
        cells: ["B", undefined, "1"],
        problem: {
          code: "name_collision",
          reason:
            '"g:shipping/g:price" and "g:shipping/price" both give column "shipping.price": pricelint does not merge different elements into one column; list the one not meant in "ignoreColumns" as written here, or keep one of them',
          column: 3,
        },
      },
      {
        line: 1,
        cells: ["C", undefined, undefined, "1", "x"],
        problem: {
          code: "name_collision",
          reason:
            '"a.b" and "a/b" both give column "a.b": pricelint does not merge different elements into one column; list the one not meant in "ignoreColumns" as written here, or keep one of them',
          column: 4,
        },
      },
      // The same element twice is a list, not a collision.
      { line: 1, cells: ["D", ["1.00", "2.00"]] },
    ]);
    // Attributes of two namespaces on one element (the first problem of a record is its reason).
    const attributes = await read(`<r xmlns:x="urn:x"><item x:id="1" id="2"/></r>`);
    expect(attributes.records[0]!.problem).toStrictEqual({
      code: "name_collision",
      reason:
        '"@x:id" and "@id" both give column "@id": pricelint does not merge different elements into one column; list the one not meant in "ignoreColumns" as written here, or keep one of them',
      column: 1,
    });
  });

  it("W15 mixed content (text beside elements, in an element or in the record itself) is a problem record; whitespace between elements is not text", async () => {
    const { records } = await read(
      rss(
        "<g:id>A</g:id><description>Great <b>value</b>!</description>",
        "<g:id>B</g:id><g:shipping>US<g:price>4.99 USD</g:price></g:shipping>",
        "<g:id>C</g:id>stray text",
        "  \n\t  <g:id>D</g:id>\n  <g:shipping>\n    <g:price>1</g:price>\n  </g:shipping>\n",
      ),
    );
    expect(records.map((r) => r.problem ?? null)).toStrictEqual([
      {
        code: "mixed_content",
        reason: '<description> holds both text ("Great") and elements: write markup in its text as &lt;b&gt;, or inside <![CDATA[…]]>',
        column: 2,
      },
      {
        code: "mixed_content",
        reason: '<g:shipping> holds both text ("US") and elements: write markup in its text as &lt;b&gt;, or inside <![CDATA[…]]>',
        column: 4,
      },
      {
        code: "mixed_content",
        reason: 'the record <item> holds text of its own ("stray text"): a record\'s values are its elements',
        column: null,
      },
      null,
    ]);
    // The record still carries its cells, so its finding names the sku.
    expect(records.map((r) => r.cells[0])).toStrictEqual(["A", "B", "C", "D"]);
    expect((await read("<r><item>ABC</item></r>")).records[0]!.problem!.reason).toBe(
      'the record <item> holds text of its own ("ABC"): a record\'s values are its elements',
    );
  });

  it(`W16 elements nested more than ${MAX_RECORD_DEPTH} levels below a record make it a problem record; the next record is read`, async () => {
    const deep = `<g:id>A</g:id>${"<x>".repeat(MAX_RECORD_DEPTH + 1)}1${"</x>".repeat(MAX_RECORD_DEPTH + 1)}`;
    const atLimit = `<g:id>B</g:id>${"<x>".repeat(MAX_RECORD_DEPTH)}2${"</x>".repeat(MAX_RECORD_DEPTH)}`;
    const { columns, records } = await read(rss(deep, atLimit));
    expect(records[0]).toStrictEqual({
      line: 1,
      cells: ["A"],
      problem: { code: "nested_too_deep", reason: "elements nest more than 32 levels deep in the record <item>", column: null },
    });
    expect(records[1]).toStrictEqual({ line: 1, cells: ["B", "2"] });
    expect(columns[1]).toBe(Array.from({ length: MAX_RECORD_DEPTH }, () => "x").join("."));
  });

  it("W20 a record element inside a record makes the outer record a problem record, not the inner one's columns; the next record is read", async () => {
    const { columns, records } = await read(
      rss("<g:id>N2</g:id><g:price>10.00 EUR</g:price><item><g:id>N3</g:id></item>", "<g:id>N4</g:id>"),
    );
    expect(records).toHaveLength(2);
    expect(records[0]!.problem).toStrictEqual({
      code: "nested_record",
      reason: "the record <item> holds another <item> (line 1): records do not nest, so neither is read; give each record its own element",
      column: null,
    });
    expect(records[1]).toStrictEqual({ line: 1, cells: ["N4"] });
    expect(columns[0]).toBe("id");
  });

  it("W17 a record longer than limits.recordChars is record_too_long, its text dropped unread, and the next record is read", async () => {
    // <item><id>1</id></item> is 23 characters; the second item's is 23 + 40.
    const limits: ReadLimits = { recordChars: 60, jsonKeys: 100 };
    const text = rss("<id>1</id>", `<id>${"x".repeat(40)}</id>`, "<id>3</id>");
    const { records } = await read(text, { limits });
    expect(records).toStrictEqual([
      { line: 1, cells: ["1"] },
      {
        line: 1,
        cells: [],
        problem: {
          code: "record_too_long",
          reason: "the record <item> is longer than 60 characters, the limit of one record",
          column: null,
        },
      },
      { line: 1, cells: ["3"] },
    ]);
    // A limit of exactly the record's length keeps it.
    expect(
      (await read(rss(`<id>${"x".repeat(40)}</id>`), { limits: { recordChars: 63, jsonKeys: 100 } })).records[0]!.problem,
    ).toBeUndefined();
    // At the default limit: a 3 MB description, in text or CDATA, read in 64 KB chunks.
    const huge = "y".repeat(3 << 20);
    const chunks = (s: string) => Array.from({ length: Math.ceil(s.length / 65536) }, (_, i) => s.slice(i * 65536, (i + 1) * 65536));
    for (const body of [huge, `<![CDATA[${huge}]]>`]) {
      const big = await read(chunks(rss("<id>1</id>", `<id>2</id><description>${body}</description>`, "<id>3</id>")));
      expect(big.records.map((r) => [r.cells[0] ?? null, r.problem?.code ?? null])).toStrictEqual([
        ["1", null],
        [null, "record_too_long"],
        ["3", null],
      ]);
    }
  });

  it("W18 distinct columns are limited by limits.jsonKeys: the record that brings one more is too_many_keys", async () => {
    const { columns, records } = await read(rss("<a>1</a><b>2</b>", "<a>3</a><c>4</c>"), { limits: { recordChars: 1000, jsonKeys: 2 } });
    expect(columns).toStrictEqual(["a", "b"]);
    expect(records[1]).toStrictEqual({
      line: 1,
      cells: ["3"],
      problem: { code: "too_many_keys", reason: 'the feed has more than 2 distinct columns; "c" is one too many', column: null },
    });
  });

  it("W19 text that was not valid UTF-8 (marked by the decoder) makes the record a problem naming the cell", async () => {
    const { records } = await read(rss(`<id>A</id><title>Caf${UNDECODABLE}</title>`));
    expect(records[0]!.problem).toStrictEqual({
      code: "invalid_utf8",
      reason: 'invalid UTF-8 in "Caf\uFFFD" (shown as \uFFFD): if the file is latin1 or windows-1252, set the feed\'s "encoding"',
      column: 2,
    });
    // The cell as its finding shows it.
    expect(records[0]!.cells).toStrictEqual(["A", "Caf\uFFFD"]);
  });
});

describe("XML files that cannot be read: io errors", () => {
  it("W01 an empty or blank file", async () => {
    const empty = "the file is empty or blank: an XML feed has a root element holding its records";
    expect(await ioError("")).toBe(empty);
    expect(await ioError(["  \n", "\t\r\n "])).toBe(empty);
    expect(await ioError("\uFEFF\n")).toBe(empty);
  });

  it("W02 text that is not XML (a CSV named .xml, a binary file)", async () => {
    expect(await ioError("sku,channel,price\nA,web,1.00\n")).toBe(
      'the file is not XML: it starts with "sku,channel,price", where XML starts with "<" (is the feed\'s format right? a .xml file is read as XML)',
    );
    expect(await ioError("PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000\u0000\u0000!\u0000")).toBe(
      'the file is not XML: it starts with "PK\\u0003\\u0004\\u0014\\u0000\\u0006\\u0000\\b\\u0000\\u0000\\u0000!\\u0000", where XML starts with "<" (is the feed\'s format right? a .xml file is read as XML)',
    );
    // Only the first 40 characters of the first line are quoted.
    expect(await ioError(`  ${"z".repeat(50)}`)).toContain(`it starts with "${"z".repeat(40)}", where`);
  });

  it("W03 binary bytes after a '<': not well-formed, with line and column", async () => {
    expect(await ioError("<rss>\n<item>\u0000\u0001</item></rss>")).toBe(
      "the XML is not well-formed at line 2, column 7: disallowed character",
    );
  });

  it("W04 a truncated file: the records before are handed on, the half record is not", async () => {
    const text = rss("<g:id>A</g:id>", "<g:id>B</g:id>", "<g:id>C</g:id><g:price>1.00 US");
    const { records } = await read(text.slice(0, text.indexOf(" US") + 3));
    expect(records.map((r) => r.cells)).toStrictEqual([["A"], ["B"]]);
    // saxes says where the text ends: after its last character, on its one line.
    const cut = text.slice(0, text.indexOf(" US") + 3);
    expect((await read(cut)).error).toBe(
      `the XML is not well-formed at line 1, column ${cut.length}: unclosed tag: g:price (the file ends before its elements close: is it cut short?)`,
    );
  });

  it("W05 a mismatched end tag: the record it would close is not handed on", async () => {
    const { records, error } = await read("<rss>\n<item><id>1</id></item>\n<item><id>2</id></itm>\n</rss>");
    expect(records.map((r) => r.cells)).toStrictEqual([["1"]]);
    // Line 3 is <item><id>2</id></itm>: the ">" of </itm> is its 22nd character.
    expect(error).toBe("the XML is not well-formed at line 3, column 22: unexpected close tag (the element open there is <item>)");
    expect(await ioError("<rss><item><id>1</idd></item></rss>")).toBe(
      "the XML is not well-formed at line 1, column 22: unexpected close tag (the element open there is <id>)",
    );
  });

  it("W06 garbage after the root element, and a second root", async () => {
    expect(await ioError("<rss><item><id>1</id></item></rss>\nsku,price")).toBe(
      "the XML is not well-formed at line 2, column 9: text data outside of root node (after the end of the root element <rss>)",
    );
    // saxes tells a second root once it has read the character after its name (the "/" of <rss/>, the 39th).
    expect(await ioError("<rss><item><id>1</id></item></rss><rss/>")).toBe(
      "the XML is not well-formed at line 1, column 39: documents may contain only one root (after the end of the root element <rss>)",
    );
  });

  it("W07 an entity XML does not define (an HTML entity), a namespace prefix never declared, a name with two colons", async () => {
    expect(await ioError("<rss><item><title>a&nbsp;b</title></item></rss>")).toBe(
      "the XML is not well-formed at line 1, column 25: undefined entity (XML defines only &amp; &lt; &gt; &quot; &apos; and numeric references: an HTML entity such as &nbsp; is written &#160; in XML)",
    );
    // The column is that of the character where saxes finds the fault: the ";" ending &nbsp; is the 25th; the ">" of <g:id>, the 17th.
    expect(await ioError("<rss><item><g:id>1</g:id></item></rss>")).toBe(
      'the XML is not well-formed at line 1, column 17: unbound namespace prefix: "g" (declare it on the root element, e.g. xmlns:g="http://base.google.com/ns/1.0")',
    );
    expect(await ioError("<rss><item><a:b:c>1</a:b:c></item></rss>")).toBe(
      "the XML is not well-formed at line 1, column 18: malformed name: a:b:c",
    );
    // A prefix bound on the record element itself, and one bound again inside: the element's own namespace counts;
    // out of its element a prefix is unbound again (the ">" of the second <p:id> is the 40th character).
    const scoped = await read(
      `<rss><item xmlns:p="urn:a"><p:price>1</p:price><q xmlns:p="urn:b"><p:x>2</p:x></q></item><item><price>3</price></item></rss>`,
    );
    // Neither is the record's namespace (none) nor Google's: their elements are named as written (W30).
    expect(scoped.columns).toStrictEqual(["p:price", "q.p:x", "price"]);
    expect(scoped.records.map((r) => r.cells)).toStrictEqual([
      ["1", "2"],
      [undefined, undefined, "3"],
    ]);
    expect(await ioError('<rss><item xmlns:p="urn:a"/><item><p:id>1</p:id></item></rss>')).toBe(
      'the XML is not well-formed at line 1, column 40: unbound namespace prefix: "p" (declare it on the root element, e.g. xmlns:g="http://base.google.com/ns/1.0")',
    );
  });

  it("W08 no record element: says which were expected and which were seen, and suggests recordElement", async () => {
    expect(await ioError("<catalog><products><product><id>1</id></product></products></catalog>")).toBe(
      'no records in the XML: expected <item> (RSS) or <entry> (Atom) elements, but its root is <catalog>, holding <products>, <product>, <id>; if the records are other elements, set the feed\'s "recordElement" to their name (e.g. "product")',
    );
    expect(await ioError(`<rss ${G}><channel><title>t</title></channel></rss>`, { recordElement: "product" })).toBe(
      'no records in the XML: expected <product> elements (the feed\'s "recordElement"), but its root is <rss>, holding <channel>, <title>; set "recordElement" to the name of the elements that are records',
    );
    expect(await ioError("<rss/>")).toBe(
      'no records in the XML: expected <item> (RSS) or <entry> (Atom) elements, but its root <rss> holds no elements; if the records are other elements, set the feed\'s "recordElement" to their name (e.g. "product")',
    );
  });

  it(`W09 elements nested more than ${MAX_DOCUMENT_DEPTH} levels deep in the document`, async () => {
    const deep = "<a>".repeat(MAX_DOCUMENT_DEPTH + 1) + "</a>".repeat(MAX_DOCUMENT_DEPTH + 1);
    expect(await ioError(deep)).toBe(
      `the XML nests elements more than ${MAX_DOCUMENT_DEPTH} levels deep (line 1): a feed's records are elements a few levels down`,
    );
  });

  it("W10 an XML declaration naming another encoding than the feed's; the usual names of the same encoding are accepted", async () => {
    const declared = (name: string) => `<?xml version="1.0" encoding="${name}"?>\n<rss><item><id>1</id></item></rss>`;
    expect(await ioError(declared("ISO-8859-1"))).toBe(
      'the XML declares encoding="ISO-8859-1" but the feed is read as utf-8: set the feed\'s "encoding" to "latin1"',
    );
    expect(await ioError(declared("windows-1252"), { encoding: "latin1" })).toBe(
      'the XML declares encoding="windows-1252" but the feed is read as latin1: set the feed\'s "encoding" to "windows-1252"',
    );
    expect(await ioError(declared("UTF-8"), { encoding: "windows-1252" })).toBe(
      'the XML declares encoding="UTF-8" but the feed is read as windows-1252: remove the feed\'s "encoding" (UTF-8 is the default)',
    );
    expect(await ioError(declared("Shift_JIS"))).toBe(
      'the XML declares encoding="Shift_JIS", which pricelint does not read: save the feed as UTF-8 (or as latin1 or windows-1252, and set the feed\'s "encoding")',
    );
    const accepted: [string, XmlReadOptions][] = [
      ["UTF-8", {}],
      ["utf8", {}],
      ["US-ASCII", { encoding: "latin1" }],
      ["latin1", { encoding: "latin1" }],
      ["iso-8859-1", { encoding: "latin1" }],
      ["CP1252", { encoding: "windows-1252" }],
      ["Windows-1252", { encoding: "windows-1252" }],
    ];
    // A name the XML allows but no encoding has (nor any property of a plain object).
    expect(await ioError(declared("constructor"))).toBe(
      'the XML declares encoding="constructor", which pricelint does not read: save the feed as UTF-8 (or as latin1 or windows-1252, and set the feed\'s "encoding")',
    );
    for (const [name, options] of accepted) expect((await read(declared(name), options)).error, name).toBeNull();
  });
});

describe("XML security: entities are never expanded, fetched or read", () => {
  const secretDir = mkdtempSync(join(tmpdir(), "pricelint-xxe-"));
  const SECRET = "TOP-SECRET-7f3a9c";
  writeFileSync(join(secretDir, "secret.txt"), SECRET);
  writeFileSync(join(secretDir, "secret.dtd"), `<!ENTITY secret "${SECRET}">`);
  const refused =
    "the XML declares entities in its DOCTYPE (<!ENTITY …>): pricelint never expands or fetches entities, which can read local files or grow without bound; remove the DOCTYPE from the feed";

  /** Every record and message a document gives, read alone and through check(). */
  async function everything(document: string): Promise<{ read: Read; checked: PricelintError }> {
    writeFileSync(join(secretDir, "p.xml"), document);
    const config: ConfigInput = { currency: "EUR", feeds: [{ kind: "prices", path: join(secretDir, "p.xml") }], rules: ["all"] };
    return { read: await read(document), checked: await failure(check(config, { at: new Date("2026-11-20T12:00:00Z") })) };
  }

  it("W11 XXE: a SYSTEM entity naming a local file is refused, and the file's text is in no record and no message", async () => {
    const url = `file://${join(secretDir, "secret.txt")}`;
    for (const document of [
      `<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "${url}"> ]>\n<rss><channel><item><sku>&xxe;</sku><channel>web</channel><price>1.00</price></item></channel></rss>`,
      `<!DOCTYPE rss [ <!ENTITY % p SYSTEM "${url}"> %p; ]><rss><item><sku>1</sku></item></rss>`,
    ]) {
      const { read: alone, checked } = await everything(document);
      expect(alone.error).toBe(refused);
      expect(alone.records).toStrictEqual([]);
      expect([checked.code, checked.message]).toStrictEqual(["io", `${join(secretDir, "p.xml")}: ${refused}`]);
      expect(JSON.stringify(alone) + checked.message).not.toContain(SECRET);
    }
  });

  it("W13 an external DTD is never fetched: an entity it declares is undefined here", async () => {
    const document = `<!DOCTYPE rss SYSTEM "file://${join(secretDir, "secret.dtd")}">\n<rss><item><sku>&secret;</sku></item></rss>`;
    const { read: alone, checked } = await everything(document);
    expect(alone.error).toMatch(/^the XML is not well-formed at line 2, column 24: undefined entity \(/);
    expect(JSON.stringify(alone) + checked.message).not.toContain(SECRET);
  });

  it("W12 billion laughs: refused at its DOCTYPE, before any entity is used", async () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i < 10; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const document = `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${levels.join("\n")}\n]>\n<rss><item><title>&lol9;</title></item></rss>`;
    const { read: alone, checked } = await everything(document);
    expect(alone.error).toBe(refused);
    expect(checked.code).toBe("io");
  });

  it("a DOCTYPE without entity declarations is read (and not fetched)", async () => {
    const { records } = await read(`<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd">\n<rss><item><id>1</id></item></rss>`);
    expect(records).toStrictEqual([{ line: 2, cells: ["1"] }]);
  });
});

describe("the xml format in the pipeline", () => {
  const AT = new Date("2026-11-20T12:00:00Z");
  const feed = { kind: "prices", columns: { sku: "id" }, constants: { channel: "web" } } as const;

  /** check()'s findings for one prices feed, by the public API and a config object. */
  async function findings(path: string, extra: Record<string, unknown> = {}) {
    const config = { currency: "USD", feeds: [{ ...feed, path, ...extra }], rules: ["all"] } as ConfigInput;
    return JSON.parse(formatJson(await check(config, { at: AT }))) as {
      summary: { rows: unknown };
      findings: {
        id: string;
        rule: string;
        sku: string;
        message: string;
        sources: { file: string; line: number }[];
        values: Record<string, unknown>;
      }[];
    };
  }

  it("an RSS feed's prices are evaluated as the same rows in CSV: the same findings, at the items' lines", async () => {
    const fromXml = await findings("fixtures/xml/rss.xml");
    const fromCsv = await findings("fixtures/xml/rss.csv");
    expect(fromXml.summary.rows).toStrictEqual({ read: 4, accepted: 3, rejected: 1 });
    // Where each finding is: the item's start tag in the XML, the row in the CSV.
    const where = (r: typeof fromXml) => r.findings.map((f) => [f.rule, f.sku, f.sources.map((s) => `${s.file}:${s.line}`)]);
    expect(where(fromXml)).toStrictEqual([
      ["feed/invalid-row", "D4", ["fixtures/xml/rss.xml:37"]],
      ["price/non-positive", "C3", ["fixtures/xml/rss.xml:31"]],
      ["price/sale-not-below-regular", "B2", ["fixtures/xml/rss.xml:21"]],
    ]);
    expect(where(fromCsv)).toStrictEqual([
      ["feed/invalid-row", "D4", ["fixtures/xml/rss.csv:5"]],
      ["price/non-positive", "C3", ["fixtures/xml/rss.csv:4"]],
      ["price/sale-not-below-regular", "B2", ["fixtures/xml/rss.csv:3"]],
    ]);
    // All else is the same, to the amounts' text and the rejected cell's column (price is column 3 in both).
    const unplaced = (r: typeof fromXml) =>
      r.findings.map(({ id, sources: _, message, values, ...f }) => ({
        ...f,
        id: f.rule === "feed/invalid-row" ? "(row: its id hashes the file)" : id,
        message: message.replace(/^fixtures\/xml\/rss\.(xml|csv):\d+/, "FILE:LINE"),
        values: { ...values, ...(f.rule === "feed/invalid-row" ? { file: "FILE", line: 0 } : {}) },
      }));
    expect(unplaced(fromXml)).toStrictEqual(unplaced(fromCsv));
    expect(unplaced(fromXml)[0]!.message).toBe(
      'FILE:LINE:3 (price): "1,5 USD" does not fit this feed\'s number format (decimal ".", grouping ",")',
    );
  });

  it("gzip: a .xml.gz file and gzip bytes under a .xml name give the plain file's report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-xml-gz-"));
    const bytes = readFileSync("fixtures/xml/rss.xml");
    writeFileSync(join(dir, "p.xml"), bytes);
    writeFileSync(join(dir, "z.xml"), gzipSync(bytes));
    writeFileSync(join(dir, "p.xml.gz"), gzipSync(bytes));
    expect(formatOfPath("P.XML.GZ")).toBe(xml);
    const plain = await findings(join(dir, "p.xml"));
    const named = (r: typeof plain, from: string) => JSON.parse(JSON.stringify(noIds(r)).replaceAll(from, join(dir, "p.xml"))) as unknown;
    // The configs name different files: so do their digests (run) and the findings' (digest).
    const noIds = (r: typeof plain) => ({ ...r, run: null, digest: null, findings: r.findings.map((f) => ({ ...f, id: "" })) });
    expect(named(await findings(join(dir, "z.xml")), join(dir, "z.xml"))).toStrictEqual(noIds(plain));
    expect(named(await findings(join(dir, "p.xml.gz")), join(dir, "p.xml.gz"))).toStrictEqual(noIds(plain));
    // Cut short: the gzip error, naming the file.
    writeFileSync(join(dir, "cut.xml.gz"), gzipSync(bytes).subarray(0, 200));
    const cut = await failure(findings(join(dir, "cut.xml.gz")));
    expect(cut.message).toMatch(/cut\.xml\.gz: the gzip data ends early: the file is cut short/);
  });

  it("a feed's io error names the file, and the run reports nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-xml-"));
    writeFileSync(join(dir, "p.xml"), "sku,channel,price\nA,web,1.00\n");
    const error = await failure(findings(join(dir, "p.xml")));
    expect([error.code, error.file, error.message]).toStrictEqual([
      "io",
      join(dir, "p.xml"),
      `${join(dir, "p.xml")}: the file is not XML: it starts with "sku,channel,price", where XML starts with "<" (is the feed's format right? a .xml file is read as XML)`,
    ]);
  });

  it("is the format of .xml files; takes encoding and recordElement, and no delimiter", () => {
    expect(formatOfPath("feeds/Google.XML")).toBe(xml);
    expect(formatNamed("xml")).toBe(xml);
    expect([xml.binary, xml.fixedWidth, xml.sampleKeys]).toStrictEqual([false, false, undefined]);
    const issues = (entry: Record<string, unknown>) => {
      try {
        validateConfig({ feeds: [{ kind: "prices", ...entry }] }, "c.json");
        return [];
      } catch (error) {
        return (error as PricelintError).issues.map((i) => `${i.path}: ${i.message}`);
      }
    };
    expect(issues({ path: "p.xml", encoding: "latin1", recordElement: "product" })).toStrictEqual([]);
    expect(issues({ path: "p.txt", format: "xml", recordElement: "offer" })).toStrictEqual([]);
    expect(issues({ path: "p.xml", delimiter: ";" })).toStrictEqual([
      "feeds[0].delimiter: delimiter applies to csv, tsv feeds; this feed is xml, from its path",
    ]);
    expect(issues({ path: "p.csv", recordElement: "product" })).toStrictEqual([
      "feeds[0].recordElement: recordElement applies to xml feeds; this feed is csv, from its path",
    ]);
  });
});

describe("the benchmark's XML writer", () => {
  it("writes rows as RSS items of g: elements that read back as the same cells", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-xml-bench-"));
    const path = join(dir, "feed.xml");
    const header = ["sku", "channel", "price", "shipping.price", "title"];
    async function* rows() {
      yield ["A1", "web", "1.00", "4.99 EUR", 'Tom & Jerry <"2">'];
      yield ["B2", "store", "2.50", "", "line\r\nbreak"];
    }
    await writeXml(path, header, rows());
    const { columns, records } = await collect(readFeedFile(path, { format: xml, encoding: "utf-8", skipLines: 0 }));
    expect(columns).toStrictEqual(header);
    expect(records).toStrictEqual([
      { line: 7, cells: ["A1", "web", "1.00", "4.99 EUR", 'Tom & Jerry <"2">'] },
      { line: 8, cells: ["B2", "store", "2.50", undefined, "line\r\nbreak"] },
    ]);
  });
});
