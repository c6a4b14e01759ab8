import type { LaterStock, Report, UnjudgedOffers } from "../model/report.js";
import { nearest } from "../text/nearest.js";
import { formatPath, PricelintError } from "../model/errors.js";
import type { Severity } from "../model/finding.js";
import { BUILTIN_RULES } from "./builtin.js";
import { compileRule, optionValues, type RuleEnv, type RuleSetting } from "./compile-rule.js";
import { PRESETS } from "./presets.js";
import { ruleSchema, SYSTEM_SCOPES, type CompiledRule, type RuleDefinition } from "./rule.js";
import { describeIssues } from "../config/parse-config.js";
import { issueMessage } from "../config/issue-message.js";
import { compareText } from "../text/compare.js";
import { shown } from "../text/shown.js";
import { channelRegistry } from "../config/channels.js";
import type { Config } from "../config/schema.js";

/** A config `ruleSettings` value: off, a severity, or a severity with options. */
export type RuleSettingInput = "off" | Severity | ({ severity?: Severity | undefined } & Record<string, unknown>);

/** Rules read from one rule file. */
export interface RuleFile {
  readonly file: string;
  readonly rules: readonly RuleDefinition[];
}

/** Whether a `rules` entry names a file rather than a preset or built-in id (or is a rule itself). */
export function isRuleFile(entry: string | object): entry is string {
  return typeof entry === "string" && /\.(json|ya?ml)$/i.test(entry);
}

/** Validates the content of a rule file: one rule, an array of rules, or `{ "rules": [...] }`. */
export function readRuleFile(content: unknown, file: string): RuleFile {
  // `{ "rules": [...] }` holds nothing else: a rule with a stray `rules` key, or a list beside a
  // rule or settings, could mean either, and one of them would be dropped without a word.
  if (typeof content === "object" && content !== null && !Array.isArray(content) && Array.isArray((content as { rules?: unknown }).rules)) {
    const others = Object.keys(content).filter((key) => key !== "rules");
    if (others.length > 0)
      throw new PricelintError(
        "rule",
        `an object with a "rules" list holds the rules of the file and nothing else, but this one also has ${others.map((k) => JSON.stringify(k)).join(", ")}: write one rule (without "rules"), or the list alone`,
        file,
      );
  }
  const list = Array.isArray(content)
    ? content
    : typeof content === "object" && content !== null && Array.isArray((content as { rules?: unknown }).rules)
      ? (content as { rules: unknown[] }).rules
      : [content];
  const rules = list.map((entry, i) => {
    const result = ruleSchema.safeParse(entry, { error: issueMessage });
    const where = list.length === 1 && !Array.isArray(content) ? "" : `rule ${i + 1}: `;
    if (!result.success) throw new PricelintError("rule", where + describeIssues(result.error), file);
    const problem = houseRuleProblem(result.data);
    if (problem !== null) throw new PricelintError("rule", `${where}${problem}`, file);
    return result.data;
  });
  return { file, rules };
}

/**
 * What a rule file may not say, though the envelope allows it for built-in rules: a system scope
 * (`feed`, `config`: raised by the loader and the config, never evaluated, so such a rule would
 * never fire), `channels` on a scope they do not filter (product, family, promotion), or
 * `"recommended": true` (the preset holds built-in rules only: a rule file's rule runs where
 * `rules` lists its file, and `rules` would list it as recommended).
 */
function houseRuleProblem(rule: RuleDefinition): string | null {
  if (rule.recommended === true)
    return 'recommended: the preset "recommended" takes built-in rules only, and a house rule runs whenever "rules" lists it or its file: remove "recommended"';
  if ((SYSTEM_SCOPES as readonly string[]).includes(rule.scope))
    return `scope: "${rule.scope}" is the scope of built-in rules the loader raises; a rule file's rule has scope offer, pair, product, family or promotion`;
  if (rule.channels !== undefined && rule.scope !== "offer" && rule.scope !== "pair")
    return `channels: a ${rule.scope} rule is not of one channel: channels filter offer and pair rules only (read a channel's offers with facts such as pricedChannels)`;
  return null;
}

