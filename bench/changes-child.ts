/** One run of the changes benchmark (bench/changes.ts), in a process of its own: prints one JSON line. */
import { checkStream, loadConfig } from "../src/check.js";

const [config, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson!) as { at: string; previous?: object; snapshot?: string };
const started = performance.now();
const loaded = await loadConfig(config!);
// Every run, with or without a previous state, runs the change rules besides the benchmark's own.
const rules = [...loaded.config.rules, "change/price-move", "change/repriced-alone", "change/removed-while-listed", "change/offer-added"];
const report = await checkStream({ ...loaded, config: { ...loaded.config, rules } }, { ...options, at: new Date(options.at) } as Parameters<
  typeof checkStream
>[1]);
let findings = 0;
const byRule: Record<string, number> = {};
for (const finding of report.findings) {
  findings++;
  byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
}
const wallMs = performance.now() - started;
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, findings, byRule, rows: report.summary.rows.read }));
