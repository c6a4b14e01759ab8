/**
 * Writes rows as a Google Merchant Center RSS 2.0 feed, for timing the XML reader on large feeds:
 * each row an `<item>`, each non-empty cell a `g:` element named by its column (a dotted name
 * nests, `shipping.price` → `<g:shipping><g:price>`). Streamed: the document is never in memory.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** Bytes gathered before each write to the file. */
const BATCH_CHARS = 1 << 16;

export async function writeXml(
  path: string,
  header: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
): Promise<void> {
  const elements = header.map((name) => name.split(".").map(elementName));
  const open = elements.map((parts) => parts.map((p) => `<g:${p}>`).join(""));
  const close = elements.map((parts) =>
    [...parts]
      .reverse()
      .map((p) => `</g:${p}>`)
      .join(""),
  );
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => {});
  const flush = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, "drain"), failed]);
  };
  let text =
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0">\n<channel>\n' +
    "<title>pricelint benchmark feed</title>\n<link>https://example.invalid/</link>\n<description>generated rows</description>\n";
  for await (const row of rows) {
    text += "<item>";
    for (let c = 0; c < elements.length; c++) {
      const cell = row[c];
      if (cell !== undefined && cell !== "") text += open[c] + escapeText(cell) + close[c];
    }
    text += "</item>\n";
    if (text.length >= BATCH_CHARS) {
      await flush(text);
      text = "";
    }
  }
  text += "</channel>\n</rss>\n";
  out.end(text);
  await Promise.race([once(out, "finish"), failed]);
}

/** A column name as an XML name: characters a name cannot hold become `_`, and so does a leading digit, `-` or `.`. */
function elementName(name: string): string {
  let out = "";
  for (const ch of name) out += /[A-Za-z0-9_\-\u00C0-\uFFEF]/.test(ch) ? ch : "_";
  if (out === "" || /^[0-9-]/.test(out)) out = `_${out}`;
  return out;
}

/** Text as XML character data: markup characters escaped, a carriage return kept as a reference (else it would be read as a line feed). */
function escapeText(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let ref: string | null = null;
    if (c === 38) ref = "&amp;";
    else if (c === 60) ref = "&lt;";
    else if (c === 62) ref = "&gt;";
    else if (c === 13) ref = "&#13;";
    else if (c < 32 && c !== 9 && c !== 10) throw new RangeError(`XML 1.0 cannot hold the character U+${c.toString(16).padStart(4, "0")}`);
    if (ref === null) continue;
    out += text.slice(from, i) + ref;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
