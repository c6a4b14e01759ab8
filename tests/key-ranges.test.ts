/**
 * Worker threads as key ranges: for a price feed sorted by sku, each thread owns a range of
 * skus and reads the feed only up to its end. The report must be the one-thread report whatever
 * the feed: sorted or not (the run is then checked again by hash), with families, with rows
 * that have no sku or are rejected anywhere in it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { channelRegistry } from "../src/config/channels.js";
import { sampleKeyRanges } from "../src/parallel/key-ranges.js";
import { shardOwner, type ThreadShard } from "../src/dataset/shard.js";
import { check, loadConfig, PricelintError } from "../src/index.js";
import { formatJson } from "../src/report/json.js";

/** The key ranges' bounds alone. */
const sampleKeyBounds = async (...args: Parameters<typeof sampleKeyRanges>) => (await sampleKeyRanges(...args))?.bounds ?? null;

const AT = new Date("2026-11-20T12:00:00Z");
const HEADER = "sku,channel,location,currency,price,sale_price";

/** Rows of 60 skus in order, each in store and click & collect at two stores and on the web, with a few defects. */
function sortedRows(): string[] {
  const rows: string[] = [];
  for (let n = 0; n < 60; n++) {
    const sku = `S${String(n).padStart(3, "0")}`;
    const cents = 1000 + 37 * n;
    rows.push(`${sku},web,,EUR,${(cents / 100).toFixed(2)},`);
    for (const store of ["L1", "L2"]) {
      rows.push(`${sku},store,${store},EUR,${(cents / 100).toFixed(2)},`);
      // Every seventh click & collect offer a cent above the store: a finding.
      rows.push(`${sku},click_collect,${store},EUR,${((cents + (n % 7 === 0 ? 1 : 0)) / 100).toFixed(2)},`);
    }
    if (n % 11 === 0) rows.push(`${sku},web,,EUR,abc,`); // rejected, with its sku
    if (n % 13 === 0) rows.push(`,store,L1,EUR,1.00,`); // rejected, no sku
    if (n % 17 === 0) rows.push(`${sku},store,L3,EUR,"1.00`); // a quote never closed
  }
  return rows;
}

function feedDir(files: Record<string, string[]>, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-ranges-"));
  for (const [name, rows] of Object.entries(files)) writeFileSync(join(dir, name), [HEADER, ...rows].join("\n") + "\n");
  const feeds = Object.keys(files).map((path) => ({ kind: "prices", path }));
  writeFileSync(
    join(dir, "pricelint.config.json"),
    JSON.stringify({ currency: "EUR", timezone: "UTC", feeds, rules: ["recommended"], ...extra }),
  );
  return join(dir, "pricelint.config.json");
}

async function sameReportInThreads(path: string): Promise<void> {
  const config = await loadConfig(path);
  const whole = formatJson(await check(config, { at: AT }));
  expect(whole).toContain("channel/click-collect-above-store");
  expect(whole).toContain("feed/invalid-row");
  for (const workers of [2, 3]) expect(formatJson(await check(config, { at: AT, workers }))).toBe(whole);
}

