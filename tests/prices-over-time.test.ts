/**
 * Prices over time: price rows that hold from valid_from to valid_to (scheduled regular
 * prices), and a price history as the price in force of the offers no price row gives.
 */
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";
import { PricelintError } from "../src/model/errors.js";

type Row = Record<string, unknown>;
const RULE = "channel/online-differs-from-store";

async function run(feeds: Record<string, Row[]>, when: { at: string } | { from: string; to: string }, extra: object = {}) {
  const options = "at" in when ? { at: new Date(when.at) } : { window: { from: new Date(when.from), to: new Date(when.to) } };
  return check({ timezone: "UTC", currency: "EUR", feeds, rules: [RULE, "price/conflicting-duplicate"], ...extra } as never, options);
}

/** rule, location and interval of each finding, in report order. */
const spans = (report: Awaited<ReturnType<typeof run>>) =>
  report.findings.map((f) => [f.rule, f.location, f.interval === null ? null : `${f.interval.from} ${f.interval.to}`]);

describe("price rows with valid_from / valid_to", () => {
  const prices: Row[] = [
    { sku: "A", channel: "store", location: "S1", price: "10.00" },
    // The web price is 10 until 10 November, 12 during 10–19 November (a bare valid_to holds to the end of its day), then 10 again.
    { sku: "A", channel: "web", price: "10.00", valid_to: "2026-11-09" },
    { sku: "A", channel: "web", price: "12.00", valid_from: "2026-11-10", valid_to: "2026-11-19" },
    { sku: "A", channel: "web", price: "10.00", valid_from: "2026-11-20" },
  ];

  it("hold only within their validity: at one instant, the row in force is the offer", async () => {
    expect(spans(await run({ prices }, { at: "2026-11-05T12:00:00Z" }))).toStrictEqual([]);
    expect(spans(await run({ prices }, { at: "2026-11-15T12:00:00Z" }))).toStrictEqual([[RULE, "S1", null]]);
    expect(spans(await run({ prices }, { at: "2026-11-20T00:00:00Z" }))).toStrictEqual([]);
  });

  it("are not duplicates when their validity does not overlap, and a window follows them", async () => {
    const report = await run({ prices }, { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" });
    expect(report.summary.rows).toStrictEqual({ read: 4, accepted: 4, rejected: 0 });
    expect(spans(report)).toStrictEqual([[RULE, "S1", "2026-11-10T00:00:00.000Z 2026-11-20T00:00:00.000Z"]]);
  });

  it("are read in the feed's zone, else their location's, else the config's", async () => {
    const rows: Row[] = [
      { sku: "A", channel: "store", location: "S1", price: "10.00", valid_from: "2026-11-10" },
      { sku: "A", channel: "web", price: "12.00" },
    ];
    const report = await run(
      { stores: [{ location: "S1", timezone: "Europe/Rome" }], prices: rows },
      { from: "2026-11-01T00:00:00Z", to: "2026-11-11T00:00:00Z" },
    );
    // 00:00 in Rome on 10 November is 23:00 UTC on the 9th.
    expect(spans(report)).toStrictEqual([[RULE, "S1", "2026-11-09T23:00:00.000Z 2026-11-11T00:00:00.000Z"]]);
  });

  it("that overlap are duplicates where both hold: the first stands, conflicting only there where they differ", async () => {
    // 12.00 over 10–19 November, then 12.00 or 13.00 over 15–25 November: both hold over 15–19 only.
    const rows = (later: string): Row[] => [
      { sku: "A", channel: "store", location: "S1", price: "10.00" },
      { sku: "A", channel: "web", price: "12.00", valid_from: "2026-11-10", valid_to: "2026-11-19" },
      { sku: "A", channel: "web", price: later, valid_from: "2026-11-15", valid_to: "2026-11-25" },
    ];
    const found = async (later: string, at: string) =>
      (await run({ prices: rows(later) }, { at })).findings.map((f) => [
        f.rule,
        f.message,
        f.sources.map((s) => s.line).sort((x, y) => x - y),
      ]);
    // Where both hold and differ, which is right is unknown: the effective price is not judged.
    expect(await found("13.00", "2026-11-16T00:00:00Z")).toStrictEqual([
      [
        "price/conflicting-duplicate",
        "web at every location: rows for the same offer disagree on price; the disputed values are not judged by other rules",
        [2, 3],
      ],
    ]);
    // Where one holds alone, it is the offer, and the other is no source of it.
    expect(await found("13.00", "2026-11-12T00:00:00Z")).toStrictEqual([[RULE, "web 12.00 differs from store 10.00 at S1", [1, 2]]]);
    expect(await found("13.00", "2026-11-22T00:00:00Z")).toStrictEqual([[RULE, "web 13.00 differs from store 10.00 at S1", [1, 3]]]);
    // Where both hold and agree on the price, the first stands with the other as a source: when
    // each starts and stops is no disagreement about the price then.
    expect(await found("12.00", "2026-11-16T00:00:00Z")).toStrictEqual([[RULE, "web 12.00 differs from store 10.00 at S1", [1, 2, 3]]]);
    // Over a window, the conflict holds from the later row's start to the end of the earlier's last day.
    const window = await run({ prices: rows("13.00") }, { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" });
    expect(spans(window).filter(([rule]) => rule === "price/conflicting-duplicate")).toStrictEqual([
      ["price/conflicting-duplicate", null, "2026-11-15T00:00:00.000Z 2026-11-20T00:00:00.000Z"],
    ]);
  });

  it("that overlapped another is the offer where it holds and the other no longer does", async () => {
    // 10.00 until 10 November, 12.00 from 8 November on: after the 10th only the 12.00 row holds.
    const rows: Row[] = [
      { sku: "A", channel: "store", location: "S1", price: "10.00" },
      { sku: "A", channel: "web", price: "10.00", valid_to: "2026-11-10" },
      { sku: "A", channel: "web", price: "12.00", valid_from: "2026-11-08" },
    ];
    const later = await run({ prices: rows }, { at: "2026-11-15T00:00:00Z" });
    expect(later.findings.map((f) => [f.rule, f.location, f.message])).toStrictEqual([
      [RULE, "S1", "web 12.00 differs from store 10.00 at S1"],
    ]);
    // Over a window, from the end of 10 November (valid_to is a bare date) to the window's end.
    const window = await run({ prices: rows }, { from: "2026-11-12T00:00:00Z", to: "2026-11-30T00:00:00Z" });
    expect(spans(window)).toStrictEqual([[RULE, "S1", "2026-11-12T00:00:00.000Z 2026-11-30T00:00:00.000Z"]]);
    const across = await run({ prices: rows }, { from: "2026-11-01T00:00:00Z", to: "2026-11-30T00:00:00Z" });
    expect(spans(across).filter(([rule]) => rule === RULE)).toStrictEqual([
      [RULE, "S1", "2026-11-11T00:00:00.000Z 2026-11-30T00:00:00.000Z"],
    ]);
  });
});

describe("a price history as the price in force", () => {
  const stores: Row[] = [{ location: "S1" }];
  const history: Row[] = [
    { sku: "A", channel: "web", valid_from: "2026-11-01", price: "10.00" },
    { sku: "A", channel: "web", valid_from: "2026-11-08", price: "12.00" },
    { sku: "A", channel: "web", valid_from: "2026-11-15", price: "10.00" },
  ];
  const prices: Row[] = [{ sku: "A", channel: "store", location: "S1", price: "10.00" }];

  it("gives an offer no price row gives its regular price, row by row, over a window", async () => {
    const report = await run({ stores, prices, price_history: history }, { from: "2026-10-25T00:00:00Z", to: "2026-11-30T00:00:00Z" });
    expect(spans(report)).toStrictEqual([[RULE, "S1", "2026-11-08T00:00:00.000Z 2026-11-15T00:00:00.000Z"]]);
    // The finding cites the history row in force when it began.
    expect(report.findings[0]!.sources.map((s) => [s.file, s.line])).toStrictEqual([
      ["(price_history)", 2],
      ["(prices)", 1],
    ]);
  });

  it("reads a promotion on an offer it gives in that offer's zone, whatever zone another sku's row in the file has", async () => {
    // K9's row at S9 (Tokyo) comes first in the file. K1's web offer is not located, so its
    // promotion's bare start 2026-10-19 is midnight in Rome (2026-10-18T22:00Z): at 18:00Z it has
    // not started, and web is 23.25 against the store's 6.49 (at Tokyo's midnight, 15:00Z, it
    // would have been 3.50). The same with K9's row after K1's, or in a shard without it.
    const feeds = {
      stores: [{ location: "S9", timezone: "Asia/Tokyo" }],
      prices: [{ sku: "K1", channel: "store", location: "S9", price: "6.49" }],
      promotions: [
        {
          promo_id: "P3",
          type: "fixed_price",
          value: "3.50",
          channels: "web",
          skus: "K1",
          start: "2026-10-19",
          end: "2026-11-09T23:00:00Z",
        },
      ],
      price_history: [
        { sku: "K9", channel: "store", location: "S9", valid_from: "2026-11-06", price: "23.49" },
        { sku: "K1", channel: "web", valid_from: "2026-08-24", price: "23.25" },
      ],
    };
    for (const history of [feeds.price_history, [...feeds.price_history].reverse()]) {
      const report = await run({ ...feeds, price_history: history }, { at: "2026-10-18T18:00:00Z" }, { timezone: "Europe/Rome" });
      expect(report.findings.map((f) => f.message)).toStrictEqual(["web 23.25 differs from store 6.49 at S9"]);
    }
  });

  it("is no offer before its first row", async () => {
    const report = await run(
      { stores, prices, price_history: [{ ...history[1]! }] },
      { from: "2026-11-01T00:00:00Z", to: "2026-11-10T00:00:00Z" },
    );
    expect(spans(report)).toStrictEqual([[RULE, "S1", "2026-11-08T00:00:00.000Z 2026-11-10T00:00:00.000Z"]]);
  });

  it("leaves an offer that a price row gives to that row", async () => {
    const web: Row[] = [...prices, { sku: "A", channel: "web", price: "10.00" }];
    const report = await run({ stores, prices: web, price_history: history }, { from: "2026-10-25T00:00:00Z", to: "2026-11-30T00:00:00Z" });
    expect(spans(report)).toStrictEqual([]);
  });

  it("feeds the Omnibus rules only with priceInForce: never", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-in-force-"));
    writeFileSync(join(dir, "stores.csv"), "location\nS1\n");
    writeFileSync(join(dir, "prices.csv"), "sku,channel,location,price\nA,store,S1,10.00\n");
    writeFileSync(
      join(dir, "history.csv"),
      `sku,channel,valid_from,price\n${history.map((h) => `A,web,${h.valid_from},${h.price}`).join("\n")}\n`,
    );
    const windowed = async (priceInForce?: string) => {
      const history = { kind: "price_history", path: "history.csv", ...(priceInForce ? { priceInForce } : {}) };
      const feeds = [{ kind: "stores", path: "stores.csv" }, { kind: "prices", path: "prices.csv" }, history];
      const config = validateConfig({ timezone: "UTC", currency: "EUR", feeds, rules: [RULE] }, "test");
      const report = await check(
        { config, file: null, baseDir: dir },
        { window: { from: new Date("2026-10-25T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") } },
      );
      return spans(report);
    };
    expect(await windowed()).toStrictEqual([[RULE, "S1", "2026-11-08T00:00:00.000Z 2026-11-15T00:00:00.000Z"]]);
    expect(await windowed("unpriced")).toStrictEqual(await windowed());
    expect(await windowed("never")).toStrictEqual([]);
  });

  it("two rows from the same instant: the second is a duplicate of the first, conflicting when the prices differ", async () => {
    const twice: Row[] = [history[0]!, { ...history[0]!, price: "11.00" }];
    const report = await run({ stores, prices, price_history: twice }, { at: "2026-11-02T00:00:00Z" });
    const conflict = report.findings.find((f) => f.rule === "price/conflicting-duplicate");
    expect(conflict?.sources.map((s) => s.line)).toStrictEqual([1, 2]);
  });

  it("P52 a row in no currency (none of its own, its store's or the config's) that is an offer's price in force is rejected, not dropped", async () => {
    const noCurrency = { timezone: "UTC", currency: undefined };
    const storeRow = { sku: "A", channel: "store", location: "S1", currency: "EUR", price: "10.00" };
    const rows = [
      // No price row gives A's web offer: this row would be its price, in no currency.
      { sku: "A", channel: "web", valid_from: "2026-11-01", price: "12.00" },
      // A price row gives A's store offer at S1: this row follows it (its history, in its currency).
      { sku: "A", channel: "store", location: "S1", valid_from: "2026-10-01", price: "9.00" },
    ];
    const report = await run({ stores, prices: [storeRow], price_history: rows }, { at: "2026-11-10T00:00:00Z" }, noCurrency);
    // One store, one price row, two history rows: one rejected.
    expect(report.summary.rows).toStrictEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(report.findings.map((f) => [f.rule, f.sources[0]!.line, f.message])).toStrictEqual([
      [
        "feed/invalid-row",
        1,
        '(price_history):1: no currency: no price row gives A\'s web offer, so this row is its price in force ("priceInForce"), and a price is in a currency: add a currency column or constant, or set the config\'s currency ("priceInForce": "never" keeps the history for the Omnibus rules alone)',
      ],
    ]);
    // With the currency written, it is the web price: 12.00 against the store's 10.00.
    const priced = await run(
      { stores, prices: [storeRow], price_history: [{ ...rows[0]!, currency: "EUR" }] },
      { at: "2026-11-10T00:00:00Z" },
      noCurrency,
    );
    expect(priced.findings.map((f) => f.message)).toStrictEqual(["web 12.00 differs from store 10.00 at S1"]);
  });

  it("P75 a store's own row is with tax where it says none, whatever the channel's default price row's basis", async () => {
    // The chain's store price is 8.20 without tax; S1's own price, from its history, is 10.00 and
    // says no basis: it is with tax, as a price row that says none is. Click-and-collect at S1 is
    // 10.50 with tax: above the store's 10.00, on the same basis.
    const clickCollect = { rules: ["channel/click-collect-above-store"], timezone: "Europe/Rome" };
    const atS1 = [{ location: "S1", timezone: "Europe/Rome", click_collect: "true", status: "open" }];
    const prices: Row[] = [
      { sku: "A", channel: "store", price: "8.20", tax_included: "false" },
      { sku: "A", channel: "click_collect", location: "S1", price: "10.50" },
    ];
    const own: Row = { sku: "A", channel: "store", location: "S1", valid_from: "2026-10-01", price: "10.00" };
    const messages = async (feeds: Record<string, Row[]>) =>
      (await run({ stores: atS1, ...feeds }, { at: "2026-11-05T12:00:00Z" }, clickCollect)).findings.map((f) => f.message);
    const expected = ["click_collect 10.50 is above store 10.00 at S1"];
    expect(await messages({ prices, price_history: [own] })).toStrictEqual(expected);
    // The same timeline as a scheduled price row (the history then S1's record only): the same finding.
    const scheduled = { sku: "A", channel: "store", location: "S1", price: "10.00", valid_from: "2026-10-01" };
    expect(await messages({ prices: [...prices, scheduled], price_history: [own] })).toStrictEqual(expected);
    // Written without tax, S1's price is compared with no price with tax.
    expect(await messages({ prices, price_history: [{ ...own, tax_included: "false" }] })).toStrictEqual([]);
  });

  it("priceInForce is refused on a feed that is not a price history", async () => {
    const error = await check({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv", priceInForce: "never" }], rules: [] } as never, {
      at: new Date(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PricelintError);
    expect((error as PricelintError).message).toContain("priceInForce applies to price_history feeds; this feed is prices");
  });
});

describe("P76 a price or history row that names a location for a channel that is not located", () => {
  const AT = "2026-11-05T12:00:00Z";
  const RULES = [RULE, "price/location-dispersion"];
  /** The reason a row giving `channel` at `location` is refused with. */
  const apart = (channel: string, location: string) =>
    `${channel} is not located (its price is the same at every store), yet the row gives a ${channel} price at ${location}: it may be ${channel}'s price everywhere or a price at ${location} alone; drop the location to give ${channel}'s price, or declare ${channel} located in the config ("channels": {"${channel}": {"located": true}}) if its prices differ per store`;
  /** A run over CSV files (name → content), so that price lines are read in place. */
  async function files(contents: Record<string, string>, feeds: Row[], extra: object = {}) {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-located-"));
    for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
    const config = validateConfig({ timezone: "Europe/Rome", currency: "EUR", feeds, rules: RULES, ...extra }, "test");
    return check({ config, file: null, baseDir: dir }, { at: new Date(AT) });
  }
  const stores = "location,timezone,status\nS1,Europe/Rome,open\nS2,Europe/Rome,open\nS3,Europe/Rome,open\n";
  const rejected = (report: Awaited<ReturnType<typeof run>>) =>
    report.findings.map((f) => [f.rule, f.sources[0]!.file, f.sources[0]!.line, f.values.code, f.values.field, f.values.reason]);

  it("P76 is refused in a price row and a history row, naming the channel and the location, rather than read as web at S1", async () => {
    // Before: web 8.00 "at S1" (history) differed from the store's 10.00 there, and A's web rows
    // at S1–S3 had a dispersion over web's "locations".
    const report = await files(
      {
        "stores.csv": stores,
        "p.csv":
          "sku,channel,location,currency,price\nA,store,,EUR,10.00\nA,web,S1,EUR,8.00\nA,web,S2,EUR,10.00\nA,web,S3,EUR,10.00\nB,store,,EUR,10.00\n",
        "hist.csv": "sku,channel,location,valid_from,price\nB,web,,2026-10-01,10.00\nB,web,S1,2026-10-01,8.00\n",
      },
      [
        { kind: "stores", path: "stores.csv" },
        { kind: "prices", path: "p.csv" },
        { kind: "price_history", path: "hist.csv" },
      ],
    );
    // In report order: by rule, then sku (A's price rows, then B's history row).
    expect(rejected(report)).toStrictEqual([
      ["feed/invalid-row", "p.csv", 3, "channel_not_located", "location", apart("web", "S1")],
      ["feed/invalid-row", "p.csv", 4, "channel_not_located", "location", apart("web", "S2")],
      ["feed/invalid-row", "p.csv", 5, "channel_not_located", "location", apart("web", "S3")],
      ["feed/invalid-row", "hist.csv", 3, "channel_not_located", "location", apart("web", "S1")],
    ]);
    // B's web price in force is its history row without a location: 10.00, as the store's.
    expect(report.summary.rows).toStrictEqual({ read: 10, accepted: 6, rejected: 4 });
  });

  it("reads whether a channel is located from the config: web declared located is priced per store, a channel declared not located is refused", async () => {
    const feeds = {
      stores: [{ location: "S1" }],
      prices: [
        { sku: "A", channel: "store", location: "S1", price: "10.00" },
        { sku: "A", channel: "web", location: "S1", price: "8.00" },
        { sku: "A", channel: "kiosk", location: "S1", price: "9.00" },
      ],
      price_history: [{ sku: "B", channel: "kiosk", location: "S1", valid_from: "2026-10-01", price: "9.00" }],
    };
    const report = await run(feeds, { at: AT }, { channels: { web: { located: true }, kiosk: { located: false } } });
    expect(report.findings.map((f) => [f.rule, f.sources[0]!.line, f.values.reason ?? f.message])).toStrictEqual([
      // web is located here: its price at S1 is compared with the store's there.
      [RULE, 2, "web 8.00 differs from store 10.00 at S1"],
      // A's price row, then B's history row.
      ["feed/invalid-row", 3, apart("kiosk", "S1")],
      ["feed/invalid-row", 1, apart("kiosk", "S1")],
    ]);
  });

  it("refuses every row of a file per store whose channel is a constant that is not located, saying the location is the feed's", async () => {
    const report = await files({ "stores.csv": stores, "web-S2.csv": "sku,currency,price\nA,EUR,8.00\nB,EUR,9.00\n" }, [
      { kind: "stores", path: "stores.csv" },
      { kind: "prices", path: "web-S2.csv", constants: { channel: "web", location: "S2" } },
    ]);
    const reason = `${apart("web", "S2")} (from the feed's constants)`;
    expect(rejected(report)).toStrictEqual([
      ["feed/invalid-row", "web-S2.csv", 2, "channel_not_located", "location", reason],
      ["feed/invalid-row", "web-S2.csv", 3, "channel_not_located", "location", reason],
    ]);
  });

  it("P76 judges a view's offers by those whose when the row meets, whichever comes first", async () => {
    // Offers web (when in stock) and store: A at S1 in stock gives web at S1 (refused); B out of
    // stock gives store alone (accepted), the web offer listed first though it is.
    const view = (offers: Row[]) => ({
      path: "f.csv",
      views: [
        { kind: "prices", offers, values: { availability: { yes: "in_stock", no: "out_of_stock" } }, columns: { availability: "cc" } },
      ],
    });
    for (const offers of [
      [{ channel: "web", when: { availability: ["in_stock"] } }, { channel: "store" }],
      [{ channel: "store" }, { channel: "web", when: { availability: ["in_stock"] } }],
    ]) {
      const report = await files(
        { "stores.csv": stores, "f.csv": "sku,location,currency,price,cc\nA,S1,EUR,8.00,yes\nB,S1,EUR,9.00,no\n" },
        [{ kind: "stores", path: "stores.csv" }, view(offers)],
      );
      expect(rejected(report)).toStrictEqual([["feed/invalid-row", "f.csv", 2, "channel_not_located", "location", apart("web", "S1")]]);
      expect(report.summary.feeds[1]).toStrictEqual({ file: "f.csv", kind: "prices", read: 2, accepted: 1, rejected: 1 });
    }
  });
});

describe("overlapping scheduled rows, in any order", () => {
  it("give the same findings at every instant and over a window, whatever the order of the file", async () => {
    // Whichever comes first in the file: on 5 November only the 10.00 row holds, and it is the
    // offer (as the store's: no finding); over 8–10 November both hold, and differ; from 11
    // November only the 12.00 row holds, and it is the offer.
    const rows: Row[] = [
      { sku: "A", channel: "web", price: "10.00", valid_to: "2026-11-10" },
      { sku: "A", channel: "web", price: "12.00", valid_from: "2026-11-08" },
    ];
    const store: Row = { sku: "A", channel: "store", location: "S1", price: "10.00" };
    for (const web of [rows, [...rows].reverse()]) {
      const prices = [store, ...web];
      expect(spans(await run({ prices }, { at: "2026-11-05T00:00:00Z" }))).toStrictEqual([]);
      expect(spans(await run({ prices }, { at: "2026-11-09T00:00:00Z" }))).toStrictEqual([["price/conflicting-duplicate", null, null]]);
      expect(spans(await run({ prices }, { at: "2026-11-15T00:00:00Z" }))).toStrictEqual([[RULE, "S1", null]]);
    }
  });

  it("property: shuffling an offer's scheduled rows changes no finding", async () => {
    const days = ["", "2026-11-03", "2026-11-06", "2026-11-09", "2026-11-12"];
    const row = fc.record({
      price: fc.constantFrom("10.00", "11.00", "12.00"),
      from: fc.constantFrom(...days),
      to: fc.constantFrom(...days),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 2, maxLength: 4 }), fc.infiniteStream(fc.nat()), async (web, randoms) => {
        const rows = web
          .filter((r) => r.from === "" || r.to === "" || r.from < r.to)
          .map((r) => ({ sku: "A", channel: "web", price: r.price, valid_from: r.from, valid_to: r.to }));
        const shuffled = [...rows];
        const it = randoms[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value! % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const store: Row = { sku: "A", channel: "store", location: "S1", price: "10.00" };
        const when = { from: "2026-11-01T00:00:00Z", to: "2026-11-15T00:00:00Z" };
        const a = await run({ prices: [store, ...rows] }, when);
        const b = await run({ prices: [store, ...shuffled] }, when);
        expect(spans(b)).toStrictEqual(spans(a));
      }),
      { numRuns: 60 },
    );
  });
});
