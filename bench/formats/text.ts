/**
 * Writers of the text formats for the per-format benchmark: the generated CSV's rows as TSV, a
 * JSON array and JSON Lines. Cells stay text (JSON strings: no amount passes through a double);
 * an empty cell is an absent key, as a JSON feed leaves out what it does not have.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

export type Rows = AsyncIterable<readonly string[]> | Iterable<readonly string[]>;

/** Writes `text` to the stream, waiting when its buffer is full. */
export async function put(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

export async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, "finish");
}

export async function writeTsv(path: string, header: readonly string[], rows: Rows): Promise<void> {
  const out = createWriteStream(path);
  await put(out, `${header.join("\t")}\n`);
  for await (const row of rows) await put(out, `${row.join("\t")}\n`);
  await close(out);
}

function object(header: readonly string[], row: readonly string[]): string {
  const fields = header.flatMap((name, i) =>
    row[i] === undefined || row[i] === "" ? [] : [`${JSON.stringify(name)}:${JSON.stringify(row[i])}`],
  );
  return `{${fields.join(",")}}`;
}

export async function writeJsonl(path: string, header: readonly string[], rows: Rows): Promise<void> {
  const out = createWriteStream(path);
  for await (const row of rows) await put(out, `${object(header, row)}\n`);
  await close(out);
}

export async function writeJson(path: string, header: readonly string[], rows: Rows): Promise<void> {
  const out = createWriteStream(path);
  let first = true;
  await put(out, "[\n");
  for await (const row of rows) {
    await put(out, `${first ? "" : ",\n"}${object(header, row)}`);
    first = false;
  }
  await put(out, "\n]\n");
  await close(out);
}
