/**
 * A feed's own way of writing dates (`"dateFormat": "dd/MM/yyyy HH:mm:ss"`), read into the
 * ISO 8601 text the rest of the pipeline reads. Tokens as Unicode date patterns (and date-fns)
 * spell them: `yyyy` the year, `MM`/`M` the month, `dd`/`d` the day, `HH`/`H` the hour of a
 * 24-hour clock, `mm` the minute, `ss` the second; a doubled letter is exactly two digits, a
 * single one one or two. Anything else but letters is written as it stands.
 *
 * A pattern that could be read two ways is refused, not guessed: `mm` before the hour (Excel's
 * `dd/mm/yyyy` means the month; here `mm` is minutes), `hh` (a 12-hour clock without its AM/PM),
 * `yy` (a two-digit year has no century). Text in ISO 8601's own form (`2026-08-20`, as a
 * workbook's date cells are read) is still ISO 8601; a pattern that would read such text as
 * another day (`yyyy-dd-MM`) is refused for that reason.
 */

/** The fields a pattern gives, in ISO 8601's order. */
type Field = "year" | "month" | "day" | "hour" | "minute" | "second";

interface Token {
  readonly field: Field;
  /** Digits: exactly `min` when min = max. */
  readonly min: number;
  readonly max: number;
}

const TOKENS: ReadonlyMap<string, Token> = new Map([
  ["yyyy", { field: "year", min: 4, max: 4 }],
  ["MM", { field: "month", min: 2, max: 2 }],
  ["M", { field: "month", min: 1, max: 2 }],
  ["dd", { field: "day", min: 2, max: 2 }],
  ["d", { field: "day", min: 1, max: 2 }],
  ["HH", { field: "hour", min: 2, max: 2 }],
  ["H", { field: "hour", min: 1, max: 2 }],
  ["mm", { field: "minute", min: 2, max: 2 }],
  ["ss", { field: "second", min: 2, max: 2 }],
]);

/** Why a run of letters is no token, with what to write instead. */
const REFUSED: ReadonlyMap<string, string> = new Map([
  ["yy", "a two-digit year has no century: write yyyy"],
  ["hh", "hh is an hour of a 12-hour clock, which needs AM/PM: write HH (0–23)"],
  ["h", "h is an hour of a 12-hour clock, which needs AM/PM: write H (0–23)"],
  ["m", "m is no token: write M or MM for the month, mm for minutes"],
  ["s", "write ss for seconds (two digits)"],
  ["D", "D is the day of the year: write dd for the day of the month"],
  ["DD", "DD is the day of the year: write dd for the day of the month"],
  ["YYYY", "YYYY is the week-numbering year: write yyyy"],
]);

type Part = { readonly token: Token } | { readonly literal: string };

export interface DatePattern {
  /** The pattern as the config wrote it. */
  readonly text: string;
  /**
   * The ISO 8601 text of a cell written in the pattern (a date alone when the cell gives only
   * the pattern's date part), the cell itself when it is already ISO 8601's own form, or null
   * when it is neither. Calendar checks are left to the ISO reader.
   */
  iso(cell: string): string | null;
  /** The ISO 8601 texts of an interval's two ends, `A/B`, `A,B` or `A B`, each in the pattern or in ISO 8601; null: none. */
  isoInterval(cell: string): readonly [string, string] | null;
}

/** The pattern, or why it cannot be one. */
export function compileDatePattern(text: string): DatePattern | { readonly problem: string } {
  const parts: Part[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (!/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < text.length && !/[A-Za-z\d]/.test(text[j]!)) j++;
      if (j === i) return { problem: `"${text}" has a digit at ${i + 1}: only the tokens and the characters between them can be written` };
      parts.push({ literal: text.slice(i, j) });
      i = j;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] === c) j++;
    const run = text.slice(i, j);
    const token = TOKENS.get(run);
    if (token === undefined) {
      return {
        problem: `"${text}": ${REFUSED.get(run) ?? `"${run}" is not a token (yyyy, MM, M, dd, d, HH, H, mm, ss; other letters cannot be written)`}`,
      };
    }
    parts.push({ token });
    i = j;
  }
  for (let k = 1; k < parts.length; k++) {
    const [before, after] = [parts[k - 1]!, parts[k]!];
    if ("token" in before && "token" in after && (before.token.min !== before.token.max || after.token.min !== after.token.max)) {
      return {
        problem: `"${text}" has a one-letter token beside another with nothing between them, so its digits could be split two ways: write two letters (MM, dd, HH)`,
      };
    }
  }
  const order = parts.flatMap((p) => ("token" in p ? [p.token.field] : []));
  const seen = new Set<Field>();
  for (const field of order) {
    if (seen.has(field)) {
      // Excel's dd/mm/yyyy hh:mm writes the month as mm too.
      const month = field === "minute" && !order.includes("month") ? ": mm is minutes; for the month write MM" : "";
      return { problem: `"${text}" gives the ${field} twice${month}` };
    }
    seen.add(field);
  }
  if (seen.has("minute") && !seen.has("hour")) {
    return { problem: `"${text}" has minutes (mm) but no hour: for the month write MM` };
  }
  for (const field of ["year", "month", "day"] as const) {
    if (!seen.has(field)) return { problem: `"${text}" has no ${field} (${field === "year" ? "yyyy" : field === "month" ? "MM" : "dd"})` };
  }
  if (seen.has("hour") && !seen.has("minute")) return { problem: `"${text}" has an hour but no minutes (mm)` };
  if (seen.has("second") && !seen.has("minute")) return { problem: `"${text}" has seconds but no minutes (mm)` };
  const at = (field: Field) => order.indexOf(field);
  const clock = seen.has("second") ? at("hour") < at("minute") && at("minute") < at("second") : at("minute") > at("hour");
  if (seen.has("hour") && (!clock || Math.max(at("year"), at("month"), at("day")) > at("hour"))) {
    return { problem: `"${text}": the time must follow the date, in hours, minutes, seconds` };
  }
  if (text.startsWith("yyyy-") && at("day") < at("month")) {
    return { problem: `"${text}" would read ISO 8601 dates (year, month, day) with month and day swapped` };
  }
  return new CompiledPattern(text, parts);
}

