/**
 * Between runs: fixtures/changes/ holds two nightly export folders of one retailer (web and app
 * channel-wide, store per location) and one config. The expected findings below are worked out
 * by hand from the two folders' rows; the same findings must come from the previous folder, from
 * a config of it, and from a snapshot of the previous run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import type { CheckOptions } from "../src/pipeline/options.js";
import { runCli } from "./helpers/run-cli.js";

const DIR = "fixtures/changes";
const TODAY = `${DIR}/2026-12-05`;
const YESTERDAY = `${DIR}/2026-12-04`;
const AT = new Date("2026-12-05T06:00:00Z");
const tmp = mkdtempSync(join(tmpdir(), "pricelint-changes-"));

async function run(options: CheckOptions) {
  const report = await check(await loadConfig(`${DIR}/pricelint.config.json`), { at: AT, feedsDir: TODAY, ...options });
  return report.findings.map((f) => ({
    rule: f.rule,
    sku: f.sku,
    location: f.location,
    channels: f.channels,
    today: f.sources[0],
    values: f.values,
  }));
}

/** The snapshot of the previous night's run, written by pricelint itself. */
async function snapshotOfYesterday(file = join(tmp, "2026-12-04.snapshot.gz")): Promise<string> {
  await check(await loadConfig(`${DIR}/pricelint.config.json`), {
    at: new Date("2026-12-04T06:00:00Z"),
    feedsDir: YESTERDAY,
    snapshot: file,
  });
  return file;
}

/**
 * By hand, from the two folders:
 * - A100 web 19.99 → 1.99: a fall of 18.00, 18/19.99 = 90.045022…% > 50 → price-move. Its store
 *   price 21.50 did not match web's yesterday, so nothing is repriced alone there.
 * - B200 web 4.99 → 5.00 and store S1 4.99 → 5.00: a 1-cent change (not above minChange 0.01), and
 *   both moved: nothing.
 * - C300 web gets a sale price 7.99, its regular price stays 9.99: not a move, nothing.
 * - D400 web 12.00 → 10.80 (10%, within the limits); app, store S1 and store S2 had 12.00 and
 *   kept it → repriced-alone on each of the three, naming web.
 * - E500 app row gone, the catalogue lists web and app → removed-while-listed (app).
 * - F600 app row new → offer-added (info).
 * - G700 app row gone, but the catalogue lists web only → nothing.
 */
const EXPECTED = [
  {
    rule: "change/offer-added",
    sku: "F600",
    location: null,
    channels: ["app"],
    today: { file: "prices-app.csv", line: 3 },
    values: { isNewOffer: true },
  },
  {
    rule: "change/price-move",
    sku: "A100",
    location: null,
    channels: ["web"],
    today: { file: "prices-web.csv", line: 2 },
    values: {
      "options.maxChange": "1000.00",
      "options.maxDecreasePercent": "50",
      "options.maxIncreasePercent": "50",
      "options.minChange": "0.01",
      priceChangeSize: "18.00",
      priceDecreasePercent: "90.0450225",
      priceIncreasePercent: null,
    },
  },
  {
    rule: "change/removed-while-listed",
    sku: "E500",
    location: null,
    channels: [],
    today: { file: "catalogue.json", line: 6 },
    values: { removedListedChannelCount: 1 },
  },
  {
    rule: "change/repriced-alone",
    sku: "D400",
    location: null,
    channels: ["app"],
    today: { file: "prices-app.csv", line: 2 },
    values: { repricedChannelCount: 1 },
  },
  {
    rule: "change/repriced-alone",
    sku: "D400",
    location: "S1",
    channels: ["store"],
    today: { file: "prices-store.csv", line: 5 },
    values: { repricedChannelCount: 1 },
  },
  {
    rule: "change/repriced-alone",
    sku: "D400",
    location: "S2",
    channels: ["store"],
    today: { file: "prices-store.csv", line: 6 },
    values: { repricedChannelCount: 1 },
  },
];

