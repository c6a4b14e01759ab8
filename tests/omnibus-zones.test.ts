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
