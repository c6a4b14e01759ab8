const UNITS = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
] as const;

/** A duration in whole milliseconds as text people read: `3d 4h`, `1d 12h 30m`, `0s` (no part that is zero). */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.abs(ms);
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  if (parts.length === 0) return "0s";
  return (ms < 0 ? "-" : "") + parts.join(" ");
}
