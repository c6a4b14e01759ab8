/**
 * pricelint: checks omnichannel price feeds with exact money and declarative rules.
 * @example
 * import { check, loadConfig } from "pricelint";
 * const report = await check(await loadConfig("pricelint.config.json"));
 */
export {
  check,
  checkStream,
  loadConfig,
  type CheckInput,
  type CheckOptions,
  type InMemoryFeeds,
  type LoadedConfig,
  type Progress,
  type StreamedReport,
} from "./check.js";
export { configJsonSchema, type Config, type ConfigInput, type FeedConfig } from "./config/schema.js";
export { PricelintError, type PricelintErrorCode } from "./model/errors.js";
export { readBaseline } from "./findings/baseline.js";
export { defineRule, type RuleDefinition } from "./rules/rule.js";
export type { OptionDeclaration, OptionEntry, OptionValue } from "./rules/options.js";
export { BUILTIN_RULES } from "./rules/builtin.js";
export { PRESETS } from "./rules/presets.js";
export {
  formatHtml,
  formatJson,
  formatJsonl,
  formatJunit,
  formatMarkdown,
  formatSarif,
  formatTable,
  type HtmlOptions,
  type JsonReport,
  type JunitOptions,
  type MarkdownOptions,
  type SarifOptions,
} from "./report/index.js";
export { mergeReports, readReport, type ReportDocument } from "./parallel/merge.js";
export type { Shard } from "./dataset/shard.js";
export type { Explanation, VerdictValue } from "./model/explanation.js";
export type { Finding, FindingValue, Severity } from "./model/finding.js";
export type {
  BaselineFinding,
  FeedRows,
  FindingCounts,
  FindingsDigest,
  LaterStock,
  Report,
  ReportFindings,
  RuleInfo,
  UnjudgedOffers,
  RunInfo,
} from "./model/report.js";
export type { Source } from "./model/source.js";
