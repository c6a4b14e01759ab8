import { createHash } from "node:crypto";

/**
 * The stable id of a finding: a hash of what identifies it (rule, sku, location, channels,
 * promotion, and for row errors the row), so two runs can be compared finding by finding.
 */
export function findingId(parts: readonly (string | null | readonly string[])[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}
