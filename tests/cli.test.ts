import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { BUILTIN_RULES } from "../src/rules/builtin.js";
import { readRuleFile, settingsLeftOff } from "../src/rules/select-rules.js";
import { explainRule, listRules } from "../src/cli/rules-command.js";
import { runCli } from "./helpers/run-cli.js";

const run = runCli;

function project(prices: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-cli-"));
  writeFileSync(join(dir, "p.csv"), prices);
  const config = join(dir, "pricelint.config.json");
  // channel/online-differs-from-store is named: it is not in the recommended preset.
  writeFileSync(
    config,
    JSON.stringify({
      currency: "EUR",
      feeds: [{ kind: "prices", path: "p.csv" }],
      rules: ["recommended", "channel/online-differs-from-store"],
    }),
  );
  return config;
}

const WARNING_ONLY = "sku,channel,price\nA,web,1.00\nA,store,1.10\n"; // online-differs-from-store: a warning

describe("pricelint check exit codes", () => {
  it("exits 0 when nothing reaches --fail-on, 1 when something does", async () => {
    const config = project(WARNING_ONLY);
    expect((await run(["check", "--config", config])).code).toBe(0);
    expect((await run(["check", "--config", config, "--fail-on", "warning"])).code).toBe(1);
    expect((await run(["check", "--config", config, "--fail-on", "info"])).code).toBe(1);
    expect((await run(["check", "--config", config, "--fail-on", "never"])).code).toBe(0);
  });

  it("exits 1 on an error finding by default", async () => {
    expect((await run(["check", "--config", project("sku,channel,price\nA,web,0\n")])).code).toBe(1);
  });

  it.each([
    [["check", "--format", "yaml"], /--format: unknown format "yaml"; formats: table, json/],
    [["check", "--fail-on", "fatal"], /--fail-on takes error, warning, info or never/],
    [["check", "--bogus"], /Unknown option '--bogus'/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["check", "--at", "2026-13-01"], /--at: "2026-13-01" is not a calendar date/],
    [["check", "--config", "/nonexistent/pricelint.config.json"], /\/nonexistent\/pricelint\.config\.json: file not found/],
    // Refused before the check runs: found after it, the report would be lost.
    [["check", "--format", "json:/nonexistent/r.json"], /--format json:\/nonexistent\/r\.json: the folder \/nonexistent does not exist/],
    [["check", "--format", "html:/nonexistent/r.html"], /--format html:\/nonexistent\/r\.html: the folder \/nonexistent does not exist/],
  ])("exits 2 with a one-line message for %j", async (args, message) => {
    const needsConfig = args.includes("--at") || args.includes("--format");
    const { code, stderr, stdout } = await run(needsConfig ? [...args, "--config", project(WARNING_ONLY)] : args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(args.includes("--bogus") ? 2 : 1);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    expect(stdout).toBe("");
  });

  it("shows the stack with --debug", async () => {
    const { code, stderr } = await run(["check", "--config", "/nonexistent/x.json", "--debug"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it("writes several formats in one run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-out-"));
    const file = join(dir, "r.json");
    const { stdout } = await run(["check", "--config", project(WARNING_ONLY), "--format", "table", "--format", `json:${file}`]);
    expect(stdout).toMatch(/^SEVERITY/);
    const { readFileSync } = await import("node:fs");
    const report = JSON.parse(readFileSync(file, "utf8")) as { findings: { rule: string }[] };
    expect(report.findings.map((f) => f.rule)).toStrictEqual(["channel/online-differs-from-store"]);
  });
});

describe("pricelint rules", () => {
  it("lists every rule id of the catalogue, as text or JSON", async () => {
    const { stdout } = await run(["rules", "--json"]);
    const rules = JSON.parse(stdout) as { id: string; scope: string; severity: string; recommended: boolean }[];
    // The catalogue of built-in rules, written out by hand.
    const spec = [
      "price/non-positive",
      "price/sale-not-below-regular",
      "price/invalid-sale-window",
      "price/landing-page-mismatch",
      "price/excessive-discount",
      "price/member-above-public",
      "price/unit-price-mismatch",
      "price/below-cost",
      "price/below-map",
      "price/conflicting-duplicate",
      "price/currency-mismatch",
      "price/unknown-sku",
      "price/unknown-location",
      "price/stale-sale",
      "price/missing-in-listed-channel",
      "price/location-dispersion",
      "channel/click-collect-above-store",
      "channel/e-reservation-differs-from-store",
      "channel/online-differs-from-store",
      "channel/app-differs-from-web",
      "channel/click-collect-above-web",
      "channel/e-reservation-above-web",
      "promo/missing-in-channel",
      "promo/window-mismatch",
      "promo/invalid-window",
      "promo/unknown-location",
      "promo/unknown-sku",
      "promo/unknown-category",
      "promo/stacking-order-open",
      "omnibus/prior-price",
      "omnibus/not-a-reduction",
      "omnibus/insufficient-history",
      "availability/click-collect-store-closed",
      "availability/e-reservation-store-closed",
      "availability/e-reservation-low-stock",
      "availability/promo-without-stock",
      "availability/contradicts-stock",
      "availability/pickup-low-stock",
      "availability/unknown-location",
      "change/offer-added",
      "change/price-move",
      "change/removed-while-listed",
      "change/repriced-alone",
      "ladder/pack-size",
      "feed/invalid-row",
      "feed/unmapped-column",
      "config/expired-waiver",
    ];
    expect(rules.map((r) => r.id).sort()).toStrictEqual([...spec].sort());
    expect(rules.find((r) => r.id === "feed/invalid-row")).toMatchObject({ scope: "feed", severity: "error", recommended: true });
    expect(rules.find((r) => r.id === "feed/unmapped-column")).toMatchObject({ scope: "feed", severity: "warning", recommended: true });
    expect(rules.find((r) => r.id === "price/location-dispersion")?.recommended).toBe(false);
    expect(rules.find((r) => r.id === "channel/online-differs-from-store")?.recommended).toBe(false);
    const text = await run(["rules"]);
    expect(text.stdout.trim().split("\n")).toHaveLength(rules.length);
  });

  it("lists each rule's options and whether it is recommended in text too", async () => {
    const lines = (await run(["rules"])).stdout.trim().split("\n");
    const line = (id: string) => lines.find((l) => l.startsWith(`${id} `)) ?? "";
    expect(line("price/excessive-discount")).toMatch(/ recommended .* \(options: maxPercent\)$/);
    expect(line("channel/online-differs-from-store")).not.toContain("recommended");
    expect(line("channel/online-differs-from-store")).toMatch(/\(options: tolerance, tolerancePercent\)$/);
    expect(line("price/non-positive")).toMatch(/ recommended /);
    expect(line("price/non-positive")).not.toContain("options:");
  });

  it("R38 says recommended of the rules the preset takes, whatever a rule's definition says", () => {
    // A house rule no preset takes, its definition saying otherwise (rule files may not say it: R38).
    const house = { id: "house/rec", description: "d", severity: "error" as const, scope: "offer" as const, recommended: true };
    const listed = JSON.parse(listRules(true, [{ rule: house, origin: "./house.json" }])) as { recommended: boolean }[];
    expect(listed[0]!.recommended).toBe(false);
    expect(listRules(false, [{ rule: house, origin: "./house.json" }])).not.toContain("recommended");
  });
});

describe("pricelint explain", () => {
  it("shows what a rule checks, its options and how to change it", async () => {
    const { code, stdout } = await run(["explain", "channel/online-differs-from-store"]);
    expect(code).toBe(0);
    expect(stdout).toContain("channel/online-differs-from-store — warning, pair scope (web, store)");
    expect(stdout).toContain("Options (in ruleSettings):");
    expect(stdout).toContain(
      '  tolerance: money ≥ 0, default "0" — web and store prices this close (an amount, e.g. "0.05") do not count as different',
    );
    expect(stdout).toContain('  tolerancePercent: percent ≥ 0, default "0" — the same in percent of the store price');
    expect(stdout).toContain("    web.effectivePrice notEqual store.effectivePrice");
    expect(stdout).toContain(
      '"ruleSettings": { "channel/online-differs-from-store": { "severity": "warning", "tolerance": "0", "tolerancePercent": "0" } }',
    );
  });

  it("says which presets take the rule, as the preset definitions say", () => {
    expect(explainRule("channel/online-differs-from-store")).toContain(
      '"rules": ["channel/online-differs-from-store"]   (this rule alone; the preset "all" takes it too)',
    );
    expect(explainRule("price/non-positive")).toContain(
      '"rules": ["price/non-positive"]   (this rule alone; the presets "recommended" and "all" take it too)',
    );
    expect(explainRule("config/expired-waiver")).toContain('always on, whatever "rules" selects');
  });

  it("suggests only settings and rule files the tool accepts, for every built-in rule", async () => {
    const prices = [{ sku: "A", channel: "web", price: "1.00" }];
    for (const { id } of BUILTIN_RULES) {
      const text = explainRule(id);
      const suggested = text
        .split("\n")
        .map((line) => /^ {2}("(?:rules|ruleSettings)": .*?)(?: {3}\(.*\))?$/.exec(line)?.[1])
        .filter((line) => line !== undefined)
        .map((line) => JSON.parse(`{${line}}`) as Record<string, unknown>);
      expect(suggested.length, id).toBeGreaterThan(0);
      for (const setting of suggested) {
        await expect(
          check({ currency: "EUR", feeds: { prices }, ...setting } as Parameters<typeof check>[0]),
          `${id}: ${JSON.stringify(setting)}`,
        ).resolves.toBeDefined();
      }
      const copy = text.split("As a rule file (copy it to start a house rule):\n")[1];
      if (copy === undefined) continue;
      const house = readRuleFile(JSON.parse(copy), "house.json").rules[0]!;
      expect(house.id, id).toMatch(/^house\//);
      await expect(
        check({ currency: "EUR", feeds: { prices }, rules: ["recommended", house] } as Parameters<typeof check>[0]),
        id,
      ).resolves.toBeDefined();
    }
    expect(explainRule("feed/invalid-row")).not.toContain('"off"');
    expect(explainRule("config/expired-waiver")).toContain('"ruleSettings": { "config/expired-waiver": "off" }');
  });

  it("R37 writes a rule file's text as check's table does: line breaks as spaces, control and bidi characters as escapes", () => {
    const content = {
      id: "house/esc",
      description: "Web price cap\nhouse/fake    offer      error    recommended  forged \u001b[31mRED\u001b[0m \u202eevil",
      severity: "warning",
      scope: "offer",
      help: "see\r\nbelow",
      options: { cap: { type: "money", default: "1", description: "a\u0007b" } },
      conditions: { all: [{ fact: "sku", operator: "equal", value: "A\u001b[2J" }] },
      message: "m\u2028n",
    };
    const shown = [{ rule: readRuleFile(content, "h.json").rules[0]!, origin: "./h\u001b.json" }];
    const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    // One line per rule: the description's line break does not start a forged rule's line.
    const listed = listRules(false, shown);
    expect(listed.split("\n")).toHaveLength(1);
    expect(listed).not.toMatch(raw);
    expect(listed).toContain(
      "Web price cap house/fake    offer      error    recommended  forged \\u001b[31mRED\\u001b[0m \\u202eevil (options: cap) [./h\\u001b.json]",
    );
    const explained = explainRule("house/esc", shown, true);
    expect(explained).not.toMatch(raw);
    const lines = explained.split("\n");
    expect(lines.slice(0, 4)).toStrictEqual([
      "house/esc — warning, offer scope",
      "Web price cap house/fake    offer      error    recommended  forged \\u001b[31mRED\\u001b[0m \\u202eevil",
      "",
      "see below",
    ]);
    expect(lines).toContain('  cap: money, default "1" — a\\u0007b');
    expect(lines).toContain('    sku equal "A\\u001b[2J"');
    expect(lines).toContain("Message: m n");
  });

  it("R39 lists every limit check holds an option to: the option it may not be above, and the lists a tolerance widens", () => {
    // ruleSettings limitedFrom 4 with inStockFrom 3 is refused: "limitedFrom is at most inStockFrom".
    expect(explainRule("availability/contradicts-stock").split("\n")).toContain(
      "  limitedFrom: integer ≥ 1, at most inStockFrom, default 1 — the fewest units that are no longer out of stock (limited_availability from here)",
    );
    // A house rule giving tolerance its default alone: the engine's meaning, in and notIn included.
    const content = {
      id: "house/tol",
      description: "d",
      severity: "warning",
      scope: "offer",
      options: { tolerance: "0.05" },
      conditions: { all: [{ fact: "price", operator: "in", value: ["10.30", "9.50"] }] },
    };
    const shown = [{ rule: readRuleFile(content, "h.json").rules[0]!, origin: "./h.json" }];
    expect(explainRule("house/tol", shown, true).split("\n")).toContain(
      '  tolerance: money ≥ 0, default "0.05" — money amounts this close count as equal: equal, notEqual, lessThan and greaterThan widen by it, and in and notIn as equal',
    );
  });

  it("exits 2 for a rule that does not exist", async () => {
    const { code, stderr } = await run(["explain", "channel/nope"]);
    expect(code).toBe(2);
    expect(stderr).toContain('no built-in rule "channel/nope"');
  });
});

describe("pricelint profile", () => {
  it("lists the profiles a feed may name", async () => {
    const { code, stdout } = await run(["profile"]);
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split("\n")
        .map((l) => l.split(" ")[0]),
    ).toStrictEqual(["google-products", "google-local-inventory"]);
  });

  it("shows a profile's zone rule, attributes and data, and the data as JSON is what the config overrides", async () => {
    const { code, stdout } = await run(["profile", "google-local-inventory"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Times without an offset are read in UTC");
    expect(stdout).toMatch(/ {2}store_code +→ location \(prices and inventory\)/);
    const json = await run(["profile", "google-local-inventory", "--json"]);
    const profile = JSON.parse(json.stdout) as { views: { kind: string; inheritFrom?: string; offers?: { channel: string }[] }[] };
    expect(profile.views.map((v) => v.kind)).toStrictEqual(["prices", "inventory"]);
    expect(profile.views[0]!.inheritFrom).toBe("web");
    expect(profile.views[0]!.offers!.map((o) => o.channel)).toStrictEqual(["store", "click_collect", "e_reservation"]);
  });

  it("exits 2 for a profile that does not exist, with the nearest name", async () => {
    const { code, stderr } = await run(["profile", "googel-products"]);
    expect(code).toBe(2);
    expect(stderr).toContain('no profile "googel-products"; did you mean "google-products"?');
  });
});

describe("pricelint init", () => {
  it("writes a starter config and house rule that compile, and never overwrites", async () => {
    const { init } = await import("../src/cli/init-command.js");
    const { loadConfig } = await import("../src/index.js");
    const { readRuleFile } = await import("../src/rules/select-rules.js");
    const { readFileSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "pricelint-init-"));
    expect(await init(dir)).toMatch(/^wrote pricelint\.config\.json and rules\/house\.json/);
    const { config } = await loadConfig(join(dir, "pricelint.config.json"));
    expect(config.rules).toStrictEqual(["recommended", "channel/online-differs-from-store", "./rules/house.json"]);
    expect(settingsLeftOff(config.rules, config.ruleSettings ?? {})).toStrictEqual([]);
    const house = readRuleFile(JSON.parse(readFileSync(join(dir, "rules/house.json"), "utf8")), "house.json");
    expect(house.rules[0]?.id).toBe("house/web-not-above-store");
    await expect(init(dir)).rejects.toThrow("pricelint.config.json already exists");
  });
});

describe("pricelint check --explain", () => {
  it("prints under each finding the conditions that made it fire, with the values compared", async () => {
    const { stdout } = await run(["check", "--config", project(WARNING_ONLY), "--explain"]);
    expect(stdout.split("\n").slice(1, 4)).toStrictEqual([
      "warning   channel/online-differs-from-store  A    -         web,store  web 1.00 differs from store 1.10 at every location",
      "    [true] all",
      "      [true] web.effectivePrice = 1.00 notEqual store.effectivePrice = 1.10",
    ]);
  });
});

describe("the progress line", () => {
  it("redraws at most every 250 ms with rows and rows/s, and erases itself at the end", async () => {
    const { terminalProgress } = await import("../src/cli/progress.js");
    const written: string[] = [];
    const stream = { write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    let clock = 1_000;
    const progress = terminalProgress(stream, () => clock);
    clock = 1_300;
    progress.update({ file: "feeds/web.csv", feedRows: 600, totalRows: 600, bytesRead: 1_000, totalBytes: 4_000 });
    clock = 1_400; // too soon: not drawn
    progress.update({ file: "feeds/web.csv", feedRows: 800, totalRows: 800, bytesRead: 2_000, totalBytes: 4_000 });
    clock = 2_000;
    progress.update({ file: "feeds/store.csv", feedRows: 100, totalRows: 1_000, bytesRead: null, totalBytes: null });
    progress.done();
    expect(written).toStrictEqual([
      "\r\u001b[Kfeeds/web.csv: 25% · 600 rows · 600 in all · 2,000 rows/s",
      "\r\u001b[Kfeeds/store.csv: 100 rows · 1,000 in all · 1,000 rows/s",
      "\r\u001b[K",
    ]);
  });

  it("is not drawn when stderr is not a terminal", async () => {
    const { stderr } = await run(["check", "--config", project(WARNING_ONLY)]);
    expect(stderr).toBe("");
  });
});

describe("ruleSettings of a rule the rules leave off", () => {
  it('check warns on stderr, one line a rule; "off" for such a rule is no warning', async () => {
    const config = project(WARNING_ONLY);
    writeFileSync(
      config,
      JSON.stringify({
        currency: "EUR",
        feeds: [{ kind: "prices", path: "p.csv" }],
        rules: ["recommended"],
        ruleSettings: {
          "channel/online-differs-from-store": { tolerance: "0.05" },
          "price/location-dispersion": "warning",
          "change/offer-added": "off",
          "price/non-positive": "warning",
        },
      }),
    );
    const { code, stderr } = await run(["check", "--config", config, "--no-progress"]);
    const warning = (id: string) =>
      `pricelint: warning: ${config}: ruleSettings["${id}"]: the rules do not switch this rule on, so its settings do nothing: add "${id}" to "rules"\n`;
    expect([code, stderr]).toStrictEqual([0, warning("channel/online-differs-from-store") + warning("price/location-dispersion")]);
  });

  it('a rule that "rules" names by id and ruleSettings switch "off": off, with a warning; off beside a preset is no warning', async () => {
    const config = project(WARNING_ONLY);
    writeFileSync(
      config,
      JSON.stringify({
        currency: "EUR",
        feeds: [{ kind: "prices", path: "p.csv" }],
        rules: ["recommended", "price/non-positive", "price/location-dispersion"],
        ruleSettings: { "price/non-positive": "off", "channel/online-differs-from-store": "off" },
      }),
    );
    const { code, stderr } = await run(["check", "--config", config, "--no-progress"]);
    expect([code, stderr]).toStrictEqual([
      0,
      `pricelint: warning: ${config}: ruleSettings["price/non-positive"]: "off", though "rules" names it: the rule is off; drop one of the two\n`,
    ]);
  });

  it("C53 a waiver of a built-in rule the rules leave off (or switch off) warns: it waives nothing", async () => {
    const config = project(WARNING_ONLY);
    const waiver = (rule: string) => ({ rule, sku: "A", until: "2099-12-31", reason: "r" });
    writeFileSync(
      config,
      JSON.stringify({
        currency: "EUR",
        feeds: [{ kind: "prices", path: "p.csv" }],
        rules: ["recommended"],
        ruleSettings: { "price/non-positive": "off" },
        waivers: [waiver("channel/online-differs-from-store"), waiver("price/excessive-discount"), waiver("price/non-positive")],
      }),
    );
    const { code, stderr } = await run(["check", "--config", config, "--no-progress"]);
    const warning = (index: number, id: string) =>
      `pricelint: warning: ${config}: waivers[${index}]: the rules do not switch "${id}" on, so the waiver waives nothing: add "${id}" to "rules", or drop the waiver\n`;
    // recommended has price/excessive-discount; online-differs-from-store is not in it, and non-positive is off
    // (off beside a preset, no warning of its own).
    expect([code, stderr]).toStrictEqual([0, warning(0, "channel/online-differs-from-store") + warning(2, "price/non-positive")]);
  });

  it("C58 a waiver that can waive nothing warns (a location of a row's finding, a pattern); an empty sku or location, or a blank reason, is refused", async () => {
    const config = project(WARNING_ONLY);
    const waivers = [
      { rule: "feed/invalid-row", location: "S1", until: "2099-12-31", reason: "r" },
      { rule: "price/non-positive", sku: "A*", until: "2099-12-31", reason: "r" },
      { rule: "feed/unmapped-column", sku: "A", until: "2099-12-31", reason: "r" },
      // A waiver of the expired-waiver finding may name a sku and location: that finding has the expired waiver's.
      { rule: "config/expired-waiver", sku: "A", location: "S1", until: "2099-12-31", reason: "r" },
    ];
    const body = { currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["recommended"] };
    writeFileSync(config, JSON.stringify({ ...body, waivers }));
    const warned = await run(["check", "--config", config, "--no-progress"]);
    expect([warned.code, warned.stderr]).toStrictEqual([
      0,
      `pricelint: warning: ${config}: waivers[0].location: feed/invalid-row's findings are at no location, so the waiver waives nothing: drop its location\n` +
        `pricelint: warning: ${config}: waivers[1].sku: "A*" is matched as written (a waiver names one sku, not a pattern): it waives the sku "A*" alone\n` +
        `pricelint: warning: ${config}: waivers[2].sku: feed/unmapped-column's findings are about no sku, so the waiver waives nothing: drop its sku\n`,
    ]);
    writeFileSync(
      config,
      JSON.stringify({ ...body, waivers: [{ rule: "price/non-positive", sku: " ", location: "", until: "2099-12-31", reason: "  " }] }),
    );
    const refused = await run(["check", "--config", config, "--no-progress"]);
    expect([refused.code, refused.stderr]).toStrictEqual([
      2,
      `pricelint: ${config}: waivers[0].sku: empty, it names no sku: leave sku out to waive every sku; waivers[0].location: empty, it names no location: leave location out to waive every location; waivers[0].reason: a waiver says why: a reason of white space alone says nothing\n`,
    ]);
  });

  it("C60 a waiver's sku for a promotion's own findings, or location for a promotion's or a product's, warns: they have none", async () => {
    const config = project(WARNING_ONLY);
    const waivers = [
      { rule: "promo/invalid-window", sku: "A", until: "2099-12-31", reason: "r" },
      { rule: "price/missing-in-listed-channel", location: "S1", until: "2099-12-31", reason: "r" },
      { rule: "promo/missing-in-channel", location: "S1", until: "2099-12-31", reason: "r" },
      // A product's window mismatch stands at the location its windows differ at, and a promotion's missing channel names a sku.
      { rule: "promo/window-mismatch", location: "S1", until: "2099-12-31", reason: "r" },
      { rule: "promo/missing-in-channel", sku: "A", until: "2099-12-31", reason: "r" },
    ];
    writeFileSync(config, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], rules: ["all"], waivers }));
    const warned = await run(["check", "--config", config, "--no-progress", "--fail-on", "never"]);
    const doubt = (i: number, key: string, rule: string) =>
      key === "sku"
        ? `pricelint: warning: ${config}: waivers[${i}].sku: ${rule}'s findings are about no sku, so the waiver waives nothing: drop its sku\n`
        : `pricelint: warning: ${config}: waivers[${i}].location: ${rule}'s findings are at no location, so the waiver waives nothing: drop its location\n`;
    expect(warned.stderr).toBe(
      doubt(0, "sku", "promo/invalid-window") +
        doubt(1, "location", "price/missing-in-listed-channel") +
        doubt(2, "location", "promo/missing-in-channel"),
    );
  });

  it("C61 a config whose timezone is none of its stores' (every store in one other zone) warns, naming both; stores in two zones do not", async () => {
    const config = project(WARNING_ONLY);
    const dir = join(config, "..");
    const warnings = async (timezone: string, stores: string) => {
      writeFileSync(join(dir, "s.csv"), stores);
      const feeds = [
        { kind: "stores", path: "s.csv" },
        { kind: "prices", path: "p.csv" },
      ];
      writeFileSync(config, JSON.stringify({ currency: "EUR", timezone, feeds, rules: ["price/non-positive"] }));
      return (await run(["check", "--config", config, "--no-progress", "--at", "2026-11-20T12:00:00Z"])).stderr;
    };
    const newYork = "location,timezone\nNY1,America/New_York\nNY2,US/Eastern\n";
    expect(await warnings("Europe/Rome", newYork)).toBe(
      `pricelint: warning: ${config}: timezone: every store the stores feed lists is in America/New_York, but the config's timezone is Europe/Rome: the bare dates of rows and promotions that stand at no one store (a store channel's rows without a location), of --at, --from and --to, and of waivers' ends are read in Europe/Rome; set "timezone": "America/New_York" if they mean the stores' time\n`,
    );
    // The config in the stores' zone (however written); stores in two zones; a store without one (the config's).
    expect(await warnings("america/new_york", newYork)).toBe("");
    expect(await warnings("Europe/Rome", "location,timezone\nNY1,America/New_York\nRM1,Europe/Rome\n")).toBe("");
    expect(await warnings("Europe/Rome", "location,timezone\nNY1,America/New_York\nXX1,\n")).toBe("");
  });

  it("C58 a waiver's until that is no calendar date, or that YAML 1.1 read as a timestamp, is refused saying so", async () => {
    const config = project(WARNING_ONLY);
    const body = { currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] };
    writeFileSync(config, JSON.stringify({ ...body, waivers: [{ rule: "price/non-positive", until: "2027-02-29", reason: "r" }] }));
    expect((await run(["check", "--config", config, "--no-progress"])).stderr).toBe(
      `pricelint: ${config}: waivers[0].until: "2027-02-29" is written yyyy-mm-dd but is no calendar date\n`,
    );
    const yaml = join(dirname(config), "pricelint.config.yml");
    rmSync(config);
    writeFileSync(
      yaml,
      "%YAML 1.1\n---\ncurrency: EUR\nfeeds:\n  - {kind: prices, path: p.csv}\nwaivers:\n  - {rule: price/non-positive, until: 2026-12-31, reason: r}\n",
    );
    expect((await run(["check", "--config", yaml, "--no-progress"])).stderr).toBe(
      `pricelint: ${yaml}: waivers[0].until: expected a date written yyyy-mm-dd, such as "2026-06-30", got the date 2026-12-31, not a string (YAML 1.1 reads an unquoted date so; in code, a Date object): write it as the string "2026-12-31"\n`,
    );
  });

  it("the README's config example switches on every rule it configures", () => {
    const readme = readFileSync("README.md", "utf8");
    const block = /```json\n(\{\n[^`]*"ruleSettings"[^`]*)```/.exec(readme.slice(readme.indexOf("\n## Config")))![1]!;
    const config = JSON.parse(block) as { rules: string[]; ruleSettings: Record<string, never> };
    expect(config.ruleSettings).toHaveProperty(["channel/online-differs-from-store"]);
    expect(settingsLeftOff(config.rules, config.ruleSettings)).toStrictEqual([]);
  });
});

describe("config errors of rule selection", () => {
  it("name the config file, with the nearest rule id", async () => {
    const config = project(WARNING_ONLY);
    const write = (extra: Record<string, unknown>) =>
      writeFileSync(config, JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }], ...extra }));
    write({ ruleSettings: { "price/non-positiv": "off" } });
    expect(await run(["check", "--config", config])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: `pricelint: ${config}: ruleSettings["price/non-positiv"]: unknown rule "price/non-positiv"; did you mean "price/non-positive"?\n`,
    });
    write({ rules: ["recommended", "price/non-positiv"] });
    expect(await run(["check", "--config", config])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: `pricelint: ${config}: rules[1]: "price/non-positiv" is neither a preset (recommended, all), a built-in rule id nor a rule file (.json, .yaml); did you mean "price/non-positive"?\n`,
    });
  });
});
