/**
 * The landing page's own price, end to end: saved or fetched product pages as the channel
 * landing_page, matched to items (sku, catalogue gtin, link), and price/landing-page-mismatch.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loopbackServer } from "./helpers/loopback-server.js";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";
import { gtinKey, linkKey } from "../src/pipeline/landing-pages.js";

const AT = new Date("2026-11-20T12:00:00Z");

/** A product page with one JSON-LD script per value, and the head lines given. */
const page = (head: string, ...values: unknown[]) =>
  `<!DOCTYPE html>\n<html><head>${head}</head><body>\n${values.map((v) => `<script type="application/ld+json">${JSON.stringify(v)}</script>`).join("\n")}\n</body></html>\n`;
const product = (ids: Record<string, unknown>, offer: Record<string, unknown>) => ({
  "@context": "https://schema.org",
  "@type": "Product",
  ...ids,
  offers: { "@type": "Offer", priceCurrency: "EUR", ...offer },
});

async function run(files: Record<string, string>, feeds: Record<string, unknown>[], ruleSettings: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-landing-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const config = validateConfig({ currency: "EUR", feeds, rules: ["price/landing-page-mismatch"], ruleSettings }, "test");
  return check({ config, file: null, baseDir: dir }, { at: AT });
}

const CATALOGUE = [
  "sku,gtin,link",
  "A-1,4006381333931,https://shop.example/p/a-1",
  "B-2,,https://shop.example/p/b?variant=1",
  "B-3,,https://shop.example/p/b?variant=2",
  "C-4,,https://Shop.Example:443/p/c-4/",
].join("\n");
const WEB = ["sku,price,currency", "A-1,19.99,EUR", "B-2,5.00,EUR", "B-3,6.00,EUR", "C-4,7.50,EUR"].join("\n");
const BASE_FEEDS = [
  { kind: "catalogue", path: "catalogue.csv" },
  { kind: "prices", path: "web.csv", constants: { channel: "web" } },
  { kind: "prices", path: "pages/*.html" },
];

const mismatches = (report: Awaited<ReturnType<typeof check>>) =>
  report.findings
    .filter((f) => f.rule === "price/landing-page-mismatch")
    .map((f) => ({ sku: f.sku, message: f.message, sources: f.sources }));
const rejected = (report: Awaited<ReturnType<typeof check>>) =>
  report.findings
    .filter((f) => f.rule === "feed/invalid-row")
    .map((f) => ({ file: f.sources[0]?.file, code: f.values["code"], message: f.message }));

