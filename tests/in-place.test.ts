/**
 * Price rows read in place as they are split (RowReader.readCells) against the same rows read
 * as records (RowReader.read, the path every other feed and every shard takes): on random,
 * messy delimited feeds the two give the same report, byte for byte — the same accepted offers,
 * the same rejected rows with the same messages, the same row counts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import { formatJson } from "../src/report/json.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_122);
const AT = new Date("2026-11-20T12:00:00Z");

/** Cells as feeds write them, good and bad. */
const cellArb = (kind: "sku" | "channel" | "location" | "money" | "currency") => {
  const messy = fc.constantFrom(" ", "", '"', '"x,y"', " 1.00", "1.00 ", "\u00a0", "é", "\uFFFD");
  const good = {
    sku: fc.constantFrom("A1", "B2", "0003", "LONG-SKU-000000001", "C,4"),
    channel: fc.constantFrom("web", "store", "app", "click_collect", "WEB", "shop"),
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

const feedArb = fc.record({
  rows: fc.array(fc.oneof({ weight: 12, arbitrary: rowArb.map((cells) => cells as string[]) }, { weight: 1, arbitrary: fc.constantFrom([], ["A1"], ["A1", "web", "", "EUR", "1.00", "", "extra"]) }), { maxLength: 40 }),
  semicolon: fc.boolean(),
  crlf: fc.boolean(),
  channelMap: fc.boolean(),
  currencyConstant: fc.boolean(),
});

async function report(dir: string, shard: boolean): Promise<string> {
  const loaded = await loadConfig(join(dir, "pricelint.config.json"));
  return formatJson(await check(loaded, { at: AT, ...(shard ? { shard: { index: 1, count: 1 } } : {}) }));
}

describe("reading price rows in place", () => {
  it("gives the report that reading them as records gives", async () => {
    await fc.assert(
      fc.asyncProperty(feedArb, async (feed) => {
        const delimiter = feed.semicolon ? ";" : ",";
        const newline = feed.crlf ? "\r\n" : "\n";
        const header = ["sku", "channel", "location", feed.currencyConstant ? "devise" : "currency", "price", "sale_price"];
        const text = [header, ...feed.rows].map((cells) => cells.join(delimiter)).join(newline) + newline;
        const dir = mkdtempSync(join(tmpdir(), "pricelint-in-place-"));
        writeFileSync(join(dir, "p.csv"), text);
        const config = {
          currency: "EUR",
          timezone: "UTC",
          feeds: [
            {
              kind: "prices",
              path: "p.csv",
              delimiter,
              ...(feed.semicolon ? { decimal: ",", thousands: "." } : {}),
              ...(feed.channelMap ? { values: { channel: { shop: "store", WEB: "web" } } } : {}),
              ...(feed.currencyConstant ? { constants: { currency: "USD" } } : {}),
            },
          ],
          rules: ["all"],
        };
        writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
        expect(await report(dir, false)).toBe(await report(dir, true));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
