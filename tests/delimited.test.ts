import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DelimitedSplitter, readDelimited, type DelimitedOptions } from "../src/io/delimited.js";
import type { RawRecord } from "../src/io/record.js";
import { decode, type Encoding } from "../src/io/decode.js";
import { shownText, UNDECODABLE } from "../src/io/undecodable.js";
import { DEFAULT_LIMITS } from "../src/io/limits.js";

const CSV: DelimitedOptions = { delimiter: ",", skipLines: 0 };

/** Feeds the text whole. */
function split(text: string, options: DelimitedOptions = CSV): { columns: string[]; records: RawRecord[] } {
  const splitter = new DelimitedSplitter(options);
  const records = splitter.push(text, true);
  return { columns: splitter.columns, records };
}

/** Feeds the text in the given pieces, then flushes. */
function splitChunks(pieces: readonly string[], options: DelimitedOptions = CSV): { columns: string[]; records: RawRecord[] } {
  const splitter = new DelimitedSplitter(options);
  const records: RawRecord[] = [];
  for (const piece of pieces) records.push(...splitter.push(piece, false));
  records.push(...splitter.push("", true));
  return { columns: splitter.columns, records };
}

async function* fromChunks(pieces: readonly string[]): AsyncGenerator<string> {
  for (const piece of pieces) yield piece;
}

