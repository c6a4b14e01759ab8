/**
 * A check thread (see threads.ts): checks one shard of the run, posts the report without its
 * findings, then answers requests for the findings in report order: batch by batch as objects,
 * or all of them as the texts of a report format, sent unasked.
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { prepare } from "../pipeline/inputs.js";
import type { CheckInput, Progress, StreamedReport } from "../pipeline/options.js";
import { checkInProcess } from "../pipeline/run.js";
import { PricelintError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { findingText, writtenFindings } from "../report/finding-text.js";
import { writeSpill } from "../io/spill-file.js";
import { putBack } from "./sendable-input.js";
import { mergeKey, viewOf, type Batch, type BatchRequest, type ThreadData, type ThreadMessage } from "./threads.js";

const { input, putBacks, options, shard, progress, port, posted, tuning } = workerData as ThreadData;

try {
  putBack(input, putBacks);
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

/** Posts the report without its findings, then answers the requests for them. */
function serve({ findings, ...head }: StreamedReport): void {
  parentPort!.postMessage({
    done: { head, byRule: findings.countByRule(), bySeverity: findings.countBySeverity() },
  } satisfies ThreadMessage);
  let generation = 0;
  let iterator: Iterator<unknown> | null = null;
  const answer = (request: BatchRequest): void => {
    if (request.open) {
      generation = request.generation;
      if (request.format !== null) {
        const format = request.format;
        // One entry, filled again for each finding: sendTexts reads it before asking for the next.
        const entry: { finding: Finding | null; text: string } = { finding: null, text: "" };
        const written = writtenFindings(findings, (finding, built) => {
          entry.finding = finding;
          entry.text = findingText(finding, format, built);
          return entry;
        });
        return sendTexts(request, written[Symbol.iterator](), answer);
      }
      iterator = viewOf(findings, request.view ?? { view: "findings" })[Symbol.iterator]();
    } else if (request.format !== null) return; // a text read's cancel, come after it ended: nothing to stop
    const batch: unknown[] = [];
    let end = request.generation !== generation || iterator === null;
    let failure: string | undefined;
    try {
      while (!end && batch.length < tuning.batch) {
        const next = iterator!.next();
        if (next.done) end = true;
        else batch.push(next.value);
      }
    } catch (error) {
      failure = describe(error);
      end = true;
    }
    post({
      generation: request.generation,
      findings: batch,
      texts: "",
      ends: null,
      keys: [],
      end,
      spilled: null,
      ...(failure ? { failure } : {}),
    });
  };
  port.on("message", answer);
}

/**
 * Sends every finding of one read as texts, batch by batch, without waiting to be asked: each
 * batch goes as a message while the main thread has fewer than `tuning.ahead` of this thread's
 * batches unread, else into the read's spill file (with its keys: only their ends stay in
 * memory). Without a spill file, or once writing it failed, the thread waits for the main thread
 * to read instead, so memory stays bounded. Stops when the read is cancelled, or when a new one
 * is asked for (the request is then passed to `answer`).
 */
function sendTexts(
  request: BatchRequest,
  iterator: Iterator<{ readonly finding: Finding | null; readonly text: string }>,
  answer: (request: BatchRequest) => void,
): void {
  let spillFd = request.spillFd ?? -1;
  let offset = 0;
  for (let end = false; !end;) {
    const texts: string[] = [];
    const keys: string[] = [];
    let failure: string | undefined;
    try {
      while (!end && keys.length < tuning.batch) {
        const next = iterator.next();
        if (next.done) end = true;
        else {
          texts.push(next.value.text);
          keys.push(mergeKey(next.value.finding!));
        }
      }
    } catch (error) {
      failure = describe(error);
      end = true;
    }
    const joined = texts.join("");
    let spilled: Batch["spilled"] = null;
    if (unread() >= tuning.ahead && keys.length > 0) {
      if (spillFd >= 0) {
        try {
          const bytes = writeSpill(spillFd, offset, joined + keys.join(""));
          spilled = { offset, bytes, keyEnds: runningEnds(keys) };
          offset += bytes;
        } catch {
          // A full disk: the rest of this read waits for the main thread instead.
          spillFd = -1;
        }
      }
      if (spilled === null) waitForRoom();
    }
    post({
      generation: request.generation,
      findings: [],
      texts: spilled === null ? joined : "",
      ends: runningEnds(texts),
      keys: spilled === null ? keys : [],
      end,
      spilled,
      ...(failure ? { failure } : {}),
    });
    if (end) return;
    const message = receiveMessageOnPort(port)?.message as BatchRequest | undefined;
    if (message?.open) return answer(message);
    if (message?.cancel && message.generation === request.generation) return;
  }
}

/** The batches this thread has posted that the main thread has not received yet. */
function unread(): number {
  return Atomics.load(posted, 0) - Atomics.load(posted, 2);
}

/** Waits until fewer than `tuning.ahead` of this thread's batches are unread. */
function waitForRoom(): void {
  for (;;) {
    const received = Atomics.load(posted, 2);
    if (Atomics.load(posted, 0) - received < tuning.ahead) return;
    Atomics.wait(posted, 2, received);
  }
}

/** Where each text ends in the texts joined. */
function runningEnds(texts: readonly string[]): Int32Array {
  const ends = new Int32Array(texts.length);
  for (let k = 0, at = 0; k < texts.length; k++) ends[k] = at += texts[k]!.length;
  return ends;
}

function post(batch: Batch): void {
  port.postMessage(batch);
  Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
}

/** The main thread is waiting for a batch: a failure must reach it as an answer, never as silence. */
function describe(error: unknown): string {
  return (error as Error)?.stack ?? String(error);
}
