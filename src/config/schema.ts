import { z } from "zod";
import { FEED_FIELDS, FEED_KINDS, isFeedField, mayShareColumn, type FeedKind } from "../model/fields.js";
import { BUILTIN_CHANNELS, channelRegistry } from "./channels.js";
import { SEVERITIES } from "../model/finding.js";
import { codeInOtherCase, isCurrencyCode } from "../money/currencies.js";
import { compileDatePattern } from "../time/date-pattern.js";
import { isTimeZone } from "../time/instant.js";
import { foldedName, nfc } from "../text/keys.js";
import { FORMAT_NAMES } from "../io/formats/registry.js";
import { feedFormat, fileFormat, settingsNotTaken } from "./feed-format.js";
import { pathPlaceholders, placeholderProblem } from "../io/feed-paths.js";
import { PROFILE_NAMES, profileNamed } from "../profiles/profiles.js";
import { feedViews, fieldsOf, type FeedViewsInput } from "./feed-views.js";
import type { FeedView } from "../profiles/profile.js";
import { shown } from "../text/shown.js";
import { nearest } from "../text/nearest.js";

/** Names rules read facts by (`product.cost`, `options.maxPercent`, `previous.price`, `smaller.unitPrice`, `now`): no channel takes one. */
const RESERVED_CHANNELS: readonly string[] = ["product", "options", "previous", "smaller", "larger", "now"];

const timezone = z.string().refine(isTimeZone, { message: "not an IANA time zone (e.g. Europe/Rome)" });
const currency = z.string().superRefine((code, ctx) => {
  if (!isCurrencyCode(code)) ctx.addIssue({ code: "custom", message: codeInOtherCase(code) ?? "not an ISO 4217 currency code (e.g. EUR)" });
});
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const columnsSchema = z.record(z.string(), z.string().min(1)).describe("canonical field → source column");
const constantsSchema = z.record(z.string(), cellValue).describe("canonical field → fixed value");
const valuesSchema = z.record(z.string(), z.record(z.string(), z.string())).describe("canonical field → source value → canonical value");
const offersSchema = z
  .array(
    z.strictObject({
      channel: z.string().min(1),
      when: z
        .record(z.string(), z.array(z.string()).min(1))
        .optional()
        .describe("canonical field → the values it may have for the row to yield this offer (all must match)"),
    }),
  )
  .min(1)
  .describe("prices: the offers each row yields, one per entry whose when the row meets (instead of a channel column or constant)");
const inheritFromSchema = z
  .string()
  .min(1)
  .describe(
    "prices: a row without price and sale_price takes them (with the sale window, and the currency if it names none) from this channel's row of the same sku without a location",
  );

const skipWithoutSchema = z
  .array(z.string().min(1))
  .describe(
    "required fields of the view's kind without which a row yields nothing of this view, and is not rejected for them (its other views still read it); [] makes each required again",
  );
const repeatedSchema = z
  .record(z.string(), z.string().min(1))
  .describe(
    "under a profile: fields read from an attribute that may repeat, of which each takes the first value: field → the separator of the values in a text feed's cell (an XML element repeated gives its first); {} reads each as one value",
  );

/** One way of reading a feed's records (README, "Feeds": views); `pricelint profile --json` prints a profile's, each key of which a view may override. */
export const viewSchema = z.strictObject({
  kind: z.enum(FEED_KINDS),
  columns: columnsSchema.optional(),
  constants: constantsSchema.optional(),
  values: valuesSchema.optional(),
  offers: offersSchema.optional(),
  inheritFrom: inheritFromSchema.optional(),
  skipWithout: skipWithoutSchema.optional(),
  repeated: repeatedSchema.optional(),
});

/**
 * A view's `skipWithout` and `repeated` (at `at`), against what the feed's views resolve to
 * (`resolved`, the view of its kind): skipWithout names required fields of its kind (another's
 * absence skips nothing); `repeated` names fields read from the profile's own mapping, as only
 * those are read as an attribute that may repeat: one that the config maps to a column of its
 * own, or sets as a constant, or a feed without a profile, is read as one value.
 */
