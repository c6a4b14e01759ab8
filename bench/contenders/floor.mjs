// The floor: a hand-written, single-purpose loop for the benchmark's four checks, in integer
// cents, on the generated feed's known layout (one file, grouped by sku, two decimals). Not
// general, not configurable: what a tuned script for exactly this job costs.
// Usage: node bench/contenders/floor.mjs prices.csv  → one JSON line {wallMs, maxRssKiB, counts}
import { createReadStream } from "node:fs";

const started = performance.now();
const counts = {
  "channel/app-differs-from-web": 0,
  "channel/click-collect-above-store": 0,
  "channel/online-differs-from-store": 0,
  "price/sale-not-below-regular": 0,
};
const cents = (s) => {
  if (s === "") return null;
  const dot = s.indexOf(".");
  return dot < 0 ? Number(s) * 100 : Number(s.slice(0, dot)) * 100 + Number(s.slice(dot + 1).padEnd(2, "0"));
};
let sku = null;
let web = null;
let app = null;
const store = new Map();
const cc = new Map();
const flush = () => {
  if (app !== null && web !== null && app !== web) counts["channel/app-differs-from-web"]++;
  for (const [location, s] of store) {
    if (web !== null && Math.abs(web - s) > 1) counts["channel/online-differs-from-store"]++;
    const c = cc.get(location);
    if (c !== undefined && c > s) counts["channel/click-collect-above-store"]++;
  }
  web = app = null;
  store.clear();
  cc.clear();
};
let rows = 0;
let carry = "";
let header = true;
for await (const chunk of createReadStream(process.argv[2], { encoding: "latin1", highWaterMark: 1 << 20 })) {
  const text = carry + chunk;
  let pos = 0;
  for (let nl = text.indexOf("\n", pos); nl >= 0; nl = text.indexOf("\n", pos)) {
    const line = text.slice(pos, nl);
    pos = nl + 1;
    if (header) {
      header = false;
      continue;
    }
    const [s, channel, location, , priceText, saleText] = line.split(",");
    rows++;
    if (s !== sku) {
      if (sku !== null) flush();
      sku = s;
    }
    const price = cents(priceText);
    const sale = cents(saleText);
    if (sale !== null && price !== null && sale >= price) counts["price/sale-not-below-regular"]++;
    const eff = sale ?? price;
    if (channel === "web") web = eff;
    else if (channel === "app") app = eff;
    else if (channel === "store") store.set(location, eff);
    else if (channel === "click_collect") cc.set(location, eff);
  }
  carry = text.slice(pos);
}
if (sku !== null) flush();
const wallMs = performance.now() - started;
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, rows, counts }));
