/**
 * Fuzzing the loaders: random bytes, random JSON, and random mutations of the demo's feeds (CSV,
 * TSV with `;`/windows-1252, JSON, JSON Lines) go through `check()`; random chunkings go through the
 * record readers. Laws, for every input of at most 64 KB:
 *
 * - it finishes within a time budget (each case runs in a worker thread that is terminated when it
 *   overruns, so a hang fails the case instead of stalling CI);
 * - nothing but a PricelintError is thrown, and its message is one line;
 * - per feed, rows read = accepted + rejected, and each rejected row has exactly one
 *   `feed/invalid-row` finding with its file and a line;
 * - the mark of bytes that are not UTF-8 (src/io/undecodable.ts) never reaches a report or a
 *   message: they are shown as U+FFFD;
 * - the readers give the same records however the text is cut into chunks, with the default limits
 *   and with tiny ones (so the record and key limits are crossed at every possible place).
 *
 * CI runs a fixed seed. A longer run: `FUZZ_RUNS=100000 npx vitest run tests/fuzz.test.ts`; another
 * seed: `FUZZ_SEED=…`; a larger budget per case: `FUZZ_BUDGET_MS=…`. A failure prints the seed and
 * path to replay it (fast-check's `seed` and `path` options).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FORMATS as FORMATS_REGISTERED, formatOfPath } from "../src/io/formats/registry.js";
import { MarkingUtf8Decoder } from "../src/io/decode.js";
import { UNDECODABLE } from "../src/io/undecodable.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_122);
const RUNS = process.env["FUZZ_RUNS"] === undefined ? null : Number(process.env["FUZZ_RUNS"]);
const BUDGET_MS = Number(process.env["FUZZ_BUDGET_MS"] ?? 10_000);
const MAX_BYTES = 64 << 10;
const runs = (ci: number) => RUNS ?? ci;
/** The vitest timeout of a property: room for every case at its full budget would be days; this is for a slow machine. */
const timeout = (ci: number) => Math.max(120_000, runs(ci) * 250);

// ---------------------------------------------------------------------------------------------
// The watchdog: one worker thread runs the cases; a case that overruns its budget kills it.

