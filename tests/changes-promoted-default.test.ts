/**
 * The previous effective price of an offer is the one at the place where today's run judges it.
 * A channel's default row (no location) stands at every store; where a promotion limited to some
 * stores runs, the evaluator judges it at that store, as an offer of that store. Yesterday's
 * effective price there is the default row's at that store (last night's promotions, that
 * store's zone), not at no location; where that is not known, it is missing. Expected values are
 * worked out by hand from the rows below; each night is read from the previous folder and from
 * the snapshot of the previous run, which must agree.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";

const tmp = mkdtempSync(join(tmpdir(), "pricelint-promoted-default-"));

/** An info rule on every offer, its message the effective-price facts of the comparison. */
const RULE = {
  id: "house/effective",
  description: "the effective price against the previous state's",
  severity: "info",
  scope: "offer",
  conditions: { all: [{ fact: "price", operator: "greaterThan", value: "-1" }] },
  message: "prev={previous.effectivePrice} now={effectivePrice} change={effectivePriceChange}",
};

const PRICES = "sku,location,price,sale_price,sale_end,currency\n";
const PROMOS = "promo_id,type,value,channels,locations,skus,start,end,coupon_code\n";
const STORES = "location,status,timezone\nS1,open,\nS2,open,\n";

interface Night {
  readonly store: string;
  readonly promos: string;
  readonly web?: string;
  readonly stores?: string;
}

/** A folder of two nights' feeds and its config: `yesterday/` and `today/`. */
function nights(name: string, yesterday: Night, today: Night): string {
  const dir = join(tmp, name);
  for (const [night, feeds] of [
    ["yesterday", yesterday],
    ["today", today],
  ] as const) {
    mkdirSync(join(dir, night), { recursive: true });
    writeFileSync(join(dir, night, "stores.csv"), feeds.stores ?? STORES);
    writeFileSync(join(dir, night, "store.csv"), PRICES + feeds.store);
    writeFileSync(join(dir, night, "web.csv"), PRICES + (feeds.web ?? ""));
    writeFileSync(join(dir, night, "promos.csv"), PROMOS + feeds.promos);
  }
  writeFileSync(join(dir, "rule.json"), JSON.stringify(RULE));
  writeFileSync(
    join(dir, "pricelint.config.json"),
    JSON.stringify({
      timezone: "UTC",
      currency: "EUR",
      feeds: [
        { kind: "stores", path: "stores.csv" },
        { kind: "prices", path: "store.csv", constants: { channel: "store" } },
        { kind: "prices", path: "web.csv", constants: { channel: "web" } },
        { kind: "promotions", path: "promos.csv" },
      ],
      rules: [join(dir, "rule.json")],
    }),
  );
  return dir;
}

/** The snapshot yesterday's run writes at `at`. */
async function snapshotOf(dir: string, at: string): Promise<string> {
  const file = join(dir, "yesterday.snapshot.gz");
  await check(await loadConfig(join(dir, "pricelint.config.json")), { at: new Date(at), feedsDir: join(dir, "yesterday"), snapshot: file });
  return file;
}

/** Today's run against `previous`: each offer judged, `sku location channel: message`, sorted. */
async function judged(dir: string, at: string, previous: { feeds: string } | { snapshot: string }): Promise<string[]> {
  const report = await check(await loadConfig(join(dir, "pricelint.config.json")), {
    at: new Date(at),
    feedsDir: join(dir, "today"),
    previous,
  });
  return report.findings.map((f) => `${f.sku} ${f.location ?? "-"} ${f.channels.join(",")}: ${f.message}`).sort();
}

/** The same from the previous folder and from yesterday's snapshot. */
async function fromBoth(dir: string, at: string): Promise<string[]> {
  const fromFolder = await judged(dir, at, { feeds: join(dir, "yesterday") });
  expect(await judged(dir, at, { snapshot: await snapshotOf(dir, at) })).toStrictEqual(fromFolder);
  return fromFolder;
}

const AT = "2026-12-05T05:00:00Z";
/** D: the store channel's default row at 10.00. O: a row of S1's own at 10.00. */
const D_AND_O = "D,,10.00,,,EUR\nO,S1,10.00,,,EUR\n";
/** 10 % off D and O at S1 only: D at S1 is 9.00, at no location (and S2) 10.00. */
const AT_S1 = "P,percent_off,10,store,S1,D|O,2026-12-01,2026-12-10,\n";

