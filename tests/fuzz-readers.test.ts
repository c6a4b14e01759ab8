/**
 * A fuzz target per reader (CSV, TSV, JSON, JSON Lines, XML, xlsx, Parquet) for the hostile
 * classes of the Hardening issue: look-alike keys and keys in NFC or NFD, invisible characters
 * inside keys, numbers at and beyond exact precision (20-digit integers, 8 decimals, exponents),
 * BOMs and quotes (after spaces) at cell starts, duplicate JSON keys and duplicate header names.
 *
 * Each case writes a prices feed in the target's format and checks it with one house rule that
 * fires on every offer and reports its price (the config gives EUR six decimals, so no rounding
 * hides a digit). Laws, per case:
 *
 * - nothing but a PricelintError is thrown (a duplicate header is one, named);
 * - rows read = accepted + rejected, with one `feed/invalid-row` finding per rejected row;
 * - a row is rejected exactly when its sku holds an invisible character, its price is not an
 *   amount by decimal.js's reading of its text (more than 6 decimals, 2^53 millionths or more),
 *   or its JSON object gives a key twice; then with the code that says so;
 * - an accepted row's sku is the NFC of its text, and its price is its text's value exactly
 *   (decimal.js, not a double): each row's sku is unique, so its offer is found by it.
 *
 * CI runs a fixed seed (`FUZZ_SEED`, `FUZZ_RUNS` as in fuzz.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Decimal from "decimal.js";
import fc from "fast-check";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { xlsxBytes, xmlText } from "../bench/formats/xlsx.js";
import { check, loadConfig } from "../src/index.js";
import { PricelintError } from "../src/model/errors.js";
import type { Report } from "../src/model/report.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_205);
const RUNS = process.env["FUZZ_RUNS"] === undefined ? 40 : Number(process.env["FUZZ_RUNS"]);
const AT = new Date("2026-11-20T12:00:00Z");

/** Key stems: accents that decompose (é, Å, 한), a sign NFC changes (U+212B Å), a ligature NFC keeps, Latin A and Cyrillic А. */
const STEMS = ["caf\u00e9", "\u212bngstr\u00f6m", "\u00c5s", "\ufb01le", "A", "\u0410", "\ud55c\uae00", "\u03a9mega"];
/** Characters no one sees, refused inside a key. */
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\ufe0f", "\u180e"];
const MAX_MICROS = new Decimal(2).pow(53);

interface Row {
  /** The sku as written. */
  readonly sku: string;
  /** Whether the sku holds an invisible character. */
  readonly invisible: boolean;
  /** The price as written: plain decimal text, or (JSON, xlsx) with an exponent. */
  readonly price: string;
  /** JSON: the object gives "price" twice (a decoy first). */
  readonly twice: boolean;
  /** Delimited: how the sku cell is written. */
  readonly quoting: "none" | "quoted" | "spaced";
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

/** A price's text: up to 20 integer digits, up to 8 decimals (the last not 0), and with `exponents` sometimes an exponent. */
const priceText = (exponents: boolean) =>
  fc
    .record({
      int: fc.oneof(
        fc.constant("0"),
        digits(0, 19).map((d) => `${1 + (d.length % 9)}${d}`),
      ),
      frac: fc.oneof(
        fc.constant(""),
        digits(0, 7).map((d) => `${d}${1 + (d.length % 9)}`),
      ),
      exp: exponents ? fc.oneof(fc.constant(null), fc.integer({ min: -9, max: 9 })) : fc.constant(null),
    })
    .map(({ int, frac, exp }) => `${int}${frac === "" ? "" : `.${frac}`}${exp === null ? "" : `e${exp}`}`);

const rowArb = (exponents: boolean, twice: boolean) =>
  fc
    .record({
      stem: fc.constantFrom(...STEMS),
      form: fc.constantFrom("NFC", "NFD"),
      invisible: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE) }),
      price: priceText(exponents),
      twice: twice ? fc.boolean() : fc.constant(false),
      quoting: fc.constantFrom("none", "quoted", "spaced"),
    })
    .map(({ stem, form, invisible, price, twice: t, quoting }) => ({ stem, form, invisible, price, twice: t, quoting }));

