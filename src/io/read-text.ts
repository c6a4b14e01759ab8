import { readFile } from "node:fs/promises";
import { PricelintError } from "../errors.js";

/** Reads a small text file (a config or rule file) whole, as UTF-8. */
export async function readText(path: string, code: "config" | "rule" | "io"): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new PricelintError(code, reason, path, { cause: error });
  }
}
