import { readJsonLines } from "../json.js";
import type { TextFormat } from "./format.js";

/** JSON Lines: one object a line. */
export const jsonl: TextFormat = {
  name: "jsonl",
  extensions: [".jsonl", ".ndjson"],
  binary: false,
  options: ["encoding", "decimal", "thousands"],
  fixedWidth: false,
  read: (text, options) => readJsonLines(text, options.limits, options.ignoreColumns),
};
