import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";

type Row = Record<string, unknown>;

const RULES = ["omnibus/prior-price", "omnibus/insufficient-history", "omnibus/not-a-reduction"];

/** The Omnibus findings at 25 Nov 2026, in `scope`, sorted: rule, location, and the amount each judged against. */
async function omnibus(feeds: Record<string, Row[]>, scope: string, currency: string | null = "EUR") {
  const settings = { scope };
  const report = await check(
    {
      timezone: "UTC",
      ...(currency === null ? {} : { currency }),
      feeds,
      rules: RULES,
      ruleSettings: { "omnibus/prior-price": settings, "omnibus/insufficient-history": settings },
    } as never,
    { at: new Date("2026-11-25T12:00:00Z") },
  );
  expect(report.findings.filter((f) => f.rule === "feed/invalid-row")).toStrictEqual([]);
  const judged = (f: (typeof report.findings)[number]) =>
    f.rule === "omnibus/prior-price" ? f.values.priorPrice : f.rule === "omnibus/not-a-reduction" ? f.values.lowestPriceApplied30d : null;
  return report.findings.map((f) => [f.rule, f.location, judged(f)]).sort((a, b) => String(a).localeCompare(String(b)));
}

// Z1 and Z2 price in CHF, E1 in EUR by the stores feed; E2 names no currency, so it takes the config's (EUR).
const stores: Row[] = [
  { location: "Z1", status: "open", currency: "CHF" },
  { location: "Z2", status: "open", currency: "CHF" },
  { location: "E1", status: "open", currency: "EUR" },
  { location: "E2", status: "open" },
];
// A reduction at Z1 from 20 Nov that shows 20.00: the 30 days before it run from 21 Oct to 20 Nov.
const atZ1: Row = {
  sku: "A",
  channel: "store",
  location: "Z1",
  price: "20.00",
  sale_price: "15.00",
  sale_start: "2026-11-20",
  sale_end: "2026-12-31",
  reference_price: "20.00",
};
const own: Row = { sku: "A", channel: "store", location: "Z1", valid_from: "2026-10-01", price: "20.00" };
const others: Row[] = [
  { sku: "A", channel: "store", location: "E1", valid_from: "2026-10-01", price: "8.00" },
  { sku: "A", channel: "store", location: "E2", valid_from: "2026-10-01", price: "9.00" },
];

