import { formatAmount, parseAmount } from "../money/amount.js";
import { codeInOtherCase, isCurrencyCode, minorUnits } from "../money/currencies.js";
import type { Ratio } from "../money/ratio.js";
import { PricelintError } from "../model/errors.js";
import type { FindingValue, Severity } from "../model/finding.js";
import { formatInstant } from "../time/instant.js";
import { compileConditions, ConditionError, type CompileEnv, type CompiledCondition, type SideAmounts, type WrittenAmount } from "./compile-condition.js";
import { TRUE, UNKNOWN } from "./condition-plan.js";
import { scopeFacts, type Accessor, type CurrencyOf, type FactResolver } from "./fact-lookup.js";
import type { ClockChanges, EvalContext, FactNeeds, FactValue, Scope } from "./facts.js";
import { declarationsOf, orderProblem, settingPath, unknownOption, valueProblem, type OptionDeclaration, type OptionEntry, type OptionValue } from "./options.js";
import type { CompiledRule, RuleDefinition } from "./rule.js";
import { compareText } from "../text/compare.js";

/**
 * A rule compiled with its settings: the amounts its conditions write, what its leaves read of
 * them (see CompileEnv.sides), and whose currencies the money facts it compares are in.
 */
interface Compiled {
  readonly compiled: CompiledRule;
  readonly written: readonly WrittenAmount[];
  readonly side: SideAmounts;
  readonly currenciesOf: ReadonlySet<CurrencyOf>;
}

/** The rule as it reads money in one currency, and the same compiled again for facts in currencies that take other amounts. */
interface Variant {
  readonly compiled: CompiledRule;
  readonly side: SideAmounts;
  readonly again: (sides: CompileEnv["sides"]) => CompiledRule;
}

/** What a config's `ruleSettings` entry can change. */
export interface RuleSetting {
  readonly severity?: Severity | undefined;
  readonly options?: Readonly<Record<string, OptionValue>> | undefined;
  /** Money options given per currency (`{"JPY": {"tolerance": "5"}}`): the amounts compared with money in that currency. */
  readonly currencies?: Readonly<Record<string, Readonly<Record<string, OptionValue>>>> | undefined;
}

export interface RuleEnv {
  /** Channels the config knows, built-in and declared. */
  readonly channels: ReadonlySet<string>;
  readonly minorUnits: Readonly<Record<string, number>>;
  /** The config's currency: money options are amounts in it (see compileRule); default none, every currency's. */
  readonly currency?: string | null | undefined;
  /** Compiles the rule as it reads offers in a currency its amounts are not given in (see CompileEnv.unknownAmounts). */
  readonly unknownAmounts?: boolean | undefined;
  /** Compiles the rule as it reads offers in a currency its money options are given in, but not the amounts its conditions write (see CompileEnv.unknownWritten). */
  readonly unknownWritten?: boolean | undefined;
  /** Compiles a rule whose money facts are in currencies that take other amounts, each fact's leaves its currency's (see CompileEnv.sides). */
  readonly sides?: CompileEnv["sides"] | undefined;
  /** The zone a rule's instant literal without an offset is read in (a bare date: its start there, or its end beside the end of a window): the config's; default UTC. */
  readonly timezone?: string | undefined;
  /** Where facts come from; default: the typed facts of the rule's scope. */
  readonly facts?: ((scope: Scope, channels: readonly string[]) => FactResolver) | undefined;
}

/** The engine options that widen a rule's money comparisons (see ENGINE_OPTIONS). */
const TOLERANCES = ["tolerance", "tolerancePercent"] as const;

/**
 * Compiles one rule definition (with its settings) into a {@link CompiledRule}. Errors name the
 * file and JSON path.
 *
 * A money option is an amount in the config's currency: 50 means something else in JPY than in
 * EUR; so is an amount the conditions write (`{"fact": "price", "operator": "greaterThan",
 * "value": "1000"}`), which no setting can give per currency. An offer or pair rule whose money
 * options (or written amounts) are not all zero compares a money fact in another currency with
 * the amounts `currencies` gives for that currency (each of them: one left out would be the
 * config currency's). Each comparison goes by its own fact's currency (see CurrencyOf): the
 * offer's for its prices (a pair: each channel's), the config's for `product.cost`, the previous
 * offer's for `previous.price`. Where `currencies` gives none for it, the comparisons those
 * amounts decide (a tolerance, a money option, a written amount) are unknown there, and where that
 * leaves the offer unjudged, that currency is noted in the rule's `unjudged` (the run warns of
 * it). Zero is zero in every currency; without a config currency the amounts are every
 * currency's, as are those of the other scopes' rules (which judge several offers together).
 */
