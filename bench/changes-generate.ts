/**
 * The next night of a generated prices feed (bench/generate.ts's `prices.csv`), with planted
 * changes at known rates, and the change rules' expected findings computed here, in integer
 * cents, independently of pricelint.
 *
 * Scenarios:
 * - `quiet`: what a nightly feed looks like. Per row: a small repricing (up to ±10 %), a decimal
 *   shift (×10 or ÷10), a sale starting or ending (not a move); per sku: the web price repriced
 *   alone (+5 %, the app and store channels keep theirs), the sku removed, its app channel
 *   removed, one store's row removed, a new sku added after it.
 * - `bad`: every regular price moved, by 1 cent up to 70 % either way (a category repriced, a
 *   currency change): millions of findings.
 *
 * The expected counts follow docs/changes.md, per offer evaluated (each channel-wide row, and
 * each row of a location's own): `change/offer-added` when no row of its channel stood at its
 * location; `change/price-move` when the regular price moved by more than 0.01 and by more than
 * 50 % up or down, or by more than 1000; `change/repriced-alone` when it kept its price while
 * another of the sku's channels standing at its location (its own row there, else its
 * channel-wide row), at the same previous price, moved; per sku, `change/removed-while-listed`
 * when it lost a whole channel and is still priced in another (the feed has no catalogue).
 */
