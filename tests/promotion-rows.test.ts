/**
 * Promotion rows and the channels they run in: a row that names stores may list only located
 * channels (a web price is the same at every store, so "web at MI01" is never guessed), and a
 * campaign written as one row per channel or step is judged whole by promo/missing-in-channel.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

const STORES = [
  { location: "MI01", timezone: "Europe/Rome", status: "open" },
  { location: "RM01", timezone: "Europe/Rome", status: "open" },
];

const promo = (p: Row): Row => ({ type: "percent_off", value: "10", skus: "M", ...p });

/** The findings of `rules` at `at` (config zone Rome): rule, promotion, location and message. */
async function run(feeds: Record<string, Row[]>, rules: string[], at: string) {
  const report = await check({ timezone: "Europe/Rome", currency: "EUR", feeds, rules } as never, { at: new Date(at) });
  return { report, found: report.findings.map((f) => [f.rule, f.promotion, f.location, f.message]) };
}

describe("P12 a promotion that names stores and lists a channel that is not located", () => {
  const prices = [
    { sku: "M", channel: "store", price: "10.00" },
    { sku: "M", channel: "web", price: "10.00" },
    { sku: "M", channel: "app", price: "10.00" },
  ];
  const reasons = async (...promotions: Row[]) => {
    const { report } = await run({ stores: STORES, prices, promotions }, ["channel/online-differs-from-store"], "2026-11-21T12:00:00Z");
    return { report, reasons: report.findings.map((f) => [f.rule, f.values.field, f.values.reason]) };
  };
  const row = (channels: string) =>
    promo({ promo_id: "PU", value: "20", channels, locations: "MI01", start: "2026-11-20", end: "2026-11-22" });

  it("P12 is refused, naming the channel and how to split the row, rather than giving web a price at MI01 only", async () => {
    // Before, web was 8.00 at MI01 and 10.00 elsewhere: "web 8.00 differs from store 10.00 at MI01".
    const { report, reasons: got } = await reasons(row("web"));
    expect(got).toStrictEqual([
      [
        "feed/invalid-row",
        "locations",
        "web is not located (its price is the same at every store), yet the row names stores: it may mean web everywhere or not in web at all; drop the locations to run it in web everywhere, or list the channels the stores sell in",
      ],
    ]);
    expect(report.summary.feeds.find((f) => f.kind === "promotions")).toMatchObject({ read: 1, accepted: 0, rejected: 1 });
  });

  it("with located channels beside, says to split it in two rows, each channel that is not located named; the two rows are accepted", async () => {
    expect((await reasons(row("store|web|app|click_collect"))).reasons).toStrictEqual([
      [
        "feed/invalid-row",
        "locations",
        "web and app are not located (their prices are the same at every store), yet the row names stores: it may mean web|app everywhere or not in web|app at all; split it into two rows: one for web|app without locations, one for store|click_collect with the stores",
      ],
    ]);
  });
});

describe("P12 reads whether a channel is located from the config", () => {
  it("refuses a declared channel that is not located with stores, and takes web declared located", async () => {
    const report = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        channels: { kiosk: { located: false }, web: { located: true } },
        feeds: {
          stores: STORES,
          prices: [{ sku: "M", channel: "web", location: "MI01", price: "10.00" }],
          promotions: [
            promo({ promo_id: "K", channels: "kiosk", locations: "MI01", start: "2026-11-20", end: "2026-11-22" }),
            promo({ promo_id: "W", channels: "web", locations: "MI01", start: "2026-11-20", end: "2026-11-22" }),
          ],
        },
        rules: [],
      } as never,
      { at: new Date("2026-11-21T12:00:00Z") },
    );
    expect(report.findings.map((f) => [f.sources[0]!.line, f.values.reason])).toStrictEqual([
      [
        1, // in-memory rows are numbered from 1
        "kiosk is not located (its price is the same at every store), yet the row names stores: it may mean kiosk everywhere or not in kiosk at all; drop the locations to run it in kiosk everywhere, or list the channels the stores sell in",
      ],
    ]);
  });
});

