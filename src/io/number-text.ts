/** The text of a number a format stores typed (a JSON number, a spreadsheet's or Parquet's numeric cell), as a feed's cell. */

/** How a feed writes amounts: its `decimal` setting. A typed number is written in it, so the one amount parser reads it right. */
export type DecimalMark = "." | ",";

/**
 * A number's decimal text (`-12.5`, `1.5E-3`, `2e+21`) in plain notation, the point moved by the
 * exponent in the text itself, never through a double (`1.5E-3` → `0.0015`, `2e+3` → `2000`),
 * with `decimal` as its decimal mark. Text that is not a decimal number is returned as it is.
 */
export function numberText(text: string, decimal: DecimalMark = "."): string {
  const plain = withoutExponent(text);
  return decimal === "." ? plain : plain.replace(".", decimal);
}

const MAX_EXPONENT = 64;

function withoutExponent(text: string): string {
  const e = text.search(/[eE]/);
  if (e < 0) return text;
  const exponent = Number(text.slice(e + 1));
  const mantissa = text.slice(0, e);
  const negative = mantissa.startsWith("-");
  const unsigned = negative || mantissa.startsWith("+") ? mantissa.slice(1) : mantissa;
  const point = unsigned.indexOf(".");
  const digits = point < 0 ? unsigned : unsigned.slice(0, point) + unsigned.slice(point + 1);
  // An exponent beyond any amount's is left for the amount parser to refuse, unexpanded.
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT || !/^\d+$/.test(digits)) return text;
  // Where the point falls among the digits once moved.
  const at = (point < 0 ? unsigned.length : point) + exponent;
  const whole = at <= 0 ? "0" : digits.slice(0, at).padEnd(at, "0");
  const fraction = at <= 0 ? "0".repeat(-at) + digits : digits.slice(at);
  let from = 0;
  while (from < whole.length - 1 && whole[from] === "0") from++;
  let to = fraction.length;
  while (to > 0 && fraction[to - 1] === "0") to--;
  return `${negative ? "-" : ""}${whole.slice(from)}${to === 0 ? "" : `.${fraction.slice(0, to)}`}`;
}
