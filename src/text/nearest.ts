/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `name` (ignoring case), for a "did you mean" hint; null when none is
 * close enough to be a likely typo: at most a third of the name's length apart (at least 1), and
 * not every character changed. Two as close as each other give no hint: which was meant is not
 * known (S9 among stores S1 to S5 would name one at random, and a neighbouring store's code is a
 * wrong answer, not a hint).
 * @example nearest("tolerence", ["tolerance", "tolerancePercent"]) // "tolerance"
 */
export function nearest(name: string, candidates: Iterable<string>): string | null {
  const wanted = name.toLowerCase();
  const limit = Math.min(Math.max(1, Math.floor(name.length / 3)), name.length - 1);
  let best: string | null = null;
  let bestDistance = limit + 1;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance && best !== null && candidate !== best) tied = true;
  }
  return tied ? null : best;
}