export function compileRule(rule: RuleDefinition, setting: RuleSetting, env: RuleEnv, origin: string): CompiledRule {
  const { compiled: base, written, side, currenciesOf } = compileOne(rule, setting, env, origin);
  const declarations = declarationsOf(rule.options);
  const money = Object.keys(declarations).filter((name) => declarations[name]!.type === "money");
  // The money options that are amounts (zero is zero in every currency).
  const amounts = money.filter((name) => parseAmount(String(base.options[name])) !== 0);
  const given = Object.entries(setting.currencies ?? {});
  const configCurrency = env.currency ?? null;
  checkCurrencies(rule, given, declarations, amounts, setting, configCurrency);
  // One rule for every currency: in the other scopes, with no amounts or none in a config currency, and none given per currency.
  if (rule.scope !== "offer" && rule.scope !== "pair") return base;
  const anyAmount = amounts.length > 0 || written.length > 0;
  if (given.length === 0 && (!anyAmount || configCurrency === null)) return base;
  // An offer in a currency given its options still meets the written amounts, which are the config currency's.
  const inGiven = { ...env, unknownWritten: configCurrency !== null && written.length > 0 };
  const baseVariant: Variant = { compiled: base, side, again: (sides) => compileOne(rule, setting, { ...env, sides }, origin).compiled };
  const byCurrency = new Map(
    given.map(([code, options]): [string, Variant] => [
      code,
      { ...compileIn(rule, setting, code, options, inGiven, origin), again: (sides) => compileIn(rule, setting, code, options, { ...inGiven, sides }, origin).compiled },
    ]),
  );
  // Where the amounts are every currency's, or zero, an offer in a currency not given takes them as they are.
  const unknownEnv = { ...env, unknownAmounts: true };
  const withoutAmounts: Variant =
    configCurrency === null || !anyAmount
      ? baseVariant
      : { ...compileOne(rule, setting, unknownEnv, origin), again: (sides) => compileOne(rule, setting, { ...unknownEnv, sides }, origin).compiled };
  const variantFor = (currency: string | null): Variant =>
    currency === null || currency === configCurrency ? baseVariant : (byCurrency.get(currency) ?? withoutAmounts);
  const variants = [...new Set([baseVariant, withoutAmounts, ...byCurrency.values()])];
  // Whose currencies choose the amounts: the offer's (a pair: each channel's; a message's
  // options are the offer's), then those of the other money facts compared (the config's, the previous offer's).
  const whose = [...new Set<CurrencyOf>(["offer", ...(rule.scope === "pair" ? (["other"] as const) : []), ...currenciesOf])];
  const readers = whose.map((of) => CURRENCY_OF[of]);
  /** The rules whose facts' currencies take other amounts, by their variants' indexes in `variants`, one digit of `whose` each. */
  const mixed = new Map<number, CompiledRule>();
  /** The rule for the currencies of the facts it compares: one variant's, or each fact's leaves their own currency's. */
  const pick = (ctx: EvalContext): CompiledRule => {
    const first = variantFor(readers[0]!(ctx));
    let alike = true;
    for (let i = 1; alike && i < readers.length; i++) alike = variantFor(readers[i]!(ctx)) === first;
    if (alike) return first.compiled;
    let key = 0;
    for (let i = readers.length - 1; i >= 0; i--) key = key * variants.length + variants.indexOf(variantFor(readers[i]!(ctx)));
    let rule = mixed.get(key);
    if (rule === undefined) {
      const sides = Object.fromEntries(readers.map((read, i) => [whose[i], variantFor(read(ctx)).side]));
      mixed.set(key, (rule = first.again(sides)));
    }
    return rule;
  };
  /** The currency an offer was left unjudged in: of one of its facts compared, one the amounts are not given in, else one not the config's. */
  const unjudgedIn = (ctx: EvalContext): string => {
    let given: string | null = null;
    for (const read of readers) {
      const currency = read(ctx);
      if (currency === null) continue;
      const variant = variantFor(currency);
      if (variant === withoutAmounts) return currency;
      if (given === null && variant !== baseVariant) given = currency;
    }
    return given ?? ctx.offer!.offer.currency;
  };
  const unjudged = new Set<string>();
  const test = base.test;
  return {
    ...base,
    test:
      test === null
        ? null
        : (ctx) => {
            const rule = pick(ctx);
            const verdict = rule.test!(ctx);
            // Noted where the amounts would have decided: read with the config currency's, the offer is judged.
            if (verdict === UNKNOWN && rule !== base && test(ctx) !== UNKNOWN) unjudged.add(unjudgedIn(ctx));
            return verdict;
          },
    explain: base.explain === null ? null : (ctx) => pick(ctx).explain!(ctx),
    values: (ctx) => pick(ctx).values(ctx),
    message: (ctx, values) => pick(ctx).message(ctx, values),
    unjudged: {
      options: amounts.map((name) => ({ name, value: String(base.options[name]), byDefault: !Object.hasOwn(setting.options ?? {}, name) })),
      written,
      currencies: unjudged,
      given: given.map(([code]) => code).sort(compareText),
    },
  };
}

