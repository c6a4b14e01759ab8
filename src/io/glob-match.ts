import type { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { globSync } from "tinyglobby";

/**
 * Whether one of the glob `patterns`, read from the folder `cwd`, matches `file` (a path from `cwd`, or
 * absolute), as the glob itself judges it when it walks the folders: its braces, classes and
 * `**` read as it reads them, with no other matcher to keep in step. It walks a file system that
 * holds that one file, so no folder is read. Hidden names match as the feeds' glob has them: not
 * by a wildcard.
 */
export function globMatches(patterns: readonly string[], cwd: string, file: string): boolean {
  const holding = holdingOnly(resolve(cwd, file));
  return globSync(patterns, { cwd, fs: { readdirSync: holding }, onlyFiles: true, expandDirectories: false, dot: false }).length > 0;
}

/** A folder's listing, as `readdirSync(folder, { withFileTypes: true })` gives it, in a file system holding `target` alone. */
function holdingOnly(target: string): typeof readdirSync {
  const listing = (folder: string) => {
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    if (!target.startsWith(prefix)) return [];
    // The next name on the way to the file: a folder, or the file itself.
    const rest = target.slice(prefix.length);
    const slash = rest.indexOf("/");
    const name = slash < 0 ? rest : rest.slice(0, slash);
    return [{ name, isFile: () => slash < 0, isDirectory: () => slash >= 0, isSymbolicLink: () => false }];
  };
  return listing as unknown as typeof readdirSync;
}
