import { PricelintError } from "../model/errors.js";
import { DEFAULT_LIMITS, excerpt, invalidUtf8, type ReadLimits } from "./limits.js";
import type { RawRecord, RecordBatch, RowSink } from "./record.js";
import { shownText, hasUndecodable, undecodableAt } from "./undecodable.js";

export interface DelimitedOptions {
  /** One character, e.g. `,` `;` `|` or a tab. */
  readonly delimiter: string;
  /** Physical lines before the header (a title line, a disclaimer). */
  readonly skipLines: number;
  /** Whether a quote opens a quoted cell (RFC 4180; default true); false: quotes are text, a line is split on the delimiter alone. */
  readonly quotes?: boolean | undefined;
  /** Default: {@link DEFAULT_LIMITS}. */
  readonly limits?: ReadLimits | undefined;
  /** Where rows go as they are split (then batches carry none), see {@link RowSink}. */
  readonly sink?: RowSink | undefined;
  /** The text before the part of the file to read, whose header is read and whose other lines are counted only (see FormatReadOptions). */
  readonly before?: AsyncIterable<string> | undefined;
}

/**
 * The text given before a part of a file (`before`) did not end where a record ends (in a quoted
 * cell, a line cut short) or held no header: the part cannot be read on its own.
 */
export class NotARecordStart extends Error {
  constructor(readonly line: number) {
    super(`the part of the file read does not start where a record starts (line ${line})`);
  }
}

const QUOTE = '"';

/**
 * Splits delimited text (CSV, TSV, `|`-separated…) into records, streaming: RFC 4180 quoting
 * with doubled quotes, delimiters and newlines inside quoted fields; LF or CRLF line ends;
 * blank lines (and lines of empty cells only, as spreadsheets export) skipped. The first line after `skipLines` is the header.
 *
 * Lines without a quote take a fast path (`split`); only records with quotes are scanned
 * character by character. A file without a header line is a PricelintError (`io`), which names no file: the loader does.
 */
export async function* readDelimited(chunks: AsyncIterable<string>, options: DelimitedOptions): AsyncGenerator<RecordBatch> {
  const splitter = new DelimitedSplitter(options);
  if (options.before !== undefined) {
    splitter.beginBefore();
    for await (const chunk of options.before) splitter.push(chunk, false);
    splitter.endBefore();
    // Before any of the part's rows: the records before them, which number the part's.
    yield { columns: splitter.columns, headerLine: splitter.headerLine, records: [], recordsBefore: splitter.recordsBefore };
  }
  let yielded = false;
  for await (const chunk of chunks) {
    const records = splitter.push(chunk, false);
    // With a sink the rows are already taken: an empty batch still tells the reader a chunk went by (progress).
    if (records.length > 0 || (options.sink && splitter.headerRead)) {
      yielded = true;
      yield { columns: splitter.columns, headerLine: splitter.headerLine, records };
    }
  }
  const records = splitter.push("", true);
  if (!splitter.headerRead) {
    throw new PricelintError(
      "io",
      options.skipLines > 0
        ? `no header line after skipping ${options.skipLines} line(s) ("skipLines"): the rest of the file is empty or blank`
        : "no header line: the file is empty or blank",
    );
  }
  // At least one batch, so a feed without rows still shows its header.
  if (records.length > 0 || !yielded) yield { columns: splitter.columns, headerLine: splitter.headerLine, records };
}

/**
 * The state machine behind {@link readDelimited}, fed one text chunk at a time.
 *
 * Limits (see {@link ReadLimits}): a record that spans more than `recordChars` characters is
 * rejected — a line that long is dropped unread to its end; a quoted field that runs on that far
 * rejects the line where it opened. A quote is expected to close properly: when the quote that opens
 * a field never closes, or closes on a later line with text after it, the line where it opened is
 * rejected and the next line is read as a record of its own — a stray quote never swallows the rows
 * after it. Every outcome depends on the text alone, never on where chunks end.
 */
