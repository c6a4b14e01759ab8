/**
 * Deterministic generator of a long-format prices feed for the `check` benchmark, with its
 * ground truth computed here, in integer cents, independently of pricelint.
 *
 * Feed: `sku,channel,location,currency,price,sale_price`. Per sku: one `web` and one `app` row
 * (no location), then for each location S001… one `store` and one `click_collect` row.
 * Every amount is written from integer cents (`cents()`), never through float formatting.
 *
 * Planted at known rates (see RATES): click_collect above the store price at the same location,
 * store prices that differ from the web price (a third of them by exactly 0.01, which the
 * configured tolerance of 0.01 must NOT count), app prices that differ from web (half by 0.01,
 * which counts: that rule keeps its tolerance of 0), and sale prices at or above the price.
 * Sale prices have no window, so the effective price of a row is its sale price when set.
 *
 * Usage: npx tsx bench/generate.ts [--skus N] [--stores N] [--seed N] [--out DIR]
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const RULE_IDS = [
  "channel/app-differs-from-web",
  "channel/click-collect-above-store",
  "channel/online-differs-from-store",
  "price/sale-not-below-regular",
] as const;
export type BenchRuleId = (typeof RULE_IDS)[number];

/** Tolerance of `channel/online-differs-from-store`, in cents (the config says "0.01"). */
const ONLINE_TOLERANCE_CENTS = 1;

/** Rates of the planted cases (per sku, per location or per row, as named). */
export const RATES = {
  /** per row: a sale price below the price. */
  saleBelow: 0.04,
  /** per row: a sale price at or above the price (half of them exactly equal). */
  saleNotBelow: 0.01,
  /** per sku: the app price differs from the web price (half of them by exactly 0.01). */
  appDiffers: 0.05,
  /** per location: the store price differs from the web price (a third of them by exactly 0.01). */
  storeDiffers: 0.12,
  /** per location: click_collect above the store price (a third of them by exactly 0.01). */
  ccAbove: 0.03,
  /** per location: click_collect below the store price (must not count). */
  ccBelow: 0.03,
} as const;

export interface GenerateOptions {
  readonly skus: number;
  readonly stores: number;
  readonly seed: number;
  readonly out: string;
}

export interface GroundTruth {
  readonly generator: { readonly skus: number; readonly stores: number; readonly seed: number; readonly rates: typeof RATES };
  readonly rows: number;
  readonly bytes: number;
  /** Expected findings per rule id (feed/invalid-row: none, every row is valid). */
  readonly counts: Readonly<Record<BenchRuleId | "feed/invalid-row", number>>;
  /** Boundary cases the feed holds, for confidence that they are exercised (not findings). */
  readonly boundaries: {
    /** (sku, location) where web and store effective prices differ by exactly 0.01: not a finding. */
    readonly webStoreOneCent: number;
    /** skus where app and web effective prices differ by exactly 0.01: a finding. */
    readonly appWebOneCent: number;
    /** (sku, location) where click_collect is exactly 0.01 above store: a finding. */
    readonly ccStoreOneCentAbove: number;
    /** (sku, location) where click_collect equals store: not a finding. */
    readonly ccStoreEqual: number;
    /** rows whose sale price equals the price: a finding. */
    readonly saleEqualsPrice: number;
  };
  readonly files: { readonly feed: string; readonly config: string };
}

