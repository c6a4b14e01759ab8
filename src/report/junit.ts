import { checkReportInput } from "./report-input.js";
import { SEVERITIES, type Finding, type Severity } from "../model/finding.js";
import { hasOutlines, type FindingOutline } from "../findings/finding-outline.js";
import type { Report, ReportToWrite } from "../model/report.js";
import { compareNullableText } from "../text/compare.js";
import { xmlAttr, xmlText } from "./xml.js";

/** The testcase name of findings that are about no sku (a config or feed-level finding). */
export const NO_SKU = "(no sku)";
/** The testcase name of the one passing testcase of a rule that found nothing. */
export const ALL_SKUS = "(all skus)";

/**
 * A testcase's name: the sku, or NO_SKU for none. A sku that starts as the placeholders do, with
 * `(`, or as a quoted name does, with `"`, is written quoted (JSON), so that no sku's testcase is
 * a placeholder's or another sku's: CI dashboards key testcases by classname and name.
 */
export function caseName(sku: string | null): string {
  if (sku === null) return NO_SKU;
  return sku.startsWith("(") || sku.startsWith('"') ? JSON.stringify(sku) : sku;
}

/**
 * JUnit XML for CI test reports: one `<testsuite>` per rule that ran, one `<testcase>` per rule × sku
 * (classname = rule, name = sku or "(no sku)"). The findings that fail the run fail their
 * testcase, with every message of that rule × sku in the body: those `--fail-on` counts (`failOn`,
 * errors by default), unwaived, and with a baseline new ones only; the others skip it with a
 * message. So a CI dashboard agrees with the exit code. A rule with no findings has one passing
 * testcase, "(all skus)".
 */
export function formatJunit(report: Report, options: JunitOptions = {}): string {
  checkReportInput(report, "formatJunit", true);
  return [...junitChunks(report, options)].join("");
}

export interface JunitOptions {
  /** The severity at or above which a finding fails the run (`--fail-on`), or "never"; default "error". */
  readonly failOn?: Severity | "never";
}

/**
 * JUnit XML in pieces (see {@link formatJunit}). Findings in report order (by rule, then sku) are
 * read twice: their outlines (which a check's findings give without being built; findings marked
 * against a baseline are read as they are, their outlines having no mark) to count each suite's
 * tests, failures and skips (which its opening tag says) and each testcase's failing findings,
 * then the findings to write them; only those counts are kept. Findings in another order (a
 * report built by hand) are grouped in memory first.
 */
