/**
 * Google Merchant Center feeds read through the profiles (fixtures/google/): one file listed once
 * yields every kind it carries, a local row yields its store and pickup offers, a local row
 * without a price takes the primary feed's, zone-less times are UTC, and availability is judged
 * against stock. Expected findings are worked out by hand from the fixture's rows.
 */
import { mkdtempSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { feedViews } from "../src/config/feed-views.js";
import { check, loadConfig, type ConfigInput } from "../src/index.js";
import { mergeReports } from "../src/parallel/merge.js";
import { formatJson } from "../src/report/json.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { channelRegistry } from "../src/config/channels.js";
import { PricelintError } from "../src/model/errors.js";

const DIR = "fixtures/google";
const AT = new Date("2026-11-25T12:00:00Z");
const RULES = ["availability/contradicts-stock", "availability/pickup-low-stock", "availability/click-collect-store-closed"];

/** A config over the fixture's files (`feeds` as given, in that order), run at AT. */
async function run(feeds: ConfigInput["feeds"], more: Partial<ConfigInput> = {}, at = AT) {
  const config = validateConfig({ timezone: "America/New_York", currency: "USD", feeds, rules: RULES, ...more }, "test");
  return check({ config, file: null, baseDir: DIR }, { at });
}

const STORES = { kind: "stores", path: "stores.csv" } as const;
const PRIMARY_XML = { profile: "google-products", path: "products.xml" } as const;
const PRIMARY_TSV = { profile: "google-products", path: "products.tsv" } as const;
const LOCAL = { profile: "google-local-inventory", path: "local_inventory.tsv" } as const;

const brief = (r: Awaited<ReturnType<typeof run>>) =>
  r.findings.map((f) => ({ rule: f.rule, sku: f.sku, location: f.location, channels: f.channels, sources: f.sources }));

describe("Google Merchant Center profiles", () => {
  it("read the primary feed (XML) and the local inventory feed once each, with the findings worked out by hand", async () => {
    const report = await run([STORES, PRIMARY_XML, LOCAL]);
    expect(report.summary.feeds).toStrictEqual([
      { file: "stores.csv", kind: "stores", read: 4, accepted: 4, rejected: 0 },
      { file: "products.xml", kind: "catalogue+prices", read: 4, accepted: 4, rejected: 0 },
      // Eight rows: G-999 has no web row to take a price from, G-400 at NY2 has quantity "many".
      { file: "local_inventory.tsv", kind: "prices+inventory", read: 8, accepted: 6, rejected: 2 },
    ]);
    // The <item> of G-100 opens at line 7 of products.xml, G-200's at 18, G-300's at 30.
    expect(brief(report)).toStrictEqual([
      // TC1 is temporarily closed; G-100's row there has pickup_method buy, so a click_collect offer, priced from the web row.
      {
        rule: "availability/click-collect-store-closed",
        sku: "G-100",
        location: "TC1",
        channels: ["click_collect"],
        sources: [
          { file: "local_inventory.tsv", line: 9 },
          { file: "products.xml", line: 7 },
        ],
      },
      // in_stock with 0 units (in stock from 3).
      {
        rule: "availability/contradicts-stock",
        sku: "G-200",
        location: "NY1",
        channels: ["store"],
        sources: [
          { file: "local_inventory.tsv", line: 3 },
          { file: "products.xml", line: 18 },
        ],
      },
      // out of stock with 5 units (out of stock below 1).
      {
        rule: "availability/contradicts-stock",
        sku: "G-300",
        location: "NY2",
        channels: ["store"],
        sources: [
          { file: "local_inventory.tsv", line: 5 },
          { file: "products.xml", line: 30 },
        ],
      },
      // same day pickup (buy: click_collect) with 0 units (minimum 3).
      {
        rule: "availability/pickup-low-stock",
        sku: "G-200",
        location: "NY1",
        channels: ["click_collect"],
        sources: [
          { file: "local_inventory.tsv", line: 3 },
          { file: "products.xml", line: 18 },
        ],
      },
      { rule: "feed/invalid-row", sku: "G-400", location: null, channels: [], sources: [{ file: "local_inventory.tsv", line: 8 }] },
      { rule: "feed/invalid-row", sku: "G-999", location: null, channels: [], sources: [{ file: "local_inventory.tsv", line: 7 }] },
    ]);
    const invalid = report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => [f.values["code"], f.message]);
    expect(invalid).toStrictEqual([
      ["not_an_integer", 'local_inventory.tsv:8:3 (quantity): "many" is not a whole number'],
      [
        "no_inherited_price",
        "local_inventory.tsv:7:4 (price): no price or sale_price, and sku G-999 has no web row (without a location) to take them from",
      ],
    ]);
  });

  it("cite both lines in a pair finding of inherited offers, each line once", async () => {
    // A house pair rule over click_collect and store: G-100 at NY1 (local line 2) has no price of its own, so
    // both offers the row yields take the web's 15.00 from products.tsv line 2.
    const rule = {
      id: "house/pickup-as-shelf",
      description: "pickup priced as the shelf",
      severity: "info",
      scope: "pair",
      channels: ["click_collect", "store"],
      conditions: {
        all: [{ fact: "click_collect", path: "$.effectivePrice", operator: "equal", value: { fact: "store", path: "$.effectivePrice" } }],
      },
      message: "{location}",
    };
    const report = await run([STORES, PRIMARY_TSV, LOCAL], { rules: [rule] });
    const atNy1 = report.findings.find((f) => f.sku === "G-100" && f.location === "NY1")!;
    expect(atNy1.sources).toStrictEqual([
      { file: "local_inventory.tsv", line: 2 },
      { file: "products.tsv", line: 2 },
    ]);
    // G-400 at BK1 has its own price (local line 6): both offers come from that one row, cited once.
    expect(report.findings.find((f) => f.sku === "G-400" && f.location === "BK1")!.sources).toStrictEqual([
      { file: "local_inventory.tsv", line: 6 },
    ]);
  });

  it("give the same findings from the primary feed as TSV with spaced names, and whatever order the feeds are listed in", async () => {
    const xml = await run([STORES, PRIMARY_XML, LOCAL]);
    const tsvFirst = await run([LOCAL, PRIMARY_TSV, STORES]);
    const strip = (r: typeof xml) => r.findings.map((f) => ({ ...f, sources: f.sources.filter((s) => s.file === "local_inventory.tsv") }));
    expect(strip(tsvFirst)).toStrictEqual(strip(xml));
    // The TSV's lines: G-100 on line 2, G-200 on 3.
    expect(tsvFirst.findings.find((f) => f.rule === "availability/pickup-low-stock")!.sources).toStrictEqual([
      { file: "local_inventory.tsv", line: 3 },
      { file: "products.tsv", line: 3 },
    ]);
    const xmlLast = await run([LOCAL, STORES, PRIMARY_XML]);
    // The config lists its feeds in another order: its digest (run.config) differs, nothing else.
    expect(formatJson({ ...xmlLast, summary: xml.summary, run: xml.run! })).toBe(formatJson(xml));
  });

  it("yield one store offer per local row, and a click_collect or e_reservation offer for buy or reserve; a rejected row adds none", async () => {
    const config = validateConfig({ currency: "USD", feeds: [STORES, PRIMARY_XML, LOCAL], rules: [] }, "test");
    const { dataset } = await loadDataset(config, DIR, { channels: new Set(channelRegistry(undefined).keys()) });
    const offers: string[] = [];
    for (let row = 0; row < dataset.offers.size; row++) {
      const o = dataset.offers.read(row, new (await import("../src/model/offer.js")).OfferRecord());
      offers.push(
        `${o.sku} ${o.channel} ${o.location ?? "-"} ${o.price} ${o.salePrice} ${o.availability} ${o.pickupMethod} ${o.pickupSla}`,
      );
    }
    expect(offers).toStrictEqual([
      "G-100 web - 15000000 null in_stock null null",
      "G-200 web - 20000000 16000000 in_stock null null",
      "G-300 web - 8500000 null out_of_stock null null",
      "G-400 web - 4000000 null in_stock null null",
      // Rows without price take the web row's price and sale price.
      "G-100 store NY1 15000000 null in_stock buy same_day",
      "G-100 click_collect NY1 15000000 null in_stock buy same_day",
      "G-200 store NY1 20000000 16000000 in_stock buy same_day",
      "G-200 click_collect NY1 20000000 16000000 in_stock buy same_day",
      "G-100 store NY2 14000000 null limited_availability reserve next_day",
      "G-100 e_reservation NY2 14000000 null limited_availability reserve next_day",
      "G-300 store NY2 8500000 null out_of_stock not_supported null",
      "G-400 store BK1 4500000 null in_stock buy next_day",
      "G-400 click_collect BK1 4500000 null in_stock buy next_day",
      "G-100 store TC1 15000000 null in_stock buy same_day",
      "G-100 click_collect TC1 15000000 null in_stock buy same_day",
    ]);
    // The rejected G-400 row at NY2 added no stock either; the catalogue read the measure in one cell.
    expect(dataset.stockOf("G-400", "NY2")).toBeUndefined();
    expect(dataset.stockOf("G-200", "NY1")?.available).toBe(0);
    expect(dataset.products?.get("G-200")).toMatchObject({ size: 750_000_000, sizeUnit: "ml", category: "Wine > Red", gtin: null });
    expect(dataset.products?.get("G-300")).toMatchObject({ size: 1_000_000, sizeUnit: "l" });
    expect(dataset.products?.get("G-100")?.gtin).toBe("00012345678905");
  });

  it("read zone-less sale windows as UTC, as Google does, unless the config sets the feed's zone", async () => {
    const onSale = [
      {
        id: "house/on-sale",
        description: "the web offer is on sale",
        severity: "info",
        scope: "offer",
        channels: ["web"],
        conditions: { all: [{ fact: "onSale", operator: "equal", value: true }] },
        message: "on sale",
      },
    ];
    // 2026-11-30T02:00Z is past the window's end (00:00 UTC) but 21:00 on the 29th in New York.
    const at = new Date("2026-11-30T02:00:00Z");
    const utc = await run([STORES, PRIMARY_XML], { rules: onSale }, at);
    expect(utc.findings.filter((f) => f.rule === "house/on-sale")).toStrictEqual([]);
    const local = await run([STORES, { ...PRIMARY_XML, timezone: "America/New_York" }], { rules: onSale }, at);
    expect(local.findings.filter((f) => f.rule === "house/on-sale").map((f) => f.sku)).toStrictEqual(["G-200"]);
    // An hour before the UTC end, it is on either way.
    const before = await run([STORES, PRIMARY_XML], { rules: onSale }, new Date("2026-11-29T23:00:00Z"));
    expect(before.findings.map((f) => f.sku)).toStrictEqual(["G-200"]);
  });

  it("merged shards give the unsharded report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-google-"));
    for (const file of ["stores.csv", "products.xml", "local_inventory.tsv"]) copyFileSync(join(DIR, file), join(dir, file));
    writeFileSync(
      join(dir, "pricelint.config.json"),
      JSON.stringify({ timezone: "America/New_York", currency: "USD", feeds: [STORES, PRIMARY_XML, LOCAL], rules: RULES }),
    );
    const config = await loadConfig(join(dir, "pricelint.config.json"));
    const whole = await check(config, { at: AT });
    for (const count of [2, 3]) {
      const shards = [];
      for (let index = 1; index <= count; index++)
        shards.push({
          file: `shard-${index}.json`,
          report: JSON.parse(formatJson(await check(config, { at: AT, shard: { index, count } }))),
        });
      expect(formatJson(mergeReports(shards))).toBe(formatJson(whole));
    }
  });
});

