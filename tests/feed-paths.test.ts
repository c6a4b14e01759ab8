/**
 * A feed's path may be a glob pattern, and `{field}` parts of it read that field from each
 * matched file's path: one config entry for a chain's file per store.
 */
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check, loadConfig, type Report } from "../src/index.js";
import { feedFiles, isPathPattern, pathPlaceholders, type FeedFile } from "../src/io/feed-paths.js";
import { formatJson } from "../src/report/json.js";
import { failure } from "./helpers/failure.js";
import { writeXlsx } from "../bench/formats/xlsx.js";
import type { PricelintError } from "../src/model/errors.js";

const AT = new Date("2025-07-03T12:00:00+02:00");

describe("a feed path with a {field} placeholder", () => {
  it("reads the Konzum stores' four files as the four entries of the fixture's config do", async () => {
    const { config, baseDir } = await loadConfig("fixtures/hr-konzum/pricelint.config.json");
    // The two configs differ (four entries, one pattern): all but their digests (run) is the same.
    const withoutRun = ({ run: _run, ...rest }: Report) => rest;
    const explicit = formatJson(withoutRun(await check({ config, file: null, baseDir }, { at: AT })));
    const { columns, ignoreColumns } = config.feeds[0]!;
    const one = {
      kind: "prices",
      path: "konzum_store{location}_2025-07-03_excerpt.csv",
      columns,
      ignoreColumns,
      constants: { channel: "store" },
    };
    const globbed = validateConfig({ ...config, feeds: [one] }, "test");
    const report = formatJson(withoutRun(await check({ config: globbed, file: null, baseDir }, { at: AT })));
    expect(report).toBe(explicit);
    expect((JSON.parse(report) as Report).summary.feeds.map((f) => f.file)).toStrictEqual([
      "konzum_store0204_2025-07-03_excerpt.csv",
      "konzum_store0530_2025-07-03_excerpt.csv",
      "konzum_store0901_2025-07-03_excerpt.csv",
      "konzum_store1601_2025-07-03_excerpt.csv",
    ]);
  });

  it("captures each placeholder's part of every match, in code-unit order, through ** and {a,b}", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    for (const [sub, store] of [
      ["north", "MI01"],
      ["north", "TO01"],
      ["south/old", "NA01"],
      ["west", "XX01"],
    ]) {
      mkdirSync(join(dir, "prices", sub!, `store_${store}`), { recursive: true });
      writeFileSync(join(dir, "prices", sub!, `store_${store}`, "web.csv"), "sku,price\nA,1.00\n");
    }
    const files = await feedFiles("prices/{north,south}/**/store_{location}/{channel}.csv", dir);
    expect(files).toStrictEqual([
      { path: "prices/north/store_MI01/web.csv", captured: { location: "MI01", channel: "web" } },
      { path: "prices/north/store_TO01/web.csv", captured: { location: "TO01", channel: "web" } },
      { path: "prices/south/old/store_NA01/web.csv", captured: { location: "NA01", channel: "web" } },
    ]);
    expect(pathPlaceholders("p/{location}/{a,b}/*.csv")).toStrictEqual(["location"]);
    expect([isPathPattern("p/web.csv"), isPathPattern("p/*.csv"), isPathPattern("p/{location}.csv")]).toStrictEqual([false, true, true]);
  });

  it("B22 captures the part the placeholder matched where a {a/b,c} alternative holds a /, and refuses a file matched two ways", async () => {
    // The pattern's parts were lined up with the file's by index: c/S1/x.csv gave the location "x.csv", and
    // c/store_S4.csv was refused as reading nothing.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    for (const file of ["c/S1/x.csv", "a/b/S2/x.csv", "a/b/store_S3.csv", "c/store_S4.csv", "p/S5.csv", "s/y/x.csv"]) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileSync(join(dir, file), "sku,price\nA,1.00\n");
    }
    expect(await feedFiles("{a/b,c}/{location}/x.csv", dir)).toStrictEqual([
      { path: "a/b/S2/x.csv", captured: { location: "S2" } },
      { path: "c/S1/x.csv", captured: { location: "S1" } },
    ]);
    expect(await feedFiles("{a/b,c}/store_{location}.csv", dir)).toStrictEqual([
      { path: "a/b/store_S3.csv", captured: { location: "S3" } },
      { path: "c/store_S4.csv", captured: { location: "S4" } },
    ]);
    expect(await feedFiles(`${dir}/{a/b,c}/{location}/x.csv`, "/")).toStrictEqual([
      { path: `${dir}/a/b/S2/x.csv`, captured: { location: "S2" } },
      { path: `${dir}/c/S1/x.csv`, captured: { location: "S1" } },
    ]);
    // A path the glob reads as another ("./p/…" is "p/…") lines up as the glob reads it.
    expect(await feedFiles("./p/{location}.csv", dir)).toStrictEqual([{ path: "p/S5.csv", captured: { location: "S5" } }]);
    // s/y/x.csv is s + y/x.csv and s/y + x.csv: its location would be s or y.
    const twice = await failure(feedFiles("**/{location}/{x,y/x}.csv", dir));
    expect([twice.code, twice.message]).toStrictEqual([
      "config",
      'feed path "**/{location}/{x,y/x}.csv": s/y/x.csv matches it with {location} reading "s" or "y": which is meant? Write the path so that one part of a file\'s path alone can give {location}',
    ]);
    // Inside an alternative, a placeholder would give a file of another alternative nothing.
    const refused = (path: string) => () => validateConfig({ currency: "EUR", feeds: [{ kind: "prices", path }] }, "c.json");
    expect(refused("{x/{location},y}/*.csv")).toThrow(
      /^c\.json: feeds\[0\]\.path: a \{field\} cannot stand inside a \{…\} alternative: a file that another alternative matches would have none$/,
    );
  });

  it("C52 refuses a folder it matches, naming it, rather than reading the files inside as its own", async () => {
    // local/BK1.tsv/ is a folder (as Spark writes x.csv/): its file gave rows at BK1, from the folder's name.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    mkdirSync(join(dir, "local", "BK1.tsv", "archive"), { recursive: true });
    writeFileSync(join(dir, "local", "NY1.tsv"), "sku,price\nA,1.00\n");
    writeFileSync(join(dir, "local", "BK1.tsv", "2026-11-19.tsv"), "sku,price\nA,2.00\n");
    writeFileSync(join(dir, "local", "BK1.tsv", "archive", "old.tsv"), "sku,price\nA,3.00\n");
    const folder = await failure(feedFiles("local/{location}.tsv", dir));
    expect([folder.code, folder.message]).toStrictEqual([
      "config",
      'feed path "local/{location}.tsv" matches the folder local/BK1.tsv/: a pattern reads the files it matches, not what a folder holds; to read the files below it, name them (local/BK1.tsv/**)',
    ]);
    // Where no folder matches, the files are read; hidden ones are not.
    mkdirSync(join(dir, "plain"));
    writeFileSync(join(dir, "plain", "NY1.tsv"), "sku,price\nA,1.00\n");
    writeFileSync(join(dir, "plain", ".LA1.tsv"), "sku,price\nA,4.00\n");
    expect(await feedFiles("plain/{location}.tsv", dir)).toStrictEqual([{ path: "plain/NY1.tsv", captured: { location: "NY1" } }]);
  });

  it("C66 reads every file below a folder through ** (p/**, p/**/*), passing over the folders it goes through", async () => {
    // p/** was refused as matching the folder p/, with advice (p/*) refused in turn; p/**/* as matching p/s1/.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    for (const file of ["p/a.csv", "p/s1/b.csv", "p/s1/deep/c.csv", "p/s2/d.csv", "p/hidden/.x.csv"]) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileSync(join(dir, file), "sku,price\nA,1.00\n");
    }
    mkdirSync(join(dir, "p", "empty"));
    const all = ["p/a.csv", "p/s1/b.csv", "p/s1/deep/c.csv", "p/s2/d.csv"].map((path) => ({ path, captured: {} }));
    expect(await feedFiles("p/**", dir)).toStrictEqual(all);
    expect(await feedFiles("p/**/*", dir)).toStrictEqual(all);
    // A folder the pattern names as it would a file, and reads nothing in, is refused, offering what reads its files.
    const folder = await failure(feedFiles("p/*", dir));
    expect([folder.code, folder.message]).toStrictEqual([
      "config",
      'feed path "p/*" matches the folder p/s1/: a pattern reads the files it matches, not what a folder holds; to read the files below it, name them (p/s1/**)',
    ]);
    expect(await feedFiles("p/s1/**", dir)).toStrictEqual(all.slice(1, 3));
  });

  it("is a config error when it matches no file, or when a placeholder is no field or a field given twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    const none = await failure(feedFiles("prices/store_{location}.csv", dir));
    expect([none.code, none.message]).toStrictEqual(["config", 'feed path "prices/store_{location}.csv" matches no file']);
    const refused = (feed: object) => () => validateConfig({ currency: "EUR", feeds: [{ kind: "prices", ...feed }] }, "c.json");
    expect(refused({ path: "p_{store}.csv" })).toThrow(/\{store\} is neither a field of prices feeds .* nor a glob alternative/);
    expect(refused({ path: "p_{location}.csv", constants: { location: "MI01" } })).toThrow(/which constants also gives: say it once/);
    // Said once, not once per time it stands.
    expect(refused({ path: "{location}/{location}.csv" })).toThrow(
      /^c\.json: feeds\[0\]\.path: \{location\} stands twice: one part of the path gives a field$/,
    );
    expect(refused({ path: "p/store_{location}*.csv" })).toThrow(/needs its part of the path to itself, without another wildcard/);
    expect(refused({ path: "**/p/**/{location}.csv" })).toThrow(/one \*\* at most/);
  });

  it("C65 reads a ! that starts a path or a part of it as part of a name, not as a negation", async () => {
    // A leading ! made the whole path a negated pattern: "!x/*.csv" matched no file, and "!x/a.csv" was refused as
    // a pattern that is also a file's name, with an escape ("[!]") that is itself a pattern matching nothing.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    mkdirSync(join(dir, "!x"));
    mkdirSync(join(dir, "y"));
    writeFileSync(join(dir, "!x", "a.csv"), "sku,price\nA,1.00\n");
    writeFileSync(join(dir, "y", "b.csv"), "sku,price\nB,2.00\n");
    expect([isPathPattern("!x/a.csv"), isPathPattern("p/!x.csv"), isPathPattern("!x/*.csv")]).toStrictEqual([false, false, true]);
    expect(await feedFiles("!x/*.csv", dir)).toStrictEqual([{ path: "!x/a.csv", captured: {} }]);
    expect(await feedFiles(`${dir}/!x/*.csv`, "/")).toStrictEqual([{ path: `${dir}/!x/a.csv`, captured: {} }]);
    const config = validateConfig(
      { currency: "EUR", feeds: [{ kind: "prices", path: "!x/a.csv", constants: { channel: "web" } }] },
      "test",
    );
    const report = await check({ config, file: null, baseDir: dir }, { at: AT });
    expect(report.summary.feeds.map((f) => [f.file, f.accepted])).toStrictEqual([["!x/a.csv", 1]]);
  });

  it("B21 refuses a file where a {field} reads only white space, as one where it reads nothing (B12)", async () => {
    // "store_ .csv" gave the location " ", which the row reader trims to nothing: the file's rows became the store
    // channel's default rows, at every location.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    mkdirSync(join(dir, "p"));
    writeFileSync(join(dir, "p", "store_S1.csv"), "sku,price\nA,1.00\n");
    for (const blank of [" ", "\t", "\u00a0 \u3000"]) {
      writeFileSync(join(dir, "p", `store_${blank}.csv`), "sku,price\nA,0\n");
      const refused = await failure(feedFiles("p/store_{location}.csv", dir));
      expect([refused.code, refused.message]).toStrictEqual([
        "config",
        `feed path "p/store_{location}.csv": p/store_${blank}.csv matches, but a {field} of the path reads only white space in it, which is no value once trimmed`,
      ]);
      rmSync(join(dir, "p", `store_${blank}.csv`));
    }
    expect(await feedFiles("p/store_{location}.csv", dir)).toStrictEqual([{ path: "p/store_S1.csv", captured: { location: "S1" } }]);
  });

  it("C67 finds a file named in NFD (as macOS names files) by a path typed in NFC, plain or a pattern", async () => {
    // On a file system that tells the forms apart, "p/café.csv" was file not found, and "p/café*.csv" matched no file.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    const nfd = (text: string) => text.normalize("NFD");
    mkdirSync(join(dir, "p"));
    mkdirSync(join(dir, nfd("Café")));
    writeFileSync(join(dir, "p", nfd("café.csv")), "sku,price\nA,1.00\n");
    writeFileSync(join(dir, nfd("Café"), nfd("é_MI01.csv")), "sku,price\nB,2.00\n");
    const config = validateConfig(
      { currency: "EUR", feeds: [{ kind: "prices", path: "p/café.csv", constants: { channel: "web" } }] },
      "test",
    );
    const report = await check({ config, file: null, baseDir: dir }, { at: AT });
    expect(report.summary.feeds.map((f) => [f.file.normalize("NFC"), f.accepted])).toStrictEqual([["p/café.csv", 1]]);
    const inNfc = (files: FeedFile[]) => files.map((f) => ({ ...f, path: f.path.normalize("NFC") }));
    expect(inNfc(await feedFiles("p/café*.csv", dir))).toStrictEqual([{ path: "p/café.csv", captured: {} }]);
    expect(inNfc(await feedFiles("Café/é_{location}.csv", dir))).toStrictEqual([
      { path: "Café/é_MI01.csv", captured: { location: "MI01" } },
    ]);
    // A name in no form is still missing where it is read.
    expect(await feedFiles("p/cafe.csv", dir)).toStrictEqual([{ path: "p/cafe.csv", captured: {} }]);
  });

  it("leaves a plain path as it is: a missing file is still file not found", async () => {
    expect(await feedFiles("prices.csv", "/nowhere")).toStrictEqual([{ path: "prices.csv", captured: {} }]);
  });
});

