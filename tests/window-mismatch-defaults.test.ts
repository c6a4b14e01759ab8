/**
 * promo/window-mismatch on the channels' default rows: a sale window with an open end is an
 * unbounded window, and a default row standing at a store as that store's offer (a promotion
 * limited to stores names it there) is compared there as a row of the store's own would be.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

async function mismatches(feeds: Record<string, Row[]>, at = "2026-11-10T12:00:00Z") {
  const report = await check({ timezone: "UTC", currency: "EUR", feeds, rules: ["promo/window-mismatch"] } as never, { at: new Date(at) });
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings.map((f) => [f.sku, f.values.windowMismatchCount, f.message]);
}

const row = (sku: string, channel: string, sale: Row = {}, location?: string): Row => ({
  sku,
  channel,
  ...(location === undefined ? {} : { location }),
  price: "10.00",
  ...sale,
});
/** 8.00 from `start` to `end` (each left out where empty). */
const sale = (start: string, end: string): Row => ({
  sale_price: "8.00",
  ...(start === "" ? {} : { sale_start: start }),
  ...(end === "" ? {} : { sale_end: end }),
});

// Bare dates in UTC: 1 Nov is 1 Nov 00:00Z; the end of 30 Nov is 1 Dec 00:00Z, of 29 Nov 30 Nov 00:00Z.
const NOV_1 = "2026-11-01T00:00:00.000Z";
const DEC_1 = "2026-12-01T00:00:00.000Z";

describe("promo/window-mismatch: a default row's sale window with an open end", () => {
  it("compares a sale with no window, or with no end or no start, as unbounded there", async () => {
    const found = await mismatches({
      prices: [
        row("A", "web", sale("2026-11-01", "2026-11-30")),
        row("A", "app", sale("", "")), // always
        row("B", "web", sale("2026-11-01", "2026-11-30")),
        row("B", "app", sale("2026-11-01", "")), // from 1 Nov on
        row("C", "web", sale("", "2026-11-30")),
        row("C", "app", sale("", "2026-11-29")), // until 29 Nov since always: ends a day before the web's
        row("D", "web", sale("2026-11-01", "")),
        row("D", "app", sale("2026-11-01", "")), // the same open window: nothing differs
        row("E", "web", sale("", "")),
        row("E", "app", sale("", "")), // always in both
      ],
    });
    expect(found).toStrictEqual([
      ["A", 1, `A: windows differ between channels: sale price 8.00 EUR: app open – open, web ${NOV_1} – ${DEC_1}`],
      ["B", 1, `B: windows differ between channels: sale price 8.00 EUR: app ${NOV_1} – open, web ${NOV_1} – ${DEC_1}`],
      ["C", 1, `C: windows differ between channels: sale price 8.00 EUR: app open – 2026-11-30T00:00:00.000Z, web open – ${DEC_1}`],
    ]);
  });

  it("does not compare a sale whose duplicate rows disagree on its window: which window runs is unknown", async () => {
    const found = await mismatches({
      prices: [
        row("F", "web", sale("2026-11-01", "2026-11-30")),
        row("F", "app", sale("", "")),
        row("F", "app", sale("2026-11-01", "2026-11-29")), // the same offer again, with a window: which is right is unknown
        row("G", "web", sale("2026-11-01", "2026-11-30")),
        row("G", "app", sale("2026-11-01", "")), // no end, undisputed: found
      ],
    });
    expect(found).toStrictEqual([
      ["G", 1, `G: windows differ between channels: sale price 8.00 EUR: app ${NOV_1} – open, web ${NOV_1} – ${DEC_1}`],
    ]);
  });
});

