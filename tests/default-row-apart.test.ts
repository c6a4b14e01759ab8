/**
 * A located channel's default row at a store whose own data an input holds: judged there by the
 * rules that read that input (price history: the Omnibus rules), as a row of the store's own
 * copying the default row would be; the other rules are not judged again there.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Finding } from "../src/index.js";

const AT = new Date("2026-11-20T12:00:00Z");
const OMNIBUS = ["omnibus/prior-price", "omnibus/not-a-reduction", "omnibus/insufficient-history"];

/** A run over these files (name → CSV lines), history read for the Omnibus rules only unless `inForce`. */
async function run(
  files: Record<string, string[]>,
  rules: readonly string[],
  options: { inForce?: boolean; window?: boolean; workers?: number; ruleSettings?: object } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-apart-"));
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join("\n")}\n`);
  const feeds: Record<string, unknown>[] = [
    { kind: "stores", path: "stores.csv" },
    { kind: "prices", path: "prices.csv" },
    { kind: "price_history", path: "history.csv", priceInForce: options.inForce ? "unpriced" : "never" },
  ];
  const ruleSettings = options.ruleSettings ?? {};
  writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "Europe/Rome", currency: "EUR", feeds, rules, ruleSettings }));
  const config = await loadConfig(join(dir, "c.json"));
  const report = await check(config, {
    ...(options.window ? {} : { at: AT }),
    ...(options.window ? { window: { from: new Date("2026-11-10T00:00:00Z"), to: new Date("2026-12-10T00:00:00Z") } } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
  });
  expect(report.summary.rows.rejected).toBe(0);
  return report.findings;
}

const brief = (findings: readonly Finding[]) => findings.map((f) => [f.rule, f.location, f.message, f.interval]);

/**
 * Two nights in a folder: `files` (name → text; `d1/…` yesterday's, `d2/…` today's, others
 * beside them) and a config of `feeds` with change/price-move. Night 2 checked against night 1
 * read from its folder, then from its snapshot (in `workers` threads).
 */
async function twoNights(files: Record<string, string>, feeds: readonly object[], workers?: number) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-apart-nights-"));
  mkdirSync(join(dir, "d1"));
  mkdirSync(join(dir, "d2"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "Europe/Rome", currency: "EUR", feeds, rules: ["change/price-move"] }));
  const config = await loadConfig(join(dir, "c.json"));
  const snapshot = join(dir, "d1.snapshot.gz");
  await check(config, { at: new Date("2026-12-04T06:00:00Z"), feedsDir: join(dir, "d1"), snapshot });
  const at = new Date("2026-12-05T06:00:00Z");
  const fromFolder = await check(config, { at, feedsDir: join(dir, "d2"), previous: { feeds: join(dir, "d1") } });
  const fromSnapshot = await check(config, { at, feedsDir: join(dir, "d2"), previous: { snapshot }, ...(workers ? { workers } : {}) });
  return { dir, fromFolder: fromFolder.findings, fromSnapshot: fromSnapshot.findings };
}

const lines = (...rows: string[]) => `${rows.join("\n")}\n`;

// Stores S1 and S2 in Rome. The channel's default history: 10.00 from 1 Sep. S1's own: 9.00
// from 25 Oct, 10.00 again from 1 Nov. The store channel's one price row is its default: 10.00,
// on sale at 9.50 from 15 Nov to 30 Nov, showing 10.00 as the prior price.
const STORES = ["location,timezone,status", "S1,Europe/Rome,open", "S2,Europe/Rome,open"];
const HISTORY = [
  "sku,channel,location,valid_from,price",
  "A,store,,2026-09-01,10.00",
  "A,store,S1,2026-10-25,9.00",
  "A,store,S1,2026-11-01,10.00",
];
const SALE = "A,store,{loc},EUR,10.00,9.50,2026-11-15,2026-11-30,10.00";
const HEAD = "sku,channel,location,currency,price,sale_price,sale_start,sale_end,reference_price";
const DEFAULT_ONLY = [HEAD, SALE.replace("{loc}", "")];

// At S1 the 30 days before the sale's start (15 Nov 00:00 CET) run from 16 Oct 00:00 CEST: the
// default's 10.00 holds until S1's first row of its own (25 Oct), then 9.00 until 1 Nov, then
// 10.00. The lowest is 9.00, so 10.00 is the wrong prior price, and the sale's 9.50 is above the
// lowest of the 30 days up to 20 Nov (9.00 again). At S2, and with no location, only the
// default's 10.00: nothing to say.
const AT_S1 = [
  ["omnibus/not-a-reduction", "S1", "store at S1: on sale at 9.50, above the lowest price of the last 30 days 9.00", null],
  [
    "omnibus/prior-price",
    "S1",
    "store at S1: the reduction from 2026-11-14T23:00:00.000Z shows 10.00 as the prior price, but the lowest price of the 30 days before was 9.00",
    null,
  ],
];

describe("a default row at a store with price history of its own", () => {
  it("is judged there by the Omnibus rules, against the store's history", async () => {
    expect(brief(await run({ "stores.csv": STORES, "prices.csv": DEFAULT_ONLY, "history.csv": HISTORY }, OMNIBUS))).toStrictEqual(AT_S1);
  });

  it("gives what a row of the store's own copying it gives", async () => {
    const copied = [HEAD, SALE.replace("{loc}", ""), SALE.replace("{loc}", "S1")];
    const own = await run({ "stores.csv": STORES, "prices.csv": copied, "history.csv": HISTORY }, OMNIBUS);
    expect(brief(own)).toStrictEqual(AT_S1);
  });

  it("holds over a window for the sale's whole run, and the same in two threads", async () => {
    // The sale runs from 15 Nov 00:00 CET (14 Nov 23:00Z) to the end of 30 Nov (30 Nov 23:00Z).
    // S1's 9.00 (25 Oct – 1 Nov) stays among the 30 days before each instant until 1 Dec 00:00
    // CET, after the sale's end: both findings hold for the whole sale.
    const files = { "stores.csv": STORES, "prices.csv": DEFAULT_ONLY, "history.csv": HISTORY };
    const sale = { from: "2026-11-14T23:00:00.000Z", to: "2026-11-30T23:00:00.000Z" };
    const windowed = await run(files, OMNIBUS, { window: true });
    expect(brief(windowed)).toStrictEqual(AT_S1.map(([rule, location, message]) => [rule, location, message, sale]));
    expect(await run(files, OMNIBUS, { window: true, workers: 2 })).toStrictEqual(windowed);
  });

  it("is not judged there by rules that read nothing of the store's own", async () => {
    // S1 is closed and the sale is 5 % off: no availability or discount rule has anything of S1's
    // own to read, so nothing is judged at S1 beyond the Omnibus rules; excessive-discount (at
    // 4 %, to fire) fires once, with no location.
    const closed = ["location,timezone,status", "S1,Europe/Rome,closed", "S2,Europe/Rome,open"];
    const rules = [...OMNIBUS, "price/excessive-discount"];
    const files = { "stores.csv": closed, "prices.csv": DEFAULT_ONLY, "history.csv": HISTORY };
    const findings = await run(files, rules, { ruleSettings: { "price/excessive-discount": { maxPercent: "4" } } });
    expect(findings.map((f) => [f.rule, f.location])).toStrictEqual([
      ["omnibus/not-a-reduction", "S1"],
      ["omnibus/prior-price", "S1"],
      ["price/excessive-discount", null],
    ]);
  });

  it("stands at no store the stores feed does not list (guard)", async () => {
    // S3's history is of a store the stores feed does not list: the default row stands at no such store.
    const history = HISTORY.map((line) => line.replace(",S1,", ",S3,"));
    expect(await run({ "stores.csv": STORES, "prices.csv": DEFAULT_ONLY, "history.csv": history }, OMNIBUS)).toStrictEqual([]);
  });

  it("where history is the price in force, S1's history is S1's own offer (guard)", async () => {
    // With the history as the price in force (the default), S1's rows make S1 an offer of its
    // own: 10.00 since 1 Nov, not on sale. Nothing announces a reduction there.
    expect(
      await run({ "stores.csv": STORES, "prices.csv": DEFAULT_ONLY, "history.csv": HISTORY }, OMNIBUS, { inForce: true }),
    ).toStrictEqual([]);
  });
});

describe("a default row at a store that had an offer of its own in the previous state", () => {
  // Yesterday the store channel had rows of its own at S1 (10.00) and S2 (12.00); today one
  // default row, 20.00, stands at both. S3 had none yesterday and stands by the default today.
  const files = {
    "stores.csv": lines("location,timezone,status", "S1,Europe/Rome,open", "S2,Europe/Rome,open", "S3,Europe/Rome,open"),
    "d1/prices.csv": lines("sku,channel,location,currency,price", "R,store,S1,EUR,10.00", "R,store,S2,EUR,12.00"),
    "d2/prices.csv": lines("sku,channel,location,currency,price", "R,store,,EUR,20.00"),
  };
  const feeds = [
    { kind: "stores", path: "../stores.csv" },
    { kind: "prices", path: "prices.csv" },
  ];

  it("is compared there with that offer, by the change rules", async () => {
    // 10.00 → 20.00 is +100 % at S1, 12.00 → 20.00 is +66.6666667 % (200/3, past six places, so to seven) at
    // S2, both beyond the default 50 %; at S3, and with no location, there was nothing before.
    // The same from yesterday's snapshot, and in two threads.
    const { dir, fromFolder, fromSnapshot } = await twoNights(files, feeds, 2);
    const expected = [
      ["change/price-move", "S1", "store at S1: the price moved from 10.00 to 20.00 (100%) since the previous state (d1/prices.csv:2)"],
      [
        "change/price-move",
        "S2",
        "store at S2: the price moved from 12.00 to 20.00 (66.6666667%) since the previous state (d1/prices.csv:3)",
      ],
    ];
    expect(fromFolder.map((f) => [f.rule, f.location, f.message.replaceAll(dir + "/", "")])).toStrictEqual(expected);
    expect(fromSnapshot.map((f) => [f.rule, f.location, f.values])).toStrictEqual(fromFolder.map((f) => [f.rule, f.location, f.values]));
  });
});

describe("a store's own offer yesterday, in a feed whose rows share one line", () => {
  it("is the store's own, from the folder and from a snapshot alike", async () => {
    // Yesterday's prices are one line of JSON: the default row (10.00) and S1's own (30.00), both
    // at prices.json line 1. Today only the default, 10.00, stands at S1: 30.00 → 10.00 there is
    // −66.6666667 %, beyond the default 50 %.
    const row = (location: string | null, price: string) => ({
      sku: "A1",
      channel: "store",
      ...(location ? { location } : {}),
      currency: "EUR",
      price,
    });
    const files = {
      "stores.csv": lines("location,timezone,status", "S1,Europe/Rome,open"),
      "d1/prices.json": JSON.stringify([row(null, "10.00"), row("S1", "30.00")]),
      "d2/prices.json": JSON.stringify([row(null, "10.00")]),
    };
    const feeds = [
      { kind: "stores", path: "../stores.csv" },
      { kind: "prices", path: "prices.json" },
    ];
    const { fromFolder, fromSnapshot } = await twoNights(files, feeds);
    for (const findings of [fromFolder, fromSnapshot]) {
      expect(findings.map((f) => [f.rule, f.location, f.message.replace(/ since .*$/, "")])).toStrictEqual([
        ["change/price-move", "S1", "store at S1: the price moved from 30.00 to 10.00 (-66.6666667%)"],
      ]);
    }
  });
});

describe("what does not set a store apart", () => {
  it("a default row that stood at a store yesterday by a promotion there: the store had no offer of its own", async () => {
    // Yesterday the store channel's one row, 10.00, was 10 % off at S1 by a promotion naming S1
    // (so the previous state keeps the default again at S1, at 9.00); the promotion ended last
    // night, and today the row is 20.00. S1 had no row of its own, as S2 had none: one move, with
    // no location, from the folder or a snapshot.
    const promos = lines("promo_id,type,value,channels,locations,skus,start,end", "P1,percent_off,10,store,S1,R,2026-12-01,2026-12-04");
    const files = {
      "stores.csv": lines("location,timezone,status", "S1,Europe/Rome,open", "S2,Europe/Rome,open"),
      "d1/prices.csv": lines("sku,channel,location,currency,price", "R,store,,EUR,10.00"),
      "d1/promos.csv": promos,
      "d2/prices.csv": lines("sku,channel,location,currency,price", "R,store,,EUR,20.00"),
      "d2/promos.csv": promos,
    };
    const feeds = [
      { kind: "stores", path: "../stores.csv" },
      { kind: "prices", path: "prices.csv" },
      { kind: "promotions", path: "promos.csv" },
    ];
    const { fromFolder, fromSnapshot } = await twoNights(files, feeds);
    for (const findings of [fromFolder, fromSnapshot]) {
      expect(findings.map((f) => [f.rule, f.location, f.message.replace(/ \(.*$/, "")])).toStrictEqual([
        ["change/price-move", null, "store at every location: the price moved from 10.00 to 20.00"],
      ]);
    }
  });

  it("history of the store's own, where the prior price is looked for over the channel", async () => {
    // With scope "channel", the prior price is the lowest over every store's history alike: S1's
    // own gives it no other verdict, so the one finding stands with no location. The 9.00 of S1
    // is the channel's lowest: 10.00 is the wrong prior price.
    const files = { "stores.csv": STORES, "prices.csv": DEFAULT_ONLY, "history.csv": HISTORY };
    const rules = ["omnibus/prior-price", "omnibus/insufficient-history"];
    const findings = await run(files, rules, { ruleSettings: { "omnibus/prior-price": { scope: "channel" } } });
    expect(findings.map((f) => [f.rule, f.location, f.values["priorPrice"]])).toStrictEqual([["omnibus/prior-price", null, "9.00"]]);
  });
});
