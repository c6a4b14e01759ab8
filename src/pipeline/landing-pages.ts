import { asChunks } from "../io/bytes-in-memory.js";
import { feedViews } from "../config/feed-views.js";
import { pagesToFetch, type Config, type FeedConfig } from "../config/schema.js";
import { RowReader } from "../feeds/row-reader.js";
import { viewReaderOptions } from "../feeds/view-reader.js";
import type { Encoding } from "../io/decode.js";
import { HtmlScanner } from "../io/html.js";
import { decode } from "../io/decode.js";
import { fetchPages, type FailedPage, type FetchedPage, type FetchOptions } from "../io/fetch-pages.js";
import { fileFormat } from "../config/feed-format.js";
import { readHtmlPage } from "../io/html-page.js";
import { OFFER_COLUMNS, type OfferColumn } from "../io/html-offers.js";
import { readFeedFile } from "../io/read-feed.js";
import type { Cell, RawRecord, RecordBatch } from "../io/record.js";
import { PricelintError } from "../model/errors.js";
import type { RowErrorCode } from "../model/row-error.js";
import { compareText } from "../text/compare.js";
import { nfc } from "../text/keys.js";
import { parseInstant, type DateRole } from "../time/instant.js";
import { pagePriceKey, pageTimeline, type PagePrice, type PageSpan } from "./page-prices.js";
import { feedReadOptions, resolvePath } from "./inputs.js";
import { LANDING_PAGE_CHANNEL } from "../config/channels.js";

/** What an html feed's `path` is when it names pages to fetch: one URL, or the `link` of every item. */
export function remotePages(feed: Pick<FeedConfig, "path" | "format">): "url" | "links" | null {
  return feed.format === "html" ? pagesToFetch(feed.path) : null;
}

/** The columns of a page's offers once matched: a prices feed's own fields. */
const MATCHED_COLUMNS = ["sku", "price", "currency", "tax_included", "valid_from", "valid_to"] as const;

/** An html feed's feeds to load, in order, and the records of each of its pages, matched to their items. */
export interface LandingPages {
  readonly feeds: readonly { readonly feed: FeedConfig; readonly entry: string }[];
  /** The batches of an html feed's page (`read` reads a saved page's file), each offer matched to its item or rejected. */
  batches(feed: FeedConfig, read: () => AsyncGenerator<RecordBatch>): AsyncGenerator<RecordBatch>;
}

/** The items as the other feeds name them: skus, catalogue GTINs and links, each with its skus. */
interface Items {
  readonly skus: Set<string>;
  readonly gtins: Map<string, Set<string>>;
  readonly links: Map<string, Set<string>>;
  /** Whether a catalogue was read: a page's sku is then checked against it. */
  readonly catalogue: boolean;
}

/**
 * Prepares the html feeds of a run: their offers go to the channel `landing_page` (unless the feed
 * says another), a feed whose path is a URL or `links` becomes one feed per page (the `link` of
 * every item of the catalogue and price feeds, for `links`), fetched as the run reaches them. The
 * feeds' catalogue and prices views (a profile's too) are read first for the items' skus, GTINs
 * and links; null when the run has no html feed.
 */
