import type { AsyncBuffer, CompressionCodec, Compressors, DataReader, PageHeader, ParquetType } from "hyparquet";

/**
 * A column chunk's pages checked before the decoder (hyparquet) reads them. The decoder trusts the
 * counts a page gives: a run of the RLE/bit-packed hybrid encoding (definition and repetition
 * levels, dictionary indices, booleans) says how many values it repeats, and the decoder writes
 * that many into an array that grows to hold them, so one corrupt run length of 2^30 exhausts
 * memory before any error can be raised. Here each page's value count is checked against the rows
 * of its row group, and each run against the values its page has left, by walking the run headers
 * as the decoder will (their values are not decoded). A page that fails is an Error saying why.
 */

/** A column chunk of a row group: where it lies in the file, and what its pages hold. */
export interface ParquetChunk {
  /** The column's path, joined with dots. */
  readonly name: string;
  /** Its first byte in the file (its dictionary page's, else its first data page's) and the byte after its last. */
  readonly start: number;
  readonly end: number;
  readonly type: ParquetType;
  readonly codec: CompressionCodec;
  readonly maxDefinition: number;
  readonly maxRepetition: number;
  /** A top-level column that is no list: the decoder stops reading its pages once it has the row group's rows. */
  readonly flat: boolean;
  /** Rows of its row group. */
  readonly rows: number;
}

/** What reading pages takes from the decoder: its page-header parser, and the page decompressors. */
export interface PageReading {
  header(reader: DataReader): PageHeader;
  decompress(codec: CompressionCodec, input: Uint8Array, length: number): Uint8Array;
}

/**
 * A Parquet file as the decoder is to read it: the column chunks it is told to expect are checked
 * (see {@link checkChunk}) as their bytes are read, before the decoder gets them, so that it
 * decodes only bytes that were checked. A chunk the decoder reads in parts is read whole once more
 * to be checked. A page the check decompressed is kept until the decoder asks for it (see
 * {@link CheckedFile.compressors}): a page is decompressed once, not twice.
 */
export class CheckedFile implements AsyncBuffer {
  /** The decompressors to give the decoder: a page the check decompressed is handed over, not decompressed again. */
  readonly compressors: Compressors;
  private unchecked: ParquetChunk[] = [];
  /** Bytes uncompressed the row group's pages may hold, and those of the pages checked so far. */
  private maxBytes = 0;
  private held = 0;
  /** Pages decompressed by the check that the decoder has not asked for yet, by their compressed length. */
  private readonly kept = new Map<number, KeptPage[]>();
  private readonly reading: PageReading;

  constructor(
    private readonly file: AsyncBuffer,
    header: PageReading["header"],
    decompressors: Compressors,
  ) {
    const decompress = (codec: CompressionCodec, input: Uint8Array, length: number): Uint8Array => {
      const decompressor = decompressors[codec];
      if (decompressor === undefined) throw new Error(`no decompressor for ${codec}`);
      return decompressor(input, length);
    };
    this.reading = {
      header,
      decompress: (codec, input, length) => {
        const page = decompress(codec, input, length);
        const same = this.kept.get(input.length);
        if (same) same.push({ codec, input, page });
        else this.kept.set(input.length, [{ codec, input, page }]);
        return page;
      },
    };
    const handed = (codec: CompressionCodec) => (input: Uint8Array, length: number) =>
      this.take(codec, input, length) ?? decompress(codec, input, length);
    this.compressors = Object.fromEntries((Object.keys(decompressors) as CompressionCodec[]).map((codec) => [codec, handed(codec)]));
  }

  get byteLength(): number {
    return this.file.byteLength;
  }

  /** The column chunks of the row group read next, whose pages may hold `maxBytes` uncompressed in all. */
  expect(chunks: readonly ParquetChunk[], maxBytes: number): void {
    this.unchecked = [...chunks];
    this.maxBytes = maxBytes;
    this.held = 0;
    this.kept.clear();
  }

