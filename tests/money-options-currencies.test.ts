/**
 * A rule's money options are amounts in the config's currency (M30): 50 is a small amount in JPY
 * and a large one in EUR. Offers in another currency are judged by the amounts `currencies` gives
 * for it, and left unjudged (with a warning naming the rule and the currency) where it gives none.
 * Every expected finding is worked out by hand beside it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadConfig, PricelintError } from "../src/index.js";
import type { Explanation } from "../src/model/explanation.js";

const AT = new Date("2026-11-20T12:00:00Z");
type Row = Record<string, string>;

/** A pair of web and store rows of one sku in one currency (the store's at S1). */
const pair = (sku: string, currency: string, web: string, store: string): Row[] => [
  { sku, channel: "web", currency, price: web },
  { sku, channel: "store", location: "S1", currency, price: store },
];

async function run(prices: Row[], settings: Record<string, unknown>, extra: Record<string, unknown> = {}, workers = 1) {
  const warnings: string[] = [];
  const config = {
    currency: "EUR",
    feeds: { prices },
    rules: ["channel/online-differs-from-store"],
    ruleSettings: { "channel/online-differs-from-store": settings },
    ...extra,
  };
  const report = await check(config as never, { at: AT, workers, onWarning: (w) => warnings.push(w) });
  const skus = report.findings.filter((f) => f.rule !== "feed/invalid-row").map((f) => `${f.rule} ${f.sku}`);
  return { skus, warnings, report };
}

/** The PricelintError message `run` is refused with. */
async function refused(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return (error as Error).message;
}

/** How a config of a EUR pair with `settings` for the first of `rules` is refused. */
function refusal(settings: Record<string, unknown>, rules = ["channel/online-differs-from-store"]): Promise<string> {
  const feeds = { prices: pair("A", "EUR", "1.00", "1.00") };
  return refused(() => check({ currency: "EUR", feeds, rules, ruleSettings: { [rules[0]!]: settings } } as never, { at: AT }));
}

const ROWS = [
  // 0.04 apart, within 0.05 EUR: no finding; 0.06: a finding.
  ...pair("E1", "EUR", "10.00", "10.04"),
  ...pair("E2", "EUR", "10.00", "10.06"),
  // 40 yen apart, within 50 JPY: no finding; 60 yen: a finding.
  ...pair("J1", "JPY", "1000", "1040"),
  ...pair("J2", "JPY", "1000", "1060"),
  // 40 forints apart: with no HUF amount given, 0.05 (euros) cannot judge it.
  ...pair("H1", "HUF", "1000", "1040"),
];

