import { createHash, type Hash } from "node:crypto";
import { severityFault } from "../findings/baseline.js";
import { PricelintError } from "../model/errors.js";
import { PieceThread, reused } from "../io/piece-thread.js";
import { COUNT_KEYS, type FindingCounts, type FindingsDigest } from "../model/report.js";

/**
 * The digest a JSON report ends with: SHA-256 over the texts of its findings exactly as the
 * document holds them, each from its `{` to its `}` (indentation inside included), each followed
 * by a line feed; and how many there are. A report read back is proved by hashing the same text,
 * so a finding added, dropped, reordered or edited after the report was written shows.
 */
export class FindingsHasher {
  /** Where the bytes are hashed: chosen with the first update (see {@link update}). */
  private hash: Hash | PieceThread | null = null;
  private count = 0;
  /** Bytes added and not yet hashed: hashed together, one call per PENDING_BYTES (the same digest as one by one). */
  private pending: Buffer = Buffer.allocUnsafeSlow(PENDING_BYTES);
  private used = 0;

  /** Adds one finding's text (leading white space before its `{` is not part of it). */
  add(text: string): void {
    let start = 0;
    while (start < text.length && text.charCodeAt(start) !== OPEN) start++;
    // Three bytes a UTF-16 code unit at most, and the line feed.
    const most = 3 * (text.length - start) + 1;
    if (this.used + most > PENDING_BYTES) this.flush(most);
    if (most > PENDING_BYTES) this.update(Buffer.from(`${text.slice(start)}\n`, "utf8"));
    else {
      this.used += this.pending.write(start === 0 ? text : text.slice(start), this.used, "utf8");
      this.pending[this.used++] = LINE_FEED;
    }
    this.count++;
  }

  /** Adds one finding's text as the UTF-8 bytes `bytes[start, end)` (leading white space before its `{` is not part of it). */
  addBytes(bytes: Uint8Array, start: number, end: number): void {
    while (start < end && bytes[start] !== OPEN) start++;
    if (this.used + (end - start) + 1 > PENDING_BYTES) this.flush(end - start + 1);
    if (end - start + 1 > PENDING_BYTES) {
      const copy = new Uint8Array(end - start + 1);
      copy.set(bytes.subarray(start, end));
      copy[end - start] = LINE_FEED;
      this.update(copy);
    } else {
      this.pending.set(bytes.subarray(start, end), this.used);
      this.used += end - start;
      this.pending[this.used++] = LINE_FEED;
    }
    this.count++;
  }

  /** Hashes the bytes pending, ahead of `coming` more. */
  private flush(coming = 0): void {
    if (this.used === 0) return;
    const bytes = this.pending.subarray(0, this.used);
    this.used = 0;
    // Handed over to a thread, the buffer is the thread's: the next bytes go into one it is done with, or a new one.
    if (this.update(bytes, coming)) this.pending = reused(this.hash as PieceThread, PENDING_BYTES) ?? Buffer.allocUnsafeSlow(PENDING_BYTES);
  }

  /**
   * Hashes `bytes`, which are the hasher's own (never changed after), ahead of `coming` more;
   * true when they were handed to a thread. A report whose findings reach a megabyte before
   * the first update is hashed by a thread of its own (see PieceThread) while its findings
   * are written; a smaller one, by the thread writing it, which starts no other for so little.
   */
  private update(bytes: Uint8Array, coming = 0): boolean {
    this.hash ??= (bytes.length + coming >= PENDING_BYTES ? PieceThread.start({ job: "sha256" }) : null) ?? createHash("sha256");
    if (this.hash instanceof PieceThread) {
      this.hash.add(bytes);
      return true;
    }
    this.hash.update(bytes);
    return false;
  }

  /** The digest of the texts added; the hasher cannot be used after. */
  digest(): FindingsDigest {
    this.flush();
    const hash = (this.hash ??= createHash("sha256"));
    return { findings: this.count, sha256: hash instanceof PieceThread ? (hash.finish() as string) : hash.digest("hex") };
  }

  /** Stops hashing, the digest no longer wanted (a report given up half-way): its thread, if any, stops. */
  close(): void {
    if (this.hash instanceof PieceThread) void this.hash.close();
  }
}

/** About a megabyte of findings per update of the hash. */
const PENDING_BYTES = 1 << 20;
const OPEN = 0x7b;
const LINE_FEED = 0x0a;

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
    const bucket = countedAs(finding);
    if (bucket === null) return false;
    this.counts[bucket]++;
    return true;
  }

  /**
   * Refuses (a `usage` error naming `file`) findings that do not match the report's digest
   * (where it has one: a report of format 1 has neither `run` nor digest) or the counts of its
   * summary. `run` is the report's `run` member (undefined: none).
   */
  prove(digest: unknown, said: Partial<FindingCounts> | undefined, file: string, run: unknown): void {
    this.proveDigest(digest, file, run);
    for (const key of Object.keys(this.counts) as (keyof FindingCounts)[]) {
      if (said?.[key] !== this.counts[key])
        throw new PricelintError(
          "usage",
          `its summary counts ${String(said?.[key])} ${key} but its findings hold ${this.counts[key]}: ${CHANGED}`,
          file,
        );
    }
  }

  /**
   * Refuses (a `usage` error naming `file`) findings that do not match the report's digest,
   * where it has one; and a report with a `run` member (`run`, undefined: none) but no digest:
   * a report that says which run it is of is of format 2 or later, which always ends with its
   * digest, so one without would leave its findings unproved. (A report of format 1 has
   * neither; one written by the library for a report without `run` has a digest alone.)
   */
  proveDigest(digest: unknown, file: string, run: unknown): void {
    if (digest === undefined && run !== undefined)
      throw new PricelintError(
        "usage",
        `it says which run it is of ("run") but has no digest, which such a report ends with: ${CHANGED}`,
        file,
      );
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

/**
 * What a finding read back counts under in its report's summary: `waived` when it is waived, else
 * its severity; null when it has none pricelint writes (see severityFault), waived or not (a
 * report changed after it was written).
 */
export function countedAs(finding: { readonly severity?: unknown; readonly waived?: unknown }): keyof FindingCounts | null {
  if (severityFault(finding) !== null) return null;
  const bucket = finding.waived ? "waived" : finding.severity;
  return COUNT_KEYS.find((key) => key === bucket) ?? null;
}

function isDigest(value: unknown): value is FindingsDigest {
  const { findings, sha256 } = (typeof value === "object" && value !== null ? value : {}) as Partial<Record<string, unknown>>;
  return Number.isInteger(findings) && typeof sha256 === "string";
}
