import { lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * A file's identity, whatever the path it is reached by: its device and inode when it exists, as
 * the system tells files apart, so that a symbolic link (`w.csv` → `prices/web.csv`) and a hard
 * link (what `cp -al` and `rsync --link-dest` snapshots hold) are the file they lead to. Where
 * the file system numbers no file (inode 0: FAT, some network shares), its real path. A file not
 * there yet is the one the system would make: through a link left dangling, its target
 * (`latest.json` → `out.json`); else the name in its folder, the folder found as the system reads
 * the path (`link/../r.json` is in the link target's parent, not beside the link), its links followed.
 */
export function identity(path: string, links = 0): string {
  try {
    // bigint: an inode above 2^53 (NTFS file ids) would otherwise be rounded onto another file's.
    const { dev, ino } = statSync(path, { bigint: true });
    return ino !== 0n ? `${dev}:${ino}` : realpathSync(path);
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