describe("landing pages: matching a page's offer to its item", () => {
  it("P58 variants under one product's sku, each offer with a GTIN of its own, are the catalogue's items by GTIN, not one item at two prices", async () => {
    const offers = [
      { "@type": "Offer", gtin13: "4006381333931", price: "10.00", priceCurrency: "EUR" },
      { "@type": "Offer", gtin13: "0012345678905", price: "12.50", priceCurrency: "EUR" },
    ];
    const report = await run(
      {
        "catalogue.csv": "sku,gtin\nV1,4006381333931\nV2,0012345678905\n",
        "web.csv": "sku,price,currency\nV1,10.00,EUR\nV2,12.00,EUR\n",
        "pages/g.html": page("", { "@context": "https://schema.org", "@type": "Product", sku: "PARENT", offers }),
      },
      BASE_FEEDS,
    );
    // V1's page price is its feed's; V2's 12.50 is not its 12.00.
    expect([rejected(report), mismatches(report).map((m) => m.sku)]).toStrictEqual([[], ["V2"]]);
  });

  it("P63 offers of different items whose markup names no sku or GTIN, told apart by url (a ProductGroup's variants, two Products), are no conflict", async () => {
    const variant = (link: string, price: string) => product({ url: link }, { price });
    const files = { "catalogue.csv": CATALOGUE, "web.csv": WEB };
    const group = page('<link rel="canonical" href="https://shop.example/p/b">', {
      "@context": "https://schema.org",
      "@type": "ProductGroup",
      productGroupID: "B",
      hasVariant: [variant("https://shop.example/p/b?variant=1", "5.00"), variant("https://shop.example/p/b?variant=2", "6.50")],
    });
    const plain = page("", variant("https://shop.example/p/a-1", "19.99"), variant("https://shop.example/p/c-4", "7.00"));
    // B-2's 5.00 is its feed's, B-3's 6.50 is not its 6.00; A-1's 19.99 is its feed's, C-4's 7.00 is not its 7.50.
    for (const [html, expected] of [
      [group, [["B-3", "6.50 EUR"]]],
      [plain, [["C-4", "7.00 EUR"]]],
    ] as const) {
      const report = await run({ ...files, "pages/p.html": html }, BASE_FEEDS);
      expect([rejected(report), mismatches(report).map((m) => [m.sku, m.message.split(" shows ")[1]!.split(" (")[0]])]).toStrictEqual([
        [],
        expected,
      ]);
    }
  });

  it("P64 one item's offers whose markup names it two ways (sku and GTIN, sku alone, GTIN alone) at different prices conflict", async () => {
    const files = { "catalogue.csv": CATALOGUE, "web.csv": WEB };
    const pages = [
      page("", product({ sku: "A-1", gtin13: "4006381333931" }, { price: "19.99" }), product({ sku: "A-1" }, { price: "21.99" })),
      page("", product({ sku: "A-1" }, { price: "19.99" }), product({ gtin13: "4006381333931" }, { price: "21.99" })),
      page("", product({ sku: "A-1" }, { price: "19.99" }), product({ url: "https://shop.example/p/a-1" }, { price: "21.99" })),
    ];
    for (const html of pages) {
      const report = await run({ ...files, "pages/a.html": html }, BASE_FEEDS);
      expect([rejected(report), mismatches(report)]).toStrictEqual([
        [
          {
            file: "pages/a.html",
            code: "conflicting_offers",
            message:
              "pages/a.html:3: the page has 2 offers for sku A-1 at different prices (19.99 EUR, 21.99 EUR): which one it shows is unknown",
          },
        ],
        [],
      ]);
    }
  });

  it("P54 by a sku the page writes in another Unicode form (NFD) than the catalogue (NFC): one sku", async () => {
    const report = await run(
      {
        "catalogue.csv": "sku\nCAF\u00c9\n",
        "web.csv": "sku,price,currency\nCAF\u00c9,10.00,EUR\n",
        "pages/n.html": page("", product({ sku: "CAFE\u0301" }, { price: "9.00" })),
      },
      BASE_FEEDS,
    );
    expect([rejected(report), mismatches(report).map((m) => [m.sku, m.message])]).toStrictEqual([
      [],
      [
        [
          "CAF\u00c9",
          "the landing page pages/n.html shows 9.00 EUR (tax included: true), the feed's web price is 10.00 EUR (tax included: true)",
        ],
      ],
    ]);
  });

  it("by the markup's sku: a page price other than the feed's is a finding naming the page; an equal one is none", async () => {
    const report = await run(
      {
        "catalogue.csv": CATALOGUE,
        "web.csv": WEB,
        "pages/a.html": page("", product({ sku: "A-1" }, { price: "21.99" })),
        "pages/c.html": page("", product({ sku: "C-4" }, { price: 7.5 })),
      },
      BASE_FEEDS,
    );
    expect(mismatches(report)).toStrictEqual([
      {
        sku: "A-1",
        message:
          "the landing page pages/a.html shows 21.99 EUR (tax included: true), the feed's web price is 19.99 EUR (tax included: true)",
        sources: [
          { file: "pages/a.html", line: 3 },
          { file: "web.csv", line: 2 },
        ],
      },
    ]);
    expect(report.summary.rows).toStrictEqual({ read: 10, accepted: 10, rejected: 0 });
  });

  it("by the catalogue's gtin (compared as GTIN-14), then by the page's link (scheme and host case, port, trailing slash, fragment aside)", async () => {
    const report = await run(
      {
        "catalogue.csv": CATALOGUE,
        "web.csv": WEB,
        "pages/a.html": page("", product({ sku: "unknown", gtin14: "04006381333931" }, { price: "19.98" })),
        "pages/c.html": page('<link rel="canonical" href="HTTPS://shop.example/p/c-4#reviews">', product({}, { price: "7.49" })),
      },
      BASE_FEEDS,
    );
    expect(mismatches(report).map((m) => [m.sku, m.message.split(" shows ")[1]!.split(" (")[0]])).toStrictEqual([
      ["A-1", "19.98 EUR"],
      ["C-4", "7.49 EUR"],
    ]);
  });

  it("a variant's URL showing another variant's price is rejected (wrong_variant); a page showing every variant is not", async () => {
    const report = await run(
      {
        "catalogue.csv": CATALOGUE,
        "web.csv": WEB,
        "pages/b2.html": page(
          '<link rel="canonical" href="https://shop.example/p/b?variant=2">',
          product({ sku: "B-2" }, { price: "5.00" }),
        ),
        "pages/b.html": page('<link rel="canonical" href="https://shop.example/p/b?variant=1">', {
          "@type": "ProductGroup",
          hasVariant: [product({ sku: "B-2" }, { price: "5.00" }), product({ sku: "B-3" }, { price: "6.50" })],
        }),
      },
      BASE_FEEDS,
    );
    expect(rejected(report)).toStrictEqual([
      {
        file: "pages/b2.html",
        code: "wrong_variant",
        message: expect.stringContaining(
          "the page https://shop.example/p/b?variant=2 is the link of sku B-3 but shows no offer for it, only one for sku B-2 (5.00 EUR): a variant's link must show that variant's price",
        ),
      },
    ]);
    expect(mismatches(report).map((m) => m.sku)).toStrictEqual(["B-3"]);
  });

  it("P61 a page that is an item's link is no landing page of the other products it shows (related products), in any form of markup", async () => {
    const files = { "catalogue.csv": `${CATALOGUE}\nD-5,5901234123457,`, "web.csv": `${WEB}\nD-5,3.00,EUR` };
    // A's page shows C-4 in a script of its own; B-2's shows D-5 (by its GTIN, an AggregateOffer) in its @graph.
    const related = product({ sku: "C-4" }, { price: "7.00" });
    const pages = {
      "pages/a.html": page(
        '<link rel="canonical" href="https://shop.example/p/a-1">',
        product({ sku: "A-1" }, { price: "19.99" }),
        related,
      ),
      "pages/b.html": page('<link rel="canonical" href="https://shop.example/p/b?variant=1">', {
        "@context": "https://schema.org",
        "@graph": [
          product({ sku: "B-2" }, { price: "5.00" }),
          { "@type": "Product", gtin13: "5901234123457", offers: { "@type": "AggregateOffer", priceCurrency: "EUR", lowPrice: "2.50" } },
        ],
      }),
    };
    const report = await run({ ...files, ...pages }, BASE_FEEDS);
    expect([rejected(report), mismatches(report)]).toStrictEqual([[], []]);
    // A page that is nobody's link is read for every item it shows, as before.
    const nobody = await run({ ...files, "pages/a.html": page("", product({ sku: "A-1" }, { price: "19.99" }), related) }, BASE_FEEDS);
    expect(mismatches(nobody).map((m) => [m.sku, m.message.split(" shows ")[1]!.split(" (")[0]])).toStrictEqual([["C-4", "7.00 EUR"]]);
  });

  it("P62 beside the Product naming the page's item, a product naming no catalogue item (no identifier, an unknown sku) is passed over, not filed under the item", async () => {
    const canonical = '<link rel="canonical" href="https://shop.example/p/a-1">';
    const own = product({ sku: "A-1" }, { price: "21.99" });
    const socks = product({ name: "Socks" }, { price: "4.00" });
    const other = product({ sku: "Z-OTHER" }, { price: "4.00" });
    const pages = {
      // In a script of its own, in the same script's array, in an @graph; on a page that is nobody's link too.
      "pages/a.html": page(canonical, own, socks),
      "pages/b.html": page(canonical, [own, other]),
      "pages/c.html": page(canonical, { "@context": "https://schema.org", "@graph": [socks, own, other] }),
      "pages/d.html": page("", own, socks),
    };
    for (const [name, html] of Object.entries(pages)) {
      const report = await run({ "catalogue.csv": CATALOGUE, "web.csv": WEB, [name]: html }, BASE_FEEDS);
      // A-1's own 21.99 against its feed's 19.99; the other product gives no row.
      expect([rejected(report), mismatches(report).map((m) => [m.sku, m.message.split(" shows ")[1]!.split(" (")[0]])], name).toStrictEqual(
        [[], [["A-1", "21.99 EUR"]]],
      );
      // Four catalogue rows, four web rows, one offer of the page.
      expect(report.summary.rows, name).toStrictEqual({ read: 9, accepted: 9, rejected: 0 });
    }
    // Where no Product names a catalogue item, the page's product is its link's item, as before.
    const alone = await run({ "catalogue.csv": CATALOGUE, "web.csv": WEB, "pages/a.html": page(canonical, other) }, BASE_FEEDS);
    expect(mismatches(alone).map((m) => [m.sku, m.message.split(" shows ")[1]!.split(" (")[0]])).toStrictEqual([["A-1", "4.00 EUR"]]);
  });

  it("P61 the other variants of the page's product are read: a ProductGroup's, a Product's isVariantOf, inProductGroupWithID", async () => {
    const variant = (sku: string, price: string, group: Record<string, unknown>) => ({ ...product({ sku }, { price }), ...group });
    const report = await run(
      {
        "catalogue.csv": CATALOGUE,
        "web.csv": WEB,
        "pages/b.html": page(
          '<link rel="canonical" href="https://shop.example/p/b?variant=1">',
          [
            { "@context": "https://schema.org", "@type": "ProductGroup", "@id": "#b", productGroupID: "B", name: "B" },
            variant("B-2", "5.00", { isVariantOf: { "@id": "#b" } }),
          ],
          variant("B-3", "6.50", { inProductGroupWithID: "B" }),
          // Related, though named a variant of another group.
          variant("A-1", "18.00", { isVariantOf: { "@type": "ProductGroup", productGroupID: "A" } }),
        ),
      },
      BASE_FEEDS,
    );
    expect([rejected(report), mismatches(report).map((m) => [m.sku, m.message.split(" shows ")[1]!.split(" (")[0]])]).toStrictEqual([
      [],
      [["B-3", "6.50 EUR"]],
    ]);
  });

  it("an offer matching no item, and one whose gtin two skus share, are rejected, and the rows still add up", async () => {
    const report = await run(
      {
        "catalogue.csv": `${CATALOGUE}\nD-5,4006381333931,`,
        "web.csv": WEB,
        "pages/x.html": page("", product({ sku: "ZZ", gtin13: "5901234123457" }, { price: "1.00" })),
        "pages/y.html": page("", product({ gtin13: "4006381333931" }, { price: "1.00" })),
      },
      BASE_FEEDS,
    );
    expect(rejected(report).map((r) => [r.file, r.code])).toStrictEqual([
      ["pages/x.html", "page_not_matched"],
      ["pages/y.html", "page_not_matched"],
    ]);
    expect(rejected(report)[0]!.message).toContain(
      "the offer (sku ZZ, gtin 5901234123457) matches no item: no sku of the catalogue, no catalogue gtin, no item's link",
    );
    expect(rejected(report)[1]!.message).toContain("gtin 4006381333931 is the catalogue's gtin of several skus (A-1, D-5)");
    const { read, accepted, rejected: out } = report.summary.rows;
    expect([read, accepted + out, out]).toStrictEqual([11, 11, 2]);
  });
});

