/**
 * The 30 days the Omnibus rules look back over are calendar days of the place the offer stands
 * at (the store's zone, else the config's), whatever zone the price feed's own times are read in:
 * a feed's `timezone` says how to read its times without an offset, and is no store's calendar.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Report } from "../src/index.js";
import { checkFiles } from "./helpers/check-files.js";

const STORES =
  "location,name,timezone,status,click_collect,e_reservation,country,currency\nNY1,Manhattan,America/New_York,open,true,true,US,USD\n";

describe("the Omnibus 30 days at a store", () => {
  // New York's clocks go forward on 8 March 2026. SPRING starts 20 March, 00:00 EDT = 04:00Z;
  // 30 New York dates earlier is 18 February, 00:00 EST = 05:00Z. The 8.00 price ended at
  // 04:30Z on the 18th, before that: the lowest price of the 30 days is 10.00, the reference
  // shown. Counted in UTC days, they would start at 04:00Z and take in half an hour of 8.00.
  const files = {
    "stores.csv": STORES,
    "promos.csv":
      "promo_id,type,value,channels,skus,start,end,reference_price,currency\nSPRING,percent_off,10,store,A,2026-03-20,2026-04-30,10.00,USD\n",
    "history.csv": "sku,channel,location,valid_from,price\nA,store,NY1,2026-02-01T00:00:00Z,8.00\nA,store,NY1,2026-02-18T04:30:00Z,10.00\n",
  };
  const feeds = [
    { kind: "stores", path: "stores.csv" },
    { kind: "promotions", path: "promos.csv" },
    { kind: "price_history", path: "history.csv", priceInForce: "never" },
  ];
  const rules = ["omnibus/prior-price", "omnibus/insufficient-history"];

  it("T15 are counted in the store's zone whatever zone the price feed names (a Google local inventory feed: UTC)", async () => {
    const local =
      "store_code\tid\tquantity\tprice\tavailability\tpickup_method\tpickup_sla\nNY1\tA\t10\t10.00 USD\tin_stock\tnot supported\t\n";
    const config = {
      timezone: "America/New_York",
      currency: "USD",
      feeds: [...feeds, { profile: "google-local-inventory", path: "local_inventory.tsv" }],
      rules,
    };
    const report = await checkFiles({ ...files, "local_inventory.tsv": local }, config, "2026-03-25T12:00:00Z");
    expect(report.findings.map((f) => [f.rule, f.location])).toStrictEqual([]);
  });

  it("are the same with a CSV price feed whatever zone it names, though it holds no times", async () => {
    for (const timezone of [undefined, "UTC", "Asia/Tokyo"]) {
      const config = {
        timezone: "Europe/Rome",
        currency: "USD",
        feeds: [...feeds, { kind: "prices", path: "prices.csv", ...(timezone ? { timezone } : {}) }],
        rules,
      };
      const report = await checkFiles(
        { ...files, "prices.csv": "sku,channel,location,price\nA,store,NY1,10.00\n" },
        config,
        "2026-03-25T12:00:00Z",
      );
      expect([timezone, report.findings.map((f) => f.rule)]).toStrictEqual([timezone, []]);
    }
  });

  it("end not-a-reduction's interval at the store's calendar day, whatever zone the price feed names", async () => {
    // The sale (11.00 from 1 March) is not a reduction while 8.00 (until 1 March 17:00Z, 12:00
    // EST) is within the 30 days before. 30 New York dates after 1 March 12:00 EST is 31 March
    // 12:00 EDT = 16:00Z, when it leaves them. In UTC days it would be 17:00Z.
    const files = {
      "stores.csv": STORES,
      "p.csv": "sku,channel,location,price,sale_price,sale_start,sale_end\nA,store,NY1,12.00,11.00,2026-03-01T00:00Z,2026-06-01T00:00Z\n",
      "hist.csv": "sku,channel,location,valid_from,price\nA,store,NY1,2026-02-01T00:00Z,8.00\nA,store,NY1,2026-03-01T17:00Z,12.00\n",
    };
    for (const timezone of [undefined, "UTC"]) {
      const config = {
        timezone: "America/New_York",
        currency: "USD",
        feeds: [
          { kind: "stores", path: "stores.csv" },
          { kind: "prices", path: "p.csv", ...(timezone ? { timezone } : {}) },
          { kind: "price_history", path: "hist.csv", priceInForce: "never" },
        ],
        rules: ["omnibus/not-a-reduction"],
      };
      const report = await windowReport(files, config, "2026-03-01T00:00:00Z", "2026-04-15T00:00:00Z");
      expect([timezone, report.findings.map((f) => [f.rule, f.location, f.interval])]).toStrictEqual([
        timezone,
        [["omnibus/not-a-reduction", "NY1", { from: "2026-03-01T00:00:00.000Z", to: "2026-03-31T16:00:00.000Z" }]],
      ]);
    }
  });
});

/** The files and config checked over the window `[from, to)`. */
async function windowReport(files: Record<string, string>, config: Record<string, unknown>, from: string, to: string): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-omnibus-zones-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
  return check(await loadConfig(join(dir, "pricelint.config.json")), { window: { from: new Date(from), to: new Date(to) } });
}

