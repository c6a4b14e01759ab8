import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { check, loadConfig } from "../src/check.js";
import type { Finding } from "../src/model/finding.js";
import type { Report, RuleInfo } from "../src/model/report.js";
import { formatJson } from "../src/report/json.js";
import { formatJsonl } from "../src/report/jsonl.js";
import { ALL_SKUS, NO_SKU, formatJunit } from "../src/report/junit.js";
import { escapeMarkdown, formatMarkdown } from "../src/report/markdown.js";
import { formatTable } from "../src/report/table.js";
import { displayWidth } from "../src/text/terminal.js";
import { formatHtml } from "../src/report/html.js";
import { FINGERPRINT_KEY, formatSarif } from "../src/report/sarif.js";

const DEMO_CONFIG = "fixtures/demo/pricelint.config.json";
const DEMO_AT = new Date("2026-11-20T00:30:00+01:00");
const GOLDEN_MD = "tests/golden/demo.md";
const GOLDEN_TABLE = "tests/golden/demo.txt";

// ---------------------------------------------------------------------------------------------
// A report built by hand. Its counts are worked out here, from the findings, not read off output.
// ---------------------------------------------------------------------------------------------

const EVIL_SKU = "A|1<script>alert('x')</script>";

const RULES: RuleInfo[] = [
  {
    id: "channel/online-differs-from-store",
    severity: "warning",
    scope: "pair",
    description: "The web price differs from the store price.",
    help: "Set a tolerance to allow small differences.",
    origin: "built-in",
  },
  {
    id: "config/expired-waiver",
    severity: "warning",
    scope: "config",
    description: "A waiver has passed its until date.",
    help: null,
    origin: "built-in",
  },
  {
    id: "custom/info-note",
    severity: "info",
    scope: "offer",
    description: "A note for the pricing team.",
    help: "- starts like a list, *has* `markup`",
    origin: "rules/custom.json",
  },
  { id: "price/below-cost", severity: "warning", scope: "offer", description: "The price is below cost.", help: null, origin: "built-in" },
  {
    id: "price/sale-not-below-regular",
    severity: "error",
    scope: "offer",
    description: "A sale price is not below the regular price.",
    help: null,
    origin: "built-in",
  },
];

function finding(partial: Partial<Finding> & Pick<Finding, "id" | "rule" | "severity" | "message">): Finding {
  return { sku: null, location: null, channels: [], promotion: null, values: {}, interval: null, sources: [], waived: null, ...partial };
}

const WAIVER = { reason: "agreed *test* & <pilot>", ticket: "PRC-1", until: "2026-12-31" };
const CONTROL_MESSAGE = "note \u0001bell\u0007 & \"quoted\" 'single' <tag>\nsecond line\u2028third";

const FINDINGS: Finding[] = [
  finding({
    id: "f1",
    rule: "channel/online-differs-from-store",
    severity: "warning",
    sku: EVIL_SKU,
    location: "MI01",
    channels: ["web", "store"],
    message: "web 2.49 differs from store 1.99 at MI01",
    values: { "web.effectivePrice": "2.49", "store.effectivePrice": "1.99" },
    sources: [
      { file: "feeds/web.jsonl", line: 4 },
      { file: "feeds/store prices.csv", line: 6 },
    ],
  }),
  finding({
    id: "f2",
    rule: "channel/online-differs-from-store",
    severity: "warning",
    sku: "B-2",
    channels: ["web", "store"],
    message: "web 1.59 differs from store 1.49 at every location",
    waived: WAIVER,
    sources: [
      { file: "feeds/web.jsonl", line: 9 },
      { file: "feeds/store prices.csv", line: 12 },
    ],
  }),
  finding({
    id: "f3",
    rule: "config/expired-waiver",
    severity: "warning",
    message: "the waiver of price/below-cost expired on 2026-10-31: launch",
  }),
  finding({
    id: "f4",
    rule: "custom/info-note",
    severity: "info",
    location: "RM01",
    channels: ["app"],
    message: CONTROL_MESSAGE,
    sources: [{ file: "/abs/feeds/app.tsv", line: 3 }],
  }),
  finding({
    id: "f5",
    rule: "price/sale-not-below-regular",
    severity: "error",
    sku: EVIL_SKU,
    location: "MI01",
    channels: ["store"],
    message: "store at MI01: sale price 3.49 is not below the price 3.49",
    sources: [{ file: "feeds/store prices.csv", line: 6 }],
  }),
  finding({
    id: "f6",
    rule: "price/sale-not-below-regular",
    severity: "error",
    sku: EVIL_SKU,
    location: "RM01",
    channels: ["store"],
    message: "store at RM01: sale price 3.49 is not below the price 3.49",
    sources: [{ file: "feeds/store prices.csv", line: 7 }],
  }),
  finding({
    id: "f7",
    rule: "price/sale-not-below-regular",
    severity: "error",
    sku: "B-2",
    location: "RM01",
    channels: ["store"],
    message: "store at RM01: sale price 1.00 is not below the price 0.99",
    waived: WAIVER,
    sources: [{ file: "feeds/store prices.csv", line: 13 }],
  }),
  finding({
    id: "f8",
    rule: "price/sale-not-below-regular",
    severity: "error",
    sku: "C-3",
    channels: ["web"],
    message: "web at every location: sale price 5.00 is not below the price 4.00",
    sources: [{ file: "feeds/web.jsonl", line: 20 }],
  }),
];