describe("price/landing-page-mismatch", () => {
  const files = (offer: Record<string, unknown>, web = "A-1,19.99,EUR") => ({
    "catalogue.csv": CATALOGUE,
    "web.csv": `sku,price,currency\n${web}`,
    "pages/a.html": page("", product({ sku: "A-1" }, offer)),
  });

  it("a page in another currency is a mismatch, never a conversion, even at the same amount", async () => {
    const report = await run(files({ price: "19.99", priceCurrency: "USD" }), BASE_FEEDS);
    expect(mismatches(report).map((m) => m.message)).toStrictEqual([
      "the landing page pages/a.html shows 19.99 USD (tax included: true), the feed's web price is 19.99 EUR (tax included: true)",
    ]);
  });

  it("a US page that includes sales tax differs from a feed without it: a mismatch, nothing is added or removed", async () => {
    const feeds = [
      { kind: "catalogue", path: "catalogue.csv" },
      { kind: "prices", path: "web.csv", constants: { channel: "web", tax_included: false } },
      { kind: "prices", path: "pages/*.html", constants: { tax_included: true } },
    ];
    const report = await run(files({ price: "10.83", priceCurrency: "USD" }, "A-1,10.00,USD"), feeds);
    expect(mismatches(report).map((m) => m.message)).toStrictEqual([
      "the landing page pages/a.html shows 10.83 USD (tax included: true), the feed's web price is 10.00 USD (tax included: false)",
    ]);
  });

  it("takes a tolerance: 19.98 against 19.99 is within 0.01, and exactly equal is never a mismatch", async () => {
    expect(
      mismatches(await run(files({ price: "19.98" }), BASE_FEEDS, { "price/landing-page-mismatch": { tolerance: "0.01" } })),
    ).toStrictEqual([]);
    expect(
      mismatches(await run(files({ price: "19.97" }), BASE_FEEDS, { "price/landing-page-mismatch": { tolerance: "0.01" } })),
    ).toHaveLength(1);
    expect(mismatches(await run(files({ price: "19.990" }), BASE_FEEDS))).toStrictEqual([]);
  });

  it("P57 a priceValidUntil before the check's instant is rejected (page_price_expired), as a finding of the offer's sku; the end of that day still counts", async () => {
    const expired = await run(files({ price: "25.00", priceValidUntil: "2026-11-19" }), BASE_FEEDS);
    expect(rejected(expired).map((r) => r.code)).toStrictEqual(["page_price_expired"]);
    // The rejected offer's finding is the sku it was matched to, to waive or to read.
    expect(expired.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.sku)).toStrictEqual(["A-1"]);
    expect(mismatches(expired)).toStrictEqual([]);
    // Valid through 20 Nov (UTC, the config's zone): the check at 12:00 that day compares it.
    expect(mismatches(await run(files({ price: "25.00", priceValidUntil: "2026-11-20" }), BASE_FEEDS))).toHaveLength(1);
  });

  it("T24 a priceValidUntil without an offset is read in the html feed's timezone, as the feed's other times are", async () => {
    // Valid through 20 Nov in New York: until 21 Nov 05:00Z. At 03:00Z on the 21st it still holds there (in UTC it has ended).
    const inNewYork = BASE_FEEDS.map((f) => (f.path === "pages/*.html" ? { ...f, timezone: "America/New_York" } : f));
    const dir = mkdtempSync(join(tmpdir(), "pricelint-landing-"));
    for (const [name, content] of Object.entries(files({ price: "25.00", priceValidUntil: "2026-11-20" }))) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    const config = validateConfig({ currency: "EUR", feeds: inNewYork, rules: ["price/landing-page-mismatch"] }, "test");
    const at = await check({ config, file: null, baseDir: dir }, { at: new Date("2026-11-21T03:00:00Z") });
    expect([mismatches(at).length, rejected(at)]).toStrictEqual([1, []]);
    const window = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-25T00:00:00Z") };
    const over = await check({ config, file: null, baseDir: dir }, { window });
    expect(over.findings.map((f) => f.interval)).toStrictEqual([{ from: "2026-11-20T00:00:00.000Z", to: "2026-11-21T05:00:00.000Z" }]);
  });

  it("T18 over a window, a price valid until a day within it holds until the end of that day, as a row's valid_to", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-landing-"));
    for (const [name, content] of Object.entries(files({ price: "25.00", priceValidUntil: "2026-11-22" }))) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    const config = validateConfig({ currency: "EUR", feeds: BASE_FEEDS, rules: ["price/landing-page-mismatch"] }, "test");
    const window = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-25T00:00:00Z") };
    const report = await check({ config, file: null, baseDir: dir }, { window });
    // The page's 25.00 against the feed's 19.99 until the end of 22 November (UTC, the config's zone).
    expect(report.findings.map((f) => [f.rule, f.interval])).toStrictEqual([
      ["price/landing-page-mismatch", { from: "2026-11-20T00:00:00.000Z", to: "2026-11-23T00:00:00.000Z" }],
    ]);
    expect(report.summary.rows).toStrictEqual({ read: 6, accepted: 6, rejected: 0 });
  });
});

