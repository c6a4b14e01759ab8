/**
 * Between runs, amounts compare only on one basis: the same currency and the same tax basis
 * (`tax_included`), as two channels' amounts do (docs/bad-input.md P07). The snapshot keeps each
 * offer's basis; one written before it did (format version 1) is read as every amount with tax.
 * A previous state may share today's catalogue, not today's price files (U22). Expected values
 * are worked out by hand from the rows below.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import type { CheckOptions } from "../src/pipeline/options.js";
import { runCli } from "./helpers/run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "pricelint-changes-basis-"));
const AT = new Date("2026-12-05T06:00:00Z");
const HEADER = "sku,channel,location,price,sale_price,tax_included,currency\n";

/** Two nights' `prices.csv` (rows after HEADER) in `d1/` and `d2/` beside a config of `rules`. */
function nights(name: string, yesterday: string, today: string, rules: readonly unknown[], settings: object = {}): string {
  const dir = join(tmp, name);
  for (const [night, rows] of [
    ["d1", yesterday],
    ["d2", today],
  ] as const) {
    mkdirSync(join(dir, night), { recursive: true });
    writeFileSync(join(dir, night, "prices.csv"), HEADER + rows);
  }
  writeFileSync(
    join(dir, "pricelint.config.json"),
    JSON.stringify({ timezone: "UTC", currency: "EUR", feeds: [{ kind: "prices", path: "prices.csv" }], rules, ruleSettings: settings }),
  );
  return dir;
}

/** The findings of today's run (`d2/`) against `previous`. */
async function findings(dir: string, previous: NonNullable<CheckOptions["previous"]>) {
  const report = await check(await loadConfig(join(dir, "pricelint.config.json")), { at: AT, feedsDir: join(dir, "d2"), previous });
  return report.findings.map((f) => ({ rule: f.rule, sku: f.sku, location: f.location, message: f.message, sources: f.sources }));
}

/** The snapshot of yesterday's run (`d1/`), written by pricelint. */
async function snapshotOf(dir: string): Promise<string> {
  const file = join(dir, "d1.snapshot.gz");
  await check(await loadConfig(join(dir, "pricelint.config.json")), { at: AT, feedsDir: join(dir, "d1"), snapshot: file });
  return file;
}

const lines = (file: string) => gunzipSync(readFileSync(file)).toString("utf8").split("\n");