describe("check --previous on two nightly folders", () => {
  it("finds the planted moves from the previous folder, naming yesterday's row", async () => {
    expect(await run({ previous: { feeds: YESTERDAY } })).toStrictEqual(EXPECTED);
    const report = await check(await loadConfig(`${DIR}/pricelint.config.json`), {
      at: AT,
      feedsDir: TODAY,
      previous: { feeds: YESTERDAY },
    });
    const move = report.findings.find((f) => f.rule === "change/price-move")!;
    // Every source named relative to today's feeds folder, as today's row is: yesterday's folder is its sibling.
    expect(move.sources).toStrictEqual([
      { file: "prices-web.csv", line: 2 },
      { file: "../2026-12-04/prices-web.csv", line: 2 },
    ]);
    expect(move.message).toBe(
      `web at every location: the price moved from 19.99 to 1.99 (-90.0450225%) since the previous state (../2026-12-04/prices-web.csv:2)`,
    );
  });

  it("gives the same findings from a config of the previous feeds", async () => {
    expect(await run({ previous: { config: `${DIR}/previous.config.json` } })).toStrictEqual(EXPECTED);
  });

  it("gives the same findings from the previous run's snapshot, naming the snapshot's line", async () => {
    const file = await snapshotOfYesterday();
    expect(await run({ previous: { snapshot: file } })).toStrictEqual(EXPECTED);
    const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    // A header, 15 offers (7 web, 3 app, 5 store rows), the end line, the final line break.
    expect(lines).toHaveLength(18);
    expect(lines[1]).toBe("A100\tweb\t\tEUR\ttrue\t19.99\t\t19.99\tprices-web.csv\t2\t");
    expect(lines[16]).toBe("end\t15");
    const report = await check(await loadConfig(`${DIR}/pricelint.config.json`), { at: AT, feedsDir: TODAY, previous: { snapshot: file } });
    expect(report.findings.find((f) => f.rule === "change/price-move")!.sources[1]).toStrictEqual({ file, line: 2 });
  });

  it("finds nothing of the change rules without a previous state", async () => {
    expect(await run({})).toStrictEqual([]);
  });

  it("gives the same findings in two worker threads, and as two shards", async () => {
    expect(await run({ previous: { feeds: YESTERDAY }, workers: 2 })).toStrictEqual(EXPECTED);
    const shards = [
      ...(await run({ previous: { feeds: YESTERDAY }, shard: { index: 1, count: 2 } })),
      ...(await run({ previous: { feeds: YESTERDAY }, shard: { index: 2, count: 2 } })),
    ];
    const key = (f: { rule: string; sku: string | null; location: string | null }) => `${f.rule} ${f.sku} ${f.location}`;
    expect(shards.map(key).sort()).toStrictEqual(EXPECTED.map(key).sort());
  });

  it("takes --feeds, --previous and --snapshot on the command line, telling a snapshot by its header", async () => {
    const snapshot = join(tmp, "cli-snapshot.bin");
    const first = await runCli([
      "check",
      "--config",
      `${DIR}/pricelint.config.json`,
      "--feeds",
      YESTERDAY,
      "--at",
      "2026-12-04T07:00",
      "--snapshot",
      snapshot,
      "--fail-on",
      "never",
    ]);
    expect(first.code).toBe(0);
    for (const previous of [YESTERDAY, `${DIR}/previous.config.json`, snapshot]) {
      const { code, stdout } = await runCli([
        "check",
        "--config",
        `${DIR}/pricelint.config.json`,
        "--feeds",
        TODAY,
        "--previous",
        previous,
        "--at",
        "2026-12-05T07:00",
        "--format",
        "json",
      ]);
      expect(code).toBe(1);
      expect((JSON.parse(stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toStrictEqual(
        EXPECTED.map((f) => f.rule),
      );
    }
  });
});

const SAME_FEEDS = "pricelint: --previous reads the same feed files as today's run: the run would compare the feeds with themselves\n";

describe("refusals", () => {
  const cli = (...args: string[]) =>
    runCli(["check", "--config", `${DIR}/pricelint.config.json`, "--feeds", TODAY, "--at", "2026-12-05T07:00", ...args]);

  async function snapshotText(): Promise<string[]> {
    return gunzipSync(readFileSync(await snapshotOfYesterday(join(tmp, `base-${Math.random()}.gz`))))
      .toString("utf8")
      .split("\n");
  }

  it("refuses a snapshot of another format version", async () => {
    const lines = await snapshotText();
    lines[0] = lines[0]!.replace("pricelint-snapshot\t2\t", "pricelint-snapshot\t3\t");
    const file = join(tmp, "v3.gz");
    writeFileSync(file, gzipSync(lines.join("\n")));
    expect((await cli("--previous", file)).stderr).toBe(
      `pricelint: ${file}: a snapshot of format version 3; this pricelint reads versions 1 and 2: write it again with this version\n`,
    );
  });

  it("refuses a snapshot of other settings, naming what differs, and one whose header was edited", async () => {
    const lines = await snapshotText();
    const header = JSON.parse(lines[0]!.split("\t")[2]!) as { settings: { currency: string } };
    const chf = join(tmp, "chf.gz");
    // A snapshot written under currency CHF: its digest made as pricelint makes it, by a run with that config.
    const config = JSON.parse(readFileSync(`${DIR}/pricelint.config.json`, "utf8")) as Record<string, unknown>;
    writeFileSync(
      join(tmp, "chf.config.json"),
      JSON.stringify({
        ...config,
        currency: "CHF",
        feeds: [{ kind: "prices", path: join(process.cwd(), YESTERDAY, "prices-web.csv"), constants: { channel: "web" } }],
      }),
    );
    expect((await runCli(["check", "--config", join(tmp, "chf.config.json"), "--snapshot", chf, "--fail-on", "never"])).code).toBe(0);
    expect((await cli("--previous", chf)).stderr).toBe(
      `pricelint: ${chf}: the snapshot was written with other settings than this run's: currency: CHF in the snapshot, EUR now\n`,
    );
    header.settings.currency = "CHF";
    const edited = join(tmp, "edited.gz");
    writeFileSync(edited, gzipSync([lines[0]!.replace('"currency":"EUR"', '"currency":"CHF"'), ...lines.slice(1)].join("\n")));
    expect((await cli("--previous", edited)).stderr).toBe(
      `pricelint: ${edited}: the snapshot's header does not match its digest: it was edited\n`,
    );
  });

  it("refuses a truncated or corrupt gzip, a snapshot without its end line and a damaged line", async () => {
    const whole = gzipSync((await snapshotText()).join("\n"));
    const cut = join(tmp, "cut.gz");
    writeFileSync(cut, whole.subarray(0, whole.length - 20));
    expect((await cli("--previous", cut)).stderr).toMatch(new RegExp(`^pricelint: ${cut}: .*(end|cut|unexpected)`, "i"));
    const corrupt = join(tmp, "corrupt.gz");
    const bytes = Buffer.from(whole);
    bytes[40] = bytes[40]! ^ 0xff;
    bytes[41] = bytes[41]! ^ 0xff;
    writeFileSync(corrupt, bytes);
    expect((await cli("--previous", corrupt)).code).toBe(2);
    const lines = await snapshotText();
    const noEnd = join(tmp, "no-end.gz");
    writeFileSync(noEnd, gzipSync(lines.slice(0, 10).join("\n") + "\n"));
    expect((await cli("--previous", noEnd)).stderr).toBe(
      `pricelint: ${noEnd}: the snapshot ends after 10 lines without its end line: it was cut short\n`,
    );
    const damaged = join(tmp, "damaged.gz");
    writeFileSync(damaged, gzipSync([...lines.slice(0, 3), "A100\tweb\tx", ...lines.slice(3)].join("\n")));
    expect((await cli("--previous", damaged)).stderr).toBe(
      `pricelint: ${damaged}: line 4: 3 fields where an offer has 11: the snapshot is damaged; write it again\n`,
    );
  });

  it("refuses a file that is neither a snapshot nor a config, and gzip data that is not a snapshot", async () => {
    const csv = join(tmp, "prices.csv");
    writeFileSync(csv, "sku,price\nA,1\n");
    expect((await cli("--previous", csv)).stderr).toBe(
      `pricelint: ${csv}: --previous takes a snapshot (check --snapshot), a config or a folder of the previous feeds; this is neither a pricelint snapshot nor a config (.json, .yaml, .yml)\n`,
    );
    const gz = join(tmp, "prices.csv.gz");
    writeFileSync(gz, gzipSync("sku,price\nA,1\n"));
    expect((await cli("--previous", gz)).stderr).toBe(
      `pricelint: ${gz}: --previous takes a snapshot (check --snapshot), a config or a folder of the previous feeds; this is gzip data that is not a pricelint snapshot\n`,
    );
  });

  it("U09 refuses, before the check, a snapshot or report over a previous feed, into a folder that does not exist, or to -", async () => {
    const prev = join(tmp, "prev-folder");
    mkdirSync(prev, { recursive: true });
    for (const name of ["catalogue.json", "prices-web.csv", "prices-app.csv", "prices-store.csv"])
      writeFileSync(join(prev, name), readFileSync(join(YESTERDAY, name)));
    const web = join(prev, "prices-web.csv");
    expect((await cli("--previous", prev, "--snapshot", web)).stderr).toBe(
      `pricelint: --snapshot ${web} would overwrite the previous feed in ${prev}: prices-web.csv: write the snapshot elsewhere\n`,
    );
    expect((await cli("--previous", prev, "--format", `json:${web}`)).stderr).toBe(
      `pricelint: --format json:${web} would overwrite the previous feed in ${prev}: prices-web.csv: write the report elsewhere\n`,
    );
    expect(readFileSync(web, "utf8")).toBe(readFileSync(join(YESTERDAY, "prices-web.csv"), "utf8"));
    const nowhere = join(tmp, "no-such-folder", "s.gz");
    expect((await cli("--snapshot", nowhere)).stderr).toBe(
      `pricelint: --snapshot ${nowhere}: the folder ${join(tmp, "no-such-folder")} does not exist: create it first\n`,
    );
    expect((await cli("--snapshot", "-")).stderr).toBe("pricelint: --snapshot -: a snapshot is written to a file; give it a file name\n");
    // Standard error is no file either (S41): opened again, the file it is sent to would be cut.
    expect((await cli("--snapshot", "/dev/stderr")).stderr).toBe(
      "pricelint: --snapshot /dev/stderr: a snapshot is written to a file; give it a file name\n",
    );
  });

  it("names the previous state when its feeds cannot be read", async () => {
    const partial = join(tmp, "prev-partial");
    mkdirSync(partial, { recursive: true });
    writeFileSync(join(partial, "prices-web.csv"), readFileSync(join(YESTERDAY, "prices-web.csv")));
    expect((await cli("--previous", partial)).stderr).toBe(
      `pricelint: the previous state (folder ${partial}): catalogue.json: file not found\n`,
    );
  });

  it("S19 refuses an empty file, gzip data damaged after it was written, a JSON report, and a damaged offer line", async () => {
    const empty = join(tmp, "empty.gz");
    writeFileSync(empty, "");
    expect((await cli("--previous", empty)).stderr).toBe(
      `pricelint: ${empty}: --previous: the file is empty (a run that stopped before writing its snapshot?)\n`,
    );
    const lines = await snapshotText();
    const flipped = Buffer.from(gzipSync(lines.join("\n")));
    flipped[flipped.length - 6] = flipped[flipped.length - 6]! ^ 1; // a bit of the checksum
    const bad = join(tmp, "flipped.gz");
    writeFileSync(bad, flipped);
    expect((await cli("--previous", bad)).stderr).toBe(
      `pricelint: ${bad}: --previous: the gzip data is corrupt (incorrect data check): the file was damaged after it was written\n`,
    );
    const report = join(tmp, "report.json");
    expect((await cli("--format", `json:${report}`, "--fail-on", "never")).code).toBe(0);
    expect((await cli("--previous", report)).stderr).toBe(
      `pricelint: ${report}: --previous takes a snapshot (check --snapshot), a config or a folder of the previous feeds; this is a pricelint report, which --baseline takes\n`,
    );
    const offer = lines.findIndex((l) => l.split("\t").length === 11);
    const edit = (field: number, value: string) => {
      const fields = lines[offer]!.split("\t");
      fields[field] = value;
      const file = join(tmp, `edit-${field}.gz`);
      writeFileSync(file, gzipSync([...lines.slice(0, offer), fields.join("\t"), ...lines.slice(offer + 1)].join("\n")));
      return file;
    };
    const nosuch = edit(1, "nosuch");
    expect((await cli("--previous", nosuch)).stderr).toBe(
      `pricelint: ${nosuch}: line ${offer + 1}: the channel "nosuch" is not one of the snapshot's (app, call_center, click_collect, e_reservation, landing_page, marketplace, store, web): the snapshot is damaged; write it again\n`,
    );
    const xyz = edit(3, "XYZ");
    expect((await cli("--previous", xyz)).stderr).toBe(
      `pricelint: ${xyz}: line ${offer + 1}: the currency "XYZ" is not an ISO 4217 code: the snapshot is damaged; write it again\n`,
    );
  });

  it("S19 takes a snapshot whose minor units say what no override gives anyway", async () => {
    // Written with minorUnits {"EUR": 2, "JPY": 0}, the ISO 4217 defaults: read by a config without minorUnits.
    const config = JSON.parse(readFileSync(`${DIR}/pricelint.config.json`, "utf8")) as { feeds: { path: string }[] };
    const iso = join(tmp, "iso.config.json");
    const feeds = config.feeds.map((f) => ({ ...f, path: join(process.cwd(), YESTERDAY, f.path) }));
    writeFileSync(iso, JSON.stringify({ ...config, feeds, minorUnits: { EUR: 2, JPY: 0 } }));
    const file = join(tmp, "iso.gz");
    expect((await runCli(["check", "--config", iso, "--at", "2026-12-04T07:00", "--snapshot", file, "--fail-on", "never"])).code).toBe(0);
    const { code, stderr } = await cli("--previous", file, "--fail-on", "never");
    expect([code, stderr]).toStrictEqual([0, ""]);
  });

  it("U08 refuses a previous state that reads today's own feed files: by another name, a link, the run's own config", async () => {
    const link = join(tmp, "today-link");
    symlinkSync(join(process.cwd(), TODAY), link);
    expect((await cli("--previous", link)).stderr).toBe(SAME_FEEDS);
    expect((await cli("--previous", `${TODAY}/`)).stderr).toBe(SAME_FEEDS);
    const own = join(tmp, "own.config.json");
    const config = JSON.parse(readFileSync(`${DIR}/pricelint.config.json`, "utf8")) as { feeds: { path: string }[] };
    writeFileSync(own, JSON.stringify({ ...config, feeds: config.feeds.map((f) => ({ ...f, path: join(process.cwd(), TODAY, f.path) })) }));
    expect((await cli("--previous", own)).stderr).toBe(SAME_FEEDS);
  });

  it("refuses a previous state with a window, --previous-at with a snapshot, and the same folder twice", async () => {
    expect(
      (
        await runCli([
          "check",
          "--config",
          `${DIR}/pricelint.config.json`,
          "--feeds",
          TODAY,
          "--from",
          "2026-12-01",
          "--to",
          "2026-12-05",
          "--previous",
          YESTERDAY,
        ])
      ).stderr,
    ).toBe("pricelint: a previous state and a snapshot are of one instant: give them with --at, not with --from/--to\n");
    const file = await snapshotOfYesterday(join(tmp, "at.gz"));
    expect((await cli("--previous", file, "--previous-at", "2026-12-04")).stderr).toBe(
      "pricelint: --previous-at sets the instant of previous feeds; a snapshot carries its own: leave --previous-at out\n",
    );
    expect((await cli("--previous", TODAY)).stderr).toBe(SAME_FEEDS);
    expect((await cli("--snapshot", join(tmp, "x.gz"), "--workers", "2")).stderr).toBe(
      "pricelint: a snapshot holds a whole run's offers: write it from a run without workers or shard\n",
    );
    expect((await cli("--snapshot", join(tmp, "x.gz"), "--shard", "1/2")).stderr).toBe(
      "pricelint: a snapshot holds a whole run's offers: write it from a run without workers or shard\n",
    );
  });

  it("U21 writes the snapshot of shard 1 of 1, a whole run (what --shard auto gives with one task), as of a run without shard", async () => {
    const whole = await snapshotOfYesterday(join(tmp, "whole.gz"));
    const one = join(tmp, "one-of-one.gz");
    await check(await loadConfig(`${DIR}/pricelint.config.json`), {
      at: new Date("2026-12-04T06:00:00Z"),
      feedsDir: YESTERDAY,
      snapshot: one,
      shard: { index: 1, count: 1 },
    });
    expect(gunzipSync(readFileSync(one)).toString()).toBe(gunzipSync(readFileSync(whole)).toString());
  });
});

/** A rule between two nightly folders of one web.csv each (header sku,price,currency): its findings' messages. */
async function nightly(rule: string | object, yesterday: string, today: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-nightly-"));
  const config = join(dir, "c.json");
  const rules = typeof rule === "string" ? [rule] : ["./house.json"];
  if (typeof rule !== "string") writeFileSync(join(dir, "house.json"), JSON.stringify(rule));
  writeFileSync(
    config,
    JSON.stringify({
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [{ kind: "prices", path: "web.csv", constants: { channel: "web" } }],
      rules,
    }),
  );
  for (const [night, rows] of [
    ["d1", yesterday],
    ["d2", today],
  ] as const) {
    mkdirSync(join(dir, night));
    writeFileSync(join(dir, night, "web.csv"), `sku,price,currency\n${rows}`);
  }
  const out = join(dir, "r.json");
  const args = ["check", "--config", config, "--feeds", join(dir, "d2"), "--previous", join(dir, "d1"), "--at", "2026-12-05T06:00:00Z"];
  await runCli([...args, "--no-progress", "--format", `json:${out}`]);
  const ruleId = typeof rule === "string" ? rule : (rule as { id: string }).id;
  return (JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; message: string }[] }).findings
    .filter((f) => f.rule === ruleId)
    .map((f) => f.message);
}

describe("a move just past a percent limit", () => {
  it("M28 is shown past it: 400.00 → 600.000001 is 50.00000025 %, not the limit 50 % it fires on", async () => {
    const messages = await nightly("change/price-move", "A,400.00,EUR\nB,400.00,EUR\n", "A,600.000001,EUR\nB,199.999999,EUR\n");
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^web at every location: the price moved from 400\.00 to 600\.000001 \(50\.0000003%\) since/);
    expect(messages[1]).toMatch(/^web at every location: the price moved from 400\.00 to 199\.999999 \(-50\.0000003%\) since/);
  });
});

