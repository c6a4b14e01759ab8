import type { Finding } from "./finding.js";

/** Row accounting of one feed: read = accepted + rejected. */
export interface FeedRows {
  readonly file: string;
  readonly kind: string;
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
}

/** What a check returns and every reporter formats. */
export interface Report {
  readonly tool: { readonly name: "pricelint"; readonly version: string };
  readonly at: string;
  readonly summary: {
    readonly findings: { readonly error: number; readonly warning: number; readonly info: number; readonly waived: number };
    readonly rows: { readonly read: number; readonly accepted: number; readonly rejected: number };
    readonly feeds: readonly FeedRows[];
    readonly rules: number;
  };
  readonly findings: readonly Finding[];
}
