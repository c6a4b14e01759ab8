import { SEVERITIES, type Finding, type Severity } from "./finding.js";
import type { Source } from "./source.js";

/** Row accounting of one feed: read = accepted + rejected. */
export interface FeedRows {
  readonly file: string;
  readonly kind: string;
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
}

/**
 * Offers a rule left unjudged: its money options are amounts in the config's currency, and
 * `ruleSettings` gave none in the offers' currencies (see compileRule).
 */
export interface UnjudgedOffers {
  readonly rule: string;
  /** The rule's money options that are not zero: each value as set, or its default. */
  readonly options: readonly { readonly name: string; readonly value: string; readonly byDefault: boolean }[];
  /** The amounts its conditions write (not zero), which no setting gives per currency: each one's JSON path in the rule, and its value as written. */
  readonly written: readonly { readonly path: string; readonly value: string }[];
  /** The currencies of the offers it left unjudged, in code order. */
  readonly currencies: readonly string[];
  /** The currencies its setting gives the money options in (`currencies`), in code order: there only the written amounts were missing. */
  readonly given: readonly string[];
}

/** A rule that ran, as reports describe it (SARIF's rule metadata, the HTML legend). */
export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly scope: string;
  readonly description: string;
  readonly help: string | null;
  /** `built-in`, or the rule file it came from. */
  readonly origin: string;
}

/** Findings counted as a report's summary counts them: a waived finding under `waived`, not its severity. */
export type FindingCounts = { [K in Severity | "waived"]: number };

/** The keys of {@link FindingCounts}, in the order reports show them. */
export const COUNT_KEYS = [...SEVERITIES, "waived"] as const;

/** Counts of nothing yet. */
export function noFindings(): FindingCounts {
  return { error: 0, warning: 0, info: 0, waived: 0 };
}

/** The version of the JSON report's layout that {@link RunInfo} names: 2 added `run` and `digest`. */
export const REPORT_FORMAT = 2;

/**
 * Which run a report is of, so that `pricelint merge` can prove its inputs are the distinct
 * shards of one run: the report layout's version, a digest of the config the run checked with,
 * the shard it checked (null: the whole run), and the options that change its findings beside
 * the config. `check` and `checkStream` write every member; a report of an earlier pricelint
 * read back (or merged from such shards) lacks `previous` and `explain`, which are then unknown.
 */
export interface RunInfo {
  readonly format: number;
  /** SHA-256 (hex) of the config as validated, keys sorted; in-memory feeds by their row counts. */
  readonly config: string;
  readonly shard: { readonly index: number; readonly count: number } | null;
  /**
   * The previous state the change facts compared with, as the run was given it (`--previous`,
   * `--previous-at`): a snapshot, a folder of the previous feeds or their config, by the path
   * given (its contents are not digested), and the instant the feeds were resolved at when one
   * was given; null: none.
   */
  readonly previous?:
    (({ readonly snapshot: string } | { readonly feeds: string } | { readonly config: string }) & { readonly at?: string }) | null;
  /** Whether each finding carries the conditions that made its rule fire (`--explain`). */
  readonly explain?: boolean;
}

/** The findings of a JSON report as written: how many, and the SHA-256 (hex) of their texts (see `report/digest.ts`). */
export interface FindingsDigest {
  readonly findings: number;
  readonly sha256: string;
}

/** What a check returns and every reporter formats. */
export interface Report {
  readonly tool: { readonly name: "pricelint"; readonly version: string };
  readonly at: string;
  /** With --from/--to: the window checked (`at` is its start). */
  readonly window?: { readonly from: string; readonly to: string };
  /** The run the report is of (written by `check` and `checkStream`; reports read back may lack it). */
  readonly run?: RunInfo;
  readonly summary: {
    readonly findings: Readonly<FindingCounts>;
    readonly rows: { readonly read: number; readonly accepted: number; readonly rejected: number };
    readonly feeds: readonly FeedRows[];
    readonly rules: number;
    /** With a baseline: how many findings are new, unchanged, and gone. */
    readonly baseline?: { readonly new: number; readonly unchanged: number; readonly absent: number };
  };
  readonly findings: readonly Finding[];
  /** With a baseline: its findings that this run no longer has. */
  readonly absent?: readonly BaselineFinding[];
  /** The rules that ran, by id. Not part of the JSON report (`summary.rules` counts them). */
  readonly rules: readonly RuleInfo[];
  /** Offers rules left unjudged for want of amounts in their currency, by rule id; absent: none. Not part of the JSON report (the run warns of them). */
  readonly unjudged?: readonly UnjudgedOffers[];
  /** The zone every listed store is in, where they share one other than the config's; absent: none. Not part of the JSON report (the run warns of it). */
  readonly storesZone?: string;
  /** Stocks no inventory row gives within the check, every update of theirs being later; absent: none. Not part of the JSON report (the run warns of it). */
  readonly laterStock?: LaterStock;
}

/** Stocks (a sku at a location) whose every inventory row is updated after the check's instant, or after its window. */
export interface LaterStock {
  /** How many stocks. */
  readonly stocks: number;
  /** The first of their earliest rows in file order, and its `updated_at` as written. */
  readonly first: Source;
  readonly updatedAt: string;
  /** The check's instant, or the window's end. */
  readonly after: string;
  readonly window: boolean;
}

/**
 * A report as its writers take it: findings that may be built as they are read (a
 * {@link ReportFindings}, findings read back from files). Writers that need more than one look at
 * the findings (the table's column widths, JUnit's counts) iterate them again, one pass after
 * another, never two at once; none holds them all.
 */
export type ReportToWrite = Omit<Report, "findings"> & { readonly findings: Iterable<Finding> };

/** A finding of an earlier JSON report, as far as comparing runs needs it. */
export interface BaselineFinding {
  readonly id: string;
  readonly rule: string;
  readonly severity: string;
  readonly sku: string | null;
  readonly location: string | null;
  readonly channels: readonly string[];
  readonly message: string;
  /** The waiver it had, as the report holds it (null or absent: none): one waived then and not now is new. */
  readonly waived?: unknown;
  /** A window's finding (one with an interval): its promotion and interval, as the report holds them; absent for a finding at an instant. */
  readonly promotion?: unknown;
  readonly interval?: unknown;
  /** A rejected row's finding (`feed/invalid-row`): its values as the report holds them, by which it is matched. */
  readonly values?: unknown;
}

/** The findings of a report in report order, built as they are read, counted without building any. */
export interface ReportFindings extends Iterable<Finding> {
  readonly size: number;
  /** Findings by rule id. */
  countByRule(): Record<string, number>;
  /** Findings by severity, waived ones apart. */
  countBySeverity(): Report["summary"]["findings"];
  /** The findings, in report order: what `JSON.stringify` writes of them, as of `check`'s report. */
  toJSON(): Finding[];
}

/** What `--baseline`, `merge` and `readBaseline` say of JSON that is not a check's report. */
export const NOT_A_REPORT = "not a pricelint JSON report; write one with --format json:FILE";

/**
 * Whether the members of a JSON document (all but its findings, as a report reader gives them) are a check's report: a `tool`, and a `summary` with its `feeds`. A trend, which
 * pricelint writes too, has no summary.
 */
export function isCheckReportHead(head: Readonly<Record<string, unknown>>): boolean {
  const summary = head["summary"] as { feeds?: unknown } | null | undefined;
  return (
    typeof head["tool"] === "object" &&
    head["tool"] !== null &&
    typeof summary === "object" &&
    summary !== null &&
    Array.isArray(summary.feeds)
  );
}
