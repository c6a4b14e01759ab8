/**
 * Google Merchant Center feeds read as Google's product data specification has them, beyond
 * tests/google-feeds.test.ts and tests/google-feeds-match.test.ts: one XML element is one value
 * (commas separate values in a text feed only), an Atom entry's links pair with their `rel`s,
 * only Google's namespace gives Google's attributes, the primary feed's own attributes that no
 * field reads (pickup, apparel size) neither warn nor reject, a local row names the primary row
 * it could not take a price from, and a profile's views can be overridden as `pricelint profile`
 * prints them. Expected values are worked out by hand from the rows written here.
 */
import { describe, expect, it } from "vitest";
import { channelRegistry } from "../src/config/channels.js";
import { validateConfig } from "../src/config/parse-config.js";
import { check, type ConfigInput } from "../src/index.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { readXml } from "../src/io/xml.js";
import { OfferRecord } from "../src/model/offer.js";
import { showProfile } from "../src/cli/profile-command.js";
import { filesFolder } from "./helpers/files-folder.js";
import { productPage } from "./helpers/product-page.js";

const AT = new Date("2026-11-25T12:00:00Z");
const G = 'xmlns:g="http://base.google.com/ns/1.0"';

/** The files written into a new folder. */
const folder = (files: Record<string, string>): string => filesFolder(files, "pricelint-gmc2-");

const configOf = (feeds: ConfigInput["feeds"], rules: string[] = ["recommended"]) =>
  validateConfig({ timezone: "America/New_York", currency: "USD", feeds, rules }, "test");

async function run(files: Record<string, string>, feeds: ConfigInput["feeds"], rules?: string[]) {
  return check({ config: configOf(feeds, rules), file: null, baseDir: folder(files) }, { at: AT });
}

async function dataset(files: Record<string, string>, feeds: ConfigInput["feeds"]) {
  const loaded = await loadDataset(configOf(feeds), folder(files), { channels: new Set(channelRegistry(undefined).keys()) });
  return loaded.dataset;
}

