import type { DecimalMark } from "./number-text.js";
import { builtinDateKind, formatCodeKind, type DateKind } from "./xlsx-values.js";

/**
 * What a cell's number format does to the number the sheet shows, decided once per format: a
 * user reads the shown text, so a format that adds to the number is read with it. Most formats
 * only round, group or colour it (General, `0.00`, `#,##0.00`, `[Red]-0.00`): the number is read
 * as stored. Dates and times are dates. Leading zeros (`0000` shows 801 as `0801`), text
 * (`"SKU-"0000`, `0.00 "EUR"`), a currency (`[$$-409]#,##0.00` shows `$10.00`) and a percent
 * (`0%` shows 0.15 as `15%`) make the text shown, judged as the same text in a CSV cell is. A
 * format whose shown text no longer holds the number (thousands `#,##0,`, words for a zero, a
 * currency whose symbol is the computer's) refuses the number.
 */

/** How one section of a format shows a number: the text around it, and its digits. */
export interface ShownSection {
  /** Why a number in this section cannot be read as shown (the rest of `cell C2 holds 12345, …`), or null. */
  readonly refused: string | null;
  /** Text before and after the digits, currency symbols and `%` included. */
  readonly prefix: string;
  readonly suffix: string;
  /** Placeholders and text inside the integer digits (`000-0000`), or null when there is no text there. */
  readonly integer: readonly IntegerToken[] | null;
  /** The integer and fraction digits shown at least (`0000` shows 4, `0.00` 2 decimals). */
  readonly minInteger: number;
  readonly minFraction: number;
  /** How many times the number is multiplied by 100 (each `%`). */
  readonly percent: number;
  /** Only digits shown (leading zeros): a number, read as the feed's typed numbers are. */
  readonly numeric: boolean;
}

/** A digit placeholder (`0`, `#`, `?`) or text between them. */
export type IntegerToken = { readonly placeholder: "0" | "#" | "?" } | { readonly text: string };

interface Condition {
  readonly op: string;
  readonly value: number;
}

/** A cell format's reading of the numbers it formats. */
export type NumberFormat =
  | { readonly type: "plain" }
  | { readonly type: "date"; readonly kind: DateKind }
  | { readonly type: "refused"; readonly reason: string }
  | {
      readonly type: "shown";
      /** The sections for numbers (up to three: positive, negative, zero), null where one reads the number as stored. */
      readonly sections: readonly (ShownSection | null)[];
      /** Each section's condition (`[<=9999999]`), or null when no section has one. */
      readonly conditions: readonly (Condition | null)[] | null;
    };

export const PLAIN_FORMAT: NumberFormat = { type: "plain" };

/** Built-in formats (ECMA-376 Part 1, §18.8.30) that add to a number: percentages. */
const BUILTIN_CODES: ReadonlyMap<number, string> = new Map([
  [9, "0%"],
  [10, "0.00%"],
]);

/** Built-in currency formats whose symbol is the one of the computer that shows them (`"$"#,##0.00` in the US). */
const LOCALE_CURRENCY = new Set([5, 6, 7, 8, 42, 44]);

/** The reading of a cell format's number format: `code` is its custom format code, undefined for a built-in one. */
export function numberFormat(id: number, code: string | undefined): NumberFormat {
  if (code === undefined) {
    const kind = builtinDateKind(id);
    if (kind !== null) return { type: "date", kind };
    if (LOCALE_CURRENCY.has(id)) {
      return {
        type: "refused",
        reason: `but its number format is Excel's built-in currency format ${id}, which shows the currency symbol of the computer it is opened on: give the cell a format with its currency symbol, or a plain number format`,
      };
    }
    const builtin = BUILTIN_CODES.get(id);
    return builtin === undefined ? PLAIN_FORMAT : numberFormat(id, builtin);
  }
  const kind = formatCodeKind(code);
  if (kind !== null) return { type: "date", kind };
  const parts = splitSections(code);
  // A fourth section formats text; one holding `@` formats text, and numbers show as General.
  const numeric = parts.slice(0, 3).filter((part, k) => k === 0 || !part.includes("@"));
  if (numeric.length === 1 && numeric[0]!.includes("@")) return PLAIN_FORMAT;
  const conditions = numeric.map(condition);
  // With conditions, a section is for the numbers they say, not for a sign: its text is all shown.
  const signed = conditions.every((c) => c === null);
  const sections = numeric.map((part, k) => readSection(part, signed ? k : 0, code));
  if (sections.every((s) => s === null)) return PLAIN_FORMAT;
  return { type: "shown", sections, conditions: signed ? null : conditions };
}

