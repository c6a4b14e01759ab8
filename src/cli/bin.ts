import { main } from "./run.js";

// A reader that stops early (`pricelint check | head`) closes the pipe: stop quietly, as Unix
// tools do, with the exit code of a broken pipe (128 + SIGPIPE), not with a stack trace.
const BROKEN_PIPE = 141;
// Any other write error (a full disk behind `> report.json`) leaves the output cut short: exit 2
// with one line, as a report file that cannot be written does, never 1, which means findings.
const CANNOT_WRITE = 2;
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(BROKEN_PIPE);
    // Standard error itself failing has nowhere left to say so.
    if (stream === process.stdout) process.stderr.write(`pricelint: cannot write to standard output: ${error.message}\n`);
    process.exit(CANNOT_WRITE);
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