/** Where each kind of money fact's currency is read (see CurrencyOf); the config's is null, read as the config's (its amounts are the options). */
const CURRENCY_OF: Readonly<Record<CurrencyOf, (ctx: EvalContext) => string | null>> = {
  offer: (ctx) => ctx.offer?.offer.currency ?? null,
  other: (ctx) => ctx.other?.offer.currency ?? null,
  config: () => null,
  previous: (ctx) => ctx.change?.previous?.currency ?? null,
};

/** The rule with the amounts `currencies` gives for `code`: a refusal of them names where they were given. */
function compileIn(
  rule: RuleDefinition,
  setting: RuleSetting,
  code: string,
  options: Readonly<Record<string, OptionValue>>,
  env: RuleEnv,
  origin: string,
): Compiled {
  // Its amounts are held to their bounds' sign alone (checked by checkCurrencies, see signProblem).
  const entries = Object.entries(rule.options ?? {}).map(([name, entry]) => [name, Object.hasOwn(options, name) ? unbounded(entry) : entry]);
  const relaxed = { ...rule, options: Object.fromEntries(entries) as RuleDefinition["options"] };
  try {
    return compileOne(relaxed, { ...setting, options: { ...setting.options, ...options } }, env, origin);
  } catch (error) {
    // An order between two amounts (atMost) is checked on the options as merged: the path is the currency's.
    if (!(error instanceof PricelintError) || error.code !== "config") throw error;
    const at = (path: string) => {
      const name = Object.keys(options).find((n) => path === settingPath(rule.id, n));
      return name === undefined ? path : `${settingPath(rule.id, "currencies")}.${code}.${name}`;
    };
    throw new PricelintError("config", error.issues.map((issue) => ({ ...issue, path: at(issue.path) })), error.file, { cause: error });
  }
}

/**
 * `currencies` of rule `rule`'s setting: ISO codes other than the config's, each giving every
 * money option of the rule that is an amount (`amounts`), of the declared type (bounds, which are
 * in the config's currency, aside from a sign).
 */