/** An RSS 2.0 primary feed holding `items`. */
const rss = (...items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ${G}><channel>\n${items.map((i) => `<item>${i}</item>`).join("\n")}\n</channel></rss>\n`;

const page = productPage;

type Report = Awaited<ReturnType<typeof check>>;
const messages = (report: Report, rule: string) => report.findings.filter((f) => f.rule === rule).map((f) => f.message);

describe("W27 one XML element is one value: commas separate values in a text feed only", () => {
  const xml = rss(
    "<g:id>A1</g:id><g:price>40.00 USD</g:price><g:product_type>Apparel &gt; Shirts, Tops</g:product_type><g:gtin>4006381333931, 0012345678905</g:gtin>",
  );
  const promos =
    'promo_id,type,value,channels,categories,start,end\nP1,percent_off,20,web,"Apparel > Shirts, Tops",2026-11-20,2026-11-30\n';

  it("W27 a <g:product_type> or <g:gtin> holding a comma is read whole; a TSV cell is still split", async () => {
    const feeds: ConfigInput["feeds"] = [{ profile: "google-products", path: "p.xml" }];
    const item = (await dataset({ "p.xml": xml }, feeds)).products!.get("A1")!;
    expect([item.category, item.gtin]).toStrictEqual(["Apparel > Shirts, Tops", "4006381333931, 0012345678905"]);
    // The same attributes in a text feed's cells are two values each, of which the first is read.
    const tsv = "id\tprice\tproduct_type\tgtin\nA1\t40.00 USD\tApparel > Shirts, Tops\t4006381333931, 0012345678905\n";
    const row = (await dataset({ "p.tsv": tsv }, [{ profile: "google-products", path: "p.tsv" }])).products!.get("A1")!;
    expect([row.category, row.gtin]).toStrictEqual(["Apparel > Shirts", "4006381333931"]);
  });

  it("W27 a promotion on the whole category covers the item; a page with one of the element's 'GTINs' matches none", async () => {
    const files = { "p.xml": xml, "promos.csv": promos, "pages/a1.html": page({ gtin13: "0012345678905" }, "41.00") };
    const report = await run(
      files,
      [
        { profile: "google-products", path: "p.xml" },
        { kind: "promotions", path: "promos.csv" },
        { kind: "prices", path: "pages/*.html" },
      ],
      ["all"],
    );
    expect(messages(report, "promo/unknown-category")).toStrictEqual([]);
    // "4006381333931, 0012345678905" is one GTIN as written, which no page can give: the page is no item's.
    expect(messages(report, "feed/invalid-row")).toStrictEqual([
      "pages/a1.html:1: the offer (gtin 0012345678905) matches no item: no sku of the catalogue, no catalogue gtin, no item's link",
    ]);
  });
});

describe("W28 an Atom entry's links pair with their rels, whichever of them have one", () => {
  /** Google's Atom 1.0 primary feed: one entry whose links are `links`. */
  const atom = (links: string) =>
    [
      '<?xml version="1.0"?>',
      `<feed xmlns="http://www.w3.org/2005/Atom" ${G}>`,
      "<title>Shop</title>",
      `<entry><g:id>E2</g:id><title>Two</title>${links}<g:price>25.00 USD</g:price></entry>`,
      "</feed>",
    ].join("\n");
  const plain = '<link href="https://shop.example/p/e2"/>';
  const enclosure = '<link rel="enclosure" type="image/jpeg" href="https://shop.example/img/e2.jpg"/>';

  it('W28 the XML reader gives the attributes of a repeated element one value each, "" where one lacks it', async () => {
    const cells = async (links: string) => {
      async function* text() {
        yield atom(links);
      }
      const out: Record<string, unknown>[] = [];
      for await (const batch of readXml(text()))
        for (const record of batch.records) out.push(Object.fromEntries(batch.columns.map((c, i) => [c, record.cells[i]])));
      return out[0]!;
    };
    const both = await cells(plain + enclosure);
    expect([both["link@href"], both["link@rel"]]).toStrictEqual([
      ["https://shop.example/p/e2", "https://shop.example/img/e2.jpg"],
      ["", "enclosure"],
    ]);
    const reversed = await cells(enclosure + plain);
    expect([reversed["link@rel"], reversed["link@type"]]).toStrictEqual([
      ["enclosure", ""],
      ["image/jpeg", ""],
    ]);
    // One link, or none with the attribute: as before, a text, or absent.
    expect((await cells(enclosure))["link@rel"]).toBe("enclosure");
    expect((await cells(plain + plain))["link@rel"]).toBeUndefined();
  });

  it.each([
    ["before", plain + enclosure],
    ["after", enclosure + plain],
  ])("W28 the link without a rel (%s an enclosure) is the item's: its landing page is matched", async (_, links) => {
    const files = { "products.xml": atom(links), "pages/e2.html": page({ url: "https://shop.example/p/e2" }, "29.00") };
    const report = await run(
      files,
      [
        { profile: "google-products", path: "products.xml" },
        { kind: "prices", path: "pages/*.html" },
      ],
      ["price/landing-page-mismatch"],
    );
    expect(messages(report, "feed/invalid-row")).toStrictEqual([]);
    expect(messages(report, "price/landing-page-mismatch")).toStrictEqual([
      "the landing page pages/e2.html shows 29.00 USD (tax included: true), the feed's web price is 25.00 USD (tax included: true)",
    ]);
  });
});

describe("W29 the primary feed's pickup_method and pickup_sla are read by no field", () => {
  const local = "store_code\tid\tquantity\nS1\tA1\t5\n";
  const feeds = (path: string): ConfigInput["feeds"] => [
    { profile: "google-products", path },
    { profile: "google-local-inventory", path: "local.tsv" },
  ];
  it.each([
    [
      "p.xml",
      rss(
        "<g:id>A1</g:id><g:price>40.00 USD</g:price><g:sale_price>3.00 USD</g:sale_price><g:pickup_method>ship to store</g:pickup_method><g:pickup_sla>two day</g:pickup_sla>",
      ),
    ],
    ["p.tsv", "id\tprice\tsale price\tpickup method\tpickup sla\nA1\t40.00 USD\t3.00 USD\tship to store\ttwo day\n"],
  ])("W29 %s: a value Google no longer lists rejects nothing, and the sale is judged at the web and the store", async (path, text) => {
    const report = await run({ [path]: text, "local.tsv": local }, feeds(path), ["price/excessive-discount", "feed/unmapped-column"]);
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    // 3.00 against 40.00 is 92.5 % off, on the web and at S1, which takes the web's price and sale.
    expect(report.findings.map((f) => `${f.rule} ${f.sku} ${f.location ?? "-"} ${f.channels.join("+")}`)).toStrictEqual([
      "price/excessive-discount A1 - web",
      "price/excessive-discount A1 S1 store",
    ]);
  });

  it("W29 a config that maps pickup_method reads it, as any mapping does", async () => {
    const xml = rss("<g:id>A1</g:id><g:price>40.00 USD</g:price><g:pickup_method>reserve</g:pickup_method>");
    const data = await dataset({ "p.xml": xml }, [
      { profile: "google-products", path: "p.xml", columns: { pickup_method: "pickup_method" } },
    ]);
    expect(data.offers.size).toBe(1);
    expect(data.offers.read(0, new OfferRecord()).pickupMethod).toBe("reserve");
    const unread = await dataset({ "p.xml": xml }, [{ profile: "google-products", path: "p.xml" }]);
    expect(unread.offers.read(0, new OfferRecord()).pickupMethod).toBeNull();
  });
});

describe("W30 only Google's namespace (or none, or the entry's own) gives Google's attributes", () => {
  const custom = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0" ${G} xmlns:c="http://base.google.com/cns/1.0"><channel>`,
    '<item><g:id>A1</g:id><g:price>40.00 USD</g:price><c:sale_price type="price">3.00 USD</c:sale_price></item>',
    '<item><g:id>A2</g:id><g:price>40.00 USD</g:price><g:availability>in_stock</g:availability><c:availability type="string">ships in 2-3 weeks</c:availability></item>',
    "</channel></rss>",
  ].join("\n");

  it("W30 a custom c:sale_price is no sale price, and a c:availability beside g:availability rejects nothing", async () => {
    const report = await run({ "p.xml": custom }, [{ profile: "google-products", path: "p.xml" }], ["all"]);
    expect(report.summary.rows).toStrictEqual({ read: 2, accepted: 2, rejected: 0 });
    // A1's web offer is 40.00, no sale: no excessive discount; neither custom attribute names a field to warn of.
    expect(report.findings.map((f) => f.rule)).toStrictEqual([]);
    const data = await dataset({ "p.xml": custom }, [{ profile: "google-products", path: "p.xml" }]);
    const offers = [0, 1].map((row) => data.offers.read(row, new OfferRecord()));
    expect(offers.map((o) => [o.sku, o.salePrice, o.availability])).toStrictEqual([
      ["A1", null, null],
      ["A2", null, "in_stock"],
    ]);
    // Mapped as written, a custom attribute is read.
    const mapped = await dataset({ "p.xml": custom }, [
      { profile: "google-products", path: "p.xml", columns: { sale_price: "c:sale_price" } },
    ]);
    expect(mapped.offers.read(0, new OfferRecord()).salePrice).toBe(3_000_000);
  });

  it("W30 Google's namespace written otherwise (https:, a trailing /) is refused, naming the fix", async () => {
    const misspelt = rss("<g:id>A1</g:id><g:price>40.00 USD</g:price>").replace(G, 'xmlns:g="https://base.google.com/ns/1.0/"');
    await expect(run({ "p.xml": misspelt }, [{ profile: "google-products", path: "p.xml" }])).rejects.toThrow(
      'p.xml: the XML binds xmlns:g to "https://base.google.com/ns/1.0/" (line 2), Google\'s namespace written otherwise: namespace names compare exactly, so none of its elements would be Google\'s attributes; write xmlns:g="http://base.google.com/ns/1.0"',
    );
  });
});

