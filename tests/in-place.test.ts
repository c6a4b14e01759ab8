/**
 * Price rows read in place as they are split (PriceLineReader) against the same rows read
 * as records (RowReader.read, the path of every other feed): on random, messy delimited feeds,
 * with and without shards, the two load the same dataset — the same offers in the same rows,
 * the same rejected rows with the same messages, the same row counts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/check.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { channelRegistry } from "../src/config/channels.js";
import { OfferRecord } from "../src/model/offer.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_122);

/** Cells as feeds write them, good and bad. */
const cellArb = (kind: "sku" | "channel" | "location" | "money" | "currency") => {
  const messy = fc.constantFrom(" ", "", '"', '"x,y"', " 1.00", "1.00 ", "\u00a0", "é", "\uFFFD");
  const good = {
    sku: fc.constantFrom("A1", "B2", "0003", "LONG-SKU-000000001", "C,4", ""),
    channel: fc.constantFrom("web", "store", "app", "click_collect", "WEB", "shop", ""),
    location: fc.constantFrom("", "S1", "S2", "s1"),
    money: fc.oneof(
      fc.integer({ min: 0, max: 999_999 }).map((c) => (c / 100).toFixed(2)),
      fc.constantFrom("", "0", "12", "1.5", "1.2345678", "-3.00", "1,234.50", "1.234,50", "€ 4.99", "4.99 EUR", "abc", "1e3", ".5", "5."),
    ),
    currency: fc.constantFrom("", "EUR", "eur", "USD", "XXY"),
  }[kind];
  return fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: messy });
};

const rowArb = fc.tuple(cellArb("sku"), cellArb("channel"), cellArb("location"), cellArb("currency"), cellArb("money"), cellArb("money"));

/** The optional columns: sale window (one cell may hold both ends), tax flag, member price. */
const extraArb = fc.tuple(
  fc.constantFrom("", "2026-11-01", "2026-11-01T10:00:00Z", "2026-11-01/2026-11-30", "2026-13-01", " 2026-11-02"),
  fc.constantFrom("", "2026-11-30", "2026-11-30T23:59:59+01:00", "soon"),
  fc.constantFrom("", "true", "false", "no", "Y", "maybe"),
  cellArb("money"),
);
const EXTRA_COLUMNS = ["sale_start", "sale_end", "tax_included", "member_price"];

/**
 * Rows whose every cell is valid, so that many lines are taken in place: amounts as `=cents`,
 * written in the feed's number format (see `cell` below).
 */
const cents = fc.integer({ min: 1, max: 999_999 }).map((c) => `=${c}`);
const cleanRowArb = fc.tuple(
  fc.constantFrom("A1", "B2", "0003", "LONG-SKU-000000001"),
  fc.constantFrom("web", "store", "app", "click_collect"),
  fc.constantFrom("", "S1", "S2"),
  fc.constantFrom("", "EUR", "USD"),
  cents,
  fc.oneof(fc.constant(""), cents),
  fc.constantFrom("", "2026-11-01", "2026-11-01T10:00:00Z", "2026-11-01/2026-11-30"),
  fc.constantFrom("", "2026-11-30"),
  fc.constantFrom("", "true", "false"),
  fc.oneof(fc.constant(""), cents),
);

const feedArb = fc.record({
  rows: fc.array(
    fc.oneof(
      { weight: 12, arbitrary: fc.tuple(rowArb, extraArb).map(([cells, extra]) => [...cells, ...extra]) },
      { weight: 12, arbitrary: cleanRowArb.map((cells) => [...cells]) },
      { weight: 1, arbitrary: fc.constantFrom([], ["A1"], ["A1", "web", "", "EUR", "1.00", "", "", "", "", "", "extra"]) },
    ),
    { maxLength: 40 },
  ),
  extras: fc.boolean(),
  semicolon: fc.boolean(),
  shards: fc.integer({ min: 1, max: 3 }),
  /** Unmapped columns, somewhere: wide feeds put mapped ones past the 32nd. */
  filler: fc.oneof(fc.constant(0), fc.integer({ min: 25, max: 45 })),
  fillerAt: fc.integer({ min: 0, max: 6 }),
  crlf: fc.boolean(),
  channelMap: fc.boolean(),
  currencyConstant: fc.boolean(),
  channelConstant: fc.constantFrom(null, "web", "store"),
  /** One file per store: the location a constant; one file per product: the sku. */
  locationConstant: fc.boolean(),
  skuConstant: fc.boolean(),
  /** app declared located: its rows at a store are offers there, not refused as web's are. */
  appLocated: fc.boolean(),
});