export async function prepareLandingPages(
  feeds: readonly { readonly feed: FeedConfig; readonly entry: string }[],
  config: Config,
  baseDir: string,
  span: PageSpan,
): Promise<LandingPages | null> {
  if (!feeds.some(({ feed }) => isHtml(feed))) return null;
  const items = await readItems(
    feeds.filter(({ feed }) => !isHtml(feed)).map(({ feed }) => feed),
    baseDir,
  );
  const out: { feed: FeedConfig; entry: string }[] = [];
  /** Each html feed's `constants.tax_included`, as a cell: the basis of its pages' offers that state none. */
  const bases = new Map<FeedConfig, Cell>();
  const urls: string[] = [];
  const fetchOptions: FetchOptions[] = [];
  for (const { feed, entry } of feeds) {
    if (!isHtml(feed)) {
      out.push({ feed, entry });
      continue;
    }
    // A page's offer states its own tax basis (valueAddedTaxIncluded), the feed's constant that
    // of the others: the constant is taken out, as one for every row would hide the page's column.
    const { tax_included: basis, ...constants } = feed.constants ?? {};
    const channelled: FeedConfig = { ...feed, constants: { channel: LANDING_PAGE_CHANNEL, ...constants } };
    const basisCell: Cell = basis === undefined || typeof basis === "object" ? basis : String(basis);
    const remote = remotePages(feed);
    if (remote === null) {
      out.push({ feed: channelled, entry });
      bases.set(channelled, basisCell);
      continue;
    }
    const pages = remote === "url" ? [feed.path] : linkUrls(items);
    if (pages.length === 0) {
      // A run that would fetch nothing is more likely a link column left unmapped than a shop without pages.
      throw new PricelintError(
        "config",
        'path "links" fetches the link of every item, and no catalogue or prices feed gives one: map its "link" column',
        feed.path,
      );
    }
    for (const url of pages) {
      const one = { ...channelled, path: url };
      out.push({ feed: one, entry });
      bases.set(one, basisCell);
      urls.push(url);
      fetchOptions.push(fetchOptionsOf(feed, baseDir));
    }
  }
  // One fetcher for every fetched page, in the order the run reads them; the first feed's bounds apply to all.
  const fetched = urls.length === 0 ? null : fetchPages(urls, fetchOptions[0]);
  return {
    feeds: out,
    async *batches(feed, read) {
      const remote = remotePages(feed) !== null;
      let source: AsyncGenerator<RecordBatch>;
      let pageUrl: string | null = null;
      if (remote) {
        const page = (await fetched!.next()).value as FetchedPage | FailedPage | undefined;
        if (page === undefined || page.url !== feed.path) throw new Error(`pages fetched out of order at ${feed.path}`);
        if (!page.ok) {
          yield { columns: MATCHED_COLUMNS, records: [problemRecord(1, "page_unavailable", page.reason)] };
          return;
        }
        pageUrl = page.url;
        // Without a charset in the response's Content-Type, the page's own <meta charset>, as a browser reads it.
        const encoding = encodingOf(page.charset ?? declaredCharset(page.body));
        source = readHtmlPage(decode(asChunks(page.body), encoding), { encoding, encodingFromServer: page.charset !== null });
      } else source = read();
      const records: RawRecord[] = [];
      let columns: readonly string[] = OFFER_COLUMNS;
      try {
        for await (const batch of source) {
          columns = batch.columns;
          records.push(...batch.records);
        }
      } catch (error) {
        // A fetched page that cannot be decoded (UTF-16) is that page's problem, not the run's.
        if (!(remote && error instanceof PricelintError)) throw error;
        yield { columns: MATCHED_COLUMNS, records: [problemRecord(1, "page_unavailable", `${feed.path}: ${error.message}`)] };
        return;
      }
      // A page's times without an offset (priceValidUntil) are in the html feed's zone, else the config's.
      const zone = feed.timezone ?? config.timezone;
      yield { columns: MATCHED_COLUMNS, records: matchOffers(records, columns, items, pageUrl, span, zone, bases.get(feed)) };
    },
  };
}

function isHtml(feed: FeedConfig): boolean {
  return fileFormat(feed, feed.path).name === "html";
}

/** The encoding of a charset an HTTP answer names: utf-8 unless it names latin1 or windows-1252 (which the WHATWG reads latin1 as). */
/**
 * The charset a page declares in a `<meta charset>` or `<meta http-equiv content="…; charset=…">`
 * within its first 1024 bytes (where a browser looks before it decodes); null when none.
 */
function declaredCharset(body: Uint8Array): string | null {
  // Read by the page scanner itself, as latin1 (every byte a character): the tags are ASCII whatever the charset.
  const scanner = new HtmlScanner(HEAD_BYTES);
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, HEAD_BYTES)).toString("latin1");
  const items = [...scanner.push(head), ...scanner.end()];
  for (const item of items) if (item.kind === "charset") return item.charset;
  return null;
}

