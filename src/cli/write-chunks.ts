import { once } from "node:events";
import { open, type FileHandle } from "node:fs/promises";

/**
 * Writes a report's pieces to a file (or stdout, file null). Text pieces are encoded straight
 * into buffers of BUFFER_BYTES, and pieces already in bytes go as they are: no long string is
 * ever built (such strings would pile up in the heap between two collections, and each be
 * copied once more into a buffer of its own to be written). Each buffer is written by a write
 * of its own while the next ones are made, up to MAX_IN_FLIGHT at once: writes of about 64 KiB
 * cost some kernels far less per byte than writes of a megabyte, and a write the kernel holds
 * back (its page cache full of a report's gigabytes) does not hold the report back with it.
 */
export async function writeChunks(chunks: Iterable<string | Uint8Array>, file: string | null): Promise<void> {
  if (file === null) return writeToStdout(chunks);
  const handle = await open(file, "w");
  let writes: Writes | null = null;
  try {
    const placed = (await handle.stat()).isFile();
    const queue = (writes = new Writes(handle, placed));
    let buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    let used = 0;
    const flush = async () => {
      if (used === 0) return;
      await queue.add(buffer.subarray(0, used));
      buffer = Buffer.allocUnsafe(BUFFER_BYTES);
      used = 0;
    };
    for (const chunk of whole(chunks)) {
      if (typeof chunk !== "string") {
        await flush();
        await queue.add(chunk);
        continue;
      }
      // Three bytes a UTF-16 code unit at most, in UTF-8.
      const most = 3 * chunk.length;
      if (used + most > BUFFER_BYTES) await flush();
      if (most > BUFFER_BYTES) await queue.add(Buffer.from(chunk, "utf8"));
      else used += buffer.write(chunk, used, "utf8");
    }
    await flush();
    await queue.done();
  } finally {
    await writes?.settled();
    await handle.close();
  }
}

/** About 64 KiB a write. */
const BUFFER_BYTES = 1 << 16;
/** Characters of text a write to stdout takes at least. */
const STDOUT_BATCH = 1 << 20;
/** Writes under way at once, at most: about a megabyte. */
const MAX_IN_FLIGHT = 16;

/**
 * The writes of one file, each of bytes no one changes after (a buffer of its own), in order.
 * Into a regular file, each goes at its place in the file, so several can be under way at once;
 * into anything else (a pipe, a terminal), one at a time, at the end.
 */
class Writes {
  private readonly pending: Promise<void>[] = [];
  private position = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly placed: boolean,
  ) {}

  /** Starts writing `bytes` after what was added before; waits only while the most writes are under way. */
  async add(bytes: Uint8Array): Promise<void> {
    if (this.pending.length >= (this.placed ? MAX_IN_FLIGHT : 1)) await this.pending.shift();
    const write = writeAll(this.handle, bytes, this.placed ? this.position : null);
    // Its failure is handled where it is awaited.
    write.catch(() => {});
    this.pending.push(write);
    this.position += bytes.length;
  }

  /** Waits for every write; the first that failed throws. */
  async done(): Promise<void> {
    while (this.pending.length > 0) await this.pending.shift();
  }

  /** Waits for every write, failed or not. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0));
  }
}

/** Writes all of `bytes` at `position` (null: at the end), however many calls it takes. */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number | null): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    done += (await handle.write(bytes, done, bytes.length - done, position === null ? null : position + done)).bytesWritten;
  }
}

/**
 * The pieces, none ending between the two halves of a character (a high surrogate waits for the
 * low one that may begin the next piece): encoded apart, each half would be written as U+FFFD.
 */
function* whole(chunks: Iterable<string | Uint8Array>): Generator<string | Uint8Array> {
  let held = "";
  for (let chunk of chunks) {
    if (typeof chunk !== "string") {
      if (held !== "") yield held;
      held = "";
      yield chunk;
      continue;
    }
    if (held !== "") chunk = held + chunk;
    const last = chunk.charCodeAt(chunk.length - 1);
    held = last >= 0xd800 && last <= 0xdbff ? chunk.slice(-1) : "";
    if (held !== "") chunk = chunk.slice(0, -1);
    if (chunk !== "") yield chunk;
  }
  if (held !== "") yield held;
}

/** Stdout keeps what it is given until it is written: strings, in batches of about a megabyte (pieces in bytes as they are). */
async function writeToStdout(chunks: Iterable<string | Uint8Array>): Promise<void> {
  let batch = "";
  for (const chunk of whole(chunks)) {
    if (typeof chunk !== "string") {
      if (batch !== "" && !process.stdout.write(batch)) await once(process.stdout, "drain");
      batch = "";
      if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
      continue;
    }
    batch += chunk;
    if (batch.length < STDOUT_BATCH) continue;
    if (!process.stdout.write(batch)) await once(process.stdout, "drain");
    batch = "";
  }
  if (!process.stdout.write(batch)) await once(process.stdout, "drain");
}
