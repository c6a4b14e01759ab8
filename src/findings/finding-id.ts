import * as crypto from "node:crypto";

/**
 * SHA-256 of a text in hex: one call to `crypto.hash` where Node has it (20.12 on), which takes
 * about 40 % less time than a Hash object per finding; the same digest either way.
 */
const sha256: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * The stable id of a finding: a hash of what identifies it (rule, sku, location, channels,
 * promotion, and for row errors the row), so two runs can be compared finding by finding.
 */
export function findingId(parts: readonly (string | null | readonly string[])[]): string {
  return sha256(JSON.stringify(parts)).slice(0, 16);
}