/** Where a browser looks for a page's declared charset before it decodes it. */
const HEAD_BYTES = 1024;

function encodingOf(charset: string | null): Encoding {
  if (charset === null) return "utf-8";
  return ["iso-8859-1", "latin1", "windows-1252", "cp1252", "us-ascii"].includes(charset) ? "windows-1252" : "utf-8";
}

function fetchOptionsOf(feed: FeedConfig, baseDir: string): FetchOptions {
  const f = feed.fetch ?? {};
  const seconds = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  return {
    concurrency: f.concurrency,
    timeoutMs: seconds(f.timeoutSeconds),
    deadlineMs: seconds(f.deadlineSeconds),
    retries: f.retries,
    maxBytes: f.maxBytes,
    maxRedirects: f.maxRedirects,
    cacheDir: f.cache === undefined ? null : resolvePath(baseDir, f.cache),
    maxAgeSeconds: f.maxAgeSeconds,
  };
}

/** Every item's link as written, once each, in code-unit order. */
function linkUrls(items: Items & { readonly written: ReadonlyMap<string, string> }): string[] {
  return [...new Set([...items.written.values()])].sort(compareText);
}

/**
 * Reads the skus, GTINs and links of the catalogue and price feeds, each through its views (a
 * profile's included), each view with its own mapping: a catalogue view gives skus, GTINs and
 * links, a prices view links. A feed with no view giving a link and no catalogue view stops at its
 * header. A feed that cannot be read here is left for its own reading to report.
 */
async function readItems(feeds: readonly FeedConfig[], baseDir: string): Promise<Items & { readonly written: Map<string, string> }> {
  const items = {
    skus: new Set<string>(),
    gtins: new Map<string, Set<string>>(),
    links: new Map<string, Set<string>>(),
    catalogue: false,
    written: new Map<string, string>(),
  };
  for (const feed of feeds) {
    if (feed.path === "-") continue;
    const views = feedViews(feed).filter((view) => view.kind === "catalogue" || view.kind === "prices");
    if (views.length === 0) continue;
    const catalogue = views.some((view) => view.kind === "catalogue");
    if (catalogue) items.catalogue = true;
    const format = fileFormat(feed, feed.path);
    const readers = views.map((view) => ({
      catalogue: view.kind === "catalogue",
      // Every value of a repeated attribute (each GTIN) is read for the matching: not the view's `repeated`.
      reader: new RowReader({ ...viewReaderOptions(feed, view), channels: new Set(), fixedWidth: false }),
    }));
    try {
      for await (const batch of readFeedFile(resolvePath(baseDir, feed.path), feedReadOptions(feed, format))) {
        for (const { reader } of readers) reader.bind(batch.columns, false);
        const atom = { href: batch.columns.indexOf("link@href"), rel: batch.columns.indexOf("link@rel") };
        if (!catalogue && format.fixedWidth && readers.every(({ reader }) => reader.columnOf("link") < 0 && !reader.isConstant("link")))
          break;
        for (const record of batch.records) {
          if (record.problem) continue;
          for (const { catalogue, reader } of readers) {
            const sku = skuText(reader.rawCell(record, "sku"));
            if (sku === null) continue;
            if (catalogue) {
              items.skus.add(sku);
              for (const gtin of gtinKeys(reader.rawCell(record, "gtin"), format.fixedWidth)) add(items.gtins, gtin, sku);
            }
            const link = linkOf(reader, record, atom);
            const key = link === null ? null : linkKey(link);
            if (key !== null) {
              add(items.links, key, sku);
              if (!items.written.has(key)) items.written.set(key, link!);
            }
          }
        }
      }
    } catch {
      // The feed's own reading reports what is wrong with it.
    }
  }
  return items;
}

/**
 * A record's link: its view's `link` field; else, where the view finds no `link` column, an Atom
 * entry's (Google's Atom feeds write the item's link `<link href="…"/>`, which the XML reader
 * gives as the columns `link@href` and `link@rel`, at `atom`, one value per `<link>` once the
 * element repeats, "" for one without the attribute): the `href` of its first `<link>` whose `rel`
 * is `alternate` or absent (Atom's default). Null when it gives none.
 */
