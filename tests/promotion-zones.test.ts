/**
 * Which zone bare dates are read in when the rows that meet come from feeds of different zones:
 * a promotion's dates in its own feed's zone, else the location's, else the config's (never the
 * zone of the price feed it meets); a history row of a channel that is not located, in its
 * feed's zone, else the config's (never the zone of the store whose offer is judged).
 */
import { describe, expect, it } from "vitest";
import { checkFiles as checkReport } from "./helpers/check-files.js";

async function checkFiles(files: Record<string, string>, config: Record<string, unknown>, at: string) {
  const findings = (await checkReport(files, config, at)).findings;
  expect(findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  return findings;
}

describe("a promotion's bare dates", () => {
  it("are read in the location's zone whatever zone the price feed it meets names", async () => {
    // P1 (10 % off in store, web and click-and-collect) ends with 30 November in Rome, the store's
    // zone: 23:00 UTC. The store and web price feeds are in New York's zone, click-and-collect's
    // in none; at 02:00 UTC on 1 December P1 has ended for all three, which are all 10.00.
    const files = {
      "stores.csv": "location,timezone,status,click_collect\nMI01,Europe/Rome,open,true\n",
      "store.csv": "sku,channel,location,price\nA1,store,MI01,10.00\n",
      "web.csv": "sku,channel,price\nA1,web,10.00\n",
      "cc.csv": "sku,channel,location,price\nA1,click_collect,MI01,10.00\n",
      "promos.csv": "promo_id,type,value,channels,skus,start,end\nP1,percent_off,10,store|web|click_collect,A1,2026-11-01,2026-11-30\n",
    };
    const feeds = [
      { kind: "stores", path: "stores.csv" },
      { kind: "prices", path: "store.csv", timezone: "America/New_York" },
      { kind: "prices", path: "web.csv", timezone: "America/New_York" },
      { kind: "prices", path: "cc.csv" },
      { kind: "promotions", path: "promos.csv" },
    ];
    const rules = ["channel/click-collect-above-store", "channel/click-collect-above-web"];
    const config = { timezone: "Europe/Rome", currency: "EUR", feeds, rules };
    expect(await checkFiles(files, config, "2026-12-01T02:00:00Z")).toStrictEqual([]);
    // While P1 runs, all three are 9.00: no finding either.
    expect(await checkFiles(files, config, "2026-11-30T22:00:00Z")).toStrictEqual([]);
  });
});

describe("a history row of a channel that is not located", () => {
  it("is read in the config's zone under Omnibus scope company, not in the zone of the store judged", async () => {
    // The web's 10.00 starts at 23:30 on 26 September in Rome (the config's zone): 21:30 UTC. The
    // store's reduction starts at 23:00 UTC on 26 October; the 30 days before it start at 23:00
    // UTC on 26 September (19:00 in New York, the store's zone), when 8.00 was no longer applied:
    // the lowest price is 10.00, the reference shown. Read in New York's zone, the row started at
    // 03:30 UTC on the 27th, and 8.00 was the lowest.
    const files = {
      "stores.csv": "location,timezone,status\nNY01,America/New_York,open\n",
      "prices.csv": "sku,channel,location,price\nA,store,NY01,12.00\nA,web,,12.00\n",
      "history.csv":
        "sku,channel,location,valid_from,price\nA,web,,2026-09-20T00:00:00Z,8.00\nA,web,,2026-09-26T23:30:00,10.00\nA,store,NY01,2026-10-01T00:00:00-04:00,12.00\n",
      "promos.csv":
        "promo_id,type,value,channels,locations,skus,start,end,reference_price\nP1,percent_off,20,store,NY01,A,2026-10-26T23:00:00Z,2026-11-15T23:00:00Z,10.00\n",
    };
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "stores", path: "stores.csv" },
        { kind: "prices", path: "prices.csv" },
        { kind: "promotions", path: "promos.csv" },
        { kind: "price_history", path: "history.csv", priceInForce: "never" },
      ],
      rules: ["omnibus/prior-price", "omnibus/insufficient-history"],
      ruleSettings: { "omnibus/prior-price": { scope: "company" }, "omnibus/insufficient-history": { scope: "company" } },
    };
    expect(await checkFiles(files, config, "2026-11-01T12:00:00Z")).toStrictEqual([]);
    // The same row with its offset written out (+02:00, Rome in September) is the same instant.
    const explicit = { ...files, "history.csv": files["history.csv"].replace("2026-09-26T23:30:00", "2026-09-26T23:30:00+02:00") };
    expect(await checkFiles(explicit, config, "2026-11-01T12:00:00Z")).toStrictEqual([]);
    // Shown as 12.00, the reference is above the lowest (10.00): the rule does fire.
    const above = { ...files, "promos.csv": files["promos.csv"].replace(",10.00\n", ",12.00\n") };
    const found = await checkFiles(above, config, "2026-11-01T12:00:00Z");
    expect(found.map((f) => [f.rule, f.location, f.values.priorPrice])).toStrictEqual([["omnibus/prior-price", "NY01", "10.00"]]);
  });
});
