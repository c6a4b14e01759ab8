/**
 * Stores and stock given by more than one row: a repeat that says the same is one entry; rows
 * that disagree make the disputed fields unknown, and the latest `updated_at` is the stock, so
 * that the findings never depend on the rows' order (docs/bad-input.md K09, K10, K11).
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../src/index.js";
import type { FeedConfig } from "../src/config/schema.js";
import { checkFiles as checkFolder, outline } from "./helpers/check-files.js";
import { Dataset } from "../src/dataset/dataset.js";
import type { StockLevel } from "../src/model/stock.js";

const AT = "2026-11-20T10:00:00Z";

/** Writes feed files into a fresh folder and checks them with every rule. */
const checkFiles = (files: Record<string, string>, feeds: Partial<FeedConfig>[]): Promise<Report> =>
  checkFolder(files, { timezone: "Europe/Rome", currency: "EUR", feeds, rules: ["all"] }, AT);

/** Every order of a list's items. */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("a store given by rows that disagree", () => {
  const prices = "sku,channel,location,currency,price\nA,click_collect,S1,EUR,10.00\n";
  const run = (rows: string[]) =>
    checkFiles({ "s.csv": `location,status,click_collect\n${rows.join("\n")}\n`, "p.csv": prices }, [
      { kind: "stores", path: "s.csv" },
      { kind: "prices", path: "p.csv" },
    ]);

  it("K09 leaves the disputed status unknown, whichever row comes first, and rejects every row, each naming the other", async () => {
    // Alone, the closed row makes click-and-collect at S1 an error: the rule reads the status.
    expect(outline(await run(["S1,temporarily_closed,true"]))).toStrictEqual(["availability/click-collect-store-closed A S1"]);
    const openFirst = await run(["S1,open,true", "S1,temporarily_closed,true"]);
    const closedFirst = await run(["S1,temporarily_closed,true", "S1,open,true"]);
    expect(outline(openFirst)).toStrictEqual([
      "s.csv:2: location S1 also given at s.csv:3 (status temporarily_closed), where this row says status open: which is right is unknown, so the store's status is taken as not given",
      "s.csv:3: location S1 also given at s.csv:2 (status open), where this row says status temporarily_closed: which is right is unknown, so the store's status is taken as not given",
    ]);
    expect(outline(closedFirst)).toStrictEqual([
      "s.csv:2: location S1 also given at s.csv:3 (status open), where this row says status temporarily_closed: which is right is unknown, so the store's status is taken as not given",
      "s.csv:3: location S1 also given at s.csv:2 (status temporarily_closed), where this row says status open: which is right is unknown, so the store's status is taken as not given",
    ]);
    for (const r of [openFirst, closedFirst]) expect(r.summary.rows).toStrictEqual({ read: 3, accepted: 1, rejected: 2 });
  });

  it("judges neither disputed field in any order of three rows, and names every field a row disputes", async () => {
    const rows = ["S1,open,true", "S1,temporarily_closed,true", "S1,open,false"];
    for (const order of orders(rows)) {
      const r = await run(order);
      // The rows do not all agree: every one is rejected; status and click_collect are both disputed.
      expect(r.findings.map((f) => f.rule)).toStrictEqual(["feed/invalid-row", "feed/invalid-row", "feed/invalid-row"]);
      expect(r.summary.rows).toStrictEqual({ read: 4, accepted: 1, rejected: 3 });
    }
    const r = await run(["S1,temporarily_closed,true", "S1,open,false"]);
    expect(outline(r)).toStrictEqual([
      "s.csv:2: location S1 also given at s.csv:3 (status open and click_collect false), where this row says status temporarily_closed and click_collect true: which is right is unknown, so the store's status and click_collect are taken as not given",
      "s.csv:3: location S1 also given at s.csv:2 (status temporarily_closed and click_collect true), where this row says status open and click_collect false: which is right is unknown, so the store's status and click_collect are taken as not given",
    ]);
  });
});

