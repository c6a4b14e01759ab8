import { accessSync, constants, fstatSync, statSync, type Stats } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { describeFileError } from "../io/read-text.js";
import { PricelintError } from "../model/errors.js";
import type { Written } from "../pipeline/overwrite-guard.js";

/** Names of standard output as a file: `-`, and the system's own for the process's descriptor 1. */
const STANDARD_OUTPUT = new Set(["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]);

/** Whether a file name given for output means standard output (`--format json:-`, `/dev/stdout`). */
export function isStandardOutput(file: string): boolean {
  return STANDARD_OUTPUT.has(file);
}

/** The system's names for the process's descriptor 2. */
const STANDARD_ERROR = new Set(["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"]);

/** Whether a file name given for output means standard error (`--format json:/dev/stderr`): written to, not opened again (which would cut a file it is sent to). */
export function isStandardError(file: string): boolean {
  return STANDARD_ERROR.has(file);
}

/** Standard output as a file the command writes, when it is sent to one (`> r.json`); null for a pipe or a terminal. */
export function standardOutputFile(): Written | null {
  try {
    if (!fstatSync(1).isFile()) return null;
  } catch {
    return null;
  }
  return { asked: "standard output", what: "the report", file: "/dev/stdout" };
}

/**
 * Refuses, before anything runs, a file the command could not write, found otherwise only once
 * the work is done (its report lost, and the reports before it written): one in a folder that
 * does not exist or is a file, one that is a folder, one the system would not let it write; and
 * a snapshot to standard output (`-`, `/dev/stdout`): a snapshot is a file, and standard output
 * takes reports.
 */
export function refuseUnwritable(written: readonly Written[]): void {
  for (const { asked, what, file } of written) {
    if (what === "the snapshot" && (isStandardOutput(file) || isStandardError(file)))
      throw new PricelintError("usage", `${asked}: a snapshot is written to a file; give it a file name`);
    const folder = dirname(resolve(file));
    // Stated as written: the system follows `nodir/..` only where nodir exists, which resolve() does not ask.
    const folderStats = statOrNull(dirname(file));
    if (folderStats === null)
      throw new PricelintError("usage", `${asked}: the folder ${missingFolder(file)} does not exist: create it first`);
    if (!folderStats.isDirectory()) throw new PricelintError("usage", `${asked}: ${folder} is a file, not a folder`);
    const stats = statOrNull(file);
    if (stats?.isDirectory())
      throw new PricelintError("usage", `${asked}: ${file} is a folder: give the name of a file to write (${join(file, "FILE")})`);
    try {
      // An existing file is written over; a new one is made in its folder.
      accessSync(stats === null ? folder : file, constants.W_OK);
    } catch (error) {
      const where = stats === null ? `the folder ${folder}` : file;
      throw new PricelintError("usage", `${asked}: ${where} cannot be written: ${describeFileError(error)}`, null, { cause: error });
    }
  }
}

/** The first folder on the way to `file`, as written, that is not there (`nodir` of `nodir/../r.json`). */
function missingFolder(file: string): string {
  const parts = dirname(file).split(sep);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join(sep);
    if (prefix !== "" && statOrNull(prefix) === null) return resolve(prefix);
  }
  return dirname(resolve(file));
}

/** A path's stats, following links; null when there is nothing there (or it cannot be reached). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
