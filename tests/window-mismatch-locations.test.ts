/**
 * promo/window-mismatch at each location where a channel has a row of its own: the web's sale
 * against each store's, from sale prices or the promotions feed, and a sale in one but not the other.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/index.js";

type Row = Record<string, unknown>;

/** The window mismatches at `at` (UTC config), each as its message. */
async function mismatchesAt(prices: Row[], at: string) {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds: { prices }, rules: ["promo/window-mismatch"] } as never, {
    at: new Date(at),
  });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => f.message);
}

async function mismatches(prices: Row[], promotions: Row[] = []) {
  const report = await check(
    { timezone: "UTC", currency: "EUR", feeds: { prices, promotions }, rules: ["promo/window-mismatch"] } as never,
    { at: new Date("2026-11-20T12:00:00Z") },
  );
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => [f.sku, f.values.windowMismatchCount, f.message]);
}

const row = (sku: string, channel: string, location: string | null, sale?: Row): Row => ({
  sku,
  channel,
  ...(location === null ? {} : { location }),
  price: "2.00",
  ...sale,
});
const sale = (end: string, start = "2026-11-16"): Row => ({ sale_price: "1.49", sale_start: start, sale_end: end });

describe("promo/window-mismatch at each store", () => {
  it("finds a store whose sale ends 3 days before the web's, though every store row has a location", async () => {
    const found = await mismatches([
      row("A", "web", null, sale("2026-11-29")),
      row("A", "store", "MI01", sale("2026-11-26")),
      row("A", "store", "RM01", sale("2026-11-29")), // as the web
    ]);
    // Bare dates in UTC: 16 Nov 00:00; the end of the 26th is the 27th 00:00, of the 29th the 30th.
    expect(found).toStrictEqual([
      [
        "A",
        1,
        "A: windows differ between channels: sale price 1.49 EUR at MI01: store 2026-11-16T00:00:00.000Z – 2026-11-27T00:00:00.000Z, web 2026-11-16T00:00:00.000Z – 2026-11-30T00:00:00.000Z",
      ],
    ]);
  });

  it("compares the same sale price only in the same currency: 9.99 EUR and 9.99 USD are two sales", async () => {
    const usd = (r: Row): Row => ({ ...r, currency: "USD" });
    // Default rows: web in EUR, app in USD, the same digits, other windows: no one sale to compare.
    expect(await mismatches([row("A", "web", null, sale("2026-11-29")), usd(row("A", "app", null, sale("2026-11-26")))])).toStrictEqual([]);
    // At a store: its own row in USD, the web's default in EUR: both run a sale there, so nothing differs.
    expect(await mismatches([row("B", "web", null, sale("2026-11-29")), usd(row("B", "store", "NY01", sale("2026-11-26")))])).toStrictEqual(
      [],
    );
    // The same currency, other windows: found, the currency said.
    const found = await mismatches([row("C", "web", null, sale("2026-11-29")), row("C", "app", null, sale("2026-11-26"))]);
    expect(found.map(([, , message]) => (message as string).split(": app")[0])).toStrictEqual([
      "C: windows differ between channels: sale price 1.49 EUR",
    ]);
  });

  it("finds a sale at a store and not on the web, and the other way round; a store that does not sell the item is no finding", async () => {
    const found = await mismatches([
      row("B", "web", null),
      row("B", "store", "MI01", sale("2026-11-22")), // a sale at MI01 only
      row("B", "store", "RM01"),
      row("C", "web", null, sale("2026-11-22")), // the web's sale
      row("C", "store", "MI01"), // not at MI01
      row("C", "store", "RM01", sale("2026-11-22")), // at RM01; no store row at NA01: it does not sell C
    ]);
    expect(found).toStrictEqual([
      ["B", 1, "B: windows differ between channels: sale at MI01: store 2026-11-16T00:00:00.000Z – 2026-11-23T00:00:00.000Z, web none"],
      ["C", 1, "C: windows differ between channels: sale at MI01: store none, web 2026-11-16T00:00:00.000Z – 2026-11-23T00:00:00.000Z"],
    ]);
  });

  it("reads a sale from the promotions feed as from sale prices, unless the promotion is exclusive to its channels", async () => {
    const promotion = (p: Row): Row => ({ type: "percent_off", value: "10", start: "2026-11-16", end: "2026-11-22", ...p });
    const found = await mismatches(
      [
        row("D", "web", null),
        row("D", "store", "MI01"),
        row("E", "web", null),
        row("E", "store", "MI01"),
        row("F", "web", null),
        row("F", "store", "MI01", sale("2026-11-22")),
      ],
      [
        promotion({ promo_id: "WEB-D", channels: "web", skus: "D" }), // the web on promotion, MI01 not
        promotion({ promo_id: "WEB-E", channels: "web", skus: "E", exclusive: true }), // meant for the web alone
        promotion({ promo_id: "WEB-F", channels: "web", skus: "F" }), // the web's promotion against MI01's sale price: both on sale, in the same window
      ],
    );
    expect(found).toStrictEqual([
      ["D", 1, "D: windows differ between channels: sale at MI01: store none, web 2026-11-16T00:00:00.000Z – 2026-11-23T00:00:00.000Z"],
    ]);
  });

  it("compares a campaign's window at a store with the web's, and an open sale window as open", async () => {
    const found = await mismatches(
      [
        row("G", "web", null),
        row("G", "store", "MI01"),
        row("H", "web", null, sale("2026-11-22")),
        row("H", "store", "MI01", { sale_price: "1.49" }),
      ],
      [
        {
          promo_id: "BF-MI",
          type: "percent_off",
          value: "10",
          campaign: "BF",
          channels: "store",
          skus: "G",
          locations: "MI01",
          start: "2026-11-27",
          end: "2026-11-30",
        },
        {
          promo_id: "BF-WEB",
          type: "percent_off",
          value: "10",
          campaign: "BF",
          channels: "web",
          skus: "G",
          start: "2026-11-27",
          end: "2026-12-01",
        },
      ],
    );
    // MI01 is the only store BF runs at: compared there, its windows are the sku's own, found once.
    expect(found).toStrictEqual([
      [
        "G",
        1,
        "G: windows differ between channels: campaign BF: store 2026-11-27T00:00:00.000Z – 2026-12-01T00:00:00.000Z, web 2026-11-27T00:00:00.000Z – 2026-12-02T00:00:00.000Z",
      ],
      [
        "H",
        1,
        "H: windows differ between channels: sale price 1.49 EUR at MI01: store open – open, web 2026-11-16T00:00:00.000Z – 2026-11-23T00:00:00.000Z",
      ],
    ]);
  });
});