  async slice(start: number, end = this.byteLength): Promise<ArrayBuffer> {
    const buffer = await this.file.slice(start, end);
    for (const chunk of this.unchecked.filter((c) => c.start < end && c.end > start)) {
      const whole = chunk.start >= start && chunk.end <= end;
      const bytes = whole
        ? new Uint8Array(buffer, chunk.start - start, chunk.end - chunk.start)
        : new Uint8Array(await this.file.slice(chunk.start, chunk.end));
      this.unchecked = this.unchecked.filter((c) => c !== chunk);
      this.held = checkChunk(bytes, chunk, this.reading, this.held, this.maxBytes);
    }
    return buffer;
  }

  /** The page the check decompressed from the same bytes (the same input gives the same page), if it is kept: it is kept no longer. */
  private take(codec: CompressionCodec, input: Uint8Array, length: number): Uint8Array | undefined {
    const same = this.kept.get(input.length) ?? [];
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.length);
    const index = same.findIndex(
      (k) => k.codec === codec && k.page.length === length && bytes.equals(Buffer.from(k.input.buffer, k.input.byteOffset, k.input.length)),
    );
    if (index < 0) return undefined;
    return same.splice(index, 1)[0]!.page;
  }
}

/** A page the check decompressed. */
interface KeptPage {
  readonly codec: CompressionCodec;
  readonly input: Uint8Array;
  readonly page: Uint8Array;
}

/** Encodings whose values are an RLE/bit-packed hybrid (booleans for RLE, dictionary indices for the others). */
const HYBRID = new Set(["RLE", "PLAIN_DICTIONARY", "RLE_DICTIONARY"]);

/**
 * Checks the pages of a column chunk, given its bytes, as the decoder will read them, and returns
 * the uncompressed bytes the row group's pages hold with them (`held` before). Throws if a page's
 * counts or runs are corrupt, or if the pages would hold more than `maxBytes` (before decompressing
 * the page that would: the footer's sizes, checked before, may be wrong).
 */
