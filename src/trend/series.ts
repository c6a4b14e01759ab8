import { FindingTable } from "./finding-table.js";
import { digestReport, type RunDigest, type TrendReport } from "./run-digest.js";
import { buildTrend, type Trend } from "./trend.js";

/**
 * Reports added one at a time, in any order, and the trend they make. Each report is reduced
 * to its digest as it is added (its counts and the numbers of its finding ids), so only one
 * report is held whole at a time: memory grows with the distinct ids, not with the reports.
 *
 * @example
 * const series = new TrendSeries();
 * for (const file of files) series.add(file, readReport(JSON.parse(await readFile(file, "utf8")), file));
 * // or, for a report of any size, its findings as they stream (see cli/report-files.ts)
 * const trend = series.trend("0.1.0");
 */
export class TrendSeries {
  private readonly table = new FindingTable();
  private readonly runs: RunDigest[] = [];

  add(file: string, report: TrendReport): void {
    this.runs.push(digestReport(file, report, this.table));
  }

  /** The trend of the reports added; `version` is the pricelint version that writes it. */
  trend(version: string): Trend {
    return buildTrend(this.runs, this.table, version);
  }
}
