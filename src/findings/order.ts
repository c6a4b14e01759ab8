import type { Finding } from "../model/finding.js";

/** null first, then the order of `<` on UTF-16 code units (not locale order: the same bytes everywhere). */
function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function firstSource(f: Finding): [string, number] {
  const s = f.sources[0];
  return s ? [s.file, s.line] : ["", 0];
}

/** Orders findings by rule, sku, location, promotion (SPEC §5), then channels, source and id: a total order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareNullable(a.rule, b.rule) ||
    compareNullable(a.sku, b.sku) ||
    compareNullable(a.location, b.location) ||
    compareNullable(a.promotion, b.promotion) ||
    compareNullable(a.channels.join("\u0000"), b.channels.join("\u0000")) ||
    compareNullable(firstSource(a)[0], firstSource(b)[0]) ||
    firstSource(a)[1] - firstSource(b)[1] ||
    compareNullable(a.id, b.id)
  );
}
