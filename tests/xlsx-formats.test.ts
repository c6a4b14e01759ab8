/**
 * xlsx number formats that give a cell its meaning (docs/bad-input.md X25–X28): a numeric cell is
 * read as the sheet shows it where its format adds to the number (leading zeros, text, a currency,
 * a percent), and refused where the text shown no longer says the number (a date format hiding a
 * time, thousands, a currency symbol that is the computer's). Plain formats read as stored.
 * Workbooks are built here from hand-written XML; every expected text is what Excel shows for the
 * stored value in that format, its digits as stored (neither rounded to the decimals shown nor grouped).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, type Report } from "../src/index.js";
import type { FormatReadOptions } from "../src/io/formats/format.js";
import { DEFAULT_LIMITS } from "../src/io/limits.js";
import type { RawRecord } from "../src/io/record.js";
import { readXlsx } from "../src/io/xlsx.js";
import { xlsxBytes, type ZipPart } from "../bench/formats/xlsx.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const AT = new Date("2026-11-20T12:00:00Z");

const str = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const num = (ref: string, value: string, style?: number) =>
  `<c r="${ref}"${style === undefined ? "" : ` s="${style}"`}><v>${value}</v></c>`;
const row = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join("")}</row>`;
const header = (...names: string[]) => row(1, ...names.map((n, i) => str(`${String.fromCharCode(65 + i)}1`, n)));

/** A styles part whose cell formats (by index) have these number formats, custom ones given by id. */
function styles(formats: readonly number[], custom: Readonly<Record<number, string>> = {}): ZipPart {
  const codes = Object.entries(custom).map(
    ([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replaceAll("&", "&amp;").replaceAll('"', "&quot;")}"/>`,
  );
  return {
    name: "xl/styles.xml",
    data:
      `<styleSheet xmlns="${MAIN}"><numFmts count="${codes.length}">${codes.join("")}</numFmts>` +
      `<cellXfs count="${formats.length}">${formats.map((id) => `<xf numFmtId="${id}" xfId="0"/>`).join("")}</cellXfs></styleSheet>`,
  };
}

async function* nothing(): AsyncGenerator<Uint8Array> {}

/** The records of a workbook's sheet as [line, cells], or [line, code, reason, column] for a rejected one. */
async function lines(bytes: Uint8Array, options: Partial<FormatReadOptions> = {}): Promise<unknown[]> {
  const path = join(mkdtempSync(join(tmpdir(), "pricelint-xlsx-formats-")), "w.xlsx");
  writeFileSync(path, bytes);
  const out: unknown[] = [];
  const typed: unknown[] = [];
  for await (const batch of readXlsx({ chunks: nothing(), file: path }, { skipLines: 0, limits: DEFAULT_LIMITS, ...options })) {
    for (const r of batch.records as RawRecord[]) {
      out.push(r.problem ? [r.line, r.problem.code, r.problem.reason, r.problem.column] : [r.line, Array.from(r.cells, (c) => c ?? null)]);
      if (r.typedNumbers !== undefined) typed.push([r.line, r.typedNumbers]);
    }
  }
  return options.decimal === "," ? [out, typed] : out;
}

/** Files written to a folder with a config of these feeds; the report of a check at `at`. */
async function reportOf(files: Readonly<Record<string, string | Uint8Array>>, config: object, at = AT): Promise<Report> {
  const folder = mkdtempSync(join(tmpdir(), "pricelint-xlsx-formats-"));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(folder, name), data);
  writeFileSync(join(folder, "pricelint.config.json"), JSON.stringify(config));
  return check(await loadConfig(join(folder, "pricelint.config.json")), { at });
}

const STORES = "location,name,timezone\nMI01,Milano,Europe/Rome\n0001,Uno,Europe/Rome\n";

