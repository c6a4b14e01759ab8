import { ISO_DATE } from "../time/date-pattern.js";

/** How a file writes its dates, as far as its cells tell: the feed's `dateFormat`, or nothing to set. */
export interface DateGuess {
  /** The pattern to set, or null (ISO 8601, or cells that do not tell). */
  readonly format: string | null;
  /** What the cells showed, for the config's comments; null when there is nothing to say. */
  readonly note: string | null;
}

/** Day, month and year with one separator, and maybe a time: `20/08/2026 20:30:14`, `8.2.2026`, `08-20-2026 07:05`. */
const WRITTEN = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:( )(\d{1,2}):(\d{2})(:\d{2})?)?$/;

/** Whether a cell is a date written otherwise than ISO 8601 (`05.03.2026`, `5/3/2026 13:00`, `2026/03/05`), day or month first. */
export function isWrittenDate(cell: string): boolean {
  const text = cell.trim();
  return WRITTEN.test(text) || SLASHED_ISO.test(text);
}

/** A date written year first with slashes. */
const SLASHED_ISO = /^\d{4}\/\d{1,2}\/\d{1,2}$/;

/**
 * The `dateFormat` of date and time cells written day-first or month-first, from evidence only:
 * a first number above 12 tells day-first, a second above 12 month-first. Cells that tell neither
 * (`03/04/2026` alone) or both, or that mix forms (some with seconds, some without), set nothing,
 * and the note says why. ISO 8601 cells need no pattern and tell nothing.
 */
export function guessDateFormat(cells: Iterable<string>): DateGuess {
  const written: RegExpExecArray[] = [];
  const odd: string[] = [];
  for (const cell of cells) {
    const text = cell.trim();
    if (text === "" || ISO_DATE.test(text)) continue;
    const ends = datesIn(text);
    if (ends === null) odd.push(text);
    else written.push(...ends);
  }
  // A few odd cells (N/A, a typo) are rows check will reject; more say the column is something else.
  if (written.length === 0 || odd.length * 5 > written.length) {
    return {
      format: null,
      note:
        written.length === 0
          ? null
          : `TODO dates: cells like ${JSON.stringify(odd[0])} are neither ISO 8601 nor in one form a dateFormat reads`,
    };
  }
  const example = JSON.stringify(written[0]![0]);
  const dayFirst = written.find((m) => Number(m[1]) > 12);
  const monthFirst = written.find((m) => Number(m[3]) > 12);
  if (dayFirst !== undefined && monthFirst !== undefined) {
    return {
      format: null,
      note: `TODO dates: ${JSON.stringify(dayFirst[0])} is day-first and ${JSON.stringify(monthFirst[0])} month-first: set the feed's dateFormat to the one meant; check rejects the others`,
    };
  }
  if (dayFirst === undefined && monthFirst === undefined) {
    return {
      format: null,
      note: `TODO dates: cells like ${example} may be day-first or month-first: set dateFormat ("dd/MM/yyyy" or "MM/dd/yyyy", with the separator the file uses)`,
    };
  }
  const separators = new Set(written.map((m) => m[2]));
  const timed = written.filter((m) => m[6] !== undefined);
  const times = new Set(timed.map((m) => `${m[5]}${m[8] === undefined ? "" : "s"}`));
  if (separators.size > 1 || times.size > 1) {
    return {
      format: null,
      note: `TODO dates: the cells are written in more than one form (e.g. ${example}): set dateFormat to the one meant`,
    };
  }
  const width = (index: number, two: string) => (written.every((m) => m[index]!.length === 2) ? two : two[0]!);
  const [first, second] = dayFirst !== undefined ? [width(1, "dd"), width(3, "MM")] : [width(1, "MM"), width(3, "dd")];
  const separator = written[0]![2]!;
  let format = `${first}${separator}${second}${separator}yyyy`;
  if (timed.length > 0) {
    const hour = timed.every((m) => m[6]!.length === 2) ? "HH" : "H";
    format += `${timed[0]![5]}${hour}:mm${timed[0]![8] === undefined ? "" : ":ss"}`;
  }
  const told = (dayFirst ?? monthFirst)![0];
  const misfit = odd.length === 0 ? "" : `; ${odd.length} cell(s) like ${JSON.stringify(odd[0])} do not fit: check will reject their rows`;
  return { format, note: `dates: ${dayFirst !== undefined ? "day" : "month"}-first from cells like ${JSON.stringify(told)}${misfit}` };
}

/**
 * The dates written in a cell, one or a window of two (separated by /, a comma or spaces); null
 * when it holds none, or a number above 12 in both places (no day-first or month-first date).
 */
function datesIn(text: string): RegExpExecArray[] | null {
  const one = writtenDate(text);
  if (one !== undefined) return one === null ? null : [one];
  for (let at = 1; at < text.length - 1; at++) {
    const c = text[at]!;
    if (c !== "/" && c !== "," && c !== " ") continue;
    const start = writtenDate(text.slice(0, at).trim());
    const end = writtenDate(text.slice(at + 1).trim());
    if (start && end) return [start, end];
  }
  return null;
}

/** A date written day or month first; null for one no calendar has either way; undefined: none. */
function writtenDate(text: string): RegExpExecArray | null | undefined {
  const m = WRITTEN.exec(text);
  if (m === null) return undefined;
  return Number(m[1]) > 12 && Number(m[3]) > 12 ? null : m;
}
