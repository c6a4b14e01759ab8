/**
 * Errors are data: a PricelintError carries its code, its file and its issues, and its message is
 * built from them, never the other way round.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonReport } from "../src/cli/run.js";
import { readBaseline } from "../src/findings/baseline.js";
import { readFeedFile } from "../src/io/read-feed.js";
import { readReport } from "../src/parallel/merge.js";
import { runCli } from "./helpers/run-cli.js";
import { check, loadConfig, PricelintError } from "../src/index.js";
import { csv } from "../src/io/formats/csv.js";

function write(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-errors-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const failure = (promise: Promise<unknown>): Promise<PricelintError> =>
  promise.then(
    () => {
      throw new Error("expected a PricelintError");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(PricelintError);
      return error as PricelintError;
    },
  );

describe("PricelintError", () => {
  it("builds its message from its file and issues", () => {
    const error = new PricelintError(
      "config",
      [
        { path: "feeds[0].delimiter", message: "one character" },
        { path: "timezone", message: "not an IANA time zone" },
      ],
      "c.json",
    );
    expect(error.code).toBe("config");
    expect(error.file).toBe("c.json");
    expect(error.issues).toStrictEqual([
      { path: "feeds[0].delimiter", message: "one character" },
      { path: "timezone", message: "not an IANA time zone" },
    ]);
    expect(error.message).toBe("c.json: feeds[0].delimiter: one character; timezone: not an IANA time zone");
  });

  it("takes one message as an issue about the whole file, and has a null file when given none", () => {
    const error = new PricelintError("usage", "--from and --to go together");
    expect(error.file).toBeNull();
    expect(error.issues).toStrictEqual([{ path: "", message: "--from and --to go together" }]);
    expect(error.message).toBe("--from and --to go together");
    expect(new PricelintError("io", "file not found", "p.csv").message).toBe("p.csv: file not found");
  });

  it("names the first three issues in its message and counts the rest", () => {
    const issues = ["a", "b", "c", "d", "e"].map((path) => ({ path, message: "wrong" }));
    const error = new PricelintError("config", issues, "c.json");
    expect(error.issues).toHaveLength(5);
    expect(error.message).toBe("c.json: a: wrong; b: wrong; c: wrong; (2 more)");
  });
});

describe("config errors", () => {
  it("carry every zod issue with its path; the message names the first three", async () => {
    const path = write(
      "pricelint.config.json",
      JSON.stringify({
        timezone: "Mars/Olympus",
        currency: "EURO",
        rounding: "down",
        feeds: [{ kind: "prices", path: "p.csv", thousands: "." }],
      }),
    );
    const error = await failure(loadConfig(path));
    expect(error.code).toBe("config");
    expect(error.file).toBe(path);
    // In the schema's key order: timezone, currency, rounding, then the feeds.
    expect(error.issues.map((i) => i.path)).toStrictEqual(["timezone", "currency", "rounding", "feeds[0].thousands"]);
    expect(error.issues[0]!.message).toBe("not an IANA time zone (e.g. Europe/Rome)");
    expect(error.issues[3]!.message).toBe('must differ from decimal (".", the default)');
    expect(error.message).toBe(
      `${path}: timezone: not an IANA time zone (e.g. Europe/Rome); currency: not an ISO 4217 currency code (e.g. EUR); rounding: ${error.issues[2]!.message}; (1 more)`,
    );
  });

  it("name the path of a key or a nesting refused before validation", async () => {
    const proto = await failure(
      loadConfig(write("pricelint.config.json", '{"feeds":[{"kind":"prices","path":"p.csv","columns":{"__proto__":"x"}}]}')),
    );
    expect(proto.issues).toStrictEqual([{ path: "feeds[0].columns.__proto__", message: '"__proto__" is not allowed as a key' }]);
    const deep = await failure(loadConfig(write("pricelint.config.json", `{"x":${"[".repeat(100)}${"]".repeat(100)}}`)));
    expect(deep.issues).toStrictEqual([{ path: "x[0][0][0][0][0]…", message: "nested more than 64 levels deep" }]);
  });

  it("refuse YAML nested deeper than the parser's stack, by the parser's error code", async () => {
    const error = await failure(loadConfig(write("pricelint.config.yaml", `x: ${"[".repeat(5000)}${"]".repeat(5000)}\n`)));
    expect(error.issues).toStrictEqual([{ path: "", message: "not valid YAML: nested too deeply (more than 64 levels are refused)" }]);
  });
});

describe("feed files that cannot be read at all", () => {
  const drain = async (batches: AsyncIterable<unknown>) => {
    for await (const _ of batches);
  };

  it("are a PricelintError (io) from the reader, which names no file, and the loader names the feed", async () => {
    const path = write("p.csv", "");
    const read = await failure(drain(readFeedFile(path, { format: csv, encoding: "utf-8", skipLines: 0 })));
    expect([read.code, read.file, read.issues]).toStrictEqual([
      "io",
      null,
      [{ path: "", message: "no header line: the file is empty or blank" }],
    ]);
    const config = { currency: "EUR", feeds: [{ kind: "prices" as const, path: "p.csv" }] };
    const checked = await failure(
      check({ config: { ...config, timezone: "UTC", rounding: "half-up", rules: [] }, file: null, baseDir: join(path, "..") }),
    );
    expect([checked.code, checked.file, checked.issues]).toStrictEqual(["io", "p.csv", read.issues]);
    expect(checked.message).toBe("p.csv: no header line: the file is empty or blank");
  });

  it("include files the system refuses, described as users read them", async () => {
    const missing = await failure(
      drain(readFeedFile(join(tmpdir(), "pricelint-nowhere", "p.csv"), { format: csv, encoding: "utf-8", skipLines: 0 })),
    );
    expect([missing.code, missing.file, missing.issues]).toStrictEqual(["io", null, [{ path: "", message: "file not found" }]]);
  });
});

describe("report files given to --baseline or merge", () => {
  const truncated = '{"findings": [';
  const v8 = (() => {
    try {
      JSON.parse(truncated);
      return "";
    } catch (error) {
      return (error as Error).message;
    }
  })();

  it("are io errors naming the file when they are not JSON", async () => {
    const file = write("yesterday.json", truncated);
    const error = await failure(readJsonReport(file));
    expect([error.code, error.file, error.issues]).toStrictEqual(["io", file, [{ path: "", message: `not valid JSON: ${v8}` }]]);
  });

  it("are io errors when they cannot be read", async () => {
    const file = join(tmpdir(), "pricelint-nowhere", "yesterday.json");
    const error = await failure(readJsonReport(file));
    expect([error.code, error.file, error.message]).toStrictEqual(["io", file, `${file}: file not found`]);
  });

  it("are usage errors when they are JSON but not pricelint reports", async () => {
    const file = write("results.json", '{"results": []}');
    const document = await readJsonReport(file);
    const baseline = await failure(Promise.resolve().then(() => readBaseline(document, file)));
    const shard = await failure(Promise.resolve().then(() => readReport(document, file)));
    expect([baseline.code, baseline.file, shard.code, shard.file]).toStrictEqual(["usage", file, "usage", file]);
  });

  it("make the CLI exit 2 with one line naming the file", async () => {
    const config = write("pricelint.config.json", JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: "p.csv" }] }));
    writeFileSync(join(config, "..", "p.csv"), "sku,channel,price\nA,web,1.00\n");
    const broken = write("yesterday.json", truncated);
    // Reports are read as they stream: the reader says where the document stops short.
    const line = `pricelint: ${broken}: line 1: not a JSON report: it ends before the document does\n`;
    expect(await runCli(["check", "--config", config, "--baseline", broken, "--no-progress"])).toStrictEqual({
      code: 2,
      stdout: "",
      stderr: line,
    });
    expect(await runCli(["merge", broken])).toStrictEqual({ code: 2, stdout: "", stderr: line });
  });
});
