// json-rules-engine on the benchmark's four checks, as a user of it would write them: the rules'
// conditions from rules/ (json-rules-engine syntax), facts built per offer and per pair from the
// generated feed's known layout (grouped by sku, two decimals), amounts as integer cents so that
// no float rounding enters. The 0.01 tolerance of online-differs-from-store needs an operator of
// the user's own: json-rules-engine has none for it. One `engine.run` per offer and per pair, as
// pricelint's evaluator meets them. Far too slow for a whole feed: the benchmark runs it on a
// sample and scales its time.
// Usage: node bench/contenders/jre.mjs sample.csv → one JSON line {wallMs, maxRssKiB, rows, counts}
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Engine } from "json-rules-engine";

const rule = (path) => JSON.parse(readFileSync(new URL(`../../rules/${path}.json`, import.meta.url), "utf8"));
const engineOf = (definition, conditions = definition.conditions) => {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addOperator("differsByMoreThanACent", (a, b) => a !== null && b !== null && Math.abs(a - b) > 1);
  engine.addRule({ name: definition.id, conditions, event: { type: definition.id } });
  return { id: definition.id, engine };
};
const online = rule("channel/online-differs-from-store");
const engines = {
  sale: engineOf(rule("price/sale-not-below-regular")),
  appWeb: engineOf(rule("channel/app-differs-from-web")),
  ccStore: engineOf(rule("channel/click-collect-above-store")),
  // The same condition with the tolerance in the operator.
  webStore: engineOf(online, { all: [{ ...online.conditions.all[0], operator: "differsByMoreThanACent" }] }),
};

const started = performance.now();
const counts = Object.fromEntries(Object.values(engines).map(({ id }) => [id, 0]));
const run = async ({ id, engine }, facts) => {
  const { events } = await engine.run(facts);
  if (events.length > 0) counts[id]++;
};
const cents = (text) => {
  if (text === "") return null;
  const [units, fraction = ""] = text.split(".");
  return Number(units) * 100 + Number(fraction.padEnd(2, "0"));
};

/** One sku's offers: each rule where pricelint's evaluator meets them (default rows stand at every store). */
async function checkSku(offers) {
  const price = (o) => (o ? { effectivePrice: o.sale ?? o.price } : null);
  const web = offers.find((o) => o.channel === "web" && o.location === "");
  const app = offers.find((o) => o.channel === "app" && o.location === "");
  for (const o of offers) await run(engines.sale, { price: o.price, salePrice: o.sale });
  if (web && app) await run(engines.appWeb, { app: price(app), web: price(web) });
  const locations = [...new Set(offers.filter((o) => o.location !== "").map((o) => o.location))];
  for (const location of locations) {
    const at = (channel) =>
      offers.find((o) => o.channel === channel && o.location === location) ??
      offers.find((o) => o.channel === channel && o.location === "");
    const store = at("store");
    const cc = at("click_collect");
    if (store && cc) await run(engines.ccStore, { click_collect: price(cc), store: price(store) });
    if (store && web) await run(engines.webStore, { web: price(web), store: price(store) });
  }
}

let rows = 0;
let sku = null;
let offers = [];
let header = true;
for await (const line of createInterface({ input: createReadStream(process.argv[2]) })) {
  if (header) {
    header = false;
    continue;
  }
  const [s, channel, location, , priceText, saleText] = line.split(",");
  rows++;
  if (s !== sku) {
    if (sku !== null) await checkSku(offers);
    sku = s;
    offers = [];
  }
  offers.push({ channel, location, price: cents(priceText), sale: cents(saleText) });
}
if (sku !== null) await checkSku(offers);
const wallMs = performance.now() - started;
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, rows, counts }));