describe("shards by key range", () => {
  it("own skus from their lower bound to the next, and what has no sku goes to the last", () => {
    const owner = (index: number) => shardOwner({ index, count: 3, bounds: ["F", "P"] }, () => null);
    const owners = (sku: string | null) => [1, 2, 3].filter((k) => owner(k)(sku));
    expect([owners("A"), owners("F"), owners("Ozz"), owners("P"), owners("zz"), owners(null)]).toStrictEqual([
      [1],
      [2],
      [2],
      [3],
      [3],
      [3],
    ]);
  });

  it("split a sorted feed where its bytes are cut, in order", async () => {
    const path = feedDir({ "prices.csv": sortedRows() });
    const { config, baseDir } = await loadConfig(path);
    const bounds = await sampleKeyBounds(config.feeds[0]!, join(baseDir, "prices.csv"), 3);
    expect(bounds).toHaveLength(2);
    // About a third and two thirds of the way through S000…S059.
    expect(bounds![0]! > "S010" && bounds![0]! < "S030" && bounds![1]! > "S030" && bounds![1]! < "S050").toBe(true);
    const reversed = feedDir({ "prices.csv": sortedRows().reverse() });
    const r = await loadConfig(reversed);
    expect(await sampleKeyBounds(r.config.feeds[0]!, join(r.baseDir, "prices.csv"), 3)).toBeNull();
  });

  it("read a feed only to the end of their range, the last shard all of it, checking the order", async () => {
    // Sorted up to S030, then out of order: the first shard, whose range ends at S020, never
    // reads that far; the second does, and says where, as data (the run is then checked by hash).
    const rows = sortedRows();
    const cut = rows.findIndex((r) => r.startsWith("S030"));
    const path = feedDir({ "prices.csv": [...rows.slice(0, cut), ...rows.slice(cut).reverse()] });
    const { config, baseDir } = await loadConfig(path);
    const channels = new Set(channelRegistry(config.channels).keys());
    const load = (index: number) => loadDataset(config, baseDir, { channels, shard: { index, count: 2, bounds: ["S020"] } });
    const first = await load(1);
    expect(first.dataset.offers.skus.size - 1).toBe(20);
    expect(first.keyOrder).toBeNull();
    // S000…S029 take lines 2-159 (5 rows a sku, 8 more for defects), S059's 5 rows 160-164, and
    // S058's first row comes next.
    expect((await load(2)).keyOrder).toStrictEqual({ reason: "unsorted", file: "prices.csv", line: 165, sku: "S058", after: "S059" });
    // A shard by key range given to check() by the caller cannot fall back on hashing: a usage error.
    const shard = { index: 2, count: 2, bounds: ["S020"] };
    const error = (await check({ config, baseDir, file: null }, { at: AT, shard }).catch((e: unknown) => e)) as PricelintError;
    expect(error).toBeInstanceOf(PricelintError);
    expect([error.code, error.message]).toStrictEqual([
      "usage",
      'a shard by key range needs its feeds in sku order: prices.csv:165: sku "S058" comes after "S059": the rows are not sorted by sku',
    ]);
  });

  it("F34 check the order of a plain line whose sku is the last plain line's, after lines read as records", async () => {
    // S010 plain, then S011…S013 quoted (read as records), then S010 plain again: out of order,
    // though the last plain line passed over was S010 too (its verdict was kept, and the order
    // not checked again).
    const quoted = (sku: string) => `${sku},store,L1,EUR,"1.00",`;
    const rows = ["S009,store,L1,EUR,1.00,", "S010,store,L1,EUR,1.00,", ...["S011", "S012", "S013"].map(quoted), "S010,web,,EUR,2.00,"];
    const { config, baseDir } = await loadConfig(feedDir({ "prices.csv": rows }));
    const channels = new Set(channelRegistry(config.channels).keys());
    const last = await loadDataset(config, baseDir, { channels, shard: { index: 2, count: 2, bounds: ["S005"] } });
    expect(last.keyOrder).toStrictEqual({ reason: "unsorted", file: "prices.csv", line: 7, sku: "S010", after: "S013" });
  });

  it("stop reading a feed past the end of their range", async () => {
    // 60,000 rows, over a mebibyte: read in several chunks, of which the first shard needs the first half.
    const rows = Array.from({ length: 60_000 }, (_, n) => `K${String(n).padStart(6, "0")},store,L1,EUR,1.00,`);
    const path = feedDir({ "prices.csv": rows });
    const { config, baseDir } = await loadConfig(path);
    const channels = new Set(channelRegistry(config.channels).keys());
    const bytesRead = async (index: number) => {
      let last = 0;
      const onProgress = (p: { bytesRead: number | null }) => (last = p.bytesRead ?? last);
      const { loaded } = await loadDataset(config, baseDir, { channels, onProgress, shard: { index, count: 2, bounds: ["K030000"] } });
      return { last, read: loaded[0]!.rows.read };
    };
    const size = (await import("node:fs")).statSync(join(baseDir, "prices.csv")).size;
    const [first, second] = [await bytesRead(1), await bytesRead(2)];
    expect([first.read, second.read]).toStrictEqual([30_000, 30_000]);
    expect(first.last).toBeLessThan(size * 0.8);
    expect(second.last).toBe(size);
  });

  it("give the one-thread report on a sorted feed, rejected rows and rows without a sku included", async () => {
    await sameReportInThreads(feedDir({ "prices.csv": sortedRows() }));
  }, 180_000);

  it("give the one-thread report on sorted files, one per channel", async () => {
    const rows = sortedRows();
    await sameReportInThreads(
      feedDir({ "web.csv": rows.filter((r) => r.includes(",web,")), "stores.csv": rows.filter((r) => !r.includes(",web,")) }),
    );
  }, 180_000);

  it("give the one-thread report when a feed is not sorted: the run is checked again by hash", async () => {
    const rows = sortedRows();
    // In order where the bounds are sampled, out of order elsewhere.
    const shuffled = [...rows.slice(0, 40), ...rows.slice(40, 200).reverse(), ...rows.slice(200)];
    await sameReportInThreads(feedDir({ "prices.csv": shuffled }));
    // In order but for one row read as a record (its quote never closes), at the end.
    await sameReportInThreads(feedDir({ "prices.csv": [...rows, 'S000,store,L9,EUR,"1.00'] }));
  }, 180_000);

  it("give the one-thread report with catalogue families, which shards keep whole by family", async () => {
    // Families across the whole sku range; sizes grow slower than prices, so each larger pack
    // costs more per kilo than the one before it (ladder/pack-size fires within every family).
    const catalogue = Array.from({ length: 60 }, (_, n) => `S${String(n).padStart(3, "0")},F${n % 4},${(1 + n / 100).toFixed(2)},kg`);
    const path = feedDir({ "prices.csv": sortedRows() }, { rules: ["recommended", "ladder/pack-size"] });
    const dir = join(path, "..");
    writeFileSync(join(dir, "catalogue.csv"), ["sku,family,size,size_unit", ...catalogue].join("\n") + "\n");
    const config = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(path, "utf8"))) as { feeds: unknown[] };
    config.feeds.push({ kind: "catalogue", path: "catalogue.csv" });
    writeFileSync(path, JSON.stringify(config));
    await sameReportInThreads(path);
    expect(formatJson(await check(await loadConfig(path), { at: AT }))).toContain("ladder/pack-size");
  }, 180_000);
});

