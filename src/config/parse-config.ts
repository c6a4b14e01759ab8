import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { formatPath, PricelintError } from "../errors.js";
import { configSchema, type Config } from "./schema.js";

/** Parses JSON or YAML text (YAML when the file name says so). Errors name the file and position. */
export function parseDocument(text: string, file: string, code: "config" | "rule"): unknown {
  const yaml = /\.ya?ml$/i.test(file);
  try {
    return yaml ? parseYaml(text, { maxAliasCount: 100, uniqueKeys: true }) : JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    throw new PricelintError(code, `not valid ${yaml ? "YAML" : "JSON"}: ${message}`, file, { cause: error });
  }
}

/** Validates a config object. The error names the file, the path of the first problem and what is wrong. */
export function validateConfig(value: unknown, file: string): Config {
  const result = configSchema.safeParse(value);
  if (!result.success) throw new PricelintError("config", describeIssues(result.error), file);
  return result.data;
}

/** One line per zod issue, `path: message`, the first three issues at most. */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (error.issues.length > 3) lines.push(`(${error.issues.length - 3} more)`);
  return lines.join("; ");
}
