import { statSync } from "node:fs";
import { open } from "node:fs/promises";
import { PricelintError } from "../model/errors.js";
import { MAX_DOCUMENT_BYTES } from "./limits.js";

/**
 * Reads a small text file (a config or rule file) whole, as UTF-8 (a BOM is dropped; invalid UTF-8 is an error). Config and rule files may have
 * at most {@link MAX_DOCUMENT_BYTES}; `io` files (a baseline report) have no limit.
 */
export async function readText(path: string, code: "config" | "rule" | "io"): Promise<string> {
  const max = code === "io" ? Number.POSITIVE_INFINITY : MAX_DOCUMENT_BYTES;
  let handle;
  try {
    refuseUnending(path, code);
    handle = await open(path, "r");
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const buffer = Buffer.alloc(1 << 16);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > max) throw new PricelintError(code, `the file is larger than ${max >> 20} MiB, the limit of a ${code} file`, path);
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    }
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks, size));
    } catch {
      throw new PricelintError(code, "not valid UTF-8 text (config, rule and report files are read as UTF-8)", path);
    }
  } catch (error) {
    if (error instanceof PricelintError) throw error;
    throw new PricelintError(code, describeFileError(error), path, { cause: error });
  } finally {
    await handle?.close();
  }
}

/** A file system error as users read it: `file not found`, `is a directory, not a file`… */
export function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "file not found";
    case "EISDIR":
      return "is a directory, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "file not found (a folder on its path is a file)";
    default:
      return (error as Error).message;
  }
}

/**
 * Refuses a path that is not a regular file (a named pipe, a device such as /dev/zero or
 * /dev/urandom, a socket): such a file may never end, and opening a pipe waits for a writer.
 * Standard input is given as "-", never by a path. A path that cannot be stat'ed is left to the
 * read, which says why. `file`: the name the error gives (null: the caller names the file);
 * `advice`: what to do instead.
 */
export function refuseUnending(
  path: string,
  code: "config" | "rule" | "io" = "io",
  file: string | null = path,
  advice = 'save the data to a file, or pipe it to standard input with the path "-"',
): void {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  if (stats.isFile() || stats.isDirectory()) return;
  const what = stats.isFIFO()
    ? "a named pipe (FIFO)"
    : stats.isCharacterDevice()
      ? "a character device"
      : stats.isBlockDevice()
        ? "a block device"
        : stats.isSocket()
          ? "a socket"
          : "not a regular file";
  throw new PricelintError(code, `is ${what}, not a regular file: it may never end, so pricelint does not read it; ${advice}`, file);
}
