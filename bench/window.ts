/**
 * Windows over time (`check --from/--to`), evaluated incrementally: each scenario in a child
 * process of its own, printing the instants where something changes, the changes, the wall time
 * and the peak RSS; and, on a slice small enough to run both, the findings of the incremental
 * window against those of checking every instant whole (`windowByInstant`), which must be equal.
 *
 * - ts-go: the real Trieste/Gorizia fuel price changes (../shared/realdata/it_mimit/, 87
 *   stations, 32,105 changes, 12 March – 21 August 2026) as a price history, each row the price
 *   in force from the instant the station communicated it (dtComu), with the house rule
 *   self-service above attended per station; --quick: the committed excerpt of six stations.
 * - ten-years-promotions: 100 skus in store and web, one one-day web promotion a day for ten years
 *   (3,653), each making web differ from store for its sku that day.
 * - ten-years-history: the same 100 skus with a web price history of one row a day for ten years
 *   (365,300 rows), as the price in force; the price changes every day, and differs from the
 *   store's on odd days. --quick: 20 skus.
 *
 * Usage: npm run bench:window -- [--quick] [--runs N] [--only NAME]  (NAME: a scenario's name or its start)
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { check, loadConfig, type Report } from "../src/index.js";
import { channelRegistry } from "../src/config/channels.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";
import { InstantCache } from "../src/time/instant.js";
import { changeEvents } from "../src/window/change-events.js";

const ROOT = resolve(import.meta.dirname, "..");
const EVENTS = resolve(ROOT, "../shared/realdata/it_mimit/it_mimit_TS_GO_price_events.csv");
const EXCERPT = join(ROOT, "fixtures/it-mimit/TS_GO_price_events_excerpt.csv");
const HOUSE_RULE = join(ROOT, "fixtures/it-mimit/self-above-attended.json");

interface Scenario {
  readonly name: string;
  /** Writes the feeds and config into `dir`; returns the config's path. */
  readonly build: (dir: string) => string;
  readonly from: string;
  readonly to: string;
  /** A slice checked both ways. */
  readonly slice: { readonly from: string; readonly to: string };
}

/** The MIMIT events read as they are, through the config: each price in force from its dtComu (dd/MM/yyyy HH:mm:ss, Italian time). */
function mimit(source: string): (dir: string) => string {
  return (dir) =>
    writeConfig(dir, {
      timezone: "Europe/Rome",
      currency: "EUR",
      minorUnits: { EUR: 3 },
      channels: { self: { located: true }, attended: { located: true } },
      feeds: [
        {
          kind: "price_history",
          path: source,
          dateFormat: "dd/MM/yyyy HH:mm:ss",
          columns: { sku: "descCarburante", location: "idImpianto", channel: "isSelf", price: "prezzo", valid_from: "dtComu" },
          values: { channel: { "1": "self", "0": "attended" } },
          ignoreColumns: ["first_seen_extraction"],
        },
      ],
      rules: ["price/non-positive", "price/conflicting-duplicate", HOUSE_RULE],
    });
}

/** Writes the config into `dir`; its path. */
function writeConfig(dir: string, config: Record<string, unknown>): string {
  writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify(config));
  return join(dir, "pricelint.config.json");
}

/** The generated scenarios' config: store and web prices and one feed of changes, web against store. */
function storeAndWeb(dir: string, changes: { kind: string; path: string }): string {
  return writeConfig(dir, {
    timezone: "UTC",
    currency: "EUR",
    feeds: [{ kind: "prices", path: "prices.csv" }, changes],
    rules: ["channel/online-differs-from-store"],
  });
}

const SKUS = 100;
const DAYS = 3653;
const START = Date.UTC(2020, 0, 1);
const dayOf = (d: number) => new Date(START + d * 86_400_000).toISOString().slice(0, 10);
const sku = (k: number) => `S${String(k).padStart(3, "0")}`;

/** 100 skus at 2.00 in store and web; promotion d takes 10% off sku d mod 100 on the web on day d. */
function tenYearsPromotions(dir: string): string {
  const prices = ["sku,channel,price"];
  for (let k = 0; k < SKUS; k++) prices.push(`${sku(k)},store,2.00`, `${sku(k)},web,2.00`);
  const promotions = ["promo_id,type,value,channels,skus,start,end"];
  for (let d = 0; d < DAYS; d++) promotions.push(`P${d},percent_off,10,web,${sku(d % SKUS)},${dayOf(d)},${dayOf(d)}`);
  writeFileSync(join(dir, "prices.csv"), `${prices.join("\n")}\n`);
  writeFileSync(join(dir, "promotions.csv"), `${promotions.join("\n")}\n`);
  return storeAndWeb(dir, { kind: "promotions", path: "promotions.csv" });
}

/** `skus` skus at 2.00 in store; on the web, a history row a day: 2.00 on even days, 2.10 on odd ones. */
function tenYearsHistory(dir: string, skus: number): string {
  const prices = ["sku,channel,price"];
  for (let k = 0; k < skus; k++) prices.push(`${sku(k)},store,2.00`);
  const history = ["sku,channel,valid_from,price"];
  for (let k = 0; k < skus; k++) for (let d = 0; d < DAYS; d++) history.push(`${sku(k)},web,${dayOf(d)},${d % 2 === 0 ? "2.00" : "2.10"}`);
  writeFileSync(join(dir, "prices.csv"), `${prices.join("\n")}\n`);
  writeFileSync(join(dir, "history.csv"), `${history.join("\n")}\n`);
  return storeAndWeb(dir, { kind: "price_history", path: "history.csv" });
}

