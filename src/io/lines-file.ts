import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { once } from "node:events";
import { createGzip, gunzipSync } from "node:zlib";
import { gunzipIfCompressed, isGzip } from "./gzip.js";

/** Whether a path is a folder (false for a file); a path that cannot be read throws the system's error. */
export async function isFolder(path: string): Promise<boolean> {
  return (await stat(path)).isDirectory();
}

/**
 * The start of a file as text: its first bytes, decompressed as far as they go when they are
 * gzip data; "" when they do not decode, with zlib's reason (`corrupt`: a flipped bit, a bad
 * checksum). Whether it is gzip, and how many bytes were read, are said too.
 */
export async function fileHead(path: string, length = 4096): Promise<{ text: string; gzip: boolean; bytes: number; corrupt?: string }> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    const head = buffer.subarray(0, bytesRead);
    const gzip = isGzip(head);
    try {
      // Z_SYNC_FLUSH: what the first bytes give, without asking for the rest of the stream.
      return { text: new TextDecoder().decode(gzip ? gunzipSync(head, { finishFlush: 2 }) : head), gzip, bytes: bytesRead };
    } catch (error) {
      return { text: "", gzip, bytes: bytesRead, corrupt: (error as Error).message };
    }
  } finally {
    await handle.close();
  }
}

/**
 * A UTF-8 text file's lines (without their line breaks), decompressed as it streams when it is
 * gzip; corrupt or cut gzip data is an `io` error, bytes that are not UTF-8 a TypeError.
 */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  for await (const chunk of gunzipIfCompressed(createReadStream(path))) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let end = text.indexOf("\n", from); end >= 0; end = text.indexOf("\n", from)) {
      yield text.slice(from, end);
      from = end + 1;
    }
    rest = text.slice(from);
  }
  rest += decoder.decode();
  if (rest !== "") yield rest;
}

/**
 * Writes text, gzipped at `level` (1 fastest … 9 smallest), as it is produced (chunks of about
 * 64 KiB, waiting while the stream is full): into a file beside `path`, renamed onto it once
 * whole, so a write that fails (a full disk, a stopped run) leaves the file that was there.
 */
export async function writeGzipText(path: string, parts: Iterable<string>, level = 6): Promise<void> {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  await writeGzipFile(partial, parts, level).catch(async (error: unknown) => {
    await rm(partial, { force: true });
    throw error;
  });
  await rename(partial, path);
}

async function writeGzipFile(path: string, parts: Iterable<string>, level: number): Promise<void> {
  const gzip = createGzip({ level });
  const out = createWriteStream(path);
  const done = new Promise<void>((resolveDone, reject) => {
    out.on("finish", resolveDone);
    out.on("error", reject);
    gzip.on("error", reject);
  });
  gzip.pipe(out);
  let chunk = "";
  try {
    for (const part of parts) {
      chunk += part;
      if (chunk.length >= 65536) {
        if (!gzip.write(chunk)) await Promise.race([once(gzip, "drain"), done]);
        chunk = "";
      }
    }
    gzip.end(chunk);
    await done;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  }
}
