/**
 * The html format's reader: a product page's schema.org Product/Offer markup in JSON-LD as
 * records, however the page is cut into chunks; what a page can get wrong as problem records.
 */
import { describe, expect, it } from "vitest";
import { readHtmlPage } from "../src/io/html-page.js";
import { HtmlScanner, decodeCharacterReferences, parseAttributes } from "../src/io/html.js";
import type { RecordBatch } from "../src/io/record.js";
import { UNDECODABLE } from "../src/io/undecodable.js";

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/**
 * The page's records as objects of their non-empty cells (or the problem), read whole; without
 * the ordinal of each record's Offer (`offer`) and the key of its product (`product`) unless `ordinals`.
 */
async function read(page: string, size = page.length || 1, recordChars?: number, ordinals = false) {
  const out: Record<string, unknown>[] = [];
  const limits = recordChars === undefined ? undefined : { recordChars, jsonKeys: 100 };
  for await (const batch of readHtmlPage(chunks(page, size), { limits }) as AsyncGenerator<RecordBatch>) {
    for (const r of batch.records) {
      if (r.problem) out.push({ line: r.line, code: r.problem.code, reason: r.problem.reason });
      else {
        const cells = batch.columns
          .map((c, i) => [c, r.cells[i]])
          .filter(([c, v]) => v !== undefined && (ordinals || (c !== "offer" && c !== "product")));
        out.push({ line: r.line, ...Object.fromEntries(cells) });
      }
    }
  }
  return out;
}

const ld = (value: unknown, attrs = 'type="application/ld+json"') => `<script ${attrs}>${JSON.stringify(value)}</script>`;
const page = (...body: string[]) => `<!doctype html>\n<html><head><title>Shop</title></head>\n<body>\n${body.join("\n")}\n</body></html>\n`;

