// Waivers are looked up through an index (by rule, then sku, then location) rather than a scan of
// every waiver per finding: these hold the lookup to the scan it replaced, on random small lists,
// and check by hand which of several matching waivers wins.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { withMember, type Finding } from "../src/model/finding.js";
import { applyWaivers, findWaiver, waiversInForce, type Waiver } from "../src/findings/waivers.js";
import { findingId } from "../src/findings/finding-id.js";
import type { CompiledRule } from "../src/rules/rule.js";
import { parseInstant } from "../src/time/instant.js";
import { aFinding } from "./helpers/finding.js";

/** The lookup as it was: the first waiver in the list that covers the finding. */
const scan = (inForce: readonly Waiver[], rule: string, sku: string | null, location: string | null): Waiver | undefined =>
  inForce.find((w) => w.rule === rule && (w.sku === undefined || w.sku === sku) && (w.location === undefined || w.location === location));

/** applyWaivers as it was, with the scan above and `includes`. */
function applyByScan(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  at: number,
  zone: string,
  expiredRule: CompiledRule,
): Finding[] {
  const inForce = waivers.filter((w) => {
    const end = parseInstant(w.until, zone, "end");
    return end.ok && at < end.instant;
  });
  const out = findings.map((f) => {
    const w = scan(inForce, f.rule, f.sku, f.location);
    return w ? withMember(f, "waived", { reason: w.reason, ticket: w.ticket ?? null, until: w.until }) : f;
  });
  for (const w of waivers) {
    if (inForce.includes(w)) continue;
    out.push({
      id: findingId([expiredRule.id, w.sku ?? null, w.location ?? null, [], null, w.rule, w.until, w.reason, w.ticket ?? null]),
      rule: expiredRule.id,
      severity: expiredRule.severity,
      sku: w.sku ?? null,
      location: w.location ?? null,
      channels: [],
      promotion: null,
      message: `the waiver of ${w.rule}${w.sku ? ` for ${w.sku}` : ""}${w.location ? ` at ${w.location}` : ""}${w.ticket ? ` (${w.ticket})` : ""} expired on ${w.until}: ${w.reason}`,
      values: {
        rule: w.rule,
        sku: w.sku ?? null,
        location: w.location ?? null,
        until: w.until,
        reason: w.reason,
        ticket: w.ticket ?? null,
      },
      interval: null,
      sources: [],
      waived: null,
    });
  }
  return out;
}

const waiverArb: fc.Arbitrary<Waiver> = fc.record({
  rule: fc.constantFrom("r/one", "r/two"),
  sku: fc.constantFrom(undefined, "A", "B"),
  location: fc.constantFrom(undefined, "L1", "L2"),
  until: fc.constantFrom("2026-01-01", "2027-06-30", "2028-01-01"),
  reason: fc.string({ maxLength: 3 }),
  ticket: fc.constantFrom(undefined, "T-1"),
});
const queryArb = fc.record({
  rule: fc.constantFrom("r/one", "r/two", "r/three"),
  sku: fc.constantFrom(null, "A", "B", "C"),
  location: fc.constantFrom(null, "L1", "L2", "L3"),
});

function finding(q: { rule: string; sku: string | null; location: string | null }, i: number): Finding {
  return aFinding({ id: `f${i}`, rule: q.rule, severity: "warning", sku: q.sku, location: q.location, channels: [] });
}

const expiredRule = { id: "config/expired-waiver", severity: "warning" } as unknown as CompiledRule;