describe("C69 the format of the files a pattern matches", () => {
  const config = (feed: Record<string, unknown>) =>
    validateConfig({ currency: "EUR", feeds: [{ kind: "prices", constants: { channel: "web" }, ...feed }] }, "c.json");
  const issues = (feed: Record<string, unknown>) => {
    try {
      config(feed);
      return [];
    } catch (error) {
      return (error as PricelintError).issues.map((i) => `${i.path}: ${i.message}`);
    }
  };

  it("C69 is its files' own where the pattern does not end in one format's ending; judged before reading where it does", async () => {
    // "p/*.{xlsx,XLSX}" was judged csv from its text, and its sheet refused, though every file it matches is read as xlsx.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    mkdirSync(join(dir, "p"));
    await writeXlsx(join(dir, "p", "a.xlsx"), ["sku", "price"], [["A", "1.00"]], { sheetName: "Prices" });
    await writeXlsx(join(dir, "p", "B.XLSX"), ["sku", "price"], [["B", "2.00"]], { sheetName: "Prices" });
    const report = await check({ config: config({ path: "p/*.{xlsx,XLSX}", sheet: "Prices" }), file: null, baseDir: dir }, { at: AT });
    expect(report.summary.feeds.map((f) => [f.file, f.accepted])).toStrictEqual([
      ["p/B.XLSX", 1],
      ["p/a.xlsx", 1],
    ]);
    // Patterns ending otherwise than in one format's ending: judged file by file, as read (below).
    expect(issues({ path: "p/{location}/*.{tsv,TAB}.gz", delimiter: ";", skipLines: 1 })).toStrictEqual([]);
    expect(issues({ path: "p/*.{json,JSON}", delimiter: ";" })).toStrictEqual([]);
    expect(issues({ path: "p/*.xlsx", delimiter: ";" })).toStrictEqual([
      "feeds[0].delimiter: delimiter applies to csv, tsv feeds; this feed is xlsx, from its path",
    ]);
  });

  it("C69 is each file's own where the pattern's files could be of several formats: a setting one of them does not take is refused, naming it", async () => {
    // "p/*" with a delimiter over a.csv and b.json read b.json as JSON, the delimiter ignored without a word.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-paths-"));
    mkdirSync(join(dir, "p"));
    writeFileSync(join(dir, "p", "a.csv"), "sku;price\nA;1,50\n");
    writeFileSync(join(dir, "p", "d.csv"), "sku;price\nD;2,50\n");
    const run = (feed: Record<string, unknown>) => check({ config: config(feed), file: null, baseDir: dir }, { at: AT });
    // Files all of one format: the settings are theirs.
    const read = await run({ path: "p/*", delimiter: ";", decimal: "," });
    expect(read.summary.feeds.map((f) => [f.file, f.accepted])).toStrictEqual([
      ["p/a.csv", 1],
      ["p/d.csv", 1],
    ]);
    writeFileSync(join(dir, "p", "b.json"), '[{"sku":"B","price":"1,50"}]');
    for (const path of ["p/*", "p/*.{csv,json}"]) {
      const refused = await failure(run({ path, delimiter: ";", decimal: "," }));
      expect([refused.code, refused.message]).toStrictEqual([
        "config",
        `feed path "${path}": p/b.json matches, a json file by its name, but delimiter applies to csv, tsv feeds: give the files of each format a feed of their own, its path ending in their file ending`,
      ]);
    }
    // decimal is json's too; and a pattern without such settings reads each file by its name, as it did.
    mkdirSync(join(dir, "q"));
    writeFileSync(join(dir, "q", "a.csv"), "sku,price\nA,1.50\n");
    writeFileSync(join(dir, "q", "b.json"), '[{"sku":"B","price":"1,50"}]');
    expect((await run({ path: "q/*", decimal: "," })).summary.feeds.map((f) => [f.file, f.read])).toStrictEqual([
      ["q/a.csv", 1],
      ["q/b.json", 1],
    ]);
  });
});

