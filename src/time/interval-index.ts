import type { Instant } from "./instant.js";

/** A node of the tree: the intervals that contain its center, sorted twice, and the intervals wholly before and after it. */
interface Node {
  readonly center: Instant;
  /** By start, ascending. */
  readonly byStart: Int32Array;
  /** By end, descending. */
  readonly byEnd: Int32Array;
  readonly before: Node | null;
  readonly after: Node | null;
}

/**
 * Half-open intervals `[start, end)` numbered 0…n−1, found by an instant: which of them hold at
 * `t`, in time O(log n + found), however many there are. A centered interval tree: each node
 * keeps the intervals that contain its center, so a query reads at one node only those that hold
 * (and one more) and goes down one side. An interval with a bound that is not a number (NaN: it
 * could not be resolved) never holds; ±Infinity stand for no bound.
 */
export class IntervalIndex {
  private readonly root: Node | null;

  constructor(
    private readonly starts: ArrayLike<number>,
    private readonly ends: ArrayLike<number>,
  ) {
    const ids: number[] = [];
    for (let i = 0; i < starts.length; i++) if (starts[i]! < ends[i]!) ids.push(i);
    this.root = this.build(ids);
  }

  /** The intervals that hold at `t` (start ≤ t < end), ascending, in `out`. */
  at(t: Instant, out: number[] = []): number[] {
    out.length = 0;
    const { starts, ends } = this;
    for (let node = this.root; node !== null;) {
      if (t < node.center) {
        // Every interval here ends after the center, so after t: it holds if it has started.
        for (const id of node.byStart) {
          if (starts[id]! > t) break;
          out.push(id);
        }
        node = node.before;
      } else {
        // Every interval here started by the center, so by t: it holds if it has not ended.
        for (const id of node.byEnd) {
          if (ends[id]! <= t) break;
          out.push(id);
        }
        node = node.after;
      }
    }
    if (out.length > 1) out.sort((a, b) => a - b);
    return out;
  }

  private build(ids: readonly number[]): Node | null {
    if (ids.length === 0) return null;
    const { starts, ends } = this;
    // The median start: that interval contains it, so every node keeps at least one.
    const sorted = [...ids].sort((a, b) => starts[a]! - starts[b]!);
    const center = starts[sorted[sorted.length >>> 1]!]!;
    const here: number[] = [];
    const before: number[] = [];
    const after: number[] = [];
    for (const id of sorted) {
      if (ends[id]! <= center) before.push(id);
      else if (starts[id]! > center) after.push(id);
      else here.push(id);
    }
    const byEnd = Int32Array.from(here).sort((a, b) => ends[b]! - ends[a]!);
    return { center, byStart: Int32Array.from(here), byEnd, before: this.build(before), after: this.build(after) };
  }
}
