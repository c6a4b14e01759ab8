import { murmur3x86_32, sparkHashBytes } from "../text/murmur3.js";

/** The functions feeds are bucketed with upstream (docs/scale.md, "Feeds partitioned upstream"). */
export type PartitionHash = "iceberg" | "spark";

/** What a partitioned feed's files are bucketed by: each sku, or its catalogue family. */
export type PartitionKey = "sku" | "family";

/** How a feed's files were bucketed upstream: the key, the function, the number of buckets, and the path's placeholder giving a file's bucket. */
export interface Partitioning {
  readonly by: PartitionKey;
  readonly hash: PartitionHash;
  readonly buckets: number;
  readonly placeholder: string;
}

const encoder = new TextEncoder();
/** The UTF-8 bytes of the key being hashed, reused (a key of n UTF-16 units takes at most 3n bytes). */
let scratch = new Uint8Array(256);

/**
 * The bucket of a key as the upstream system computes it, 0..buckets-1, over the key's UTF-8 bytes:
 * - `iceberg`: Apache Iceberg's `bucket[N]` transform, `(murmur3_x86_32(key, seed 0) & Integer.MAX_VALUE) % N`;
 * - `spark`: Spark's `pmod(hash(key), N)`, hash being Murmur3 with seed 42 as `hashUnsafeBytes` computes it
 *   (what `repartition(N, col)` and `bucketBy(N, col)` place rows by).
 */
export function bucketOf(key: string, hash: PartitionHash, buckets: number): number {
  if (scratch.length < key.length * 3) scratch = new Uint8Array(key.length * 3);
  const { written } = encoder.encodeInto(key, scratch);
  if (hash === "iceberg") return (murmur3x86_32(scratch, 0, written) & 0x7fffffff) % buckets;
  const h = sparkHashBytes(scratch, 42, written) % buckets;
  return h < 0 ? h + buckets : h | 0;
}

/**
 * A file's bucket from what its path's placeholder captured: a whole number 0..buckets-1 written
 * in decimal digits (leading zeros allowed: `part-00042`); else why not.
 */
export function fileBucket(captured: string, buckets: number): number | string {
  let digits = true;
  for (let i = 0; i < captured.length; i++) {
    const c = captured.charCodeAt(i);
    if (c < 48 || c > 57) digits = false;
  }
  if (!digits || captured === "") return `"${captured}" is not a bucket number`;
  const bucket = Number(captured);
  return bucket < buckets ? bucket : `bucket "${captured}" is not below the ${buckets} buckets declared`;
}

/** The buckets shard K of N opens: those b with b mod N = K − 1. */
export function shardBuckets(index: number, count: number, buckets: number): number[] {
  const out: number[] = [];
  for (let b = index - 1; b < buckets; b += count) out.push(b);
  return out;
}