describe("the change facts compare amounts on one tax basis", () => {
  // Lines 2 to 9 of both nights. Limits 10 % up and down: a move is reported above 10 %.
  const YESTERDAY = [
    "TX1,web,,10.00,,true,EUR",
    "TX1,app,,10.00,,true,EUR",
    "TX3,click_collect,S1,10.00,,false,EUR",
    "TX3,store,S1,10.00,,true,EUR",
    "TX4,web,,10.00,,true,EUR",
    "TX4,app,,10.00,,true,EUR",
    "TX5,click_collect,S1,10.00,,false,EUR",
    "TX5,store,S1,10.00,,false,EUR",
  ].join("\n");
  const TODAY = [
    "TX1,web,,8.20,,false,EUR",
    "TX1,app,,10.00,,true,EUR",
    "TX3,click_collect,S1,10.00,,false,EUR",
    "TX3,store,S1,11.00,,true,EUR",
    "TX4,web,,10.00,,false,EUR",
    "TX4,app,,12.20,,true,EUR",
    "TX5,click_collect,S1,10.00,,false,EUR",
    "TX5,store,S1,11.00,,false,EUR",
  ].join("\n");
  const limits = { "change/price-move": { maxIncreasePercent: "10", maxDecreasePercent: "10" } };
  const dir = nights("basis", `${YESTERDAY}\n`, `${TODAY}\n`, ["change/price-move", "change/repriced-alone"], limits);
  const d1 = join(dir, "d1");

  /**
   * By hand:
   * - TX1 web: 10.00 with tax, then 8.20 without (10.00 with 22 % VAT): another basis, no move;
   *   so app, which kept 10.00, was left behind by nothing.
   * - TX3: click_collect's 10.00 was without tax, store's 10.00 with it: never the same price, so
   *   store's 10.00 → 11.00 (exactly 10 %: no move) leaves click_collect behind at nothing.
   * - TX4 app 10.00 → 12.20 with tax both nights: 2.20 / 10.00 = 22 % > 10 → price-move. Web's
   *   basis changed: nothing.
   * - TX5: both without tax both nights, 10.00; store moved to 11.00 (10 %, no move), click_collect
   *   kept 10.00 → repriced-alone, citing its own rows, then store's today and yesterday.
   */
  const EXPECTED = [
    {
      rule: "change/price-move",
      sku: "TX4",
      location: null,
      message: `app at every location: the price moved from 10.00 to 12.20 (22%) since the previous state (${d1}/prices.csv:7)`,
      sources: [
        { file: "prices.csv", line: 7 },
        { file: `${d1}/prices.csv`, line: 7 },
      ],
    },
    {
      rule: "change/repriced-alone",
      sku: "TX5",
      location: "S1",
      message: `click_collect at S1 kept 10.00, its price in the previous state (${d1}/prices.csv:8), while store, at that price then too, moved`,
      sources: [
        { file: "prices.csv", line: 8 },
        { file: `${d1}/prices.csv`, line: 8 },
        { file: "prices.csv", line: 9 },
        { file: `${d1}/prices.csv`, line: 9 },
      ],
    },
  ];

  it("P11 from the previous folder: no move or repricing across bases; the moved channel's rows cited", async () => {
    expect(await findings(dir, { feeds: d1 })).toStrictEqual(EXPECTED);
  });

  it("from the snapshot, which keeps each offer's basis", async () => {
    const file = await snapshotOf(dir);
    const text = lines(file);
    expect(text[0]).toMatch(/^pricelint-snapshot\t2\t/);
    // TX3's click_collect row: sku, channel, location, currency, basis, price, sale, effective, file, line, and no "default" (its own row).
    expect(text).toContain("TX3\tclick_collect\tS1\tEUR\tfalse\t10.00\t\t10.00\tprices.csv\t4\t");
    expect(text).toContain("TX1\tweb\t\tEUR\ttrue\t10.00\t\t10.00\tprices.csv\t2\t");
    const key = (f: { rule: string; sku: string | null; location: string | null }) => `${f.rule} ${f.sku} ${f.location}`;
    expect((await findings(dir, { snapshot: file })).map(key)).toStrictEqual(EXPECTED.map(key));
  });

  it("a snapshot of version 1 (no basis field) is compared on today's basis, as that version compared it", async () => {
    const v2 = lines(await snapshotOf(dir));
    // Written as that version was: version 1, each offer line without its fifth field and its last.
    const v1 = [
      v2[0]!.replace("pricelint-snapshot\t2\t", "pricelint-snapshot\t1\t"),
      ...v2.slice(1).map((l) => (l.split("\t").length === 11 ? l.split("\t").toSpliced(4, 1).slice(0, -1).join("\t") : l)),
    ];
    const file = join(dir, "v1.snapshot.gz");
    writeFileSync(file, gzipSync(v1.join("\n")));
    // Yesterday's basis not recorded: each amount is compared as it stands, as version 1 did.
    // TX1 web 10.00 → 8.20 is −18 %: a move (app kept 10.00, but on another basis than web's
    // today, so not left behind); TX3 store 10.00 → 11.00 is 10 % (no move); TX4 app moved 22 %;
    // TX5 click_collect kept 10.00 while store (the same basis) moved: repriced alone.
    expect((await findings(dir, { snapshot: file })).map((f) => `${f.rule} ${f.sku}`)).toStrictEqual([
      "change/price-move TX1",
      "change/price-move TX4",
      "change/repriced-alone TX5",
    ]);
  });

  it("duplicate rows that disagree on the basis leave it unknown: nothing is compared", async () => {
    // D: yesterday 10.00 twice, with and without tax; E: today 20.00 twice, so. Both 100 % up on one row's basis.
    const disputed = nights(
      "disputed",
      "D,web,,10.00,,true,EUR\nD,web,,10.00,,false,EUR\nE,web,,10.00,,true,EUR\nF,web,,10.00,,true,EUR\n",
      "D,web,,20.00,,true,EUR\nE,web,,20.00,,true,EUR\nE,web,,20.00,,false,EUR\nF,web,,20.00,,true,EUR\n",
      ["change/price-move"],
    );
    // F, on one basis both nights: 10.00 → 20.00, 100 % > 50.
    const expected = ["change/price-move F"];
    const previous = join(disputed, "d1");
    expect((await findings(disputed, { feeds: previous })).map((f) => `${f.rule} ${f.sku}`)).toStrictEqual(expected);
    expect((await findings(disputed, { snapshot: await snapshotOf(disputed) })).map((f) => `${f.rule} ${f.sku}`)).toStrictEqual(expected);
  });

  it("guard: a move from a price of 0 has no percent and is judged by maxChange alone", async () => {
    // Z0 0.00 → 999.99: not above maxChange 1000; Z1 0.01 → 999.99: 9 999 800 % up.
    const zero = nights("zero", "Z0,web,,0.00,,,EUR\nZ1,web,,0.01,,,EUR\n", "Z0,web,,999.99,,,EUR\nZ1,web,,999.99,,,EUR\n", [
      "change/price-move",
    ]);
    expect((await findings(zero, { feeds: join(zero, "d1") })).map((f) => f.message)).toStrictEqual([
      `web at every location: the price moved from 0.01 to 999.99 (9999800%) since the previous state (${zero}/d1/prices.csv:3)`,
    ]);
  });

  it("a move from a price of 0 beyond maxChange says it has no percent (∞), not `none%`", async () => {
    // Z2 0.00 → 2000.00: 2000.00 above maxChange 1000; no percentage of 0.
    const zero = nights("zero-big", "Z2,web,,0.00,,,EUR\n", "Z2,web,,2000.00,,,EUR\n", ["change/price-move"]);
    expect((await findings(zero, { feeds: join(zero, "d1") })).map((f) => f.message)).toStrictEqual([
      `web at every location: the price moved from 0.00 to 2000.00 (∞%) since the previous state (${zero}/d1/prices.csv:2)`,
    ]);
  });
});