/** A feed's `dateFormat`, validated with the config: undefined when it has none. */
export function feedDatePattern(text: string | undefined): DatePattern | undefined {
  if (text === undefined) return undefined;
  const pattern = compileDatePattern(text);
  if ("problem" in pattern) throw new RangeError(pattern.problem);
  return pattern;
}

/** ISO 8601's own form, which a date cell may always be written in. */
const ISO_FORM = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}|$)/;
/** An ISO 8601 date-time, or date, at the start of a text: the first end of a window. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?/;
/** An ISO 8601 date at the start of a text: such a text is read as ISO 8601, whatever the pattern. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

class CompiledPattern implements DatePattern {
  /** The parts up to the last date token and its trailing literal-free end: the date alone. */
  private readonly dateParts: readonly Part[];

  constructor(
    readonly text: string,
    private readonly parts: readonly Part[],
  ) {
    const hour = parts.findIndex((p) => "token" in p && p.token.field === "hour");
    let end = hour < 0 ? parts.length : hour;
    while (end > 0 && "literal" in parts[end - 1]!) end--;
    this.dateParts = parts.slice(0, end);
  }

  iso(cell: string): string | null {
    if (ISO_FORM.test(cell)) return cell;
    const fields = new Map<Field, string>();
    let end = match(this.parts, cell, 0, fields);
    let dateOnly = false;
    if (end !== cell.length && this.dateParts.length < this.parts.length) {
      fields.clear();
      end = match(this.dateParts, cell, 0, fields);
      dateOnly = true;
    }
    return end === cell.length ? isoText(fields, dateOnly) : null;
  }

  isoInterval(cell: string): readonly [string, string] | null {
    // Each end is the whole pattern, its date part, or ISO 8601; between them /, a comma or white space.
    for (const at of this.firstEnds(cell)) {
      let sep = at.end;
      while (isSpace(cell.charCodeAt(sep))) sep++;
      if (cell[sep] === "/" || cell[sep] === ",") sep++;
      else if (sep === at.end) continue;
      while (isSpace(cell.charCodeAt(sep))) sep++;
      const end = this.iso(cell.slice(sep));
      if (end !== null) return [at.iso, end];
    }
    return null;
  }

  /** Where a first end could stop in `cell`, with its ISO 8601 text, longest reading first. */
  private *firstEnds(cell: string): Generator<{ readonly end: number; readonly iso: string }> {
    for (const parts of this.dateParts.length < this.parts.length ? [this.parts, this.dateParts] : [this.parts]) {
      const fields = new Map<Field, string>();
      const end = match(parts, cell, 0, fields);
      if (end > 0) yield { end, iso: isoText(fields, parts !== this.parts) };
    }
    for (const prefix of [ISO_INSTANT, ISO_DATE]) {
      const m = prefix.exec(cell);
      if (m !== null) yield { end: m[0].length, iso: m[0] };
    }
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Where the text matched by `parts` from `from` ends in `cell`, filling `fields`; -1: no match. */
function match(parts: readonly Part[], cell: string, from: number, fields: Map<Field, string>): number {
  let at = from;
  for (const part of parts) {
    if ("literal" in part) {
      if (!cell.startsWith(part.literal, at)) return -1;
      at += part.literal.length;
      continue;
    }
    let end = at;
    while (end < cell.length && end - at < part.token.max && cell.charCodeAt(end) >= 48 && cell.charCodeAt(end) <= 57) end++;
    if (end - at < part.token.min) return -1;
    fields.set(part.token.field, cell.slice(at, end).padStart(2, "0"));
    at = end;
  }
  return at;
}

function isoText(fields: ReadonlyMap<Field, string>, dateOnly: boolean): string {
  const date = `${fields.get("year")}-${fields.get("month")}-${fields.get("day")}`;
  if (dateOnly || !fields.has("hour")) return date;
  return `${date}T${fields.get("hour")}:${fields.get("minute")}${fields.has("second") ? `:${fields.get("second")}` : ""}`;
}
