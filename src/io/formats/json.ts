import { readJsonArray } from "../json.js";
import type { TextFormat } from "./format.js";

/** One JSON array of objects, streamed element by element. */
export const json: TextFormat = {
  name: "json",
  extensions: [".json"],
  binary: false,
  options: ["encoding", "decimal", "thousands"],
  fixedWidth: false,
  read: (text, options) => readJsonArray(text, options.limits, options.ignoreColumns),
};
