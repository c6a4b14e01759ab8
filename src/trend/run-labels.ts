import type { TrendRun } from "./trend.js";

/**
 * Short labels of runs for axes and column heads: the date when every run has its own, else the
 * date and UTC time to the minute, else the whole instant.
 */
export function runLabels(runs: readonly TrendRun[]): string[] {
  for (const length of [10, 16]) {
    const labels = runs.map((run) => run.instant.slice(0, length).replace("T", " "));
    if (new Set(labels).size === labels.length) return labels;
  }
  return runs.map((run) => run.instant);
}
