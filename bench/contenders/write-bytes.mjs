// What writing the report's bytes costs this machine alone: a file of the given size, written in
// 64 KiB pieces with fs.writeSync as the floor writes its report, then removed. Not a contender
// (it checks nothing): the time no program that writes the report can go below on this disk.
// Usage: node bench/contenders/write-bytes.mjs BYTES FILE → one JSON line {wallMs, maxRssKiB, bytes}
import { closeSync, openSync, rmSync, writeSync } from "node:fs";

const [size, file] = process.argv.slice(2);
const bytes = Number(size);
if (!Number.isSafeInteger(bytes) || bytes < 0 || !file) {
  console.error("usage: node bench/contenders/write-bytes.mjs BYTES FILE");
  process.exit(2);
}
const started = performance.now();
const piece = Buffer.alloc(1 << 16, 0x20);
const fd = openSync(file, "w");
for (let left = bytes; left > 0;) left -= writeSync(fd, piece, 0, Math.min(piece.length, left));
closeSync(fd);
const wallMs = performance.now() - started;
rmSync(file);
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, bytes }));