function viewReadings(
  view: FeedView,
  resolved: ReturnType<typeof feedViews>[number],
  profile: string | undefined,
  at: PropertyKey[],
  issue: (path: PropertyKey[], message: string) => void,
): void {
  const specs = FEED_FIELDS[view.kind];
  const required = specs.filter((f) => f.required === true).map((f) => f.name);
  (view.skipWithout ?? []).forEach((field, i) => {
    if (!required.includes(field))
      issue(
        [...at, "skipWithout", i],
        `"${field}" is not a required field of ${view.kind} rows (${required.join(", ")}): a row without another field is read as it is, so skipWithout names required ones`,
      );
  });
  for (const field of Object.keys(view.repeated ?? {})) {
    if (!isFeedField(view.kind, field))
      issue([...at, "repeated", field], `"${field}" is not a field of ${view.kind} rows; fields: ${fieldsOf([view.kind]).join(", ")}`);
    else if (!resolved.optionalColumns.has(field))
      issue(
        [...at, "repeated", field],
        profile === undefined
          ? `repeated reads a profile's attributes that may repeat: without a profile, ${field}'s column is read as one value`
          : `${field} is not read from the ${profile} profile's column here (the config maps it to a column of its own, or sets it as a constant), which is read as one value: repeated applies to the profile's mapping of a field`,
      );
  }
}

