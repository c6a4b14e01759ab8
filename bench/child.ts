/** The benchmark's child process (bench/run-check.mjs): started, and its one JSON line read back. */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** What bench/run-check.mjs prints. */
export interface ChildResult {
  readonly node: string;
  readonly wallMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly maxRssKiB: number;
  readonly maxRssBeforeImportKiB: number;
  readonly heapUsedAfterMiB: number;
  readonly heapLimitMiB: number;
  readonly findings: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly summary: { readonly rows: { readonly read: number; readonly accepted: number; readonly rejected: number } };
}

export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly result: ChildResult | null;
}

export function runChild(command: string, args: readonly string[]): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      let result: ChildResult | null = null;
      try {
        result = last.startsWith("{") ? (JSON.parse(last) as ChildResult) : null;
      } catch {
        result = null;
      }
      if (result === null && stdout.trim() !== "") process.stdout.write(stdout);
      resolvePromise({ code, signal, stderr, result });
    });
  });
}