export class DelimitedSplitter {
  columns: string[] = [];
  headerRead = false;
  /** The header's line, once read. */
  headerLine = 0;
  private carry = "";
  private line = 1;
  private toSkip: number;
  private readonly quotes: boolean;
  /** Whether the next line taken for the header may still be Excel's `sep=X` line (the first after skipLines). */
  private sepDirective = true;
  private atStart = true;
  /** Dropping the rest of an over-long line: a skipped title line, or a rejected record. */
  private discarding: "title" | "record" | null = null;
  private readonly delimiter: string;
  private readonly maxChars: number;
  private readonly sink: RowSink | null;
  /** Where the cells of a plain line are, for the sink: start and end of each. */
  private bounds = new Int32Array(64);
  private nextDelimiter = -1;
  /** The current text and the next undecodable byte mark (UNDECODABLE) in it at or after the last position asked (text.length: none). */
  private text = "";
  private nextBad = -1;
  /** Reading the text before the part of the file to read: past the header, its lines are counted, not read. */
  private before = false;
  /** The records counted in the text before the part of the file to read. */
  recordsBefore = 0;

  constructor(options: DelimitedOptions) {
    if (options.delimiter.length !== 1 || options.delimiter === QUOTE || options.delimiter === "\n" || options.delimiter === "\r") {
      throw new RangeError(`delimiter must be one character other than a quote or a line break, got ${JSON.stringify(options.delimiter)}`);
    }
    this.delimiter = options.delimiter;
    this.toSkip = options.skipLines;
    this.quotes = options.quotes ?? true;
    this.maxChars = (options.limits ?? DEFAULT_LIMITS).recordChars;
    this.sink = options.sink ?? null;
  }

  /** Adds text; returns the records it completes. With `final`, the rest is flushed. */
  push(chunk: string, final: boolean): RawRecord[] {
    const out: RawRecord[] = [];
    const carry = this.carry;
    this.carry = "";
    const newline = carry === "" || this.discarding !== null ? -1 : chunk.indexOf("\n");
    if (newline < 0) {
      this.scan(carry + chunk, 0, final, out);
      return out;
    }
    // The line begun in the last chunk is completed by this one's first line, and read on its own:
    // the chunk is then read as it is. Text joined to the chunk would be a rope, whose every read
    // (indexOf, charCodeAt, slice) goes through one more hop, and reading it takes twice as long.
    this.scan(carry + chunk.slice(0, newline + 1), 0, false, out);
    if (this.carry === "") this.scan(chunk, newline + 1, final, out);
    else this.scan(this.carry + chunk.slice(newline + 1), 0, final, out);
    return out;
  }

  /** Starts the text before the part of the file to read: it gives the header, and its lines are counted, not read. */
  beginBefore(): void {
    this.before = true;
  }

  /** Ends the text before the part of the file to read, which must end where a record ends, after the header. */
  endBefore(): void {
    this.before = false;
    if (!this.headerRead || this.carry !== "" || this.discarding !== null) throw new NotARecordStart(this.line);
  }