/** Rows with their skus made unique by their index (the sku's offer is then that row's). */
const rowsArb = (exponents: boolean, twice: boolean) =>
  fc.array(rowArb(exponents, twice), { minLength: 1, maxLength: 8 }).map((rows) =>
    rows.map((r, i): Row => {
      const text = `${r.stem}-${i}`.normalize(r.form as "NFC" | "NFD");
      return {
        sku: r.invisible === null ? text : `${text.slice(0, 1)}${r.invisible}${text.slice(1)}`,
        invisible: r.invisible !== null,
        price: r.price,
        twice: r.twice,
        quoting: r.quoting as Row["quoting"],
      };
    }),
  );

/**
 * The decimals a price is written with: those after its point, less its exponent (an exponent
 * moves the point in the digits written, so `0e-7` has 7, as its plain form 0.0000000 has).
 */
function writtenDecimals(text: string): number {
  const [mantissa, exponent] = text.split("e") as [string, string | undefined];
  const fraction = mantissa.split(".")[1] ?? "";
  return Math.max(0, fraction.length - Number(exponent ?? 0));
}

/** The price's value (decimal.js's reading of the text) if it is an amount pricelint takes, else null. */
function amountOf(text: string): Decimal | null {
  const value = new Decimal(text);
  if (writtenDecimals(text) > 6 || value.times(1_000_000).gte(MAX_MICROS)) return null;
  return value;
}

/** A feed file in one format. */
interface Target {
  readonly name: string;
  readonly file: string;
  readonly exponents: boolean;
  readonly twice: boolean;
  readonly write: (rows: readonly Row[], bom: boolean, duplicateHeader: boolean) => string | Buffer;
  /** Whether the format has a header a duplicate name can be in. */
  readonly header: boolean;
  /** The text a number written as `text` is read as, where the format does not keep it as written. */
  readonly shown?: (text: string) => string;
}

function delimited(name: string, delimiter: string): Target {
  const cell = (text: string, quoting: Row["quoting"]) =>
    quoting === "none" ? text : `${quoting === "spaced" ? "  " : ""}"${text.replaceAll('"', '""')}"`;
  return {
    name,
    file: `p.${name}`,
    exponents: false,
    twice: false,
    header: true,
    write: (rows, bom, duplicateHeader) =>
      (bom ? "\ufeff" : "") +
      ["sku", "channel", "price", ...(duplicateHeader ? ["price"] : [])].join(delimiter) +
      "\n" +
      rows.map((r) => [cell(r.sku, r.quoting), "web", r.price, ...(duplicateHeader ? [r.price] : [])].join(delimiter)).join("\n") +
      "\n",
  };
}

const jsonObject = (r: Row) => `{"sku":${JSON.stringify(r.sku)},"channel":"web",${r.twice ? '"price":"1.00",' : ""}"price":${r.price}}`;