function linkOf(reader: RowReader, record: RawRecord, atom: { readonly href: number; readonly rel: number }): string | null {
  if (reader.columnOf("link") >= 0 || reader.isConstant("link") || atom.href < 0) return text(reader.rawCell(record, "link"));
  const hrefs = cellValues(record.cells[atom.href]);
  const rels = cellValues(record.cells[atom.rel]);
  if (rels.length > 0 && rels.length !== hrefs.length) return null;
  const at = rels.length === 0 ? 0 : rels.findIndex((rel) => rel.trim() === "" || rel.trim() === "alternate");
  return at < 0 ? null : text(hrefs[at]);
}

/** A cell's values: a list's items, one text, or none. */
function cellValues(cell: Cell): readonly string[] {
  return cell === undefined ? [] : typeof cell === "string" ? [cell] : cell;
}

function add(map: Map<string, Set<string>>, key: string, sku: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([sku]));
  else set.add(sku);
}

/** A sku as the dataset keys it: trimmed, in NFC (`CAFE` and a combining accent is `CAFÉ`), whichever feed or page writes it. */
function skuText(cell: Cell): string | null {
  const t = text(cell);
  return t === null ? null : nfc(t);
}

function text(cell: Cell): string | null {
  if (typeof cell !== "string") return null;
  const t = cell.trim();
  return t === "" ? null : t;
}

/**
 * A GTIN compared by its digits as GTIN-14 (`4006381333931` and `04006381333931` are one), the
 * spaces and dashes Google allows in one ignored (`4006381 333931`, `0-12345-67890-5`); null when
 * it is not 8 to 14 digits.
 */
export function gtinKey(gtin: string | null): string | null {
  if (gtin === null) return null;
  const digits = gtin.replace(GTIN_SEPARATORS, "");
  return /^\d{8,14}$/.test(digits) ? digits.padStart(14, "0") : null;
}

/** White space and dashes, which Google ignores in a GTIN. */
const GTIN_SEPARATORS = /[\s\-\u2010-\u2015]/gu;

/**
 * The GTINs of a catalogue cell, each as {@link gtinKey} compares it: a list's items (an XML
 * element repeated), or, in a table's cell (`commas`: delimited text, a workbook, Parquet), the
 * values of a text separated by commas (as Google's text feeds give a repeated attribute, up to
 * ten GTINs of one item); one XML element is one value, commas and all. The values that are no
 * GTIN are left out.
 */