import { closeSync, copyFileSync, createReadStream, mkdirSync, openSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { cents, mulberry32 } from "./generate.js";

export const CHANGE_RULE_IDS = ["change/offer-added", "change/price-move", "change/removed-while-listed", "change/repriced-alone"] as const;
export type ChangeRuleId = (typeof CHANGE_RULE_IDS)[number];

/** Rates of the quiet night's planted changes (per row or per sku, as named). */
export const QUIET_RATES = {
  /** per row: the regular price moved by 1 cent up to 10 % (a move only if that is over 50 %: never). */
  reprice: 0.005,
  /** per row: the regular price multiplied by 10 or divided by 10 (rounded down to the cent). */
  decimalShift: 0.0002,
  /** per row: a sale price starts (or ends, when the row had one); the regular price stays. */
  saleToggle: 0.003,
  /** per sku: the web price rises by 5 % while every other channel keeps its price. */
  webAlone: 0.002,
  /** per sku: every row of the sku removed. */
  skuRemoved: 0.0005,
  /** per sku: its app row removed (the sku is still priced elsewhere). */
  appRemoved: 0.0005,
  /** per sku: its store row at one location removed (not reported: only whole channels are). */
  storeRowRemoved: 0.0005,
  /** per sku: a new sku added after it, in every channel. */
  skuAdded: 0.0005,
} as const;

export type Scenario = "quiet" | "bad";

export interface NightTruth {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly rows: number;
  readonly previousRows: number;
  readonly counts: Readonly<Record<ChangeRuleId, number>>;
  /** What was planted, for the record (not findings). */
  readonly planted: Readonly<Record<string, number>>;
}

interface Row {
  readonly channel: string;
  readonly location: string;
  currency: string;
  price: number;
  /** -1: no sale price. */
  sale: number;
}

const key = (channel: string, location: string) => `${channel}\t${location}`;

/** Integer cents of an amount written with two decimals ("12.34" → 1234). */
export function parseCents(text: string): number {
  const dot = text.indexOf(".");
  if (dot < 1 || text.length - dot !== 3) throw new Error(`not an amount with two decimals: ${JSON.stringify(text)}`);
  const value = Number(text.slice(0, dot)) * 100 + Number(text.slice(dot + 1));
  if (!Number.isSafeInteger(value)) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  return value;
}

/** The row of `channel` standing at `location` ("" : the channel-wide row): its own there, else its channel-wide row. */
function standing(rows: ReadonlyMap<string, Row>, channel: string, location: string): Row | undefined {
  return rows.get(key(channel, location)) ?? (location === "" ? undefined : rows.get(key(channel, "")));
}

/** Adds one sku's expected change findings, from its rows yesterday and today, to `counts`. */
export function expectSku(before: ReadonlyMap<string, Row>, after: ReadonlyMap<string, Row>, counts: Record<ChangeRuleId, number>): void {
  const channelsBefore = new Set([...before.values()].map((r) => r.channel));
  const channelsAfter = new Set([...after.values()].map((r) => r.channel));
  if (channelsAfter.size > 0 && [...channelsBefore].some((c) => !channelsAfter.has(c))) counts["change/removed-while-listed"]++;
  for (const offer of after.values()) {
    const then = standing(before, offer.channel, offer.location);
    if (then === undefined) {
      counts["change/offer-added"]++;
      continue;
    }
    if (then.currency !== offer.currency) continue;
    const p = then.price;
    const q = offer.price;
    if (q !== p) {
      const size = Math.abs(q - p);
      // More than 0.01; more than 50 % of the previous price up or down; or more than 1000.
      if (size > 1 && (2 * (q - p) > p || 2 * (p - q) > p || size > 100_000)) counts["change/price-move"]++;
      continue;
    }
    for (const channel of channelsAfter) {
      if (channel === offer.channel) continue;
      const now = standing(after, channel, offer.location);
      const was = standing(before, channel, offer.location);
      if (now === undefined || was === undefined || now.currency !== was.currency || was.currency !== offer.currency) continue;
      if (now.price !== was.price && was.price === p) {
        counts["change/repriced-alone"]++;
        break;
      }
    }
  }
}

/**
 * Writes the night after `previousDir`'s feed into `out` (`prices.csv`, and the same config),
 * with `scenario`'s changes; returns the expected findings.
 */
export async function nextNight(previousDir: string, out: string, scenario: Scenario, seed: number): Promise<NightTruth> {
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(previousDir, "pricelint.config.json"), join(dir, "pricelint.config.json"));
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const counts: Record<ChangeRuleId, number> = {
    "change/offer-added": 0,
    "change/price-move": 0,
    "change/removed-while-listed": 0,
    "change/repriced-alone": 0,
  };
  const planted: Record<string, number> = {};
  const plant = (what: string) => (planted[what] = (planted[what] ?? 0) + 1);

  const fd = openSync(join(dir, "prices.csv"), "w");
  let buffer = "";
  let rows = 0;
  let previousRows = 0;
  const emit = (sku: string, r: Row) => {
    rows++;
    buffer += `${sku},${r.channel},${r.location},${r.currency},${cents(r.price)},${r.sale >= 0 ? cents(r.sale) : ""}\n`;
    if (buffer.length >= 1 << 20) {
      writeSync(fd, buffer);
      buffer = "";
    }
  };

  let added = 0;
  const addSku = (like: ReadonlyMap<string, Row>) => {
    const sku = `NEW${String(++added).padStart(8, "0")}`;
    const after = new Map<string, Row>();
    const base = int(1_000, 99_999);
    for (const r of like.values()) after.set(key(r.channel, r.location), { ...r, price: base, sale: -1 });
    expectSku(new Map(), after, counts);
    for (const r of after.values()) emit(sku, r);
    plant("skuAdded");
  };

  const finishSku = (sku: string, before: Map<string, Row>) => {
    const after = new Map<string, Row>();
    for (const [k, r] of before) after.set(k, { ...r });
    if (scenario === "bad") {
      for (const r of after.values()) {
        const sign = rand() < 0.5 ? -1 : 1;
        r.price = Math.max(1, r.price + sign * int(1, Math.floor((r.price * 7) / 10)));
      }
    } else {
      const roll = rand();
      let edge = 0;
      if (roll < (edge += QUIET_RATES.skuRemoved)) {
        after.clear();
        plant("skuRemoved");
      } else if (roll < (edge += QUIET_RATES.appRemoved)) {
        for (const [k, r] of after) if (r.channel === "app") after.delete(k);
        plant("appRemoved");
      } else if (roll < (edge += QUIET_RATES.storeRowRemoved)) {
        const stores = [...after.entries()].filter(([, r]) => r.channel === "store");
        if (stores.length > 0) after.delete(stores[int(0, stores.length - 1)]![0]);
        plant("storeRowRemoved");
      } else if (roll < (edge += QUIET_RATES.webAlone)) {
        const web = after.get(key("web", ""));
        if (web) web.price += Math.max(1, Math.floor((web.price * 5) / 100));
        plant("webAlone");
      } else {
        for (const r of after.values()) {
          const x = rand();
          let e = 0;
          if (x < (e += QUIET_RATES.reprice)) {
            const sign = rand() < 0.5 ? -1 : 1;
            r.price = Math.max(1, r.price + sign * int(1, Math.max(1, Math.floor(r.price / 10))));
            plant("reprice");
          } else if (x < (e += QUIET_RATES.decimalShift)) {
            r.price = rand() < 0.5 ? r.price * 10 : Math.max(1, Math.floor(r.price / 10));
            plant("decimalShift");
          } else if (x < (e += QUIET_RATES.saleToggle)) {
            r.sale = r.sale >= 0 ? -1 : r.price - int(1, Math.max(1, Math.floor(r.price / 3)));
            plant("saleToggle");
          }
        }
      }
    }
    expectSku(before, after, counts);
    for (const r of after.values()) emit(sku, r);
    if (scenario === "quiet" && rand() < QUIET_RATES.skuAdded) addSku(before);
  };

  try {
    const lines = createInterface({ input: createReadStream(join(previousDir, "prices.csv"), "utf8"), crlfDelay: Infinity });
    let header: string | null = null;
    let sku: string | null = null;
    let before = new Map<string, Row>();
    for await (const line of lines) {
      if (header === null) {
        header = line;
        buffer += `${line}\n`;
        continue;
      }
      if (line === "") continue;
      previousRows++;
      const [s, channel, location, currency, price, sale] = line.split(",") as [string, string, string, string, string, string];
      if (s !== sku) {
        if (sku !== null) finishSku(sku, before);
        sku = s;
        before = new Map();
      }
      before.set(key(channel, location), {
        channel,
        location,
        currency,
        price: parseCents(price),
        sale: sale === "" ? -1 : parseCents(sale),
      });
    }
    if (sku !== null) finishSku(sku, before);
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return { scenario, seed, rows, previousRows, counts, planted };
}
