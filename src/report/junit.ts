import type { Finding } from "../model/finding.js";
import type { Report } from "../model/report.js";
import { xmlAttr, xmlText } from "./xml.js";

/** The testcase name of findings that are about no sku (a config or feed-level finding). */
export const NO_SKU = "(no sku)";
/** The testcase name of the one passing testcase of a rule that found nothing. */
export const ALL_SKUS = "(all skus)";

interface Case {
  readonly name: string;
  readonly findings: Finding[];
}

/**
 * JUnit XML for CI test reports: one `<testsuite>` per rule that ran, one `<testcase>` per rule × sku
 * (classname = rule, name = sku or "(no sku)"). Unwaived errors fail the testcase, with every
 * message of that rule × sku in the body; warnings, infos and waived findings skip it with a
 * message. A rule with no findings has one passing testcase, "(all skus)".
 */
export function formatJunit(report: Report): string {
  const suites = new Map<string, Case[]>(report.rules.map((r) => [r.id, []]));
  const casesByKey = new Map<string, Case>();
  for (const f of report.findings) {
    const key = JSON.stringify([f.rule, f.sku]);
    let testcase = casesByKey.get(key);
    if (!testcase) {
      testcase = { name: f.sku ?? NO_SKU, findings: [] };
      casesByKey.set(key, testcase);
      const suite = suites.get(f.rule);
      if (suite) suite.push(testcase);
      else suites.set(f.rule, [testcase]);
    }
    testcase.findings.push(f);
  }

  const body: string[] = [];
  const totals = { tests: 0, failures: 0, skipped: 0 };
  for (const [rule, cases] of suites) {
    const rendered: string[] = [];
    const counts = { tests: 0, failures: 0, skipped: 0 };
    if (cases.length === 0) {
      counts.tests++;
      rendered.push(`    <testcase classname="${xmlAttr(rule)}" name="${ALL_SKUS}"/>`);
    }
    for (const c of cases) {
      counts.tests++;
      const open = `    <testcase classname="${xmlAttr(rule)}" name="${xmlAttr(c.name)}">`;
      const failing = c.findings.filter((f) => f.severity === "error" && !f.waived);
      if (failing.length > 0) {
        counts.failures++;
        rendered.push(
          open,
          `      <failure message="${xmlAttr(summary(failing))}" type="error">${xmlText(c.findings.map(detail).join("\n"))}</failure>`,
          "    </testcase>",
        );
      } else {
        counts.skipped++;
        rendered.push(open, `      <skipped message="${xmlAttr(c.findings.map(skipReason).join("; "))}"/>`, "    </testcase>");
      }
    }
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.skipped += counts.skipped;
    body.push(
      `  <testsuite name="${xmlAttr(rule)}" tests="${counts.tests}" failures="${counts.failures}" errors="0" skipped="${counts.skipped}">`,
      ...rendered,
      "  </testsuite>",
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pricelint" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">`,
    ...body,
    "</testsuites>",
    "",
  ].join("\n");
}

/** The failure's one-line message: the message of the only failing finding, or how many there are. */
function summary(failing: readonly Finding[]): string {
  const first = failing[0]!.message;
  return failing.length === 1 ? first : `${failing.length} errors: ${first}; …`;
}

/** One line of a failure body: where, what, and which rows. */
function detail(f: Finding): string {
  const where = [f.location, f.channels.length > 0 ? f.channels.join(",") : null, f.promotion].filter((x) => x !== null).join(" ");
  const rows = f.sources.map((s) => `${s.file}:${s.line}`).join(", ");
  const waived = f.waived ? ` (waived until ${f.waived.until}: ${f.waived.reason})` : "";
  return `[${f.severity}] ${where ? `${where}: ` : ""}${f.message}${rows ? ` [${rows}]` : ""}${waived}`;
}

function skipReason(f: Finding): string {
  if (!f.waived) return `${f.severity}: ${f.message}`;
  return `waived until ${f.waived.until}${f.waived.ticket ? ` (${f.waived.ticket})` : ""}: ${f.waived.reason} — ${f.message}`;
}