describe("promo/missing-in-channel judges a campaign whole", () => {
  const prices = [
    { sku: "M", channel: "store", price: "10.00" },
    { sku: "M", channel: "web", price: "10.00" },
  ];
  // Campaign BF: the store in two steps (20–21, 22–23 November), the web in one row (20–`webEnd`).
  const bf = (webEnd: string, campaign = "BF") => [
    promo({ promo_id: "BF-STORE-1", channels: "store", start: "2026-11-20", end: "2026-11-21", campaign: "BF" }),
    promo({ promo_id: "BF-STORE-2", value: "20", channels: "store", start: "2026-11-22", end: "2026-11-23", campaign: "BF" }),
    promo({ promo_id: "BF-WEB", channels: "web", start: "2026-11-20", end: webEnd, campaign }),
  ];
  const missing = async (promotions: Row[], at: string, feeds: Record<string, Row[]> = { prices }) =>
    (await run({ ...feeds, promotions }, ["promo/missing-in-channel"], at)).found;

  it("is silent while another row of the campaign runs in the channel the row leaves out, not where it runs in one alone", async () => {
    // Each instant is inside one store step and the web row (Rome is UTC+1): BF runs in both channels.
    for (const at of ["2026-11-19T23:00:00Z", "2026-11-21T12:00:00Z", "2026-11-22T12:00:00Z", "2026-11-23T22:59:00Z"])
      expect(await missing(bf("2026-11-23"), at), at).toStrictEqual([]);
    // 24 November: the store's steps are over, the web row runs to the 25th.
    expect(await missing(bf("2026-11-25"), "2026-11-24T12:00:00Z")).toStrictEqual([
      ["promo/missing-in-channel", "BF-WEB", null, "promotion BF-WEB runs in web but M is also sold in store, where it does not run"],
    ]);
    // A web row of another campaign is no row of BF's: each misses the other's channel.
    expect((await missing(bf("2026-11-23", "CYBER"), "2026-11-21T12:00:00Z")).map((f) => f[1])).toStrictEqual(["BF-STORE-1", "BF-WEB"]);
  });

  it("over a window, from the instant the campaign's last row in the other channel ends", async () => {
    const window = { from: new Date("2026-11-15T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") };
    const over = async (promotions: Row[]) => {
      const config = { timezone: "Europe/Rome", currency: "EUR", feeds: { prices, promotions }, rules: ["promo/missing-in-channel"] };
      const report = await check(config as never, { window });
      // Each instant evaluated whole gives the same.
      expect(await check(config as never, { window, windowByInstant: true })).toStrictEqual(report);
      return report.findings.map((f) => [f.promotion, f.interval!.from, f.interval!.to]);
    };
    expect(await over(bf("2026-11-23"))).toStrictEqual([]);
    // BF-STORE-2 ends with 23 November in Rome (23:00 UTC), BF-WEB with the 25th.
    expect(await over(bf("2026-11-25"))).toStrictEqual([["BF-WEB", "2026-11-23T23:00:00.000Z", "2026-11-25T23:00:00.000Z"]]);
  });

  it("counts a row limited to stores only at every store the row judged names", async () => {
    // The store runs BF at MI01 and RM01; click-and-collect, sold at both, runs it at MI01 only.
    const feeds = {
      stores: STORES,
      prices: [
        { sku: "M", channel: "store", price: "10.00" },
        { sku: "M", channel: "click_collect", price: "10.00" },
      ],
    };
    const rows = (ccLocations: string) => [
      promo({ promo_id: "S", channels: "store", locations: "MI01|RM01", start: "2026-11-20", end: "2026-11-23", campaign: "BF" }),
      promo({ promo_id: "CC", channels: "click_collect", locations: ccLocations, start: "2026-11-20", end: "2026-11-23", campaign: "BF" }),
    ];
    const at = "2026-11-21T12:00:00Z";
    // S misses click-and-collect at RM01; CC's store is there at MI01.
    expect((await missing(rows("MI01"), at, feeds)).map((f) => f[1])).toStrictEqual(["S"]);
    // At both stores, click-and-collect runs BF wherever S does, and S wherever CC does.
    expect(await missing(rows("MI01|RM01"), at, feeds)).toStrictEqual([]);
    // Click-and-collect everywhere covers S; S, at both listed stores, covers CC wherever the
    // store channel's default row stands, which is at those two stores (P70; before, at no store).
    expect(await missing(rows(""), at, feeds)).toStrictEqual([]);
  });
});