/** A config's rules compiled as a run compiles them: its list, settings and waivers, in its channels, minor units and zone. */
export function configRuleSelection(config: Config, files: ReadonlyMap<string, RuleFile>): CompiledRule[] {
  const env = {
    channels: new Set(channelRegistry(config.channels).keys()),
    minorUnits: config.minorUnits ?? {},
    timezone: config.timezone,
    currency: config.currency ?? null,
  };
  return selectRules(config.rules, files, config.ruleSettings ?? {}, env, config.waivers);
}

/**
 * Resolves the config's `rules` (presets, built-in ids, files) and `ruleSettings` into the
 * compiled rules to run, in id order.
 */
export function selectRules(
  entries: readonly (string | { readonly id: string })[],
  files: ReadonlyMap<string, RuleFile>,
  settings: Readonly<Record<string, RuleSettingInput>>,
  env: RuleEnv,
  /** The config's waivers: each must name a rule there is. */
  waivers: readonly { readonly rule: string }[] = [],
): CompiledRule[] {
  const builtins = new Map(BUILTIN_RULES.map((r) => [r.id, r]));
  const chosen = new Map<string, { rule: RuleDefinition; origin: string }>();
  for (const rule of BUILTIN_RULES) if (isAlwaysOn(rule)) chosen.set(rule.id, { rule, origin: "built-in" });
  for (const [index, entry] of entries.entries()) {
    if (typeof entry !== "string" || isRuleFile(entry)) {
      const file = typeof entry === "string" ? files.get(entry)! : readRuleFile(entry, `rules[${index}]`);
      for (const rule of file.rules) {
        const previous = chosen.get(rule.id);
        // A house rule under a built-in's id would replace it unseen (feed/invalid-row's, every rejected row).
        if (builtins.has(rule.id)) {
          throw new PricelintError(
            "rule",
            `rule id "${rule.id}" is a built-in rule's: give the house rule an id of its own (e.g. "house/${rule.id.split("/").pop()}"), or change the built-in's options and severity in ruleSettings`,
            file.file,
          );
        }
        if (previous) {
          throw new PricelintError("rule", `rule id "${rule.id}" is defined twice (also in ${previous.origin})`, file.file);
        }
        chosen.set(rule.id, { rule, origin: file.file });
      }
      continue;
    }
    const ids = builtinIdsOf(entry);
    if (!ids) {
      const hint = nearest(entry, [...Object.keys(PRESETS), ...builtins.keys()]);
      throw new PricelintError("config", [
        {
          path: formatPath(["rules", index]),
          message: `"${entry}" is neither a preset (${Object.keys(PRESETS).join(", ")}), a built-in rule id nor a rule file (.json, .yaml)${hint ? `; did you mean "${hint}"?` : ""}`,
        },
      ]);
    }
    for (const id of ids) if (!chosen.has(id)) chosen.set(id, { rule: builtins.get(id)!, origin: "built-in" });
  }
  // Every setting is checked, also those of built-in rules not switched on: a misspelt option never passes unseen.
  for (const [id, setting] of Object.entries(settings)) {
    const rule = chosen.get(id)?.rule ?? builtins.get(id);
    if (!rule) {
      const hint = nearest(id, [...chosen.keys(), ...builtins.keys()]);
      throw new PricelintError("config", [
        { path: formatPath(["ruleSettings", id]), message: `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ""}` },
      ]);
    }
    optionValues(rule, toSetting(setting).options);
  }
  const shared = withSharedOptions(settings);
  // A waiver for a rule that does not exist would never waive anything.
  for (const [index, waiver] of waivers.entries()) {
    if (chosen.has(waiver.rule) || builtins.has(waiver.rule)) continue;
    const hint = nearest(waiver.rule, [...chosen.keys(), ...builtins.keys()]);
    throw new PricelintError("config", [
      { path: formatPath(["waivers", index, "rule"]), message: `unknown rule "${waiver.rule}"${hint ? `; did you mean "${hint}"?` : ""}` },
    ]);
  }
  const compiled: CompiledRule[] = [];
  for (const [id, { rule, origin }] of [...chosen].sort(([a], [b]) => compareText(a, b))) {
    const setting = shared[id];
    if (setting === "off") continue;
    compiled.push(compileRule(rule, toSetting(setting), env, origin));
  }
  return compiled;
}

/**
 * Options that built-in rules share because they describe one quantity: the scope of the Omnibus
 * prior price, which prior-price judges and insufficient-history says it cannot, so that one
 * never reports in a scope what the other judges in another.
 */
