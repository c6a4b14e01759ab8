import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { isAbsolute, posix, resolve } from "node:path";
import { escapePath, glob, isDynamicPattern } from "tinyglobby";
import { PricelintError } from "../model/errors.js";
import { compareText } from "../text/compare.js";
import { globMatches } from "./glob-match.js";

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

/**
 * A feed path that names the file at `path` alone, were `path` read as a pattern: each character
 * a feed path reads as a pattern's (`*`, `?`, `[`, `]`, `{`, `}`, and `\`, which escapes) written
 * in a class of its own (`[2026] prices.csv` → `[[]2026[]] prices.csv`, `a\b` → `a[\\]b`).
 * Parentheses and a `!` are part of a feed path's names already (see globOf), and are kept:
 * `[!]` would be a class of no character, matching none.
 */
export const literalPath = (path: string): string => path.replace(/[*?[\]{}\\]/g, (c) => (c === "\\" ? "[\\\\]" : `[${c}]`));

/** A file a feed's path names, with the fields its placeholders captured. */
export interface FeedFile {
  /** As the config would write it: relative to the config's folder unless the pattern is absolute. */
  readonly path: string;
  readonly captured: Readonly<Record<string, string>>;
}

/**
 * Why a path's placeholders cannot be read back from a matched file's path, or null when they
 * can: each `{field}` must have a part of the path (between slashes) to itself, with no other
 * wildcard there, outside any `{…}` alternative, and a `**` may stand once at most, as a whole part.
 */