export function* junitChunks(report: ReportToWrite, options: JunitOptions = {}): Generator<string> {
  const failOn = options.failOn ?? "error";
  const isFailing = failsRun(failOn);
  const suites = report.rules.map((r) => r.id);
  const position = new Map(suites.map((id, i) => [id, i]));
  const counted: Iterable<CaseFacts> = hasOutlines(report.findings) ? report.findings.outlines() : report.findings;
  let plan = countCases(counted, suites, position, isFailing);
  let findings = report.findings;
  if (plan === null) {
    findings = grouped(report.findings, suites);
    plan = countCases(findings, suites, position, isFailing, false)!;
  }
  const { perSuite, failingPerCase } = plan;
  const totals = { tests: 0, failures: 0, skipped: 0 };
  for (const c of perSuite) {
    totals.tests += c.tests;
    totals.failures += c.failures;
    totals.skipped += c.skipped;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="pricelint" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">\n`;

  let suite = -1;
  let caseIndex = -1;
  let caseRule = "";
  let caseSku: string | null = null;
  /** The open testcase: failing findings still to come before its failure tag is written, and the details held until then. */
  let open: { failing: number; written: number; held: string[]; opened: boolean } | null = null;
  const openSuite = (i: number) => {
    const c = perSuite[i]!;
    return `  <testsuite name="${xmlAttr(suites[i]!)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}">\n`;
  };
  const emptySuite = (i: number) =>
    `${openSuite(i)}    <testcase classname="${xmlAttr(suites[i]!)}" name="${ALL_SKUS}"/>\n  </testsuite>\n`;
  function* closeCase(): Generator<string> {
    if (open === null) return;
    yield open.failing > 0 ? "</failure>\n    </testcase>\n" : '"/>\n    </testcase>\n';
    open = null;
  }
  for (const f of findings) {
    const at = position.get(f.rule)!;
    if (at !== suite) {
      yield* closeCase();
      if (suite >= 0) yield "  </testsuite>\n";
      for (let i = suite + 1; i < at; i++) yield emptySuite(i);
      suite = at;
      yield openSuite(at);
      caseRule = "";
    }
    if (open === null || f.rule !== caseRule || f.sku !== caseSku) {
      yield* closeCase();
      caseIndex++;
      caseRule = f.rule;
      caseSku = f.sku;
      const failing = failingPerCase[caseIndex]!;
      open = { failing, written: 0, held: [], opened: false };
      yield `    <testcase classname="${xmlAttr(f.rule)}" name="${xmlAttr(caseName(f.sku))}">\n`;
      if (failing === 0) yield '      <skipped message="';
    }
    const c: { failing: number; written: number; held: string[]; opened: boolean } = open;
    if (c.failing === 0) {
      yield `${c.written++ > 0 ? "; " : ""}${xmlAttr(skipReason(f))}`;
      continue;
    }
    const line = xmlText(detail(f));
    if (c.opened) {
      yield `\n${line}`;
      continue;
    }
    c.held.push(line);
    if (isFailing(f)) {
      // The first failing finding: its message heads the failure; the details held so far follow.
      const what = `${f.baseline === "new" ? "new " : ""}${failOn === "error" ? "errors" : "findings"}`;
      const message = c.failing === 1 ? f.message : `${c.failing} ${what}: ${f.message}; …`;
      yield `      <failure message="${xmlAttr(message)}" type="${xmlAttr(f.severity)}">${c.held.join("\n")}`;
      c.held = [];
      c.opened = true;
    }
  }
  yield* closeCase();
  if (suite >= 0) yield "  </testsuite>\n";
  for (let i = suite + 1; i < suites.length; i++) yield emptySuite(i);
  yield "</testsuites>\n";
}

interface SuiteCounts {
  tests: number;
  failures: number;
  skipped: number;
}

/** What counting testcases reads of a finding (or its outline). */
type CaseFacts = Pick<FindingOutline, "rule" | "sku" | "severity"> & Pick<Finding, "baseline"> & { readonly waived: unknown };

/**
 * Whether a finding fails its testcase: what `--fail-on failOn` counts, a finding at or above that
 * severity, unwaived, and with a baseline a new one.
 */
function failsRun(failOn: Severity | "never"): (f: CaseFacts) => boolean {
  if (failOn === "never") return () => false;
  const least = SEVERITIES.indexOf(failOn);
  return (f) => {
    const rank = SEVERITIES.indexOf(f.severity);
    return rank >= 0 && rank <= least && !f.waived && f.baseline !== "unchanged";
  };
}

/**
 * Counts each suite's testcases and each testcase's failing findings, in the order they will be
 * written; rules the findings name that did not run become suites after the others, as they come.
 * Null when the findings are not in report order (by rule, then sku), unless told they are grouped.
 */
function countCases(
  findings: Iterable<CaseFacts>,
  suites: string[],
  position: Map<string, number>,
  isFailing: (f: CaseFacts) => boolean,
  check = true,
): { perSuite: SuiteCounts[]; failingPerCase: number[] } | null {
  const perSuite: SuiteCounts[] = suites.map(() => ({ tests: 0, failures: 0, skipped: 0 }));
  const failingPerCase: number[] = [];
  const known = suites.length;
  let suite = -1;
  let sku: string | null = null;
  let failing = -1;
  const close = () => {
    if (failing < 0) return;
    failingPerCase.push(failing);
    const c = perSuite[suite]!;
    c.tests++;
    if (failing > 0) c.failures++;
    else c.skipped++;
  };
  for (const f of findings) {
    let at = position.get(f.rule);
    if (at === undefined) {
      at = suites.length;
      position.set(f.rule, at);
      suites.push(f.rule);
      perSuite.push({ tests: 0, failures: 0, skipped: 0 });
    }
    if (at !== suite || f.sku !== sku) {
      // A suite or testcase met again after another: not grouped.
      if (check && (at < suite || (at === suite && compareNullableText(f.sku, sku) < 0))) {
        suites.length = known;
        for (const [id, i] of position) if (i >= known) position.delete(id);
        return null;
      }
      close();
      suite = at;
      sku = f.sku;
      failing = 0;
    }
    if (isFailing(f)) failing++;
  }
  close();
  // A rule that found nothing is one passing testcase.
  for (const c of perSuite) if (c.tests === 0) c.tests = 1;
  return { perSuite, failingPerCase };
}

/** The findings grouped by suite (in `suites` order, then as rules come), then by testcase as they come. */
function grouped(findings: Iterable<Finding>, suites: readonly string[]): Finding[] {
  const bySuite = new Map<string, Map<string | null, Finding[]>>(suites.map((id) => [id, new Map()]));
  for (const f of findings) {
    let cases = bySuite.get(f.rule);
    if (!cases) bySuite.set(f.rule, (cases = new Map()));
    let list = cases.get(f.sku);
    if (!list) cases.set(f.sku, (list = []));
    list.push(f);
  }
  const out: Finding[] = [];
  for (const cases of bySuite.values()) for (const list of cases.values()) for (const f of list) out.push(f);
  return out;
}

/** One line of a failure body: where, what, and which rows. */
function detail(f: Finding): string {
  const where = [f.location, f.channels.length > 0 ? f.channels.join(",") : null, f.promotion].filter((x) => x !== null).join(" ");
  const rows = f.sources.map((s) => `${s.file}:${s.line}`).join(", ");
  const waived = f.waived ? ` (waived until ${f.waived.until}: ${f.waived.reason})` : "";
  return `[${f.severity}${baselineNote(f)}] ${where ? `${where}: ` : ""}${f.message}${rows ? ` [${rows}]` : ""}${waived}`;
}

/** Why a finding does not fail its testcase: its severity (and, with a baseline, whether it is new), or its waiver. */
function skipReason(f: Finding): string {
  if (!f.waived) return `${f.severity}${baselineNote(f)}: ${f.message}`;
  return `waived until ${f.waived.until}${f.waived.ticket ? ` (${f.waived.ticket})` : ""}: ${f.waived.reason} — ${f.message}`;
}

/** With a baseline, what a finding is against it, as the table and Markdown say: `, new` or `, unchanged since the baseline`. */
function baselineNote(f: Finding): string {
  return f.baseline === "new" ? ", new" : f.baseline === "unchanged" ? ", unchanged since the baseline" : "";
}