describe("a value a path's {field} reads", () => {
  it("is named as the file's path's in a row's message, not the feed's constants'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-path-field-"));
    mkdirSync(join(dir, "store_MI\u200b02"));
    writeFileSync(join(dir, "store_MI\u200b02", "p.csv"), "sku,channel,price\nA,store,1.00\n");
    const config = validateConfig({ currency: "EUR", feeds: [{ kind: "prices", path: "store_{location}/*.csv" }] }, "c");
    const report = await check({ config, file: null, baseDir: dir }, { at: AT });
    expect(report.findings.map((f) => f.message)).toStrictEqual([
      'store_MI\u200b02/p.csv:2: "MI\\u200b02" holds U+200B ZERO WIDTH SPACE, which no one can see: it would make a key that prints like another; remove it (from the file\'s path)',
    ]);
  });
});

describe("C70 a value map over a path's {field}", () => {
  it("C70 maps the value the path reads, as a cell's, where a constant with a map is refused: the config writes a constant as it means it", async () => {
    // Documented now: a {field} goes through values without a word, and the same value as a constant was refused.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-path-field-"));
    mkdirSync(join(dir, "store_0204"));
    writeFileSync(join(dir, "stores.csv"), "location,name\nMI01,Milano\n");
    writeFileSync(join(dir, "store_0204", "x.csv"), "sku,price\nA,1.00\n");
    const run = async (feed: Record<string, unknown>) => {
      const stores = { kind: "stores", path: "stores.csv" };
      const prices = { kind: "prices", constants: { channel: "store" }, values: { location: { "0204": "MI01" } }, ...feed };
      const config = validateConfig({ currency: "EUR", feeds: [stores, prices], rules: ["price/unknown-location"] }, "c.json");
      return check({ config, file: null, baseDir: dir }, { at: AT });
    };
    // Read as MI01, the store the stores feed lists: no price/unknown-location for 0204.
    const report = await run({ path: "store_{location}/*.csv" });
    expect([report.summary.rows.accepted, report.findings.map((f) => f.rule)]).toStrictEqual([2, []]);
    const refused = await failure(run({ path: "store_0204/x.csv", constants: { channel: "store", location: "0204" } }));
    expect(refused.message).toBe(
      "c.json: feeds[1].values.location: location is set as a constant and has a value map: would the map apply to the constant? Give the constant as the value it stands for, and drop the map",
    );
  });
});

