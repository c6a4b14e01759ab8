/**
 * UTF-8 bytes written piece by piece at the end of one buffer, which grows as needed: a text
 * made of many small pieces (a finding in the JSON report) is encoded as it is written, with
 * no string joining the pieces first. Pieces that come again and again are encoded once and
 * copied (`put`); short ASCII texts are copied code unit by code unit, which costs less than a
 * call to Buffer#write, and anything else goes through Buffer#write.
 */
export class Utf8Out {
  bytes: Buffer;
  used = 0;

  constructor(private readonly size = 1 << 12) {
    this.bytes = Buffer.allocUnsafeSlow(size);
  }

  /** Makes room for `more` bytes after those written. */
  room(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, this.used + more));
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }

  /** Bytes as they are: a piece encoded once (see {@link utf8}). */
  put(piece: Uint8Array): void {
    this.room(piece.length);
    this.bytes.set(piece, this.used);
    this.used += piece.length;
  }

  /** A text in UTF-8, as Buffer#write writes it (a lone surrogate as U+FFFD). */
  text(text: string): void {
    const length = text.length;
    this.room(3 * length);
    const bytes = this.bytes;
    const start = this.used;
    if (length > SHORT) {
      this.used = start + bytes.write(text, start, "utf8");
      return;
    }
    let at = start;
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) {
        this.used = start + bytes.write(text, start, "utf8");
        return;
      }
      bytes[at++] = unit;
    }
    this.used = at;
  }

  /** `JSON.stringify(text)` in UTF-8. */
  json(text: string): void {
    const length = text.length;
    if (length > SHORT) return this.text(JSON.stringify(text));
    this.room(length + 2);
    const bytes = this.bytes;
    const start = this.used;
    let at = start;
    bytes[at++] = QUOTE;
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i);
      // What JSON escapes, and what is not ASCII: JSON.stringify's text, encoded.
      if (unit < 0x20 || unit > 0x7e || unit === QUOTE || unit === BACKSLASH) {
        this.used = start;
        this.text(JSON.stringify(text));
        return;
      }
      bytes[at++] = unit;
    }
    bytes[at++] = QUOTE;
    this.used = at;
  }

  /** A number as JSON writes it. */
  number(value: number): void {
    if (!(value >= 0 && value < 2 ** 31 && value === Math.floor(value) && !Object.is(value, -0))) {
      this.text(JSON.stringify(value));
      return;
    }
    this.room(10);
    const bytes = this.bytes;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = (this.used += digits);
    let rest = value;
    do {
      bytes[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /**
   * The bytes written, given away: later ones go into a new buffer, so the piece is never changed
   * after. The piece's buffer is its own (never Node's shared pool), so it may be transferred to
   * another thread.
   */
  take(): Uint8Array {
    const piece = this.bytes.subarray(0, this.used);
    this.bytes = Buffer.allocUnsafeSlow(this.size);
    this.used = 0;
    return piece;
  }

  /** The text of the bytes written from `start`. */
  textFrom(start: number): string {
    return this.bytes.toString("utf8", start, this.used);
  }
}

/** The text of UTF-8 bytes that end between two characters. */
export const utf8Text = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");

/** Pieces of text, each as text: those given as UTF-8 bytes (ending between two characters) decoded. */
export function* textPieces(pieces: Iterable<string | Uint8Array>): Generator<string> {
  for (const piece of pieces) yield typeof piece === "string" ? piece : utf8Text(piece);
}

/** A constant piece, encoded once for {@link Utf8Out.put}. */
export const utf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");

/** Texts longer than this go through Buffer#write at once: a loop over their code units costs more than the call. */
const SHORT = 64;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