/** One feed: where it is, how to read it, how its columns map to canonical fields (README, "Feeds"). */
export const feedSchema = z
  .strictObject({
    kind: z
      .enum(FEED_KINDS)
      .optional()
      .describe("what the rows are; under a profile or with views, leave it out (or pick one of the profile's kinds)"),
    profile: z
      .enum(PROFILE_NAMES)
      .optional()
      .describe("a third party's feed read as it means: its views, mappings, value maps and zone (docs/google-merchant-center.md)"),
    views: z
      .array(viewSchema)
      .min(1)
      .optional()
      .describe("the kinds a file's records are read as, each with its own mapping; the file is read once"),
    path: z
      .string()
      .min(1)
      .describe(
        'file path relative to the config file, a glob pattern whose {field} parts are read into that field (prices/store_{location}/*.csv), or "-" for standard input',
      ),
    format: z.enum(FORMAT_NAMES).optional().describe("default: from the extension, else csv"),
    delimiter: z
      .string()
      .length(1, "one character")
      .refine((d) => d !== '"' && d !== "\n" && d !== "\r", { message: "a delimiter cannot be a quote or a line break" })
      .optional(),
    skipLines: z.int().min(0).optional().describe("lines before the header (a spreadsheet's rows before its header row)"),
    quotes: z
      .boolean()
      .optional()
      .describe(
        'csv/tsv: whether a " opens a quoted cell (default true); false: quotes are text, each line is split on the delimiter alone',
      ),
    sheet: z.string().min(1).optional().describe("xlsx: the sheet to read, by name (default: the first)"),
    recordElement: z
      .string()
      .min(1)
      .optional()
      .describe("xml: the local name of the elements that are records (default: RSS item and Atom entry)"),
    encoding: z.enum(["utf-8", "latin1", "windows-1252"]).optional(),
    decimal: z.enum([".", ","]).optional(),
    thousands: z.enum([",", ".", "'", " "]).optional(),
    timezone: timezone.optional().describe("for timestamps without an offset (a profile may set one: Google's is UTC)"),
    dateFormat: z
      .string()
      .superRefine((text, ctx) => {
        const pattern = compileDatePattern(text);
        if ("problem" in pattern) ctx.addIssue({ code: "custom", message: pattern.problem });
      })
      .optional()
      .describe(
        'how the feed writes dates and times when not in ISO 8601: "dd/MM/yyyy HH:mm:ss" (yyyy, MM or M, dd or d, HH or H, mm, ss); a cell may give the date alone, or be in ISO 8601',
      ),
    columns: columnsSchema.optional(),
    constants: constantsSchema.optional(),
    values: valuesSchema.optional(),
    offers: offersSchema.optional(),
    inheritFrom: inheritFromSchema.optional(),
    ignoreColumns: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "source columns left unread on purpose: no feed/unmapped-column warning for them, and in JSON, workbooks and XML nothing in them rejects a record; XML elements and attributes as written (id, g:id, g:price@currency)",
      ),
    fetch: z
      .strictObject({
        cache: z.string().min(1).optional().describe("a folder (relative to the config) keeping fetched pages between runs"),
        maxAgeSeconds: z
          .int()
          .min(0)
          .optional()
          .describe("seconds a cached page is used without asking the server (default 0: revalidated)"),
        concurrency: z.int().min(1).max(32).optional().describe("requests at once (default 4)"),
        timeoutSeconds: z.number().positive().max(300).optional().describe("one request, first byte to last (default 15)"),
        deadlineSeconds: z.number().positive().optional().describe("all pages together (default 600)"),
        retries: z.int().min(0).max(10).optional().describe("further tries on 429, 5xx or a failed connection (default 2)"),
        maxBytes: z.int().min(1).optional().describe("bytes of one page (default 5 MiB)"),
        maxRedirects: z.int().min(0).max(20).optional().describe("redirects followed for one page (default 5)"),
      })
      .optional()
      .describe('html feeds whose path is a URL or "links": how pages are fetched'),
    partition: z
      .strictObject({
        by: z.enum(["sku", "family"]).describe("what the files were bucketed by: each row's sku, or its sku's catalogue family"),
        hash: z
          .enum(["iceberg", "spark"])
          .describe(
            "the bucketing function: iceberg, an Iceberg/Trino/Athena bucket(N, key) table; spark, Spark's repartition(N, key), bucketBy or pmod(hash(key), N)",
          ),
        buckets: z.int().min(1).max(1_000_000).describe("the number of buckets the files were written in"),
        placeholder: z
          .string()
          .regex(/^[a-z][a-z0-9_]*$/, "a placeholder's name: lowercase letters, digits and _")
          .default("bucket")
          .describe("the {placeholder} of the path that gives each file's bucket number (default bucket: prices/bucket={bucket}/*.csv)"),
      })
      .optional()
      .describe(
        "the feed's files are partitioned upstream by sku or family: --shard K/N then reads only the files of its buckets (docs/scale.md)",
      ),
    priceInForce: z
      .enum(["unpriced", "never"])
      .optional()
      .describe(
        "price_history: unpriced (default): a history row is the regular price in force, from its valid_from until the offer's next row, of an offer that has no price row; never: history feeds the Omnibus rules only",
      ),
  })
  .superRefine((feed, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (feed.kind === undefined && feed.profile === undefined && feed.views === undefined) {
      issue(["kind"], `a feed needs a kind (${FEED_KINDS.join(", ")}), a profile (${PROFILE_NAMES.join(", ")}) or views`);
      return;
    }
    if (feed.kind !== undefined && feed.views !== undefined && feed.profile === undefined) {
      issue(["kind"], "kind and views both say what the rows are: give the kinds in views only");
      return;
    }
    if (feed.kind !== undefined && feed.profile !== undefined && !profileNamed(feed.profile)!.views.some((v) => v.kind === feed.kind)) {
      const kinds = profileNamed(feed.profile)!.views.map((v) => v.kind);
      issue(["kind"], `profile ${feed.profile} reads ${kinds.join(" and ")} rows, not ${feed.kind}`);
      return;
    }
    (feed.views ?? []).forEach((view, i) => {
      if ((feed.views ?? []).findIndex((v) => v.kind === view.kind) !== i)
        issue(["views", i, "kind"], `a second ${view.kind} view: give each kind once`);
      userMapping(view.kind, view, ["views", i], issue);
    });
    const views = feedViews(feed);
    (feed.views ?? []).forEach((view, i) => {
      const resolved = views.find((v) => v.kind === view.kind);
      if (resolved !== undefined) viewReadings(view, resolved, feed.profile, ["views", i], issue);
    });
    const kinds = views.map((v) => v.kind);
    const named = kinds.length === 1 ? `${kinds[0]} feeds` : `the feed's kinds (${kinds.join(", ")})`;
    for (const key of ["columns", "constants", "values"] as const) {
      for (const field of Object.keys(feed[key] ?? {})) {
        if (!kinds.some((kind) => isFeedField(kind, field))) {
          issue([key, field], `"${field}" is not a field of ${named}; fields: ${fieldsOf(kinds).join(", ")}`);
        }
      }
    }
    constantTypes(kinds, feed.constants, [], issue);
    (feed.views ?? []).forEach((view, i) => constantTypes([view.kind], view.constants, ["views", i], issue));
    for (const key of ["offers", "inheritFrom"] as const) {
      if (feed[key] !== undefined && !kinds.includes("prices"))
        issue([key], `${key} applies to prices rows; this feed reads ${kinds.join(", ")}`);
    }
    if (feed.kind !== undefined && feed.profile === undefined) userMapping(feed.kind, feed, [], issue);
    // A pattern whose files could be of several formats has its settings judged file by file, as
    // each is read (settingsNotTaken); its other checks take the format its text ends in.
    const known = feedFormat(feed);
    const format = known ?? fileFormat(feed, feed.path);
    twiceGiven(feed, format.fixedWidth, issue);
    mapOverConstant(feed, issue);
    views.forEach((view) => {
      const at: PropertyKey[] = feed.views?.some((v) => v.kind === view.kind)
        ? ["views", feed.views.findIndex((v) => v.kind === view.kind)]
        : [];
      const fieldsByColumn = new Map<string, string[]>();
      for (const [field, column] of Object.entries(view.columns ?? {}))
        fieldsByColumn.set(column, [...(fieldsByColumn.get(column) ?? []), field]);
      // Under a profile, a field the config does not map keeps the profile's mapping: the message says whose each is.
      const viewColumns = at.length === 0 ? undefined : feed.views?.[at[1] as number]?.columns;
      const byProfile = (field: string) =>
        feed.profile !== undefined && feed.columns?.[field] === undefined && viewColumns?.[field] === undefined;
      for (const [column, fields] of fieldsByColumn) {
        // One column may give a window's two ends (`start/end`: sale_start and sale_end, a promotion's start and end), or size and size_unit (a measure, `750 ml`).
        if (!mayShareColumn(fields)) {
          const theirs = fields.filter(byProfile);
          const whose =
            theirs.length === 0
              ? ""
              : `; the ${feed.profile} profile maps ${theirs.join(" and ")} to it, the config ${fields.filter((f) => !byProfile(f)).join(" and ")}: a profile's mapping gives way only where the config maps that field, so map ${theirs.join(" and ")} to another column too, or set it under "constants"`;
          issue(
            [...at, "columns"],
            `column "${column}" is mapped to ${fields.join(" and ")}${views.length > 1 ? ` (${view.kind})` : ""}: a column gives one field (only a window's ends may share one, sale_start and sale_end or a promotion's start and end; or size and size_unit, a measure)${whose}`,
          );
        }
      }
      if (view.offers !== undefined && (view.columns?.["channel"] !== undefined || view.constants?.["channel"] !== undefined)) {
        issue([...at, "offers"], "offers say a row's channels: map no channel column or constant beside them");
      }
      view.offers?.forEach((offer, i) => {
        for (const [field, allowed] of Object.entries(offer.when ?? {})) {
          const spec = FEED_FIELDS.prices.find((f) => f.name === field);
          if (spec === undefined) issue([...at, "offers", i, "when", field], `"${field}" is not a field of prices feeds`);
          else if (spec.values !== undefined)
            for (const value of allowed)
              if (!spec.values.includes(value))
                issue([...at, "offers", i, "when", field], `"${value}" is not a value of ${field} (${spec.values.join(", ")})`);
        }
      });
    });
    const placement = placeholderProblem(feed.path);
    if (placement !== null) issue(["path"], placement);
    const bucketField = feed.partition?.placeholder;
    const captured = pathPlaceholders(feed.path).filter((field) => field !== bucketField);
    if (feed.partition !== undefined) {
      const problem = partitionProblem(feed.path, bucketField!, kinds);
      if (problem !== null) issue([problem[0]], problem[1]);
    }
    // Each field once: one standing twice is one issue.
    for (const field of new Set(captured)) {
      const where = feed.constants?.[field] !== undefined ? "constants" : feed.columns?.[field] !== undefined ? "columns" : null;
      const problem = !kinds.some((kind) => isFeedField(kind, field))
        ? `{${field}} is neither a field of ${named} (${fieldsOf(kinds).join(", ")}) nor a glob alternative (write {a,b})`
        : captured.indexOf(field) !== captured.lastIndexOf(field)
          ? `{${field}} stands twice: one part of the path gives a field`
          : where !== null
            ? `{${field}} captures ${field} from the path, which ${where} also gives: say it once`
            : null;
      if (problem !== null) issue(["path"], problem);
    }
    // A zone for rows that hold no time would do nothing; a store's own zone is a column of its row.
    if (feed.timezone !== undefined && !kinds.some((kind) => FEED_FIELDS[kind].some((f) => f.type === "timestamp"))) {
      const stores = kinds.includes("stores")
        ? ': a store\'s zone is its row\'s "timezone" (map a column, or set constants: {"timezone": …})'
        : "";
      issue(["timezone"], `timezone applies to times in rows, and ${kinds.join(" and ")} rows hold none${stores}`);
    }
    if (known !== null)
      for (const { option, takers } of settingsNotTaken(feed, known)) {
        const which = feed.format === undefined ? `${known.name}, from its path` : known.name;
        issue([option], `${option} applies to ${takers.join(", ")} feeds; this feed is ${which}`);
      }
    const remote = pagesToFetch(feed.path) !== null;
    // Product pages: where an html feed's settings say two things, the setting at fault and why.
    const html: readonly [string, string] | null =
      format.name !== "html"
        ? remote
          ? ["format", 'a URL (or "links") as path names product pages: set "format": "html"']
          : feed.fetch !== undefined
            ? ["fetch", 'fetch applies to html feeds whose path is a URL or "links"']
            : null
        : kinds.length !== 1 || kinds[0] !== "prices"
          ? ["kind", `an html feed is a prices feed (its offers are the landing page's prices); this feed is ${kinds.join(", ")}`]
          : feed.columns !== undefined || feed.values !== undefined
            ? [
                feed.columns !== undefined ? "columns" : "values",
                "an html feed's columns are its pages' markup: it takes no columns or values",
              ]
            : feed.fetch !== undefined && !remote
              ? ["fetch", 'fetch applies to an html feed whose path is a URL or "links"']
              : null;
    if (html !== null) issue([html[0]], html[1]);
    if (feed.priceInForce !== undefined && !kinds.includes("price_history")) {
      issue(["priceInForce"], `priceInForce applies to price_history feeds; this feed is ${kinds.join(", ")}`);
    }
    if ((feed.decimal ?? ".") === feed.thousands) {
      issue(["thousands"], `must differ from decimal ("${feed.thousands}"${feed.decimal === undefined ? ", the default" : ""})`);
    }
  });

