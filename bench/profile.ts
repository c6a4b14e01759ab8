/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by file.
 * Usage: npx tsx bench/profile.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileEntry {
  readonly name: string;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Time of samples with the named function anywhere on their stack (GC samples have no stack). */
  readonly inclusive: readonly ProfileEntry[];
  readonly byFunction: readonly ProfileEntry[];
  readonly byFile: readonly ProfileEntry[];
}

function where(frame: CallFrame): string {
  if (frame.url === "") return "(native)";
  let path = frame.url;
  if (path.startsWith("file://")) path = relative(process.cwd(), fileURLToPath(path));
  return path;
}

/** Pipeline stages of `check`, by function name, for the inclusive figures. */
export const STAGES = [
  "loadFeed",
  "push",
  "read",
  "buildOffer",
  "addOffer",
  "evaluate",
  "evaluatePair",
  "evaluateOffer",
  "report",
  "findingId",
  "compareFindings",
  "summarise",
];

/** Self time per function (`name file:line`) and per file, largest first; inclusive time of `stages`. */
export function summariseProfile(file: string, top = 25, stages: readonly string[] = STAGES): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) byId.set(node.id, node);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    // timeDeltas[i] is the time since the previous sample; attribute the next delta to sample i.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusiveUs = new Map<string, number>(stages.map((name) => [name, 0]));
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const name = frame.functionName;
      if (inclusiveUs.has(name) && !seen.has(name) && !frame.url.startsWith("node:")) {
        seen.add(name);
        inclusiveUs.set(name, inclusiveUs.get(name)! + us);
      }
    }
  }
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const file = where(frame);
    const name = `${frame.functionName || "(anonymous)"} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    files.set(file, (files.get(file) ?? 0) + us);
    total += us;
  }
  const rank = (m: Map<string, number>): ProfileEntry[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: total === 0 ? 0 : us / total }));
  const inclusive = stages.map((name) => {
    const us = inclusiveUs.get(name)!;
    return { name, selfMs: us / 1000, share: total === 0 ? 0 : us / total };
  });
  return { totalMs: total / 1000, inclusive, byFunction: rank(fns), byFile: rank(files) };
}

export function formatProfile(summary: ProfileSummary): string {
  const line = (e: ProfileEntry) => `${(e.selfMs / 1000).toFixed(2).padStart(8)} s ${(e.share * 100).toFixed(1).padStart(5)} %  ${e.name}`;
  return [
    `CPU profile: ${(summary.totalMs / 1000).toFixed(2)} s sampled`,
    "inclusive time of pipeline functions (any non-node: function of that name; GC not included):",
    ...summary.inclusive.map(line),
    "self time by function:",
    ...summary.byFunction.map(line),
    "self time by file:",
    ...summary.byFile.map(line),
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npx tsx bench/profile.ts FILE.cpuprofile [--top N]");
    process.exit(2);
  }
  const topAt = process.argv.indexOf("--top");
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
  console.log(formatProfile(summariseProfile(file, top)));
}