describe("xlsx number formats that give a cell its meaning", () => {
  it("X25 a number in a leading-zero format is the key the sheet shows: 801 in 0000 is 0801, and meets the web's 0801", async () => {
    // Formats 0…5: General, 0000, "SKU-"0000, 00000-0000 (a ZIP+4 code), 0.00, #,##0.00.
    const style = styles([0, 164, 165, 166, 2, 4], { 164: "0000", 165: '"SKU-"0000', 166: "00000-0000" });
    const rows = [
      header("a", "b", "c", "d", "e", "f"),
      // Plain formats read as stored (19.99 in 0.00 and #,##0.00, 801 in General): as before.
      row(
        2,
        num("A2", "801"),
        num("B2", "801", 1),
        num("C2", "801", 2),
        num("D2", "123456789", 3),
        num("E2", "19.99", 4),
        num("F2", "1234.5", 5),
      ),
      // A number with as many digits as the format, or more, shows them all; zero shows 0000; the sign stays.
      row(3, num("A3", "0", 1), num("B3", "12345", 1), num("C3", "-5", 1), num("D3", "801", 3), num("E3", "7", 4), num("F3", "7", 5)),
    ];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [2, ["801", "0801", "SKU-0801", "12345-6789", "19.99", "1234.5"]],
      [3, ["0000", "12345", "-0005", "00000-0801", "7", "7"]],
    ]);
    // Where the feed's decimal is a comma, a zero-padded number is still a typed number (X21): a key as
    // written, an amount in the feed's notation; one shown with text around it is text.
    const comma = await lines(xlsxBytes(header("a", "b") + row(2, num("A2", "801", 1), num("B2", "801", 2)), [style]), { decimal: "," });
    expect(comma).toStrictEqual([[[2, ["0801", "SKU-0801"]]], [[2, [0]]]]);

    // A store sheet whose sku 801 and location 1 are formatted 0000, beside a web feed typed 0801:
    // the same sku, so the web and store prices are compared; location 0001 is a store the stores feed has.
    const sheet = xlsxBytes(
      header("sku", "channel", "location", "price") +
        row(2, num("A2", "801", 1), str("B2", "store"), str("C2", "MI01"), num("D2", "12")) +
        row(3, str("A3", "A9"), str("B3", "store"), num("C3", "1", 1), num("D3", "12")),
      [style],
    );
    const report = await reportOf(
      { "s.csv": STORES, "web.csv": "sku,channel,price\n0801,web,10.00\n", "st.xlsx": sheet },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [
          { kind: "stores", path: "s.csv" },
          { kind: "prices", path: "web.csv" },
          { kind: "prices", path: "st.xlsx" },
        ],
        rules: ["recommended", "channel/online-differs-from-store"],
      },
    );
    expect(report.summary.rows).toStrictEqual({ read: 5, accepted: 5, rejected: 0 });
    const differs = report.findings.filter((f) => f.rule === "channel/online-differs-from-store");
    expect(differs.map((f) => [f.sku, f.message])).toStrictEqual([["0801", "web 10.00 differs from store 12.00 at MI01"]]);
    expect(report.findings.filter((f) => f.rule === "price/unknown-location")).toStrictEqual([]);
  });

  it("X26 a number in a percent format is the percentage shown: 0.15 in 0% is 15%, refused as an amount as the CSV text 15% is", async () => {
    // Formats 0…2: General, 9 (0%), 10 (0.00%).
    const style = styles([0, 9, 10]);
    const rows = [
      header("a", "b", "c", "d"),
      // 0.155 is 15.5 %; 0.07 as Excel stores it (0.070000000000000007) is 7 %; 1 is 100 %.
      row(2, num("A2", "0.15"), num("B2", "0.15", 1), num("C2", "0.155", 2), num("D2", "0.070000000000000007", 1)),
      row(3, num("A3", "1", 1), num("B3", "-0.05", 1), num("C3", "0.155", 1), num("D3", "0", 2)),
    ];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [2, ["0.15", "15%", "15.50%", "7%"]],
      [3, ["100%", "-5%", "15.5%", "0.00%"]],
    ]);

    // A promotion whose value shows 15% is not applied as 0.15 % off: the row is refused, as the
    // same text in a CSV promotions feed is.
    const promo = xlsxBytes(
      header("promo_id", "type", "value", "channels", "skus", "start", "end") +
        row(
          2,
          str("A2", "P1"),
          str("B2", "percent_off"),
          num("C2", "0.15", 1),
          str("D2", "web"),
          str("E2", "A1"),
          str("F2", "2026-11-01"),
          str("G2", "2026-11-30"),
        ),
      [style],
    );
    const config = (path: string) => ({
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [
        { kind: "prices", path: "p.csv" },
        { kind: "promotions", path },
      ],
      rules: [],
    });
    const csv = "promo_id,type,value,channels,skus,start,end\nP1,percent_off,15%,web,A1,2026-11-01,2026-11-30\n";
    const files = { "p.csv": "sku,channel,price\nA1,web,10.00\n", "promo.xlsx": promo, "promo.csv": csv };
    const fromSheet = await reportOf(files, config("promo.xlsx"));
    const fromCsv = await reportOf(files, config("promo.csv"));
    const rejected = (r: Report) => r.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message);
    expect(rejected(fromSheet)).toStrictEqual(['promo.xlsx:2:3 (value): "15%" is not an amount (unexpected "%")']);
    expect(rejected(fromCsv)).toStrictEqual(['promo.csv:2:3 (value): "15%" is not an amount (unexpected "%")']);
  });

  it("X27 a number in a currency format carries its symbol: $10.00 or £10.00 in an EUR feed is refused as in CSV, 10.00 € read", async () => {
    // Formats 0…6: General, [$$-409]#,##0.00, "£"#,##0.00, #,##0.00 [$€-407], Excel's accounting
    // format in euros (a dash for zero), #,##0.00 "EUR" with negatives in red, 44 (undefined: the computer's currency).
    const accounting = '_-* #,##0.00\\ "€"_-;\\-* #,##0.00\\ "€"_-;_-* "-"??\\ "€"_-;_-@_-';
    const style = styles([0, 164, 165, 166, 167, 168, 44], {
      164: "[$$-409]#,##0.00",
      165: '"£"#,##0.00',
      166: "#,##0.00 [$€-407]",
      167: accounting,
      168: '#,##0.00\\ "EUR";[Red]\\-#,##0.00\\ "EUR"',
    });
    const rows = [
      header("a", "b", "c", "d", "e", "f"),
      row(2, num("A2", "10"), num("B2", "10", 1), num("C2", "10", 2), num("D2", "1234.5", 3), num("E2", "10", 4), num("F2", "-3", 5)),
      row(3, num("A3", "-5", 1), num("B3", "0", 4), num("C3", "-10", 4), num("D3", "19.989999999999998", 5)),
      row(4, num("A4", "1", 6)),
    ];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      // Digits as stored (not grouped), the decimals the format shows at least.
      [2, ["10", "$10.00", "£10.00", "1234.50 €", "10.00 €", "-3.00 EUR"]],
      [3, ["-$5.00", "0 €", "-10.00 €", "19.99 EUR", null, null]],
      [
        4,
        "invalid_cell",
        "cell A4 holds 1, but its number format is Excel's built-in currency format 44, which shows the currency symbol of the computer it is opened on: give the cell a format with its currency symbol, or a plain number format",
        1,
      ],
    ]);
    // In a feed whose decimal is a comma, the text shown is written with it, for the amount parser.
    const comma = await lines(xlsxBytes(header("a") + row(2, num("A2", "10.5", 3)), [style]), { decimal: "," });
    expect(comma).toStrictEqual([[[2, ["10,50 €"]]], []]);

    // In an EUR run, the same rows as in CSV (h6 xc2): the dollar and pound rows are refused with
    // the CSV's message; the euro row is read, 10.00.
    const sheet = xlsxBytes(
      header("sku", "channel", "price") +
        row(2, str("A2", "A2"), str("B2", "web"), num("C2", "10", 1)) +
        row(3, str("A3", "A3"), str("B3", "web"), num("C3", "10", 2)) +
        row(4, str("A4", "A4"), str("B4", "web"), num("C4", "10", 3)),
      [style],
    );
    const csv = "sku,channel,price\nA2,web,$10.00\nA3,web,£10.00\nA4,web,10.00 €\n";
    const config = (path: string) => ({ currency: "EUR", feeds: [{ kind: "prices", path }], rules: ["price/non-positive"] });
    const fromSheet = await reportOf({ "p.xlsx": sheet }, config("p.xlsx"));
    const fromCsv = await reportOf({ "p.csv": csv }, config("p.csv"));
    const usd = "USD/HKD/CAD/AUD/NZD/SGD/MXN/ARS/CLP/COP/TWD";
    for (const [report, file] of [
      [fromSheet, "p.xlsx"],
      [fromCsv, "p.csv"],
    ] as const) {
      expect(report.summary.rows).toStrictEqual({ read: 3, accepted: 1, rejected: 2 });
      expect(report.findings.map((f) => f.message)).toStrictEqual([
        `${file}:2: the amounts' currency symbol (${usd}) does not fit the default currency EUR`,
        `${file}:3: the amounts' currency symbol (GBP/EGP/GIP/FKP/SHP) does not fit the default currency EUR`,
      ]);
    }
  });

  it("X32 a negative section whose minus stands beside the digits, after or before the currency symbol, shows the number with its sign", async () => {
    // Dutch Excel's currency layout (minus after the symbol), the same with a locale tag, and a minus after the digits.
    const style = styles([0, 164, 165, 166], {
      164: '"€" #,##0.00;"€" -#,##0.00',
      165: "[$€-413] #,##0.00;[$€-413] -#,##0.00",
      166: "#,##0.00 €;#,##0.00- €",
    });
    const rows = [
      header("a", "b", "c"),
      row(2, num("A2", "-5", 1), num("B2", "-1234.5", 2), num("C2", "-0.25", 3)),
      row(3, num("A3", "5", 1), num("B3", "5", 2), num("C3", "5", 3)),
    ];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [2, ["-€ 5.00", "-€ 1234.50", "-0.25 €"]],
      [3, ["€ 5.00", "€ 5.00", "5.00 €"]],
    ]);
  });

  it("X27 a format whose text no longer holds the number is refused: thousands (#,##0,), words for a zero", async () => {
    const style = styles([0, 164, 165], { 164: "#,##0,", 165: '0;-0;"free"' });
    const rows = [header("a", "b"), row(2, num("A2", "12345", 1)), row(3, num("A3", "0", 2)), row(4, num("A4", "5", 2))];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [
        2,
        "invalid_cell",
        'cell A2 holds 12345, but its number format "#,##0," shows it divided by 1000 (a comma after the digits): store the number shown, or drop the comma',
        1,
      ],
      [3, "invalid_cell", `cell A3 holds 0, but its number format "0;-0;\\"free\\"" shows it as "free", without the number`, 1],
      [4, ["5", null]],
    ]);
  });

  it("X28 a date format over a serial with a time refuses the cell: 46346.25 shown 20/11/2026 would end a sale at 06:00", async () => {
    // Formats 0…3: General, 14 (a short date), 22 (a date and time), yyyy-mm-dd.
    const style = styles([0, 14, 22, 164], { 164: "yyyy-mm-dd" });
    const rows = [
      header("a", "b", "c"),
      // A whole day in a date format, the same serial with its time in a format that shows it, and a
      // fraction of a day far below half a second (a stored rounding error): all read.
      row(2, num("A2", "46346", 1), num("B2", "46346.25", 2), num("C2", "46346.000000000007", 3)),
      row(3, num("A3", "46346.25", 1)),
      row(4, num("A4", "46346.5625", 3)),
    ];
    const hidden = (cell: string, serial: string, time: string) =>
      `cell ${cell} is formatted as a date, but the date serial ${serial} holds a time too (2026-11-20 ${time}), which the format does not show: show the time in the cell's format, or store the date alone`;
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [2, ["2026-11-20", "2026-11-20T06:00:00", "2026-11-20"]],
      [3, "invalid_cell", hidden("A3", "46346.25", "06:00:00"), 1],
      [4, "invalid_cell", hidden("A4", "46346.5625", "13:30:00"), 1],
    ]);

    // A sale shown to end on 20/11/2026, stored ending at 06:00 that day: refused, not ended early;
    // one whose format shows its time is read.
    const sheet = xlsxBytes(
      header("sku", "channel", "price", "sale_price", "sale_start", "sale_end") +
        row(2, str("A2", "A2"), str("B2", "web"), num("C2", "10"), num("D2", "5"), num("E2", "46300", 1), num("F2", "46346.25", 1)) +
        row(3, str("A3", "A3"), str("B3", "web"), num("C3", "10"), num("D3", "5"), num("E3", "46300", 1), num("F3", "46346.75", 2)),
      [style],
    );
    const report = await reportOf(
      { "p.xlsx": sheet },
      { timezone: "Europe/Rome", currency: "EUR", feeds: [{ kind: "prices", path: "p.xlsx" }], rules: [] },
      new Date("2026-11-20T05:30:00Z"),
    );
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 1, rejected: 1 });
    expect(report.findings.map((f) => f.message)).toStrictEqual([`p.xlsx:2:6 (sale_end): ${hidden("F2", "46346.25", "06:00:00")}`]);
  });

  it('X31 an ISO date cell (t="d") is shown through its format as a serial is: a date format shows the day alone', async () => {
    // Formats 0…3: General, 14 (a short date), 22 (a date and time), h:mm (a time).
    const style = styles([0, 14, 22, 20]);
    const iso = (ref: string, text: string, s: number) => `<c r="${ref}" s="${s}" t="d"><v>${text}</v></c>`;
    const rows = [
      header("a", "b", "c", "d"),
      // Midnight in a date format is that day; a date and time format shows both; General shows the text.
      row(
        2,
        iso("A2", "2026-11-27T00:00:00", 1),
        iso("B2", "2026-11-27T09:30:00", 2),
        iso("C2", "2026-11-27T09:30:00", 0),
        iso("D2", "1899-12-31T13:30:00", 3),
      ),
      // A time hidden by a date format, a date hidden by a time format: refused, as for a serial.
      row(3, iso("A3", "2026-11-20T09:30:00", 1)),
      row(4, iso("A4", "2026-11-20T09:30:00", 3)),
      // As toISOString writes a date (SheetJS with cellDates): midnight in a date format is that day.
      row(5, iso("A5", "2026-11-30T00:00:00.000Z", 1)),
    ];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [2, ["2026-11-27", "2026-11-27T09:30:00", "2026-11-27T09:30:00", "13:30:00"]],
      [
        3,
        "invalid_cell",
        "cell A3 is formatted as a date, but the date 2026-11-20T09:30:00 holds a time too, which the cell's date format does not show: show the time in the cell's format, or store the date alone",
        1,
      ],
      [
        4,
        "invalid_cell",
        "cell A4 is formatted as a time, but the date 2026-11-20T09:30:00 holds a date and a time, which the cell's time format does not show the date of: show the date in the cell's format, or store the time alone",
        1,
      ],
      [5, ["2026-11-30", null, null, null]],
    ]);

    // A sale shown ending 27/11/2026 ends at the end of that day (Rome), as the serial 46353 does.
    const sheet = xlsxBytes(
      header("sku", "channel", "price", "sale_price", "sale_start", "sale_end") +
        row(
          2,
          str("A2", "A"),
          str("B2", "web"),
          num("C2", "10"),
          num("D2", "8"),
          iso("E2", "2026-11-20T00:00:00", 1),
          iso("F2", "2026-11-27T00:00:00", 1),
        ),
      [style],
    );
    const report = await reportOf(
      { "p.xlsx": sheet },
      {
        timezone: "Europe/Rome",
        currency: "EUR",
        feeds: [{ kind: "prices", path: "p.xlsx" }],
        rules: ["price/excessive-discount"],
        ruleSettings: { "price/excessive-discount": { maxPercent: "10" } },
      },
      new Date("2026-11-27T12:00:00Z"),
    );
    // At 13:00 on the 27th in Rome the sale (8.00 for 10.00, 20 % off) still runs: more than 10 % off.
    expect(report.findings.map((f) => f.rule)).toStrictEqual(["price/excessive-discount"]);
  });

  it('X35 an ISO date cell (t="d") written with a Z is the wall time it shows, in every format, as a serial is', async () => {
    // Formats 0…2: General, 22 (a date and time), 14 (a short date).
    const style = styles([0, 22, 14]);
    const iso = (ref: string, text: string, s: number) => `<c r="${ref}" s="${s}" t="d"><v>${text}</v></c>`;
    const rows = [
      header("a", "b", "c"),
      row(2, iso("A2", "2026-11-20T13:30:00.000Z", 0), iso("B2", "2026-11-20T13:30:00.000Z", 1), iso("C2", "2026-11-20T00:00:00Z", 2)),
    ];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [2, ["2026-11-20T13:30:00.000", "2026-11-20T13:30:00.000", "2026-11-20"]],
    ]);

    // A sale shown starting 20/11/2026 13:30 starts at 13:30 in Rome (12:30Z), as the serial 46346.5625 does;
    // before, the Z made it 13:30 UTC, an hour late.
    const sale = (start: string) =>
      xlsxBytes(
        header("sku", "channel", "price", "sale_price", "sale_start") +
          row(2, str("A2", "A"), str("B2", "web"), num("C2", "10"), num("D2", "8"), start),
        [style],
      );
    const config = {
      timezone: "Europe/Rome",
      currency: "EUR",
      feeds: [{ kind: "prices", path: "p.xlsx" }],
      rules: ["price/excessive-discount"],
      ruleSettings: { "price/excessive-discount": { maxPercent: "10" } },
    };
    for (const start of [iso("E2", "2026-11-20T13:30:00.000Z", 1), num("E2", "46346.5625", 1)]) {
      const at = async (instant: string) =>
        (await reportOf({ "p.xlsx": sale(start) }, config, new Date(instant))).findings.map((f) => f.rule);
      expect(await at("2026-11-20T12:29:59Z")).toStrictEqual([]);
      expect(await at("2026-11-20T12:30:00Z")).toStrictEqual(["price/excessive-discount"]);
    }
  });

  it("X33 a number cell is the number stored, whatever zeros its writer put after the point: 3.990 is 3.99, 5.0000000 is 5", async () => {
    const rows = [header("a", "b", "c"), row(2, num("A2", "3.990"), num("B2", "5.0000000"), num("C2", "123456789.12345600"))];
    expect(await lines(xlsxBytes(rows.join("")))).toStrictEqual([[2, ["3.99", "5", "123456789.123456"]]]);
  });

  it("X34 the East Asian built-in date formats (ids 27–36, 50–58), stored without a format code, read their serials as dates or times", async () => {
    // 27, 31, 57, 58: dates; 32: a time of day; 34: a date in Japanese and Korean, a time in Chinese.
    const style = styles([27, 31, 57, 58, 32, 34]);
    const rows = [
      header("a", "b", "c", "d", "e", "f", "g"),
      row(
        2,
        num("A2", "46346", 0),
        num("B2", "46346", 1),
        num("C2", "46346", 2),
        num("D2", "46346", 3),
        num("E2", "0.5625", 4),
        num("F2", "46346", 5),
        num("G2", "0.25", 5),
      ),
      row(3, num("A3", "46346.25", 0)),
    ];
    expect(await lines(xlsxBytes(rows.join(""), [style]))).toStrictEqual([
      [2, ["2026-11-20", "2026-11-20", "2026-11-20", "2026-11-20", "13:30:00", "2026-11-20", "06:00:00"]],
      [
        3,
        "invalid_cell",
        "cell A3 is formatted as a date, but the date serial 46346.25 holds a time too (2026-11-20 06:00:00), which the format does not show: show the time in the cell's format, or store the date alone",
        1,
      ],
    ]);
  });
});
