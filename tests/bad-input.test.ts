/**
 * The catalogue of broken input (docs/bad-input.md), one test per entry, named by its id.
 *
 * Each feed case runs the CLI's `main()` on files in a fresh folder and checks the exit code, the exact
 * `feed/invalid-row` messages and codes (docs/errors.md), and that every feed's rows read = accepted +
 * rejected with one finding per rejected row. Each exit-2 case checks the exact one-line message on stderr (the temp
 * folder written as `<dir>`) and that no stack trace is printed.
 *
 * Entries marked "open" in the catalogue are bugs in folders this suite does not own: their tests are
 * `it.fails` and state the behaviour after the suggested fix; when a fix lands, the test fails and
 * must become a plain `it`.
 */
import { spawnSync } from "node:child_process";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { check, loadConfig } from "../src/check.js";
import { main } from "../src/cli/run.js";
import { aFinding } from "./helpers/finding.js";
import { runCli } from "./helpers/run-cli.js";
import { PricelintError } from "../src/model/errors.js";
import type { Report } from "../src/model/report.js";
import { readJsonLines } from "../src/io/json.js";
import { DEFAULT_LIMITS } from "../src/io/limits.js";
import type { RuleDefinition } from "../src/rules/rule.js";
import { SHEET_HEAD, SHEET_TAIL, xlsxBytes } from "../bench/formats/xlsx.js";
import { parquetWriteBuffer } from "hyparquet-writer";

const AT = "2026-11-20T12:00:00Z";
const HEADER = "sku,channel,price\n";

interface JsonFinding {
  id: string;
  rule: string;
  sku: string | null;
  location: string | null;
  channels: string[];
  promotion: string | null;
  message: string;
  values: Record<string, unknown>;
  sources: { file: string; line: number }[];
}
interface JsonReport {
  summary: {
    rows: { read: number; accepted: number; rejected: number };
    feeds: { file: string; read: number; accepted: number; rejected: number }[];
  };
  findings: JsonFinding[];
}
interface Outcome {
  code: number;
  /** stderr with the temp folder written as `<dir>`. */
  stderr: string;
  report: JsonReport | null;
  dir: string;
}

/**
 * Writes the files (a name ending in "/" is a folder) and the config (an object, or its raw text or
 * bytes) into a fresh folder and runs `pricelint check` on them.
 */
async function run(
  files: Record<string, string | Buffer>,
  config: unknown,
  configName = "pricelint.config.json",
  args: string[] = [],
): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-bad-"));
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith("/")) mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), content);
  }
  writeFileSync(join(dir, configName), typeof config === "string" || Buffer.isBuffer(config) ? config : JSON.stringify(config));
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((c) => ((stderr += String(c)), true));
  let code: number;
  try {
    // The checked instant is AT unless the arguments give one (an option given twice is refused).
    const at = args.includes("--at") || args.includes("--from") ? [] : ["--at", AT];
    code = await main(["check", "--config", join(dir, configName), "--format", "json", ...at, "--no-progress", ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stderr: stderr.replaceAll(dir, "<dir>"), report: stdout === "" ? null : (JSON.parse(stdout) as JsonReport), dir };
}

const prices = (path: string, entry: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  timezone: "Europe/Rome",
  currency: "EUR",
  feeds: [{ kind: "prices", path, ...entry }],
  ...extra,
});

/** Runs one prices feed and checks the accounting; returns the invalid-row messages and the report. */
async function feed(name: string, content: string | Buffer, entry: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const outcome = await run({ [name]: content }, prices(name, entry, extra));
  expect(outcome.stderr).toBe("");
  const report = outcome.report!;
  expectBalanced(report);
  return { code: outcome.code, report, invalid: invalidMessages(report), codes: invalidCodes(report), rows: report.summary.rows };
}

const invalidRows = (report: JsonReport) => report.findings.filter((f) => f.rule === "feed/invalid-row");
const invalidMessages = (report: JsonReport) => invalidRows(report).map((f) => f.message);
/** The `code` in each invalid-row finding's values (docs/errors.md). */
const invalidCodes = (report: JsonReport) => invalidRows(report).map((f) => f.values["code"]);

/** Per feed: read = accepted + rejected, and one feed/invalid-row finding (with file and line) per rejected row. */
function expectBalanced(report: JsonReport): void {
  const rows = report.summary.rows;
  expect(rows.read).toBe(rows.accepted + rows.rejected);
  for (const f of report.summary.feeds) {
    expect(f.read, f.file).toBe(f.accepted + f.rejected);
    const findings = report.findings.filter((x) => x.rule === "feed/invalid-row" && x.sources[0]?.file === f.file);
    expect(findings, f.file).toHaveLength(f.rejected);
    for (const x of findings) {
      expect(x.sources).toHaveLength(1);
      expect(Number.isInteger(x.sources[0]!.line) && x.sources[0]!.line >= 1).toBe(true);
    }
  }
}

/** Exit 2 with exactly this one line on stderr, no report and no stack trace. */
function expectUsageError(outcome: Outcome, message: string): void {
  expect(outcome.stderr).toBe(`pricelint: ${message}\n`);
  expect(outcome.code).toBe(2);
  expect(outcome.report).toBeNull();
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
}

async function configError(
  config: unknown,
  message: string,
  files: Record<string, string | Buffer> = { "p.csv": `${HEADER}A,web,1.00\n` },
  configName = "pricelint.config.json",
) {
  expectUsageError(await run(files, config, configName), message);
}

const CONFIG = "<dir>/pricelint.config.json";

/** A rule file of one offer rule, house/x, whose conditions are all of `leaf`. */
const leafRule = (leaf: Record<string, unknown>) =>
  JSON.stringify({ id: "house/x", description: "d", severity: "error", scope: "offer", conditions: { all: [leaf] } });

/** Each leaf's rule file refuses: exit 2 with `r.json: house/x: MESSAGE`. */
async function refusedLeaves(cases: readonly (readonly [Record<string, unknown>, string])[]): Promise<void> {
  for (const [leaf, message] of cases) {
    const outcome = await run({ "p.csv": `${HEADER}A,web,1.00\n`, "r.json": leafRule(leaf) }, prices("p.csv", {}, { rules: ["r.json"] }));
    expect(outcome.stderr, JSON.stringify(leaf)).toBe(`pricelint: r.json: house/x: ${message}\n`);
    expect(outcome.code).toBe(2);
  }
}

function untouched(): void {
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  for (const name of ["polluted", "isAdmin", "sku", "channel", "price"]) {
    expect(Object.prototype).not.toHaveProperty(name);
    expect(({} as Record<string, unknown>)[name]).toBeUndefined();
  }
}

