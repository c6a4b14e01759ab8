/** A stretch of time, its ends unbounded as ±Infinity. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * Stretches of time merged where they overlap or touch, in order: what a walk from stretch to
 * stretch reaches, whether an instant falls in one, and what is left of a stretch outside them,
 * each found by a binary search rather than by going over every stretch.
 */
export class SpanUnion {
  private constructor(
    private readonly froms: Float64Array,
    private readonly tos: Float64Array,
  ) {}

  static of(spans: readonly Span[]): SpanUnion {
    const sorted = spans.filter((s) => s.from < s.to).sort((a, b) => a.from - b.from);
    const froms: number[] = [];
    const tos: number[] = [];
    for (const s of sorted) {
      const last = tos.length - 1;
      if (last >= 0 && s.from <= tos[last]!) tos[last] = Math.max(tos[last]!, s.to);
      else {
        froms.push(s.from);
        tos.push(s.to);
      }
    }
    return new SpanUnion(Float64Array.from(froms), Float64Array.from(tos));
  }

  /** Whether a stretch holds `at` (each from its start, inclusive, to its end, exclusive). */
  covers(at: number): boolean {
    const i = this.lastFrom(at, true);
    return i >= 0 && at < this.tos[i]!;
  }

  /** Where going back from `at` over the stretches that reach it, unbroken, ends: `at` where none reaches it from before. */
  reachBack(at: number): number {
    const i = this.lastFrom(at, false);
    return i >= 0 && this.tos[i]! >= at ? this.froms[i]! : at;
  }

  /** Where going on from `at` over the stretches that begin by then, unbroken, ends: `at` where none runs on past it. */
  reachOn(at: number): number {
    const i = this.lastFrom(at, true);
    return i >= 0 && this.tos[i]! > at ? this.tos[i]! : at;
  }

  /** What is left of `span` outside the stretches, in order. */
  outside(span: Span): Span[] {
    const pieces: Span[] = [];
    let from = span.from;
    for (let i = Math.max(0, this.lastFrom(span.from, true)); i < this.froms.length && this.froms[i]! < span.to; i++) {
      if (this.tos[i]! <= from) continue;
      if (this.froms[i]! > from) pieces.push({ from, to: this.froms[i]! });
      from = this.tos[i]!;
    }
    if (from < span.to) pieces.push({ from, to: span.to });
    return pieces;
  }

  /** The piece of `span` outside the stretches that holds `at`; `span` itself where none does. */
  pieceAt(span: Span, at: number): Span {
    if (!(span.from <= at && at < span.to)) return span;
    const i = this.lastFrom(at, true);
    if (i >= 0 && at < this.tos[i]!) return span;
    const from = i >= 0 ? Math.max(span.from, this.tos[i]!) : span.from;
    const to = i + 1 < this.froms.length ? Math.min(span.to, this.froms[i + 1]!) : span.to;
    return { from, to };
  }

  /** The last stretch that starts before `at` (or at it, with `inclusive`); -1: none. */
  private lastFrom(at: number, inclusive: boolean): number {
    let low = 0;
    let high = this.froms.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const from = this.froms[mid]!;
      if (from < at || (inclusive && from === at)) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }
}
