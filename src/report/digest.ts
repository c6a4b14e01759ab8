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
  /** Bytes added and not yet hashed: hashed together, one call per PENDING_BYTES (the same digest as one by one). */
  private readonly pending = Buffer.allocUnsafe(PENDING_BYTES);
  private used = 0;

  /** Adds one finding's text (leading white space before its `{` is not part of it). */
  add(text: string): void {
    let start = 0;
    while (start < text.length && text.charCodeAt(start) !== OPEN) start++;
    // Three bytes a UTF-16 code unit at most, and the line feed.
    const most = 3 * (text.length - start) + 1;
    if (this.used + most > PENDING_BYTES) this.flush();
    if (most > PENDING_BYTES) this.hash.update(`${text.slice(start)}\n`, "utf8");
    else {
      this.used += this.pending.write(start === 0 ? text : text.slice(start), this.used, "utf8");
      this.pending[this.used++] = LINE_FEED;
    }
    this.count++;
  }

  /** Adds one finding's text as the UTF-8 bytes `bytes[start, end)` (leading white space before its `{` is not part of it). */
  addBytes(bytes: Uint8Array, start: number, end: number): void {
    while (start < end && bytes[start] !== OPEN) start++;
    if (this.used + (end - start) + 1 > PENDING_BYTES) this.flush();
    if (end - start + 1 > PENDING_BYTES) {
      this.hash.update(bytes.subarray(start, end));
      this.hash.update(LINE_FEED_BYTES);
    } else {
      this.pending.set(bytes.subarray(start, end), this.used);
      this.used += end - start;
      this.pending[this.used++] = LINE_FEED;
    }
    this.count++;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.hash.update(this.pending.subarray(0, this.used));
    this.used = 0;
  }

  /** The digest of the texts added; the hasher cannot be used after. */
  digest(): FindingsDigest {
    this.flush();
    return { findings: this.count, sha256: this.hash.digest("hex") };
  }
}

/** About a megabyte of findings per update of the hash. */
const PENDING_BYTES = 1 << 20;
const OPEN = 0x7b;
const LINE_FEED = 0x0a;
const LINE_FEED_BYTES = new Uint8Array([LINE_FEED]);
