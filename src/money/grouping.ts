import { formatAmount, type Micros } from "./amount.js";

/**
 * Why an amount written `1.000` or `¥1.500` in a currency without decimals is ambiguous (see
 * feeds/entities.ts groupedAmount): its two readings, and the settings that say which is meant.
 */
export function groupingAmbiguity(value: Micros, currency: string): string {
  const grouped = formatAmount(value * 1000, 0);
  return (
    `${formatAmount(value, 3)} is ambiguous in ${currency}, a currency without decimals: "." may group thousands ` +
    `(${grouped} ${currency}) or be a decimal separator (${formatAmount(value, 0)} ${currency}); set the feed's "decimal" and "thousands"`
  );
}

/**
 * Why a count (stock, a pack's or a promotion's quantities, a priority) written `1.000` or
 * `1.500` in a feed that declares no number format is ambiguous: a count has no decimals, so its
 * `.` is as likely to group thousands (see AmountParser.mayGroup). `value`: the decimal reading.
 */
export function countGroupingAmbiguity(text: string, value: Micros): string {
  return (
    `"${text}" is ambiguous: a count has no decimals, so "." may group thousands (${formatAmount(value * 1000, 0)}) ` +
    `or be a decimal separator (${formatAmount(value, 0)}); set the feed's "decimal" and "thousands"`
  );
}
