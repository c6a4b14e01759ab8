/**
 * The previous state's offers when one sku has many rows (a fuel product at thousands of
 * stations): `PreviousOffers.add` finds a repeated offer by a set of the sku's keys once it has
 * many rows, by a scan below. The same answers as a plain reference, whatever the order of adds
 * and lookups; and through a run, duplicates and disputes of the previous feeds (agreeing,
 * disagreeing on price, on currency, a channel's default beside its store rows) give the same
 * findings from the previous folder and from its snapshot, and a repeated line in a snapshot is
 * refused, however far from the first.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import { PreviousOffer, PreviousOffers, type PreviousEntry } from "../src/changes/previous-offers.js";

const SKUS = ["A", "B", "C"];
const CHANNELS = ["web", "store", "app"];
const LOCATIONS = Array.from({ length: 40 }, (_, i) => `S${String(i).padStart(2, "0")}`);

/** PreviousOffers as its comments say, plainly: every row in a list, every answer by a scan. */
class Reference {
  readonly rows: PreviousEntry[] = [];
  private readonly seen = new Set<string>();
  private last: string | null = null;

  add(entry: PreviousEntry): "sku_not_together" | "duplicate" | null {
    if (entry.sku !== this.last) {
      if (this.seen.has(entry.sku)) return "sku_not_together";
      this.seen.add(entry.sku);
      this.last = entry.sku;
    }
    if (this.rowOf(entry.sku, entry.channel, entry.location) >= 0) return "duplicate";
    this.rows.push(entry);
    return null;
  }

  rowOf(sku: string, channel: string, location: string | null): number {
    return this.rows.findIndex((r) => r.sku === sku && r.channel === channel && r.location === location);
  }

  standingAt(sku: string, channel: string, location: string | null): number {
    const own = this.rowOf(sku, channel, location);
    return own >= 0 || location === null ? own : this.rowOf(sku, channel, null);
  }

  channelsOf(sku: string): { channel: string; row: number }[] {
    const out: { channel: string; row: number }[] = [];
    this.rows.forEach((r, row) => {
      if (r.sku === sku && !out.some((c) => c.channel === r.channel)) out.push({ channel: r.channel, row });
    });
    return out;
  }
}

const entry = (sku: string, channel: string, location: string | null, line: number, price: number | null = line * 1_000_000) => ({
  sku,
  channel,
  location,
  currency: line % 5 === 0 ? "USD" : "EUR",
  taxIncluded: line % 7 !== 0,
  price,
  salePrice: line % 3 === 0 ? null : 500_000,
  effectivePrice: price,
  file: line % 2 === 0 ? "a.csv" : "b.csv",
  line,
});

/** Every answer of `previous` is the reference's, for every sku, channel and location (and none). */
function expectSame(previous: PreviousOffers, reference: Reference): void {
  expect(previous.size).toBe(reference.rows.length);
  const into = new PreviousOffer();
  reference.rows.forEach((row, i) => expect({ ...previous.read(i, into) }).toEqual({ ...row }));
  for (const sku of [...SKUS, "Z"]) {
    expect(previous.channelsOf(sku)).toEqual(reference.channelsOf(sku));
    for (const channel of [...CHANNELS, "none"])
      for (const location of [null, ...LOCATIONS, "nowhere"]) {
        expect(previous.rowOf(sku, channel, location)).toBe(reference.rowOf(sku, channel, location));
        expect(previous.standingAt(sku, channel, location)).toBe(reference.standingAt(sku, channel, location));
      }
  }
}

