import { once } from "node:events";
import { open, type FileHandle } from "node:fs/promises";

/**
 * Writes a report's text pieces to a file (or stdout, file null). A file gets them encoded
 * straight into one of two buffers of about a megabyte, and each full buffer is written while
 * the other fills: the text is made on this thread as the last buffer goes out, and no
 * megabyte-long string is ever built (such strings would pile up in the heap between two
 * collections, and each be copied once more into a buffer of its own to be written).
 */
export async function writeChunks(chunks: Iterable<string>, file: string | null): Promise<void> {
  if (file === null) return writeToStdout(chunks);
  const handle = await open(file, "w");
  const buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)];
  let filling = 0;
  let used = 0;
  // The buffer being written; its failure is handled where it is awaited.
  let writing: Promise<void> = Promise.resolve();
  const send = async (bytes: Buffer | string, length: number) => {
    await writing;
    writing = writeAll(handle, bytes, length);
    writing.catch(() => {});
  };
  const put = async (chunk: string) => {
    // Three bytes a UTF-16 code unit at most, in UTF-8.
    if (used + 3 * chunk.length > BUFFER_BYTES && used > 0) {
      await send(buffers[filling]!, used);
      filling ^= 1;
      used = 0;
    }
    if (3 * chunk.length > BUFFER_BYTES) await send(chunk, -1);
    else used += buffers[filling]!.write(chunk, used, "utf8");
  };
  try {
    for (const chunk of whole(chunks)) await put(chunk);
    if (used > 0) await send(buffers[filling]!, used);
    await writing;
  } finally {
    await writing.catch(() => {});
    await handle.close();
  }
}

/**
 * The pieces, none ending between the two halves of a character (a high surrogate waits for the
 * low one that may begin the next piece): encoded apart, each half would be written as U+FFFD.
 */
function* whole(chunks: Iterable<string>): Generator<string> {
  let held = "";
  for (let chunk of chunks) {
    if (held !== "") chunk = held + chunk;
    const last = chunk.charCodeAt(chunk.length - 1);
    held = last >= 0xd800 && last <= 0xdbff ? chunk.slice(-1) : "";
    if (held !== "") chunk = chunk.slice(0, -1);
    if (chunk !== "") yield chunk;
  }
  if (held !== "") yield held;
}

/** About a megabyte a buffer. */
const BUFFER_BYTES = 1 << 20;

/** Writes `length` bytes of `bytes` (a text: all of it), however many calls it takes. */
async function writeAll(handle: FileHandle, bytes: Buffer | string, length: number): Promise<void> {
  const buffer = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  const end = typeof bytes === "string" ? buffer.length : length;
  for (let done = 0; done < end;) done += (await handle.write(buffer, done, end - done)).bytesWritten;
}

/** Stdout keeps what it is given until it is written: strings, in batches of about a megabyte. */
async function writeToStdout(chunks: Iterable<string>): Promise<void> {
  let batch = "";
  for (const chunk of whole(chunks)) {
    batch += chunk;
    if (batch.length < BUFFER_BYTES) continue;
    if (!process.stdout.write(batch)) await once(process.stdout, "drain");
    batch = "";
  }
  if (!process.stdout.write(batch)) await once(process.stdout, "drain");
}
