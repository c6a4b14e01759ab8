/** A feed's `values` map a field's value as the field reads it: a part of a cell, an item of a list. */
import { describe, expect, it } from "vitest";
import { checkFiles } from "./helpers/check-files.js";

const AT = "2026-11-20T12:00:00Z";

describe("values", () => {
  it("C33 map the unit of a measure read from one cell (size and size_unit from `1.00 ko`) and each item of a list (`NEG|WEB`)", async () => {
    // Konzum writes pieces as "ko": mapped to item, 1.00 ko is one item, and the row is accepted.
    const catalogue = "ProductId,Quantity\n90407618,1.00 ko\n90725768,0.30 kg\n";
    const report = await checkFiles(
      { "k.csv": catalogue },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          {
            kind: "catalogue",
            path: "k.csv",
            columns: { sku: "ProductId", size: "Quantity", size_unit: "Quantity" },
            values: { size_unit: { ko: "item" } },
          },
        ],
      },
      AT,
    );
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    // A promotion's channels NEG|WEB, each mapped: it runs in store and on the web, so A is
    // promoted in both and promo/missing-in-channel has nothing to say; B's runs in store only.
    const files = {
      "p.csv": "sku,channel,price\nA,store,2.00\nA,web,2.00\nB,store,2.00\nB,web,2.00\n",
      "promos.csv":
        "promo_id,type,value,channels,skus,start,end\nP1,percent_off,10,NEG|WEB,A,2026-11-01,2026-11-30\nP2,percent_off,10,NEG,B,2026-11-01,2026-11-30\n",
    };
    const promotions = await checkFiles(
      files,
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "promotions", path: "promos.csv", values: { channels: { NEG: "store", WEB: "web" } } },
        ],
        rules: ["promo/missing-in-channel"],
      },
      AT,
    );
    expect(promotions.summary.rows).toStrictEqual({ read: 6, accepted: 6, rejected: 0 });
    expect(promotions.findings.map((f) => [f.rule, f.promotion, f.sku])).toStrictEqual([["promo/missing-in-channel", "P2", "B"]]);
  });

  it("map a whole list cell when they name it, without mapping its items again", async () => {
    const files = {
      "p.csv": "sku,channel,price\nA,store,2.00\nA,web,2.00\nA,app,2.00\n",
      // "A|B" names the whole cell: store|web. Its items are not mapped again (web → app would make it store|app).
      "promos.csv": "promo_id,type,value,channels,skus,start,end\nP1,percent_off,10,A|B,A,2026-11-01,2026-11-30\n",
    };
    const report = await checkFiles(
      files,
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "promotions", path: "promos.csv", values: { channels: { "A|B": "store|web", web: "app" } } },
        ],
        rules: ["promo/missing-in-channel"],
      },
      AT,
    );
    expect(report.findings.map((f) => [f.promotion, f.sku, f.message])).toStrictEqual([
      ["P1", "A", "promotion P1 runs in store, web but A is also sold in app, where it does not run"],
    ]);
  });
});
