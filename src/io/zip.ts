import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { crc32, createInflateRaw } from "node:zlib";
import { PricelintError } from "../model/errors.js";
import { excerpt } from "./limits.js";

/**
 * Reading a zip archive (PKWARE APPNOTE 6.3): its central directory first, then only the entries
 * asked for, each read at its offset and inflated as it streams, with its size and CRC-32 checked.
 * Zip64 archives are read; split archives, encryption and methods other than stored (0) and
 * deflate (8) are refused. Every way an archive can be broken is a PricelintError (`io`) saying
 * what is wrong; the caller's name for the file is added by the loader.
 */

/** Bytes of a file, or of memory, read at offsets. */
export interface RandomAccess {
  readonly size: number;
  /** Up to `length` bytes at `position` (fewer only at the end). */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A file opened for reading at offsets; errors of the file system are left as they are (the loader words them). */
export async function fileAccess(path: string): Promise<RandomAccess> {
  const handle = await open(path, "r");
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    return {
      size: stat.size,
      async read(position, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, stat.size - position)));
        let done = 0;
        while (done < buffer.length) {
          const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buffer.subarray(0, done);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Bytes held in memory, read as a file would be. */
export function memoryAccess(bytes: Uint8Array): RandomAccess {
  return {
    size: bytes.length,
    read: (position, length) => Promise.resolve(bytes.subarray(position, Math.min(bytes.length, position + length))),
    close: () => Promise.resolve(),
  };
}

/** One entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  /** 0: stored, 8: deflate. */
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  /** What it inflates to, as the directory declares: reading it gives exactly this many bytes, or fails. */
  readonly size: number;
  readonly localHeaderOffset: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END_LENGTH = 22;
const ZIP64_LOCATOR_LENGTH = 20;
const MAX_COMMENT = 0xffff;
/** The central directory is read whole: an archive's directory larger than this is not one this reader takes. */
export const MAX_DIRECTORY_BYTES = 16 << 20;
/** Compressed bytes read at once from an entry. */
const READ_CHUNK = 1 << 20;

const cutShort =
  "the zip archive is cut short (its end, the central directory, is missing): the file is truncated; copy or download it again";

/** A zip archive's central directory, and its entries read on demand. */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    private readonly access: RandomAccess,
    readonly entries: readonly ZipEntry[],
  ) {
    // Part names in a package are compared ignoring case (OPC), and some writers use backslashes.
    for (const entry of entries) {
      const key = normalName(entry.name);
      if (!this.byName.has(key)) this.byName.set(key, entry);
    }
  }

  /** Reads the central directory of the archive (the caller closes `access`). */
  static async open(access: RandomAccess): Promise<ZipArchive> {
    const tailLength = Math.min(access.size, END_LENGTH + MAX_COMMENT + ZIP64_LOCATOR_LENGTH);
    const tailStart = access.size - tailLength;
    const tail = await access.read(tailStart, tailLength);
    const view = viewOf(tail);
    let end = -1;
    for (let i = tail.length - END_LENGTH; i >= 0; i--) {
      if (view.getUint32(i, true) === END_OF_DIRECTORY && i + END_LENGTH + view.getUint16(i + 20, true) <= tail.length) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new PricelintError("io", cutShort);
    let count = view.getUint16(end + 10, true);
    let directorySize = view.getUint32(end + 12, true);
    let directoryOffset = view.getUint32(end + 16, true);
    if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0) {
      throw new PricelintError("io", "the zip archive is split over several files (a spanned archive): join it into one file");
    }
    const locator = end - ZIP64_LOCATOR_LENGTH;
    if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR) {
      const recordOffset = bigOffset(view, locator + 8);
      const record = viewOf(await access.read(recordOffset, 56));
      if (record.byteLength < 56 || record.getUint32(0, true) !== ZIP64_END_OF_DIRECTORY) {
        throw new PricelintError("io", "the zip archive is corrupt: its zip64 end of central directory is missing");
      }
      count = bigOffset(record, 32);
      directorySize = bigOffset(record, 40);
      directoryOffset = bigOffset(record, 48);
    }
    if (directoryOffset + directorySize > tailStart + end) throw new PricelintError("io", cutShort);
    if (directorySize > MAX_DIRECTORY_BYTES) {
      throw new PricelintError("io", `the zip archive's central directory is larger than ${MAX_DIRECTORY_BYTES} bytes: not a workbook`);
    }
    const directory = await access.read(directoryOffset, directorySize);
    return new ZipArchive(access, readDirectory(directory, count, access.size));
  }

  /** The entry of that name (ignoring case, `/` or `\`, and a leading `/`), if any. */
  entry(name: string): ZipEntry | undefined {
    return this.byName.get(normalName(name));
  }

  /**
   * The entry's bytes, inflated as they are read; a corrupt, cut short or encrypted entry, one
   * that inflates to more or fewer bytes than it declares, or whose CRC-32 differs, is an io error.
   */
  async *read(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    const what = `the zip entry ${shownName(entry.name)}`;
    if ((entry.flags & 1) !== 0) {
      throw new PricelintError("io", `${what} is encrypted: save the workbook without a password`);
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new PricelintError(
        "io",
        `${what} is compressed with method ${entry.method}, which pricelint does not read (only stored and deflate, as Excel writes)`,
      );
    }
    const header = viewOf(await this.access.read(entry.localHeaderOffset, 30));
    if (header.byteLength < 30) throw new PricelintError("io", cutShort);
    if (header.getUint32(0, true) !== LOCAL_HEADER) {
      throw new PricelintError("io", `the zip archive is corrupt: ${what} does not start where the central directory says`);
    }
    const start = entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
    if (start + entry.compressedSize > this.access.size) {
      throw new PricelintError("io", `${what} is cut short: the file is truncated; copy or download it again`);
    }
    const access = this.access;
    async function* compressed(): AsyncGenerator<Uint8Array> {
      for (let done = 0; done < entry.compressedSize;) {
        const chunk = await access.read(start + done, Math.min(READ_CHUNK, entry.compressedSize - done));
        if (chunk.length === 0) throw new PricelintError("io", `${what} is cut short: the file is truncated; copy or download it again`);
        done += chunk.length;
        yield chunk;
      }
    }
    let size = 0;
    let crc = 0;
    for await (const chunk of entry.method === 8 ? inflate(compressed(), what) : compressed()) {
      size += chunk.length;
      if (size > entry.size) {
        throw new PricelintError("io", `${what} inflates to more than the ${entry.size} bytes it declares: the archive is corrupt`);
      }
      crc = crc32(chunk, crc);
      yield chunk;
    }
    if (size < entry.size) {
      throw new PricelintError("io", `${what} inflates to ${size} bytes, fewer than the ${entry.size} it declares: the archive is corrupt`);
    }
    if (crc !== entry.crc32) {
      throw new PricelintError("io", `${what} is corrupt: its CRC-32 does not match its data`);
    }
  }
}