describe("C29 one file reached by two paths", () => {
  it("is refused as one path given twice is, through a link to the file or to its folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-link-"));
    mkdirSync(join(dir, "prices"));
    writeFileSync(join(dir, "prices", "web.csv"), "sku,price\nA1,12.00\n");
    symlinkSync(join("prices", "web.csv"), join(dir, "w.csv"));
    symlinkSync("prices", join(dir, "linked"));
    const refusal = async (second: string) => {
      const config = validateConfig(
        {
          currency: "EUR",
          feeds: [
            { kind: "prices", path: "prices/web.csv", constants: { channel: "web" } },
            { kind: "prices", path: second, constants: { channel: "store" } },
          ],
        },
        "test",
      );
      return failure(check({ config, file: null, baseDir: dir }, { at: AT }));
    };
    const tail = `: a file is read once, as one feed; to read it as several kinds or channels, give it once with views (docs/feeds.md, "One file, several kinds")`;
    expect((await refusal("w.csv")).message).toBe(
      `feed paths "prices/web.csv" and "w.csv" both name one file, as prices/web.csv and as w.csv${tail}`,
    );
    expect((await refusal("linked/*.csv")).message).toBe(
      `feed paths "prices/web.csv" and "linked/*.csv" both name one file, as prices/web.csv and as linked/web.csv${tail}`,
    );
  });

  it("C64 is refused through a hard link too: one file, whatever the name it is reached by", async () => {
    // store/w.csv is web/w.csv under a second name (as cp -al and rsync --link-dest snapshots hold):
    // its web rows were read again as store prices.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-hardlink-"));
    mkdirSync(join(dir, "web"));
    mkdirSync(join(dir, "store"));
    writeFileSync(join(dir, "web", "w.csv"), "sku,price\nA1,12.00\n");
    linkSync(join(dir, "web", "w.csv"), join(dir, "store", "w.csv"));
    const run = (feeds: object[]) =>
      check({ config: validateConfig({ currency: "EUR", feeds }, "test"), file: null, baseDir: dir }, { at: AT });
    const refused = await failure(
      run([
        { kind: "prices", path: "web/w.csv", constants: { channel: "web" } },
        { kind: "prices", path: "store/*.csv", constants: { channel: "store" } },
      ]),
    );
    expect([refused.code, refused.message]).toStrictEqual([
      "config",
      `feed paths "web/w.csv" and "store/*.csv" both name one file, as web/w.csv and as store/w.csv: a file is read once, as one feed; to read it as several kinds or channels, give it once with views (docs/feeds.md, "One file, several kinds")`,
    ]);
    // Within one pattern the file is not read twice either.
    const once = await failure(run([{ kind: "prices", path: "*/w.csv", constants: { channel: "web" } }]));
    expect([once.code, once.message]).toStrictEqual([
      "config",
      expect.stringContaining("one file, as store/w.csv and as web/w.csv: a file is read once"),
    ]);
  });
});
