import { createHash, type Hash } from "node:crypto";
import type { FindingsDigest } from "../model/report.js";

/**
 * The digest a JSON report ends with: SHA-256 over the texts of its findings exactly as the
 * document holds them, each from its `{` to its `}` (indentation inside included), each followed
 * by a line feed; and how many there are. A report read back is proved by hashing the same text,
 * so a finding added, dropped, reordered or edited after the report was written shows.
 */
export class FindingsHasher {
  private readonly hash: Hash = createHash("sha256");
  private count = 0;

  /** Adds one finding's text (leading white space before its `{` is not part of it). */
  add(text: string): void {
    let start = 0;
    while (start < text.length && text.charCodeAt(start) !== 0x7b) start++;
    this.hash.update(start === 0 ? text : text.slice(start), "utf8");
    this.hash.update("\n");
    this.count++;
  }

  /** The digest of the texts added; the hasher cannot be used after. */
  digest(): FindingsDigest {
    return { findings: this.count, sha256: this.hash.digest("hex") };
  }
}
