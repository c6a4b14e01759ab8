/**
 * The same rows give the same report in every feed format, gzipped or not: only where a row is
 * (the file's name, and in Parquet, which has no header line, the row's number) differs. Rows
 * are drawn with bad cells among the good, so rejected rows are compared too. A JSON or XML
 * feed names its cells by key, not position: a rejected cell is compared by its column's name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";
import { writeJson, writeJsonl, writeTsv, type Rows } from "../bench/formats/text.js";
import { writeParquet } from "../bench/formats/parquet.js";
import { writeXlsx } from "../bench/formats/xlsx.js";
import { writeXml } from "../bench/formats/xml.js";

// A column no field reads, named with a U+FFFD written in the file (F47), as some of its cells and skus are.
const HEADER = ["sku", "channel", "location", "price", "sale_price", "sale_start", "sale_end", "nota\uFFFD"];

interface Format {
  readonly ext: string;
  readonly write: (path: string, header: readonly string[], rows: Rows) => Promise<void>;
  /** The line of the first row (a header line before it: 2). */
  readonly firstLine: number;
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
const csvCell = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

async function writeCsv(path: string, header: readonly string[], rows: Rows): Promise<void> {
  const lines = [header.join(",")];
  for await (const row of rows) lines.push(row.map(csvCell).join(","));
  writeFileSync(path, `${lines.join("\n")}\n`);
}

/** JSON Lines after a blank first line, so that rows start on line 2 as under a header. */
async function writeJsonlFromLine2(path: string, header: readonly string[], rows: Rows): Promise<void> {
  await writeJsonl(path, header, rows);
  writeFileSync(path, `\n${readFileSync(path, "utf8")}`);
}

const FORMATS: readonly Format[] = [
  { ext: "csv", write: writeCsv, firstLine: 2 },
  { ext: "tsv", write: writeTsv, firstLine: 2 },
  // One element a line after "[": rows start on line 2.
  { ext: "json", write: writeJson, firstLine: 2 },
  { ext: "jsonl", write: writeJsonlFromLine2, firstLine: 2 },
  // An RSS item a line after the channel's <title>, <link> and <description>: rows start on line 7.
  { ext: "xml", write: writeXml, firstLine: 7 },
  // A sheet's row 1 is the header; numeric-looking cells are written as numbers, the others as text.
  { ext: "xlsx", write: writeXlsx, firstLine: 2 },
  // Parquet has no header line: a row's line is its 1-based index. Cells are strings, read as any text cell.
  { ext: "parquet", write: writeParquet, firstLine: 1 },
];

const amount = fc.constantFrom("2.00", "1.99", "0.50", "12.5", "3.129", "-1.00", "0", "abc", "1,5", "");
const row = fc.record({
  sku: fc.constantFrom("A", "B", "C", "", "A\uFFFD", "\uFFFD"),
  channel: fc.constantFrom("store", "web", "click_collect", "nowhere"),
  location: fc.constantFrom("S1", "S2", ""),
  price: amount,
  sale_price: fc.constantFrom("", "", "1.50", "2.00", "x"),
  sale_start: fc.constantFrom("", "2026-11-01", "2026-11-25T10:00:00+01:00", "2026-13-01"),
  sale_end: fc.constantFrom("", "2026-11-30", "2026-11-10"),
  "nota\uFFFD": fc.constantFrom("", "caff\uFFFD", "\uFFFD"),
});
// Located channels need a location, unlocated ones must not have one: both ways are drawn, so some rows are rejected.
const rowsOf = (drawn: { [K in (typeof HEADER)[number]]: string }[]) => drawn.map((r) => HEADER.map((h) => r[h as keyof typeof r]!));

/** The report as JSON, with the feed's file name and each row's place (its line, made an ordinal) taken out. */
function normalised(report: unknown, file: string, firstLine: number): string {
  // The config's digest (run) names the file too.
  const text = JSON.stringify(report, (key, value: unknown) => (key === "sources" || key === "run" ? undefined : value));
  const parsed = JSON.parse(text.replaceAll(file, "FEED")) as {
    findings: { rule: string; id?: string; message: string; values: Record<string, unknown> }[];
  };
  for (const f of parsed.findings) {
    if (f.rule !== "feed/invalid-row") continue;
    const line = f.values["line"] as number;
    const ordinal = line - firstLine + 1;
    f.values["line"] = `row ${ordinal}`;
    // Keyed formats (JSON, XML) number columns by first appearance: a cell is told by its column's name.
    f.message = f.message.replace(new RegExp(`^FEED:${line}(:\\d+)?`), `FEED:row ${ordinal}`);
    delete f.values["column"];
    delete f.id;
    // An empty cell is a column's in a delimited file; in JSON and XML the field is absent, with no column.
    if (f.values["code"] === "required") {
      f.message = f.message.replace(/ \([^)]*\):/, ":");
      f.values["columnName"] = f.values["value"] = null;
    }
  }
  return JSON.stringify(parsed, null, 1);
}

describe("one report whatever the format", () => {
  it("the same rows as CSV, TSV, JSON, JSON Lines, XML, XLSX and Parquet, gzipped or not, give the same report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-formats-"));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), async (drawn) => {
        const rows = rowsOf(drawn);
        run++;
        const reports: string[] = [];
        for (const format of FORMATS) {
          for (const gzip of [false, true]) {
            const file = `p${run}.${format.ext}${gzip ? ".gz" : ""}`;
            await format.write(join(dir, file), HEADER, rows);
            if (gzip) writeFileSync(join(dir, file), gzipSync(readFileSync(join(dir, file))));
            const config = { currency: "EUR", timezone: "Europe/Rome", feeds: [{ kind: "prices", path: file }], rules: ["all"] };
            const loaded = { config: validateConfig(config, "c.json"), file: null, baseDir: dir };
            const report = await check(loaded, { at: new Date("2026-11-20T12:00:00Z") });
            reports.push(normalised(report, file, format.firstLine));
          }
        }
        for (const report of reports.slice(1)) expect(report).toBe(reports[0]);
      }),
      { seed: 18, numRuns: 25 },
    );
  });
});
