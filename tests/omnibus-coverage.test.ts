/**
 * The Omnibus prior price where it is known and where it is not: the start of a sale carried by a
 * scheduled price row, a prior price over 30 days the history does not cover, and the one scope
 * omnibus/prior-price and omnibus/insufficient-history share.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { runCli } from "./helpers/run-cli.js";

type Row = Record<string, unknown>;
const RULES = ["omnibus/prior-price", "omnibus/insufficient-history", "omnibus/not-a-reduction"];
const AT = "2026-11-20T12:00:00Z";

async function findings(prices: Row[], history: Row[], extra: Record<string, unknown> = {}) {
  const report = await check(
    { timezone: "Europe/Rome", currency: "EUR", feeds: { prices, price_history: history }, rules: RULES, ...extra } as never,
    { at: new Date(AT) },
  );
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => [f.rule, f.values.priorPrice ?? null, f.message]);
}

/** What prior-price says of a reduction from `start` that shows `shown`, the lowest being `lowest`. */
const wrong = (start: string, shown: string, lowest: string) => [
  "omnibus/prior-price",
  lowest,
  `web at every location: the reduction from ${start} shows ${shown} as the prior price, but the lowest price of the 30 days before was ${lowest}`,
];
/** What insufficient-history says of a reduction from `start` (null: not given). */
const unchecked = (start: string | null) => [
  "omnibus/insufficient-history",
  null,
  `web at every location: the reduction from ${start ?? "a start not given (no sale_start)"} cannot be checked: price history does not cover the 30 days before it`,
];

describe("a sale carried by a scheduled price row", () => {
  // 10.00 from 1 Sep, 9.00 from 25 Oct, 10.00 again from 1 Nov (Rome).
  const history = [
    { sku: "A", channel: "web", valid_from: "2026-09-01", price: "10.00" },
    { sku: "A", channel: "web", valid_from: "2026-10-25", price: "9.00" },
    { sku: "A", channel: "web", valid_from: "2026-11-01", price: "10.00" },
  ];

  it("starts when its row does: the row's valid_from is the reduction's start", async () => {
    // No sale until 14 Nov; from 15 Nov the row carries 8.00 showing 10.00, with no sale_start.
    // The reduction starts 15 Nov 00:00 CET (14 Nov 23:00Z); the 30 days before it run from
    // 16 Oct 00:00 CEST, so the history covers them (from 1 Sep), and 9.00 (25 Oct – 1 Nov) is
    // the lowest: 10.00 is the wrong prior price. not-a-reduction: the lowest of the 30 days up
    // to 20 Nov counts the sale's own 8.00, so 8.00 is not above it.
    const prices = [
      { sku: "A", channel: "web", price: "10.00", valid_to: "2026-11-14" },
      { sku: "A", channel: "web", price: "10.00", sale_price: "8.00", reference_price: "10.00", valid_from: "2026-11-15" },
    ];
    expect(await findings(prices, history)).toStrictEqual([wrong("2026-11-14T23:00:00.000Z", "10.00", "9.00")]);
    // A valid_from with a time and an offset is that instant: 15 Nov 06:00Z. The 30 days before
    // it still hold 9.00.
    const timed = [prices[0]!, { ...prices[1]!, valid_from: "2026-11-15T06:00:00Z" }];
    expect(await findings(timed, history)).toStrictEqual([wrong("2026-11-15T06:00:00.000Z", "10.00", "9.00")]);
    // A row with neither sale_start nor valid_from: the start is not given, as before.
    const always = [prices[1]!].map(({ valid_from: _, ...row }) => row);
    expect(await findings(always, history)).toStrictEqual([unchecked(null)]);
  });

  it("keeps a sale_start where the row gives one", async () => {
    // 10.00 from 1 Sep, 9.00 from 5 to 8 Nov, then 10.00 (Rome). The row holds from 1 Nov, and
    // shows 10.00 beside the sale.
    const brief = [
      { sku: "A", channel: "web", valid_from: "2026-09-01", price: "10.00" },
      { sku: "A", channel: "web", valid_from: "2026-11-05", price: "9.00" },
      { sku: "A", channel: "web", valid_from: "2026-11-08", price: "10.00" },
    ];
    const row = { sku: "A", channel: "web", price: "10.00", sale_price: "8.00", reference_price: "10.00", valid_from: "2026-11-01" };
    const before = { sku: "A", channel: "web", price: "10.00", valid_to: "2026-10-31" };
    // Without a sale_start, the reduction starts with the row, 1 Nov 00:00 CET: the 30 days
    // before it (2 Oct – 1 Nov) hold 10.00 only, so 10.00 is right.
    expect(await findings([before, row], brief)).toStrictEqual([]);
    // With a sale_start of 15 Nov, the start is the sale's: the 30 days from 16 Oct hold 9.00.
    expect(await findings([before, { ...row, sale_start: "2026-11-15" }], brief)).toStrictEqual([
      wrong("2026-11-14T23:00:00.000Z", "10.00", "9.00"),
    ]);
  });
});

