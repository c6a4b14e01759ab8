/**
 * Every rejected row carries a stable code (src/model/row-error.ts, docs/errors.md): for each code,
 * one input that gives it, as `values.code` of its `feed/invalid-row` finding.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";
import type { FeedKind } from "../src/model/fields.js";
import { ROW_ERROR_CODES, type RowErrorCode } from "../src/model/row-error.js";
import { xlsxBytes } from "../bench/formats/xlsx.js";

/** One feed file that holds exactly one row rejected for the code. */
interface Example {
  readonly kind: FeedKind;
  readonly file: string;
  readonly content: string | Buffer;
  /** More settings of the feed, and other feeds beside it. */
  readonly feed?: Record<string, unknown>;
  readonly others?: readonly { readonly kind: FeedKind; readonly file: string; readonly content: string }[];
}

const prices = (rows: string, header = "sku,channel,price"): Example => ({
  kind: "prices",
  file: "p.csv",
  content: `${header}\n${rows}\n`,
});
const catalogue = (header: string, row: string): Example => ({ kind: "catalogue", file: "c.csv", content: `${header}\n${row}\n` });
const stores = (header: string, row: string): Example => ({ kind: "stores", file: "s.csv", content: `${header}\n${row}\n` });
const json = (content: string, file = "p.json"): Example => ({ kind: "prices", file, content });
const promotion = (row: string): Example => ({
  kind: "promotions",
  file: "promos.csv",
  content: `promo_id,type,channels,skus,start,end\n${row}\n`,
});
const A = '"sku":"A","channel":"web"';
/** A Parquet prices feed of one row, sku A on web, whose price column has the schema element given. */
const parquetPrice = (price: Record<string, unknown>, value: unknown): Example => ({
  kind: "prices",
  file: "p.parquet",
  content: Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: "sku", data: ["A"] },
        { name: "channel", data: ["web"] },
        { name: "price", data: [value] },
      ],
      schema: [
        { name: "root", num_children: 3 },
        { name: "sku", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "channel", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "price", repetition_type: "REQUIRED", ...price },
      ] as never,
    }),
  ),
});
/** A workbook whose sheet has the header sku, channel, price and one row, A and web then `price` (a cell C2's XML). */
const sheet = (price: string): Example => ({
  kind: "prices",
  file: "p.xlsx",
  content: xlsxBytes(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c><c r="B1" t="inlineStr"><is><t>channel</t></is></c><c r="C1" t="inlineStr"><is><t>price</t></is></c></row>' +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2" t="inlineStr"><is><t>web</t></is></c>${price}</row>`,
  ),
});
const xml = (item: string): Example => ({
  kind: "prices",
  file: "p.xml",
  content: `<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><sku>A</sku><channel>web</channel>${item}</item></channel></rss>`,
});

/** A product page (html) holding the JSON-LD values given, one script each. */
const htmlPage = (...values: unknown[]): Example => ({
  kind: "prices",
  file: "p.html",
  content: `<html><body>\n${values.map((v) => `<script type="application/ld+json">${typeof v === "string" ? v : JSON.stringify(v)}</script>`).join("\n")}\n</body></html>`,
});
const offer = (sku: string | null, price: string, more: Record<string, unknown> = {}) => ({
  "@type": "Product",
  ...(sku === null ? {} : { sku }),
  offers: { "@type": "Offer", price, priceCurrency: "EUR", ...more },
});

