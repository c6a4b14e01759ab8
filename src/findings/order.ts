import type { Finding } from "../model/finding.js";
import { compareNullableText } from "../text/compare.js";

function firstSource(f: Finding): [string, number] {
  const s = f.sources[0];
  return s ? [s.file, s.line] : ["", 0];
}

/**
 * Orders findings by rule, sku, location, promotion (null first, then UTF-16 code units: not locale
 * order, the same bytes everywhere), then channels, the start of the interval they hold over (a
 * window's findings of one offer in time order, whatever rows they came from), source and id: a
 * total order.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareNullableText(a.rule, b.rule) ||
    compareNullableText(a.sku, b.sku) ||
    compareNullableText(a.location, b.location) ||
    compareNullableText(a.promotion, b.promotion) ||
    compareNullableText(a.channels.join("\u0000"), b.channels.join("\u0000")) ||
    compareNullableText(a.interval?.from ?? null, b.interval?.from ?? null) ||
    compareNullableText(firstSource(a)[0], firstSource(b)[0]) ||
    firstSource(a)[1] - firstSource(b)[1] ||
    compareNullableText(a.id, b.id)
  );
}
