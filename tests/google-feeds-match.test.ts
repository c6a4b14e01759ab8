/**
 * Google Merchant Center feeds as Google reads them, beyond the fixture: landing pages matched to
 * a primary feed read through its profile (by GTIN, by URL, every item's link fetched, an Atom
 * feed's `<link href>`), GTINs with the spaces and dashes Google ignores, attributes Google lets
 * repeat (product_type, gtin) in XML and in a text feed alike, and a `{location}` path placeholder
 * over the store_code column the local inventory profile reads. Expected values are worked out by
 * hand from the rows written here and Google's product data specification.
 */
import { describe, expect, it } from "vitest";
import { loopbackServer } from "./helpers/loopback-server.js";
import { channelRegistry } from "../src/config/channels.js";
import { validateConfig } from "../src/config/parse-config.js";
import { check, type ConfigInput } from "../src/index.js";
import { OfferRecord } from "../src/model/offer.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { gtinKey } from "../src/pipeline/landing-pages.js";
import { filesFolder } from "./helpers/files-folder.js";
import { productPage } from "./helpers/product-page.js";

const AT = new Date("2026-11-25T12:00:00Z");
const G = 'xmlns:g="http://base.google.com/ns/1.0"';

/** The files written into a new folder. */
const folder = (files: Record<string, string>): string => filesFolder(files, "pricelint-gmc-match-");

const configOf = (feeds: ConfigInput["feeds"], rules: string[] = ["price/landing-page-mismatch"]) =>
  validateConfig({ currency: "USD", feeds, rules }, "test");

async function run(files: Record<string, string>, feeds: ConfigInput["feeds"], rules?: string[]) {
  return check({ config: configOf(feeds, rules), file: null, baseDir: folder(files) }, { at: AT });
}

const page = productPage;

type Report = Awaited<ReturnType<typeof check>>;
const mismatches = (report: Report) =>
  report.findings.filter((f) => f.rule === "price/landing-page-mismatch").map((f) => `${f.sku}: ${f.message}`);
const rejected = (report: Report) =>
  report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => `${String(f.values["code"])} ${f.sources[0]?.file}`);
const shows = (file: string, page: string, feed: string) =>
  `the landing page ${file} shows ${page} USD (tax included: true), the feed's web price is ${feed} USD (tax included: true)`;

/** P-1 has only a GTIN on its page, P-2 only its URL: Google's primary feed in TSV. */
const PRODUCTS_TSV = [
  "id\ttitle\tprice\tavailability\tgtin\tlink",
  "P-1\tOne\t10.00 USD\tin stock\t012345678913\thttps://shop.example/p/1",
  "P-2\tTwo\t20.00 USD\tin stock\t\thttps://shop.example/p/2",
].join("\n");
const PAGES = {
  "pages/by-gtin.html": page({ gtin12: "012345678913" }, "11.00"),
  "pages/by-url.html": page({ url: "https://shop.example/p/2" }, "21.00", '<link rel="canonical" href="https://shop.example/p/2">'),
};

