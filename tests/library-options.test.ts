/**
 * check() and checkStream() called from code: options a caller could not have meant are refused
 * with a PricelintError (never a TypeError from inside, never passed over), and what the
 * library shares between runs cannot be changed by one of them.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES, check, checkStream, loadConfig, readBaseline, type CheckOptions } from "../src/index.js";
import { PricelintError } from "../src/model/errors.js";
import { formatJson } from "../src/report/json.js";
import { sendableInput } from "../src/parallel/sendable-input.js";

const feeds = {
  prices: [
    { sku: "A", channel: "web", price: "1.00" },
    { sku: "A", channel: "app", price: "2.00" },
  ],
};
const input = { timezone: "UTC", currency: "EUR", feeds, rules: ["channel/app-differs-from-web"] } as never;
const AT = new Date("2026-11-20T12:00:00Z");

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return (error as Error).message;
}

describe("check's options", () => {
  it("refuse a shard that is not K of N, where it was a partial or empty report", async () => {
    for (const shard of [
      {},
      { index: 0, count: 2 },
      { index: 3, count: 2 },
      { index: "1", count: "2" },
      { index: 1, count: 0 },
      { index: 1, count: -1 },
    ]) {
      expect(await refusal(() => check(input, { at: AT, shard: shard as never }))).toMatch(/^shard must be \{ index: K, count: N \}/);
    }
    // A whole shard of one is the whole run.
    expect((await check(input, { at: AT, shard: { index: 1, count: 1 } })).findings).toHaveLength(1);
  });

  it("refuse an unknown key, a string for a Date, at beside window, and options that are no object", async () => {
    expect(await refusal(() => check(input, { att: AT } as never))).toMatch(/^unknown option "att"; check takes at, window/);
    expect(await refusal(() => check(input, { at: "2026-11-20" } as never))).toBe('at must be a Date, not "2026-11-20"');
    expect(await refusal(() => check(input, { window: { from: AT } } as never))).toBe("window.to must be a Date, not undefined");
    expect(await refusal(() => check(input, { at: AT, window: { from: AT, to: new Date("2026-11-21") } }))).toBe(
      "give at (one instant) or window (a span), not both",
    );
    expect(await refusal(() => check(input, null as never))).toBe("check's options must be an object, not null");
    expect(
      await refusal(() => check(input, { window: { from: new Date("2026-11-21T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") } })),
    ).toBe("the window's end (2026-11-20T00:00:00.000Z) must be after its start (2026-11-21T00:00:00.000Z)");
    expect(await refusal(() => check(input, { at: AT, baseline: "x" } as never))).toMatch(/^baseline must be an array of findings/);
    expect(await refusal(() => checkStream(input, { at: AT, baseline: [] } as never))).toMatch(/^checkStream takes no baseline/);
  });

  it("take a feed kind left undefined as no feed, as a key left out", async () => {
    const without = await check(input, { at: AT });
    const withUndefined = await check({ ...(input as object), feeds: { ...feeds, catalogue: undefined, stores: undefined } } as never, {
      at: AT,
    });
    expect(withUndefined.findings).toStrictEqual(without.findings);
    expect(withUndefined.summary.feeds.map((f) => f.file)).toStrictEqual(["(prices)"]);
    expect(await refusal(() => check({ ...(input as object), feeds: { ...feeds, catalogue: null } } as never, { at: AT }))).toBe(
      "(catalogue): expected an array of rows, got null",
    );
  });
});

/** The code and message of the PricelintError a run stops with. */
async function refused(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return `${(error as PricelintError).code}: ${(error as Error).message}`;
}

