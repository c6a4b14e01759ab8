import { z } from "zod";
import { FEED_FIELDS, FEED_KINDS, isFeedField } from "../model/fields.js";
import { BUILTIN_CHANNELS } from "./channels.js";
import { SEVERITIES } from "../model/finding.js";
import { isCurrencyCode } from "../money/currencies.js";
import { isTimeZone } from "../time/instant.js";
import { FORMAT_NAMES, FORMATS, formatNamed, formatOfPath } from "../io/formats/registry.js";
import { FORMAT_OPTIONS } from "../io/formats/format.js";
import { pathPlaceholders, placeholderProblem } from "../io/feed-paths.js";

const timezone = z.string().refine(isTimeZone, { message: "not an IANA time zone (e.g. Europe/Rome)" });
const currency = z.string().refine(isCurrencyCode, { message: "not an ISO 4217 currency code (e.g. EUR)" });
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** One feed: where it is, how to read it, how its columns map to canonical fields (README, "Feeds"). */
export const feedSchema = z
  .strictObject({
    kind: z.enum(FEED_KINDS),
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
    sheet: z.string().min(1).optional().describe("xlsx: the sheet to read, by name (default: the first)"),
    recordElement: z
      .string()
      .min(1)
      .optional()
      .describe("xml: the local name of the elements that are records (default: RSS item and Atom entry)"),
    encoding: z.enum(["utf-8", "latin1", "windows-1252"]).optional(),
    decimal: z.enum([".", ","]).optional(),
    thousands: z.enum([",", ".", "'", " "]).optional(),
    timezone: timezone.optional().describe("for timestamps without an offset"),
    columns: z.record(z.string(), z.string().min(1)).optional().describe("canonical field → source column"),
    constants: z.record(z.string(), cellValue).optional().describe("canonical field → fixed value"),
    values: z.record(z.string(), z.record(z.string(), z.string())).optional().describe("canonical field → source value → canonical value"),
    ignoreColumns: z
      .array(z.string().min(1))
      .optional()
      .describe("source columns left unread on purpose: no feed/unmapped-column warning for them"),
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
    priceInForce: z
      .enum(["unpriced", "never"])
      .optional()
      .describe(
        "price_history: unpriced (default): a history row is the regular price in force, from its valid_from until the offer's next row, of an offer that has no price row; never: history feeds the Omnibus rules only",
      ),
  })
  .superRefine((feed, ctx) => {
    for (const key of ["columns", "constants", "values"] as const) {
      for (const field of Object.keys(feed[key] ?? {})) {
        if (!isFeedField(feed.kind, field)) {
          ctx.addIssue({
            code: "custom",
            path: [key, field],
            message: `"${field}" is not a field of ${feed.kind} feeds; fields: ${FEED_FIELDS[feed.kind].map((f) => f.name).join(", ")}`,
          });
        }
      }
    }
    for (const field of Object.keys(feed.columns ?? {})) {
      if (feed.constants?.[field] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["constants", field],
          message: `${field} is both mapped to a column and set as a constant: say it once`,
        });
      }
    }
    const fieldsByColumn = new Map<string, string[]>();
    for (const [field, column] of Object.entries(feed.columns ?? {}))
      fieldsByColumn.set(column, [...(fieldsByColumn.get(column) ?? []), field]);
    for (const [column, fields] of fieldsByColumn) {
      // One column may give sale_start and sale_end: it holds the sale window (`start/end`).
      if (fields.length > 1 && !(fields.length === 2 && fields.includes("sale_start") && fields.includes("sale_end"))) {
        ctx.addIssue({
          code: "custom",
          path: ["columns"],
          message: `column "${column}" is mapped to ${fields.join(" and ")}: a column gives one field (only sale_start and sale_end may share one, a window)`,
        });
      }
    }
    const placement = placeholderProblem(feed.path);
    if (placement !== null) ctx.addIssue({ code: "custom", path: ["path"], message: placement });
    const captured = pathPlaceholders(feed.path);
    for (const field of captured) {
      const where = feed.constants?.[field] !== undefined ? "constants" : feed.columns?.[field] !== undefined ? "columns" : null;
      const problem = !isFeedField(feed.kind, field)
        ? `{${field}} is neither a field of ${feed.kind} feeds (${FEED_FIELDS[feed.kind].map((f) => f.name).join(", ")}) nor a glob alternative (write {a,b})`
        : captured.indexOf(field) !== captured.lastIndexOf(field)
          ? `{${field}} stands twice: one part of the path gives a field`
          : where !== null
            ? `{${field}} captures ${field} from the path, which ${where} also gives: say it once`
            : null;
      if (problem !== null) ctx.addIssue({ code: "custom", path: ["path"], message: problem });
    }
    const format = feed.format === undefined ? formatOfPath(feed.path) : formatNamed(feed.format);
    for (const option of FORMAT_OPTIONS) {
      if (feed[option] !== undefined && !format.options.includes(option)) {
        const takers = FORMATS.filter((f) => f.options.includes(option)).map((f) => f.name);
        const which = feed.format === undefined ? `${format.name}, from its path` : format.name;
        ctx.addIssue({ code: "custom", path: [option], message: `${option} applies to ${takers.join(", ")} feeds; this feed is ${which}` });
      }
    }
    const remote = /^https?:\/\//i.test(feed.path) || feed.path === "links";
    if (format.name === "html" || remote || feed.fetch !== undefined) {
      const problem =
        format.name !== "html"
          ? remote
            ? `a URL (or "links") as path names product pages: set "format": "html"`
            : `fetch applies to html feeds whose path is a URL or "links"`
          : feed.kind !== "prices"
            ? `an html feed is a prices feed (its offers are the landing page's prices); this feed is ${feed.kind}`
            : feed.columns !== undefined || feed.values !== undefined
              ? "an html feed's columns are its pages' markup: it takes no columns or values"
              : feed.fetch !== undefined && !remote
                ? 'fetch applies to an html feed whose path is a URL or "links"'
                : null;
      const at =
        format.name !== "html"
          ? remote
            ? "format"
            : "fetch"
          : feed.kind !== "prices"
            ? "kind"
            : feed.columns !== undefined
              ? "columns"
              : feed.values !== undefined
                ? "values"
                : "fetch";
      if (problem !== null) ctx.addIssue({ code: "custom", path: [at], message: problem });
    }
    if (feed.priceInForce !== undefined && feed.kind !== "price_history") {
      ctx.addIssue({
        code: "custom",
        path: ["priceInForce"],
        message: `priceInForce applies to price_history feeds; this feed is ${feed.kind}`,
      });
    }
    if ((feed.decimal ?? ".") === feed.thousands) {
      ctx.addIssue({
        code: "custom",
        path: ["thousands"],
        message: `must differ from decimal ("${feed.thousands}"${feed.decimal === undefined ? ", the default" : ""})`,
      });
    }
    for (const [field, value] of Object.entries(feed.constants ?? {})) {
      const spec = FEED_FIELDS[feed.kind].find((f) => f.name === field);
      if (spec && spec.type !== "list" && Array.isArray(value)) {
        ctx.addIssue({ code: "custom", path: ["constants", field], message: `${field} takes one value, not a list` });
      }
      if (spec?.type === "currency" && typeof value === "string" && !isCurrencyCode(value.toUpperCase())) {
        ctx.addIssue({ code: "custom", path: ["constants", field], message: `"${value}" is not an ISO 4217 currency code (e.g. EUR)` });
      }
    }
  });

const ruleSetting = z.union([
  z.literal("off"),
  z.enum(SEVERITIES),
  z
    .looseObject({ severity: z.enum(SEVERITIES).optional() })
    .refine((s) => Object.entries(s).every(([k, v]) => k === "severity" || ["string", "number", "boolean"].includes(typeof v)), {
      message: "rule options are strings, numbers or booleans",
    }),
]);

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
        z.string().regex(/^[a-z0-9][a-z0-9_:.-]*$/, "channel ids are lowercase: letters, digits, _ : . -"),
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
          sku: z.string().optional(),
          location: z.string().optional(),
          until: z.iso.date(),
          reason: z.string().min(1),
          ticket: z.string().optional(),
        }),
      )
      .optional(),
  })
  .superRefine((config, ctx) => {
    // A feed naming an unknown channel in its constants or value maps would reject every row: say it once.
    const known = new Set([...Object.keys(BUILTIN_CHANNELS), ...Object.keys(config.channels ?? {})]);
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

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type FeedConfig = z.output<typeof feedSchema>;

/** The config's JSON Schema, generated from the zod schema: shipped as `pricelint/config.schema.json`. */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