  /** Reads text from `start` into `out`; whatever record it leaves incomplete becomes the carry. */
  private scan(text: string, start: number, final: boolean, out: RawRecord[]): void {
    this.carry = "";
    if (this.atStart && text.length > 0) {
      // A byte order mark opens the text, not the first cell: drop it before a quote can follow it.
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const length = text.length;
    this.text = text;
    this.nextBad = -1;
    this.nextDelimiter = -1;
    let pos = start;
    if (this.discarding !== null) {
      const newline = text.indexOf("\n", pos);
      if (newline < 0) return;
      this.endDiscarded();
      pos = newline + 1;
    }
    for (;;) {
      pos = this.records(text, pos, final, out);
      // The record waiting for more text is already too long: it cannot end well, so settle it now.
      // (One more: the CR of a CRLF whose LF is still to come.)
      if (pos >= length || final || length - pos <= this.maxChars + 1) break;
      pos = this.tooLong(text, pos, false, out);
    }
    this.carry = pos < length ? text.slice(pos) : "";
    this.text = "";
  }

  /** Reads the complete records of text from pos; returns where the first incomplete one starts. */
  private records(text: string, pos: number, final: boolean, out: RawRecord[]): number {
    const length = text.length;
    const delimiter = this.delimiter;
    const max = this.maxChars;
    // Without quoting, no quote opens a cell: every line is a plain one.
    let nextQuote = this.quotes ? text.indexOf(QUOTE, pos) : length;
    if (nextQuote < 0) nextQuote = length;
    while (pos < length) {
      let newline = text.indexOf("\n", pos);
      if (newline < 0) {
        if (!final) break;
        newline = length;
      }
      if (this.toSkip > 0) {
        this.toSkip--;
        this.line++;
        pos = newline + 1;
        continue;
      }
      // The line's own characters: a CR before its LF ends it, as the LF does.
      const end = lineEnd(text, pos, newline);
      if (end - pos > max) {
        pos = this.tooLong(text, pos, final, out);
        continue;
      }
      if (nextQuote < pos) {
        nextQuote = text.indexOf(QUOTE, pos);
        if (nextQuote < 0) nextQuote = length;
      }
      if (nextQuote >= newline) {
        // Before the part to read, a plain line is counted, and goes no further.
        if (this.before && this.headerRead) {
          if (!onlyDelimiters(text, pos, end, delimiter)) this.recordsBefore++;
          this.line++;
          pos = newline + 1;
          continue;
        }
        const plain = this.sink !== null && this.headerRead && end > pos && (this.nextBad >= end || this.badBetween(pos, end) < 0);
        if (plain && this.passed(text, pos, end)) {
          this.line++;
          pos = newline + 1;
          continue;
        }
        const cells = plain ? this.cellBounds(text, pos, end) : 0;
        // After cellBounds, which may have replaced `bounds` with a bigger array.
        if (plain && this.sink!.line(text, this.bounds, cells, this.line)) {
          this.line++;
          pos = newline + 1;
          continue;
        }
        if (end > pos) this.emit(out, { line: this.line, cells: text.slice(pos, end).split(delimiter) }, pos, end);
        this.line++;
        pos = newline + 1;
        continue;
      }
      const consumed = this.quotedRecord(text, pos, final, out);
      if (consumed < 0) break;
      pos = consumed;
    }
    return pos;
  }

  /**
   * Rejects the record at `start`, which spans (or will span) more than the limit, and returns where
   * reading goes on: after its first line, or — when that line itself is too long — after dropping
   * the rest of it.
   */
  private tooLong(text: string, start: number, final: boolean, out: RawRecord[]): number {
    const limit = this.maxChars;
    const newline = text.indexOf("\n", start);
    if (this.toSkip > 0) {
      // A skipped title line longer than the limit: drop it.
      this.discarding = "title";
      if (newline < 0) return text.length;
      this.endDiscarded();
      return newline + 1;
    }
    if (newline < 0 || lineEnd(text, start, newline) - start > limit) {
      if (!this.headerRead)
        throw new PricelintError(
          "io",
          `the header line is longer than ${limit} characters: is the delimiter right, and is this a text file?`,
        );
      this.emit(
        out,
        {
          line: this.line,
          cells: [],
          problem: {
            code: "record_too_long",
            reason: `the line is longer than ${limit} characters, the limit of one record`,
            column: null,
          },
        },
        start,
        start,
      );
      if (newline >= 0) {
        this.line++;
        return newline + 1;
      }
      if (!final) this.discarding = "record";
      return text.length;
    }
    const { cells, column } = openField(text.slice(start, lineEnd(text, start, newline)), this.delimiter);
    const problem: RawRecord["problem"] =
      column > 0
        ? {
            code: "unterminated_quote",
            reason: `unterminated quoted field: the quote that opens column ${column} does not close within ${limit} characters`,
            column,
          }
        : { code: "record_too_long", reason: `the record is longer than ${limit} characters, the limit of one record`, column: null };
    this.emit(out, { line: this.line, cells, problem }, start, start);
    this.line++;
    return newline + 1;
  }

  private endDiscarded(): void {
    if (this.discarding === "title") this.toSkip--;
    this.discarding = null;
    this.line++;
  }

  /** Reads one record that has a quote somewhere; returns where the next starts, or -1 if it needs more text. */
  private quotedRecord(text: string, start: number, final: boolean, out: RawRecord[]): number {
    const delimiter = this.delimiter;
    const length = text.length;
    const over = (end: number) => end - start > this.maxChars;
    const cells: string[] = [];
    let problem: RawRecord["problem"];
    let i = start;
    for (;;) {
      let value = "";
      let bareTail = true; // whether value ends with unquoted text (whose "\r" may belong to a CRLF)
      // `A1, "MI01"`: spaces before a quote open a quoted cell (skipped), else the quotes would be in the key.
      const quoteAt = spacedQuote(text, i, delimiter);
      if (quoteAt > i) i = quoteAt;
      if (text[i] === QUOTE) {
        const column = cells.length + 1;
        let segment = ++i;
        for (;;) {
          const close = text.indexOf(QUOTE, i);
          if (close < 0 || (close === length - 1 && !final)) {
            if (!final) return -1;
            if (over(length)) return this.tooLong(text, start, final, out);
            return this.resync(
              text,
              start,
              cells,
              column,
              `unterminated quoted field: the quote that opens column ${column} is never closed`,
              out,
            );
          }
          if (text[close + 1] === QUOTE) {
            value += text.slice(segment, close + 1);
            i = segment = close + 2;
            continue;
          }
          value += text.slice(segment, close);
          bareTail = false;
          i = close + 1;
          break;
        }
        if (text[i] === " ") {
          // Spaces after the closing quote, up to the cell's end, are skipped as those before it.
          let j = i;
          while (j < length && text[j] === " " && text[j] !== delimiter) j++;
          if (j < length && (text[j] === delimiter || text[j] === "\n" || (text[j] === "\r" && text[j + 1] === "\n"))) i = j;
        }
        if (i < length && text[i] !== delimiter && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) {
          const stop = fieldEnd(text, i, delimiter);
          if (stop < 0 && !final) return -1;
          if (over(stop < 0 ? length : stop)) return this.tooLong(text, start, final, out);
          if (value.includes("\n")) {
            // Closed on a later line, then text: the quote was a stray one, and the lines it took are rows.
            const where = this.line + countNewlines(text, start, i - 1);
            return this.resync(
              text,
              start,
              cells,
              column,
              `unterminated quoted field: the quote that opens column ${column} closes only on line ${where}, followed by unexpected text`,
              out,
            );
          }
          problem ??= { code: "text_after_quote", reason: "unexpected text after a closing quote", column };
          value += text.slice(i, stop < 0 ? length : stop);
          bareTail = true;
          i = stop < 0 ? length : stop;
        }
      } else {
        const stop = fieldEnd(text, i, delimiter);
        if (stop < 0 && !final) return -1;
        value = text.slice(i, stop < 0 ? length : stop);
        i = stop < 0 ? length : stop;
      }
      if (text[i] === "\r" && text[i + 1] === "\n") i++;
      else if (i === length || text[i] === "\n") {
        if (bareTail && value.endsWith("\r")) value = value.slice(0, -1);
      }
      cells.push(value);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (over(text[i] === "\n" ? lineEnd(text, start, i) : i)) return this.tooLong(text, start, final, out);
    const record: RawRecord = problem ? { line: this.line, cells, problem } : { line: this.line, cells };
    this.emit(out, record, start, i);
    this.line += countNewlines(text, start, i) + 1;
    return i + 1;
  }

  /** Rejects the line at `start`, whose quote does not close, with the cells read before the bad field, and goes on at the next line. */
  private resync(text: string, start: number, cells: string[], column: number, reason: string, out: RawRecord[]): number {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    this.emit(out, { line: this.line, cells, problem: { code: "unterminated_quote", reason, column } }, start, end);
    this.line++;
    return end + 1;
  }

  /** Adds a record (text[from, to) is where it was read, to look for undecodable bytes), or takes it as the header. */
  private emit(out: RawRecord[], record: RawRecord, from: number, to: number): void {
    // Almost always: no undecodable bytes at or after `from` in this text, known without a call.
    const bad = this.nextBad >= to ? -1 : this.badBetween(from, to);
    if (!this.headerRead) {
      this.header(record, bad);
      return;
    }
    if (record.cells[0] === "" && !record.problem && record.cells.every((c) => c === "")) return;
    // Before the part to read, a record with quotes (or too long) is read to find where it ends, counted, and dropped.
    if (this.before) {
      this.recordsBefore++;
      return;
    }
    if (bad >= 0 && !record.problem) {
      const index = record.cells.findIndex((c) => typeof c === "string" && hasUndecodable(c));
      const value = index < 0 ? this.text.slice(from, to) : (record.cells[index] as string);
      const problem = { code: "invalid_utf8", reason: invalidUtf8(value), column: index < 0 ? null : index + 1 } as const;
      record = { line: record.line, cells: shownCells(record.cells), problem };
    } else if (record.problem) {
      // Rejected for another reason, its cells (the sku its finding shows) may still hold undecodable bytes.
      record = { ...record, cells: shownCells(record.cells) };
    }
    if (this.sink) this.sink.record(record);
    else out.push(record);
  }

  private header(record: RawRecord, bad: number): void {
    const line = `the header (line ${record.line})`;
    // Excel's `sep=;` first line names the delimiter: passed over when it is the feed's.
    const directive = this.sepDirective ? /^sep=(.)\r?$/.exec(record.cells.join(this.delimiter)) : null;
    this.sepDirective = false;
    if (directive !== null) {
      if (directive[1] === this.delimiter) return;
      throw new PricelintError(
        "io",
        shownText(
          `line ${record.line} is Excel's "sep=${directive[1]}" line: the file's delimiter is ${JSON.stringify(directive[1])}, not ${JSON.stringify(this.delimiter)}; set the feed's "delimiter"`,
        ),
      );
    }
    if (record.problem) throw new PricelintError("io", `${line}: ${record.problem.reason}`);
    // A binary file (NUL bytes) before bytes that are not UTF-8: its encoding is not what is wrong.
    const nul = record.cells.find((c) => typeof c === "string" && c.includes("\0")) as string | undefined;
    if (nul !== undefined) {
      throw new PricelintError(
        "io",
        `${line} holds NUL characters (${JSON.stringify(excerpt(shownText(nul), 20))}): the file looks binary or UTF-16, not UTF-8, latin1 or windows-1252 text`,
      );
    }
    if (bad >= 0) {
      const cell = record.cells.find((c) => typeof c === "string" && hasUndecodable(c)) as string | undefined;
      throw new PricelintError("io", `${line}: ${invalidUtf8(cell ?? "")}`);
    }
    if (record.cells.some((c) => typeof c === "string" && c.replaceAll("\r\n", "").includes("\r"))) {
      // Lines ending in CR alone (classic Mac): the whole file would be one header line and no rows.
      throw new PricelintError(
        "io",
        `${line} holds a carriage return: the file's lines end in CR alone; save it with LF or CRLF line endings`,
      );
    }
    this.headerRead = true;
    this.headerLine = record.line;
    this.columns = record.cells.map((c, index) => {
      const name = typeof c === "string" ? c.trim() : "";
      return index === 0 ? name.replace(/^\uFEFF/, "") : name;
    });
    this.sink?.header(this.columns);
  }

  /** Whether the sink passes over the plain line text[start, end) from its key cell alone. */
  private passed(text: string, start: number, end: number): boolean {
    const sink = this.sink!;
    const column = sink.keyColumn ?? -1;
    if (column < 0) return false;
    let from = start;
    for (let c = 0; c < column; c++) {
      const next = text.indexOf(this.delimiter, from);
      if (next < 0 || next >= end) return false;
      from = next + 1;
    }
    let to = text.indexOf(this.delimiter, from);
    if (to < 0 || to > end) to = end;
    return sink.pass!(text, from, to, this.line);
  }

  /** Finds the cells of the plain line text[start, end) into `bounds`; returns how many. */
  private cellBounds(text: string, start: number, end: number): number {
    const delimiter = this.delimiter;
    let count = 0;
    let from = start;
    for (;;) {
      if (2 * count + 2 > this.bounds.length) {
        const wider = new Int32Array(this.bounds.length * 2);
        wider.set(this.bounds);
        this.bounds = wider;
      }
      // The next delimiter at or after `from`, remembered so that lines without one do not each scan the rest of the text.
      if (this.nextDelimiter < from) {
        this.nextDelimiter = text.indexOf(delimiter, from);
        if (this.nextDelimiter < 0) this.nextDelimiter = text.length;
      }
      const stop = this.nextDelimiter < end ? this.nextDelimiter : end;
      this.bounds[2 * count] = from;
      this.bounds[2 * count + 1] = stop;
      count++;
      if (stop === end) return count;
      from = stop + 1;
    }
  }

  /** Index of the first undecodable byte mark in text[from, to), or -1. Within one push, `from` never goes back before an earlier record's start. */
  private badBetween(from: number, to: number): number {
    if (this.nextBad < from) {
      this.nextBad = undecodableAt(this.text, from);
      if (this.nextBad < 0) this.nextBad = this.text.length;
    }
    return this.nextBad < to ? this.nextBad : -1;
  }
}

/** The cells, each undecodable byte mark shown as U+FFFD: a rejected record's, which only messages and findings show. */
function shownCells(cells: RawRecord["cells"]): RawRecord["cells"] {
  return cells.some((c) => typeof c === "string" && hasUndecodable(c))
    ? cells.map((c) => (typeof c === "string" ? shownText(c) : c))
    : cells;
}

/**
 * Reads one complete line the way {@link DelimitedSplitter} reads a record: the cells before a
 * quoted field still open at the line's end, and that field's 1-based column (0 when none is open).
 */
function openField(line: string, delimiter: string): { cells: string[]; column: number } {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let value = "";
    if (line[i] === QUOTE) {
      let segment = ++i;
      for (;;) {
        const close = line.indexOf(QUOTE, i);
        if (close < 0) return { cells, column: cells.length + 1 };
        if (line[close + 1] === QUOTE) {
          value += line.slice(segment, close + 1);
          i = segment = close + 2;
          continue;
        }
        value += line.slice(segment, close);
        i = close + 1;
        break;
      }
    }
    const stop = line.indexOf(delimiter, i);
    cells.push(value + line.slice(i, stop < 0 ? line.length : stop));
    if (stop < 0) return { cells, column: 0 };
    i = stop + 1;
  }
}

/** Where the line ending at the LF at `newline` ends: before its CR, if it has one (not before `start`). */
function lineEnd(text: string, start: number, newline: number): number {
  return newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
}

/** Index of the delimiter or line feed that ends an unquoted field, or -1 at the end of text. */
function fieldEnd(text: string, from: number, delimiter: string): number {
  const d = text.indexOf(delimiter, from);
  const n = text.indexOf("\n", from);
  if (d < 0) return n;
  if (n < 0) return d;
  return d < n ? d : n;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** Where the quote is when the cell at `i` is spaces then a quote (its opening quote), else `i`. */
function spacedQuote(text: string, i: number, delimiter: string): number {
  let j = i;
  while (text[j] === " " && delimiter !== " ") j++;
  return j > i && text[j] === QUOTE ? j : i;
}

/** Whether the line text[start, end) is the delimiter alone, or nothing: a line of empty cells, which is no record. */
function onlyDelimiters(text: string, start: number, end: number, delimiter: string): boolean {
  for (let i = start; i < end; i++) if (text[i] !== delimiter) return false;
  return true;
}
