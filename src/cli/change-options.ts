import { refuseChangeConflicts, type ChangeOption } from "../pipeline/check-options.js";
import type { CheckOptions } from "../pipeline/options.js";

/** check's options between runs, as the command line gives them, and the window they cannot go with. */
export interface ChangeArgs {
  previous?: string | undefined;
  "previous-at"?: string | undefined;
  feeds?: string | undefined;
  snapshot?: string | undefined;
  from?: string | undefined;
}

/**
 * The options `--previous` (what `previous` found it to be), `--previous-at`, `--feeds` and
 * `--snapshot` give check; what they cannot mean together, or with `--from/--to`, is refused.
 */
export function changeOptions(
  args: ChangeArgs,
  previous: CheckOptions["previous"],
  instant: (flag: string, text: string | undefined) => Date | undefined,
): Pick<CheckOptions, "previous" | "previousAt" | "feedsDir" | "snapshot"> {
  const previousAt = instant("previous-at", args["previous-at"]);
  // The library's own check, naming the flags (--from goes with --to: a window).
  refuseChangeConflicts({ previous, previousAt, snapshot: args.snapshot, window: args.from !== undefined }, flagName);
  return {
    ...(previous ? { previous } : {}),
    ...(previousAt ? { previousAt } : {}),
    ...(args.feeds !== undefined ? { feedsDir: args.feeds } : {}),
    ...(args.snapshot !== undefined ? { snapshot: args.snapshot } : {}),
  };
}

/** The flag of each option between runs, as refusals name it. */
const FLAGS: { readonly [K in ChangeOption]: string } = {
  previous: "--previous",
  previousAt: "--previous-at",
  feedsDir: "--feeds",
  snapshot: "--snapshot",
  at: "--at",
  window: "--from/--to",
};

/** The flag of an option between runs, as the library's refusals it shares with the command line are given it to name. */
export function flagName(option: ChangeOption): string {
  return FLAGS[option];
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
