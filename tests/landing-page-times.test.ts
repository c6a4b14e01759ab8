/**
 * A landing page's price at each instant: offers that end (priceValidUntil) and the entries of a
 * priceSpecification valid for a time, over one check's instant and over a window, in saved and
 * fetched pages.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loopbackServer } from "./helpers/loopback-server.js";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";

const AT = new Date("2026-11-20T12:00:00Z");
const WINDOW = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-25T00:00:00Z") };

/** A product page with one JSON-LD script per value. */
const page = (...values: unknown[]) =>
  `<!DOCTYPE html>\n<html><head></head><body>\n${values.map((v) => `<script type="application/ld+json">${JSON.stringify(v)}</script>`).join("\n")}\n</body></html>\n`;
const product = (sku: string, offers: unknown) => ({ "@context": "https://schema.org", "@type": "Product", sku, offers });
const offer = (price: string, more: Record<string, unknown> = {}) => ({ "@type": "Offer", price, priceCurrency: "EUR", ...more });

const FEEDS = [
  { kind: "catalogue", path: "catalogue.csv" },
  { kind: "prices", path: "web.csv", constants: { channel: "web" } },
  { kind: "prices", path: "pages/*.html" },
];
const CATALOGUE = "sku,link\nA-1,https://shop.example/p/a-1\nB-2,https://shop.example/p/b-2\n";
const WEB = "sku,price,currency\nA-1,19.99,EUR\nB-2,5.00,EUR\n";

async function run(
  pages: Record<string, string>,
  when: { at: Date } | { window: { from: Date; to: Date } } = { at: AT },
  feeds: Record<string, unknown>[] = FEEDS,
) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-page-times-"));
  for (const [name, content] of Object.entries({ "catalogue.csv": CATALOGUE, "web.csv": WEB, ...pages })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const config = validateConfig({ currency: "EUR", feeds, rules: ["price/landing-page-mismatch"] }, "test");
  return check({ config, file: null, baseDir: dir }, when);
}

/** Each finding: its rule, sku, the price the page shows (a mismatch) or the row error's code and reason, and its interval over a window. */
const findings = (report: Awaited<ReturnType<typeof check>>) =>
  report.findings.map((f) => [
    f.rule,
    f.sku,
    f.rule === "feed/invalid-row" ? `${String(f.values["code"])}: ${String(f.values["reason"])}` : f.message.split(" (tax")[0],
    ...(f.interval ? [`${f.interval.from} – ${f.interval.to}`] : []),
  ]);

describe("P59 an offer that has ended is not the page's price, and conflicts with nothing", () => {
  it("P59 an expired Offer beside a current one at another price: the current one is compared, nothing is rejected", async () => {
    const report = await run({ "pages/a.html": page(product("A-1", [offer("19.99", { priceValidUntil: "2026-11-19" }), offer("21.99")])) });
    expect(findings(report)).toStrictEqual([["price/landing-page-mismatch", "A-1", "the landing page pages/a.html shows 21.99 EUR"]]);
  });

  it("P59 an AggregateOffer's listed offer, and an AggregateOffer's own lowPrice, that have ended beside a current offer", async () => {
    const listed = product("A-1", {
      "@type": "AggregateOffer",
      priceCurrency: "EUR",
      lowPrice: "19.99",
      highPrice: "21.99",
      offers: [offer("19.99", { priceValidUntil: "2026-11-19" }), offer("21.99")],
    });
    const own = product("B-2", { "@type": "AggregateOffer", priceCurrency: "EUR", lowPrice: "5.00", priceValidUntil: "2026-11-19" });
    const report = await run({ "pages/a.html": page(listed), "pages/b.html": page(own, product("B-2", offer("5.50"))) });
    expect(findings(report)).toStrictEqual([
      ["price/landing-page-mismatch", "A-1", "the landing page pages/a.html shows 21.99 EUR"],
      ["price/landing-page-mismatch", "B-2", "the landing page pages/b.html shows 5.50 EUR"],
    ]);
  });

  it("P59 offers that have all ended, at different prices, are each expired, not conflicting: the page shows no price", async () => {
    const report = await run({
      "pages/a.html": page(
        product("A-1", [offer("18.00", { priceValidUntil: "2026-11-18" }), offer("19.00", { priceValidUntil: "2026-11-19" })]),
      ),
    });
    // Both on one line of the page: in either order.
    expect(findings(report).sort()).toStrictEqual([
      [
        "feed/invalid-row",
        "A-1",
        "page_price_expired: the page's price 18.00 for sku A-1 is valid until 2026-11-18, before the check's instant: Google ignores an expired price",
      ],
      [
        "feed/invalid-row",
        "A-1",
        "page_price_expired: the page's price 19.00 for sku A-1 is valid until 2026-11-19, before the check's instant: Google ignores an expired price",
      ],
    ]);
  });

  it("P59 over a window, two offers conflict only while both hold: after the sale's end, the regular price is compared", async () => {
    const pages = { "pages/a.html": page(product("A-1", [offer("15.00", { priceValidUntil: "2026-11-21" }), offer("21.99")])) };
    // The sale holds through 21 November (UTC, the config's zone): until 22 November 00:00Z the page shows two prices.
    expect(findings(await run(pages, { window: WINDOW }))).toStrictEqual([
      [
        "feed/invalid-row",
        "A-1",
        "conflicting_offers: the page has 2 offers for sku A-1 at different prices (15.00 EUR, 21.99 EUR) until 2026-11-22T00:00:00.000Z: which one it shows is unknown",
        "2026-11-20T00:00:00.000Z – 2026-11-25T00:00:00.000Z",
      ],
      [
        "price/landing-page-mismatch",
        "A-1",
        "the landing page pages/a.html shows 21.99 EUR",
        "2026-11-22T00:00:00.000Z – 2026-11-25T00:00:00.000Z",
      ],
    ]);
    // A window after the sale's end sees one price; one that ends before it, two.
    const after = { from: new Date("2026-11-22T00:00:00Z"), to: new Date("2026-11-25T00:00:00Z") };
    expect(findings(await run(pages, { window: after }))).toStrictEqual([
      [
        "price/landing-page-mismatch",
        "A-1",
        "the landing page pages/a.html shows 21.99 EUR",
        "2026-11-22T00:00:00.000Z – 2026-11-25T00:00:00.000Z",
      ],
    ]);
    const before = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
    expect(findings(await run(pages, { window: before })).map((f) => f[2]!.split(":")[0])).toStrictEqual(["conflicting_offers"]);
  });
});

