import { PricelintError } from "../model/errors.js";

/**
 * A binary feed's bytes as one plain array, for a format read at offsets whose bytes are not a
 * plain file (gzip data, standard input): refused past `maxBytes` with the `io` error
 * `tooLarge` says, before more is held.
 */
export async function bytesInMemory(chunks: AsyncIterable<Uint8Array>, maxBytes: number, tooLarge: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > maxBytes) throw new PricelintError("io", tooLarge);
    parts.push(chunk);
  }
  // A plain Uint8Array (a Buffer's slice would share its memory, and its .buffer be the whole pool).
  const data = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  return data;
}

/** Bytes (or text) held in memory as the stream of chunks the readers take: one chunk. */
export async function* asChunks<T extends Uint8Array | string>(chunk: T): AsyncGenerator<T> {
  yield chunk;
}
