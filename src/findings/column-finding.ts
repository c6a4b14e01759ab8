import type { UnmappedColumn } from "../feeds/unmapped-columns.js";
import type { Finding } from "../model/finding.js";
import type { Source } from "../model/source.js";
import type { CompiledRule } from "../rules/rule.js";
import { findingId } from "./finding-id.js";

/**
 * The `feed/unmapped-column` finding of a column no field reads but whose name stands for one:
 * where it is, the field, and where the feed takes that field from instead. `files` counts the
 * files of the feed's entry that have the column (a path pattern matches many).
 */
function columnFinding(rule: CompiledRule, source: Source, unmapped: UnmappedColumn, files: number): Finding {
  const { column, columnName, field, instead } = unmapped;
  const reads =
    instead === null
      ? `this feed reads ${field} from no column`
      : instead === "constant"
        ? `this feed sets ${field} as a constant`
        : `this feed reads ${field} from column "${instead}"`;
  const others = files > 1 ? ` (and in ${files - 1} more file${files > 2 ? "s" : ""} of this feed)` : "";
  return {
    id: findingId([rule.id, null, null, [], null, source.file, columnName]),
    rule: rule.id,
    severity: rule.severity,
    sku: null,
    location: null,
    channels: [],
    promotion: null,
    message:
      unmapped.note === undefined
        ? `${source.file}:${source.line}:${column}: column "${columnName}" is not read, but it looks like ${field}, and ${reads}${others}: map it under "columns", or list it in "ignoreColumns"`
        : `${source.file}:${source.line}:${column}: column "${columnName}" is not read: ${unmapped.note}${others}; list it in "ignoreColumns"`,
    values: { file: source.file, line: source.line, column, columnName, field, instead, files },
    interval: null,
    sources: [source],
    waived: null,
  };
}

/** A feed file's unmapped columns, and the config entry it was read for. */
interface FeedColumns {
  readonly entry: string;
  readonly rows: { readonly file: string };
  readonly unmapped: readonly (UnmappedColumn & { readonly line: number })[];
}

/** One `feed/unmapped-column` finding per config entry and column (named at its first file), counting the files that have it. */
export function unmappedColumnFindings(rule: CompiledRule, feeds: readonly FeedColumns[]): Finding[] {
  const first = new Map<string, { source: Source; unmapped: UnmappedColumn; files: number }>();
  for (const feed of feeds) {
    for (const unmapped of feed.unmapped) {
      const key = JSON.stringify([feed.entry, unmapped.columnName, unmapped.field]);
      const seen = first.get(key);
      if (seen) seen.files++;
      else first.set(key, { source: { file: feed.rows.file, line: unmapped.line }, unmapped, files: 1 });
    }
  }
  return [...first.values()].map(({ source, unmapped, files }) => columnFinding(rule, source, unmapped, files));
}
