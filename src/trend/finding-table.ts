import type { Finding } from "../model/finding.js";

/** What a trend keeps of a finding besides its runs: what identifies it to a reader. */
export type TrackedFinding = Pick<Finding, "id" | "rule" | "severity" | "sku" | "location" | "channels" | "promotion">;

/**
 * Finding ids seen in any run, each numbered once, with the description of its latest sighting
 * (a config may change a rule's severity between runs). Runs then hold numbers, not findings.
 */
export class FindingTable {
  private readonly numbers = new Map<string, number>();
  private readonly entries: TrackedFinding[] = [];
  /** The run instant each entry's description comes from. */
  private readonly seenAt: number[] = [];

  /** The finding's number; its description is replaced when `instant` is later than the one kept. */
  intern(finding: TrackedFinding, instant: number): number {
    const known = this.numbers.get(finding.id);
    if (known === undefined) {
      const n = this.entries.length;
      this.numbers.set(finding.id, n);
      this.entries.push(finding);
      this.seenAt.push(instant);
      return n;
    }
    if (instant > this.seenAt[known]!) {
      this.entries[known] = finding;
      this.seenAt[known] = instant;
    }
    return known;
  }

  get size(): number {
    return this.entries.length;
  }

  get(n: number): TrackedFinding {
    return this.entries[n]!;
  }
}
