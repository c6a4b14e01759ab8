import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PieceThread } from "../src/io/piece-thread.js";
import { writeChunks } from "../src/cli/write-chunks.js";
import { formatJson, jsonChunks, type JsonReport } from "../src/report/json.js";
import { aFinding } from "./helpers/finding.js";

const dir = mkdtempSync(join(tmpdir(), "pricelint-write-chunks-"));

/** Writes the chunks and reads the file's bytes back. */
async function written(chunks: readonly string[], name: string): Promise<Buffer> {
  const file = join(dir, name);
  await writeChunks(chunks, file);
  return readFileSync(file);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("writeChunks: a report's pieces to a file", () => {
  it("writes the UTF-8 of the pieces joined, across many buffers, whatever their characters", async () => {
    // Pieces of every UTF-8 length (1 to 4 bytes, and a lone surrogate, written as U+FFFD), some
    // 64 Ki characters long as the JSON writer gives them, some tiny: about 5 MB in all.
    const alphabet = ["a", "é", "€", "😀", "\ud800", "\n"];
    const chunks: string[] = [];
    for (let i = 0; i < 300; i++) chunks.push(alphabet[i % alphabet.length]!.repeat(i % 3 === 0 ? 1 << 14 : (i * 37) % 5000));
    const bytes = await written(chunks, "many.txt");
    expect(bytes.equals(Buffer.from(chunks.join(""), "utf8"))).toBe(true);
    expect(bytes.length).toBeGreaterThan(4 << 20);
  });

  it("writes a piece larger than a buffer whole, between the pieces around it", async () => {
    const chunks = ["head,", "€".repeat(400_000), ",tail"];
    const bytes = await written(chunks, "large.txt");
    expect(bytes.length).toBe(5 + 3 * 400_000 + 5);
    expect(bytes.equals(Buffer.from(chunks.join(""), "utf8"))).toBe(true);
  });

  it("writes a character whose two UTF-16 halves end one piece and begin the next as one character", async () => {
    const cases = [
      ["a\ud83d", "\ude00b"], // 😀 split between pieces
      ["\ud83d", "", "\ude00"], // an empty piece between the halves
      ["x\ud83d"], // a lone high surrogate at the end: U+FFFD, as in the joined text
      ["\ud83d", "z"], // a high surrogate followed by no low one
      ["\ud83d", "\ud83d", "\ude00"], // a lone one, then a whole character
      ["€".repeat(349_525), "\ud83d", "\ude00"], // the halves around a full buffer
    ];
    for (const [i, chunks] of cases.entries()) {
      const bytes = await written(chunks, `pair-${i}.txt`);
      expect([i, bytes.equals(Buffer.from(chunks.join(""), "utf8"))]).toStrictEqual([i, true]);
    }
  });

  it("writes pieces in bytes as they are, between text pieces, a high surrogate before them standing alone", async () => {
    const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
    // Text, bytes of every UTF-8 length, a piece of bytes larger than a write, and a text's high
    // surrogate held for a low one that never comes (the bytes come next): U+FFFD, as encoded alone.
    const big = bytes("é".repeat(100_000));
    const chunks = ["head,", bytes("a€😀"), "\ud83d", big, bytes(""), "é".repeat(30_000), bytes(",tail")];
    const file = join(dir, "bytes.txt");
    await writeChunks(chunks, file);
    const expected = Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "utf8") : c)));
    expect(readFileSync(file).equals(expected)).toBe(true);
    expect(expected.length).toBe(5 + 1 + 3 + 4 + 3 + 200_000 + 60_000 + 5);
  });

  it("writes into a pipe in order, one write at a time, where a file takes several at their places", async () => {
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // About 2 MB in pieces of text and of bytes: thirty writes, which a pipe must take in order.
    const chunks = Array.from({ length: 60 }, (_, i) =>
      i % 2 ? `${i}:${"x".repeat(30_000)};` : new Uint8Array(Buffer.from(`${i}:${"é".repeat(20_000)};`)),
    );
    const reader = spawn("cat", [fifo]);
    const read: Buffer[] = [];
    reader.stdout.on("data", (data: Buffer) => read.push(data));
    const ended = new Promise((resolve) => reader.on("close", resolve));
    await writeChunks(chunks, fifo);
    await ended;
    const expected = Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "utf8") : c)));
    expect(Buffer.concat(read).equals(expected)).toBe(true);
  });

  it("writes a JSON report's pieces, text and bytes, as the report's text", async () => {
    // About 3 MB of findings, some of them with characters of two bytes: some 40 pieces of bytes.
    const findings = Array.from({ length: 5_000 }, (_, i) =>
      aFinding({ sku: `S${i}-${"é".repeat(i % 7)}`, message: `m${"x".repeat(i % 400)}` }),
    );
    const report = { tool: { name: "pricelint", version: "0" }, at: "2026-11-22T00:00:00.000Z", summary: { rules: 1 }, findings };
    const file = join(dir, "report.json");
    await writeChunks(jsonChunks(report as unknown as JsonReport), file);
    expect(readFileSync(file).equals(Buffer.from(formatJson(report as unknown as JsonReport), "utf8"))).toBe(true);
  });

  it("hands a file's writes past its first megabyte to a thread, the caller's pieces left as they were; a smaller file starts none", async () => {
    const start = vi.spyOn(PieceThread, "start");
    // About 3 MB: text pieces and pieces in bytes, which stay the caller's (not handed over).
    const chunks = Array.from({ length: 60 }, (_, i) =>
      i % 2 ? `${i}:${"x".repeat(40_000)};` : new Uint8Array(Buffer.from(`${i}:${"é".repeat(30_000)};`)),
    );
    const expected = Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "utf8") : c)));
    const file = join(dir, "threaded.txt");
    await writeChunks(chunks, file);
    expect(readFileSync(file).equals(expected)).toBe(true);
    expect(start.mock.calls.map(([job]) => job.job)).toStrictEqual(["write"]);
    expect(Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "utf8") : c))).equals(expected)).toBe(true);
    start.mockClear();
    expect((await written(["small"], "small.txt")).toString()).toBe("small");
    expect(start).not.toHaveBeenCalled();
  });

  it("writes every piece where it is made where no thread can be started", async () => {
    const start = vi.spyOn(PieceThread, "start").mockReturnValue(null);
    const chunks = Array.from({ length: 40 }, (_, i) => `${i}:${"€".repeat(30_000)};`);
    expect((await written(chunks, "unthreaded.txt")).equals(Buffer.from(chunks.join(""), "utf8"))).toBe(true);
    // Asked for once, not again for each buffer.
    expect(start).toHaveBeenCalledTimes(1);
  });

  it("writes an empty file for no pieces", async () => {
    expect((await written([], "empty.txt")).length).toBe(0);
  });

  it("fails with the file system's error and leaves no write running", async () => {
    await expect(writeChunks(["x"], join(dir, "missing-folder", "r.json"))).rejects.toThrow(/ENOENT/);
  });
});
