import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readJsonArray, readJsonLines, recordsFromObjects } from "../src/io/json.js";
import type { RawRecord, RecordBatch } from "../src/io/record.js";

async function* fromChunks(pieces: readonly string[]): AsyncGenerator<string> {
  for (const piece of pieces) yield piece;
}

async function collect(batches: AsyncIterable<RecordBatch>): Promise<{ columns: readonly string[]; records: RawRecord[] }> {
  let columns: readonly string[] = [];
  const records: RawRecord[] = [];
  for await (const batch of batches) {
    columns = batch.columns;
    records.push(...batch.records);
  }
  return { columns, records: records.map((r) => ({ ...r, cells: [...r.cells] })) };
}

const readArray = (pieces: readonly string[]) => collect(readJsonArray(fromChunks(pieces)));
const readLines = (pieces: readonly string[]) => collect(readJsonLines(fromChunks(pieces)));

describe("readJsonArray", () => {
  // Strings holding every character the splitter tracks: brackets, braces, commas, escaped quotes, backslashes.
  const tricky =
    '[\n  {"sku": "A,1]", "name": "say \\"hi\\" {x}", "path": "C:\\\\dir\\\\", "price": 12.5},\n' +
    '  {"sku": "B[2", "tags": ["a", "b,c", 3, false], "active": true},\n' +
    '  {"sku": "C\\u0022}", "note": null}\n]\n';

  it("reads objects as records of string cells, with columns in order of first appearance", async () => {
    const { columns, records } = await readArray([tricky]);
    expect(columns).toEqual(["sku", "name", "path", "price", "tags", "active", "note"]);
    expect(records).toEqual([
      { line: 2, cells: ["A,1]", 'say "hi" {x}', "C:\\dir\\", "12.5"], typedNumbers: [3] },
      { line: 3, cells: ["B[2", undefined, undefined, undefined, ["a", "b,c", "3", "false"], "true"] },
      { line: 4, cells: ['C"}', undefined, undefined, undefined, undefined, undefined, undefined] },
    ]);
  });

  it("gives the same records however the text is cut in two", async () => {
    const whole = await readArray([tricky]);
    for (let cut = 0; cut <= tricky.length; cut++) {
      expect(await readArray([tricky.slice(0, cut), tricky.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
  });

  it("gives the same records one character at a time", async () => {
    expect(await readArray([...tricky])).toEqual(await readArray([tricky]));
  });

  it("numbers each record by the line its element starts on", async () => {
    const text = '[{"a": 1},\n\n  {\n    "a": 2\n  }, {"a": 3},\n{"a":\n4}]';
    const { records } = await readArray([text]);
    expect(records.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, "1"],
      [3, "2"],
      [5, "3"],
      [6, "4"],
    ]);
  });

  it("turns numbers and booleans into their JSON text as written, null into an absent cell", async () => {
    const { records } = await readArray(['[{"n": 12.50, "i": -3, "e": 1e2, "t": true, "f": false, "z": null}]']);
    expect(records).toHaveLength(1);
    const cells = records[0]!.cells;
    // The exponent form too (K26): the mapping stage writes an amount's in plain notation (M08).
    expect(cells.slice(0, 5)).toEqual(["12.50", "-3", "1e2", "true", "false"]);
    expect(cells[5]).toBeUndefined();
  });

  it("turns arrays of scalars into lists of strings", async () => {
    const { records } = await readArray(['[{"tags": ["x", 2, true, "y z"], "empty": []}]']);
    expect(records[0]!.cells).toEqual([["x", "2", "true", "y z"], []]);
  });

  it.each([
    ["a nested object", '[{"sku": "A", "dims": {"w": 1}}]', 2],
    ["an object inside a list", '[{"sku": "A", "tags": [{"w": 1}]}]', 2],
  ])("reports %s as a problem on its record, naming the column", async (_, text, column) => {
    const { records } = await readArray([text]);
    expect(records).toHaveLength(1);
    expect(records[0]!.problem?.reason).toMatch(/nested object/);
    expect(records[0]!.problem?.column).toBe(column);
  });

  it("reports an element that is not an object, and goes on", async () => {
    const { records } = await readArray(['[{"a": 1}, 42, "x", [1], {"a": 2}]']);
    expect(records.map((r) => r.problem?.reason ?? r.cells[0])).toEqual([
      "1",
      "expected a JSON object",
      "expected a JSON object",
      "expected a JSON object",
      "2",
    ]);
  });

  it("keeps the complete elements of a truncated array and adds a problem record", async () => {
    const { records } = await readArray(['[\n{"a": 1},\n{"a": 2},\n{"a": ']);
    expect(records.slice(0, 2)).toEqual([
      { line: 2, cells: ["1"], typedNumbers: [0] },
      { line: 3, cells: ["2"], typedNumbers: [0] },
    ]);
    expect(records).toHaveLength(3);
    expect(records[2]!.cells).toEqual([]);
    expect(records[2]!.problem?.reason).toMatch(/not closed/);
  });

  it("reports text after the closing bracket on the line where it is", async () => {
    const { records } = await readArray(['[{"a": 1}]\n\n  oops']);
    expect(records[0]).toEqual({ line: 1, cells: ["1"], typedNumbers: [0] });
    expect(records).toHaveLength(2);
    expect(records[1]!.line).toBe(3);
    expect(records[1]!.problem?.reason).toMatch(/after the closing \]/);
  });

  it("accepts whitespace after the closing bracket", async () => {
    const { records } = await readArray(['[{"a": 1}]\r\n\t \n']);
    expect(records).toEqual([{ line: 1, cells: ["1"], typedNumbers: [0] }]);
  });

  it.each([
    ["an empty file", "", /empty JSON feed/],
    ["a single object", '{"a": 1}', /must be an array/],
  ])("reports %s as a problem", async (_, text, reason) => {
    const { records } = await readArray([text]);
    expect(records).toHaveLength(1);
    expect(records[0]!.problem?.reason).toMatch(reason);
  });

  it("reads an empty array as no records", async () => {
    expect((await readArray(["[ ]"])).records).toEqual([]);
  });

  describe("random arrays", () => {
    const scalar = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "1", ",", "]", "[", "{", "}", '"', "\\", " ", "\n", "é"), maxLength: 6 }),
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.boolean(),
    );
    const value = fc.oneof(scalar, fc.constant(null), fc.array(scalar, { maxLength: 3 }));
    const object = fc.dictionary(fc.constantFrom("sku", "price", "tags", "x y", "é"), value, { maxKeys: 4 });
    const doc = fc.record({
      objects: fc.array(object, { maxLength: 6 }),
      indent: fc.constantFrom(0, 2),
      cuts: fc.uniqueArray(fc.nat({ max: 600 }), { maxLength: 10 }),
    });

    /** Cells as the reader is meant to make them: strings, lists of strings, null as absent. */
    const asCell = (v: unknown): unknown => (v === null ? undefined : Array.isArray(v) ? v.map((x) => String(x)) : String(v));

    it("reads the objects back, whole or in random chunks, each on the line it starts", async () => {
      await fc.assert(
        fc.asyncProperty(doc, async ({ objects, indent, cuts }) => {
          // Build the text element by element so each element's first line is known independently.
          let text = "[";
          const lines: number[] = [];
          objects.forEach((o, i) => {
            text += i === 0 ? "\n" : ",\n";
            lines.push(text.split("\n").length);
            text += JSON.stringify(o, null, indent);
          });
          text += "\n]\n";

          const whole = await readArray([text]);
          const columns: string[] = [];
          for (const o of objects) for (const k of Object.keys(o)) if (!columns.includes(k)) columns.push(k);
          expect(whole.columns).toEqual(columns);
          expect(whole.records.map((r) => r.line)).toEqual(lines);
          whole.records.forEach((r, i) => {
            expect(r.problem).toBeUndefined();
            const o = objects[i]!;
            for (const [k, v] of Object.entries(o)) expect(r.cells[columns.indexOf(k)]).toEqual(asCell(v));
          });

          const sorted = cuts.filter((c) => c <= text.length).sort((a, b) => a - b);
          const pieces = [0, ...sorted].map((from, i) => text.slice(from, sorted[i] ?? text.length));
          expect(await readArray(pieces)).toEqual(whole);
        }),
        { numRuns: 500 },
      );
    });
  });
});

