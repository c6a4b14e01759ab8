import { once } from "node:events";
import { writeSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { PieceThread, reused } from "../io/piece-thread.js";
import { isStandardError } from "./output-guard.js";

/**
 * Writes a report's pieces to a file (or stdout, file null). Text pieces are encoded straight
 * into buffers of about BUFFER_BYTES, and pieces in bytes copied into them: no long string is
 * ever built (such strings would pile up in the heap between two collections), and each buffer
 * is the writer's own, never one the pieces' maker goes on using. Each is written in writes of
 * WRITE_BYTES at most, which cost some kernels far less per byte than writes of a megabyte.
 *
 * Into a regular file, the first megabyte is written where it is made; a larger report's
 * buffers are then handed to a thread of its own (see FileWrites), so that neither the writes'
 * cost nor a write the kernel holds back (its page cache full of a report's gigabytes) holds
 * the report back. Into anything else (a pipe, a terminal), the writes go one at a time,
 * awaited, since what reads them may need this thread to go on.
 */
export async function writeChunks(chunks: Iterable<string | Uint8Array>, file: string | null): Promise<void> {
  if (file === null) return writeToStream(chunks, process.stdout);
  // Standard error by its name is written as it stands (appended to, where it is `2>> log`), never opened again and cut.
  if (isStandardError(file)) return writeToStream(chunks, process.stderr);
  const handle = await open(file, "w");
  let writes: FileWrites | null = null;
  try {
    if ((await handle.stat()).isFile()) {
      const queue = (writes = new FileWrites(handle.fd));
      for (const buffer of buffers(chunks, () => queue.buffer())) queue.add(buffer);
      queue.done();
    } else {
      for (const buffer of buffers(chunks, fresh)) await writeAll(handle, buffer);
    }
  } finally {
    // The thread writing stops before the file closes: it can then write into no file opened after.
    await writes?.stop();
    await handle.close();
  }
}

/** About 512 KiB a buffer: a thread is handed few, each with a cost of its own. */
const BUFFER_BYTES = 1 << 19;
/** 64 KiB a write at most, here and in the thread writing. */
const WRITE_BYTES = 1 << 16;
/** Characters of text a write to stdout takes at least. */
const STDOUT_BATCH = 1 << 20;
/** Bytes written into a file where they are made before a thread takes over the writes: about a megabyte. */
const THREAD_AFTER = 1 << 20;

/** A new buffer of BUFFER_BYTES. */
const fresh = (): Buffer => Buffer.allocUnsafeSlow(BUFFER_BYTES);

/**
 * The pieces' UTF-8 in buffers of the writer's own, each of BUFFER_BYTES from `next` (or, for a
 * larger piece, one of its size), filled as far as the pieces go.
 */
function* buffers(chunks: Iterable<string | Uint8Array>, next: () => Buffer): Generator<Uint8Array> {
  let buffer = next();
  let used = 0;
  for (const chunk of whole(chunks)) {
    // Three bytes a UTF-16 code unit at most, in UTF-8.
    const most = typeof chunk === "string" ? 3 * chunk.length : chunk.length;
    if (used + most > BUFFER_BYTES && used > 0) {
      yield buffer.subarray(0, used);
      buffer = next();
      used = 0;
    }
    if (most > BUFFER_BYTES) yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : new Uint8Array(chunk);
    else if (typeof chunk === "string") used += buffer.write(chunk, used, "utf8");
    else {
      buffer.set(chunk, used);
      used += chunk.length;
    }
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/**
 * The writes of one regular file, in order, each of a buffer no one changes after: the first
 * THREAD_AFTER bytes where they are made (a small report starts no thread), the rest handed to
 * a {@link PieceThread} (written where they are made too where no thread can be started).
 */
class FileWrites {
  private thread: PieceThread | null = null;
  private written = 0;
  /** Whether a thread was asked for (once: where none can be started, none is asked for again). */
  private asked = false;

  constructor(private readonly fd: number) {}

  /** Writes `bytes` after what was added before (or hands them over); throws the first write's error. */
  add(bytes: Uint8Array): void {
    if (!this.asked && this.written >= THREAD_AFTER) {
      this.asked = true;
      this.thread = PieceThread.start({ job: "write", fd: this.fd, writeBytes: WRITE_BYTES });
    }
    this.written += bytes.length;
    if (this.thread !== null) this.thread.add(bytes);
    else for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, Math.min(WRITE_BYTES, bytes.length - done));
  }

  /** A buffer of BUFFER_BYTES to fill: one the thread has written, or a new one. */
  buffer(): Buffer {
    return (this.thread === null ? null : reused(this.thread, BUFFER_BYTES)) ?? fresh();
  }

  /** Waits until every write is made; throws the first that failed. */
  done(): void {
    const thread = this.thread;
    this.thread = null;
    // Its writes made, the thread writes nothing more: it is let go without waiting for it to end.
    thread?.finish();
  }

  /** Stops the thread writing, if any, and waits for it to end (writes still to be made are not: the report failed, or they did). */
  async stop(): Promise<void> {
    await this.thread?.close();
  }
}

/** Writes all of `bytes` at the end, however many calls it takes. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;)
    done += (await handle.write(bytes, done, Math.min(WRITE_BYTES, bytes.length - done))).bytesWritten;
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

/** A standard stream keeps what it is given until it is written: strings, in batches of about a megabyte (pieces in bytes as they are). */
async function writeToStream(chunks: Iterable<string | Uint8Array>, stream: NodeJS.WriteStream): Promise<void> {
  let batch = "";
  for (const chunk of whole(chunks)) {
    if (typeof chunk !== "string") {
      if (batch !== "" && !stream.write(batch)) await once(stream, "drain");
      batch = "";
      if (!stream.write(chunk)) await once(stream, "drain");
      continue;
    }
    batch += chunk;
    if (batch.length < STDOUT_BATCH) continue;
    if (!stream.write(batch)) await once(stream, "drain");
    batch = "";
  }
  if (!stream.write(batch)) await once(stream, "drain");
}