describe("T17 the 30 days before a reduction that start in an hour the clocks skip", () => {
  // Rome's clocks skip 02:00–03:00 on 29 March 2026 (01:00Z). The 8.50 price held from 00:30Z to
  // 01:30Z that day. A sale from 28 April 02:40 (CEST, 00:40Z) looks back to 29 March 02:40,
  // a time the clocks skip: the days start where the clocks jump, 01:00Z, while 8.50 still held.
  // A sale half an hour later (03:10, 01:10Z) looks back to 01:10Z, 8.50 too: a later start
  // never looks back less far.
  const history = [
    { sku: "A", channel: "store", valid_from: "2026-01-01", price: "10.00" },
    { sku: "A", channel: "store", valid_from: "2026-03-29T00:30:00Z", price: "8.50" },
    { sku: "A", channel: "store", valid_from: "2026-03-29T01:30:00Z", price: "10.00" },
  ];
  const sale = (start: string) => ({
    sku: "A",
    channel: "store",
    price: "10.00",
    sale_price: "9.00",
    sale_start: start,
    sale_end: "2026-05-31",
    reference_price: "10.00",
  });
  const priorPrices = async (start: string) => {
    const report = await check(
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: { prices: [sale(start)], price_history: history },
        rules: ["omnibus/prior-price", "omnibus/insufficient-history"],
      } as never,
      { at: new Date("2026-05-01T12:00:00Z") },
    );
    return report.findings.map((f) => [f.rule, f.values["priorPrice"]]);
  };

  it("T17 start where the clocks jump, so the 8.50 that held then is the lowest, as it is for a later start", async () => {
    expect(await priorPrices("2026-04-28T02:40")).toStrictEqual([["omnibus/prior-price", "8.50"]]);
    expect(await priorPrices("2026-04-28T03:10")).toStrictEqual([["omnibus/prior-price", "8.50"]]);
    // 04:00 CEST (02:00Z) looks back to 02:00Z, after 8.50 ended: 10.00 is right.
    expect(await priorPrices("2026-04-28T04:00")).toStrictEqual([]);
  });

  it("T17 the window holds not-a-reduction exactly where a check at each instant does", async () => {
    // A 9.00 sale from 1 April at S1: not a reduction while the 30 days before the instant hold
    // the 8.50, that is until the days start after 01:30Z on 29 March: at 28 April 01:30Z.
    const files = {
      "stores.csv": "location,timezone,status\nS1,Europe/Rome,open\n",
      "prices.csv": "sku,channel,location,currency,price,sale_price,sale_start,sale_end\nA,store,S1,EUR,10.00,9.00,2026-04-01,2026-05-31\n",
      "history.csv": `sku,channel,location,valid_from,price\n${history.map((h) => `A,store,S1,${h.valid_from},${h.price}`).join("\n")}\n`,
    };
    const dir = mkdtempSync(join(tmpdir(), "pricelint-gap-"));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "stores", path: "stores.csv" },
        { kind: "prices", path: "prices.csv" },
        { kind: "price_history", path: "history.csv", priceInForce: "never" },
      ],
      rules: ["omnibus/not-a-reduction"],
    };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    const loaded = await loadConfig(join(dir, "c.json"));
    const window = await check(loaded, { window: { from: new Date("2026-04-27T20:00:00Z"), to: new Date("2026-04-28T04:00:00Z") } });
    expect(window.findings.map((f) => [f.rule, f.interval])).toStrictEqual([
      ["omnibus/not-a-reduction", { from: "2026-04-27T20:00:00.000Z", to: "2026-04-28T01:30:00.000Z" }],
    ]);
    for (const [at, held] of [
      ["2026-04-28T00:10:00Z", true],
      ["2026-04-28T00:40:00Z", true],
      ["2026-04-28T01:10:00Z", true],
      ["2026-04-28T01:29:59.999Z", true],
      ["2026-04-28T01:30:00Z", false],
    ] as const) {
      const report: Report = await check(loaded, { at: new Date(at) });
      expect([at, report.findings.some((f) => f.rule === "omnibus/not-a-reduction")]).toStrictEqual([at, held]);
    }
  });
});

