import { PricelintError } from "../model/errors.js";
import { identity } from "../io/file-identity.js";

/**
 * A file a run writes: how it was asked for (`--format json:r.json`, `--snapshot s.gz` on the
 * command line, `snapshot s.gz` in check's options), what it is, and its path.
 */
export interface Written {
  readonly asked: string;
  readonly what: "the report" | "the snapshot";
  readonly file: string;
}

/** A file a run reads, and what it is in messages (`the config`, `the feed prices.csv`). */
export type InputFile = readonly [path: string, what: string];

/**
 * Refuses, before anything runs, a file a run would write over a file it reads (`inputs`:
 * each path with what it is, "the config") or over another file it writes (two formats to one
 * file would keep only the last). Files are compared as the system sees them: a symlink or a
 * hard link to an input is that input.
 */
export function refuseOverwriting(written: readonly Written[], inputs: readonly InputFile[]): void {
  const read = new Map(inputs.map(([path, what]) => [identity(path), what]));
  const seen = new Map<string, string>();
  for (const { asked, what, file } of written) {
    const id = identity(file);
    const input = read.get(id);
    if (input !== undefined) throw new PricelintError("usage", `${asked} would overwrite ${input}: write ${what} elsewhere`);
    const other = seen.get(id);
    if (other !== undefined) throw new PricelintError("usage", `${other} and ${asked} both write ${file}: give each its own file`);
    seen.set(id, asked);
  }
}
