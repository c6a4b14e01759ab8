import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import type { Worker } from "node:worker_threads";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareFindings } from "../src/findings/order.js";
import { mergeKey, threadTuning, viewOf } from "../src/parallel/threads.js";
import type { Finding } from "../src/model/finding.js";
import { check, checkStream, loadConfig, PricelintError, type CheckOptions } from "../src/index.js";
import type { FindingTexts } from "../src/report/finding-text.js";
import { utf8Text } from "../src/text/utf8-out.js";
import { formatJson } from "../src/report/json.js";
import { formatJsonl } from "../src/report/jsonl.js";
import { formatHtml } from "../src/report/html.js";
import { formatJunit } from "../src/report/junit.js";
import { formatSarif } from "../src/report/sarif.js";
import { formatTable } from "../src/report/table.js";
import { formatMarkdown } from "../src/report/markdown.js";
import { headsByRule } from "../src/findings/rule-heads.js";
import type { Report } from "../src/model/report.js";
import type { ComparedFindings } from "../src/findings/baseline.js";
import { firstOfEachRule, outlineOf, type FindingOutlines } from "../src/findings/finding-outline.js";

// Each check in threads starts its threads through tsx here (the built library starts thread.js).
const CASES: [string, CheckOptions][] = [
  ["fixtures/demo/pricelint.config.json", { at: new Date("2026-11-20T00:30:00+01:00") }],
  ["fixtures/demo/pricelint.config.json", { window: { from: new Date("2026-10-20T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") } }],
  ["fixtures/catalogue-rules/pricelint.config.json", { at: new Date("2026-11-20T12:00:00Z"), explain: true }],
];