describe("html pages: JSON-LD Product offers", () => {
  it("reads a Product's Offer: the price as written (a string keeps its zeros), currency, availability's local name, priceValidUntil", async () => {
    const p = page(
      ld({
        "@context": "https://schema.org",
        "@type": "Product",
        sku: "A-1",
        gtin13: "08001234567890",
        name: "Pasta",
        offers: {
          "@type": "Offer",
          price: "19.90",
          priceCurrency: "EUR",
          availability: "https://schema.org/InStock",
          priceValidUntil: "2026-12-31",
          url: "https://shop.example/p/a-1",
        },
      }),
    );
    expect(await read(p)).toStrictEqual([
      {
        line: 4,
        sku: "A-1",
        gtin: "08001234567890",
        name: "Pasta",
        price: "19.90",
        currency: "EUR",
        availability: "InStock",
        price_valid_until: "2026-12-31",
        url: "https://shop.example/p/a-1",
      },
    ]);
  });

  it("reads a JSON number price by its digits, and refuses one a double cannot carry", async () => {
    expect(await read(page(ld({ "@type": "Product", sku: "A", offers: { price: 1.5e-3, priceCurrency: "EUR" } })))).toStrictEqual([
      { line: 4, sku: "A", price: "0.0015", currency: "EUR" },
    ]);
    const rows = await read(page(ld({ "@type": "Product", sku: "A", offers: { price: 1234567890.1234567 } })));
    expect(rows.map((r) => r["code"])).toStrictEqual(["inexact_number"]);
  });

  it("finds products in @graph, in arrays, as an ItemPage's mainEntity, by @id, and a ProductGroup's variants", async () => {
    const p = page(
      ld({
        "@context": "https://schema.org",
        "@graph": [
          { "@type": "WebSite", name: "x" },
          { "@type": "ItemPage", mainEntity: { "@id": "#g" } },
          {
            "@type": "ProductGroup",
            "@id": "#g",
            hasVariant: [
              { "@type": "Product", sku: "V-1", offers: [{ "@type": "Offer", price: "10.00", priceCurrency: "EUR" }] },
              { "@type": "Product", sku: "V-2", offers: { "@id": "#o2" } },
            ],
          },
          { "@type": "Offer", "@id": "#o2", price: "12.00", priceCurrency: "EUR" },
        ],
      }),
      ld([{ "@type": ["Thing", "schema:Product"], gtin: 4006381333931, offers: { price: "3", priceCurrency: "USD" } }]),
    );
    expect(await read(p)).toStrictEqual([
      { line: 4, sku: "V-1", price: "10.00", currency: "EUR" },
      { line: 4, sku: "V-2", price: "12.00", currency: "EUR" },
      { line: 5, gtin: "4006381333931", price: "3", currency: "USD" },
    ]);
  });

  it("reads an AggregateOffer's lowPrice as the price (highPrice beside it), and an AggregateOffer's listed offers as offers", async () => {
    const p = page(
      ld({
        "@type": "Product",
        sku: "A",
        offers: { "@type": "AggregateOffer", lowPrice: "9.99", highPrice: "14.99", priceCurrency: "EUR" },
      }),
      ld({
        "@type": "Product",
        sku: "B",
        offers: { "@type": "AggregateOffer", offers: [{ "@type": "Offer", price: "5.00", priceCurrency: "EUR" }] },
      }),
    );
    expect(await read(p)).toStrictEqual([
      { line: 4, sku: "A", price: "9.99", high_price: "14.99", currency: "EUR" },
      { line: 5, sku: "B", price: "5.00", currency: "EUR" },
    ]);
  });

  it("takes an offer's own sku, gtin and url before its product's, and a priceSpecification's selling price (not the strikethrough)", async () => {
    const p = page(
      ld({
        "@type": "Product",
        sku: "P",
        gtin: "1",
        url: "https://s/p",
        offers: {
          sku: "P-red",
          gtin8: "12345670",
          url: "https://s/p?variant=2",
          priceSpecification: [
            { "@type": "UnitPriceSpecification", priceType: "https://schema.org/StrikethroughPrice", price: "20.00", priceCurrency: "EUR" },
            { "@type": "UnitPriceSpecification", price: "15.00", priceCurrency: "EUR" },
          ],
        },
      }),
    );
    expect(await read(p)).toStrictEqual([
      { line: 4, sku: "P-red", gtin: "12345670", url: "https://s/p?variant=2", price: "15.00", currency: "EUR" },
    ]);
  });

  it("P53 skips a priceSpecification's minimum advertised and invoice prices, as it skips a strikethrough: neither is the price a shopper pays", async () => {
    const spec = (priceType: string, price: string) => ({
      "@type": "UnitPriceSpecification",
      priceType: `https://schema.org/${priceType}`,
      price,
    });
    for (const first of [spec("MinimumAdvertisedPrice", "10.00"), spec("InvoicePrice", "7.00")]) {
      const p = page(
        ld({ "@type": "Product", sku: "X6", offers: { priceCurrency: "EUR", priceSpecification: [first, spec("SalePrice", "9.00")] } }),
      );
      expect(await read(p)).toStrictEqual([{ line: 4, sku: "X6", price: "9.00", currency: "EUR" }]);
    }
  });

  it('P65 reads schema.org enumeration values written as a node ({"@id": …}) or a list of one as the IRI they name: priceType, availability, True/False', async () => {
    const strikethrough = "https://schema.org/StrikethroughPrice";
    for (const priceType of [{ "@id": strikethrough }, [strikethrough], [{ "@id": "schema:ListPrice" }], { "@value": "MSRP" }]) {
      const p = page(
        ld({
          "@type": "Product",
          sku: "A",
          offers: {
            priceCurrency: "EUR",
            availability: { "@id": "https://schema.org/InStock" },
            valueAddedTaxIncluded: [{ "@id": "https://schema.org/False" }],
            priceSpecification: [
              { "@type": "UnitPriceSpecification", priceType, price: "25.00" },
              { "@type": "UnitPriceSpecification", price: "21.99" },
            ],
          },
        }),
      );
      // The was price is passed over; the offer is in stock and without tax.
      expect(await read(p), JSON.stringify(priceType)).toStrictEqual([
        { line: 4, sku: "A", price: "21.99", currency: "EUR", availability: "InStock", tax_included: "false" },
      ]);
    }
  });

  it("P60 a priceSpecification whose entries hold for a time gives each of them, in order up to one always valid, with their validFrom and validThrough and the Offer's ordinal", async () => {
    const spec = (price: string, more: Record<string, unknown> = {}) => ({ "@type": "UnitPriceSpecification", price, ...more });
    const p = page(
      ld({
        "@type": "Product",
        sku: "X7",
        offers: [
          {
            priceCurrency: "EUR",
            priceSpecification: [
              spec("8.00", { validFrom: "2026-11-01", validThrough: "2026-11-19" }),
              spec("12.00", { priceType: "https://schema.org/StrikethroughPrice", validThrough: "2026-11-19" }),
              spec("10.00"),
              spec("11.00", { validFrom: "2026-12-01" }),
            ],
          },
          // Entries without times: the first selling one alone, as before; an Offer's own price: its own, without the entries' times.
          { priceCurrency: "EUR", priceSpecification: [spec("9.00"), spec("9.50", { validThrough: "2026-11-19" })] },
          { price: "7.00", priceCurrency: "EUR", priceSpecification: spec("6.00", { validThrough: "2026-11-19" }) },
        ],
      }),
    );
    expect(await read(p, p.length, undefined, true)).toStrictEqual([
      {
        line: 4,
        sku: "X7",
        price: "8.00",
        currency: "EUR",
        valid_from: "2026-11-01",
        valid_through: "2026-11-19",
        offer: "1",
        product: "script 1 #1",
      },
      { line: 4, sku: "X7", price: "10.00", currency: "EUR", offer: "1", product: "script 1 #1" },
      { line: 4, sku: "X7", price: "9.00", currency: "EUR", offer: "2", product: "script 1 #1" },
      { line: 4, sku: "X7", price: "7.00", currency: "EUR", offer: "3", product: "script 1 #1" },
    ]);
  });

  it("gives the page's canonical link as page_url, whatever the case of the tag and its attributes", async () => {
    const p = page(
      '<LINK Rel="alternate canonical" HREF="https://shop.example/p/a?x=1&amp;y=2">',
      ld({ "@type": "Product", sku: "A", offers: { price: "1" } }),
    );
    expect(await read(p)).toStrictEqual([{ line: 5, sku: "A", price: "1", page_url: "https://shop.example/p/a?x=1&y=2" }]);
  });
});