/** An Offer whose price comes from its priceSpecification's entries. */
const specified = (...entries: Record<string, unknown>[]) => ({
  "@type": "Offer",
  priceCurrency: "EUR",
  priceSpecification: entries.map((e) => ({ "@type": "UnitPriceSpecification", ...e })),
});

describe("P60 a priceSpecification entry's validFrom and validThrough", () => {
  it("P60 a sale entry valid through yesterday is not the price: the regular entry after it is; one valid from a later day is not yet", async () => {
    const report = await run({
      "pages/a.html": page(product("A-1", specified({ price: "19.99", validThrough: "2026-11-19" }, { price: "21.99" }))),
      "pages/b.html": page(product("B-2", specified({ price: "4.00", validFrom: "2026-11-25" }, { price: "5.00" }))),
    });
    expect(findings(report)).toStrictEqual([["price/landing-page-mismatch", "A-1", "the landing page pages/a.html shows 21.99 EUR"]]);
  });

  it("P60 an AggregateOffer's listed offer priced by such entries, and an offer whose one entry has ended (page_price_expired)", async () => {
    const listed = product("A-1", {
      "@type": "AggregateOffer",
      priceCurrency: "EUR",
      offers: [{ "@type": "Offer", priceSpecification: [{ price: "19.99", validThrough: "2026-11-19" }, { price: "21.99" }] }],
    });
    const ended = product("B-2", specified({ price: "5.00", validThrough: "2026-11-19" }));
    expect(findings(await run({ "pages/a.html": page(listed), "pages/b.html": page(ended) }))).toStrictEqual([
      [
        "feed/invalid-row",
        "B-2",
        "page_price_expired: the page's price 5.00 for sku B-2 is valid through 2026-11-19 (its priceSpecification's validThrough), before the check's instant: Google ignores an expired price",
      ],
      ["price/landing-page-mismatch", "A-1", "the landing page pages/a.html shows 21.99 EUR"],
    ]);
  });

  it("P60 a validThrough without an offset is read in the html feed's timezone (T24); a validThrough that is no date rejects the offer", async () => {
    const feeds = FEEDS.map((f) => (f.path === "pages/*.html" ? { ...f, timezone: "America/New_York" } : f));
    const pages = {
      "pages/a.html": page(product("A-1", specified({ price: "19.99", validThrough: "2026-11-19" }, { price: "21.99" }))),
      "pages/b.html": page(product("B-2", specified({ price: "4.00", validThrough: "2026-11-31" }, { price: "5.00" }))),
    };
    // Through 19 November in New York: until 20 November 05:00Z. At 03:00Z the sale's 19.99 still holds there.
    const report = await run(pages, { at: new Date("2026-11-20T03:00:00Z") }, feeds);
    expect(findings(report)).toStrictEqual([
      ["feed/invalid-row", "B-2", 'invalid_date: validThrough "2026-11-31": "2026-11-31" is not a calendar date'],
    ]);
  });

  it("P60 over a window, an entry holds from its validFrom until its validThrough: each price is compared while it holds", async () => {
    const report = await run(
      {
        // The sale's 15.00 through 21 November, then the feed's own 19.99.
        "pages/a.html": page(product("A-1", specified({ price: "15.00", validThrough: "2026-11-21" }, { price: "19.99" }))),
        "pages/b.html": page(product("B-2", specified({ price: "4.00", validFrom: "2026-11-23" }, { price: "5.00" }))),
      },
      { window: WINDOW },
    );
    expect(findings(report)).toStrictEqual([
      [
        "price/landing-page-mismatch",
        "A-1",
        "the landing page pages/a.html shows 15.00 EUR",
        "2026-11-20T00:00:00.000Z – 2026-11-22T00:00:00.000Z",
      ],
      [
        "price/landing-page-mismatch",
        "B-2",
        "the landing page pages/b.html shows 4.00 EUR",
        "2026-11-23T00:00:00.000Z – 2026-11-25T00:00:00.000Z",
      ],
    ]);
  });

  it("P60 two offers of one item agree once one's sale entry has ended: no conflict at the check's instant", async () => {
    const report = await run({
      "pages/a.html": page(product("A-1", [specified({ price: "15.00", validThrough: "2026-11-19" }, { price: "21.99" }), offer("21.99")])),
    });
    expect(findings(report)).toStrictEqual([["price/landing-page-mismatch", "A-1", "the landing page pages/a.html shows 21.99 EUR"]]);
  });
});