describe("F39 Google's own attributes that no field reads", () => {
  it("F39 description and mpn are no title and no id under the profile: no feed/unmapped-column, as XML or TSV", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-gmc-quiet-"));
    writeFileSync(join(dir, "p.tsv"), "id\ttitle\tdescription\tprice\tmpn\titem_group_id\nA\tT\tD\t10.00 USD\tM1\tG1\n");
    writeFileSync(
      join(dir, "p.xml"),
      '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>A</g:id><g:title>T</g:title><g:description>D</g:description><g:price>10.00 USD</g:price><g:mpn>M1</g:mpn><g:item_group_id>G1</g:item_group_id></item></channel></rss>\n',
    );
    for (const path of ["p.tsv", "p.xml"]) {
      const config = validateConfig({ currency: "USD", feeds: [{ profile: "google-products", path }], rules: ["recommended"] }, "test");
      const report = await check({ config, file: null, baseDir: dir }, { at: AT });
      // item_group_id looks like a family, which the profile reads from no column: that warning stays.
      expect(report.findings.filter((f) => f.rule === "feed/unmapped-column").map((f) => f.values["field"])).toStrictEqual(["family"]);
      expect(report.summary.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
    }
    // Without the profile, mpn is a known name of the sku, read from another column: the warning stays.
    const config = validateConfig(
      { currency: "USD", feeds: [{ kind: "catalogue", path: "p.tsv", format: "tsv", columns: { sku: "id" } }], rules: ["recommended"] },
      "test",
    );
    const plain = await check({ config, file: null, baseDir: dir }, { at: AT });
    expect(plain.findings.filter((f) => f.rule === "feed/unmapped-column").map((f) => f.values["columnName"])).toContain("mpn");
  });
});

