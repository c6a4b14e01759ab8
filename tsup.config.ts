import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts", report: "src/report/index.ts" },
    format: ["esm", "cjs"],
    // import.meta.url finds the check thread's script (thread.js) from the CommonJS build too.
    shims: true,
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  {
    // The script of each worker thread of a run with `workers` (src/parallel/threads.ts), and of
    // the threads hashing and writing a large report (src/io/piece-thread.ts).
    entry: { thread: "src/parallel/thread.ts", "piece-worker": "src/io/piece-worker.mjs" },
    format: ["esm"],
    target: "node20",
  },
  {
    entry: { cli: "src/cli/bin.ts" },
    format: ["esm"],
    banner: { js: "#!/usr/bin/env node" },
    target: "node20",
  },
]);
