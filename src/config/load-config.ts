import { dirname, resolve } from "node:path";
import { readText } from "../io/read-text.js";
import { parseDocument, validateConfig } from "./parse-config.js";
import type { Config } from "./schema.js";
import { PricelintError } from "../model/errors.js";
import { describeValue } from "../text/describe-value.js";
import { nearest } from "../text/nearest.js";

/** A validated config and where it came from: feed and rule paths resolve against `baseDir`. */
export interface LoadedConfig {
  readonly config: Config;
  readonly file: string | null;
  readonly baseDir: string;
}

/**
 * Reads and validates a config file (JSON or YAML). With `insideOnly`, a feed or rule path or a
 * page cache that leaves the config's folder is a config error, and so is a feed that has pages
 * fetched (a URL or `links` as its path): for configs that may come from anyone.
 * @example const config = await loadConfig("pricelint.config.json");
 */
export async function loadConfig(path: string, options: { readonly insideOnly?: boolean } = {}): Promise<LoadedConfig> {
  checkLoadOptions(path, options);
  const document = parseDocument(await readText(path, "config"), path, "config");
  // A config from others (insideOnly) names files in its folder only (docs/security.md, "Paths").
  return {
    config: validateConfig(document, path, options.insideOnly ? "inside" : "anywhere"),
    file: path,
    baseDir: dirname(resolve(path)),
  };
}

/**
 * loadConfig's arguments as its types promise them: a path (a URL or a Buffer is not one), and
 * options of which `insideOnly` alone, a boolean; a misspelt guard would be no guard.
 */
function checkLoadOptions(path: unknown, options: unknown): void {
  const usage = (message: string) => new PricelintError("usage", `loadConfig: ${message}`);
  if (typeof path !== "string" || path === "")
    throw usage(
      `the config's path is a non-empty string, not ${describeValue(path)}${path instanceof URL ? " (give fileURLToPath(url))" : ""}`,
    );
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw usage(`options is an object ({ insideOnly: true }), not ${describeValue(options)}`);
  for (const [key, value] of Object.entries(options)) {
    if (key !== "insideOnly") {
      const hint = nearest(key, ["insideOnly"]);
      throw usage(`unknown option ${JSON.stringify(key)}${hint ? `; did you mean "${hint}"?` : ""}: it takes insideOnly alone`);
    }
    if (typeof value !== "boolean" && value !== undefined) throw usage(`insideOnly is true or false, not ${describeValue(value)}`);
  }
}
