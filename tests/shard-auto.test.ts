/**
 * `--shard auto`: this task's shard K/N from the array job's environment (docs/scale.md), and
 * every environment that could mean nothing, or two things, refused.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { shardFromEnvironment } from "../src/cli/shard-auto.js";
import { runCli } from "./helpers/run-cli.js";

describe("--shard auto reads the array job's environment", () => {
  it.each([
    // Indices are 0-based but Slurm's, which start at --array's first value.
    [{ PRICELINT_SHARD_INDEX: "0", PRICELINT_SHARD_COUNT: "4" }, "1/4"],
    [{ PRICELINT_SHARD_INDEX: "3", PRICELINT_SHARD_COUNT: "4" }, "4/4"],
    [{ JOB_COMPLETION_INDEX: "7", PRICELINT_SHARD_COUNT: "8" }, "8/8"],
    [{ AWS_BATCH_JOB_ARRAY_INDEX: "0", PRICELINT_SHARD_COUNT: "2" }, "1/2"],
    [{ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "16", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "16" }, "1/16"],
    [{ SLURM_ARRAY_TASK_ID: "16", SLURM_ARRAY_TASK_COUNT: "16", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "16" }, "16/16"],
    [{ SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "2" }, "1/3"],
    // A PRICELINT_SHARD_COUNT that says what Slurm says.
    [{ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "1", PRICELINT_SHARD_COUNT: "4" }, "2/4"],
  ])("%j is shard %s", (env, shard) => {
    expect(shardFromEnvironment(env)).toBe(shard);
  });

  it.each([
    [
      {},
      "--shard auto found no array job's task index: it reads PRICELINT_SHARD_INDEX, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID; set one, or give --shard K/N",
    ],
    [
      { JOB_COMPLETION_INDEX: "1", SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4" },
      "--shard auto found task indices of two kinds of array job (JOB_COMPLETION_INDEX=1, SLURM_ARRAY_TASK_ID=2): it cannot tell which one this run is; give --shard K/N",
    ],
    [
      { JOB_COMPLETION_INDEX: "1" },
      "--shard auto in a Kubernetes Indexed Job: set PRICELINT_SHARD_COUNT to the Job's spec.completions, which Kubernetes does not pass to the pod",
    ],
    [
      { AWS_BATCH_JOB_ARRAY_INDEX: "1", PRICELINT_SHARD_COUNT: "0x10" },
      '--shard auto: PRICELINT_SHARD_COUNT is "0x10", not a whole number',
    ],
    [{ PRICELINT_SHARD_INDEX: "-1", PRICELINT_SHARD_COUNT: "4" }, '--shard auto: PRICELINT_SHARD_INDEX is "-1", not a whole number'],
    [{ PRICELINT_SHARD_INDEX: "4", PRICELINT_SHARD_COUNT: "4" }, expect.stringContaining("task 4 (0-based) is outside 4 tasks")],
    [
      {
        SLURM_ARRAY_TASK_ID: "3",
        SLURM_ARRAY_TASK_COUNT: "3",
        SLURM_ARRAY_TASK_MIN: "1",
        SLURM_ARRAY_TASK_MAX: "5",
        SLURM_ARRAY_TASK_STEP: "2",
      },
      "--shard auto in a Slurm job array: the array steps by 2 (SLURM_ARRAY_TASK_STEP), so its task ids are not shard numbers; use --array=1-N, or give --shard K/N",
    ],
    [
      // --array=1,4,9: three tasks, ids with gaps.
      { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "9" },
      "--shard auto in a Slurm job array: its 3 task ids run from 1 to 9 with gaps, so they are not shard numbers; use --array=1-N, or give --shard K/N",
    ],
  ] as const)("%j is refused", (env, message) => {
    expect(() => shardFromEnvironment(env as Record<string, string>)).toThrow(expect.objectContaining({ code: "usage", message }));
  });
});

describe("--shard auto refuses a Slurm environment it would have to guess from", () => {
  const refused = (env: Record<string, string>) => {
    try {
      return shardFromEnvironment(env);
    } catch (error) {
      return (error as Error).message;
    }
  };

  it("U15 a PRICELINT_SHARD_COUNT that contradicts SLURM_ARRAY_TASK_COUNT (shard 2 of 4, or of 8?)", () => {
    expect(
      refused({
        SLURM_ARRAY_TASK_ID: "2",
        SLURM_ARRAY_TASK_MIN: "1",
        SLURM_ARRAY_TASK_MAX: "4",
        SLURM_ARRAY_TASK_COUNT: "4",
        PRICELINT_SHARD_COUNT: "8",
      }),
    ).toBe(
      '--shard auto in a Slurm job array: PRICELINT_SHARD_COUNT is "8" but SLURM_ARRAY_TASK_COUNT is 4: which is the number of shards? Unset PRICELINT_SHARD_COUNT (Slurm gives the count), or give --shard K/N',
    );
  });

  it("U16 no SLURM_ARRAY_TASK_MIN (task 2 of 4 is shard 2 of --array=1-4, shard 3 of --array=0-3), or a MIN, MAX or STEP that is no whole number", () => {
    const task = { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4" };
    expect(refused(task)).toBe(
      "--shard auto in a Slurm job array: SLURM_ARRAY_TASK_MIN (--array's first task id) is not set, so this task's shard is unknown: run it as a task of a Slurm array (sbatch --array=1-N), or give --shard K/N",
    );
    expect(refused({ ...task, SLURM_ARRAY_TASK_MIN: "one" })).toBe(
      `--shard auto in a Slurm job array: SLURM_ARRAY_TASK_MIN (--array's first task id) is "one", not a whole number`,
    );
    expect(refused({ ...task, SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "4.0" })).toBe(
      `--shard auto in a Slurm job array: SLURM_ARRAY_TASK_MAX (--array's last task id) is "4.0", not a whole number`,
    );
    expect(refused({ ...task, SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_STEP: "" })).toBe(
      `--shard auto in a Slurm job array: SLURM_ARRAY_TASK_STEP (the step) is "", not a whole number`,
    );
  });
});

/** The demo checked at its instant, as JSON, whatever it finds. */
const DEMO = [
  "check",
  "--config",
  "fixtures/demo/pricelint.config.json",
  "--at",
  "2026-11-20T00:30:00+01:00",
  "--format",
  "json",
  "--fail-on",
  "never",
];

