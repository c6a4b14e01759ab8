/**
 * 32-bit Murmur3 (x86_32, Austin Appleby's MurmurHash3), over bytes, as the data systems that
 * bucket rows by it compute it. Every result is a signed 32-bit integer, as Java gives it.
 *
 * - {@link murmur3x86_32}: the standard function (Apache Iceberg's `bucket[N]` uses it with seed 0).
 * - {@link sparkHashBytes}: Apache Spark's `Murmur3_x86_32.hashUnsafeBytes`, what Spark's `hash()`
 *   (and so `repartition(n, col)`, `bucketBy`) computes for a string: the same but for the
 *   trailing 1–3 bytes, each mixed on its own as a whole (sign-extended) int.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH1(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The whole 4-byte blocks of bytes[0, end), little-endian, mixed into `seed`. */
function blocks(bytes: Uint8Array, end: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i + 4 <= end; i += 4) {
    const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h = mixH1(h, mixK1(k));
  }
  return h;
}

/** Standard Murmur3 x86_32 of bytes[0, length) (default: all of them). */
export function murmur3x86_32(bytes: Uint8Array, seed: number, length = bytes.length): number {
  const aligned = length - (length % 4);
  let h = blocks(bytes, aligned, seed);
  let k = 0;
  for (let i = length - 1; i >= aligned; i--) k = (k << 8) | bytes[i]!;
  if (length > aligned) h ^= mixK1(k);
  return fmix(h, length);
}

/** Spark's `hashUnsafeBytes` of bytes[0, length): the tail's bytes mixed one at a time, each as a signed byte widened to an int. */
export function sparkHashBytes(bytes: Uint8Array, seed: number, length = bytes.length): number {
  const aligned = length - (length % 4);
  let h = blocks(bytes, aligned, seed);
  for (let i = aligned; i < length; i++) h = mixH1(h, mixK1((bytes[i]! << 24) >> 24));
  return fmix(h, length);
}

/** Spark's `hashInt`: one int (a value of an IntegerType column, or an array's element) into the running hash `seed`. */
export function sparkHashInt(value: number, seed: number): number {
  return fmix(mixH1(seed | 0, mixK1(value | 0)), 4);
}