describe("snapshot versions and line ends", () => {
  const dir = nights("versions", "A,web,,10.00,,,EUR\n", "A,web,,10.00,,,EUR\n", ["change/price-move"]);
  const cli = (previous: string) =>
    runCli(["check", "--config", join(dir, "pricelint.config.json"), "--feeds", join(dir, "d2"), "--previous", previous]);

  it("refuses a snapshot of a later version, naming the versions read", async () => {
    const text = lines(await snapshotOf(dir));
    const file = join(dir, "v3.gz");
    writeFileSync(file, gzipSync([text[0]!.replace("pricelint-snapshot\t2\t", "pricelint-snapshot\t3\t"), ...text.slice(1)].join("\n")));
    expect((await cli(file)).stderr).toBe(
      `pricelint: ${file}: a snapshot of format version 3; this pricelint reads versions 1 and 2: write it again with this version\n`,
    );
  });

  it("names a line ending in a carriage return as such, shown as \\r", async () => {
    const text = lines(await snapshotOf(dir));
    const file = join(dir, "crlf.gz");
    writeFileSync(file, gzipSync(text.join("\r\n")));
    expect((await cli(file)).stderr).toBe(
      `pricelint: ${file}: line 2: the line ends with a carriage return (\\r): its line ends were converted to CRLF: the snapshot is damaged; write it again\n`,
    );
  });
});

describe("change/offer-added without a single price", () => {
  it("says why the price is not known rather than `at none`", async () => {
    // N1: two rows disagreeing on the price; N2: a sale price only; N3: one price.
    const dir = nights(
      "added",
      "N0,web,,10.00,,,EUR\n",
      "N0,web,,10.00,,,EUR\nN1,web,,10.00,,,EUR\nN1,web,,12.00,,,EUR\nN2,web,,,5.00,,EUR\nN3,web,,7.00,,,EUR\n",
      ["change/offer-added"],
    );
    const unknown =
      "web at every location: a new offer at a price not known (its duplicate rows disagree on the price or currency, or it has a sale price only)";
    expect((await findings(dir, { feeds: join(dir, "d1") })).map((f) => `${f.sku}: ${f.message}`)).toStrictEqual([
      `N1: ${unknown}`,
      `N2: ${unknown}`,
      "N3: web at every location: a new offer at 7.00",
    ]);
  });
});