describe("PreviousOffers with many rows to a sku", () => {
  it("answers as the plain reference: adds (repeats, skus not together) and lookups in any order", () => {
    const row = fc.record({
      channel: fc.constantFrom(...CHANNELS),
      location: fc.option(fc.constantFrom(...LOCATIONS), { freq: 8 }),
      price: fc.option(fc.integer({ min: 0, max: 3 }).map((p) => p * 1_000_000)),
      // A lookup just before this add: the lookup's cached rows must not stand in for the adds'.
      lookup: fc.boolean(),
    });
    const run = fc.record({ sku: fc.constantFrom(...SKUS), rows: fc.array(row, { maxLength: 120 }) });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 5 }), (runs) => {
        const previous = new PreviousOffers("feeds test", "2026-12-04T06:00:00.000Z");
        const reference = new Reference();
        let line = 0;
        for (const { sku, rows } of runs)
          for (const r of rows) {
            if (r.lookup) expect(previous.standingAt(sku, r.channel, r.location)).toBe(reference.standingAt(sku, r.channel, r.location));
            const e = entry(sku, r.channel, r.location, ++line, r.price);
            expect(previous.add(e)).toBe(reference.add(e));
          }
        expectSame(previous, reference);
      }),
      { numRuns: 150 },
    );
  });

  it("a repeat is refused however far back its first row, the first row standing; the next sku starts afresh", () => {
    const previous = new PreviousOffers("snapshot test", "2026-12-04T06:00:00.000Z");
    const stores = Array.from({ length: 5000 }, (_, i) => `L${i}`);
    expect(previous.add(entry("DIESEL", "store", null, 1))).toBeNull();
    stores.forEach((location, i) => expect(previous.add(entry("DIESEL", "store", location, i + 2))).toBeNull());
    expect(previous.add(entry("DIESEL", "web", null, 6000))).toBeNull();
    // The first store's row, the channel's default and the last store's, again: refused, whatever their prices.
    expect(previous.add(entry("DIESEL", "store", "L0", 6001, 1))).toBe("duplicate");
    expect(previous.add(entry("DIESEL", "store", null, 6002))).toBe("duplicate");
    expect(previous.add(entry("DIESEL", "store", "L4999", 6003))).toBe("duplicate");
    expect(previous.add(entry("DIESEL", "web", "L0", 6004))).toBeNull();
    expect(previous.size).toBe(5003);
    const into = new PreviousOffer();
    expect(previous.read(previous.standingAt("DIESEL", "store", "L0"), into).line).toBe(2);
    expect(previous.read(previous.standingAt("DIESEL", "store", "L5000"), into).line).toBe(1);
    expect(previous.read(previous.standingAt("DIESEL", "web", "L0"), into).line).toBe(6004);
    expect(previous.read(previous.standingAt("DIESEL", "web", "L1"), into).line).toBe(6000);
    // Another sku: the same channels and locations are its own offers.
    expect(previous.add(entry("PETROL", "store", "L0", 7000))).toBeNull();
    expect(previous.add(entry("PETROL", "store", "L0", 7001))).toBe("duplicate");
    expect(previous.add(entry("DIESEL", "store", "L1", 7002))).toBe("sku_not_together");
    expect(previous.channelsOf("DIESEL")).toEqual([
      { channel: "store", row: 0 },
      { channel: "web", row: 5001 },
    ]);
    expect(previous.read(previous.rowOf("PETROL", "store", "L0"), into).line).toBe(7000);
  });

  it("the same answers with a sku's rows just below, at and just above the count where the set takes over", () => {
    for (const count of [30, 31, 32, 33, 34, 64, 65]) {
      const previous = new PreviousOffers("snapshot test", "2026-12-04T06:00:00.000Z");
      const reference = new Reference();
      for (const sku of ["A", "B"]) {
        for (let i = 0; i < count; i++) {
          const e = entry(sku, "store", LOCATIONS[i % 40]!, i + 1);
          expect(previous.add(e)).toBe(reference.add(e));
        }
        for (const again of [entry(sku, "store", LOCATIONS[0]!, 99), entry(sku, "store", LOCATIONS[(count - 1) % 40]!, 98)])
          expect(previous.add(again)).toBe(reference.add(again));
      }
      expectSame(previous, reference);
    }
  });
});

