import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpanUnion, type Span } from "../src/time/span-union.js";

// The walks and cuts as they read plainly, over every stretch: what the union must answer.
function walkBack(spans: readonly Span[], at: number): number {
  let earliest = at;
  for (const s of [...spans].sort((a, b) => b.from - a.from)) if (s.from < earliest && s.to >= earliest) earliest = s.from;
  return earliest;
}

function walkOn(spans: readonly Span[], at: number): number {
  let latest = at;
  for (const s of [...spans].sort((a, b) => a.to - b.to)) if (s.to > latest && s.from <= latest) latest = s.to;
  return latest;
}

function without(span: Span, holes: readonly Span[]): Span[] {
  let pieces: Span[] = [span];
  for (const hole of holes) {
    const next: Span[] = [];
    for (const p of pieces) {
      if (hole.to <= p.from || hole.from >= p.to) next.push(p);
      else {
        if (hole.from > p.from) next.push({ from: p.from, to: hole.from });
        if (hole.to < p.to) next.push({ from: hole.to, to: p.to });
      }
    }
    pieces = next;
  }
  return pieces.sort((a, b) => a.from - b.from);
}

// Small integers, so that stretches touch and overlap often, and unbounded ends.
const end = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(-Infinity, Infinity));
const span = fc
  .tuple(end, end)
  .filter(([a, b]) => a < b)
  .map(([from, to]) => ({ from, to }));
const instant = fc.integer({ min: -2, max: 42 });

describe("SpanUnion: stretches of time merged, asked by binary search", () => {
  it("reaches back and on as far as a walk over every stretch does", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), instant, (spans, at) => {
        const union = SpanUnion.of(spans);
        expect(union.reachBack(at)).toBe(walkBack(spans, at));
        expect(union.reachOn(at)).toBe(walkOn(spans, at));
        expect(union.covers(at)).toBe(spans.some((s) => s.from <= at && at < s.to));
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  it("leaves of a stretch what taking each one away leaves, and finds the piece that holds an instant", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 10 }), span, instant, (holes, whole, at) => {
        const union = SpanUnion.of(holes);
        const pieces = without(whole, holes);
        expect(union.outside(whole)).toStrictEqual(pieces);
        expect(union.pieceAt(whole, at)).toStrictEqual(pieces.find((p) => p.from <= at && at < p.to) ?? whole);
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  it("passes over empty stretches", () => {
    const union = SpanUnion.of([
      { from: 5, to: 5 },
      { from: 1, to: 3 },
    ]);
    expect(union.covers(5)).toBe(false);
    expect(union.reachOn(3)).toBe(3);
    expect(union.outside({ from: 0, to: 10 })).toStrictEqual([
      { from: 0, to: 1 },
      { from: 3, to: 10 },
    ]);
  });
});