describe("U22 a previous state sharing today's price files", () => {
  const dir = join(tmp, "shared");
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const prices = "sku,channel,location,price,currency\n";
  write("2026-12-04/web.csv", `${prices}A,web,,10.00,EUR\n`);
  write("2026-12-05/web.csv", `${prices}A,web,,10.00,EUR\n`);
  write("2026-12-04/stores-prices.csv", `${prices}A,store,S1,10.00,EUR\n`);
  write("current/stores-prices.csv", `${prices}A,store,S1,30.00,EUR\n`);
  write("current/catalogue.csv", "sku,title\nA,Apple\n");
  const config = (name: string, feeds: string[], catalogue = "current/catalogue.csv") =>
    write(
      name,
      JSON.stringify({
        timezone: "UTC",
        currency: "EUR",
        feeds: [{ kind: "catalogue", path: catalogue }, ...feeds.map((path) => ({ kind: "prices", path }))],
        rules: ["change/price-move"],
      }),
    );
  config("today.config.json", ["2026-12-05/web.csv", "current/stores-prices.csv"]);
  config("previous.config.json", ["2026-12-04/web.csv", "current/stores-prices.csv"]);
  config("previous-ok.config.json", ["2026-12-04/web.csv", "2026-12-04/stores-prices.csv"]);
  // The folder layout: web.csv per night, ../shared/marketplace.csv reached from both nights' folders.
  write("exports/2026-12-04/web.csv", `${prices}A,web,,10.00,EUR\n`);
  write("exports/2026-12-05/web.csv", `${prices}A,web,,10.00,EUR\n`);
  write("exports/shared/marketplace.csv", `${prices}A,marketplace,,10.00,EUR\n`);
  write("exports/shared/catalogue.csv", "sku,title\nA,Apple\n");
  config("nightly.config.json", ["web.csv", "../shared/marketplace.csv"], "../shared/catalogue.csv");
  config("nightly-ok.config.json", ["web.csv"], "../shared/catalogue.csv");
  const run = (...args: string[]) => runCli(["check", "--at", "2026-12-05T06:00:00Z", "--format", "json:-", ...args]);

  it("U22 refuses one that reads a price file of today's (a config or a folder), naming it; a shared catalogue is fine", async () => {
    const fromConfig = await run("--config", join(dir, "today.config.json"), "--previous", join(dir, "previous.config.json"));
    expect([fromConfig.code, fromConfig.stderr]).toStrictEqual([
      2,
      `pricelint: ${join(dir, "current/stores-prices.csv")}: --previous reads a price file of today's run (the feed current/stores-prices.csv) too, as the previous config's feed current/stores-prices.csv: its offers would be compared with themselves; give the previous state its own copy\n`,
    ]);
    const d1 = join(dir, "exports/2026-12-04");
    const fromFolder = await run(
      "--config",
      join(dir, "nightly.config.json"),
      "--feeds",
      join(dir, "exports/2026-12-05"),
      "--previous",
      d1,
    );
    expect([fromFolder.code, fromFolder.stderr]).toStrictEqual([
      2,
      `pricelint: ${join(dir, "exports/shared/marketplace.csv")}: --previous reads a price file of today's run (the feed ../shared/marketplace.csv) too, as the previous feed in ${d1}: ../shared/marketplace.csv: its offers would be compared with themselves; give the previous state its own copy\n`,
    ]);
    // Its own copy of the store prices: S1 10.00 → 30.00, 200 % up; the shared catalogue is allowed.
    const own = await run("--config", join(dir, "today.config.json"), "--previous", join(dir, "previous-ok.config.json"));
    expect(own.code).toBe(1);
    expect((JSON.parse(own.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message)).toStrictEqual([
      `store at S1: the price moved from 10.00 to 30.00 (200%) since the previous state (${dir}/2026-12-04/stores-prices.csv:2)`,
    ]);
    const nightly = await run(
      "--config",
      join(dir, "nightly-ok.config.json"),
      "--feeds",
      join(dir, "exports/2026-12-05"),
      "--previous",
      d1,
    );
    expect([nightly.code, nightly.stderr]).toStrictEqual([0, ""]);
  });
});

describe("a previous state sharing a price history read for the Omnibus rules only", () => {
  it("is allowed: that history gives neither night an offer", async () => {
    // history.csv with "priceInForce": "never", reached from both nights' folders: the offers
    // come from each night's own web.csv, so nothing is compared with itself. 10.00 → 12.00 is
    // a 20 % move, below the default 50 %: no finding, exit 0.
    const dir = join(tmp, "shared-history");
    for (const [path, text] of [
      ["exports/2026-12-04/web.csv", "sku,channel,price,currency\nA,web,10.00,EUR\n"],
      ["exports/2026-12-05/web.csv", "sku,channel,price,currency\nA,web,12.00,EUR\n"],
      ["exports/shared/history.csv", "sku,channel,valid_from,price\nA,web,2026-09-01,10.00\n"],
    ] as const) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const feeds = [
      { kind: "prices", path: "web.csv" },
      { kind: "price_history", path: "../shared/history.csv", priceInForce: "never" },
    ];
    writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "UTC", currency: "EUR", feeds, rules: ["change/price-move"] }));
    const args = ["--feeds", join(dir, "exports/2026-12-05"), "--previous", join(dir, "exports/2026-12-04")];
    const run = await runCli(["check", "--config", join(dir, "c.json"), "--at", "2026-12-05T06:00:00Z", "--format", "json:-", ...args]);
    expect([run.code, run.stderr, (JSON.parse(run.stdout) as { findings: unknown[] }).findings]).toStrictEqual([0, "", []]);
  });
});