describe("a sale carried on by the next scheduled row", () => {
  // 10.00 from 1 Sep, 8.00 from 1 Nov (the sale's own price, applied): the history the hunt for
  // an unbroken reduction reads.
  const history = [
    { sku: "B", channel: "web", valid_from: "2026-09-01", price: "10.00" },
    { sku: "B", channel: "web", valid_from: "2026-11-01", price: "8.00" },
  ];
  const before = { sku: "B", channel: "web", price: "10.00", valid_from: "2026-09-01", valid_to: "2026-10-31" };
  const first = {
    sku: "B",
    channel: "web",
    price: "10.00",
    sale_price: "8.00",
    reference_price: "10.00",
    valid_from: "2026-11-01",
    valid_to: "2026-11-14",
  };

  it("keeps the first row's start while the same sale runs on from row to row", async () => {
    // The second row changes only its unit price: the same 8.00 shown against 10.00 runs on, so
    // the reduction started 1 Nov (31 Oct 23:00Z), and the 30 days before it hold 10.00 only.
    const second = { ...first, unit_price: "16.50", valid_from: "2026-11-15", valid_to: undefined };
    expect(await findings([before, first, second], history)).toStrictEqual([]);
  });

  it("starts again where the sale changes, or a day without it comes between", async () => {
    // From 15 Nov the sale is 7.50: another reduction, from 15 Nov (14 Nov 23:00Z), whose 30 days
    // before hold 8.00 (from 1 Nov): 10.00 is the wrong prior price.
    const other = { ...first, sale_price: "7.50", valid_from: "2026-11-15", valid_to: undefined };
    expect(await findings([before, first, other], history)).toStrictEqual([wrong("2026-11-14T23:00:00.000Z", "10.00", "8.00")]);
    // The same 8.00 again from 16 Nov, after a day (15 Nov) that no row covers: a new start.
    const later = { ...first, valid_from: "2026-11-16", valid_to: undefined };
    expect(await findings([before, first, later], history)).toStrictEqual([wrong("2026-11-15T23:00:00.000Z", "10.00", "8.00")]);
  });
});

describe("P27 the sale an earlier row carries: its own end and its own start", () => {
  // 10.00 from 1 Sep, 8.00 from 1 Nov (the sale), 10.00 from 6 Nov (no sale), 8.00 from 20 Nov.
  const history = [
    { sku: "C", channel: "web", valid_from: "2026-09-01", price: "10.00" },
    { sku: "C", channel: "web", valid_from: "2026-11-01", price: "8.00" },
    { sku: "C", channel: "web", valid_from: "2026-11-06", price: "10.00" },
    { sku: "C", channel: "web", valid_from: "2026-11-15", price: "8.00" },
  ];
  const row = { sku: "C", channel: "web", price: "10.00", sale_price: "8.00", reference_price: "10.00" };

  it("P27 a sale that ended before the next row began does not run on into it", async () => {
    // The first row's sale ends 5 Nov (its end of day: 6 Nov 00:00 CET); the second row carries
    // the same 8.00 from 15 Nov. Days 6–14 Nov had no sale: the reduction starts 15 Nov (14 Nov
    // 23:00Z), and the 30 days before hold 8.00 (1–5 Nov): 10.00 is the wrong prior price.
    const earlier = { ...row, sale_end: "2026-11-05", valid_from: "2026-11-01", valid_to: "2026-11-14" };
    const later = { ...row, valid_from: "2026-11-15" };
    expect(await findings([earlier, later], history)).toStrictEqual([wrong("2026-11-14T23:00:00.000Z", "10.00", "8.00")]);
    // With its sale running to the end of its row (sale_end 14 Nov), the reduction runs on from
    // 1 Nov (31 Oct 23:00Z): the 30 days before hold 10.00 only.
    expect(await findings([{ ...earlier, sale_end: "2026-11-14" }, later], history)).toStrictEqual([]);
  });

  it("P27 a sale with its own sale_start carried on by a row without one began at that sale_start", async () => {
    // The first row holds from 1 Oct, its sale from 1 Nov; the second row carries the same sale
    // from 15 Nov. The reduction began 1 Nov (31 Oct 23:00Z): the 30 days before hold 10.00 only.
    const earlier = { ...row, sale_start: "2026-11-01", valid_from: "2026-10-01", valid_to: "2026-11-14" };
    const later = { ...row, valid_from: "2026-11-15" };
    expect(await findings([earlier, later], history)).toStrictEqual([]);
  });
});