const SHARED_OPTIONS: readonly { readonly option: string; readonly rules: readonly string[]; readonly quantity: string }[] = [
  { option: "scope", rules: ["omnibus/prior-price", "omnibus/insufficient-history"], quantity: "the prior price" },
];

/**
 * `settings` with each shared option (see {@link SHARED_OPTIONS}) given for one rule of its
 * group also given for the others that do not set it; a config error when two set it differently.
 */
function withSharedOptions(settings: Readonly<Record<string, RuleSettingInput>>): Readonly<Record<string, RuleSettingInput>> {
  let out = settings;
  for (const { option, rules, quantity } of SHARED_OPTIONS) {
    const given = rules.filter((id) => toSetting(settings[id]).options?.[option] !== undefined);
    if (given.length === 0) continue;
    const [first, ...others] = given.map((id) => ({ id, value: toSetting(settings[id]).options![option] }));
    for (const other of others) {
      if (other.value === first!.value) continue;
      throw new PricelintError("config", [
        {
          path: formatPath(["ruleSettings", other.id, option]),
          message: `${shown(other.value)} differs from ${shown(first!.value)}, the ${option} of "${first!.id}": both describe ${quantity}, so they take one ${option} (given for one, it applies to both)`,
        },
      ]);
    }
    for (const id of rules) {
      const setting = settings[id];
      if (given.includes(id) || setting === "off") continue;
      out = { ...out, [id]: { ...(typeof setting === "string" ? { severity: setting } : setting), [option]: first!.value } };
    }
  }
  return out;
}

/**
 * The built-in rules that run whatever `rules` selects, those of the system scopes: the feed's
 * (a rejected row must never be silent) and the config's (an expired waiver stops waiving and is itself reported).
 * ruleSettings may still switch off those the config schema lets them.
 */
export function isAlwaysOn(rule: RuleDefinition): boolean {
  return (SYSTEM_SCOPES as readonly string[]).includes(rule.scope);
}

/** The built-in ids a `rules` entry that is a preset or a built-in id switches on; undefined for anything else. */
function builtinIdsOf(entry: string): readonly string[] | undefined {
  if (Object.hasOwn(PRESETS, entry)) return PRESETS[entry];
  return BUILTIN_RULES.some((r) => r.id === entry) ? [entry] : undefined;
}

/**
 * The built-in rules that `ruleSettings` configure (with a severity or options, not `"off"`)
 * though `rules` leaves them off, so that the settings do nothing; in id order. A setting of
 * shared options alone (see SHARED_OPTIONS) does something while another rule of its group is on.
 */
export function settingsLeftOff(
  entries: readonly (string | { readonly id: string })[],
  settings: Readonly<Record<string, RuleSettingInput>>,
): string[] {
  const on = builtinsSwitchedOn(entries);
  return Object.entries(settings)
    .filter(([id, setting]) => setting !== "off" && !on.has(id) && BUILTIN_RULES.some((r) => r.id === id) && !sharesWithOn(id, setting, on))
    .map(([id]) => id)
    .sort(compareText);
}

/**
 * The indices of the waivers that name a built-in rule `rules` does not switch on (or that
 * `ruleSettings` switch off): such a waiver waives nothing, and says a rule runs that does not.
 */
export function waiversLeftOff(
  entries: readonly (string | { readonly id: string })[],
  settings: Readonly<Record<string, RuleSettingInput>>,
  waivers: readonly { readonly rule: string }[],
): number[] {
  const on = builtinsSwitchedOn(entries);
  const builtin = (id: string) => BUILTIN_RULES.some((r) => r.id === id);
  return waivers.flatMap((w, i) => (builtin(w.rule) && (!on.has(w.rule) || settings[w.rule] === "off") ? [i] : []));
}

/**
 * What a config sets that does nothing, one line each naming the entry (`ruleSettings["…"]`,
 * `waivers[2]`): settings of a rule `rules` leaves off, `"off"` for a rule `rules` names, a
 * waiver of a rule that is not on. The CLI writes them to stderr; `check` gives them to `onWarning`.
 */