describe("a local row without a price", () => {
  /** The two profiles over files of their own, the local feed in New York's zone; the findings of `rules` at `at`. */
  async function local(products: string, localRows: string, rules: string[], at: string) {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-gmc-"));
    writeFileSync(join(dir, "stores.csv"), "location,timezone,status\nNY1,America/New_York,open\n");
    writeFileSync(join(dir, "products.tsv"), products);
    writeFileSync(join(dir, "local.tsv"), localRows);
    const feeds = [
      { kind: "stores", path: "stores.csv" },
      { profile: "google-products", path: "products.tsv" },
      { profile: "google-local-inventory", path: "local.tsv", timezone: "America/New_York" },
    ];
    const config = validateConfig({ timezone: "America/New_York", currency: "USD", feeds, rules }, "test");
    const report = await check({ config, file: null, baseDir: dir }, { at: new Date(at) });
    return report.findings.map((f) => `${f.rule} ${f.sku} ${f.location ?? "-"}`);
  }

  it("takes the primary feed's sale window as the primary feed's zone reads it (UTC), not its own feed's", async () => {
    // The web sale runs from 2026-11-20T00:00 UTC; at 02:00Z the store, taking it, is on sale too.
    const products = "id\tprice\tsale price\tsale price effective date\nR2\t20.00 USD\t16.00 USD\t2026-11-20T00:00/2026-11-30T00:00\n";
    const found = await local(
      products,
      "store_code\tid\tquantity\nNY1\tR2\t5\n",
      ["channel/online-differs-from-store", "promo/window-mismatch"],
      "2026-11-20T02:00:00Z",
    );
    expect(found).toStrictEqual([]);
  });

  it("keeps a sale window of its own: without a sale price, price/invalid-sale-window reports it", async () => {
    const products = "id\tprice\nN3\t20.00 USD\n";
    const row = "store_code\tid\tquantity\tsale_price_effective_date\nNY1\tN3\t5\t2026-11-24T00:00Z/2026-11-26T00:00Z\n";
    expect(await local(products, row, ["price/invalid-sale-window"], "2026-11-25T12:00:00Z")).toStrictEqual([
      "price/invalid-sale-window N3 NY1",
    ]);
  });

  it("without a quantity (optional for Google) is a store offer and no stock row, in a file with or without the column", async () => {
    // Store 25.00 against the web's 20.00 at NY1 (online-differs) is found for both rows; with no
    // stock known, the stock rules judge neither. A quantity of 0 on the third row is stock.
    const products = "id\tprice\nQ1\t20.00 USD\nQ2\t20.00 USD\n";
    const rules = ["channel/online-differs-from-store", "availability/contradicts-stock"];
    const withColumn = "store_code\tid\tquantity\tprice\tavailability\nNY1\tQ1\t\t25.00 USD\tin stock\nNY1\tQ2\t0\t25.00 USD\tin stock\n";
    expect(await local(products, withColumn, rules, "2026-11-25T12:00:00Z")).toStrictEqual([
      "availability/contradicts-stock Q2 NY1",
      "channel/online-differs-from-store Q1 NY1",
      "channel/online-differs-from-store Q2 NY1",
    ]);
    const without = "store_code\tid\tprice\tavailability\nNY1\tQ1\t25.00 USD\tin stock\n";
    expect(await local(products, without, rules, "2026-11-25T12:00:00Z")).toStrictEqual(["channel/online-differs-from-store Q1 NY1"]);
  });

  it("with a sale price of its own, takes the primary feed's price and keeps its own sale and window", async () => {
    // The national price is 20.00. NY1's own sale of 1.00 (95 % off) holds at every instant;
    // its sale of 25.00 on S5 is above the price it takes (and, in force, 25.00 differs from the
    // web's 20.00); S6's sale window is over, so its store price is 20.00, the web's: no finding.
    const products = "id\tprice\nS4\t20.00 USD\nS5\t20.00 USD\nS6\t20.00 USD\n";
    const rows =
      "store_code\tid\tquantity\tsale_price\tsale_price_effective_date\n" +
      "NY1\tS4\t5\t1.00 USD\t\n" +
      "NY1\tS5\t5\t25.00 USD\t\n" +
      "NY1\tS6\t5\t15.00 USD\t2026-11-01T00:00Z/2026-11-05T00:00Z\n";
    const rules = ["price/excessive-discount", "price/sale-not-below-regular", "channel/online-differs-from-store"];
    expect(await local(products, rows, rules, "2026-11-25T12:00:00Z")).toStrictEqual([
      "channel/online-differs-from-store S4 NY1",
      "channel/online-differs-from-store S5 NY1",
      "price/excessive-discount S4 NY1",
      "price/sale-not-below-regular S5 NY1",
    ]);
  });
});