describe("Omnibus scopes read each history row in its own currency", () => {
  it("P05 channel scope: another store's rows without a currency are in that store's currency (else the config's), not the offer's", async () => {
    const prices = [atZ1, { sku: "A", channel: "store", location: "E1", price: "10.00" }];
    // Only Z1's own 20.00 CHF applied in CHF: the reference is right. E1's 8.00 and E2's 9.00 are EUR.
    expect(await omnibus({ stores, prices, price_history: [own, ...others] }, "channel")).toStrictEqual([]);
    // Written out, the same currencies give the same answer.
    const written = [{ ...own, currency: "CHF" }, ...others.map((p) => ({ ...p, currency: "EUR" }))];
    expect(await omnibus({ stores, prices, price_history: written }, "channel")).toStrictEqual([]);
    // Another CHF store's 18.00 is a CHF price of the channel: it is the lowest.
    const z2 = { sku: "A", channel: "store", location: "Z2", valid_from: "2026-10-01", price: "18.00" };
    expect(await omnibus({ stores, prices, price_history: [own, ...others, z2] }, "channel")).toStrictEqual([
      ["omnibus/prior-price", "Z1", "18.00"],
    ]);
  });

  it("company scope: another channel's default rows without a currency are in the config's", async () => {
    const web = { sku: "A", channel: "web", valid_from: "2026-10-01", price: "10.00" };
    expect(await omnibus({ stores, prices: [atZ1], price_history: [own, web] }, "company")).toStrictEqual([]);
    // A web row in CHF is a CHF price of the company.
    expect(await omnibus({ stores, prices: [atZ1], price_history: [own, { ...web, currency: "CHF" }] }, "company")).toStrictEqual([
      ["omnibus/prior-price", "Z1", "10.00"],
    ]);
  });

  it("offer scope: the channel's default rows (the config's currency) are no history of an offer in its store's other currency", async () => {
    // The store channel's default 8.00 (EUR) from 1 October stands at each store until its first
    // row of its own; Z1's own (CHF) starts on 1 November. The CHF offer at Z1 has 20.00 alone in
    // CHF: the reference is right, the history covers 1 November on only (its 30 days start on
    // 21 October), and 15.00 is the lowest of the last 30 days with the sale. At E1 (EUR, no row
    // of its own) the default 8.00 is the lowest of the 30 days before 20 November.
    const defaults = { sku: "A", channel: "store", valid_from: "2026-10-01", price: "8.00" };
    const z1 = { ...own, valid_from: "2026-11-01" };
    const atE1 = { ...atZ1, location: "E1", price: "10.00", sale_price: "9.00", reference_price: "10.00" };
    expect(await omnibus({ stores, prices: [atZ1, atE1], price_history: [defaults, z1] }, "offer")).toStrictEqual([
      ["omnibus/insufficient-history", "Z1", null],
      ["omnibus/not-a-reduction", "E1", "8.00"],
      ["omnibus/prior-price", "E1", "8.00"],
    ]);
  });

  it("a row whose currency nothing gives (none written, at its location, or in the config) follows the offer", async () => {
    const prices = [{ ...atZ1, location: "X1", currency: "CHF" }];
    const history = [{ ...own, location: "X1", price: "12.00" }];
    // 12.00 applied from 1 October: the prior price, and below the sale price 15.00.
    expect(await omnibus({ stores: [{ location: "X1", status: "open" }], prices, price_history: history }, "offer", null)).toStrictEqual([
      ["omnibus/not-a-reduction", "X1", "12.00"],
      ["omnibus/prior-price", "X1", "12.00"],
    ]);
  });
});

describe("P41 a history row on other terms (another tax basis or currency) ends the row before it", () => {
  // A reduction from 20 Nov at S1 showing 12.20: the 30 days before it run from 21 Oct (UTC).
  const reduction: Row = {
    sku: "A",
    channel: "store",
    location: "S1",
    price: "12.20",
    sale_price: "9.76",
    sale_start: "2026-11-20",
    sale_end: "2026-12-31",
    reference_price: "12.20",
  };
  const history = (middle: Row): Row[] => [
    { sku: "A", channel: "store", location: "S1", valid_from: "2026-09-01", price: "9.00" },
    { sku: "A", channel: "store", location: "S1", valid_from: "2026-10-15", price: "10.00", ...middle },
    { sku: "A", channel: "store", location: "S1", valid_from: "2026-10-25", price: "12.20" },
  ];

  it("P41 the 9.00 of September stopped applying on 15 Oct: the net (or dollar) row from then to 25 Oct leaves the 30 days not known on the offer's terms, not 9.00", async () => {
    for (const middle of [{ tax_included: "false" }, { currency: "USD" }]) {
      const found = await omnibus({ prices: [reduction], price_history: history(middle) }, "offer");
      // 21–25 Oct the price on the offer's terms is not known: the reduction cannot be checked; no 9.00 anywhere.
      expect(found).toStrictEqual([["omnibus/insufficient-history", "S1", null]]);
    }
    // The same rows all gross: 10.00 applied from 15 to 25 Oct, within the 30 days: the prior price is 10.00, not 12.20.
    const gross = await omnibus({ prices: [reduction], price_history: history({}) }, "offer");
    expect(gross).toStrictEqual([["omnibus/prior-price", "S1", "10.00"]]);
  });

  it("P41 channel scope: a store whose own rows are net no longer stands on the channel's default rows", async () => {
    const stores2: Row[] = [
      { location: "S1", status: "open" },
      { location: "S2", status: "open" },
    ];
    const prices = [
      {
        sku: "A",
        channel: "store",
        location: "S1",
        price: "10.00",
        sale_price: "8.00",
        sale_start: "2026-11-20",
        sale_end: "2026-11-30",
        reference_price: "10.00",
      },
      { sku: "A", channel: "store", location: "S2", price: "8.20", tax_included: "false" },
    ];
    const rows = [
      { sku: "A", channel: "store", valid_from: "2026-09-01", price: "7.00" },
      { sku: "A", channel: "store", location: "S1", valid_from: "2026-10-01", price: "10.00" },
      { sku: "A", channel: "store", location: "S2", valid_from: "2026-10-01", price: "8.20", tax_included: "false" },
    ];
    // Both stores have rows of their own from 1 Oct, so the default 7.00 stands nowhere in 21 Oct – 20 Nov;
    // S2's net 8.20 is not a gross price: the prior price is S1's 10.00, as shown.
    expect(await omnibus({ stores: stores2, prices, price_history: rows }, "channel")).toStrictEqual([]);
  });
});

