/** What went wrong before any finding could be computed: bad usage, config or rule file, unreadable input. */
export type PricelintErrorCode = "usage" | "config" | "rule" | "io";

/** Issues a message names; the rest are counted. */
const ISSUES_SHOWN = 3;

/**
 * The one error pricelint throws: its `code`, the `file` at fault (null when none is) and the
 * `issues` found in it. Its message is built from them, one line naming the file and the problems
 * (`file: path: message; path: message`); the CLI prints it and exits 2.
 */
export class PricelintError extends Error {
  override readonly name = "PricelintError";
  readonly file: string | null;
  /** What is wrong, and where: a path as users read it (`feeds[2].columns.sku`), "" for the file as a whole. */
  readonly issues: readonly { readonly path: string; readonly message: string }[];

  constructor(
    readonly code: PricelintErrorCode,
    /** The issues, or one message about the file as a whole. */
    issues: string | PricelintError["issues"],
    file?: string | null,
    options?: { cause?: unknown },
  ) {
    const list = typeof issues === "string" ? [{ path: "", message: issues }] : issues;
    super(file ? `${file}: ${formatIssues(list)}` : formatIssues(list), options);
    this.file = file || null;
    this.issues = list;
  }
}

/** One problem found in a file (see {@link PricelintError.issues}). */
export type PricelintIssue = PricelintError["issues"][number];

/** Issues as one line, `path: message; path: message`: the first three, and how many more there are. */
export function formatIssues(issues: readonly PricelintIssue[]): string {
  const lines = issues.slice(0, ISSUES_SHOWN).map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`));
  if (issues.length > ISSUES_SHOWN) lines.push(`(${issues.length - ISSUES_SHOWN} more)`);
  return lines.join("; ");
}

/** A key written after a dot in a path: a JavaScript identifier (`columns`, `sale_price`, `$schema`). */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Writes a path into a nested value the way users read it, as JavaScript reads it:
 * `feeds[2].columns.sku`; a key that is no identifier quoted, `ruleSettings["price/excessive-discount"].maxPercent`,
 * `feeds[0].values.channel["Online Store"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && !IDENTIFIER.test(key)) out += `[${JSON.stringify(key)}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out || "(root)";
}