describe("html pages: the scanner", () => {
  const product = { "@type": "Product", sku: "A", offers: { price: "1.00", priceCurrency: "EUR" } };
  const tricky = [
    '<!-- <script type="application/ld+json">{"@type":"Product","sku":"C","offers":{"price":"9"}}</script> -->',
    "<script>var s = '<script type=\"application/ld+json\">'; if (a < b) {}</script>",
    '<style>p::before { content: "<script>" }</style>',
    '<textarea><script type="application/ld+json">{}</script></textarea>',
    "<img alt=\"a > b\" src='x>y'>",
    `<SCRIPT TYPE="Application/LD&#43;JSON; charset=utf-8">\n<!--\n${JSON.stringify(product)}\n-->\n</SCRIPT >`,
  ];

  it("finds only real JSON-LD scripts: not in comments, not in other scripts' or styles' text, not in a textarea; case and references in attributes", async () => {
    const text = page(...tricky);
    expect(await read(text)).toStrictEqual([{ line: 9, sku: "A", price: "1.00", currency: "EUR" }]);
  });

  it("gives the same records however the page is cut into chunks", async () => {
    const text = page(...tricky, ld({ "@type": "Product", sku: "B", offers: { price: "2.00", priceCurrency: "EUR" } }));
    const whole = await read(text);
    expect(whole).toHaveLength(2);
    for (const size of [1, 2, 3, 5, 7, 11, 64]) expect(await read(text, size)).toStrictEqual(whole);
  });

  it("F47 shows bytes that are not UTF-8 as U+FFFD, as a browser does, and reads a U+FFFD written in the page as the same character", async () => {
    // The decoder marks bytes that are not UTF-8 (see decode.ts); a page never refused them, and still does not.
    const script = ld({ "@type": "Product", sku: "A@", name: "Caff\uFFFD", offers: { price: "1.00", priceCurrency: "EUR" } });
    const text = page(script.replace("A@", `A${UNDECODABLE}`));
    expect(await read(text, 7)).toStrictEqual([{ line: 4, sku: "A\uFFFD", name: "Caff\uFFFD", price: "1.00", currency: "EUR" }]);
  });

  it("F48 reads a character beyond U+FFFF whose second half is U+DFFD (U+1F3FD) as written, beside a mark it shows as U+FFFD", async () => {
    const script = ld({
      "@type": "Product",
      sku: "B1\u{1F3FD}",
      name: "Top \u{1F44D}\u{1F3FD}#MARK#",
      offers: { price: "1.00", priceCurrency: "EUR" },
    });
    const text = page(script.replace("#MARK#", UNDECODABLE));
    // Read whole: a decoder gives text in whole characters.
    expect(await read(text)).toStrictEqual([
      { line: 4, sku: "B1\u{1F3FD}", name: "Top \u{1F44D}\u{1F3FD}\uFFFD", price: "1.00", currency: "EUR" },
    ]);
  });

  it("ends a script at </script> even inside a JSON string, as a browser does: the rest is not JSON", async () => {
    const text = page(
      '<script type="application/ld+json">{"@type":"Product","sku":"A","name":"</script>","offers":{"price":"1"}}</script>',
    );
    const rows = await read(text);
    expect(rows.map((r) => r["code"])).toStrictEqual(["invalid_json_ld"]);
    expect(rows[0]!["line"]).toBe(4);
  });

  it("parses attributes: quoted either way, unquoted, repeated (the first wins), with character references", () => {
    expect(Object.fromEntries(parseAttributes(` type = 'a"b'  data-x=1 TYPE="no" flag href="&lt;&#x41;&#65;&amp;&bogus;"`))).toStrictEqual({
      type: 'a"b',
      "data-x": "1",
      flag: "",
      href: "<AA&&bogus;",
    });
    expect(decodeCharacterReferences("&#0;&#xD800;")).toBe("\uFFFD\uFFFD");
  });

  it("keeps a JSON-LD script of at most the limit, and reports a longer one without keeping it", async () => {
    const json = JSON.stringify(product);
    expect(await read(page(`<script type="application/ld+json">${json}</script>`), 3, json.length)).toHaveLength(1);
    const rows = await read(page(`<script type="application/ld+json">${json}</script>`), 3, json.length - 1);
    expect(rows).toStrictEqual([
      { line: 4, code: "record_too_long", reason: `a JSON-LD script longer than ${json.length - 1} characters, the limit of one record` },
    ]);
  });

  it("counts lines across chunks and inside scripts and comments", () => {
    const scanner = new HtmlScanner(100);
    const items = [
      ...scanner.push("<!--\n\n-->\n<scr"),
      ...scanner.push('ipt type="application/ld+json">\n1\n</script>\n<link rel=canonical href=/x>'),
      ...scanner.end(),
    ];
    expect(items).toStrictEqual([
      { kind: "json-ld", text: "\n1\n", line: 4 },
      { kind: "canonical", href: "/x", line: 7 },
    ]);
  });
});