describe("landing pages matched to a feed read through views or a profile", () => {
  it("a google-products feed's gtin and link match pages without a sku, as the plain catalogue's do", async () => {
    const report = await run({ "products.tsv": PRODUCTS_TSV, ...PAGES }, [
      { profile: "google-products", path: "products.tsv" },
      { kind: "prices", path: "pages/*.html" },
    ]);
    expect(rejected(report)).toStrictEqual([]);
    expect(mismatches(report)).toStrictEqual([
      `P-1: ${shows("pages/by-gtin.html", "11.00", "10.00")}`,
      `P-2: ${shows("pages/by-url.html", "21.00", "20.00")}`,
    ]);
  });

  it("a feed with explicit views gives its catalogue to the matching too; a page naming no item of it is rejected", async () => {
    const csv = ["sku,gtin,link,price", "P-1,012345678913,https://shop.example/p/1,10.00", "P-2,,https://shop.example/p/2,20.00"];
    const report = await run({ "items.csv": csv.join("\n"), ...PAGES, "pages/stray.html": page({ sku: "ZZ-9" }, "5.00") }, [
      {
        path: "items.csv",
        views: [{ kind: "catalogue" }, { kind: "prices", constants: { channel: "web" } }],
      },
      { kind: "prices", path: "pages/*.html" },
    ]);
    expect(mismatches(report)).toStrictEqual([
      `P-1: ${shows("pages/by-gtin.html", "11.00", "10.00")}`,
      `P-2: ${shows("pages/by-url.html", "21.00", "20.00")}`,
    ]);
    // The catalogue is known, so a sku outside it is no item: rejected, not a landing_page offer of an unknown sku.
    expect(rejected(report)).toStrictEqual(["page_not_matched pages/stray.html"]);
    expect(report.summary.rows).toStrictEqual({ read: 5, accepted: 4, rejected: 1 });
  });
});

describe("GTINs as Google reads them: spaces and dashes ignored", () => {
  it("compares the digits alone, and keeps the GTIN as written", async () => {
    expect(gtinKey("4006381 333931")).toBe("04006381333931");
    expect(gtinKey("0-12345-67890-5")).toBe("00012345678905");
    expect(gtinKey("0012345678905")).toBe("00012345678905");
    expect(gtinKey("4006-381")).toBeNull();
    const files = {
      "catalogue.tsv": "id\ttitle\tgtin\nP-1\tOne\t4006381 333931\nP-2\tTwo\t0-12345-67890-5",
      "web.tsv": "id\tprice\nP-1\t10.00\nP-2\t13.00",
      "pages/p1.html": page({ gtin13: "4006381333931" }, "11.00"),
      "pages/p2.html": page({ gtin13: "0012345678905" }, "12.00"),
      "pages/p3.html": page({ gtin13: "5901234-123457" }, "1.00"),
    };
    const feeds: ConfigInput["feeds"] = [
      { kind: "catalogue", path: "catalogue.tsv", columns: { sku: "id" } },
      { kind: "prices", path: "web.tsv", columns: { sku: "id" }, constants: { channel: "web" } },
      { kind: "prices", path: "pages/*.html" },
    ];
    const report = await run(files, feeds);
    expect(mismatches(report)).toStrictEqual([
      `P-1: ${shows("pages/p1.html", "11.00", "10.00")}`,
      `P-2: ${shows("pages/p2.html", "12.00", "13.00")}`,
    ]);
    // A GTIN matching no item is named as the page writes it.
    expect(report.findings.filter((f) => f.rule === "feed/invalid-row").map((f) => f.message)).toStrictEqual([
      "pages/p3.html:1: the offer (gtin 5901234-123457) matches no item: no sku of the catalogue, no catalogue gtin, no item's link",
    ]);
    const { dataset } = await loadDataset(configOf(feeds), folder(files), { channels: new Set(channelRegistry(undefined).keys()) });
    expect(dataset.products!.get("P-1")!.gtin).toBe("4006381 333931");
  });
});