function scenarios(quick: boolean): Scenario[] {
  const real = !quick && existsSync(EVENTS);
  return [
    {
      name: real ? "ts-go (78 stations with changes)" : "ts-go excerpt (6 stations)",
      build: mimit(real ? EVENTS : EXCERPT),
      from: "2026-03-12T00:00:00+01:00",
      to: "2026-08-22T00:00:00+02:00",
      slice: real
        ? { from: "2026-06-10T00:00:00+02:00", to: "2026-06-17T00:00:00+02:00" }
        : { from: "2026-06-01T00:00:00+02:00", to: "2026-07-01T00:00:00+02:00" },
    },
    {
      name: "ten-years-promotions",
      build: tenYearsPromotions,
      from: "2020-01-01T00:00:00Z",
      to: "2030-01-01T00:00:00Z",
      slice: { from: "2024-03-01T00:00:00Z", to: "2024-04-01T00:00:00Z" },
    },
    {
      name: quick ? "ten-years-history (20 skus)" : "ten-years-history",
      build: (dir) => tenYearsHistory(dir, quick ? 20 : SKUS),
      from: "2020-01-01T00:00:00Z",
      to: "2030-01-01T00:00:00Z",
      slice: { from: "2024-03-01T00:00:00Z", to: "2024-03-15T00:00:00Z" },
    },
  ];
}

/** What a child prints: one scenario, whole (incremental) or on its slice both ways. */
interface Measured {
  readonly instants: number;
  readonly changes: number;
  readonly rows: number;
  readonly findings: number;
  readonly wallMs: number;
  readonly maxRssMiB: number;
  /** On the slice: the instant-by-instant path's time, and whether the findings are equal. */
  readonly byInstantMs?: number;
  readonly equal?: boolean;
}

async function counts(configPath: string, from: Date, to: Date): Promise<{ instants: number; changes: number }> {
  const { config, baseDir } = await loadConfig(configPath);
  const { dataset } = await loadDataset(config, baseDir, { channels: new Set(channelRegistry(config.channels).keys()) });
  const zones = [...new Set([config.timezone, ...[...dataset.locations.values()].flatMap((l) => (l.timezone ? [l.timezone] : []))])];
  const events = changeEvents(dataset, zones, [], from.getTime(), to.getTime(), new InstantCache(), false);
  return { instants: events.instants.length, changes: events.changes.reduce((n, c) => n + c.length, 0) };
}

async function child(scenario: Scenario, slice: boolean): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-window-"));
  const configPath = scenario.build(dir);
  const config = await loadConfig(configPath);
  const from = new Date(slice ? scenario.slice.from : scenario.from);
  const to = new Date(slice ? scenario.slice.to : scenario.to);
  const started = performance.now();
  const report = await check(config, { window: { from, to } });
  const wallMs = performance.now() - started;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  let extra = {};
  if (slice) {
    const before = performance.now();
    const reference = await check(config, { window: { from, to }, windowByInstant: true });
    extra = { byInstantMs: performance.now() - before, equal: same(report, reference) };
  }
  return {
    ...(await counts(configPath, from, to)),
    rows: report.summary.rows.read,
    findings: report.findings.length,
    wallMs,
    maxRssMiB,
    ...extra,
  };
}

function same(a: Report, b: Report): boolean {
  return JSON.stringify(a.findings) === JSON.stringify(b.findings) && a.findings.length > 0;
}

function runChild(name: string, slice: boolean, quick: boolean): Promise<Measured> {
  return new Promise((done, fail) => {
    const args = [...process.execArgv, import.meta.filename, "--child", name, ...(slice ? ["--slice"] : []), ...(quick ? ["--quick"] : [])];
    const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    proc.on("error", fail);
    proc.on("close", (code) => (code === 0 ? done(JSON.parse(out) as Measured) : fail(new Error(`${name}: exit ${code}`))));
  });
}

const flags = process.argv.slice(2);
const quick = flags.includes("--quick");
const childAt = flags.indexOf("--child");
if (childAt >= 0) {
  const scenario = scenarios(quick).find((s) => s.name === flags[childAt + 1])!;
  process.stdout.write(JSON.stringify(await child(scenario, flags.includes("--slice"))));
} else {
  const runsAt = flags.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(flags[runsAt + 1]) : 1;
  let failed = false;
  const fmt = (n: number) => n.toLocaleString("en-US");
  console.log(`Windows, incremental${quick ? " (--quick)" : ""}: Node ${process.version}`);
  const onlyAt = flags.indexOf("--only");
  const only = onlyAt >= 0 ? flags[onlyAt + 1] : undefined;
  for (const scenario of scenarios(quick).filter((s) => only === undefined || s.name.startsWith(only))) {
    for (let run = 1; run <= runs; run++) {
      const whole = await runChild(scenario.name, false, quick);
      console.log(
        `${scenario.name}${runs > 1 ? ` run ${run}` : ""}: ${scenario.from} – ${scenario.to}: ${fmt(whole.rows)} rows, ${fmt(whole.instants)} instants, ${fmt(whole.changes)} changes, ${fmt(whole.findings)} findings, ${(whole.wallMs / 1000).toFixed(2)} s, peak RSS ${whole.maxRssMiB.toFixed(0)} MiB`,
      );
    }
    const slice = await runChild(scenario.name, true, quick);
    console.log(
      `  slice ${scenario.slice.from} – ${scenario.slice.to}: ${fmt(slice.instants)} instants, ${fmt(slice.findings)} findings: incremental ${(slice.wallMs / 1000).toFixed(2)} s, every instant ${(slice.byInstantMs! / 1000).toFixed(2)} s (${(slice.byInstantMs! / slice.wallMs).toFixed(1)}×): ${slice.equal ? "the same findings" : "FINDINGS DIFFER"}`,
    );
    if (!slice.equal) failed = true;
  }
  if (failed) {
    console.error("bench:window: the incremental window's findings differ from checking every instant");
    process.exit(1);
  }
}
