import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { builtFindingJson, findingJson, writeFindingJson } from "../src/report/finding-json.js";
import { Utf8Out } from "../src/text/utf8-out.js";
import { aFinding } from "./helpers/finding.js";

/** The oracle: the finding stringified where it stands in the report, then the wrapper cut off. */
function reference(finding: unknown): string {
  const head = '{\n  "findings": [\n'.length;
  const tail = "\n  ]\n}".length;
  return JSON.stringify({ findings: [finding] }, null, 2).slice(head, -tail);
}

// Texts with what JSON escapes: quotes, backslashes, control characters, lone surrogates, U+2028.
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom('"', "\\", "\n", "\u2028", "\ud800", "é", ""),
);
const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));
const source = fc.record({ file: text, line: fc.nat() });

const finding = fc.record({
  id: fc.stringMatching(/^[0-9a-f]{16}$/),
  rule: text,
  severity: fc.constantFrom("error", "warning", "info"),
  sku: fc.option(text),
  location: fc.option(text),
  channels: fc.array(text, { maxLength: 4 }),
  promotion: fc.option(text),
  message: text,
  values: fc.dictionary(text, value, { maxKeys: 4 }),
  interval: fc.option(fc.record({ from: text, to: text })),
  sources: fc.array(source, { maxLength: 3 }),
  waived: fc.option(fc.record({ reason: text, ticket: fc.option(text), until: text })),
});

const baseFinding = aFinding({ rule: "r", location: "S1", channels: ["click_collect", "store"] });

