import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, type Finding, type Report } from "../src/index.js";
import type { FeedConfig } from "../src/config/schema.js";

const AT = new Date("2026-11-20T12:00:00Z");

/** Writes feed files into a fresh folder and checks them with the given feed entries. */
async function checkFiles(
  files: Record<string, string | Buffer>,
  feeds: Partial<FeedConfig>[],
  extra: Record<string, unknown> = {},
): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-feeds-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const config = { timezone: "Europe/Rome", currency: "EUR", feeds, rules: ["recommended"], ...extra };
  const { validateConfig } = await import("../src/config/parse-config.js");
  return check({ config: validateConfig(config, "test"), file: null, baseDir: dir }, { at: AT });
}

const invalid = (r: Report): Finding[] => r.findings.filter((f) => f.rule === "feed/invalid-row");

describe("reading price feeds", () => {
  it("keeps identifiers as strings: 01647057 keeps its zero", async () => {
    const r = await checkFiles({ "p.csv": "sku,channel,price\n01647057,web,0\n" }, [{ kind: "prices", path: "p.csv" }]);
    expect(r.findings.map((f) => [f.rule, f.sku])).toStrictEqual([["price/non-positive", "01647057"]]);
  });

  it("maps columns, constants and values, and reads comma decimals with dot grouping", async () => {
    const csv = "Titolo dell'estrazione\nCOD;PV;PREZZO;SELF\n7;P1;1.234,50;1\n7;P1;1.234,60;0\n";
    const r = await checkFiles({ "fuel.csv": csv }, [
      {
        kind: "prices",
        path: "fuel.csv",
        delimiter: ";",
        skipLines: 1,
        decimal: ",",
        thousands: ".",
        columns: { sku: "COD", location: "PV", price: "PREZZO", channel: "SELF" },
        values: { channel: { "1": "store", "0": "click_collect" } },
      },
    ]);
    expect(r.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    const [finding] = r.findings;
    expect(finding?.rule).toBe("channel/click-collect-above-store");
    expect(finding?.values).toStrictEqual({ "click_collect.effectivePrice": "1234.60", "store.effectivePrice": "1234.50" });
    expect(finding?.sources).toStrictEqual([
      { file: "fuel.csv", line: 4 },
      { file: "fuel.csv", line: 3 },
    ]);
  });

  it("reads quoted fields with delimiters, doubled quotes and newlines, CRLF, and a BOM", async () => {
    const csv = '\uFEFFsku,title,channel,price\r\n"A,1","say ""hi""\r\nthere",web,0\r\nB,plain,web,1\r\n';
    const r = await checkFiles({ "p.csv": csv }, [{ kind: "prices", path: "p.csv", columns: { sku: "sku" } }]);
    expect(r.summary.rows.read).toBe(2);
    expect(r.findings.map((f) => [f.sku, f.sources[0]?.line])).toStrictEqual([["A,1", 2]]);
  });

  it("decodes latin1 and windows-1252", async () => {
    const latin1 = Buffer.from("sku,channel,price\ncaff\xe8,web,0\n", "latin1");
    const r1 = await checkFiles({ "p.csv": latin1 }, [{ kind: "prices", path: "p.csv", encoding: "latin1" }]);
    expect(r1.findings[0]?.sku).toBe("caffè");
    const cp1252 = Buffer.concat([Buffer.from("sku,channel,price\n"), Buffer.from([0x80]), Buffer.from("-1,web,0\n")]);
    const r2 = await checkFiles({ "p.csv": cp1252 }, [{ kind: "prices", path: "p.csv", encoding: "windows-1252" }]);
    expect(r2.findings[0]?.sku).toBe("€-1");
  });

  it("takes the currency from a symbol or code in the cell", async () => {
    const csv = "sku,channel,price\nA,web,€ 0\nB,web,0 EUR\n";
    const r = await checkFiles({ "p.csv": csv }, [{ kind: "prices", path: "p.csv" }]);
    expect(r.summary.rows.rejected).toBe(0);
    expect(r.findings.map((f) => f.sku)).toStrictEqual(["A", "B"]);
  });

  it("reads json arrays and json lines, numbers and strings alike", async () => {
    const r = await checkFiles(
      {
        "a.json": '[\n {"sku": "A", "price": 0},\n {"sku": "B", "price": "2.50"}\n]\n',
        "b.jsonl": '{"sku": "C", "price": -1.5}\n\n{"sku": "D", "price": 3}\n',
      },
      [
        { kind: "prices", path: "a.json", constants: { channel: "web" } },
        { kind: "prices", path: "b.jsonl", constants: { channel: "app" } },
      ],
    );
    expect(r.summary.rows).toStrictEqual({ read: 4, accepted: 4, rejected: 0 });
    expect(r.findings.filter((f) => f.rule === "price/non-positive").map((f) => [f.sku, f.sources[0]])).toStrictEqual([
      ["A", { file: "a.json", line: 2 }],
      ["C", { file: "b.jsonl", line: 1 }],
    ]);
  });

  it("accepts Google's start/end interval in sale_start", async () => {
    const csv = "sku,channel,price,sale_price,sale_start\nA,web,5,6,2026-11-19T00:00:00Z/2026-11-21T00:00:00Z\n";
    const r = await checkFiles({ "p.csv": csv }, [{ kind: "prices", path: "p.csv" }]);
    expect(r.findings.map((f) => f.rule)).toStrictEqual(["price/sale-not-below-regular"]);
  });
});

describe("rejected rows", () => {
  it("names file, line, column, value and reason, and keeps read = accepted + rejected", async () => {
    const csv = [
      "sku,channel,location,price,sale_end",
      "A,web,,1.00,",
      "B,web,,abc,", // not an amount
      "C,tv,,1.00,", // unknown channel
      "D,web,,,", // no price at all
      "E,web,,1.00", // ragged
      "F,web,,1.00,2026-02-30", // not a calendar date
      ",web,,1.00,", // sku missing
      "G,web,,1,234,", // ragged: an unquoted grouping comma
    ].join("\n");
    const r = await checkFiles({ "p.csv": csv }, [{ kind: "prices", path: "p.csv" }]);
    expect(r.summary.rows).toStrictEqual({ read: 8, accepted: 1, rejected: 7 });
    expect(invalid(r).map((f) => [f.sources[0]?.line, f.values.column, f.values.value, f.values.reason])).toStrictEqual([
      [8, 1, "", "sku is required"], // the cell is there, empty
      [3, 4, "abc", '"abc" is not an amount (unexpected "a")'],
      [
        4,
        2,
        "tv",
        'unknown channel "tv"; known: store, click_collect, e_reservation, web, app, marketplace, call_center, landing_page (declare others under "channels" in the config)',
      ],
      [5, null, null, "a price row needs price or sale_price"],
      [6, null, null, "the row has 4 fields but the header has 5"],
      [7, 5, "2026-02-30", '"2026-02-30" is not a calendar date'],
      [9, null, null, "the row has 6 fields but the header has 5"],
    ]);
    for (const f of invalid(r)) expect(f.severity).toBe("error");
  });

  it("is a config error, not a row error, when a mapped column is not in the header", async () => {
    await expect(
      checkFiles({ "p.csv": "sku,channel,prezzo\nA,web,1\n" }, [{ kind: "prices", path: "p.csv", columns: { price: "PREZZO_EURO" } }]),
    ).rejects.toThrow('p.csv: column "PREZZO_EURO" (mapped to price) is not in the header; the header has: "sku", "channel", "prezzo"');
  });

  it("K16 rejects a second catalogue row for the same sku, naming the first and what each says of every field they differ on", async () => {
    const r = await checkFiles(
      {
        "c.csv":
          "sku,title,cost,listed_channels,perishable\nA,one,1.5,web|store,false\nA,two,1.50,web|store,false\nA,one,2,web,\nA,one,1.500,store|web,false\n",
      },
      [{ kind: "catalogue", path: "c.csv" }],
    );
    expect(invalid(r).map((f) => f.message)).toStrictEqual([
      'c.csv:3: sku A already in the catalogue at c.csv:2, which says title "one" where this row says title "two"',
      'c.csv:4: sku A already in the catalogue at c.csv:2, which says cost 1.5 and perishable false and listed_channels "web|store" where this row says cost 2 and perishable none and listed_channels "web"',
      // Line 5 is the same entry, its amount and its list written otherwise: taken as the same.
    ]);
  });

  it("K22 takes a catalogue row repeated with its size unit written another way (l and L, g and gr, item and pcs) as the same entry", async () => {
    const r = await checkFiles(
      {
        "c.csv": "sku,size,size_unit\nB,1,l\nB,1,L\nG,500,g\nG,500,GR\nP,6,item\nP,6,pcs\nK,1,kg\nK,1000,g\nM,1,ml\nM,1,l\n",
      },
      [{ kind: "catalogue", path: "c.csv" }],
    );
    // 1 kg and 1000 g are one weight, but the sizes are written apart: a repeat that says otherwise. 1 ml is not 1 l.
    expect(invalid(r).map((f) => f.message)).toStrictEqual([
      'c.csv:9: sku K already in the catalogue at c.csv:8, which says size 1 and size_unit "kg" where this row says size 1000 and size_unit "g"',
      'c.csv:11: sku M already in the catalogue at c.csv:10, which says size_unit "ml" where this row says size_unit "l"',
    ]);
    expect(r.summary.rows).toStrictEqual({ read: 10, accepted: 8, rejected: 2 });
  });

  it("reads a store repeated the same on every row of a price file (a view of stores) as one store, and refuses one that says otherwise", async () => {
    // Open Prices' shape: each price row repeats its store's columns. L2's third row names
    // another currency: that row is rejected, with its price.
    const csv = "sku,channel,location,currency,price\nA,store,L1,EUR,1.00\nB,store,L1,EUR,2.00\nA,store,L2,EUR,3.00\nB,store,L2,USD,4.00\n";
    const r = await checkFiles({ "p.csv": csv }, [{ path: "p.csv", views: [{ kind: "prices" }, { kind: "stores" }] }]);
    expect(r.summary.rows).toStrictEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(invalid(r).map((f) => f.message)).toStrictEqual([
      "p.csv:5: location L2 already given at p.csv:4, which says currency EUR where this row says currency USD: which is right is unknown, so the store's currency is taken as not given",
    ]);
  });

  it("rejects the stock of a sku at a location given twice, naming the file of the first", async () => {
    const r = await checkFiles({ "i1.csv": "sku,location,available\nA,S1,3\n", "i2.csv": "sku,location,available\nA,S1,0\n" }, [
      { kind: "inventory", path: "i1.csv" },
      { kind: "inventory", path: "i2.csv" },
    ]);
    expect(invalid(r).map((f) => f.message)).toStrictEqual([
      "i2.csv:2: stock of A at S1 also given at i1.csv:2 (available 3), where this row says available 0, and no updated_at tells which is later: which is right is unknown, so the stock there is taken as not given",
    ]);
  });

  it("marks duplicates that disagree, and lists every source", async () => {
    const csv = "sku,channel,price\nA,web,1.00\nA,web,1.00\nB,web,1.00\nB,web,1.10\n";
    const r = await checkFiles({ "p.csv": csv }, [{ kind: "prices", path: "p.csv" }]);
    expect(r.findings.map((f) => [f.rule, f.sku, f.sources.map((s) => s.line)])).toStrictEqual([
      ["price/conflicting-duplicate", "B", [4, 5]],
    ]);
  });
});

describe("progress", () => {
  it("reports rows and the bytes of each feed file read, up to its size", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-progress-"));
    const csv = `sku,channel,price\n${Array.from({ length: 500 }, (_, i) => `S${i},web,1.00`).join("\n")}\n`;
    writeFileSync(join(dir, "p.csv"), csv);
    const { validateConfig } = await import("../src/config/parse-config.js");
    const seen: { feedRows: number; bytesRead: number | null; totalBytes: number | null }[] = [];
    await check(
      { config: validateConfig({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }, "test"), file: null, baseDir: dir },
      { at: AT, onProgress: ({ feedRows, bytesRead, totalBytes }) => seen.push({ feedRows, bytesRead, totalBytes }) },
    );
    const last = seen.at(-1)!;
    expect(last).toStrictEqual({ feedRows: 500, bytesRead: Buffer.byteLength(csv), totalBytes: Buffer.byteLength(csv) });
    // In threads, each reads the whole file and counts the rows of its shard: the rows add up.
    const inThreads: typeof seen = [];
    await check(
      { config: validateConfig({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }, "test"), file: null, baseDir: dir },
      { at: AT, workers: 3, onProgress: ({ feedRows, bytesRead, totalBytes }) => inThreads.push({ feedRows, bytesRead, totalBytes }) },
    );
    expect(inThreads.at(-1)).toStrictEqual(last);
  }, 60_000);

  it("reports as each chunk of a large feed is read, not only at its end", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-progress-"));
    // 200,000 rows of 20 bytes: about 4 MB, read in chunks of 1 MiB.
    const rows = 200_000;
    const csv = `sku,channel,price\n${Array.from({ length: rows }, (_, i) => `S${String(i).padStart(9, "0")},web,1.00`).join("\n")}\n`;
    writeFileSync(join(dir, "p.csv"), csv);
    const { validateConfig } = await import("../src/config/parse-config.js");
    const seen: number[] = [];
    await check(
      {
        config: validateConfig({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["price/non-positive"] }, "test"),
        file: null,
        baseDir: dir,
      },
      { at: AT, onProgress: ({ feedRows }) => seen.push(feedRows) },
    );
    const chunks = Math.ceil(Buffer.byteLength(csv) / 2 ** 20);
    expect(seen.length).toBeGreaterThanOrEqual(chunks);
    expect(seen.filter((n) => n > 0 && n < rows).length).toBeGreaterThanOrEqual(chunks - 1);
    expect(seen.at(-1)).toBe(rows);
  });
});