describe("waiver lookup", () => {
  it("finds the same waiver as a scan of the list, short lists and long, asked many times", () => {
    fc.assert(
      fc.property(fc.array(waiverArb, { maxLength: 40 }), fc.array(queryArb, { minLength: 1, maxLength: 30 }), (waivers, queries) => {
        for (const q of queries) expect(findWaiver(waivers, q.rule, q.sku, q.location)).toBe(scan(waivers, q.rule, q.sku, q.location));
        // A list that grew after it was first looked in is looked in as it is now.
        const grown = [...waivers];
        findWaiver(grown, "r/one", "A", "L1");
        grown.push(...waivers.map((w) => ({ ...w })), { rule: "r/three", reason: "late", until: "2028-01-01" });
        for (const q of queries) expect(findWaiver(grown, q.rule, q.sku, q.location)).toBe(scan(grown, q.rule, q.sku, q.location));
      }),
      { numRuns: 300 },
    );
  });

  it("marks findings and reports expired waivers exactly as a scan does, at several instants of the same list", () => {
    fc.assert(
      fc.property(fc.array(waiverArb, { maxLength: 30 }), fc.array(queryArb, { maxLength: 20 }), (waivers, queries) => {
        const findings = queries.map(finding);
        for (const at of ["2026-06-01T00:00:00Z", "2027-06-30T21:59:00Z", "2027-06-30T22:00:00Z", "2029-01-01T00:00:00Z"]) {
          const instant = Date.parse(at);
          expect(applyWaivers(findings, waivers, instant, "Europe/Rome", expiredRule)).toStrictEqual(
            applyByScan(findings, waivers, instant, "Europe/Rome", expiredRule),
          );
          const inForce = waiversInForce(waivers, instant, "Europe/Rome");
          for (const q of queries) expect(findWaiver(inForce, q.rule, q.sku, q.location)).toBe(scan(inForce, q.rule, q.sku, q.location));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("gives two expired waivers of one rule, sku, location and day ids of their own, so a baseline and code scanning tell them apart", () => {
    const w = { rule: "r/one", sku: "A", location: "L1", until: "2026-01-01" };
    const waivers: Waiver[] = [
      { ...w, reason: "supplier price" },
      { ...w, reason: "clearance", ticket: "T-1" },
      { ...w, reason: "clearance", ticket: "T-2" },
    ];
    const ids = applyWaivers([], waivers, Date.parse("2026-06-01T00:00:00Z"), "UTC", expiredRule).map((f) => f.id);
    expect(new Set(ids).size).toBe(3);
  });

  it("takes the first matching waiver in config order, not the most specific one", () => {
    const rule = "r/one";
    const filler: Waiver[] = Array.from({ length: 20 }, (_, i) => ({ rule, sku: `X${i}`, until: "2030-01-01", reason: "filler" }));
    const broad: Waiver = { rule, until: "2030-01-01", reason: "any sku" };
    const bySku: Waiver = { rule, sku: "A", until: "2030-01-01", reason: "sku A" };
    const exact: Waiver = { rule, sku: "A", location: "L1", until: "2030-01-01", reason: "A at L1" };
    const atL1: Waiver = { rule, location: "L1", until: "2030-01-01", reason: "at L1" };
    expect(findWaiver([...filler, broad, bySku, exact], rule, "A", "L1")).toBe(broad);
    expect(findWaiver([...filler, exact, bySku, broad], rule, "A", "L1")).toBe(exact);
    expect(findWaiver([...filler, bySku, exact, broad], rule, "A", "L1")).toBe(bySku);
    expect(findWaiver([...filler, atL1, exact, bySku], rule, "A", "L1")).toBe(atL1);
    // Two that name the same: the first.
    const again: Waiver = { ...bySku, reason: "sku A again" };
    expect(findWaiver([...filler, bySku, again], rule, "A", "L1")).toBe(bySku);
    expect(findWaiver([...filler, again, bySku], rule, "A", null)).toBe(again);
    // Not covered: another location, no sku, another rule.
    expect(findWaiver([...filler, exact, atL1], rule, "A", "L2")).toBeUndefined();
    expect(findWaiver([...filler, exact, bySku, atL1], rule, null, "L1")).toBe(atL1);
    expect(findWaiver([...filler, exact, bySku, broad], "r/two", "A", "L1")).toBeUndefined();
  });
});

describe("waivers in a check", () => {
  const prices = [
    { sku: "A", channel: "web", price: "1.00" },
    { sku: "A", channel: "store", price: "1.10" },
    { sku: "B", channel: "web", price: "2.00" },
    { sku: "B", channel: "store", price: "2.10" },
  ];
  const rule = "channel/online-differs-from-store";
  const filler = Array.from({ length: 30 }, (_, i) => ({ rule, sku: `Z${i}`, until: "2030-01-01", reason: "filler" }));
  const broad = { rule, until: "2030-01-01", reason: "every sku" };
  const onA = { rule, sku: "A", until: "2030-01-01", reason: "sku A", ticket: "PRC-1" };
  const expiredB = { rule, sku: "B", until: "2026-11-01", reason: "was a test" };

  async function run(waivers: object[]) {
    const report = await check(
      { timezone: "Europe/Rome", currency: "EUR", feeds: { prices }, rules: ["recommended", rule], waivers } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    return report.findings.map((f) => [f.rule, f.sku, f.waived?.reason ?? null]);
  }

  it("waives each finding by the first waiver in config order that covers it, among many, and reports the expired one", async () => {
    expect(await run([...filler, expiredB, onA, broad])).toStrictEqual([
      [rule, "A", "sku A"],
      [rule, "B", "every sku"],
      ["config/expired-waiver", "B", null],
    ]);
    expect(await run([broad, ...filler, onA, expiredB])).toStrictEqual([
      [rule, "A", "every sku"],
      [rule, "B", "every sku"],
      ["config/expired-waiver", "B", null],
    ]);
    expect(await run([...filler, onA, expiredB])).toStrictEqual([
      [rule, "A", "sku A"],
      [rule, "B", null],
      ["config/expired-waiver", "B", null],
    ]);
  });
});
