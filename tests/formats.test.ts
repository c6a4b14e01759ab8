/**
 * Feed formats are one registry: every module of src/io/formats/ is listed once, the config's
 * schema and the file endings read it, and key ranges sample through the format's own reader.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configJsonSchema, type FeedConfig, type PricelintError } from "../src/index.js";
import { validateConfig } from "../src/config/parse-config.js";
import { FORMATS, formatNamed, formatOfPath } from "../src/io/formats/registry.js";
import { sampleKeyRanges } from "../src/parallel/key-ranges.js";

/** The key ranges' bounds alone. */
const sampleKeyBounds = async (...args: Parameters<typeof sampleKeyRanges>) => (await sampleKeyRanges(...args))?.bounds ?? null;

describe("the format registry", () => {
  it("lists every format module of src/io/formats once", () => {
    const support = new Set(["format.ts", "registry.ts", "delimited-format.ts"]);
    const modules = readdirSync("src/io/formats").filter((f) => !support.has(f));
    expect(FORMATS.map((f) => `${f.name}.ts`).sort()).toStrictEqual(modules.sort());
    expect(new Set(FORMATS.map((f) => f.name)).size).toBe(FORMATS.length);
  });

  it("gives each file ending one format, and csv to the others", () => {
    const endings = FORMATS.flatMap((f) => f.extensions);
    expect(new Set(endings).size).toBe(endings.length);
    for (const format of FORMATS) for (const e of format.extensions) expect(formatOfPath(`Feeds/Prices${e.toUpperCase()}`)).toBe(format);
    expect(formatOfPath("prices.txt").name).toBe("csv");
    expect(formatOfPath("prices").name).toBe("csv");
    expect(() => formatNamed("xls")).toThrow(/unknown feed format "xls"/);
  });

  it("is what the config's JSON Schema offers for a feed's format", () => {
    const schema = configJsonSchema() as {
      $defs?: unknown;
      properties: { feeds: { items: { properties: { format: { enum: string[] } } } } };
    };
    expect(schema.properties.feeds.items.properties.format.enum).toStrictEqual(FORMATS.map((f) => f.name));
  });
});

describe("key ranges sampled through the format", () => {
  it("split a quoted sku as the reader does, delimiter inside quotes and all", async () => {
    // 600 skus "S,000" … "S,599", each quoted because it holds the delimiter, sorted; 3 ranges.
    const dir = mkdtempSync(join(tmpdir(), "pricelint-formats-"));
    const lines = ["sku,channel,price"];
    for (let i = 0; i < 600; i++) lines.push(`"S,${String(i).padStart(3, "0")}",web,1.00`);
    writeFileSync(join(dir, "p.csv"), lines.join("\n") + "\n");
    const feed = { kind: "prices", path: "p.csv" } as FeedConfig;
    const bounds = await sampleKeyBounds(feed, join(dir, "p.csv"), 3);
    // Splitting on every comma would give `"S` for each sample: not increasing, so no bounds.
    expect(bounds).toHaveLength(2);
    for (const b of bounds!) expect(b).toMatch(/^S,\d{3}$/);
    expect(bounds![0]! < bounds![1]!).toBe(true);
  });

  it("are not taken for a format that cannot be entered mid-file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-formats-"));
    writeFileSync(join(dir, "p.json"), JSON.stringify([{ sku: "A", channel: "web", price: "1.00" }]));
    expect(await sampleKeyBounds({ kind: "prices", path: "p.json" } as FeedConfig, join(dir, "p.json"), 2)).toBeNull();
  });
});

describe("settings a feed's format does not take", () => {
  const config = (feed: Record<string, unknown>) => ({ feeds: [{ kind: "prices", ...feed }] });
  const messages = (feed: Record<string, unknown>) => {
    try {
      validateConfig(config(feed), "c.json");
      return [];
    } catch (error) {
      return (error as PricelintError).issues.map((i) => `${i.path}: ${i.message}`);
    }
  };

  it("are refused, naming the formats that take them and where the feed's format came from", () => {
    expect(messages({ path: "p.json", delimiter: ";" })).toStrictEqual([
      "feeds[0].delimiter: delimiter applies to csv, tsv feeds; this feed is json, from its path",
    ]);
    expect(messages({ path: "p.txt", format: "jsonl", skipLines: 2 })).toStrictEqual([
      "feeds[0].skipLines: skipLines applies to csv, tsv, xlsx feeds; this feed is jsonl",
    ]);
    expect(messages({ path: "p.csv", sheet: "Prices" })[0]).toMatch(
      /^feeds\[0\]\.sheet: sheet applies to .*; this feed is csv, from its path$/,
    );
  });

  it("are taken by the formats that read them", () => {
    expect(messages({ path: "p.csv", delimiter: ";", skipLines: 1, encoding: "latin1" })).toStrictEqual([]);
    expect(messages({ path: "p.jsonl", encoding: "windows-1252" })).toStrictEqual([]);
    expect(messages({ path: "p.xlsx", sheet: "Prices", skipLines: 1 })).toStrictEqual([]);
  });
});
