import { dirname, resolve } from "node:path";
import { readText } from "../io/read-text.js";
import { parseDocument, validateConfig } from "./parse-config.js";
import type { Config } from "./schema.js";

/** A validated config and where it came from: feed and rule paths resolve against `baseDir`. */
export interface LoadedConfig {
  readonly config: Config;
  readonly file: string | null;
  readonly baseDir: string;
}

/**
 * Reads and validates a config file (JSON or YAML).
 * @example const config = await loadConfig("pricelint.config.json");
 */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const document = parseDocument(await readText(path, "config"), path, "config");
  return { config: validateConfig(document, path), file: path, baseDir: dirname(resolve(path)) };
}