export function checkChunk(bytes: Uint8Array, chunk: ParquetChunk, reading: PageReading, held: number, maxBytes: number): number {
  const reader: DataReader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  // Values of the pages read so far: a row's value each unless the column is a list.
  let values = 0;
  let uncompressed = held;
  for (let page = 1; !(chunk.flat && values >= chunk.rows) && reader.offset < bytes.length - 1; page++) {
    try {
      const header = reading.header(reader);
      const at = reader.offset;
      const size = headerNumber(header.compressed_page_size, "size");
      const length = headerNumber(header.uncompressed_page_size, "size uncompressed");
      if (!(size >= 0 && size <= bytes.length - at)) {
        throw new Error(`its header gives its size as ${size} bytes, and its column chunk has ${bytes.length - at} left`);
      }
      reader.offset += size;
      uncompressed += length;
      if (!(length >= 0 && uncompressed <= maxBytes)) {
        throw new Error(`with its ${length} bytes uncompressed, the row group's pages hold more than ${maxBytes}`);
      }
      // A dictionary page (the decoder reads its values up to its end, no further), or a page the decoder refuses.
      if (header.type !== "DATA_PAGE" && header.type !== "DATA_PAGE_V2") continue;
      const count = headerNumber((header.data_page_header ?? header.data_page_header_v2)?.num_values, "count of values");
      if (!(count >= 0 && count <= (chunk.maxRepetition === 0 ? chunk.rows - values : Infinity))) {
        throw new Error(`it holds ${count} values, and its row group has ${chunk.rows - values} rows left`);
      }
      values += count;
      const raw = bytes.subarray(at, at + size);
      if (header.type === "DATA_PAGE") checkPage(raw, header, count, chunk, reading);
      else checkPageV2(raw, header, count, chunk, reading);
    } catch (error) {
      const where = chunk.flat ? `page ${page}` : `"${chunk.name}" page ${page}`;
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return uncompressed;
}

/** A data page (version 1): its levels and values compressed together, each level section after its 4-byte length. */
function checkPage(raw: Uint8Array, header: PageHeader, count: number, chunk: ParquetChunk, reading: PageReading): void {
  const hybrid = HYBRID.has(header.data_page_header!.encoding);
  if (chunk.maxRepetition === 0 && chunk.maxDefinition === 0 && !hybrid) return;
  const page = decompressed(raw, header.uncompressed_page_size, chunk, reading);
  let at = 0;
  if (chunk.maxRepetition > 0) at = prefixedRuns(page, at, bitWidth(chunk.maxRepetition), count, "repetition levels").end;
  // Values stored in the page: one for each definition level at its maximum (the others are nulls).
  let present = count;
  if (chunk.maxDefinition > 0) {
    const levels = prefixedRuns(page, at, bitWidth(chunk.maxDefinition), count, "definition levels", chunk.maxDefinition);
    at = levels.end;
    present = levels.matching;
  }
  if (!hybrid) return;
  if (chunk.type === "BOOLEAN") prefixedRuns(page, at, 1, present, "values");
  // Indices 0 bits wide (a dictionary of one value) are all 0: the decoder reads no runs.
  else if (at < page.length && page[at] !== 0) indexRuns(page, at, present);
}

/** A data page (version 2): its levels uncompressed, without lengths (the header gives them), before its values. */
function checkPageV2(raw: Uint8Array, header: PageHeader, count: number, chunk: ParquetChunk, reading: PageReading): void {
  const v2 = header.data_page_header_v2!;
  const repetition = headerNumber(v2.repetition_levels_byte_length, "length of repetition levels");
  const definition = headerNumber(v2.definition_levels_byte_length, "length of definition levels");
  const nulls = headerNumber(v2.num_nulls, "count of nulls");
  if (!(nulls >= 0 && nulls <= count)) throw new Error(`it has ${nulls} nulls among its ${count} values`);
  if (!(repetition >= 0 && definition >= 0 && repetition + definition <= raw.length)) {
    throw new Error(`it has ${repetition} + ${definition} bytes of levels, and ${raw.length} bytes in all`);
  }
  if (chunk.maxRepetition > 0) runs(raw, 0, repetition, bitWidth(chunk.maxRepetition), count, "repetition levels");
  let at = repetition;
  if (chunk.maxDefinition > 0) {
    runs(raw, at, at + definition, bitWidth(chunk.maxDefinition), count, "definition levels");
    at += definition;
  }
  if (!HYBRID.has(v2.encoding)) return;
  const length = header.uncompressed_page_size - repetition - definition;
  const page = v2.is_compressed !== false && length !== 0 ? decompressed(raw.subarray(at), length, chunk, reading) : raw.subarray(at);
  const present = count - nulls;
  if (v2.encoding === "RLE") prefixedRuns(page, 0, 1, present, "values");
  else if (page.length > 0) indexRuns(page, 0, present);
}

/** A count or a size a page header gives, which corrupt bytes may have left out or made another type. */
function headerNumber(value: unknown, what: string): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  throw new Error(`its header is corrupt: its ${what} is ${value === undefined ? "missing" : "no integer"}`);
}

/** Dictionary indices: their bit width in a byte, then their runs to the page's end. */
function indexRuns(page: Uint8Array, at: number, count: number): void {
  const width = page[at]!;
  if (width > 32) throw new Error(`its dictionary indices are ${width} bits wide, more than 32`);
  runs(page, at + 1, page.length, width, count, "dictionary indices");
}

/** A page's bytes as the decoder decompresses them, refused when they are not as long as its header says. */
function decompressed(raw: Uint8Array, length: number, chunk: ParquetChunk, reading: PageReading): Uint8Array {
  const page = chunk.codec === "UNCOMPRESSED" ? raw : reading.decompress(chunk.codec, raw, length);
  if (page.length !== length) throw new Error(`it decompresses to ${page.length} bytes, and its header says ${length}`);
  return page;
}

/** The end of a run section, and how many of its values equal the value looked for. */
interface Runs {
  readonly end: number;
  readonly matching: number;
}

/** Runs after a 4-byte length, which the section must hold (levels of a version-1 page, RLE booleans). */
function prefixedRuns(page: Uint8Array, at: number, width: number, count: number, what: string, match = -1): Runs {
  if (page.length - at < 4) throw new Error(`the page ends before the length of its ${what}`);
  const length = new DataView(page.buffer, page.byteOffset + at, 4).getUint32(0, true);
  const start = at + 4;
  if (length > page.length - start) throw new Error(`its ${what} are ${length} bytes long, and the page has ${page.length - start} left`);
  return { end: start + length, matching: runs(page, start, start + length, width, count, what, match) };
}

/**
 * Walks the runs of an RLE/bit-packed hybrid section [from, to) of `width`-bit values as the decoder
 * does, until `count` values are read: a run longer than the values left is corrupt (the decoder
 * would write past them, without bound), and so is a section that ends first (the decoder would
 * read on into other bytes). Gives how many values equal `match`.
 */
function runs(page: Uint8Array, from: number, to: number, width: number, count: number, what: string, match = -1): number {
  let at = from;
  let seen = 0;
  let matching = 0;
  const valueBytes = (width + 7) >> 3;
  while (seen < count) {
    // The run's header: a ULEB128 varint, as the decoder reads it (up to 32 bits).
    let header = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= to) throw new Error(`its ${what} end after ${seen} of its ${count} values`);
      if (shift > 28) throw new Error(`its ${what} hold a run header longer than 5 bytes`);
      const byte = page[at++]!;
      header += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    if (header > 0xffffffff) throw new Error(`its ${what} hold a run header past 32 bits`);
    const length = Math.floor(header / 2);
    if (header % 2 === 0) {
      // A value repeated `length` times.
      if (length > count - seen) throw new Error(`its ${what} hold a run of ${length} values, where ${count - seen} are left`);
      if (to - at < valueBytes) throw new Error(`its ${what} end after ${seen} of its ${count} values`);
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += page[at + i]! * 2 ** (8 * i);
      at += valueBytes;
      if (value === match) matching += length;
      seen += length;
    } else {
      // `length` groups of 8 values, `width` bits each; the decoder drops those past the count (DuckDB writes whole blocks of them).
      const values = length * 8;
      if (values >= 2 ** 31) throw new Error(`its ${what} hold a bit-packed run of ${values} values, more than a page holds`);
      // The decoder reads a run's first byte, if the page has one, whatever its length and width.
      const size = length * width === 0 && at < page.length ? 1 : length * width;
      if (size > to - at) throw new Error(`its ${what} end after ${seen} of its ${count} values`);
      if (match >= 0) matching += packedMatching(page, at, width, Math.min(values, count - seen), match);
      at += size;
      seen = Math.min(seen + values, count);
    }
  }
  return matching;
}

