/**
 * Facts declare what evaluation must provide for them (FactNeeds); the evaluator asks compiled
 * rules for those needs and never branches on fact or rule names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../src/rules/builtin.js";
import { compileRule, type RuleEnv } from "../src/rules/compile-rule.js";
import { CONTEXT_FACTS, OFFER_FACTS, PROMOTION_FACTS, SCOPES } from "../src/rules/facts.js";
import type { RuleDefinition } from "../src/rules/rule.js";

const ENV: RuleEnv = { channels: new Set(["store", "web", "app", "click_collect", "e_reservation"]), minorUnits: {} };
const compiled = (rule: RuleDefinition) => compileRule(rule, {}, ENV, "test");
const builtin = (id: string) => compiled(BUILTIN_RULES.find((r) => r.id === id)!);

describe("what a rule needs comes from the facts it reads", () => {
  it("a median rule needs the channel median and cannot be rebuilt from its row", () => {
    expect(builtin("price/location-dispersion").needs).toStrictEqual({ channelMedian: true, wholeGroup: true });
  });

  it("the window-mismatch rule needs the windows; an offer rule on its own row needs nothing", () => {
    expect(builtin("promo/window-mismatch").needs).toStrictEqual({ windowMismatches: true });
    expect(builtin("price/non-positive").needs).toStrictEqual({});
    expect(builtin("channel/click-collect-above-store").needs).toStrictEqual({});
  });

  it("promotion rules run per covered sku only when they read a sku's facts, in the conditions or the message", () => {
    expect(builtin("promo/invalid-window").needs).toStrictEqual({});
    expect(builtin("promo/missing-in-channel").needs.coveredSku).toBe(true);
    const base = { description: "d", severity: "warning", scope: "promotion" } as const;
    const byProduct = {
      ...base,
      id: "house/a",
      conditions: { all: [{ fact: "product", path: "$.brand", operator: "equal", value: "X" }] },
    };
    const skuInMessage = {
      ...base,
      id: "house/b",
      conditions: { all: [{ fact: "active", operator: "equal", value: true }] },
      message: "{promoId} on {sku}",
    };
    const promotionOnly = { ...skuInMessage, id: "house/c", message: "{promoId}" };
    expect(compiled(byProduct).needs.coveredSku).toBe(true);
    expect(compiled(skuInMessage).needs.coveredSku).toBe(true);
    expect(compiled(promotionOnly).needs).toStrictEqual({});
  });
});

describe("history a store's own", () => {
  it("is read by a prior price in the offer scope, the default, and by the lowest price of the 30 days; not by a prior price over the channel", () => {
    expect(builtin("omnibus/prior-price").needs).toStrictEqual({ history: true, ownHistory: true });
    expect(builtin("omnibus/not-a-reduction").needs).toStrictEqual({ history: true, ownHistory: true });
    const rule = BUILTIN_RULES.find((r) => r.id === "omnibus/prior-price")!;
    expect(compileRule(rule, { options: { scope: "channel" } }, ENV, "test").needs).toStrictEqual({ history: true });
    expect(compileRule(rule, { options: { scope: "company" } }, ENV, "test").needs).toStrictEqual({ history: true });
  });
});

describe("the evaluator", () => {
  it("names no fact: no fact name appears in it as a string, and it reads no rule's fact labels", () => {
    // Scope names and the two ends of a window ("start", "end") are spelt like some facts; they are not facts there.
    const notFacts = new Set<string>([...SCOPES, "start", "end"]);
    const names = new Set([...CONTEXT_FACTS, ...OFFER_FACTS, ...PROMOTION_FACTS].map((f) => f.name).filter((n) => !notFacts.has(n)));
    const dir = "src/evaluate";
    const sources = readdirSync(dir).map((file) => ({ file, text: readFileSync(join(dir, file), "utf8") }));
    expect(names.size).toBeGreaterThan(40);
    const literals = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/"([A-Za-z]+)"/g)]
        .map((m) => m[1]!)
        .filter((s) => names.has(s))
        .map((s) => `${file}: "${s}"`),
    );
    expect(literals).toStrictEqual([]);
    expect(sources.filter(({ text }) => /\.(reads|facts)\b/.test(text)).map((s) => s.file)).toStrictEqual([]);
  });
});
