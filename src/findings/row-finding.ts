import type { RejectedRow } from "../feeds/load-feed.js";
import type { Finding } from "../model/finding.js";
import type { CompiledRule } from "../rules/rule.js";
import { findingId } from "./finding-id.js";

/** The `feed/invalid-row` finding of a rejected row: file, line, column, value, the code of the problem and why. */
export function rowFinding(rule: CompiledRule, row: RejectedRow): Finding {
  const { source, error } = row;
  const where = `${source.file}:${source.line}${error.column === null ? "" : `:${error.column}`}`;
  const column = error.columnName === null ? "" : ` (${error.columnName})`;
  return {
    id: findingId([rule.id, row.sku, null, [], null, source.file, String(source.line), String(row.record)]),
    rule: rule.id,
    severity: rule.severity,
    sku: row.sku,
    location: null,
    channels: [],
    promotion: null,
    message: `${where}${column}: ${error.reason}`,
    values: {
      file: source.file,
      line: source.line,
      column: error.column,
      columnName: error.columnName,
      field: error.field,
      value: error.value,
      code: error.code,
      reason: error.reason,
    },
    interval: null,
    sources: [source],
    waived: null,
  };
}