function checkCurrencies(
  rule: RuleDefinition,
  given: readonly [string, Readonly<Record<string, OptionValue>>][],
  declarations: Readonly<Record<string, OptionDeclaration>>,
  amounts: readonly string[],
  setting: RuleSetting,
  configCurrency: string | null,
): void {
  const refuse = (path: string, message: string): never => {
    throw new PricelintError("config", [{ path: `${settingPath(rule.id, "currencies")}${path}`, message }]);
  };
  if (given.length > 0 && rule.scope !== "offer" && rule.scope !== "pair")
    refuse(
      "",
      `money options are given per currency for offer and pair rules only; ${rule.id} is a ${rule.scope} rule, whose amounts apply in every currency`,
    );
  const money = Object.keys(declarations).filter((name) => declarations[name]!.type === "money");
  for (const [code, options] of given) {
    if (!isCurrencyCode(code)) refuse(`.${code}`, codeInOtherCase(code) ?? `"${code}" is not an ISO 4217 currency code (e.g. JPY)`);
    // Two amounts for one currency: which one holds would be a guess.
    if (code === configCurrency)
      refuse(`.${code}`, `${code} is the config's currency, whose amounts are the options themselves: give them there, not under currencies`);
    if (typeof options !== "object" || options === null || Array.isArray(options))
      refuse(`.${code}`, `expected the rule's money options in ${code}, e.g. {${money.map((name) => `"${name}": "…"`).join(", ")}}`);
    for (const [name, value] of Object.entries(options)) {
      if (!money.includes(name))
        refuse(
          `.${code}.${name}`,
          money.length === 0
            ? `${rule.id} has no money option to give per currency`
            : `only money options are given per currency (${rule.id}: ${money.join(", ")})`,
        );
      const problem = valueProblem(unbounded(declarations[name]!), value) ?? signProblem(declarations[name]!, value);
      if (problem !== null) refuse(`.${code}.${name}`, problem);
    }
    // An amount left out would be taken from the config's currency, where it means something else.
    const missing = configCurrency === null ? [] : amounts.filter((name) => !Object.hasOwn(options, name));
    if (missing.length > 0) {
      const which = missing.map(
        (name) =>
          `${name} (${String(setting.options?.[name] ?? declarations[name]!.default)}${Object.hasOwn(setting.options ?? {}, name) ? "" : ", its default"})`,
      );
      refuse(
        `.${code}`,
        `gives no ${which.join(" or ")}, ${missing.length === 1 ? "an amount" : "amounts"} in ${configCurrency}: give ${missing.length === 1 ? "it" : "them"} in ${code} too ("0" for none)`,
      );
    }
  }
}

/** A money option's declaration for an amount in another currency: its bounds are amounts in the config's, so none holds (its sign is checked apart, see signProblem). */
function unbounded<T extends OptionEntry>(entry: T): T {
  if (typeof entry !== "object" || entry.type !== "money") return entry;
  return { ...entry, min: undefined, max: undefined };
}

/** What a money option's bound says of an amount in any currency: above 0 (a `min` above 0), at least 0 (`min` 0), or nothing. */
function signProblem(declaration: OptionDeclaration, value: OptionValue): string | null {
  if (declaration.type !== "money" || declaration.min === undefined) return null;
  const min = parseAmount(String(declaration.min));
  const amount = parseAmount(String(value));
  if (min > 0 && amount <= 0) return `${JSON.stringify(value)} is not above 0, as ${JSON.stringify(String(declaration.min))} and up in the config's currency are`;
  if (min === 0 && amount < 0) return `${JSON.stringify(value)} is below 0`;
  return null;
}

/**
 * {@link compileRule} with one amount for each money option, whatever the offer's currency, and
 * the amounts its conditions write (see CompiledCondition.amounts).
 */
