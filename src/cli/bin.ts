import { main } from "./run.js";

// A reader that stops early (`pricelint check | head`) closes the pipe: stop quietly, as Unix
// tools do, with the exit code of a broken pipe (128 + SIGPIPE), not with a stack trace.
const BROKEN_PIPE = 141;
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(BROKEN_PIPE);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pricelint: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