/** How many of the first `count` `width`-bit values packed from `at` (least significant bit first) equal `match`. */
function packedMatching(page: Uint8Array, at: number, width: number, count: number, match: number): number {
  if (width === 1) {
    // One bit a value: count the ones.
    let ones = 0;
    const bytes = count >> 3;
    for (let i = 0; i < bytes; i++) ones += ONES[page[at + i]!]!;
    if (count & 7) ones += ONES[page[at + bytes]! & ((1 << (count & 7)) - 1)]!;
    return match === 1 ? ones : count - ones;
  }
  // Levels are at most 7 bits wide (a schema nests at most 64 levels): a value lies within 4 bytes.
  const mask = (1 << width) - 1;
  let matching = 0;
  for (let i = 0, bit = at * 8; i < count; i++, bit += width) {
    const byte = bit >> 3;
    const word = page[byte]! | ((page[byte + 1] ?? 0) << 8) | ((page[byte + 2] ?? 0) << 16) | ((page[byte + 3] ?? 0) << 24);
    if (((word >>> (bit & 7)) & mask) === match) matching++;
  }
  return matching;
}

/** The number of bits set in each byte. */
const ONES = Uint8Array.from({ length: 256 }, (_, byte) => {
  let ones = 0;
  for (let b = byte; b > 0; b >>= 1) ones += b & 1;
  return ones;
});

/** Bits that hold values up to `max`. */
function bitWidth(max: number): number {
  return 32 - Math.clz32(max);
}