describe("T20 a lower price that ended at a clock change leaves the 30 days of a window where a check at each instant sees it go", () => {
  // One web offer on a 10.00 sale from a 12.00 price, in Rome; the history had a 9.00 that ended at the clock change.
  const windowAndInstants = async (
    history: string,
    window: readonly [string, string],
    instants: readonly (readonly [string, boolean])[],
  ) => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-change-"));
    writeFileSync(
      join(dir, "prices.csv"),
      "sku,channel,currency,price,sale_price,sale_start,sale_end\nB,web,EUR,12.00,10.00,2026-03-01,2026-12-31\n",
    );
    writeFileSync(join(dir, "history.csv"), `sku,channel,valid_from,price\nB,web,2026-01-01,12.00\n${history}`);
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "prices.csv" },
        { kind: "price_history", path: "history.csv", priceInForce: "never" },
      ],
      rules: ["omnibus/not-a-reduction"],
    };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    const loaded = await loadConfig(join(dir, "c.json"));
    const report = await check(loaded, { window: { from: new Date(window[0]), to: new Date(window[1]) } });
    for (const [at, held] of instants) {
      const one = await check(loaded, { at: new Date(at) });
      expect([at, one.findings.length > 0]).toStrictEqual([at, held]);
    }
    return report.findings.map((f) => f.interval);
  };

  it("T20 a 9.00 that ended in the repeated hour (the second 02:40 of 25 October, 01:40Z) leaves at 24 November 03:00 (02:00Z)", async () => {
    // From 02:00 to 02:59 on 24 November (01:00–01:59Z) the 30 days start at the first 02:xx of
    // 25 October (00:xxZ), while 9.00 held; from 03:00 (02:00Z) they start after it ended.
    const intervals = await windowAndInstants(
      "B,web,2026-10-25T02:10+01:00,9.00\nB,web,2026-10-25T02:40+01:00,12.00\n",
      ["2026-11-20T00:00:00Z", "2026-12-31T00:00:00Z"],
      [
        ["2026-11-24T01:59:59.999Z", true],
        ["2026-11-24T02:00:00Z", false],
      ],
    );
    expect(intervals).toStrictEqual([{ from: "2026-11-20T00:00:00.000Z", to: "2026-11-24T02:00:00.000Z" }]);
  });

  it("T20 a 9.00 that ended where the clocks jumped (02:00 on 29 March, read as 03:00, 01:00Z) leaves at 28 April 02:00 (00:00Z)", async () => {
    // From 02:00 CEST on 28 April the 30 days start on 29 March at a skipped time, which is the jump: 01:00Z.
    const intervals = await windowAndInstants(
      "B,web,2026-03-28,9.00\nB,web,2026-03-29T02:00,12.00\n",
      ["2026-04-27T00:00:00Z", "2026-04-29T00:00:00Z"],
      [
        ["2026-04-27T23:59:59.999Z", true],
        ["2026-04-28T00:00:00Z", false],
      ],
    );
    expect(intervals).toStrictEqual([{ from: "2026-04-27T00:00:00.000Z", to: "2026-04-28T00:00:00.000Z" }]);
  });
});

describe("T23 a channel's default history row starts at one instant, as the price in force and as the Omnibus rules read it", () => {
  // The store's default rows: 20.00 from 1 Oct, 10.00 from 20 Nov, read in the config's zone
  // (Rome), as a price row without a location is: 10.00 from 19 Nov 23:00Z, at every store. At
  // NY2 (New York) a promotion from 20 Nov (read there: 05:00Z) shows 20.00 as the prior price;
  // 10.00 held from 23:00Z the evening before, within the 30 days.
  const files = {
    "stores.csv": "location,timezone,status,click_collect\nNY2,America/New_York,open,true\n",
    "history.csv": "sku,channel,location,valid_from,price\nA,store,,2026-10-01,20.00\nA,store,,2026-11-20,10.00\n",
    "promos.csv":
      "promo_id,type,value,channels,locations,skus,start,end,reference_price\nP,percent_off,10,store,NY2,A,2026-11-20,2026-11-25,20.00\n",
    "cc.csv": "sku,channel,location,currency,price\nA,click_collect,NY2,EUR,15.00\n",
  };
  const config = (rules: string[], cc = false) => ({
    timezone: "Europe/Rome",
    currency: "EUR",
    feeds: [
      { kind: "stores", path: "stores.csv" },
      { kind: "price_history", path: "history.csv" },
      { kind: "promotions", path: "promos.csv" },
      ...(cc ? [{ kind: "prices", path: "cc.csv" }] : []),
    ],
    rules,
  });

  it("T23 the prior price of a store promotion counts the default row's price from when it is the store's price", async () => {
    const report = await checkFiles(files, config(["omnibus/prior-price", "omnibus/insufficient-history"]), "2026-11-21T12:00:00Z");
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      "store at NY2: the reduction from 2026-11-20T05:00:00.000Z shows 20.00 as the prior price, but the lowest price of the 30 days before was 10.00",
    ]);
    // The same row as the store's price at NY2: 10.00 from 19 Nov 23:00Z (15.00 click-and-collect is above it), 20.00 before.
    const price = config(["channel/click-collect-above-store"], true);
    const before = await checkFiles(files, price, "2026-11-19T22:59:59Z");
    const after = await checkFiles(files, price, "2026-11-19T23:00:00Z");
    expect([before.findings.length, after.findings.map((f) => f.values)]).toStrictEqual([
      0,
      [{ "click_collect.effectivePrice": "15.00", "store.effectivePrice": "10.00" }],
    ]);
  });
});
