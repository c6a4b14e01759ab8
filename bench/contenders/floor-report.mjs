// The floor's report (see floor.mjs): its findings as records in typed arrays while the feed
// streams past, then written rule by rule, byte for byte as pricelint's JSON report holds them,
// with the report's digest (SHA-256 over each finding's text and a line feed, as
// src/report/digest.ts defines it). Single-purpose like the floor: the generated feed's four
// rules and channels, texts that JSON writes as they are (checked), amounts in cents.
import { createHash, hash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

const NONE = -1;
const CHANNELS = ["app", "click_collect", "store", "web"];

/** Fixed-size findings of one rule, in the report's order: sku entry, location slot, two amounts, two lines. */
class Records {
  length = 0;
  sku = new Int32Array(1024);
  loc = new Int32Array(1024);
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  lineA = new Int32Array(1024);
  lineB = new Int32Array(1024);
  constructor(pool) {
    this.pool = pool;
  }
  add(skuOrdinal, loc, a, b, lineA, lineB) {
    if (this.length === this.sku.length) for (const k of ["sku", "loc", "a", "b", "lineA", "lineB"]) this[k] = grown(this[k]);
    const i = this.length++;
    this.sku[i] = this.pool.entry(skuOrdinal);
    this.loc[i] = loc;
    this.a[i] = a;
    this.b[i] = b;
    this.lineA[i] = lineA;
    this.lineB[i] = lineB;
  }
}

function grown(array) {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** The bytes of the skus that have findings, each copied once from the floor's last-sku buffer. */
class SkuPool {
  bytes = Buffer.allocUnsafe(1 << 20);
  used = 0;
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  entries = 0;
  ordinal = NONE;
  current = null;
  currentLength = 0;
  /** The sku now streaming past (its bytes stay in `bytes` until the next one). */
  sku(bytes, length) {
    this.current = bytes;
    this.currentLength = length;
  }
  entry(skuOrdinal) {
    if (skuOrdinal === this.ordinal) return this.entries - 1;
    this.ordinal = skuOrdinal;
    if (this.entries === this.start.length) {
      this.start = grown(this.start);
      this.end = grown(this.end);
    }
    if (this.used + this.currentLength > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    for (let k = 0; k < this.currentLength; k++) plainJson(this.current[k]);
    this.current.copy(this.bytes, this.used, 0, this.currentLength);
    this.start[this.entries] = this.used;
    this.used += this.currentLength;
    this.end[this.entries] = this.used;
    return this.entries++;
  }
}

/** A byte JSON writes as it is inside a string; the floor does not escape. */
function plainJson(byte) {
  if (byte < 0x20 || byte >= 0x80 || byte === 0x22 || byte === 0x5c) throw new Error(`byte ${byte} would need escaping in JSON`);
}

/** The sale rule's findings of the sku streaming past, sorted by location then channel when it ends. */
class Sales extends Records {
  pending = [];
  add(channel, slot, sale, price, line) {
    this.pending.push({ channel, slot, sale, price, line });
  }
  flush(skuOrdinal, rank) {
    if (this.pending.length === 0) return;
    const key = (p) => (p.slot === NONE ? 0 : rank[p.slot] + 1) * 4 + p.channel;
    if (this.pending.length > 1) this.pending.sort((x, y) => key(x) - key(y));
    for (const p of this.pending) super.add(skuOrdinal, p.slot, p.sale, p.price, p.line, p.channel);
    this.pending.length = 0;
  }
}

/** The four rules' findings, each kept in the report's order as the feed streams past. */
export class Findings {
  pool = new SkuPool();
  appWeb = new Records(this.pool);
  ccStore = new Records(this.pool);
  webStore = new Records(this.pool);
  sales = new Sales(this.pool);
  sku(bytes, length) {
    this.pool.sku(bytes, length);
  }
}

/**
 * Bytes written per call: about 64 KiB. Larger writes cost this machine's kernel far more (a
 * 3.45 GB file written in 64 KiB pieces took 0.9 s of system time, in 1 or 8 MiB pieces 1.6–9.5 s).
 */
const WRITE_SIZE = 1 << 16;
/** Bytes of finding texts per update of the digest. */
const DIGEST_SIZE = 8 << 20;
/** Room a finding needs at most (the floor's skus and locations are at most 256 bytes). */
const FINDING_ROOM = 4096;

/** Writes the report's findings and digest to `path`; returns the digest's SHA-256. */
export function writeReport(path, findings, file, locations) {
  for (const key of locations) for (const byte of key) plainJson(byte);
  const fd = openSync(path, "w");
  const out = Buffer.allocUnsafe(WRITE_SIZE + FINDING_ROOM);
  const digested = Buffer.allocUnsafe(DIGEST_SIZE);
  const digest = createHash("sha256");
  const idText = Buffer.allocUnsafe(FINDING_ROOM);
  const pool = findings.pool;
  let o = 0;
  let d = 0;
  let count = 0;

  const lit = (text) => Buffer.from(text, "latin1");
  // Short texts copied by a loop: Buffer#copy and TypedArray#set cost more per call than their bytes.
  const put = (bytes) => {
    if (bytes.length > 32) {
      out.set(bytes, o);
      o += bytes.length;
    } else for (let k = 0; k < bytes.length; k++) out[o++] = bytes[k];
  };
  const putSku = (e) => {
    const bytes = pool.bytes;
    for (let k = pool.start[e]; k < pool.end[e]; k++) out[o++] = bytes[k];
  };
  /** A quoted text's bytes without its quotes. */
  const putInside = (quoted) => {
    for (let k = 1; k < quoted.length - 1; k++) out[o++] = quoted[k];
  };
  const putInt = (n) => {
    if (n >= 10) putInt((n / 10) | 0);
    out[o++] = 48 + (n % 10);
  };
  const putCents = (c) => {
    putInt((c / 100) | 0);
    out[o++] = 46;
    out[o++] = 48 + (((c / 10) | 0) % 10);
    out[o++] = 48 + (c % 10);
  };
  const quotedLocation = locations.map((key) => Buffer.concat([lit('"'), key, lit('"')]));
  const NULL = lit("null");
  const putLocation = (slot) => put(slot === NONE ? NULL : quotedLocation[slot]);
  // The id: SHA-256 of JSON [rule, sku, location, channels, promotion], its first 16 hex digits.
  let n = 0;
  const append = (bytes, from, to) => {
    for (let k = from; k < to; k++) idText[n++] = bytes[k];
  };
  const putId = (rule, e, slot, channels) => {
    n = 0;
    append(rule, 0, rule.length);
    append(pool.bytes, pool.start[e], pool.end[e]);
    append(SKU_END, 0, SKU_END.length);
    const location = slot === NONE ? NULL : quotedLocation[slot];
    append(location, 0, location.length);
    append(channels, 0, channels.length);
    const hex = hash("sha256", idText.subarray(0, n), "hex");
    for (let k = 0; k < 16; k++) out[o++] = hex.charCodeAt(k);
  };
  const SKU_END = lit('",');
  const idChannels = (names) => lit(`,${JSON.stringify(names)},null]`);

  const flushOut = () => {
    writeSync(fd, out, 0, o);
    o = 0;
  };
  /** After a finding's text (from `start`): into the digest's bytes, with its line feed. */
  const digestFinding = (start) => {
    if (d + (o - start) + 1 > DIGEST_SIZE) {
      digest.update(digested.subarray(0, d));
      d = 0;
    }
    digested.set(out.subarray(start, o), d);
    d += o - start;
    digested[d++] = 10;
    count++;
  };
  const SEPARATOR = lit(",\n    ");
  const begin = () => {
    if (o >= WRITE_SIZE) flushOut();
    if (count > 0) put(SEPARATOR);
    return o;
  };

  /** One rule's findings: each written by `body` between the rule's head and the shared tail. */
  const rule = (records, id, severity, channelsOf, body) => {
    const ID = lit('{\n      "id": "');
    const rule = lit(`",\n      "rule": "${id}",\n      "severity": "${severity}",\n      "sku": "`);
    const skuEnd = lit('",\n      "location": ');
    const channelTexts = channelsOf.map((names) =>
      lit(
        `,\n      "channels": [\n${names.map((n) => `        "${n}"`).join(",\n")}\n      ],\n      "promotion": null,\n      "message": "`,
      ),
    );
    const idTexts = channelsOf.map((names) => idChannels(names));
    const idRule = lit(`[${JSON.stringify(id)},"`);
    for (let i = 0; i < records.length; i++) {
      const start = begin();
      const e = records.sku[i];
      const slot = records.loc[i];
      const which = channelsOf.length === 1 ? 0 : records.lineB[i];
      put(ID);
      putId(idRule, e, slot, idTexts[which]);
      put(rule);
      putSku(e);
      put(skuEnd);
      putLocation(slot);
      put(channelTexts[which]);
      body(records, i, slot, which);
      digestFinding(start);
    }
  };

  const source = (line, last) => {
    put(SOURCE);
    putInt(line);
    put(last ? SOURCE_LAST : SOURCE_NEXT);
  };
  const FILE = JSON.stringify(file);
  const SOURCE = lit(`        {\n          "file": ${FILE},\n          "line": `);
  const SOURCE_NEXT = lit("\n        },\n");
  const SOURCE_LAST = lit('\n        }\n      ],\n      "waived": null\n    }');
  const SOURCES = lit('"\n      },\n      "interval": null,\n      "sources": [\n');
  const AT = lit(" at ");
  const valuesOf = (first, second) => [lit(`",\n      "values": {\n        "${first}": "`), lit(`",\n        "${second}": "`)];

  put(lit('{\n  "findings": [\n    '));
  // The pair rules: the message around their two amounts (a, b), whether it names the location,
  // and the values in key order, each a key and the amount it holds.
  const PAIRS = [
    {
      records: findings.appWeb,
      id: "channel/app-differs-from-web",
      severity: "warning",
      channels: ["app", "web"],
      message: ["app ", " differs from web "],
      located: false,
      values: [
        ["app.effectivePrice", "a"],
        ["web.effectivePrice", "b"],
      ],
    },
    {
      records: findings.ccStore,
      id: "channel/click-collect-above-store",
      severity: "error",
      channels: ["click_collect", "store"],
      message: ["click_collect ", " is above store "],
      located: true,
      values: [
        ["click_collect.effectivePrice", "a"],
        ["store.effectivePrice", "b"],
      ],
    },
    {
      records: findings.webStore,
      id: "channel/online-differs-from-store",
      severity: "warning",
      channels: ["web", "store"],
      message: ["web ", " differs from store "],
      located: true,
      values: [
        ["store.effectivePrice", "b"],
        ["web.effectivePrice", "a"],
      ],
    },
  ];
  for (const {
    records,
    id,
    severity,
    channels,
    message: [first, between],
    located,
    values: [[key1, amount1], [key2, amount2]],
  } of PAIRS) {
    const [FIRST, BETWEEN] = [lit(first), lit(between)];
    const [VALUE1, VALUE2] = valuesOf(key1, key2);
    rule(records, id, severity, [channels], (records, i, slot) => {
      const a = records.a[i];
      const b = records.b[i];
      put(FIRST);
      putCents(a);
      put(BETWEEN);
      putCents(b);
      if (located) {
        put(AT);
        putInside(quotedLocation[slot]);
      }
      put(VALUE1);
      putCents(amount1 === "a" ? a : b);
      put(VALUE2);
      putCents(amount2 === "a" ? a : b);
      put(SOURCES);
      source(records.lineA[i], false);
      source(records.lineB[i], true);
    });
  }
  {
    const [v1, v2] = valuesOf("price", "salePrice");
    const EVERY = lit(" at every location: sale price ");
    const SALE = lit(": sale price ");
    const NOT_BELOW = lit(" is not below the price ");
    const names = CHANNELS.map((name) => lit(name));
    rule(
      findings.sales,
      "price/sale-not-below-regular",
      "error",
      CHANNELS.map((name) => [name]),
      (records, i, slot, channel) => {
        put(names[channel]);
        if (slot === NONE) put(EVERY);
        else {
          put(AT);
          putInside(quotedLocation[slot]);
          put(SALE);
        }
        putCents(records.a[i]);
        put(NOT_BELOW);
        putCents(records.b[i]);
        put(v1);
        putCents(records.b[i]);
        put(v2);
        putCents(records.a[i]);
        put(SOURCES);
        source(records.lineA[i], true);
      },
    );
  }
  digest.update(digested.subarray(0, d));
  const sha256 = digest.digest("hex");
  put(lit(`\n  ],\n  "digest": {\n    "findings": ${count},\n    "sha256": "${sha256}"\n  }\n}\n`));
  flushOut();
  closeSync(fd);
  return sha256;
}