export function configWarnings(config: Pick<Config, "rules" | "ruleSettings" | "waivers">): string[] {
  const { rules = [], ruleSettings = {}, waivers = [] } = config;
  const setting = (id: string) => `ruleSettings[${JSON.stringify(id)}]`;
  return [
    ...settingsLeftOff(rules, ruleSettings).map(
      (id) => `${setting(id)}: the rules do not switch this rule on, so its settings do nothing: add "${id}" to "rules"`,
    ),
    ...namedButOff(rules, ruleSettings).map((id) => `${setting(id)}: "off", though "rules" names it: the rule is off; drop one of the two`),
    ...waiversLeftOff(rules, ruleSettings, waivers).map((index) => {
      const id = waivers[index]!.rule;
      return `waivers[${index}]: the rules do not switch "${id}" on, so the waiver waives nothing: add "${id}" to "rules", or drop the waiver`;
    }),
    ...waivers.flatMap((w, i) => waiverDoubts(w).map((doubt) => `waivers[${i}].${doubt}`)),
  ];
}

/**
 * Everything a run warns of: the config's settings that do nothing, and what its report notes
 * beside the findings: the offers its rules left unjudged for want of amounts, a config's zone
 * that is none of its stores', and stock no row gives until after the check.
 */
export function runWarnings(
  config: Pick<Config, "rules" | "ruleSettings" | "waivers" | "currency" | "timezone">,
  report: Pick<Report, "unjudged" | "storesZone" | "laterStock"> = {},
): string[] {
  return [
    ...configWarnings(config),
    ...unjudgedWarnings(report.unjudged ?? [], config.currency ?? null),
    ...(report.storesZone === undefined ? [] : [zoneWarning(config.timezone, report.storesZone)]),
    ...(report.laterStock === undefined ? [] : [laterStockWarning(report.laterStock)]),
  ];
}

/**
 * Stock that every row gives only after the check's instant (or window): not known then, so the
 * stock rules pass over it. Likely a wrong `--at`, or `updated_at` read in another zone than meant.
 */
function laterStockWarning({ stocks, first, updatedAt, after, window }: LaterStock): string {
  const one = stocks === 1;
  const what = one ? "1 stock (a sku at a location) is" : `${stocks} stocks (a sku at a location) are`;
  const when = window ? `after the window's end (${after})` : `after the check's instant (${after})`;
  const it = one ? "it is" : "they are";
  return `inventory: ${what} given only by rows updated ${when}, the first at ${first.file}:${first.line} (updated_at ${updatedAt}): a stock holds from its update on, so ${it} not known ${window ? "in the window" : "then"} and the stock rules do not judge ${one ? "it" : "them"} there; check --at${window ? ", --from and --to" : ""}, and the zone updated_at is read in`;
}

/**
 * A config whose `timezone` is none of its stores' (every store listed is in `storesZone`): the
 * times read in the config's zone likely mean the stores'. Said, not guessed.
 */
function zoneWarning(configZone: string, storesZone: string): string {
  return `timezone: every store the stores feed lists is in ${storesZone}, but the config's timezone is ${configZone}: the bare dates of rows and promotions that stand at no one store (a store channel's rows without a location), of --at, --from and --to, and of waivers' ends are read in ${configZone}; set "timezone": "${storesZone}" if they mean the stores' time`;
}

/**
 * The offers rules left unjudged for want of amounts in their currency (see compileRule): one
 * line a rule, naming its money options, the config's currency they are amounts in, and how to
 * give them in the offers' currencies. The CLI writes them to stderr; `check` gives them to `onWarning`.
 */
export function unjudgedWarnings(unjudged: readonly UnjudgedOffers[], currency: string | null): string[] {
  return unjudged.map(({ rule, options: all, written, currencies, given }) => {
    // Where `currencies` gives the options, only the written amounts were missing.
    const lacking = currencies.filter((code) => !given.includes(code));
    const options = lacking.length > 0 ? all : [];
    const amounts = [
      ...options.map((o) => `${o.name} (${o.value}${o.byDefault ? ", its default" : ""})`),
      ...written.map((w) => `the amount ${w.value} written at ${w.path}`),
    ].join(" and ");
    const one = options.length + written.length === 1;
    const those = (codes: readonly string[]) => (codes.length === 1 ? "that currency" : "those currencies");
    const fixes: string[] = [];
    if (options.length > 0) {
      const example = Object.fromEntries(lacking.map((code) => [code, Object.fromEntries(options.map((o) => [o.name, "…"]))]));
      const them = written.length === 0 ? (one ? "it" : "them") : options.length === 1 ? "the option" : "the options";
      const where = lacking.length === currencies.length ? those(lacking) : lacking.join(", ");
      fixes.push(`give ${them} in ${where} as well, "currencies": ${JSON.stringify(example)}`);
    }
    // A written amount is given per currency once it is a money option the conditions read.
    if (written.length > 0)
      fixes.push(
        `declare ${written.length === 1 ? "the written amount as a money option" : "the written amounts as money options"} of the rule (read as {"fact": "options", "path": "$.name"}) and give ${written.length === 1 ? "it" : "them"} in ${those(currencies)} under "currencies"`,
      );
    return `ruleSettings[${JSON.stringify(rule)}]: ${amounts} ${one ? "is an amount" : "are amounts"} in ${currency ?? "the config's currency"}, so where ${one ? "it decides" : "they decide"}, the rule left unjudged its offers compared in ${currencies.join(", ")}: ${fixes.join("; ")}`;
  });
}