describe("check's options between runs and of the run", () => {
  const SNAPSHOT = "yesterday.snapshot.gz";

  it("are refused as the CLI refuses its flags, named as options, where they threw a TypeError or were passed over", async () => {
    const cases: [options: object, message: string][] = [
      [{ at: AT, previous: { snapshot: SNAPSHOT }, previousAt: "2026-11-19" }, 'previousAt must be a Date, not "2026-11-19"'],
      [{ at: AT, previous: { config: "c.json" }, previousAt: new Date("nonsense") }, "previousAt is an invalid Date (its time is NaN)"],
      [{ at: AT, previousAt: new Date("2026-11-19T12:00:00Z") }, "previousAt goes with previous"],
      [
        { at: AT, previous: { snapshot: SNAPSHOT }, previousAt: new Date("2026-11-19T12:00:00Z") },
        "previousAt sets the instant of previous feeds; a snapshot carries its own: leave previousAt out",
      ],
      [
        { at: AT, previous: "yesterday.json" },
        'previous must be { snapshot: FILE }, { feeds: DIR } or { config: FILE }, not "yesterday.json"',
      ],
      [{ at: AT, previous: { file: "x" } }, 'previous must be { snapshot: FILE }, { feeds: DIR } or { config: FILE }, not {"file":"x"}'],
      [{ at: AT, previous: { snapshot: SNAPSHOT, feeds: "yesterday" } }, "previous gives snapshot and feeds: give one previous state"],
      [{ at: AT, previous: { feeds: "" } }, 'previous.feeds must be a path (text, not empty), not ""'],
      [{ at: AT, feedsDir: 5 }, "feedsDir must be a path (text, not empty), not number 5"],
      [{ at: AT, snapshot: 5 }, "snapshot must be a path (text, not empty), not number 5"],
      [
        { at: AT, previous: { snapshot: SNAPSHOT }, snapshot: `./${SNAPSHOT}` },
        "snapshot would overwrite the snapshot previous reads: write today's to another file",
      ],
      [
        { window: { from: AT, to: new Date("2026-11-21T12:00:00Z") }, previous: { snapshot: SNAPSHOT } },
        "a previous state and a snapshot are of one instant: give them with at, not with window",
      ],
      [{ at: AT, stdin: 5 }, "stdin must be an async iterable of bytes or text (process.stdin is one), not number 5"],
      [{ at: AT, windowByInstant: "yes" }, 'windowByInstant must be true or false, not "yes"'],
      [{ at: AT, windowByInstant: true }, "windowByInstant goes with window"],
      [{ at: AT, workers: "2" }, 'workers must be a whole number from 1 to 64, not "2"'],
      [
        { at: AT, shard: { index: 1, count: 2 }, baseline: [] },
        "baseline compares a whole run, and a shard holds only its skus' findings: give baseline to a check without shard",
      ],
      [{ at: AT, shard: { index: 1, count: 2, bounds: 5 } }, "shard.bounds must list at least 1 sku in ascending order, not number 5"],
      [
        { at: AT, shard: { index: 1, count: 3, bounds: ["M", "C"] } },
        "shard.bounds must list at least 2 skus in ascending order, not an array",
      ],
    ];
    for (const [options, message] of cases) expect(await refused(() => check(input, options as never)), message).toBe(`usage: ${message}`);
  });

  it("refuse a folder of feed files for feeds given in memory, which have none", async () => {
    expect(await refused(() => check(input, { at: AT, feedsDir: "today" }))).toBe(
      "usage: feedsDir reads a config's feed files from another folder; feeds given in memory have no files: leave feedsDir out",
    );
    expect(await refused(() => check(input, { at: AT, previous: { feeds: "yesterday" } }))).toBe(
      "usage: previous: { feeds } reads this config's feed files from another folder; feeds given in memory have no files: give the previous state as { snapshot } or { config }",
    );
  });
});