describe("a house rule comparing with the previous state's amounts", () => {
  it("compares them on one tax basis only", async () => {
    // A: 10.00 with tax yesterday, 12.00 without today (14.64 with 22 % VAT): not comparable, so
    // `price greaterThan previous.price` is unknown and does not fire. B: 10.00 → 12.00, both
    // with tax: it fires.
    const rule = {
      id: "house/price-rose",
      description: "the price rose",
      severity: "warning",
      scope: "offer",
      conditions: { all: [{ fact: "price", operator: "greaterThan", value: { fact: "previous.price" } }] },
      message: "{price} above {previous.price}",
    };
    const dir = nights(
      "house",
      "A,web,,10.00,,true,EUR\nB,web,,10.00,,true,EUR\n",
      "A,web,,12.00,,false,EUR\nB,web,,12.00,,true,EUR\n",
      [],
    );
    writeFileSync(join(dir, "house.json"), JSON.stringify(rule));
    const config = JSON.parse(readFileSync(join(dir, "pricelint.config.json"), "utf8"));
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify({ ...config, rules: ["./house.json"] }));
    const found = await findings(dir, { feeds: join(dir, "d1") });
    expect(found.map((f) => [f.rule, f.sku, f.message])).toStrictEqual([["house/price-rose", "B", "12.00 above 10.00"]]);
  });
});

describe("change/removed-while-listed, a sku the catalogue no longer holds", () => {
  it("is listed nowhere: its removal from a channel is not reported", async () => {
    // A1 had web and app yesterday and only web today; yesterday's catalogue listed it in both,
    // today's holds B1 only. Not listed anywhere: nothing is "still listed there". B1 lost app
    // while today's catalogue still lists it there: reported.
    const dir = join(tmp, "delisted");
    for (const [path, text] of [
      ["d1/prices.csv", "sku,channel,price,currency\nA1,web,10.00,EUR\nA1,app,10.00,EUR\nB1,web,5.00,EUR\nB1,app,5.00,EUR\n"],
      ["d1/catalogue.csv", "sku,listed_channels\nA1,web|app\nB1,web|app\n"],
      ["d2/prices.csv", "sku,channel,price,currency\nA1,web,10.00,EUR\nB1,web,5.00,EUR\n"],
      ["d2/catalogue.csv", "sku,listed_channels\nB1,web|app\n"],
    ] as const) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const feeds = [
      { kind: "catalogue", path: "catalogue.csv" },
      { kind: "prices", path: "prices.csv" },
    ];
    writeFileSync(join(dir, "c.json"), JSON.stringify({ timezone: "UTC", currency: "EUR", feeds, rules: ["change/removed-while-listed"] }));
    const report = await check(await loadConfig(join(dir, "c.json")), {
      at: AT,
      feedsDir: join(dir, "d2"),
      previous: { feeds: join(dir, "d1") },
    });
    expect(report.findings.map((f) => [f.rule, f.sku, f.message])).toStrictEqual([
      ["change/removed-while-listed", "B1", "B1 was removed from app since the previous state, but is still listed there"],
    ]);
  });
});

describe("a previous state of feeds read from standard input", () => {
  it("is refused for what it is: standard input is today's feed", async () => {
    // Today's prices come from standard input; the previous folder would read "-" again.
    const dir = join(tmp, "stdin");
    mkdirSync(join(dir, "d1"), { recursive: true });
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({
        timezone: "UTC",
        currency: "EUR",
        feeds: [{ kind: "prices", path: "-", format: "csv" }],
        rules: ["change/price-move"],
      }),
    );
    const stdin = (async function* () {
      yield Buffer.from("sku,channel,price\nA,web,10.00\n");
    })();
    await expect(check(await loadConfig(join(dir, "c.json")), { at: AT, stdin, previous: { feeds: join(dir, "d1") } })).rejects.toThrow(
      `the previous state (folder ${join(dir, "d1")}): a feed's path is "-", standard input, which is today's feed: give the previous state as files (a folder or a config whose feeds are files) or as a snapshot`,
    );
  });
});