describe("readJsonLines", () => {
  it("reads one object a line and gives a bad line its own problem record", async () => {
    const text = '{"sku": "A", "price": "1.00"}\n{"sku": "B", "price": \n\n{"sku": "C", "price": 3}\r\n[1]\n{"sku": "D"}';
    const { columns, records } = await readLines([text]);
    expect(columns).toEqual(["sku", "price"]);
    expect(records).toHaveLength(5);
    expect(records[0]).toEqual({ line: 1, cells: ["A", "1.00"] });
    expect(records[1]!.line).toBe(2);
    expect(records[1]!.cells).toEqual([]);
    expect(records[1]!.problem?.reason).toMatch(/invalid JSON/);
    expect(records[2]).toEqual({ line: 4, cells: ["C", "3"], typedNumbers: [1] });
    expect(records[3]!.line).toBe(5);
    expect(records[3]!.problem?.reason).toBe("expected a JSON object");
    expect(records[4]).toEqual({ line: 6, cells: ["D"] });
  });

  it("gives the same records however the text is cut", async () => {
    const text = '{"a": "x\\ny"}\n\n{"a": 2, "b": [1, 2]}\nnot json\n{"b": true}\n';
    const whole = await readLines([text]);
    expect(whole.records.map((r) => r.line)).toEqual([1, 3, 4, 5]);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await readLines([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(await readLines([...text])).toEqual(whole);
  });
});

describe("__proto__ keys", () => {
  const untouched = () => {
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  };

  it("stay an ordinary column in a JSON array", async () => {
    const { columns, records } = await readArray(['[{"__proto__": "x", "polluted": "1"}, {"__proto__": {"polluted": true}}]']);
    expect(columns).toEqual(["__proto__", "polluted"]);
    expect(records[0]).toEqual({ line: 1, cells: ["x", "1"] });
    expect(records[1]!.problem?.reason).toMatch(/nested object/);
    untouched();
  });

  it("stay an ordinary column in JSON Lines", async () => {
    const { columns, records } = await readLines(['{"constructor": "c", "__proto__": ["polluted"]}\n']);
    expect(columns).toEqual(["constructor", "__proto__"]);
    expect(records[0]!.cells).toEqual(["c", ["polluted"]]);
    untouched();
  });

  it("stay an ordinary column for objects given in memory", async () => {
    const objects: unknown[] = [JSON.parse('{"__proto__": {"polluted": 1}}'), JSON.parse('{"__proto__": "y"}'), 7];
    const { columns, records } = await collect(recordsFromObjects(objects));
    expect(columns).toEqual(["__proto__"]);
    expect(records[0]!.problem?.reason).toMatch(/nested object/);
    expect(records[1]).toEqual({ line: 2, cells: ["y"] });
    expect(records[2]!.problem?.reason).toBe("expected an object");
    untouched();
  });
});
