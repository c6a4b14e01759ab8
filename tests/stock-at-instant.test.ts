/**
 * The stock at an instant (docs/bad-input.md K24): each inventory update gives the stock from its
 * `updated_at` until the next, so a check at an instant reads the update in force then, a window
 * follows the stock where it changes, and stock every row of which is updated after the check is
 * not known then (the run says so).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, formatJson, loadConfig, type CheckOptions, type Report } from "../src/index.js";

// In stock in store and e-reserved at S1: 0 units contradict the first and are below
// e-reservation's minimum of 3; 5 units do neither.
const STORES = "location,status,click_collect,e_reservation\nS1,open,true,true\n";
const PRICES = "sku,channel,location,currency,price,availability\nA,e_reservation,S1,EUR,10.00,\nA,store,S1,EUR,10.00,in_stock\n";
const STOCK_RULES = ["availability/contradicts-stock", "availability/e-reservation-low-stock"];

/** Checks the stores, prices and inventory rows (and more files) in a fresh folder; the report and the run's warnings. */
async function run(
  inventory: readonly string[],
  options: CheckOptions,
  more: { files?: Record<string, string>; feeds?: object[]; rules?: string[] } = {},
): Promise<{ report: Report; warnings: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-stock-"));
  const files = {
    "s.csv": STORES,
    "p.csv": PRICES,
    "i.csv": `sku,location,available,updated_at\n${inventory.join("\n")}\n`,
    ...more.files,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const feeds = [
    { kind: "stores", path: "s.csv" },
    { kind: "prices", path: "p.csv" },
    { kind: "inventory", path: "i.csv" },
    ...(more.feeds ?? []),
  ];
  const config = { timezone: "UTC", currency: "EUR", feeds, rules: more.rules ?? STOCK_RULES };
  writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
  const warnings: string[] = [];
  const report = await check(await loadConfig(join(dir, "pricelint.config.json")), { ...options, onWarning: (w) => warnings.push(w) });
  return { report, warnings };
}

/** Each finding as rule, sku, location and, over a window, its interval. */
const spans = (r: Report) =>
  r.findings.map((f) => `${f.rule} ${f.sku} ${f.location}${f.interval ? ` ${f.interval.from} ${f.interval.to}` : ""}`).sort();

const LOG = ["A,S1,0,2026-11-19T08:00:00Z", "A,S1,5,2026-11-20T08:00:00Z"];

describe("the stock at an instant", () => {
  it("K24 a check reads the update in force at its instant, not a later one", async () => {
    const at = async (instant: string) => spans((await run(LOG, { at: new Date(instant) })).report);
    // From the 19th at 08:00, 0 units; from the 20th at 08:00, 5.
    expect(await at("2026-11-19T12:00:00Z")).toStrictEqual([
      "availability/contradicts-stock A S1",
      "availability/e-reservation-low-stock A S1",
    ]);
    expect(await at("2026-11-20T07:59:59.999Z")).toHaveLength(2);
    expect(await at("2026-11-20T08:00:00Z")).toStrictEqual([]);
    // Before the first update, no stock is given: nothing to judge.
    expect(await at("2026-11-19T07:59:59.999Z")).toStrictEqual([]);
    // In any order of the rows.
    expect(spans((await run([...LOG].reverse(), { at: new Date("2026-11-19T12:00:00Z") })).report)).toHaveLength(2);
  });

  it("K24 a row without updated_at holds always, beside every update", async () => {
    // Undated 0 units and an update of 0 on the 20th agree: 0 before the update as after it.
    for (const instant of ["2026-11-19T12:00:00Z", "2026-11-20T12:00:00Z"]) {
      const { report, warnings } = await run(["A,S1,0,", "A,S1,0,2026-11-20T08:00:00Z"], { at: new Date(instant) });
      expect(spans(report)).toHaveLength(2);
      expect(warnings).toStrictEqual([]);
    }
  });

  it("K24 stock every row of which is updated after the check is not known then, and the run says so", async () => {
    const { report, warnings } = await run(["A,S1,0,2026-11-21T08:00:00Z", "B,S1,0,2026-11-22T08:00:00Z", "C,S1,4,"], {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    // Before: the 21st's 0 units were judged on the 20th.
    expect(spans(report)).toStrictEqual([]);
    expect(warnings).toStrictEqual([
      "inventory: 2 stocks (a sku at a location) are given only by rows updated after the check's instant (2026-11-20T12:00:00.000Z), the first at i.csv:2 (updated_at 2026-11-21T08:00:00Z): a stock holds from its update on, so they are not known then and the stock rules do not judge them there; check --at, and the zone updated_at is read in",
    ]);
    // Over a window that ends before the update, the same; one it reaches knows the stock.
    const window = await run(["A,S1,0,2026-11-21T08:00:00Z"], {
      window: { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-21T08:00:00Z") },
    });
    expect(window.warnings).toStrictEqual([
      "inventory: 1 stock (a sku at a location) is given only by rows updated after the window's end (2026-11-21T08:00:00.000Z), the first at i.csv:2 (updated_at 2026-11-21T08:00:00Z): a stock holds from its update on, so it is not known in the window and the stock rules do not judge it there; check --at, --from and --to, and the zone updated_at is read in",
    ]);
    const reached = await run(["A,S1,0,2026-11-21T08:00:00Z"], {
      window: { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-21T08:00:00.001Z") },
    });
    expect(reached.warnings).toStrictEqual([]);
    expect(spans(reached.report)).toStrictEqual([
      "availability/contradicts-stock A S1 2026-11-21T08:00:00.000Z 2026-11-21T08:00:00.001Z",
      "availability/e-reservation-low-stock A S1 2026-11-21T08:00:00.000Z 2026-11-21T08:00:00.001Z",
    ]);
  });

  it("K24 with threads, the threads' stock given after the check is counted once, the first row of all named", async () => {
    const rows = [
      "A,S1,0,2026-11-21T08:00:00Z",
      "B,S1,0,2026-11-22T08:00:00Z",
      "C,S1,0,2026-11-23T08:00:00Z",
      "D,S1,0,2026-11-24T08:00:00Z",
    ];
    const at = new Date("2026-11-20T12:00:00Z");
    const one = await run(rows, { at });
    const two = await run(rows, { at, workers: 2 });
    expect(two.warnings).toStrictEqual(one.warnings);
    expect(one.warnings[0]).toContain("inventory: 4 stocks (a sku at a location) are given only");
    expect(one.warnings[0]).toContain("the first at i.csv:2 (updated_at 2026-11-21T08:00:00Z)");
  });

  it("K24 a window follows the stock where it is updated, incrementally as instant by instant", async () => {
    const window = { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
    const expected = [
      "availability/contradicts-stock A S1 2026-11-19T08:00:00.000Z 2026-11-20T08:00:00.000Z",
      "availability/e-reservation-low-stock A S1 2026-11-19T08:00:00.000Z 2026-11-20T08:00:00.000Z",
    ];
    const incremental = (await run(LOG, { window })).report;
    const byInstant = (await run(LOG, { window, windowByInstant: true })).report;
    // Before: the latest update (5 units) was the stock throughout, and nothing was found.
    expect(spans(incremental)).toStrictEqual(expected);
    expect(formatJson(byInstant)).toBe(formatJson(incremental));
  });

  it("K24 a promotion without stock is judged with the stock of each instant, for a sku priced or not", async () => {
    const window = { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
    const promotions = "promo_id,type,value,skus,channels,locations,start,end\nP1,percent_off,10,A|Z,store,S1,2026-11-01,2026-11-30\n";
    const inventory = [...LOG, "Z,S1,3,2026-11-19T08:00:00Z", "Z,S1,0,2026-11-20T06:00:00Z"];
    const more = {
      files: { "pr.csv": promotions },
      feeds: [{ kind: "promotions", path: "pr.csv" }],
      rules: ["availability/promo-without-stock"],
    };
    const expected = [
      // A: 0 units from the 19th at 08:00 to the 20th at 08:00. Z (no price): 0 units from the 20th at 06:00 on.
      "availability/promo-without-stock A null 2026-11-19T08:00:00.000Z 2026-11-20T08:00:00.000Z",
      "availability/promo-without-stock Z null 2026-11-20T06:00:00.000Z 2026-11-21T00:00:00.000Z",
    ];
    const incremental = (await run(inventory, { window }, more)).report;
    expect(spans(incremental)).toStrictEqual(expected);
    expect(formatJson((await run(inventory, { window, windowByInstant: true }, more)).report)).toBe(formatJson(incremental));
  });
});

describe("the stock at an instant, without a stores feed and to the digit", () => {
  /** Checks promotions and inventory alone (no stores feed: every inventory location is a store). */
  async function promoted(inventory: readonly string[], options: CheckOptions): Promise<Report> {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-stock-"));
    writeFileSync(
      join(dir, "pr.csv"),
      "promo_id,type,value,channels,locations,skus,start,end\nP1,percent_off,10,store,,A,2026-11-18T00:00:00Z,2026-11-25T00:00:00Z\n",
    );
    writeFileSync(join(dir, "i.csv"), `sku,location,available,updated_at\n${inventory.join("\n")}\n`);
    const feeds = [
      { kind: "promotions", path: "pr.csv" },
      { kind: "inventory", path: "i.csv" },
    ];
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({ timezone: "UTC", currency: "EUR", feeds, rules: ["availability/promo-without-stock"] }),
    );
    return check(await loadConfig(join(dir, "c.json")), options);
  }

  it("K24 a location whose stock is not given yet leaves the promotion's sku unjudged, as one without a row does", async () => {
    // L1 from the 21st: 0; L2: 0 from the 18th, 4 from the 22nd. Without a stores feed both are stores.
    const rows = ["A,L1,0,2026-11-21T00:00:00Z", "A,L2,0,2026-11-18T00:00:00Z", "A,L2,4,2026-11-22T00:00:00Z"];
    // On the 19th L1's stock is not known: unjudged. Before: L1 was left out, and 0 at L2 fired.
    expect(spans(await promoted(rows, { at: new Date("2026-11-19T00:00:00Z") }))).toStrictEqual([]);
    // 0 at both from the 21st until L2's 4 on the 22nd.
    const window = { from: new Date("2026-11-17T00:00:00Z"), to: new Date("2026-11-26T00:00:00Z") };
    const incremental = await promoted(rows, { window });
    expect(spans(incremental)).toStrictEqual(["availability/promo-without-stock A null 2026-11-21T00:00:00.000Z 2026-11-22T00:00:00.000Z"]);
    expect(formatJson(await promoted(rows, { window, windowByInstant: true }))).toBe(formatJson(incremental));
  });

  it("K24 updates ordered to every digit written below the millisecond, however many", async () => {
    const at = { at: new Date("2026-11-19T09:00:00Z") };
    const stockRules = ["availability/contradicts-stock A S1", "availability/e-reservation-low-stock A S1"];
    for (const [earlier, later] of [
      ["2026-11-19T08:00:00.1234567Z", "2026-11-19T08:00:00.1234568Z"],
      ["2026-11-19T07:59:59.9999999Z", "2026-11-19T08:00:00Z"],
      ["2026-11-19T08:00:00Z", "2026-11-19T08:00:00.000000001Z"],
      ["2026-11-19T08:00:00.123456789012Z", "2026-11-19T08:00:00.1234567890121Z"],
    ]) {
      // 5 units, then 0: the later update is the stock, whichever row comes first.
      for (const rows of [
        [`A,S1,5,${earlier}`, `A,S1,0,${later}`],
        [`A,S1,0,${later}`, `A,S1,5,${earlier}`],
      ]) {
        const { report } = await run(rows, at);
        expect(spans(report)).toStrictEqual(stockRules);
        expect(report.summary.rows.rejected).toBe(0);
      }
    }
  });
});

describe("the rows of a stock that stand together", () => {
  it("K24 rows of an earlier update that disagree are rejected: they are the stock until the next update", async () => {
    const rows = ["A,S1,5,2026-11-19T08:00:00Z", "A,S1,0,2026-11-19T08:00:00Z", "A,S1,5,2026-11-20T08:00:00Z"];
    const { report } = await run(rows, { at: new Date("2026-11-19T12:00:00Z") });
    // On the 19th the units are unknown: nothing judged; the two rows of that update rejected.
    expect(report.findings.map((f) => `${f.rule} ${String(f.values.line)}`)).toStrictEqual(["feed/invalid-row 2", "feed/invalid-row 3"]);
    expect(report.summary.rows).toStrictEqual({ read: 6, accepted: 4, rejected: 2 });
  });

  it("K24 a row without updated_at that disagrees with two updates names the rows of both", async () => {
    const { report } = await run(["A,S1,5,", "A,S1,0,2026-11-19T08:00:00Z", "A,S1,3,2026-11-20T08:00:00Z"], {
      at: new Date("2026-11-20T12:00:00Z"),
    });
    const messages = report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message);
    expect(messages).toHaveLength(3);
    // The undated row stands beside both updates, and says otherwise than each.
    expect(messages[0]).toContain(
      "stock of A at S1 also given at i.csv:3 (available 0), i.csv:4 (available 3), where this row says available 5",
    );
    expect(messages[1]).toContain("stock of A at S1 also given at i.csv:2 (available 5), where this row says available 0");
    expect(messages[2]).toContain("stock of A at S1 also given at i.csv:2 (available 5), where this row says available 3");
  });
});

describe("a stock update that cannot be read", () => {
  /** The stock rules' findings only (each rejected row is a feed/invalid-row finding too). */
  const stockSpans = (r: Report) => spans(r).filter((s) => !s.startsWith("feed/invalid-row"));
  const UNREADABLE = ["A,S1,0,2026-11-19T08:00:00Z", "A,S1,5 pcs,2026-11-20T08:00:00Z"];

  it("K25 makes the stock unknown from its updated_at, not the update before it", async () => {
    const at = async (rows: readonly string[], instant: string) => (await run(rows, { at: new Date(instant) })).report;
    // Before the unreadable update, the 0 units of the 19th.
    expect(stockSpans(await at(UNREADABLE, "2026-11-19T12:00:00Z"))).toHaveLength(2);
    // From it on, the units are unknown: nothing judged. Before: the 19th's 0 units still, two findings.
    const after = await at(UNREADABLE, "2026-11-21T12:00:00Z");
    expect(stockSpans(after)).toStrictEqual([]);
    expect(after.findings.map((f) => `${f.rule} ${String(f.values.line)}`)).toStrictEqual(["feed/invalid-row 3"]);
    expect(after.summary.rows).toStrictEqual({ read: 5, accepted: 4, rejected: 1 });
    // Whatever the rows' order.
    expect(stockSpans(await at([...UNREADABLE].reverse(), "2026-11-21T12:00:00Z"))).toStrictEqual([]);
    // A readable update after it gives the stock again; one made at its instant does not.
    expect(stockSpans(await at([...UNREADABLE, "A,S1,0,2026-11-21T08:00:00Z"], "2026-11-21T12:00:00Z"))).toHaveLength(2);
    expect(stockSpans(await at([...UNREADABLE, "A,S1,0,2026-11-20T08:00:00Z"], "2026-11-21T12:00:00Z"))).toStrictEqual([]);
    // A count left empty is no count either.
    expect(stockSpans(await at(["A,S1,0,2026-11-19T08:00:00Z", "A,S1,,2026-11-20T08:00:00Z"], "2026-11-21T12:00:00Z"))).toStrictEqual([]);
  });

  it("K25 without updated_at, it stands beside every update: the stock is never known", async () => {
    const { report } = await run(["A,S1,0,2026-11-19T08:00:00Z", "A,S1,n/a,"], { at: new Date("2026-11-19T12:00:00Z") });
    expect(stockSpans(report)).toStrictEqual([]);
  });

  it("K25 a stock no readable row gives stays not given, and the sku's stock elsewhere is untouched", async () => {
    const stores = "location,status,click_collect,e_reservation\nS1,open,true,true\nS2,open,true,true\n";
    const prices = `${PRICES}A,e_reservation,S2,EUR,10.00,\nA,store,S2,EUR,10.00,in_stock\n`;
    const files = { "s.csv": stores, "p.csv": prices };
    const { report, warnings } = await run(
      ["A,S1,?,2026-11-19T08:00:00Z", "A,S2,0,2026-11-19T08:00:00Z"],
      { at: new Date("2026-11-20T12:00:00Z") },
      { files },
    );
    expect(stockSpans(report)).toStrictEqual(["availability/contradicts-stock A S2", "availability/e-reservation-low-stock A S2"]);
    expect(warnings).toStrictEqual([]);
  });

  it("K25 a window ends the stock's findings where the unreadable update is made, incrementally as instant by instant", async () => {
    const window = { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
    const incremental = (await run(UNREADABLE, { window })).report;
    const byInstant = (await run(UNREADABLE, { window, windowByInstant: true })).report;
    // Before: the 0 units held to the window's end.
    expect(stockSpans(incremental)).toStrictEqual([
      "availability/contradicts-stock A S1 2026-11-19T08:00:00.000Z 2026-11-20T08:00:00.000Z",
      "availability/e-reservation-low-stock A S1 2026-11-19T08:00:00.000Z 2026-11-20T08:00:00.000Z",
    ]);
    expect(formatJson(byInstant)).toBe(formatJson(incremental));
  });
});