describe("P33 a campaign's rows read in their own zones", () => {
  it("P33 a row at a New York store is covered in web by a row read in the config's zone (Rome), while that row runs", async () => {
    // P2 runs at S3 (New York) 10–12 November: 10 Nov 05:00Z to 13 Nov 05:00Z. P3 runs in web,
    // which names no store, 11–12 November in Rome: 10 Nov 23:00Z to 12 Nov 23:00Z.
    const feeds = {
      stores: [{ location: "S3", timezone: "America/New_York", status: "open" }],
      prices: [
        { sku: "B", channel: "web", price: "10.00" },
        { sku: "B", channel: "store", location: "S3", price: "10.00" },
      ],
      promotions: [
        promo({ promo_id: "P2", skus: "B", channels: "store", locations: "S3", start: "2026-11-10", end: "2026-11-12", campaign: "C" }),
        promo({ promo_id: "P3", skus: "B", channels: "web", start: "2026-11-11", end: "2026-11-12", campaign: "C", exclusive: "true" }),
      ],
    };
    expect((await run(feeds, ["promo/missing-in-channel"], "2026-11-11T02:00:00Z")).found).toStrictEqual([]);
    const config = { timezone: "Europe/Rome", currency: "EUR", feeds, rules: ["promo/missing-in-channel"] };
    const window = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") };
    const report = await check(config as never, { window });
    expect(await check(config as never, { window, windowByInstant: true })).toStrictEqual(report);
    expect(report.findings.map((f) => [f.promotion, f.interval!.from, f.interval!.to])).toStrictEqual([
      ["P2", "2026-11-10T05:00:00.000Z", "2026-11-10T23:00:00.000Z"],
      ["P2", "2026-11-12T23:00:00.000Z", "2026-11-13T05:00:00.000Z"],
    ]);
  });
});