describe("html pages: problems", () => {
  it("a page without Product markup is one problem record", async () => {
    expect(await read(page("<p>hello</p>", ld({ "@type": "Organization", name: "x" })))).toStrictEqual([
      {
        line: 1,
        code: "no_product_markup",
        reason: 'no schema.org Product with an offer in the page\'s <script type="application/ld+json">',
      },
    ]);
    expect((await read("")).map((r) => r["code"])).toStrictEqual(["no_product_markup"]);
  });

  it("broken JSON-LD is a problem record at its script's line; the page's other scripts are still read", async () => {
    const rows = await read(
      page(
        '<script type="application/ld+json">{"@type": "Product",</script>',
        ld({ "@type": "Product", sku: "A", offers: { price: "1" } }),
      ),
    );
    expect(rows).toStrictEqual([
      { line: 4, code: "invalid_json_ld", reason: expect.stringMatching(/^the JSON-LD script is not valid JSON: /) },
      { line: 5, sku: "A", price: "1" },
    ]);
  });

  it("P56 an Offer's currency other than that of the priceSpecification its price comes from rejects the offer, as two tax bases do", async () => {
    const spec = { "@type": "UnitPriceSpecification", price: "9.00", priceCurrency: "USD" };
    const offer = (currency: string) =>
      page(ld({ "@type": "Product", sku: "X8", offers: { priceCurrency: currency, priceSpecification: spec } }));
    expect(await read(offer("EUR"))).toStrictEqual([
      {
        line: 4,
        code: "currency_mismatch",
        reason:
          'the Offer\'s "priceCurrency" is EUR but that of the priceSpecification its price comes from is USD: the page states two currencies for one price',
      },
    ]);
    // The same currency written another way is one; an Offer with a price of its own keeps its currency.
    expect(await read(offer("usd"))).toStrictEqual([{ line: 4, sku: "X8", price: "9.00", currency: "usd" }]);
    const own = page(ld({ "@type": "Product", sku: "X8", offers: { price: "8.00", priceCurrency: "EUR", priceSpecification: spec } }));
    expect(await read(own)).toStrictEqual([{ line: 4, sku: "X8", price: "8.00", currency: "EUR" }]);
  });

  it("P69 an AggregateOffer's currency and tax basis stand for each price of a listed offer that states none, never against an entry stating its own", async () => {
    const listed = {
      "@type": "Offer",
      priceSpecification: [
        { "@type": "UnitPriceSpecification", price: "19.99", validThrough: "2026-11-19" },
        { "@type": "UnitPriceSpecification", price: "21.99", priceCurrency: "USD", valueAddedTaxIncluded: true },
      ],
    };
    const p = page(
      ld({
        "@type": "Product",
        sku: "A",
        offers: { "@type": "AggregateOffer", priceCurrency: "EUR", valueAddedTaxIncluded: false, offers: [listed] },
      }),
    );
    // The sale entry states nothing: the aggregate's EUR, without tax. The regular one states USD, with tax: its own.
    expect(await read(p)).toStrictEqual([
      { line: 4, sku: "A", price: "19.99", currency: "EUR", valid_through: "2026-11-19", tax_included: "false" },
      { line: 4, sku: "A", price: "21.99", currency: "USD", tax_included: "true" },
    ]);
  });

  it("P55 a key written twice in one object of a script rejects the script: which one the page means is not known", async () => {
    const twice = (inner: string) => page(`<script type="application/ld+json">{"@type":"Product","sku":"X4","offers":${inner}}</script>`);
    const reason = (key: string) =>
      `key "${key}" appears twice in an object of the JSON-LD script: JSON keeps the last without a word, and which the page means is not known; give it once`;
    expect(await read(twice('{"price":"8.00","priceCurrency":"EUR", "priceCurrency" :"USD"}'))).toStrictEqual([
      { line: 4, code: "duplicate_field", reason: reason("priceCurrency") },
    ]);
    // Written with an escape, the same key; in two objects, or as a value, no repeat.
    expect((await read(twice('{"price":"8.00","pri\\u0063e":"9.00"}')))[0]).toMatchObject({
      code: "duplicate_field",
      reason: reason("price"),
    });
    expect(await read(twice('{"price":"8.00","name":"price","seller":{"name":"S","price":"x"}}'))).toStrictEqual([
      { line: 4, sku: "X4", price: "8.00" },
    ]);
    // A quote escaped inside a string does not end it.
    expect(await read(twice('{"price":"8.00","name":"a \\"price\\": b"}'))).toStrictEqual([{ line: 4, sku: "X4", price: "8.00" }]);
  });

  it("offers of one product at different prices are all read: whether they conflict depends on the instant, known once matched", async () => {
    const rows = await read(
      page(
        ld({ "@type": "Product", sku: "A", offers: { price: "1.00", priceCurrency: "EUR", priceValidUntil: "2026-11-19" } }),
        ld({ "@type": "Product", sku: "A", offers: { price: "1.20", priceCurrency: "EUR" } }),
        ld({ "@type": "Product", sku: "B", offers: [{ price: "2.00" }, { price: "2.00" }] }),
      ),
    );
    expect(rows).toStrictEqual([
      { line: 4, sku: "A", price: "1.00", currency: "EUR", price_valid_until: "2026-11-19" },
      { line: 5, sku: "A", price: "1.20", currency: "EUR" },
      { line: 6, sku: "B", price: "2.00" },
      { line: 6, sku: "B", price: "2.00" },
    ]);
  });

  it("a price that is an object, and a meta charset other than the page is read with, are problem records", async () => {
    const rows = await read(page('<meta charset="windows-1251">', ld({ "@type": "Product", sku: "A", offers: { price: { amount: 1 } } })));
    expect(rows).toStrictEqual([
      {
        line: 4,
        code: "charset_mismatch",
        reason: 'the page declares charset "windows-1251" but is read as utf-8: set the feed\'s "encoding"',
      },
      { line: 5, code: "unsupported_value", reason: '"price" holds an object ({"amount":1}); it takes text or a number' },
    ]);
    expect(
      await read(
        page(
          '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">',
          ld({ "@type": "Product", sku: "A", offers: { price: "1" } }),
        ),
      ),
    ).toStrictEqual([{ line: 5, sku: "A", price: "1" }]);
  });
});

