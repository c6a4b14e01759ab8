import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, configJsonSchema, loadConfig, PricelintError } from "../src/index.js";

function write(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-config-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function configError(name: string, content: string): Promise<PricelintError> {
  const path = write(name, content);
  const error = await loadConfig(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return error as PricelintError;
}

const feeds = '[{"kind": "prices", "path": "p.csv"}]';

describe("loadConfig", () => {
  it("reads YAML as well as JSON", async () => {
    const path = write(
      "pricelint.config.yaml",
      "timezone: Europe/Rome\ncurrency: EUR\nfeeds:\n  - kind: prices\n    path: p.csv\n    delimiter: ';'\n",
    );
    const { config } = await loadConfig(path);
    expect(config.feeds[0]?.delimiter).toBe(";");
    expect(config.rules).toStrictEqual(["recommended"]);
  });

  it.each([
    ["a missing file", null, /pricelint\.config\.json: file not found$/],
    ["broken JSON", "{ feeds: [", /pricelint\.config\.json: not valid JSON: /],
    ["no feeds", "{}", /pricelint\.config\.json: feeds: /],
    ["an unknown zone", `{"timezone": "Europe/Roma", "feeds": ${feeds}}`, /timezone: not an IANA time zone/],
    ["an unknown currency", `{"currency": "EURO", "feeds": ${feeds}}`, /currency: not an ISO 4217 currency code/],
    ["a long delimiter", '{"feeds": [{"kind": "prices", "path": "p.csv", "delimiter": "||"}]}', /feeds\[0\]\.delimiter: one character/],
    [
      "an unknown field",
      '{"feeds": [{"kind": "prices", "path": "p.csv", "columns": {"prezzo": "P"}}]}',
      /feeds\[0\]\.columns\.prezzo: "prezzo" is not a field of prices feeds/,
    ],
    ["an unknown key", `{"feeds": ${feeds}, "rulez": []}`, /\(root\): unknown key "rulez"; did you mean "rules"\?/],
    ["an unknown kind", '{"feeds": [{"kind": "promos", "path": "p.csv"}]}', /feeds\[0\]\.kind: /],
  ])("refuses %s with one line naming the file and the path", async (_what, content, message) => {
    const error =
      content === null
        ? await loadConfig(join(tmpdir(), "nowhere", "pricelint.config.json")).then(
            () => undefined,
            (e: unknown) => e as PricelintError,
          )
        : await configError("pricelint.config.json", content);
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
  });

  it("resolves feed and rule paths against the config's folder", async () => {
    const path = write("pricelint.config.json", `{"currency": "EUR", "feeds": ${feeds}, "rules": ["./house.json"]}`);
    await expect(check(await loadConfig(path))).rejects.toThrow(/house\.json: file not found/);
  });
});

describe("the config's JSON Schema", () => {
  it("is generated from the zod schema and describes feeds and rules", () => {
    const schema = configJsonSchema() as {
      properties: Record<string, { items?: { properties?: Record<string, unknown> } }>;
      required: string[];
    };
    expect(schema.required).toStrictEqual(["feeds"]);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["timezone", "currency", "minorUnits", "channels", "feeds", "rules", "ruleSettings", "waivers"]),
    );
    expect(Object.keys(schema.properties.feeds?.items?.properties ?? {})).toEqual(
      expect.arrayContaining([
        "kind",
        "path",
        "delimiter",
        "skipLines",
        "encoding",
        "decimal",
        "thousands",
        "columns",
        "constants",
        "values",
      ]),
    );
  });
});
