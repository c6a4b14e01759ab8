/** A value a starter config writes. */
export type Scalar = string | number | boolean;

/** One key of the config and its value, with a remark on it (written beside it). */
export interface Entry<V> {
  readonly key: string;
  readonly value: V;
  readonly note?: string | undefined;
}

/** One feed of a starter config, with remarks before it (what the file is) and after it (what is left to do). */
export interface FeedDraft {
  readonly about: readonly string[];
  /** kind, path, then the reading settings. */
  readonly settings: readonly Entry<Scalar>[];
  readonly columns: readonly Entry<string>[];
  readonly constants: readonly Entry<Scalar>[];
  /** Columns left out on purpose (`ignoreColumns`), each by its name (key and value alike) and why. */
  readonly ignore?: readonly Entry<string>[];
  readonly after: readonly string[];
}

/** A starter config: what `pricelint init --from` writes, as YAML with comments or JSON with a `$comment` list. */
export interface ConfigDraft {
  readonly about: readonly string[];
  /** The config's JSON Schema, as a path from the config. */
  readonly schema: string;
  readonly settings: readonly Entry<string>[];
  readonly feeds: readonly FeedDraft[];
  readonly rules: readonly string[];
}

/** The config the draft stands for, as the loader reads it (remarks aside). */
export function configObject(draft: ConfigDraft): Record<string, unknown> {
  return {
    ...Object.fromEntries(draft.settings.map((e) => [e.key, e.value])),
    feeds: draft.feeds.map((feed) => ({
      ...Object.fromEntries(feed.settings.map((e) => [e.key, e.value])),
      ...(feed.columns.length > 0 ? { columns: Object.fromEntries(feed.columns.map((e) => [e.key, e.value])) } : {}),
      ...(feed.constants.length > 0 ? { constants: Object.fromEntries(feed.constants.map((e) => [e.key, e.value])) } : {}),
      ...(feed.ignore !== undefined && feed.ignore.length > 0 ? { ignoreColumns: feed.ignore.map((e) => e.value) } : {}),
    })),
    rules: [...draft.rules],
  };
}

/** Every remark of the draft, in the order the YAML shows them, each saying what it is about. */
export function remarksOf(draft: ConfigDraft): string[] {
  const out = [...draft.about];
  const entries = (where: string, list: readonly Entry<unknown>[]) => {
    for (const e of list) if (e.note) out.push(`${where}${e.key}: ${e.note}`);
  };
  entries("", draft.settings);
  draft.feeds.forEach((feed, i) => {
    const where = `feeds[${i}]`;
    for (const line of feed.about) out.push(`${where}: ${line}`);
    entries(`${where} `, feed.settings);
    entries(`${where} columns.`, feed.columns);
    entries(`${where} constants.`, feed.constants);
    entries(`${where} ignoreColumns `, feed.ignore ?? []);
    for (const line of feed.after) out.push(`${where}: ${line}`);
  });
  return out;
}

/** The draft as JSON: the config, its `$schema`, and its remarks under `$comment`. */
export function renderJson(draft: ConfigDraft): string {
  return `${JSON.stringify({ $schema: draft.schema, $comment: remarksOf(draft), ...configObject(draft) }, null, 2)}\n`;
}

/** The draft as YAML, each remark a comment beside or above what it is about. */
export function renderYaml(draft: ConfigDraft): string {
  const lines: string[] = [`# yaml-language-server: $schema=${draft.schema}`];
  for (const line of draft.about) lines.push(comment("", line));
  for (const e of draft.settings) lines.push(...entry("", e));
  lines.push("feeds:");
  draft.feeds.forEach((feed, n) => {
    if (n > 0) lines.push("");
    for (const line of feed.about) lines.push(comment("  ", line));
    feed.settings.forEach((e, i) => lines.push(...entry(i === 0 ? "  - " : "    ", e)));
    for (const [key, list] of [
      ["columns", feed.columns],
      ["constants", feed.constants],
    ] as const) {
      if (list.length === 0) continue;
      lines.push(`    ${key}:`);
      for (const e of list) lines.push(...entry("      ", e));
    }
    if (feed.ignore !== undefined && feed.ignore.length > 0) {
      lines.push("    ignoreColumns:");
      for (const e of feed.ignore) lines.push(...noted("      ", `- ${scalar(e.value)}`, e.note));
    }
    for (const line of feed.after) lines.push(comment("    ", line));
  });
  lines.push("", "rules:");
  for (const rule of draft.rules) lines.push(`  - ${scalar(rule)}`);
  return `${lines.join("\n")}\n`;
}

/** Remarks longer than this go on the line above their key, not beside it. */
const BESIDE = 70;

function entry(indent: string, e: Entry<Scalar>): string[] {
  return noted(indent, `${key(e.key)}: ${scalar(e.value)}`, e.note);
}

/** A line with its remark beside it, or above it when long. */
function noted(indent: string, text: string, note: string | undefined): string[] {
  const line = `${indent}${text}`;
  if (!note) return [line];
  const one = oneLine(note);
  if (one.length <= BESIDE) return [`${line} # ${one}`];
  return [comment(indent.replace(/-/, " "), one), line];
}

function comment(indent: string, text: string): string {
  return `${indent}# ${oneLine(text)}`.trimEnd();
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

/** Words some YAML readers take for booleans or null when written bare. */
const RESERVED: ReadonlySet<string> = new Set(["null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"]);

/** A string bare when YAML reads it back as that string, else double-quoted (JSON's quoting is YAML's). */
function scalar(value: Scalar): string {
  if (typeof value !== "string") return String(value);
  const bare = /^[\p{L}_][\p{L}\p{N}_ ./-]*$/u.test(value) && !value.endsWith(" ") && !RESERVED.has(value.toLowerCase());
  return bare ? value : JSON.stringify(value);
}

function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name);
}