describe("P51 a sale_start at its row's valid_from, a sale_end at its valid_to: the rows' dates repeated", () => {
  // 10.00 from 1 Sep, 8.00 (the sale, as applied) from 1 Nov (Rome).
  const history = [
    { sku: "R", channel: "web", valid_from: "2026-09-01", price: "10.00" },
    { sku: "R", channel: "web", valid_from: "2026-11-01", price: "8.00" },
  ];
  const row = { sku: "R", channel: "web", price: "10.00", sale_price: "8.00", reference_price: "10.00" };

  it("P51 a later row repeating its valid_from as its sale_start carries the same sale on: it began with the first row", async () => {
    // The first row runs the sale 1–10 Nov, the second from 11 Nov, each writing its own dates as
    // the sale's. One unbroken sale from 1 Nov (31 Oct 23:00Z): the 30 days before hold 10.00 only.
    const earlier = { ...row, sale_start: "2026-11-01", valid_from: "2026-11-01", valid_to: "2026-11-10" };
    const later = { ...row, sale_start: "2026-11-11", valid_from: "2026-11-11" };
    expect(await findings([earlier, later], history)).toStrictEqual([]);
    // So is one whose sale_end repeats its valid_to.
    expect(await findings([{ ...earlier, sale_end: "2026-11-10" }, later], history)).toStrictEqual([]);
    // A day without a row (10 Nov) breaks the sale: it begins again 11 Nov (10 Nov 23:00Z), and
    // the 30 days before hold 8.00 (1–9 Nov).
    const broken = { ...earlier, valid_to: "2026-11-09" };
    expect(await findings([broken, later], history)).toStrictEqual([wrong("2026-11-10T23:00:00.000Z", "10.00", "8.00")]);
  });
});

