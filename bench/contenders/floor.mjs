// The floor: a tuned, single-purpose loop for the benchmark's four checks on the generated
// feed's known layout (one file, grouped by sku, `sku,channel,location,currency,price,sale_price`,
// amounts with at most two decimals). Not general, not configurable: what the machine can do for
// exactly this job in one thread of JavaScript. It reads the file with fs.readSync into one
// reused Buffer, scans bytes, makes no string per field (a sku is compared by its bytes with the
// last one, a location becomes a slot through a small byte-keyed table), parses amounts into
// integer cents from their bytes, and keeps a sku's prices in typed arrays.
//
// Given a report file, it also does what the CLI does beyond counting: it writes every finding as
// pricelint's JSON report holds it (the same text byte for byte, SHA-256 id included, in the
// report's order) and the report's digest over those texts, so the bench can prove the work is
// the same by comparing digests. Findings are kept as fixed-size records in typed arrays while
// the feed streams past (the report is ordered by rule first), then written rule by rule as bytes
// into a reused Buffer: no string per finding but its id's hex.
// Usage: node bench/contenders/floor.mjs prices.csv [REPORT.json]
//   → one JSON line {wallMs, maxRssKiB, rows, counts[, sha256]}
import { closeSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { writeReport, Findings } from "./floor-report.mjs";

const [csv, reportPath] = process.argv.slice(2);
const REPORT = reportPath !== undefined;

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
// With a report: each slot's rows' line numbers, and the slots' order by their bytes (the
// report's order of locations), recomputed when a location is first seen.
let storeLine = new Int32Array(64);
let ccLine = new Int32Array(64);
let rank = new Int32Array(64);

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
  if (end - start > 256) throw new Error(`a location longer than 256 bytes`);
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
    storeLine = grow(storeLine, 0);
    ccLine = grow(ccLine, 0);
    rank = grow(rank, 0);
  }
  if (REPORT) {
    const order = keys.map((_, i) => i).sort((a, b) => Buffer.compare(keys[a], keys[b]));
    order.forEach((s, i) => (rank[s] = i));
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

// Channels by their first byte: web, app, store, click_collect; as ranks in code-point order
// (app, click_collect, store, web), the order of a sku's findings at one location.
const APP = 0;
const CLICK_COLLECT = 1;
const STORE = 2;
const WEB = 3;
const CHANNEL_OF_FIRST_BYTE = new Int8Array(256).fill(NONE);
CHANNEL_OF_FIRST_BYTE[97] = APP;
CHANNEL_OF_FIRST_BYTE[99] = CLICK_COLLECT;
CHANNEL_OF_FIRST_BYTE[115] = STORE;
CHANNEL_OF_FIRST_BYTE[119] = WEB;

const findings = REPORT ? new Findings() : null;
let skuOrdinal = 0;
let web = NONE;
let app = NONE;
let webLine = 0;
let appLine = 0;

function flush() {
  if (app !== NONE && web !== NONE && app !== web) {
    appDiffers++;
    if (REPORT) findings.appWeb.add(skuOrdinal, NONE, app, web, appLine, webLine);
  }
  if (REPORT) sortTouched();
  for (let k = 0; k < touchedCount; k++) {
    const slot = touched[k];
    if (storeSku[slot] !== skuOrdinal) continue;
    const store = storeEff[slot];
    if (ccSku[slot] === skuOrdinal && ccEff[slot] > store) {
      ccAboveStore++;
      if (REPORT) findings.ccStore.add(skuOrdinal, slot, ccEff[slot], store, ccLine[slot], storeLine[slot]);
    }
    if (web !== NONE && Math.abs(web - store) > 1) {
      onlineDiffers++;
      if (REPORT) findings.webStore.add(skuOrdinal, slot, web, store, webLine, storeLine[slot]);
    }
  }
  if (REPORT) findings.sales.flush(skuOrdinal, rank);
  web = app = NONE;
  touchedCount = 0;
  skuOrdinal++;
}

/** The sku's locations in the report's order (insertion sort by rank: they come nearly sorted). */
function sortTouched() {
  for (let i = 1; i < touchedCount; i++) {
    const slot = touched[i];
    let j = i - 1;
    for (; j >= 0 && rank[touched[j]] > rank[slot]; j--) touched[j + 1] = touched[j];
    touched[j + 1] = slot;
  }
}

const fd = openSync(csv, "r");
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
      if (skuLength > lastSku.length) throw new Error(`line ${rows + 1}: a sku longer than ${lastSku.length} bytes`);
      if (lastSkuLength >= 0) flush();
      // The report is in sku order: this loop writes it as the feed comes, so it must come sorted.
      if (REPORT && lastSkuLength >= 0 && Buffer.compare(buf.subarray(pos, c1), lastSku.subarray(0, lastSkuLength)) < 0)
        throw new Error(`line ${rows + 1}: skus are not in ascending order`);
      buf.copy(lastSku, 0, pos, c1);
      lastSkuLength = skuLength;
      if (REPORT) findings.sku(lastSku, skuLength);
    }
    const line = rows + 1;
    const price = cents(buf, c4 + 1, c5);
    const sale = cents(buf, c5 + 1, lineEnd);
    const eff = sale !== NONE ? sale : price;
    const channel = CHANNEL_OF_FIRST_BYTE[buf[c1 + 1]];
    const slot = channel === STORE || channel === CLICK_COLLECT ? slotOf(buf, c2 + 1, c3) : NONE;
    if (sale !== NONE && price !== NONE && sale >= price) {
      saleNotBelow++;
      if (REPORT) findings.sales.add(channel, slot, sale, price, line);
    }
    if (channel === WEB) {
      web = eff;
      webLine = line;
    } else if (channel === APP) {
      app = eff;
      appLine = line;
    } else if (slot !== NONE) {
      if (storeSku[slot] !== skuOrdinal && ccSku[slot] !== skuOrdinal) touched[touchedCount++] = slot;
      if (channel === STORE) {
        storeEff[slot] = eff;
        storeSku[slot] = skuOrdinal;
        storeLine[slot] = line;
      } else {
        ccEff[slot] = eff;
        ccSku[slot] = skuOrdinal;
        ccLine[slot] = line;
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
const sha256 = REPORT ? writeReport(reportPath, findings, basename(csv), keys) : undefined;
const wallMs = performance.now() - started;
const counts = {
  "channel/app-differs-from-web": appDiffers,
  "channel/click-collect-above-store": ccAboveStore,
  "channel/online-differs-from-store": onlineDiffers,
  "price/sale-not-below-regular": saleNotBelow,
};
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, rows, counts, sha256 }));
