import { foldedName, nfc } from "./keys.js";
import { nearest } from "./nearest.js";

/**
 * Why an `ignoreColumns` entry that names none of `columns` is refused, or null: one spelt near a
 * column of the file (`sale_prize`, `sale-price` beside `sale_price`) is a likely typo, which would
 * leave the column it meant read. One near none is passed over: a pattern's files may differ in
 * their columns, and an entry may say that a constant is meant should a file have its column.
 * `missing` says where the entry is not (`is not in the header`). The row reader judges a header
 * so, and the JSON readers their keys (an ignored key never becomes a column to judge).
 */
export function misspeltIgnored(entries: readonly string[], columns: readonly string[], missing: string): string | null {
  const names = new Set(columns.map(foldedName));
  for (const entry of entries) {
    if (names.has(foldedName(entry))) continue;
    const meant = nearest(nfc(entry), columns.map(nfc));
    if (meant === null) continue;
    return `column "${entry}" (listed in ignoreColumns) ${missing}: did you mean "${meant}"? As written, the entry leaves no column unread`;
  }
  return null;
}

/**
 * The columns an `ignoreColumns` list leaves unread: each column's name in NFC → the entry that
 * names it; or why the list is refused. An entry names its column as a mapping does: the column
 * spelt as it is (in NFC), else the one spelt as it ignoring case. So beside `Price` and `price`,
 * the entry `Price` names `Price` alone, and `price` is read; two columns that differ from the
 * entry in case only, neither as it is (`Price` and `PRICE` for `price`), could each be meant,
 * which is refused rather than guessed. An entry that names no column names nothing (see
 * {@link misspeltIgnored} for one spelt near a column). The row reader decides so from a header,
 * and the Parquet reader from its schema before it reads a value: they must agree on which are read.
 */
export function ignoredColumns(
  entries: readonly string[],
  columns: readonly string[],
): { readonly named: ReadonlyMap<string, string> } | { readonly problem: string } {
  const named = new Map<string, string>();
  if (entries.length === 0) return { named };
  const exact = new Set(columns.map(nfc));
  const folded = new Map<string, string[]>();
  for (const name of exact) {
    const key = foldedName(name);
    const same = folded.get(key);
    if (same === undefined) folded.set(key, [name]);
    else same.push(name);
  }
  for (const entry of entries) {
    const written = nfc(entry);
    const found = exact.has(written) ? [written] : (folded.get(foldedName(written)) ?? []);
    if (found.length > 1) {
      const names = found.map((name) => JSON.stringify(name)).join(" or ");
      return { problem: `the ignoreColumns entry "${entry}" could be column ${names}: list the one meant, as the file writes it` };
    }
    if (found.length === 1 && !named.has(found[0]!)) named.set(found[0]!, entry);
  }
  return { named };
}
