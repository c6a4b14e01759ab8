/**
 * Merges ordered streams into one ordered stream: at each step the least head (by `compare`; the
 * earlier stream on a tie). A reader that stops early closes every stream (their `return`), so
 * files read by them are closed.
 */
export function* mergeOrdered<T>(streams: Iterator<T>[], compare: (a: T, b: T) => number): Generator<T> {
  const heads = streams.map((s) => s.next());
  try {
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!;
        if (head.done) continue;
        if (best < 0 || compare(head.value, (heads[best] as IteratorYieldResult<T>).value) < 0) best = i;
      }
      if (best < 0) return;
      yield (heads[best] as IteratorYieldResult<T>).value;
      heads[best] = streams[best]!.next();
    }
  } finally {
    for (const s of streams) s.return?.();
  }
}
