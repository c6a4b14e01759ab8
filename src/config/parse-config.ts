import { isAbsolute, normalize } from "node:path";
import { isScalar, parseDocument as parseYamlDocument, visit } from "yaml";
import type { z } from "zod";
import { formatIssues, formatPath, PricelintError, type PricelintIssue } from "../model/errors.js";
import { readKey } from "../text/keys.js";
import { issueMessage } from "./issue-message.js";
import { configSchema, pagesToFetch, type Config } from "./schema.js";

/** How deep a config or rule document may nest: rule conditions are compiled recursively. */
export const MAX_DOCUMENT_DEPTH = 64;

/** YAML aliases a document may expand: enough for any config, too few for a "billion laughs". */
const MAX_YAML_ALIASES = 100;

/**
 * Parses JSON or YAML text (YAML when the file name says so). Errors name the file and position.
 * Beyond the syntax, a document is refused when a key repeats (JSON as YAML), when it nests deeper
 * than {@link MAX_DOCUMENT_DEPTH}, or when it has a `__proto__` key: keys stay plain data.
 * YAML is read as JSON-compatible data only: a tag (`!!js/function`, `!!binary`, `!!set`…) is an error.
 */
export function parseDocument(text: string, file: string, code: "config" | "rule"): unknown {
  if (!/\.ya?ml$/i.test(file)) return parseJsonDocument(text, file, code);
  const value = parseYaml(text, file, code);
  checkDocument(value, file, code);
  return value;
}

/**
 * Parses JSON text as {@link parseDocument} does, whatever the file's name; its errors carry `code`
 * (`io` for a JSON report given to `--baseline` or `merge`: a file that is not JSON cannot be read).
 */
export function parseJsonDocument(text: string, file: string, code: "config" | "rule" | "io"): unknown {
  const value = parseJson(text, file, code);
  checkDocument(value, file, code);
  return value;
}

function parseJson(text: string, file: string, code: "config" | "rule" | "io"): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PricelintError(code, `not valid JSON: ${firstLine(error)}`, file, { cause: error });
  }
  const duplicate = duplicateKey(text);
  if (duplicate) {
    const where = duplicate.path.length === 0 ? "" : ` in ${formatPath(duplicate.path)}`;
    throw new PricelintError(code, `not valid JSON: duplicate key ${JSON.stringify(duplicate.key)}${where} (line ${duplicate.line})`, file);
  }
  // A config or rule file means what its text says: a number JSON.parse reads as another is refused, as in YAML.
  const altered = code === "io" ? null : alteredJsonNumber(text);
  if (altered) throw new PricelintError(code, alteredMessage(altered), file);
  return value;
}

/** The message for a number read as another: the line, the text, the number it would be. */
function alteredMessage({ source, value, line }: { source: string; value: number; line: number }): string {
  return `line ${line}: ${source} would be read as the number ${value}: quote it ("${source}") if it is text, or write ${value}`;
}

/**
 * The first JSON number whose text is not the number JSON.parse reads it as, in plain decimal:
 * digits beyond what a double keeps (`0.0099999999999999999` is 0.01, `10000000000000000001` is
 * 1e19), an exponent (`1e3`), `-0`. Trailing zeros of a fraction (`1.50`) are the same number.
 */
function alteredJsonNumber(text: string): { source: string; value: number; line: number } | null {
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 /* \ */ ? 2 : 1;
      i = j;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      JSON_NUMBER.lastIndex = i;
      const source = JSON_NUMBER.exec(text)?.[0];
      if (source === undefined) continue;
      const value = Number(source);
      if (plainDecimal(source) !== String(value)) return { source, value, line };
      i += source.length - 1;
    }
  }
  return null;
}

