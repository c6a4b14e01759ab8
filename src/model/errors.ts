/** What went wrong before any finding could be computed: bad usage, config or rule file, unreadable input. */
export type PricelintErrorCode = "usage" | "config" | "rule" | "io";

/**
 * The one error pricelint throws. Its message is one line naming the file and the problem;
 * the CLI prints it and exits 2.
 */
export class PricelintError extends Error {
  override readonly name = "PricelintError";

  constructor(
    readonly code: PricelintErrorCode,
    message: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(file ? `${file}: ${message}` : message, options);
  }
}

/** Writes a path into a nested value the way users read it: `feeds[2].columns.sku`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out || "(root)";
}