const TARGETS: Target[] = [
  delimited("csv", ","),
  delimited("tsv", "\t"),
  {
    name: "json",
    file: "p.json",
    exponents: true,
    twice: true,
    header: false,
    write: (rows, bom) => `${bom ? "\ufeff" : ""}[${rows.map(jsonObject).join(",\n")}]`,
  },
  {
    name: "jsonl",
    file: "p.jsonl",
    exponents: true,
    twice: true,
    header: false,
    write: (rows, bom) => `${bom ? "\ufeff" : ""}${rows.map(jsonObject).join("\n")}\n`,
  },
  {
    name: "xml",
    file: "p.xml",
    exponents: false,
    twice: false,
    header: false,
    write: (rows, bom) =>
      `${bom ? "\ufeff" : ""}<rss><channel>${rows
        .map((r) => `<item><sku>${xmlText(r.sku)}</sku><channel>web</channel><price>${r.price}</price></item>`)
        .join("\n")}</channel></rss>`,
  },
  {
    name: "xlsx",
    file: "p.xlsx",
    exponents: true,
    twice: false,
    header: true,
    write: (rows, _bom, duplicateHeader) => {
      const text = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${xmlText(t)}</t></is></c>`;
      const names = ["sku", "channel", "price", ...(duplicateHeader ? ["price"] : [])];
      const header = `<row r="1">${names.map((n, c) => text(`${"ABCD"[c]}1`, n)).join("")}</row>`;
      const body = rows.map((r, i) => {
        const n = i + 2;
        const price = (col: string) => `<c r="${col}${n}"><v>${r.price}</v></c>`;
        return `<row r="${n}">${text(`A${n}`, r.sku)}${text(`B${n}`, "web")}${price("C")}${duplicateHeader ? price("D") : ""}</row>`;
      });
      return xlsxBytes(header + body.join(""));
    },
    // A numeric cell is the number stored (X33): no zeros after the point; Excel keeps 15
    // significant digits, so one with more is read rounded half up to them.
    shown: (text) => {
      const value = new Decimal(text);
      return value.sd() <= 15 ? value.toFixed() : value.toSignificantDigits(15, Decimal.ROUND_HALF_UP).toFixed();
    },
  },
  {
    name: "parquet",
    file: "p.parquet",
    exponents: false,
    twice: false,
    header: false,
    // Prices as text (BYTE_ARRAY UTF8): the digits written are the digits read.
    write: (rows) =>
      Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "sku", data: rows.map((r) => r.sku) },
            { name: "channel", data: rows.map(() => "web") },
            { name: "price", data: rows.map((r) => r.price) },
          ],
          schema: [
            { name: "root", num_children: 3 },
            { name: "sku", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
            { name: "channel", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
            { name: "price", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
          ] as never,
        }),
      ),
  },
];

/** A house rule that fires on every offer with a price, reporting it. */
const EVERY_OFFER = {
  id: "house/every-offer",
  description: "every offer, with its price",
  severity: "info",
  scope: "offer",
  conditions: { all: [{ fact: "price", operator: "greaterThanInclusive", value: "0" }] },
  message: "{price}",
};

async function runCase(target: Target, rows: readonly Row[], bom: boolean, duplicateHeader: boolean): Promise<Report | PricelintError> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-fuzz-readers-"));
  try {
    writeFileSync(join(dir, target.file), target.write(rows, bom, duplicateHeader));
    const config = { currency: "EUR", minorUnits: { EUR: 6 }, feeds: [{ kind: "prices", path: target.file }], rules: [EVERY_OFFER] };
    writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
    return await check(await loadConfig(join(dir, "pricelint.config.json")), { at: AT });
  } catch (error) {
    if (error instanceof PricelintError) return error;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the laws say of one row: rejected with a code, or accepted with its sku and exact price. */
function expected(row: Row): { code: string } | { sku: string; price: string } {
  // The reader's problem (a key given twice) comes before the fields' (the sku first).
  if (row.twice) return { code: "duplicate_field" };
  if (row.invisible) return { code: "invisible_character" };
  const amount = amountOf(row.price);
  if (amount === null) return { code: amountCode(row.price) };
  return { sku: row.sku.normalize("NFC"), price: amount.toFixed(6) };
}

function amountCode(text: string): string {
  return writtenDecimals(text) > 6 ? "too_many_decimals" : "amount_too_large";
}

describe("a fuzz target per reader: keys, numbers, BOMs, quotes and duplicates", () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))(
    "%s: never throws but a PricelintError; read = accepted + rejected; keys in NFC; prices exact",
    async (_name, target) => {
      await fc.assert(
        fc.asyncProperty(
          rowsArb(target.exponents, target.twice),
          fc.boolean(),
          target.header
            ? fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
            : fc.constant(false),
          async (rows, bom, duplicateHeader) => {
            const outcome = await runCase(target, rows, bom, duplicateHeader);
            if (duplicateHeader) {
              expect(outcome).toBeInstanceOf(PricelintError);
              expect((outcome as PricelintError).message).toBe(
                `${target.file}: column "price" appears more than once in the header (columns 3 and 4): rename one, or map the field to the one meant`,
              );
              return;
            }
            if (outcome instanceof PricelintError) throw outcome;
            const report = outcome;
            const feed = report.summary.feeds[0]!;
            const invalid = report.findings.filter((f) => f.rule === "feed/invalid-row");
            expect(feed.read).toBe(rows.length);
            expect(feed.read).toBe(feed.accepted + feed.rejected);
            expect(invalid).toHaveLength(feed.rejected);
            const wanted = rows.map((r) => expected(target.shown ? { ...r, price: target.shown(r.price) } : r));
            // Rejected rows: the codes, as a multiset (findings are in sku order, not row order).
            const codes = invalid.map((f) => String(f.values["code"])).sort();
            expect(codes).toStrictEqual(wanted.flatMap((w) => ("code" in w ? [w.code] : [])).sort());
            // Accepted rows: their offer by sku (the NFC of the text), with the price exactly.
            const offers = report.findings
              .filter((f) => f.rule === "house/every-offer")
              .map((f) => [f.sku, f.message])
              .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
            const accepted = wanted.flatMap((w) => ("sku" in w ? [[w.sku, w.price]] : [])).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
            expect(offers).toStrictEqual(accepted);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    },
    120_000,
  );
});