/** mulberry32: a small, fast, seeded 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer cents as an exact decimal string with two decimals: 1234 → "12.34". */
export function cents(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer amount of cents: ${value}`);
  const units = Math.floor(value / 100);
  const rest = value - units * 100;
  return `${units}.${rest < 10 ? "0" : ""}${rest}`;
}

interface Row {
  price: number;
  /** -1: no sale price. */
  sale: number;
}

const effective = (r: Row): number => (r.sale >= 0 ? r.sale : r.price);

/** Generates the feed, config and ground truth into `options.out`; returns the ground truth. */
export function generate(options: GenerateOptions): GroundTruth {
  const { skus, stores, seed } = options;
  if (!Number.isSafeInteger(skus) || skus < 1 || skus > 99_999_999) throw new RangeError("--skus must be 1…99999999");
  if (!Number.isSafeInteger(stores) || stores < 1 || stores > 99_999) throw new RangeError("--stores must be 1…99999");
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const feedName = "prices.csv";
  const configName = "pricelint.config.json";

  const rand = mulberry32(seed);
  /** Integer in [lo, hi]. */
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const sign = () => (rand() < 0.5 ? -1 : 1);

  const skuWidth = Math.max(7, String(skus).length);
  const locWidth = Math.max(3, String(stores).length);
  const locations = Array.from({ length: stores }, (_, i) => `S${String(i + 1).padStart(locWidth, "0")}`);

  const counts = {
    "channel/app-differs-from-web": 0,
    "channel/click-collect-above-store": 0,
    "channel/online-differs-from-store": 0,
    "feed/invalid-row": 0,
    "price/sale-not-below-regular": 0,
  };
  const boundaries = { webStoreOneCent: 0, appWebOneCent: 0, ccStoreOneCentAbove: 0, ccStoreEqual: 0, saleEqualsPrice: 0 };

  /** Maybe adds a sale price to a row (the only place sale prices come from). */
  const withSale = (price: number): Row => {
    const r = rand();
    if (r < RATES.saleBelow) return { price, sale: price - int(1, Math.floor(price / 3)) };
    if (r < RATES.saleBelow + RATES.saleNotBelow) {
      const sale = rand() < 0.5 ? price : price + int(1, 500);
      return { price, sale };
    }
    return { price, sale: -1 };
  };

  const path = join(out, feedName);
  const fd = openSync(path, "w");
  let buffer = "sku,channel,location,currency,price,sale_price\n";
  let rows = 0;
  let bytes = 0;
  const flush = () => {
    const b = Buffer.from(buffer, "utf8");
    writeSync(fd, b);
    bytes += b.length;
    buffer = "";
  };
  const emit = (sku: string, channel: string, location: string, row: Row) => {
    rows++;
    if (row.sale >= 0) {
      if (row.sale >= row.price) counts["price/sale-not-below-regular"]++;
      if (row.sale === row.price) boundaries.saleEqualsPrice++;
    }
    buffer += `${sku},${channel},${location},EUR,${cents(row.price)},${row.sale >= 0 ? cents(row.sale) : ""}\n`;
    if (buffer.length >= 1 << 20) flush();
  };

  try {
    for (let s = 0; s < skus; s++) {
      const sku = `SKU${String(s + 1).padStart(skuWidth, "0")}`;
      // Base prices from 10.00 to 999.99: room for every planted difference to stay positive.
      const base = int(1_000, 99_999);
      const web = withSale(base);
      const webEff = effective(web);
      let app: Row;
      if (rand() < RATES.appDiffers) app = { price: webEff + sign() * (rand() < 0.5 ? 1 : int(2, 500)), sale: -1 };
      else app = withSale(base);
      const appEff = effective(app);
      if (appEff !== webEff) counts["channel/app-differs-from-web"]++;
      if (Math.abs(appEff - webEff) === 1) boundaries.appWebOneCent++;
      emit(sku, "web", "", web);
      emit(sku, "app", "", app);

      for (const location of locations) {
        let storePrice = base;
        if (rand() < RATES.storeDiffers) storePrice = base + sign() * (rand() < 1 / 3 ? 1 : int(2, 500));
        const store = withSale(storePrice);
        const storeEff = effective(store);
        const r = rand();
        let cc: Row;
        if (r < RATES.ccAbove) cc = { price: storeEff + (rand() < 1 / 3 ? 1 : int(2, 300)), sale: -1 };
        else if (r < RATES.ccAbove + RATES.ccBelow) cc = { price: storeEff - int(1, 300), sale: -1 };
        else cc = withSale(storePrice);
        const ccEff = effective(cc);

        const webDiff = Math.abs(webEff - storeEff);
        if (webDiff > ONLINE_TOLERANCE_CENTS) counts["channel/online-differs-from-store"]++;
        if (webDiff === 1) boundaries.webStoreOneCent++;
        if (ccEff > storeEff) counts["channel/click-collect-above-store"]++;
        if (ccEff === storeEff + 1) boundaries.ccStoreOneCentAbove++;
        if (ccEff === storeEff) boundaries.ccStoreEqual++;

        emit(sku, "store", location, store);
        emit(sku, "click_collect", location, cc);
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }

  const config = {
    timezone: "UTC",
    currency: "EUR",
    feeds: [{ kind: "prices", path: feedName }],
    rules: [...RULE_IDS],
    ruleSettings: { "channel/online-differs-from-store": { tolerance: "0.01" } },
  };
  writeFileSync(join(out, configName), JSON.stringify(config, null, 2) + "\n");

  const truth: GroundTruth = {
    generator: { skus, stores, seed, rates: RATES },
    rows,
    bytes,
    counts,
    boundaries,
    files: { feed: feedName, config: configName },
  };
  writeFileSync(join(out, "ground-truth.json"), JSON.stringify(truth, null, 2) + "\n");
  return truth;
}

/** Parses `--name value` flags; unknown flags are an error. */
export function parseFlags(argv: readonly string[], known: Readonly<Record<string, "value" | "boolean">>): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") ? (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) : "";
    const kind = known[name];
    if (kind === undefined)
      throw new Error(
        `unknown argument ${JSON.stringify(arg)}; known: ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(", ")}`,
      );
    if (kind === "boolean") {
      flags.set(name, "true");
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

export function intFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const text = flags.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { skus: "value", stores: "value", seed: "value", out: "value" });
  const options: GenerateOptions = {
    skus: intFlag(flags, "skus", 2_000),
    stores: intFlag(flags, "stores", 5),
    seed: intFlag(flags, "seed", 1),
    out: flags.get("out") ?? "bench/out/feed",
  };
  const started = performance.now();
  const truth = generate(options);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${truth.rows.toLocaleString("en-US")} rows (${(truth.bytes / 2 ** 20).toFixed(1)} MiB) to ${resolve(options.out)} in ${seconds.toFixed(1)} s`,
  );
  console.log(JSON.stringify({ counts: truth.counts, boundaries: truth.boundaries }, null, 2));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