function gtinKeys(cell: Cell, commas: boolean): string[] {
  const keys: string[] = [];
  for (const value of typeof cell === "string" && commas ? cell.split(",") : cellValues(cell)) {
    const key = gtinKey(value.trim());
    if (key !== null && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * A link compared as a page's address: scheme and host in lower case (as URL parsing gives them),
 * without a default port, a fragment, or a trailing slash on the path; the query is kept (a
 * variant's `?variant=123` is a page of its own). Null when it is not an http(s) URL.
 */
export function linkKey(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  let end = url.pathname.length;
  while (end > 1 && url.pathname.charCodeAt(end - 1) === 47 /* / */) end--;
  if (end < url.pathname.length) url.pathname = url.pathname.slice(0, end);
  return url.href;
}

/** A rejected offer's record: the sku it was matched to, where it was (its finding is that sku's, to waive or to read). */
function problemRecord(line: number, code: RowErrorCode, reason: string, sku: string | null = null): RawRecord {
  return { line, cells: sku === null ? [] : [sku], problem: { code, reason, column: null } };
}

/**
 * Matches each offer of one page to its item, in this order: the markup's sku, when it is a sku of
 * the catalogue (or, without one, as it is); its GTIN, when the catalogue has it; the offer's or
 * product's `url` when it is an item's link; else, only when no Product on the page names an item
 * so, the page's address (as fetched, else its canonical link): beside a product naming an item, one
 * naming none (related products) is passed over. An offer matched to none, or to two items by a
 * shared GTIN or link, is rejected; so
 * is an offer for another item on the page that is one item's own link and shows no offer for it
 * (a variant's URL showing another variant's price). A page that is items' link and shows their
 * offers is their landing page and that of the other variants of their product: another
 * product's offer on it (related products) is passed over. Then what the page's price of each item is
 * over the span ({@link pageTimeline}): an offer whose priceValidUntil is before the span's start
 * is set aside, and rejected only when its item has no other price on the page then; offers of one
 * item (matched to one sku, however the markup names it) that hold at one instant at different prices are rejected,
 * once, and a price that holds only after such a conflict ends is read from then on. An offer's
 * tax basis is the one its markup states, else `basis` (the feed's constant), else none (the default).
 */
function matchOffers(
  records: readonly RawRecord[],
  columns: readonly string[],
  items: Items,
  fetchedUrl: string | null,
  span: PageSpan,
  zone: string,
  basis: Cell,
): RawRecord[] {
  const col = (name: OfferColumn) => columns.indexOf(name);
  const cell = (record: RawRecord, name: OfferColumn) => text(record.cells[col(name)]);
  const pageUrl = fetchedUrl ?? records.map((r) => cell(r, "page_url")).find((u) => u !== null) ?? null;
  const pageKey = pageUrl === null ? null : linkKey(pageUrl);
  const pageItems = pageKey === null ? null : (items.links.get(pageKey) ?? null);
  // An offer is of the item its Product names (by sku, GTIN or its own url); the page's address
  // names the item of an offer whose Product names none only when no Product on the page names
  // one: beside the page's own item, a product naming none (related products) is no item's.
  const named = records.map((record) => (record.problem ? null : namedItem(record, cell, items)));
  const anyNamed = named.some((m) => m !== null);
  const matched = records.map((record, i) =>
    record.problem ? null : (named[i] ?? (anyNamed ? PASSED_OVER : pageItem(record, cell, items, fetchedUrl))),
  );
  const shown = new Set(matched.flatMap((m) => (m !== null && "sku" in m ? [m.sku] : [])));
  // The products whose offers are for an item the page is the link of: the page's own (a
  // ProductGroup's variants are one product). Another product on it (related products) is no
  // landing page of its items, and is passed over.
  const own = new Set(
    records.flatMap((record, i) => {
      const m = matched[i];
      return m !== null && m !== undefined && "sku" in m && pageItems?.has(m.sku) === true ? [cell(record, "product")] : [];
    }),
  );
  /** What each record gives: rows now, or its price on the page (an index into `prices`) to be read over the span. */
  const out: RawRecord[][] = records.map(() => []);
  const prices: PagePrice[] = [];
  const priced: { readonly record: number; readonly sku: string; readonly ended: string }[] = [];
  // The prices of one Offer (its priceSpecification's entries) share its ordinal: the Offer is rejected once, and whole.
  const offerOf = (i: number) => {
    const ordinal = cell(records[i]!, "offer");
    return ordinal === null ? -1 - i : Number(ordinal);
  };
  const rejected = new Set<number>();
  const reject = (i: number, row: RawRecord) => {
    if (!rejected.has(offerOf(i))) out[i]!.push(row);
    rejected.add(offerOf(i));
  };
  for (const [i, record] of records.entries()) {
    if (record.problem) {
      out[i]!.push({ line: record.line, cells: [], problem: record.problem });
      continue;
    }
    const m = matched[i]!;
    if (m === PASSED_OVER) continue;
    if ("reason" in m) {
      reject(i, problemRecord(record.line, "page_not_matched", m.reason));
      continue;
    }
    const price = cell(record, "price");
    const currency = cell(record, "currency");
    if (pageItems !== null && !pageItems.has(m.sku) && own.size > 0 && !own.has(cell(record, "product"))) continue;
    if (pageItems !== null && !pageItems.has(m.sku) && ![...pageItems].some((s) => shown.has(s))) {
      const own = [...pageItems].sort(compareText).join(", ");
      reject(
        i,
        problemRecord(
          record.line,
          "wrong_variant",
          `the page ${pageUrl} is the link of sku ${own} but shows no offer for it, only one for sku ${m.sku} (${price ?? "no price"}${currency ? ` ${currency}` : ""}): a variant's link must show that variant's price`,
          m.sku,
        ),
      );
      continue;
    }
    const bounds = priceBounds(record, cell, zone);
    if ("code" in bounds) {
      reject(i, problemRecord(record.line, bounds.code, bounds.reason, m.sku));
      continue;
    }
    // Offers of one item: the item each is matched to, however the markup names it (a sku, a
    // GTIN, both, a url); variants under one sku, each with a GTIN of its own, match items of their own.
    prices.push({ offer: offerOf(i), item: m.sku, price: pagePriceKey(price, currency), from: bounds.from, until: bounds.until });
    priced.push({ record: i, sku: m.sku, ended: bounds.ended });
  }
  // An Offer with a price rejected is rejected whole: its other prices would stand in for that one.
  const kept = prices.flatMap((p, k) => (rejected.has(p.offer) ? [] : [k]));
  const timeline = pageTimeline(
    kept.map((k) => prices[k]!),
    span,
  );
  const iso = (instant: number | null) => (instant === null ? undefined : new Date(instant).toISOString());
  for (const run of timeline.runs) {
    const { record: i, sku } = priced[kept[run.price]!]!;
    const record = records[i]!;
    const cells: Cell[] = [
      sku,
      cell(record, "price") ?? undefined,
      cell(record, "currency") ?? undefined,
      cell(record, "tax_included") ?? basis,
      iso(run.from),
      iso(run.to),
    ];
    out[i]!.push({ line: record.line, cells });
  }
  for (const conflict of timeline.conflicts) {
    const first = priced[kept[conflict.prices[0]!]!]!;
    const shownPrices = new Set(
      conflict.prices.map((p) => {
        const record = records[priced[kept[p]!]!.record]!;
        const currency = cell(record, "currency");
        return `${cell(record, "price") ?? "no price"}${currency ? ` ${currency}` : ""}`;
      }),
    );
    const when = `${conflict.from === null ? "" : ` from ${iso(conflict.from)}`}${conflict.to === null ? "" : ` until ${iso(conflict.to)}`}`;
    out[first.record]!.push(
      problemRecord(
        records[first.record]!.line,
        "conflicting_offers",
        `the page has ${conflict.prices.length} offers for sku ${conflict.item} at different prices (${[...shownPrices].join(", ")})${when}: which one it shows is unknown`,
        first.sku,
      ),
    );
  }
  for (const price of timeline.expired) {
    // Named by the price that held last: a sale entry ended before the regular one is not what the page showed last.
    const { record: i, sku, ended } = priced[kept[price]!]!;
    const record = records[i]!;
    out[i]!.push(
      problemRecord(
        record.line,
        "page_price_expired",
        `the page's price ${cell(record, "price") ?? ""} for sku ${sku} ${ended}, before the check's instant: Google ignores an expired price`,
        sku,
      ),
    );
  }
  return out.flat();
}

/**
 * The bounds an offer's markup writes for its price: its `priceValidUntil` (until then, as a row's
 * valid_to: a window sees it end), its `priceSpecification` entry's `validFrom` and
 * `validThrough`, and the Offer's own; where several bound it, the latest start and the earliest
 * end, named in that order on a tie.
 */
const PRICE_BOUNDS: readonly {
  readonly column: OfferColumn;
  readonly property: string;
  readonly role: DateRole;
  readonly ended?: (written: string) => string;
}[] = [
  { column: "price_valid_until", property: "priceValidUntil", role: "end", ended: (w) => `is valid until ${w}` },
  { column: "valid_from", property: "validFrom", role: "start" },
  {
    column: "valid_through",
    property: "validThrough",
    role: "end",
    ended: (w) => `is valid through ${w} (its priceSpecification's validThrough)`,
  },
  { column: "offer_valid_from", property: "the Offer's validFrom", role: "start" },
  {
    column: "offer_valid_through",
    property: "the Offer's validThrough",
    role: "end",
    ended: (w) => `is valid through ${w} (the Offer's validThrough)`,
  },
];

/**
 * Where an offer's price holds, [from, until) (null: no bound), and how to say where it ends
 * (`ended`, for an expired offer); or why one of its bounds cannot be read.
 */
function priceBounds(
  record: RawRecord,
  cell: (record: RawRecord, name: OfferColumn) => string | null,
  zone: string,
):
  | { readonly from: number | null; readonly until: number | null; readonly ended: string }
  | { readonly code: RowErrorCode; readonly reason: string } {
  let from: number | null = null;
  let until: number | null = null;
  let ended = "";
  for (const bound of PRICE_BOUNDS) {
    const written = cell(record, bound.column);
    if (written === null) continue;
    const parsed = parseInstant(written, zone, bound.role);
    if (!parsed.ok) return { code: parsed.code, reason: `${bound.property} "${written}": ${parsed.reason}` };
    if (bound.role === "start") from = from === null ? parsed.instant : Math.max(from, parsed.instant);
    else if (until === null || parsed.instant < until) {
      until = parsed.instant;
      ended = bound.ended!(written);
    }
  }
  return { from, until, ended };
}

/** An offer of a product naming no catalogue item, beside one that names an item: no landing page price of any item. */
const PASSED_OVER: { readonly reason: string } = { reason: "" };

/**
 * The item an offer's markup names: its sku, when a catalogue sku (or without a catalogue), its
 * catalogue GTIN, else its own (or its product's) `url` when that is an item's link; a reason when
 * it names several items by a shared GTIN or link; null when it names none.
 */
function namedItem(
  record: RawRecord,
  cell: (record: RawRecord, name: OfferColumn) => string | null,
  items: Items,
): { readonly sku: string } | { readonly reason: string } | null {
  const written = cell(record, "sku");
  const sku = written === null ? null : nfc(written);
  if (sku !== null && (!items.catalogue || items.skus.has(sku))) return { sku };
  const gtin = cell(record, "gtin");
  const byGtin = items.gtins.get(gtinKey(gtin) ?? "");
  if (byGtin !== undefined) {
    if (byGtin.size === 1) return { sku: [...byGtin][0]! };
    return { reason: `gtin ${gtin} is the catalogue's gtin of several skus (${[...byGtin].sort(compareText).join(", ")})` };
  }
  return itemOfLink(cell(record, "url"), items);
}

/** The item whose link a URL is; a reason when it is the link of several; null when of none. */
function itemOfLink(url: string | null, items: Items): { readonly sku: string } | { readonly reason: string } | null {
  const key = url === null ? null : linkKey(url);
  const byLink = key === null ? undefined : items.links.get(key);
  if (byLink === undefined) return null;
  if (byLink.size === 1) return { sku: [...byLink][0]! };
  return {
    reason: `${url} is the link of several skus (${[...byLink].sort(compareText).join(", ")}) and the offer names neither sku nor a catalogue gtin`,
  };
}

/** The item of an offer whose markup names none: the one whose link the page is (as fetched, else its canonical link). */
function pageItem(
  record: RawRecord,
  cell: (record: RawRecord, name: OfferColumn) => string | null,
  items: Items,
  fetchedUrl: string | null,
): { readonly sku: string } | { readonly reason: string } {
  for (const url of [fetchedUrl, cell(record, "page_url")]) {
    const found = itemOfLink(url, items);
    if (found !== null) return found;
  }
  const written = cell(record, "sku");
  const gtin = cell(record, "gtin");
  const named = [
    written === null ? null : `sku ${nfc(written)}`,
    gtin === null ? null : `gtin ${gtin}`,
    cell(record, "url") ?? cell(record, "page_url"),
  ].filter((x) => x !== null);
  return {
    reason: `the offer (${named.length === 0 ? "naming no sku, gtin or url" : named.join(", ")}) matches no item: no sku of the catalogue, no catalogue gtin, no item's link`,
  };
}
