import { fnv1a } from "../text/hash.js";
import { nfc } from "../text/keys.js";
import type { FilePart } from "../io/read-feed.js";

/** One of N shards of a run: K in 1..N. */
export interface Shard {
  readonly index: number;
  readonly count: number;
  /**
   * Shards by key range (worker threads, for price feeds sorted by sku): shard K owns the skus
   * from bounds[K - 2] (inclusive) to bounds[K - 1] (exclusive), in UTF-16 code unit order, and
   * the last shard what has no sku (but the rows of a file read in parts: see
   * {@link ThreadShard.starts}). Without bounds, shards go by hash (see {@link shardOwner}).
   */
  readonly bounds?: readonly string[];
}

/** A worker thread's shard (see parallel/threads.ts). */
export interface ThreadShard extends Shard {
  /**
   * Worker threads' shards by key range: where in the sampled price file (`file`, its path as
   * the config gives it) each shard's rows start, `offsets[K - 2]` for shard K ≥ 2, each the
   * byte that starts the first row of sku bounds[K - 2]. Each shard then reads only its part of
   * that file (with the header and the lines before, counted; see io/read-feed.ts FilePart), and
   * owns every row in it, those without a sku too; a row outside its key range means the file is
   * not sorted as sampled. Set by the threads, never by a caller.
   */
  readonly starts?: FileStarts;
}

/** Where each shard's part of a price file starts (see {@link ThreadShard.starts}). */
export interface FileStarts {
  readonly file: string;
  readonly offsets: readonly number[];
}

/**
 * Why shards by key range cannot check a run, which is then checked again by hash: a price feed
 * whose rows are not in sku order (the first row out of order, and the sku before it), or a
 * catalogue with families (which shards keep whole, by family rather than by sku).
 */
export type KeyOrderProblem =
  | { readonly reason: "unsorted"; readonly file: string; readonly line: number; readonly sku: string; readonly after: string }
  | { readonly reason: "families" }
  | { readonly reason: "partitioned" }
  | { readonly reason: "split"; readonly file: string; readonly line: number };

/** A {@link KeyOrderProblem} as a user reads it. */
export function describeKeyOrder(problem: KeyOrderProblem): string {
  if (problem.reason === "partitioned") return "feeds are partitioned upstream, so shards go by the partitions' buckets, not by sku range";
  if (problem.reason === "split")
    return `${problem.file}:${problem.line}: the record on this line runs on past where a thread's part of the file was to start (a quoted cell over line breaks?)`;
  return problem.reason === "families"
    ? "the catalogue has families, which shards keep together by family rather than by sku range"
    : `${problem.file}:${problem.line}: sku ${JSON.stringify(problem.sku)} comes after ${JSON.stringify(problem.after)}: the rows are not sorted by sku`;
}

/** The hash shards go by: FNV-1a over the text's UTF-16 code units, stable across runs, machines and Node versions. */
export function stableHash(text: string): number {
  return fnv1a(text);
}

/**
 * Which shard owns a sku: by the stable hash of its catalogue family (a family is judged as a
 * whole, so all its members go together), else of the sku. Entities without a sku (stores,
 * promotions as a whole, rows whose sku cannot be read, config findings) belong to shard 1.
 * With bounds, by the sku's key range, and those without a sku to the last shard, the one
 * that reads every price row (see {@link Shard.bounds}; a file read in parts is read otherwise,
 * its rows without a sku each its part's: {@link ThreadShard.starts}). `hash` replaces the stable hash: with
 * feeds partitioned upstream, a key's bucket by the declared function (see dataset/partition.ts),
 * so that shard K owns the buckets b with b mod N = K − 1.
 *
 * A sku is judged in NFC, as the dataset keys it: its spellings in NFC and NFD (`café` written
 * either way in two feeds) are one sku, which one shard must own. Callers give the sku as
 * stored (feeds/load-feed.ts `storedKey`: trimmed, through the feed's `values`, in NFC); with
 * feeds partitioned upstream its bucket is of that key too, and a partitioned file's row whose
 * key is of another bucket than its file's is rejected (`wrong_partition`).
 */
export function shardOwner(
  shard: Shard | null,
  familyOf: (sku: string) => string | null,
  hash: (key: string) => number = stableHash,
): ShardOwner {
  if (shard === null || shard.count === 1) return Object.assign(() => true, { ofKey: () => true });
  if (shard.bounds) {
    const from = rangeStart(shard);
    const below = rangeEnd(shard);
    const inRange = (sku: string | null) => {
      if (sku === null) return below === null;
      const key = nfc(sku);
      return (from === null || key >= from) && (below === null || key < below);
    };
    return Object.assign(inRange, { ofKey: inRange });
  }
  const ofKey = (key: string | null) => (key === null ? shard.index === 1 : (hash(nfc(key)) % shard.count) + 1 === shard.index);
  return Object.assign(
    (sku: string | null) => {
      if (sku === null) return shard.index === 1;
      const key = nfc(sku);
      return ofKey(familyOf(key) ?? key);
    },
    { ofKey },
  );
}

/**
 * Whether this shard owns a sku (see {@link shardOwner}); `ofKey`, whether it owns a key already
 * taken for the sku's (its family, or itself without one): a catalogue row's, read before the
 * sku's family is known, whose family may be another sku's name.
 */
export type ShardOwner = ((sku: string | null) => boolean) & { readonly ofKey: (key: string | null) => boolean };

/** Where a shard's key range starts (inclusive): null for the first, or without bounds. */
export function rangeStart(shard: Shard): string | null {
  return !shard.bounds || shard.index === 1 ? null : shard.bounds[shard.index - 2]!;
}

/**
 * The part of price file `file` (as the config gives its path) that shard `shard` reads alone
 * (see {@link ThreadShard.starts}), or null when it reads the whole file.
 */
export function filePart(shard: ThreadShard | null, file: string): FilePart | null {
  const starts = shard?.starts;
  if (!starts || starts.file !== file) return null;
  const { index, count } = shard;
  return { start: index === 1 ? 0 : starts.offsets[index - 2]!, end: index === count ? null : starts.offsets[index - 1]! };
}

/** Where a shard's key range ends (exclusive): null for the last, or without bounds. */
export function rangeEnd(shard: Shard): string | null {
  return !shard.bounds || shard.index === shard.count ? null : shard.bounds[shard.index - 1]!;
}

/** The most shards a run is split into: AWS Batch's largest array job (10,000 tasks), ten times over. */
export const MAX_SHARDS = 100_000;

/** Reads `K/N` (e.g. `2/8`), 1 ≤ K ≤ N ≤ {@link MAX_SHARDS}. */
export function parseShard(text: string): Shard | null {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count ? { index, count } : null;
}