describe("DelimitedSplitter", () => {
  it("takes the first line as the header and numbers records by the line they start on", () => {
    const { columns, records } = split("id,name\n1,a\n2,b\n");
    expect(columns).toEqual(["id", "name"]);
    expect(records).toEqual([
      { line: 2, cells: ["1", "a"] },
      { line: 3, cells: ["2", "b"] },
    ]);
  });

  it("keeps delimiters inside quoted fields", () => {
    const { records } = split('id,name\n1,"Smith, John",x\n');
    expect(records).toEqual([{ line: 2, cells: ["1", "Smith, John", "x"] }]);
  });

  it("with quotes: false, takes every quote as text and splits each line on the delimiter alone (MIMIT's registry)", () => {
    // A stray quote would otherwise open a cell that runs on to a quote lines later.
    const text = 'id|name|brand\n57095|"GAS AUTO" DI LEO|Sodifa\n38|"MEGA SERVICE|Eni\n39|A "B"|Q8\n';
    const { records } = split(text, { delimiter: "|", skipLines: 0, quotes: false });
    expect(records).toEqual([
      { line: 2, cells: ["57095", '"GAS AUTO" DI LEO', "Sodifa"] },
      { line: 3, cells: ["38", '"MEGA SERVICE', "Eni"] },
      { line: 4, cells: ["39", 'A "B"', "Q8"] },
    ]);
    // With quotes (the default), the same lines are rejected or joined.
    expect(split(text, { delimiter: "|", skipLines: 0 }).records.some((r) => r.problem !== undefined)).toBe(true);
  });

  it("turns doubled quotes into one", () => {
    const { records } = split('id,note\n1,"say ""hi"""\n2,""""\n');
    expect(records.map((r) => r.cells)).toEqual([
      ["1", 'say "hi"'],
      ["2", '"'],
    ]);
  });

  it("keeps line breaks inside quoted fields and counts them in later records' lines", () => {
    const text = 'id,note\n1,"first\nsecond\nthird"\n2,plain\n3,"a\r\nb"\n4,end\n';
    const { records } = split(text);
    expect(records).toEqual([
      { line: 2, cells: ["1", "first\nsecond\nthird"] },
      { line: 5, cells: ["2", "plain"] },
      { line: 6, cells: ["3", "a\r\nb"] },
      { line: 8, cells: ["4", "end"] },
    ]);
  });

  it("strips CRLF line ends, on plain and quoted lines alike", () => {
    const { columns, records } = split('id,name\r\n1,a\r\n2,"b"\r\n3,"c",\r\n4,d');
    expect(columns).toEqual(["id", "name"]);
    expect(records).toEqual([
      { line: 2, cells: ["1", "a"] },
      { line: 3, cells: ["2", "b"] },
      { line: 4, cells: ["3", "c", ""] },
      { line: 5, cells: ["4", "d"] },
    ]);
  });

  it("keeps a carriage return that is part of a quoted value", () => {
    const { records } = split('id,note\n1,"ends with CR\r"\n2,"x\r"\r\n');
    expect(records).toEqual([
      { line: 2, cells: ["1", "ends with CR\r"] },
      { line: 3, cells: ["2", "x\r"] },
    ]);
  });

  it("skips blank lines but still counts them", () => {
    const { records } = split("id\n\n1\n\r\n\n2\n\n");
    expect(records).toEqual([
      { line: 3, cells: ["1"] },
      { line: 6, cells: ["2"] },
    ]);
  });

  it("skips rows whose cells are all empty, quoted or not", () => {
    const { records } = split('a,b\n,\n1,2\n,,\n"",""\n"",3\n');
    expect(records).toEqual([
      { line: 3, cells: ["1", "2"] },
      { line: 6, cells: ["", "3"] },
    ]);
  });

  it("skips the requested physical lines before the header, quotes or not", () => {
    const text = 'Price export\nDisclaimer: "quoted\nid,name\n1,a\n';
    const { columns, records } = split(text, { delimiter: ",", skipLines: 2 });
    expect(columns).toEqual(["id", "name"]);
    expect(records).toEqual([{ line: 4, cells: ["1", "a"] }]);
  });

  it.each([
    ["unquoted header", "\uFEFFid,name\n1,a\n"],
    ["quoted header", '\uFEFF"id","name"\n1,a\n'],
  ])("strips a byte order mark before an %s", (_, text) => {
    const whole = split(text);
    expect(whole.columns).toEqual(["id", "name"]);
    expect(whole.records).toEqual([{ line: 2, cells: ["1", "a"] }]);
    expect(splitChunks(["", text.slice(0, 1), text.slice(1, 3), text.slice(3)])).toEqual(whole);
  });

  it("keeps a byte order mark that is not at the start of the text", () => {
    const { records } = split("id\n\uFEFFx\n");
    expect(records).toEqual([{ line: 2, cells: ["\uFEFFx"] }]);
  });

  it("trims header names", () => {
    expect(split(" id , name \n1,a\n").columns).toEqual(["id", "name"]);
  });

  it("reports an unterminated quote on the line it opens, and reads the next lines as rows (no row swallowed)", () => {
    const { records } = split('id,note\n1,ok\n2,"never closed\n3,x\n');
    expect(records).toEqual([
      { line: 2, cells: ["1", "ok"] },
      {
        line: 3,
        cells: ["2"],
        problem: {
          code: "unterminated_quote",
          reason: "unterminated quoted field: the quote that opens column 2 is never closed",
          column: 2,
        },
      },
      { line: 4, cells: ["3", "x"] },
    ]);
  });

  it("waits for more text rather than reporting a quote still open at a chunk's end", () => {
    const splitter = new DelimitedSplitter(CSV);
    expect(splitter.push('id,note\n1,"open', false)).toEqual([]);
    expect(splitter.push(' then closed"\n', false)).toEqual([{ line: 2, cells: ["1", "open then closed"] }]);
  });

  it("reports text after a closing quote, keeping the text", () => {
    const { records } = split('id,a,b\n1,"ab"c,3\n2,x,y\n');
    expect(records).toEqual([
      {
        line: 2,
        cells: ["1", "abc", "3"],
        problem: { code: "text_after_quote", reason: "unexpected text after a closing quote", column: 2 },
      },
      { line: 3, cells: ["2", "x", "y"] },
    ]);
  });

  it.each([
    ["pipe", "|"],
    ["semicolon", ";"],
    ["tab", "\t"],
  ])("splits on a %s delimiter and leaves commas alone", (_, d) => {
    const text = `id${d}price${d}note\n1${d}12,50${d}"a${d}b"\n2${d}3${d}"x ""y"""\n`;
    const { columns, records } = split(text, { delimiter: d, skipLines: 0 });
    expect(columns).toEqual(["id", "price", "note"]);
    expect(records).toEqual([
      { line: 2, cells: ["1", "12,50", `a${d}b`] },
      { line: 3, cells: ["2", "3", 'x "y"'] },
    ]);
  });

  it.each(['"', "\n", "\r", "", ";;"])("refuses %j as a delimiter", (d) => {
    expect(() => new DelimitedSplitter({ delimiter: d, skipLines: 0 })).toThrow(RangeError);
  });

  it("reads a last line without a line break", () => {
    expect(split("id\n1").records).toEqual([{ line: 2, cells: ["1"] }]);
    expect(split('id\n"1"').records).toEqual([{ line: 2, cells: ["1"] }]);
  });

  describe("chunked input", () => {
    /** Random documents from random cell matrices: each cell quoted when it must be, or at random. */
    const cellChar = fc.constantFrom("a", "b", "Z", "1", " ", ",", ";", '"', "\n", "\r", "é", "€", "\t");
    const cell = fc.string({ unit: cellChar, maxLength: 6 });
    const headerCell = fc.string({ unit: fc.constantFrom("a", "b", "c", "_"), minLength: 1, maxLength: 4 });
    const documents = fc
      .integer({ min: 1, max: 4 })
      .chain((width) =>
        fc.record({
          delimiter: fc.constantFrom(",", ";", "|", "\t"),
          header: fc.array(headerCell, { minLength: width, maxLength: width }),
          rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
          quoteAnyway: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
          crlf: fc.boolean(),
          finalBreak: fc.boolean(),
        }),
      )
      .map(({ delimiter, header, rows, quoteAnyway, crlf, finalBreak }) => {
        const eol = crlf ? "\r\n" : "\n";
        let n = 0;
        const encode = (value: string): string => {
          const must = value.includes(delimiter) || /["\r\n]/.test(value);
          return must || quoteAnyway[n++ % quoteAnyway.length] ? `"${value.replaceAll('"', '""')}"` : value;
        };
        let text = header.map(encode).join(delimiter) + eol;
        const expected: { line: number; cells: string[] }[] = [];
        rows.forEach((row, i) => {
          // The line a record starts on: one more than the line breaks written before it.
          const line = text.split("\n").length;
          text += row.map(encode).join(delimiter);
          if (i < rows.length - 1 || finalBreak) text += eol;
          if (!row.every((c) => c === "")) expected.push({ line, cells: row });
        });
        return { delimiter, header, text, expected };
      });

    /** Cut points anywhere in the text, including inside a CRLF pair or right after a quote. */
    const withCuts = documents.chain((doc) =>
      fc
        .uniqueArray(fc.integer({ min: 0, max: doc.text.length }), { maxLength: 12 })
        .map((cuts) => ({ ...doc, cuts: [...cuts].sort((a, b) => a - b) })),
    );

    const piecesOf = (text: string, cuts: readonly number[]): string[] => {
      const pieces: string[] = [];
      let from = 0;
      for (const cut of cuts) {
        pieces.push(text.slice(from, cut));
        from = cut;
      }
      pieces.push(text.slice(from));
      return pieces;
    };

    it("reads the original matrix back, the same whole or in random chunks", () => {
      fc.assert(
        fc.property(withCuts, ({ delimiter, header, text, expected, cuts }) => {
          const options = { delimiter, skipLines: 0 };
          const whole = split(text, options);
          expect(whole.columns).toEqual(header);
          expect(whole.records).toEqual(expected);
          expect(splitChunks(piecesOf(text, cuts), options)).toEqual(whole);
        }),
        { numRuns: 1500 },
      );
    });

    it("gives the same records for one character at a time", () => {
      fc.assert(
        fc.property(documents, ({ delimiter, text }) => {
          const options = { delimiter, skipLines: 0 };
          expect(splitChunks([...text], options)).toEqual(split(text, options));
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe("DelimitedSplitter with a sink passing over other shards' lines", () => {
  type Event = readonly unknown[];
  /** Splits the text in pieces into sink events; with `passed`, lines whose first cell is one of those keys are passed over. */
  function events(pieces: readonly string[], recordChars: number, passed: ReadonlySet<string> | null): Event[] {
    const out: Event[] = [];
    const splitter = new DelimitedSplitter({
      delimiter: ",",
      skipLines: 0,
      limits: { ...DEFAULT_LIMITS, recordChars },
      sink: {
        keyColumn: passed === null ? -1 : 0,
        header: (columns) => out.push(["header", ...columns]),
        pass(text, start, end) {
          const key = text.slice(start, end);
          if (!passed?.has(key)) return false;
          out.push(["pass", key]);
          return true;
        },
        line(text, bounds, count, line) {
          out.push(["line", line, ...Array.from({ length: count }, (_, c) => text.slice(bounds[2 * c], bounds[2 * c + 1]))]);
          return true;
        },
        record: (record) => out.push(["record", record.line, record.cells, record.problem?.reason ?? null]),
      },
    });
    for (const piece of pieces) expect(splitter.push(piece, false)).toEqual([]);
    expect(splitter.push("", true)).toEqual([]);
    return out;
  }

  // Runs of lines with one key, as a file grouped by sku has them; other cells with quotes,
  // line breaks inside quotes, carriage returns, and some lines longer than the limit.
  const other = fc.oneof(fc.constantFrom("1", "x y", '"q,1"', '"two\nlines"', '"open', "\r", ""), fc.constant("z".repeat(40)));
  const run = fc.tuple(
    fc.constantFrom("A", "B", "C", "", " A"),
    fc.array(fc.array(other, { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
  );
  const documents = fc.record({
    runs: fc.array(run, { maxLength: 8 }),
    crlf: fc.boolean(),
    passed: fc.subarray(["A", "B", "C", " A"]),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 600 }), { maxLength: 8 }),
  });

  it("hands every other line on as without passing, on the same line numbers", () => {
    fc.assert(
      fc.property(documents, ({ runs, crlf, passed, cuts }) => {
        const eol = crlf ? "\r\n" : "\n";
        const text = ["k,a,b", ...runs.flatMap(([key, lines]) => lines.map((cells) => [key, ...cells].join(",")))].join(eol) + eol;
        const pieces: string[] = [];
        let from = 0;
        for (const cut of [...cuts].sort((a, b) => a - b).filter((c) => c < text.length)) {
          pieces.push(text.slice(from, cut));
          from = cut;
        }
        pieces.push(text.slice(from));
        const all = events([text], 30, null);
        const sharded = events(pieces, 30, new Set(passed));
        // One event each, in order: a line passed over stands for the plain line with its key.
        expect(sharded.length).toBe(all.length);
        sharded.forEach((event, i) => {
          if (event[0] === "pass") expect([all[i]![0], all[i]![2]]).toStrictEqual(["line", event[1]]);
          else expect(event).toStrictEqual(all[i]);
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe("readDelimited", () => {
  it("streams batches whose records match the splitter's", async () => {
    const text = 'sku;price\nA;"1,50"\nB;2\n';
    const batches = [];
    for await (const batch of readDelimited(fromChunks([text.slice(0, 13), text.slice(13)]), { delimiter: ";", skipLines: 0 })) {
      batches.push(batch);
    }
    expect(batches.every((b) => b.columns.join() === "sku,price")).toBe(true);
    expect(batches.flatMap((b) => b.records)).toEqual([
      { line: 2, cells: ["A", "1,50"] },
      { line: 3, cells: ["B", "2"] },
    ]);
  });

  it("yields the header of a feed without rows", async () => {
    const batches = [];
    for await (const batch of readDelimited(fromChunks(["id,name\n"]), CSV)) batches.push(batch);
    expect(batches).toEqual([{ columns: ["id", "name"], headerLine: 1, records: [] }]);
  });
});

describe("decode", () => {
  const collect = async (chunks: Uint8Array[], encoding: Encoding) => {
    async function* source() {
      yield* chunks;
    }
    let text = "";
    for await (const piece of decode(source(), encoding)) text += piece;
    return text;
  };
  // Bytes that mix ASCII runs with 2-, 3- and 4-byte characters, stray continuation bytes and
  // truncated sequences, cut into chunks anywhere (inside characters too).
  const pieces = fc.constantFrom(
    [0x61, 0x2c, 0x31, 0x0a],
    [0xc3, 0xa9],
    [0xe2, 0x82, 0xac],
    [0xf0, 0x9f, 0x98, 0x80],
    [0x80],
    [0xe2, 0x82],
    [0xff],
    [0x20],
    [0xef, 0xbb, 0xbf], // U+FEFF: a BOM at the start of the file, a character anywhere else
    [0xef, 0xbf, 0xbd], // U+FFFD written in the file: a character, never taken for bytes that are not UTF-8
    [0xe0, 0x80], // E0 then a byte below A0: two errors (no three-byte character starts E0 80)
    [0xf0, 0x9f], // the start of a four-byte character
  );
  const bytesAndCuts = fc
    .array(pieces, { maxLength: 40 })
    .map((ps) => Uint8Array.from(ps.flat()))
    .chain((bytes) => fc.tuple(fc.constant(bytes), fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 8 })));

  it("gives the text a decoder gives the whole file, however the bytes are cut into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(bytesAndCuts, fc.constantFrom("utf-8" as const, "windows-1252" as const), async ([bytes, cuts], encoding) => {
        if (bytes[0] === 0xff) return; // a UTF-16 byte order mark is refused, tested apart
        if (encoding !== "utf-8" && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return; // refused, as above
        const at = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
        const chunks = at.slice(1).map((end, i) => bytes.subarray(at[i], end));
        // Streaming, as decode() does: Node's one-shot windows-1252 decode reads bytes 0x80-0x9f as latin1.
        const whole = new TextDecoder(encoding);
        const text = await collect(chunks, encoding);
        // Where the decoder puts U+FFFD for bytes that are not UTF-8, decode() puts its mark; a U+FFFD written in the file stays one.
        expect(shownText(text)).toBe(whole.decode(bytes, { stream: true }) + whole.decode());
        if (encoding === "utf-8") {
          expect(text.split("\uFFFD").length - 1).toBe(Buffer.from(bytes).toString("latin1").split("\xef\xbf\xbd").length - 1);
        } else expect(text).not.toContain(UNDECODABLE);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it("F47 marks each maximal run of bytes that are not UTF-8 as a decoder shows it with U+FFFD, and a written U+FFFD not at all", async () => {
    const marks = (...parts: number[][]) => collect([Uint8Array.from(parts.flat())], "utf-8");
    const M = UNDECODABLE;
    expect(await marks([0x41, 0xef, 0xbf, 0xbd, 0x42])).toBe("A\uFFFDB");
    expect(await marks([0x41, 0xff, 0xfe, 0x42])).toBe(`A${M}${M}B`);
    // A truncated character is one error; E0 80 two (80 cannot follow E0); ED A0 80 (a surrogate) three.
    expect(await marks([0x41, 0xe2, 0x82, 0x42])).toBe(`A${M}B`);
    expect(await marks([0xe0, 0x80, 0x41])).toBe(`${M}${M}A`);
    expect(await marks([0xed, 0xa0, 0x80])).toBe(`${M}${M}${M}`);
    expect(await marks([0xf0, 0x9f, 0x98])).toBe(M);
    // Invalid bytes right beside a written U+FFFD, in one cell.
    expect(await marks([0xe8, 0xef, 0xbf, 0xbd, 0xe8])).toBe(`${M}\uFFFD${M}`);
    // A character cut by a chunk's end, then bytes that are not UTF-8, then the rest of a character cut again.
    const cut = await collect(
      [Uint8Array.from([0x41, 0xef, 0xbf]), Uint8Array.from([0xbd, 0xff, 0xe2]), Uint8Array.from([0x82, 0xac])],
      "utf-8",
    );
    expect(cut).toBe(`A\uFFFD${M}\u20ac`);
    // A file's BOM before bytes that are not UTF-8 is still dropped; latin1 and windows-1252 read every byte.
    expect(await marks([0xef, 0xbb, 0xbf, 0xff, 0x41])).toBe(`${M}A`);
    expect(await collect([Uint8Array.from([0xef, 0xbf, 0xbd, 0xff])], "latin1")).toBe("\xef\xbf\xbd\xff");
    expect(await collect([Uint8Array.from([0xef, 0xbf, 0xbd, 0x80])], "windows-1252")).toBe("\xef\xbf\xbd\u20ac");
  });

  it("F33 drops the file's BOM only: a U+FEFF after an ASCII chunk is kept, wherever the chunks end", async () => {
    const bytes = (...parts: (string | number[])[]) =>
      Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));
    const BOM = [0xef, 0xbb, 0xbf];
    // The U+FEFF starts the first chunk that is not ASCII, as where it falls at a 1 MiB boundary.
    expect(await collect([bytes("sku\nA"), bytes(BOM, "1\n")], "utf-8")).toBe("sku\nA\ufeff1\n");
    expect(await collect([bytes("sku\nA", BOM), bytes("1\n")], "utf-8")).toBe("sku\nA\ufeff1\n");
    // The file's own BOM, whole or cut, is dropped.
    expect(await collect([bytes(BOM, "sku\n")], "utf-8")).toBe("sku\n");
    expect(await collect([bytes([0xef]), bytes([0xbb, 0xbf], "sku\n")], "utf-8")).toBe("sku\n");
  });
});

describe("F45 a line of exactly the record limit, ended by CRLF", () => {
  // A limit of 8 characters: `abc,defg` is 8, `abc,defgh` 9, `"a,b",cd` 8 with its quotes.
  const options: DelimitedOptions = { ...CSV, limits: { ...DEFAULT_LIMITS, recordChars: 8 } };
  const text = 'k,v\r\nabc,defg\r\nabc,defgh\r\n"a,b",cd\r\n"a,b",cde\r\n';
  const expected = (records: RawRecord[]) => records.map((r) => [r.line, r.cells, r.problem?.code ?? null]);

  it("F45 takes it as with LF alone: its CR is the line's end, not one of its characters, whole or cut anywhere", () => {
    const want = [
      [2, ["abc", "defg"], null],
      [3, [], "record_too_long"],
      [4, ["a,b", "cd"], null],
      [5, [], "record_too_long"],
    ];
    expect(expected(split(text, options).records)).toStrictEqual(want);
    expect(expected(split(text.replaceAll("\r\n", "\n"), options).records)).toStrictEqual(want);
    // Cut anywhere, the CR of a line of the limit's length the last character of a piece included.
    for (let cut = 1; cut < text.length; cut++)
      expect(expected(splitChunks([text.slice(0, cut), text.slice(cut)], options).records)).toStrictEqual(want);
  });
});