describe("a default row judged at a store where a promotion limited to stores runs", () => {
  it("has yesterday's effective price at that store: a promotion running both nights, one starting today", async () => {
    const same = nights("same", { store: D_AND_O, promos: AT_S1 }, { store: D_AND_O, promos: AT_S1 });
    expect(await fromBoth(same, AT)).toStrictEqual([
      "D - store: prev=10.00 now=10.00 change=0.00",
      "D S1 store: prev=9.00 now=9.00 change=0.00",
      "O S1 store: prev=9.00 now=9.00 change=0.00",
    ]);
    // Starting today, it shows at S1 on the default row as on the store's own row.
    const starts = nights("starts", { store: D_AND_O, promos: "" }, { store: D_AND_O, promos: AT_S1 });
    expect(await fromBoth(starts, AT)).toStrictEqual([
      "D - store: prev=10.00 now=10.00 change=0.00",
      "D S1 store: prev=10.00 now=9.00 change=-1.00",
      "O S1 store: prev=10.00 now=9.00 change=-1.00",
    ]);
  });

  it("is each store's own where two promotions run at two stores", async () => {
    // 10 % off D at S1 (9.00), 5 % off D at S2 (9.50), both nights.
    const promos = `${AT_S1}P5,percent_off,5,store,S2,D,2026-12-01,2026-12-10,\n`;
    const dir = nights("two", { store: D_AND_O, promos }, { store: D_AND_O, promos });
    expect(await fromBoth(dir, AT)).toStrictEqual([
      "D - store: prev=10.00 now=10.00 change=0.00",
      "D S1 store: prev=9.00 now=9.00 change=0.00",
      "D S2 store: prev=9.50 now=9.50 change=0.00",
      "O S1 store: prev=9.00 now=9.00 change=0.00",
    ]);
  });

  it("is what a row of the store's own, new today, is compared with", async () => {
    // Yesterday D stood at S1 by its default row at 10.00 less 10 %: 9.00; today S1 has its own row at 9.50.
    const dir = nights(
      "own-today",
      { store: "D,,10.00,,,EUR\n", promos: AT_S1 },
      { store: "D,,10.00,,,EUR\nD,S1,9.50,,,EUR\n", promos: "" },
    );
    expect(await fromBoth(dir, AT)).toStrictEqual([
      "D - store: prev=10.00 now=10.00 change=0.00",
      "D S1 store: prev=9.00 now=9.50 change=0.50",
    ]);
  });

  it("is written in the snapshot as the default row at that store where it is another price, the header saying so", async () => {
    // A coupon at S2 makes D an offer of S2 too, at its public price there: 10.00, as at no location.
    const coupon = "C,percent_off,10,store,S2,D,2026-12-01,2026-12-10,SAVE10\n";
    const dir = nights("lines", { store: D_AND_O, promos: AT_S1 + coupon }, { store: D_AND_O, promos: AT_S1 });
    const lines = gunzipSync(readFileSync(await snapshotOf(dir, AT)))
      .toString("utf8")
      .split("\n");
    expect(JSON.parse(lines[0]!.split("\t")[2]!)).toMatchObject({ defaultsAtStores: true });
    // D again at S1, with the default row's regular price and feed row; not at S2, where it is the default row's 10.00.
    expect(lines.slice(1)).toStrictEqual([
      "D\tstore\t\tEUR\ttrue\t10.00\t\t10.00\tstore.csv\t2\t",
      "D\tstore\tS1\tEUR\ttrue\t10.00\t\t9.00\tstore.csv\t2\tdefault",
      "O\tstore\tS1\tEUR\ttrue\t10.00\t\t9.00\tstore.csv\t3\t",
      "end\t3",
      "",
    ]);
  });

  it("is missing from a snapshot written before default rows were kept at stores; the rest is read", async () => {
    const dir = nights("older", { store: D_AND_O, promos: AT_S1 }, { store: D_AND_O, promos: AT_S1 });
    const lines = gunzipSync(readFileSync(await snapshotOf(dir, AT)))
      .toString("utf8")
      .split("\n");
    // As such a snapshot was: no defaultsAtStores in its header, no line of D at S1.
    const older = join(dir, "older.snapshot.gz");
    writeFileSync(older, gzipSync([lines[0]!.replace(',"defaultsAtStores":true', ""), lines[1], lines[3], "end\t2", ""].join("\n")));
    expect(await judged(dir, AT, { snapshot: older })).toStrictEqual([
      "D - store: prev=10.00 now=10.00 change=0.00",
      "D S1 store: prev=none now=9.00 change=none",
      "O S1 store: prev=9.00 now=9.00 change=0.00",
    ]);
  });
});

describe("a row's previous effective price in the zone where it is judged", () => {
  // At 20:00 UTC on 4 December a sale ending with 4 December (bare date) still runs in UTC (the
  // config's zone) and is over in Tokyo (S1's zone, where it ended at 15:00 UTC).
  const at = "2026-12-04T20:00:00Z";
  const stores = "location,status,timezone\nS1,open,Asia/Tokyo\nS2,open,\n";
  const sale = (sku: string, location = "") => `${sku},${location},10.00,8.00,2026-12-04,EUR\n`;
  const rows = `${sale("D")}${sale("D2")}E,,10.00,,,EUR\n${sale("F", "S1")}`;
  const startsToday = "P,percent_off,10,store,S1,D|E,2026-12-01,2026-12-10,\n";
  const bothNights = "P2,percent_off,10,store,S1|S2,D2,2026-12-01,2026-12-10,\n";

  it("is missing for a located default row whose effective price differs in a store's zone, unless kept at that store", async () => {
    const dir = nights(
      "zones",
      { stores, store: rows, promos: bothNights, web: sale("W") },
      { stores, store: rows, promos: startsToday + bothNights, web: sale("W") },
    );
    expect(await fromBoth(dir, at)).toStrictEqual([
      // D: 8.00 in UTC, 10.00 in Tokyo yesterday: where it was judged is not known.
      "D - store: prev=none now=8.00 change=none",
      // Today at S1 (Tokyo): the sale over, 10.00 less 10 % = 9.00; yesterday 10.00 there, not 8.00.
      "D S1 store: prev=none now=9.00 change=none",
      // D2 under P2 at S1 and S2 both nights: kept at each, 9.00 at S1 (Tokyo), 8.00 less 10 % = 7.20 at S2 (UTC).
      "D2 - store: prev=none now=8.00 change=none",
      "D2 S1 store: prev=9.00 now=9.00 change=0.00",
      "D2 S2 store: prev=7.20 now=7.20 change=0.00",
      // E has no sale: the same in every zone.
      "E - store: prev=10.00 now=10.00 change=0.00",
      "E S1 store: prev=10.00 now=9.00 change=-1.00",
      // S1's own row, in Tokyo both nights: 10.00.
      "F S1 store: prev=10.00 now=10.00 change=0.00",
      // A web row reads its bare dates in the config's zone (web is not located): on sale, 8.00.
      "W - web: prev=8.00 now=8.00 change=0.00",
    ]);
  });
});