describe("attributes Google lets repeat: product_type (up to 5) and gtin (up to 10)", () => {
  const xml = (item: string) => `<?xml version="1.0"?>\n<rss version="2.0" ${G}><channel>\n${item}\n</channel></rss>\n`;
  const files = (primary: Record<string, string>) => ({
    ...primary,
    "stores.csv": "location\nS1",
    // No price: the row takes the primary feed's, so C1 must have been read there.
    "local.tsv": "store_code\tid\tquantity\tavailability\nS1\tC1\t5\tin stock",
    // The item's second GTIN, as the page gives it.
    "pages/c1.html": page({ gtin13: "0012345678905" }, "11.00"),
  });
  const feeds = (path: string): ConfigInput["feeds"] => [
    { kind: "stores", path: "stores.csv" },
    { profile: "google-products", path },
    { profile: "google-local-inventory", path: "local.tsv" },
    { kind: "prices", path: "pages/*.html" },
  ];
  const XML = xml(
    [
      "<item><g:id>C1</g:id><g:price>10.00 USD</g:price><g:availability>in stock</g:availability>",
      "<g:product_type>Home &gt; Wine &gt; Red</g:product_type><g:product_type>Gifts &gt; Wine</g:product_type>",
      "<g:gtin>4006381333931</g:gtin><g:gtin>0012345678905</g:gtin></item>",
    ].join("\n"),
  );
  const TSV = [
    "id\tprice\tavailability\tproduct_type\tgtin",
    "C1\t10.00 USD\tin stock\tHome > Wine > Red,Gifts > Wine\t4006381333931,0012345678905",
  ].join("\n");

  it.each([
    ["products.xml", XML],
    ["products.tsv", TSV],
  ])(
    "W23 %s: the item is read, its category the first product_type, its gtin the first, and every GTIN matches a page",
    async (name, text) => {
      const report = await run(files({ [name]: text }), feeds(name));
      expect(report.summary.feeds.map((f) => [f.file, f.read, f.accepted, f.rejected])).toStrictEqual([
        ["stores.csv", 1, 1, 0],
        [name, 1, 1, 0],
        // A feed taking its amounts from another channel's rows loads after every prices feed.
        ["pages/c1.html", 1, 1, 0],
        ["local.tsv", 1, 1, 0],
      ]);
      expect(mismatches(report)).toStrictEqual([`C1: ${shows("pages/c1.html", "11.00", "10.00")}`]);
      const { dataset } = await loadDataset(configOf(feeds(name)), folder(files({ [name]: text })), {
        channels: new Set(channelRegistry(undefined).keys()),
      });
      const item = dataset.products!.get("C1")!;
      expect([item.category, item.gtin]).toStrictEqual(["Home > Wine > Red", "4006381333931"]);
      // The local row took the web price: 10.00 USD at S1.
      const atS1: [string, number | null][] = [];
      for (let row = 0; row < dataset.offers.size; row++) {
        const offer = dataset.offers.read(row, new OfferRecord());
        if (offer.location === "S1") atS1.push([offer.channel, offer.price]);
      }
      expect(atS1).toStrictEqual([["store", 10_000_000]]);
    },
  );

  it("W23 a text feed's product_type is split at commas, as Google does, unless the config maps category to a column of its own", async () => {
    const tsv = "id\tprice\tproduct_type\tmy_type\nC1\t10.00 USD\tHome > Wine > Red, Gifts\tBeer, Wine & Spirits";
    const category = async (feed: Record<string, unknown>) => {
      const config = configOf([{ profile: "google-products", path: "p.tsv", ...feed }]);
      const { dataset } = await loadDataset(config, folder({ "p.tsv": tsv }), { channels: new Set(channelRegistry(undefined).keys()) });
      return dataset.products!.get("C1")!.category;
    };
    expect(await category({ ignoreColumns: ["my_type"] })).toBe("Home > Wine > Red");
    expect(await category({ columns: { category: "my_type" }, ignoreColumns: ["product_type"] })).toBe("Beer, Wine & Spirits");
  });
});