describe("landing pages: config", () => {
  const refused = (feed: Record<string, unknown>) => () => validateConfig({ currency: "EUR", feeds: [feed] }, "pricelint.config.json");
  it("an html feed is a prices feed, takes no columns, and a URL path needs the html format; fetch only for fetched pages", () => {
    expect(refused({ kind: "catalogue", path: "p/*.html" })).toThrow(
      "feeds[0].kind: an html feed is a prices feed (its offers are the landing page's prices); this feed is catalogue",
    );
    expect(refused({ kind: "prices", path: "p/*.html", columns: { price: "x" } })).toThrow(
      "feeds[0].columns: an html feed's columns are its pages' markup: it takes no columns or values",
    );
    expect(refused({ kind: "prices", path: "https://shop.example/p/1" })).toThrow(
      'feeds[0].format: a URL (or "links") as path names product pages: set "format": "html"',
    );
    expect(refused({ kind: "prices", path: "p/*.html", fetch: { concurrency: 2 } })).toThrow(
      'feeds[0].fetch: fetch applies to an html feed whose path is a URL or "links"',
    );
    expect(refused({ kind: "prices", path: "links", format: "html", fetch: { concurrency: 0 } })).toThrow("concurrency");
  });

  it('refuses "links" when no feed gives a link: nothing would be checked', async () => {
    await expect(
      run({ "catalogue.csv": "sku,gtin\nA-1,4006381333931", "web.csv": WEB }, [
        { kind: "catalogue", path: "catalogue.csv" },
        { kind: "prices", path: "web.csv", constants: { channel: "web" } },
        { kind: "prices", path: "links", format: "html" },
      ]),
    ).rejects.toThrow('path "links" fetches the link of every item, and no catalogue or prices feed gives one: map its "link" column');
  });

  it("normalises links and GTINs as documented", () => {
    expect(linkKey("HTTPS://Shop.Example:443/p/a/?variant=1#top")).toBe("https://shop.example/p/a?variant=1");
    expect(linkKey("https://shop.example/")).toBe("https://shop.example/");
    expect(linkKey("ftp://shop.example/p")).toBeNull();
    expect(gtinKey("4006381333931")).toBe("04006381333931");
    expect(gtinKey("40063813339")).toBe("00040063813339");
    expect(gtinKey("1234567")).toBeNull();
  });
});

