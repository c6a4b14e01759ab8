/**
 * promo/window-mismatch at each location where a channel has a row of its own: the web's sale
 * against each store's, from sale prices or the promotions feed, and a sale in one but not the other.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

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
