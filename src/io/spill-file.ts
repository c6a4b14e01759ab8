/**
 * A thread's spill file: findings' texts a thread built further ahead than the main thread
 * reads, kept on disk instead of in memory until their turn in the report comes.
 *
 * With shards by sku range the report takes all of one thread's findings of a rule before the
 * other's, so without spilling one thread waits while the other's are written. A spill file is
 * created in the system's temporary folder (`TMPDIR`), readable and writable by this user only,
 * and removed at once where the system allows it (it then lives as long as its descriptor):
 * nothing is left behind, even if the process is killed. Threads share the process's file
 * descriptors, so the main thread reads the thread's texts back through the same descriptor; the
 * thread that opened it closes it (Node closes a thread's files when the thread ends, and would
 * otherwise close whatever file had since been given the same number).
 */
import { randomUUID } from "node:crypto";
import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where one batch's texts were spilled: `bytes` UTF-8 bytes at `offset` of the file open as `fd`. */
export interface Spilled {
  readonly fd: number;
  readonly offset: number;
  readonly bytes: number;
}

/** A thread's spill file for one read of its findings, opened on the first text it spills, closed for the next read. */
export class SpillFile {
  /** `folder`: where to create the file, by default the system's temporary folder. */
  constructor(private readonly folder: string | null = null) {}

  private fd = -1;
  private path: string | null = null;
  private offset = 0;
  /** Whether writing failed (a full disk, say): the texts then stay in memory. */
  private failed = false;

  /** Appends `text`; where it went, or null when it could not be spilled (it must then be sent as it is). */
  write(text: string): Spilled | null {
    if (this.failed) return null;
    try {
      if (this.fd < 0) this.open();
      const bytes = Buffer.from(text, "utf8");
      for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done, this.offset + done);
      const spilled = { fd: this.fd, offset: this.offset, bytes: bytes.length };
      this.offset += bytes.length;
      return spilled;
    } catch {
      // Memory instead of disk: slower to come by, never lost. Texts already spilled stay readable.
      this.failed = true;
      return null;
    }
  }

  /** Closes the file, and removes it if it still has a name. */
  close(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
      if (this.path !== null) unlinkSync(this.path);
    } catch {
      // Already gone: nothing is left to free.
    }
    this.fd = -1;
    this.offset = 0;
    this.failed = false;
  }

  private open(): void {
    const path = join(this.folder ?? tmpdir(), `pricelint-spill-${process.pid}-${randomUUID()}`);
    this.fd = openSync(path, "wx+", 0o600);
    this.path = path;
    try {
      unlinkSync(path);
      this.path = null;
    } catch {
      // Windows keeps an open file's name: whoever closes it removes it.
    }
  }
}

/** The texts of one spilled batch, read back. */
export function readSpilled({ fd, offset, bytes }: Spilled): string {
  const buffer = Buffer.allocUnsafe(bytes);
  for (let done = 0; done < bytes;) {
    const n = readSync(fd, buffer, done, bytes - done, offset + done);
    if (n === 0) throw new Error(`a thread's spill file ended ${bytes - done} bytes early`);
    done += n;
  }
  return buffer.toString("utf8");
}
