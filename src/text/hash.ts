/** FNV-1a, 32 bits: the offset basis and the prime. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over the UTF-16 code units of `text[start, end)`, as an unsigned 32-bit integer: stable
 * across runs, machines and Node versions. (The string table of dataset/columns.ts inlines the
 * same loop, signed, on its hot path; a test checks the two agree.)
 */
export function fnv1a(text: string, start = 0, end = text.length): number {
  let hash = FNV_OFFSET_BASIS | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}
