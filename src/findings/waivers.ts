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
    const end = endOf(w, zone);
    return end !== null && at < end;
  });
}

/** Each waiver's end (the instant its `until` day ends in a zone), read once: windows ask at every change. */
const ends = new WeakMap<Waiver, { readonly zone: string; readonly end: Instant | null }>();

/** The instant waiver `w` stops waiving in `zone`; null when its `until` is no date (it never waives). */
function endOf(w: Waiver, zone: string): Instant | null {
  const known = ends.get(w);
  if (known !== undefined && known.zone === zone) return known.end;
  const r = parseInstant(w.until, zone, "end");
  const end = r.ok ? r.instant : null;
  ends.set(w, { zone, end });
  return end;
}

/**
 * Where each waiver of a list stands in it, by rule, then sku, then location (undefined: any),
 * keeping the first of those that name the same: the one that wins among them.
 */
type WaiverIndex = Map<string, Map<string | null | undefined, Map<string | null | undefined, number>>>;

/** Each list's index, with the length it was built at (built once per list: a run at an instant has one list in force). */
const indexes = new WeakMap<readonly Waiver[], { length: number; index: WaiverIndex }>();

/** Below this many waivers a scan costs less than an index. */
const SCAN = 8;

function indexOf(inForce: readonly Waiver[]): WaiverIndex {
  const known = indexes.get(inForce);
  if (known !== undefined && known.length === inForce.length) return known.index;
  const index: WaiverIndex = new Map();
  inForce.forEach((w, i) => {
    let bySku = index.get(w.rule);
    if (bySku === undefined) index.set(w.rule, (bySku = new Map()));
    let byLocation = bySku.get(w.sku);
    if (byLocation === undefined) bySku.set(w.sku, (byLocation = new Map()));
    if (!byLocation.has(w.location)) byLocation.set(w.location, i);
  });
  indexes.set(inForce, { length: inForce.length, index });
  return index;
}

/** The first waiver in force that covers a finding of `rule` for `sku` at `location`. */
export function findWaiver(inForce: readonly Waiver[], rule: string, sku: string | null, location: string | null): Waiver | undefined {
  if (inForce.length <= SCAN) {
    return inForce.find(
      (w) => w.rule === rule && (w.sku === undefined || w.sku === sku) && (w.location === undefined || w.location === location),
    );
  }
  // The waivers that cover it name its sku or none, and its location or none: the first of
  // each of those (at most four) kinds, and of those the first in the list.
  const bySku = indexOf(inForce).get(rule);
  if (bySku === undefined) return undefined;
  let first = Number.POSITIVE_INFINITY;
  for (const byLocation of [bySku.get(sku), bySku.get(undefined)]) {
    if (byLocation === undefined) continue;
    const here = byLocation.get(location);
    if (here !== undefined && here < first) first = here;
    const anywhere = byLocation.get(undefined);
    if (anywhere !== undefined && anywhere < first) first = anywhere;
  }
  return first === Number.POSITIVE_INFINITY ? undefined : inForce[first];
}

/** The finding, marked waived by `w`. */
export function waive(finding: Finding, w: Waiver): Finding {
  return withMember(finding, "waived", { reason: w.reason, ticket: w.ticket ?? null, until: w.until });
}

/** The finding, marked waived by the first waiver in force that covers it, if one does. */
function waivedIn(inForce: readonly Waiver[], finding: Finding): Finding {
  const w = findWaiver(inForce, finding.rule, finding.sku, finding.location);
  return w ? waive(finding, w) : finding;
}

/**
 * Marks the findings that a waiver in force covers, and returns a `config/expired-waiver`
 * finding for each waiver whose `until` day (inclusive, in `zone`) has passed at `at`. Those go
 * through the same waivers as every other finding (a waiver of `config/expired-waiver` covers
 * them), as they do over a window (window/incremental.ts marks what this returns again).
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  at: Instant,
  zone: string,
  expiredRule: CompiledRule | undefined,
): Finding[] {
  const inForce = waiversInForce(waivers, at, zone);
  const out = findings.map((f) => waivedIn(inForce, f));
  if (!expiredRule) return out;
  const running = new Set(inForce);
  for (const w of waivers) if (!running.has(w)) out.push(waivedIn(inForce, expiredFinding(w, expiredRule)));
  return out;
}

/**
 * The `config/expired-waiver` finding of waiver `w` (not yet marked by the waivers of that rule).
 * Two waivers of one rule, sku and location that end on one day are two findings: their reasons
 * tell them apart; two alike in every member would be one id twice: the config refuses them
 * (config/parse-config.ts).
 */
export function expiredFinding(w: Waiver, expiredRule: CompiledRule): Finding {
  const values = {
    rule: w.rule,
    sku: w.sku ?? null,
    location: w.location ?? null,
    until: w.until,
    reason: w.reason,
    ticket: w.ticket ?? null,
  };
  return {
    id: findingId([expiredRule.id, w.sku ?? null, w.location ?? null, [], null, w.rule, w.until, w.reason, w.ticket ?? null]),
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
  };
}

/**
 * The waivers of a window as its instants pass: which one covers a finding at an instant (the
 * first in the list still in force, as findWaiver on the waivers in force then), and which end
 * as the window moves on, each found without going over every waiver at every instant.
 */
export class WaiverTimeline {
  /** Positions in the list of the waivers of each rule, sku and location (undefined: any), in list order. */
  private readonly index = new Map<string, Map<string | undefined, Map<string | undefined, number[]>>>();
  /** Every waiver by its end, earliest first (one that never waives first of all), and how many have passed. */
  private readonly byEnd: { readonly waiver: Waiver; readonly end: Instant }[];
  private passed = 0;
  private readonly endAt: (number | null)[];

  constructor(
    private readonly waivers: readonly Waiver[],
    zone: string,
  ) {
    this.endAt = waivers.map((w) => endOf(w, zone));
    waivers.forEach((w, i) => {
      let bySku = this.index.get(w.rule);
      if (bySku === undefined) this.index.set(w.rule, (bySku = new Map()));
      let byLocation = bySku.get(w.sku);
      if (byLocation === undefined) bySku.set(w.sku, (byLocation = new Map()));
      const list = byLocation.get(w.location);
      if (list === undefined) byLocation.set(w.location, [i]);
      else list.push(i);
    });
    this.byEnd = waivers.map((waiver, i) => ({ waiver, end: this.endAt[i] ?? Number.NEGATIVE_INFINITY })).sort((a, b) => a.end - b.end);
  }

  /** The first waiver in the list that covers the finding and is in force at `at`. */
  find(rule: string, sku: string | null, location: string | null, at: Instant): Waiver | undefined {
    const bySku = this.index.get(rule);
    if (bySku === undefined) return undefined;
    let first = Number.POSITIVE_INFINITY;
    for (const byLocation of [sku === null ? undefined : bySku.get(sku), bySku.get(undefined)]) {
      if (byLocation === undefined) continue;
      for (const list of [location === null ? undefined : byLocation.get(location), byLocation.get(undefined)]) {
        if (list === undefined) continue;
        const i = list.find((k) => this.endAt[k] !== null && at < this.endAt[k]!);
        if (i !== undefined && i < first) first = i;
      }
    }
    return first === Number.POSITIVE_INFINITY ? undefined : this.waivers[first];
  }

  /** The waivers that end at or before `at` and did not at the instant asked before (in order of their ends). */
  passing(at: Instant): Waiver[] {
    const out: Waiver[] = [];
    while (this.passed < this.byEnd.length && this.byEnd[this.passed]!.end <= at) out.push(this.byEnd[this.passed++]!.waiver);
    return out;
  }
}