describe("P49 a channel's default history over its stores, one of them in another currency", () => {
  // S1 (EUR) and S3 (CHF). The store channel's default rows say 7.00 from 1 September; S1 has
  // its own 10.00 from 15 September, S3 its own 11.00 from 30 October. S1's sale from 20
  // November shows 10.00: the 30 days before it run from 21 October.
  const feeds = (s3: string) => ({
    stores: [
      { location: "S1", status: "open", currency: "EUR" },
      { location: "S3", status: "open", currency: s3 },
    ],
    prices: [
      { ...atZ1, location: "S1", price: "10.00", sale_price: "8.00", reference_price: "10.00" },
      { sku: "A", channel: "store", location: "S3", price: "11.00" },
    ],
    price_history: [
      { sku: "A", channel: "store", valid_from: "2026-09-01", price: "7.00" },
      { sku: "A", channel: "store", location: "S1", valid_from: "2026-09-15", price: "10.00" },
      { sku: "A", channel: "store", location: "S3", valid_from: "2026-10-30", price: "11.00" },
    ],
  });

  it("P49 counts the default rows only until the last store in the offer's currency has rows of its own", async () => {
    // S3 prices in CHF: a EUR default stood at no store after S1's own rows began (15 September),
    // so S1's 10.00 is the prior price, as shown.
    expect(await omnibus(feeds("CHF"), "channel")).toStrictEqual([]);
    // S3 in EUR: the 7.00 default stood there until 30 October, inside the 30 days.
    expect(await omnibus(feeds("EUR"), "channel")).toStrictEqual([["omnibus/prior-price", "S1", "7.00"]]);
  });

  it("P49 keeps the default rows cut at the stores' own rows where no store is in the offer's currency", async () => {
    // Only S3, in CHF, on its own rows from 1 September; the web's sale shows 10.00, its price
    // since then: the 7.00 default stood at no store in the 30 days before.
    const web = {
      sku: "A",
      channel: "web",
      price: "10.00",
      sale_price: "8.00",
      sale_start: "2026-11-20",
      sale_end: "2026-11-30",
      reference_price: "10.00",
    };
    const found = await omnibus(
      {
        stores: [{ location: "S3", status: "open", currency: "CHF" }],
        prices: [web, { sku: "A", channel: "store", location: "S3", price: "11.00" }],
        price_history: [
          { sku: "A", channel: "store", valid_from: "2026-09-01", price: "7.00" },
          { sku: "A", channel: "store", location: "S3", valid_from: "2026-09-01", price: "11.00" },
          { sku: "A", channel: "web", valid_from: "2026-09-01", price: "10.00" },
        ],
      },
      "company",
    );
    expect(found).toStrictEqual([]);
  });
});