describe("the files a run reads and writes, held to what the CLI holds its flags to", () => {
  /** A folder with a config (c.json) over today's p.csv (A at 19.00), and prev/ holding yesterday's p.csv (A at 10.00). */
  async function nightly(): Promise<{ dir: string; run: (options: CheckOptions) => Promise<unknown> }> {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-files-"));
    mkdirSync(join(dir, "prev"));
    const feeds = [{ kind: "prices", path: "p.csv" }];
    writeFileSync(join(dir, "c.json"), JSON.stringify({ currency: "EUR", feeds, rules: ["change/price-move"] }));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nA,web,19.00\n");
    writeFileSync(join(dir, "prev", "p.csv"), "sku,channel,price\nA,web,10.00\n");
    const config = await loadConfig(join(dir, "c.json"));
    return { dir, run: (options) => check(config, { at: AT, ...options }) };
  }

  it("L01 refuse a snapshot over a file the run reads, which it overwrote with gzip data", async () => {
    const { dir, run } = await nightly();
    const prev = join(dir, "prev");
    symlinkSync(join(dir, "c.json"), join(dir, "link.json"));
    const cases: [options: CheckOptions, message: string][] = [
      [{ snapshot: join(dir, "p.csv") }, `snapshot ${join(dir, "p.csv")} would overwrite the feed p.csv: write the snapshot elsewhere`],
      [{ snapshot: join(dir, "link.json") }, `snapshot ${join(dir, "link.json")} would overwrite the config: write the snapshot elsewhere`],
      [
        { previous: { feeds: prev }, snapshot: join(prev, "p.csv") },
        `snapshot ${join(prev, "p.csv")} would overwrite the previous feed in ${prev}: p.csv: write the snapshot elsewhere`,
      ],
    ];
    for (const [options, message] of cases) expect(await refused(() => run(options))).toBe(`usage: ${message}`);
    expect(readFileSync(join(dir, "p.csv"), "utf8")).toBe("sku,channel,price\nA,web,19.00\n");
    expect(readFileSync(join(prev, "p.csv"), "utf8")).toBe("sku,channel,price\nA,web,10.00\n");
    expect(readFileSync(join(dir, "c.json"), "utf8")).toMatch(/^\{"currency":"EUR"/);
    // Elsewhere, it is written.
    await run({ previous: { feeds: prev }, snapshot: join(dir, "today.snapshot.gz") });
    expect(existsSync(join(dir, "today.snapshot.gz"))).toBe(true);
  });

  it("L02 refuse a previous state that reads today's own feed files, where the change rules found nothing", async () => {
    const { dir, run } = await nightly();
    // Its own copy of yesterday's feed: 10.00 → 19.00 is a rise of 90%, above price-move's 50%.
    const report = (await run({ previous: { feeds: join(dir, "prev") } })) as { findings: { rule: string; sku: string }[] };
    expect(report.findings.map((f) => [f.rule, f.sku])).toStrictEqual([["change/price-move", "A"]]);
    const same = "usage: previous reads the same feed files as today's run: the run would compare the feeds with themselves";
    symlinkSync(dir, `${dir}-link`);
    for (const options of [
      { previous: { feeds: dir } },
      { previous: { feeds: `${dir}-link` } },
      { previous: { config: join(dir, "c.json") } },
      { feedsDir: join(dir, "prev"), previous: { feeds: join(dir, "prev") } },
    ])
      expect(await refused(() => run(options)), JSON.stringify(options)).toBe(same);
    // A previous config that reads today's price file beside a file of its own.
    const stores = { kind: "stores", path: "stores.csv" };
    writeFileSync(join(dir, "prev", "c.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "../p.csv" }, stores] }));
    expect(await refused(() => run({ previous: { config: join(dir, "prev", "c.json") } }))).toBe(
      `usage: ${join(dir, "p.csv")}: previous reads a price file of today's run (the feed p.csv) too, as the previous config's feed ../p.csv: its offers would be compared with themselves; give the previous state its own copy`,
    );
  });

  it("L03 refuse a feedsDir that is no folder, naming it, where a feed in it was said not to be found", async () => {
    const { dir, run } = await nightly();
    const none = join(dir, "none");
    expect(await refused(() => run({ feedsDir: none }))).toBe(`usage: feedsDir ${none}: no such folder`);
    expect(await refused(() => run({ feedsDir: none, workers: 2 }))).toBe(`usage: feedsDir ${none}: no such folder`);
    expect(await refused(() => run({ feedsDir: join(dir, "p.csv") }))).toBe(
      `usage: feedsDir ${join(dir, "p.csv")}: not a folder (the folder the config's feed paths are read in)`,
    );
    // A folder is read: yesterday's one row.
    expect(((await run({ feedsDir: join(dir, "prev") })) as { summary: { rows: { read: number } } }).summary.rows.read).toBe(1);
  });
});

describe("check's input", () => {
  it("is refused when it is no config, or its feeds neither feeds nor rows by kind, where it threw a TypeError", async () => {
    expect(await refused(() => check(null as never, { at: AT }))).toBe(
      "usage: check's input must be a config (loadConfig gives one) or a config object, not null",
    );
    expect(await refused(() => check({ ...(input as object), feeds: null } as never, { at: AT }))).toBe(
      "config: (config): feeds: expected a list of feeds, or rows in memory by kind, not null",
    );
    expect(await refused(() => check({ ...(input as object), feeds: { price: feeds.prices } } as never, { at: AT }))).toBe(
      "config: (config): feeds.price: not a feed kind; kinds: catalogue, prices, promotions, stores, inventory, price_history",
    );
    expect(await refused(() => check({ ...(input as object), feeds: { prices: { rows: feeds.prices, columns: {} } } } as never))).toBe(
      "config: (config): feeds.prices.columns: not a setting of an in-memory feed, which takes rows and ignoreColumns",
    );
    expect(
      await refused(() => check({ ...(input as object), feeds: { prices: { rows: feeds.prices, ignoreColumns: "meta" } } } as never)),
    ).toBe('config: (config): feeds.prices.ignoreColumns: expected a list of keys (text, not empty), not "meta"');
  });
});

describe("readBaseline", () => {
  it("refuses a trend's JSON, whose findings carry ids too, as --baseline does", () => {
    const trend = { tool: { name: "pricelint", version: "0.1.0" }, runs: [], findings: [{ id: "f3a9", rule: "price/non-positive" }] };
    expect(() => readBaseline(trend, "trend.json")).toThrow("trend.json: not a pricelint JSON report; write one with --format json:FILE");
  });

  it("keeps a finding's waiver: one waived then and not now is new", async () => {
    const loaded = await loadConfig("fixtures/demo/pricelint.config.json");
    const before = await check(loaded, { at: new Date("2026-11-20T12:00:00Z") });
    const waivedThen = before.findings.filter((f) => f.waived !== null).map((f) => f.id);
    expect(waivedThen.length).toBeGreaterThan(0);
    const baseline = readBaseline(JSON.parse(formatJson(before)), "before.json");
    // After every waiver's end, the findings waived before are new, not unchanged.
    const after = await check(loaded, { at: new Date("2027-06-01T12:00:00Z"), baseline });
    for (const id of waivedThen) {
      const now = after.findings.find((f) => f.id === id);
      if (now !== undefined && now.waived === null) expect(now.baseline, id).toBe("new");
    }
    expect(after.findings.some((f) => waivedThen.includes(f.id) && f.waived === null)).toBe(true);
  });
});

describe("the built-in rules", () => {
  it("cannot be changed by a caller: a later run reads them as shipped", () => {
    const rule = BUILTIN_RULES.find((r) => r.id === "channel/app-differs-from-web")!;
    expect(() => {
      (rule as { severity: string }).severity = "info";
    }).toThrow(TypeError);
    expect(() => (BUILTIN_RULES as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(rule.severity).toBe("warning");
  });
});

describe("rows given in memory", () => {
  it("take a Date as the instant it is, where a date or time goes; an invalid Date rejects its row", async () => {
    const onSale = {
      id: "house/on-sale",
      description: "d",
      severity: "info",
      scope: "offer",
      conditions: { all: [{ fact: "onSale", operator: "equal", value: true }] },
    };
    const rows = [
      {
        sku: "A",
        channel: "web",
        price: "2.00",
        sale_price: "1.00",
        sale_start: new Date("2026-11-20T11:00:00Z"),
        sale_end: new Date("2026-11-20T13:00:00Z"),
      },
      { sku: "B", channel: "web", price: "2.00", sale_price: "1.00", sale_start: new Date("2026-11-20T12:30:00Z") },
      { sku: "C", channel: "web", price: "2.00", sale_price: "1.00", sale_start: new Date("nonsense") },
    ];
    const report = await check({ timezone: "Europe/Rome", currency: "EUR", feeds: { prices: rows }, rules: [onSale] } as never, { at: AT });
    // At 12:00 UTC A's sale runs, B's has not begun; C's start is no instant.
    expect(report.findings.map((f) => [f.rule, f.sku])).toStrictEqual([
      ["feed/invalid-row", "C"],
      ["house/on-sale", "A"],
    ]);
    expect(report.findings[0]?.message).toBe('(prices):3:5 (sale_start): field "sale_start" holds an invalid Date');
  });
});

describe("rows given in memory, read as one thread reads them", () => {
  /** The report's findings as rule, sku and message, and its rows read, accepted and rejected. */
  const outcome = (report: Awaited<ReturnType<typeof check>>) => ({
    findings: report.findings.map((f) => [f.rule, f.sku, f.message]),
    rows: report.summary.rows,
  });

  it("J20 take a hole in the array as a row that is no object, with one thread or two", async () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [feeds.prices[0], , feeds.prices[1]];
    for (const workers of [1, 2]) {
      const report = await check({ ...(input as object), feeds: { prices: sparse } } as never, { at: AT, workers });
      expect(report.summary.rows, `workers ${workers}`).toStrictEqual({ read: 3, accepted: 2, rejected: 1 });
      // In report order, by rule.
      expect(report.findings.map((f) => [f.rule, f.values["code"] ?? null])).toStrictEqual([
        ["channel/app-differs-from-web", null],
        ["feed/invalid-row", "not_an_object"],
      ]);
    }
  });

  it("J21 give two worker threads rows holding a function or a symbol, each rejected as one thread rejects it", async () => {
    const prices = [
      { sku: "A", channel: "web", price: "1.00", note: () => 1 },
      { sku: "A", channel: "app", price: "2.00" },
      { sku: "B", channel: "web", price: "1.00", tags: ["x", Symbol("y")] },
      { sku: "B", channel: "app", price: "2.00" },
      { sku: "C", channel: "web", price: "1.00", meta: { at: () => 1 } },
      { sku: "C", channel: "app", price: "2.00" },
      { sku: "D", channel: "web", price: "1.00" },
      { sku: "D", channel: "app", price: "2.00" },
    ];
    // A kind left undefined is no feed, with threads too.
    const run = (workers: number) => check({ ...(input as object), feeds: { prices, stores: undefined } } as never, { at: AT, workers });
    const one = outcome(await run(1));
    // A, B and C's web rows are rejected: only D has both channels' prices, and differs. A key
    // is a column of the feed from the first row that has it: note 4, tags 5, meta 6.
    expect(one.rows).toStrictEqual({ read: 8, accepted: 5, rejected: 3 });
    expect(one.findings.filter(([rule]) => rule === "feed/invalid-row").map(([, , message]) => message)).toStrictEqual([
      '(prices):1:4 (note): field "note" holds a function; a field holds text, a number, a boolean or a list of those',
      '(prices):3:5 (tags): field "tags" holds a symbol; a field holds text, a number, a boolean or a list of those',
      '(prices):5:6 (meta): field "meta" holds a nested object; a field holds text, a number, a boolean or a list of those',
    ]);
    expect(outcome(await run(2))).toStrictEqual(one);
  });

  it("L05 give worker threads a value with a toJSON on its prototype (a Decimal) as what toJSON gives, called once", async () => {
    let calls = 0;
    class Money {
      constructor(private readonly amount: string) {}
      toJSON(): string {
        calls++;
        return this.amount;
      }
    }
    const prices = [
      { sku: "A", channel: "web", price: new Decimal("0") },
      { sku: "B", channel: "web", price: new Decimal("12.00"), sale_price: new Decimal("12.50") },
      { sku: "C", channel: "web", price: new Money("-1") },
      { sku: "D", channel: "web", price: { toJSON: () => ({ amount: "1.00" }) } },
      {
        sku: "E",
        channel: "web",
        price: "1.00",
        tags: [
          "x",
          {
            toJSON: () => {
              throw new Error("no tags");
            },
          },
        ],
      },
      // Structured clone cannot copy a Proxy: the rows are then copied, every one, each toJSON still called once.
      new Proxy({ sku: "F", channel: "web", price: "2.00" }, {}),
    ];
    const given = { currency: "EUR", feeds: { prices }, rules: ["price/non-positive", "price/sale-not-below-regular"] } as never;
    for (const workers of [1, 2]) {
      calls = 0;
      const report = await check(given, { at: AT, workers });
      // D's toJSON gives an object and E's throws: both rejected; A's 0 and C's -1 are not positive,
      // B's sale price 12.50 is not below its price 12.00; F is fine.
      expect(report.summary.rows, `workers ${workers}`).toStrictEqual({ read: 6, accepted: 4, rejected: 2 });
      expect(
        report.findings.map((f) => [f.rule, f.sku]),
        `workers ${workers}`,
      ).toStrictEqual([
        ["feed/invalid-row", "D"],
        ["feed/invalid-row", "E"],
        ["price/non-positive", "A"],
        ["price/non-positive", "C"],
        ["price/sale-not-below-regular", "B"],
      ]);
      expect(report.findings[0]!.message).toContain('field "price" holds an object whose toJSON() gives a nested object');
      expect(report.findings[1]!.message).toContain('field "tags" holds an object whose toJSON() threw (no tags)');
      expect(report.findings[4]!.message).toContain("sale price 12.50 is not below the price 12.00");
      expect(calls, `workers ${workers}`).toBe(1);
    }
  });

  it("L05 give worker threads rows of text, numbers and Dates as they are, copying none", () => {
    const rows = [{ sku: "A", channel: "web", price: 1, tags: ["x", new Number(2)], at: new Date(0) }, null];
    const given = { currency: "EUR", feeds: { prices: rows, promotions: { rows: [] } } };
    expect(sendableInput(given)).toStrictEqual({ input: given, putBacks: [] });
    expect(sendableInput(given).input).toBe(given);
    // One row holding a Decimal: only that row is copied.
    const mixed = [...rows, { sku: "B", channel: "web", price: new Decimal("1.50") }];
    const sent = sendableInput({ ...given, feeds: { prices: mixed } }).input as { feeds: { prices: unknown[] } };
    expect(sent.feeds.prices[0]).toBe(rows[0]);
    expect(sent.feeds.prices[2]).toStrictEqual({ sku: "B", channel: "web", price: "1.5" });
  });

  it("J22 reject NaN as no number, not as a number too large", async () => {
    const prices = [{ sku: "A", channel: "web", price: Number.NaN }, feeds.prices[1]];
    const report = await check({ ...(input as object), feeds: { prices } } as never, { at: AT });
    expect(report.findings.map((f) => [f.values["code"], f.message])).toStrictEqual([
      ["non_finite_number", '(prices):1:3 (price): field "price" holds NaN, which is not a number'],
    ]);
  });

  it("J23 leave unread the keys a feed lists under ignoreColumns: a nested object there rejects no row", async () => {
    const prices = feeds.prices.map((row) => ({ ...row, meta: { source: "erp" } }));
    const rejected = await check({ ...(input as object), feeds: { prices } } as never, { at: AT });
    expect(rejected.summary.rows).toStrictEqual({ read: 2, accepted: 0, rejected: 2 });
    const read = await check({ ...(input as object), feeds: { prices: { rows: prices, ignoreColumns: ["meta"] } } } as never, { at: AT });
    expect(read.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    expect(read.findings.map((f) => [f.rule, f.sku])).toStrictEqual([["channel/app-differs-from-web", "A"]]);
  });
});

describe("C54 a LoadedConfig built by hand (a config written in code, given a folder)", () => {
  const folder = mkdtempSync(join(tmpdir(), "pricelint-loaded-"));
  writeFileSync(join(folder, "store.csv"), "sku,location,price,sale_price,sale_end\nA,S1,10.00,8.00,2026-06-01\n");
  writeFileSync(join(folder, "cc.csv"), "sku,location,price\nA,S1,11.00\n");
  const config = {
    currency: "EUR",
    feeds: [
      { kind: "prices", path: "store.csv", constants: { channel: "store" } },
      { kind: "prices", path: "cc.csv", constants: { channel: "click_collect" } },
    ],
  };
  // 23:30 UTC on 1 June is 2 June in Rome: the sale ended at 22:00 UTC; in UTC it runs all day.
  const at = new Date("2026-06-01T23:30:00Z");
  const loaded = (more: object) => ({ config: { ...config, ...more }, file: null, baseDir: folder }) as never;

  it("C54 is validated as a config object is: a bad zone or currency refused, naming it, where it gave findings", async () => {
    expect(await refusal(() => check(loaded({ timezone: "Europe/Rom" }), { at }))).toBe(
      "(config): timezone: not an IANA time zone (e.g. Europe/Rome)",
    );
    expect(await refusal(() => check(loaded({ currency: "EURO" }), { at }))).toBe(
      "(config): currency: not an ISO 4217 currency code (e.g. EUR)",
    );
    expect(await refusal(() => check({ config, file: null, baseDir: 7 } as never, { at }))).toBe(
      "a loaded config's baseDir must be a folder's path, not number 7",
    );
  });

  it("C54 takes the defaults a config file takes: UTC and the recommended rules, whatever the process's zone", async () => {
    const messages = async (more: object) => (await check(loaded(more), { at })).findings.map((f) => `${f.rule}: ${f.message}`);
    // UTC (the default): the sale runs until the end of 1 June, so click-and-collect is above the sale price.
    // and the recommended promo/window-mismatch sees a sale in store that click-and-collect has not.
    expect(await messages({})).toStrictEqual([
      "channel/click-collect-above-store: click_collect 11.00 is above store 8.00 at S1",
      "promo/window-mismatch: A: windows differ between channels: sale at S1: click_collect none, store open – 2026-06-02T00:00:00.000Z",
    ]);
    expect(await messages({ timezone: "Europe/Rome" })).toStrictEqual([
      "channel/click-collect-above-store: click_collect 11.00 is above store 10.00 at S1",
      "price/stale-sale: store at S1: sale price 8.00 is still in the feed; its window ended 2026-06-01T22:00:00.000Z",
    ]);
  });
});

describe("the formatters and mergeReports called from untyped code", () => {
  it("refuse what they cannot write with a PricelintError naming them, never a TypeError from inside", async () => {
    const { formatHtml, formatJson, formatJsonl, formatJunit, formatMarkdown, formatSarif, formatTable } =
      await import("../src/report/index.js");
    const { mergeReports } = await import("../src/index.js");
    const report = await check(input, { at: AT });
    const readBack = JSON.parse(formatJson(report)) as object;
    const formatters = { formatHtml, formatJson, formatJsonl, formatJunit, formatMarkdown, formatSarif, formatTable } as Record<
      string,
      (r: unknown) => string
    >;
    for (const [name, format] of Object.entries(formatters)) {
      expect(await refusal(async () => format(null))).toBe(`${name} takes a report (check or mergeReports gives one), not null`);
      expect(await refusal(async () => format({}))).toBe(
        `${name}: the report has no findings or no summary; give it a report as check, readReport or mergeReports gives it`,
      );
      // A JSON report read back: the formatters that show each rule's description need the rules given beside it.
      if (["formatHtml", "formatJunit", "formatMarkdown", "formatSarif"].includes(name))
        expect(await refusal(async () => format(readBack))).toBe(
          `${name}: the report has no rules (a JSON report read back carries none): give { ...report, rules } with the rules that ran (README, "merge")`,
        );
      else expect(format(readBack).length).toBeGreaterThan(0);
    }
    expect(await refusal(async () => mergeReports(readBack as never))).toMatch(
      /^mergeReports takes a list of \{ file, report \}, one per shard, not \{/,
    );
    expect(await refusal(async () => mergeReports([readBack] as never))).toMatch(
      /^mergeReports: documents\[0\] must be \{ file, report \}/,
    );
  });

  it("L09 readReport refuses a report with a damaged finding, naming the file and the finding's place (no line: a parsed document has none)", async () => {
    const { mergeReports, readReport } = await import("../src/index.js");
    const written = JSON.parse(formatJson(await check(await loadConfig("fixtures/demo/pricelint.config.json"), { at: AT }))) as {
      findings: Record<string, unknown>[];
    };
    const [first, ...rest] = written.findings;
    const notAReport = "not a pricelint JSON report; write one with --format json:FILE";
    const damaged = (findings: unknown[]) => ({ ...written, findings });
    const refused = (findings: unknown[]) => refusal(async () => readReport(damaged(findings), "x.json"));
    expect(await refused([null, ...rest])).toBe(`x.json: findings[0] is not a finding: ${notAReport}`);
    expect(await refused([first, { id: 5 }, ...rest])).toBe(`x.json: findings[1] is not a finding: ${notAReport}`);
    expect(await refused([{ ...first, severity: undefined, waived: null }, ...rest])).toBe(
      `x.json: findings[0] has no severity: ${notAReport}`,
    );
    // Given to mergeReports without readReport, it is refused alike, not met as a TypeError inside.
    expect(await refusal(async () => mergeReports([{ file: "x.json", report: damaged([null, ...rest]) as never }]))).toBe(
      `x.json: findings[0] is not a finding: ${notAReport}`,
    );
    // A finding out of report order is named by its place: the report in memory has no line to name.
    const last = rest.at(-1);
    const reordered = readReport(damaged([last, first, ...rest.slice(0, -1)]), "x.json");
    expect(await refusal(async () => mergeReports([{ file: "x.json", report: reordered }]))).toBe(
      "x.json: findings[1] is out of report order: the report was changed after pricelint wrote it",
    );
  });
  it("L11 the formatters refuse a report built by hand with a damaged finding, judged as readReport judges one, naming the finding's place", async () => {
    const { formatHtml, formatJsonl, formatJunit, formatMarkdown, formatSarif, formatTable, readReport } = await import("../src/index.js");
    const report = await check(await loadConfig("fixtures/demo/pricelint.config.json"), { at: AT });
    const [first, ...rest] = [...report.findings];
    const formatters = { formatHtml, formatJson, formatJsonl, formatJunit, formatMarkdown, formatSarif, formatTable } as Record<
      string,
      (r: unknown) => string
    >;
    const { sources: _, ...sourceless } = first!;
    for (const [findings, where] of [
      [[null, ...rest], "findings[0] is not a finding"],
      [[first, sourceless, ...rest], "findings[1] is not a finding"],
      [[first, { ...first, sources: [null] }], "findings[1] is not a finding"],
      [[{ ...first, values: null }], "findings[0] is not a finding"],
      [[{ ...first, severity: "warn" }], "findings[0] has no severity"],
    ] as const) {
      for (const [name, format] of Object.entries(formatters))
        expect(await refusal(async () => format({ ...report, findings }))).toBe(
          `${name}: ${where}; give it a report as check, readReport or mergeReports gives it`,
        );
      // readReport says it of the same finding, naming the file.
      expect(await refusal(async () => readReport({ ...JSON.parse(formatJson(report)), findings }, "x.json"))).toBe(
        `x.json: ${where}: not a pricelint JSON report; write one with --format json:FILE`,
      );
    }
    // A list of check's findings is written as check's report is.
    for (const format of Object.values(formatters)) {
      expect(format({ ...report, findings: [first, ...rest] })).toBe(format(report));
    }
  });
});

describe("check's onWarning", () => {
  it("gets, once the run is done, each setting that does nothing, as the CLI's warning lines say it", async () => {
    const warnings: string[] = [];
    const config = {
      ...(input as object),
      ruleSettings: { "price/below-cost": { minMargin: "0.1" } },
      waivers: [{ rule: "price/below-map", sku: "A", until: "2027-01-01", reason: "r" }],
    };
    const report = await check(config as never, { at: AT, onWarning: (w) => warnings.push(w) });
    expect(report.findings.map((f) => f.rule)).toStrictEqual(["channel/app-differs-from-web"]);
    expect(warnings).toStrictEqual([
      'ruleSettings["price/below-cost"]: the rules do not switch this rule on, so its settings do nothing: add "price/below-cost" to "rules"',
      'waivers[0]: the rules do not switch "price/below-map" on, so the waiver waives nothing: add "price/below-map" to "rules", or drop the waiver',
    ]);
    expect(await refusal(() => check(input, { at: AT, onWarning: "log" as never }))).toBe('onWarning must be a function, not "log"');
  });
});

describe("S36 check's baseline is held to what the CLI holds --baseline to", () => {
  const rows = ["A", "B", "C"].map((sku) => ({ sku, channel: "web", price: "0" }));
  const three = { currency: "EUR", feeds: { prices: rows }, rules: ["price/non-positive"] } as never;
  const window = { from: AT, to: new Date("2026-11-21T00:00:00Z") };
  const reportOf = async (options: object) => JSON.parse(formatJson(await check(three, options))) as unknown;

  it("S36 refuses one shard's report, and a window's report for an instant (or the other way round), naming the file", async () => {
    // Shard 1/2 holds some of the three findings: the rest would be "new". Refused as it is read.
    const shard = await reportOf({ at: AT, shard: { index: 1, count: 2 } });
    expect(await refusal(async () => readBaseline(shard, "s1.json"))).toBe(
      "s1.json: the baseline is the report of shard 1/2, which holds only that shard's findings: compare with the report of a whole run (merge the shards' reports first)",
    );
    // A window's findings have other ids than an instant's: every finding would be new and every old one absent.
    const windowed = readBaseline(await reportOf({ window }), "w.json");
    expect(await refusal(() => check(three, { at: AT, baseline: windowed }))).toBe(
      "w.json: the baseline checked a window and this run checks one instant: a finding in a window has another id than at an instant (its id includes when it starts), so every finding would be new; compare with a report of one instant",
    );
    // A baseline filtered from what readBaseline read is still the window's.
    expect(await refusal(() => check(three, { at: AT, baseline: windowed.filter((f) => f.sku !== "A") }))).toContain(
      "w.json: the baseline checked a window",
    );
    const instant = readBaseline(await reportOf({ at: AT }), "i.json");
    expect(await refusal(() => check(three, { window, baseline: instant }))).toContain(
      "i.json: the baseline checked one instant and this run checks a window",
    );
    // Alike: the three findings are unchanged.
    expect((await check(three, { at: AT, baseline: instant })).summary.baseline).toStrictEqual({ new: 0, unchanged: 3, absent: 0 });
  });
});

describe("C59 loadConfig's options", () => {
  it("C59 refuses an option it does not take (a misspelt insideOnly is no guard), a non-boolean insideOnly, a path that is not a string", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-load-"));
    const file = join(dir, "pricelint.config.json");
    writeFileSync(file, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "../outside.csv" }] }));
    expect(await refusal(() => loadConfig(file, { insideonly: true } as never))).toBe(
      'loadConfig: unknown option "insideonly"; did you mean "insideOnly"?: it takes insideOnly alone',
    );
    expect(await refusal(() => loadConfig(file, { insideOnly: "false" } as never))).toBe(
      'loadConfig: insideOnly is true or false, not "false"',
    );
    expect(await refusal(() => loadConfig(file, null as never))).toBe("loadConfig: options is an object ({ insideOnly: true }), not null");
    expect(await refusal(() => loadConfig(new URL(`file://${file}`) as never))).toContain(
      "loadConfig: the config's path is a non-empty string",
    );
    // Spelt right, the guard holds.
    expect(await refusal(() => loadConfig(file, { insideOnly: true }))).toContain("../outside.csv");
    expect((await loadConfig(file)).config.feeds).toHaveLength(1);
  });
});

describe("J30 an in-memory value is read as JSON.stringify writes it", () => {
  it("J30 a value with a toJSON (a decimal.js Decimal) is what toJSON gives; one giving an object, or throwing, rejects its row", async () => {
    const prices = [
      { sku: "A", channel: "web", price: new Decimal("0") },
      { sku: "B", channel: "web", price: { toJSON: () => "1.50" } },
      { sku: "C", channel: "web", price: { toJSON: () => ({ amount: "1.50" }) } },
      { sku: "D", channel: "web", price: new Decimal("-0.01") },
    ];
    const report = await check({ currency: "EUR", feeds: { prices }, rules: ["price/non-positive"] } as never, { at: AT });
    expect(report.summary.rows).toStrictEqual({ read: 4, accepted: 3, rejected: 1 });
    // A's 0 and D's -0.01 are not positive; B's 1.50 is; C gives an object.
    expect(report.findings.map((f) => [f.rule, f.sku])).toStrictEqual([
      ["feed/invalid-row", "C"],
      ["price/non-positive", "A"],
      ["price/non-positive", "D"],
    ]);
    expect(report.findings[0]!.message).toContain("holds an object whose toJSON() gives a nested object");
  });

  it("J32 a boxed primitive (new String, new Number, new Boolean) is the value it boxes, as JSON.stringify writes it", async () => {
    const prices = [
      { sku: new String("A"), channel: "web", price: new Number(0), tax_included: new Boolean(true) },
      { sku: "B", channel: new String("web"), price: new Number(1.5) },
    ];
    const report = await check({ currency: "EUR", feeds: { prices }, rules: ["price/non-positive"] } as never, { at: AT });
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    // A's price is 0: not positive. B's 1.5 is.
    expect(report.findings.map((f) => [f.rule, f.sku, f.values["price"]])).toStrictEqual([["price/non-positive", "A", "0.00"]]);
  });

  it("J31 standard input given as text (a stream after setEncoding) is read as its UTF-8 bytes; anything else is a usage error", async () => {
    const input = { currency: "EUR", feeds: [{ kind: "prices", path: "-" }], rules: ["price/non-positive"] } as never;
    const text = await check(input, { at: AT, stdin: Readable.from(["sku,channel,price\nA,web,0\n", "B,web,1\n"]) });
    expect(text.findings.map((f) => f.sku)).toStrictEqual(["A"]);
    expect(await refusal(() => check(input, { at: AT, stdin: Readable.from([{ sku: "A" }]) }))).toBe(
      '-: stdin gave {"sku":"A"}, where it gives bytes (a Buffer) or text',
    );
  });
});

describe("checkStream's findings", () => {
  const many = {
    currency: "EUR",
    feeds: { prices: Array.from({ length: 300 }, (_, i) => ({ sku: `S${i}`, channel: "web", price: "0" })) },
    rules: ["price/non-positive"],
  } as never;

  it("are written by JSON.stringify as check's are, in one thread and in two", async () => {
    const whole = JSON.parse(JSON.stringify(await check(many, { at: AT }))) as { findings: unknown[] };
    expect(whole.findings).toHaveLength(300);
    for (const workers of [1, 2]) {
      const streamed = JSON.parse(JSON.stringify(await checkStream(many, { at: AT, workers }))) as { findings: unknown[] };
      expect(streamed.findings).toStrictEqual(whole.findings);
    }
  });

  it("read again before a read in threads is finished: a usage error saying how to read them", async () => {
    const report = await checkStream(many, { at: AT, workers: 2 });
    const error = await Promise.resolve()
      .then(() => {
        for (const _ of report.findings) for (const __ of report.findings) break;
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PricelintError);
    expect((error as PricelintError).code).toBe("usage");
    expect((error as Error).message).toContain("finish or leave one read (break) before the next, or collect them");
  });
});

describe("a Date where a config or a rule built in code takes a string", () => {
  it("is named a Date, not a YAML timestamp nor the ISO text it prints as", async () => {
    const waiver = { rule: "price/non-positive", until: new Date("2026-12-01"), reason: "r" };
    expect(await refusal(() => check({ ...(input as object), waivers: [waiver] } as never, { at: AT }))).toContain(
      'waivers[0].until: expected a date written yyyy-mm-dd, such as "2026-06-30", got the date 2026-12-01, not a string (YAML 1.1 reads an unquoted date so; in code, a Date object): write it as the string "2026-12-01"',
    );
    const rule = {
      id: "house/ends",
      description: "d",
      severity: "warning",
      scope: "offer",
      conditions: { all: [{ fact: "saleEnd", operator: "lessThan", value: new Date("2027-01-01") }] },
    };
    expect(await refusal(() => check({ ...(input as object), rules: [rule] } as never, { at: AT }))).toContain(
      "got a Date object (2027-01-01T00:00:00.000Z): give its ISO string",
    );
  });
});