describe("P38 a campaign's other row read at each store in that store's zone", () => {
  it("P38 covers a located channel at a store only while it runs there, as the store's prices read it", async () => {
    // P2 runs in click_collect on 28 March at S1 (Tokyo: 27 Mar 15:00Z to 28 Mar 15:00Z) and
    // at S2 (New York: 28 Mar 04:00Z to 29 Mar 04:00Z); P1 runs in store 27–29 March.
    const feeds = (zone2: string) => ({
      stores: [
        { location: "S1", timezone: "Asia/Tokyo", status: "open", click_collect: "true" },
        { location: "S2", timezone: zone2, status: "open", click_collect: "true" },
      ],
      prices: [
        { sku: "A", channel: "store", price: "10.00" },
        { sku: "A", channel: "click_collect", price: "10.00" },
      ],
      promotions: [
        promo({ promo_id: "P1", skus: "A", channels: "store", locations: "S1|S2", start: "2026-03-27", end: "2026-03-29", campaign: "C" }),
        promo({
          promo_id: "P2",
          skus: "A",
          channels: "click_collect",
          locations: "S1|S2",
          start: "2026-03-28",
          end: "2026-03-28",
          campaign: "C",
        }),
      ],
    });
    const rules = ["promo/missing-in-channel", "channel/click-collect-above-store"];
    // 03:59Z is still 27 March in New York: click-and-collect at S2 is without P2, and above the store's promoted price.
    expect((await run(feeds("America/New_York"), rules, "2026-03-28T03:59:00Z")).found).toStrictEqual([
      ["channel/click-collect-above-store", null, "S2", "click_collect 10.00 is above store 9.00 at S2"],
      ["promo/missing-in-channel", "P1", null, "promotion P1 runs in store but A is also sold in click_collect, where it does not run"],
    ]);
    // 20:00Z on 27 March is 28 March in Tokyo and in Kolkata (01:30): P2 runs at both stores, nothing is missed.
    expect((await run(feeds("Asia/Kolkata"), rules, "2026-03-27T20:00:00Z")).found).toStrictEqual([]);
    // Over a window, the same as instant by instant.
    const config = { timezone: "Europe/Rome", currency: "EUR", feeds: feeds("America/New_York"), rules };
    const window = { from: new Date("2026-03-26T00:00:00Z"), to: new Date("2026-03-31T00:00:00Z") };
    const report = await check(config as never, { window });
    expect(await check(config as never, { window, windowByInstant: true })).toStrictEqual(report);
    expect(
      report.findings.filter((f) => f.rule === "promo/missing-in-channel").map((f) => [f.promotion, f.interval!.from, f.interval!.to]),
    ).toStrictEqual([
      // From P1's start at S1 (27 March in Tokyo: 26 March 15:00Z; P50: it runs for A where it
      // runs at one of its stores, each read in its zone) until P2 runs at both stores (S2: 04:00Z),
      ["P1", "2026-03-26T15:00:00.000Z", "2026-03-28T04:00:00.000Z"],
      // and once it has ended at one (S1: 28 March 15:00Z) until P1 ends at S2 (29 March in New York: 30 March 04:00Z).
      ["P1", "2026-03-28T15:00:00.000Z", "2026-03-30T04:00:00.000Z"],
    ]);
  });

  describe("P70 where a campaign's other row must run: the stores a located channel sells the sku at", () => {
    // P1 (store, every store) and P2 (click_collect) are one campaign; A's click_collect price is
    // a default row, with or without a row of its own at MI01. Both stores are in Rome.
    const feeds = (p2Stores: string, ownAtMi01: boolean, stores = true) => ({
      ...(stores ? { stores: STORES } : {}),
      prices: [
        { sku: "A", channel: "store", price: "10.00" },
        { sku: "A", channel: "click_collect", price: "10.00" },
        ...(ownAtMi01 ? [{ sku: "A", channel: "click_collect", location: "MI01", price: "10.00" }] : []),
      ],
      promotions: [
        promo({ promo_id: "P1", skus: "A", channels: "store", start: "2026-12-01", end: "2026-12-31", campaign: "C" }),
        promo({
          promo_id: "P2",
          skus: "A",
          channels: "click_collect",
          locations: p2Stores,
          start: "2026-12-01",
          end: "2026-12-31",
          campaign: "C",
        }),
      ],
    });
    const missing = [
      ["promo/missing-in-channel", "P1", null, "promotion P1 runs in store but A is also sold in click_collect, where it does not run"],
    ];
    const found = async (f: Record<string, Row[]>) => (await run(f, ["promo/missing-in-channel"], "2026-12-10T12:00:00Z")).found;

    it("P70 a default row standing at RM01 beside a row of its own at MI01: P2 at MI01 only misses RM01", async () => {
      // Before, the channel's places were the stores of its own rows (MI01): nothing was missed.
      expect(await found(feeds("MI01", true))).toStrictEqual(missing);
      // As with the default row alone, which stands at both stores.
      expect(await found(feeds("MI01", false))).toStrictEqual(missing);
    });

    it("P70 a default row standing at both stores, P2 running at both: nothing is missed", async () => {
      // Before, a default row alone was judged at no store, where P2 (limited to stores) never runs.
      expect(await found(feeds("MI01|RM01", false))).toStrictEqual([]);
      expect(await found(feeds("MI01|RM01", true))).toStrictEqual([]);
    });

    it("P70 without a stores feed, a default row stands where no store is named: P2 at MI01 only misses it", async () => {
      expect(await found(feeds("MI01", true, false))).toStrictEqual(missing);
      expect(await found(feeds("MI01", false, false))).toStrictEqual(missing);
    });

    it("P70 over a window, as instant by instant", async () => {
      const config = { timezone: "Europe/Rome", currency: "EUR", feeds: feeds("MI01", true), rules: ["promo/missing-in-channel"] };
      const window = { from: new Date("2026-11-30T00:00:00Z"), to: new Date("2027-01-02T00:00:00Z") };
      const report = await check(config as never, { window });
      expect(await check(config as never, { window, windowByInstant: true })).toStrictEqual(report);
      // Both rows run through December in Rome: 30 November 23:00Z to 31 December 23:00Z.
      expect(report.findings.map((f) => [f.promotion, f.interval!.from, f.interval!.to])).toStrictEqual([
        ["P1", "2026-11-30T23:00:00.000Z", "2026-12-31T23:00:00.000Z"],
      ]);
    });
  });
});

