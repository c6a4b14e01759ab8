/** One of N shards of a run: K in 1..N. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** FNV-1a over UTF-16 code units: stable across runs, machines and Node versions. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Which shard owns a sku: by the stable hash of its catalogue family (a family is judged as a
 * whole, so all its members go together), else of the sku. Entities without a sku (stores,
 * promotions as a whole, rows whose sku cannot be read, config findings) belong to shard 1.
 */
export function shardOwner(shard: Shard | null, familyOf: (sku: string) => string | null): (sku: string | null) => boolean {
  if (shard === null || shard.count === 1) return () => true;
  return (sku) => {
    if (sku === null) return shard.index === 1;
    const key = familyOf(sku) ?? sku;
    return (stableHash(key) % shard.count) + 1 === shard.index;
  };
}

/** Reads `K/N` (e.g. `2/8`). */
export function parseShard(text: string): Shard | null {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : null;
}