describe("duplicates and disputes of the previous feeds at a sku with many stores", () => {
  const tmp = mkdtempSync(join(tmpdir(), "pricelint-previous-scale-"));
  const prices = (rows: string[]) => ["sku,channel,location,price,currency", ...rows].join("\n") + "\n";
  const stores = (from: number, to: number, price: string) =>
    LOCATIONS.slice(from, to).map((location) => `DIESEL,store,${location},${price},EUR`);
  for (const [day, rows] of [
    [
      "today",
      [
        "DIESEL,web,,10.00,EUR",
        ...stores(0, 40, "10.00"),
        "PETROL,store,S00,10.00,EUR",
        "PETROL,store,S01,10.00,EUR",
        "PETROL,store,S02,10.00,EUR",
      ],
    ],
    [
      "yesterday",
      [
        "DIESEL,web,,10.00,EUR",
        // The store channel's default, twice and agreeing: it stands at S04 to S09, which have no row of their own.
        "DIESEL,store,,5.00,EUR",
        ...stores(0, 1, "10.00"),
        ...stores(1, 4, "5.00"),
        ...stores(10, 40, "10.00"),
        "DIESEL,store,,5.00,EUR",
        // S01 agreeing, S02 disagreeing on the price, S03 on the currency: the last two have no price.
        "DIESEL,store,S01,5.00,EUR",
        "DIESEL,store,S02,6.00,EUR",
        "DIESEL,store,S03,5.00,USD",
        "PETROL,store,S00,5.00,EUR",
        "PETROL,store,S01,10.00,EUR",
        "PETROL,store,S02,10.00,EUR",
      ],
    ],
  ] as const) {
    mkdirSync(join(tmp, day));
    writeFileSync(join(tmp, day, "prices.csv"), prices([...rows]));
  }
  const configFile = join(tmp, "pricelint.config.json");
  writeFileSync(
    configFile,
    JSON.stringify({ timezone: "UTC", currency: "EUR", feeds: [{ kind: "prices", path: "prices.csv" }], rules: ["change/price-move"] }),
  );
  const snapshot = join(tmp, "yesterday.snapshot.gz");
  const at = new Date("2026-12-05T06:00:00Z");

  async function moves(previous: { feeds: string } | { snapshot: string }) {
    const report = await check(await loadConfig(configFile), { at, feedsDir: join(tmp, "today"), previous });
    return report.findings.map((f) => `${f.rule} ${f.sku} ${f.channels.join("+")} ${f.location ?? "-"}`).sort();
  }

  /**
   * By hand: 5.00 → 10.00 is a move of 100 %, above 50 %. DIESEL at S01 (two rows agreeing on
   * 5.00) and at S04 to S09 (the store default's 5.00 stands there); not at S02 and S03 (no
   * price yesterday: disputed), nor where the price stayed 10.00, nor on web. PETROL at S00.
   */
  const EXPECTED = [
    ...["S01", "S04", "S05", "S06", "S07", "S08", "S09"].map((s) => `change/price-move DIESEL store ${s}`),
    "change/price-move PETROL store S00",
  ];

  it("gives the same moves from the previous folder and from its snapshot", async () => {
    expect(await moves({ feeds: join(tmp, "yesterday") })).toEqual(EXPECTED);
    await check(await loadConfig(configFile), { at: new Date("2026-12-04T06:00:00Z"), feedsDir: join(tmp, "yesterday"), snapshot });
    expect(await moves({ snapshot })).toEqual(EXPECTED);
  });

  it("refuses a snapshot that repeats an offer many rows after its first line", async () => {
    await check(await loadConfig(configFile), { at: new Date("2026-12-04T06:00:00Z"), feedsDir: join(tmp, "yesterday"), snapshot });
    const lines = gunzipSync(readFileSync(snapshot)).toString("utf8").trimEnd().split("\n");
    // The header, then DIESEL's rows, then PETROL's.
    const first = lines.findIndex((l) => l.startsWith("DIESEL\tstore\tS00\t"));
    const last = lines.findIndex((l) => l.startsWith("PETROL\t"));
    // 36 rows of DIESEL (web, the store default, 34 stores): more than the sku's rows `add` scans.
    expect(lines.filter((l) => l.startsWith("DIESEL\t"))).toHaveLength(36);
    const damaged = join(tmp, "damaged.snapshot.gz");
    writeFileSync(damaged, gzipSync([...lines.slice(0, last), lines[first]!, ...lines.slice(last)].join("\n") + "\n"));
    await expect(
      check(await loadConfig(configFile), { at, feedsDir: join(tmp, "today"), previous: { snapshot: damaged } }),
    ).rejects.toThrow(`line ${last + 1}: an offer repeated: the snapshot is damaged`);
  });
});

describe("a previous state read from very many files", () => {
  it("names each offer's own file, past 65,536 files (one file per store)", () => {
    // 70,000 offers of one sku, each from a file of its own: row i read back names file i.
    const offers = new PreviousOffers("feeds d1", "2026-12-04T06:00:00.000Z");
    const count = 70_000;
    for (let i = 0; i < count; i++) {
      const problem = offers.add({
        sku: "A",
        channel: "store",
        location: `L${i}`,
        currency: "EUR",
        taxIncluded: true,
        price: 10_000_000,
        salePrice: null,
        effectivePrice: 10_000_000,
        file: `st/store_L${i}.csv`,
        line: 2,
      });
      expect(problem).toBeNull();
    }
    const into = new PreviousOffer();
    for (const i of [0, 65_535, 65_536, 65_599, count - 1])
      expect(offers.read(offers.rowOf("A", "store", `L${i}`), into).file).toBe(`st/store_L${i}.csv`);
  });
});
