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
import { writeFindingText, writtenFindings } from "../report/finding-text.js";
import { utf8, Utf8Out } from "../text/utf8-out.js";
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
        // Each finding's text written into `out` as it is read: sendTexts takes the bytes by batch.
        const out = new Utf8Out(BATCH_BYTES);
        const written = writtenFindings(findings, (finding, built) => {
          writeFindingText(out, finding, format, built);
          return finding;
        });
        return sendTexts(request, out, written[Symbol.iterator](), answer);
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
      bytes: null,
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
 * Sends every finding of one read as texts (UTF-8 bytes, each batch's in a buffer transferred to
 * the main thread), batch by batch, without waiting to be asked: each batch goes as a message
 * while the main thread has fewer than `tuning.ahead` of this thread's batches unread, else into
 * the read's spill file (with its keys: only their ends stay in memory). Without a spill file, or
 * once writing it failed, the thread waits for the main thread to read instead, so memory stays
 * bounded. Stops when the read is cancelled, or when a new one is asked for (the request is then
 * passed to `answer`). Each step of `iterator` writes one finding's text at the end of `out`.
 */
function sendTexts(request: BatchRequest, out: Utf8Out, iterator: Iterator<Finding>, answer: (request: BatchRequest) => void): void {
  let spillFd = request.spillFd ?? -1;
  let offset = 0;
  for (let end = false; !end;) {
    const ends: number[] = [];
    const keys: string[] = [];
    let failure: string | undefined;
    try {
      while (!end && keys.length < tuning.batch) {
        const next = iterator.next();
        if (next.done) end = true;
        else {
          ends.push(out.used);
          keys.push(mergeKey(next.value));
        }
      }
    } catch (error) {
      failure = describe(error);
      end = true;
    }
    // A finding whose writing failed half-way is not among them.
    out.used = ends.length === 0 ? 0 : ends[ends.length - 1]!;
    const bytes = out.take();
    let spilled: Batch["spilled"] = null;
    if (unread() >= tuning.ahead && keys.length > 0) {
      if (spillFd >= 0) {
        try {
          const keyText = utf8(keys.join(""));
          spilled = { offset, keyBytes: keyText.length, keyEnds: runningEnds(keys) };
          offset += writeSpill(spillFd, offset, [bytes, keyText]);
        } catch {
          // A full disk: the rest of this read waits for the main thread instead.
          spillFd = -1;
        }
      }
      if (spilled === null) waitForRoom();
    }
    const batch: Batch = {
      generation: request.generation,
      findings: [],
      bytes: spilled === null ? bytes : null,
      ends: Int32Array.from(ends),
      keys: spilled === null ? keys : [],
      end,
      spilled,
      ...(failure ? { failure } : {}),
    };
    post(batch, spilled === null ? [bytes.buffer as ArrayBuffer] : []);
    if (end) return;
    const message = receiveMessageOnPort(port)?.message as BatchRequest | undefined;
    if (message?.open) return answer(message);
    if (message?.cancel && message.generation === request.generation) return;
  }
}

/** A batch's texts take about 66 KB (the default threadTuning.batch of 100 findings of the JSON report): room for them and one more finding; the buffer grows for more. */
const BATCH_BYTES = 1 << 17;

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

/** Where each key ends in the keys joined (in UTF-16 code units). */
function runningEnds(texts: readonly string[]): Int32Array {
  const ends = new Int32Array(texts.length);
  for (let k = 0, at = 0; k < texts.length; k++) ends[k] = at += texts[k]!.length;
  return ends;
}

function post(batch: Batch, transfer: ArrayBuffer[] = []): void {
  port.postMessage(batch, transfer);
  Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
}

/** The main thread is waiting for a batch: a failure must reach it as an answer, never as silence. */
function describe(error: unknown): string {
  return (error as Error)?.stack ?? String(error);
}