function compileOne(
  rule: RuleDefinition,
  setting: RuleSetting,
  env: RuleEnv,
  origin: string,
): Compiled {
  const fail = (path: string, message: string): never => {
    throw new PricelintError("rule", `${rule.id}: ${path}: ${message}`, origin);
  };
  const options = optionValues(rule, setting.options);
  const channels = rule.channels ?? [];
  channels.forEach((c, i) => {
    if (!env.channels.has(c)) fail(`$.channels[${i}]`, `unknown channel "${c}"; known: ${[...env.channels].join(", ")}`);
  });
  const system = rule.scope === "feed" || rule.scope === "config";
  if (rule.scope === "pair" && (channels.length !== 2 || channels[0] === channels[1])) {
    fail("$.channels", "a pair rule names exactly two different channels");
  }
  if (!system && rule.conditions === undefined) fail("$.conditions", "conditions are required");
  const scope = system ? "offer" : (rule.scope as Scope);
  const format = (a: Accessor, ctx: EvalContext): FindingValue => formatValue(a, a.get(ctx), ctx, env.minorUnits);
  const compileEnv: CompileEnv = {
    facts: env.facts?.(scope, channels) ?? scopeFacts(scope, channels),
    where: `${scope} scope`,
    options,
    declarations: declarationsOf(rule.options),
    settingPaths: Object.fromEntries(Object.keys(setting.options ?? {}).map((name) => [name, settingPath(rule.id, name)])),
    tolerances: TOLERANCES.filter((name) => Object.hasOwn(options, name)),
    tolerance: options.tolerance === undefined ? 0 : parseAmount(String(options.tolerance)),
    tolerancePercent: options.tolerancePercent === undefined ? 0 : parseAmount(String(options.tolerancePercent)),
    timezone: env.timezone ?? "UTC",
    format,
    unknownAmounts: env.unknownAmounts === true,
    unknownWritten: env.unknownWritten === true,
    ...(env.sides !== undefined ? { sides: env.sides } : {}),
  };
  const facts = new Map<string, Accessor>();
  let condition: CompiledCondition | null = null;
  if (!system) {
    try {
      condition = compileConditions(rule.conditions, compileEnv, facts);
    } catch (error) {
      if (error instanceof ConditionError) fail(error.path, error.reason);
      throw error;
    }
  }
  const accessors = [...facts.values()].sort((a, b) => compareText(a.label, b.label));
  const messageFacts = new Map<string, Accessor>();
  const template = compileTemplate(rule.message ?? rule.description, compileEnv, fail, messageFacts);
  // `scope` says where the prior-price facts look: declared by a rule that reads none of them, it would do nothing.
  if (!system && Object.hasOwn(options, "scope") && ![...accessors, ...messageFacts.values()].some((a) => a.needs?.scopedHistory))
    fail("$.options.scope", "only the prior-price facts (priorPrice, priorPeriodCovered) read scope, and this rule reads neither: remove it from the options");
  const compiled: CompiledRule = {
    id: rule.id,
    description: rule.description,
    severity: setting.severity ?? rule.severity,
    scope: rule.scope,
    channels,
    options,
    help: rule.help ?? null,
    origin,
    test: condition?.test ?? null,
    explain: condition?.explain ?? null,
    facts: accessors.map((a) => a.label),
    reads: [...new Set([...accessors.map((a) => a.label), ...messageFacts.keys()])],
    needs: needsOf([...accessors, ...messageFacts.values()], condition?.clock ?? null, options),
    values: (ctx) => {
      const out: Record<string, FindingValue> = {};
      for (const a of accessors) out[a.label] = format(a, ctx);
      return out;
    },
    message: template,
  };
  const side: SideAmounts = {
    options,
    tolerance: compileEnv.tolerance,
    tolerancePercent: compileEnv.tolerancePercent,
    unknownAmounts: env.unknownAmounts === true,
    unknownWritten: env.unknownWritten === true,
  };
  return { compiled, written: condition?.amounts ?? [], side, currenciesOf: condition?.currenciesOf ?? new Set() };
}

/**
 * The union of the facts' needs; `clock` as the conditions compare `now` (a message reading it
 * needs nothing); history read in the rule's Omnibus `scope` is the offer's own in the offer
 * scope, the default (the channel and company scopes read every store's alike).
 */
function needsOf(accessors: readonly Accessor[], clock: ClockChanges | null, options: Readonly<Record<string, OptionValue>>): FactNeeds {
  const { clock: _, scopedHistory, ...needs } = Object.assign({}, ...accessors.map((a) => a.needs ?? {})) as FactNeeds;
  const own = scopedHistory === true && options["scope"] !== "channel" && options["scope"] !== "company";
  const withOwn: FactNeeds = own ? { ...needs, ownHistory: true } : needs;
  return clock === null ? withOwn : { ...withOwn, clock };
}

/** Evaluates a compiled rule's predicate: true only when its conditions hold on known facts. */
export function fires(rule: CompiledRule, ctx: EvalContext): boolean {
  ctx.ruleOptions = rule.options;
  return rule.test !== null && rule.test(ctx) === TRUE;
}

/**
 * The rule's option values: each declared option's default, or its value in the config's
 * `ruleSettings`. A setting the rule does not declare, or of the wrong type, is a config error
 * whose issue's path is the setting's: `ruleSettings["price/excessive-discount"].maxPercent`.
 * The engine's options (`tolerance`, `tolerancePercent`, `scope`) are declared like any other,
 * so a rule that does not declare them does not take them.
 */
export function optionValues(rule: RuleDefinition, settings: Readonly<Record<string, unknown>> = {}): Record<string, OptionValue> {
  const declarations = declarationsOf(rule.options);
  for (const [name, value] of Object.entries(settings)) {
    const declaration = Object.hasOwn(declarations, name) ? declarations[name]! : undefined;
    const problem = declaration === undefined ? unknownOption(name, Object.keys(declarations)) : valueProblem(declaration, value);
    if (problem !== null) throw new PricelintError("config", [{ path: settingPath(rule.id, name), message: problem }]);
  }
  const values: Record<string, OptionValue> = {};
  for (const [name, declaration] of Object.entries(declarations)) {
    values[name] = Object.hasOwn(settings, name) ? (settings[name] as OptionValue) : declaration.default;
  }
  for (const [name, declaration] of Object.entries(declarations)) {
    const other = "atMost" in declaration ? declaration.atMost : undefined;
    if (other === undefined) continue;
    const problem = orderProblem(name, values[name]!, other, values[other]!, declaration.type);
    const set = Object.hasOwn(settings, name) ? name : other;
    if (problem !== null) throw new PricelintError("config", [{ path: settingPath(rule.id, set), message: problem }]);
  }
  return values;
}