describe("P46 a sale carried by scheduled rows: a store taking over the channel's, a sale_start before its row holds", () => {
  // 10.00 from 1 Aug, 9.00 from 5 Sep, 10.00 from 10 Sep (Rome).
  const history = [
    { sku: "A", channel: "web", valid_from: "2026-08-01", price: "10.00" },
    { sku: "A", channel: "web", valid_from: "2026-09-05", price: "9.00" },
    { sku: "A", channel: "web", valid_from: "2026-09-10", price: "10.00" },
  ];
  const row = { sku: "A", channel: "web", price: "10.00", sale_price: "8.00", reference_price: "10.00" };

  it("P46 a sale_start before its row holds: the sale begins when the row does", async () => {
    // The row holds from 1 Oct (30 Sep 22:00Z) and says its sale began 1 Sep: before 1 Oct the
    // offer was the row before, 10.00 without a sale. The 30 days before 1 Oct (from 1 Sep) hold
    // 9.00 (5–10 Sep): 10.00 is the wrong prior price. (Those before 1 Sep held 10.00 only.)
    const before = { sku: "A", channel: "web", price: "10.00", valid_to: "2026-09-30" };
    const sale = { ...row, sale_start: "2026-09-01", valid_from: "2026-10-01" };
    expect(await findings([before, sale], history)).toStrictEqual([wrong("2026-09-30T22:00:00.000Z", "10.00", "9.00")]);
    // 9.00 only in August (10–15 Aug): in the 30 days before 1 Sep, not before 1 Oct: no finding.
    const august = [
      { sku: "A", channel: "web", valid_from: "2026-07-01", price: "10.00" },
      { sku: "A", channel: "web", valid_from: "2026-08-10", price: "9.00" },
      { sku: "A", channel: "web", valid_from: "2026-08-15", price: "10.00" },
    ];
    expect(await findings([before, sale], august)).toStrictEqual([]);
  });

  it("P46 a sale_start before its row holds, with an earlier row running the same sale on to it: the reduction began with that row", async () => {
    // 8.00 (was 10.00) from 30 Sep on the first row (to 24 Oct); the second row, from 25 Oct, writes sale_start 22 Oct.
    // Customers saw the reduction from 30 Sep (29 Sep 22:00Z): the 30 days before it held 10.00 only.
    const rows = [
      {
        sku: "A",
        channel: "web",
        price: "12.00",
        sale_price: "8.00",
        reference_price: "10.00",
        valid_from: "2026-09-30",
        valid_to: "2026-10-24",
      },
      {
        sku: "A",
        channel: "web",
        price: "12.00",
        sale_price: "8.00",
        reference_price: "10.00",
        sale_start: "2026-10-22",
        valid_from: "2026-10-25",
        valid_to: "2026-11-30",
      },
    ];
    const history = [
      { sku: "A", channel: "web", valid_from: "2026-08-01", price: "10.00" },
      { sku: "A", channel: "web", valid_from: "2026-09-30", price: "8.00" },
    ];
    expect(await findings(rows, history)).toStrictEqual([]);
    // Without the first row, the sale began when the second row did (24 Oct 22:00Z), after a month of 8.00.
    expect(await findings([rows[1]!], history)).toStrictEqual([wrong("2026-10-24T22:00:00.000Z", "10.00", "8.00")]);
  });

  it("P46 a store's row carrying on the sale its channel's default row ran there: the reduction began with the default row", async () => {
    // The default row runs 8.00 (was 10.00) from 1 Oct at every store; S1's own row carries the
    // same sale from 16 Oct. At S1 the sale ran unbroken from 1 Oct (30 Sep 22:00Z), whose 30
    // days hold S1's 9.00 (5–10 Sep).
    const s1History = history.map((h) => ({ ...h, channel: "store", location: "S1" }));
    const stores = [{ location: "S1", timezone: "Europe/Rome" }];
    const prices = [
      { ...row, channel: "store", valid_from: "2026-10-01" },
      { ...row, channel: "store", location: "S1", valid_from: "2026-10-16" },
    ];
    const report = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: { stores, prices, price_history: s1History },
        rules: ["omnibus/prior-price"],
      } as never,
      { at: new Date(AT) },
    );
    expect(report.findings.map((f) => [f.location, f.message])).toStrictEqual([
      [
        "S1",
        "store at S1: the reduction from 2026-09-30T22:00:00.000Z shows 10.00 as the prior price, but the lowest price of the 30 days before was 9.00",
      ],
    ]);
    // With S1's own row at 10.00 without a sale from 1 to 15 Oct, the default row stands at S1 from 16 Oct only:
    // the reduction there began then (15 Oct 22:00Z), and its 30 days hold 10.00 alone.
    const own = { sku: "A", channel: "store", location: "S1", price: "10.00", valid_from: "2026-10-01", valid_to: "2026-10-15" };
    const cut = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: { stores, prices: [prices[0]!, own], price_history: s1History },
        rules: ["omnibus/prior-price"],
      } as never,
      { at: new Date(AT) },
    );
    expect(cut.findings.map((f) => [f.location, f.message])).toStrictEqual([]);
  });
});

describe("a prior price over 30 days the history does not cover", () => {
  // History from 1 Nov only; the sale (15–30 Nov) looks back from 16 Oct: 16 Oct – 1 Nov is unknown.
  const history = [{ sku: "N", channel: "web", valid_from: "2026-11-01", price: "10.00" }];
  const sale = (reference: string): Row => ({
    sku: "N",
    channel: "web",
    price: "10.00",
    sale_price: "8.00",
    sale_start: "2026-11-15",
    sale_end: "2026-11-30",
    reference_price: reference,
  });

  it("is not known: insufficient-history alone reports it, and prior-price does not judge it", async () => {
    // 9.00 may well have applied in the part not covered: the prior price is not known.
    expect(await findings([sale("9.00")], history)).toStrictEqual([unchecked("2026-11-14T23:00:00.000Z")]);
    expect(await findings([sale("12.00")], history)).toStrictEqual([unchecked("2026-11-14T23:00:00.000Z")]);
  });
});