/**
 * The section of a format a number falls in (`plain`, its decimal text), as Excel picks it: by
 * the sections' conditions (`[<=9999999]`) when they have any; else the first for every number
 * of a one-section format, for positive numbers and zero of a two-section one, and the second
 * for negative numbers, the third for zero. Null when the number is read as stored.
 */
export function sectionOf(format: Extract<NumberFormat, { type: "shown" }>, plain: string): ShownSection | null {
  const { sections, conditions } = format;
  if (conditions !== null) {
    const value = Number(plain);
    for (let k = 0; k < sections.length; k++) {
      const c = conditions[k];
      if (c === null || c === undefined || holds(c, value)) return sections[k]!;
    }
    return sections[sections.length - 1]!;
  }
  if (sections.length === 1) return sections[0]!;
  if (plain.charCodeAt(0) === 45 /* - */ && hasNonZeroDigit(plain)) return sections[1]!;
  if (sections.length >= 3 && !hasNonZeroDigit(plain)) return sections[2]!;
  return sections[0]!;
}

/**
 * The text a number (`plain`, its decimal text, as Excel shows it) shows in `section`: its sign,
 * the section's text around its digits, percent applied, leading zeros and trailing decimals as
 * the section asks, and `decimal` as its decimal mark. Its digits are all kept, never rounded
 * to the decimals shown, as a number in a plain format is read; nor grouped.
 */
export function showNumber(plain: string, section: ShownSection, decimal: DecimalMark): string {
  const negative = plain.charCodeAt(0) === 45 && hasNonZeroDigit(plain);
  let digits = plain.charCodeAt(0) === 45 ? plain.slice(1) : plain;
  if (section.percent > 0) digits = movePoint(digits, 2 * section.percent);
  const point = digits.indexOf(".");
  let fraction = point < 0 ? "" : digits.slice(point + 1);
  let whole = (point < 0 ? digits : digits.slice(0, point)).replace(/^0+/, "");
  whole = section.integer === null ? whole.padStart(Math.max(1, section.minInteger), "0") : placeDigits(whole, section.integer);
  if (fraction.length < section.minFraction) fraction = fraction.padEnd(section.minFraction, "0");
  return `${negative ? "-" : ""}${section.prefix}${whole}${fraction === "" ? "" : decimal + fraction}${section.suffix}`;
}

function hasNonZeroDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

/** `text` without the zeros that end it, by a scan: `/0+$/` tries every start in a run of zeros, quadratic in its length. */
function withoutTrailingZeros(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 48) end--;
  return text.slice(0, end);
}

/** A plain decimal text (no sign) with its point moved `places` to the right: `0.155` → `15.5`. */
function movePoint(digits: string, places: number): string {
  const point = digits.indexOf(".");
  const whole = point < 0 ? digits : digits.slice(0, point);
  const fraction = (point < 0 ? "" : digits.slice(point + 1)).padEnd(places, "0");
  const moved = (whole + fraction.slice(0, places)).replace(/^0+(?=\d)/, "");
  const rest = withoutTrailingZeros(fraction.slice(places));
  return rest === "" ? moved : `${moved}.${rest}`;
}

/** Integer digits placed in placeholders from the right, as Excel does: the leftmost takes those left over. */
function placeDigits(digits: string, tokens: readonly IntegerToken[]): string {
  let out = "";
  let left = digits.length;
  const first = tokens.findIndex((t) => "placeholder" in t);
  for (let k = tokens.length - 1; k >= 0; k--) {
    const token = tokens[k]!;
    if ("text" in token) {
      out = token.text + out;
      continue;
    }
    const take = k === first ? left : Math.min(1, left);
    if (take > 0) {
      out = digits.slice(left - take, left) + out;
      left -= take;
    } else if (token.placeholder === "0") out = `0${out}`;
    else if (token.placeholder === "?") out = ` ${out}`;
  }
  return out;
}

