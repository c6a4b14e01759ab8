/**
 * promo/window-mismatch over time, and what its findings cite: a mismatch holds from when it is
 * known until the last of its windows ends (a window in the future is planning, one that has
 * ended is history), at an instant and over a window alike; a campaign compared at a store with
 * the windows it has over the whole sku is found once; and each finding cites the price and
 * promotion rows whose windows are compared, standing at the store when every mismatch is there.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;
type Feeds = Record<string, Row[]>;

const RULES = ["promo/window-mismatch"];

async function run(feeds: Feeds, options: { at: Date } | { window: { from: Date; to: Date }; windowByInstant?: boolean }) {
  const report = await check({ timezone: "Europe/Rome", currency: "EUR", feeds, rules: RULES } as never, options);
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return report.findings;
}

/** At an instant: each finding's sku, location, count and message. */
async function at(feeds: Feeds, instant: string) {
  const found = await run(feeds, { at: new Date(instant) });
  return found.map((f) => [f.sku, f.location, f.values.windowMismatchCount, f.message]);
}

/**
 * Over a window: each finding's sku, location and interval, as the incremental evaluation gives
 * it; checking every instant where an input changes and merging gives the same.
 */
async function over(feeds: Feeds, from: string, to: string) {
  const window = { from: new Date(from), to: new Date(to) };
  const incremental = await run(feeds, { window });
  expect(incremental).toStrictEqual(await run(feeds, { window, windowByInstant: true }));
  return incremental.map((f) => [f.sku, f.location, f.interval]);
}

const stores: Row[] = [{ location: "MI01" }]; // in the config's zone, Rome
const promotion = (promo_id: string, channels: string, sku: string, start: string, end: string, more: Row = {}): Row => ({
  promo_id,
  type: "percent_off",
  value: "10",
  channels,
  skus: sku,
  start,
  end,
  ...more,
});

// A store-only promotion in January 2025 at MI01 (the store's own row), none on the web. In Rome
// (UTC+1 in winter) it runs from 1 Jan 00:00 (31 Dec 23:00Z) to the end of 31 Jan (31 Jan 23:00Z).
const january: Feeds = {
  stores,
  prices: [
    { sku: "H1", channel: "web", price: "10.00" },
    { sku: "H1", channel: "store", location: "MI01", price: "10.00" },
  ],
  promotions: [promotion("OLD", "store", "H1", "2025-01-01", "2025-01-31")],
};
const JANUARY = "H1: windows differ between channels: sale at MI01: store 2024-12-31T23:00:00.000Z – 2025-01-31T23:00:00.000Z, web none";

// Campaign bf in November 2025: in store until the end of the 30th (30 Nov 23:00Z), on the web until
// the end of the 29th (29 Nov 23:00Z), both from 1 Nov 00:00 in Rome (31 Oct 23:00Z).
const november: Feeds = {
  stores,
  prices: [
    { sku: "H3", channel: "web", price: "10.00" },
    { sku: "H3", channel: "store", location: "MI01", price: "10.00" },
  ],
  promotions: [
    promotion("CMP1", "store", "H3", "2025-11-01", "2025-11-30", { campaign: "bf" }),
    promotion("CMP2", "web", "H3", "2025-11-01", "2025-11-29", { campaign: "bf" }),
  ],
};
const NOVEMBER =
  "H3: windows differ between channels: campaign bf: store 2025-10-31T23:00:00.000Z – 2025-11-30T23:00:00.000Z, web 2025-10-31T23:00:00.000Z – 2025-11-29T23:00:00.000Z";