describe("P18 a buy_x_get_y with a value", () => {
  it("is refused, naming the value, rather than giving the further item free", async () => {
    // "Buy one, the second at 50 %" was read as "the second free": a unit price of 5.00, not 7.50.
    const prices = [{ sku: "M", channel: "web", price: "10.00" }];
    const deal = {
      promo_id: "B1G1HALF",
      type: "buy_x_get_y",
      min_qty: 1,
      get_qty: 1,
      channels: "web",
      start: "2026-11-20",
      end: "2026-11-22",
    };
    const { report } = await run({ prices, promotions: [promo({ ...deal, value: "50" })] }, [], "2026-11-21T12:00:00Z");
    expect(report.findings.map((f) => [f.rule, f.values.field, f.values.reason])).toStrictEqual([
      [
        "feed/invalid-row",
        "value",
        "buy_x_get_y gives its get_qty items free and takes no value: a discount on them (the second at 50 %) cannot be written as one",
      ],
    ]);
    // Without a value, the row is a buy_x_get_y as before.
    const { report: free } = await run({ prices, promotions: [promo({ ...deal, value: undefined })] }, [], "2026-11-21T12:00:00Z");
    expect(free.summary.feeds.find((f) => f.kind === "promotions")).toMatchObject({ read: 1, accepted: 1, rejected: 0 });
  });
});

describe("P34 a list cell that names an item twice", () => {
  it("P34 counts it once: listed channels, a promotion's stores and the stock over them, its channels", async () => {
    const show = {
      id: "house/show",
      description: "d",
      severity: "info",
      scope: "promotion",
      conditions: { all: [{ fact: "availableAtLocations", operator: "greaterThanInclusive", value: 0 }] },
      message: "{promoId} {sku} {availableAtLocations} at {locations} in {channels}",
    };
    const feeds = {
      stores: STORES,
      catalogue: [{ sku: "M", listed_channels: "store|app|app" }],
      prices: [{ sku: "M", channel: "store", price: "10.00" }],
      inventory: [
        { sku: "M", location: "MI01", available: "3" },
        { sku: "M", location: "RM01", available: "4" },
      ],
      promotions: [promo({ promo_id: "P", channels: "store|store", locations: "MI01|MI01", start: "2026-11-20", end: "2026-11-22" })],
    };
    const { report } = await run(feeds, ["price/missing-in-listed-channel", show] as never, "2026-11-21T12:00:00Z");
    expect(report.findings.map((f) => [f.rule, f.message])).toStrictEqual([
      ["house/show", "P M 3 at MI01 in store"],
      ["price/missing-in-listed-channel", "M is listed in store, app but has no price in app"],
    ]);
    expect(report.findings.find((f) => f.rule === "price/missing-in-listed-channel")!.values["unpricedListedChannelCount"]).toBe(1);
  });
});

