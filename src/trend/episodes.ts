import type { RunDigest } from "./run-digest.js";

/** A stretch of consecutive runs in which a finding was present: from run `start` to run `last`, fixed at run `end` (null: still open). */
export interface Episode {
  readonly finding: number;
  readonly start: number;
  readonly last: number;
  readonly end: number | null;
}

/** Per run: findings that were not there the run before, those gone since, those still there, and all there. */
export interface RunChanges {
  readonly new: number;
  readonly fixed: number;
  readonly stillOpen: number;
  readonly open: number;
}

/**
 * Follows every finding through runs in time order. A finding is open from the first run that
 * lists it to the last run in a row that does; the next run without it fixes it. One that comes
 * back later opens a new episode: each episode has its own time to fix. The first run's findings
 * are all new.
 */
export function followEpisodes(runs: readonly RunDigest[], findings: number): { changes: RunChanges[]; episodes: Episode[] } {
  /** The run where each finding's open episode started, -1 when it is not open. */
  const start = new Int32Array(findings).fill(-1);
  const inRun = new Uint8Array(findings);
  let open: Int32Array = new Int32Array(0);
  const episodes: Episode[] = [];
  const changes: RunChanges[] = [];
  runs.forEach((run, r) => {
    for (const f of run.present) inRun[f] = 1;
    let fixed = 0;
    for (const f of open) {
      if (inRun[f] === 1) continue;
      episodes.push({ finding: f, start: start[f]!, last: r - 1, end: r });
      start[f] = -1;
      fixed++;
    }
    let added = 0;
    for (const f of run.present) {
      if (start[f] === -1) {
        start[f] = r;
        added++;
      }
      inRun[f] = 0;
    }
    changes.push({ new: added, fixed, stillOpen: run.present.length - added, open: run.present.length });
    open = run.present;
  });
  for (const f of open) episodes.push({ finding: f, start: start[f]!, last: runs.length - 1, end: null });
  episodes.sort((a, b) => a.finding - b.finding || a.start - b.start);
  return { changes, episodes };
}