describe("pricelint check --shard auto", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("checks the shard the environment names, as --shard K/N does", async () => {
    const args = DEMO;
    const explicit = await runCli([...args, "--shard", "2/3"]);
    vi.stubEnv("PRICELINT_SHARD_INDEX", "1");
    vi.stubEnv("PRICELINT_SHARD_COUNT", "3");
    const auto = await runCli([...args, "--shard", "auto"]);
    expect(auto.code).toBe(0);
    const shardOf = (out: string) => (JSON.parse(out) as { run: { shard: unknown } }).run.shard;
    expect(shardOf(auto.stdout)).toStrictEqual({ index: 2, count: 3 });
    expect(auto.stdout).toBe(explicit.stdout);
  });
});

describe("U28 AWS Batch's largest array (10,000 tasks) and beyond", () => {
  afterEach(() => vi.unstubAllEnvs());
  const args = DEMO;

  it("U28 the last task of 10,000 is shard 10000/10000, as --shard 10000/10000 is", async () => {
    vi.stubEnv("AWS_BATCH_JOB_ARRAY_INDEX", "9999");
    vi.stubEnv("PRICELINT_SHARD_COUNT", "10000");
    const auto = await runCli([...args, "--shard", "auto"]);
    expect(auto.code).toBe(0);
    expect((JSON.parse(auto.stdout) as { run: { shard: unknown } }).run.shard).toStrictEqual({ index: 10000, count: 10000 });
    expect((await runCli([...args, "--shard", "10000/10000"])).stdout).toBe(auto.stdout);
  });

  it("U28 more shards than 100,000 are refused naming the variable, and --shard names its bounds", async () => {
    expect(() => shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: "0", PRICELINT_SHARD_COUNT: "100001" })).toThrow(
      "--shard auto in an AWS Batch array job: PRICELINT_SHARD_COUNT is 100001, more shards than the 100000 a run is split into",
    );
    const refused = await runCli([...args, "--shard", "3/2"]);
    expect([refused.code, refused.stderr]).toStrictEqual([
      2,
      'pricelint: --shard takes K/N with 1 ≤ K ≤ N ≤ 100000, e.g. 2/8, not "3/2"\n',
    ]);
  });
});