describe("the stock of a sku at a store given by several rows", () => {
  const stores = "location,status,click_collect,e_reservation\nS1,open,true,true\n";
  // In stock in store, and e-reserved: 0 units contradict the first and are below e-reservation's minimum of 3; 5 do neither.
  const prices = "sku,channel,location,currency,price,availability\nA,e_reservation,S1,EUR,10.00,\nA,store,S1,EUR,10.00,in_stock\n";
  const run = (rows: string[]) =>
    checkFiles({ "s.csv": stores, "p.csv": prices, "i.csv": `sku,location,available,updated_at\n${rows.join("\n")}\n` }, [
      { kind: "stores", path: "s.csv" },
      { kind: "prices", path: "p.csv" },
      { kind: "inventory", path: "i.csv" },
    ]);
  const noStock = ["availability/contradicts-stock A S1", "availability/e-reservation-low-stock A S1"];

  it("K10 takes the latest updated_at as the stock, whichever row comes first, and keeps the earlier row as read and accepted", async () => {
    const older = "A,S1,5,2026-11-19T08:00:00Z";
    const newer = "A,S1,0,2026-11-20T08:00:00Z";
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const r = await run(order);
      expect(outline(r)).toStrictEqual(noStock);
      expect(r.summary.rows).toStrictEqual({ read: 5, accepted: 5, rejected: 0 });
    }
  });

  it("leaves the units unknown where rows of one update disagree, whichever comes first", async () => {
    // 08:00Z and 09:00+01:00 are one instant.
    const five = "A,S1,5,2026-11-20T08:00:00Z";
    const zero = "A,S1,0,2026-11-20T09:00:00+01:00";
    expect(outline(await run([five, zero]))).toStrictEqual([
      "i.csv:2: stock of A at S1 also given at i.csv:3 (available 0), where this row says available 5, both updated at the same instant (2026-11-20T08:00:00Z, 2026-11-20T09:00:00+01:00): which is right is unknown, so the stock there is taken as not given",
      "i.csv:3: stock of A at S1 also given at i.csv:2 (available 5), where this row says available 0, both updated at the same instant (2026-11-20T08:00:00Z, 2026-11-20T09:00:00+01:00): which is right is unknown, so the stock there is taken as not given",
    ]);
    const r = await run([zero, five]);
    expect(outline(r)).toStrictEqual([
      "i.csv:2: stock of A at S1 also given at i.csv:3 (available 5), where this row says available 0, both updated at the same instant (2026-11-20T09:00:00+01:00, 2026-11-20T08:00:00Z): which is right is unknown, so the stock there is taken as not given",
      "i.csv:3: stock of A at S1 also given at i.csv:2 (available 0), where this row says available 5, both updated at the same instant (2026-11-20T09:00:00+01:00, 2026-11-20T08:00:00Z): which is right is unknown, so the stock there is taken as not given",
    ]);
    expect(r.summary.rows).toStrictEqual({ read: 5, accepted: 3, rejected: 2 });
  });

  it("leaves the units unknown where rows without updated_at disagree, whichever comes first", async () => {
    for (const order of [
      ["A,S1,5,", "A,S1,0,"],
      ["A,S1,0,", "A,S1,5,"],
    ]) {
      const r = await run(order);
      expect(r.findings.map((f) => f.rule)).toStrictEqual(["feed/invalid-row", "feed/invalid-row"]);
      expect(r.findings[0]!.message).toContain("and no updated_at tells which is later: which is right is unknown");
    }
  });

  it("gives the same stock in every order of its rows", () => {
    const at = (text: string | null) => (text === null ? null : { ms: Date.parse(text), below: "" });
    const row = (available: number, updatedAt: string | null, availability: string | null = null): StockLevel => ({
      sku: "A",
      location: "S1",
      available,
      updatedAt,
      availability,
      source: { file: "i.csv", line: 2 },
    });
    const stockIn = (rows: readonly StockLevel[]) => {
      const dataset = new Dataset();
      for (const level of rows) dataset.addStock(level, (l) => at(l.updatedAt));
      const level = dataset.stockOf("A", "S1");
      return level === undefined ? undefined : [level.available, level.availability ?? null];
    };
    const cases: [StockLevel[], (number | string | null)[] | undefined][] = [
      // The latest update, and a row without updated_at that agrees with it.
      [
        [row(5, "2026-11-19T00:00:00Z"), row(0, "2026-11-20T00:00:00Z"), row(0, null)],
        [0, null],
      ],
      // A row without updated_at that disagrees with the latest update: which is later is unknown.
      [[row(3, null), row(0, "2026-11-19T00:00:00Z"), row(0, "2026-11-20T00:00:00Z")], undefined],
      // An earlier update's dispute is history; the latest update's agrees.
      [
        [row(5, "2026-11-19T00:00:00Z"), row(4, "2026-11-19T00:00:00Z"), row(2, "2026-11-20T00:00:00Z")],
        [2, null],
      ],
      // Rows of one update that agree on the units and not on the availability: the units known, the availability not.
      [
        [row(2, "2026-11-20T00:00:00Z", "in_stock"), row(2, "2026-11-20T00:00:00Z", "limited_availability")],
        [2, null],
      ],
      // A repeat, the same.
      [
        [row(2, null, "in_stock"), row(2, null, "in_stock")],
        [2, "in_stock"],
      ],
    ];
    for (const [rows, expected] of cases) for (const order of orders(rows)) expect(stockIn(order)).toStrictEqual(expected);
  });
});

describe("a file read with several views that repeats an entry on every row", () => {
  it("K11 reads the stock repeated on each channel's row as one stock, and keeps every row's price", async () => {
    const shelf = [
      "sku,store,channel,price,qty",
      "A,S1,store,10.00,1",
      "A,S1,click_collect,10.50,1",
      "A,S1,e_reservation,10.00,1",
      "B,S1,store,10.00,8",
      "B,S1,click_collect,11.00,8",
    ].join("\n");
    const r = await checkFiles({ "s.csv": "location,status,click_collect,e_reservation\nS1,open,true,true\n", "shelf.csv": `${shelf}\n` }, [
      { kind: "stores", path: "s.csv" },
      {
        path: "shelf.csv",
        columns: { location: "store" },
        constants: { currency: "EUR" },
        views: [{ kind: "prices" }, { kind: "inventory", columns: { available: "qty" } }],
      },
    ]);
    // Click-and-collect above the store for A (10.50 > 10.00) and B (11.00 > 10.00); A's 1 unit is below e-reservation's 3.
    expect(outline(r)).toStrictEqual([
      "availability/e-reservation-low-stock A S1",
      "channel/click-collect-above-store A S1",
      "channel/click-collect-above-store B S1",
    ]);
    expect(r.summary.rows).toStrictEqual({ read: 6, accepted: 6, rejected: 0 });
  });

  it("reads a promotion repeated on each row of a price file (a view of promotions) as one promotion", async () => {
    const csv = [
      "sku,channel,price,promo_id,type,value,promo_channels,promo_skus,start,end",
      "A,web,10.00,P1,percent_off,10,web,A|B,2026-11-01,2026-11-30",
      "B,web,20.00,P1,percent_off,10,web,A|B,2026-11-01,2026-11-30",
    ].join("\n");
    const r = await checkFiles({ "p.csv": `${csv}\n` }, [
      {
        path: "p.csv",
        views: [{ kind: "prices" }, { kind: "promotions", columns: { channels: "promo_channels", skus: "promo_skus" } }],
      },
    ]);
    expect(r.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
    expect(r.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
  });
});