describe("findingJson: a finding as the JSON report writes it", () => {
  it("is JSON.stringify's text, indented in place, for findings of the usual shape", () => {
    fc.assert(
      fc.property(finding, (f) => {
        expect(findingJson(f as Finding)).toBe(reference(f));
      }),
      { numRuns: 2000, seed: 20261205 },
    );
  });

  it("is JSON.stringify's text with a baseline mark and an explanation after the usual members", () => {
    const extra = fc.record({
      baseline: fc.constantFrom("new", "unchanged"),
      explanation: fc.jsonValue({ maxDepth: 5 }),
    });
    fc.assert(
      fc.property(finding, extra, (f, more) => {
        const marked = { ...f, ...more };
        expect(findingJson(marked as unknown as Finding)).toBe(reference(marked));
      }),
      { numRuns: 500, seed: 20261205 },
    );
  });

  it("is JSON.stringify's text for findings of any other shape: members reordered, missing, undefined or of other types", () => {
    const odd = fc.dictionary(
      fc.constantFrom("id", "rule", "sku", "channels", "values", "sources", "interval", "waived", "other"),
      fc.oneof(value, fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.array(fc.oneof(source, fc.constant(undefined)))),
      { maxKeys: 9 },
    );
    fc.assert(
      fc.property(odd, (f) => {
        expect(findingJson(f as unknown as Finding)).toBe(reference(f));
      }),
      { numRuns: 1000, seed: 20261205 },
    );
  });

  it("is JSON.stringify's text along series of findings that repeat a rule, channels, files and value names, or change them", () => {
    // What the writer keeps from one finding to the next must never show in another.
    const series = fc.array(
      fc.record({
        rule: fc.constantFrom("a", "b", '"c"'),
        channels: fc.constantFrom(["store", "web"], ["web", "store"], ["web"], [], ["store", "web", "app"]),
        file: fc.constantFrom("x.csv", "y.csv", "z\\.csv"),
        key: fc.constantFrom("web.price", "store.price", "é"),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(series, (items) => {
        for (const [i, { rule, channels, file, key }] of items.entries()) {
          const f = {
            id: "0123456789abcdef",
            rule,
            severity: "warning",
            sku: `S${i}`,
            location: null,
            channels: [...channels],
            promotion: null,
            message: "m",
            values: { [key]: "1.00" },
            interval: null,
            sources: [{ file, line: i }],
            waived: null,
          };
          expect(findingJson(f as Finding)).toBe(reference(f));
        }
      }),
      { numRuns: 300, seed: 20261205 },
    );
    // More distinct names than are kept: each still written right.
    for (let i = 0; i < 700; i++) {
      const f = { ...baseFinding, rule: `rule-${i}`, values: { [`v${i}`]: i }, sources: [{ file: `f${i}.csv`, line: i }] };
      expect(findingJson(f as Finding)).toBe(reference(f));
    }
  });

  it("is JSON.stringify's text for what is not plain data: toJSON at any member, boxed values, class instances, getters", () => {
    const base = () => ({ ...baseFinding, sources: [{ file: "f.csv", line: 2 }] });
    /** A finding whose member `key` is a getter giving `first` once, then `later`. */
    const changing = (key: string, first: unknown, later: unknown) => {
      const f: Record<string, unknown> = {};
      let reads = 0;
      for (const [k, v] of Object.entries(base()))
        if (k === key) Object.defineProperty(f, k, { enumerable: true, get: () => (reads++ === 0 ? first : later) });
        else f[k] = v;
      return f;
    };
    class WithToJson {
      file = "f.csv";
      line = 2;
      toJSON() {
        return "S";
      }
    }
    const hiddenToJson = () => Object.defineProperty({ a: 1 }, "toJSON", { value: () => "x" });
    const lineGetter = () => {
      let reads = 0;
      return Object.defineProperty({ file: "f.csv" }, "line", { enumerable: true, get: () => (reads++ === 0 ? 1 : "two") });
    };
    // Each case is built anew for the oracle and for the writer, so that getters count their reads from the first.
    const cases: Record<string, () => unknown> = {
      "a Date as values": () => ({ ...base(), values: new Date(0) }),
      "a String object as values": () => ({ ...base(), values: new String("ab") }),
      "values with a toJSON that is not enumerable": () => ({ ...base(), values: hiddenToJson() }),
      "a value with a toJSON": () => ({ ...base(), values: { when: new Date(0), key: { toJSON: (k: string) => k } } }),
      "an interval whose toJSON gives undefined": () => ({ ...base(), interval: { toJSON: () => undefined } }),
      "a waiver whose toJSON gives its member's name": () => ({ ...base(), waived: { toJSON: (k: string) => k } }),
      "a class instance with toJSON": () => Object.assign(new WithToJson(), base()),
      "a source with toJSON": () => ({ ...base(), sources: [new WithToJson()] }),
      "channels with a toJSON": () => ({ ...base(), channels: Object.assign(["web"], { toJSON: () => "x" }) }),
      "an id read once": () => changing("id", "a", "b"),
      "values read once": () => changing("values", { a: "1" }, { b: "2" }),
      "a source line read once": () => ({ ...base(), sources: [lineGetter()] }),
      "a whole finding whose toJSON gives undefined": () => ({ other: 1, toJSON: () => undefined }),
      "-0 and 1e21": () => ({ ...base(), values: { a: -0, b: 1e21 }, sources: [{ file: "f", line: -0 }] }),
      "a __proto__ name and a lone surrogate": () => ({ ...base(), values: JSON.parse('{"__proto__": 1, "x": "\\ud800"}') as unknown }),
    };
    for (const [name, make] of Object.entries(cases))
      expect([name, findingJson(make() as Finding)]).toStrictEqual([name, reference(make())]);
  });

  it("leaves out what JSON.stringify leaves out and writes null where it writes null", () => {
    const f = {
      id: "0123456789abcdef",
      rule: "r",
      severity: "error",
      sku: "A",
      location: null,
      channels: ["web", undefined, () => 1],
      promotion: null,
      message: "m",
      values: { gone: undefined, fn: () => 1, kept: 1.5, nan: Number.NaN, list: ["a"] },
      interval: null,
      sources: [{ file: "f.csv", line: 2, column: 3 }, undefined, { line: 1, file: "g.csv" }],
      waived: null,
      baseline: undefined,
    };
    const text = findingJson(f as unknown as Finding);
    expect(text).toBe(reference(f));
    // Read back: what JSON keeps of it.
    expect(JSON.parse(text)).toEqual({
      ...f,
      channels: ["web", null, null],
      values: { kept: 1.5, nan: null, list: ["a"] },
      sources: [{ file: "f.csv", line: 2, column: 3 }, null, { line: 1, file: "g.csv" }],
      baseline: undefined,
    });
  });

  it("writes the same text as UTF-8 bytes, after what the buffer holds and through its growth, built or proved", () => {
    fc.assert(
      fc.property(fc.array(finding, { minLength: 1, maxLength: 6 }), fc.boolean(), (list, built) => {
        // A small buffer, so that findings are written across its growth.
        const out = new Utf8Out(8);
        out.text("before");
        const ends: number[] = [];
        for (const f of list) {
          writeFindingJson(out, f as Finding, built);
          ends.push(out.used);
        }
        const bytes = Buffer.from(out.bytes.subarray(0, out.used));
        expect(bytes.toString("utf8", 0, 6)).toBe("before");
        list.forEach((f, i) => expect(bytes.toString("utf8", i === 0 ? 6 : ends[i - 1], ends[i])).toBe(reference(f)));
        expect(builtFindingJson(list[0] as Finding)).toBe(reference(list[0]));
      }),
      { numRuns: 1000, seed: 20261207 },
    );
  });

  it("writes a finding whose value writes another finding as it is read", () => {
    const inner = { ...baseFinding, sku: "INNER", sources: [{ file: "i.csv", line: 1 }] };
    const outer = {
      ...baseFinding,
      sku: "OUTER",
      values: { nested: { toJSON: () => findingJson(inner as Finding) } },
      sources: [{ file: "o.csv", line: 9 }],
    };
    const expected = reference(outer);
    // The inner text is a value of the outer one: JSON.stringify(inner's text) inside it.
    expect(expected).toContain(JSON.stringify(reference(inner)));
    expect(findingJson(outer as unknown as Finding)).toBe(expected);
    const out = new Utf8Out(16);
    writeFindingJson(out, outer as unknown as Finding, false);
    expect(out.textFrom(0)).toBe(expected);
  });

  it("writes channels as read once, though reading one writes another finding with other channels", () => {
    findingJson({ ...baseFinding, channels: ["web"] } as Finding);
    let reads = 0;
    const channels: string[] = [];
    Object.defineProperty(channels, 0, {
      enumerable: true,
      get() {
        reads++;
        findingJson({ ...baseFinding, sku: "B", channels: ["store", "app"] } as Finding);
        return "web";
      },
    });
    const text = findingJson({ ...baseFinding, channels } as unknown as Finding);
    expect(reads).toBe(1);
    expect(JSON.parse(text).channels).toStrictEqual(["web"]);
  });
});