describe("K13 a promotion id given again with other values", () => {
  it("K13 is rejected naming the fields that differ; one written a row per sku is told to list its skus in one cell", async () => {
    const row = (sku: string, value = "10") =>
      promo({ promo_id: "P", value, skus: sku, channels: "web", start: "2026-11-20", end: "2026-11-22" });
    const { report } = await run(
      { prices: [{ sku: "M", channel: "web", price: "10.00" }], promotions: [row("A"), row("B"), row("C", "20"), row("A")] },
      [],
      "2026-11-21T12:00:00Z",
    );
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => [f.values["code"], f.values["reason"]])).toStrictEqual([
      [
        "duplicate_key",
        "promotion P already given at (promotions):1, which differs in skus: a promotion is given once, its skus in one cell (`A|B`)",
      ],
      ["duplicate_key", "promotion P already given at (promotions):1, which differs in value, skus"],
    ]);
    // The same row again is the same promotion: no rejection.
    expect(report.summary.rows).toStrictEqual({ read: 5, accepted: 3, rejected: 2 });
  });
});

describe("K21 a promotion id given again with its start or end written another way", () => {
  const row = (start: string, end: string) => promo({ promo_id: "P", channels: "web", skus: "M", start, end });
  const rejected = async (...rows: Row[]) => {
    const { report } = await run({ prices: [{ sku: "M", channel: "web", price: "10.00" }], promotions: rows }, [], "2026-11-21T12:00:00Z");
    return report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.values["reason"]);
  };

  it("K21 is the same promotion where both texts are one instant wherever they are read", async () => {
    // A bare date and its first minute, bare; an offset and the same instant in UTC.
    expect(await rejected(row("2026-11-20", "2026-11-22"), row("2026-11-20T00:00", "2026-11-22"))).toStrictEqual([]);
    expect(await rejected(row("2026-11-20T10:00+01:00", "2026-11-22"), row("2026-11-20T09:00Z", "2026-11-22"))).toStrictEqual([]);
  });

  it("K21 differs where the texts are other instants, or meet in one zone only", async () => {
    // A bare end date holds to the end of its day, its first minute does not.
    expect(await rejected(row("2026-11-20", "2026-11-22"), row("2026-11-20", "2026-11-22T00:00"))).toStrictEqual([
      "promotion P already given at (promotions):1, which differs in end",
    ]);
    // Midnight in Rome (the config's zone) written with its offset: the same instant there, but a
    // promotion at a store in another zone reads the bare date in that zone.
    expect(await rejected(row("2026-11-20", "2026-11-22"), row("2026-11-20T00:00+01:00", "2026-11-22"))).toStrictEqual([
      "promotion P already given at (promotions):1, which differs in start",
    ]);
  });
});

describe("P48 a promotion's min_qty or get_qty below 0", () => {
  it("P48 is rejected, whatever the type: a count of items is 0 or more", async () => {
    const rows = [
      promo({ promo_id: "A", get_qty: "-1", channels: "web", start: "2026-11-20", end: "2026-11-22" }),
      promo({ promo_id: "B", type: "fixed_price", value: "8.00", min_qty: "-5", channels: "web", start: "2026-11-20", end: "2026-11-22" }),
      promo({
        promo_id: "C",
        type: "amount_off",
        value: "1.00",
        min_qty: "0",
        get_qty: "0",
        channels: "web",
        start: "2026-11-20",
        end: "2026-11-22",
      }),
      promo({ promo_id: "D", type: "fixed_price", value: "-5", channels: "web", start: "2026-11-20", end: "2026-11-22" }),
    ];
    const { report } = await run(
      { prices: [{ sku: "M", channel: "web", price: "10.00" }], promotions: rows },
      ["channel/app-differs-from-web"],
      "2026-11-21T12:00:00Z",
    );
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => [f.values["field"], f.values["reason"]])).toStrictEqual([
      ["get_qty", "get_qty is a number of items: 0 or more"],
      ["min_qty", "min_qty is a number of items: 0 or more"],
      ["value", "fixed_price takes the new price: an amount of 0 or more"],
    ]);
    // C is taken: 0 asks for no quantity.
    expect(report.summary.rows).toStrictEqual({ read: 5, accepted: 2, rejected: 3 });
  });
});

