/**
 * The paged columns and the offer store against plain arrays: whatever values are written, in
 * whatever order of widths, reading gives them back; the store's sku index gives each sku's rows
 * in file order whether or not the feed is grouped by sku.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AmountColumn, hashOf, OffsetColumn, StringTable, UintColumn } from "../src/dataset/columns.js";
import { fnv1a } from "../src/text/hash.js";
import { OfferStore, RowCursor } from "../src/dataset/offer-store.js";
import { blankOfferFields, OfferRecord, type OfferFields } from "../src/model/offer.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_122);
const PAGE = 1 << 16;

/** Rows spread over three pages, so pages are created, skipped and widened. */
const rowArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: PAGE - 5, max: PAGE + 5 }),
  fc.integer({ min: 3 * PAGE, max: 3 * PAGE + 3 }),
);

describe("UintColumn", () => {
  it("reads back what was written, 0 elsewhere, across widths 8, 16 and 32 bits", () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 256, max: 0xffff }),
      fc.integer({ min: 0x10000, max: 0xffffffff }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(rowArb, value), { maxLength: 60 }), (writes) => {
        const column = new UintColumn();
        const model = new Map<number, number>();
        for (const [row, v] of writes) {
          column.set(row, v);
          model.set(row, v);
        }
        for (const [row] of writes) expect(column.get(row)).toBe(model.get(row));
        expect(column.get(PAGE * 2 + 7)).toBe(0);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("AmountColumn", () => {
  it("keeps every amount exactly, null included, whether its page holds hundredths or micros", () => {
    const micros = fc.oneof(
      fc.integer({ min: -2_000_000, max: 2_000_000 }).map((cents) => cents * 10_000),
      fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
      fc.constant(21_474_836_470_000), // 2^31 hundredths: one past what 32 bits hold
      fc.constant(-21_474_836_480_000), // -2^31 hundredths: the null marker, so it must widen
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(rowArb, micros), { maxLength: 60 }), (writes) => {
        const column = new AmountColumn();
        const model = new Map<number, number | null>();
        for (const [row, v] of writes) {
          column.set(row, v);
          model.set(row, v);
        }
        for (const [row] of writes) expect(column.get(row)).toBe(model.get(row));
        expect(column.get(PAGE * 2 + 7)).toBeNull();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("OffsetColumn", () => {
  it("reads back line numbers set in row order, a second feed's lower ones included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 70_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (gaps, feeds) => {
          const column = new OffsetColumn();
          const lines: number[] = [];
          const perFeed = Math.ceil(gaps.length / feeds);
          let line = 1;
          gaps.forEach((gap, i) => {
            if (i % perFeed === 0) line = 2; // a new feed starts again after its header
            line += gap;
            lines.push(line);
          });
          // Rows far apart as well as adjacent: spread over pages.
          lines.forEach((l, row) => column.set(row * 3000, l));
          lines.forEach((l, row) => expect(column.get(row * 3000)).toBe(l));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("StringTable", () => {
  it("tells apart two strings of the same hash and length", () => {
    // FNV-1a gives "S6pfs" and "Snvja" the same 32 bits (found by hashing "S" + base-36 counters
    // until two collided): only their characters tell them apart.
    const table = new StringTable();
    expect([table.id("S6pfs"), table.id("Snvja"), table.id("S6pfs")]).toStrictEqual([1, 2, 1]);
    expect([table.find("Snvja"), table.text(2)]).toStrictEqual([2, "Snvja"]);
  });

  it("numbers like a Map would, through growth, for any strings, whole or in place", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom("", "SKU1", "SKU2", "é", "\u{1F600}", "a\u0000b"),
      fc.nat(5000).map((n) => `S${n}`),
    );
    // Each string asked either whole or in place, inside a longer text (idIn).
    const asked = fc.record({ t: text, before: fc.option(fc.string({ maxLength: 3 })), after: fc.string({ maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(asked, { maxLength: 3000 }), (texts) => {
        const table = new StringTable();
        const model = new Map<string, number>();
        for (const { t, before, after } of texts) {
          if (!model.has(t)) model.set(t, model.size + 1);
          const id = before === null ? table.id(t) : table.idIn(before + t + after, before.length, before.length + t.length);
          expect(id).toBe(model.get(t));
        }
        for (const [t, id] of model) {
          expect(table.find(t)).toBe(id);
          expect(table.idIn(`<${t}>`, 1, t.length + 1)).toBe(id);
          expect(table.text(id)).toBe(t);
        }
        expect(table.find("never seen \u0001")).toBe(0);
        expect(table.size).toBe(model.size + 1);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("numbers strings from 1 in order of first sight and ranks them in code-point order", () => {
    const table = new StringTable();
    for (const text of ["b", "a", "B", "b", "é", "a"]) table.id(text);
    expect([1, 2, 3, 4].map((id) => table.text(id))).toStrictEqual(["b", "a", "B", "é"]);
    expect(table.find("z")).toBe(0);
    expect([...table.sortedIds()].map((id) => table.text(id))).toStrictEqual(["B", "a", "b", "é"]);
    expect([...table.ranks()]).toStrictEqual([0, 3, 2, 1, 4]);
  });
});

describe("OfferStore", () => {
  const offer = (sku: string, channel: string, location: string | null, price: number): OfferFields => ({
    ...blankOfferFields(),
    sku,
    channel,
    location,
    currency: "EUR",
    price,
  });

  it("indexes each sku's rows in file order, grouped by sku, in a few grouped runs or not at all, and marks repeated offers", () => {
    const rowArbitrary = fc.record({
      sku: fc.constantFrom("A", "B", "C", "D"),
      channel: fc.constantFrom("web", "store"),
      location: fc.constantFrom(null, "S1", "S2"),
      price: fc.integer({ min: 1, max: 3 }).map((units) => units * 1_000_000),
    });
    fc.assert(
      // Rows enough for a few runs to be indexed as runs (8 bytes per run and sku, against 4 a row).
      fc.property(
        fc.array(rowArbitrary, { minLength: 40, maxLength: 120 }),
        fc.constantFrom("grouped", "runs", "spread"),
        fc.integer({ min: 2, max: 4 }),
        (rows, layout, runs) => {
          const bySku = (list: typeof rows) => [...list].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
          // "runs": like one file per channel, each grouped by sku (a few runs, each sku's rows together in each).
          const size = Math.ceil(rows.length / runs);
          const input =
            layout === "grouped"
              ? bySku(rows)
              : layout === "runs"
                ? Array.from({ length: runs }, (_, k) => bySku(rows.slice(k * size, (k + 1) * size))).flat()
                : rows;
          const store = new OfferStore();
          const feed = store.addFeed("prices.csv", null);
          input.forEach((r, i) => store.add(offer(r.sku, r.channel, r.location, r.price), feed, i + 2));
          store.index();
          const record = new OfferRecord();
          for (const sku of ["A", "B", "C", "D"]) {
            const expected = input.flatMap((r, i) => (r.sku === sku ? [i] : []));
            const id = store.skus.find(sku);
            if (expected.length === 0) {
              expect(id).toBe(0);
              continue;
            }
            const cursor = store.rowsOf(id, new RowCursor());
            const rowsOfSku: number[] = [];
            while (store.nextStretch(cursor)) for (let i = cursor.from; i < cursor.to; i++) rowsOfSku.push(store.rowAt(i));
            expect(rowsOfSku).toStrictEqual(expected);
            expect(store.rowCount(id)).toBe(expected.length);
            // The first row of each (channel, location) is the offer; later ones are its duplicates.
            const firsts = new Map<string, number>();
            for (const row of expected) {
              const r = input[row]!;
              const key = `${r.channel}|${r.location}`;
              const first = firsts.get(key);
              expect(store.isDuplicate(row)).toBe(first !== undefined);
              if (first === undefined) firsts.set(key, row);
            }
            for (const [key, first] of firsts) {
              const later = expected.filter((row) => `${input[row]!.channel}|${input[row]!.location}` === key && row !== first);
              store.read(first, record);
              expect(record.duplicates?.map((s) => s.line) ?? []).toStrictEqual(later.map((row) => row + 2));
              const conflicting = later.some((row) => input[row]!.price !== input[first]!.price);
              expect(record.conflicts).toStrictEqual(conflicting ? ["price"] : null);
              expect(record.price).toBe(input[first]!.price);
              expect(record.line).toBe(first + 2);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("the string table's inlined hash", () => {
  it("is text/hash.ts's FNV-1a over the same range, as a signed integer", () => {
    // Published FNV-1a 32-bit vectors: "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("xfoobary", 1, 7)).toBe(0xbf9cf968);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.min(text.length, start + (Math.max(a, b) % (text.length + 1)));
        expect(hashOf(text, start, end) >>> 0).toBe(fnv1a(text, start, end));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