/** Formats a fact value for a finding: money at its currency's minor unit (more if it has more), instants in ISO 8601. */
export function formatValue(a: Accessor, v: FactValue, ctx: EvalContext, overrides: Readonly<Record<string, number>>): FindingValue {
  if (v === null) return null;
  switch (a.type) {
    case "money": {
      const currency = a.currency?.(ctx) ?? ctx.defaultCurrency;
      return formatAmount(v as number, currency === null ? 2 : minorUnits(currency, overrides));
    }
    case "quantity":
      return formatAmount(v as number, 0);
    case "ratio":
      return (v as Ratio).toText();
    case "instant":
      return formatInstant(v as number);
    case "json":
      return typeof v === "object" && !(Array.isArray(v) && v.every((x) => typeof x === "string")) ? JSON.stringify(v) : (v as FindingValue);
    default:
      return v as FindingValue;
  }
}

/**
 * Compiles `"web {web.effectivePrice} is above store {store.effectivePrice} at {location|every location}"`:
 * each `{fact}` is the fact's value as the finding reports it; `{fact|text}` writes `text` when
 * the fact is missing (default: `none`). Braces around anything else (`{ price }`,
 * `{promotions[0]}`) are refused rather than shown as written; braces alone are text (`{{price}}`).
 */
function compileTemplate(text: string, env: CompileEnv, fail: (path: string, message: string) => never, reads: Map<string, Accessor>): CompiledRule["message"] {
  const parts: (string | ((ctx: EvalContext, values: Readonly<Record<string, FindingValue>>) => string))[] = [];
  const literal = (from: number, to: number): string => {
    const part = text.slice(from, to);
    // `{ price }`, `{promotions[0]}`: meant as placeholders, and would be shown as written.
    const stray = /\{[^{}]*\}/.exec(part);
    if (stray !== null) {
      fail("$.message", `"${stray[0]}" is not a placeholder: write {fact}, {fact.name} or {fact|text when it is missing}, without spaces or indexes`);
    }
    return part;
  };
  let last = 0;
  for (const m of text.matchAll(/\{([A-Za-z0-9_][A-Za-z0-9_.:-]*)(?:\|([^{}]*))?\}/g)) {
    parts.push(literal(last, m.index));
    last = m.index + m[0].length;
    const name = m[1]!;
    const fallback = m[2] ?? "none";
    const [root, ...steps] = name.split(".");
    const found = env.facts.resolve(root!, steps);
    if (found === undefined) fail("$.message", `unknown fact "${name}" in the message`);
    if (found === "option") {
      const option = steps.join(".");
      if (!Object.hasOwn(env.options, option)) fail("$.message", unknownOption(option, Object.keys(env.options)));
      // Shown as the finding's values show it where a condition compares it; a money option
      // elsewhere at the config currency's minor unit ("99.50", whether set as 99.5 or "99.5").
      const value = env.options[option]!;
      const money: Accessor | null =
        env.declarations[option]?.type === "money" ? { label: name, type: "money", get: () => parseAmount(String(value)), currency: null } : null;
      parts.push((ctx, values) =>
        Object.hasOwn(values, name) ? show(values[name]!, fallback) : money !== null ? show(env.format(money, ctx), fallback) : String(value),
      );
      continue;
    }
    const accessor = found as Accessor;
    reads.set(accessor.label, accessor);
    parts.push((ctx, values) => show(Object.hasOwn(values, name) ? values[name]! : env.format(accessor, ctx), fallback));
  }
  parts.push(literal(last, text.length));
  // Concatenated, not mapped and joined: a message per finding, millions of them, each then one array fewer.
  return (ctx, values) => {
    let message = "";
    for (const p of parts) message += typeof p === "string" ? p : p(ctx, values);
    return message;
  };
}

function show(value: FindingValue, fallback: string): string {
  if (value === null) return fallback;
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}