describe("the scope omnibus/prior-price and omnibus/insufficient-history share", () => {
  // The web sale (15–30 Nov) shows 10.00; the only history is the store MI01's 9.00 since September.
  const prices = [
    {
      sku: "W",
      channel: "web",
      price: "10.00",
      sale_price: "8.00",
      sale_start: "2026-11-15",
      sale_end: "2026-11-30",
      reference_price: "10.00",
    },
  ];
  const history = [{ sku: "W", channel: "store", location: "MI01", valid_from: "2026-09-01", price: "9.00" }];

  it("given for one, applies to both", async () => {
    // Over the company the history covers the 30 days (from 1 Sep) and the lowest is 9.00: only
    // prior-price fires. Left at the offer, insufficient-history would say that web's history
    // (none) does not cover them, beside prior-price judging them over the company; or, the
    // other way round, neither would say a word.
    const company = { scope: "company" };
    const expected = [wrong("2026-11-14T23:00:00.000Z", "10.00", "9.00")];
    expect(await findings(prices, history, { ruleSettings: { "omnibus/prior-price": company } })).toStrictEqual(expected);
    expect(await findings(prices, history, { ruleSettings: { "omnibus/insufficient-history": company } })).toStrictEqual(expected);
    // With a severity beside it, or the other rule given a severity only: the same scope.
    const settings = { "omnibus/prior-price": { severity: "warning", scope: "company" }, "omnibus/insufficient-history": "error" };
    expect(await findings(prices, history, { ruleSettings: settings })).toStrictEqual(expected);
    // The same scope given for both is the same.
    const both = { "omnibus/prior-price": company, "omnibus/insufficient-history": company };
    expect(await findings(prices, history, { ruleSettings: both })).toStrictEqual(expected);
  });

  it("given for a rule that is off, shared with one that is on, is no setting that does nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-omnibus-scope-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nW,web,10.00\n");
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [{ kind: "prices", path: "p.csv" }],
      rules: ["omnibus/prior-price"],
      ruleSettings: { "omnibus/insufficient-history": { scope: "channel" } },
    };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    const { code, stderr } = await runCli(["check", "--config", join(dir, "c.json"), "--no-progress", "--at", AT, "--format", "json:-"]);
    expect([code, stderr]).toStrictEqual([0, ""]);
    // A severity given beside it does nothing while the rule is off: that is still said.
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({ ...config, ruleSettings: { "omnibus/insufficient-history": { severity: "error", scope: "channel" } } }),
    );
    const warned = await runCli(["check", "--config", join(dir, "c.json"), "--no-progress", "--at", AT, "--format", "json:-"]);
    expect(warned.stderr).toContain("omnibus/insufficient-history");
  });

  it("C49 given for both, two different values are refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-omnibus-scope-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nW,web,10.00\n");
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [{ kind: "prices", path: "p.csv" }],
      rules: ["omnibus/prior-price", "omnibus/insufficient-history"],
      ruleSettings: { "omnibus/prior-price": { scope: "company" }, "omnibus/insufficient-history": { scope: "channel" } },
    };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    const { code, stdout, stderr } = await runCli(["check", "--config", join(dir, "c.json"), "--no-progress", "--at", AT]);
    expect([code, stdout, stderr.replaceAll(dir, "<dir>")]).toStrictEqual([
      2,
      "",
      'pricelint: <dir>/c.json: ruleSettings["omnibus/insufficient-history"].scope: "channel" differs from "company", the scope of "omnibus/prior-price": both describe the prior price, so they take one scope (given for one, it applies to both)\n',
    ]);
  });
});

describe("P29 history rows on another tax basis than the offer judged", () => {
  // The store sells A at 12.20 with tax, click-and-collect at 10.00 without it (the same price
  // with 22 % VAT); each channel's history has its own price since September. From 20 November
  // the store sells at 9.76 showing 12.20 as the price before: in company scope the lowest price
  // with tax of the 30 days before is 12.20, so 12.20 is right; 10.00 is a price without tax.
  const prices = (reference: string) => [
    {
      sku: "A",
      channel: "store",
      location: "S1",
      price: "12.20",
      sale_price: "9.76",
      sale_start: "2026-11-20",
      reference_price: reference,
    },
    { sku: "A", channel: "click_collect", location: "S1", price: "10.00", tax_included: "false" },
  ];
  const run = async (reference: string, history: Row[]) => {
    const report = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: { prices: prices(reference), price_history: history },
        rules: ["omnibus/prior-price"],
        ruleSettings: { "omnibus/prior-price": { scope: "company" } },
      } as never,
      { at: new Date("2026-11-22T12:00:00Z") },
    );
    expect(report.summary.rows.rejected).toBe(0);
    return report.findings.map((f) => [f.rule, f.values["priorPrice"]]);
  };
  const history = [
    { sku: "A", channel: "store", location: "S1", valid_from: "2026-09-01", price: "12.20" },
    { sku: "A", channel: "click_collect", location: "S1", valid_from: "2026-09-01", price: "10.00" },
  ];

  it("P29 a row without tax_included is on its offer's basis: the price without tax is no prior price of one with it", async () => {
    expect(await run("12.20", history)).toStrictEqual([]);
    expect(await run("10.00", history)).toStrictEqual([["omnibus/prior-price", "12.20"]]);
  });

  it("P29 a row's own tax_included says its basis, whatever its offer's", async () => {
    // The click-and-collect history written with tax (12.20): a price with tax of the 30 days.
    const withTax = [history[0]!, { ...history[1]!, price: "12.20", tax_included: "true" }];
    expect(await run("12.20", withTax)).toStrictEqual([]);
    // Written as 9.00 with tax: the lowest with tax is 9.00, and 12.20 is not the prior price.
    const lower = [history[0]!, { ...history[1]!, price: "9.00", tax_included: "true" }];
    expect(await run("12.20", lower)).toStrictEqual([["omnibus/prior-price", "9.00"]]);
    // A store row written without tax (9.00 net in October) is no price with tax of the store's offer.
    const net = [
      ...history,
      { sku: "A", channel: "store", location: "S1", valid_from: "2026-10-30", price: "9.00", tax_included: "false" },
    ];
    expect(await run("12.20", net)).toStrictEqual([]);
  });
});

