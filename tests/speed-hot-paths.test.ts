/**
 * The hot paths made faster keep their results: finding ids are SHA-256 as before (a digest
 * worked out by sha256sum, not by the code under test), and a compact list sorts one sku's
 * entries stably, in the order Array.prototype.sort gives, on both sides of its insertion-sort size.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findingId } from "../src/findings/finding-id.js";
import { CompactFindings } from "../src/findings/finding-set.js";
import type { CompiledRule } from "../src/rules/rule.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_205);

describe("findingId", () => {
  it("is the first 16 hex digits of the SHA-256 of the parts' JSON", () => {
    // `printf '[]' | sha256sum` → 4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945
    expect(findingId([])).toBe("4f53cda18c2baa0c");
    // `printf '["r","S",null,["app","web"],null]' | sha256sum`
    expect(findingId(["r", "S", null, ["app", "web"], null])).toBe("aa35d16e08700ad4");
  });
});

describe("CompactFindings.sortFrom", () => {
  const rule = { id: "test/rule" } as unknown as CompiledRule;

  it("sorts the entries after `from` stably, as Array.prototype.sort does", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 })), { maxLength: 150 }),
        fc.integer({ min: 0, max: 3 }),
        (entries, from) => {
          const list = new CompactFindings(rule);
          // rowA is the entry's place (unique), rowB its key, location a second key.
          entries.forEach(([key, location], i) => list.push(i, key, location));
          const keyOf = (row: number) => entries[row]![0];
          const compare = (rowA: number, location: number, rowA2: number, location2: number) =>
            location - location2 || keyOf(rowA) - keyOf(rowA2);
          const start = Math.min(from, entries.length);
          list.sortFrom(start, compare);
          const expected = entries.map(([key, location], i) => ({ row: i, key, location }));
          const tail = expected.slice(start).sort((x, y) => x.location - y.location || x.key - y.key);
          const got = Array.from({ length: list.length }, (_, i) => ({ row: list.rowA(i), key: list.rowB(i), location: list.location(i) }));
          expect(got).toStrictEqual([...expected.slice(0, start), ...tail]);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
