/**
 * A landing page's tax basis is what its markup states (schema.org's `valueAddedTaxIncluded`, on
 * the offer or its price specification), else the html feed's `constants.tax_included`, else the
 * default (included); price/landing-page-mismatch then compares the page's amounts with the web's
 * on one basis only, and says the page's basis as it is. An Offer and the price specification its
 * price comes from that state two bases make the page's offer unreadable; two that agree are one.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";

const AT = new Date("2026-06-15T10:00:00Z");

const page = (offer: Record<string, unknown>) =>
  `<html><head><script type="application/ld+json">${JSON.stringify({ "@type": "Product", sku: "A", offers: { "@type": "Offer", ...offer } })}</script></head></html>\n`;
/** The price in a price specification with its tax statement, as shops write it. */
const specified = (price: string, vat: unknown) => ({
  priceSpecification: { "@type": "UnitPriceSpecification", price, priceCurrency: "USD", valueAddedTaxIncluded: vat },
});

async function run(offer: Record<string, unknown>, web: string, pageConstants: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-page-tax-"));
  const files = {
    "c.csv": "sku\nA\n",
    "p.csv": `sku,channel,currency,price,tax_included\nA,web,USD,${web}\n`,
    "pages/a.html": page(offer),
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const feeds = [
    { kind: "catalogue", path: "c.csv" },
    { kind: "prices", path: "p.csv" },
    { kind: "prices", path: "pages/*.html", ...(Object.keys(pageConstants).length > 0 ? { constants: pageConstants } : {}) },
  ];
  const config = validateConfig({ currency: "USD", feeds, rules: ["price/landing-page-mismatch"] }, "test");
  const report = await check({ config, file: null, baseDir: dir }, { at: AT });
  return report.findings.map((f) => `${f.rule}: ${f.message}`);
}

describe("P17 a landing page's valueAddedTaxIncluded", () => {
  it("P17 reads a page's stated basis: 10.00 without tax on the page and in the feed is no mismatch", async () => {
    expect(await run(specified("10.00", false), "10.00,false")).toStrictEqual([]);
    // The price on the Offer, the statement in its specification, schema.org's Boolean as text.
    const onOffer = { price: "10.00", priceCurrency: "USD", ...specified("10.00", "False") };
    expect(await run(onOffer, "10.00,false")).toStrictEqual([]);
    // On the offer itself, and as schema.org's URL.
    expect(
      await run({ price: "10.00", priceCurrency: "USD", valueAddedTaxIncluded: "https://schema.org/False" }, "10.00,false"),
    ).toStrictEqual([]);
  });

  it("says the page's own basis where it differs from the feed's, and does not compare the amounts", async () => {
    // The page states 10.00 without tax; the feed's web row is 10.00 with it (the default basis).
    expect(await run(specified("10.00", false), "10.00,true")).toStrictEqual([
      "price/landing-page-mismatch: the landing page pages/a.html shows 10.00 USD (tax included: false), the feed's web price is 10.00 USD (tax included: true)",
    ]);
  });

  it("takes the feed's constant for a page that states nothing, and the page's statement over it", async () => {
    expect(await run({ price: "10.00", priceCurrency: "USD" }, "10.00,false", { tax_included: false })).toStrictEqual([]);
    expect(await run({ price: "10.00", priceCurrency: "USD" }, "10.00,false")).toStrictEqual([
      "price/landing-page-mismatch: the landing page pages/a.html shows 10.00 USD (tax included: true), the feed's web price is 10.00 USD (tax included: false)",
    ]);
    expect(await run(specified("10.00", "TRUE"), "10.00,false", { tax_included: false })).toStrictEqual([
      "price/landing-page-mismatch: the landing page pages/a.html shows 10.00 USD (tax included: true), the feed's web price is 10.00 USD (tax included: false)",
    ]);
  });

  it("refuses a statement that is neither true nor false", async () => {
    const found = await run(specified("10.00", "yes"), "10.00,true");
    expect(found).toStrictEqual([
      'feed/invalid-row: pages/a.html:1: "valueAddedTaxIncluded" is "yes"; it takes true or false (schema.org\'s True or False)',
    ]);
  });
});

const TWO_BASES = (offer: string, stated: string) =>
  `feed/invalid-row: pages/a.html:1: the Offer's "valueAddedTaxIncluded" is ${offer} but that of the priceSpecification its price comes from is ${stated}: the page states two tax bases for one price`;

describe("P22 an Offer and its price's specification stating two tax bases", () => {
  it("P22 rejects the page's offer, naming both statements, rather than taking the Offer's", async () => {
    // The Offer says tax included, the specification holding the price says not: neither is the page's basis.
    expect(await run({ valueAddedTaxIncluded: true, ...specified("10.00", false) }, "10.00,false")).toStrictEqual([
      TWO_BASES("true", "false"),
    ]);
    // The other way round, and in schema.org's forms as text.
    expect(await run({ valueAddedTaxIncluded: "https://schema.org/False", ...specified("10.00", "True") }, "10.00,true")).toStrictEqual([
      TWO_BASES("false", "true"),
    ]);
  });

  it("reads two statements that agree as one, whatever their forms", async () => {
    expect(await run({ valueAddedTaxIncluded: false, ...specified("10.00", "False") }, "10.00,false")).toStrictEqual([]);
    expect(await run({ valueAddedTaxIncluded: "true", ...specified("10.00", true) }, "10.00,true")).toStrictEqual([]);
    // Agreeing on "without tax" against a web row with tax: the page's basis is false, said as such.
    expect(await run({ valueAddedTaxIncluded: false, ...specified("10.00", false) }, "10.00,true")).toStrictEqual([
      "price/landing-page-mismatch: the landing page pages/a.html shows 10.00 USD (tax included: false), the feed's web price is 10.00 USD (tax included: true)",
    ]);
  });

  it("takes the Offer's statement for the Offer's own price, whatever a specification beside it says", async () => {
    // The price is the Offer's: the specification's statement is of its own amount, not of this one.
    const own = { price: "10.00", priceCurrency: "USD", valueAddedTaxIncluded: false, ...specified("10.00", true) };
    expect(await run(own, "10.00,false")).toStrictEqual([]);
  });
});