describe("P50 a store promotion naming no store, at a store in another zone than the config's", () => {
  // Config in Rome; the one store, N1, in New York; ES takes 10 % off in store from 1 to 10 May.
  // At N1 the store price is 9.00 from 1 May 00:00 in New York (04:00Z) to the end of 10 May
  // there (11 May 04:00Z), while the web stays at 10.00.
  const config = {
    timezone: "Europe/Rome",
    currency: "EUR",
    feeds: {
      stores: [{ location: "N1", timezone: "America/New_York", status: "open" }],
      prices: [
        { sku: "E", channel: "store", location: "N1", price: "10.00" },
        { sku: "E", channel: "web", price: "10.00" },
      ],
      promotions: [promo({ promo_id: "ES", skus: "E", channels: "store", start: "2026-05-01", end: "2026-05-10" })],
    },
    rules: ["promo/missing-in-channel"],
  };
  const missing = async (at: string) => (await check(config as never, { at: new Date(at) })).findings.map((f) => f.promotion);

  it("P50 runs for the sku while it runs at the store, in the store's zone", async () => {
    // 1 May 02:00Z is 30 April in New York: no store price is lowered yet.
    expect(await missing("2026-05-01T02:00:00Z")).toStrictEqual([]);
    expect(await missing("2026-05-01T05:00:00Z")).toStrictEqual(["ES"]);
    // 11 May 02:00Z is still 10 May in New York: the store is at 9.00, the web at 10.00.
    expect(await missing("2026-05-11T02:00:00Z")).toStrictEqual(["ES"]);
    const window = { from: new Date("2026-04-29T00:00:00Z"), to: new Date("2026-05-12T00:00:00Z") };
    const report = await check(config as never, { window });
    expect(report.findings.map((f) => [f.promotion, f.interval!.from, f.interval!.to])).toStrictEqual([
      ["ES", "2026-05-01T04:00:00.000Z", "2026-05-11T04:00:00.000Z"],
    ]);
    expect(await check(config as never, { window, windowByInstant: true })).toStrictEqual(report);
  });

  it("P50 judges each sku it covers by the stores that price it", async () => {
    // E is priced in store at N1 (New York), F at T1 (Tokyo); both on the web.
    const two = {
      ...config,
      feeds: {
        stores: [
          { location: "N1", timezone: "America/New_York", status: "open" },
          { location: "T1", timezone: "Asia/Tokyo", status: "open" },
        ],
        prices: [
          { sku: "E", channel: "store", location: "N1", price: "10.00" },
          { sku: "F", channel: "store", location: "T1", price: "10.00" },
          { sku: "E", channel: "web", price: "10.00" },
          { sku: "F", channel: "web", price: "10.00" },
        ],
        promotions: [promo({ promo_id: "ES", skus: "E|F", channels: "store", start: "2026-05-01", end: "2026-05-10" })],
      },
    };
    const skus = async (at: string) => (await check(two as never, { at: new Date(at) })).findings.map((f) => f.sku);
    // 1 May 02:00Z: 11:00 on 1 May in Tokyo, 22:00 on 30 April in New York.
    expect(await skus("2026-05-01T02:00:00Z")).toStrictEqual(["F"]);
    // 11 May 02:00Z: 11 May in Tokyo (over), still 10 May in New York.
    expect(await skus("2026-05-11T02:00:00Z")).toStrictEqual(["E"]);
  });

  /** The window's missing-in-channel findings, promotion, sku and interval, the same as instant by instant. */
  const windowed = async (feeds: Record<string, Row[]>) => {
    const both = { ...config, feeds };
    const window = { from: new Date("2026-04-29T00:00:00Z"), to: new Date("2026-05-12T00:00:00Z") };
    const report = await check(both as never, { window });
    expect(await check(both as never, { window, windowByInstant: true })).toStrictEqual(report);
    return report.findings.map((f) => [f.promotion, f.sku, f.interval!.from, f.interval!.to]);
  };
  const N1 = { location: "N1", timezone: "America/New_York", status: "open" };
  const web = { sku: "E", channel: "web", price: "10.00" };
  const atN1 = { sku: "E", channel: "store", location: "N1", price: "10.00" };

  it("P50 runs from when a store in another zone starts to price the sku, over a window as at each instant", async () => {
    // T1 (Tokyo) prices E from 30 April 18:00Z, when ES runs there already (1 May began at 15:00Z).
    const found = await windowed({
      stores: [N1, { location: "T1", timezone: "Asia/Tokyo", status: "open" }],
      prices: [atN1, { ...atN1, location: "T1", valid_from: "2026-04-30T18:00:00Z" }, web],
      promotions: [promo({ promo_id: "ES", skus: "E", channels: "store", start: "2026-05-01", end: "2026-05-10" })],
    });
    expect(found).toStrictEqual([["ES", "E", "2026-04-30T18:00:00.000Z", "2026-05-11T04:00:00.000Z"]]);
  });

  it("P50 judges a campaign's rows where they run: the web row ending before the store's in New York", async () => {
    // EW (web) runs from 1 May in Rome to 11 May 01:00Z; ES (store) at N1 from 1 May 04:00Z to 11 May 04:00Z.
    const found = await windowed({
      stores: [N1],
      prices: [atN1, web],
      promotions: [
        promo({ promo_id: "ES", skus: "E", channels: "store", start: "2026-05-01", end: "2026-05-10", campaign: "C" }),
        promo({ promo_id: "EW", skus: "E", channels: "web", start: "2026-05-01", end: "2026-05-11T01:00:00Z", campaign: "C" }),
      ],
    });
    expect(found).toStrictEqual([
      ["ES", "E", "2026-05-11T01:00:00.000Z", "2026-05-11T04:00:00.000Z"],
      ["EW", "E", "2026-04-30T22:00:00.000Z", "2026-05-01T04:00:00.000Z"],
    ]);
  });

  it("P50 leaves out a listed channel that prices the sku nowhere, and counts a default row at every store it stands at", async () => {
    // click_collect prices E nowhere: ES runs where the store channel does, at N1 only.
    const unpriced = await windowed({
      stores: [N1],
      prices: [atN1, web],
      promotions: [promo({ promo_id: "ES", skus: "E", channels: "store|click_collect", start: "2026-05-01", end: "2026-05-10" })],
    });
    expect(unpriced).toStrictEqual([["ES", "E", "2026-05-01T04:00:00.000Z", "2026-05-11T04:00:00.000Z"]]);
    // A store default row stands at L1 (Rome), where ES lowers it from 1 May in Rome (30 April 22:00Z).
    const standing = await windowed({
      stores: [N1, { location: "L1", timezone: "Europe/Rome", status: "open" }],
      prices: [atN1, { sku: "E", channel: "store", price: "10.00" }, web],
      promotions: [promo({ promo_id: "ES", skus: "E", channels: "store", start: "2026-05-01", end: "2026-05-10" })],
    });
    expect(standing).toStrictEqual([["ES", "E", "2026-04-30T22:00:00.000Z", "2026-05-11T04:00:00.000Z"]]);
  });
});
