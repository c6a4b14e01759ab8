import type { Encoding } from "./decode.js";
import { HtmlScanner, unwrapJsonLd } from "./html.js";
import { OFFER_COLUMNS, offersOfJsonLd, type MarkupProblem, type PageOffer } from "./html-offers.js";
import { DEFAULT_LIMITS, excerpt, type ReadLimits } from "./limits.js";
import type { RawRecord, RecordBatch } from "./record.js";
import { shownText } from "./undecodable.js";

/** What reading a product page is told. */
export interface HtmlReadOptions {
  /** `recordChars` bounds one JSON-LD script. Default: {@link DEFAULT_LIMITS}. */
  readonly limits?: ReadLimits | undefined;
  /** The encoding the page was decoded with (default: utf-8): a `<meta charset>` naming another is a problem record. */
  readonly encoding?: Encoding | undefined;
  /**
   * Whether `encoding` is the one the server's `Content-Type` names: it then stands over the
   * page's `<meta charset>`, as it does in a browser, and a meta naming another says nothing.
   */
  readonly encodingFromServer?: boolean | undefined;
}

/** The names a `<meta charset>` may give each encoding a page is read with (lower case). */
const CHARSETS: Readonly<Record<Encoding, readonly string[]>> = {
  "utf-8": ["utf-8", "utf8", "unicode-1-1-utf-8"],
  latin1: ["iso-8859-1", "latin1", "l1", "iso8859-1", "iso_8859-1", "us-ascii", "ascii"],
  // The WHATWG encoding standard reads latin1 and ASCII labels as windows-1252.
  "windows-1252": ["windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "latin1", "l1", "us-ascii", "ascii"],
};

/**
 * Reads one product page (HTML) into records: one per offer of its schema.org Product markup in
 * JSON-LD (see {@link offersOfJsonLd}; one per price of an offer whose priceSpecification's
 * entries hold at different times, each with the offer's ordinal as `offer`), with the columns
 * {@link OFFER_COLUMNS}, the line of its script tag as its line, and the page's
 * `<link rel="canonical">` as `page_url`. A script that is
 * not JSON, a value the markup cannot hold, a `<meta charset>` other than the page was read with,
 * and a page with no Product offer at all are problem records: a page is never read as nothing.
 * Offers of one item that disagree on its price are all read: which of them hold at the check's
 * instant, and so whether they conflict, is known once the page is matched (pipeline/page-prices.ts).
 */
export async function* readHtmlPage(chunks: AsyncIterable<string>, options: HtmlReadOptions = {}): AsyncGenerator<RecordBatch> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const encoding = options.encoding ?? "utf-8";
  const scanner = new HtmlScanner(limits.recordChars);
  const records: RawRecord[] = [];
  const offers: { offer: PageOffer; line: number }[] = [];
  let canonical: string | null = null;
  let ordinal = 0;
  let scripts = 0;
  const take = (items: ReturnType<HtmlScanner["push"]>) => {
    for (const item of items) {
      if (item.kind === "canonical") canonical ??= item.href;
      else if (item.kind === "charset") {
        if (options.encodingFromServer !== true && !CHARSETS[encoding].includes(item.charset)) {
          const reason = `the page declares charset "${excerpt(item.charset)}" but is read as ${encoding}: set the feed's "encoding"`;
          records.push(problem(item.line, "charset_mismatch", reason));
        }
      } else if (item.text === null) {
        records.push(
          problem(item.line, "record_too_long", `a JSON-LD script longer than ${limits.recordChars} characters, the limit of one record`),
        );
      } else {
        let value: unknown;
        const json = unwrapJsonLd(item.text);
        try {
          value = JSON.parse(json);
        } catch (error) {
          records.push(problem(item.line, "invalid_json_ld", `the JSON-LD script is not valid JSON: ${(error as Error).message}`));
          continue;
        }
        // A key given twice in one object: JSON.parse keeps the last, and which the page means is a guess.
        const twice = keyGivenTwice(json);
        if (twice !== null) {
          const reason = `key "${excerpt(twice)}" appears twice in an object of the JSON-LD script: JSON keeps the last without a word, and which the page means is not known; give it once`;
          records.push(problem(item.line, "duplicate_field", reason));
          continue;
        }
        scripts++;
        for (const found of offersOfJsonLd(value)) {
          if (isProblem(found)) records.push(problem(item.line, found.code, found.reason));
          else {
            // The prices of one Offer (its priceSpecification's entries valid at different times) share its ordinal.
            ordinal++;
            for (const price of found) {
              // A product of its own is counted in its script: numbered on the page by the script too.
              const product = price.product?.startsWith("#") ? `script ${scripts} ${price.product}` : price.product;
              offers.push({ offer: { ...price, offer: String(ordinal), ...(product === undefined ? {} : { product }) }, line: item.line });
            }
          }
        }
      }
    }
  };
  // Bytes that are not UTF-8 are U+FFFD in a page, as a browser shows them (see decode.ts): nothing refuses them.
  for await (const chunk of chunks) take(scanner.push(shownText(chunk)));
  take(scanner.end());
  for (const { offer, line } of offers)
    records.push({ line, cells: OFFER_COLUMNS.map((c) => (c === "page_url" ? (canonical ?? undefined) : offer[c])) });
  if (records.length === 0)
    records.push(problem(1, "no_product_markup", 'no schema.org Product with an offer in the page\'s <script type="application/ld+json">'));
  records.sort((a, b) => a.line - b.line);
  yield { columns: OFFER_COLUMNS, records };
}

/**
 * The first key written twice in one object of valid JSON text (its value as JSON.parse reads
 * it), or null: a scan of the text's strings, each object's keys in a set of its own.
 */
export function keyGivenTwice(json: string): string | null {
  const open: (Set<string> | null)[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x7b /* { */) open.push(new Set());
    else if (c === 0x5b /* [ */) open.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) open.pop();
    else if (c === 0x22 /* " */) {
      let end = i + 1;
      while (json.charCodeAt(end) !== 0x22) end += json.charCodeAt(end) === 0x5c /* \ */ ? 2 : 1;
      const keys = open[open.length - 1];
      // A string in an object is a key where a colon follows it (a value is followed by , or }).
      let next = end + 1;
      while (next < json.length && /\s/.test(json[next]!)) next++;
      if (keys !== null && keys !== undefined && json.charCodeAt(next) === 0x3a /* : */) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      i = end;
    }
  }
  return null;
}

function isProblem(found: readonly PageOffer[] | MarkupProblem): found is MarkupProblem {
  return !Array.isArray(found);
}

function problem(line: number, code: MarkupProblem["code"], reason: string): RawRecord {
  return { line, cells: [], problem: { code, reason, column: null } };
}