describe("promo/window-mismatch holds until the last of its windows ends", () => {
  it("reports a sale at a store and none on the web before and while it runs, not after it ended; an open end never ends", async () => {
    const found = [["H1", "MI01", 1, JANUARY]];
    expect(await at(january, "2024-12-01T00:00:00Z")).toStrictEqual(found); // planned
    expect(await at(january, "2025-01-15T00:00:00Z")).toStrictEqual(found);
    expect(await at(january, "2025-01-31T22:59:59Z")).toStrictEqual(found);
    expect(await at(january, "2025-01-31T23:00:00Z")).toStrictEqual([]); // the end is exclusive
    expect(await at(january, "2026-06-10T00:00:00Z")).toStrictEqual([]);
    // A sale with an open end never ends: the same sale price in another window still differs.
    const open: Feeds = {
      prices: [
        { sku: "O", channel: "web", price: "10.00", sale_price: "8.00", sale_start: "2025-01-01" },
        { sku: "O", channel: "store", price: "10.00", sale_price: "8.00", sale_start: "2025-01-01", sale_end: "2025-01-31" },
      ],
    };
    expect(await at(open, "2026-06-10T00:00:00Z")).toStrictEqual([
      [
        "O",
        null,
        1,
        "O: windows differ between channels: sale price 8.00 EUR: store 2024-12-31T23:00:00.000Z – 2025-01-31T23:00:00.000Z, web 2024-12-31T23:00:00.000Z – open",
      ],
    ]);
  });

  it("reports a campaign's different windows until the later one ends, once for the sku and not again at the store", async () => {
    const found = [["H3", null, 1, NOVEMBER]];
    expect(await at(november, "2025-11-10T00:00:00Z")).toStrictEqual(found);
    // The web's window has ended, the store's has not: the store still runs bf a day longer.
    expect(await at(november, "2025-11-30T12:00:00Z")).toStrictEqual(found);
    expect(await at(november, "2025-11-30T23:00:00Z")).toStrictEqual([]);
    expect(await at(november, "2026-06-10T00:00:00Z")).toStrictEqual([]);
  });

  it("compares no windows of a sku priced in no channel: it sells nothing", async () => {
    const feeds: Feeds = {
      catalogue: [{ sku: "C" }],
      prices: [{ sku: "X", channel: "web", price: "1.00" }],
      promotions: november.promotions!.map((p) => ({ ...p, skus: "C" })),
    };
    expect(await at(feeds, "2025-11-10T00:00:00Z")).toStrictEqual([]);
  });
});

describe("promo/window-mismatch over a window: the interval until the last window ends", () => {
  it("ends a store's promotion's mismatch where the promotion ends, and finds none in a later window", async () => {
    expect(await over(january, "2025-01-10T00:00:00Z", "2025-02-10T00:00:00Z")).toStrictEqual([
      ["H1", "MI01", { from: "2025-01-10T00:00:00.000Z", to: "2025-01-31T23:00:00.000Z" }],
    ]);
    expect(await over(january, "2026-06-01T00:00:00Z", "2026-06-20T00:00:00Z")).toStrictEqual([]);
  });

  it("ends a campaign's mismatch where its later window ends", async () => {
    expect(await over(november, "2025-11-25T00:00:00Z", "2025-12-05T00:00:00Z")).toStrictEqual([
      ["H3", null, { from: "2025-11-25T00:00:00.000Z", to: "2025-11-30T23:00:00.000Z" }],
    ]);
  });

  it("ends a store row's sale where its window ends, and a promotion limited to the store where it ends", async () => {
    const feeds: Feeds = {
      stores,
      prices: [
        // 1–10 March at MI01 (UTC+1): 28 Feb 23:00Z to 10 Mar 23:00Z; the web runs no sale.
        { sku: "S", channel: "web", price: "10.00" },
        {
          sku: "S",
          channel: "store",
          location: "MI01",
          price: "10.00",
          sale_price: "8.00",
          sale_start: "2025-03-01",
          sale_end: "2025-03-10",
        },
        // The store's default row, made MI01's offer by a promotion for MI01 from 1 to 5 April
        // (UTC+2 from 30 March): 31 Mar 22:00Z to 5 Apr 22:00Z.
        { sku: "P", channel: "web", price: "10.00" },
        { sku: "P", channel: "store", price: "10.00" },
      ],
      promotions: [promotion("LOCAL", "store", "P", "2025-04-01", "2025-04-05", { locations: "MI01" })],
    };
    expect(await over(feeds, "2025-03-05T00:00:00Z", "2025-04-10T00:00:00Z")).toStrictEqual([
      ["P", "MI01", { from: "2025-03-05T00:00:00.000Z", to: "2025-04-05T22:00:00.000Z" }],
      ["S", "MI01", { from: "2025-03-05T00:00:00.000Z", to: "2025-03-10T23:00:00.000Z" }],
    ]);
  });
});

