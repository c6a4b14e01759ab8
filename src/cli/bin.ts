import { main } from "./run.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pricelint: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
