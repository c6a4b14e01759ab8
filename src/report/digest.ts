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
  /** Texts added and not yet hashed: hashed together, one call per PENDING_CHARS (the same digest as one by one). */
  private readonly pending: string[] = [];
  private pendingChars = 0;

  /** Adds one finding's text (leading white space before its `{` is not part of it). */
  add(text: string): void {
    let start = 0;
    while (start < text.length && text.charCodeAt(start) !== 0x7b) start++;
    this.pending.push(start === 0 ? text : text.slice(start));
    this.pendingChars += text.length - start;
    if (this.pendingChars >= PENDING_CHARS) this.flush();
    this.count++;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.pending.push("");
    this.hash.update(this.pending.join("\n"), "utf8");
    this.pending.length = 0;
    this.pendingChars = 0;
  }

  /** The digest of the texts added; the hasher cannot be used after. */
  digest(): FindingsDigest {
    this.flush();
    return { findings: this.count, sha256: this.hash.digest("hex") };
  }
}

/** About 64 Ki characters of findings per update of the hash. */
const PENDING_CHARS = 1 << 16;
