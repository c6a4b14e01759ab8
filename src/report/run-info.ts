import { createHash } from "node:crypto";
import { REPORT_FORMAT, type RunInfo } from "../model/report.js";

/**
 * What a report says of its run (see {@link RunInfo}): the config's digest is SHA-256 of its JSON
 * with every object's keys sorted, so the same config gives the same digest whatever the key
 * order of its file; `config` is what identifies the run (see pipeline/inputs.ts `runIdentity`:
 * the config, and its rule files' texts). Feeds given in memory are digested as the config names them (by kind):
 * their rows are not, and the report's row counts tell them apart.
 */
export function runInfo(config: unknown, shard: { readonly index: number; readonly count: number } | null | undefined): RunInfo {
  return { format: REPORT_FORMAT, config: configDigest(config), shard: shard ? { index: shard.index, count: shard.count } : null };
}

/** SHA-256 (hex) of a config as canonical JSON: keys sorted; functions and undefined left out. */
export function configDigest(config: unknown): string {
  const hash = createHash("sha256");
  const stack: unknown[] = [config];
  // Iterative, so no config is too deep to digest: strings are pushed as they are to be written.
  while (stack.length > 0) {
    const value = stack.pop();
    if (value instanceof Raw) {
      hash.update(value.text);
      continue;
    }
    if (Array.isArray(value)) {
      const parts: unknown[] = [new Raw("[")];
      value.forEach((item, i) => {
        if (i > 0) parts.push(new Raw(","));
        parts.push(item === undefined || typeof item === "function" ? null : item);
      });
      parts.push(new Raw("]"));
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
      continue;
    }
    if (typeof value === "object" && value !== null && !(value instanceof Date)) {
      const keys = Object.keys(value)
        .filter((k) => {
          const v = (value as Record<string, unknown>)[k];
          return v !== undefined && typeof v !== "function";
        })
        .sort();
      const parts: unknown[] = [new Raw("{")];
      keys.forEach((k, i) => {
        parts.push(new Raw(`${i > 0 ? "," : ""}${JSON.stringify(k)}:`), (value as Record<string, unknown>)[k]);
      });
      parts.push(new Raw("}"));
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
      continue;
    }
    hash.update(JSON.stringify(value) ?? "null");
  }
  return hash.digest("hex");
}

/** Punctuation to write as it is (not a value to serialise). */
class Raw {
  constructor(readonly text: string) {}
}