describe("an Atom primary feed's links, and every item's link fetched (loopback server)", () => {
  const server = loopbackServer((req, res) => {
    if (req.url === "/p/e1") res.end(page({}, "11.00"));
    else if (req.url === "/p/e2") res.end(page({}, "22.00"));
    else res.writeHead(404).end();
  });

  it("W24 reads an entry's <link href>, the alternate one of several, and \"links\" fetches each item's", async () => {
    // Google's Atom 1.0 feed: the item's link is Atom's own <link href="…"/>; an enclosure is no landing page.
    const atom = [
      '<?xml version="1.0" encoding="utf-8"?>',
      `<feed xmlns="http://www.w3.org/2005/Atom" ${G}>`,
      `<title>Shop</title><link rel="self" href="${server.base}/feed"/>`,
      `<entry><g:id>E1</g:id><title>One</title><link href="${server.base}/p/e1"/><g:price>10.00 USD</g:price></entry>`,
      `<entry><g:id>E2</g:id><title>Two</title><link rel="enclosure" href="${server.base}/img/e2.jpg"/>`,
      `<link rel="alternate" type="text/html" href="${server.base}/p/e2"/><g:price>20.00 USD</g:price></entry>`,
      "</feed>",
    ].join("\n");
    const report = await run({ "products.xml": atom }, [
      { profile: "google-products", path: "products.xml" },
      { kind: "prices", path: "links", format: "html", fetch: { retries: 0 } },
    ]);
    expect(report.summary.feeds.map((f) => [f.file, f.read, f.accepted, f.rejected])).toStrictEqual([
      ["products.xml", 2, 2, 0],
      [`${server.base}/p/e1`, 1, 1, 0],
      [`${server.base}/p/e2`, 1, 1, 0],
    ]);
    expect(mismatches(report)).toStrictEqual([
      `E1: ${shows(`${server.base}/p/e1`, "11.00", "10.00")}`,
      `E2: ${shows(`${server.base}/p/e2`, "22.00", "20.00")}`,
    ]);
  });
});

describe("a {location} path placeholder over the store_code the local inventory profile reads (C24)", () => {
  const files = {
    "stores.csv": "location\nNY1\nNY2",
    "products.tsv": "id\tprice\tavailability\nG-100\t15.00 USD\tin stock",
    // The file is named for NY1; its rows say NY2.
    "li/NY1.tsv": "store_code\tid\tquantity\tprice\tavailability\nNY2\tG-100\t10\t14.00 USD\tin stock",
  };
  const feeds = (local: { path: string } & Record<string, unknown>): ConfigInput["feeds"] => [
    { kind: "stores", path: "stores.csv" },
    { profile: "google-products", path: "products.tsv" },
    { profile: "google-local-inventory", ...local },
  ];

  it("C41 is refused, as a constant over the field's own column is; ignoreColumns says the path is meant", async () => {
    await expect(run(files, feeds({ path: "li/{location}.tsv" }), [])).rejects.toThrow(
      'li/NY1.tsv: column "store_code" gives location (as the feed\'s profile maps it), and the file\'s path sets it to "NY1" (the path\'s {location}): which is meant? Take {location} out of the path to read the column, or list "store_code" in "ignoreColumns" to use the path\'s',
    );
    await expect(run(files, feeds({ path: "li/NY1.tsv", constants: { location: "NY1" } }), [])).rejects.toThrow(
      'li/NY1.tsv: column "store_code" gives location (as the feed\'s profile maps it), and the feed\'s constants set it to "NY1": which is meant? Drop the constant to read the column, or list "store_code" in "ignoreColumns" to use the constant',
    );
    const config = configOf(feeds({ path: "li/{location}.tsv", ignoreColumns: ["store_code"] }), []);
    const { dataset } = await loadDataset(config, folder(files), { channels: new Set(channelRegistry(undefined).keys()) });
    expect(dataset.stockOf("G-100", "NY1")?.available).toBe(10);
    expect(dataset.stockOf("G-100", "NY2")).toBeUndefined();
  });

  it("C24 a plain feed's placeholder over the field's own column names the path, not constants", async () => {
    const plain = { "p/NY1.csv": "sku,location,price\nA,NY2,1.00" };
    await expect(run(plain, [{ kind: "prices", path: "p/{location}.csv", constants: { channel: "store" } }], [])).rejects.toThrow(
      'p/NY1.csv: column "location" gives location, and the file\'s path sets it to "NY1" (the path\'s {location}): which is meant?',
    );
  });
});