describe("landing pages: fetched from their links (loopback server)", () => {
  const server = loopbackServer((req, res) => {
    if (req.url === "/p/a-1") res.end(page("", product({ sku: "A-1" }, { price: "18.99" })));
    else if (req.url === "/p/c-4") res.end(page("", product({ sku: "C-4" }, { price: "7.50" })));
    else if (req.url === "/p/with-related")
      res.end(page("", product({ sku: "A-1" }, { price: "19.99" }), product({ sku: "C-4" }, { price: "7.00" })));
    else if (req.url === "/p/with-socks")
      res.end(page("", product({ sku: "A-1" }, { price: "18.99" }), product({ name: "Socks" }, { price: "4.00" })));
    else if (req.url === "/p/cp1252")
      // No charset in the Content-Type: the page says windows-1252 in its <meta>, and its name holds "€" (0x80 there).
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          Buffer.from(
            page('<meta charset="windows-1252">', product({ sku: "D-5", name: "Olio \u20ac" }, { price: "9.00" })).replace(
              "\u20ac",
              "\u0080",
            ),
            "latin1",
          ),
        );
    else if (req.url === "/p/header-latin1")
      // The server says ISO-8859-1; the page's <meta> says UTF-8. The body is ASCII: either reads it alike.
      res
        .writeHead(200, { "content-type": "text/html; charset=ISO-8859-1" })
        .end(page('<meta charset="utf-8">', product({ sku: "D-5" }, { price: "9.00" })));
    else if (req.url === "/p/utf16")
      res.end(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page("", product({ sku: "B-2" }, { price: "5.00" })), "utf16le")]));
    else res.writeHead(404).end();
  });

  it("a fetched page in UTF-16 is a rejected row naming its URL, not the run's end; fetched pages refuse workers", async () => {
    const files = { "catalogue.csv": "sku\nB-2", "web.csv": "sku,price,currency\nB-2,5.00,EUR" };
    const feeds = [
      { kind: "catalogue", path: "catalogue.csv" },
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: `${server.base}/p/utf16`, format: "html" },
    ];
    const report = await run(files, feeds);
    expect(rejected(report)).toStrictEqual([
      {
        file: `${server.base}/p/utf16`,
        code: "page_unavailable",
        message: expect.stringContaining(`${server.base}/p/utf16: the file is UTF-16`),
      },
    ]);
    const dir = mkdtempSync(join(tmpdir(), "pricelint-landing-"));
    const config = validateConfig({ currency: "EUR", feeds: [{ kind: "prices", path: `${server.base}/p/a-1`, format: "html" }] }, "test");
    await expect(check({ config, file: null, baseDir: dir }, { at: AT, workers: 2 })).rejects.toThrow(
      'product pages fetched from URLs (an html feed whose path is a URL or "links") are fetched once, in one thread: leave workers out',
    );
  });

  it("F42 a fetched page whose response names no charset is decoded as its <meta charset> says, not refused as read in UTF-8", async () => {
    const files = { "web.csv": "sku,price,currency\nD-5,10.00,EUR" };
    const feeds = [
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: `${server.base}/p/cp1252`, format: "html" },
    ];
    const report = await run(files, feeds);
    expect(rejected(report)).toStrictEqual([]);
    expect(mismatches(report).map((m) => m.message)).toStrictEqual([
      `the landing page ${server.base}/p/cp1252 shows 9.00 EUR (tax included: true), the feed's web price is 10.00 EUR (tax included: true)`,
    ]);
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
  });

  it("F46 a fetched page whose response names a charset is read in it, whatever its <meta charset> says, as a browser reads it", async () => {
    const files = { "web.csv": "sku,price,currency\nD-5,10.00,EUR" };
    const feeds = [
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: `${server.base}/p/header-latin1`, format: "html" },
    ];
    const report = await run(files, feeds);
    expect(rejected(report)).toStrictEqual([]);
    expect(mismatches(report)).toHaveLength(1);
    // One page, one offer: one row.
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
  });

  it("P61 a fetched page is the landing page of the item whose link it is, not of a related product it shows", async () => {
    const catalogue = ["sku,link", `A-1,${server.base}/p/with-related`, "C-4,"].join("\n");
    const web = ["sku,price,currency", "A-1,19.99,EUR", "C-4,7.50,EUR"].join("\n");
    const report = await run({ "catalogue.csv": catalogue, "web.csv": web }, [
      { kind: "catalogue", path: "catalogue.csv" },
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: "links", format: "html", fetch: { retries: 0 } },
    ]);
    // C-4 has no link: its landing page is not known, and A-1's is not it.
    expect([rejected(report), mismatches(report)]).toStrictEqual([[], []]);
  });

  it("P62 a fetched page's product naming no catalogue item, beside the one naming the page's item, is passed over", async () => {
    const catalogue = ["sku,link", `A-1,${server.base}/p/with-socks`].join("\n");
    const report = await run({ "catalogue.csv": catalogue, "web.csv": "sku,price,currency\nA-1,19.99,EUR\n" }, [
      { kind: "catalogue", path: "catalogue.csv" },
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: "links", format: "html", fetch: { retries: 0 } },
    ]);
    expect([rejected(report), mismatches(report).map((m) => [m.sku, m.message.split(" shows ")[1]!.split(" (")[0]])]).toStrictEqual([
      [],
      [["A-1", "18.99 EUR"]],
    ]);
  });

  it("fetches every item's link (\"links\"): a finding names the page's URL, a page that fails is a rejected row naming it", async () => {
    const catalogue = ["sku,link", `A-1,${server.base}/p/a-1`, `B-2,${server.base}/p/missing`, `C-4,${server.base}/p/c-4`].join("\n");
    const web = ["sku,price,currency", "A-1,19.99,EUR", "B-2,5.00,EUR", "C-4,7.50,EUR"].join("\n");
    const report = await run({ "catalogue.csv": catalogue, "web.csv": web }, [
      { kind: "catalogue", path: "catalogue.csv" },
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: "links", format: "html", fetch: { cache: "page-cache", retries: 0, concurrency: 2 } },
    ]);
    expect(mismatches(report)).toStrictEqual([
      {
        sku: "A-1",
        message: `the landing page ${server.base}/p/a-1 shows 18.99 EUR (tax included: true), the feed's web price is 19.99 EUR (tax included: true)`,
        sources: [
          { file: `${server.base}/p/a-1`, line: 3 },
          { file: "web.csv", line: 2 },
        ],
      },
    ]);
    expect(rejected(report)).toStrictEqual([
      {
        file: `${server.base}/p/missing`,
        code: "page_unavailable",
        message: expect.stringContaining(`${server.base}/p/missing: HTTP 404`),
      },
    ]);
    expect(report.summary.rows).toStrictEqual({ read: 9, accepted: 8, rejected: 1 });
  });
});

