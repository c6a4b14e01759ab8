import type { Micros } from "../money/amount.js";
import { detach } from "../text/string-pool.js";
import { FNV_OFFSET_BASIS, FNV_PRIME } from "../text/hash.js";
import { compareText } from "../text/compare.js";

/**
 * Paged columns: one field of millions of rows, kept in typed-array pages of 64 Ki entries
 * rather than in an object per row. A page is allocated when a row in it first gets a value
 * other than the column's default, and is as narrow as its values allow, widened in place when
 * a wider value arrives. Growing never copies the whole column, so memory follows the rows
 * actually held, and the garbage collector never walks them.
 */
const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

type UintPage = Uint8Array | Uint16Array | Uint32Array;

/** Unsigned integers below 2^32 (ids, line numbers); rows never set read 0. */
export class UintColumn {
  private readonly pages: (UintPage | null)[] = [];

  get(row: number): number {
    const page = this.pages[row >>> PAGE_BITS];
    return page == null ? 0 : page[row & PAGE_MASK]!;
  }

  set(row: number, value: number): void {
    const p = row >>> PAGE_BITS;
    let page = this.pages[p];
    if (page == null) {
      if (value === 0) return;
      while (this.pages.length <= p) this.pages.push(null);
      page = this.pages[p] =
        value <= 0xff ? new Uint8Array(PAGE_SIZE) : value <= 0xffff ? new Uint16Array(PAGE_SIZE) : new Uint32Array(PAGE_SIZE);
    }
    const i = row & PAGE_MASK;
    page[i] = value;
    // A value too wide for the page was cut to its low bits: widen the page, then write it again.
    if (page[i] !== value) {
      page = this.pages[p] = value <= 0xffff ? Uint16Array.from(page) : Uint32Array.from(page);
      page[i] = value;
    }
  }
}

/**
 * Unsigned integers that grow slowly with the row, as line numbers do: each page keeps its first
 * value and the others as differences from it, 16 bits wide while they fit.
 */
export class OffsetColumn {
  private readonly bases: number[] = [];
  private readonly offsets = new UintColumn();

  get(row: number): number {
    const base = this.bases[row >>> PAGE_BITS];
    return base === undefined ? 0 : base + this.offsets.get(row);
  }

  /** Rows are set in order; a value below its page's base (a second feed's lines) rebases the page. */
  set(row: number, value: number): void {
    const p = row >>> PAGE_BITS;
    while (this.bases.length <= p) this.bases.push(value);
    const base = this.bases[p]!;
    if (value < base) {
      for (let earlier = p << PAGE_BITS; earlier < row; earlier++) this.offsets.set(earlier, this.offsets.get(earlier) + base - value);
      this.bases[p] = value;
    }
    this.offsets.set(row, value - this.bases[p]!);
  }
}

/** Hundredths in an Int32 page: the common case of amounts with at most two decimals. */
const CENT_MICROS = 10_000;
const NULL_CENTS = -0x80000000;

/**
 * Exact amounts in micros, or null. A page holds hundredths in 32 bits while every amount in it
 * has at most two decimals and stays within ±21 million; the first amount that does not fit
 * turns that page into 64-bit floats holding micros (integers, exact up to 2^53).
 */
export class AmountColumn {
  private readonly pages: (Int32Array | Float64Array | null)[] = [];
  /** Per page: whether it holds hundredths (32-bit) rather than micros (64-bit floats). */
  private readonly cents: boolean[] = [];

  get(row: number): Micros | null {
    const p = row >>> PAGE_BITS;
    const page = this.pages[p];
    if (page == null) return null;
    const raw = page[row & PAGE_MASK]!;
    if (this.cents[p]) return raw === NULL_CENTS ? null : raw * CENT_MICROS;
    return raw !== raw ? null : raw;
  }

  set(row: number, value: Micros | null): void {
    const p = row >>> PAGE_BITS;
    let page = this.pages[p];
    if (page == null) {
      if (value === null) return;
      while (this.pages.length <= p) {
        this.pages.push(null);
        this.cents.push(false);
      }
      page = this.pages[p] = new Int32Array(PAGE_SIZE).fill(NULL_CENTS);
      this.cents[p] = true;
    }
    const i = row & PAGE_MASK;
    if (page instanceof Int32Array) {
      if (value === null) {
        page[i] = NULL_CENTS;
        return;
      }
      const cents = value / CENT_MICROS;
      if (Number.isInteger(cents) && cents > NULL_CENTS && cents <= 0x7fffffff) {
        page[i] = cents;
        return;
      }
      page = this.pages[p] = widen(page);
      this.cents[p] = false;
    }
    page[i] = value ?? Number.NaN;
  }
}

/** Numbers or null (instants in milliseconds): 64-bit float pages, NaN for null; rows never set read null. */
export class NullableNumberColumn {
  private readonly pages: (Float64Array | null)[] = [];

  get(row: number): number | null {
    const page = this.pages[row >>> PAGE_BITS];
    if (page == null) return null;
    const value = page[row & PAGE_MASK]!;
    return value !== value ? null : value;
  }

  set(row: number, value: number | null): void {
    const p = row >>> PAGE_BITS;
    let page = this.pages[p];
    if (page == null) {
      if (value === null) return;
      while (this.pages.length <= p) this.pages.push(null);
      page = this.pages[p] = new Float64Array(PAGE_SIZE).fill(Number.NaN);
    }
    page[row & PAGE_MASK] = value ?? Number.NaN;
  }
}

function widen(page: Int32Array): Float64Array {
  const wide = new Float64Array(PAGE_SIZE);
  for (let i = 0; i < PAGE_SIZE; i++) {
    const cents = page[i]!;
    wide[i] = cents === NULL_CENTS ? Number.NaN : cents * CENT_MICROS;
  }
  return wide;
}

