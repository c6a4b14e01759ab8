/** Text encodings a feed may declare. */
export type Encoding = "utf-8" | "latin1" | "windows-1252";

/** Turns a stream of bytes into a stream of text, keeping multi-byte characters whole. A UTF-8 BOM is dropped. */
export async function* decode(bytes: AsyncIterable<Uint8Array>, encoding: Encoding): AsyncGenerator<string> {
  if (encoding === "latin1") {
    for await (const chunk of bytes) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
