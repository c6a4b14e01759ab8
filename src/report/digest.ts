import { createHash, type Hash } from "node:crypto";
import { PricelintError } from "../model/errors.js";
import type { FindingCounts, FindingsDigest } from "../model/report.js";

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

const CHANGED = "the report was changed after pricelint wrote it";

/**
 * A report's findings read back, as its readers (merge, --baseline) see them: each one's text
 * hashed and each counted by its standing, so that {@link prove} can hold them to the digest and
 * the summary the report ends with.
 */
export class WrittenFindings {
  private readonly hasher = new FindingsHasher();
  readonly counts: FindingCounts = { error: 0, warning: 0, info: 0, waived: 0 };

  /** Adds `findings[index]` (its text as written, and its value); false when it has no severity to count it by. */
  add(text: string, finding: { readonly severity?: unknown; readonly waived?: unknown }): boolean {
    this.hasher.add(text);
    const bucket = finding.waived ? "waived" : finding.severity;
    if (typeof bucket !== "string" || !(bucket in this.counts)) return false;
    this.counts[bucket as keyof FindingCounts]++;
    return true;
  }

  /**
   * Refuses (a `usage` error naming `file`) findings that do not match the report's digest
   * (where it has one: a report of format 1 has none) or the counts of its summary.
   */
  prove(digest: unknown, said: Partial<FindingCounts> | undefined, file: string): void {
    this.proveDigest(digest, file);
    for (const key of Object.keys(this.counts) as (keyof FindingCounts)[]) {
      if (said?.[key] !== this.counts[key])
        throw new PricelintError(
          "usage",
          `its summary counts ${String(said?.[key])} ${key} but its findings hold ${this.counts[key]}: ${CHANGED}`,
          file,
        );
    }
  }

  /** Refuses (a `usage` error naming `file`) findings that do not match the report's digest, where it has one (a report of format 1 has none). */
  proveDigest(digest: unknown, file: string): void {
    if (digest !== undefined) {
      if (!isDigest(digest)) throw new PricelintError("usage", `its digest is not as pricelint writes it: ${CHANGED}`, file);
      const actual = this.hasher.digest();
      if (digest.findings !== actual.findings)
        throw new PricelintError(
          "usage",
          `its digest counts ${digest.findings} findings but it holds ${actual.findings}: ${CHANGED}`,
          file,
        );
      if (digest.sha256 !== actual.sha256) throw new PricelintError("usage", `its findings do not match its digest: ${CHANGED}`, file);
    }
  }
}

function isDigest(value: unknown): value is FindingsDigest {
  const { findings, sha256 } = (typeof value === "object" && value !== null ? value : {}) as Partial<Record<string, unknown>>;
  return Number.isInteger(findings) && typeof sha256 === "string";
}