/**
 * Why a feed cannot be partitioned as declared (the setting at fault, and why), or null: its path
 * must give each file's bucket from the placeholder, and its rows must have a sku of their own.
 */
function partitionProblem(path: string, placeholder: string, kinds: readonly FeedKind[]): readonly [string, string] | null {
  const field = kinds.find((kind) => isFeedField(kind, placeholder));
  if (field !== undefined)
    return [
      "partition",
      `partition.placeholder "${placeholder}" is a field of ${field} rows: the bucket's placeholder must be another name (bucket), or the field would be dropped from every row`,
    ];
  if (!pathPlaceholders(path).includes(placeholder))
    return ["path", `partition: the path has no {${placeholder}} to give each file's bucket (prices/bucket={${placeholder}}/*.csv)`];
  const without = kinds.filter((kind) => kind === "stores" || kind === "promotions");
  if (without.length > 0)
    return ["partition", `${without.join(" and ")} rows have no sku of their own to bucket by: only feeds of skus can be partitioned`];
  return null;
}

/**
 * What a feed entry says twice about one field: at its top level and in a view (the top level
 * would win unseen), or by mapping a column it also lists in `ignoreColumns` (JSON and XML never
 * read an ignored key, delimited text would). An entry names its column as a mapping does,
 * exactly, else ignoring case, so one spelt as a mapped column names that column in any file.
 * One that differs from it in case only (`Price` beside a mapped `price`) names it unless the
 * file has a `Price` of its own: where a header comes first (`headed`: delimited text,
 * workbooks, Parquet) the row reader judges so against it; where the columns come with the
 * records, whose keys may differ from one record to the next, it is refused here.
 */