const source = (path: string) => pathToFileURL(join(process.cwd(), path)).href;
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { mkdtempSync, writeFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
(async () => {
  (await import(workerData.tsx)).register();
  const { check, loadConfig } = await import(workerData.check);
  const { PricelintError } = await import(workerData.errors);
  const { readFeedText } = await import(workerData.readFeed);
  const { formatNamed } = await import(workerData.formats);
  const { formatJson } = await import(workerData.json);
  const describe = (e) => ({ pricelint: e instanceof PricelintError, name: String(e && e.name), message: String(e && e.message), stack: String(e && e.stack) });
  async function runCheck({ files, config }) {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-fuzz-"));
    try {
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
      const report = await check(await loadConfig(join(dir, "pricelint.config.json")), { at: new Date("2026-11-20T12:00:00Z") });
      const text = formatJson(report);
      const json = JSON.parse(text);
      return {
        // The mark of undecodable bytes, a lone surrogate U+DFFD, as JSON writes it (or as it is).
        marked: /\\\\udffd/i.test(text) || text.includes("\\udffd"),
        summary: json.summary,
        rows: json.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => ({ message: f.message, sources: f.sources, sku: f.sku })),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  async function runRecords({ chunks, options }) {
    try {
      const columns = [];
      const records = [];
      async function* text() { for (const c of chunks) yield c; }
      for await (const batch of readFeedText(text(), { ...options, format: formatNamed(options.format) })) {
        columns.splice(0, columns.length, ...batch.columns);
        for (const r of batch.records) records.push(r);
      }
      return { value: JSON.stringify({ columns, records }) };
    } catch (e) {
      // A file that cannot be read at all: the same error, whatever the chunks.
      if (e instanceof PricelintError && e.code === "io") return { value: "io: " + e.message };
      throw e;
    }
  }
  parentPort.on("message", async (m) => {
    try {
      parentPort.postMessage({ id: m.id, result: m.kind === "check" ? await runCheck(m) : await runRecords(m) });
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: describe(e) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: String(e && e.stack) }));
`;

interface Thrown {
  pricelint: boolean;
  name: string;
  message: string;
  stack: string;
}
type Reply<T> = { result: T } | { error: Thrown };

class Watchdog {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private seq = 0;
  private readonly pending = new Map<number, (reply: Reply<unknown>) => void>();

  private start(): Promise<Worker> {
    this.ready ??= new Promise((resolve, reject) => {
      // tsx's ESM API (its "import" export): the worker reads the TypeScript sources as the tests do.
      const tsxPackage = createRequire(import.meta.url).resolve("tsx/package.json");
      const tsxApi = (JSON.parse(readFileSync(tsxPackage, "utf8")) as { exports: Record<string, { import: { default: string } }> }).exports[
        "./esm/api"
      ]!.import.default;
      const worker = new Worker(WORKER, {
        eval: true,
        workerData: {
          tsx: pathToFileURL(join(dirname(tsxPackage), tsxApi)).href,
          check: source("src/check.ts"),
          errors: source("src/model/errors.ts"),
          readFeed: source("src/io/read-feed.ts"),
          formats: source("src/io/formats/registry.ts"),
          json: source("src/report/json.ts"),
        },
      });
      worker.on("message", (m: { ready?: true; fatal?: string; id?: number } & Reply<unknown>) => {
        if (m.ready) resolve(worker);
        else if (m.fatal) reject(new Error(`fuzz worker failed to start: ${m.fatal}`));
        else if (m.id !== undefined) {
          this.pending.get(m.id)?.(m);
          this.pending.delete(m.id);
        }
      });
      worker.on("error", (error) => {
        reject(error);
        for (const settle of this.pending.values())
          settle({ error: { pricelint: false, name: "WorkerError", message: String(error), stack: String(error.stack) } });
        this.pending.clear();
        this.reset();
      });
      this.worker = worker;
    });
    return this.ready;
  }

  /** Runs one case; rejects when it takes longer than the budget (and replaces the worker). */
  async run<T>(message: Record<string, unknown>): Promise<Reply<T>> {
    const worker = await this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.reset();
        reject(new Error(`the case did not finish within ${BUDGET_MS} ms (a hang, or super-linear work)`));
      }, BUDGET_MS);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply as Reply<T>);
      });
      worker.postMessage({ id, ...message });
    });
  }

  reset(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }
}

const watchdog = new Watchdog();
afterAll(() => watchdog.reset());

// ---------------------------------------------------------------------------------------------
// The laws.

interface CheckResult {
  marked: boolean;
  summary: {
    rows: { read: number; accepted: number; rejected: number };
    feeds: { file: string; read: number; accepted: number; rejected: number }[];
  };
  rows: { message: string; sources: { file: string; line: number }[]; sku: string | null }[];
}

/** Runs check() on the files; a thrown error must be a one-line PricelintError, a report must account for every row. */
async function checkLaws(files: Record<string, Uint8Array>, config: Record<string, unknown>): Promise<void> {
  const reply = await watchdog.run<CheckResult>({ kind: "check", files, config });
  if ("error" in reply) {
    const { pricelint, message, stack } = reply.error;
    if (!pricelint) throw new Error(`not a PricelintError: ${stack}`);
    expect(message, "a one-line message").not.toContain("\n");
    expect(message, "undecodable bytes shown as U+FFFD").not.toContain(UNDECODABLE);
    return;
  }
  const { summary, rows, marked } = reply.result;
  expect(marked, "undecodable bytes shown as U+FFFD in the report").toBe(false);
  expect(summary.rows.read).toBe(summary.rows.accepted + summary.rows.rejected);
  for (const feed of summary.feeds) {
    expect(feed.read, feed.file).toBe(feed.accepted + feed.rejected);
    const mine = rows.filter((r) => r.sources[0]?.file === feed.file);
    expect(mine, `one feed/invalid-row finding per rejected row of ${feed.file}`).toHaveLength(feed.rejected);
    for (const row of mine) {
      expect(row.sources).toHaveLength(1);
      const { line } = row.sources[0]!;
      expect(Number.isInteger(line) && line >= 1, `line ${line}`).toBe(true);
      expect(row.message.startsWith(`${feed.file}:${line}`), row.message).toBe(true);
    }
  }
  expect(rows).toHaveLength(summary.rows.rejected);
}

// ---------------------------------------------------------------------------------------------
// Inputs: the demo's feeds (each with its own config entry), hostile tokens, mutations.

interface Seed {
  readonly entry: { kind: string; path: string; [option: string]: unknown };
  readonly bytes: Uint8Array;
}

const DEMO = "fixtures/demo";
const DEMO_CONFIG = JSON.parse(readFileSync(join(DEMO, "pricelint.config.json"), "utf8")) as { feeds: Seed["entry"][] };
const SEEDS: Seed[] = DEMO_CONFIG.feeds.map((entry) => ({
  entry: { ...entry, path: entry.path.replace(/^.*\//, "") },
  bytes: readFileSync(join(DEMO, entry.path)),
}));
/** The layouts the dense generator below can write a clean start for (a header line, "["). */
const LAYOUTS = ["csv", "tsv", "json", "jsonl"] as const;

const enc = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const TOKENS: Uint8Array[] = [
  ...['"', '""', ",", ";", "\t", "|", "\n", "\r", "\r\n", "\\", "{", "}", "[", "]", ":", " ", "\u00a0", "\u2028"].map(enc),
  ...[
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    '"__proto__":{"x":1}',
    "NaN",
    "Infinity",
    "1e309",
    "-0",
    "1,234",
    "1.234,56",
    "€",
    "$",
    "USD",
    "XYZ",
  ].map(enc),
  ...[
    "2026-02-30",
    "24:61",
    "+25:00",
    "0026-01-01",
    "2026-11-20T12:00",
    "9".repeat(40),
    "[[[[[[[[",
    "]]]]",
    "null",
    "true",
    "{}",
    "[]",
  ].map(enc),
  new Uint8Array([0xef, 0xbb, 0xbf]),
  new Uint8Array([0xff, 0xfe]),
  new Uint8Array([0x00]),
  new Uint8Array([0xff]),
  new Uint8Array([0xc3]),
  new Uint8Array([0xe8]),
  new Uint8Array([0xed, 0xa0, 0x80]),
  // U+FFFD written in the file: a character, never taken for bytes that are not UTF-8.
  new Uint8Array([0xef, 0xbf, 0xbd]),
];

type Mutation =
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "delete"; at: number; length: number }
  | { op: "duplicate"; at: number; length: number; to: number }
  | { op: "flip"; at: number; value: number }
  | { op: "truncate"; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), bytes: fc.constantFrom(...TOKENS) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }), to: fc.nat() }),
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Buffer.from(bytes);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    switch (m.op) {
      case "insert":
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case "delete":
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
        break;
      case "duplicate": {
        const piece = b.subarray(at, at + m.length);
        const to = b.length === 0 ? 0 : m.to % (b.length + 1);
        b = Buffer.concat([b.subarray(0, to), piece, b.subarray(to)]);
        break;
      }
      case "flip":
        if (b.length > 0) b[at % b.length] = m.value;
        break;
      case "truncate":
        b = b.subarray(0, at);
        break;
    }
    if (b.length > MAX_BYTES) b = b.subarray(0, MAX_BYTES);
  }
  return new Uint8Array(b);
}

const configFor = (entries: Seed["entry"][]) => ({ timezone: "Europe/Rome", currency: "EUR", feeds: entries, rules: ["all"] });

/** Random JSON values with the feeds' field names (and prototype names) as keys. */
const FIELD_KEYS = [
  "sku",
  "channel",
  "location",
  "currency",
  "price",
  "sale_price",
  "sale_start",
  "sale_end",
  "listed_channels",
  "available",
  "size",
  "pack_qty",
  "__proto__",
  "constructor",
  "prototype",
];
const row = fc.dictionary(fc.constantFrom(...FIELD_KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });

describe("fuzzing the loaders", () => {
  it(
    "mutated demo feeds never crash or hang check(), and every row is accounted for",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: SEEDS.length - 1 }),
          fc.array(mutation, { minLength: 1, maxLength: 8 }),
          async (index, mutations) => {
            const seed = SEEDS[index]!;
            await checkLaws({ [seed.entry.path]: mutate(seed.bytes, mutations) }, configFor([seed.entry]));
          },
        ),
        { seed: SEED, numRuns: runs(400) },
      );
    },
    timeout(400),
  );

  it(
    "random bytes never crash or hang check(), in any format",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          // Every registered format, named by its file's ending.
          fc.constantFrom(...FORMATS_REGISTERED),
          fc.constantFrom("prices", "catalogue", "stores", "inventory"),
          fc.uint8Array({ maxLength: 2048 }),
          async (format, kind, bytes) => {
            const path = `f${format.extensions[0]!}`;
            await checkLaws({ [path]: bytes }, configFor([{ kind, path }]));
          },
        ),
        { seed: SEED, numRuns: runs(200) },
      );
    },
    timeout(200),
  );

  it(
    "random JSON (arrays, JSON Lines, any value, prototype keys) never crashes or hangs check()",
    async () => {
      const document = fc.oneof(
        fc.array(row, { maxLength: 20 }).map((rows) => ({ name: "f.json", text: JSON.stringify(rows, null, 1) })),
        fc.array(row, { maxLength: 20 }).map((rows) => ({ name: "f.jsonl", text: rows.map((r) => JSON.stringify(r)).join("\n") })),
        fc.jsonValue({ maxDepth: 4 }).map((value) => ({ name: "f.json", text: JSON.stringify(value) })),
        fc
          .array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 10 })
          .map((values) => ({ name: "f.jsonl", text: values.map((v) => JSON.stringify(v)).join("\n") })),
      );
      await fc.assert(
        fc.asyncProperty(document, fc.constantFrom("prices", "catalogue", "stores", "inventory"), async ({ name, text }, kind) => {
          await checkLaws(
            { [name]: enc(text) },
            configFor([{ kind, path: name, ...(kind === "prices" ? { constants: { channel: "web" } } : {}) }]),
          );
          expect(Object.prototype).not.toHaveProperty("x");
        }),
        { seed: SEED, numRuns: runs(300) },
      );
    },
    timeout(300),
  );

  it(
    "the readers give the same records however the text is cut, with the default limits and with tiny ones",
    async () => {
      // Text from the demo's feeds, mutated, or dense in what the readers track: quotes, line breaks, brackets.
      const DENSE = [
        "a",
        "1",
        '"',
        '""',
        ",",
        ";",
        "\t",
        "\n",
        "\r",
        "\r\n",
        " ",
        "{",
        "}",
        "[",
        "]",
        ":",
        "\\",
        "\uFFFD",
        UNDECODABLE,
        '{"a":1}',
        '"x"',
      ];
      const text = fc.oneof(
        fc
          .record({ index: fc.nat({ max: SEEDS.length - 1 }), mutations: fc.array(mutation, { maxLength: 6 }) })
          .map(({ index, mutations }) => {
            const seed = SEEDS[index]!;
            // Decoded as the feed would be (latin1 keeps every byte; UTF-8 marks bad bytes UNDECODABLE).
            const bytes = Buffer.from(mutate(seed.bytes, mutations));
            const latin1 = seed.entry["encoding"] === "windows-1252" || seed.entry["encoding"] === "latin1";
            return { text: latin1 ? bytes.toString("latin1") : new MarkingUtf8Decoder().decode(bytes), entry: seed.entry };
          }),
        fc
          .record({
            parts: fc.array(fc.constantFrom(...DENSE), { maxLength: 200 }),
            format: fc.constantFrom(...LAYOUTS),
            delimiter: fc.constantFrom(",", ";", "\t"),
            head: fc.boolean(),
          })
          .map(({ parts, format, delimiter, head }) => {
            // Mostly after a clean start (a header line, or "["), so that the dense part is read as rows.
            const start = !head
              ? ""
              : format === "json"
                ? "["
                : format === "jsonl"
                  ? ""
                  : ["sku", "channel", "price"].join(delimiter) + "\n";
            return { text: start + parts.join(""), entry: { kind: "prices", path: `f.${format}`, delimiter } as Seed["entry"] };
          }),
      );
      // Delimited rows built from cells: plain, quoted (with delimiters, line breaks, doubled quotes), unclosed, or with text after the quote.
      const inner = fc.string({ unit: fc.constantFrom("a", "1", " ", ",", ";", "\n", "\r\n", '""', "\uFFFD", UNDECODABLE), maxLength: 12 });
      const cell = fc.oneof(
        fc.string({ unit: fc.constantFrom("a", "1", " ", "."), maxLength: 8 }),
        inner.map((v) => `"${v}"`),
        inner.map((v) => `"${v}`),
        inner.map((v) => `"${v}"x`),
      );
      const rows = fc
        .record({
          delimiter: fc.constantFrom(",", ";"),
          eol: fc.constantFrom("\n", "\r\n"),
          rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
        })
        .map(({ delimiter, eol, rows }) => ({
          text: ["sku", "channel", "price"].join(delimiter) + eol + rows.map((r) => r.join(delimiter)).join(eol),
          entry: { kind: "prices", path: "f.csv", delimiter } as Seed["entry"],
        }));
      const input = fc.record({
        source: fc.oneof(text, rows),
        cuts: fc.uniqueArray(fc.nat(), { maxLength: 12 }),
        tiny: fc.boolean(),
        recordChars: fc.integer({ min: 1, max: 64 }),
        jsonKeys: fc.integer({ min: 1, max: 12 }),
        // Limits are crossed by one: a limit as long as one of the lines (±1), and a cut where that line ends (±1).
        atLine: fc.option(fc.record({ line: fc.nat(), limit: fc.integer({ min: -1, max: 1 }), cut: fc.integer({ min: -1, max: 1 }) })),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ source: { text, entry }, cuts, tiny, jsonKeys, atLine, ...rest }) => {
          let recordChars = rest.recordChars;
          const extra: number[] = [];
          if (atLine) {
            const lines = text.split("\n");
            const k = atLine.line % lines.length;
            const start = lines.slice(0, k).reduce((sum, l) => sum + l.length + 1, 0);
            recordChars = Math.max(1, lines[k]!.length + atLine.limit);
            extra.push(Math.max(0, start + lines[k]!.length + atLine.cut));
          }
          const at = [...new Set([...cuts, ...extra].map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
          const options = {
            format: formatOfPath(entry.path).name,
            encoding: "utf-8",
            delimiter: entry["delimiter"],
            skipLines: (entry["skipLines"] as number | undefined) ?? 0,
            ...(tiny || atLine ? { limits: { recordChars, jsonKeys } } : {}),
          };
          const whole = await watchdog.run<{ value: string }>({ kind: "records", chunks: [text], options });
          const chunked = await watchdog.run<{ value: string }>({ kind: "records", chunks: pieces, options });
          if ("error" in whole) throw new Error(`the reader threw: ${whole.error.stack}`);
          if ("error" in chunked) throw new Error(`the reader threw on chunks: ${chunked.error.stack}`);
          expect(chunked.result.value).toBe(whole.result.value);
        }),
        { seed: SEED, numRuns: runs(1000) },
      );
    },
    timeout(1000),
  );
});
