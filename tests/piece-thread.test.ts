/**
 * A report's pieces hashed or written by a thread of their own: the same SHA-256 as hashing the
 * bytes in one go (node:crypto's createHash over their concatenation, not the code under test),
 * the same file as the pieces joined, past the pieces the thread may hold, each piece's buffer
 * handed over rather than copied (and handed back once taken), and a write's failure thrown as
 * the file system's error; the findings hasher hands a report of a megabyte or more to such a
 * thread, a smaller one not.
 */
import { createHash } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PieceThread } from "../src/io/piece-thread.js";
import { FindingsHasher } from "../src/report/digest.js";

const dir = mkdtempSync(join(tmpdir(), "pricelint-piece-thread-"));

afterEach(() => {
  vi.restoreAllMocks();
});

/** `count` pieces of `size` bytes, each different (a piece's index and position in every byte). */
function pieces(count: number, size: number): Uint8Array[] {
  return Array.from({ length: count }, (_, p) => {
    const piece = new Uint8Array(size);
    for (let i = 0; i < size; i++) piece[i] = (p * 31 + i * 7) & 0xff;
    return piece;
  });
}

describe("PieceThread", () => {
  it("gives the SHA-256 of the pieces' concatenation, past the most it holds unhashed, and takes each piece's buffer", () => {
    // 40 pieces: more than the 16 that may wait, so adding waits for the thread at least once.
    const given = pieces(40, 100_003);
    const expected = createHash("sha256");
    for (const piece of given) expected.update(piece);
    const thread = PieceThread.start({ job: "sha256" });
    expect(thread).not.toBeNull();
    for (const piece of given) thread!.add(piece);
    // Handed over, not copied: the buffers are the thread's now.
    expect(given.every((piece) => piece.byteLength === 0)).toBe(true);
    expect(thread!.finish()).toBe(expected.digest("hex"));
  });

  it("S48 adds no listener to the process's standard output or error, however many threads start before the event loop runs", () => {
    const listeners = () => [process.stdout, process.stderr].map((stream) => stream.eventNames().map((name) => stream.listenerCount(name)));
    const before = listeners();
    // A trend of many large reports: a digest thread per report, all started in one synchronous loop.
    const threads = Array.from({ length: 12 }, () => PieceThread.start({ job: "sha256" })!);
    expect(listeners()).toStrictEqual(before);
    for (const thread of threads) thread.finish();
  });

  it("hashes a view as its bytes alone, and nothing as the empty text's SHA-256", () => {
    const whole = pieces(1, 1000)[0]!;
    const view = whole.subarray(100, 400);
    const expected = createHash("sha256").update(view).digest("hex");
    const thread = PieceThread.start({ job: "sha256" })!;
    thread.add(view);
    expect(thread.finish()).toBe(expected);
    // `printf '' | sha256sum`
    expect(PieceThread.start({ job: "sha256" })!.finish()).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hands each piece's buffer back once taken, to be filled again, oldest first", () => {
    const thread = PieceThread.start({ job: "sha256" })!;
    const sizes = [1000, 2000, 3000];
    for (const size of sizes) thread.add(new Uint8Array(size));
    const back: number[] = [];
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let tries = 0; back.length < sizes.length && tries < 1000; tries++) {
      const buffer = thread.reuse();
      if (buffer === null) Atomics.wait(pause, 0, 0, 5);
      else back.push(buffer.byteLength);
    }
    expect(back).toStrictEqual(sizes);
    expect(thread.reuse()).toBeNull();
    // The digest is of the pieces as they were handed over: 6,000 zero bytes.
    expect(thread.finish()).toBe(createHash("sha256").update(new Uint8Array(6000)).digest("hex"));
  });

  it("can be stopped without its result", async () => {
    const thread = PieceThread.start({ job: "sha256" })!;
    thread.add(pieces(1, 10)[0]!);
    await expect(thread.close()).resolves.not.toThrow();
  });

  it("writes the pieces one after the other to a file, past the most it holds", () => {
    const given = pieces(40, 70_001);
    const expected = Buffer.concat(given);
    const file = join(dir, "written.bin");
    // After what the file already holds at the descriptor's position.
    writeFileSync(file, "head:");
    const fd = openSync(file, "a");
    try {
      const thread = PieceThread.start({ job: "write", fd, writeBytes: 4096 })!;
      for (const piece of given) thread.add(piece);
      expect(thread.finish()).toBeNull();
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file).equals(Buffer.concat([Buffer.from("head:"), expected]))).toBe(true);
  });

  it("throws a write's failure as the file system's error, at the next piece or at the end", () => {
    const file = join(dir, "read-only.bin");
    writeFileSync(file, "");
    // A descriptor open for reading: every write fails with EBADF.
    const fd = openSync(file, "r");
    try {
      const thread = PieceThread.start({ job: "write", fd, writeBytes: 4096 })!;
      thread.add(pieces(1, 10)[0]!);
      let thrown: unknown = null;
      try {
        for (const piece of pieces(40, 10)) thread.add(piece);
        thread.finish();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error & { code?: string }).code).toBe("EBADF");
      expect((thrown as Error).message).toMatch(/^EBADF: bad file descriptor, write/);
    } finally {
      closeSync(fd);
    }
  });
});

describe("FindingsHasher and its thread", () => {
  /** Findings of about 300 bytes, `count` of them, some far past the hasher's megabyte, as texts and as bytes alternately. */
  function digestBoth(count: number): { readonly got: unknown; readonly expected: unknown } {
    const hasher = new FindingsHasher();
    const hash = createHash("sha256");
    for (let i = 0; i < count; i++) {
      const text = i % 997 === 996 ? `{"big": "${"é".repeat(700_000)}${i}"}` : `    {"i": ${i}, "pad": "${"x".repeat(280)}"}`;
      if (i % 2 === 0) hasher.add(text);
      else {
        const bytes = Buffer.from(`,\n${text}`, "utf8");
        hasher.addBytes(bytes, 2, bytes.length);
      }
      hash.update(`${text.trimStart()}\n`);
    }
    return { got: hasher.digest(), expected: { findings: count, sha256: hash.digest("hex") } };
  }

  it("hands a report of a megabyte or more to a thread, with the digest hashed in one go", () => {
    const start = vi.spyOn(PieceThread, "start");
    const { got, expected } = digestBoth(20_000);
    expect(got).toStrictEqual(expected);
    expect(start).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenCalledWith({ job: "sha256" });
  });

  it("hashes a report of less than a megabyte where it is written, starting no thread", () => {
    const start = vi.spyOn(PieceThread, "start");
    const { got, expected } = digestBoth(900);
    expect(got).toStrictEqual(expected);
    expect(start).not.toHaveBeenCalled();
  });

  it("hashes in its own thread where no other can be started", () => {
    vi.spyOn(PieceThread, "start").mockReturnValue(null);
    const { got, expected } = digestBoth(20_000);
    expect(got).toStrictEqual(expected);
  });
});
