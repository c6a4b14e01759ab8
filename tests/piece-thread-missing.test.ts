/**
 * The library bundled into one file without its worker script (`piece-worker.js`): no thread is
 * started, since an error starting one would never reach a thread blocked waiting for it, and a
 * large report is hashed and written where it is made, the same bytes and digest.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("node:fs", async (original) => {
  const fs = await original<typeof import("node:fs")>();
  return { ...fs, existsSync: (path: string) => !String(path).endsWith("piece-worker.mjs") && fs.existsSync(path) };
});

const { PieceThread } = await import("../src/io/piece-thread.js");
const { FindingsHasher } = await import("../src/report/digest.js");
const { writeChunks } = await import("../src/cli/write-chunks.js");

describe("without its worker script", () => {
  it("starts no thread, and hashes and writes a large report where it is made", async () => {
    expect(PieceThread.start({ job: "sha256" })).toBeNull();
    const texts = Array.from({ length: 10_000 }, (_, i) => `{"i": ${i}, "pad": "${"x".repeat(300)}"}`);
    const hasher = new FindingsHasher();
    for (const text of texts) hasher.add(text);
    const expected = createHash("sha256");
    for (const text of texts) expected.update(`${text}\n`);
    expect(hasher.digest()).toStrictEqual({ findings: texts.length, sha256: expected.digest("hex") });
    const file = join(mkdtempSync(join(tmpdir(), "pricelint-no-worker-")), "r.json");
    await writeChunks(texts, file);
    expect(readFileSync(file, "utf8")).toBe(texts.join(""));
  });
});