describe("threads reading their own part of a sorted price file", () => {
  /** Store prices differ from web prices for every fifth sku. */
  const RULES = ["recommended", "channel/online-differs-from-store"];

  /** 90 skus in order, each with a web row and two store rows; a row without a sku after every seventh. */
  function plainRows(): string[] {
    const rows: string[] = [];
    for (let n = 0; n < 90; n++) {
      const sku = `P${String(n).padStart(3, "0")}`;
      rows.push(`${sku},web,,EUR,${(10 + n / 100).toFixed(2)},`);
      for (const store of ["L1", "L2"]) rows.push(`${sku},store,${store},EUR,${(10 + n / 100 + (n % 5 === 0 ? 0.5 : 0)).toFixed(2)},`);
      if (n % 7 === 0) rows.push(`,store,L1,EUR,1.00,`); // rejected: no sku
    }
    return rows;
  }

  const load = async (path: string, shard: ThreadShard) => {
    const { config, baseDir } = await loadConfig(path);
    return loadDataset(config, baseDir, { channels: new Set(channelRegistry(config.channels).keys()), shard });
  };

  const ranges = async (path: string, count: number) => {
    const { config, baseDir } = await loadConfig(path);
    return sampleKeyRanges(config.feeds[0]!, join(baseDir, config.feeds[0]!.path), count);
  };

  it("start each range at the first row of its first sku, found where the sku changes in the sample", async () => {
    const path = feedDir({ "prices.csv": plainRows() });
    const bytes = readFileSync(join(path, "..", "prices.csv"));
    for (const count of [2, 3, 4]) {
      const found = await ranges(path, count);
      expect(found?.starts?.file).toBe("prices.csv");
      expect(found!.starts!.offsets).toHaveLength(count - 1);
      found!.starts!.offsets.forEach((offset, k) => {
        const bound = found!.bounds[k]!;
        // The byte before is a line break, the line there is the bound's first, and the one before is another sku's.
        expect(bytes[offset - 1]).toBe(0x0a);
        expect(bytes.toString("utf8", offset).startsWith(`${bound},`)).toBe(true);
        expect(
          bytes
            .toString("utf8", 0, offset - 1)
            .split("\n")
            .filter((l) => l.startsWith(`${bound},`)),
        ).toStrictEqual([]);
        // About k + 1 of count parts of the file.
        expect(Math.abs(offset / bytes.length - (k + 1) / count)).toBeLessThan(0.05);
      });
    }
  });

  it("take no starts where a line read to find them holds a quote, or the feed has more than prices", async () => {
    const quoted = plainRows().map((r) => r.replace(",EUR,", ',"EUR",'));
    const found = await ranges(feedDir({ "prices.csv": quoted }), 2);
    expect(found?.bounds).toHaveLength(1);
    expect(found!.starts).toBeNull();
    const path = feedDir({ "prices.csv": plainRows() });
    const config = JSON.parse(readFileSync(path, "utf8")) as { feeds: Record<string, unknown>[] };
    config.feeds[0] = { path: "prices.csv", views: [{ kind: "prices" }, { kind: "inventory", columns: { available: "price" } }] };
    writeFileSync(path, JSON.stringify(config));
    expect((await ranges(path, 2))?.starts ?? null).toBeNull();
  });

  it("read only their part: rows out of order before it are the shard's before, rows without a sku the part's", async () => {
    const rows = plainRows();
    // P010's and P011's rows swapped, in the first part: out of order.
    const at10 = rows.findIndex((r) => r.startsWith("P010"));
    const at11 = rows.findIndex((r) => r.startsWith("P011"));
    const at12 = rows.findIndex((r) => r.startsWith("P012"));
    const swapped = [...rows.slice(0, at10), ...rows.slice(at11, at12), ...rows.slice(at10, at11), ...rows.slice(at12)];
    const path = feedDir({ "prices.csv": swapped });
    const found = (await ranges(path, 2))!;
    expect(found.starts).not.toBeNull();
    const shard = (index: number, parts: boolean) => ({
      index,
      count: 2,
      bounds: found.bounds,
      ...(parts ? { starts: found.starts! } : {}),
    });
    // Passing over the first part, the second shard sees the disorder; reading its own part alone, it does not.
    expect((await load(path, shard(2, false))).keyOrder?.reason).toBe("unsorted");
    const second = await load(path, shard(2, true));
    expect(second.keyOrder).toBeNull();
    expect((await load(path, shard(1, true))).keyOrder).toMatchObject({ reason: "unsorted", sku: "P010", after: "P011" });
    // Every row is counted by the part it is in, those without a sku too: 90 × 3 + 13 rows in all.
    const inOrder = feedDir({ "prices.csv": rows });
    const parts = (await ranges(inOrder, 2))!;
    const each = await Promise.all(
      [1, 2].map((index) => load(inOrder, { index, count: 2, bounds: parts.bounds, starts: parts.starts! }).then((r) => r.loaded[0]!.rows)),
    );
    expect(each.map((r) => r.read).reduce((a, b) => a + b)).toBe(90 * 3 + 13);
    expect(each.map((r) => r.rejected).reduce((a, b) => a + b)).toBe(13);
    expect(each.every((r) => r.rejected > 0)).toBe(true);
  });

  it("F53 stop at a row of another range in their part: the file is not as it was sampled", async () => {
    const rows = plainRows();
    const path = feedDir({ "prices.csv": rows });
    const bytes = readFileSync(join(path, "..", "prices.csv"), "utf8");
    // The second shard's range from P050, but its part from P040's first row.
    const offset = bytes.indexOf("\nP040,") + 1;
    const loaded = await load(path, { index: 2, count: 2, bounds: ["P050"], starts: { file: "prices.csv", offsets: [offset] } });
    const line = bytes.slice(0, offset).split("\n").length;
    expect(loaded.keyOrder).toStrictEqual({ reason: "unsorted", file: "prices.csv", line, sku: "P040", after: "P050" });
  });

  it("F52 say where a part does not start where a record does: a quoted cell runs over it", async () => {
    const rows = plainRows();
    const path = feedDir({ "prices.csv": rows }, { rules: RULES });
    const bytes = readFileSync(join(path, "..", "prices.csv"), "utf8");
    // A quote opened on P030's first line closes only on P060's: P045 lies inside the cell.
    const quoted = bytes.replace("\nP030,web,,EUR,", '\nP030,web,,"EUR,').replace("\nP060,web,,EUR,", '\nP060,web,,EUR",');
    writeFileSync(join(path, "..", "prices.csv"), quoted);
    const offset = quoted.indexOf("\nP045,") + 1;
    const loaded = await load(path, { index: 2, count: 2, bounds: ["P045"], starts: { file: "prices.csv", offsets: [offset] } });
    // The record the part's start falls in: P030's first, where the quote opens.
    const opened = quoted.slice(0, quoted.indexOf("\nP030,") + 1).split("\n").length;
    expect(loaded.keyOrder).toStrictEqual({ reason: "split", file: "prices.csv", line: opened });
    // The sample there sees plain lines only, and takes P045's line for a start: the second
    // thread finds it is not one, and the threads check the run again by hash.
    expect((await ranges(path, 2))?.starts).not.toBeNull();
    await sameReportWithParts(path, null);
  }, 180_000);

  it("give the one-thread report from parts: BOM, CRLF, title lines, blank lines, quoted rows and rows without a sku before them", async () => {
    const rows = plainRows();
    const quotedEarly = rows.map((r, i) => (i < 20 ? r.replace(",EUR,", ',"EUR",') : r));
    const withBlanks = quotedEarly.flatMap((r, i) => (i % 40 === 0 ? [r, "", ",,,,,"] : [r]));
    const dir = join(feedDir({ "prices.csv": [] }), "..");
    const text = ["\uFEFFa title line", HEADER, ...withBlanks].join("\r\n") + "\r\n";
    writeFileSync(join(dir, "prices.csv"), text);
    const config = { currency: "EUR", timezone: "UTC", feeds: [{ kind: "prices", path: "prices.csv", skipLines: 1 }], rules: RULES };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    await sameReportWithParts(join(dir, "pricelint.config.json"), true);
  }, 180_000);

  it("F54 start no part before the header's end: title lines as long as the parts", async () => {
    // A sample falls in the first title line: the second and the header are not skus of rows.
    const dir = join(feedDir({ "prices.csv": [] }), "..");
    const title = `Price list: ${"confidential, ".repeat(300)}`;
    writeFileSync(join(dir, "prices.csv"), [title, "Generated 2026-12-01", HEADER, ...plainRows().slice(0, 40)].join("\n") + "\n");
    const config = { currency: "EUR", timezone: "UTC", feeds: [{ kind: "prices", path: "prices.csv", skipLines: 2 }], rules: RULES };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    const path = join(dir, "pricelint.config.json");
    const bytes = readFileSync(join(dir, "prices.csv"));
    expect(bytes.indexOf(HEADER)).toBeGreaterThan(bytes.length / 3);
    const headerEnd = bytes.indexOf(HEADER) + HEADER.length + 1;
    for (const count of [2, 3])
      for (const offset of (await ranges(path, count))?.starts?.offsets ?? []) expect(offset).toBeGreaterThanOrEqual(headerEnd);
    await sameReportWithParts(path, null);
  }, 180_000);

  it("give the one-thread report from parts of a latin1 file", async () => {
    const rows = plainRows().map((r) => r.replace(/^P/, "É"));
    const dir = join(feedDir({ "prices.csv": [] }), "..");
    writeFileSync(join(dir, "prices.csv"), Buffer.from([HEADER, ...rows].join("\n") + "\n", "latin1"));
    const config = { currency: "EUR", timezone: "UTC", feeds: [{ kind: "prices", path: "prices.csv", encoding: "latin1" }], rules: RULES };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    await sameReportWithParts(join(dir, "pricelint.config.json"), true);
  }, 180_000);

  it("give the one-thread report from parts of a windows-1252 file whose skus hold €, Š and œ", async () => {
    // Bytes 0x80, 0x8A and 0x9C: a decoder that does not stream (Node 20) reads them as U+0080,
    // U+008A and U+009C, so the sample's skus would not be the threads': every part would hold
    // rows of another range, and the run would go to hash shards.
    const rows = plainRows().map((r) => r.replace(/^P/, "\x80\x8a\x9c"));
    const dir = join(feedDir({ "prices.csv": [] }), "..");
    writeFileSync(join(dir, "prices.csv"), Buffer.from([HEADER, ...rows].join("\n") + "\n", "latin1"));
    const feeds = [{ kind: "prices", path: "prices.csv", encoding: "windows-1252" }];
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify({ currency: "EUR", timezone: "UTC", feeds, rules: RULES }));
    const loaded = await loadConfig(join(dir, "pricelint.config.json"));
    expect(formatJson(await check(loaded, { at: AT }))).toContain('"sku": "€Šœ000"');
    // The sample's bounds are the skus as the threads read them, and each part reads in its range.
    const found = (await ranges(join(dir, "pricelint.config.json"), 2))!;
    expect(found.bounds[0]).toMatch(/^€Šœ0\d\d$/);
    for (const index of [1, 2])
      expect(
        (await load(join(dir, "pricelint.config.json"), { index, count: 2, bounds: found.bounds, starts: found.starts! })).keyOrder,
      ).toBeNull();
    await sameReportWithParts(join(dir, "pricelint.config.json"), true);
  }, 180_000);

  it("F55 give the one-thread error where the price file is no text, has a bad header, or is a directory", async () => {
    const dir = join(feedDir({ "prices.csv": [] }), "..");
    const config = { currency: "EUR", timezone: "UTC", feeds: [{ kind: "prices", path: "prices.csv" }], rules: RULES };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    const text = [HEADER, ...plainRows()].join("\n") + "\n";
    const files: Record<string, Buffer | null> = {
      // UTF-16 with its byte order mark (F41), a mismatched Excel sep= line, a header with a carriage return.
      "UTF-16": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
      "sep=": Buffer.from(`sep=;\n${text}`),
      CR: Buffer.from(text.replace("channel,", "channel\r,")),
      directory: null,
    };
    for (const [what, bytes] of Object.entries(files)) {
      rmSync(join(dir, "prices.csv"), { recursive: true, force: true });
      if (bytes === null) mkdirSync(join(dir, "prices.csv"));
      else writeFileSync(join(dir, "prices.csv"), bytes);
      const loaded = await loadConfig(join(dir, "pricelint.config.json"));
      const errors = await Promise.all(
        [1, 2].map((workers) =>
          check(loaded, { at: AT, workers }).then(
            () => null,
            (e: unknown) => e as PricelintError,
          ),
        ),
      );
      expect(errors[0], what).toBeInstanceOf(PricelintError);
      expect(errors[0]!.file, what).toBe("prices.csv");
      expect([errors[1]?.code, errors[1]?.file, errors[1]?.message], what).toStrictEqual([
        errors[0]!.code,
        errors[0]!.file,
        errors[0]!.message,
      ]);
    }
  }, 180_000);

  it("F56 read a feed whose ignoreColumns settles two columns that could each be a field, in parts", async () => {
    // `PRICE` beside `price`, `channel` beside a constant channel: each settled by ignoreColumns, as docs/feeds.md says.
    const dir = join(feedDir({ "prices.csv": [] }), "..");
    const rows = plainRows().map((r) => `${r.replace(/,$/, "")},${r.split(",")[4]}`);
    writeFileSync(join(dir, "prices.csv"), [`${HEADER.replace(",sale_price", "")},PRICE`, ...rows].join("\n") + "\n");
    const feed = { kind: "prices", path: "prices.csv", ignoreColumns: ["PRICE"] };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify({ currency: "EUR", timezone: "UTC", feeds: [feed], rules: RULES }));
    await sameReportWithParts(join(dir, "pricelint.config.json"), true);
  }, 180_000);

  /** The same report in one thread and in two and three, whose ranges start at places in the file (`parts`; null: either). */
  async function sameReportWithParts(path: string, parts: boolean | null): Promise<void> {
    if (parts !== null) for (const count of [2, 3]) expect((await ranges(path, count))?.starts != null).toBe(parts);
    const config = await loadConfig(path);
    const whole = formatJson(await check(config, { at: AT }));
    expect(whole).toContain("channel/online-differs-from-store");
    expect(whole).toContain("feed/invalid-row");
    for (const workers of [2, 3]) expect(formatJson(await check(config, { at: AT, workers }))).toBe(whole);
  }
});