function twiceGiven(
  feed: Pick<FeedViewsInput, "columns" | "constants" | "values" | "views"> & { readonly ignoreColumns?: readonly string[] | undefined },
  headed: boolean,
  issue: (path: PropertyKey[], message: string) => void,
): void {
  const top = new Set([...Object.keys(feed.columns ?? {}), ...Object.keys(feed.constants ?? {})]);
  (feed.views ?? []).forEach((view, i) => {
    for (const key of ["columns", "constants", "values"] as const) {
      for (const field of Object.keys(view[key] ?? {})) {
        const again = key === "values" ? feed.values?.[field] !== undefined : top.has(field);
        if (again)
          issue(
            ["views", i, key, field],
            `${field} is given in the ${view.kind} view and at the feed's top level (${key === "values" ? "values" : "columns or constants"}): say it once`,
          );
      }
    }
  });
  const named = headed ? nfc : foldedName;
  const ignored = new Map((feed.ignoreColumns ?? []).map((entry) => [named(entry), entry]));
  if (ignored.size === 0) return;
  const mapped = [feed.columns, ...(feed.views ?? []).map((v) => v.columns)];
  for (const columns of mapped)
    for (const [field, column] of Object.entries(columns ?? {})) {
      const entry = ignored.get(named(column));
      if (entry === undefined) continue;
      const as = entry === column ? "" : ` (as "${entry}")`;
      issue(["ignoreColumns"], `column "${column}" is mapped to ${field} and listed in ignoreColumns${as}: read it or leave it, not both`);
    }
}

/**
 * A field set as a constant that also has a value map, at one level of a feed entry (its top
 * level or a view) or across its top level and a view, which the views merge: would the map
 * apply to the constant? It would, so either could be meant.
 */
