import { PricelintError } from "../model/errors.js";

/** The origin of a rule written in the config's own `rules` list (see select-rules.ts). */
const INLINE_RULE = /^rules\[\d+\]$/;

/**
 * `error` as naming config file `file` where it is the config's own and names no file (its rules,
 * ruleSettings, waivers, feed paths: FILE: PATH: MESSAGE), or names a rule written in the
 * config's `rules` by its place alone (FILE: rules[0]: house/x: …); else `error` itself.
 */
export function namingConfig(error: unknown, file: string | null): unknown {
  if (!(error instanceof PricelintError) || file === null) return error;
  if (error.code === "config" && error.file === null) return new PricelintError("config", error.issues, file, { cause: error });
  if (error.code === "rule" && error.file !== null && INLINE_RULE.test(error.file)) {
    const place = error.file;
    const issues = error.issues.map((issue) => ({
      path: place,
      message: issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`,
    }));
    return new PricelintError("rule", issues, file, { cause: error });
  }
  return error;
}
