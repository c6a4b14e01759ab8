/** A value a finding reports: money and instants as strings, so they survive JSON exactly. */
export type FindingValue = string | number | boolean | null | readonly string[];
