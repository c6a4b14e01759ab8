import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

/** What a thread does with the pieces it is handed (see piece-worker.mjs). */
export type PieceJob =
  /** Hashes them: the result is their SHA-256 in hex. */
  | { readonly job: "sha256" }
  /** Writes them one after the other to an open file descriptor, `writeBytes` at most a write: the result is null. */
  | { readonly job: "write"; readonly fd: number; readonly writeBytes: number };

/**
 * The thread's script: the built `piece-worker.js` beside this bundle, or the source's own
 * (tests); null where it is not there (the library bundled into one file without it).
 */
function script(): URL | null {
  const here = import.meta.url;
  const url = new URL(here.endsWith(".ts") ? "./piece-worker.mjs" : "./piece-worker.js", here);
  return url.protocol === "file:" && existsSync(fileURLToPath(url)) ? url : null;
}

/** The entries of the state shared with the thread (see piece-worker.mjs). */
const EVENTS = 0;
const END = 1;
const TAKEN = 2;
const READY = 3;

/** Pieces handed over and not yet taken, at most: 16 MB of the digest's megabytes, 8 MB of a file's 512 KiB buffers. */
const MAX_AHEAD = 16;
/**
 * How long the thread may go without a step before it is taken for stopped: a thread that dies
 * (out of memory) says nothing to one blocked waiting for it, so the wait must end somewhere.
 */
const STALL_MS = 600_000;
/** How long a thread may take to start (an error starting it would never reach a thread blocked waiting). */
const START_MS = 30_000;

/** Threads started and not yet done: stopped once dropped unfinished (a report given up half-way). */
const unfinished = new FinalizationRegistry<Worker>((worker) => void worker.terminate());

/**
 * A thread of its own that hashes or writes a report's pieces while the thread making them goes
 * on: the maker pays for the hand-over only. Each piece's buffer is transferred, not copied, so
 * it must be the piece's own (never a view into a pool) and never touched again. At most
 * {@link MAX_AHEAD} pieces wait; `add` waits for the thread beyond that, and `finish` for the last.
 */
export class PieceThread {
  /** [EVENTS] the thread's steps, [END] 0 running, 1 done, -1 failed, [TAKEN] the pieces taken, [READY] 1 once started. */
  private readonly state = new Int32Array(new SharedArrayBuffer(16));
  /** When the thread was asked for (see START_MS). */
  private readonly asked = Date.now();
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private sent = 0;
  /** The thread's last message, where {@link reuse} met it first. */
  private last: Exclude<ThreadMessage, { back: ArrayBuffer }> | null = null;

  private constructor(job: PieceJob, script: URL) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // Its standard output and error its own (it writes to neither): left to Node, each would be piped into the
    // process's, adding listeners there until the event loop next runs, past Node's limit when many reports are read at once.
    this.worker = new Worker(script, {
      workerData: { ...job, state: this.state, port: port2 },
      transferList: [port2],
      stdout: true,
      stderr: true,
    });
    // It never keeps the process alive: a run that ends has no use for it.
    this.worker.unref();
    unfinished.register(this, this.worker, this);
  }

  /** A thread for `job`, or null where none can be started (the caller does the job itself). */
  static start(job: PieceJob): PieceThread | null {
    const url = script();
    if (url === null) return null;
    try {
      return new PieceThread(job, url);
    } catch {
      return null;
    }
  }

  /** Hands `piece` over after those before it; its buffer is the thread's from now on. Throws the thread's error, where it failed. */
  add(piece: Uint8Array): void {
    this.waitUntil(() => this.sent - Atomics.load(this.state, TAKEN) < MAX_AHEAD);
    this.worker.postMessage(piece, [piece.buffer as ArrayBuffer]);
    this.sent++;
  }

  /**
   * The buffer of a piece handed over earlier, which the thread is done with, to fill again:
   * the oldest handed back and not yet asked for, or null when there is none (yet).
   */
  reuse(): ArrayBuffer | null {
    const received = receiveMessageOnPort(this.port);
    if (received === undefined) return null;
    const message = received.message as ThreadMessage;
    if ("back" in message) return message.back;
    // The thread's last word, come while pieces are still being handed over: it failed.
    this.last = message;
    return null;
  }

  /** The job's result once every piece handed over is taken (see {@link PieceJob}); the thread stops after it. */
  finish(): unknown {
    this.worker.postMessage(null);
    this.waitUntil(() => false);
    return this.end();
  }

  /** Stops the thread, its result no longer wanted; resolves once it has stopped (it writes nothing after). */
  close(): Promise<unknown> {
    unfinished.unregister(this);
    this.port.close();
    return this.worker.terminate();
  }

  /** Waits until `ready` holds or the thread has ended (throwing where it failed or stalled). */
  private waitUntil(ready: () => boolean): void {
    for (;;) {
      // Read before the test: a step the thread takes after it changes the count, and the wait returns at once.
      const events = Atomics.load(this.state, EVENTS);
      const end = Atomics.load(this.state, END);
      if (end === -1) this.end();
      if (end !== 0 || ready()) return;
      const started = Atomics.load(this.state, READY) === 1;
      const wait = started ? STALL_MS : Math.max(0, this.asked + START_MS - Date.now());
      if (Atomics.wait(this.state, EVENTS, events, wait) === "timed-out") {
        void this.close();
        throw new Error(
          started
            ? `the thread taking the report's pieces made no progress in ${STALL_MS / 1000} s`
            : `the thread taking the report's pieces did not start within ${START_MS / 1000} s`,
        );
      }
    }
  }

  /** The thread's last message, once it has ended (buffers it handed back passed over): its result, or its error, thrown. */
  private end(): unknown {
    let last = this.last;
    while (last === null) {
      const received = receiveMessageOnPort(this.port);
      if (received === undefined) break;
      const message = received.message as ThreadMessage;
      if (!("back" in message)) last = message;
    }
    // Ended, the thread stops by itself (see piece-worker.mjs): it is not waited for.
    unfinished.unregister(this);
    this.port.close();
    if (last === null) throw new Error("the thread taking the report's pieces stopped without a word");
    if ("result" in last) return last.result;
    throw Object.assign(new Error(last.error.message), last.error.code === undefined ? {} : { code: last.error.code });
  }
}

/** What the thread posts (see piece-worker.mjs): a buffer handed back, then its result or its error. */
type ThreadMessage =
  { readonly back: ArrayBuffer } | { readonly result: unknown } | { readonly error: { readonly message: string; readonly code?: string } };

/** A buffer of `bytes` that `thread` is done with (see {@link PieceThread.reuse}), or null; buffers of another size are dropped. */
export function reused(thread: PieceThread, bytes: number): Buffer | null {
  for (let buffer = thread.reuse(); buffer !== null; buffer = thread.reuse()) if (buffer.byteLength === bytes) return Buffer.from(buffer);
  return null;
}
