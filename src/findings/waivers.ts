import { withMember, type Finding } from "../model/finding.js";
import type { CompiledRule } from "../rules/rule.js";
import { parseInstant, type Instant } from "../time/instant.js";
import { findingId } from "./finding-id.js";

/** A config waiver: accepts a rule's findings (for one sku and/or location) until a date. */
export interface Waiver {
  readonly rule: string;
  readonly sku?: string | undefined;
  readonly location?: string | undefined;
  readonly until: string;
  readonly reason: string;
  readonly ticket?: string | undefined;
}

/** The waivers whose `until` day (inclusive, in `zone`) has not passed at `at`. */
export function waiversInForce(waivers: readonly Waiver[], at: Instant, zone: string): Waiver[] {
  return waivers.filter((w) => {
    const end = parseInstant(w.until, zone, "end");
    return end.ok && at < end.instant;
  });
}

/** The first waiver in force that covers a finding of `rule` for `sku` at `location`. */
export function findWaiver(inForce: readonly Waiver[], rule: string, sku: string | null, location: string | null): Waiver | undefined {
  return inForce.find(
    (w) => w.rule === rule && (w.sku === undefined || w.sku === sku) && (w.location === undefined || w.location === location),
  );
}

/** The finding, marked waived by `w`. */
export function waive(finding: Finding, w: Waiver): Finding {
  return withMember(finding, "waived", { reason: w.reason, ticket: w.ticket ?? null, until: w.until });
}

/**
 * Marks the findings that a waiver in force covers, and returns a `config/expired-waiver`
 * finding for each waiver whose `until` day (inclusive, in `zone`) has passed at `at`.
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  at: Instant,
  zone: string,
  expiredRule: CompiledRule | undefined,
): Finding[] {
  const inForce = waiversInForce(waivers, at, zone);
  const out = findings.map((f) => {
    const w = findWaiver(inForce, f.rule, f.sku, f.location);
    return w ? waive(f, w) : f;
  });
  if (!expiredRule) return out;
  for (const w of waivers) {
    if (inForce.includes(w)) continue;
    const values = {
      rule: w.rule,
      sku: w.sku ?? null,
      location: w.location ?? null,
      until: w.until,
      reason: w.reason,
      ticket: w.ticket ?? null,
    };
    out.push({
      id: findingId([expiredRule.id, w.sku ?? null, w.location ?? null, [], null, w.rule, w.until]),
      rule: expiredRule.id,
      severity: expiredRule.severity,
      sku: w.sku ?? null,
      location: w.location ?? null,
      channels: [],
      promotion: null,
      message: `the waiver of ${w.rule}${w.sku ? ` for ${w.sku}` : ""}${w.location ? ` at ${w.location}` : ""}${w.ticket ? ` (${w.ticket})` : ""} expired on ${w.until}: ${w.reason}`,
      values,
      interval: null,
      sources: [],
      waived: null,
    });
  }
  return out;
}
