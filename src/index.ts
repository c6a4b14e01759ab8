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
export type { FindingSet, ReportFindings } from "./findings/finding-set.js";
export { configJsonSchema, type Config, type ConfigInput, type FeedConfig } from "./config/schema.js";
export { PricelintError, type PricelintErrorCode } from "./model/errors.js";
export { readBaseline } from "./findings/baseline.js";
export { defineRule, type RuleDefinition } from "./rules/rule.js";
export { BUILTIN_RULES } from "./rules/builtin.js";
export { PRESETS } from "./rules/presets.js";
export { formatHtml } from "./report/html.js";
export { formatJson } from "./report/json.js";
export { formatJsonl } from "./report/jsonl.js";
export { formatJunit } from "./report/junit.js";
export { formatMarkdown } from "./report/markdown.js";
export { formatSarif } from "./report/sarif.js";
export { formatTable } from "./report/table.js";
export type { Finding, FindingValue, Severity } from "./model/finding.js";
export type { BaselineFinding, FeedRows, Report, RuleInfo } from "./model/report.js";
export type { Source } from "./model/source.js";
