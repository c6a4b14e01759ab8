/**
 * pricelint/report: the report formatters alone, for code that formats reports it did not check
 * (a JSON report read back, merged shards).
 * @example
 * import { formatMarkdown } from "pricelint/report";
 * console.log(formatMarkdown(report));
 */
export { formatHtml, type HtmlOptions } from "./html.js";
export { formatJson, type JsonReport } from "./json.js";
export { formatJsonl } from "./jsonl.js";
export { formatJunit, type JunitOptions } from "./junit.js";
export { formatMarkdown, type MarkdownOptions } from "./markdown.js";
export { formatSarif, type SarifOptions } from "./sarif.js";
export { formatTable } from "./table.js";