describe("P67 an Offer's own validFrom and validThrough", () => {
  it("P67 an Offer valid through yesterday, or from a later day, is not the page's price beside the regular one; alone and ended it is expired", async () => {
    const report = await run({
      // A sale Offer that ended on 19 November beside the regular 21.99: 21.99 is compared, nothing conflicts.
      "pages/a.html": page(product("A-1", [offer("19.99", { validThrough: "2026-11-19" }), offer("21.99")])),
      // B-2's own 5.00 in force, a sale Offer from 25 November not yet.
      "pages/b.html": page(product("B-2", [offer("4.00", { validFrom: "2026-11-25" }), offer("5.00")])),
    });
    expect(findings(report)).toStrictEqual([["price/landing-page-mismatch", "A-1", "the landing page pages/a.html shows 21.99 EUR"]]);
    // B-2's only Offer, ended.
    const ended = page(product("B-2", offer("5.00", { validFrom: "2026-11-01", validThrough: "2026-11-19" })));
    expect(findings(await run({ "pages/b.html": ended }))).toStrictEqual([
      [
        "feed/invalid-row",
        "B-2",
        "page_price_expired: the page's price 5.00 for sku B-2 is valid through 2026-11-19 (the Offer's validThrough), before the check's instant: Google ignores an expired price",
      ],
    ]);
  });

  it("P67 an Offer's bounds and those of its priceSpecification entry both hold; an Offer's validFrom that is no date rejects it", async () => {
    // The Offer holds from 21 November; its entry through 22 November: over the window, 15.00 from the 21st to the 23rd.
    const sale = { ...specified({ price: "15.00", validThrough: "2026-11-22" }), validFrom: "2026-11-21" };
    const pages = {
      "pages/a.html": page(product("A-1", [sale, offer("19.99")])),
      "pages/b.html": page(product("B-2", offer("4.00", { validFrom: "2026-11-31" }))),
    };
    const window = "2026-11-20T00:00:00.000Z – 2026-11-25T00:00:00.000Z";
    expect(findings(await run(pages, { window: WINDOW }))).toStrictEqual([
      [
        "feed/invalid-row",
        "A-1",
        "conflicting_offers: the page has 2 offers for sku A-1 at different prices (15.00 EUR, 19.99 EUR) from 2026-11-21T00:00:00.000Z until 2026-11-23T00:00:00.000Z: which one it shows is unknown",
        window,
      ],
      ["feed/invalid-row", "B-2", `invalid_date: the Offer's validFrom "2026-11-31": "2026-11-31" is not a calendar date`, window],
    ]);
  });
});

