import type { Cell, RawRecord, RecordBatch } from "./record.js";

/**
 * Reads a JSON array of objects, streaming: each element is parsed on its own as soon as it is
 * complete, so a large array never sits in memory whole. A record's line is where its element starts.
 */
export async function* readJsonArray(chunks: AsyncIterable<string>): AsyncGenerator<RecordBatch> {
  const splitter = new JsonArraySplitter();
  const columns = new ColumnSet();
  for await (const chunk of chunks) {
    const records = splitter.push(chunk).map((e) => toRecord(e.text, e.line, columns));
    if (records.length > 0) yield { columns: columns.names, records };
  }
  const tail = splitter.end();
  const records = tail.elements.map((e) => toRecord(e.text, e.line, columns));
  if (tail.problem) records.push({ line: tail.problem.line, cells: [], problem: { reason: tail.problem.reason, column: null } });
  yield { columns: columns.names, records };
}

/** Reads JSON Lines: one object a line; a line that is not an object is a record with a problem. */
export async function* readJsonLines(chunks: AsyncIterable<string>): AsyncGenerator<RecordBatch> {
  const columns = new ColumnSet();
  let carry = "";
  let line = 1;
  const flush = (text: string, final: boolean): RawRecord[] => {
    const out: RawRecord[] = [];
    let pos = 0;
    for (;;) {
      let nl = text.indexOf("\n", pos);
      if (nl < 0) {
        if (!final || pos >= text.length) break;
        nl = text.length;
      }
      const body = text.slice(pos, nl).trim();
      if (body !== "") out.push(toRecord(body, line, columns));
      line++;
      pos = nl + 1;
    }
    carry = pos < text.length ? text.slice(pos) : "";
    return out;
  };
  for await (const chunk of chunks) {
    const records = flush(carry + chunk, false);
    if (records.length > 0) yield { columns: columns.names, records };
  }
  yield { columns: columns.names, records: flush(carry, true) };
}

/** Column names in order of first appearance across the objects of a feed. */
class ColumnSet {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  indexOf(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}

function toRecord(text: string, line: number, columns: ColumnSet): RawRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, cells: [], problem: { reason: `invalid JSON: ${(error as Error).message}`, column: null } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line, cells: [], problem: { reason: "expected a JSON object", column: null } };
  }
  return objectToRecord(value as Record<string, unknown>, line, columns);
}

function objectToRecord(value: Record<string, unknown>, line: number, columns: ColumnSet): RawRecord {
  const cells: Cell[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const column = columns.indexOf(key);
    const cell = toCell(raw);
    if (cell === null) {
      return { line, cells, problem: { reason: `field "${key}" holds a nested object`, column: column + 1 } };
    }
    cells[column] = cell;
  }
  return { line, cells };
}

function toCell(raw: unknown): Cell | null {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  if (Array.isArray(raw)) {
    const items: string[] = [];
    for (const item of raw) {
      if (typeof item === "object" && item !== null) return null;
      items.push(String(item));
    }
    return items;
  }
  return null;
}

interface Element {
  readonly text: string;
  readonly line: number;
}

/** Finds the elements of a top-level JSON array in a stream of text, tracking strings and nesting. */
class JsonArraySplitter {
  private text = "";
  private pos = 0;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private done = false;
  private elementStart = -1;
  private elementLine = 0;
  private problem: { line: number; reason: string } | undefined;

  push(chunk: string): Element[] {
    this.text = this.elementStart >= 0 ? this.text.slice(this.elementStart) + chunk : chunk;
    this.pos = this.elementStart >= 0 ? this.pos - this.elementStart : 0;
    if (this.elementStart >= 0) this.elementStart = 0;
    const out: Element[] = [];
    const text = this.text;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.problem || this.done) {
        if (!this.problem && c !== 10 && c !== 13 && c !== 32 && c !== 9) this.fail("text after the closing ]");
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (!this.started) {
        if (c === 91 /* [ */) this.started = true;
        else this.fail("a JSON feed must be an array of objects");
        continue;
      }
      if (this.depth === 0) {
        if (c === 93 /* ] */) {
          if (this.elementStart >= 0) out.push(this.cut(i));
          this.done = true;
          continue;
        }
        if (c === 44 /* , */) {
          if (this.elementStart >= 0) out.push(this.cut(i));
          continue;
        }
        if (this.elementStart < 0) {
          this.elementStart = i;
          this.elementLine = this.line;
        }
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) this.depth--;
    }
    this.pos = text.length;
    if (this.elementStart < 0) this.text = "";
    return out;
  }

  end(): { elements: Element[]; problem: { line: number; reason: string } | undefined } {
    const elements: Element[] = [];
    if (!this.problem && !this.done) {
      if (!this.started) this.fail("empty JSON feed: expected an array of objects");
      else this.fail("the JSON array is not closed (truncated file?)");
    }
    return { elements, problem: this.problem };
  }

  private cut(end: number): Element {
    const element = { text: this.text.slice(this.elementStart, end), line: this.elementLine };
    this.elementStart = -1;
    return element;
  }

  private fail(reason: string): void {
    this.problem = { line: this.line, reason };
  }
}

/** Turns in-memory objects (API callers' rows) into records, as if read from a JSON feed; line = index + 1. */
export async function* recordsFromObjects(objects: readonly unknown[]): AsyncGenerator<RecordBatch> {
  const columns = new ColumnSet();
  const records = objects.map((o, i) =>
    typeof o === "object" && o !== null && !Array.isArray(o)
      ? objectToRecord(o as Record<string, unknown>, i + 1, columns)
      : { line: i + 1, cells: [], problem: { reason: "expected an object", column: null } },
  );
  yield { columns: columns.names, records };
}