const EXAMPLES: Record<RowErrorCode, Example> = {
  repeated_header: prices("sku,channel,price"),
  wrong_cell_count: prices("A,web"),
  unterminated_quote: prices('A,web,"1.00'),
  text_after_quote: prices('"A"x,web,1.00'),
  record_too_long: prices(`A,web,1.00,${"x".repeat(1 << 20)}`, "sku,channel,price,title"),
  invalid_utf8: {
    kind: "prices",
    file: "p.csv",
    content: Buffer.concat([Buffer.from("sku,channel,price\nA"), Buffer.from([0xff]), Buffer.from(",web,1.00\n")]),
  },
  invalid_json: json(`{${A},"price":"1"}\n{"sku":\n`, "p.jsonl"),
  not_a_json_array: json(`{${A}}`),
  not_an_object: json("[42]"),
  too_many_keys: json(
    JSON.stringify({ sku: "A", channel: "web", price: "1", ...Object.fromEntries(Array.from({ length: 9998 }, (_, i) => [`k${i}`, 1])) }),
    "p.jsonl",
  ),
  unsupported_value: json(`[{${A},"price":"1","x":{}}]`),
  inexact_number: json(`[{${A},"price":1e999}]`),
  non_finite_number: parquetPrice({ type: "DOUBLE" }, NaN),
  invalid_parquet_value: parquetPrice({ type: "INT32", converted_type: "DECIMAL", precision: 3, scale: 2 }, 12345n),
  cell_error: sheet('<c r="C2" t="e"><v>#N/A</v></c>'),
  invalid_cell: sheet('<c r="C2" t="s"><v>7</v></c>'),
  name_collision: xml("<price>1.00</price><g:price>1.00</g:price>"),
  invalid_json_ld: htmlPage('{"@type": "Product",'),
  no_product_markup: htmlPage({ "@type": "Organization", name: "Shop" }),
  conflicting_offers: htmlPage(offer("A", "1.00"), offer("A", "1.20")),
  charset_mismatch: {
    ...htmlPage(offer("A", "1.00")),
    content: `<meta charset="koi8-r">${htmlPage(offer("A", "1.00")).content as string}`,
  },
  page_not_matched: htmlPage({ "@type": "Product", gtin13: "4006381333931", offers: { price: "1.00" } }),
  wrong_variant: {
    ...htmlPage(offer("A-RED", "9.99")),
    content: `<link rel="canonical" href="https://shop.example/a?variant=2">${htmlPage(offer("A-RED", "9.99")).content as string}`,
    others: [
      {
        kind: "catalogue",
        file: "c.csv",
        content: "sku,link\nA-RED,https://shop.example/a?variant=1\nA-BLUE,https://shop.example/a?variant=2\n",
      },
    ],
  },
  page_price_expired: htmlPage(offer("A", "1.00", { priceValidUntil: "2020-01-31" })),
  // Nothing listens on the loopback address's port 9 (discard): the connection is refused.
  page_unavailable: {
    kind: "prices",
    file: "unused.html",
    content: "",
    feed: { path: "http://127.0.0.1:9/p", format: "html", fetch: { retries: 0 } },
  },
  mixed_content: xml("<price>1.00 <b>EUR</b></price>"),
  nested_too_deep: xml(`<price>1.00</price>${"<x>".repeat(33)}${"</x>".repeat(33)}`),
  nested_record: xml("<price>1.00</price><item><sku>B</sku></item>"),
  duplicate_field: json(`[{${A},"price":1.00,"price":2.00}]`),
  required: prices(",web,1.00"),
  unexpected_list: json('[{"sku":["A","B"],"channel":"web","price":"1"}]'),
  not_an_amount: prices("A,web,abc"),
  ambiguous_amount: prices('A,web,"1,234"'),
  wrong_number_format: prices('A,web,"1,23"'),
  too_many_decimals: prices("A,web,1.0000001"),
  amount_too_large: prices("A,web,9007199255"),
  unknown_currency: prices("A,web,1.00 XYZ"),
  currency_mismatch: prices("A,web,€ 1.00,USD", "sku,channel,price,currency"),
  currency_in_quantity: catalogue("sku,size", "A,1 EUR"),
  not_an_integer: catalogue("sku,pack_qty", "A,1.5"),
  not_a_boolean: catalogue("sku,perishable", "A,maybe"),
  invalid_date: prices("A,web,2.00,1.00,2026-02-30", "sku,channel,price,sale_price,sale_start"),
  invalid_time: prices("A,web,2.00,1.00,2026-02-01T24:00", "sku,channel,price,sale_price,sale_start"),
  invalid_utc_offset: prices("A,web,2.00,1.00,2026-11-01T00:00+25:00", "sku,channel,price,sale_price,sale_start"),
  unknown_time_zone: stores("location,timezone", "MI01,Mars/Olympus"),
  unknown_channel: prices("A,webb,1.00"),
  unknown_status: stores("location,status", "MI01,shut"),
  unknown_promotion_type: promotion("P1,half_off,web,A,2026-11-01,2026-11-30"),
  unknown_value: prices("A,web,1.00,in store", "sku,channel,price,availability"),
  unknown_unit: catalogue("sku,size,size_unit", "A,12,dozen"),
  invisible_character: prices("A\u200b1,web,1.00"),
  out_of_range: catalogue("sku,size", "A,0"),
  invalid_promotion: promotion("P1,percent_off,web,A,2026-11-01,2026-11-30"),
  two_sale_ends: prices("A,web,2.00,1.50,2026-11-01/2026-11-30,2026-11-20", "sku,channel,price,sale_price,sale_start,sale_end"),
  invalid_validity: prices("A,web,2.00,2026-11-20,2026-11-19", "sku,channel,price,valid_from,valid_to"),
  channel_not_located: prices("A,web,MI01,2.00", "sku,channel,location,price"),
  no_inherited_price: { ...prices("A,MI01,", "sku,location,price"), feed: { constants: { channel: "store" }, inheritFrom: "web" } },
  duplicate_key: catalogue("sku,title", "A,one\nA,two"),
  // Spark's hash("bar") is 2486176763 unsigned (Spark-computed, datafusion-comet's tests): -1808790533, pmod 2 = 1, not the file's 0.
  wrong_partition: {
    ...prices("bar,web,1.00"),
    file: "p-0.csv",
    feed: { path: "p-{bucket}.csv", partition: { by: "sku", hash: "spark", buckets: 2 } },
  },
};

