import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { PricelintError } from "../model/errors.js";

/** Whether bytes start as gzip data does (RFC 1952: 0x1f 0x8b), whatever the file is called. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A file name without a `.gz` ending: what names the format of the data inside. */
export function withoutGzipEnding(path: string): string {
  return /\.gz$/i.test(path) ? path.slice(0, -3) : path;
}

/**
 * A file's bytes, decompressed as they stream when they are gzip data (one member or several
 * concatenated), as they are otherwise. Data that ends early or is corrupt is an `io` error
 * saying so; the loader names the file, and the run stops with nothing of it reported.
 */
export async function* gunzipIfCompressed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  async function* whole(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (!isGzip(head)) {
    yield* whole();
    return;
  }
  const input = Readable.from(whole(), { objectMode: false });
  const gunzip = createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string" || !code.startsWith("Z_")) throw error;
    const what = code === "Z_BUF_ERROR" ? "ends early: the file is cut short" : "is corrupt";
    throw new PricelintError("io", `the gzip data ${what} (${(error as Error).message})`, null, { cause: error });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