/**
 * The rules whose findings are at no location: a feed's row or column, and the built-in rules of
 * a promotion or a product as a whole (but promo/window-mismatch, at the location its windows
 * differ at); and those about no sku either: a column, and a promotion's own window, categories
 * or stores.
 */
const NO_LOCATION = new Set([
  "feed/invalid-row",
  "feed/unmapped-column",
  ...BUILTIN_RULES.filter((r) => r.scope === "promotion" || (r.scope === "product" && r.id !== "promo/window-mismatch")).map((r) => r.id),
]);
const NO_SKU = new Set(["feed/unmapped-column", "promo/invalid-window", "promo/unknown-category", "promo/unknown-location"]);

/** What in a waiver can match no finding: a location or sku its rule's findings never have, a wildcard (skus are matched as written). */
function waiverDoubts(w: { readonly rule: string; readonly sku?: string | undefined; readonly location?: string | undefined }): string[] {
  const doubts: string[] = [];
  if (w.location !== undefined && NO_LOCATION.has(w.rule)) {
    doubts.push(`location: ${w.rule}'s findings are at no location, so the waiver waives nothing: drop its location`);
  }
  if (w.sku !== undefined && NO_SKU.has(w.rule)) doubts.push(`sku: ${w.rule}'s findings are about no sku, so the waiver waives nothing: drop its sku`);
  for (const key of ["sku", "location"] as const) {
    const text = w[key];
    if (text !== undefined && /[*?]/.test(text)) {
      doubts.push(`${key}: "${text}" is matched as written (a waiver names one ${key}, not a pattern): it waives the ${key} "${text}" alone`);
    }
  }
  return doubts;
}

/** The built-in rules a run takes whatever `rules` says, and those `rules` names (by id or preset). */
function builtinsSwitchedOn(entries: readonly (string | { readonly id: string })[]): Set<string> {
  const on = new Set(BUILTIN_RULES.filter(isAlwaysOn).map((r) => r.id));
  for (const entry of entries) if (typeof entry === "string") for (const id of builtinIdsOf(entry) ?? []) on.add(id);
  return on;
}

/** Whether `setting` of rule `id` gives shared options alone, for a group that has a rule `on`. */
function sharesWithOn(id: string, setting: RuleSettingInput, on: ReadonlySet<string>): boolean {
  const { severity, options } = toSetting(setting);
  const names = Object.keys(options ?? {});
  if (severity !== undefined || names.length === 0) return false;
  return names.every((name) =>
    SHARED_OPTIONS.some(({ option, rules }) => option === name && rules.includes(id) && rules.some((other) => other !== id && on.has(other))),
  );
}

/** The built-in rules that `rules` names by id and `ruleSettings` switch `"off"`: off, though named; in id order. */
export function namedButOff(
  entries: readonly (string | { readonly id: string })[],
  settings: Readonly<Record<string, RuleSettingInput>>,
): string[] {
  return entries
    .filter((entry): entry is string => typeof entry === "string" && settings[entry] === "off" && BUILTIN_RULES.some((r) => r.id === entry))
    .sort(compareText);
}

function toSetting(input: RuleSettingInput | undefined): RuleSetting {
  if (input === undefined || input === "off") return {};
  if (typeof input === "string") return { severity: input };
  const { severity, currencies, ...options } = input;
  return { severity, options: options as Record<string, string | number | boolean>, ...(currencies === undefined ? {} : { currencies: currencies as RuleSetting["currencies"] }) };
}
