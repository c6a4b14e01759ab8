/**
 * Spill files: findings' texts (UTF-8 bytes) a check thread built further ahead than the main thread reads,
 * kept on disk instead of in memory until their turn in the report comes.
 *
 * With shards by sku range the report takes all of one thread's findings of a rule before the
 * other's, so without spilling one thread waits while the other's are written. The main thread
 * makes one spill file per thread, in the system's temporary folder (`TMPDIR`), readable and
 * writable by this user only, and removes it from the folder at once where the system allows it
 * (it then lives as long as its descriptor): nothing is left behind, even if the process is
 * killed. Threads share the process's file descriptors: the thread writes its texts through the
 * descriptor, the main thread reads them back through it, and only the main thread opens or
 * closes it, so a thread that stops (Node then closes the files that thread opened) cannot take
 * it away while its texts are still to be read.
 */
import { randomUUID } from "node:crypto";
import { closeSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A spill file, opened by the main thread. */
export class SpillFile {
  private constructor(
    readonly fd: number,
    /** The file's name while it still has one (where it could not be removed while open), else null. */
    private readonly path: string | null,
  ) {}

  /** A new spill file in `folder` (by default the system's temporary folder), or null when none can be made there. */
  static open(folder: string | null): SpillFile | null {
    const path = join(folder ?? tmpdir(), `pricelint-spill-${process.pid}-${randomUUID()}`);
    let fd: number;
    try {
      fd = openSync(path, "wx+", 0o600);
    } catch {
      return null;
    }
    try {
      unlinkSync(path);
      return new SpillFile(fd, null);
    } catch {
      // Windows keeps an open file's name: it is removed when the file is closed.
      return new SpillFile(fd, path);
    }
  }

  /** Gives the disk back once a read's texts are all read; the next read writes from the start. */
  empty(): void {
    try {
      ftruncateSync(this.fd, 0);
    } catch {
      // The space comes back when the file is closed.
    }
  }

  /** Closes the file, and removes it if it still has a name. */
  close(): void {
    try {
      closeSync(this.fd);
      if (this.path !== null) unlinkSync(this.path);
    } catch {
      // Already gone: nothing is left to free.
    }
  }
}

/** Writes `pieces` one after the other at `offset` of the spill file open as `fd`; their length in bytes. Throws where it cannot (a full disk). */
export function writeSpill(fd: number, offset: number, pieces: readonly Uint8Array[]): number {
  let at = offset;
  for (const bytes of pieces) {
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    at += bytes.length;
  }
  return at - offset;
}

/** The `bytes` bytes at `offset` of the spill file open as `fd`. */
export function readSpill(fd: number, offset: number, bytes: number): Buffer {
  const buffer = Buffer.allocUnsafeSlow(bytes);
  for (let done = 0; done < bytes;) {
    const n = readSync(fd, buffer, done, bytes - done, offset + done);
    if (n === 0) throw new Error(`a thread's spill file ended ${bytes - done} bytes early`);
    done += n;
  }
  return buffer;
}
