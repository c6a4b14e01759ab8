import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { PricelintError } from "../model/errors.js";

/** The names of the config `check` reads from a folder when `--config` names none. */
export const DEFAULT_CONFIG_NAMES = ["pricelint.config.json", "pricelint.config.yaml", "pricelint.config.yml"] as const;

/** The default configs (see {@link DEFAULT_CONFIG_NAMES}) that `dir` holds, as paths in it. */
export function defaultConfigsIn(dir = "."): string[] {
  return DEFAULT_CONFIG_NAMES.map((name) => join(dir, name)).filter((path) => existsSync(path));
}

/**
 * The config `check` reads when `--config` names none: the one default config in `dir`. None is
 * a config error; two or three are too, naming them, since reading one would pass over the
 * others without a word (a starter config written beside the user's own).
 */
export function findDefaultConfig(dir = "."): string {
  const found = defaultConfigsIn(dir);
  if (found.length === 1) return found[0]!;
  if (found.length === 0)
    throw new PricelintError("config", "no pricelint.config.json (or .yaml/.yml) in the working directory; pass --config FILE");
  const names = found.map((path) => basename(path));
  const [listed, other] =
    names.length === 2
      ? [`${names[0]} and ${names[1]} are both`, "the other"]
      : [`${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are all`, "the others"];
  throw new PricelintError(
    "config",
    `${listed} in the working directory, and check reads one config: pass --config FILE, or remove ${other}`,
  );
}
