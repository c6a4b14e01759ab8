/** The text of a number a format stores typed (a JSON number, a spreadsheet's or Parquet's numeric cell), as a feed's cell. */

/** How a feed writes amounts: its `decimal` setting. A typed number is written in it, so the one amount parser reads it right. */
export type DecimalMark = "." | ",";

/**
 * A number's decimal text (`-12.5`, `1.5E-3`, `2e+21`) in plain notation, with `decimal` as its
 * decimal mark (`1.5E-3` → `0,0015` for a feed whose decimal is `,`). Text that is not a decimal
 * number is returned as it is, for the amount parser to judge.
 */
export function numberText(text: string, decimal: DecimalMark = "."): string {
  const plain = plainDecimal(text) ?? text;
  return decimal === "." ? plain : plain.replace(".", decimal);
}

/** Exponents beyond this are not numbers a spreadsheet or a double holds (a double ends near 1e308, 5e-324). */
const MAX_EXPONENT = 400;

/**
 * A stored number's text in plain decimal form: `15.99` as it is, `1.5E-3` as `0.0015`, `-2E2` as
 * `-200`, by moving the point in the digits; null when the text is not a decimal number.
 */
export function plainDecimal(text: string): string | null {
  let i = 0;
  const n = text.length;
  let sign = "";
  if (text[i] === "-" || text[i] === "+") {
    if (text[i] === "-") sign = "-";
    i++;
  }
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const int = text.slice(intStart, i);
  let frac = "";
  if (text[i] === ".") {
    const fracStart = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    frac = text.slice(fracStart, i);
  }
  if (int === "" && frac === "") return null;
  if (i === n) return int === "" || sign === "" ? (sign + (int || "0") + (text.includes(".") ? `.${frac}` : "")).replace(/\.$/, "") : text;
  if (text[i] !== "e" && text[i] !== "E") return null;
  i++;
  let negative = false;
  if (text[i] === "-" || text[i] === "+") negative = text[i++] === "-";
  const expStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i !== n || i === expStart || i - expStart > 4) return null;
  const exponent = (negative ? -1 : 1) * Number(text.slice(expStart));
  if (Math.abs(exponent) > MAX_EXPONENT) return null;
  const digits = int + frac;
  const point = int.length + exponent;
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = "0";
    fraction = "0".repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + "0".repeat(point - digits.length);
    fraction = "";
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, "");
  return sign + whole + (fraction === "" ? "" : `.${fraction}`);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Digits of a number's text from its first to its last non-zero digit (`-0.00120e5` has 2). */
export function significantDigits(text: string): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 /* e */ || c === 69 /* E */) break;
    if (c < 48 || c > 57) continue;
    if (c !== 48) {
      if (first < 0) first = count;
      last = count;
    }
    count++;
  }
  return first < 0 ? 0 : last - first + 1;
}

/**
 * A plain decimal text as the number it is, without the zeros that end its fraction (`2.9900` →
 * `2.99`, `5.000` → `5`, `-0.0` → `0`): a typed number's stored value, whose trailing zeros are
 * its storage's (a DECIMAL's scale, a writer's format), not decimals its author wrote.
 */
export function withoutTrailingZeros(text: string): string {
  if (!text.includes(".")) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (text.charCodeAt(end - 1) === 46 /* . */) end--;
  const trimmed = text.slice(0, end);
  return trimmed === "-0" ? "0" : trimmed;
}

/** The significant digits a spreadsheet keeps and shows of a number (Excel's precision). */
export const SPREADSHEET_DIGITS = 15;

/**
 * A plain decimal text (see plainDecimal) as a spreadsheet shows it: rounded half up to
 * {@link SPREADSHEET_DIGITS} significant digits, trailing zeros after the point dropped. Excel
 * writes a cell's double with 17 digits, so 19.99 typed in a cell is stored as
 * `19.989999999999998`, and `=1.1*3` as `3.3000000000000003`; both show, and mean, 19.99 and 3.3.
 * A text of 15 significant digits or fewer comes back without its trailing zeros (a writer's
 * `<v>3.990</v>` is the number 3.99).
 */
export function spreadsheetNumber(plain: string): string {
  if (significantDigits(plain) <= SPREADSHEET_DIGITS) return withoutTrailingZeros(plain);
  const negative = plain.startsWith("-");
  const body = negative ? plain.slice(1) : plain;
  const dot = body.indexOf(".");
  const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  const intLength = dot < 0 ? body.length : dot;
  let first = 0;
  while (first < digits.length && digits[first] === "0") first++;
  const keep = first + SPREADSHEET_DIGITS;
  // Half up at the first digit dropped, carrying to the left.
  const kept = digits.slice(0, keep).split("").map(Number);
  if (Number(digits[keep]) >= 5) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) kept[i--] = 0;
    if (i >= 0) kept[i]!++;
    else kept.unshift(1);
  }
  const carried = kept.length - keep; // 1 when 99…9 became 100…0
  const whole = kept.slice(0, intLength + carried).join("") + "0".repeat(Math.max(0, intLength + carried - kept.length));
  // Trailing zeros dropped by a loop: a regular expression anchored at the end is quadratic.
  const digitsAfter = kept.slice(intLength + carried);
  while (digitsAfter.length > 0 && digitsAfter[digitsAfter.length - 1] === 0) digitsAfter.pop();
  const fraction = digitsAfter.join("");
  const text = (whole.replace(/^0+(?=\d)/, "") || "0") + (fraction === "" ? "" : `.${fraction}`);
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}
