import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeRules, type LoadedConfig } from "../check.js";
import { PricelintError } from "../errors.js";
import { mergeReports, readReport } from "../engine/merge.js";
import type { Report } from "../model/report.js";

/**
 * `--workers N`: runs the check as N shards in N processes of this CLI, at one fixed instant or
 * window, and merges their JSON reports — the same report as one process, on more cores.
 */
export async function checkInWorkers(
  loaded: LoadedConfig,
  count: number,
  when: readonly string[],
  explain: boolean,
): Promise<Report> {
  if (loaded.file === null) throw new PricelintError("usage", "--workers needs a config file");
  const dir = await mkdtemp(join(tmpdir(), "pricelint-workers-"));
  try {
    const self = fileURLToPath(import.meta.url);
    // Built, this is dist/cli.js itself; from the sources (tests), run bin.ts through tsx.
    const entry = self.endsWith(".ts") ? join(dirname(self), "bin.ts") : self;
    const loader = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
    const runs = Array.from({ length: count }, (_, i) => {
      const out = join(dir, `shard-${i + 1}.json`);
      const args = [...loader, entry, "check", "--config", resolve(loaded.file!), ...when, "--shard", `${i + 1}/${count}`,
        "--format", `json:${out}`, "--fail-on", "never", "--no-progress", ...(explain ? ["--explain"] : [])];
      return run(args).then((result) => ({ ...result, out }));
    });
    const results = await Promise.all(runs);
    const failed = results.find((r) => r.code !== 0);
    if (failed) throw new PricelintError(failed.code === 2 ? "config" : "io", `a worker failed: ${failed.stderr.trim().replace(/^pricelint: /, "") || `exit ${failed.code}`}`);
    const documents = [];
    for (const { out } of results) documents.push({ file: out, report: readReport(JSON.parse(await readFile(out, "utf8")) as unknown, out) });
    return { ...mergeReports(documents), rules: await describeRules(loaded) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr }));
  });
}
