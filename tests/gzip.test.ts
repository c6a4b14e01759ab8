/**
 * Gzipped feeds: told by their first bytes (whatever the file is called), decompressed as they
 * stream, in every format; data cut short or corrupt is an io error naming the file.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";
import { formatJson } from "../src/report/json.js";
import { formatOfPath } from "../src/io/formats/registry.js";
import { failure } from "./helpers/failure.js";
import { writeGzipText } from "../src/io/lines-file.js";

const AT = new Date("2026-11-20T12:00:00Z");
const PRICES = "sku,channel,price,sale_price\nA1,web,1.00,\nA1,store,1.10,\nB2,web,2.00,2.50\nB2,store,x,\n";

/** The JSON report of one prices feed `name` holding `bytes`, in a folder of its own. */
async function reportOf(name: string, bytes: Uint8Array | string, feed: Record<string, unknown> = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-gzip-"));
  writeFileSync(join(dir, name), bytes);
  const config = { currency: "EUR", feeds: [{ kind: "prices", path: name, ...feed }], rules: ["all"] };
  writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
  return formatJson(await check(await loadConfig(join(dir, "pricelint.config.json")), { at: AT }));
}

/** A report as it would read with the feed called `plain` instead of `named`: a row error's id hashes its file's name. */
function renamed(report: string, named?: string, plain?: string): unknown {
  const json = JSON.parse(named === undefined ? report : report.replaceAll(named, plain!)) as { findings: { id: string; rule: string }[] };
  // The config's digest (run) and the findings' (digest) hash the file's name too.
  return {
    ...json,
    run: null,
    digest: null,
    findings: json.findings.map((f) => (f.rule === "feed/invalid-row" ? { ...f, id: "(row)" } : f)),
  };
}

describe("gzipped feeds", () => {
  it("give the same report as the plain file, told by the .gz ending or by the bytes alone", async () => {
    const plain = await reportOf("p.csv", PRICES);
    expect(JSON.parse(plain).summary.rows).toStrictEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(await reportOf("p.csv", gzipSync(PRICES))).toBe(plain);
    expect(renamed(await reportOf("p.csv.gz", gzipSync(PRICES)), "p.csv.gz", "p.csv")).toStrictEqual(renamed(plain));
  });

  it("take the format of the name under the .gz, in every format", async () => {
    expect(formatOfPath("feeds/P.TSV.GZ").name).toBe("tsv");
    expect(formatOfPath("p.jsonl.gz").name).toBe("jsonl");
    expect(formatOfPath("p.gz").name).toBe("csv");
    const rows = [
      { sku: "A1", channel: "web", price: "1.00" },
      { sku: "A1", channel: "store", price: "1.10" },
    ];
    const plain = await reportOf("p.json", JSON.stringify(rows));
    expect(renamed(await reportOf("p.json.gz", gzipSync(JSON.stringify(rows))), "p.json.gz", "p.json")).toStrictEqual(renamed(plain));
    const lines = rows.map((r) => JSON.stringify(r)).join("\n");
    expect(renamed(await reportOf("p.jsonl.gz", gzipSync(lines)), "p.jsonl.gz", "p.jsonl")).toStrictEqual(
      renamed(await reportOf("p.jsonl", lines)),
    );
    const tsv = PRICES.replaceAll(",", "\t");
    expect(renamed(await reportOf("p.tsv.gz", gzipSync(tsv)), "p.tsv.gz", "p.tsv")).toStrictEqual(renamed(await reportOf("p.tsv", tsv)));
  });

  it("read concatenated gzip members as one file, and a file of one byte as text", async () => {
    const cut = PRICES.indexOf("B2");
    const members = Buffer.concat([gzipSync(PRICES.slice(0, cut)), gzipSync(PRICES.slice(cut))]);
    expect(await reportOf("p.csv", members)).toBe(await reportOf("p.csv", PRICES));
    const one = await failure(reportOf("p.csv", "x"));
    expect(one.message).toMatch(/no header|sku/);
  });

  it("are an io error naming the file when the data is cut short or corrupt, and nothing is reported", async () => {
    const whole = gzipSync(PRICES.repeat(50));
    const cut = await failure(reportOf("p.csv.gz", whole.subarray(0, Math.floor(whole.length / 2))));
    expect([cut.code, cut.file]).toStrictEqual(["io", "p.csv.gz"]);
    expect(cut.message).toMatch(/^p\.csv\.gz: the gzip data ends early: the file is cut short/);
    const corrupt = Buffer.from(whole);
    for (let i = 20; i < 40; i++) corrupt[i] = corrupt[i]! ^ 0xff;
    const bad = await failure(reportOf("p.csv.gz", corrupt));
    expect([bad.code, bad.file]).toStrictEqual(["io", "p.csv.gz"]);
    expect(bad.message).toMatch(/^p\.csv\.gz: the gzip data is corrupt/);
  });

  it("with worker threads give the same report (a compressed feed is sharded by hash, not key range)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-gzip-"));
    mkdirSync(join(dir, "f"));
    const rows = ["sku,channel,location,price"];
    for (let i = 0; i < 300; i++)
      rows.push(`S${String(i).padStart(3, "0")},web,,1.00`, `S${String(i).padStart(3, "0")},store,,${i % 7 === 0 ? "1.20" : "1.00"}`);
    writeFileSync(join(dir, "f/p.csv.gz"), gzipSync(rows.join("\n")));
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "f/p.csv.gz" }], rules: ["channel/online-differs-from-store"] }),
    );
    const config = await loadConfig(join(dir, "c.json"));
    const one = formatJson(await check(config, { at: AT }));
    expect(JSON.parse(one).findings.length).toBe(43); // i % 7 === 0 for i in 0..299
    expect(formatJson(await check(config, { at: AT, workers: 2 }))).toBe(one);
    expect(readFileSync(join(dir, "f/p.csv.gz"))[0]).toBe(0x1f);
  });
});

describe("writeGzipText", () => {
  it("replaces a file only once the new one is whole: a write that fails leaves the old file, and no partial one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-gzip-write-"));
    const file = join(dir, "state.snapshot.gz");
    await writeGzipText(file, ["yesterday\n"]);
    function* failing(): Generator<string> {
      // Enough to be written out before the failure: a write in place would have cut the old file.
      for (let i = 0; i < 64; i++) yield `${"today, part one ".repeat(4096)}\n`;
      throw new Error("the run stopped");
    }
    await expect(writeGzipText(file, failing())).rejects.toThrow("the run stopped");
    expect(gunzipSync(readFileSync(file)).toString("utf8")).toBe("yesterday\n");
    expect(readdirSync(dir)).toStrictEqual(["state.snapshot.gz"]);
    await writeGzipText(file, ["today\n"]);
    expect(gunzipSync(readFileSync(file)).toString("utf8")).toBe("today\n");
    expect(readdirSync(dir)).toStrictEqual(["state.snapshot.gz"]);
  });
});