describe("previous amounts in another currency", () => {
  it("are not compared with today's: a house rule's price greaterThan previous.price is unknown there", async () => {
    const rule = {
      id: "house/up",
      description: "price went up",
      severity: "error",
      scope: "offer",
      conditions: { all: [{ fact: "price", operator: "greaterThan", value: { fact: "previous.price" } }] },
      message: "{sku} {price} was {previous.price} {previous.currency}",
    };
    // A was 9.00 USD, B 9.00 EUR; both are 10.00 EUR now: only B went up.
    expect(await nightly(rule, "A,9.00,USD\nB,9.00,EUR\n", "A,10.00,EUR\nB,10.00,EUR\n")).toStrictEqual(["B 10.00 was 9.00 EUR"]);
  });
});

describe("duplicate rows that disagree on the price", () => {
  const moves = (yesterday: string, today: string) => nightly("change/price-move", yesterday, today);

  it("are no previous price and no price today: the change rules judge neither, in any row order", async () => {
    // Yesterday 9.99 and 14.00 for one offer: which held is unknown; either order gives the same (nothing).
    expect(await moves("A,9.99,EUR\nA,14.00,EUR\n", "A,15.00,EUR\n")).toStrictEqual([]);
    expect(await moves("A,14.00,EUR\nA,9.99,EUR\n", "A,15.00,EUR\n")).toStrictEqual([]);
    // Today 16.00 and 15.00: no "moved from 10.00 to none (60%)".
    expect(await moves("A,10.00,EUR\n", "A,16.00,EUR\nA,15.00,EUR\n")).toStrictEqual([]);
    expect(await moves("A,10.00,EUR\n", "A,15.00,EUR\nA,16.00,EUR\n")).toStrictEqual([]);
    // Rows that agree are one offer: the move is judged.
    expect(await moves("A,9.99,EUR\nA,9.99,EUR\n", "A,15.00,EUR\n")).toHaveLength(1);
  });
});

