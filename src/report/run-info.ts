import { createHash } from "node:crypto";
import { REPORT_FORMAT, type RunInfo } from "../model/report.js";

/**
 * What a report says of its run (see {@link RunInfo}): the config's digest is SHA-256 of its JSON
 * with every object's keys sorted, so the same config gives the same digest whatever the key
 * order of its file; `config` is what identifies the run (see pipeline/inputs.ts `runIdentity`:
 * the config, and its rule files' texts). Feeds given in memory are digested as the config names them (by kind):
 * their rows are not, and the report's row counts tell them apart.
 */
export function runInfo(
  config: unknown,
  shard: { readonly index: number; readonly count: number } | null | undefined,
  options?: RunOptionsGiven,
): RunInfo {
  const run = { format: REPORT_FORMAT, config: configDigest(config), shard: shard ? { index: shard.index, count: shard.count } : null };
  return options === undefined ? run : { ...run, ...runOptions(options) };
}

/**
 * What a run's options change of its findings beside its config: the previous state that the
 * change facts compare with, and whether findings carry their explanation (see {@link RunInfo}).
 * `run` records them, and merge refuses shards that differ in them. A report of an earlier
 * pricelint has neither: they are unknown there, and such a report merges only with others that
 * do not know them either.
 */
export type RunOptions = Required<Pick<RunInfo, "previous" | "explain">>;

/**
 * A previous state as given: a snapshot, a folder of the previous feeds or their config, by the
 * path given (shards must be given it by the same path: its contents are not digested), and the
 * instant the feeds are resolved at when one was given.
 */
export type PreviousState = NonNullable<RunInfo["previous"]>;

/** The options of a check that {@link RunOptions} records, as check() takes them. */
export interface RunOptionsGiven {
  readonly previous?: { readonly snapshot: string } | { readonly feeds: string } | { readonly config: string } | undefined;
  readonly previousAt?: Date | undefined;
  readonly explain?: boolean | undefined;
}

/** The {@link RunOptions} of a check's options. */
function runOptions({ previous, previousAt, explain }: RunOptionsGiven): RunOptions {
  const given =
    previous === undefined
      ? null
      : "snapshot" in previous
        ? { snapshot: previous.snapshot }
        : "feeds" in previous
          ? { feeds: previous.feeds }
          : { config: previous.config };
  return {
    previous: given === null ? null : previousAt === undefined ? given : { ...given, at: previousAt.toISOString() },
    explain: explain === true,
  };
}

/**
 * The run of the whole run that shards of `run` make up, as its report writes it: shard null,
 * and the options recorded as the shards recorded them (none when they did not).
 */
export function wholeRun(run: RunInfo): RunInfo {
  return {
    format: run.format,
    config: run.config,
    shard: null,
    ...(run.previous === undefined ? {} : { previous: run.previous }),
    ...(run.explain === undefined ? {} : { explain: run.explain }),
  };
}

/** Whether a report's `run` records its options as pricelint writes them (absent: an earlier pricelint's); anything else was changed. */
export function isRecordedOptions(run: Readonly<Record<string, unknown>>): boolean {
  const { previous, explain } = run;
  if (explain !== undefined && typeof explain !== "boolean") return false;
  if (previous === undefined || previous === null) return true;
  if (typeof previous !== "object") return false;
  const { at, ...state } = previous as Record<string, unknown>;
  const keys = Object.keys(state);
  return (
    (at === undefined || typeof at === "string") &&
    keys.length === 1 &&
    ["snapshot", "feeds", "config"].includes(keys[0]!) &&
    typeof state[keys[0]!] === "string"
  );
}

/** A recorded previous state as a user reads it: `snapshot prev.snap.gz`, `feeds prev at …`, `none`. */
export function describePrevious(previous: PreviousState | null | undefined): string {
  if (previous === undefined) return "not recorded (a report of an earlier pricelint)";
  if (previous === null) return "none";
  const { at, ...state } = previous;
  const [kind, path] = Object.entries(state)[0]!;
  return `${kind} ${JSON.stringify(path)}${at === undefined ? "" : ` at ${at}`}`;
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
