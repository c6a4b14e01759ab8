import { isPathPattern } from "../io/feed-paths.js";
import { FORMAT_OPTIONS, type FeedFormat, type FormatOption } from "../io/formats/format.js";
import { FORMATS, formatNamed, formatOfEnding, formatOfPath } from "../io/formats/registry.js";

/** What of a feed entry says which format its files are read as. */
export interface FeedFormatInput {
  readonly path: string;
  readonly format?: string | undefined;
}

/**
 * The format one file of a feed is read as: the feed's `format`, else the file's own ending
 * (`prices.tsv.gz` is tsv). Each file a pattern matches is read by its own name.
 */
export function fileFormat(feed: Pick<FeedFormatInput, "format">, file: string): FeedFormat {
  return feed.format === undefined ? formatOfPath(file) : formatNamed(feed.format);
}

/**
 * The format every file a feed's path names is read as: its `format`, else the one its path's
 * ending gives. A pattern gives one only where its text ends in a format's file ending
 * (`p/*.xlsx`, `p/{a,b}_*.csv.gz`): every file it matches ends so. Null for any other pattern
 * (`p/*`, `p/*.{xlsx,XLSX}`, `p/data_*`), whose files could be of several formats: each is then
 * read as its own ending says, and a setting is judged file by file (see {@link settingsNotTaken}).
 */
export function feedFormat(feed: FeedFormatInput): FeedFormat | null {
  if (feed.format !== undefined || !isPathPattern(feed.path)) return fileFormat(feed, feed.path);
  return formatOfEnding(feed.path);
}

/**
 * The format settings a feed sets that `format` does not take, each with the formats that do
 * (`delimiter` over json: csv, tsv). Such a setting would be ignored without a word: it is refused.
 */
export function settingsNotTaken(
  feed: Partial<Record<FormatOption, unknown>>,
  format: FeedFormat,
): { readonly option: FormatOption; readonly takers: readonly string[] }[] {
  return FORMAT_OPTIONS.filter((option) => feed[option] !== undefined && !format.options.includes(option)).map((option) => ({
    option,
    takers: FORMATS.filter((f) => f.options.includes(option)).map((f) => f.name),
  }));
}
