import { checkReportInput } from "./report-input.js";
import { randomUUID } from "node:crypto";
import { posix } from "node:path";
import type { Finding, Severity } from "../model/finding.js";
import type { Report, ReportToWrite, RuleInfo } from "../model/report.js";
import type { Source } from "../model/source.js";
import { outlines } from "../findings/finding-outline.js";
import { escapeMarkdownBlock } from "./markdown.js";

/** Where SARIF consumers send people who want to know what the tool is. */
export const PRICELINT_INFORMATION_URI = "https://www.npmjs.com/package/pricelint";

/** The key of the partial fingerprint that carries a finding's stable id. */
export const FINGERPRINT_KEY = "pricelintFindingId/v1";

/** The schema URI GitHub's documentation gives for SARIF 2.1.0 logs. */
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's limit on a rule's short and full description. */
const MAX_DESCRIPTION = 1024;

export interface SarifOptions {
  /**
   * The config file as the user named it (in CI: relative to the repository root). Findings
   * without a source (`config/expired-waiver`) are located at its first line. Without it they
   * cannot be results — GitHub rejects a whole upload if one result has no location — and are
   * written as configuration notifications of the run's invocation instead.
   */
  readonly configFile?: string | null;
  /**
   * The directory relative feed paths are relative to (the config's directory), as a path from
   * the repository root: prefixed to them so that code scanning finds the files. Default: none,
   * feed paths are written as given in the config.
   */
  readonly feedBase?: string | null;
}

const LEVELS: Readonly<Record<Severity, "error" | "warning" | "note">> = { error: "error", warning: "warning", info: "note" };
/** GitHub's `problem.severity` for rules that are not security rules. */
const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = { error: "error", warning: "warning", info: "recommendation" };

/**
 * SARIF 2.1.0 as GitHub code scanning takes it: one run, a rule descriptor per rule that ran, a result per finding.
 *
 * - Location: the row (line) of the finding's first source; further sources are
 *   `relatedLocations`. Rows have no character columns, so the region is columns 1–2 of that one
 *   line (the row's first character, which every row has): not a guess at the row's length, and
 *   not a region running into the next line, since GitHub shows an alert in a pull request only
 *   when all of its lines are in the diff. A finding without a source is located at line 1 of
 *   `options.configFile`, or, with no config file, becomes a configuration notification.
 * - `partialFingerprints` carries the finding id as `pricelintFindingId/v1`. GitHub's own
 *   `primaryLocationLineHash` is left to upload-sarif, which computes it from the row's text
 *   (a value set here would make upload-sarif warn on every result).
 * - A waived finding is a result with an external, accepted suppression whose justification is
 *   the waiver's reason. With a baseline, `baselineState` is `new` or `unchanged`; the baseline's
 *   gone findings are not results (they have no rows to point at), only counted in the run's
 *   `properties.summary.baseline`.
 */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  checkReportInput(report, "formatSarif", true);
  return [...sarifChunks(report, options)].join("");
}

/**
 * The SARIF log in pieces (see {@link formatSarif}), each result written as it is built: a first
 * pass over the findings' outlines (a check's findings give them without being built) finds the
 * rules they name that did not run (descriptors come before results) and counts the
 * notifications; a second writes the notifications, if any, then the results. The pieces joined are exactly
 * `JSON.stringify(log, null, 2)` and a newline.
 */
export function* sarifChunks(report: ReportToWrite, options: SarifOptions = {}): Generator<string> {
  const rules: RuleInfo[] = [...report.rules];
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const configUri = options.configFile ? feedUri(options.configFile, null) : null;
  let notifications = 0;
  for (const finding of outlines(report.findings)) {
    if (!finding.sourced && configUri === null) notifications++;
    if (index.has(finding.rule)) continue;
    index.set(finding.rule, rules.length);
    rules.push({
      id: finding.rule,
      severity: finding.severity,
      scope: "unknown",
      description: finding.rule,
      help: null,
      origin: "unknown",
    });
  }
  // The log with a marker where each array of findings goes, cut there: the arrays are written between the pieces.
  const marker = `\u0000pricelint-${randomUUID()}`;
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
        ...(notifications > 0 ? { invocations: [{ executionSuccessful: true, toolConfigurationNotifications: `${marker}N` }] } : {}),
        results: `${marker}R`,
        properties: { at: report.at, ...(report.window ? { window: report.window } : {}), summary: report.summary },
      },
    ],
  };
  let text = `${JSON.stringify(log, null, 2)}\n`;
  const cut = (tag: string): { before: string; indent: string } => {
    const quoted = JSON.stringify(`${marker}${tag}`);
    const at = text.indexOf(quoted);
    if (at < 0 || text.indexOf(quoted, at + 1) >= 0) throw new Error("the SARIF log's marker is not where it belongs");
    const before = text.slice(0, at);
    const lineStart = before.lastIndexOf("\n") + 1;
    text = text.slice(at + quoted.length);
    return { before, indent: " ".repeat(before.length - lineStart - before.slice(lineStart).trimStart().length) };
  };
  // A feed file's URI, worked out once: findings name the same few files again and again.
  const uris = new Map<string, string>();
  const uriOf = (file: string): string => {
    let uri = uris.get(file);
    if (uri === undefined) uris.set(file, (uri = feedUri(file, options.feedBase)));
    return uri;
  };
  function* array(items: Iterable<unknown>, indent: string): Generator<string> {
    const inner = `${indent}  `;
    let first = true;
    for (const item of items) {
      yield `${first ? "[" : ","}\n${inner}${JSON.stringify(item, null, 2).replaceAll("\n", `\n${inner}`)}`;
      first = false;
    }
    yield first ? "[]" : `\n${indent}]`;
  }
  if (notifications > 0) {
    const { before, indent } = cut("N");
    yield before;
    yield* array(
      (function* () {
        for (const finding of report.findings) {
          if (finding.sources.length === 0) yield notification(finding, index.get(finding.rule)!);
        }
      })(),
      indent,
    );
  }
  const { before, indent } = cut("R");
  yield before;
  yield* array(
    (function* () {
      for (const finding of report.findings) {
        const ruleIndex = index.get(finding.rule)!;
        const [first, ...rest] = finding.sources;
        const primary = first ? location(uriOf(first.file), first.line) : configUri ? location(configUri, 1) : null;
        if (primary === null) continue;
        const related = rest.map((source, id) => ({ id, ...location(uriOf(source.file), source.line) }));
        yield result(finding, ruleIndex, primary, related);
      }
    })(),
    indent,
  );
  yield text;
}

