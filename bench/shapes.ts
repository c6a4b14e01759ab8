/**
 * Shapes of feed that once made the cost grow faster than the input: each checked at sizes n, 2n
 * and 4n in this process, with the findings it must give (worked out by the shape, not read from
 * a run). Linear cost doubles with each size; the benchmark fails where the largest takes more
 * than GROWTH_LIMIT times the smallest (a quadratic cost takes 16 times; judged where the largest
 * takes a second or more), or a count is wrong.
 *
 * - stores-with-history: one sku at n stores, each on sale above the lowest price of its own
 *   history (the fuel-station shape): omnibus/not-a-reduction at every store.
 * - waivers: n skus priced 0.00, each waived by a waiver of its own: price/non-positive on every
 *   sku, every one waived.
 * - waiver-ends-window: n skus priced 0.00 over a window of n days, each waived until a day of
 *   its own: each violation splits where its waiver ends (waived before, not after), and only
 *   its sku is evaluated again there.
 * - promotions-per-sku: n skus with a web promotion each and one on their whole category: the web
 *   price differs from the app's for every sku (and promo/window-mismatch, which reads each sku's
 *   candidate promotions, finds nothing).
 * - store-list-promotion: one sku at n stores, under one store promotion that lists them all:
 *   online differs from store at every store.
 * - campaign-window: a campaign of n one-day steps over a window, each showing a "was" price
 *   above the lowest of the 30 days before the campaign's first step: one omnibus/prior-price
 *   finding, over the whole campaign.
 * - campaign-in-one-channel: a campaign of n one-day steps in store over a window, the sku sold on
 *   the web too: promo/missing-in-channel on every step (each step's campaign rows are looked at
 *   while it runs, not at every step's start and end).
 * - previous-state: one sku at n stores with a previous folder (written to a temporary folder):
 *   yesterday 1.00 at every store, today 2.00 (a move of 100 %, above 50 %), the web price kept:
 *   change/price-move at every store.
 * - promotion-per-store: one sku at n stores, and n promotions on its category, each at one
 *   store, all still to come at the instant: promo/window-mismatch finds the sale at every store,
 *   in one finding.
 * - scheduled-sale-window: one sku at a store over a window of n days, one scheduled store row a
 *   day, each carrying one sale written from the window's first day to n + 10 days on, the web's
 *   sale ending 5 days sooner: promo/window-mismatch over the whole window, in one finding. Each
 *   day's row asks when its sale runs, over the rows before and after it (the offer's rows are
 *   read once and their sales merged, not read again for every row).
 *
 * Usage: npm run bench:shapes -- [--quick] [--only NAME]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check, type Report } from "../src/index.js";

/** The largest size's time over the smallest's, beyond which the cost is not linear (linear: 4, noise included). */
const GROWTH_LIMIT = 8;
/** The least time of the largest size for its growth to be judged. */
const MIN_SECONDS = 1;

interface Shape {
  readonly name: string;
  /** The sizes checked: n, 2n, 4n. */
  readonly n: number;
  readonly quickN: number;
  /** The config (feeds in memory), the options, and the findings the run must give. */
  readonly build: (n: number) => { readonly config: object; readonly options: Parameters<typeof check>[1]; readonly expected: Expected };
}

interface Expected {
  readonly rule: string;
  readonly findings: number;
  readonly waived?: number;
  /** Each finding's interval, where the run is a window. */
  readonly interval?: readonly [string, string];
}

const AT = { at: new Date("2026-11-20T12:00:00Z") };
const pad = (i: number) => String(i).padStart(7, "0");

/** The first day of the campaigns below. */
const CAMPAIGN_START = Date.UTC(2026, 0, 1);

/** A campaign SALDI of n one-day 10 % steps on sku A from CAMPAIGN_START, each with `fields`. */
function campaignSteps(n: number, fields: Record<string, string>): Record<string, string>[] {
  const day = (k: number) => new Date(CAMPAIGN_START + k * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: n }, (_, k) => ({
    promo_id: `STEP-${k}`,
    type: "percent_off",
    value: "10",
    skus: "A",
    start: day(k),
    end: day(k),
    campaign: "SALDI",
    ...fields,
  }));
}

