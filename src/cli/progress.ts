import { terminalLine } from "../text/terminal.js";
import type { Progress } from "../pipeline/options.js";

/**
 * A one-line progress display on a terminal's stderr: the feed being read, the percent of its
 * bytes read, rows and rows/s,
 * redrawn at most four times a second and erased when the run ends.
 */
export function terminalProgress(
  stream: NodeJS.WriteStream,
  now: () => number = Date.now,
): { update: (p: Progress) => void; done: () => void } {
  const started = now();
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (t - last < 250) return;
      last = t;
      const perSecond = Math.round((p.totalRows * 1000) / Math.max(1, t - started));
      const percent = p.bytesRead !== null && p.totalBytes ? ` ${Math.min(100, Math.floor((p.bytesRead * 100) / p.totalBytes))}% ·` : "";
      stream.write(
        `\r\u001b[K${terminalLine(p.file)}:${percent} ${p.feedRows.toLocaleString("en")} rows · ${p.totalRows.toLocaleString("en")} in all · ${perSecond.toLocaleString("en")} rows/s`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
}
