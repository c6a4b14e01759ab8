import { closeSync, openSync, readSync } from "node:fs";
import { constants, gunzipSync } from "node:zlib";
import { describeFileError, refuseUnending } from "../io/read-text.js";
import { PricelintError } from "../model/errors.js";
import { isCheckReportHead, NOT_A_REPORT } from "../model/report.js";
import { readReportEvents, SNAPSHOT_NOT_REPORT, startsAsSnapshot, type ReportEvent, type WantedElements } from "../report/read-report.js";
import { WrittenFindings } from "../report/digest.js";
import type { TrendReport } from "../trend/run-digest.js";

/** Bytes read at a time from a report file. */
const CHUNK = 1 << 20;

/**
 * A report file's text, a megabyte at a time, decoded as UTF-8 as it streams (a character split
 * between two reads is joined, not refused): a report of any size, read synchronously so that
 * the merged findings can be read as the writers iterate them. Invalid UTF-8 is an `io` error
 * naming the file and the byte offset of the read it is in; the file is closed when the reader
 * stops, early or not.
 */
export function* reportFileText(path: string): Generator<string> {
  // A named pipe or a device may never end (and opening a pipe waits for a writer); reports are read twice.
  refuseUnending(path, "io", path, "save the report to a file first");
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new PricelintError("io", describeFileError(error), path, { cause: error });
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const buffer = Buffer.alloc(CHUNK);
  let offset = 0;
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new PricelintError("io", `not valid UTF-8 text (in the bytes from ${offset}; reports are read as UTF-8)`, path);
    }
  };
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        throw new PricelintError("io", describeFileError(error), path, { cause: error });
      }
      if (n === 0) break;
      if (offset === 0) refuseEncoded(buffer.subarray(0, n), path);
      const text = decode(buffer.subarray(0, n));
      offset += n;
      if (text.length > 0) yield text;
    }
    const rest = decode();
    if (rest.length > 0) yield rest;
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses a report whose first bytes say it is gzip-compressed or UTF-16 text, naming which; a
 * gzip-compressed snapshot (check --snapshot) is named as the snapshot --previous takes.
 */
function refuseEncoded(head: Uint8Array, path: string): void {
  if (head[0] === 0x1f && head[1] === 0x8b && startsAsSnapshot(gunzippedStart(head)))
    throw new PricelintError("usage", SNAPSHOT_NOT_REPORT, path);
  const what =
    head[0] === 0x1f && head[1] === 0x8b
      ? "gzip-compressed: reports are read as they were written; decompress it first (gunzip)"
      : (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)
        ? "UTF-16 text (as a Windows shell's > writes it): reports are read as UTF-8; write the report with --format json:FILE, or save it as UTF-8"
        : null;
  if (what !== null) throw new PricelintError("io", `the file is ${what}`, path);
}

/** The text that the start of gzip data decompresses to, as far as it goes ("" where it does not decompress). */
function gunzippedStart(head: Uint8Array): string {
  try {
    return new TextDecoder().decode(gunzipSync(head.subarray(0, 4096), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 64));
  } catch {
    return "";
  }
}

/** A JSON report file's events (see `readReportEvents`), read again each time they are asked for. */
export function reportFile(file: string): { readonly file: string; events(wanted?: WantedElements): Iterable<ReportEvent> } {
  return { file, events: (wanted) => readReportEvents(reportFileText(file), file, wanted) };
}

/**
 * A JSON report read once, as it streams: the members before its findings parsed (the summary
 * among them), then its findings one at a time as they are iterated — what `pricelint trend`
 * reduces a report of any size to. Not a report (no tool and summary with feeds before a findings
 * array, see isCheckReportHead) is a `usage` error naming the file.
 */
export function streamedReport(file: string): TrendReport {
  const events = reportFile(file).events()[Symbol.iterator]();
  const head: Record<string, unknown> = {};
  let next = events.next();
  for (; !next.done && next.value.kind === "member"; next = events.next()) head[next.value.key] = next.value.value;
  if (next.done || next.value.kind !== "array" || next.value.key !== "findings" || !isCheckReportHead(head)) {
    throw new PricelintError("usage", NOT_A_REPORT, file);
  }
  const written = new WrittenFindings();
  let line: number | null = null;
  function* findings(): Generator<unknown> {
    // Read to the end, so the file is closed; the members after the findings are its digest.
    const tail: Record<string, unknown> = {};
    for (let event = events.next(); !event.done; event = events.next()) {
      const { value } = event;
      if (value.kind === "member") tail[value.key] = value.value;
      else if (value.kind === "element" && value.key === "findings") {
        written.add(value.text, (value.value ?? {}) as object);
        line = value.line;
        yield value.value;
      }
    }
    // A finding edited, added or dropped after the report was written is refused, as merge and --baseline refuse it.
    written.proveDigest(tail["digest"], file, head["run"]);
  }
  return { ...(head as Omit<TrendReport, "findings" | "findingLine">), findings: findings(), findingLine: () => line };
}
