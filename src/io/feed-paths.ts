import { statSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { PricelintError } from "../model/errors.js";
import { compareText } from "../text/compare.js";

/** A `{field}` in a feed's path: one part of a file name that the field's value is read from. */
const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** The fields a feed's path captures (`prices/store_{location}/*.csv` → `["location"]`), in order. */
export function pathPlaceholders(path: string): string[] {
  return [...path.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Whether a feed's path names files by a pattern (glob syntax or placeholders) rather than one file. */
export function isPathPattern(path: string): boolean {
  return pathPlaceholders(path).length > 0 || isDynamicPattern(globOf(path));
}

/**
 * A feed path as the glob reads it. Parentheses are no part of a feed path's patterns (`*`,
 * `**`, `?`, `[abc]`, `{a,b}`) but are of the glob's (extglobs): `prices (1).csv`, as a copy is
 * named, is one file, and `exports (2024)/*.csv` a folder's files. Nor is a `!` that starts a
 * part, which the glob reads as a negation (`!x/*.csv`: every file but those): `!old/a.csv` is
 * the file in the folder `!old`.
 */
const globOf = (path: string): string => path.replace(/[()]/g, "\\$&").replace(/(^|\/)!/g, "$1\\!");

/** A file a feed's path names, with the fields its placeholders captured. */
export interface FeedFile {
  /** As the config would write it: relative to the config's folder unless the pattern is absolute. */
  readonly path: string;
  readonly captured: Readonly<Record<string, string>>;
}

/**
 * Why a path's placeholders cannot be read back from a matched file's path, or null when they
 * can: each `{field}` must have a part of the path (between slashes) to itself, with no other
 * wildcard there, and a `**` may stand once at most, as a whole part.
 */
export function placeholderProblem(path: string): string | null {
  if (pathPlaceholders(path).length === 0) return null;
  const parts = path.split("/");
  if (parts.filter((p) => p.includes("**")).length > 1 || parts.some((p) => p.includes("**") && p !== "**")) {
    return "a path with a {field} may hold one ** at most, as a whole part between slashes";
  }
  for (const part of parts) {
    const fields = pathPlaceholders(part);
    if (fields.length === 0) continue;
    const rest = part.replace(PLACEHOLDER, "");
    if (fields.length > 1 || /[*?[\]{},]/.test(rest))
      return `"${part}": a {field} needs its part of the path to itself, without another wildcard`;
  }
  return null;
}

/**
 * What names the file at `path` whatever the path it is reached by: its device and inode, as the
 * system tells files apart. A symbolic link (`w.csv` → `prices/web.csv`) and a hard link (what
 * `cp -al` and `rsync --link-dest` snapshots hold) are the file they lead to. Where the file system
 * numbers no file (inode 0: FAT, some network shares), its real path, links followed. A path that
 * names no file is itself: that it is missing is said where it is read.
 */
export async function fileIdentity(path: string): Promise<string> {
  try {
    // bigint: an inode above 2^53 (NTFS file ids) would otherwise be rounded onto another file's.
    const { dev, ino } = await stat(path, { bigint: true });
    return ino !== 0n ? `${dev}:${ino}` : await realpath(path);
  } catch {
    return path;
  }
}

/**
 * The files a feed's `path` names, in code-unit order: the path itself when it is no pattern,
 * else every file the glob matches (a placeholder matching one non-empty part of a name), each
 * with what its placeholders captured. A pattern that matches nothing is a config error.
 */
export async function feedFiles(path: string, baseDir: string): Promise<FeedFile[]> {
  if (!isPathPattern(path)) return [{ path, captured: {} }];
  const problem = placeholderProblem(path);
  if (problem !== null) throw new PricelintError("config", `feed path "${path}": ${problem}`);
  if (isFile(resolve(baseDir, path))) {
    throw new PricelintError(
      "config",
      `feed path "${path}" names a file, and as a pattern it names any file it matches: which is meant? Rename the file, or give each pattern character of its name in brackets ("[[]" for "[") to read that one file`,
    );
  }
  const pattern = globOf(path.replace(PLACEHOLDER, "*"));
  const absolute = isAbsolute(path);
  // A pattern names files: a folder it matches (Spark writes `x.csv/` as one) is not read into, nor passed over.
  const found = await glob([absolute ? pattern.slice(1) : pattern], {
    cwd: absolute ? "/" : baseDir,
    onlyFiles: false,
    expandDirectories: false,
    dot: false,
  });
  const folder = found.find((match) => match.endsWith("/"));
  if (folder !== undefined) {
    const name = absolute ? `/${folder}` : folder;
    throw new PricelintError(
      "config",
      `feed path "${path}" matches the folder ${name}: a pattern reads the files it matches, not what a folder holds; to read the files in it, name them (${name}*)`,
    );
  }
  const files = found
    .map((match) => (absolute ? `/${match}` : match))
    .sort(compareText)
    .map((file) => {
      // A file the pattern matches is read, or the run refused: a {field} that would read nothing is not passed over.
      const captured = capturesOf(path, file);
      if (captured === null)
        throw new PricelintError("config", `feed path "${path}": ${file} matches, but a {field} of the path reads nothing in it`);
      // Nor one that reads only white space: a value is trimmed (as a cell is), and " " would become no value at all.
      if (Object.values(captured).some((value) => value.trim() === ""))
        throw new PricelintError(
          "config",
          `feed path "${path}": ${file} matches, but a {field} of the path reads only white space in it, which is no value once trimmed`,
        );
      return { path: file, captured };
    });
  if (files.length === 0) throw new PricelintError("config", `feed path "${path}" matches no file`);
  return files;
}

/**
 * What each placeholder of `pattern` reads in `file` (a path the pattern matched): the part of
 * the path it stands in, less the text around it there; null when one would read nothing.
 * Parts line up from the start before a `**`, from the end after it.
 */
function capturesOf(pattern: string, file: string): Record<string, string> | null {
  const parts = pattern.split("/");
  const names = file.split("/");
  const globstar = parts.indexOf("**");
  const captured: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const open = part.indexOf("{");
    if (pathPlaceholders(part).length === 0) continue;
    const close = part.indexOf("}", open);
    const name = names[globstar < 0 || i < globstar ? i : names.length - (parts.length - i)] ?? "";
    const before = part.slice(0, open);
    const after = part.slice(close + 1);
    const value = name.slice(before.length, name.length - after.length);
    if (value === "" || !name.startsWith(before) || !name.endsWith(after) || name.length < before.length + after.length) return null;
    captured[part.slice(open + 1, close)] = value;
  }
  return captured;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