describe("M30 money options are amounts in the config's currency", () => {
  it("M30 judges offers in another currency by the amounts given for it, and leaves those in a currency without them unjudged, with a warning", async () => {
    const { skus, warnings } = await run(ROWS, { tolerance: "0.05", currencies: { JPY: { tolerance: "50" } } });
    expect(skus.sort()).toStrictEqual(["channel/online-differs-from-store E2", "channel/online-differs-from-store J2"]);
    expect(warnings).toStrictEqual([
      'ruleSettings["channel/online-differs-from-store"]: tolerance (0.05) is an amount in EUR, so where it decides, the rule left unjudged its offers compared in HUF: give it in that currency as well, "currencies": {"HUF":{"tolerance":"…"}}',
    ]);
  });

  it("M30 before: 50 yen read as 50 euros hid a 40-euro gap (a JPY tolerance on a EUR config), and 0.05 euros as 0.05 yen flagged every yen", async () => {
    // The JPY amount does not reach the euro offers: E3 is 40.00 apart, beyond 0.05.
    const rows = [...pair("E3", "EUR", "100.00", "140.00"), ...pair("J1", "JPY", "1000", "1001")];
    const { skus, warnings } = await run(rows, { tolerance: "0.05", currencies: { JPY: { tolerance: "5" } } });
    expect(skus).toStrictEqual(["channel/online-differs-from-store E3"]);
    expect(warnings).toStrictEqual([]);
  });

  it("M30 a pair whose second channel is in a currency without amounts is unjudged too; zero is zero in every currency", async () => {
    const mixed = [
      { sku: "M", channel: "web", currency: "EUR", price: "10.00" },
      { sku: "M", channel: "store", location: "S1", currency: "HUF", price: "4000" },
    ];
    const left = await run(mixed, { tolerance: "0.05" });
    // EUR against HUF is never compared (the comparison is unknown), so nothing was lost: no warning.
    expect(left.skus).toStrictEqual([]);
    expect(left.warnings).toStrictEqual([]);
    // With no tolerance (the default, 0) every currency is judged: 1000 ≠ 1040 forints.
    const zero = await run(pair("H1", "HUF", "1000", "1040"), {});
    expect(zero.skus).toStrictEqual(["channel/online-differs-from-store H1"]);
    expect(zero.warnings).toStrictEqual([]);
  });

  it("M30 without a config currency the amounts are every currency's, as before", async () => {
    const { skus, warnings } = await run(pair("H1", "HUF", "1000", "1040"), { tolerance: "50" }, { currency: undefined });
    expect(skus).toStrictEqual([]);
    expect(warnings).toStrictEqual([]);
  });

  it("M30 a rule that judges nothing in that currency (a move without a previous state) gives no warning", async () => {
    const config = {
      currency: "USD",
      feeds: { prices: [{ sku: "A", channel: "web", currency: "CAD", price: "10.00" }] },
      rules: ["change/price-move"],
    };
    const warnings: string[] = [];
    await check(config as never, { at: AT, onWarning: (w) => warnings.push(w) });
    expect(warnings).toStrictEqual([]);
  });

  it("M30 a house offer rule's money option is read per currency too, and threads warn as one thread does", async () => {
    const rule = {
      id: "house/too-dear",
      description: "d",
      severity: "warning",
      scope: "offer",
      options: { maxPrice: { type: "money", default: "100", min: "0" } },
      conditions: { all: [{ fact: "price", operator: "greaterThan", value: { fact: "options", path: "$.maxPrice" } }] },
      message: "{price}",
    };
    const prices = [
      { sku: "E", channel: "web", currency: "EUR", price: "150.00" },
      { sku: "J1", channel: "web", currency: "JPY", price: "15000" },
      { sku: "J2", channel: "web", currency: "JPY", price: "25000" },
      { sku: "K", channel: "web", currency: "KRW", price: "150000" },
    ];
    for (const workers of [1, 2]) {
      const warnings: string[] = [];
      const report = await check(
        {
          currency: "EUR",
          feeds: { prices },
          rules: [rule],
          ruleSettings: { "house/too-dear": { currencies: { JPY: { maxPrice: "20000" } } } },
        } as never,
        { at: AT, workers, onWarning: (w) => warnings.push(w) },
      );
      // 150.00 > 100 EUR; 25000 > 20000 JPY; 15000 ≤ 20000 JPY; KRW has no amount.
      expect(report.findings.map((f) => f.sku)).toStrictEqual(["E", "J2"]);
      expect(warnings).toStrictEqual([
        'ruleSettings["house/too-dear"]: maxPrice (100, its default) is an amount in EUR, so where it decides, the rule left unjudged its offers compared in KRW: give it in that currency as well, "currencies": {"KRW":{"maxPrice":"…"}}',
      ]);
    }
  });

  it("M30 where no amount is given, only the comparisons an amount decides are unknown: a landing page in another currency is still reported", async () => {
    const config = {
      currency: "EUR",
      feeds: {
        prices: [
          { sku: "A", channel: "web", currency: "EUR", price: "10.00" },
          { sku: "A", channel: "landing_page", currency: "USD", price: "10.00" },
        ],
      },
      rules: ["price/landing-page-mismatch"],
      ruleSettings: { "price/landing-page-mismatch": { tolerance: "0.05" } },
    };
    const warnings: string[] = [];
    const report = await check(config as never, { at: AT, onWarning: (w) => warnings.push(w) });
    // 10.00 USD on the page, 10.00 EUR in the feed: the currencies differ, whatever the tolerance.
    expect(report.findings.map((f) => `${f.rule} ${f.sku}`)).toStrictEqual(["price/landing-page-mismatch A"]);
    expect(warnings).toStrictEqual([]);
    // --explain says why the price comparison was unknown.
    const explained = await check(config as never, { at: AT, explain: true });
    const leaves = (node: Explanation): Explanation[] => (node.kind === "leaf" ? [node] : node.children.flatMap(leaves));
    const price = leaves(explained.findings[0]!.explanation!).find((l) => l.kind === "leaf" && l.fact === "landing_page.effectivePrice");
    expect(price).toMatchObject({ verdict: -1, note: expect.stringContaining("unknown: decided by an amount in the config's currency") });
  });

  it("M30 a per-currency amount is held to its option's sign, not its bounds (amounts in the config's currency); an order between two names the currency's setting", async () => {
    const band = {
      id: "house/band",
      description: "d",
      severity: "warning",
      scope: "offer",
      options: {
        minPrice: { type: "money", default: "1", min: "0", max: "1000", atMost: "maxPrice" },
        maxPrice: { type: "money", default: "100", min: "0", max: "1000" },
      },
      conditions: {
        any: [
          { fact: "price", operator: "lessThan", value: { fact: "options", path: "$.minPrice" } },
          { fact: "price", operator: "greaterThan", value: { fact: "options", path: "$.maxPrice" } },
        ],
      },
      message: "{price}",
    };
    const prices = [
      { sku: "E", channel: "web", currency: "EUR", price: "150.00" },
      { sku: "J1", channel: "web", currency: "JPY", price: "15000" },
      { sku: "J2", channel: "web", currency: "JPY", price: "50" },
    ];
    const run = (jpy: Record<string, string>) =>
      check({ currency: "EUR", feeds: { prices }, rules: [band], ruleSettings: { "house/band": { currencies: { JPY: jpy } } } } as never, {
        at: AT,
      });
    // 15000 JPY is within 100–20000; 50 JPY is below 100; 150 EUR above 100.
    const report = await run({ minPrice: "100", maxPrice: "20000" });
    expect(report.findings.map((f) => f.sku)).toStrictEqual(["E", "J2"]);
    expect(await refused(() => run({ minPrice: "-1", maxPrice: "20000" }))).toContain(
      'ruleSettings["house/band"].currencies.JPY.minPrice:',
    );
    expect(await refused(() => run({ minPrice: "30000", maxPrice: "20000" }))).toContain(
      'ruleSettings["house/band"].currencies.JPY.minPrice:',
    );
  });

  it("M30 an inclusive comparison, which no tolerance widens, still judges an offer in a currency without amounts", async () => {
    const rule = {
      id: "house/web-at-least-store",
      description: "d",
      severity: "warning",
      scope: "pair",
      channels: ["web", "store"],
      options: { tolerance: { type: "money", default: "0.05", min: "0" } },
      conditions: { all: [{ fact: "web.price", operator: "greaterThanInclusive", value: { fact: "store.price" } }] },
      message: "{sku}",
    };
    const warnings: string[] = [];
    const report = await check(
      {
        currency: "EUR",
        feeds: { prices: [...pair("B", "EUR", "3.00", "3.00"), ...pair("J", "JPY", "300", "300")] },
        rules: [rule],
      } as never,
      {
        at: AT,
        onWarning: (w) => warnings.push(w),
      },
    );
    // 3.00 ≥ 3.00 and 300 ≥ 300: the tolerance widens neither.
    expect(report.findings.map((f) => f.sku)).toStrictEqual(["B", "J"]);
    expect(warnings).toStrictEqual([]);
  });

  it("M30 a per-currency amount keeps its option's sign: above 0 where its least is, at least 0 where that is 0, any where it is below 0", async () => {
    const rule = {
      id: "house/gap",
      description: "d",
      severity: "warning",
      scope: "offer",
      options: { minGap: { type: "money", default: "0.01", min: "0.01" }, slack: { type: "money", default: "-2.00", min: "-2.00" } },
      conditions: {
        all: [
          { fact: "price", operator: "lessThan", value: { fact: "options", path: "$.minGap" } },
          { fact: "price", operator: "greaterThan", value: { fact: "options", path: "$.slack" } },
        ],
      },
      message: "{sku}",
    };
    const run = (jpy: Record<string, string>) =>
      check(
        {
          currency: "EUR",
          feeds: { prices: [{ sku: "A", channel: "web", price: "1.00" }] },
          rules: [rule],
          ruleSettings: { "house/gap": { currencies: { JPY: jpy } } },
        } as never,
        { at: AT },
      );
    expect(await refused(() => run({ minGap: "0", slack: "-100" }))).toContain(
      'ruleSettings["house/gap"].currencies.JPY.minGap: "0" is not above 0',
    );
    expect(await refused(() => run({ minGap: "-5", slack: "-100" }))).toContain("currencies.JPY.minGap");
    // -100 yen is below -2.00, a bound in euros: no bound in yen.
    await expect(run({ minGap: "5", slack: "-100" })).resolves.toBeDefined();
  });

  it("M30 refuses currencies it cannot read: no ISO code, the config's own currency, an option that is no amount, an amount left out, a rule of another scope", async () => {
    const at = 'ruleSettings["channel/online-differs-from-store"].currencies';
    expect(await refusal({ tolerance: "0.05", currencies: { yen: { tolerance: "5" } } })).toContain(
      `${at}.yen: "yen" is not an ISO 4217 currency code`,
    );
    expect(await refusal({ tolerance: "0.05", currencies: { EUR: { tolerance: "5" } } })).toContain(
      `${at}.EUR: EUR is the config's currency, whose amounts are the options themselves`,
    );
    expect(await refusal({ tolerance: "0.05", currencies: { JPY: { tolerancePercent: "5" } } })).toContain(
      `${at}.JPY.tolerancePercent: only money options are given per currency (channel/online-differs-from-store: tolerance)`,
    );
    expect(await refusal({ currencies: { JPY: { tolerance: "-5" } } })).toContain(`${at}.JPY.tolerance:`);
    // price-move's two amounts: giving one of them in HUF would leave the other in euros.
    expect(await refusal({ currencies: { HUF: { maxChange: "400000" } } }, ["change/price-move"])).toContain(
      'ruleSettings["change/price-move"].currencies.HUF: gives no minChange (0.01, its default), an amount in EUR: give it in HUF too ("0" for none)',
    );
    expect(await refusal({ currencies: { JPY: { tolerancePercent: "5" } } }, ["ladder/pack-size"])).toContain(
      "money options are given per currency for offer and pair rules",
    );
  });
});

