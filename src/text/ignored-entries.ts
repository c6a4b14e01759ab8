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