describe("W31 Google's apparel size is no net content", () => {
  it.each([
    ["p.xml", rss("<g:id>TEE-M</g:id><g:title>Tee, medium</g:title><g:price>19.99 USD</g:price><g:size>M</g:size>")],
    [
      "u.xml",
      rss("<g:id>TEE-M</g:id><g:price>19.99 USD</g:price><g:size>M</g:size><g:unit_pricing_measure>150 g</g:unit_pricing_measure>"),
    ],
    ["p.tsv", "id\ttitle\tprice\tsize\nTEE-M\tTee, medium\t19.99 USD\tM\n"],
  ])("W31 %s: its size attribute is no feed/unmapped-column warning, and the item is read", async (path, text) => {
    const report = await run({ [path]: text }, [{ profile: "google-products", path }], ["feed/unmapped-column"]);
    expect(report.findings.map((f) => f.message)).toStrictEqual([]);
    expect(report.summary.rows).toStrictEqual({ read: 1, accepted: 1, rejected: 0 });
    const item = (await dataset({ [path]: text }, [{ profile: "google-products", path }])).products!.get("TEE-M")!;
    // The size field is unit_pricing_measure's amount, where the item gives one: 150 (g).
    expect(item.size === null ? null : Number(item.size) / 1_000_000).toBe(path === "u.xml" ? 150 : null);
  });
});