describe("M32 an amount a rule's conditions write is one of the config's currency", () => {
  /** A house offer rule: the price above an amount written in its conditions, and a money option as well when `option` is set. */
  const rule = (value: unknown, option = false) => ({
    id: "house/big",
    description: "d",
    severity: "warning",
    scope: "offer",
    ...(option ? { options: { floor: { type: "money", default: "5" } } } : {}),
    conditions: {
      all: [
        { fact: "price", operator: "greaterThan", value },
        ...(option ? [{ fact: "price", operator: "greaterThan", value: { fact: "options", path: "$.floor" } }] : []),
      ],
    },
    message: "{price}",
  });
  const prices = [
    { sku: "E", channel: "web", currency: "EUR", price: "1200.00" },
    { sku: "J", channel: "web", currency: "JPY", price: "1250" },
    { sku: "K", channel: "web", currency: "KRW", price: "999" },
  ];
  async function house(definition: object, settings: Record<string, unknown> = {}, currency: string | null = "EUR", workers = 1) {
    const warnings: string[] = [];
    const report = await check(
      { ...(currency ? { currency } : {}), feeds: { prices }, rules: [definition], ruleSettings: { "house/big": settings } } as never,
      { at: AT, workers, onWarning: (w) => warnings.push(w) },
    );
    return { skus: report.findings.map((f) => f.sku), warnings };
  }

  it("M32 leaves offers in another currency unjudged where the written amount decides, with a warning naming where it is written", async () => {
    // 1200.00 EUR > 1000 EUR. 1250 yen and 999 won are not amounts in euros: unknown, not above 1000 euros.
    for (const workers of [1, 2]) {
      const { skus, warnings } = await house(rule("1000"), {}, "EUR", workers);
      expect(skus).toStrictEqual(["E"]);
      expect(warnings).toStrictEqual([
        'ruleSettings["house/big"]: the amount 1000 written at $.conditions.all[0].value is an amount in EUR, so where it decides, the rule left unjudged its offers compared in JPY, KRW: declare the written amount as a money option of the rule (read as {"fact": "options", "path": "$.name"}) and give it in those currencies under "currencies"',
      ]);
    }
  });

  it("M32 before: the yen offer was compared with 1000 as if yen were euros", async () => {
    const { skus } = await house(rule(1000));
    // A JSON number is the same amount: J (1250) is not reported.
    expect(skus).not.toContain("J");
  });

  it("M32 zero is zero in every currency, and without a config currency the amount is every currency's, as before", async () => {
    // 1200.00, 1250 and 999 are all above 0; and all above 1000 but 999, read as plain numbers.
    expect(await house(rule("0"))).toStrictEqual({ skus: ["E", "J", "K"], warnings: [] });
    expect(await house(rule("1000"), {}, null)).toStrictEqual({ skus: ["E", "J"], warnings: [] });
  });

  it("M32 an offer in a currency whose money options are given still meets the written amount, unknown there; a list of written amounts too", async () => {
    // JPY gives the option: the option's comparison judges the yen offer, the written 1000 (euros) does not.
    const given = await house(rule("1000", true), { currencies: { JPY: { floor: "100" } } });
    expect(given.skus).toStrictEqual(["E"]);
    expect(given.warnings).toStrictEqual([
      // JPY is given the option: only KRW is told to give it.
      'ruleSettings["house/big"]: floor (5, its default) and the amount 1000 written at $.conditions.all[0].value are amounts in EUR, so where they decide, the rule left unjudged its offers compared in JPY, KRW: give the option in KRW as well, "currencies": {"KRW":{"floor":"…"}}; declare the written amount as a money option of the rule (read as {"fact": "options", "path": "$.name"}) and give it in those currencies under "currencies"',
    ]);
    const listed = { ...rule("0"), conditions: { all: [{ fact: "price", operator: "notIn", value: ["1200.00", "0"] }] } };
    // E is 1200.00, in the list; the others' amounts are not euros: unknown.
    expect(await house(listed)).toMatchObject({ skus: [] });
  });
});