function mapOverConstant(
  feed: Pick<FeedViewsInput, "constants" | "values" | "views">,
  issue: (path: PropertyKey[], message: string) => void,
): void {
  const levels: { readonly at: PropertyKey[]; readonly name: string; readonly mapping: Pick<FeedView, "constants" | "values"> }[] = [
    { at: [], name: "at the feed's top level", mapping: feed },
    ...(feed.views ?? []).map((view, i) => ({ at: ["views", i], name: `in the ${view.kind} view`, mapping: view })),
  ];
  for (const mapped of levels)
    for (const field of Object.keys(mapped.mapping.values ?? {}))
      for (const set of levels) {
        // Two views are two readings: one's map never meets the other's constant.
        if (set.mapping.constants?.[field] === undefined || (set !== mapped && set.at.length > 0 && mapped.at.length > 0)) continue;
        const where = set === mapped ? "" : ` ${set.name}`;
        const map = set === mapped ? "" : ` ${mapped.name}`;
        issue(
          [...mapped.at, "values", field],
          `${field} is set as a constant${where} and has a value map${map}: would the map apply to the constant? Give the constant as the value it stands for, and drop the map${set === mapped ? "" : " (or give it in the views that read the field from a column)"}`,
        );
      }
}

/**
 * A constant written as a number or a boolean where its field reads text (an id, a channel, a
 * date…) is refused: the text it was written as is gone (`1.10` is the number 1.1, YAML 1.1's
 * `NO` is false), and a key is matched by its text. A number is taken for an amount, a count or
 * a boolean (1 or 0), a boolean for a boolean.
 */
function constantTypes(
  kinds: readonly FeedKind[],
  constants: Readonly<Record<string, unknown>> | undefined,
  at: PropertyKey[],
  issue: (path: PropertyKey[], message: string) => void,
): void {
  for (const [field, value] of Object.entries(constants ?? {})) {
    if (typeof value !== "number" && typeof value !== "boolean") continue;
    const types = kinds.flatMap((kind) => FEED_FIELDS[kind].filter((f) => f.name === field).map((f) => f.type));
    const takes =
      typeof value === "number"
        ? types.some((t) => t === "money" || t === "quantity" || t === "integer" || t === "boolean")
        : types.includes("boolean");
    if (types.length === 0 || takes) continue;
    issue(
      [...at, "constants", field],
      `${field} is text, and this constant is the ${typeof value} ${String(value)}, which keeps nothing of how it was written (1.10 reads as 1.1, YAML's NO as false): write it as a quoted string, as the feed writes it`,
    );
  }
}

/** Checks a mapping the config writes for one kind: its fields, a field given twice, its constants' values. */
function userMapping(
  kind: FeedKind,
  mapping: {
    columns?: Record<string, string> | undefined;
    constants?: Record<string, unknown> | undefined;
    values?: Record<string, unknown> | undefined;
  },
  at: PropertyKey[],
  issue: (path: PropertyKey[], message: string) => void,
): void {
  if (at.length > 0) {
    for (const key of ["columns", "constants", "values"] as const) {
      for (const field of Object.keys(mapping[key] ?? {})) {
        if (!isFeedField(kind, field)) {
          issue(
            [...at, key, field],
            `"${field}" is not a field of ${kind} feeds; fields: ${FEED_FIELDS[kind].map((f) => f.name).join(", ")}`,
          );
        }
      }
    }
  }
  for (const field of Object.keys(mapping.columns ?? {})) {
    if (mapping.constants?.[field] !== undefined) {
      issue([...at, "constants", field], `${field} is both mapped to a column and set as a constant: say it once`);
    }
  }
  for (const [field, map] of Object.entries(mapping.values ?? {})) {
    const seen = new Map<string, string>();
    for (const key of Object.keys(map ?? {})) {
      const first = seen.get(nfc(key));
      if (first !== undefined)
        issue(
          [...at, "values", field, key],
          `${JSON.stringify(first)} and ${JSON.stringify(key)} are one text written two ways (NFC): give it once`,
        );
      else seen.set(nfc(key), key);
    }
  }
  for (const [field, value] of Object.entries(mapping.constants ?? {})) {
    const spec = FEED_FIELDS[kind].find((f) => f.name === field);
    if (spec && spec.type !== "list" && Array.isArray(value)) {
      issue([...at, "constants", field], `${field} takes one value, not a list`);
    }
    if (spec?.type === "currency" && typeof value === "string" && !isCurrencyCode(value.toUpperCase())) {
      issue([...at, "constants", field], `"${value}" is not an ISO 4217 currency code (e.g. EUR)`);
    }
  }
}

