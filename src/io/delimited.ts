import type { RawRecord, RecordBatch } from "./record.js";

export interface DelimitedOptions {
  /** One character, e.g. `,` `;` `|` or a tab. */
  readonly delimiter: string;
  /** Physical lines before the header (a title line, a disclaimer). */
  readonly skipLines: number;
}

const QUOTE = '"';

/**
 * Splits delimited text (CSV, TSV, `|`-separated…) into records, streaming: RFC 4180 quoting
 * with doubled quotes, delimiters and newlines inside quoted fields; LF or CRLF line ends;
 * blank lines (and lines of empty cells only, as spreadsheets export) skipped. The first line after `skipLines` is the header.
 *
 * Lines without a quote take a fast path (`split`); only records with quotes are scanned
 * character by character.
 */
export async function* readDelimited(chunks: AsyncIterable<string>, options: DelimitedOptions): AsyncGenerator<RecordBatch> {
  const splitter = new DelimitedSplitter(options);
  let yielded = false;
  for await (const chunk of chunks) {
    const records = splitter.push(chunk, false);
    if (records.length > 0) {
      yielded = true;
      yield { columns: splitter.columns, records };
    }
  }
  const records = splitter.push("", true);
  // At least one batch, so a feed without rows still shows its header (or its lack of one).
  if (records.length > 0 || !yielded) yield { columns: splitter.columns, records };
}

/** The state machine behind {@link readDelimited}, fed one text chunk at a time. */
export class DelimitedSplitter {
  columns: string[] = [];
  private carry = "";
  private line = 1;
  private toSkip: number;
  private headerRead = false;
  private atStart = true;
  private readonly delimiter: string;

  constructor(options: DelimitedOptions) {
    if (options.delimiter.length !== 1 || options.delimiter === QUOTE || options.delimiter === "\n" || options.delimiter === "\r") {
      throw new RangeError(`delimiter must be one character other than a quote or a line break, got ${JSON.stringify(options.delimiter)}`);
    }
    this.delimiter = options.delimiter;
    this.toSkip = options.skipLines;
  }

  /** Adds text; returns the records it completes. With `final`, the rest is flushed. */
  push(chunk: string, final: boolean): RawRecord[] {
    let text = this.carry + chunk;
    if (this.atStart && text.length > 0) {
      // A byte order mark opens the text, not the first cell: drop it before a quote can follow it.
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: RawRecord[] = [];
    const delimiter = this.delimiter;
    const length = text.length;
    let pos = 0;
    let nextQuote = text.indexOf(QUOTE);
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
      if (nextQuote < pos) {
        nextQuote = text.indexOf(QUOTE, pos);
        if (nextQuote < 0) nextQuote = length;
      }
      if (nextQuote >= newline) {
        let end = newline;
        if (end > pos && text.charCodeAt(end - 1) === 13) end--;
        if (end > pos) this.emit(out, { line: this.line, cells: text.slice(pos, end).split(delimiter) });
        this.line++;
        pos = newline + 1;
        continue;
      }
      const consumed = this.quotedRecord(text, pos, final, out);
      if (consumed < 0) break;
      pos = consumed;
    }
    this.carry = pos < length ? text.slice(pos) : "";
    return out;
  }

  /** Reads one record that has a quote somewhere; returns where the next starts, or -1 if it needs more text. */
  private quotedRecord(text: string, start: number, final: boolean, out: RawRecord[]): number {
    const delimiter = this.delimiter;
    const length = text.length;
    const cells: string[] = [];
    let problem: RawRecord["problem"];
    let i = start;
    for (;;) {
      let value = "";
      let bareTail = true; // whether value ends with unquoted text (whose "\r" may belong to a CRLF)
      if (text[i] === QUOTE) {
        let segment = ++i;
        for (;;) {
          const close = text.indexOf(QUOTE, i);
          if (close < 0 || (close === length - 1 && !final)) {
            if (!final) return -1;
            problem ??= { reason: "unterminated quoted field", column: cells.length + 1 };
            value += text.slice(segment);
            i = length;
            break;
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
        if (i < length && text[i] !== delimiter && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) {
          problem ??= { reason: "unexpected text after a closing quote", column: cells.length + 1 };
          const stop = fieldEnd(text, i, delimiter);
          if (stop < 0 && !final) return -1;
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
    const record: RawRecord = problem ? { line: this.line, cells, problem } : { line: this.line, cells };
    this.line += countNewlines(text, start, i) + 1;
    this.emit(out, record);
    return i + 1;
  }

  private emit(out: RawRecord[], record: RawRecord): void {
    if (this.headerRead) {
      if (record.cells[0] === "" && !record.problem && record.cells.every((c) => c === "")) return;
      out.push(record);
      return;
    }
    this.headerRead = true;
    this.columns = record.cells.map((c, index) => {
      const name = typeof c === "string" ? c.trim() : "";
      return index === 0 ? name.replace(/^\uFEFF/, "") : name;
    });
  }
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