describe("overriding a profile", () => {
  it("merges the config's columns, constants and views over the profile's, field by field", () => {
    const [prices, inventory] = feedViews({
      profile: "google-local-inventory",
      columns: { location: "shop", available: "on_hand" },
      constants: { currency: "USD" },
      views: [{ kind: "prices", offers: [{ channel: "store" }] }],
    });
    expect(prices).toMatchObject({
      kind: "prices",
      columns: { sku: "id", location: "shop", price: "price" },
      constants: { currency: "USD" },
      offers: [{ channel: "store" }],
      inheritFrom: "web",
    });
    expect(inventory).toMatchObject({ kind: "inventory", columns: { sku: "id", location: "shop", available: "on_hand" } });
    // The config's own columns must be there; the profile's may be absent.
    expect([...prices!.optionalColumns].sort()).not.toContain("location");
    expect(prices!.optionalColumns.has("sale_price")).toBe(true);
  });

  it("lets a constant channel replace the offers a profile derives, and kind pick one of its views", () => {
    const [only] = feedViews({ profile: "google-local-inventory", constants: { channel: "store" } });
    expect(only!.offers).toBeUndefined();
    expect(only!.constants).toStrictEqual({ channel: "store" });
    expect(feedViews({ profile: "google-products", kind: "catalogue" }).map((v) => v.kind)).toStrictEqual(["catalogue"]);
  });

  it("reads only store offers when the config overrides the offers", async () => {
    const report = await run([STORES, PRIMARY_XML, { ...LOCAL, offers: [{ channel: "store" }] }]);
    expect(
      report.findings.filter((f) => f.rule !== "feed/invalid-row").map((f) => `${f.rule} ${f.sku} ${f.channels.join()}`),
    ).toStrictEqual(["availability/contradicts-stock G-200 store", "availability/contradicts-stock G-300 store"]);
  });

  it.each([
    [
      { ...LOCAL, columns: { location: "id" } },
      'feeds[1].columns: column "id" is mapped to sku and location (prices): a column gives one field',
    ],
    [{ ...LOCAL, columns: { colour: "c" } }, 'feeds[1].columns.colour: "colour" is not a field of the feed\'s kinds (prices, inventory)'],
    [{ ...PRIMARY_XML, offers: [{ channel: "store" }], constants: { channel: "web" } }, "feeds[1].offers: offers say a row's channels"],
    [{ ...LOCAL, offers: [{ channel: "kiosk" }] }, 'feeds[1].offers: unknown channel "kiosk"'],
    [
      { ...LOCAL, offers: [{ channel: "store", when: { pickup_method: ["pickup"] } }] },
      'feeds[1].offers[0].when.pickup_method: "pickup" is not a value of pickup_method',
    ],
    [{ ...LOCAL, kind: "catalogue" }, "feeds[1].kind: profile google-local-inventory reads prices and inventory rows, not catalogue"],
    [{ path: "x.csv" }, "feeds[1].kind: a feed needs a kind"],
    [{ kind: "prices", path: "x.csv", views: [{ kind: "inventory" }] }, "feeds[1].kind: kind and views both say what the rows are"],
  ])("refuses %j", (feed, message) => {
    const attempt = () => validateConfig({ currency: "USD", feeds: [STORES, feed] }, "c.json");
    expect(attempt).toThrow(PricelintError);
    expect(attempt).toThrow(message);
  });
});

