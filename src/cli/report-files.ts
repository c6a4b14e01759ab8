import { closeSync, openSync, readSync } from "node:fs";
import { describeFileError } from "../io/read-text.js";
import { PricelintError } from "../model/errors.js";
import { readReportEvents, type ReportEvent } from "../report/read-report.js";

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

/** A JSON report file's events (see `readReportEvents`), read again each time they are asked for. */
export function reportFile(file: string): { readonly file: string; events(): Iterable<ReportEvent> } {
  return { file, events: () => readReportEvents(reportFileText(file), file) };
}