describe("promo/window-mismatch cites the rows whose windows it compares", () => {
  const sources = async (feeds: Feeds) =>
    (await run(feeds, { at: new Date("2026-06-10T00:00:00Z") })).map((f) => [f.sku, f.location, f.sources]);
  const prices = (line: number) => ({ file: "(prices)", line });
  const promotions = (line: number) => ({ file: "(promotions)", line });

  it("cites both channels' sale rows, and a row's duplicate, without a catalogue", async () => {
    const sale = (channel: string, end: string): Row => ({
      sku: "W1",
      channel,
      price: "10.00",
      sale_price: "8.00",
      sale_start: "2026-06-01",
      sale_end: end,
    });
    // The web's row twice, alike: one offer, both rows cited.
    expect(await sources({ prices: [sale("web", "2026-06-30"), sale("store", "2026-06-29"), sale("web", "2026-06-30")] })).toStrictEqual([
      ["W1", null, [prices(1), prices(2), prices(3)]],
    ]);
  });

  it("cites a campaign's promotion rows, after the catalogue row", async () => {
    const feeds: Feeds = {
      catalogue: [{ sku: "Z" }, { sku: "W3" }],
      prices: [
        { sku: "W3", channel: "web", price: "10.00" },
        { sku: "W3", channel: "store", price: "10.00" },
      ],
      promotions: [
        promotion("X1", "web", "W3", "2026-06-01", "2026-06-30", { campaign: "summer" }),
        promotion("X2", "store", "W3", "2026-06-01", "2026-06-29", { campaign: "summer" }),
      ],
    };
    expect(await sources(feeds)).toStrictEqual([["W3", null, [{ file: "(catalogue)", line: 2 }, promotions(1), promotions(2)]]]);
  });

  it("stands at the store where a sale runs in one channel only, citing both offers' rows and the promotions making the sale", async () => {
    const feeds: Feeds = {
      stores,
      prices: [
        { sku: "K", channel: "web", price: "10.00" },
        {
          sku: "K",
          channel: "store",
          location: "MI01",
          price: "10.00",
          sale_price: "8.00",
          sale_start: "2026-06-01",
          sale_end: "2026-06-30",
        },
      ],
      promotions: [
        promotion("EXCL", "store", "K", "2026-06-01", "2026-06-30", { exclusive: true }), // meant for the store: no sale the web misses
        promotion("P1", "store", "K", "2026-06-05", "2026-06-12", { locations: "MI01" }),
      ],
    };
    expect(await sources(feeds)).toStrictEqual([["K", "MI01", [prices(1), prices(2), promotions(2)]]]);
  });

  it("stands at no one location when a mismatch is over the whole sku or at two stores, and cites every one's rows", async () => {
    const feeds: Feeds = {
      stores: [{ location: "MI01" }, { location: "RM01" }],
      prices: [
        { sku: "M", channel: "web", price: "10.00" },
        {
          sku: "M",
          channel: "store",
          location: "MI01",
          price: "10.00",
          sale_price: "8.00",
          sale_start: "2026-06-01",
          sale_end: "2026-06-30",
        },
        {
          sku: "M",
          channel: "store",
          location: "RM01",
          price: "10.00",
          sale_price: "9.00",
          sale_start: "2026-06-01",
          sale_end: "2026-06-30",
        },
      ],
    };
    expect(await sources(feeds)).toStrictEqual([["M", null, [prices(1), prices(2), prices(3)]]]);
  });
});