/** A waiver's sku or location: a key no row has when empty (left out, the waiver is of every one). */
const waiverKey = (name: string) =>
  z.string().refine((text) => text.trim() !== "", { message: `empty, it names no ${name}: leave ${name} out to waive every ${name}` });

/** What a `ruleSettings` value may be, as a message says it. */
const SETTING_FORMS = `"off", a severity (${SEVERITIES.map((s) => `"${s}"`).join(", ")}) or {"severity": …, option: value}`;

/**
 * A `ruleSettings` value: "off", a severity, or a severity and options (each checked against its
 * rule's declaration once the rules are selected).
 */
const ruleSetting = z.union(
  [
    z.literal("off"),
    z.enum(SEVERITIES),
    z
      .object({
        severity: z
          .enum(SEVERITIES, {
            error: (issue) =>
              issue.input === "off"
                ? 'a severity is "error", "warning" or "info": to switch the rule off, give "off" in place of the object'
                : undefined,
          })
          .optional(),
        // Money options per currency, {"JPY": {"tolerance": "5"}}: checked against the rule's options once it is selected.
        currencies: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number()]))).optional(),
      })
      .catchall(z.union([z.string(), z.number(), z.boolean()])),
  ],
  {
    error: (issue) => {
      const hint = typeof issue.input === "string" ? nearest(issue.input, ["off", ...SEVERITIES]) : null;
      return `expected ${SETTING_FORMS}, got ${shown(issue.input)}${hint ? `; did you mean "${hint}"?` : ""}`;
    },
  },
);

/** The whole config file (`pricelint.config.json` / `.yaml`). */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    $comment: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe("remarks for people (pricelint init --from writes its own here)"),
    timezone: timezone.default("UTC").describe("zone of bare dates and times without offset, unless a location or feed says otherwise"),
    currency: currency.optional().describe("currency of rows and locations that name none"),
    minorUnits: z
      .record(currency, z.int().min(0).max(6))
      .optional()
      .describe('decimals per currency, overriding ISO 4217: {"EUR": 3} for fuel'),
    rounding: z.enum(["half-up", "half-even"]).default("half-up").describe("how computed amounts round to the minor unit"),
    channels: z
      .record(
        z
          .string()
          .regex(/^[a-z0-9][a-z0-9_:.-]*$/, "channel ids are lowercase: letters, digits, _ : . -")
          .refine((id) => !RESERVED_CHANNELS.includes(id), {
            message: `a channel may not be named ${RESERVED_CHANNELS.join(", ")}: rules read facts by those names (product.cost, options.x, previous.price…)`,
          }),
        z.strictObject({ located: z.boolean() }),
      )
      .optional()
      .describe("declare channels, or change whether a built-in one is located"),
    feeds: z
      .array(feedSchema)
      .min(1, "at least one feed")
      .refine((feeds) => feeds.filter((f) => f.path === "-").length <= 1, {
        message: 'one feed at most reads standard input (path "-")',
      }),
    rules: z
      .array(z.union([z.string().min(1), z.looseObject({ id: z.string() })]))
      .default(["recommended"])
      .describe("presets, built-in rule ids, rule files, or rules written inline"),
    ruleSettings: z
      .record(z.string(), ruleSetting)
      .refine((settings) => settings["feed/invalid-row"] !== "off", {
        message: "feed/invalid-row cannot be switched off: a rejected row is never silent (set its severity, or waive it)",
        path: ["feed/invalid-row"],
      })
      .optional(),
    waivers: z
      .array(
        z.strictObject({
          rule: z.string(),
          sku: waiverKey("sku").optional(),
          location: waiverKey("location").optional(),
          until: z.iso.date(),
          reason: z
            .string()
            .refine((text) => text.trim() !== "", { message: "a waiver says why: a reason of white space alone says nothing" }),
          ticket: z.string().optional(),
        }),
      )
      .optional(),
  })
  .superRefine((config, ctx) => {
    partitionsAgree(config.feeds, ctx);
    // A feed naming an unknown channel in its constants or value maps would reject every row: say it once.
    const known = new Set([...Object.keys(BUILTIN_CHANNELS), ...Object.keys(config.channels ?? {})]);
    const located = channelRegistry(config.channels);
    const list = () => [...known].join(", ");
    config.feeds.forEach((feed, i) => {
      const constant = feed.constants?.["channel"];
      if (typeof constant === "string" && !known.has(constant)) {
        ctx.addIssue({
          code: "custom",
          path: ["feeds", i, "constants", "channel"],
          message: `unknown channel "${constant}"; known: ${list()} (declare others under "channels")`,
        });
      }
      for (const view of feedViews(feed)) {
        const named = [...(view.offers ?? []).map((o) => o.channel), ...(view.inheritFrom === undefined ? [] : [view.inheritFrom])];
        for (const channel of named) {
          if (!known.has(channel)) {
            ctx.addIssue({
              code: "custom",
              path: ["feeds", i, view.inheritFrom === channel ? "inheritFrom" : "offers"],
              message: `unknown channel "${channel}"; known: ${list()} (declare others under "channels")`,
            });
          }
        }
        const selfInherited = inheritsOwnChannel(view, located);
        if (selfInherited !== null) {
          // Where the config says it: at the top level, in the view, else through its profile.
          const own = feed.views?.findIndex((v) => v.kind === view.kind && v.inheritFrom !== undefined) ?? -1;
          const at = feed.inheritFrom !== undefined ? ["inheritFrom"] : own >= 0 ? ["views", own, "inheritFrom"] : ["profile"];
          ctx.addIssue({ code: "custom", path: ["feeds", i, ...at], message: selfInherited });
        }
      }
      for (const [source, channel] of Object.entries(feed.values?.["channel"] ?? {})) {
        if (!known.has(channel)) {
          ctx.addIssue({
            code: "custom",
            path: ["feeds", i, "values", "channel", source],
            message: `unknown channel "${channel}"; known: ${list()} (declare others under "channels")`,
          });
        }
      }
    });
  });

