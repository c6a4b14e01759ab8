/**
 * Temporary workaround for a pricelint bug, used only with `npm run bench -- --rename-store-channel`.
 *
 * The bug: in pair scope, `lookupFact` (src/rules/compile-condition.ts) resolves every
 * `store.<name>` fact against the location facts (STORE_FACTS) before trying the pair's
 * channels, so a pair rule on the `store` channel cannot read `store.effectivePrice`: the
 * built-in rules channel/click-collect-above-store, channel/online-differs-from-store and
 * channel/e-reservation-differs-from-store (and so the `recommended` preset) fail to compile.
 *
 * The workaround keeps the same feed and the same rule ids: the feed's `store` channel value is
 * mapped to a declared located channel `instore` (config `values`), and the two affected rules
 * are copied from rules/channel/*.json into a rule file with `store` renamed to `instore`. A rule
 * file may override a built-in id, so findings are still counted under the original ids and the
 * tolerance setting still applies. The evaluation work is the same; each row pays one extra
 * value-map lookup on its channel cell.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RULE_IDS } from "./generate.js";

export const STORE_ALIAS = "instore";
const AFFECTED = ["channel/click-collect-above-store", "channel/online-differs-from-store"] as const;

/** Writes the workaround config (and its rule file) next to the generated one; returns its path. */
export function writeWorkaroundConfig(root: string, out: string, feedName: string): string {
  const rules = AFFECTED.map((id) => {
    const text = readFileSync(resolve(root, "rules", `${id}.json`), "utf8");
    const renamed = text.replaceAll('"store"', `"${STORE_ALIAS}"`).replaceAll("{store.", `{${STORE_ALIAS}.`);
    return JSON.parse(renamed) as Record<string, unknown>;
  });
  const ruleFile = "workaround-rules.json";
  writeFileSync(join(out, ruleFile), JSON.stringify({ rules }, null, 2) + "\n");
  const config = {
    timezone: "UTC",
    currency: "EUR",
    channels: { [STORE_ALIAS]: { located: true } },
    feeds: [{ kind: "prices", path: feedName, values: { channel: { store: STORE_ALIAS } } }],
    // The rule file first: it defines the two affected ids, so the built-in ones are not compiled.
    rules: [ruleFile, ...RULE_IDS],
    ruleSettings: { "channel/online-differs-from-store": { tolerance: "0.01" } },
  };
  const path = join(out, "pricelint.workaround.config.json");
  writeFileSync(path, JSON.stringify(config, null, 2) + "\n");
  return path;
}