async function rejected(example: Example) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-codes-"));
  writeFileSync(join(dir, example.file), example.content);
  for (const other of example.others ?? []) writeFileSync(join(dir, other.file), other.content);
  const feeds = [
    { kind: example.kind, path: example.file, ...example.feed },
    ...(example.others ?? []).map((o) => ({ kind: o.kind, path: o.file })),
  ];
  const config = validateConfig({ currency: "EUR", feeds, rules: [] }, "test");
  const report = await check({ config, file: null, baseDir: dir }, { at: new Date("2026-11-20T12:00:00Z") });
  return report.findings.filter((f) => f.rule === "feed/invalid-row");
}

describe("row error codes", () => {
  it("have one example each here, and every example is a code of the table", () => {
    expect(Object.keys(EXAMPLES).sort()).toStrictEqual(Object.keys(ROW_ERROR_CODES).sort());
  });

  it("are documented in docs/errors.md, each once and with its meaning, and every documented code exists", () => {
    const doc = readFileSync("docs/errors.md", "utf8");
    const section = doc.slice(doc.indexOf("## Rejected rows"), doc.indexOf("## PricelintError"));
    const rows = [...section.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map(([, code, meaning]) => [code!, meaning!] as const);
    expect(rows.length).toBe(new Set(rows.map(([code]) => code)).size);
    expect(Object.fromEntries(rows)).toStrictEqual({ ...ROW_ERROR_CODES });
  });

  it.each(Object.keys(ROW_ERROR_CODES) as RowErrorCode[])("%s: a row that gives it carries it in its finding's values", async (code) => {
    const findings = await rejected(EXAMPLES[code]);
    expect(findings.map((f) => f.values["code"])).toStrictEqual([code]);
  });
});