describe("F: delimited feeds (CSV, TSV)", () => {
  it("F01 truncated inside a quoted field: the last row is rejected, the rows before are kept", async () => {
    const r = await feed("p.csv", `${HEADER}A,web,1.00\nB,web,"2.0`);
    expect(r.code).toBe(1);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
    expect(r.invalid).toEqual(["p.csv:3:3 (price): unterminated quoted field: the quote that opens column 3 is never closed"]);
    expect(r.codes).toEqual(["unterminated_quote"]);
  });

  it("F02 truncated mid-row without quotes: the short row is rejected", async () => {
    const r = await feed("p.csv", `${HEADER}A,web,1.00\nB,we`);
    expect(r.invalid).toEqual(["p.csv:3: the row has 2 fields but the header has 3"]);
    expect(r.codes).toEqual(["wrong_cell_count"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("F03 wrong delimiter (a ;-file read as CSV): exit 2 naming the header as read", async () => {
    expectUsageError(
      await run({ "p.csv": "sku;channel;price\nA;web;1,00\n" }, prices("p.csv")),
      'p.csv: no column for the required field "sku": map one in "columns" or set it in "constants"; the header has: "sku;channel;price"',
    );
  });

  it("F04 a header without a required column: exit 2", async () => {
    expectUsageError(
      await run({ "p.csv": "sku,price\nA,1.00\n" }, prices("p.csv")),
      'p.csv: no column for the required field "channel": map one in "columns" or set it in "constants"; the header has: "sku", "price"',
    );
  });

  it("F38 a promotion file naming its fields in the singular or by a known name: the error and the warnings name the column", async () => {
    const promotions = { "r.csv": "promotion_id,sku,channel,type,value,start\nP1,A,web,percent_off,10,2026-01-01\n" };
    expectUsageError(
      await run(
        { ...promotions, "p.csv": `${HEADER}A,web,1.00\n` },
        {
          ...prices("p.csv"),
          feeds: [
            { kind: "prices", path: "p.csv" },
            { kind: "promotions", path: "r.csv" },
          ],
        },
      ),
      'r.csv: no column for the required field "promo_id": map one in "columns" or set it in "constants" (column "promotion_id" is a known name for it: "columns": {"promo_id": "promotion_id"}); the header has: "promotion_id", "sku", "channel", "type", "value", "start"',
    );
    const mapped = await run(
      { ...promotions, "p.csv": `${HEADER}A,web,1.00\n` },
      {
        ...prices("p.csv"),
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "promotions", path: "r.csv", columns: { promo_id: "promotion_id", channels: "channel" } },
        ],
      },
    );
    const messages = mapped.report!.findings.map((f) => `${f.rule} ${f.message}`);
    expect(messages).toContain(
      'feed/unmapped-column r.csv:1:2: column "sku" is not read, but it looks like skus, and this feed reads skus from no column: map it under "columns", or list it in "ignoreColumns"',
    );
    expect(messages).toContain("feed/invalid-row r.csv:2: a promotion needs skus, categories or brands to apply to");
  });

  it("F43 a promotion file naming its stores by a name of one store (store_code, negozio): a warning naming the list it looks like; a column named as a sku's code is not taken for the skus", async () => {
    const promotions = {
      "r.csv": "promo_id,type,value,channels,skus,start,store_code\nP1,percent_off,10,web,A,2026-01-01,S2\n",
      "q.csv": "promo_id,type,value,channels,negozio,skus,start,code\nP1,percent_off,10,web,S2,A,2026-01-01,X\n",
    };
    for (const [file, name, at] of [
      ["r.csv", "store_code", 7],
      ["q.csv", "negozio", 5],
    ] as const) {
      const outcome = await run(
        { ...promotions, "p.csv": `${HEADER}A,web,1.00\n` },
        {
          ...prices("p.csv"),
          feeds: [
            { kind: "prices", path: "p.csv" },
            { kind: "promotions", path: file },
          ],
        },
      );
      const warnings = outcome.report!.findings.filter((f) => f.rule === "feed/unmapped-column").map((f) => f.message);
      expect(warnings).toStrictEqual([
        `${file}:1:${at}: column "${name}" is not read, but it looks like locations, and this feed reads locations from no column: map it under "columns", or list it in "ignoreColumns"`,
      ]);
    }
  });

  it("F44 a price history with a valid_to or sale_price column, which history rows hold no such thing as: a warning saying why, not silence", async () => {
    const outcome = await run(
      {
        "p.csv": `${HEADER}A,app,8.00\n`,
        "h.csv": "sku,channel,valid_from,valid_to,price,sale_price\nA,web,2026-10-01,2026-10-05,10.00,8.00\n",
      },
      {
        ...prices("p.csv"),
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "price_history", path: "h.csv" },
        ],
      },
    );
    expectBalanced(outcome.report!);
    expect(outcome.report!.findings.filter((f) => f.rule === "feed/unmapped-column").map((f) => f.message)).toStrictEqual([
      'h.csv:1:6: column "sale_price" is not read: a price_history row gives the price applied then: a sale\'s price is a row\'s price, from the sale\'s start (valid_from); list it in "ignoreColumns"',
      'h.csv:1:4: column "valid_to" is not read: a price_history row applies from its valid_from until the offer\'s next row, which ends it; list it in "ignoreColumns"',
    ]);
  });

  it("F05 a mapped column missing from the header: exit 2", async () => {
    expectUsageError(
      await run({ "p.csv": `${HEADER}A,web,1.00\n` }, prices("p.csv", { columns: { price: "PREZZO" } })),
      'p.csv: column "PREZZO" (mapped to price) is not in the header; the header has: "sku", "channel", "price"',
    );
  });

  it("J17 a mapped column that no record of a JSON, JSON Lines or XML feed has: exit 2 once the file is read, as F05 for a header", async () => {
    const columns = { sale_price: "offerta-web" };
    const has = '"sku", "channel", "price", "offerta_web"';
    expectUsageError(
      await run({ "p.json": '[{"sku":"A","channel":"web","price":"15.00","offerta_web":"18.00"}]' }, prices("p.json", { columns })),
      `p.json: column "offerta-web" (mapped to sale_price) is in no record of the file; the records have: ${has}`,
    );
    // A later record that has it is enough: a JSON object may leave a key out.
    const later = '{"sku":"A","channel":"web","price":"15.00"}\n{"sku":"B","channel":"web","price":"15.00","offerta-web":"18.00"}\n';
    const found = await run({ "p.jsonl": later }, prices("p.jsonl", { columns }));
    expect([found.code, found.report?.findings.map((f) => `${f.rule} ${f.sku}`)]).toStrictEqual([1, ["price/sale-not-below-regular B"]]);
    expectUsageError(
      await run(
        {
          "p.xml":
            "<rss><channel><item><sku>A</sku><channel>web</channel><price>15.00</price><offerta_web>18.00</offerta_web></item></channel></rss>",
        },
        prices("p.xml", { columns }),
      ),
      `p.xml: column "offerta-web" (mapped to sale_price) is in no record of the file; the records have: ${has}`,
    );
  });

  it("J19 a JSON number in a key (a sku of 12.5) is the number as written where the feed's decimal is a comma; amounts still read by that comma", async () => {
    const lines = [
      '{"sku":12.5,"channel":"web","price":0}',
      '{"sku":"12.5","channel":"app","price":"0,00"}',
      '{"sku":7,"channel":"web","price":"1,50"}',
    ];
    for (const [name, text] of [
      ["p.jsonl", lines.join("\n")],
      ["p.json", `[${lines.join(",")}]`],
    ] as const) {
      const r = await feed(name, text, { decimal: ",", thousands: "." }, { rules: ["price/non-positive"] });
      expect([name, r.rows]).toStrictEqual([name, { read: 3, accepted: 3, rejected: 0 }]);
      // One sku, 12.5, in both rows: not "12,5" beside "12.5".
      expect([name, r.report.findings.map((f) => [f.sku, f.channels[0]])]).toStrictEqual([
        name,
        [
          ["12.5", "app"],
          ["12.5", "web"],
        ],
      ]);
    }
    // A list (a promotion's skus) holds keys, never amounts: its numbers as written too.
    async function* line() {
      yield '{"skus":[12.5,7],"value":2.5}\n';
    }
    const records = [];
    for await (const batch of readJsonLines(line(), DEFAULT_LIMITS, [])) records.push(...batch.records);
    // Numbers come as written, the amount's marked typed: the mapping stage writes it as 2,5 for the amount parser.
    expect(records.map((r) => [r.cells, r.typedNumbers])).toStrictEqual([[[["12.5", "7"], "2.5"], [1]]]);
  });

  it("J18 a key the feed lists in ignoreColumns holds a nested object or list, null in a list, or is given twice: the record is read, the key not", async () => {
    const rows = [
      { sku: "A", channel: "web", price: "10.00", sale_price: "12.00", shipping: { country: "IT", price: "4.95" } },
      { sku: "B", channel: "web", price: "10.00", sale_price: "12.00", shipping: [["IT", "4.95"]] },
      { sku: "C", channel: "web", price: "10.00", sale_price: "12.00", shipping: ["IT", null] },
    ];
    // Given twice in one object, which JSON.parse cannot show: written out.
    const twice = '{"sku":"D","channel":"web","price":"10.00","sale_price":"12.00","shipping":"a","shipping":"b"}';
    const lines = [...rows.map((r) => JSON.stringify(r)), twice];
    const skus = ["A", "B", "C", "D"].map((sku) => `price/sale-not-below-regular ${sku}`);
    for (const [name, text] of [
      ["p.jsonl", lines.join("\n")],
      ["p.json", `[\n${lines.join(",\n")}\n]`],
    ] as const) {
      const ignored = await feed(name, text, { ignoreColumns: ["shipping"] });
      expect([name, ignored.report.summary.rows, ignored.report.findings.map((f) => `${f.rule} ${f.sku}`)]).toStrictEqual([
        name,
        { read: 4, accepted: 4, rejected: 0 },
        skus,
      ]);
      // Not listed: each record is rejected as before (J01, J02, J11, J16).
      const listed = await feed(name, text);
      expect([name, listed.report.summary.rows]).toStrictEqual([name, { read: 4, accepted: 0, rejected: 4 }]);
    }
    // A listed key is no column: it uses none of the feed's distinct keys (J10).
    async function* keyed() {
      yield '{"junk":{"a":1},"sku":"A","price":"1"}\n{"junk2":1,"sku":"B","price":"2"}\n';
    }
    const records = [];
    for await (const batch of readJsonLines(keyed(), { ...DEFAULT_LIMITS, jsonKeys: 2 }, ["junk", "junk2"])) records.push(...batch.records);
    expect(records.map((r) => [r.problem ?? null, r.cells])).toStrictEqual([
      [null, ["A", "1"]],
      [null, ["B", "2"]],
    ]);
  });

  it("W22 Atom's <id> beside Google's <g:id>, or any element or attribute, listed in ignoreColumns as the record writes it: passed over with all it holds", async () => {
    const entry = (sku: string) =>
      `<entry><id>tag:shop,2026:${sku}</id><g:id>${sku}</g:id><g:price currency="EUR">10.00</g:price><g:sale_price>12.00</g:sale_price>` +
      `<g:shipping><g:price>4.95</g:price><g:country>IT</g:country><note>a<b>mixed</b></note></g:shipping></entry>`;
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">\n${entry("A")}\n${entry("B")}\n</feed>`;
    const profile = { profile: "google-products" };
    // Not listed: <id> and <g:id> both give column id, and each record is rejected (W14).
    const listed = await feed("p.xml", xml, profile);
    expect(listed.report.summary.rows).toStrictEqual({ read: 2, accepted: 0, rejected: 2 });
    expect(listed.invalid[0]).toContain('"id" and "g:id" both give column "id"');
    // Listed as written: Atom's <id>, the whole <g:shipping> (its mixed <note> with it) and an attribute.
    const ignored = await feed("p.xml", xml, { ...profile, ignoreColumns: ["id", "g:shipping", "g:price@currency"] });
    expect([ignored.report.summary.rows, ignored.report.findings.map((f) => `${f.rule} ${f.sku}`)]).toStrictEqual([
      { read: 2, accepted: 2, rejected: 0 },
      ["price/sale-not-below-regular A", "price/sale-not-below-regular B"],
    ]);
    // What a passed-over element holds is not judged either: an <entry> inside it, text beside
    // an ignored child; and an ignored attribute leaves its empty element a column.
    const held = (sku: string) =>
      `<entry><g:id>${sku}</g:id><g:price>10.00</g:price><g:sale_price>12.00</g:sale_price><promo currency="EUR"/>` +
      `<g:variants><entry><g:id>${sku}-1</g:id></entry></g:variants><note>5<br/></note></entry>`;
    const nested = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">\n${held("A")}\n${held("B")}\n</feed>`;
    const passed = await feed("p.xml", nested, {
      ...profile,
      columns: { member_price: "promo" },
      ignoreColumns: ["g:variants", "note/br", "promo@currency"],
    });
    expect([passed.report.summary.rows, passed.report.findings.map((f) => `${f.rule} ${f.sku}`)]).toStrictEqual([
      { read: 2, accepted: 2, rejected: 0 },
      ["price/sale-not-below-regular A", "price/sale-not-below-regular B"],
    ]);
  });

  it("F30 a header repeated as a row (two exports joined) is that row rejected, naming what it is; the rows around it are read", async () => {
    const catalogue = await run(
      { "cat.csv": "sku,title,brand\nA1,Pasta,Barilla\nsku,title,brand\nA2,Riso,Scotti\n" },
      { currency: "EUR", feeds: [{ kind: "catalogue", path: "cat.csv" }] },
    );
    expect(catalogue.report!.summary.rows).toEqual({ read: 3, accepted: 2, rejected: 1 });
    expect(invalidMessages(catalogue.report!)).toEqual([
      "cat.csv:3: the row repeats the header: were files joined together? The header belongs on the first line only",
    ]);
    const priced = await run({ "p.csv": `${HEADER}A,web,1.00\n${HEADER}B,web,2.00\n` }, prices("p.csv"));
    expect(priced.report!.summary.rows).toEqual({ read: 3, accepted: 2, rejected: 1 });
    expect(invalidCodes(priced.report!)).toEqual(["repeated_header"]);
  });

  it("F32 a feed every one of whose 200,000 rows is rejected (a comma-decimal export read with the default decimal): each reported, the run goes on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-bad-"));
    const rows = 200_000;
    writeFileSync(join(dir, "p.csv"), HEADER + Array.from({ length: rows }, (_, i) => `S${i},web,"1,50"\n`).join(""));
    writeFileSync(join(dir, "c.json"), JSON.stringify(prices("p.csv", {}, { rules: ["price/non-positive"] })));
    const report = await check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
    expect(report.summary.rows).toEqual({ read: rows, accepted: 0, rejected: rows });
    const invalid = report.findings.filter((f) => f.rule === "feed/invalid-row");
    expect(invalid).toHaveLength(rows);
    expect(invalid[rows - 1]!.values["code"]).toBe("wrong_number_format");
  });

  it("F31 Excel's sep=; first line: passed over when it names the feed's delimiter, else exit 2 saying which to set", async () => {
    const file = "sep=;\r\nsku;channel;price\r\nA1;web;1.234,50\r\n";
    const semicolons = await run({ "p.csv": file }, prices("p.csv", { delimiter: ";", decimal: ",", thousands: "." }));
    expect(semicolons.report!.summary.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
    const commas = await run({ "p.csv": file }, prices("p.csv"));
    expect(commas.stderr).toBe(
      `pricelint: p.csv: line 1 is Excel's "sep=;" line: the file's delimiter is ";", not ","; set the feed's "delimiter"\n`,
    );
    expect(commas.code).toBe(2);
  });

  it("F29 a header name with a Unicode dash or a zero-width character in it, or written in NFD, names the field it prints as", async () => {
    // sale‐price with U+2010 HYPHEN, sale<U+200B>price: the sale price 2.50 is read, and is not below the price 1.50.
    for (const name of ["sale\u2010price", "sale\u200bprice", "sale\u2212price"]) {
      const r = await run({ "p.csv": `sku,channel,price,${name}\nA,web,1.50,2.50\n` }, prices("p.csv"));
      expect([name, r.code, r.report?.findings.map((f) => `${f.rule} ${f.message}`)]).toStrictEqual([
        name,
        1,
        ["price/sale-not-below-regular web at every location: sale price 2.50 is not below the price 1.50"],
      ]);
    }
    // "prezzo unità" in NFD in the header (a + U+0300), in NFC in the config's columns: one name.
    const nfd = await run(
      { "p.csv": `sku,channel,${"prezzo unità".normalize("NFD")}\nA,web,0.00\n` },
      prices("p.csv", { columns: { price: "prezzo unità" } }),
    );
    expect([nfd.code, nfd.report?.findings.map((f) => f.rule)]).toStrictEqual([1, ["price/non-positive"]]);
  });

  it("W21 an XML attribute that names a field (price@currency) and is not read: a feed/unmapped-column warning, as for an element", async () => {
    const xml = '<?xml version="1.0"?>\n<catalog><product sku="S1"><price currency="USD">12.99</price></product></catalog>\n';
    const r = await run(
      { "p.xml": xml },
      prices("p.xml", { recordElement: "product", columns: { sku: "@sku" }, constants: { channel: "web" } }),
    );
    expect([r.code, r.report?.findings.map((f) => `${f.rule} ${f.message}`)]).toStrictEqual([
      0,
      [
        'feed/unmapped-column p.xml:2:3: column "price@currency" is not read, but it looks like currency, and this feed reads currency from no column: map it under "columns", or list it in "ignoreColumns"',
      ],
    ]);
    // Mapped, it is read: USD against the config's EUR.
    const mapped = await run(
      { "p.xml": xml },
      prices("p.xml", { recordElement: "product", columns: { sku: "@sku", currency: "price@currency" }, constants: { channel: "web" } }),
    );
    expect(mapped.report?.findings.map((f) => f.rule)).toStrictEqual(["price/currency-mismatch"]);
  });

  it("M10 a currency written in a catalogue's cost or map_price, or in a price history's price: read as the row's, as in a price row", async () => {
    // The catalogue's amounts are in the config's currency (EUR): US$5.00 and £9.00 are refused, not compared as euros.
    const catalogue = "sku,title,cost,map_price\nA,a,US$5.00,\nB,b,5.00 GBP,\nC,c,,£9.00\nD,d,5.00 EUR,\n";
    const r = await run(
      { "p.csv": `${HEADER}A,store,4.00\nB,store,4.00\nC,store,4.00\nD,store,4.00\n`, "cat.csv": catalogue },
      {
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "catalogue", path: "cat.csv" },
        ],
        rules: ["price/below-cost", "price/below-map"],
      },
    );
    expect(r.report?.findings.map((f) => (f.rule === "feed/invalid-row" ? f.message : `${f.rule} ${f.sku}`))).toStrictEqual([
      "cat.csv:2: the amounts are written in USD, and the catalogue's are in the config's currency EUR",
      "cat.csv:3: the amounts are written in GBP, and the catalogue's are in the config's currency EUR",
      // £ is the pound of several currencies.
      "cat.csv:4: the amounts are written in GBP/EGP/GIP/FKP/SHP, and the catalogue's are in the config's currency EUR",
      "price/below-cost D",
    ]);
    // A history price in US$ is a USD price: in an EUR run it is no prior price (T09), so 1.50 is still a reduction from 2.00.
    const history = "sku,channel,valid_from,price\nA,web,2026-09-01,2.00\nA,web,2026-10-20,US$1.00\nA,web,2026-10-25,2.00\n";
    const web = "sku,channel,price,sale_price,sale_start,sale_end,reference_price\nA,web,2.00,1.50,2026-11-01,2026-11-30,2.00\n";
    const h = await run(
      { "p.csv": web, "h.csv": history },
      {
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "price_history", path: "h.csv", priceInForce: "never" },
        ],
        rules: ["omnibus/prior-price"],
      },
      "pricelint.config.json",
      ["--at", "2026-11-10T00:00:00Z"],
    );
    expect(h.report?.findings.map((f) => f.rule)).toStrictEqual([]);
  });

  it("F06 duplicate header names that a mapped field resolves to: exit 2", async () => {
    expectUsageError(
      await run({ "p.csv": "sku,channel,price,price\nA,web,1.00,2.00\n" }, prices("p.csv")),
      'p.csv: column "price" appears more than once in the header (columns 3 and 4): rename one, or map the field to the one meant',
    );
  });

  it("F07 ragged rows (too many and too few fields) are rejected one by one", async () => {
    const r = await feed("p.csv", `${HEADER}A,web,1.00,extra\nB,web\nC,web,3.00\n`);
    expect(r.invalid).toEqual(["p.csv:2: the row has 4 fields but the header has 3", "p.csv:3: the row has 2 fields but the header has 3"]);
    expect(r.codes).toEqual(["wrong_cell_count", "wrong_cell_count"]);
    expect(r.rows).toEqual({ read: 3, accepted: 1, rejected: 2 });
  });

  it("F08 a stray quote that never closes rejects its line only: the rows after it are read", async () => {
    const r = await feed("p.csv", `${HEADER}"A,web,1.00\nB,web,2.00\nC,web,3.00\n`);
    expect(r.invalid).toEqual(["p.csv:2:1 (sku): unterminated quoted field: the quote that opens column 1 is never closed"]);
    expect(r.codes).toEqual(["unterminated_quote"]);
    expect(r.rows).toEqual({ read: 3, accepted: 2, rejected: 1 });
  });

  it("F09 a quote that closes on a later line with text after it: its line is rejected, the lines it took are read", async () => {
    const r = await feed("p.csv", `${HEADER}"A,web,1.00\nB,web,2.00\nC,web,"3.00"\nD,web,4.00\n`);
    expect(r.invalid).toEqual([
      "p.csv:2:1 (sku): unterminated quoted field: the quote that opens column 1 closes only on line 4, followed by unexpected text",
    ]);
    expect(r.codes).toEqual(["unterminated_quote"]);
    expect(r.rows).toEqual({ read: 4, accepted: 3, rejected: 1 });
  });

  it("F10 text after a closing quote on the same line: the row is rejected", async () => {
    const r = await feed("p.csv", `${HEADER}"A"x,web,1.00\nB,web,2.00\n`);
    expect(r.invalid).toEqual(["p.csv:2:1 (sku): unexpected text after a closing quote"]);
    expect(r.codes).toEqual(["text_after_quote"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("F11 invalid UTF-8 bytes: the row is rejected, naming the cell and the encoding setting", async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}A`), Buffer.from([0xff, 0xfe]), Buffer.from(",web,1.00\nB,web,2.00\n")]);
    const r = await feed("p.csv", bytes);
    expect(r.invalid).toEqual([
      'p.csv:2:1 (sku): invalid UTF-8 in "A\uFFFD\uFFFD" (shown as \uFFFD): if the file is latin1 or windows-1252, set the feed\'s "encoding"',
    ]);
    expect(r.codes).toEqual(["invalid_utf8"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("F12 a latin1 file read as UTF-8: its accented rows are rejected, and read right with encoding latin1", async () => {
    const bytes = Buffer.from(`${HEADER}caff\xe8,web,1.00\nthe,web,2.00\n`, "latin1");
    const wrong = await feed("p.csv", bytes);
    expect(wrong.invalid).toEqual([
      'p.csv:2:1 (sku): invalid UTF-8 in "caff\uFFFD" (shown as \uFFFD): if the file is latin1 or windows-1252, set the feed\'s "encoding"',
    ]);
    expect(wrong.codes).toEqual(["invalid_utf8"]);
    const right = await feed("p.csv", bytes, { encoding: "latin1" });
    expect(right.rows).toEqual({ read: 2, accepted: 2, rejected: 0 });
  });

  it("F13 invalid UTF-8 in the header: exit 2", async () => {
    const bytes = Buffer.concat([Buffer.from("sku,channel,prezzo_unit"), Buffer.from([0xe0]), Buffer.from(",price\nA,web,1,1\n")]);
    expectUsageError(
      await run({ "p.csv": bytes }, prices("p.csv")),
      'p.csv: the header (line 1): invalid UTF-8 in "prezzo_unit\uFFFD" (shown as \uFFFD): if the file is latin1 or windows-1252, set the feed\'s "encoding"',
    );
  });

  it("F14 a UTF-16 file: exit 2 saying so", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}A,web,1.00\n`, "utf16le")]);
    expectUsageError(
      await run({ "p.csv": bytes }, prices("p.csv")),
      'p.csv: the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8, or as latin1 or windows-1252 and set the feed\'s "encoding"',
    );
  });

  it("F15 a UTF-8 file (with BOM) declared latin1: exit 2", async () => {
    const bytes = Buffer.from(`\uFEFF${HEADER}A,web,1.00\n`, "utf8");
    expectUsageError(
      await run({ "p.csv": bytes }, prices("p.csv", { encoding: "latin1" })),
      'p.csv: the file starts with a UTF-8 byte order mark but the feed\'s "encoding" is latin1: remove "encoding" (UTF-8 is the default)',
    );
  });

  it("F16 a binary file (NUL bytes in the first line): exit 2", async () => {
    // An SQLite database's first bytes.
    const bytes = Buffer.concat([Buffer.from("SQLite format 3\0\u0010\0\u0001\u0001", "latin1"), Buffer.from("\nA\n")]);
    expectUsageError(
      await run({ "p.csv": bytes }, prices("p.csv")),
      'p.csv: the header (line 1) holds NUL characters ("SQLite format 3\\u0000\\u0010\\u0000\\u0001\\u0001"): the file looks binary or UTF-16, not UTF-8, latin1 or windows-1252 text',
    );
  });

  it("F40 a workbook read as text (an .xlsx named .csv, an .ods): exit 2 saying it is a zip archive, not advice about its encoding", async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x08, 0xe0, 0x9b, 0x0a, 0x41, 0x0a]);
    for (const name of ["p.csv", "p.tsv", "p.ods", "p.jsonl"]) {
      expectUsageError(
        await run({ [name]: zip }, prices(name)),
        `${name}: the file is a zip archive (an Excel or OpenDocument workbook?), not text: name an Excel workbook ".xlsx" or set the feed's "format": "xlsx"; save any other sheet as .xlsx or CSV; unzip a zipped CSV or JSON file first`,
      );
    }
  });

  it("F51 a file compressed otherwise than as gzip (bzip2, xz, zstd, 7-Zip), or gzip twice: exit 2 naming the compression, not advice about its encoding", async () => {
    const csv = "sku,channel,price\nA,web,1.00\n";
    const recompress = "decompress it, or compress it with gzip (.gz), which is read as it comes";
    const cases: [Buffer, string][] = [
      // An empty bzip2 stream: BZh, block size 9, the end-of-stream magic.
      [
        Buffer.from([0x42, 0x5a, 0x68, 0x39, 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0, 0, 0, 0]),
        `bzip2 data (its first bytes are 42 5a 68 39), not text: ${recompress}`,
      ],
      [Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]), `xz data (its first bytes are fd 37 7a 58), not text: ${recompress}`],
      [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x1c, 0xe1]), `zstd data (its first bytes are 28 b5 2f fd), not text: ${recompress}`],
      [
        Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]),
        "7-Zip data (its first bytes are 37 7a bc af), not text: extract it, or compress it with gzip (.gz), which is read as it comes",
      ],
    ];
    for (const [bytes, said] of cases) expectUsageError(await run({ "p.csv": bytes }, prices("p.csv")), `p.csv: the file is ${said}`);
    // Gzip twice: the first is undone as the file is read, the second is what it then holds.
    const twice = gzipSync(gzipSync(csv));
    expectUsageError(
      await run({ "p.csv.gz": twice }, prices("p.csv.gz")),
      `p.csv.gz: the file is gzip data (its first bytes are ${[...gzipSync(csv).subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ")}), not text: the file was compressed twice; decompress it once (gzip -d) and give the .gz`,
    );
    // A text may start with BZh.
    expect((await feed("p.csv", "BZh,sku,channel,price\nx,A,web,1.00\n")).rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("F50 a Parquet file read as text (named .csv or .jsonl, or on standard input without a format): exit 2 saying it is Parquet, not advice about its encoding; a header with NUL bytes and bytes that are not UTF-8: F16's message", async () => {
    // PAR1, then 15 (field 1 of a page header, a 32-bit integer): how every Parquet file starts.
    const parquet = Buffer.from([0x50, 0x41, 0x52, 0x31, 0x15, 0x00, 0x15, 0x8c, 0x01, 0x15, 0x8c, 0x01, 0x2c]);
    const said = 'the file is a Parquet file (it starts with PAR1), not text: name it ".parquet" or set the feed\'s "format": "parquet"';
    for (const name of ["p.csv", "p.jsonl", "p.xml"]) expectUsageError(await run({ [name]: parquet }, prices(name)), `${name}: ${said}`);
    // Setting an encoding, as the old message advised, changes nothing.
    expectUsageError(await run({ "p.csv": parquet }, prices("p.csv", { encoding: "latin1" })), `p.csv: ${said}`);
    const dir = mkdtempSync(join(tmpdir(), "pricelint-bad-"));
    writeFileSync(join(dir, "c.json"), JSON.stringify(prices("-")));
    const error = await check(await loadConfig(join(dir, "c.json")), { at: new Date(AT), stdin: Readable.from([parquet]) }).then(
      () => null,
      (e: unknown) => e as PricelintError,
    );
    expect([error?.code, error?.message]).toStrictEqual(["io", `-: ${said}`]);
    // A text file may start with PAR1.
    expect((await feed("p.csv", "PAR1,sku,channel,price\nx,A,web,1.00\n")).rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
    // A binary header holding NUL characters and bytes that are not UTF-8 is binary (F16), whatever its encoding.
    const binary = Buffer.concat([Buffer.from("sku\0"), Buffer.from([0xff]), Buffer.from(",channel,price\nA,web,1.00\n")]);
    expectUsageError(
      await run({ "p.csv": binary }, prices("p.csv")),
      'p.csv: the header (line 1) holds NUL characters ("sku\\u0000\uFFFD"): the file looks binary or UTF-16, not UTF-8, latin1 or windows-1252 text',
    );
  });

  it("F41 UTF-16 text without a byte order mark, little- or big-endian, in any text format: exit 2 saying so", async () => {
    const cases = [
      ["p.csv", Buffer.from(`${HEADER}A,web,1.00\n`, "utf16le"), "73 00 6b 00"],
      ["p.csv", Buffer.from(`${HEADER}A,web,1.00\n`, "utf16le").swap16(), "00 73 00 6b"],
      ["p.xml", Buffer.from('<?xml version="1.0"?><rss><channel></channel></rss>', "utf16le"), "3c 00 3f 00"],
    ] as const;
    for (const [name, bytes, first] of cases) {
      expectUsageError(
        await run({ [name]: bytes }, prices(name)),
        `${name}: the file looks UTF-16 without a byte order mark (its first bytes are ${first}): save it as UTF-8, or as latin1 or windows-1252 and set the feed's "encoding"`,
      );
    }
  });

  it("F17 an empty file: exit 2", async () => {
    expectUsageError(await run({ "p.csv": "" }, prices("p.csv")), "p.csv: no header line: the file is empty or blank");
  });

  it("F18 skipLines past the end of the file: exit 2", async () => {
    expectUsageError(
      await run({ "p.csv": `${HEADER}A,web,1.00\n` }, prices("p.csv", { skipLines: 5 })),
      'p.csv: no header line after skipping 5 line(s) ("skipLines"): the rest of the file is empty or blank',
    );
  });

  it("F19 a header and no rows: accepted, 0 rows", async () => {
    const r = await feed("p.csv", HEADER);
    expect(r.code).toBe(0);
    expect(r.report.summary.feeds).toEqual([{ file: "p.csv", kind: "prices", read: 0, accepted: 0, rejected: 0 }]);
  });

  it("F20 blank lines and lines of empty cells are not rows", async () => {
    const r = await feed("p.csv", `${HEADER}\n,,\nA,web,1.00\r\n\r\n , , \n`);
    // " , , " is not empty cells: it is a row whose sku and channel are blank.
    expect(r.invalid).toEqual(["p.csv:6:1 (sku): sku is required"]);
    expect(r.codes).toEqual(["required"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("F21 a 10 MB field: its row is rejected without being kept, the next rows are read", async () => {
    const r = await feed("p.csv", `sku,channel,price,title\nA,web,1.00,${"x".repeat(10 << 20)}\nB,web,2.00,t\n`);
    expect(r.invalid).toEqual(["p.csv:2: the line is longer than 1048576 characters, the limit of one record"]);
    expect(r.codes).toEqual(["record_too_long"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("F22 a quote that runs on past the record limit rejects its line; the rows it ran over are read", async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `S${i},web,1.00`).join("\n"); // 1.4 MB without a quote
    const r = await feed("p.csv", `${HEADER}"A,web,1.00\n${rows}\n`);
    expect(r.invalid).toEqual([
      "p.csv:2:1 (sku): unterminated quoted field: the quote that opens column 1 does not close within 1048576 characters",
    ]);
    expect(r.codes).toEqual(["unterminated_quote"]);
    expect(r.rows).toEqual({ read: 100_001, accepted: 100_000, rejected: 1 });
  });

  it("F23 very many columns (50 000): read in one pass", async () => {
    const extra = Array.from({ length: 50_000 }, (_, i) => `c${i}`);
    const r = await feed("p.csv", `${HEADER.trim()},${extra.join(",")}\nA,web,1.00${",".repeat(50_000)}\n`);
    expect(r.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("F24 a file without line breaks longer than the record limit: exit 2 on its header", async () => {
    expectUsageError(
      await run({ "p.csv": "x".repeat(3 << 20) }, prices("p.csv")),
      "p.csv: the header line is longer than 1048576 characters: is the delimiter right, and is this a text file?",
    );
  });

  it("F25 lines ending in CR alone (classic Mac): exit 2 rather than one header line and no rows", async () => {
    expectUsageError(
      await run({ "p.csv": "sku,channel,price\rA,web,1.00\rB,web,2.00\r" }, prices("p.csv")),
      "p.csv: the header (line 1) holds a carriage return: the file's lines end in CR alone; save it with LF or CRLF line endings",
    );
    // Rows ending in CR alone after a header ending in LF (a Mac export appended): one row, rejected, saying why.
    const joined = await feed("p.csv", "sku,channel,price\nA,web,1.00\rB,web,2.00\rC,web,3.00\r");
    expect(joined.invalid).toEqual([
      "p.csv:2: the row has 7 fields but the header has 3: it holds a carriage return, so lines ending in CR alone were read as one; save the file with LF or CRLF line endings",
    ]);
  });

  it("F26 a TSV feed with a comma-separated file: exit 2 like any wrong delimiter", async () => {
    expectUsageError(
      await run({ "p.tsv": `${HEADER}A,web,1.00\n` }, prices("p.tsv")),
      'p.tsv: no column for the required field "sku": map one in "columns" or set it in "constants"; the header has: "sku,channel,price"',
    );
  });

  it("F27 columns that differ only in case, neither named exactly as the field or its mapping: exit 2", async () => {
    expectUsageError(
      await run({ "p.csv": "SKU,Sku,channel,price\nA,B,web,1.00\n" }, prices("p.csv")),
      'p.csv: columns "SKU" and "Sku" could each be sku: map the one meant in "columns"',
    );
    expectUsageError(
      await run({ "p.csv": "sku,channel,PRICE,price\nA,web,1.00,2.00\n" }, prices("p.csv", { columns: { price: "Price" } })),
      'p.csv: columns "PRICE" and "price" could each be price: map the one meant in "columns"',
    );
  });
});

describe("F47 a U+FFFD written in a feed (EF BF BD) is a character; only bytes that are not UTF-8 are invalid UTF-8", () => {
  /** Bytes of text (as UTF-8) and of raw bytes, in order. */
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
  const R = "\uFFFD";
  const INVALID = (shown: string) =>
    `invalid UTF-8 in ${JSON.stringify(shown)} (shown as ${R}): if the file is latin1 or windows-1252, set the feed's "encoding"`;
  const xmlFeed = (...items: string[]) => `<rss version="2.0"><channel>${items.map((i) => `<item>${i}</item>`).join("")}</channel></rss>`;
  const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const sheetRow = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join("")}</row>`;
  const XLSX_HEADER = sheetRow(1, inline("A1", "sku"), inline("B1", "channel"), inline("C1", "price"), inline("D1", `nota${R}`));
  /** A workbook whose sheet (and shared strings, if given) are these bytes, between the parts' usual start and end. */
  const workbook = (rows: Buffer, strings?: Buffer) =>
    xlsxBytes("", [
      { name: "xl/worksheets/sheet1.xml", data: Buffer.concat([Buffer.from(SHEET_HEAD), rows, Buffer.from(SHEET_TAIL)]) },
      ...(strings === undefined
        ? []
        : [
            {
              name: "xl/sharedStrings.xml",
              data: Buffer.concat([
                Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'),
                strings,
                Buffer.from("</sst>"),
              ]),
            },
          ]),
    ]);

  it("F47 in a header, a key, a free-text cell and a mapped column's name, in every text format, gzipped or not: read as written", async () => {
    const cases: [string, Buffer][] = [
      ["p.csv", bytes(`sku,channel,prezzo${R},nota${R}\nA${R}1,web,1.00,caff${R}\n${R},web,2.00,${R}\n`)],
      ["p.tsv", bytes(`sku\tchannel\tprezzo${R}\tnota${R}\nA${R}1\tweb\t1.00\tcaff${R}\n${R}\tweb\t2.00\t${R}\n`)],
      // Raw, and escaped as JSON may write it.
      [
        "p.json",
        bytes(
          `[{"sku":"A${R}1","channel":"web","prezzo${R}":"1.00","nota${R}":"caff\\ufffd"},{"sku":"\\uFFFD","channel":"web","prezzo\\ufffd":2,"nota${R}":["${R}"]}]`,
        ),
      ],
      [
        "p.jsonl",
        bytes(
          `{"sku":"A${R}1","channel":"web","prezzo${R}":"1.00","nota${R}":"caff${R}"}\n{"sku":"${R}","channel":"web","prezzo${R}":"2.00"}\n`,
        ),
      ],
      [
        "p.xml",
        bytes(
          xmlFeed(
            `<sku>A${R}1</sku><channel>web</channel><prezzo${R}>1.00</prezzo${R}><nota${R} lang="it${R}">caff${R}</nota${R}>`,
            `<sku><![CDATA[${R}]]></sku><channel>web</channel><prezzo${R}>2.00</prezzo${R}>`,
          ),
        ),
      ],
      // Inline strings, a shared string, and Excel's escape of the character (_xFFFD_).
      [
        "p.xlsx",
        workbook(
          bytes(
            sheetRow(1, inline("A1", "sku"), inline("B1", "channel"), inline("C1", `prezzo${R}`), inline("D1", "nota_xFFFD_")),
            sheetRow(2, inline("A2", `A${R}1`), inline("B2", "web"), '<c r="C2"><v>1</v></c>', '<c r="D2" t="s"><v>0</v></c>'),
            sheetRow(3, inline("A3", "_xFFFD_"), inline("B3", "web"), inline("C3", "2.00")),
          ),
          bytes(`<si><t>caff${R}</t></si>`),
        ),
      ],
    ];
    for (const [name, content] of cases) {
      for (const gzip of [false, true]) {
        const file = gzip ? `${name}.gz` : name;
        const r = await feed(file, gzip ? gzipSync(content) : content, { columns: { price: `prezzo${R}` } });
        expect(r.invalid, file).toEqual([]);
        expect(r.rows, file).toEqual({ read: 2, accepted: 2, rejected: 0 });
      }
    }
    // The skus are the text written: a finding names "A\uFFFD1", as a sku "A1" would be named.
    const r = await feed("p.csv", bytes(`${HEADER}A${R}1,web,0\n`), {}, { rules: ["price/non-positive"] });
    expect(r.report.findings.map((f) => f.sku)).toEqual([`A${R}1`]);
  });

  it("F47 beside bytes that are not UTF-8: the row is rejected as before, naming the cell that holds them, not one holding a U+FFFD", async () => {
    // A U+FFFD written and an invalid byte in one cell: both shown as U+FFFD, as the finding's sku.
    const oneCell = await feed("p.csv", bytes(`${HEADER}A${R}`, [0xff], `,web,1.00\nB,web,2.00\n`));
    expect(oneCell.invalid).toEqual([`p.csv:2:1 (sku): ${INVALID(`A${R}${R}`)}`]);
    expect(oneCell.codes).toEqual(["invalid_utf8"]);
    expect(oneCell.report.findings.map((f) => f.sku)).toEqual([`A${R}${R}`]);
    expect(oneCell.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
    // A U+FFFD in the sku, the invalid byte in a later cell: that cell is named.
    const cases: [string, Buffer, string][] = [
      ["p.csv", bytes(`sku,channel,price,nota\nA${R},web,1.00,caff`, [0xe8], "\n"), "p.csv:2:4 (nota)"],
      ["p.json", bytes(`[{"sku":"A${R}","channel":"web","price":"1.00","nota":["x${R}","caff`, [0xe8], `"]}]`), "p.json:1:4 (nota)"],
      ["p.jsonl", bytes(`{"sku":"A\\ufffd","channel":"web","price":"1.00","nota":"caff`, [0xe8], `"}\n`), "p.jsonl:1:4 (nota)"],
      [
        "p.xml",
        bytes(
          `<rss><channel><item><sku>A${R}</sku><channel>web</channel><price>1.00</price><nota>caff`,
          [0xe8],
          "</nota></item></channel></rss>",
        ),
        "p.xml:1:4 (nota)",
      ],
      [
        "p.xlsx",
        workbook(
          bytes(
            sheetRow(1, inline("A1", "sku"), inline("B1", "channel"), inline("C1", "price"), inline("D1", "nota")),
            sheetRow(2, inline("A2", `A${R}`), inline("B2", "web"), inline("C2", "1.00"), '<c r="D2" t="s"><v>0</v></c>'),
          ),
          bytes("<si><t>caff", [0xe8], "</t></si>"),
        ),
        "p.xlsx:2:4 (nota)",
      ],
    ];
    for (const [name, content, where] of cases) {
      const r = await feed(name, content);
      expect(r.invalid, name).toEqual([`${where}: ${INVALID(`caff${R}`)}`]);
      expect(
        r.report.findings.map((f) => f.sku),
        name,
      ).toEqual([`A${R}`]);
    }
    // An attribute's value, an inline string: as any other cell.
    const attribute = await feed(
      "p.xml",
      bytes(`<rss><channel><item><sku>A</sku><channel>web</channel><price cur="E`, [0xff], `">1.00</price></item></channel></rss>`),
    );
    expect(attribute.invalid).toEqual([`p.xml:1:4 (price@cur): ${INVALID(`E${R}`)}`]);
    const inlined = await feed(
      "p.xlsx",
      workbook(
        bytes(
          XLSX_HEADER,
          sheetRow(2, inline("A2", "A"), inline("B2", "web"), inline("C2", "1.00"), inline("D2", R)),
          `<row r="3">${inline("A3", "B")}${inline("B3", "web")}${inline("C3", "1.00")}<c r="D3" t="inlineStr"><is><t>x`,
          [0xc3],
          "</t></is></c></row>",
        ),
      ),
    );
    expect(inlined.invalid).toEqual([`p.xlsx:3:4 (nota${R}): ${INVALID(`x${R}`)}`]);
    expect(inlined.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("F47 bytes that are not UTF-8 where nothing is read (a comment, a column ignoreColumns lists) reject nothing, as before", async () => {
    const xml = await feed(
      "p.xml",
      bytes(
        "<rss><channel><item><!-- caff",
        [0xe8],
        " --><sku>A</sku><channel>web</channel><price>1.00</price><nota>caff",
        [0xe8],
        "</nota></item></channel></rss>",
      ),
      { ignoreColumns: ["nota"] },
    );
    expect(xml.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
    const json = await feed("p.jsonl", bytes('{"sku":"A","channel":"web","price":"1.00","nota":"caff', [0xe8], '"}\n'), {
      ignoreColumns: ["nota"],
    });
    expect(json.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("F47 a U+FFFD or an invalid sequence cut by a read (1 MiB), after a BOM: the character is read whole, the bytes are still invalid", async () => {
    // A BOM, a header, and a row whose last cell pads the file so that the next row's second byte is the first of the second read.
    const start = bytes([0xef, 0xbb, 0xbf], "sku,channel,price,nota\nP,web,1.00,");
    const cut = (first: number, rest: number[]) =>
      Buffer.concat([start, Buffer.from("x".repeat((1 << 20) - start.length - 3)), bytes("\nA", [first]), bytes(rest, ",web,1.00,x\n")]);
    const written = cut(0xef, [0xbf, 0xbd]);
    expect(written.indexOf(Buffer.from([0xbf, 0xbd]))).toBe(1 << 20);
    const good = await feed("p.csv", written);
    expect(good.invalid).toEqual([]);
    expect(good.rows).toEqual({ read: 2, accepted: 2, rejected: 0 });
    // E2 82 is the start of "€" (E2 82 AC): cut, then not continued, it is one invalid sequence.
    const bad = await feed("p.csv", cut(0xe2, [0x82]));
    expect(bad.invalid).toEqual([`p.csv:3:1 (sku): ${INVALID(`A${R}`)}`]);
    expect(bad.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("F47 an XML element or attribute whose name holds bytes that are not UTF-8: exit 2, naming the name (no record can be read without its names)", async () => {
    const item = "<rss><channel><item><sku>A</sku><channel>web</channel><price>1.00</price>";
    expectUsageError(
      await run({ "p.xml": bytes(item, "<disponibilit", [0xe0], ">1</disponibilit", [0xe0], "></item></channel></rss>") }, prices("p.xml")),
      `p.xml: the XML is not well-formed at line 1, column 87, in a name: ${INVALID(`disponibilit${R}`)}`,
    );
    expectUsageError(
      await run({ "p.xml": bytes(item, "<nota l", [0xe0], 'ngua="it">1</nota></item></channel></rss>') }, prices("p.xml")),
      `p.xml: the XML is not well-formed at line 1, column 81, in a name: ${INVALID(`l${R}`)}`,
    );
  });

  it("F47 an escape of a lone surrogate (JSON \\udffd, Excel _xDFFD_) is no invalid UTF-8: a key holding it is refused as one (K class)", async () => {
    const reason =
      '"A\\udffd" holds U+DFFD, half of a surrogate pair without the other half, which is no character: it would make a key that prints like another (as \ufffd); remove it';
    const json = await feed("p.jsonl", '{"sku":"A\\udffd","channel":"web","price":"1.00"}\n');
    expect(json.invalid).toEqual([`p.jsonl:1:1 (sku): ${reason}`]);
    const xlsx = await feed(
      "p.xlsx",
      workbook(bytes(XLSX_HEADER, sheetRow(2, inline("A2", "A_xDFFD_"), inline("B2", "web"), inline("C2", "1.00")))),
    );
    expect(xlsx.invalid).toEqual([`p.xlsx:2:1 (sku): ${reason}`]);
  });

  it("F49 bytes that are not UTF-8 in an XLSX cell's number, boolean or type, or a row's or cell's reference: invalid UTF-8, shown as U+FFFD", async () => {
    const cases: [string, Buffer, string][] = [
      // A number, a boolean, a type: the cell's column is named.
      [
        "a number",
        bytes(inline("A2", "A"), inline("B2", "web"), '<c r="C2"><v>1', [0xff], "</v></c>"),
        `p.xlsx:2:3 (price): ${INVALID(`1${R}`)}`,
      ],
      [
        "a boolean",
        bytes(inline("A2", "A"), inline("B2", "web"), '<c r="C2" t="b"><v>', [0xff], "</v></c>"),
        `p.xlsx:2:3 (price): ${INVALID(R)}`,
      ],
      [
        "a type",
        bytes(inline("A2", "A"), inline("B2", "web"), '<c r="C2" t="x', [0xff], '"><v>1</v></c>'),
        `p.xlsx:2:3 (price): ${INVALID(`x${R}`)}`,
      ],
      // A cell's reference: the row.
      [
        "a cell reference",
        bytes(inline("A2", "A"), inline("B2", "web"), '<c r="C', [0xff], '2"><v>1</v></c>'),
        `p.xlsx:2: ${INVALID(`C${R}2`)}`,
      ],
    ];
    for (const [what, cells, message] of cases) {
      const r = await feed("p.xlsx", workbook(Buffer.concat([bytes(XLSX_HEADER, '<row r="2">'), cells, bytes("</row>")])));
      expect(r.invalid, what).toEqual([message]);
      expect(r.codes, what).toEqual(["invalid_utf8"]);
    }
    // A row's number: that row, told by the row before it.
    const rowNumber = await feed(
      "p.xlsx",
      workbook(bytes(XLSX_HEADER, '<row r="2', [0xff], '">', inline("A2", "A"), inline("B2", "web"), inline("C2", "1"), "</row>")),
    );
    expect(rowNumber.invalid).toEqual([`p.xlsx:2: ${INVALID(`2${R}`)}`]);
  });

  it("F48 a character beyond U+FFFF whose second half is U+DFFD (a skin tone, U+1F3FD) is read as written, in every text format; beside bytes that are not UTF-8 it stays whole", async () => {
    // U+1F3FD (the pair D83C DFFD), U+1D7FD and U+20BFD: the second half is the code unit the
    // decoder marks bytes that are not UTF-8 with, alone.
    for (const c of ["\u{1F3FD}", "\u{1D7FD}", "\u{20BFD}"]) {
      const cases: [string, Buffer][] = [
        ["p.csv", bytes(`sku,channel,prezzo${c}\nA${c},web,1.00\n`)],
        ["p.tsv", bytes(`sku\tchannel\tprezzo${c}\nA${c}\tweb\t1.00\n`)],
        ["p.json", bytes(`[{"sku":"A${c}","channel":"web","prezzo${c}":"1.00"}]`)],
        ["p.jsonl", bytes(`{"sku":"A${c}","channel":"web","prezzo${c}":"1.00"}\n`)],
        ["p.xml", bytes(xmlFeed(`<sku>A${c}</sku><channel>web</channel><prezzo${c}>1.00</prezzo${c}>`))],
        [
          "p.xlsx",
          workbook(
            bytes(
              sheetRow(1, inline("A1", "sku"), inline("B1", "channel"), '<c r="C1" t="s"><v>0</v></c>'),
              sheetRow(2, inline("A2", `A${c}`), inline("B2", "web"), inline("C2", "1.00")),
            ),
            bytes(`<si><t>prezzo${c}</t></si>`),
          ),
        ],
      ];
      for (const [name, content] of cases) {
        for (const gzip of [false, true]) {
          const file = gzip ? `${name}.gz` : name;
          const r = await feed(
            file,
            gzip ? gzipSync(content) : content,
            { columns: { price: `prezzo${c}` } },
            { rules: ["price/non-positive"] },
          );
          expect(r.invalid, file).toEqual([]);
          expect(r.rows, file).toEqual({ read: 1, accepted: 1, rejected: 0 });
        }
      }
    }
    // Beside an invalid byte, in one cell: the character whole, the byte shown as U+FFFD.
    const beside = await feed("p.csv", bytes(`${HEADER}A\u{1F3FD}`, [0xe8], `,web,1.00\n`));
    expect(beside.invalid).toEqual([`p.csv:2:1 (sku): ${INVALID(`A\u{1F3FD}${R}`)}`]);
    expect(beside.report.findings.map((f) => f.sku)).toEqual([`A\u{1F3FD}${R}`]);
  });
});

describe("M: amounts", () => {
  it("M01 NaN, Infinity and exponents are not amounts", async () => {
    const r = await feed("p.csv", `${HEADER}A,web,NaN\nB,web,Infinity\nC,web,1e309\nD,web,1e3\n`);
    expect(r.invalid).toEqual([
      'p.csv:2:3 (price): "NaN" is not an amount (unexpected "N")',
      'p.csv:3:3 (price): "Infinity" is not an amount (unexpected "I")',
      'p.csv:4:3 (price): "1e309" is not an amount (unexpected "e")',
      'p.csv:5:3 (price): "1e3" is not an amount (unexpected "e")',
    ]);
    expect(r.codes).toEqual(["not_an_amount", "not_an_amount", "not_an_amount", "not_an_amount"]);
    expect(r.rows).toEqual({ read: 4, accepted: 0, rejected: 4 });
  });

  it("M02 -0 and -0.00 are zero: accepted, and price/non-positive reports them", async () => {
    const r = await feed("p.csv", `${HEADER}A,web,-0\nB,web,-0.00\n`);
    expect(r.rows).toEqual({ read: 2, accepted: 2, rejected: 0 });
    expect(r.report.findings.map((f) => [f.rule, f.sku, f.values["price"]])).toEqual([
      ["price/non-positive", "A", "0.00"],
      ["price/non-positive", "B", "0.00"],
    ]);
  });

  it("M03 more than 6 decimals, and amounts beyond 2^53 millionths, are refused", async () => {
    const r = await feed("p.csv", `${HEADER}A,web,1.0000001\nB,web,9007199255\nC,web,9007199254.740991\n`);
    expect(r.invalid).toEqual(['p.csv:2:3 (price): "1.0000001" has more than 6 decimals', 'p.csv:3:3 (price): "9007199255" is too large']);
    expect(r.codes).toEqual(["too_many_decimals", "amount_too_large"]);
    expect(r.rows).toEqual({ read: 3, accepted: 1, rejected: 2 });
  });

  it("M04 thousands-vs-decimal ambiguity is refused, never guessed", async () => {
    const r = await feed("p.csv", `${HEADER}A,web,"1,234"\nB,web,"1,234.56"\nC,web,1.234\n`);
    expect(r.invalid).toEqual([
      `p.csv:2:3 (price): "1,234" is ambiguous: "," may be a decimal or a thousands separator; set the feed's "decimal" and "thousands"`,
    ]);
    expect(r.codes).toEqual(["ambiguous_amount"]);
    expect(r.rows).toEqual({ read: 3, accepted: 2, rejected: 1 });
    const declared = await feed("p.csv", `${HEADER}A,web,"1,234"\n`, { thousands: "," });
    expect(declared.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("M05 an unknown currency, in the currency column or in the cell, rejects the row", async () => {
    const r = await feed("p.csv", `sku,channel,price,currency\nA,web,1.00,XYZ\nB,web,1.00 XYZ,\n`);
    expect(r.invalid).toEqual([
      'p.csv:2:4 (currency): "XYZ" is not an ISO 4217 currency code',
      'p.csv:3:3 (price): unknown currency code "XYZ"',
    ]);
    expect(r.codes).toEqual(["unknown_currency", "unknown_currency"]);
  });

  it("M27 a currency word longer than a code is named whole, not as its last three letters", async () => {
    const r = await feed("p.csv", `sku,channel,price\nA,web,15.00 EURO\nB,web,EURO 15.00\nC,web,15.00 EUR\n`);
    expect(r.invalid).toEqual([
      `p.csv:2:3 (price): "EURO" is not a currency code: write its ISO 4217 code, EUR`,
      `p.csv:3:3 (price): "EURO" is not a currency code: write its ISO 4217 code, EUR`,
    ]);
    expect(r.codes).toEqual(["unknown_currency", "unknown_currency"]);
    expect(r.rows).toEqual({ read: 3, accepted: 1, rejected: 2 });
  });

  it("M33 a currency written as its name or its sign in words (Euro, euro, kr, Dollars) is named, with the code to write; a code in mixed case is read", async () => {
    const rows = ["A,EUR,15.00 Euro", "B,EUR,Euro 15.00", "C,EUR,15.00 euro", "D,SEK,99 kr", "E,USD,15.00 Dollars", "F,EUR,15.00 Eur"];
    const r = await feed("p.csv", `sku,channel,currency,price\n${rows.map((row) => row.replace(",", ",web,")).join("\n")}\n`);
    expect(r.invalid).toEqual([
      'p.csv:2:4 (price): "Euro" is not a currency code: write its ISO 4217 code, EUR',
      'p.csv:3:4 (price): "Euro" is not a currency code: write its ISO 4217 code, EUR',
      'p.csv:4:4 (price): "euro" is not a currency code: write its ISO 4217 code, EUR',
      'p.csv:5:4 (price): "kr" is not a currency code, and may be any of SEK, NOK, DKK, ISK: write the ISO 4217 code of the one meant',
      'p.csv:6:4 (price): "Dollars" is not a currency code, and may be any of USD, HKD, CAD, AUD, NZD, SGD, MXN, ARS, CLP, COP, TWD: write the ISO 4217 code of the one meant',
    ]);
    expect(r.codes).toEqual(Array(5).fill("unknown_currency"));
    // F's "Eur" is EUR, as "eur" is.
    expect(r.rows).toEqual({ read: 6, accepted: 1, rejected: 5 });
  });

  it("M34 an amount holding a control character shows it escaped, and a C1 one (windows-1252 read as latin1) says which encoding to set", async () => {
    const r = await feed("p.csv", "sku;channel;currency;price\nW1;web;EUR;\u0080 12,50\nW2;web;EUR;12\u0007,50\n", {
      delimiter: ";",
      decimal: ",",
    });
    expect(r.invalid).toEqual([
      'p.csv:2:4 (price): "\\u0080 12,50" is not an amount (unexpected "\\u0080"); it holds U+0080, a control character no text has: a windows-1252 file read as latin1 has them where it writes € (0x80) and other signs, so set the feed\'s "encoding" to "windows-1252"',
      'p.csv:3:4 (price): "12\\u0007,50" is not an amount (unexpected "\\u0007")',
    ]);
  });

  it("M06 a currency symbol that contradicts the currency column rejects the row", async () => {
    const r = await feed("p.csv", `sku,channel,price,currency\nA,web,€ 1.00,USD\n`);
    expect(r.invalid).toEqual(["p.csv:2:4 (currency): the amounts are written in EUR but the currency is USD"]);
    expect(r.codes).toEqual(["currency_mismatch"]);
  });

  it("M11 a symbol several currencies use ($) beside one that says which (US$): the row's currency is what every cell can mean, in either column order", async () => {
    const both = "sku,channel,currency,price,sale_price\nA,web,CAD,US$10.00,$8.00\nB,web,CAD,$10.00,US$8.00\n";
    const r = await feed("p.csv", both);
    expect(r.invalid).toEqual([
      "p.csv:2:3 (currency): the amounts are written in USD but the currency is CAD",
      "p.csv:3:3 (currency): the amounts are written in USD but the currency is CAD",
    ]);
    expect(r.rows).toEqual({ read: 2, accepted: 0, rejected: 2 });
    // Without a currency column, the row is in USD whichever column comes first.
    const bare = await feed(
      "p.csv",
      "sku,channel,price,sale_price\nA,web,US$10.00,$8.00\nB,web,$10.00,US$8.00\n",
      {},
      {
        currency: "CAD",
        rules: ["price/currency-mismatch"],
      },
    );
    expect(bare.rows).toEqual({ read: 2, accepted: 2, rejected: 0 });
    expect(bare.report.findings.map((f) => [f.sku, f.values["currency"], f.values["expectedCurrency"]])).toEqual([
      ["A", "USD", "CAD"],
      ["B", "USD", "CAD"],
    ]);
  });

  it("M12 a first group with a leading zero (0.859 with a dot grouping thousands, 0 859, 00,500): refused, not read as 859", async () => {
    const r = await feed("p.csv", "sku;channel;price\nA;web;0.859\nB;web;00.500\nC;web;1.859\nD;web;0,859\n", {
      delimiter: ";",
      decimal: ",",
      thousands: ".",
    });
    expect(r.invalid).toEqual([
      'p.csv:2:3 (price): "0.859" does not fit this feed\'s number format (decimal ",", grouping ".")',
      'p.csv:3:3 (price): "00.500" does not fit this feed\'s number format (decimal ",", grouping ".")',
    ]);
    expect(r.rows).toEqual({ read: 4, accepted: 2, rejected: 2 });
    const spaces = await feed("p.csv", "sku;channel;price\nA;web;0 859\n", { delimiter: ";", decimal: ",", thousands: " " });
    expect(spaces.codes).toEqual(["wrong_number_format"]);
  });

  it("M13 a promotion's amounts in another currency than its own, a symbol several currencies use beside no currency, money in no currency at all: row rejected", async () => {
    const promo = (p: Record<string, unknown>) => ({
      promo_id: "P",
      type: "percent_off",
      value: "10",
      channels: "web",
      skus: "A",
      start: "2026-11-01",
      end: "2026-11-30",
      ...p,
    });
    const messages = async (currency: string | null, p: Record<string, unknown>) => {
      const config = { timezone: "UTC", ...(currency === null ? {} : { currency }), rules: ["price/non-positive"] };
      const prices = [{ sku: "A", channel: "web", price: "30.00", currency: "EUR" }];
      const report = await check({ ...config, feeds: { prices, promotions: [promo(p)] } } as never, {
        at: new Date("2026-11-20T12:00:00Z"),
      });
      expect(report.summary.rows.read).toBe(report.summary.rows.accepted + report.summary.rows.rejected);
      return report.findings.map((f) => f.message);
    };
    expect(await messages("EUR", { currency: "EUR", reference_price: "US$25.00" })).toEqual([
      "(promotions):1:8 (currency): the amounts are written in USD but the currency is EUR",
    ]);
    expect(await messages("EUR", { reference_price: "$25.00" })).toEqual([
      "(promotions):1: the amounts' currency symbol may mean USD/HKD/CAD/AUD/NZD/SGD/MXN/ARS/CLP/COP/TWD: give the promotion's currency",
    ]);
    expect(await messages(null, { type: "amount_off", value: "5" })).toEqual([
      "(promotions):1: amount_off takes an amount, and the promotion names no currency, nor does the config: give its currency",
    ]);
    expect(await messages(null, { reference_price: "25.00" })).toEqual([
      "(promotions):1: its reference_price is an amount, and the promotion names no currency, nor does the config: give its currency",
    ]);
    // A percentage with no money applies in any currency; a symbol that says one currency is the promotion's.
    expect(await messages(null, {})).toEqual([]);
    expect(await messages("EUR", { reference_price: "US$25.00" })).toEqual([]);
  });

  it("M14 a catalogue's cost or map_price with no currency in the config: row rejected, where below-cost and below-map compared it with nothing", async () => {
    const catalogue = "sku,title,cost,map_price\nA,a,5.00,\nB,b,,\nC,c,,9.00\n";
    const r = await run(
      { "p.csv": "sku,channel,currency,price\nA,store,EUR,4.00\nB,store,EUR,4.00\nC,store,EUR,4.00\n", "cat.csv": catalogue },
      {
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "catalogue", path: "cat.csv" },
        ],
        rules: ["price/below-cost", "price/below-map"],
      },
    );
    // B has no amount, so nothing is lost by the missing currency: it is accepted.
    expect(r.report?.findings.map((f) => f.message)).toStrictEqual([
      'cat.csv:2:3 (cost): cost is an amount in the config\'s currency, and the config sets none: set its "currency"',
      'cat.csv:4:4 (map_price): map_price is an amount in the config\'s currency, and the config sets none: set its "currency"',
    ]);
    expect(r.report?.summary.feeds.find((f) => f.file === "cat.csv")).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
  });

  it("P07 two channels' prices on different tax bases (click-and-collect without tax, the store with it): never compared, as two currencies are not", async () => {
    const prices =
      "sku,channel,location,price,tax_included\n" +
      // 10.00 without tax is 12.20 with 22 % VAT: not below the store's 11.00, nor knowably above it.
      "A,click_collect,S1,10.00,false\nA,store,S1,11.00,true\n" +
      // Without tax 12.00 against 11.00 with it reads as above, and may be below once VAT is added.
      "B,click_collect,S1,12.00,false\nB,store,S1,11.00,true\n" +
      // Both with tax: compared.
      "C,click_collect,S1,12.00,true\nC,store,S1,11.00,\n" +
      // Both without: compared too.
      "D,click_collect,S1,12.00,no\nD,store,S1,11.00,no\n";
    const r = await run(
      { "p.csv": prices },
      { currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["channel/click-collect-above-store"] },
    );
    expect(r.report?.findings.map((f) => `${f.rule} ${f.sku} ${f.location}`)).toStrictEqual([
      "channel/click-collect-above-store C S1",
      "channel/click-collect-above-store D S1",
    ]);
  });

  it("M07 JSON numbers are judged by the digits written: beyond any amount (1e309) refused, 8999999999.999999 exact, 0.30000000000000004 too many decimals", async () => {
    const text =
      '[{"sku":"A","channel":"web","price":1e309},\n{"sku":"B","channel":"web","price":8999999999.999999,"sale_price":0},\n{"sku":"C","channel":"web","price":0.30000000000000004}]';
    const r = await feed("p.json", text, {}, { rules: ["price/non-positive"] });
    expect(r.invalid).toEqual([
      'p.json:1:3 (price): field "price" holds the number 1e309, beyond any amount or key (written out, it has 310 characters); write it as a string',
      'p.json:3:3 (price): "0.30000000000000004" has more than 6 decimals',
    ]);
    expect(r.codes).toEqual(["inexact_number", "too_many_decimals"]);
    // 8999999999.999999 is below 2^53 millionths: read exactly, where a double made it 8999999999.999998.
    expect(r.report.findings.find((f) => f.rule === "price/non-positive")?.values["price"]).toBe("8999999999.999999");
  });

  it("M08 JSON numbers in exponent form are numbers: 1e3 is 1000", async () => {
    const r = await feed("p.json", '[{"sku":"A","channel":"web","price":1e3,"sale_price":0}]');
    expect(r.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(r.report.findings.find((f) => f.rule === "price/non-positive")?.values["price"]).toBe("1000.00");
  });
});

describe("T: dates and times", () => {
  const onSale = {
    id: "house/on-sale",
    description: "on sale at the instant",
    severity: "info",
    scope: "offer",
    conditions: { all: [{ fact: "onSale", operator: "equal", value: true }] },
  };
  const windowed = `sku,channel,price,sale_price,sale_start,sale_end\n`;

  it("T01 2026-02-30 is not a calendar date: the row is rejected", async () => {
    const r = await feed("p.csv", `${windowed}A,web,2.00,1.00,2026-02-30,2026-03-10\n`);
    expect(r.invalid).toEqual(['p.csv:2:5 (sale_start): "2026-02-30" is not a calendar date']);
    expect(r.codes).toEqual(["invalid_date"]);
  });

  it("T02 24:61 is not a time of day: the row is rejected", async () => {
    const r = await feed("p.csv", `${windowed}A,web,2.00,1.00,2026-02-01T24:61,2026-03-10\n`);
    expect(r.invalid).toEqual(['p.csv:2:5 (sale_start): "2026-02-01T24:61" is not a valid time of day']);
    expect(r.codes).toEqual(["invalid_time"]);
  });

  it("T03 a window without offsets is wall-clock time in the feed's zone, else the config's", async () => {
    const csv = `${windowed}A,web,2.00,1.00,2026-11-20T13:00,2026-11-20T14:00\n`;
    // 13:00 in Rome is 12:00Z, the checked instant: on sale.
    const rome = await feed("p.csv", csv, {}, { rules: [onSale] });
    expect(rome.report.findings.map((f) => f.rule)).toEqual(["house/on-sale"]);
    // 13:00 in New York is 18:00Z: not yet.
    const ny = await feed("p.csv", csv, { timezone: "America/New_York" }, { rules: [onSale] });
    expect(ny.report.findings).toEqual([]);
  });

  it("T04 an offset beyond ±18:00 or with 60+ minutes is refused", async () => {
    const r = await feed(
      "p.csv",
      `${windowed}A,web,2.00,1.00,2026-11-01T00:00+25:00,2026-12-01\nB,web,2.00,1.00,2026-11-01T00:00+02:99,2026-12-01\n`,
    );
    expect(r.invalid).toEqual([
      'p.csv:2:5 (sale_start): "2026-11-01T00:00+25:00" has an invalid UTC offset "+25:00" (from -18:00 to +18:00)',
      'p.csv:3:5 (sale_start): "2026-11-01T00:00+02:99" has an invalid UTC offset "+02:99" (from -18:00 to +18:00)',
    ]);
    expect(r.codes).toEqual(["invalid_utc_offset", "invalid_utc_offset"]);
  });

  it("T05 years 0000-0099 are those years, not 1900-1999", async () => {
    const ancient = {
      id: "house/ancient-sale",
      description: "a sale window from before the year 1000",
      severity: "info",
      scope: "offer",
      conditions: { all: [{ fact: "saleStart", operator: "lessThan", value: "1000-01-01T00:00:00Z" }] },
    };
    const r = await feed("p.csv", `${windowed}A,web,2.00,1.00,0026-01-01,2027-01-01\n`, {}, { timezone: "UTC", rules: [ancient] });
    expect(r.report.findings.map((f) => [f.rule, f.values["saleStart"]])).toEqual([["house/ancient-sale", "0026-01-01T00:00:00.000Z"]]);
  });

  it("T06 a date with an offset but no time of day is refused", async () => {
    const r = await feed("p.csv", `${windowed}A,web,2.00,1.00,2026-11-01+01:00,2026-12-01\n`);
    expect(r.invalid).toEqual(['p.csv:2:5 (sale_start): "2026-11-01+01:00" has an offset but no time of day']);
    expect(r.codes).toEqual(["invalid_date"]);
  });

  it("T12 dates in a feed's own dateFormat: read in the feed's zone; a cell in another form, or no calendar date, rejects its row", async () => {
    const csv =
      `${windowed}A,web,2.00,1.00,20/11/2026 13:00,20/11/2026 14:00\n` +
      // The date alone is the whole day; ISO 8601 is still ISO 8601.
      `B,web,2.00,1.00,2026-11-20T13:00,20/11/2026\n` +
      // Month first by mistake: 20 is no month.
      `C,web,2.00,1.00,11/20/2026 13:00,21/11/2026\n` +
      `D,web,2.00,1.00,20.11.2026,21/11/2026\n`;
    const r = await feed("p.csv", csv, { dateFormat: "dd/MM/yyyy HH:mm" }, { rules: [onSale] });
    expect(r.invalid).toEqual([
      'p.csv:4:5 (sale_start): "11/20/2026 13:00" is not a calendar date (read as 2026-20-11T13:00)',
      'p.csv:5:5 (sale_start): "20.11.2026" is not written as the feed\'s dateFormat "dd/MM/yyyy HH:mm" (or two of them, start/end), nor in ISO 8601',
    ]);
    expect(r.codes).toEqual(["invalid_date", "invalid_date"]);
    expect(r.rows).toEqual({ read: 4, accepted: 2, rejected: 2 });
    // 13:00 in Rome is 12:00Z, the checked instant: A and B are on sale.
    expect(r.report.findings.filter((f) => f.rule === "house/on-sale").map((f) => f.sku)).toEqual(["A", "B"]);
    // In New York, 13:00 is 18:00Z: neither has begun.
    const ny = await feed("p.csv", csv, { dateFormat: "dd/MM/yyyy HH:mm", timezone: "America/New_York" }, { rules: [onSale] });
    expect(ny.report.findings.filter((f) => f.rule === "house/on-sale")).toEqual([]);
    // A zero-width space after a date is shown, not hidden in a text that looks right.
    const hidden = await feed("p.csv", `${windowed}A,web,2.00,1.00,20/11/2026 13:00\u200b,21/11/2026\n`, {
      dateFormat: "dd/MM/yyyy HH:mm",
    });
    expect(hidden.invalid).toEqual([
      `p.csv:2:5 (sale_start): "20/11/2026 13:00\\u200b" is not written as the feed's dateFormat "dd/MM/yyyy HH:mm" (or two of them, start/end), nor in ISO 8601`,
    ]);
    // Without a dateFormat such a date is refused, pointing to the setting.
    const plain = await feed("p.csv", `${windowed}A,web,2.00,1.00,20/11/2026 13:00,2026-11-21\n`);
    expect(plain.invalid).toEqual([
      `p.csv:2:5 (sale_start): "20/11/2026 13:00" is not an ISO 8601 date or date-time: for dates written day or month first, set the feed's dateFormat`,
    ]);
  });

  it("T16 a column giving both ends of a sale window holds one date: refused, not read as a one-day sale", async () => {
    // Google's sale_price_effective_date is start/end; 2026-11-20 alone was a sale of that day only.
    const csv = "sku,channel,price,sale_price,window\nA,web,20.00,15.00,2026-11-20\nB,web,20.00,15.00,2026-11-20/2026-11-30\n";
    const r = await feed("p.csv", csv, { columns: { sale_start: "window", sale_end: "window" } });
    expect(r.invalid).toStrictEqual([
      'p.csv:2:5 (window): "2026-11-20" is one date or time, where this column gives both sale_start and sale_end: write the window as start/end (a sale on that day only, or from that day on, is not known)',
    ]);
    expect(r.codes).toStrictEqual(["invalid_date"]);
    expect(r.rows).toStrictEqual({ read: 2, accepted: 1, rejected: 1 });
    // The ends written with a comma or white space between them are a window too (docs/feeds.md).
    const ends = ["2026-11-20T10:00:00Z 2026-11-30T10:00:00Z", '"2026-11-20T10:00:00Z,2026-11-30T10:00:00Z"', "2026-11-20 2026-11-30"];
    const spaced = await feed("p.csv", `sku,channel,price,sale_price,window\n${ends.map((e) => `A,web,20.00,15.00,${e}\n`).join("")}`, {
      columns: { sale_start: "window", sale_end: "window" },
    });
    expect(spaced.rows).toStrictEqual({ read: 3, accepted: 3, rejected: 0 });
    // Two columns holding one date each are a one-day sale, as written.
    const two = await feed("p.csv", "sku,channel,price,sale_price,sale_start,sale_end\nA,web,20.00,15.00,2026-11-20,2026-11-20\n");
    expect(two.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("T19 a time with digits below the millisecond: a window's end at 23:59:59.999999 meets the next day's start, and --at or a rule refuses such an instant", async () => {
    // A database's end of day: the store's promotion ends a microsecond before the web's, which
    // ends at midnight. Read to the millisecond, both hold at every millisecond up to 23:59:59.999
    // and neither after it: the channels agree over the whole window.
    const promotions =
      "promo_id,type,value,channels,skus,start,end,campaign\n" +
      "P1,percent_off,10,store,A,2026-11-01T00:00:00Z,2026-11-10T23:59:59.999999Z,C\n" +
      "P2,percent_off,10,web,A,2026-11-01T00:00:00.000000Z,2026-11-11T00:00:00Z,C\n";
    const files = { "p.csv": "sku,channel,price\nA,store,10.00\nA,web,10.00\n", "pr.csv": promotions };
    const config = (extra: Record<string, unknown> = {}) => ({
      timezone: "UTC",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "p.csv" },
        { kind: "promotions", path: "pr.csv" },
      ],
      ...extra,
    });
    const window = await run(files, config(), "pricelint.config.json", ["--from", "2026-11-09", "--to", "2026-11-12"]);
    expect(window.report!.findings.map((f) => f.rule)).toStrictEqual([]);
    expect(window.code).toBe(0);
    // A sale that starts a microsecond into a millisecond holds from the next one.
    const sale = "sku,channel,price,sale_price,sale_start\nA,web,10.00,8.00,2026-11-20T12:00:00.0001Z\n";
    for (const [at, effective] of [
      ["2026-11-20T12:00:00.000Z", "10.00"],
      ["2026-11-20T12:00:00.001Z", "8.00"],
    ] as const) {
      const r = await run(
        { "p.csv": sale, "h.json": leafRule({ fact: "effectivePrice", operator: "equal", value: effective }) },
        prices("p.csv", {}, { rules: ["h.json"] }),
        "pricelint.config.json",
        ["--at", at],
      );
      expect(
        r.report!.findings.map((f) => f.rule),
        at,
      ).toStrictEqual(["house/x"]);
    }
    // A point in time between two milliseconds is refused, on the command line and in a rule.
    expectUsageError(
      await run(files, config(), "pricelint.config.json", ["--at", "2026-11-10T23:59:59.9995Z"]),
      "--at 2026-11-10T23:59:59.9995Z: a check stands at a millisecond; write at most three decimals of a second",
    );
    // So is the instant the previous state is read at (before: rounded up to the next millisecond, said nowhere).
    expectUsageError(
      await run(files, config(), "pricelint.config.json", [
        "--at",
        "2026-11-11T00:00:00Z",
        "--previous",
        ".",
        "--previous-at",
        "2026-11-10T23:59:59.9995Z",
      ]),
      "--previous-at 2026-11-10T23:59:59.9995Z: a check stands at a millisecond; write at most three decimals of a second",
    );
    await refusedLeaves([
      [
        { fact: "saleEnd", operator: "lessThan", value: "2026-11-10T23:59:59.9995Z" },
        '$.conditions.all[0].value: "2026-11-10T23:59:59.9995Z" has digits below the millisecond; instants are compared to the millisecond',
      ],
    ]);
  });

  it("T21 a promotion over the date Samoa skipped in 2011 is 183 days from 1 July to 31 December: no promo/invalid-window", async () => {
    const files = {
      "p.csv": "sku,channel,currency,price\nA,web,EUR,10.00\n",
      "pr.csv":
        "promo_id,type,value,channels,skus,start,end\nP1,percent_off,10,web,A,2011-07-01,2011-12-31\nP2,percent_off,10,web,A,2011-07-01,2012-01-01\n",
    };
    const config = {
      timezone: "Pacific/Apia",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "p.csv" },
        { kind: "promotions", path: "pr.csv" },
      ],
      rules: ["promo/invalid-window"],
    };
    const outcome = await run(files, config, "pricelint.config.json", ["--at", "2011-06-01T00:00:00Z"]);
    // P1 holds the 183 dates from 1 July to 31 December but 30 December; P2 a day more, beyond the 183 allowed.
    expect(outcome.report!.findings.map((f) => [f.rule, f.promotion, f.values["durationDays"]])).toStrictEqual([
      ["promo/invalid-window", "P2", "184"],
    ]);
  });

  it("T22 a validity window whose ends read as one instant (a time the clocks skip, digits below the millisecond) says how they were read", async () => {
    // Lord Howe's clocks go from 02:00 to 02:30 on 4 October 2026 (+10:30 to +11): 02:10 is read as 02:40, the instant valid_to names.
    const csv =
      "sku,channel,location,currency,price,valid_from,valid_to\n" +
      "A,store,LH,AUD,1.00,2026-10-04T02:10,2026-10-04T02:40\n" +
      "B,store,LH,AUD,1.00,2026-10-10T00:00:00.0005Z,2026-10-10T00:00:00.0009Z\n";
    const outcome = await run(
      { "s.csv": "location,timezone\nLH,Australia/Lord_Howe\n", "p.csv": csv },
      {
        timezone: "UTC",
        currency: "AUD",
        feeds: [
          { kind: "stores", path: "s.csv" },
          { kind: "prices", path: "p.csv" },
        ],
      },
    );
    expect(invalidMessages(outcome.report!)).toStrictEqual([
      'p.csv:2:7 (valid_to): valid_to "2026-10-04T02:40" is not after valid_from "2026-10-04T02:10" (both read as 2026-10-03T15:40:00.000Z in Australia/Lord_Howe): the row would never hold',
      'p.csv:3:7 (valid_to): valid_to "2026-10-10T00:00:00.0009Z" is not after valid_from "2026-10-10T00:00:00.0005Z" (both read as 2026-10-10T00:00:00.001Z in Australia/Lord_Howe): the row would never hold',
    ]);
  });

  it("T08 a waiver that ends inside a --from/--to window waives the violation until its end only", async () => {
    // Web 2.00 against store 1.80 holds the whole window; the waiver covers it to the end of 25 November (Rome).
    const waivers = [{ rule: "channel/online-differs-from-store", sku: "A", until: "2026-11-25", reason: "price test" }];
    const files = { "s.csv": "location\nS1\n", "p.csv": "sku,channel,location,price\nA,store,S1,1.80\nA,web,,2.00\n" };
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "stores", path: "s.csv" },
        { kind: "prices", path: "p.csv" },
      ],
      rules: ["channel/online-differs-from-store"],
      waivers,
    };
    const dir = mkdtempSync(join(tmpdir(), "pricelint-bad-"));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    const window = ["--from", "2026-11-20", "--to", "2026-11-30", "--format", "json", "--fail-on", "warning", "--no-progress"];
    const { code, stdout } = await runCli(["check", "--config", join(dir, "c.json"), ...window]);
    const findings = (JSON.parse(stdout) as Report).findings;
    const intervals = findings.map((f) => [f.rule, f.interval, f.waived === null ? "open" : `waived until ${f.waived.until}`]);
    expect(intervals).toStrictEqual([
      // In time order (the order of intervals), not of the rows or waivers that made them.
      [
        "channel/online-differs-from-store",
        { from: "2026-11-19T23:00:00.000Z", to: "2026-11-25T23:00:00.000Z" },
        "waived until 2026-11-25",
      ],
      ["channel/online-differs-from-store", { from: "2026-11-25T23:00:00.000Z", to: "2026-11-30T23:00:00.000Z" }, "open"],
      // The waiver itself is reported from its end, though the rules select only the one rule.
      ["config/expired-waiver", { from: "2026-11-25T23:00:00.000Z", to: "2026-11-30T23:00:00.000Z" }, "open"],
    ]);
    // The part no waiver covers counts for --fail-on.
    expect(code).toBe(1);
  });

  it("T09 a price-history row in another currency is no part of an offer's history in its own", async () => {
    // The reduction from 10.00 EUR to 8.00 shows 10.00 as the prior price. In the 30 days before
    // 15 November the EUR history is 10.00 throughout; the USD row of 5.00 is another currency's.
    const files = {
      "p.csv": "sku,channel,price,sale_price,sale_start,sale_end,reference_price\nA,web,10.00,8.00,2026-11-15,2026-11-30,10.00\n",
      "h.csv": "sku,channel,valid_from,price,currency\nA,web,2026-10-01,10.00,EUR\nA,web,2026-10-20,5.00,USD\nA,web,2026-10-25,10.00,EUR\n",
    };
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "p.csv" },
        { kind: "price_history", path: "h.csv", priceInForce: "never" },
      ],
      rules: ["omnibus/prior-price"],
    };
    const usd = await run(files, config);
    expect(usd.report!.findings).toStrictEqual([]);
    // The same row in EUR is the lowest price of those 30 days: the prior price shown is not the lowest.
    const eur = await run({ ...files, "h.csv": files["h.csv"].replace("5.00,USD", "5.00,EUR") }, config);
    expect(eur.report!.findings.map((f) => f.rule)).toStrictEqual(["omnibus/prior-price"]);
  });

  it("T07 an unknown time zone in a stores feed rejects the store", async () => {
    const outcome = await run(
      { "s.csv": "location,timezone\nMI01,Mars/Olympus\nRM01,Europe/Rome\n", "p.csv": `${HEADER}A,web,1.00\n` },
      {
        currency: "EUR",
        feeds: [
          { kind: "stores", path: "s.csv" },
          { kind: "prices", path: "p.csv" },
        ],
      },
    );
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toEqual(['s.csv:2:2 (timezone): "Mars/Olympus" is not an IANA time zone']);
    expect(invalidCodes(outcome.report!)).toEqual(["unknown_time_zone"]);
  });
});