const JSON_NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function parseYaml(text: string, file: string, code: "config" | "rule"): unknown {
  const fail = (message: string, cause?: unknown): never => {
    throw new PricelintError(code, `not valid YAML: ${message}`, file, { cause });
  };
  try {
    // logLevel "error": warnings are not printed, and (unlike "silent") a second document stays an error.
    const document = parseYamlDocument(text, { uniqueKeys: true, resolveKnownTags: false, logLevel: "error" });
    // Warnings (an unresolved tag, above all) are errors here: a config must mean what it says.
    const problem = document.errors[0] ?? document.warnings[0];
    // The parser's code for a collection it could not compose: nested deeper than the stack goes.
    if (problem?.code === "RESOURCE_EXHAUSTION") fail(tooDeep, problem);
    if (problem?.code === "MULTIPLE_DOCS") {
      const line = problem.linePos?.[0].line;
      fail(
        `the file holds more than one document${line === undefined ? "" : ` (the second starts at line ${line})`}; a ${code} file is one`,
        problem,
      );
    }
    if (problem) fail(firstLine(problem), problem);
    const altered = alteredNumber(document, text);
    if (altered) throw new PricelintError(code, alteredMessage(altered), file);
    const merged = mergedKey(document, text);
    if (merged) fail(merged);
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof PricelintError) throw error;
    if (error instanceof RangeError) fail(tooDeep, error);
    return fail(firstLine(error), error);
  }
}

/**
 * The first plain YAML scalar read as a number that is not the number its text says in plain
 * decimal: a location `0801` (read as 801), `0x10`, `1e3`, `.inf`, or digits beyond what a double
 * keeps. Trailing zeros of a fraction (`1.10`) and a leading `+` are the same number, and pass.
 */
function alteredNumber(
  document: ReturnType<typeof parseYamlDocument>,
  text: string,
): { source: string; value: number; line: number } | null {
  let found: { source: string; value: number; line: number } | null = null;
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value !== "number" || node.type !== "PLAIN" || node.source === undefined) return undefined;
      if (plainDecimal(node.source) === String(node.value)) return undefined;
      const line = text.slice(0, node.range?.[0] ?? 0).split("\n").length;
      found = { source: node.source, value: node.value, line };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Two keys of one mapping that are one key once read: a mapping's keys become texts, so `1` and
 * `"1"`, `true` and `"true"`, `null` and `""` (or two merge keys `<<`) are the same key, and the
 * last would silently win. Says which, and where; null when there are none.
 */
function mergedKey(document: ReturnType<typeof parseYamlDocument>, text: string): string | null {
  let found: string | null = null;
  visit(document, {
    Map(_, node) {
      const seen = new Map<string, string>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const value: unknown = pair.key.value;
        const range = pair.key.range;
        const written = range ? text.slice(range[0], range[1]) : String(value);
        // A merge key `<<` (YAML 1.1) is read as a symbol: named as written.
        const key = typeof value === "symbol" ? written : value === null ? "" : String(value);
        const first = seen.get(key);
        if (first !== undefined) {
          const line = text.slice(0, range?.[0] ?? 0).split("\n").length;
          found =
            first === written
              ? `the key ${written} comes twice in one mapping (line ${line}): say it once`
              : `the keys ${first} and ${written} (line ${line}) are one key once read, ${JSON.stringify(key)}: say it once`;
          return visit.BREAK;
        }
        seen.set(key, written);
      }
      return undefined;
    },
  });
  return found;
}

/** A number's text without a leading `+`, with `0` before a leading point, and without trailing zeros of its fraction. */
function plainDecimal(source: string): string {
  let text = source.startsWith("+") ? source.slice(1) : source;
  if (text.startsWith(".") || text.startsWith("-.")) text = text.replace(".", "0.");
  if (!text.includes(".") || /[^\d.-]/.test(text)) return text;
  let end = text.length;
  while (text[end - 1] === "0") end--;
  if (text[end - 1] === ".") end--;
  return text.slice(0, end);
}

const tooDeep = `nested too deeply (more than ${MAX_DOCUMENT_DEPTH} levels are refused)`;

function firstLine(error: unknown): string {
  return (error as Error).message.split("\n")[0]!.replace(/:$/, "");
}