const SHAPES: readonly Shape[] = [
  {
    name: "stores-with-history",
    n: 16_000,
    quickN: 1_000,
    build: (n) => {
      const prices = [];
      const history = [];
      for (let i = 0; i < n; i++) {
        const location = `S${pad(i)}`;
        prices.push({ sku: "DIESEL", channel: "store", location, price: "1.900", sale_price: "1.850" });
        // 1.800 until 10 November, 1.900 since: the lowest of the 30 days is 1.800, below the sale.
        history.push({ sku: "DIESEL", channel: "store", location, valid_from: "2026-10-01", price: "1.800" });
        history.push({ sku: "DIESEL", channel: "store", location, valid_from: "2026-11-10", price: "1.900" });
      }
      const config = { timezone: "UTC", currency: "EUR", minorUnits: { EUR: 3 }, feeds: { prices, price_history: history } };
      return {
        config: { ...config, rules: ["omnibus/not-a-reduction"] },
        options: AT,
        expected: { rule: "omnibus/not-a-reduction", findings: n },
      };
    },
  },
  {
    name: "waivers",
    n: 20_000,
    quickN: 2_000,
    build: (n) => {
      const skus = Array.from({ length: n }, (_, i) => `K${pad(i)}`);
      const prices = skus.map((sku) => ({ sku, channel: "web", price: "0.00" }));
      const waivers = skus.map((sku) => ({ rule: "price/non-positive", sku, until: "2099-12-31", reason: "placeholder price" }));
      const config = { timezone: "UTC", currency: "EUR", feeds: { prices }, rules: ["price/non-positive"], waivers };
      return { config, options: AT, expected: { rule: "price/non-positive", findings: n, waived: n } };
    },
  },
  {
    name: "waiver-ends-window",
    n: 10_000,
    quickN: 500,
    build: (n) => {
      const skus = Array.from({ length: n }, (_, i) => `K${pad(i)}`);
      const prices = skus.map((sku) => ({ sku, channel: "web", price: "0.00" }));
      const day = (i: number) => new Date(CAMPAIGN_START + i * 86_400_000).toISOString().slice(0, 10);
      // Waived to the end of day i: the violation is two findings, split at the start of day i + 1.
      const waivers = skus.map((sku, i) => ({ rule: "price/non-positive", sku, until: day(i), reason: "placeholder price" }));
      const config = {
        timezone: "UTC",
        currency: "EUR",
        feeds: { prices },
        rules: ["price/non-positive"],
        ruleSettings: { "config/expired-waiver": "off" },
        waivers,
      };
      const window = { from: new Date(CAMPAIGN_START), to: new Date(CAMPAIGN_START + (n + 1) * 86_400_000) };
      return { config, options: { window }, expected: { rule: "price/non-positive", findings: 2 * n, waived: n } };
    },
  },
  {
    name: "promotions-per-sku",
    n: 20_000,
    quickN: 2_000,
    build: (n) => {
      const catalogue = [];
      const prices = [];
      const promotions = [];
      const promotion = { channels: "web", start: "2026-11-01", end: "2026-11-30", type: "percent_off" };
      for (let i = 0; i < n; i++) {
        const sku = `P${pad(i)}`;
        catalogue.push({ sku, category: "pasta" });
        prices.push({ sku, channel: "web", price: "10.00" }, { sku, channel: "app", price: "10.00" });
        promotions.push({ ...promotion, promo_id: `OWN-${sku}`, value: "10", skus: sku });
      }
      promotions.push({ ...promotion, promo_id: "ALL-PASTA", value: "20", categories: "pasta" });
      const config = {
        timezone: "UTC",
        currency: "EUR",
        feeds: { catalogue, prices, promotions },
        // promo/window-mismatch reads each sku's candidate promotions (none has a campaign or a sale price: it finds nothing).
        rules: ["channel/app-differs-from-web", "promo/window-mismatch"],
      };
      return { config, options: AT, expected: { rule: "channel/app-differs-from-web", findings: n } };
    },
  },
  {
    name: "store-list-promotion",
    n: 40_000,
    quickN: 2_000,
    build: (n) => {
      const locations = Array.from({ length: n }, (_, i) => `S${pad(i)}`);
      const prices = [
        { sku: "A", channel: "web", price: "10.00" },
        ...locations.map((location) => ({ sku: "A", channel: "store", location, price: "10.00" })),
      ];
      const promotions = [
        {
          promo_id: "STORES",
          type: "percent_off",
          value: "10",
          channels: "store",
          skus: "A",
          locations: locations.join("|"),
          start: "2026-11-01",
          end: "2026-11-30",
        },
      ];
      const config = { timezone: "UTC", currency: "EUR", feeds: { prices, promotions }, rules: ["channel/online-differs-from-store"] };
      return { config, options: AT, expected: { rule: "channel/online-differs-from-store", findings: n } };
    },
  },
  {
    name: "campaign-window",
    n: 1_000,
    quickN: 100,
    build: (n) => {
      const first = CAMPAIGN_START;
      const promotions = campaignSteps(n, { channels: "web", reference_price: "12.00" });
      const prices = [{ sku: "A", channel: "web", price: "10.00" }];
      // 10.00 for a year before the campaign: the lowest of the 30 days before its first step, below the 12.00 shown.
      const history = [{ sku: "A", channel: "web", valid_from: "2025-01-01", price: "10.00" }];
      const config = {
        timezone: "UTC",
        currency: "EUR",
        feeds: { prices, promotions, price_history: history },
        rules: ["omnibus/prior-price"],
      };
      const window = { from: new Date(first), to: new Date(first + (n + 10) * 86_400_000) };
      const interval = [new Date(first).toISOString(), new Date(first + n * 86_400_000).toISOString()] as const;
      return { config, options: { window }, expected: { rule: "omnibus/prior-price", findings: 1, interval } };
    },
  },
  {
    name: "campaign-in-one-channel",
    n: 2_000,
    quickN: 200,
    build: (n) => {
      // A campaign of n one-day steps in store, the sku sold on the web too: each step misses web
      // while it runs, and no other step of its campaign runs in web then (one finding per step).
      const first = CAMPAIGN_START;
      const promotions = campaignSteps(n, { channels: "store" });
      const prices = [
        { sku: "A", channel: "store", price: "10.00" },
        { sku: "A", channel: "web", price: "10.00" },
      ];
      const config = { timezone: "UTC", currency: "EUR", feeds: { prices, promotions }, rules: ["promo/missing-in-channel"] };
      const window = { from: new Date(first), to: new Date(first + n * 86_400_000) };
      return { config, options: { window }, expected: { rule: "promo/missing-in-channel", findings: n } };
    },
  },
  {
    name: "previous-state",
    n: 40_000,
    quickN: 2_000,
    build: (n) => {
      // The previous state is read from files: today's and yesterday's feeds, each in a folder of a temporary one.
      const folder = mkdtempSync(join(tmpdir(), "pricelint-shapes-"));
      process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
      for (const [day, price] of [
        ["today", "2.00"],
        ["yesterday", "1.00"],
      ] as const) {
        const rows = ["sku,channel,location,price", "FUEL,web,,1.50"];
        for (let i = 0; i < n; i++) rows.push(`FUEL,store,S${pad(i)},${price}`);
        mkdirSync(join(folder, day));
        writeFileSync(join(folder, day, "prices.csv"), `${rows.join("\n")}\n`);
      }
      const config = { timezone: "UTC", currency: "EUR", feeds: [{ kind: "prices", path: "prices.csv" }], rules: ["change/price-move"] };
      return {
        config,
        options: { ...AT, feedsDir: join(folder, "today"), previous: { feeds: join(folder, "yesterday") } },
        expected: { rule: "change/price-move", findings: n },
      };
    },
  },
  {
    name: "scheduled-sale-window",
    n: 8_000,
    quickN: 200,
    build: (n) => {
      const day = (k: number) => new Date(CAMPAIGN_START + k * 86_400_000).toISOString().slice(0, 10);
      const sale = { sale_price: "8.00", sale_start: day(0) };
      const prices: Record<string, string>[] = [{ sku: "A", channel: "web", price: "10.00", ...sale, sale_end: day(n + 5) }];
      for (let i = 0; i < n; i++)
        prices.push({
          sku: "A",
          channel: "store",
          location: "S1",
          price: "10.00",
          ...sale,
          sale_end: day(n + 10),
          valid_from: day(i),
          valid_to: day(i),
        });
      const config = { timezone: "UTC", currency: "EUR", feeds: { prices }, rules: ["promo/window-mismatch"] };
      const window = { from: new Date(CAMPAIGN_START), to: new Date(CAMPAIGN_START + n * 86_400_000) };
      return {
        config,
        options: { window },
        expected: { rule: "promo/window-mismatch", findings: 1, interval: [window.from.toISOString(), window.to.toISOString()] },
      };
    },
  },
  {
    name: "promotion-per-store",
    n: 16_000,
    quickN: 1_000,
    build: (n) => {
      const first = Date.UTC(2027, 0, 1);
      const day = (k: number) => new Date(first + k * 86_400_000).toISOString().slice(0, 10);
      const prices: Record<string, string>[] = [{ sku: "A", channel: "web", price: "10.00" }];
      const promotions: Record<string, string>[] = [];
      for (let i = 0; i < n; i++) {
        prices.push({ sku: "A", channel: "store", location: `S${pad(i)}`, price: "10.00" });
        // A day each, after the instant: each store's own sale to come, against none on the web (a
        // mismatch whose windows have all ended is history; promo/missing-in-channel judges running ones only).
        const at = day(i % 300);
        promotions.push({
          promo_id: `P${i}`,
          type: "percent_off",
          value: "10",
          channels: "store",
          categories: "pasta",
          locations: `S${pad(i)}`,
          start: at,
          end: at,
        });
      }
      const config = {
        timezone: "UTC",
        currency: "EUR",
        feeds: { catalogue: [{ sku: "A", category: "pasta" }], prices, promotions },
        rules: ["promo/window-mismatch", "promo/missing-in-channel"],
      };
      return { config, options: AT, expected: { rule: "promo/window-mismatch", findings: 1 } };
    },
  },
];