describe("views and offers without a profile", () => {
  it("read one CSV as prices in two channels and as stock, counting each row once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-views-"));
    writeFileSync(join(dir, "s.csv"), "location\nS1\n");
    writeFileSync(join(dir, "f.csv"), "sku,store,price,qty,cc\nA,S1,2.00,5,yes\nB,S1,3.00,1,no\nC,S1,x,1,yes\n");
    const config = validateConfig(
      {
        currency: "EUR",
        feeds: [
          { kind: "stores", path: "s.csv" },
          {
            path: "f.csv",
            columns: { location: "store" },
            views: [
              {
                kind: "prices",
                offers: [{ channel: "store" }, { channel: "click_collect", when: { availability: ["in_stock"] } }],
                values: { availability: { yes: "in_stock", no: "out_of_stock" } },
                columns: { availability: "cc" },
              },
              { kind: "inventory", columns: { available: "qty" } },
            ],
          },
        ],
        rules: [],
      },
      "c.json",
    );
    const report = await check({ config, file: null, baseDir: dir }, { at: AT });
    expect(report.summary.feeds[1]).toStrictEqual({ file: "f.csv", kind: "prices+inventory", read: 3, accepted: 2, rejected: 1 });
    const { dataset } = await loadDataset(config, dir, { channels: new Set(channelRegistry(undefined).keys()) });
    // A: store and click_collect; B: store only; C rejected (its price), with no stock either.
    expect(dataset.offers.size).toBe(3);
    expect(dataset.stockOf("A", "S1")?.available).toBe(5);
    expect(dataset.stockOf("C", "S1")).toBeUndefined();
  });
});