function descriptor(rule: RuleInfo) {
  return {
    id: rule.id,
    name: friendlyName(rule.id),
    shortDescription: { text: clip(rule.description) },
    fullDescription: { text: clip(rule.help ? `${rule.description} ${rule.help}` : rule.description) },
    help: { text: rule.help ?? rule.description, markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { tags: [rule.scope], scope: rule.scope, origin: rule.origin, "problem.severity": PROBLEM_SEVERITY[rule.severity] },
  };
}

type Location = ReturnType<typeof location>;

function result(finding: Finding, ruleIndex: number, primary: Location, related: readonly (Location & { id: number })[]) {
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: messageText(finding.message) },
    locations: [primary],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.id },
    ...(finding.baseline ? { baselineState: finding.baseline } : {}),
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
    properties: findingProperties(finding),
  };
}

/** A finding with nowhere to point at, as SARIF's note on the tool's configuration. */
function notification(finding: Finding, ruleIndex: number) {
  return {
    associatedRule: { id: finding.rule, index: ruleIndex },
    level: LEVELS[finding.severity],
    message: { text: messageText(finding.message) },
    properties: { [FINGERPRINT_KEY]: finding.id, ...findingProperties(finding), waived: finding.waived },
  };
}

/**
 * A message's text as SARIF holds it: `{` and `}` doubled, as SARIF 2.1.0 §3.11.5 requires of
 * every message string, so that a viewer does not read `{0}` in a value as a placeholder.
 */
function messageText(text: string): string {
  return text.replace(/[{}]/g, "$&$&");
}

function findingProperties(finding: Finding) {
  return {
    sku: finding.sku,
    location: finding.location,
    channels: finding.channels,
    promotion: finding.promotion,
    interval: finding.interval,
    values: finding.values,
  };
}

/** Columns 1–2 of one line: the line's first character (see {@link formatSarif}). A line below 1 (no real row) is line 1. */
function location(uri: string, sourceLine: Source["line"]) {
  const line = Number.isInteger(sourceLine) && sourceLine >= 1 ? sourceLine : 1;
  return {
    physicalLocation: {
      artifactLocation: { uri },
      region: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
    },
  };
}

/** A source's URI: a page fetched over the web as its URL, a file as a path (see {@link toUri}). */
function feedUri(file: string, base: string | null | undefined): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(file)) {
    try {
      return new URL(file).href;
    } catch {
      // Not a URL after all: a path.
    }
  }
  if (file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file)) return toUri(file);
  // Relative: normalised (`./p.csv` is `p.csv`), as code scanning matches paths in the repository.
  return toUri(posix.normalize(posix.join(base ? base.replaceAll("\\", "/") : ".", file)));
}

/**
 * A path as a URI reference: each segment percent-encoded (so spaces, `%`, `#`, `?` and a `:`
 * that would read as a scheme survive), absolute paths as `file:` URIs, Windows drive paths with
 * their backslashes as separators. Relative paths stay relative: code scanning resolves them
 * against the repository root.
 */
function toUri(path: string): string {
  const encode = (p: string) =>
    p
      .split("/")
      .map((segment) => encodeURIComponent(wellFormed(segment)))
      .join("/");
  const drive = /^([A-Za-z]):[\\/](.*)$/s.exec(path);
  if (drive) return `file:///${drive[1]}:/${encode(drive[2]!.replaceAll("\\", "/"))}`;
  if (path.startsWith("/")) return `file://${encode(path)}`;
  return encode(path);
}

/** Replaces lone surrogates (which `encodeURIComponent` throws on) with U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** `channel/click-collect-above-store` → `ChannelClickCollectAboveStore`: SARIF's friendly rule name. */
function friendlyName(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
  return (name || id).slice(0, 255);
}

/** At most MAX_DESCRIPTION characters, cut at a code point boundary. */
function clip(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  let end = MAX_DESCRIPTION - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  return `${text.slice(0, end)}…`;
}

function helpMarkdown(rule: RuleInfo): string {
  const lines = [`**${escapeMarkdownBlock(rule.description)}**`, ""];
  if (rule.help) lines.push(escapeMarkdownBlock(rule.help), "");
  lines.push(`Severity: ${rule.severity} · scope: ${escapeMarkdownBlock(rule.scope)} · from: ${escapeMarkdownBlock(rule.origin)}`);
  return lines.join("\n");
}