describe("P75 a history row that is its offer's price in force, read for the Omnibus rules", () => {
  // The chain's store price is without tax; S1 prices on its own from its history, and only its
  // later row says it is with tax. Promotion P1 takes 10 % off at S1 from 10 November, showing 12.00.
  const promotion = {
    promo_id: "P1",
    type: "percent_off",
    value: "10",
    channels: "store",
    skus: "A",
    locations: "S1",
    start: "2026-11-10",
    end: "2026-11-30",
    reference_price: "12.00",
  };
  const run = async (feeds: Record<string, Row[]>) => {
    const report = await check({ timezone: "UTC", currency: "EUR", feeds: { promotions: [promotion], ...feeds }, rules: RULES } as never, {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    expect(report.summary.rows.rejected).toBe(0);
    return report.findings.map((f) => [f.rule, f.location, f.values["priorPrice"] ?? null]);
  };

  it("P75 is on its offer's basis: with tax where it says none, whatever the channel's default price row's", async () => {
    const chain: Row = { sku: "A", channel: "store", price: "8.20", tax_included: "false" };
    const history: Row[] = [
      { sku: "A", channel: "store", location: "S1", valid_from: "2026-10-01", price: "11.00" },
      { sku: "A", channel: "store", location: "S1", valid_from: "2026-11-01", price: "12.00", tax_included: "true" },
    ];
    // S1's price with tax was 11.00 until 1 November: the lowest of the 30 days before 10 November,
    // not the 12.00 shown.
    const expected = [["omnibus/prior-price", "S1", "11.00"]];
    expect(await run({ prices: [chain], price_history: history })).toStrictEqual(expected);
    // The same timeline as scheduled price rows (the history then S1's record only).
    const scheduled: Row[] = [
      { sku: "A", channel: "store", location: "S1", price: "11.00", valid_from: "2026-10-01", valid_to: "2026-11-01T00:00:00Z" },
      { sku: "A", channel: "store", location: "S1", price: "12.00", valid_from: "2026-11-01", tax_included: "true" },
    ];
    expect(await run({ prices: [chain, ...scheduled], price_history: history })).toStrictEqual(expected);
  });

  it("P75 a channel's default row that is the default offer's price in force is with tax: no prior price of a store's price without it", async () => {
    // The chain's store price from 1 October is 9.00 (its history, saying no basis: with tax); S1
    // prices at 8.00 without tax, and shows 9.00 as the price before its sale from 10 November.
    // The 9.00 is a price with tax: the 30 days before hold no price of S1's on its basis.
    const s1: Row = {
      sku: "A",
      channel: "store",
      location: "S1",
      price: "8.00",
      tax_included: "false",
      sale_price: "7.00",
      sale_start: "2026-11-10",
      reference_price: "9.00",
    };
    const chain: Row = { sku: "A", channel: "store", valid_from: "2026-10-01", price: "9.00" };
    const expected = [["omnibus/insufficient-history", "S1", null]];
    expect(await run({ prices: [s1], price_history: [chain] })).toStrictEqual(expected);
    // The same as a scheduled price row of the channel's default offer.
    const scheduled: Row = { sku: "A", channel: "store", price: "9.00", valid_from: "2026-10-01" };
    expect(await run({ prices: [s1, scheduled], price_history: [chain] })).toStrictEqual(expected);
  });
});