/** An entry's name as a message shows it: on one line (a name is any bytes the archive holds). */
export function shownName(name: string): string {
  return excerpt(name, 200);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An 8-byte offset or size, refused above 2^53 (no file is that large). */
function bigOffset(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new PricelintError("io", "the zip archive is corrupt: an offset beyond 2^53");
  return Number(value);
}

function normalName(name: string): string {
  let n = name.replaceAll("\\", "/");
  while (n.startsWith("/")) n = n.slice(1);
  return n.toLowerCase();
}

const utf8 = new TextDecoder("utf-8");

/** The entries of a central directory of `count` entries, in an archive of `archiveSize` bytes. */
function readDirectory(directory: Uint8Array, count: number, archiveSize: number): ZipEntry[] {
  const view = viewOf(directory);
  const entries: ZipEntry[] = [];
  let at = 0;
  const corrupt = () => new PricelintError("io", "the zip archive is corrupt: its central directory is damaged");
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || view.getUint32(at, true) !== CENTRAL_HEADER) throw corrupt();
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directory.length) throw corrupt();
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    // Zip64: the fields at their maximum are in the extra field 0x0001, in this order.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = view.getUint16(extra, true);
        const length = view.getUint16(extra + 2, true);
        if (id === 0x0001) {
          let field = extra + 4;
          const take = (): number => {
            if (field + 8 > extra + 4 + length) throw corrupt();
            const value = bigOffset(view, field);
            field += 8;
            return value;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
          break;
        }
        extra += 4 + length;
      }
    }
    if (localHeaderOffset + 30 > archiveSize) {
      throw new PricelintError("io", "the zip archive is corrupt: an entry starts beyond the end of the file");
    }
    entries.push({
      name: utf8.decode(directory.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize,
      size,
      localHeaderOffset,
    });
    at = next;
  }
  return entries;
}

/** Raw deflate data inflated as it streams; a zlib error is an io error saying the entry is corrupt or cut short. */
async function* inflate(source: AsyncIterable<Uint8Array>, what: string): AsyncGenerator<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  const inflater = createInflateRaw({ chunkSize: 64 << 10 });
  input.on("error", (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string" || !code.startsWith("Z_")) throw error;
    if (code === "Z_BUF_ERROR")
      throw new PricelintError("io", `${what} is cut short: its compressed data ends early`, null, { cause: error });
    throw new PricelintError(
      "io",
      `${what} is corrupt: its compressed data is not valid deflate data (${(error as Error).message})`,
      null,
      {
        cause: error,
      },
    );
  } finally {
    input.destroy();
    inflater.destroy();
  }
}