describe("M36 a pair in two currencies: each channel's amounts are its own currency's", () => {
  /** A house pair rule: either channel's price above a cap (a money option), or the store's above an amount written in the conditions. */
  const capRule = (channels: string[], written = false) => ({
    id: "house/cap",
    description: "d",
    severity: "warning",
    scope: "pair",
    channels,
    options: { cap: { type: "money", default: "10.00" } },
    conditions: {
      any: [
        { fact: "store.effectivePrice", operator: "greaterThan", value: written ? "12.00" : { fact: "options", path: "$.cap" } },
        { fact: "web.effectivePrice", operator: "greaterThan", value: { fact: "options", path: "$.cap" } },
      ],
    },
    message: "m",
  });
  async function caps(definition: object, prices: Row[], workers = 1) {
    const warnings: string[] = [];
    const config = {
      currency: "EUR",
      feeds: { prices },
      rules: [definition],
      ruleSettings: { "house/cap": { currencies: { CHF: { cap: "20.00" } } } },
    };
    const report = await check(config as never, { at: AT, workers, onWarning: (w) => warnings.push(w) });
    return { skus: report.findings.map((f) => f.sku), warnings };
  }
  const PRICES: Row[] = [
    // A: web 5.00 EUR (under the EUR cap 10.00), store 15.00 CHF (under the CHF cap 20.00): nothing.
    { sku: "A", channel: "web", currency: "EUR", price: "5.00" },
    { sku: "A", channel: "store", location: "S1", currency: "CHF", price: "15.00" },
    // B: web 15.00 CHF (under 20.00 CHF), store 12.00 EUR (above 10.00 EUR): a finding.
    { sku: "B", channel: "web", currency: "CHF", price: "15.00" },
    { sku: "B", channel: "store", location: "S1", currency: "EUR", price: "12.00" },
    // C: web 21.00 CHF (above 20.00 CHF), store 9.00 EUR (under 10.00 EUR): a finding.
    { sku: "C", channel: "web", currency: "CHF", price: "21.00" },
    { sku: "C", channel: "store", location: "S1", currency: "EUR", price: "9.00" },
  ];

  it("M36 compares each channel's price with the cap in its own currency, in either order of the rule's channels and with threads", async () => {
    // Before: both channels were compared with the first channel's cap: A (15.00 CHF > 10.00) reported, B missed (exit 0).
    for (const channels of [
      ["web", "store"],
      ["store", "web"],
    ]) {
      for (const workers of [1, 2])
        expect(await caps(capRule(channels), PRICES, workers)).toStrictEqual({ skus: ["B", "C"], warnings: [] });
    }
  });

  it("M36 an amount written in the conditions stays the config currency's: unknown for a channel in another, whatever the other channel's", async () => {
    // A: the store's 15.00 CHF against 12.00 written (euros): unknown; the web's 5.00 EUR under 10.00: so unknown, and noted.
    // B: the store's 12.00 EUR is not above 12.00; the web's 15.00 CHF under 20.00 CHF: nothing. C: 21.00 CHF above 20.00 CHF.
    const { skus, warnings } = await caps(capRule(["web", "store"], true), PRICES);
    expect(skus).toStrictEqual(["C"]);
    // CHF is given the cap: the written amount alone was missing there.
    expect(warnings).toStrictEqual([
      'ruleSettings["house/cap"]: the amount 12.00 written at $.conditions.any[0].value is an amount in EUR, so where it decides, the rule left unjudged its offers compared in CHF: declare the written amount as a money option of the rule (read as {"fact": "options", "path": "$.name"}) and give it in that currency under "currencies"',
    ]);
  });
});