describe("html pages: the saved pages of fixtures/html", () => {
  const file = async (name: string) => read((await import("node:fs")).readFileSync(`fixtures/html/${name}`, "utf8"), 17);

  it("0801001.html: a Product named by gtin13 only, its canonical link", async () => {
    expect(await file("0801001.html")).toStrictEqual([
      {
        line: 7,
        gtin: "8012348010018",
        name: "Spaghetti n.5 500 g",
        price: "1.29",
        currency: "EUR",
        availability: "InStock",
        page_url: "https://bottega-bianchi.example/p/spaghetti-n5-500g",
      },
    ]);
  });

  it("variant-group.html: a ProductGroup's variants in CDATA-wrapped JSON-LD, not the theme's script nor the comment", async () => {
    const page = "https://bottega-bianchi.example/p/olio?variant=2";
    expect(await file("variant-group.html")).toStrictEqual([
      {
        line: 12,
        sku: "0801007",
        name: "Olio extravergine 0,5 l",
        price: "8.99",
        currency: "EUR",
        url: "https://bottega-bianchi.example/p/olio?variant=1",
        page_url: page,
      },
      {
        line: 12,
        sku: "0801037",
        name: "Olio extravergine 1 l",
        price: "16.50",
        currency: "EUR",
        availability: "OutOfStock",
        price_valid_until: "2026-12-31",
        url: "https://bottega-bianchi.example/p/olio?variant=2",
        page_url: page,
      },
    ]);
  });

  it("broken.html: trailing commas are not JSON", async () => {
    expect((await file("broken.html")).map((r) => [r["line"], r["code"]])).toStrictEqual([[5, "invalid_json_ld"]]);
  });
});
