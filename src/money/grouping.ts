import { formatAmount, type Micros } from "./amount.js";

/**
 * Why an amount written `1.000` or `¥1.500` in a feed that declares no number format (see
 * AmountParser.mayGroup), in a currency without a minor unit (ISO 4217 exponent 0: JPY, KRW, CLP,
 * ISK, VND…, or one the config's `minorUnits` gives 0 decimals), is ambiguous: it is as likely
 * 1000 grouped, as European-locale exports group thousands, as 1 with decimals the currency does
 * not have, so it is refused, never guessed. In a currency with a minor unit (HUF, EUR, or JPY
 * where the config gives it decimals) the `.` is its decimal separator, as the default format
 * says. Its two readings, and the settings that say which is meant.
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
