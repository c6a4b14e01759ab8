import { BUILTIN_RULES } from "./builtin.js";

/**
 * Presets: named lists of built-in rule ids, derived from the rule files so that they cannot
 * drift. `recommended` is every rule whose file says `"recommended": true`; `all` is every one.
 */
export const PRESETS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  recommended: Object.freeze(BUILTIN_RULES.filter((r) => r.recommended === true).map((r) => r.id)),
  all: Object.freeze(BUILTIN_RULES.map((r) => r.id)),
});
