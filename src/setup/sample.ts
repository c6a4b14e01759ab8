import { DEFAULT_LIMITS } from "../io/limits.js";
import { readFeedFile } from "../io/read-feed.js";
import type { RawRecord } from "../io/record.js";
import { PricelintError } from "../model/errors.js";
import type { Layout } from "./sniff.js";

/** The first records of a file, read by its format's reader as `check` reads them. */
export interface Sample {
  readonly columns: readonly string[];
  /** Records read whole. */
  readonly records: readonly RawRecord[];
  /** Records the reader refused (a stray quote, a line that is not JSON…), with why. */
  readonly problems: readonly { readonly line: number; readonly reason: string }[];
  /** Whether the file has more records than were read. */
  readonly more: boolean;
}

/** Records read to infer a feed from: enough to see how columns are filled, few enough to be quick on any file. */
export const SAMPLE_RECORDS = 500;

/**
 * Reads the header and the first {@link SAMPLE_RECORDS} records of a file laid out as `layout`
 * says, through the project's reader (so a format works here once it is registered); a file the
 * reader cannot read at all is `{ ok: false }` with the reader's reason.
 */
export async function readSample(
  path: string,
  layout: Layout,
  max = SAMPLE_RECORDS,
): Promise<{ ok: true; sample: Sample } | { ok: false; reason: string }> {
  const records: RawRecord[] = [];
  const problems: { line: number; reason: string }[] = [];
  let columns: readonly string[] = [];
  let more = false;
  try {
    const batches = readFeedFile(path, {
      format: layout.format,
      encoding: layout.encoding,
      delimiter: layout.delimiter,
      skipLines: layout.skipLines,
      sheet: layout.sheet,
      limits: DEFAULT_LIMITS,
    });
    reading: for await (const batch of batches) {
      columns = batch.columns;
      for (const record of batch.records) {
        if (records.length + problems.length >= max) {
          more = true;
          break reading;
        }
        if (record.problem) problems.push({ line: record.line, reason: record.problem.reason });
        else records.push(record);
      }
    }
  } catch (error) {
    if (error instanceof PricelintError) return { ok: false, reason: error.message };
    throw error;
  }
  return { ok: true, sample: { columns: [...columns], records, problems, more } };
}
