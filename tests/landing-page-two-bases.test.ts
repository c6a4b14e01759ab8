/**
 * A landing page's Offer and the priceSpecification its price comes from may each state a tax
 * basis (schema.org's `valueAddedTaxIncluded`): two statements that disagree make the page's
 * offer unreadable (which one the price is on is unknown), two that agree are read as one.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check } from "../src/index.js";

const AT = new Date("2026-06-15T10:00:00Z");

/** A page with one Product of sku A and the given Offer. */
const page = (offer: Record<string, unknown>) =>
  `<html><head><script type="application/ld+json">${JSON.stringify({ "@type": "Product", sku: "A", offers: { "@type": "Offer", ...offer } })}</script></head></html>\n`;
/** A selling price specification of 10.00 USD stating `vat`. */
const spec = (vat: unknown) => ({
  priceSpecification: { "@type": "UnitPriceSpecification", price: "10.00", priceCurrency: "USD", valueAddedTaxIncluded: vat },
});

/** The findings of price/landing-page-mismatch (and rejected rows) for the page against a web row of 10.00 USD on `webBasis`. */
async function run(offer: Record<string, unknown>, webBasis: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-two-bases-"));
  const files = {
    "c.csv": "sku\nA\n",
    "p.csv": `sku,channel,currency,price,tax_included\nA,web,USD,10.00,${webBasis}\n`,
    "pages/a.html": page(offer),
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const feeds = [
    { kind: "catalogue", path: "c.csv" },
    { kind: "prices", path: "p.csv" },
    { kind: "prices", path: "pages/*.html" },
  ];
  const config = validateConfig({ currency: "USD", feeds, rules: ["price/landing-page-mismatch"] }, "test");
  const report = await check({ config, file: null, baseDir: dir }, { at: AT });
  return report.findings.map((f) => `${f.rule}: ${f.message}`);
}

const TWO_BASES = (offer: string, specified: string) =>
  `feed/invalid-row: pages/a.html:1: the Offer's "valueAddedTaxIncluded" is ${offer} but that of the priceSpecification its price comes from is ${specified}: the page states two tax bases for one price`;

describe("P22 an Offer and its price's specification stating two tax bases", () => {
  it("P22 rejects the page's offer, naming both statements, rather than taking the Offer's", async () => {
    // The Offer says tax included, the specification holding the price says not: neither is the page's basis.
    expect(await run({ valueAddedTaxIncluded: true, ...spec(false) }, false)).toStrictEqual([TWO_BASES("true", "false")]);
    // The other way round, and in schema.org's forms as text.
    expect(await run({ valueAddedTaxIncluded: "https://schema.org/False", ...spec("True") }, true)).toStrictEqual([
      TWO_BASES("false", "true"),
    ]);
  });

  it("reads two statements that agree as one, whatever their forms", async () => {
    expect(await run({ valueAddedTaxIncluded: false, ...spec("False") }, false)).toStrictEqual([]);
    expect(await run({ valueAddedTaxIncluded: "true", ...spec(true) }, true)).toStrictEqual([]);
    // Agreeing on "without tax" against a web row with tax: the page's basis is false, said as such.
    expect(await run({ valueAddedTaxIncluded: false, ...spec(false) }, true)).toStrictEqual([
      "price/landing-page-mismatch: the landing page pages/a.html shows 10.00 USD (tax included: false), the feed's web price is 10.00 USD (tax included: true)",
    ]);
  });

  it("takes the Offer's statement for the Offer's own price, whatever a specification beside it says", async () => {
    // The price is the Offer's: the specification's statement is of its own amount, not of this one.
    const own = { price: "10.00", priceCurrency: "USD", valueAddedTaxIncluded: false, ...spec(true) };
    expect(await run(own, false)).toStrictEqual([]);
  });
});