export function placeholderProblem(path: string): string | null {
  if (pathPlaceholders(path).length === 0) return null;
  const parts = path.split("/");
  if (parts.filter((p) => p.includes("**")).length > 1 || parts.some((p) => p.includes("**") && p !== "**")) {
    return "a path with a {field} may hold one ** at most, as a whole part between slashes";
  }
  if (alternativesOf(path).placeholder)
    return "a {field} cannot stand inside a {…} alternative: a file that another alternative matches would have none";
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
 * How the `{…}` alternatives of a path lie, its placeholders apart: whether one holds a `/`
 * (`{a/b,c}/{location}/x.csv`: a file's path has more parts or fewer than the pattern), and
 * whether one holds a placeholder (`{x/{location},y}/*.csv`). A `\` escapes the character after
 * it; a `[…]` class holds no brace.
 */
function alternativesOf(path: string): { slash: boolean; placeholder: boolean } {
  const placeholders = new Map([...path.matchAll(PLACEHOLDER)].map((m) => [m.index, m[0].length]));
  let depth = 0;
  let slash = false;
  let placeholder = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    const length = placeholders.get(i);
    if (length !== undefined) {
      placeholder ||= depth > 0;
      i += length - 1;
    } else if (c === "\\") i++;
    else if (c === "[") {
      const close = path.indexOf("]", i + 1);
      if (close > i && !path.slice(i, close).includes("/")) i = close;
    } else if (c === "{") depth++;
    else if (c === "}" && depth > 0) depth--;
    else if (c === "/" && depth > 0) slash = true;
  }
  return { slash, placeholder };
}

/**
 * The files a feed's `path` names, in code-unit order: the path itself when it is no pattern,
 * else every file the glob matches (a placeholder matching one non-empty part of a name), each
 * with what its placeholders captured. A pattern that matches nothing is a config error.
 */
export async function feedFiles(path: string, baseDir: string): Promise<FeedFile[]> {
  if (!isPathPattern(path)) return [{ path: await fileAsNamed(path, baseDir), captured: {} }];
  const files = await patternFiles(path, baseDir);
  if (files.length === 0) throw new PricelintError("config", matchesNoFile(path));
  return files;
}

/** What is said of a pattern that matches no file in the folder it is read in. */
export const matchesNoFile = (path: string): string => `feed path "${path}" matches no file`;

/**
 * The files a feed path that is a pattern matches in `baseDir`, as {@link feedFiles} gives them,
 * or none: where none is matched, the caller says which folder was looked in.
 */
export async function patternFiles(path: string, baseDir: string): Promise<FeedFile[]> {
  const problem = placeholderProblem(path);
  if (problem !== null) throw new PricelintError("config", `feed path "${path}": ${problem}`);
  if (isFile(resolve(baseDir, path))) {
    throw new PricelintError(
      "config",
      `feed path "${path}" names a file, and as a pattern it names any file it matches: which is meant? Rename the file, or give each pattern character of its name in brackets ("[[]" for "[") to read that one file`,
    );
  }
  const { patterns, cwd } = globFor(path, baseDir, () => "*");
  const found = (await glob(patterns, { cwd, onlyFiles: false, expandDirectories: false, dot: false })).map((match) =>
    isAbsolute(path) ? `/${match}` : match,
  );
  const matched = found.filter((match) => !match.endsWith("/")).sort(compareText);
  const folder = await folderNotRead(found.filter((match) => match.endsWith("/")).sort(compareText), matched, baseDir);
  if (folder !== undefined) {
    throw new PricelintError(
      "config",
      `feed path "${path}" matches the folder ${folder}: a pattern reads the files it matches, not what a folder holds; to read the files below it, name them (${folder}**)`,
    );
  }
  return matched.map((file) => {
    // A file the pattern matches is read, or the run refused: a {field} that would read nothing is not passed over.
    const captured = capturesOf(path, file, baseDir);
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
}

/**
 * The first of the `folders` a pattern matches (each ending in `/`) that it does not read into: a
 * folder that holds files (hidden ones apart), none of which the pattern reads (`local/{location}.tsv`
 * over the folder `local/BK1.tsv/`, as Spark writes `x.csv/`; `p/*` over `p/s1/`). Its files would
 * otherwise be passed over unread. A folder on the way to files the pattern reads (`p/**` over
 * `p/s1/b.csv`), or holding none, is no file it names, and is passed over.
 */
async function folderNotRead(folders: readonly string[], files: readonly string[], baseDir: string): Promise<string | undefined> {
  const passedThrough = new Set(files.flatMap(foldersAbove));
  for (const folder of folders) {
    if (passedThrough.has(folder)) continue;
    // What the message offers (FOLDER/**) must read something: it is the check.
    const absolute = isAbsolute(folder);
    const below = `${escapePath(absolute ? folder.slice(1) : folder)}**`;
    if ((await glob([below], { cwd: absolute ? "/" : baseDir, onlyFiles: true, expandDirectories: false, dot: false })).length > 0)
      return folder;
  }
  return undefined;
}

/** The folders on a file's path, each ending in `/`: `p/s1/b.csv` → `p/`, `p/s1/`. */
function foldersAbove(file: string): string[] {
  const folders: string[] = [];
  for (let at = file.indexOf("/", 1); at >= 0; at = file.indexOf("/", at + 1)) folders.push(file.slice(0, at + 1));
  return folders;
}

/**
 * The file a path that is no pattern names: the path itself, or where no file has that name, the
 * file that has it in another Unicode normalisation form. `p/café.csv` is typed with `é` (NFC, as
 * most editors write it), but macOS names files with `e` + U+0301 (NFD), and a file system that
 * tells the two apart (Linux's) would find no file.
 */
async function fileAsNamed(path: string, baseDir: string): Promise<string> {
  for (const form of unicodeForms(path)) {
    try {
      await stat(resolve(baseDir, form));
      return form;
    } catch {
      // No file of that name: the next form, else the path as written, which is said to be missing where it is read.
    }
  }
  return path;
}

/** `text` as written, then in Unicode normalisation forms C and D: each form once. */
const unicodeForms = (text: string): string[] => [...new Set([text, text.normalize("NFC"), text.normalize("NFD")])];

/**
 * The glob for a feed path: its pattern, each placeholder written as `fill` gives it, as written
 * and in either Unicode normalisation form (a name typed `café` matches a file macOS named in
 * NFD, see fileAsNamed), and the folder it is read from. An absolute path is globbed from the root.
 */
function globFor(path: string, baseDir: string, fill: (field: string) => string): { patterns: string[]; cwd: string } {
  const pattern = globOf(path).replace(PLACEHOLDER, (_, field: string) => fill(field));
  return isAbsolute(path) ? { patterns: unicodeForms(pattern.slice(1)), cwd: "/" } : { patterns: unicodeForms(pattern), cwd: baseDir };
}

/** `text` as a glob reads it literally: each character that means something to the glob escaped. */
const literalGlob = (text: string): string => text.replace(/[\\*?[\]{}()!+@|,]/g, "\\$&");

/**
 * What each placeholder of `pattern` reads in `file` (a path the pattern matched): the part of
 * the path it stands in, less the text around it there; null when one would read nothing.
 * Where no `{…}` alternative holds a `/`, each part of the pattern is one part of the file's path,
 * and they line up from the start before a `**`, from the end after it. Else the parts that fit
 * the text around the placeholder are tried, each value written into the pattern: the one the
 * file matches with is read, and a file that matches with two is refused.
 */
function capturesOf(pattern: string, file: string, baseDir: string): Record<string, string> | null {
  // Compared in NFC: the pattern matched the file's name in either form.
  const parts = posix.normalize(pattern).normalize("NFC").split("/");
  const names = file.normalize("NFC").split("/");
  const globstar = parts.indexOf("**");
  const aligned = !alternativesOf(pattern).slash;
  const captured: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const [field] = pathPlaceholders(part);
    if (field === undefined) continue;
    const value = aligned
      ? valueIn(part, names[globstar < 0 || i < globstar ? i : names.length - (parts.length - i)] ?? "")
      : matchedValue(pattern, file, baseDir, field, part);
    if (value === null || value === "") return null;
    captured[field] = value;
  }
  return captured;
}

/** What a placeholder part (`store_{location}.csv`) reads in `name`, a part of a file's path; null when the name does not fit around it. */
function valueIn(part: string, name: string): string | null {
  const open = part.indexOf("{");
  const before = part.slice(0, open);
  const after = part.slice(part.indexOf("}", open) + 1);
  if (name.length < before.length + after.length || !name.startsWith(before) || !name.endsWith(after)) return null;
  return name.slice(before.length, name.length - after.length);
}

/**
 * What `field` (standing in the pattern's `part`) reads in `file` when the parts do not line up:
 * of the values the file's parts give it, the one the file matches the pattern with, that value
 * written in. A file that matches with two is refused: which is meant cannot be told.
 */
function matchedValue(pattern: string, file: string, baseDir: string, field: string, part: string): string | null {
  const names = file
    .normalize("NFC")
    .split("/")
    .filter((name) => name !== "");
  const values = [...new Set(names.map((name) => valueIn(part, name)))].filter((value) => value !== null);
  if (values.length <= 1) return values[0] ?? null;
  const fits = values.filter((value) => {
    const { patterns, cwd } = globFor(pattern, baseDir, (other) => (other === field ? literalGlob(value) : "*"));
    return globMatches(patterns, cwd, file);
  });
  if (fits.length === 1) return fits[0]!;
  const read = (fits.length > 1 ? fits : values).map((value) => JSON.stringify(value)).join(" or ");
  throw new PricelintError(
    "config",
    `feed path "${pattern}": ${file} matches it with {${field}} reading ${read}: which is meant? Write the path so that one part of a file's path alone can give {${field}}`,
  );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
