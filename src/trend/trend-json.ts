import type { Trend } from "./trend.js";

/** The trend as JSON, two-space indented, newline-terminated: exactly `JSON.stringify(trend, null, 2)` and a newline. */
export function formatTrendJson(trend: Trend): string {
  return [...trendJsonChunks(trend)].join("");
}

/** {@link formatTrendJson} in pieces, one finding at a time, so a trend of millions of ids is never one string. */
export function* trendJsonChunks(trend: Trend): Generator<string> {
  const { tool, runs, findings, timeToFix, warnings } = trend;
  const head = JSON.stringify({ tool, runs }, null, 2);
  yield `${head.slice(0, -2)},\n  "findings": [`;
  let first = true;
  for (const finding of findings) {
    yield `${first ? "" : ","}\n    ${JSON.stringify(finding, null, 2).replaceAll("\n", "\n    ")}`;
    first = false;
  }
  yield first ? "]" : "\n  ]";
  const tail = JSON.stringify({ timeToFix, warnings }, null, 2);
  yield `,\n${tail.slice(2)}\n`;
}
