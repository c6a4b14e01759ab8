import { posix } from "node:path";
import type { Finding, Severity } from "../model/finding.js";
import type { Report, RuleInfo } from "../model/report.js";
import type { Source } from "../model/source.js";
import { escapeMarkdown } from "./markdown.js";

/** Where SARIF consumers send people who want to know what the tool is. */
export const PRICELINT_INFORMATION_URI = "https://www.npmjs.com/package/pricelint";

/** The schema URI GitHub's documentation gives for SARIF 2.1.0 logs. */
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub truncates or rejects rule descriptions longer than this. */
const MAX_DESCRIPTION = 1024;

/** The key of the partial fingerprint that carries a finding's stable id. */
export const FINGERPRINT_KEY = "pricelintFindingId/v1";

export interface SarifOptions {
  /**
   * The config file, as the user named it (relative to the repository root in CI). Findings
   * without a source — a `config/expired-waiver` — are located at its first line; without it
   * they have no location (valid SARIF, but GitHub code scanning does not display them).
   */
  readonly configFile?: string | null;
  /**
   * The directory that relative feed paths are relative to (the config's directory), as a path
   * from the repository root, prefixed to them so that code scanning finds the files.
   * Default: none, feed paths are written as given in the config.
   */
  readonly feedBase?: string | null;
}

const LEVELS: Readonly<Record<Severity, "error" | "warning" | "note">> = { error: "error", warning: "warning", info: "note" };
/** GitHub's `problem.severity` for non-security rules. */
const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = { error: "error", warning: "warning", info: "recommendation" };

/**
 * SARIF 2.1.0 as GitHub code scanning takes it: one run, one rule descriptor per rule that ran,
 * one result per finding (waived ones with an external suppression).
 *
 * A finding is located at the row (line) of its first source: feed rows have no character
 * columns, so the region is `startColumn 1, endColumn 2` on that line — the row's first
 * character, which every row has — rather than a guess at the row's length or a region running
 * into the next line (GitHub shows an alert in a pull request only when all its lines are in the
 * diff). Further sources are `relatedLocations`. `partialFingerprints` carries the finding id;
 * GitHub's own `primaryLocationLineHash` is left to upload-sarif, which computes it from the
 * row's text (setting it here would make upload-sarif warn on every result).
 */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  const rules: RuleInfo[] = [...report.rules];
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  for (const finding of report.findings) {
    if (index.has(finding.rule)) continue;
    index.set(finding.rule, rules.length);
    rules.push({ id: finding.rule, severity: finding.severity, scope: "unknown", description: finding.rule, help: null, origin: "unknown" });
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "pricelint",
            version: report.tool.version,
            informationUri: PRICELINT_INFORMATION_URI,
            rules: rules.map(descriptor),
          },
        },
        results: report.findings.map((finding) => result(finding, index.get(finding.rule)!, options)),
        properties: { at: report.at, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: RuleInfo) {
  const full = rule.help ? `${rule.description} ${rule.help}` : rule.description;
  return {
    id: rule.id,
    name: friendlyName(rule.id),
    shortDescription: { text: clip(rule.description) },
    fullDescription: { text: clip(full) },
    help: { text: rule.help ?? rule.description, markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { tags: [rule.scope], scope: rule.scope, origin: rule.origin, "problem.severity": PROBLEM_SEVERITY[rule.severity] },
  };
}

function result(finding: Finding, ruleIndex: number, options: SarifOptions) {
  const [first, ...rest] = finding.sources;
  const primary = first ? location(feedUri(first.file, options.feedBase), first) : options.configFile ? location(toUri(options.configFile), null) : null;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    ...(primary ? { locations: [primary] } : {}),
    ...(rest.length > 0 ? { relatedLocations: rest.map((source, i) => ({ id: i, ...location(feedUri(source.file, options.feedBase), source) })) } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.id },
    ...(finding.waived
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: finding.waived.reason,
              properties: { ticket: finding.waived.ticket, until: finding.waived.until },
            },
          ],
        }
      : {}),
    properties: {
      sku: finding.sku,
      location: finding.location,
      channels: finding.channels,
      promotion: finding.promotion,
      interval: finding.interval,
      values: finding.values,
    },
  };
}

/** A location at a source row, or at the first line of the config when `source` is null. */
function location(uri: string, source: Source | null) {
  const line = source?.line ?? 1;
  return {
    physicalLocation: {
      artifactLocation: { uri },
      region: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
    },
  };
}

function feedUri(file: string, base: string | null | undefined): string {
  if (!base || isAbsolute(file)) return toUri(file);
  return toUri(posix.join(base.replaceAll("\\", "/"), file));
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path);
}

/**
 * A path as a URI reference: each segment percent-encoded (so spaces, `%`, `#`, `?` and a `:`
 * that would read as a scheme survive), absolute paths as `file:` URIs, Windows drive paths
 * with their backslashes as separators. Relative paths stay relative: code scanning resolves
 * them against the repository root.
 */
function toUri(path: string): string {
  const encode = (p: string) => p.split("/").map(encodeURIComponent).join("/");
  const drive = /^([A-Za-z]):[\\/](.*)$/s.exec(path);
  if (drive) return `file:///${drive[1]}:/${encode(drive[2]!.replaceAll("\\", "/"))}`;
  if (path.startsWith("/")) return `file://${encode(path)}`;
  return encode(path);
}

/** `channel/click-collect-above-store` → `ChannelClickCollectAboveStore`: SARIF's friendly rule name. */
function friendlyName(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return (name || id).slice(0, 255);
}

function clip(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

function helpMarkdown(rule: RuleInfo): string {
  const lines = [`**${escapeMarkdown(rule.description)}**`, ""];
  if (rule.help) lines.push(escapeMarkdown(rule.help), "");
  lines.push(`Severity: ${rule.severity} · scope: ${escapeMarkdown(rule.scope)} · from: ${escapeMarkdown(rule.origin)}`);
  return lines.join("\n");
}
