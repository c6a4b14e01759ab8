import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8, Utf8Out } from "../src/text/utf8-out.js";

/** The bytes written, copied out. */
const written = (out: Utf8Out): Buffer => Buffer.from(out.bytes.subarray(0, out.used));

// Texts of every kind: ASCII, what JSON escapes, other planes, lone surrogates.
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom('"', "\\", "\n", "\u007f", "\u2028", "\ud800", "\udc00x", "é", "😀", ""),
);

describe("Utf8Out: UTF-8 bytes written piece by piece", () => {
  it("writes texts as Buffer.from does, JSON texts as JSON.stringify gives them, and numbers as JSON writes them", () => {
    const number = fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constantFrom(2 ** 31 - 1, 2 ** 31, -0, 1e21, 0.1));
    const piece = fc.oneof(
      text.map((t) => ({ kind: "text" as const, t })),
      text.map((t) => ({ kind: "json" as const, t })),
      number.map((n) => ({ kind: "number" as const, n })),
      text.map((t) => ({ kind: "put" as const, t })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.integer({ min: 1, max: 64 }), (pieces, size) => {
        const out = new Utf8Out(size);
        const expected: Buffer[] = [];
        for (const p of pieces) {
          if (p.kind === "text") {
            out.text(p.t);
            expected.push(Buffer.from(p.t, "utf8"));
          } else if (p.kind === "json") {
            out.json(p.t);
            expected.push(Buffer.from(JSON.stringify(p.t), "utf8"));
          } else if (p.kind === "number") {
            out.number(p.n);
            expected.push(Buffer.from(JSON.stringify(p.n), "utf8"));
          } else {
            out.put(utf8(p.t));
            expected.push(Buffer.from(p.t, "utf8"));
          }
        }
        expect(written(out)).toStrictEqual(Buffer.concat(expected));
      }),
      { numRuns: 2000, seed: 20261207 },
    );
  });

  it("gives away what it holds: bytes written after go into another buffer", () => {
    const out = new Utf8Out(4);
    out.text("abcdefgh");
    const first = out.take();
    expect(out.used).toBe(0);
    out.text("XYZ");
    expect(Buffer.from(first).toString()).toBe("abcdefgh");
    expect(out.textFrom(0)).toBe("XYZ");
  });
});