describe("M37 each comparison takes the amounts of its own fact's currency", () => {
  /** A house offer rule: the product's cost (in the config's currency) above a cap, an option or an amount written. */
  const costRule = (value: unknown) => ({
    id: "house/costly",
    description: "d",
    severity: "warning",
    scope: "offer",
    options: { maxCost: { type: "money", default: "50" } },
    conditions: { all: [{ fact: "product.cost", operator: "greaterThan", value }] },
    message: "{product.cost} above {options.maxCost}",
  });
  const CAP = { fact: "options", path: "$.maxCost" };
  // Both skus cost 60.00 EUR (the catalogue's cost is in the config's currency); A is priced in EUR, B in JPY.
  const feeds = {
    catalogue: [
      { sku: "A", cost: "60.00" },
      { sku: "B", cost: "60.00" },
    ],
    prices: [
      { sku: "A", channel: "web", currency: "EUR", price: "100.00" },
      { sku: "B", channel: "web", currency: "JPY", price: "15000" },
    ],
  };
  async function costly(definition: object, settings: Record<string, unknown> = {}, workers = 1) {
    const warnings: string[] = [];
    const config = { currency: "EUR", feeds, rules: [definition], ruleSettings: { "house/costly": settings } };
    const report = await check(config as never, { at: AT, workers, onWarning: (w) => warnings.push(w) });
    return { findings: report.findings.map((f) => `${f.sku}: ${f.message}`), warnings };
  }

  it("M37 compares product.cost with the config currency's amount, whatever the offer's currency", async () => {
    for (const workers of [1, 2]) {
      // 60.00 EUR > 50 EUR for both: the JPY price does not matter. Before: B was left unjudged, with a warning.
      expect(await costly(costRule(CAP), {}, workers)).toStrictEqual({
        findings: ["A: 60.00 above 50.00", "B: 60.00 above 50.00"],
        warnings: [],
      });
      // 60.00 EUR > 50 EUR; the JPY amount is for money in yen, and no fact here is. Before: B's 60 was compared with 8000.
      expect(await costly(costRule(CAP), { currencies: { JPY: { maxCost: "8000" } } }, workers)).toStrictEqual({
        findings: ["A: 60.00 above 50.00", "B: 60.00 above 50.00"],
        warnings: [],
      });
      // 60.00 EUR is not above 70 EUR for either. Before: B's 60 above 10 (yen) was reported (exit 0).
      expect(await costly(costRule(CAP), { maxCost: "70", currencies: { JPY: { maxCost: "10" } } }, workers)).toStrictEqual({
        findings: [],
        warnings: [],
      });
    }
  });

  it("M37 an amount written beside product.cost is the config currency's, as the cost is: judged for an offer in any currency", async () => {
    // 60.00 EUR > 50 EUR for both. Before: B was unknown, and the run warned of the amount written.
    expect(await costly(costRule("50"))).toStrictEqual({ findings: ["A: 60.00 above 50.00", "B: 60.00 above 50.00"], warnings: [] });
  });

  it("M37 an offer's own price still takes its currency's amount beside a cost in the config's", async () => {
    const both = {
      ...costRule(CAP),
      options: { maxCost: { type: "money", default: "50" }, maxPrice: { type: "money", default: "90" } },
      conditions: {
        all: [
          { fact: "product.cost", operator: "greaterThan", value: CAP },
          { fact: "price", operator: "greaterThan", value: { fact: "options", path: "$.maxPrice" } },
        ],
      },
    };
    // A: 60.00 > 50 and 100.00 > 90 (EUR). B: 60.00 > 50 EUR, and 15000 > 12000 JPY.
    expect(await costly(both, { currencies: { JPY: { maxCost: "1", maxPrice: "12000" } } })).toMatchObject({
      findings: ["A: 60.00 above 50.00", "B: 60.00 above 50.00"],
    });
    // 15000 is not above 16000 JPY: B's price decides against it, and the cost's cap is still 50 EUR.
    expect(await costly(both, { currencies: { JPY: { maxCost: "1", maxPrice: "16000" } } })).toMatchObject({
      findings: ["A: 60.00 above 50.00"],
    });
    // Without a JPY amount, B's price comparison is unknown (its cost is above 50 EUR), and the run says so for JPY.
    const { findings, warnings } = await costly(both);
    // (Every amount of the rule is named: currencies gives them all for a currency, or none.)
    expect(findings).toStrictEqual(["A: 60.00 above 50.00"]);
    expect(warnings).toStrictEqual([
      'ruleSettings["house/costly"]: maxCost (50, its default) and maxPrice (90, its default) are amounts in EUR, so where they decide, the rule left unjudged its offers compared in JPY: give them in that currency as well, "currencies": {"JPY":{"maxCost":"…","maxPrice":"…"}}',
    ]);
  });

  it("M37 compares previous.price with the amount of the previous offer's currency, not today's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-m37-"));
    const head = "sku,channel,location,currency,price\n";
    mkdirSync(join(dir, "prev"));
    mkdirSync(join(dir, "now"));
    writeFileSync(join(dir, "prev", "p.csv"), `${head}A,web,,EUR,25.00\nB,web,,JPY,900\nC,web,,HUF,5000\n`);
    writeFileSync(join(dir, "now", "p.csv"), `${head}A,web,,JPY,1500\nB,web,,EUR,10.00\nC,web,,EUR,10.00\n`);
    const rule = {
      id: "house/prevcap",
      description: "d",
      severity: "warning",
      scope: "offer",
      options: { cap: { type: "money", default: "5" } },
      conditions: { all: [{ fact: "previous.price", operator: "greaterThan", value: { fact: "options", path: "$.cap" } }] },
      message: "previous {previous.price} {previous.currency} above {options.cap}",
    };
    const settings = { cap: "20", currencies: { JPY: { cap: "1000" } } };
    writeFileSync(
      join(dir, "c.json"),
      JSON.stringify({
        currency: "EUR",
        feeds: [{ kind: "prices", path: "p.csv" }],
        rules: [rule],
        ruleSettings: { "house/prevcap": settings },
      }),
    );
    const warnings: string[] = [];
    const report = await check(await loadConfig(join(dir, "c.json")), {
      at: AT,
      feedsDir: join(dir, "now"),
      previous: { feeds: join(dir, "prev") },
      onWarning: (w) => warnings.push(w),
    });
    // A: 25.00 EUR > 20 EUR (before: compared with 1000, today's JPY cap: missed). B: 900 JPY is not above 1000 JPY
    // (before: above 20, a false finding). C: HUF has no cap: unknown, and the run says so (before: 5000 above 20).
    expect(report.findings.map((f) => `${f.sku}: ${f.message}`)).toStrictEqual(["A: previous 25.00 EUR above 20.00"]);
    expect(warnings).toStrictEqual([
      'ruleSettings["house/prevcap"]: cap (20) is an amount in EUR, so where it decides, the rule left unjudged its offers compared in HUF: give it in that currency as well, "currencies": {"HUF":{"cap":"…"}}',
    ]);
  });
});