/** Unwaived: errors f5 f6 f8, warnings f1 f3, info f4; waived f2 f7. */
const SAMPLE: Report = {
  tool: { name: "pricelint", version: "0.1.0" },
  at: "2026-11-19T23:30:00.000Z",
  summary: {
    findings: { error: 3, warning: 2, info: 1, waived: 2 },
    rows: { read: 40, accepted: 39, rejected: 1 },
    feeds: [{ file: "feeds/web.jsonl", kind: "prices", read: 40, accepted: 39, rejected: 1 }],
    rules: RULES.length,
  },
  findings: FINDINGS,
  rules: RULES,
};

/** The same, compared with a baseline that had f2…f8 and a finding now gone. */
const WITH_BASELINE: Report = {
  ...SAMPLE,
  summary: { ...SAMPLE.summary, baseline: { new: 1, unchanged: 7, absent: 1 } },
  findings: FINDINGS.map((f) => ({ ...f, baseline: f.id === "f1" ? "new" : "unchanged" })),
  absent: [
    { id: "gone", rule: "price/below-cost", severity: "warning", sku: "D-4", location: null, channels: ["web"], message: "web below cost" },
  ],
};

let demo: Report;
beforeAll(async () => {
  demo = await check(await loadConfig(DEMO_CONFIG), { at: DEMO_AT });
});

// ---------------------------------------------------------------------------------------------

describe("json", () => {
  it.each([
    ["the hand-made report", () => SAMPLE],
    ["a report with a baseline (absent findings)", () => WITH_BASELINE],
    ["a report of a window", () => ({ ...SAMPLE, window: { from: "2026-11-19T23:00:00.000Z", to: "2026-11-26T23:00:00.000Z" } })],
    ["a report without findings", () => ({ ...SAMPLE, findings: [] })],
    ["the demo report", () => demo],
  ])("written piece by piece, is JSON.stringify of the report, two-space indented (%s)", (_, get) => {
    const { tool, at, window, run, summary, findings, absent } = get() as Report;
    // The digest, worked out apart: each finding's text where it stands in the array (two levels in), then a line feed.
    const hash = createHash("sha256");
    for (const f of findings) hash.update(`${JSON.stringify(f, null, 2).replaceAll("\n", "\n    ")}\n`);
    const digest = { findings: findings.length, sha256: hash.digest("hex") };
    const whole = JSON.stringify(
      { tool, at, ...(window ? { window } : {}), ...(run ? { run } : {}), summary, findings, ...(absent ? { absent } : {}), digest },
      null,
      2,
    );
    expect(formatJson(get())).toBe(`${whole}\n`);
  });
});

describe("jsonl", () => {
  function parseLines(text: string): unknown[] {
    expect(text.endsWith("\n")).toBe(true);
    return text
      .slice(0, -1)
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
  }

  it.each([
    ["the hand-made report", () => SAMPLE],
    ["a report with a baseline", () => WITH_BASELINE],
    ["a report of a window", () => ({ ...SAMPLE, window: { from: "2026-11-19T23:00:00.000Z", to: "2026-11-26T23:00:00.000Z" } })],
    ["the demo report", () => demo],
  ])("has one line per finding, equal to the JSON report's, then the summary line (%s)", (_, get) => {
    const report = get();
    // The digest is of the JSON document's texts: JSON Lines has no digest.
    const { findings, digest, ...rest } = JSON.parse(formatJson(report)) as { findings: unknown[] } & Record<string, unknown>;
    expect(digest).toHaveProperty("findings", findings.length);
    const lines = parseLines(formatJsonl(report));
    expect(lines).toHaveLength(findings.length + 1);
    expect(lines.slice(0, -1)).toStrictEqual(findings);
    // The last line has every other field of the JSON report, summary first.
    const last = lines.at(-1) as Record<string, unknown>;
    expect(Object.keys(last).slice(0, 3)).toStrictEqual(["summary", "tool", "at"]);
    expect(last).toStrictEqual(rest);
  });

  it("keeps a message with line breaks and line separators on its line", () => {
    const text = formatJsonl(SAMPLE);
    expect(text.split("\n")).toHaveLength(FINDINGS.length + 2); // + summary + the empty string after the last newline
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(text.split(/\r\n|[\n\r\u000B\u000C\u001C-\u001E\u0085\u2028\u2029]/)).toHaveLength(FINDINGS.length + 2);
    const f4 = JSON.parse(text.split("\n")[3]!) as Finding;
    expect(f4.message).toBe(CONTROL_MESSAGE);
  });
});

// ---------------------------------------------------------------------------------------------

interface SarifLog {
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
    invocations?: {
      executionSuccessful: boolean;
      toolConfigurationNotifications: {
        associatedRule: { id: string; index: number };
        level: string;
        properties: Record<string, unknown>;
      }[];
    }[];
  }[];
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
}
interface SarifLocation {
  id?: number;
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations?: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  properties: { sku: string | null; location: string | null; channels: string[]; values: Record<string, unknown> };
}