/**
 * Why a prices view's `inheritFrom` names the channel of its own rows, which is not located
 * (`constants: {channel: "web"}`, `inheritFrom: "web"`), or null: a row would take its missing
 * price from that channel's row of the same sku, an offer it gives itself. A located channel's
 * rows may take a missing price from its row without a location (a chain's national price).
 */
function inheritsOwnChannel(view: FeedView, located: ReadonlyMap<string, boolean>): string | null {
  const from = view.inheritFrom;
  if (from === undefined || located.get(from) !== false) return null;
  const constant = view.constants?.["channel"];
  const own = typeof constant === "string" ? constant === from : (view.offers ?? []).some((o) => o.channel === from);
  if (!own) return null;
  return `inheritFrom names ${from}, the channel of this feed's own rows: a ${from} row without a price would take it from the ${from} row of the same sku, which gives the very offer the row gives (${from} is not located); name the channel whose prices these rows take, or drop inheritFrom`;
}

/**
 * Every partitioned feed of a run declares the same key, function and number of buckets (they
 * decide which shard owns each sku, for every feed of the run); partitions by family take the
 * family from a catalogue that every shard reads whole.
 */
function partitionsAgree(feeds: readonly FeedConfig[], ctx: z.RefinementCtx): void {
  const partitioned = feeds.flatMap((feed, i) => (feed.partition === undefined ? [] : [{ feed, i, partition: feed.partition }]));
  const first = partitioned[0];
  if (first === undefined) return;
  const shape = (p: NonNullable<FeedConfig["partition"]>) => `by ${p.by}, hash ${p.hash}, ${p.buckets} buckets`;
  for (const { feed, i, partition } of partitioned.slice(1)) {
    if (shape(partition) !== shape(first.partition))
      ctx.addIssue({
        code: "custom",
        path: ["feeds", i, "partition"],
        message: `feeds[${i}] ("${feed.path}") is partitioned ${shape(partition)}, feeds[${first.i}] ("${first.feed.path}") ${shape(first.partition)}: every partitioned feed of a run must declare the same by, hash and buckets`,
      });
  }
  if (first.partition.by !== "family") return;
  const catalogues = feeds.flatMap((feed, i) => (feedViews(feed).some((v) => v.kind === "catalogue") ? [{ feed, i }] : []));
  if (catalogues.length === 0)
    ctx.addIssue({
      code: "custom",
      path: ["feeds", first.i, "partition", "by"],
      message: "partitioned by family, but no feed is a catalogue: the catalogue gives each sku its family",
    });
  for (const { feed, i } of catalogues)
    if (feed.partition !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["feeds", i, "partition"],
        message:
          "a catalogue cannot be partitioned when feeds are partitioned by family: every shard reads the whole catalogue to know each sku's family",
      });
}

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type FeedConfig = z.output<typeof feedSchema>;

/** The config's JSON Schema, generated from the zod schema: shipped as `pricelint/config.schema.json`. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/** What a feed path is when it names product pages to fetch: one http(s) URL, or `links` (the link of every item); null for a file. */
export function pagesToFetch(path: string): "url" | "links" | null {
  if (path === "links") return "links";
  return /^https?:\/\//i.test(path) ? "url" : null;
}
