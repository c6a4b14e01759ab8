import { PricelintError } from "../model/errors.js";
import { describeValue } from "../text/describe-value.js";
import { firstFindingFault } from "./finding-fault.js";

/**
 * Refuses, naming the formatter, what no formatter can write, as untyped code may give it: not a
 * report, a report without findings or summary, a list of findings one of which is none the
 * writers can read (`null`, one without `sources`: judged as `readReport` judges a report read
 * back), and (for the formatters that show each rule's description or help) one without the
 * rules that ran, which a JSON report read back lacks. Findings that are built as they are read
 * (check's, which pricelint built) are not walked through an extra time.
 */
export function checkReportInput(report: unknown, formatter: string, needsRules: boolean): void {
  if (typeof report !== "object" || report === null || Array.isArray(report))
    throw new PricelintError("usage", `${formatter} takes a report (check or mergeReports gives one), not ${describeValue(report)}`);
  const { findings, summary, rules } = report as { findings?: unknown; summary?: unknown; rules?: unknown };
  if (!isIterable(findings) || typeof summary !== "object" || summary === null)
    throw new PricelintError(
      "usage",
      `${formatter}: the report has no findings or no summary; give it a report as check, readReport or mergeReports gives it`,
    );
  const damaged = Array.isArray(findings) ? firstFindingFault(findings) : null;
  if (damaged !== null)
    throw new PricelintError(
      "usage",
      `${formatter}: findings[${damaged.index}] ${damaged.fault}; give it a report as check, readReport or mergeReports gives it`,
    );
  if (needsRules && !isIterable(rules))
    throw new PricelintError(
      "usage",
      `${formatter}: the report has no rules (a JSON report read back carries none): give { ...report, rules } with the rules that ran (README, "merge")`,
    );
}

const isIterable = (value: unknown): boolean =>
  typeof value === "object" && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
