import { once } from "node:events";
import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Writes a report's pieces to a file (or stdout, file null). A file gets text pieces encoded
 * straight into one buffer of BUFFER_BYTES, written whenever it is full, and pieces already in
 * bytes written as they are: no long string is ever built (such strings would pile up in the
 * heap between two collections, and each be copied once more into a buffer of its own to be
 * written). The writes are synchronous and of about 64 KiB: each one then costs the kernel a
 * copy into the page cache, and no turn of the event loop (bench/RESULTS.md, "Writing the
 * report in bytes": larger writes cost some kernels far more per byte).
 */
export async function writeChunks(chunks: Iterable<string | Uint8Array>, file: string | null): Promise<void> {
  if (file === null) return writeToStdout(chunks);
  const fd = openSync(file, "w");
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;
  const flush = () => {
    writeAll(fd, buffer.subarray(0, used));
    used = 0;
  };
  try {
    for (const chunk of whole(chunks)) {
      // Three bytes a UTF-16 code unit at most, in UTF-8.
      const most = typeof chunk === "string" ? 3 * chunk.length : BUFFER_BYTES;
      if (used + most > BUFFER_BYTES && used > 0) flush();
      if (typeof chunk !== "string") writeAll(fd, chunk);
      else if (most > BUFFER_BYTES) writeAll(fd, Buffer.from(chunk, "utf8"));
      else used += buffer.write(chunk, used, "utf8");
    }
    if (used > 0) flush();
  } finally {
    closeSync(fd);
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

/** About 64 KiB a write. */
const BUFFER_BYTES = 1 << 16;

/** Writes all of `bytes`, however many calls it takes. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Stdout keeps what it is given until it is written: strings, in batches of about a megabyte. */
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
    if (batch.length < BUFFER_BYTES) continue;
    if (!process.stdout.write(batch)) await once(process.stdout, "drain");
    batch = "";
  }
  if (!process.stdout.write(batch)) await once(process.stdout, "drain");
}
