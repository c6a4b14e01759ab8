import { withoutGzipEnding } from "../gzip.js";
import { csv } from "./csv.js";
import type { FeedFormat } from "./format.js";
import { html } from "./html.js";
import { json } from "./json.js";
import { jsonl } from "./jsonl.js";
import { parquet } from "./parquet.js";
import { tsv } from "./tsv.js";
import { xlsx } from "./xlsx.js";
import { xml } from "./xml.js";

/** Every feed format, the default first. Adding a format is a module of its own and a line here. */
export const FORMATS: readonly FeedFormat[] = [csv, tsv, json, jsonl, parquet, xlsx, xml, html];

/** The names a feed's `format` can take. */
export const FORMAT_NAMES = FORMATS.map((f) => f.name) as [string, ...string[]];

/** The format named `name` (the config's schema lets no other through). */
export function formatNamed(name: string): FeedFormat {
  const format = FORMATS.find((f) => f.name === name);
  if (format === undefined) throw new RangeError(`unknown feed format "${name}"`);
  return format;
}

/** The format a path implies by its ending (under a `.gz`), the default (csv) when none does. */
export function formatOfPath(path: string): FeedFormat {
  return formatOfEnding(path) ?? FORMATS[0]!;
}

/** The format whose file ending a path ends in (under a `.gz`), or null. */
export function formatOfEnding(path: string): FeedFormat | null {
  const lower = withoutGzipEnding(path).toLowerCase();
  return FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e))) ?? null;
}