describe("P68 an expired offer is named by the price it showed last", () => {
  it("P68 an Offer whose sale entry ended on 17 November and regular entry on 19 November is named by the regular 21.99, not the sale", async () => {
    const pages = {
      "pages/a.html": page(
        product("A-1", specified({ price: "19.99", validThrough: "2026-11-17" }, { price: "21.99", validThrough: "2026-11-19" })),
      ),
      // The sale entry holds through the 19th, the regular one only through the 18th: the sale held last (first in order).
      "pages/b.html": page(
        product("B-2", specified({ price: "4.00", validThrough: "2026-11-19" }, { price: "5.00", validThrough: "2026-11-18" })),
      ),
    };
    const expired = (sku: string, price: string) =>
      `page_price_expired: the page's price ${price} for sku ${sku} is valid through 2026-11-19 (its priceSpecification's validThrough), before the check's instant: Google ignores an expired price`;
    expect(findings(await run(pages))).toStrictEqual([
      ["feed/invalid-row", "A-1", expired("A-1", "21.99")],
      ["feed/invalid-row", "B-2", expired("B-2", "4.00")],
    ]);
  });
});

describe("P66 over a window, each period in which a page's offers conflict", () => {
  it("P66 a page ambiguous, then not, then again is two conflicts, each with its own interval and id; the price between them is compared", async () => {
    // 21.99 always; beside it a sale of 19.99 on 20 November and one of 18.99 on 22 November (UTC, the config's zone).
    const sales = specified(
      { price: "19.99", validFrom: "2026-11-20T00:00:00Z", validThrough: "2026-11-21T00:00:00Z" },
      { price: "18.99", validFrom: "2026-11-22T00:00:00Z", validThrough: "2026-11-23T00:00:00Z" },
    );
    const report = await run({ "pages/a.html": page(product("A-1", [offer("21.99"), sales])) }, { window: WINDOW });
    const conflict = (prices: string, when: string) =>
      `conflicting_offers: the page has 2 offers for sku A-1 at different prices (${prices})${when}: which one it shows is unknown`;
    const window = "2026-11-20T00:00:00.000Z – 2026-11-25T00:00:00.000Z";
    // Two rejected rows of one sku over one window are ordered by id: compared in the order of their text.
    const byText = (a: unknown[], b: unknown[]) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
    expect(findings(report).sort(byText)).toStrictEqual([
      [
        "feed/invalid-row",
        "A-1",
        conflict("21.99 EUR, 18.99 EUR", " from 2026-11-22T00:00:00.000Z until 2026-11-23T00:00:00.000Z"),
        window,
      ],
      ["feed/invalid-row", "A-1", conflict("21.99 EUR, 19.99 EUR", " until 2026-11-21T00:00:00.000Z"), window],
      // 21.99 against the feed's 19.99 while it alone holds: between the sales and after the second.
      [
        "price/landing-page-mismatch",
        "A-1",
        "the landing page pages/a.html shows 21.99 EUR",
        "2026-11-21T00:00:00.000Z – 2026-11-22T00:00:00.000Z",
      ],
      [
        "price/landing-page-mismatch",
        "A-1",
        "the landing page pages/a.html shows 21.99 EUR",
        "2026-11-23T00:00:00.000Z – 2026-11-25T00:00:00.000Z",
      ],
    ]);
    // Two findings, told apart by their ids.
    expect(new Set(report.findings.map((f) => f.id)).size).toBe(4);
  });
});

describe("landing page times on fetched pages (loopback server)", () => {
  const server = loopbackServer((req, res) => {
    if (req.url === "/p/a-1") res.end(page(product("A-1", [offer("19.99", { priceValidUntil: "2026-11-19" }), offer("21.99")])));
    else if (req.url === "/p/spec")
      res.end(page(product("A-1", specified({ price: "19.99", validThrough: "2026-11-19" }, { price: "21.99" }))));
    else res.writeHead(404).end();
  });

  it("P59 a fetched page's expired offer beside a current one: the current one is compared", async () => {
    const feeds = [...FEEDS.slice(0, 2), { kind: "prices", path: `${server.base}/p/a-1`, format: "html", fetch: { retries: 0 } }];
    expect(findings(await run({}, { at: AT }, feeds))).toStrictEqual([
      ["price/landing-page-mismatch", "A-1", `the landing page ${server.base}/p/a-1 shows 21.99 EUR`],
    ]);
  });

  it("P60 a fetched page's sale entry that has ended is not its price", async () => {
    const feeds = [...FEEDS.slice(0, 2), { kind: "prices", path: `${server.base}/p/spec`, format: "html", fetch: { retries: 0 } }];
    expect(findings(await run({}, { at: AT }, feeds))).toStrictEqual([
      ["price/landing-page-mismatch", "A-1", `the landing page ${server.base}/p/spec shows 21.99 EUR`],
    ]);
  });
});
