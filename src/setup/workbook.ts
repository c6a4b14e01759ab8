import { bytesInMemory } from "../io/bytes-in-memory.js";
import { gunzipIfCompressed } from "../io/gzip.js";
import { readSamples } from "../io/read-feed.js";
import { MAX_WORKBOOK_IN_MEMORY } from "../io/xlsx.js";
import { readWorkbook } from "../io/xlsx-workbook.js";
import { fileAccess, memoryAccess, ZipArchive, type RandomAccess } from "../io/zip.js";

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
  return bytesInMemory(gunzipIfCompressed(once(bytes)), MAX_WORKBOOK_IN_MEMORY, "too large");
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}
