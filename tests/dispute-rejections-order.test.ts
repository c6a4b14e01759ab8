/**
 * Which rows of a store or a stock given more than once are rejected does not depend on the
 * rows' order: every row of a store, or of a stock's rows that stand together (an update's, and
 * those without updated_at), whose rows do not all agree is rejected, naming the others
 * (docs/bad-input.md K12, K24).
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../src/index.js";
import type { FeedConfig } from "../src/config/schema.js";
import { checkFiles as checkFolder, outline } from "./helpers/check-files.js";

const AT = "2026-11-20T10:00:00Z";

/** Writes feed files into a fresh folder and checks them with every rule. */
const checkFiles = (files: Record<string, string>, feeds: Partial<FeedConfig>[]): Promise<Report> =>
  checkFolder(files, { timezone: "Europe/Rome", currency: "EUR", feeds, rules: ["all"] }, AT);

/** The lines of the rejected rows. */
const rejectedLines = (r: Report) =>
  r.findings
    .filter((f) => f.rule === "feed/invalid-row")
    .map((f) => f.values.line)
    .sort();

/** Every order of a list's items. */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("the stock of a sku at a store given by rows in any order", () => {
  const stores = "location,status,click_collect,e_reservation\nS1,open,true,true\n";
  // In stock in store, and e-reserved: 0 units would contradict the first and be below e-reservation's minimum of 3; 5 do neither.
  const prices = "sku,channel,location,currency,price,availability\nA,e_reservation,S1,EUR,10.00,\nA,store,S1,EUR,10.00,in_stock\n";
  const run = (rows: string[]) =>
    checkFiles({ "s.csv": stores, "p.csv": prices, "i.csv": `sku,location,available,updated_at\n${rows.join("\n")}\n` }, [
      { kind: "stores", path: "s.csv" },
      { kind: "prices", path: "p.csv" },
      { kind: "inventory", path: "i.csv" },
    ]);

  it("K12 rejects the rows of an earlier update that disagree, whatever the order, and takes the update in force as the stock", async () => {
    const rows = ["A,S1,5,2026-11-19T08:00:00Z", "A,S1,0,2026-11-19T08:00:00Z", "A,S1,5,2026-11-20T08:00:00Z"];
    for (const order of orders(rows)) {
      const r = await run(order);
      // The rows of the 19th give the stock until the 20th (K24): which of them is right is unknown.
      const lines = order.flatMap((row, i) => (row.includes("-19T") ? [i + 2] : []));
      expect(rejectedLines(r)).toStrictEqual(lines);
      // 5 units from the 20th: neither contradicts in_stock nor is below 3.
      expect(r.findings.map((f) => f.rule)).toStrictEqual(["feed/invalid-row", "feed/invalid-row"]);
      expect(r.summary.rows).toStrictEqual({ read: 6, accepted: 4, rejected: 2 });
    }
  });

  it("rejects every row of one update that do not all agree, in every order, each naming the others", async () => {
    const rows = ["A,S1,5,2026-11-19T08:00:00Z", "A,S1,0,2026-11-19T08:00:00Z", "A,S1,0,2026-11-19T08:00:00Z"];
    for (const order of orders(rows)) {
      const r = await run(order);
      expect(rejectedLines(r)).toStrictEqual([2, 3, 4]);
      expect(r.findings.map((f) => f.rule)).toStrictEqual(["feed/invalid-row", "feed/invalid-row", "feed/invalid-row"]);
      expect(r.summary.rows).toStrictEqual({ read: 6, accepted: 3, rejected: 3 });
    }
    expect(outline(await run(rows))).toStrictEqual([
      "i.csv:2: stock of A at S1 also given at i.csv:3 (available 0), i.csv:4 (available 0), where this row says available 5, all updated at 2026-11-19T08:00:00Z: which is right is unknown, so the stock there is taken as not given",
      "i.csv:3: stock of A at S1 also given at i.csv:2 (available 5), i.csv:4 (available 0), where this row says available 0, all updated at 2026-11-19T08:00:00Z: which is right is unknown, so the stock there is taken as not given",
      "i.csv:4: stock of A at S1 also given at i.csv:2 (available 5), i.csv:3 (available 0), where this row says available 0, all updated at 2026-11-19T08:00:00Z: which is right is unknown, so the stock there is taken as not given",
    ]);
  });

  it("rejects both rows of a dispute and names what the other says", async () => {
    const r = await run(["A,S1,0,", "A,S1,5,"]);
    expect(outline(r)).toStrictEqual([
      "i.csv:2: stock of A at S1 also given at i.csv:3 (available 5), where this row says available 0, and no updated_at tells which is later: which is right is unknown, so the stock there is taken as not given",
      "i.csv:3: stock of A at S1 also given at i.csv:2 (available 0), where this row says available 5, and no updated_at tells which is later: which is right is unknown, so the stock there is taken as not given",
    ]);
  });
});

describe("a store given by rows in any order", () => {
  const prices = "sku,channel,location,currency,price\nA,click_collect,S1,EUR,10.00\n";
  const run = (rows: string[]) =>
    checkFiles({ "s.csv": `location,status,click_collect\n${rows.join("\n")}\n`, "p.csv": prices }, [
      { kind: "stores", path: "s.csv" },
      { kind: "prices", path: "p.csv" },
    ]);

  it("rejects every row of a store whose rows do not all agree, in every order, and judges the disputed status nowhere", async () => {
    // Rows that all say the same are one store, with no rejection: its closed status is judged.
    const same = await run(["S1,temporarily_closed,true", "S1,temporarily_closed,true"]);
    expect(outline(same)).toStrictEqual(["availability/click-collect-store-closed A S1"]);
    expect(same.summary.rows).toStrictEqual({ read: 3, accepted: 3, rejected: 0 });
    const rows = ["S1,open,true", "S1,temporarily_closed,true", "S1,temporarily_closed,true"];
    for (const order of orders(rows)) {
      const r = await run(order);
      // Alone, a closed row makes click-and-collect at S1 an error; the status is unknown here.
      expect(r.findings.map((f) => f.rule)).toStrictEqual(["feed/invalid-row", "feed/invalid-row", "feed/invalid-row"]);
      expect(rejectedLines(r)).toStrictEqual([2, 3, 4]);
      expect(r.summary.rows).toStrictEqual({ read: 4, accepted: 1, rejected: 3 });
    }
    expect(outline(await run(rows))[0]).toBe(
      "s.csv:2: location S1 also given at s.csv:3 (status temporarily_closed), s.csv:4 (status temporarily_closed), where this row says status open: which is right is unknown, so the store's status is taken as not given",
    );
  });
});
