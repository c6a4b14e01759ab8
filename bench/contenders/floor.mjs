// The floor: a tuned, single-purpose loop for the benchmark's four checks on the generated
// feed's known layout (one file, grouped by sku, `sku,channel,location,currency,price,sale_price`,
// amounts with at most two decimals). Not general, not configurable: what the machine can do for
// exactly this job in one thread of JavaScript. It reads the file with fs.readSync into one
// reused Buffer, scans bytes, makes no string per field (a sku is compared by its bytes with the
// last one, a location becomes a slot through a small byte-keyed table), parses amounts into
// integer cents from their bytes, and keeps a sku's prices in typed arrays.
// Usage: node bench/contenders/floor.mjs prices.csv  → one JSON line {wallMs, maxRssKiB, rows, counts}
import { closeSync, openSync, readSync } from "node:fs";

const started = performance.now();
const COMMA = 44;
const NL = 10;
const CR = 13;
const DOT = 46;
const NONE = -1;

let appDiffers = 0;
let ccAboveStore = 0;
let onlineDiffers = 0;
let saleNotBelow = 0;

// Locations: byte strings interned into slots by an open-addressing table (FNV-1a of the bytes).
const TABLE = 1 << 12;
const slotOfHash = new Int32Array(TABLE).fill(NONE);
const keys = [];
// Per location slot, the current sku's effective store and click-and-collect prices in cents, and
// the sku (its ordinal) they belong to: a slot from an earlier sku reads as empty.
let storeEff = new Int32Array(64);
let ccEff = new Int32Array(64);
let storeSku = new Int32Array(64).fill(NONE);
let ccSku = new Int32Array(64).fill(NONE);
let touched = new Int32Array(64);
let touchedCount = 0;

function slotOf(buf, start, end) {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  let at = (h >>> 0) & (TABLE - 1);
  for (;;) {
    const slot = slotOfHash[at];
    if (slot === NONE) break;
    const key = keys[slot];
    let same = key.length === end - start;
    for (let k = 0; same && k < key.length; k++) same = key[k] === buf[start + k];
    if (same) return slot;
    at = (at + 1) & (TABLE - 1);
  }
  const slot = keys.length;
  keys.push(Buffer.from(buf.subarray(start, end)));
  slotOfHash[at] = slot;
  if (slot >= storeEff.length) {
    const grow = (a, fill) => {
      const b = new Int32Array(a.length * 2).fill(fill);
      b.set(a);
      return b;
    };
    storeEff = grow(storeEff, 0);
    ccEff = grow(ccEff, 0);
    storeSku = grow(storeSku, NONE);
    ccSku = grow(ccSku, NONE);
    touched = grow(touched, 0);
  }
  return slot;
}

/** Integer cents of the amount in buf[start, end), or NONE when the cell is empty. */
function cents(buf, start, end) {
  if (start === end) return NONE;
  let units = 0;
  let i = start;
  for (; i < end && buf[i] !== DOT; i++) units = units * 10 + (buf[i] - 48);
  let fraction = 0;
  let digits = 0;
  for (i++; i < end && digits < 2; i++, digits++) fraction = fraction * 10 + (buf[i] - 48);
  if (digits === 1) fraction *= 10;
  return units * 100 + fraction;
}

let skuOrdinal = 0;
let web = NONE;
let app = NONE;

function flush() {
  if (app !== NONE && web !== NONE && app !== web) appDiffers++;
  for (let k = 0; k < touchedCount; k++) {
    const slot = touched[k];
    if (storeSku[slot] !== skuOrdinal) continue;
    const store = storeEff[slot];
    if (web !== NONE && Math.abs(web - store) > 1) onlineDiffers++;
    if (ccSku[slot] === skuOrdinal && ccEff[slot] > store) ccAboveStore++;
  }
  web = app = NONE;
  touchedCount = 0;
  skuOrdinal++;
}

const fd = openSync(process.argv[2], "r");
const buf = Buffer.allocUnsafe(16 << 20);
// The last sku's bytes, to tell a new sku from the same one without making a string.
const lastSku = Buffer.alloc(256);
let lastSkuLength = -1;
let rows = 0;
let filled = 0;
let header = true;
for (;;) {
  const got = readSync(fd, buf, filled, buf.length - filled, null);
  filled += got;
  const end = got === 0 ? filled : buf.lastIndexOf(NL, filled - 1) + 1;
  let pos = 0;
  while (pos < end) {
    if (header) {
      header = false;
      pos = buf.indexOf(NL, pos) + 1;
      continue;
    }
    // One pass over the line's bytes: the five commas' positions, then the line's end.
    let i = pos;
    while (buf[i] !== COMMA) i++;
    const c1 = i++;
    while (buf[i] !== COMMA) i++;
    const c2 = i++;
    while (buf[i] !== COMMA) i++;
    const c3 = i++;
    while (buf[i] !== COMMA) i++;
    const c4 = i++;
    while (buf[i] !== COMMA) i++;
    const c5 = i++;
    while (i < end && buf[i] !== NL) i++;
    const nl = i;
    const lineEnd = buf[nl - 1] === CR ? nl - 1 : nl;
    rows++;
    const skuLength = c1 - pos;
    let same = skuLength === lastSkuLength;
    for (let k = skuLength - 1; same && k >= 0; k--) same = lastSku[k] === buf[pos + k];
    if (!same) {
      if (lastSkuLength >= 0) flush();
      buf.copy(lastSku, 0, pos, c1);
      lastSkuLength = skuLength;
    }
    const price = cents(buf, c4 + 1, c5);
    const sale = cents(buf, c5 + 1, lineEnd);
    if (sale !== NONE && price !== NONE && sale >= price) saleNotBelow++;
    const eff = sale !== NONE ? sale : price;
    // Channels by their first byte: web, app, store, click_collect.
    const first = buf[c1 + 1];
    if (first === 119) web = eff;
    else if (first === 97) app = eff;
    else {
      const slot = slotOf(buf, c2 + 1, c3);
      if (storeSku[slot] !== skuOrdinal && ccSku[slot] !== skuOrdinal) touched[touchedCount++] = slot;
      if (first === 115) {
        storeEff[slot] = eff;
        storeSku[slot] = skuOrdinal;
      } else if (first === 99) {
        ccEff[slot] = eff;
        ccSku[slot] = skuOrdinal;
      }
    }
    pos = nl + 1;
  }
  if (got === 0) break;
  // Keep the partial last line at the buffer's start for the next read.
  buf.copy(buf, 0, end, filled);
  filled -= end;
}
closeSync(fd);
if (lastSkuLength >= 0) flush();
const wallMs = performance.now() - started;
const counts = {
  "channel/app-differs-from-web": appDiffers,
  "channel/click-collect-above-store": ccAboveStore,
  "channel/online-differs-from-store": onlineDiffers,
  "price/sale-not-below-regular": saleNotBelow,
};
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, rows, counts }));