describe("sarif", () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    // The OASIS file is draft-04 (see tests/schemas/README.md): compiled as draft-07 without its root $schema and id.
    const {
      $schema: _draft,
      id: _id,
      ...schema
    } = JSON.parse(readFileSync("tests/schemas/sarif-schema-2.1.0.json", "utf8")) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  });

  function valid(text: string): SarifLog {
    const log = JSON.parse(text) as SarifLog;
    const ok = validate(log);
    expect(ok ? [] : validate.errors).toStrictEqual([]);
    return log;
  }

  const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

  it("validates the demo report against the SARIF 2.1.0 schema, one result per finding", () => {
    const log = valid(formatSarif(demo, { configFile: DEMO_CONFIG, feedBase: "fixtures/demo" }));
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run!.tool.driver.name).toBe("pricelint");
    expect(run!.tool.driver.rules.map((r) => r.id)).toStrictEqual(demo.rules.map((r) => r.id));
    expect(run!.results).toHaveLength(demo.findings.length);
    demo.findings.forEach((f, i) => {
      const r = run!.results[i]!;
      expect(r.ruleId).toBe(f.rule);
      expect(run!.tool.driver.rules[r.ruleIndex]!.id).toBe(f.rule);
      expect(r.partialFingerprints).toStrictEqual({ [FINGERPRINT_KEY]: f.id });
      expect(r.level).toBe(LEVEL[f.severity]);
      expect(r.locations).toHaveLength(1);
      expect(r.suppressions?.[0]?.justification).toBe(f.waived?.reason);
      const first = f.sources[0];
      const uri = r.locations![0]!.physicalLocation.artifactLocation.uri;
      if (first) expect(uri).toBe(`fixtures/demo/${first.file}`);
      else expect(uri).toBe(DEMO_CONFIG);
      expect(r.relatedLocations?.length ?? 0).toBe(Math.max(0, f.sources.length - 1));
    });
  });

  it("doubles { and } in message texts, as SARIF 2.1.0 §3.11.5 requires: {0} in a value is no placeholder", () => {
    const braces = {
      ...SAMPLE,
      findings: FINDINGS.map((f, i) => (i === 0 ? { ...f, message: '"{0}" is not an amount (unexpected "}")' } : f)),
    };
    const log = valid(formatSarif(braces, { configFile: "pricelint.config.json" }));
    expect(log.runs[0]!.results[0]!.message.text).toBe('"{{0}}" is not an amount (unexpected "}}")');
  });

  it("names a feed file by its normalised relative path: ./feeds/web.jsonl is feeds/web.jsonl", () => {
    const dotted = {
      ...SAMPLE,
      findings: FINDINGS.map((f) => ({
        ...f,
        sources: f.sources.map((s) => ({ ...s, file: s.file.startsWith("/") ? s.file : `./${s.file}` })),
      })),
    };
    const log = valid(formatSarif(dotted, { configFile: "pricelint.config.json" }));
    const uris = log.runs[0]!.results.map((r) => r.locations![0]!.physicalLocation.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(0);
    expect(uris.filter((u) => u.startsWith("./"))).toStrictEqual([]);
    expect(uris).toStrictEqual(
      valid(formatSarif(SAMPLE, { configFile: "pricelint.config.json" })).runs[0]!.results.map(
        (r) => r.locations![0]!.physicalLocation.artifactLocation.uri,
      ),
    );
  });

  it("the schema check has teeth: it rejects a broken log", () => {
    const text = formatSarif(SAMPLE, { configFile: "pricelint.config.json" });
    expect(validate(JSON.parse(text))).toBe(true);
    const breakers: ((result: Record<string, unknown>, primary: SarifLocation) => void)[] = [
      (r) => (r["level"] = "fatal"),
      (r) => delete r["message"],
      (r) => (r["suppressions"] = [{ kind: "somewhere" }]),
      (_, l) => (l.physicalLocation.region.startLine = 0),
      (_, l) => (l.physicalLocation.artifactLocation.uri = "feeds/my feed.csv"),
    ];
    for (const breakIt of breakers) {
      const log = JSON.parse(text) as SarifLog;
      const result = log.runs[0]!.results[0]!;
      breakIt(result as unknown as Record<string, unknown>, result.locations![0]!);
      expect(validate(log)).toBe(false);
    }
  });

  it("describes every rule the way GitHub asks: name, descriptions, help text and markdown, default level", () => {
    const log = valid(formatSarif(SAMPLE));
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toStrictEqual(RULES.map((r) => r.id));
    expect(rules.map((r) => r.defaultConfiguration.level)).toStrictEqual(["warning", "warning", "note", "warning", "error"]);
    expect(rules[0]!.name).toBe("ChannelOnlineDiffersFromStore");
    expect(rules[0]!.shortDescription.text).toBe("The web price differs from the store price.");
    expect(rules[0]!.fullDescription.text).toBe("The web price differs from the store price. Set a tolerance to allow small differences.");
    expect(rules[0]!.help.text).toBe("Set a tolerance to allow small differences.");
    expect(rules[1]!.help.text).toBe("A waiver has passed its until date."); // no help: the description
    expect(rules[2]!.help.markdown).toContain("\\- starts like a list, \\*has\\* \\`markup\\`");
  });

  it("maps levels, fingerprints, suppressions, regions and related locations of a hand-made report", () => {
    const log = valid(formatSarif(SAMPLE, { configFile: "pricelint.config.json" }));
    const results = log.runs[0]!.results;
    expect(results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toStrictEqual(["f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8"]);
    expect(results.map((r) => r.level)).toStrictEqual(["warning", "warning", "warning", "note", "error", "error", "error", "error"]);
    expect(results.map((r) => r.ruleIndex)).toStrictEqual([0, 0, 1, 2, 4, 4, 4, 4]);
    expect(results.filter((r) => r.suppressions).map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toStrictEqual(["f2", "f7"]);
    expect(results[1]!.suppressions).toStrictEqual([
      { kind: "external", status: "accepted", justification: WAIVER.reason, properties: { ticket: "PRC-1", until: "2026-12-31" } },
    ]);
    // f1: the first source is the location, the second a related location; paths are percent-encoded.
    expect(results[0]!.locations).toStrictEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "feeds/web.jsonl" },
          region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 2 },
        },
      },
    ]);
    expect(results[0]!.relatedLocations).toStrictEqual([
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: "feeds/store%20prices.csv" },
          region: { startLine: 6, startColumn: 1, endLine: 6, endColumn: 2 },
        },
      },
    ]);
    // f3 has no source: it points at the config's first line.
    expect(results[2]!.locations![0]!.physicalLocation).toStrictEqual({
      artifactLocation: { uri: "pricelint.config.json" },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    });
    // f4: an absolute path becomes a file URI; the message keeps its text.
    expect(results[3]!.locations![0]!.physicalLocation.artifactLocation.uri).toBe("file:///abs/feeds/app.tsv");
    expect(results[3]!.message.text).toBe(CONTROL_MESSAGE);
    expect(results[0]!.properties).toMatchObject({
      sku: EVIL_SKU,
      location: "MI01",
      channels: ["web", "store"],
      values: { "web.effectivePrice": "2.49" },
    });
  });

  it("marks results new or unchanged against a baseline", () => {
    const log = valid(formatSarif(WITH_BASELINE, { configFile: "pricelint.config.json" }));
    const states = log.runs[0]!.results.map((r) => (r as unknown as { baselineState?: string }).baselineState);
    expect(states).toStrictEqual(["new", "unchanged", "unchanged", "unchanged", "unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(log.runs[0]!.results).toHaveLength(FINDINGS.length); // the gone finding is not a result
  });

  it("names a landing page fetched over the web by its URL, and the config by its normalised path, as feed files are", () => {
    const page = "https://shop.example:8443/p/a 1.html?v=2";
    const fetched = {
      ...SAMPLE,
      findings: FINDINGS.map((f) => ({ ...f, sources: f.sources.map((s, i) => (i === 0 ? { ...s, file: page } : s)) })),
    };
    for (const configFile of ["./pricelint.config.json", "retail/../pricelint.config.json"]) {
      const uris = valid(formatSarif(fetched, { configFile })).runs[0]!.results.map(
        (r) => r.locations![0]!.physicalLocation.artifactLocation.uri,
      );
      // The page as a URL (its space percent-encoded as a URL parser does), not a path whose "//" collapsed and ":" encoded.
      expect(new Set(uris)).toStrictEqual(new Set(["https://shop.example:8443/p/a%201.html?v=2", "pricelint.config.json"]));
    }
  });

  it("prefixes relative feed paths with feedBase, not absolute ones", () => {
    const log = valid(formatSarif(SAMPLE, { configFile: "retail/pricelint.config.json", feedBase: "retail" }));
    const uris = log.runs[0]!.results.map((r) => r.locations![0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toStrictEqual([
      "retail/feeds/web.jsonl",
      "retail/feeds/web.jsonl",
      "retail/pricelint.config.json",
      "file:///abs/feeds/app.tsv",
      "retail/feeds/store%20prices.csv",
      "retail/feeds/store%20prices.csv",
      "retail/feeds/store%20prices.csv",
      "retail/feeds/web.jsonl",
    ]);
  });

  it("without a config file, a finding with no source is a configuration notification, never a result without a location", () => {
    const log = valid(formatSarif(SAMPLE));
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(FINDINGS.length - 1);
    expect(run.results.every((r) => r.locations?.length === 1)).toBe(true);
    const notifications = run.invocations![0]!.toolConfigurationNotifications;
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      associatedRule: { id: "config/expired-waiver", index: 1 },
      level: "warning",
      properties: { [FINGERPRINT_KEY]: "f3" },
    });
    expect(run.invocations![0]!.executionSuccessful).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// A strict reader for the XML the JUnit formatter writes: elements, attributes and text only.
// It fails on anything not well-formed (unclosed or mismatched tags, unquoted or duplicate
// attributes, a raw `<` or `&`, an unknown entity, a character XML 1.0 does not allow).
// ---------------------------------------------------------------------------------------------

interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function parseXml(xml: string): XmlElement {
  const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!xml.startsWith(DECLARATION)) throw new Error("no XML declaration");
  if (NOT_XML_CHAR.test(xml)) throw new Error("a character XML 1.0 does not allow");
  let i = DECLARATION.length;
  const fail = (what: string): never => {
    throw new Error(`${what} at ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) fail("expected a name");
    i += m![0].length;
    return m![0];
  };
  const space = () => {
    while (/\s/.test(xml[i] ?? "")) i++;
  };
  const decode = (raw: string): string => {
    if (raw.includes("<")) fail("raw < in text or attribute");
    return raw.replace(/&([^;]*);|&/g, (whole, ref: string | undefined) => {
      if (ref === undefined) return fail("raw &");
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
      if (ref in named) return named[ref]!;
      const num = /^#(\d+)$/.exec(ref) ?? null;
      const hex = /^#x([0-9a-fA-F]+)$/.exec(ref) ?? null;
      const code = num ? Number(num[1]) : hex ? parseInt(hex[1]!, 16) : fail(`unknown entity ${whole}`);
      const char = String.fromCodePoint(code);
      if (NOT_XML_CHAR.test(char)) fail(`reference to a character XML does not allow: ${whole}`);
      return char;
    });
  };
  const element = (): XmlElement => {
    if (xml[i] !== "<") fail("expected <");
    i++;
    const tag = name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = i;
      space();
      if (xml.startsWith("/>", i)) {
        i += 2;
        return { name: tag, attrs, children: [], text: "" };
      }
      if (xml[i] === ">") {
        i++;
        break;
      }
      if (i === before) fail("expected space before an attribute");
      const key = name();
      if (key in attrs) fail(`duplicate attribute ${key}`);
      if (xml[i] !== "=" || xml[i + 1] !== '"') fail('expected ="');
      const end = xml.indexOf('"', i + 2);
      if (end < 0) fail("unterminated attribute");
      attrs[key] = decode(xml.slice(i + 2, end));
      i = end + 1;
    }
    const node: XmlElement = { name: tag, attrs, children: [], text: "" };
    for (;;) {
      const next = xml.indexOf("<", i);
      if (next < 0) fail(`<${tag}> is never closed`);
      node.text += decode(xml.slice(i, next));
      i = next;
      if (xml.startsWith("</", i)) {
        i += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        if (xml[i] !== ">") fail("expected >");
        i++;
        return node;
      }
      if (xml.startsWith("<!", i) || xml.startsWith("<?", i)) fail("comments, CDATA and processing instructions are not expected");
      node.children.push(element());
    }
  };
  const root = element();
  if (xml.slice(i).trim() !== "") fail("content after the root element");
  return root;
}

function count(e: XmlElement, attr: string): number {
  const value = e.attrs[attr];
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${e.name} has no numeric ${attr}`);
  return Number(value);
}

describe("junit", () => {
  it("the XML reader rejects what is not well-formed", () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
    for (const bad of [
      "<a><b></a>",
      "<a>",
      '<a x="1" x="2"/>',
      "<a>&nbsp;</a>",
      "<a>1 < 2</a>",
      "<a>R&D</a>",
      "<a x=1/>",
      "<a>\u0001</a>",
      "<a>&#1;</a>",
      "<a/><b/>",
    ]) {
      expect(() => parseXml(head + bad), bad).toThrow();
    }
    expect(parseXml(`${head}<a x="&lt;&amp;&#10;"><b/>t&apos;</a>`)).toStrictEqual({
      name: "a",
      attrs: { x: "<&\n" },
      children: [{ name: "b", attrs: {}, children: [], text: "" }],
      text: "t'",
    });
  });

  it("writes one suite per rule and one case per rule × sku for the hand-made report, counted by hand", () => {
    const root = parseXml(formatJunit(SAMPLE));
    expect(root.name).toBe("testsuites");
    // channel/online: 2 cases skipped (f1 warning; f2 waived); config/expired-waiver: (no sku) skipped;
    // custom/info-note: (no sku) skipped; price/below-cost: found nothing, one passing case;
    // price/sale-not-below-regular: EVIL_SKU fails (f5, f6), B-2 skipped (f7 waived), C-3 fails (f8).
    expect([count(root, "tests"), count(root, "failures"), count(root, "skipped"), count(root, "errors")]).toStrictEqual([8, 2, 5, 0]);
    const suites = root.children;
    expect(suites.map((s) => s.attrs["name"])).toStrictEqual(RULES.map((r) => r.id));
    expect(suites.map((s) => [count(s, "tests"), count(s, "failures"), count(s, "skipped")])).toStrictEqual([
      [2, 0, 2],
      [1, 0, 1],
      [1, 0, 1],
      [1, 0, 0],
      [3, 2, 1],
    ]);
    const cases = suites.flatMap((s) =>
      s.children.map((c) => [c.attrs["classname"], c.attrs["name"], c.children.map((x) => x.name).join(",")]),
    );
    expect(cases).toStrictEqual([
      ["channel/online-differs-from-store", EVIL_SKU, "skipped"],
      ["channel/online-differs-from-store", "B-2", "skipped"],
      ["config/expired-waiver", NO_SKU, "skipped"],
      ["custom/info-note", NO_SKU, "skipped"],
      ["price/below-cost", ALL_SKUS, ""],
      ["price/sale-not-below-regular", EVIL_SKU, "failure"],
      ["price/sale-not-below-regular", "B-2", "skipped"],
      ["price/sale-not-below-regular", "C-3", "failure"],
    ]);
    const evil = suites[4]!.children[0]!.children[0]!;
    expect(evil.attrs["type"]).toBe("error");
    expect(evil.attrs["message"]).toBe("2 errors: store at MI01: sale price 3.49 is not below the price 3.49; …");
    expect(evil.text.split("\n")).toStrictEqual([
      "[error] MI01 store: store at MI01: sale price 3.49 is not below the price 3.49 [feeds/store prices.csv:6]",
      "[error] RM01 store: store at RM01: sale price 3.49 is not below the price 3.49 [feeds/store prices.csv:7]",
    ]);
    expect(suites[1]!.children[0]!.children[0]!.attrs["message"]).toBe(
      "warning: the waiver of price/below-cost expired on 2026-10-31: launch",
    );
    expect(suites[0]!.children[1]!.children[0]!.attrs["message"]).toBe(
      "waived until 2026-12-31 (PRC-1): agreed *test* & <pilot> — web 1.59 differs from store 1.49 at every location",
    );
  });

  it("fails the testcases of the findings --fail-on counts, unwaived: warnings too with warning, none with never", () => {
    const kinds = (failOn: "error" | "warning" | "info" | "never") => {
      const root = parseXml(formatJunit(SAMPLE, { failOn }));
      const cases = root.children.flatMap((s) =>
        s.children.map((c) => c.children.map((x) => `${x.name}${x.attrs["type"] ? ` ${x.attrs["type"]}` : ""}`).join()),
      );
      return { totals: [count(root, "tests"), count(root, "failures"), count(root, "skipped")], cases };
    };
    // In SAMPLE's order: online EVIL (warning), online B-2 (waived warning), expired-waiver (warning),
    // info-note (info), below-cost (nothing found), sale EVIL (two errors), sale B-2 (waived error), sale C-3 (error).
    expect(kinds("error")).toStrictEqual({
      totals: [8, 2, 5],
      cases: ["skipped", "skipped", "skipped", "skipped", "", "failure error", "skipped", "failure error"],
    });
    expect(kinds("warning")).toStrictEqual({
      totals: [8, 4, 3],
      cases: ["failure warning", "skipped", "failure warning", "skipped", "", "failure error", "skipped", "failure error"],
    });
    expect(kinds("info").totals).toStrictEqual([8, 5, 2]);
    expect(kinds("never")).toStrictEqual({
      totals: [8, 0, 7],
      cases: ["skipped", "skipped", "skipped", "skipped", "", "skipped", "skipped", "skipped"],
    });
    // Two failing findings of one testcase are counted as findings, not errors, below error.
    const evil = parseXml(formatJunit(SAMPLE, { failOn: "warning" })).children[4]!.children[0]!.children[0]!;
    expect(evil.attrs["message"]).toBe("2 findings: store at MI01: sale price 3.49 is not below the price 3.49; …");
  });

  it("escapes markup and writes characters XML cannot carry as visible escapes, keeping the rest of the text", () => {
    const xml = formatJunit(SAMPLE);
    expect(xml).not.toContain("<script>");
    expect(xml).not.toMatch(/[\u0001\u0007]/);
    const note = parseXml(xml).children[2]!.children[0]!.children[0]!;
    expect(note.attrs["message"]).toBe("info: note \\u0001bell\\u0007 & \"quoted\" 'single' <tag>\nsecond line\u2028third");
  });

  it("counts the demo's testcases, failures and skips as the JSON report implies", () => {
    const root = parseXml(formatJunit(demo));
    const json = JSON.parse(formatJson(demo)) as { findings: Finding[] };
    const combos = new Map<string, Finding[]>();
    for (const f of json.findings) {
      const key = `${f.rule}\u0000${f.sku ?? ""}`;
      combos.set(key, [...(combos.get(key) ?? []), f]);
    }
    const failing = [...combos.values()].filter((fs) => fs.some((f) => f.severity === "error" && !f.waived)).length;
    const clean = demo.rules.filter((r) => !json.findings.some((f) => f.rule === r.id)).length;
    expect(count(root, "tests")).toBe(combos.size + clean);
    expect(count(root, "failures")).toBe(failing);
    expect(count(root, "skipped")).toBe(combos.size - failing);
    for (const suite of root.children) {
      expect(count(suite, "tests")).toBe(suite.children.length);
      expect(count(suite, "failures")).toBe(suite.children.filter((c) => c.children.some((x) => x.name === "failure")).length);
      expect(count(suite, "skipped")).toBe(suite.children.filter((c) => c.children.some((x) => x.name === "skipped")).length);
    }
    const sum = (attr: string) => root.children.reduce((n, s) => n + count(s, attr), 0);
    expect([sum("tests"), sum("failures"), sum("skipped")]).toStrictEqual([
      count(root, "tests"),
      count(root, "failures"),
      count(root, "skipped"),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("table", () => {
  it("matches the golden terminal table of the demo (UPDATE_GOLDEN=1 rewrites it)", () => {
    const text = formatTable(demo);
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(GOLDEN_TABLE, text);
    expect(text).toBe(readFileSync(GOLDEN_TABLE, "utf8"));
  });

  it("pads by the columns a cell takes on screen: a wide character takes two, a combining mark none", () => {
    // ＷＩＤＥ漢字 is 6 characters and 12 columns; é written e + U+0301 is 2 characters and 1 column.
    const skus = ["ＷＩＤＥ漢字", "cafe\u0301", "PLAIN-SKU-01"];
    const findings = skus.map((sku, i) => ({ ...FINDINGS[0]!, id: `w${i}`, sku, location: "MI01", channels: ["web"] }));
    const text = formatTable({ ...SAMPLE, findings });
    const rows = text.split("\n").filter((line) => skus.some((sku) => line.includes(sku)));
    expect(rows).toHaveLength(3);
    // Each row's location starts in the same screen column.
    const column = (line: string) => displayWidth(line.slice(0, line.indexOf("MI01")));
    expect(rows.map(column)).toStrictEqual(rows.map(() => column(rows[2]!)));
    expect([displayWidth("ＷＩＤＥ漢字"), displayWidth("cafe\u0301"), displayWidth("PLAIN")]).toStrictEqual([12, 4, 5]);
  });

  it("S35 counts an emoji shown as emoji as two columns wherever its block is (✅ U+2705, ☕ U+2615, 🚀 U+1F680, 🛒 U+1F6D2, 🥐 U+1F950)", () => {
    // EastAsianWidth.txt gives each W; a text-style symbol (☂ U+2602, ✓ U+2713) stays one column.
    expect(["✅", "☕", "🚀", "🛒", "🥐", "☂", "✓"].map(displayWidth)).toStrictEqual([2, 2, 2, 2, 2, 1, 1]);
    expect(displayWidth("🚀X")).toBe(3);
  });

  it("S37 counts an emoji shown as text by default as two columns when VARIATION SELECTOR-16 asks for its emoji form (❤️, ©️), one without it", () => {
    // ❤ U+2764 and © U+00A9 are Emoji but text by default (one column); U+FE0F shows them as emoji.
    // A digit followed by U+FE0F alone is no emoji (a keycap needs U+20E3 too).
    expect(["\u2764", "\u2764\ufe0f", "\u00a9\ufe0f", "1\ufe0f", "\u2705\ufe0f", "A\ufe0f"].map(displayWidth)).toStrictEqual([
      1, 2, 2, 1, 2, 1,
    ]);
  });

  it("S38 writes lone surrogates as visible escapes and U+2028 and U+2029 as spaces, as JSON and Markdown write them", () => {
    // Two skus with different lone surrogates (from a JSON feed), and a message holding LINE and
    // PARAGRAPH SEPARATOR: shown as U+FFFD both, they printed alike, and the separators broke lines.
    const findings = ["A\ud800", "A\udfff", "B\ud83d\ude00"].map((sku, i) => ({
      ...FINDINGS[0]!,
      id: `s${i}`,
      sku,
      message: `"x\u2028\u20291\udc00" is not an amount`,
    }));
    const text = formatTable({ ...SAMPLE, findings });
    expect(text).toContain("A\\ud800");
    expect(text).toContain("A\\udfff");
    // A pair is a character, shown as it is.
    expect(text).toContain("B\ud83d\ude00");
    expect(text).toContain('"x 1\\udc00" is not an amount');
    expect(text).not.toMatch(/[\u2028\u2029\ufffd]/);
  });
});

describe("markdown", () => {
  it("matches the golden summary of the demo (UPDATE_GOLDEN=1 rewrites it)", () => {
    const text = formatMarkdown(demo);
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(GOLDEN_MD, text);
    expect(text).toBe(readFileSync(GOLDEN_MD, "utf8"));
  });

  it("escapes a sku with | and <script>, and every other feed-supplied text", () => {
    const text = formatMarkdown(SAMPLE);
    expect(text).not.toContain("<script>");
    expect(text).not.toContain("<pilot>");
    const cell = "A\\|1&lt;script&gt;alert('x')&lt;/script&gt;";
    const rows = text.split("\n").filter((line) => line.startsWith(`| ${cell} |`));
    expect(rows).toHaveLength(3); // f1, f5, f6
    for (const row of rows) expect(row.match(/(?<!\\)\|/g)).toHaveLength(6); // five cells
    expect(text).toContain("agreed \\*test\\* &amp; &lt;pilot&gt;");
    expect(text).toContain(
      "| – | RM01 | app | note \\\\u0001bell\\\\u0007 &amp; \"quoted\" 'single' &lt;tag&gt; second line third | /abs/feeds/app.tsv:3 |",
    );
    expect(escapeMarkdown("a_b*c`d[e]f~g$h\\i")).toBe("a\\_b\\*c\\`d\\[e\\]f\\~g\\$h\\\\i");
    // S18: bidi controls as visible escapes (the escape's backslash escaped in turn), none left raw.
    expect(escapeMarkdown("below \u202e12.99\u202c \u2067x\u2069")).toBe("below \\\\u202e12.99\\\\u202c \\\\u2067x\\\\u2069");
    // C1 controls (U+0080–U+009F) are control characters too: CSI (U+009B) written as a visible escape, NEL (U+0085) a line break.
    expect(escapeMarkdown("1\u009b2m next\u0085line")).toBe("1\\\\u009b2m next line");
  });

  it("says what is new against a baseline", () => {
    const text = formatMarkdown(WITH_BASELINE);
    expect(text).toContain("Against the baseline: **1 new**, 7 unchanged, 1 gone.");
    expect(text.match(/\*\*new:\*\* /g)).toHaveLength(1);
    expect(text).toContain("| web, store | **new:** web 2.49 differs from store 1.99 at MI01 |");
    expect(formatMarkdown(SAMPLE)).not.toContain("baseline");
    // The findings gone since, listed after the rules' sections, the first of each rule (S34).
    expect(
      text.endsWith(
        "\n### Gone since the baseline\n\n| Rule | SKU | Location | Channels | Message |\n| --- | --- | --- | --- | --- |\n| `price/below-cost` | D-4 | – | web | web below cost |\n",
      ),
    ).toBe(true);
    const many = {
      ...WITH_BASELINE,
      absent: Array.from({ length: 3 }, (_, i) => ({ ...WITH_BASELINE.absent![0]!, id: `g${i}`, sku: `D-${i}` })),
    };
    expect(formatMarkdown(many, { maxPerRule: 2 })).toContain("| `price/below-cost` | D-1 | – | web | web below cost |\n\n… and 1 more.\n");
  });

  it("names the window of a --from/--to check instead of the instant", () => {
    const text = formatMarkdown({ ...SAMPLE, window: { from: "2026-11-19T23:00:00.000Z", to: "2026-11-26T23:00:00.000Z" } });
    expect(text).toContain("pricelint 0.1.0 from 2026-11-19T23:00:00.000Z to 2026-11-26T23:00:00.000Z\n");
    expect(formatMarkdown(SAMPLE)).toContain("pricelint 0.1.0 at 2026-11-19T23:30:00.000Z\n");
  });

  it("over a window, gives each finding's interval: one violation over two intervals is two rows that differ", () => {
    const window = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-30T00:00:00.000Z" };
    const episode = (id: string, from: string, to: string) => ({ ...FINDINGS[0]!, id, interval: { from, to } });
    const findings = [
      episode("e1", "2026-11-02T00:00:00.000Z", "2026-11-05T00:00:00.000Z"),
      episode("e2", "2026-11-20T00:00:00.000Z", "2026-11-22T00:00:00.000Z"),
    ];
    const text = formatMarkdown({ ...SAMPLE, window, findings });
    expect(text).toContain("| SKU | Location | Channels | Interval | Message | Source |");
    const rows = text.split("\n").filter((line) => line.includes(" – 2026-11-"));
    expect(rows.map((row) => row.split(" | ")[3])).toStrictEqual([
      "2026-11-02T00:00:00.000Z – 2026-11-05T00:00:00.000Z",
      "2026-11-20T00:00:00.000Z – 2026-11-22T00:00:00.000Z",
    ]);
    // At an instant there is no interval column.
    expect(formatMarkdown(SAMPLE)).toContain("| SKU | Location | Channels | Message | Source |");
  });

  it("counts per rule and severity, and lists at most maxPerRule findings of a rule", () => {
    const text = formatMarkdown(SAMPLE, { maxPerRule: 2 });
    expect(text).toContain("8 findings: **3 errors**, 2 warnings, 1 info, 2 waived · rows: 40 read, 39 accepted, 1 rejected · 5 rules");
    expect(text).toContain("| `price/sale-not-below-regular` | 3 | 0 | 0 | 1 |");
    expect(text).toContain("| `channel/online-differs-from-store` | 0 | 1 | 0 | 1 |");
    expect(text).toContain("| **Total** | **3** | **2** | **1** | **2** |");
    expect(text).not.toContain("`price/below-cost`"); // found nothing
    expect(text.match(/… and \d+ more\./g)).toStrictEqual(["… and 2 more."]); // 4 findings of sale-not-below-regular, 2 shown
    expect(formatMarkdown(SAMPLE).match(/… and/g)).toBeNull();
  });
});

describe("findings a library caller builds by hand", () => {
  const made = (id: string, rule: string, sku: string): Finding => ({
    id,
    rule,
    severity: "error",
    sku,
    location: null,
    channels: [],
    promotion: null,
    message: `m${id}`,
    values: {},
    interval: null,
    sources: [{ file: "a.csv", line: 1 }],
    waived: null,
  });
  const rules = ["A", "B"].map((id): RuleInfo => ({
    id,
    severity: "error",
    scope: "offer",
    description: id,
    help: null,
    origin: "built-in",
  }));
  const report = (findings: Finding[]): Report => ({
    tool: { name: "pricelint", version: "0" },
    at: "2026-01-01T00:00:00.000Z",
    summary: { findings: { error: 0, warning: 0, info: 0, waived: 0 }, rows: { read: 0, accepted: 0, rejected: 0 }, feeds: [], rules: 2 },
    findings,
    rules,
  });

  it("keep their own order in the HTML page's data, however their rules alternate", () => {
    const html = formatHtml(report([made("1", "A", "x"), made("2", "B", "y"), made("3", "A", "z")]));
    const at = (id: string) => html.indexOf(`"message":"m${id}"`);
    expect([at("1") < at("2"), at("2") < at("3")]).toStrictEqual([true, true]);
  });

  it("fail their JUnit testcase when they have no `waived` member at all, as when it is null", () => {
    const { waived: _, ...unwaived } = made("1", "A", "x");
    expect(formatJunit(report([unwaived as Finding]))).toContain('failures="1"');
  });
});