describe("landing pages: the markup read as a browser and Google read it", () => {
  const feeds = [
    { kind: "prices", path: "web.csv", constants: { channel: "web" } },
    { kind: "prices", path: "pages/*.html" },
  ];
  const web = (...rows: string[]) => ["sku,price,currency", ...rows].join("\n");
  const messages = (report: Awaited<ReturnType<typeof check>>) => report.findings.map((f) => `${f.rule} ${f.sku ?? "-"}: ${f.message}`);

  it("P35 a member tier's price or a price for two items and more in priceSpecification is not the page's public price", async () => {
    const spec = (first: Record<string, unknown>) => ({
      "@type": "Product",
      sku: "A",
      offers: {
        "@type": "Offer",
        priceSpecification: [
          { "@type": "UnitPriceSpecification", price: "8.00", priceCurrency: "EUR", ...first },
          { "@type": "UnitPriceSpecification", price: "10.00", priceCurrency: "EUR" },
        ],
      },
    });
    const files = {
      "web.csv": web("A,8.00,EUR", "B,8.00,EUR", "C,8.00,EUR"),
      "pages/a.html": page("", spec({ validForMemberTier: { "@id": "https://shop.example/members#gold" } })),
      "pages/b.html": page("", { ...spec({ eligibleQuantity: { "@type": "QuantitativeValue", minValue: 10 } }), sku: "B" }),
      // For one item and more: the public price.
      "pages/c.html": page("", { ...spec({ eligibleQuantity: { "@type": "QuantitativeValue", minValue: 1 } }), sku: "C" }),
    };
    expect(messages(await run(files, feeds))).toStrictEqual([
      "price/landing-page-mismatch A: the landing page pages/a.html shows 10.00 EUR (tax included: true), the feed's web price is 8.00 EUR (tax included: true)",
      "price/landing-page-mismatch B: the landing page pages/b.html shows 10.00 EUR (tax included: true), the feed's web price is 8.00 EUR (tax included: true)",
    ]);
  });

  it("P45 a unit price in priceSpecification (a referenceQuantity of a litre, 100 g, two items) is not the page's price of the item", async () => {
    const spec = (sku: string, reference: Record<string, unknown>) => ({
      "@type": "Product",
      sku,
      offers: {
        "@type": "Offer",
        priceSpecification: [
          {
            "@type": "UnitPriceSpecification",
            price: "3.99",
            priceCurrency: "EUR",
            referenceQuantity: { "@type": "QuantitativeValue", ...reference },
          },
          { "@type": "UnitPriceSpecification", price: "2.99", priceCurrency: "EUR" },
        ],
      },
    });
    const files = {
      // The bottle sells for 2.99 (3.99 a litre): A and B's feed prices are right, C's is the litre's.
      "web.csv": web("A,2.99,EUR", "B,2.99,EUR", "C,3.99,EUR", "D,3.99,EUR"),
      "pages/a.html": page("", spec("A", { value: "1", unitCode: "LTR" })),
      "pages/b.html": page("", spec("B", { value: 100, unitCode: "GRM" })),
      "pages/c.html": page("", spec("C", { value: 1, unitCode: "LTR" })),
      // One item (C62): the price of the item itself.
      "pages/d.html": page("", spec("D", { value: 1, unitCode: "C62" })),
    };
    expect(messages(await run(files, feeds))).toStrictEqual([
      "price/landing-page-mismatch C: the landing page pages/c.html shows 2.99 EUR (tax included: true), the feed's web price is 3.99 EUR (tax included: true)",
    ]);
  });

  it("P36 the offers an AggregateOffer lists are in its currency and on its tax basis where they state none", async () => {
    const aggregate = (sku: string, own: Record<string, unknown>) => ({
      "@type": "Product",
      sku,
      offers: {
        "@type": "AggregateOffer",
        priceCurrency: "USD",
        lowPrice: "10.00",
        highPrice: "10.00",
        offers: [{ "@type": "Offer", price: "10.00", ...own }],
      },
    });
    const files = {
      "web.csv": web("A,10.00,EUR", "B,10.00,EUR"),
      "pages/a.html": page("", aggregate("A", {})),
      // An offer that states its own currency keeps it.
      "pages/b.html": page("", aggregate("B", { priceCurrency: "EUR" })),
    };
    expect(messages(await run(files, feeds))).toStrictEqual([
      "price/landing-page-mismatch A: the landing page pages/a.html shows 10.00 USD (tax included: true), the feed's web price is 10.00 EUR (tax included: true)",
    ]);
  });

  it("W25 an HTML comment ends where a browser ends it: <!-->, <!--->, --!>", async () => {
    const script = (sku: string, price: string) =>
      page("", product({ sku }, { price }))
        .replace(/^[\s\S]*?(<script)/, "$1")
        .replace(/<\/body>[\s\S]*$/, "");
    for (const comment of ["<!-->", "<!--->", "<!-- a --!>"]) {
      const files = {
        "web.csv": web("A,10.00,EUR", "B,10.00,EUR"),
        "pages/p.html": `<html><body>${script("A", "10.00")}<p>note${comment}.</p>${script("B", "12.00")}<!-- footer --></body></html>`,
      };
      const report = await run(files, feeds);
      expect(messages(report), comment).toStrictEqual([
        "price/landing-page-mismatch B: the landing page pages/p.html shows 12.00 EUR (tax included: true), the feed's web price is 10.00 EUR (tax included: true)",
      ]);
      expect(report.summary.feeds[1]).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
    }
  });

  it("P37 one price written two ways by two scripts (10.00 and 10, EUR and eur) is one price, not conflicting offers", async () => {
    const files = {
      "web.csv": web("A,10.00,EUR", "B,10.00,EUR"),
      "pages/a.html": page("", product({ sku: "A" }, { price: "10.00" }), product({ sku: "A" }, { price: 10, priceCurrency: "eur" })),
      // Two prices that differ still conflict.
      "pages/b.html": page("", product({ sku: "B" }, { price: "10.00" }), product({ sku: "B" }, { price: "10.01" })),
    };
    expect(messages(await run(files, feeds))).toStrictEqual([
      "feed/invalid-row B: pages/b.html:3: the page has 2 offers for sku B at different prices (10.00 EUR, 10.01 EUR): which one it shows is unknown",
    ]);
  });

  it("M29 an ambiguous amount on a page is refused with advice the feed can follow: its format takes no decimal or thousands", async () => {
    const files = { "web.csv": web("A,1299.00,EUR"), "pages/a.html": page("", product({ sku: "A" }, { price: "1,299" })) };
    expect(messages(await run(files, feeds))).toStrictEqual([
      'feed/invalid-row A: pages/a.html:3:2 (price): "1,299" is ambiguous: "," may be a decimal or a thousands separator; the feed\'s format, html, takes no "decimal" or "thousands": its amounts are written with a point as decimal separator and no grouping (1299.00)',
    ]);
  });

  it("K17 an empty or null gtin property beside a filled one: the product is named by the one filled", async () => {
    const files = {
      "catalogue.csv": "sku,gtin\nD,8012348010018\n",
      "web.csv": web("D,10.00,EUR"),
      "pages/d.html": page("", product({ sku: "shop-D", gtin: "", gtin13: "8012348010018", gtin14: null }, { price: "11.00" })),
    };
    const report = await run(files, [{ kind: "catalogue", path: "catalogue.csv" }, ...feeds]);
    expect(messages(report)).toStrictEqual([
      "price/landing-page-mismatch D: the landing page pages/d.html shows 11.00 EUR (tax included: true), the feed's web price is 10.00 EUR (tax included: true)",
    ]);
  });
});
