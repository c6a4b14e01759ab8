import type { Finding } from "../model/finding.js";
import { noFindings, type FeedRows, type FindingCounts, type Report, type UnjudgedOffers } from "../model/report.js";
import type { CompiledRule } from "../rules/rule.js";
import { compareText } from "../text/compare.js";

/** Counts findings by severity, waived ones apart (see FindingCounts). */
export function countFindings(findings: Iterable<Finding>): FindingCounts {
  const counts = noFindings();
  for (const f of findings) counts[f.waived ? "waived" : f.severity]++;
  return counts;
}

/** The summary of a report: its finding counts, and rows over all feeds. */
export function summarise(counts: Report["summary"]["findings"], feeds: readonly FeedRows[], rules: number): Report["summary"] {
  const rows = { read: 0, accepted: 0, rejected: 0 };
  for (const feed of feeds) {
    rows.read += feed.read;
    rows.accepted += feed.accepted;
    rows.rejected += feed.rejected;
  }
  return { findings: counts, rows, feeds, rules };
}

/** The rows of each feed over the N shards of one run (each shard lists the same feeds, in the same order). */
export function sumFeedRows(shards: readonly { readonly feeds: readonly FeedRows[] }[]): FeedRows[] {
  return shards[0]!.feeds.map((feed, i) => {
    const sum = (key: "read" | "accepted" | "rejected") => shards.reduce((n, shard) => n + shard.feeds[i]![key], 0);
    return { file: feed.file, kind: feed.kind, read: sum("read"), accepted: sum("accepted"), rejected: sum("rejected") };
  });
}

/** The offers each rule left unjudged for want of amounts in their currency (see compileRule), by rule id. */
export function unjudgedOffers(rules: readonly CompiledRule[]): UnjudgedOffers[] {
  return rules.flatMap(({ id, unjudged }) =>
    unjudged === undefined || unjudged.currencies.size === 0
      ? []
      : [
          {
            rule: id,
            options: unjudged.options,
            written: unjudged.written,
            currencies: [...unjudged.currencies].sort(compareText),
            given: unjudged.given,
          },
        ],
  );
}

/** {@link unjudgedOffers} over the threads or shards of one run: each rule's currencies together. */
export function mergeUnjudged(parts: readonly (readonly UnjudgedOffers[] | undefined)[]): UnjudgedOffers[] {
  const byRule = new Map<string, UnjudgedOffers>();
  for (const part of parts)
    for (const u of part ?? []) {
      const seen = byRule.get(u.rule);
      byRule.set(
        u.rule,
        seen === undefined ? u : { ...seen, currencies: [...new Set([...seen.currencies, ...u.currencies])].sort(compareText) },
      );
    }
  return [...byRule.values()].sort((a, b) => compareText(a.rule, b.rule));
}