describe("promo/window-mismatch where duplicate rows dispute a channel's sale", () => {
  // The web's two default rows disagree on the sale: one runs 1.49 from the 16th to the 29th, the
  // other none. Which sale runs is unknown, so at MI01 there is nothing to compare it with, in
  // either order of the rows (before, the first row's sale was compared: "open – open" or "none").
  const disputedWeb = [row("A", "web", null, sale("2026-11-29")), row("A", "web", null)];

  it("compares no sale at a store with an unknown one, whichever row comes first", async () => {
    for (const web of [disputedWeb, [...disputedWeb].reverse()]) {
      expect(await mismatches([...web, row("A", "store", "MI01")])).toStrictEqual([]);
      // The store runs a sale of its own: that the web runs none is as unknown as that it runs one.
      expect(await mismatches([...web, row("A", "store", "MI01", sale("2026-11-26"))])).toStrictEqual([]);
    }
  });

  it("still finds a sale from the promotions feed where the channel's own sale is disputed", async () => {
    // A promotion for the web runs whatever its rows say, and the store runs none: a sale in one only.
    const promotions = [
      { promo_id: "P", type: "percent_off", value: "10", channels: ["web"], skus: ["A"], start: "2026-11-18", end: "2026-11-22" },
    ];
    for (const web of [disputedWeb, [...disputedWeb].reverse()]) {
      const found = await mismatches([...web, row("A", "store", "MI01")], promotions);
      expect(found.map(([sku, count, message]) => [sku, count, (message as string).split(": ")[1]])).toStrictEqual([
        ["A", 1, "windows differ between channels"],
      ]);
    }
  });
});