/** Everything loading produced, as plain data: feeds' row counts and rejections, and every stored offer. */
async function load(dir: string, inPlace: boolean, shard: { index: number; count: number } | null) {
  const { config, baseDir } = await loadConfig(join(dir, "pricelint.config.json"));
  const channels = new Set(channelRegistry(config.channels).keys());
  const { dataset, loaded } = await loadDataset(config, baseDir, { channels, shard, inPlace });
  const store = dataset.offers;
  store.index();
  const offers = [];
  for (let row = 0; row < store.size; row++) offers.push({ ...store.read(row, new OfferRecord()), duplicate: store.isDuplicate(row) });
  // Strings are numbered for the rows taken only.
  return { loaded, offers, skus: store.skus.size, locations: store.locations.size };
}

describe("reading price rows in place", () => {
  it("applies a value map to a coded cell, once per distinct text", async () => {
    // "app" is a channel of its own, mapped here to web: the map must win over the cell's own meaning.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-in-place-"));
    writeFileSync(
      join(dir, "p.csv"),
      "sku,channel,location,currency,price,sale_price\nA1,app,,EUR,1.00,\nA2,shop,S1,EUR,2.00,\nA3,app,,EUR,3.00,\nA4,web,,EUR,4.00,\n",
    );
    const config = {
      currency: "EUR",
      timezone: "UTC",
      feeds: [{ kind: "prices", path: "p.csv", values: { channel: { app: "web", shop: "store" } } }],
    };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    const inPlace = await load(dir, true, null);
    expect(inPlace.offers.map((o) => o.channel)).toStrictEqual(["web", "store", "web", "web"]);
    expect(inPlace).toStrictEqual(await load(dir, false, null));
  });

  it("splits a sale start in Google's start/end form when the row has no end, and numbers a constant sku with the first row taken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-in-place-"));
    const rows = [
      "A1,web,EUR,2.00,1.00,2026-11-01/2026-11-30,",
      "A1,web,EUR,2.00,1.00,2026-11-01/2026-11-30,2026-12-24",
      "A1,web,EUR,2.00,1.00,2026-11-01,",
    ];
    writeFileSync(join(dir, "p.csv"), `sku,channel,currency,price,sale_price,sale_start,sale_end\n${rows.join("\n")}\n`);
    const config = {
      currency: "EUR",
      timezone: "UTC",
      feeds: [{ kind: "prices", path: "p.csv", constants: { sku: "K1" }, ignoreColumns: ["sku"] }],
    };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    const inPlace = await load(dir, true, null);
    // buildOffer splits the interval where sale_end is empty, and refuses a row with both (two
    // ends); the constant sku is read, the column listed in ignoreColumns is not.
    expect(inPlace.offers.map((o) => [o.sku, o.saleStart, o.saleEnd])).toStrictEqual([
      ["K1", "2026-11-01", "2026-11-30"],
      ["K1", "2026-11-01", null],
    ]);
    expect(inPlace.loaded[0]!.rejected.map((r) => [r.source.line, r.error.code])).toStrictEqual([[3, "two_sale_ends"]]);
    expect(inPlace).toStrictEqual(await load(dir, false, null));
  });

  it("P76 sends a line that gives a channel that is not located at a location to the general path, which refuses it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-in-place-"));
    writeFileSync(
      join(dir, "p.csv"),
      "sku,channel,location,currency,price\nA1,web,S1,EUR,1.00\nA2,app,S1,EUR,2.00\nA3,store,S1,EUR,3.00\nA4,web,,EUR,4.00\n",
    );
    // app is located by the config, not by default: its row at S1 is read in place.
    const config = { currency: "EUR", timezone: "UTC", channels: { app: { located: true } }, feeds: [{ kind: "prices", path: "p.csv" }] };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    const inPlace = await load(dir, true, null);
    expect(inPlace.offers.map((o) => [o.sku, o.channel, o.location])).toStrictEqual([
      ["A2", "app", "S1"],
      ["A3", "store", "S1"],
      ["A4", "web", null],
    ]);
    expect(inPlace.loaded[0]!.rejected.map((r) => [r.source.line, r.error.code])).toStrictEqual([[2, "channel_not_located"]]);
    // The refused line's sku is numbered by neither path: id 0 (none), then A2, A3 and A4.
    expect(inPlace.skus).toBe(1 + 3);
    expect(inPlace).toStrictEqual(await load(dir, false, null));

    // One file per store (a constant location) whose channel is a constant that is not located: every line is refused.
    writeFileSync(join(dir, "p.csv"), "sku,currency,price\nA1,EUR,1.00\nA2,EUR,2.00\n");
    const perStore = {
      currency: "EUR",
      timezone: "UTC",
      feeds: [{ kind: "prices", path: "p.csv", constants: { channel: "web", location: "S1" } }],
    };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(perStore));
    const constant = await load(dir, true, null);
    expect(constant.offers).toStrictEqual([]);
    // Nor is the constant location, nor any sku: no row is taken.
    expect([constant.skus, constant.locations]).toStrictEqual([1, 1]);
    expect(constant.loaded[0]!.rejected.map((r) => [r.source.line, r.error.code])).toStrictEqual([
      [2, "channel_not_located"],
      [3, "channel_not_located"],
    ]);
    expect(constant).toStrictEqual(await load(dir, false, null));
  });

  it("gives the report that reading them as records gives", async () => {
    await fc.assert(
      fc.asyncProperty(feedArb, async (feed) => {
        const delimiter = feed.semicolon ? ";" : ",";
        const newline = feed.crlf ? "\r\n" : "\n";
        const at = feed.fillerAt;
        const widen = (cells: readonly string[], fill: string) =>
          cells.length < at
            ? cells
            : [...cells.slice(0, at), ...Array.from({ length: feed.filler }, (_, i) => `${fill}${i}`), ...cells.slice(at)];
        const columns = feed.extras ? 10 : 6;
        const header = widen(
          ["sku", "channel", "location", feed.currencyConstant ? "devise" : "currency", "price", "sale_price", ...EXTRA_COLUMNS].slice(
            0,
            columns,
          ),
          "x",
        );
        // Rows keep their width, short or long, except for the optional columns when the header has none.
        const row = (cells: readonly string[]) => (cells.length === 10 && !feed.extras ? cells.slice(0, 6) : cells);
        const cell = (text: string) =>
          text.startsWith("=") ? (Number(text.slice(1)) / 100).toFixed(2).replace(".", feed.semicolon ? "," : ".") : text;
        const text =
          [header, ...feed.rows.map((cells) => widen(row(cells).map(cell), "f"))].map((cells) => cells.join(delimiter)).join(newline) +
          newline;
        const dir = mkdtempSync(join(tmpdir(), "pricelint-in-place-"));
        writeFileSync(join(dir, "p.csv"), text);
        const config = {
          currency: "EUR",
          timezone: "UTC",
          ...(feed.appLocated ? { channels: { app: { located: true } } } : {}),
          feeds: [
            {
              kind: "prices",
              path: "p.csv",
              delimiter,
              ...(feed.semicolon ? { decimal: ",", thousands: "." } : {}),
              // A value map beside a constant of its field is refused (which terms is the constant in?).
              ...(feed.channelMap && !feed.channelConstant ? { values: { channel: { shop: "store", WEB: "web", app: "web" } } } : {}),
              constants: {
                ...(feed.currencyConstant ? { currency: "USD" } : {}),
                ...(feed.channelConstant ? { channel: feed.channelConstant } : {}),
                ...(feed.locationConstant ? { location: "S9" } : {}),
                ...(feed.skuConstant ? { sku: "K1" } : {}),
              },
              // A constant over a column of its field is refused unless the column is knowingly left unread.
              ignoreColumns: [
                ...(feed.currencyConstant ? ["currency"] : []),
                ...(feed.channelConstant ? ["channel"] : []),
                ...(feed.locationConstant ? ["location"] : []),
                ...(feed.skuConstant ? ["sku"] : []),
              ],
            },
          ],
        };
        writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
        for (let index = 1; index <= feed.shards; index++) {
          const shard = feed.shards === 1 ? null : { index, count: feed.shards };
          expect(await load(dir, true, shard)).toStrictEqual(await load(dir, false, shard));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