/** What is wrong with the report against what the shape must give, or null. */
function wrong(report: Report, expected: Expected): string | null {
  const found = report.findings.filter((f) => f.rule === expected.rule);
  const others = report.findings.filter((f) => f.rule !== expected.rule).map((f) => f.rule);
  if (others.length > 0) return `unexpected findings: ${[...new Set(others)].join(", ")}`;
  if (found.length !== expected.findings) return `${found.length} ${expected.rule} findings, expected ${expected.findings}`;
  const waived = found.filter((f) => f.waived !== null).length;
  if (expected.waived !== undefined && waived !== expected.waived) return `${waived} waived, expected ${expected.waived}`;
  if (expected.interval !== undefined) {
    const bad = found.find((f) => f.interval?.from !== expected.interval![0] || f.interval?.to !== expected.interval![1]);
    if (bad) return `interval ${JSON.stringify(bad.interval)}, expected ${expected.interval.join(" – ")}`;
  }
  return null;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  let failed = false;
  console.log(
    `shape                    ${"n".padStart(8)} ${"2n".padStart(8)} ${"4n".padStart(8)}   growth  (seconds at each size; 4n / n)`,
  );
  for (const shape of SHAPES) {
    if (only !== undefined && !shape.name.startsWith(only)) continue;
    const base = quick ? shape.quickN : shape.n;
    const seconds: number[] = [];
    let problem: string | null = null;
    // Once untimed, a quarter of the smallest size: the code is compiled before the clock runs.
    const warm = shape.build(Math.max(1, base >> 2));
    await check(warm.config as never, warm.options);
    for (const n of [base, 2 * base, 4 * base]) {
      const { config, options, expected } = shape.build(n);
      const started = performance.now();
      const report = await check(config as never, options);
      seconds.push((performance.now() - started) / 1000);
      problem ??= wrong(report, expected);
    }
    const growth = seconds[2]! / seconds[0]!;
    // Below a second, fixed costs and pauses of the collector weigh more than the sizes: counts only.
    const judged = seconds[2]! >= MIN_SECONDS;
    const verdict =
      problem !== null
        ? `FAIL: ${problem}`
        : !judged
          ? "PASS (counts; too quick to judge growth)"
          : growth > GROWTH_LIMIT
            ? `FAIL: grows faster than the input (limit ${GROWTH_LIMIT})`
            : "PASS";
    failed ||= verdict.startsWith("FAIL");
    const cells = seconds.map((s) => s.toFixed(2).padStart(8)).join(" ");
    console.log(`${shape.name.padEnd(24)} ${cells}   ${growth.toFixed(1).padStart(6)}  ${verdict}  (n = ${base.toLocaleString("en")})`);
  }
  if (failed) process.exitCode = 1;
}

await main();
