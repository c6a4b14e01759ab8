import type { Finding } from "../../src/model/finding.js";

/**
 * A finding with every member, in the order a report writes them: an error of
 * price/non-positive on sku A, with no location, in the web channel; `members` replace any of
 * them (in place, so the order stays) or add others after them (`explanation`); tests give
 * members of any type, as hostile reports do.
 */
export function aFinding(members: Readonly<Record<string, unknown>> = {}): Finding {
  return {
    id: "0123456789abcdef",
    rule: "price/non-positive",
    severity: "error",
    sku: "A",
    location: null,
    channels: ["web"],
    promotion: null,
    message: "m",
    values: {},
    interval: null,
    sources: [],
    waived: null,
    ...members,
  } as Finding;
}
