import { lstatSync, readlinkSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * A file's identity: its device and inode when it exists. A file not there yet is the one the
 * system would make: through a link left dangling, its target (`latest.json` → `out.json`);
 * else the name in its folder, the folder found as the system reads the path (`link/../r.json`
 * is in the link target's parent, not beside the link), its links followed.
 */
export function identity(path: string, links = 0): string {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    // Not there, or a link to nothing (yet).
  }
  try {
    if (links < MAX_LINKS && lstatSync(path).isSymbolicLink()) return identity(resolve(dirname(path), readlinkSync(path)), links + 1);
  } catch {
    // Nothing at all there: a new file.
  }
  try {
    const folder = statSync(dirname(path));
    return `${folder.dev}:${folder.ino}/${basename(path)}`;
  } catch {
    return resolve(path);
  }
}

/** Links followed at most, as the system does before it gives up (ELOOP). */
const MAX_LINKS = 40;