/**
 * FNV-1a over the UTF-16 code units of text[start, end), as a signed 32-bit integer (what a slot
 * holds: "" too): text/hash.ts's fnv1a inlined on the hot path (tests/columns.test.ts checks they agree).
 */
export function hashOf(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET_BASIS | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** A copy of `array` twice as long, for arrays that grow by appending. */
export function doubled<A extends Int32Array | Uint8Array>(array: A): A {
  const grown = new (array.constructor as new (length: number) => A)(array.length * 2);
  grown.set(array);
  return grown;
}

/**
 * Distinct strings numbered from 1 in order of first sight (0 stands for none).
 *
 * An open-addressing hash table of its own rather than a Map: each slot holds a string's hash,
 * id, and where its characters are in one flat array, so a lookup reads a slot and those
 * characters, and never an object. With a million skus spread over a feed, a Map lookup costs
 * several cache misses (about 700 ns a lookup); this one about half that, and less for few strings.
 */
export class StringTable {
  private readonly texts: string[] = [""];
  /** Per slot: hash, id (0: empty slot), offset of its characters in `chars`, length. */
  private slots = new Int32Array(4 * 64);
  private mask = 63;
  private chars = new Uint16Array(1024);
  private charsUsed = 0;

  /** The id of `text`, numbering it if new; `keep` makes the copy stored (e.g. detached from its chunk). */
  id(text: string, keep?: (text: string) => string): number {
    return this.idIn(text, 0, text.length, keep);
  }

  /**
   * The id of text[start, end), numbering it if new: the same as `id(text.slice(start, end))`,
   * but a known string is found in place, and only a new one is cut out.
   */
  idIn(text: string, start: number, end: number, keep?: (text: string) => string): number {
    const hash = hashOf(text, start, end);
    const slot = this.slotOf(text, start, end, hash);
    const found = this.slots[4 * slot + 1]!;
    if (found !== 0) return found;
    const id = this.texts.length;
    const cut = text.slice(start, end);
    this.texts.push(keep ? keep(cut) : cut);
    const length = end - start;
    if (this.charsUsed + length > this.chars.length) {
      const wider = new Uint16Array(Math.max(2 * this.chars.length, this.charsUsed + length));
      wider.set(this.chars);
      this.chars = wider;
    }
    for (let k = 0; k < length; k++) this.chars[this.charsUsed + k] = text.charCodeAt(start + k);
    const at = 4 * slot;
    this.slots[at] = hash;
    this.slots[at + 1] = id;
    this.slots[at + 2] = this.charsUsed;
    this.slots[at + 3] = length;
    this.charsUsed += length;
    if (2 * id > this.mask) this.grow();
    return id;
  }

  /** The id of `text`, or 0 if it was never numbered. */
  find(text: string): number {
    return this.slots[4 * this.slotOf(text, 0, text.length, hashOf(text, 0, text.length)) + 1]!;
  }

  /** The slot holding text[start, end), or the empty slot where it would go. */
  private slotOf(text: string, start: number, end: number, hash: number): number {
    const { slots, chars, mask } = this;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = 4 * slot;
      if (slots[at + 1] === 0) return slot;
      if (slots[at] !== hash || slots[at + 3] !== length) continue;
      const from = slots[at + 2]! - start;
      let k = start;
      while (k < end && chars[from + k] === text.charCodeAt(k)) k++;
      if (k === end) return slot;
    }
  }

  /** Twice the slots, each entry moved by its kept hash (no string is read). */
  private grow(): void {
    const old = this.slots;
    const mask = 2 * (this.mask + 1) - 1;
    const slots = new Int32Array(4 * (mask + 1));
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 1] === 0) continue;
      let slot = old[at]! & mask;
      while (slots[4 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(at, at + 4), 4 * slot);
    }
    this.slots = slots;
    this.mask = mask;
  }

  text(id: number): string | null {
    return id === 0 ? null : this.texts[id]!;
  }

  /** The ids (from 1) in the order of their strings by `<` (UTF-16 code units), as compareFindings sorts. */
  sortedIds(): Int32Array {
    const ids = new Int32Array(this.texts.length - 1).map((_, i) => i + 1);
    const texts = this.texts;
    return ids.sort((a, b) => compareText(texts[a]!, texts[b]!));
  }

  /** The rank of each id's string in that order (index 0: none, rank 0). */
  ranks(): Int32Array {
    const rank = new Int32Array(this.texts.length);
    this.sortedIds().forEach((id, position) => (rank[id] = position + 1));
    return rank;
  }

  /** Numbered strings, plus one (id 0). */
  get size(): number {
    return this.texts.length;
  }
}

/**
 * A one-entry memo in front of a string table: the last text asked and its id. It keeps the
 * table's own copy: the text asked may be a view that keeps a whole chunk of a feed alive.
 */
export class LastId {
  private text: string | null = null;
  private last = 0;

  /** The id of `text` in `table` (numbered if new, a detached copy kept). */
  id(table: StringTable, text: string): number {
    return text === this.text ? this.last : this.remember(table, table.id(text, detach));
  }

  /** The id of text[start, end) in `table`, as {@link StringTable.idIn}. */
  idIn(table: StringTable, text: string, start: number, end: number): number {
    const known = this.text;
    if (known !== null && end - start === known.length && text.startsWith(known, start)) return this.last;
    return this.remember(table, table.idIn(text, start, end, detach));
  }

  private remember(table: StringTable, id: number): number {
    this.last = id;
    this.text = table.text(id);
    return id;
  }
}
