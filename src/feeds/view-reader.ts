import { feedViews, type ResolvedView } from "../config/feed-views.js";
import { FEED_FIELDS } from "../model/fields.js";
import type { FeedConfig } from "../config/schema.js";
import type { RowReaderOptions } from "./row-reader.js";
import { fileFormat } from "../config/feed-format.js";

/**
 * What a view's row reader takes of its feed and of the view, whoever reads the feed through it:
 * the check, or the matching of landing pages to items, which then add their own settings.
 */
export function viewReaderOptions(
  feed: FeedConfig,
  view: ResolvedView,
): Pick<
  RowReaderOptions,
  | "kind"
  | "file"
  | "numberFormat"
  | "columns"
  | "constants"
  | "values"
  | "ignoreColumns"
  | "ignoredAsWritten"
  | "looseColumns"
  | "optionalColumns"
  | "zoneReadElsewhere"
> {
  return {
    kind: view.kind,
    file: feed.path,
    numberFormat: {
      decimal: feed.decimal ?? ".",
      thousands: feed.thousands,
      assumed: assumesNumberFormat(feed),
      fixedBy: fixedNumberFormat(feed),
    },
    columns: view.columns,
    constants: view.constants,
    values: view.values,
    ignoreColumns: feed.ignoreColumns,
    // XML's reader passes over an element or attribute as the record writes it (io/xml.ts), its columns go by local name.
    ignoredAsWritten: formatOf(feed).name === "xml",
    looseColumns: view.looseColumns,
    optionalColumns: view.optionalColumns,
    zoneReadElsewhere: feedViews(feed).some(
      (other) => other.kind !== view.kind && FEED_FIELDS[other.kind].some((f) => f.type === "timezone"),
    ),
  };
}

/**
 * Whether a feed's number format is assumed: it sets neither `decimal` nor `thousands`, and its
 * format takes them. A format that does not (a page's schema.org markup writes `.` as its
 * decimal separator; Parquet's numbers are typed) has its numbers written one way only.
 */
function assumesNumberFormat(feed: FeedConfig): boolean {
  if (feed.decimal !== undefined || feed.thousands !== undefined) return false;
  return formatOf(feed).options.includes("decimal");
}

/** The name of a feed's format when it takes no `decimal` and `thousands` (see NumberFormat.fixedBy). */
function fixedNumberFormat(feed: FeedConfig): string | undefined {
  const format = formatOf(feed);
  return format.options.includes("decimal") ? undefined : format.name;
}

const formatOf = (feed: FeedConfig) => fileFormat(feed, feed.path);