describe("availability/contradicts-stock and availability/pickup-low-stock at their thresholds", () => {
  const at = new Date("2026-11-20T12:00:00Z");
  const judge = async (availability: string, stock: number, options: Record<string, number> = {}, pickupSla = "") => {
    const report = await check(
      {
        currency: "EUR",
        feeds: {
          prices: [
            { sku: "A", channel: "store", location: "S1", price: "1.00", availability },
            { sku: "A", channel: "click_collect", location: "S1", price: "1.00", pickup_sla: pickupSla || "next day" },
          ],
          inventory: [{ sku: "A", location: "S1", available: String(stock) }],
        },
        rules: ["availability/contradicts-stock", "availability/pickup-low-stock"],
        ruleSettings: pickupSla === "" ? { "availability/contradicts-stock": options } : { "availability/pickup-low-stock": options },
      },
      { at },
    );
    return report.findings.map((f) => f.rule);
  };

  it.each([
    ["out_of_stock", 0, false],
    ["out_of_stock", 1, true],
    ["limited_availability", 0, true],
    ["limited_availability", 1, false],
    ["limited_availability", 2, false],
    ["limited_availability", 3, true],
    ["in_stock", 2, true],
    ["in_stock", 3, false],
    ["https://schema.org/InStock", 0, true],
    ["In Stock", 3, false],
    ["preorder", 0, false],
    ["backorder", 5, false],
  ] as const)("%s with %i units: fires %s (Google's thresholds)", async (availability, stock, fires) => {
    expect(await judge(availability, stock)).toStrictEqual(fires ? ["availability/contradicts-stock"] : []);
  });

  it("takes its thresholds from the options", async () => {
    expect(await judge("in_stock", 4, { inStockFrom: 5, limitedFrom: 1 })).toStrictEqual(["availability/contradicts-stock"]);
    expect(await judge("in_stock", 5, { inStockFrom: 5, limitedFrom: 1 })).toStrictEqual([]);
  });

  it.each([
    // The default minimum is 3, Google's "in stock" threshold: 2 is too few, 3 enough.
    ["same day", 0, {}, true],
    ["same day", 2, {}, true],
    ["same day", 3, {}, false],
    ["same day", 0, { minStock: 1 }, true],
    ["same day", 1, { minStock: 1 }, false],
    ["same_day", 1, { minStock: 2 }, true],
    ["same day", 2, { minStock: 2 }, false],
    ["next day", 0, {}, false],
  ] as const)("pickup %s with %i units (%j): fires %s", async (sla, stock, options, fires) => {
    const rules = await judge("preorder", stock, options as Record<string, number>, sla);
    expect(rules.filter((r) => r === "availability/pickup-low-stock")).toStrictEqual(fires ? ["availability/pickup-low-stock"] : []);
  });

  it("rejects an availability that is none of Google's values, naming them", async () => {
    const report = await check(
      { currency: "EUR", feeds: { prices: [{ sku: "A", channel: "web", price: "1", availability: "soon" }] }, rules: [] },
      { at },
    );
    expect(report.findings.map((f) => [f.values["code"], f.values["reason"]])).toStrictEqual([
      [
        "unknown_value",
        '"soon" is not a value of availability (in_stock, limited_availability, out_of_stock, on_display_to_order, preorder, backorder)',
      ],
    ]);
  });
});
