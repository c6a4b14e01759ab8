// The script of a PieceThread (piece-thread.ts): it takes each piece it is handed, counting them
// in state[TAKEN] (state[READY] is set once it has started), and hands the piece's buffer back
// on `port` ({ back }) to be filled again (a buffer left to this thread's collector would wait
// there, tens of megabytes of them, until its next collection). On null it ends: it posts { result } and sets state[END] to 1, or (failed)
// posts { error: { message, code } } and sets state[END] to -1. Each of these steps adds one to
// state[EVENTS], the one entry the other side waits on. Its job (workerData.job):
// - "sha256": hashes the pieces; its result is the digest's hex;
// - "write": writes them one after the other to file descriptor workerData.fd, in writes of
//   workerData.writeBytes at most; its result is null.
// Plain JavaScript, so that the TypeScript sources (the tests) start it as it is; the build makes
// it piece-worker.js beside the bundles.
import { createHash } from "node:crypto";
import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

const EVENTS = 0;
const END = 1;
const TAKEN = 2;
const READY = 3;
const { state, port, job, fd, writeBytes } = workerData;

function sha256() {
  const hash = createHash("sha256");
  return { take: (piece) => hash.update(piece), result: () => hash.digest("hex") };
}

function write() {
  const take = (piece) => {
    for (let done = 0; done < piece.length;) done += writeSync(fd, piece, done, Math.min(writeBytes, piece.length - done));
  };
  return { take, result: () => null };
}

const worker = job === "sha256" ? sha256() : write();

/** One more step taken: the other side, waiting on state[EVENTS], looks again. */
function step() {
  Atomics.add(state, EVENTS, 1);
  Atomics.notify(state, EVENTS);
}

parentPort.on("message", (piece) => {
  if (Atomics.load(state, END) !== 0) return;
  try {
    if (piece !== null) {
      worker.take(piece);
      Atomics.add(state, TAKEN, 1);
      port.postMessage({ back: piece.buffer }, [piece.buffer]);
    } else {
      port.postMessage({ result: worker.result() });
      Atomics.store(state, END, 1);
    }
  } catch (error) {
    port.postMessage({ error: { message: error instanceof Error ? error.message : String(error), code: error?.code } });
    Atomics.store(state, END, -1);
  }
  step();
  // Ended, the thread stops by itself, while the other side goes on: nothing is left to wait for at exit.
  if (Atomics.load(state, END) !== 0) {
    port.close();
    parentPort.close();
  }
});

// Started: the other side, which may be blocked waiting, learns it here (an error starting would reach it only through its event loop).
Atomics.store(state, READY, 1);
step();
