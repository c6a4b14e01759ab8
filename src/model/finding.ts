import type { Explanation } from "./explanation.js";
import type { FindingValue } from "./finding-value.js";
import type { Source } from "./source.js";

export const SEVERITIES = ["error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type { FindingValue } from "./finding-value.js";

/** One violation of one rule by one entity. */
export interface Finding {
  /** Stable hash of rule, sku, location, channels and promotion (and, for row errors, the row). */
  readonly id: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly sku: string | null;
  readonly location: string | null;
  readonly channels: readonly string[];
  readonly promotion: string | null;
  readonly message: string;
  readonly values: Readonly<Record<string, FindingValue>>;
  readonly interval: { readonly from: string; readonly to: string } | null;
  readonly sources: readonly Source[];
  readonly waived: null | { readonly reason: string; readonly ticket: string | null; readonly until: string };
  /** With a baseline: whether the earlier report had this finding. */
  readonly baseline?: "new" | "unchanged";
  /** With `explain`: the evaluated condition tree that made the rule fire. */
  readonly explanation?: Explanation;
}

/** The members every finding has, in the order findings are built with (the JSON report writes them so). */
export const FINDING_MEMBERS = [
  "id",
  "rule",
  "severity",
  "sku",
  "location",
  "channels",
  "promotion",
  "message",
  "values",
  "interval",
  "sources",
  "waived",
] as const;

/**
 * The finding with one member set (`waived` where it stands, `baseline` or `explanation` after
 * the others). A finding with just a finding's members is copied member by member: an object
 * spread with a member added makes objects that V8 reads tens of times slower, and
 * the report writers read every member of every finding.
 */
export function withMember<K extends "waived" | "baseline" | "explanation">(f: Finding, key: K, value: Finding[K]): Finding {
  const keys = Object.keys(f);
  if (keys.length !== FINDING_MEMBERS.length || !FINDING_MEMBERS.every((name, i) => keys[i] === name)) return { ...f, [key]: value };
  const { id, rule, severity, sku, location, channels, promotion, message, values, interval, sources, waived } = f;
  const copy: { -readonly [M in keyof Finding]: Finding[M] } = {
    id,
    rule,
    severity,
    sku,
    location,
    channels,
    promotion,
    message,
    values,
    interval,
    sources,
    waived,
  };
  copy[key] = value;
  return copy;
}