describe("P46 a sale on a scheduled row runs while the row holds", () => {
  it("P46 at a store, the channel's default row and the store's own carry one sale on; a sale announced for after its row is run by the next", async () => {
    // At S1 the store sells at 10.00 in October and from December (rows of its own); between, the channel's default row
    // runs 8.00 1–15 Nov, and S1's own row the same sale 16–30 Nov: at S1, 1 Nov to 1 Dec, as click-and-collect's there.
    // No finding on the 10th (the default row standing at S1) nor the 20th.
    const atS1 = [
      { sku: "A", channel: "store", location: "S1", price: "10.00", valid_from: "2026-10-01", valid_to: "2026-10-31" },
      { sku: "A", channel: "store", price: "10.00", sale_price: "8.00", valid_from: "2026-11-01", valid_to: "2026-11-15" },
      { sku: "A", channel: "store", location: "S1", price: "10.00", sale_price: "8.00", valid_from: "2026-11-16", valid_to: "2026-11-30" },
      { sku: "A", channel: "store", location: "S1", price: "10.00", valid_from: "2026-12-01" },
      {
        sku: "A",
        channel: "click_collect",
        location: "S1",
        price: "10.00",
        sale_price: "8.00",
        sale_start: "2026-11-01",
        sale_end: "2026-11-30",
      },
    ];
    for (const at of ["2026-11-10T00:00:00Z", "2026-11-20T00:00:00Z"]) expect(await mismatchesAt(atS1, at)).toStrictEqual([]);
    // Both web rows announce 20–30 Nov; the first holds 1–10 Nov only: the sale runs on the second, as the app's does.
    const sale = { sale_price: "1.49", sale_start: "2026-11-20", sale_end: "2026-11-30" };
    const announced = [
      { sku: "B", channel: "web", price: "2.00", ...sale, valid_from: "2026-11-01", valid_to: "2026-11-10" },
      { sku: "B", channel: "web", price: "2.00", ...sale, valid_from: "2026-11-11" },
      { sku: "B", channel: "app", price: "2.00", ...sale },
    ];
    expect(await mismatchesAt(announced, "2026-11-05T00:00:00Z")).toStrictEqual([]);
  });

  it("P46 each row carrying the sale on is read in its own feed's zone", async () => {
    // The national default row's sale starts 1 Nov in New York (04:00Z); S1's own row (UTC) carries it on from 10 Nov;
    // click-and-collect's at S1 starts 04:00Z too: the same window.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-run-zone-"));
    writeFileSync(join(dir, "stores.csv"), "location,timezone\nS1,UTC\n");
    writeFileSync(join(dir, "national.csv"), "sku,channel,price,sale_price,sale_start\nA,store,10.00,8.00,2026-11-01\n");
    writeFileSync(join(dir, "s1.csv"), "sku,channel,location,price,sale_price,valid_from\nA,store,S1,10.00,8.00,2026-11-10T00:00:00Z\n");
    writeFileSync(
      join(dir, "cc.csv"),
      "sku,channel,location,price,sale_price,sale_start\nA,click_collect,S1,10.00,8.00,2026-11-01T04:00:00Z\n",
    );
    const config = {
      timezone: "UTC",
      currency: "EUR",
      feeds: [
        { kind: "stores", path: "stores.csv" },
        { kind: "prices", path: "national.csv", timezone: "America/New_York" },
        { kind: "prices", path: "s1.csv" },
        { kind: "prices", path: "cc.csv" },
      ],
      rules: ["promo/window-mismatch"],
    };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    const report = await check(await loadConfig(join(dir, "pricelint.config.json")), { at: new Date("2026-11-15T00:00:00Z") });
    expect(report.findings.map((f) => f.message)).toStrictEqual([]);
  });

  // In UTC: at 20 Nov, the web's rows hold without a sale to 14 Nov, with one 15–21 Nov (a bare valid_to runs to the end
  // of that day), and then without a sale. (Where no row of an offer comes before or after, its listing starts or ends
  // there, not its sale: that end is the sale's date as written.)
  it("P46 compares the web's sale within its row's validity with the app's window: the same, no finding; an app sale running on past it, a finding", async () => {
    const web = [
      { sku: "A", channel: "web", price: "2.00", valid_to: "2026-11-14" },
      { sku: "A", channel: "web", price: "2.00", sale_price: "1.49", valid_from: "2026-11-15", valid_to: "2026-11-21" },
      { sku: "A", channel: "web", price: "2.00", valid_from: "2026-11-22" },
    ];
    // The app's sale runs 15 Nov to the end of 21 Nov: the same window as the web row's.
    expect(
      await mismatches([
        ...web,
        { sku: "A", channel: "app", price: "2.00", sale_price: "1.49", sale_start: "2026-11-15", sale_end: "2026-11-21" },
      ]),
    ).toStrictEqual([]);
    // Written with a window of its own to the end of the month, the web row's sale still ends with the row (22 Nov 00:00Z); the app's runs to 1 Dec.
    const windowed = web.map((r, i) => (i === 1 ? { ...r, sale_start: "2026-11-15", sale_end: "2026-11-30" } : r));
    const found = await mismatches([
      ...windowed,
      { sku: "A", channel: "app", price: "2.00", sale_price: "1.49", sale_start: "2026-11-15", sale_end: "2026-11-30" },
    ]);
    expect(found.map(([sku, , message]) => [sku, message])).toStrictEqual([
      [
        "A",
        "A: windows differ between channels: sale price 1.49 EUR: app 2026-11-15T00:00:00.000Z – 2026-12-01T00:00:00.000Z, web 2026-11-15T00:00:00.000Z – 2026-11-22T00:00:00.000Z",
      ],
    ]);
  });
});