/** A format code's sections, split at `;` outside quotes, brackets and escapes. */
function splitSections(code: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      i = close < 0 ? code.length : close;
    } else if (c === "[") {
      const close = code.indexOf("]", i + 1);
      i = close < 0 ? code.length : close;
    } else if (c === "\\" || c === "_" || c === "*") i++;
    else if (c === ";") {
      parts.push(code.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(code.slice(from));
  return parts;
}

/** A section's condition (`[<=9999999]`), or null. */
function condition(part: string): Condition | null {
  const match = /\[(<=|>=|<>|<|>|=)\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\]/.exec(part);
  return match === null ? null : { op: match[1]!, value: Number(match[2]) };
}

function holds(c: Condition, value: number): boolean {
  switch (c.op) {
    case "<":
      return value < c.value;
    case "<=":
      return value <= c.value;
    case ">":
      return value > c.value;
    case ">=":
      return value >= c.value;
    case "=":
      return value === c.value;
    default:
      return value !== c.value;
  }
}

type Token =
  | { readonly kind: "digit"; readonly char: "0" | "#" | "?" }
  | { readonly kind: "general" }
  | { readonly kind: "point" }
  | { readonly kind: "comma" }
  | { readonly kind: "text"; readonly text: string };

/**
 * How section `k` of a format shows a number, or null when it reads as stored: it adds no text
 * but spaces and its sign, no percent, no leading zero. The second section is for negative numbers
 * (its `-`, or parentheses, are the sign), the third for zero (its `-` a zero); the first, or any
 * section of a format with conditions, has no sign of its own. `code` is the whole format, for messages.
 */
function readSection(part: string, k: number, code: string): ShownSection | null {
  const tokens: Token[] = [];
  let percent = 0;
  let scientific = false;
  let fraction = false;
  let seenPoint = false;
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '"') {
      const close = part.indexOf('"', i + 1);
      const end = close < 0 ? part.length : close;
      tokens.push({ kind: "text", text: part.slice(i + 1, end) });
      i = end;
    } else if (c === "\\") {
      if (i + 1 < part.length) tokens.push({ kind: "text", text: part[++i]! });
    } else if (c === "_") {
      i++;
      tokens.push({ kind: "text", text: " " }); // a space as wide as the next character
    } else if (c === "*") {
      i++; // the next character repeated to fill the cell's width
    } else if (c === "[") {
      const close = part.indexOf("]", i + 1);
      const end = close < 0 ? part.length : close;
      const inner = part.slice(i + 1, end);
      // `[$€-407]`: a currency symbol (before the locale); `[$-409]` a locale alone; colours and conditions show nothing.
      if (inner.startsWith("$")) {
        const dash = inner.indexOf("-", 1);
        const symbol = inner.slice(1, dash < 0 ? inner.length : dash);
        if (symbol !== "") tokens.push({ kind: "text", text: symbol });
      }
      i = end;
    } else if (c === "0" || c === "#" || c === "?") {
      tokens.push({ kind: "digit", char: c });
    } else if (c === "." && !seenPoint) {
      seenPoint = true;
      tokens.push({ kind: "point" });
    } else if (c === ",") {
      tokens.push({ kind: "comma" });
    } else if (c === "%") {
      percent++;
      tokens.push({ kind: "text", text: "%" });
    } else if ((c === "E" || c === "e") && (part[i + 1] === "+" || part[i + 1] === "-")) {
      scientific = true;
      i++;
    } else if (c === "/" && tokens[tokens.length - 1]?.kind === "digit" && /[0#?1-9]/.test(part[i + 1] ?? "")) {
      fraction = true;
    } else if (part.slice(i, i + 7).toLowerCase() === "general") {
      tokens.push({ kind: "general" });
      i += 6;
    } else {
      tokens.push({ kind: "text", text: c });
    }
  }
  const isNumber = (t: Token) => t.kind === "digit" || t.kind === "general";
  const first = tokens.findIndex(isNumber);
  const last = tokens.findLastIndex(isNumber);
  const shown = JSON.stringify(code);
  if (first < 0) {
    // No digits: the section shows its text alone (a dash for zero, `"free"`), or nothing.
    const text = tokens.map((t) => (t.kind === "text" ? t.text : "")).join("");
    if (text.replaceAll("-", "").trim() === "") return null;
    return refusing(`but its number format ${shown} shows it as ${JSON.stringify(text.trim())}, without the number`);
  }
  let prefix = textOf(tokens.slice(0, first)).trimStart();
  let suffix = textOf(tokens.slice(last + 1)).trimEnd();
  const signed = k >= 1 && (prefix.startsWith("-") || (k === 1 && prefix.startsWith("(")));
  if (signed) prefix = prefix.slice(1).trimStart();
  if (k === 1 && (suffix.endsWith(")") || suffix.endsWith("-"))) suffix = suffix.slice(0, -1).trimEnd();
  // The negative section's minus beside the digits, after a currency symbol (`"€" -#,##0.00`, Dutch
  // Excel) or before one (`#,##0.00- €`): the sign the number is shown with, as at either end.
  else if (k === 1 && !signed && prefix.endsWith("-")) prefix = prefix.slice(0, -1);
  else if (k === 1 && !signed && suffix.startsWith("-")) suffix = suffix.slice(1);
  const decorated = prefix !== "" || suffix !== "" || percent > 0;
  if (scientific || fraction) {
    // The digits are shown otherwise (1.23E+03, 1 1/4): read as stored, unless the section adds text to them.
    if (!decorated) return null;
    return refusing(
      `but its number format ${shown} adds text to a number it shows in a form pricelint does not read: give the cell a plain number format`,
    );
  }
  if (tokens.slice(last + 1).some((t) => t.kind === "comma") || commaBeforePoint(tokens, first, last)) {
    return refusing(
      `but its number format ${shown} shows it divided by 1000 (a comma after the digits): store the number shown, or drop the comma`,
    );
  }
  let minInteger = 0;
  let minFraction = 0;
  let infix = false;
  const integer: IntegerToken[] = [];
  let inFraction = false;
  for (let j = first; j <= last; j++) {
    const t = tokens[j]!;
    if (t.kind === "point") inFraction = true;
    else if (t.kind === "digit") {
      if (inFraction) minFraction += t.char === "0" ? 1 : 0;
      else {
        minInteger += t.char === "0" ? 1 : 0;
        integer.push({ placeholder: t.char });
      }
    } else if (t.kind === "text") {
      // Text between the digits (`000-0000`); spaces alone there group them, as commas do, and are not read.
      if (t.text.trim() === "") {
        if (!inFraction) integer.push({ text: t.text });
        continue;
      }
      if (inFraction) {
        return refusing(
          `but its number format ${shown} puts text between its decimals, which pricelint does not read: give the cell a plain number format`,
        );
      }
      infix = true;
      integer.push({ text: t.text });
    }
  }
  if (!decorated && !infix && minInteger <= 1) return null;
  return {
    refused: null,
    prefix,
    suffix,
    integer: infix ? integer : null,
    minInteger,
    minFraction,
    percent,
    numeric: !decorated && !infix,
  };
}

/** A section that refuses its numbers, saying why. */
function refusing(refused: string): ShownSection {
  return { refused, prefix: "", suffix: "", integer: null, minInteger: 0, minFraction: 0, percent: 0, numeric: false };
}

function textOf(tokens: readonly Token[]): string {
  let text = "";
  for (const t of tokens) if (t.kind === "text") text += t.text;
  return text;
}

/** Whether a comma follows the last integer placeholder (`0,.00`): it divides by 1000, as one after the digits does. */
function commaBeforePoint(tokens: readonly Token[], first: number, last: number): boolean {
  for (let j = first; j <= last; j++) {
    const t = tokens[j]!;
    if (t.kind === "point") return false;
    if (t.kind !== "comma") continue;
    let next = j + 1;
    while (next <= last && tokens[next]!.kind === "comma") next++;
    if (next > last || tokens[next]!.kind === "point") return true;
  }
  return false;
}