/**
 * Walks a parsed document (without recursion) and refuses `__proto__` keys and nesting deeper
 * than {@link MAX_DOCUMENT_DEPTH}. JSON.parse and the YAML parser keep `__proto__` as an own key, so
 * nothing is polluted; but zod would drop it without a word, so it is named as an error instead.
 */
export function checkDocument(value: unknown, file: string, code: "config" | "rule" | "io"): void {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: node, path } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (path.length >= MAX_DOCUMENT_DEPTH) {
      const shown = formatPath(path.slice(0, 6)) + (path.length > 6 ? "…" : "");
      throw new PricelintError(code, [{ path: shown, message: `nested more than ${MAX_DOCUMENT_DEPTH} levels deep` }], file);
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === "__proto__") {
        throw new PricelintError(code, [{ path: formatPath([...path, key]), message: '"__proto__" is not allowed as a key' }], file);
      }
      stack.push({ value: (node as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

/**
 * The first key that repeats within one object of JSON text that JSON.parse accepted (which keeps
 * the last silently), with the path of that object and its line. Linear: one pass, keys decoded once.
 */
function duplicateKey(text: string): { key: string; path: PropertyKey[]; line: number } | null {
  interface Frame {
    readonly keys: Set<string> | null; // null for an array
    key: string;
    index: number;
  }
  const stack: Frame[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 /* \ */ ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { key, path: stack.slice(0, -1).map((f) => (f.keys ? f.key : f.index)), line };
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 123 /* { */) {
      stack.push({ keys: new Set(), key: "", index: 0 });
      expectKey = true;
    } else if (c === 91 /* [ */) {
      stack.push({ keys: null, key: "", index: 0 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/**
 * Where a config's feed and rule paths (and its page caches) may lead: `inside` its folder, with
 * no page fetched (a config that may come from anyone: see docs/security.md, "Paths"), or
 * `anywhere` (a config written in code, or one its user chose to run).
 */
export type PathScope = "inside" | "anywhere";

/** Validates a config object. The error names the file, the path of the first problem and what is wrong. */
export function validateConfig(value: unknown, file: string, paths: PathScope = "anywhere"): Config {
  checkDocument(value, file, "config");
  const result = configSchema.safeParse(value, { error: issueMessage });
  if (!result.success) throw new PricelintError("config", zodIssues(result.error), file);
  if (paths === "inside") {
    const issues = outsidePaths(result.data);
    if (issues.length > 0) throw new PricelintError("config", issues, file);
  }
  // A waiver names a sku and a location as feeds' keys are read: trimmed, in NFC, nothing invisible (docs/feeds.md, "Keys").
  const issues: PricelintIssue[] = [];
  const key = (text: string | undefined, path: PropertyKey[]): { readonly [k: string]: string } => {
    if (text === undefined) return {};
    const read = readKey(text.trim());
    if (!read.ok) issues.push({ path: formatPath(path), message: read.reason });
    return { [path.at(-1) as string]: read.ok ? read.key : text };
  };
  const waivers = result.data.waivers?.map((w, i) => ({
    ...w,
    ...key(w.sku, ["waivers", i, "sku"]),
    ...key(w.location, ["waivers", i, "location"]),
  }));
  if (waivers !== undefined) issues.push(...repeatedWaivers(waivers));
  if (issues.length > 0) throw new PricelintError("config", issues, file);
  return waivers === undefined ? result.data : { ...result.data, waivers };
}

/**
 * Each waiver that repeats an earlier one in every member (its sku and location as read): it
 * waives nothing the first does not, and once they end, `config/expired-waiver` would report one
 * finding twice under one id (which a baseline then matches to either, so dropping one is never seen).
 */
function repeatedWaivers(waivers: NonNullable<Config["waivers"]>): PricelintIssue[] {
  const first = new Map<string, number>();
  const issues: PricelintIssue[] = [];
  waivers.forEach((w, i) => {
    const key = JSON.stringify([w.rule, w.sku ?? null, w.location ?? null, w.until, w.reason, w.ticket ?? null]);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else
      issues.push({
        path: formatPath(["waivers", i]),
        message: `the same waiver as waivers[${earlier}] (its rule, sku, location, until, reason and ticket alike): remove one; two waive no more than one, and once they end they would be reported as one finding twice`,
      });
  });
  return issues;
}

/** Whether a config path (a file, or a glob pattern) leads out of the config's folder: absolute, or up through "..". */
export function leavesFolder(path: string): boolean {
  if (path === "-") return false;
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) return true;
  const normal = normalize(path).replaceAll("\\", "/");
  return normal === ".." || normal.startsWith("../");
}

/**
 * What a config from others may not do, as issues: name a feed or rule file that leaves its
 * folder (it could read any file you can, and quote its lines in findings), keep fetched pages
 * in a cache folder that leaves it (it could write into any folder you can), or have pages
 * fetched at all (it could make pricelint ask any address this machine reaches, inside its
 * network too, and quote the answers in findings).
 */
function outsidePaths(config: Config): PricelintIssue[] {
  const issue = (path: string, value: string): PricelintIssue => ({
    path,
    message: `"${value}" is outside the config's folder, and paths are kept inside it (a config from elsewhere could otherwise read any file you can, and quote its lines in findings): move the file into the config's folder`,
  });
  const issues: PricelintIssue[] = [];
  config.feeds.forEach((feed, i) => {
    if (pagesToFetch(feed.path) !== null)
      issues.push({
        path: `feeds[${i}].path`,
        message: `"${feed.path}" names pages to fetch, and a config from elsewhere may not have pricelint fetch anything (it could make it ask any address this machine reaches, inside its network too, and quote the answers in findings): save the pages into the config's folder and name them there`,
      });
    else if (leavesFolder(feed.path)) issues.push(issue(`feeds[${i}].path`, feed.path));
    const cache = feed.fetch?.cache;
    if (cache !== undefined && leavesFolder(cache))
      issues.push({
        path: `feeds[${i}].fetch.cache`,
        message: `"${cache}" is outside the config's folder, and paths are kept inside it (a config from elsewhere could otherwise write pages into any folder you can): keep the cache in the config's folder`,
      });
  });
  config.rules.forEach((rule, i) => {
    if (typeof rule === "string" && /\.(json|ya?ml)$/i.test(rule) && leavesFolder(rule)) issues.push(issue(`rules[${i}]`, rule));
  });
  return issues;
}

/**
 * zod's issues as pricelint's: the path as users read it, and the message (worded by the schema,
 * or by {@link issueMessage} when the parse was given it).
 */
export function zodIssues(error: z.ZodError): PricelintIssue[] {
  return error.issues.flatMap(meant).map((issue) => ({ path: formatPath(issue.path.map(shorten)), message: issue.message }));
}

/**
 * A value that none of a union's alternatives takes, as the user meant it: when it has the shape
 * of exactly one alternative (its issues are all within the value: `{"severity": "warn"}` is a
 * setting object whose severity is wrong), that alternative's issues, at their own paths;
 * otherwise the union's issue, which says what each alternative is.
 */
function meant(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "invalid_union") return [issue];
  const within = issue.errors.filter((issues) => issues.length > 0 && issues.every((inner) => inner.path.length > 0));
  if (within.length !== 1) return [issue];
  return within[0]!.flatMap((inner) => meant({ ...inner, path: [...issue.path, ...inner.path] }));
}

/** zod's issues as one line, `path: message; …`, the first three at most (see {@link formatIssues}). */
export function describeIssues(error: z.ZodError): string {
  return formatIssues(zodIssues(error));
}

/** A key quoted in a message, cut to 60 characters: a message stays one readable line. */
function shorten(key: PropertyKey): PropertyKey {
  return typeof key === "string" && key.length > 60 ? `${key.slice(0, 60)}…` : key;
}
