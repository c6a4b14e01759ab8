import type { Finding } from "../model/finding.js";

/** What a trend keeps of a finding besides its runs: what identifies it to a reader. */
export type TrackedFinding = Pick<Finding, "id" | "rule" | "severity" | "sku" | "location" | "channels" | "promotion">;

/**
 * Findings seen in any run, each numbered once by what identifies it from run to run (its id; a
 * rejected row, its content: see run-digest.ts), with the description of its latest sighting (a
 * config may change a rule's severity between runs; a rejected row's id changes with its line).
 * Runs then hold numbers, not findings.
 */
export class FindingTable {
  private readonly numbers = new Map<string, number>();
  private readonly entries: TrackedFinding[] = [];
  /** The run instant each entry's description comes from. */
  private readonly seenAt: number[] = [];

  /** The number of the finding that `key` identifies; its description is replaced when `instant` is later than the one kept. */
  intern(key: string, finding: TrackedFinding, instant: number): number {
    const known = this.numbers.get(key);
    if (known === undefined) {
      const n = this.entries.length;
      this.numbers.set(key, n);
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