describe("J: JSON and JSON Lines feeds", () => {
  it("J01 __proto__ and constructor keys are ordinary columns, and Object.prototype stays clean", async () => {
    const text =
      '[{"sku":"A","channel":"web","price":"1","__proto__":"x","constructor":"c","prototype":"p"},\n{"sku":"B","channel":"web","price":"1","__proto__":{"polluted":"yes","isAdmin":true}}]';
    const r = await feed("p.json", text);
    expect(r.invalid).toEqual([
      'p.json:2:4 (__proto__): field "__proto__" holds a nested object; a field holds text, a number, a boolean or a list of those',
    ]);
    expect(r.codes).toEqual(["unsupported_value"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
    untouched();
  });

  it("J02 deeply nested JSON (100 000 levels) rejects its row, without recursion", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const r = await feed("p.json", `[{"sku":"A","channel":"web","price":"1","x":${deep}},\n{"sku":"B","channel":"web","price":"1"}]`);
    expect(r.invalid).toEqual([
      'p.json:1:4 (x): field "x" holds a nested list; a field holds text, a number, a boolean or a list of those',
    ]);
    expect(r.codes).toEqual(["unsupported_value"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("J03 JSON Lines with one bad line: only that line is rejected", async () => {
    const r = await feed("p.jsonl", '{"sku":"A","channel":"web","price":"1"}\n{"sku":"B",\n{"sku":"C","channel":"web","price":"1"}\n');
    expect(r.invalid).toEqual(["p.jsonl:2: invalid JSON: Expected double-quoted property name in JSON at position 11"]);
    expect(r.codes).toEqual(["invalid_json"]);
    expect(r.rows).toEqual({ read: 3, accepted: 2, rejected: 1 });
  });

  it("J04 a truncated JSON array: the complete elements are kept and the truncation is a rejected record", async () => {
    const r = await feed("p.json", '[\n{"sku":"A","channel":"web","price":"1"},\n{"sku":"B","chan');
    expect(r.invalid).toEqual(["p.json:3: the JSON array is not closed (truncated file?)"]);
    expect(r.codes).toEqual(["invalid_json"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("J05 a JSON feed that is an object, not an array: one rejected record says so", async () => {
    const r = await feed("p.json", '{"items":[{"sku":"A","channel":"web","price":"1"}]}');
    expect(r.invalid).toEqual([
      'p.json:1: a JSON feed must be an array of objects, and this one starts with an object: if it holds one object per line, it is JSON Lines (set the feed\'s "format" to "jsonl", or name the file .jsonl)',
    ]);
    expect(r.codes).toEqual(["not_a_json_array"]);
    // A CSV named .json: what it starts with, and the way out.
    const csv = await feed("p.json", "sku,channel,price\nA,web,1\n");
    expect(csv.invalid).toEqual([
      'p.json:1: a JSON feed must be an array of objects, and this one starts with "s", not "[": if it is another format, set the feed\'s "format" or name the file by its format',
    ]);
  });

  it("J06 an empty JSON file: one rejected record says so", async () => {
    const r = await feed("p.json", "");
    expect(r.invalid).toEqual(["p.json:1: empty JSON feed: expected an array of objects"]);
    expect(r.codes).toEqual(["not_a_json_array"]);
  });

  it("J07 elements that are not objects, and text after the closing ], are rejected one by one", async () => {
    const r = await feed("p.json", '[42, "x", null, {"sku":"A","channel":"web","price":"1"}]\noops');
    expect(r.invalid).toEqual([
      "p.json:1: expected a JSON object",
      "p.json:1: expected a JSON object",
      "p.json:1: expected a JSON object",
      "p.json:2: text after the closing ]",
    ]);
    expect(r.codes).toEqual(["not_an_object", "not_an_object", "not_an_object", "invalid_json"]);
  });

  it("J08 a JSON Lines line longer than the record limit is rejected without being kept", async () => {
    const r = await feed(
      "p.jsonl",
      `{"sku":"A","channel":"web","price":"1","t":"${"x".repeat(2 << 20)}"}\n{"sku":"B","channel":"web","price":"1"}\n`,
    );
    expect(r.invalid).toEqual(["p.jsonl:1: the line is longer than 1048576 characters, the limit of one record"]);
    expect(r.codes).toEqual(["record_too_long"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("J09 a JSON element longer than the record limit is rejected without being kept", async () => {
    const r = await feed(
      "p.json",
      `[{"sku":"A","channel":"web","price":"1","t":"${"x".repeat(2 << 20)}"},\n{"sku":"B","channel":"web","price":"1"}]`,
    );
    expect(r.invalid).toEqual(["p.json:1: the element is longer than 1048576 characters, the limit of one record"]);
    expect(r.codes).toEqual(["record_too_long"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("J10 more than 10 000 distinct keys: rows bringing new keys beyond that are rejected", async () => {
    const lines = Array.from({ length: 10_002 }, (_, i) => `{"sku":"S${i}","channel":"web","price":"1","k${i}":1}`);
    const r = await feed("p.jsonl", lines.join("\n"));
    // sku, channel and price are 3 keys: k0…k9996 fill the 10 000. Findings are in sku order.
    expect(r.invalid).toEqual([
      'p.jsonl:10001: the feed has more than 10000 distinct keys; "k10000" is one too many',
      'p.jsonl:10002: the feed has more than 10000 distinct keys; "k10001" is one too many',
      'p.jsonl:9998: the feed has more than 10000 distinct keys; "k9997" is one too many',
      'p.jsonl:9999: the feed has more than 10000 distinct keys; "k9998" is one too many',
      'p.jsonl:10000: the feed has more than 10000 distinct keys; "k9999" is one too many',
    ]);
    expect(r.codes).toEqual(Array(5).fill("too_many_keys"));
    expect(r.rows).toEqual({ read: 10_002, accepted: 9997, rejected: 5 });
  });

  it('J11 a list holding null or another list is refused (null is not the text "null")', async () => {
    const text =
      '[{"sku":"A","listed_channels":["web",null]},{"sku":"B","listed_channels":[["web"]]},{"sku":"C","listed_channels":["web"]}]';
    const outcome = await run({ "c.json": text }, { currency: "EUR", feeds: [{ kind: "catalogue", path: "c.json" }] });
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toEqual([
      'c.json:1:2 (listed_channels): field "listed_channels" holds a list with null in it',
      'c.json:1:2 (listed_channels): field "listed_channels" holds a nested list; a field holds text, a number, a boolean or a list of those',
    ]);
    expect(invalidCodes(outcome.report!)).toEqual(["unsupported_value", "unsupported_value"]);
  });

  // Open (src/findings/row-finding.ts and the Source model): elements of a one-line JSON array share line 1,
  // so two rejected elements with the same sku get the same finding id.
  it("J12 rejected elements on the same line of a JSON array have distinct finding ids", async () => {
    const r = await feed("p.json", '[{"sku":"A","channel":"web","price":"x"},{"sku":"A","channel":"web","price":"y"}]');
    const ids = r.report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("J13 rows given in memory that are not an array: a PricelintError, not a crash", async () => {
    const bad = { currency: "EUR", feeds: { prices: "sku,channel,price" as unknown as Record<string, unknown>[] } };
    await expect(check(bad)).rejects.toThrow(new PricelintError("io", "expected an array of rows, got string", "(prices)"));
  });

  it("J15 a JSON number in a feed whose decimal is a comma is read as the number it is, not by the feed's notation", async () => {
    // 2.125 is two and an eighth whatever the feed's decimal mark; read as "2.125" under decimal "," it was 2125.
    // The sale price "2,13" is text in the feed's notation: 2.13, above 2.125, so the sale is no sale.
    const line = '{"sku":"A","channel":"web","price":2.125,"sale_price":"2,13"}\n';
    const r = await feed("p.jsonl", line, { decimal: ",", thousands: "." }, { rules: ["price/sale-not-below-regular"] });
    expect(r.report.findings.map((f) => [f.rule, f.values])).toStrictEqual([
      ["price/sale-not-below-regular", { price: "2.125", salePrice: "2.13" }],
    ]);
    // JavaScript writes 1e-7 with an exponent; the cell is its plain text, and seven decimals are too many for an amount.
    const tiny = await feed("q.jsonl", '{"sku":"A","channel":"web","price":1e-7}\n', { decimal: "," });
    expect(tiny.codes).toStrictEqual(["too_many_decimals"]);
  });

  it("J14 an empty or blank JSON Lines feed: exit 2, as a CSV feed without a header", async () => {
    for (const text of ["", "\n  \n\t\n"])
      expectUsageError(await run({ "p.jsonl": text }, prices("p.jsonl")), "p.jsonl: no JSON line: the file is empty or blank");
  });
});

describe("C: config files", () => {
  it("C01 a config naming a missing feed file: exit 2", async () => {
    expectUsageError(await run({}, prices("nope.csv")), "nope.csv: file not found");
  });

  it("C02 a feed path that is a folder: exit 2", async () => {
    expectUsageError(await run({ "feeds/": "" }, prices("feeds")), "feeds: is a directory, not a file");
  });

  it("C03 a missing config file: exit 2", async () => {
    let stderr = "";
    const err = vi.spyOn(process.stderr, "write").mockImplementation((c) => ((stderr += String(c)), true));
    try {
      expect(await main(["check", "--config", "/nonexistent/pricelint.config.json"])).toBe(2);
    } finally {
      err.mockRestore();
    }
    expect(stderr).toBe("pricelint: /nonexistent/pricelint.config.json: file not found\n");
  });

  it("C04 a config that is not valid JSON: exit 2 with the position", async () => {
    await configError('{"currency": "EUR",', `${CONFIG}: not valid JSON: Expected double-quoted property name in JSON at position 19`);
  });

  it("C05 a key given twice in a JSON config: exit 2 (JSON.parse would keep the last silently)", async () => {
    const text = '{\n  "currency": "EUR",\n  "feeds": [{"kind": "prices", "path": "p.csv", "delimiter": ";",\n    "delimiter": ","}]\n}';
    await configError(text, `${CONFIG}: not valid JSON: duplicate key "delimiter" in feeds[0] (line 4)`);
  });

  it("C06 a YAML alias bomb: exit 2 before it expands", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    await configError(
      `${levels.join("\n")}\n`,
      "<dir>/pricelint.config.yaml: not valid YAML: Excessive alias count indicates a resource exhaustion attack",
      undefined,
      "pricelint.config.yaml",
    );
  });

  it("C07 YAML tags that build non-JSON values (!!js/function, !!binary, !!set): exit 2", async () => {
    const base = "currency: EUR\nfeeds:\n  - kind: prices\n    path: p.csv\n";
    await configError(
      `${base}x: !!js/function 'function () {}'\n`,
      "<dir>/pricelint.config.yaml: not valid YAML: Unresolved tag: tag:yaml.org,2002:js/function at line 5, column 4",
      undefined,
      "pricelint.config.yaml",
    );
    await configError(
      `${base}x: !!binary aGk=\n`,
      "<dir>/pricelint.config.yaml: not valid YAML: Unresolved tag: tag:yaml.org,2002:binary at line 5, column 4",
      undefined,
      "pricelint.config.yaml",
    );
  });

  it("C08 YAML duplicate keys and several documents: exit 2", async () => {
    await configError(
      "currency: EUR\ncurrency: USD\n",
      "<dir>/pricelint.config.yaml: not valid YAML: Map keys must be unique at line 2, column 1",
      undefined,
      "pricelint.config.yaml",
    );
    await configError(
      "currency: EUR\n---\ncurrency: USD\n",
      "<dir>/pricelint.config.yaml: not valid YAML: the file holds more than one document (the second starts at line 2); a config file is one",
      undefined,
      "pricelint.config.yaml",
    );
  });

  it("C09 __proto__ keys in columns, constants, values, channels, minorUnits or ruleSettings: exit 2 naming the path", async () => {
    const feedWith = (key: string, value: string) => `{"currency":"EUR","feeds":[{"kind":"prices","path":"p.csv","${key}":${value}}]}`;
    await configError(
      feedWith("columns", '{"__proto__":{"sku":"SKU"}}'),
      `${CONFIG}: feeds[0].columns.__proto__: "__proto__" is not allowed as a key`,
    );
    await configError(
      feedWith("constants", '{"__proto__":{"channel":"web"}}'),
      `${CONFIG}: feeds[0].constants.__proto__: "__proto__" is not allowed as a key`,
    );
    await configError(
      feedWith("values", '{"channel":{"__proto__":"web"}}'),
      `${CONFIG}: feeds[0].values.channel.__proto__: "__proto__" is not allowed as a key`,
    );
    const top = (key: string, value: string) => `{"currency":"EUR","feeds":[{"kind":"prices","path":"p.csv"}],"${key}":${value}}`;
    await configError(
      top("channels", '{"__proto__":{"located":true}}'),
      `${CONFIG}: channels.__proto__: "__proto__" is not allowed as a key`,
    );
    await configError(top("minorUnits", '{"__proto__":3}'), `${CONFIG}: minorUnits.__proto__: "__proto__" is not allowed as a key`);
    await configError(top("ruleSettings", '{"__proto__":"off"}'), `${CONFIG}: ruleSettings.__proto__: "__proto__" is not allowed as a key`);
    await configError(
      "currency: EUR\nfeeds:\n  - kind: prices\n    path: p.csv\n    constants:\n      __proto__: {polluted: yes}\n",
      '<dir>/pricelint.config.yaml: feeds[0].constants.__proto__: "__proto__" is not allowed as a key',
      undefined,
      "pricelint.config.yaml",
    );
    untouched();
  });

  it("C10 constructor and prototype keys are ordinary keys: refused where they are not fields, inert in value maps", async () => {
    await configError(
      '{"currency":"EUR","feeds":[{"kind":"prices","path":"p.csv","constants":{"constructor":"x"}}]}',
      `${CONFIG}: feeds[0].constants.constructor: "constructor" is not a field of prices feeds; fields: sku, channel, location, currency, price, sale_price, sale_start, sale_end, member_price, reference_price, lowest_price_30d, unit_price, tax_included, valid_from, valid_to, availability, pickup_method, pickup_sla, link`,
    );
    const outcome = await run(
      { "p.csv": "sku,channel,price\nA,constructor,1.00\nB,toString,1.00\n" },
      prices("p.csv", { values: { channel: { constructor: "web", prototype: "app" } } }),
    );
    expectBalanced(outcome.report!);
    // "constructor" maps to web; "toString" has no entry of its own, so it stays an unknown channel.
    expect(invalidMessages(outcome.report!)).toEqual([
      'p.csv:3:2 (channel): unknown channel "toString"; known: store, click_collect, e_reservation, web, app, marketplace, call_center, landing_page (declare others under "channels" in the config)',
    ]);
    expect(invalidCodes(outcome.report!)).toEqual(["unknown_channel"]);
    untouched();
  });

  it("C11 an unknown key in the config: exit 2", async () => {
    await configError(
      '{"currency":"EUR","feeds":[{"kind":"prices","path":"p.csv"}],"feed":[]}',
      `${CONFIG}: (root): unknown key "feed"; did you mean "feeds"? (keys: $schema, $comment, timezone, currency, minorUnits, rounding, channels, feeds, rules, ruleSettings, waivers)`,
    );
  });

  it("C12 columns naming something that is not a field: exit 2", async () => {
    await configError(
      prices("p.csv", { columns: { prise: "PREZZO" } }),
      `${CONFIG}: feeds[0].columns.prise: "prise" is not a field of prices feeds; fields: sku, channel, location, currency, price, sale_price, sale_start, sale_end, member_price, reference_price, lowest_price_30d, unit_price, tax_included, valid_from, valid_to, availability, pickup_method, pickup_sla, link`,
    );
  });

  it("C13 a delimiter that is a quote or a line break: exit 2 on the config path", async () => {
    await configError(prices("p.csv", { delimiter: '"' }), `${CONFIG}: feeds[0].delimiter: a delimiter cannot be a quote or a line break`);
    await configError(prices("p.csv", { delimiter: "\n" }), `${CONFIG}: feeds[0].delimiter: a delimiter cannot be a quote or a line break`);
  });

  it("C14 a thousands separator equal to the (default) decimal: exit 2 on the config path", async () => {
    await configError(prices("p.csv", { thousands: "." }), `${CONFIG}: feeds[0].thousands: must differ from decimal (".", the default)`);
    await configError(prices("p.csv", { decimal: ",", thousands: "," }), `${CONFIG}: feeds[0].thousands: must differ from decimal (",")`);
  });

  it("C15 an unknown channel or currency in a feed's constants or value map: exit 2 once, not every row rejected", async () => {
    const known = "store, click_collect, e_reservation, web, app, marketplace, call_center, landing_page";
    await configError(
      prices("p.csv", { constants: { channel: "webb" } }),
      `${CONFIG}: feeds[0].constants.channel: unknown channel "webb"; known: ${known} (declare others under "channels")`,
    );
    await configError(
      prices("p.csv", { values: { channel: { "1": "self" } } }),
      `${CONFIG}: feeds[0].values.channel["1"]: unknown channel "self"; known: ${known} (declare others under "channels")`,
    );
    await configError(
      prices("p.csv", { constants: { currency: "EURO" } }),
      `${CONFIG}: feeds[0].constants.currency: "EURO" is not an ISO 4217 currency code (e.g. EUR)`,
    );
    await configError(
      prices("p.csv", { constants: { channel: ["web", "app"] } }),
      `${CONFIG}: feeds[0].constants.channel: channel takes one value, not a list`,
    );
  });

  it("C55 a number or boolean constant for a text field (location 1.10, YAML 1.1's NO): exit 2, it keeps nothing of how it was written", async () => {
    const said = (field: string, value: string, type: string) =>
      `feeds[0].constants.${field}: ${field} is text, and this constant is the ${type} ${value}, which keeps nothing of how it was written (1.10 reads as 1.1, YAML's NO as false): write it as a quoted string, as the feed writes it`;
    // JSON: 1.10 is the number 1.1, so the store "1.10" was never matched.
    await configError(prices("p.csv", { constants: { location: 1.1 } }), `${CONFIG}: ${said("location", "1.1", "number")}`);
    // YAML 1.1 reads NO as false; a channel or sku as a number too.
    const yaml = (constant: string, version = "") =>
      `${version}timezone: UTC\ncurrency: EUR\nfeeds:\n  - {kind: prices, path: p.csv, constants: {${constant}}}\n`;
    for (const [constant, field, value, type, version] of [
      ["location: 1.10", "location", "1.1", "number", ""],
      ["location: NO", "location", "false", "boolean", "%YAML 1.1\n---\n"],
      ["sku: 0.50", "sku", "0.5", "number", ""],
      ["sale_start: true", "sale_start", "true", "boolean", ""],
    ] as const) {
      await configError(
        yaml(constant, version),
        `<dir>/pricelint.config.yaml: ${said(field, value, type)}`,
        undefined,
        "pricelint.config.yaml",
      );
    }
    // A number for an amount, or for a boolean (1 or 0), is read as before: 2.50 is 2.50.
    const typed = await run(
      { "p.csv": "sku,channel\nA,web\n" },
      "timezone: UTC\ncurrency: EUR\nfeeds:\n  - {kind: prices, path: p.csv, constants: {price: 2.50, tax_included: 1}}\nrules: [price/non-positive]\n",
      "pricelint.config.yaml",
    );
    expect([typed.code, typed.stderr, typed.report!.summary.rows]).toStrictEqual([0, "", { read: 1, accepted: 1, rejected: 0 }]);
  });

  it('C56 a YAML mapping whose keys are one key once read (1 and "1", null and "", two merge keys): exit 2 naming them', async () => {
    const yaml = (map: string, version = "") =>
      `${version}timezone: UTC\ncurrency: EUR\nfeeds:\n  - {kind: prices, path: p.csv, values: {channel: {${map}}}}\n`;
    for (const [map, message] of [
      ['1: web, "1": store', 'the keys 1 and "1" (line 4) are one key once read, "1": say it once'],
      ['null: web, "": store', 'the keys null and "" (line 4) are one key once read, "": say it once'],
      ["true: web, 'true': store", "the keys true and 'true' (line 4) are one key once read, \"true\": say it once"],
    ] as const) {
      await configError(yaml(map), `<dir>/pricelint.config.yaml: not valid YAML: ${message}`, undefined, "pricelint.config.yaml");
    }
    // YAML 1.1 merges a mapping into another by <<; two of them in one mapping: the second was ignored.
    const merged =
      "%YAML 1.1\n---\ntimezone: UTC\ncurrency: EUR\nfeeds:\n  - {kind: prices, path: p.csv}\nwaivers:\n" +
      "  - &w {rule: channel/online-differs-from-store, sku: A, until: '2026-12-31', reason: x}\n  - <<: *w\n    sku: B\n    <<: {reason: y}\n";
    await configError(
      merged,
      "<dir>/pricelint.config.yaml: not valid YAML: the key << comes twice in one mapping (line 11): say it once",
      undefined,
      "pricelint.config.yaml",
    );
  });

  it("C57 a constant its field cannot read (tax_included off, an availability that is none, no calendar date): exit 2 once, not every row rejected", async () => {
    for (const [constants, message] of [
      [{ tax_included: "off" }, 'tax_included: "off" is not a boolean (true/false, yes/no, 1/0)'],
      [{ sale_start: "2026-13-01" }, 'sale_start: "2026-13-01" is not a calendar date'],
      [
        { availability: "nope" },
        'availability: "nope" is not a value of availability (in_stock, limited_availability, out_of_stock, on_display_to_order, preorder, backorder)',
      ],
    ] as const) {
      const outcome = await run({ "p.csv": `${HEADER}A,web,1.00\nB,web,2.00\n` }, prices("p.csv", { constants }));
      expectUsageError(outcome, `p.csv: the feed's constant ${message}`);
    }
  });

  it("C16 switching feed/invalid-row off: exit 2 (a rejected row is never silent); a lower severity is fine", async () => {
    await configError(
      prices("p.csv", {}, { ruleSettings: { "feed/invalid-row": "off" } }),
      `${CONFIG}: ruleSettings["feed/invalid-row"]: feed/invalid-row cannot be switched off: a rejected row is never silent (set its severity, or waive it)`,
    );
    const r = await feed("p.csv", `${HEADER}A,web,abc\n`, {}, { ruleSettings: { "feed/invalid-row": "info" } });
    expect(r.code).toBe(0);
    expect(r.invalid).toEqual(['p.csv:2:3 (price): "abc" is not an amount (unexpected "a")']);
    expect(r.codes).toEqual(["not_an_amount"]);
  });

  it("C17 a config that is not valid UTF-8: exit 2", async () => {
    await configError(
      Buffer.from('{"currency":"EUR","feeds":[{"kind":"prices","path":"caff\xe8.csv"}]}', "latin1"),
      `${CONFIG}: not valid UTF-8 text (config, rule and report files are read as UTF-8)`,
    );
  });

  it("C18 a config larger than 10 MiB: exit 2 without reading it all", async () => {
    await configError(
      `{"currency":"EUR","$schema":"${"x".repeat(11 << 20)}"}`,
      `${CONFIG}: the file is larger than 10 MiB, the limit of a config file`,
    );
  });

  it("C19 a config nested deeper than 64 levels: exit 2, no stack overflow", async () => {
    const deep = `{"currency":"EUR","feeds":[{"kind":"prices","path":"p.csv"}],"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    await configError(deep, `${CONFIG}: x[0][0][0][0][0]…: nested more than 64 levels deep`);
  });

  it("C20 a config starting with a UTF-8 byte order mark is read", async () => {
    const r = await run({ "p.csv": `${HEADER}A,web,1.00\n` }, `\uFEFF${JSON.stringify(prices("p.csv"))}`);
    expect(r.code).toBe(0);
    expect(r.report!.summary.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("C21 an unknown time zone or currency in the config: exit 2", async () => {
    await configError({ ...prices("p.csv"), timezone: "Mars/Olympus" }, `${CONFIG}: timezone: not an IANA time zone (e.g. Europe/Rome)`);
    await configError({ ...prices("p.csv"), currency: "EURO" }, `${CONFIG}: currency: not an ISO 4217 currency code (e.g. EUR)`);
  });

  it("M40 a currency code the config writes in lowercase (its currency, a minorUnits or currencies key): exit 2, saying to write it in capitals", async () => {
    // A feed's cell may write eur (M33); the config said "not an ISO 4217 currency code", which eur is.
    const capitals = '"eur" is EUR in another case: the config writes ISO 4217 codes in capitals';
    await configError({ ...prices("p.csv"), currency: "eur" }, `${CONFIG}: currency: ${capitals}`);
    await configError({ ...prices("p.csv"), currency: "EUR", minorUnits: { eur: 3 } }, `${CONFIG}: minorUnits.eur: ${capitals}`);
    await configError(
      {
        ...prices("p.csv"),
        currency: "EUR",
        rules: ["channel/online-differs-from-store"],
        ruleSettings: { "channel/online-differs-from-store": { currencies: { jpy: { tolerance: "5" } } } },
      },
      `${CONFIG}: ruleSettings["channel/online-differs-from-store"].currencies.jpy: "jpy" is JPY in another case: the config writes ISO 4217 codes in capitals`,
    );
  });

  it("C22 an empty YAML config: exit 2", async () => {
    await configError("", "<dir>/pricelint.config.yaml: (root): expected an object, got null", undefined, "pricelint.config.yaml");
  });

  it("C23 a YAML number whose text is not the number it reads as (0801, 0x10, 1e3, 20 digits): exit 2 naming the line", async () => {
    const yaml = (value: string) => `currency: EUR\nfeeds:\n  - kind: prices\n    path: p.csv\n    constants:\n      location: ${value}\n`;
    const cases: [string, string][] = [
      ["0801", "801"],
      ["0x10", "16"],
      ["1e3", "1000"],
      ["12345678901234567890", "12345678901234567000"],
    ];
    for (const [text, read] of cases) {
      await configError(
        yaml(text),
        `<dir>/pricelint.config.yaml: line 6: ${text} would be read as the number ${read}: quote it ("${text}") if it is text, or write ${read}`,
        undefined,
        "pricelint.config.yaml",
      );
    }
    // The same number in another spelling passes: a trailing zero, a leading + (here a skipLines of 1).
    const same = await run(
      { "p.csv": `x\n${HEADER}A,web,1.00\n` },
      "currency: EUR\nfeeds:\n  - kind: prices\n    path: p.csv\n    skipLines: +1.0\n",
      "pricelint.config.yaml",
    );
    expect([same.code, same.stderr]).toStrictEqual([0, ""]);
  });

  it("C26 a JSON config or rule file number whose text is not the number it reads as (20 digits, a tolerance of 0.0099…9, 1e3, -0): exit 2 naming the line, as C23 in YAML", async () => {
    // A raw config text, so that the numbers reach the file as written.
    const json = (value: string) =>
      `{\n  "currency": "EUR",\n  "feeds": [{ "kind": "prices", "path": "p.csv" }],\n  "ruleSettings": {\n    "channel/online-differs-from-store": { "tolerance": ${value} }\n  }\n}\n`;
    const cases: [string, string][] = [
      ["0.0099999999999999999", "0.01"],
      ["10000000000000000001", "10000000000000000000"],
      ["1e3", "1000"],
      ["-0", "0"],
    ];
    for (const [text, read] of cases)
      await configError(
        json(text),
        `${CONFIG}: line 5: ${text} would be read as the number ${read}: quote it ("${text}") if it is text, or write ${read}`,
      );
    // A rule file too; a number in a string is text, and 1.50 is the number 1.5.
    const rule =
      '{"id": "house/x", "description": "d", "severity": "error", "scope": "offer",\n "conditions": {"all": [{"fact": "price", "operator": "greaterThan", "value": 1.0000000000000000001}]}}';
    const r = await run({ "p.csv": `${HEADER}A,web,1.00\n`, "x.json": rule }, prices("p.csv", {}, { rules: ["x.json"] }));
    expectUsageError(
      r,
      'x.json: line 2: 1.0000000000000000001 would be read as the number 1: quote it ("1.0000000000000000001") if it is text, or write 1',
    );
    const same = await run(
      { "p.csv": `x\n${HEADER}A,store,1.00\n` },
      '{"currency": "EUR", "feeds": [{"kind": "prices", "path": "p.csv", "skipLines": 1.0, "constants": {"location": "0.0099999999999999999"}}]}',
    );
    expect([same.code, same.stderr]).toStrictEqual([0, ""]);
  });

  it("C27 a JSON number in a feed's constants is the number written, whatever the feed's decimal: 1.234 is not 1234 where the decimal is a comma", async () => {
    const r = await feed(
      "p.csv",
      "sku;price\nA1;2.000,00\n",
      { delimiter: ";", decimal: ",", thousands: ".", constants: { channel: "web", sale_price: 1.234 } },
      {
        rules: ["price/sale-not-below-regular", "price/excessive-discount"],
        ruleSettings: { "price/excessive-discount": { maxPercent: 50 } },
      },
    );
    expect(r.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
    // A sale price of 1.234 on 2000.00 is a discount above 50 %; 1234 would have been 38.3 %.
    expect(r.report.findings.map((f) => [f.rule, f.message])).toEqual([
      ["price/excessive-discount", "web at every location: 1.234 is more than 50% below the price 2000.00 (discount 99.9383%)"],
    ]);
  });

  it("C28 a feed path is the file it names: parentheses are no pattern, and a path that names a file and is a pattern too is refused", async () => {
    const copy = await run(
      { "prices (1).csv": `${HEADER}COPY,web,0\n`, "prices 1.csv": `${HEADER}OTHER,web,0\n` },
      prices("prices (1).csv", {}, { rules: ["price/non-positive"] }),
    );
    expect(copy.code).toBe(1);
    expect(copy.report!.findings.map((f) => f.sku)).toEqual(["COPY"]);
    // A folder with parentheses under a pattern.
    const folder = await run(
      { "ex (2024)/": "", "ex (2024)/a.csv": `${HEADER}IN,web,0\n` },
      prices("ex (2024)/*.csv", {}, { rules: ["price/non-positive"] }),
    );
    expect(folder.report!.findings.map((f) => f.sku)).toEqual(["IN"]);
    await configError(
      prices("p[1].csv"),
      `${CONFIG}: feed path "p[1].csv" names a file, and as a pattern it names any file it matches: which is meant? Rename the file, or give each pattern character of its name in brackets ("[[]" for "[") to read that one file`,
      { "p[1].csv": `${HEADER}A,web,1.00\n`, "p1.csv": `${HEADER}B,web,1.00\n` },
    );
    const bracketed = await run(
      { "p[1].csv": `${HEADER}A,web,0\n`, "p1.csv": `${HEADER}B,web,0\n` },
      prices("p[[]1].csv", {}, { rules: ["price/non-positive"] }),
    );
    expect(bracketed.report!.findings.map((f) => f.sku)).toEqual(["A"]);
  });

  it("C29 two feed paths that name one file (or one path given twice) are refused: a file is read once", async () => {
    const files = { "prices/": "", "prices/web.csv": "sku,price\nA1,12.00\n", "prices/stores.csv": "sku,location,price\nA1,S1,10.00\n" };
    const config = (second: string) => ({
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "prices/web.csv", constants: { channel: "web" } },
        { kind: "prices", path: second, constants: { channel: "store" } },
      ],
    });
    await configError(
      config("prices/*.csv"),
      `${CONFIG}: feed paths "prices/web.csv" and "prices/*.csv" both name prices/web.csv: a file is read once, as one feed; to read it as several kinds or channels, give it once with views (docs/feeds.md, "One file, several kinds")`,
      files,
    );
    await configError(
      config("prices/web.csv"),
      `${CONFIG}: feed path "prices/web.csv" is given twice, and names prices/web.csv: a file is read once, as one feed; to read it as several kinds or channels, give it once with views (docs/feeds.md, "One file, several kinds")`,
      files,
    );
  });

  it("C30 a column that columns gives to one field is not also read by the field of its name", async () => {
    const only = await feed(
      "p.csv",
      "sku,channel,price,was\nA1,web,10.00,12.00\n",
      { columns: { sale_price: "price", price: "was" } },
      {
        rules: ["price/sale-not-below-regular"],
      },
    );
    expect(only.report.findings).toEqual([]);
    // sale_price from "price"; price has no column: no finding that compares the one column with itself.
    const alone = await feed(
      "p.csv",
      "sku,channel,price\nA1,web,10.00\n",
      { columns: { sale_price: "price" } },
      {
        rules: ["price/sale-not-below-regular"],
      },
    );
    expect(alone.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(alone.report.findings.filter((f) => f.rule === "price/sale-not-below-regular")).toEqual([]);
  });
});

describe("R: rule files", () => {
  const rule = (conditions: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id: "house/x", description: "d", severity: "error", scope: "offer", conditions, ...extra });
  const withRules = (files: Record<string, string>, rules: unknown[]) =>
    run({ "p.csv": `${HEADER}A,web,1.00\n`, ...files }, prices("p.csv", {}, { rules }));

  it("R01 an unknown operator: exit 2 with the JSON path", async () => {
    expectUsageError(
      await withRules({ "r.json": rule({ all: [{ fact: "price", operator: "regex", value: "1" }] }) }, ["r.json"]),
      'r.json: house/x: $.conditions.all[0].operator: unknown operator "regex"; operators: equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, optionally after decorators someFact:, everyFact:, someValue:, everyValue:, swap:, not:',
    );
  });

  it("R02 an unknown fact, including __proto__ and constructor: exit 2 with the JSON path", async () => {
    for (const fact of ["prise", "__proto__", "constructor"]) {
      const outcome = await withRules({ "r.json": rule({ all: [{ fact, operator: "equal", value: "1" }] }) }, ["r.json"]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toMatch(
        new RegExp(
          `^pricelint: r\\.json: house/x: \\$\\.conditions\\.all\\[0\\]\\.fact: unknown fact "${fact}" in offer scope; known: sku, `,
        ),
      );
      expect(outcome.stderr.split("\n")).toHaveLength(2);
    }
    untouched();
  });

  it("R03 an unbalanced rule file: exit 2 with the JSON position", async () => {
    const text = rule({ all: [{ fact: "price", operator: "equal", value: "1" }] }).slice(0, -2);
    expectUsageError(
      await withRules({ "r.json": text }, ["r.json"]),
      `r.json: not valid JSON: Expected ',' or '}' after property value in JSON at position ${text.length}`,
    );
  });

  it("R04 a rule file that does not exist: exit 2", async () => {
    expectUsageError(await withRules({}, ["nope.json"]), "<dir>/nope.json: file not found");
  });

  it("R05 conditions nested deeper than 64 levels: exit 2, no stack overflow", async () => {
    const conditions = `${'{"not":'.repeat(20_000)}{"fact":"price","operator":"equal","value":"1"}${"}".repeat(20_000)}`;
    const text = rule("CONDITIONS").replace('"CONDITIONS"', conditions);
    expectUsageError(
      await withRules({ "r.json": text }, ["r.json"]),
      "r.json: conditions.not.not.not.not.not…: nested more than 64 levels deep",
    );
  });

  it("R06 a __proto__ key in a rule's options: exit 2", async () => {
    expectUsageError(
      await withRules(
        {
          "r.json": rule({ all: [{ fact: "price", operator: "equal", value: "1" }] }).replace(
            '"conditions"',
            '"options":{"__proto__":{"tolerance":"5"}},"conditions"',
          ),
        },
        ["r.json"],
      ),
      'r.json: options.__proto__: "__proto__" is not allowed as a key',
    );
    untouched();
  });

  it("R07 a YAML rule file with an alias bomb: exit 2", async () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expectUsageError(
      await withRules({ "r.yaml": bomb }, ["r.yaml"]),
      "r.yaml: not valid YAML: Excessive alias count indicates a resource exhaustion attack",
    );
  });

  it("R08 an inline rule given to check() nested too deeply: a PricelintError, no stack overflow", async () => {
    const conditions = JSON.parse(`${'{"not":'.repeat(5_000)}{"fact":"price","operator":"equal","value":"1"}${"}".repeat(5_000)}`);
    const input = {
      currency: "EUR",
      feeds: { prices: [{ sku: "A", channel: "web", price: "1" }] },
      rules: [{ id: "house/x", description: "d", severity: "error", scope: "offer", conditions }],
    };
    await expect(check(input as Parameters<typeof check>[0])).rejects.toThrow(
      new PricelintError("config", [{ path: "rules[0].conditions.not.not.not…", message: "nested more than 64 levels deep" }], "(config)"),
    );
  });

  it("R09 a rule that is not an object, or misses its fields: exit 2", async () => {
    expectUsageError(await withRules({ "r.json": "42" }, ["r.json"]), "r.json: (root): expected an object, got 42");
    expectUsageError(
      await withRules({ "r.json": rule({ all: [{ fact: "price", operator: "equal", value: "1" }] }).replace('"description":"d",', "") }, [
        "r.json",
      ]),
      "r.json: description: missing: expected a non-empty string",
    );
  });

  it("R35 a rule written in the config's own rules is named by the config and its place there, as a rule file's rule is by its file", async () => {
    const unknownFact = rule({ all: [{ fact: "prise", operator: "greaterThan", value: "100" }] });
    const badSeverity = rule({ all: [{ fact: "price", operator: "greaterThan", value: "100" }] }, { severity: "sev" });
    for (const written of [unknownFact, badSeverity]) {
      // The message a rule file's rule gives, its file's name replaced by the config's and the rule's place in its rules.
      const fromFile = (await withRules({ "r.json": written }, ["r.json"])).stderr;
      expect(fromFile.startsWith("pricelint: r.json: ")).toBe(true);
      expectUsageError(
        await withRules({}, [JSON.parse(written)]),
        `${CONFIG}: rules[0]: ${fromFile.slice("pricelint: r.json: ".length, -1)}`,
      );
    }
    // An id given twice: by a rule file and by the config's second rule.
    expectUsageError(
      await withRules({ "r.json": badSeverity.replace('"sev"', '"error"') }, ["r.json", JSON.parse(unknownFact)]),
      `${CONFIG}: rules[1]: rule id "house/x" is defined twice (also in r.json)`,
    );
  });

  it("R10 a rules entry named like an Object.prototype member (constructor, toString, __proto__): exit 2", async () => {
    for (const entry of ["constructor", "toString", "__proto__"]) {
      expectUsageError(
        await withRules({}, [entry]),
        `${CONFIG}: rules[0]: "${entry}" is neither a preset (recommended, all), a built-in rule id nor a rule file (.json, .yaml)`,
      );
    }
  });

  const withSettings = (ruleSettings: unknown) => run({ "p.csv": `${HEADER}A,web,1.00\n` }, prices("p.csv", {}, { ruleSettings }));

  it("R11 a misspelt option in ruleSettings: exit 2 with its JSON path and the nearest declared name", async () => {
    expectUsageError(
      await withSettings({ "channel/online-differs-from-store": { tolerence: "0.05" } }),
      `${CONFIG}: ruleSettings["channel/online-differs-from-store"].tolerence: unknown option "tolerence"; did you mean "tolerance"? (options: tolerance, tolerancePercent)`,
    );
  });

  it("R12 an option value of the wrong type or out of range: exit 2 naming the expected type", async () => {
    expectUsageError(
      await withSettings({ "price/excessive-discount": { maxPercent: "ninety" } }),
      `${CONFIG}: ruleSettings["price/excessive-discount"].maxPercent: expected a percent, such as "5" for 5%, got "ninety"`,
    );
    expectUsageError(
      await withSettings({ "availability/e-reservation-low-stock": { minStock: 2.5 } }),
      `${CONFIG}: ruleSettings["availability/e-reservation-low-stock"].minStock: expected an integer, such as 3, got 2.5`,
    );
  });

  it("R13 a rule reading an option it does not declare: exit 2 with the JSON path and the nearest declared name", async () => {
    const conditions = { all: [{ fact: "stock", operator: "lessThan", value: { fact: "options", path: "$.minStok" } }] };
    const options = { minStock: { type: "integer", default: 3 } };
    expectUsageError(
      await withRules({ "r.json": rule(conditions, { options }) }, ["r.json"]),
      'r.json: house/x: $.conditions.all[0].value.path: unknown option "minStok"; did you mean "minStock"? (options: minStock)',
    );
  });

  it("R15 a rule file using a built-in rule's id, feed/invalid-row's included: exit 2, the built-in stays", async () => {
    const house = JSON.stringify({ id: "feed/invalid-row", description: "d", severity: "info", scope: "offer", conditions: { all: [] } });
    expectUsageError(
      await withRules({ "r.json": house }, ["r.json"]),
      'r.json: rule id "feed/invalid-row" is a built-in rule\'s: give the house rule an id of its own (e.g. "house/invalid-row"), or change the built-in\'s options and severity in ruleSettings',
    );
  });

  it("R16 a waiver naming a rule there is not: exit 2 with the nearest rule id", async () => {
    const waivers = [{ rule: "channel/online-differs-from-stor", until: "2026-12-31", reason: "test" }];
    expectUsageError(
      await run({ "p.csv": `${HEADER}A,web,1.00\n` }, prices("p.csv", {}, { waivers })),
      `${CONFIG}: waivers[0].rule: unknown rule "channel/online-differs-from-stor"; did you mean "channel/online-differs-from-store"?`,
    );
  });

  it("R14 an option given as a bare value instead of a declaration: exit 2 with the declared form", async () => {
    const conditions = { all: [{ fact: "stock", operator: "lessThan", value: { fact: "options", path: "$.minStock" } }] };
    expectUsageError(
      await withRules({ "r.json": rule(conditions, { options: { minStock: 3 } }) }, ["r.json"]),
      'r.json: options.minStock: declare the option with its type, e.g. "minStock": {"type": "integer", "default": 3, "description": "…"} (types: money, percent, decimal, integer, boolean, enum, string)',
    );
  });
});

describe("P: values that look right but are not", () => {
  it("P01 a catalogue size or pack_qty of zero or less rejects the row", async () => {
    const outcome = await run(
      { "c.csv": "sku,size,size_unit,pack_qty\nA,0,kg,1\nB,1,kg,0\nC,-1,kg,1\nD,1,kg,-2\n" },
      { currency: "EUR", feeds: [{ kind: "catalogue", path: "c.csv" }] },
    );
    expect(outcome.report!.summary.rows).toEqual({ read: 4, accepted: 0, rejected: 4 });
    expect(invalidCodes(outcome.report!)).toEqual(["out_of_range", "out_of_range", "out_of_range", "out_of_range"]);
  });

  it("P02 an unknown channel in listed_channels rejects the row", async () => {
    const outcome = await run(
      { "c.csv": "sku,listed_channels\nA,web|wbe\n" },
      { currency: "EUR", feeds: [{ kind: "catalogue", path: "c.csv" }] },
    );
    expect(invalidMessages(outcome.report!)).toEqual([
      'c.csv:2:2 (listed_channels): unknown channel "wbe"; known: store, click_collect, e_reservation, web, app, marketplace, call_center, landing_page (declare others under "channels" in the config)',
    ]);
    expect(invalidCodes(outcome.report!)).toEqual(["unknown_channel"]);
  });

  it("P04 a size_unit pricelint does not measure rejects the row; US units and common spellings are measured", async () => {
    const outcome = await run(
      { "c.csv": "sku,size,size_unit\nA,12,dozen\nB,16,OZ\nC,1,fl oz\nD,2,Kom\nE,750,gr\n" },
      { currency: "EUR", feeds: [{ kind: "catalogue", path: "c.csv" }] },
    );
    expect(outcome.report!.summary.rows).toEqual({ read: 5, accepted: 4, rejected: 1 });
    expect(invalidMessages(outcome.report!)).toEqual([
      expect.stringMatching(/^c\.csv:2:3 \(size_unit\): "dozen" is not a size unit pricelint knows \(mg, g, kg, /),
    ]);
    expect(invalidCodes(outcome.report!)).toEqual(["unknown_unit"]);
  });

  it("P03 inheritFrom: a row in another currency than the row it takes from, or a sku whose rows there hold at different times, is rejected", async () => {
    const web =
      "sku,price,currency,valid_from,valid_to\nA1,10.00,USD,,\nB1,12.00,EUR,2026-12-01,\nB1,10.00,EUR,,2026-11-30\nC1,9.00,EUR,,\n";
    const stores = "sku,location,currency,price\nA1,S1,EUR,\nB1,S1,,\nC1,S1,,\n";
    const outcome = await run(
      { "web.csv": web, "stores.csv": stores },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "web.csv", constants: { channel: "web" } },
          { kind: "prices", path: "stores.csv", constants: { channel: "store" }, inheritFrom: "web" },
        ],
        rules: ["channel/online-differs-from-store"],
      },
    );
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toEqual([
      "stores.csv:2:3 (currency): the web row it takes its amounts from (web.csv:2) is in USD, and this row's currency is EUR: amounts are never converted",
      "stores.csv:3:4 (price): no price or sale_price, and sku B1 has web rows (without a location) in force at different times (valid_from, valid_to): no one of them is the price to take; give this row its own",
    ]);
    expect(invalidCodes(outcome.report!)).toEqual(["currency_mismatch", "no_inherited_price"]);
    // C1 takes 9.00 EUR from its one web row: no difference.
    expect(outcome.report!.findings.filter((f) => f.rule === "channel/online-differs-from-store")).toEqual([]);
    expect(outcome.report!.summary.feeds.find((f) => f.file === "stores.csv")).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
  });
});

describe("P28 inheritFrom where the rows taken from disagree", () => {
  // D1's web rows disagree on the price, E1's on the sale alone, F1's are the same row twice.
  const web =
    "sku,price,sale_price,currency\nD1,10.00,,EUR\nD1,12.00,,EUR\nE1,10.00,8.00,EUR\nE1,10.00,7.50,EUR\nF1,9.00,,EUR\nF1,9.00,,EUR\n";
  const stores = (rows: string) => `sku,location,price,sale_price\n${rows}`;
  const config = {
    timezone: "UTC",
    currency: "EUR",
    feeds: [
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: "stores.csv", constants: { channel: "store" }, inheritFrom: "web" },
    ],
    rules: ["channel/online-differs-from-store"],
  };

  it("P28 a row that would take a disputed price or sale is rejected, whichever row comes first", async () => {
    for (const order of [web, web.replace("D1,10.00,,EUR\nD1,12.00,,EUR", "D1,12.00,,EUR\nD1,10.00,,EUR")]) {
      const outcome = await run({ "web.csv": order, "stores.csv": stores("D1,S1,,\nE1,S1,,\nF1,S1,,\n") }, config);
      expectBalanced(outcome.report!);
      expect(invalidMessages(outcome.report!)).toEqual([
        "stores.csv:2:3 (price): no price or sale_price, and sku D1 has web rows (without a location) that disagree on the price (price/conflicting-duplicate): which one to take is not known; give this row its own",
        "stores.csv:3:3 (price): no price or sale_price, and sku E1 has web rows (without a location) that disagree on the sale (price/conflicting-duplicate): which one to take is not known; give this row its own",
      ]);
      expect(invalidCodes(outcome.report!)).toEqual(["no_inherited_price", "no_inherited_price"]);
      // F1 takes 9.00 from its two alike rows: no difference from web.
      expect(outcome.report!.findings.filter((f) => f.rule === "channel/online-differs-from-store")).toEqual([]);
    }
  });

  it("P28 a row with a sale of its own takes the agreed price: the disputed sale is not what it takes", async () => {
    const outcome = await run({ "web.csv": web, "stores.csv": stores("E1,S1,,9.00\n") }, config);
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toEqual([]);
    expect(outcome.report!.summary.feeds.find((f) => f.file === "stores.csv")).toMatchObject({ read: 1, accepted: 1, rejected: 0 });
  });
});

describe("P43 inheritFrom where the row's own amount names another currency than the price it takes", () => {
  it("P43 a sale price written 10.00 EUR beside a USD price taken from the web row: rejected naming the column and the web row", async () => {
    const outcome = await run(
      { "web.csv": "sku,price\nB,20.00 USD\n", "stores.csv": "sku,location,price,sale_price\nB,S1,,10.00 EUR\n" },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "web.csv", constants: { channel: "web" } },
          { kind: "prices", path: "stores.csv", constants: { channel: "store" }, inheritFrom: "web" },
        ],
        rules: [],
      },
    );
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toEqual([
      "stores.csv:2:4 (sale_price): the web row it takes its price from (web.csv:2) is in USD, and this row's sale_price is written in EUR: amounts are never converted",
    ]);
    expect(invalidCodes(outcome.report!)).toEqual(["currency_mismatch"]);
  });
});

describe("C74 inheritFrom beside a price history that gives the price taken from", () => {
  it("C74 a row whose sku's web price is a price history's in force is told that inheritFrom does not read it, naming the file", async () => {
    // A's web price is its history's (in force); C's history is kept for the Omnibus rules alone;
    // B has no web price at all.
    const files = {
      "hist.csv": "sku,channel,valid_from,price\nA,web,2026-10-01,10.00\n",
      "omnibus.csv": "sku,channel,valid_from,price\nC,web,2026-10-01,9.00\n",
      "stores.csv": "sku,location,price\nA,S1,\nB,S1,\nC,S1,\n",
    };
    const feeds = [
      { kind: "prices", path: "stores.csv", constants: { channel: "store" }, inheritFrom: "web" },
      { kind: "price_history", path: "hist.csv" },
      { kind: "price_history", path: "omnibus.csv", priceInForce: "never" },
    ];
    const outcome = await run(files, { timezone: "UTC", currency: "EUR", feeds, rules: [] });
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toEqual([
      "stores.csv:2:3 (price): no price or sale_price, and sku A has no web row (without a location) to take them from: its web price comes from the price history (hist.csv), which inheritFrom does not read; give that price as a web price row, or give this row its own",
      "stores.csv:3:3 (price): no price or sale_price, and sku B has no web row (without a location) to take them from",
      "stores.csv:4:3 (price): no price or sale_price, and sku C has no web row (without a location) to take them from",
    ]);
    expect(invalidCodes(outcome.report!)).toEqual(["no_inherited_price", "no_inherited_price", "no_inherited_price"]);
    // A's web price given as a price row, as the message says: the store row takes it.
    const priced = await run(
      { ...files, "web.csv": "sku,price,valid_from\nA,10.00,2026-10-01\n" },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [{ kind: "prices", path: "web.csv", constants: { channel: "web" } }, ...feeds],
        rules: [],
      },
    );
    expect(priced.report!.summary.feeds.find((f) => f.file === "stores.csv")).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
  });
});

describe("P44 a store's time zone and status written another way", () => {
  it("P44 one zone written two ways (America/New_York, america/new_york, US/Eastern) is one zone; a status in another case is that status; an invisible character is shown", async () => {
    const config = {
      timezone: "UTC",
      currency: "EUR",
      feeds: [
        { kind: "stores", path: "stores.csv" },
        { kind: "prices", path: "store.csv", constants: { channel: "store" } },
        { kind: "inventory", path: "inv.csv" },
        { kind: "promotions", path: "promo.csv" },
      ],
      rules: ["availability/promo-without-stock"],
    };
    const files = (zone2: string) => ({
      "stores.csv": `location,status,timezone\nS1,Open,America/New_York\nS2,OPEN,${zone2}\nS3,open,UTC\u200b\nS4,temporarily closed,UTC\n`,
      "store.csv": "sku,location,price\nA,,10.00\n",
      "inv.csv": "sku,location,available\nA,S1,0\nA,S2,0\n",
      "promo.csv": "promo_id,type,value,channels,locations,skus,start,end\nP1,percent_off,10,store,S1|S2,A,2026-11-20,2026-11-21\n",
    });
    for (const zone2 of ["america/new_york", "US/Eastern"]) {
      const outcome = await run(files(zone2), config, undefined, ["--from", "2026-11-19T00:00:00Z", "--to", "2026-11-25T00:00:00Z"]);
      expectBalanced(outcome.report!);
      // S3's zone holds U+200B: rejected, the character shown.
      expect(invalidMessages(outcome.report!)).toStrictEqual(['stores.csv:4:3 (timezone): "UTC\\u200b" is not an IANA time zone']);
      // Both stores in New York's zone: the promotion runs from midnight there, 05:00Z, to the end of the 21st there.
      const found = outcome.report!.findings.filter((f) => f.rule === "availability/promo-without-stock");
      expect(found.map((f) => (f as unknown as { interval: unknown }).interval)).toStrictEqual([
        { from: "2026-11-20T05:00:00.000Z", to: "2026-11-22T05:00:00.000Z" },
      ]);
    }
  });
});

describe("P42 inheritFrom where the rows taken from write one sale window two ways", () => {
  it("P42 rows alike but for how their window is written (seconds, Z or +00:00, another offset) are one sale: the row takes it", async () => {
    const config = {
      timezone: "UTC",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "web.csv", constants: { channel: "web" } },
        { kind: "prices", path: "stores.csv", constants: { channel: "store" }, inheritFrom: "web" },
      ],
      rules: ["channel/online-differs-from-store"],
    };
    for (const [a, b] of [
      ["2026-11-20T00:00Z", "2026-11-20T00:00:00Z"],
      ["2026-11-20T00:00Z", "2026-11-20T00:00+00:00"],
      ["2026-11-20T00:00Z", "2026-11-20T01:00+01:00"],
    ]) {
      const web = `sku,price,sale_price,sale_start,sale_end,currency\nE1,10.00,8.00,${a},2026-11-30T00:00Z,EUR\nE1,10.00,8.00,${b},2026-11-30T00:00:00Z,EUR\n`;
      const outcome = await run({ "web.csv": web, "stores.csv": "sku,location,price\nE1,S1,\n" }, config);
      expectBalanced(outcome.report!);
      expect(invalidMessages(outcome.report!)).toEqual([]);
      expect(outcome.report!.summary.feeds.find((f) => f.file === "stores.csv")).toMatchObject({ read: 1, accepted: 1, rejected: 0 });
      // The store takes 10.00 with the sale 8.00 the web has: no difference.
      expect(outcome.report!.findings.filter((f) => f.rule !== "feed/invalid-row")).toEqual([]);
    }
  });
});

describe("P30 a price history price below 0", () => {
  it("P30 is rejected (out_of_range), where it became the lowest price of every 30 days it was in; 0 is read", async () => {
    const history = "sku,channel,valid_from,price\nA,web,2026-01-01,-1.00\nA,web,2026-02-01,0\nA,web,2026-03-01,-0.5\n";
    const outcome = await run(
      { "p.csv": `${HEADER}A,web,1.00\n`, "h.csv": history },
      {
        ...prices("p.csv"),
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "price_history", path: "h.csv", priceInForce: "never" },
        ],
      },
    );
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toStrictEqual([
      "h.csv:2:4 (price): price -1.00 is negative: a price applied never is",
      "h.csv:4:4 (price): price -0.50 is negative: a price applied never is",
    ]);
    expect(invalidCodes(outcome.report!)).toStrictEqual(["out_of_range", "out_of_range"]);
    expect(outcome.report!.summary.feeds.find((f) => f.file === "h.csv")).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
  });
});

describe("P32 a catalogue cost or map_price below 0", () => {
  it("P32 is rejected (out_of_range), where price/below-cost and price/below-map never judged the product; 0 is read", async () => {
    const outcome = await run(
      { "p.csv": `${HEADER}B,web,1.00\n`, "c.csv": "sku,cost,map_price\nB,-1.00,\nC,,-2\nD,0,0\n" },
      {
        ...prices("p.csv"),
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "catalogue", path: "c.csv" },
        ],
      },
    );
    expectBalanced(outcome.report!);
    expect(invalidMessages(outcome.report!)).toStrictEqual([
      "c.csv:2:2 (cost): cost -1.00 is negative",
      "c.csv:3:3 (map_price): map_price -2.00 is negative",
    ]);
    expect(invalidCodes(outcome.report!)).toStrictEqual(["out_of_range", "out_of_range"]);
  });
});

describe("P39 a reference price, lowest price of 30 days or unit price below 0", () => {
  it("P39 is rejected (out_of_range) in a plain CSV line as in JSON, where not-a-reduction judged a sale against it; 0 is read", async () => {
    const csv =
      "sku,channel,price,sale_price,lowest_price_30d,reference_price,unit_price\n" +
      "L,web,10.00,9.00,-1.00,,\nR,web,10.00,9.00,,-10.00,\nU,web,10.00,,,,-1.005\nZ,web,10.00,9.00,0,0,0\n";
    const plain = await feed("p.csv", csv);
    expect(plain.invalid).toStrictEqual([
      "p.csv:2:5 (lowest_price_30d): lowest_price_30d -1.00 is negative: no price shown is",
      "p.csv:3:6 (reference_price): reference_price -10.00 is negative: no price shown is",
      "p.csv:4:7 (unit_price): unit_price -1.005 is negative: no price shown is",
    ]);
    expect(plain.codes).toStrictEqual(["out_of_range", "out_of_range", "out_of_range"]);
    expect(plain.rows).toStrictEqual({ read: 4, accepted: 1, rejected: 3 });
    // The same rows as JSON take the record path: the same rejections.
    const json = `${JSON.stringify([
      { sku: "L", channel: "web", price: "10.00", sale_price: "9.00", lowest_price_30d: "-1.00" },
      { sku: "Z", channel: "web", price: "10.00", sale_price: "9.00", lowest_price_30d: "0" },
    ])}\n`;
    const records = await feed("p.json", json);
    expect(records.codes).toStrictEqual(["out_of_range"]);
    expect(records.rows).toStrictEqual({ read: 2, accepted: 1, rejected: 1 });
  });
});

describe("U23 --feeds that is no folder, or misses a feed, and options given an empty value", () => {
  it("U23 names --feeds and its folder; an empty value names its option", async () => {
    const files = { "p.csv": `${HEADER}A,web,1.00\n` };
    const at = ["--at", "2026-06-01T00:00:00Z"];
    expectUsageError(
      await run(files, prices("p.csv"), undefined, [...at, "--feeds", "/nonexistent-pricelint-folder"]),
      "--feeds /nonexistent-pricelint-folder: no such folder",
    );
    // A folder (this checkout's fixtures) without the feed, and a file.
    const missing = await run(files, prices("p.csv"), undefined, [...at, "--feeds", "fixtures"]);
    expect([missing.code, missing.stderr]).toStrictEqual([2, "pricelint: --feeds fixtures: p.csv: file not found\n"]);
    const notFolder = await run(files, prices("p.csv"), undefined, [...at, "--feeds", "package.json"]);
    expect([notFolder.code, notFolder.stderr]).toStrictEqual([
      2,
      "pricelint: --feeds package.json: not a folder (the folder the config's feed paths are read in)\n",
    ]);
    expectUsageError(
      await run(files, prices("p.csv"), undefined, [...at, "--baseline="]),
      "--baseline is given an empty value: give it one",
    );
  });
});

describe("U35 --feeds DIR where a feed's pattern matches no file", () => {
  it("U35 names --feeds and its folder (the library feedsDir), as a plain path's file not found there is, not the config", async () => {
    const files = { "p/": "", "p/store_S1/": "", "p/store_S1/x.csv": `${HEADER}A,web,1.00\n` };
    const config = prices("p/store_{location}/*.csv");
    // Read in the config's folder; this checkout's fixtures hold no p/store_*/ folder.
    expect((await run(files, config)).report?.summary.rows.read).toBe(1);
    const missing = await run(files, config, undefined, ["--feeds", "fixtures"]);
    expect([missing.code, missing.stderr]).toStrictEqual([
      2,
      'pricelint: --feeds fixtures: feed path "p/store_{location}/*.csv" matches no file\n',
    ]);
    const loaded = await loadConfig(join(missing.dir, "pricelint.config.json"));
    for (const workers of [1, 2]) {
      const error = await check(loaded, { at: new Date(AT), feedsDir: "fixtures", workers }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PricelintError);
      expect([(error as PricelintError).code, (error as PricelintError).message]).toStrictEqual([
        "io",
        'feedsDir fixtures: feed path "p/store_{location}/*.csv" matches no file',
      ]);
    }
  });
});

describe("U44 the library's feedsDir over a folder without a feed's plain path", () => {
  it("U44 names feedsDir and its folder, in one thread and in several, as the command line names --feeds", async () => {
    const files = { "p.csv": `${HEADER}A,web,1.00\n` };
    const cli = await run(files, prices("p.csv"), undefined, ["--feeds", "fixtures"]);
    expect([cli.code, cli.stderr]).toStrictEqual([2, "pricelint: --feeds fixtures: p.csv: file not found\n"]);
    const loaded = await loadConfig(join(cli.dir, "pricelint.config.json"));
    for (const workers of [1, 2]) {
      const error = await check(loaded, { at: new Date(AT), feedsDir: "fixtures", workers }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PricelintError);
      expect([(error as PricelintError).code, (error as PricelintError).message]).toStrictEqual([
        "io",
        "feedsDir fixtures: p.csv: file not found",
      ]);
    }
  });
});

describe("J26 a mapped key that another record spells in another case", () => {
  it("J26 is a feed/unmapped-column warning naming both spellings, where the record's value was dropped without a word", async () => {
    const jsonl =
      '{"sku":"A","channel":"web","price":"10.00","Offerta":"12.00"}\n{"sku":"B","channel":"web","price":"10.00","offerta":"9.00"}\n';
    const r = await feed("p.jsonl", jsonl, { columns: { sale_price: "offerta" } }, { rules: ["feed/unmapped-column"] });
    expect(r.report.findings.filter((f) => f.rule === "feed/unmapped-column").map((f) => f.message)).toStrictEqual([
      'p.jsonl:1:4: column "Offerta" is not read, but it looks like sale_price, and this feed reads sale_price from column "offerta": map it under "columns", or list it in "ignoreColumns"',
    ]);
    expect(r.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
  });
});

describe("J27 JSON Lines whose lines end in CR alone", () => {
  it("J27 stop the run saying so, as a CSV file's do (F25), where the records were one rejected row", async () => {
    const jsonl = '{"sku":"A","channel":"web","price":"1.00"}\r{"sku":"B","channel":"web","price":"2.00"}\r';
    const outcome = await run({ "p.jsonl": jsonl }, prices("p.jsonl"));
    expect([outcome.code, outcome.stderr]).toStrictEqual([
      2,
      "pricelint: p.jsonl: line 1 holds a carriage return between two JSON values: the file's lines end in CR alone; save it with LF or CRLF line endings\n",
    ]);
    // CRLF, and a CR inside a string, are read.
    const crlf = await feed("p.jsonl", '{"sku":"A","channel":"web","price":"1.00"}\r\n{"sku":"B\\r","channel":"web","price":"2.00"}\r\n');
    expect(crlf.rows.read).toBe(2);
  });
});

describe("J28 JSON or JSON Lines in UTF-16 without a byte order mark", () => {
  it("J28 stop the run saying the file looks UTF-16, where every row was rejected with NULs in its message", async () => {
    const text = '[{"sku":"U","channel":"app","price":"1.00"}]';
    for (const [name, bytes, first] of [
      ["p.json", Buffer.from(text, "utf16le"), "5b 00 7b 00"],
      ["p.jsonl", Buffer.from(text.slice(1, -1) + "\n", "utf16le"), "7b 00 22 00"],
    ] as const) {
      const outcome = await run({ [name]: bytes }, prices(name));
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toBe(
        `pricelint: ${name}: the file looks UTF-16 without a byte order mark (its first bytes are ${first}): save it as UTF-8, or as latin1 or windows-1252 and set the feed's "encoding"\n`,
      );
    }
  });

  it("J28 a NUL character further on still stops the run saying so", async () => {
    const outcome = await run({ "p.jsonl": '{"sku":"U","channel":"app","price":"1.00"}\n{"sku":"V\0"}\n' }, prices("p.jsonl"));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(
      /^pricelint: p\.jsonl: the file holds NUL characters \(".*"\): it looks binary or UTF-16, not UTF-8, latin1 or windows-1252 text\n$/,
    );
    expect(outcome.stderr).not.toContain("\0");
  });
});

describe("J29 a cell the format cannot give as a value (a JSON object, NaN, a number a double cannot carry)", () => {
  it("J29 is rejected naming the field its column is read as, as a cell that does not parse is", async () => {
    const rows = [
      { sku: "A", channel: "web", price: Number.NaN },
      { sku: "B", channel: "web", price: Number.POSITIVE_INFINITY },
      { sku: "C", channel: "web", price: { amount: 1 } },
      { sku: "D", channel: "web", price: 0.1 + 0.2 },
      { sku: "E", channel: "web", price: "abc" },
    ];
    const report = await check({ currency: "EUR", feeds: { prices: rows } }, { at: new Date(AT) });
    expect(report.findings.map((f) => [f.sku, f.values["code"], f.values["field"], f.values["columnName"]])).toStrictEqual([
      ["A", "non_finite_number", "price", "price"],
      ["B", "non_finite_number", "price", "price"],
      ["C", "unsupported_value", "price", "price"],
      ["D", "inexact_number", "price", "price"],
      ["E", "not_an_amount", "price", "price"],
    ]);
  });
});

describe("K18 a sku whose row in the catalogue was rejected", () => {
  it("K18 is not in the catalogue, and price/unknown-sku names its rejected row; a sku no row has is named alone", async () => {
    const outcome = await run(
      { "cat.csv": "sku,size,size_unit\nA,0,kg\nB,1,kg\n", "p.csv": "sku,channel,price\nA,web,1.00\nB,web,1.00\nC,web,1.00\n" },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.csv" },
          { kind: "prices", path: "p.csv" },
        ],
        rules: ["price/unknown-sku"],
      },
    );
    expectBalanced(outcome.report!);
    expect(outcome.report!.findings.map((f) => f.message)).toStrictEqual([
      "cat.csv:2:2 (size): size must be above 0",
      "A (its row in the catalogue, cat.csv:2, was rejected) is priced in web but is not in the catalogue",
      "C is priced in web but is not in the catalogue",
    ]);
  });
});

describe("K23 a promotion's sku whose row in the catalogue was rejected", () => {
  it("K23 promo/unknown-sku names the rejected row, where it offered another, valid sku", async () => {
    // R1's row is rejected (size 0); A1 is one character away, and was offered as the sku meant.
    const outcome = await run(
      {
        "cat.csv": "sku,size,size_unit\nA1,500,g\nR1,0,kg\n",
        "promo.csv":
          "promo_id,type,value,channels,skus,start,end\nP1,percent_off,10,web,R1,2026-11-01,2026-11-30\nP2,percent_off,10,web,Q1,2026-11-01,2026-11-30\n",
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.csv" },
          { kind: "promotions", path: "promo.csv" },
        ],
        rules: ["promo/unknown-sku"],
      },
    );
    expectBalanced(outcome.report!);
    const messages = outcome.report!.findings.map((f) => f.message);
    expect(messages[0]).toBe("cat.csv:3:2 (size): size must be above 0");
    // In report order, by sku: a sku no row has (Q1) keeps its hint.
    expect(messages.slice(1).map((m) => m.split(", which ")[0])).toStrictEqual([
      "P2 names sku Q1 (did you mean A1?)",
      "P1 names sku R1 (its row in the catalogue, cat.csv:3, was rejected)",
    ]);
  });
});

describe("K27 a promotion's category or brand found only on a catalogue row that was rejected", () => {
  it("K27 promo/unknown-category names the rejected row, where it offered another product's category", async () => {
    // A's row is rejected (size 0): it alone has the category pasta and the brand Barilla; B's
    // category Pasta is one letter's case away, and was offered as the one meant. A brand no row
    // has (Barilo) keeps its hint: Barillo, one letter away (Barilla is two).
    const outcome = await run(
      {
        "cat.csv": "sku,category,brand,size,size_unit\nA,pasta,Barilla,0,g\nB,Pasta,Barillo,500,g\n",
        "promo.csv":
          "promo_id,type,value,channels,categories,brands,start,end\nP1,percent_off,10,web,pasta,,2026-11-01,2026-11-30\nP2,percent_off,10,web,,Barilla|Barilo,2026-11-01,2026-11-30\n",
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.csv" },
          { kind: "promotions", path: "promo.csv" },
        ],
        rules: ["promo/unknown-category"],
      },
    );
    expectBalanced(outcome.report!);
    expect(outcome.report!.findings.map((f) => f.message)).toStrictEqual([
      "cat.csv:2:4 (size): size must be above 0",
      "P1 names what no catalogue entry has: category pasta (its row in the catalogue, cat.csv:2, was rejected)",
      "P2 names what no catalogue entry has: brand Barilla (its row in the catalogue, cat.csv:2, was rejected), brand Barilo (did you mean Barillo?)",
    ]);
  });
});

describe("K19 a priced sku the catalogue has in another case", () => {
  it("K19 price/unknown-sku offers the catalogue's sku, as promo/unknown-sku does", async () => {
    const outcome = await run(
      { "cat.csv": "sku,title\nPASTA-1,Pasta\nRISO-22,Riso\n", "p.csv": "sku,channel,price\npasta-1,web,1.00\nZZZ-999,web,1.00\n" },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.csv" },
          { kind: "prices", path: "p.csv" },
        ],
        rules: ["price/unknown-sku"],
      },
    );
    expectBalanced(outcome.report!);
    expect(outcome.report!.findings.map((f) => f.message)).toStrictEqual([
      "ZZZ-999 is priced in web but is not in the catalogue",
      "pasta-1 (did you mean PASTA-1?) is priced in web but is not in the catalogue",
    ]);
  });
});

describe("K26 a JSON number in a key field, written in exponent form", () => {
  it('K26 is the key as written: 1e3 is the family a string "1e3" names, and the ladder meets', async () => {
    const outcome = await run(
      {
        "cat.json":
          '[{"sku":"A","family":1e3,"size":500,"size_unit":"g"},{"sku":"B","family":"1e3","size":1,"size_unit":"kg"},{"sku":1.0e0,"family":"F","size":1,"size_unit":"kg"}]',
        "p.csv": "sku,channel,currency,price\nA,web,EUR,5.00\nB,web,EUR,10.01\n1.0e0,web,EUR,3.00\n",
      },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "catalogue", path: "cat.json" },
          { kind: "prices", path: "p.csv" },
        ],
        rules: ["ladder/pack-size", "price/unknown-sku"],
      },
    );
    expectBalanced(outcome.report!);
    // A (500 g at 5.00) is 10.00 per kg; B (1 kg) at 10.01 costs more per kg. Before, A's family
    // was 1000 and B's 1e3, and the sku 1.0e0 was 1.0, which no price row names.
    expect(outcome.report!.findings.map((f) => [f.rule, f.sku, f.message])).toStrictEqual([
      ["ladder/pack-size", "B", "web at every location: B (1 kg) costs 10.01 per kg, more than A (0.5 kg) at 10.00"],
    ]);
  });
});

describe("K15 a location whose row in the stores feed was rejected", () => {
  it("K15 is unknown, and the warning names its rejected row, never another store's code as the one meant", async () => {
    const outcome = await run(
      {
        // 12515's row has a stray delimiter in its name (as a registry publishes it): rejected.
        "st.csv": "location|name\n12515|PRADELLI | VIGNOLA\n52515|G.T. SAS\n",
        "p.csv": "sku,channel,location,price\nBenzina,store,12515,2.009\nGasolio,store,52516,1.899\n",
      },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "stores", path: "st.csv", delimiter: "|" },
          { kind: "prices", path: "p.csv" },
        ],
        rules: ["price/unknown-location"],
      },
    );
    expectBalanced(outcome.report!);
    expect(outcome.report!.findings.map((f) => f.message)).toStrictEqual([
      "st.csv:2: the row has 3 fields but the header has 2",
      "Benzina is priced in store at 12515 (its row in the stores feed, st.csv:2, was rejected), which the stores feed does not list",
      // A code no row has: the nearest listed code is still offered.
      "Gasolio is priced in store at 52516 (did you mean 52515?), which the stores feed does not list",
    ]);
  });
});

describe("K14 stock updates of one millisecond, written with microseconds", () => {
  it("K14 are ordered by their digits below the millisecond: the later is the stock; the same instant written two ways is one update", async () => {
    const inventory =
      "sku,location,available,updated_at\nA,S1,5,2026-11-20T08:00:00.000Z\nA,S1,0,2026-11-20T08:00:00.0001Z\nB,S1,5,2026-11-20T08:00:00.000100Z\nB,S1,0,2026-11-20T08:00:00.0001Z\n";
    const outcome = await run(
      {
        "st.csv": "location,status,e_reservation\nS1,open,true\n",
        "pe.csv": "sku,channel,location,currency,price\nA,e_reservation,S1,EUR,1.00\nB,e_reservation,S1,EUR,1.00\n",
        "inv.csv": inventory,
      },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "stores", path: "st.csv" },
          { kind: "prices", path: "pe.csv" },
          { kind: "inventory", path: "inv.csv" },
        ],
        rules: ["availability/e-reservation-low-stock"],
      },
    );
    expectBalanced(outcome.report!);
    // A: 0 a tenth of a millisecond later is the stock. B: 100 µs written two ways, one instant: disputed.
    expect(outcome.report!.findings.map((f) => [f.rule, f.sku])).toStrictEqual([
      ["availability/e-reservation-low-stock", "A"],
      ["feed/invalid-row", "B"],
      ["feed/invalid-row", "B"],
    ]);
  });
});

describe("S: security notes (docs/security.md)", () => {
  const sources = (dir: string): { path: string; text: string }[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [{ path, text: readFileSync(path, "utf8") }] : [];
    });
  /** Code without comments and string contents, so a comment saying "no eval(" does not count. */
  const code = (text: string) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1")
      .replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '""');

  it("S01 nothing is executed: no eval, non-literal import or require, vm, child process or string timer in src/, the Function constructor in one file; threads run a fixed script", () => {
    const forbidden: [string, RegExp][] = [
      ["eval(", /\beval\s*\(/],
      ["import() of a non-literal", /\bimport\s*\(\s*(?!["'`])/],
      ["require() of a non-literal", /\brequire\s*\(\s*(?!["'`])/],
      ["a constructor reached through .constructor(", /\.constructor\s*\(/],
      ["a timer given a string", /\bset(Timeout|Interval|Immediate)\s*\(\s*["'`]/],
      ["a worker given code (eval: true)", /\beval\s*:/],
    ];
    const files = sources("src");
    expect(files.length).toBeGreaterThan(20);
    const hits = files.flatMap(({ path, text }) => forbidden.filter(([, re]) => re.test(code(text))).map(([what]) => `${path}: ${what}`));
    // Rule predicates are generated code, in emit-predicate.ts alone, once: S06 checks what it writes.
    const generators = files.flatMap(({ path, text }) =>
      [...code(text).matchAll(/\bnew\s+Function\b|(?<![\w.])Function\s*\(/g)].map(() => path),
    );
    expect(generators).toEqual([join("src", "rules", "emit-predicate.ts")]);
    // Module names are strings, which code() empties: they are looked for in the text itself.
    // Worker threads run the library's own scripts (fixed files): a check's thread (threads.ts) and
    // the threads hashing and writing a report (piece-thread.ts).
    const modules = /\bfrom\s+"(?:node:)?(vm|child_process|worker_threads)"/g;
    for (const { path, text } of files) {
      for (const [, name] of text.matchAll(modules)) {
        if (!(name === "worker_threads" && /src[\\/](parallel[\\/]threads?|io[\\/]piece-thread)\.ts$/.test(path)))
          hits.push(`${path}: node:${name}`);
      }
    }
    expect(hits).toEqual([]);
  });

  it("S02 every regular expression in src/ runs in linear time on 100 KB adversarial inputs (a child process with a kill switch)", () => {
    // Every regex literal in src/, found by its syntax (after "(", "=", ",", ":", "return"…, as division never is here).
    const literal =
      /(?<=(?:[=(,:!&|?{};[]|return|^)\s*)\/(?![*/])((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/([dgimsuvy]*)(?=[\s.,;)\]}]|$)/gm;
    const found = new Map<string, { source: string; flags: string; files: string[] }>();
    for (const { path, text } of sources("src")) {
      expect(code(text), `${path} builds a RegExp at run time`).not.toMatch(/\bnew\s+RegExp\b|(?<![\w.])RegExp\s*\(/);
      for (const m of text.matchAll(literal)) {
        let regex: RegExp;
        try {
          regex = new RegExp(m[1]!, m[2]);
        } catch {
          continue; // not a regex (a template literal's text)
        }
        const key = `/${regex.source}/${regex.flags}`;
        const entry = found.get(key) ?? { source: regex.source, flags: regex.flags, files: [] };
        entry.files.push(path);
        found.set(key, entry);
      }
    }
    expect(found.size).toBeGreaterThan(10);
    // Inputs that make a backtracking engine work hardest on these shapes: long runs of one or two characters
    // a pattern accepts, ended by one it refuses; and, for the anchored patterns, a valid start first. Each
    // input is built once and given to every pattern; the child prints where it is before each match.
    const script = `
      const regexes = JSON.parse(require("node:fs").readFileSync(0, "utf8")).map(([s, f]) => new RegExp(s, f));
      const N = 100000;
      const prefixes = ["", "2026-01-01", "2026-01-01T00:00:00", "2026-01-01T00:00:00.1", "house/x", "$", "{a", "{a|", "C:/", "#"];
      const units = ["a", "A", "1", "0", " ", "\\t", "\\r", "\\n", "\\r\\n", ".", ",", ":", "-", "_", "/", "\\\\", "|", "{", "[", "'", '"', "+", "&", "<", "e", "Z", "\\u2028", "\\ud800", "\\udc00", "\\u0000", "ab", "a.", "1-", "/a", "\\ud800\\udc00"];
      let runs = 0;
      let at = "";
      for (const prefix of prefixes) for (const unit of units) for (const end of ["!", "\\u0000"]) {
        const input = prefix + unit.repeat(Math.ceil(N / unit.length)) + end;
        regexes.forEach((re, i) => {
          process.stdout.write(i + " " + JSON.stringify(prefix + unit + end) + "\\n");
          re.lastIndex = 0;
          if (re.global) input.replace(re, "");
          else if (re.sticky) { let n = 0; while (re.exec(input) && ++n < N); }
          else re.test(input);
          runs++;
        });
      }
      process.stdout.write("done " + runs + "\\n");
    `;
    const cases = [...found.values()];
    const child = spawnSync(process.execPath, ["-e", script], {
      input: JSON.stringify(cases.map((c) => [c.source, c.flags])),
      encoding: "utf8",
      timeout: 60_000,
      maxBuffer: 1 << 26,
    });
    const last = child.stdout.trim().split("\n").at(-1) ?? "";
    const [index, input] = last.split(" ");
    const culprit = cases[Number(index)];
    // No duration is asserted: a pattern that backtracks without bound does not finish, and the kill switch names it.
    expect(child.signal, `killed while running /${culprit?.source}/ of ${culprit?.files.join(", ")} on ${input}…`).toBeNull();
    expect(child.stderr).toBe("");
    expect(last).toBe(`done ${cases.length * 10 * 35 * 2}`);
  }, 90_000);

  it("S03 rows given in memory with __proto__, constructor and prototype keys are data; Object.prototype stays clean", async () => {
    const rows = [
      JSON.parse('{"sku":"A","channel":"web","price":"1","__proto__":{"polluted":"yes"}}') as Record<string, unknown>,
      JSON.parse('{"sku":"B","channel":"web","price":"1","__proto__":"x","constructor":{"prototype":{"polluted":1}}}') as Record<
        string,
        unknown
      >,
      { sku: "C", channel: "web", price: "1", prototype: "p" },
    ];
    const report = await check({ currency: "EUR", feeds: { prices: rows } });
    expect(report.summary.rows).toEqual({ read: 3, accepted: 1, rejected: 2 });
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toEqual([
      '(prices):1:4 (__proto__): field "__proto__" holds a nested object; a field holds text, a number, a boolean or a list of those',
      '(prices):2:5 (constructor): field "constructor" holds a nested object; a field holds text, a number, a boolean or a list of those',
    ]);
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.values["code"])).toEqual([
      "unsupported_value",
      "unsupported_value",
    ]);
    untouched();
  });

  it("S04 operators come from a fixed table: names of Object.prototype members are unknown operators", async () => {
    for (const operator of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "not:__proto__", "__defineGetter__"]) {
      const r = await run(
        {
          "p.csv": `${HEADER}A,web,1.00\n`,
          "r.json": JSON.stringify({
            id: "house/x",
            description: "d",
            severity: "error",
            scope: "offer",
            conditions: { all: [{ fact: "price", operator, value: "1" }] },
          }),
        },
        prices("p.csv", {}, { rules: ["r.json"] }),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^pricelint: r\\.json: house/x: \\$\\.conditions\\.all\\[0\\]\\.operator: unknown operator "${operator}"`),
      );
    }
    untouched();
  });

  it("S05 the terminal table writes control characters from feeds as visible escapes, never raw", async () => {
    const { formatTable } = await import("../src/report/table.js");
    const rows = [
      { sku: "A\u001b[2J\u001b]52;c;SGVsbG8=\u0007", channel: "web", price: "0" },
      { sku: "B", channel: "web", price: "x\u001b[31m\u009b1m\u202e" },
    ];
    const text = formatTable(await check({ currency: "EUR", feeds: { prices: rows } }, { at: new Date(AT) }));
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it("S15 the table's head and feed lines, explanations and the progress line write control characters as visible escapes; a cell of thousands of characters does not widen every line", async () => {
    const { formatTable } = await import("../src/report/table.js");
    const { terminalProgress } = await import("../src/cli/progress.js");
    const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    const hostile = "app\u001b[31mRED\u001b[0m\n# fake line\u0007\u202e";
    const long = "X".repeat(5000);
    const finding = (sku: string, explanation?: unknown) => aFinding({ id: sku.slice(0, 8), sku, ...(explanation ? { explanation } : {}) });
    const leaf = { kind: "leaf", verdict: 1, fact: "brand", factValue: hostile, operator: "equal", valueFact: null, value: "x" };
    // A report as merge reads it: its head (the instant, the feeds) is whatever the file says.
    const report = {
      tool: { name: "pricelint", version: "0" },
      at: `2026\u001b[2J`,
      summary: {
        findings: { error: 2, warning: 0, info: 0, waived: 0 },
        rows: { read: 2, accepted: 2, rejected: 0 },
        feeds: [{ file: hostile, kind: `prices\u001b[2J`, read: 2, accepted: 2, rejected: 0 }],
        rules: 1,
      },
      findings: [finding(long), finding("B", leaf)],
    };
    const text = formatTable(report as never);
    expect(text).not.toMatch(CONTROL);
    expect(text).toContain("app\\u001b[31mRED\\u001b[0m # fake line\\u0007\\u202e");
    // B's line: its sku padded to 60 characters at most, not to 5,000.
    const line = text.split("\n").find((l) => l.startsWith("error") && l.includes(" B "))!;
    expect(line.length).toBeLessThan(200);
    expect(text.split("\n").find((l) => l.includes(long))).toBeDefined();
    let drawn = "";
    const bar = terminalProgress({ write: (s: string) => ((drawn += s), true) } as never, () => 1_000_000);
    bar.update({ file: hostile, bytesRead: 1, totalBytes: 2, feedRows: 1, totalRows: 1 } as never);
    expect(drawn.replace("\r\u001b[K", "")).not.toMatch(CONTROL);
  });

  it("S07 error messages quoting the user's input write its control and bidi characters as visible escapes", async () => {
    // A rule file's unknown fact, and a config's rules entry, carrying escape sequences (OSC 52 writes the clipboard), a C1 control and U+202E.
    const fact = "pr\u001b[2Jice\u009b\u202e";
    const ruleFile = JSON.stringify({
      id: "house/x",
      description: "d",
      severity: "error",
      scope: "offer",
      conditions: { all: [{ fact, operator: "equal", value: 1 }] },
    });
    const outcome = await run({ "p.csv": `${HEADER}A,web,1.00\n`, "r.json": ruleFile }, prices("p.csv", {}, { rules: ["r.json"] }));
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/unknown fact "pr\\u001b\[2Jice\\u009b\\u202e"/);
    const zone = await run({ "p.csv": `${HEADER}A,web,1.00\n` }, prices("p.csv", {}, { rules: ["house\u001b]52;c;SGVsbG8=\u0007"] }));
    expect(zone.code).toBe(2);
    for (const text of [outcome.stderr, zone.stderr])
      expect(text.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it("S06 generated rule predicates hold no text from the rules: only fixed names, constants by index and integers", async () => {
    const { BUILTIN_RULES } = await import("../src/rules/builtin.js");
    const { compileRule } = await import("../src/rules/compile-rule.js");
    const { BUILTIN_CHANNELS } = await import("../src/config/channels.js");
    const hostile = ['"); process.exit(7); ("', "`${process.exit(7)}`", "*/ process.exit(7) /*", "\u2028x", "k0", "n0(ctx)", "constructor"];
    const house = (conditions: unknown): RuleDefinition => ({
      id: "house/hostile",
      description: "d",
      severity: "error",
      scope: "offer",
      conditions,
    });
    const rules: RuleDefinition[] = [
      ...BUILTIN_RULES.filter((r) => r.conditions !== undefined),
      house({ any: hostile.map((value) => ({ fact: "currency", operator: "equal", value })) }),
      house({
        all: [
          { fact: "channel", operator: "in", value: hostile },
          { not: { fact: "price", operator: "notIn", value: ["1000", "-0.5", "0.000001"] } },
        ],
      }),
      house({
        all: [
          { fact: "saleStart", operator: "lessThan", value: "2026-11-01T00:00:00.5Z" },
          { fact: "price", operator: "greaterThan", value: "-12.345" },
        ],
      }),
      house({ all: [{ fact: "store", path: "$['name']", operator: "not:equal", value: hostile[0] }] }),
    ];
    const written: string[] = [];
    const Original = globalThis.Function;
    globalThis.Function = new Proxy(Original, {
      construct(target, args: string[]) {
        written.push(args[args.length - 1]!);
        return Reflect.construct(target, args);
      },
    });
    try {
      const env = { channels: new Set(Object.keys(BUILTIN_CHANNELS)), minorUnits: {} };
      for (const rule of rules) compileRule(rule, {}, env, "test");
    } finally {
      globalThis.Function = Original;
    }
    expect(written.length).toBe(rules.length);
    const words = new Set([
      "use",
      "strict",
      "const",
      "k",
      "function",
      "ctx",
      "let",
      "r",
      "v",
      "a",
      "b",
      "if",
      "return",
      "null",
      "Math",
      "abs",
      "offer",
      "other",
      "store",
      "product",
      "promotion",
    ]);
    for (const source of written) {
      expect(source.startsWith('"use strict";\n')).toBe(true);
      const body = source.slice('"use strict";'.length);
      // No quote, backtick, backslash, slash (comments, regexes) or $ anywhere after the directive.
      expect(body).toMatch(/^[A-Za-z0-9_\s()[\]{};=,.!<>?:+\-]*$/);
      for (const [word] of body.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        if (!/^[kn]\d+$/.test(word)) expect(words, `identifier ${word} in a generated predicate`).toContain(word);
      }
    }
  });
});

describe("the Hardening issue's open classes: numbers by their text, keys, ambiguous sources, inputs that never end", () => {
  const findingsOf = (report: JsonReport, rule: string) =>
    report.findings.filter((f) => f.rule === rule).map((f) => [f.sku, (f as unknown as { location: string | null }).location]);

  it("F28 spaces before a cell's opening quote: the cell is read as quoted, without the spaces or the quotes", async () => {
    // Row 2's location is ` "MI01"`: read as MI01, it is row 3's offer, and the two prices conflict.
    const text =
      'sku,channel,location,price\nA1,store, "MI01",1.00\nA1,store,MI01,2.00\nA2,store,  "MI,02"  ,1.00\nA2,store,"MI,02",1.00\n';
    const r = await feed("p.csv", text, {}, { rules: ["price/conflicting-duplicate"] });
    expect(r.rows).toEqual({ read: 4, accepted: 4, rejected: 0 });
    // A2's two rows are one offer at "MI,02" with one price: no conflict, and no other location.
    expect(findingsOf(r.report, "price/conflicting-duplicate")).toStrictEqual([["A1", "MI01"]]);
  });

  it("M09 JSON numbers are read by the digits written: skus beyond 2^53 stay apart, and 2.00000000000000001 is refused as its string is", async () => {
    const text =
      '[{"sku":10000000000000000001,"channel":"web","price":0},\n{"sku":10000000000000000002,"channel":"web","price":0},\n' +
      '{"sku":"B","channel":"web","price":2.00000000000000001},\n{"sku":"C","channel":"web","price":"2.00000000000000001"}]';
    const r = await feed("p.json", text, {}, { rules: ["price/non-positive", "price/conflicting-duplicate"] });
    expect(r.invalid).toEqual([
      'p.json:3:3 (price): "2.00000000000000001" has more than 6 decimals',
      'p.json:4:3 (price): "2.00000000000000001" has more than 6 decimals',
    ]);
    expect(r.codes).toEqual(["too_many_decimals", "too_many_decimals"]);
    expect(findingsOf(r.report, "price/non-positive")).toStrictEqual([
      ["10000000000000000001", null],
      ["10000000000000000002", null],
    ]);
    expect(findingsOf(r.report, "price/conflicting-duplicate")).toStrictEqual([]);
    // Rows given in memory are numbers already: an integer beyond 2^53 cannot be told from its neighbours.
    const memory = await check(
      { currency: "EUR", feeds: { prices: [{ sku: 10000000000000000001, channel: "web", price: "1.00" }] }, rules: [] },
      { at: new Date(AT) },
    );
    expect(memory.findings.map((f) => [f.values["code"], f.message])).toStrictEqual([
      [
        "inexact_number",
        '(prices):1:1 (sku): field "sku" holds the integer 10000000000000000000, beyond 2^53, where a number cannot tell neighbouring integers apart; give it as a string',
      ],
    ]);
    // An integer up to 2^53 is the integer given, 16 digits or not; Infinity is no number at all.
    const exact = await check(
      {
        currency: "EUR",
        feeds: {
          prices: [
            { sku: 1234567890123456, channel: "web", price: 0 },
            { sku: "B", channel: "web", price: -Infinity },
          ],
        },
        rules: ["price/non-positive"],
      },
      { at: new Date(AT) },
    );
    expect(
      exact.findings.map((f) => [f.rule, f.sku, f.values["code"] ?? null, f.rule === "feed/invalid-row" ? f.message : null]),
    ).toStrictEqual([
      [
        "feed/invalid-row",
        "B",
        "non_finite_number",
        '(prices):2:3 (price): field "price" holds -Infinity, which is not a number a field can hold',
      ],
      ["price/non-positive", "1234567890123456", null, null],
    ]);
  });

  it("T10 a sale_start in start/end form on a row that also gives a sale_end: rejected in every format, never one end dropped", async () => {
    const header = "sku,channel,price,sale_price,sale_start,sale_end\n";
    const reason = 'sale_start "2026-11-01/2026-11-30" is a whole interval, and sale_end "2026-11-20" gives another end';
    // Row 3 has no sale_end: its sale_start is the whole window, and it is accepted.
    const csv = await feed("p.csv", `${header}A,web,2.00,1.50,2026-11-01/2026-11-30,2026-11-20\nB,web,2.00,1.50,2026-11-01/2026-11-30,\n`);
    expect([csv.invalid, csv.codes, csv.rows]).toStrictEqual([
      [`p.csv:2:6 (sale_end): ${reason}`],
      ["two_sale_ends"],
      { read: 2, accepted: 1, rejected: 1 },
    ]);
    const json = await feed(
      "p.jsonl",
      '{"sku":"A","channel":"web","price":2,"sale_price":1.5,"sale_start":"2026-11-01/2026-11-30","sale_end":"2026-11-20"}\n',
    );
    expect([json.invalid, json.codes]).toStrictEqual([[`p.jsonl:1:6 (sale_end): ${reason}`], ["two_sale_ends"]]);
  });

  it("K01 one sku written in NFC and in NFD (café-1) is one sku: the web/store difference is found, and a waiver in NFD waives it", async () => {
    const nfc = "caf\u00e9-1";
    const nfd = "cafe\u0301-1";
    const text = `sku,channel,location,price\n${nfc},web,,2.00\n${nfd},store,MI01,1.00\n`;
    const r = await feed("p.csv", text, {}, { rules: ["channel/online-differs-from-store"] });
    expect(r.rows).toEqual({ read: 2, accepted: 2, rejected: 0 });
    expect(findingsOf(r.report, "channel/online-differs-from-store")).toStrictEqual([[nfc, "MI01"]]);
    // The same in JSON, in memory and through a constant.
    const json = await feed(
      "p.jsonl",
      `{"sku":"${nfd}","channel":"web","price":"2.00"}\n{"sku":"${nfc}","channel":"store","location":"MI01","price":"1.00"}\n`,
      {},
      { rules: ["channel/online-differs-from-store"] },
    );
    expect(findingsOf(json.report, "channel/online-differs-from-store")).toStrictEqual([[nfc, "MI01"]]);
    // A waiver naming the sku in NFD waives it: the config's keys are read as the feeds' are.
    const waivers = [{ rule: "channel/online-differs-from-store", sku: nfd, until: "2026-12-31", reason: "test" }];
    const waived = await feed("p.csv", text, {}, { rules: ["channel/online-differs-from-store"], waivers });
    const finding = waived.report.findings.find((f) => f.rule === "channel/online-differs-from-store") as unknown as {
      sku: string;
      waived: unknown;
    };
    expect([finding.sku, finding.waived !== null, waived.code]).toStrictEqual([nfc, true, 0]);
  });

  it("K02 a key holding an invisible character (zero-width, soft hyphen, BOM, bidi control): the row is rejected, the character shown escaped", async () => {
    const text =
      "sku,channel,location,price\nA\u200b1,web,,1.00\nA1,store,MI0\u00ad1,1.00\nA1,store,\ufeffMI01x\ufeff2,1.00\nA\u202e1,web,,1.00\nA1,web,,1.00\n";
    const r = await feed("p.csv", text);
    // Findings in sku order: A1 (rows 3 and 4), then A\u200b1 and A\u202e1.
    expect(r.invalid).toEqual([
      'p.csv:3:3 (location): "MI0\\u00ad1" holds U+00AD SOFT HYPHEN, which no one can see: it would make a key that prints like another; remove it',
      'p.csv:4:3 (location): "MI01x\\ufeff2" holds U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM), which no one can see: it would make a key that prints like another; remove it',
      'p.csv:2:1 (sku): "A\\u200b1" holds U+200B ZERO WIDTH SPACE, which no one can see: it would make a key that prints like another; remove it',
      'p.csv:5:1 (sku): "A\\u202e1" holds U+202E RIGHT-TO-LEFT OVERRIDE, which no one can see: it would make a key that prints like another; remove it',
    ]);
    expect(r.codes).toEqual(["invisible_character", "invisible_character", "invisible_character", "invisible_character"]);
    expect(r.rows).toEqual({ read: 5, accepted: 1, rejected: 4 });
  });

  it("K05 a key holding a line or paragraph separator (U+2028, U+2029): the row is rejected, the separator shown escaped", async () => {
    const r = await feed("p.csv", "sku,channel,location,price\nA1,store,MI\u202801,1.00\nA\u20291,web,,1.00\nA1,web,,1.00\n");
    expect(r.invalid).toEqual([
      'p.csv:2:3 (location): "MI\\u202801" holds U+2028 LINE SEPARATOR, which no one can see: it would make a key that prints like another; remove it',
      'p.csv:3:1 (sku): "A\\u20291" holds U+2029 PARAGRAPH SEPARATOR, which no one can see: it would make a key that prints like another; remove it',
    ]);
    expect(r.rows).toEqual({ read: 3, accepted: 1, rejected: 2 });
  });

  it("K04 a key holding a lone surrogate (a JSON escape \\ud800 with no other half): the row is rejected, the surrogate shown escaped; a whole pair is a character", async () => {
    const text =
      '{"sku":"A\\ud800","channel":"web","price":"1.00"}\n{"sku":"A\\udc01","channel":"web","price":"1.00"}\n{"sku":"A\\ud83d\\ude00","channel":"web","price":"1.00"}\n';
    const r = await feed("p.jsonl", text);
    const reason = (unit: string) =>
      `"A\\u${unit}" holds U+${unit.toUpperCase()}, half of a surrogate pair without the other half, which is no character: it would make a key that prints like another (as \ufffd); remove it`;
    expect(r.invalid).toEqual([`p.jsonl:1:1 (sku): ${reason("d800")}`, `p.jsonl:2:1 (sku): ${reason("dc01")}`]);
    expect(r.codes).toEqual(["invisible_character", "invisible_character"]);
    expect(r.rows).toEqual({ read: 3, accepted: 1, rejected: 2 });
  });

  it("J16 a key given twice in a JSON row: the row is rejected, naming both values (JSON.parse kept the last)", async () => {
    const r = await feed(
      "p.jsonl",
      '{"sku":"A","channel":"web","price":"1.00","price":2.00}\n{"sku":"B","channel":"web","price":"1.00"}\n',
    );
    expect(r.invalid).toEqual([
      'p.jsonl:1:3 (price): key "price" appears twice in the object (first "1.00", then 2.00): JSON keeps the last without a word; give it once',
    ]);
    expect(r.codes).toEqual(["duplicate_field"]);
    expect(r.rows).toEqual({ read: 2, accepted: 1, rejected: 1 });
  });

  it("C24 a feed's constant for a field it has a column of (channel, currency): exit 2, unless the column is in ignoreColumns", async () => {
    const files = { "p.csv": "sku,channel,price,currency\nA,store,1.00,EUR\n" };
    await configError(
      prices("p.csv", { constants: { channel: "web" } }),
      'p.csv: column "channel" gives channel, and the feed\'s constants set it to "web": which is meant? Drop the constant to read the column, or list "channel" in "ignoreColumns" to use the constant',
      files,
    );
    await configError(
      prices("p.csv", { constants: { currency: "USD" } }),
      'p.csv: column "currency" gives currency, and the feed\'s constants set it to "USD": which is meant? Drop the constant to read the column, or list "currency" in "ignoreColumns" to use the constant',
      files,
    );
    const ignored = await run(files, prices("p.csv", { constants: { channel: "web" }, ignoreColumns: ["channel"] }));
    expect([ignored.code, ignored.stderr, ignored.report?.summary.rows]).toStrictEqual([0, "", { read: 1, accepted: 1, rejected: 0 }]);
  });

  it("C25 a feed or rule path outside the config's folder (../, absolute) in a config from others (--inside-only, insideOnly): exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-outside-"));
    writeFileSync(join(dir, "secret.csv"), `${HEADER}A,web,1.00\n`);
    const config = { ...prices("../secret.csv"), rules: ["recommended", `${dir}/r.json`] };
    const inner = join(dir, "project");
    mkdirSync(inner);
    const file = join(inner, "pricelint.config.json");
    writeFileSync(file, JSON.stringify(config));
    // A rule that fires on every offer (an empty all is true), as information: the run still exits 0.
    writeFileSync(
      join(dir, "r.json"),
      JSON.stringify({ id: "house/x", description: "d", severity: "info", scope: "offer", conditions: { all: [] } }),
    );
    const why =
      "is outside the config's folder, and paths are kept inside it (a config from elsewhere could otherwise read any file you can, and quote its lines in findings): move the file into the config's folder";
    const message = `<dir>/project/pricelint.config.json: feeds[0].path: "../secret.csv" ${why}; rules[1]: "<dir>/r.json" ${why}`;
    const refused = await runCli(["check", "--config", file, "--no-progress", "--at", AT, "--inside-only"]);
    expect([refused.code, refused.stderr.replaceAll(dir, "<dir>")]).toStrictEqual([2, `pricelint: ${message}\n`]);
    const library = (await loadConfig(file, { insideOnly: true }).catch((e: unknown) => e)) as PricelintError;
    expect([library.code, library.message.replaceAll(dir, "<dir>")]).toStrictEqual(["config", message]);
    // Without them (the user's own config), files may be anywhere.
    const own = await runCli(["check", "--config", file, "--no-progress", "--at", AT, "--format", "json"]);
    expect([own.code, own.stderr]).toStrictEqual([0, ""]);
    expect((JSON.parse(own.stdout) as JsonReport).summary.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
    expect((await check(await loadConfig(file), { at: new Date(AT) })).summary.rows.read).toBe(1);
  });

  it("C62 a config from others (--inside-only, insideOnly) that has pages fetched (a URL or links as path), or a page cache outside its folder: exit 2 before anything is fetched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-fetch-"));
    const inner = join(dir, "project");
    mkdirSync(inner);
    writeFileSync(join(inner, "p.csv"), `${HEADER}A,web,1.00\n`);
    const page = "http://127.0.0.1:9/page.html";
    const withCache = (cache: string) => ({
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "p.csv" },
        { kind: "prices", path: page, format: "html", fetch: { cache } },
        { kind: "prices", path: "links", format: "html" },
      ],
    });
    const file = join(inner, "pricelint.config.json");
    const fetches =
      "names pages to fetch, and a config from elsewhere may not have pricelint fetch anything (it could make it ask any address this machine reaches, inside its network too, and quote the answers in findings): save the pages into the config's folder and name them there";
    const writes =
      "is outside the config's folder, and paths are kept inside it (a config from elsewhere could otherwise write pages into any folder you can): keep the cache in the config's folder";
    const refusal = (cache: string | null) =>
      `<dir>/project/pricelint.config.json: feeds[1].path: "${page}" ${fetches}; ` +
      `${cache === null ? "" : `feeds[1].fetch.cache: "${cache}" ${writes}; `}feeds[2].path: "links" ${fetches}`;
    writeFileSync(file, JSON.stringify(withCache("../pages")));
    const refused = await runCli(["check", "--config", file, "--no-progress", "--at", AT, "--inside-only"]);
    expect([refused.code, refused.stderr.replaceAll(dir, "<dir>")]).toStrictEqual([2, `pricelint: ${refusal("../pages")}\n`]);
    // A cache up through "..", or absolute, leaves the folder; one inside it is no issue of its own.
    for (const [cache, outside] of [
      ["../pages", true],
      ["/var/cache/pages", true],
      [".pages", false],
      ["pages/../.pages", false],
    ] as const) {
      writeFileSync(file, JSON.stringify(withCache(cache)));
      const library = (await loadConfig(file, { insideOnly: true }).catch((e: unknown) => e)) as PricelintError;
      expect([library.code, library.message.replaceAll(dir, "<dir>")], cache).toStrictEqual(["config", refusal(outside ? cache : null)]);
      // Without insideOnly (the user's own config), pages may be fetched and cached anywhere.
      expect((await loadConfig(file)).config.feeds, cache).toHaveLength(3);
    }
  });

  it("R17 a rule literal of the wrong type for its fact or operator: exit 2 with the JSON path and what was expected", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { fact: "onSale", operator: "equal", value: "true" },
        '$.conditions.all[0].value: onSale is a boolean: equal needs a boolean here, got "true"',
      ],
      [
        { fact: "price", operator: "equal", value: true },
        '$.conditions.all[0].value: a money value is a decimal string such as "9.99", got true',
      ],
      [{ fact: "price", operator: "greaterThan", value: "abc" }, '$.conditions.all[0].value: "abc" is not an amount (unexpected "a")'],
      [
        { fact: "saleStart", operator: "lessThan", value: 5 },
        '$.conditions.all[0].value: an instant is an ISO 8601 string such as "2026-11-20T12:00:00Z", got 5',
      ],
      [{ fact: "channel", operator: "in", value: "web" }, '$.conditions.all[0].value: in takes an array, got "web"'],
      [
        { fact: "channel", operator: "in", value: ["web", 3] },
        "$.conditions.all[0].value[1]: channel is a string: in needs a string here, got 3",
      ],
      [
        { fact: "sku", operator: "lessThan", value: 5 },
        "$.conditions.all[0].operator: lessThan does not apply to sku (string): lessThan compares numbers; a string fact takes equal, notEqual, in or notIn",
      ],
      [
        { fact: "product", path: "$.listedChannels", operator: "equal", value: "web" },
        "$.conditions.all[0].operator: equal does not apply to product.listedChannels (list): a list fact takes contains, doesNotContain, or someFact:/everyFact: before another operator",
      ],
      [
        { fact: "channel", operator: "contains", value: "w" },
        "$.conditions.all[0].operator: contains does not apply to channel (string): contains applies to list facts; compare one value with equal or in",
      ],
      // A list where one amount, ratio or instant goes: it was read as its one element, or never matched.
      [
        { fact: "price", operator: "equal", value: ["9.99"] },
        '$.conditions.all[0].value: price is one value (money): equal compares it with one value, got the list ["9.99"]; compare with a list by in or notIn',
      ],
      [
        { fact: "discountPercent", operator: "notEqual", value: ["50"] },
        '$.conditions.all[0].value: discountPercent is one value (ratio): notEqual compares it with one value, got the list ["50"]; compare with a list by in or notIn',
      ],
    ];
    await refusedLeaves(cases);
  });

  it("R19 swap: with a value of the wrong shape, and in against a text fact: exit 2; swap:in with one item is read as json-rules-engine reads it", async () => {
    const cases: [Record<string, unknown>, string][] = [
      // contains("web", channel): a text is never a list, so it never fired.
      [
        { fact: "channel", operator: "swap:contains", value: "web" },
        '$.conditions.all[0].value: swap:contains looks for channel in the value: it takes an array, got "web"',
      ],
      [
        { fact: "product", path: "$.listedChannels", operator: "swap:in", value: ["web"] },
        '$.conditions.all[0].value: swap:in looks for the value in product.listedChannels: it takes one item, got the list ["web"]',
      ],
      [
        { fact: "channel", operator: "swap:in", value: "w" },
        "$.conditions.all[0].operator: swap:in looks for the value in channel, which is a string, not a list",
      ],
      // "web" in "webcam-1": json-rules-engine's indexOf matched part of the sku.
      [
        { fact: "channel", operator: "in", value: { fact: "sku" } },
        "$.conditions.all[0].value: in looks for channel in sku, which is a string, not a list",
      ],
    ];
    await refusedLeaves(cases);
    // swap:in with one item: "web" in the sku's listed channels.
    const listed = await run(
      {
        "p.csv": `${HEADER}A,web,1.00\nB,web,1.00\n`,
        "c.csv": "sku,listed_channels\nA,web|store\nB,store\n",
        "r.json": leafRule({ fact: "product", path: "$.listedChannels", operator: "swap:in", value: "web" }),
      },
      {
        timezone: "UTC",
        currency: "EUR",
        feeds: [
          { kind: "prices", path: "p.csv" },
          { kind: "catalogue", path: "c.csv" },
        ],
        rules: ["r.json"],
      },
    );
    expect(listed.report!.findings.map((f) => f.sku)).toStrictEqual(["A"]);
  });

  it("R18 a rule file's rule that would be silently cut or never run: a leaf's keys beside all/any/not, a system scope, channels on a scope they do not filter", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          scope: "offer",
          conditions: {
            all: [{ fact: "price", operator: "greaterThan", value: "9.5", not: { fact: "channel", operator: "equal", value: "store" } }],
          },
        },
        'house/x: $.conditions.all[0].fact: a condition with not holds nothing else; put "fact" in a condition of its own',
      ],
      [
        { scope: "offer", conditions: { any: [{ fact: "price", operator: "greaterThan", value: "1" }], foo: 1 } },
        'house/x: $.conditions.foo: a condition with any holds nothing else; put "foo" in a condition of its own',
      ],
      [
        { scope: "config", conditions: { all: [{ fact: "price", operator: "greaterThan", value: "9" }] } },
        'scope: "config" is the scope of built-in rules the loader raises; a rule file\'s rule has scope offer, pair, product, family or promotion',
      ],
      [
        { scope: "product", channels: ["app"], conditions: { all: [{ fact: "pricedChannels", operator: "contains", value: "web" }] } },
        "channels: a product rule is not of one channel: channels filter offer and pair rules only (read a channel's offers with facts such as pricedChannels)",
      ],
    ];
    for (const [rule, message] of cases) {
      const file = JSON.stringify({ id: "house/x", description: "d", severity: "error", ...rule });
      const outcome = await run({ "p.csv": `${HEADER}A,web,1.00\n`, "r.json": file }, prices("p.csv", {}, { rules: ["r.json"] }));
      expect(outcome.stderr, JSON.stringify(rule)).toBe(`pricelint: r.json: ${message}\n`);
      expect(outcome.code).toBe(2);
    }
  });

  it("R38 a rule file's rule that says the preset recommended takes it is refused; false, true of every house rule, is not", async () => {
    const rule = (recommended: boolean) =>
      JSON.stringify({
        id: "house/rec",
        description: "price above 1",
        severity: "error",
        scope: "offer",
        recommended,
        conditions: { all: [{ fact: "price", operator: "greaterThan", value: "1" }] },
        message: "m",
      });
    const refused = await run({ "p.csv": `${HEADER}A,web,2.00\n`, "r.json": rule(true) }, prices("p.csv", {}, { rules: ["r.json"] }));
    expect(refused.stderr).toBe(
      'pricelint: r.json: recommended: the preset "recommended" takes built-in rules only, and a house rule runs whenever "rules" lists it or its file: remove "recommended"\n',
    );
    expect(refused.code).toBe(2);
    // Said false, the rule runs as listed, and fires on 2.00.
    const accepted = await run({ "p.csv": `${HEADER}A,web,2.00\n`, "r.json": rule(false) }, prices("p.csv", {}, { rules: ["r.json"] }));
    expect(accepted.report!.findings.map((f) => f.rule)).toContain("house/rec");
    expect(accepted.code).toBe(1);
  });

  it("C31 a channel named as rules name facts (product, options, previous…), and a channel id's own message, not zod's", async () => {
    for (const [name, message] of [
      [
        "product",
        "a channel may not be named product, options, previous, smaller, larger, now: rules read facts by those names (product.cost, options.x, previous.price…)",
      ],
      ["Web2", "channel ids are lowercase: letters, digits, _ : . -"],
    ] as const) {
      const outcome = await run({ "p.csv": `${HEADER}A,web,1.00\n` }, prices("p.csv", {}, { channels: { [name]: { located: false } } }));
      expect(outcome.stderr).toBe(`pricelint: <dir>/pricelint.config.json: channels.${name}: ${message}\n`);
      expect(outcome.code).toBe(2);
    }
  });

  it("C32 a dateFormat that could be read two ways (Excel's dd/mm/yyyy, a 12-hour clock, a two-digit year) is refused", async () => {
    for (const [format, message] of [
      ["dd/mm/yyyy", '"dd/mm/yyyy" has minutes (mm) but no hour: for the month write MM'],
      ["dd/MM/yyyy hh:mm", '"dd/MM/yyyy hh:mm": hh is an hour of a 12-hour clock, which needs AM/PM: write HH (0–23)'],
      ["dd/MM/yy", '"dd/MM/yy": a two-digit year has no century: write yyyy'],
    ] as const) {
      await configError(prices("p.csv", { dateFormat: format }), `${CONFIG}: feeds[0].dateFormat: ${message}`);
    }
  });

  it("C34 two fields mapped to names that are one column of the header (PRICE and price, NFD and NFC): exit 2 naming the column and both fields", async () => {
    const file = { "p.csv": "sku,channel,price\nA,web,12.00\n" };
    await configError(
      prices("p.csv", { columns: { price: "PRICE", sale_price: "price" } }),
      'p.csv: column "price" gives price (as "PRICE") and sale_price (as "price"): a column gives one field (only a window\'s ends, or a measure\'s amount and unit, may share one)',
      file,
    );
    await configError(
      prices("p.csv", { columns: { price: "price", member_price: "Price" } }),
      'p.csv: column "price" gives price (as "price") and member_price (as "Price"): a column gives one field (only a window\'s ends, or a measure\'s amount and unit, may share one)',
      file,
    );
    // A window's ends may share a column however its name is written.
    const shared = await feed("p.csv", "sku,channel,price,sale_price,window\nA,web,12.00,10.00,2026-01-01/2026-02-01\n", {
      columns: { sale_start: "WINDOW", sale_end: "window" },
    });
    expect(shared.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
  });

  it("C35 a column both mapped and listed in ignoreColumns: exit 2 in every format; a column found by its name and listed there is not read", async () => {
    const message = `${CONFIG}: feeds[0].ignoreColumns: column "location" is mapped to location and listed in ignoreColumns: read it or leave it, not both`;
    for (const [path, content] of [
      ["p.csv", "sku,channel,location,price\nA,store,MI01,12.00\n"],
      ["p.jsonl", '{"sku":"A","channel":"store","location":"MI01","price":"12.00"}\n'],
    ] as const) {
      await configError(prices(path, { columns: { location: "location" }, ignoreColumns: ["location"] }), message, { [path]: content });
    }
    // Found by its own name and listed: left unread in CSV as JSON Lines never reads it, so the row is the channel's default in both.
    for (const [path, content] of [
      ["p.csv", "sku,channel,location,price\nA,store,MI01,12.00\n"],
      ["p.jsonl", '{"sku":"A","channel":"store","location":"MI01","price":"12.00"}\n'],
    ] as const) {
      const r = await feed(path, content, { ignoreColumns: ["location"] }, { rules: ["price/non-positive"] });
      expect(r.rows, path).toEqual({ read: 1, accepted: 1, rejected: 0 });
      const plain = await feed(path, content.replace("12.00", "0.00"), { ignoreColumns: ["location"] }, { rules: ["price/non-positive"] });
      expect(
        plain.report.findings.map((f) => [f.rule, (f as unknown as { location: string | null }).location]),
        path,
      ).toEqual([["price/non-positive", null]]);
    }
  });

  it("C63 an ignoreColumns entry names its column as a mapping does: exactly, else ignoring case; two columns it could each be are refused", async () => {
    // Columns Price and price: the entry "Price" leaves Price unread and price read, in delimited text as in Parquet.
    const columns = { sku: ["A1"], channel: ["web"], Price: ["x"], price: ["10.00"], sale_price: ["12.00"] };
    const parquet = Buffer.from(
      parquetWriteBuffer({ columnData: Object.entries(columns).map(([name, data]) => ({ name, data, type: "STRING" })) }),
    );
    const csv = `${Object.keys(columns).join(",")}\n${Object.values(columns).join(",")}\n`;
    for (const [path, content] of [
      ["p.csv", csv],
      ["p.parquet", parquet],
    ] as const) {
      // As the feed/unmapped-column warning on Price advises, with price mapped or found by its name.
      for (const entry of [{ ignoreColumns: ["Price"] }, { columns: { price: "price" }, ignoreColumns: ["Price"] }]) {
        const r = await feed(path, content, entry);
        expect(r.rows, path).toEqual({ read: 1, accepted: 1, rejected: 0 });
        expect(
          r.report.findings.map((f) => [f.rule, f.message]),
          path,
        ).toEqual([["price/sale-not-below-regular", "web at every location: sale price 12.00 is not below the price 10.00"]]);
      }
      // PRICE is neither as written, and either ignoring case.
      await configError(
        prices(path, { ignoreColumns: ["PRICE"] }),
        `${path}: the ignoreColumns entry "PRICE" could be column "Price" or "price": list the one meant, as the file writes it`,
        { [path]: content },
      );
    }
    // Beside price alone, the entry "Price" names price: mapped too, it is refused once the header says so.
    const lone = { sku: ["A1"], channel: ["web"], price: ["10.00"] };
    const loneParquet = Buffer.from(
      parquetWriteBuffer({ columnData: Object.entries(lone).map(([name, data]) => ({ name, data, type: "STRING" })) }),
    );
    for (const [path, content] of [
      ["p.csv", "sku,channel,price\nA1,web,10.00\n"],
      ["p.parquet", loneParquet],
    ] as const) {
      await configError(
        prices(path, { columns: { price: "price" }, ignoreColumns: ["Price"] }),
        `${path}: column "price" is mapped to price, and the ignoreColumns entry "Price" names it too: read it or leave it, not both`,
        { [path]: content },
      );
    }
    // JSON's keys may differ from record to record: there the config refuses it at once, naming the entry.
    await configError(
      prices("p.jsonl", { columns: { price: "price" }, ignoreColumns: ["Price"] }),
      `${CONFIG}: feeds[0].ignoreColumns: column "price" is mapped to price and listed in ignoreColumns (as "Price"): read it or leave it, not both`,
      { "p.jsonl": '{"sku":"A1","channel":"web","price":"10.00"}\n' },
    );
  });

  it("C68 an ignoreColumns entry in a workbook names its column as in CSV; in JSON, one two keys in different case match is refused", async () => {
    // A workbook's header Price, price: "Price" leaves price read (before: both unread, the finding lost, exit 0).
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const line = (r: number, ...texts: string[]) => `<row r="${r}">${texts.map((t, i) => cell(`${"ABCDE"[i]}${r}`, t)).join("")}</row>`;
    const sheet = xlsxBytes(line(1, "sku", "channel", "Price", "price", "sale_price") + line(2, "A1", "web", "x", "10.00", "12.00"));
    const r = await feed("p.xlsx", sheet, { ignoreColumns: ["Price"] });
    expect(r.rows).toEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(r.report.findings.map((f) => f.rule)).toEqual(["price/sale-not-below-regular"]);
    await configError(
      prices("p.xlsx", { ignoreColumns: ["PRICE"] }),
      `p.xlsx: the ignoreColumns entry "PRICE" could be column "Price" or "price": list the one meant, as the file writes it`,
      { "p.xlsx": sheet },
    );
    // JSON Lines: keys come record by record, so which of Price and price is meant cannot wait for a header.
    await configError(
      prices("p.jsonl", { ignoreColumns: ["Price"] }),
      `p.jsonl: the ignoreColumns entry "Price" could be key "Price" or key "price", which the file both writes and which differ in case only: which is meant is not known; rename one of them upstream`,
      { "p.jsonl": '{"sku":"A1","channel":"web","Price":"x"}\n{"sku":"A2","channel":"web","price":"10.00","sale_price":"12.00"}\n' },
    );
    // One key, whatever its case, is the entry's.
    const one = await feed("p.jsonl", '{"sku":"A1","channel":"web","price":"10.00","PRICE_NOTE":"x","sale_price":"12.00"}\n', {
      ignoreColumns: ["price_note"],
    });
    expect(one.report.findings.map((f) => f.rule)).toEqual(["price/sale-not-below-regular"]);
  });

  it("C71 a mapped name picks its column exactly, else ignoring case: beside Price and price, the column it does not take is read by its own field", async () => {
    // One table of columns written as CSV, Parquet, a workbook and JSON Lines.
    const formats = (columns: Record<string, string>): [string, string | Buffer][] => {
      const names = Object.keys(columns);
      const values = Object.values(columns);
      const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
      const line = (r: number, texts: string[]) => `<row r="${r}">${texts.map((t, i) => cell(`${"ABCDEFG"[i]}${r}`, t)).join("")}</row>`;
      return [
        ["p.csv", `${names.join(",")}\n${values.join(",")}\n`],
        [
          "p.parquet",
          Buffer.from(parquetWriteBuffer({ columnData: names.map((name, i) => ({ name, data: [values[i]!], type: "STRING" })) })),
        ],
        ["p.xlsx", xlsxBytes(line(1, names) + line(2, values))],
        ["p.jsonl", `${JSON.stringify(columns)}\n`],
      ];
    };
    const findings = (r: { report: JsonReport }) => r.report.findings.map((f) => [f.rule, f.message]);
    // sale_price mapped to Price: price is read by its name from price (before: neither column was price's, exit 0).
    for (const [path, content] of formats({ sku: "A1", channel: "web", Price: "13.00", price: "12.00" })) {
      const r = await feed(path, content, { columns: { sale_price: "Price" } });
      expect([path, r.rows, findings(r)]).toStrictEqual([
        path,
        { read: 1, accepted: 1, rejected: 0 },
        [["price/sale-not-below-regular", "web at every location: sale price 13.00 is not below the price 12.00"]],
      ]);
    }
    // sale_price mapped to price: Price is the other column named like price, and is price's.
    for (const [path, content] of formats({ sku: "A1", channel: "web", Price: "11.00", price: "12.00" })) {
      const r = await feed(path, content, { columns: { sale_price: "price" } });
      expect([path, findings(r)]).toStrictEqual([
        path,
        [["price/sale-not-below-regular", "web at every location: sale price 12.00 is not below the price 11.00"]],
      ]);
    }
    // price mapped to Price: price is read by no field, and said so.
    for (const [path, content] of formats({ sku: "A1", channel: "web", Price: "12.00", price: "13.00" })) {
      const r = await feed(path, content, { columns: { price: "Price" } });
      expect([path, r.report.findings.map((f) => [f.rule, f.values["columnName"], f.values["instead"]])]).toStrictEqual([
        path,
        [["feed/unmapped-column", "price", "Price"]],
      ]);
    }
    // Neither as written, both ignoring case: refused, naming both.
    for (const [path, content] of formats({ sku: "A1", channel: "web", Price: "13.00", price: "12.00" }).slice(0, 3))
      await configError(
        prices(path, { columns: { sale_price: "PRICE" } }),
        `${path}: columns "Price" and "price" could each be sale_price: map the one meant in "columns"`,
        { [path]: content },
      );
    // A column the feed leaves unread is no field's either: beside it, the one other spelling is the field's (before: exit 2).
    const loose = await feed("p.csv", "sku,channel,price,sale price,Sale-Price\nA1,web,10.00,12.00,x\n", { ignoreColumns: ["Sale-Price"] });
    expect(findings(loose)).toStrictEqual([
      ["price/sale-not-below-regular", "web at every location: sale price 12.00 is not below the price 10.00"],
    ]);
  });

  it("C72 the feed/unmapped-column warning leaves out the columns ignoreColumns names as the reader names them: exactly, else ignoring case", async () => {
    // Sale_Price listed beside sale_price: the entry is Sale_Price's alone, so sale_price, read by no field, is warned about.
    const names = ["sku", "channel", "price", "offer", "Sale_Price", "sale_price"];
    const values = ["A1", "web", "10.00", "9.00", "x", "8.00"];
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const line = (r: number, texts: string[]) => `<row r="${r}">${texts.map((t, i) => cell(`${"ABCDEF"[i]}${r}`, t)).join("")}</row>`;
    const entry = { columns: { sale_price: "offer" }, ignoreColumns: ["Sale_Price"] };
    for (const [path, content] of [
      ["p.csv", `${names.join(",")}\n${values.join(",")}\n`],
      [
        "p.parquet",
        Buffer.from(parquetWriteBuffer({ columnData: names.map((name, i) => ({ name, data: [values[i]!], type: "STRING" })) })),
      ],
      ["p.xlsx", xlsxBytes(line(1, names) + line(2, values))],
    ] as const) {
      const r = await feed(path, content, entry);
      expect([path, r.report.findings.map((f) => [f.rule, f.values["column"], f.values["columnName"], f.values["instead"]])]).toStrictEqual(
        [path, [["feed/unmapped-column", 6, "sale_price", "offer"]]],
      );
    }
    const csv = await feed("p.csv", `${names.join(",")}\n${values.join(",")}\n`, entry);
    expect(csv.report.findings[0]!.message).toBe(
      'p.csv:1:6: column "sale_price" is not read, but it looks like sale_price, and this feed reads sale_price from column "offer": map it under "columns", or list it in "ignoreColumns"',
    );
    // Alone, sale_price is the entry's in any case, and said nothing of.
    const alone = await feed("p.csv", "sku,channel,price,offer,sale_price\nA1,web,10.00,9.00,8.00\n", entry);
    expect(alone.report.findings).toStrictEqual([]);
  });

  it("C73 a column a profile maps and ignoreColumns lists is left unread in every format, as if the file had none", async () => {
    const columns = { id: "A1", title: "T", price: "10.00 EUR", sale_price: "12.00 EUR", availability: "in stock" };
    const names = Object.keys(columns);
    const values = Object.values(columns);
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const line = (r: number, texts: string[]) => `<row r="${r}">${texts.map((t, i) => cell(`${"ABCDE"[i]}${r}`, t)).join("")}</row>`;
    const files: [string, string | Buffer][] = [
      ["p.csv", `${names.join(",")}\n${values.join(",")}\n`],
      ["p.tsv", `${names.join("\t")}\n${values.join("\t")}\n`],
      [
        "p.parquet",
        Buffer.from(parquetWriteBuffer({ columnData: names.map((name, i) => ({ name, data: [values[i]!], type: "STRING" })) })),
      ],
      ["p.xlsx", xlsxBytes(line(1, names) + line(2, values))],
      ["p.jsonl", `${JSON.stringify(columns)}\n`],
    ];
    const gmc = (path: string, ignoreColumns?: string[]) => ({
      currency: "EUR",
      feeds: [{ profile: "google-products", path, ...(ignoreColumns === undefined ? {} : { ignoreColumns }) }],
    });
    for (const [path, content] of files) {
      // Read: the sale price 12.00 is not below the price 10.00.
      const read = await run({ [path]: content }, gmc(path));
      expect([path, read.report!.findings.map((f) => f.rule)]).toStrictEqual([path, ["price/sale-not-below-regular"]]);
      // Listed, as written or in another case: the sale price is not read (before: read in CSV and TSV alone).
      for (const entry of ["sale_price", "Sale_Price"]) {
        const left = await run({ [path]: content }, gmc(path, [entry]));
        expect([path, entry, left.code, left.report!.summary.rows, left.report!.findings]).toStrictEqual([
          path,
          entry,
          0,
          { read: 1, accepted: 1, rejected: 0 },
          [],
        ]);
      }
    }
  });

  it("C36 a field given both at a feed's top level and in one of its views, or as a constant with a value map: exit 2, say it once", async () => {
    const views = [{ kind: "prices", columns: { location: "where" } }];
    await configError(
      { currency: "EUR", feeds: [{ path: "p.csv", views, columns: { location: "store" } }] },
      `${CONFIG}: feeds[0].views[0].columns.location: location is given in the prices view and at the feed's top level (columns or constants): say it once`,
    );
    await configError(
      {
        currency: "EUR",
        feeds: [{ path: "p.csv", views: [{ kind: "prices", values: { channel: { W: "web" } } }], values: { channel: { S: "store" } } }],
      },
      `${CONFIG}: feeds[0].views[0].values.channel: channel is given in the prices view and at the feed's top level (values): say it once`,
    );
    // A constant beside a value map for its field: in which terms is the constant written?
    await configError(
      prices("p.csv", { constants: { channel: "web" }, values: { channel: { web: "app" } } }),
      `${CONFIG}: feeds[0].values.channel: channel is set as a constant and has a value map: would the map apply to the constant? Give the constant as the value it stands for, and drop the map`,
    );
  });

  it("C37 a timezone on a feed whose rows hold no time (stores, catalogue): exit 2, pointing to the store's own zone", async () => {
    await configError(
      { currency: "EUR", feeds: [{ kind: "stores", path: "s.csv", timezone: "Asia/Tokyo" }] },
      `${CONFIG}: feeds[0].timezone: timezone applies to times in rows, and stores rows hold none: a store's zone is its row's "timezone" (map a column, or set constants: {"timezone": …})`,
      { "s.csv": "location\nTK01\n" },
    );
    await configError(
      { currency: "EUR", feeds: [{ kind: "catalogue", path: "c.csv", timezone: "Asia/Tokyo" }] },
      `${CONFIG}: feeds[0].timezone: timezone applies to times in rows, and catalogue rows hold none`,
      { "c.csv": "sku\nA\n" },
    );
  });

  it("C38 a value map's keys are read in NFC: a cell in NFD is the entry that prints as it; two keys that are one in NFC are refused", async () => {
    const nfd = "Zu\u0308rich";
    const r = await feed(
      "p.csv",
      `sku,channel,location,price\nA,store,${nfd},0.00\n`,
      { values: { location: { "Z\u00fcrich": "ZH01" } } },
      { rules: ["price/non-positive"] },
    );
    expect(r.report.findings.map((f) => (f as unknown as { location: string | null }).location)).toEqual(["ZH01"]);
    await configError(
      prices("p.csv", { values: { location: { "Z\u00fcrich": "ZH01", [nfd]: "ZH02" } } }),
      `${CONFIG}: feeds[0].values.location[${JSON.stringify(nfd)}]: "Z\u00fcrich" and "${nfd}" are one text written two ways (NFC): give it once`,
    );
  });

  it("C39 a waiver's sku or location is read as feeds' keys are: trimmed, in NFC; one holding an invisible character is refused", async () => {
    const waiver = (location: string) => ({ rule: "price/non-positive", sku: " A ", location, until: "2099-01-01", reason: "r" });
    const waived = await feed(
      "p.csv",
      "sku,channel,location,price\nA,store,MI01,0.00\n",
      {},
      {
        rules: ["price/non-positive"],
        waivers: [waiver("MI01 ")],
      },
    );
    expect(waived.report.findings.map((f) => [f.rule, (f as unknown as { waived: unknown }).waived !== null])).toEqual([
      ["price/non-positive", true],
    ]);
    await configError(
      prices("p.csv", {}, { waivers: [waiver("MI\u200b01")] }),
      `${CONFIG}: waivers[0].location: "MI\\u200b01" holds U+200B ZERO WIDTH SPACE, which no one can see: it would make a key that prints like another; remove it`,
    );
  });

  it("N01 a feed path that is a named pipe (FIFO), or a device that never ends (/dev/zero as JSON, /dev/urandom as JSON Lines): exit 2 at once", async () => {
    const why =
      'not a regular file: it may never end, so pricelint does not read it; save the data to a file, or pipe it to standard input with the path "-"';
    for (const [path, format, what] of [
      ["/dev/zero", "json", "a character device"],
      ["/dev/urandom", "jsonl", "a character device"],
    ] as const) {
      const outcome = await run({}, { currency: "EUR", feeds: [{ kind: "prices", path, format }] });
      expectUsageError(outcome, `${path}: is ${what}, ${why}`);
    }
    // A config read from a device is refused as well, before its 10 MiB limit is reached.
    const config = await runCli(["check", "--config", "/dev/zero", "--no-progress"]);
    expect([config.code, config.stderr]).toStrictEqual([2, `pricelint: /dev/zero: is a character device, ${why}\n`]);
    if (process.platform === "win32") return;
    const dir = mkdtempSync(join(tmpdir(), "pricelint-fifo-"));
    expect(spawnSync("mkfifo", [join(dir, "p.csv")]).status).toBe(0);
    writeFileSync(join(dir, "c.json"), JSON.stringify(prices("p.csv")));
    const fifo = await runCli(["check", "--config", join(dir, "c.json"), "--no-progress", "--at", AT]);
    expect([fifo.code, fifo.stderr]).toStrictEqual([2, `pricelint: p.csv: is a named pipe (FIFO), ${why}\n`]);
    // A report read back (a baseline, merge's shards) is refused too: it hung at open.
    const report = join(dir, "r.json");
    expect(spawnSync("mkfifo", [report]).status).toBe(0);
    const reportWhy = "not a regular file: it may never end, so pricelint does not read it; save the report to a file first";
    writeFileSync(join(dir, "ok.csv"), `${HEADER}A,web,1.00\n`);
    writeFileSync(join(dir, "ok.json"), JSON.stringify(prices("ok.csv")));
    const baseline = await runCli(["check", "--config", join(dir, "ok.json"), "--no-progress", "--at", AT, "--baseline", report]);
    expect([baseline.code, baseline.stderr]).toStrictEqual([2, `pricelint: ${report}: is a named pipe (FIFO), ${reportWhy}\n`]);
    const merged = await runCli(["merge", report]);
    expect([merged.code, merged.stderr]).toStrictEqual([2, `pricelint: ${report}: is a named pipe (FIFO), ${reportWhy}\n`]);
  });

  it("S14 a report read back that is gzip-compressed or UTF-16 text: exit 2 saying which, not that its bytes are not UTF-8", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-encoded-"));
    writeFileSync(join(dir, "p.csv"), `${HEADER}A,web,1.00\n`);
    writeFileSync(join(dir, "c.json"), JSON.stringify(prices("p.csv")));
    const base = ["check", "--config", join(dir, "c.json"), "--no-progress", "--at", AT];
    const text = (await runCli([...base, "--format", "json"])).stdout;
    const gz = join(dir, "r.json.gz");
    writeFileSync(gz, gzipSync(text));
    const utf16 = join(dir, "r16.json");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    for (const [file, what] of [
      [gz, "gzip-compressed: reports are read as they were written; decompress it first (gunzip)"],
      [
        utf16,
        "UTF-16 text (as a Windows shell's > writes it): reports are read as UTF-8; write the report with --format json:FILE, or save it as UTF-8",
      ],
    ] as const) {
      for (const args of [
        [...base, "--baseline", file],
        ["merge", file],
      ]) {
        const r = await runCli(args);
        expect([r.code, r.stderr]).toStrictEqual([2, `pricelint: ${file}: the file is ${what}\n`]);
      }
    }
  });

  it("S17 a baseline of another kind of run (a shard's report, a window's against an instant's): exit 2, not every finding new", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-kind-"));
    writeFileSync(join(dir, "p.csv"), `${HEADER}A,web,0\nB,web,0\nC,web,0\n`);
    writeFileSync(join(dir, "c.json"), JSON.stringify(prices("p.csv")));
    const config = ["--config", join(dir, "c.json"), "--no-progress"];
    const write = async (name: string, args: readonly string[]) => {
      const file = join(dir, name);
      expect((await runCli(["check", ...config, ...args, "--format", `json:${file}`, "--fail-on", "never"])).code).toBe(0);
      return file;
    };
    const instant = await write("instant.json", ["--at", AT]);
    const shard = await write("shard.json", ["--at", AT, "--shard", "1/2"]);
    const window = await write("window.json", ["--from", AT, "--to", "2026-11-23T00:00:00Z"]);
    const cases = [
      [
        ["--at", AT],
        shard,
        "the baseline is the report of shard 1/2, which holds only that shard's findings: compare with the report of a whole run (merge the shards' reports first)",
      ],
      [
        ["--at", AT],
        window,
        "the baseline checked a window and this run checks one instant: a finding in a window has another id than at an instant (its id includes when it starts), so every finding would be new; compare with a report of one instant",
      ],
      [
        ["--from", AT, "--to", "2026-11-23T00:00:00Z"],
        instant,
        "the baseline checked one instant and this run checks a window: a finding in a window has another id than at an instant (its id includes when it starts), so every finding would be new; compare with a report of a window",
      ],
    ] as const;
    for (const [args, baseline, message] of cases) {
      const r = await runCli(["check", ...config, ...args, "--baseline", baseline, "--format", "json"]);
      expect([r.code, r.stderr]).toStrictEqual([2, `pricelint: ${baseline}: ${message}\n`]);
    }
    // merge: a shard's report as the baseline of the merged run.
    const other = await write("shard2.json", ["--at", AT, "--shard", "2/2"]);
    const merged = await runCli(["merge", shard, other, "--baseline", shard]);
    expect([merged.code, merged.stderr]).toStrictEqual([2, `pricelint: ${shard}: ${cases[0][2]}\n`]);
    // Shard 1 of 1 (`--shard auto` with one task) is a whole run: read as a baseline.
    const whole = await write("one-of-one.json", ["--at", AT, "--shard", "1/1"]);
    const oneOfOne = await runCli(["check", ...config, "--at", AT, "--baseline", whole, "--format", "json"]);
    expect([oneOfOne.code, (JSON.parse(oneOfOne.stdout) as Report).summary.baseline]).toStrictEqual([
      0,
      { new: 0, unchanged: 3, absent: 0 },
    ]);
    // A baseline of the same kind is read: the same three findings, none new, so none fails the run.
    const same = await runCli(["check", ...config, "--at", AT, "--baseline", instant, "--format", "json"]);
    expect([same.code, (JSON.parse(same.stdout) as Report).summary.baseline]).toStrictEqual([0, { new: 0, unchanged: 3, absent: 0 }]);
  });

  it("N02 --workers 64 on a 3-row feed: no more threads than cores or rows, said on stderr; the report is one thread's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-workers-"));
    writeFileSync(join(dir, "p.csv"), `${HEADER}A,web,1.00\nB,web,0\nC,web,2.00\n`);
    writeFileSync(join(dir, "c.json"), JSON.stringify(prices("p.csv")));
    const base = ["check", "--config", join(dir, "c.json"), "--no-progress", "--at", AT, "--format", "json"];
    const one = await runCli(base);
    const many = await runCli([...base, "--workers", "64"]);
    const cores = availableParallelism();
    // The file has 48 bytes: at most ceil(48 / 8) = 6 rows, the fewest bytes a row takes being 8.
    const expected =
      cores <= 6 ? `${cores} used, as this machine has ${cores} core${cores === 1 ? "" : "s"}` : "6 used, as the feeds hold at most 6 rows";
    expect(many.stderr).toBe(`pricelint: note: --workers 64: ${expected}\n`);
    expect([many.code, many.stdout]).toStrictEqual([one.code, one.stdout]);
    // With --feeds DIR, the rows are those of the files read there, not of the config's folder,
    // whose p.csv (7 bytes) could hold one row only.
    const nightly = mkdtempSync(join(tmpdir(), "pricelint-workers-"));
    writeFileSync(join(nightly, "p.csv"), "sku,x\n");
    writeFileSync(join(nightly, "c.json"), JSON.stringify(prices("p.csv")));
    const night = join(nightly, "night");
    mkdirSync(night);
    writeFileSync(join(night, "p.csv"), HEADER + Array.from({ length: 200 }, (_, i) => `S${i},web,1.00\n`).join(""));
    const there = await runCli([
      "check",
      "--config",
      join(nightly, "c.json"),
      "--no-progress",
      "--at",
      AT,
      "--format",
      "json",
      "--feeds",
      night,
      "--workers",
      "2",
    ]);
    expect(there.stderr).toBe(cores >= 2 ? "" : "pricelint: note: --workers 2: 1 used, as this machine has 1 core\n");
  });

  it("S20 a trend's JSON given to --baseline (of check or merge): exit 2, not a report whose findings all came back unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-baseline-trend-"));
    writeFileSync(join(dir, "p.csv"), `${HEADER}A,web,0\n`);
    writeFileSync(join(dir, "c.json"), JSON.stringify(prices("p.csv")));
    const check = ["check", "--config", join(dir, "c.json"), "--no-progress", "--at", AT];
    const report = join(dir, "r.json");
    expect((await runCli([...check, "--format", `json:${report}`])).code).toBe(1);
    const trend = join(dir, "t.json");
    expect((await runCli(["trend", report, "--format", `json:${trend}`])).code).toBe(0);
    const refused = [2, `pricelint: ${trend}: not a pricelint JSON report; write one with --format json:FILE\n`];
    const checked = await runCli([...check, "--baseline", trend]);
    expect([checked.code, checked.stderr]).toStrictEqual(refused);
    const merged = await runCli(["merge", report, "--baseline", trend]);
    expect([merged.code, merged.stderr]).toStrictEqual(refused);
  });
});

// Whatever the cases above fed in, no prototype gained a property.
const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const before = prototypes.map((p) => Object.getOwnPropertyNames(p).sort());
afterAll(() => {
  expect(prototypes.map((p) => Object.getOwnPropertyNames(p).sort())).toEqual(before);
  untouched();
});