describe("W32 a local row whose primary row was rejected says so", () => {
  const invalid = (report: Report) => messages(report, "feed/invalid-row");

  it("W32 names the rejected web row (file and line) instead of saying there is none", async () => {
    const files = {
      "p.xml": rss("<g:id>A1</g:id><g:price>10,00 USD</g:price>", "<g:id>A2</g:id><g:price>10.00 USD</g:price>"),
      "local.tsv": "store_code\tid\tquantity\tprice\nS1\tA1\t5\t\nS1\tA3\t5\t\n",
    };
    const report = await run(files, [
      { profile: "google-products", path: "p.xml" },
      { profile: "google-local-inventory", path: "local.tsv" },
    ]);
    // A1's item opens at line 3 of p.xml; A3 has no item at all.
    expect(invalid(report)).toStrictEqual([
      "local.tsv:2:4 (price): no price or sale_price, and sku A1's web row (without a location) to take them from, p.xml:3, was rejected: fix that row, or give this row its own price",
      'p.xml:3:2 (price): "10,00 USD" does not fit this feed\'s number format (decimal ".", grouping ",")',
      "local.tsv:3:4 (price): no price or sale_price, and sku A3 has no web row (without a location) to take them from",
    ]);
  });

  it("W32 so does any feed taking its amounts from another channel's rows (inheritFrom); a rejected row with a location is not one", async () => {
    const files = {
      "web.csv": "sku,price\nB1,abc\nB2,5.00\n",
      // B3's web row is a store's (S1), not one without a location: none to take a price from.
      "shop.csv": "sku,location,price\nB3,S1,abc\n",
      "stores.csv": "sku,location,price\nB1,S1,\nB2,S2,\nB3,S2,\n",
    };
    const report = await run(files, [
      { kind: "prices", path: "web.csv", constants: { channel: "web" } },
      { kind: "prices", path: "shop.csv", constants: { channel: "web" } },
      { kind: "prices", path: "stores.csv", constants: { channel: "store" }, inheritFrom: "web" },
    ]);
    expect(invalid(report).filter((m) => m.startsWith("stores.csv"))).toStrictEqual([
      "stores.csv:2:3 (price): no price or sale_price, and sku B1's web row (without a location) to take them from, web.csv:2, was rejected: fix that row, or give this row its own price",
      "stores.csv:4:3 (price): no price or sale_price, and sku B3 has no web row (without a location) to take them from",
    ]);
  });
});

describe("W33 a profile's views, as `pricelint profile --json` prints them, override it in a feed's views", () => {
  it("W33 every view of each profile, copied whole from pricelint profile --json into the feed's views, is accepted", async () => {
    for (const name of ["google-products", "google-local-inventory"]) {
      const printed = JSON.parse(showProfile(name, true)) as { views: unknown[] };
      expect(() => configOf([{ profile: name, path: "f.tsv", views: printed.views } as ConfigInput["feeds"][number]])).not.toThrow();
    }
  });

  it("W33 skipWithout [] makes a local row's quantity required; repeated {} reads a text feed's product_type whole", async () => {
    const local = "store_code\tid\tquantity\tprice\nS1\tA\t\t1.00 USD\n";
    const required = await run({ "local.tsv": local }, [
      { profile: "google-local-inventory", path: "local.tsv", views: [{ kind: "inventory", skipWithout: [] }] },
    ]);
    expect(messages(required, "feed/invalid-row")).toStrictEqual(["local.tsv:2:3 (quantity): available is required"]);
    const tsv = "id\tprice\tproduct_type\nC1\t10.00 USD\tBeer, Wine & Spirits\n";
    const whole = await dataset({ "p.tsv": tsv }, [
      { profile: "google-products", path: "p.tsv", views: [{ kind: "catalogue", repeated: {} }] },
    ]);
    expect(whole.products!.get("C1")!.category).toBe("Beer, Wine & Spirits");
  });

  it("W33 refuses a skipWithout field that is not required, and a repeated field not read from the profile's column", () => {
    const refused = (feed: Record<string, unknown>) => () => configOf([{ path: "f.tsv", ...feed } as ConfigInput["feeds"][number]]);
    expect(refused({ profile: "google-local-inventory", views: [{ kind: "prices", skipWithout: ["price"] }] })).toThrow(
      'feeds[0].views[0].skipWithout[0]: "price" is not a required field of prices rows (sku, channel): a row without another field is read as it is, so skipWithout names required ones',
    );
    expect(
      refused({
        profile: "google-products",
        columns: { category: "my_type" },
        views: [{ kind: "catalogue", repeated: { category: "," } }],
      }),
    ).toThrow(
      "feeds[0].views[0].repeated.category: category is not read from the google-products profile's column here (the config maps it to a column of its own, or sets it as a constant), which is read as one value: repeated applies to the profile's mapping of a field",
    );
    expect(refused({ views: [{ kind: "catalogue", repeated: { category: "," } }] })).toThrow(
      "feeds[0].views[0].repeated.category: repeated reads a profile's attributes that may repeat: without a profile, category's column is read as one value",
    );
    expect(refused({ profile: "google-products", views: [{ kind: "catalogue", repeated: { colour: "," } }] })).toThrow(
      'feeds[0].views[0].repeated.colour: "colour" is not a field of catalogue rows; fields: ',
    );
  });
});
