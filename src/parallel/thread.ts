/**
 * A check thread (see threads.ts): checks one shard of the run, posts the report without its
 * findings, then answers requests for the findings, batch by batch, in report order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepare } from "../pipeline/inputs.js";
import type { CheckInput, Progress, StreamedReport } from "../pipeline/options.js";
import { checkInProcess } from "../pipeline/run.js";
import { PricelintError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { findingText } from "../report/finding-text.js";
import { mergeKey, type Batch, type BatchRequest, type ThreadData, type ThreadMessage } from "./threads.js";

/** Findings per batch: enough to make a message worth its cost, few enough to keep both threads busy. */
const BATCH = 2000;

const { input, options, shard, progress, port, posted } = workerData as ThreadData;

try {
  const onProgress = progress ? (p: Progress) => parentPort!.postMessage({ progress: p } satisfies ThreadMessage) : undefined;
  const { report, keyOrder } = await checkInProcess(prepare(input as CheckInput), {
    ...options,
    shard,
    ...(onProgress ? { onProgress } : {}),
  });
  // A shard by key range met rows out of sku order (or families): the main thread checks the run again by hash.
  if (report === null) parentPort!.postMessage({ keyOrder } satisfies ThreadMessage);
  else serve(report);
} catch (error) {
  // A PricelintError goes as its data, and is built again from it; anything else is a bug, with its stack.
  const e = error as Error;
  const message: ThreadMessage =
    error instanceof PricelintError
      ? { error: { code: error.code, file: error.file, issues: error.issues } }
      : { internal: { message: e?.message ?? String(error), stack: e?.stack } };
  parentPort!.postMessage(message);
}

/** Posts the report without its findings, then answers the requests for them, batch by batch. */
function serve({ findings, ...head }: StreamedReport): void {
  parentPort!.postMessage({
    done: { head, byRule: findings.countByRule(), bySeverity: findings.countBySeverity() },
  } satisfies ThreadMessage);
  let generation = 0;
  let iterator: Iterator<Finding> | null = null;
  port.on("message", (request: BatchRequest) => {
    if (request.open) {
      generation = request.generation;
      iterator = findings[Symbol.iterator]();
    }
    const { format } = request;
    const batch: Finding[] = [];
    const texts: string[] = [];
    const keys: string[] = [];
    let end = request.generation !== generation || iterator === null;
    let failure: string | undefined;
    try {
      while (!end && batch.length + keys.length < BATCH) {
        const next = iterator!.next();
        if (next.done) end = true;
        else if (format === null) batch.push(next.value);
        else {
          texts.push(findingText(next.value, format));
          keys.push(mergeKey(next.value));
        }
      }
    } catch (error) {
      // The main thread is waiting for this batch: it must get an answer, never silence.
      failure = (error as Error)?.stack ?? String(error);
      end = true;
    }
    let ends: Int32Array | null = null;
    if (format !== null) {
      ends = new Int32Array(texts.length);
      for (let k = 0, at = 0; k < texts.length; k++) ends[k] = at += texts[k]!.length;
    }
    const message: Batch = {
      generation: request.generation,
      findings: batch,
      texts: texts.join(""),
      ends,
      keys,
      end,
      ...(failure ? { failure } : {}),
    };
    port.postMessage(message);
    Atomics.add(posted, 0, 1);
    Atomics.notify(posted, 0);
  });
}
