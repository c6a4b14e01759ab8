import { PricelintError } from "../model/errors.js";
import { MAX_SHARDS } from "../dataset/shard.js";

/**
 * Where an array job's engine says which task this is, and how many there are. Indices are
 * 0-based unless the engine says otherwise; a count the engine does not give is read from
 * PRICELINT_SHARD_COUNT.
 */
interface Convention {
  readonly engine: string;
  /** The variable holding this task's index. */
  readonly index: string;
  /** The task count: a variable the engine sets, or null (PRICELINT_SHARD_COUNT, with the hint). */
  readonly count: string | null;
  /** Where the user finds the count to put in PRICELINT_SHARD_COUNT. */
  readonly countHint: string;
}

const CONVENTIONS: readonly Convention[] = [
  {
    engine: "pricelint (PRICELINT_SHARD_INDEX, 0-based; e.g. GitHub Actions' strategy.job-index)",
    index: "PRICELINT_SHARD_INDEX",
    count: null,
    countHint: "the number of tasks (GitHub Actions: strategy.job-total)",
  },
  {
    engine: "a Kubernetes Indexed Job",
    index: "JOB_COMPLETION_INDEX",
    count: null,
    countHint: "the Job's spec.completions, which Kubernetes does not pass to the pod",
  },
  {
    engine: "an AWS Batch array job",
    index: "AWS_BATCH_JOB_ARRAY_INDEX",
    count: null,
    countHint: "the job's arrayProperties.size, which AWS Batch does not pass to the container",
  },
  { engine: "a Slurm job array", index: "SLURM_ARRAY_TASK_ID", count: "SLURM_ARRAY_TASK_COUNT", countHint: "" },
];

const COUNT = "PRICELINT_SHARD_COUNT";

/** A whole number as written (digits only, at most 6), else null. */
function whole(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (t.length === 0 || t.length > 6) return null;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) < 48 || t.charCodeAt(i) > 57) return null;
  return Number(t);
}

/** A Slurm variable that must be a whole number (`what` it holds, for the message): refused when missing or not one. */
function slurmNumber(env: Readonly<Record<string, string | undefined>>, name: string, engine: string, what: string): number {
  const value = whole(env[name]);
  if (value !== null) return value;
  throw new PricelintError(
    "usage",
    env[name] === undefined
      ? `--shard auto in ${engine}: ${name} (${what}) is not set, so this task's shard is unknown: run it as a task of a Slurm array (sbatch --array=1-N), or give --shard K/N`
      : `--shard auto in ${engine}: ${name} (${what}) is "${env[name]}", not a whole number`,
  );
}

/**
 * `--shard auto`: this task's shard K/N from the environment of the array job it runs in
 * (docs/scale.md). Exactly one engine's index variable must be set: none, or two (which could
 * mean two things), is a usage error naming them; so is a count that is missing, or that
 * PRICELINT_SHARD_COUNT contradicts, an index out of its range, and a Slurm task whose first id
 * (SLURM_ARRAY_TASK_MIN) is not said.
 */
export function shardFromEnvironment(env: Readonly<Record<string, string | undefined>>): string {
  const present = CONVENTIONS.filter((c) => env[c.index] !== undefined);
  if (present.length === 0) {
    throw new PricelintError(
      "usage",
      `--shard auto found no array job's task index: it reads ${CONVENTIONS.map((c) => c.index).join(", ")}; set one, or give --shard K/N`,
    );
  }
  if (present.length > 1) {
    throw new PricelintError(
      "usage",
      `--shard auto found task indices of two kinds of array job (${present.map((c) => `${c.index}=${env[c.index]}`).join(", ")}): it cannot tell which one this run is; give --shard K/N`,
    );
  }
  const convention = present[0]!;
  const rawIndex = env[convention.index];
  let index = whole(rawIndex);
  if (index === null) throw new PricelintError("usage", `--shard auto: ${convention.index} is "${rawIndex}", not a whole number`);
  let count: number | null;
  if (convention.count === null) {
    count = whole(env[COUNT]);
    if (count === null) {
      throw new PricelintError(
        "usage",
        env[COUNT] === undefined
          ? `--shard auto in ${convention.engine}: set ${COUNT} to ${convention.countHint}`
          : `--shard auto: ${COUNT} is "${env[COUNT]}", not a whole number`,
      );
    }
  } else {
    // Slurm numbers tasks from --array's first value (often 1, as --array=1-N), which it always
    // says: without it, task 2 could be shard 2 or 3, so it is not guessed.
    const first = slurmNumber(env, "SLURM_ARRAY_TASK_MIN", convention.engine, "--array's first task id");
    const step = env["SLURM_ARRAY_TASK_STEP"] === undefined ? 1 : slurmNumber(env, "SLURM_ARRAY_TASK_STEP", convention.engine, "the step");
    count = whole(env[convention.count]);
    if (count === null)
      throw new PricelintError("usage", `--shard auto in ${convention.engine}: ${convention.count} is not set to a whole number`);
    // A count given besides the engine's own is either the same or a contradiction: which is meant?
    if (env[COUNT] !== undefined && whole(env[COUNT]) !== count)
      throw new PricelintError(
        "usage",
        `--shard auto in ${convention.engine}: ${COUNT} is "${env[COUNT]}" but ${convention.count} is ${count}: which is the number of shards? Unset ${COUNT} (Slurm gives the count), or give --shard K/N`,
      );
    if (step !== 1) {
      throw new PricelintError(
        "usage",
        `--shard auto in ${convention.engine}: the array steps by ${step} (SLURM_ARRAY_TASK_STEP), so its task ids are not shard numbers; use --array=1-N, or give --shard K/N`,
      );
    }
    const last =
      env["SLURM_ARRAY_TASK_MAX"] === undefined
        ? null
        : slurmNumber(env, "SLURM_ARRAY_TASK_MAX", convention.engine, "--array's last task id");
    if (last !== null && last - first + 1 !== count) {
      throw new PricelintError(
        "usage",
        `--shard auto in ${convention.engine}: its ${count} task ids run from ${first} to ${last} with gaps, so they are not shard numbers; use --array=1-N, or give --shard K/N`,
      );
    }
    index -= first;
  }
  if (count > MAX_SHARDS) {
    const from = convention.count === null ? COUNT : convention.count;
    throw new PricelintError(
      "usage",
      `--shard auto in ${convention.engine}: ${from} is ${count}, more shards than the ${MAX_SHARDS} a run is split into`,
    );
  }
  if (count < 1 || index < 0 || index >= count) {
    throw new PricelintError("usage", `--shard auto in ${convention.engine}: task ${index} (0-based) is outside ${count} tasks`);
  }
  return `${index + 1}/${count}`;
}