describe("checks in worker threads (workers: N)", () => {
  it.each(CASES)(
    "give the one-thread report byte for byte: %s",
    async (path, options) => {
      const config = await loadConfig(path);
      const whole = formatJson(await check(config, options));
      for (const workers of [2, 3]) expect(formatJson(await check(config, { ...options, workers }))).toBe(whole);
    },
    60_000,
  );

  it.each(CASES)(
    "give their outlines, each rule's first findings and head, and what a baseline reads, without sending every finding, and the same reports from them: %s",
    async (path, options) => {
      const config = await loadConfig(path);
      const one = await checkStream(config, options);
      const built = [...one.findings];
      const compared = (f: { id: string; severity: string; waived: unknown }) => `${f.id} ${f.severity} ${Boolean(f.waived)}`;
      for (const workers of [2, 3]) {
        const many = await checkStream(config, { ...options, workers });
        const findings = many.findings as unknown as FindingOutlines & ComparedFindings;
        expect([...findings.outlines()]).toStrictEqual(built.map(outlineOf));
        for (const limit of [0, 1, 2]) {
          expect([...findings.firstOfEachRule(limit)]).toStrictEqual([...firstOfEachRule(built, limit)]);
          expect(headsByRule(many.findings, limit)).toStrictEqual(headsByRule(built, limit));
        }
        expect([...findings.compared()].map(compared).sort()).toStrictEqual(built.map(compared).sort());
        for (const format of [formatHtml, formatSarif, formatJunit, formatTable, formatMarkdown] as ((r: Report) => string)[])
          expect(format(many as unknown as Report)).toBe(format(one as unknown as Report));
      }
    },
    60_000,
  );

  it("build nothing of a view before its first batch is asked for, so that a failure is answered, not thrown", () => {
    // Findings whose every way of being read fails as it is read: a view must not read them when made.
    const failing = function* (): Generator<never> {
      throw new Error("built");
    };
    const findings = {
      [Symbol.iterator]: failing,
      outlines: failing,
      compared: failing,
      firstOfEachRule: failing,
      headsByRule: () => {
        throw new Error("built");
      },
    } as unknown as Iterable<Finding>;
    for (const view of ["findings", "outlines", "compared", "heads"] as const) {
      for (const limit of [undefined, 2]) {
        const iterator = viewOf(findings, { view, ...(limit === undefined ? {} : { limit }) })[Symbol.iterator]();
        expect(() => iterator.next()).toThrow("built");
      }
    }
  });

  it("count without building, and can be read again, from the start, after a read left half-way", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const at = new Date("2026-11-20T00:30:00+01:00");
    const one = await checkStream(config, { at });
    const two = await checkStream(config, { at, workers: 2 });
    const all = [...one.findings];
    expect(all.length).toBeGreaterThan(3);
    expect(two.findings.size).toBe(all.length);
    expect(two.findings.countByRule()).toStrictEqual(one.findings.countByRule());
    expect(two.findings.countBySeverity()).toStrictEqual(one.findings.countBySeverity());
    expect(two.summary).toStrictEqual(one.summary);
    const firstThree = [];
    for (const f of two.findings) {
      firstThree.push(f.id);
      if (firstThree.length === 3) break;
    }
    expect(firstThree).toStrictEqual(all.slice(0, 3).map((f) => f.id));
    // A new read starts again: nothing of the abandoned one leaks into it.
    expect([...two.findings].map((f) => f.id)).toStrictEqual(all.map((f) => f.id));
    expect([...two.findings].map((f) => f.id)).toStrictEqual(all.map((f) => f.id));
    // Two reads at once, a finding a batch: the older one fails when it goes on, rather than wait
    // for batches the newer one took.
    const saved = threadTuning.batch;
    threadTuning.batch = 1;
    try {
      const three = await checkStream(config, { at, workers: 2 });
      const older = three.findings[Symbol.iterator]();
      older.next();
      expect([...three.findings].map((f) => f.id)).toStrictEqual(all.map((f) => f.id));
      expect(() => {
        for (let next = older.next(); !next.done; next = older.next());
      }).toThrow("read again from the start before this read was finished");
    } finally {
      threadTuning.batch = saved;
    }
  }, 60_000);

  it("check feeds given in memory", async () => {
    const prices = [
      { sku: "A", channel: "store", location: "S1", price: "10.00", currency: "EUR" },
      { sku: "A", channel: "click_collect", location: "S1", price: "10.50", currency: "EUR" },
      { sku: "B", channel: "store", location: "S1", price: "5.00", currency: "EUR" },
      { sku: "B", channel: "click_collect", location: "S1", price: "5.00", currency: "EUR" },
      { sku: "C", channel: "store", location: "S1", price: "abc", currency: "EUR" },
    ];
    const input = { feeds: { prices }, rules: ["recommended"], currency: "EUR" };
    const at = new Date("2026-11-20T00:00:00Z");
    const one = await check(input, { at });
    expect(one.findings.map((f) => f.rule)).toStrictEqual(["channel/click-collect-above-store", "feed/invalid-row"]);
    expect(formatJson(await check(input, { at, workers: 3 }))).toBe(formatJson(one));
  }, 60_000);

  it("merge the threads' findings in report order across many batches", async () => {
    // 9,000 skus, each with click-collect above store at one of three stores: more findings per
    // thread than one batch holds.
    const prices = [];
    for (let i = 0; i < 9000; i++) {
      const sku = `SKU-${(i * 7919) % 9000}`;
      const store = `S${i % 3}`;
      prices.push({ sku, channel: "store", location: store, price: "10.00", currency: "EUR" });
      prices.push({ sku, channel: "click_collect", location: store, price: i % 2 === 0 ? "10.01" : "12.00", currency: "EUR" });
    }
    const input = { feeds: { prices }, rules: ["channel/click-collect-above-store"], currency: "EUR" };
    const at = new Date("2026-11-20T00:00:00Z");
    const one = await checkStream(input, { at });
    const two = await checkStream(input, { at, workers: 2 });
    const ids = [...one.findings].map((f) => f.id);
    expect(ids.length).toBe(9000);
    expect([...two.findings].map((f) => f.id)).toStrictEqual(ids);
    // The JSON and JSON Lines reports take the findings' texts built in the threads.
    expect(typeof (two.findings as Partial<FindingTexts>).encoded).toBe("function");
    expect(formatJsonl(two)).toBe(formatJsonl(one));
    expect(formatJson(two)).toBe(formatJson(one));
  }, 60_000);

  describe("with a spill file", () => {
    // 6,000 skus at one store, each with click-collect 0.01 above store: 6,000 findings.
    const prices = [];
    for (let i = 0; i < 6000; i++) {
      const sku = `SKU-${String(i).padStart(5, "0")}`;
      prices.push({ sku, channel: "store", location: "S1", price: "10.00", currency: "EUR" });
      prices.push({ sku, channel: "click_collect", location: "S1", price: "10.01", currency: "EUR" });
    }
    const input = { feeds: { prices }, rules: ["channel/click-collect-above-store"], currency: "EUR" };
    const at = new Date("2026-11-20T00:00:00Z");
    type Threaded = FindingTexts & {
      spilledBatches: number;
      threads: { worker: { terminate(): Promise<number> }; posted: Int32Array }[];
    };
    /** The spill files this process holds open (Linux): their descriptors, each file's size. */
    const openSpills = () =>
      existsSync("/proc/self/fd")
        ? readdirSync("/proc/self/fd").flatMap((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`).includes("pricelint-spill-") ? [fstatSync(Number(fd)).size] : [];
            } catch {
              return [];
            }
          })
        : null;
    const saved = { ...threadTuning };
    // Batches of 50 findings, at most one unread: the thread whose findings come second spills.
    beforeEach(() => void Object.assign(threadTuning, { batch: 50, ahead: 1 }));
    afterEach(() => void Object.assign(threadTuning, saved));

    it("carry texts of several bytes a character (sent and spilled as UTF-8) to the same report", async () => {
      // Skus with two-, three- and four-byte characters, in sku order: both threads' batches and
      // spilled keys then hold texts whose byte and UTF-16 lengths differ.
      const wide = [];
      for (let i = 0; i < 3000; i++) {
        const sku = `SKU-${String(i).padStart(5, "0")}-${["é", "€ß", "𝒳", "日本"][i % 4]}`;
        wide.push({ sku, channel: "store", location: "Köln ①", price: "10.00", currency: "EUR" });
        wide.push({ sku, channel: "click_collect", location: "Köln ①", price: "10.01", currency: "EUR" });
      }
      const config = { ...input, feeds: { prices: wide } };
      const one = await checkStream(config, { at });
      const two = await checkStream(config, { at, workers: 2 });
      const json = formatJson(one);
      expect(json).toContain('"sku": "SKU-00003-日本"');
      expect(formatJson(two)).toBe(json);
      expect(formatJsonl(two)).toBe(formatJsonl(one));
      expect((two.findings as unknown as Threaded).spilledBatches).toBeGreaterThan(0);
    }, 60_000);

    it("spill a thread's texts when it builds further ahead than the report is written, and give the same report", async () => {
      const one = await checkStream(input, { at });
      const two = await checkStream(input, { at, workers: 2 });
      const findings = two.findings as unknown as Threaded;
      // A read left half-way, then whole reads: each thread keeps one spill file for every read, emptied once read.
      const texts = findings.encoded("json")[Symbol.iterator]();
      for (let k = 0; k < 10; k++) texts.next();
      texts.return!();
      expect(formatJson(two)).toBe(formatJson(one));
      expect(formatJsonl(two)).toBe(formatJsonl(one));
      expect(findings.spilledBatches).toBeGreaterThan(0);
      // This check's two, and any of earlier checks not yet collected: all empty once read.
      const files = openSpills();
      if (files !== null) {
        expect(files.length).toBeGreaterThanOrEqual(2);
        expect(files.filter((size) => size > 0)).toStrictEqual([]);
      }
      expect(readdirSync(tmpdir()).filter((name) => name.startsWith("pricelint-spill-"))).toStrictEqual([]);
    }, 60_000);

    it("keep the texts in memory, no more than the batches allowed, when no spill file can be made", async () => {
      const file = join(mkdtempSync(join(tmpdir(), "pricelint-threads-")), "a-file");
      writeFileSync(file, "");
      threadTuning.spillFolder = join(file, "spill");
      const one = await checkStream(input, { at });
      const two = await checkStream(input, { at, workers: 2 });
      const findings = two.findings as unknown as Threaded;
      const texts = findings.encoded("jsonl")[Symbol.iterator]();
      texts.next();
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Each thread waits for the main thread rather than post all its batches.
      for (const { posted } of findings.threads) expect(Atomics.load(posted, 0) - Atomics.load(posted, 2)).toBeLessThanOrEqual(1);
      texts.return!();
      expect(formatJson(two)).toBe(formatJson(one));
      expect(findings.spilledBatches).toBe(0);
    }, 60_000);

    it("read what a thread spilled before it stopped, never another file", async () => {
      const one = formatJsonl(await checkStream(input, { at }));
      const two = await checkStream(input, { at, workers: 2 });
      const findings = two.findings as unknown as Threaded;
      const lines: string[] = [];
      const texts = findings.encoded("jsonl")[Symbol.iterator]();
      lines.push(utf8Text(texts.next().value!));
      // The second thread spills its findings while the first's are read, and stops.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await findings.threads[1]!.worker.terminate();
      // Descriptors a stopped thread's files had, had they been closed, would be given again.
      const other = join(mkdtempSync(join(tmpdir(), "pricelint-threads-")), "other");
      writeFileSync(other, "x".repeat(100_000));
      const held = Array.from({ length: 40 }, () => openSync(other, "r"));
      try {
        for (let next = texts.next(); !next.done; next = texts.next()) lines.push(utf8Text(next.value));
        // The thread had sent all its findings before it stopped: the report is whole.
        expect(`${lines.join("\n")}\n`).toBe(one.slice(0, one.lastIndexOf('{"summary"')));
      } catch (error) {
        expect((error as Error).message).toBe("a check thread stopped before sending all its findings");
      } finally {
        for (const fd of held) closeSync(fd);
      }
      expect(findings.spilledBatches).toBeGreaterThan(0);
      expect(lines.some((line) => line.includes("xxxx"))).toBe(false);
    }, 60_000);
  });

  it("L12 give the one-thread report object itself: its members in one order, so JSON.stringify writes it alike", async () => {
    const same = async (config: unknown, options: CheckOptions) => {
      const one = await check(config as never, options);
      const two = await check(config as never, { ...options, workers: 2 });
      expect(Object.keys(two)).toStrictEqual(Object.keys(one));
      expect(JSON.stringify(two)).toBe(JSON.stringify(one));
      return Object.keys(one);
    };
    // A window's report (before: rules came before findings).
    const [path, options] = CASES[1]!;
    expect(await same(await loadConfig(path), options)).toStrictEqual(["tool", "at", "window", "summary", "findings", "rules", "run"]);
    // With every member a report may have: offers left unjudged in HUF, stores all in another zone, stock updated later.
    const pair = (sku: string, currency: string) => [
      { sku, channel: "web", currency, price: "1000" },
      { sku, channel: "store", location: "S1", currency, price: "1040" },
    ];
    const config = {
      currency: "EUR",
      timezone: "UTC",
      feeds: {
        prices: Array.from({ length: 40 }, (_, i) => pair(`A${String(i).padStart(2, "0")}`, i % 2 === 0 ? "EUR" : "HUF")).flat(),
        stores: [{ location: "S1", timezone: "Europe/Rome" }],
        inventory: [{ sku: "A00", location: "S1", available: "3", updated_at: "2026-11-21T00:00:00Z" }],
      },
      rules: ["channel/online-differs-from-store"],
      ruleSettings: { "channel/online-differs-from-store": { tolerance: "0.05" } },
    };
    expect(await same(config, { at: new Date("2026-11-20T12:00:00Z") })).toStrictEqual([
      "tool",
      "at",
      "summary",
      "findings",
      "rules",
      "unjudged",
      "storesZone",
      "laterStock",
      "run",
    ]);
  }, 60_000);

  it("L06 end check's threads once every finding is read; keep checkStream's while its findings can be read", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const at = new Date("2026-11-20T00:30:00+01:00");
    const started: Worker[] = [];
    const onWorker = (worker: Worker) => started.push(worker);
    process.on("worker", onWorker);
    try {
      const whole = await check(config, { at });
      // A loop of checks, as a nightly job over many configs: each ends its threads before it resolves.
      for (let i = 0; i < 2; i++) {
        const before = started.length;
        const report = await check(config, { at, workers: 2 });
        expect(report.findings).toStrictEqual(whole.findings);
        expect(started.length).toBeGreaterThan(before);
        // A thread's id is -1 once it has stopped.
        expect(started.map((worker) => worker.threadId)).toStrictEqual(started.map(() => -1));
      }
      const streamed = await checkStream(config, { at, workers: 2 });
      const live = started.slice(-2);
      expect(live.map((worker) => worker.threadId)).not.toContain(-1);
      expect([...streamed.findings]).toStrictEqual(whole.findings);
      expect([...streamed.findings]).toStrictEqual(whole.findings);
    } finally {
      process.off("worker", onWorker);
    }
  }, 60_000);

  it("L07 reject the check with what onProgress throws, as one thread does, and call it no more", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const at = new Date("2026-11-20T00:30:00+01:00");
    for (const workers of [1, 2]) {
      let calls = 0;
      const failure = new Error("progress display failed");
      const onProgress = () => {
        calls++;
        throw failure;
      };
      await expect(check(config, { at, workers, onProgress }), `workers ${workers}`).rejects.toBe(failure);
      await expect(checkStream(config, { at, workers, onProgress }), `workers ${workers}`).rejects.toBe(failure);
      expect(calls, `workers ${workers}`).toBe(2);
    }
  }, 60_000);

  it("L08 start no more threads than cores or rows, and tell onWarning so, as the CLI notes it", async () => {
    const prices = [
      { sku: "A", channel: "web", price: "1.00" },
      { sku: "B", channel: "web", price: "0" },
      { sku: "C", channel: "web", price: "2.00" },
    ];
    const input = { currency: "EUR", feeds: { prices }, rules: ["price/non-positive"] };
    const at = new Date("2026-11-20T00:00:00Z");
    const cores = availableParallelism();
    // Three rows in memory: at most three threads, and no more than the cores.
    const useful = Math.min(cores, 3);
    const expected =
      cores <= 3 ? `${cores} used, as this machine has ${cores} core${cores === 1 ? "" : "s"}` : "3 used, as the feeds hold at most 3 rows";
    const started: Worker[] = [];
    const onWorker = (worker: Worker) => started.push(worker);
    process.on("worker", onWorker);
    try {
      const warnings: string[] = [];
      const many = await check(input, { at, workers: 64, onWarning: (w) => warnings.push(w) });
      expect(warnings).toStrictEqual([`workers 64: ${expected}`]);
      expect(started).toHaveLength(useful === 1 ? 0 : useful);
      expect(formatJson(many)).toBe(formatJson(await check(input, { at })));
      // Threads the run can use are all used, without a word; the rows are counted in feedsDir when given.
      const dir = mkdtempSync(join(tmpdir(), "pricelint-threads-"));
      writeFileSync(join(dir, "p.csv"), "sku,x\n");
      writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }));
      mkdirSync(join(dir, "night"));
      writeFileSync(
        join(dir, "night", "p.csv"),
        `sku,channel,price\n${Array.from({ length: 200 }, (_, i) => `S${i},web,1.00\n`).join("")}`,
      );
      const night: string[] = [];
      await check(await loadConfig(join(dir, "c.json")), { at, workers: 2, feedsDir: join(dir, "night"), onWarning: (w) => night.push(w) });
      expect(night).toStrictEqual(cores >= 2 ? [] : ["workers 2: 1 used, as this machine has 1 core"]);
      // What workers cannot do is refused as asked for, before the cap, on every machine alike.
      const stdin = { currency: "EUR", feeds: [{ kind: "prices" as const, path: "-" }] };
      await expect(check(stdin, { at, workers: 64, stdin: (async function* () {})() })).rejects.toThrow(
        'a feed read from standard input (path "-") is read in one thread: leave workers out',
      );
    } finally {
      process.off("worker", onWorker);
    }
  }, 60_000);

  it("fail, not hang, when a thread stops before its findings are read", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const two = await checkStream(config, { at: new Date("2026-11-20T00:30:00+01:00"), workers: 2 });
    const { threads } = two.findings as unknown as { threads: { worker: { terminate(): Promise<number> } }[] };
    await threads[1]!.worker.terminate();
    expect(() => [...two.findings]).toThrow("a check thread stopped before sending all its findings");
  }, 60_000);

  it("stop at the first thread's error, as one thread would", async () => {
    const config = await loadConfig("fixtures/demo/pricelint.config.json");
    const missing = {
      ...config,
      config: { ...config.config, feeds: config.config.feeds.map((f) => ({ ...f, path: `${f.path}.missing` })) },
    };
    const one = await check(missing).catch((e: unknown) => e);
    const two = await check(missing, { workers: 2 }).catch((e: unknown) => e);
    expect(one).toBeInstanceOf(PricelintError);
    expect(two).toBeInstanceOf(PricelintError);
    expect((two as PricelintError).code).toBe((one as PricelintError).code);
    expect((two as PricelintError).message).toBe((one as PricelintError).message);
    await expect(check(config, { workers: 2, shard: { index: 1, count: 2 } })).rejects.toThrow("give workers or shard, not both");
    // A config that is not valid is refused before any thread starts, as without workers.
    const bad = { feeds: { prices: [] }, currency: "EUR", extra: () => 1 } as unknown as Parameters<typeof check>[0];
    const [alone, threaded] = await Promise.all([check(bad).catch((e: unknown) => e), check(bad, { workers: 2 }).catch((e: unknown) => e)]);
    expect(threaded).toBeInstanceOf(PricelintError);
    expect((threaded as Error).message).toBe((alone as Error).message);
    await expect(check(config, { workers: 1.5 })).rejects.toThrow("workers must be a whole number from 1 to 64");
  }, 60_000);

  it("send a thread's PricelintError as its data: the same code, file and issues as one thread gives", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-threads-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nA,web,1.00\n");
    const rule = { id: "house/x", description: "d", severity: "error", scope: "offer", conditions: { all: [] } };
    writeFileSync(join(dir, "r.json"), JSON.stringify(rule).replace('"conditions"', '"options":{"__proto__":{}},"conditions"'));
    const path = join(dir, "pricelint.config.json");
    writeFileSync(path, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["r.json"] }));
    const config = await loadConfig(path);
    const [one, two] = (await Promise.all([
      check(config).catch((e: unknown) => e),
      check(config, { workers: 2 }).catch((e: unknown) => e),
    ])) as [PricelintError, PricelintError];
    expect(two).toBeInstanceOf(PricelintError);
    // The rule file is read in each thread: its error crosses to the main thread as code, file and issues.
    expect([two.code, two.file, two.issues]).toStrictEqual([
      "rule",
      "r.json",
      [{ path: "options.__proto__", message: '"__proto__" is not allowed as a key' }],
    ]);
    expect([one.code, one.file, one.issues, one.message]).toStrictEqual([two.code, two.file, two.issues, two.message]);
  }, 60_000);

  it("merge texts by a key of rule and sku ordered as compareFindings orders findings", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "/", "-", "\u0001", "\u00e9", "Z"), maxLength: 4 });
    const finding = fc
      .record({ rule: text, sku: fc.option(text, { nil: null }) })
      .map((r) => ({ ...r, location: null, promotion: null, channels: [], sources: [], id: "" }) as unknown as Finding);
    fc.assert(
      fc.property(finding, finding, (a, b) => {
        const byKey = Math.sign(mergeKey(a) < mergeKey(b) ? -1 : mergeKey(a) > mergeKey(b) ? 1 : 0);
        expect(byKey).toBe(Math.sign(compareFindings(a, b)));
      }),
      { numRuns: 5000, seed: 5 },
    );
  });
});
