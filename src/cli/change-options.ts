import { resolve } from "node:path";
import { PricelintError } from "../model/errors.js";
import type { CheckOptions } from "../pipeline/options.js";

/** check's options between runs, as the command line gives them. */
export interface ChangeArgs {
  previous?: string | undefined;
  "previous-at"?: string | undefined;
  feeds?: string | undefined;
  snapshot?: string | undefined;
}

/**
 * The options `--previous` (what `previous` found it to be), `--previous-at`, `--feeds` and
 * `--snapshot` give check; what they cannot mean together is refused.
 */
export function changeOptions(
  args: ChangeArgs,
  previous: CheckOptions["previous"],
  instant: (flag: string, text: string | undefined) => Date | undefined,
): Pick<CheckOptions, "previous" | "previousAt" | "feedsDir" | "snapshot"> {
  const previousAt = instant("previous-at", args["previous-at"]);
  if (previousAt && previous && "snapshot" in previous)
    throw new PricelintError(
      "usage",
      "--previous-at sets the instant of previous feeds; a snapshot carries its own: leave --previous-at out",
    );
  if (previousAt && !previous) throw new PricelintError("usage", "--previous-at goes with --previous");
  if (args.snapshot !== undefined && args.previous !== undefined && resolve(args.snapshot) === resolve(args.previous))
    throw new PricelintError("usage", "--snapshot would overwrite the snapshot --previous reads: write today's to another file");
  return {
    ...(previous ? { previous } : {}),
    ...(previousAt ? { previousAt } : {}),
    ...(args.feeds !== undefined ? { feedsDir: args.feeds } : {}),
    ...(args.snapshot !== undefined ? { snapshot: args.snapshot } : {}),
  };
}

/** The options' lines of check's help. */
export const CHANGE_OPTIONS = {
  feeds: { type: "string", arg: "DIR", help: "read the config's feeds from DIR instead of the config's folder (a dated export)" },
  previous: {
    type: "string",
    arg: "PATH",
    help: "compare with the previous state: a snapshot (--snapshot), a config of the previous feeds,\nor a folder DIR (this config's feeds read from DIR); see docs/changes.md",
  },
  "previous-at": { type: "string", arg: "ISO", help: "the instant previous feeds are resolved at (default: the check instant)" },
  snapshot: { type: "string", arg: "FILE", help: "write a snapshot of the offers at the instant to FILE (gzip), for --previous" },
} as const;