describe("promo/window-mismatch: a default row standing at a store a promotion names", () => {
  const stores: Row[] = ["S1", "S2"].map((location) => ({ location, timezone: "UTC", status: "open" }));
  const step = (promo_id: string, channels: string, locations: string, start: string): Row => ({
    promo_id,
    type: "percent_off",
    value: "10",
    channels,
    skus: "A",
    locations,
    start,
    end: "2026-11-30",
    campaign: "BF",
  });
  // Black Friday in store from 1 Nov at S1 and from 5 Nov at S2; on the web from 1 Nov.
  const promotions = [
    step("P1", "store", "S1", "2026-11-01"),
    step("P2", "store", "S2", "2026-11-05"),
    step("P3", "web", "", "2026-11-01"),
  ];
  const expected = [
    ["A", 1, `A: windows differ between channels: campaign BF at S2: store 2026-11-05T00:00:00.000Z – ${DEC_1}, web ${NOV_1} – ${DEC_1}`],
  ];

  it("finds the campaign starting 4 days later at S2 in store than on the web, the store priced by its default row", async () => {
    // Over the whole sku the store runs BF from 1 Nov (at S1) to 30 Nov, as the web: only S2 differs.
    const byDefault = { stores, promotions, prices: [row("A", "web"), row("A", "store")] };
    const byStore = { stores, promotions, prices: [row("A", "web"), row("A", "store", {}, "S1"), row("A", "store", {}, "S2")] };
    expect(await mismatches(byStore)).toStrictEqual(expected);
    // The windows compared are the promotions', whenever they run: before them and in them, until
    // the last of them ends (1 Dec 00:00); after that the mismatch is history.
    for (const at of ["2026-10-01T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-10T12:00:00Z", "2026-11-30T23:59:59Z"]) {
      expect(await mismatches(byDefault, at)).toStrictEqual(expected);
    }
    for (const at of ["2026-12-01T00:00:00Z", "2026-12-10T00:00:00Z"]) expect(await mismatches(byDefault, at)).toStrictEqual([]);
  });

  it("finds a sale at a store the default row runs under a promotion limited to it, and none on the web there", async () => {
    const found = await mismatches({
      stores,
      prices: [row("B", "web"), row("B", "store")],
      promotions: [{ ...step("LOCAL", "store", "S1", "2026-11-16"), skus: "B", campaign: "" }],
    });
    // S2 is no store the promotion names: the default row stands there as everywhere, and is not compared.
    expect(found).toStrictEqual([
      ["B", 1, `B: windows differ between channels: sale at S1: store 2026-11-16T00:00:00.000Z – ${DEC_1}, web none`],
    ]);
  });
});

describe("P47 a default row standing at a store, its sale carried on by a store row of the same sale", () => {
  // The store channel's default row runs 8.00 all January; S1's own row holds 11–21 January with
  // the same sale, so at S1 the default row stands before and after it; click-and-collect at S1
  // runs 8.00 all January too. Bare dates in UTC: a sale_end or valid_to holds to the end of its day.
  const prices = (storeSale: string): Row[] => [
    row("A", "store", { ...sale("2027-01-01", "2027-01-30"), valid_from: "2027-01-01", valid_to: "2027-01-31" }),
    row(
      "A",
      "store",
      { sale_price: storeSale, sale_start: "2027-01-11", sale_end: "2027-01-21", valid_from: "2027-01-11", valid_to: "2027-01-21" },
      "S1",
    ),
    row("A", "click_collect", sale("2027-01-01", "2027-01-30"), "S1"),
  ];
  const stores = [{ location: "S1", name: "One" }];

  it("P47 runs the default row's sale on through the store row and over the default row's own stretch after it", async () => {
    // At S1 on 5 January the store price is 8.00 from 1 January (the default row), through the
    // store row (11–21 January), then the default row again to 30 January: the window
    // click-and-collect has. The run stopped at the store row's end (22 January) before.
    expect(await mismatches({ prices: prices("8.00"), stores }, "2027-01-05T12:00:00Z")).toStrictEqual([]);
  });

  it("P47 stops the run at a store row of another sale", async () => {
    // 7.50 at the store row: the 8.00 sale at S1 breaks on 11 January, when that row starts to hold.
    expect(await mismatches({ prices: prices("7.50"), stores }, "2027-01-05T12:00:00Z")).toStrictEqual([
      [
        "A",
        1,
        "A: windows differ between channels: sale price 8.00 EUR at S1: click_collect 2027-01-01T00:00:00.000Z – 2027-01-31T00:00:00.000Z, store 2027-01-01T00:00:00.000Z – 2027-01-11T00:00:00.000Z",
      ],
    ]);
  });
});
