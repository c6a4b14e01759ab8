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
 * Reads and validates a config file (JSON or YAML). With `insideOnly`, a feed or rule path that
 * leaves the config's folder is a config error: for configs that may come from anyone.
 * @example const config = await loadConfig("pricelint.config.json");
 */
export async function loadConfig(path: string, options: { readonly insideOnly?: boolean } = {}): Promise<LoadedConfig> {
  const document = parseDocument(await readText(path, "config"), path, "config");
  // A config from others (insideOnly) names files in its folder only (docs/security.md, "Paths").
  return {
    config: validateConfig(document, path, options.insideOnly ? "inside" : "anywhere"),
    file: path,
    baseDir: dirname(resolve(path)),
  };
}
