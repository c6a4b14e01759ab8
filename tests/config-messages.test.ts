/**
 * What a wrong config says: every issue of the config (and of a rule written in it) says what is
 * wrong and what is accepted there, never zod's own wording ("Invalid input"); `issues[].path` is
 * where the problem is, written as users read it (`ruleSettings["price/excessive-discount"].maxPercent`),
 * also for what is found once rules are selected; check()'s object options refuse a key they do
 * not take, as check() refuses an unknown option.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { check, loadConfig } from "../src/index.js";
import { validateConfig } from "../src/config/parse-config.js";
import { configSchema } from "../src/config/schema.js";
import { PricelintError, type PricelintIssue } from "../src/model/errors.js";
import { ruleSchema } from "../src/rules/rule.js";
import { readRuleFile } from "../src/rules/select-rules.js";

const FEEDS = [{ kind: "prices", path: "p.csv" }];
const AT = new Date("2026-11-20T12:00:00Z");

/** The error loading a config file with these keys (beside a currency and one feed) gives. */
async function fileError(extra: Record<string, unknown>): Promise<{ file: string; error: PricelintError }> {
  const file = join(mkdtempSync(join(tmpdir(), "pricelint-messages-")), "pricelint.config.json");
  writeFileSync(file, JSON.stringify({ currency: "EUR", feeds: FEEDS, ...extra }));
  const error = await loadConfig(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return { file, error: error as PricelintError };
}

/** The issues validating this config gives (none when it is valid). */
function issuesOf(config: unknown): readonly PricelintIssue[] {
  try {
    validateConfig(config, "c.json");
    return [];
  } catch (error) {
    if (!(error instanceof PricelintError)) throw error;
    return error.issues;
  }
}

/** The error check() throws for an in-memory config with these keys. */
async function checkError(extra: Record<string, unknown>, options: Record<string, unknown> = { at: AT }): Promise<PricelintError> {
  const config = { currency: "EUR", feeds: { prices: [{ sku: "A", channel: "web", price: "1" }] }, rules: ["all"], ...extra };
  const error = await check(config as never, options as never).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return error as PricelintError;
}

const SETTING = 'ruleSettings["price/excessive-discount"]';

describe("C42 a ruleSettings value that is no setting", () => {
  it("names severity and the severities when a setting object's severity is not one", async () => {
    const { file, error } = await fileError({ ruleSettings: { "price/excessive-discount": { severity: "warn" } } });
    expect(error.code).toBe("config");
    expect(error.issues).toStrictEqual([
      { path: `${SETTING}.severity`, message: 'expected one of "error", "warning", "info", got "warn"' },
    ]);
    expect(error.message).toBe(`${file}: ${SETTING}.severity: expected one of "error", "warning", "info", got "warn"`);
  });

  it('says what a setting may be when it is neither "off", a severity nor an object, with the nearest', async () => {
    const takes = 'expected "off", a severity ("error", "warning", "info") or {"severity": …, option: value}';
    for (const [value, got] of [
      ["Off", '"Off"; did you mean "off"?'],
      [true, "true"],
      ["warn", '"warn"'],
      [["error"], '["error"]'],
    ] as const) {
      const { error } = await fileError({ ruleSettings: { "price/excessive-discount": value } });
      expect(error.issues).toStrictEqual([{ path: SETTING, message: `${takes}, got ${got}` }]);
    }
  });

  it('says that "off" replaces the object, not its severity', async () => {
    const { error } = await fileError({ ruleSettings: { "price/excessive-discount": { severity: "off" } } });
    expect(error.issues).toStrictEqual([
      {
        path: `${SETTING}.severity`,
        message: 'a severity is "error", "warning" or "info": to switch the rule off, give "off" in place of the object',
      },
    ]);
  });

  it("names the option whose value is no string, number or boolean", async () => {
    const { error } = await fileError({ ruleSettings: { "price/excessive-discount": { maxPercent: [80] } } });
    expect(error.issues).toStrictEqual([
      { path: `${SETTING}.maxPercent`, message: "expected a string, a number or a boolean (true or false), got [80]" },
    ]);
  });
});

describe("C43 a config value of the wrong type or out of range", () => {
  it.each([
    [
      { waivers: [{ rule: "price/non-positive", until: "2026-02-30", reason: "r" }] },
      "waivers[0].until",
      '"2026-02-30" is written yyyy-mm-dd but is no calendar date',
    ],
    [
      { waivers: [{ rule: "price/non-positive", until: "2026-2-3", reason: "r" }] },
      "waivers[0].until",
      'expected a date written yyyy-mm-dd, such as "2026-06-30", got "2026-2-3"',
    ],
    [{ minorUnits: { EUR: 7 } }, "minorUnits.EUR", "expected an integer from 0 to 6, got 7"],
    [{ minorUnits: { EUR: 2.5 } }, "minorUnits.EUR", "expected an integer from 0 to 6, got 2.5"],
    [{ rounding: "half-evn" }, "rounding", 'expected one of "half-up", "half-even", got "half-evn"; did you mean "half-even"?'],
    [{ timezone: 1 }, "timezone", "expected a string, got 1"],
    [{ feeds: {} }, "feeds", "expected a non-empty list of objects, got {}"],
    [{ rules: "recommended" }, "rules", 'expected a list, got "recommended"'],
    [{ $comment: 5 }, "$comment", "expected a string or a list of strings, got 5"],
    [{ feeds: [{ kind: "prices", path: "p.csv", skipLines: -1 }] }, "feeds[0].skipLines", "expected an integer ≥ 0, got -1"],
    [
      { feeds: [{ kind: "prices", path: "p.csv", constants: { channel: ["web", 1] } }] },
      "feeds[0].constants.channel[1]",
      "expected a string, got 1",
    ],
    [{ channels: { outlet: {} } }, "channels.outlet.located", "missing: expected a boolean (true or false)"],
  ])("%j: %s: %s", (extra, path, message) => {
    expect(issuesOf({ currency: "EUR", feeds: FEEDS, ...extra })).toContainEqual({ path, message });
  });

  it("a number beside both its bounds", () => {
    const feeds = [{ kind: "prices", path: "https://shop.example/p/1", format: "html", fetch: { timeoutSeconds: 0 } }];
    expect(issuesOf({ currency: "EUR", feeds })).toStrictEqual([
      { path: "feeds[0].fetch.timeoutSeconds", message: "expected a number > 0 and ≤ 300, got 0" },
    ]);
  });

  it("an unknown key, with the nearest and the keys taken there", () => {
    expect(issuesOf({ currency: "EUR", feeds: [{ kind: "prices", pth: "p.csv" }] })).toStrictEqual([
      { path: "feeds[0].path", message: "missing: expected a non-empty string" },
      {
        path: "feeds[0]",
        message: `unknown key "pth"; did you mean "path"? (keys: ${Object.keys(configSchema.shape.feeds.element.shape).join(", ")})`,
      },
    ]);
    expect(
      issuesOf({ currency: "EUR", feeds: FEEDS, waivers: [{ rule: "a/b", until: "2026-01-01", reason: "r", tiket: "T-1" }] }),
    ).toStrictEqual([
      { path: "waivers[0]", message: 'unknown key "tiket"; did you mean "ticket"? (keys: rule, sku, location, until, reason, ticket)' },
    ]);
  });

  it("a config that is no object", () => {
    expect(issuesOf(null)).toStrictEqual([{ path: "(root)", message: "expected an object, got null" }]);
    expect(issuesOf([])).toStrictEqual([{ path: "(root)", message: "expected an object, got []" }]);
  });

  it("writes a key that is no identifier quoted in the path, as ruleSettings paths are", () => {
    const feeds = [{ kind: "prices", path: "p.csv", values: { channel: { "Online Store": "online" } } }];
    expect(issuesOf({ currency: "EUR", feeds })).toContainEqual({
      path: 'feeds[0].values.channel["Online Store"]',
      message: expect.stringMatching(/^unknown channel "online"/),
    });
  });
});

/** zod's English messages (zod/v4/locales/en.js), alone or after a path: none may reach a user. */
const ZOD_WORDING = /(^|: )(Invalid|Too big|Too small|Unrecognized key)\b|expected \w+, received \w+/;

/** Wrong values of every JSON type, and numbers and strings at the edges. */
const WRONG: readonly unknown[] = [null, 5, 1.5, -1, 1e9, "", "x", true, [], [5], ["x"], {}, { x: 1 }];

/** Every key path of a schema: object members, an array's first element, a record's entry `k`, through unions and defaults. */
function keyPaths(schema: z.core.$ZodType, at: readonly (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  out.push([...at]);
  switch (def.type) {
    case "optional":
    case "default":
      out.pop();
      keyPaths(def.innerType as z.core.$ZodType, at, out);
      break;
    case "object":
      for (const [key, member] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) keyPaths(member, [...at, key], out);
      break;
    case "array":
      keyPaths(def.element as z.core.$ZodType, [...at, 0], out);
      break;
    case "record":
      keyPaths(def.valueType as z.core.$ZodType, [...at, "k"], out);
      break;
    case "union":
      for (const option of def.options as z.core.$ZodType[]) keyPaths(option, at, out);
      break;
  }
  return out;
}

/** `base` with `value` at `path`, the containers on the way made when missing. */
function withValue(base: Record<string, unknown>, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(base);
  let node: Record<string | number, unknown> = copy;
  path.slice(0, -1).forEach((key, i) => {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = typeof path[i + 1] === "number" ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  node[path.at(-1)!] = value;
  return copy;
}

describe("C43 zod's own wording never reaches a user", () => {
  it("for a value of each wrong type at every key of the config", () => {
    const paths = keyPaths(configSchema as unknown as z.core.$ZodType);
    expect(paths.length).toBeGreaterThan(60);
    const base = { currency: "EUR", feeds: FEEDS };
    const leaked: string[] = [];
    let issues = 0;
    for (const path of paths)
      for (const value of WRONG)
        for (const issue of issuesOf(withValue(base, path, value))) {
          issues++;
          if (issue.message === "" || ZOD_WORDING.test(issue.message))
            leaked.push(`${JSON.stringify(path)} = ${JSON.stringify(value)}: ${issue.path}: ${issue.message}`);
        }
    expect(issues).toBeGreaterThan(500);
    expect(leaked).toStrictEqual([]);
  });

  it("for a value of each wrong type at every key of a rule written in the config", () => {
    const rule = { id: "house/x", description: "d", severity: "info", scope: "offer", conditions: { all: [] }, message: "m" };
    const leaked: string[] = [];
    for (const path of keyPaths(ruleSchema as unknown as z.core.$ZodType))
      for (const value of WRONG) {
        try {
          readRuleFile(withValue(rule, path, value), "rules[0]");
        } catch (error) {
          if (!(error instanceof PricelintError)) throw error;
          if (ZOD_WORDING.test(error.message)) leaked.push(`${JSON.stringify(path)} = ${JSON.stringify(value)}: ${error.message}`);
        }
      }
    expect(leaked).toStrictEqual([]);
  });
});

describe("issues found once rules are selected have their path", () => {
  it("an unknown rule in ruleSettings", async () => {
    const error = await checkError({ ruleSettings: { "price/excessive-discont": "off" } });
    expect(error.issues).toStrictEqual([
      {
        path: 'ruleSettings["price/excessive-discont"]',
        message: 'unknown rule "price/excessive-discont"; did you mean "price/excessive-discount"?',
      },
    ]);
  });

  it("an option of the wrong type, the message as before", async () => {
    const error = await checkError({ ruleSettings: { "price/excessive-discount": { maxPercent: "x" } } });
    expect([error.code, error.issues]).toStrictEqual([
      "config",
      [{ path: `${SETTING}.maxPercent`, message: 'expected a percent, such as "5" for 5%, got "x"' }],
    ]);
    expect(error.message).toBe(`${SETTING}.maxPercent: expected a percent, such as "5" for 5%, got "x"`);
  });

  it("an option the rule does not take", async () => {
    const error = await checkError({ ruleSettings: { "price/excessive-discount": { severity: "info", maxPercnt: 80 } } });
    expect(error.issues).toStrictEqual([
      { path: `${SETTING}.maxPercnt`, message: 'unknown option "maxPercnt"; did you mean "maxPercent"? (options: maxPercent)' },
    ]);
  });
});

describe("L04 what is found wrong once rules are selected names a loaded config's file", () => {
  it("from check(), as on the command line, with one thread or several, where the error named no file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-messages-"));
    writeFileSync(join(dir, "p.csv"), "sku,channel,price\nA,web,1.00\n");
    const cases: [extra: Record<string, unknown>, message: string, workers: number][] = [
      [
        { ruleSettings: { "price/non-positiv": "off" } },
        'ruleSettings["price/non-positiv"]: unknown rule "price/non-positiv"; did you mean "price/non-positive"?',
        1,
      ],
      [
        { ruleSettings: { "price/non-positiv": "off" } },
        'ruleSettings["price/non-positiv"]: unknown rule "price/non-positiv"; did you mean "price/non-positive"?',
        2,
      ],
      [
        { rules: ["price/non-positiv"] },
        'rules[0]: "price/non-positiv" is neither a preset (recommended, all), a built-in rule id nor a rule file (.json, .yaml); did you mean "price/non-positive"?',
        1,
      ],
      [{ waivers: [{ rule: "price/nope", until: "2027-01-01", reason: "r" }] }, 'waivers[0].rule: unknown rule "price/nope"', 1],
    ];
    for (const [i, [extra, message, workers]] of cases.entries()) {
      const file = join(dir, `c${i}.json`);
      writeFileSync(file, JSON.stringify({ currency: "EUR", feeds: FEEDS, ...extra }));
      const error = await check(await loadConfig(file), { at: AT, workers }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PricelintError);
      const { code, file: named } = error as PricelintError;
      expect([code, named, (error as Error).message]).toStrictEqual(["config", file, `${file}: ${message}`]);
    }
  });
});

describe("J24 check()'s shard and window refuse a key they do not take", () => {
  it("naming it and the keys they take, and still take those", async () => {
    for (const [options, message] of [
      [{ shard: { index: 1, count: 2, x: 1 } }, 'unknown option "shard.x"; shard takes index, count, bounds'],
      [{ shard: { index: 1, cout: 2 } }, 'unknown option "shard.cout"; shard takes index, count, bounds'],
      [{ window: { from: AT, to: new Date("2026-11-21T00:00:00Z"), x: 1 } }, 'unknown option "window.x"; window takes from, to'],
      [{ window: { from: AT, too: new Date("2026-11-21T00:00:00Z") } }, 'unknown option "window.too"; window takes from, to'],
    ] as const) {
      const error = await checkError({}, options);
      expect([error.code, error.message]).toStrictEqual(["usage", message]);
    }
    const config = { currency: "EUR", feeds: { prices: [{ sku: "A", channel: "web", price: "1" }] }, rules: ["recommended"] } as never;
    await expect(check(config, { shard: { index: 1, count: 2, bounds: ["M"] }, at: AT })).resolves.toBeDefined();
    await expect(check(config, { window: { from: AT, to: new Date("2026-11-21T00:00:00Z") } })).resolves.toBeDefined();
  });
});