describe("yesterday's rows in a SARIF report", () => {
  it("locate files that exist, from a folder and from a snapshot given relative to the working directory", async () => {
    // Today's sources are named relative to --feeds, and SARIF joins them to that folder; so must
    // yesterday's be, or code scanning points at TODAY/YESTERDAY/prices-web.csv.
    const sarif = join(tmp, "changes.sarif");
    const snapshot = relative(process.cwd(), join(tmp, "sarif-yesterday.snapshot.gz"));
    await check(await loadConfig(`${DIR}/pricelint.config.json`), { at: new Date("2026-12-04T06:00:00Z"), feedsDir: YESTERDAY, snapshot });
    for (const previous of [YESTERDAY, snapshot]) {
      const args = [
        "check",
        "--config",
        `${DIR}/pricelint.config.json`,
        "--feeds",
        TODAY,
        "--previous",
        previous,
        "--at",
        AT.toISOString(),
      ];
      const { code } = await runCli([...args, "--format", `sarif:${sarif}`, "--no-progress"]);
      expect(code).toBe(1);
      const log = JSON.parse(readFileSync(sarif, "utf8")) as {
        runs: {
          results: Record<"locations" | "relatedLocations", { physicalLocation: { artifactLocation: { uri: string } } }[] | undefined>[];
        }[];
      };
      const uris = log.runs[0]!.results.flatMap((r) =>
        [...(r.locations ?? []), ...(r.relatedLocations ?? [])].map((l) => l.physicalLocation.artifactLocation.uri),
      );
      const yesterday = previous === YESTERDAY ? `${YESTERDAY}/prices-web.csv` : snapshot;
      expect(uris).toContain(yesterday);
      for (const uri of uris) expect([uri, existsSync(uri)]).toStrictEqual([uri, true]);
    }
  });
});
