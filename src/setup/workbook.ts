import { asChunks, bytesInMemory } from "../io/bytes-in-memory.js";
import { gunzipIfCompressed } from "../io/gzip.js";
import { readSamples } from "../io/read-feed.js";
import { MAX_WORKBOOK_IN_MEMORY } from "../io/xlsx.js";
import { readWorkbook } from "../io/xlsx-workbook.js";
import { excerpt } from "../io/limits.js";
import { fileAccess, memoryAccess, ZipArchive, type RandomAccess } from "../io/zip.js";
import { readSample } from "./sample.js";
import type { Layout } from "./sniff.js";

/** A worksheet of a workbook, as `init --from` chooses among them. */
export interface Worksheet {
  readonly name: string;
  /** Hidden in Excel: passed over by default, as the reader passes it over. */
  readonly hidden: boolean;
}

/**
 * The worksheets of an .xlsx workbook (charts and dialog sheets aside), in the workbook's order;
 * null when the file cannot be read as one (reading it as the feed says why).
 */
export async function worksheetsOf(file: string, gzip: boolean): Promise<Worksheet[] | null> {
  let access: RandomAccess | undefined;
  try {
    access = gzip ? memoryAccess(await gunzipped(file)) : await fileAccess(file);
    const workbook = await readWorkbook(await ZipArchive.open(access));
    return workbook.sheets.filter((s) => s.kind === "worksheet").map((s) => ({ name: s.name, hidden: s.hidden }));
  } catch {
    return null;
  } finally {
    await access?.close();
  }
}

/** A gzipped workbook's bytes, read in memory up to the size the reader holds there (else it is refused). */
async function gunzipped(file: string): Promise<Uint8Array> {
  const bytes = (await readSamples(file, [0], MAX_WORKBOOK_IN_MEMORY))?.[0];
  if (bytes === undefined) throw new Error("the file cannot be read");
  return bytesInMemory(gunzipIfCompressed(asChunks(bytes)), MAX_WORKBOOK_IN_MEMORY, "too large");
}

/** Rows above a sheet's header looked past at most. */
const TITLE_ROWS_AT_MOST = 10;

/** Records read to tell a title row from a header. */
const PROBE_RECORDS = 50;

/**
 * A sheet's layout with the rows above its header skipped (`skipLines`): a title in a cell or
 * two over a wider header gives a "header" that every row under it is wider than, and the reader
 * refuses those rows. The rows skipped are the fewest after which most records read, where each
 * row skipped had at most half as many cells as the header found (as title lines of delimited
 * text have); else the layout as it was.
 */
export async function withTitleRows(file: string, layout: Layout): Promise<Layout> {
  const titles: string[][] = [];
  for (let skip = 0; skip <= TITLE_ROWS_AT_MOST; skip++) {
    const read = await readSample(file, { ...layout, skipLines: skip }, PROBE_RECORDS);
    if (!read.ok || read.sample.columns.length === 0) return layout;
    const { columns, records, problems } = read.sample;
    const filled = columns.filter((c) => c.trim() !== "");
    if (problems.length <= records.length) {
      if (skip === 0 || !titles.every((t) => t.length <= Math.max(1, filled.length / 2))) return layout;
      const shown = titles.map((t) => JSON.stringify(excerpt(t.join(" "), 40))).join(", ");
      const remark = `skipLines ${skip}: ${shown} ${titles.length === 1 ? "is a title" : "are titles"} above the header`;
      return { ...layout, skipLines: skip, remarks: [...layout.remarks, remark] };
    }
    // The same row again when the rows skipped so far end in empty ones.
    if (titles.at(-1)?.join("\n") !== filled.join("\n")) titles.push(filled);
  }
  return layout;
}
